//! Latency distribution of answer scoring (issue #5: p99 ≤ 1 ms per answer, native).
//!
//! Scores each of the 8 fixture answers `--rounds` times (default 2,000, so 16,000 calls),
//! timing every call, and prints p50/p90/p99/max per answer and over all calls, then the same
//! for whole 8-answer scorecards. Run: `cargo run --release -p interviewkit-bench --example
//! interview_latency` (or `bench/run-interview`).
#![allow(missing_docs)]

interviewkit_bench::faces_allocator!();

use interviewkit_core::interview::score;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summary(name: &str, mut times: Vec<Duration>) -> serde_json::Value {
    times.sort();
    let us = |d: Duration| (d.as_secs_f64() * 1e7).round() / 10.0;
    serde_json::json!({
        "what": name,
        "calls": times.len(),
        "p50_us": us(percentile(&times, 50.0)),
        "p90_us": us(percentile(&times, 90.0)),
        "p99_us": us(percentile(&times, 99.0)),
        "max_us": us(*times.last().unwrap_or(&Duration::ZERO)),
    })
}

fn main() {
    let rounds: usize = std::env::args()
        .skip_while(|a| a != "--rounds")
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let requests = interviewkit_bench::answer_requests();
    if requests.len() != 8 {
        eprintln!("bench/fixtures/interview/answers.json is missing or not 8 answers");
        std::process::exit(2);
    }
    // Warm up (lazily built matchers, caches).
    for r in &requests {
        if let Err(e) = score::answer_score_value(r) {
            eprintln!("scoring failed: {e}");
            std::process::exit(1);
        }
    }
    let mut all = Vec::with_capacity(rounds * requests.len());
    let mut per_answer = vec![Vec::with_capacity(rounds); requests.len()];
    for _ in 0..rounds {
        for (i, r) in requests.iter().enumerate() {
            let t = Instant::now();
            let out = score::answer_score_value(r);
            let d = t.elapsed();
            std::hint::black_box(out).ok();
            per_answer[i].push(d);
            all.push(d);
        }
    }
    for (i, times) in per_answer.into_iter().enumerate() {
        let id = requests[i]["question_id"].as_str().unwrap_or("?");
        let chars = requests[i]["transcript"]
            .as_str()
            .map_or(0, |t| t.chars().count());
        println!(
            "{}",
            summary(&format!("answer {id} ({chars} chars)"), times)
        );
    }
    println!("{}", summary("answer, all", all));

    let (plan, answers) = interviewkit_bench::interview_fixture();
    let card = serde_json::json!({"plan": plan, "answers": answers});
    let mut cards = Vec::with_capacity(rounds / 4);
    for _ in 0..(rounds / 4).max(100) {
        let t = Instant::now();
        let out = score::interview_score_value(&card);
        cards.push(t.elapsed());
        std::hint::black_box(out).ok();
    }
    println!("{}", summary("scorecard, 8 answers", cards));
}
