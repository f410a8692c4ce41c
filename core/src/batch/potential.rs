//! Potential prediction over columns: one [`Prediction`] or one error per row.
//!
//! The arithmetic is [`crate::potential::predict_value`]'s: a cell is read as a `records` value
//! of the same kind (an integer column as JSON integers, a boolean as 1/0, text as text), so
//! a table gives the same probabilities and contributions whichever face or format it came
//! through. Where `predict_value` stops at the first number it cannot read, a batch reports
//! that row and goes on.

use std::collections::HashMap;

use serde_json::{Number, Value};

use super::{check_rows, invalid, map_rows, Cell};
use crate::error::{Error, Result};
use crate::potential::{is_missing_text, parse_number, FeatureKind, FeatureSpec, PotentialModel};

/// A feature's share of one prediction (TreeSHAP, log-odds).
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The feature (column) name.
    pub feature: String,
    /// The value it had: a number, a category, or null when missing.
    pub value: Value,
    /// Its contribution to the margin.
    pub contribution: f64,
}

/// One row's prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The calibrated probability of the label.
    pub probability: f64,
    /// The margin (log-odds) before calibration.
    pub margin: f64,
    /// The largest contributions by absolute value, at most `top` of them.
    pub contributions: Vec<Contribution>,
    /// Values this row had that training never saw (treated as missing).
    pub warnings: Vec<String>,
}

/// A potential model loaded once, to score many rows.
pub struct Predictor {
    model: PotentialModel,
    categories: Vec<HashMap<String, usize>>,
}

/// One cell read for one feature: the raw value the trees see, and the value shown.
struct Read {
    raw: f64,
    shown: Value,
    unseen: bool,
}

impl Predictor {
    /// Loads a model (the JSON `potential_fit` returns; its content hash is checked).
    pub fn from_value(model: &Value) -> Result<Predictor> {
        let model = PotentialModel::from_value(model).map_err(|e| match e {
            Error::InvalidArgument { name, expected } if !name.starts_with("model") => {
                Error::InvalidArgument {
                    name: format!("model.{name}"),
                    expected,
                }
            }
            other => other,
        })?;
        let categories = model
            .features
            .iter()
            .map(|f| {
                f.categories
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.clone(), i))
                    .collect()
            })
            .collect();
        Ok(Predictor { model, categories })
    }

    /// The model.
    pub fn model(&self) -> &PotentialModel {
        &self.model
    }

    /// The columns [`Predictor::predict`] needs, in the order it takes them.
    pub fn features(&self) -> Vec<&str> {
        self.model
            .features
            .iter()
            .map(|f| f.name.as_str())
            .collect()
    }

    /// Scores rows given one column per feature (in [`Predictor::features`] order, equal
    /// lengths). `first_row` is the index of the first row in the whole input, for the paths
    /// of row errors (`rows[1207].tenure`); `top` bounds the contributions kept per row (0:
    /// none). A cell that cannot be read for its feature (text in a numeric feature) is that
    /// row's error; the batch fails only when the columns do not fit the model.
    pub fn predict(
        &self,
        columns: &[&[Cell<'_>]],
        first_row: usize,
        top: usize,
    ) -> Result<Vec<Result<Prediction>>> {
        let names = self.features();
        if columns.len() != names.len() {
            return Err(invalid(
                "columns",
                format!(
                    "one column per model feature ({}: {}); got {}",
                    names.len(),
                    names.join(", "),
                    columns.len()
                ),
            ));
        }
        let n = columns.first().map_or(0, |c| c.len());
        if let Some(i) = columns.iter().position(|c| c.len() != n) {
            return Err(invalid(
                names.get(i).copied().unwrap_or("columns"),
                format!("a column as long as the others ({n} rows)"),
            ));
        }
        check_rows(n, 0)?;
        Ok(map_rows(n, |r| {
            self.predict_row(columns, r, first_row + r, top)
        }))
    }

    fn predict_row(
        &self,
        columns: &[&[Cell<'_>]],
        r: usize,
        row: usize,
        top: usize,
    ) -> Result<Prediction> {
        let features = &self.model.features;
        let mut raw = Vec::with_capacity(features.len());
        let mut shown = Vec::with_capacity(features.len());
        let mut warnings = Vec::new();
        for (f, spec) in features.iter().enumerate() {
            let cell = columns
                .get(f)
                .and_then(|c| c.get(r))
                .copied()
                .unwrap_or(Cell::Missing);
            let read = self.read(f, spec, cell, row)?;
            if read.unseen {
                warnings.push(format!(
                    "feature `{}`: value {} not seen in training, treated as missing",
                    spec.name, read.shown
                ));
            }
            raw.push(read.raw);
            shown.push(read.shown);
        }
        let margin = self.model.margin(&raw);
        let probability = self.model.calibration.apply(margin);
        let mut contributions = Vec::new();
        if top > 0 {
            let phi = self.model.shap(&raw);
            let mut order: Vec<usize> = (0..phi.len()).collect();
            order.sort_by(|&a, &b| phi[b].abs().total_cmp(&phi[a].abs()).then(a.cmp(&b)));
            for f in order.into_iter().take(top) {
                contributions.push(Contribution {
                    feature: features.get(f).map(|s| s.name.clone()).unwrap_or_default(),
                    value: shown.get(f).cloned().unwrap_or(Value::Null),
                    contribution: phi.get(f).copied().unwrap_or(0.0),
                });
            }
        }
        Ok(Prediction {
            probability,
            margin,
            contributions,
            warnings,
        })
    }

    fn read(&self, f: usize, spec: &FeatureSpec, cell: Cell<'_>, row: usize) -> Result<Read> {
        let missing = match spec.kind {
            FeatureKind::Numeric => f64::NAN,
            FeatureKind::Categorical => spec.missing_bin() as f64,
        };
        let absent = Read {
            raw: missing,
            shown: Value::Null,
            unseen: false,
        };
        match spec.kind {
            FeatureKind::Numeric => {
                let value = match cell {
                    Cell::Missing => return Ok(absent),
                    Cell::Number(x) if x.is_nan() => return Ok(absent),
                    Cell::Text(t) if is_missing_text(t) => return Ok(absent),
                    Cell::Text(t) => parse_number(t).ok_or_else(|| bad_number(spec, row, t))?,
                    Cell::Int(i) => i as f64,
                    Cell::Number(x) if x.is_finite() => x,
                    Cell::Number(x) => return Err(bad_number(spec, row, &x.to_string())),
                    Cell::Bool(b) => f64::from(u8::from(b)),
                };
                Ok(Read {
                    raw: value,
                    shown: Number::from_f64(value).map_or(Value::Null, Value::Number),
                    unseen: false,
                })
            }
            FeatureKind::Categorical => {
                let text = match cell {
                    Cell::Missing => return Ok(absent),
                    Cell::Number(x) if x.is_nan() => return Ok(absent),
                    Cell::Text(t) if is_missing_text(t) => return Ok(absent),
                    Cell::Text(t) => t.trim().to_string(),
                    Cell::Int(i) => i.to_string(),
                    Cell::Number(x) => Number::from_f64(x)
                        .map(|n| crate::trail::canonical_json(&Value::Number(n)))
                        .unwrap_or_else(|| x.to_string()),
                    Cell::Bool(b) => u8::from(b).to_string(),
                };
                let index = self.categories.get(f).and_then(|m| m.get(&text)).copied();
                Ok(Read {
                    raw: index.map_or(missing, |k| k as f64),
                    unseen: index.is_none(),
                    shown: Value::String(text),
                })
            }
        }
    }
}

fn bad_number(spec: &FeatureSpec, row: usize, found: &str) -> Error {
    invalid(
        &format!("rows[{row}].{}", spec.name),
        format!("a number (the feature is numeric; found \"{found}\")"),
    )
}
