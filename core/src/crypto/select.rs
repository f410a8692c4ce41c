//! Which values of a document to encrypt: JSON pointers (with `*` wildcards), the default
//! sensitive fields per document kind, and the document identity bound into every ciphertext.

use serde_json::Value;

use crate::error::{Error, Result};

/// The member name that marks an encrypted value: `{"$encrypted": {...}}`.
pub const ENVELOPE_KEY: &str = "$encrypted";

/// Keys that name media or links to recordings anywhere in a document; encrypted by default
/// together with every key ending in `_url`.
pub const MEDIA_KEYS: &[&str] = &[
    "media",
    "media_id",
    "media_ref",
    "media_refs",
    "recording_id",
];

const CANDIDATE: &[&str] = &[
    "/name",
    "/name_alt",
    "/contact/email",
    "/contact/phone",
    "/contact/wechat_id",
];
const RESUME: &[&str] = &[
    "/basics/name",
    "/basics/email",
    "/basics/phone",
    "/basics/wechat_id",
    "/basics/image",
    "/basics/summary",
    "/basics/url",
    "/basics/location/address",
    "/basics/location/postal_code",
    "/basics/profiles",
    "/raw_text",
    "/source/file_name",
    // Evidence spans quote raw_text, so their copies go with it.
    "/education/*/evidence/text",
    "/experience/*/evidence/text",
    "/skills/*/evidence/*/text",
    "/certifications/*/evidence/text",
];
const INTERVIEW: &[&str] = &["/answers/*/transcript", "/answers/*/word_timings"];
const SCORECARD: &[&str] = &[
    "/competencies/*/interviewer_scores/*/notes",
    "/competencies/*/evidence/*/quote",
    "/competencies/*/evidence/*/span/text",
    "/competencies/*/annotations/*/text",
];
const EMPLOYEE_RECORD: &[&str] = &[
    "/performance_reviews/*/rating",
    "/performance_reviews/*/reviewer",
    "/potential_predictions/*/probability",
];
const PROFILE: &[&str] = &[
    "/identity/name",
    "/identity/email",
    "/identity/phone",
    "/conflicts/*/kept",
    "/conflicts/*/other",
];

/// The default sensitive fields of a document kind, as pointer patterns (`*` = every element).
///
/// Besides these, every member named in [`MEDIA_KEYS`], ending in `_url`, or named for personal
/// data (see [`media_paths`]), anywhere in the document, is encrypted by default. A `profile` also gets the defaults of every document it
/// embeds (`/candidates/*/name`, `/resumes/*/raw_text`, ...).
pub fn default_fields(kind: &str) -> Vec<String> {
    let own: &[&str] = match kind {
        "candidate" => CANDIDATE,
        "resume" => RESUME,
        "interview" => INTERVIEW,
        "scorecard" => SCORECARD,
        "employee_record" => EMPLOYEE_RECORD,
        "profile" => PROFILE,
        _ => &[],
    };
    let mut out: Vec<String> = own.iter().map(|s| s.to_string()).collect();
    if kind == "profile" {
        for (member, nested) in [
            ("candidates", CANDIDATE),
            ("resumes", RESUME),
            ("interviews", INTERVIEW),
            ("scorecards", SCORECARD),
            ("employee_records", EMPLOYEE_RECORD),
        ] {
            out.extend(nested.iter().map(|p| format!("/{member}/*{p}")));
        }
    }
    out
}

/// True for `{"$encrypted": {...}}` (exactly one member).
pub fn is_envelope(value: &Value) -> bool {
    match value.as_object() {
        Some(obj) => obj.len() == 1 && obj.get(ENVELOPE_KEY).is_some_and(Value::is_object),
        None => false,
    }
}

/// True when an envelope sits anywhere inside `value` (or is `value`).
pub fn contains_envelope(value: &Value) -> bool {
    if is_envelope(value) {
        return true;
    }
    match value {
        Value::Object(obj) => obj.values().any(contains_envelope),
        Value::Array(items) => items.iter().any(contains_envelope),
        _ => false,
    }
}

/// Parses an RFC 6901 JSON pointer into its (unescaped) segments; `None` when malformed or the
/// root (`""`), which cannot be encrypted.
pub fn parse_pointer(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('/')?;
    let mut out = Vec::new();
    for raw in rest.split('/') {
        let mut seg = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '~' {
                match chars.next() {
                    Some('0') => seg.push('~'),
                    Some('1') => seg.push('/'),
                    _ => return None,
                }
            } else {
                seg.push(c);
            }
        }
        out.push(seg);
    }
    Some(out)
}

/// Writes segments as an RFC 6901 JSON pointer.
pub fn format_pointer(segments: &[String]) -> String {
    let mut out = String::new();
    for s in segments {
        out.push('/');
        out.push_str(&s.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// Every existing location matching a pointer pattern, in document order. A `*` segment matches
/// every array element and every object member. Paths never descend into an envelope.
pub fn expand(document: &Value, pattern: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    expand_into(document, pattern, &mut path, &mut out);
    out
}

fn expand_into(
    value: &Value,
    pattern: &[String],
    path: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
) {
    let Some((head, rest)) = pattern.split_first() else {
        out.push(path.clone());
        return;
    };
    if is_envelope(value) {
        return;
    }
    match value {
        Value::Object(obj) => {
            if head == "*" {
                for (k, v) in obj {
                    path.push(k.clone());
                    expand_into(v, rest, path, out);
                    path.pop();
                }
            } else if let Some(v) = obj.get(head) {
                path.push(head.clone());
                expand_into(v, rest, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            if head == "*" {
                for (i, v) in items.iter().enumerate() {
                    path.push(i.to_string());
                    expand_into(v, rest, path, out);
                    path.pop();
                }
            } else if let Some(i) = array_index(head) {
                if let Some(v) = items.get(i) {
                    path.push(head.clone());
                    expand_into(v, rest, path, out);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// An RFC 6901 array index: decimal digits without a leading zero.
fn array_index(segment: &str) -> Option<usize> {
    let ok = !segment.is_empty()
        && segment.bytes().all(|b| b.is_ascii_digit())
        && (segment == "0" || !segment.starts_with('0'));
    if ok {
        segment.parse().ok()
    } else {
        None
    }
}

/// Every member named in [`MEDIA_KEYS`], ending in `_url`, or holding personal data by its name
/// (`gender`, `性别`, `birth_date`, `身份证号`, … — the member names blind screening removes),
/// outside envelopes, in document order.
pub fn media_paths(document: &Value) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    media_into(document, &mut path, &mut out);
    out
}

fn media_into(value: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if is_envelope(value) {
        return;
    }
    match value {
        Value::Object(obj) => {
            for (k, v) in obj {
                path.push(k.clone());
                if k.ends_with("_url")
                    || MEDIA_KEYS.contains(&k.as_str())
                    || crate::redact::is_personal_key(k)
                {
                    out.push(path.clone());
                } else {
                    media_into(v, path, out);
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                media_into(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The value at a concrete path, mutably.
pub fn get_mut<'a>(document: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut cur = document;
    for seg in path {
        cur = match cur {
            Value::Object(obj) => obj.get_mut(seg)?,
            Value::Array(items) => items.get_mut(array_index(seg)?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Drops duplicates and every path inside another path of the list (the outer value is
/// encrypted whole), keeping the first-seen order.
pub fn outermost(paths: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for p in paths {
        if out.iter().any(|q| p.starts_with(q)) {
            continue;
        }
        out.retain(|q| !q.starts_with(&p));
        out.push(p);
    }
    out
}

/// The member holding a document kind's id (`id`; `employee_id`; `candidate_id` for profiles).
pub fn id_member(kind: &str) -> &'static str {
    match kind {
        "employee_record" => "employee_id",
        "profile" => "candidate_id",
        _ => "id",
    }
}

/// The document identity bound into every ciphertext: `document_id` when the host gives one,
/// else `"<kind>:<id>"` read from the document.
pub fn document_identity(document: &Value, document_id: Option<&str>) -> Result<String> {
    if let Some(id) = document_id {
        return Ok(id.to_string());
    }
    let kind = document.get("kind").and_then(Value::as_str).ok_or_else(|| {
        Error::InvalidArgument {
            name: "document.kind".into(),
            expected: "the document kind (a string), which with its id identifies the document; or give `document_id`".into(),
        }
    })?;
    let member = id_member(kind);
    match document.get(member).and_then(Value::as_str) {
        Some(id) if !id.is_empty() => Ok(format!("{kind}:{id}")),
        _ => Err(Error::InvalidArgument {
            name: format!("document.{member}"),
            expected: format!(
                "a non-empty string identifying the {kind} document (bound into every ciphertext so that values cannot move between documents); or give `document_id`"
            ),
        }),
    }
}

/// True when some walk of the pattern meets an envelope before its end (the value sought is
/// inside an encrypted value, so it is already protected).
pub fn blocked_by_envelope(value: &Value, pattern: &[String]) -> bool {
    let Some((head, rest)) = pattern.split_first() else {
        return false;
    };
    if is_envelope(value) {
        return true;
    }
    match value {
        Value::Object(obj) if head == "*" => obj.values().any(|v| blocked_by_envelope(v, rest)),
        Value::Object(obj) => obj.get(head).is_some_and(|v| blocked_by_envelope(v, rest)),
        Value::Array(items) if head == "*" => items.iter().any(|v| blocked_by_envelope(v, rest)),
        Value::Array(items) => array_index(head)
            .and_then(|i| items.get(i))
            .is_some_and(|v| blocked_by_envelope(v, rest)),
        _ => false,
    }
}
