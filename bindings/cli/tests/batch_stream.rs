//! `interviewkit batch parse|screen`: JSON lines and Parquet streamed through the core, end to
//! end through the binary. Bad lines are rows of their own, scores equal `match_resume`, chunking
//! never changes the output, `--top` keeps K per job, and a bad request writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use serde_json::{json, Value};

const DATE: &str = "2026-01-01";

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
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Runs the binary and insists on exit 0.
fn ok(args: &[&str], stdin: &[u8]) -> Output {
    let out = cli(args, stdin);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ik-batch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Chinese and English resume texts from the fixtures, with ids.
fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["tests/fixtures/matching", "tests/fixtures/resumes"] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy();
                n.ends_with(".txt") && (n.starts_with("resume_") || !dir.ends_with("matching"))
            })
            .collect();
        names.sort();
        for p in names {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((id, std::fs::read_to_string(&p).unwrap()));
        }
    }
    assert!(out.len() >= 10, "fixtures: {}", out.len());
    assert!(out
        .iter()
        .any(|(_, t)| t.contains("工作经历") || t.contains("技能")));
    out
}

/// Two jobs: a Chinese banker and an English data analyst.
fn jobs_file(dir: &Path) -> PathBuf {
    let text = |f: &str| std::fs::read_to_string(root().join("tests/fixtures/matching").join(f));
    let jobs = json!([
        {"id": "banker", "text": text("jd_zh_banker.txt").unwrap()},
        {"id": "data", "text": text("jd_en_data.txt").unwrap(), "lang": "en"},
    ]);
    let p = dir.join("jobs.json");
    std::fs::write(&p, jobs.to_string()).unwrap();
    p
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The corpus as JSON lines plus, at fixed places, a corrupt line, a line without the text
/// field, a null text and a blank line (not a row), after a byte-order mark.
fn lines_with_bad_rows(corpus: &[(String, String)]) -> (String, usize) {
    let mut lines: Vec<String> = corpus
        .iter()
        .map(|(id, t)| json!({"id": id, "text": t}).to_string())
        .collect();
    lines.insert(2, r#"{"id": "broken", "text": "unterminated"#.to_string());
    lines.insert(4, json!({"id": "no-text", "body": "王芳"}).to_string());
    lines.insert(5, String::new());
    lines.insert(6, json!({"id": "null-text", "text": null}).to_string());
    // Rows: every non-blank line.
    let rows = lines.iter().filter(|l| !l.is_empty()).count();
    // A byte-order mark before the first line, as some Windows tools write.
    (format!("\u{feff}{}\n", lines.join("\n")), rows)
}

#[test]
fn json_lines_bad_lines_are_their_own_rows_and_the_rest_is_intact() {
    let corpus = corpus();
    let (input, rows) = lines_with_bad_rows(&corpus);
    let out = ok(
        &[
            "batch",
            "parse",
            "--input",
            "-",
            "--output",
            "-",
            "--id-column",
            "id",
            "--reference-date",
            DATE,
        ],
        input.as_bytes(),
    );
    let got = json_lines(&out.stdout);
    assert_eq!(got.len(), rows);
    for (i, r) in got.iter().enumerate() {
        assert_eq!(r["row"], json!(i), "rows are numbered in input order");
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "row",
                "id",
                "resume",
                "name",
                "email",
                "phone",
                "years_experience",
                "skills",
                "warnings",
                "error_code",
                "error"
            ]
        );
    }
    // Line 3 is corrupt JSON; line 5 lacks `text`; line 7 (after the blank line 6) is null.
    assert_eq!(got[2]["error_code"], "InvalidArgument");
    assert!(
        got[2]["error"].as_str().unwrap().contains("line 3"),
        "{}",
        got[2]
    );
    assert!(got[2]["resume"].is_null());
    assert_eq!(got[4]["error_code"], "InvalidArgument");
    assert_eq!(got[4]["id"], "no-text");
    let e = got[4]["error"].as_str().unwrap();
    assert!(e.contains("line 5") && e.contains("/text"), "{e}");
    assert_eq!(got[5]["id"], "null-text");
    assert_eq!(got[5]["error_code"], "InvalidArgument");
    // Every other row parsed, with its id, a name and an archive Resume.
    let good: Vec<&Value> = got.iter().filter(|r| r["error_code"].is_null()).collect();
    assert_eq!(good.len(), corpus.len());
    for (r, (id, _)) in good.iter().zip(&corpus) {
        assert_eq!(r["id"], json!(id));
        assert_eq!(r["resume"]["kind"], "resume");
        assert_eq!(r["resume"]["id"], json!(id));
        assert!(r["name"].is_string(), "{id}: no name");
        assert!(r["skills"].is_array());
        assert!(r["warnings"].is_array());
        assert!(r["error"].is_null());
    }
    // The summary line counts rows and errors.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("batch parse: {rows} rows, 3 errors")),
        "{stderr}"
    );
    // The progress bar is hidden off a terminal: the summary is all there is.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn screen_scores_equal_match_resume_and_resume_json_gives_the_same() {
    let dir = scratch("scores");
    let corpus = corpus();
    let jobs = jobs_file(&dir);
    let (input, _) = lines_with_bad_rows(&corpus);
    let input_path = dir.join("in.jsonl");
    std::fs::write(&input_path, &input).unwrap();
    let scores = dir.join("scores.jsonl");
    ok(
        &[
            "batch",
            "screen",
            "--jobs",
            s(&jobs),
            "--input",
            s(&input_path),
            "--output",
            s(&scores),
            "--id-column",
            "id",
            "--reference-date",
            DATE,
            "--explain",
        ],
        b"",
    );
    let scored = json_lines(&std::fs::read(&scores).unwrap());
    // One row per good resume and job, one per bad row.
    assert_eq!(scored.len(), corpus.len() * 2 + 3);
    assert_eq!(
        scored
            .iter()
            .filter(|r| r["error_code"].is_string())
            .count(),
        3
    );

    // The parsed resumes, then `match_resume` on each pair.
    let parsed = ok(
        &[
            "batch",
            "parse",
            "--input",
            s(&input_path),
            "--output",
            "-",
            "--id-column",
            "id",
            "--reference-date",
            DATE,
        ],
        b"",
    );
    let parsed = json_lines(&parsed.stdout);
    let job_list: Value = serde_json::from_str(&std::fs::read_to_string(&jobs).unwrap()).unwrap();
    // Each parsed resume as a file, and `interviewkit match` once per job over all of them.
    let mut files = Vec::new();
    for p in parsed.iter().filter(|p| p["error_code"].is_null()) {
        let f = dir.join(format!("row-{}.json", p["row"]));
        std::fs::write(&f, p["resume"].to_string()).unwrap();
        files.push(f);
    }
    let mut compared = 0;
    for job in job_list.as_array().unwrap() {
        let job_file = dir.join(format!("job-{}.json", job["id"].as_str().unwrap()));
        std::fs::write(&job_file, job.to_string()).unwrap();
        let mut args = vec!["match", "--job", s(&job_file), "--reference-date", DATE];
        args.extend(files.iter().map(|f| s(f)));
        let singles = json_lines(&ok(&args, b"").stdout);
        assert_eq!(singles.len(), files.len());
        for mut single in singles {
            let single = single.as_object_mut().unwrap();
            let file = single.remove("file").unwrap();
            let row: u64 = file.as_str().unwrap()[4..]
                .trim_end_matches(".json")
                .parse()
                .unwrap();
            let r = scored
                .iter()
                .find(|r| r["row"] == json!(row) && r["job_id"] == job["id"])
                .unwrap();
            assert_eq!(r["score"], single["total"], "{} × {}", r["id"], r["job_id"]);
            assert_eq!(r["knockout_passed"], single["knockout_passed"]);
            // `match` adds the job's id and the weights in force around the same result.
            assert_eq!(single.remove("job_id").unwrap(), r["job_id"]);
            single.remove("weights");
            assert_eq!(r["explanation"], Value::Object(single.clone()));
            compared += 1;
        }
    }
    assert_eq!(compared, corpus.len() * 2);
    assert!(scored.iter().any(|r| r["knockout_passed"] == true));

    // Screening `batch parse`'s Resume objects gives the same rows.
    let parsed_path = dir.join("parsed.jsonl");
    std::fs::write(
        &parsed_path,
        parsed
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let again = ok(
        &[
            "batch",
            "screen",
            "--jobs",
            s(&jobs),
            "--input",
            s(&parsed_path),
            "--output",
            "-",
            "--column",
            "resume",
            "--id-column",
            "id",
            "--resume-json",
            "--reference-date",
            DATE,
            "--explain",
        ],
        b"",
    );
    let again = json_lines(&again.stdout);
    assert_eq!(again.len(), scored.len());
    for (a, b) in again.iter().zip(&scored) {
        if b["error_code"].is_null() {
            assert_eq!(a, b);
        } else {
            // The parse errors are now null resumes.
            assert_eq!(a["row"], b["row"]);
            assert_eq!(a["error_code"], "InvalidArgument");
        }
    }
}

fn write_parquet(path: &Path, ids: &[Option<&str>], texts: &[Option<&str>], codec: Compression) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("cand", DataType::Utf8, true),
        Field::new("score_hint", DataType::Int64, true),
        Field::new("doc", DataType::Utf8, true),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(ids.to_vec())),
        Arc::new(arrow_array::Int64Array::from(
            (0..ids.len() as i64).collect::<Vec<_>>(),
        )),
        Arc::new(StringArray::from(texts.to_vec())),
    ];
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let props = WriterProperties::builder()
        .set_compression(codec)
        .set_max_row_group_row_count(Some(4))
        .build();
    let mut w = ArrowWriter::try_new(File::create(path).unwrap(), schema, Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

fn read_parquet(path: &Path) -> RecordBatch {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap();
    let schema = builder.schema().clone();
    let batches: Vec<RecordBatch> = builder.build().unwrap().map(Result::unwrap).collect();
    arrow_select::concat::concat_batches(&schema, &batches).unwrap()
}

fn strings(batch: &RecordBatch, name: &str) -> Vec<Option<String>> {
    batch
        .column_by_name(name)
        .unwrap()
        .as_string::<i32>()
        .iter()
        .map(|s| s.map(str::to_string))
        .collect()
}

#[test]
fn parquet_round_trip_with_typed_columns() {
    let dir = scratch("parquet");
    let corpus = corpus();
    let mut ids: Vec<Option<&str>> = corpus.iter().map(|(i, _)| Some(i.as_str())).collect();
    let mut texts: Vec<Option<&str>> = corpus.iter().map(|(_, t)| Some(t.as_str())).collect();
    ids.insert(3, Some("missing"));
    texts.insert(3, None);
    for (name, codec) in [
        ("snappy", Compression::SNAPPY),
        ("zstd", Compression::ZSTD(ZstdLevel::default())),
        ("plain", Compression::UNCOMPRESSED),
    ] {
        let input = dir.join(format!("in-{name}.parquet"));
        write_parquet(&input, &ids, &texts, codec);
        let parsed = dir.join(format!("parsed-{name}.parquet"));
        let out = ok(
            &[
                "batch",
                "parse",
                "--input",
                s(&input),
                "--output",
                s(&parsed),
                "--column",
                "doc",
                "--id-column",
                "cand",
                "--reference-date",
                DATE,
                "--chunk",
                "5",
            ],
            b"",
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{} rows, 1 errors", ids.len())),
            "{stderr}"
        );
        let t = read_parquet(&parsed);
        let types: Vec<(String, DataType)> = t
            .schema()
            .fields()
            .iter()
            .map(|f| (f.name().clone(), f.data_type().clone()))
            .collect();
        let list = DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)));
        assert_eq!(
            types,
            vec![
                ("row".into(), DataType::Int64),
                ("id".into(), DataType::Utf8),
                ("resume".into(), DataType::Utf8),
                ("name".into(), DataType::Utf8),
                ("email".into(), DataType::Utf8),
                ("phone".into(), DataType::Utf8),
                ("years_experience".into(), DataType::Float64),
                ("skills".into(), list.clone()),
                ("warnings".into(), DataType::Utf8),
                ("error_code".into(), DataType::Utf8),
                ("error".into(), DataType::Utf8),
            ]
        );
        assert_eq!(t.num_rows(), ids.len());
        let rows: Vec<i64> = t
            .column_by_name("row")
            .unwrap()
            .as_primitive::<Int64Type>()
            .values()
            .to_vec();
        assert_eq!(rows, (0..ids.len() as i64).collect::<Vec<_>>());
        let got_ids = strings(&t, "id");
        assert_eq!(
            got_ids,
            ids.iter()
                .map(|i| i.map(str::to_string))
                .collect::<Vec<_>>()
        );
        let codes = strings(&t, "error_code");
        assert_eq!(codes[3].as_deref(), Some("InvalidArgument"));
        assert_eq!(codes.iter().filter(|c| c.is_some()).count(), 1);

        // The same values as the JSON-lines output of the same rows.
        let lines: String = ids
            .iter()
            .zip(&texts)
            .map(|(i, t)| json!({"cand": i, "doc": t}).to_string() + "\n")
            .collect();
        let expected = json_lines(
            &ok(
                &[
                    "batch",
                    "parse",
                    "--input",
                    "-",
                    "--output",
                    "-",
                    "--column",
                    "doc",
                    "--id-column",
                    "cand",
                    "--reference-date",
                    DATE,
                ],
                lines.as_bytes(),
            )
            .stdout,
        );
        let names = strings(&t, "name");
        let resumes = strings(&t, "resume");
        let years = t
            .column_by_name("years_experience")
            .unwrap()
            .as_primitive::<Float64Type>();
        let skills = t.column_by_name("skills").unwrap().as_list::<i32>();
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(json!(names[i]), e["name"]);
            let resume: Value = resumes[i]
                .as_deref()
                .map_or(Value::Null, |r| serde_json::from_str(r).unwrap());
            assert_eq!(resume, e["resume"]);
            assert_eq!(
                if years.is_null(i) {
                    Value::Null
                } else {
                    json!(years.value(i))
                },
                e["years_experience"]
            );
            let sk: Value = if skills.is_null(i) {
                Value::Null
            } else {
                json!(skills
                    .value(i)
                    .as_string::<i32>()
                    .iter()
                    .map(|s| s.unwrap().to_string())
                    .collect::<Vec<_>>())
            };
            assert_eq!(sk, e["skills"]);
        }
        assert!(names.iter().filter(|n| n.is_some()).count() >= corpus.len() - 1);
    }

    // Screening Parquet → Parquet: typed score columns, and the parsed resumes as Resume JSON.
    let jobs = jobs_file(&dir);
    let scores = dir.join("scores.parquet");
    ok(
        &[
            "batch",
            "screen",
            "--jobs",
            s(&jobs),
            "--input",
            s(&dir.join("parsed-zstd.parquet")),
            "--output",
            s(&scores),
            "--column",
            "resume",
            "--id-column",
            "id",
            "--resume-json",
            "--reference-date",
            DATE,
            "--explain",
        ],
        b"",
    );
    let t = read_parquet(&scores);
    let list = DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)));
    let types: Vec<DataType> = t
        .schema()
        .fields()
        .iter()
        .map(|f| f.data_type().clone())
        .collect();
    assert_eq!(
        types,
        vec![
            DataType::Int64,
            DataType::Utf8,
            DataType::Utf8,
            DataType::Float64,
            DataType::Boolean,
            list.clone(),
            list.clone(),
            list,
            DataType::Utf8,
            DataType::Utf8,
            DataType::Utf8,
        ]
    );
    assert_eq!(t.schema().field(8).name(), "explanation");
    assert_eq!(t.num_rows(), corpus.len() * 2 + 1);
    let score = t
        .column_by_name("score")
        .unwrap()
        .as_primitive::<Float64Type>();
    let passed = t.column_by_name("knockout_passed").unwrap().as_boolean();
    let explanation = strings(&t, "explanation");
    assert_eq!(explanation.len(), t.num_rows());
    for (i, x) in explanation.iter().enumerate() {
        if let Some(x) = x {
            let m: Value = serde_json::from_str(x).unwrap();
            assert_eq!(json!(score.value(i)), m["total"]);
            assert_eq!(json!(passed.value(i)), m["knockout_passed"]);
        } else {
            assert!(score.is_null(i));
        }
    }
}

#[test]
fn top_keeps_each_jobs_best_k_and_every_error_row() {
    let dir = scratch("top");
    let corpus = corpus();
    let jobs = jobs_file(&dir);
    // Each resume twice under two ids, so equal scores are broken by id.
    let mut lines = String::new();
    for copy in ["a", "b"] {
        for (id, t) in &corpus {
            lines.push_str(&json!({"id": format!("{id}-{copy}"), "text": t}).to_string());
            lines.push('\n');
        }
    }
    lines.push_str("not json\n");
    let input = dir.join("in.ndjson");
    std::fs::write(&input, &lines).unwrap();
    let all = json_lines(
        &ok(
            &[
                "batch",
                "screen",
                "--jobs",
                s(&jobs),
                "--input",
                s(&input),
                "--output",
                "-",
                "--id-column",
                "id",
                "--reference-date",
                DATE,
            ],
            b"",
        )
        .stdout,
    );
    for k in [1usize, 3] {
        for chunk in ["2", "8192"] {
            let top = json_lines(
                &ok(
                    &[
                        "batch",
                        "screen",
                        "--jobs",
                        s(&jobs),
                        "--input",
                        s(&input),
                        "--output",
                        "-",
                        "--id-column",
                        "id",
                        "--reference-date",
                        DATE,
                        "--top",
                        &k.to_string(),
                        "--chunk",
                        chunk,
                    ],
                    b"",
                )
                .stdout,
            );
            // The error row first (written as it was met), then each job's best.
            assert_eq!(top[0]["error_code"], "InvalidArgument");
            assert_eq!(top[0]["row"], json!(corpus.len() * 2));
            let mut expected = Vec::new();
            for job in ["banker", "data"] {
                let mut passing: Vec<&Value> = all
                    .iter()
                    .filter(|r| r["job_id"] == job && r["knockout_passed"] == true)
                    .collect();
                passing.sort_by(|a, b| {
                    b["score"]
                        .as_f64()
                        .unwrap()
                        .total_cmp(&a["score"].as_f64().unwrap())
                        .then_with(|| a["id"].as_str().cmp(&b["id"].as_str()))
                });
                assert!(
                    !passing.is_empty(),
                    "{job}: no resume passes the knock-outs"
                );
                expected.extend(passing.into_iter().take(k).cloned());
            }
            assert_eq!(top[1..], expected[..], "top {k}, chunk {chunk}");
        }
    }
}

#[test]
fn chunk_size_never_changes_the_output() {
    let dir = scratch("chunks");
    let corpus = corpus();
    let jobs = jobs_file(&dir);
    let (input, _) = lines_with_bad_rows(&corpus);
    let input_path = dir.join("in.jsonl");
    std::fs::write(&input_path, &input).unwrap();
    let run = |args: &[&str], chunk: &str| -> Vec<u8> {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--chunk", chunk]);
        ok(&all, b"").stdout
    };
    let parse = [
        "batch",
        "parse",
        "--input",
        s(&input_path),
        "--output",
        "-",
        "--id-column",
        "id",
        "--reference-date",
        DATE,
    ];
    let a = run(&parse, "3");
    assert_eq!(a, run(&parse, "8192"));
    assert_eq!(a, run(&parse, "1"));
    let screen = [
        "batch",
        "screen",
        "--jobs",
        s(&jobs),
        "--input",
        s(&input_path),
        "--output",
        "-",
        "--id-column",
        "id",
        "--reference-date",
        DATE,
        "--explain",
    ];
    let a = run(&screen, "3");
    assert!(!a.is_empty());
    assert_eq!(a, run(&screen, "8192"));

    // Parquet in and out: the same table whatever the chunk.
    let ids: Vec<Option<&str>> = corpus.iter().map(|(i, _)| Some(i.as_str())).collect();
    let texts: Vec<Option<&str>> = corpus.iter().map(|(_, t)| Some(t.as_str())).collect();
    let pq = dir.join("in.parquet");
    write_parquet(&pq, &ids, &texts, Compression::SNAPPY);
    let mut tables = Vec::new();
    for chunk in ["3", "8192"] {
        let out = dir.join(format!("out-{chunk}.parquet"));
        ok(
            &[
                "batch",
                "screen",
                "--jobs",
                s(&jobs),
                "--input",
                s(&pq),
                "--output",
                s(&out),
                "--column",
                "doc",
                "--id-column",
                "cand",
                "--reference-date",
                DATE,
                "--chunk",
                chunk,
            ],
            b"",
        );
        tables.push(read_parquet(&out));
    }
    assert_eq!(tables[0], tables[1]);
    assert_eq!(tables[0].num_rows(), corpus.len() * 2);
}

#[test]
fn a_bad_request_exits_1_before_writing_anything() {
    let dir = scratch("bad");
    let corpus = corpus();
    let input = dir.join("in.jsonl");
    std::fs::write(&input, json!({"text": corpus[0].1}).to_string() + "\n").unwrap();
    let pq = dir.join("in.parquet");
    write_parquet(
        &pq,
        &[Some("x")],
        &[Some(&corpus[0].1)],
        Compression::SNAPPY,
    );
    let bad_job = dir.join("bad-job.json");
    std::fs::write(&bad_job, r#"[{"id": "j", "text": "Python", "salary": 3}]"#).unwrap();
    let not_jobs = dir.join("not-jobs.json");
    std::fs::write(&not_jobs, r#"{"id": "j", "text": "Python"}"#).unwrap();
    let good_jobs = jobs_file(&dir);
    let out = dir.join("out.jsonl");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "batch",
                "screen",
                "--jobs",
                s(&bad_job),
                "--input",
                s(&input),
            ],
            "/jobs/0/salary",
        ),
        (
            vec![
                "batch",
                "screen",
                "--jobs",
                s(&not_jobs),
                "--input",
                s(&input),
            ],
            "array of jobs",
        ),
        (
            vec![
                "batch",
                "screen",
                "--jobs",
                "/nonexistent/jobs.json",
                "--input",
                s(&input),
            ],
            "error[Io]",
        ),
        (
            vec![
                "batch",
                "screen",
                "--jobs",
                s(&good_jobs),
                "--input",
                s(&pq),
                "--column",
                "text",
            ],
            "it has: cand, score_hint, doc",
        ),
        (
            vec![
                "batch",
                "parse",
                "--input",
                s(&pq),
                "--column",
                "score_hint",
            ],
            "a string or binary column",
        ),
        (
            vec![
                "batch",
                "parse",
                "--input",
                s(&input),
                "--options",
                r#"{"bogus": 1}"#,
            ],
            "bogus",
        ),
        (
            vec!["batch", "parse", "--input", "resumes.csv"],
            "file name ending in",
        ),
    ];
    for (mut args, expect) in cases {
        args.extend(["--output", s(&out)]);
        let r = cli(&args, b"");
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        assert!(!out.exists(), "{args:?} wrote output");
    }
    // An unknown output format is refused too, and --chunk 0 is a usage error.
    let r = cli(
        &[
            "batch",
            "parse",
            "--input",
            s(&input),
            "--output",
            s(&dir.join("o.csv")),
        ],
        b"",
    );
    assert_eq!(r.status.code(), Some(1));
    let r = cli(
        &[
            "batch",
            "parse",
            "--input",
            s(&input),
            "--output",
            "-",
            "--chunk",
            "0",
        ],
        b"",
    );
    assert_eq!(r.status.code(), Some(2));
}
