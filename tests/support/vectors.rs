//! Shared by the Rust-side vector runners (core, CLI): loading cases and judging results by the
//! rules of tests/vectors/README.md. Included with `#[path]`, so it is plain code, not a crate.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::Value;

/// The repository root, from a crate's manifest dir one or two levels down.
pub fn repo_root(manifest_dir: &str) -> PathBuf {
    let mut dir = Path::new(manifest_dir).to_path_buf();
    while !dir.join("tests/vectors").is_dir() {
        assert!(dir.pop(), "tests/vectors not found above {manifest_dir}");
    }
    dir
}

/// Every case of every `tests/vectors/*.json`, with its name.
pub fn cases(root: &Path) -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/vectors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            out.push((case["name"].as_str().unwrap().to_string(), case.clone()));
        }
    }
    out
}

/// The ops of a case, in order.
pub fn ops(case: &Value) -> Vec<String> {
    match &case["op"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// The bytes a case passes to its first op.
pub fn input_bytes(root: &Path, case: &Value) -> Vec<u8> {
    if let Some(v) = case.get("input") {
        serde_json::to_vec(v).unwrap()
    } else if let Some(t) = case.get("input_text").and_then(Value::as_str) {
        t.as_bytes().to_vec()
    } else if let Some(b) = case.get("input_base64").and_then(Value::as_str) {
        base64::engine::general_purpose::STANDARD.decode(b).unwrap()
    } else if let Some(f) = case.get("input_file").and_then(Value::as_str) {
        std::fs::read(root.join(f)).unwrap()
    } else {
        Vec::new()
    }
}

/// The pattern rules: objects by subset, arrays by length and pairs, numbers with tolerance.
pub fn matches(actual: &Value, pattern: &Value, path: &str, why: &mut Vec<String>) {
    match (pattern, actual) {
        (Value::Object(p), Value::Object(a)) => {
            for (k, pv) in p {
                match a.get(k) {
                    Some(av) => matches(av, pv, &format!("{path}/{k}"), why),
                    None => why.push(format!("{path}/{k}: missing")),
                }
            }
        }
        (Value::Array(p), Value::Array(a)) => {
            if p.len() != a.len() {
                why.push(format!(
                    "{path}: expected {} items, got {}: {}",
                    p.len(),
                    a.len(),
                    Value::Array(a.clone())
                ));
                return;
            }
            for (i, (pv, av)) in p.iter().zip(a).enumerate() {
                matches(av, pv, &format!("{path}/{i}"), why);
            }
        }
        (Value::Number(p), Value::Number(a)) => {
            let (p, a) = (
                p.as_f64().unwrap_or(f64::NAN),
                a.as_f64().unwrap_or(f64::NAN),
            );
            if (a - p).abs() > 1e-9 * p.abs().max(1.0) {
                why.push(format!("{path}: expected {p}, got {a}"));
            }
        }
        (p, a) if p == a => {}
        (p, a) => why.push(format!("{path}: expected {p}, got {a}")),
    }
}

/// What a face produced for a case.
pub enum Outcome {
    /// The final op's JSON output.
    Output(String),
    /// An error: numeric code, name, and the issues when the face exposes them.
    Failed {
        code: i32,
        name: String,
        issues: Option<Value>,
    },
}

/// Judges an outcome against the case; `Err` explains every mismatch.
pub fn judge(root: &Path, case: &Value, outcome: Outcome) -> Result<(), String> {
    let mut why = Vec::new();
    match (outcome, case.get("error")) {
        (Outcome::Output(out), None) => {
            let actual: Value = serde_json::from_str(&out)
                .map_err(|e| format!("output is not JSON: {e}: {out}"))?;
            if let Some(p) = case.get("expect") {
                matches(&actual, p, "", &mut why);
            }
            if case.get("expect_same_as_input") == Some(&Value::Bool(true)) {
                let original: Value = serde_json::from_slice(&input_bytes(root, case)).unwrap();
                if original != actual {
                    why.push(format!(
                        "result differs from input:\n  in:  {original}\n  out: {actual}"
                    ));
                }
            }
        }
        (Outcome::Output(out), Some(e)) => {
            why.push(format!("expected error {e}, got result {out}"))
        }
        (Outcome::Failed { code, name, .. }, None) => {
            why.push(format!("unexpected error {code} {name}"))
        }
        (Outcome::Failed { code, name, issues }, Some(e)) => {
            if Some(i64::from(code)) != e["code"].as_i64()
                || Some(name.as_str()) != e["name"].as_str()
            {
                why.push(format!("expected error {e}, got {code} {name}"));
            }
            if let (Some(pattern), Some(actual)) = (e.get("issues"), issues) {
                matches(&actual, pattern, "/issues", &mut why);
            }
        }
    }
    if why.is_empty() {
        Ok(())
    } else {
        Err(why.join("\n    "))
    }
}
