//! Development suggestions and success profiles on the hand-made fixtures in
//! `tests/fixtures/develop/`; every expected number was worked out by hand (see the comments).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use interviewkit_core::develop::success::two_by_two;
use interviewkit_core::develop::{
    develop, develop_value, success_profile, success_profile_value, DevelopRequest, SuccessRequest,
};
use interviewkit_core::Error;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/develop")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn close(actual: &Value, expected: f64, tol: f64) {
    let a = actual.as_f64().unwrap_or(f64::NAN);
    assert!((a - expected).abs() <= tol, "{actual} != {expected}");
}

fn error_name(result: interviewkit_core::Result<Value>) -> String {
    match result {
        Err(Error::InvalidArgument { name, .. }) => name,
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

fn course<'a>(gap: &'a Value, id: &str) -> &'a Value {
    gap["courses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["course_id"] == id)
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// develop
// ---------------------------------------------------------------------------------------------

#[test]
fn median_time_to_proficiency_from_history() {
    let out = develop_value(&fixture("develop_basic.json")).unwrap();
    let sql = &out["gaps"][0];
    assert_eq!(sql["id"], "sql");
    assert_eq!(sql["kind"], "skill");
    close(&sql["bar"], 3.0, 0.0); // from `bars`: the matching gap has no target
    let basic = course(sql, "c_sql_basic");
    // Took c_sql_basic: e1 (2025-01-10 → first ≥ 3 on 2025-02-09: 30 days), e2 (2025-02-01 →
    // 2025-04-12: 70 days; the 2.5 on 2025-03-03 is below the bar), e3 (2025-03 = 2025-03-01 →
    // 2025-03-21 in UTC: 20 days), e4 (at the bar before the course: left out), e5 (assessed at
    // 2 afterwards: not reached). Days [20, 30, 70]: median 30; p25 = 20 + 0.5 × 10 = 25;
    // p75 = 30 + 0.5 × 40 = 50.
    let t = &basic["time_to_proficiency"];
    assert_eq!(t["source"], "history");
    assert_eq!(t["n"], 3);
    close(&t["days"], 30.0, 0.0);
    close(&t["p25"], 25.0, 0.0);
    close(&t["p75"], 50.0, 0.0);
    let e = &basic["evidence"];
    assert_eq!(e["n"], 4);
    assert_eq!(e["reached"], 3);
    assert_eq!(e["not_reached"], 1);
    assert_eq!(e["already_proficient"], 1);
    close(&e["rate"], 0.6667, 1e-9); // (3 + 1) / (4 + 2)
}

#[test]
fn default_fallback_below_min_n() {
    let out = develop_value(&fixture("develop_basic.json")).unwrap();
    let sql = &out["gaps"][0];
    // c_sql_adv: one employee (e6) reached the bar, fewer than 3: default 14 + 1 × 16 h +
    // 30 × 1 level (gap size unknown) = 60 days.
    let adv = course(sql, "c_sql_adv");
    let t = &adv["time_to_proficiency"];
    assert_eq!(t["source"], "default");
    assert_eq!(t["n"], 1);
    close(&t["days"], 60.0, 0.0);
    assert!(t["p25"].is_null());
    assert!(t["basis"]["en"].as_str().unwrap().contains("fewer than 3"));
    // communication 2 → 4 with c_comm (6 h): 14 + 6 + 30 × 2 = 80 days.
    let comm = &out["gaps"][1];
    let t = &course(comm, "c_comm")["time_to_proficiency"];
    assert_eq!(t["source"], "default");
    close(&t["days"], 80.0, 0.0);
    // min_n 1 turns c_sql_adv's single observation (14 days) into history.
    let mut request = fixture("develop_basic.json");
    request["defaults"] = json!({"min_n": 1});
    let out = develop_value(&request).unwrap();
    let t = &course(&out["gaps"][0], "c_sql_adv")["time_to_proficiency"];
    assert_eq!(t["source"], "history");
    close(&t["days"], 14.0, 0.0);
    // Other default parameters.
    let mut request = fixture("develop_basic.json");
    request["defaults"] = json!({"base_days": 0, "days_per_hour": 2, "days_per_level": 10});
    let out = develop_value(&request).unwrap();
    let t = &course(&out["gaps"][1], "c_comm")["time_to_proficiency"];
    close(&t["days"], 32.0, 0.0); // 0 + 2 × 6 + 10 × 2
}

#[test]
fn ranking_scores_by_hand() {
    let out = develop_value(&fixture("develop_basic.json")).unwrap();
    // Three gaps take courses (sql, communication, rust; the experience gap is left out).
    let sql = &out["gaps"][0];
    let order: Vec<&str> = sql["courses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["course_id"].as_str().unwrap())
        .collect();
    // c_sql_basic: 0.5 × 1/3 + 0.25 × 1 (beginner, as a missing skill needs) + 0.25 × 4/6;
    // c_data: 0.5 × 2/3 (covers sql and communication) + 0.25 × 0 (advanced) + 0.25 × 0.5;
    // c_sql_adv: 0.5 × 1/3 + 0 + 0.25 × 2/3.
    assert_eq!(order, vec!["c_sql_basic", "c_data", "c_sql_adv"]);
    close(&sql["courses"][0]["score"], 0.5833, 1e-9);
    close(&sql["courses"][1]["score"], 0.4583, 1e-9);
    close(&sql["courses"][2]["score"], 0.3333, 1e-9);
    assert_eq!(sql["courses"][0]["rank"], 1);
    assert_eq!(sql["courses"][1]["also_covers"], json!(["communication"]));
    close(&sql["courses"][1]["coverage"], 0.6667, 1e-9);
    // Reasons in both languages.
    for r in sql["courses"][0]["reasons"].as_array().unwrap() {
        assert!(!r["en"].as_str().unwrap().is_empty() && !r["zh"].as_str().unwrap().is_empty());
    }
    // Title given as a string serves both languages.
    assert_eq!(
        sql["courses"][1]["title"],
        json!({"en": "Data storytelling", "zh": "Data storytelling"})
    );
    // communication at 2 on 1–5 needs a beginner course: c_comm (0.5/3 + 0.25 + 0.125 = 0.5417)
    // beats c_data (0.4583).
    let comm = &out["gaps"][1];
    assert_eq!(comm["courses"][0]["course_id"], "c_comm");
    close(&comm["courses"][0]["score"], 0.5417, 1e-9);
    // The experience gap is a warning.
    assert_eq!(out["gaps"].as_array().unwrap().len(), 3);
    assert!(out["warnings"][0]["en"]
        .as_str()
        .unwrap()
        .contains("experience"));
}

#[test]
fn ranking_by_coverage() {
    // Two courses alike except that one also covers the second gap: it ranks first.
    let out = develop_value(&json!({
        "gaps": [{"kind": "skill", "id": "a"}, {"kind": "skill", "id": "b"}],
        "catalog": [
            {"course_id": "narrow", "title": "A", "skills": ["a"], "hours": 4},
            {"course_id": "broad", "title": "A+B", "skills": ["a", "b"], "hours": 4},
        ],
    }))
    .unwrap();
    let a = &out["gaps"][0];
    assert_eq!(a["courses"][0]["course_id"], "broad");
    close(&a["courses"][0]["coverage"], 1.0, 0.0);
    close(&a["courses"][1]["coverage"], 0.5, 0.0);
    // 0.5 × 1 + 0.25 × 0.5 (level unknown) + 0.25 × 0.5 (no evidence) = 0.75; narrow 0.5.
    close(&a["courses"][0]["score"], 0.75, 0.0);
    close(&a["courses"][1]["score"], 0.5, 0.0);
    // `limit` keeps the best.
    let out = develop_value(&json!({
        "gaps": [{"kind": "skill", "id": "a"}, {"kind": "skill", "id": "b"}],
        "catalog": [
            {"course_id": "narrow", "title": "A", "skills": ["a"]},
            {"course_id": "broad", "title": "A+B", "skills": ["a", "b"]},
        ],
        "limit": 1,
    }))
    .unwrap();
    assert_eq!(out["gaps"][0]["courses"].as_array().unwrap().len(), 1);
}

#[test]
fn no_course_covers_is_a_message() {
    let out = develop_value(&fixture("develop_basic.json")).unwrap();
    let rust = &out["gaps"][2];
    assert_eq!(rust["id"], "rust");
    assert_eq!(rust["courses"], json!([]));
    assert_eq!(
        rust["message"]["en"],
        "No course in the catalogue covers rust."
    );
    assert_eq!(rust["message"]["zh"], "课程目录中没有覆盖 rust 的课程。");
    // An empty catalogue is not an error.
    let out = develop_value(&json!({"gaps": [{"kind": "competency", "id": "x"}], "catalog": []}))
        .unwrap();
    assert!(out["gaps"][0]["message"]["en"].is_string());
}

#[test]
fn gaps_from_a_scorecard_and_bars() {
    let card = json!({"schema_version": 1, "kind": "scorecard", "id": "sc1",
        "competencies": [
            {"competency": "communication", "fused_score": 2.5},
            {"competency": "teamwork", "interviewer_scores": [
                {"interviewer_id": "a", "score": 3}, {"interviewer_id": "b", "score": 4}]},
            {"competency": "logic", "ai_score": 4.5}]});
    let out = develop_value(&json!({
        "scorecard": card,
        "bars": {"communication": 4, "teamwork": 4, "logic": 4},
        "catalog": [{"course_id": "c", "title": "T", "competencies": ["teamwork"], "hours": 10}],
    }))
    .unwrap();
    // communication 2.5 < 4 and teamwork (3 + 4) / 2 = 3.5 < 4 are gaps; logic 4.5 is not.
    let ids: Vec<&str> = out["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["communication", "teamwork"]);
    close(&out["gaps"][1]["current"], 3.5, 0.0);
    // teamwork 3.5 → 4: 14 + 10 + 30 × 0.5 = 39 days.
    close(
        &out["gaps"][1]["courses"][0]["time_to_proficiency"]["days"],
        39.0,
        0.0,
    );
    // A scorecard without bars names `bars`.
    assert_eq!(
        error_name(develop_value(&json!({"scorecard": card, "catalog": []}))),
        "/bars"
    );
}

#[test]
fn develop_bad_inputs_name_the_field() {
    let base = fixture("develop_basic.json");
    let mut r = base.clone();
    r["catalog"][1]["hours"] = json!(-2);
    assert_eq!(error_name(develop_value(&r)), "/catalog/1/hours");
    let mut r = base.clone();
    r["catalog"][0]["price"] = json!(3);
    assert_eq!(error_name(develop_value(&r)), "/catalog/0/price");
    let mut r = base.clone();
    r["catalog"][2]["course_id"] = json!("c_sql_basic");
    assert_eq!(error_name(develop_value(&r)), "/catalog/2/course_id");
    let mut r = base.clone();
    r["catalog"][0]["level"] = json!("expert");
    assert_eq!(error_name(develop_value(&r)), "/catalog/0/level");
    let mut r = base.clone();
    r["gaps"][1].as_object_mut().unwrap().remove("kind");
    assert_eq!(error_name(develop_value(&r)), "/gaps/1/kind");
    let mut r = base.clone();
    r["history"]["assessments"][2]["at"] = json!("March 3rd");
    assert_eq!(error_name(develop_value(&r)), "/history/assessments/2/at");
    let mut r = base.clone();
    r["history"]["assessments"][2]["score"] = json!("high");
    assert_eq!(
        error_name(develop_value(&r)),
        "/history/assessments/2/score"
    );
    let mut r = base.clone();
    r["history"]["employees"][1]["trainings"][0]["completed_at"] = json!("2025-13");
    assert_eq!(
        error_name(develop_value(&r)),
        "/history/employees/1/trainings/0/completed_at"
    );
    let mut r = base.clone();
    r["limit"] = json!(0);
    assert_eq!(error_name(develop_value(&r)), "/limit");
    let mut r = base.clone();
    r["defaults"] = json!({"min": 3});
    assert_eq!(error_name(develop_value(&r)), "/defaults/min");
    let mut r = base.clone();
    r.as_object_mut().unwrap().remove("catalog");
    assert_eq!(error_name(develop_value(&r)), "/catalog");
    assert_eq!(error_name(develop_value(&json!({"catalog": []}))), "/gaps");
    assert_eq!(
        error_name(develop_value(&json!({"catalog": [], "gapz": []}))),
        "/gapz"
    );
}

#[test]
fn develop_is_deterministic() {
    let request = fixture("develop_basic.json");
    let a = serde_json::to_string(&develop_value(&request).unwrap()).unwrap();
    let b = serde_json::to_string(&develop_value(&request).unwrap()).unwrap();
    assert_eq!(a, b);
    let typed = develop(&DevelopRequest::from_value(&request).unwrap()).unwrap();
    assert_eq!(serde_json::to_string(&typed).unwrap(), a);
}

// ---------------------------------------------------------------------------------------------
// success profile
// ---------------------------------------------------------------------------------------------

const Z95: f64 = 1.959_963_984_540_054;

#[test]
fn two_by_two_by_hand() {
    // Top 3 of 4 have it, the rest 1 of 6. lift = 0.75 / 0.4 = 1.875; RR = 0.75 / (1/6) = 4.5;
    // Katz: se = sqrt(1/3 − 1/4 + 1/1 − 1/6) = 0.957427; RR CI = exp(ln 4.5 ± 1.959964 × se)
    // = [0.689047, 29.388400]; lift = r / (0.4 r + 0.6) → [0.786926, 2.378595].
    let s = two_by_two(3, 1, 1, 5, Z95).unwrap();
    assert!((s.lift - 1.875).abs() < 1e-12);
    assert!((s.risk_ratio.unwrap() - 4.5).abs() < 1e-12);
    assert!((s.risk_ratio_ci[0] - 0.689_047_374_3).abs() < 1e-8);
    assert!((s.risk_ratio_ci[1] - 29.388_400_209_8).abs() < 1e-7);
    assert!((s.lift_ci[0] - 0.786_926_064_7).abs() < 1e-8);
    assert!((s.lift_ci[1] - 2.378_595_201_6).abs() < 1e-8);
    assert!(!s.corrected);
    // A zero cell: 0.5 added to each for the interval; RR undefined; lift = 0.75 / 0.3 = 2.5.
    let s = two_by_two(3, 1, 0, 6, Z95).unwrap();
    assert!(s.corrected);
    assert_eq!(s.risk_ratio, None);
    assert!((s.lift - 2.5).abs() < 1e-12);
    assert!((s.lift_ci[0] - 0.745_959_388_1).abs() < 1e-8);
    assert!((s.lift_ci[1] - 2.475_337_318_4).abs() < 1e-8);
    assert_eq!(two_by_two(0, 0, 1, 1, Z95), None);
    assert_eq!(two_by_two(0, 4, 0, 6, Z95), None);
}

#[test]
fn success_profile_on_feature_records() {
    let out = success_profile_value(&fixture("success_features.json")).unwrap();
    assert_eq!(out["roles"][0]["role"], "ops");
    let sales = &out["roles"][1];
    assert_eq!(sales["role"], "sales");
    // 10 rated (the unrated one is left out, with a warning); 4 at ≥ 4.5.
    assert_eq!(sales["n"], 10);
    assert_eq!(sales["n_top"], 4);
    assert!(out["warnings"][0]["en"]
        .as_str()
        .unwrap()
        .starts_with("1 record without a rating was left out"));
    let features = sales["features"].as_array().unwrap();
    let names: Vec<&str> = features
        .iter()
        .map(|f| f["feature"].as_str().unwrap())
        .collect();
    // skill:crm and years>5 share the table (3/4 vs 1/6, lift 1.875; ties by name);
    // degree=master: 2/4 vs 1/6 → 0.5 / 0.3 = 1.6667; degree=bachelor: 2/4 vs 5/6 → 0.5 / 0.7.
    assert_eq!(
        names,
        vec!["skill:crm", "years>5", "degree=master", "degree=bachelor"]
    );
    let crm = &features[0];
    assert_eq!(crm["kind"], "boolean");
    assert_eq!(crm["top_with"], 3);
    assert_eq!(crm["top_n"], 4);
    assert_eq!(crm["rest_with"], 1);
    assert_eq!(crm["rest_n"], 6);
    close(&crm["lift"], 1.875, 0.0);
    close(&crm["lift_ci"][0], 0.7869, 1e-12);
    close(&crm["lift_ci"][1], 2.3786, 1e-12);
    close(&crm["risk_ratio"], 4.5, 0.0);
    close(&crm["risk_ratio_ci"][0], 0.6890, 1e-12);
    close(&crm["risk_ratio_ci"][1], 29.3884, 1e-12);
    assert_eq!(crm["differs"], false); // the interval includes 1
    assert_eq!(crm["small_support"], false); // 3 ≥ min_support 3
    assert_eq!(
        crm["text"]["en"],
        "Top performers in sales: 75% have skill:crm vs 40% of everyone (lift 1.88, 95% CI 0.79–2.38)."
    );
    assert!(crm["text"]["zh"].as_str().unwrap().contains("提升度 1.88"));
    // Numeric: split at the median of all ten values, 5; medians 6.5 (top) and 3.5 (rest).
    let years = &features[1];
    assert_eq!(years["kind"], "numeric");
    close(&years["threshold"], 5.0, 0.0);
    close(&years["median_top"], 6.5, 0.0);
    close(&years["median_rest"], 3.5, 0.0);
    let master = &features[2];
    assert_eq!(master["kind"], "category");
    assert_eq!(master["value"], "master");
    close(&master["lift"], 1.6667, 1e-12);
    assert_eq!(master["small_support"], true); // 2 < 3
                                               // ops: every employee is a top performer: a note, no features.
    let ops = &out["roles"][0];
    assert_eq!(ops["n_top"], 3);
    assert_eq!(ops["features"], json!([]));
    assert!(ops["note"]["en"].is_string());
    // Overall: 13 rated employees, 7 top.
    assert_eq!(out["overall"]["n"], 13);
    assert_eq!(out["overall"]["n_top"], 7);
    assert!(out["notes"][1]["en"]
        .as_str()
        .unwrap()
        .contains("not a cause"));
}

#[test]
fn success_profile_label_rule() {
    let out = success_profile_value(&json!({
        "records": [
            {"employee_id": "a", "role": "r", "features": {"top": true, "x": true}},
            {"employee_id": "b", "role": "r", "features": {"top": 1, "x": true}},
            {"employee_id": "c", "role": "r", "features": {"top": false, "x": false}},
            {"employee_id": "d", "role": "r", "features": {"top": 0}},
        ],
        "top": {"label": "top"},
    }))
    .unwrap();
    let f = &out["roles"][0]["features"];
    // The label itself is not a feature. x: 2/2 vs 0/2 → lift 1 / 0.5 = 2 (corrected interval).
    assert_eq!(f.as_array().unwrap().len(), 1);
    assert_eq!(f[0]["feature"], "x");
    close(&f[0]["lift"], 2.0, 0.0);
    assert_eq!(f[0]["corrected"], true);
    assert!(f[0]["risk_ratio"].is_null());
}

#[test]
fn success_profile_from_employee_records() {
    let emp = |id: &str, cand: &str, ratings: &[(&str, f64)], trained: bool| {
        let mut e = json!({"schema_version": 1, "kind": "employee_record", "employee_id": id,
            "candidate_id": cand, "hire_date": "2024-01-01",
            "positions": [{"title": "Intern", "start_date": "2023-06-01"},
                          {"title": "Analyst", "start_date": "2024-01-01"}],
            "performance_reviews": ratings.iter().map(|(p, r)| json!({"period": p, "rating": r})).collect::<Vec<_>>()});
        if trained {
            e["trainings"] = json!([{"name": "SQL", "course_id": "T1", "hours": 8}]);
        }
        e
    };
    let out = success_profile_value(&json!({
        "records": [
            emp("e1", "c1", &[("2024", 5.0)], true),
            emp("e2", "c2", &[("2023", 3.0), ("2024", 4.8)], true),
            emp("e3", "c3", &[("2024", 3.0)], false),
            emp("e4", "c4", &[("2023", 5.0), ("2024", 2.0)], false),
        ],
        "scorecards": [{"schema_version": 1, "kind": "scorecard", "id": "s1", "candidate_id": "c1",
                        "competencies": [{"competency": "Communication", "fused_score": 4.5}]}],
        "resumes": [{"schema_version": 1, "kind": "resume", "candidate_id": "c1",
                     "education": [{"degree": "master"}],
                     "experience": [{"start_date": "2020-01", "end_date": "2022-01"}],
                     "skills": [{"name": "Python"}]}],
        "top": {"rule": "rating_at_least", "value": 4.5},
        "min_support": 1,
    }))
    .unwrap();
    // Role = the latest position's title; the latest review decides (e4's 2024 rating is 2).
    let r = &out["roles"][0];
    assert_eq!(r["role"], "Analyst");
    assert_eq!(r["n_top"], 2);
    let features = r["features"].as_array().unwrap();
    let find = |name: &str| features.iter().find(|f| f["feature"] == name).unwrap();
    // training:t1 — 2/2 top vs 0/2 rest → lift 2.
    close(&find("training:t1")["lift"], 2.0, 0.0);
    // Derived from e1's scorecard (4.5 ≥ default bar 4) and resume.
    close(&find("competency:communication")["top_with"], 1.0, 0.0);
    close(&find("skill:python")["lift"], 2.0, 0.0);
    close(&find("degree=master")["lift"], 2.0, 0.0);
    assert!(features.iter().any(|f| f["name"] == "n_trainings"));
}

#[test]
fn success_bad_inputs_name_the_field() {
    let base = fixture("success_features.json");
    let mut r = base.clone();
    r["records"][3]["features"]["years"] = json!("many");
    assert_eq!(
        error_name(success_profile_value(&r)),
        "/records/3/features/years"
    );
    let mut r = base.clone();
    r["records"][2]["features"]["x"] = json!([1]);
    assert_eq!(
        error_name(success_profile_value(&r)),
        "/records/2/features/x"
    );
    let mut r = base.clone();
    r["records"][0]["salary"] = json!(1);
    assert_eq!(error_name(success_profile_value(&r)), "/records/0/salary");
    let mut r = base.clone();
    r["records"][0]["rating"] = json!("good");
    assert_eq!(error_name(success_profile_value(&r)), "/records/0/rating");
    let mut r = base.clone();
    r["top"] = json!({"rule": "best"});
    assert_eq!(error_name(success_profile_value(&r)), "/top/rule");
    let mut r = base.clone();
    r["confidence"] = json!(1.5);
    assert_eq!(error_name(success_profile_value(&r)), "/confidence");
    let mut r = base.clone();
    r.as_object_mut().unwrap().remove("top");
    assert_eq!(error_name(success_profile_value(&r)), "/top");
    let mut r = base.clone();
    r["records"][1] = json!({"kind": "employee_record"});
    assert_eq!(error_name(success_profile_value(&r)), "/records/1");
    let r = json!({"records": [{"employee_id": "a", "role": "r", "features": {"top": "yes"}}],
                   "top": {"label": "top"}});
    assert_eq!(
        error_name(success_profile_value(&r)),
        "/records/0/features/top"
    );
}

#[test]
fn success_is_deterministic_and_confidence_changes_width() {
    let request = fixture("success_features.json");
    let a = serde_json::to_string(&success_profile_value(&request).unwrap()).unwrap();
    let b = serde_json::to_string(&success_profile_value(&request).unwrap()).unwrap();
    assert_eq!(a, b);
    let typed = success_profile(&SuccessRequest::from_value(&request).unwrap()).unwrap();
    assert_eq!(serde_json::to_string(&typed).unwrap(), a);
    let mut r = request.clone();
    r["confidence"] = json!(0.8);
    let out = success_profile_value(&r).unwrap();
    let narrow = &out["roles"][1]["features"][0]["lift_ci"];
    let wide = &success_profile_value(&request).unwrap()["roles"][1]["features"][0]["lift_ci"];
    assert!(narrow[0].as_f64().unwrap() > wide[0].as_f64().unwrap());
    assert!(narrow[1].as_f64().unwrap() < wide[1].as_f64().unwrap());
}
