//! Semantic similarity (issue #4, item 2): a user-supplied ONNX sentence-embedding model and its
//! Hugging Face `tokenizer.json`, run in-process by tract (core feature `onnx`).
//!
//! Owns: reading a model description from a request (`{"onnx": PATH, "tokenizer": PATH,
//! "max_tokens"?}`), loading and caching encoders per file, embedding texts (mean pooling over
//! the attention mask for token-level outputs, then L2 normalisation) and the cosine similarity
//! clamped to 0–1 that the fit score's `semantic` component takes. Must not touch: the fit
//! score itself ([`crate::matching`] calls [`similarities`]), any face.
//!
//! Builds without the `onnx` feature (the WASM package, the default wheel) keep the request
//! field and answer it with an `InvalidArgument` error that says so; a host can always pass its
//! own `semantic_score` instead.
//!
//! The model is the caller's: nothing is downloaded and no weights ship with InterviewKit. A
//! model's identity in results is the SHA-256 of the ONNX file and of the tokenizer file, so a
//! score can be replayed with the same model.

#[cfg(feature = "onnx")]
mod onnx;
#[cfg(feature = "onnx")]
pub mod toy;

#[cfg(feature = "onnx")]
pub use onnx::Encoder;

use crate::error::{Error, Result};
use serde_json::{json, Map, Value};
use std::path::PathBuf;

/// Default token limit per text: longer texts are truncated by the tokenizer.
pub const DEFAULT_MAX_TOKENS: usize = 256;
/// Largest `max_tokens` a request may ask for.
pub const MAX_TOKENS_LIMIT: usize = 8192;
/// Most texts one `semantic_embed` request may carry.
pub const MAX_TEXTS_PER_REQUEST: usize = 10_000;

/// Where a sentence-embedding model lives and how to run it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModelSpec {
    /// The ONNX model file.
    pub onnx: PathBuf,
    /// Its Hugging Face `tokenizer.json`.
    pub tokenizer: PathBuf,
    /// Texts are truncated to this many tokens (default [`DEFAULT_MAX_TOKENS`]).
    pub max_tokens: usize,
}

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

/// Refuses a member of `obj` not in `allowed`, naming it (`{path}/{member}`).
fn only(obj: &Map<String, Value>, allowed: &[&str], path: &str, what: &str) -> Result<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(
            &format!("{path}/{k}"),
            format!("no such member; {what} has {}", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

impl ModelSpec {
    /// Reads `{"onnx": PATH, "tokenizer": PATH, "max_tokens"?: N}`; `path` names the member in
    /// error messages (`/semantic_model`).
    pub fn from_value(value: &Value, path: &str) -> Result<ModelSpec> {
        let expected = "{\"onnx\": path of an ONNX sentence-embedding model, \"tokenizer\": path of its tokenizer.json, \"max_tokens\"?: 1–8192}";
        let obj = value.as_object().ok_or_else(|| invalid(path, expected))?;
        only(
            obj,
            &["onnx", "tokenizer", "max_tokens"],
            path,
            "a semantic model",
        )?;
        let file = |key: &str, what: &str| -> Result<PathBuf> {
            match obj.get(key) {
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(PathBuf::from(s)),
                _ => Err(invalid(
                    &format!("{path}/{key}"),
                    format!("the path of {what}"),
                )),
            }
        };
        let max_tokens = match obj.get("max_tokens") {
            None | Some(Value::Null) => DEFAULT_MAX_TOKENS,
            Some(v) => v
                .as_u64()
                .filter(|n| (1..=MAX_TOKENS_LIMIT as u64).contains(n))
                .map(|n| n as usize)
                .ok_or_else(|| {
                    invalid(
                        &format!("{path}/max_tokens"),
                        format!("a whole number from 1 to {MAX_TOKENS_LIMIT}"),
                    )
                })?,
        };
        Ok(ModelSpec {
            onnx: file("onnx", "an ONNX sentence-embedding model (.onnx)")?,
            tokenizer: file("tokenizer", "the model's Hugging Face tokenizer.json")?,
            max_tokens,
        })
    }
}

/// Whether this build can run ONNX models (core feature `onnx`).
pub fn available() -> bool {
    cfg!(feature = "onnx")
}

/// Cosine similarity of two L2-normalised embeddings, clamped to 0–1 (opposite or unrelated
/// texts score 0). Zero vectors (a text with no tokens) score 0.
pub fn cosine01(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    if dot.is_finite() {
        dot.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The model's identity for results: file hashes, output used, pooling and token limit.
pub(crate) fn describe(spec: &ModelSpec) -> Result<Value> {
    #[cfg(feature = "onnx")]
    {
        let enc = onnx::cached(spec)?;
        Ok(enc.describe())
    }
    #[cfg(not(feature = "onnx"))]
    {
        Err(unavailable(spec))
    }
}

#[cfg(not(feature = "onnx"))]
fn unavailable(_spec: &ModelSpec) -> Error {
    invalid(
        "semantic_model",
        "a build with ONNX support (core feature `onnx`; the CLI, C library and wheel are built with `--features onnx`, the WASM package never is); or pass your own `semantic_score` (0–1)",
    )
}

/// Embeddings (L2-normalised) of `texts` with the model `spec` names, loading it once per
/// process (the encoder is cached by path, size and modification time); in parallel with the
/// `parallel` feature.
pub fn embed(spec: &ModelSpec, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
    #[cfg(feature = "onnx")]
    {
        let enc = onnx::cached(spec)?;
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            texts.par_iter().map(|t| enc.embed(t)).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            texts.iter().map(|t| enc.embed(t)).collect()
        }
    }
    #[cfg(not(feature = "onnx"))]
    {
        let _ = texts;
        Err(unavailable(spec))
    }
}

/// The semantic score (0–1) of each text in `others` against `anchor`.
pub fn similarities(spec: &ModelSpec, anchor: &str, others: &[&str]) -> Result<Vec<f64>> {
    let mut all = Vec::with_capacity(others.len() + 1);
    all.push(anchor);
    all.extend_from_slice(others);
    let vectors = embed(spec, &all)?;
    let (first, rest) = vectors
        .split_first()
        .ok_or_else(|| Error::Internal("no embedding for the anchor text".into()))?;
    Ok(rest.iter().map(|v| cosine01(first, v)).collect())
}

/// `semantic_embed`: `{"model": {"onnx", "tokenizer", "max_tokens"?}, "texts": [STRING…]}` →
/// `{"model": {"onnx_sha256", "tokenizer_sha256", "inputs", "output", "pooling", "max_tokens",
/// "dimension"}, "embeddings": [[f32…]…]}`; with `"anchor": STRING` instead of embeddings,
/// `"similarities"`: the semantic score 0–1 of each text against the anchor.
pub fn semantic_embed_value(request: &Value) -> Result<Value> {
    let obj = request
        .as_object()
        .ok_or_else(|| invalid("request", "an object {\"model\", \"texts\", \"anchor\"?}"))?;
    only(
        obj,
        &["model", "texts", "anchor"],
        "",
        "a semantic_embed request",
    )?;
    let spec = ModelSpec::from_value(obj.get("model").unwrap_or(&Value::Null), "/model")?;
    let texts = strings(obj.get("texts"), "/texts")?;
    let anchor = match obj.get("anchor") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => return Err(invalid("/anchor", "a text to compare every text against")),
    };
    let mut out = Map::new();
    out.insert("model".into(), describe(&spec)?);
    match anchor {
        Some(a) => {
            out.insert(
                "similarities".into(),
                json!(similarities(&spec, a, &texts)?),
            );
        }
        None => {
            out.insert("embeddings".into(), json!(embed(&spec, &texts)?));
        }
    }
    Ok(Value::Object(out))
}

fn strings<'a>(v: Option<&'a Value>, path: &str) -> Result<Vec<&'a str>> {
    let arr = v
        .and_then(Value::as_array)
        .ok_or_else(|| invalid(path, "an array of texts"))?;
    if arr.len() > MAX_TEXTS_PER_REQUEST {
        return Err(Error::LimitExceeded {
            what: format!("{path} length"),
            actual: arr.len() as u64,
            limit: MAX_TEXTS_PER_REQUEST as u64,
        });
    }
    arr.iter()
        .enumerate()
        .map(|(i, t)| {
            t.as_str()
                .ok_or_else(|| invalid(&format!("{path}/{i}"), "a text (string)"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_errors_name_the_member() {
        let e = ModelSpec::from_value(&json!({"onnx": "m.onnx"}), "/semantic_model").unwrap_err();
        assert!(e.to_string().contains("/semantic_model/tokenizer"), "{e}");
        let e = ModelSpec::from_value(
            &json!({"onnx": "m.onnx", "tokenizer": "t.json", "max_tokens": 0}),
            "/m",
        )
        .unwrap_err();
        assert!(e.to_string().contains("/m/max_tokens"), "{e}");
        let e = ModelSpec::from_value(&json!({"onnx": "a", "tokenizer": "b", "pool": 1}), "/m")
            .unwrap_err();
        assert!(e.to_string().contains("/m/pool"), "{e}");
        let s = ModelSpec::from_value(&json!({"onnx": "a", "tokenizer": "b"}), "/m").unwrap();
        assert_eq!(s.max_tokens, DEFAULT_MAX_TOKENS);
    }

    #[test]
    fn cosine_is_clamped_to_zero_one() {
        assert_eq!(cosine01(&[1.0, 0.0], &[1.0, 0.0]), 1.0);
        assert_eq!(cosine01(&[1.0, 0.0], &[-1.0, 0.0]), 0.0);
        assert_eq!(cosine01(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
        assert!((cosine01(&[0.6, 0.8], &[1.0, 0.0]) - 0.6).abs() < 1e-6);
    }

    #[cfg(not(feature = "onnx"))]
    #[test]
    fn without_the_feature_the_error_says_how_to_get_it() {
        let e = semantic_embed_value(&json!({
            "model": {"onnx": "m.onnx", "tokenizer": "t.json"}, "texts": ["a"]
        }))
        .unwrap_err();
        assert_eq!(e.code(), crate::error::ErrorCode::InvalidArgument);
        assert!(e.to_string().contains("--features onnx"), "{e}");
    }
}
