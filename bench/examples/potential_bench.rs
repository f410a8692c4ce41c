//! Benchmark driver for `bench/potential/compare.py`: fits the potential model on one CSV,
//! scores another, prints one JSON line with ROC-AUC and timings.
//!
//! `cargo run --release -p interviewkit-bench --example potential_bench -- TRAIN.csv VALID.csv
//!  LABEL [ID] [PARAMS_JSON]`
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark driver: fail loudly

interviewkit_bench::faces_allocator!();

use std::time::Instant;

use interviewkit_core::potential::{evaluate_value, fit_dataset, Dataset, FitOptions, Params};
use serde_json::json;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: potential_bench TRAIN.csv VALID.csv LABEL [ID] [PARAMS_JSON]");
        std::process::exit(2);
    }
    let train = std::fs::read_to_string(&args[1]).expect("read train csv");
    let valid = std::fs::read_to_string(&args[2]).expect("read valid csv");
    let label = args[3].clone();
    let id = args.get(4).filter(|s| !s.is_empty()).cloned();
    let mut params = Params::default();
    if let Some(p) = args.get(5) {
        let mut base = serde_json::to_value(&params).unwrap();
        let over: serde_json::Value = serde_json::from_str(p).expect("params json");
        for (k, v) in over.as_object().expect("params object") {
            base[k] = v.clone();
        }
        params = serde_json::from_value(base).expect("params");
    }
    let options = FitOptions {
        label: label.clone(),
        id,
        params,
        ..FitOptions::default()
    };
    let t_parse = Instant::now();
    let data = Dataset::from_csv(&train).expect("parse train csv");
    let parse_seconds = t_parse.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let model = fit_dataset(&data, &options).expect("fit");
    let fit_seconds = t0.elapsed().as_secs_f64();
    let model_value = model.to_value().unwrap();
    let t1 = Instant::now();
    let report = evaluate_value(&json!({"model": model_value, "csv": valid, "label": label,
                                        "bootstrap": 0}))
    .expect("evaluate");
    let eval_seconds = t1.elapsed().as_secs_f64();
    let out = json!({
        "roc_auc": report["roc_auc"],
        "pr_auc": report["pr_auc"],
        "n": report["n"],
        "positives": report["positives"],
        "fit_seconds": fit_seconds,
        "parse_seconds": parse_seconds,
        "eval_seconds": eval_seconds,
        "trees": model.trees.len(),
        "rounds_run": model.training.rounds_run,
        "internal_validation": model.metrics.validation,
    });
    println!("{out}");
}
