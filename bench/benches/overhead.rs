//! Per-call cost of validating a small document: natively, and through the C ABI.
//! Python and WASM figures come from `bench/python_overhead.py` and `bench/wasm_overhead.mjs`.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn native(c: &mut Criterion) {
    let doc = interviewkit_bench::small_candidate();
    assert!(
        !doc.is_empty(),
        "bench/fixtures/small_candidate.json missing"
    );
    let value: serde_json::Value = serde_json::from_slice(&doc).unwrap_or_default();
    let mut g = c.benchmark_group("validate_small");
    g.bench_function("native_value", |b| {
        b.iter(|| interviewkit_core::validate(black_box(&value)))
    });
    g.bench_function("native_json_text", |b| {
        b.iter(|| interviewkit_core::json::validate(black_box(&doc)))
    });
    g.bench_function("c_abi", |b| {
        b.iter(|| {
            let mut out: *mut std::os::raw::c_char = std::ptr::null_mut();
            // SAFETY: valid input buffer and out-pointer; NULL error out-pointer is allowed; the
            // returned string is freed with the library's own function, exactly once.
            unsafe {
                let status = interviewkit::ik_validate(
                    black_box(doc.as_ptr()),
                    doc.len(),
                    &mut out,
                    std::ptr::null_mut(),
                );
                assert_eq!(status, interviewkit::ik_status::IK_OK);
                interviewkit::ik_string_free(out);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, native);
criterion_main!(benches);
