//! WAV (RIFF/WAVE) reading from bytes, through the `hound` crate: PCM integer 8/16/24/32-bit
//! and IEEE float 32-bit, `WAVE_FORMAT_EXTENSIBLE` included, any number of channels (averaged to
//! mono). Errors name `wav`.

use std::io::Cursor;

use crate::error::{Error, Result};

use super::{invalid, MAX_RATE, MIN_RATE};

/// A sample at or above this magnitude (of full scale) counts as clipped.
pub(crate) const CLIP_LEVEL: f32 = 0.999;

/// Decoded audio.
#[derive(Debug, Clone, PartialEq)]
pub struct WavAudio {
    /// Mono samples in [-1, 1] (the mean of the channels).
    pub samples: Vec<f32>,
    /// Sample rate from the header, Hz.
    pub sample_rate: u32,
    /// Channels in the file.
    pub channels: u16,
    /// Bits per sample (valid bits for `WAVE_FORMAT_EXTENSIBLE`).
    pub bits_per_sample: u16,
    /// True for IEEE float samples.
    pub float: bool,
    /// Sample frames where any channel is at or above 99.9 % of full scale.
    pub clipped_frames: u64,
    /// True when the data chunk declares more bytes than the file holds: the complete frames
    /// present were decoded.
    pub truncated: bool,
}

fn wav_error(expected: impl Into<String>) -> Error {
    invalid("wav", expected)
}

fn hound_error(e: hound::Error) -> Error {
    match e {
        hound::Error::IoError(_) => wav_error(
            "a complete RIFF/WAVE header (RIFF…WAVE, a `fmt ` chunk, then a `data` chunk); the \
             bytes end before the header does",
        ),
        hound::Error::FormatError(reason) => {
            wav_error(format!("a well-formed RIFF/WAVE file ({reason})"))
        }
        hound::Error::Unsupported
        | hound::Error::TooWide
        | hound::Error::InvalidSampleFormat
        | hound::Error::UnfinishedSample => wav_error(
            "PCM integer samples of 8, 16, 24 or 32 bits or IEEE float samples of 32 bits \
             (compressed and other encodings are not supported)",
        ),
    }
}

/// What the header said and what decoding found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WavInfo {
    pub sample_rate: u32,
    pub channels: u16,
    pub bits_per_sample: u16,
    pub float: bool,
    pub frames: u64,
    pub clipped_frames: u64,
    pub truncated: bool,
}

/// Mono frames handed to the sink at a time.
const CHUNK_FRAMES: usize = 4096;

/// Decodes WAV bytes, handing mono chunks of at most 4096 frames to `sink` (with the sample
/// rate), so that a long file never needs a second full copy in memory. Errors as [`read_wav`].
pub(crate) fn decode<F>(bytes: &[u8], max_duration_s: u64, mut sink: F) -> Result<WavInfo>
where
    F: FnMut(u32, &[f32]) -> Result<()>,
{
    let reader = hound::WavReader::new(Cursor::new(bytes)).map_err(hound_error)?;
    let spec = reader.spec();
    let rate = spec.sample_rate;
    if !(MIN_RATE..=MAX_RATE).contains(&rate) {
        return Err(invalid(
            "wav.sample_rate",
            format!("a sample rate from {MIN_RATE} to {MAX_RATE} Hz (the header says {rate})"),
        ));
    }
    let channels = spec.channels.max(1);
    let bits = spec.bits_per_sample;
    let container = u64::from(bits.div_ceil(8).max(1)) * u64::from(channels);
    // The declared length may exceed what the bytes hold (a truncated file): bound it by both.
    let frames_declared = u64::from(reader.duration());
    let frames_possible = bytes.len() as u64 / container;
    let frames = frames_declared.min(frames_possible);
    let max_frames = max_duration_s.saturating_mul(u64::from(rate));
    if frames > max_frames {
        return Err(Error::LimitExceeded {
            what: "audio duration in seconds".into(),
            limit: max_duration_s,
            actual: frames.div_ceil(u64::from(rate)),
        });
    }
    let float = spec.sample_format == hound::SampleFormat::Float;
    let mut info = WavInfo {
        sample_rate: rate,
        channels,
        bits_per_sample: bits,
        float,
        frames: 0,
        clipped_frames: 0,
        truncated: false,
    };
    // Fast path: the common layouts are converted straight from the byte slice; anything else
    // (24-bit in 4-byte containers, odd extensible layouts) goes through hound sample by sample.
    let declared_samples = reader.len() as usize;
    let data_start = reader.into_inner().position() as usize;
    let container = fmt_block_align(bytes).map(|b| usize::from(b) / usize::from(channels));
    let fast = match (float, bits, container) {
        (false, 8, Some(1)) | (false, 16, Some(2)) | (false, 24, Some(3)) => container,
        (false, 32, Some(4)) | (true, 32, Some(4)) => container,
        _ => None,
    };
    match fast {
        Some(width) => decode_slice(
            bytes.get(data_start..).unwrap_or(&[]),
            width,
            declared_samples,
            &mut info,
            &mut sink,
        )?,
        None => decode_hound(bytes, &mut info, &mut sink)?,
    }
    if info.frames == 0 {
        return Err(wav_error(
            "at least one complete sample frame in the `data` chunk (it is empty)",
        ));
    }
    Ok(info)
}

/// `nBlockAlign` of the `fmt ` chunk, walking chunks as hound does (no pad byte).
fn fmt_block_align(bytes: &[u8]) -> Option<u16> {
    let mut at = 12usize;
    for _ in 0..64 {
        let id = bytes.get(at..at + 4)?;
        let len = u32::from_le_bytes(bytes.get(at + 4..at + 8)?.try_into().ok()?) as usize;
        if id == b"fmt " {
            let b = bytes.get(at + 8 + 12..at + 8 + 14)?;
            return Some(u16::from_le_bytes([b[0], b[1]]));
        }
        at = at.checked_add(8)?.checked_add(len)?;
    }
    None
}

/// Collects mono frames and hands them on in chunks.
struct Downmix<'a, F> {
    channels: usize,
    mono: Vec<f32>,
    info: &'a mut WavInfo,
    sink: &'a mut F,
    rate: u32,
}

impl<F: FnMut(u32, &[f32]) -> Result<()>> Downmix<'_, F> {
    fn frame(&mut self, values: &[f32]) -> Result<()> {
        let mut sum = 0.0f32;
        let mut clip = false;
        for &x in values {
            sum += x;
            clip |= x.abs() >= CLIP_LEVEL;
        }
        self.info.clipped_frames += u64::from(clip);
        self.info.frames += 1;
        self.mono.push(sum / self.channels as f32);
        if self.mono.len() == CHUNK_FRAMES {
            (self.sink)(self.rate, &self.mono)?;
            self.mono.clear();
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if !self.mono.is_empty() {
            (self.sink)(self.rate, &self.mono)?;
            self.mono.clear();
        }
        Ok(())
    }
}

/// Converts one little-endian sample of `width` bytes (values equal hound's, scaled).
#[inline]
fn sample(b: &[u8], width: usize, float: bool) -> f32 {
    match (width, float) {
        (1, _) => (i32::from(b[0]) - 128) as f32 * (1.0 / 128.0),
        (2, _) => f32::from(i16::from_le_bytes([b[0], b[1]])) * (1.0 / 32768.0),
        (3, _) => {
            let v = i32::from_le_bytes([0, b[0], b[1], b[2]]) >> 8;
            v as f32 * (1.0 / 8_388_608.0)
        }
        (_, true) => f32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        _ => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f32 * (1.0 / 2_147_483_648.0),
    }
}

fn decode_slice<F: FnMut(u32, &[f32]) -> Result<()>>(
    data: &[u8],
    width: usize,
    declared_samples: usize,
    info: &mut WavInfo,
    sink: &mut F,
) -> Result<()> {
    let ch = usize::from(info.channels);
    let float = info.float;
    let frame_bytes = width * ch;
    let declared_frames = declared_samples / ch;
    let available = data.len() / frame_bytes;
    info.truncated = available < declared_frames;
    let n = declared_frames.min(available);
    let rate = info.sample_rate;
    let mut mix = Downmix {
        channels: ch,
        mono: Vec::with_capacity(CHUNK_FRAMES),
        info,
        sink,
        rate,
    };
    let mut values = vec![0.0f32; ch];
    for (k, frame) in data.chunks_exact(frame_bytes).take(n).enumerate() {
        for (v, b) in values.iter_mut().zip(frame.chunks_exact(width)) {
            *v = sample(b, width, float);
        }
        if float && values.iter().any(|v| !v.is_finite()) {
            return Err(wav_error(format!(
                "finite float samples (NaN or infinity at sample frame {k})"
            )));
        }
        mix.frame(&values)?;
    }
    mix.flush()
}

fn decode_hound<F: FnMut(u32, &[f32]) -> Result<()>>(
    bytes: &[u8],
    info: &mut WavInfo,
    sink: &mut F,
) -> Result<()> {
    let mut reader = hound::WavReader::new(Cursor::new(bytes)).map_err(hound_error)?;
    let ch = usize::from(info.channels);
    let float = info.float;
    // Full scale of a `bits`-bit integer: 2^(bits − 1), exact in f32.
    let scale = 1.0 / (1u64 << (info.bits_per_sample.clamp(1, 32) - 1)) as f32;
    let rate = info.sample_rate;
    let mut truncated = false;
    let mut mix = Downmix {
        channels: ch,
        mono: Vec::with_capacity(CHUNK_FRAMES),
        info,
        sink,
        rate,
    };
    let mut values: Vec<f32> = Vec::with_capacity(ch);
    let mut k = 0usize;
    loop {
        let next = if float {
            reader.samples::<f32>().next()
        } else {
            reader
                .samples::<i32>()
                .next()
                .map(|r| r.map(|v| v as f32 * scale))
        };
        match next {
            None => break,
            Some(Ok(v)) if v.is_finite() => values.push(v),
            Some(Ok(_)) => {
                return Err(wav_error(format!(
                    "finite float samples (NaN or infinity at sample frame {})",
                    k / ch
                )))
            }
            Some(Err(hound::Error::IoError(_))) => {
                truncated = true;
                break;
            }
            Some(Err(e)) => return Err(hound_error(e)),
        }
        k += 1;
        if values.len() == ch {
            mix.frame(&values)?;
            values.clear();
        }
    }
    mix.flush()?;
    mix.info.truncated = truncated;
    Ok(())
}

/// Reads WAV bytes into mono `f32` samples.
///
/// Errors: [`Error::InvalidArgument`] naming `wav` for a truncated or malformed header, an
/// unsupported encoding, no sample frames, or non-finite float samples; naming
/// `wav.sample_rate` for a rate outside 8000–192000 Hz; [`Error::LimitExceeded`] when the audio
/// is longer than `max_duration_s` seconds.
pub fn read_wav(bytes: &[u8], max_duration_s: u64) -> Result<WavAudio> {
    let mut samples = Vec::new();
    let info = decode(bytes, max_duration_s, |_, chunk| {
        samples.extend_from_slice(chunk);
        Ok(())
    })?;
    Ok(WavAudio {
        samples,
        sample_rate: info.sample_rate,
        channels: info.channels,
        bits_per_sample: info.bits_per_sample,
        float: info.float,
        clipped_frames: info.clipped_frames,
        truncated: info.truncated,
    })
}
