//! `interviewkit batch predict|audit`: typed tables from JSON lines and Parquet, end to end
//! through the binary. Probabilities equal `potential predict` and the audit equals `audit` for
//! the same rows, whatever the chunk size or the format; unreadable rows are reported, not fatal.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, DictionaryArray, Float64Array, Int64Array, RecordBatch,
    StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::{json, Value};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interviewkit"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ik-tables-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Employees: emp, rating (float), tenure (int), dept (text), mentor (bool), promoted (label).
struct Employee {
    emp: String,
    rating: f64,
    tenure: i64,
    dept: &'static str,
    mentor: bool,
}

fn employees(n: usize) -> Vec<Employee> {
    (0..n)
        .map(|i| Employee {
            emp: format!("e{i:03}"),
            rating: 1.0 + ((i * 37) % 40) as f64 / 10.0,
            tenure: ((i * 7) % 11) as i64,
            dept: ["sales", "it", "ops"][i % 3],
            mentor: i % 4 == 0,
        })
        .collect()
}

fn promoted(e: &Employee) -> u8 {
    u8::from(e.rating > 3.2 && (e.tenure > 3 || e.mentor))
}

fn csv(rows: &[Employee], label: bool) -> String {
    let mut out = String::from("emp,rating,tenure,dept,mentor");
    out.push_str(if label { ",promoted\n" } else { "\n" });
    for e in rows {
        out.push_str(&format!(
            "{},{},{},{},{}",
            e.emp,
            e.rating,
            e.tenure,
            e.dept,
            u8::from(e.mentor)
        ));
        if label {
            out.push_str(&format!(",{}", promoted(e)));
        }
        out.push('\n');
    }
    out
}

fn fit(dir: &Path) -> PathBuf {
    let data = dir.join("train.csv");
    std::fs::write(&data, csv(&employees(150), true)).unwrap();
    let model = dir.join("model.json");
    ok(&[
        "potential",
        "fit",
        "--csv",
        s(&data),
        "--label",
        "promoted",
        "--id",
        "emp",
        "--params",
        r#"{"n_estimators": 25, "min_data_in_leaf": 5, "seed": 3}"#,
        "--out",
        s(&model),
    ]);
    model
}

fn employee_json(e: &Employee) -> Value {
    json!({"emp": e.emp, "rating": e.rating, "tenure": e.tenure, "dept": e.dept,
           "mentor": u8::from(e.mentor), "note": ["ignored", "column"]})
}

#[test]
fn predict_equals_potential_predict_and_bad_rows_are_rows() {
    let dir = scratch("predict");
    let model = fit(&dir);
    let people = employees(30);
    let data = dir.join("people.csv");
    std::fs::write(&data, csv(&people, false)).unwrap();
    let want = json_lines(
        &ok(&[
            "potential",
            "predict",
            "--model",
            s(&model),
            "--csv",
            s(&data),
            "--top",
            "2",
        ])
        .stdout,
    );

    // JSON lines with three bad rows between the good ones.
    let mut lines: Vec<String> = people
        .iter()
        .map(|e| employee_json(e).to_string())
        .collect();
    lines.insert(5, "{not json".into());
    lines.insert(
        9,
        r#"{"emp": "x1", "rating": [1], "tenure": 3, "dept": "it", "mentor": 0}"#.into(),
    );
    lines.insert(
        12,
        r#"{"emp": "x2", "rating": 3.5, "tenure": "three", "dept": "it", "mentor": 0}"#.into(),
    );
    let input = dir.join("people.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n\n").unwrap();
    for chunk in ["4", "8192"] {
        let out = dir.join(format!("pred-{chunk}.jsonl"));
        ok(&[
            "batch",
            "predict",
            "--model",
            s(&model),
            "--input",
            s(&input),
            "--output",
            s(&out),
            "--top",
            "2",
            "--chunk",
            chunk,
        ]);
        let got = json_lines(&std::fs::read(&out).unwrap());
        assert_eq!(got.len(), 33);
        let rows: Vec<i64> = got.iter().map(|r| r["row"].as_i64().unwrap()).collect();
        assert_eq!(rows, (0..33).collect::<Vec<_>>());
        assert_eq!(got[5]["error_code"], "InvalidArgument");
        assert!(
            got[5]["error"].as_str().unwrap().contains("line 6"),
            "{}",
            got[5]
        );
        assert!(
            got[9]["error"]
                .as_str()
                .unwrap()
                .contains("line 10: /rating"),
            "{}",
            got[9]
        );
        assert!(
            got[12]["error"]
                .as_str()
                .unwrap()
                .contains("rows[12].tenure"),
            "{}",
            got[12]
        );
        let good: Vec<&Value> = got.iter().filter(|r| r["error_code"].is_null()).collect();
        assert_eq!(good.len(), 30);
        for (g, w) in good.iter().zip(&want) {
            assert_eq!(g["id"], w["id"]);
            assert_eq!(g["probability"], w["probability"]);
            assert_eq!(g["margin"], w["margin"]);
            assert_eq!(g["contributions"], w["contributions"]);
        }
    }

    // Parquet with typed columns (float, int, dictionary text, boolean) gives the same numbers.
    let schema = Arc::new(Schema::new(vec![
        Field::new("emp", DataType::Utf8, false),
        Field::new("rating", DataType::Float64, true),
        Field::new("tenure", DataType::Int64, true),
        Field::new(
            "dept",
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
            true,
        ),
        Field::new("mentor", DataType::Boolean, true),
    ]));
    let dept: DictionaryArray<Int32Type> = people.iter().map(|e| Some(e.dept)).collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(
            people.iter().map(|e| e.emp.as_str()),
        )),
        Arc::new(Float64Array::from_iter_values(
            people.iter().map(|e| e.rating),
        )),
        Arc::new(Int64Array::from_iter_values(
            people.iter().map(|e| e.tenure),
        )),
        Arc::new(dept),
        Arc::new(BooleanArray::from(
            people.iter().map(|e| e.mentor).collect::<Vec<_>>(),
        )),
    ];
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let pq = dir.join("people.parquet");
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(7))
        .build();
    let mut w = ArrowWriter::try_new(File::create(&pq).unwrap(), schema, Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let out = dir.join("pred.parquet");
    ok(&[
        "batch",
        "predict",
        "--model",
        s(&model),
        "--input",
        s(&pq),
        "--output",
        s(&out),
        "--chunk",
        "5",
    ]);
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&out).unwrap()).unwrap();
    let got: Vec<RecordBatch> = reader.build().unwrap().map(Result::unwrap).collect();
    let probs: Vec<f64> = got
        .iter()
        .flat_map(|b| {
            b.column_by_name("probability")
                .unwrap()
                .as_primitive::<Float64Type>()
                .values()
                .to_vec()
        })
        .collect();
    let want_probs: Vec<f64> = want
        .iter()
        .map(|w| w["probability"].as_f64().unwrap())
        .collect();
    assert_eq!(probs, want_probs);
    let ids: Vec<String> = got
        .iter()
        .flat_map(|b| {
            let a = b.column_by_name("id").unwrap().as_string::<i32>().clone();
            (0..a.len())
                .map(move |i| a.value(i).to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(ids[0], "e000"); // the model's id column, found in the file
    assert!(got
        .iter()
        .all(|b| b.column_by_name("contributions").unwrap().null_count() == b.num_rows()));

    // A model feature missing from the file: an error before anything is written.
    let bad_out = dir.join("never.jsonl");
    let r = run(&[
        "batch",
        "predict",
        "--model",
        s(&model),
        "--input",
        s(&pq),
        "--output",
        s(&bad_out),
        "--id-column",
        "badge",
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("badge"));
    assert!(!bad_out.exists());
}

fn site(i: usize) -> &'static str {
    ["bj", "sh", "sz"][i % 3]
}

fn applicants(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let sex = ["F", "M"][i % 2];
            let hired = if sex == "F" { i % 5 == 0 } else { i % 3 != 0 };
            json!({"sex": sex, "site": site(i), "hired": u8::from(hired)})
        })
        .collect()
}

#[test]
fn audit_equals_audit_on_csv_and_lists_unreadable_rows() {
    let dir = scratch("audit");
    let rows = applicants(120);
    let mut csv = String::from("sex,site,hired\n");
    for r in &rows {
        csv.push_str(&format!(
            "{},{},{}\n",
            r["sex"].as_str().unwrap(),
            r["site"].as_str().unwrap(),
            r["hired"]
        ));
    }
    let csv_path = dir.join("a.csv");
    std::fs::write(&csv_path, &csv).unwrap();
    let want: Value = serde_json::from_slice(
        &ok(&[
            "audit",
            "--csv",
            s(&csv_path),
            "--group",
            "sex,site",
            "--selected",
            "hired",
            "--bootstrap",
            "100",
            "--seed",
            "5",
        ])
        .stdout,
    )
    .unwrap();

    let lines: Vec<String> = rows.iter().map(Value::to_string).collect();
    let input = dir.join("a.jsonl");
    std::fs::write(&input, lines.join("\n")).unwrap();
    for chunk in ["7", "8192"] {
        let out = ok(&[
            "batch",
            "audit",
            "--input",
            s(&input),
            "--group",
            "sex,site",
            "--selected",
            "hired",
            "--bootstrap",
            "100",
            "--seed",
            "5",
            "--chunk",
            chunk,
        ]);
        let mut got: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(got["row_errors"], json!([]));
        got.as_object_mut().unwrap().remove("row_errors");
        assert_eq!(got, want, "chunk {chunk}");
    }

    // Unreadable rows: a broken line, a list as a group value, an outcome of "maybe".
    let mut bad = lines.clone();
    bad[3] = "[1, 2]".into();
    bad[10] = r#"{"sex": ["F"], "site": "bj", "hired": 1}"#.into();
    bad[20] = r#"{"sex": "F", "site": "bj", "hired": "maybe"}"#.into();
    std::fs::write(&input, bad.join("\n")).unwrap();
    let out = ok(&[
        "batch",
        "audit",
        "--input",
        s(&input),
        "--group",
        "sex",
        "--selected",
        "hired",
        "--bootstrap",
        "0",
        "--chunk",
        "8",
    ]);
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = got["row_errors"].as_array().unwrap();
    let at: Vec<(i64, &str)> = errors
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["column"].as_str().unwrap()))
        .collect();
    assert_eq!(at, [(3, ""), (10, "sex"), (20, "hired")]);
    assert!(errors[2]["error"]
        .as_str()
        .unwrap()
        .contains("rows[20].hired"));
    assert_eq!(got["n_records"], 117);
    assert!(got["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("3 of 120 rows could not be read"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("120 rows, 3 errors"));

    // Markdown to a file.
    let md = dir.join("audit.md");
    ok(&[
        "batch",
        "audit",
        "--input",
        s(&input),
        "--group",
        "sex",
        "--selected",
        "hired",
        "--format",
        "md",
        "--output",
        s(&md),
        "--bootstrap",
        "0",
    ]);
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("3 of 120 rows could not be read"));
}
