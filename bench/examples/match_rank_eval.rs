//! Ranking driver for `bench/match/quality.py`: reads JSON lines on stdin,
//! `{"kind": "resume", "id", "text"}` and `{"kind": "job", "id", "text"}`, parses the resumes
//! into a `matching::Index`, parses each job (`job_parse`) and ranks every resume for it
//! (knock-out failures kept, at 0). Writes one line per job: `{"job_id", "ranked": [ID, …],
//! "scores": [S, …], "skills": [TAXONOMY_ID, …]}` (all resumes, best first; ties by id).
//! Resumes the parser rejects are reported on stderr and left out.
//!
//! `match_rank_eval [--weights '{"text_relevance": 1, "skills": 0, …}'] < lines.jsonl`
//!
//! `--job-skills` instead reads `{"id", "text", "tags": [TAG, …]}` lines (job descriptions with
//! a platform's skill tags) and writes `{"id", "skills": [ID, …], "tag_ids": [[ID, …], …]}`:
//! the taxonomy ids `job_parse` found, and for each tag the ids it names exactly or as an alias
//! in the taxonomy (empty when the taxonomy does not know it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

interviewkit_bench::faces_allocator!();

use std::io::{BufRead, Write};

use interviewkit_core::matching::{
    parse_job, prepare_job, Filters, Index, JobParseOptions, Weights,
};
use interviewkit_core::resume::{parse_resume, Format, ParseOptions};
use interviewkit_core::taxonomy::{How, Taxonomy};

fn job_skills(tax: &Taxonomy) {
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).expect("JSON line");
        let id = v["id"].as_str().expect("id");
        let text = v["text"].as_str().expect("text");
        let skills: Vec<String> = match parse_job(
            text,
            &JobParseOptions {
                id: Some(id.to_string()),
                taxonomy: Some(tax),
                ..Default::default()
            },
        ) {
            Ok(p) => p
                .requirements
                .skills
                .iter()
                .filter_map(|s| s.taxonomy_id.clone())
                .collect(),
            Err(e) => {
                eprintln!("job {id}: {e}");
                Vec::new()
            }
        };
        let tag_ids: Vec<Vec<String>> = v["tags"]
            .as_array()
            .map(|tags| {
                tags.iter()
                    .map(|t| {
                        tax.lookup(t.as_str().unwrap_or(""))
                            .into_iter()
                            .filter(|h| matches!(h.how, How::Exact | How::Alias))
                            .map(|h| h.id)
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let line = serde_json::json!({"id": id, "skills": skills, "tag_ids": tag_ids});
        writeln!(out, "{line}").expect("stdout");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let weights = args
        .iter()
        .position(|a| a == "--weights")
        .and_then(|i| args.get(i + 1))
        .map(|w| {
            let v: serde_json::Value = serde_json::from_str(w).expect("--weights JSON");
            Weights::default()
                .with_overrides(&v, "/weights")
                .expect("weights")
        });
    let tax = Taxonomy::default().expect("taxonomy");
    if args.iter().any(|a| a == "--job-skills") {
        job_skills(tax);
        return;
    }
    let reference = "2025-06-30";
    let mut index = Index::new(Some(reference.into()));
    let mut jobs = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).expect("JSON line");
        let id = v["id"].as_str().expect("id").to_string();
        let text = v["text"].as_str().expect("text").to_string();
        if v["kind"] == "job" {
            jobs.push((id, text));
            continue;
        }
        let parsed = parse_resume(
            text.as_bytes(),
            &ParseOptions {
                format: Some(Format::Txt),
                reference_date: Some(reference.into()),
                skill_finder: Some(tax),
                ..Default::default()
            },
        );
        match parsed.and_then(|p| index.add(&id, &p.resume, tax, "/resume")) {
            Ok(()) => {}
            Err(e) => eprintln!("resume {id}: {e}"),
        }
    }
    let filters = Filters {
        knockout_pass_only: false,
        ..Filters::default()
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    for (id, text) in jobs {
        let profile = parse_job(
            &text,
            &JobParseOptions {
                id: Some(id.clone()),
                taxonomy: Some(tax),
                ..Default::default()
            },
        )
        .expect("job parse");
        let skills: Vec<String> = profile
            .requirements
            .skills
            .iter()
            .filter_map(|s| s.taxonomy_id.clone())
            .collect();
        let job = prepare_job(&profile, tax, weights.as_ref(), "/job").expect("job");
        let (ranked, _) = index.top_k(&job, index.len(), &filters, tax);
        let line = serde_json::json!({
            "job_id": id,
            "ranked": ranked.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            "scores": ranked.iter().map(|r| r.score).collect::<Vec<_>>(),
            "skills": skills,
        });
        writeln!(out, "{line}").expect("stdout");
    }
}
