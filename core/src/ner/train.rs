//! Training: a linear-chain CRF (L2-regularised likelihood, L-BFGS; the default) or an averaged
//! structured perceptron, over the character features described in `docs/ner.md`, with
//! BMES-constrained decoding and optional best-checkpoint selection on a development set.
//!
//! Perceptron updates add and subtract whole numbers and averaging divides once; the CRF
//! computes `exp`/`ln` from basic arithmetic. So training gives the same model bytes on every
//! target for the same input and options.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

use super::crf;
use super::data::Corpus;
use super::eval::{Metrics, Tally};
use super::features::{Extractor, FEATURE_SET, PER_POSITION};
use super::model::{FeatureMap, Labels, Model, Scratch, Weights, MAX_TYPES};
use crate::error::{Error, Result};

/// The learning algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// Linear-chain CRF, L2-regularised likelihood, L-BFGS (the default; the most accurate).
    Crf,
    /// Averaged structured perceptron (much faster to train, a little less accurate).
    Perceptron,
}

impl Algorithm {
    /// `"crf"` or `"perceptron"`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Crf => "crf",
            Algorithm::Perceptron => "perceptron",
        }
    }
}

/// Training options. [`TrainOptions::default`] is what the JSON entry point uses when a field is
/// left out.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// The learner.
    pub algorithm: Algorithm,
    /// CRF: the most L-BFGS iterations (1–2000); training also stops when the objective improved
    /// by less than 1e-5 (relative) over 10 iterations. With a development set, the model is
    /// scored every 10 iterations and at the end, and the best is kept (the earliest on ties).
    pub iterations: usize,
    /// CRF: the L2 penalty `l2 · ‖w‖²` added to the negative log-likelihood (≥ 0).
    pub l2: f64,
    /// Perceptron: passes over the training data (1–200). With a development set, the model of
    /// the epoch with the best development micro F1 is kept (the earliest on ties).
    pub epochs: usize,
    /// Perceptron: seed of the sentence order of each epoch (the CRF is not random).
    pub seed: u64,
    /// Features seen fewer times than this in the training data are dropped (1–1000).
    pub min_feature_count: u32,
    /// Averaged weights whose magnitude is below this are dropped from the model, which makes
    /// it smaller (0 keeps all).
    pub prune: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            algorithm: Algorithm::Crf,
            iterations: 150,
            l2: 0.5,
            epochs: 10,
            seed: 1,
            min_feature_count: 1,
            prune: 0.0,
        }
    }
}

/// One round of training: a perceptron epoch or a checkpoint of CRF iterations.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundStats {
    /// Perceptron: 1-based epoch; CRF: L-BFGS iterations done.
    pub round: usize,
    /// Perceptron: characters labelled wrongly (before the update) during the pass.
    pub train_errors: Option<usize>,
    /// Development scores of the model at this point, when a dev set was given.
    pub dev: Option<Metrics>,
}

/// What training did.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainReport {
    /// The learner used.
    pub algorithm: Algorithm,
    /// The entity types learnt, sorted.
    pub types: Vec<String>,
    /// Training sentences.
    pub sentences: usize,
    /// Training characters.
    pub characters: usize,
    /// Training entities.
    pub entities: usize,
    /// Tags of the training file read leniently (see [`Corpus::repaired_tags`]).
    pub repaired_tags: usize,
    /// Distinct features kept for training.
    pub features: usize,
    /// Weights trained (CRF: the (feature, label) pairs seen in training, plus transitions).
    pub parameters: usize,
    /// Features with a weight in the saved model.
    pub model_features: usize,
    /// Non-zero weights in the saved model.
    pub model_weights: usize,
    /// CRF: L-BFGS iterations run and objective evaluations.
    pub iterations: usize,
    /// CRF: objective evaluations (line-search steps included).
    pub evaluations: usize,
    /// CRF: final objective (negative log-likelihood plus penalty).
    pub loss: Option<f64>,
    /// The round (epoch or iteration count) whose model was kept.
    pub best_round: usize,
    /// Per-round statistics.
    pub rounds: Vec<RoundStats>,
    /// Development scores of the kept model.
    pub dev: Option<Metrics>,
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

impl TrainReport {
    /// The report as JSON (key order fixed).
    pub fn to_json(&self) -> Value {
        let rounds: Vec<Value> = self
            .rounds
            .iter()
            .map(|e| {
                let mut v = Map::new();
                v.insert("round".into(), e.round.into());
                if let Some(t) = e.train_errors {
                    v.insert("train_errors".into(), t.into());
                }
                if let Some(m) = &e.dev {
                    v.insert("dev_micro_f1".into(), round4(m.micro_f1).into());
                }
                Value::Object(v)
            })
            .collect();
        let mut out = json!({
            "algorithm": self.algorithm.name(),
            "feature_set": FEATURE_SET,
            "types": self.types,
            "sentences": self.sentences,
            "characters": self.characters,
            "entities": self.entities,
            "repaired_tags": self.repaired_tags,
            "features": self.features,
            "parameters": self.parameters,
            "model_features": self.model_features,
            "model_weights": self.model_weights,
        });
        if let Some(o) = out.as_object_mut() {
            if self.algorithm == Algorithm::Crf {
                o.insert("iterations".into(), self.iterations.into());
                o.insert("evaluations".into(), self.evaluations.into());
                o.insert("loss".into(), self.loss.map(round4).into());
            }
            o.insert("best_round".into(), self.best_round.into());
            o.insert("rounds".into(), Value::Array(rounds));
            if let Some(m) = &self.dev {
                o.insert("dev".into(), m.to_json());
            }
        }
        out
    }
}

/// A corpus turned into feature ids and labels.
struct Encoded {
    /// `PER_POSITION` feature ids per character (`u32::MAX`: absent or unknown).
    feats: Vec<Vec<u32>>,
    labels: Vec<Vec<u8>>,
}

fn encode(corpus: &Corpus, labels: &Labels, ids: &FeatureMap<u32>) -> Encoded {
    let mut ex = Extractor::default();
    let mut hashes = Vec::new();
    let mut feats = Vec::with_capacity(corpus.sentences.len());
    let mut labs = Vec::with_capacity(corpus.sentences.len());
    for s in &corpus.sentences {
        ex.extract(&s.chars, &mut hashes);
        feats.push(
            hashes
                .iter()
                .map(|h| ids.get(h).copied().unwrap_or(u32::MAX))
                .collect(),
        );
        let spans: Vec<(usize, usize, usize)> = s
            .entities
            .iter()
            .filter_map(|e| {
                let t = labels.types.iter().position(|t| *t == e.entity_type)?;
                Some((t, e.start, e.end))
            })
            .collect();
        labs.push(labels.encode(s.chars.len(), &spans));
    }
    Encoded {
        feats,
        labels: labs,
    }
}

/// Emission scores from dense weights (`nf × l`) into `em`.
fn dense_emissions(feats: &[u32], w: &[f32], l: usize, em: &mut Vec<f32>) {
    let n = feats.len() / PER_POSITION;
    em.clear();
    em.resize(n * l, 0.0);
    for (row, fs) in em.chunks_exact_mut(l).zip(feats.chunks_exact(PER_POSITION)) {
        for &f in fs {
            if f == u32::MAX {
                continue;
            }
            let base = f as usize * l;
            if let Some(wr) = w.get(base..base + l) {
                for (x, &v) in row.iter_mut().zip(wr) {
                    *x += v;
                }
            }
        }
    }
}

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

/// Scores dense weights on an encoded development set.
struct DevSet<'a> {
    data: Encoded,
    corpus: &'a Corpus,
}

impl DevSet<'_> {
    fn score(&self, labels: &Labels, w: &[f32], trans: &[f32], scratch: &mut Scratch) -> Metrics {
        let l = labels.len();
        let mut em = Vec::new();
        let mut tally = Tally::default();
        for (feats, s) in self.data.feats.iter().zip(&self.corpus.sentences) {
            dense_emissions(feats, w, l, &mut em);
            let pred = Labels::decode(&labels.viterbi(&em, trans, s.chars.len(), scratch));
            let pred: Vec<(&str, usize, usize)> = pred
                .iter()
                .map(|&(t, a, b)| (labels.types.get(t).map(String::as_str).unwrap_or(""), a, b))
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
}

/// What a learner hands back: dense feature weights (`nf × L`), transitions, statistics.
struct Learnt {
    weights: Vec<f32>,
    trans: Vec<f32>,
    parameters: usize,
    iterations: usize,
    evaluations: usize,
    loss: Option<f64>,
    best_round: usize,
    rounds: Vec<RoundStats>,
    dev: Option<Metrics>,
}

/// Keeps the best model seen on the development set (the first on ties; the last without one).
struct Best {
    score: Option<f64>,
    round: usize,
    weights: Vec<f32>,
    trans: Vec<f32>,
    dev: Option<Metrics>,
}

impl Best {
    fn offer(&mut self, round: usize, w: Vec<f32>, t: Vec<f32>, dev: Option<Metrics>) {
        let score = dev.as_ref().map(|m| m.micro_f1);
        let better = match (self.score, score) {
            (Some(old), Some(new)) => new > old,
            _ => true,
        };
        if better {
            *self = Best {
                score,
                round,
                weights: w,
                trans: t,
                dev,
            };
        }
    }
}

fn perceptron(
    data: &Encoded,
    dev: Option<&DevSet<'_>>,
    labels: &Labels,
    nf: usize,
    opts: &TrainOptions,
) -> Learnt {
    let l = labels.len();
    let mut w = vec![0f32; nf * l];
    let mut u = vec![0f64; nf * l];
    let tl = (l + 1) * l;
    let mut tw = vec![0f32; tl];
    let mut tu = vec![0f64; tl];
    let mut c: f64 = 1.0;
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut sentence_order: Vec<usize> = (0..data.feats.len()).collect();
    let mut scratch = Scratch::default();
    let mut em = Vec::new();
    let mut rounds = Vec::new();
    let mut best = Best {
        score: None,
        round: 0,
        weights: Vec::new(),
        trans: Vec::new(),
        dev: None,
    };
    for epoch in 1..=opts.epochs {
        sentence_order.shuffle(&mut rng);
        let mut errors = 0;
        for &si in &sentence_order {
            let (Some(feats), Some(gold)) = (data.feats.get(si), data.labels.get(si)) else {
                continue;
            };
            let n = gold.len();
            dense_emissions(feats, &w, l, &mut em);
            let pred = labels.viterbi(&em, &tw, n, &mut scratch);
            if pred != *gold {
                let step = 1.0f32;
                let mut pg = l;
                let mut pp = l;
                for (i, (&g, &p)) in gold.iter().zip(&pred).enumerate() {
                    let (g, p) = (usize::from(g), usize::from(p));
                    if (pg, g) != (pp, p) {
                        for (k, d) in [(pg * l + g, step), (pp * l + p, -step)] {
                            if let (Some(a), Some(b)) = (tw.get_mut(k), tu.get_mut(k)) {
                                *a += d;
                                *b += c * f64::from(d);
                            }
                        }
                    }
                    (pg, pp) = (g, p);
                    if g == p {
                        continue;
                    }
                    errors += 1;
                    let fs = feats
                        .get(i * PER_POSITION..(i + 1) * PER_POSITION)
                        .unwrap_or_default();
                    for &f in fs.iter().filter(|&&f| f != u32::MAX) {
                        let base = f as usize * l;
                        for (k, d) in [(base + g, step), (base + p, -step)] {
                            if let (Some(a), Some(b)) = (w.get_mut(k), u.get_mut(k)) {
                                *a += d;
                                *b += c * f64::from(d);
                            }
                        }
                    }
                }
            }
            c += 1.0;
        }
        let avg = |w: &[f32], u: &[f64]| -> Vec<f32> {
            w.iter()
                .zip(u)
                .map(|(&a, &b)| (f64::from(a) - b / c) as f32)
                .collect()
        };
        let aw = avg(&w, &u);
        let at = avg(&tw, &tu);
        let m = dev.map(|d| d.score(labels, &aw, &at, &mut scratch));
        rounds.push(RoundStats {
            round: epoch,
            train_errors: Some(errors),
            dev: m.clone(),
        });
        best.offer(epoch, aw, at, m);
    }
    Learnt {
        weights: best.weights,
        trans: best.trans,
        parameters: nf * l + tl,
        iterations: 0,
        evaluations: 0,
        loss: None,
        best_round: best.round,
        rounds,
        dev: best.dev,
    }
}

fn crf(
    data: &Encoded,
    dev: Option<&DevSet<'_>>,
    labels: &Labels,
    nf: usize,
    opts: &TrainOptions,
) -> Learnt {
    let l = labels.len();
    // Parameters for the (feature, label) pairs of the training data.
    let mut seen: Vec<Vec<u8>> = vec![Vec::new(); nf];
    for (feats, gold) in data.feats.iter().zip(&data.labels) {
        for (fs, &g) in feats.chunks_exact(PER_POSITION).zip(gold) {
            for &f in fs.iter().filter(|&&f| f != u32::MAX) {
                if let Some(v) = seen.get_mut(f as usize) {
                    if !v.contains(&g) {
                        v.push(g);
                    }
                }
            }
        }
    }
    let mut param_off = Vec::with_capacity(nf + 1);
    let mut param_lab = Vec::new();
    param_off.push(0u32);
    for mut v in seen {
        v.sort_unstable();
        param_lab.extend_from_slice(&v);
        param_off.push(param_lab.len() as u32);
    }
    let problem = crf::Problem {
        labels,
        feats: &data.feats,
        gold: &data.labels,
        param_off: &param_off,
        param_lab: &param_lab,
        l2: opts.l2,
    };
    let ns = param_lab.len();
    let dense = |x: &[f64]| -> (Vec<f32>, Vec<f32>) {
        let mut w = vec![0f32; nf * l];
        for (f, o) in param_off.windows(2).enumerate() {
            let (a, b) = match o {
                [a, b] => (*a as usize, *b as usize),
                _ => continue,
            };
            for (k, &y) in (a..b).zip(param_lab.get(a..b).unwrap_or_default()) {
                if let (Some(slot), Some(&v)) = (w.get_mut(f * l + usize::from(y)), x.get(k)) {
                    *slot = v as f32;
                }
            }
        }
        let t = x
            .get(ns..)
            .unwrap_or_default()
            .iter()
            .map(|&v| v as f32)
            .collect();
        (w, t)
    };
    let mut x = vec![0f64; problem.dim()];
    let mut best = Best {
        score: None,
        round: 0,
        weights: Vec::new(),
        trans: Vec::new(),
        dev: None,
    };
    let mut rounds = Vec::new();
    let mut scratch = Scratch::default();
    let every = if dev.is_some() { 10 } else { 0 };
    let result = crf::lbfgs(
        &problem,
        &mut x,
        opts.iterations,
        1e-5,
        every,
        &mut |it, xs| {
            if let Some(d) = dev {
                let (w, t) = dense(xs);
                let m = d.score(labels, &w, &t, &mut scratch);
                rounds.push(RoundStats {
                    round: it,
                    train_errors: None,
                    dev: Some(m.clone()),
                });
                best.offer(it, w, t, Some(m));
            }
        },
    );
    let (w, t) = dense(&x);
    let last_seen = rounds.last().map(|r| r.round) == Some(result.iterations);
    if !last_seen {
        let m = dev.map(|d| d.score(labels, &w, &t, &mut scratch));
        rounds.push(RoundStats {
            round: result.iterations,
            train_errors: None,
            dev: m.clone(),
        });
        best.offer(result.iterations, w, t, m);
    }
    Learnt {
        weights: best.weights,
        trans: best.trans,
        parameters: problem.dim(),
        iterations: result.iterations,
        evaluations: result.evaluations,
        loss: Some(result.loss),
        best_round: best.round,
        rounds,
        dev: best.dev,
    }
}

/// Trains a model on `train`; with `dev`, keeps the round that scores best on it.
pub fn train(
    train: &Corpus,
    dev: Option<&Corpus>,
    opts: &TrainOptions,
) -> Result<(Model, TrainReport)> {
    if !(1..=200).contains(&opts.epochs) {
        return Err(invalid("options.epochs", "an integer from 1 to 200"));
    }
    if !(1..=2000).contains(&opts.iterations) {
        return Err(invalid("options.iterations", "an integer from 1 to 2000"));
    }
    if !(opts.l2.is_finite() && opts.l2 >= 0.0) {
        return Err(invalid("options.l2", "a number ≥ 0"));
    }
    if !(1..=1000).contains(&opts.min_feature_count) {
        return Err(invalid(
            "options.min_feature_count",
            "an integer from 1 to 1000",
        ));
    }
    if !(opts.prune.is_finite() && opts.prune >= 0.0) {
        return Err(invalid("options.prune", "a number ≥ 0"));
    }
    let types: Vec<String> = train.types().into_iter().collect();
    if types.is_empty() {
        return Err(invalid(
            "train",
            "annotated sentences with at least one entity",
        ));
    }
    if types.len() > MAX_TYPES {
        return Err(Error::LimitExceeded {
            what: "entity types in the training data".into(),
            limit: MAX_TYPES as u64,
            actual: types.len() as u64,
        });
    }
    let labels = Labels::new(types.clone());
    let l = labels.len();

    // Intern features in first-seen order (deterministic), dropping rare ones.
    let mut ex = Extractor::default();
    let mut hashes = Vec::new();
    let mut counts: FeatureMap<u32> = FeatureMap::default();
    let mut order: Vec<u64> = Vec::new();
    for s in &train.sentences {
        ex.extract(&s.chars, &mut hashes);
        for &h in hashes.iter().filter(|&&h| h != 0) {
            let c = counts.entry(h).or_insert_with(|| {
                order.push(h);
                0
            });
            *c += 1;
        }
    }
    let mut ids: FeatureMap<u32> = FeatureMap::default();
    let mut id_hash: Vec<u64> = Vec::new();
    for h in order {
        if counts.get(&h).copied().unwrap_or(0) >= opts.min_feature_count {
            ids.insert(h, id_hash.len() as u32);
            id_hash.push(h);
        }
    }
    drop(counts);
    let nf = id_hash.len();
    let data = encode(train, &labels, &ids);
    let dev_set = dev.map(|d| DevSet {
        data: encode(d, &labels, &ids),
        corpus: d,
    });
    let learnt = match opts.algorithm {
        Algorithm::Crf => crf(&data, dev_set.as_ref(), &labels, nf, opts),
        Algorithm::Perceptron => perceptron(&data, dev_set.as_ref(), &labels, nf, opts),
    };

    // Sparse weights sorted by feature hash, zeros (and small weights when pruning) dropped.
    let mut by_hash: Vec<(u64, usize)> = id_hash.iter().copied().zip(0..).collect();
    by_hash.sort_unstable();
    let mut weights = Weights::default();
    weights.offsets.push(0);
    for (h, f) in by_hash {
        let row = learnt.weights.get(f * l..(f + 1) * l).unwrap_or_default();
        let before = weights.weights.len();
        for (y, &v) in row.iter().enumerate() {
            if v != 0.0 && f64::from(v.abs()) >= opts.prune {
                weights.labels.push(y as u8);
                weights.weights.push(v);
            }
        }
        if weights.weights.len() > before {
            weights.hashes.push(h);
            weights.offsets.push(weights.weights.len() as u32);
        }
    }
    let info = json!({
        "algorithm": opts.algorithm.name(),
        "iterations": opts.iterations,
        "l2": opts.l2,
        "epochs": opts.epochs,
        "seed": opts.seed,
        "min_feature_count": opts.min_feature_count,
        "prune": opts.prune,
        "best_round": learnt.best_round,
        "sentences": train.sentences.len(),
        "characters": train.char_count(),
    });
    let report = TrainReport {
        algorithm: opts.algorithm,
        types,
        sentences: train.sentences.len(),
        characters: train.char_count(),
        entities: train.entity_count(),
        repaired_tags: train.repaired_tags,
        features: nf,
        parameters: learnt.parameters,
        model_features: weights.hashes.len(),
        model_weights: weights.weights.len(),
        iterations: learnt.iterations,
        evaluations: learnt.evaluations,
        loss: learnt.loss,
        best_round: learnt.best_round,
        rounds: learnt.rounds,
        dev: learnt.dev,
    };
    Ok((Model::new(labels, learnt.trans, weights, info), report))
}
