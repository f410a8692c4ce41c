//! The archive schema: the 360° talent profile every other module reads and writes.
//!
//! Owns: the document types (version 1), their JSON Schema, validation, and the migration of
//! older documents. Must not touch: scoring, parsing, or any face.
//!
//! Rules every document follows:
//! - snake_case JSON; `"schema_version"` is the first field and `"kind"` the second;
//! - fields the schema does not know are kept (`extra`), so read → write loses nothing;
//! - a `schema_version` newer than [`SCHEMA_VERSION`] is refused with
//!   [`ErrorCode::UnsupportedSchemaVersion`](crate::ErrorCode::UnsupportedSchemaVersion);
//!   an older one is moved forward by [`migrate`](crate::migrate).

pub mod json_schema;
pub mod migrate;
pub mod types;
pub mod validate;

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use types::*;

use crate::error::{Error, Result};
use validate::{Issue, IssueCode, ValidationReport};

/// The archive schema version this build writes, and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The document types of the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentKind {
    /// [`Candidate`].
    Candidate,
    /// [`Resume`].
    Resume,
    /// [`JobProfile`].
    JobProfile,
    /// [`Interview`].
    Interview,
    /// [`Scorecard`].
    Scorecard,
    /// [`EmployeeRecord`].
    EmployeeRecord,
    /// [`Profile`].
    Profile,
}

impl DocumentKind {
    /// Every kind, in a stable order.
    pub const ALL: [DocumentKind; 7] = [
        DocumentKind::Candidate,
        DocumentKind::Resume,
        DocumentKind::JobProfile,
        DocumentKind::Interview,
        DocumentKind::Scorecard,
        DocumentKind::EmployeeRecord,
        DocumentKind::Profile,
    ];

    /// The `kind` string in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Candidate => "candidate",
            DocumentKind::Resume => "resume",
            DocumentKind::JobProfile => "job_profile",
            DocumentKind::Interview => "interview",
            DocumentKind::Scorecard => "scorecard",
            DocumentKind::EmployeeRecord => "employee_record",
            DocumentKind::Profile => "profile",
        }
    }

    /// The kind for a `kind` string.
    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// All `kind` strings joined for messages: `candidate, resume, …`.
    pub fn list() -> String {
        DocumentKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Any archive document, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// A candidate.
    Candidate(Box<Candidate>),
    /// A resume.
    Resume(Box<Resume>),
    /// A job profile.
    JobProfile(Box<JobProfile>),
    /// An interview.
    Interview(Box<Interview>),
    /// A scorecard.
    Scorecard(Box<Scorecard>),
    /// An employee record.
    EmployeeRecord(Box<EmployeeRecord>),
    /// A 360° profile.
    Profile(Box<Profile>),
}

impl Document {
    /// The document's kind.
    pub fn kind(&self) -> DocumentKind {
        match self {
            Document::Candidate(_) => DocumentKind::Candidate,
            Document::Resume(_) => DocumentKind::Resume,
            Document::JobProfile(_) => DocumentKind::JobProfile,
            Document::Interview(_) => DocumentKind::Interview,
            Document::Scorecard(_) => DocumentKind::Scorecard,
            Document::EmployeeRecord(_) => DocumentKind::EmployeeRecord,
            Document::Profile(_) => DocumentKind::Profile,
        }
    }

    /// The document as JSON (`schema_version` first).
    pub fn to_value(&self) -> Value {
        let v = match self {
            Document::Candidate(d) => serde_json::to_value(d),
            Document::Resume(d) => serde_json::to_value(d),
            Document::JobProfile(d) => serde_json::to_value(d),
            Document::Interview(d) => serde_json::to_value(d),
            Document::Scorecard(d) => serde_json::to_value(d),
            Document::EmployeeRecord(d) => serde_json::to_value(d),
            Document::Profile(d) => serde_json::to_value(d),
        };
        // Serialising plain data with string keys cannot fail.
        v.unwrap_or(Value::Null)
    }

    /// Reads a current-version document: validates it completely, then converts it.
    ///
    /// Older documents must go through [`migrate`](crate::migrate) first; this returns
    /// [`Error::InvalidDocument`] listing every problem otherwise.
    pub fn from_value(value: &Value) -> Result<Document> {
        let report = validate::validate_value(value)?;
        if !report.valid {
            return Err(Error::InvalidDocument(Box::new(report)));
        }
        let kind = report.kind.as_deref().and_then(DocumentKind::parse);
        let kind = kind.ok_or_else(|| Error::Internal("valid document without kind".into()))?;
        typed_document(kind, value)
    }
}

/// Converts an already validated value into the typed document of `kind`.
pub(crate) fn typed_document(kind: DocumentKind, value: &Value) -> Result<Document> {
    Ok(match kind {
        DocumentKind::Candidate => Document::Candidate(Box::new(from_valid(value)?)),
        DocumentKind::Resume => Document::Resume(Box::new(from_valid(value)?)),
        DocumentKind::JobProfile => Document::JobProfile(Box::new(from_valid(value)?)),
        DocumentKind::Interview => Document::Interview(Box::new(from_valid(value)?)),
        DocumentKind::Scorecard => Document::Scorecard(Box::new(from_valid(value)?)),
        DocumentKind::EmployeeRecord => Document::EmployeeRecord(Box::new(from_valid(value)?)),
        DocumentKind::Profile => Document::Profile(Box::new(from_valid(value)?)),
    })
}

/// Deserialises a value that passed schema validation. Should serde still disagree (a gap between
/// the generated schema and serde), the problem is reported as an issue, not a panic.
pub(crate) fn from_valid<T: DeserializeOwned>(value: &Value) -> Result<T> {
    T::deserialize(value).map_err(|e| {
        Error::InvalidDocument(Box::new(ValidationReport::from_issues(
            None,
            None,
            vec![Issue::new(
                "",
                IssueCode::InvalidValue,
                e.to_string(),
                e.to_string(),
            )],
        )))
    })
}

/// A JSON pointer as a field path for error messages:
/// `/requirements/skills/0/name` → `.requirements.skills[0].name`.
pub(crate) fn pointer_path(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{seg}]"));
        } else {
            out.push('.');
            out.push_str(&seg);
        }
    }
    out
}
