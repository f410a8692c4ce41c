//! A trainable sequence labeller for resume entities (issue #3, item 4): names, organisations,
//! titles, schools, majors … in Chinese and English resume text, learnt from a vendor's own
//! annotations.
//!
//! Owns: readers for BMES/BIOES character files and CoNLL token files ([`data`]), character
//! features, a linear-chain CRF (L-BFGS) and an averaged structured perceptron
//! ([`mod@train`]), BMES-constrained Viterbi decoding and the versioned model file ([`model`]),
//! tagging, and entity-level evaluation ([`eval`]). Must not touch: resume parsing (`resume`) or the skill taxonomy
//! (`taxonomy`), which use this module's output. No filesystem: files come in as text and models
//! as bytes (base64 in JSON).
//!
//! Request → response (through the JSON entry points):
//!
//! ```
//! use serde_json::json;
//! use interviewkit_core::ner;
//!
//! let train = "张 B-NAME\n三 E-NAME\n任 O\n总 B-TITLE\n经 M-TITLE\n理 E-TITLE\n\n\
//!              李 B-NAME\n四 E-NAME\n任 O\n经 B-TITLE\n理 E-TITLE\n";
//! let out = ner::ner_train_value(&json!({
//!     "format": "bmes", "train": train, "options": {"algorithm": "perceptron", "epochs": 5},
//! })).unwrap();
//! assert_eq!(out["report"]["types"], json!(["NAME", "TITLE"]));
//! let tagged = ner::ner_tag_value(&json!({"model": out["model"], "text": "张三任总经理"})).unwrap();
//! assert_eq!(tagged["entities"][1],
//!            json!({"type": "TITLE", "start": 3, "end": 6, "text": "总经理"}));
//! ```
//!
//! See `docs/ner.md` for the file formats, training on your own annotations, the model file
//! format and measured accuracy.

mod crf;
pub mod data;
pub mod eval;
mod features;
pub mod model;
pub mod train;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Map, Value};

pub use data::{read_bmes, read_conll, Corpus, EntitySpan, Format, Sentence};
pub use eval::{Metrics, TypeMetrics};
pub use model::{Model, MODEL_FORMAT_VERSION, MODEL_MAGIC};
pub use train::{train, Algorithm, RoundStats, TrainOptions, TrainReport};

use crate::error::{Error, Result};
use eval::Tally;
use model::Scratch;

/// The longest text (in bytes) accepted by one tagging request (all `texts` together).
pub const MAX_TAG_BYTES: usize = 16 * 1024 * 1024;

impl Model {
    /// Tags every sentence of `corpus` and scores the entities against its annotations.
    pub fn evaluate(&self, corpus: &Corpus) -> Metrics {
        let mut scratch = Scratch::default();
        let mut tally = Tally::default();
        for s in &corpus.sentences {
            let pred = self.spans_in(&s.chars, &mut scratch);
            let pred: Vec<(&str, usize, usize)> = pred
                .iter()
                .map(|&(t, a, b)| {
                    let ty = self.types().get(t).map(String::as_str).unwrap_or("");
                    (ty, a, b)
                })
                .collect();
            let gold: Vec<(&str, usize, usize)> = s
                .entities
                .iter()
                .map(|e| (e.entity_type.as_str(), e.start, e.end))
                .collect();
            tally.add(&gold, &pred);
        }
        tally.metrics()
    }

    /// Tags many texts, reusing buffers.
    pub fn tag_all<S: AsRef<str>>(&self, texts: &[S]) -> Vec<Vec<EntitySpan>> {
        let mut scratch = Scratch::default();
        texts
            .iter()
            .map(|t| self.tag_with(t.as_ref(), &mut scratch))
            .collect()
    }
}

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| invalid(path, "an object"))
}

fn string<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str> {
    obj.get(key)
        .ok_or_else(|| invalid(key, "a string (the field is missing)"))?
        .as_str()
        .ok_or_else(|| invalid(key, "a string"))
}

fn no_unknown(obj: &Map<String, Value>, allowed: &[&str], prefix: &str) -> Result<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(
            &format!("{prefix}{k}"),
            format!("no such field; allowed: {}", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

fn uint(v: &Value, name: &str, lo: u64, hi: u64) -> Result<u64> {
    v.as_u64()
        .filter(|x| (lo..=hi).contains(x))
        .ok_or_else(|| invalid(name, format!("an integer from {lo} to {hi}")))
}

fn options(v: Option<&Value>) -> Result<TrainOptions> {
    let mut o = TrainOptions::default();
    let Some(v) = v else {
        return Ok(o);
    };
    let obj = object(v, "options")?;
    no_unknown(
        obj,
        &[
            "algorithm",
            "iterations",
            "l2",
            "epochs",
            "seed",
            "min_feature_count",
            "prune",
        ],
        "options.",
    )?;
    if let Some(x) = obj.get("algorithm") {
        o.algorithm = match x.as_str() {
            Some("crf") => Algorithm::Crf,
            Some("perceptron") => Algorithm::Perceptron,
            _ => return Err(invalid("options.algorithm", "one of crf, perceptron")),
        };
    }
    if let Some(x) = obj.get("iterations") {
        o.iterations = uint(x, "options.iterations", 1, 2000)? as usize;
    }
    if let Some(x) = obj.get("l2") {
        o.l2 = x
            .as_f64()
            .filter(|p| p.is_finite() && *p >= 0.0)
            .ok_or_else(|| invalid("options.l2", "a number ≥ 0"))?;
    }
    if let Some(x) = obj.get("epochs") {
        o.epochs = uint(x, "options.epochs", 1, 200)? as usize;
    }
    if let Some(x) = obj.get("seed") {
        o.seed = uint(x, "options.seed", 0, u64::MAX)?;
    }
    if let Some(x) = obj.get("min_feature_count") {
        o.min_feature_count = uint(x, "options.min_feature_count", 1, 1000)? as u32;
    }
    if let Some(x) = obj.get("prune") {
        o.prune = x
            .as_f64()
            .filter(|p| p.is_finite() && *p >= 0.0)
            .ok_or_else(|| invalid("options.prune", "a number ≥ 0"))?;
    }
    Ok(o)
}

fn model_from(obj: &Map<String, Value>) -> Result<Model> {
    let b64 = string(obj, "model")?;
    let bytes = STANDARD
        .decode(b64)
        .map_err(|_| invalid("model", "base64 of an InterviewKit NER model file"))?;
    Model::from_bytes(&bytes)
}

fn format_from(obj: &Map<String, Value>) -> Result<Format> {
    Format::parse(string(obj, "format")?, "format")
}

/// Trains a model.
///
/// Request: `{"format": "bmes"|"conll", "train": FILE_TEXT, "dev"?: FILE_TEXT, "options"?:
/// {"algorithm"?: "crf"|"perceptron" ("crf"), "iterations"?: 1–2000 (150), "l2"?: ≥ 0 (0.5),
/// "epochs"?: 1–200 (10), "seed"?: u64 (1), "min_feature_count"?: 1–1000 (1), "prune"?: ≥ 0
/// (0)}}` (see [`TrainOptions`]).
///
/// Response: `{"model": BASE64, "report": {"algorithm", "feature_set", "types", "sentences",
/// "characters", "entities", "repaired_tags", "features", "parameters", "model_features",
/// "model_weights", "iterations"?, "evaluations"?, "loss"?, "best_round", "rounds": [{"round",
/// "train_errors"?, "dev_micro_f1"?}], "dev"?: METRICS}}`, where `METRICS` is the output of
/// [`ner_eval_value`]. With `dev`, the best-scoring checkpoint is kept.
pub fn ner_train_value(request: &Value) -> Result<Value> {
    let obj = object(request, "request")?;
    no_unknown(obj, &["format", "train", "dev", "options"], "")?;
    let format = format_from(obj)?;
    let opts = options(obj.get("options"))?;
    let train_corpus = format.read(string(obj, "train")?, "train")?;
    let dev_corpus = match obj.get("dev") {
        Some(_) => Some(format.read(string(obj, "dev")?, "dev")?),
        None => None,
    };
    let (model, report) = train::train(&train_corpus, dev_corpus.as_ref(), &opts)?;
    Ok(json!({
        "model": STANDARD.encode(model.to_bytes()),
        "report": report.to_json(),
    }))
}

fn spans_json(spans: &[EntitySpan]) -> Value {
    Value::Array(
        spans
            .iter()
            .map(|s| json!({"type": s.entity_type, "start": s.start, "end": s.end, "text": s.text}))
            .collect(),
    )
}

/// Tags text with a model.
///
/// Request: `{"model": BASE64, "text": STRING}` or `{"model": BASE64, "texts": [STRING…]}`.
///
/// Response: `{"entities": [{"type", "start", "end", "text"}…]}` for `text`; for `texts`,
/// `"entities"` holds one such array per text. Offsets are code points, `end` exclusive.
pub fn ner_tag_value(request: &Value) -> Result<Value> {
    let obj = object(request, "request")?;
    no_unknown(obj, &["model", "text", "texts"], "")?;
    let texts: Vec<&str> = match (obj.get("text"), obj.get("texts")) {
        (Some(_), Some(_)) => return Err(invalid("texts", "either `text` or `texts`, not both")),
        (Some(t), None) => vec![t.as_str().ok_or_else(|| invalid("text", "a string"))?],
        (None, Some(ts)) => {
            let arr = ts
                .as_array()
                .ok_or_else(|| invalid("texts", "an array of strings"))?;
            arr.iter()
                .enumerate()
                .map(|(i, t)| {
                    t.as_str()
                        .ok_or_else(|| invalid(&format!("texts[{i}]"), "a string"))
                })
                .collect::<Result<_>>()?
        }
        (None, None) => {
            return Err(invalid(
                "text",
                "a string (or `texts`, an array of strings)",
            ))
        }
    };
    let total: usize = texts.iter().map(|t| t.len()).sum();
    if total > MAX_TAG_BYTES {
        return Err(Error::LimitExceeded {
            what: "text to tag in bytes".into(),
            limit: MAX_TAG_BYTES as u64,
            actual: total as u64,
        });
    }
    let model = model_from(obj)?;
    let tagged = model.tag_all(&texts);
    let entities = if obj.contains_key("text") {
        tagged
            .first()
            .map(|s| spans_json(s))
            .unwrap_or(Value::Array(Vec::new()))
    } else {
        Value::Array(tagged.iter().map(|s| spans_json(s)).collect())
    };
    Ok(json!({ "entities": entities }))
}

/// Scores a model on an annotated file.
///
/// Request: `{"model": BASE64, "format": "bmes"|"conll", "test": FILE_TEXT}`.
///
/// Response: `{"micro_f1", "precision", "recall", "per_type": {TYPE: {"precision", "recall",
/// "f1", "support", "predicted", "correct"}}, "support", "predicted", "correct"}`: exact-match
/// entity scores, rates rounded to 4 decimals.
pub fn ner_eval_value(request: &Value) -> Result<Value> {
    let obj = object(request, "request")?;
    no_unknown(obj, &["model", "format", "test"], "")?;
    let format = format_from(obj)?;
    let test = format.read(string(obj, "test")?, "test")?;
    let model = model_from(obj)?;
    Ok(model.evaluate(&test).to_json())
}
