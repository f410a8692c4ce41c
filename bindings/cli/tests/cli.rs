//! The `interviewkit` command, end to end: every vector case through the binary, plus the
//! command-line contract (stdout JSON, stderr errors, exit codes, `-` for stdin).
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

#[path = "../../../tests/support/vectors.rs"]
mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use interviewkit_core::ErrorCode;
use serde_json::Value;
use support::{cases, input_bytes, judge, ops, repo_root, Outcome};

fn cli(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_interviewkit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    // Write from another thread so a large input cannot deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn args_for(op: &str) -> Vec<&'static str> {
    match op {
        "version" => vec!["version"],
        "validate" => vec!["validate", "-"],
        "migrate" => vec!["migrate", "-"],
        "import_json_resume" => vec!["import", "--from", "json-resume", "-"],
        "export_json_resume" => vec!["export", "--to", "json-resume", "-"],
        "merge_profiles" => vec!["merge", "-"],
        other => panic!("unknown op {other}"),
    }
}

/// `error[InvalidJson]: <stdin>: …` → the code.
fn error_of(stderr: &str) -> Option<ErrorCode> {
    let start = stderr.find("error[")? + "error[".len();
    let end = stderr[start..].find(']')? + start;
    ErrorCode::from_name(&stderr[start..end])
}

#[test]
fn every_vector_case_through_the_cli() {
    let root = repo_root(env!("CARGO_MANIFEST_DIR"));
    let all = cases(&root);
    let mut failed = Vec::new();
    let mut run = 0;
    for (name, case) in &all {
        // `merge` accepts a file holding one document or an array; an object input to
        // merge_profiles is a different question on the command line, so that case is the core's.
        if ops(case) == ["merge_profiles"] && case.get("input").is_some_and(Value::is_object) {
            continue;
        }
        run += 1;
        let mut data = input_bytes(&root, case);
        let mut outcome = Outcome::Output(String::new());
        for op in ops(case) {
            let out = cli(&args_for(&op), &data);
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            let stdout = String::from_utf8(out.stdout).unwrap();
            let invalid_report =
                op == "validate" && out.status.code() == Some(1) && stderr.is_empty();
            if out.status.success() || invalid_report {
                data = stdout.trim_end().as_bytes().to_vec();
                outcome = Outcome::Output(stdout.trim_end().to_string());
            } else {
                let code = error_of(&stderr)
                    .unwrap_or_else(|| panic!("{name}: no error name in stderr: {stderr}"));
                assert_eq!(out.status.code(), Some(1), "{name}: exit status");
                outcome = Outcome::Failed {
                    code: code.as_i32(),
                    name: code.name().into(),
                    issues: None,
                };
                break;
            }
        }
        if let Err(why) = judge(&root, case, outcome) {
            failed.push(format!("{name}:\n    {why}"));
        }
    }
    println!(
        "cli vectors: {} passed, {} failed",
        run - failed.len(),
        failed.len()
    );
    assert!(run >= 30);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn validate_many_files_reports_each_and_exits_1_when_any_is_invalid() {
    let root = repo_root(env!("CARGO_MANIFEST_DIR"));
    let good = root.join("tests/fixtures/archive/v1/candidate.json");
    let bad = root.join("tests/invalid/truncated.json");
    let missing = root.join("tests/no-such-file.json");
    let out = cli(
        &[
            "validate",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "one report for the readable, parseable file: {stdout}"
    );
    assert_eq!(lines[0]["valid"], true);
    assert!(lines[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("candidate.json"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error[InvalidJson]") && stderr.contains("truncated.json"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[Io]") && stderr.contains("no-such-file.json"),
        "{stderr}"
    );
}

#[test]
fn validate_prints_issues_on_stderr_free_stdout_json() {
    let out = cli(
        &["validate", "-"],
        br#"{"schema_version":1,"kind":"candidate","id":""}"#,
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["issues"][0]["pointer"], "/id");
    assert_eq!(report["file"], "<stdin>");
}

#[test]
fn all_valid_exits_0() {
    let root = repo_root(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fixtures/archive/v1");
    let files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let args: Vec<&str> = std::iter::once("validate")
        .chain(files.iter().map(String::as_str))
        .collect();
    let out = cli(&args, b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        files.len()
    );
}

#[test]
fn import_and_export_round_trip_the_sample() {
    let root = repo_root(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("tests/fixtures/json-resume/sample.resume.json");
    let imported = cli(
        &["import", "--from", "json-resume", sample.to_str().unwrap()],
        b"",
    );
    assert!(imported.status.success());
    let exported = cli(
        &["export", "--to", "json-resume", "--pretty", "-"],
        &imported.stdout,
    );
    assert!(exported.status.success());
    let a: Value = serde_json::from_slice(&std::fs::read(&sample).unwrap()).unwrap();
    let b: Value = serde_json::from_slice(&exported.stdout).unwrap();
    assert_eq!(a, b);
    assert!(
        String::from_utf8(exported.stdout)
            .unwrap()
            .contains("\n  \"basics\""),
        "--pretty indents"
    );
}

#[test]
fn merge_reads_single_documents_and_arrays() {
    let root = repo_root(env!("CARGO_MANIFEST_DIR"));
    let v1 = root.join("tests/fixtures/archive/v1");
    let out = cli(
        &["merge", v1.join("candidate.json").to_str().unwrap(), v1.join("scorecard.json").to_str().unwrap(), "-"],
        br#"[{"schema_version":1,"kind":"resume","candidate_id":"c-001","basics":{"name":"Zhang Wei"}}]"#,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged: Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &merged["profiles"][0];
    assert_eq!(p["candidate_id"], "c-001");
    assert_eq!(p["scorecards"].as_array().unwrap().len(), 1);
    assert_eq!(p["conflicts"][0]["field"], "/identity/name");
}

#[test]
fn schema_command_and_bad_kind() {
    let out = cli(&["schema", "resume"], b"");
    assert!(out.status.success());
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["title"], "Resume");
    let out = cli(&["schema", "payslip"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[InvalidArgument]"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(cli(&["validate"], b"").status.code(), Some(2));
    assert_eq!(
        cli(&["import", "--from", "europass", "-"], b"")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn hostile_stdin() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let out = cli(&["validate", "-"], deep.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[InvalidJson]"));
    let out = cli(&["migrate", "-"], b"{\"name\":\"\xff\"}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[InvalidUtf8]"));
}
