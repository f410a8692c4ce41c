//! The streaming analyzer and the summary statistics computed when the stream ends.

use crate::error::{Error, Result};

use super::detmath::{log10, log2};
use super::fillers::{count_fillers, count_words};
use super::pitch::{FrameData, FrameEngine, HOP, WINDOW};
use super::resample::{Resampler, ANALYSIS_RATE};
use super::wav::CLIP_LEVEL;
use super::{
    invalid, F0Frame, F0Stats, FillerStats, Loudness, PauseStats, SpeechRate, SpeechRateMethod,
    Transcript, VoiceConfig, VoiceFeatures, Warning, MAX_RATE, MIN_RATE,
};

/// Seconds per 10 ms frame or block.
const STEP_S: f64 = HOP as f64 / ANALYSIS_RATE as f64;
/// Audio shorter than this gets a `short_audio` warning.
const SHORT_AUDIO_S: f64 = 0.25;
/// Sounding stretches shorter than this (clicks) do not end a pause.
const MIN_SOUNDING_BLOCKS: usize = 5;
/// Voiced runs shorter than this many frames are dropped as spurious.
const MIN_VOICED_RUN: usize = 3;
/// Aperiodic 10 ms blocks needed to estimate a noise floor (0.1 s).
const MIN_NOISE_BLOCKS: usize = 10;
/// Level floor for dB conversions (mean square), i.e. −120 dBFS.
const MS_FLOOR: f64 = 1e-12;
/// Frames on each side averaged into the intensity contour for syllable nuclei (70 ms).
const SYLLABLE_SMOOTH: usize = 2;

/// Streaming voice-feature extraction: push mono PCM in chunks of any size, then
/// [`finish`](VoiceAnalyzer::finish). The features equal those of [`super::analyze`] on the
/// concatenated samples, bit for bit, whatever the chunking.
///
/// ```
/// use interviewkit_core::voice::{analyze, VoiceAnalyzer, VoiceConfig};
///
/// let rate = 16_000;
/// let tone: Vec<f32> = (0..rate)
///     .map(|i| 0.5 * (2.0 * std::f32::consts::PI * 150.0 * i as f32 / rate as f32).sin())
///     .collect();
/// let config = VoiceConfig::default();
/// let mut a = VoiceAnalyzer::new(rate, &config).unwrap();
/// for chunk in tone.chunks(160) {
///     a.push_f32(chunk).unwrap();
/// }
/// let streamed = a.finish().unwrap();
/// assert_eq!(streamed, analyze(&tone, rate, &config).unwrap());
/// let median = streamed.f0.median_hz.unwrap();
/// assert!((median - 150.0).abs() < 1.5);
/// ```
#[derive(Debug, Clone)]
pub struct VoiceAnalyzer {
    config: VoiceConfig,
    sample_rate: u32,
    resampler: Resampler,
    engine: FrameEngine,
    scratch: Vec<f32>,
    n_in: u64,
    clipped: u64,
    max_samples: u64,
    pub(crate) extra_warnings: Vec<Warning>,
    pub(crate) clipped_override: Option<u64>,
}

impl VoiceAnalyzer {
    /// An analyzer for mono audio at `sample_rate` Hz (8000–192000).
    ///
    /// Errors: [`Error::InvalidArgument`] naming `sample_rate`, or the `config` field at fault.
    pub fn new(sample_rate: u32, config: &VoiceConfig) -> Result<VoiceAnalyzer> {
        config.validate()?;
        check_rate(sample_rate, "sample_rate")?;
        Ok(VoiceAnalyzer {
            config: config.clone(),
            sample_rate,
            resampler: Resampler::new(sample_rate),
            engine: FrameEngine::new(config.f0_min, config.f0_max, config.yin_threshold),
            scratch: Vec::new(),
            n_in: 0,
            clipped: 0,
            max_samples: config.max_duration_s.saturating_mul(u64::from(sample_rate)),
            extra_warnings: Vec::new(),
            clipped_override: None,
        })
    }

    /// Samples received so far.
    pub fn samples_received(&self) -> u64 {
        self.n_in
    }

    fn check_limit(&self, more: usize) -> Result<()> {
        let total = self.n_in + more as u64;
        if total > self.max_samples {
            return Err(Error::LimitExceeded {
                what: "audio duration in seconds".into(),
                limit: self.config.max_duration_s,
                actual: total.div_ceil(u64::from(self.sample_rate)),
            });
        }
        Ok(())
    }

    /// Pushes float samples (full scale ±1; louder values count as clipped).
    ///
    /// Errors: [`Error::InvalidArgument`] naming `samples[i]` (`i` counted from the first sample
    /// of the stream) for a NaN or infinite sample; [`Error::LimitExceeded`] past
    /// `max_duration_s`. Nothing of a refused chunk is kept.
    pub fn push_f32(&mut self, samples: &[f32]) -> Result<()> {
        if let Some(i) = samples.iter().position(|v| !v.is_finite()) {
            return Err(invalid(
                &format!("samples[{}]", self.n_in + i as u64),
                "finite numbers (this sample is NaN or infinite)",
            ));
        }
        self.check_limit(samples.len())?;
        self.feed(samples);
        Ok(())
    }

    /// Pushes 16-bit samples (scaled by 1/32768, exactly as `push_f32` of the scaled values).
    ///
    /// Errors: [`Error::LimitExceeded`] past `max_duration_s`.
    pub fn push_i16(&mut self, samples: &[i16]) -> Result<()> {
        self.check_limit(samples.len())?;
        let mut buf = [0.0f32; 1024];
        for chunk in samples.chunks(buf.len()) {
            for (b, s) in buf.iter_mut().zip(chunk) {
                *b = f32::from(*s) / 32768.0;
            }
            let n = chunk.len();
            self.feed(&buf[..n]);
        }
        Ok(())
    }

    fn feed(&mut self, samples: &[f32]) {
        self.n_in += samples.len() as u64;
        self.clipped += samples.iter().filter(|v| v.abs() >= CLIP_LEVEL).count() as u64;
        self.resampler.push(samples, &mut self.scratch);
        self.engine.push(&self.scratch);
        self.scratch.clear();
    }

    /// Ends the stream and returns the pitch track: one entry per 10 ms frame.
    ///
    /// Errors: [`Error::InvalidArgument`] naming `samples` when nothing was pushed.
    pub fn finish_track(mut self) -> Result<Vec<F0Frame>> {
        if self.n_in == 0 {
            return Err(invalid(
                "samples",
                "at least one sample (the audio is empty)",
            ));
        }
        self.resampler.finish(&mut self.scratch);
        self.engine.push(&self.scratch);
        self.scratch.clear();
        self.engine.finish();
        let d = decide(&self.engine, &self.config);
        Ok(self
            .engine
            .frames
            .iter()
            .zip(&d.voiced)
            .enumerate()
            .map(|(t, (fr, &v))| F0Frame {
                time_s: r4((t * HOP + WINDOW / 2) as f64 / f64::from(ANALYSIS_RATE)),
                f0_hz: if v { Some(r4(fr.f0)) } else { None },
                aperiodicity: r4(fr.aperiodicity),
                level_dbfs: r4(db(fr.mean_square)),
            })
            .collect())
    }

    /// Ends the stream and computes the features (no transcript).
    ///
    /// Errors: [`Error::InvalidArgument`] naming `samples` when nothing was pushed.
    pub fn finish(self) -> Result<VoiceFeatures> {
        self.finish_with_transcript(&Transcript::default())
    }

    /// Ends the stream and computes the features, with a transcript for the speech rate and the
    /// filler-word rate.
    ///
    /// Errors: [`Error::InvalidArgument`] naming `samples` when nothing was pushed, or the
    /// `words[i]` entry at fault.
    pub fn finish_with_transcript(mut self, transcript: &Transcript) -> Result<VoiceFeatures> {
        if self.n_in == 0 {
            return Err(invalid(
                "samples",
                "at least one sample (the audio is empty)",
            ));
        }
        transcript.validate()?;
        self.resampler.finish(&mut self.scratch);
        self.engine.push(&self.scratch);
        self.scratch.clear();
        self.engine.finish();
        Ok(summarise(&self, transcript))
    }
}

pub(crate) fn check_rate(rate: u32, name: &str) -> Result<()> {
    if (MIN_RATE..=MAX_RATE).contains(&rate) {
        Ok(())
    } else {
        Err(invalid(
            name,
            format!("a sample rate from {MIN_RATE} to {MAX_RATE} Hz (got {rate})"),
        ))
    }
}

fn db(ms: f64) -> f64 {
    10.0 * log10(ms.max(MS_FLOOR))
}

/// Rounds to 4 decimals, as every reported float is.
pub(crate) fn r4(x: f64) -> f64 {
    // `+ 0.0` turns a negative zero (from rounding a tiny negative value) into 0, so results
    // never print as `-0.0`.
    (x * 1e4).round() / 1e4 + 0.0
}

/// Linear-interpolated percentile of sorted values (`p` in 0..=1).
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let pos = p * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let frac = pos - lo as f64;
    let a = *sorted.get(lo)?;
    let b = *sorted.get(hi)?;
    Some(a + (b - a) * frac)
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// (mean, population standard deviation).
fn mean_stdev(values: &[f64]) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    Some((mean, var.sqrt()))
}

/// Runs of equal booleans: (value, start, length).
fn runs(flags: &[bool]) -> Vec<(bool, usize, usize)> {
    let mut out: Vec<(bool, usize, usize)> = Vec::new();
    for (i, &f) in flags.iter().enumerate() {
        match out.last_mut() {
            Some((v, _, len)) if *v == f => *len += 1,
            _ => out.push((f, i, 1)),
        }
    }
    out
}

/// The per-block and per-frame decisions every feature rests on.
struct Decisions {
    /// Silence threshold, dBFS.
    threshold: f64,
    /// Per 10 ms block: sounding (after removing clicks).
    speech: Vec<bool>,
    /// Any block above the threshold before click removal.
    any_sound: bool,
    /// Per frame: voiced.
    voiced: Vec<bool>,
}

fn decide(engine: &FrameEngine, cfg: &VoiceConfig) -> Decisions {
    let block_db: Vec<f64> = engine.block_ms.iter().map(|&ms| db(ms)).collect();
    // Energy VAD with a floor adapted to this recording: the reference is the 95th-percentile
    // block level; the noise floor is the 10th percentile of the *aperiodic* blocks (noise,
    // silence, unvoiced sounds), so that quiet voiced speech is never taken for noise.
    let sorted_blocks = sorted(&block_db);
    let reference = percentile(&sorted_blocks, 0.95).unwrap_or(-120.0);
    let aperiodic: Vec<f64> = block_db
        .iter()
        .enumerate()
        .filter(|(b, _)| {
            // Frame b − 1 is centred on block b; blocks without a frame count as aperiodic.
            b.checked_sub(1)
                .and_then(|t| engine.frames.get(t))
                .is_none_or(|fr| fr.aperiodicity >= cfg.voicing_threshold)
        })
        .map(|(_, d)| *d)
        .collect();
    let floor = if aperiodic.len() >= MIN_NOISE_BLOCKS {
        percentile(&sorted(&aperiodic), 0.10).unwrap_or(-120.0)
    } else {
        -120.0
    };
    let threshold = (reference + cfg.silence_db)
        .max(floor + 6.0)
        .min(reference - 4.0)
        .max(cfg.min_level_dbfs);
    let mut speech: Vec<bool> = block_db.iter().map(|&d| d >= threshold).collect();
    let any_sound = speech.iter().any(|&s| s);
    // Clicks: sounding stretches too short to be speech.
    for (v, start, len) in runs(&speech) {
        if v && len < MIN_SOUNDING_BLOCKS {
            speech[start..start + len]
                .iter_mut()
                .for_each(|s| *s = false);
        }
    }
    // Voicing: periodic, in range, and loud enough to be speech.
    let mut voiced: Vec<bool> = engine
        .frames
        .iter()
        .map(|fr| {
            fr.f0 >= cfg.f0_min
                && fr.f0 <= cfg.f0_max
                && fr.aperiodicity < cfg.voicing_threshold
                && db(fr.mean_square) >= threshold
        })
        .collect();
    for (v, start, len) in runs(&voiced) {
        if v && len < MIN_VOICED_RUN {
            voiced[start..start + len]
                .iter_mut()
                .for_each(|s| *s = false);
        }
    }
    Decisions {
        threshold,
        speech,
        any_sound,
        voiced,
    }
}

fn summarise(a: &VoiceAnalyzer, transcript: &Transcript) -> VoiceFeatures {
    let cfg = &a.config;
    let mut warnings = a.extra_warnings.clone();
    let duration_s = a.n_in as f64 / f64::from(a.sample_rate);
    if duration_s < SHORT_AUDIO_S {
        warnings.push(Warning::new(
            "short_audio",
            format!(
                "the audio lasts {:.3} s, under {SHORT_AUDIO_S} s: features rest on very few \
                 frames",
                duration_s
            ),
        ));
    }
    let frames: &[FrameData] = &a.engine.frames;
    let Decisions {
        threshold,
        speech,
        any_sound,
        voiced,
    } = decide(&a.engine, cfg);
    let first = speech.iter().position(|&s| s);
    let last = speech.iter().rposition(|&s| s);
    let min_pause_blocks = (cfg.min_pause_s / STEP_S).round().max(1.0) as usize;
    let mut pause_lengths: Vec<f64> = Vec::new();
    let (mut span_s, mut speech_s) = (0.0, 0.0);
    if let (Some(f), Some(l)) = (first, last) {
        let inner = &speech[f..=l];
        for (v, _, len) in runs(inner) {
            if !v && len >= min_pause_blocks {
                pause_lengths.push(len as f64 * STEP_S);
            }
        }
        span_s = (l - f + 1) as f64 * STEP_S;
        speech_s = span_s - pause_lengths.iter().sum::<f64>();
    }
    let pause_total: f64 = pause_lengths.iter().sum();
    let pauses = PauseStats {
        count: pause_lengths.len() as u64,
        total_s: r4(pause_total),
        mean_s: if pause_lengths.is_empty() {
            None
        } else {
            Some(r4(pause_total / pause_lengths.len() as f64))
        },
        max_s: pause_lengths.iter().copied().reduce(f64::max).map(r4),
        ratio: if span_s > 0.0 {
            Some(r4(pause_total / span_s))
        } else {
            None
        },
        count_ge_0_5s: pause_lengths.iter().filter(|&&p| p >= 0.5 - 1e-9).count() as u64,
        count_ge_2s: pause_lengths.iter().filter(|&&p| p >= 2.0 - 1e-9).count() as u64,
        speech_s: r4(speech_s),
        span_s: r4(span_s),
    };

    let f0s: Vec<f64> = frames
        .iter()
        .zip(&voiced)
        .filter(|(_, &v)| v)
        .map(|(fr, _)| fr.f0)
        .collect();
    let voiced_frames = f0s.len() as u64;
    let f0 = if f0s.is_empty() {
        F0Stats::empty()
    } else {
        let s = sorted(&f0s);
        let semis: Vec<f64> = f0s.iter().map(|f| 12.0 * log2(f / 100.0)).collect();
        let ss = sorted(&semis);
        let (mean, sd) = mean_stdev(&f0s).unwrap_or((0.0, 0.0));
        let (_, sd_st) = mean_stdev(&semis).unwrap_or((0.0, 0.0));
        let range = match (percentile(&ss, 0.05), percentile(&ss, 0.95)) {
            (Some(lo), Some(hi)) => Some(r4(hi - lo)),
            _ => None,
        };
        F0Stats {
            median_hz: percentile(&s, 0.5).map(r4),
            mean_hz: Some(r4(mean)),
            stdev_hz: Some(r4(sd)),
            p5_hz: percentile(&s, 0.05).map(r4),
            p95_hz: percentile(&s, 0.95).map(r4),
            stdev_semitones: Some(r4(sd_st)),
            range_semitones: range,
            voiced_frames,
        }
    };
    let voiced_ratio = if frames.is_empty() {
        0.0
    } else {
        r4(voiced_frames as f64 / frames.len() as f64)
    };
    if !any_sound {
        warnings.push(Warning::new(
            "no_speech",
            format!(
                "no sound above {:.0} dBFS: the audio is silent; pitch, loudness and rates are \
                 null",
                cfg.min_level_dbfs
            ),
        ));
    } else if voiced_frames == 0 {
        warnings.push(Warning::new(
            "no_voiced_frames",
            "sound but no voiced (periodic) frames: pitch and loudness are null",
        ));
    }

    // Loudness: RMS level of voiced frames.
    let levels: Vec<f64> = frames
        .iter()
        .zip(&voiced)
        .filter(|(_, &v)| v)
        .map(|(fr, _)| db(fr.mean_square))
        .collect();
    let loudness = match mean_stdev(&levels) {
        None => Loudness::default(),
        Some((mean, sd)) => {
            let s = sorted(&levels);
            Loudness {
                mean_dbfs: Some(r4(mean)),
                stdev_db: Some(r4(sd)),
                p5_dbfs: percentile(&s, 0.05).map(r4),
                p95_dbfs: percentile(&s, 0.95).map(r4),
            }
        }
    };

    // Syllable nuclei: peaks of a smoothed intensity contour, in voiced frames, with a dip
    // before each (after de Jong & Wempe 2009).
    let nuclei = syllable_nuclei(frames, &voiced, threshold, cfg.syllable_dip_db);
    let syllables_per_second = if speech_s > 0.0 {
        Some(r4(nuclei as f64 / speech_s))
    } else {
        None
    };
    let mut speech_rate = SpeechRate {
        method: SpeechRateMethod::SyllableNuclei,
        value: syllables_per_second,
        unit: "syllables_per_second",
        syllable_nuclei: nuclei,
        syllables_per_second,
        words: None,
        words_per_minute: None,
    };
    let mut words_span_s = None;
    if !transcript.words.is_empty() {
        let units: u64 = transcript.words.iter().map(|w| count_words(&w.text)).sum();
        let start = transcript
            .words
            .iter()
            .map(|w| w.start)
            .fold(f64::INFINITY, f64::min);
        let end = transcript
            .words
            .iter()
            .map(|w| w.end)
            .fold(f64::NEG_INFINITY, f64::max);
        let span = end - start;
        if span > 0.0 {
            words_span_s = Some(span);
            let wpm = r4(units as f64 / span * 60.0);
            speech_rate.method = SpeechRateMethod::WordTimings;
            speech_rate.value = Some(wpm);
            speech_rate.unit = "words_per_minute";
            speech_rate.words = Some(units);
            speech_rate.words_per_minute = Some(wpm);
        } else {
            warnings.push(Warning::new(
                "word_timings_empty",
                "the word timings span no time: speech rate uses the syllable-nucleus estimate",
            ));
        }
    }

    // Fillers from the transcript text (or the timed words joined).
    let filler_text = match (&transcript.text, transcript.words.is_empty()) {
        (Some(t), _) => Some((t.clone(), "transcript")),
        (None, false) => Some((
            transcript
                .words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            "words",
        )),
        (None, true) => None,
    };
    let fillers = filler_text.map(|(text, source)| {
        let c = count_fillers(&text);
        let minutes = words_span_s.unwrap_or(span_s) / 60.0;
        FillerStats {
            source,
            count: c.total,
            words: c.words,
            per_100_words: if c.words > 0 {
                Some(r4(c.total as f64 * 100.0 / c.words as f64))
            } else {
                None
            },
            per_minute: if minutes > 0.0 {
                Some(r4(c.total as f64 / minutes))
            } else {
                None
            },
            by_form: c.by_form,
        }
    });

    let clipped = a.clipped_override.unwrap_or(a.clipped);
    let clipping_ratio = r4(clipped as f64 / a.n_in as f64);
    if clipped as f64 / a.n_in as f64 > cfg.clipping_warn_ratio {
        warnings.push(Warning::new(
            "clipping",
            format!(
                "{:.2} % of samples are at full scale (clipped): loudness and pitch may be \
                 distorted",
                clipped as f64 * 100.0 / a.n_in as f64
            ),
        ));
    }

    VoiceFeatures {
        duration_s: r4(duration_s),
        sample_rate: a.sample_rate,
        analysis_rate: ANALYSIS_RATE,
        frames: frames.len() as u64,
        f0,
        voiced_ratio,
        pauses,
        speech_rate,
        loudness,
        clipping_ratio,
        fillers,
        warnings,
        config: a.config.clone(),
    }
}

fn syllable_nuclei(frames: &[FrameData], voiced: &[bool], threshold: f64, dip_db: f64) -> u64 {
    let n = frames.len();
    let contour: Vec<f64> = (0..n)
        .map(|t| {
            let lo = t.saturating_sub(SYLLABLE_SMOOTH);
            let hi = (t + SYLLABLE_SMOOTH).min(n - 1);
            let sum: f64 = frames[lo..=hi].iter().map(|f| f.mean_square).sum();
            db(sum / (hi - lo + 1) as f64)
        })
        .collect();
    let voiced_near = |t: usize| {
        let lo = t.saturating_sub(1);
        let hi = (t + 1).min(n.saturating_sub(1));
        voiced[lo..=hi].iter().any(|&v| v)
    };
    let mut count = 0u64;
    let mut last_peak: Option<f64> = None;
    // Lowest point of the contour since the last accepted peak.
    let mut valley = f64::INFINITY;
    for t in 0..n {
        let c = contour[t];
        valley = valley.min(c);
        let is_peak = t > 0
            && t + 1 < n
            && c > contour[t - 1]
            && c >= contour[t + 1]
            && c >= threshold
            && voiced_near(t);
        if !is_peak {
            continue;
        }
        match last_peak {
            Some(p) if c - valley < dip_db || p - valley < dip_db => {
                // No dip between the two: the same nucleus; keep the higher peak.
                if c > p {
                    last_peak = Some(c);
                    valley = c;
                }
            }
            _ => {
                count += 1;
                last_peak = Some(c);
                valley = c;
            }
        }
    }
    count
}
