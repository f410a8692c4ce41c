//! Field-level envelope encryption: round trips, tampering, keyrings, rotation, crypto-shredding.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use interviewkit_core::crypto::{
    decrypt_value, encrypt_value, encrypted_pointers, generate_key_value, rotate_value,
};
use interviewkit_core::{Error, ErrorCode};
use serde_json::{json, Value};

fn key_b64(byte: u8) -> String {
    STANDARD.encode([byte; 32])
}

fn keyring() -> Value {
    json!({"active": "k2026", "keys": [
        {"id": "k2026", "key": key_b64(0x26)},
        {"id": "k2025", "key": key_b64(0x25)}
    ]})
}

fn candidate() -> Value {
    json!({
        "schema_version": 1, "kind": "candidate", "id": "c-001",
        "name": "张伟", "name_alt": "Zhang Wei",
        "contact": {"email": "zhang.wei@example.com", "phone": "+86 138 0013 8000",
                    "wechat_id": "zhangwei_88", "city": "上海"},
        "language": "zh",
        "consents": [{"purpose": "resume_screening", "jurisdiction": "cn",
                      "granted_at": "2026-03-01T09:00:00+08:00"}]
    })
}

fn encrypt(doc: &Value, ring: &Value) -> Value {
    encrypt_value(&json!({"document": doc, "keyring": ring})).unwrap()
}

fn decrypt(doc: &Value, ring: &Value) -> Result<Value, Error> {
    decrypt_value(&json!({"document": doc, "keyring": ring}))
}

fn code(r: Result<Value, Error>) -> (ErrorCode, String) {
    let e = r.unwrap_err();
    (e.code(), e.to_string())
}

#[test]
fn candidate_defaults_round_trip_and_leave_identity_in_clear() {
    let doc = candidate();
    let sealed = encrypt(&doc, &keyring());
    assert_eq!(
        encrypted_pointers(&sealed),
        [
            "/name",
            "/name_alt",
            "/contact/email",
            "/contact/phone",
            "/contact/wechat_id"
        ]
    );
    for keep in [
        "/id",
        "/kind",
        "/schema_version",
        "/contact/city",
        "/language",
        "/consents",
    ] {
        assert_eq!(sealed.pointer(keep), doc.pointer(keep), "{keep}");
    }
    let env = &sealed["name"]["$encrypted"];
    assert_eq!(env["v"], 1);
    assert_eq!(env["alg"], "A256GCM");
    assert_eq!(env["kid"], "k2026");
    assert_eq!(
        STANDARD.decode(env["iv"].as_str().unwrap()).unwrap().len(),
        12
    );
    assert_eq!(
        STANDARD.decode(env["dek"].as_str().unwrap()).unwrap().len(),
        60
    );
    // "张伟" as JSON is 8 bytes ("" + 6 bytes of UTF-8), plus the 16-byte tag.
    assert_eq!(
        STANDARD.decode(env["ct"].as_str().unwrap()).unwrap().len(),
        8 + 16
    );
    // Nothing of the plaintext shows.
    let text = sealed.to_string();
    assert!(!text.contains("张伟") && !text.contains("zhang.wei") && !text.contains("13800"));
    // One DEK per call: every envelope carries the same wrapped DEK, each its own nonce.
    let ptrs = encrypted_pointers(&sealed);
    let deks: Vec<&Value> = ptrs
        .iter()
        .map(|p| &sealed.pointer(p).unwrap()["$encrypted"]["dek"])
        .collect();
    assert!(deks.iter().all(|d| *d == deks[0]));
    let ivs: std::collections::HashSet<String> = ptrs
        .iter()
        .map(|p| sealed.pointer(p).unwrap()["$encrypted"]["iv"].to_string())
        .collect();
    assert_eq!(ivs.len(), ptrs.len());
    assert_eq!(decrypt(&sealed, &keyring()).unwrap(), doc);
}

#[test]
fn every_json_type_round_trips_exactly() {
    let doc = json!({
        "schema_version": 1, "kind": "candidate", "id": "c-types",
        "s": "面试官备注：表现优秀 ✓ \u{1F600} \"quoted\"\n",
        "n": 0.30000000000000004, "big": 18446744073709551615u64, "neg": -42,
        "t": true, "f": false, "z": null, "e": "",
        "o": {"z": 1, "a": [1, 2.5, "三"], "m": {}},
        "a": [null, {"k": "v"}, [], [[1]]]
    });
    let fields = [
        "/s", "/n", "/big", "/neg", "/t", "/f", "/z", "/e", "/o", "/a",
    ];
    let sealed =
        encrypt_value(&json!({"document": doc, "keyring": keyring(), "fields": fields})).unwrap();
    assert_eq!(encrypted_pointers(&sealed), fields);
    let back = decrypt(&sealed, &keyring()).unwrap();
    assert_eq!(back, doc);
    // Member order inside objects survives too.
    assert_eq!(back.to_string(), doc.to_string());
}

#[test]
fn wildcards_media_references_and_profiles() {
    let resume = json!({
        "schema_version": 1, "kind": "resume", "id": "r-1", "candidate_id": "c-1",
        "source": {"file_name": "张伟_简历.pdf", "media_type": "application/pdf"},
        "basics": {"name": "张伟", "email": "zw@example.com", "image": "media:photo-1",
                   "label": "数据分析师",
                   "profiles": [{"network": "GitHub", "username": "zw", "url": "https://github.com/zw"}],
                   "location": {"city": "北京", "address": "朝阳区 1 号"}},
        "experience": [{"organization": "某银行", "title": "客户经理",
                        "url": "https://bank.example", "logo_url": "https://cdn.example/logo.png"}],
        "raw_text": "张伟 数据分析师 ...",
        "attachments": [{"media": {"id": "m-9", "kind": "video"}}]
    });
    let sealed = encrypt(&resume, &keyring());
    assert_eq!(
        encrypted_pointers(&sealed),
        [
            "/source/file_name",
            "/basics/name",
            "/basics/email",
            "/basics/image",
            "/basics/profiles",
            "/basics/location/address",
            "/experience/0/logo_url",
            "/raw_text",
            "/attachments/0/media",
        ]
    );
    // Structured facts used for matching stay readable; an employer's own `url` is not a media ref.
    assert_eq!(sealed["experience"][0]["url"], "https://bank.example");
    assert_eq!(sealed["basics"]["label"], "数据分析师");
    assert_eq!(decrypt(&sealed, &keyring()).unwrap(), resume);

    let interview = json!({
        "schema_version": 1, "kind": "interview", "id": "i-1",
        "answers": [
            {"question_id": "q1", "transcript": "我曾经处理过一次客户投诉……",
             "word_timings": [{"word": "我", "start_ms": 0, "end_ms": 200}],
             "recording_url": "s3://bucket/i-1/q1.webm"},
            {"question_id": "q2", "transcript": "Second answer"}
        ]
    });
    let sealed = encrypt(&interview, &keyring());
    assert_eq!(
        encrypted_pointers(&sealed),
        [
            "/answers/0/transcript",
            "/answers/0/word_timings",
            "/answers/0/recording_url",
            "/answers/1/transcript"
        ]
    );
    assert_eq!(sealed["answers"][1]["question_id"], "q2");

    let profile = json!({
        "schema_version": 1, "kind": "profile", "candidate_id": "c-1",
        "identity": {"name": "张伟", "email": "zw@example.com"},
        "candidates": [candidate()],
        "conflicts": [{"field": "/identity/phone", "kept": "1", "kept_source": "/0/contact/phone",
                       "other": "2", "other_source": "/1/contact/phone"}]
    });
    let sealed = encrypt(&profile, &keyring());
    let ptrs = encrypted_pointers(&sealed);
    for p in [
        "/identity/name",
        "/identity/email",
        "/conflicts/0/kept",
        "/conflicts/0/other",
        "/candidates/0/name",
        "/candidates/0/contact/email",
    ] {
        assert!(ptrs.contains(&p.to_string()), "{p} in {ptrs:?}");
    }
    assert_eq!(sealed["conflicts"][0]["field"], "/identity/phone");
    assert_eq!(decrypt(&sealed, &keyring()).unwrap(), profile);
}

#[test]
fn explicit_fields_missing_protected_and_idempotent() {
    let doc = candidate();
    let req = |fields: Value, extra: Value| {
        let mut r = json!({"document": doc, "keyring": keyring(), "fields": fields});
        for (k, v) in extra.as_object().unwrap() {
            r[k] = v.clone();
        }
        encrypt_value(&r)
    };
    let (c, msg) = code(req(json!(["/contact/emial"]), json!({})));
    assert_eq!(c, ErrorCode::InvalidArgument);
    assert!(
        msg.contains("fields[0]") && msg.contains("/contact/emial"),
        "{msg}"
    );
    let out = req(json!(["/contact/emial"]), json!({"missing": "skip"})).unwrap();
    assert_eq!(out, doc);
    for bad in ["/id", "/kind", "/schema_version"] {
        let (c, msg) = code(req(json!([bad]), json!({})));
        assert_eq!(c, ErrorCode::InvalidArgument, "{bad}");
        assert!(msg.contains("fields[0]"), "{msg}");
    }
    let (c, msg) = code(req(json!(["contact/email"]), json!({})));
    assert_eq!(c, ErrorCode::InvalidArgument);
    assert!(msg.contains("JSON pointer"), "{msg}");
    // Encrypting again leaves existing envelopes alone; an explicit field inside one is fine.
    let once = encrypt(&doc, &keyring());
    assert_eq!(encrypt(&once, &keyring()), once);
    let r = json!({"document": once, "keyring": keyring(), "fields": ["/contact/email"]});
    assert_eq!(encrypt_value(&r).unwrap(), once);
    // A value holding an envelope inside is refused rather than wrapped twice.
    let r = json!({"document": once, "keyring": keyring(), "fields": ["/contact"]});
    let (c, msg) = code(encrypt_value(&r));
    assert_eq!(c, ErrorCode::InvalidArgument);
    assert!(msg.contains("document/contact"), "{msg}");
}

fn flip_b64(s: &str, byte: usize) -> String {
    let mut b = STANDARD.decode(s).unwrap();
    b[byte] ^= 0x01;
    STANDARD.encode(b)
}

#[test]
fn tampering_is_detected() {
    let sealed = encrypt(&candidate(), &keyring());
    for (member, byte) in [
        ("ct", 0),
        ("ct", 23),
        ("iv", 11),
        ("dek", 0),
        ("dek", 20),
        ("dek", 59),
    ] {
        let mut t = sealed.clone();
        let slot = &mut t["contact"]["email"]["$encrypted"][member];
        *slot = json!(flip_b64(slot.as_str().unwrap(), byte));
        let (c, msg) = code(decrypt(&t, &keyring()));
        assert_eq!(
            c,
            ErrorCode::IntegrityCheckFailed,
            "{member}[{byte}]: {msg}"
        );
        assert!(msg.contains("/contact/email"), "{msg}");
    }
    // Swapping two fields' envelopes: each is bound to its own pointer.
    let mut t = sealed.clone();
    let phone = t["contact"]["phone"].clone();
    t["contact"]["phone"] = t["contact"]["email"].clone();
    t["contact"]["email"] = phone;
    let (c, msg) = code(decrypt(&t, &keyring()));
    assert_eq!(c, ErrorCode::IntegrityCheckFailed);
    assert!(
        msg.contains("/contact/email") || msg.contains("/contact/phone"),
        "{msg}"
    );
    // Moving an envelope to another document, or renaming the document, is detected.
    let mut other = candidate();
    other["id"] = json!("c-002");
    let mut other = encrypt(&other, &keyring());
    other["name"] = sealed["name"].clone();
    assert_eq!(
        code(decrypt(&other, &keyring())).0,
        ErrorCode::IntegrityCheckFailed
    );
    let mut renamed = sealed.clone();
    renamed["id"] = json!("c-999");
    assert_eq!(
        code(decrypt(&renamed, &keyring())).0,
        ErrorCode::IntegrityCheckFailed
    );
    // ...unless the host binds an explicit document_id at both ends.
    let r = json!({"document": candidate(), "keyring": keyring(), "document_id": "tenant-7/c-001"});
    let mut s = encrypt_value(&r).unwrap();
    s["id"] = json!("renamed");
    let back = decrypt_value(
        &json!({"document": s, "keyring": keyring(), "document_id": "tenant-7/c-001"}),
    )
    .unwrap();
    assert_eq!(back["name"], "张伟");
    // Truncated or non-base64 fields are integrity failures too, not crashes.
    let mut t = sealed.clone();
    t["name"]["$encrypted"]["iv"] = json!("AAAA");
    assert_eq!(
        code(decrypt(&t, &keyring())).0,
        ErrorCode::IntegrityCheckFailed
    );
    let mut t = sealed.clone();
    t["name"]["$encrypted"]["ct"] = json!("not base64!");
    assert_eq!(
        code(decrypt(&t, &keyring())).0,
        ErrorCode::IntegrityCheckFailed
    );
    let mut t = sealed.clone();
    t["name"]["$encrypted"]["v"] = json!(2);
    assert_eq!(code(decrypt(&t, &keyring())).0, ErrorCode::InvalidArgument);
}

#[test]
fn wrong_missing_and_destroyed_keys() {
    let sealed = encrypt(&candidate(), &keyring());
    // Same id, different key material.
    let wrong = json!({"keys": [{"id": "k2026", "key": key_b64(0x99)}]});
    let (c, msg) = code(decrypt(&sealed, &wrong));
    assert_eq!(c, ErrorCode::IntegrityCheckFailed);
    assert!(msg.contains("k2026") && msg.contains("/name"), "{msg}");
    // The id is not there.
    let missing = json!({"keys": [{"id": "k2025", "key": key_b64(0x25)}]});
    let (c, msg) = code(decrypt(&sealed, &missing));
    assert_eq!(c, ErrorCode::KeyUnavailable);
    assert!(msg.contains("`k2026`"), "{msg}");
    // Destroyed: crypto-shredded.
    let destroyed = json!({"keys": [{"id": "k2026", "destroyed": true}]});
    let (c, msg) = code(decrypt(&sealed, &destroyed));
    assert_eq!(c, ErrorCode::KeyUnavailable);
    assert!(
        msg.contains("k2026") && msg.contains("crypto-shredded"),
        "{msg}"
    );
    // Encrypting under a destroyed active key is refused.
    let ring = json!({"active": "k2026", "keys": [{"id": "k2026", "destroyed": true}]});
    let r = json!({"document": candidate(), "keyring": ring});
    assert_eq!(code(encrypt_value(&r)).0, ErrorCode::KeyUnavailable);
    // A document without envelopes needs no key at all.
    assert_eq!(decrypt(&candidate(), &destroyed).unwrap(), candidate());
}

#[test]
fn keyring_shape_errors_name_the_member() {
    let cases = [
        (
            json!({"active": "k1", "keys": [{"id": "k1", "key": "AAAA"}]}),
            "keyring.keys[0].key",
            "32 bytes",
        ),
        (
            json!({"active": "k1", "keys": [{"id": "k1", "key": "%%%"}]}),
            "keyring.keys[0].key",
            "base64",
        ),
        (
            json!({"active": "k1", "keys": [{"id": "k1"}]}),
            "keyring.keys[0].key",
            "destroyed",
        ),
        (
            json!({"keys": [{"id": "k1", "key": key_b64(1)}, {"id": "k1", "key": key_b64(2)}]}),
            "keyring.keys[1].id",
            "twice",
        ),
        (
            json!({"active": "k9", "keys": [{"id": "k1", "key": key_b64(1)}]}),
            "keyring.active",
            "k9",
        ),
        (
            json!({"keys": [{"id": "k1", "key": key_b64(1), "destroyed": true}]}),
            "keyring.keys[0].key",
            "destroyed",
        ),
        (
            json!({"keys": [{"id": "", "key": key_b64(1)}]}),
            "keyring.keys[0].id",
            "key id",
        ),
        (json!({"keys": "k1"}), "keyring.keys", "array"),
        (json!([]), "keyring", "keyring object"),
        (
            json!({"keys": [{"id": "k1", "key": key_b64(1)}]}),
            "keyring.active",
            "no active key",
        ),
    ];
    for (ring, name, hint) in cases {
        let r = json!({"document": candidate(), "keyring": ring});
        let (c, msg) = code(encrypt_value(&r));
        assert_eq!(c, ErrorCode::InvalidArgument, "{ring}: {msg}");
        assert!(
            msg.contains(&format!("`{name}`")) && msg.contains(hint),
            "{ring}: {msg}"
        );
    }
    // Extra members on an entry (created_at, note) are allowed.
    let ring = json!({"active": "k1", "keys": [{"id": "k1", "key": key_b64(1), "created_at": "2026-01-01"}]});
    assert!(encrypt_value(&json!({"document": candidate(), "keyring": ring})).is_ok());
}

#[test]
fn rotation_rewraps_then_old_key_can_be_destroyed() {
    let old_ring = json!({"active": "k2025", "keys": [{"id": "k2025", "key": key_b64(0x25)}]});
    let sealed = encrypt(&candidate(), &old_ring);
    assert_eq!(sealed["name"]["$encrypted"]["kid"], "k2025");
    let rotated = rotate_value(&json!({"document": sealed, "keyring": keyring()})).unwrap();
    for p in encrypted_pointers(&sealed) {
        let before = &sealed.pointer(&p).unwrap()["$encrypted"];
        let after = &rotated.pointer(&p).unwrap()["$encrypted"];
        assert_eq!(after["kid"], "k2026");
        assert_eq!(after["ct"], before["ct"], "{p}: ciphertext stays");
        assert_eq!(after["iv"], before["iv"], "{p}: nonce stays");
        assert_ne!(after["dek"], before["dek"], "{p}: DEK re-wrapped");
    }
    let shredded_old = json!({"active": "k2026", "keys": [
        {"id": "k2026", "key": key_b64(0x26)}, {"id": "k2025", "destroyed": true}]});
    assert_eq!(decrypt(&rotated, &shredded_old).unwrap(), candidate());
    // Rotating again to the same key changes nothing.
    let again = rotate_value(&json!({"document": rotated, "keyring": shredded_old})).unwrap();
    assert_eq!(again, rotated);
    // Re-encryption: fresh DEK and nonces under the named key, same fields.
    let re = rotate_value(
        &json!({"document": sealed, "keyring": keyring(), "to": "k2026", "reencrypt": true}),
    )
    .unwrap();
    assert_eq!(encrypted_pointers(&re), encrypted_pointers(&sealed));
    assert_ne!(
        re["name"]["$encrypted"]["ct"],
        sealed["name"]["$encrypted"]["ct"]
    );
    assert_eq!(decrypt(&re, &shredded_old).unwrap(), candidate());
    // Rotating away from a destroyed key is impossible: the data is gone.
    let (c, _) = code(rotate_value(
        &json!({"document": sealed, "keyring": shredded_old}),
    ));
    assert_eq!(c, ErrorCode::KeyUnavailable);
    // `to` must be a usable key.
    let (c, msg) = code(rotate_value(
        &json!({"document": sealed, "keyring": keyring(), "to": "k2030"}),
    ));
    assert_eq!(c, ErrorCode::KeyUnavailable);
    assert!(msg.contains("k2030"), "{msg}");
}

#[test]
fn generated_keys_are_32_random_bytes_and_usable() {
    let a = generate_key_value(&json!({"id": "k2027"})).unwrap();
    let b = generate_key_value(&json!({"id": "k2027"})).unwrap();
    assert_eq!(a["id"], "k2027");
    let raw = STANDARD.decode(a["key"].as_str().unwrap()).unwrap();
    assert_eq!(raw.len(), 32);
    assert_ne!(a["key"], b["key"]);
    let ring = json!({"active": "k2027", "keys": [a]});
    let sealed = encrypt(&candidate(), &ring);
    assert_eq!(decrypt(&sealed, &ring).unwrap(), candidate());
    for bad in [
        json!({}),
        json!({"id": ""}),
        json!({"id": 7}),
        json!({"id": " k "}),
    ] {
        assert_eq!(
            code(generate_key_value(&bad)).0,
            ErrorCode::InvalidArgument,
            "{bad}"
        );
    }
}

#[test]
fn documents_need_an_identity() {
    let doc = json!({"schema_version": 1, "kind": "resume", "basics": {"name": "张伟"}});
    let (c, msg) = code(encrypt_value(
        &json!({"document": doc, "keyring": keyring()}),
    ));
    assert_eq!(c, ErrorCode::InvalidArgument);
    assert!(msg.contains("document.id"), "{msg}");
    let r = json!({"document": doc, "keyring": keyring(), "document_id": "resume-upload-1"});
    let sealed = encrypt_value(&r).unwrap();
    let back = decrypt_value(
        &json!({"document": sealed, "keyring": keyring(), "document_id": "resume-upload-1"}),
    )
    .unwrap();
    assert_eq!(back, doc);
    let emp = json!({"schema_version": 1, "kind": "employee_record", "employee_id": "E-1",
                     "performance_reviews": [{"period": "2025", "rating": 4.5, "reviewer": "王经理"}]});
    let sealed = encrypt(&emp, &keyring());
    assert_eq!(
        encrypted_pointers(&sealed),
        [
            "/performance_reviews/0/rating",
            "/performance_reviews/0/reviewer"
        ]
    );
    assert_eq!(decrypt(&sealed, &keyring()).unwrap(), emp);
}

#[test]
fn fixture_keyring_opens_the_independently_built_vector() {
    // tests/vectors/crypto.json was built by tests/fixtures/keys/make_vectors.py with Python's
    // `cryptography` package, from docs/encryption.md alone.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |p: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(root.join(p)).unwrap()).unwrap()
    };
    let ring = read("tests/fixtures/keys/test-keyring.json");
    let vectors = read("tests/vectors/crypto.json");
    let case = &vectors["cases"][0];
    assert_eq!(case["name"], "crypto_decrypt_fixed_envelopes");
    let back = decrypt(&case["input"]["document"], &ring).unwrap();
    assert_eq!(back, case["expect"]);
    assert_eq!(back.to_string(), case["expect"].to_string());
}

#[test]
fn per_person_key_shreds_one_person_only() {
    let ring = json!({"active": "k2026", "keys": [
        {"id": "k2026", "key": key_b64(0x26)}, {"id": "cand-c-001", "key": key_b64(0x01)}]});
    let mine =
        encrypt_value(&json!({"document": candidate(), "keyring": ring, "key_id": "cand-c-001"}))
            .unwrap();
    assert_eq!(mine["name"]["$encrypted"]["kid"], "cand-c-001");
    let mut other = candidate();
    other["id"] = json!("c-002");
    let theirs = encrypt(&other, &ring);
    let shredded = json!({"keys": [
        {"id": "k2026", "key": key_b64(0x26)}, {"id": "cand-c-001", "destroyed": true}]});
    assert_eq!(code(decrypt(&mine, &shredded)).0, ErrorCode::KeyUnavailable);
    assert_eq!(decrypt(&theirs, &shredded).unwrap(), other);
    let r = json!({"document": candidate(), "keyring": ring, "key_id": "nobody"});
    assert_eq!(code(encrypt_value(&r)).0, ErrorCode::KeyUnavailable);
}
