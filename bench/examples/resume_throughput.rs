//! Resumes per second on one core, natively, for the same-run comparison with WASM
//! (`bench/wasm_resume.mjs`): the ≈2 KB plain-text bench resumes through
//! `json::parse_resume_file` (bytes and options in, JSON text out — the call every face makes)
//! with the embedded taxonomy, then the DOCX fixtures. Prints one JSON line.
//!
//! With `--dir DIR` it parses every `.txt` file of DIR instead (`bench/resume_corpus.py`
//! writes real resumes there) and skips the DOCX run.
//!
//! `cargo run --release -p interviewkit-bench --example resume_throughput [-- SECONDS] [--dir DIR]`

interviewkit_bench::faces_allocator!();
use std::time::Instant;

use interviewkit_core::json;

fn rate(files: &[(String, Vec<u8>)], options: &[u8], seconds: f64) -> (f64, f64) {
    for (_, f) in files {
        let _ = json::parse_resume_file(f, options);
    }
    let started = Instant::now();
    let (mut n, mut bytes) = (0u64, 0u64);
    while started.elapsed().as_secs_f64() < seconds {
        for (_, f) in files {
            std::hint::black_box(json::parse_resume_file(std::hint::black_box(f), options).ok());
            n += 1;
            bytes += f.len() as u64;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    (n as f64 / secs, bytes as f64 / n.max(1) as f64)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: f64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5.0);
    let dir = args
        .iter()
        .position(|a| a == "--dir")
        .and_then(|i| args.get(i + 1));
    let texts = match dir {
        Some(dir) => interviewkit_bench::text_files(dir),
        None => interviewkit_bench::bench_resumes(),
    };
    // The DOCX fixtures go with the bench resumes only.
    let docx = match dir {
        Some(_) => Vec::new(),
        None => interviewkit_bench::docx_resumes(),
    };
    if texts.is_empty() || (dir.is_none() && docx.is_empty()) {
        eprintln!(
            "resume_throughput: no resumes in {}",
            dir.map_or("the bench fixtures", |d| d)
        );
        std::process::exit(1);
    }
    let options = br#"{"reference_date":"2025-06-30"}"#;
    let no_taxonomy = br#"{"reference_date":"2025-06-30","taxonomy":false}"#;
    let (txt, avg) = rate(&texts, options, seconds);
    let (rules, _) = rate(&texts, no_taxonomy, seconds);
    let mut out = serde_json::json!({
        "benchmark": "resume_native",
        "resumes": texts.len(),
        "txt_resumes_per_s": txt.round(),
        "txt_rules_only_resumes_per_s": rules.round(),
        "txt_mean_bytes": avg.round(),
    });
    if let Some(dir) = dir {
        out["corpus"] = dir.as_str().into();
    } else {
        out["docx_resumes_per_s"] = rate(&docx, options, seconds).0.round().into();
    }
    println!("{out}");
}
