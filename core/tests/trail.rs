//! Audit trail: sealing, exact hashes, and detection of edits, reordering and deletions.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use interviewkit_core::trail::{append_value, canonical_json, verify_value, GENESIS};
use interviewkit_core::ErrorCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn events() -> Vec<Value> {
    vec![
        json!({"at": "2026-03-01T09:00:00+08:00", "actor": "hr:li.na", "action": "read", "target": "candidate:c-001"}),
        json!({"at": "2026-03-01T09:05:00+08:00", "actor": "hr:li.na", "action": "change", "target": "candidate:c-001",
               "details": {"field": "/contact/phone", "reason": "候选人更新了电话"}}),
        json!({"at": "2026-03-01T10:00:00+08:00", "actor": "svc:screening", "action": "decide", "target": "application:a-7",
               "details": {"decision": "advance", "score": 3.5, "rank": 2}}),
        json!({"at": "2026-03-02T08:00:00Z", "actor": "hr:wang", "action": "erase", "target": "candidate:c-001"}),
    ]
}

fn build(key: Option<&str>) -> Vec<Value> {
    let mut log: Vec<Value> = Vec::new();
    for e in events() {
        let mut req = json!({"previous": log.last().cloned(), "entry": e});
        if let Some(k) = key {
            req["key"] = json!(k);
        }
        log.push(append_value(&req).unwrap());
    }
    log
}

fn verify(log: &[Value], extra: Value) -> Value {
    let mut req = json!({"entries": log});
    for (k, v) in extra.as_object().unwrap() {
        req[k] = v.clone();
    }
    verify_value(&req).unwrap()
}

fn codes(report: &Value) -> Vec<(Value, String)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["index"].clone(), p["code"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn first_entry_hash_is_sha256_of_the_documented_canonical_text() {
    let e = append_value(&json!({"previous": null, "entry": events()[0]})).unwrap();
    // Written out by hand from the rules in docs/audit-trail.md.
    let canonical = format!(
        r#"{{"action":"read","actor":"hr:li.na","alg":"sha256","at":"2026-03-01T09:00:00+08:00","prev":"{GENESIS}","seq":0,"target":"candidate:c-001"}}"#
    );
    assert_eq!(e["hash"], hex(&Sha256::digest(canonical.as_bytes())));
    assert_eq!(e["seq"], 0);
    assert_eq!(e["prev"], GENESIS);
    assert_eq!(e["alg"], "sha256");
    // The output keeps a readable member order.
    let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["seq", "at", "actor", "action", "target", "alg", "prev", "hash"]
    );
}

#[test]
fn chain_links_and_verifies() {
    let log = build(None);
    for i in 1..log.len() {
        assert_eq!(log[i]["prev"], log[i - 1]["hash"]);
        assert_eq!(log[i]["seq"], i);
    }
    let r = verify(&log, json!({}));
    assert_eq!(r["valid"], true, "{r}");
    assert_eq!(r["length"], 4);
    assert_eq!(r["head"], log[3]["hash"]);
    assert_eq!(r["problems"], json!([]));
    let r = verify(
        &log,
        json!({"expected_length": 4, "expected_head": log[3]["hash"]}),
    );
    assert_eq!(r["valid"], true);
    // Upper-case hex for the expected head is accepted.
    let upper = log[3]["hash"].as_str().unwrap().to_uppercase();
    assert_eq!(verify(&log, json!({"expected_head": upper}))["valid"], true);
}

#[test]
fn editing_any_field_is_detected() {
    let log = build(None);
    for (ptr, new) in [
        ("/actor", json!("hr:someone.else")),
        ("/details/decision", json!("reject")),
        ("/details/score", json!(3.6)),
        ("/at", json!("2026-03-01T10:00:01+08:00")),
    ] {
        let mut t = log.clone();
        *t[2].pointer_mut(ptr).unwrap() = new;
        let r = verify(&t, json!({}));
        assert_eq!(r["valid"], false, "{ptr}");
        assert_eq!(
            codes(&r),
            [(json!(2), "hash_mismatch".to_string())],
            "{ptr}"
        );
    }
    // Recomputing the edited entry's hash just moves the break to the next link.
    let mut t = log.clone();
    t[1]["details"]["reason"] = json!("改过了");
    let resealed = append_value(&json!({"previous": t[0], "entry": {
        "at": t[1]["at"], "actor": t[1]["actor"], "action": t[1]["action"],
        "target": t[1]["target"], "details": t[1]["details"]}}))
    .unwrap();
    t[1] = resealed;
    let r = verify(&t, json!({}));
    assert_eq!(codes(&r), [(json!(2), "prev_mismatch".to_string())]);
}

#[test]
fn reordering_and_deleting_are_detected() {
    let log = build(None);
    let mut swapped = log.clone();
    swapped.swap(1, 2);
    let r = verify(&swapped, json!({}));
    assert_eq!(r["valid"], false);
    let c = codes(&r);
    assert!(c.contains(&(json!(1), "seq_mismatch".into())), "{c:?}");
    assert!(c.contains(&(json!(1), "prev_mismatch".into())), "{c:?}");
    assert!(c.contains(&(json!(2), "prev_mismatch".into())), "{c:?}");

    let mut middle = log.clone();
    middle.remove(1);
    let c = codes(&verify(&middle, json!({})));
    assert_eq!(
        c,
        [
            (json!(1), "seq_mismatch".to_string()),
            (json!(1), "prev_mismatch".to_string())
        ]
    );

    let mut first = log.clone();
    first.remove(0);
    let c = codes(&verify(&first, json!({})));
    assert!(c.contains(&(json!(0), "prev_mismatch".into())), "{c:?}");

    // Cutting the tail leaves a valid chain: only the kept length or head catches it.
    let tail = &log[..3];
    assert_eq!(verify(tail, json!({}))["valid"], true);
    let r = verify(tail, json!({"expected_length": 4}));
    assert_eq!(codes(&r), [(Value::Null, "length_mismatch".to_string())]);
    let r = verify(tail, json!({"expected_head": log[3]["hash"]}));
    assert_eq!(codes(&r), [(Value::Null, "head_mismatch".to_string())]);
}

#[test]
fn hmac_chains_need_the_right_key() {
    let key = STANDARD.encode([7u8; 32]);
    let log = build(Some(&key));
    assert_eq!(log[0]["alg"], "hmac-sha256");
    // The hash is HMAC-SHA256 over the same canonical text.
    let mut body = log[0].clone();
    body.as_object_mut().unwrap().remove("hash");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&[7u8; 32]).unwrap();
    mac.update(canonical_json(&body).as_bytes());
    assert_eq!(log[0]["hash"], hex(&mac.finalize().into_bytes()));

    assert_eq!(verify(&log, json!({"key": key}))["valid"], true);
    let wrong = STANDARD.encode([8u8; 32]);
    let r = verify(&log, json!({"key": wrong}));
    assert_eq!(r["valid"], false);
    assert_eq!(codes(&r).len(), 4);
    assert!(codes(&r).iter().all(|(_, c)| c == "hash_mismatch"));
    let r = verify(&log, json!({}));
    assert!(codes(&r).iter().all(|(_, c)| c == "key_required"), "{r}");
    // A plain-sha256 log verified with a key is flagged: anyone could have recomputed it.
    let plain = build(None);
    let r = verify(&plain, json!({"key": key}));
    assert!(codes(&r).iter().all(|(_, c)| c == "alg_mismatch"), "{r}");
    // Appending needs the same key, and refuses a previous entry that does not check out.
    let next = json!({"at": "2026-03-03T00:00:00Z", "actor": "a", "action": "read", "target": "t"});
    let e = append_value(&json!({"previous": log[3], "entry": next})).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    let e = append_value(&json!({"previous": log[3], "entry": next, "key": wrong})).unwrap_err();
    assert_eq!(e.code(), ErrorCode::IntegrityCheckFailed);
    let mut edited = log[3].clone();
    edited["actor"] = json!("someone");
    let e = append_value(&json!({"previous": edited, "entry": next, "key": key})).unwrap_err();
    assert_eq!(e.code(), ErrorCode::IntegrityCheckFailed);
    assert!(e.to_string().contains("log entry 3"), "{e}");
}

#[test]
fn empty_and_malformed_logs_are_reports() {
    let r = verify(&[], json!({}));
    assert_eq!(
        r,
        json!({"valid": true, "length": 0, "head": GENESIS, "problems": []})
    );
    let r = verify(&[], json!({"expected_length": 0, "expected_head": GENESIS}));
    assert_eq!(r["valid"], true);
    let mut log = build(None);
    log[1].as_object_mut().unwrap().remove("hash");
    log.push(json!("not an entry"));
    let r = verify(&log, json!({}));
    assert_eq!(r["valid"], false);
    assert_eq!(r["head"], Value::Null);
    let c = codes(&r);
    assert!(c.contains(&(json!(1), "malformed".into())), "{c:?}");
    assert!(c.contains(&(json!(4), "malformed".into())), "{c:?}");
    let msg = r["problems"][0]["message"].as_str().unwrap();
    assert!(msg.contains("`hash`"), "{msg}");
}

#[test]
fn bad_requests_are_errors_naming_the_field() {
    let ok = events()[0].clone();
    let cases = [
        (
            json!({"previous": null, "entry": {"at": "yesterday", "actor": "a", "action": "read", "target": "t"}}),
            "entry.at",
        ),
        (
            json!({"previous": null, "entry": {"at": "2026-03-01T09:00:00Z", "action": "read", "target": "t"}}),
            "entry.actor",
        ),
        (
            json!({"previous": null, "entry": {"at": "2026-03-01T09:00:00Z", "actor": "a", "action": "", "target": "t"}}),
            "entry.action",
        ),
        (
            json!({"previous": null, "entry": {"at": "2026-03-01T09:00:00Z", "actor": "a", "action": "read"}}),
            "entry.target",
        ),
        (
            json!({"previous": null, "entry": {"at": "2026-03-01T09:00:00Z", "actor": "a", "action": "read", "target": "t", "details": [1]}}),
            "entry.details",
        ),
        (
            json!({"previous": null, "entry": {"at": "2026-03-01T09:00:00Z", "actor": "a", "action": "read", "target": "t", "who": "x"}}),
            "entry.who",
        ),
        (
            json!({"previous": null, "entry": ok, "key": "c2hvcnQ="}),
            "key",
        ),
        (
            json!({"previous": {"seq": 0}, "entry": ok}),
            "previous.hash",
        ),
        (json!({"previous": null}), "entry"),
    ];
    for (req, name) in cases {
        let e = append_value(&req).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "{req}");
        assert!(e.to_string().contains(&format!("`{name}`")), "{req}: {e}");
    }
    for (req, name) in [
        (json!({}), "entries"),
        (
            json!({"entries": [], "expected_length": -1}),
            "expected_length",
        ),
        (
            json!({"entries": [], "expected_head": "abc"}),
            "expected_head",
        ),
        (json!({"entries": [], "key": 5}), "key"),
    ] {
        let e = verify_value(&req).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "{req}");
        assert!(e.to_string().contains(&format!("`{name}`")), "{req}: {e}");
    }
}
