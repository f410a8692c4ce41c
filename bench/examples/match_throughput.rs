//! Matching speed (issue #4) on a corpus from `match_corpus`: parse every resume from raw text
//! (`resume::parse_resume` with the embedded taxonomy), reduce it to matching features
//! (`matching::prepare_resume`), build the `matching::Index`, parse and prepare every job, then
//! rank all N resumes for each of the M jobs (top 50 with explanations). Prints one JSON line:
//! resume–job pairs per second counting parsing and indexing, and counting the queries only;
//! query latency p50/p99; peak resident memory (VmHWM).
//!
//! `--million COUNT` instead builds an index of COUNT resumes from the corpus's parsed resumes
//! (copies under new ids; at most `--base` parsed, default 100,000), reports the peak memory and
//! the query latency on it.
//!
//! Threads: rayon's pool (`RAYON_NUM_THREADS`; parsing and ranking both use it).
//!
//! `cargo run --release -p interviewkit-bench --example match_throughput -- DIR [--top 50]
//!  [--million 1000000 [--base 100000]]`
#![allow(clippy::unwrap_used, clippy::expect_used)]

interviewkit_bench::faces_allocator!();

use std::io::BufRead;
use std::time::Instant;

use interviewkit_core::matching::{
    parse_job, prepare_job, prepare_resume, Candidate, Filters, Index, JobParseOptions, PreparedJob,
};
use interviewkit_core::resume::{parse_resume, Format, ParseOptions};
use interviewkit_core::taxonomy::Taxonomy;
use rayon::prelude::*;

const REFERENCE_DATE: &str = "2025-06-30";
const CHUNK: usize = 5_000;

fn read_jsonl(path: &str) -> Vec<(String, String)> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    std::io::BufReader::new(f)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l.expect("line")).expect("json");
            (
                v["id"].as_str().expect("id").to_string(),
                v["text"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

/// kB from /proc/self/status (`VmHWM` peak, `VmRSS` current); 0 elsewhere.
fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn mem_available_kb() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemAvailable:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(4 << 20)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Timings of turning texts into candidates: (parse s, prepare s).
fn candidates(
    resumes: &[(String, String)],
    tax: &Taxonomy,
    mut sink: impl FnMut(Vec<Candidate>),
) -> (f64, f64) {
    let (mut parse_s, mut prep_s) = (0.0, 0.0);
    for chunk in resumes.chunks(CHUNK) {
        let t = Instant::now();
        let parsed: Vec<_> = chunk
            .par_iter()
            .map(|(_, text)| {
                parse_resume(
                    text.as_bytes(),
                    &ParseOptions {
                        format: Some(Format::Txt),
                        reference_date: Some(REFERENCE_DATE.into()),
                        skill_finder: Some(tax),
                        ..Default::default()
                    },
                )
                .expect("parse")
                .resume
            })
            .collect();
        parse_s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let cands: Vec<Candidate> = parsed
            .par_iter()
            .zip(chunk.par_iter())
            .map(|(r, (id, _))| {
                prepare_resume(r, id, tax, Some(REFERENCE_DATE), "/resume").expect("prepare")
            })
            .collect();
        drop(parsed);
        prep_s += t.elapsed().as_secs_f64();
        sink(cands);
    }
    (parse_s, prep_s)
}

fn jobs(list: &[(String, String)], tax: &Taxonomy) -> Vec<PreparedJob> {
    list.iter()
        .map(|(id, text)| {
            let profile = parse_job(
                text,
                &JobParseOptions {
                    id: Some(id.clone()),
                    taxonomy: Some(tax),
                    ..Default::default()
                },
            )
            .expect("job parse");
            prepare_job(&profile, tax, None, "/job").expect("job prepare")
        })
        .collect()
}

/// Ranks every job; returns per-query seconds and the number of results kept.
fn queries(index: &Index, jobs: &[PreparedJob], top: usize, tax: &Taxonomy) -> (Vec<f64>, usize) {
    let filters = Filters {
        knockout_pass_only: false,
        ..Filters::default()
    };
    let mut lat = Vec::with_capacity(jobs.len());
    let mut kept = 0;
    for job in jobs {
        let t = Instant::now();
        let (results, _funnel) = index.top_k(job, top, &filters, tax);
        lat.push(t.elapsed().as_secs_f64());
        kept += results.len();
        std::hint::black_box(results);
    }
    (lat, kept)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().cloned() else {
        eprintln!("usage: match_throughput DIR [--top 50] [--million COUNT [--base 100000]]");
        std::process::exit(2);
    };
    let opt = |name: &str| -> Option<usize> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|s| s.parse().ok())
    };
    let top = opt("--top").unwrap_or(50);
    let million = opt("--million");
    let base = opt("--base").unwrap_or(100_000);
    let tax = Taxonomy::default().expect("taxonomy");
    let threads = rayon::current_num_threads();

    let mut resumes = read_jsonl(&format!("{dir}/resumes.jsonl"));
    let job_texts = read_jsonl(&format!("{dir}/jobs.jsonl"));
    let prepared_jobs = jobs(&job_texts, tax);

    if let Some(count) = million {
        resumes.truncate(base);
        let distinct = resumes.len();
        let rss_start = status_kb("VmRSS");
        let mut cands: Vec<Candidate> = Vec::with_capacity(resumes.len());
        let (parse_s, prep_s) = candidates(&resumes, tax, |c| cands.extend(c));
        drop(resumes);
        let rss_before_add = status_kb("VmRSS");
        let t = Instant::now();
        let mut index = Index::new(Some(REFERENCE_DATE.into()));
        let mut i = 0usize;
        // The machine may be shared: stop before the index takes more than `--max-rss-mb`
        // (default: half of MemAvailable at start) and report how far it got.
        let limit_kb = opt("--max-rss-mb")
            .map(|m| m as u64 * 1024)
            .unwrap_or_else(|| mem_available_kb() / 2);
        let mut stopped_by_memory = false;
        while index.len() < count && !cands.is_empty() {
            if i % 10_000 == 0 && status_kb("VmRSS") > limit_kb {
                stopped_by_memory = true;
                break;
            }
            let mut c = cands[i % cands.len()].clone();
            c.id = format!("m{i:08}");
            index.add_candidate(c).expect("add");
            i += 1;
        }
        drop(cands);
        let build_s = t.elapsed().as_secs_f64();
        let rss_index = status_kb("VmRSS");
        let sample: Vec<PreparedJob> = prepared_jobs.into_iter().take(10).collect();
        let (mut lat, _) = queries(&index, &sample, top, tax);
        lat.sort_by(f64::total_cmp);
        println!(
            "{}",
            serde_json::json!({
                "benchmark": "match_index_scale",
                "resumes_requested": count,
                "resumes_in_index": index.len(),
                "stopped_by_memory_limit": stopped_by_memory,
                "memory_limit_mb": limit_kb / 1024,
                "mb_per_100k_resumes": r3((rss_index.saturating_sub(rss_before_add)) as f64 / 1024.0
                    / index.len().max(1) as f64 * 100_000.0),
                "distinct_parsed": distinct.min(index.len()),
                "threads": threads,
                "parse_s": r3(parse_s), "prepare_s": r3(prep_s),
                "index_add_s": r3(build_s),
                "rss_before_mb": rss_start / 1024,
                "rss_after_index_mb": rss_index / 1024,
                "peak_rss_mb": status_kb("VmHWM") / 1024,
                "queries": lat.len(),
                "query_p50_ms": r3(percentile(&lat, 50.0) * 1e3),
                "query_max_ms": r3(lat.last().copied().unwrap_or(0.0) * 1e3),
            })
        );
        return;
    }

    let n = resumes.len();
    let m = prepared_jobs.len();
    // Jobs are parsed again inside the timed end-to-end run.
    let started = Instant::now();
    let t = Instant::now();
    let prepared_jobs = jobs(&job_texts, tax);
    let job_s = t.elapsed().as_secs_f64();
    let mut index = Index::new(Some(REFERENCE_DATE.into()));
    let mut add_s = 0.0;
    let (parse_s, prep_s) = candidates(&resumes, tax, |cands| {
        let t = Instant::now();
        for c in cands {
            index.add_candidate(c).expect("add");
        }
        add_s += t.elapsed().as_secs_f64();
    });
    let rss_index = status_kb("VmRSS");
    let (lat, kept) = queries(&index, &prepared_jobs, top, tax);
    let total_s = started.elapsed().as_secs_f64();
    // Incremental update: remove 10 resumes from the built index (not in the totals; the id
    // list is taken before the clock starts).
    let ids = index.ids();
    let victims: Vec<&String> = ids
        .iter()
        .step_by((ids.len() / 10).max(1))
        .take(10)
        .collect();
    let t = Instant::now();
    for id in &victims {
        index.remove(id);
    }
    let remove_ms = t.elapsed().as_secs_f64() * 1e3 / victims.len().max(1) as f64;
    drop(resumes);
    let query_s: f64 = lat.iter().sum();
    let mut sorted = lat.clone();
    sorted.sort_by(f64::total_cmp);
    let pairs = (n * m) as f64;
    println!(
        "{}",
        serde_json::json!({
            "benchmark": "match_throughput",
            "resumes": n, "jobs": m, "top": top, "threads": threads, "results": kept,
            "parse_s": r3(parse_s), "prepare_s": r3(prep_s), "index_add_s": r3(add_s),
            "job_parse_s": r3(job_s), "query_s": r3(query_s), "total_s": r3(total_s),
            "pairs_per_s_with_parsing": (pairs / total_s).round(),
            "pairs_per_s_without_parsing": (pairs / (prep_s + add_s + query_s)).round(),
            "pairs_per_s_queries_only": (pairs / query_s).round(),
            "resumes_parsed_per_s": (n as f64 / parse_s).round(),
            "query_p50_ms": r3(percentile(&sorted, 50.0) * 1e3),
            "query_p99_ms": r3(percentile(&sorted, 99.0) * 1e3),
            "rss_after_index_mb": rss_index / 1024,
            "peak_rss_mb": status_kb("VmHWM") / 1024,
            "remove_ms_per_resume": r3(remove_ms),
        })
    );
}
