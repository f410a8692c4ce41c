//! Reports and messenger payloads (issue #9, items 1 and 2).
//!
//! Owns: turning archive scorecards (with an optional potential prediction, a job-match result
//! and funnel counts) into a candidate feedback report, an interviewer report or an HR summary,
//! as a structured JSON object, Markdown or one self-contained printable HTML page with inline
//! SVG charts ([`report_value`]); and building the bodies a host POSTs to WeCom (企业微信) and to
//! the WeChat mini-program subscribe-message API ([`wecom_payload_value`],
//! [`subscribe_message_value`]), within their documented length limits.
//!
//! Must not touch: how any score is computed (interview scoring, fusion, calibration, potential,
//! matching) or what the policy gate permits — a report shows only what the cards carry. The
//! candidate report never shows behaviour signals, interviewer ratings, annotations or a
//! potential prediction, and shows scores only when the host asks (`options.show_scores`). No
//! network access and no clock: the same request always gives byte-identical output.
//!
//! ```
//! use serde_json::json;
//!
//! let card = json!({"schema_version": 1, "kind": "scorecard", "id": "sc-1",
//!     "competencies": [{"competency": "communication", "ai_score": 4.2},
//!                      {"competency": "teamwork", "ai_score": 2.1}]});
//! let out = interviewkit_core::report::report_value(&json!({
//!     "kind": "candidate", "format": "md", "lang": "en", "scorecard": card})).unwrap();
//! let text = out["text"].as_str().unwrap();
//! assert!(text.contains("Communication"));
//! assert!(!text.contains("4.2"));          // no scores without options.show_scores
//! ```
//!
//! See `docs/reports.md` and `docs/wecom.md`.

mod build;
mod labels;
mod render;
pub mod wecom;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::interview::Lang;
use crate::schema::types::{PotentialPrediction, Scorecard};

pub use labels::MISSING_CODES;
pub use wecom::{
    subscribe_message, subscribe_message_value, wecom_payload, wecom_payload_value,
    SubscribeRequest, WecomRequest,
};

/// Most scorecards an HR summary reads.
pub const MAX_SCORECARDS: usize = 10_000;
/// Most competencies one scorecard may hold for a report.
pub const MAX_COMPETENCIES: usize = 256;
/// Most funnel stages.
pub const MAX_FUNNEL_STAGES: usize = 50;
/// Longest evidence quote shown, in characters (longer ones are cut with a warning).
pub const MAX_QUOTE_CHARS: usize = 500;
/// Longest `options.title`, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

pub(crate) fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// Feedback for the candidate: strengths, areas to develop, suggestions.
    Candidate,
    /// Everything the interviewer needs: scores, evidence, divergence, behaviour summary.
    Interviewer,
    /// A summary over several scorecards for one role.
    Hr,
}

impl ReportKind {
    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            ReportKind::Candidate => "candidate",
            ReportKind::Interviewer => "interviewer",
            ReportKind::Hr => "hr",
        }
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// A structured report object.
    Json,
    /// Markdown text.
    Md,
    /// One self-contained HTML document.
    Html,
}

impl ReportFormat {
    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Md => "md",
            ReportFormat::Html => "html",
        }
    }
}

/// A competency's display name in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

/// Report options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportOptions {
    /// Candidate report only: show scores (default false).
    pub show_scores: bool,
    /// Replaces the default title.
    pub title: Option<String>,
    /// Display names per competency id; the embedded bank's names otherwise, else the id.
    pub competency_names: BTreeMap<String, Names>,
}

/// A skill the job asks for that the resume shows.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedSkill {
    /// English name.
    pub name: String,
    /// Chinese name.
    pub name_zh: String,
    /// Required (true) or preferred.
    pub required: bool,
}

/// A gap between job and resume, as `match` explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchGap {
    /// `skill`, `experience`, `degree`, `major`, `language`, `certification`, `competency`,
    /// `location`.
    pub kind: String,
    /// What is missing (id or name).
    pub item: String,
    /// English display name for the item (skills: from the explanation's skill lists).
    pub item_name: Option<String>,
    /// Chinese display name for the item.
    pub item_name_zh: Option<String>,
    /// Required (true) or preferred.
    pub required: bool,
    /// English text.
    pub en: String,
    /// Chinese text.
    pub zh: String,
}

/// What the report reads from a `match` result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchInput {
    /// Fit score 0–100.
    pub total: Option<f64>,
    /// Whether every knock-out passed.
    pub knockout_passed: Option<bool>,
    /// Skills shown.
    pub matched: Vec<MatchedSkill>,
    /// Gaps, in the match result's order (required first).
    pub gaps: Vec<MatchGap>,
}

/// One funnel stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelStage {
    /// Stage name as the host calls it.
    pub stage: String,
    /// Candidates at that stage.
    pub count: u64,
}

/// A checked report request.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRequest {
    /// Which report.
    pub kind: ReportKind,
    /// Output format.
    pub format: ReportFormat,
    /// Language of every fixed string.
    pub lang: Lang,
    /// One card (candidate, interviewer) or several (hr).
    pub scorecards: Vec<Scorecard>,
    /// Interviewer report: a stored potential prediction.
    pub potential: Option<PotentialPrediction>,
    /// Candidate and interviewer reports: a `match` result.
    pub match_result: Option<MatchInput>,
    /// HR summary: funnel counts.
    pub funnel: Vec<FunnelStage>,
    /// Options.
    pub options: ReportOptions,
}

/// Something the report could not show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// The section (`potential`, `divergence` …).
    pub section: String,
    /// A stable code (`no_potential`); see [`MISSING_CODES`].
    pub code: String,
    /// The text in the report's language.
    pub text: String,
}

/// A note about the input or the output (a cut quote, a value that was skipped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// A stable code (`evidence.truncated`).
    pub code: String,
    /// Where (JSON pointer into the request or the payload).
    pub path: String,
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

/// A rendered report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOutput {
    /// Which report.
    pub kind: ReportKind,
    /// Output format.
    pub format: ReportFormat,
    /// Language.
    pub lang: Lang,
    /// Markdown or HTML text (formats `md`, `html`).
    pub text: Option<String>,
    /// The structured report (format `json`).
    pub report: Option<Value>,
    /// What could not be shown, by section.
    pub missing: Vec<Missing>,
    /// Notes about the input.
    pub warnings: Vec<Warning>,
}

impl ReportOutput {
    /// The JSON response.
    pub fn to_value(&self) -> Value {
        let mut o = Map::new();
        o.insert("kind".into(), json!(self.kind.name()));
        o.insert("format".into(), json!(self.format.name()));
        o.insert("lang".into(), json!(lang_name(self.lang)));
        if let Some(t) = &self.text {
            o.insert("text".into(), json!(t));
        }
        if let Some(r) = &self.report {
            o.insert("report".into(), r.clone());
        }
        o.insert("missing".into(), json!(self.missing));
        o.insert("warnings".into(), json!(self.warnings));
        Value::Object(o)
    }
}

pub(crate) fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// Reads `lang` (`zh` | `en`) at `path`.
pub(crate) fn parse_lang(v: Option<&Value>, path: &str) -> Result<Lang> {
    match v {
        None | Some(Value::Null) => Ok(Lang::Zh),
        Some(Value::String(s)) => match s.as_str() {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(invalid(path, format!("one of \"zh\", \"en\"; got {s:?}"))),
        },
        Some(_) => Err(invalid(path, "one of \"zh\", \"en\" (a string)")),
    }
}

pub(crate) fn no_unknown(obj: &Map<String, Value>, allowed: &[&str], path: &str) -> Result<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(
            &format!("{path}/{}", escape_pointer(k)),
            format!("no such field; allowed: {}", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

/// A JSON-pointer token (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn one_of<'a>(v: Option<&'a Value>, path: &str, allowed: &[&str]) -> Result<Option<&'a str>> {
    let list = allowed
        .iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(", ");
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s.as_str())),
        Some(Value::String(s)) => Err(invalid(path, format!("one of {list}; got {s:?}"))),
        Some(_) => Err(invalid(path, format!("one of {list} (a string)"))),
    }
}

fn string_at<'a>(o: &'a Map<String, Value>, key: &str, path: &str) -> Result<Option<&'a str>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(&format!("{path}/{key}"), "a string")),
    }
}

impl ReportRequest {
    /// Reads and checks a report request (see `docs/reports.md`).
    pub fn from_value(request: &Value) -> Result<ReportRequest> {
        let o = request
            .as_object()
            .ok_or_else(|| invalid("/", "a request object"))?;
        no_unknown(
            o,
            &[
                "kind",
                "format",
                "lang",
                "scorecard",
                "scorecards",
                "potential",
                "match",
                "funnel",
                "options",
            ],
            "",
        )?;
        let kind = match one_of(o.get("kind"), "/kind", &["candidate", "interviewer", "hr"])? {
            Some("candidate") => ReportKind::Candidate,
            Some("interviewer") => ReportKind::Interviewer,
            Some(_) => ReportKind::Hr,
            None => {
                return Err(invalid(
                    "/kind",
                    "one of \"candidate\", \"interviewer\", \"hr\" (the field is missing)",
                ))
            }
        };
        let format = match one_of(o.get("format"), "/format", &["json", "md", "html"])? {
            Some("md") => ReportFormat::Md,
            Some("html") => ReportFormat::Html,
            _ => ReportFormat::Json,
        };
        let lang = parse_lang(o.get("lang"), "/lang")?;
        let present = |k: &str| o.get(k).is_some_and(|v| !v.is_null());
        let only = |k: &str, ok: bool, what: &str| -> Result<()> {
            if present(k) && !ok {
                Err(invalid(&format!("/{k}"), what.to_string()))
            } else {
                Ok(())
            }
        };
        let single = kind != ReportKind::Hr;
        only(
            "scorecard",
            single,
            "no `scorecard` for kind hr (pass `scorecards`, an array)",
        )?;
        only(
            "scorecards",
            !single,
            "`scorecards` only with kind hr (pass one `scorecard`)",
        )?;
        only(
            "potential",
            kind == ReportKind::Interviewer,
            "`potential` only with kind interviewer (a candidate report never shows a potential prediction)",
        )?;
        only(
            "match",
            single,
            "`match` only with kind candidate or interviewer",
        )?;
        only("funnel", !single, "`funnel` only with kind hr")?;

        let mut scorecards = Vec::new();
        if single {
            let v = o.get("scorecard").filter(|v| !v.is_null()).ok_or_else(|| {
                invalid("/scorecard", "an archive scorecard (the field is missing)")
            })?;
            scorecards.push(parse_scorecard(v, "/scorecard")?);
        } else {
            let arr = o
                .get("scorecards")
                .and_then(Value::as_array)
                .ok_or_else(|| invalid("/scorecards", "an array of archive scorecards"))?;
            if arr.is_empty() {
                return Err(invalid("/scorecards", "at least one scorecard"));
            }
            if arr.len() > MAX_SCORECARDS {
                return Err(Error::LimitExceeded {
                    what: "/scorecards (number of scorecards)".into(),
                    limit: MAX_SCORECARDS as u64,
                    actual: arr.len() as u64,
                });
            }
            for (i, v) in arr.iter().enumerate() {
                scorecards.push(parse_scorecard(v, &format!("/scorecards/{i}"))?);
            }
            if let Some(first) = scorecards.first() {
                let scale = (first.scale.min, first.scale.max);
                for (i, c) in scorecards.iter().enumerate() {
                    if (c.scale.min, c.scale.max) != scale {
                        return Err(invalid(
                            &format!("/scorecards/{i}/scale"),
                            format!(
                                "the same scale on every scorecard ({}–{} as on the first)",
                                scale.0, scale.1
                            ),
                        ));
                    }
                }
            }
        }
        let potential = match o.get("potential").filter(|v| !v.is_null()) {
            Some(v) => Some(parse_potential(v)?),
            None => None,
        };
        let match_result = match o.get("match").filter(|v| !v.is_null()) {
            Some(v) => Some(parse_match(v)?),
            None => None,
        };
        let funnel = match o.get("funnel").filter(|v| !v.is_null()) {
            Some(v) => parse_funnel(v)?,
            None => Vec::new(),
        };
        let options = match o.get("options").filter(|v| !v.is_null()) {
            Some(v) => parse_options(v)?,
            None => ReportOptions::default(),
        };
        Ok(ReportRequest {
            kind,
            format,
            lang,
            scorecards,
            potential,
            match_result,
            funnel,
            options,
        })
    }
}

fn parse_scorecard(v: &Value, path: &str) -> Result<Scorecard> {
    let o = v
        .as_object()
        .ok_or_else(|| invalid(path, "an archive scorecard (an object)"))?;
    if o.get("kind").and_then(Value::as_str) != Some("scorecard") {
        return Err(invalid(&format!("{path}/kind"), "\"scorecard\""));
    }
    let card: Scorecard = serde_json::from_value(v.clone())
        .map_err(|e| invalid(path, format!("an archive scorecard: {e}")))?;
    let (min, max) = (card.scale.min, card.scale.max);
    if !(min.is_finite() && max.is_finite() && max > min) {
        return Err(invalid(
            &format!("{path}/scale"),
            "finite min and max with max above min",
        ));
    }
    if card.competencies.len() > MAX_COMPETENCIES {
        return Err(Error::LimitExceeded {
            what: format!("{path}/competencies (number of competencies)"),
            limit: MAX_COMPETENCIES as u64,
            actual: card.competencies.len() as u64,
        });
    }
    let in_scale = |x: f64| x.is_finite() && x >= min && x <= max;
    let scale_msg = |x: f64| format!("a score on the scorecard's scale {min}–{max}; got {x}");
    for (label, x) in [
        ("overall", card.overall),
        ("fused_overall", extra_f64(&card.extra, "fused_overall")),
    ] {
        if let Some(x) = x {
            if !in_scale(x) {
                return Err(invalid(&format!("{path}/{label}"), scale_msg(x)));
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, c) in card.competencies.iter().enumerate() {
        let p = format!("{path}/competencies/{i}");
        if c.competency.is_empty() {
            return Err(invalid(&format!("{p}/competency"), "a competency id"));
        }
        if !seen.insert(c.competency.as_str()) {
            return Err(invalid(
                &format!("{p}/competency"),
                format!("each competency once; {:?} repeats", c.competency),
            ));
        }
        for (label, x) in [("ai_score", c.ai_score), ("fused_score", c.fused_score)] {
            if let Some(x) = x {
                if !in_scale(x) {
                    return Err(invalid(&format!("{p}/{label}"), scale_msg(x)));
                }
            }
        }
        if let Some(conf) = c.confidence {
            if !(conf.is_finite() && (0.0..=1.0).contains(&conf)) {
                return Err(invalid(&format!("{p}/confidence"), "a number from 0 to 1"));
            }
        }
        for (j, s) in c.interviewer_scores.iter().enumerate() {
            if !in_scale(s.score) {
                return Err(invalid(
                    &format!("{p}/interviewer_scores/{j}/score"),
                    scale_msg(s.score),
                ));
            }
        }
        if let Some(d) = &c.divergence {
            for (label, x) in [("delta", d.delta), ("threshold", d.threshold)] {
                if !(x.is_finite() && (0.0..=1.0).contains(&x)) {
                    return Err(invalid(
                        &format!("{p}/divergence/{label}"),
                        "a number from 0 to 1",
                    ));
                }
            }
        }
    }
    Ok(card)
}

pub(crate) fn extra_f64(extra: &Map<String, Value>, key: &str) -> Option<f64> {
    extra
        .get(key)
        .and_then(Value::as_f64)
        .filter(|x| x.is_finite())
}

fn parse_potential(v: &Value) -> Result<PotentialPrediction> {
    if !v.is_object() {
        return Err(invalid("/potential", "a potential prediction object"));
    }
    let p: PotentialPrediction = serde_json::from_value(v.clone()).map_err(|e| {
        invalid(
            "/potential",
            format!("a potential prediction {{\"label\", \"probability\", ...}}: {e}"),
        )
    })?;
    if !(p.probability.is_finite() && (0.0..=1.0).contains(&p.probability)) {
        return Err(invalid("/potential/probability", "a number from 0 to 1"));
    }
    if p.label.is_empty() {
        return Err(invalid("/potential/label", "a non-empty label"));
    }
    Ok(p)
}

fn parse_match(v: &Value) -> Result<MatchInput> {
    let o = v
        .as_object()
        .ok_or_else(|| invalid("/match", "a match result object (from `match`)"))?;
    let mut m = MatchInput {
        total: None,
        knockout_passed: None,
        ..MatchInput::default()
    };
    match o.get("total") {
        None | Some(Value::Null) => {}
        Some(t) => {
            let t = t
                .as_f64()
                .filter(|t| t.is_finite() && (0.0..=100.0).contains(t))
                .ok_or_else(|| invalid("/match/total", "a number from 0 to 100"))?;
            m.total = Some(t);
        }
    }
    match o.get("knockout_passed") {
        None | Some(Value::Null) => {}
        Some(Value::Bool(b)) => m.knockout_passed = Some(*b),
        Some(_) => return Err(invalid("/match/knockout_passed", "true or false")),
    }
    let Some(ex) = o.get("explanation").filter(|v| !v.is_null()) else {
        return Ok(m);
    };
    let ex = ex
        .as_object()
        .ok_or_else(|| invalid("/match/explanation", "an object"))?;
    if let Some(arr) = ex.get("matched").filter(|v| !v.is_null()) {
        let arr = arr
            .as_array()
            .ok_or_else(|| invalid("/match/explanation/matched", "an array"))?;
        for (i, s) in arr.iter().enumerate() {
            let p = format!("/match/explanation/matched/{i}");
            let so = s.as_object().ok_or_else(|| invalid(&p, "an object"))?;
            let name = string_at(so, "name", &p)?
                .or(string_at(so, "id", &p)?)
                .unwrap_or_default()
                .to_string();
            let name_zh = string_at(so, "name_zh", &p)?
                .map(str::to_string)
                .unwrap_or_else(|| name.clone());
            let required = so.get("required").and_then(Value::as_bool).unwrap_or(false);
            if !name.is_empty() {
                m.matched.push(MatchedSkill {
                    name,
                    name_zh,
                    required,
                });
            }
        }
    }
    // Skill names by id, from the missing and partially matched skills.
    let mut skill_names: BTreeMap<String, (String, String)> = BTreeMap::new();
    for key in ["missing", "partial"] {
        if let Some(arr) = ex.get(key).and_then(Value::as_array) {
            for s in arr {
                if let (Some(id), Some(name)) = (
                    s.get("id").and_then(Value::as_str),
                    s.get("name").and_then(Value::as_str),
                ) {
                    let zh = s.get("name_zh").and_then(Value::as_str).unwrap_or(name);
                    skill_names.insert(id.to_string(), (name.to_string(), zh.to_string()));
                }
            }
        }
    }
    if let Some(arr) = ex.get("gaps").filter(|v| !v.is_null()) {
        let arr = arr
            .as_array()
            .ok_or_else(|| invalid("/match/explanation/gaps", "an array"))?;
        for (i, g) in arr.iter().enumerate() {
            let p = format!("/match/explanation/gaps/{i}");
            let go = g.as_object().ok_or_else(|| invalid(&p, "an object"))?;
            let kind = string_at(go, "kind", &p)?
                .ok_or_else(|| invalid(&format!("{p}/kind"), "a string"))?
                .to_string();
            let item = string_at(go, "item", &p)?.unwrap_or_default().to_string();
            let en = string_at(go, "en", &p)?.unwrap_or_default().to_string();
            let zh = string_at(go, "zh", &p)?.unwrap_or_default().to_string();
            let (item_name, item_name_zh) = match skill_names.get(&item) {
                Some((en, zh)) if kind == "skill" => (Some(en.clone()), Some(zh.clone())),
                _ => {
                    let e = go
                        .get("expected")
                        .and_then(Value::as_str)
                        .filter(|_| kind == "skill")
                        .map(str::to_string);
                    (e.clone(), e)
                }
            };
            let required = go.get("required").and_then(Value::as_bool).unwrap_or(false);
            m.gaps.push(MatchGap {
                kind,
                item,
                item_name,
                item_name_zh,
                required,
                en,
                zh,
            });
        }
    }
    Ok(m)
}

fn parse_funnel(v: &Value) -> Result<Vec<FunnelStage>> {
    let arr = v
        .as_array()
        .ok_or_else(|| invalid("/funnel", "an array of {\"stage\", \"count\"}"))?;
    if arr.len() > MAX_FUNNEL_STAGES {
        return Err(Error::LimitExceeded {
            what: "/funnel (number of stages)".into(),
            limit: MAX_FUNNEL_STAGES as u64,
            actual: arr.len() as u64,
        });
    }
    let mut out = Vec::new();
    for (i, s) in arr.iter().enumerate() {
        let p = format!("/funnel/{i}");
        let so = s
            .as_object()
            .ok_or_else(|| invalid(&p, "an object {\"stage\", \"count\"}"))?;
        no_unknown(so, &["stage", "count"], &p)?;
        let stage = string_at(so, "stage", &p)?
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| invalid(&format!("{p}/stage"), "a non-empty stage name"))?;
        let count = so
            .get("count")
            .and_then(Value::as_u64)
            .ok_or_else(|| invalid(&format!("{p}/count"), "a whole number 0 or above"))?;
        out.push(FunnelStage {
            stage: stage.to_string(),
            count,
        });
    }
    Ok(out)
}

fn parse_options(v: &Value) -> Result<ReportOptions> {
    let o = v
        .as_object()
        .ok_or_else(|| invalid("/options", "an object"))?;
    no_unknown(o, &["show_scores", "title", "competency_names"], "/options")?;
    let mut out = ReportOptions::default();
    match o.get("show_scores") {
        None | Some(Value::Null) => {}
        Some(Value::Bool(b)) => out.show_scores = *b,
        Some(_) => return Err(invalid("/options/show_scores", "true or false")),
    }
    if let Some(t) = string_at(o, "title", "/options")? {
        if t.chars().count() > MAX_TITLE_CHARS {
            return Err(invalid(
                "/options/title",
                format!("at most {MAX_TITLE_CHARS} characters"),
            ));
        }
        out.title = Some(t.to_string());
    }
    if let Some(names) = o.get("competency_names").filter(|v| !v.is_null()) {
        let no = names.as_object().ok_or_else(|| {
            invalid(
                "/options/competency_names",
                "an object {id: {\"en\", \"zh\"}}",
            )
        })?;
        if no.len() > crate::interview::bank::MAX_COMPETENCIES {
            return Err(Error::LimitExceeded {
                what: "/options/competency_names (number of names)".into(),
                limit: crate::interview::bank::MAX_COMPETENCIES as u64,
                actual: no.len() as u64,
            });
        }
        for (id, n) in no {
            let p = format!("/options/competency_names/{}", escape_pointer(id));
            let nobj = n
                .as_object()
                .ok_or_else(|| invalid(&p, "an object {\"en\", \"zh\"}"))?;
            no_unknown(nobj, &["en", "zh"], &p)?;
            let en = string_at(nobj, "en", &p)?;
            let zh = string_at(nobj, "zh", &p)?;
            let (en, zh) = match (en, zh) {
                (Some(e), Some(z)) => (e, z),
                (Some(e), None) => (e, e),
                (None, Some(z)) => (z, z),
                (None, None) => return Err(invalid(&format!("{p}/en"), "a string")),
            };
            out.competency_names.insert(
                id.clone(),
                Names {
                    en: en.to_string(),
                    zh: zh.to_string(),
                },
            );
        }
    }
    Ok(out)
}

/// Builds and renders a report.
pub fn render_report(request: &ReportRequest) -> Result<ReportOutput> {
    let mut warnings = Vec::new();
    let report = build::build(request, &mut warnings)?;
    let missing = report.missing();
    let (text, value) = match request.format {
        ReportFormat::Json => (None, Some(report.to_value())),
        ReportFormat::Md => (Some(render::markdown(&report)), None),
        ReportFormat::Html => (Some(render::html(&report)), None),
    };
    Ok(ReportOutput {
        kind: request.kind,
        format: request.format,
        lang: request.lang,
        text,
        report: value,
        missing,
        warnings,
    })
}

/// The `report` entry point: request → `{"kind", "format", "lang", "text"? | "report"?,
/// "missing", "warnings"}` (see `docs/reports.md`).
pub fn report_value(request: &Value) -> Result<Value> {
    let req = ReportRequest::from_value(request)?;
    Ok(render_report(&req)?.to_value())
}
