//! Reading an audit request: the data (JSON records or CSV text), the group columns, the outcome
//! column and the options, with errors that name the offending field.

use serde_json::{Map, Value};

use super::{AuditOptions, BootstrapOptions, Mode, SmallSamplePolicy};
use crate::batch::Cell;
use crate::error::{Error, Result};

/// The largest number of bootstrap iterations accepted.
pub(crate) const MAX_BOOTSTRAP_ITERATIONS: u64 = 100_000;

/// One row after parsing: its group values (one per group column, `None` when missing) and its
/// outcome (`None` when missing; 0/1 in selected mode, the score in score mode).
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) groups: Vec<Option<String>>,
    pub(crate) outcome: Option<f64>,
}

/// Where the data came from, for error paths (`records[3].hired`, `csv[3].hired`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Records,
    Csv,
}

impl Source {
    fn path(self, index: usize, column: &str) -> String {
        match self {
            Source::Records => format!("records[{index}].{column}"),
            Source::Csv => format!("csv[{index}].{column}"),
        }
    }
}

const KNOWN_KEYS: &[&str] = &[
    "records",
    "csv",
    "group",
    "selected",
    "score",
    "bootstrap",
    "small_share",
    "small_sample_policy",
];

fn invalid(name: impl Into<String>, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        expected: expected.into(),
    }
}

/// Parses the options part of a request (everything but the data).
pub(crate) fn parse_options(request: &Value) -> Result<AuditOptions> {
    let obj = request.as_object().ok_or_else(|| {
        invalid(
            "request",
            "an object {\"records\"|\"csv\", \"group\", \"selected\"|\"score\", ...}",
        )
    })?;
    for key in obj.keys() {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            return Err(invalid(
                key.clone(),
                format!(
                    "no such request field; known fields: {}",
                    KNOWN_KEYS.join(", ")
                ),
            ));
        }
    }
    let group_columns = match obj.get("group") {
        None | Some(Value::Null) => {
            return Err(invalid(
                "group",
                "a column name or a non-empty array of column names",
            ))
        }
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => {
            let mut out: Vec<String> = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(s) if !out.iter().any(|c| c == s) => out.push(s.to_string()),
                    Some(s) => {
                        return Err(invalid(
                            format!("group[{i}]"),
                            format!("each column once; `{s}` is repeated"),
                        ))
                    }
                    None => return Err(invalid(format!("group[{i}]"), "a column name (string)")),
                }
            }
            out
        }
        Some(_) => {
            return Err(invalid(
                "group",
                "a column name or a non-empty array of column names",
            ))
        }
    };
    if group_columns.is_empty() {
        return Err(invalid("group", "at least one column name"));
    }
    if let Some((i, _)) = group_columns.iter().enumerate().find(|(_, c)| c.is_empty()) {
        let name = if matches!(obj.get("group"), Some(Value::String(_))) {
            "group".to_string()
        } else {
            format!("group[{i}]")
        };
        return Err(invalid(name, "a non-empty column name"));
    }

    let selected = obj.get("selected").filter(|v| !v.is_null());
    let score = obj.get("score").filter(|v| !v.is_null());
    let (mode, outcome_column) = match (selected, score) {
        (Some(s), None) => (
            Mode::Selected,
            s.as_str()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| invalid("selected", "the name of a 0/1 outcome column"))?,
        ),
        (None, Some(s)) => (
            Mode::Score,
            s.as_str()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| invalid("score", "the name of a numeric score column"))?,
        ),
        (Some(_), Some(_)) => {
            return Err(invalid(
                "selected",
                "exactly one of `selected` (a 0/1 outcome column) or `score` (a numeric score column), not both",
            ))
        }
        (None, None) => {
            return Err(invalid(
                "selected",
                "exactly one of `selected` (a 0/1 outcome column) or `score` (a numeric score column)",
            ))
        }
    };
    let outcome_column = outcome_column.to_string();
    if group_columns.contains(&outcome_column) {
        return Err(invalid(
            if mode == Mode::Selected {
                "selected"
            } else {
                "score"
            },
            format!("an outcome column that is not also a group column (`{outcome_column}`)"),
        ));
    }

    let bootstrap = parse_bootstrap(obj.get("bootstrap"))?;

    let small_share = match obj.get("small_share") {
        None | Some(Value::Null) => super::DEFAULT_SMALL_SHARE,
        Some(v) => match v.as_f64() {
            Some(x) if (0.0..1.0).contains(&x) => x,
            _ => {
                return Err(invalid(
                    "small_share",
                    "a number from 0 (flag nothing) up to but not including 1, such as 0.02",
                ))
            }
        },
    };
    let small_sample_policy = match obj.get("small_sample_policy") {
        None | Some(Value::Null) => SmallSamplePolicy::Exclude,
        Some(Value::String(s)) if s == "exclude" => SmallSamplePolicy::Exclude,
        Some(Value::String(s)) if s == "flag" => SmallSamplePolicy::Flag,
        Some(_) => return Err(invalid("small_sample_policy", "\"exclude\" or \"flag\"")),
    };

    Ok(AuditOptions {
        group_columns,
        mode,
        outcome_column,
        bootstrap,
        small_share,
        small_sample_policy,
    })
}

fn parse_bootstrap(value: Option<&Value>) -> Result<BootstrapOptions> {
    let mut options = BootstrapOptions::default();
    let obj = match value {
        None | Some(Value::Null) => return Ok(options),
        Some(Value::Object(obj)) => obj,
        Some(_) => {
            return Err(invalid(
                "bootstrap",
                "an object {\"iterations\", \"seed\", \"confidence\"}",
            ))
        }
    };
    for (key, v) in obj {
        match key.as_str() {
            "iterations" => {
                options.iterations = v
                    .as_u64()
                    .filter(|n| *n <= MAX_BOOTSTRAP_ITERATIONS)
                    .ok_or_else(|| {
                        invalid(
                            "bootstrap.iterations",
                            format!(
                                "an integer from 0 (no bootstrap) to {MAX_BOOTSTRAP_ITERATIONS}"
                            ),
                        )
                    })?;
            }
            "seed" => {
                options.seed = v.as_u64().ok_or_else(|| {
                    invalid(
                        "bootstrap.seed",
                        "a non-negative integer (at most 2^53 so every face reads it exactly)",
                    )
                })?;
            }
            "confidence" => {
                options.confidence =
                    v.as_f64().filter(|c| *c > 0.0 && *c < 1.0).ok_or_else(|| {
                        invalid(
                            "bootstrap.confidence",
                            "a number strictly between 0 and 1, such as 0.95",
                        )
                    })?;
            }
            other => {
                return Err(invalid(
                    format!("bootstrap.{other}"),
                    "no such field; known fields: iterations, seed, confidence",
                ))
            }
        }
    }
    Ok(options)
}

/// Reads the data of a request into rows.
pub(crate) fn parse_rows(request: &Value, options: &AuditOptions) -> Result<Vec<Row>> {
    let records = request.get("records").filter(|v| !v.is_null());
    let csv = request.get("csv").filter(|v| !v.is_null());
    match (records, csv) {
        (Some(r), None) => {
            let items = r.as_array().ok_or_else(|| {
                invalid(
                    "records",
                    "an array of objects, one per person, mapping column names to values",
                )
            })?;
            rows_from_records(items, options)
        }
        (None, Some(c)) => {
            let text = c
                .as_str()
                .ok_or_else(|| invalid("csv", "CSV text (a string) with a header row"))?;
            rows_from_csv(text, options)
        }
        (Some(_), Some(_)) => Err(invalid(
            "records",
            "exactly one of `records` or `csv`, not both",
        )),
        (None, None) => Err(invalid(
            "records",
            "the data: `records` (an array of objects) or `csv` (CSV text with a header row)",
        )),
    }
}

fn unknown_column(field: &str, column: &str, available: &[String]) -> Error {
    let list = if available.is_empty() {
        "(none)".to_string()
    } else {
        available
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    invalid(
        field.to_string(),
        format!("a column of the data; `{column}` is not one. Available columns: {list}"),
    )
}

/// Checks that every requested column exists.
fn check_columns(options: &AuditOptions, available: &[String]) -> Result<()> {
    let single = options.group_columns.len() == 1;
    for (i, column) in options.group_columns.iter().enumerate() {
        if !available.contains(column) {
            let field = if single {
                "group".to_string()
            } else {
                format!("group[{i}]")
            };
            return Err(unknown_column(&field, column, available));
        }
    }
    if !available.contains(&options.outcome_column) {
        let field = match options.mode {
            Mode::Selected => "selected",
            Mode::Score => "score",
        };
        return Err(unknown_column(field, &options.outcome_column, available));
    }
    Ok(())
}

fn rows_from_records(items: &[Value], options: &AuditOptions) -> Result<Vec<Row>> {
    if items.is_empty() {
        return Err(invalid("records", "at least one record"));
    }
    let mut objects: Vec<&Map<String, Value>> = Vec::with_capacity(items.len());
    let mut available: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let obj = item.as_object().ok_or_else(|| {
            invalid(
                format!("records[{i}]"),
                "an object mapping column names to values",
            )
        })?;
        for key in obj.keys() {
            if !available.contains(key) {
                available.push(key.clone());
            }
        }
        objects.push(obj);
    }
    check_columns(options, &available)?;
    objects
        .iter()
        .enumerate()
        .map(|(i, obj)| {
            let groups = options
                .group_columns
                .iter()
                .map(|c| group_from_json(obj.get(c), &Source::Records.path(i, c)))
                .collect::<Result<Vec<_>>>()?;
            let path = Source::Records.path(i, &options.outcome_column);
            let outcome = outcome_from_json(obj.get(&options.outcome_column), options.mode, &path)?;
            Ok(Row { groups, outcome })
        })
        .collect()
}

fn group_from_json(value: Option<&Value>, path: &str) -> Result<Option<String>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(group_from_text(s)),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(invalid(
            path.to_string(),
            "a group value: a string, number or boolean (null or \"\" when unknown)",
        )),
    }
}

/// A group value from a column cell (`crate::batch`): numbers and booleans as their JSON text,
/// as `records` gives them; a float NaN (how pandas writes a missing value) is missing.
pub(crate) fn group_from_cell(cell: Cell<'_>, path: &str) -> Result<Option<String>> {
    match cell {
        Cell::Missing => Ok(None),
        Cell::Text(s) => Ok(group_from_text(s)),
        Cell::Bool(b) => Ok(Some(b.to_string())),
        Cell::Int(i) => Ok(Some(i.to_string())),
        Cell::Number(x) if x.is_nan() => Ok(None),
        Cell::Number(x) => serde_json::Number::from_f64(x)
            .map(|n| Some(n.to_string()))
            .ok_or_else(|| {
                invalid(
                    path.to_string(),
                    format!("a group value: a string, finite number or boolean, found {x}"),
                )
            }),
    }
}

/// An outcome from a column cell (`crate::batch`), read as `records` reads the same JSON value;
/// a float NaN is missing.
pub(crate) fn outcome_from_cell(cell: Cell<'_>, mode: Mode, path: &str) -> Result<Option<f64>> {
    match cell {
        Cell::Missing => Ok(None),
        Cell::Number(x) if x.is_nan() => Ok(None),
        Cell::Text(s) => outcome_from_text(s, mode, path),
        Cell::Bool(b) => outcome_from_json(Some(&Value::Bool(b)), mode, path),
        Cell::Int(i) => outcome_from_json(Some(&Value::from(i)), mode, path),
        Cell::Number(x) => match serde_json::Number::from_f64(x) {
            Some(n) => outcome_from_json(Some(&Value::Number(n)), mode, path),
            None => Err(invalid(
                path.to_string(),
                format!(
                    "{}, found {x}",
                    match mode {
                        Mode::Selected => SELECTED_EXPECTED,
                        Mode::Score => SCORE_EXPECTED,
                    }
                ),
            )),
        },
    }
}

fn group_from_text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

const SELECTED_EXPECTED: &str =
    "1 or 0, true or false, \"1\"/\"0\", \"true\"/\"false\" or \"yes\"/\"no\" (null or \"\" when missing)";
const SCORE_EXPECTED: &str = "a finite number (null or \"\" when missing)";

fn outcome_from_json(value: Option<&Value>, mode: Mode, path: &str) -> Result<Option<f64>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => outcome_from_text(s, mode, path),
        Some(Value::Bool(b)) if mode == Mode::Selected => Ok(Some(if *b { 1.0 } else { 0.0 })),
        Some(Value::Number(n)) => {
            let x = n.as_f64().filter(|x| x.is_finite());
            match (mode, x) {
                (Mode::Selected, Some(x)) if x == 0.0 || x == 1.0 => Ok(Some(x)),
                (Mode::Score, Some(x)) => Ok(Some(x)),
                (Mode::Selected, _) => Err(invalid(
                    path.to_string(),
                    format!("{SELECTED_EXPECTED}, found {n}"),
                )),
                (Mode::Score, None) => Err(invalid(
                    path.to_string(),
                    format!("{SCORE_EXPECTED}, found {n}"),
                )),
            }
        }
        Some(other) => Err(invalid(
            path.to_string(),
            format!(
                "{}, found {}",
                match mode {
                    Mode::Selected => SELECTED_EXPECTED,
                    Mode::Score => SCORE_EXPECTED,
                },
                short_json(other)
            ),
        )),
    }
}

fn short_json(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(40).collect();
        format!("{cut}…")
    } else {
        text
    }
}

fn outcome_from_text(s: &str, mode: Mode, path: &str) -> Result<Option<f64>> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match mode {
        Mode::Selected => match t.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => Ok(Some(1.0)),
            "0" | "false" | "no" => Ok(Some(0.0)),
            _ => Err(invalid(
                path.to_string(),
                format!("{SELECTED_EXPECTED}, found {}", short_json(&Value::from(s))),
            )),
        },
        Mode::Score => match t.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(invalid(
                path.to_string(),
                format!("{SCORE_EXPECTED}, found {}", short_json(&Value::from(s))),
            )),
        },
    }
}

fn rows_from_csv(text: &str, options: &AuditOptions) -> Result<Vec<Row>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| invalid("csv", format!("CSV text with a header row ({e})")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err(invalid(
            "csv",
            "CSV text with a header row naming the columns",
        ));
    }
    for (i, h) in headers.iter().enumerate() {
        if !h.is_empty() && headers.iter().take(i).any(|earlier| earlier == h) {
            return Err(invalid(
                "csv",
                format!("a header row naming each column once; `{h}` appears twice"),
            ));
        }
    }
    check_columns(options, &headers)?;
    let position = |column: &str| headers.iter().position(|h| h == column).unwrap_or(0);
    let group_idx: Vec<usize> = options.group_columns.iter().map(|c| position(c)).collect();
    let outcome_idx = position(&options.outcome_column);

    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            invalid(
                format!("csv[{i}]"),
                format!("a CSV row with {} fields ({e})", headers.len()),
            )
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let groups = group_idx
            .iter()
            .map(|&j| record.get(j).and_then(group_from_text))
            .collect();
        let path = Source::Csv.path(i, &options.outcome_column);
        let outcome = outcome_from_text(record.get(outcome_idx).unwrap_or(""), options.mode, &path)
            .map_err(|e| match e {
                Error::InvalidArgument { name, expected } => Error::InvalidArgument {
                    name,
                    expected: format!("{expected} (CSV line {line})"),
                },
                other => other,
            })?;
        rows.push(Row { groups, outcome });
    }
    if rows.is_empty() {
        return Err(invalid("csv", "a header row and at least one data row"));
    }
    Ok(rows)
}
