//! Integration tests of the talent potential model through its JSON entry points.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use interviewkit_core::potential::{
    evaluate_value, fit_value, insights_value, predict_value, update_value,
};
use interviewkit_core::ErrorCode;
use serde_json::{json, Value};

fn fixture() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join("tests/fixtures/potential/rule.csv")).unwrap()
}

fn small_params() -> Value {
    json!({"min_data_in_leaf": 5, "cat_smooth": 2, "learning_rate": 0.2, "validation_fraction": 0.25})
}

fn fit_rule() -> Value {
    fit_value(
        &json!({"csv": fixture(), "label": "promoted", "id": "employee_id",
                      "params": small_params(), "created_at": "2025-01-01T00:00:00Z"}),
    )
    .unwrap()
}

fn code(e: interviewkit_core::Error) -> ErrorCode {
    e.code()
}

#[test]
fn a_known_rule_is_learned_with_auc_near_one() {
    let model = fit_rule();
    assert_eq!(model["format"], "interviewkit.potential.model");
    assert_eq!(model["model_version"], 1);
    assert_eq!(model["training"]["rows"], 300);
    assert_eq!(model["training"]["positives"], 58);
    let names: Vec<&str> = model["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "department",
            "education",
            "rating",
            "training_score",
            "tenure",
            "awards"
        ]
    );
    assert_eq!(model["features"][0]["kind"], "categorical");
    assert_eq!(model["features"][3]["kind"], "numeric");
    let report =
        evaluate_value(&json!({"model": model, "csv": fixture(), "label": "promoted"})).unwrap();
    assert_eq!(report["n"], 300);
    assert_eq!(report["positives"], 58);
    assert!(report["roc_auc"].as_f64().unwrap() > 0.97, "{report}");
    let val = &model["metrics"]["validation"];
    assert!(val["roc_auc"].as_f64().unwrap() > 0.9, "{val}");
    // Importance: the rule's features lead.
    let imp = model["importance"].as_array().unwrap();
    let gain = |name: &str| {
        imp.iter().find(|i| i["feature"] == name).unwrap()["gain"]
            .as_f64()
            .unwrap()
    };
    assert!(gain("training_score") > gain("tenure"));
    assert!(gain("training_score") > gain("education"));
}

#[test]
fn explanations_add_up_to_the_margin() {
    let model = fit_rule();
    let out = predict_value(&json!({"model": model, "csv": fixture(), "top": 100})).unwrap();
    let preds = out["predictions"].as_array().unwrap();
    assert_eq!(preds.len(), 300);
    assert_eq!(preds[0]["id"], "E0000");
    for p in preds {
        let contributions = p["contributions"].as_array().unwrap();
        assert_eq!(contributions.len(), 6);
        let sum: f64 = contributions
            .iter()
            .map(|c| c["contribution"].as_f64().unwrap())
            .sum();
        let base = p["base_value"].as_f64().unwrap();
        let margin = p["margin"].as_f64().unwrap();
        assert!((base + sum - margin).abs() < 1e-9, "{p}");
        // Sorted by |contribution|, descending.
        let abs: Vec<f64> = contributions
            .iter()
            .map(|c| c["contribution"].as_f64().unwrap().abs())
            .collect();
        assert!(abs.windows(2).all(|w| w[0] >= w[1]));
    }
    // A row the rule promotes scores above one it does not.
    let two = predict_value(&json!({"model": model, "top": 2, "records": [
        {"department": "Tech", "education": "Master", "rating": 4, "training_score": 95, "tenure": 3, "awards": 0},
        {"department": "Ops", "education": "Master", "rating": 4, "training_score": 45, "tenure": 3, "awards": 0}
    ]}))
    .unwrap();
    let p0 = two["predictions"][0]["probability"].as_f64().unwrap();
    let p1 = two["predictions"][1]["probability"].as_f64().unwrap();
    assert!(p0 > 0.5 && p1 < 0.2, "{p0} {p1}");
    assert_eq!(
        two["predictions"][0]["contributions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn fitting_is_deterministic_and_the_model_round_trips() {
    let a = fit_rule();
    let b = fit_rule();
    assert_eq!(a.to_string(), b.to_string());
    // Through text, pretty-printed, with keys in another order: still loads.
    let text = serde_json::to_string_pretty(&a).unwrap();
    let p1 = predict_value(&json!({"model": text, "csv": fixture()})).unwrap();
    let p2 = predict_value(&json!({"model": a, "csv": fixture()})).unwrap();
    assert_eq!(p1, p2);
    let mut reordered = serde_json::Map::new();
    for (k, v) in a.as_object().unwrap().iter().rev() {
        reordered.insert(k.clone(), v.clone());
    }
    assert!(predict_value(&json!({"model": reordered, "csv": fixture()})).is_ok());
    // Another seed gives another split.
    let c = fit_value(
        &json!({"csv": fixture(), "label": "promoted", "id": "employee_id",
        "params": {"min_data_in_leaf": 5, "cat_smooth": 2, "learning_rate": 0.2,
                   "validation_fraction": 0.25, "seed": 7}, "created_at": "2025-01-01T00:00:00Z"}),
    )
    .unwrap();
    assert_ne!(a["integrity"], c["integrity"]);
}

#[test]
fn tampered_and_newer_models_are_refused() {
    let model = fit_rule();
    let mut tampered = model.clone();
    let v = tampered["trees"][0]["value"][1].as_f64().unwrap();
    tampered["trees"][0]["value"][1] = json!(v + 1.0);
    let e = predict_value(&json!({"model": tampered, "csv": fixture()})).unwrap_err();
    assert_eq!(code(e), ErrorCode::IntegrityCheckFailed);
    let mut newer = model.clone();
    newer["format_version"] = json!(2);
    let e = predict_value(&json!({"model": newer, "csv": fixture()})).unwrap_err();
    assert_eq!(code(e), ErrorCode::UnsupportedSchemaVersion);
    let mut unsigned = model;
    unsigned.as_object_mut().unwrap().remove("integrity");
    let e = predict_value(&json!({"model": unsigned, "csv": fixture()})).unwrap_err();
    assert_eq!(code(e), ErrorCode::IntegrityCheckFailed);
}

#[test]
fn bad_labels_and_a_single_class_are_clear_errors() {
    let e = fit_value(&json!({"csv": "x,y\n1,0\n2,1\n3,yes\n", "label": "y"})).unwrap_err();
    assert_eq!(code(e), ErrorCode::InvalidArgument);
    let e = fit_value(&json!({"csv": "x,y\n1,0\n2,1\n3,yes\n", "label": "y"})).unwrap_err();
    assert!(e.to_string().contains("csv[2].y"), "{e}");
    let csv: String = std::iter::once("x,y".to_string())
        .chain((0..40).map(|i| format!("{i},0")))
        .collect::<Vec<_>>()
        .join("\n");
    let e = fit_value(&json!({"csv": csv, "label": "y"})).unwrap_err();
    assert!(e.to_string().contains("both classes"), "{e}");
    let e = fit_value(&json!({"csv": fixture(), "label": "nope"})).unwrap_err();
    assert!(e.to_string().contains("no column `nope`"), "{e}");
    let e =
        fit_value(&json!({"csv": fixture(), "label": "promoted", "params": {"learning_rte": 0.1}}))
            .unwrap_err();
    assert!(e.to_string().contains("params.learning_rte"), "{e}");
}

#[test]
fn constant_and_empty_columns_are_dropped_with_a_warning() {
    let mut csv = String::from("k,empty,x,y\n");
    for i in 0..60 {
        csv.push_str(&format!("same,,{},{}\n", i, u8::from(i % 3 == 0)));
    }
    let model = fit_value(&json!({"csv": csv, "label": "y"})).unwrap();
    assert_eq!(model["dropped"][0]["column"], "k");
    assert_eq!(model["dropped"][0]["reason"], "constant");
    assert_eq!(model["dropped"][1]["column"], "empty");
    assert_eq!(model["dropped"][1]["reason"], "all values missing");
    let warnings = model["warnings"].as_array().unwrap();
    assert!(warnings
        .iter()
        .any(|w| w.as_str().unwrap().contains("`k` dropped")));
    // No usable feature at all.
    let e = fit_value(
        &json!({"csv": "k,y\na,0\na,1\na,0\na,1\na,0\na,1\na,0\na,1\na,0\na,1\n", "label": "y"}),
    )
    .unwrap_err();
    assert!(e.to_string().contains("usable feature"), "{e}");
}

#[test]
fn unseen_categories_are_treated_as_missing_and_reported() {
    let model = fit_rule();
    let out = predict_value(&json!({"model": model, "records": [
        {"department": "Legal", "education": "PhD", "rating": null, "training_score": 90, "tenure": 2, "awards": 0}
    ]}))
    .unwrap();
    assert!(out["predictions"][0]["probability"]
        .as_f64()
        .unwrap()
        .is_finite());
    let warnings = out["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2, "{out}");
    assert!(warnings[0].as_str().unwrap().contains("`department`"));
    // Text in a numeric column is an error naming the cell.
    let e = predict_value(&json!({"model": model, "records": [
        {"department": "Tech", "education": "PhD", "rating": "high", "training_score": 90, "tenure": 2, "awards": 0}
    ]}))
    .unwrap_err();
    assert!(e.to_string().contains("records[0].rating"), "{e}");
    // A missing feature column is an error.
    let e =
        predict_value(&json!({"model": model, "records": [{"department": "Tech"}]})).unwrap_err();
    assert!(e.to_string().contains("education"), "{e}");
}

#[test]
fn evaluate_reports_validity_range_restriction_and_adverse_impact() {
    let model = fit_rule();
    let report = evaluate_value(
        &json!({"model": model, "csv": fixture(), "label": "promoted",
        "group": "department", "unrestricted_sd": 0.5, "bootstrap": 200, "seed": 3}),
    )
    .unwrap();
    let r = report["validity"]["r"].as_f64().unwrap();
    let lo = report["validity"]["ci_low"].as_f64().unwrap();
    let hi = report["validity"]["ci_high"].as_f64().unwrap();
    assert!(lo <= r && r <= hi && r > 0.5, "{report}");
    let rr = &report["range_restriction"];
    let s = rr["restricted_sd"].as_f64().unwrap();
    let u = s / 0.5;
    let expect = r * (1.0 / u) / (1.0 + r * r * (1.0 / (u * u) - 1.0)).sqrt();
    assert!((rr["corrected_r"].as_f64().unwrap() - expect).abs() < 1e-12);
    let ai = &report["adverse_impact"];
    assert_eq!(ai["rule"], "top_share");
    let groups = ai["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 4);
    assert_eq!(groups[0]["group"], "HR");
    let total: u64 = groups.iter().map(|g| g["n"].as_u64().unwrap()).sum();
    assert_eq!(total, 300);
    // Ops and HR are rarely promoted by the rule: impact ratio well below 4/5.
    assert_eq!(ai["four_fifths_violated"], true);
    // Same seed, same interval.
    let again = evaluate_value(
        &json!({"model": model, "csv": fixture(), "label": "promoted",
        "group": "department", "unrestricted_sd": 0.5, "bootstrap": 200, "seed": 3}),
    )
    .unwrap();
    assert_eq!(report, again);
}

#[test]
fn update_writes_a_new_version_and_reports_drift() {
    let model = fit_rule();
    let out = update_value(&json!({"model": model, "csv": fixture(), "mode": "refit"})).unwrap();
    let new = &out["model"];
    assert_eq!(new["model_version"], 2);
    assert_eq!(new["parent_hash"], model["integrity"]["content_hash"]);
    // Same data: every PSI is exactly 0.
    for (_, psi) in out["drift"].as_object().unwrap() {
        assert_eq!(psi.as_f64().unwrap(), 0.0);
    }
    assert!(out["metrics_before"]["roc_auc"].as_f64().is_some());
    // Shifted data: the training score moves up, its PSI is large.
    let shifted: String = fixture()
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                return line.to_string();
            }
            let mut f: Vec<String> = line.split(',').map(String::from).collect();
            let s: u32 = f[4].parse().unwrap();
            f[4] = (s + 30).to_string();
            f.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let out = update_value(&json!({"model": model, "csv": shifted, "mode": "warm_start"})).unwrap();
    assert!(
        out["drift"]["training_score"].as_f64().unwrap() > 0.25,
        "{}",
        out["drift"]
    );
    assert_eq!(out["drift"]["department"].as_f64().unwrap(), 0.0);
    let new = &out["model"];
    assert!(new["trees"].as_array().unwrap().len() >= model["trees"].as_array().unwrap().len());
    // The new model loads (its hash is valid); the old one is unchanged and still loads.
    assert!(predict_value(&json!({"model": new, "csv": fixture()})).is_ok());
    assert!(predict_value(&json!({"model": model, "csv": fixture()})).is_ok());
    let e = update_value(&json!({"model": model, "csv": fixture(), "mode": "magic"})).unwrap_err();
    assert_eq!(code(e), ErrorCode::InvalidArgument);
}

#[test]
fn insights_rank_bands_with_hand_checked_numbers() {
    let out = insights_value(
        &json!({"csv": fixture(), "label": "promoted", "id": "employee_id",
                                     "min_support": 10}),
    )
    .unwrap();
    assert_eq!(out["n"], 300);
    assert_eq!(out["positives"], 58);
    let list = out["insights"].as_array().unwrap();
    // awards = 1: rows 0, 23, ..., 299 (14 rows), all promoted by the rule.
    let top = &list[0];
    assert_eq!(top["band"], "awards = 1");
    assert_eq!(top["support"], 14);
    assert_eq!(top["positives"], 14);
    assert!((top["lift"].as_f64().unwrap() - 300.0 / 58.0).abs() < 1e-12);
    // Wilson interval of 14/14 at 95%: low = n / (n + z^2).
    let z2 = 1.959_963_984_540_054_f64.powi(2);
    assert!((top["ci_low"].as_f64().unwrap() - 14.0 / (14.0 + z2)).abs() < 1e-12);
    assert_eq!(top["significant"], true);
    // Lifts are sorted.
    let lifts: Vec<f64> = list.iter().map(|i| i["lift"].as_f64().unwrap()).collect();
    assert!(lifts.windows(2).all(|w| w[0] >= w[1]));
    // Missing values form their own band.
    assert!(list.iter().any(|i| i["band"] == "rating is missing"));
    assert!(list.iter().all(|i| i["feature"] != "employee_id"));
}
