//! Errors: one rich [`Error`] for Rust callers and one stable [`ErrorCode`] that every face maps
//! from (C status codes, Python exception classes, JS `Error.code`, Kotlin exceptions).
//!
//! Owns: the error taxonomy and its numbering. Must not touch: any face's representation.
//!
//! Policy (after Mozilla application-services): internal errors are rich, public errors are few
//! and actionable. Every message names the field or argument and what was expected.

use crate::schema::validate::ValidationReport;

/// Stable numeric error codes shared by every face.
///
/// **Append-only.** A value, once released, never changes meaning; new codes go at the end.
/// `tests` pin every value. `Ok` (0) exists so that C status codes and this enum agree.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    /// Success (C: `IK_OK`). Never carried by an [`Error`].
    Ok = 0,
    /// A bug inside InterviewKit (a caught panic, a broken invariant). Please report it.
    Internal = 1,
    /// An argument was missing or unusable: a NULL pointer, an empty required name, a bad option.
    InvalidArgument = 2,
    /// Text input was not valid UTF-8.
    InvalidUtf8 = 3,
    /// Input was not well-formed JSON, or was nested deeper than the parser allows.
    InvalidJson = 4,
    /// The JSON was well formed but the document breaks the archive schema; see the report.
    InvalidDocument = 5,
    /// The document's `schema_version` is newer than this build understands, or not a version.
    UnsupportedSchemaVersion = 6,
    /// The document's `kind` is not one this operation accepts.
    UnknownDocumentType = 7,
    /// An old document could not be moved to the current schema version.
    MigrationFailed = 8,
    /// Input exceeded a configured limit (size, count).
    LimitExceeded = 9,
    /// A file could not be read or written (CLI and other hosts that touch the filesystem).
    Io = 10,
    /// A key the operation needs is not in the keyring, or was destroyed (crypto-shredding):
    /// the data it protects cannot be read.
    KeyUnavailable = 11,
    /// Authenticated data failed its check: a wrong key, altered ciphertext, a bad HMAC on a
    /// snapshot or a broken hash chain.
    IntegrityCheckFailed = 12,
    /// A jurisdiction policy refuses the request: a prohibited signal category (emotion inference
    /// under `eu`), or a consent, notice or bias audit the policy requires is missing. The message
    /// names the rule (`eu.ai_act.art5_1_f.emotion_recognition_workplace`).
    PolicyViolation = 13,
}

impl ErrorCode {
    /// Every code, in numeric order.
    pub const ALL: [ErrorCode; 14] = [
        ErrorCode::Ok,
        ErrorCode::Internal,
        ErrorCode::InvalidArgument,
        ErrorCode::InvalidUtf8,
        ErrorCode::InvalidJson,
        ErrorCode::InvalidDocument,
        ErrorCode::UnsupportedSchemaVersion,
        ErrorCode::UnknownDocumentType,
        ErrorCode::MigrationFailed,
        ErrorCode::LimitExceeded,
        ErrorCode::Io,
        ErrorCode::KeyUnavailable,
        ErrorCode::IntegrityCheckFailed,
        ErrorCode::PolicyViolation,
    ];

    /// The numeric value every face exposes.
    pub fn as_i32(self) -> i32 {
        self as i32
    }

    /// The code for a number, if there is one.
    pub fn from_i32(value: i32) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_i32() == value)
    }

    /// The stable name (`"InvalidJson"`), used as Python/JS/Kotlin error names and in vectors.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::Ok => "Ok",
            ErrorCode::Internal => "Internal",
            ErrorCode::InvalidArgument => "InvalidArgument",
            ErrorCode::InvalidUtf8 => "InvalidUtf8",
            ErrorCode::InvalidJson => "InvalidJson",
            ErrorCode::InvalidDocument => "InvalidDocument",
            ErrorCode::UnsupportedSchemaVersion => "UnsupportedSchemaVersion",
            ErrorCode::UnknownDocumentType => "UnknownDocumentType",
            ErrorCode::MigrationFailed => "MigrationFailed",
            ErrorCode::LimitExceeded => "LimitExceeded",
            ErrorCode::Io => "Io",
            ErrorCode::KeyUnavailable => "KeyUnavailable",
            ErrorCode::IntegrityCheckFailed => "IntegrityCheckFailed",
            ErrorCode::PolicyViolation => "PolicyViolation",
        }
    }

    /// The code for a stable name, if there is one.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything that can go wrong in InterviewKit.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// See [`ErrorCode::Internal`].
    #[error("internal error: {0} (this is a bug in InterviewKit)")]
    Internal(String),

    /// See [`ErrorCode::InvalidArgument`].
    #[error("invalid argument `{name}`: expected {expected}")]
    InvalidArgument {
        /// The argument's name as the caller sees it.
        name: String,
        /// What would have been accepted.
        expected: String,
    },

    /// See [`ErrorCode::InvalidUtf8`].
    #[error("input is not valid UTF-8: invalid byte sequence at byte offset {valid_up_to}")]
    InvalidUtf8 {
        /// Length of the valid prefix, in bytes.
        valid_up_to: usize,
    },

    /// See [`ErrorCode::InvalidJson`].
    #[error("input is not valid JSON: {message} (line {line}, column {column})")]
    InvalidJson {
        /// The parser's description.
        message: String,
        /// 1-based line, 0 when unknown.
        line: usize,
        /// 1-based column, 0 when unknown.
        column: usize,
    },

    /// See [`ErrorCode::InvalidDocument`]. Carries every problem found, not only the first.
    #[error("{}", invalid_document_message(.0))]
    InvalidDocument(Box<ValidationReport>),

    /// See [`ErrorCode::UnsupportedSchemaVersion`].
    #[error("unsupported schema_version {found}: this build reads versions 0 to {supported} (upgrade InterviewKit to read newer documents)")]
    UnsupportedSchemaVersion {
        /// The value found in the document, as JSON text.
        found: String,
        /// The newest version this build understands.
        supported: u32,
    },

    /// See [`ErrorCode::UnknownDocumentType`].
    #[error("document at {} has kind {found}; expected {expected}", display_pointer(.pointer))]
    UnknownDocumentType {
        /// Where the document sits in the input (JSON pointer, "" for the root).
        pointer: String,
        /// The kind found, as JSON text.
        found: String,
        /// What this operation accepts.
        expected: String,
    },

    /// See [`ErrorCode::MigrationFailed`].
    #[error("cannot migrate {kind} document from schema_version {from}: {reason}")]
    MigrationFailed {
        /// The document kind.
        kind: String,
        /// The version being migrated from.
        from: u32,
        /// Why.
        reason: String,
    },

    /// See [`ErrorCode::LimitExceeded`].
    #[error("{what} is {actual}, above the limit of {limit}")]
    LimitExceeded {
        /// What was measured ("input size in bytes").
        what: String,
        /// The configured limit.
        limit: u64,
        /// The measured value.
        actual: u64,
    },

    /// See [`ErrorCode::Io`].
    #[error("cannot read or write {path}: {message}")]
    Io {
        /// The path involved.
        path: String,
        /// The operating system's description.
        message: String,
    },

    /// See [`ErrorCode::KeyUnavailable`].
    #[error("key `{key_id}` is unavailable: {reason}")]
    KeyUnavailable {
        /// The key id the data names.
        key_id: String,
        /// Why it cannot be used (not in the keyring, destroyed).
        reason: String,
    },

    /// See [`ErrorCode::IntegrityCheckFailed`].
    #[error("integrity check failed for {what}: {reason}")]
    IntegrityCheckFailed {
        /// What was checked (`/contact/email`, `snapshot`, `log entry 3`).
        what: String,
        /// Why it failed.
        reason: String,
    },

    /// See [`ErrorCode::PolicyViolation`].
    #[error("policy violation, rule `{rule}`: {message}")]
    PolicyViolation {
        /// The id of the rule that refused (`cn.pipl.art29.separate_consent_biometrics`).
        rule: String,
        /// What was refused and what would be accepted.
        message: String,
    },
}

fn invalid_document_message(report: &ValidationReport) -> String {
    let n = report.issues.len();
    match report.issues.first() {
        Some(first) if n == 1 => format!(
            "invalid document: {}: {}",
            display_pointer(&first.pointer),
            first.message
        ),
        Some(first) => format!(
            "invalid document: {n} problems; first: {}: {}",
            display_pointer(&first.pointer),
            first.message
        ),
        None => "invalid document".to_string(),
    }
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(document root)"
    } else {
        pointer
    }
}

impl Error {
    /// The stable code every face maps from.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Internal(_) => ErrorCode::Internal,
            Error::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Error::InvalidUtf8 { .. } => ErrorCode::InvalidUtf8,
            Error::InvalidJson { .. } => ErrorCode::InvalidJson,
            Error::InvalidDocument(_) => ErrorCode::InvalidDocument,
            Error::UnsupportedSchemaVersion { .. } => ErrorCode::UnsupportedSchemaVersion,
            Error::UnknownDocumentType { .. } => ErrorCode::UnknownDocumentType,
            Error::MigrationFailed { .. } => ErrorCode::MigrationFailed,
            Error::LimitExceeded { .. } => ErrorCode::LimitExceeded,
            Error::Io { .. } => ErrorCode::Io,
            Error::KeyUnavailable { .. } => ErrorCode::KeyUnavailable,
            Error::IntegrityCheckFailed { .. } => ErrorCode::IntegrityCheckFailed,
            Error::PolicyViolation { .. } => ErrorCode::PolicyViolation,
        }
    }

    /// The validation report behind an [`Error::InvalidDocument`], if this is one.
    pub fn report(&self) -> Option<&ValidationReport> {
        match self {
            Error::InvalidDocument(report) => Some(report),
            _ => None,
        }
    }

    /// A JSON object describing the error, the same on every face:
    /// `{"code": 5, "name": "InvalidDocument", "message": "...", "issues": [...]}`; a
    /// [`Error::PolicyViolation`] also carries `"rule"`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut obj = serde_json::Map::new();
        obj.insert("code".into(), self.code().as_i32().into());
        obj.insert("name".into(), self.code().name().into());
        obj.insert("message".into(), self.to_string().into());
        if let Some(report) = self.report() {
            obj.insert(
                "issues".into(),
                serde_json::to_value(&report.issues).unwrap_or_default(),
            );
        }
        if let Error::PolicyViolation { rule, .. } = self {
            obj.insert("rule".into(), rule.clone().into());
        }
        serde_json::Value::Object(obj)
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
