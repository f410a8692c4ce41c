//! `--semantic-model` on `match` and `rank`, and `interviewkit semantic embed`, through the
//! binary with the toy ONNX model the core writes (`semantic::toy`); without the `onnx` feature,
//! the same commands fail with a message saying how to get it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::PathBuf;
use std::process::{Command, Output};

#[cfg(feature = "onnx")]
use serde_json::Value;

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interviewkit"))
        .args(args)
        .output()
        .unwrap()
}

fn dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-semantic-{name}"));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[cfg(feature = "onnx")]
fn toy(name: &str) -> (String, String) {
    let m = interviewkit_core::semantic::toy::write_to(&dir(name)).unwrap();
    (
        m["onnx"].as_str().unwrap().to_string(),
        m["tokenizer"].as_str().unwrap().to_string(),
    )
}

#[cfg(feature = "onnx")]
#[test]
fn embed_prints_vectors_and_similarities() {
    let (m, t) = toy("embed");
    let out = cli(&[
        "semantic",
        "embed",
        "--model",
        &m,
        "--tokenizer",
        &t,
        "python sql",
        "数据",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = v["embeddings"].as_array().unwrap();
    assert_eq!(e.len(), 2);
    // python [1,0,0] + sql [1,1,0] → [2,1,0] / √5.
    let x = e[0][0].as_f64().unwrap();
    assert!((x - 2.0 / 5f64.sqrt()).abs() < 1e-6, "{v}");
    let out = cli(&[
        "semantic",
        "embed",
        "--model",
        &m,
        "--tokenizer",
        &t,
        "--anchor",
        "python",
        "python",
        "sales",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = v["similarities"].as_array().unwrap();
    assert!((s[0].as_f64().unwrap() - 1.0).abs() < 1e-6, "{v}");
    assert_eq!(s[1].as_f64().unwrap(), 0.0, "{v}");
}

#[cfg(feature = "onnx")]
#[test]
fn match_and_rank_add_the_semantic_component() {
    let (m, t) = toy("rank");
    let d = dir("rank-files");
    let job = d.join("job.txt");
    std::fs::write(&job, "python sql\nSkills: Python").unwrap();
    let resumes = d.join("resumes");
    std::fs::create_dir_all(&resumes).unwrap();
    std::fs::write(
        resumes.join("a-sales.txt"),
        "Skills: Python\nsales sales sales",
    )
    .unwrap();
    std::fs::write(resumes.join("b-data.txt"), "Skills: Python\n数据 数据 数据").unwrap();
    let job = job.to_str().unwrap();
    let a = resumes.join("a-sales.txt");
    let out = cli(&[
        "match",
        "--job",
        job,
        "--semantic-model",
        &m,
        "--semantic-tokenizer",
        &t,
        a.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sem = v["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "semantic")
        .unwrap();
    assert_eq!(sem["applicable"], true, "{v}");
    assert_eq!(v["semantic_model"]["output"], "last_hidden_state");

    let ranked = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["rank", "--job", job, "--resumes", resumes.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = cli(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                v["id"].as_str().unwrap().to_string()
            })
            .collect()
    };
    assert_eq!(ranked(&[]), ["a-sales.txt", "b-data.txt"]);
    assert_eq!(
        ranked(&["--semantic-model", &m, "--semantic-tokenizer", &t]),
        ["b-data.txt", "a-sales.txt"]
    );
}

#[test]
fn a_missing_model_file_is_a_clear_error() {
    let d = dir("missing");
    let m = d.join("nope.onnx");
    let t = d.join("nope.json");
    let out = cli(&[
        "semantic",
        "embed",
        "--model",
        m.to_str().unwrap(),
        "--tokenizer",
        t.to_str().unwrap(),
        "text",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    if cfg!(feature = "onnx") {
        assert!(err.contains("nope.onnx"), "{err}");
    } else {
        assert!(err.contains("--features onnx"), "{err}");
    }
    // The tokenizer flag alone is refused by the argument parser.
    let out = cli(&[
        "match",
        "--job",
        "j.txt",
        "--semantic-tokenizer",
        "t.json",
        "r.txt",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--semantic-model"));
}
