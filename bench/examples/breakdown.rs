//! Where the time of one `validate` call on the small document goes: scanning the JSON, building
//! the `serde_json::Value` tree, validating it, and the whole text-in/text-out call.
//! `cargo run --release -p interviewkit-bench --example breakdown`

interviewkit_bench::faces_allocator!();

use std::hint::black_box;
use std::time::Instant;

fn per_call(label: &str, n: u32, mut f: impl FnMut()) {
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    println!(
        "{label:<28} {:>7.0} ns",
        t.elapsed().as_nanos() as f64 / f64::from(n)
    );
}

fn main() {
    let doc = interviewkit_bench::small_candidate();
    let value: serde_json::Value = serde_json::from_slice(&doc).expect("fixture is JSON");
    let n = 200_000;
    per_call("scan only (IgnoredAny)", n, || {
        black_box(serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&doc)).ok());
    });
    per_call("parse into Value", n, || {
        black_box(serde_json::from_slice::<serde_json::Value>(black_box(&doc)).ok());
    });
    per_call("clone a parsed Value", n, || {
        black_box(black_box(&value).clone());
    });
    per_call("validate a parsed Value", n, || {
        black_box(interviewkit_core::validate(black_box(&value)).ok());
    });
    per_call("validate JSON text (faces)", n, || {
        black_box(interviewkit_core::json::validate(black_box(&doc)).ok());
    });
}
