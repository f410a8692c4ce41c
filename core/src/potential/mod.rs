//! Talent potential model: a gradient-boosted tree learner on the employee archive (or any
//! table) with calibrated probabilities, per-prediction explanations, a validation report, a
//! feedback loop (refit or warm start with drift checks) and insight mining.
//!
//! Owns: reading tables for modelling, the learner ([`gbdt`]), TreeSHAP ([`shap`]),
//! calibration, the model file format and its integrity hash, validation statistics and band
//! lifts. Must not touch: the archive schema, the fairness audit (adverse impact here is a
//! plain rate table), any face.
//!
//! # Requests and responses (JSON)
//! Data is `"csv": "<text with a header row>"`, `"records": [{column: value, …}, …]` or
//! `"archive": {"documents", "decision"?, "label"?, "as_of"?}` (features and labels computed
//! from archive documents with a decision-date cut-off, see [`archive`]; exactly one of the
//! three). With `archive`, `label` defaults to the archive label's column, the id column is
//! `employee_id`, the model's `label.definition` records the archive label, and responses
//! (other than fit) carry the builder's report under `"archive"`.
//! * **fit** `{data, "label", "id"?, "exclude"?: [..], "categorical"?: [..], "params"?: {..},
//!   "label_definition"?: {..}, "created_at"?: ".."}` → the model (see [`PotentialModel`]).
//! * **predict** `{"model", data, "top"?: k (default 5), "id"?}` → `{"model_hash",
//!   "base_value", "predictions": [{"id", "probability", "margin", "base_value",
//!   "contributions": [{"feature", "value", "contribution"}]}], "warnings"}`.
//! * **evaluate** `{"model", data, "label"?, "group"?, "threshold"? | "top_share"?,
//!   "unrestricted_sd"?, "restricted_sd"?, "bootstrap"?, "seed"?}` → `{"n", "positives",
//!   "roc_auc", "pr_auc", "brier", "ece", "log_loss", "validity", "range_restriction",
//!   "adverse_impact"}`.
//! * **update** `{"model", data, "label"?, "mode"?: "refit"|"warm_start", "params"?,
//!   "created_at"?}` → `{"model", "drift", "metrics_before", "metrics_after"}`.
//! * **insights** `{data, "label", "min_support"?, "exclude"?, "limit"?}` → `{"n",
//!   "positives", "base_rate", "insights": [..]}`.
//!
//! ```
//! use serde_json::json;
//! use interviewkit_core::potential::{fit_value, predict_value};
//!
//! let mut csv = String::from("score,team,promoted\n");
//! for i in 0..200 {
//!     let score = i % 10;
//!     let team = if i % 3 == 0 { "a" } else { "b" };
//!     csv.push_str(&format!("{score},{team},{}\n", u8::from(score >= 7)));
//! }
//! let model = fit_value(&json!({"csv": csv, "label": "promoted",
//!     "params": {"min_data_in_leaf": 5}})).unwrap();
//! let out = predict_value(&json!({"model": model,
//!     "records": [{"score": 9, "team": "a"}, {"score": 1, "team": "b"}]})).unwrap();
//! let p = &out["predictions"];
//! assert!(p[0]["probability"].as_f64().unwrap() > p[1]["probability"].as_f64().unwrap());
//! // Explanations add up: base value + contributions = margin.
//! let sum: f64 = p[0]["contributions"].as_array().unwrap().iter()
//!     .map(|c| c["contribution"].as_f64().unwrap()).sum();
//! let base = p[0]["base_value"].as_f64().unwrap();
//! assert!((base + sum - p[0]["margin"].as_f64().unwrap()).abs() < 1e-9);
//! ```

pub mod archive;
pub mod calibration;
pub mod gbdt;
pub mod insights;
mod math;
mod metrics;
pub mod model;
pub mod shap;
mod table;

pub(crate) use table::{is_missing_text, parse_number};

use serde_json::{json, Map, Value};

pub use calibration::Calibration;
pub use gbdt::{FeatureKind, FeatureSpec, Params, Tree};
pub use model::{FitOptions, PotentialModel, SplitMetrics};

use crate::error::{Error, Result};
use model::{fit_detailed, WarmStart};
use table::Table;

/// The data sources every operation accepts (exactly one per request; see `table`).
const DATA_KEYS: &[&str] = &["csv", "records", "archive"];

/// Refuses keys that are neither a data source ([`DATA_KEYS`]) nor one of the operation's own.
fn check_keys(request: &Value, known: &[&str]) -> Result<()> {
    let Value::Object(map) = request else {
        return Err(Error::InvalidArgument {
            name: "request".into(),
            expected: "a JSON object".into(),
        });
    };
    for key in map.keys() {
        if !known.contains(&key.as_str()) && !DATA_KEYS.contains(&key.as_str()) {
            let all: Vec<&str> = DATA_KEYS.iter().chain(known).copied().collect();
            return Err(Error::InvalidArgument {
                name: key.clone(),
                expected: format!("one of the known keys: {}", all.join(", ")),
            });
        }
    }
    Ok(())
}

fn opt_str(request: &Value, key: &str) -> Result<Option<String>> {
    match request.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().to_string())),
        Some(_) => Err(Error::InvalidArgument {
            name: key.into(),
            expected: "a non-empty string".into(),
        }),
    }
}

fn req_str(request: &Value, key: &str) -> Result<String> {
    opt_str(request, key)?.ok_or_else(|| Error::InvalidArgument {
        name: key.into(),
        expected: "a non-empty string (a column name)".into(),
    })
}

fn str_list(request: &Value, key: &str) -> Result<Vec<String>> {
    match request.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .map(|s| s.trim().to_string())
                    .ok_or_else(|| Error::InvalidArgument {
                        name: format!("{key}[{i}]"),
                        expected: "a column name".into(),
                    })
            })
            .collect(),
        Some(_) => Err(Error::InvalidArgument {
            name: key.into(),
            expected: "an array of column names".into(),
        }),
    }
}

fn opt_f64(request: &Value, key: &str, check: fn(f64) -> bool, what: &str) -> Result<Option<f64>> {
    match request.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_f64() {
            Some(x) if check(x) => Ok(Some(x)),
            _ => Err(Error::InvalidArgument {
                name: key.into(),
                expected: what.into(),
            }),
        },
    }
}

fn opt_u64(request: &Value, key: &str, max: u64) -> Result<Option<u64>> {
    match request.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_u64() {
            Some(x) if x <= max => Ok(Some(x)),
            _ => Err(Error::InvalidArgument {
                name: key.into(),
                expected: format!("an integer from 0 to {max}"),
            }),
        },
    }
}

fn parse_params(request: &Value, base: Params) -> Result<Params> {
    let Some(given) = request.get("params").filter(|v| !v.is_null()) else {
        return Ok(base);
    };
    let Value::Object(overrides) = given else {
        return Err(Error::InvalidArgument {
            name: "params".into(),
            expected: "an object of learner parameters".into(),
        });
    };
    let mut merged = serde_json::to_value(&base)
        .map_err(|e| Error::Internal(format!("serialising params: {e}")))?;
    if let Value::Object(map) = &mut merged {
        for (k, v) in overrides {
            if !map.contains_key(k) {
                return Err(Error::InvalidArgument {
                    name: format!("params.{k}"),
                    expected: format!(
                        "a known parameter: {}",
                        map.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                });
            }
            map.insert(k.clone(), v.clone());
        }
    }
    let params: Params = serde_json::from_value(merged).map_err(|e| Error::InvalidArgument {
        name: "params".into(),
        expected: format!("valid learner parameters ({e})"),
    })?;
    params.check()?;
    Ok(params)
}

/// A table read from a request, with the archive builder's report when it came from one.
struct Loaded {
    table: Table,
    archive: Option<archive::ArchiveReport>,
}

impl Loaded {
    /// The archive label column, when the table came from an archive with a label.
    fn label_column(&self) -> Option<String> {
        self.archive
            .as_ref()
            .and_then(|r| r.label.as_ref())
            .map(|l| l.column.clone())
    }

    /// Adds the archive report to a response object.
    fn annotate(&self, mut response: Value) -> Value {
        if let (Some(report), Value::Object(map)) = (&self.archive, &mut response) {
            map.insert("archive".into(), report.to_value());
        }
        response
    }
}

/// Reads `csv`, `records` or `archive` (exactly one). `with_label`: compute the archive label.
fn load(request: &Value, with_label: bool) -> Result<Loaded> {
    let Some(spec) = request.get("archive") else {
        return Ok(Loaded {
            table: table::from_request(request)?,
            archive: None,
        });
    };
    if request.get("csv").is_some() || request.get("records").is_some() {
        return Err(Error::InvalidArgument {
            name: "archive".into(),
            expected: "exactly one of `csv`, `records` and `archive`".into(),
        });
    }
    let (rows, report) = archive::build(spec, with_label)?;
    let rows: Vec<Value> = rows.into_iter().map(Value::Object).collect();
    let mut table = table::from_records(&rows)?;
    table.source = table::Source::Archive;
    Ok(Loaded {
        table,
        archive: Some(report),
    })
}

fn model_from(request: &Value) -> Result<PotentialModel> {
    let value = request.get("model").ok_or_else(|| Error::InvalidArgument {
        name: "model".into(),
        expected: "a model (the output of potential_fit)".into(),
    })?;
    PotentialModel::from_value(value)
}

const FIT_KEYS: &[&str] = &[
    "label",
    "id",
    "exclude",
    "categorical",
    "params",
    "label_definition",
    "created_at",
];

/// Reads the fit options of a request (defaults from the archive report, if any).
fn fit_options(request: &Value, loaded: &Loaded) -> Result<FitOptions> {
    let label = match (opt_str(request, "label")?, loaded.label_column()) {
        (Some(label), _) | (None, Some(label)) => label,
        (None, None) if loaded.archive.is_some() => {
            return Err(Error::InvalidArgument {
                name: "archive.label".into(),
                expected: "a label definition (e.g. {\"kind\": \"promoted_within_months\", \"months\": 12}) or a `label` column".into(),
            })
        }
        (None, None) => req_str(request, "label")?,
    };
    let id = match opt_str(request, "id")? {
        Some(id) => Some(id),
        None => loaded
            .archive
            .as_ref()
            .map(|_| archive::ID_COLUMN.to_string()),
    };
    Ok(FitOptions {
        label,
        id,
        exclude: str_list(request, "exclude")?,
        categorical: str_list(request, "categorical")?,
        params: parse_params(request, Params::default())?,
        label_definition: request
            .get("label_definition")
            .filter(|v| !v.is_null())
            .cloned()
            .or_else(|| loaded.archive.as_ref().and_then(|r| r.definition())),
        created_at: opt_str(request, "created_at")?,
    })
}

/// Trains a model: `{data, "label", "id"?, "exclude"?, "categorical"?, "params"?,
/// "label_definition"?, "created_at"?}` → the model JSON.
pub fn fit_value(request: &Value) -> Result<Value> {
    check_keys(request, FIT_KEYS)?;
    let loaded = load(request, true)?;
    let options = fit_options(request, &loaded)?;
    let mut model = model::fit(&loaded.table, &options)?;
    if let Some(report) = &loaded.archive {
        model.warnings.push(report.summary());
    }
    model.to_value()
}

/// A table parsed once, for repeated fits (cross-validation, benchmarks).
#[derive(Debug, Clone)]
pub struct Dataset(Table);

impl Dataset {
    /// Parses CSV text with a header row.
    pub fn from_csv(csv: &str) -> Result<Dataset> {
        Ok(Dataset(table::from_csv(csv)?))
    }

    /// Reads JSON records (flat objects).
    pub fn from_records(records: &[Value]) -> Result<Dataset> {
        Ok(Dataset(table::from_records(records)?))
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.0.n_rows
    }
}

/// Trains a model on a parsed [`Dataset`].
pub fn fit_dataset(data: &Dataset, options: &FitOptions) -> Result<PotentialModel> {
    model::fit(&data.0, options)
}

/// Trains a model on CSV text (typed API behind [`fit_value`]).
pub fn fit_csv(csv: &str, options: &FitOptions) -> Result<PotentialModel> {
    model::fit(&table::from_csv(csv)?, options)
}

/// Trains a model on JSON records (typed API behind [`fit_value`]).
pub fn fit_records(records: &[Value], options: &FitOptions) -> Result<PotentialModel> {
    model::fit(&table::from_records(records)?, options)
}

fn cell_value(model: &PotentialModel, table: &Table, f: usize, row: usize) -> Value {
    let Some(spec) = model.features.get(f) else {
        return Value::Null;
    };
    let Some(column) = table.find(&spec.name).and_then(|c| table.columns.get(c)) else {
        return Value::Null;
    };
    match (column.text(row), spec.kind) {
        (None, _) => Value::Null,
        (Some(t), FeatureKind::Numeric) => table::parse_number(t)
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        (Some(t), FeatureKind::Categorical) => Value::String(t.to_string()),
    }
}

fn unseen_warnings(model: &PotentialModel, raw: &gbdt::RawMatrix) -> Vec<String> {
    model
        .features
        .iter()
        .zip(&raw.unseen)
        .filter(|(_, &n)| n > 0)
        .map(|(f, n)| {
            format!(
                "feature `{}`: {n} value(s) not seen in training, treated as missing",
                f.name
            )
        })
        .collect()
}

/// Scores rows: `{"model", data, "top"?, "id"?}` → predictions with explanations.
pub fn predict_value(request: &Value) -> Result<Value> {
    check_keys(request, &["model", "top", "id"])?;
    let model = model_from(request)?;
    let loaded = load(request, false)?;
    let table = &loaded.table;
    let top = opt_u64(request, "top", 100_000)?.unwrap_or(5) as usize;
    let id_column = match opt_str(request, "id")? {
        Some(id) => Some(id),
        None => model
            .id_column
            .clone()
            .filter(|name| table.find(name).is_some()),
    };
    let ids = table.ids(id_column.as_deref())?;
    let raw = model.raw(table)?;
    let base_value = model.base_value();
    let mut predictions = Vec::with_capacity(table.n_rows);
    for (row, id) in ids.into_iter().enumerate() {
        let x = raw.row(row);
        let margin = model.margin(x);
        let probability = model.calibration.apply(margin);
        let mut item = Map::new();
        item.insert("id".into(), id);
        item.insert("probability".into(), json!(probability));
        item.insert("margin".into(), json!(margin));
        item.insert("base_value".into(), json!(base_value));
        if top > 0 {
            let phi = model.shap(x);
            let mut order: Vec<usize> = (0..phi.len()).collect();
            order.sort_by(|&a, &b| phi[b].abs().total_cmp(&phi[a].abs()).then(a.cmp(&b)));
            let contributions: Vec<Value> = order
                .into_iter()
                .take(top)
                .map(|f| {
                    json!({
                        "feature": model.features.get(f).map(|s| s.name.clone()),
                        "value": cell_value(&model, table, f, row),
                        "contribution": phi[f],
                    })
                })
                .collect();
            item.insert("contributions".into(), Value::Array(contributions));
        }
        predictions.push(Value::Object(item));
    }
    Ok(loaded.annotate(json!({
        "model_hash": model.hash(),
        "label": model.label,
        "base_value": base_value,
        "predictions": predictions,
        "warnings": unseen_warnings(&model, &raw),
    })))
}

fn probabilities(model: &PotentialModel, table: &Table) -> Result<(Vec<f64>, Vec<String>)> {
    let raw = model.raw(table)?;
    let probs = (0..table.n_rows)
        .map(|r| model.calibration.apply(model.margin(raw.row(r))))
        .collect();
    Ok((probs, unseen_warnings(model, &raw)))
}

fn sample_sd(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let mean = x.iter().sum::<f64>() / x.len() as f64;
    let ss: f64 = x.iter().map(|v| (v - mean) * (v - mean)).sum();
    Some((ss / (x.len() - 1) as f64).sqrt())
}

/// Validation report: `{"model", data, "label"?, "group"?, "threshold"?|"top_share"?,
/// "unrestricted_sd"?, "restricted_sd"?, "bootstrap"?, "seed"?}`.
pub fn evaluate_value(request: &Value) -> Result<Value> {
    check_keys(
        request,
        &[
            "model",
            "label",
            "group",
            "threshold",
            "top_share",
            "unrestricted_sd",
            "restricted_sd",
            "bootstrap",
            "seed",
        ],
    )?;
    let model = model_from(request)?;
    let loaded = load(request, true)?;
    let table = &loaded.table;
    let label = opt_str(request, "label")?
        .or_else(|| loaded.label_column())
        .unwrap_or_else(|| model.label.column.clone());
    let labels = table.labels(&label, "label")?;
    let (probs, warnings) = probabilities(&model, table)?;
    let m = SplitMetrics::compute(&probs, &labels);
    let iterations = opt_u64(request, "bootstrap", 100_000)?.unwrap_or(1000) as usize;
    let seed = opt_u64(request, "seed", u64::MAX)?.unwrap_or(42);
    let positive = |v: f64| v.is_finite() && v > 0.0;
    let unrestricted = opt_f64(request, "unrestricted_sd", positive, "a number > 0")?;
    let restricted_given = opt_f64(request, "restricted_sd", positive, "a number > 0")?;

    let r = metrics::point_biserial(&probs, &labels);
    let validity = match r {
        Some(r) => {
            let ci = metrics::bootstrap_r(&probs, &labels, iterations, seed);
            json!({"r": r, "ci_low": ci.map(|c| c.0), "ci_high": ci.map(|c| c.1),
                   "bootstrap": iterations, "seed": seed,
                   "method": "point-biserial r of probability and label; percentile bootstrap 95% CI"})
        }
        None => json!({"r": null, "ci_low": null, "ci_high": null,
                       "note": "r needs both classes and varying probabilities"}),
    };

    let n = labels.len();
    let range_restriction = match (unrestricted, r) {
        (Some(s_pool), Some(r)) => {
            let s_sample = restricted_given
                .or_else(|| sample_sd(&probs))
                .unwrap_or(0.0);
            if s_sample <= 0.0 {
                json!({"corrected_r": null, "note": "the probabilities do not vary in this sample"})
            } else {
                let u = s_sample / s_pool;
                let corrected = metrics::thorndike_case2(r, s_sample, s_pool);
                let mut warn = Vec::new();
                if n < 100 {
                    warn.push(format!(
                        "small sample (n = {n} < 100): the corrected r is unstable"
                    ));
                }
                if u < 0.5 {
                    warn.push(format!(
                        "strong restriction (u = {u:.3} < 0.5): the correction is large and rests on the normality assumption"
                    ));
                }
                if u > 1.0 {
                    warn.push("the sample varies more than the pool (u > 1): check the SDs".into());
                }
                json!({"method": "Thorndike case II", "r": r, "corrected_r": corrected,
                       "restricted_sd": s_sample, "unrestricted_sd": s_pool, "u": u,
                       "warnings": warn})
            }
        }
        (None, _) => json!({"corrected_r": null,
            "note": "pass unrestricted_sd (the SD of the predicted probability in the applicant pool) to correct r for range restriction"}),
        (Some(_), None) => json!({"corrected_r": null, "note": "r is undefined"}),
    };

    let adverse_impact = match opt_str(request, "group")? {
        None => Value::Null,
        Some(group) => {
            let threshold = opt_f64(
                request,
                "threshold",
                |v| (0.0..=1.0).contains(&v),
                "a probability from 0 to 1",
            )?;
            let share = opt_f64(
                request,
                "top_share",
                |v| v > 0.0 && v <= 1.0,
                "a share in (0, 1]",
            )?;
            adverse_impact(table, &group, &probs, threshold, share.unwrap_or(0.2))?
        }
    };

    Ok(loaded.annotate(json!({
        "n": m.n,
        "positives": m.positives,
        "roc_auc": m.roc_auc,
        "pr_auc": m.pr_auc,
        "brier": m.brier,
        "ece": m.ece,
        "log_loss": m.log_loss,
        "note": m.note,
        "validity": validity,
        "range_restriction": range_restriction,
        "adverse_impact": adverse_impact,
        "model_hash": model.hash(),
        "warnings": warnings,
    })))
}

fn adverse_impact(
    table: &Table,
    group: &str,
    probs: &[f64],
    threshold: Option<f64>,
    top_share: f64,
) -> Result<Value> {
    let column = table.require(group, "group")?;
    let (rule, cut) = match threshold {
        Some(t) => ("threshold", t),
        None => {
            let mut sorted = probs.to_vec();
            sorted.sort_by(|a, b| b.total_cmp(a));
            let k =
                ((top_share * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len().max(1));
            ("top_share", sorted.get(k - 1).copied().unwrap_or(1.0))
        }
    };
    // The selections go through the fairness audit, so the table is the audit's own: impact
    // ratios against the highest-rate group, the four-fifths flag, small categories, missing
    // group values as the unknown category, Fisher and z tests (no bootstrap here).
    let records: Vec<Value> = probs
        .iter()
        .enumerate()
        .map(|(row, &p)| json!({"group": column.text(row), "selected": u8::from(p >= cut)}))
        .collect();
    let report = crate::audit::audit_value(&json!({
        "records": records,
        "group": "group",
        "selected": "selected",
        "bootstrap": {"iterations": 0},
    }))
    .map_err(|e| match e {
        Error::InvalidArgument { expected, .. } => Error::InvalidArgument {
            name: "group".into(),
            expected: format!("a column with group values to compare ({expected})"),
        },
        other => other,
    })?;
    let min_ratio = report["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g["impact_ratio"].as_f64())
        .fold(None, |m: Option<f64>, r| Some(m.map_or(r, |m| m.min(r))));
    Ok(json!({
        "column": group,
        "rule": rule,
        "threshold": cut,
        "top_share": if rule == "top_share" { Some(top_share) } else { None },
        "groups": report["groups"],
        "unknown": report["unknown"],
        "reference_group": report["reference_group"],
        "min_impact_ratio": min_ratio,
        "four_fifths_violated": min_ratio.is_some_and(|r| r < 0.8),
        "notes": report["notes"],
    }))
}

/// The feedback loop: `{"model", data, "label"?, "mode"?: "refit"|"warm_start", "params"?,
/// "created_at"?}` → `{"model", "drift", "metrics_before", "metrics_after"}`.
pub fn update_value(request: &Value) -> Result<Value> {
    check_keys(request, &["model", "label", "mode", "params", "created_at"])?;
    let old = model_from(request)?;
    let loaded = load(request, true)?;
    let table = &loaded.table;
    let mode = opt_str(request, "mode")?.unwrap_or_else(|| "refit".into());
    let label = opt_str(request, "label")?
        .or_else(|| loaded.label_column())
        .unwrap_or_else(|| old.label.column.clone());
    let params = parse_params(request, old.params.clone())?;
    let options = FitOptions {
        label: label.clone(),
        id: old.id_column.clone().filter(|id| table.find(id).is_some()),
        exclude: Vec::new(),
        categorical: old
            .features
            .iter()
            .filter(|f| f.kind == FeatureKind::Categorical)
            .map(|f| f.name.clone())
            .collect(),
        params,
        label_definition: old.label.definition.clone(),
        created_at: opt_str(request, "created_at")?,
    };
    // Refit on the same feature columns as the old model.
    let feature_names: Vec<&str> = old.features.iter().map(|f| f.name.as_str()).collect();
    gbdt::locate(table, &old.features)?;
    let (mut new, details) = match mode.as_str() {
        "refit" => {
            let mut opts = options;
            opts.exclude = table
                .columns
                .iter()
                .map(|c| c.name.clone())
                .filter(|n| {
                    !feature_names.contains(&n.as_str())
                        && *n != label
                        && Some(n) != old.id_column.as_ref()
                })
                .collect();
            fit_detailed(table, &opts, None)?
        }
        "warm_start" => fit_detailed(table, &options, Some(WarmStart { model: &old }))?,
        _ => {
            return Err(Error::InvalidArgument {
                name: "mode".into(),
                expected: "\"refit\" or \"warm_start\"".into(),
            })
        }
    };
    new.model_version = old.model_version.saturating_add(1);
    new.parent_hash = Some(old.hash().to_string());
    let new_value = new.to_value()?;
    let new = PotentialModel::from_value(&new_value)?;

    // Drift of each old feature between the old training data and the new rows.
    let raw = old.raw(table)?;
    let mut drift = Map::new();
    for (f, spec) in old.features.iter().enumerate() {
        let mut actual = vec![0u64; spec.reference.counts.len()];
        let mut missing = 0u64;
        for r in 0..table.n_rows {
            let v = raw.row(r).get(f).copied().unwrap_or(f64::NAN);
            let bucket = match spec.kind {
                FeatureKind::Numeric if v.is_nan() => None,
                FeatureKind::Numeric => Some(spec.reference.edges.partition_point(|&e| e < v)),
                FeatureKind::Categorical => {
                    let k = v as usize;
                    (k < spec.categories.len()).then_some(k)
                }
            };
            match bucket.and_then(|b| actual.get_mut(b)) {
                Some(slot) => *slot += 1,
                None => missing += 1,
            }
        }
        let mut expected = spec.reference.counts.clone();
        expected.push(spec.reference.missing);
        actual.push(missing);
        drift.insert(spec.name.clone(), json!(metrics::psi(&expected, &actual)));
    }

    // Before and after on the new model's held-out rows (or every new row without a split).
    let labels = table.labels(&label, "label")?;
    let rows: Vec<usize> = if details.validation_rows.is_empty() {
        (0..table.n_rows).collect()
    } else {
        details
            .validation_rows
            .iter()
            .map(|&r| r as usize)
            .collect()
    };
    let new_raw = new.raw(table)?;
    let sub_labels: Vec<u8> = rows
        .iter()
        .map(|&r| labels.get(r).copied().unwrap_or(0))
        .collect();
    let before: Vec<f64> = rows
        .iter()
        .map(|&r| old.calibration.apply(old.margin(raw.row(r))))
        .collect();
    let after: Vec<f64> = rows
        .iter()
        .map(|&r| new.calibration.apply(new.margin(new_raw.row(r))))
        .collect();
    let held_out = !details.validation_rows.is_empty();
    Ok(loaded.annotate(json!({
        "model": new_value,
        "mode": mode,
        "drift": drift,
        "drift_method": "PSI over the training deciles (numeric) or categories, missing as one more bucket; < 0.1 stable, 0.1-0.25 moderate, > 0.25 large",
        "metrics_before": SplitMetrics::compute(&before, &sub_labels),
        "metrics_after": SplitMetrics::compute(&after, &sub_labels),
        "metrics_rows": if held_out { "the new model's internal validation rows (not trained on)" } else { "every new row (too few for a held-out split; optimistic for the new model)" },
    })))
}

/// Band lifts: `{data, "label", "min_support"?, "exclude"?, "limit"?}` →
/// `{"n", "positives", "base_rate", "insights": [..]}`.
pub fn insights_value(request: &Value) -> Result<Value> {
    check_keys(request, &["label", "min_support", "exclude", "limit", "id"])?;
    let loaded = load(request, true)?;
    let label = match opt_str(request, "label")?.or_else(|| loaded.label_column()) {
        Some(label) => label,
        None => req_str(request, "label")?,
    };
    let mut exclude = str_list(request, "exclude")?;
    if let Some(id) = opt_str(request, "id")? {
        exclude.push(id);
    } else if loaded.archive.is_some() {
        exclude.push(archive::ID_COLUMN.into());
    }
    let min_support = opt_u64(request, "min_support", u64::MAX)?.unwrap_or(30);
    let limit = opt_u64(request, "limit", 100_000)?.unwrap_or(50) as usize;
    let (insights, n, positives) =
        insights::mine(&loaded.table, &label, &exclude, min_support, limit)?;
    Ok(loaded.annotate(json!({
        "n": n,
        "positives": positives,
        "base_rate": positives as f64 / n.max(1) as f64,
        "min_support": min_support,
        "definitions": "rate = positives / support in the band; lift = rate / base_rate; ci_low/ci_high = Wilson 95% interval of rate; lift_ci = that interval / base_rate; lift_vs_rest = rate / rate outside the band",
        "insights": insights,
    })))
}
