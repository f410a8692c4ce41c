//! Field-by-field JSON reading (errors name the exact field) and RFC 3339 times.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::error::{Error, Result};

pub(crate) fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

pub(crate) fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| invalid(path, "an object"))
}

pub(crate) fn array<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>> {
    v.as_array().ok_or_else(|| invalid(path, "an array"))
}

pub(crate) fn string<'a>(v: &'a Value, path: &str) -> Result<&'a str> {
    v.as_str().ok_or_else(|| invalid(path, "a string"))
}

pub(crate) fn field<'a>(obj: &'a Map<String, Value>, key: &str, path: &str) -> Result<&'a Value> {
    obj.get(key)
        .ok_or_else(|| invalid(&join(path, key), "a value (the field is missing)"))
}

/// `path.key`, or `key` at the top of a request.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn no_unknown(obj: &Map<String, Value>, allowed: &[&str], path: &str) -> Result<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(
            &join(path, k),
            format!("no such field; allowed: {}", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

/// An RFC 3339 timestamp (`2026-03-01T09:00:00Z`).
pub(crate) fn timestamp(s: &str, path: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).map_err(|_| {
        invalid(
            path,
            format!(
                "an RFC 3339 timestamp with an offset, e.g. \"2026-03-01T09:00:00Z\"; got {s:?}"
            ),
        )
    })
}

/// An RFC 3339 timestamp, or a calendar date `YYYY-MM-DD` (midnight UTC).
pub(crate) fn timestamp_or_date(s: &str, path: &str) -> Result<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339) {
        return Ok(t);
    }
    let bad = || {
        invalid(
            path,
            format!("a date YYYY-MM-DD or an RFC 3339 timestamp; got {s:?}"),
        )
    };
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    let d: u8 = d.parse().map_err(|_| bad())?;
    let month = time::Month::try_from(m).map_err(|_| bad())?;
    let date = time::Date::from_calendar_date(y, month, d).map_err(|_| bad())?;
    Ok(date.midnight().assume_utc())
}

/// `2026-03-01T09:00:00Z` (UTC, whole seconds).
pub(crate) fn format_utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}
