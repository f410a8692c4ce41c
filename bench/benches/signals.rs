//! Behaviour signals and fusion (issue #6): voice features against real time, visual summaries
//! of a 30 fps minute, and fusion of one scorecard (typed, and JSON in / JSON out). Goals:
//! voice ≥ 1000× real time per core, fusion ≤ 50 µs per scorecard. Run with `bench/run-signals`.
#![allow(missing_docs)]

interviewkit_bench::faces_allocator!();

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use interviewkit_core::{fusion, visual, voice};
use serde_json::{json, Value};

const RATE: u32 = 16_000;

/// Ten seconds of speech-like audio: a voiced tone with a gliding pitch, syllable-rate
/// amplitude modulation and pauses, plus a little deterministic noise.
fn speech_like(seconds: usize) -> Vec<f32> {
    let n = seconds * RATE as usize;
    let mut phase = 0.0f64;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(RATE);
            let f0 = 120.0 + 30.0 * (0.7 * t).sin();
            phase += 2.0 * std::f64::consts::PI * f0 / f64::from(RATE);
            let syllable = (0.5 + 0.5 * (2.0 * std::f64::consts::PI * 4.0 * t).sin()).powi(2);
            let pause = if (t % 3.0) > 2.4 { 0.0 } else { 1.0 };
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let noise = (seed >> 40) as f64 / (1u64 << 24) as f64 - 0.5;
            (0.3 * pause * syllable * (phase.sin() + 0.3 * (2.0 * phase).sin()) + 0.002 * noise)
                as f32
        })
        .collect()
}

fn fixture(rel: &str) -> Value {
    let path = format!("{}/../{rel}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if let Value::Object(o) = &mut v {
        o.remove("comment");
    }
    v
}

fn signals(c: &mut Criterion) {
    let mut g = c.benchmark_group("signals");

    let audio = speech_like(10);
    let config = voice::VoiceConfig::default();
    g.throughput(Throughput::Elements(audio.len() as u64));
    g.bench_function("voice_10s_16khz", |b| {
        b.iter(|| voice::analyze(black_box(&audio), RATE, &config))
    });

    // One minute at 30 fps of blendshapes and head pose.
    let frames: Vec<Value> = (0..1800)
        .map(|i| {
            let t = f64::from(i) / 30.0;
            json!({
                "t": t,
                "blendshapes": {
                    "mouthSmileLeft": 0.5 + 0.45 * (0.3 * t).sin(),
                    "mouthSmileRight": 0.5 + 0.45 * (0.3 * t).sin(),
                    "eyeLookInLeft": 0.1, "eyeLookOutRight": 0.1,
                    "eyeLookUpLeft": 0.05 + 0.3 * (0.11 * t).sin().abs(),
                    "eyeLookDownRight": 0.05,
                },
                "head_pose": {"yaw": 10.0 * (0.5 * t).sin(), "pitch": 3.0 * (0.2 * t).cos(), "roll": 0.0},
            })
        })
        .collect();
    let request = json!({ "frames": frames });
    let parsed = visual::parse_request(&request).ok();
    g.throughput(Throughput::Elements(1800));
    if let Some(p) = &parsed {
        g.bench_function("visual_60s_30fps", |b| {
            b.iter(|| visual::summarize(black_box(&p.frames), &p.events, p.duration_s, &p.config))
        });
    }
    g.bench_function("visual_60s_30fps_from_json", |b| {
        b.iter(|| visual::visual_summary_value(black_box(&request)))
    });

    // Fusion of the fixture scorecard (3 competencies) with voice and visual signals under
    // `cn` with consent: the policy gate, fusion, divergence and the filled card.
    let request = json!({
        "policy": "cn",
        "scorecard": fixture("tests/fixtures/fusion/scorecard.json"),
        "signals": fixture("tests/fixtures/fusion/signals.json"),
        "consents": [{"purpose": "biometric_analysis", "jurisdiction": "cn", "granted_at": "2026-03-01T09:00:00Z"}],
        "at": "2026-03-02T10:00:00Z",
    });
    g.throughput(Throughput::Elements(1));
    if let Ok((profile, config, input)) = fusion::parse_fuse_request(&request) {
        if let Ok(fuser) = fusion::Fuser::new(profile, config) {
            g.bench_function("fuse_scorecard", |b| {
                b.iter(|| fuser.fuse(black_box(&input)))
            });
        }
    }
    g.bench_function("fuse_scorecard_json", |b| {
        b.iter(|| fusion::fuse_value(black_box(&request)))
    });
    g.finish();
}

criterion_group!(benches, signals);
criterion_main!(benches);
