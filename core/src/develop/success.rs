//! Success profiles (高绩效画像): per role, the features whose prevalence among top performers
//! differs from everyone's, with lift, a Katz log interval and support counts.
//!
//! Owns: reading feature records or archive employee records (with their scorecards and
//! resumes), the top-performer rule, and the 2×2 statistics. Must not touch: how performance is
//! rated. The output is an association in past data, never a cause or a hiring rule.
//!
//! # Request (`success_profile_value`)
//! ```json
//! {"records": [{"employee_id": "e1", "role": "sales", "rating": 4.6,
//!               "features": {"skill:crm": true, "degree": "bachelor", "years": 4}}],
//!  "top": {"rule": "rating_at_least", "value": 4.5},     // or {"label": "top"}
//!  "min_support": 5, "confidence": 0.95}
//! ```
//! `records` may also hold `employee_record` documents; `scorecards`, `resumes` and `bars`
//! then add derived features (see `docs/development.md`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;
use statrs::distribution::{ContinuousCDF, Normal};
use time::Date;

use crate::analytics::util::{
    array, check_keys, get, idx, invalid, num_text, number, object, opt_f64, opt_u64, partial_date,
    percent, ptr, req_str, round, to_value, Bilingual,
};
use crate::audit::stats::quantile_sorted;
use crate::error::{Error, Result};
use crate::schema::types::{EmployeeRecord, Resume, Scorecard};

/// Default: top performers with a feature below which it is flagged `small_support`.
pub const DEFAULT_MIN_SUPPORT: u64 = 5;
/// Default confidence level of the intervals.
pub const DEFAULT_CONFIDENCE: f64 = 0.95;
/// Most records.
pub const MAX_RECORDS: usize = 200_000;
/// Most records × distinct feature names in one section.
pub const MAX_WORK: usize = 200_000_000;
/// Most distinct feature columns (after categories are split into values).
pub const MAX_FEATURES: usize = 20_000;

/// A feature's value.
#[derive(Debug, Clone, PartialEq)]
pub enum FeatureValue {
    /// Has it or not.
    Bool(bool),
    /// A number (split at the role median).
    Number(f64),
    /// A category (one yes/no feature per value).
    Text(String),
}

impl FeatureValue {
    fn type_name(&self) -> &'static str {
        match self {
            FeatureValue::Bool(_) => "boolean",
            FeatureValue::Number(_) => "number",
            FeatureValue::Text(_) => "string",
        }
    }
}

/// Who counts as a top performer.
#[derive(Debug, Clone, PartialEq)]
pub enum TopRule {
    /// The (latest) rating is at least this.
    RatingAtLeast(f64),
    /// This feature is true (or 1).
    Label(String),
}

/// One employee, ready for mining.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Id.
    pub employee_id: String,
    /// Role.
    pub role: String,
    /// Top performer.
    pub top: bool,
    /// Features.
    pub features: BTreeMap<String, FeatureValue>,
}

/// A success-profile request, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessRequest {
    /// Rows with a known top/rest label.
    pub rows: Vec<Row>,
    /// The rule.
    pub top: TopRule,
    /// `small_support` below this many top performers with the feature.
    pub min_support: u64,
    /// Confidence level.
    pub confidence: f64,
    /// Things noticed while reading.
    pub warnings: Vec<Bilingual>,
}

/// One feature's comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureRow {
    /// Feature id (`skill:python`, `degree=master`, `years_experience>5`).
    pub feature: String,
    /// `boolean`, `category` or `numeric`.
    pub kind: String,
    /// The source feature name.
    pub name: String,
    /// Category value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Numeric: the split (the section median); the feature is `value > threshold`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Numeric: median among top performers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_top: Option<f64>,
    /// Numeric: median among the rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_rest: Option<f64>,
    /// Top performers with the feature (support).
    pub top_with: u64,
    /// Top performers counted.
    pub top_n: u64,
    /// Others with the feature.
    pub rest_with: u64,
    /// Others counted.
    pub rest_n: u64,
    /// `top_with / top_n`.
    pub prevalence_top: f64,
    /// `rest_with / rest_n`.
    pub prevalence_rest: f64,
    /// `(top_with + rest_with) / (top_n + rest_n)`.
    pub prevalence_all: f64,
    /// `prevalence_top / prevalence_all`.
    pub lift: f64,
    /// Interval of the lift (the risk-ratio interval mapped through the lift).
    pub lift_ci: [f64; 2],
    /// `prevalence_top / prevalence_rest`; `null` when nobody else has it.
    pub risk_ratio: Option<f64>,
    /// Katz log interval of the risk ratio.
    pub risk_ratio_ci: [f64; 2],
    /// 0.5 was added to every cell for the interval (a cell was 0).
    pub corrected: bool,
    /// `top_with < min_support`.
    pub small_support: bool,
    /// The lift interval excludes 1.
    pub differs: bool,
    /// One line.
    pub text: Bilingual,
}

/// One role (or every role together).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleProfile {
    /// The role; absent for the overall section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Employees.
    pub n: u64,
    /// Top performers.
    pub n_top: u64,
    /// Features, by lift (highest first).
    pub features: Vec<FeatureRow>,
    /// Why there are no features, when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Bilingual>,
}

/// The success-profile report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuccessReport {
    /// The rule, as text.
    pub top_rule: String,
    /// Confidence level.
    pub confidence: f64,
    /// Minimum support.
    pub min_support: u64,
    /// Every role together.
    pub overall: RoleProfile,
    /// Per role, sorted.
    pub roles: Vec<RoleProfile>,
    /// Things noticed.
    pub warnings: Vec<Bilingual>,
    /// How to read it.
    pub notes: Vec<Bilingual>,
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

const REQUEST_KEYS: &[&str] = &[
    "records",
    "scorecards",
    "resumes",
    "top",
    "min_support",
    "confidence",
    "bars",
];

fn parse_top(v: Option<&Value>) -> Result<TopRule> {
    let expected = "{\"rule\": \"rating_at_least\", \"value\": 4.5} or {\"label\": \"feature\"}";
    let Some(v) = v else {
        return Err(invalid(
            "/top",
            format!("{expected} (the field is missing)"),
        ));
    };
    let obj = object(v, "/top")?;
    check_keys(obj, &["rule", "value", "label"], "/top")?;
    if let Some(label) = get(obj, "label") {
        if get(obj, "rule").is_some() || get(obj, "value").is_some() {
            return Err(invalid(
                "/top/label",
                format!("either a rule or a label: {expected}"),
            ));
        }
        return match label.as_str() {
            Some(s) if !s.trim().is_empty() => Ok(TopRule::Label(s.trim().to_string())),
            _ => Err(invalid("/top/label", "a feature name")),
        };
    }
    match get(obj, "rule").and_then(Value::as_str) {
        Some("rating_at_least") => {}
        _ => {
            return Err(invalid(
                "/top/rule",
                format!("\"rating_at_least\" ({expected})"),
            ))
        }
    }
    let value = number(get(obj, "value").unwrap_or(&Value::Null), "/top/value")?;
    Ok(TopRule::RatingAtLeast(value))
}

fn feature_value(v: &Value, path: &str) -> Result<Option<FeatureValue>> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(FeatureValue::Bool(*b))),
        Value::Number(_) => Ok(Some(FeatureValue::Number(number(v, path)?))),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => Ok(Some(FeatureValue::Text(s.trim().to_string()))),
        _ => Err(invalid(
            path,
            "a number, boolean or string (null when unknown)",
        )),
    }
}

fn typed<T: serde::de::DeserializeOwned>(v: &Value, path: &str, what: &str) -> Result<T> {
    serde_json::from_value(v.clone()).map_err(|e| invalid(path, format!("{what} ({e})")))
}

fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

fn months_between(a: Date, b: Date) -> f64 {
    (b - a).whole_days() as f64 / 30.436_875
}

struct Archive<'a> {
    scorecards: &'a [Scorecard],
    resumes: &'a [Resume],
    bars: &'a BTreeMap<String, f64>,
}

/// Features derived from an employee record and its linked documents; also its latest rating.
fn derive(
    record: &EmployeeRecord,
    path: &str,
    archive: &Archive<'_>,
) -> Result<(String, BTreeMap<String, FeatureValue>, Option<f64>)> {
    let mut f = BTreeMap::new();
    let mut hours = 0.0;
    for (j, t) in record.trainings.iter().enumerate() {
        let name = t.course_id.as_deref().unwrap_or(&t.name);
        if name.trim().is_empty() {
            continue;
        }
        f.insert(format!("training:{}", key(name)), FeatureValue::Bool(true));
        if let Some(h) = t.hours {
            if !h.is_finite() || h < 0.0 {
                return Err(invalid(
                    &format!("{path}/trainings/{j}/hours"),
                    "a number of hours, 0 or more",
                ));
            }
            hours += h;
        }
    }
    f.insert(
        "n_trainings".into(),
        FeatureValue::Number(record.trainings.len() as f64),
    );
    f.insert(
        "training_hours".into(),
        FeatureValue::Number(round(hours, 2)),
    );

    // Competency scores at or above the bar: the latest-listed linked scorecard wins.
    let mut latest: BTreeMap<String, bool> = BTreeMap::new();
    for card in archive.scorecards.iter().filter(|c| {
        record.scorecard_ids.contains(&c.id)
            || (record.candidate_id.is_some() && c.candidate_id == record.candidate_id)
    }) {
        let (min, max) = (card.scale.min, card.scale.max);
        for c in &card.competencies {
            let score = c
                .fused_score
                .or_else(|| {
                    let s: Vec<f64> = c.interviewer_scores.iter().map(|s| s.score).collect();
                    (!s.is_empty()).then(|| s.iter().sum::<f64>() / s.len() as f64)
                })
                .or(c.ai_score);
            if let Some(s) = score.filter(|x| x.is_finite()) {
                let k = key(&c.competency);
                let bar = archive
                    .bars
                    .get(&k)
                    .copied()
                    .unwrap_or(min + 0.75 * (max - min));
                latest.insert(k, s >= bar);
            }
        }
    }
    for (k, at_bar) in latest {
        f.insert(format!("competency:{k}"), FeatureValue::Bool(at_bar));
    }

    let hire = record.hire_date.as_ref().and_then(|d| partial_date(&d.0));
    if let Some(resume) = archive
        .resumes
        .iter()
        .rev()
        .find(|r| record.candidate_id.is_some() && r.candidate_id == record.candidate_id)
    {
        if let Some(d) = resume.education.iter().filter_map(|e| e.degree).max() {
            if let Ok(Value::String(s)) = serde_json::to_value(d) {
                f.insert("degree".into(), FeatureValue::Text(s));
            }
        }
        for s in &resume.skills {
            let id = s.taxonomy_id.as_deref().unwrap_or(&s.name);
            if !id.trim().is_empty() {
                f.insert(format!("skill:{}", key(id)), FeatureValue::Bool(true));
            }
        }
        let mut months = 0.0;
        let mut any = false;
        for e in &resume.experience {
            let start = e.start_date.as_ref().and_then(|d| partial_date(&d.0));
            let end = e
                .end_date
                .as_ref()
                .and_then(|d| partial_date(&d.0))
                .or(hire);
            if let (Some(s), Some(t)) = (start, end) {
                if t >= s {
                    months += months_between(s, t);
                    any = true;
                }
            }
        }
        if any {
            f.insert(
                "years_experience".into(),
                FeatureValue::Number(round(months / 12.0, 2)),
            );
        }
    }

    let role = match record.extra.get("role").and_then(Value::as_str) {
        Some(r) if !r.trim().is_empty() => r.trim().to_string(),
        _ => record
            .positions
            .iter()
            .enumerate()
            .max_by(|(i, a), (j, b)| a.start_date.cmp(&b.start_date).then(i.cmp(j)))
            .map(|(_, p)| p.title.trim().to_string())
            .unwrap_or_else(|| "(unknown)".into()),
    };
    let rating = record
        .performance_reviews
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| {
            let da = a.date.as_ref().and_then(|d| partial_date(&d.0));
            let db = b.date.as_ref().and_then(|d| partial_date(&d.0));
            da.cmp(&db).then(a.period.cmp(&b.period)).then(i.cmp(j))
        })
        .map(|(_, r)| r.rating)
        .filter(|x| x.is_finite());
    Ok((role, f, rating))
}

impl SuccessRequest {
    /// Reads a request (see the module docs); errors name the field (`/records/3/features/x`).
    pub fn from_value(request: &Value) -> Result<SuccessRequest> {
        let obj = object(request, "")?;
        check_keys(obj, REQUEST_KEYS, "")?;
        let top = parse_top(get(obj, "top"))?;
        let min_support =
            opt_u64(obj, "min_support", "", 1, 1_000_000)?.unwrap_or(DEFAULT_MIN_SUPPORT);
        let confidence = opt_f64(
            obj,
            "confidence",
            "",
            |x| x > 0.5 && x < 1.0,
            "a confidence level above 0.5 and below 1",
        )?
        .unwrap_or(DEFAULT_CONFIDENCE);
        let mut bars = BTreeMap::new();
        if let Some(b) = get(obj, "bars") {
            for (k, v) in object(b, "/bars")? {
                bars.insert(key(k), number(v, &ptr("/bars", k))?);
            }
        }
        let list = |k: &str| -> Result<&[Value]> {
            match get(obj, k) {
                Some(v) => Ok(array(v, &format!("/{k}"))?.as_slice()),
                None => Ok(&[]),
            }
        };
        let scorecards = list("scorecards")?
            .iter()
            .enumerate()
            .map(|(i, v)| typed::<Scorecard>(v, &idx("/scorecards", i), "a scorecard document"))
            .collect::<Result<Vec<_>>>()?;
        let resumes = list("resumes")?
            .iter()
            .enumerate()
            .map(|(i, v)| typed::<Resume>(v, &idx("/resumes", i), "a resume document"))
            .collect::<Result<Vec<_>>>()?;
        let archive = Archive {
            scorecards: &scorecards,
            resumes: &resumes,
            bars: &bars,
        };
        let items = match get(obj, "records") {
            Some(v) => array(v, "/records")?,
            None => {
                return Err(invalid(
                    "/records",
                    "an array of records (the field is missing)",
                ))
            }
        };
        if items.len() > MAX_RECORDS {
            return Err(Error::LimitExceeded {
                what: "records".into(),
                limit: MAX_RECORDS as u64,
                actual: items.len() as u64,
            });
        }
        let mut types: BTreeMap<String, &'static str> = BTreeMap::new();
        let mut rows = Vec::new();
        let mut unlabelled = 0u64;
        for (i, item) in items.iter().enumerate() {
            let path = idx("/records", i);
            let o = object(item, &path)?;
            let (employee_id, role, mut features, rating, features_path) =
                if o.get("kind").and_then(Value::as_str) == Some("employee_record") {
                    let record: EmployeeRecord = typed(item, &path, "an employee_record document")?;
                    let (role, f, rating) = derive(&record, &path, &archive)?;
                    (
                        record.employee_id.clone(),
                        role,
                        f,
                        rating,
                        format!("{path}/(derived)"),
                    )
                } else {
                    check_keys(o, &["employee_id", "role", "features", "rating"], &path)?;
                    let id = req_str(o, "employee_id", &path)?.trim().to_string();
                    let role = req_str(o, "role", &path)?.trim().to_string();
                    let rating = opt_f64(o, "rating", &path, |_| true, "a finite number")?;
                    let fpath = ptr(&path, "features");
                    let mut f = BTreeMap::new();
                    if let Some(fv) = get(o, "features") {
                        for (k, v) in object(fv, &fpath)? {
                            if let Some(x) = feature_value(v, &ptr(&fpath, k))? {
                                f.insert(k.trim().to_string(), x);
                            }
                        }
                    }
                    (id, role, f, rating, fpath)
                };
            let top = match &top {
                TopRule::RatingAtLeast(v) => {
                    let r = rating.or_else(|| match features.get("rating") {
                        Some(FeatureValue::Number(x)) => Some(*x),
                        _ => None,
                    });
                    features.remove("rating");
                    r.map(|r| r >= *v)
                }
                TopRule::Label(label) => match features.remove(label) {
                    None => None,
                    Some(FeatureValue::Bool(b)) => Some(b),
                    Some(FeatureValue::Number(x)) if x == 0.0 || x == 1.0 => Some(x == 1.0),
                    Some(_) => {
                        return Err(invalid(
                            &ptr(&features_path, label),
                            "the label: true/false or 1/0",
                        ))
                    }
                },
            };
            let Some(top) = top else {
                unlabelled += 1;
                continue;
            };
            for (k, v) in &features {
                let t = v.type_name();
                match types.get(k) {
                    Some(&old) if old != t => {
                        return Err(invalid(
                            &ptr(&features_path, k),
                            format!(
                            "a {old}, as in earlier records (one type per feature); found a {t}"
                        ),
                        ))
                    }
                    Some(_) => {}
                    None => {
                        types.insert(k.clone(), t);
                    }
                }
            }
            rows.push(Row {
                employee_id,
                role,
                top,
                features,
            });
        }
        let mut warnings = Vec::new();
        if unlabelled > 0 {
            let what = match &top {
                TopRule::RatingAtLeast(_) => ("a rating", "绩效评分"),
                TopRule::Label(_) => ("the label", "标签"),
            };
            warnings.push(Bilingual::new(
                if unlabelled == 1 {
                    format!("1 record without {} was left out.", what.0)
                } else {
                    format!("{unlabelled} records without {} were left out.", what.0)
                },
                format!("{unlabelled} 条记录缺少{}，已排除。", what.1),
            ));
        }
        let mut seen = BTreeSet::new();
        for r in &rows {
            if !seen.insert((r.role.clone(), r.employee_id.clone())) {
                warnings.push(Bilingual::new(
                    format!(
                        "Employee {} appears more than once in role {}; each record counts.",
                        r.employee_id, r.role
                    ),
                    format!(
                        "员工 {} 在岗位 {} 中出现多次；每条记录都会计入。",
                        r.employee_id, r.role
                    ),
                ));
            }
        }
        Ok(SuccessRequest {
            rows,
            top,
            min_support,
            confidence,
            warnings,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

/// Lift, risk ratio and their intervals for the 2×2 table: top with `a`, top without `b`,
/// rest with `c`, rest without `d`. `z` is the normal quantile of the confidence level.
/// `None` when either row is empty or nobody has the feature.
pub fn two_by_two(a: u64, b: u64, c: u64, d: u64, z: f64) -> Option<TableStats> {
    let (n1, n2) = (a + b, c + d);
    if n1 == 0 || n2 == 0 || a + c == 0 {
        return None;
    }
    let n = (n1 + n2) as f64;
    let p1 = a as f64 / n1 as f64;
    let p2 = c as f64 / n2 as f64;
    let pall = (a + c) as f64 / n;
    let lift = p1 / pall;
    let rr = (c > 0).then(|| p1 / p2);
    let corrected = a == 0 || b == 0 || c == 0 || d == 0;
    let k = if corrected { 0.5 } else { 0.0 };
    let (a2, b2, c2, d2) = (a as f64 + k, b as f64 + k, c as f64 + k, d as f64 + k);
    let rr2 = (a2 / (a2 + b2)) / (c2 / (c2 + d2));
    let se = (1.0 / a2 - 1.0 / (a2 + b2) + 1.0 / c2 - 1.0 / (c2 + d2))
        .max(0.0)
        .sqrt();
    let lo = (rr2.ln() - z * se).exp();
    let hi = (rr2.ln() + z * se).exp();
    let w = n1 as f64 / n;
    let to_lift = |r: f64| r / (w * r + 1.0 - w);
    Some(TableStats {
        lift,
        lift_ci: [to_lift(lo), to_lift(hi)],
        risk_ratio: rr,
        risk_ratio_ci: [lo, hi],
        corrected,
    })
}

/// What [`two_by_two`] computes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableStats {
    /// `P(feature | top) / P(feature | all)`.
    pub lift: f64,
    /// Interval of the lift.
    pub lift_ci: [f64; 2],
    /// `P(feature | top) / P(feature | rest)`.
    pub risk_ratio: Option<f64>,
    /// Katz log interval of the risk ratio.
    pub risk_ratio_ci: [f64; 2],
    /// 0.5 added to every cell for the interval.
    pub corrected: bool,
}

struct Candidate {
    feature: String,
    kind: &'static str,
    name: String,
    value: Option<String>,
    threshold: Option<f64>,
    medians: Option<(Option<f64>, Option<f64>)>,
    /// Top with, top without, rest with, rest without.
    cells: [u64; 4],
}

/// The 2×2 cells of a feature: `has` is `None` for a row not counted.
fn cells(rows: &[&Row], has: impl Fn(&Row) -> Option<bool>) -> [u64; 4] {
    let mut out = [0u64; 4];
    for r in rows {
        let cell = match (r.top, has(r)) {
            (true, Some(true)) => 0,
            (true, Some(false)) => 1,
            (false, Some(true)) => 2,
            (false, Some(false)) => 3,
            (_, None) => continue,
        };
        if let Some(x) = out.get_mut(cell) {
            *x += 1;
        }
    }
    out
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    quantile_sorted(&v, 0.5)
}

fn candidates(rows: &[&Row]) -> Result<Vec<Candidate>> {
    let mut names: BTreeMap<&str, &FeatureValue> = BTreeMap::new();
    for r in rows {
        for (k, v) in &r.features {
            names.entry(k.as_str()).or_insert(v);
        }
    }
    let work = rows.len().saturating_mul(names.len());
    if work > MAX_WORK {
        return Err(Error::LimitExceeded {
            what: "records × distinct feature names in one section".into(),
            limit: MAX_WORK as u64,
            actual: work as u64,
        });
    }
    let mut out = Vec::new();
    for (name, example) in names {
        match example {
            FeatureValue::Bool(_) => out.push(Candidate {
                feature: name.to_string(),
                kind: "boolean",
                name: name.to_string(),
                value: None,
                threshold: None,
                medians: None,
                cells: cells(rows, |r| {
                    Some(r.features.get(name) == Some(&FeatureValue::Bool(true)))
                }),
            }),
            FeatureValue::Text(_) => {
                // One pass: per value, how many top performers and others have it.
                let n_top = rows.iter().filter(|r| r.top).count() as u64;
                let n_rest = rows.len() as u64 - n_top;
                let mut with: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
                for r in rows {
                    if let Some(FeatureValue::Text(v)) = r.features.get(name) {
                        let e = with.entry(v.as_str()).or_default();
                        if r.top {
                            e.0 += 1;
                        } else {
                            e.1 += 1;
                        }
                    }
                }
                if out.len().saturating_add(with.len()) > MAX_FEATURES {
                    return Err(Error::LimitExceeded {
                        what: "distinct features (category values counted separately)".into(),
                        limit: MAX_FEATURES as u64,
                        actual: out.len().saturating_add(with.len()) as u64,
                    });
                }
                for (v, (a, c)) in with {
                    out.push(Candidate {
                        feature: format!("{name}={v}"),
                        kind: "category",
                        name: name.to_string(),
                        value: Some(v.to_string()),
                        threshold: None,
                        medians: None,
                        cells: [a, n_top - a, c, n_rest - c],
                    });
                }
            }
            FeatureValue::Number(_) => {
                let num = |r: &Row| match r.features.get(name) {
                    Some(FeatureValue::Number(x)) => Some(*x),
                    _ => None,
                };
                let all: Vec<f64> = rows.iter().filter_map(|r| num(r)).collect();
                let Some(m) = median(all) else { continue };
                let m = round(m, 6);
                let top: Vec<f64> = rows
                    .iter()
                    .filter(|r| r.top)
                    .filter_map(|r| num(r))
                    .collect();
                let rest: Vec<f64> = rows
                    .iter()
                    .filter(|r| !r.top)
                    .filter_map(|r| num(r))
                    .collect();
                out.push(Candidate {
                    feature: format!("{name}>{}", num_text(m, 6)),
                    kind: "numeric",
                    name: name.to_string(),
                    value: None,
                    threshold: Some(m),
                    medians: Some((
                        median(top).map(|x| round(x, 4)),
                        median(rest).map(|x| round(x, 4)),
                    )),
                    cells: cells(rows, |r| num(r).map(|x| x > m)),
                });
            }
        }
        if out.len() > MAX_FEATURES {
            return Err(Error::LimitExceeded {
                what: "distinct features (category values counted separately)".into(),
                limit: MAX_FEATURES as u64,
                actual: out.len() as u64,
            });
        }
    }
    Ok(out)
}

fn describe(c: &Candidate) -> (String, String) {
    match (c.kind, &c.value, c.threshold) {
        ("category", Some(v), _) => (format!("{} = {v}", c.name), format!("{}为{v}", c.name)),
        ("numeric", _, Some(t)) => (
            format!("{} above {} (the median)", c.name, num_text(t, 4)),
            format!("{}高于 {}（中位数）", c.name, num_text(t, 4)),
        ),
        _ => (c.name.clone(), c.name.clone()),
    }
}

fn section(role: Option<&str>, rows: &[&Row], req: &SuccessRequest, z: f64) -> Result<RoleProfile> {
    let n = rows.len() as u64;
    let n_top = rows.iter().filter(|r| r.top).count() as u64;
    let mut profile = RoleProfile {
        role: role.map(str::to_string),
        n,
        n_top,
        features: Vec::new(),
        note: None,
    };
    if n_top == 0 || n_top == n {
        profile.note = Some(Bilingual::new(
            format!(
                "{n_top} of {n} employees are top performers: there is nobody to compare with."
            ),
            format!("{n} 名员工中有 {n_top} 名高绩效者，缺少可比较的对照组。"),
        ));
        return Ok(profile);
    }
    let label_en = role.map_or("all roles".to_string(), |r| r.to_string());
    let label_zh = role.map_or("全部岗位".to_string(), |r| format!("{r} 岗位"));
    let conf = num_text(req.confidence * 100.0, 2);
    for c in candidates(rows)? {
        let [a, b, cc, d] = c.cells;
        let Some(s) = two_by_two(a, b, cc, d, z) else {
            continue;
        };
        let p_top = a as f64 / (a + b) as f64;
        let p_rest = cc as f64 / (cc + d) as f64;
        let p_all = (a + cc) as f64 / (a + b + cc + d) as f64;
        let lift_ci = [round(s.lift_ci[0], 4), round(s.lift_ci[1], 4)];
        let (what_en, what_zh) = describe(&c);
        let text = Bilingual::new(
            format!(
                "Top performers in {label_en}: {} have {what_en} vs {} of everyone (lift {}, {conf}% CI {}–{}{}).",
                percent(p_top),
                percent(p_all),
                num_text(s.lift, 2),
                num_text(lift_ci[0], 2),
                num_text(lift_ci[1], 2),
                if a < req.min_support { "; small support" } else { "" }
            ),
            format!(
                "{label_zh}高绩效者中 {} 具备「{what_zh}」，全体为 {}（提升度 {}，{conf}% 置信区间 {}–{}{}）。",
                percent(p_top),
                percent(p_all),
                num_text(s.lift, 2),
                num_text(lift_ci[0], 2),
                num_text(lift_ci[1], 2),
                if a < req.min_support { "；支持度偏小" } else { "" }
            ),
        );
        profile.features.push(FeatureRow {
            feature: c.feature.clone(),
            kind: c.kind.to_string(),
            name: c.name.clone(),
            value: c.value.clone(),
            threshold: c.threshold,
            median_top: c.medians.and_then(|m| m.0),
            median_rest: c.medians.and_then(|m| m.1),
            top_with: a,
            top_n: a + b,
            rest_with: cc,
            rest_n: cc + d,
            prevalence_top: round(p_top, 4),
            prevalence_rest: round(p_rest, 4),
            prevalence_all: round(p_all, 4),
            lift: round(s.lift, 4),
            lift_ci,
            risk_ratio: s.risk_ratio.map(|x| round(x, 4)),
            risk_ratio_ci: [round(s.risk_ratio_ci[0], 4), round(s.risk_ratio_ci[1], 4)],
            corrected: s.corrected,
            small_support: a < req.min_support,
            differs: lift_ci[0] > 1.0 || lift_ci[1] < 1.0,
            text,
        });
    }
    profile.features.sort_by(|x, y| {
        y.lift
            .total_cmp(&x.lift)
            .then_with(|| x.feature.cmp(&y.feature))
    });
    Ok(profile)
}

/// Mines the success profile.
pub fn success_profile(req: &SuccessRequest) -> Result<SuccessReport> {
    let z = Normal::new(0.0, 1.0)
        .map_err(|e| Error::Internal(format!("standard normal: {e}")))?
        .inverse_cdf(1.0 - (1.0 - req.confidence) / 2.0);
    let all: Vec<&Row> = req.rows.iter().collect();
    let overall = section(None, &all, req, z)?;
    let mut by_role: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in &req.rows {
        by_role.entry(r.role.as_str()).or_default().push(r);
    }
    let roles = by_role
        .iter()
        .map(|(role, rows)| section(Some(role), rows, req, z))
        .collect::<Result<Vec<_>>>()?;
    let top_rule = match &req.top {
        TopRule::RatingAtLeast(v) => format!("rating >= {}", num_text(*v, 4)),
        TopRule::Label(l) => format!("{l} is true"),
    };
    Ok(SuccessReport {
        top_rule,
        confidence: req.confidence,
        min_support: req.min_support,
        overall,
        roles,
        warnings: req.warnings.clone(),
        notes: vec![
            Bilingual::new(
                "Lift = P(feature | top) / P(feature | everyone in the section). Above 1: more common among top performers. The interval is the Katz log interval of the risk ratio P(feature | top) / P(feature | rest), mapped to the lift with the group sizes fixed; 0.5 is added to every cell when one is 0.",
                "提升度 = P(特征 | 高绩效) / P(特征 | 全体)。大于 1 表示该特征在高绩效者中更常见。置信区间为风险比 P(特征 | 高绩效) / P(特征 | 其他) 的 Katz 对数区间，在组规模固定的前提下换算为提升度；若有单元格为 0，则各单元格加 0.5。",
            ),
            Bilingual::new(
                "This is an association in past data, not a cause: a feature common among top performers need not make anyone perform, and past ratings carry past biases. Use it to ask questions, not to screen people; small_support features rest on few people.",
                "这是历史数据中的相关性，而非因果关系：高绩效者中常见的特征不一定导致高绩效，过往评分也可能带有过往的偏差。请用于提出问题，而非筛选候选人；标记为支持度偏小的特征仅基于少数人。",
            ),
        ],
    })
}

/// JSON entry point: a success-profile request (see the module docs) → a [`SuccessReport`].
pub fn success_profile_value(request: &Value) -> Result<Value> {
    let parsed = SuccessRequest::from_value(request)?;
    to_value(&success_profile(&parsed)?)
}
