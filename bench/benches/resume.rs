//! Resume understanding (issue #3): the default parser (rules + the embedded taxonomy, no model)
//! on ≈2 KB plain-text resumes, the same without the taxonomy, DOCX resumes, and the taxonomy's
//! skill finder alone. Resumes per second and the WASM comparison come from `bench/run-resume`.
#![allow(missing_docs)]

interviewkit_bench::faces_allocator!();

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use interviewkit_core::resume::{parse_resume, ParseOptions};
use interviewkit_core::taxonomy::Taxonomy;
use std::hint::black_box;

fn resume(c: &mut Criterion) {
    let texts = interviewkit_bench::bench_resumes();
    assert_eq!(texts.len(), 4, "bench/fixtures/resumes/*.txt missing");
    let docx = interviewkit_bench::docx_resumes();
    let taxonomy = match Taxonomy::default() {
        Ok(t) => t,
        Err(e) => panic!("embedded taxonomy: {e}"),
    };
    let with = ParseOptions {
        reference_date: Some("2025-06-30".into()),
        skill_finder: Some(taxonomy),
        ..ParseOptions::default()
    };
    let without = ParseOptions {
        reference_date: Some("2025-06-30".into()),
        ..ParseOptions::default()
    };
    let bytes: u64 = texts.iter().map(|(_, b)| b.len() as u64).sum();

    let mut g = c.benchmark_group("resume");
    // One iteration parses all four resumes: throughput is reported per resume and per byte.
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("txt_2kb_rules_and_taxonomy", |b| {
        b.iter(|| {
            for (_, t) in &texts {
                black_box(parse_resume(black_box(t), &with).ok());
            }
        })
    });
    g.bench_function("txt_2kb_rules_only", |b| {
        b.iter(|| {
            for (_, t) in &texts {
                black_box(parse_resume(black_box(t), &without).ok());
            }
        })
    });
    g.throughput(Throughput::Elements(docx.len() as u64));
    g.bench_function("docx_rules_and_taxonomy", |b| {
        b.iter(|| {
            for (_, d) in &docx {
                black_box(parse_resume(black_box(d), &with).ok());
            }
        })
    });
    g.throughput(Throughput::Bytes(bytes));
    let strings: Vec<String> = texts
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    g.bench_function("taxonomy_find_only", |b| {
        b.iter(|| {
            for s in &strings {
                black_box(taxonomy.find(black_box(s)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, resume);
criterion_main!(benches);
