//! The keyring: key-encryption keys (KEKs) by id, which one is active, which were destroyed.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{Map, Value};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

/// Length of every key (KEK and DEK) in bytes: AES-256.
pub const KEY_BYTES: usize = 32;

/// A 256-bit key that is wiped from memory when dropped.
pub type KeyBytes = Zeroizing<[u8; KEY_BYTES]>;

/// One keyring entry: an id and its key material, or none when the key was destroyed.
pub struct KeyEntry {
    /// The key id every envelope names (`kid`).
    pub id: String,
    /// The key, or `None` for a destroyed key (crypto-shredded).
    material: Option<KeyBytes>,
}

impl std::fmt::Debug for KeyEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyEntry")
            .field("id", &self.id)
            .field("destroyed", &self.material.is_none())
            .finish()
    }
}

/// The host's key-encryption keys, parsed from
/// `{"active": "k2026", "keys": [{"id": "k2026", "key": "<base64 of 32 bytes>"},
/// {"id": "k2025", "destroyed": true}]}`.
///
/// A destroyed key keeps its entry (so that errors can say the data was crypto-shredded rather
/// than "unknown key") but carries no `key`. Other members of an entry (`created_at`, `note`)
/// are allowed and ignored.
#[derive(Debug)]
pub struct Keyring {
    /// The id new data is encrypted under, if the keyring names one.
    pub active: Option<String>,
    /// Every entry, in the order given.
    pub keys: Vec<KeyEntry>,
}

/// Checks a key id: 1–128 characters, no control characters or whitespace at either end.
pub(crate) fn check_key_id(id: &Value, name: &str) -> Result<String> {
    let expected = "a key id: a non-empty string of at most 128 characters without control characters or surrounding spaces";
    match id.as_str() {
        Some(s)
            if !s.is_empty()
                && s.chars().count() <= 128
                && !s.chars().any(char::is_control)
                && s.trim() == s =>
        {
            Ok(s.to_string())
        }
        _ => Err(invalid(name, expected)),
    }
}

fn invalid(name: &str, expected: &str) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.to_string(),
    }
}

/// Decodes standard base64 (with padding) of exactly 32 bytes, wiping the temporary buffer.
pub(crate) fn decode_key(text: &str) -> Option<KeyBytes> {
    let mut bytes = STANDARD.decode(text.trim()).ok()?;
    let out = if bytes.len() == KEY_BYTES {
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        key.copy_from_slice(&bytes);
        Some(key)
    } else {
        None
    };
    bytes.zeroize();
    out
}

impl Keyring {
    /// Parses and checks a keyring; `name` is how the caller calls it (`keyring`), used in errors
    /// such as ``invalid argument `keyring.keys[1].key`: expected base64 of 32 bytes``.
    pub fn from_value(value: &Value, name: &str) -> Result<Keyring> {
        let obj = value.as_object().ok_or_else(|| {
            invalid(
                name,
                "a keyring object {\"active\": id, \"keys\": [{\"id\", \"key\"}, ...]}",
            )
        })?;
        let keys_value = obj.get("keys").ok_or_else(|| {
            invalid(
                &format!("{name}.keys"),
                "an array of keys [{\"id\": ..., \"key\": \"<base64 of 32 bytes>\"}]",
            )
        })?;
        let list = keys_value.as_array().ok_or_else(|| {
            invalid(
                &format!("{name}.keys"),
                "an array of keys [{\"id\": ..., \"key\": \"<base64 of 32 bytes>\"}]",
            )
        })?;
        let mut keys: Vec<KeyEntry> = Vec::with_capacity(list.len());
        for (i, entry) in list.iter().enumerate() {
            let at = format!("{name}.keys[{i}]");
            let e: &Map<String, Value> = entry.as_object().ok_or_else(|| {
                invalid(
                    &at,
                    "a key object {\"id\": ..., \"key\": \"<base64 of 32 bytes>\"} or {\"id\": ..., \"destroyed\": true}",
                )
            })?;
            let id = check_key_id(e.get("id").unwrap_or(&Value::Null), &format!("{at}.id"))?;
            if keys.iter().any(|k| k.id == id) {
                return Err(invalid(
                    &format!("{at}.id"),
                    &format!("a key id used once in the keyring; `{id}` appears twice"),
                ));
            }
            let destroyed = match e.get("destroyed") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => return Err(invalid(&format!("{at}.destroyed"), "true or false")),
            };
            let material = match (e.get("key"), destroyed) {
                (Some(Value::Null) | None, true) => None,
                (Some(_), true) => {
                    return Err(invalid(
                        &format!("{at}.key"),
                        "no key material on a destroyed key: remove `key` to destroy it, or `destroyed` to keep it",
                    ))
                }
                (Some(Value::String(s)), false) => Some(decode_key(s).ok_or_else(|| {
                    invalid(&format!("{at}.key"), "base64 of 32 bytes (a 256-bit key)")
                })?),
                (Some(_) | None, false) => {
                    return Err(invalid(
                        &format!("{at}.key"),
                        "base64 of 32 bytes (a 256-bit key), or `\"destroyed\": true` for a destroyed key",
                    ))
                }
            };
            keys.push(KeyEntry { id, material });
        }
        let active = match obj.get("active") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let id = check_key_id(v, &format!("{name}.active"))?;
                if !keys.iter().any(|k| k.id == id) {
                    return Err(invalid(
                        &format!("{name}.active"),
                        &format!("the id of a key in {name}.keys; `{id}` is not there"),
                    ));
                }
                Some(id)
            }
        };
        Ok(Keyring { active, keys })
    }

    /// The key material for `id`: [`Error::KeyUnavailable`] when it is absent or destroyed.
    pub fn key(&self, id: &str) -> Result<&[u8; KEY_BYTES]> {
        match self.keys.iter().find(|k| k.id == id) {
            Some(KeyEntry {
                material: Some(m), ..
            }) => Ok(m),
            Some(_) => Err(Error::KeyUnavailable {
                key_id: id.to_string(),
                reason: "the key was destroyed, so the data encrypted under it has been crypto-shredded and cannot be recovered".into(),
            }),
            None => Err(Error::KeyUnavailable {
                key_id: id.to_string(),
                reason: "no key with this id is in the keyring (add it, or the data cannot be read)".into(),
            }),
        }
    }

    /// The id to encrypt under: `to` when given (it must be in the keyring), else `active`.
    pub fn target(&self, to: Option<&str>, name: &str) -> Result<String> {
        let id = match to {
            Some(id) => id.to_string(),
            None => self.active.clone().ok_or_else(|| {
                invalid(
                    &format!("{name}.active"),
                    "the id of the key to encrypt under (the keyring has no active key)",
                )
            })?,
        };
        self.key(&id)?;
        Ok(id)
    }
}
