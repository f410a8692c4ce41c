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

fn args_for(op: &str) -> Vec<&str> {
    match op {
        "version" => vec!["version"],
        "validate" => vec!["validate", "-"],
        "migrate" => vec!["migrate", "-"],
        "import_json_resume" => vec!["import", "--from", "json-resume", "-"],
        "export_json_resume" => vec!["export", "--to", "json-resume", "-"],
        "merge_profiles" => vec!["merge", "-"],
        // Request-object operations have no file-shaped command of their own here; `call`
        // runs them exactly as the other faces do (their commands are tested below).
        other => vec!["call", other, "-"],
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

/// A scratch directory for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ik-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture(rel: &str) -> String {
    repo_root(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn audit_reports_every_group_in_three_formats() {
    let csv = fixture("tests/fixtures/audit/hiring.csv");
    let args = [
        "audit",
        "--csv",
        &csv,
        "--group",
        "sex,race",
        "--selected",
        "hired",
        "--bootstrap",
        "0",
    ];
    let out = cli(&args, b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups = report["groups"].as_array().unwrap();
    assert!(!groups.is_empty());
    for g in groups {
        // The issue's contract for every group row.
        for key in [
            "group",
            "n",
            "selection_rate",
            "impact_ratio",
            "flag_four_fifths",
            "small_sample",
        ] {
            assert!(g.get(key).is_some(), "group row lacks {key}: {g}");
        }
        assert!(g["group"].as_str().unwrap().contains(" × "), "{g}");
    }
    // The reference group (highest rate) has ratio 1; no ratio is above 1.
    let ratios: Vec<f64> = groups
        .iter()
        .filter_map(|g| g["impact_ratio"].as_f64())
        .collect();
    assert!(ratios.iter().any(|r| (*r - 1.0).abs() < 1e-12));
    assert!(ratios.iter().all(|r| *r <= 1.0 + 1e-12));

    let md = cli(&[&args[..], &["--format", "md"]].concat(), b"");
    assert!(md.status.success());
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("| ") && md.contains("impact"), "{md}");
    let html = cli(&[&args[..], &["--format", "html"]].concat(), b"");
    assert!(html.status.success());
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(html.to_lowercase().starts_with("<!doctype html"), "{html}");
    assert!(html.contains("<table"), "{html}");

    // A missing column is an error naming it; a usage error exits 2.
    let bad = cli(
        &[
            "audit",
            "--csv",
            &csv,
            "--group",
            "nope",
            "--selected",
            "hired",
        ],
        b"",
    );
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("error[InvalidArgument]") && stderr.contains("nope"),
        "{stderr}"
    );
    let usage = cli(&["audit", "--csv", &csv, "--group", "sex"], b"");
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn redact_and_view_print_documents() {
    let resume = fixture("tests/fixtures/redact/resume_zh.json");
    let out = cli(&["redact", &resume], b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["document"]["kind"], "resume");
    assert!(!result["removed"].as_array().unwrap().is_empty());
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&resume).unwrap()).unwrap();
    if let Some(name) = original["basics"]["name"].as_str() {
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(name),
            "name survived"
        );
    }

    let view = cli(&["view", "--role", "auditor", &resume], b"");
    assert!(
        view.status.success(),
        "{}",
        String::from_utf8_lossy(&view.stderr)
    );
    let bad_role = cli(&["view", "--role", "janitor", &resume], b"");
    assert_eq!(bad_role.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("error[InvalidArgument]"));
}

#[test]
fn encrypt_decrypt_rotate_with_a_key_file() {
    let dir = scratch("crypto");
    let doc = fixture("tests/fixtures/redact/resume_zh.json");
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&doc).unwrap()).unwrap();
    // A keyring of two fresh keys from `keygen`.
    let k1: Value = serde_json::from_slice(&cli(&["keygen", "--id", "k1"], b"").stdout).unwrap();
    let k2: Value = serde_json::from_slice(&cli(&["keygen", "--id", "k2"], b"").stdout).unwrap();
    assert_ne!(k1["key"], k2["key"], "keys are random");
    let ring = dir.join("ring.json");
    std::fs::write(
        &ring,
        serde_json::json!({"active": "k1", "keys": [k1, k2]}).to_string(),
    )
    .unwrap();
    let ring = ring.to_string_lossy().into_owned();

    let enc = cli(&["encrypt", "--keys", &ring, &doc], b"");
    assert!(
        enc.status.success(),
        "{}",
        String::from_utf8_lossy(&enc.stderr)
    );
    let enc_text = String::from_utf8(enc.stdout).unwrap();
    let encrypted: Value = serde_json::from_str(&enc_text).unwrap();
    for pointer in ["/basics/name", "/basics/phone", "/raw_text"] {
        assert!(
            encrypted
                .pointer(pointer)
                .unwrap()
                .get("$encrypted")
                .is_some(),
            "{pointer} is not encrypted"
        );
    }
    for secret in ["110101199003078515", "13812345678"] {
        if original.to_string().contains(secret) {
            assert!(!enc_text.contains(secret), "{secret} left in clear");
        }
    }
    let dec = cli(&["decrypt", "--keys", &ring, "-"], enc_text.as_bytes());
    assert!(
        dec.status.success(),
        "{}",
        String::from_utf8_lossy(&dec.stderr)
    );
    let dec: Value = serde_json::from_slice(&dec.stdout).unwrap();
    assert_eq!(dec, original);

    // Rotate to k2, then drop k1 from the ring: still readable.
    let rot = cli(
        &["rotate-keys", "--keys", &ring, "--to", "k2", "-"],
        enc_text.as_bytes(),
    );
    assert!(
        rot.status.success(),
        "{}",
        String::from_utf8_lossy(&rot.stderr)
    );
    let only_k2 = dir.join("k2.json");
    std::fs::write(
        &only_k2,
        serde_json::json!({"active": "k2", "keys": [k2]}).to_string(),
    )
    .unwrap();
    let only_k2 = only_k2.to_string_lossy().into_owned();
    let dec2 = cli(&["decrypt", "--keys", &only_k2, "-"], &rot.stdout);
    assert!(
        dec2.status.success(),
        "{}",
        String::from_utf8_lossy(&dec2.stderr)
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&dec2.stdout).unwrap(),
        original
    );
    // The unrotated document needs k1, which that ring lacks.
    let missing = cli(&["decrypt", "--keys", &only_k2, "-"], enc_text.as_bytes());
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("error[KeyUnavailable]"));
}

#[test]
fn log_append_and_verify_detect_an_edit() {
    let dir = scratch("log");
    let log = dir.join("trail.jsonl").to_string_lossy().into_owned();
    for (i, action) in ["read", "change", "decide"].iter().enumerate() {
        let at = format!("2026-11-23T10:0{i}:00Z");
        let out = cli(
            &[
                "log", "append", &log, "--actor", "hr-7", "--action", action, "--target", "c-1",
                "--at", &at,
            ],
            b"",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let entry: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(entry["seq"], i as u64);
    }
    let ok = cli(&["log", "verify", &log, "--expected-length", "3"], b"");
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let report: Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(report["valid"], true);
    assert_eq!(report["length"], 3);

    // Edit the middle entry's actor: verification fails and says where.
    let text = std::fs::read_to_string(&log).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[1] = lines[1].replace("hr-7", "hr-8");
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let bad = cli(&["log", "verify", &log], b"");
    assert_eq!(bad.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(report["valid"], false);
    assert_eq!(report["problems"][0]["index"], 1);
}

#[test]
fn call_runs_any_op_and_names_the_known_ones() {
    let out = cli(&["call", "--list"], b"");
    assert!(out.status.success());
    let names = String::from_utf8(out.stdout).unwrap();
    assert!(names.lines().any(|l| l == "audit") && names.lines().any(|l| l == "validate"));
    let bad = cli(&["call", "nope", "-"], b"{}");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("one of: validate"));
}

#[test]
fn potential_fit_eval_predict_update_insights() {
    let dir = scratch("potential");
    let csv = fixture("tests/fixtures/potential/rule.csv");
    let model = dir.join("m1.json").to_string_lossy().into_owned();
    let fit = cli(
        &[
            "potential",
            "fit",
            "--csv",
            &csv,
            "--label",
            "promoted",
            "--id",
            "employee_id",
            "--out",
            &model,
        ],
        b"",
    );
    assert!(
        fit.status.success(),
        "{}",
        String::from_utf8_lossy(&fit.stderr)
    );
    let summary: Value = serde_json::from_slice(&fit.stdout).unwrap();
    assert_eq!(summary["model_version"], 1);
    assert_eq!(summary["training"]["rows"], 300);

    let eval = cli(
        &[
            "potential",
            "eval",
            "--model",
            &model,
            "--csv",
            &csv,
            "--label",
            "promoted",
        ],
        b"",
    );
    assert!(
        eval.status.success(),
        "{}",
        String::from_utf8_lossy(&eval.stderr)
    );
    let report: Value = serde_json::from_slice(&eval.stdout).unwrap();
    // The issue's contract: roc_auc, pr_auc, n, positives.
    assert_eq!(report["n"], 300);
    assert_eq!(report["positives"], 58);
    assert!(report["roc_auc"].as_f64().unwrap() > 0.9);
    assert!(report["pr_auc"].as_f64().unwrap() > 0.5);

    let predict = cli(
        &[
            "potential",
            "predict",
            "--model",
            &model,
            "--csv",
            &csv,
            "--top",
            "2",
        ],
        b"",
    );
    assert!(predict.status.success());
    let lines: Vec<Value> = String::from_utf8(predict.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 300);
    assert_eq!(lines[0]["id"], "E0000");
    assert_eq!(lines[0]["contributions"].as_array().unwrap().len(), 2);

    // An update writes a new version next to the old one, never over it.
    let model2 = dir.join("m2.json").to_string_lossy().into_owned();
    let same = cli(
        &[
            "potential",
            "update",
            "--model",
            &model,
            "--csv",
            &csv,
            "--label",
            "promoted",
            "--out",
            &model,
        ],
        b"",
    );
    assert_eq!(same.status.code(), Some(1));
    let update = cli(
        &[
            "potential",
            "update",
            "--model",
            &model,
            "--csv",
            &csv,
            "--label",
            "promoted",
            "--out",
            &model2,
        ],
        b"",
    );
    assert!(
        update.status.success(),
        "{}",
        String::from_utf8_lossy(&update.stderr)
    );
    let v2: Value = serde_json::from_str(&std::fs::read_to_string(&model2).unwrap()).unwrap();
    let v1: Value = serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(v2["model_version"], 2);
    assert_eq!(v2["parent_hash"], v1["integrity"]["content_hash"]);

    let insights = cli(
        &[
            "potential",
            "insights",
            "--csv",
            &csv,
            "--label",
            "promoted",
            "--id",
            "employee_id",
        ],
        b"",
    );
    assert!(insights.status.success());
    let found: Value = serde_json::from_slice(&insights.stdout).unwrap();
    assert!(!found["insights"].as_array().unwrap().is_empty());

    // A label column holding other values than 0/1 names the column.
    let bad = cli(
        &[
            "potential",
            "fit",
            "--csv",
            &csv,
            "--label",
            "tenure",
            "--out",
            &model2,
        ],
        b"",
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("tenure"));
}

#[test]
fn audit_small_category_policy_from_the_command_line() {
    let csv = fixture("tests/fixtures/audit/small.csv");
    let base = [
        "audit",
        "--csv",
        &csv,
        "--group",
        "site",
        "--selected",
        "advanced",
        "--bootstrap",
        "0",
    ];
    let ratio_of_small = |extra: &[&str]| {
        let out = cli(&[&base[..], extra].concat(), b"");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let small = report["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["small_sample"] == true)
            .cloned()
            .unwrap();
        small["impact_ratio"].clone()
    };
    // Excluded by default (a null ratio), computed when only flagged.
    assert_eq!(ratio_of_small(&[]), Value::Null);
    assert!(ratio_of_small(&["--small-sample-policy", "flag"]).is_number());
    // A larger small-share threshold makes more categories small: X (60%) stays, Y (39%) joins.
    let out = cli(&[&base[..], &["--small-share", "0.5"]].concat(), b"");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let small: Vec<&str> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["small_sample"] == true)
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(small, ["Y", "Z"]);
    let bad = cli(
        &[&base[..], &["--small-sample-policy", "nope"]].concat(),
        b"",
    );
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn bank_list_prints_one_question_per_line() {
    let out = cli(
        &["bank", "list", "--lang", "zh", "--competency", "teamwork"],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 5, "{} teamwork questions", lines.len());
    for q in &lines {
        assert!(q["id"].is_string());
        let comps = q["competencies"].as_array().unwrap();
        assert!(comps.iter().any(|c| c == "teamwork"), "{q}");
        let text = q["text"].as_str().unwrap();
        assert!(
            text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{text}"
        );
    }
    let all = cli(&["bank", "list", "--lang", "en"], b"");
    let n = String::from_utf8(all.stdout).unwrap().lines().count();
    assert!(n >= 120, "{n} questions in the bank");
    let bad = cli(&["bank", "list", "--lang", "fr"], b"");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("error[InvalidArgument]"));
}

#[test]
fn parse_prints_one_resume_per_file_and_keeps_going_after_a_bad_one() {
    let dir = scratch("parse");
    let bad = dir.join("broken.docx");
    std::fs::write(&bad, b"PK\x03\x04\x14\x00\x00\x00garbage").unwrap();
    let a = fixture("tests/fixtures/resumes/zh_banker.txt");
    let b = fixture("tests/fixtures/resumes/en_docx_analyst.docx");
    let out = cli(
        &[
            "parse",
            &a,
            bad.to_str().unwrap(),
            &b,
            "--reference-date",
            "2025-06-30",
        ],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad file makes the exit status 1"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "the good files are still printed: {stdout}");
    assert_eq!(lines[0]["kind"], "resume");
    assert_eq!(lines[0]["source"]["file_name"], "zh_banker.txt");
    assert_eq!(lines[1]["source"]["format"], "docx");
    assert!(lines[0]["total_experience_months"].as_u64().unwrap() > 0);
    assert!(lines[0]["skills"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["taxonomy_id"] == "ik:banking"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error[InvalidArgument]") && stderr.contains("broken.docx"),
        "{stderr}"
    );

    // Without the taxonomy, skills have no ids; with --with-warnings the line carries them.
    let out = cli(&["parse", &a, "--no-taxonomy", "--with-warnings"], b"");
    assert!(out.status.success());
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["file"], a.as_str());
    assert!(line["resume"]["skills"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|s| s.get("taxonomy_id").is_none()));
    assert!(line["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "present_without_reference_date"));
}

#[test]
fn ner_train_eval_tag_and_parse_with_the_model() {
    let dir = scratch("ner");
    let train = dir.join("train.bmes");
    std::fs::write(
        &train,
        "张 B-NAME\n三 E-NAME\n任 O\n总 B-TITLE\n经 M-TITLE\n理 E-TITLE\n\n\
         王 B-NAME\n五 E-NAME\n在 O\n招 B-ORG\n商 M-ORG\n银 M-ORG\n行 E-ORG\n",
    )
    .unwrap();
    let model = dir.join("ner.model");
    let (train_s, model_s) = (train.to_str().unwrap(), model.to_str().unwrap());
    let out = cli(
        &[
            "ner",
            "train",
            "--format",
            "bmes",
            "--train",
            train_s,
            "--out",
            model_s,
            "--algorithm",
            "perceptron",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["types"], serde_json::json!(["NAME", "ORG", "TITLE"]));
    assert!(std::fs::read(&model).unwrap().starts_with(b"IKNERMDL"));

    let out = cli(
        &[
            "ner", "eval", "--model", model_s, "--format", "bmes", "--test", train_s,
        ],
        b"",
    );
    let scores: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scores["micro_f1"], 1.0);
    assert_eq!(scores["per_type"]["ORG"]["support"], 1);

    let out = cli(
        &["ner", "tag", "--model", model_s],
        "王五任总经理\n张三\n".as_bytes(),
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["entities"][1]["text"], "总经理");
    assert_eq!(lines[1]["entities"][0]["type"], "NAME");

    // A model file that is not one is a clear error.
    let out = cli(&["ner", "tag", "--model", train_s], "x".as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[InvalidArgument]"));

    let resume = dir.join("r.txt");
    std::fs::write(&resume, "张三\n工作经历\n2019.03-2021.06 招商银行 总经理\n").unwrap();
    let out = cli(
        &["parse", resume.to_str().unwrap(), "--ner-model", model_s],
        b"",
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        parsed["provenance"]["model_hash"].as_str().unwrap().len(),
        64
    );
}

#[test]
fn taxonomy_lookup_find_term_id_and_a_vendor_csv() {
    let out = cli(&["taxonomy", "lookup", "精通Ｐｙｔｈｏｎ与风险管理"], b"");
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = found["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"onet:python"), "{ids:?}");
    let out = cli(&["taxonomy", "lookup", "onet:python", "--mode", "id"], b"");
    let skill: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(skill["skill"]["name"], "Python");
    let csv = scratch("taxonomy").join("vendor.csv");
    std::fs::write(&csv, "id,name,category\nv:foo,Foo,it\n").unwrap();
    let out = cli(
        &[
            "taxonomy",
            "lookup",
            "Foo and Python",
            "--taxonomy",
            csv.to_str().unwrap(),
        ],
        b"",
    );
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found["matches"].as_array().unwrap().len(), 1, "{found}");
    let out = cli(&["taxonomy", "lookup", "x", "--mode", "fuzzy"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("mode"));
    let out = cli(&["taxonomy", "info"], b"");
    let info: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(info["skills_with_zh"].as_u64().unwrap() >= 2000);
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn voice_reads_a_wav_file_with_a_transcript() {
    let dir = scratch("voice");
    let transcript = dir.join("t.txt");
    std::fs::write(&transcript, "We will, um, meet again tomorrow, I think.").unwrap();
    let wav = fixture("tests/fixtures/voice/espeak_en_p30.wav");
    let out = cli(
        &[
            "voice",
            "--wav",
            &wav,
            "--transcript",
            transcript.to_str().unwrap(),
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = &json_lines(&out)[0];
    assert_eq!(v["category"], "voice");
    // espeak-ng at pitch 30; Praat's median on this file is 79.44 Hz (fixtures/voice/reference.json).
    assert!(
        (v["f0"]["median_hz"].as_f64().unwrap() - 79.44).abs() < 2.5,
        "{v}"
    );
    assert_eq!(v["fillers"]["by_form"]["um"], 1);
    // Not a WAV: exit 1 with the ErrorCode name and the field.
    let out = cli(&["voice", "--wav", transcript.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        error_of(&stderr),
        Some(ErrorCode::InvalidArgument),
        "{stderr}"
    );
    assert!(stderr.contains("`wav`"), "{stderr}");
}

#[test]
fn match_rank_job_and_index_from_files() {
    let jd_zh = fixture("tests/fixtures/matching/jd_zh_banker.txt");
    let jd_en = fixture("tests/fixtures/matching/jd_en_data.txt");
    let good = fixture("tests/fixtures/matching/resume_zh_good.txt");
    let nocert = fixture("tests/fixtures/matching/resume_zh_nocert.txt");
    let reference = ["--reference-date", "2025-06-30"];

    // `job parse` then `match` with the JobProfile JSON; one resume given as parsed JSON.
    let dir = scratch("match");
    let out = cli(&["job", "parse", &jd_zh], b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profile = &json_lines(&out)[0];
    assert_eq!(profile["kind"], "job_profile");
    assert_eq!(profile["id"], "jd_zh_banker.txt");
    let job = dir.join("job.json");
    std::fs::write(&job, profile.to_string()).unwrap();
    let parsed = cli(&["parse", &good, reference[0], reference[1]], b"");
    let resume_json = dir.join("good.json");
    std::fs::write(&resume_json, &parsed.stdout).unwrap();
    let mut args = vec!["match", "--job", job.to_str().unwrap()];
    args.extend([resume_json.to_str().unwrap(), nocert.as_str()]);
    args.extend(reference);
    let out = cli(&args, b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], "good.json");
    assert_eq!(lines[0]["knockout_passed"], true);
    let points: f64 = lines[0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["points"].as_f64().unwrap())
        .sum();
    assert!((points - lines[0]["total"].as_f64().unwrap()).abs() < 1e-6);
    assert_eq!(lines[1]["total"], 0.0);
    assert_eq!(lines[1]["knockout_passed"], false);

    // `rank` over a directory: ids are file names; the funnel goes to stderr.
    let corpus = scratch("rank");
    for name in [
        "resume_en_good.txt",
        "resume_en_related.txt",
        "resume_en_synonym.txt",
        "resume_zh_good.txt",
    ] {
        std::fs::copy(
            fixture(&format!("tests/fixtures/matching/{name}")),
            corpus.join(name),
        )
        .unwrap();
    }
    let mut args = vec![
        "rank",
        "--job",
        jd_en.as_str(),
        "--resumes",
        corpus.to_str().unwrap(),
        "--top",
        "2",
    ];
    args.extend(reference);
    let out = cli(&args, b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ranked = json_lines(&out);
    assert_eq!(ranked.len(), 2);
    assert_eq!(ranked[0]["id"], "resume_en_good.txt");
    assert_eq!(ranked[0]["rank"], 1);
    assert!(ranked[0]["score"].as_f64() >= ranked[1]["score"].as_f64());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\"pass_knockouts\":3"), "{stderr}");

    // `index build` then `index query` gives the same ranking as `rank`.
    let index = corpus.join("../rank.idx");
    let mut args = vec![
        "index",
        "build",
        "--out",
        index.to_str().unwrap(),
        "--resumes",
        corpus.to_str().unwrap(),
    ];
    args.extend(reference);
    let out = cli(&args, b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_lines(&out)[0]["count"], 4);
    let out = cli(
        &[
            "index",
            "query",
            "--index",
            index.to_str().unwrap(),
            "--job",
            &jd_en,
            "--top",
            "2",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let queried = json_lines(&out);
    assert_eq!(
        queried
            .iter()
            .map(|r| (r["id"].clone(), r["score"].clone()))
            .collect::<Vec<_>>(),
        ranked
            .iter()
            .map(|r| (r["id"].clone(), r["score"].clone()))
            .collect::<Vec<_>>()
    );
    // A file that is not an index: a clear error.
    let out = cli(&["index", "query", "--index", &jd_en, "--job", &jd_en], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        error_of(&String::from_utf8_lossy(&out.stderr)),
        Some(ErrorCode::InvalidArgument)
    );
}

#[test]
fn fuse_prints_the_card_or_exits_with_policy_violation() {
    let dir = scratch("fuse");
    let card = fixture("tests/fixtures/fusion/scorecard.json");
    let signals = dir.join("signals.json");
    std::fs::write(
        &signals,
        r#"{"voice": {"pauses.ratio": 0.1, "fillers.per_100_words": 1.0, "speech_rate.syllables_per_second": 4.0}}"#,
    )
    .unwrap();
    let consent = dir.join("consent.json");
    std::fs::write(
        &consent,
        r#"{"purpose": "biometric_analysis", "jurisdiction": "cn", "granted_at": "2026-03-01T09:00:00Z"}"#,
    )
    .unwrap();
    let s = signals.to_str().unwrap();
    // Under cn without consent: refused, the ErrorCode name on stderr, exit 1.
    let out = cli(
        &[
            "fuse",
            "--policy",
            "cn",
            "--scorecard",
            &card,
            "--signals",
            s,
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        error_of(&stderr),
        Some(ErrorCode::PolicyViolation),
        "{stderr}"
    );
    assert!(
        stderr.contains("cn.pipl.art29.separate_consent_biometrics"),
        "{stderr}"
    );
    // With consent: the fused Scorecard.
    let out = cli(
        &[
            "fuse",
            "--policy",
            "cn",
            "--scorecard",
            &card,
            "--signals",
            s,
            "--consent",
            consent.to_str().unwrap(),
            "--at",
            "2026-03-02T10:00:00Z",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fused = &json_lines(&out)[0];
    assert_eq!(fused["kind"], "scorecard");
    assert!(fused["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["fused_score"].is_number()));
    // default is content-only: voice dropped, fused = content.
    let out = cli(
        &[
            "fuse",
            "--policy",
            "default",
            "--scorecard",
            &card,
            "--signals",
            s,
            "--full",
        ],
        b"",
    );
    assert!(out.status.success());
    let full = &json_lines(&out)[0];
    assert!(!full["dropped"].as_array().unwrap().is_empty());
    for c in full["scorecard"]["competencies"].as_array().unwrap() {
        if let Some(f) = c["fused_score"].as_f64() {
            assert!((f - c["ai_score"].as_f64().unwrap()).abs() < 1e-9, "{c}");
        }
    }
}

#[test]
fn report_prints_html_markdown_and_a_wecom_body() {
    let card = fixture("tests/fixtures/fusion/scorecard.json");
    let html = cli(&["report", "--scorecard", &card, "--format", "html"], b"");
    assert!(
        html.status.success(),
        "{}",
        String::from_utf8_lossy(&html.stderr)
    );
    let text = String::from_utf8(html.stdout).unwrap();
    assert!(
        text.starts_with("<!DOCTYPE html>"),
        "{}",
        &text[..80.min(text.len())]
    );
    assert!(text.contains("<svg") && !text.contains("<script"));
    assert!(text.contains("面试官评估报告"), "Chinese by default");
    // What is missing is said on stderr, not hidden.
    assert!(String::from_utf8_lossy(&html.stderr).contains("潜力预测"));

    let md = cli(
        &[
            "report",
            "--scorecard",
            &card,
            "--format",
            "md",
            "--lang",
            "en",
            "--kind",
            "candidate",
        ],
        b"",
    );
    assert!(md.status.success());
    let text = String::from_utf8(md.stdout).unwrap();
    assert!(text.starts_with("# "), "{text}");
    assert!(!text.contains("ai_score"));

    let wecom = cli(
        &[
            "report",
            "--scorecard",
            &card,
            "--format",
            "wecom",
            "--url",
            "https://hr.example.cn/r/1",
            "--job-title",
            "对公客户经理",
        ],
        b"",
    );
    assert!(
        wecom.status.success(),
        "{}",
        String::from_utf8_lossy(&wecom.stderr)
    );
    let body: serde_json::Value = serde_json::from_slice(&wecom.stdout).unwrap();
    assert_eq!(body["msgtype"], "markdown");
    let content = body["markdown"]["content"].as_str().unwrap();
    assert!(
        content.len() <= 4096 && content.ends_with("(https://hr.example.cn/r/1)"),
        "{content}"
    );

    let bad = cli(&["report", "--scorecard", &card, "--lang", "fr"], b"");
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(
        error_of(&stderr),
        Some(ErrorCode::InvalidArgument),
        "{stderr}"
    );
    assert!(stderr.contains("/lang"), "{stderr}");
}

#[test]
fn funnel_reads_json_lines_and_develop_ranks_courses() {
    let dir = scratch("funnel");
    let events: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("tests/fixtures/analytics/funnel_basic.json")).unwrap(),
    )
    .unwrap();
    let lines: String = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{e}\n"))
        .collect();
    let jsonl = dir.join("events.jsonl");
    std::fs::write(&jsonl, lines).unwrap();
    let as_of = events["as_of"]
        .as_str()
        .unwrap_or("2026-04-01T00:00:00Z")
        .to_string();
    let from_lines = cli(
        &[
            "funnel",
            "--events",
            jsonl.to_str().unwrap(),
            "--as-of",
            &as_of,
        ],
        b"",
    );
    assert!(
        from_lines.status.success(),
        "{}",
        String::from_utf8_lossy(&from_lines.stderr)
    );
    let from_json = cli(
        &[
            "funnel",
            "--events",
            &fixture("tests/fixtures/analytics/funnel_basic.json"),
        ],
        b"",
    );
    assert!(from_json.status.success());
    let a: serde_json::Value = serde_json::from_slice(&from_lines.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&from_json.stdout).unwrap();
    assert_eq!(a["overall"], b["overall"]);
    assert_eq!(a["overall"]["candidates"], 7);

    let dev = fixture("tests/fixtures/develop/develop_basic.json");
    let out = cli(&["develop", "--profile", &dev, "--catalog", &dev], b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["gaps"][0]["id"], "sql");
    assert_eq!(v["gaps"][0]["courses"][0]["rank"], 1);
}
