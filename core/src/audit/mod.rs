//! Fairness audit: adverse impact by group (selection and scoring rates, impact ratios,
//! four-fifths flags, Fisher and z tests, bootstrap CIs) and LL144-style reports.

use serde_json::Value;

use crate::error::{Error, Result};

/// JSON entry point (not implemented yet).
pub fn audit_value(_request: &Value) -> Result<Value> {
    Err(Error::Internal("audit_value: not implemented yet".into()))
}

/// JSON entry point (not implemented yet).
pub fn render_value(_request: &Value) -> Result<Value> {
    Err(Error::Internal("render_value: not implemented yet".into()))
}
