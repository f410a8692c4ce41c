//! Audit trail: an append-only, hash-chained log of who read, changed or decided what.
//!
//! Owns: the entry format, its canonical serialisation, sealing (SHA-256 or HMAC-SHA256) and
//! verification. Must not touch: storage (the host keeps the entries, in order) or clocks (the
//! host passes `at`).
//!
//! An entry is
//! `{"seq", "at", "actor", "action", "target", "details"?, "alg", "prev", "hash"}`: `seq` counts
//! from 0, `prev` is the previous entry's `hash` (64 zeros for the first), `alg` is `sha256` or
//! `hmac-sha256`, and `hash` is the lower-case hex SHA-256 (or HMAC-SHA256 under the host's
//! key) of the entry's [canonical](canonical_json) JSON without `hash`. Any edit, reordering or
//! deletion breaks the chain; cutting entries off the end is caught when the host also keeps the
//! head hash or the length (`expected_head`, `expected_length`).
//!
//! JSON entry points (shapes in `docs/audit-trail.md`):
//! - [`append_value`]: `{"previous": entry|null, "entry": {"at", "actor", "action", "target",
//!   "details"?}, "key"?}` → the sealed entry
//! - [`verify_value`]: `{"entries": [...], "key"?, "expected_head"?, "expected_length"?}` →
//!   `{"valid", "length", "head", "problems": [{"index", "code", "message"}]}`
//!
//! ```
//! use interviewkit_core::trail::{append_value, verify_value};
//! use serde_json::json;
//!
//! let first = append_value(&json!({"previous": null, "entry": {
//!     "at": "2026-03-01T09:00:00Z", "actor": "hr:li.na", "action": "read",
//!     "target": "candidate:c-1"}})).unwrap();
//! assert_eq!(first["seq"], 0);
//! let second = append_value(&json!({"previous": first, "entry": {
//!     "at": "2026-03-01T09:05:00Z", "actor": "hr:li.na", "action": "decide",
//!     "target": "candidate:c-1", "details": {"decision": "advance"}}})).unwrap();
//! assert_eq!(second["prev"], first["hash"]);
//! let report = verify_value(&json!({"entries": [first, second]})).unwrap();
//! assert_eq!(report["valid"], true);
//! assert_eq!(report["head"], second["hash"]);
//! ```

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// `prev` of the first entry, and `head` of an empty log.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// `alg` of an entry sealed with plain SHA-256.
pub const ALG_SHA256: &str = "sha256";
/// `alg` of an entry sealed with HMAC-SHA256 under the host's key.
pub const ALG_HMAC: &str = "hmac-sha256";
/// The shortest HMAC key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 16;
/// At most this many problems are listed; the last one then says the list was cut.
pub const MAX_PROBLEMS: usize = 1000;

/// What the host records: the entry before it is sealed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEntry {
    /// When it happened, RFC 3339 (`2026-03-01T09:00:00Z`, `2026-03-01T17:00:00+08:00`).
    pub at: String,
    /// Who: a user, service or role id (`hr:li.na`, `svc:screening`).
    pub actor: String,
    /// What: `read`, `change`, `decide`, `export`, `erase`, `encrypt`, `rotate_key` … (free text).
    pub action: String,
    /// On what: a document or record id (`candidate:c-1`, `scorecard:s-9/overall`).
    pub target: String,
    /// Anything else worth keeping (old and new values, a decision, a reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Map<String, Value>>,
}

/// A sealed entry, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Position in the log, from 0.
    pub seq: u64,
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On what.
    pub target: String,
    /// Anything else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Map<String, Value>>,
    /// [`ALG_SHA256`] or [`ALG_HMAC`].
    pub alg: String,
    /// The previous entry's `hash`, or [`GENESIS`].
    pub prev: String,
    /// Lower-case hex SHA-256 / HMAC-SHA256 of the canonical entry without `hash`.
    pub hash: String,
}

/// One thing wrong with a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The entry (0-based position in `entries`), or `None` for the log as a whole.
    pub index: Option<usize>,
    /// `malformed`, `seq_mismatch`, `prev_mismatch`, `hash_mismatch`, `alg_mismatch`,
    /// `key_required`, `length_mismatch`, `head_mismatch` or `too_many_problems`.
    pub code: String,
    /// What is wrong, in English.
    pub message: String,
}

/// The result of [`verify`]. A broken log is a report with `valid: false`, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// True when no problem was found.
    pub valid: bool,
    /// Number of entries given.
    pub length: usize,
    /// The last entry's `hash` as written ([`GENESIS`] for an empty log; `None` when the last
    /// entry has no well-formed hash). Keep it to detect later truncation.
    pub head: Option<String>,
    /// Everything wrong, in log order; whole-log problems last.
    pub problems: Vec<Problem>,
}

fn invalid(name: &str, expected: &str) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Canonical form
// ---------------------------------------------------------------------------------------------

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// The content hash used for versions and provenance stamps everywhere (question bank,
/// taxonomy, policy profiles, scoring data, scorecard inputs): lower-case hex SHA-256 of
/// [`canonical_json`].
pub fn content_hash(value: &Value) -> String {
    hex(&Sha256::digest(canonical_json(value).as_bytes()))
}

/// The canonical JSON text of a value: object members sorted by key (Unicode code point order),
/// no whitespace, strings escaped as JSON requires and no more (`"` `\\` and control
/// characters; `\b \f \n \r \t` short, others `\u00xx` lower-case; everything else, Chinese
/// included, as raw UTF-8). Numbers: integers as plain decimal; a fractional-typed number
/// with an integral value below 2^53 in magnitude as an integer (`2.0` → `2`); any other
/// number as ECMAScript's `Number.prototype.toString` writes it (shortest round-trip digits,
/// `1e+21`, `1.5e-7`), i.e. what JavaScript's `JSON.stringify` gives.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&canonical_number(n)),
        Value::String(s) => out.push_str(&Value::String(s.clone()).to_string()),
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        Value::Object(obj) => {
            let mut members: Vec<(&String, &Value)> = obj.iter().collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
    }
}

fn canonical_number(n: &serde_json::Number) -> String {
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    match n.as_f64() {
        Some(x) => es_number(x),
        None => n.to_string(),
    }
}

/// ECMAScript `Number::toString(x)` for a finite `x`, with integral values below 2^53 as integers.
fn es_number(x: f64) -> String {
    if !x.is_finite() {
        return "null".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        // Exact: |x| < 2^53 is an integer representable in i64.
        return format!("{}", x as i64);
    }
    // Rust's `{:e}` writes the shortest digits that round-trip: "-1.2345e-7".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let e: i64 = exp.parse().unwrap_or(0);
    let k = digits.len() as i64;
    let n = e + 1;
    let sign = if x < 0.0 { "-" } else { "" };
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        let (a, b) = digits.split_at(n as usize);
        format!("{a}.{b}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let en = n - 1;
        let esign = if en >= 0 { "+" } else { "-" };
        format!("{first}{frac}e{esign}{}", en.abs())
    };
    format!("{sign}{body}")
}

// ---------------------------------------------------------------------------------------------
// Sealing
// ---------------------------------------------------------------------------------------------

/// Decodes a base64 HMAC key of at least [`MIN_KEY_BYTES`] bytes.
fn decode_key(value: &Value) -> Result<Zeroizing<Vec<u8>>> {
    let expected = "base64 (standard, padded) of an HMAC key of at least 16 bytes (32 recommended)";
    let text = value.as_str().ok_or_else(|| invalid("key", expected))?;
    let bytes = Zeroizing::new(
        STANDARD
            .decode(text.trim())
            .map_err(|_| invalid("key", expected))?,
    );
    if bytes.len() < MIN_KEY_BYTES {
        return Err(invalid("key", expected));
    }
    Ok(bytes)
}

/// The hex digest of an entry (everything but `hash`) under `alg`.
fn digest(entry: &Map<String, Value>, key: Option<&[u8]>) -> Result<String> {
    let mut body = entry.clone();
    body.remove("hash");
    let text = canonical_json(&Value::Object(body));
    let bytes: Vec<u8> = match key {
        Some(k) => {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(k)
                .map_err(|e| Error::Internal(format!("HMAC key: {e}")))?;
            mac.update(text.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        None => Sha256::digest(text.as_bytes()).to_vec(),
    };
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn check_new_entry(value: &Value) -> Result<NewEntry> {
    let obj = value.as_object().ok_or_else(|| {
        invalid(
            "entry",
            "an object {\"at\", \"actor\", \"action\", \"target\", \"details\"?}",
        )
    })?;
    for k in obj.keys() {
        if !["at", "actor", "action", "target", "details"].contains(&k.as_str()) {
            return Err(invalid(
                &format!("entry.{k}"),
                "only at, actor, action, target and details (put anything else in details)",
            ));
        }
    }
    let text = |name: &str| -> Result<String> {
        match obj.get(name).and_then(Value::as_str) {
            Some(s) if !s.trim().is_empty() => Ok(s.to_string()),
            _ => Err(invalid(&format!("entry.{name}"), "a non-empty string")),
        }
    };
    let at = match obj.get("at").and_then(Value::as_str) {
        Some(s) if is_rfc3339(s) => s.to_string(),
        _ => {
            return Err(invalid(
                "entry.at",
                "an RFC 3339 timestamp with an offset, e.g. \"2026-03-01T09:00:00Z\"",
            ))
        }
    };
    let details = match obj.get("details") {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) => Some(m.clone()),
        Some(_) => return Err(invalid("entry.details", "an object")),
    };
    Ok(NewEntry {
        at,
        actor: text("actor")?,
        action: text("action")?,
        target: text("target")?,
        details,
    })
}

fn is_rfc3339(s: &str) -> bool {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

/// Seals `entry` after `previous` (`None` to start a log). With a `key` the entry is sealed with
/// HMAC-SHA256; a log uses one or the other throughout.
///
/// `previous` is checked first: a malformed previous entry is [`Error::InvalidArgument`], one
/// whose hash does not match its content is [`Error::IntegrityCheckFailed`], so nothing is
/// chained onto an entry that was altered.
pub fn append(previous: Option<&Value>, entry: &NewEntry, key: Option<&[u8]>) -> Result<Entry> {
    let alg = if key.is_some() { ALG_HMAC } else { ALG_SHA256 };
    let (seq, prev) = match previous {
        None => (0, GENESIS.to_string()),
        Some(p) => {
            let obj = p
                .as_object()
                .ok_or_else(|| invalid("previous", "the last sealed entry, or null"))?;
            let seq = obj
                .get("seq")
                .and_then(Value::as_u64)
                .ok_or_else(|| invalid("previous.seq", "a non-negative integer"))?;
            let hash = obj
                .get("hash")
                .and_then(Value::as_str)
                .filter(|h| is_hash(h))
                .ok_or_else(|| invalid("previous.hash", "64 lower-case hex digits"))?;
            match obj.get("alg").and_then(Value::as_str) {
                Some(a) if a == alg => {}
                Some(a) if a == ALG_HMAC => {
                    return Err(invalid(
                        "key",
                        "the log's HMAC key (the previous entry is sealed with hmac-sha256)",
                    ))
                }
                Some(a) if a == ALG_SHA256 => {
                    return Err(invalid(
                        "key",
                        "no key: the previous entry is sealed with plain sha256, and a log uses one algorithm throughout",
                    ))
                }
                _ => {
                    return Err(invalid(
                        "previous.alg",
                        "\"sha256\" or \"hmac-sha256\"",
                    ))
                }
            }
            if digest(obj, key)? != hash {
                return Err(Error::IntegrityCheckFailed {
                    what: format!("log entry {seq} (previous)"),
                    reason: if key.is_some() {
                        "its hash does not match its content under this key: it was altered, or the key is wrong".into()
                    } else {
                        "its hash does not match its content: it was altered".into()
                    },
                });
            }
            let next = seq
                .checked_add(1)
                .ok_or_else(|| invalid("previous.seq", "a sequence number below 2^64 - 1"))?;
            (next, hash.to_string())
        }
    };
    let mut sealed = Entry {
        seq,
        at: entry.at.clone(),
        actor: entry.actor.clone(),
        action: entry.action.clone(),
        target: entry.target.clone(),
        details: entry.details.clone(),
        alg: alg.to_string(),
        prev,
        hash: String::new(),
    };
    let value = serde_json::to_value(&sealed)
        .map_err(|e| Error::Internal(format!("serialising an entry: {e}")))?;
    let obj = value
        .as_object()
        .ok_or_else(|| Error::Internal("an entry is not an object".into()))?;
    sealed.hash = digest(obj, key)?;
    Ok(sealed)
}

// ---------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------

/// What [`verify`] compares the log with, besides itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expectations {
    /// The head hash the host kept from last time (catches cut-off entries).
    pub head: Option<String>,
    /// The number of entries the host expects (catches cut-off entries).
    pub length: Option<u64>,
}

struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, index: Option<usize>, code: &str, message: String) {
        if self.0.len() < MAX_PROBLEMS {
            self.0.push(Problem {
                index,
                code: code.into(),
                message,
            });
        } else if self.0.len() == MAX_PROBLEMS {
            self.0.push(Problem {
                index: None,
                code: "too_many_problems".into(),
                message: format!(
                    "more problems were found; only the first {MAX_PROBLEMS} are listed"
                ),
            });
        }
    }
}

/// Checks a whole log, in order: every entry's shape, `seq`, `prev`, `alg` and `hash`, then the
/// length and head against what the host expects.
pub fn verify(entries: &[Value], key: Option<&[u8]>, expect: &Expectations) -> Report {
    let mut problems = Problems(Vec::new());
    let want_alg = if key.is_some() { ALG_HMAC } else { ALG_SHA256 };
    // The `hash` of the entry before, as written; None when it had none to compare with.
    let mut expected_prev: Option<String> = Some(GENESIS.to_string());
    // The seq the entry must have: 0 first, then one more than the entry before's.
    let mut expected_seq: Option<u64> = Some(0);
    for (i, value) in entries.iter().enumerate() {
        let Some(obj) = value.as_object() else {
            problems.add(Some(i), "malformed", format!("entry {i} is not an object"));
            expected_prev = None;
            expected_seq = None;
            continue;
        };
        let mut malformed = Vec::new();
        let seq = obj.get("seq").and_then(Value::as_u64);
        if seq.is_none() {
            malformed.push("`seq` (a non-negative integer)");
        }
        for (name, what) in [
            ("actor", "`actor` (a non-empty string)"),
            ("action", "`action` (a non-empty string)"),
            ("target", "`target` (a non-empty string)"),
        ] {
            let text = obj.get(name).and_then(Value::as_str).unwrap_or("");
            if text.trim().is_empty() {
                malformed.push(what);
            }
        }
        if !obj
            .get("at")
            .and_then(Value::as_str)
            .is_some_and(is_rfc3339)
        {
            malformed.push("`at` (an RFC 3339 timestamp)");
        }
        if obj.get("details").is_some_and(|d| !d.is_object()) {
            malformed.push("`details` (an object when present)");
        }
        let alg = obj.get("alg").and_then(Value::as_str);
        if !matches!(alg, Some(ALG_SHA256) | Some(ALG_HMAC)) {
            malformed.push("`alg` (\"sha256\" or \"hmac-sha256\")");
        }
        let prev = obj
            .get("prev")
            .and_then(Value::as_str)
            .filter(|h| is_hash(h));
        if prev.is_none() {
            malformed.push("`prev` (64 lower-case hex digits)");
        }
        let hash = obj
            .get("hash")
            .and_then(Value::as_str)
            .filter(|h| is_hash(h));
        if hash.is_none() {
            malformed.push("`hash` (64 lower-case hex digits)");
        }
        if !malformed.is_empty() {
            problems.add(
                Some(i),
                "malformed",
                format!("entry {i} lacks a valid {}", malformed.join(", ")),
            );
        }
        if let (Some(s), Some(want)) = (seq, expected_seq) {
            if s != want {
                problems.add(
                    Some(i),
                    "seq_mismatch",
                    format!("entry {i} has seq {s}; expected {want}, one more than the entry before (an entry was removed, added or moved)"),
                );
            }
        }
        expected_seq = seq.and_then(|s| s.checked_add(1));
        if let (Some(p), Some(want)) = (prev, expected_prev.as_deref()) {
            if p != want {
                problems.add(
                    Some(i),
                    "prev_mismatch",
                    if i == 0 {
                        format!("entry 0 has prev {p}; the first entry's prev is 64 zeros (entries before it were removed)")
                    } else {
                        format!("entry {i} does not chain to entry {}: its prev is not that entry's hash (an entry was removed, added or moved)", i - 1)
                    },
                );
            }
        }
        match (alg, hash) {
            (Some(a), Some(h)) if a == want_alg || (a == ALG_SHA256 && key.is_some()) => {
                if a != want_alg {
                    problems.add(
                        Some(i),
                        "alg_mismatch",
                        format!("entry {i} is sealed with plain sha256 but the log is verified with an HMAC key (an entry anyone can recompute)"),
                    );
                }
                let k = if a == ALG_HMAC { key } else { None };
                match digest(obj, k) {
                    Ok(d) if d == h => {}
                    Ok(_) => problems.add(
                        Some(i),
                        "hash_mismatch",
                        if a == ALG_HMAC {
                            format!("entry {i}'s hash does not match its content under this key: it was altered, or the key is wrong")
                        } else {
                            format!("entry {i}'s hash does not match its content: it was altered")
                        },
                    ),
                    Err(e) => problems.add(Some(i), "hash_mismatch", e.to_string()),
                }
            }
            (Some(ALG_HMAC), Some(_)) => problems.add(
                Some(i),
                "key_required",
                format!("entry {i} is sealed with hmac-sha256; pass the log's key to check it"),
            ),
            _ => {}
        }
        expected_prev = hash.map(str::to_string);
    }
    let length = entries.len();
    let head = match entries.last() {
        None => Some(GENESIS.to_string()),
        Some(last) => last
            .get("hash")
            .and_then(Value::as_str)
            .filter(|h| is_hash(h))
            .map(str::to_string),
    };
    if let Some(want) = expect.length {
        if want != length as u64 {
            problems.add(
                None,
                "length_mismatch",
                format!("the log has {length} entries; {want} were expected (entries were cut off or added)"),
            );
        }
    }
    if let Some(want) = &expect.head {
        if head.as_deref() != Some(want.as_str()) {
            problems.add(
                None,
                "head_mismatch",
                format!("the log's last hash is not the expected head {want} (entries were cut off, added or altered)"),
            );
        }
    }
    Report {
        valid: problems.0.is_empty(),
        length,
        head,
        problems: problems.0,
    }
}

// ---------------------------------------------------------------------------------------------
// JSON entry points
// ---------------------------------------------------------------------------------------------

fn optional_key(req: &Map<String, Value>) -> Result<Option<Zeroizing<Vec<u8>>>> {
    match req.get("key") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => decode_key(v).map(Some),
    }
}

/// JSON entry point: `{"previous": entry|null, "entry": {"at", "actor", "action", "target",
/// "details"?}, "key"?: base64}` → the sealed entry
/// `{"seq", "at", "actor", "action", "target", "details"?, "alg", "prev", "hash"}`.
pub fn append_value(request: &Value) -> Result<Value> {
    let req = request.as_object().ok_or_else(|| {
        invalid(
            "request",
            "an object {\"previous\": entry|null, \"entry\": {...}, \"key\"?}",
        )
    })?;
    let entry = check_new_entry(req.get("entry").unwrap_or(&Value::Null))?;
    let key = optional_key(req)?;
    let previous = match req.get("previous") {
        None | Some(Value::Null) => None,
        Some(p) => Some(p),
    };
    let sealed = append(previous, &entry, key.as_ref().map(|k| k.as_slice()))?;
    serde_json::to_value(sealed).map_err(|e| Error::Internal(format!("serialising an entry: {e}")))
}

/// JSON entry point: `{"entries": [...], "key"?, "expected_head"?, "expected_length"?}` →
/// `{"valid", "length", "head", "problems": [{"index", "code", "message"}]}`.
pub fn verify_value(request: &Value) -> Result<Value> {
    let req = request.as_object().ok_or_else(|| {
        invalid(
            "request",
            "an object {\"entries\": [...], \"key\"?, \"expected_head\"?, \"expected_length\"?}",
        )
    })?;
    let entries = req
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("entries", "an array of log entries, oldest first"))?;
    let key = optional_key(req)?;
    let head = match req.get("expected_head") {
        None | Some(Value::Null) => None,
        Some(Value::String(h)) if is_hash(&h.to_ascii_lowercase()) => Some(h.to_ascii_lowercase()),
        Some(_) => {
            return Err(invalid(
                "expected_head",
                "64 hex digits (a head hash kept earlier)",
            ))
        }
    };
    let length = match req.get("expected_length") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| invalid("expected_length", "a non-negative integer"))?,
        ),
    };
    let report = verify(
        entries,
        key.as_ref().map(|k| k.as_slice()),
        &Expectations { head, length },
    );
    Ok(json!({
        "valid": report.valid,
        "length": report.length,
        "head": report.head,
        "problems": report.problems,
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn numbers_are_written_as_javascript_does() {
        let cases = [
            ("0", "0"),
            ("-0.0", "0"),
            ("2.0", "2"),
            ("-7", "-7"),
            ("18446744073709551615", "18446744073709551615"),
            ("0.1", "0.1"),
            ("3.5", "3.5"),
            ("-123.456", "-123.456"),
            ("1e21", "1e+21"),
            ("1e20", "100000000000000000000"),
            ("123456789012345680000", "123456789012345680000"),
            ("1.5e-7", "1.5e-7"),
            ("0.000001", "0.000001"),
            ("1e-7", "1e-7"),
            ("9007199254740993.0", "9007199254740992"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
            ("5e-324", "5e-324"),
        ];
        for (input, want) in cases {
            let v: Value = serde_json::from_str(input).unwrap();
            assert_eq!(canonical_json(&v), want, "{input}");
        }
    }

    #[test]
    fn canonical_sorts_keys_and_escapes_minimally() {
        let v: Value = serde_json::from_str(
            r#"{"b": [1, {"z": null, "a": true}], "a": "张伟\n\"\u0001/", "A": 1}"#,
        )
        .unwrap();
        assert_eq!(
            canonical_json(&v),
            r#"{"A":1,"a":"张伟\n\"\u0001/","b":[1,{"a":true,"z":null}]}"#
        );
    }
}
