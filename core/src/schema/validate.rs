//! Validation: every problem in a document at once, each with a JSON pointer, a stable code and a
//! message in English and Chinese.
//!
//! Two passes, both always run. The structural pass checks the document against its generated
//! JSON Schema (types, required fields, enumerations, ranges, formats). The semantic pass checks
//! what a schema cannot say: date order, evidence spans inside the text, scores inside the scale,
//! references between questions, plan and answers. It reads the JSON leniently, skipping values
//! the structural pass already reported, so one call lists every problem of both kinds.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use jsonschema::error::{TypeKind, ValidationErrorKind};

use super::json_schema::validator;
use super::*;
use crate::error::{Error, Result};

/// Stable codes for validation problems (snake_case in JSON). Append-only, like
/// [`ErrorCode`](crate::ErrorCode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    /// A required field is absent.
    MissingField,
    /// A value has the wrong JSON type.
    WrongType,
    /// A value is not one of the allowed values.
    UnknownValue,
    /// A number is outside its allowed range.
    OutOfRange,
    /// A string or list is shorter than allowed (for example empty).
    TooShort,
    /// A string does not have the required format (date, e-mail, timestamp).
    BadFormat,
    /// An end comes before its start.
    DateOrder,
    /// An evidence span points outside the text it refers to.
    SpanOutOfBounds,
    /// An id refers to something that is not there.
    UnknownReference,
    /// The same id appears twice where ids must be unique.
    DuplicateId,
    /// The document is at an older schema_version: run `migrate` first.
    NeedsMigration,
    /// A value is invalid for another reason; the message says why.
    InvalidValue,
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// JSON pointer (RFC 6901) to the offending value; `""` is the document root.
    pub pointer: String,
    /// Stable code.
    pub code: IssueCode,
    /// What is wrong and what was expected, in English.
    pub message: String,
    /// The same in Chinese.
    pub message_zh: String,
}

impl Issue {
    /// An issue.
    pub fn new(
        pointer: impl Into<String>,
        code: IssueCode,
        message: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Issue {
        Issue {
            pointer: pointer.into(),
            code,
            message: message.into(),
            message_zh: message_zh.into(),
        }
    }
}

/// The outcome of validating one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationReport {
    /// True when there are no issues.
    pub valid: bool,
    /// The document's `kind`, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<String>,
    /// The document's `schema_version`, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub schema_version: Option<u32>,
    /// Every problem, sorted by pointer then code.
    pub issues: Vec<Issue>,
}

impl ValidationReport {
    /// A report from a list of issues (sorted, duplicates removed).
    pub fn from_issues(
        kind: Option<String>,
        schema_version: Option<u32>,
        mut issues: Vec<Issue>,
    ) -> ValidationReport {
        issues.sort_by(|a, b| (&a.pointer, a.code).cmp(&(&b.pointer, b.code)));
        issues.dedup();
        ValidationReport {
            valid: issues.is_empty(),
            kind,
            schema_version,
            issues,
        }
    }
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub(crate) fn escape_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn zh_type(t: &str) -> &'static str {
    match t {
        "null" => "空值",
        "boolean" => "布尔值",
        "integer" => "整数",
        "number" => "数字",
        "string" => "字符串",
        "array" => "数组",
        "object" => "对象",
        _ => "未知类型",
    }
}

/// What the header of a document says: problems so far, version, kind (parsed and as written).
struct Header {
    issues: Vec<Issue>,
    version: Option<u32>,
    kind: Option<DocumentKind>,
    kind_text: Option<String>,
}

/// Reads `schema_version` and `kind` and checks the version is one this build can read.
fn header(value: &Value) -> Result<Header> {
    let mut issues = Vec::new();
    let Value::Object(map) = value else {
        let t = json_type_name(value);
        issues.push(Issue::new(
            "",
            IssueCode::WrongType,
            format!("expected a JSON object (an archive document), found {t}"),
            format!("应为 JSON 对象（档案文档），实际为{}", zh_type(t)),
        ));
        return Ok(Header {
            issues,
            version: None,
            kind: None,
            kind_text: None,
        });
    };
    let version = match map.get("schema_version") {
        None => {
            issues.push(Issue::new(
                "/schema_version",
                IssueCode::MissingField,
                "required field `schema_version` is missing; documents written before versioning are version 0: run migrate",
                "缺少必填字段 `schema_version`；无版本号的旧文档视为版本 0，请先执行迁移（migrate）",
            ));
            None
        }
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if v > u64::from(SCHEMA_VERSION) => {
                return Err(Error::UnsupportedSchemaVersion {
                    found: n.to_string(),
                    supported: SCHEMA_VERSION,
                })
            }
            Some(v) => Some(v as u32),
            None => {
                issues.push(Issue::new(
                    "/schema_version",
                    IssueCode::WrongType,
                    format!("expected a non-negative integer schema_version, found {n}"),
                    format!("`schema_version` 应为非负整数，实际为 {n}"),
                ));
                None
            }
        },
        Some(other) => {
            let t = json_type_name(other);
            issues.push(Issue::new(
                "/schema_version",
                IssueCode::WrongType,
                format!("expected an integer schema_version, found {t}"),
                format!("`schema_version` 应为整数，实际为{}", zh_type(t)),
            ));
            None
        }
    };
    if let Some(v) = version {
        if v < SCHEMA_VERSION {
            issues.push(Issue::new(
                "/schema_version",
                IssueCode::NeedsMigration,
                format!("document is at schema_version {v}; run migrate to bring it to {SCHEMA_VERSION}"),
                format!("文档版本为 {v}，请先执行迁移（migrate）升级到版本 {SCHEMA_VERSION}"),
            ));
        }
    }
    let (kind, kind_text) = match map.get("kind") {
        None => {
            // Version-0 documents predate `kind`; the migration issue already covers them.
            if version != Some(0) {
                issues.push(Issue::new(
                    "/kind",
                    IssueCode::MissingField,
                    format!(
                        "required field `kind` is missing; expected one of: {}",
                        DocumentKind::list()
                    ),
                    format!(
                        "缺少必填字段 `kind`；应为以下之一：{}",
                        DocumentKind::list()
                    ),
                ));
            }
            (None, None)
        }
        Some(Value::String(s)) => match DocumentKind::parse(s) {
            Some(k) => (Some(k), Some(s.clone())),
            None => {
                issues.push(Issue::new(
                    "/kind",
                    IssueCode::UnknownValue,
                    format!(
                        "unknown kind \"{s}\"; expected one of: {}",
                        DocumentKind::list()
                    ),
                    format!(
                        "未知的文档类型 \"{s}\"；应为以下之一：{}",
                        DocumentKind::list()
                    ),
                ));
                (None, Some(s.clone()))
            }
        },
        Some(other) => {
            let t = json_type_name(other);
            issues.push(Issue::new(
                "/kind",
                IssueCode::WrongType,
                format!("expected `kind` to be a string, found {t}"),
                format!("`kind` 应为字符串，实际为{}", zh_type(t)),
            ));
            (None, None)
        }
    };
    Ok(Header {
        issues,
        version,
        kind,
        kind_text,
    })
}

/// Validates a document given as a JSON value.
///
/// Returns a report (valid or not) for anything that is JSON. Returns an error only when the
/// document cannot be judged: a `schema_version` newer than this build
/// ([`Error::UnsupportedSchemaVersion`]).
pub fn validate_value(value: &Value) -> Result<ValidationReport> {
    let Header {
        mut issues,
        version,
        kind,
        kind_text,
    } = header(value)?;
    if let (Some(kind), Some(SCHEMA_VERSION)) = (kind, version) {
        structural(kind, value, "", &mut issues)?;
        semantic(kind, value, "", &mut issues)?;
    }
    Ok(ValidationReport::from_issues(kind_text, version, issues))
}

fn structural(kind: DocumentKind, value: &Value, prefix: &str, out: &mut Vec<Issue>) -> Result<()> {
    let validator = validator(kind).ok_or_else(|| {
        Error::Internal(format!("the generated schema for {kind} does not compile"))
    })?;
    // Valid documents are the common case: the boolean check is much cheaper than collecting.
    if validator.is_valid(value) {
        return Ok(());
    }
    for err in validator.iter_errors(value) {
        map_error(&err, value, prefix, out);
    }
    Ok(())
}

fn pointer_of(err: &jsonschema::ValidationError<'_>, prefix: &str) -> String {
    format!("{prefix}{}", err.instance_path().as_str())
}

fn value_at<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    root.pointer(pointer)
}

fn map_error(
    err: &jsonschema::ValidationError<'_>,
    root: &Value,
    prefix: &str,
    out: &mut Vec<Issue>,
) {
    let local = err.instance_path().as_str().to_string();
    let pointer = pointer_of(err, prefix);
    let found = value_at(root, &local);
    let found_t = found.map(json_type_name).unwrap_or("nothing");
    let issue = match err.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            Issue::new(
                format!("{pointer}/{}", escape_segment(name)),
                IssueCode::MissingField,
                format!("required field `{name}` is missing"),
                format!("缺少必填字段 `{name}`"),
            )
        }
        ValidationErrorKind::Type { kind } => {
            let expected: Vec<&str> = match kind {
                TypeKind::Single(t) => vec![t.as_str()],
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.as_str())
                    .filter(|t| *t != "null")
                    .collect(),
            };
            let en = expected.join(" or ");
            let zh = expected
                .iter()
                .map(|t| zh_type(t))
                .collect::<Vec<_>>()
                .join("或");
            Issue::new(
                pointer,
                IssueCode::WrongType,
                format!("expected {en}, found {found_t}"),
                format!("应为{zh}，实际为{}", zh_type(found_t)),
            )
        }
        ValidationErrorKind::Enum { options } => {
            let list = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            let f = found.map(|v| v.to_string()).unwrap_or_default();
            Issue::new(
                pointer,
                IssueCode::UnknownValue,
                format!("unknown value {f}; expected one of: {list}"),
                format!("未知的取值 {f}；应为以下之一：{list}"),
            )
        }
        ValidationErrorKind::Constant { expected_value } => {
            let f = found.map(|v| v.to_string()).unwrap_or_default();
            Issue::new(
                pointer,
                IssueCode::UnknownValue,
                format!("expected {expected_value}, found {f}"),
                format!("应为 {expected_value}，实际为 {f}"),
            )
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            let f = found.map(|v| v.to_string()).unwrap_or_default();
            Issue::new(
                pointer,
                IssueCode::OutOfRange,
                format!("{f} is below the minimum {limit}"),
                format!("{f} 小于允许的最小值 {limit}"),
            )
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            let f = found.map(|v| v.to_string()).unwrap_or_default();
            Issue::new(
                pointer,
                IssueCode::OutOfRange,
                format!("{f} is above the maximum {limit}"),
                format!("{f} 大于允许的最大值 {limit}"),
            )
        }
        ValidationErrorKind::MinLength { limit } | ValidationErrorKind::MinItems { limit } => {
            if *limit <= 1 {
                Issue::new(
                    pointer,
                    IssueCode::TooShort,
                    "must not be empty",
                    "不能为空",
                )
            } else {
                Issue::new(
                    pointer,
                    IssueCode::TooShort,
                    format!("must have at least {limit} characters or items"),
                    format!("至少需要 {limit} 个字符或元素"),
                )
            }
        }
        ValidationErrorKind::Pattern { pattern } => {
            let f = found.map(|v| v.to_string()).unwrap_or_default();
            if pattern == PARTIAL_DATE_PATTERN {
                Issue::new(
                    pointer,
                    IssueCode::BadFormat,
                    format!("{f} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"),
                    format!("{f} 不是有效日期；应为 YYYY、YYYY-MM 或 YYYY-MM-DD"),
                )
            } else {
                Issue::new(
                    pointer,
                    IssueCode::BadFormat,
                    format!("{f} does not match the pattern {pattern}"),
                    format!("{f} 不符合格式 {pattern}"),
                )
            }
        }
        ValidationErrorKind::Format { format } => {
            let f = found.map(|v| v.to_string()).unwrap_or_default();
            let (en, zh) = match format.as_str() {
                "email" => ("an e-mail address", "电子邮件地址"),
                "date-time" => (
                    "an RFC 3339 timestamp such as 2026-11-22T09:30:00Z",
                    "RFC 3339 时间戳（如 2026-11-22T09:30:00Z）",
                ),
                other => (other, other),
            };
            Issue::new(
                pointer,
                IssueCode::BadFormat,
                format!("{f} is not {en}"),
                format!("{f} 不是有效的{zh}"),
            )
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // `Option<T>` becomes `anyOf: [T, null]`: report the branch that matches the value's
            // type rather than "not null".
            let here = err.instance_path().as_str();
            // A documented enum becomes `oneOf` of constants: list them all.
            let consts: Option<Vec<String>> = context
                .iter()
                .map(|branch| match branch.as_slice() {
                    [e] if e.instance_path().as_str() == here => match e.kind() {
                        ValidationErrorKind::Constant { expected_value } => {
                            Some(expected_value.to_string())
                        }
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            if let Some(list) = consts.filter(|l| !l.is_empty()) {
                let list = list.join(", ");
                let f = found.map(|v| v.to_string()).unwrap_or_default();
                out.push(Issue::new(
                    pointer,
                    IssueCode::UnknownValue,
                    format!("unknown value {f}; expected one of: {list}"),
                    format!("未知的取值 {f}；应为以下之一：{list}"),
                ));
                return;
            }
            let informative: Vec<&Vec<jsonschema::ValidationError<'static>>> = context
                .iter()
                .filter(|branch| {
                    !branch.iter().all(|e| {
                        matches!(e.kind(), ValidationErrorKind::Type { .. })
                            && e.instance_path().as_str() == here
                    })
                })
                .collect();
            if let Some(branch) = informative.first() {
                for e in branch.iter() {
                    map_error(e, root, prefix, out);
                }
                return;
            }
            let mut expected: Vec<&str> = Vec::new();
            for branch in context {
                for e in branch {
                    if let ValidationErrorKind::Type { kind } = e.kind() {
                        match kind {
                            TypeKind::Single(t) => expected.push(t.as_str()),
                            TypeKind::Multiple(set) => {
                                expected.extend(set.iter().map(|t| t.as_str()))
                            }
                        }
                    }
                }
            }
            expected.retain(|t| *t != "null");
            expected.dedup();
            let en = if expected.is_empty() {
                "a different value".to_string()
            } else {
                expected.join(" or ")
            };
            let zh = expected
                .iter()
                .map(|t| zh_type(t))
                .collect::<Vec<_>>()
                .join("或");
            Issue::new(
                pointer,
                IssueCode::WrongType,
                format!("expected {en}, found {found_t}"),
                format!("应为{zh}，实际为{}", zh_type(found_t)),
            )
        }
        _ => Issue::new(
            pointer,
            IssueCode::InvalidValue,
            err.to_string(),
            format!("取值无效：{err}"),
        ),
    };
    out.push(issue);
}

// ---------------------------------------------------------------------------------------------
// Semantic rules
//
// They read the JSON leniently: a value of the wrong shape is skipped here because the structural
// pass already reported it, so one run reports structural and semantic problems together.
// ---------------------------------------------------------------------------------------------

fn items<'v>(v: &'v Value, key: &str) -> impl Iterator<Item = (usize, &'v Value)> {
    v.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn number(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

fn semantic(kind: DocumentKind, value: &Value, prefix: &str, out: &mut Vec<Issue>) -> Result<()> {
    match kind {
        DocumentKind::Candidate => check_candidate(value, prefix, out),
        DocumentKind::Resume => check_resume(value, prefix, out),
        DocumentKind::JobProfile => check_job(value, prefix, out),
        DocumentKind::Interview => check_interview(value, prefix, out),
        DocumentKind::Scorecard => check_scorecard(value, prefix, out),
        DocumentKind::EmployeeRecord => check_employee(value, prefix, out),
        DocumentKind::Profile => check_profile(value, prefix, out),
    }
    Ok(())
}

/// True when `s` is a date the archive holds: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month
/// and day number (the rule of [`PARTIAL_DATE_PATTERN`], without a regex engine).
pub(crate) fn is_partial_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let two = |at: usize, lo: u32, hi: u32| {
        digits(at..at + 2)
            && s[at..at + 2]
                .parse::<u32>()
                .is_ok_and(|v| (lo..=hi).contains(&v))
    };
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && two(5, 1, 12),
        10 => digits(0..4) && b[4] == b'-' && two(5, 1, 12) && b[7] == b'-' && two(8, 1, 31),
        _ => false,
    }
}

/// Compares two partial dates at the precision they share: `2019` vs `2019-03` is not an error.
fn date_before(end: &str, start: &str) -> bool {
    let n = end.len().min(start.len());
    end[..n] < start[..n]
}

fn check_dates(
    entry: &Value,
    start_key: &str,
    end_key: &str,
    pointer: String,
    out: &mut Vec<Issue>,
) {
    let (Some(s), Some(e)) = (text(entry, start_key), text(entry, end_key)) else {
        return;
    };
    if is_partial_date(s) && is_partial_date(e) && date_before(e, s) {
        out.push(Issue::new(
            pointer,
            IssueCode::DateOrder,
            format!("end date {e} is before start date {s}"),
            format!("结束日期 {e} 早于开始日期 {s}"),
        ));
    }
}

fn check_span(span: &Value, text_len: Option<u64>, pointer: String, out: &mut Vec<Issue>) {
    let (Some(start), Some(end)) = (
        span.get("start").and_then(Value::as_u64),
        span.get("end").and_then(Value::as_u64),
    ) else {
        return;
    };
    if end < start {
        out.push(Issue::new(
            pointer,
            IssueCode::SpanOutOfBounds,
            format!("span end {end} is before its start {start}"),
            format!("片段结束位置 {end} 小于起始位置 {start}"),
        ));
    } else if let Some(len) = text_len.filter(|len| end > *len) {
        out.push(Issue::new(
            pointer,
            IssueCode::SpanOutOfBounds,
            format!("span [{start}, {end}) ends beyond the text, which has {len} characters"),
            format!("片段 [{start}, {end}) 超出文本长度（共 {len} 个字符）"),
        ));
    }
}

/// Nanoseconds since the epoch for an RFC 3339 timestamp; `None` when it is not one.
fn epoch(ts: &str) -> Option<i128> {
    time::OffsetDateTime::parse(ts, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp_nanos())
}

fn duplicate(pointer: String, what_en: &str, what_zh: &str, id: &str, out: &mut Vec<Issue>) {
    out.push(Issue::new(
        pointer,
        IssueCode::DuplicateId,
        format!("{what_en} \"{id}\" is used twice"),
        format!("{what_zh} \"{id}\" 重复"),
    ));
}

fn check_candidate(d: &Value, p: &str, out: &mut Vec<Issue>) {
    for (i, c) in items(d, "consents") {
        let granted = text(c, "granted_at").and_then(epoch);
        let withdrawn = text(c, "withdrawn_at").and_then(epoch);
        if let (Some(g), Some(w)) = (granted, withdrawn) {
            if w < g {
                out.push(Issue::new(
                    format!("{p}/consents/{i}/withdrawn_at"),
                    IssueCode::DateOrder,
                    "consent withdrawn before it was granted",
                    "同意的撤回时间早于授予时间",
                ));
            }
        }
    }
}

fn check_resume(d: &Value, p: &str, out: &mut Vec<Issue>) {
    let len = text(d, "raw_text").map(|t| t.chars().count() as u64);
    for section in ["education", "experience"] {
        for (i, e) in items(d, section) {
            check_dates(
                e,
                "start_date",
                "end_date",
                format!("{p}/{section}/{i}/end_date"),
                out,
            );
            if let Some(s) = e.get("evidence") {
                check_span(s, len, format!("{p}/{section}/{i}/evidence"), out);
            }
        }
    }
    for (i, s) in items(d, "skills") {
        for (j, span) in items(s, "evidence") {
            check_span(span, len, format!("{p}/skills/{i}/evidence/{j}"), out);
        }
    }
    for (i, c) in items(d, "certifications") {
        if let Some(s) = c.get("evidence") {
            check_span(s, len, format!("{p}/certifications/{i}/evidence"), out);
        }
    }
}

fn check_job(d: &Value, p: &str, out: &mut Vec<Issue>) {
    let mut seen = std::collections::HashSet::new();
    let knockouts = d
        .get("requirements")
        .map(|r| items(r, "knockouts").collect::<Vec<_>>())
        .unwrap_or_default();
    for (i, k) in knockouts {
        let ptr = format!("{p}/requirements/knockouts/{i}");
        if let Some(id) = text(k, "id") {
            if !seen.insert(id) {
                duplicate(
                    format!("{ptr}/id"),
                    "knock-out rule id",
                    "淘汰规则 id",
                    id,
                    out,
                );
            }
        }
        let Some(value) = k.get("value") else {
            continue;
        };
        let need = match text(k, "op") {
            Some("gte" | "lte") if !value.is_number() => Some(("a number", "数字")),
            Some("in") if !value.is_array() => Some(("an array of values", "取值数组")),
            Some("has" | "eq") if value.is_null() => Some(("a value", "一个取值")),
            _ => None,
        };
        if let Some((en, zh)) = need {
            let op = text(k, "op").unwrap_or_default();
            out.push(Issue::new(
                format!("{ptr}/value"),
                IssueCode::WrongType,
                format!("operator \"{op}\" needs {en}"),
                format!("运算符 \"{op}\" 需要{zh}"),
            ));
        }
    }
}

fn check_interview(d: &Value, p: &str, out: &mut Vec<Issue>) {
    let mut known = std::collections::HashSet::new();
    for (i, q) in items(d, "questions") {
        if let Some(id) = text(q, "id") {
            if !known.insert(id) {
                duplicate(
                    format!("{p}/questions/{i}/id"),
                    "question id",
                    "题目 id",
                    id,
                    out,
                );
            }
        }
    }
    let planned_items: Vec<(usize, &Value)> = d
        .get("plan")
        .map(|plan| items(plan, "questions").collect())
        .unwrap_or_default();
    let planned: std::collections::HashSet<&str> = planned_items
        .iter()
        .filter_map(|(_, q)| text(q, "question_id"))
        .collect();
    if !known.is_empty() {
        for (i, q) in &planned_items {
            if let Some(id) = text(q, "question_id").filter(|id| !known.contains(id)) {
                out.push(Issue::new(
                    format!("{p}/plan/questions/{i}/question_id"),
                    IssueCode::UnknownReference,
                    format!("the plan refers to question \"{id}\", which is not in `questions`"),
                    format!("面试计划引用的题目 \"{id}\" 不在 `questions` 中"),
                ));
            }
        }
    }
    for (i, a) in items(d, "answers") {
        if let Some(id) =
            text(a, "question_id").filter(|id| !planned.is_empty() && !planned.contains(id))
        {
            out.push(Issue::new(
                format!("{p}/answers/{i}/question_id"),
                IssueCode::UnknownReference,
                format!("answer to question \"{id}\", which is not in the plan"),
                format!("回答对应的题目 \"{id}\" 不在面试计划中"),
            ));
        }
        for (j, w) in items(a, "word_timings") {
            if let (Some(s), Some(e)) = (number(w, "start_ms"), number(w, "end_ms")) {
                if e < s {
                    out.push(Issue::new(
                        format!("{p}/answers/{i}/word_timings/{j}/end_ms"),
                        IssueCode::DateOrder,
                        "word ends before it starts",
                        "词的结束时间早于开始时间",
                    ));
                }
            }
        }
    }
    if let Some(state) = d.get("state") {
        if let (Some(answered), Some(total)) = (number(state, "answered"), number(state, "total")) {
            if answered > total {
                out.push(Issue::new(
                    format!("{p}/state/answered"),
                    IssueCode::OutOfRange,
                    format!("answered ({answered}) exceeds total ({total})"),
                    format!("已答题数（{answered}）超过总题数（{total}）"),
                ));
            }
        }
    }
}

fn check_score(v: Option<f64>, (min, max): (f64, f64), pointer: String, out: &mut Vec<Issue>) {
    if let Some(v) = v.filter(|v| *v < min || *v > max) {
        out.push(Issue::new(
            pointer,
            IssueCode::OutOfRange,
            format!("score {v} is outside the scorecard's scale {min}–{max}"),
            format!("分数 {v} 超出评分量表范围 {min}–{max}"),
        ));
    }
}

fn check_scorecard(d: &Value, p: &str, out: &mut Vec<Issue>) {
    let default = ScoreScale::default();
    let scale = d.get("scale");
    let min = scale.and_then(|s| number(s, "min")).unwrap_or(default.min);
    let max = scale.and_then(|s| number(s, "max")).unwrap_or(default.max);
    if max <= min {
        out.push(Issue::new(
            format!("{p}/scale/max"),
            IssueCode::OutOfRange,
            format!("scale max {max} must be above min {min}"),
            format!("量表上限 {max} 必须大于下限 {min}"),
        ));
        return;
    }
    check_score(
        number(d, "overall"),
        (min, max),
        format!("{p}/overall"),
        out,
    );
    let mut seen = std::collections::HashSet::new();
    for (i, c) in items(d, "competencies") {
        let ptr = format!("{p}/competencies/{i}");
        if let Some(name) = text(c, "competency") {
            if !seen.insert(name) {
                duplicate(
                    format!("{ptr}/competency"),
                    "competency",
                    "胜任力",
                    name,
                    out,
                );
            }
        }
        check_score(
            number(c, "ai_score"),
            (min, max),
            format!("{ptr}/ai_score"),
            out,
        );
        check_score(
            number(c, "fused_score"),
            (min, max),
            format!("{ptr}/fused_score"),
            out,
        );
        for (j, s) in items(c, "interviewer_scores") {
            check_score(
                number(s, "score"),
                (min, max),
                format!("{ptr}/interviewer_scores/{j}/score"),
                out,
            );
        }
    }
}

fn check_employee(d: &Value, p: &str, out: &mut Vec<Issue>) {
    for (i, pos) in items(d, "positions") {
        check_dates(
            pos,
            "start_date",
            "end_date",
            format!("{p}/positions/{i}/end_date"),
            out,
        );
    }
    for (i, r) in items(d, "performance_reviews") {
        let scale_max = number(r, "scale_max").unwrap_or(5.0);
        if let Some(rating) = number(r, "rating").filter(|v| *v < 0.0 || *v > scale_max) {
            out.push(Issue::new(
                format!("{p}/performance_reviews/{i}/rating"),
                IssueCode::OutOfRange,
                format!("rating {rating} is outside 0–{scale_max}"),
                format!("绩效评分 {rating} 超出范围 0–{scale_max}"),
            ));
        }
    }
}

fn check_profile(d: &Value, p: &str, out: &mut Vec<Issue>) {
    let Some(owner) = text(d, "candidate_id") else {
        return;
    };
    type Check = fn(&Value, &str, &mut Vec<Issue>);
    let sections: [(&str, &str, Check); 5] = [
        ("candidates", "id", check_candidate),
        ("resumes", "candidate_id", check_resume),
        ("interviews", "candidate_id", check_interview),
        ("scorecards", "candidate_id", check_scorecard),
        ("employee_records", "candidate_id", check_employee),
    ];
    for (section, key, check) in sections {
        for (i, doc) in items(d, section) {
            if let Some(other) = text(doc, key).filter(|id| *id != owner) {
                out.push(Issue::new(
                    format!("{p}/{section}/{i}/{key}"),
                    IssueCode::UnknownReference,
                    format!("candidate_id \"{other}\" differs from the profile's \"{owner}\""),
                    format!("candidate_id \"{other}\" 与档案的 \"{owner}\" 不一致"),
                ));
            }
            check(doc, &format!("{p}/{section}/{i}"), out);
        }
    }
}
