//! Batch parsing and screening (issue #10): each row equals the single-call result, a bad row is
//! reported at its index without touching the others, and splitting a batch changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use interviewkit_core::batch::{parse_resumes, ResumeInput, Screener};
use interviewkit_core::resume::Parser;
use interviewkit_core::{matching, resume, ErrorCode};
use serde_json::{json, Value};

fn fixture(path: &str) -> Vec<u8> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/");
    std::fs::read(format!("{root}{path}")).unwrap()
}

fn text(path: &str) -> String {
    String::from_utf8(fixture(path)).unwrap()
}

const REF: &str = "2026-06-30";

#[test]
fn parsed_rows_equal_single_calls_and_a_bad_row_stays_in_its_place() {
    let zh = fixture("resumes/zh_banker.txt");
    let docx = fixture("resumes/en_docx_analyst.docx");
    let garbage: Vec<u8> = (0..600u32).map(|i| (i * 37 % 251) as u8).collect();
    let docs: Vec<Option<&[u8]>> = vec![Some(&zh), None, Some(&garbage), Some(&docx)];
    let ids = [Some("a"), Some("b"), Some("c"), Some("d")];
    let options = json!({"reference_date": REF});
    let parser = Parser::from_options(&options).unwrap();
    let out = parse_resumes(&parser, &docs, &ids).unwrap();
    assert_eq!(out.len(), 4);

    for (i, bytes) in [(0usize, &zh), (3, &docx)] {
        let mut single_opts = options.clone();
        single_opts["id"] = json!(ids[i].unwrap());
        let single = resume::parse_resume_file_value(bytes, &single_opts).unwrap();
        let row = out[i].as_ref().unwrap();
        assert_eq!(
            serde_json::to_value(&row.resume).unwrap(),
            single["resume"],
            "row {i}"
        );
        assert_eq!(row.resume.id.as_deref(), ids[i]);
    }
    let missing = out[1].as_ref().unwrap_err();
    assert_eq!(missing.code(), ErrorCode::InvalidArgument);
    assert!(missing.to_string().contains("text"), "{missing}");
    let single_garbage = resume::parse_resume_file_value(&garbage, &options).unwrap_err();
    assert_eq!(out[2].as_ref().unwrap_err().code(), single_garbage.code());
}

#[test]
fn parse_checks_ids_and_options() {
    let parser = Parser::from_options(&Value::Null).unwrap();
    let docs: Vec<Option<&[u8]>> = vec![Some(b"x"), Some(b"y")];
    let err = parse_resumes(&parser, &docs, &[Some("only-one")]).unwrap_err();
    assert!(err.to_string().contains("ids"), "{err}");
    let err = Parser::from_options(&json!({"refrence_date": REF}))
        .err()
        .unwrap();
    assert!(err.to_string().contains("refrence_date"), "{err}");
}

fn jobs() -> Value {
    json!([
        {"id": "bank", "text": text("matching/jd_zh_banker.txt")},
        {"id": "data", "text": text("matching/jd_en_data.txt"), "lang": "en"},
    ])
}

#[test]
fn screened_pairs_equal_match_and_do_not_depend_on_the_batch() {
    let names = [
        "resume_zh_good",
        "resume_zh_nocert",
        "resume_en_good",
        "resume_en_related",
        "resume_en_synonym",
    ];
    let texts: Vec<String> = names
        .iter()
        .map(|n| text(&format!("matching/{n}.txt")))
        .collect();
    let screener = Screener::from_request(&json!({"jobs": jobs(), "reference_date": REF})).unwrap();
    assert_eq!(screener.job_ids(), ["bank", "data"]);
    let rows: Vec<ResumeInput> = texts.iter().map(|t| ResumeInput::Text(t)).collect();
    let ids: Vec<Option<&str>> = names.iter().map(|n| Some(*n)).collect();
    let all = screener.screen(&rows, &ids).unwrap();

    let mut distinct = std::collections::BTreeSet::new();
    for (r, t) in texts.iter().enumerate() {
        let results = all[r].as_ref().unwrap();
        assert_eq!(results.len(), 2);
        for (j, job) in jobs().as_array().unwrap().iter().enumerate() {
            let single = matching::match_value(&json!({
                "job": job, "resume": {"text": t}, "reference_date": REF}))
            .unwrap();
            let got = &results[j];
            assert_eq!(got.id, names[r]);
            assert_eq!(json!(got.total), single["total"], "{} × {j}", names[r]);
            assert_eq!(json!(got.knockout_passed), single["knockout_passed"]);
            distinct.insert(format!("{}", got.total));
        }
    }
    assert!(distinct.len() >= 5, "scores vary: {distinct:?}");

    // Any split gives the same rows.
    let first = screener.screen(&rows[..2], &ids[..2]).unwrap();
    let rest = screener.screen(&rows[2..], &ids[2..]).unwrap();
    for (a, b) in all.iter().zip(first.iter().chain(rest.iter())) {
        assert_eq!(a.as_ref().unwrap(), b.as_ref().unwrap());
    }
}

#[test]
fn resume_json_rows_and_bad_rows() {
    let screener = Screener::from_request(&json!({"jobs": jobs(), "reference_date": REF})).unwrap();
    let parsed = resume::parse_resume_value(&json!({
        "text": text("matching/resume_zh_good.txt"), "reference_date": REF, "id": "zh"}))
    .unwrap();
    let as_json = parsed["resume"].to_string();
    let zh_text = text("matching/resume_zh_good.txt");
    let rows = [
        ResumeInput::ResumeJson(&as_json),
        ResumeInput::ResumeJson("{not json"),
        ResumeInput::Missing,
        ResumeInput::Text("   "),
        ResumeInput::Text(&zh_text),
    ];
    let out = screener.screen(&rows, &[]).unwrap();
    let from_json = out[0].as_ref().unwrap();
    assert_eq!(from_json[0].id, "zh");
    // The same resume from its text scores the same (ids aside).
    let from_text = out[4].as_ref().unwrap();
    assert_eq!(from_text[0].total, from_json[0].total);
    for (i, want) in [(1, "resume"), (2, "resume"), (3, "")] {
        let e = out[i].as_ref().unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "row {i}: {e}");
        assert!(e.to_string().contains(want), "row {i}: {e}");
    }
}

#[test]
fn screener_errors_name_the_job_and_the_field() {
    let err = Screener::from_request(&json!({"jobs": []})).err().unwrap();
    assert!(err.to_string().contains("/jobs"), "{err}");
    let err = Screener::from_request(&json!({"jobs": jobs(), "top": 3}))
        .err()
        .unwrap();
    assert!(err.to_string().contains("/top"), "{err}");
    let bad = json!([{"id": "ok", "text": "熟练掌握Python"},
        {"schema_version": 1, "kind": "job_profile", "id": "x", "title": "Analyst",
         "requirements": {"min_years_experience": -2}}]);
    let err = Screener::from_request(&json!({"jobs": bad})).err().unwrap();
    assert!(
        err.to_string()
            .contains("/jobs/1/requirements/min_years_experience"),
        "{err}"
    );
    let err = Screener::from_request(&json!({"jobs": jobs(), "parse": {"max_bytes": 0}}))
        .err()
        .unwrap();
    assert!(err.to_string().contains("/parse/max_bytes"), "{err}");
    let err = Screener::from_request(&json!({"jobs": jobs(), "parse": {"reference_date": REF}}))
        .err()
        .unwrap();
    assert!(err.to_string().contains("/parse/reference_date"), "{err}");
}
