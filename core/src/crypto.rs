//! Field-level envelope encryption (AES-256-GCM), key rotation and crypto-shredding.

use serde_json::Value;

use crate::error::{Error, Result};

/// JSON entry point (not implemented yet).
pub fn encrypt_value(_request: &Value) -> Result<Value> {
    Err(Error::Internal("encrypt_value: not implemented yet".into()))
}

/// JSON entry point (not implemented yet).
pub fn decrypt_value(_request: &Value) -> Result<Value> {
    Err(Error::Internal("decrypt_value: not implemented yet".into()))
}

/// JSON entry point (not implemented yet).
pub fn rotate_value(_request: &Value) -> Result<Value> {
    Err(Error::Internal("rotate_value: not implemented yet".into()))
}

/// JSON entry point (not implemented yet).
pub fn generate_key_value(_request: &Value) -> Result<Value> {
    Err(Error::Internal("generate_key_value: not implemented yet".into()))
}
