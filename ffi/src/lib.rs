//! # InterviewKit C ABI
//!
//! The C face of InterviewKit: a shared and a static library named `interviewkit` whose header,
//! `ffi/include/interviewkit.h`, is generated from this file by cbindgen and committed. The
//! ownership rules for C callers are in `ffi/README.md`; in short:
//!
//! - every function returns an [`ik_status`] (`IK_OK` = 0) and hands results back through
//!   out-parameters;
//! - the last argument, `ik_error **err`, is optional: pass NULL when only the status matters,
//!   or the address of an `ik_error *` to receive a detailed error that the caller frees with
//!   [`ik_error_free`];
//! - strings returned by the library are freed only with [`ik_string_free`];
//! - a panic never crosses the boundary: it becomes `IK_E_INTERNAL`.
//!
//! The functions hold no domain logic: each one forwards bytes to [`interviewkit_core::json`]
//! and maps errors only through [`ErrorCode`].
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

use std::ffi::{c_char, CString};
use std::panic::{self, AssertUnwindSafe};
use std::ptr;
use std::sync::OnceLock;

use interviewkit_core::{json, Error, ErrorCode};

/// Version of the binary interface. Raised whenever a released function, type or status code
/// changes in a way that breaks programs compiled against an older header; adding functions or
/// appending status codes does not raise it. It is also the shared library's soname suffix
/// (`libinterviewkit.so.1`).
pub const IK_ABI_VERSION: u32 = 1;

/// A status code: what every function returns. `IK_OK` (0) is success; every other value is
/// an error code with the same number and name as the core's `ErrorCode` (`IK_E_INVALID_JSON`
/// is `InvalidJson`, 4). The values follow declaration order: IK_OK = 0, IK_E_INTERNAL = 1, …
///
/// Codes are append-only: a released value never changes meaning, and a newer library may
/// return codes this header does not list (treat unknown values as errors; `ik_status_name`
/// names them "Unknown").
// The numbers are not written by hand: each constant takes the next value in order, the
// compiler checks every one against `ErrorCode` (below), a missing or extra constant fails the
// build, and ffi/tests/header.rs pins the C names and values against `ErrorCode::ALL`.
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ik_status {
    /// Success.
    IK_OK,
    /// A bug inside InterviewKit (for example a caught panic). Please report it.
    IK_E_INTERNAL,
    /// An argument was missing or unusable, such as a NULL pointer.
    IK_E_INVALID_ARGUMENT,
    /// The input bytes were not valid UTF-8.
    IK_E_INVALID_UTF8,
    /// The input was not well-formed JSON, or was nested deeper than the parser allows.
    IK_E_INVALID_JSON,
    /// The JSON was well formed but breaks the archive schema; the error's JSON lists every
    /// issue.
    IK_E_INVALID_DOCUMENT,
    /// The document's `schema_version` is newer than this build understands, or not a version.
    IK_E_UNSUPPORTED_SCHEMA_VERSION,
    /// The document's `kind` is not one this operation accepts.
    IK_E_UNKNOWN_DOCUMENT_TYPE,
    /// An old document could not be moved to the current schema version.
    IK_E_MIGRATION_FAILED,
    /// The input exceeded a limit (size, count).
    IK_E_LIMIT_EXCEEDED,
    /// A file could not be read or written.
    IK_E_IO,
    /// A key the operation needs is missing from the keyring or was destroyed.
    IK_E_KEY_UNAVAILABLE,
    /// Authenticated data failed its check: wrong key, altered ciphertext, bad HMAC, broken
    /// hash chain.
    IK_E_INTEGRITY_CHECK_FAILED,
    /// The jurisdiction policy forbids what was asked (a prohibited signal, a missing consent);
    /// the message names the rule.
    IK_E_POLICY_VIOLATION,
}

// Every C status equals the core code of the same name; a mismatch stops the build.
const _: () = {
    use ik_status::*;
    let pairs = [
        (IK_OK as i32, ErrorCode::Ok as i32),
        (IK_E_INTERNAL as i32, ErrorCode::Internal as i32),
        (
            IK_E_INVALID_ARGUMENT as i32,
            ErrorCode::InvalidArgument as i32,
        ),
        (IK_E_INVALID_UTF8 as i32, ErrorCode::InvalidUtf8 as i32),
        (IK_E_INVALID_JSON as i32, ErrorCode::InvalidJson as i32),
        (
            IK_E_INVALID_DOCUMENT as i32,
            ErrorCode::InvalidDocument as i32,
        ),
        (
            IK_E_UNSUPPORTED_SCHEMA_VERSION as i32,
            ErrorCode::UnsupportedSchemaVersion as i32,
        ),
        (
            IK_E_UNKNOWN_DOCUMENT_TYPE as i32,
            ErrorCode::UnknownDocumentType as i32,
        ),
        (
            IK_E_MIGRATION_FAILED as i32,
            ErrorCode::MigrationFailed as i32,
        ),
        (IK_E_LIMIT_EXCEEDED as i32, ErrorCode::LimitExceeded as i32),
        (IK_E_IO as i32, ErrorCode::Io as i32),
        (
            IK_E_KEY_UNAVAILABLE as i32,
            ErrorCode::KeyUnavailable as i32,
        ),
        (
            IK_E_INTEGRITY_CHECK_FAILED as i32,
            ErrorCode::IntegrityCheckFailed as i32,
        ),
        (
            IK_E_POLICY_VIOLATION as i32,
            ErrorCode::PolicyViolation as i32,
        ),
    ];
    assert!(
        pairs.len() == ErrorCode::ALL.len(),
        "ik_status must list every ErrorCode"
    );
    let mut i = 0;
    while i < pairs.len() {
        assert!(pairs[i].0 == pairs[i].1, "ik_status differs from ErrorCode");
        i += 1;
    }
};

impl From<ErrorCode> for ik_status {
    /// The C status for a core code. Exhaustive on purpose: a code appended to `ErrorCode`
    /// does not compile here until `ik_status` gains it too.
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::Ok => ik_status::IK_OK,
            ErrorCode::Internal => ik_status::IK_E_INTERNAL,
            ErrorCode::InvalidArgument => ik_status::IK_E_INVALID_ARGUMENT,
            ErrorCode::InvalidUtf8 => ik_status::IK_E_INVALID_UTF8,
            ErrorCode::InvalidJson => ik_status::IK_E_INVALID_JSON,
            ErrorCode::InvalidDocument => ik_status::IK_E_INVALID_DOCUMENT,
            ErrorCode::UnsupportedSchemaVersion => ik_status::IK_E_UNSUPPORTED_SCHEMA_VERSION,
            ErrorCode::UnknownDocumentType => ik_status::IK_E_UNKNOWN_DOCUMENT_TYPE,
            ErrorCode::MigrationFailed => ik_status::IK_E_MIGRATION_FAILED,
            ErrorCode::LimitExceeded => ik_status::IK_E_LIMIT_EXCEEDED,
            ErrorCode::Io => ik_status::IK_E_IO,
            ErrorCode::KeyUnavailable => ik_status::IK_E_KEY_UNAVAILABLE,
            ErrorCode::IntegrityCheckFailed => ik_status::IK_E_INTEGRITY_CHECK_FAILED,
            ErrorCode::PolicyViolation => ik_status::IK_E_POLICY_VIOLATION,
        }
    }
}

impl From<ik_status> for ErrorCode {
    /// The core code for a C status (always exists: the two enums are equal by construction).
    fn from(status: ik_status) -> Self {
        ErrorCode::from_i32(status as i32).unwrap_or(ErrorCode::Internal)
    }
}

/// A detailed error: its status code, an English message naming the field, and the same error
/// as JSON (`{"code":5,"name":"InvalidDocument","message":"…","issues":[…]}`).
///
/// Opaque to C. Created by the library when a function fails and the caller passed a non-NULL
/// `err`; owned by the caller from then on and freed with `ik_error_free`.
#[allow(non_camel_case_types)]
pub struct ik_error {
    status: ik_status,
    message: CString,
    json: CString,
}

impl ik_error {
    /// Builds the C error object for a core error.
    fn new(error: &Error) -> ik_error {
        let json = serde_json::to_string(&error.to_json())
            .unwrap_or_else(|_| String::from("{\"code\":1,\"name\":\"Internal\"}"));
        ik_error {
            status: ik_status::from(error.code()),
            message: c_string_lossy(error.to_string()),
            json: c_string_lossy(json),
        }
    }
}

/// A C string from Rust text; an interior NUL (never produced by the core, but possible in
/// principle) becomes U+FFFD rather than truncating the text silently or failing.
fn c_string_lossy(text: String) -> CString {
    CString::new(text).unwrap_or_else(|e| {
        let text = String::from_utf8_lossy(&e.into_vec()).replace('\0', "\u{FFFD}");
        CString::new(text).unwrap_or_default()
    })
}

/// The error for a NULL or otherwise unusable argument.
fn invalid_argument(name: &str, expected: &str) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.to_string(),
    }
}

/// The text of a caught panic's payload.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        String::from("a panic with a non-text payload")
    }
}

/// Runs the body of an entry point: catches any panic (it becomes `ik_status::IK_E_INTERNAL`),
/// turns a core error into its status, and hands a new `ik_error` to the caller through `err`
/// when `err` is not NULL. `*err` is set to NULL first, so it is NULL after every success.
///
/// A plain function rather than a macro, so that cbindgen sees every `extern "C"` item.
///
/// # Safety
///
/// `err` must be NULL or valid for writing one `*mut ik_error`.
unsafe fn guard<F>(err: *mut *mut ik_error, body: F) -> ik_status
where
    F: FnOnce() -> Result<(), Error>,
{
    if !err.is_null() {
        // SAFETY: the caller guarantees that a non-NULL `err` is valid for writes.
        unsafe { err.write(ptr::null_mut()) };
    }
    let outcome = panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let text = panic_text(payload.as_ref());
        drop(payload);
        Err(Error::Internal(format!(
            "panic inside InterviewKit: {text}"
        )))
    });
    match outcome {
        Ok(()) => ik_status::IK_OK,
        Err(error) => {
            let status = ik_status::from(error.code());
            if !err.is_null() {
                // Building the error object only allocates, but stay behind the guard anyway.
                let object = panic::catch_unwind(AssertUnwindSafe(|| {
                    Box::into_raw(Box::new(ik_error::new(&error)))
                }))
                .unwrap_or(ptr::null_mut());
                // SAFETY: as above.
                unsafe { err.write(object) };
            }
            status
        }
    }
}

/// The shared body of the JSON-in, JSON-out functions.
///
/// # Safety
///
/// As for `ik_validate`: `json` is NULL or valid for reading `len` bytes, `out_json` and
/// `err` are NULL or valid for writing one pointer.
unsafe fn call_json(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
    op: fn(&[u8]) -> Result<String, Error>,
) -> ik_status {
    if !out_json.is_null() {
        // SAFETY: the caller guarantees that a non-NULL `out_json` is valid for writes.
        unsafe { out_json.write(ptr::null_mut()) };
    }
    let body = || {
        if json.is_null() {
            return Err(invalid_argument(
                "json",
                "a non-NULL pointer to `len` bytes of UTF-8 JSON",
            ));
        }
        if out_json.is_null() {
            return Err(invalid_argument(
                "out_json",
                "a non-NULL `char **` to receive the result",
            ));
        }
        if len > isize::MAX as usize {
            return Err(invalid_argument("len", "at most PTRDIFF_MAX bytes"));
        }
        // SAFETY: `json` is non-NULL and the caller guarantees `len` readable bytes; `len`
        // fits in `isize`. The slice is not used after this call returns.
        let input = unsafe { std::slice::from_raw_parts(json, len) };
        let output = op(input)?;
        let output = CString::new(output)
            .map_err(|_| Error::Internal("a result contained a NUL byte".to_string()))?;
        // SAFETY: `out_json` is non-NULL and valid for writes (caller's guarantee).
        unsafe { out_json.write(output.into_raw()) };
        Ok(())
    };
    // SAFETY: `err` is NULL or valid for writes (caller's guarantee).
    unsafe { guard(err, body) }
}

/// The library's version, `"MAJOR.MINOR.PATCH"` (equal to `IK_VERSION_STRING` of the header it
/// was built with). A static string: never free it.
#[no_mangle]
pub extern "C" fn ik_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The library's binary-interface version (equal to `IK_ABI_VERSION` of the header it was
/// built with). A program can compare it with `IK_ABI_VERSION` at start-up to detect a
/// mismatched shared library.
#[no_mangle]
pub extern "C" fn ik_abi_version() -> u32 {
    IK_ABI_VERSION
}

/// The newest archive `schema_version` this library reads, and the one it writes.
#[no_mangle]
pub extern "C" fn ik_schema_version() -> u32 {
    interviewkit_core::SCHEMA_VERSION
}

/// The stable name of a status code (`"Ok"`, `"InvalidJson"`, …), the same name every face
/// uses; `"Unknown"` for a value this library does not define. A static string: never free it.
#[no_mangle]
pub extern "C" fn ik_status_name(status: i32) -> *const c_char {
    static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        ErrorCode::ALL
            .iter()
            .map(|code| c_string_lossy(code.name().to_string()))
            .collect()
    });
    // Indexed by position in `ErrorCode::ALL`, with `get`, so nothing here can panic.
    ErrorCode::ALL
        .iter()
        .position(|code| code.as_i32() == status)
        .and_then(|index| names.get(index))
        .map_or(c"Unknown".as_ptr(), |name| name.as_ptr())
}

/// Validates an archive document and reports every problem at once.
///
/// On success returns `IK_OK` and sets `*out_json` to the report
/// `{"valid":bool,"kind"?,"schema_version"?,"issues":[{"pointer","code","message","message_zh"}]}`.
/// An invalid document is still a success (`"valid":false`); errors are reserved for input
/// that cannot be read: `IK_E_INVALID_UTF8`, `IK_E_INVALID_JSON`, `IK_E_LIMIT_EXCEEDED`, and
/// `IK_E_UNSUPPORTED_SCHEMA_VERSION` for a document newer than this library.
///
/// On failure `*out_json` is NULL and, when `err` is not NULL, `*err` receives an error that
/// the caller frees with `ik_error_free`. NULL `json` or `out_json` gives
/// `IK_E_INVALID_ARGUMENT`.
///
/// # Safety
///
/// - `json` is NULL or points to `len` readable bytes (they need not end in NUL); the library
///   does not keep the pointer.
/// - `out_json` is NULL or valid for writing a `char *`; a string written there is owned by
///   the caller and freed with `ik_string_free`.
/// - `err` is NULL or valid for writing an `ik_error *`.
#[no_mangle]
pub unsafe extern "C" fn ik_validate(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::validate) }
}

/// Moves a document to the current schema version and validates it; `*out_json` receives the
/// current-version document.
///
/// Fails with `IK_E_MIGRATION_FAILED`, `IK_E_INVALID_DOCUMENT` (the error's JSON lists every
/// issue), `IK_E_UNSUPPORTED_SCHEMA_VERSION`, or the input errors of `ik_validate`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_migrate(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::migrate) }
}

/// Imports a JSON Resume (v1.0.0) document; `*out_json` receives an archive resume. Fields
/// with no place in the archive schema are kept, so exporting gives the input back.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_import_json_resume(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::import_json_resume) }
}

/// Exports an archive resume as JSON Resume (v1.0.0); `*out_json` receives the JSON Resume
/// document.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_export_json_resume(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::export_json_resume) }
}

/// Assembles 360° profiles from a JSON array of archive documents keyed by candidate id;
/// `*out_json` receives `{"profiles":[…]}` with any conflicts reported inside.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_merge_profiles(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::merge_profiles) }
}

/// Adverse-impact (fairness) audit. Input: a request
/// `{"records":[{…}]|"csv":"…","group":"col"|["col",…],"selected":"col"|"score":"col",…}`;
/// `*out_json` receives the report: `groups` (each with `group`, `n`, `selection_rate` or
/// `scoring_rate`, `impact_ratio`, `flag_four_fifths`, `small_sample`, …) and per-column tables.
/// An impact ratio that is undefined is `null` with a note, never 0 or NaN.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_audit(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::audit) }
}

/// Renders an audit report: input `{"report":{…},"format":"json"|"md"|"html"}`;
/// `*out_json` receives `{"format":"…","text":"…"}`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_audit_render(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::audit_render) }
}

/// Blind screening: removes personal data (name, gender, age and birth date, photo references,
/// marital status, ethnicity, native place, ID numbers; school names on request) from a resume,
/// candidate or profile. Input `{"document":{…},"options"?:{…}}`; `*out_json` receives
/// `{"document":{…},"removed":[…],…}`. Masked text keeps its length, so evidence offsets stay
/// valid; the report never repeats a removed value.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_redact(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::redact) }
}

/// The document as one role may see it (deny by default). Input
/// `{"document":{…},"role":"candidate"|"interviewer"|"hr"|"hiring_manager"|"auditor"|"data_scientist"}`;
/// `*out_json` receives `{"role":"…","document":{…},"withheld":[…],…}`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_role_view(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::role_view) }
}

/// Encrypts sensitive fields of an archive document with AES-256-GCM under a fresh data key,
/// itself wrapped by the keyring's active key. Input `{"document":{…},"keyring":{…},"fields"?:[…]}`;
/// `*out_json` receives the document with each field replaced by an envelope.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_encrypt(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::encrypt) }
}

/// Opens every envelope in a document. Input `{"document":{…},"keyring":{…}}`; `*out_json`
/// receives the original document. `IK_E_KEY_UNAVAILABLE` when a key is missing or destroyed,
/// `IK_E_INTEGRITY_CHECK_FAILED` for a wrong key or altered ciphertext.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_decrypt(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::decrypt) }
}

/// Re-wraps a document's data keys under another key (key rotation). Input
/// `{"document":{…},"keyring":{…},"to"?:"key id"}`; `*out_json` receives the document.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_rotate_keys(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::rotate_keys) }
}

/// Generates a random 256-bit key-encryption key. Input `{"id":"…"}`; `*out_json` receives
/// `{"id":"…","key":"<base64>"}`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_generate_key(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::generate_key) }
}

/// Seals the next entry of a hash-chained audit trail. Input
/// `{"previous":{…}|null,"entry":{"at","actor","action","target",…},"key"?:"…"}`; `*out_json`
/// receives the sealed entry with `seq`, `prev` and `hash`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_log_append(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::log_append) }
}

/// Verifies a hash-chained audit trail. Input `{"entries":[…],"key"?,"expected_head"?,"expected_length"?}`;
/// `*out_json` receives `{"valid":bool,"length":n,"head":"…","problems":[…]}`: a broken chain is
/// a report, not an error.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_log_verify(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::log_verify) }
}

/// Trains a talent-potential model (gradient-boosted trees, calibrated, explainable) from a
/// table: `{"csv"|"records", "label", "id"?, "exclude"?, "params"?}` → the model (JSON, with
/// metadata, training-data hash, validation metrics and an integrity hash).
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_potential_fit(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::potential_fit) }
}

/// Predicts with a model: `{"model", "csv"|"records", "top"?}` → `{"predictions": [{"id",
/// "probability", "margin", "base_value", "contributions"}]}`; contributions add up to the margin.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_potential_predict(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::potential_predict) }
}

/// Validation report of a model on labelled data: ROC-AUC, PR-AUC, calibration error, validity r
/// with a bootstrap CI, range-restriction correction, adverse impact by group.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_potential_evaluate(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::potential_evaluate) }
}

/// Refits or warm-starts a model on new outcomes: a new model version (the old one is untouched),
/// drift (PSI) per feature and the change in metrics.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_potential_update(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::potential_update) }
}

/// Insight mining: feature bands ranked by lift in the label rate, with confidence intervals.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_potential_insights(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::potential_insights) }
}

/// The structured-interview question bank (embedded default, optionally extended): input
/// `{"lang"?:"zh"|"en","competency"?,"role_family"?,"type"?,"extension"?:{…}}`; `*out_json`
/// receives `{"version":"<content hash>","competencies":[…],"questions":[…]}`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_bank_list(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::bank_list) }
}

/// An interview plan from a job profile's competency weights: `{"job", "count"?, "seed"?, "lang"?,
/// "exclude"?, "previous_plans"?, "types"?, "extension"?}` → the plan (balanced, seeded, no repeats).
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_interview_plan(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::interview_plan) }
}

/// Starts an interview session: `{"id", "plan", "key", "at", …}` → `{"snapshot", "events"}`;
/// the snapshot is sealed with an HMAC under the host's key.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_session_create(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::session_create) }
}

/// Applies one event (start, answer, pause, resume, complete, expire, abandon) to a session:
/// `{"snapshot", "key", "event"}` → `{"snapshot", "events", "progress", …}`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_session_apply(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::session_apply) }
}

/// Takes the events waiting in a session's outbox: `{"snapshot", "key"}` → `{"snapshot",
/// "events"}`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_session_drain(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::session_drain) }
}

/// Checks a session snapshot's HMAC: `{"snapshot", "key"}` → `{"valid", "status", "progress"}`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_session_verify(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::session_verify) }
}

/// Scores one answer transcript against its question's rubric: `{"question_id", "transcript",
/// "lang"?, "show_scores"?, "extension"?}` → levels, evidence and feedback per competency.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_answer_score(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::answer_score) }
}

/// A scorecard for a whole interview: `{"plan", "answers", "norms"?, …}` → an archive
/// Scorecard stamped with the engine and rubric versions and the input hash.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_interview_score(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::interview_score) }
}

/// Recomputes a scorecard from the same inputs and compares it bit for bit: `{"scorecard",
/// "plan", "answers", "norms"?}` → `{"reproduced", "differences", …}`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_interview_replay(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::interview_replay) }
}

/// The policy gate: `{"policy", "signals", "consents"?, "notices"?, "at", …}` → the signals
/// allowed and dropped with reasons; `PolicyViolation` naming the rule when the policy forbids.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_policy_check(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::policy_check) }
}

/// A jurisdiction policy profile in full: `{"policy": "eu"|{…}}` → the profile and its hash.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_policy_profile(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::policy_profile) }
}

/// Interviewer calibration: `{"ratings", "ai"?, "scorecards"?, "threshold"?, …}` → divergence
/// flags, rater leniency and drift, ICC and weighted kappa, panel aggregates.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_calibrate(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::calibrate) }
}

/// Parses a resume given in the request: `{"text"|"base64", "reference_date"?, "taxonomy"?, "ner_model"?, …}`
/// → `{"resume", "warnings"}`, every value with its evidence span. `parse_resume_file` takes the file as bytes.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_parse_resume(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::parse_resume) }
}

/// Skills in text, or one term or id: `{"text", "mode"?: "find"|"term"|"id", "taxonomy"?, "extension"?, "lang"?}`
/// → matches with code-point spans, lookup hits, or a skill with its related skills.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_taxonomy_lookup(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::taxonomy_lookup) }
}

/// The skill taxonomy in use (embedded default, a replacement or an extension): `{"taxonomy"?, "extension"?, "lang"?}`
/// → version hash, counts per category and source, ambiguous surfaces.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_taxonomy_info(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::taxonomy_info) }
}

/// Trains the sequence labeller: `{"format": "bmes"|"conll", "train", "dev"?, "options"?}` → `{"model": BASE64, "report"}`.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_ner_train(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::ner_train) }
}

/// Tags text with a labeller model: `{"model": BASE64, "text"|"texts"}` → entity spans in code points.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_ner_tag(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::ner_tag) }
}

/// Scores a labeller model on annotated text: `{"model", "format", "test"}` → micro F1, precision, recall, per type.
///
/// # Safety
///
/// The same as `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_ner_eval(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::ner_eval) }
}

/// Parses a resume file given as bytes (plain text in UTF-8, UTF-16 or GBK/GB18030, HTML, DOCX,
/// PDF with a text layer) with an options object: `options_json` holds `options_len` bytes of
/// JSON, `{"reference_date"?, "format"?, "max_bytes"?, "taxonomy"?, "taxonomy_extension"?,
/// "ner_model"?, "school_tiers"?, "file_name"?, "id"?, "candidate_id"?}`, or is NULL / empty
/// for none. `*out_json` receives `{"resume", "warnings"}`.
///
/// Errors: `IK_E_INVALID_ARGUMENT` naming `bytes` (empty, binary, damaged DOCX/PDF) or the
/// option at fault, `IK_E_INVALID_UTF8` for text in no encoding recognised,
/// `IK_E_LIMIT_EXCEEDED` above `max_bytes` (10 MB by default).
///
/// # Safety
///
/// - `data` is NULL or points to `len` readable bytes; `options_json` is NULL or points to
///   `options_len` readable bytes. The library keeps neither pointer.
/// - `out_json` and `err` as for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_parse_resume_file(
    data: *const u8,
    len: usize,
    options_json: *const u8,
    options_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        call_bytes(
            data,
            len,
            options_json,
            options_len,
            out_json,
            err,
            json::parse_resume_file,
        )
    }
}

/// Voice features of a request (`{"wav_base64"|"samples", "sample_rate"?, "transcript"?,
/// "words"?, "config"?}`): pitch, voicing, pauses, speech rate, loudness variation, fillers.
/// These describe how the speech sounds; no emotion or affect is inferred. Pass them through
/// `ik_policy_check` (category `voice`) before using them.
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_voice_features(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::voice_features) }
}

/// Behaviour summaries of a video interview from the host's own vision pipeline: `{"frames"?: [{"t", "blendshapes", "head_pose"?, "gestures"?}], "events"?, "duration_s"?, "config"?}` (MediaPipe blendshape names) → smile episodes, gaze-at-camera ratio, head movement, gesture rate. No emotion is inferred.
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_visual_summary(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::visual_summary) }
}

/// Score fusion behind the policy gate: `{"policy", "scorecard", "signals"?, "consents"?, "weights"?, "reliability"?, "mapping"?, "at"?, …}` → `{"scorecard", "contributions", "dropped", "divergence", …}`; `PolicyViolation` naming the rule when the policy refuses a signal.
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_fuse(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::fuse) }
}

/// Learns fusion weights from historical ratings by non-negative ridge regression: `{"rows": [{"rating", "scores"}], "lambda"?, "folds"?, …}` → weights, clamped modalities, held-out R² and RMSE.
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_fusion_learn(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::fusion_learn) }
}

/// Sentence embeddings from a user-supplied ONNX model (builds with the `onnx` feature): `{"model": {"onnx": PATH, "tokenizer": PATH, "max_tokens"?}, "texts": [...], "anchor"?}` → `{"model": {"onnx_sha256", ...}, "embeddings"}`, or with an anchor text each text's semantic score 0–1 against it (`"similarities"`).
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_semantic_embed(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::semantic_embed) }
}

/// Parses a Chinese or English job description: `{"text", "lang"?, "id"?, "title"?, "taxonomy"?}` → a JobProfile (skills, minimum years, degree, majors, languages, certifications, location, knock-outs) with evidence spans.
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_job_parse(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::job_parse) }
}

/// Explained fit of one resume for one job: `{"job": JobProfile|{"text"}, "resume": Resume|{"text"}, "weights"?, "reference_date"?, "semantic_score"?, "semantic_model"?}` → total 0–100, knock-outs, components that add up, matched/partial/missing skills and gaps in Chinese and English.
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_match_resume(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::match_resume) }
}

/// Ranks resumes for a job: `{"job", "resumes": [{"id", "resume"|"text"}], "top"?, "filters"?, "weights"?, "reference_date"?, "semantic_model"?}` → `{"results": [{"id", "score", "rank", "explanation"}], "funnel"}`.
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_rank_resumes(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::rank_resumes) }
}

/// Builds or updates a resume index: `{"resumes"?: [{"id", "resume"|"text"}], "index"?: BASE64, "remove"?: [ids], "reference_date"?}` → `{"index": BASE64, "count", "ids"}`.
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_index_build(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::index_build) }
}

/// Top-k of a saved resume index for a job: `{"index": BASE64, "job", "top"?, "filters"?, "weights"?}` → ranked results and the funnel.
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_index_query(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::index_query) }
}

/// Learns matching weights from historical outcomes (advanced or hired) by L2-regularised logistic regression: `{"outcomes": [{"components", "outcome"}], "l2"?, "folds"?}` → weights with standard errors and cross-validated log-loss and AUC.
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_match_learn_weights(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::match_learn_weights) }
}

/// A candidate, interviewer or HR report as JSON, Markdown or self-contained HTML with SVG charts: `{"kind", "format"?, "lang"?, "scorecard" | "scorecards", "potential"?, "match"?, "funnel"?, "options"?}` (docs/reports.md).
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_report(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::report) }
}

/// A WeCom (企业微信) message body, markdown or template_card, within WeCom's length limits: `{"event", "lang"?, "style"?, "data"}` → `{"body", "warnings"}` (docs/wecom.md).
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_wecom_payload(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::wecom_payload) }
}

/// A WeChat mini-program subscribe-message body with every value checked against its kind: `{"template_id", "touser", "fields"}` → `{"body", "warnings"}` (docs/wecom.md).
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_subscribe_message(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::subscribe_message) }
}

/// Hiring-funnel analytics from archive events: progress, conversion, stage durations, channel drop-out and pass-through by group: `{"events", "stages"?, "as_of"?, "audit"?}` (docs/analytics.md).
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_funnel(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::funnel) }
}

/// Development suggestions: gaps → ranked courses from a catalogue with time-to-proficiency from archive history: `{"gaps" | "scorecard" | "profile", "catalog", "history"?, "bars"?}` (docs/development.md).
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_develop(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::develop) }
}

/// A success profile per role: features of top performers with lift and its confidence interval: `{"records", "top", "min_support"?, "confidence"?}` (docs/development.md).
///
/// # Safety
///
/// As for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_success_profile(
    json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { call_json(json, len, out_json, err, json::success_profile) }
}

/// Voice features of a WAV file given as bytes (RIFF/WAVE, PCM 8/16/24/32-bit or float, any
/// channel count — channels are mixed down — at 8–192 kHz) with options
/// `{"transcript"?, "words"?, "config"?}` as JSON (NULL or empty for none).
///
/// Errors: `IK_E_INVALID_ARGUMENT` naming `wav` (not a WAV file, unsupported encoding, no
/// samples) or the option at fault; `IK_E_LIMIT_EXCEEDED` past `config.max_duration_s`.
///
/// # Safety
///
/// As for `ik_parse_resume_file`.
#[no_mangle]
pub unsafe extern "C" fn ik_voice_features_wav(
    data: *const u8,
    len: usize,
    options_json: *const u8,
    options_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        call_bytes(
            data,
            len,
            options_json,
            options_len,
            out_json,
            err,
            json::voice_features_wav,
        )
    }
}

/// A streaming voice analysis: create it with the sample rate, push chunks of samples as they
/// arrive, finish it once for the features, free it. Opaque to C.
///
/// One stream must not be used from two threads at once; different streams are independent.
#[allow(non_camel_case_types)]
pub struct ik_voice_stream {
    inner: json::VoiceStream,
}

/// Creates a streaming voice analysis of mono audio at `sample_rate` Hz (8000–192000), with
/// options `{"config"?}` as JSON (NULL or empty for none). `*out_stream` receives the stream,
/// freed with `ik_voice_stream_free`.
///
/// # Safety
///
/// `options_json` is NULL or points to `options_len` readable bytes; `out_stream` is NULL or
/// valid for writing one pointer; `err` as for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_voice_stream_new(
    sample_rate: u32,
    options_json: *const u8,
    options_len: usize,
    out_stream: *mut *mut ik_voice_stream,
    err: *mut *mut ik_error,
) -> ik_status {
    if !out_stream.is_null() {
        // SAFETY: the caller guarantees that a non-NULL `out_stream` is valid for writes.
        unsafe { out_stream.write(ptr::null_mut()) };
    }
    let body = || {
        if out_stream.is_null() {
            return Err(invalid_argument(
                "out_stream",
                "a non-NULL `ik_voice_stream **` to receive the stream",
            ));
        }
        // SAFETY: forwarded from this function's contract.
        let options = unsafe { optional_bytes(options_json, options_len)? };
        let inner = json::VoiceStream::new(sample_rate, options)?;
        let stream = Box::into_raw(Box::new(ik_voice_stream { inner }));
        // SAFETY: `out_stream` is non-NULL and valid for writes (caller's guarantee).
        unsafe { out_stream.write(stream) };
        Ok(())
    };
    // SAFETY: `err` is NULL or valid for writing (caller's guarantee).
    unsafe { guard(err, body) }
}

/// The stream behind a handle, or the error for a NULL one.
///
/// # Safety
///
/// `stream` is NULL or a live stream from `ik_voice_stream_new`, not used elsewhere meanwhile.
unsafe fn stream_mut<'a>(stream: *mut ik_voice_stream) -> Result<&'a mut ik_voice_stream, Error> {
    // SAFETY: forwarded from this function's contract.
    unsafe { stream.as_mut() }
        .ok_or_else(|| invalid_argument("stream", "a non-NULL stream from ik_voice_stream_new"))
}

/// The body shared by the two push functions: checks, then hands the chunk to `push`.
///
/// # Safety
///
/// As for `ik_voice_stream_push_f32`, with `count` readable `T`.
unsafe fn push_samples<T>(
    stream: *mut ik_voice_stream,
    samples: *const T,
    count: usize,
    err: *mut *mut ik_error,
    what: &str,
    push: fn(&mut json::VoiceStream, &[T]) -> Result<(), Error>,
) -> ik_status {
    let body = || {
        // SAFETY: forwarded from this function's contract.
        let stream = unsafe { stream_mut(stream)? };
        if samples.is_null() {
            return Err(invalid_argument(
                "samples",
                &format!("a non-NULL pointer to `count` {what}"),
            ));
        }
        if count > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
            return Err(invalid_argument(
                "count",
                "a sample count that fits in memory",
            ));
        }
        // SAFETY: non-NULL, `count` readable samples (caller's guarantee); not kept.
        let chunk = unsafe { std::slice::from_raw_parts(samples, count) };
        push(&mut stream.inner, chunk)
    };
    // SAFETY: `err` is NULL or valid for writing (caller's guarantee).
    unsafe { guard(err, body) }
}

/// Pushes `count` float samples (full scale ±1) to a stream. A NaN or infinite sample is
/// `IK_E_INVALID_ARGUMENT` naming `samples[i]` (counted from the stream's first sample) and
/// nothing of that chunk is kept.
///
/// # Safety
///
/// `stream` is NULL or a live stream; `samples` is NULL or points to `count` readable floats;
/// `err` as for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_voice_stream_push_f32(
    stream: *mut ik_voice_stream,
    samples: *const f32,
    count: usize,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        push_samples(
            stream,
            samples,
            count,
            err,
            "floats",
            json::VoiceStream::push_f32,
        )
    }
}

/// Pushes `count` 16-bit samples to a stream.
///
/// # Safety
///
/// As for `ik_voice_stream_push_f32`, with `count` readable `int16_t`.
#[no_mangle]
pub unsafe extern "C" fn ik_voice_stream_push_i16(
    stream: *mut ik_voice_stream,
    samples: *const i16,
    count: usize,
    err: *mut *mut ik_error,
) -> ik_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        push_samples(
            stream,
            samples,
            count,
            err,
            "int16_t samples",
            json::VoiceStream::push_i16,
        )
    }
}

/// Finishes a stream with options `{"transcript"?, "words"?}` as JSON (NULL or empty for
/// none); `*out_json` receives the voice features. Once the options are accepted the stream is
/// finished, whatever the outcome: a second call gives `IK_E_INVALID_ARGUMENT` naming `stream`.
/// The handle must still be freed with `ik_voice_stream_free`.
///
/// # Safety
///
/// `stream` is NULL or a live stream; `options_json` is NULL or points to `options_len`
/// readable bytes; `out_json` and `err` as for `ik_validate`.
#[no_mangle]
pub unsafe extern "C" fn ik_voice_stream_finish(
    stream: *mut ik_voice_stream,
    options_json: *const u8,
    options_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
) -> ik_status {
    if !out_json.is_null() {
        // SAFETY: the caller guarantees that a non-NULL `out_json` is valid for writes.
        unsafe { out_json.write(ptr::null_mut()) };
    }
    let body = || {
        // SAFETY: forwarded from this function's contract.
        let stream = unsafe { stream_mut(stream)? };
        if out_json.is_null() {
            return Err(invalid_argument(
                "out_json",
                "a non-NULL `char **` to receive the result",
            ));
        }
        // SAFETY: forwarded from this function's contract.
        let options = unsafe { optional_bytes(options_json, options_len)? };
        let output = stream.inner.finish(options)?;
        // SAFETY: `out_json` is non-NULL and valid for writes (caller's guarantee).
        unsafe { write_string(out_json, output)? };
        Ok(())
    };
    // SAFETY: `err` is NULL or valid for writing (caller's guarantee).
    unsafe { guard(err, body) }
}

/// Frees a stream. NULL is accepted and ignored.
///
/// # Safety
///
/// `stream` is NULL or a stream from `ik_voice_stream_new` that has not been freed yet.
#[no_mangle]
pub unsafe extern "C" fn ik_voice_stream_free(stream: *mut ik_voice_stream) {
    if !stream.is_null() {
        // SAFETY: the caller guarantees `stream` came from `Box::into_raw` in this library and
        // is freed only once.
        drop(unsafe { Box::from_raw(stream) });
    }
}

/// Optional JSON bytes: NULL means none (empty).
///
/// # Safety
///
/// `data` is NULL or points to `len` readable bytes that outlive the returned slice's use.
unsafe fn optional_bytes<'a>(data: *const u8, len: usize) -> Result<&'a [u8], Error> {
    if data.is_null() {
        return Ok(&[]);
    }
    if len > isize::MAX as usize {
        return Err(invalid_argument("options_len", "at most PTRDIFF_MAX bytes"));
    }
    // SAFETY: non-NULL, `len` readable bytes (caller's guarantee), `len` fits in `isize`.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

/// Hands a result string to the caller through `out_json`.
///
/// # Safety
///
/// `out_json` is non-NULL and valid for writes.
unsafe fn write_string(out_json: *mut *mut c_char, output: String) -> Result<(), Error> {
    let output = CString::new(output)
        .map_err(|_| Error::Internal("a result contained a NUL byte".to_string()))?;
    // SAFETY: the caller guarantees `out_json` is non-NULL and valid for writes.
    unsafe { out_json.write(output.into_raw()) };
    Ok(())
}

/// The body shared by the functions taking a file's bytes and options JSON.
///
/// # Safety
///
/// As for `ik_parse_resume_file`.
unsafe fn call_bytes(
    data: *const u8,
    len: usize,
    options_json: *const u8,
    options_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ik_error,
    op: fn(&[u8], &[u8]) -> Result<String, Error>,
) -> ik_status {
    if !out_json.is_null() {
        // SAFETY: the caller guarantees that a non-NULL `out_json` is valid for writes.
        unsafe { out_json.write(ptr::null_mut()) };
    }
    let body = || {
        if data.is_null() {
            return Err(invalid_argument(
                "data",
                "a non-NULL pointer to `len` bytes of the file",
            ));
        }
        if out_json.is_null() {
            return Err(invalid_argument(
                "out_json",
                "a non-NULL `char **` to receive the result",
            ));
        }
        if len > isize::MAX as usize {
            return Err(invalid_argument("len", "at most PTRDIFF_MAX bytes"));
        }
        // SAFETY: `data` is non-NULL and the caller guarantees `len` readable bytes; `len` fits
        // in `isize`. The slice is not used after this call returns.
        let file = unsafe { std::slice::from_raw_parts(data, len) };
        // SAFETY: forwarded from this function's contract.
        let options = unsafe { optional_bytes(options_json, options_len)? };
        let output = op(file, options)?;
        // SAFETY: `out_json` is non-NULL and valid for writes (caller's guarantee).
        unsafe { write_string(out_json, output) }
    };
    // SAFETY: `err` is NULL or valid for writing (caller's guarantee).
    unsafe { guard(err, body) }
}

/// Frees a string returned by this library. NULL is accepted and ignored.
///
/// # Safety
///
/// `s` is NULL or a string this library returned (through an `out_json` parameter) that has
/// not been freed yet. Never pass strings from `malloc` or from `ik_version`.
#[no_mangle]
pub unsafe extern "C" fn ik_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the caller guarantees `s` came from `CString::into_raw` in this library and
        // is freed only once.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// The status code of an error; `IK_OK` when `err` is NULL (no error).
///
/// # Safety
///
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn ik_error_code(err: *const ik_error) -> ik_status {
    // SAFETY: the caller guarantees a non-NULL `err` points to a live `ik_error`.
    match unsafe { err.as_ref() } {
        Some(error) => error.status,
        None => ik_status::IK_OK,
    }
}

/// The error's English message, naming the field or argument and what was expected; NULL when
/// `err` is NULL. Owned by the error: valid until `ik_error_free(err)`, never freed separately.
///
/// # Safety
///
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn ik_error_message(err: *const ik_error) -> *const c_char {
    // SAFETY: the caller guarantees a non-NULL `err` points to a live `ik_error`.
    match unsafe { err.as_ref() } {
        Some(error) => error.message.as_ptr(),
        None => ptr::null(),
    }
}

/// The whole error as compact JSON, the same object on every face:
/// `{"code":N,"name":"…","message":"…"}` plus `"issues":[…]` for `IK_E_INVALID_DOCUMENT`.
/// NULL when `err` is NULL. Owned by the error: valid until `ik_error_free(err)`.
///
/// # Safety
///
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn ik_error_json(err: *const ik_error) -> *const c_char {
    // SAFETY: the caller guarantees a non-NULL `err` points to a live `ik_error`.
    match unsafe { err.as_ref() } {
        Some(error) => error.json.as_ptr(),
        None => ptr::null(),
    }
}

/// Frees an error and the strings it owns. NULL is accepted and ignored.
///
/// # Safety
///
/// `err` is NULL or an error from this library that has not been freed yet.
#[no_mangle]
pub unsafe extern "C" fn ik_error_free(err: *mut ik_error) {
    if !err.is_null() {
        // SAFETY: the caller guarantees `err` came from `Box::into_raw` in this library and is
        // freed only once.
        drop(unsafe { Box::from_raw(err) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn text(p: *const c_char) -> String {
        // SAFETY: the test passes only live NUL-terminated strings from this library.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }

    #[test]
    fn status_equals_error_code_for_every_code() {
        for code in ErrorCode::ALL {
            assert_eq!(ik_status::from(code) as i32, code.as_i32(), "{code}");
            assert_eq!(ErrorCode::from(ik_status::from(code)), code);
            assert_eq!(text(ik_status_name(code.as_i32())), code.name());
        }
        assert_eq!(text(ik_status_name(-1)), "Unknown");
        assert_eq!(text(ik_status_name(ErrorCode::ALL.len() as i32)), "Unknown");
    }

    #[test]
    fn a_panic_becomes_internal_with_an_error_object() {
        let mut err: *mut ik_error = ptr::null_mut();
        // SAFETY: `err` is a valid out-pointer.
        let status = unsafe { guard(&mut err, || panic!("boom")) };
        assert_eq!(status, ik_status::IK_E_INTERNAL);
        assert!(!err.is_null());
        // SAFETY: `err` is live until freed below.
        unsafe {
            assert_eq!(ik_error_code(err), ik_status::IK_E_INTERNAL);
            assert!(text(ik_error_message(err)).contains("boom"));
            let json: serde_json::Value =
                serde_json::from_str(&text(ik_error_json(err))).expect("error JSON");
            assert_eq!(json["name"], "Internal");
            assert_eq!(json["code"], 1);
            ik_error_free(err);
        }
        // NULL err: the status alone.
        // SAFETY: NULL is allowed.
        let status = unsafe { guard(ptr::null_mut(), || panic!("again")) };
        assert_eq!(status, ik_status::IK_E_INTERNAL);
    }

    #[test]
    fn validate_round_trip_through_the_c_entry_point() {
        let input = br#"{"schema_version":1,"kind":"candidate","id":"c-1"}trailing"#;
        let mut out: *mut c_char = ptr::null_mut();
        let mut err: *mut ik_error = ptr::dangling_mut(); // must be reset to NULL
                                                          // SAFETY: valid buffers; the length stops before the trailing bytes.
        let status = unsafe { ik_validate(input.as_ptr(), input.len() - 8, &mut out, &mut err) };
        assert_eq!(status, ik_status::IK_OK);
        assert!(err.is_null());
        assert!(text(out).contains("\"valid\":true"), "{}", text(out));
        // SAFETY: `out` came from the library.
        unsafe { ik_string_free(out) };
    }

    #[test]
    fn runtime_versions_match_cargo() {
        assert_eq!(text(ik_version()), env!("CARGO_PKG_VERSION"));
        assert_eq!(text(ik_version()), interviewkit_core::ENGINE_VERSION);
        assert_eq!(ik_abi_version(), IK_ABI_VERSION);
        assert_eq!(ik_schema_version(), interviewkit_core::SCHEMA_VERSION);
    }
}

// mimalloc serves this face's allocations (cargo feature `mimalloc`, on by default): the resume
// parser allocates many small strings, and glibc's malloc took about a third of its time.
#[cfg(all(feature = "mimalloc", not(target_family = "wasm")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
