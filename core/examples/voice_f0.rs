//! Prints voice features and the pitch track of WAV files as JSON (for `bench/voice/compare.py`).
//!
//! `cargo run --release -p interviewkit-core --example voice_f0 -- a.wav [b.wav ...]`
//!
//! Output: one JSON array, an object per file: `{"file", "features", "track": [[time_s, f0_hz
//! or null], ...]}`, or `{"file", "error"}` when the file cannot be analysed. The environment
//! variable `IK_VOICE_CONFIG` may hold a JSON configuration (any `VoiceConfig` field).

use interviewkit_core::voice::{f0_track, read_wav, voice_features_wav, VoiceConfig};
use serde_json::{json, Value};

fn one(path: &str, config: &VoiceConfig) -> Value {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return json!({"file": path, "error": e.to_string()}),
    };
    let features = match voice_features_wav(&bytes, config) {
        Ok(f) => f.to_value(),
        Err(e) => return json!({"file": path, "error": e.to_string()}),
    };
    let track = match read_wav(&bytes, config.max_duration_s)
        .and_then(|a| f0_track(&a.samples, a.sample_rate, config))
    {
        Ok(t) => t
            .iter()
            .map(|f| json!([f.time_s, f.f0_hz]))
            .collect::<Vec<_>>(),
        Err(e) => return json!({"file": path, "error": e.to_string()}),
    };
    json!({"file": path, "features": features, "track": track})
}

fn main() {
    // Optional configuration as JSON (any VoiceConfig field), e.g. '{"voicing_threshold": 0.45}'.
    let config = match std::env::var("IK_VOICE_CONFIG") {
        Ok(text) => {
            match serde_json::from_str(&text)
                .map_err(|e| e.to_string())
                .and_then(|v| {
                    VoiceConfig::from_value(&v, "IK_VOICE_CONFIG").map_err(|e| e.to_string())
                }) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("IK_VOICE_CONFIG: {e}");
                    std::process::exit(2);
                }
            }
        }
        Err(_) => VoiceConfig::default(),
    };
    let out: Vec<Value> = std::env::args().skip(1).map(|p| one(&p, &config)).collect();
    println!("{}", Value::Array(out));
}
