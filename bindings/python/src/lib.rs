//! InterviewKit's Python face: the private extension module `interviewkit._native`.
//!
//! Owns: turning Python arguments into JSON bytes for [`interviewkit_core::json`], turning the
//! JSON results back into Python objects, and raising the exception class that matches an
//! error's [`ErrorCode`]. Must not touch: any domain rule (that is the core's job) or the
//! exception hierarchy itself (the pure-Python package `interviewkit.errors` builds it from
//! [`ERROR_CODES`](ErrorCode::ALL), which this module exports).
//!
//! Every entry point accepts a `dict` or `list` (serialised to the JSON value that
//! `json.dumps(value, ensure_ascii=False, allow_nan=False)` gives: plain values by
//! `write_json` here, anything else by the standard `json` module), a `str` of JSON text, or
//! `bytes` handed to the core unchanged (so invalid UTF-8 reaches it and comes back as
//! `InvalidUtf8`). Results come back as new `dict`/`list`/… objects built from the core's
//! JSON. Inputs of [`GIL_RELEASE_THRESHOLD`] bytes or more are processed with the GIL
//! released. Core work runs inside `catch_unwind`: a panic becomes `InternalError`, never a
//! `PanicException`.

mod batch;

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use interviewkit_core::{json, Error, ErrorCode};
use pyo3::exceptions::{
    PyRecursionError, PyRuntimeError, PyTypeError, PyUnicodeEncodeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PySlice, PyString, PyTuple,
};
use serde_json::Value;

/// Inputs at least this long (in bytes) are validated, migrated, … with the GIL released, so
/// other Python threads run meanwhile. Smaller ones keep it: releasing and re-taking the GIL
/// costs more than the work, and re-taking it can wait a whole switch interval when other
/// threads are busy.
pub const GIL_RELEASE_THRESHOLD: usize = 16 * 1024;

/// What every entry point accepts, as the `InvalidArgument` message says it.
const ACCEPTED: &str =
    "a dict or list (serialised as JSON), a str of JSON text, or bytes of UTF-8 JSON text";

/// One core entry point: JSON bytes in, compact JSON text out.
type CoreOp = fn(&[u8]) -> interviewkit_core::Result<String>;

/// An argument turned into bytes the core can read.
enum Input<'py> {
    /// A `bytes` object, read in place.
    Bytes(Bound<'py, PyBytes>),
    /// UTF-8 text of a `str` (or of a `dict`/`list` the json module serialised).
    Text(PyBackedStr),
    /// JSON text of a `dict`/`list` serialised by [`write_json`].
    Owned(Vec<u8>),
}

impl Input<'_> {
    fn as_bytes(&self) -> &[u8] {
        match self {
            Input::Bytes(bytes) => bytes.as_bytes(),
            Input::Text(text) => text.as_bytes(),
            Input::Owned(bytes) => bytes,
        }
    }
}

/// Runs core work and turns a panic into [`Error::Internal`].
fn guarded<T>(work: impl FnOnce() -> interviewkit_core::Result<T>) -> interviewkit_core::Result<T> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic payload".to_string());
        Err(Error::Internal(format!("panic: {what}")))
    })
}

/// The Python exception for a core error: the class registered for its code in
/// `interviewkit.errors`, built with the English message and the validation issues.
fn to_py_err(py: Python<'_>, err: &Error) -> PyErr {
    build_py_err(py, err).unwrap_or_else(|failure| failure)
}

fn build_py_err(py: Python<'_>, err: &Error) -> PyResult<PyErr> {
    static CLASSES: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    let classes = CLASSES.import(py, "interviewkit.errors", "_CLASS_BY_CODE")?;
    let code = err.code().as_i32();
    let class = classes.get_item(code)?.ok_or_else(|| {
        PyRuntimeError::new_err(format!(
            "interviewkit.errors has no exception class for error code {code} ({}): {err}",
            err.code().name()
        ))
    })?;
    let issues = match err.to_json().get("issues") {
        Some(issues) => to_python(py, issues)?,
        None => PyList::empty(py).into_any(),
    };
    Ok(PyErr::from_value(class.call1((err.to_string(), issues))?))
}

/// Python objects for JSON text the core produced: what `json.loads` would give, built
/// directly (several times faster for the small reports that dominate calls). Text nested
/// deeper than serde_json's parser allows (possible when merge wraps an already deep
/// document) goes through `json.loads` instead.
fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => to_python(py, &value),
        Err(_) => {
            static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
            LOADS.import(py, "json", "loads")?.call1((text,))
        }
    }
}

/// A JSON value as plain Python objects (`dict` keeps the key order).
fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// A reused `json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))`
/// (`json.dumps` with options builds a new encoder on every call).
fn encoder(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static ENCODE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    ENCODE
        .get_or_try_init(py, || {
            let kwargs = PyDict::new(py);
            kwargs.set_item("ensure_ascii", false)?;
            kwargs.set_item("allow_nan", false)?;
            kwargs.set_item("separators", (",", ":"))?;
            let encoder = py
                .import("json")?
                .getattr("JSONEncoder")?
                .call((), Some(&kwargs))?;
            Ok::<_, PyErr>(encoder.getattr("encode")?.unbind())
        })
        .map(|encode| encode.bind(py))
}

/// Converts argument `name` to JSON bytes, or raises the matching InterviewKit error.
fn input<'py>(value: &Bound<'py, PyAny>, name: &str) -> PyResult<Input<'py>> {
    let py = value.py();
    if value.is_exact_instance_of::<PyDict>() || value.is_exact_instance_of::<PyList>() {
        let mut out = Vec::with_capacity(256);
        if write_json(value, 0, &mut out).is_ok() {
            return Ok(Input::Owned(out));
        }
    }
    if value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>() {
        let text = encoder(py)?.call1((value,)).map_err(|e| {
            let mapped = if e.is_instance_of::<PyRecursionError>(py) {
                Error::InvalidJson {
                    message: format!("`{name}` is nested too deeply to serialise ({e})"),
                    line: 0,
                    column: 0,
                }
            } else if e.is_instance_of::<PyTypeError>(py) || e.is_instance_of::<PyValueError>(py) {
                Error::InvalidArgument {
                    name: name.to_string(),
                    expected: format!("only JSON-compatible values inside ({e})"),
                }
            } else {
                // KeyboardInterrupt, MemoryError, an exception from a user's __iter__ …
                return e;
            };
            let err = to_py_err(py, &mapped);
            // Keep the json module's exception as __cause__ for debugging.
            err.set_cause(py, Some(e));
            err
        })?;
        return text_input(text.cast_into::<PyString>()?);
    }
    if let Ok(text) = value.cast::<PyString>() {
        return text_input(text.clone());
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Input::Bytes(bytes.clone()));
    }
    let type_name = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".to_string());
    Err(to_py_err(
        py,
        &Error::InvalidArgument {
            name: name.to_string(),
            expected: format!("{ACCEPTED}; got {type_name}"),
        },
    ))
}

/// Nesting depth up to which [`write_json`] serialises; deeper values (the core rejects more
/// than 128 levels anyway, and cycles nest forever) go to the json module.
const FAST_PATH_MAX_DEPTH: usize = 256;

/// [`write_json`] met something only the json module can judge.
struct NotPlainJson;

/// Serialises `dict`, `list`, `str`, `int`, `float`, `bool` and `None` (exact types only) as
/// compact JSON text. It gives the same JSON value as
/// `json.dumps(value, ensure_ascii=False, allow_nan=False)`, several times faster, and gives
/// up on anything else (subclasses, non-`str` keys, NaN, lone surrogates, ints beyond 64 bits,
/// very deep nesting) so the json module handles those cases and their errors.
fn write_json(
    value: &Bound<'_, PyAny>,
    depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), NotPlainJson> {
    if depth > FAST_PATH_MAX_DEPTH {
        return Err(NotPlainJson);
    }
    if let Ok(text) = value.cast_exact::<PyString>() {
        write_str(text, out)
    } else if let Ok(dict) = value.cast_exact::<PyDict>() {
        out.push(b'{');
        for (i, (key, item)) in dict.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_str(key.cast_exact::<PyString>().map_err(|_| NotPlainJson)?, out)?;
            out.push(b':');
            write_json(&item, depth + 1, out)?;
        }
        out.push(b'}');
        Ok(())
    } else if let Ok(list) = value.cast_exact::<PyList>() {
        out.push(b'[');
        for (i, item) in list.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_json(&item, depth + 1, out)?;
        }
        out.push(b']');
        Ok(())
    } else if value.is_none() {
        out.extend_from_slice(b"null");
        Ok(())
    } else if let Ok(flag) = value.cast_exact::<PyBool>() {
        out.extend_from_slice(if flag.is_true() { b"true" } else { b"false" });
        Ok(())
    } else if value.is_exact_instance_of::<PyInt>() {
        if let Ok(i) = value.extract::<i64>() {
            serde_json::to_writer(&mut *out, &i).map_err(|_| NotPlainJson)
        } else {
            let u = value.extract::<u64>().map_err(|_| NotPlainJson)?;
            serde_json::to_writer(&mut *out, &u).map_err(|_| NotPlainJson)
        }
    } else if let Ok(float) = value.cast_exact::<PyFloat>() {
        let f = float.value();
        if !f.is_finite() {
            return Err(NotPlainJson);
        }
        serde_json::to_writer(&mut *out, &f).map_err(|_| NotPlainJson)
    } else {
        Err(NotPlainJson)
    }
}

/// A `str` as a JSON string literal; lone surrogates give up (see [`write_json`]).
fn write_str(text: &Bound<'_, PyString>, out: &mut Vec<u8>) -> Result<(), NotPlainJson> {
    // encode_utf8 rather than to_cow: under the abi3-py39 API to_cow encodes and then copies.
    let bytes = text.encode_utf8().map_err(|_| NotPlainJson)?;
    let text = std::str::from_utf8(bytes.as_bytes()).map_err(|_| NotPlainJson)?;
    serde_json::to_writer(&mut *out, text).map_err(|_| NotPlainJson)
}

/// UTF-8 bytes of a `str`. A lone surrogate cannot be encoded: that is `InvalidUtf8`, with the
/// byte offset of the valid prefix like the core reports for `bytes`.
fn text_input(text: Bound<'_, PyString>) -> PyResult<Input<'_>> {
    let py = text.py();
    match PyBackedStr::try_from(text.clone()) {
        Ok(backed) => Ok(Input::Text(backed)),
        Err(e) if e.is_instance_of::<PyUnicodeEncodeError>(py) => {
            let valid_up_to = valid_prefix_len(&text, &e).unwrap_or(0);
            Err(to_py_err(py, &Error::InvalidUtf8 { valid_up_to }))
        }
        Err(e) => Err(e),
    }
}

/// UTF-8 length of the text before the character a `UnicodeEncodeError` points at.
fn valid_prefix_len(text: &Bound<'_, PyString>, err: &PyErr) -> PyResult<usize> {
    let py = text.py();
    let start: usize = err.value(py).getattr("start")?.extract()?;
    let end = isize::try_from(start)?;
    let prefix = text.get_item(PySlice::new(py, 0, end, 1))?;
    let encoded = prefix.call_method1("encode", ("utf-8",))?;
    Ok(encoded.cast_into::<PyBytes>()?.as_bytes().len())
}

/// Runs one core operation on argument `name`, releasing the GIL for large inputs.
fn call<'py>(value: &Bound<'py, PyAny>, name: &str, op: CoreOp) -> PyResult<Bound<'py, PyAny>> {
    let py = value.py();
    let input = input(value, name)?;
    let bytes = input.as_bytes();
    let result = if bytes.len() >= GIL_RELEASE_THRESHOLD {
        py.detach(|| guarded(|| op(bytes)))
    } else {
        guarded(|| op(bytes))
    };
    match result {
        Ok(text) => loads(py, &text),
        Err(err) => Err(to_py_err(py, &err)),
    }
}

/// The engine and schema versions: `{"engine_version": "0.1.0", "schema_version": 1}`.
#[pyfunction]
fn version(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    loads(py, &json::version())
}

/// Validates an archive document and returns the report with every problem at once:
/// `{"valid": bool, "kind"?, "schema_version"?, "issues": [{"pointer", "code", "message",
/// "message_zh"}]}`. An invalid document is a report, not an exception; a document newer
/// than this build raises `UnsupportedSchemaVersion`.
#[pyfunction]
fn validate<'py>(document: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(document, "document", json::validate)
}

/// Moves a document to the current schema version and returns it; raises `InvalidDocument`
/// (with `.issues`) when the result breaks the schema.
#[pyfunction]
fn migrate<'py>(document: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(document, "document", json::migrate)
}

/// Imports a JSON Resume (v1.0.0) document as an archive resume document. Fields with no place
/// in the archive schema are kept, so `export_json_resume` gives them back.
#[pyfunction]
fn import_json_resume<'py>(json_resume: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(json_resume, "json_resume", json::import_json_resume)
}

/// Exports an archive resume document as JSON Resume (v1.0.0).
#[pyfunction]
fn export_json_resume<'py>(resume: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(resume, "resume", json::export_json_resume)
}

/// Assembles 360° profiles from a list of archive documents keyed by candidate id and returns
/// `{"profiles": [...]}`; conflicts are reported in the profiles, never dropped.
#[pyfunction]
fn merge_profiles<'py>(documents: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(documents, "documents", json::merge_profiles)
}

/// Adverse-impact audit of ``{"records"|"csv", "group", "selected"|"score", …}``; returns the report
/// (``groups`` with ``selection_rate``/``scoring_rate``, ``impact_ratio``, ``flag_four_fifths``, …).
#[pyfunction]
fn audit<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::audit)
}

/// Renders an audit report: ``{"report": …, "format": "json"|"md"|"html"}`` → ``{"format", "text"}``.
#[pyfunction]
fn audit_render<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::audit_render)
}

/// Blind screening of a resume, candidate or profile: ``{"document": …, "options"?: …}`` →
/// ``{"document", "removed", …}``; the report never repeats a removed value.
#[pyfunction]
fn redact<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::redact)
}

/// The document as one role may see it (deny by default): ``{"document": …, "role": …}``.
#[pyfunction]
fn role_view<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::role_view)
}

/// Encrypts sensitive fields (AES-256-GCM, envelope): ``{"document", "keyring", "fields"?}``.
#[pyfunction]
fn encrypt<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::encrypt)
}

/// Opens every envelope in a document: ``{"document", "keyring"}``; raises ``KeyUnavailable`` or
/// ``IntegrityCheckFailed``.
#[pyfunction]
fn decrypt<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::decrypt)
}

/// Re-wraps a document's data keys under another key: ``{"document", "keyring", "to"?}``.
#[pyfunction]
fn rotate_keys<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::rotate_keys)
}

/// A new random 256-bit key-encryption key: ``{"id": …}`` → ``{"id", "key"}``.
#[pyfunction]
fn generate_key<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::generate_key)
}

/// Seals the next audit-trail entry: ``{"previous": entry | None, "entry": …, "key"?}``.
#[pyfunction]
fn log_append<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::log_append)
}

/// Verifies an audit trail: ``{"entries": […], "key"?, "expected_head"?, "expected_length"?}``
/// → ``{"valid", "length", "head", "problems"}``.
#[pyfunction]
fn log_verify<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::log_verify)
}

/// Trains a talent-potential model (gradient-boosted trees, calibrated, explainable) from a
/// table: ``{"csv"|"records", "label", "id"?, "exclude"?, "params"?}`` → the model (JSON, with
/// metadata, training-data hash, validation metrics and an integrity hash).
#[pyfunction]
fn potential_fit<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::potential_fit)
}

/// Predicts with a model: ``{"model", "csv"|"records", "top"?}`` → ``{"predictions": [{"id",
/// "probability", "margin", "base_value", "contributions"}]}``; contributions add up to the margin.
#[pyfunction]
fn potential_predict<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::potential_predict)
}

/// Validation report of a model on labelled data: ROC-AUC, PR-AUC, calibration error, validity r
/// with a bootstrap CI, range-restriction correction, adverse impact by group.
#[pyfunction]
fn potential_evaluate<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::potential_evaluate)
}

/// Refits or warm-starts a model on new outcomes: a new model version (the old one is untouched),
/// drift (PSI) per feature and the change in metrics.
#[pyfunction]
fn potential_update<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::potential_update)
}

/// Insight mining: feature bands ranked by lift in the label rate, with confidence intervals.
#[pyfunction]
fn potential_insights<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::potential_insights)
}

/// The structured-interview question bank: ``{"lang"?, "competency"?, "role_family"?, "type"?,
/// "extension"?}`` → ``{"version", "competencies", "questions"}``.
#[pyfunction]
fn bank_list<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::bank_list)
}

/// An interview plan from a job profile's competency weights: ``{"job", "count"?, "seed"?, "lang"?,
/// "exclude"?, "previous_plans"?, "types"?, "extension"?}`` → the plan (balanced, seeded, no repeats).
#[pyfunction]
fn interview_plan<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::interview_plan)
}

/// Starts an interview session: ``{"id", "plan", "key", "at", …}`` → ``{"snapshot", "events"}``;
/// the snapshot is sealed with an HMAC under the host's key.
#[pyfunction]
fn session_create<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::session_create)
}

/// Applies one event (start, answer, pause, resume, complete, expire, abandon) to a session:
/// ``{"snapshot", "key", "event"}`` → ``{"snapshot", "events", "progress", …}``.
#[pyfunction]
fn session_apply<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::session_apply)
}

/// Takes the events waiting in a session's outbox: ``{"snapshot", "key"}`` → ``{"snapshot",
/// "events"}``.
#[pyfunction]
fn session_drain<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::session_drain)
}

/// Checks a session snapshot's HMAC: ``{"snapshot", "key"}`` → ``{"valid", "status", "progress"}``.
#[pyfunction]
fn session_verify<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::session_verify)
}

/// Scores one answer transcript against its question's rubric: ``{"question_id", "transcript",
/// "lang"?, "show_scores"?, "extension"?}`` → levels, evidence and feedback per competency.
#[pyfunction]
fn answer_score<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::answer_score)
}

/// A scorecard for a whole interview: ``{"plan", "answers", "norms"?, …}`` → an archive
/// Scorecard stamped with the engine and rubric versions and the input hash.
#[pyfunction]
fn interview_score<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::interview_score)
}

/// Recomputes a scorecard from the same inputs and compares it bit for bit: ``{"scorecard",
/// "plan", "answers", "norms"?}`` → ``{"reproduced", "differences", …}``.
#[pyfunction]
fn interview_replay<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::interview_replay)
}

/// The policy gate: ``{"policy", "signals", "consents"?, "notices"?, "at", …}`` → the signals
/// allowed and dropped with reasons; ``PolicyViolation`` naming the rule when the policy forbids.
#[pyfunction]
fn policy_check<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::policy_check)
}

/// A jurisdiction policy profile in full: ``{"policy": "eu"|{…}}`` → the profile and its hash.
#[pyfunction]
fn policy_profile<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::policy_profile)
}

/// Interviewer calibration: ``{"ratings", "ai"?, "scorecards"?, "threshold"?, …}`` → divergence
/// flags, rater leniency and drift, ICC and weighted kappa, panel aggregates.
#[pyfunction]
fn calibrate<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::calibrate)
}

/// Parses a resume given in the request: ``{"text"|"base64", "reference_date"?, "taxonomy"?,
/// "ner_model"?, …}`` → ``{"resume", "warnings"}``, every value with its evidence span.
/// ``parse_resume_file`` takes the file's bytes.
#[pyfunction]
fn parse_resume<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::parse_resume)
}

/// The bytes of a `bytes` or `bytearray` argument (copied only for `bytearray`).
fn file_bytes<'a>(data: &'a Bound<'_, PyAny>, name: &str, what: &str) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = data.cast::<PyBytes>() {
        Ok(Cow::Borrowed(b.as_bytes()))
    } else if data.is_instance_of::<PyByteArray>() {
        Ok(Cow::Owned(data.extract::<Vec<u8>>()?))
    } else {
        Err(to_py_err(
            data.py(),
            &Error::InvalidArgument {
                name: name.into(),
                expected: format!("{what} (bytes or bytearray); open the file in binary mode"),
            },
        ))
    }
}

/// Options as JSON bytes for the core (`None` → empty, meaning none).
fn options_bytes<'py>(options: Option<&Bound<'py, PyAny>>) -> PyResult<Option<Input<'py>>> {
    match options.filter(|o| !o.is_none()) {
        Some(o) => Ok(Some(input(o, "options")?)),
        None => Ok(None),
    }
}

/// Runs a bytes-plus-options core call with the GIL released.
fn call_file<'py>(
    data: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
    what: &str,
    op: fn(&[u8], &[u8]) -> interviewkit_core::Result<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = data.py();
    let file = file_bytes(data, "data", what)?;
    let options = options_bytes(options)?;
    let options: &[u8] = options.as_ref().map_or(&[], |o| o.as_bytes());
    let file: &[u8] = &file;
    let result = py.detach(|| guarded(|| op(file, options)));
    match result {
        Ok(text) => loads(py, &text),
        Err(err) => Err(to_py_err(py, &err)),
    }
}

/// Parses a resume file: ``parse_resume_file(data, options=None)`` with the file's ``bytes``
/// (or ``bytearray``: plain text in UTF-8/UTF-16/GBK, HTML, DOCX, PDF with a text layer) and an
/// optional options dict (``reference_date``, ``taxonomy``, ``taxonomy_extension``,
/// ``ner_model``, ``school_tiers``, ``format``, ``max_bytes``, ``file_name``, ``id``,
/// ``candidate_id``). Returns ``{"resume", "warnings"}``; every value carries its evidence span.
/// The GIL is released while the file is parsed.
#[pyfunction]
#[pyo3(signature = (data, options=None))]
fn parse_resume_file<'py>(
    data: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    call_file(data, options, "the file's bytes", json::parse_resume_file)
}

/// Behaviour summaries of a video interview from the host's own vision pipeline: ``{"frames"?: [{"t", "blendshapes", "head_pose"?, "gestures"?}], "events"?, "duration_s"?, "config"?}`` (MediaPipe blendshape names) → smile episodes, gaze-at-camera ratio, head movement, gesture rate. No emotion is inferred.
#[pyfunction]
fn visual_summary<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::visual_summary)
}

/// Score fusion behind the policy gate: ``{"policy", "scorecard", "signals"?, "consents"?, "weights"?, "reliability"?, "mapping"?, "at"?, …}`` → ``{"scorecard", "contributions", "dropped", "divergence", …}``; ``PolicyViolation`` naming the rule when the policy refuses a signal.
#[pyfunction]
fn fuse<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::fuse)
}

/// Learns fusion weights from historical ratings by non-negative ridge regression: ``{"rows": [{"rating", "scores"}], "lambda"?, "folds"?, …}`` → weights, clamped modalities, held-out R² and RMSE.
#[pyfunction]
fn fusion_learn<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::fusion_learn)
}

/// Sentence embeddings from a user-supplied ONNX model (wheels built with ``--features onnx``): ``{"model": {"onnx": PATH, "tokenizer": PATH, "max_tokens"?}, "texts": [...], "anchor"?}`` → ``{"model": {"onnx_sha256", ...}, "embeddings"}``, or with an anchor text each text's semantic score 0–1 against it (``"similarities"``).
#[pyfunction]
fn semantic_embed<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::semantic_embed)
}

/// Parses a Chinese or English job description: ``{"text", "lang"?, "id"?, "title"?, "taxonomy"?}`` → a JobProfile (skills, minimum years, degree, majors, languages, certifications, location, knock-outs) with evidence spans.
#[pyfunction]
fn job_parse<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::job_parse)
}

/// Explained fit of one resume for one job: ``{"job": JobProfile|{"text"}, "resume": Resume|{"text"}, "weights"?, "reference_date"?, "semantic_score"?, "semantic_model"?}`` → total 0–100, knock-outs, components that add up, matched/partial/missing skills and gaps in Chinese and English.
#[pyfunction]
fn match_resume<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::match_resume)
}

/// Ranks resumes for a job: ``{"job", "resumes": [{"id", "resume"|"text"}], "top"?, "filters"?, "weights"?, "reference_date"?, "semantic_model"?}`` → ``{"results": [{"id", "score", "rank", "explanation"}], "funnel"}``.
#[pyfunction]
fn rank_resumes<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::rank_resumes)
}

/// Builds or updates a resume index: ``{"resumes"?: [{"id", "resume"|"text"}], "index"?: BASE64, "remove"?: [ids], "reference_date"?}`` → ``{"index": BASE64, "count", "ids"}``.
#[pyfunction]
fn index_build<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::index_build)
}

/// Top-k of a saved resume index for a job: ``{"index": BASE64, "job", "top"?, "filters"?, "weights"?}`` → ranked results and the funnel.
#[pyfunction]
fn index_query<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::index_query)
}

/// Learns matching weights from historical outcomes (advanced or hired) by L2-regularised logistic regression: ``{"outcomes": [{"components", "outcome"}], "l2"?, "folds"?}`` → weights with standard errors and cross-validated log-loss and AUC.
#[pyfunction]
fn match_learn_weights<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::match_learn_weights)
}

/// A candidate, interviewer or HR report as JSON, Markdown or self-contained HTML with SVG charts: ``{"kind", "format"?, "lang"?, "scorecard" | "scorecards", "potential"?, "match"?, "funnel"?, "options"?}`` (docs/reports.md).
#[pyfunction]
fn report<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::report)
}

/// A WeCom (企业微信) message body, markdown or template_card, within WeCom's length limits: ``{"event", "lang"?, "style"?, "data"}`` → ``{"body", "warnings"}`` (docs/wecom.md).
#[pyfunction]
fn wecom_payload<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::wecom_payload)
}

/// A WeChat mini-program subscribe-message body with every value checked against its kind: ``{"template_id", "touser", "fields"}`` → ``{"body", "warnings"}`` (docs/wecom.md).
#[pyfunction]
fn subscribe_message<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::subscribe_message)
}

/// Hiring-funnel analytics from archive events: progress, conversion, stage durations, channel drop-out and pass-through by group: ``{"events", "stages"?, "as_of"?, "audit"?}`` (docs/analytics.md).
#[pyfunction]
fn funnel<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::funnel)
}

/// Development suggestions: gaps → ranked courses from a catalogue with time-to-proficiency from archive history: ``{"gaps" | "scorecard" | "profile", "catalog", "history"?, "bars"?}`` (docs/development.md).
#[pyfunction]
fn develop<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::develop)
}

/// A success profile per role: features of top performers with lift and its confidence interval: ``{"records", "top", "min_support"?, "confidence"?}`` (docs/development.md).
#[pyfunction]
fn success_profile<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::success_profile)
}

/// Voice features of a request: ``{"wav_base64"|"samples", "sample_rate"?, "transcript"?,
/// "words"?, "config"?}`` → pitch, voicing, pauses, speech rate, loudness, fillers.
#[pyfunction]
fn voice_features<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::voice_features)
}

/// Voice features of a WAV file: ``voice_features_wav(data, options=None)`` with the file's
/// ``bytes`` and optional ``{"transcript"?, "words"?, "config"?}``. The GIL is released.
#[pyfunction]
#[pyo3(signature = (data, options=None))]
fn voice_features_wav<'py>(
    data: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    call_file(
        data,
        options,
        "the WAV file's bytes",
        json::voice_features_wav,
    )
}

/// The native streaming voice analyser behind ``interviewkit.VoiceStream``: samples arrive as
/// little-endian bytes (the façade converts lists, ``array.array`` and numpy arrays).
#[pyclass(module = "interviewkit._native")]
struct _VoiceStream {
    inner: json::VoiceStream,
}

fn samples_error(py: Python<'_>, width: usize) -> PyErr {
    to_py_err(
        py,
        &Error::InvalidArgument {
            name: "samples".into(),
            expected: format!(
                "little-endian samples of {width} bytes each (a whole number of them)"
            ),
        },
    )
}

#[pymethods]
impl _VoiceStream {
    #[new]
    #[pyo3(signature = (sample_rate, options=None))]
    fn new(py: Python<'_>, sample_rate: i64, options: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let rate = u32::try_from(sample_rate).map_err(|_| {
            to_py_err(
                py,
                &Error::InvalidArgument {
                    name: "sample_rate".into(),
                    expected: "a whole number of Hz from 8000 to 192000".into(),
                },
            )
        })?;
        let options = options_bytes(options)?;
        let options: &[u8] = options.as_ref().map_or(&[], |o| o.as_bytes());
        guarded(|| json::VoiceStream::new(rate, options))
            .map(|inner| _VoiceStream { inner })
            .map_err(|err| to_py_err(py, &err))
    }

    /// Pushes float32 samples given as little-endian bytes.
    fn push_f32_le(&mut self, py: Python<'_>, data: &[u8]) -> PyResult<()> {
        if data.len() % 4 != 0 {
            return Err(samples_error(py, 4));
        }
        let samples: Vec<f32> = data
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let inner = &mut self.inner;
        py.detach(|| guarded(|| inner.push_f32(&samples)))
            .map_err(|err| to_py_err(py, &err))
    }

    /// Pushes int16 samples given as little-endian bytes.
    fn push_i16_le(&mut self, py: Python<'_>, data: &[u8]) -> PyResult<()> {
        if data.len() % 2 != 0 {
            return Err(samples_error(py, 2));
        }
        let samples: Vec<i16> = data
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        let inner = &mut self.inner;
        py.detach(|| guarded(|| inner.push_i16(&samples)))
            .map_err(|err| to_py_err(py, &err))
    }

    /// Samples received so far.
    #[getter]
    fn samples_received(&self) -> u64 {
        self.inner.samples_received()
    }

    /// Ends the stream with optional ``{"transcript"?, "words"?}`` → voice features.
    #[pyo3(signature = (options=None))]
    fn finish<'py>(
        &mut self,
        py: Python<'py>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = options_bytes(options)?;
        let options: &[u8] = options.as_ref().map_or(&[], |o| o.as_bytes());
        let inner = &mut self.inner;
        match py.detach(|| guarded(|| inner.finish(options))) {
            Ok(text) => loads(py, &text),
            Err(err) => Err(to_py_err(py, &err)),
        }
    }
}

/// Skills in text, or one term or id: ``{"text", "mode"?: "find"|"term"|"id", "taxonomy"?, "extension"?, "lang"?}``
/// → matches with code-point spans, lookup hits, or a skill with its related skills.
#[pyfunction]
fn taxonomy_lookup<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::taxonomy_lookup)
}

/// The skill taxonomy in use (embedded default, a replacement or an extension): ``{"taxonomy"?, "extension"?, "lang"?}``
/// → version hash, counts per category and source, ambiguous surfaces.
#[pyfunction]
fn taxonomy_info<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::taxonomy_info)
}

/// Trains the sequence labeller: ``{"format": "bmes"|"conll", "train", "dev"?, "options"?}`` → ``{"model": BASE64, "report"}``.
#[pyfunction]
fn ner_train<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::ner_train)
}

/// Tags text with a labeller model: ``{"model": BASE64, "text"|"texts"}`` → entity spans in code points.
#[pyfunction]
fn ner_tag<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::ner_tag)
}

/// Scores a labeller model on annotated text: ``{"model", "format", "test"}`` → micro F1, precision, recall, per type.
#[pyfunction]
fn ner_eval<'py>(request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(request, "request", json::ner_eval)
}

/// Test hook: panics inside the same guard as every entry point, so tests can check that a
/// panic becomes `InternalError`. Not part of the API.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guarded::<()>(|| panic!("deliberate panic from interviewkit._native._panic_for_tests"))
        .map_err(|err| to_py_err(py, &err))
}

/// The private native module behind the `interviewkit` package.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let codes: Vec<(i32, &str)> = ErrorCode::ALL
        .iter()
        .map(|code| (code.as_i32(), code.name()))
        .collect();
    m.add("ERROR_CODES", PyTuple::new(py, codes)?)?;
    m.add("MAX_INPUT_BYTES", json::MAX_INPUT_BYTES)?;
    m.add("GIL_RELEASE_THRESHOLD", GIL_RELEASE_THRESHOLD)?;
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    m.add("BUILD_PROFILE", profile)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(migrate, m)?)?;
    m.add_function(wrap_pyfunction!(import_json_resume, m)?)?;
    m.add_function(wrap_pyfunction!(export_json_resume, m)?)?;
    m.add_function(wrap_pyfunction!(merge_profiles, m)?)?;
    m.add_function(wrap_pyfunction!(audit, m)?)?;
    m.add_function(wrap_pyfunction!(audit_render, m)?)?;
    m.add_function(wrap_pyfunction!(redact, m)?)?;
    m.add_function(wrap_pyfunction!(role_view, m)?)?;
    m.add_function(wrap_pyfunction!(encrypt, m)?)?;
    m.add_function(wrap_pyfunction!(decrypt, m)?)?;
    m.add_function(wrap_pyfunction!(rotate_keys, m)?)?;
    m.add_function(wrap_pyfunction!(generate_key, m)?)?;
    m.add_function(wrap_pyfunction!(log_append, m)?)?;
    m.add_function(wrap_pyfunction!(log_verify, m)?)?;
    m.add_function(wrap_pyfunction!(potential_fit, m)?)?;
    m.add_function(wrap_pyfunction!(potential_predict, m)?)?;
    m.add_function(wrap_pyfunction!(potential_evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(potential_update, m)?)?;
    m.add_function(wrap_pyfunction!(potential_insights, m)?)?;
    m.add_function(wrap_pyfunction!(bank_list, m)?)?;
    m.add_function(wrap_pyfunction!(interview_plan, m)?)?;
    m.add_function(wrap_pyfunction!(session_create, m)?)?;
    m.add_function(wrap_pyfunction!(session_apply, m)?)?;
    m.add_function(wrap_pyfunction!(session_drain, m)?)?;
    m.add_function(wrap_pyfunction!(session_verify, m)?)?;
    m.add_function(wrap_pyfunction!(answer_score, m)?)?;
    m.add_function(wrap_pyfunction!(interview_score, m)?)?;
    m.add_function(wrap_pyfunction!(interview_replay, m)?)?;
    m.add_function(wrap_pyfunction!(policy_check, m)?)?;
    m.add_function(wrap_pyfunction!(policy_profile, m)?)?;
    m.add_function(wrap_pyfunction!(calibrate, m)?)?;
    m.add_function(wrap_pyfunction!(parse_resume, m)?)?;
    m.add_function(wrap_pyfunction!(parse_resume_file, m)?)?;
    m.add_function(wrap_pyfunction!(taxonomy_lookup, m)?)?;
    m.add_function(wrap_pyfunction!(taxonomy_info, m)?)?;
    m.add_function(wrap_pyfunction!(ner_train, m)?)?;
    m.add_function(wrap_pyfunction!(ner_tag, m)?)?;
    m.add_function(wrap_pyfunction!(ner_eval, m)?)?;
    m.add_function(wrap_pyfunction!(visual_summary, m)?)?;
    m.add_function(wrap_pyfunction!(fuse, m)?)?;
    m.add_function(wrap_pyfunction!(fusion_learn, m)?)?;
    m.add_function(wrap_pyfunction!(job_parse, m)?)?;
    m.add_function(wrap_pyfunction!(semantic_embed, m)?)?;
    m.add_function(wrap_pyfunction!(match_resume, m)?)?;
    m.add_function(wrap_pyfunction!(rank_resumes, m)?)?;
    m.add_function(wrap_pyfunction!(index_build, m)?)?;
    m.add_function(wrap_pyfunction!(index_query, m)?)?;
    m.add_function(wrap_pyfunction!(match_learn_weights, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(wecom_payload, m)?)?;
    m.add_function(wrap_pyfunction!(subscribe_message, m)?)?;
    m.add_function(wrap_pyfunction!(funnel, m)?)?;
    m.add_function(wrap_pyfunction!(develop, m)?)?;
    m.add_function(wrap_pyfunction!(success_profile, m)?)?;
    m.add_function(wrap_pyfunction!(voice_features, m)?)?;
    m.add_function(wrap_pyfunction!(batch::batch_parse_resumes, m)?)?;
    m.add_function(wrap_pyfunction!(batch::batch_screen, m)?)?;
    m.add_function(wrap_pyfunction!(batch::batch_predict_potential, m)?)?;
    m.add_function(wrap_pyfunction!(batch::batch_audit, m)?)?;
    m.add_function(wrap_pyfunction!(voice_features_wav, m)?)?;
    m.add_class::<_VoiceStream>()?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    Ok(())
}

// mimalloc serves this face's allocations (cargo feature `mimalloc`, on by default): the resume
// parser allocates many small strings, and glibc's malloc took about a third of its time.
#[cfg(all(feature = "mimalloc", not(target_family = "wasm")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
