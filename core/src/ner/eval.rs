//! Entity-level evaluation: exact-match (type, start, end) precision, recall and F1, micro
//! over all entities and per type.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

/// Scores of one entity type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TypeMetrics {
    /// Correct / predicted (0 when nothing was predicted).
    pub precision: f64,
    /// Correct / gold (0 when there is no gold entity).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// Gold entities of this type.
    pub support: usize,
    /// Predicted entities of this type.
    pub predicted: usize,
    /// Predicted entities that match a gold one exactly.
    pub correct: usize,
}

/// Entity-level scores over a corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    /// Micro-averaged F1 over all entities.
    pub micro_f1: f64,
    /// Micro precision.
    pub precision: f64,
    /// Micro recall.
    pub recall: f64,
    /// Scores per entity type (every type in the gold data or the predictions), by name.
    pub per_type: BTreeMap<String, TypeMetrics>,
    /// Gold entities.
    pub support: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Exact matches.
    pub correct: usize,
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn prf(correct: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 {
        0.0
    } else {
        correct as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        correct as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl Metrics {
    /// `{"micro_f1", "precision", "recall", "per_type": {TYPE: {"precision", "recall", "f1",
    /// "support", "predicted", "correct"}}, "support", "predicted", "correct"}`, rates rounded to
    /// 4 decimals.
    pub fn to_json(&self) -> Value {
        let mut per = Map::new();
        for (t, m) in &self.per_type {
            per.insert(
                t.clone(),
                json!({
                    "precision": round4(m.precision),
                    "recall": round4(m.recall),
                    "f1": round4(m.f1),
                    "support": m.support,
                    "predicted": m.predicted,
                    "correct": m.correct,
                }),
            );
        }
        json!({
            "micro_f1": round4(self.micro_f1),
            "precision": round4(self.precision),
            "recall": round4(self.recall),
            "per_type": per,
            "support": self.support,
            "predicted": self.predicted,
            "correct": self.correct,
        })
    }
}

/// Accumulates gold and predicted spans sentence by sentence.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Per type: (gold, predicted, correct).
    counts: BTreeMap<String, (usize, usize, usize)>,
}

impl Tally {
    /// Adds one sentence's gold and predicted `(type, start, end)` spans.
    pub(crate) fn add(&mut self, gold: &[(&str, usize, usize)], pred: &[(&str, usize, usize)]) {
        let g: BTreeSet<_> = gold.iter().collect();
        for s in gold {
            self.counts.entry(s.0.to_string()).or_default().0 += 1;
        }
        for s in pred {
            let e = self.counts.entry(s.0.to_string()).or_default();
            e.1 += 1;
            if g.contains(s) {
                e.2 += 1;
            }
        }
    }

    pub(crate) fn metrics(&self) -> Metrics {
        let (mut g, mut p, mut c) = (0, 0, 0);
        let mut per_type = BTreeMap::new();
        for (t, &(tg, tp, tc)) in &self.counts {
            g += tg;
            p += tp;
            c += tc;
            let (precision, recall, f1) = prf(tc, tp, tg);
            per_type.insert(
                t.clone(),
                TypeMetrics {
                    precision,
                    recall,
                    f1,
                    support: tg,
                    predicted: tp,
                    correct: tc,
                },
            );
        }
        let (precision, recall, micro_f1) = prf(c, p, g);
        Metrics {
            micro_f1,
            precision,
            recall,
            per_type,
            support: g,
            predicted: p,
            correct: c,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_exact_matches_only() {
        let mut t = Tally::default();
        t.add(
            &[("ORG", 0, 3), ("NAME", 5, 7)],
            &[("ORG", 0, 3), ("NAME", 5, 8), ("LOC", 9, 10)],
        );
        let m = t.metrics();
        assert_eq!((m.support, m.predicted, m.correct), (2, 3, 1));
        assert!((m.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((m.recall - 0.5).abs() < 1e-12);
        assert!((m.micro_f1 - 0.4).abs() < 1e-12);
        assert_eq!(m.per_type["ORG"].f1, 1.0);
        assert_eq!(m.per_type["NAME"].f1, 0.0);
        assert_eq!(m.per_type["LOC"].support, 0);
        assert_eq!(m.to_json()["per_type"]["LOC"]["precision"], 0.0);
    }
}
