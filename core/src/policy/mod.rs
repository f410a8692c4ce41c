//! Jurisdiction policy: which behaviour signals may be used, on which conditions, and how long
//! data is kept (issue #6, item 1).
//!
//! Owns: the built-in jurisdiction profiles (`default`, `eu`, `cn`, `us-nyc`, `us-il`), custom
//! profiles from JSON, the affect name classifier, the signal gate ([`check`]) and retention timers
//! ([`retention_due`]). Must not touch: signal extraction, fusion or scoring (they take the gate's
//! decision as input), nor the archive types (consent records and signals are read, not changed).
//!
//! A signal falls into one or more of four categories: `content` (what was said), `voice`
//! (paralinguistic), `visual` (face and gesture summaries) and `affect` (any emotion or affect
//! inference; a signal whose *name* says emotion is affect whatever its category, see
//! [`is_affect_name`]). For each category a profile says `allowed`, `not_permitted` (the signal is
//! dropped with a reason; not an error) or `prohibited` (asking for it is
//! [`Error::PolicyViolation`] naming the rule). Allowed signals must then meet the profile's
//! requirements — a live consent record with a given purpose, a notice, a recent bias audit — or
//! the request is refused with [`Error::PolicyViolation`] (or, with `"missing_consent": "drop"`,
//! the signal is dropped).
//!
//! Request → response (through [`policy_check_value`]):
//!
//! ```
//! use serde_json::json;
//! use interviewkit_core::{policy::policy_check_value, ErrorCode};
//!
//! let consent = json!({"purpose": "biometric_analysis", "jurisdiction": "eu",
//!                      "granted_at": "2026-03-01T09:00:00Z"});
//! let out = policy_check_value(&json!({
//!     "policy": "eu",
//!     "signals": [{"category": "content", "name": "answer_score", "value": 4.0},
//!                 {"category": "voice", "name": "pause_ratio", "value": 0.12}],
//!     "consents": [consent],
//!     "at": "2026-03-02T10:00:00Z",
//! })).unwrap();
//! assert_eq!(out["allowed"].as_array().unwrap().len(), 2);
//! assert_eq!(out["policy"]["id"], "eu");
//!
//! // Emotion inference is prohibited in EU recruitment: refused, naming the rule.
//! let err = policy_check_value(&json!({
//!     "policy": "eu",
//!     "signals": [{"category": "visual", "name": "emotion_happiness", "value": 0.8}],
//!     "at": "2026-03-02T10:00:00Z",
//! })).unwrap_err();
//! assert_eq!(err.code(), ErrorCode::PolicyViolation);
//! assert!(err.to_string().contains("eu.ai_act.art5_1_f.emotion_recognition_workplace"));
//! ```
//!
//! See `docs/policy.md` for the profiles, the custom-profile format and the legal sources.
//! The built-in profiles are engineering defaults, not legal advice.

mod profile;
pub(crate) mod util;

use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use crate::error::{Error, Result};
use crate::interview::Text;
use crate::schema::types::{ConsentPurpose, ConsentRecord, Signal, SignalCategory, Timestamp};

use profile::{consent_purpose, retention_names, text_value};
pub use profile::{
    CategoryRule, Medium, Profile, Requirement, RequirementKind, Status, BUILTIN_IDS,
};
use util::{array, field, format_utc, invalid, no_unknown, object, string, timestamp};

/// Most signals one check may carry.
pub const MAX_SIGNALS: usize = 10_000;
/// Most consent records or notices one check may carry.
pub const MAX_RECORDS: usize = 1_000;

/// A signal category as the policy sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Derived from what was said.
    Content,
    /// Paralinguistic voice features (pitch, pauses, rate, loudness).
    Voice,
    /// Face and gesture summaries from the host's vision pipeline.
    Visual,
    /// Any emotion or affect inference, from face or voice.
    Affect,
}

impl Category {
    /// The four categories, in output order.
    pub const ALL: [Category; 4] = [
        Category::Content,
        Category::Voice,
        Category::Visual,
        Category::Affect,
    ];

    /// The JSON name (`content`, `voice`, `visual`, `affect`).
    pub fn name(self) -> &'static str {
        match self {
            Category::Content => "content",
            Category::Voice => "voice",
            Category::Visual => "visual",
            Category::Affect => "affect",
        }
    }

    /// Parses a JSON name; `path` names the field in errors.
    pub fn parse(s: &str, path: &str) -> Result<Category> {
        Category::ALL
            .iter()
            .copied()
            .find(|c| c.name() == s)
            .ok_or_else(|| {
                invalid(
                    path,
                    format!("one of content, voice, visual, affect; got {s:?}"),
                )
            })
    }

    fn zh(self) -> &'static str {
        match self {
            Category::Content => "回答内容",
            Category::Voice => "语音",
            Category::Visual => "视觉（面部与手势）",
            Category::Affect => "情绪推断",
        }
    }

    /// Words a consent record's `scope` may use for this category (lower case).
    pub fn scope_names(self) -> &'static [&'static str] {
        match self {
            Category::Content => &["content", "transcript", "answers", "text"],
            Category::Voice => &["voice", "audio"],
            Category::Visual => &["visual", "video", "face", "gesture"],
            Category::Affect => &["affect", "emotion"],
        }
    }
}

impl From<SignalCategory> for Category {
    fn from(c: SignalCategory) -> Self {
        match c {
            SignalCategory::Content => Category::Content,
            SignalCategory::Voice => Category::Voice,
            SignalCategory::Visual => Category::Visual,
        }
    }
}

/// Name tokens that make a signal affect (emotion inference), matched whole after splitting the
/// name at `_`, `-`, `.`, spaces, digits and camelCase humps, lower-cased. Any token starting
/// with `emotion` also counts.
pub const AFFECT_TOKENS: &[&str] = &[
    "affect",
    "affective",
    "valence",
    "arousal",
    "mood",
    "happiness",
    "happy",
    "joy",
    "sadness",
    "sad",
    "anger",
    "angry",
    "fear",
    "fearful",
    "disgust",
    "disgusted",
    "surprise",
    "surprised",
    "contempt",
    "smile",
    "smiles",
    "smiling",
    "frown",
    "frowning",
    "laugh",
    "laughter",
    "stress",
    "stressed",
    "anxiety",
    "anxious",
    "nervous",
    "nervousness",
    "enthusiasm",
    "enthusiastic",
    "excitement",
    "excited",
    "boredom",
    "bored",
    "frustration",
    "frustrated",
    "embarrassment",
    "embarrassed",
    "shame",
    "amusement",
    "satisfaction",
];

/// Chinese substrings that make a signal affect.
pub const AFFECT_SUBSTRINGS_ZH: &[&str] = &["情绪", "情感", "情緒", "微笑", "笑容", "表情"];

/// True when a signal name says emotion or affect inference: `emotion_happiness`, `valence`,
/// `arousal`, `smile_ratio`, MediaPipe's `mouthSmileLeft`, `stress_level`, `情绪得分`.
///
/// The classifier looks at the name only, whatever category the signal claims: a text measure
/// whose name looks like emotion (`emotion_words`) is treated as affect — name it otherwise if it
/// is not emotion inference. `sentiment` alone is not affect (it describes what was said).
pub fn is_affect_name(name: &str) -> bool {
    if AFFECT_SUBSTRINGS_ZH.iter().any(|s| name.contains(s)) {
        return true;
    }
    tokens(name)
        .iter()
        .any(|t| t.starts_with("emotion") || AFFECT_TOKENS.contains(&t.as_str()))
}

/// `mouthSmileLeft` → `mouth`, `smile`, `left`; `emotion_happiness-2` → `emotion`, `happiness`.
fn tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch.is_alphabetic() {
            if ch.is_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = ch.is_lowercase();
            cur.extend(ch.to_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The categories a signal falls into: its own, plus `affect` when its name says emotion
/// ([`is_affect_name`]). A signal sent with category `affect` is affect only.
pub fn classify(category: Category, name: &str) -> Vec<Category> {
    if category == Category::Affect {
        vec![Category::Affect]
    } else if is_affect_name(name) {
        vec![category, Category::Affect]
    } else {
        vec![category]
    }
}

/// A signal the host wants to use: its category and name (values do not matter to the gate).
#[derive(Debug, Clone, PartialEq)]
pub struct SignalRef {
    /// Category as the host declares it (`affect` allowed here, unlike in the archive).
    pub category: Category,
    /// Feature name.
    pub name: String,
}

impl From<&Signal> for SignalRef {
    fn from(s: &Signal) -> Self {
        SignalRef {
            category: s.category.into(),
            name: s.name.clone(),
        }
    }
}

/// A notice given to the candidate (for requirements of kind `notice`).
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRecord {
    /// The notice id the profile names (`aedt_use`).
    pub notice: String,
    /// When it was given.
    pub given_at: Timestamp,
    /// Version of the notice text, if known.
    pub version: Option<String>,
}

/// The bias audit of the tool (for requirements of kind `bias_audit`).
#[derive(Debug, Clone, PartialEq)]
pub struct BiasAudit {
    /// Where the audit (or its public summary) is found.
    pub reference: String,
    /// When it was completed: `YYYY-MM-DD` or RFC 3339.
    pub date: String,
}

/// What to do with an allowed signal whose enforced requirement (consent, notice, audit) is not
/// met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnMissing {
    /// Refuse the whole request with [`Error::PolicyViolation`] (the default).
    #[default]
    Refuse,
    /// Drop the signal with reason `requirement_not_met`.
    Drop,
}

/// What the host asks the gate.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckRequest {
    /// The signals it wants to use.
    pub signals: Vec<SignalRef>,
    /// The candidate's consent records (archive form).
    pub consents: Vec<ConsentRecord>,
    /// Notices given to the candidate.
    pub notices: Vec<NoticeRecord>,
    /// The tool's bias audit, if any.
    pub bias_audit: Option<BiasAudit>,
    /// When the signals would be used; consents are judged at this time.
    pub at: Timestamp,
    /// How the interview was conducted; `None` infers it from the signals (any visual → video,
    /// else any voice → audio, else text).
    pub medium: Option<Medium>,
    /// Refuse or drop when a requirement is not met.
    pub on_missing: OnMissing,
}

/// Why a signal was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// The profile does not permit one of the signal's categories.
    CategoryNotPermitted,
    /// An enforced requirement was not met and the request said `"missing_consent": "drop"`.
    RequirementNotMet,
}

impl DropReason {
    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            DropReason::CategoryNotPermitted => "category_not_permitted",
            DropReason::RequirementNotMet => "requirement_not_met",
        }
    }
}

/// A signal the gate did not let through.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// Index into the request's signals.
    pub index: usize,
    /// Signal name.
    pub name: String,
    /// The category the host declared.
    pub category: Category,
    /// Every category it falls into ([`classify`]).
    pub categories: Vec<Category>,
    /// Why.
    pub reason: DropReason,
    /// The rule id.
    pub rule: String,
    /// For people.
    pub message: Text,
}

/// How one of the profile's requirements stands for this request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementStatus {
    /// Index into the profile's requirements.
    pub requirement: usize,
    /// The requested categories it applies to.
    pub categories: Vec<Category>,
    /// True when met for every one of them.
    pub satisfied: bool,
    /// What met it: `consents[0]`, `notices[1]`, `bias_audit`.
    pub evidence: Vec<String>,
    /// Why it is not met (the first category that is not), if it is not.
    pub missing: Option<String>,
}

/// The gate's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The medium used to decide which requirements apply.
    pub medium: Medium,
    /// Indices of the signals that may be used, in request order.
    pub allowed: Vec<usize>,
    /// The others, in request order.
    pub dropped: Vec<Dropped>,
    /// Every requirement that applies to a requested signal not dropped for its category, in
    /// profile order.
    pub requirements: Vec<RequirementStatus>,
}

struct ParsedConsent {
    purpose: ConsentPurpose,
    scope: Vec<String>,
    granted: OffsetDateTime,
    withdrawn: Option<OffsetDateTime>,
    has_notice: bool,
}

/// Runs the gate: which of `request.signals` may be used under `profile`.
///
/// Errors: [`Error::PolicyViolation`] when a signal falls into a prohibited category (always), or
/// when an enforced requirement is not met and `on_missing` is [`OnMissing::Refuse`] — the error
/// names the rule and the first signal concerned. A consent counts when its purpose matches, it
/// was granted at or before `at`, it was not withdrawn at or before `at`, its `scope` is empty or
/// names the category (see [`Category::scope_names`]) and, for requirements `with_notice`, it
/// carries a `notice_version`. A consent's `jurisdiction` is not compared with the profile id.
/// Bad timestamps are [`Error::InvalidArgument`] naming the field (`consents[2].granted_at`).
pub fn check(profile: &Profile, request: &CheckRequest) -> Result<Decision> {
    if request.signals.len() > MAX_SIGNALS {
        return Err(Error::LimitExceeded {
            what: "signals (number of signals)".into(),
            limit: MAX_SIGNALS as u64,
            actual: request.signals.len() as u64,
        });
    }
    for (what, n) in [
        ("consents", request.consents.len()),
        ("notices", request.notices.len()),
    ] {
        if n > MAX_RECORDS {
            return Err(Error::LimitExceeded {
                what: format!("{what} (number of records)"),
                limit: MAX_RECORDS as u64,
                actual: n as u64,
            });
        }
    }
    let at = timestamp(&request.at.0, "at")?;
    let consents = parse_consents(&request.consents)?;
    let mut notices = Vec::new();
    for (i, n) in request.notices.iter().enumerate() {
        notices.push((
            n.notice.as_str(),
            timestamp(&n.given_at.0, &format!("notices[{i}].given_at"))?,
        ));
    }
    let audit = match &request.bias_audit {
        Some(a) => Some(util::timestamp_or_date(&a.date, "bias_audit.date")?),
        None => None,
    };

    let classified: Vec<Vec<Category>> = request
        .signals
        .iter()
        .map(|s| classify(s.category, &s.name))
        .collect();

    // 1. Prohibited categories refuse the whole request.
    for (i, (s, cats)) in request.signals.iter().zip(&classified).enumerate() {
        for c in cats {
            let rule = profile.rule(*c)?;
            if rule.status == Status::Prohibited {
                let why = rule
                    .reason
                    .as_ref()
                    .map(|r| format!(": {}", r.en.trim_end_matches('.')))
                    .unwrap_or_default();
                return Err(Error::PolicyViolation {
                    rule: rule.rule.clone(),
                    message: format!(
                        "signals[{i}] `{}` is {} and the `{}` policy prohibits {} signals{why}. Remove it from the request.",
                        s.name,
                        describe(cats),
                        profile.id,
                        c.name()
                    ),
                });
            }
        }
    }

    // 2. Categories the profile does not permit: dropped.
    let mut dropped: Vec<Dropped> = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    for (i, (s, cats)) in request.signals.iter().zip(&classified).enumerate() {
        let mut not_permitted = None;
        for c in cats {
            let rule = profile.rule(*c)?;
            if rule.status == Status::NotPermitted {
                not_permitted = Some((*c, rule));
                break;
            }
        }
        match not_permitted {
            Some((c, rule)) => dropped.push(Dropped {
                index: i,
                name: s.name.clone(),
                category: s.category,
                categories: cats.clone(),
                reason: DropReason::CategoryNotPermitted,
                rule: rule.rule.clone(),
                message: Text {
                    zh: format!(
                        "“{}”未使用：{} 策略不允许使用{}信号。{}",
                        s.name,
                        profile.id,
                        c.zh(),
                        rule.reason.as_ref().map(|r| r.zh.as_str()).unwrap_or("")
                    )
                    .trim_end()
                    .to_string(),
                    en: format!(
                        "`{}` was not used: the {} policy does not permit {} signals. {}",
                        s.name,
                        profile.id,
                        c.name(),
                        rule.reason.as_ref().map(|r| r.en.as_str()).unwrap_or("")
                    )
                    .trim_end()
                    .to_string(),
                },
            }),
            None => candidates.push(i),
        }
    }

    // 3. Requirements of the categories still in play.
    let medium = request
        .medium
        .unwrap_or_else(|| infer_medium(&request.signals));
    let mut statuses = Vec::new();
    // Per requirement: per category, Ok(evidence) or Err(why not).
    let mut per_category: Vec<Vec<(Category, std::result::Result<String, String>)>> = Vec::new();
    for (ri, req) in profile.requirements.iter().enumerate() {
        if !req.media.is_empty() && !req.media.contains(&medium) {
            per_category.push(Vec::new());
            continue;
        }
        let mut cats: Vec<Category> = Vec::new();
        for &i in &candidates {
            for c in classified.get(i).into_iter().flatten() {
                if req.categories.contains(c) && !cats.contains(c) {
                    cats.push(*c);
                }
            }
        }
        cats.sort();
        if cats.is_empty() {
            per_category.push(Vec::new());
            continue;
        }
        let results: Vec<(Category, std::result::Result<String, String>)> = cats
            .iter()
            .map(|c| (*c, evaluate(req, *c, at, &consents, &notices, audit)))
            .collect();
        let mut evidence: Vec<String> = Vec::new();
        for (_, r) in &results {
            if let Ok(e) = r {
                if !evidence.contains(e) {
                    evidence.push(e.clone());
                }
            }
        }
        let missing = results.iter().find_map(|(_, r)| r.as_ref().err().cloned());
        statuses.push(RequirementStatus {
            requirement: ri,
            categories: cats,
            satisfied: missing.is_none(),
            evidence,
            missing,
        });
        per_category.push(results);
    }

    // 4. Signals whose enforced requirement is not met: refuse or drop.
    let mut allowed = Vec::new();
    for &i in &candidates {
        let (Some(s), Some(cats)) = (request.signals.get(i), classified.get(i)) else {
            continue;
        };
        let mut failure = None;
        'reqs: for (req, results) in profile.requirements.iter().zip(&per_category) {
            if !req.enforce {
                continue;
            }
            for (c, r) in results {
                if let (true, Err(why)) = (cats.contains(c), r) {
                    failure = Some((req, *c, why.clone()));
                    break 'reqs;
                }
            }
        }
        match failure {
            None => allowed.push(i),
            Some((req, c, why)) => match request.on_missing {
                OnMissing::Refuse => {
                    return Err(Error::PolicyViolation {
                        rule: req.rule.clone(),
                        message: format!(
                            "signals[{i}] `{}` ({}) under the `{}` policy: {}. {} (Send \"missing_consent\": \"drop\" to drop such signals instead.)",
                            s.name,
                            c.name(),
                            profile.id,
                            why,
                            req.description.en
                        ),
                    });
                }
                OnMissing::Drop => dropped.push(Dropped {
                    index: i,
                    name: s.name.clone(),
                    category: s.category,
                    categories: cats.clone(),
                    reason: DropReason::RequirementNotMet,
                    rule: req.rule.clone(),
                    message: Text {
                        zh: format!("“{}”未使用：{}", s.name, req.description.zh),
                        en: format!("`{}` was not used: {why}. {}", s.name, req.description.en),
                    },
                }),
            },
        }
    }
    dropped.sort_by_key(|d| d.index);
    Ok(Decision {
        medium,
        allowed,
        dropped,
        requirements: statuses,
    })
}

fn describe(cats: &[Category]) -> String {
    if cats.contains(&Category::Affect) {
        "emotion/affect inference".into()
    } else {
        cats.iter().map(|c| c.name()).collect::<Vec<_>>().join("+")
    }
}

fn infer_medium(signals: &[SignalRef]) -> Medium {
    if signals.iter().any(|s| s.category == Category::Visual) {
        Medium::Video
    } else if signals.iter().any(|s| s.category == Category::Voice) {
        Medium::Audio
    } else {
        Medium::Text
    }
}

fn parse_consents(records: &[ConsentRecord]) -> Result<Vec<ParsedConsent>> {
    let mut out = Vec::new();
    for (i, c) in records.iter().enumerate() {
        let granted = timestamp(&c.granted_at.0, &format!("consents[{i}].granted_at"))?;
        let withdrawn = match &c.withdrawn_at {
            Some(w) => {
                let p = format!("consents[{i}].withdrawn_at");
                let w = timestamp(&w.0, &p)?;
                if w < granted {
                    return Err(invalid(&p, "a time at or after granted_at"));
                }
                Some(w)
            }
            None => None,
        };
        out.push(ParsedConsent {
            purpose: c.purpose,
            scope: c.scope.iter().map(|s| s.to_lowercase()).collect(),
            granted,
            withdrawn,
            has_notice: c
                .notice_version
                .as_deref()
                .is_some_and(|v| !v.trim().is_empty()),
        });
    }
    Ok(out)
}

fn purpose_name(p: ConsentPurpose) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Whether `req` is met for category `c` at `at`: `Ok(evidence)` or `Err(why not)`.
fn evaluate(
    req: &Requirement,
    c: Category,
    at: OffsetDateTime,
    consents: &[ParsedConsent],
    notices: &[(&str, OffsetDateTime)],
    audit: Option<OffsetDateTime>,
) -> std::result::Result<String, String> {
    match req.kind {
        RequirementKind::Consent => {
            let Some(purpose) = req.purpose else {
                return Err("the requirement names no purpose".into());
            };
            let p = purpose_name(purpose);
            let mut why: Option<String> = None;
            for (i, k) in consents.iter().enumerate() {
                if k.purpose != purpose {
                    continue;
                }
                let reason = if k.granted > at {
                    Some(format!("consents[{i}] ({p}) was granted after `at`"))
                } else if k.withdrawn.is_some_and(|w| w <= at) {
                    Some(format!("consents[{i}] ({p}) was withdrawn"))
                } else if !k.scope.is_empty()
                    && !k
                        .scope
                        .iter()
                        .any(|s| c.scope_names().contains(&s.as_str()))
                {
                    Some(format!(
                        "consents[{i}] ({p}) has a scope that does not cover {} (scope names for it: {})",
                        c.name(),
                        c.scope_names().join(", ")
                    ))
                } else if req.with_notice && !k.has_notice {
                    Some(format!(
                        "consents[{i}] ({p}) has no notice_version: this rule needs notice as well as consent"
                    ))
                } else {
                    None
                };
                match reason {
                    None => return Ok(format!("consents[{i}]")),
                    Some(r) => {
                        why.get_or_insert(r);
                    }
                }
            }
            Err(why.unwrap_or_else(|| {
                format!(
                    "no consent record with purpose {p}{}",
                    if req.with_notice {
                        " and a notice_version"
                    } else {
                        ""
                    }
                )
            }))
        }
        RequirementKind::Notice => {
            let id = req.notice.as_deref().unwrap_or("");
            let mut later = false;
            for (i, (n, given)) in notices.iter().enumerate() {
                if *n == id {
                    if *given <= at {
                        return Ok(format!("notices[{i}]"));
                    }
                    later = true;
                }
            }
            Err(if later {
                format!("notice `{id}` was given after `at`")
            } else {
                format!("no notices entry with notice `{id}`")
            })
        }
        RequirementKind::BiasAudit => {
            let max = req.max_age_days.unwrap_or(0);
            match audit {
                None => Err("no bias_audit in the request".into()),
                Some(d) if d > at => Err("the bias audit is dated after `at`".into()),
                Some(d) => {
                    // Whole calendar days (UTC) between the audit date and the day of `at`.
                    let utc = time::UtcOffset::UTC;
                    let age = (at.to_offset(utc).date() - d.to_offset(utc).date()).whole_days();
                    if u64::try_from(age).is_ok_and(|a| a <= max) {
                        Ok("bias_audit".into())
                    } else {
                        Err(format!(
                            "the bias audit is {age} days old at `at`, more than {max}"
                        ))
                    }
                }
            }
        }
    }
}

/// When data of `category` collected at `collected_at` must be deleted under `profile`.
///
/// Errors name `category` (not among the profile's retention timers) or the timestamp field.
pub fn delete_by(profile: &Profile, category: &str, collected_at: &Timestamp) -> Result<Timestamp> {
    let days = profile
        .retention_days
        .get(category)
        .copied()
        .ok_or_else(|| {
            invalid(
                "category",
                format!(
                    "a data category with a retention timer in the `{}` policy: {}",
                    profile.id,
                    retention_names(profile)
                ),
            )
        })?;
    let collected = timestamp(&collected_at.0, "collected_at")?;
    let due = add_days(collected, days, "collected_at")?;
    Ok(Timestamp(format_utc(due)))
}

/// Whether data of `category` collected at `collected_at` must be deleted at `at`: true once
/// `at` is at or after `collected_at` plus the profile's timer for the category.
pub fn retention_due(
    profile: &Profile,
    category: &str,
    collected_at: &Timestamp,
    at: &Timestamp,
) -> Result<bool> {
    let due = delete_by(profile, category, collected_at)?;
    let due = timestamp(&due.0, "collected_at")?;
    Ok(timestamp(&at.0, "at")? >= due)
}

fn add_days(t: OffsetDateTime, days: u64, path: &str) -> Result<OffsetDateTime> {
    i64::try_from(days)
        .ok()
        .and_then(|d| t.checked_add(time::Duration::days(d)))
        .ok_or_else(|| {
            invalid(
                path,
                "a timestamp whose retention deadline is before year 10000",
            )
        })
}

// ---------------------------------------------------------------------------------------------
// JSON entry points
// ---------------------------------------------------------------------------------------------

/// `policy_profile`: `{"policy": "eu" | {custom}}` → the full profile (the custom-profile format
/// plus `hash`), so hosts can show it and cite its hash.
pub fn policy_profile_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    no_unknown(req, &["policy"], "")?;
    let profile = Profile::resolve(field(req, "policy", "")?, "policy")?;
    Ok(profile.to_value())
}

/// `policy_check`: `{"policy", "signals", "consents"?, "notices"?, "bias_audit"?, "at",
/// "medium"?, "missing_consent"?, "collected_at"?}` → `{"policy", "at", "medium", "allowed",
/// "dropped", "required_notices", "requirements", "retention"}` (see `docs/policy.md`).
///
/// `allowed` holds the request's signal objects unchanged, in request order, so hosts can store
/// them in the archive Interview. Refusals are [`Error::PolicyViolation`] naming the rule.
pub fn policy_check_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    no_unknown(
        req,
        &[
            "policy",
            "signals",
            "consents",
            "notices",
            "bias_audit",
            "at",
            "medium",
            "missing_consent",
            "collected_at",
        ],
        "",
    )?;
    let profile = Profile::resolve(field(req, "policy", "")?, "policy")?;
    let signal_values = array(field(req, "signals", "")?, "signals")?;
    if signal_values.len() > MAX_SIGNALS {
        return Err(Error::LimitExceeded {
            what: "signals (number of signals)".into(),
            limit: MAX_SIGNALS as u64,
            actual: signal_values.len() as u64,
        });
    }
    let signals = signal_values
        .iter()
        .enumerate()
        .map(|(i, s)| parse_signal(s, &format!("signals[{i}]")))
        .collect::<Result<Vec<_>>>()?;
    let consents = match req.get("consents") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => {
            let items = array(v, "consents")?;
            limit_records("consents", items.len())?;
            items
                .iter()
                .enumerate()
                .map(|(i, c)| parse_consent(c, &format!("consents[{i}]")))
                .collect::<Result<Vec<_>>>()?
        }
    };
    let notices = match req.get("notices") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => {
            let items = array(v, "notices")?;
            limit_records("notices", items.len())?;
            items
                .iter()
                .enumerate()
                .map(|(i, n)| parse_notice(n, &format!("notices[{i}]")))
                .collect::<Result<Vec<_>>>()?
        }
    };
    let bias_audit = match req.get("bias_audit") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let o = object(v, "bias_audit")?;
            no_unknown(o, &["reference", "date"], "bias_audit")?;
            let reference = string(field(o, "reference", "bias_audit")?, "bias_audit.reference")?;
            if reference.trim().is_empty() {
                return Err(invalid(
                    "bias_audit.reference",
                    "where the audit or its summary is published (a non-empty string)",
                ));
            }
            let date = string(field(o, "date", "bias_audit")?, "bias_audit.date")?;
            util::timestamp_or_date(date, "bias_audit.date")?;
            Some(BiasAudit {
                reference: reference.to_string(),
                date: date.to_string(),
            })
        }
    };
    let at = string(field(req, "at", "")?, "at")?;
    timestamp(at, "at")?;
    let medium = match req.get("medium") {
        None | Some(Value::Null) => None,
        Some(v) => Some(Medium::parse(string(v, "medium")?, "medium")?),
    };
    let on_missing = match req.get("missing_consent") {
        None | Some(Value::Null) => OnMissing::Refuse,
        Some(v) => match string(v, "missing_consent")? {
            "refuse" => OnMissing::Refuse,
            "drop" => OnMissing::Drop,
            other => {
                return Err(invalid(
                    "missing_consent",
                    format!("refuse or drop; got {other:?}"),
                ))
            }
        },
    };
    let collected_at = match req.get("collected_at") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let s = string(v, "collected_at")?;
            timestamp(s, "collected_at")?;
            Some(Timestamp(s.to_string()))
        }
    };
    let request = CheckRequest {
        signals,
        consents,
        notices,
        bias_audit,
        at: Timestamp(at.to_string()),
        medium,
        on_missing,
    };
    let decision = check(&profile, &request)?;
    decision_value(
        &profile,
        &request,
        &decision,
        signal_values,
        collected_at.as_ref(),
    )
}

fn limit_records(what: &str, n: usize) -> Result<()> {
    if n > MAX_RECORDS {
        return Err(Error::LimitExceeded {
            what: format!("{what} (number of records)"),
            limit: MAX_RECORDS as u64,
            actual: n as u64,
        });
    }
    Ok(())
}

fn decision_value(
    profile: &Profile,
    request: &CheckRequest,
    decision: &Decision,
    signal_values: &[Value],
    collected_at: Option<&Timestamp>,
) -> Result<Value> {
    let allowed: Vec<Value> = decision
        .allowed
        .iter()
        .filter_map(|&i| signal_values.get(i).cloned())
        .collect();
    let dropped: Vec<Value> = decision
        .dropped
        .iter()
        .map(|d| {
            json!({
                "index": d.index,
                "signal": d.name,
                "category": d.category.name(),
                "categories": d.categories.iter().map(|c| c.name()).collect::<Vec<_>>(),
                "reason": d.reason.name(),
                "rule": d.rule,
                "message": text_value(&d.message),
            })
        })
        .collect();
    let mut notices = Vec::new();
    let mut requirements = Vec::new();
    for st in &decision.requirements {
        let Some(req) = profile.requirements.get(st.requirement) else {
            continue;
        };
        let cats: Vec<&str> = st.categories.iter().map(|c| c.name()).collect();
        if req.kind == RequirementKind::Notice
            || (req.kind == RequirementKind::Consent && req.with_notice)
        {
            notices.push(json!({
                "rule": req.rule,
                "kind": req.kind.name(),
                "notice": req.notice,
                "purpose": req.purpose,
                "categories": cats,
                "enforced": req.enforce,
                "satisfied": st.satisfied,
                "description": text_value(&req.description),
            }));
        }
        requirements.push(json!({
            "rule": req.rule,
            "kind": req.kind.name(),
            "categories": cats,
            "enforced": req.enforce,
            "satisfied": st.satisfied,
            "evidence": st.evidence,
            "missing": st.missing,
            "description": text_value(&req.description),
        }));
    }
    let mut retention = Map::new();
    for (category, days) in &profile.retention_days {
        let (delete_by_ts, due) = match collected_at {
            Some(c) => (
                Some(delete_by(profile, category, c)?.0),
                Some(retention_due(profile, category, c, &request.at)?),
            ),
            None => (None, None),
        };
        retention.insert(
            category.clone(),
            json!({"days": days, "delete_by": delete_by_ts, "due": due}),
        );
    }
    Ok(json!({
        "policy": {"id": profile.id, "version": profile.version, "hash": profile.hash},
        "at": request.at.0,
        "medium": decision.medium.name(),
        "allowed": allowed,
        "dropped": dropped,
        "required_notices": notices,
        "requirements": requirements,
        "retention": retention,
    }))
}

fn parse_signal(v: &Value, path: &str) -> Result<SignalRef> {
    let o = object(v, path)?;
    let cp = format!("{path}.category");
    let category = Category::parse(string(field(o, "category", path)?, &cp)?, &cp)?;
    let np = format!("{path}.name");
    let name = string(field(o, "name", path)?, &np)?;
    if name.trim().is_empty() || name.chars().count() > 128 {
        return Err(invalid(&np, "a signal name of 1–128 characters"));
    }
    if let Some(value) = o.get("value") {
        if !value.is_number() && !value.is_null() {
            return Err(invalid(&format!("{path}.value"), "a number"));
        }
    }
    Ok(SignalRef {
        category,
        name: name.to_string(),
    })
}

/// A consent record in archive form; unknown fields are allowed (the archive keeps them).
fn parse_consent(v: &Value, path: &str) -> Result<ConsentRecord> {
    let o = object(v, path)?;
    let purpose = consent_purpose(field(o, "purpose", path)?, &format!("{path}.purpose"))?;
    let scope = match o.get("scope") {
        None | Some(Value::Null) => Vec::new(),
        Some(s) => {
            let sp = format!("{path}.scope");
            array(s, &sp)?
                .iter()
                .enumerate()
                .map(|(i, x)| string(x, &format!("{sp}[{i}]")).map(str::to_string))
                .collect::<Result<Vec<_>>>()?
        }
    };
    let jp = format!("{path}.jurisdiction");
    let jurisdiction = string(field(o, "jurisdiction", path)?, &jp)?;
    if jurisdiction.is_empty() {
        return Err(invalid(&jp, "a non-empty jurisdiction (e.g. eu)"));
    }
    let gp = format!("{path}.granted_at");
    let granted_at = string(field(o, "granted_at", path)?, &gp)?;
    timestamp(granted_at, &gp)?;
    let withdrawn_at = match o.get("withdrawn_at") {
        None | Some(Value::Null) => None,
        Some(w) => {
            let wp = format!("{path}.withdrawn_at");
            let s = string(w, &wp)?;
            timestamp(s, &wp)?;
            Some(Timestamp(s.to_string()))
        }
    };
    let notice_version = match o.get("notice_version") {
        None | Some(Value::Null) => None,
        Some(n) => Some(string(n, &format!("{path}.notice_version"))?.to_string()),
    };
    let known = [
        "purpose",
        "scope",
        "jurisdiction",
        "granted_at",
        "withdrawn_at",
        "notice_version",
    ];
    let extra: Map<String, Value> = o
        .iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(ConsentRecord {
        purpose,
        scope,
        jurisdiction: jurisdiction.to_string(),
        granted_at: Timestamp(granted_at.to_string()),
        withdrawn_at,
        notice_version,
        extra,
    })
}

fn parse_notice(v: &Value, path: &str) -> Result<NoticeRecord> {
    let o = object(v, path)?;
    no_unknown(o, &["notice", "given_at", "version"], path)?;
    let np = format!("{path}.notice");
    let notice = string(field(o, "notice", path)?, &np)?;
    if notice.is_empty() {
        return Err(invalid(
            &np,
            "the notice id the policy names (e.g. aedt_use)",
        ));
    }
    let gp = format!("{path}.given_at");
    let given_at = string(field(o, "given_at", path)?, &gp)?;
    timestamp(given_at, &gp)?;
    let version = match o.get("version") {
        None | Some(Value::Null) => None,
        Some(x) => Some(string(x, &format!("{path}.version"))?.to_string()),
    };
    Ok(NoticeRecord {
        notice: notice.to_string(),
        given_at: Timestamp(given_at.to_string()),
        version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affect_classifier() {
        for name in [
            "emotion_happiness",
            "emotions",
            "valence",
            "arousal",
            "happiness",
            "smile_ratio",
            "mouthSmileLeft",
            "stress_level",
            "EmotionScore",
            "情绪得分",
            "face.anger",
        ] {
            assert!(is_affect_name(name), "{name} should be affect");
        }
        for name in [
            "pause_ratio",
            "speech_rate_wpm",
            "gaze_at_camera_ratio",
            "head_movement",
            "pitch_mean_hz",
            "sentiment",
            "jawOpen",
            "eyeBlinkLeft",
            "filler_rate",
            "saddle_point",
        ] {
            assert!(!is_affect_name(name), "{name} should not be affect");
        }
    }

    #[test]
    fn tokens_split_camel_case_and_separators() {
        assert_eq!(tokens("mouthSmileLeft"), ["mouth", "smile", "left"]);
        assert_eq!(tokens("emotion_happiness-2"), ["emotion", "happiness"]);
        assert_eq!(tokens("HTTPServer"), ["httpserver"]);
    }

    #[test]
    fn builtins_parse_and_round_trip() {
        for id in BUILTIN_IDS {
            let p = Profile::builtin(id, "policy").unwrap();
            assert_eq!(p.id, id);
            assert_eq!(p.hash.len(), 64);
            // A custom copy (renamed) parses back to the same content.
            let mut v = p.to_value();
            v["id"] = json!(format!("copy-{id}"));
            v.as_object_mut().unwrap().remove("hash");
            let q = Profile::from_value(&v, "policy").unwrap();
            assert_eq!(q.categories, p.categories);
            assert_eq!(q.requirements, p.requirements);
            assert_eq!(q.retention_days, p.retention_days);
        }
    }

    #[test]
    fn date_only_audit_dates() {
        let t = util::timestamp_or_date("2026-01-15", "x").unwrap();
        assert_eq!(format_utc(t), "2026-01-15T00:00:00Z");
        assert!(util::timestamp_or_date("2026-02-30", "x").is_err());
        assert!(util::timestamp_or_date("26-01-15", "x").is_err());
    }
}
