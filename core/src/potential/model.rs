//! The model file: metadata, trees and calibration in one JSON object with a SHA-256 content
//! hash; training (fit), loading with version and integrity checks, and scoring.

use crate::trail::hex;
use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::calibration::{fit_isotonic, fit_platt, Calibration};
use super::gbdt::{
    bin_table, boost, infer_features, locate, stratified_split, BoostInput, CalibrationMethod,
    ClassWeight, DroppedColumn, FeatureKind, FeatureSpec, Params, RawMatrix, Tree,
};
use super::math::logit;
use super::metrics;
use super::shap::add_tree_shap;
use super::table::Table;
use crate::error::{Error, Result};

/// The `format` tag of a model file.
pub const MODEL_FORMAT: &str = "interviewkit.potential.model";
/// The newest model format version this build reads and the one it writes.
pub const MODEL_FORMAT_VERSION: u32 = 1;

/// What the label means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelInfo {
    /// The 0/1 label column.
    pub column: String,
    /// The caller's definition (free JSON, e.g. `{"kind": "promoted_within", "months": 12}`).
    #[serde(default)]
    pub definition: Option<Value>,
}

/// Facts about the training data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// Rows in the input.
    pub rows: u64,
    /// Positive rows in the input.
    pub positives: u64,
    /// Rows the trees were grown on.
    pub train_rows: u64,
    /// Rows held out for early stopping, calibration and metrics.
    pub validation_rows: u64,
    /// SHA-256 of the input table (header and every cell; see the docs).
    pub data_hash: String,
    /// Boosting rounds run (before rolling back to the best one).
    pub rounds_run: u64,
}

/// Metrics on one set of rows; `null` values come with a `note`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitMetrics {
    /// Rows.
    pub n: u64,
    /// Positive rows.
    pub positives: u64,
    /// ROC-AUC (`null` without both classes).
    pub roc_auc: Option<f64>,
    /// Average precision (`null` without positives).
    pub pr_auc: Option<f64>,
    /// Brier score of the calibrated probabilities.
    pub brier: f64,
    /// Expected calibration error (10 equal-width bins).
    pub ece: f64,
    /// Mean log loss of the calibrated probabilities.
    pub log_loss: f64,
    /// Why a value is `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl SplitMetrics {
    /// Computes the metrics from probabilities (calibrated) and scores (for the rankings).
    pub(crate) fn compute(probs: &[f64], labels: &[u8]) -> SplitMetrics {
        let positives = labels.iter().filter(|&&y| y == 1).count() as u64;
        let roc_auc = metrics::roc_auc(probs, labels);
        let pr_auc = metrics::pr_auc(probs, labels);
        let note = if roc_auc.is_none() {
            Some("ROC-AUC needs both classes; PR-AUC needs positives".to_string())
        } else {
            None
        };
        SplitMetrics {
            n: labels.len() as u64,
            positives,
            roc_auc,
            pr_auc,
            brier: metrics::brier(probs, labels),
            ece: metrics::ece(probs, labels),
            log_loss: metrics::log_loss(probs, labels),
            note,
        }
    }
}

/// Metrics stored in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMetrics {
    /// On the internal validation split (`null` when there was none).
    pub validation: Option<SplitMetrics>,
}

/// Global importance of one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Importance {
    /// Feature name.
    pub feature: String,
    /// Total split gain.
    pub gain: f64,
    /// Number of splits.
    pub splits: u64,
    /// Mean |SHAP| (log-odds) over a sample of validation rows (`null` when not computed).
    pub mean_abs_shap: Option<f64>,
}

/// The content hash of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Integrity {
    /// Always `sha-256`.
    pub algorithm: String,
    /// Hex SHA-256 of the canonical JSON of the model without `integrity` (object keys
    /// sorted, no whitespace).
    pub content_hash: String,
}

/// A trained talent potential model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PotentialModel {
    /// Always [`MODEL_FORMAT`].
    pub format: String,
    /// [`MODEL_FORMAT_VERSION`] when written.
    pub format_version: u32,
    /// The engine that wrote it.
    pub engine_version: String,
    /// 1 for a first fit, +1 for each update.
    pub model_version: u32,
    /// The content hash of the model this one was updated from.
    #[serde(default)]
    pub parent_hash: Option<String>,
    /// The caller-supplied creation time (never the clock: output stays deterministic).
    #[serde(default)]
    pub created_at: Option<String>,
    /// The label.
    pub label: LabelInfo,
    /// The id column used when predicting, if any.
    #[serde(default)]
    pub id_column: Option<String>,
    /// Features in model order.
    pub features: Vec<FeatureSpec>,
    /// Columns left out, with reasons.
    pub dropped: Vec<DroppedColumn>,
    /// Anything the caller should know about the fit.
    pub warnings: Vec<String>,
    /// Training data facts.
    pub training: TrainingInfo,
    /// The parameters used.
    pub params: Params,
    /// Validation metrics.
    pub metrics: ModelMetrics,
    /// Global importance, in feature order.
    pub importance: Vec<Importance>,
    /// The starting margin (log-odds of the training base rate).
    pub base_score: f64,
    /// The trees; margin = base_score + sum of tree outputs.
    pub trees: Vec<Tree>,
    /// Margin to probability.
    pub calibration: Calibration,
    /// The content hash.
    pub integrity: Integrity,
}

/// What a fit needs besides the table.
#[derive(Debug, Clone, Default)]
pub struct FitOptions {
    /// The 0/1 label column.
    pub label: String,
    /// An id column (never a feature).
    pub id: Option<String>,
    /// Columns never used as features.
    pub exclude: Vec<String>,
    /// Columns forced to be categorical (numeric codes).
    pub categorical: Vec<String>,
    /// Learner parameters.
    pub params: Params,
    /// Free-form label definition kept in the metadata.
    pub label_definition: Option<Value>,
    /// Creation time kept in the metadata.
    pub created_at: Option<String>,
}

/// Extra results of a fit that are not stored in the model.
pub(crate) struct FitDetails {
    pub(crate) validation_rows: Vec<u32>,
}

// ---------------------------------------------------------------------------------------------
// Canonical JSON and hashing
// ---------------------------------------------------------------------------------------------

/// SHA-256 (hex) of the canonical JSON of a model object without its `integrity` member.
///
/// The canonical form is the audit trail's ([`crate::trail::canonical_json`]): members sorted,
/// no whitespace, numbers by value as JavaScript writes them (`2.0` → `2`). So a model that
/// went through another JSON library (JavaScript's `JSON.parse`/`JSON.stringify`, cJSON,
/// org.json), which may reorder members or rewrite `2.0` as `2`, keeps its hash; any change of
/// content does not.
pub(crate) fn content_hash(model: &Map<String, Value>) -> String {
    let mut copy = model.clone();
    copy.remove("integrity");
    let text = crate::trail::canonical_json(&Value::Object(copy));
    hex(&Sha256::digest(text.as_bytes()))
}

impl PotentialModel {
    /// The model as JSON with a fresh content hash.
    pub fn to_value(&self) -> Result<Value> {
        let mut value = serde_json::to_value(self)
            .map_err(|e| Error::Internal(format!("serialising a model: {e}")))?;
        if let Value::Object(map) = &mut value {
            let hash = content_hash(map);
            map.insert(
                "integrity".into(),
                serde_json::json!({"algorithm": "sha-256", "content_hash": hash}),
            );
        }
        Ok(value)
    }

    /// Reads a model: checks the format, the version, the content hash and the structure.
    pub fn from_value(value: &Value) -> Result<PotentialModel> {
        let parsed;
        let value = match value {
            Value::String(text) => {
                parsed = crate::json::parse_str(text)?;
                &parsed
            }
            v => v,
        };
        let Value::Object(map) = value else {
            return Err(Error::InvalidArgument {
                name: "model".into(),
                expected: "a model object (the output of potential_fit)".into(),
            });
        };
        if map.get("format").and_then(Value::as_str) != Some(MODEL_FORMAT) {
            return Err(Error::InvalidArgument {
                name: "model.format".into(),
                expected: format!("\"{MODEL_FORMAT}\""),
            });
        }
        match map.get("format_version").and_then(Value::as_u64) {
            Some(v) if v <= u64::from(MODEL_FORMAT_VERSION) && v >= 1 => {}
            Some(v) if v > u64::from(MODEL_FORMAT_VERSION) => {
                return Err(Error::UnsupportedSchemaVersion {
                    found: v.to_string(),
                    supported: MODEL_FORMAT_VERSION,
                })
            }
            _ => {
                return Err(Error::InvalidArgument {
                    name: "model.format_version".into(),
                    expected: format!("an integer from 1 to {MODEL_FORMAT_VERSION}"),
                })
            }
        }
        let stored = map
            .get("integrity")
            .and_then(|i| i.get("content_hash"))
            .and_then(Value::as_str)
            .ok_or_else(|| Error::IntegrityCheckFailed {
                what: "model".into(),
                reason: "no integrity.content_hash".into(),
            })?;
        let actual = content_hash(map);
        if stored != actual {
            return Err(Error::IntegrityCheckFailed {
                what: "model".into(),
                reason:
                    "the content hash does not match: the model was changed after it was written"
                        .into(),
            });
        }
        let model: PotentialModel =
            serde_json::from_value(value.clone()).map_err(|e| Error::InvalidArgument {
                name: "model".into(),
                expected: format!("a well-formed model ({e})"),
            })?;
        model.check()?;
        Ok(model)
    }

    fn check(&self) -> Result<()> {
        if self.features.is_empty() {
            return Err(Error::InvalidArgument {
                name: "model.features".into(),
                expected: "at least one feature".into(),
            });
        }
        for (i, f) in self.features.iter().enumerate() {
            let ok = match f.kind {
                FeatureKind::Numeric => {
                    f.bin_edges.iter().all(|v| v.is_finite())
                        && f.bin_edges.windows(2).all(|w| w[0] < w[1])
                }
                FeatureKind::Categorical => !f.categories.is_empty(),
            };
            if !ok {
                return Err(Error::InvalidArgument {
                    name: format!("model.features[{i}]"),
                    expected: "ascending finite bin edges or a category list".into(),
                });
            }
        }
        for (i, t) in self.trees.iter().enumerate() {
            t.check(&self.features, &format!("model.trees[{i}]"))?;
        }
        if !self.calibration.is_well_formed() || !self.base_score.is_finite() {
            return Err(Error::InvalidArgument {
                name: "model.calibration".into(),
                expected: "a well-formed calibration and a finite base_score".into(),
            });
        }
        Ok(())
    }

    /// The hash recorded in the model.
    pub fn hash(&self) -> &str {
        &self.integrity.content_hash
    }

    /// The base value of every explanation: base_score plus each tree's expected value.
    pub fn base_value(&self) -> f64 {
        let mut v = self.base_score;
        for t in &self.trees {
            v += t.expected_value();
        }
        v
    }

    /// The margin (log-odds) of a raw row.
    pub(crate) fn margin(&self, x: &[f64]) -> f64 {
        let mut m = self.base_score;
        for t in &self.trees {
            m += t.predict(x);
        }
        m
    }

    /// SHAP values of a raw row, one per feature (log-odds).
    pub(crate) fn shap(&self, x: &[f64]) -> Vec<f64> {
        let mut phi = vec![0.0; self.features.len()];
        for t in &self.trees {
            add_tree_shap(t, x, &mut phi);
        }
        phi
    }

    /// The raw matrix of a table under this model's features.
    pub(crate) fn raw(&self, table: &Table) -> Result<RawMatrix> {
        let columns = locate(table, &self.features)?;
        Ok(bin_table(table, &self.features, &columns)?.1)
    }
}

// ---------------------------------------------------------------------------------------------
// Fitting
// ---------------------------------------------------------------------------------------------

/// The limit on rows × features × rounds, to bound fit time.
pub const MAX_WORK: u64 = 20_000_000_000;

/// Trains a model on a table.
pub(crate) fn fit(table: &Table, options: &FitOptions) -> Result<PotentialModel> {
    Ok(fit_detailed(table, options, None)?.0)
}

/// Warm start: the previous model whose features, bins and trees are kept.
pub(crate) struct WarmStart<'a> {
    pub(crate) model: &'a PotentialModel,
}

pub(crate) fn fit_detailed(
    table: &Table,
    options: &FitOptions,
    warm: Option<WarmStart<'_>>,
) -> Result<(PotentialModel, FitDetails)> {
    let params = &options.params;
    params.check()?;
    let labels = table.labels(&options.label, "label")?;
    let n = labels.len();
    if n < 10 {
        return Err(Error::InvalidArgument {
            name: "csv".into(),
            expected: format!("at least 10 rows to train on (found {n})"),
        });
    }
    let positives = labels.iter().filter(|&&y| y == 1).count();
    if positives == 0 || positives == n {
        return Err(Error::InvalidArgument {
            name: "label".into(),
            expected: format!(
                "both classes 0 and 1 in `{}` (all {n} rows are {})",
                options.label,
                u8::from(positives == n)
            ),
        });
    }
    if let Some(id) = &options.id {
        table.require(id, "id")?;
    }
    for (i, name) in options.exclude.iter().enumerate() {
        table.require(name, &format!("exclude[{i}]"))?;
    }
    for (i, name) in options.categorical.iter().enumerate() {
        table.require(name, &format!("categorical[{i}]"))?;
    }
    let mut warnings = Vec::new();
    let (specs, columns, dropped, init_trees, init_base) = match &warm {
        Some(w) => {
            let columns = locate(table, &w.model.features)?;
            (
                w.model.features.clone(),
                columns,
                w.model.dropped.clone(),
                w.model.trees.clone(),
                Some(w.model.base_score),
            )
        }
        None => {
            let skip: HashSet<&str> = options
                .exclude
                .iter()
                .map(String::as_str)
                .chain(std::iter::once(options.label.as_str()))
                .chain(options.id.as_deref())
                .collect();
            let candidates: Vec<usize> = table
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| !skip.contains(c.name.as_str()))
                .map(|(i, _)| i)
                .collect();
            let forced: HashSet<String> = options.categorical.iter().cloned().collect();
            let (specs, columns, dropped) = infer_features(table, &candidates, &forced, params);
            (specs, columns, dropped, Vec::new(), None)
        }
    };
    for d in &dropped {
        if warm.is_none() {
            warnings.push(format!("column `{}` dropped: {}", d.column, d.reason));
        }
    }
    if specs.is_empty() {
        return Err(Error::InvalidArgument {
            name: "csv".into(),
            expected: "at least one usable feature column besides the label and id".into(),
        });
    }
    let work = n as u64 * specs.len() as u64 * u64::from(params.n_estimators);
    if work > MAX_WORK {
        return Err(Error::LimitExceeded {
            what: "rows x features x n_estimators".into(),
            limit: MAX_WORK,
            actual: work,
        });
    }
    let (binned, raw) = bin_table(table, &specs, &columns)?;

    // Internal validation split.
    let (mut train_rows, mut validation_rows) =
        stratified_split(&labels, params.validation_fraction, params.seed);
    let val_pos = validation_rows
        .iter()
        .filter(|&&r| labels.get(r as usize) == Some(&1))
        .count();
    if params.validation_fraction > 0.0
        && (validation_rows.len() < 20 || val_pos < 2 || val_pos + 2 > validation_rows.len())
    {
        warnings.push(
            "too few rows for an internal validation split: trained on every row, no early \
             stopping, no calibration, no validation metrics"
                .into(),
        );
        train_rows = (0..n as u32).collect();
        validation_rows.clear();
    }

    // Weights.
    let train_pos = train_rows
        .iter()
        .filter(|&&r| labels.get(r as usize) == Some(&1))
        .count() as f64;
    let train_neg = train_rows.len() as f64 - train_pos;
    let (w_pos, w_neg) = match params.class_weight {
        ClassWeight::None => (1.0, 1.0),
        ClassWeight::Balanced => {
            let t = train_rows.len() as f64;
            (
                t / (2.0 * train_pos.max(1.0)),
                t / (2.0 * train_neg.max(1.0)),
            )
        }
    };
    let w_pos = w_pos * params.scale_pos_weight;
    let weights: Vec<f64> = labels
        .iter()
        .map(|&y| if y == 1 { w_pos } else { w_neg })
        .collect();

    // Starting margins.
    let base_score = match init_base {
        Some(b) => b,
        None => logit(train_pos * w_pos / (train_pos * w_pos + train_neg * w_neg)),
    };
    let start: Vec<f64> = if init_trees.is_empty() {
        vec![base_score; n]
    } else {
        (0..n)
            .map(|r| {
                let x = raw.row(r);
                let mut m = base_score;
                for t in &init_trees {
                    m += t.predict(x);
                }
                m
            })
            .collect()
    };
    let boosted = boost(BoostInput {
        binned: &binned,
        specs: &specs,
        labels: &labels,
        weights: &weights,
        train_rows: &train_rows,
        validation_rows: &validation_rows,
        start,
        params,
    });
    let mut trees = init_trees;
    let new_trees = boosted.trees.len();
    trees.extend(boosted.trees);
    if new_trees == 0 {
        warnings.push("no split improved the fit: the model predicts the base rate".into());
    }

    // Calibration and validation metrics.
    let val_margins: Vec<f64> = validation_rows
        .iter()
        .map(|&r| {
            boosted
                .margins
                .get(r as usize)
                .copied()
                .unwrap_or(base_score)
        })
        .collect();
    let val_labels: Vec<u8> = validation_rows
        .iter()
        .map(|&r| labels.get(r as usize).copied().unwrap_or(0))
        .collect();
    let calibration = if validation_rows.is_empty() {
        Calibration::None
    } else {
        let fitted = match params.calibration {
            CalibrationMethod::Platt => fit_platt(&val_margins, &val_labels),
            CalibrationMethod::Isotonic => fit_isotonic(&val_margins, &val_labels),
            CalibrationMethod::None => Some(Calibration::None),
        };
        fitted.unwrap_or_else(|| {
            warnings.push("calibration failed (no increasing fit): sigmoid(margin) used".into());
            Calibration::None
        })
    };
    let validation = if validation_rows.is_empty() {
        None
    } else {
        let probs: Vec<f64> = val_margins.iter().map(|&m| calibration.apply(m)).collect();
        Some(SplitMetrics::compute(&probs, &val_labels))
    };

    let mut model = PotentialModel {
        format: MODEL_FORMAT.into(),
        format_version: MODEL_FORMAT_VERSION,
        engine_version: crate::ENGINE_VERSION.into(),
        model_version: 1,
        parent_hash: None,
        created_at: options.created_at.clone(),
        label: LabelInfo {
            column: options.label.clone(),
            definition: options.label_definition.clone(),
        },
        id_column: options.id.clone(),
        features: specs,
        dropped,
        warnings,
        training: TrainingInfo {
            rows: n as u64,
            positives: positives as u64,
            train_rows: train_rows.len() as u64,
            validation_rows: validation_rows.len() as u64,
            data_hash: table.content_hash(),
            rounds_run: boosted.rounds_run as u64,
        },
        params: params.clone(),
        metrics: ModelMetrics { validation },
        importance: Vec::new(),
        base_score,
        trees,
        calibration,
        integrity: Integrity {
            algorithm: "sha-256".into(),
            content_hash: String::new(),
        },
    };
    model.importance = importance(&model, &raw, &validation_rows, &train_rows);
    let value = model.to_value()?;
    if let Some(hash) = value
        .get("integrity")
        .and_then(|i| i.get("content_hash"))
        .and_then(Value::as_str)
    {
        model.integrity.content_hash = hash.to_string();
    }
    Ok((model, FitDetails { validation_rows }))
}

fn importance(
    model: &PotentialModel,
    raw: &RawMatrix,
    validation_rows: &[u32],
    train_rows: &[u32],
) -> Vec<Importance> {
    let nf = model.features.len();
    let mut gain = vec![0.0; nf];
    let mut splits = vec![0u64; nf];
    for t in &model.trees {
        for (i, &f) in t.feature.iter().enumerate() {
            if let (Ok(f), Some(g)) = (usize::try_from(f), t.gain.get(i)) {
                if let (Some(slot), Some(count)) = (gain.get_mut(f), splits.get_mut(f)) {
                    *slot += g;
                    *count += 1;
                }
            }
        }
    }
    let sample_from = if validation_rows.is_empty() {
        train_rows
    } else {
        validation_rows
    };
    let take = (model.params.shap_sample_rows as usize).min(sample_from.len());
    let mut mean_abs: Option<Vec<f64>> = None;
    if take > 0 {
        let mut sums = vec![0.0; nf];
        for &r in sample_from.iter().take(take) {
            let phi = model.shap(raw.row(r as usize));
            for (s, p) in sums.iter_mut().zip(&phi) {
                *s += p.abs();
            }
        }
        mean_abs = Some(sums.into_iter().map(|s| s / take as f64).collect());
    }
    model
        .features
        .iter()
        .enumerate()
        .map(|(i, f)| Importance {
            feature: f.name.clone(),
            gain: gain.get(i).copied().unwrap_or(0.0),
            splits: splits.get(i).copied().unwrap_or(0),
            mean_abs_shap: mean_abs.as_ref().and_then(|m| m.get(i).copied()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// E[f(x) | x_S] with the path-dependent (cover-weighted) expectation TreeSHAP uses.
    fn conditional(tree: &Tree, x: &[f64], node: usize, set: u32) -> f64 {
        match tree.split_feature(node) {
            None => tree.value[node],
            Some(f) => {
                let (l, r) = (tree.left[node] as usize, tree.right[node] as usize);
                if set & (1 << f) != 0 {
                    let next = if tree.goes_left(node, x) { l } else { r };
                    conditional(tree, x, next, set)
                } else {
                    (tree.cover[l] * conditional(tree, x, l, set)
                        + tree.cover[r] * conditional(tree, x, r, set))
                        / tree.cover[node]
                }
            }
        }
    }

    fn factorial(n: usize) -> f64 {
        (1..=n).map(|k| k as f64).product()
    }

    #[test]
    fn tree_shap_equals_brute_force_shapley_values() {
        let csv = include_str!("../../../tests/fixtures/potential/rule.csv");
        let table = super::super::table::from_csv(csv).unwrap();
        let options = FitOptions {
            label: "promoted".into(),
            id: Some("employee_id".into()),
            params: Params {
                min_data_in_leaf: 5,
                n_estimators: 8,
                ..Params::default()
            },
            ..FitOptions::default()
        };
        let model = fit(&table, &options).unwrap();
        let raw = model.raw(&table).unwrap();
        let nf = model.features.len();
        assert_eq!(nf, 6);
        for row in (0..300).step_by(13) {
            let x = raw.row(row);
            let fast = model.shap(x);
            let mut brute = vec![0.0; nf];
            for tree in &model.trees {
                for (i, slot) in brute.iter_mut().enumerate() {
                    for set in 0u32..(1 << nf) {
                        if set & (1 << i) != 0 {
                            continue;
                        }
                        let s = set.count_ones() as usize;
                        let w = factorial(s) * factorial(nf - s - 1) / factorial(nf);
                        *slot += w
                            * (conditional(tree, x, 0, set | (1 << i))
                                - conditional(tree, x, 0, set));
                    }
                }
            }
            for (a, b) in fast.iter().zip(&brute) {
                assert!((a - b).abs() < 1e-9, "row {row}: {fast:?} vs {brute:?}");
            }
            let total: f64 = fast.iter().sum::<f64>() + model.base_value();
            assert!((total - model.margin(x)).abs() < 1e-9);
        }
    }

    #[test]
    fn canonical_hash_ignores_key_order_and_whitespace() {
        let a: Map<String, Value> =
            serde_json::from_str(r#"{"b": [1, 2.5, {"y": 1, "x": "s"}], "a": null}"#).unwrap();
        let b: Map<String, Value> =
            serde_json::from_str(r#"{"a":null,"b":[1,2.5,{"x":"s","y":1}],"integrity":{}}"#)
                .unwrap();
        assert_eq!(content_hash(&a), content_hash(&b));
        let c: Map<String, Value> =
            serde_json::from_str(r#"{"a":null,"b":[1,2.6,{"x":"s","y":1}]}"#).unwrap();
        assert_ne!(content_hash(&a), content_hash(&c));
    }
}
