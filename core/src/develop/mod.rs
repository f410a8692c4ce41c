//! Development suggestions (培养建议) and success profiles (高绩效画像 / competency model mining),
//! issue #9 items 4 and 5.
//!
//! Owns: turning gaps (a matching result's gaps, a gap list, or a scorecard against bars) into
//! ranked courses from a catalogue with an estimated time to proficiency taken from the
//! organisation's own training and assessment history ([`develop_value`]); and the features
//! whose prevalence among top performers differs from everyone else's ([`success_profile_value`],
//! in [`success`]). Must not touch: how gaps or scores are made (matching, interview scoring),
//! the archive schema, or any decision about a person: suggestions and associations only.
//!
//! # Request (`develop_value`)
//! ```json
//! {"gaps": [{"kind": "skill", "id": "sql"}, {"kind": "competency", "id": "communication",
//!            "current": 2.5, "target": 4}],
//!  "catalog": [{"course_id": "c1", "title": {"en": "SQL basics", "zh": "SQL 入门"},
//!               "skills": ["sql"], "hours": 8, "level": "beginner", "format": "online"}],
//!  "history": {"employees": [<employee_record>...],
//!              "assessments": [{"employee_id": "e1", "skill": "sql", "score": 4,
//!                               "at": "2025-05-01"}]},
//!  "bars": {"sql": 3}, "defaults": {"min_n": 3}, "limit": 3}
//! ```
//! Instead of `gaps`: `"scorecard": <scorecard>` or `"profile": <profile>` with `bars`; every
//! competency scored below its bar is a gap. See `docs/development.md` for the response.
//!
//! ```
//! use serde_json::json;
//! use interviewkit_core::develop::develop_value;
//!
//! let out = develop_value(&json!({
//!     "gaps": [{"kind": "skill", "id": "sql"}],
//!     "catalog": [{"course_id": "c1", "title": "SQL basics", "skills": ["sql"], "hours": 8}],
//! })).unwrap();
//! let course = &out["gaps"][0]["courses"][0];
//! assert_eq!(course["course_id"], "c1");
//! // No history: the default estimate, 14 + 1 × 8 hours + 30 × 1 level = 52 days.
//! assert_eq!(course["time_to_proficiency"]["source"], "default");
//! assert_eq!(course["time_to_proficiency"]["days"], 52.0);
//! ```

pub mod success;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;
use time::Date;

use crate::analytics::util::{
    array, check_keys, date_or_timestamp, get, idx, invalid, num_text, number, object, opt_f64,
    opt_str, opt_u64, partial_date, ptr, req_str, round, str_list, to_value, Bilingual,
};
use crate::audit::stats::quantile_sorted;
use crate::error::{Error, Result};
use crate::schema::types::{EmployeeRecord, Profile, ScoreScale, Scorecard};

pub use success::{success_profile, success_profile_value, SuccessRequest};

/// Default: fewest employees with evidence before history replaces the default estimate.
pub const DEFAULT_MIN_N: u64 = 3;
/// Default estimate: days for any course.
pub const DEFAULT_BASE_DAYS: f64 = 14.0;
/// Default estimate: days per course hour.
pub const DEFAULT_DAYS_PER_HOUR: f64 = 1.0;
/// Default estimate: days per scale level of the gap (one level when the gap size is unknown).
pub const DEFAULT_DAYS_PER_LEVEL: f64 = 30.0;
/// Default number of courses per gap.
pub const DEFAULT_LIMIT: u64 = 3;
/// Most catalogue courses.
pub const MAX_COURSES: usize = 100_000;
/// Most gaps.
pub const MAX_GAPS: usize = 1_000;
/// Most assessments plus employee records in `history`.
pub const MAX_HISTORY: usize = 1_000_000;

/// Weights of the ranking score: coverage, level fit, evidence.
const WEIGHTS: (f64, f64, f64) = (0.5, 0.25, 0.25);

/// What a gap is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GapKind {
    /// A skill (taxonomy id or name).
    Skill,
    /// A competency (scorecard id).
    Competency,
}

/// A gap to close.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Skill or competency.
    pub kind: GapKind,
    /// Its id.
    pub id: String,
    /// Current level, when known.
    pub current: Option<f64>,
    /// Target level, when known.
    pub target: Option<f64>,
}

/// Course difficulty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CourseLevel {
    /// 入门.
    Beginner,
    /// 中级.
    Intermediate,
    /// 高级.
    Advanced,
}

impl CourseLevel {
    fn rank(self) -> i32 {
        match self {
            CourseLevel::Beginner => 1,
            CourseLevel::Intermediate => 2,
            CourseLevel::Advanced => 3,
        }
    }
    fn words(self) -> (&'static str, &'static str) {
        match self {
            CourseLevel::Beginner => ("beginner", "入门"),
            CourseLevel::Intermediate => ("intermediate", "中级"),
            CourseLevel::Advanced => ("advanced", "高级"),
        }
    }
}

/// A catalogue course.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Course {
    /// Its id.
    pub course_id: String,
    /// Title in both languages.
    pub title: Bilingual,
    /// Skills it teaches.
    pub skills: Vec<String>,
    /// Competencies it builds.
    pub competencies: Vec<String>,
    /// Hours.
    pub hours: Option<f64>,
    /// Difficulty.
    pub level: Option<CourseLevel>,
    /// Format as given (`online`, `workshop` …).
    pub format: Option<String>,
}

/// One completed training in the history.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// Who.
    pub employee_id: String,
    /// Which course.
    pub course_id: String,
    /// When.
    pub date: Date,
}

/// One assessment in the history.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Who.
    pub employee_id: String,
    /// Skill or competency assessed.
    pub kind: GapKind,
    /// Its id.
    pub id: String,
    /// The score.
    pub score: f64,
    /// When.
    pub date: Date,
}

/// The default estimate's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Defaults {
    /// Fewest employees who reached the bar before history is used.
    pub min_n: u64,
    /// Days for any course.
    pub base_days: f64,
    /// Days per course hour.
    pub days_per_hour: f64,
    /// Days per level of the gap.
    pub days_per_level: f64,
    /// The scale of `current` / `target` in gap lists (scorecards bring their own).
    pub scale: [f64; 2],
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            min_n: DEFAULT_MIN_N,
            base_days: DEFAULT_BASE_DAYS,
            days_per_hour: DEFAULT_DAYS_PER_HOUR,
            days_per_level: DEFAULT_DAYS_PER_LEVEL,
            scale: [1.0, 5.0],
        }
    }
}

/// A development request, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct DevelopRequest {
    /// Gaps, each with the scale its levels are on.
    pub gaps: Vec<(Gap, [f64; 2])>,
    /// The catalogue.
    pub catalog: Vec<Course>,
    /// Completed trainings.
    pub completions: Vec<Completion>,
    /// Assessments.
    pub assessments: Vec<Assessment>,
    /// Bars by id (lower-cased).
    pub bars: BTreeMap<String, f64>,
    /// Default-estimate parameters.
    pub defaults: Defaults,
    /// Courses per gap.
    pub limit: usize,
    /// Things noticed while reading.
    pub warnings: Vec<Bilingual>,
}

/// Evidence of effect from the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceOfEffect {
    /// Employees who took the course and were assessed on the gap afterwards.
    pub n: u64,
    /// Of them, those who reached the bar.
    pub reached: u64,
    /// Of them, those who did not (yet).
    pub not_reached: u64,
    /// Employees left out because they were at the bar before the course.
    pub already_proficient: u64,
    /// `(reached + 1) / (n + 2)`: 0.5 without evidence.
    pub rate: f64,
}

/// Estimated time to proficiency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToProficiency {
    /// Days.
    pub days: f64,
    /// 25th percentile (history only).
    pub p25: Option<f64>,
    /// 75th percentile (history only).
    pub p75: Option<f64>,
    /// Employees whose time was measured.
    pub n: u64,
    /// `history` or `default`.
    pub source: String,
    /// How it was computed.
    pub basis: Bilingual,
}

/// A suggested course.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Course id.
    pub course_id: String,
    /// Title.
    pub title: Bilingual,
    /// 1 for the best.
    pub rank: u64,
    /// `0.5 × coverage + 0.25 × level_fit + 0.25 × evidence.rate`.
    pub score: f64,
    /// Share of the person's gaps this course covers.
    pub coverage: f64,
    /// 1 same band, 0.5 one band off or unknown, 0 two bands off.
    pub level_fit: f64,
    /// Evidence from the history.
    pub evidence: EvidenceOfEffect,
    /// The person's other gaps this course covers.
    pub also_covers: Vec<String>,
    /// Hours.
    pub hours: Option<f64>,
    /// Difficulty.
    pub level: Option<CourseLevel>,
    /// Format.
    pub format: Option<String>,
    /// Estimated time to proficiency.
    pub time_to_proficiency: TimeToProficiency,
    /// Why, in both languages.
    pub reasons: Vec<Bilingual>,
}

/// One gap and its courses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapSuggestions {
    /// Skill or competency.
    pub kind: GapKind,
    /// Its id.
    pub id: String,
    /// Current level.
    pub current: Option<f64>,
    /// Target level.
    pub target: Option<f64>,
    /// The bar used for evidence (the target, else `bars`).
    pub bar: Option<f64>,
    /// Ranked courses.
    pub courses: Vec<Suggestion>,
    /// Set when no course covers the gap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Bilingual>,
}

/// The development report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DevelopReport {
    /// Per gap, in input order.
    pub gaps: Vec<GapSuggestions>,
    /// Parameters used.
    pub defaults: Defaults,
    /// Things noticed.
    pub warnings: Vec<Bilingual>,
    /// How to read the numbers.
    pub notes: Vec<Bilingual>,
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

const REQUEST_KEYS: &[&str] = &[
    "gaps",
    "profile",
    "scorecard",
    "bars",
    "catalog",
    "history",
    "defaults",
    "limit",
];
const GAP_KEYS: &[&str] = &[
    "kind",
    "id",
    "item",
    "name",
    "current",
    "target",
    "required",
    "expected",
    "actual",
    "shortfall",
    "en",
    "zh",
];
const COURSE_KEYS: &[&str] = &[
    "course_id",
    "title",
    "skills",
    "competencies",
    "hours",
    "level",
    "format",
];

fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

fn parse_bars(v: &Value) -> Result<BTreeMap<String, f64>> {
    let obj = object(v, "/bars")?;
    let mut bars = BTreeMap::new();
    for (k, x) in obj {
        bars.insert(key(k), number(x, &ptr("/bars", k))?);
    }
    Ok(bars)
}

fn parse_defaults(v: Option<&Value>) -> Result<Defaults> {
    let mut d = Defaults::default();
    let Some(v) = v else { return Ok(d) };
    let obj = object(v, "/defaults")?;
    check_keys(
        obj,
        &[
            "min_n",
            "base_days",
            "days_per_hour",
            "days_per_level",
            "scale",
        ],
        "/defaults",
    )?;
    if let Some(n) = opt_u64(obj, "min_n", "/defaults", 1, 1_000_000)? {
        d.min_n = n;
    }
    let days = |k: &str| {
        opt_f64(
            obj,
            k,
            "/defaults",
            |x| (0.0..=3650.0).contains(&x),
            "a number of days from 0 to 3650",
        )
    };
    if let Some(x) = days("base_days")? {
        d.base_days = x;
    }
    if let Some(x) = days("days_per_hour")? {
        d.days_per_hour = x;
    }
    if let Some(x) = days("days_per_level")? {
        d.days_per_level = x;
    }
    if let Some(s) = get(obj, "scale") {
        d.scale = parse_scale(s, "/defaults/scale")?;
    }
    Ok(d)
}

fn parse_scale(v: &Value, path: &str) -> Result<[f64; 2]> {
    let obj = object(v, path)?;
    check_keys(obj, &["min", "max"], path)?;
    let min = number(get(obj, "min").unwrap_or(&Value::Null), &ptr(path, "min"))?;
    let max = number(get(obj, "max").unwrap_or(&Value::Null), &ptr(path, "max"))?;
    if max <= min {
        return Err(invalid(&ptr(path, "max"), "a number above `min`"));
    }
    Ok([min, max])
}

fn parse_gap(v: &Value, path: &str, warnings: &mut Vec<Bilingual>) -> Result<Option<Gap>> {
    let obj = object(v, path)?;
    check_keys(obj, GAP_KEYS, path)?;
    let kind_text = req_str(obj, "kind", path)?;
    let kind = match kind_text {
        "skill" => GapKind::Skill,
        "competency" => GapKind::Competency,
        other => {
            warnings.push(Bilingual::new(
                format!("{path}: gaps of kind {other:?} are left out; courses cover skills and competencies only."),
                format!("{path}：类型为 {other:?} 的差距已跳过；课程只覆盖技能与胜任力。"),
            ));
            return Ok(None);
        }
    };
    let id = match (opt_str(obj, "id", path)?, opt_str(obj, "item", path)?) {
        (Some(id), _) | (None, Some(id)) => id.trim().to_string(),
        (None, None) => {
            return Err(invalid(
                &ptr(path, "id"),
                "the skill or competency id (`id`, or `item` as in a matching result)",
            ))
        }
    };
    let level = |k: &str| opt_f64(obj, k, path, |_| true, "a finite number");
    let current = level("current")?;
    let target = level("target")?;
    Ok(Some(Gap {
        kind,
        id,
        current,
        target,
    }))
}

fn competency_score(c: &crate::schema::types::CompetencyScore) -> Option<f64> {
    if let Some(f) = c.fused_score.filter(|x| x.is_finite()) {
        return Some(f);
    }
    let scores: Vec<f64> = c
        .interviewer_scores
        .iter()
        .map(|s| s.score)
        .filter(|x| x.is_finite())
        .collect();
    if !scores.is_empty() {
        return Some(scores.iter().sum::<f64>() / scores.len() as f64);
    }
    c.ai_score.filter(|x| x.is_finite())
}

fn gaps_from_scorecards(
    cards: &[Scorecard],
    bars: &BTreeMap<String, f64>,
    path: &str,
) -> Result<Vec<(Gap, [f64; 2])>> {
    if bars.is_empty() {
        return Err(invalid(
            "/bars",
            format!("a bar per competency ({{\"communication\": 4}}) to find gaps in {path}"),
        ));
    }
    // The latest-listed scorecard that scores a competency wins.
    let mut latest: BTreeMap<String, (String, f64, [f64; 2])> = BTreeMap::new();
    for card in cards {
        let scale = [card.scale.min, card.scale.max];
        for c in &card.competencies {
            if let Some(s) = competency_score(c) {
                latest.insert(
                    key(&c.competency),
                    (c.competency.trim().to_string(), s, scale),
                );
            }
        }
    }
    let mut gaps = Vec::new();
    for (k, (id, score, scale)) in latest {
        if let Some(&bar) = bars.get(&k) {
            if score < bar {
                gaps.push((
                    Gap {
                        kind: GapKind::Competency,
                        id,
                        current: Some(score),
                        target: Some(bar),
                    },
                    scale,
                ));
            }
        }
    }
    Ok(gaps)
}

fn typed<T: serde::de::DeserializeOwned>(v: &Value, path: &str, what: &str) -> Result<T> {
    serde_json::from_value(v.clone()).map_err(|e| invalid(path, format!("{what} ({e})")))
}

fn parse_title(v: Option<&Value>, path: &str) -> Result<Bilingual> {
    match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Bilingual::new(s.trim(), s.trim())),
        Some(Value::Object(o)) => {
            check_keys(o, &["en", "zh"], path)?;
            let en = opt_str(o, "en", path)?;
            let zh = opt_str(o, "zh", path)?;
            match (en, zh) {
                (None, None) => Err(invalid(path, "a title: a string or {\"en\", \"zh\"}")),
                (en, zh) => {
                    let en = en.or(zh).unwrap_or_default().trim();
                    let zh = zh.map(str::trim).unwrap_or(en);
                    Ok(Bilingual::new(en, zh))
                }
            }
        }
        _ => Err(invalid(path, "a title: a string or {\"en\", \"zh\"}")),
    }
}

fn parse_level(v: Option<&Value>, path: &str) -> Result<Option<CourseLevel>> {
    let expected = "beginner, intermediate or advanced (入门, 中级, 高级), or 1, 2, 3";
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => match s.trim().to_lowercase().as_str() {
            "beginner" | "basic" | "入门" | "初级" => Ok(Some(CourseLevel::Beginner)),
            "intermediate" | "中级" => Ok(Some(CourseLevel::Intermediate)),
            "advanced" | "高级" => Ok(Some(CourseLevel::Advanced)),
            _ => Err(invalid(path, expected)),
        },
        Some(Value::Number(n)) => match n.as_u64() {
            Some(1) => Ok(Some(CourseLevel::Beginner)),
            Some(2) => Ok(Some(CourseLevel::Intermediate)),
            Some(3) => Ok(Some(CourseLevel::Advanced)),
            _ => Err(invalid(path, expected)),
        },
        Some(_) => Err(invalid(path, expected)),
    }
}

fn parse_course(v: &Value, path: &str) -> Result<Course> {
    let obj = object(v, path)?;
    check_keys(obj, COURSE_KEYS, path)?;
    let course_id = req_str(obj, "course_id", path)?.trim().to_string();
    let title = parse_title(get(obj, "title"), &ptr(path, "title"))?;
    let list = |k: &str| match get(obj, k) {
        None => Ok(Vec::new()),
        Some(v) => str_list(v, &ptr(path, k)),
    };
    let skills = list("skills")?;
    let competencies = list("competencies")?;
    let hours = opt_f64(
        obj,
        "hours",
        path,
        |x| (0.0..=100_000.0).contains(&x),
        "a number of hours from 0 to 100000",
    )?;
    let level = parse_level(get(obj, "level"), &ptr(path, "level"))?;
    let format = opt_str(obj, "format", path)?.map(|s| s.trim().to_string());
    Ok(Course {
        course_id,
        title,
        skills,
        competencies,
        hours,
        level,
        format,
    })
}

fn parse_history(
    v: &Value,
    completions: &mut Vec<Completion>,
    assessments: &mut Vec<Assessment>,
) -> Result<()> {
    let obj = object(v, "/history")?;
    check_keys(obj, &["employees", "assessments"], "/history")?;
    let employees = match get(obj, "employees") {
        Some(v) => array(v, "/history/employees")?.as_slice(),
        None => &[],
    };
    let items = match get(obj, "assessments") {
        Some(v) => array(v, "/history/assessments")?.as_slice(),
        None => &[],
    };
    let total = employees.len().saturating_add(items.len());
    if total > MAX_HISTORY {
        return Err(Error::LimitExceeded {
            what: "history entries (employees + assessments)".into(),
            limit: MAX_HISTORY as u64,
            actual: total as u64,
        });
    }
    for (i, e) in employees.iter().enumerate() {
        let path = idx("/history/employees", i);
        let record: EmployeeRecord = typed(e, &path, "an employee_record document")?;
        for (j, t) in record.trainings.iter().enumerate() {
            let (Some(course), Some(done)) = (&t.course_id, &t.completed_at) else {
                continue;
            };
            let date = partial_date(&done.0).ok_or_else(|| {
                invalid(
                    &format!("{path}/trainings/{j}/completed_at"),
                    "a date: 2024, 2024-03 or 2024-03-15",
                )
            })?;
            completions.push(Completion {
                employee_id: record.employee_id.clone(),
                course_id: course.trim().to_string(),
                date,
            });
        }
    }
    for (i, a) in items.iter().enumerate() {
        let path = idx("/history/assessments", i);
        let o = object(a, &path)?;
        check_keys(
            o,
            &["employee_id", "competency", "skill", "score", "at"],
            &path,
        )?;
        let employee_id = req_str(o, "employee_id", &path)?.to_string();
        let (kind, id) = match (
            opt_str(o, "competency", &path)?,
            opt_str(o, "skill", &path)?,
        ) {
            (Some(c), None) => (GapKind::Competency, c),
            (None, Some(s)) => (GapKind::Skill, s),
            _ => {
                return Err(invalid(
                    &ptr(&path, "competency"),
                    "exactly one of `competency` or `skill`",
                ))
            }
        };
        let score = number(
            get(o, "score").unwrap_or(&Value::Null),
            &ptr(&path, "score"),
        )?;
        let date = date_or_timestamp(get(o, "at").unwrap_or(&Value::Null), &ptr(&path, "at"))?;
        assessments.push(Assessment {
            employee_id,
            kind,
            id: id.trim().to_string(),
            score,
            date,
        });
    }
    Ok(())
}

impl DevelopRequest {
    /// Reads a request (see the module docs); errors name the field (`/catalog/2/hours`).
    pub fn from_value(request: &Value) -> Result<DevelopRequest> {
        let obj = object(request, "")?;
        check_keys(obj, REQUEST_KEYS, "")?;
        let defaults = parse_defaults(get(obj, "defaults"))?;
        let bars = get(obj, "bars")
            .map(parse_bars)
            .transpose()?
            .unwrap_or_default();
        let limit = opt_u64(obj, "limit", "", 1, 100)?.unwrap_or(DEFAULT_LIMIT) as usize;
        let mut warnings = Vec::new();
        let sources: Vec<&str> = ["gaps", "scorecard", "profile"]
            .into_iter()
            .filter(|k| get(obj, k).is_some())
            .collect();
        let gaps =
            match (
                sources.as_slice(),
                get(obj, "gaps"),
                get(obj, "scorecard"),
                get(obj, "profile"),
            ) {
                (["gaps"], Some(v), _, _) => {
                    let items = array(v, "/gaps")?;
                    if items.len() > MAX_GAPS {
                        return Err(Error::LimitExceeded {
                            what: "gaps".into(),
                            limit: MAX_GAPS as u64,
                            actual: items.len() as u64,
                        });
                    }
                    let mut gaps = Vec::new();
                    for (i, g) in items.iter().enumerate() {
                        if let Some(g) = parse_gap(g, &idx("/gaps", i), &mut warnings)? {
                            gaps.push((g, defaults.scale));
                        }
                    }
                    gaps
                }
                (["scorecard"], _, Some(v), _) => {
                    let card: Scorecard = typed(v, "/scorecard", "a scorecard document")?;
                    check_scale(&card.scale, "/scorecard/scale")?;
                    gaps_from_scorecards(std::slice::from_ref(&card), &bars, "/scorecard")?
                }
                (["profile"], _, _, Some(v)) => {
                    let profile: Profile = typed(v, "/profile", "a profile document")?;
                    for (i, c) in profile.scorecards.iter().enumerate() {
                        check_scale(&c.scale, &format!("/profile/scorecards/{i}/scale"))?;
                    }
                    gaps_from_scorecards(&profile.scorecards, &bars, "/profile")?
                }
                _ => return Err(invalid(
                    "/gaps",
                    "exactly one of `gaps` (a gap list), `scorecard` or `profile` (with `bars`)",
                )),
            };
        // One entry per (kind, id).
        let mut seen = BTreeSet::new();
        let mut unique = Vec::new();
        for (g, s) in gaps {
            if seen.insert((g.kind, key(&g.id))) {
                unique.push((g, s));
            } else {
                warnings.push(Bilingual::new(
                    format!("Gap {} is listed more than once; the first is used.", g.id),
                    format!("差距 {} 重复出现，仅使用第一条。", g.id),
                ));
            }
        }
        let catalog_items = match get(obj, "catalog") {
            Some(v) => array(v, "/catalog")?.as_slice(),
            None => {
                return Err(invalid(
                    "/catalog",
                    "an array of courses (it may be empty; the field is missing)",
                ))
            }
        };
        if catalog_items.len() > MAX_COURSES {
            return Err(Error::LimitExceeded {
                what: "catalog courses".into(),
                limit: MAX_COURSES as u64,
                actual: catalog_items.len() as u64,
            });
        }
        let mut catalog = Vec::with_capacity(catalog_items.len());
        let mut ids = BTreeSet::new();
        for (i, c) in catalog_items.iter().enumerate() {
            let path = idx("/catalog", i);
            let course = parse_course(c, &path)?;
            if !ids.insert(course.course_id.clone()) {
                return Err(invalid(
                    &ptr(&path, "course_id"),
                    format!("a unique course id; {:?} is repeated", course.course_id),
                ));
            }
            catalog.push(course);
        }
        let mut completions = Vec::new();
        let mut assessments = Vec::new();
        if let Some(h) = get(obj, "history") {
            parse_history(h, &mut completions, &mut assessments)?;
        }
        Ok(DevelopRequest {
            gaps: unique,
            catalog,
            completions,
            assessments,
            bars,
            defaults,
            limit,
            warnings,
        })
    }
}

fn check_scale(s: &ScoreScale, path: &str) -> Result<()> {
    if !(s.min.is_finite() && s.max.is_finite() && s.max > s.min) {
        return Err(invalid(path, "a scale with finite min < max"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Ranking
// ---------------------------------------------------------------------------------------------

fn covers(course: &Course, gap: &Gap) -> bool {
    let k = key(&gap.id);
    course
        .skills
        .iter()
        .chain(&course.competencies)
        .any(|s| key(s) == k)
}

/// The course level a person at `current` needs.
fn desired_level(gap: &Gap, scale: [f64; 2]) -> CourseLevel {
    let [min, max] = scale;
    match gap.current {
        None => match gap.kind {
            GapKind::Skill => CourseLevel::Beginner,
            GapKind::Competency => CourseLevel::Intermediate,
        },
        Some(c) => {
            let r = (c - min) / (max - min);
            if r < 1.0 / 3.0 {
                CourseLevel::Beginner
            } else if r < 2.0 / 3.0 {
                CourseLevel::Intermediate
            } else {
                CourseLevel::Advanced
            }
        }
    }
}

struct Measured {
    evidence: EvidenceOfEffect,
    days: Vec<f64>,
}

/// The history, indexed once per request.
struct Index<'a> {
    /// Course id → employee → earliest completion.
    first_completion: BTreeMap<&'a str, BTreeMap<&'a str, Date>>,
    /// (employee, kind, lower-cased id) → assessments sorted by date (input order on ties).
    assessments: BTreeMap<(&'a str, GapKind, String), Vec<&'a Assessment>>,
}

impl<'a> Index<'a> {
    fn new(req: &'a DevelopRequest) -> Index<'a> {
        let mut first_completion: BTreeMap<&str, BTreeMap<&str, Date>> = BTreeMap::new();
        for c in &req.completions {
            first_completion
                .entry(c.course_id.as_str())
                .or_default()
                .entry(c.employee_id.as_str())
                .and_modify(|d| *d = (*d).min(c.date))
                .or_insert(c.date);
        }
        let mut assessments: BTreeMap<(&str, GapKind, String), Vec<&Assessment>> = BTreeMap::new();
        for a in &req.assessments {
            assessments
                .entry((a.employee_id.as_str(), a.kind, key(&a.id)))
                .or_default()
                .push(a);
        }
        for list in assessments.values_mut() {
            list.sort_by_key(|a| a.date);
        }
        Index {
            first_completion,
            assessments,
        }
    }
}

fn measure(course: &Course, gap: &Gap, bar: Option<f64>, index: &Index<'_>) -> Measured {
    let mut reached_days = Vec::new();
    let mut not_reached = 0u64;
    let mut already = 0u64;
    if let (Some(bar), Some(first)) = (bar, index.first_completion.get(course.course_id.as_str())) {
        let gap_key = key(&gap.id);
        for (&employee, &done) in first {
            let Some(mine) = index
                .assessments
                .get(&(employee, gap.kind, gap_key.clone()))
            else {
                continue;
            };
            if mine.iter().any(|a| a.date < done && a.score >= bar) {
                already += 1;
                continue;
            }
            let mut after = mine.iter().filter(|a| a.date >= done).peekable();
            if after.peek().is_none() {
                continue;
            }
            match after.find(|a| a.score >= bar) {
                Some(a) => reached_days.push((a.date - done).whole_days() as f64),
                None => not_reached += 1,
            }
        }
    }
    let reached = reached_days.len() as u64;
    let n = reached + not_reached;
    reached_days.sort_by(f64::total_cmp);
    Measured {
        evidence: EvidenceOfEffect {
            n,
            reached,
            not_reached,
            already_proficient: already,
            rate: round((reached as f64 + 1.0) / (n as f64 + 2.0), 4),
        },
        days: reached_days,
    }
}

fn estimate(
    course: &Course,
    gap: &Gap,
    measured: &Measured,
    d: &Defaults,
    bar: Option<f64>,
) -> TimeToProficiency {
    let n = measured.days.len() as u64;
    if n >= d.min_n {
        let q = |p: f64| quantile_sorted(&measured.days, p).map(|x| round(x, 1));
        let days = q(0.5).unwrap_or(0.0);
        return TimeToProficiency {
            days,
            p25: q(0.25),
            p75: q(0.75),
            n,
            source: "history".into(),
            basis: Bilingual::new(
                format!("Median days from completing the course to the first assessment at or above the bar, over {n} employees."),
                format!("{n} 名员工从完成课程到首次评估达标的天数中位数。"),
            ),
        };
    }
    let hours = course.hours.unwrap_or(0.0);
    let levels = match (gap.current, gap.target) {
        (Some(c), Some(t)) => (t - c).max(0.0),
        _ => 1.0,
    };
    let days = (d.base_days + d.days_per_hour * hours + d.days_per_level * levels).ceil();
    let why_en = if bar.is_none() {
        "no bar is known for this gap, so the history cannot be used".to_string()
    } else {
        format!("{n} employees with evidence, fewer than {}", d.min_n)
    };
    let why_zh = if bar.is_none() {
        "该差距没有达标线，无法使用历史数据".to_string()
    } else {
        format!("有数据的员工仅 {n} 名，少于 {} 名", d.min_n)
    };
    let hours_en = course
        .hours
        .map_or("hours unknown, counted as 0".to_string(), |h| {
            format!("{} h", num_text(h, 2))
        });
    let hours_zh = course.hours.map_or("学时未知，按 0 计".to_string(), |h| {
        format!("{} 学时", num_text(h, 2))
    });
    TimeToProficiency {
        days,
        p25: None,
        p75: None,
        n,
        source: "default".into(),
        basis: Bilingual::new(
            format!(
                "Default estimate ({why_en}): {} + {} × course hours ({hours_en}) + {} × gap levels ({}), rounded up.",
                num_text(d.base_days, 2),
                num_text(d.days_per_hour, 2),
                num_text(d.days_per_level, 2),
                num_text(levels, 2)
            ),
            format!(
                "默认估算（{why_zh}）：{} + {} × 课程学时（{hours_zh}）+ {} × 差距级数（{}），向上取整。",
                num_text(d.base_days, 2),
                num_text(d.days_per_hour, 2),
                num_text(d.days_per_level, 2),
                num_text(levels, 2)
            ),
        ),
    }
}

fn suggest(
    course: &Course,
    gap: &Gap,
    scale: [f64; 2],
    req: &DevelopRequest,
    index: &Index<'_>,
) -> Suggestion {
    let bar = gap.target.or_else(|| req.bars.get(&key(&gap.id)).copied());
    let covered: Vec<&Gap> = req
        .gaps
        .iter()
        .map(|(g, _)| g)
        .filter(|g| covers(course, g))
        .collect();
    let coverage_raw = covered.len() as f64 / req.gaps.len().max(1) as f64;
    let also: Vec<String> = covered
        .iter()
        .filter(|g| !(g.kind == gap.kind && key(&g.id) == key(&gap.id)))
        .map(|g| g.id.clone())
        .collect();
    let want = desired_level(gap, scale);
    let level_fit = course.level.map_or(0.5, |l| {
        1.0 - f64::from((l.rank() - want.rank()).abs()) / 2.0
    });
    let measured = measure(course, gap, bar, index);
    let e = &measured.evidence;
    let evidence_raw = (e.reached as f64 + 1.0) / (e.n as f64 + 2.0);
    // Computed from the unrounded parts, then rounded once.
    let score = round(
        WEIGHTS.0 * coverage_raw + WEIGHTS.1 * level_fit + WEIGHTS.2 * evidence_raw,
        4,
    );
    let ttp = estimate(course, gap, &measured, &req.defaults, bar);

    let mut reasons = Vec::new();
    if also.is_empty() {
        reasons.push(Bilingual::new(
            format!("Covers {}.", gap.id),
            format!("覆盖 {}。", gap.id),
        ));
    } else {
        reasons.push(Bilingual::new(
            format!("Covers {} and also {}.", gap.id, also.join(", ")),
            format!("覆盖 {}，同时覆盖 {}。", gap.id, also.join("、")),
        ));
    }
    let (want_en, want_zh) = want.words();
    match course.level {
        Some(l) => {
            let (en, zh) = l.words();
            let fit_en = if level_fit >= 1.0 {
                "matches"
            } else {
                "is off from"
            };
            let fit_zh = if level_fit >= 1.0 {
                "匹配"
            } else {
                "不完全匹配"
            };
            reasons.push(Bilingual::new(
                format!("Its level ({en}) {fit_en} the level needed ({want_en})."),
                format!("课程难度（{zh}）与所需水平（{want_zh}）{fit_zh}。"),
            ));
        }
        None => reasons.push(Bilingual::new(
            format!("Its level is not given (needed: {want_en})."),
            format!("课程未标注难度（所需水平：{want_zh}）。"),
        )),
    }
    if e.n > 0 {
        let bar_text = bar.map(|b| num_text(b, 2)).unwrap_or_default();
        reasons.push(Bilingual::new(
            format!(
                "{} of {} employees who took it and were assessed afterwards reached the bar of {bar_text}.",
                e.reached, e.n
            ),
            format!(
                "修读后接受评估的 {} 名员工中，{} 名达到 {bar_text} 的要求。",
                e.n, e.reached
            ),
        ));
    } else {
        reasons.push(Bilingual::new(
            "No employee who took it has been assessed on this gap since.",
            "尚无修读该课程的员工在此项上接受过后续评估。",
        ));
    }
    reasons.push(match ttp.source.as_str() {
        "history" => Bilingual::new(
            format!(
                "About {} days to proficiency (median of {} employees; middle half {}–{} days).",
                num_text(ttp.days, 1),
                ttp.n,
                num_text(ttp.p25.unwrap_or(ttp.days), 1),
                num_text(ttp.p75.unwrap_or(ttp.days), 1)
            ),
            format!(
                "预计约 {} 天达标（{} 名员工的中位数；中间一半为 {}–{} 天）。",
                num_text(ttp.days, 1),
                ttp.n,
                num_text(ttp.p25.unwrap_or(ttp.days), 1),
                num_text(ttp.p75.unwrap_or(ttp.days), 1)
            ),
        ),
        _ => Bilingual::new(
            format!(
                "About {} days to proficiency (default estimate).",
                num_text(ttp.days, 1)
            ),
            format!("预计约 {} 天达标（默认估算）。", num_text(ttp.days, 1)),
        ),
    });

    Suggestion {
        course_id: course.course_id.clone(),
        title: course.title.clone(),
        rank: 0,
        score,
        coverage: round(coverage_raw, 4),
        level_fit,
        evidence: measured.evidence,
        also_covers: also,
        hours: course.hours,
        level: course.level,
        format: course.format.clone(),
        time_to_proficiency: ttp,
        reasons,
    }
}

/// Ranks courses for every gap.
pub fn develop(req: &DevelopRequest) -> Result<DevelopReport> {
    let index = Index::new(req);
    let mut out = Vec::new();
    for (gap, scale) in &req.gaps {
        let bar = gap.target.or_else(|| req.bars.get(&key(&gap.id)).copied());
        let mut courses: Vec<Suggestion> = req
            .catalog
            .iter()
            .filter(|c| covers(c, gap))
            .map(|c| suggest(c, gap, *scale, req, &index))
            .collect();
        courses.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| {
                    a.hours
                        .unwrap_or(f64::INFINITY)
                        .total_cmp(&b.hours.unwrap_or(f64::INFINITY))
                })
                .then_with(|| a.course_id.cmp(&b.course_id))
        });
        courses.truncate(req.limit);
        for (i, c) in courses.iter_mut().enumerate() {
            c.rank = i as u64 + 1;
        }
        let message = courses.is_empty().then(|| {
            Bilingual::new(
                format!("No course in the catalogue covers {}.", gap.id),
                format!("课程目录中没有覆盖 {} 的课程。", gap.id),
            )
        });
        out.push(GapSuggestions {
            kind: gap.kind,
            id: gap.id.clone(),
            current: gap.current,
            target: gap.target,
            bar,
            courses,
            message,
        });
    }
    Ok(DevelopReport {
        gaps: out,
        defaults: req.defaults,
        warnings: req.warnings.clone(),
        notes: vec![
            Bilingual::new(
                "score = 0.5 × coverage (share of this person's gaps the course covers) + 0.25 × level fit + 0.25 × evidence rate ((reached + 1) / (n + 2), 0.5 without evidence).",
                "得分 = 0.5 × 覆盖度（课程覆盖此人差距的比例）+ 0.25 × 难度匹配 + 0.25 × 效果证据（(达标人数 + 1) / (评估人数 + 2)，无数据时为 0.5）。",
            ),
            Bilingual::new(
                "Time to proficiency from history: days from the first completion of the course to the first later assessment at or above the bar; employees at the bar before the course are left out. History describes past employees, it does not promise a result for this person.",
                "基于历史数据的达标时间：从首次完成课程到其后首次评估达标的天数；修读前已达标的员工不计入。历史数据反映过往员工的情况，并不保证此人的结果。",
            ),
        ],
    })
}

/// JSON entry point: a development request (see the module docs) → a [`DevelopReport`].
pub fn develop_value(request: &Value) -> Result<Value> {
    let parsed = DevelopRequest::from_value(request)?;
    to_value(&develop(&parsed)?)
}
