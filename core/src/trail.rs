//! Audit trail: an append-only, hash-chained log of reads, changes and decisions.

use serde_json::Value;

use crate::error::{Error, Result};

/// JSON entry point (not implemented yet).
pub fn append_value(_request: &Value) -> Result<Value> {
    Err(Error::Internal("append_value: not implemented yet".into()))
}

/// JSON entry point (not implemented yet).
pub fn verify_value(_request: &Value) -> Result<Value> {
    Err(Error::Internal("verify_value: not implemented yet".into()))
}
