//! Jurisdiction profiles: the built-ins (`profiles.json`, embedded) and custom ones from JSON.
//! Both go through the same parser, so a custom profile is validated exactly like a built-in.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::interview::Text;
use crate::schema::types::ConsentPurpose;

use super::util::{array, field, invalid, no_unknown, object, string};
use super::Category;

/// The built-in profiles, as data (also the reference for the custom profile format).
const BUILTIN_JSON: &str = include_str!("profiles.json");

/// Ids of the built-in profiles, in the order [`Profile::builtin_ids`] lists them.
pub const BUILTIN_IDS: [&str; 5] = ["default", "eu", "cn", "us-nyc", "us-il"];

/// Most requirements a custom profile may declare.
const MAX_REQUIREMENTS: usize = 64;
/// Most retention entries a custom profile may declare.
const MAX_RETENTION: usize = 64;
/// Longest retention timer accepted, in days (100 years).
const MAX_RETENTION_DAYS: u64 = 36_500;
/// Longest description text, in characters.
const MAX_TEXT_CHARS: usize = 2_000;

/// Whether a profile lets a signal category be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// May be used, once the requirements that apply to it are met.
    Allowed,
    /// Not used under this profile, but not unlawful: such signals are dropped with a reason.
    NotPermitted,
    /// Unlawful under this profile: requesting such a signal is an [`Error::PolicyViolation`].
    Prohibited,
}

impl Status {
    /// The JSON name (`allowed`, `not_permitted`, `prohibited`).
    pub fn name(self) -> &'static str {
        match self {
            Status::Allowed => "allowed",
            Status::NotPermitted => "not_permitted",
            Status::Prohibited => "prohibited",
        }
    }

    fn parse(s: &str, path: &str) -> Result<Status> {
        match s {
            "allowed" => Ok(Status::Allowed),
            "not_permitted" => Ok(Status::NotPermitted),
            "prohibited" => Ok(Status::Prohibited),
            _ => Err(invalid(
                path,
                format!("one of allowed, not_permitted, prohibited; got {s:?}"),
            )),
        }
    }
}

/// What a profile says about one signal category.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryRule {
    /// Allowed, not permitted or prohibited.
    pub status: Status,
    /// The rule id reported when the category is dropped or refused.
    pub rule: String,
    /// Why, for people (shown with dropped signals and in refusals).
    pub reason: Option<Text>,
}

/// The kind of a [`Requirement`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequirementKind {
    /// A live consent record with a given purpose.
    Consent,
    /// A notice given to the candidate (request `notices`).
    Notice,
    /// A bias audit of the tool, recent enough (request `bias_audit`).
    BiasAudit,
}

impl RequirementKind {
    /// The JSON name (`consent`, `notice`, `bias_audit`).
    pub fn name(self) -> &'static str {
        match self {
            RequirementKind::Consent => "consent",
            RequirementKind::Notice => "notice",
            RequirementKind::BiasAudit => "bias_audit",
        }
    }
}

/// How the interview was conducted; requirements may apply to some media only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Medium {
    /// Typed answers.
    Text,
    /// Audio only.
    Audio,
    /// Video (with or without audio).
    Video,
}

impl Medium {
    /// The JSON name (`text`, `audio`, `video`).
    pub fn name(self) -> &'static str {
        match self {
            Medium::Text => "text",
            Medium::Audio => "audio",
            Medium::Video => "video",
        }
    }

    /// Parses a JSON name; `path` names the field in errors.
    pub fn parse(s: &str, path: &str) -> Result<Medium> {
        match s {
            "text" => Ok(Medium::Text),
            "audio" => Ok(Medium::Audio),
            "video" => Ok(Medium::Video),
            _ => Err(invalid(
                path,
                format!("one of text, audio, video; got {s:?}"),
            )),
        }
    }
}

/// Something that must be in place before signals of some categories may be used.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// Rule id, reported in refusals (`cn.pipl.art29.separate_consent_biometrics`).
    pub rule: String,
    /// Consent, notice or bias audit.
    pub kind: RequirementKind,
    /// Categories it applies to.
    pub categories: Vec<Category>,
    /// For consents: the purpose the consent record must have.
    pub purpose: Option<ConsentPurpose>,
    /// For consents: the record must also name the notice shown (`notice_version`).
    pub with_notice: bool,
    /// For notices: the notice id a request `notices` entry must carry.
    pub notice: Option<String>,
    /// For bias audits: the most days between the audit and the check.
    pub max_age_days: Option<u64>,
    /// Media it applies to; empty for all.
    pub media: Vec<Medium>,
    /// False for informational requirements: listed, never refused or dropped for.
    pub enforce: bool,
    /// What it asks for, for people.
    pub description: Text,
}

/// A jurisdiction profile: which signal categories may be used, on which conditions, and how
/// long data is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Id (`eu`, or a custom one).
    pub id: String,
    /// The profile author's version label.
    pub version: String,
    /// Display name.
    pub name: Text,
    /// One rule for each of the four categories.
    pub categories: BTreeMap<Category, CategoryRule>,
    /// Conditions, in declaration order.
    pub requirements: Vec<Requirement>,
    /// Retention timers in days, by data category (`transcript`, `audio`, `video`,
    /// `voice_signals`, `visual_signals`, `scores` in the built-ins).
    pub retention_days: BTreeMap<String, u64>,
    /// SHA-256 (hex) of the canonical JSON of the profile without `hash`.
    pub hash: String,
}

impl Profile {
    /// Ids of the built-in profiles.
    pub fn builtin_ids() -> &'static [&'static str] {
        &BUILTIN_IDS
    }

    /// A built-in profile by id; `path` names the field in errors.
    pub fn builtin(id: &str, path: &str) -> Result<Profile> {
        let all: Value = serde_json::from_str(BUILTIN_JSON)
            .map_err(|e| Error::Internal(format!("embedded policy profiles: {e}")))?;
        let list = all
            .as_array()
            .ok_or_else(|| Error::Internal("embedded policy profiles: not an array".into()))?;
        for (i, p) in list.iter().enumerate() {
            if p.get("id").and_then(Value::as_str) == Some(id) {
                return parse(p, &format!("builtin[{i}]"), true)
                    .map_err(|e| Error::Internal(format!("embedded policy profile {id}: {e}")));
            }
        }
        Err(invalid(
            path,
            format!(
                "a built-in profile ({}) or a custom profile object; got {id:?}",
                BUILTIN_IDS.join(", ")
            ),
        ))
    }

    /// A custom profile from JSON (see `docs/policy.md`); errors name the field under `path`.
    pub fn from_value(value: &Value, path: &str) -> Result<Profile> {
        parse(value, path, false)
    }

    /// `"eu"` (a built-in) or a custom profile object.
    pub fn resolve(value: &Value, path: &str) -> Result<Profile> {
        match value {
            Value::String(id) => Profile::builtin(id, path),
            Value::Object(_) => Profile::from_value(value, path),
            _ => Err(invalid(
                path,
                format!(
                    "a built-in profile id ({}) or a custom profile object",
                    BUILTIN_IDS.join(", ")
                ),
            )),
        }
    }

    /// The rule for a category.
    pub fn rule(&self, category: Category) -> Result<&CategoryRule> {
        self.categories
            .get(&category)
            .ok_or_else(|| Error::Internal(format!("profile without {}", category.name())))
    }

    /// The profile as JSON, in the custom-profile format plus `hash` (parsing it back gives the
    /// same profile).
    pub fn to_value(&self) -> Value {
        let mut v = self.body();
        if let Value::Object(m) = &mut v {
            m.insert("hash".into(), json!(self.hash));
        }
        v
    }

    fn body(&self) -> Value {
        let mut categories = Map::new();
        for (c, r) in &self.categories {
            let mut o = Map::new();
            o.insert("status".into(), json!(r.status.name()));
            o.insert("rule".into(), json!(r.rule));
            if let Some(reason) = &r.reason {
                o.insert("reason".into(), text_value(reason));
            }
            categories.insert(c.name().into(), Value::Object(o));
        }
        let requirements: Vec<Value> = self
            .requirements
            .iter()
            .map(|r| {
                let mut o = Map::new();
                o.insert("rule".into(), json!(r.rule));
                o.insert("kind".into(), json!(r.kind.name()));
                o.insert(
                    "categories".into(),
                    json!(r.categories.iter().map(|c| c.name()).collect::<Vec<_>>()),
                );
                if let Some(p) = r.purpose {
                    o.insert("purpose".into(), json!(p));
                }
                if r.kind == RequirementKind::Consent {
                    o.insert("with_notice".into(), json!(r.with_notice));
                }
                if let Some(n) = &r.notice {
                    o.insert("notice".into(), json!(n));
                }
                if let Some(d) = r.max_age_days {
                    o.insert("max_age_days".into(), json!(d));
                }
                if !r.media.is_empty() {
                    o.insert(
                        "media".into(),
                        json!(r.media.iter().map(|m| m.name()).collect::<Vec<_>>()),
                    );
                }
                o.insert("enforce".into(), json!(r.enforce));
                o.insert("description".into(), text_value(&r.description));
                Value::Object(o)
            })
            .collect();
        json!({
            "id": self.id,
            "version": self.version,
            "name": text_value(&self.name),
            "categories": categories,
            "requirements": requirements,
            "retention_days": self.retention_days,
        })
    }
}

/// `{"zh", "en"}`.
pub(crate) fn text_value(t: &Text) -> Value {
    json!({"zh": t.zh, "en": t.en})
}

fn parse(value: &Value, path: &str, builtin: bool) -> Result<Profile> {
    let obj = object(value, path)?;
    no_unknown(
        obj,
        &[
            "id",
            "version",
            "name",
            "categories",
            "requirements",
            "retention_days",
            "hash",
        ],
        path,
    )?;
    let id = id_string(field(obj, "id", path)?, &format!("{path}.id"), 64)?;
    if !builtin && BUILTIN_IDS.contains(&id.as_str()) {
        return Err(invalid(
            &format!("{path}.id"),
            format!(
                "an id other than the built-in profiles ({}); use the string \"{id}\" for the built-in",
                BUILTIN_IDS.join(", ")
            ),
        ));
    }
    let version = short_string(field(obj, "version", path)?, &format!("{path}.version"), 64)?;
    let name = match obj.get("name") {
        None | Some(Value::Null) => Text {
            zh: id.clone(),
            en: id.clone(),
        },
        Some(v) => text(v, &format!("{path}.name"))?,
    };
    let categories = parse_categories(field(obj, "categories", path)?, &id, path)?;
    let requirements = match obj.get("requirements") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => parse_requirements(v, &format!("{path}.requirements"))?,
    };
    let retention_days = match obj.get("retention_days") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(v) => parse_retention(v, &format!("{path}.retention_days"))?,
    };
    let mut profile = Profile {
        id,
        version,
        name,
        categories,
        requirements,
        retention_days,
        hash: String::new(),
    };
    profile.hash = crate::trail::content_hash(&profile.body());
    if let Some(given) = obj.get("hash") {
        let p = format!("{path}.hash");
        let given = string(given, &p)?;
        if given != profile.hash {
            return Err(invalid(
                &p,
                format!(
                    "the SHA-256 of this profile's canonical JSON ({}), or no hash; the profile was changed after it was hashed",
                    profile.hash
                ),
            ));
        }
    }
    Ok(profile)
}

fn parse_categories(v: &Value, id: &str, path: &str) -> Result<BTreeMap<Category, CategoryRule>> {
    let path = format!("{path}.categories");
    let obj = object(v, &path)?;
    let names: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
    no_unknown(obj, &names, &path)?;
    let mut out = BTreeMap::new();
    for c in Category::ALL {
        let p = format!("{path}.{}", c.name());
        let entry = obj.get(c.name()).ok_or_else(|| {
            invalid(
                &p,
                "a rule for every category (content, voice, visual, affect): \"allowed\", \"not_permitted\", \"prohibited\" or {\"status\", \"rule\"?, \"reason\"?}",
            )
        })?;
        let default_rule = format!("{}.categories.{}", id.replace('-', "_"), c.name());
        let rule = match entry {
            Value::String(s) => CategoryRule {
                status: Status::parse(s, &p)?,
                rule: default_rule,
                reason: None,
            },
            Value::Object(o) => {
                no_unknown(o, &["status", "rule", "reason"], &p)?;
                let sp = format!("{p}.status");
                let status = Status::parse(string(field(o, "status", &p)?, &sp)?, &sp)?;
                let rule = match o.get("rule") {
                    None | Some(Value::Null) => default_rule,
                    Some(r) => rule_id(r, &format!("{p}.rule"))?,
                };
                let reason = match o.get("reason") {
                    None | Some(Value::Null) => None,
                    Some(r) => Some(text(r, &format!("{p}.reason"))?),
                };
                CategoryRule {
                    status,
                    rule,
                    reason,
                }
            }
            _ => {
                return Err(invalid(
                    &p,
                    "\"allowed\", \"not_permitted\", \"prohibited\" or {\"status\", \"rule\"?, \"reason\"?}",
                ))
            }
        };
        out.insert(c, rule);
    }
    Ok(out)
}

fn parse_requirements(v: &Value, path: &str) -> Result<Vec<Requirement>> {
    let items = array(v, path)?;
    if items.len() > MAX_REQUIREMENTS {
        return Err(Error::LimitExceeded {
            what: format!("{path} (number of requirements)"),
            limit: MAX_REQUIREMENTS as u64,
            actual: items.len() as u64,
        });
    }
    items
        .iter()
        .enumerate()
        .map(|(i, r)| parse_requirement(r, &format!("{path}[{i}]")))
        .collect()
}

fn parse_requirement(v: &Value, path: &str) -> Result<Requirement> {
    let o = object(v, path)?;
    no_unknown(
        o,
        &[
            "rule",
            "kind",
            "categories",
            "purpose",
            "with_notice",
            "notice",
            "max_age_days",
            "media",
            "enforce",
            "description",
        ],
        path,
    )?;
    let rule = rule_id(field(o, "rule", path)?, &format!("{path}.rule"))?;
    let kp = format!("{path}.kind");
    let kind = match string(field(o, "kind", path)?, &kp)? {
        "consent" => RequirementKind::Consent,
        "notice" => RequirementKind::Notice,
        "bias_audit" => RequirementKind::BiasAudit,
        other => {
            return Err(invalid(
                &kp,
                format!("one of consent, notice, bias_audit; got {other:?}"),
            ))
        }
    };
    let cp = format!("{path}.categories");
    let cats = array(field(o, "categories", path)?, &cp)?;
    if cats.is_empty() {
        return Err(invalid(&cp, "a non-empty list of categories"));
    }
    let mut categories = Vec::new();
    for (i, c) in cats.iter().enumerate() {
        let p = format!("{cp}[{i}]");
        let c = Category::parse(string(c, &p)?, &p)?;
        if categories.contains(&c) {
            return Err(invalid(
                &p,
                format!("each category once; {} repeats", c.name()),
            ));
        }
        categories.push(c);
    }
    let purpose = match o.get("purpose") {
        None | Some(Value::Null) => None,
        Some(p) => Some(consent_purpose(p, &format!("{path}.purpose"))?),
    };
    let with_notice = match o.get("with_notice") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(invalid(&format!("{path}.with_notice"), "true or false")),
    };
    let notice = match o.get("notice") {
        None | Some(Value::Null) => None,
        Some(n) => Some(id_string(n, &format!("{path}.notice"), 64)?),
    };
    let max_age_days = match o.get("max_age_days") {
        None | Some(Value::Null) => None,
        Some(d) => Some(days(d, &format!("{path}.max_age_days"))?),
    };
    let media = match o.get("media") {
        None | Some(Value::Null) => Vec::new(),
        Some(m) => {
            let mp = format!("{path}.media");
            let list = array(m, &mp)?;
            if list.is_empty() {
                return Err(invalid(
                    &mp,
                    "a non-empty list of text, audio, video (or no media for all)",
                ));
            }
            let mut out = Vec::new();
            for (i, x) in list.iter().enumerate() {
                let p = format!("{mp}[{i}]");
                let m = Medium::parse(string(x, &p)?, &p)?;
                if !out.contains(&m) {
                    out.push(m);
                }
            }
            out.sort();
            out
        }
    };
    let enforce = match o.get("enforce") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(invalid(&format!("{path}.enforce"), "true or false")),
    };
    let description = text(
        field(o, "description", path)?,
        &format!("{path}.description"),
    )?;
    // Fields that belong to one kind only.
    let wrong = |key: &str, kinds: &str| {
        invalid(
            &format!("{path}.{key}"),
            format!(
                "no {key} on a {} requirement ({key} belongs to {kinds})",
                kind.name()
            ),
        )
    };
    match kind {
        RequirementKind::Consent => {
            if purpose.is_none() {
                return Err(invalid(
                    &format!("{path}.purpose"),
                    "a consent purpose (e.g. biometric_analysis) on a consent requirement",
                ));
            }
            if notice.is_some() {
                return Err(wrong(
                    "notice",
                    "notice requirements; use with_notice on consents",
                ));
            }
            if max_age_days.is_some() {
                return Err(wrong("max_age_days", "bias_audit requirements"));
            }
        }
        RequirementKind::Notice => {
            if notice.is_none() {
                return Err(invalid(
                    &format!("{path}.notice"),
                    "a notice id (e.g. aedt_use) on a notice requirement",
                ));
            }
            if purpose.is_some() {
                return Err(wrong("purpose", "consent requirements"));
            }
            if o.contains_key("with_notice") {
                return Err(wrong("with_notice", "consent requirements"));
            }
            if max_age_days.is_some() {
                return Err(wrong("max_age_days", "bias_audit requirements"));
            }
        }
        RequirementKind::BiasAudit => {
            if max_age_days.is_none() {
                return Err(invalid(
                    &format!("{path}.max_age_days"),
                    "the most days between the audit and the check, on a bias_audit requirement",
                ));
            }
            if purpose.is_some() {
                return Err(wrong("purpose", "consent requirements"));
            }
            if o.contains_key("with_notice") {
                return Err(wrong("with_notice", "consent requirements"));
            }
            if notice.is_some() {
                return Err(wrong("notice", "notice requirements"));
            }
        }
    }
    Ok(Requirement {
        rule,
        kind,
        categories,
        purpose,
        with_notice,
        notice,
        max_age_days,
        media,
        enforce,
        description,
    })
}

fn parse_retention(v: &Value, path: &str) -> Result<BTreeMap<String, u64>> {
    let o = object(v, path)?;
    if o.len() > MAX_RETENTION {
        return Err(Error::LimitExceeded {
            what: format!("{path} (number of data categories)"),
            limit: MAX_RETENTION as u64,
            actual: o.len() as u64,
        });
    }
    let mut out = BTreeMap::new();
    for (k, d) in o {
        let p = format!("{path}.{k}");
        if !is_id(k, 64) {
            return Err(invalid(
                &p,
                "a data category name of 1–64 characters a-z, 0-9 and _ (e.g. transcript, video)",
            ));
        }
        out.insert(k.clone(), days(d, &p)?);
    }
    Ok(out)
}

pub(crate) fn consent_purpose(v: &Value, path: &str) -> Result<ConsentPurpose> {
    serde_json::from_value::<ConsentPurpose>(v.clone()).map_err(|_| {
        invalid(
            path,
            "a consent purpose: resume_screening, ai_interview_scoring, interview_recording, biometric_analysis, talent_pool, cross_border_transfer, potential_prediction",
        )
    })
}

fn days(v: &Value, path: &str) -> Result<u64> {
    match v.as_u64() {
        Some(d) if (1..=MAX_RETENTION_DAYS).contains(&d) => Ok(d),
        _ => Err(invalid(
            path,
            format!("a whole number of days from 1 to {MAX_RETENTION_DAYS}"),
        )),
    }
}

fn is_id(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn id_string(v: &Value, path: &str, max: usize) -> Result<String> {
    let s = string(v, path)?;
    if is_id(s, max) {
        Ok(s.to_string())
    } else {
        Err(invalid(
            path,
            format!("1–{max} characters of a-z, 0-9, _ and -; got {s:?}"),
        ))
    }
}

fn rule_id(v: &Value, path: &str) -> Result<String> {
    let s = string(v, path)?;
    let ok = !s.is_empty()
        && s.len() <= 128
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-' || b == b'.'
        });
    if ok {
        Ok(s.to_string())
    } else {
        Err(invalid(
            path,
            format!("a rule id of 1–128 characters a-z, 0-9, _, - and . (e.g. acme.no_video); got {s:?}"),
        ))
    }
}

fn short_string(v: &Value, path: &str, max: usize) -> Result<String> {
    let s = string(v, path)?;
    if s.trim().is_empty() || s.chars().count() > max {
        Err(invalid(
            path,
            format!("a non-empty string of at most {max} characters"),
        ))
    } else {
        Ok(s.to_string())
    }
}

fn text(v: &Value, path: &str) -> Result<Text> {
    let o = object(v, path)?;
    no_unknown(o, &["zh", "en"], path)?;
    let one = |key: &str| -> Result<String> {
        let p = format!("{path}.{key}");
        let s = string(field(o, key, path)?, &p)?;
        if s.trim().is_empty() || s.chars().count() > MAX_TEXT_CHARS {
            Err(invalid(
                &p,
                format!("a non-empty text of at most {MAX_TEXT_CHARS} characters"),
            ))
        } else {
            Ok(s.to_string())
        }
    };
    Ok(Text {
        zh: one("zh")?,
        en: one("en")?,
    })
}

/// Every data category named in the profile's retention timers, for error messages.
pub(crate) fn retention_names(p: &Profile) -> String {
    let names: BTreeSet<&str> = p.retention_days.keys().map(String::as_str).collect();
    if names.is_empty() {
        "(none: this profile declares no retention timers)".into()
    } else {
        names.into_iter().collect::<Vec<_>>().join(", ")
    }
}
