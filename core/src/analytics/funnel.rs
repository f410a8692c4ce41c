//! The hiring funnel: journeys built from events, then progress, conversion, durations,
//! channel outcomes and pass-through by group.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::util::{
    array, check_keys, format_utc, get, idx, invalid, object, opt_f64, opt_str, percent, ptr,
    req_str, round, str_list, timestamp, to_value, Bilingual,
};
use crate::audit::{self, AuditData, AuditOptions, BootstrapOptions, Mode, SmallSamplePolicy};
use crate::error::{Error, Result};

/// The default ordered stages.
pub const DEFAULT_STAGES: [&str; 6] = [
    "applied",
    "screened",
    "interview_invited",
    "interviewed",
    "offer",
    "hired",
];
/// Stages that end a journey without completing it.
pub const TERMINAL_STAGES: [&str; 2] = ["withdrawn", "rejected"];
/// Days without an event after which an open journey counts as stalled.
pub const DEFAULT_STALL_DAYS: f64 = 30.0;
/// Most events one request may carry.
pub const MAX_EVENTS: usize = 1_000_000;
/// Most stages in a custom stage list.
const MAX_STAGES: usize = 64;
/// The outcome column handed to the audit (cannot clash with a group column: checked).
const PASSED_COLUMN: &str = "passed";

const NANOS_PER_HOUR: f64 = 3_600_000_000_000.0;
const NANOS_PER_DAY: f64 = 86_400_000_000_000.0;

/// One archive event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The candidate.
    pub candidate_id: String,
    /// The role (or job id) applied for.
    pub role: String,
    /// The stage entered.
    pub stage: String,
    /// When.
    pub at: OffsetDateTime,
    /// Where the candidate came from (`referral`, `boss_zhipin` …).
    pub channel: Option<String>,
    /// Group values for the audit link (`{"sex": "f"}`); `None` values are unknown.
    pub group: BTreeMap<String, Option<String>>,
}

/// Pass-through by group: which columns, and the audit's small-category share.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditSpec {
    /// Group columns (several make intersectional groups).
    pub group: Vec<String>,
    /// Categories under this share are small (the audit's default 0.02).
    pub small_share: f64,
}

/// A funnel request, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelRequest {
    /// Events, in input order.
    pub events: Vec<Event>,
    /// Ordered stages.
    pub stages: Vec<String>,
    /// The date of the report (default: the latest event).
    pub as_of: Option<OffsetDateTime>,
    /// Days without an event after which an open journey is stalled.
    pub stall_days: f64,
    /// Pass-through by group, when asked.
    pub audit: Option<AuditSpec>,
}

/// Share of candidates who reached a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageProgress {
    /// The stage.
    pub stage: String,
    /// Candidates who reached it (or a later stage).
    pub reached: u64,
    /// `reached / candidates`.
    pub share: f64,
    /// `sales: 30% interviewed`.
    pub text: Bilingual,
}

/// Conversion from one stage to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conversion {
    /// From this stage …
    pub from: String,
    /// … to the next.
    pub to: String,
    /// Candidates who reached `from`.
    pub entered: u64,
    /// Of them, those who reached `to`.
    pub converted: u64,
    /// `converted / entered`; `null` when nobody entered.
    pub rate: Option<f64>,
}

/// Time from entering one stage to entering the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageDuration {
    /// From this stage …
    pub from: String,
    /// … to the next.
    pub to: String,
    /// Journeys with a recorded time for both stages.
    pub n: u64,
    /// Median, hours.
    pub p50_hours: Option<f64>,
    /// 90th percentile, hours.
    pub p90_hours: Option<f64>,
}

/// How journeys ended (or did not).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcomes {
    /// Reached the last stage.
    pub completed: u64,
    /// Withdrew.
    pub withdrawn: u64,
    /// Rejected.
    pub rejected: u64,
    /// Open, with no event for more than `stall_days` at `as_of`.
    pub stalled: u64,
    /// Open and recent.
    pub active: u64,
}

/// Completion and drop-out for one channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelRow {
    /// The channel (`(none)` when the events name none).
    pub channel: String,
    /// Candidates.
    pub candidates: u64,
    /// Outcomes.
    #[serde(flatten)]
    pub outcomes: Outcomes,
    /// `completed / candidates`.
    pub completion_rate: f64,
    /// `withdrawn + stalled`.
    pub dropped_out: u64,
    /// `dropped_out / candidates`.
    pub drop_out_rate: f64,
}

/// One group's pass-through at one transition (from the audit).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassGroup {
    /// The group label.
    pub group: String,
    /// Candidates of the group who reached `from`.
    pub n: u64,
    /// Of them, those who reached `to`.
    pub passed: u64,
    /// `passed / n`.
    pub rate: f64,
    /// Rate / the reference group's rate.
    pub impact_ratio: Option<f64>,
    /// `impact_ratio < 0.8`.
    pub flag_four_fifths: Option<bool>,
    /// Two-sided Fisher exact p against the reference group.
    pub fisher_p: Option<f64>,
    /// Under the small-category share.
    pub small_sample: bool,
    /// The highest-rate group.
    pub is_reference: bool,
}

/// Pass-through by group at one transition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassThrough {
    /// From this stage …
    pub from: String,
    /// … to the next.
    pub to: String,
    /// Candidates who reached `from`.
    pub n: u64,
    /// The audit's reference group.
    pub reference_group: Option<String>,
    /// Groups, sorted by label.
    pub groups: Vec<PassGroup>,
    /// Candidates with an unknown group value.
    pub unknown: u64,
    /// Groups under four-fifths.
    pub flagged: Vec<String>,
    /// Why there is no table, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Bilingual>,
}

/// The numbers of one role, or of every role together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The role; absent for the overall section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Candidates (journeys: one per candidate and role).
    pub candidates: u64,
    /// One line on how far candidates got.
    pub summary: Bilingual,
    /// Per stage.
    pub progress: Vec<StageProgress>,
    /// Per consecutive pair of stages.
    pub conversion: Vec<Conversion>,
    /// Per consecutive pair of stages.
    pub durations: Vec<StageDuration>,
    /// How journeys ended.
    pub outcomes: Outcomes,
    /// Per channel, sorted.
    pub channels: Vec<ChannelRow>,
    /// Per transition, when `audit` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pass_through: Option<Vec<PassThrough>>,
}

/// A four-fifths flag, lifted to the top for dashboards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// The role; `null` for the overall section.
    pub role: Option<String>,
    /// From this stage …
    pub from: String,
    /// … to the next.
    pub to: String,
    /// The group.
    pub group: String,
    /// Its impact ratio.
    pub impact_ratio: Option<f64>,
}

/// Something about the data that needs attention (never an error).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// `out_of_order`, `backward`, `duplicate`, `unknown_stage`, `after_terminal`,
    /// `conflicting_channel`, `conflicting_group`.
    pub code: String,
    /// Index of the event in the request.
    pub event: usize,
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

/// The funnel report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelReport {
    /// Stages, in order.
    pub stages: Vec<String>,
    /// Terminal stages.
    pub terminal_stages: Vec<String>,
    /// The report date.
    pub as_of: Option<String>,
    /// The stall threshold, days.
    pub stall_days: f64,
    /// Events read.
    pub n_events: u64,
    /// Every role together.
    pub overall: Section,
    /// Per role, sorted.
    pub roles: Vec<Section>,
    /// Every four-fifths flag.
    pub flags: Vec<Flag>,
    /// Warnings, in event order.
    pub warnings: Vec<Warning>,
    /// How to read the numbers.
    pub notes: Vec<Bilingual>,
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

const REQUEST_KEYS: &[&str] = &["events", "stages", "as_of", "stall_days", "audit"];
const EVENT_KEYS: &[&str] = &[
    "candidate_id",
    "role",
    "job_id",
    "stage",
    "at",
    "channel",
    "group",
];

impl FunnelRequest {
    /// Reads a request (see the module docs); errors name the field (`/events/7/at`).
    pub fn from_value(request: &Value) -> Result<FunnelRequest> {
        let obj = object(request, "")?;
        check_keys(obj, REQUEST_KEYS, "")?;
        let stages = match get(obj, "stages") {
            None => DEFAULT_STAGES.iter().map(|s| s.to_string()).collect(),
            Some(v) => parse_stages(v)?,
        };
        let as_of = get(obj, "as_of")
            .map(|v| timestamp(v, "/as_of"))
            .transpose()?;
        let stall_days = opt_f64(
            obj,
            "stall_days",
            "",
            |x| x > 0.0 && x <= 36_500.0,
            "a number of days above 0 (at most 36500)",
        )?
        .unwrap_or(DEFAULT_STALL_DAYS);
        let audit = get(obj, "audit").map(parse_audit).transpose()?;
        let events_value = get(obj, "events").ok_or_else(|| {
            invalid(
                "/events",
                "an array of events {candidate_id, role, stage, at} (the field is missing)",
            )
        })?;
        let items = array(events_value, "/events")?;
        if items.len() > MAX_EVENTS {
            return Err(Error::LimitExceeded {
                what: "events".into(),
                limit: MAX_EVENTS as u64,
                actual: items.len() as u64,
            });
        }
        let events = items
            .iter()
            .enumerate()
            .map(|(i, v)| parse_event(v, &idx("/events", i)))
            .collect::<Result<Vec<_>>>()?;
        Ok(FunnelRequest {
            events,
            stages,
            as_of,
            stall_days,
            audit,
        })
    }
}

fn parse_stages(v: &Value) -> Result<Vec<String>> {
    let stages = str_list(v, "/stages")?;
    if stages.is_empty() || stages.len() > MAX_STAGES {
        return Err(invalid(
            "/stages",
            format!("from 1 to {MAX_STAGES} stage names, in order"),
        ));
    }
    for (i, s) in stages.iter().enumerate() {
        if TERMINAL_STAGES.contains(&s.as_str()) {
            return Err(invalid(
                &idx("/stages", i),
                "a non-terminal stage (withdrawn and rejected are always terminal; leave them out)",
            ));
        }
        if stages.get(..i).is_some_and(|before| before.contains(s)) {
            return Err(invalid(
                &idx("/stages", i),
                format!("each stage once; {s:?} is repeated"),
            ));
        }
    }
    Ok(stages)
}

fn parse_audit(v: &Value) -> Result<AuditSpec> {
    let obj = object(v, "/audit")?;
    check_keys(obj, &["group", "small_share"], "/audit")?;
    let group = match get(obj, "group") {
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        Some(v @ Value::Array(_)) => str_list(v, "/audit/group")?,
        _ => {
            return Err(invalid(
                "/audit/group",
                "a group column name or an array of them",
            ))
        }
    };
    if group.is_empty() {
        return Err(invalid("/audit/group", "at least one group column"));
    }
    for (i, g) in group.iter().enumerate() {
        if g == PASSED_COLUMN {
            return Err(invalid(
                &idx("/audit/group", i),
                format!("a column name other than {PASSED_COLUMN:?} (reserved)"),
            ));
        }
        if group.get(..i).is_some_and(|before| before.contains(g)) {
            return Err(invalid(
                &idx("/audit/group", i),
                format!("each column once; {g:?} is repeated"),
            ));
        }
    }
    let small_share = opt_f64(
        obj,
        "small_share",
        "/audit",
        |x| (0.0..1.0).contains(&x),
        "a share from 0 to below 1",
    )?
    .unwrap_or(audit::DEFAULT_SMALL_SHARE);
    Ok(AuditSpec { group, small_share })
}

fn parse_event(v: &Value, path: &str) -> Result<Event> {
    let obj = object(v, path)?;
    check_keys(obj, EVENT_KEYS, path)?;
    let candidate_id = req_str(obj, "candidate_id", path)?.to_string();
    let role = match (opt_str(obj, "role", path)?, opt_str(obj, "job_id", path)?) {
        (Some(r), None) | (None, Some(r)) => r.to_string(),
        (Some(_), Some(_)) => {
            return Err(invalid(
                &ptr(path, "job_id"),
                "either `role` or `job_id`, not both",
            ))
        }
        (None, None) => {
            return Err(invalid(
                &ptr(path, "role"),
                "a role name or a `job_id` (both are missing)",
            ))
        }
    };
    let stage = req_str(obj, "stage", path)?.trim().to_string();
    let at_path = ptr(path, "at");
    let at = match get(obj, "at") {
        Some(v) => timestamp(v, &at_path)?,
        None => {
            return Err(invalid(
                &at_path,
                "an RFC 3339 timestamp (the field is missing)",
            ))
        }
    };
    let channel = opt_str(obj, "channel", path)?.map(|s| s.trim().to_string());
    let mut group = BTreeMap::new();
    if let Some(g) = get(obj, "group") {
        let gpath = ptr(path, "group");
        for (k, value) in object(g, &gpath)? {
            let parsed = match value {
                Value::Null => None,
                Value::String(s) if s.trim().is_empty() => None,
                Value::String(s) => Some(s.trim().to_string()),
                Value::Bool(b) => Some(b.to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => {
                    return Err(invalid(
                        &ptr(&gpath, k),
                        "a string, number or boolean (null when unknown)",
                    ))
                }
            };
            group.insert(k.clone(), parsed);
        }
    }
    Ok(Event {
        candidate_id,
        role,
        stage,
        at,
        channel,
        group,
    })
}

// ---------------------------------------------------------------------------------------------
// Journeys
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminal {
    Withdrawn,
    Rejected,
}

#[derive(Debug, Clone)]
struct Journey {
    role: String,
    max_stage: Option<usize>,
    /// Entry time per stage (nanoseconds since the epoch), when seen.
    entered: Vec<Option<i128>>,
    last_at: i128,
    terminal: Option<Terminal>,
    channel: Option<String>,
    group: BTreeMap<String, Option<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Completed,
    Withdrawn,
    Rejected,
    Stalled,
    Active,
}

fn warn(warnings: &mut Vec<Warning>, code: &str, event: usize, en: String, zh: String) {
    warnings.push(Warning {
        code: code.into(),
        event,
        en,
        zh,
    });
}

fn build_journeys(
    request: &FunnelRequest,
    warnings: &mut Vec<Warning>,
) -> BTreeMap<(String, String), Journey> {
    let mut order: Vec<usize> = (0..request.events.len()).collect();
    let first_out = request
        .events
        .windows(2)
        .position(|w| matches!(w, [a, b] if b.at < a.at));
    if let Some(p) = first_out {
        let i = p + 1;
        warn(
            warnings,
            "out_of_order",
            i,
            format!("Events are not in time order (event {i} is earlier than the one before it); they were sorted by `at`, keeping input order for equal times."),
            format!("事件未按时间排序（第 {i} 条早于前一条）；已按 `at` 稳定排序（时间相同时保持输入顺序）。"),
        );
        order.sort_by_key(|&i| request.events.get(i).map(|e| e.at));
    }
    let n_stages = request.stages.len();
    let mut journeys: BTreeMap<(String, String), Journey> = BTreeMap::new();
    for i in order {
        let Some(e) = request.events.get(i) else {
            continue;
        };
        let pos = request.stages.iter().position(|s| *s == e.stage);
        let terminal = match e.stage.as_str() {
            "withdrawn" => Some(Terminal::Withdrawn),
            "rejected" => Some(Terminal::Rejected),
            _ => None,
        };
        if pos.is_none() && terminal.is_none() {
            warn(
                warnings,
                "unknown_stage",
                i,
                format!(
                    "Event {i}: unknown stage {:?}; the event is ignored.",
                    e.stage
                ),
                format!("第 {i} 条事件：未知阶段 {:?}，已忽略。", e.stage),
            );
            continue;
        }
        let at = e.at.unix_timestamp_nanos();
        let j = journeys
            .entry((e.role.clone(), e.candidate_id.clone()))
            .or_insert_with(|| Journey {
                role: e.role.clone(),
                max_stage: None,
                entered: vec![None; n_stages],
                last_at: at,
                terminal: None,
                channel: None,
                group: BTreeMap::new(),
            });
        j.last_at = j.last_at.max(at);
        if let Some(c) = &e.channel {
            match &j.channel {
                None => j.channel = Some(c.clone()),
                Some(old) if old != c => warn(
                    warnings,
                    "conflicting_channel",
                    i,
                    format!("Event {i}: channel {c:?} differs from {old:?} seen earlier for candidate {} ({}); the first is kept.", e.candidate_id, e.role),
                    format!("第 {i} 条事件：渠道 {c:?} 与此前记录的 {old:?} 不同（候选人 {}，{}）；保留最早的渠道。", e.candidate_id, e.role),
                ),
                Some(_) => {}
            }
        }
        for (k, v) in &e.group {
            match (j.group.get(k), v) {
                (None, _) | (Some(None), Some(_)) => {
                    j.group.insert(k.clone(), v.clone());
                }
                (Some(Some(old)), Some(new)) if old != new => warn(
                    warnings,
                    "conflicting_group",
                    i,
                    format!("Event {i}: group value {k} = {new:?} differs from {old:?} seen earlier for candidate {}; the first is kept.", e.candidate_id),
                    format!("第 {i} 条事件：分组字段 {k} 的值 {new:?} 与此前的 {old:?} 不同（候选人 {}）；保留最早的值。", e.candidate_id),
                ),
                _ => {}
            }
        }
        if let Some(t) = terminal {
            if j.terminal.is_some() {
                warn(
                    warnings,
                    "duplicate",
                    i,
                    format!("Event {i}: candidate {} ({}) already ended as withdrawn or rejected; the event is ignored.", e.candidate_id, e.role),
                    format!("第 {i} 条事件：候选人 {}（{}）已是撤回或淘汰状态，此事件已忽略。", e.candidate_id, e.role),
                );
            } else {
                j.terminal = Some(t);
            }
            continue;
        }
        let Some(pos) = pos else { continue };
        if j.terminal.is_some() {
            warn(
                warnings,
                "after_terminal",
                i,
                format!("Event {i}: candidate {} ({}) enters {:?} after withdrawing or being rejected; the journey counts as reopened.", e.candidate_id, e.role, e.stage),
                format!("第 {i} 条事件：候选人 {}（{}）在撤回或淘汰后又进入 {:?}；视为流程重新开启。", e.candidate_id, e.role, e.stage),
            );
            j.terminal = None;
        }
        match j.max_stage {
            Some(m) if pos == m => warn(
                warnings,
                "duplicate",
                i,
                format!("Event {i}: candidate {} ({}) is already at {:?}; the first entry time is kept.", e.candidate_id, e.role, e.stage),
                format!("第 {i} 条事件：候选人 {}（{}）已处于 {:?} 阶段；保留首次进入时间。", e.candidate_id, e.role, e.stage),
            ),
            Some(m) if pos < m => warn(
                warnings,
                "backward",
                i,
                format!(
                    "Event {i}: candidate {} ({}) goes back from {:?} to {:?}; the furthest stage is kept.",
                    e.candidate_id,
                    e.role,
                    request.stages.get(m).map(String::as_str).unwrap_or(""),
                    e.stage
                ),
                format!(
                    "第 {i} 条事件：候选人 {}（{}）从 {:?} 退回到 {:?}；保留已到达的最远阶段。",
                    e.candidate_id,
                    e.role,
                    request.stages.get(m).map(String::as_str).unwrap_or(""),
                    e.stage
                ),
            ),
            _ => {
                if let Some(slot) = j.entered.get_mut(pos) {
                    *slot = Some(at);
                }
                j.max_stage = Some(pos);
            }
        }
    }
    journeys
}

fn status(j: &Journey, last_stage: usize, as_of: i128, stall_nanos: f64) -> Status {
    if j.max_stage == Some(last_stage) {
        return Status::Completed;
    }
    match j.terminal {
        Some(Terminal::Withdrawn) => Status::Withdrawn,
        Some(Terminal::Rejected) => Status::Rejected,
        None if (as_of - j.last_at) as f64 > stall_nanos => Status::Stalled,
        None => Status::Active,
    }
}

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

/// A stage as a past participle, for sentences: (English, Chinese).
fn stage_words(stage: &str) -> (String, String) {
    let known = match stage {
        "applied" => Some(("applied", "已投递")),
        "screened" => Some(("screened", "已通过筛选")),
        "interview_invited" => Some(("invited to interview", "已获面试邀约")),
        "interviewed" => Some(("interviewed", "已面试")),
        "offer" => Some(("offered", "已发录用通知")),
        "hired" => Some(("hired", "已入职")),
        _ => None,
    };
    match known {
        Some((en, zh)) => (en.to_string(), zh.to_string()),
        None => (format!("reached {stage}"), format!("已到达「{stage}」")),
    }
}

fn rate(count: u64, n: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        round(count as f64 / n as f64, 6)
    }
}

fn count_outcomes(statuses: &[Status]) -> Outcomes {
    let c = |s: Status| statuses.iter().filter(|&&x| x == s).count() as u64;
    Outcomes {
        completed: c(Status::Completed),
        withdrawn: c(Status::Withdrawn),
        rejected: c(Status::Rejected),
        stalled: c(Status::Stalled),
        active: c(Status::Active),
    }
}

struct Ctx<'a> {
    stages: &'a [String],
    as_of: i128,
    stall_nanos: f64,
    audit: Option<&'a AuditSpec>,
}

fn section(role: Option<&str>, journeys: &[&Journey], ctx: &Ctx<'_>) -> Section {
    let n = journeys.len() as u64;
    let last_stage = ctx.stages.len().saturating_sub(1);
    let label_en = role.unwrap_or("All roles");
    let label_zh = role.unwrap_or("全部岗位");
    let reached = |k: usize| {
        journeys
            .iter()
            .filter(|j| j.max_stage.is_some_and(|m| m >= k))
            .count() as u64
    };
    let mut progress = Vec::new();
    for (k, stage) in ctx.stages.iter().enumerate() {
        let r = reached(k);
        let share = rate(r, n);
        let (en, zh) = stage_words(stage);
        progress.push(StageProgress {
            stage: stage.clone(),
            reached: r,
            share,
            text: Bilingual::new(
                format!("{label_en}: {} {en}", percent(share)),
                format!("{label_zh}：{} {zh}", percent(share)),
            ),
        });
    }
    let parts_en: Vec<String> = progress
        .iter()
        .skip(1)
        .map(|p| format!("{} {}", percent(p.share), stage_words(&p.stage).0))
        .collect();
    let parts_zh: Vec<String> = progress
        .iter()
        .skip(1)
        .map(|p| format!("{} {}", percent(p.share), stage_words(&p.stage).1))
        .collect();
    let noun = if n == 1 { "candidate" } else { "candidates" };
    let summary = if parts_en.is_empty() {
        Bilingual::new(
            format!("{label_en}: {n} {noun}."),
            format!("{label_zh}：共 {n} 名候选人。"),
        )
    } else {
        Bilingual::new(
            format!("{label_en}: {n} {noun}; {}.", parts_en.join(", ")),
            format!("{label_zh}：共 {n} 名候选人；{}。", parts_zh.join("，")),
        )
    };

    let mut conversion = Vec::new();
    let mut durations = Vec::new();
    for (k, pair) in ctx.stages.windows(2).enumerate() {
        let [from, to] = pair else { continue };
        let entered = reached(k);
        let converted = reached(k + 1);
        conversion.push(Conversion {
            from: from.clone(),
            to: to.clone(),
            entered,
            converted,
            rate: (entered > 0).then(|| rate(converted, entered)),
        });
        let mut hours: Vec<f64> = journeys
            .iter()
            .filter_map(|j| {
                let a = j.entered.get(k).copied().flatten()?;
                let b = j.entered.get(k + 1).copied().flatten()?;
                (b >= a).then(|| (b - a) as f64 / NANOS_PER_HOUR)
            })
            .collect();
        hours.sort_by(f64::total_cmp);
        durations.push(StageDuration {
            from: from.clone(),
            to: to.clone(),
            n: hours.len() as u64,
            p50_hours: audit::stats::quantile_sorted(&hours, 0.5).map(|x| round(x, 4)),
            p90_hours: audit::stats::quantile_sorted(&hours, 0.9).map(|x| round(x, 4)),
        });
    }

    let statuses: Vec<Status> = journeys
        .iter()
        .map(|j| status(j, last_stage, ctx.as_of, ctx.stall_nanos))
        .collect();
    let outcomes = count_outcomes(&statuses);
    let mut by_channel: BTreeMap<&str, Vec<Status>> = BTreeMap::new();
    for (j, s) in journeys.iter().zip(&statuses) {
        by_channel
            .entry(j.channel.as_deref().unwrap_or("(none)"))
            .or_default()
            .push(*s);
    }
    let channels = by_channel
        .into_iter()
        .map(|(channel, st)| {
            let o = count_outcomes(&st);
            let candidates = st.len() as u64;
            let dropped_out = o.withdrawn + o.stalled;
            ChannelRow {
                channel: channel.to_string(),
                candidates,
                completion_rate: rate(o.completed, candidates),
                dropped_out,
                drop_out_rate: rate(dropped_out, candidates),
                outcomes: o,
            }
        })
        .collect();

    let pass_through = ctx
        .audit
        .map(|spec| pass_through(journeys, ctx.stages, spec));
    Section {
        role: role.map(str::to_string),
        candidates: n,
        summary,
        progress,
        conversion,
        durations,
        outcomes,
        channels,
        pass_through,
    }
}

fn pass_through(journeys: &[&Journey], stages: &[String], spec: &AuditSpec) -> Vec<PassThrough> {
    let options = AuditOptions {
        group_columns: spec.group.clone(),
        mode: Mode::Selected,
        outcome_column: PASSED_COLUMN.into(),
        bootstrap: BootstrapOptions {
            iterations: 0,
            ..BootstrapOptions::default()
        },
        small_share: spec.small_share,
        small_sample_policy: SmallSamplePolicy::Exclude,
    };
    let mut out = Vec::new();
    for (k, pair) in stages.windows(2).enumerate() {
        let [from, to] = pair else { continue };
        let records: Vec<Value> = journeys
            .iter()
            .filter(|j| j.max_stage.is_some_and(|m| m >= k))
            .map(|j| {
                let mut row = Map::new();
                for col in &spec.group {
                    let v = j.group.get(col).cloned().flatten();
                    row.insert(col.clone(), v.map(Value::from).unwrap_or(Value::Null));
                }
                let passed = j.max_stage.is_some_and(|m| m > k);
                row.insert(PASSED_COLUMN.into(), Value::from(u8::from(passed)));
                Value::Object(row)
            })
            .collect();
        let n = records.len() as u64;
        let empty = |note: Bilingual| PassThrough {
            from: from.clone(),
            to: to.clone(),
            n,
            reference_group: None,
            groups: Vec::new(),
            unknown: n,
            flagged: Vec::new(),
            note: Some(note),
        };
        if records.is_empty() {
            out.push(empty(Bilingual::new(
                format!("Nobody reached {from}."),
                format!("无人到达 {from} 阶段。"),
            )));
            continue;
        }
        match audit::audit(AuditData::Records(&records), &options) {
            Ok(report) => {
                let groups: Vec<PassGroup> = report
                    .groups
                    .iter()
                    .map(|g| PassGroup {
                        group: g.group.clone(),
                        n: g.n,
                        passed: g.selected.unwrap_or(0),
                        rate: round(g.selection_rate.unwrap_or(0.0), 6),
                        impact_ratio: g.impact_ratio.map(|x| round(x, 6)),
                        flag_four_fifths: g.flag_four_fifths,
                        fisher_p: g.fisher_p.map(|x| round(x, 6)),
                        small_sample: g.small_sample,
                        is_reference: g.is_reference,
                    })
                    .collect();
                let flagged = groups
                    .iter()
                    .filter(|g| g.flag_four_fifths == Some(true))
                    .map(|g| g.group.clone())
                    .collect();
                out.push(PassThrough {
                    from: from.clone(),
                    to: to.clone(),
                    n,
                    reference_group: report.reference_group.clone(),
                    groups,
                    unknown: report.unknown.n,
                    flagged,
                    note: None,
                });
            }
            Err(_) => out.push(empty(Bilingual::new(
                format!(
                    "No group values ({}) are known for the candidates who reached {from}; no table.",
                    spec.group.join(", ")
                ),
                format!(
                    "到达 {from} 阶段的候选人均无分组字段（{}）的值，无法计算。",
                    spec.group.join("、")
                ),
            ))),
        }
    }
    out
}

fn notes(request: &FunnelRequest) -> Vec<Bilingual> {
    let mut notes = vec![
        Bilingual::new(
            "A candidate who reached a stage counts as having passed every earlier stage, even when the earlier events are missing; shares are of all candidates of the role (one journey per candidate and role).",
            "到达某阶段的候选人视为已通过之前所有阶段（即使缺少对应事件）；比例的分母为该岗位的全部候选人（每位候选人每个岗位计一次）。",
        ),
        Bilingual::new(
            "Durations are measured only between two consecutive stages whose entry times were both recorded; p50/p90 interpolate linearly between order statistics.",
            "阶段时长仅在两个相邻阶段的进入时间均有记录时计算；p50/p90 为顺序统计量之间的线性插值。",
        ),
        Bilingual::new(
            format!("Drop-out = withdrew, or open with no event for more than {} days at as_of; rejected candidates are neither completed nor dropped out.", super::util::num_text(request.stall_days, 2)),
            format!("流失 = 主动撤回，或截至 as_of 超过 {} 天无任何事件的未结束流程；被淘汰者既不算完成也不算流失。", super::util::num_text(request.stall_days, 2)),
        ),
    ];
    if request.audit.is_some() {
        notes.push(Bilingual::new(
            "Pass-through by group: for each transition, the candidates who reached the first stage, selected = reached the next. Candidates still in progress count as not (yet) passed. Impact ratios and four-fifths flags come from the fairness audit; the four-fifths rule is a screening heuristic, not a legal finding.",
            "分组通过率：每个阶段转换中，以到达前一阶段的候选人为基数，到达下一阶段视为通过；仍在流程中的候选人计为尚未通过。影响比与五分之四标记来自公平性审计模块；五分之四规则是筛查参考，并非法律结论。",
        ));
    }
    notes
}

/// Computes the funnel report.
pub fn funnel(request: &FunnelRequest) -> Result<FunnelReport> {
    let mut warnings = Vec::new();
    let journeys = build_journeys(request, &mut warnings);
    warnings.sort_by_key(|w| w.event);
    let latest = request.events.iter().map(|e| e.at).max();
    let as_of = request.as_of.or(latest);
    let ctx = Ctx {
        stages: &request.stages,
        as_of: as_of.map(|t| t.unix_timestamp_nanos()).unwrap_or(0),
        stall_nanos: request.stall_days * NANOS_PER_DAY,
        audit: request.audit.as_ref(),
    };
    let all: Vec<&Journey> = journeys.values().collect();
    let overall = section(None, &all, &ctx);
    let mut by_role: BTreeMap<&str, Vec<&Journey>> = BTreeMap::new();
    for j in journeys.values() {
        by_role.entry(j.role.as_str()).or_default().push(j);
    }
    let roles: Vec<Section> = by_role
        .iter()
        .map(|(role, js)| section(Some(role), js, &ctx))
        .collect();
    let mut flags = Vec::new();
    for s in std::iter::once(&overall).chain(roles.iter()) {
        for p in s.pass_through.iter().flatten() {
            for g in p.groups.iter().filter(|g| g.flag_four_fifths == Some(true)) {
                flags.push(Flag {
                    role: s.role.clone(),
                    from: p.from.clone(),
                    to: p.to.clone(),
                    group: g.group.clone(),
                    impact_ratio: g.impact_ratio,
                });
            }
        }
    }
    Ok(FunnelReport {
        stages: request.stages.clone(),
        terminal_stages: TERMINAL_STAGES.iter().map(|s| s.to_string()).collect(),
        as_of: as_of.map(format_utc),
        stall_days: request.stall_days,
        n_events: request.events.len() as u64,
        overall,
        roles,
        flags,
        warnings,
        notes: notes(request),
    })
}

/// JSON entry point: a funnel request (see the module docs) → a [`FunnelReport`].
pub fn funnel_value(request: &Value) -> Result<Value> {
    let parsed = FunnelRequest::from_value(request)?;
    to_value(&funnel(&parsed)?)
}
