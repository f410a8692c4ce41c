//! The policy gate: jurisdiction profiles, consent, notices, bias audits, custom profiles and
//! retention.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use interviewkit_core::policy::{
    check, classify, policy_check_value, policy_profile_value, retention_due, Category,
    CheckRequest, DropReason, OnMissing, Profile, SignalRef,
};
use interviewkit_core::schema::types::{ConsentPurpose, ConsentRecord, Timestamp};
use interviewkit_core::{Error, ErrorCode};
use serde_json::{json, Map, Value};

const AT: &str = "2026-03-10T09:00:00Z";

fn sig(category: &str, name: &str) -> Value {
    json!({"category": category, "name": name, "value": 0.5})
}

fn consent(purpose: &str) -> Value {
    json!({"purpose": purpose, "jurisdiction": "x", "granted_at": "2026-03-01T09:00:00Z"})
}

/// The rule a refusal names (and checks the error is a PolicyViolation naming it in the text).
fn refused(req: Value) -> String {
    let e = policy_check_value(&req).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PolicyViolation, "{e}");
    let json = e.to_json();
    assert_eq!(json["code"], 13);
    assert_eq!(json["name"], "PolicyViolation");
    match e {
        Error::PolicyViolation { rule, message } => {
            assert!(!message.is_empty());
            assert_eq!(json["rule"], rule.as_str());
            assert!(json["message"].as_str().unwrap().contains(&rule));
            rule
        }
        other => panic!("{other:?}"),
    }
}

fn invalid_name(e: Error) -> String {
    match e {
        Error::InvalidArgument { name, .. } => name,
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn eu_refuses_affect_naming_the_rule() {
    const RULE: &str = "eu.ai_act.art5_1_f.emotion_recognition_workplace";
    for s in [
        sig("visual", "emotion_happiness"),
        sig("voice", "arousal"),
        sig("visual", "smile_ratio"),
        sig("visual", "mouthSmileLeft"),
        sig("affect", "engagement"),
    ] {
        // Even with every consent there is.
        let req = json!({
            "policy": "eu",
            "signals": [sig("content", "answer_score"), s],
            "consents": [consent("biometric_analysis"), consent("ai_interview_scoring")],
            "at": AT,
        });
        assert_eq!(refused(req.clone()), RULE);
        // Prohibition is not softened by "missing_consent": "drop".
        let mut drop = req;
        drop["missing_consent"] = json!("drop");
        assert_eq!(refused(drop), RULE);
    }
    let e = policy_check_value(&json!({
        "policy": "eu", "signals": [sig("content", "a"), sig("voice", "valence")], "at": AT,
    }))
    .unwrap_err();
    assert!(e.to_string().contains("signals[1] `valence`"), "{e}");
}

#[test]
fn eu_voice_needs_consent() {
    let base = json!({
        "policy": "eu",
        "signals": [sig("content", "answer_score"), sig("voice", "pause_ratio"), sig("visual", "gaze_at_camera_ratio")],
        "at": AT,
    });
    assert_eq!(
        refused(base.clone()),
        "eu.gdpr.art9_2_a.explicit_consent_biometrics"
    );
    let mut ok = base.clone();
    ok["consents"] = json!([consent("biometric_analysis")]);
    let out = policy_check_value(&ok).unwrap();
    assert_eq!(
        names(&out["allowed"]),
        ["answer_score", "pause_ratio", "gaze_at_camera_ratio"]
    );
    assert_eq!(out["dropped"], json!([]));
    assert_eq!(out["medium"], "video");
    assert_eq!(out["policy"]["id"], "eu");
    assert_eq!(out["policy"]["hash"].as_str().unwrap().len(), 64);
    let req0 = &out["requirements"][0];
    assert_eq!(req0["rule"], "eu.gdpr.art9_2_a.explicit_consent_biometrics");
    assert_eq!(req0["satisfied"], true);
    assert_eq!(req0["evidence"], json!(["consents[0]"]));
    // The AI Act notice is informational: listed, not enforced, not satisfied.
    let n = &out["required_notices"][0];
    assert_eq!(n["rule"], "eu.ai_act.art26_11.inform_candidates");
    assert_eq!(n["enforced"], false);
    assert_eq!(n["satisfied"], false);
    // With "drop", the voice and visual signals are dropped instead.
    let mut drop = base;
    drop["missing_consent"] = json!("drop");
    let out = policy_check_value(&drop).unwrap();
    assert_eq!(names(&out["allowed"]), ["answer_score"]);
    let d = &out["dropped"];
    assert_eq!(d[0]["index"], 1);
    assert_eq!(d[0]["reason"], "requirement_not_met");
    assert_eq!(d[0]["rule"], "eu.gdpr.art9_2_a.explicit_consent_biometrics");
    assert!(d[0]["message"]["zh"]
        .as_str()
        .unwrap()
        .contains("pause_ratio"));
    assert_eq!(d[1]["signal"], "gaze_at_camera_ratio");
}

#[test]
fn cn_needs_separate_biometric_consent() {
    const RULE: &str = "cn.pipl.art29.separate_consent_biometrics";
    let req = |consents: Value| {
        json!({"policy": "cn", "signals": [sig("content", "answer_score"), sig("voice", "pitch_mean_hz")],
               "consents": consents, "at": AT})
    };
    assert_eq!(refused(req(json!([]))), RULE);
    // A general consent is not the separate one.
    assert_eq!(refused(req(json!([consent("ai_interview_scoring")]))), RULE);
    let out = policy_check_value(&req(json!([
        consent("ai_interview_scoring"),
        consent("biometric_analysis")
    ])))
    .unwrap();
    assert_eq!(names(&out["allowed"]), ["answer_score", "pitch_mean_hz"]);
    assert_eq!(out["requirements"][0]["evidence"], json!(["consents[1]"]));
    // Content alone needs no biometric consent.
    let out = policy_check_value(
        &json!({"policy": "cn", "signals": [sig("content", "answer_score")], "at": AT}),
    )
    .unwrap();
    assert_eq!(names(&out["allowed"]), ["answer_score"]);
    // cn permits affect, behind the same separate consent.
    assert_eq!(
        refused(json!({"policy": "cn", "signals": [sig("affect", "valence")], "at": AT})),
        RULE
    );
}

#[test]
fn consent_must_be_live_and_in_scope() {
    let req = |c: Value| json!({"policy": "cn", "signals": [sig("voice", "pause_ratio")], "consents": [c], "at": AT});
    // Withdrawn before `at`: does not count, and the message says so.
    let mut withdrawn = consent("biometric_analysis");
    withdrawn["withdrawn_at"] = json!("2026-03-05T00:00:00Z");
    let e = policy_check_value(&req(withdrawn.clone())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PolicyViolation);
    assert!(e.to_string().contains("withdrawn"), "{e}");
    // Withdrawn exactly at `at`: gone too.
    withdrawn["withdrawn_at"] = json!(AT);
    assert!(policy_check_value(&req(withdrawn.clone())).is_err());
    // Withdrawn after `at`: it still counted at `at`.
    withdrawn["withdrawn_at"] = json!("2026-04-01T00:00:00+08:00");
    assert!(policy_check_value(&req(withdrawn)).is_ok());
    // Granted after `at`.
    let mut later = consent("biometric_analysis");
    later["granted_at"] = json!("2026-03-11T00:00:00Z");
    let e = policy_check_value(&req(later)).unwrap_err();
    assert!(e.to_string().contains("granted after"), "{e}");
    // A scope that names only video does not cover voice; one that names audio does.
    let mut scoped = consent("biometric_analysis");
    scoped["scope"] = json!(["video"]);
    let e = policy_check_value(&req(scoped.clone())).unwrap_err();
    assert!(e.to_string().contains("scope"), "{e}");
    scoped["scope"] = json!(["Audio", "video"]);
    assert!(policy_check_value(&req(scoped)).is_ok());
    // withdrawn_at before granted_at is bad data, named.
    let mut bad = consent("biometric_analysis");
    bad["withdrawn_at"] = json!("2026-02-01T00:00:00Z");
    assert_eq!(
        invalid_name(policy_check_value(&req(bad)).unwrap_err()),
        "consents[0].withdrawn_at"
    );
}

#[test]
fn us_il_needs_notice_and_consent() {
    const RULE: &str = "us_il.aivia.820_5.notice_and_consent";
    let req = |consents: Value| {
        json!({"policy": "us-il", "signals": [sig("content", "answer_score"), sig("visual", "head_movement")],
               "consents": consents, "at": AT})
    };
    assert_eq!(refused(req(json!([]))), RULE);
    // Consent without the notice it was given under is not enough.
    let e = policy_check_value(&req(json!([consent("biometric_analysis")]))).unwrap_err();
    assert!(e.to_string().contains("notice_version"), "{e}");
    // A visual signal makes the medium video, so content scoring needs its own notice + consent.
    let mut bio = consent("biometric_analysis");
    bio["notice_version"] = json!("il-aivia-2026-01");
    assert_eq!(refused(req(json!([bio.clone()]))), RULE);
    let mut scoring = consent("ai_interview_scoring");
    scoring["notice_version"] = json!("il-aivia-2026-01");
    let out = policy_check_value(&req(json!([bio, scoring]))).unwrap();
    assert_eq!(names(&out["allowed"]), ["answer_score", "head_movement"]);
    let notices = out["required_notices"].as_array().unwrap();
    assert_eq!(notices.len(), 2);
    assert!(notices
        .iter()
        .all(|n| n["rule"] == RULE && n["satisfied"] == true));
    // A typed (text) interview in Illinois: content needs nothing.
    let out = policy_check_value(
        &json!({"policy": "us-il", "signals": [sig("content", "answer_score")], "at": AT}),
    )
    .unwrap();
    assert_eq!(out["medium"], "text");
    assert_eq!(out["requirements"], json!([]));
    // …unless the host says the answers were on video.
    assert_eq!(
        refused(
            json!({"policy": "us-il", "signals": [sig("content", "answer_score")], "medium": "video", "at": AT})
        ),
        RULE
    );
}

#[test]
fn us_nyc_needs_notice_and_a_recent_bias_audit() {
    let base = json!({"policy": "us-nyc", "signals": [sig("content", "answer_score")], "at": AT});
    assert_eq!(refused(base.clone()), "us_nyc.ll144.notice");
    let mut with_notice = base.clone();
    with_notice["notices"] =
        json!([{"notice": "aedt_use", "given_at": "2026-02-20T09:00:00Z", "version": "v2"}]);
    assert_eq!(refused(with_notice.clone()), "us_nyc.ll144.bias_audit");
    let mut old = with_notice.clone();
    old["bias_audit"] =
        json!({"reference": "https://example.com/audit-2024", "date": "2025-03-09"});
    assert_eq!(refused(old), "us_nyc.ll144.bias_audit");
    let mut ok = with_notice.clone();
    ok["bias_audit"] = json!({"reference": "https://example.com/audit-2025", "date": "2025-03-10"});
    let out = policy_check_value(&ok).unwrap();
    assert_eq!(names(&out["allowed"]), ["answer_score"]);
    assert_eq!(out["required_notices"][0]["notice"], "aedt_use");
    assert_eq!(out["required_notices"][0]["satisfied"], true);
    assert_eq!(out["requirements"][1]["evidence"], json!(["bias_audit"]));
    // A notice given after `at` does not count.
    let mut late = ok.clone();
    late["notices"][0]["given_at"] = json!("2026-03-11T09:00:00Z");
    assert_eq!(refused(late), "us_nyc.ll144.notice");
}

#[test]
fn default_is_content_only_and_drops_the_rest() {
    let out = policy_check_value(&json!({
        "policy": "default",
        "signals": [
            sig("voice", "speech_rate_wpm"),
            sig("content", "answer_score"),
            sig("visual", "gaze_at_camera_ratio"),
            sig("visual", "emotion_joy"),
            {"category": "content", "name": "star_count", "value": 3, "question_id": "q1", "provenance": {"engine_version": "x"}},
        ],
        "at": AT,
    }))
    .unwrap();
    assert_eq!(names(&out["allowed"]), ["answer_score", "star_count"]);
    // Allowed signals come back unchanged (extra fields too).
    assert_eq!(out["allowed"][1]["provenance"]["engine_version"], "x");
    let dropped = out["dropped"].as_array().unwrap();
    assert_eq!(dropped.len(), 3);
    for (d, i) in dropped.iter().zip([0, 2, 3]) {
        assert_eq!(d["index"], i);
        assert_eq!(d["reason"], "category_not_permitted");
        assert_eq!(d["rule"], "default.content_only");
    }
    assert_eq!(dropped[2]["categories"], json!(["visual", "affect"]));
    assert!(dropped[0]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("does not permit voice"));
}

#[test]
fn rust_api_from_archive_records() {
    let profile = Profile::builtin("eu", "policy").unwrap();
    let record = ConsentRecord {
        purpose: ConsentPurpose::BiometricAnalysis,
        scope: vec!["voice".into()],
        jurisdiction: "eu".into(),
        granted_at: Timestamp("2026-03-01T09:00:00Z".into()),
        withdrawn_at: None,
        notice_version: None,
        extra: Map::new(),
    };
    let request = CheckRequest {
        signals: vec![
            SignalRef {
                category: Category::Voice,
                name: "pause_ratio".into(),
            },
            SignalRef {
                category: Category::Visual,
                name: "head_movement".into(),
            },
        ],
        consents: vec![record],
        notices: Vec::new(),
        bias_audit: None,
        at: Timestamp(AT.into()),
        medium: None,
        on_missing: OnMissing::Drop,
    };
    let decision = check(&profile, &request).unwrap();
    assert_eq!(decision.allowed, [0]);
    assert_eq!(decision.dropped.len(), 1);
    assert_eq!(decision.dropped[0].index, 1);
    assert_eq!(decision.dropped[0].reason, DropReason::RequirementNotMet);
    assert_eq!(
        classify(Category::Voice, "emotion_anger"),
        [Category::Voice, Category::Affect]
    );
}

#[test]
fn custom_profiles() {
    let custom = json!({
        "id": "acme-eu",
        "version": "3",
        "categories": {
            "content": "allowed",
            "voice": {"status": "allowed"},
            "visual": {"status": "prohibited", "rule": "acme.no_video_analysis",
                       "reason": {"zh": "本公司不分析视频。", "en": "We do not analyse video."}},
            "affect": "not_permitted",
        },
        "requirements": [
            {"rule": "acme.voice_consent", "kind": "consent", "categories": ["voice"],
             "purpose": "biometric_analysis", "description": {"zh": "语音需同意。", "en": "Voice needs consent."}}
        ],
        "retention_days": {"transcript": 30, "audio": 7},
    });
    let req = |signals: Value| json!({"policy": custom, "signals": signals, "at": AT, "consents": [consent("biometric_analysis")]});
    let e = policy_check_value(&req(json!([sig("visual", "head_movement")]))).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PolicyViolation);
    assert!(e.to_string().contains("We do not analyse video."));
    assert_eq!(
        refused(req(json!([sig("visual", "head_movement")]))),
        "acme.no_video_analysis"
    );
    let out = policy_check_value(&req(json!([
        sig("voice", "pause_ratio"),
        sig("voice", "valence")
    ])))
    .unwrap();
    assert_eq!(names(&out["allowed"]), ["pause_ratio"]);
    // A string status gets a rule named after the profile and category.
    assert_eq!(out["dropped"][0]["rule"], "acme_eu.categories.affect");
    assert_eq!(
        out["policy"],
        json!({"id": "acme-eu", "version": "3", "hash": out["policy"]["hash"]})
    );
    assert_eq!(out["retention"]["audio"]["days"], 7);

    // The full profile, and its hash round-trips.
    let full = policy_profile_value(&json!({"policy": custom})).unwrap();
    assert_eq!(
        full["categories"]["content"],
        json!({"status": "allowed", "rule": "acme_eu.categories.content"})
    );
    assert_eq!(full["requirements"][0]["enforce"], true);
    assert!(policy_profile_value(&json!({"policy": full.clone()})).is_ok());
    let mut tampered = full.clone();
    tampered["retention_days"]["audio"] = json!(700);
    assert_eq!(
        invalid_name(policy_profile_value(&json!({"policy": tampered})).unwrap_err()),
        "policy.hash"
    );

    // Errors name the field.
    let bad = |edit: &dyn Fn(&mut Value)| {
        let mut p = custom.clone();
        edit(&mut p);
        invalid_name(policy_profile_value(&json!({"policy": p})).unwrap_err())
    };
    assert_eq!(
        bad(&|p| {
            p["categories"].as_object_mut().unwrap().remove("affect");
        }),
        "policy.categories.affect"
    );
    assert_eq!(
        bad(&|p| p["categories"]["voice"]["status"] = json!("maybe")),
        "policy.categories.voice.status"
    );
    assert_eq!(
        bad(&|p| p["categories"]["smell"] = json!("allowed")),
        "policy.categories.smell"
    );
    assert_eq!(bad(&|p| p["id"] = json!("eu")), "policy.id");
    assert_eq!(bad(&|p| p["id"] = json!("ACME")), "policy.id");
    assert_eq!(
        bad(&|p| {
            p.as_object_mut().unwrap().remove("version");
        }),
        "policy.version"
    );
    assert_eq!(bad(&|p| p["colour"] = json!("red")), "policy.colour");
    assert_eq!(
        bad(&|p| {
            p["requirements"][0]
                .as_object_mut()
                .unwrap()
                .remove("purpose");
        }),
        "policy.requirements[0].purpose"
    );
    assert_eq!(
        bad(&|p| p["requirements"][0]["purpose"] = json!("fun")),
        "policy.requirements[0].purpose"
    );
    assert_eq!(
        bad(&|p| p["requirements"][0]["kind"] = json!("notice")),
        "policy.requirements[0].notice"
    );
    assert_eq!(
        bad(&|p| p["requirements"][0]["max_age_days"] = json!(30)),
        "policy.requirements[0].max_age_days"
    );
    assert_eq!(
        bad(&|p| p["requirements"][0]["categories"] = json!([])),
        "policy.requirements[0].categories"
    );
    assert_eq!(
        bad(&|p| p["requirements"][0]["categories"] = json!(["voice", "voice"])),
        "policy.requirements[0].categories[1]"
    );
    assert_eq!(
        bad(&|p| p["requirements"][0]["media"] = json!(["vhs"])),
        "policy.requirements[0].media[0]"
    );
    assert_eq!(
        bad(&|p| p["requirements"][0]["rule"] = json!("Has Spaces")),
        "policy.requirements[0].rule"
    );
    assert_eq!(
        bad(&|p| {
            p["requirements"][0]
                .as_object_mut()
                .unwrap()
                .remove("description");
        }),
        "policy.requirements[0].description"
    );
    assert_eq!(
        bad(&|p| p["requirements"][0]["description"]["zh"] = json!(" ")),
        "policy.requirements[0].description.zh"
    );
    assert_eq!(
        bad(&|p| p["retention_days"]["audio"] = json!(0)),
        "policy.retention_days.audio"
    );
    assert_eq!(
        bad(&|p| p["retention_days"]["audio"] = json!(1.5)),
        "policy.retention_days.audio"
    );
    assert_eq!(
        bad(&|p| p["retention_days"]["Audio Files"] = json!(3)),
        "policy.retention_days.Audio Files"
    );
    assert_eq!(
        invalid_name(policy_profile_value(&json!({"policy": "mars"})).unwrap_err()),
        "policy"
    );
    assert_eq!(
        invalid_name(policy_profile_value(&json!({"policy": 3})).unwrap_err()),
        "policy"
    );
}

#[test]
fn builtin_profiles_are_complete() {
    for id in Profile::builtin_ids() {
        let p = policy_profile_value(&json!({"policy": id})).unwrap();
        assert_eq!(p["id"], *id);
        for c in ["content", "voice", "visual", "affect"] {
            assert!(p["categories"][c]["status"].is_string(), "{id} {c}");
        }
        for cat in [
            "transcript",
            "audio",
            "video",
            "voice_signals",
            "visual_signals",
            "scores",
        ] {
            assert!(
                p["retention_days"][cat].as_u64().unwrap() >= 1,
                "{id} {cat}"
            );
        }
        assert!(p["name"]["zh"].is_string() && p["name"]["en"].is_string());
    }
    let eu = policy_profile_value(&json!({"policy": "eu"})).unwrap();
    assert_eq!(eu["categories"]["affect"]["status"], "prohibited");
    let default = policy_profile_value(&json!({"policy": "default"})).unwrap();
    for c in ["voice", "visual", "affect"] {
        assert_eq!(default["categories"][c]["status"], "not_permitted");
    }
}

#[test]
fn retention_timers() {
    let eu = Profile::builtin("eu", "policy").unwrap();
    let collected = Timestamp("2026-01-01T00:00:00Z".into());
    // eu keeps video 30 days.
    assert!(!retention_due(
        &eu,
        "video",
        &collected,
        &Timestamp("2026-01-30T23:59:59Z".into())
    )
    .unwrap());
    assert!(retention_due(
        &eu,
        "video",
        &collected,
        &Timestamp("2026-01-31T00:00:00Z".into())
    )
    .unwrap());
    assert!(!retention_due(
        &eu,
        "transcript",
        &collected,
        &Timestamp("2026-01-31T00:00:00Z".into())
    )
    .unwrap());
    let e = retention_due(&eu, "dna", &collected, &collected).unwrap_err();
    assert!(e.to_string().contains("transcript"), "{e}");
    assert_eq!(invalid_name(e), "category");
    assert_eq!(
        invalid_name(
            retention_due(&eu, "video", &Timestamp("noon".into()), &collected).unwrap_err()
        ),
        "collected_at"
    );
    // Through policy_check: delete_by and due per data category.
    let out = policy_check_value(&json!({
        "policy": "eu", "signals": [], "at": "2026-02-15T00:00:00Z",
        "collected_at": "2026-01-01T08:00:00+08:00",
    }))
    .unwrap();
    let r = &out["retention"];
    assert_eq!(
        r["video"],
        json!({"days": 30, "delete_by": "2026-01-31T00:00:00Z", "due": true})
    );
    assert_eq!(r["transcript"]["due"], false);
    assert_eq!(r["transcript"]["delete_by"], "2026-06-30T00:00:00Z");
    // Without collected_at only the timers.
    let out = policy_check_value(&json!({"policy": "cn", "signals": [], "at": AT})).unwrap();
    assert_eq!(
        out["retention"]["audio"],
        json!({"days": 30, "delete_by": null, "due": null})
    );
}

#[test]
fn bad_requests_name_the_field() {
    let cases = [
        (
            json!({"policy": "eu", "signals": [], "at": AT, "colour": 1}),
            "colour",
        ),
        (
            json!({"policy": "eu", "signals": [], "at": "tomorrow"}),
            "at",
        ),
        (json!({"policy": "eu", "signals": []}), "at"),
        (json!({"signals": [], "at": AT}), "policy"),
        (json!({"policy": "eu", "signals": {}, "at": AT}), "signals"),
        (
            json!({"policy": "eu", "signals": [{"category": "smell", "name": "x"}], "at": AT}),
            "signals[0].category",
        ),
        (
            json!({"policy": "eu", "signals": [{"category": "voice", "name": ""}], "at": AT}),
            "signals[0].name",
        ),
        (
            json!({"policy": "eu", "signals": [{"category": "voice", "name": "x", "value": "high"}], "at": AT}),
            "signals[0].value",
        ),
        (
            json!({"policy": "eu", "signals": [], "at": AT, "consents": [{"purpose": "fun", "jurisdiction": "eu", "granted_at": AT}]}),
            "consents[0].purpose",
        ),
        (
            json!({"policy": "eu", "signals": [], "at": AT, "consents": [{"purpose": "talent_pool", "jurisdiction": "eu", "given_at": AT}]}),
            "consents[0].granted_at",
        ),
        (
            json!({"policy": "eu", "signals": [], "at": AT, "notices": [{"notice": "x"}]}),
            "notices[0].given_at",
        ),
        (
            json!({"policy": "eu", "signals": [], "at": AT, "bias_audit": {"reference": "r", "date": "last year"}}),
            "bias_audit.date",
        ),
        (
            json!({"policy": "eu", "signals": [], "at": AT, "medium": "vhs"}),
            "medium",
        ),
        (
            json!({"policy": "eu", "signals": [], "at": AT, "missing_consent": "ignore"}),
            "missing_consent",
        ),
    ];
    for (req, name) in cases {
        let e = policy_check_value(&req).unwrap_err();
        assert_eq!(invalid_name(e), name, "request {req}");
    }
}
