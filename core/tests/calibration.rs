//! Interviewer calibration: statistics against published and independently computed values,
//! divergence flags, blind-first checks, scales, and bad input.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use interviewkit_core::calibration::stats::{
    icc2, mean_ci, slope_ci, weighted_kappa, KappaWeights,
};
use interviewkit_core::calibration::{calibrate_value, divergence};
use interviewkit_core::schema::types::ScoreScale;
use interviewkit_core::{Error, ErrorCode};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/calibration")
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

fn rating(c: &str, comp: &str, who: &str, score: f64) -> Value {
    json!({"candidate_id": c, "competency": comp, "interviewer_id": who, "score": score})
}

/// Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges on a 1–10 scale.
const SHROUT_FLEISS: [[f64; 4]; 6] = [
    [9.0, 2.0, 5.0, 8.0],
    [6.0, 1.0, 3.0, 2.0],
    [8.0, 4.0, 6.0, 8.0],
    [7.0, 1.0, 2.0, 6.0],
    [10.0, 5.0, 6.0, 9.0],
    [6.0, 2.0, 4.0, 7.0],
];

#[test]
fn icc_matches_shrout_fleiss_1979() {
    let rows: Vec<Vec<f64>> = SHROUT_FLEISS.iter().map(|r| r.to_vec()).collect();
    let icc = icc2(&rows).unwrap();
    // Published: ICC(2,1) = .29, ICC(2,4) = .62. Full-precision values and the 95% intervals
    // below were computed independently with numpy + scipy.stats.f.ppf (McGraw & Wong 1996
    // case 2A; Spearman–Brown for ICC(2,k)); they also agree with pingouin's published example
    // (ICC2 [0.02, 0.76], ICC2k [0.07, 0.93]).
    assert!(close(icc.icc_2_1, 0.289_763_779_5, 1e-9), "{}", icc.icc_2_1);
    assert!(close(icc.icc_2_k, 0.620_050_547_6, 1e-9), "{}", icc.icc_2_k);
    assert!(close(icc.ms_rows, 11.241_666_666_7, 1e-9));
    assert!(close(icc.ms_cols, 32.486_111_111_1, 1e-9));
    assert!(close(icc.ms_error, 1.019_444_444_4, 1e-9));
    let (lo, hi) = icc.ci_2_1.unwrap();
    assert!(close(lo, 0.018_786_5, 1e-4), "{lo}");
    assert!(close(hi, 0.761_084_4, 1e-4), "{hi}");
    let (lo, hi) = icc.ci_2_k.unwrap();
    assert!(close(lo, 0.071_136_8, 1e-4), "{lo}");
    assert!(close(hi, 0.927_232_0, 1e-4), "{hi}");
}

#[test]
fn icc_through_the_json_op() {
    let out = calibrate_value(&fixture("shrout_fleiss_1979.json")).unwrap();
    let a = &out["agreement"];
    assert_eq!(a["icc_2_1"], 0.2898);
    assert_eq!(a["icc_2_k"], 0.6201);
    assert_eq!(a["icc_2_1_ci"]["low"], 0.0188);
    assert_eq!(a["icc_2_1_ci"]["high"], 0.7611);
    assert_eq!(a["icc_targets"], 6);
    assert_eq!(
        a["icc_raters"],
        json!(["judge1", "judge2", "judge3", "judge4"])
    );
    assert_eq!(a["notes"], json!([]));
    // 4 judges → 6 pairs, each over the 6 targets.
    let pairs = a["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 6);
    assert_eq!(pairs[0]["raters"], json!(["judge1", "judge2"]));
    assert!(pairs.iter().all(|p| p["n"] == 6));
    // No AI scores: no divergence, no flags; judge1 is the most lenient, judge2 the most severe.
    assert_eq!(out["divergence"], json!([]));
    let r = &out["raters"];
    assert_eq!(r["judge1"]["tendency"], "lenient");
    assert_eq!(r["judge2"]["tendency"], "severe");
    assert!(r["judge1"]["leniency"].as_f64().unwrap() > 2.0);
    // Leniency of judge1 checked by hand: offset = judge1 − mean(other three judges).
    let offsets: Vec<f64> = SHROUT_FLEISS
        .iter()
        .map(|row| row[0] - (row[1] + row[2] + row[3]) / 3.0)
        .collect();
    let mean = offsets.iter().sum::<f64>() / 6.0;
    assert_eq!(r["judge1"]["leniency"], (mean * 1e4).round() / 1e4);
}

#[test]
fn weighted_kappa_matches_scikit_learn() {
    // Reference: sklearn.metrics.cohen_kappa_score(a, b, weights=..., labels=[1, 2, 3, 4, 5])
    // (scikit-learn 1.9.1): linear 0.5942028985507246, quadratic 0.8181818181818181.
    let a = [1, 2, 3, 4, 5, 3, 2, 4, 5, 1, 3, 3, 2, 4];
    let b = [1, 3, 3, 5, 4, 2, 2, 4, 5, 2, 3, 4, 1, 3];
    let pairs: Vec<(i64, i64)> = a.iter().zip(&b).map(|(x, y)| (*x, *y)).collect();
    let kl = weighted_kappa(&pairs, 1, 5, KappaWeights::Linear).unwrap();
    let kq = weighted_kappa(&pairs, 1, 5, KappaWeights::Quadratic).unwrap();
    assert!(close(kl, 0.594_202_898_550_724_6, 1e-12), "{kl}");
    assert!(close(kq, 0.818_181_818_181_818_1, 1e-12), "{kq}");
    // A category nobody used (3) still counts in the distances: sklearn with labels=[1..5]
    // gives linear 0.6590909090909092, quadratic 0.88.
    let a = [1, 1, 2, 2, 4, 4, 5, 5, 1, 5];
    let b = [1, 2, 2, 1, 4, 5, 5, 4, 2, 4];
    let pairs: Vec<(i64, i64)> = a.iter().zip(&b).map(|(x, y)| (*x, *y)).collect();
    let kl = weighted_kappa(&pairs, 1, 5, KappaWeights::Linear).unwrap();
    let kq = weighted_kappa(&pairs, 1, 5, KappaWeights::Quadratic).unwrap();
    assert!(close(kl, 0.659_090_909_090_909_2, 1e-12), "{kl}");
    assert!(close(kq, 0.88, 1e-12), "{kq}");

    // The same through the JSON op: two interviewers, 14 candidates.
    let a = [1, 2, 3, 4, 5, 3, 2, 4, 5, 1, 3, 3, 2, 4];
    let ratings: Vec<Value> = a
        .iter()
        .zip(&[1, 3, 3, 5, 4, 2, 2, 4, 5, 2, 3, 4, 1, 3])
        .enumerate()
        .flat_map(|(i, (x, y))| {
            let c = format!("c{i:02}");
            [
                rating(&c, "teamwork", "ann", *x as f64),
                rating(&c, "teamwork", "ben", *y as f64),
            ]
        })
        .collect();
    let out = calibrate_value(&json!({ "ratings": ratings })).unwrap();
    let pair = &out["agreement"]["pairs"][0];
    assert_eq!(pair["raters"], json!(["ann", "ben"]));
    assert_eq!(pair["n"], 14);
    assert_eq!(pair["kappa_linear"], 0.5942);
    assert_eq!(pair["kappa_quadratic"], 0.8182);
    assert_eq!(pair["exact_agreement"], 0.4286); // 6 of 14
}

#[test]
fn mean_and_slope_intervals_match_scipy() {
    // scipy.stats: mean 0.6, t-interval [-0.20946589, 1.40946589];
    // linregress slope ×30 = 0.71052632, interval ×30 [-0.03854382, 1.45959645].
    let y = [0.0, 0.5, 0.0, 1.0, 1.5];
    let (m, lo, hi) = mean_ci(&y).unwrap();
    assert!(close(m, 0.6, 1e-12));
    assert!(close(lo, -0.209_465_892, 1e-6), "{lo}");
    assert!(close(hi, 1.409_465_892, 1e-6), "{hi}");
    let days = [0.0, 10.0, 25.0, 40.0, 60.0];
    let pts: Vec<(f64, f64)> = days.iter().copied().zip(y).collect();
    let (s, lo, hi) = slope_ci(&pts).unwrap();
    assert!(close(s * 30.0, 0.710_526_316, 1e-6));
    assert!(close(lo * 30.0, -0.038_543_818, 1e-6), "{lo}");
    assert!(close(hi * 30.0, 1.459_596_450, 1e-6), "{hi}");
}

#[test]
fn leniency_and_drift_through_the_json_op() {
    // "kim" rates 0, 0.5, 0, 1, 1.5 above "ref" on days 0, 10, 25, 40, 60.
    let offsets = [0.0, 0.5, 0.0, 1.0, 1.5];
    let dates = [
        "2026-01-01T09:00:00Z",
        "2026-01-11T09:00:00Z",
        "2026-01-26T09:00:00Z",
        "2026-02-10T09:00:00Z",
        "2026-03-02T09:00:00+00:00",
    ];
    let mut ratings = Vec::new();
    for (i, (o, d)) in offsets.iter().zip(dates).enumerate() {
        let c = format!("c{i}");
        let mut k = rating(&c, "ownership", "kim", 3.0 + o);
        k["rated_at"] = json!(d);
        ratings.push(k);
        ratings.push(rating(&c, "ownership", "ref", 3.0));
    }
    let out = calibrate_value(&json!({ "ratings": ratings })).unwrap();
    let kim = &out["raters"]["kim"];
    assert_eq!(kim["n"], 5);
    assert_eq!(kim["leniency"], 0.6);
    assert_eq!(kim["ci_low"], -0.2095);
    assert_eq!(kim["ci_high"], 1.4095);
    assert_eq!(kim["tendency"], "neutral"); // the interval covers 0
    assert_eq!(kim["drift"]["n"], 5);
    assert_eq!(kim["drift"]["slope_per_30_days"], 0.7105);
    assert_eq!(kim["drift"]["ci_low"], -0.0385);
    assert_eq!(kim["drift"]["ci_high"], 1.4596);
    assert_eq!(kim["drift"]["from"], "2026-01-01T09:00:00Z");
    assert_eq!(kim["drift"]["to"], "2026-03-02T09:00:00+00:00");
    // "ref" is the mirror image; its ratings carry no dates, so drift is null with a note.
    let r = &out["raters"]["ref"];
    assert_eq!(r["leniency"], -0.6);
    assert!(r["drift"].is_null());
    assert_eq!(r["notes"][0]["code"], "too_few_dated_ratings");
}

#[test]
fn divergence_flags_strictly_above_the_threshold() {
    let scale = ScoreScale::default();
    // |5 − 4.2| / 4 = 0.2 (0.19999999999999996 in binary) → reported 0.2, not flagged.
    let d = divergence(5.0, 4.2, &scale, 0.2);
    assert_eq!(d.delta, 0.2);
    assert!(!d.flagged && !d.re_rate_requested);
    // Exactly representable: |5 − 4| / 4 = 0.25 against 0.25 → not flagged; against 0.2499 → flagged.
    assert!(!divergence(5.0, 4.0, &scale, 0.25).flagged);
    assert!(divergence(5.0, 4.0, &scale, 0.2499).flagged);
    // Just above 0.2.
    let d = divergence(5.0, 4.19, &scale, 0.2);
    assert_eq!(d.delta, 0.2025);
    assert!(d.flagged && d.re_rate_requested);

    // The same boundary through the JSON op.
    let req = |ai: f64| {
        json!({
            "ratings": [rating("c1", "teamwork", "ann", 4.0), rating("c1", "teamwork", "ben", 4.4)],
            "ai": [{"candidate_id": "c1", "competency": "teamwork", "score": ai}],
        })
    };
    // mean 4.2; AI 5 → 0.2 (not flagged); AI 1 → 0.8 (flagged, AI lower); AI 3.39 → 0.2025.
    let out = calibrate_value(&req(5.0)).unwrap();
    assert_eq!(out["divergence"][0]["divergence"]["delta"], 0.2);
    assert_eq!(out["divergence"][0]["divergence"]["flagged"], false);
    assert_eq!(out["flags"], json!([]));
    let out = calibrate_value(&req(3.39)).unwrap();
    assert_eq!(out["divergence"][0]["divergence"]["delta"], 0.2025);
    assert_eq!(out["flags"][0]["direction"], "ai_lower");
    let out = calibrate_value(&req(1.0)).unwrap();
    assert_eq!(out["flags"][0]["delta"], 0.8);
    // A custom threshold.
    let mut r = req(5.0);
    r["threshold"] = json!(0.1);
    let out = calibrate_value(&r).unwrap();
    assert_eq!(out["flags"][0]["threshold"], 0.1);
}

#[test]
fn scorecards_flags_evidence_and_blind_first() {
    let out = calibrate_value(&fixture("scorecards.json")).unwrap();
    assert_eq!(out["counts"]["ratings"], 6);
    assert_eq!(out["counts"]["ai_scores"], 3);
    // Order: cand-101/communication, cand-101/teamwork, cand-102/teamwork.
    let div = out["divergence"].as_array().unwrap();
    let keys: Vec<(String, String)> = div
        .iter()
        .map(|d| {
            (
                d["candidate_id"].as_str().unwrap().to_string(),
                d["competency"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("cand-101".to_string(), "communication".to_string()),
            ("cand-101".to_string(), "teamwork".to_string()),
            ("cand-102".to_string(), "teamwork".to_string()),
        ]
    );
    assert_eq!(div[0]["divergence"]["delta"], 0.0625);
    // cand-102 is on 0–100: AI 50 → 3; ratings 75, 62.5 → 4, 3.5 on 1–5.
    assert_eq!(div[2]["ai_score"], 3.0);
    assert_eq!(div[2]["interviewer_mean"], 3.75);
    assert_eq!(div[2]["divergence"]["delta"], 0.1875);

    let flags = out["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1);
    let f = &flags[0];
    assert_eq!(f["candidate_id"], "cand-101");
    assert_eq!(f["competency"], "teamwork");
    assert_eq!(f["direction"], "ai_higher");
    assert_eq!(f["delta"], 0.5);
    assert_eq!(f["ai"]["score"], 4.5);
    assert_eq!(f["ai"]["evidence"][0]["question_id"], "q-team-01");
    assert_eq!(
        f["ai"]["evidence"][1]["quote"],
        "我每周组织一次复盘会，让每个人都发言。"
    );
    assert_eq!(f["interviewers"][0]["interviewer_id"], "hr-li");
    assert_eq!(
        f["interviewers"][0]["notes"],
        "Examples were about his own work, not the team's."
    );
    assert_eq!(f["interviewers"][0]["blind"], true);
    assert_eq!(f["interviewers"][1]["blind"], false); // rated 11:30, AI shown 11:00
    let rr = &f["re_rate_request"];
    assert_eq!(rr["interviewer_ids"], json!(["hr-li", "tech-wang"]));
    assert_eq!(rr["interviewer_mean"], 2.5);
    assert!(rr["message"]["en"].as_str().unwrap().contains("50%"));
    assert!(rr["message"]["zh"].as_str().unwrap().contains("50%"));

    // Not blind: tech-wang on cand-101/teamwork, and both cand-102 ratings (made after the
    // request-wide reveal time).
    let nb = out["not_blind"].as_array().unwrap();
    assert_eq!(nb.len(), 3);
    assert_eq!(nb[0]["interviewer_id"], "tech-wang");
    assert_eq!(nb[0]["ai_revealed_at"], "2026-03-05T11:00:00Z");
    assert_eq!(out["raters"]["tech-wang"]["not_blind"], 2);
    assert_eq!(out["raters"]["hr-li"]["not_blind"], 1);

    // Kappa on rounded points: (3,2), (4,3.5→4), (4,3.5→4); the rounding is noted.
    let pair = &out["agreement"]["pairs"][0];
    assert_eq!(pair["n"], 3);
    assert_eq!(pair["notes"][0]["code"], "rounded");
    assert_eq!(pair["exact_agreement"], 0.6667);
}

#[test]
fn output_does_not_depend_on_input_order() {
    let mut req = fixture("shrout_fleiss_1979.json");
    let a = calibrate_value(&req).unwrap();
    req["ratings"].as_array_mut().unwrap().reverse();
    let b = calibrate_value(&req).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn ratings_on_other_scales() {
    // A 0–10 rating with its scale is put on 1–5: 7.5 → 4.
    let out = calibrate_value(&json!({
        "ratings": [
            {"candidate_id": "c1", "competency": "x", "interviewer_id": "a", "score": 7.5,
             "scale": {"min": 0, "max": 10}},
            rating("c1", "x", "b", 4.0),
        ],
    }))
    .unwrap();
    assert_eq!(out["panel"][0]["score"], 4.0);
    assert_eq!(out["panel"][0]["min"], 4.0);

    // Without its scale, a 7 on a 1–5 request is an error naming the field and the fix.
    let e = calibrate_value(&json!({
        "ratings": [rating("c1", "x", "a", 4.0), rating("c1", "x", "b", 7.0)],
    }))
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    assert!(e.to_string().contains("ratings[1].scale"), "{e}");
    assert_eq!(invalid_name(e), "ratings[1].score");

    // Out of its own scale.
    let e = calibrate_value(&json!({
        "ratings": [{"candidate_id": "c1", "competency": "x", "interviewer_id": "a",
                     "score": 11, "scale": {"min": 0, "max": 10}}],
    }))
    .unwrap_err();
    assert_eq!(invalid_name(e), "ratings[0].score");

    // A broken scale.
    let e = calibrate_value(&json!({
        "ratings": [{"candidate_id": "c1", "competency": "x", "interviewer_id": "a",
                     "score": 1, "scale": {"min": 5, "max": 5}}],
    }))
    .unwrap_err();
    assert_eq!(invalid_name(e), "ratings[0].scale.max");

    // A request on 0–100: a bare 4 is read on it, and everything is reported on it.
    let out = calibrate_value(&json!({
        "scale": {"min": 0, "max": 100},
        "ratings": [{"candidate_id": "c1", "competency": "x", "interviewer_id": "a", "score": 4}],
        "ai": [{"candidate_id": "c1", "competency": "x", "score": 4.5, "scale": {"min": 1, "max": 5}}],
    }))
    .unwrap();
    assert_eq!(out["scale"], json!({"min": 0.0, "max": 100.0}));
    assert_eq!(out["divergence"][0]["ai_score"], 87.5);
    assert_eq!(out["divergence"][0]["divergence"]["delta"], 0.835);
}

#[test]
fn bad_values_name_the_field() {
    let cases = [
        (
            json!({"ratings": [{"candidate_id": "c", "competency": "x", "interviewer_id": "a", "score": "3"}]}),
            "ratings[0].score",
        ),
        (
            json!({"ratings": [{"candidate_id": "c", "competency": "x", "interviewer_id": "a", "score": null}]}),
            "ratings[0].score",
        ),
        (
            json!({"ratings": [{"candidate_id": "", "competency": "x", "interviewer_id": "a", "score": 3}]}),
            "ratings[0].candidate_id",
        ),
        (
            json!({"ratings": [{"competency": "x", "interviewer_id": "a", "score": 3}]}),
            "ratings[0].candidate_id",
        ),
        (
            json!({"ratings": [{"candidate_id": "c", "competency": "x", "interviewer_id": "a", "score": 3, "rated_at": "yesterday"}]}),
            "ratings[0].rated_at",
        ),
        (
            json!({"ratings": [{"candidate_id": "c", "competency": "x", "interviewer_id": "a", "score": 3, "grade": 3}]}),
            "ratings[0].grade",
        ),
        (json!({"ratings": [], "threshold": 1.5}), "threshold"),
        (json!({"ratings": [], "thresh": 0.2}), "thresh"),
        (json!({"ratings": [], "aggregate": "mode"}), "aggregate"),
        (json!({"ratings": [], "reference": "boss"}), "reference"),
        (json!({"ai": []}), "ratings"),
        (
            json!({"ratings": [], "ai": [{"candidate_id": "c", "competency": "x", "score": 9}]}),
            "ai[0].score",
        ),
        (
            json!({"ratings": [], "ai": [{"candidate_id": "c", "competency": "x", "score": 3, "evidence": [3]}]}),
            "ai[0].evidence[0]",
        ),
        (
            json!({"ratings": [], "ai_revealed_at": "soon"}),
            "ai_revealed_at",
        ),
        (
            json!({"scorecards": [{"kind": "interview"}]}),
            "scorecards[0].kind",
        ),
        (
            json!({"scorecards": [{"schema_version": 1, "kind": "scorecard", "id": "s", "competencies": []}]}),
            "scorecards[0].candidate_id",
        ),
        (
            json!({"scorecards": [{"schema_version": 1, "kind": "scorecard", "id": "s", "candidate_id": "c",
                                 "competencies": [{"competency": "x", "interviewer_scores": [{"interviewer_id": "a", "score": 6}]}]}]}),
            "scorecards[0].competencies[0].interviewer_scores[0].score",
        ),
    ];
    for (req, name) in cases {
        let e = calibrate_value(&req).unwrap_err();
        assert_eq!(invalid_name(e), name, "request {req}");
    }
    // A duplicate rating names the second one and the first.
    let e = calibrate_value(&json!({
        "ratings": [rating("c", "x", "a", 3.0), rating("c", "x", "b", 3.0), rating("c", "x", "a", 4.0)],
    }))
    .unwrap_err();
    assert!(e.to_string().contains("ratings[0]"), "{e}");
    assert_eq!(invalid_name(e), "ratings[2]");
    // An invalid scorecard is reported at the field inside it.
    let e = calibrate_value(&json!({
        "scorecards": [{"schema_version": 1, "kind": "scorecard", "id": "s", "candidate_id": "c",
                        "scale": {"min": 1, "max": "5"}, "competencies": []}],
    }))
    .unwrap_err();
    assert_eq!(invalid_name(e), "scorecards[0].scale.max");
}

#[test]
fn too_few_ratings_give_null_with_notes() {
    let out = calibrate_value(&json!({
        "ratings": [rating("c1", "x", "a", 3.0), rating("c1", "x", "b", 4.0)],
    }))
    .unwrap();
    let a = &out["agreement"];
    assert!(a["icc_2_1"].is_null() && a["icc_2_k"].is_null() && a["icc_2_1_ci"].is_null());
    assert_eq!(a["notes"][0]["code"], "too_few_targets");
    assert!(a["pairs"][0]["kappa_linear"].is_null());
    assert_eq!(a["pairs"][0]["notes"][0]["code"], "too_few_ratings");
    // One offset: the mean is known, its interval is not.
    let r = &out["raters"]["a"];
    assert_eq!(r["leniency"], -1.0);
    assert!(r["ci_low"].is_null() && r["ci_high"].is_null() && r["tendency"].is_null());
    assert_eq!(r["notes"][0]["code"], "too_few_ratings");

    // No ratings at all: empty lists, null statistics, never NaN.
    let out = calibrate_value(&json!({"ratings": []})).unwrap();
    assert_eq!(out["panel"], json!([]));
    assert_eq!(out["raters"], json!({}));
    assert!(out["agreement"]["icc_2_1"].is_null());
    assert!(!serde_json::to_string(&out).unwrap().contains("NaN"));

    // Everyone agrees on everything: ICC has no variance to explain → null with a note.
    let ratings: Vec<Value> = (0..3)
        .flat_map(|i| {
            let c = format!("c{i}");
            [rating(&c, "x", "a", 3.0), rating(&c, "x", "b", 3.0)]
        })
        .collect();
    let out = calibrate_value(&json!({ "ratings": ratings })).unwrap();
    assert!(out["agreement"]["icc_2_1"].is_null());
    assert_eq!(out["agreement"]["notes"][0]["code"], "no_variance");
    assert_eq!(
        out["agreement"]["pairs"][0]["notes"][0]["code"],
        "kappa_undefined"
    );
    assert_eq!(out["agreement"]["pairs"][0]["exact_agreement"], 1.0);
}

#[test]
fn icc_uses_the_largest_complete_panel() {
    // Panel {a, b, c} on 4 candidates, {a, b} only on 2 more, d alone on one.
    let mut ratings = Vec::new();
    let table = [
        [4.0, 3.0, 5.0],
        [2.0, 2.0, 3.0],
        [5.0, 4.0, 5.0],
        [3.0, 1.0, 4.0],
    ];
    for (i, row) in table.iter().enumerate() {
        for (who, s) in ["a", "b", "c"].iter().zip(row) {
            ratings.push(rating(&format!("p{i}"), "x", who, *s));
        }
    }
    for (i, (x, y)) in [(3.0, 2.0), (4.0, 4.0)].iter().enumerate() {
        ratings.push(rating(&format!("q{i}"), "x", "a", *x));
        ratings.push(rating(&format!("q{i}"), "x", "b", *y));
    }
    ratings.push(rating("r0", "x", "d", 3.0));
    let out = calibrate_value(&json!({ "ratings": ratings })).unwrap();
    let a = &out["agreement"];
    // {a,b,c} × 4 = 12 ratings beats {a,b} × 6 = 12? Tie on ratings → more targets: {a, b}.
    assert_eq!(a["icc_raters"], json!(["a", "b"]));
    assert_eq!(a["icc_targets"], 6);
    let rows: Vec<Vec<f64>> = table
        .iter()
        .map(|r| vec![r[0], r[1]])
        .chain([vec![3.0, 2.0], vec![4.0, 4.0]])
        .collect();
    let expected = icc2(&rows).unwrap().icc_2_1;
    assert_eq!(a["icc_2_1"], (expected * 1e4).round() / 1e4);
    assert_eq!(a["notes"], json!([]));
    // Add one more full-panel candidate: {a,b,c} × 5 = 15 > 12 wins, and the two
    // two-rater candidates are left out with a note.
    ratings.push(rating("p9", "x", "a", 4.0));
    ratings.push(rating("p9", "x", "b", 4.0));
    ratings.push(rating("p9", "x", "c", 3.0));
    let out = calibrate_value(&json!({ "ratings": ratings })).unwrap();
    let a = &out["agreement"];
    assert_eq!(a["icc_raters"], json!(["a", "b", "c"]));
    assert_eq!(a["icc_targets"], 5);
    assert_eq!(a["notes"][0]["code"], "icc_subset");
    // d never shares a candidate: no pair with d.
    assert!(a["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| !p["raters"].as_array().unwrap().contains(&json!("d"))));
    assert_eq!(out["raters"]["d"]["n"], 0);
    assert!(out["raters"]["d"]["leniency"].is_null());
}

#[test]
fn median_aggregation_and_ai_reference() {
    let req = json!({
        "aggregate": "median",
        "reference": "ai",
        "ratings": [rating("c1", "x", "a", 1.0), rating("c1", "x", "b", 4.0), rating("c1", "x", "c", 5.0),
                    rating("c2", "x", "a", 2.0), rating("c2", "x", "b", 4.0)],
        "ai": [{"candidate_id": "c1", "competency": "x", "score": 4}],
    });
    let out = calibrate_value(&req).unwrap();
    assert_eq!(out["aggregate"], "median");
    assert_eq!(out["panel"][0]["score"], 4.0);
    assert_eq!(out["panel"][0]["method"], "median");
    assert_eq!(out["panel"][1]["score"], 3.0);
    assert_eq!(out["panel"][1]["n"], 2);
    // Divergence still uses the mean: (1 + 4 + 5) / 3 = 3.3333.
    assert_eq!(out["divergence"][0]["interviewer_mean"], 3.3333);
    // Against the AI, only c1 has a reference: a is 3 below it.
    assert_eq!(out["raters"]["a"]["n"], 1);
    assert_eq!(out["raters"]["a"]["leniency"], -3.0);
    assert_eq!(out["raters"]["b"]["leniency"], 0.0);
}
