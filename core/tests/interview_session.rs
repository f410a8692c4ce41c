//! Interview sessions: the state machine, the event outbox, sealed snapshots that survive a
//! reload, tamper and key checks, deadlines and error naming.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use interviewkit_core::interview::plan::interview_plan_value;
use interviewkit_core::interview::session::{
    session_apply_value, session_create_value, session_drain_value, session_verify_value,
    EventType, HostEvent, Snapshot, MAX_OUTBOX,
};
use interviewkit_core::{Error, ErrorCode};
use serde_json::{json, Value};

/// base64 of the 32 bytes "0123456789abcdef0123456789abcdef".
const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
/// base64 of the 16 bytes "another key 16b!".
const OTHER_KEY: &str = "YW5vdGhlciBrZXkgMTZiIQ==";

fn three_question_plan() -> Value {
    json!({"questions": [
        {"question_id": "comm-001", "time_limit_seconds": 180, "competency": "communication",
         "type": "behavioral", "text": {"zh": "请讲一次……", "en": "Tell me about…"}},
        {"question_id": "team-002", "time_limit_seconds": 120, "competency": "teamwork",
         "type": "situational", "text": {"zh": "假如……", "en": "Suppose…"}},
        {"question_id": "cust-001", "time_limit_seconds": 300, "competency": "customer_orientation",
         "type": "scenario", "text": {"zh": "情景模拟……", "en": "Role play…"}}
    ], "seed": 3, "rubric_hash": "ab".repeat(32), "job_id": "job-rm"})
}

fn create_with(extra: Value) -> Value {
    let mut req = json!({"id": "iv-1", "plan": three_question_plan(), "key": KEY,
                         "at": "2026-03-01T09:00:00Z", "candidate_id": "c-1"});
    for (k, v) in extra.as_object().unwrap() {
        req[k] = v.clone();
    }
    session_create_value(&req).unwrap()
}

fn apply(snapshot: &Value, event: Value) -> Value {
    session_apply_value(&json!({"snapshot": snapshot, "key": KEY, "event": event})).unwrap()
}

fn apply_err(snapshot: &Value, event: Value) -> Error {
    session_apply_value(&json!({"snapshot": snapshot, "key": KEY, "event": event})).unwrap_err()
}

fn answer(q: &str, at: &str, transcript: &str) -> Value {
    json!({"type": "answer", "at": at, "question_id": q, "transcript": transcript})
}

fn arg(e: &Error) -> (&str, &str) {
    match e {
        Error::InvalidArgument { name, expected } => (name, expected),
        other => panic!("expected InvalidArgument, got {other}"),
    }
}

fn types(events: &Value) -> Vec<String> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect()
}

fn status(out: &Value) -> &str {
    out["snapshot"]["session"]["state"]["status"]
        .as_str()
        .unwrap()
}

#[test]
fn full_lifecycle_with_pause_and_resume() {
    let created = create_with(json!({"lang": "en"}));
    assert_eq!(types(&created["events"]), ["session.created"]);
    assert_eq!(status(&created), "created");
    assert_eq!(
        created["progress"],
        json!({"answered": 0, "total": 3, "text": "0/3"})
    );
    let mut log: Vec<Value> = created["events"].as_array().unwrap().clone();

    let out = apply(
        &created["snapshot"],
        json!({"type": "start", "at": "2026-03-01T09:01:00Z"}),
    );
    assert_eq!(status(&out), "in_progress");
    assert_eq!(out["next_question"]["question_id"], "comm-001");
    assert_eq!(out["next_question"]["index"], 0);
    assert_eq!(
        out["next_question"]["text"], "Tell me about…",
        "rendered in the session language"
    );
    log.extend(out["events"].as_array().unwrap().clone());

    let out = apply(
        &out["snapshot"],
        answer(
            "comm-001",
            "2026-03-01T09:03:30Z",
            "I led with the conclusion.",
        ),
    );
    assert_eq!(types(&out["events"]), ["answer.submitted"]);
    assert_eq!(out["events"][0]["question_id"], "comm-001");
    assert_eq!(out["progress"]["text"], "1/3");
    assert_eq!(out["next_question"]["question_id"], "team-002");
    log.extend(out["events"].as_array().unwrap().clone());

    let out = apply(
        &out["snapshot"],
        json!({"type": "pause", "at": "2026-03-01T09:04:00Z"}),
    );
    assert_eq!(status(&out), "paused");
    assert!(out.get("next_question").is_none());
    log.extend(out["events"].as_array().unwrap().clone());

    let out = apply(
        &out["snapshot"],
        json!({"type": "resume", "at": "2026-03-01T10:00:00Z"}),
    );
    assert_eq!(status(&out), "in_progress");
    assert_eq!(out["next_question"]["question_id"], "team-002");
    log.extend(out["events"].as_array().unwrap().clone());

    // Answers may come in any order.
    let out = apply(
        &out["snapshot"],
        answer("cust-001", "2026-03-01T10:04:00Z", "您好，先请您坐下……"),
    );
    assert_eq!(out["next_question"]["question_id"], "team-002");
    log.extend(out["events"].as_array().unwrap().clone());
    let out = apply(
        &out["snapshot"],
        answer("team-002", "2026-03-01T10:06:00Z", "I would ask the team."),
    );
    assert_eq!(
        types(&out["events"]),
        ["answer.submitted", "session.completed"]
    );
    assert_eq!(status(&out), "completed");
    assert_eq!(
        out["progress"],
        json!({"answered": 3, "total": 3, "text": "3/3"})
    );
    assert!(out.get("next_question").is_none());
    log.extend(out["events"].as_array().unwrap().clone());

    let seq: Vec<u64> = log
        .iter()
        .map(|e| e["sequence"].as_u64().unwrap())
        .collect();
    assert_eq!(seq, (1..=8).collect::<Vec<u64>>());
    assert_eq!(
        types(&Value::Array(log.clone())),
        [
            "session.created",
            "session.started",
            "answer.submitted",
            "session.paused",
            "session.resumed",
            "answer.submitted",
            "answer.submitted",
            "session.completed"
        ]
    );
    for e in &log {
        assert_eq!(e["session_id"], "iv-1");
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        let expected: &[&str] = if e["type"] == "answer.submitted" {
            &[
                "sequence",
                "type",
                "session_id",
                "at",
                "progress",
                "question_id",
            ]
        } else {
            &["sequence", "type", "session_id", "at", "progress"]
        };
        assert_eq!(keys, expected);
    }
    assert_eq!(log[3]["progress"], json!({"answered": 1, "total": 3}));

    // The outbox holds every undrained event, in order; draining empties it.
    let snap = &out["snapshot"];
    assert_eq!(snap["outbox"], Value::Array(log.clone()));
    assert_eq!(snap["next_sequence"], 9);
    let drained = session_drain_value(&json!({"snapshot": snap, "key": KEY})).unwrap();
    assert_eq!(drained["events"], Value::Array(log));
    assert_eq!(drained["snapshot"]["outbox"], json!([]));
    assert_eq!(drained["snapshot"]["next_sequence"], 9);

    // The session is a valid archive interview document with its answers.
    let session = &drained["snapshot"]["session"];
    let report = interviewkit_core::validate(session).unwrap();
    assert!(report.valid, "{:?}", report.issues);
    assert_eq!(session["kind"], "interview");
    assert_eq!(session["job_id"], "job-rm", "taken from the plan");
    assert_eq!(session["candidate_id"], "c-1");
    let a = &session["answers"];
    assert_eq!(a.as_array().unwrap().len(), 3);
    assert_eq!(a[0]["question_id"], "comm-001");
    assert_eq!(a[0]["started_at"], "2026-03-01T09:01:00Z");
    assert_eq!(a[0]["submitted_at"], "2026-03-01T09:03:30Z");
    assert_eq!(a[0]["over_time"], false, "150 s of 180");
    assert_eq!(a[0]["language"], "en");
    assert_eq!(
        a[1]["started_at"], "2026-03-01T10:00:00Z",
        "measured from the resume"
    );
    assert_eq!(a[2]["question_id"], "team-002");
    assert_eq!(a[2]["over_time"], false, "120 s of 120");
    assert_eq!(session["state"]["updated_at"], "2026-03-01T10:06:00Z");

    // Nothing is allowed after a final status.
    for ev in [
        json!({"type": "resume", "at": "2026-03-01T11:00:00Z"}),
        json!({"type": "abandon", "at": "2026-03-01T11:00:00Z"}),
        answer("comm-001", "2026-03-01T11:00:00Z", "again"),
    ] {
        let e = apply_err(&drained["snapshot"], ev);
        let (name, expected) = arg(&e);
        assert_eq!(name, "event.type");
        assert!(expected.contains("completed"), "{expected}");
    }
    let v = session_verify_value(&json!({"snapshot": drained["snapshot"], "key": KEY})).unwrap();
    assert_eq!(
        v,
        json!({"valid": true, "status": "completed",
                         "progress": {"answered": 3, "total": 3, "text": "3/3"}})
    );
}

#[test]
fn answers_survive_a_reload_from_text_and_stay_final() {
    let created = create_with(json!({}));
    let out = apply(
        &created["snapshot"],
        json!({"type": "start", "at": "2026-03-01T09:01:00Z"}),
    );
    let out = apply(
        &out["snapshot"],
        json!({"type": "answer", "at": "2026-03-01T09:02:00Z",
        "question_id": "comm-001", "transcript": "第一题的回答", "duration_ms": 55000,
        "language": "zh", "word_timings": [{"word": "第一", "start_ms": 0, "end_ms": 400}]}),
    );
    let before = out["snapshot"]["session"]["answers"].clone();
    // The host crashes: all it has is the snapshot text it stored.
    let stored = serde_json::to_string_pretty(&out["snapshot"]).unwrap();
    let reloaded: Value = serde_json::from_str(&stored).unwrap();
    let v = session_verify_value(&json!({"snapshot": reloaded, "key": KEY})).unwrap();
    assert_eq!(v["status"], "in_progress");
    assert_eq!(v["progress"]["text"], "1/3");
    // The same answer cannot be submitted again …
    let e = apply_err(
        &reloaded,
        answer("comm-001", "2026-03-01T09:05:00Z", "a better answer"),
    );
    let (name, expected) = arg(&e);
    assert_eq!(name, "event.question_id");
    assert!(expected.contains("final"), "{expected}");
    // … and the session carries on with the answer intact.
    let out = apply(
        &reloaded,
        answer("team-002", "2026-03-01T09:06:00Z", "second"),
    );
    let out = apply(
        &out["snapshot"],
        json!({"type": "pause", "at": "2026-03-01T09:07:00Z"}),
    );
    let again: Value =
        serde_json::from_str(&serde_json::to_string(&out["snapshot"]).unwrap()).unwrap();
    let out = apply(
        &again,
        json!({"type": "resume", "at": "2026-03-02T09:00:00Z"}),
    );
    let out = apply(
        &out["snapshot"],
        answer("cust-001", "2026-03-02T09:03:00Z", "third"),
    );
    assert_eq!(status(&out), "completed");
    let answers = out["snapshot"]["session"]["answers"].as_array().unwrap();
    assert_eq!(answers[0], before[0]);
    assert_eq!(answers[0]["duration_ms"], 55000);
    assert_eq!(answers[0]["word_timings"][0]["word"], "第一");
    assert_eq!(answers.len(), 3);
}

#[test]
fn snapshots_are_deterministic() {
    let run = || {
        let created = create_with(json!({"deadline": "2026-03-02T09:00:00Z", "lang": "zh"}));
        let out = apply(
            &created["snapshot"],
            json!({"type": "start", "at": "2026-03-01T09:01:00Z"}),
        );
        let out = apply(
            &out["snapshot"],
            answer("comm-001", "2026-03-01T09:02:00Z", "回答"),
        );
        serde_json::to_string(&out).unwrap()
    };
    let a = run();
    assert_eq!(a, run());
    // Key order of the stored snapshot does not matter: the MAC is over canonical JSON.
    let out: Value = serde_json::from_str(&a).unwrap();
    let mut reordered = serde_json::Map::new();
    let snap = out["snapshot"].as_object().unwrap();
    for k in snap.keys().rev() {
        reordered.insert(k.clone(), snap[k].clone());
    }
    let v =
        session_verify_value(&json!({"snapshot": Value::Object(reordered), "key": KEY})).unwrap();
    assert_eq!(v["valid"], true);
    let keys: Vec<&str> = snap.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "format",
            "version",
            "session",
            "deadline",
            "language",
            "outbox",
            "next_sequence",
            "mac"
        ]
    );
    assert_eq!(snap["format"], "interviewkit.session");
    assert_eq!(snap["version"], 1);
    let mac = snap["mac"].as_str().unwrap();
    assert!(
        mac.len() == 64
            && mac
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
}

#[test]
fn tampering_wrong_keys_and_newer_versions_are_refused() {
    let created = create_with(json!({}));
    let out = apply(
        &created["snapshot"],
        json!({"type": "start", "at": "2026-03-01T09:01:00Z"}),
    );
    let out = apply(
        &out["snapshot"],
        answer("comm-001", "2026-03-01T09:02:00Z", "I said yes."),
    );
    let good = out["snapshot"].clone();
    let integrity = |snap: &Value, key: &str| {
        let e = session_verify_value(&json!({"snapshot": snap, "key": key})).unwrap_err();
        assert_eq!(e.code(), ErrorCode::IntegrityCheckFailed, "{e}");
        assert!(matches!(&e, Error::IntegrityCheckFailed { what, .. } if what == "snapshot"));
        let e = session_apply_value(&json!({"snapshot": snap, "key": key,
            "event": {"type": "pause", "at": "2026-03-01T09:03:00Z"}}))
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::IntegrityCheckFailed, "{e}");
    };

    // One character of an answer.
    let mut t = good.clone();
    t["session"]["answers"][0]["transcript"] = json!("I said no.");
    integrity(&t, KEY);
    // A status, the progress, a sequence number.
    let mut t = good.clone();
    t["session"]["state"]["status"] = json!("completed");
    integrity(&t, KEY);
    let mut t = good.clone();
    t["next_sequence"] = json!(1);
    integrity(&t, KEY);
    // A field added.
    let mut t = good.clone();
    t["session"]["answers"][0]["score"] = json!(5);
    integrity(&t, KEY);
    // No MAC, a malformed MAC, a MAC from another snapshot.
    let mut t = good.clone();
    t.as_object_mut().unwrap().remove("mac");
    integrity(&t, KEY);
    let mut t = good.clone();
    t["mac"] = json!("not hex");
    integrity(&t, KEY);
    let mut t = good.clone();
    t["mac"] = created["snapshot"]["mac"].clone();
    integrity(&t, KEY);
    // The right snapshot under another key.
    integrity(&good, OTHER_KEY);

    // A newer snapshot version, or not a snapshot at all.
    let mut t = good.clone();
    t["version"] = json!(2);
    let e = session_verify_value(&json!({"snapshot": t, "key": KEY})).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnsupportedSchemaVersion, "{e}");
    let mut t = good.clone();
    t["version"] = json!(0);
    assert_eq!(
        arg(&session_verify_value(&json!({"snapshot": t, "key": KEY})).unwrap_err()).0,
        "snapshot.version"
    );
    let mut t = good.clone();
    t["format"] = json!("something.else");
    assert_eq!(
        arg(&session_verify_value(&json!({"snapshot": t, "key": KEY})).unwrap_err()).0,
        "snapshot.format"
    );
    assert_eq!(
        arg(&session_verify_value(&json!({"snapshot": "x", "key": KEY})).unwrap_err()).0,
        "snapshot"
    );
    assert_eq!(
        arg(&session_verify_value(&json!({"key": KEY})).unwrap_err()).0,
        "snapshot"
    );

    // The untouched snapshot still verifies.
    assert_eq!(
        session_verify_value(&json!({"snapshot": good, "key": KEY})).unwrap()["valid"],
        true
    );
}

#[test]
fn keys_are_base64_of_at_least_16_bytes() {
    let plan = three_question_plan();
    let create = |key: Value| {
        session_create_value(&json!({"id": "iv", "plan": plan, "key": key,
                                     "at": "2026-03-01T09:00:00Z"}))
    };
    for bad in [
        json!("c2hvcnQ="),
        json!("not base64!"),
        json!(12),
        Value::Null,
        json!("MDEyMzQ1Njc4OWFiY2Rl"),
    ] {
        // the last is 15 bytes
        let e = create(bad.clone()).unwrap_err();
        assert_eq!(arg(&e).0, "key", "{bad}");
    }
    assert!(create(json!(OTHER_KEY)).is_ok(), "16 bytes is enough");
    let e = session_create_value(&json!({"id": "iv", "plan": plan, "at": "2026-03-01T09:00:00Z"}))
        .unwrap_err();
    assert_eq!(arg(&e).0, "key");
    // Typed API: the raw key bytes.
    let created = create(json!(KEY)).unwrap();
    let snap = Snapshot::open(&created["snapshot"], b"0123456789abcdef0123456789abcdef").unwrap();
    assert_eq!(snap.progress().total, 3);
    assert_eq!(
        arg(&Snapshot::open(&created["snapshot"], b"short").unwrap_err()).0,
        "key"
    );
    assert_eq!(
        snap.seal(b"0123456789abcdef0123456789abcdef").unwrap(),
        created["snapshot"]
    );
}

#[test]
fn illegal_transitions_name_the_status_and_what_is_allowed() {
    let created = create_with(json!({}));
    let s0 = &created["snapshot"];
    let check = |snap: &Value, ev: Value, status: &str, allowed: &str| {
        let e = apply_err(snap, ev);
        let (name, expected) = arg(&e);
        assert_eq!(name, "event.type");
        assert!(
            expected.contains(status) && expected.contains(allowed),
            "{expected}"
        );
    };
    check(
        s0,
        answer("comm-001", "2026-03-01T09:01:00Z", "early"),
        "created",
        "start, expire, abandon",
    );
    check(
        s0,
        json!({"type": "pause", "at": "2026-03-01T09:01:00Z"}),
        "created",
        "start",
    );
    check(
        s0,
        json!({"type": "resume", "at": "2026-03-01T09:01:00Z"}),
        "created",
        "start",
    );
    let started = apply(s0, json!({"type": "start", "at": "2026-03-01T09:01:00Z"}));
    let s1 = &started["snapshot"];
    check(
        s1,
        json!({"type": "start", "at": "2026-03-01T09:02:00Z"}),
        "in_progress",
        "answer, pause, complete, expire, abandon",
    );
    check(
        s1,
        json!({"type": "resume", "at": "2026-03-01T09:02:00Z"}),
        "in_progress",
        "pause",
    );
    let paused = apply(s1, json!({"type": "pause", "at": "2026-03-01T09:02:00Z"}));
    let s2 = &paused["snapshot"];
    check(
        s2,
        answer("comm-001", "2026-03-01T09:03:00Z", "while paused"),
        "paused",
        "resume, expire, abandon",
    );
    check(
        s2,
        json!({"type": "pause", "at": "2026-03-01T09:03:00Z"}),
        "paused",
        "resume",
    );
    check(
        s2,
        json!({"type": "complete", "at": "2026-03-01T09:03:00Z"}),
        "paused",
        "resume",
    );
    let e = apply_err(s2, json!({"type": "restart", "at": "2026-03-01T09:03:00Z"}));
    assert_eq!(arg(&e).0, "event.type");

    // Abandon and expire are allowed from a pause; both are final.
    let out = apply(s2, json!({"type": "abandon", "at": "2026-03-01T09:05:00Z"}));
    assert_eq!(status(&out), "abandoned");
    assert_eq!(types(&out["events"]), ["session.abandoned"]);
    check(
        &out["snapshot"],
        json!({"type": "resume", "at": "2026-03-01T09:06:00Z"}),
        "abandoned",
        "final",
    );
    let out = apply(s2, json!({"type": "expire", "at": "2026-03-01T09:05:00Z"}));
    assert_eq!(status(&out), "expired");
    // The host may end a session early.
    let out = apply(
        s1,
        json!({"type": "complete", "at": "2026-03-01T09:05:00Z"}),
    );
    assert_eq!(status(&out), "completed");
    assert_eq!(
        out["events"][0]["progress"],
        json!({"answered": 0, "total": 3})
    );
}

#[test]
fn bad_answers_and_times_are_refused_without_changing_anything() {
    let created = create_with(json!({}));
    let started = apply(
        &created["snapshot"],
        json!({"type": "start", "at": "2026-03-01T09:01:00Z"}),
    );
    let s = &started["snapshot"];
    let e = apply_err(s, answer("comm-999", "2026-03-01T09:02:00Z", "x"));
    let (name, expected) = arg(&e);
    assert_eq!(name, "event.question_id");
    assert!(
        expected.contains("comm-001, team-002, cust-001"),
        "{expected}"
    );
    assert_eq!(
        arg(&apply_err(
            s,
            answer("comm-001", "2026-03-01T09:02:00Z", "  \n")
        ))
        .0,
        "event.transcript"
    );
    assert_eq!(
        arg(&apply_err(
            s,
            json!({"type": "answer", "at": "2026-03-01T09:02:00Z", "question_id": "comm-001"})
        ))
        .0,
        "event.transcript"
    );
    assert_eq!(
        arg(&apply_err(
            s,
            json!({"type": "answer", "at": "2026-03-01T09:02:00Z", "transcript": "x"})
        ))
        .0,
        "event.question_id"
    );
    let e = apply_err(
        s,
        answer("comm-001", "2026-03-01T09:00:30Z", "before the start"),
    );
    let (name, expected) = arg(&e);
    assert_eq!(name, "event.at");
    assert!(expected.contains("2026-03-01T09:01:00Z"), "{expected}");
    // The same instant in another offset is not earlier.
    assert!(session_apply_value(&json!({"snapshot": s, "key": KEY,
        "event": answer("comm-001", "2026-03-01T17:01:00+08:00", "same instant")}))
    .is_ok());
    assert_eq!(
        arg(&apply_err(s, answer("comm-001", "yesterday", "x"))).0,
        "event.at"
    );
    assert_eq!(arg(&apply_err(s, json!({"type": "pause"}))).0, "event.at");
    assert_eq!(
        arg(&apply_err(
            s,
            json!({"type": "pause", "at": "2026-03-01T09:02:00Z", "question_id": "comm-001"})
        ))
        .0,
        "event.question_id"
    );
    assert_eq!(arg(&apply_err(s, json!({"type": "answer", "at": "2026-03-01T09:02:00Z", "question_id": "comm-001", "transcript": "x", "score": 3}))).0, "event.score");
    assert_eq!(arg(&apply_err(s, json!({"type": "answer", "at": "2026-03-01T09:02:00Z", "question_id": "comm-001", "transcript": "x", "duration_ms": -5}))).0, "event.duration_ms");
    assert_eq!(arg(&apply_err(s, json!({"type": "answer", "at": "2026-03-01T09:02:00Z", "question_id": "comm-001", "transcript": "x",
        "word_timings": [{"word": "a", "start_ms": 0, "end_ms": 10}, {"word": "b", "start_ms": 20, "end_ms": 5}]}))).0, "event.word_timings[1].end_ms");
    assert_eq!(
        arg(&session_apply_value(&json!({"snapshot": s, "key": KEY})).unwrap_err()).0,
        "event"
    );
    assert_eq!(arg(&session_apply_value(&json!({"snapshot": s, "key": KEY, "event": {"type": "pause", "at": "2026-03-01T09:02:00Z"}, "extra": 1})).unwrap_err()).0, "extra");
}

#[test]
fn time_limits_are_recorded_not_enforced() {
    let created = create_with(json!({}));
    let out = apply(
        &created["snapshot"],
        json!({"type": "start", "at": "2026-03-01T09:00:00Z"}),
    );
    // 200 s elapsed for a 180 s question.
    let out = apply(
        &out["snapshot"],
        answer("comm-001", "2026-03-01T09:03:20Z", "long"),
    );
    let a = &out["snapshot"]["session"]["answers"][0];
    assert_eq!(a["over_time"], true);
    assert!(
        a.get("duration_ms").is_none(),
        "not invented when the host did not measure it"
    );
    // The host's own measurement wins over the elapsed time.
    let out = apply(
        &out["snapshot"],
        json!({"type": "answer", "at": "2026-03-01T09:30:00Z",
        "question_id": "team-002", "transcript": "measured", "duration_ms": 90000}),
    );
    let a = &out["snapshot"]["session"]["answers"][1];
    assert_eq!(a["over_time"], false);
    assert_eq!(a["duration_ms"], 90000);
    let out = apply(
        &out["snapshot"],
        json!({"type": "answer", "at": "2026-03-01T09:31:00Z",
        "question_id": "cust-001", "transcript": "measured", "duration_ms": 300001}),
    );
    assert_eq!(out["snapshot"]["session"]["answers"][2]["over_time"], true);
}

#[test]
fn an_event_after_the_deadline_expires_the_session_instead() {
    let created = create_with(json!({"deadline": "2026-03-01T10:00:00Z"}));
    let out = apply(
        &created["snapshot"],
        json!({"type": "start", "at": "2026-03-01T09:01:00Z"}),
    );
    let out = apply(
        &out["snapshot"],
        answer("comm-001", "2026-03-01T10:00:00Z", "just in time"),
    );
    assert_eq!(
        out["progress"]["answered"], 1,
        "an event at the deadline itself counts"
    );
    let late = apply(
        &out["snapshot"],
        answer("team-002", "2026-03-01T10:00:01Z", "too late"),
    );
    assert_eq!(status(&late), "expired");
    assert_eq!(types(&late["events"]), ["session.expired"]);
    assert_eq!(
        late["events"][0]["at"], "2026-03-01T10:00:00Z",
        "expired at the deadline"
    );
    assert_eq!(late["events"][0]["sequence"], 4);
    assert_eq!(late["rejected"]["type"], "answer");
    assert_eq!(late["rejected"]["code"], "deadline_passed");
    assert!(late["rejected"]["message_zh"]
        .as_str()
        .unwrap()
        .contains("截止"));
    assert_eq!(
        late["progress"]["text"], "1/3",
        "the late answer is not recorded"
    );
    assert_eq!(
        late["snapshot"]["session"]["answers"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        late["snapshot"]["session"]["state"]["updated_at"],
        "2026-03-01T10:00:00Z"
    );
    assert!(late.get("next_question").is_none());
    // Expired is final.
    let e = apply_err(
        &late["snapshot"],
        json!({"type": "resume", "at": "2026-03-01T10:05:00Z"}),
    );
    assert!(arg(&e).1.contains("expired"));
    // A paused session expires too, and an explicit expire after the deadline is applied as is.
    let paused = apply(
        &out["snapshot"],
        json!({"type": "pause", "at": "2026-03-01T10:00:00Z"}),
    );
    let late = apply(
        &paused["snapshot"],
        json!({"type": "resume", "at": "2026-03-02T08:00:00Z"}),
    );
    assert_eq!(status(&late), "expired");
    assert_eq!(late["rejected"]["type"], "resume");
    let exp = apply(
        &paused["snapshot"],
        json!({"type": "expire", "at": "2026-03-02T08:00:00Z"}),
    );
    assert_eq!(status(&exp), "expired");
    assert!(exp.get("rejected").is_none());
    assert_eq!(exp["events"][0]["at"], "2026-03-02T08:00:00Z");
}

#[test]
fn create_errors_name_the_field() {
    let base = json!({"id": "iv", "plan": three_question_plan(), "key": KEY, "at": "2026-03-01T09:00:00Z"});
    let with = |k: &str, v: Value| {
        let mut r = base.clone();
        r[k] = v;
        session_create_value(&r).unwrap_err()
    };
    let mut dup = three_question_plan();
    dup["questions"][2]["question_id"] = json!("comm-001");
    let e = with("plan", dup);
    assert_eq!(arg(&e).0, "plan.questions[2].question_id");
    assert_eq!(
        arg(&with("plan", json!({"questions": []}))).0,
        "plan.questions"
    );
    assert_eq!(arg(&with("plan", json!({"seed": 1}))).0, "plan.questions");
    assert_eq!(arg(&with("plan", json!("p"))).0, "plan");
    let mut zero = three_question_plan();
    zero["questions"][1]["time_limit_seconds"] = json!(0);
    assert_eq!(
        arg(&with("plan", zero)).0,
        "plan.questions[1].time_limit_seconds"
    );
    let mut no_id = three_question_plan();
    no_id["questions"][0]
        .as_object_mut()
        .unwrap()
        .remove("question_id");
    assert_eq!(arg(&with("plan", no_id)).0, "plan.questions[0].question_id");
    let mut big = three_question_plan();
    big["questions"] = Value::Array(
        (0..201)
            .map(|i| json!({"question_id": format!("q{i}")}))
            .collect(),
    );
    assert_eq!(with("plan", big).code(), ErrorCode::LimitExceeded);
    assert_eq!(arg(&with("id", json!(""))).0, "id");
    assert_eq!(arg(&with("id", json!(7))).0, "id");
    assert_eq!(arg(&with("at", json!("2026-03-01 09:00"))).0, "at");
    assert_eq!(
        arg(&with("deadline", json!("2026-02-28T09:00:00Z"))).0,
        "deadline"
    );
    assert_eq!(arg(&with("deadline", json!("soon"))).0, "deadline");
    assert_eq!(arg(&with("lang", json!("de"))).0, "lang");
    assert_eq!(arg(&with("candidate_id", json!(""))).0, "candidate_id");
    assert_eq!(arg(&with("mood", json!("good"))).0, "mood");
}

#[test]
fn a_generated_plan_runs_as_a_session() {
    let job = json!({"schema_version": 1, "kind": "job_profile", "id": "job-da", "title": "数据分析师",
                     "role_family": "data_analyst"});
    let plan =
        interview_plan_value(&json!({"job": job, "count": 5, "seed": 2, "lang": "zh"})).unwrap();
    let created = session_create_value(&json!({"id": "iv-da", "plan": plan, "key": KEY,
        "at": "2026-03-01T09:00:00Z", "deadline": "2026-03-01T12:00:00Z"}))
    .unwrap();
    assert_eq!(created["snapshot"]["language"], "zh", "from the plan");
    assert_eq!(created["snapshot"]["session"]["job_id"], "job-da");
    let mut out = apply(
        &created["snapshot"],
        json!({"type": "start", "at": "2026-03-01T09:00:00Z"}),
    );
    let mut minute = 0;
    while let Some(next) = out.get("next_question").cloned() {
        assert!(next["text"].is_string());
        assert_eq!(
            next["question_id"],
            plan["questions"][next["index"].as_u64().unwrap() as usize]["question_id"]
        );
        minute += 3;
        out = apply(
            &out["snapshot"],
            answer(
                next["question_id"].as_str().unwrap(),
                &format!("2026-03-01T09:{minute:02}:00Z"),
                "我会先看数据口径是否一致。",
            ),
        );
    }
    assert_eq!(status(&out), "completed");
    assert_eq!(out["progress"]["text"], "5/5");
    let answers = out["snapshot"]["session"]["answers"].as_array().unwrap();
    assert!(answers.iter().all(|a| a["language"] == "zh"));
    assert_eq!(
        out["snapshot"]["outbox"].as_array().unwrap().len(),
        1 + 1 + 5 + 1
    );
}

#[test]
fn drained_events_are_not_delivered_twice_and_numbering_continues() {
    let created = create_with(json!({}));
    let d1 = session_drain_value(&json!({"snapshot": created["snapshot"], "key": KEY})).unwrap();
    assert_eq!(types(&d1["events"]), ["session.created"]);
    let d2 = session_drain_value(&json!({"snapshot": d1["snapshot"], "key": KEY})).unwrap();
    assert_eq!(d2["events"], json!([]));
    let out = apply(
        &d2["snapshot"],
        json!({"type": "start", "at": "2026-03-01T09:01:00Z"}),
    );
    assert_eq!(out["events"][0]["sequence"], 2);
    assert_eq!(out["snapshot"]["outbox"].as_array().unwrap().len(), 1);
    // A drained snapshot cannot be passed off as undrained: the outbox is sealed too.
    let mut forged = d2["snapshot"].clone();
    forged["outbox"] = created["snapshot"]["outbox"].clone();
    let e = session_drain_value(&json!({"snapshot": forged, "key": KEY})).unwrap_err();
    assert_eq!(e.code(), ErrorCode::IntegrityCheckFailed);
}

#[test]
fn an_undrained_outbox_has_a_limit() {
    let created = create_with(json!({}));
    let key = b"0123456789abcdef0123456789abcdef";
    let mut snap = Snapshot::open(&created["snapshot"], key).unwrap();
    let event = |i: u32| HostEvent {
        event_type: match i {
            0 => EventType::Start,
            _ if i % 2 == 1 => EventType::Pause,
            _ => EventType::Resume,
        },
        at: format!("2026-03-01T10:{:02}:{:02}Z", i / 60, i % 60),
        answer: None,
    };
    // start, then pause/resume pairs without draining.
    let mut i = 0u32;
    let err = loop {
        if let Err(e) = snap.apply(&event(i)) {
            break e;
        }
        i += 1;
    };
    assert!(
        matches!(&err, Error::LimitExceeded { limit, .. } if *limit == MAX_OUTBOX as u64),
        "{err}"
    );
    assert!(snap.outbox.len() > MAX_OUTBOX - 2 && snap.outbox.len() <= MAX_OUTBOX);
    let drained = snap.drain();
    assert_eq!(
        drained.len() as u32,
        i + 1,
        "session.created plus one event per transition"
    );
    assert!(drained
        .windows(2)
        .all(|w| w[1].sequence == w[0].sequence + 1));
    assert!(snap.apply(&event(i)).is_ok());
    // Sealing and opening give the same state back.
    let sealed = snap.seal(key).unwrap();
    assert_eq!(Snapshot::open(&sealed, key).unwrap(), snap);
}
