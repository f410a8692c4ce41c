//! Structured-interview scoring (issue #5): one answer, and a whole 8-question interview to a
//! scorecard, natively. The p99 latency and the WASM figure come from `bench/run-interview`
//! (`examples/interview_latency.rs` and `bench/wasm_interview.mjs`).
#![allow(missing_docs)]

interviewkit_bench::faces_allocator!();

use criterion::{criterion_group, criterion_main, Criterion};
use interviewkit_core::interview::score;
use std::hint::black_box;

fn interview(c: &mut Criterion) {
    let requests = interviewkit_bench::answer_requests();
    assert_eq!(
        requests.len(),
        8,
        "bench/fixtures/interview/answers.json missing"
    );
    let (plan, answers) = interviewkit_bench::interview_fixture();
    let card_request = serde_json::json!({"plan": plan, "answers": answers});
    let mut g = c.benchmark_group("interview");
    // The longest English and Chinese answers of the fixture.
    for (name, index) in [("answer_en_831_chars", 5), ("answer_zh_268_chars", 0)] {
        let request = &requests[index];
        g.bench_function(name, |b| {
            b.iter(|| score::answer_score_value(black_box(request)))
        });
    }
    g.bench_function("scorecard_8_answers", |b| {
        b.iter(|| score::interview_score_value(black_box(&card_request)))
    });
    let text = serde_json::to_vec(&card_request).unwrap_or_default();
    g.bench_function("scorecard_8_answers_json_text", |b| {
        b.iter(|| interviewkit_core::json::interview_score(black_box(&text)))
    });
    g.finish();
}

criterion_group!(benches, interview);
criterion_main!(benches);
