//! Field-by-field JSON reading for the analytics and development requests: every error names
//! the field as a JSON pointer (`/events/7/at`) and says what would be accepted.

use serde::Serialize;
use serde_json::{Map, Value};
use time::{Date, OffsetDateTime};

use crate::error::{Error, Result};

/// An `InvalidArgument` naming `name`.
pub(crate) fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: if name.is_empty() {
            "request".to_string()
        } else {
            name.to_string()
        },
        expected: expected.into(),
    }
}

/// `path/key` (JSON pointer; `~` and `/` in keys escaped).
pub(crate) fn ptr(path: &str, key: &str) -> String {
    format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// `path/index`.
pub(crate) fn idx(path: &str, index: usize) -> String {
    format!("{path}/{index}")
}

/// The value as an object.
pub(crate) fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| invalid(path, "an object"))
}

/// The value as an array.
pub(crate) fn array<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>> {
    v.as_array().ok_or_else(|| invalid(path, "an array"))
}

/// Errors on the first key not in `allowed` (sorted key order, so the error is deterministic).
pub(crate) fn check_keys(obj: &Map<String, Value>, allowed: &[&str], path: &str) -> Result<()> {
    let mut keys: Vec<&String> = obj.keys().collect();
    keys.sort();
    match keys.into_iter().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(
            &ptr(path, k),
            format!("no such field; known fields: {}", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

/// A present, non-null field.
pub(crate) fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

/// A required non-empty string field.
pub(crate) fn req_str<'a>(obj: &'a Map<String, Value>, key: &str, path: &str) -> Result<&'a str> {
    match get(obj, key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.as_str()),
        Some(_) => Err(invalid(&ptr(path, key), "a non-empty string")),
        None => Err(invalid(
            &ptr(path, key),
            "a non-empty string (the field is missing)",
        )),
    }
}

/// An optional non-empty string field.
pub(crate) fn opt_str<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>> {
    match get(obj, key) {
        None => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.as_str())),
        Some(_) => Err(invalid(&ptr(path, key), "a non-empty string")),
    }
}

/// A finite number.
pub(crate) fn number(v: &Value, path: &str) -> Result<f64> {
    v.as_f64()
        .filter(|x| x.is_finite())
        .ok_or_else(|| invalid(path, "a finite number"))
}

/// An optional finite number satisfying `ok`.
pub(crate) fn opt_f64(
    obj: &Map<String, Value>,
    key: &str,
    path: &str,
    ok: fn(f64) -> bool,
    what: &str,
) -> Result<Option<f64>> {
    match get(obj, key) {
        None => Ok(None),
        Some(v) => {
            let p = ptr(path, key);
            let x = number(v, &p).map_err(|_| invalid(&p, what))?;
            if ok(x) {
                Ok(Some(x))
            } else {
                Err(invalid(&p, what))
            }
        }
    }
}

/// An optional whole number in `min..=max`.
pub(crate) fn opt_u64(
    obj: &Map<String, Value>,
    key: &str,
    path: &str,
    min: u64,
    max: u64,
) -> Result<Option<u64>> {
    match get(obj, key) {
        None => Ok(None),
        Some(v) => match v.as_u64() {
            Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(invalid(
                &ptr(path, key),
                format!("a whole number from {min} to {max}"),
            )),
        },
    }
}

/// A list of non-empty strings.
pub(crate) fn str_list(v: &Value, path: &str) -> Result<Vec<String>> {
    let items = array(v, path)?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.as_str() {
            Some(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            _ => Err(invalid(&idx(path, i), "a non-empty string")),
        })
        .collect()
}

/// An RFC 3339 timestamp.
pub(crate) fn timestamp(v: &Value, path: &str) -> Result<OffsetDateTime> {
    let expected = "an RFC 3339 timestamp with an offset, e.g. \"2026-03-01T09:00:00Z\"";
    let s = v.as_str().ok_or_else(|| invalid(path, expected))?;
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|_| invalid(path, format!("{expected}; got {s:?}")))
}

/// A calendar date at year, month or day precision (`2024`, `2024-03`, `2024-03-15`), read as
/// its first day; `None` when malformed.
pub(crate) fn partial_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let (y, m, d) = match parts.as_slice() {
        [y] => (*y, "01", "01"),
        [y, m] => (*y, *m, "01"),
        [y, m, d] => (*y, *m, *d),
        _ => return None,
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    let d: u8 = d.parse().ok()?;
    Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
}

/// An RFC 3339 timestamp (its UTC date) or a partial date, as a date.
pub(crate) fn date_or_timestamp(v: &Value, path: &str) -> Result<Date> {
    let expected = "a date (2024, 2024-03 or 2024-03-15) or an RFC 3339 timestamp";
    let s = v.as_str().ok_or_else(|| invalid(path, expected))?;
    if let Ok(t) = OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339) {
        return Ok(t.to_offset(time::UtcOffset::UTC).date());
    }
    partial_date(s).ok_or_else(|| invalid(path, format!("{expected}; got {s:?}")))
}

pub(crate) use crate::policy::util::format_utc;

/// `x` rounded to `digits` decimals (so that float noise never reaches the output).
pub(crate) fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    let r = (x * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// `0.3` → `"30%"`, `1/3` → `"33.3%"`.
pub(crate) fn percent(x: f64) -> String {
    let text = format!("{:.1}", x * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// A number for text: at most `digits` decimals, trailing zeros dropped.
pub(crate) fn num_text(x: f64, digits: usize) -> String {
    let text = format!("{x:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Text in English and Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bilingual {
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

impl Bilingual {
    /// Both languages.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Bilingual {
        Bilingual {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// Serialises a result value.
pub(crate) fn to_value<T: Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::Internal(format!("serialising a result: {e}")))
}
