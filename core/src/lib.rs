//! # InterviewKit core
//!
//! All of InterviewKit's domain logic, in pure Rust with no binding dependencies. The C library,
//! the Python wheel, the Kotlin/Swift bindings, the WASM package and the CLI are thin faces over
//! this crate: they convert data mechanically and map errors from [`ErrorCode`].
//!
//! Today the core owns the archive schema (v1) of the 360° talent profile:
//!
//! ```
//! use serde_json::json;
//!
//! let doc = json!({"schema_version": 1, "kind": "candidate", "id": "c-1",
//!                  "contact": {"email": "not-an-email"}});
//! let report = interviewkit_core::validate(&doc).unwrap();
//! assert!(!report.valid);
//! assert_eq!(report.issues[0].pointer, "/contact/email");
//! ```
//!
//! Faces call the same functions through [`json`], which takes and returns JSON text.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod analytics;
pub mod audit;
pub mod batch;
pub mod calibration;
pub mod crypto;
pub mod develop;
pub mod error;
pub mod fusion;
pub mod interop;
pub mod interview;
pub mod json;
pub mod matching;
pub mod ner;
pub mod policy;
pub mod potential;
pub mod profile;
pub mod redact;
pub mod report;
pub mod resume;
pub mod schema;
pub mod semantic;
pub mod taxonomy;
pub mod trail;
pub mod views;
pub mod visual;
pub mod voice;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use error::{Error, ErrorCode, Result};
pub use profile::MergeResult;
pub use schema::validate::{Issue, IssueCode, ValidationReport};
pub use schema::{Document, DocumentKind, SCHEMA_VERSION};

/// The engine's version (this crate's package version).
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What this build is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// Engine version, semver (`0.1.0`).
    pub engine_version: String,
    /// The archive schema version written, and the newest read.
    pub schema_version: u32,
}

/// The engine and schema versions.
pub fn version() -> VersionInfo {
    VersionInfo {
        engine_version: ENGINE_VERSION.to_string(),
        schema_version: SCHEMA_VERSION,
    }
}

/// Validates an archive document and reports every problem at once.
///
/// A report comes back for any JSON value; the only error is
/// [`ErrorCode::UnsupportedSchemaVersion`] for a document newer than this build.
pub fn validate(document: &Value) -> Result<ValidationReport> {
    schema::validate::validate_value(document)
}

/// Moves a document to the current schema version (see [`schema::migrate`]) and validates it.
pub fn migrate(document: Value) -> Result<Value> {
    schema::migrate::migrate_value(document)
}

/// Imports a JSON Resume (v1.0.0) document as an archive resume.
pub fn import_json_resume(json_resume: &Value) -> Result<schema::Resume> {
    interop::json_resume::import(json_resume)
}

/// Exports an archive resume as a JSON Resume (v1.0.0) document.
pub fn export_json_resume(resume: &Value) -> Result<Value> {
    interop::json_resume::export_value(resume)
}

/// Assembles 360° profiles from archive documents keyed by candidate id; see [`profile`].
pub fn merge_profiles(documents: &Value) -> Result<MergeResult> {
    profile::merge_value(documents)
}
