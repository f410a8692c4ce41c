//! Runs every case in `tests/vectors/*.json` against the Rust core (the reference face).
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

#[path = "../../tests/support/vectors.rs"]
mod support;

use interviewkit_core::{json, Error, ErrorCode};
use support::{cases, input_bytes, judge, ops, repo_root, Outcome};

fn run_op(op: &str, input: &[u8]) -> Result<String, Error> {
    if op == "version" {
        return Ok(json::version());
    }
    match json::op(op) {
        Some(f) => f(input),
        None => Err(Error::InvalidArgument {
            name: "op".into(),
            expected: format!("a known op, not {op}"),
        }),
    }
}

#[test]
fn every_vector_case_passes() {
    let root = repo_root(env!("CARGO_MANIFEST_DIR"));
    let all = cases(&root);
    let mut names = std::collections::HashSet::new();
    let mut failed = Vec::new();
    for (name, case) in &all {
        assert!(names.insert(name.clone()), "duplicate case name {name}");
        let mut data = input_bytes(&root, case);
        let mut outcome = Outcome::Output(String::new());
        for op in ops(case) {
            match run_op(&op, &data) {
                Ok(out) => {
                    data = out.clone().into_bytes();
                    outcome = Outcome::Output(out);
                }
                Err(e) => {
                    outcome = Outcome::Failed {
                        code: e.code().as_i32(),
                        name: e.code().name().to_string(),
                        issues: Some(e.to_json()["issues"].clone()),
                    };
                    break;
                }
            }
        }
        if let Err(why) = judge(&root, case, outcome) {
            failed.push(format!("{name}:\n    {why}"));
        }
    }
    println!(
        "vectors: {} passed, {} failed",
        all.len() - failed.len(),
        failed.len()
    );
    assert!(
        all.len() >= 30,
        "expected at least 30 vector cases, found {}",
        all.len()
    );
    assert!(
        failed.is_empty(),
        "failing vector cases:\n{}",
        failed.join("\n")
    );
}

#[test]
fn error_names_in_vectors_are_real_codes() {
    let root = repo_root(env!("CARGO_MANIFEST_DIR"));
    for (name, case) in cases(&root) {
        if let Some(e) = case.get("error") {
            let code = ErrorCode::from_name(e["name"].as_str().unwrap_or_default());
            let code = code.unwrap_or_else(|| panic!("{name}: unknown error name {e}"));
            assert_eq!(Some(i64::from(code.as_i32())), e["code"].as_i64(), "{name}");
        }
    }
}
