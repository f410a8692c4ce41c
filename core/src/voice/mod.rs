//! Voice features from mono PCM (issue #6, item 2): pitch (F0), voicing, pauses, speech rate,
//! loudness variation, clipping, and the filler-word rate of a transcript.
//!
//! Owns: WAV decoding from bytes, resampling to the 8 kHz analysis rate, the YIN pitch tracker,
//! the energy voice-activity detector, the syllable-nucleus rate estimate, filler counting, the
//! streaming [`VoiceAnalyzer`] and the JSON entry point [`voice_features_value`]. Must not touch:
//! the policy gate (hosts pass these features to [`crate::policy`] as `voice` signals before
//! using them), any emotion or affect inference (none is made: these features describe how the
//! speech sounds, not what the speaker feels), files or clocks.
//!
//! Results are deterministic and identical on every target: fixed-order arithmetic, filter taps
//! and logarithms computed with `+ − × ÷` only, floats rounded to 4 decimals.
//!
//! Request → response (through [`voice_features_value`]):
//!
//! ```
//! use serde_json::json;
//!
//! // One second of a 200 Hz tone at 16 kHz, then half a second of silence, then another second.
//! let rate = 16_000usize;
//! let tone = |n: usize| (0..n).map(|i| {
//!     0.3 * (2.0 * std::f64::consts::PI * 200.0 * i as f64 / rate as f64).sin()
//! });
//! let samples: Vec<f64> = tone(rate).chain(std::iter::repeat_n(0.0, rate / 2)).chain(tone(rate)).collect();
//! let out = interviewkit_core::voice::voice_features_value(&json!({
//!     "samples": samples,
//!     "sample_rate": 16000,
//!     "transcript": "Um, I think, like, it works. 嗯，那个，可以。",
//! })).unwrap();
//! assert_eq!(out["category"], "voice");
//! assert!((out["f0"]["median_hz"].as_f64().unwrap() - 200.0).abs() < 2.0);
//! assert_eq!(out["pauses"]["count"], 1);
//! assert_eq!(out["speech_rate"]["method"], "syllable_nuclei");
//! assert_eq!(out["fillers"]["count"], 4); // um, like, 嗯, 那个
//! ```
//!
//! See `docs/voice.md` for every feature, its unit and algorithm, and the limits.

mod analyzer;
mod detmath;
mod fillers;
mod pitch;
mod resample;
mod wav;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};

pub use analyzer::VoiceAnalyzer;
pub use fillers::{count_fillers, count_words, FillerCounts, FILLER_FORMS};
pub use wav::{read_wav, WavAudio};

/// Lowest input sample rate accepted, Hz.
pub const MIN_RATE: u32 = 8000;
/// Highest input sample rate accepted, Hz.
pub const MAX_RATE: u32 = 192_000;
/// The rate all analysis runs at, Hz.
pub const ANALYSIS_RATE: u32 = resample::ANALYSIS_RATE;
/// The `category` every result carries (the policy gate's category for these signals).
pub const CATEGORY: &str = "voice";
/// The note every result carries.
pub const NOTE: &str = "Paralinguistic measurements of the speech signal (pitch, voicing, \
pauses, rate, loudness, fillers). They describe how the speech sounds, not what the speaker \
feels: no emotion or affect is inferred. Voice data is biometric-adjacent: check the policy gate \
(consent) before using these signals.";
/// Longest transcript accepted, in bytes.
pub const MAX_TRANSCRIPT_BYTES: usize = 1 << 20;
/// Most timed words accepted.
pub const MAX_WORDS: usize = 200_000;

pub(crate) fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration and transcript
// ---------------------------------------------------------------------------------------------

/// Analysis settings; [`Default`] gives the documented defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct VoiceConfig {
    /// Lowest F0 searched, Hz (default 60; 30 ≤ `f0_min` < `f0_max`).
    pub f0_min: f64,
    /// Highest F0 searched, Hz (default 500; at most 1000).
    pub f0_max: f64,
    /// YIN absolute threshold on the normalised difference (default 0.15).
    pub yin_threshold: f64,
    /// A frame is voiced when its aperiodicity is below this (default 0.45).
    pub voicing_threshold: f64,
    /// Silence threshold relative to the 95th-percentile 10 ms level, dB (default −25).
    pub silence_db: f64,
    /// Anything quieter than this is silence whatever the recording, dBFS (default −60).
    pub min_level_dbfs: f64,
    /// Shortest silence counted as a pause, s (default 0.25).
    pub min_pause_s: f64,
    /// Intensity dip needed between two syllable nuclei, dB (default 2).
    pub syllable_dip_db: f64,
    /// Warn about clipping above this fraction of samples (default 0.01).
    pub clipping_warn_ratio: f64,
    /// Longest audio accepted, s (default 1800 = 30 min); longer is [`Error::LimitExceeded`].
    pub max_duration_s: u64,
}

impl Default for VoiceConfig {
    fn default() -> Self {
        VoiceConfig {
            f0_min: 60.0,
            f0_max: 500.0,
            yin_threshold: 0.15,
            voicing_threshold: 0.45,
            silence_db: -25.0,
            min_level_dbfs: -60.0,
            min_pause_s: 0.25,
            syllable_dip_db: 2.0,
            clipping_warn_ratio: 0.01,
            max_duration_s: 1800,
        }
    }
}

/// The configuration keys, in output order.
const CONFIG_KEYS: [&str; 10] = [
    "f0_min",
    "f0_max",
    "yin_threshold",
    "voicing_threshold",
    "silence_db",
    "min_level_dbfs",
    "min_pause_s",
    "syllable_dip_db",
    "clipping_warn_ratio",
    "max_duration_s",
];

impl VoiceConfig {
    fn floats(&self) -> [f64; 9] {
        [
            self.f0_min,
            self.f0_max,
            self.yin_threshold,
            self.voicing_threshold,
            self.silence_db,
            self.min_level_dbfs,
            self.min_pause_s,
            self.syllable_dip_db,
            self.clipping_warn_ratio,
        ]
    }

    /// Checks every field; errors name `config.<field>`.
    pub fn validate(&self) -> Result<()> {
        let ranges: [(f64, f64, &str); 9] = [
            (30.0, 1000.0, "a frequency from 30 to 1000 Hz, below f0_max"),
            (30.0, 1000.0, "a frequency from 30 to 1000 Hz, above f0_min"),
            (0.01, 1.0, "a number from 0.01 to 1"),
            (0.01, 1.0, "a number from 0.01 to 1"),
            (-80.0, -1.0, "a level from -80 to -1 dB"),
            (-120.0, 0.0, "a level from -120 to 0 dBFS"),
            (0.05, 10.0, "a duration from 0.05 to 10 s"),
            (0.0, 20.0, "a level difference from 0 to 20 dB"),
            (0.0, 1.0, "a fraction from 0 to 1"),
        ];
        for ((value, (lo, hi, expected)), key) in
            self.floats().iter().zip(ranges.iter()).zip(CONFIG_KEYS)
        {
            if !(value.is_finite() && *value >= *lo && *value <= *hi) {
                return Err(invalid(&format!("config.{key}"), *expected));
            }
        }
        if self.f0_min >= self.f0_max {
            return Err(invalid(
                "config.f0_min",
                "a frequency from 30 to 1000 Hz, below f0_max",
            ));
        }
        if self.max_duration_s == 0 || self.max_duration_s > 86_400 {
            return Err(invalid(
                "config.max_duration_s",
                "a whole number of seconds from 1 to 86400",
            ));
        }
        Ok(())
    }

    /// Reads a configuration object (missing keys keep their defaults). `path` prefixes errors.
    pub fn from_value(value: &Value, path: &str) -> Result<VoiceConfig> {
        let obj = value
            .as_object()
            .ok_or_else(|| invalid(path, "an object"))?;
        let mut cfg = VoiceConfig::default();
        for (key, v) in obj {
            let name = format!("{path}.{key}");
            if key == "max_duration_s" {
                cfg.max_duration_s = v
                    .as_u64()
                    .ok_or_else(|| invalid(&name, "a whole number of seconds from 1 to 86400"))?;
                continue;
            }
            let slot = match key.as_str() {
                "f0_min" => &mut cfg.f0_min,
                "f0_max" => &mut cfg.f0_max,
                "yin_threshold" => &mut cfg.yin_threshold,
                "voicing_threshold" => &mut cfg.voicing_threshold,
                "silence_db" => &mut cfg.silence_db,
                "min_level_dbfs" => &mut cfg.min_level_dbfs,
                "min_pause_s" => &mut cfg.min_pause_s,
                "syllable_dip_db" => &mut cfg.syllable_dip_db,
                "clipping_warn_ratio" => &mut cfg.clipping_warn_ratio,
                _ => {
                    return Err(invalid(
                        &name,
                        format!("no such field; allowed: {}", CONFIG_KEYS.join(", ")),
                    ))
                }
            };
            *slot = v.as_f64().ok_or_else(|| invalid(&name, "a number"))?;
        }
        cfg.validate().map_err(|e| rename(e, "config", path))?;
        Ok(cfg)
    }

    /// The configuration as JSON, keys in a fixed order.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        for (key, v) in CONFIG_KEYS.iter().zip(self.floats()) {
            m.insert((*key).to_string(), json!(v));
        }
        m.insert("max_duration_s".into(), json!(self.max_duration_s));
        Value::Object(m)
    }
}

/// One timed word of a transcript (seconds from the start of the audio).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The word (or several CJK characters, each counting as one word).
    pub text: String,
    /// Start time, s.
    pub start: f64,
    /// End time, s (not before `start`).
    pub end: f64,
}

/// What is known of what was said: plain text and/or timed words. Both are optional.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transcript {
    /// The transcript text (used for fillers; punctuation helps, see `docs/voice.md`).
    pub text: Option<String>,
    /// Timed words (used for the speech rate, and for fillers when `text` is absent).
    pub words: Vec<Word>,
}

impl Transcript {
    /// Checks sizes and word timings; errors name `transcript` or `words[i].<field>`.
    pub fn validate(&self) -> Result<()> {
        if let Some(t) = &self.text {
            if t.len() > MAX_TRANSCRIPT_BYTES {
                return Err(Error::LimitExceeded {
                    what: "transcript length in bytes".into(),
                    limit: MAX_TRANSCRIPT_BYTES as u64,
                    actual: t.len() as u64,
                });
            }
        }
        if self.words.len() > MAX_WORDS {
            return Err(Error::LimitExceeded {
                what: "number of timed words".into(),
                limit: MAX_WORDS as u64,
                actual: self.words.len() as u64,
            });
        }
        for (i, w) in self.words.iter().enumerate() {
            if !(w.start.is_finite() && w.start >= 0.0) {
                return Err(invalid(
                    &format!("words[{i}].start"),
                    "a time in seconds, 0 or more",
                ));
            }
            if !(w.end.is_finite() && w.end >= w.start) {
                return Err(invalid(
                    &format!("words[{i}].end"),
                    "a time in seconds, not before start",
                ));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/// Something the caller should know about the result (`code` is stable, `message` explains).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `short_audio`, `no_speech`, `no_voiced_frames`, `clipping`, `wav_truncated` or
    /// `word_timings_empty`.
    pub code: String,
    /// What happened and what it means for the features.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(code: &str, message: impl Into<String>) -> Warning {
        Warning {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// Pitch statistics over voiced frames; every field is `None` when no frame is voiced.
#[derive(Debug, Clone, PartialEq)]
pub struct F0Stats {
    /// Median F0, Hz.
    pub median_hz: Option<f64>,
    /// Mean F0, Hz.
    pub mean_hz: Option<f64>,
    /// Standard deviation of F0, Hz.
    pub stdev_hz: Option<f64>,
    /// 5th percentile, Hz.
    pub p5_hz: Option<f64>,
    /// 95th percentile, Hz.
    pub p95_hz: Option<f64>,
    /// Standard deviation of F0 in semitones (scale-free pitch variation).
    pub stdev_semitones: Option<f64>,
    /// 95th minus 5th percentile, in semitones (pitch range).
    pub range_semitones: Option<f64>,
    /// Voiced 10 ms frames the statistics rest on.
    pub voiced_frames: u64,
}

impl F0Stats {
    fn empty() -> F0Stats {
        F0Stats {
            median_hz: None,
            mean_hz: None,
            stdev_hz: None,
            p5_hz: None,
            p95_hz: None,
            stdev_semitones: None,
            range_semitones: None,
            voiced_frames: 0,
        }
    }
}

/// One 10 ms frame of the pitch track ([`f0_track`]).
#[derive(Debug, Clone, PartialEq)]
pub struct F0Frame {
    /// Centre of the frame's 30 ms window, s from the start.
    pub time_s: f64,
    /// F0 in Hz when the frame is voiced.
    pub f0_hz: Option<f64>,
    /// YIN aperiodicity (0 periodic … about 1 noise; 1 when the frame was not evaluated).
    pub aperiodicity: f64,
    /// RMS level over the window, dBFS (−120 for digital silence).
    pub level_dbfs: f64,
}

/// Silences within speech (leading and trailing silence is not a pause).
#[derive(Debug, Clone, PartialEq)]
pub struct PauseStats {
    /// Pauses of at least `min_pause_s`.
    pub count: u64,
    /// Their total length, s.
    pub total_s: f64,
    /// Mean pause length, s (`None` without pauses).
    pub mean_s: Option<f64>,
    /// Longest pause, s (`None` without pauses).
    pub max_s: Option<f64>,
    /// `total_s / span_s` (`None` without speech).
    pub ratio: Option<f64>,
    /// Pauses of 0.5 s or more.
    pub count_ge_0_5s: u64,
    /// Pauses of 2 s or more.
    pub count_ge_2s: u64,
    /// Speaking time: the span less its pauses, s.
    pub speech_s: f64,
    /// From the first speech onset to the last speech offset, s.
    pub span_s: f64,
}

/// How the speech rate was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeechRateMethod {
    /// Words per minute from the transcript's word timings.
    WordTimings,
    /// Syllables per second of speaking time, from intensity peaks in voiced frames.
    SyllableNuclei,
}

impl SpeechRateMethod {
    /// The JSON name: `word_timings` or `syllable_nuclei`.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeechRateMethod::WordTimings => "word_timings",
            SpeechRateMethod::SyllableNuclei => "syllable_nuclei",
        }
    }
}

/// Speech rate: the headline `value` in `unit`, by `method`, and both measures where known.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeechRate {
    /// Which measure `value` is.
    pub method: SpeechRateMethod,
    /// The rate (`None` when there is no speech).
    pub value: Option<f64>,
    /// `words_per_minute` or `syllables_per_second`.
    pub unit: &'static str,
    /// Syllable nuclei found (always computed).
    pub syllable_nuclei: u64,
    /// Syllable nuclei per second of speaking time (`None` without speech).
    pub syllables_per_second: Option<f64>,
    /// Words in the timed transcript (Latin words + CJK characters), when given.
    pub words: Option<u64>,
    /// Those words per minute over the first-start-to-last-end span, when given.
    pub words_per_minute: Option<f64>,
}

/// Level of voiced frames (RMS over 30 ms, dB re full scale); `None` without voiced frames.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loudness {
    /// Mean level, dBFS.
    pub mean_dbfs: Option<f64>,
    /// Standard deviation of the level, dB: the loudness variation.
    pub stdev_db: Option<f64>,
    /// 5th percentile level, dBFS.
    pub p5_dbfs: Option<f64>,
    /// 95th percentile level, dBFS.
    pub p95_dbfs: Option<f64>,
}

/// Filler words of the transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct FillerStats {
    /// `transcript` (the text) or `words` (the timed words joined).
    pub source: &'static str,
    /// Fillers found.
    pub count: u64,
    /// Words in that text (Latin words + CJK characters, fillers included).
    pub words: u64,
    /// Fillers per 100 words (`None` for an empty text).
    pub per_100_words: Option<f64>,
    /// Fillers per minute of the word-timing span, else of the audio's speech span.
    pub per_minute: Option<f64>,
    /// Count per form, in [`FILLER_FORMS`] order, zero counts left out.
    pub by_form: Vec<(String, u64)>,
}

/// Everything measured; reported floats are rounded to 4 decimals.
#[derive(Debug, Clone, PartialEq)]
pub struct VoiceFeatures {
    /// Input duration, s.
    pub duration_s: f64,
    /// Input sample rate, Hz.
    pub sample_rate: u32,
    /// Analysis rate, Hz (8000).
    pub analysis_rate: u32,
    /// 10 ms analysis frames.
    pub frames: u64,
    /// Pitch.
    pub f0: F0Stats,
    /// Voiced frames / all frames (0 for silence).
    pub voiced_ratio: f64,
    /// Pauses.
    pub pauses: PauseStats,
    /// Speech rate.
    pub speech_rate: SpeechRate,
    /// Level of voiced frames.
    pub loudness: Loudness,
    /// Fraction of input samples at or above 99.9 % of full scale (for WAV: of sample frames
    /// where any channel is).
    pub clipping_ratio: f64,
    /// Fillers, when a transcript or timed words were given.
    pub fillers: Option<FillerStats>,
    /// Warnings, in the order raised.
    pub warnings: Vec<Warning>,
    /// The configuration used.
    pub config: VoiceConfig,
}

impl VoiceFeatures {
    /// The JSON form, keys in a fixed order (see `docs/voice.md`).
    pub fn to_value(&self) -> Value {
        let f = &self.f0;
        let p = &self.pauses;
        let s = &self.speech_rate;
        let l = &self.loudness;
        let fillers = match &self.fillers {
            None => Value::Null,
            Some(fl) => {
                let mut by = Map::new();
                for (form, n) in &fl.by_form {
                    by.insert(form.clone(), json!(n));
                }
                json!({
                    "source": fl.source,
                    "count": fl.count,
                    "words": fl.words,
                    "per_100_words": fl.per_100_words,
                    "per_minute": fl.per_minute,
                    "by_form": by,
                })
            }
        };
        let warnings: Vec<Value> = self
            .warnings
            .iter()
            .map(|w| json!({"code": w.code, "message": w.message}))
            .collect();
        json!({
            "category": CATEGORY,
            "note": NOTE,
            "duration_s": self.duration_s,
            "sample_rate": self.sample_rate,
            "analysis_rate": self.analysis_rate,
            "frames": self.frames,
            "f0": {
                "median_hz": f.median_hz,
                "mean_hz": f.mean_hz,
                "stdev_hz": f.stdev_hz,
                "p5_hz": f.p5_hz,
                "p95_hz": f.p95_hz,
                "stdev_semitones": f.stdev_semitones,
                "range_semitones": f.range_semitones,
                "voiced_frames": f.voiced_frames,
            },
            "voiced_ratio": self.voiced_ratio,
            "pauses": {
                "count": p.count,
                "total_s": p.total_s,
                "mean_s": p.mean_s,
                "max_s": p.max_s,
                "ratio": p.ratio,
                "count_ge_0_5s": p.count_ge_0_5s,
                "count_ge_2s": p.count_ge_2s,
                "speech_s": p.speech_s,
                "span_s": p.span_s,
            },
            "speech_rate": {
                "method": s.method.as_str(),
                "value": s.value,
                "unit": s.unit,
                "syllable_nuclei": s.syllable_nuclei,
                "syllables_per_second": s.syllables_per_second,
                "words": s.words,
                "words_per_minute": s.words_per_minute,
            },
            "loudness": {
                "mean_dbfs": l.mean_dbfs,
                "stdev_db": l.stdev_db,
                "p5_dbfs": l.p5_dbfs,
                "p95_dbfs": l.p95_dbfs,
            },
            "clipping_ratio": self.clipping_ratio,
            "fillers": fillers,
            "warnings": warnings,
            "config": self.config.to_value(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

/// Features of mono float samples at `sample_rate` Hz (one-shot [`VoiceAnalyzer`]).
///
/// Errors: [`Error::InvalidArgument`] naming `sample_rate`, `samples` (empty) or `samples[i]`
/// (NaN or infinite), or the `config` field; [`Error::LimitExceeded`] past `max_duration_s`.
pub fn analyze(samples: &[f32], sample_rate: u32, config: &VoiceConfig) -> Result<VoiceFeatures> {
    analyze_with_transcript(samples, sample_rate, config, &Transcript::default())
}

/// [`analyze`] for 16-bit samples (scaled by 1/32768; same result as the scaled floats).
pub fn analyze_i16(
    samples: &[i16],
    sample_rate: u32,
    config: &VoiceConfig,
) -> Result<VoiceFeatures> {
    let mut a = VoiceAnalyzer::new(sample_rate, config)?;
    a.push_i16(samples)?;
    a.finish()
}

/// The pitch track of mono float samples: one [`F0Frame`] per 10 ms, with the voicing
/// decisions [`analyze`] uses. Errors as for [`analyze`].
pub fn f0_track(samples: &[f32], sample_rate: u32, config: &VoiceConfig) -> Result<Vec<F0Frame>> {
    let mut a = VoiceAnalyzer::new(sample_rate, config)?;
    a.push_f32(samples)?;
    a.finish_track()
}

/// [`analyze`] with a transcript for the speech rate and fillers.
pub fn analyze_with_transcript(
    samples: &[f32],
    sample_rate: u32,
    config: &VoiceConfig,
    transcript: &Transcript,
) -> Result<VoiceFeatures> {
    let mut a = VoiceAnalyzer::new(sample_rate, config)?;
    a.push_f32(samples)?;
    a.finish_with_transcript(transcript)
}

/// Features of a WAV file's bytes (for the CLI's `interviewkit voice --wav FILE`).
///
/// Errors: those of [`read_wav`] (naming `wav`) and of [`analyze`].
pub fn voice_features_wav(bytes: &[u8], config: &VoiceConfig) -> Result<VoiceFeatures> {
    voice_features_wav_with_transcript(bytes, config, &Transcript::default())
}

/// [`voice_features_wav`] with a transcript.
pub fn voice_features_wav_with_transcript(
    bytes: &[u8],
    config: &VoiceConfig,
    transcript: &Transcript,
) -> Result<VoiceFeatures> {
    config.validate()?;
    let mut analyzer: Option<VoiceAnalyzer> = None;
    let info = wav::decode(bytes, config.max_duration_s, |rate, chunk| {
        let a = match analyzer.as_mut() {
            Some(a) => a,
            None => analyzer.insert(VoiceAnalyzer::new(rate, config)?),
        };
        a.push_f32(chunk)
    })?;
    let Some(mut a) = analyzer else {
        return Err(invalid("wav", "at least one complete sample frame"));
    };
    a.clipped_override = Some(info.clipped_frames);
    if info.truncated {
        a.extra_warnings.push(Warning::new(
            "wav_truncated",
            format!(
                "the WAV data chunk declares more bytes than the file holds: the {} complete \
                 sample frames present were analysed",
                info.frames
            ),
        ));
    }
    a.finish_with_transcript(transcript)
}

/// Renames an `InvalidArgument` whose name is `from` or starts with `from.` to start with `to`.
fn rename(e: Error, from: &str, to: &str) -> Error {
    match e {
        Error::InvalidArgument { name, expected } => {
            let name = if name == from {
                to.to_string()
            } else if let Some(rest) = name.strip_prefix(&format!("{from}.")) {
                format!("{to}.{rest}")
            } else {
                name
            };
            Error::InvalidArgument { name, expected }
        }
        other => other,
    }
}

const REQUEST_KEYS: [&str; 6] = [
    "wav_base64",
    "samples",
    "sample_rate",
    "transcript",
    "words",
    "config",
];

fn parse_words(v: &Value) -> Result<Vec<Word>> {
    let arr = v
        .as_array()
        .ok_or_else(|| invalid("words", "an array of {\"text\", \"start\", \"end\"}"))?;
    if arr.len() > MAX_WORDS {
        return Err(Error::LimitExceeded {
            what: "number of timed words".into(),
            limit: MAX_WORDS as u64,
            actual: arr.len() as u64,
        });
    }
    let mut out = Vec::with_capacity(arr.len());
    for (i, w) in arr.iter().enumerate() {
        let path = format!("words[{i}]");
        let obj = w
            .as_object()
            .ok_or_else(|| invalid(&path, "an object {\"text\", \"start\", \"end\"}"))?;
        if let Some(k) = obj
            .keys()
            .find(|k| !["text", "start", "end"].contains(&k.as_str()))
        {
            return Err(invalid(
                &format!("{path}.{k}"),
                "no such field; allowed: text, start, end",
            ));
        }
        let text = obj
            .get("text")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid(&format!("{path}.text"), "a string"))?;
        let time = |key: &str| {
            obj.get(key)
                .and_then(Value::as_f64)
                .ok_or_else(|| invalid(&format!("{path}.{key}"), "a time in seconds"))
        };
        out.push(Word {
            text: text.to_string(),
            start: time("start")?,
            end: time("end")?,
        });
    }
    Ok(out)
}

fn config_from(obj: &Map<String, Value>) -> Result<VoiceConfig> {
    match obj.get("config") {
        None | Some(Value::Null) => Ok(VoiceConfig::default()),
        Some(v) => VoiceConfig::from_value(v, "config"),
    }
}

fn transcript_from(obj: &Map<String, Value>) -> Result<Transcript> {
    let text = match obj.get("transcript") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_str()
                .ok_or_else(|| invalid("transcript", "a string"))?
                .to_string(),
        ),
    };
    let words = match obj.get("words") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => parse_words(v)?,
    };
    let transcript = Transcript { text, words };
    transcript.validate()?;
    Ok(transcript)
}

/// Checks that `options` is an object holding only `allowed` keys.
fn options_object<'a>(options: &'a Value, allowed: &[&str]) -> Result<&'a Map<String, Value>> {
    let obj = options
        .as_object()
        .ok_or_else(|| invalid("options", "an object"))?;
    if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(invalid(
            k,
            format!("no such option; allowed: {}", allowed.join(", ")),
        ));
    }
    Ok(obj)
}

/// Features of a WAV file given as bytes, with options `{"transcript"?, "words"?, "config"?}`
/// (as in [`voice_features_value`]; `null` or `{}` for none). The faces' `voice_features_wav`.
///
/// Errors: those of [`voice_features_value`], the audio ones naming `wav`.
pub fn voice_features_wav_value(bytes: &[u8], options: &Value) -> Result<Value> {
    let empty = Map::new();
    let obj = match options {
        Value::Null => &empty,
        other => options_object(other, &["transcript", "words", "config"])?,
    };
    let config = config_from(obj)?;
    let transcript = transcript_from(obj)?;
    Ok(voice_features_wav_with_transcript(bytes, &config, &transcript)?.to_value())
}

/// A streaming analysis as the faces hold it: created with a rate and options, fed chunks,
/// finished once (later calls are an error, not a panic).
///
/// ```
/// use serde_json::json;
/// use interviewkit_core::voice::VoiceStream;
///
/// let mut s = VoiceStream::new(16_000, &json!({})).unwrap();
/// let tone: Vec<f32> = (0..16_000)
///     .map(|i| 0.3 * (2.0 * std::f32::consts::PI * 220.0 * i as f32 / 16_000.0).sin())
///     .collect();
/// for chunk in tone.chunks(1600) {
///     s.push_f32(chunk).unwrap();
/// }
/// let out = s.finish(&json!({"transcript": "Hello there."})).unwrap();
/// assert!((out["f0"]["median_hz"].as_f64().unwrap() - 220.0).abs() < 2.0);
/// assert!(s.finish(&json!(null)).is_err()); // finished already
/// ```
#[derive(Debug)]
pub struct VoiceStream {
    analyzer: Option<VoiceAnalyzer>,
}

impl VoiceStream {
    /// A stream at `sample_rate` Hz; `options` is `{"config"?}` (or `null`).
    ///
    /// Errors: [`Error::InvalidArgument`] naming `sample_rate` or `config.<field>`.
    pub fn new(sample_rate: u32, options: &Value) -> Result<VoiceStream> {
        let empty = Map::new();
        let obj = match options {
            Value::Null => &empty,
            other => options_object(other, &["config"])?,
        };
        let config = config_from(obj)?;
        Ok(VoiceStream {
            analyzer: Some(VoiceAnalyzer::new(sample_rate, &config)?),
        })
    }

    fn live(&mut self) -> Result<&mut VoiceAnalyzer> {
        self.analyzer.as_mut().ok_or_else(finished)
    }

    /// Pushes float samples; see [`VoiceAnalyzer::push_f32`].
    pub fn push_f32(&mut self, samples: &[f32]) -> Result<()> {
        self.live()?.push_f32(samples)
    }

    /// Pushes 16-bit samples; see [`VoiceAnalyzer::push_i16`].
    pub fn push_i16(&mut self, samples: &[i16]) -> Result<()> {
        self.live()?.push_i16(samples)
    }

    /// Samples received so far (0 once finished).
    pub fn samples_received(&self) -> u64 {
        self.analyzer
            .as_ref()
            .map_or(0, VoiceAnalyzer::samples_received)
    }

    /// Ends the stream: `options` is `{"transcript"?, "words"?}` (or `null`). Once the options
    /// are accepted the stream is finished, whether the analysis succeeded or not.
    ///
    /// Errors: [`Error::InvalidArgument`] naming `samples` when nothing was pushed, a transcript
    /// field, or `stream` when the stream was finished before.
    pub fn finish(&mut self, options: &Value) -> Result<Value> {
        if self.analyzer.is_none() {
            return Err(finished());
        }
        let empty = Map::new();
        let obj = match options {
            Value::Null => &empty,
            other => options_object(other, &["transcript", "words"])?,
        };
        // Options are checked before the analyser is taken, so a typo there can be corrected.
        let transcript = transcript_from(obj)?;
        let analyzer = self.analyzer.take().ok_or_else(finished)?;
        Ok(analyzer.finish_with_transcript(&transcript)?.to_value())
    }
}

fn finished() -> Error {
    invalid(
        "stream",
        "a stream that has not been finished yet (create a new one)",
    )
}

/// The JSON entry point.
///
/// Request: `{"wav_base64": "<RIFF/WAVE bytes, standard base64>"}` or `{"samples": [numbers],
/// "sample_rate": N}` (mono, full scale ±1, N from 8000 to 192000), plus optional
/// `"transcript"` (string), `"words"` (`[{"text", "start", "end"}]`, seconds) and `"config"`
/// (any [`VoiceConfig`] field). Response: [`VoiceFeatures::to_value`].
///
/// Errors: [`Error::InvalidArgument`] naming the request field at fault (`wav_base64` for
/// undecodable or malformed WAV data, `wav_base64.sample_rate`, `samples[i]`, `sample_rate`,
/// `words[i].end`, `config.f0_min`, an unknown key); [`Error::LimitExceeded`] past
/// `config.max_duration_s` or the transcript limits.
pub fn voice_features_value(request: &Value) -> Result<Value> {
    let obj = request
        .as_object()
        .ok_or_else(|| invalid("request", "an object"))?;
    if let Some(k) = obj.keys().find(|k| !REQUEST_KEYS.contains(&k.as_str())) {
        return Err(invalid(
            k,
            format!("no such field; allowed: {}", REQUEST_KEYS.join(", ")),
        ));
    }
    let config = config_from(obj)?;
    let transcript = transcript_from(obj)?;

    let features = match (obj.get("wav_base64"), obj.get("samples")) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "samples",
                "absent when wav_base64 is given (send one audio source)",
            ))
        }
        (None, None) => {
            return Err(invalid(
                "wav_base64",
                "base64 WAV bytes, or `samples` with `sample_rate` (no audio was given)",
            ))
        }
        (Some(b64), None) => {
            if obj.contains_key("sample_rate") {
                return Err(invalid(
                    "sample_rate",
                    "absent with wav_base64 (the WAV header gives the rate)",
                ));
            }
            let b64 = b64
                .as_str()
                .ok_or_else(|| invalid("wav_base64", "a base64 string"))?;
            let bytes = STANDARD.decode(b64.trim()).map_err(|e| {
                invalid(
                    "wav_base64",
                    format!("standard base64 (RFC 4648, with padding): {e}"),
                )
            })?;
            voice_features_wav_with_transcript(&bytes, &config, &transcript)
                .map_err(|e| rename(e, "wav", "wav_base64"))?
        }
        (None, Some(samples)) => {
            let rate = obj.get("sample_rate").ok_or_else(|| {
                invalid("sample_rate", "a whole number of Hz from 8000 to 192000")
            })?;
            let rate = rate
                .as_u64()
                .and_then(|r| u32::try_from(r).ok())
                .ok_or_else(|| {
                    invalid("sample_rate", "a whole number of Hz from 8000 to 192000")
                })?;
            let arr = samples
                .as_array()
                .ok_or_else(|| invalid("samples", "an array of numbers"))?;
            let mut a = VoiceAnalyzer::new(rate, &config)?;
            // Convert and push in slices, so a long array never needs a second full copy.
            let mut buf: Vec<f32> = Vec::with_capacity(4096);
            for (k, chunk) in arr.chunks(4096).enumerate() {
                buf.clear();
                for (j, v) in chunk.iter().enumerate() {
                    let x = v.as_f64().map(|x| x as f32).filter(|x| x.is_finite());
                    match x {
                        Some(x) => buf.push(x),
                        None => {
                            return Err(invalid(
                                &format!("samples[{}]", k * 4096 + j),
                                "a finite number",
                            ))
                        }
                    }
                }
                a.push_f32(&buf)?;
            }
            a.finish_with_transcript(&transcript)?
        }
    };
    Ok(features.to_value())
}
