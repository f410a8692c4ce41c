//! Features and labels computed from archive documents, with a time-aware cut-off.
//!
//! Owns: turning `employee_record` documents (and the `scorecard`s and `resume`s linked to
//! them) into one table row per employee, where every feature uses only what was known at the
//! decision date, and computing the configured outcome label. Must not touch: the learner,
//! the schema.
//!
//! # Request (`"archive"` in any potential request)
//! `{"documents": [..], "decision"?: "hire_date" | {"date": "2025-01-01"}, "label"?:
//! {"kind": "promoted_within_months", "months"?: 12} | {"kind": "top_performance_share",
//! "share"?: 0.2, "months"?: 6} | {"kind": "retained_months", "months"?: 12}, each with an
//! optional "column", "as_of"?: "2025-06-30"}`.
//!
//! # Date rules
//! * A date at month or year precision is read as its first day (`2024-03` → 2024-03-01).
//! * An event is known at the decision date `D` when its date is on or before `D`; undated
//!   reviews, trainings and experience entries are never used. A scorecard is dated by its
//!   latest `rated_at` / `provenance.computed_at`; an undated scorecard counts as known from
//!   the hire date on (interviews precede hiring).
//! * Outcome windows are `(D, D + months]`; a row whose window ends after `as_of` (default:
//!   the latest date in the employee records) is skipped and reported.
//!
//! ```
//! use serde_json::json;
//! use interviewkit_core::potential::archive::archive_table;
//!
//! let archive = json!({"documents": [
//!     {"schema_version": 1, "kind": "employee_record", "employee_id": "e1",
//!      "hire_date": "2023-01-01",
//!      "positions": [{"title": "Analyst", "grade": "P4", "start_date": "2023-01-01"}],
//!      "promotions": [{"date": "2023-10-01", "from_grade": "P4", "to_grade": "P5"}]}],
//!   "label": {"kind": "promoted_within_months", "months": 12}, "as_of": "2024-06-01"});
//! let (rows, report) = archive_table(&archive).unwrap();
//! assert_eq!(rows[0]["promoted_within_12m"], json!(1));
//! assert_eq!(rows[0]["n_promotions"], json!(0)); // the promotion came after the hire date
//! assert_eq!(report.skipped.len(), 0);
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::schema::migrate::migrate_value;
use crate::schema::{
    typed_document, Document, DocumentKind, EmployeeRecord, PartialDate, Resume, Scorecard,
};

/// The id column of an archive table.
pub const ID_COLUMN: &str = "employee_id";

/// The fixed feature columns, in table order (competency columns follow, sorted).
pub const FEATURES: &[&str] = &[
    "tenure_months",
    "n_trainings",
    "training_hours",
    "n_reviews",
    "perf_mean",
    "perf_last",
    "n_promotions",
    "months_since_promotion",
    "grade",
    "department",
    "interview_n_scorecards",
    "interview_overall",
    "resume_degree_level",
    "resume_experience_years",
    "resume_n_skills",
    "resume_n_certifications",
    "resume_n_languages",
];

/// The prefix of the per-competency interview score columns.
pub const COMPETENCY_PREFIX: &str = "competency_";

fn bad(name: impl Into<String>, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        expected: expected.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/// A calendar day (a partial date is read as its first day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    year: i32,
    month: u32,
    day: u32,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Day {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real calendar day).
    pub fn parse(text: &str) -> Option<Day> {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let mut parts = text.split('-');
        let y = parts.next().filter(|s| digits(s, 4))?;
        let m = parts.next();
        let d = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = match m {
            None => 1,
            Some(s) if digits(s, 2) => s.parse().ok()?,
            Some(_) => return None,
        };
        if !(1..=12).contains(&month) {
            return None;
        }
        let day: u32 = match d {
            None => 1,
            Some(s) if digits(s, 2) => s.parse().ok()?,
            Some(_) => return None,
        };
        if day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day { year, month, day })
    }

    /// The day `months` calendar months later (the day clamped to the month's end).
    pub fn add_months(self, months: u32) -> Day {
        let total = self.year as i64 * 12 + i64::from(self.month - 1) + i64::from(months);
        let year = total.div_euclid(12) as i32;
        let month = total.rem_euclid(12) as u32 + 1;
        Day {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// Completed calendar months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: Day) -> i64 {
        let mut m = (i64::from(later.year) - i64::from(self.year)) * 12 + i64::from(later.month)
            - i64::from(self.month);
        if later.day < self.day {
            m -= 1;
        }
        m
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn day_at(date: &PartialDate, path: impl Fn() -> String) -> Result<Day> {
    Day::parse(&date.0).ok_or_else(|| {
        bad(
            path(),
            format!(
                "a calendar date YYYY, YYYY-MM or YYYY-MM-DD (found \"{}\")",
                date.0
            ),
        )
    })
}

fn opt_day(date: Option<&PartialDate>, path: impl Fn() -> String) -> Result<Option<Day>> {
    date.map(|d| day_at(d, path)).transpose()
}

/// The calendar date of an RFC 3339 timestamp (its first 10 characters, local time).
fn timestamp_day(text: &str, path: impl Fn() -> String) -> Result<Day> {
    text.get(..10)
        .filter(|_| {
            text.len() == 10
                || text
                    .as_bytes()
                    .get(10)
                    .is_some_and(|b| *b == b'T' || *b == b't' || *b == b' ')
        })
        .and_then(Day::parse)
        .ok_or_else(|| bad(path(), format!("an RFC 3339 timestamp (found \"{text}\")")))
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/// The outcome to predict.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LabelKind {
    /// At least one promotion in `(D, D + months]`.
    PromotedWithinMonths {
        /// Window length.
        months: u32,
    },
    /// The first review at or after `D + months`, normalised by its `scale_max`, is in the
    /// top `share` of the same reviews of every employee in the table (ties included).
    TopPerformanceShare {
        /// The top share, in (0, 1).
        share: f64,
        /// Months after the decision date.
        months: u32,
    },
    /// Still employed at `D + months`: a position started on or before then that has no
    /// end date or ends after it.
    RetainedMonths {
        /// Window length.
        months: u32,
    },
}

impl LabelKind {
    fn months(&self) -> u32 {
        match self {
            LabelKind::PromotedWithinMonths { months }
            | LabelKind::TopPerformanceShare { months, .. }
            | LabelKind::RetainedMonths { months } => *months,
        }
    }

    fn default_column(&self) -> String {
        match self {
            LabelKind::PromotedWithinMonths { months } => format!("promoted_within_{months}m"),
            LabelKind::TopPerformanceShare { share, months } => {
                format!("top_{}pct_performance_{months}m", share * 100.0)
            }
            LabelKind::RetainedMonths { months } => format!("retained_{months}m"),
        }
    }
}

/// A label definition and the column it is written to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelSpec {
    /// What the label means.
    #[serde(flatten)]
    pub kind: LabelKind,
    /// The label column of the table.
    pub column: String,
}

/// When features are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Each employee's hire date (or first position start when the hire date is absent).
    HireDate,
    /// One date for everybody.
    Date(Day),
}

impl Decision {
    fn to_value(self) -> Value {
        match self {
            Decision::HireDate => json!("hire_date"),
            Decision::Date(d) => json!({"date": d.to_string()}),
        }
    }
}

const ARCHIVE_KEYS: &[&str] = &["documents", "decision", "label", "as_of"];

fn months_field(label: &Map<String, Value>, default: u32) -> Result<u32> {
    match label.get("months") {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .filter(|m| (1..=600).contains(m))
            .map(|m| m as u32)
            .ok_or_else(|| {
                bad(
                    "archive.label.months",
                    "an integer number of months from 1 to 600",
                )
            }),
    }
}

fn parse_label(value: &Value) -> Result<LabelSpec> {
    let Value::Object(label) = value else {
        return Err(bad(
            "archive.label",
            "an object like {\"kind\": \"promoted_within_months\", \"months\": 12}",
        ));
    };
    const KINDS: &str = "promoted_within_months, top_performance_share, retained_months";
    let kind_name = label
        .get("kind")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("archive.label.kind", format!("one of {KINDS}")))?;
    let allowed: &[&str] = match kind_name {
        "top_performance_share" => &["kind", "months", "share", "column"],
        _ => &["kind", "months", "column"],
    };
    for key in label.keys() {
        if !allowed.contains(&key.as_str()) {
            return Err(bad(
                format!("archive.label.{key}"),
                format!("one of the keys {}", allowed.join(", ")),
            ));
        }
    }
    let kind = match kind_name {
        "promoted_within_months" => LabelKind::PromotedWithinMonths {
            months: months_field(label, 12)?,
        },
        "retained_months" => LabelKind::RetainedMonths {
            months: months_field(label, 12)?,
        },
        "top_performance_share" => {
            let share = match label.get("share") {
                None | Some(Value::Null) => 0.2,
                Some(v) => v.as_f64().filter(|s| *s > 0.0 && *s < 1.0).ok_or_else(|| {
                    bad(
                        "archive.label.share",
                        "a share between 0 and 1 (exclusive), e.g. 0.2",
                    )
                })?,
            };
            LabelKind::TopPerformanceShare {
                share,
                months: months_field(label, 6)?,
            }
        }
        _ => return Err(bad("archive.label.kind", format!("one of {KINDS}"))),
    };
    let column = match label.get("column") {
        None | Some(Value::Null) => kind.default_column(),
        Some(Value::String(s)) if !s.trim().is_empty() => {
            let s = s.trim().to_string();
            if s == ID_COLUMN || FEATURES.contains(&s.as_str()) || s.starts_with(COMPETENCY_PREFIX)
            {
                return Err(bad(
                    "archive.label.column",
                    format!("a column name other than `{ID_COLUMN}` and the feature names"),
                ));
            }
            s
        }
        Some(_) => return Err(bad("archive.label.column", "a non-empty column name")),
    };
    Ok(LabelSpec { kind, column })
}

fn parse_decision(value: Option<&Value>) -> Result<Decision> {
    match value {
        None | Some(Value::Null) => Ok(Decision::HireDate),
        Some(Value::String(s)) if s == "hire_date" => Ok(Decision::HireDate),
        Some(Value::Object(map)) => {
            if let Some(key) = map.keys().find(|k| k.as_str() != "date") {
                return Err(bad(format!("archive.decision.{key}"), "only `date`"));
            }
            let date = map
                .get("date")
                .and_then(Value::as_str)
                .and_then(Day::parse)
                .ok_or_else(|| {
                    bad(
                        "archive.decision.date",
                        "a calendar date YYYY, YYYY-MM or YYYY-MM-DD",
                    )
                })?;
            Ok(Decision::Date(date))
        }
        Some(_) => Err(bad(
            "archive.decision",
            "\"hire_date\" or {\"date\": \"YYYY-MM-DD\"}",
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

struct Docs {
    employees: Vec<(usize, EmployeeRecord)>,
    scorecards: Vec<(usize, Scorecard)>,
    resumes: Vec<(usize, Resume)>,
    ignored: BTreeMap<String, u64>,
}

fn read_documents(value: Option<&Value>) -> Result<Docs> {
    let Some(Value::Array(items)) = value else {
        return Err(bad(
            "archive.documents",
            "an array of archive documents (employee_record, scorecard, resume, …)",
        ));
    };
    let mut docs = Docs {
        employees: Vec::new(),
        scorecards: Vec::new(),
        resumes: Vec::new(),
        ignored: BTreeMap::new(),
    };
    for (i, item) in items.iter().enumerate() {
        let kind_path = || format!("archive.documents[{i}].kind");
        let kind = item.get("kind").and_then(Value::as_str).ok_or_else(|| {
            bad(
                kind_path(),
                format!("a document kind: {}", DocumentKind::list()),
            )
        })?;
        let parsed = DocumentKind::parse(kind).ok_or_else(|| {
            bad(
                kind_path(),
                format!("a document kind: {}", DocumentKind::list()),
            )
        })?;
        if !matches!(
            parsed,
            DocumentKind::EmployeeRecord | DocumentKind::Scorecard | DocumentKind::Resume
        ) {
            *docs.ignored.entry(kind.to_string()).or_insert(0) += 1;
            continue;
        }
        let migrated = match migrate_value(item.clone()) {
            Ok(v) => v,
            Err(Error::InvalidDocument(report)) => {
                let first = report.issues.first();
                let path = first
                    .map(|issue| crate::schema::pointer_path(&issue.pointer))
                    .unwrap_or_default();
                let message = first.map(|issue| issue.message.clone()).unwrap_or_default();
                let more = report.issues.len().saturating_sub(1);
                return Err(bad(
                    format!("archive.documents[{i}]{path}"),
                    if more > 0 {
                        format!("a valid {kind} document: {message} (and {more} more problem(s))")
                    } else {
                        format!("a valid {kind} document: {message}")
                    },
                ));
            }
            Err(Error::MigrationFailed { reason, .. }) => {
                return Err(bad(
                    format!("archive.documents[{i}]"),
                    format!("a document that can be migrated ({reason})"),
                ))
            }
            Err(other) => return Err(other),
        };
        match typed_document(parsed, &migrated)? {
            Document::EmployeeRecord(r) => docs.employees.push((i, *r)),
            Document::Scorecard(s) => docs.scorecards.push((i, *s)),
            Document::Resume(r) => docs.resumes.push((i, *r)),
            _ => {}
        }
    }
    Ok(docs)
}

// ---------------------------------------------------------------------------------------------
// Per-employee events with parsed dates
// ---------------------------------------------------------------------------------------------

struct Pos {
    start: Day,
    end: Option<Day>,
    grade: Option<String>,
    department: Option<String>,
}

struct Events {
    hire: Option<Day>,
    positions: Vec<Pos>,
    /// (date, rating / scale_max), dated reviews only, in list order.
    reviews: Vec<(Day, f64)>,
    /// (date, hours), dated trainings only.
    trainings: Vec<(Day, f64)>,
    promotions: Vec<Day>,
}

fn events(doc: usize, r: &EmployeeRecord) -> Result<Events> {
    let base = format!("archive.documents[{doc}]");
    let hire = opt_day(r.hire_date.as_ref(), || format!("{base}.hire_date"))?;
    let mut positions = Vec::new();
    for (k, p) in r.positions.iter().enumerate() {
        positions.push(Pos {
            start: day_at(&p.start_date, || {
                format!("{base}.positions[{k}].start_date")
            })?,
            end: opt_day(p.end_date.as_ref(), || {
                format!("{base}.positions[{k}].end_date")
            })?,
            grade: p.grade.clone(),
            department: p.department.clone(),
        });
    }
    let mut reviews = Vec::new();
    for (k, rv) in r.performance_reviews.iter().enumerate() {
        let date = opt_day(rv.date.as_ref(), || {
            format!("{base}.performance_reviews[{k}].date")
        })?;
        if rv.scale_max <= 0.0 || !rv.scale_max.is_finite() {
            return Err(bad(
                format!("{base}.performance_reviews[{k}].scale_max"),
                "a positive number",
            ));
        }
        if let Some(d) = date {
            reviews.push((d, rv.rating / rv.scale_max));
        }
    }
    let mut trainings = Vec::new();
    for (k, t) in r.trainings.iter().enumerate() {
        let date = opt_day(t.completed_at.as_ref(), || {
            format!("{base}.trainings[{k}].completed_at")
        })?;
        if let Some(d) = date {
            trainings.push((d, t.hours.unwrap_or(0.0)));
        }
    }
    let mut promotions = Vec::new();
    for (k, p) in r.promotions.iter().enumerate() {
        promotions.push(day_at(&p.date, || format!("{base}.promotions[{k}].date"))?);
    }
    Ok(Events {
        hire,
        positions,
        reviews,
        trainings,
        promotions,
    })
}

impl Events {
    /// The hire date, else the first position start.
    fn start(&self) -> Option<Day> {
        self.hire
            .or_else(|| self.positions.iter().map(|p| p.start).min())
    }

    fn latest(&self) -> Option<Day> {
        let mut all: Vec<Day> = Vec::new();
        all.extend(self.hire);
        for p in &self.positions {
            all.push(p.start);
            all.extend(p.end);
        }
        all.extend(self.reviews.iter().map(|r| r.0));
        all.extend(self.trainings.iter().map(|t| t.0));
        all.extend(self.promotions.iter().copied());
        all.into_iter().max()
    }
}

// ---------------------------------------------------------------------------------------------
// Scorecards and resumes
// ---------------------------------------------------------------------------------------------

struct Card<'a> {
    card: &'a Scorecard,
    /// The latest rating or computation date, if any.
    date: Option<Day>,
}

fn card_date(doc: usize, s: &Scorecard) -> Result<Option<Day>> {
    let mut latest: Option<Day> = None;
    if let Some(ts) = s.provenance.as_ref().and_then(|p| p.computed_at.as_ref()) {
        let d = timestamp_day(&ts.0, || {
            format!("archive.documents[{doc}].provenance.computed_at")
        })?;
        latest = latest.max(Some(d));
    }
    for (c, comp) in s.competencies.iter().enumerate() {
        for (k, score) in comp.interviewer_scores.iter().enumerate() {
            if let Some(ts) = &score.rated_at {
                let d = timestamp_day(&ts.0, || {
                    format!("archive.documents[{doc}].competencies[{c}].interviewer_scores[{k}].rated_at")
                })?;
                latest = latest.max(Some(d));
            }
        }
    }
    Ok(latest)
}

fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

fn num(v: Option<f64>) -> Value {
    v.filter(|x| x.is_finite()).map_or(Value::Null, Value::from)
}

/// Interview features of the cards known at the decision date.
fn interview_features(
    cards: &[&Card],
    known: impl Fn(&Card) -> bool,
    row: &mut Map<String, Value>,
) -> BTreeSet<String> {
    let mut overall = Vec::new();
    let mut per: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut n = 0u64;
    for card in cards.iter().filter(|c| known(c)) {
        n += 1;
        let s = card.card;
        let (lo, hi) = (s.scale.min, s.scale.max);
        if hi <= lo {
            continue;
        }
        let norm = |x: f64| (x - lo) / (hi - lo);
        if let Some(o) = s.overall {
            overall.push(norm(o));
        }
        for comp in &s.competencies {
            let interviewer: Vec<f64> = comp.interviewer_scores.iter().map(|x| x.score).collect();
            if let Some(v) = comp
                .fused_score
                .or(comp.ai_score)
                .or_else(|| mean(&interviewer))
            {
                per.entry(comp.competency.clone())
                    .or_default()
                    .push(norm(v));
            }
        }
    }
    row.insert("interview_n_scorecards".into(), json!(n));
    row.insert("interview_overall".into(), num(mean(&overall)));
    let mut names = BTreeSet::new();
    for (comp, values) in per {
        let name = format!("{COMPETENCY_PREFIX}{comp}");
        row.insert(name.clone(), num(mean(&values)));
        names.insert(name);
    }
    names
}

fn degree_level(d: crate::schema::DegreeLevel) -> u8 {
    use crate::schema::DegreeLevel as L;
    match d {
        L::Secondary => 1,
        L::Associate => 2,
        L::Bachelor => 3,
        L::Master => 4,
        L::Doctorate => 5,
    }
}

fn resume_features(
    doc: usize,
    r: Option<&Resume>,
    at: Day,
    row: &mut Map<String, Value>,
) -> Result<()> {
    let Some(r) = r else {
        for name in [
            "resume_degree_level",
            "resume_experience_years",
            "resume_n_skills",
            "resume_n_certifications",
            "resume_n_languages",
        ] {
            row.insert(name.into(), Value::Null);
        }
        return Ok(());
    };
    let base = format!("archive.documents[{doc}]");
    let mut level: Option<u8> = None;
    for (k, e) in r.education.iter().enumerate() {
        let end = opt_day(e.end_date.as_ref(), || {
            format!("{base}.education[{k}].end_date")
        })?;
        if let Some(d) = e.degree {
            if end.is_none_or(|end| end <= at) {
                level = level.max(Some(degree_level(d)));
            }
        }
    }
    // Experience: merged [start, min(end, D)) intervals, in completed months.
    let mut spans: Vec<(Day, Day)> = Vec::new();
    for (k, e) in r.experience.iter().enumerate() {
        let start = opt_day(e.start_date.as_ref(), || {
            format!("{base}.experience[{k}].start_date")
        })?;
        let end = opt_day(e.end_date.as_ref(), || {
            format!("{base}.experience[{k}].end_date")
        })?;
        if let Some(start) = start.filter(|s| *s < at) {
            let end = end.map_or(at, |e| e.min(at));
            if end > start {
                spans.push((start, end));
            }
        }
    }
    spans.sort();
    let mut months = 0i64;
    let mut current: Option<(Day, Day)> = None;
    for (s, e) in spans {
        current = match current {
            Some((cs, ce)) if s <= ce => Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                months += cs.months_until(ce).max(0);
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((cs, ce)) = current {
        months += cs.months_until(ce).max(0);
    }
    let mut certs = 0u64;
    for (k, c) in r.certifications.iter().enumerate() {
        let date = opt_day(c.date.as_ref(), || {
            format!("{base}.certifications[{k}].date")
        })?;
        if date.is_none_or(|d| d <= at) {
            certs += 1;
        }
    }
    row.insert(
        "resume_degree_level".into(),
        level.map_or(Value::Null, Value::from),
    );
    row.insert(
        "resume_experience_years".into(),
        json!(months as f64 / 12.0),
    );
    row.insert("resume_n_skills".into(), json!(r.skills.len()));
    row.insert("resume_n_certifications".into(), json!(certs));
    row.insert("resume_n_languages".into(), json!(r.languages.len()));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

/// An employee left out of the table, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The employee.
    pub employee_id: String,
    /// Why (a fixed phrase, also counted in [`ArchiveReport::skipped_by_reason`]).
    pub reason: String,
}

/// What the archive builder did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArchiveReport {
    /// Employee records read.
    pub employees: u64,
    /// Rows in the table.
    pub rows: u64,
    /// Rows left out, in document order.
    pub skipped: Vec<Skipped>,
    /// Number of skipped rows per reason.
    pub skipped_by_reason: BTreeMap<String, u64>,
    /// Documents of other kinds (candidate, interview, job_profile, profile), not used.
    pub ignored_documents: BTreeMap<String, u64>,
    /// Scorecard ids listed by an employee but not among the documents.
    pub unresolved_scorecard_ids: Vec<String>,
    /// The decision rule: `"hire_date"` or `{"date": ..}`.
    pub decision: Value,
    /// The date outcome windows must have ended by (`null` when there is no dated event).
    pub as_of: Option<String>,
    /// The label definition, when one was given and computed.
    pub label: Option<LabelSpec>,
    /// The feature columns, in table order.
    pub features: Vec<String>,
}

impl ArchiveReport {
    /// The report as JSON.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The label definition stored in a model (`label.definition`), when there is a label.
    pub fn definition(&self) -> Option<Value> {
        let label = self.label.as_ref()?;
        let mut def = match serde_json::to_value(&label.kind) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        def.insert("source".into(), json!("archive"));
        def.insert("decision".into(), self.decision.clone());
        def.insert("as_of".into(), json!(self.as_of));
        def.insert("text".into(), json!(describe(&label.kind)));
        Some(Value::Object(def))
    }

    /// One line for a model's warnings.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "archive: {} employee record(s), {} row(s), {} skipped",
            self.employees,
            self.rows,
            self.skipped.len()
        );
        if !self.skipped_by_reason.is_empty() {
            let parts: Vec<String> = self
                .skipped_by_reason
                .iter()
                .map(|(r, n)| format!("{r}: {n}"))
                .collect();
            line.push_str(&format!(" ({})", parts.join("; ")));
        }
        line
    }
}

fn skip(report: &mut ArchiveReport, id: &str, reason: &str) {
    report.skipped.push(Skipped {
        employee_id: id.to_string(),
        reason: reason.to_string(),
    });
    *report
        .skipped_by_reason
        .entry(reason.to_string())
        .or_insert(0) += 1;
}

fn describe(kind: &LabelKind) -> String {
    match kind {
        LabelKind::PromotedWithinMonths { months } => {
            format!("promoted within {months} months after the decision date")
        }
        LabelKind::TopPerformanceShare { share, months } => format!(
            "first performance review at least {months} months after the decision date in the top {}% of the cohort",
            share * 100.0
        ),
        LabelKind::RetainedMonths { months } => {
            format!("still employed {months} months after the decision date")
        }
    }
}

const SKIP_NO_DATE: &str = "no hire date or position to take the decision date from";
const SKIP_HIRED_LATER: &str = "hired after the decision date";
const SKIP_LEFT: &str = "left before the decision date";
const SKIP_WINDOW: &str = "outcome window not over at as_of";
const SKIP_NO_REVIEW: &str = "no dated review at or after the end of the window";
const SKIP_NO_POSITIONS: &str = "no positions to tell retention from";

/// Builds the table of an `"archive"` request object (see the module docs): one row per
/// employee record (`employee_id`, the features, the label column when a label is given).
pub fn archive_table(archive: &Value) -> Result<(Vec<Map<String, Value>>, ArchiveReport)> {
    build(archive, true)
}

/// Like [`archive_table`]; without `with_label` the label is checked but not computed and no
/// row is skipped for its outcome window (for predictions).
pub(crate) fn build(
    archive: &Value,
    with_label: bool,
) -> Result<(Vec<Map<String, Value>>, ArchiveReport)> {
    let Value::Object(map) = archive else {
        return Err(bad(
            "archive",
            "an object {\"documents\", \"decision\"?, \"label\"?, \"as_of\"?}",
        ));
    };
    for key in map.keys() {
        if !ARCHIVE_KEYS.contains(&key.as_str()) {
            return Err(bad(
                format!("archive.{key}"),
                format!("one of the keys {}", ARCHIVE_KEYS.join(", ")),
            ));
        }
    }
    let decision = parse_decision(map.get("decision"))?;
    let label = match map.get("label") {
        None | Some(Value::Null) => None,
        Some(v) => Some(parse_label(v)?),
    };
    let given_as_of = match map.get("as_of") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_str().and_then(Day::parse).ok_or_else(|| {
            bad(
                "archive.as_of",
                "a calendar date YYYY, YYYY-MM or YYYY-MM-DD",
            )
        })?),
    };
    let docs = read_documents(map.get("documents"))?;
    let label = if with_label { label } else { None };

    // Indexes.
    let mut cards: Vec<Card> = Vec::with_capacity(docs.scorecards.len());
    for (doc, s) in &docs.scorecards {
        cards.push(Card {
            card: s,
            date: card_date(*doc, s)?,
        });
    }
    let mut card_by_id: HashMap<&str, usize> = HashMap::new();
    let mut cards_by_candidate: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, c) in cards.iter().enumerate() {
        card_by_id.entry(c.card.id.as_str()).or_insert(k);
        if let Some(cid) = &c.card.candidate_id {
            cards_by_candidate.entry(cid.as_str()).or_default().push(k);
        }
    }
    let mut resume_by_candidate: HashMap<&str, (usize, &Resume)> = HashMap::new();
    for (doc, r) in &docs.resumes {
        if let Some(cid) = &r.candidate_id {
            // The last resume in document order wins.
            resume_by_candidate.insert(cid.as_str(), (*doc, r));
        }
    }

    let mut parsed = Vec::with_capacity(docs.employees.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (doc, r) in &docs.employees {
        if seen.insert(r.employee_id.as_str(), *doc).is_some() {
            return Err(bad(
                format!("archive.documents[{doc}].employee_id"),
                format!("a unique employee id (`{}` appears twice)", r.employee_id),
            ));
        }
        parsed.push((*doc, r, events(*doc, r)?));
    }
    let as_of = given_as_of.or_else(|| parsed.iter().filter_map(|p| p.2.latest()).max());

    let mut report = ArchiveReport {
        employees: parsed.len() as u64,
        rows: 0,
        skipped: Vec::new(),
        skipped_by_reason: BTreeMap::new(),
        ignored_documents: docs.ignored.clone(),
        unresolved_scorecard_ids: Vec::new(),
        decision: decision.to_value(),
        as_of: as_of.map(|d| d.to_string()),
        label: label.clone(),
        features: Vec::new(),
    };

    let mut rows: Vec<Map<String, Value>> = Vec::new();
    let mut outcome_scores: Vec<Option<f64>> = Vec::new();
    let mut competencies: BTreeSet<String> = BTreeSet::new();
    for (_, r, ev) in &parsed {
        let id = r.employee_id.as_str();
        let start = ev.start();
        let at = match decision {
            Decision::HireDate => match start {
                Some(d) => d,
                None => {
                    skip(&mut report, id, SKIP_NO_DATE);
                    continue;
                }
            },
            Decision::Date(d) => {
                if start.is_some_and(|s| s > d) {
                    skip(&mut report, id, SKIP_HIRED_LATER);
                    continue;
                }
                if !ev.positions.is_empty()
                    && ev.positions.iter().all(|p| p.end.is_some_and(|e| e < d))
                {
                    skip(&mut report, id, SKIP_LEFT);
                    continue;
                }
                d
            }
        };

        // The label first: rows without one are skipped before any feature work.
        let mut label_value: Option<u8> = None;
        let mut outcome: Option<f64> = None;
        if let Some(spec) = &label {
            let end = at.add_months(spec.kind.months());
            if as_of.is_none_or(|a| end > a) {
                skip(&mut report, id, SKIP_WINDOW);
                continue;
            }
            match spec.kind {
                LabelKind::PromotedWithinMonths { .. } => {
                    label_value =
                        Some(u8::from(ev.promotions.iter().any(|p| *p > at && *p <= end)));
                }
                LabelKind::RetainedMonths { .. } => {
                    if ev.positions.is_empty() {
                        skip(&mut report, id, SKIP_NO_POSITIONS);
                        continue;
                    }
                    label_value = Some(u8::from(
                        ev.positions
                            .iter()
                            .any(|p| p.start <= end && p.end.is_none_or(|e| e > end)),
                    ));
                }
                LabelKind::TopPerformanceShare { .. } => {
                    // The earliest review on or after the window's end (list order breaks ties).
                    let mut best: Option<(Day, f64)> = None;
                    for &(d, v) in &ev.reviews {
                        if d >= end && best.is_none_or(|(bd, _)| d < bd) {
                            best = Some((d, v));
                        }
                    }
                    match best {
                        Some((_, v)) => outcome = Some(v),
                        None => {
                            skip(&mut report, id, SKIP_NO_REVIEW);
                            continue;
                        }
                    }
                }
            }
        }

        let mut row = Map::new();
        row.insert(ID_COLUMN.into(), json!(id));
        row.insert(
            "tenure_months".into(),
            num(ev.hire.or(start).map(|h| h.months_until(at).max(0) as f64)),
        );
        let trainings: Vec<&(Day, f64)> = ev.trainings.iter().filter(|t| t.0 <= at).collect();
        row.insert("n_trainings".into(), json!(trainings.len()));
        row.insert(
            "training_hours".into(),
            num(Some(trainings.iter().map(|t| t.1).sum())),
        );
        let reviews: Vec<&(Day, f64)> = ev.reviews.iter().filter(|r| r.0 <= at).collect();
        let ratings: Vec<f64> = reviews.iter().map(|r| r.1).collect();
        let mut last: Option<(Day, f64)> = None;
        for &&(d, v) in &reviews {
            if last.is_none_or(|(ld, _)| d >= ld) {
                last = Some((d, v));
            }
        }
        row.insert("n_reviews".into(), json!(reviews.len()));
        row.insert("perf_mean".into(), num(mean(&ratings)));
        row.insert("perf_last".into(), num(last.map(|l| l.1)));
        let promotions: Vec<Day> = ev.promotions.iter().copied().filter(|p| *p <= at).collect();
        row.insert("n_promotions".into(), json!(promotions.len()));
        row.insert(
            "months_since_promotion".into(),
            num(promotions
                .iter()
                .max()
                .map(|p| p.months_until(at).max(0) as f64)),
        );
        // The position held at D: the latest start on or before D that had not ended before D.
        let mut held: Option<&Pos> = None;
        for p in &ev.positions {
            if p.start <= at
                && p.end.is_none_or(|e| e >= at)
                && held.is_none_or(|h| p.start >= h.start)
            {
                held = Some(p);
            }
        }
        let text = |s: Option<&String>| s.map_or(Value::Null, |s| json!(s));
        row.insert("grade".into(), text(held.and_then(|p| p.grade.as_ref())));
        row.insert(
            "department".into(),
            text(held.and_then(|p| p.department.as_ref())),
        );

        // Linked scorecards: listed ids, then the same candidate id; document order.
        let mut linked: BTreeSet<usize> = BTreeSet::new();
        for sid in &r.scorecard_ids {
            match card_by_id.get(sid.as_str()) {
                Some(&k) => {
                    linked.insert(k);
                }
                None => report.unresolved_scorecard_ids.push(sid.clone()),
            }
        }
        if let Some(cid) = &r.candidate_id {
            if let Some(ks) = cards_by_candidate.get(cid.as_str()) {
                linked.extend(ks.iter().copied());
            }
        }
        let linked_cards: Vec<&Card> = linked.iter().filter_map(|&k| cards.get(k)).collect();
        let hire = ev.hire;
        let names = interview_features(
            &linked_cards,
            |c| match c.date {
                Some(d) => d <= at,
                None => hire.is_some_and(|h| h <= at),
            },
            &mut row,
        );
        competencies.extend(names);

        let resume = r
            .candidate_id
            .as_deref()
            .and_then(|cid| resume_by_candidate.get(cid).copied());
        resume_features(resume.map_or(0, |r| r.0), resume.map(|r| r.1), at, &mut row)?;

        if let (Some(spec), Some(v)) = (&label, label_value) {
            row.insert(spec.column.clone(), json!(v));
        }
        outcome_scores.push(outcome);
        rows.push(row);
    }

    // Top-performance labels need the whole cohort.
    if let Some(LabelSpec {
        kind: LabelKind::TopPerformanceShare { share, .. },
        column,
    }) = &label
    {
        let scores: Vec<f64> = outcome_scores.iter().flatten().copied().collect();
        let k = ((share * scores.len() as f64).ceil() as usize).max(1);
        for (row, score) in rows.iter_mut().zip(&outcome_scores) {
            if let Some(s) = score {
                let higher = scores.iter().filter(|&&o| o > *s).count();
                row.insert(column.clone(), json!(u8::from(higher < k)));
            }
        }
    }

    // Every row gets every column, in a fixed order.
    let mut columns: Vec<String> = FEATURES.iter().map(|s| s.to_string()).collect();
    columns.extend(competencies);
    let mut ordered = Vec::with_capacity(rows.len());
    for row in rows {
        let mut out = Map::new();
        out.insert(
            ID_COLUMN.into(),
            row.get(ID_COLUMN).cloned().unwrap_or(Value::Null),
        );
        for c in &columns {
            out.insert(c.clone(), row.get(c).cloned().unwrap_or(Value::Null));
        }
        if let Some(spec) = &label {
            out.insert(
                spec.column.clone(),
                row.get(&spec.column).cloned().unwrap_or(Value::Null),
            );
        }
        ordered.push(out);
    }
    report.rows = ordered.len() as u64;
    report.features = columns;
    Ok((ordered, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_add_and_count_months() {
        let d = Day::parse("2024-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2024-02-29");
        assert_eq!(d.add_months(13).to_string(), "2025-02-28");
        assert_eq!(Day::parse("2024").unwrap().to_string(), "2024-01-01");
        assert_eq!(Day::parse("2024-03").unwrap().to_string(), "2024-03-01");
        assert!(Day::parse("2023-02-29").is_none());
        assert!(Day::parse("2024-13").is_none());
        assert!(Day::parse("24-01-01").is_none());
        assert!(Day::parse("2024-1-01").is_none());
        let a = Day::parse("2023-01-15").unwrap();
        assert_eq!(a.months_until(Day::parse("2024-01-14").unwrap()), 11);
        assert_eq!(a.months_until(Day::parse("2024-01-15").unwrap()), 12);
        assert_eq!(
            timestamp_day("2024-03-15T09:30:00+08:00", String::new).unwrap(),
            Day::parse("2024-03-15").unwrap()
        );
        assert!(timestamp_day("2024-03-1", String::new).is_err());
    }

    #[test]
    fn pointers_become_paths() {
        assert_eq!(
            crate::schema::pointer_path("/positions/0/start_date"),
            ".positions[0].start_date"
        );
        assert_eq!(crate::schema::pointer_path(""), "");
    }

    #[test]
    fn default_label_columns() {
        let spec = parse_label(&json!({"kind": "top_performance_share"})).unwrap();
        assert_eq!(spec.column, "top_20pct_performance_6m");
        let spec = parse_label(&json!({"kind": "retained_months", "months": 24})).unwrap();
        assert_eq!(spec.column, "retained_24m");
        let e = parse_label(&json!({"kind": "retained_months", "share": 0.3})).unwrap_err();
        assert!(e.to_string().contains("archive.label.share"), "{e}");
    }
}
