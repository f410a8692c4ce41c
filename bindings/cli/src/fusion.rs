//! `fuse`: content scores fused with the behaviour signals the policy allows, from the command
//! line. The policy gate and the fusion live in the core; a refusal exits non-zero with the
//! ErrorCode's name (`PolicyViolation`) on stderr.

use std::io::Write;
use std::path::Path;

use interviewkit_core::json;
use serde_json::{json as j, Value};

use super::screening::{call, io_failure};
use super::{emit, read_json, Failure};

/// `interviewkit fuse --policy P --scorecard SC.json [--signals] [--consent] …`: the fused
/// Scorecard (or the whole fusion output with `full`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_fuse(
    policy: &str,
    scorecard: &str,
    signals: Option<&str>,
    consent: Option<&str>,
    weights: Option<&str>,
    at: Option<&str>,
    full: bool,
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    // A built-in profile by name, or a custom profile in a JSON file.
    let policy_value = if Path::new(policy).is_file() {
        read_json(policy)?
    } else {
        Value::String(policy.to_string())
    };
    let mut request = j!({"policy": policy_value, "scorecard": read_json(scorecard)?});
    if let Some(s) = signals {
        request["signals"] = read_json(s)?;
    }
    if let Some(c) = consent {
        request["consents"] = match read_json(c)? {
            Value::Array(a) => Value::Array(a),
            Value::Object(mut o) if o.contains_key("consents") => {
                o.remove("consents").unwrap_or_default()
            }
            other => Value::Array(vec![other]),
        };
    }
    if let Some(w) = weights {
        request["weights"] = read_json(w)?;
    }
    if let Some(t) = at {
        request["at"] = t.into();
    }
    let mut result = call(json::fuse, &request, scorecard)?;
    let shown = if full {
        result
    } else {
        result["scorecard"].take()
    };
    emit(out, &shown.to_string(), pretty).map_err(io_failure)?;
    Ok(true)
}
