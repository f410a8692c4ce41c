//! The learner: histogram gradient-boosted decision trees with logistic loss, grown leaf-wise.
//!
//! * Numeric features are cut into at most `max_bins` quantile bins (one bin per distinct value
//!   when there are few); a split sends `x <= threshold` left.
//! * Categorical features use LightGBM-style partitions: categories are sorted by
//!   `sum_gradient / (sum_hessian + cat_smooth)` and the best prefix (scanned from both ends,
//!   at most `max_cat_threshold` categories) goes left; with at most `max_cat_to_onehot`
//!   categories present, one-vs-rest splits are tried instead.
//! * Missing values: a numeric split learns the side missing values go to (`default_left`); for a
//!   categorical feature "missing" is one more category in the partition. A category not seen in
//!   training is treated as missing.

use std::collections::{HashMap, HashSet};

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::math::{exp, ln, sigmoid};
use super::table::{parse_number, Column, Table, MISSING};
use crate::error::{Error, Result};

/// The most trees a model may have.
pub const MAX_TREES: u32 = 5_000;
/// The most histogram bins over all features (bins are stored as 16-bit indices).
pub const MAX_TOTAL_BINS: usize = 65_535;
/// The most leaves a tree may have.
pub const MAX_LEAVES: u32 = 1_024;

/// What kind of feature a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    /// A number; missing values allowed.
    Numeric,
    /// A category (text); missing values and unseen categories allowed.
    Categorical,
}

/// The training distribution of a feature, kept for drift (PSI) checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Numeric: the decile cut points (`x <= edge[i]` is bucket `i`); empty for categorical.
    #[serde(default)]
    pub edges: Vec<f64>,
    /// Rows per bucket (numeric) or per category (categorical, same order as `categories`).
    pub counts: Vec<u64>,
    /// Rows with a missing value.
    pub missing: u64,
}

/// One model feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSpec {
    /// The column name.
    pub name: String,
    /// Numeric or categorical.
    pub kind: FeatureKind,
    /// Numeric: bin cut points, ascending (`x <= edge[i]` falls in bin `i` or lower).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bin_edges: Vec<f64>,
    /// Categorical: the categories seen in training, sorted; index = category code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// The training distribution.
    pub reference: Reference,
}

impl FeatureSpec {
    /// Bins including the trailing missing bin.
    pub(crate) fn n_bins(&self) -> usize {
        match self.kind {
            FeatureKind::Numeric => self.bin_edges.len() + 2,
            FeatureKind::Categorical => self.categories.len() + 1,
        }
    }

    /// The local index of the missing bin.
    pub(crate) fn missing_bin(&self) -> usize {
        self.n_bins() - 1
    }
}

/// A column left out of the model, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DroppedColumn {
    /// The column name.
    pub column: String,
    /// Why (`constant`, `all values missing`, …).
    pub reason: String,
}

/// Class weighting for imbalanced labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassWeight {
    /// Every row weighs 1 (ranking metrics such as ROC-AUC need no reweighting).
    None,
    /// Positives and negatives weigh `n / (2 n_class)` each.
    Balanced,
}

/// The metric watched for early stopping on the internal validation split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoppingMetric {
    /// Binary log loss (lower is better).
    LogLoss,
    /// ROC-AUC (higher is better).
    Auc,
}

/// How raw scores become probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationMethod {
    /// Platt scaling: `sigmoid(a * margin + b)` fitted on the validation split.
    Platt,
    /// Isotonic regression (pool-adjacent-violators) on the validation split.
    Isotonic,
    /// `sigmoid(margin)`.
    None,
}

/// Learner parameters; every field has a default, unknown fields are an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Shrinkage per tree.
    pub learning_rate: f64,
    /// The most boosting rounds (early stopping usually ends sooner).
    pub n_estimators: u32,
    /// Leaves per tree.
    pub num_leaves: u32,
    /// Depth limit; 0 = none.
    pub max_depth: u32,
    /// Fewest rows in a leaf.
    pub min_data_in_leaf: u32,
    /// Smallest hessian sum in a leaf.
    pub min_sum_hessian_in_leaf: f64,
    /// L2 penalty on leaf values.
    pub lambda_l2: f64,
    /// Smallest gain for a split.
    pub min_gain_to_split: f64,
    /// Bins per numeric feature.
    pub max_bins: u32,
    /// A text column with more distinct values is dropped (an identifier, most likely).
    pub max_categories: u32,
    /// Smoothing of the category ordering statistic; categories with fewer rows are not
    /// partitioned (they go right).
    pub cat_smooth: f64,
    /// Extra L2 penalty for categorical partitions.
    pub cat_l2: f64,
    /// Most categories on the left of a partition.
    pub max_cat_threshold: u32,
    /// Up to this many categories in a node: one-vs-rest splits.
    pub max_cat_to_onehot: u32,
    /// Share of rows held out (stratified) for early stopping, calibration and metrics.
    pub validation_fraction: f64,
    /// Stop after this many rounds without improvement; 0 = never stop early.
    pub early_stopping_rounds: u32,
    /// The metric watched by early stopping.
    pub early_stopping_metric: StoppingMetric,
    /// Class weighting.
    pub class_weight: ClassWeight,
    /// Extra weight of positive rows (multiplies `class_weight`).
    pub scale_pos_weight: f64,
    /// Probability calibration.
    pub calibration: CalibrationMethod,
    /// Seed of the validation split and bootstrap.
    pub seed: u64,
    /// Validation rows used for the mean |SHAP| importance; 0 = skip.
    pub shap_sample_rows: u32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            learning_rate: 0.2,
            n_estimators: 500,
            num_leaves: 15,
            max_depth: 0,
            min_data_in_leaf: 20,
            min_sum_hessian_in_leaf: 1e-3,
            lambda_l2: 1.0,
            min_gain_to_split: 0.0,
            max_bins: 255,
            max_categories: 256,
            cat_smooth: 10.0,
            cat_l2: 10.0,
            max_cat_threshold: 32,
            max_cat_to_onehot: 4,
            validation_fraction: 0.2,
            early_stopping_rounds: 15,
            early_stopping_metric: StoppingMetric::LogLoss,
            class_weight: ClassWeight::None,
            scale_pos_weight: 1.0,
            calibration: CalibrationMethod::Platt,
            seed: 42,
            shap_sample_rows: 100,
        }
    }
}

fn bad_param(name: &str, expected: &str) -> Error {
    Error::InvalidArgument {
        name: format!("params.{name}"),
        expected: expected.into(),
    }
}

impl Params {
    /// Checks every range.
    pub fn check(&self) -> Result<()> {
        let finite_nonneg = |v: f64| v.is_finite() && v >= 0.0;
        if !(self.learning_rate > 0.0 && self.learning_rate <= 1.0) {
            return Err(bad_param("learning_rate", "a number in (0, 1]"));
        }
        if self.n_estimators == 0 || self.n_estimators > MAX_TREES {
            return Err(Error::LimitExceeded {
                what: "params.n_estimators".into(),
                limit: MAX_TREES as u64,
                actual: self.n_estimators as u64,
            });
        }
        if self.num_leaves < 2 || self.num_leaves > MAX_LEAVES {
            return Err(bad_param("num_leaves", "an integer from 2 to 1024"));
        }
        if self.min_data_in_leaf == 0 {
            return Err(bad_param("min_data_in_leaf", "an integer >= 1"));
        }
        if !(2..=1024).contains(&self.max_bins) {
            return Err(bad_param("max_bins", "an integer from 2 to 1024"));
        }
        if !(2..=4096).contains(&self.max_categories) {
            return Err(bad_param("max_categories", "an integer from 2 to 4096"));
        }
        if self.max_cat_threshold == 0 {
            return Err(bad_param("max_cat_threshold", "an integer >= 1"));
        }
        for (name, v) in [
            ("min_sum_hessian_in_leaf", self.min_sum_hessian_in_leaf),
            ("lambda_l2", self.lambda_l2),
            ("min_gain_to_split", self.min_gain_to_split),
            ("cat_smooth", self.cat_smooth),
            ("cat_l2", self.cat_l2),
        ] {
            if !finite_nonneg(v) {
                return Err(bad_param(name, "a finite number >= 0"));
            }
        }
        if !(self.scale_pos_weight.is_finite() && self.scale_pos_weight > 0.0) {
            return Err(bad_param("scale_pos_weight", "a finite number > 0"));
        }
        if !(0.0..=0.5).contains(&self.validation_fraction) {
            return Err(bad_param("validation_fraction", "a number from 0 to 0.5"));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Features: inference, binning, raw values
// ---------------------------------------------------------------------------------------------

/// Decides the kind of each candidate column, drops unusable ones and builds bins.
pub(crate) fn infer_features(
    table: &Table,
    candidates: &[usize],
    forced_categorical: &HashSet<String>,
    params: &Params,
) -> (Vec<FeatureSpec>, Vec<usize>, Vec<DroppedColumn>) {
    let mut specs = Vec::new();
    let mut columns = Vec::new();
    let mut dropped = Vec::new();
    for &c in candidates {
        let Some(column) = table.columns.get(c) else {
            continue;
        };
        match build_spec(column, forced_categorical.contains(&column.name), params) {
            Ok(spec) => {
                specs.push(spec);
                columns.push(c);
            }
            Err(reason) => dropped.push(DroppedColumn {
                column: column.name.clone(),
                reason,
            }),
        }
    }
    (specs, columns, dropped)
}

fn code_counts(column: &Column) -> (Vec<u64>, u64) {
    let mut counts = vec![0u64; column.dict.len()];
    let mut missing = 0;
    for &code in &column.codes {
        match counts.get_mut(code as usize) {
            Some(n) => *n += 1,
            None => missing += 1,
        }
    }
    (counts, missing)
}

fn build_spec(
    column: &Column,
    force_categorical: bool,
    params: &Params,
) -> std::result::Result<FeatureSpec, String> {
    let (counts, missing) = code_counts(column);
    let present: u64 = counts.iter().sum();
    if present == 0 {
        return Err("all values missing".into());
    }
    let distinct = counts.iter().filter(|&&n| n > 0).count();
    let numbers: Vec<Option<f64>> = column.dict.iter().map(|t| parse_number(t)).collect();
    let numeric = !force_categorical && numbers.iter().all(Option::is_some);
    if numeric {
        // Distinct values with their counts, ascending.
        let mut values: Vec<(f64, u64)> = numbers
            .iter()
            .zip(&counts)
            .filter_map(|(v, &n)| v.map(|v| (v, n)))
            .collect();
        values.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f64, u64)> = Vec::with_capacity(values.len());
        for (v, n) in values {
            match merged.last_mut() {
                Some(last) if last.0 == v => last.1 += n,
                _ => merged.push((v, n)),
            }
        }
        if merged.len() == 1 && missing == 0 {
            return Err("constant".into());
        }
        let bin_edges = quantile_edges(&merged, params.max_bins as usize);
        let reference_edges = quantile_edges(&merged, 10);
        let mut ref_counts = vec![0u64; reference_edges.len() + 1];
        for &(v, n) in &merged {
            let b = reference_edges.partition_point(|&e| e < v);
            if let Some(slot) = ref_counts.get_mut(b) {
                *slot += n;
            }
        }
        return Ok(FeatureSpec {
            name: column.name.clone(),
            kind: FeatureKind::Numeric,
            bin_edges,
            categories: Vec::new(),
            reference: Reference {
                edges: reference_edges,
                counts: ref_counts,
                missing,
            },
        });
    }
    if distinct == 1 && missing == 0 {
        return Err("constant".into());
    }
    if distinct > params.max_categories as usize {
        return Err(format!(
            "{distinct} distinct text values, above max_categories {} (an identifier?)",
            params.max_categories
        ));
    }
    if distinct as u64 == present && present > 50 {
        return Err("every value is different (an identifier?)".into());
    }
    let mut categories: Vec<(String, u64)> = column
        .dict
        .iter()
        .cloned()
        .zip(counts.iter().copied())
        .filter(|(_, n)| *n > 0)
        .collect();
    categories.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(FeatureSpec {
        name: column.name.clone(),
        kind: FeatureKind::Categorical,
        bin_edges: Vec::new(),
        reference: Reference {
            edges: Vec::new(),
            counts: categories.iter().map(|c| c.1).collect(),
            missing,
        },
        categories: categories.into_iter().map(|c| c.0).collect(),
    })
}

/// Cut points between distinct values so that each bin holds about `n / max_bins` rows; one
/// bin per distinct value when there are at most `max_bins` of them. Cuts are midpoints.
fn quantile_edges(values: &[(f64, u64)], max_bins: usize) -> Vec<f64> {
    let mut edges = Vec::new();
    if values.len() <= 1 {
        return edges;
    }
    let midpoint = |a: f64, b: f64| a + (b - a) / 2.0;
    if values.len() <= max_bins {
        for w in values.windows(2) {
            edges.push(midpoint(w[0].0, w[1].0));
        }
    } else {
        let total: u64 = values.iter().map(|v| v.1).sum();
        let mut acc = 0u64;
        let mut next_bin = 1u64;
        for w in values.windows(2) {
            acc += w[0].1;
            // Cut when the cumulative count passes the next quantile.
            if acc * max_bins as u64 >= next_bin * total {
                edges.push(midpoint(w[0].0, w[1].0));
                while acc * max_bins as u64 >= next_bin * total {
                    next_bin += 1;
                }
                if edges.len() + 1 >= max_bins {
                    break;
                }
            }
        }
    }
    edges.dedup();
    edges
}

/// Per-feature code tables: for each dictionary code of the column, its local bin and raw
/// value (numeric value or category index; NaN for a missing numeric).
struct CodeMap {
    bins: Vec<u32>,
    raw: Vec<f64>,
    missing_bin: u32,
    missing_raw: f64,
    /// Codes whose text is a category unseen in training.
    unseen: Vec<bool>,
    /// Codes whose text does not parse as a number (numeric features).
    bad: Vec<bool>,
}

fn code_map(spec: &FeatureSpec, column: &Column) -> CodeMap {
    let n = column.dict.len();
    let mut map = CodeMap {
        bins: vec![0; n],
        raw: vec![0.0; n],
        missing_bin: spec.missing_bin() as u32,
        missing_raw: f64::NAN,
        unseen: vec![false; n],
        bad: vec![false; n],
    };
    match spec.kind {
        FeatureKind::Numeric => {
            for (i, text) in column.dict.iter().enumerate() {
                match parse_number(text) {
                    Some(v) => {
                        map.bins[i] = spec.bin_edges.partition_point(|&e| e < v) as u32;
                        map.raw[i] = v;
                    }
                    None => {
                        map.bad[i] = true;
                        map.bins[i] = map.missing_bin;
                        map.raw[i] = f64::NAN;
                    }
                }
            }
        }
        FeatureKind::Categorical => {
            let index: HashMap<&str, usize> = spec
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| (c.as_str(), i))
                .collect();
            map.missing_raw = spec.missing_bin() as f64;
            for (i, text) in column.dict.iter().enumerate() {
                match index.get(text.as_str()) {
                    Some(&k) => {
                        map.bins[i] = k as u32;
                        map.raw[i] = k as f64;
                    }
                    None => {
                        map.unseen[i] = true;
                        map.bins[i] = map.missing_bin;
                        map.raw[i] = map.missing_raw;
                    }
                }
            }
        }
    }
    map
}

/// The feature matrix in bin form (local bin indices; `offsets` place them in a histogram).
#[derive(Debug, Clone)]
pub(crate) struct Binned {
    pub(crate) n_rows: usize,
    pub(crate) n_features: usize,
    /// Global histogram index (offset + local bin) of every cell, row-major (histogram
    /// building); the total number of bins is at most [`MAX_TOTAL_BINS`].
    pub(crate) bins: Vec<u16>,
    /// Local bin of every cell, one vector per feature (partitioning, traversal).
    pub(crate) cols: Vec<Vec<u16>>,
    pub(crate) offsets: Vec<usize>,
    pub(crate) n_bins: Vec<usize>,
    pub(crate) total_bins: usize,
}

/// Raw feature values, row-major: numeric value (NaN = missing) or category index (the
/// missing index for missing and unseen categories).
#[derive(Debug, Clone)]
pub(crate) struct RawMatrix {
    pub(crate) n_features: usize,
    pub(crate) values: Vec<f64>,
    /// Unseen-category cells per feature.
    pub(crate) unseen: Vec<u64>,
}

impl RawMatrix {
    /// One row.
    pub(crate) fn row(&self, r: usize) -> &[f64] {
        let start = r * self.n_features;
        self.values
            .get(start..start + self.n_features)
            .unwrap_or(&[])
    }
}

/// Finds each model feature's column in a table.
pub(crate) fn locate(table: &Table, specs: &[FeatureSpec]) -> Result<Vec<usize>> {
    specs
        .iter()
        .map(|s| {
            table.find(&s.name).ok_or_else(|| Error::InvalidArgument {
                name: "csv".into(),
                expected: format!("a column `{}` (a feature of the model)", s.name),
            })
        })
        .collect()
}

/// Bins a table with the given specs; `check_numbers` turns text in a numeric column into an
/// error naming the cell (otherwise it counts as missing).
pub(crate) fn bin_table(
    table: &Table,
    specs: &[FeatureSpec],
    columns: &[usize],
) -> Result<(Binned, RawMatrix)> {
    let nf = specs.len();
    let mut offsets = Vec::with_capacity(nf);
    let mut n_bins = Vec::with_capacity(nf);
    let mut total = 0usize;
    for s in specs {
        offsets.push(total);
        n_bins.push(s.n_bins());
        total += s.n_bins();
    }
    if total > MAX_TOTAL_BINS {
        return Err(Error::LimitExceeded {
            what: "histogram bins over all features (lower params.max_bins or params.max_categories, or exclude columns)".into(),
            limit: MAX_TOTAL_BINS as u64,
            actual: total as u64,
        });
    }
    let n = table.n_rows;
    let mut bins = vec![0u16; n * nf];
    let mut cols = vec![vec![0u16; n]; nf];
    let mut raw = vec![0f64; n * nf];
    let mut unseen = vec![0u64; nf];
    for (f, (spec, &c)) in specs.iter().zip(columns).enumerate() {
        let Some(column) = table.columns.get(c) else {
            return Err(Error::Internal("feature column index out of range".into()));
        };
        let map = code_map(spec, column);
        for (r, &code) in column.codes.iter().enumerate().take(n) {
            let (b, v) = if code == MISSING {
                (map.missing_bin, map.missing_raw)
            } else {
                let k = code as usize;
                if map.bad.get(k).copied().unwrap_or(false) {
                    return Err(Error::InvalidArgument {
                        name: table.source.path(r, &spec.name),
                        expected: format!(
                            "a number (the feature is numeric; found \"{}\")",
                            column.text(r).unwrap_or("")
                        ),
                    });
                }
                if map.unseen.get(k).copied().unwrap_or(false) {
                    if let Some(u) = unseen.get_mut(f) {
                        *u += 1;
                    }
                }
                (
                    map.bins.get(k).copied().unwrap_or(map.missing_bin),
                    map.raw.get(k).copied().unwrap_or(map.missing_raw),
                )
            };
            bins[r * nf + f] = (offsets[f] + b as usize) as u16;
            cols[f][r] = b as u16;
            raw[r * nf + f] = v;
        }
    }
    Ok((
        Binned {
            n_rows: n,
            n_features: nf,
            bins,
            cols,
            offsets,
            n_bins,
            total_bins: total,
        },
        RawMatrix {
            n_features: nf,
            values: raw,
            unseen,
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Trees
// ---------------------------------------------------------------------------------------------

/// One regression tree in parallel arrays; node 0 is the root; `feature[i] = -1` is a leaf.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Tree {
    /// Split feature index, -1 for a leaf.
    pub feature: Vec<i32>,
    /// Numeric splits: `x <= threshold` goes left (0 otherwise).
    pub threshold: Vec<f64>,
    /// Numeric splits: where a missing value goes.
    pub default_left: Vec<bool>,
    /// Categorical splits: the category indices that go left, ascending (the index equal to
    /// the number of categories stands for missing/unseen); empty otherwise.
    pub categories_left: Vec<Vec<u32>>,
    /// Left child.
    pub left: Vec<u32>,
    /// Right child.
    pub right: Vec<u32>,
    /// Leaf output in log-odds (internal nodes: what the node would output as a leaf).
    pub value: Vec<f64>,
    /// Training rows reaching the node.
    pub cover: Vec<f64>,
    /// Split gain (0 for leaves).
    pub gain: Vec<f64>,
    /// Numeric splits in bin units (training only).
    #[serde(skip)]
    pub(crate) threshold_bin: Vec<u32>,
}

impl Tree {
    /// No nodes at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.feature.is_empty()
    }

    /// The split feature of an internal node, `None` for a leaf.
    pub(crate) fn split_feature(&self, node: usize) -> Option<usize> {
        self.feature
            .get(node)
            .and_then(|&f| usize::try_from(f).ok())
    }

    /// Does `x` (raw values) go left at this internal node?
    pub(crate) fn goes_left(&self, node: usize, x: &[f64]) -> bool {
        let Some(f) = self.split_feature(node) else {
            return false;
        };
        let v = x.get(f).copied().unwrap_or(f64::NAN);
        match self.categories_left.get(node) {
            Some(set) if !set.is_empty() => {
                if v.is_nan() || v < 0.0 {
                    return false;
                }
                set.binary_search(&(v as u32)).is_ok()
            }
            _ => {
                if v.is_nan() {
                    self.default_left.get(node).copied().unwrap_or(false)
                } else {
                    v <= self.threshold.get(node).copied().unwrap_or(0.0)
                }
            }
        }
    }

    /// The leaf reached by `x`.
    pub(crate) fn leaf(&self, x: &[f64]) -> usize {
        let mut node = 0usize;
        // Children always have larger indices (checked on load), so this terminates.
        while self.split_feature(node).is_some() {
            let next = if self.goes_left(node, x) {
                self.left.get(node)
            } else {
                self.right.get(node)
            };
            match next {
                Some(&n) if (n as usize) > node => node = n as usize,
                _ => break,
            }
        }
        node
    }

    /// The tree's output for `x`.
    pub(crate) fn predict(&self, x: &[f64]) -> f64 {
        self.value.get(self.leaf(x)).copied().unwrap_or(0.0)
    }

    /// The cover-weighted mean leaf output: the tree's expected value.
    pub(crate) fn expected_value(&self) -> f64 {
        let root = self.cover.first().copied().unwrap_or(0.0);
        if root <= 0.0 {
            return 0.0;
        }
        let mut sum = 0.0;
        for (i, &f) in self.feature.iter().enumerate() {
            if f < 0 {
                sum += self.cover.get(i).copied().unwrap_or(0.0)
                    * self.value.get(i).copied().unwrap_or(0.0);
            }
        }
        sum / root
    }

    fn push_node(&mut self, value: f64, cover: f64) -> usize {
        self.feature.push(-1);
        self.threshold.push(0.0);
        self.default_left.push(false);
        self.categories_left.push(Vec::new());
        self.left.push(0);
        self.right.push(0);
        self.value.push(value);
        self.cover.push(cover);
        self.gain.push(0.0);
        self.threshold_bin.push(0);
        self.feature.len() - 1
    }

    /// Checks the structure against the features (for trees read from a file).
    pub(crate) fn check(&self, specs: &[FeatureSpec], path: &str) -> Result<()> {
        let n = self.feature.len();
        let bad = |what: &str| Error::InvalidArgument {
            name: path.to_string(),
            expected: format!("a well-formed tree ({what})"),
        };
        if n == 0 {
            return Err(bad("no nodes"));
        }
        if [
            self.threshold.len(),
            self.default_left.len(),
            self.categories_left.len(),
            self.left.len(),
            self.right.len(),
            self.value.len(),
            self.cover.len(),
            self.gain.len(),
        ]
        .iter()
        .any(|&l| l != n)
        {
            return Err(bad("arrays of different lengths"));
        }
        for i in 0..n {
            let f = self.feature[i];
            if !self.value[i].is_finite() || !self.cover[i].is_finite() || self.cover[i] < 0.0 {
                return Err(bad("non-finite value or cover"));
            }
            if f < 0 {
                continue;
            }
            let Some(spec) = specs.get(f as usize) else {
                return Err(bad("feature index out of range"));
            };
            let (l, r) = (self.left[i] as usize, self.right[i] as usize);
            if l <= i || r <= i || l >= n || r >= n {
                return Err(bad("child index not after its parent"));
            }
            let cats = &self.categories_left[i];
            match spec.kind {
                FeatureKind::Numeric => {
                    if !cats.is_empty() || !self.threshold[i].is_finite() {
                        return Err(bad("numeric split with categories or a bad threshold"));
                    }
                }
                FeatureKind::Categorical => {
                    if cats.is_empty()
                        || cats.windows(2).any(|w| w[0] >= w[1])
                        || cats.iter().any(|&c| c as usize > spec.categories.len())
                    {
                        return Err(bad("categorical split without a sorted category set"));
                    }
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Growing a tree
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, Default)]
struct Bin {
    g: f64,
    h: f64,
    c: f64,
}

impl Bin {
    fn add(&mut self, o: &Bin) {
        self.g += o.g;
        self.h += o.h;
        self.c += o.c;
    }
    fn minus(&self, o: &Bin) -> Bin {
        Bin {
            g: self.g - o.g,
            h: self.h - o.h,
            c: self.c - o.c,
        }
    }
}

#[derive(Debug, Clone)]
struct Split {
    feature: usize,
    gain: f64,
    threshold_bin: u32,
    default_left: bool,
    categories_left: Vec<u32>,
    left: Bin,
    right: Bin,
}

struct LeafTask {
    node: usize,
    start: usize,
    end: usize,
    depth: u32,
    hist: Vec<Bin>,
    best: Option<Split>,
}

struct Grower<'a> {
    binned: &'a Binned,
    specs: &'a [FeatureSpec],
    params: &'a Params,
    gh: &'a [(f64, f64)],
}

impl Grower<'_> {
    fn build_hist(&self, rows: &[u32]) -> Vec<Bin> {
        let mut hist = vec![Bin::default(); self.binned.total_bins];
        let nf = self.binned.n_features;
        for &r in rows {
            let r = r as usize;
            let (g, h) = self.gh[r];
            for &b in &self.binned.bins[r * nf..r * nf + nf] {
                if let Some(e) = hist.get_mut(b as usize) {
                    e.g += g;
                    e.h += h;
                    e.c += 1.0;
                }
            }
        }
        hist
    }

    fn leaf_value(&self, sum: &Bin) -> f64 {
        -sum.g / (sum.h + self.params.lambda_l2) * self.params.learning_rate
    }

    fn score(&self, b: &Bin, l2: f64) -> f64 {
        b.g * b.g / (b.h + l2)
    }

    fn allowed(&self, b: &Bin) -> bool {
        b.c >= self.params.min_data_in_leaf as f64 && b.h >= self.params.min_sum_hessian_in_leaf
    }

    fn best_split(&self, hist: &[Bin], sum: &Bin, depth: u32) -> Option<Split> {
        let p = self.params;
        if (p.max_depth > 0 && depth >= p.max_depth) || sum.c < 2.0 * p.min_data_in_leaf as f64 {
            return None;
        }
        let parent = self.score(sum, p.lambda_l2);
        let mut best: Option<Split> = None;
        let mut best_gain = p.min_gain_to_split.max(1e-12);
        for (f, spec) in self.specs.iter().enumerate() {
            let off = self.binned.offsets[f];
            let nb = self.binned.n_bins[f];
            let h = &hist[off..off + nb];
            let missing = h[nb - 1];
            match spec.kind {
                FeatureKind::Numeric => {
                    let mut acc = Bin::default();
                    for (b, bin) in h.iter().enumerate().take(nb.saturating_sub(2)) {
                        acc.add(bin);
                        let right = sum.minus(&acc);
                        if self.allowed(&acc) && self.allowed(&right) {
                            let gain = self.score(&acc, p.lambda_l2)
                                + self.score(&right, p.lambda_l2)
                                - parent;
                            if gain > best_gain {
                                best_gain = gain;
                                let default_left = if missing.c > 0.0 {
                                    false
                                } else {
                                    acc.c >= right.c
                                };
                                best = Some(numeric_split(f, gain, b, default_left, acc, right));
                            }
                        }
                        if missing.c > 0.0 {
                            let mut left = acc;
                            left.add(&missing);
                            let right = sum.minus(&left);
                            if self.allowed(&left) && self.allowed(&right) {
                                let gain = self.score(&left, p.lambda_l2)
                                    + self.score(&right, p.lambda_l2)
                                    - parent;
                                if gain > best_gain {
                                    best_gain = gain;
                                    best = Some(numeric_split(f, gain, b, true, left, right));
                                }
                            }
                        }
                    }
                }
                FeatureKind::Categorical => {
                    if let Some(s) = self.best_categorical(f, h, sum, parent, best_gain) {
                        best_gain = s.gain;
                        best = Some(s);
                    }
                }
            }
        }
        best
    }

    fn best_categorical(
        &self,
        f: usize,
        h: &[Bin],
        sum: &Bin,
        parent: f64,
        floor: f64,
    ) -> Option<Split> {
        let p = self.params;
        let used: Vec<usize> = (0..h.len()).filter(|&b| h[b].c > 0.0).collect();
        if used.len() < 2 {
            return None;
        }
        let mut best: Option<Split> = None;
        let mut best_gain = floor;
        if used.len() <= p.max_cat_to_onehot as usize {
            for &b in &used {
                let left = h[b];
                let right = sum.minus(&left);
                if !(self.allowed(&left) && self.allowed(&right)) {
                    continue;
                }
                let gain =
                    self.score(&left, p.lambda_l2) + self.score(&right, p.lambda_l2) - parent;
                if gain > best_gain {
                    best_gain = gain;
                    best = Some(categorical_split(f, gain, vec![b as u32], left, right));
                }
            }
            return best;
        }
        let mut order: Vec<usize> = used
            .into_iter()
            .filter(|&b| h[b].c >= p.cat_smooth)
            .collect();
        if order.len() < 2 {
            return None;
        }
        let stat = |b: usize| h[b].g / (h[b].h + p.cat_smooth);
        order.sort_by(|&a, &b| stat(a).total_cmp(&stat(b)).then(a.cmp(&b)));
        let max_take = (p.max_cat_threshold as usize).min(order.len().div_ceil(2));
        let l2 = p.lambda_l2 + p.cat_l2;
        let mut found: Option<(bool, usize, Bin, Bin, f64)> = None;
        for reverse in [false, true] {
            let mut acc = Bin::default();
            for i in 0..max_take {
                let b = if reverse {
                    order[order.len() - 1 - i]
                } else {
                    order[i]
                };
                acc.add(&h[b]);
                let right = sum.minus(&acc);
                if !self.allowed(&acc) {
                    continue;
                }
                if !self.allowed(&right) {
                    break;
                }
                let gain = self.score(&acc, l2) + self.score(&right, l2) - parent;
                if gain > best_gain {
                    best_gain = gain;
                    found = Some((reverse, i + 1, acc, right, gain));
                }
            }
        }
        let (reverse, take, left, right, gain) = found?;
        let mut set: Vec<u32> = if reverse {
            order.iter().rev().take(take).map(|&b| b as u32).collect()
        } else {
            order.iter().take(take).map(|&b| b as u32).collect()
        };
        set.sort_unstable();
        Some(categorical_split(f, gain, set, left, right))
    }

    /// Grows one tree on `rows` (reordered in place); returns the tree and its leaves as
    /// `(node, start, end)` ranges of `rows`.
    fn grow(&self, rows: &mut [u32]) -> (Tree, Vec<(usize, usize, usize)>) {
        let mut tree = Tree::default();
        let hist = self.build_hist(rows);
        let mut sum = Bin::default();
        // The root sum from the first feature's bins (every row has exactly one bin there).
        if let (Some(&off), Some(&nb)) = (self.binned.offsets.first(), self.binned.n_bins.first()) {
            for b in &hist[off..off + nb] {
                sum.add(b);
            }
        }
        let root = tree.push_node(self.leaf_value(&sum), sum.c);
        let best = self.best_split(&hist, &sum, 0);
        let mut leaves = vec![LeafTask {
            node: root,
            start: 0,
            end: rows.len(),
            depth: 0,
            hist,
            best,
        }];
        let mut buffer: Vec<u32> = Vec::new();
        while leaves.len() < self.params.num_leaves as usize {
            let mut pick: Option<(usize, f64)> = None;
            for (i, leaf) in leaves.iter().enumerate() {
                if let Some(s) = &leaf.best {
                    if pick.is_none_or(|(_, g)| s.gain > g) {
                        pick = Some((i, s.gain));
                    }
                }
            }
            let Some((index, _)) = pick else { break };
            let mut leaf = leaves.remove(index);
            let Some(split) = leaf.best.take() else { break };
            // Stable partition of the leaf's rows.
            // Branch-free stable partition through a per-bin lookup table.
            let col = &self.binned.cols[split.feature];
            let nb = self.binned.n_bins[split.feature];
            let lut: Vec<bool> = (0..nb)
                .map(|b| {
                    if !split.categories_left.is_empty() {
                        split.categories_left.binary_search(&(b as u32)).is_ok()
                    } else if b == nb - 1 {
                        split.default_left
                    } else {
                        b <= split.threshold_bin as usize
                    }
                })
                .collect();
            buffer.clear();
            buffer.resize(leaf.end - leaf.start, 0);
            let mut write = leaf.start;
            let mut spill = 0usize;
            for i in leaf.start..leaf.end {
                let r = rows[i];
                let left = lut[col[r as usize] as usize];
                rows[write] = r;
                buffer[spill] = r;
                write += usize::from(left);
                spill += usize::from(!left);
            }
            rows[write..leaf.end].copy_from_slice(&buffer[..spill]);
            let mid = write;
            let left_node = tree.push_node(self.leaf_value(&split.left), split.left.c);
            let right_node = tree.push_node(self.leaf_value(&split.right), split.right.c);
            let n = leaf.node;
            tree.feature[n] = split.feature as i32;
            tree.gain[n] = split.gain;
            tree.left[n] = left_node as u32;
            tree.right[n] = right_node as u32;
            tree.default_left[n] = split.default_left;
            if split.categories_left.is_empty() {
                tree.threshold_bin[n] = split.threshold_bin;
                tree.threshold[n] = self.specs[split.feature]
                    .bin_edges
                    .get(split.threshold_bin as usize)
                    .copied()
                    .unwrap_or(0.0);
            } else {
                tree.categories_left[n] = split.categories_left.clone();
                tree.default_left[n] = split
                    .categories_left
                    .binary_search(&(self.specs[split.feature].missing_bin() as u32))
                    .is_ok();
            }
            let left_small = mid - leaf.start <= leaf.end - mid;
            let small_hist = if left_small {
                self.build_hist(&rows[leaf.start..mid])
            } else {
                self.build_hist(&rows[mid..leaf.end])
            };
            let large_hist: Vec<Bin> = leaf
                .hist
                .iter()
                .zip(&small_hist)
                .map(|(p, s)| p.minus(s))
                .collect();
            let (left_hist, right_hist) = if left_small {
                (small_hist, large_hist)
            } else {
                (large_hist, small_hist)
            };
            let depth = leaf.depth + 1;
            let left_best = self.best_split(&left_hist, &split.left, depth);
            let right_best = self.best_split(&right_hist, &split.right, depth);
            leaves.push(LeafTask {
                node: left_node,
                start: leaf.start,
                end: mid,
                depth,
                hist: left_hist,
                best: left_best,
            });
            leaves.push(LeafTask {
                node: right_node,
                start: mid,
                end: leaf.end,
                depth,
                hist: right_hist,
                best: right_best,
            });
        }
        let ranges = leaves.iter().map(|l| (l.node, l.start, l.end)).collect();
        (tree, ranges)
    }
}

fn numeric_split(
    f: usize,
    gain: f64,
    bin: usize,
    default_left: bool,
    left: Bin,
    right: Bin,
) -> Split {
    Split {
        feature: f,
        gain,
        threshold_bin: bin as u32,
        default_left,
        categories_left: Vec::new(),
        left,
        right,
    }
}

fn categorical_split(f: usize, gain: f64, set: Vec<u32>, left: Bin, right: Bin) -> Split {
    Split {
        feature: f,
        gain,
        threshold_bin: 0,
        default_left: false,
        categories_left: set,
        left,
        right,
    }
}

/// Which leaf a binned row reaches (training-time traversal).
fn binned_leaf(tree: &Tree, binned: &Binned, specs: &[FeatureSpec], r: usize) -> usize {
    let mut node = 0usize;
    while let Some(f) = tree.split_feature(node) {
        let local = binned.cols[f][r] as usize;
        let cats = &tree.categories_left[node];
        let left = if !cats.is_empty() {
            cats.binary_search(&(local as u32)).is_ok()
        } else if local == specs[f].missing_bin() {
            tree.default_left[node]
        } else {
            local <= tree.threshold_bin[node] as usize
        };
        let next = if left {
            tree.left[node]
        } else {
            tree.right[node]
        } as usize;
        if next <= node {
            break;
        }
        node = next;
    }
    node
}

// ---------------------------------------------------------------------------------------------
// Boosting
// ---------------------------------------------------------------------------------------------

/// What boosting returns.
pub(crate) struct Boosted {
    pub(crate) trees: Vec<Tree>,
    /// Margins of every row under the kept trees (training rows and validation rows).
    pub(crate) margins: Vec<f64>,
    pub(crate) rounds_run: usize,
}

/// Inputs of [`boost`].
pub(crate) struct BoostInput<'a> {
    pub(crate) binned: &'a Binned,
    pub(crate) specs: &'a [FeatureSpec],
    pub(crate) labels: &'a [u8],
    pub(crate) weights: &'a [f64],
    pub(crate) train_rows: &'a [u32],
    pub(crate) validation_rows: &'a [u32],
    /// Starting margin of every row.
    pub(crate) start: Vec<f64>,
    pub(crate) params: &'a Params,
}

/// Softplus-form log loss of one row: `ln(1 + e^m) - y m`.
pub(crate) fn row_log_loss(margin: f64, y: u8) -> f64 {
    let softplus = margin.max(0.0) + ln(1.0 + exp(-margin.abs()));
    softplus - if y == 1 { margin } else { 0.0 }
}

/// Boosts trees from the start margins; early stopping on the validation rows when there are any.
pub(crate) fn boost(input: BoostInput<'_>) -> Boosted {
    let p = input.params;
    let n = input.binned.n_rows;
    let mut margins = input.start;
    let mut gh = vec![(0.0, 0.0); n];
    let mut rows: Vec<u32> = input.train_rows.to_vec();
    let grower = Grower {
        binned: input.binned,
        specs: input.specs,
        params: p,
        gh: &[],
    };
    let mut trees: Vec<Tree> = Vec::new();
    let mut best_score = f64::INFINITY;
    let mut best_round = 0usize;
    let mut rounds_run = 0usize;
    let early = p.early_stopping_rounds > 0 && !input.validation_rows.is_empty();
    let mut snapshot: Vec<f64> = Vec::new();
    if early {
        best_score = stopping_score(
            p.early_stopping_metric,
            &margins,
            input.labels,
            input.validation_rows,
        );
        snapshot.extend(input.validation_rows.iter().map(|&r| margins[r as usize]));
    }
    for round in 0..p.n_estimators as usize {
        for &r in input.train_rows {
            let r = r as usize;
            let prob = sigmoid(margins[r]);
            let w = input.weights[r];
            let y = f64::from(input.labels[r]);
            gh[r] = ((prob - y) * w, (prob * (1.0 - prob)).max(1e-16) * w);
        }
        let g = Grower { gh: &gh, ..grower };
        let (tree, leaves) = g.grow(&mut rows);
        if tree.feature.len() <= 1 {
            break; // nothing left to learn
        }
        for &(node, start, end) in &leaves {
            let v = tree.value[node];
            for &r in &rows[start..end] {
                margins[r as usize] += v;
            }
        }
        for &r in input.validation_rows {
            let r = r as usize;
            margins[r] += tree.value[binned_leaf(&tree, input.binned, input.specs, r)];
        }
        trees.push(tree);
        rounds_run = round + 1;
        if early {
            let score = stopping_score(
                p.early_stopping_metric,
                &margins,
                input.labels,
                input.validation_rows,
            );
            if score < best_score {
                best_score = score;
                best_round = trees.len();
                snapshot.clear();
                snapshot.extend(input.validation_rows.iter().map(|&r| margins[r as usize]));
            } else if trees.len() - best_round >= p.early_stopping_rounds as usize {
                break;
            }
        }
    }
    if early && best_round < trees.len() {
        // Roll back to the best round: training margins are not used afterwards, validation
        // margins come from the snapshot.
        trees.truncate(best_round);
        for (&r, &m) in input.validation_rows.iter().zip(&snapshot) {
            margins[r as usize] = m;
        }
    }
    Boosted {
        trees,
        margins,
        rounds_run,
    }
}

/// The early-stopping score of the validation rows (lower is better).
fn stopping_score(metric: StoppingMetric, margins: &[f64], labels: &[u8], rows: &[u32]) -> f64 {
    match metric {
        StoppingMetric::LogLoss => {
            let mut s = 0.0;
            for &r in rows {
                s += row_log_loss(margins[r as usize], labels[r as usize]);
            }
            s / rows.len().max(1) as f64
        }
        StoppingMetric::Auc => {
            let scores: Vec<f64> = rows.iter().map(|&r| margins[r as usize]).collect();
            let labels: Vec<u8> = rows.iter().map(|&r| labels[r as usize]).collect();
            -super::metrics::roc_auc(&scores, &labels).unwrap_or(0.5)
        }
    }
}

/// A stratified split of `0..n` into (train, validation), both ascending.
pub(crate) fn stratified_split(labels: &[u8], fraction: f64, seed: u64) -> (Vec<u32>, Vec<u32>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut train = Vec::new();
    let mut validation = Vec::new();
    for class in [0u8, 1u8] {
        let mut idx: Vec<u32> = labels
            .iter()
            .enumerate()
            .filter(|(_, &y)| y == class)
            .map(|(i, _)| i as u32)
            .collect();
        shuffle(&mut idx, &mut rng);
        let take = (idx.len() as f64 * fraction).round() as usize;
        validation.extend_from_slice(&idx[..take.min(idx.len())]);
        train.extend_from_slice(&idx[take.min(idx.len())..]);
    }
    train.sort_unstable();
    validation.sort_unstable();
    (train, validation)
}

/// A uniform index below `n` (n > 0) from 64 random bits, the same on every platform.
pub(crate) fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// Fisher–Yates, portable.
pub(crate) fn shuffle<T>(items: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = below(rng, i + 1);
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_edges_use_midpoints_and_cap_bins() {
        let few = [(1.0, 5), (2.0, 5), (4.0, 5)];
        assert_eq!(quantile_edges(&few, 255), vec![1.5, 3.0]);
        let many: Vec<(f64, u64)> = (0..1000).map(|i| (i as f64, 1)).collect();
        let e = quantile_edges(&many, 10);
        assert_eq!(e.len(), 9);
        assert_eq!(e[0], 99.5);
    }

    #[test]
    fn split_is_stratified_and_deterministic() {
        let labels: Vec<u8> = (0..100).map(|i| u8::from(i % 10 == 0)).collect();
        let (t1, v1) = stratified_split(&labels, 0.2, 7);
        let (t2, v2) = stratified_split(&labels, 0.2, 7);
        assert_eq!((t1.clone(), v1.clone()), (t2, v2));
        assert_eq!(v1.len(), 20);
        assert_eq!(v1.iter().filter(|&&r| labels[r as usize] == 1).count(), 2);
        assert_eq!(t1.len() + v1.len(), 100);
    }
}
