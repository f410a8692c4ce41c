//! The trained model: label set, transition and feature weights, constrained Viterbi decoding,
//! tagging, and the versioned binary file format.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::data::{EntitySpan, Part};
use super::features::{Extractor, FEATURE_SET, PER_POSITION};
use crate::error::{Error, Result};

/// The model file format version this build writes and the newest it reads.
pub const MODEL_FORMAT_VERSION: u32 = 1;

/// The first 8 bytes of every model file.
pub const MODEL_MAGIC: &[u8; 8] = b"IKNERMDL";

/// The most entity types a model may have (labels must fit in one byte).
pub const MAX_TYPES: usize = 60;

/// Marks an index entry that points at a dense row.
const DENSE: u32 = 1 << 31;

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature hashes.
pub(crate) type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Labels: 0 is `O`; type `t` has `B` = 1 + 4t, `M` = 2 + 4t, `E` = 3 + 4t, `S` = 4 + 4t.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Labels {
    pub(crate) types: Vec<String>,
    /// `O`, then `E-t` and `S-t` for each type: the labels after which no entity is open.
    pub(crate) closed: Vec<usize>,
    /// `O`, then `B-t` and `S-t` for each type: the labels that may follow a closed one.
    pub(crate) open: Vec<usize>,
}

impl Labels {
    pub(crate) fn new(types: Vec<String>) -> Labels {
        let closed = std::iter::once(0)
            .chain((0..types.len()).flat_map(|t| [3 + 4 * t, 4 + 4 * t]))
            .collect();
        let open = std::iter::once(0)
            .chain((0..types.len()).flat_map(|t| [1 + 4 * t, 4 + 4 * t]))
            .collect();
        Labels {
            types,
            closed,
            open,
        }
    }

    pub(crate) fn len(&self) -> usize {
        1 + 4 * self.types.len()
    }

    fn part(label: usize) -> Part {
        if label == 0 {
            return Part::Outside;
        }
        match (label - 1) % 4 {
            0 => Part::Begin,
            1 => Part::Inside,
            2 => Part::End,
            _ => Part::Single,
        }
    }

    fn type_of(label: usize) -> usize {
        label.saturating_sub(1) / 4
    }

    /// Whether `cur` may follow `prev` (`prev == n`: the sentence start).
    fn allowed_raw(prev: usize, cur: usize, n: usize) -> bool {
        let open = prev < n && matches!(Labels::part(prev), Part::Begin | Part::Inside);
        match Labels::part(cur) {
            Part::Outside | Part::Begin | Part::Single => !open,
            Part::Inside | Part::End => open && Labels::type_of(prev) == Labels::type_of(cur),
        }
    }

    /// Whether a sentence may end on `label`.
    fn can_end(label: usize) -> bool {
        matches!(
            Labels::part(label),
            Part::Outside | Part::End | Part::Single
        )
    }

    /// BMES labels for a sentence of `n` characters with entity spans `(type index, start, end)`.
    pub(crate) fn encode(&self, n: usize, spans: &[(usize, usize, usize)]) -> Vec<u8> {
        let mut out = vec![0u8; n];
        for &(t, s, e) in spans {
            let base = 1 + 4 * t;
            if e == s + 1 {
                if let Some(x) = out.get_mut(s) {
                    *x = (base + 3) as u8;
                }
            } else {
                for (k, x) in out.iter_mut().enumerate().take(e).skip(s) {
                    *x = if k == s {
                        base as u8
                    } else if k + 1 == e {
                        (base + 2) as u8
                    } else {
                        (base + 1) as u8
                    };
                }
            }
        }
        out
    }

    /// Entity spans `(type index, start, end)` of a legal label sequence.
    pub(crate) fn decode(labels: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut begin = 0;
        for (i, &l) in labels.iter().enumerate() {
            let l = usize::from(l);
            match Labels::part(l) {
                Part::Begin => begin = i,
                Part::End => out.push((Labels::type_of(l), begin, i + 1)),
                Part::Single => out.push((Labels::type_of(l), i, i + 1)),
                _ => {}
            }
        }
        out
    }

    /// Best legal label sequence for emission scores `em` (`n × L`, row-major) and transition
    /// scores `trans` (`(L + 1) × L`, row = previous label, the last row the sentence start).
    /// Ties are broken in a fixed order.
    ///
    /// Only legal transitions are scored: labels that close an entity (`O`, `E-*`, `S-*`) lead to
    /// labels that open one or stay outside (`O`, `B-*`, `S-*`), a dense block scored as one;
    /// `B-t`/`M-t` lead to `M-t`/`E-t`.
    pub(crate) fn viterbi(
        &self,
        em: &[f32],
        trans: &[f32],
        n: usize,
        scratch: &mut Scratch,
    ) -> Vec<u8> {
        let l = self.len();
        let nt = self.types.len();
        let no = 1 + 2 * nt;
        if n == 0 {
            return Vec::new();
        }
        // The closed → open block of `trans`, row by closed label.
        let targets = &self.open;
        let block = &mut scratch.block;
        block.clear();
        for &p in &self.closed {
            for &y in targets {
                block.push(trans.get(p * l + y).copied().unwrap_or(0.0));
            }
        }
        scratch.delta.clear();
        scratch.delta.resize(2 * l, f32::NEG_INFINITY);
        scratch.back.clear();
        scratch.back.resize(n * l, 0);
        scratch.cand.clear();
        scratch.cand.resize(2 * no, 0.0);
        let (cand, arg) = scratch.cand.split_at_mut(no);
        let (mut prev, mut cur) = scratch.delta.split_at_mut(l);
        for &y in targets {
            if let Some(p) = prev.get_mut(y) {
                *p = trans.get(l * l + y).copied().unwrap_or(0.0)
                    + em.get(y).copied().unwrap_or(0.0);
            }
        }
        for i in 1..n {
            let row = em.get(i * l..(i + 1) * l).unwrap_or_default();
            let back = scratch.back.get_mut(i * l..(i + 1) * l).unwrap_or_default();
            cand.fill(f32::NEG_INFINITY);
            arg.fill(0.0);
            for (&p, trow) in self.closed.iter().zip(block.chunks_exact(no)) {
                let pv = prev.get(p).copied().unwrap_or(f32::NEG_INFINITY);
                let pf = p as f32;
                // Branch-free so that it vectorises.
                for ((c, a), &t) in cand.iter_mut().zip(arg.iter_mut()).zip(trow) {
                    let s = pv + t;
                    let better = s > *c;
                    *c = if better { s } else { *c };
                    *a = if better { pf } else { *a };
                }
            }
            cur.fill(f32::NEG_INFINITY);
            for ((&y, &c), &a) in targets.iter().zip(cand.iter()).zip(arg.iter()) {
                if let (Some(d), Some(b)) = (cur.get_mut(y), back.get_mut(y)) {
                    *d = c + row.get(y).copied().unwrap_or(0.0);
                    *b = a as u8;
                }
            }
            for t in 0..nt {
                let (b, m) = (1 + 4 * t, 2 + 4 * t);
                let (pb, pm) = (
                    prev.get(b).copied().unwrap_or(f32::NEG_INFINITY),
                    prev.get(m).copied().unwrap_or(f32::NEG_INFINITY),
                );
                for y in [m, m + 1] {
                    let sb = pb + trans.get(b * l + y).copied().unwrap_or(0.0);
                    let sm = pm + trans.get(m * l + y).copied().unwrap_or(0.0);
                    let (s, a) = if sm > sb { (sm, m) } else { (sb, b) };
                    if let (Some(d), Some(bk)) = (cur.get_mut(y), back.get_mut(y)) {
                        *d = s + row.get(y).copied().unwrap_or(0.0);
                        *bk = a as u8;
                    }
                }
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        let mut best = f32::NEG_INFINITY;
        let mut last = 0usize;
        for &y in &self.closed {
            let s = prev.get(y).copied().unwrap_or(f32::NEG_INFINITY);
            if s > best {
                best = s;
                last = y;
            }
        }
        let mut out = vec![0u8; n];
        let mut y = last;
        for i in (0..n).rev() {
            if let Some(o) = out.get_mut(i) {
                *o = y as u8;
            }
            if i > 0 {
                y = usize::from(scratch.back.get(i * l + y).copied().unwrap_or(0));
            }
        }
        out
    }

    /// Whether `cur` may follow `prev` (`prev == len()`: the sentence start).
    pub(crate) fn allowed(&self, prev: usize, cur: usize) -> bool {
        Labels::allowed_raw(prev, cur, self.len())
    }

    /// Whether a sentence may end on `label` (no entity open).
    pub(crate) fn closes(&self, label: usize) -> bool {
        Labels::can_end(label)
    }
}

/// Reusable decoding buffers.
#[derive(Default)]
pub(crate) struct Scratch {
    delta: Vec<f32>,
    back: Vec<u8>,
    block: Vec<f32>,
    cand: Vec<f32>,
    pub(crate) hashes: Vec<u64>,
    pub(crate) em: Vec<f32>,
    pub(crate) extractor: Extractor,
}

/// Sparse feature weights: feature `k` (hash `hashes[k]`) has weights
/// `weights[offsets[k]..offsets[k + 1]]` for labels `labels[...]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Weights {
    pub(crate) hashes: Vec<u64>,
    pub(crate) offsets: Vec<u32>,
    pub(crate) labels: Vec<u8>,
    pub(crate) weights: Vec<f32>,
}

/// A trained sequence labeller. Build one with [`super::train()`] or [`Model::from_bytes`].
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) labels: Labels,
    pub(crate) trans: Vec<f32>,
    pub(crate) weights: Weights,
    /// Feature hash → where its weights are: `(first, end)` in `entries` for sparse rows, or
    /// `(DENSE | row, 0)` for a dense row of `dense`.
    index: FeatureMap<(u32, u32)>,
    /// `(label, weight)` pairs of features with few weights.
    entries: Vec<(u32, f32)>,
    /// Rows of `L` weights of features with many weights.
    dense: Vec<f32>,
    /// Free-form facts about training, kept in the file header.
    pub(crate) info: Value,
}

impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        self.labels == other.labels
            && self.trans == other.trans
            && self.weights == other.weights
            && self.info == other.info
    }
}

impl Model {
    pub(crate) fn new(labels: Labels, trans: Vec<f32>, weights: Weights, info: Value) -> Model {
        let l = labels.len();
        let mut index = FeatureMap::default();
        let mut entries = Vec::new();
        let mut dense = Vec::new();
        for (&h, o) in weights.hashes.iter().zip(weights.offsets.windows(2)) {
            let (a, b) = match o {
                [a, b] => (*a as usize, *b as usize),
                _ => continue,
            };
            let labs = weights.labels.get(a..b).unwrap_or_default();
            let vals = weights.weights.get(a..b).unwrap_or_default();
            if 4 * labs.len() >= l {
                let row = (dense.len() / l) as u32;
                dense.resize(dense.len() + l, 0.0);
                let start = dense.len() - l;
                for (&y, &v) in labs.iter().zip(vals) {
                    if let Some(x) = dense.get_mut(start + usize::from(y)) {
                        *x = v;
                    }
                }
                index.insert(h, (DENSE | row, 0));
            } else {
                let first = entries.len() as u32;
                entries.extend(labs.iter().zip(vals).map(|(&y, &v)| (u32::from(y), v)));
                index.insert(h, (first, entries.len() as u32));
            }
        }
        Model {
            labels,
            trans,
            weights,
            index,
            entries,
            dense,
            info,
        }
    }

    /// The entity types the model tags, sorted.
    pub fn types(&self) -> &[String] {
        &self.labels.types
    }

    /// The number of features with a weight.
    pub fn feature_count(&self) -> usize {
        self.weights.hashes.len()
    }

    /// Training facts stored with the model (options, corpus sizes).
    pub fn info(&self) -> &Value {
        &self.info
    }

    /// Emission scores for a sentence into `scratch.em`.
    fn emissions(&self, chars: &[char], scratch: &mut Scratch) {
        let l = self.labels.len();
        let Scratch {
            hashes,
            em,
            extractor,
            ..
        } = scratch;
        extractor.extract(chars, hashes);
        em.clear();
        em.resize(chars.len() * l, 0.0);
        for (row, feats) in em
            .chunks_exact_mut(l)
            .zip(hashes.chunks_exact(PER_POSITION))
        {
            for &h in feats {
                let Some(&(a, b)) = self.index.get(&h) else {
                    continue;
                };
                if a & DENSE != 0 {
                    let start = (a & !DENSE) as usize * l;
                    let w = self.dense.get(start..start + l).unwrap_or_default();
                    for (x, &v) in row.iter_mut().zip(w) {
                        *x += v;
                    }
                } else {
                    for &(y, v) in self.entries.get(a as usize..b as usize).unwrap_or_default() {
                        if let Some(x) = row.get_mut(y as usize) {
                            *x += v;
                        }
                    }
                }
            }
        }
    }

    /// Label sequence for one sentence.
    pub(crate) fn label_chars(&self, chars: &[char], scratch: &mut Scratch) -> Vec<u8> {
        self.emissions(chars, scratch);
        let em = std::mem::take(&mut scratch.em);
        let out = self.labels.viterbi(&em, &self.trans, chars.len(), scratch);
        scratch.em = em;
        out
    }

    /// Entity spans `(type index, start, end)` in one sentence.
    pub(crate) fn spans_in(
        &self,
        chars: &[char],
        scratch: &mut Scratch,
    ) -> Vec<(usize, usize, usize)> {
        Labels::decode(&self.label_chars(chars, scratch))
    }

    /// Finds the entities in `text`. Lines (split at `\n`, `\r`) are labelled one at a time;
    /// offsets are code points from the start of `text`.
    pub fn tag(&self, text: &str) -> Vec<EntitySpan> {
        let mut scratch = Scratch::default();
        self.tag_with(text, &mut scratch)
    }

    pub(crate) fn tag_with(&self, text: &str, scratch: &mut Scratch) -> Vec<EntitySpan> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut begin = 0;
        for (i, &c) in chars.iter().chain(std::iter::once(&'\n')).enumerate() {
            if c != '\n' && c != '\r' {
                continue;
            }
            let line = chars.get(begin..i).unwrap_or_default();
            for (t, s, e) in self.spans_in(line, scratch) {
                out.push(EntitySpan {
                    entity_type: self.labels.types.get(t).cloned().unwrap_or_default(),
                    start: begin + s,
                    end: begin + e,
                    text: line.get(s..e).unwrap_or_default().iter().collect(),
                });
            }
            begin = i + 1;
        }
        out
    }

    /// The model as bytes: `IKNERMDL`, format version (u32 LE), header length (u32 LE), a JSON
    /// header, the weights (little-endian), and a SHA-256 of everything before it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let w = &self.weights;
        let header = json!({
            "feature_set": FEATURE_SET,
            "types": self.labels.types,
            "features": w.hashes.len(),
            "entries": w.weights.len(),
            "info": self.info,
        });
        let header = header.to_string().into_bytes();
        let mut out = Vec::with_capacity(
            64 + header.len() + 4 * self.trans.len() + 12 * w.hashes.len() + 5 * w.weights.len(),
        );
        out.extend_from_slice(MODEL_MAGIC);
        out.extend_from_slice(&MODEL_FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        for v in &self.trans {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for h in &w.hashes {
            out.extend_from_slice(&h.to_le_bytes());
        }
        for o in &w.offsets {
            out.extend_from_slice(&o.to_le_bytes());
        }
        out.extend_from_slice(&w.labels);
        for v in &w.weights {
            out.extend_from_slice(&v.to_le_bytes());
        }
        let digest = Sha256::digest(&out);
        out.extend_from_slice(&digest);
        out
    }

    /// Reads a model written by [`Model::to_bytes`]. Newer format versions give
    /// [`Error::UnsupportedSchemaVersion`]; anything else that is not an intact model file
    /// (wrong magic, truncated, altered) gives [`Error::InvalidArgument`] naming `model`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let bad = |why: &str| Error::InvalidArgument {
            name: "model".into(),
            expected: format!("an InterviewKit NER model file ({why})"),
        };
        let magic = bytes.get(..8).ok_or_else(|| bad("too short"))?;
        if magic != MODEL_MAGIC {
            return Err(bad("it does not start with IKNERMDL"));
        }
        let mut r = Reader { bytes, pos: 8 };
        let version = r.u32().ok_or_else(|| bad("too short"))?;
        if version > MODEL_FORMAT_VERSION {
            return Err(Error::UnsupportedSchemaVersion {
                found: version.to_string(),
                supported: MODEL_FORMAT_VERSION,
            });
        }
        if version == 0 {
            return Err(bad("format version 0 does not exist"));
        }
        let body_len = bytes
            .len()
            .checked_sub(32)
            .ok_or_else(|| bad("truncated"))?;
        let (body, digest) = bytes.split_at(body_len);
        if Sha256::digest(body).as_slice() != digest {
            return Err(bad("truncated or altered: the checksum does not match"));
        }
        let r = &mut Reader {
            bytes: body,
            pos: 12,
        };
        let header_len = r.u32().ok_or_else(|| bad("truncated header"))? as usize;
        let header: Value = r
            .take(header_len)
            .and_then(|h| serde_json::from_slice(h).ok())
            .ok_or_else(|| bad("unreadable header"))?;
        let feature_set = header.get("feature_set").and_then(Value::as_u64);
        if feature_set != Some(u64::from(FEATURE_SET)) {
            return Err(Error::UnsupportedSchemaVersion {
                found: format!(
                    "feature set {}",
                    header.get("feature_set").unwrap_or(&Value::Null)
                ),
                supported: FEATURE_SET,
            });
        }
        let types: Vec<String> = header
            .get("types")
            .and_then(|t| serde_json::from_value(t.clone()).ok())
            .ok_or_else(|| bad("header without types"))?;
        if types.len() > MAX_TYPES {
            return Err(bad("too many types"));
        }
        let count = |key: &str| {
            header
                .get(key)
                .and_then(Value::as_u64)
                .and_then(|v| usize::try_from(v).ok())
                .ok_or_else(|| bad("header without sizes"))
        };
        let (nf, ne) = (count("features")?, count("entries")?);
        let info = header.get("info").cloned().unwrap_or(Value::Null);
        let labels = Labels::new(types);
        let l = labels.len();
        // Every size is checked against the bytes present before anything is allocated.
        let need = (l + 1)
            .checked_mul(l)
            .and_then(|t| t.checked_mul(4))
            .and_then(|t| t.checked_add(nf.checked_mul(12)?))
            .and_then(|t| t.checked_add(4))
            .and_then(|t| t.checked_add(ne.checked_mul(5)?));
        if need != Some(body.len().saturating_sub(r.pos)) {
            return Err(bad("sizes in the header do not match the data"));
        }
        let trans: Vec<f32> = (0..(l + 1) * l).filter_map(|_| r.f32()).collect();
        let hashes: Vec<u64> = (0..nf).filter_map(|_| r.u64()).collect();
        let offsets: Vec<u32> = (0..=nf).filter_map(|_| r.u32()).collect();
        let labs = r.take(ne).map(<[u8]>::to_vec).unwrap_or_default();
        let weights: Vec<f32> = (0..ne).filter_map(|_| r.f32()).collect();
        let sorted = hashes.windows(2).all(|p| matches!(p, [a, b] if a < b));
        let offsets_ok = offsets.first() == Some(&0)
            && offsets.last().map(|&o| o as usize) == Some(ne)
            && offsets.windows(2).all(|p| matches!(p, [a, b] if a <= b));
        let finite = trans.iter().chain(&weights).all(|v| v.is_finite());
        if !sorted || !offsets_ok || !finite || labs.iter().any(|&y| usize::from(y) >= l) {
            return Err(bad("inconsistent weights"));
        }
        Ok(Model::new(
            labels,
            trans,
            Weights {
                hashes,
                offsets,
                labels: labs,
                weights,
            },
            info,
        ))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let out = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(out)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_follow_bmes() {
        let labels = Labels::new(vec!["A".into(), "B".into()]);
        let n = labels.len();
        // O → B-A, B-A → M-A, M-A → E-A, E-A → S-B allowed.
        assert!(Labels::allowed_raw(0, 1, n));
        assert!(Labels::allowed_raw(1, 2, n));
        assert!(Labels::allowed_raw(2, 3, n));
        assert!(Labels::allowed_raw(3, 8, n));
        // Start → M-A, O → E-A, B-A → O, B-A → E-B forbidden.
        assert!(!Labels::allowed_raw(n, 2, n));
        assert!(!Labels::allowed_raw(0, 3, n));
        assert!(!Labels::allowed_raw(1, 0, n));
        assert!(!Labels::allowed_raw(1, 7, n));
        assert!(!Labels::can_end(1));
    }

    #[test]
    fn viterbi_never_returns_an_illegal_path() {
        let labels = Labels::new(vec!["A".into()]);
        let l = labels.len();
        // Emissions that on their own would pick E-A, M-A, B-A.
        let mut em = vec![0.0f32; 3 * l];
        em[3] = 5.0;
        em[l + 2] = 5.0;
        em[2 * l + 1] = 5.0;
        let trans = vec![0.0f32; (l + 1) * l];
        let path = labels.viterbi(&em, &trans, 3, &mut Scratch::default());
        let spans = Labels::decode(&path);
        for w in path.windows(2) {
            assert!(Labels::allowed_raw(usize::from(w[0]), usize::from(w[1]), l));
        }
        assert!(Labels::allowed_raw(l, usize::from(path[0]), l));
        assert!(Labels::can_end(usize::from(path[2])));
        assert!(spans.iter().all(|&(_, s, e)| s < e && e <= 3));
    }

    #[test]
    fn encode_decode_round_trip() {
        let labels = Labels::new(vec!["A".into(), "B".into()]);
        let spans = vec![(0, 0, 3), (1, 3, 4), (0, 5, 7)];
        let enc = labels.encode(8, &spans);
        assert_eq!(enc, vec![1, 2, 3, 8, 0, 1, 3, 0]);
        assert_eq!(Labels::decode(&enc), spans);
    }
}
