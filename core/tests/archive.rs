//! The archive schema's promises: pinned error codes, committed JSON Schemas that match the types,
//! every released version readable forever, lossless read → write, hostile input handled cleanly.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use interviewkit_core::schema::json_schema::{json_schema, schema_file_name};
use interviewkit_core::{json, DocumentKind, ErrorCode};
use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files_in(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn error_codes_are_pinned() {
    // Append-only: changing a number breaks every C, Python, JS and Kotlin caller.
    let pinned = [
        (ErrorCode::Ok, 0, "Ok"),
        (ErrorCode::Internal, 1, "Internal"),
        (ErrorCode::InvalidArgument, 2, "InvalidArgument"),
        (ErrorCode::InvalidUtf8, 3, "InvalidUtf8"),
        (ErrorCode::InvalidJson, 4, "InvalidJson"),
        (ErrorCode::InvalidDocument, 5, "InvalidDocument"),
        (
            ErrorCode::UnsupportedSchemaVersion,
            6,
            "UnsupportedSchemaVersion",
        ),
        (ErrorCode::UnknownDocumentType, 7, "UnknownDocumentType"),
        (ErrorCode::MigrationFailed, 8, "MigrationFailed"),
        (ErrorCode::LimitExceeded, 9, "LimitExceeded"),
        (ErrorCode::Io, 10, "Io"),
        (ErrorCode::KeyUnavailable, 11, "KeyUnavailable"),
        (ErrorCode::IntegrityCheckFailed, 12, "IntegrityCheckFailed"),
        (ErrorCode::PolicyViolation, 13, "PolicyViolation"),
    ];
    assert_eq!(
        ErrorCode::ALL.len(),
        pinned.len(),
        "a new code must be pinned here too"
    );
    for (i, (code, n, name)) in pinned.iter().enumerate() {
        assert_eq!(code.as_i32(), *n);
        assert_eq!(code.name(), *name);
        assert_eq!(
            ErrorCode::ALL[i],
            *code,
            "ALL must list codes in numeric order"
        );
        assert_eq!(ErrorCode::from_i32(*n), Some(*code));
    }
    assert_eq!(ErrorCode::from_i32(14), None);
}

/// `IK_BLESS=1 cargo test -p interviewkit-core --test archive` rewrites `schema/`.
#[test]
fn committed_json_schemas_are_current() {
    let dir = repo_root().join("schema");
    let bless = std::env::var_os("IK_BLESS").is_some();
    let mut stale = Vec::new();
    for kind in DocumentKind::ALL {
        let path = dir.join(schema_file_name(kind));
        let fresh = serde_json::to_string_pretty(&json_schema(kind)).unwrap() + "\n";
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &fresh).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "JSON Schemas out of date (run `IK_BLESS=1 cargo test -p interviewkit-core --test archive`): {stale:?}"
    );
}

#[test]
fn json_schemas_declare_draft_2020_12_and_schema_version_first() {
    for kind in DocumentKind::ALL {
        let s = json_schema(kind);
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        let props = s["properties"].as_object().unwrap();
        let first: Vec<&String> = props.keys().take(2).collect();
        assert_eq!(first, ["schema_version", "kind"], "{kind}");
        assert_eq!(s["properties"]["schema_version"]["const"], 1);
    }
}

#[test]
fn every_released_version_still_reads() {
    let mut count = 0;
    for version_dir in files_in("tests/fixtures/archive").iter().chain(
        std::fs::read_dir(repo_root().join("tests/fixtures/archive"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect::<Vec<_>>()
            .iter(),
    ) {
        if !version_dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(version_dir).unwrap() {
            let file = file.unwrap().path();
            let bytes = std::fs::read(&file).unwrap();
            let migrated =
                json::migrate(&bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let report: Value =
                serde_json::from_str(&json::validate(migrated.as_bytes()).unwrap()).unwrap();
            assert_eq!(report["valid"], true, "{}: {report}", file.display());
            assert_eq!(report["schema_version"], 1);
            count += 1;
        }
    }
    assert!(
        count >= 10,
        "expected fixtures for v0 and every v1 kind, found {count}"
    );
}

#[test]
fn v1_fixtures_cover_every_kind_and_round_trip_typed() {
    for kind in DocumentKind::ALL {
        let path = repo_root().join(format!("tests/fixtures/archive/v1/{}.json", kind.as_str()));
        let input: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        // Read into the typed document and write back: nothing the input had may be lost.
        let doc = interviewkit_core::Document::from_value(&input).unwrap();
        assert_eq!(doc.kind(), kind);
        let output = doc.to_value();
        assert_subset(&input, &output, "");
        let keys: Vec<&String> = output.as_object().unwrap().keys().take(2).collect();
        assert_eq!(
            keys,
            ["schema_version", "kind"],
            "schema_version must be written first"
        );
    }
}

#[test]
fn unknown_fields_survive_read_write() {
    let input = serde_json::json!({
        "schema_version": 1, "kind": "resume", "x_vendor_score": 0.93,
        "basics": {"name": "王芳", "x_hukou": "江苏", "location": {"city": "南京", "district": "鼓楼"}},
        "experience": [{"organization": "苏宁", "x_reason_for_leaving": "relocation", "evidence": {"start": 0, "end": 2, "x_conf": 0.8}}],
        "raw_text": "苏宁 …"
    });
    let output = interviewkit_core::Document::from_value(&input)
        .unwrap()
        .to_value();
    assert_subset(&input, &output, "");
    assert_eq!(
        output["experience"][0]["x_reason_for_leaving"],
        "relocation"
    );
}

fn assert_subset(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                // The schema defines an absent list as an empty one; writers omit empty lists.
                if v.as_array().is_some_and(Vec::is_empty) && !a.contains_key(k) {
                    continue;
                }
                let av = a.get(k).unwrap_or_else(|| panic!("{path}/{k} lost"));
                assert_subset(v, av, &format!("{path}/{k}"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{path}");
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                assert_subset(x, y, &format!("{path}/{i}"));
            }
        }
        (Value::Number(e), Value::Number(a)) => assert_eq!(e.as_f64(), a.as_f64(), "{path}"),
        (e, a) => assert_eq!(e, a, "{path}"),
    }
}

#[test]
fn hostile_inputs_fail_cleanly_on_every_operation() {
    let ops: [(&str, json::Op); 5] = [
        ("validate", json::validate),
        ("migrate", json::migrate),
        ("import_json_resume", json::import_json_resume),
        ("export_json_resume", json::export_json_resume),
        ("merge_profiles", json::merge_profiles),
    ];
    let files = files_in("tests/invalid");
    assert!(files.len() >= 10);
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        for (name, op) in ops {
            let outcome = std::panic::catch_unwind(|| op(&bytes));
            let outcome =
                outcome.unwrap_or_else(|_| panic!("{name} panicked on {}", file.display()));
            match (name, outcome) {
                (_, Err(e)) => assert!(!e.to_string().is_empty()),
                ("validate", Ok(report)) => {
                    let r: Value = serde_json::from_str(&report).unwrap();
                    assert_eq!(r["valid"], false, "{} validated as valid", file.display());
                    assert!(!r["issues"].as_array().unwrap().is_empty());
                }
                // Every field of JSON Resume is optional, so any object imports; the result
                // must then be a valid archive resume.
                ("import_json_resume", Ok(resume)) => {
                    let r: Value =
                        serde_json::from_str(&json::validate(resume.as_bytes()).unwrap()).unwrap();
                    assert_eq!(r["valid"], true, "{}: {r}", file.display());
                }
                (_, Ok(out)) => panic!("{name} accepted {}: {out}", file.display()),
            }
        }
    }
}

#[test]
fn a_20_mb_document_validates() {
    let text = "熟练使用 SQL 与 Python，负责风控模型。".repeat(20 * 1024 * 1024 / 50);
    let doc = serde_json::json!({"schema_version": 1, "kind": "resume", "raw_text": text,
        "skills": [{"name": "SQL", "evidence": [{"start": 5, "end": 8}]}]});
    let bytes = serde_json::to_vec(&doc).unwrap();
    assert!(
        bytes.len() >= 20 * 1024 * 1024 - 1024 * 1024,
        "{}",
        bytes.len()
    );
    let report: Value = serde_json::from_str(&json::validate(&bytes).unwrap()).unwrap();
    assert_eq!(report["valid"], true);
}

#[test]
fn too_large_input_is_a_limit_error() {
    let big = vec![b' '; json::MAX_INPUT_BYTES + 1];
    let err = json::validate(&big).unwrap_err();
    assert_eq!(err.code(), ErrorCode::LimitExceeded);
    assert!(err.to_string().contains("limit"), "{err}");
}

#[test]
fn deep_nesting_is_invalid_json_not_a_crash() {
    for depth in [129usize, 10_000, 100_000] {
        let text = "[".repeat(depth) + &"]".repeat(depth);
        let err = json::validate(text.as_bytes()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidJson, "depth {depth}");
        assert!(err.to_string().contains("recursion limit"), "{err}");
    }
}

#[test]
fn a_utf8_byte_order_mark_is_ignored() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(br#"{"schema_version":1,"kind":"candidate","id":"c-1"}"#);
    let report: Value = serde_json::from_str(&json::validate(&bytes).unwrap()).unwrap();
    assert_eq!(report["valid"], true);
}

#[test]
fn errors_name_the_field_in_both_languages() {
    let out = json::validate(
        br#"{"schema_version":1,"kind":"candidate","id":"c","contact":{"email":"x"}}"#,
    )
    .unwrap();
    let r: Value = serde_json::from_str(&out).unwrap();
    let issue = &r["issues"][0];
    assert_eq!(issue["pointer"], "/contact/email");
    assert!(issue["message"].as_str().unwrap().contains("e-mail"));
    assert!(issue["message_zh"].as_str().unwrap().contains("电子邮件"));
    let err = json::migrate(br#"{"schema_version":1,"kind":"candidate"}"#).unwrap_err();
    assert!(err.to_string().contains("/id"), "{err}");
}
