//! Migrations: moving documents written by older releases to the current schema version.
//!
//! A registry of steps `(kind, from) → from + 1`; [`migrate_value`] chains them and validates the
//! result. Every released version stays readable forever: `tests/fixtures/archive/vN/` holds
//! examples of each, and the tests migrate all of them.
//!
//! ## Version 0: the flat resume
//! Before versioning, resumes were flat objects, with one school and one job and comma-separated
//! lists, usually without `schema_version` at all:
//!
//! ```json
//! {"name": "张伟", "email": "zw@example.com", "phone": "13800138000", "wechat": "zhangwei88",
//!  "city": "上海", "school": "复旦大学", "degree": "本科", "major": "金融学",
//!  "edu_start": "2012.09", "edu_end": "2016.06", "company": "招商银行", "position": "客户经理",
//!  "job_start": "2016.07", "job_end": "至今", "job_description": "…",
//!  "skills": "Excel、SQL, Python", "languages": "英语 CET-6", "certificates": "CFA; 证券从业资格",
//!  "resume_text": "…"}
//! ```
//!
//! A document with no `schema_version` is read as version 0. Version 0 existed only for resumes.
//! Keys the flat layout did not define are kept in the migrated document.

use serde_json::{Map, Value};

use super::validate::{validate_value, Issue, IssueCode, ValidationReport};
use super::{DegreeLevel, DocumentKind, SCHEMA_VERSION};
use crate::error::{Error, Result};

/// A migration step's function: a version-`n` object in, a version-`n + 1` object out.
pub type MigrationStep = fn(Map<String, Value>) -> Result<Map<String, Value>>;

/// One migration step.
pub struct Migration {
    /// The document kind it applies to.
    pub kind: DocumentKind,
    /// The version it reads.
    pub from: u32,
    /// What it changes, for people.
    pub description: &'static str,
    /// The step: a version-`from` object in, a version-`from + 1` object out.
    pub apply: MigrationStep,
}

/// Every migration step this build knows.
pub fn registry() -> &'static [Migration] {
    static REGISTRY: [Migration; 1] = [Migration {
        kind: DocumentKind::Resume,
        from: 0,
        description:
            "flat resume (one school, one job, comma-separated lists) → structured resume v1",
        apply: resume_v0_to_v1,
    }];
    &REGISTRY
}

fn invalid(pointer: &str, code: IssueCode, en: String, zh: String) -> Error {
    Error::InvalidDocument(Box::new(ValidationReport::from_issues(
        None,
        None,
        vec![Issue::new(pointer, code, en, zh)],
    )))
}

/// Moves a document of any readable version to the current one, then validates it completely.
///
/// A current-version document is returned unchanged once it validates. Errors:
/// [`Error::UnsupportedSchemaVersion`] for a future version, [`Error::MigrationFailed`] when a
/// value cannot be carried over, [`Error::InvalidDocument`] when the result is not valid.
pub fn migrate_value(value: Value) -> Result<Value> {
    let Value::Object(mut map) = value else {
        return Err(invalid(
            "",
            IssueCode::WrongType,
            "expected a JSON object (an archive document)".into(),
            "应为 JSON 对象（档案文档）".into(),
        ));
    };
    let mut version = match map.get("schema_version") {
        None => 0,
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if v > u64::from(SCHEMA_VERSION) => {
                return Err(Error::UnsupportedSchemaVersion {
                    found: n.to_string(),
                    supported: SCHEMA_VERSION,
                })
            }
            Some(v) => v as u32,
            None => {
                return Err(invalid(
                    "/schema_version",
                    IssueCode::WrongType,
                    format!("expected a non-negative integer schema_version, found {n}"),
                    format!("`schema_version` 应为非负整数，实际为 {n}"),
                ))
            }
        },
        Some(_) => {
            return Err(invalid(
                "/schema_version",
                IssueCode::WrongType,
                "expected an integer schema_version".into(),
                "`schema_version` 应为整数".into(),
            ))
        }
    };
    let kind = match map.get("kind").or_else(|| map.get("type")) {
        Some(Value::String(s)) => DocumentKind::parse(s),
        None if version == 0 => Some(DocumentKind::Resume),
        _ => None,
    };
    while version < SCHEMA_VERSION {
        let Some(kind) = kind else {
            return Err(Error::MigrationFailed {
                kind: map
                    .get("kind")
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "(none)".into()),
                from: version,
                reason: format!(
                    "unknown document kind; expected one of: {}",
                    DocumentKind::list()
                ),
            });
        };
        let step = registry()
            .iter()
            .find(|m| m.kind == kind && m.from == version)
            .ok_or_else(|| Error::MigrationFailed {
                kind: kind.to_string(),
                from: version,
                reason: format!("no migration from version {version} exists for {kind} documents (version 0 existed only for resumes)"),
            })?;
        map = (step.apply)(map)?;
        version += 1;
    }
    let value = Value::Object(map);
    let report = validate_value(&value)?;
    if !report.valid {
        return Err(Error::InvalidDocument(Box::new(report)));
    }
    Ok(value)
}

/// Normalises a degree as written, in Chinese or English, to a [`DegreeLevel`].
///
/// Chinese terms match as substrings (`硕士研究生`); English abbreviations match as whole words
/// after dots are dropped (`M.Sc.` → `msc`), so `Diploma` is not read as `MA`.
pub fn normalize_degree(text: &str) -> Option<DegreeLevel> {
    let lower = text.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let undotted = lower.replace('.', "");
    let tokens: Vec<&str> = undotted
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let word = |words: &[&str]| tokens.iter().any(|t| words.contains(t));
    if has(&["博士后"]) {
        None
    } else if has(&["博士"]) || word(&["phd", "dphil", "doctor", "doctorate", "edd", "dba"]) {
        Some(DegreeLevel::Doctorate)
    } else if has(&["硕士", "研究生"])
        || word(&[
            "master", "masters", "mba", "msc", "ms", "ma", "meng", "mphil", "mfa", "llm", "mpa",
            "mres", "mcom", "mfin",
        ])
    {
        Some(DegreeLevel::Master)
    } else if has(&["本科", "学士"])
        || word(&[
            "bachelor",
            "bachelors",
            "bsc",
            "bs",
            "ba",
            "beng",
            "bba",
            "llb",
            "bcom",
            "undergraduate",
        ])
    {
        Some(DegreeLevel::Bachelor)
    } else if has(&["大专", "专科", "高职"]) || word(&["associate", "associates"]) {
        Some(DegreeLevel::Associate)
    } else if has(&["高中", "中专", "职高", "技校", "high school"]) || word(&["secondary"])
    {
        Some(DegreeLevel::Secondary)
    } else {
        None
    }
}

/// Reads the date styles flat resumes used (`2019.03`, `2019/3`, `2019-03`, `2019年3月`, `2019`)
/// as a partial date. `Ok(None)` for "until now" words (`至今`, `present`) and empty text.
fn v0_date(text: &str) -> std::result::Result<Option<String>, ()> {
    let t = text.trim();
    let lower = t.to_lowercase();
    if t.is_empty() || ["至今", "今", "现在", "present", "now", "current"].contains(&lower.as_str())
    {
        return Ok(None);
    }
    let cleaned: String = t
        .replace('年', "-")
        .replace(['月', '日'], "")
        .replace(['.', '/'], "-");
    let parts: Vec<&str> = cleaned.trim_end_matches('-').split('-').collect();
    let num = |s: &str| s.parse::<u32>().ok();
    match parts.as_slice() {
        [y] if y.len() == 4 && num(y).is_some() => Ok(Some(y.to_string())),
        [y, m] if y.len() == 4 => match (num(y), num(m)) {
            (Some(_), Some(m)) if (1..=12).contains(&m) => Ok(Some(format!("{y}-{m:02}"))),
            _ => Err(()),
        },
        [y, m, d] if y.len() == 4 => match (num(y), num(m), num(d)) {
            (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                Ok(Some(format!("{y}-{m:02}-{d:02}")))
            }
            _ => Err(()),
        },
        _ => Err(()),
    }
}

/// Splits a v0 list written as text on the separators Chinese and English resumes use.
fn v0_list(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => s
            .split([',', '，', '、', ';', '；', '|', '\n'])
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

fn resume_v0_to_v1(mut v0: Map<String, Value>) -> Result<Map<String, Value>> {
    let fail = |field: &str, reason: String| Error::MigrationFailed {
        kind: "resume".into(),
        from: 0,
        reason: format!("/{field}: {reason}"),
    };
    // Every flat field must be text (or a list, for the list fields); say which one is not.
    let mut take_str = |key: &str| -> Result<Option<String>> {
        match v0.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(fail(key, "expected text".into())),
        }
    };
    let name = take_str("name")?;
    let email = take_str("email")?;
    let phone = take_str("phone")?;
    let wechat = take_str("wechat")?;
    let city = take_str("city")?;
    let school = take_str("school")?;
    let degree = take_str("degree")?;
    let major = take_str("major")?;
    let edu_start = take_str("edu_start")?;
    let edu_end = take_str("edu_end")?;
    let company = take_str("company")?;
    let position = take_str("position")?;
    let job_start = take_str("job_start")?;
    let job_end = take_str("job_end")?;
    let job_description = take_str("job_description")?;
    let text = take_str("resume_text")?;
    let id = take_str("id")?;
    let candidate_id = take_str("candidate_id")?;
    v0.remove("schema_version");
    v0.remove("type");
    v0.remove("kind");
    let skills = v0.remove("skills").map(|v| v0_list(&v)).unwrap_or_default();
    let languages = v0
        .remove("languages")
        .map(|v| v0_list(&v))
        .unwrap_or_default();
    let certificates = v0
        .remove("certificates")
        .map(|v| v0_list(&v))
        .unwrap_or_default();

    let date = |field: &str, value: &Option<String>| -> Result<Option<Value>> {
        match value {
            None => Ok(None),
            Some(s) => v0_date(s)
                .map(|d| d.map(Value::String))
                .map_err(|_| fail(field, format!("\"{s}\" is not a date; expected forms like 2019.03, 2019-03, 2019年3月 or 至今"))),
        }
    };

    let mut out = Map::new();
    out.insert("schema_version".into(), 1.into());
    out.insert("kind".into(), "resume".into());
    if let Some(id) = id {
        out.insert("id".into(), id.into());
    }
    if let Some(c) = candidate_id {
        out.insert("candidate_id".into(), c.into());
    }
    let mut basics = Map::new();
    for (k, v) in [
        ("name", name),
        ("email", email),
        ("phone", phone),
        ("wechat_id", wechat),
    ] {
        if let Some(v) = v {
            basics.insert(k.into(), v.into());
        }
    }
    if let Some(city) = city {
        let mut loc = Map::new();
        loc.insert("city".into(), city.into());
        basics.insert("location".into(), Value::Object(loc));
    }
    out.insert("basics".into(), Value::Object(basics));

    let edu_start_v = date("edu_start", &edu_start)?;
    let edu_end_v = date("edu_end", &edu_end)?;
    if school.is_some() || degree.is_some() || major.is_some() {
        let mut e = Map::new();
        if let Some(s) = school {
            e.insert("institution".into(), s.into());
        }
        if let Some(m) = major {
            e.insert("area".into(), m.into());
        }
        if let Some(d) = degree {
            if let Some(level) = normalize_degree(&d) {
                e.insert(
                    "degree".into(),
                    serde_json::to_value(level).unwrap_or(Value::Null),
                );
            }
            e.insert("study_type".into(), d.into());
        }
        if let Some(s) = edu_start_v {
            e.insert("start_date".into(), s);
        }
        if let Some(s) = edu_end_v {
            e.insert("end_date".into(), s);
        }
        out.insert("education".into(), Value::Array(vec![Value::Object(e)]));
    }
    let job_start_v = date("job_start", &job_start)?;
    let job_end_v = date("job_end", &job_end)?;
    if company.is_some() || position.is_some() {
        let mut e = Map::new();
        if let Some(c) = company {
            e.insert("organization".into(), c.into());
        }
        if let Some(p) = position {
            e.insert("title".into(), p.into());
        }
        if let Some(s) = job_start_v {
            e.insert("start_date".into(), s);
        }
        if let Some(s) = job_end_v {
            e.insert("end_date".into(), s);
        }
        if let Some(d) = job_description {
            e.insert("description".into(), d.into());
        }
        out.insert("experience".into(), Value::Array(vec![Value::Object(e)]));
    }
    if !skills.is_empty() {
        let list = skills
            .into_iter()
            .map(|s| serde_json::json!({ "name": s }))
            .collect();
        out.insert("skills".into(), Value::Array(list));
    }
    if !certificates.is_empty() {
        let list = certificates
            .into_iter()
            .map(|s| serde_json::json!({ "name": s }))
            .collect();
        out.insert("certifications".into(), Value::Array(list));
    }
    if !languages.is_empty() {
        let list = languages.into_iter().map(language_entry).collect();
        out.insert("languages".into(), Value::Array(list));
    }
    if let Some(t) = text {
        out.insert("raw_text".into(), t.into());
    }
    // Whatever the flat layout carried beyond its own fields is kept as it was.
    for (k, v) in v0 {
        out.entry(k).or_insert(v);
    }
    Ok(out)
}

/// `英语 CET-6` → language `英语`, test `CET-6`; `English (fluent)` stays whole as the language.
fn language_entry(text: String) -> Value {
    const TESTS: [&str; 8] = [
        "CET-4", "CET-6", "CET4", "CET6", "TEM-8", "TEM-4", "IELTS", "TOEFL",
    ];
    let upper = text.to_uppercase();
    for test in TESTS {
        if let Some(pos) = upper.find(test) {
            let language = text[..pos].trim();
            if !language.is_empty() {
                return serde_json::json!({ "language": language, "test": text[pos..].trim() });
            }
        }
    }
    serde_json::json!({ "language": text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v0_dates() {
        assert_eq!(v0_date("2019.03"), Ok(Some("2019-03".into())));
        assert_eq!(v0_date("2019/3"), Ok(Some("2019-03".into())));
        assert_eq!(v0_date("2019年3月"), Ok(Some("2019-03".into())));
        assert_eq!(v0_date("2019"), Ok(Some("2019".into())));
        assert_eq!(v0_date("2019-03-05"), Ok(Some("2019-03-05".into())));
        assert_eq!(v0_date("至今"), Ok(None));
        assert_eq!(v0_date("Present"), Ok(None));
        assert_eq!(v0_date("2019.13"), Err(()));
        assert_eq!(v0_date("last year"), Err(()));
    }

    #[test]
    fn degrees() {
        assert_eq!(normalize_degree("本科"), Some(DegreeLevel::Bachelor));
        assert_eq!(
            normalize_degree("Bachelor of Science"),
            Some(DegreeLevel::Bachelor)
        );
        assert_eq!(normalize_degree("硕士研究生"), Some(DegreeLevel::Master));
        assert_eq!(normalize_degree("MBA"), Some(DegreeLevel::Master));
        assert_eq!(normalize_degree("PhD"), Some(DegreeLevel::Doctorate));
        assert_eq!(normalize_degree("大专"), Some(DegreeLevel::Associate));
        assert_eq!(normalize_degree("中专"), Some(DegreeLevel::Secondary));
        assert_eq!(normalize_degree("Diploma of Arts"), None);
        assert_eq!(
            normalize_degree("M.Sc. Statistics"),
            Some(DegreeLevel::Master)
        );
        assert_eq!(
            normalize_degree("B.A. in Economics"),
            Some(DegreeLevel::Bachelor)
        );
        assert_eq!(
            normalize_degree("Doctor of Philosophy"),
            Some(DegreeLevel::Doctorate)
        );
        assert_eq!(normalize_degree("博士后"), None);
    }

    #[test]
    fn language_split() {
        assert_eq!(
            language_entry("英语 CET-6".into()),
            serde_json::json!({"language": "英语", "test": "CET-6"})
        );
        assert_eq!(
            language_entry("日语".into()),
            serde_json::json!({"language": "日语"})
        );
    }
}
