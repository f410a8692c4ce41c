//! Where the default resume parser spends its time: loops `parse_resume` (rules + the embedded
//! taxonomy, or rules only with `--rules`) over the ≈2 KB bench resumes for SECONDS, for a
//! profiler (`perf record`) to look at, and prints microseconds per resume.
//!
//! `cargo run --release -p interviewkit-bench --example parse_phases -- [SECONDS] [--rules]`
//! (`IK_RESUME_DIR=DIR` for the `.txt` files of DIR instead)

interviewkit_bench::faces_allocator!();
use std::hint::black_box;
use std::time::Instant;

use interviewkit_core::resume::{parse_resume, ParseOptions};
use interviewkit_core::taxonomy::Taxonomy;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: f64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(3.0);
    let rules_only = args.iter().any(|a| a == "--rules");
    let find_only = args.iter().any(|a| a == "--find");
    // IK_RESUME_DIR: every `.txt` file of another directory instead of the bench resumes.
    let texts = match std::env::var("IK_RESUME_DIR") {
        Ok(dir) => interviewkit_bench::text_files(&dir),
        Err(_) => interviewkit_bench::bench_resumes(),
    };
    let mean_bytes = texts.iter().map(|(_, b)| b.len()).sum::<usize>() / texts.len().max(1);
    eprintln!("{} resumes, mean {mean_bytes} bytes", texts.len());
    let taxonomy = match Taxonomy::default() {
        Ok(t) => t,
        Err(e) => panic!("embedded taxonomy: {e}"),
    };
    let options = ParseOptions {
        reference_date: Some("2025-06-30".into()),
        skill_finder: (!rules_only)
            .then_some(taxonomy as &dyn interviewkit_core::resume::SkillFinder),
        ..ParseOptions::default()
    };
    let strings: Vec<String> = texts
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    let cpu0 = cpu_seconds();
    let started = Instant::now();
    let mut n = 0u64;
    while started.elapsed().as_secs_f64() < seconds {
        for ((_, t), s) in texts.iter().zip(&strings) {
            if find_only {
                black_box(taxonomy.find(black_box(s)));
            } else {
                black_box(parse_resume(black_box(t), &options).ok());
            }
            n += 1;
        }
    }
    let us = started.elapsed().as_secs_f64() * 1e6 / n.max(1) as f64;
    let cpu_us = (cpu_seconds() - cpu0) * 1e6 / n.max(1) as f64;
    println!("{us:.1} µs per resume wall, {cpu_us:.1} µs CPU ({n} parses)");
}

/// User + system CPU seconds of this process so far (Linux `/proc/self/stat`, 0 elsewhere):
/// on a loaded machine it moves less than the wall clock.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 (utime, stime) are the 12th and 13th after the command name.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}
