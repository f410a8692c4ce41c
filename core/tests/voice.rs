//! Voice features: F0 on synthetic tones, pauses, streaming equality, WAV decoding, bad input,
//! fillers, the JSON entry point, and F0 on espeak-ng speech when espeak-ng is installed.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::f64::consts::PI;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use interviewkit_core::policy::is_affect_name;
use interviewkit_core::voice::{
    analyze, analyze_i16, analyze_with_transcript, count_fillers, f0_track, read_wav,
    voice_features_value, voice_features_wav, Transcript, VoiceAnalyzer, VoiceConfig,
    VoiceFeatures, Word,
};
use interviewkit_core::{Error, ErrorCode};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

const RATES: [u32; 5] = [8000, 16000, 22050, 44100, 48000];

/// A tone of `harmonics` harmonics (amplitude 1/k) at `f0` Hz, peak about `amp`.
fn tone(f0: f64, rate: u32, seconds: f64, harmonics: usize, amp: f64) -> Vec<f32> {
    let n = (f64::from(rate) * seconds).round() as usize;
    let norm: f64 = (1..=harmonics).map(|k| 1.0 / k as f64).sum();
    (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            let v: f64 = (1..=harmonics)
                .map(|k| (2.0 * PI * f0 * k as f64 * t).sin() / k as f64)
                .sum();
            (amp * v / norm) as f32
        })
        .collect()
}

fn silence(rate: u32, seconds: f64) -> Vec<f32> {
    vec![0.0; (f64::from(rate) * seconds).round() as usize]
}

fn features(x: &[f32], rate: u32) -> VoiceFeatures {
    analyze(x, rate, &VoiceConfig::default()).unwrap()
}

fn invalid_name(e: &Error) -> String {
    match e {
        Error::InvalidArgument { name, .. } => name.clone(),
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

fn codes(f: &VoiceFeatures) -> Vec<String> {
    f.warnings.iter().map(|w| w.code.clone()).collect()
}

// ---------------------------------------------------------------------------------------------
// F0
// ---------------------------------------------------------------------------------------------

#[test]
fn f0_of_sines_and_harmonic_tones_within_one_percent_at_every_rate() {
    for &rate in &RATES {
        for &f0 in &[100.0, 150.0, 220.0, 300.0] {
            for &harmonics in &[1usize, 8] {
                let f = features(&tone(f0, rate, 1.0, harmonics, 0.5), rate);
                let median = f.f0.median_hz.unwrap();
                assert!(
                    (median - f0).abs() / f0 < 0.01,
                    "rate {rate}, f0 {f0}, {harmonics} harmonics: median {median}"
                );
                assert!(
                    f.voiced_ratio > 0.9,
                    "rate {rate}, f0 {f0}: voiced {}",
                    f.voiced_ratio
                );
                // A steady tone has almost no pitch variation.
                assert!(f.f0.stdev_semitones.unwrap() < 0.1, "rate {rate}, f0 {f0}");
                assert!(f.warnings.is_empty(), "{:?}", f.warnings);
            }
        }
    }
}

#[test]
fn f0_follows_a_glide() {
    // 120 → 240 Hz linearly over 2 s: the median is 180 Hz, p5 126 Hz, p95 234 Hz.
    let rate = 16000;
    let n = 2 * rate as usize;
    let mut phase = 0.0;
    let x: Vec<f32> = (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            phase += 2.0 * PI * (120.0 + 60.0 * t) / f64::from(rate);
            (0.4 * (phase.sin() + 0.5 * (2.0 * phase).sin())) as f32
        })
        .collect();
    let f = features(&x, rate);
    let close = |got: Option<f64>, want: f64, tol: f64| {
        let got = got.unwrap();
        assert!((got - want).abs() / want < tol, "got {got}, want {want}");
    };
    close(f.f0.median_hz, 180.0, 0.02);
    close(f.f0.p5_hz, 126.0, 0.03);
    close(f.f0.p95_hz, 234.0, 0.03);
    // An octave over the glide: the 5–95 % range is 12·log2(234/126) ≈ 10.7 semitones.
    close(f.f0.range_semitones, 10.72, 0.05);
    // The track rises.
    let track = f0_track(&x, rate, &VoiceConfig::default()).unwrap();
    let voiced: Vec<f64> = track.iter().filter_map(|t| t.f0_hz).collect();
    assert!(voiced.len() > 150);
    assert!(voiced.windows(2).filter(|w| w[1] < w[0] - 1.0).count() < 3);
}

#[test]
fn f0_survives_white_noise_at_10_db_snr() {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    for &rate in &[8000u32, 16000, 44100] {
        let clean = tone(220.0, rate, 2.0, 4, 0.5);
        let signal_power: f64 =
            clean.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>() / clean.len() as f64;
        // Uniform noise on [-a, a] has power a²/3; 10 dB below the signal.
        let a = (3.0 * signal_power / 10.0).sqrt();
        let noisy: Vec<f32> = clean
            .iter()
            .map(|v| v + (a * rng.random_range(-1.0..1.0)) as f32)
            .collect();
        let f = features(&noisy, rate);
        let median = f.f0.median_hz.unwrap();
        assert!(
            (median - 220.0).abs() / 220.0 < 0.01,
            "rate {rate}: {median}"
        );
        assert!(
            f.voiced_ratio > 0.8,
            "rate {rate}: voiced {}",
            f.voiced_ratio
        );
    }
    // Noise alone is not voiced.
    let noise: Vec<f32> = (0..16000)
        .map(|_| (0.1 * rng.random_range(-1.0..1.0)) as f32)
        .collect();
    let f = features(&noise, 16000);
    assert!(f.voiced_ratio < 0.05, "noise voiced {}", f.voiced_ratio);
}

#[test]
fn f0_range_is_configurable() {
    // A 50 Hz tone is below the default range but found with f0_min 40.
    let x = tone(50.0, 16000, 1.0, 6, 0.5);
    let f = features(&x, 16000);
    assert!(f.f0.median_hz.is_none_or(|m| (m - 50.0).abs() > 5.0));
    let config = VoiceConfig {
        f0_min: 40.0,
        ..VoiceConfig::default()
    };
    let f = analyze(&x, 16000, &config).unwrap();
    assert!((f.f0.median_hz.unwrap() - 50.0).abs() < 0.5);
}

// ---------------------------------------------------------------------------------------------
// Silence, pauses, loudness, syllables
// ---------------------------------------------------------------------------------------------

#[test]
fn silence_gives_neutral_results_and_a_warning() {
    for &rate in &[8000u32, 44100] {
        let f = features(&silence(rate, 1.5), rate);
        assert_eq!(f.voiced_ratio, 0.0);
        assert_eq!(f.f0.median_hz, None);
        assert_eq!(f.f0.voiced_frames, 0);
        assert_eq!(f.loudness.mean_dbfs, None);
        assert_eq!(f.pauses.count, 0);
        assert_eq!(f.pauses.ratio, None);
        assert_eq!(f.speech_rate.value, None);
        assert_eq!(codes(&f), vec!["no_speech"]);
        let v = f.to_value();
        assert_eq!(v["f0"]["median_hz"], Value::Null);
        assert_eq!(v["warnings"][0]["code"], "no_speech");
    }
}

#[test]
fn pauses_between_tones_are_counted_and_measured() {
    let rate = 16000;
    let mut x = silence(rate, 0.4); // leading silence is not a pause
    for (t, gap) in [(1.0, 0.6), (1.0, 2.5), (1.0, 0.3), (0.5, 0.1), (0.5, 0.0)] {
        x.extend(tone(180.0, rate, t, 5, 0.4));
        x.extend(silence(rate, gap));
    }
    x.extend(silence(rate, 1.0)); // trailing silence is not a pause either
    let f = features(&x, rate);
    let p = &f.pauses;
    assert_eq!(p.count, 3, "{p:?}"); // 0.6, 2.5, 0.3; the 0.1 s gap is too short
    assert_eq!(p.count_ge_0_5s, 2);
    assert_eq!(p.count_ge_2s, 1);
    assert!((p.max_s.unwrap() - 2.5).abs() <= 0.03, "{p:?}");
    assert!((p.total_s - 3.4).abs() <= 0.08, "{p:?}");
    assert!((p.span_s - 7.5).abs() <= 0.05, "{p:?}");
    assert!((p.speech_s - 4.1).abs() <= 0.08, "{p:?}");
    assert!((p.ratio.unwrap() - 3.4 / 7.5).abs() < 0.01);
    assert!((p.mean_s.unwrap() - 3.4 / 3.0).abs() < 0.03);
    // A longer minimum pause drops the 0.3 s one.
    let config = VoiceConfig {
        min_pause_s: 0.5,
        ..VoiceConfig::default()
    };
    assert_eq!(analyze(&x, rate, &config).unwrap().pauses.count, 2);
}

#[test]
fn loudness_is_the_level_of_voiced_frames() {
    // A steady sine at amplitude 0.5 has an RMS level of 20·log10(0.5/√2) = −9.03 dBFS.
    let f = features(&tone(200.0, 16000, 1.0, 1, 0.5), 16000);
    assert!(
        (f.loudness.mean_dbfs.unwrap() + 9.03).abs() < 0.1,
        "{:?}",
        f.loudness
    );
    assert!(f.loudness.stdev_db.unwrap() < 0.2);
    // Alternating 0.5 s at amplitudes 0.5 and 0.05 (−20 dB): the level stdev is about 10 dB.
    let mut x = tone(200.0, 16000, 0.5, 1, 0.5);
    x.extend(tone(200.0, 16000, 0.5, 1, 0.05));
    x.extend(tone(200.0, 16000, 0.5, 1, 0.5));
    x.extend(tone(200.0, 16000, 0.5, 1, 0.05));
    let f = features(&x, 16000);
    let sd = f.loudness.stdev_db.unwrap();
    assert!((sd - 10.0).abs() < 1.0, "stdev {sd}");
}

#[test]
fn syllable_nuclei_follow_the_amplitude_rhythm() {
    // A harmonic voice whose amplitude rises and falls 4 times per second (sin² envelope):
    // about 4 syllable nuclei per second.
    let rate = 16000;
    for &per_second in &[3.0, 5.0] {
        let base = tone(140.0, rate, 4.0, 8, 0.5);
        let x: Vec<f32> = base
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let t = i as f64 / f64::from(rate);
                let e = (PI * per_second * t).sin();
                v * (0.05 + 0.95 * e * e) as f32
            })
            .collect();
        let f = features(&x, rate);
        let s = &f.speech_rate;
        assert_eq!(s.method.as_str(), "syllable_nuclei");
        let got = s.syllables_per_second.unwrap();
        assert!(
            (got - per_second).abs() < 0.5,
            "want {per_second}, got {got} ({s:?})"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Streaming and input forms
// ---------------------------------------------------------------------------------------------

fn speechy(rate: u32) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut x = tone(130.0, rate, 0.7, 6, 0.4);
    x.extend(silence(rate, 0.4));
    x.extend(tone(210.0, rate, 0.5, 3, 0.3));
    x.extend(silence(rate, 0.05));
    x.extend(tone(170.0, rate, 0.6, 1, 0.6));
    x.iter()
        .map(|v| v + (0.002 * rng.random_range(-1.0..1.0)) as f32)
        .collect()
}

#[test]
fn streaming_equals_one_shot_for_any_chunking() {
    for &rate in &[8000u32, 22050, 44100] {
        let x = speechy(rate);
        let config = VoiceConfig::default();
        let whole = analyze(&x, rate, &config).unwrap();
        assert!(whole.f0.voiced_frames > 100);
        for &chunk in &[1usize, 37, 160, 4096] {
            let mut a = VoiceAnalyzer::new(rate, &config).unwrap();
            for c in x.chunks(chunk) {
                a.push_f32(c).unwrap();
            }
            assert_eq!(a.samples_received(), x.len() as u64);
            assert_eq!(a.finish().unwrap(), whole, "rate {rate}, chunk {chunk}");
        }
    }
}

#[test]
fn i16_input_equals_the_scaled_floats() {
    let rate = 16000;
    let x: Vec<i16> = speechy(rate)
        .iter()
        .map(|v| (v * 32767.0).round() as i16)
        .collect();
    let scaled: Vec<f32> = x.iter().map(|v| f32::from(*v) / 32768.0).collect();
    let a = analyze_i16(&x, rate, &VoiceConfig::default()).unwrap();
    assert_eq!(a, features(&scaled, rate));
    // Streaming i16 in odd chunks too.
    let mut s = VoiceAnalyzer::new(rate, &VoiceConfig::default()).unwrap();
    for c in x.chunks(37) {
        s.push_i16(c).unwrap();
    }
    assert_eq!(s.finish().unwrap(), a);
}

// ---------------------------------------------------------------------------------------------
// WAV
// ---------------------------------------------------------------------------------------------

/// Builds a WAV file by hand: `format` 1 (PCM) or 3 (float), interleaved `frames`.
fn wav_bytes(rate: u32, channels: u16, bits: u16, format: u16, frames: &[Vec<f32>]) -> Vec<u8> {
    let mut data = Vec::new();
    for frame in frames {
        for &v in frame {
            match (format, bits) {
                (3, 32) => data.extend_from_slice(&v.to_le_bytes()),
                (1, 8) => data.push(((v * 127.0).round() as i32 + 128) as u8),
                (1, 16) => data.extend_from_slice(&((v * 32767.0).round() as i16).to_le_bytes()),
                (1, 24) => {
                    let s = (f64::from(v) * 8_388_607.0).round() as i32;
                    data.extend_from_slice(&s.to_le_bytes()[..3]);
                }
                (1, 32) => {
                    let s = (f64::from(v) * 2_147_483_647.0).round() as i32;
                    data.extend_from_slice(&s.to_le_bytes());
                }
                _ => unreachable!(),
            }
        }
    }
    let block = channels * bits / 8;
    let mut out = Vec::new();
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&format.to_le_bytes());
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * u32::from(block)).to_le_bytes());
    out.extend_from_slice(&block.to_le_bytes());
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(&data);
    out
}

fn mono_frames(x: &[f32]) -> Vec<Vec<f32>> {
    x.iter().map(|v| vec![*v]).collect()
}

#[test]
fn wav_round_trip_in_every_sample_format() {
    let config = VoiceConfig::default();
    let x = tone(150.0, 22050, 1.0, 5, 0.5);
    for (bits, format) in [(8u16, 1u16), (16, 1), (24, 1), (32, 1), (32, 3)] {
        let bytes = wav_bytes(22050, 1, bits, format, &mono_frames(&x));
        let audio = read_wav(&bytes, 1800).unwrap();
        assert_eq!(audio.sample_rate, 22050);
        assert_eq!(audio.bits_per_sample, bits);
        assert_eq!(audio.float, format == 3);
        assert_eq!(audio.samples.len(), x.len());
        let tol = if bits == 8 { 1.0 / 100.0 } else { 1e-4 };
        for (a, b) in audio.samples.iter().zip(&x) {
            assert!((a - b).abs() < tol, "{bits} bits: {a} vs {b}");
        }
        let f = voice_features_wav(&bytes, &config).unwrap();
        let median = f.f0.median_hz.unwrap();
        assert!((median - 150.0).abs() < 1.5, "{bits} bits: {median}");
        assert_eq!(f.sample_rate, 22050);
    }
    // 24-bit samples in 4-byte containers (decoded by hound sample by sample, not by the
    // fast path): the same samples as the packed 24-bit file.
    let packed = read_wav(&wav_bytes(22050, 1, 24, 1, &mono_frames(&x)), 1800).unwrap();
    let mut padded = wav_bytes(22050, 1, 24, 1, &[]);
    padded[28..32].copy_from_slice(&(22050u32 * 4).to_le_bytes()); // byte rate
    padded[32..34].copy_from_slice(&4u16.to_le_bytes()); // block align
    let mut data = Vec::new();
    for v in &x {
        let s = (f64::from(*v) * 8_388_607.0).round() as i32;
        data.extend_from_slice(&s.to_le_bytes());
    }
    padded.truncate(40);
    padded.extend_from_slice(&(data.len() as u32).to_le_bytes());
    padded.extend_from_slice(&data);
    padded[4..8].copy_from_slice(&(36 + data.len() as u32).to_le_bytes());
    let slow = read_wav(&padded, 1800).unwrap();
    assert_eq!(slow.samples, packed.samples);
    assert_eq!(slow.bits_per_sample, 24);
    // ... and truncation is handled the same way on that path.
    let cut = read_wav(&padded[..padded.len() - 6], 1800).unwrap();
    assert!(cut.truncated);
    assert_eq!(cut.samples.len(), x.len() - 2);

    // 32-bit float is lossless: the same features as the samples themselves.
    let bytes = wav_bytes(22050, 1, 32, 3, &mono_frames(&x));
    assert_eq!(
        voice_features_wav(&bytes, &config).unwrap(),
        analyze(&x, 22050, &config).unwrap()
    );
    // 16-bit WAV equals the i16 path.
    let bytes = wav_bytes(22050, 1, 16, 1, &mono_frames(&x));
    let ints: Vec<i16> = x.iter().map(|v| (v * 32767.0).round() as i16).collect();
    assert_eq!(
        voice_features_wav(&bytes, &config).unwrap(),
        analyze_i16(&ints, 22050, &config).unwrap()
    );
}

#[test]
fn stereo_wav_is_averaged_to_mono() {
    let left = tone(200.0, 16000, 1.0, 3, 0.6);
    let frames: Vec<Vec<f32>> = left.iter().map(|v| vec![*v, 0.0]).collect();
    let bytes = wav_bytes(16000, 2, 16, 1, &frames);
    let audio = read_wav(&bytes, 1800).unwrap();
    assert_eq!(audio.channels, 2);
    assert_eq!(audio.samples.len(), left.len());
    assert!((audio.samples[100] - left[100] / 2.0).abs() < 1e-4);
    let f = voice_features_wav(&bytes, &VoiceConfig::default()).unwrap();
    assert!((f.f0.median_hz.unwrap() - 200.0).abs() < 2.0);
    // Half the amplitude: 6 dB quieter than the left channel alone.
    let mono = features(&left, 16000);
    let diff = mono.loudness.mean_dbfs.unwrap() - f.loudness.mean_dbfs.unwrap();
    assert!((diff - 6.02).abs() < 0.1, "{diff}");
}

#[test]
fn truncated_or_garbage_wav_is_a_clear_error() {
    let x = tone(150.0, 16000, 0.5, 3, 0.5);
    let good = wav_bytes(16000, 1, 16, 1, &mono_frames(&x));
    let config = VoiceConfig::default();
    for cut in [0usize, 3, 4, 11, 12, 20, 35, 40, 43] {
        let e = voice_features_wav(&good[..cut], &config).unwrap_err();
        assert_eq!(invalid_name(&e), "wav", "cut at {cut}: {e}");
        assert!(e.to_string().contains("RIFF"), "{e}");
    }
    let e = voice_features_wav(b"this is not a wav file at all, sorry", &config).unwrap_err();
    assert_eq!(invalid_name(&e), "wav");
    // A header with no sample frames.
    let e = voice_features_wav(&good[..44], &config).unwrap_err();
    assert_eq!(invalid_name(&e), "wav");
    assert!(e.to_string().contains("sample frame"), "{e}");
    // Unsupported encoding (format tag 2 = ADPCM).
    let mut adpcm = good.clone();
    adpcm[20] = 2;
    let e = voice_features_wav(&adpcm, &config).unwrap_err();
    assert_eq!(invalid_name(&e), "wav");
    assert!(e.to_string().contains("PCM integer"), "{e}");
    // Data cut short: the frames present are analysed, with a warning.
    let short = &good[..good.len() - 3001];
    let f = voice_features_wav(short, &config).unwrap();
    assert_eq!(codes(&f), vec!["wav_truncated"]);
    assert!((f.f0.median_hz.unwrap() - 150.0).abs() < 1.5);
    // Every prefix and some corrupted bytes: an error or a result, never a panic.
    for cut in (0..good.len().min(400)).chain([good.len() - 1]) {
        let _ = voice_features_wav(&good[..cut], &config);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    for _ in 0..300 {
        let mut bad = good[..200].to_vec();
        let i = rng.random_range(0..44);
        bad[i] = rng.random();
        let _ = voice_features_wav(&bad, &config);
    }
}

#[test]
fn wav_rate_and_length_limits() {
    let x = tone(150.0, 8000, 0.5, 3, 0.5);
    let low = wav_bytes(4000, 1, 16, 1, &mono_frames(&x));
    let e = voice_features_wav(&low, &VoiceConfig::default()).unwrap_err();
    assert_eq!(invalid_name(&e), "wav.sample_rate");
    assert!(e.to_string().contains("4000"), "{e}");
    let long = wav_bytes(
        8000,
        1,
        16,
        1,
        &mono_frames(&tone(150.0, 8000, 2.5, 1, 0.5)),
    );
    let config = VoiceConfig {
        max_duration_s: 2,
        ..VoiceConfig::default()
    };
    match voice_features_wav(&long, &config).unwrap_err() {
        Error::LimitExceeded { limit, actual, .. } => assert_eq!((limit, actual), (2, 3)),
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------

#[test]
fn non_finite_samples_are_refused_with_their_position() {
    let mut x = tone(150.0, 16000, 0.5, 3, 0.5);
    x[1234] = f32::NAN;
    let e = analyze(&x, 16000, &VoiceConfig::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    assert_eq!(invalid_name(&e), "samples[1234]");
    // Streaming: the position counts from the start of the stream; the bad chunk is not kept.
    let mut a = VoiceAnalyzer::new(16000, &VoiceConfig::default()).unwrap();
    a.push_f32(&[0.1; 1000]).unwrap();
    let e = a.push_f32(&[0.0, f32::INFINITY]).unwrap_err();
    assert_eq!(invalid_name(&e), "samples[1001]");
    assert_eq!(a.samples_received(), 1000);
}

#[test]
fn wrong_rates_empty_and_short_audio() {
    for rate in [0u32, 7999, 192_001, 1_000_000] {
        let e = analyze(&[0.0; 100], rate, &VoiceConfig::default()).unwrap_err();
        assert_eq!(invalid_name(&e), "sample_rate");
    }
    let e = analyze(&[], 16000, &VoiceConfig::default()).unwrap_err();
    assert_eq!(invalid_name(&e), "samples");
    // Under 0.25 s: computed, with a warning.
    let f = features(&tone(200.0, 16000, 0.2, 3, 0.5), 16000);
    assert!(codes(&f).contains(&"short_audio".to_string()));
    assert!((f.f0.median_hz.unwrap() - 200.0).abs() < 2.0);
    // Shorter than one analysis frame: neutral, no panic.
    let f = features(&[0.3, -0.3, 0.3], 8000);
    assert_eq!(f.frames, 0);
    assert_eq!(f.f0.median_hz, None);
    // Bad configuration names the field.
    let config = VoiceConfig {
        f0_min: 300.0,
        f0_max: 200.0,
        ..VoiceConfig::default()
    };
    let e = analyze(&[0.0; 100], 16000, &config).unwrap_err();
    assert_eq!(invalid_name(&e), "config.f0_min");
    let config = VoiceConfig {
        voicing_threshold: f64::NAN,
        ..VoiceConfig::default()
    };
    let e = analyze(&[0.0; 100], 16000, &config).unwrap_err();
    assert_eq!(invalid_name(&e), "config.voicing_threshold");
}

#[test]
fn clipping_is_measured_and_warned() {
    let clean = features(&tone(150.0, 16000, 1.0, 1, 0.5), 16000);
    assert_eq!(clean.clipping_ratio, 0.0);
    // Twice full scale, clamped: about 2/3 of the samples sit at ±1.
    let x: Vec<f32> = tone(150.0, 16000, 1.0, 1, 2.0)
        .iter()
        .map(|v| v.clamp(-1.0, 1.0))
        .collect();
    let f = features(&x, 16000);
    assert!(
        (f.clipping_ratio - 0.667).abs() < 0.02,
        "{}",
        f.clipping_ratio
    );
    assert!(codes(&f).contains(&"clipping".to_string()));
    // Pitch is still right.
    assert!((f.f0.median_hz.unwrap() - 150.0).abs() < 1.5);
    // i16 full scale counts too.
    let ints: Vec<i16> = x.iter().map(|v| (v * 32767.0) as i16).collect();
    let f = analyze_i16(&ints, 16000, &VoiceConfig::default()).unwrap();
    assert!(f.clipping_ratio > 0.6);
}

#[test]
fn duration_limit_applies_to_streams() {
    let config = VoiceConfig {
        max_duration_s: 1,
        ..VoiceConfig::default()
    };
    let mut a = VoiceAnalyzer::new(8000, &config).unwrap();
    a.push_f32(&[0.0; 8000]).unwrap();
    match a.push_i16(&[0; 1]).unwrap_err() {
        Error::LimitExceeded { limit, actual, .. } => assert_eq!((limit, actual), (1, 2)),
        other => panic!("{other:?}"),
    }
    assert_eq!(a.finish().unwrap().duration_s, 1.0);
}

// ---------------------------------------------------------------------------------------------
// Transcript: fillers and word-timed speech rate
// ---------------------------------------------------------------------------------------------

fn by_form(text: &str) -> Vec<(String, u64)> {
    count_fillers(text).by_form
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(f, n)| (f.to_string(), *n)).collect()
}

#[test]
fn english_fillers() {
    let c = count_fillers(
        "Um, so I think, like, the design was, uh, fine. I like the tests. You know, I mean, \
         uhh it works. Do you know Rust? Erm, it was like really fast, you know.",
    );
    assert_eq!(
        c.by_form,
        pairs(&[
            ("um", 1),
            ("uh", 2),
            ("er", 1),
            ("like", 1),
            ("you know", 2),
            ("i mean", 1)
        ])
    );
    assert_eq!(c.total, 8);
    assert_eq!(c.words, 33);
    // Content uses are not fillers.
    assert!(by_form("I like it. What do you mean? I mean it. Things I like.").is_empty());
    assert!(by_form("Do you know, him?").is_empty());
}

#[test]
fn chinese_fillers() {
    let c =
        count_fillers("嗯，那个，我觉得这个方案啊还可以。然后然后我们就是，先做测试。呃 就是说");
    assert_eq!(
        c.by_form,
        pairs(&[("嗯", 1), ("呃", 1), ("那个", 1), ("就是", 1), ("然后", 1)])
    );
    // Content uses: sentence-final 啊, 那个 as a determiner, 就是 at the end, 然后 as "then".
    assert!(by_form("好啊。那个方案就是").is_empty());
    assert!(by_form("我们然后去吃饭").is_empty());
    // Runs count once; 啊 at the start of a clause counts.
    assert_eq!(by_form("嗯嗯嗯，啊，好的"), pairs(&[("嗯", 1), ("啊", 1)]));
    // Every CJK character is a word.
    assert_eq!(count_fillers("我觉得可以").words, 5);
}

#[test]
fn transcript_drives_fillers_and_word_timed_rate() {
    let rate = 16000;
    let mut x = tone(160.0, rate, 1.5, 5, 0.4);
    x.extend(silence(rate, 0.5));
    x.extend(tone(160.0, rate, 1.5, 5, 0.4));
    let words: Vec<Word> = ["um", "I", "think", "it", "works", "你好"]
        .iter()
        .enumerate()
        .map(|(i, w)| Word {
            text: w.to_string(),
            start: 0.5 * i as f64,
            end: 0.5 * i as f64 + 0.4,
        })
        .collect();
    let transcript = Transcript {
        text: Some("Um, I think it works. 你好".into()),
        words: words.clone(),
    };
    let f = analyze_with_transcript(&x, rate, &VoiceConfig::default(), &transcript).unwrap();
    let s = &f.speech_rate;
    assert_eq!(s.method.as_str(), "word_timings");
    assert_eq!(s.words, Some(7)); // 5 English words + 2 CJK characters
                                  // 7 words over 0.0–2.9 s.
    assert!((s.words_per_minute.unwrap() - 7.0 / 2.9 * 60.0).abs() < 0.01);
    assert_eq!(s.value, s.words_per_minute);
    let fl = f.fillers.as_ref().unwrap();
    assert_eq!((fl.source, fl.count, fl.words), ("transcript", 1, 7));
    assert!((fl.per_100_words.unwrap() - 100.0 / 7.0).abs() < 0.001);
    assert!((fl.per_minute.unwrap() - 60.0 / 2.9).abs() < 0.01);
    // Words only: fillers come from the joined words.
    let only_words = Transcript { text: None, words };
    let f = analyze_with_transcript(&x, rate, &VoiceConfig::default(), &only_words).unwrap();
    assert_eq!(f.fillers.as_ref().unwrap().source, "words");
    // No transcript: no fillers.
    assert!(features(&x, rate).fillers.is_none());
    // A word ending before it starts is refused.
    let bad = Transcript {
        text: None,
        words: vec![Word {
            text: "x".into(),
            start: 1.0,
            end: 0.5,
        }],
    };
    let e = analyze_with_transcript(&x, rate, &VoiceConfig::default(), &bad).unwrap_err();
    assert_eq!(invalid_name(&e), "words[0].end");
}

// ---------------------------------------------------------------------------------------------
// JSON entry point
// ---------------------------------------------------------------------------------------------

fn leaf_paths(v: &Value, path: &str, out: &mut Vec<String>) {
    if let Value::Object(m) = v {
        for (k, child) in m {
            out.push(k.clone());
            leaf_paths(child, &format!("{path}.{k}"), out);
        }
    }
}

#[test]
fn json_request_response() {
    let x = speechy(16000);
    let samples: Vec<f64> = x.iter().map(|v| f64::from(*v)).collect();
    let out = voice_features_value(&json!({
        "samples": samples,
        "sample_rate": 16000,
        "transcript": "嗯，那个，um, yes",
        "config": {"f0_min": 70, "min_pause_s": 0.3},
    }))
    .unwrap();
    let keys: Vec<&str> = out
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "category",
            "note",
            "duration_s",
            "sample_rate",
            "analysis_rate",
            "frames",
            "f0",
            "voiced_ratio",
            "pauses",
            "speech_rate",
            "loudness",
            "clipping_ratio",
            "fillers",
            "warnings",
            "config"
        ]
    );
    assert_eq!(out["category"], "voice");
    assert!(out["note"]
        .as_str()
        .unwrap()
        .contains("not what the speaker"));
    assert_eq!(out["config"]["f0_min"], 70.0);
    assert_eq!(out["pauses"]["count"], 1);
    assert_eq!(out["fillers"]["count"], 3);
    assert_eq!(
        out["fillers"]["by_form"],
        json!({"嗯": 1, "那个": 1, "um": 1})
    );
    // Equal to the Rust API.
    let config = VoiceConfig {
        f0_min: 70.0,
        min_pause_s: 0.3,
        ..VoiceConfig::default()
    };
    let direct = analyze_with_transcript(
        &x,
        16000,
        &config,
        &Transcript {
            text: Some("嗯，那个，um, yes".into()),
            words: vec![],
        },
    )
    .unwrap();
    assert_eq!(out, direct.to_value());
    // Every float has at most 4 decimals.
    fn check(v: &Value) {
        match v {
            Value::Number(n) if n.is_f64() => {
                let f = n.as_f64().unwrap();
                assert!(((f * 1e4).round() / 1e4 - f).abs() < 1e-9, "{f}");
            }
            Value::Array(a) => a.iter().for_each(check),
            Value::Object(m) => m.values().for_each(check),
            _ => {}
        }
    }
    check(&out);
}

#[test]
fn json_wav_base64_and_errors() {
    let x = tone(120.0, 16000, 1.0, 4, 0.5);
    let wav = wav_bytes(16000, 1, 16, 1, &mono_frames(&x));
    let out = voice_features_value(&json!({"wav_base64": STANDARD.encode(&wav)})).unwrap();
    assert!((out["f0"]["median_hz"].as_f64().unwrap() - 120.0).abs() < 1.2);
    assert_eq!(
        out,
        voice_features_wav(&wav, &VoiceConfig::default())
            .unwrap()
            .to_value()
    );

    let err = |req: Value| invalid_name(&voice_features_value(&req).unwrap_err());
    assert_eq!(
        err(json!({"wav_base64": STANDARD.encode(&wav[..30])})),
        "wav_base64"
    );
    assert_eq!(err(json!({"wav_base64": "!!not base64!!"})), "wav_base64");
    let low = wav_bytes(4000, 1, 16, 1, &mono_frames(&x));
    assert_eq!(
        err(json!({"wav_base64": STANDARD.encode(&low)})),
        "wav_base64.sample_rate"
    );
    assert_eq!(
        err(json!({"samples": [0.1, null, 0.2], "sample_rate": 8000})),
        "samples[1]"
    );
    assert_eq!(
        err(json!({"samples": [0.1], "sample_rate": 7000})),
        "sample_rate"
    );
    assert_eq!(
        err(json!({"samples": [0.1], "sample_rate": 8000.5})),
        "sample_rate"
    );
    assert_eq!(err(json!({"samples": [0.1]})), "sample_rate");
    assert_eq!(err(json!({"samples": [], "sample_rate": 8000})), "samples");
    assert_eq!(err(json!({})), "wav_base64");
    assert_eq!(
        err(json!({"samples": [0.1], "sample_rate": 8000, "wav_base64": "AAAA"})),
        "samples"
    );
    assert_eq!(
        err(json!({"wav_base64": STANDARD.encode(&wav), "sample_rate": 8000})),
        "sample_rate"
    );
    assert_eq!(
        err(json!({"samples": [0.1], "sample_rate": 8000, "pitch": 1})),
        "pitch"
    );
    assert_eq!(
        err(json!({"samples": [0.1], "sample_rate": 8000, "config": {"f0_max": 5000}})),
        "config.f0_max"
    );
    assert_eq!(
        err(json!({"samples": [0.1], "sample_rate": 8000, "config": {"f0": 1}})),
        "config.f0"
    );
    assert_eq!(
        err(json!({"samples": [0.1], "sample_rate": 8000,
                   "words": [{"text": "a", "start": 0, "end": 1, "conf": 1}]})),
        "words[0].conf"
    );
    assert_eq!(
        err(json!({"samples": [0.1], "sample_rate": 8000, "transcript": 5})),
        "transcript"
    );
    assert_eq!(
        voice_features_value(&json!([1])).unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
    let e = voice_features_value(&json!({"samples": vec![0.0; 20], "sample_rate": 8000,
                                         "config": {"max_duration_s": 0}}))
    .unwrap_err();
    assert_eq!(invalid_name(&e), "config.max_duration_s");
}

#[test]
fn no_output_name_reads_as_affect() {
    let x = speechy(16000);
    let mut f = analyze_with_transcript(
        &x,
        16000,
        &VoiceConfig::default(),
        &Transcript {
            text: Some("um".into()),
            words: vec![],
        },
    )
    .unwrap();
    f.warnings.push(interviewkit_core::voice::Warning {
        code: "clipping".into(),
        message: String::new(),
    });
    let mut names = Vec::new();
    leaf_paths(&f.to_value(), "", &mut names);
    assert!(names.len() > 40);
    for name in &names {
        assert!(!is_affect_name(name), "`{name}` reads as affect");
    }
    // The category is one the policy gate knows.
    assert_eq!(f.to_value()["category"], "voice");
}

// ---------------------------------------------------------------------------------------------
// espeak-ng speech: checked-in fixtures always; live synthesis when espeak-ng is installed
// ---------------------------------------------------------------------------------------------

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/voice")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The checked-in espeak-ng fixtures (made by `tests/fixtures/voice/make.py`, which also stored
/// Praat's median F0 for each): our median is within 3 % of Praat's and we find most of the
/// frames Praat calls voiced.
#[test]
fn espeak_fixtures_agree_with_praat() {
    let reference: Value = serde_json::from_slice(&fixture("reference.json")).unwrap();
    let reference = reference.as_object().unwrap();
    assert_eq!(reference.len(), 2);
    for (name, r) in reference {
        let bytes = fixture(name);
        let f = voice_features_wav(&bytes, &VoiceConfig::default()).unwrap();
        assert_eq!(f.sample_rate, 11025);
        let praat = r["praat_median_hz"].as_f64().unwrap();
        let ours = f.f0.median_hz.unwrap();
        assert!(
            (ours - praat).abs() / praat < 0.03,
            "{name}: ours {ours}, Praat {praat}"
        );
        let praat_voiced = r["praat_voiced_frames"].as_u64().unwrap();
        assert!(
            f.f0.voiced_frames * 10 >= praat_voiced * 7,
            "{name}: {} voiced frames, Praat {praat_voiced}",
            f.f0.voiced_frames
        );
        assert!(f.f0.voiced_frames <= praat_voiced + 10, "{name}");
        assert!(f.warnings.is_empty(), "{name}: {:?}", f.warnings);
        // Speech has pitch movement and loudness variation, unlike a steady tone.
        assert!(f.f0.stdev_semitones.unwrap() > 0.5, "{name}");
        assert!(f.loudness.stdev_db.unwrap() > 1.0, "{name}");
        let sps = f.speech_rate.syllables_per_second.unwrap();
        assert!((1.5..8.0).contains(&sps), "{name}: {sps} syllables/s");
        // The transcript gives the word count: 7 English words, 7 CJK characters.
        let text = r["text"].as_str().unwrap();
        let t = Transcript {
            text: Some(text.into()),
            words: vec![],
        };
        let with = interviewkit_core::voice::voice_features_wav_with_transcript(
            &bytes,
            &VoiceConfig::default(),
            &t,
        )
        .unwrap();
        assert_eq!(with.fillers.unwrap().words, 7, "{name}");
    }
}

fn espeak(voice: &str, pitch: u32, text: &str) -> Option<Vec<u8>> {
    let path = std::env::temp_dir().join(format!(
        "ik-voice-{}-{voice}-{pitch}.wav",
        std::process::id()
    ));
    let status = std::process::Command::new("espeak-ng")
        .args(["-v", voice, "-p", &pitch.to_string(), "-s", "150", "-w"])
        .arg(&path)
        .arg(text)
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let bytes = std::fs::read(&path).ok();
    let _ = std::fs::remove_file(&path);
    bytes
}

/// Live espeak-ng synthesis at set pitches (skipped when espeak-ng is not installed). espeak-ng
/// 1.51's default English voice has a median F0 near 75 Hz at `-p 20`, 98 Hz at `-p 50` and
/// 135 Hz at `-p 80` (Praat agrees within 1 Hz, see `bench/voice/compare.py`).
#[test]
fn espeak_speech_with_a_set_pitch() {
    let text_en = "The quick brown fox jumps over the lazy dog. We will meet again tomorrow.";
    if espeak("en", 50, "test").is_none() {
        eprintln!("SKIPPED espeak_speech_with_a_set_pitch: espeak-ng is not installed");
        return;
    }
    let config = VoiceConfig::default();
    let mut medians = Vec::new();
    for (pitch, lo, hi) in [(20u32, 62.0, 90.0), (50, 85.0, 115.0), (80, 115.0, 160.0)] {
        let f = voice_features_wav(&espeak("en", pitch, text_en).unwrap(), &config).unwrap();
        let m = f.f0.median_hz.unwrap();
        eprintln!("espeak-ng en -p {pitch}: median {m} Hz");
        assert!((lo..hi).contains(&m), "-p {pitch}: {m}");
        assert!(
            f.voiced_ratio > 0.3 && f.voiced_ratio < 0.95,
            "{}",
            f.voiced_ratio
        );
        let sps = f.speech_rate.syllables_per_second.unwrap();
        assert!((2.0..8.0).contains(&sps), "syllables/s {sps}");
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        medians.push(m);
    }
    assert!(
        medians.windows(2).all(|w| w[1] > w[0] * 1.15),
        "{medians:?}"
    );
    let text_zh = "我们今天讨论一下这个项目的进度，然后决定下一步。";
    let low = voice_features_wav(&espeak("cmn", 30, text_zh).unwrap(), &config).unwrap();
    let high = voice_features_wav(&espeak("cmn", 70, text_zh).unwrap(), &config).unwrap();
    let (ml, mh) = (low.f0.median_hz.unwrap(), high.f0.median_hz.unwrap());
    eprintln!("espeak-ng cmn: -p 30 median {ml} Hz, -p 70 median {mh} Hz");
    assert!((65.0..95.0).contains(&ml), "cmn -p 30: {ml}");
    assert!((85.0..120.0).contains(&mh), "cmn -p 70: {mh}");
    assert!(mh > ml * 1.1);
    // Mandarin tones make pitch move.
    assert!(high.f0.stdev_semitones.unwrap() > 1.0);
}

#[test]
fn wav_bytes_with_options_equal_the_request_entry_point() {
    let x = speechy(16000);
    let wav = wav_bytes(16000, 1, 16, 1, &mono_frames(&x));
    let options = json!({"transcript": "嗯，我们开始吧。", "config": {"min_pause_s": 0.3}});
    let direct = interviewkit_core::voice::voice_features_wav_value(&wav, &options).unwrap();
    let mut request = options.clone();
    request["wav_base64"] = json!(STANDARD.encode(&wav));
    assert_eq!(direct, voice_features_value(&request).unwrap());
    assert_eq!(direct["fillers"]["count"], 1);
    assert_eq!(direct["config"]["min_pause_s"], 0.3);
    // No options at all: null and {} are the same.
    let none = interviewkit_core::voice::voice_features_wav_value(&wav, &Value::Null).unwrap();
    assert_eq!(
        none,
        interviewkit_core::voice::voice_features_wav_value(&wav, &json!({})).unwrap()
    );
    assert!(none["fillers"].is_null());
    // The audio comes from the bytes argument, never from the options.
    let e = interviewkit_core::voice::voice_features_wav_value(&wav, &json!({"samples": [0.0]}))
        .unwrap_err();
    assert_eq!(invalid_name(&e), "samples");
}

#[test]
fn a_stream_finishes_once_and_a_typo_in_its_options_does_not_lose_the_audio() {
    use interviewkit_core::voice::VoiceStream;
    let x = speechy(8000);
    let mut s = VoiceStream::new(8000, &json!({"config": {"f0_min": 70}})).unwrap();
    for chunk in x.chunks(333) {
        s.push_f32(chunk).unwrap();
    }
    assert_eq!(s.samples_received(), x.len() as u64);
    let e = s.finish(&json!({"transcrpt": "um"})).unwrap_err();
    assert_eq!(invalid_name(&e), "transcrpt");
    let e = s
        .finish(&json!({"words": [{"text": "a", "start": 2, "end": 1}]}))
        .unwrap_err();
    assert_eq!(invalid_name(&e), "words[0].end");
    // Still live: the corrected call works and equals the one-shot analysis.
    let out = s.finish(&json!({"transcript": "um, yes"})).unwrap();
    let cfg = VoiceConfig {
        f0_min: 70.0,
        ..VoiceConfig::default()
    };
    let transcript = Transcript {
        text: Some("um, yes".into()),
        words: vec![],
    };
    let one_shot = analyze_with_transcript(&x, 8000, &cfg, &transcript).unwrap();
    assert_eq!(out, one_shot.to_value());
    // Finished: every later call is an error naming the stream, never a panic.
    assert_eq!(invalid_name(&s.finish(&Value::Null).unwrap_err()), "stream");
    assert_eq!(invalid_name(&s.push_f32(&[0.0]).unwrap_err()), "stream");
    assert_eq!(invalid_name(&s.push_i16(&[0]).unwrap_err()), "stream");
    assert_eq!(s.samples_received(), 0);
    // Bad construction options.
    assert_eq!(
        invalid_name(&VoiceStream::new(8000, &json!({"transcript": "x"})).unwrap_err()),
        "transcript"
    );
    assert_eq!(
        invalid_name(&VoiceStream::new(7999, &Value::Null).unwrap_err()),
        "sample_rate"
    );
}

#[test]
fn no_result_prints_a_negative_zero() {
    // A tone with no pause: pause totals are exactly 0, never -0.
    let out = interviewkit_core::voice::voice_features_value(&json!({
        "samples": tone(180.0, 8000, 0.5, 1, 0.3),
        "sample_rate": 8000,
    }))
    .unwrap();
    let text = serde_json::to_string(&out).unwrap();
    assert!(!text.contains("-0.0"), "{text}");
    assert_eq!(out["pauses"]["total_s"], 0.0);
}
