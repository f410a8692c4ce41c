//! Blind screening: removes personal data (name, gender, age, photo, marital status,
//! ethnicity, native place, ID numbers, optionally schools) from resumes and profiles.

use serde_json::Value;

use crate::error::{Error, Result};

/// JSON entry point (not implemented yet).
pub fn redact_value(_request: &Value) -> Result<Value> {
    Err(Error::Internal("redact_value: not implemented yet".into()))
}
