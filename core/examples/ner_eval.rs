//! Trains the NER model on a BMES corpus and reports dev scores, training time and tagging speed.
//!
//! ```text
//! IK_NER_DATA=/work/shared/data/resume-ner cargo run --release -p interviewkit-core \
//!     --example ner_eval -- [--epochs N] [--seed S] [--min-count N] [--prune X] [--json]
//! ```
//! `IK_NER_DATA` is a directory with `train.char.bmes` and `dev.char.bmes` (default:
//! `../shared/data/resume-ner` from the repository root); the example exits 0 with a message when
//! they are absent.
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use interviewkit_core::ner::{self, Format, Model, TrainOptions};

fn main() {
    let dir = std::env::var("IK_NER_DATA").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/resume-ner").to_string()
    });
    let train_path = format!("{dir}/train.char.bmes");
    let dev_path = format!("{dir}/dev.char.bmes");
    let (Ok(train_text), Ok(dev_text)) = (
        std::fs::read_to_string(&train_path),
        std::fs::read_to_string(&dev_path),
    ) else {
        println!("skipped: {train_path} or {dev_path} not found (set IK_NER_DATA to a directory with train.char.bmes and dev.char.bmes)");
        return;
    };
    let mut opts = TrainOptions::default();
    let mut json_out = false;
    let mut select_on_dev = false;
    let mut show_errors = false;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let val = || args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--epochs" => opts.epochs = val().parse().unwrap(),
            "--seed" => opts.seed = val().parse().unwrap(),
            "--min-count" => opts.min_feature_count = val().parse().unwrap(),
            "--prune" => opts.prune = val().parse().unwrap(),
            "--iterations" => opts.iterations = val().parse().unwrap(),
            "--l2" => opts.l2 = val().parse().unwrap(),
            "--algorithm" => {
                opts.algorithm = match val().as_str() {
                    "crf" => ner::Algorithm::Crf,
                    "perceptron" => ner::Algorithm::Perceptron,
                    other => panic!("unknown algorithm {other}"),
                }
            }
            "--select-on-dev" => {
                select_on_dev = true;
                i += 1;
                continue;
            }
            "--errors" => {
                show_errors = true;
                i += 1;
                continue;
            }
            "--json" => {
                json_out = true;
                i += 1;
                continue;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    let t0 = Instant::now();
    let train = Format::Bmes.read(&train_text, "train").unwrap();
    let dev = Format::Bmes.read(&dev_text, "dev").unwrap();
    let read_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let (model, report) = ner::train(&train, select_on_dev.then_some(&dev), &opts).unwrap();
    let train_s = t1.elapsed().as_secs_f64();
    let bytes = model.to_bytes();
    let model = Model::from_bytes(&bytes).unwrap();
    let metrics = model.evaluate(&dev);
    if show_errors {
        for s in &dev.sentences {
            let text: String = s.chars.iter().collect();
            let pred = model.tag(&text);
            let gold = &s.entities;
            for g in gold.iter().filter(|g| !pred.contains(g)) {
                println!(
                    "MISS {}:{} [{}]  in {}",
                    g.entity_type, g.text, g.start, text
                );
            }
            for p in pred.iter().filter(|p| !gold.contains(p)) {
                println!("SPUR {}:{} [{}]", p.entity_type, p.text, p.start);
            }
        }
    }

    // Tagging speed: the dev sentences as plain text, tagged through the public API.
    let texts: Vec<String> = dev
        .sentences
        .iter()
        .map(|s| s.chars.iter().collect())
        .collect();
    let chars: usize = dev.char_count();
    let mut reps = 0;
    let t2 = Instant::now();
    let fixed_reps: usize = std::env::var("IK_NER_TAG_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while (fixed_reps == 0 && (reps < 3 || t2.elapsed().as_secs_f64() < 2.0))
        || (fixed_reps > 0 && reps < fixed_reps)
    {
        std::hint::black_box(model.tag_all(&texts));
        reps += 1;
    }
    let tag_s = t2.elapsed().as_secs_f64() / reps as f64;
    let chars_per_s = chars as f64 / tag_s;
    let out = serde_json::json!({
        "train_seconds": (train_s * 1e3).round() / 1e3,
        "read_seconds": (read_s * 1e3).round() / 1e3,
        "tag_chars_per_second": chars_per_s.round(),
        "model_bytes": bytes.len(),
        "options": {"epochs": opts.epochs, "seed": opts.seed, "min_feature_count": opts.min_feature_count, "prune": opts.prune, "select_on_dev": select_on_dev},
        "report": report.to_json(),
        "dev": metrics.to_json(),
    });
    if json_out {
        println!("{out}");
    } else {
        println!(
            "train {} sentences, {} chars; {} features, model {} bytes",
            report.sentences,
            report.characters,
            report.features,
            bytes.len()
        );
        for e in &report.rounds {
            let f = e
                .dev
                .as_ref()
                .map(|m| format!(" dev F1 {:.4}", m.micro_f1))
                .unwrap_or_default();
            let t = e
                .train_errors
                .map(|t| format!(" {t} train errors"))
                .unwrap_or_default();
            println!("  round {:>3}:{t}{f}", e.round);
        }
        println!("train time {train_s:.2} s (reading {read_s:.2} s)");
        println!(
            "dev micro F1 {:.4} (P {:.4} R {:.4})",
            metrics.micro_f1, metrics.precision, metrics.recall
        );
        for (t, m) in &metrics.per_type {
            println!(
                "  {t:<6} P {:.4} R {:.4} F1 {:.4} support {}",
                m.precision, m.recall, m.f1, m.support
            );
        }
        println!(
            "tagging {:.0} chars/s ({chars} chars x {reps} runs)",
            chars_per_s
        );
    }
}
