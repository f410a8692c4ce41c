//! Score fusion: hand-computed fused scores and intervals, contributions that add up, missing
//! modalities, the policy gate first (eu, cn, default), the filled scorecard validating against
//! the archive schema, and the weight learner.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use interviewkit_core::fusion::learn::{fit, fold_assignment, LearnOptions};
use interviewkit_core::fusion::{fuse_value, fusion_learn_value};
use interviewkit_core::{Error, ErrorCode};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/fusion")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn invalid_name(e: Error) -> String {
    match e {
        Error::InvalidArgument { name, .. } => name,
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

fn rule(e: Error) -> String {
    assert_eq!(e.code(), ErrorCode::PolicyViolation, "{e}");
    match e {
        Error::PolicyViolation { rule, .. } => rule,
        other => panic!("expected PolicyViolation, got {other:?}"),
    }
}

fn consent() -> Value {
    json!({"purpose": "biometric_analysis", "jurisdiction": "cn",
           "granted_at": "2026-03-01T09:00:00Z"})
}

fn signals() -> Value {
    let mut s = fixture("signals.json");
    s.as_object_mut().unwrap().remove("comment");
    s
}

fn request(policy: &str) -> Value {
    json!({
        "policy": policy,
        "scorecard": fixture("scorecard.json"),
        "signals": signals(),
        "consents": [consent()],
        "at": "2026-03-02T10:00:00Z",
    })
}

fn comp<'a>(out: &'a Value, id: &str) -> &'a Value {
    out["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["competency"] == id)
        .unwrap()
}

/// The documented method, recomputed here: (value, sigma, weight·reliability) per modality.
fn expected(mods: &[(f64, f64, f64)], z: f64) -> (f64, f64, f64) {
    let total: f64 = mods.iter().map(|m| m.2).sum();
    let f: f64 = mods.iter().map(|m| m.2 / total * m.0).sum();
    let prop: f64 = mods.iter().map(|m| (m.2 / total).powi(2) * m.1 * m.1).sum();
    let dis: f64 = mods.iter().map(|m| m.2 / total * (m.0 - f).powi(2)).sum();
    let sd = (prop + dis).sqrt();
    (
        f,
        (f - z * sd).clamp(1.0, 5.0),
        (f + z * sd).clamp(1.0, 5.0),
    )
}

const Z95: f64 = 1.959_963_984_540_054;

#[test]
fn cn_with_consent_fuses_all_three_modalities() {
    let out = fuse_value(&request("cn")).unwrap();
    let c = comp(&out, "communication");
    // content 4.0 (confidence 0.8 → σ = 4·0.09), voice u = 1 → 5.0, visual u = 0.75 → 4.0,
    // both σ = 4·0.15; effective weights 1, 0.075, 0.075.
    let (f, low, high) = expected(
        &[(4.0, 0.36, 1.0), (5.0, 0.6, 0.075), (4.0, 0.6, 0.075)],
        Z95,
    );
    assert!(close(f, 4.065_217, 1e-6));
    assert_eq!(c["fused_score"], 4.0652);
    assert!(close(c["interval"]["low"].as_f64().unwrap(), low, 1e-4));
    assert!(close(c["interval"]["high"].as_f64().unwrap(), high, 1e-4));
    assert_eq!(c["interval"]["level"], 0.95);
    let contribs = c["contributions"].as_array().unwrap();
    let mods: Vec<&str> = contribs
        .iter()
        .map(|x| x["modality"].as_str().unwrap())
        .collect();
    assert_eq!(mods, ["content", "voice", "visual"]);
    assert_eq!(contribs[1]["value"], 5.0);
    assert_eq!(contribs[2]["value"], 4.0);
    assert_eq!(contribs[1]["effective_weight"], 0.075);
    assert_eq!(contribs[0]["normalised_weight"], 0.8696);
    assert_eq!(
        contribs[2]["features"][0]["feature"],
        "gaze.at_camera_ratio"
    );
    assert_eq!(contribs[2]["features"][0]["u"], 0.5);
    // Contributions add up to the fused score (within the 4-decimal rounding of each).
    let sum: f64 = contribs.iter().map(|x| x["points"].as_f64().unwrap()).sum();
    assert!(close(sum, 4.0652, 3e-4), "{sum}");
    let wsum: f64 = contribs
        .iter()
        .map(|x| x["normalised_weight"].as_f64().unwrap())
        .sum();
    assert!(close(wsum, 1.0, 3e-4));
    assert_eq!(c["missing"], json!([]));

    // An unmapped competency keeps its content score; one without content is not fused.
    let t = comp(&out, "teamwork");
    assert_eq!(t["fused_score"], 3.0);
    assert_eq!(
        t["missing"],
        json!([{"modality": "voice", "reason": "not_mapped"},
               {"modality": "visual", "reason": "not_mapped"}])
    );
    let (_, low, high) = expected(&[(3.0, 0.6, 1.0)], Z95);
    assert!(close(t["interval"]["low"].as_f64().unwrap(), low, 1e-4));
    assert!(close(t["interval"]["high"].as_f64().unwrap(), high, 1e-4));
    let s = comp(&out, "sales_drive");
    assert!(s["fused_score"].is_null());
    assert_eq!(
        s["missing"][0],
        json!({"modality": "content", "reason": "no_content_score"})
    );
    assert_eq!(
        out["unused"],
        json!([{"signal": "f0.stdev_semitones", "category": "voice", "reason": "not_mapped"}])
    );
    assert_eq!(out["dropped"], json!([]));
}

#[test]
fn filled_scorecard_validates_and_keeps_what_was_there() {
    let out = fuse_value(&request("cn")).unwrap();
    let card = &out["scorecard"];
    let report = interviewkit_core::validate(card).unwrap();
    assert!(report.valid, "{:?}", report.issues);
    let c = &card["competencies"][0];
    assert_eq!(c["fused_score"], 4.0652);
    assert_eq!(c["ai_score"], 4.0);
    assert_eq!(c["level"], 4);
    assert_eq!(
        c["annotations"][0]["text"],
        "Clear structure, but long pauses."
    );
    assert_eq!(c["evidence"][0]["question_id"], "q1");
    assert_eq!(c["fusion"]["contributions"][0]["modality"], "content");
    // Divergence against the interviewer: |4.0652 − 2| / 4 = 0.5163 > 0.2.
    assert_eq!(c["divergence"]["delta"], 0.5163);
    assert_eq!(c["divergence"]["flagged"], true);
    assert_eq!(c["divergence"]["re_rate_requested"], true);
    assert_eq!(out["divergence"][0]["competency"], "communication");
    assert!(card["competencies"][1].get("divergence").is_none());
    // Confidence is 1 − interval width / range.
    let f = &out["contributions"][0]["interval"];
    let width = f["high"].as_f64().unwrap() - f["low"].as_f64().unwrap();
    assert!(close(
        c["confidence"].as_f64().unwrap(),
        1.0 - width / 4.0,
        1e-4
    ));
    // The permitted behaviour summary, and the policy in the provenance.
    assert_eq!(card["behaviour_summary"]["policy"], "cn");
    assert_eq!(card["behaviour_summary"]["voice"]["pauses.ratio"], 0.1);
    assert_eq!(
        card["behaviour_summary"]["visual"]["gestures.per_minute"],
        6.0
    );
    assert_eq!(card["provenance"]["fusion"]["policy"]["id"], "cn");
    assert_eq!(
        card["provenance"]["fusion"]["config_hash"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
    assert_eq!(card["overall"], 3.5);
    assert_eq!(card["fused_overall"], 3.5326); // (4.0652 + 3.0) / 2
}

#[test]
fn missing_modality_renormalises() {
    let mut req = request("cn");
    req["signals"].as_object_mut().unwrap().remove("visual");
    let out = fuse_value(&req).unwrap();
    let c = comp(&out, "communication");
    // (1·4 + 0.075·5) / 1.075
    assert_eq!(c["fused_score"], 4.0698);
    assert_eq!(
        c["missing"],
        json!([{"modality": "visual", "reason": "not_provided"}])
    );
    let sum: f64 = c["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["points"].as_f64().unwrap())
        .sum();
    assert!(close(sum, 4.0698, 2e-4));
    assert_eq!(c["contributions"][1]["normalised_weight"], 0.0698);
}

#[test]
fn weights_and_reliability_are_configurable() {
    let mut req = request("cn");
    req["weights"] = json!({"content": 1.0, "voice": 1.0, "visual": 0.0});
    req["reliability"] = json!({"voice": 1.0});
    let out = fuse_value(&req).unwrap();
    let c = comp(&out, "communication");
    assert_eq!(c["fused_score"], 4.5); // (4 + 5) / 2
    assert_eq!(
        c["missing"],
        json!([{"modality": "visual", "reason": "zero_weight"}])
    );
    // A custom mapping: teamwork takes gaze, inverted.
    let mut req = request("cn");
    req["mapping"] = json!({"teamwork": {"visual": [
        {"feature": "gaze.at_camera_ratio", "points": [[0.0, 1.0], [1.0, 0.0]]}]}});
    let out = fuse_value(&req).unwrap();
    // u = 0.55 → 1 + 4·0.55 = 3.2; (3 + 0.075·3.2) / 1.075
    assert_eq!(comp(&out, "teamwork")["fused_score"], 3.014);
    assert_eq!(comp(&out, "communication")["fused_score"], 4.0);
}

#[test]
fn default_policy_keeps_content_only() {
    let out = fuse_value(&request("default")).unwrap();
    let c = comp(&out, "communication");
    assert_eq!(c["fused_score"], 4.0);
    assert_eq!(c["contributions"].as_array().unwrap().len(), 1);
    assert_eq!(
        c["missing"],
        json!([{"modality": "voice", "reason": "dropped_by_policy"},
               {"modality": "visual", "reason": "dropped_by_policy"}])
    );
    let dropped = out["dropped"].as_array().unwrap();
    assert_eq!(dropped.len(), 6);
    assert!(dropped
        .iter()
        .all(|d| d["rule"] == "default.content_only" && d["reason"] == "category_not_permitted"));
    let summary = &out["scorecard"]["behaviour_summary"];
    assert!(summary.get("voice").is_none() && summary.get("visual").is_none());
    // Without consents and `at` the default policy still runs (time cannot matter).
    let out =
        fuse_value(&json!({"policy": "default", "scorecard": fixture("scorecard.json")})).unwrap();
    assert_eq!(comp(&out, "communication")["fused_score"], 4.0);
    assert!(
        interviewkit_core::validate(&out["scorecard"])
            .unwrap()
            .valid
    );
}

#[test]
fn eu_refuses_affect_signals_naming_the_rule() {
    let mut req = request("eu");
    req["signals"]["list"] =
        json!([{"category": "visual", "name": "emotion_happiness", "value": 0.8}]);
    let e = fuse_value(&req).unwrap_err();
    assert_eq!(rule(e), "eu.ai_act.art5_1_f.emotion_recognition_workplace");
    let mut req = request("eu");
    req["signals"]["list"] = json!([{"category": "affect", "name": "valence", "value": 0.1}]);
    assert_eq!(
        rule(fuse_value(&req).unwrap_err()),
        "eu.ai_act.art5_1_f.emotion_recognition_workplace"
    );

    // Raw frames with smiles summarised: smile measures are affect by name → refused.
    let frames: Vec<Value> = (0..20)
        .map(|i| {
            json!({"t": f64::from(i) * 0.1, "blendshapes": {
                "mouthSmileLeft": 0.1, "mouthSmileRight": 0.1, "eyeLookOutLeft": 0.05}})
        })
        .collect();
    let mut req = request("eu");
    req["signals"]["visual"] = json!({"frames": frames.clone()});
    assert_eq!(
        rule(fuse_value(&req).unwrap_err()),
        "eu.ai_act.art5_1_f.emotion_recognition_workplace"
    );
    // The same frames with smiles left out pass (with the explicit consent EU asks for).
    req["signals"]["visual"] = json!({"frames": frames, "config": {"smiles": false}});
    let out = fuse_value(&req).unwrap();
    let c = comp(&out, "communication");
    // Gaze always on camera → u = 1 → 5.0; no gestures → u = 0.5; visual = 1 + 4·0.75 = 4.0.
    assert_eq!(c["contributions"][2]["value"], 4.0);
    assert_eq!(c["fused_score"], 4.0652);
}

#[test]
fn cn_refuses_biometrics_without_separate_consent() {
    let mut req = request("cn");
    req.as_object_mut().unwrap().remove("consents");
    assert_eq!(
        rule(fuse_value(&req).unwrap_err()),
        "cn.pipl.art29.separate_consent_biometrics"
    );
    // A withdrawn consent does not count.
    let mut req = request("cn");
    req["consents"][0]["withdrawn_at"] = json!("2026-03-01T12:00:00Z");
    assert_eq!(
        rule(fuse_value(&req).unwrap_err()),
        "cn.pipl.art29.separate_consent_biometrics"
    );
    // Or drop instead of refusing: content only.
    let mut req = request("cn");
    req.as_object_mut().unwrap().remove("consents");
    req["missing_consent"] = json!("drop");
    let out = fuse_value(&req).unwrap();
    assert_eq!(comp(&out, "communication")["fused_score"], 4.0);
    assert_eq!(out["dropped"][0]["reason"], "requirement_not_met");
    assert_eq!(
        out["dropped"][0]["rule"],
        "cn.pipl.art29.separate_consent_biometrics"
    );
    // With consent: allowed (see cn_with_consent_fuses_all_three_modalities).
    let out = fuse_value(&request("cn")).unwrap();
    assert_eq!(comp(&out, "communication")["fused_score"], 4.0652);
    assert!(out["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .any(
            |r| r["rule"] == "cn.pipl.art29.separate_consent_biometrics" && r["satisfied"] == true
        ));
}

#[test]
fn voice_features_output_is_read_directly() {
    let voice = json!({"category": "voice", "voiced_ratio": 0.6,
        "pauses": {"ratio": 0.1, "mean_s": 0.4},
        "speech_rate": {"syllables_per_second": 4.0, "words_per_minute": null},
        "fillers": {"per_100_words": 1.0, "per_minute": 2.0},
        "f0": {"stdev_semitones": 2.2}, "loudness": {"stdev_db": 5.0}});
    let mut req = request("cn");
    req["signals"]["voice"] = voice;
    let out = fuse_value(&req).unwrap();
    assert_eq!(comp(&out, "communication")["fused_score"], 4.0652);
    let summary = &out["scorecard"]["behaviour_summary"]["voice"];
    assert_eq!(summary["pauses.mean_s"], 0.4);
    assert!(summary.get("speech_rate.words_per_minute").is_none());
}

#[test]
fn deterministic() {
    let a = serde_json::to_string(&fuse_value(&request("cn")).unwrap()).unwrap();
    let b = serde_json::to_string(&fuse_value(&request("cn")).unwrap()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn bad_requests_name_the_field() {
    let mut req = request("cn");
    req["scorecard"]["competencies"][0]["ai_score"] = json!(7.0);
    assert_eq!(
        invalid_name(fuse_value(&req).unwrap_err()),
        "scorecard.competencies[0].ai_score"
    );
    let mut req = request("cn");
    req["frobnicate"] = json!(1);
    assert_eq!(invalid_name(fuse_value(&req).unwrap_err()), "frobnicate");
    let mut req = request("cn");
    req["weights"] = json!({"voice": -1});
    assert_eq!(invalid_name(fuse_value(&req).unwrap_err()), "weights.voice");
    let mut req = request("cn");
    req["weights"] = json!({"content": 0});
    assert_eq!(
        invalid_name(fuse_value(&req).unwrap_err()),
        "weights.content"
    );
    let mut req = request("cn");
    req.as_object_mut().unwrap().remove("at");
    assert_eq!(invalid_name(fuse_value(&req).unwrap_err()), "at");
    let mut req = request("cn");
    req["signals"]["voice"]["pauses.ratio"] = json!("low");
    assert_eq!(
        invalid_name(fuse_value(&req).unwrap_err()),
        "signals.voice.pauses.ratio"
    );
    let mut req = request("cn");
    req["signals"]["visual"] = json!({"frames": [{"t": 0, "blendshapes": {"jawOpen": 2}}]});
    assert_eq!(
        invalid_name(fuse_value(&req).unwrap_err()),
        "signals.visual.frames[0].blendshapes.jawOpen"
    );
    let mut req = request("cn");
    req["mapping"] =
        json!({"communication": {"voice": [{"feature": "x", "points": [[1, 0], [0, 1]]}]}});
    assert_eq!(
        invalid_name(fuse_value(&req).unwrap_err()),
        "mapping.communication.voice[0].points[1][0]"
    );
    let mut req = request("nowhere");
    req["policy"] = json!("nowhere");
    assert_eq!(invalid_name(fuse_value(&req).unwrap_err()), "policy");
}

// ---------------------------------------------------------------------------------------------
// Learning
// ---------------------------------------------------------------------------------------------

/// Deterministic pseudo-random scores on 1–5.
fn scores(n: usize) -> Vec<[f64; 3]> {
    let mut s: u64 = 42;
    let mut next = || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        1.0 + 4.0 * ((s >> 11) as f64 / (1u64 << 53) as f64)
    };
    (0..n).map(|_| [next(), next(), next()]).collect()
}

fn rows(f: impl Fn(&[f64; 3]) -> f64) -> Vec<Value> {
    scores(60)
        .iter()
        .map(
            |x| json!({"rating": f(x), "scores": {"content": x[0], "voice": x[1], "visual": x[2]}}),
        )
        .collect()
}

#[test]
fn learning_recovers_known_non_negative_weights() {
    let out = fusion_learn_value(&json!({
        "rows": rows(|x| 0.5 + 0.6 * x[0] + 0.3 * x[1] + 0.1 * x[2]),
        "lambda": 0.0,
    }))
    .unwrap();
    assert_eq!(out["modalities"], json!(["content", "visual", "voice"]));
    assert!(close(
        out["weights"]["content"].as_f64().unwrap(),
        0.6,
        1e-5
    ));
    assert!(close(out["weights"]["voice"].as_f64().unwrap(), 0.3, 1e-5));
    assert!(close(out["weights"]["visual"].as_f64().unwrap(), 0.1, 1e-5));
    assert!(close(out["intercept"].as_f64().unwrap(), 0.5, 1e-4));
    assert!(close(
        out["fusion_weights"]["content"].as_f64().unwrap(),
        0.6,
        1e-5
    ));
    assert_eq!(out["clamped"], json!([]));
    assert_eq!(out["validation"]["folds"], 5);
    assert_eq!(out["validation"]["per_fold"].as_array().unwrap().len(), 5);
    let held_n: u64 = out["validation"]["per_fold"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["n"].as_u64().unwrap())
        .sum();
    assert_eq!(held_n, 60);
    assert!(out["validation"]["r2"].as_f64().unwrap() > 0.9999);
    assert!(out["validation"]["rmse"].as_f64().unwrap() < 1e-4);
    // The learnt weights feed fuse as they are.
    let mut req = request("cn");
    req["weights"] = out.clone();
    req["reliability"] = json!({"voice": 1.0, "visual": 1.0});
    let fused = fuse_value(&req).unwrap();
    // 0.6·4 + 0.3·5 + 0.1·4
    assert!(close(
        comp(&fused, "communication")["fused_score"]
            .as_f64()
            .unwrap(),
        4.3,
        1e-4
    ));
}

#[test]
fn learning_clamps_a_truly_negative_weight_to_zero() {
    let out = fusion_learn_value(&json!({
        "rows": rows(|x| 1.0 + 0.8 * x[0] - 0.4 * x[1] + 0.2 * x[2]),
        "lambda": 0.001,
        "folds": 4,
    }))
    .unwrap();
    assert_eq!(out["weights"]["voice"], 0.0);
    assert_eq!(out["clamped"], json!(["voice"]));
    assert!(out["weights"]["content"].as_f64().unwrap() > 0.5);
    assert!(out["weights"]["visual"].as_f64().unwrap() > 0.0);
    // The projected solution satisfies the KKT conditions: the objective's gradient is zero on
    // positive weights and non-negative on the clamped one.
    let x: Vec<Vec<f64>> = scores(60).iter().map(|r| r.to_vec()).collect();
    let y: Vec<f64> = scores(60)
        .iter()
        .map(|x| 1.0 + 0.8 * x[0] - 0.4 * x[1] + 0.2 * x[2])
        .collect();
    let opts = LearnOptions {
        lambda: 0.001,
        ..LearnOptions::default()
    };
    let idx: Vec<usize> = (0..60).collect();
    let m = fit(&x, &y, &idx, &opts);
    let n = 60.0;
    for j in 0..3 {
        let mut grad = 2.0 * opts.lambda * m.weights[j];
        for i in 0..60 {
            let r = y[i] - m.predict(&x[i]);
            grad -= 2.0 / n * r * x[i][j];
        }
        if m.weights[j] > 0.0 {
            assert!(grad.abs() < 1e-8, "gradient {grad} on weight {j}");
        } else {
            assert!(
                grad >= -1e-8,
                "negative gradient {grad} on clamped weight {j}"
            );
        }
    }
}

#[test]
fn learning_is_deterministic_and_checks_input() {
    let req = json!({"rows": rows(|x| 0.7 * x[0] + 0.2 * x[1]), "seed": 7});
    let a = serde_json::to_string(&fusion_learn_value(&req).unwrap()).unwrap();
    let b = serde_json::to_string(&fusion_learn_value(&req).unwrap()).unwrap();
    assert_eq!(a, b);
    let f1 = fold_assignment(10, 3, 7);
    assert_eq!(f1, fold_assignment(10, 3, 7));
    assert_eq!(f1.iter().filter(|&&f| f == 0).count(), 4);

    let mut rs = rows(|x| x[0]);
    rs[3]["scores"].as_object_mut().unwrap().remove("voice");
    let e = fusion_learn_value(&json!({"rows": rs})).unwrap_err();
    assert_eq!(invalid_name(e), "rows[3].scores.voice");
    let mut rs = rows(|x| x[0]);
    rs[5]["rating"] = json!("high");
    assert_eq!(
        invalid_name(fusion_learn_value(&json!({"rows": rs})).unwrap_err()),
        "rows[5].rating"
    );
    assert_eq!(
        invalid_name(fusion_learn_value(&json!({"rows": rows(|x| x[0]), "folds": 1})).unwrap_err()),
        "folds"
    );
    assert_eq!(
        invalid_name(
            fusion_learn_value(&json!({"rows": rows(|x| x[0]), "lambda": -1})).unwrap_err()
        ),
        "lambda"
    );
    assert_eq!(
        invalid_name(fusion_learn_value(&json!({"rows": []})).unwrap_err()),
        "modalities"
    );
}

#[cfg(feature = "candle")]
#[test]
fn candle_solver_agrees_with_the_plain_one() {
    use interviewkit_core::fusion::learn::fit_candle;
    let x: Vec<Vec<f64>> = scores(60).iter().map(|r| r.to_vec()).collect();
    let idx: Vec<usize> = (0..60).collect();
    for f in [
        |x: &[f64]| 0.5 + 0.6 * x[0] + 0.3 * x[1] + 0.1 * x[2],
        |x: &[f64]| 1.0 + 0.8 * x[0] - 0.4 * x[1] + 0.2 * x[2],
    ] {
        let y: Vec<f64> = x.iter().map(|r| f(r)).collect();
        for intercept in [true, false] {
            let opts = LearnOptions {
                lambda: 0.01,
                intercept,
                ..LearnOptions::default()
            };
            let a = fit(&x, &y, &idx, &opts);
            let b = fit_candle(&x, &y, &idx, &opts).unwrap();
            for (wa, wb) in a.weights.iter().zip(&b.weights) {
                assert!(close(*wa, *wb, 1e-6), "{a:?} vs {b:?}");
            }
            assert!(close(a.intercept, b.intercept, 1e-5));
        }
    }
}

#[test]
fn fusing_a_fused_scorecard_again_changes_nothing() {
    let first = fuse_value(&request("cn")).unwrap();
    let mut req = request("cn");
    req["scorecard"] = first["scorecard"].clone();
    let second = fuse_value(&req).unwrap();
    assert_eq!(first, second);
    assert_eq!(
        first["scorecard"]["competencies"][0]["fusion"]["content_confidence"],
        0.8
    );
}

#[test]
fn overflowing_input_is_an_error_not_a_nan() {
    let rows: Vec<Value> = (0..10)
        .map(|i| json!({"rating": 1e200 * f64::from(i), "scores": {"content": 1e200 * f64::from(i % 3)}}))
        .collect();
    assert_eq!(
        invalid_name(fusion_learn_value(&json!({"rows": rows})).unwrap_err()),
        "rows"
    );
    let mut req = request("cn");
    req["mapping"] = json!({"communication": {"voice": [
        {"feature": "pauses.ratio", "points": [[-1e308, 0.0], [1e308, 1.0]]}]}});
    assert_eq!(
        invalid_name(fuse_value(&req).unwrap_err()),
        "mapping.communication.voice[0].points[1][0]"
    );
}
