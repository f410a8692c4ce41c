//! Batch parsing and screening (issue #10): each row equals the single-call result, a bad row is
//! reported at its index without touching the others, and splitting a batch changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use interviewkit_core::batch::{
    self, parse_resumes, AuditBatch, Cell, Predictor, ResumeInput, Screener,
};
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

// ---------------------------------------------------------------------------------------------
// Potential prediction and audit over columns
// ---------------------------------------------------------------------------------------------

/// 120 synthetic employees: rating (float), tenure (int), dept (text), mentor (bool), promoted.
fn employees() -> Vec<Value> {
    (0..120)
        .map(|i: i64| {
            let rating = 1.0 + (i * 37 % 40) as f64 / 10.0;
            let tenure = i * 7 % 11;
            let dept = ["sales", "it", "ops"][(i % 3) as usize];
            let mentor = i % 4 == 0;
            let promoted = rating > 3.2 && (tenure > 3 || mentor);
            json!({"rating": rating, "tenure": tenure, "dept": dept, "mentor": mentor,
                   "promoted": u8::from(promoted)})
        })
        .collect()
}

fn potential_model() -> Value {
    interviewkit_core::potential::fit_value(&json!({
        "records": employees(), "label": "promoted", "categorical": ["dept"],
        "params": {"min_data_in_leaf": 5, "n_estimators": 30, "validation_fraction": 0.25, "seed": 3}}))
    .unwrap()
}

/// A records value as the cell a typed column would give.
fn cell(v: &Value) -> Cell<'_> {
    match v {
        Value::Null => Cell::Missing,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) if n.is_i64() => Cell::Int(n.as_i64().unwrap()),
        Value::Number(n) => Cell::Number(n.as_f64().unwrap()),
        Value::String(s) => Cell::Text(s),
        other => panic!("not a cell: {other}"),
    }
}

fn columns<'a>(records: &'a [Value], names: &[&str]) -> Vec<Vec<Cell<'a>>> {
    names
        .iter()
        .map(|n| records.iter().map(|r| cell(&r[*n])).collect())
        .collect()
}

#[test]
fn predicted_rows_equal_predict_value_for_typed_columns() {
    let model = potential_model();
    let predictor = Predictor::from_value(&model).unwrap();
    let mut names = predictor.features();
    names.sort_unstable();
    assert_eq!(names, ["dept", "mentor", "rating", "tenure"]);
    let mut records = employees()[..40].to_vec();
    records[3]["rating"] = json!(null); // missing number
    records[4]["dept"] = json!("legal"); // a category training never saw
    records[5]["tenure"] = json!(" 6 "); // a number as text
    let expected = interviewkit_core::potential::predict_value(
        &json!({"model": model, "records": records, "top": 3}),
    )
    .unwrap();
    let cols = columns(&records, &predictor.features());
    let refs: Vec<&[Cell<'_>]> = cols.iter().map(Vec::as_slice).collect();
    let out = predictor.predict(&refs, 0, 3).unwrap();
    assert_eq!(out.len(), 40);
    for (i, (got, want)) in out
        .iter()
        .zip(expected["predictions"].as_array().unwrap())
        .enumerate()
    {
        let got = got.as_ref().unwrap();
        assert_eq!(json!(got.probability), want["probability"], "row {i}");
        assert_eq!(json!(got.margin), want["margin"], "row {i}");
        let contributions: Vec<Value> = got
            .contributions
            .iter()
            .map(
                |c| json!({"feature": c.feature, "value": c.value, "contribution": c.contribution}),
            )
            .collect();
        assert_eq!(
            Value::Array(contributions),
            want["contributions"],
            "row {i}"
        );
        assert_eq!(
            got.warnings.is_empty(),
            i != 4,
            "row {i}: {:?}",
            got.warnings
        );
    }
    assert!(out[4].as_ref().unwrap().warnings[0].contains("\"legal\""));
}

#[test]
fn a_bad_number_is_its_rows_error_and_the_batch_goes_on() {
    let model = potential_model();
    let predictor = Predictor::from_value(&model).unwrap();
    let mut records = employees()[..6].to_vec();
    records[2]["tenure"] = json!("three years");
    let cols = columns(&records, &predictor.features());
    let refs: Vec<&[Cell<'_>]> = cols.iter().map(Vec::as_slice).collect();
    let out = predictor.predict(&refs, 1000, 0).unwrap();
    let err = out[2].as_ref().unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert!(err.to_string().contains("rows[1002].tenure"), "{err}");
    assert!(err.to_string().contains("three years"), "{err}");
    // The other rows equal a batch without the bad one.
    let good: Vec<Value> = records
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, r)| r.clone())
        .collect();
    let cols = columns(&good, &predictor.features());
    let refs: Vec<&[Cell<'_>]> = cols.iter().map(Vec::as_slice).collect();
    let clean = predictor.predict(&refs, 0, 0).unwrap();
    let kept: Vec<f64> = out
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|p| p.probability))
        .collect();
    let want: Vec<f64> = clean
        .iter()
        .map(|r| r.as_ref().unwrap().probability)
        .collect();
    assert_eq!(kept, want);
    assert!(out[0].as_ref().unwrap().contributions.is_empty());
    // Columns that do not fit the model fail the batch, naming the problem.
    let e = predictor.predict(&refs[..2], 0, 0).err().unwrap();
    assert!(
        e.to_string().contains("one column per model feature"),
        "{e}"
    );
    let short = [refs[0], refs[1], refs[2], &refs[3][..2]];
    let e = predictor.predict(&short, 0, 0).err().unwrap();
    assert!(e.to_string().contains("as long as the others"), "{e}");
    // A tampered model is refused.
    let mut tampered = model.clone();
    tampered["base_score"] = json!(5.0);
    assert!(Predictor::from_value(&tampered).is_err());
}

fn applicants() -> Vec<Value> {
    (0..90)
        .map(|i: i64| {
            let sex = ["F", "M"][(i % 2) as usize];
            let site = ["bj", "sh", "sz"][(i % 3) as usize];
            let selected = if sex == "F" { i % 5 == 0 } else { i % 3 != 0 };
            json!({"sex": sex, "site": site, "selected": selected, "score": (i * 13 % 100)})
        })
        .collect()
}

#[test]
fn an_audit_fed_in_chunks_equals_audit_value_and_lists_unreadable_rows() {
    let options = json!({"group": ["sex", "site"], "selected": "selected",
                         "bootstrap": {"iterations": 200, "seed": 9}});
    let records = applicants();
    let mut want_req = options.clone();
    want_req["records"] = json!(records);
    let want = interviewkit_core::audit::audit_value(&want_req).unwrap();

    let mut batch = AuditBatch::from_request(&options).unwrap();
    assert_eq!(batch.columns(), ["sex", "site", "selected"]);
    let cols = columns(&records, &["sex", "site", "selected"]);
    for (start, end) in [(0, 17), (17, 60), (60, 90)] {
        let part: Vec<&[Cell<'_>]> = cols.iter().map(|c| &c[start..end]).collect();
        batch.push(&part).unwrap();
    }
    let got = batch.finish().unwrap();
    assert!(got.row_errors.is_empty());
    assert_eq!(serde_json::to_value(&got.report).unwrap(), want);

    // Score mode, with a row whose score is text and one whose group is an object-like value:
    let mut records = applicants();
    records[7]["score"] = json!("n/a-ish");
    let options = json!({"group": "sex", "score": "score", "bootstrap": {"iterations": 0}});
    let mut batch = AuditBatch::from_request(&options).unwrap();
    let cols = columns(&records, &["sex", "score"]);
    let refs: Vec<&[Cell<'_>]> = cols.iter().map(Vec::as_slice).collect();
    batch.push(&refs).unwrap();
    let got = batch.finish().unwrap();
    assert_eq!(got.row_errors.len(), 1);
    let e = &got.row_errors[0];
    assert_eq!((e.row, e.column.as_str()), (7, "score"));
    assert_eq!(e.error.code(), ErrorCode::InvalidArgument);
    assert!(e.error.to_string().contains("rows[7].score"), "{}", e.error);
    assert_eq!(got.report.n_records, 89);
    assert!(got.report.warnings[0].starts_with("1 of 90 rows could not be read"));
    let mut good = applicants();
    good.remove(7);
    let mut req = options.clone();
    req["records"] = json!(good);
    let want = interviewkit_core::audit::audit_value(&req).unwrap();
    assert_eq!(
        serde_json::to_value(&got.report).unwrap()["groups"],
        want["groups"]
    );
}

#[test]
fn audit_batch_requests_are_checked() {
    let e = AuditBatch::from_request(&json!({"group": "sex", "selected": "s", "records": []}))
        .err()
        .unwrap();
    assert!(e.to_string().contains("records"), "{e}");
    let e = AuditBatch::from_request(&json!({"selected": "s"}))
        .err()
        .unwrap();
    assert!(e.to_string().contains("group"), "{e}");
    let mut batch = AuditBatch::from_request(&json!({"group": "sex", "selected": "s"})).unwrap();
    let sex = [Cell::Text("F")];
    let e = batch.push(&[&sex]).unwrap_err();
    assert!(e.to_string().contains("one column per name"), "{e}");
    let s = [Cell::Text("maybe")];
    batch.push(&[&sex, &s]).unwrap();
    let e = batch.finish().err().unwrap();
    assert!(e.to_string().contains("1 could not be read"), "{e}");
    // NaN (pandas' missing value) is a missing outcome, not an error.
    let mut batch = AuditBatch::from_request(&json!({"group": "sex", "selected": "s"})).unwrap();
    let sex = [Cell::Text("F"), Cell::Text("M"), Cell::Int(3)];
    let s = [Cell::Number(f64::NAN), Cell::Int(1), Cell::Number(0.0)];
    batch.push(&[&sex, &s]).unwrap();
    let got = batch.finish().unwrap();
    assert!(got.row_errors.is_empty());
    assert_eq!(got.report.excluded.missing_outcome, 1);
    assert!(
        got.report.groups.iter().any(|g| g.group == "3"),
        "{:?}",
        got.report.groups
    );
}

#[test]
fn top_k_keeps_each_jobs_best_rows_in_order() {
    use interviewkit_core::batch::TopK;
    // (job, score, id, row)
    let rows = [
        ("b", 50.0, "x", 0u64),
        ("a", 70.0, "y", 1),
        ("a", 90.0, "z", 2),
        ("a", 70.0, "c", 3),
        ("b", 50.0, "a", 4),
        ("a", 10.0, "q", 5),
        ("b", 80.0, "m", 6),
        ("a", 70.0, "c", 7),
    ];
    let mut top = TopK::new(3);
    for (job, score, id, row) in rows {
        top.offer(job, score, id, row, (job, row));
    }
    // a: 90 z(2), 70 c(3), 70 c(7) — y loses to c on id; b: 80 m, 50 a, 50 x.
    assert_eq!(
        top.into_rows(),
        [("a", 2), ("a", 3), ("a", 7), ("b", 6), ("b", 4), ("b", 0)]
    );
    let mut none = TopK::new(0);
    none.offer("a", 1.0, "i", 0, ());
    assert!(none.into_rows().is_empty());
    // The same as sorting everything and taking k per job, for any arrival order.
    let mut all: Vec<(&str, f64, &str, u64)> = rows.to_vec();
    all.reverse();
    let mut top = TopK::new(2);
    for (job, score, id, row) in &all {
        top.offer(job, *score, id, *row, *row);
    }
    assert_eq!(top.into_rows(), [2, 3, 6, 4]);
}

#[test]
fn screening_in_blocks_equals_screening_at_once() {
    let screener = Screener::from_request(&json!({"jobs": jobs(), "reference_date": REF})).unwrap();
    let zh = text("matching/resume_zh_good.txt");
    let n = batch::SCREEN_BLOCK * 2 + 7;
    // Every third row is missing: errors must stay at their own index across block edges.
    let rows: Vec<ResumeInput> = (0..n)
        .map(|i| {
            if i % 3 == 2 {
                ResumeInput::Missing
            } else {
                ResumeInput::Text(&zh)
            }
        })
        .collect();
    let names: Vec<String> = (0..n).map(|i| format!("r{i}")).collect();
    let ids: Vec<Option<&str>> = names.iter().map(|s| Some(s.as_str())).collect();
    let at_once = screener.screen(&rows, &ids).unwrap();
    let mut firsts = Vec::new();
    let mut seen = Vec::new();
    screener
        .screen_blocks(&rows, &ids, |first, block| {
            assert!(block.len() <= batch::SCREEN_BLOCK);
            firsts.push(first);
            seen.extend(block);
            Ok::<(), interviewkit_core::Error>(())
        })
        .unwrap();
    assert_eq!(firsts, [0, batch::SCREEN_BLOCK, 2 * batch::SCREEN_BLOCK]);
    assert_eq!(seen.len(), n);
    for (i, (a, b)) in at_once.iter().zip(&seen).enumerate() {
        match (a, b) {
            (Ok(x), Ok(y)) => assert_eq!(x, y, "row {i}"),
            (Err(x), Err(y)) => assert_eq!(x.to_string(), y.to_string(), "row {i}"),
            _ => panic!("row {i}: {a:?} vs {b:?}"),
        }
        assert_eq!(b.is_err(), i % 3 == 2, "row {i}");
    }
    // The sink's error stops the run and comes back as is.
    let mut calls = 0;
    let stopped = screener.screen_blocks(&rows, &ids, |_, _| {
        calls += 1;
        Err(interviewkit_core::Error::Internal("stop".into()))
    });
    assert!(stopped.is_err());
    assert_eq!(calls, 1);
}
