//! Validation: every problem in a document at once, each with a JSON pointer, a stable code and a
//! message in English and Chinese.
//!
//! Two passes. The structural pass checks the document against its generated JSON Schema (types,
//! required fields, enumerations, ranges, formats). When that passes, the semantic pass checks
//! what a schema cannot say: date order, evidence spans inside the text, scores inside the scale,
//! references between questions, plan and answers.

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
        if issues.is_empty() {
            semantic(kind, value, "", &mut issues)?;
        }
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
// ---------------------------------------------------------------------------------------------

fn semantic(kind: DocumentKind, value: &Value, prefix: &str, out: &mut Vec<Issue>) -> Result<()> {
    match typed_document(kind, value)? {
        Document::Candidate(d) => check_candidate(&d, prefix, out),
        Document::Resume(d) => check_resume(&d, prefix, out),
        Document::JobProfile(d) => check_job(&d, prefix, out),
        Document::Interview(d) => check_interview(&d, prefix, out),
        Document::Scorecard(d) => check_scorecard(&d, prefix, out),
        Document::EmployeeRecord(d) => check_employee(&d, prefix, out),
        Document::Profile(d) => check_profile(&d, prefix, out),
    }
    Ok(())
}

/// Compares two partial dates at the precision they share: `2019` vs `2019-03` is not an error.
fn date_before(end: &PartialDate, start: &PartialDate) -> bool {
    let n = end.0.len().min(start.0.len());
    end.0[..n] < start.0[..n]
}

fn check_dates(
    start: Option<&PartialDate>,
    end: Option<&PartialDate>,
    pointer: String,
    out: &mut Vec<Issue>,
) {
    if let (Some(s), Some(e)) = (start, end) {
        if date_before(e, s) {
            out.push(Issue::new(
                pointer,
                IssueCode::DateOrder,
                format!("end date {} is before start date {}", e.0, s.0),
                format!("结束日期 {} 早于开始日期 {}", e.0, s.0),
            ));
        }
    }
}

fn check_span(span: &Span, text_len: Option<u64>, pointer: String, out: &mut Vec<Issue>) {
    if span.end < span.start {
        out.push(Issue::new(
            pointer,
            IssueCode::SpanOutOfBounds,
            format!("span end {} is before its start {}", span.end, span.start),
            format!("片段结束位置 {} 小于起始位置 {}", span.end, span.start),
        ));
    } else if let Some(len) = text_len {
        if span.end > len {
            out.push(Issue::new(
                pointer,
                IssueCode::SpanOutOfBounds,
                format!(
                    "span [{}, {}) ends beyond the text, which has {len} characters",
                    span.start, span.end
                ),
                format!(
                    "片段 [{}, {}) 超出文本长度（共 {len} 个字符）",
                    span.start, span.end
                ),
            ));
        }
    }
}

/// Seconds since the epoch for an RFC 3339 timestamp (already format-checked).
fn epoch(ts: &Timestamp) -> Option<i128> {
    time::OffsetDateTime::parse(&ts.0, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp_nanos())
}

fn check_candidate(d: &Candidate, p: &str, out: &mut Vec<Issue>) {
    for (i, c) in d.consents.iter().enumerate() {
        if let (Some(g), Some(w)) = (
            epoch(&c.granted_at),
            c.withdrawn_at.as_ref().and_then(epoch),
        ) {
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

fn check_resume(d: &Resume, p: &str, out: &mut Vec<Issue>) {
    let len = d.raw_text.as_ref().map(|t| t.chars().count() as u64);
    for (i, e) in d.education.iter().enumerate() {
        check_dates(
            e.start_date.as_ref(),
            e.end_date.as_ref(),
            format!("{p}/education/{i}/end_date"),
            out,
        );
        if let Some(s) = &e.evidence {
            check_span(s, len, format!("{p}/education/{i}/evidence"), out);
        }
    }
    for (i, e) in d.experience.iter().enumerate() {
        check_dates(
            e.start_date.as_ref(),
            e.end_date.as_ref(),
            format!("{p}/experience/{i}/end_date"),
            out,
        );
        if let Some(s) = &e.evidence {
            check_span(s, len, format!("{p}/experience/{i}/evidence"), out);
        }
    }
    for (i, s) in d.skills.iter().enumerate() {
        for (j, span) in s.evidence.iter().enumerate() {
            check_span(span, len, format!("{p}/skills/{i}/evidence/{j}"), out);
        }
    }
    for (i, c) in d.certifications.iter().enumerate() {
        if let Some(s) = &c.evidence {
            check_span(s, len, format!("{p}/certifications/{i}/evidence"), out);
        }
    }
}

fn check_job(d: &JobProfile, p: &str, out: &mut Vec<Issue>) {
    let mut seen = std::collections::HashSet::new();
    for (i, k) in d.requirements.knockouts.iter().enumerate() {
        let ptr = format!("{p}/requirements/knockouts/{i}");
        if !seen.insert(k.id.as_str()) {
            out.push(Issue::new(
                format!("{ptr}/id"),
                IssueCode::DuplicateId,
                format!("knock-out rule id \"{}\" is used twice", k.id),
                format!("淘汰规则 id \"{}\" 重复", k.id),
            ));
        }
        let ok = match k.op {
            KnockoutOp::Gte | KnockoutOp::Lte => k.value.is_number(),
            KnockoutOp::In => k.value.is_array(),
            KnockoutOp::Has | KnockoutOp::Eq => !k.value.is_null(),
        };
        if !ok {
            let (en, zh) = match k.op {
                KnockoutOp::Gte | KnockoutOp::Lte => ("a number", "数字"),
                KnockoutOp::In => ("an array of values", "取值数组"),
                _ => ("a value", "一个取值"),
            };
            out.push(Issue::new(
                format!("{ptr}/value"),
                IssueCode::WrongType,
                format!("operator {:?} needs {en}", k.op).to_lowercase(),
                format!("该运算符需要{zh}"),
            ));
        }
    }
}

fn check_interview(d: &Interview, p: &str, out: &mut Vec<Issue>) {
    let known: std::collections::HashSet<&str> =
        d.questions.iter().map(|q| q.id.as_str()).collect();
    let mut seen = std::collections::HashSet::new();
    for (i, q) in d.questions.iter().enumerate() {
        if !seen.insert(q.id.as_str()) {
            out.push(Issue::new(
                format!("{p}/questions/{i}/id"),
                IssueCode::DuplicateId,
                format!("question id \"{}\" is used twice", q.id),
                format!("题目 id \"{}\" 重复", q.id),
            ));
        }
    }
    let planned: std::collections::HashSet<&str> = d
        .plan
        .questions
        .iter()
        .map(|q| q.question_id.as_str())
        .collect();
    if !known.is_empty() {
        for (i, q) in d.plan.questions.iter().enumerate() {
            if !known.contains(q.question_id.as_str()) {
                out.push(Issue::new(
                    format!("{p}/plan/questions/{i}/question_id"),
                    IssueCode::UnknownReference,
                    format!(
                        "the plan refers to question \"{}\", which is not in `questions`",
                        q.question_id
                    ),
                    format!(
                        "面试计划引用的题目 \"{}\" 不在 `questions` 中",
                        q.question_id
                    ),
                ));
            }
        }
    }
    if !planned.is_empty() {
        for (i, a) in d.answers.iter().enumerate() {
            if !planned.contains(a.question_id.as_str()) {
                out.push(Issue::new(
                    format!("{p}/answers/{i}/question_id"),
                    IssueCode::UnknownReference,
                    format!(
                        "answer to question \"{}\", which is not in the plan",
                        a.question_id
                    ),
                    format!("回答对应的题目 \"{}\" 不在面试计划中", a.question_id),
                ));
            }
        }
    }
    for (i, a) in d.answers.iter().enumerate() {
        for (j, w) in a.word_timings.iter().enumerate() {
            if w.end_ms < w.start_ms {
                out.push(Issue::new(
                    format!("{p}/answers/{i}/word_timings/{j}/end_ms"),
                    IssueCode::DateOrder,
                    "word ends before it starts",
                    "词的结束时间早于开始时间",
                ));
            }
        }
    }
    if d.state.answered > d.state.total {
        out.push(Issue::new(
            format!("{p}/state/answered"),
            IssueCode::OutOfRange,
            format!(
                "answered ({}) exceeds total ({})",
                d.state.answered, d.state.total
            ),
            format!(
                "已答题数（{}）超过总题数（{}）",
                d.state.answered, d.state.total
            ),
        ));
    }
}

fn check_score(v: Option<f64>, scale: &ScoreScale, pointer: String, out: &mut Vec<Issue>) {
    if let Some(v) = v {
        if v < scale.min || v > scale.max {
            out.push(Issue::new(
                pointer,
                IssueCode::OutOfRange,
                format!(
                    "score {v} is outside the scorecard's scale {}–{}",
                    scale.min, scale.max
                ),
                format!("分数 {v} 超出评分量表范围 {}–{}", scale.min, scale.max),
            ));
        }
    }
}

fn check_scorecard(d: &Scorecard, p: &str, out: &mut Vec<Issue>) {
    if d.scale.max <= d.scale.min {
        out.push(Issue::new(
            format!("{p}/scale/max"),
            IssueCode::OutOfRange,
            format!(
                "scale max {} must be above min {}",
                d.scale.max, d.scale.min
            ),
            format!("量表上限 {} 必须大于下限 {}", d.scale.max, d.scale.min),
        ));
        return;
    }
    check_score(d.overall, &d.scale, format!("{p}/overall"), out);
    let mut seen = std::collections::HashSet::new();
    for (i, c) in d.competencies.iter().enumerate() {
        let ptr = format!("{p}/competencies/{i}");
        if !seen.insert(c.competency.as_str()) {
            out.push(Issue::new(
                format!("{ptr}/competency"),
                IssueCode::DuplicateId,
                format!("competency \"{}\" appears twice", c.competency),
                format!("胜任力 \"{}\" 重复出现", c.competency),
            ));
        }
        check_score(c.ai_score, &d.scale, format!("{ptr}/ai_score"), out);
        check_score(c.fused_score, &d.scale, format!("{ptr}/fused_score"), out);
        for (j, s) in c.interviewer_scores.iter().enumerate() {
            check_score(
                Some(s.score),
                &d.scale,
                format!("{ptr}/interviewer_scores/{j}/score"),
                out,
            );
        }
    }
}

fn check_employee(d: &EmployeeRecord, p: &str, out: &mut Vec<Issue>) {
    for (i, pos) in d.positions.iter().enumerate() {
        check_dates(
            Some(&pos.start_date),
            pos.end_date.as_ref(),
            format!("{p}/positions/{i}/end_date"),
            out,
        );
    }
    for (i, r) in d.performance_reviews.iter().enumerate() {
        if r.rating < 0.0 || r.rating > r.scale_max {
            out.push(Issue::new(
                format!("{p}/performance_reviews/{i}/rating"),
                IssueCode::OutOfRange,
                format!("rating {} is outside 0–{}", r.rating, r.scale_max),
                format!("绩效评分 {} 超出范围 0–{}", r.rating, r.scale_max),
            ));
        }
    }
}

fn check_profile(d: &Profile, p: &str, out: &mut Vec<Issue>) {
    let mismatch = |ptr: String, other: &str, out: &mut Vec<Issue>| {
        out.push(Issue::new(
            ptr,
            IssueCode::UnknownReference,
            format!(
                "candidate_id \"{other}\" differs from the profile's \"{}\"",
                d.candidate_id
            ),
            format!(
                "candidate_id \"{other}\" 与档案的 \"{}\" 不一致",
                d.candidate_id
            ),
        ));
    };
    for (i, c) in d.candidates.iter().enumerate() {
        if c.id != d.candidate_id {
            mismatch(format!("{p}/candidates/{i}/id"), &c.id, out);
        }
        check_candidate(c, &format!("{p}/candidates/{i}"), out);
    }
    for (i, r) in d.resumes.iter().enumerate() {
        if let Some(id) = r.candidate_id.as_deref().filter(|id| *id != d.candidate_id) {
            mismatch(format!("{p}/resumes/{i}/candidate_id"), id, out);
        }
        check_resume(r, &format!("{p}/resumes/{i}"), out);
    }
    for (i, r) in d.interviews.iter().enumerate() {
        if let Some(id) = r.candidate_id.as_deref().filter(|id| *id != d.candidate_id) {
            mismatch(format!("{p}/interviews/{i}/candidate_id"), id, out);
        }
        check_interview(r, &format!("{p}/interviews/{i}"), out);
    }
    for (i, r) in d.scorecards.iter().enumerate() {
        if let Some(id) = r.candidate_id.as_deref().filter(|id| *id != d.candidate_id) {
            mismatch(format!("{p}/scorecards/{i}/candidate_id"), id, out);
        }
        check_scorecard(r, &format!("{p}/scorecards/{i}"), out);
    }
    for (i, r) in d.employee_records.iter().enumerate() {
        if let Some(id) = r.candidate_id.as_deref().filter(|id| *id != d.candidate_id) {
            mismatch(format!("{p}/employee_records/{i}/candidate_id"), id, out);
        }
        check_employee(r, &format!("{p}/employee_records/{i}"), out);
    }
}
