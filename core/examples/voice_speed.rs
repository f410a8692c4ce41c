//! Measures how much faster than real time the voice features run on one core.
//!
//! `cargo run --release -p interviewkit-core --example voice_speed [-- SECONDS [F0_MIN [RATE]]]`
//!
//! Builds a speech-like signal (a harmonic voice with a gliding F0, syllable-rate amplitude
//! modulation, pauses and a little seeded noise), then times `analyze` at 8, 16, 44.1 and
//! 48 kHz. Prints one line per rate with the ×real-time factor (audio seconds / CPU seconds,
//! best of 5 runs; CPU time of the thread where Linux reports it).

use std::time::Instant;

/// CPU time of this thread in seconds (Linux schedstat; wall clock elsewhere), so that other
/// processes on a shared machine do not count.
struct Clock(Instant);

impl Clock {
    fn start() -> Clock {
        Clock(Instant::now())
    }
    fn cpu_ns() -> Option<u64> {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let cpu0 = Clock::cpu_ns();
    let wall = Clock::start();
    let out = f();
    let secs = match (cpu0, Clock::cpu_ns()) {
        (Some(a), Some(b)) => (b - a) as f64 / 1e9,
        _ => wall.0.elapsed().as_secs_f64(),
    };
    (out, secs)
}

use interviewkit_core::voice::{analyze, analyze_i16, read_wav, voice_features_wav, VoiceConfig};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn speech_like(rate: u32, seconds: f64) -> Vec<f32> {
    let n = (f64::from(rate) * seconds) as usize;
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut phase = 0.0f64;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let t = i as f64 / f64::from(rate);
        // F0 wanders between 100 and 160 Hz.
        let f0 = 130.0 + 30.0 * (2.0 * std::f64::consts::PI * 0.3 * t).sin();
        phase += 2.0 * std::f64::consts::PI * f0 / f64::from(rate);
        let mut v = 0.0;
        for h in 1..=12 {
            v += (phase * h as f64).sin() / h as f64;
        }
        // Syllables at about 4 per second; a 0.6 s pause every 3 s.
        let env = (std::f64::consts::PI * 4.0 * t).sin().abs();
        let gate = if t % 3.0 > 2.4 { 0.0 } else { 1.0 };
        let noise: f64 = rng.random_range(-1.0..1.0) * 0.003;
        out.push((0.2 * v * env * gate + noise) as f32);
    }
    out
}

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(60.0);
    let mut config = VoiceConfig::default();
    if let Some(f0_min) = std::env::args().nth(2).and_then(|s| s.parse().ok()) {
        config.f0_min = f0_min;
    }
    let rates: Vec<u32> = match std::env::args().nth(3).and_then(|s| s.parse().ok()) {
        Some(r) => vec![r],
        None => vec![8000, 16000, 44100, 48000],
    };
    for rate in rates {
        let x = speech_like(rate, seconds);
        let mut best = f64::INFINITY;
        let mut voiced = 0.0;
        for _ in 0..5 {
            let (f, secs) = timed(|| analyze(&x, rate, &config));
            let f = match f {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("error: {e}");
                    std::process::exit(1);
                }
            };
            best = best.min(secs);
            voiced = f.voiced_ratio;
        }
        println!(
            "rate {rate:>6} Hz: {seconds:.0} s of audio in {:.2} ms -> {:.0}x real time (voiced ratio {voiced})",
            best * 1e3,
            seconds / best
        );
    }
    // i16 input at 16 kHz, the common case for speech capture.
    let x: Vec<i16> = speech_like(16000, seconds)
        .iter()
        .map(|v| (v * 32767.0) as i16)
        .collect();
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let (r, secs) = timed(|| analyze_i16(&x, 16000, &config));
        if let Err(e) = r {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        best = best.min(secs);
    }
    println!(
        "rate  16000 Hz (i16): {seconds:.0} s of audio in {:.2} ms -> {:.0}x real time",
        best * 1e3,
        seconds / best
    );

    // A 16-bit 16 kHz WAV file in memory: decoding alone, and decoding plus features.
    let mut wav = Vec::new();
    let data_len = (x.len() * 2) as u32;
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    for v in [16u32, 0x0001_0001, 16000, 32000, 0x0010_0002] {
        wav.extend_from_slice(&v.to_le_bytes());
    }
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    for v in &x {
        wav.extend_from_slice(&v.to_le_bytes());
    }
    let (mut decode, mut full) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..5 {
        let (r, secs) = timed(|| read_wav(&wav, 3600).map(|a| a.samples.len()));
        if let Err(e) = r {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        decode = decode.min(secs);
        let (r, secs) = timed(|| voice_features_wav(&wav, &config));
        if let Err(e) = r {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        full = full.min(secs);
    }
    println!(
        "WAV 16-bit 16 kHz: decode {:.2} ms, decode + features {:.2} ms -> {:.0}x real time",
        decode * 1e3,
        full * 1e3,
        seconds / full
    );
}
