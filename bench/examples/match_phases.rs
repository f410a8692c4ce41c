//! Where index insertion time goes (issue #4): parses N resumes of a `match_corpus` directory,
//! prepares them, then times, single-threaded, dropping a copy of every candidate (the cost of
//! freeing the features the index does not keep) and `Index::add_candidate` of another copy.
//! Prints one JSON line (µs per resume).
//!
//! `cargo run --release -p interviewkit-bench --example match_phases -- DIR [N]`
#![allow(clippy::unwrap_used, clippy::expect_used)]

interviewkit_bench::faces_allocator!();

use std::io::BufRead;
use std::time::Instant;

use interviewkit_core::matching::{prepare_resume, Candidate, Index};
use interviewkit_core::resume::{parse_resume, Format, ParseOptions};
use interviewkit_core::taxonomy::Taxonomy;
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().cloned().expect("DIR");
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let tax = Taxonomy::default().unwrap();
    let f = std::fs::File::open(format!("{dir}/resumes.jsonl")).unwrap();
    let texts: Vec<(String, String)> = std::io::BufReader::new(f)
        .lines()
        .take(n)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l.unwrap()).unwrap();
            (
                v["id"].as_str().unwrap().to_string(),
                v["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let parsed: Vec<_> = texts
        .par_iter()
        .map(|(_, t)| {
            let opts = ParseOptions {
                format: Some(Format::Txt),
                reference_date: Some("2025-06-30".into()),
                skill_finder: Some(tax),
                ..Default::default()
            };
            parse_resume(t.as_bytes(), &opts).unwrap().resume
        })
        .collect();
    let t = Instant::now();
    let cands: Vec<Candidate> = parsed
        .iter()
        .zip(&texts)
        .map(|(r, (id, _))| prepare_resume(r, id, tax, Some("2025-06-30"), "/r").unwrap())
        .collect();
    let prepare = t.elapsed().as_secs_f64();
    let copy = cands.clone();
    let t = Instant::now();
    drop(copy);
    let drop_s = t.elapsed().as_secs_f64();
    let copy = cands.clone();
    let mut index = Index::new(Some("2025-06-30".into()));
    let t = Instant::now();
    for c in copy {
        index.add_candidate(c).unwrap();
    }
    let add = t.elapsed().as_secs_f64();
    let ids = index.ids();
    let t = Instant::now();
    for id in ids.iter().step_by(7) {
        index.remove(id);
    }
    let remove = t.elapsed().as_secs_f64() / ids.iter().step_by(7).count().max(1) as f64;
    let us = |s: f64| (s * 1e6 / n as f64 * 100.0).round() / 100.0;
    println!(
        "{}",
        serde_json::json!({"resumes": n, "prepare_us": us(prepare), "drop_candidate_us": us(drop_s),
            "add_us": us(add), "remove_us": (remove * 1e6 * 100.0).round() / 100.0})
    );
}
