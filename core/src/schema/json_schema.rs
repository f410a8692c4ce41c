//! JSON Schema (draft 2020-12) for every document type, generated from the Rust types.
//!
//! The committed files under `schema/` are this module's output; a test fails when they drift.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

use super::{
    Candidate, DocumentKind, EmployeeRecord, Interview, JobProfile, Profile, Resume, Scorecard,
};

fn generate<T: JsonSchema>(kind: DocumentKind) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let mut value = schema.to_value();
    if let Value::Object(map) = &mut value {
        // A stable identifier so tools can tell the documents apart.
        let id = format!(
            "https://interviewkit.dev/schema/v{}/{}.schema.json",
            super::SCHEMA_VERSION,
            kind.as_str()
        );
        let mut ordered = serde_json::Map::new();
        if let Some(s) = map.remove("$schema") {
            ordered.insert("$schema".into(), s);
        }
        ordered.insert("$id".into(), Value::String(id));
        ordered.extend(std::mem::take(map));
        *map = ordered;
    }
    value
}

/// The JSON Schema of one document kind.
pub fn json_schema(kind: DocumentKind) -> Value {
    match kind {
        DocumentKind::Candidate => generate::<Candidate>(kind),
        DocumentKind::Resume => generate::<Resume>(kind),
        DocumentKind::JobProfile => generate::<JobProfile>(kind),
        DocumentKind::Interview => generate::<Interview>(kind),
        DocumentKind::Scorecard => generate::<Scorecard>(kind),
        DocumentKind::EmployeeRecord => generate::<EmployeeRecord>(kind),
        DocumentKind::Profile => generate::<Profile>(kind),
    }
}

/// The file name the schema of `kind` is committed under in `schema/`.
pub fn schema_file_name(kind: DocumentKind) -> String {
    format!("{}.schema.json", kind.as_str())
}

/// Compiled validators, built once per process.
pub(crate) fn validator(kind: DocumentKind) -> Option<&'static jsonschema::Validator> {
    static CELLS: [OnceLock<Option<jsonschema::Validator>>; 7] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let idx = DocumentKind::ALL.iter().position(|k| *k == kind)?;
    CELLS[idx]
        .get_or_init(|| {
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&json_schema(kind))
                .ok()
        })
        .as_ref()
}
