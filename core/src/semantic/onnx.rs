//! The tract-backed encoder (core feature `onnx`).

use super::{invalid, ModelSpec};
use crate::error::{Error, Result};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;
use tokenizers::{Tokenizer, TruncationParams};
use tract_onnx::prelude::*;
use tract_onnx::tract_hir::infer::Factoid;

/// Largest ONNX file read (2 GiB, protobuf's own limit).
const MAX_MODEL_BYTES: u64 = 2 << 30;
/// Largest tokenizer.json read.
const MAX_TOKENIZER_BYTES: u64 = 64 << 20;
/// Encoders kept loaded per process.
const CACHE_SIZE: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Feed {
    Ids,
    Mask,
    TypeIds,
}

impl Feed {
    fn name(self) -> &'static str {
        match self {
            Feed::Ids => "input_ids",
            Feed::Mask => "attention_mask",
            Feed::TypeIds => "token_type_ids",
        }
    }
}

/// A loaded sentence-embedding model: an optimised tract plan and its tokenizer. Shareable
/// between threads; [`Encoder::embed`] takes `&self`.
pub struct Encoder {
    plan: Arc<TypedRunnableModel>,
    tokenizer: Tokenizer,
    feeds: Vec<(Feed, DatumType)>,
    output: String,
    max_tokens: usize,
    onnx_sha256: String,
    tokenizer_sha256: String,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("feeds", &self.feeds)
            .field("output", &self.output)
            .field("max_tokens", &self.max_tokens)
            .field("onnx_sha256", &self.onnx_sha256)
            .finish_non_exhaustive()
    }
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn model_error(e: impl std::fmt::Display) -> Error {
    invalid(
        "semantic_model.onnx",
        format!("an ONNX sentence-embedding model tract can run (inputs input_ids, attention_mask?, token_type_ids?; output [1, tokens, dim] or [1, dim]): {e}"),
    )
}

impl Encoder {
    /// Loads a model from the bytes of its ONNX file and of its `tokenizer.json`; texts are
    /// truncated to `max_tokens` tokens.
    ///
    /// The model's inputs must be named `input_ids`, `attention_mask` or `token_type_ids`
    /// (64- or 32-bit integers, shape `[batch, tokens]`, batch 1 is used); its first output (or
    /// the one named `sentence_embedding`) is `[1, tokens, dim]`, mean-pooled over the
    /// attention mask, or an already pooled `[1, dim]`.
    pub fn from_bytes(onnx: &[u8], tokenizer: &[u8], max_tokens: usize) -> Result<Encoder> {
        let mut tok = Tokenizer::from_bytes(tokenizer).map_err(|e| {
            invalid(
                "semantic_model.tokenizer",
                format!("a Hugging Face tokenizer.json: {e}"),
            )
        })?;
        tok.with_truncation(Some(TruncationParams {
            max_length: max_tokens,
            ..TruncationParams::default()
        }))
        .map_err(|e| {
            invalid(
                "semantic_model.max_tokens",
                format!("a usable token limit: {e}"),
            )
        })?;
        tok.with_padding(None);

        let mut model = tract_onnx::onnx()
            .model_for_read(&mut std::io::Cursor::new(onnx))
            .map_err(model_error)?;
        let seq = model.symbols.sym("tokens");
        let mut feeds = Vec::new();
        for (i, outlet) in model
            .input_outlets()
            .map_err(model_error)?
            .to_vec()
            .iter()
            .enumerate()
        {
            let name = model.node(outlet.node).name.clone();
            let feed = if name.contains("input_ids") {
                Feed::Ids
            } else if name.contains("attention_mask") {
                Feed::Mask
            } else if name.contains("token_type_ids") {
                Feed::TypeIds
            } else {
                return Err(model_error(format!(
                    "input `{name}` is none of input_ids, attention_mask, token_type_ids"
                )));
            };
            let declared = model
                .input_fact(i)
                .map_err(model_error)?
                .datum_type
                .concretize();
            let dt = match declared {
                Some(DatumType::I32) => DatumType::I32,
                Some(DatumType::I64) | None => DatumType::I64,
                Some(other) => {
                    return Err(model_error(format!(
                        "input `{name}` is {other:?}; token inputs are int64 or int32"
                    )))
                }
            };
            model
                .set_input_fact(
                    i,
                    InferenceFact::dt_shape(dt, tvec![1.to_dim(), seq.to_dim()]),
                )
                .map_err(model_error)?;
            feeds.push((feed, dt));
        }
        if !feeds.iter().any(|(f, _)| *f == Feed::Ids) {
            return Err(model_error("no input named input_ids"));
        }
        let outputs = model.output_outlets().map_err(model_error)?.to_vec();
        let names: Vec<String> = outputs
            .iter()
            .map(|o| {
                model
                    .outlet_label(*o)
                    .map(str::to_string)
                    .unwrap_or_else(|| model.node(o.node).name.clone())
            })
            .collect();
        let pick = names
            .iter()
            .position(|n| n == "sentence_embedding")
            .unwrap_or(0);
        let output = names.get(pick).cloned().unwrap_or_default();
        if let Some(o) = outputs.get(pick) {
            model.select_output_outlets(&[*o]).map_err(model_error)?;
        }
        let plan = model
            .into_optimized()
            .map_err(model_error)?
            .into_runnable()
            .map_err(model_error)?;
        Ok(Encoder {
            plan,
            tokenizer: tok,
            feeds,
            output,
            max_tokens,
            onnx_sha256: hex(onnx),
            tokenizer_sha256: hex(tokenizer),
        })
    }

    /// Loads the model a [`ModelSpec`] names from its two files.
    pub fn from_spec(spec: &ModelSpec) -> Result<Encoder> {
        let onnx = read_limited(&spec.onnx, MAX_MODEL_BYTES, "semantic_model.onnx")?;
        let tok = read_limited(
            &spec.tokenizer,
            MAX_TOKENIZER_BYTES,
            "semantic_model.tokenizer",
        )?;
        Encoder::from_bytes(&onnx, &tok, spec.max_tokens)
    }

    /// The L2-normalised embedding of `text` (all zeros when the text has no tokens).
    pub fn embed(&self, text: &str) -> Result<Vec<f32>> {
        let enc = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| invalid("text", format!("text the tokenizer can encode: {e}")))?;
        let n = enc.get_ids().len();
        if n == 0 {
            return Ok(Vec::new());
        }
        let mut inputs: TVec<TValue> = tvec![];
        for (feed, dt) in &self.feeds {
            let values: &[u32] = match feed {
                Feed::Ids => enc.get_ids(),
                Feed::Mask => enc.get_attention_mask(),
                Feed::TypeIds => enc.get_type_ids(),
            };
            let t = if *dt == DatumType::I32 {
                let v: Vec<i32> = values.iter().map(|x| *x as i32).collect();
                Tensor::from_shape(&[1, n], &v)
            } else {
                let v: Vec<i64> = values.iter().map(|x| i64::from(*x)).collect();
                Tensor::from_shape(&[1, n], &v)
            }
            .map_err(|e| Error::Internal(format!("building {}: {e}", feed.name())))?;
            inputs.push(t.into());
        }
        let out = self.plan.run(inputs).map_err(model_error)?;
        let first = out
            .first()
            .ok_or_else(|| model_error("the model returned no output"))?;
        let t = first.cast_to::<f32>().map_err(model_error)?;
        let view = t.to_plain_array_view::<f32>().map_err(model_error)?;
        let shape = view.shape().to_vec();
        let mask = enc.get_attention_mask();
        let mut v = match shape.as_slice() {
            [1, d] => view.iter().copied().take(*d).collect::<Vec<f32>>(),
            [1, tokens, d] if *tokens == n => {
                let mut sum = vec![0f64; *d];
                let mut kept = 0f64;
                for (row, m) in view.rows().into_iter().zip(mask) {
                    if *m == 0 {
                        continue;
                    }
                    kept += 1.0;
                    for (s, x) in sum.iter_mut().zip(row) {
                        *s += f64::from(*x);
                    }
                }
                let kept = kept.max(1.0);
                sum.iter().map(|s| (s / kept) as f32).collect()
            }
            other => {
                return Err(model_error(format!(
                    "output `{}` has shape {other:?} for {n} tokens; expected [1, {n}, dim] or [1, dim]",
                    self.output
                )))
            }
        };
        let norm = v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
        if norm.is_finite() && norm > 0.0 {
            for x in &mut v {
                *x = (f64::from(*x) / norm) as f32;
            }
        } else {
            v.iter_mut().for_each(|x| *x = 0.0);
        }
        Ok(v)
    }

    /// The model's identity and settings, recorded with every score that used it.
    pub fn describe(&self) -> Value {
        json!({
            "onnx_sha256": self.onnx_sha256,
            "tokenizer_sha256": self.tokenizer_sha256,
            "inputs": self.feeds.iter().map(|(f, _)| f.name()).collect::<Vec<_>>(),
            "output": self.output,
            "pooling": "mean over the attention mask, L2-normalised",
            "max_tokens": self.max_tokens,
        })
    }
}

fn read_limited(path: &Path, limit: u64, name: &str) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| Error::Io {
        path: path.display().to_string(),
        message: format!("{name}: {e}"),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > limit {
        return Err(Error::LimitExceeded {
            what: format!("{name} size in bytes"),
            limit,
            actual: meta.len(),
        });
    }
    std::fs::read(path).map_err(io)
}

type Key = (ModelSpec, u64, Option<SystemTime>, u64, Option<SystemTime>);
type Cache = Mutex<Vec<(Key, Arc<Encoder>)>>;

fn key(spec: &ModelSpec) -> Result<Key> {
    let stat = |p: &Path, name: &str| -> Result<(u64, Option<SystemTime>)> {
        let m = std::fs::metadata(p).map_err(|e| Error::Io {
            path: p.display().to_string(),
            message: format!("{name}: {e}"),
        })?;
        Ok((m.len(), m.modified().ok()))
    };
    let (a, b) = stat(&spec.onnx, "semantic_model.onnx")?;
    let (c, d) = stat(&spec.tokenizer, "semantic_model.tokenizer")?;
    Ok((spec.clone(), a, b, c, d))
}

/// The encoder for `spec`, loaded once per process while its files stay unchanged (a small
/// cache keyed by path, size and modification time of both files).
pub(crate) fn cached(spec: &ModelSpec) -> Result<Arc<Encoder>> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let k = key(spec)?;
    let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
    if let Ok(list) = cache.lock() {
        if let Some((_, e)) = list.iter().find(|(kk, _)| *kk == k) {
            return Ok(Arc::clone(e));
        }
    }
    let enc = Arc::new(Encoder::from_spec(spec)?);
    if let Ok(mut list) = cache.lock() {
        list.retain(|(kk, _)| kk.0 != k.0);
        if list.len() >= CACHE_SIZE {
            list.remove(0);
        }
        list.push((k, Arc::clone(&enc)));
    }
    Ok(enc)
}

// Encoders are shared between ranking threads.
const _: fn() = || {
    fn is<T: Send + Sync>() {}
    is::<Encoder>();
};
