#![allow(clippy::unwrap_used)]
//! Archive features and labels for the potential model: the decision-date cut-off (leakage),
//! each label kind against hand-computed values, skipped rows, and bad input.

use interviewkit_core::potential::archive::archive_table;
use interviewkit_core::potential::{
    evaluate_value, fit_value, insights_value, predict_value, update_value,
};
use interviewkit_core::ErrorCode;
use serde_json::{json, Map, Value};

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/potential/archive.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn emp(id: &str, extra: Value) -> Value {
    let mut doc = json!({"schema_version": 1, "kind": "employee_record", "employee_id": id});
    for (k, v) in extra.as_object().unwrap() {
        doc[k] = v.clone();
    }
    doc
}

/// One employee known in detail at 2023-01-01, plus a scorecard and a resume.
fn base_docs() -> Vec<Value> {
    vec![
        emp(
            "a1",
            json!({
                "candidate_id": "c1",
                "hire_date": "2022-01-10",
                "positions": [
                    {"title": "Analyst", "department": "sales", "grade": "P4",
                     "start_date": "2022-01-10", "end_date": "2023-03-01"},
                    {"title": "Senior", "department": "sales", "grade": "P5",
                     "start_date": "2023-03-01"}],
                "promotions": [{"date": "2023-03-01", "from_grade": "P4", "to_grade": "P5"}],
                "performance_reviews": [
                    {"period": "2022-H1", "rating": 3, "scale_max": 5, "date": "2022-07-01"},
                    {"period": "2022-H2", "rating": 8, "scale_max": 10, "date": "2022-12-15"},
                    {"period": "2023-H1", "rating": 3, "scale_max": 5, "date": "2023-06-15"}],
                "trainings": [
                    {"name": "Onboarding", "completed_at": "2021-12-20", "hours": 8},
                    {"name": "Excel", "completed_at": "2022-06-01", "hours": 4},
                    {"name": "Undated", "hours": 100},
                    {"name": "Leadership", "completed_at": "2023-02-01", "hours": 10}],
                "scorecard_ids": ["s1"]
            }),
        ),
        json!({"schema_version": 1, "kind": "scorecard", "id": "s1", "candidate_id": "c1",
               "scale": {"min": 1, "max": 5}, "overall": 4,
               "competencies": [
                   {"competency": "communication", "ai_score": 2, "fused_score": 4},
                   {"competency": "logic", "ai_score": 3},
                   {"competency": "drive", "interviewer_scores": [
                       {"interviewer_id": "i1", "score": 3, "rated_at": "2021-11-02T10:00:00Z"},
                       {"interviewer_id": "i2", "score": 5, "rated_at": "2021-11-03T10:00:00+08:00"}]}]}),
        json!({"schema_version": 1, "kind": "resume", "candidate_id": "c1",
               "education": [
                   {"institution": "U1", "degree": "bachelor", "end_date": "2017-06"},
                   {"institution": "U2", "degree": "master", "end_date": "2024-06"}],
               "experience": [
                   {"organization": "X", "start_date": "2018-01-01", "end_date": "2020-01-01"},
                   {"organization": "Y", "start_date": "2019-01", "end_date": "2021-07"},
                   {"organization": "Z", "start_date": "2023-05"}],
               "skills": [{"name": "SQL"}, {"name": "Python"}],
               "certifications": [{"name": "CPA", "date": "2020"}, {"name": "CFA", "date": "2024"}],
               "languages": [{"language": "English"}]}),
        json!({"schema_version": 1, "kind": "candidate", "id": "c1"}),
    ]
}

fn row_of(archive: Value) -> Map<String, Value> {
    let (rows, _) = archive_table(&archive).unwrap();
    assert_eq!(rows.len(), 1);
    rows.into_iter().next().unwrap()
}

fn err(archive: Value) -> (ErrorCode, String) {
    let e = archive_table(&archive).unwrap_err();
    (e.code(), e.to_string())
}

#[test]
fn features_at_a_fixed_decision_date_by_hand() {
    let row = row_of(json!({"documents": base_docs(), "decision": {"date": "2023-01-01"}}));
    // 2022-01-10 → 2023-01-01: 11 completed months.
    assert_eq!(row["tenure_months"], json!(11.0));
    // Trainings on 2021-12-20 and 2022-06-01; the undated one and the 2023 one are not used.
    assert_eq!(row["n_trainings"], json!(2));
    assert_eq!(row["training_hours"], json!(12.0));
    // Reviews 3/5 and 8/10 before the cut-off.
    assert_eq!(row["n_reviews"], json!(2));
    assert!((row["perf_mean"].as_f64().unwrap() - 0.7).abs() < 1e-12);
    assert!((row["perf_last"].as_f64().unwrap() - 0.8).abs() < 1e-12);
    assert_eq!(row["n_promotions"], json!(0));
    assert_eq!(row["months_since_promotion"], Value::Null);
    assert_eq!(row["grade"], json!("P4"));
    assert_eq!(row["department"], json!("sales"));
    // Scale 1–5: overall 4 → 0.75; fused 4 → 0.75; AI 3 → 0.5; interviewers (3+5)/2 → 0.75.
    assert_eq!(row["interview_n_scorecards"], json!(1));
    assert_eq!(row["interview_overall"], json!(0.75));
    assert_eq!(row["competency_communication"], json!(0.75));
    assert_eq!(row["competency_logic"], json!(0.5));
    assert_eq!(row["competency_drive"], json!(0.75));
    // Bachelor (the 2024 master comes later); experience 2018-01..2021-07 merged = 42 months.
    assert_eq!(row["resume_degree_level"], json!(3));
    assert_eq!(row["resume_experience_years"], json!(3.5));
    assert_eq!(row["resume_n_skills"], json!(2));
    assert_eq!(row["resume_n_certifications"], json!(1));
    assert_eq!(row["resume_n_languages"], json!(1));
    // No label: no label column.
    assert!(!row.contains_key("promoted_within_12m"));
}

#[test]
fn events_after_the_decision_date_never_change_a_feature() {
    let before = row_of(json!({"documents": base_docs(), "decision": {"date": "2023-01-01"}}));
    let mut docs = base_docs();
    let e = &mut docs[0];
    e["trainings"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "Late", "completed_at": "2023-01-02", "hours": 40}));
    e["performance_reviews"]
        .as_array_mut()
        .unwrap()
        .push(json!({"period": "late", "rating": 1, "scale_max": 5, "date": "2023-01-02"}));
    e["promotions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"date": "2023-01-02", "from_grade": "P4", "to_grade": "P9"}));
    e["positions"].as_array_mut().unwrap().push(
        json!({"title": "Boss", "department": "board", "grade": "P9", "start_date": "2023-01-02"}),
    );
    e["scorecard_ids"].as_array_mut().unwrap().push(json!("s2"));
    docs.push(json!({"schema_version": 1, "kind": "scorecard", "id": "s2", "candidate_id": "c1",
        "scale": {"min": 1, "max": 5}, "overall": 1,
        "competencies": [{"competency": "communication", "ai_score": 1,
            "interviewer_scores": [{"interviewer_id": "i9", "score": 1, "rated_at": "2023-01-05T09:00:00Z"}]},
            {"competency": "newcomer", "ai_score": 5,
             "interviewer_scores": [{"interviewer_id": "i9", "score": 5, "rated_at": "2023-01-05T09:00:00Z"}]}]}));
    let after_docs = docs.clone();
    let (rows, report) =
        archive_table(&json!({"documents": after_docs, "decision": {"date": "2023-01-01"}}))
            .unwrap();
    let after = &rows[0];
    for (k, v) in &before {
        assert_eq!(&after[k], v, "feature `{k}` leaked a later event");
    }
    // A competency only a later card rates does not even become a column.
    assert!(!after.contains_key("competency_newcomer"));
    assert!(!report.features.contains(&"competency_newcomer".to_string()));

    // The same events on or before the decision date do count (the cut-off is not vacuous).
    let (rows, _) =
        archive_table(&json!({"documents": docs, "decision": {"date": "2023-01-05"}})).unwrap();
    assert_eq!(rows[0]["n_trainings"], json!(3));
    assert_eq!(rows[0]["n_promotions"], json!(1));
    assert_eq!(rows[0]["months_since_promotion"], json!(0.0));
    assert_eq!(rows[0]["grade"], json!("P9"));
    assert_eq!(rows[0]["interview_n_scorecards"], json!(2));
}

fn promo_docs() -> Vec<Value> {
    vec![
        // Promoted 13.5 months after hiring: outside a 12-month window, inside 14.
        emp(
            "a1",
            json!({"hire_date": "2022-01-10", "promotions": [{"date": "2023-02-25"}],
                   "positions": [{"title": "A", "start_date": "2022-01-10"}]}),
        ),
        // Promoted exactly 12 months later: inside (the window is (D, D + 12 months]).
        emp(
            "a2",
            json!({"hire_date": "2022-05-01", "promotions": [{"date": "2023-05-01"}],
                   "positions": [{"title": "A", "start_date": "2022-05-01"}]}),
        ),
        // Window not over at as_of.
        emp(
            "a3",
            json!({"hire_date": "2024-06-01", "positions": [{"title": "A", "start_date": "2024-06-01"}]}),
        ),
        // No date to decide at.
        emp("a4", json!({})),
    ]
}

#[test]
fn promoted_within_months_by_hand_with_skipped_rows() {
    let (rows, report) = archive_table(&json!({"documents": promo_docs(), "as_of": "2024-12-31",
        "label": {"kind": "promoted_within_months", "months": 12}}))
    .unwrap();
    let got: Vec<(Value, Value)> = rows
        .iter()
        .map(|r| (r["employee_id"].clone(), r["promoted_within_12m"].clone()))
        .collect();
    assert_eq!(got, vec![(json!("a1"), json!(0)), (json!("a2"), json!(1))]);
    assert_eq!(report.employees, 4);
    assert_eq!(report.rows, 2);
    let skipped: Vec<(&str, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.employee_id.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("a3", "outcome window not over at as_of"),
            (
                "a4",
                "no hire date or position to take the decision date from"
            )
        ]
    );
    assert_eq!(report.skipped_by_reason.values().sum::<u64>(), 2);

    let (rows, _) = archive_table(&json!({"documents": promo_docs(), "as_of": "2024-12-31",
        "label": {"kind": "promoted_within_months", "months": 14, "column": "p14"}}))
    .unwrap();
    assert_eq!(rows[0]["p14"], json!(1));

    // Default as_of: the latest date in the employee records (2024-06-01);
    // a 28-month window is over for a1 (2024-05-10) but not for a2 (2024-09-01).
    let (rows, report) = archive_table(&json!({"documents": promo_docs(),
        "label": {"kind": "promoted_within_months", "months": 28}}))
    .unwrap();
    assert_eq!(report.as_of.as_deref(), Some("2024-06-01"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["employee_id"], json!("a1"));
}

#[test]
fn retained_months_by_hand() {
    let docs = vec![
        emp(
            "r1",
            json!({"hire_date": "2022-02-01", "positions": [{"title": "A", "start_date": "2022-02-01"}]}),
        ),
        emp(
            "r2",
            json!({"hire_date": "2022-02-01",
                   "positions": [{"title": "A", "start_date": "2022-02-01", "end_date": "2022-12-31"}]}),
        ),
        // Ends exactly at D + 12 months: not still employed.
        emp(
            "r3",
            json!({"hire_date": "2022-02-01",
                   "positions": [{"title": "A", "start_date": "2022-02-01", "end_date": "2023-02-01"}]}),
        ),
        emp(
            "r4",
            json!({"hire_date": "2022-02-01",
                   "positions": [{"title": "A", "start_date": "2022-02-01", "end_date": "2023-02-02"}]}),
        ),
        // Left and came back later: not employed at D + 12 months.
        emp(
            "r5",
            json!({"hire_date": "2022-02-01",
                   "positions": [{"title": "A", "start_date": "2022-02-01", "end_date": "2022-06-01"},
                                 {"title": "B", "start_date": "2023-06-01"}]}),
        ),
        emp("r6", json!({"hire_date": "2022-02-01"})),
    ];
    let (rows, report) = archive_table(&json!({"documents": docs, "as_of": "2024-01-01",
        "label": {"kind": "retained_months"}}))
    .unwrap();
    let got: Vec<Value> = rows.iter().map(|r| r["retained_12m"].clone()).collect();
    assert_eq!(got, vec![json!(1), json!(0), json!(0), json!(1), json!(0)]);
    assert_eq!(
        report
            .skipped_by_reason
            .get("no positions to tell retention from"),
        Some(&1)
    );
}

#[test]
fn top_performance_share_by_hand() {
    let review = |date: &str, rating: f64, max: f64| json!({"period": date, "rating": rating, "scale_max": max, "date": date});
    let start = json!([{"title": "A", "start_date": "2021-01-01"}]);
    let docs = vec![
        // First review at or after 2022-07-01 is 5/5 = 1.0 (the later 1/5 is ignored).
        emp(
            "b1",
            json!({"hire_date": "2021-01-01", "positions": start,
                   "performance_reviews": [review("2022-12-15", 5.0, 5.0), review("2023-06-15", 1.0, 5.0)]}),
        ),
        emp(
            "b2",
            json!({"hire_date": "2021-01-01", "positions": start,
                   "performance_reviews": [review("2022-03-01", 5.0, 5.0), review("2022-12-15", 4.0, 5.0)]}),
        ),
        // 8/10 = 0.8 ties b2.
        emp(
            "b3",
            json!({"hire_date": "2021-01-01", "positions": start,
                   "performance_reviews": [review("2023-01-15", 8.0, 10.0)]}),
        ),
        emp(
            "b4",
            json!({"hire_date": "2021-01-01", "positions": start,
                   "performance_reviews": [review("2022-07-01", 3.0, 5.0)]}),
        ),
        // Only a review before the window's end.
        emp(
            "b5",
            json!({"hire_date": "2021-01-01", "positions": start,
                   "performance_reviews": [review("2022-06-30", 5.0, 5.0)]}),
        ),
    ];
    let (rows, report) = archive_table(&json!({"documents": docs, "as_of": "2023-12-31",
        "decision": {"date": "2022-01-01"},
        "label": {"kind": "top_performance_share", "share": 0.5, "months": 6}}))
    .unwrap();
    // Cohort of 4 scores [1.0, 0.8, 0.8, 0.6]; top 50% = 2 places; ties at 0.8 both get in.
    let got: Vec<(Value, Value)> = rows
        .iter()
        .map(|r| {
            (
                r["employee_id"].clone(),
                r["top_50pct_performance_6m"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (json!("b1"), json!(1)),
            (json!("b2"), json!(1)),
            (json!("b3"), json!(1)),
            (json!("b4"), json!(0))
        ]
    );
    // b2's features only see the review before 2022-01-01: none.
    assert_eq!(rows[1]["n_reviews"], json!(0));
    assert_eq!(report.skipped[0].employee_id, "b5");
    assert_eq!(
        report.skipped[0].reason,
        "no dated review at or after the end of the window"
    );
}

#[test]
fn fixed_decision_dates_skip_later_hires_and_leavers() {
    let docs = vec![
        emp(
            "x1",
            json!({"hire_date": "2024-01-01", "positions": [{"title": "A", "start_date": "2024-01-01"}]}),
        ),
        emp(
            "x2",
            json!({"hire_date": "2020-01-01",
                   "positions": [{"title": "A", "start_date": "2020-01-01", "end_date": "2022-01-01"}]}),
        ),
        emp(
            "x3",
            json!({"hire_date": "2020-01-01", "positions": [{"title": "A", "start_date": "2020-01-01"}]}),
        ),
    ];
    let (rows, report) =
        archive_table(&json!({"documents": docs, "decision": {"date": "2023-01-01"}})).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["tenure_months"], json!(36.0));
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        reasons,
        vec![
            "hired after the decision date",
            "left before the decision date"
        ]
    );
}

#[test]
fn bad_label_definitions_name_the_field() {
    let docs = json!(promo_docs());
    let cases = [
        (json!({"kind": "promoted"}), "archive.label.kind"),
        (json!({"months": 12}), "archive.label.kind"),
        (
            json!({"kind": "promoted_within_months", "months": 0}),
            "archive.label.months",
        ),
        (
            json!({"kind": "retained_months", "months": 1.5}),
            "archive.label.months",
        ),
        (
            json!({"kind": "top_performance_share", "share": 1.5}),
            "archive.label.share",
        ),
        (
            json!({"kind": "promoted_within_months", "share": 0.2}),
            "archive.label.share",
        ),
        (
            json!({"kind": "retained_months", "column": "grade"}),
            "archive.label.column",
        ),
        (json!("promoted"), "archive.label"),
    ];
    for (label, field) in cases {
        let (code, msg) = err(json!({"documents": docs, "label": label}));
        assert_eq!(code, ErrorCode::InvalidArgument, "{label}");
        assert!(msg.contains(field), "{label}: {msg}");
    }
    for (archive, field) in [
        (
            json!({"documents": docs, "decision": "yesterday"}),
            "archive.decision",
        ),
        (
            json!({"documents": docs, "decision": {"date": "2023-02-30"}}),
            "archive.decision.date",
        ),
        (
            json!({"documents": docs, "as_of": "2023/01/01"}),
            "archive.as_of",
        ),
        (
            json!({"documents": docs, "cutoff": "2023"}),
            "archive.cutoff",
        ),
        (json!({"documents": {}}), "archive.documents"),
        (json!({}), "archive.documents"),
    ] {
        let (code, msg) = err(archive.clone());
        assert_eq!(code, ErrorCode::InvalidArgument, "{archive}");
        assert!(msg.contains(field), "{archive}: {msg}");
    }
}

#[test]
fn invalid_dates_and_documents_name_the_document() {
    // Passes the schema's pattern but is not a calendar day.
    let (code, msg) = err(json!({"documents": [emp("a", json!({"hire_date": "2023-02-30"}))]}));
    assert_eq!(code, ErrorCode::InvalidArgument);
    assert!(msg.contains("archive.documents[0].hire_date"), "{msg}");
    // Fails the schema.
    let (_, msg) = err(json!({"documents": [
        json!({"schema_version": 1, "kind": "candidate", "id": "c"}),
        emp("a", json!({"positions": [{"title": "A", "start_date": "2023-13"}]}))]}));
    assert!(
        msg.contains("archive.documents[1].positions[0].start_date"),
        "{msg}"
    );
    let (_, msg) = err(json!({"documents": [emp("a", json!({"trainings": [
        {"name": "T", "completed_at": "2023-04-31"}]}))]}));
    assert!(
        msg.contains("archive.documents[0].trainings[0].completed_at"),
        "{msg}"
    );
    // Unknown or missing kinds are rejected; other known kinds are ignored and counted.
    let (_, msg) = err(json!({"documents": [emp("a", json!({})), {"kind": "memo"}]}));
    assert!(msg.contains("archive.documents[1].kind"), "{msg}");
    let (_, msg) = err(json!({"documents": [{"employee_id": "a"}]}));
    assert!(msg.contains("archive.documents[0].kind"), "{msg}");
    let (_, msg) = err(json!({"documents": [emp("a", json!({})), emp("a", json!({}))]}));
    assert!(msg.contains("archive.documents[1].employee_id"), "{msg}");
    let (_, report) = archive_table(&json!({"documents": base_docs()})).unwrap();
    assert_eq!(report.ignored_documents.get("candidate"), Some(&1));
}

fn fixture_request(extra: Value) -> Value {
    let mut request = json!({"archive": {"documents": fixture(),
        "label": {"kind": "promoted_within_months", "months": 12}}});
    for (k, v) in extra.as_object().unwrap() {
        request[k] = v.clone();
    }
    request
}

const PARAMS: &str = r#"{"min_data_in_leaf": 3, "n_estimators": 5, "validation_fraction": 0}"#;

#[test]
fn fit_predict_evaluate_update_insights_accept_an_archive() {
    let params: Value = serde_json::from_str(PARAMS).unwrap();
    let model = fit_value(&fixture_request(json!({"params": params}))).unwrap();
    assert_eq!(model["label"]["column"], json!("promoted_within_12m"));
    assert_eq!(
        model["label"]["definition"]["kind"],
        json!("promoted_within_months")
    );
    assert_eq!(model["label"]["definition"]["months"], json!(12));
    assert_eq!(model["label"]["definition"]["source"], json!("archive"));
    assert_eq!(model["id_column"], json!("employee_id"));
    assert_eq!(model["training"]["rows"], json!(40));
    assert!(model["warnings"].as_array().unwrap().contains(&json!(
        "archive: 40 employee record(s), 40 row(s), 0 skipped"
    )));
    // Deterministic.
    let again = fit_value(&fixture_request(json!({"params": params}))).unwrap();
    assert_eq!(model, again);

    // Predict: no label needed; rows are not skipped for unfinished windows.
    let out =
        predict_value(&json!({"model": model, "archive": {"documents": fixture()}, "top": 2}))
            .unwrap();
    assert_eq!(out["predictions"].as_array().unwrap().len(), 40);
    assert_eq!(out["predictions"][0]["id"], json!("e001"));
    assert_eq!(
        out["label"]["definition"]["kind"],
        json!("promoted_within_months")
    );
    assert_eq!(out["archive"]["rows"], json!(40));

    let report = evaluate_value(&fixture_request(json!({"model": model}))).unwrap();
    assert_eq!(report["n"], json!(40));
    assert_eq!(report["positives"], json!(18));
    assert!(report["roc_auc"].as_f64().unwrap() > 0.5);
    assert_eq!(
        report["archive"]["label"]["column"],
        json!("promoted_within_12m")
    );

    let updated = update_value(&fixture_request(json!({"model": model}))).unwrap();
    assert_eq!(updated["model"]["model_version"], json!(2));

    let insights = insights_value(&fixture_request(json!({"min_support": 5}))).unwrap();
    assert_eq!(insights["n"], json!(40));
    assert_eq!(insights["positives"], json!(18));
    assert!(insights["insights"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["feature"] != json!("employee_id")));
}

#[test]
fn exactly_one_data_source() {
    let e = fit_value(&fixture_request(json!({"csv": "a,b\n1,0\n"}))).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    assert!(e.to_string().contains("archive"), "{e}");
    // An archive without a label cannot train.
    let e = fit_value(&json!({"archive": {"documents": fixture()}})).unwrap_err();
    assert!(e.to_string().contains("archive.label"), "{e}");
}
