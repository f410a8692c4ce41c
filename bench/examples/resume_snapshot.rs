//! Regression snapshot of the resume parser's output, for speed work that must not change it:
//! every resume fixture of the repository (`tests/fixtures/resumes`, `tests/fixtures/matching`,
//! `bench/fixtures/resumes`) under three option sets, every `parse_resume` vector request, every
//! prefix of the plain-text fixtures at a stride of 37 code points, and every file of the extra
//! directories given on the command line. Writes one `name<TAB>JSON-or-error` line per case.
//!
//! `cargo run --release -p interviewkit-bench --example resume_snapshot -- OUT [DIR…]`

interviewkit_bench::faces_allocator!();
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use interviewkit_core::resume::{parse_resume_file_value, parse_resume_value};
use serde_json::{json, Value};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.to_string_lossy();
            !(n.ends_with(".json") || n.ends_with(".py"))
        })
        .collect();
    out.sort();
    out
}

fn show(r: interviewkit_core::Result<Value>) -> String {
    match r {
        Ok(v) => v.to_string(),
        Err(e) => format!("ERROR {e:?}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out_path) = args.first() else {
        eprintln!("usage: resume_snapshot OUT [DIR…]");
        std::process::exit(2);
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let option_sets = [
        json!({"reference_date": "2025-06-30"}),
        json!({}),
        json!({"reference_date": "2024-02-29", "taxonomy": false,
               "school_tiers": {"985": ["北京大学", "复旦大学", "上海财经大学"], "top": ["MIT"]}}),
    ];
    let taxonomy = match interviewkit_core::taxonomy::Taxonomy::default() {
        Ok(t) => t,
        Err(e) => panic!("embedded taxonomy: {e}"),
    };
    let mut out = String::new();
    let mut n = 0usize;
    let mut fixture_dirs: Vec<PathBuf> = [
        "tests/fixtures/resumes",
        "tests/fixtures/matching",
        "bench/fixtures/resumes",
    ]
    .iter()
    .map(|d| root.join(d))
    .collect();
    fixture_dirs.extend(args.iter().skip(1).map(PathBuf::from));
    let extra_from = 3;
    for (di, dir) in fixture_dirs.iter().enumerate() {
        for path in files(dir) {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let name = path.to_string_lossy().to_string();
            if di >= extra_from {
                let text = String::from_utf8_lossy(&bytes);
                let _ = writeln!(out, "{name}#find\t{:?}", taxonomy.find(&text));
            }
            let sets = if di >= extra_from {
                &option_sets[..1]
            } else {
                &option_sets[..]
            };
            for (i, opts) in sets.iter().enumerate() {
                let value = show(parse_resume_file_value(&bytes, opts));
                let text = match interviewkit_core::json::parse_resume_file(
                    &bytes,
                    opts.to_string().as_bytes(),
                ) {
                    Ok(t) => t,
                    Err(e) => format!("ERROR {e:?}"),
                };
                if text != value {
                    let _ = writeln!(out, "{name}#{i} TEXT DIFFERS\t{text}");
                }
                let _ = writeln!(out, "{name}#{i}\t{value}");
                n += 1;
            }
            if di < extra_from && name.ends_with(".txt") {
                let text = String::from_utf8_lossy(&bytes);
                let chars: Vec<(usize, char)> = text.char_indices().collect();
                for k in (1..chars.len()).step_by(37) {
                    let cut = chars.get(k).map_or(text.len(), |c| c.0);
                    let req = json!({"text": &text[..cut], "reference_date": "2025-06-30"});
                    let _ = writeln!(out, "{name}@{k}\t{}", show(parse_resume_value(&req)));
                    n += 1;
                }
            }
        }
    }
    let vectors: Value = std::fs::read(root.join("tests/vectors/resume.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    for case in vectors["cases"].as_array().into_iter().flatten() {
        if case["op"] != "parse_resume" && case["op"] != "parse_resume_file" {
            continue;
        }
        let req = match case["input_file"].as_str() {
            Some(f) => std::fs::read(root.join(f))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or(Value::Null),
            None => case["input"].clone(),
        };
        let res = if case["op"] == "parse_resume" {
            parse_resume_value(&req)
        } else {
            Err(interviewkit_core::Error::Internal(
                "parse_resume_file vector skipped".into(),
            ))
        };
        let _ = writeln!(out, "vector {}\t{}", case["name"], show(res));
        n += 1;
    }
    if let Err(e) = std::fs::write(out_path, out) {
        eprintln!("{out_path}: {e}");
        std::process::exit(1);
    }
    eprintln!("{n} cases written to {out_path}");
}
