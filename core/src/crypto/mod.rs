//! Field-level envelope encryption (AES-256-GCM), key rotation and crypto-shredding.
//!
//! Owns: the envelope format, the keyring format, the default list of sensitive fields, and the
//! AES-256-GCM calls. Must not touch: key storage (the host keeps keys; this module only sees
//! a keyring passed in) or any document content other than the values it is asked to encrypt.
//!
//! Each encrypt call draws one random data-encryption key (DEK), encrypts every selected value
//! with it (a fresh random 96-bit nonce per value) and wraps the DEK with AES-256-GCM under the
//! host's key-encryption key (KEK). Each value is replaced in place by a self-contained envelope:
//!
//! ```json
//! {"$encrypted": {"v": 1, "alg": "A256GCM", "kid": "k2026",
//!                 "dek": "<base64: nonce(12) ‖ wrapped DEK(32) ‖ tag(16)>",
//!                 "iv": "<base64: nonce(12)>", "ct": "<base64: ciphertext ‖ tag(16)>"}}
//! ```
//!
//! The value's plaintext is its compact JSON text, so strings, numbers, objects and arrays all
//! round-trip exactly. The field's AAD binds the document identity (`"<kind>:<id>"`) and the
//! field's JSON pointer; the DEK's AAD binds the key id and the document identity. Destroying a
//! KEK in the keyring (`{"id": "k2025", "destroyed": true}`) makes everything under it
//! unreadable ([`Error::KeyUnavailable`]): crypto-shredding.
//!
//! JSON entry points (shapes in `docs/encryption.md`):
//! - [`encrypt_value`]: `{"document", "keyring", "fields"?, "missing"?, "document_id"?,
//!   "key_id"?}` → document
//! - [`decrypt_value`]: `{"document", "keyring", "document_id"?}` → document
//! - [`rotate_value`]: `{"document", "keyring", "to"?, "reencrypt"?, "document_id"?}` → document
//! - [`generate_key_value`]: `{"id"}` → `{"id", "key"}`
//!
//! ```
//! use interviewkit_core::crypto::{decrypt_value, encrypt_value, generate_key_value};
//! use serde_json::json;
//!
//! let key = generate_key_value(&json!({"id": "k2026"})).unwrap();
//! let keyring = json!({"active": "k2026", "keys": [key]});
//! let doc = json!({"schema_version": 1, "kind": "candidate", "id": "c-1",
//!                  "name": "张伟", "contact": {"email": "zhang.wei@example.com"}});
//! let sealed = encrypt_value(&json!({"document": doc, "keyring": keyring})).unwrap();
//! assert!(sealed["name"]["$encrypted"]["ct"].is_string());
//! assert_eq!(sealed["id"], "c-1");
//! let opened = decrypt_value(&json!({"document": sealed, "keyring": keyring})).unwrap();
//! assert_eq!(opened, doc);
//! ```

mod aead;
pub mod keyring;
pub mod select;

use std::collections::HashMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
pub use keyring::Keyring;
use keyring::{KeyBytes, KEY_BYTES};
pub use select::{default_fields, ENVELOPE_KEY, MEDIA_KEYS};
use select::{format_pointer, get_mut, is_envelope, parse_pointer};

/// The envelope format version written and read.
pub const ENVELOPE_VERSION: u64 = 1;
/// The only algorithm: AES-256-GCM with a 96-bit nonce and a 128-bit tag, for fields and DEKs.
pub const ALG: &str = "A256GCM";

const DEK_LABEL: &str = "interviewkit/dek/v1";
const FIELD_LABEL: &str = "interviewkit/field/v1";

/// What [`encrypt`] does with an explicitly listed field the document does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// Fail with [`Error::InvalidArgument`] naming `fields[i]` (the default: a typo must not
    /// leave data in clear silently).
    #[default]
    Error,
    /// Skip it.
    Skip,
}

/// Options of [`encrypt`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncryptOptions {
    /// Pointer patterns to encrypt (`/contact/email`, `/answers/*/transcript`); `None` for the
    /// kind's [`default_fields`] plus every media reference.
    pub fields: Option<Vec<String>>,
    /// What to do with an explicit field that is absent.
    pub missing: Missing,
    /// The identity to bind instead of `"<kind>:<id>"`.
    pub document_id: Option<String>,
    /// The key to encrypt under instead of the keyring's active key.
    pub key_id: Option<String>,
}

/// The inside of an envelope, `{"$encrypted": Envelope}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Format version, 1.
    pub v: u64,
    /// `A256GCM`.
    pub alg: String,
    /// Id of the key-encryption key the DEK is wrapped under.
    pub kid: String,
    /// Base64 of nonce(12) ‖ AES-256-GCM(KEK, DEK)(32) ‖ tag(16).
    pub dek: String,
    /// Base64 of the field's 12-byte nonce.
    pub iv: String,
    /// Base64 of the field's ciphertext ‖ 16-byte tag.
    pub ct: String,
}

impl Envelope {
    fn to_value(&self) -> Value {
        json!({ENVELOPE_KEY: {"v": self.v, "alg": self.alg, "kid": self.kid,
                              "dek": self.dek, "iv": self.iv, "ct": self.ct}})
    }

    /// Reads `{"$encrypted": {...}}` at `pointer`; a damaged envelope fails its integrity check.
    fn from_value(value: &Value, pointer: &str) -> Result<Envelope> {
        let inner = value.get(ENVELOPE_KEY).and_then(Value::as_object);
        let Some(inner) = inner else {
            return Err(broken(pointer, "not an envelope object"));
        };
        let text = |name: &str| -> Result<String> {
            inner
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| {
                    broken(
                        pointer,
                        &format!("the envelope's `{name}` is missing or not a string"),
                    )
                })
        };
        let v = inner.get("v").and_then(Value::as_u64);
        if v != Some(ENVELOPE_VERSION) {
            return Err(Error::InvalidArgument {
                name: format!("document{pointer}/{ENVELOPE_KEY}/v"),
                expected: format!("envelope version {ENVELOPE_VERSION} (the one this build reads)"),
            });
        }
        let alg = text("alg")?;
        if alg != ALG {
            return Err(Error::InvalidArgument {
                name: format!("document{pointer}/{ENVELOPE_KEY}/alg"),
                expected: format!("\"{ALG}\" (the only algorithm this build reads)"),
            });
        }
        Ok(Envelope {
            v: ENVELOPE_VERSION,
            alg,
            kid: text("kid")?,
            dek: text("dek")?,
            iv: text("iv")?,
            ct: text("ct")?,
        })
    }
}

fn broken(pointer: &str, reason: &str) -> Error {
    Error::IntegrityCheckFailed {
        what: pointer.to_string(),
        reason: reason.to_string(),
    }
}

fn invalid(name: &str, expected: &str) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.to_string(),
    }
}

/// A DEK wrapped under one KEK, ready to be written into envelopes.
struct WrappedDek {
    kid: String,
    dek: KeyBytes,
    wrapped: String,
}

fn wrap_dek(keyring: &Keyring, kid: &str, dek: KeyBytes, identity: &str) -> Result<WrappedDek> {
    let kek = keyring.key(kid)?;
    let nonce = aead::random_nonce()?;
    let aad = aead::frame(&[DEK_LABEL, ALG, kid, identity]);
    let sealed = aead::seal_with_nonce(kek, &nonce, dek.as_slice(), &aad)?;
    let mut blob = nonce.to_vec();
    blob.extend_from_slice(&sealed);
    Ok(WrappedDek {
        kid: kid.to_string(),
        dek,
        wrapped: STANDARD.encode(blob),
    })
}

fn unwrap_dek(
    keyring: &Keyring,
    env: &Envelope,
    identity: &str,
    pointer: &str,
) -> Result<KeyBytes> {
    let kek = keyring.key(&env.kid)?;
    let blob = STANDARD
        .decode(&env.dek)
        .ok()
        .filter(|b| b.len() == aead::NONCE_BYTES + KEY_BYTES + aead::TAG_BYTES)
        .ok_or_else(|| {
            broken(
                pointer,
                "the envelope's `dek` is not base64 of 60 bytes (nonce, wrapped key, tag)",
            )
        })?;
    let (nonce, sealed) = blob.split_at(aead::NONCE_BYTES);
    let nonce: [u8; aead::NONCE_BYTES] = nonce
        .try_into()
        .map_err(|_| broken(pointer, "bad DEK nonce"))?;
    let aad = aead::frame(&[DEK_LABEL, ALG, &env.kid, identity]);
    let plain = aead::open(kek, &nonce, sealed, &aad).ok_or_else(|| {
        broken(
            pointer,
            &format!(
                "the data-encryption key does not unwrap under key `{}`: the keyring holds different key material for this id, or the envelope's `dek` was altered, or the envelope belongs to another document",
                env.kid
            ),
        )
    })?;
    let mut dek = Zeroizing::new([0u8; KEY_BYTES]);
    if plain.len() != KEY_BYTES {
        return Err(broken(
            pointer,
            "the unwrapped data-encryption key is not 32 bytes",
        ));
    }
    dek.copy_from_slice(&plain);
    Ok(dek)
}

fn seal_value(wrapped: &WrappedDek, value: &Value, identity: &str, pointer: &str) -> Result<Value> {
    let plain = Zeroizing::new(
        serde_json::to_vec(value)
            .map_err(|e| Error::Internal(format!("serialising {pointer}: {e}")))?,
    );
    // The plaintext must read back as the same value, or decryption would not be exact.
    let back: Value = serde_json::from_slice(&plain)
        .map_err(|e| Error::Internal(format!("re-reading {pointer}: {e}")))?;
    if &back != value {
        return Err(Error::Internal(format!(
            "the value at {pointer} does not survive a JSON round trip exactly"
        )));
    }
    let nonce = aead::random_nonce()?;
    let aad = aead::frame(&[FIELD_LABEL, ALG, identity, pointer]);
    let ct = aead::seal_with_nonce(&wrapped.dek, &nonce, &plain, &aad)?;
    Ok(Envelope {
        v: ENVELOPE_VERSION,
        alg: ALG.to_string(),
        kid: wrapped.kid.clone(),
        dek: wrapped.wrapped.clone(),
        iv: STANDARD.encode(nonce),
        ct: STANDARD.encode(ct),
    }
    .to_value())
}

/// Unwrapped DEKs by (kid, wrapped DEK), so each is unwrapped once per call.
type DekCache = HashMap<(String, String), KeyBytes>;

fn open_envelope(
    keyring: &Keyring,
    env: &Envelope,
    identity: &str,
    pointer: &str,
    cache: &mut DekCache,
) -> Result<Value> {
    let cache_key = (env.kid.clone(), env.dek.clone());
    if !cache.contains_key(&cache_key) {
        let dek = unwrap_dek(keyring, env, identity, pointer)?;
        cache.insert(cache_key.clone(), dek);
    }
    let dek = cache
        .get(&cache_key)
        .ok_or_else(|| Error::Internal("DEK cache".into()))?;
    let nonce: [u8; aead::NONCE_BYTES] = STANDARD
        .decode(&env.iv)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| broken(pointer, "the envelope's `iv` is not base64 of 12 bytes"))?;
    let ct = STANDARD
        .decode(&env.ct)
        .ok()
        .filter(|b| b.len() >= aead::TAG_BYTES)
        .ok_or_else(|| {
            broken(
                pointer,
                "the envelope's `ct` is not base64 of at least 16 bytes",
            )
        })?;
    let aad = aead::frame(&[FIELD_LABEL, ALG, identity, pointer]);
    let plain = aead::open(dek, &nonce, &ct, &aad).ok_or_else(|| {
        broken(
            pointer,
            "the ciphertext does not authenticate: its `ct` or `iv` was altered, or the envelope was moved here from another field or document",
        )
    })?;
    serde_json::from_slice(&plain).map_err(|_| broken(pointer, "the decrypted value is not JSON"))
}

/// Encrypts the selected values of `document` in place of themselves (see the module docs).
///
/// Values that are already envelopes are left as they are, so encrypting twice changes
/// nothing more. With no explicit `fields`, absent default fields are skipped.
pub fn encrypt(document: &Value, keyring: &Keyring, options: &EncryptOptions) -> Result<Value> {
    if !document.is_object() {
        return Err(invalid("document", "an archive document (a JSON object)"));
    }
    let identity = select::document_identity(document, options.document_id.as_deref())?;
    let kid = keyring.target(options.key_id.as_deref(), "keyring")?;
    let kind = document.get("kind").and_then(Value::as_str).unwrap_or("");
    let protected: [&str; 3] = ["kind", "schema_version", select::id_member(kind)];

    let mut paths: Vec<Vec<String>> = Vec::new();
    match &options.fields {
        Some(fields) => {
            for (i, field) in fields.iter().enumerate() {
                let name = format!("fields[{i}]");
                let pattern = parse_pointer(field).ok_or_else(|| {
                    invalid(&name, "a JSON pointer to a value below the root, such as \"/contact/email\" (`*` matches every element)")
                })?;
                if let [only] = pattern.as_slice() {
                    if protected.contains(&only.as_str()) {
                        return Err(invalid(
                            &name,
                            &format!("a field other than {} (the document's kind, version and id stay readable)", protected.map(|p| format!("/{p}")).join(", ")),
                        ));
                    }
                }
                let found = select::expand(document, &pattern);
                if found.is_empty()
                    && options.missing == Missing::Error
                    && !select::blocked_by_envelope(document, &pattern)
                {
                    return Err(invalid(
                        &name,
                        &format!("a pointer to a value the document has; nothing is at {field} (pass \"missing\": \"skip\" to skip absent fields)"),
                    ));
                }
                paths.extend(found);
            }
        }
        None => {
            for pattern in default_fields(kind) {
                if let Some(p) = parse_pointer(&pattern) {
                    paths.extend(select::expand(document, &p));
                }
            }
            paths.extend(select::media_paths(document));
        }
    }
    let paths = select::outermost(paths);

    let mut out = document.clone();
    let mut wrapped: Option<WrappedDek> = None;
    for path in paths {
        let pointer = format_pointer(&path);
        let Some(slot) = get_mut(&mut out, &path) else {
            continue;
        };
        if is_envelope(slot) {
            continue;
        }
        if select::contains_envelope(slot) {
            return Err(invalid(
                &format!("document{pointer}"),
                "a value with no encrypted value inside it (decrypt the document first, or encrypt the inner fields only)",
            ));
        }
        let w = match wrapped.take() {
            Some(w) => w,
            None => wrap_dek(keyring, &kid, aead::random_key()?, &identity)?,
        };
        *slot = seal_value(&w, slot, &identity, &pointer)?;
        wrapped = Some(w);
    }
    Ok(out)
}

/// Walks `value`, opening every envelope (and any envelope inside a decrypted value).
/// `opened` collects the pointers of the outermost envelopes.
fn open_all(
    value: &mut Value,
    path: &mut Vec<String>,
    ctx: &mut OpenCtx<'_>,
    opened: &mut Vec<Vec<String>>,
    top: bool,
) -> Result<()> {
    if is_envelope(value) {
        let pointer = format_pointer(path);
        let env = Envelope::from_value(value, &pointer)?;
        let mut plain = open_envelope(ctx.keyring, &env, ctx.identity, &pointer, &mut ctx.cache)?;
        open_all(&mut plain, path, ctx, opened, false)?;
        *value = plain;
        if top {
            opened.push(path.clone());
        }
        return Ok(());
    }
    match value {
        Value::Object(obj) => {
            for (k, v) in obj.iter_mut() {
                path.push(k.clone());
                open_all(v, path, ctx, opened, top)?;
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                path.push(i.to_string());
                open_all(v, path, ctx, opened, top)?;
                path.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

struct OpenCtx<'a> {
    keyring: &'a Keyring,
    identity: &'a str,
    cache: DekCache,
}

/// Decrypts every envelope anywhere in `document`, giving back the original exactly.
///
/// Identity comes from the document (`"<kind>:<id>"`) unless `document_id` is given; it must be
/// what was used to encrypt. A document without envelopes comes back unchanged.
pub fn decrypt(document: &Value, keyring: &Keyring, document_id: Option<&str>) -> Result<Value> {
    decrypt_with_paths(document, keyring, document_id).map(|(doc, _)| doc)
}

fn decrypt_with_paths(
    document: &Value,
    keyring: &Keyring,
    document_id: Option<&str>,
) -> Result<(Value, Vec<Vec<String>>)> {
    if !document.is_object() {
        return Err(invalid("document", "an archive document (a JSON object)"));
    }
    let mut out = document.clone();
    let mut opened = Vec::new();
    if !select::contains_envelope(document) {
        return Ok((out, opened));
    }
    let identity = select::document_identity(document, document_id)?;
    let mut ctx = OpenCtx {
        keyring,
        identity: &identity,
        cache: HashMap::new(),
    };
    open_all(&mut out, &mut Vec::new(), &mut ctx, &mut opened, true)?;
    Ok((out, opened))
}

/// Moves every envelope of `document` to key `to` (default: the keyring's active key).
///
/// Without `reencrypt`, each data-encryption key is unwrapped with its old key and wrapped again
/// under the new one; the fields' ciphertexts and nonces stay as they are, and envelopes already
/// under `to` are untouched. With `reencrypt`, the document is decrypted and its previously
/// encrypted fields are encrypted again under a fresh DEK and fresh nonces. Either way the old key
/// may be destroyed afterwards.
pub fn rotate(
    document: &Value,
    keyring: &Keyring,
    to: Option<&str>,
    reencrypt: bool,
    document_id: Option<&str>,
) -> Result<Value> {
    if !document.is_object() {
        return Err(invalid("document", "an archive document (a JSON object)"));
    }
    let kid = keyring.target(to, "keyring")?;
    if !select::contains_envelope(document) {
        return Ok(document.clone());
    }
    let identity = select::document_identity(document, document_id)?;
    if reencrypt {
        let (plain, paths) = decrypt_with_paths(document, keyring, document_id)?;
        let options = EncryptOptions {
            fields: Some(paths.iter().map(|p| format_pointer(p)).collect()),
            missing: Missing::Error,
            document_id: Some(identity),
            key_id: Some(kid),
        };
        return encrypt(&plain, keyring, &options);
    }
    let mut out = document.clone();
    let mut rewrapped: HashMap<(String, String), String> = HashMap::new();
    rewrap_all(
        &mut out,
        &mut Vec::new(),
        keyring,
        &kid,
        &identity,
        &mut rewrapped,
    )?;
    Ok(out)
}

fn rewrap_all(
    value: &mut Value,
    path: &mut Vec<String>,
    keyring: &Keyring,
    kid: &str,
    identity: &str,
    done: &mut HashMap<(String, String), String>,
) -> Result<()> {
    if is_envelope(value) {
        let pointer = format_pointer(path);
        let mut env = Envelope::from_value(value, &pointer)?;
        if env.kid == kid {
            return Ok(());
        }
        let key = (env.kid.clone(), env.dek.clone());
        let wrapped = match done.get(&key) {
            Some(w) => w.clone(),
            None => {
                let dek = unwrap_dek(keyring, &env, identity, &pointer)?;
                let w = wrap_dek(keyring, kid, dek, identity)?.wrapped;
                done.insert(key, w.clone());
                w
            }
        };
        env.kid = kid.to_string();
        env.dek = wrapped;
        *value = env.to_value();
        return Ok(());
    }
    match value {
        Value::Object(obj) => {
            for (k, v) in obj.iter_mut() {
                path.push(k.clone());
                rewrap_all(v, path, keyring, kid, identity, done)?;
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                path.push(i.to_string());
                rewrap_all(v, path, keyring, kid, identity, done)?;
                path.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

/// Every location holding an envelope (outermost only), as JSON pointers in document order.
pub fn encrypted_pointers(document: &Value) -> Vec<String> {
    fn walk(value: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
        if is_envelope(value) {
            out.push(format_pointer(path));
            return;
        }
        match value {
            Value::Object(obj) => {
                for (k, v) in obj {
                    path.push(k.clone());
                    walk(v, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(i.to_string());
                    walk(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(document, &mut Vec::new(), &mut out);
    out
}

/// A freshly generated key-encryption key, in the keyring's entry shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedKey {
    /// The id asked for.
    pub id: String,
    /// Base64 (standard, padded) of 32 random bytes from the operating system.
    pub key: String,
}

/// Generates a random 256-bit key-encryption key named `id`.
pub fn generate_key(id: &str) -> Result<GeneratedKey> {
    let id = keyring::check_key_id(&Value::String(id.to_string()), "id")?;
    let key = aead::random_key()?;
    Ok(GeneratedKey {
        id,
        key: STANDARD.encode(key.as_slice()),
    })
}

// ---------------------------------------------------------------------------------------------
// JSON entry points
// ---------------------------------------------------------------------------------------------

fn request_object<'a>(request: &'a Value, shape: &str) -> Result<&'a Map<String, Value>> {
    request
        .as_object()
        .ok_or_else(|| invalid("request", &format!("an object {shape}")))
}

fn request_document(req: &Map<String, Value>) -> Result<&Value> {
    req.get("document")
        .filter(|d| d.is_object())
        .ok_or_else(|| invalid("document", "an archive document (a JSON object)"))
}

fn request_keyring(req: &Map<String, Value>) -> Result<Keyring> {
    match req.get("keyring") {
        Some(k) => Keyring::from_value(k, "keyring"),
        None => Err(invalid(
            "keyring",
            "a keyring {\"active\": id, \"keys\": [{\"id\", \"key\"}, ...]}",
        )),
    }
}

fn optional_string(req: &Map<String, Value>, name: &str) -> Result<Option<String>> {
    match req.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
        Some(_) => Err(invalid(name, "a non-empty string")),
    }
}

/// JSON entry point: `{"document", "keyring", "fields"?: [pointer, ...], "missing"?:
/// "error"|"skip", "document_id"?, "key_id"?}` → the document with the values encrypted (under
/// `key_id`, default `keyring.active`).
pub fn encrypt_value(request: &Value) -> Result<Value> {
    let req = request_object(request, "{\"document\", \"keyring\", \"fields\"?}")?;
    let document = request_document(req)?;
    let keyring = request_keyring(req)?;
    let fields =
        match req.get("fields") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        f.as_str().map(str::to_string).ok_or_else(|| {
                            invalid(
                                &format!("fields[{i}]"),
                                "a JSON pointer string such as \"/contact/email\"",
                            )
                        })
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
            Some(_) => return Err(invalid(
                "fields",
                "an array of JSON pointers such as [\"/contact/email\", \"/answers/*/transcript\"]",
            )),
        };
    let missing = match req.get("missing").map(|m| m.as_str()) {
        None | Some(Some("error")) => Missing::Error,
        Some(Some("skip")) => Missing::Skip,
        Some(_) => return Err(invalid("missing", "\"error\" or \"skip\"")),
    };
    let options = EncryptOptions {
        fields,
        missing,
        document_id: optional_string(req, "document_id")?,
        key_id: match req.get("key_id") {
            None | Some(Value::Null) => None,
            Some(v) => Some(keyring::check_key_id(v, "key_id")?),
        },
    };
    encrypt(document, &keyring, &options)
}

/// JSON entry point: `{"document", "keyring", "document_id"?}` → the document decrypted.
pub fn decrypt_value(request: &Value) -> Result<Value> {
    let req = request_object(request, "{\"document\", \"keyring\"}")?;
    let document = request_document(req)?;
    let keyring = request_keyring(req)?;
    decrypt(
        document,
        &keyring,
        optional_string(req, "document_id")?.as_deref(),
    )
}

/// JSON entry point: `{"document", "keyring", "to"?: key id, "reencrypt"?: bool,
/// "document_id"?}` → the document with every DEK under `to` (default `keyring.active`).
pub fn rotate_value(request: &Value) -> Result<Value> {
    let req = request_object(request, "{\"document\", \"keyring\", \"to\"?}")?;
    let document = request_document(req)?;
    let keyring = request_keyring(req)?;
    let to = match req.get("to") {
        None | Some(Value::Null) => None,
        Some(v) => Some(keyring::check_key_id(v, "to")?),
    };
    let reencrypt = match req.get("reencrypt") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(invalid("reencrypt", "true or false")),
    };
    rotate(
        document,
        &keyring,
        to.as_deref(),
        reencrypt,
        optional_string(req, "document_id")?.as_deref(),
    )
}

/// JSON entry point: `{"id": "k2027"}` → `{"id": "k2027", "key": "<base64 of 32 random bytes>"}`.
pub fn generate_key_value(request: &Value) -> Result<Value> {
    let req = request_object(request, "{\"id\": key id}")?;
    let id = keyring::check_key_id(req.get("id").unwrap_or(&Value::Null), "id")?;
    let key = generate_key(&id)?;
    Ok(json!({"id": key.id, "key": key.key}))
}
