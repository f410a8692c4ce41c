//! Role views: deny-by-default field-level masking of archive documents per role.

use serde_json::Value;

use crate::error::{Error, Result};

/// JSON entry point (not implemented yet).
pub fn role_view_value(_request: &Value) -> Result<Value> {
    Err(Error::Internal("role_view_value: not implemented yet".into()))
}
