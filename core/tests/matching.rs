//! Job matching (issue #4): JD parsing, explained scores, knock-outs, weights, the index.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use base64::Engine as _;
use interviewkit_core::matching::{
    self, experience_curve, learn_weights, Index, LearnOptions, Outcome,
};
use interviewkit_core::{Error, ErrorCode};
use serde_json::{json, Value};

fn fx(name: &str) -> String {
    std::fs::read_to_string(format!("../tests/fixtures/matching/{name}")).unwrap()
}

const REF: &str = "2025-01-01";

fn matched(jd: &str, resume: &str) -> Value {
    matching::match_value(&json!({
        "job": {"text": fx(jd)}, "resume": {"text": fx(resume)}, "reference_date": REF
    }))
    .unwrap()
}

fn err_name(e: Error) -> String {
    assert_eq!(e.code(), ErrorCode::InvalidArgument, "{e}");
    match e {
        Error::InvalidArgument { name, .. } => name,
        _ => unreachable!(),
    }
}

fn assert_sums(out: &Value) {
    let total = out["total"].as_f64().unwrap();
    let comps = out["components"].as_array().unwrap();
    assert_eq!(comps.len(), 7);
    let sum: f64 = comps.iter().map(|c| c["points"].as_f64().unwrap()).sum();
    assert!((sum - total).abs() < 1e-9, "sum {sum} != total {total}");
    let cents: i64 = comps
        .iter()
        .map(|c| (c["points"].as_f64().unwrap() * 100.0).round() as i64)
        .sum();
    assert_eq!(cents, (total * 100.0).round() as i64);
    assert!((0.0..=100.0).contains(&total));
    let wsum: f64 = comps.iter().map(|c| c["weight"].as_f64().unwrap()).sum();
    assert!((wsum - 1.0).abs() < 1e-3, "weights sum to {wsum}");
    for c in comps {
        let raw = c["raw"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&raw));
        // points = 100 · weight · raw, to rounding.
        let expect = 100.0 * c["weight"].as_f64().unwrap() * raw;
        assert!(
            (c["points_if_passed"].as_f64().unwrap() - expect).abs() < 0.02,
            "{c}"
        );
        if !c["applicable"].as_bool().unwrap() {
            assert_eq!(c["weight"], 0.0);
        }
    }
}

fn skill<'a>(out: &'a Value, id: &str) -> Option<(&'static str, &'a Value)> {
    for list in ["matched", "partial", "missing"] {
        if let Some(s) = out["explanation"][list]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
        {
            let l: &'static str = match list {
                "matched" => "matched",
                "partial" => "partial",
                _ => "missing",
            };
            return Some((l, s));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Job-description parsing
// ---------------------------------------------------------------------------------------------

#[test]
fn parses_a_chinese_job_description() {
    let job = matching::job_parse_value(&json!({"text": fx("jd_zh_banker.txt")})).unwrap();
    assert_eq!(job["kind"], "job_profile");
    assert_eq!(job["title"], "对公客户经理");
    let r = &job["requirements"];
    assert_eq!(r["min_years_experience"], 3.0);
    assert_eq!(r["degree"], "bachelor");
    assert_eq!(r["majors"], json!(["金融", "经济"]));
    assert_eq!(
        r["languages"],
        json!([{"language": "英语", "min_level": "CET-6", "required": true}])
    );
    assert_eq!(r["certifications"], json!(["证券从业资格证书"]));
    assert_eq!(r["preferred_certifications"], json!(["CFA"]));
    assert_eq!(r["locations"], json!(["北京"]));
    let skills: BTreeMap<&str, bool> = r["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["taxonomy_id"].as_str().unwrap(),
                s["required"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(skills.get("ik:anti-money-laundering"), Some(&true));
    assert_eq!(skills.get("onet:microsoft-excel"), Some(&true));
    assert_eq!(
        skills.get("onet:python"),
        Some(&false),
        "熟悉Python…优先 is a plus"
    );
    // The certificate is read as a certificate, not as a skill.
    assert!(!skills.contains_key("ik:securities-qualification"));
    // 必须持有证券从业资格证书 → a knock-out with reasons in both languages.
    let ko = r["knockouts"].as_array().unwrap();
    assert_eq!(ko.len(), 1);
    assert_eq!(ko[0]["field"], "certification");
    assert_eq!(ko[0]["op"], "has");
    assert!(ko[0]["reason_zh"]
        .as_str()
        .unwrap()
        .contains("证券从业资格"));
    assert!(ko[0]["reason_en"]
        .as_str()
        .unwrap()
        .contains("certification"));
    // Evidence spans point into the normalised description.
    let desc: Vec<char> = job["description"].as_str().unwrap().chars().collect();
    for e in job["parse_evidence"].as_array().unwrap() {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let got: String = desc[s..t].iter().collect();
        assert_eq!(got, e["text"].as_str().unwrap());
    }
    for s in r["skills"].as_array().unwrap() {
        for sp in s["evidence"].as_array().unwrap() {
            let (a, b) = (
                sp["start"].as_u64().unwrap() as usize,
                sp["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                desc[a..b].iter().collect::<String>(),
                sp["text"].as_str().unwrap()
            );
        }
    }
    // Competency weights come from the text and sum to 1.
    let cw: f64 = job["competency_weights"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_f64().unwrap())
        .sum();
    assert!((cw - 1.0).abs() < 1e-3);
    assert!(interviewkit_core::validate(&job).unwrap().valid);
}

#[test]
fn parses_an_english_job_description() {
    let job =
        matching::job_parse_value(&json!({"text": fx("jd_en_data.txt"), "id": "job-42"})).unwrap();
    assert_eq!(job["id"], "job-42");
    assert_eq!(job["title"], "Senior Data Analyst");
    let r = &job["requirements"];
    assert_eq!(r["min_years_experience"], 3.0);
    assert_eq!(r["degree"], "bachelor");
    assert_eq!(r["majors"], json!(["Statistics", "Computer Science"]));
    assert_eq!(r["languages"][0]["language"], "English");
    assert_eq!(r["languages"][0]["min_level"], "IELTS 6.5");
    assert_eq!(r["locations"], json!(["Shanghai"]));
    let skills: BTreeMap<&str, bool> = r["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["taxonomy_id"].as_str().unwrap(),
                s["required"].as_bool().unwrap(),
            )
        })
        .collect();
    for id in ["onet:sql", "onet:python", "onet:mysql"] {
        assert_eq!(skills.get(id), Some(&true), "{id}");
    }
    assert_eq!(skills.get("onet:tableau"), Some(&false), "nice to have");
    assert_eq!(
        skills.get("esco:3a2d5b45"),
        Some(&false),
        "machine learning is nice to have"
    );
    let ko = r["knockouts"].as_array().unwrap();
    assert_eq!(ko.len(), 1, "{ko:?}");
    assert_eq!(ko[0]["field"], "language");
    assert!(interviewkit_core::validate(&job).unwrap().valid);
}

#[test]
fn parses_years_in_several_phrasings() {
    for (text, min, max) in [
        ("任职要求：\n三年以上销售经验", 3.0, None),
        ("任职要求：\n3-5年工作经验，熟悉Excel", 3.0, Some(5.0)),
        (
            "Requirements:\n- At least 2 years of Java experience",
            2.0,
            None,
        ),
        ("Requirements:\n- 5+ years building web apps", 5.0, None),
        ("岗位要求：至少两年Python开发经验", 2.0, None),
    ] {
        let job = matching::job_parse_value(&json!({"text": text})).unwrap();
        assert_eq!(job["requirements"]["min_years_experience"], min, "{text}");
        assert_eq!(
            job["requirements"]
                .get("max_years_experience")
                .and_then(Value::as_f64),
            max,
            "{text}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Scores
// ---------------------------------------------------------------------------------------------

#[test]
fn components_add_up_to_the_total() {
    for (jd, r) in [
        ("jd_zh_banker.txt", "resume_zh_good.txt"),
        ("jd_zh_banker.txt", "resume_zh_nocert.txt"),
        ("jd_en_data.txt", "resume_en_good.txt"),
        ("jd_en_data.txt", "resume_en_related.txt"),
        ("jd_en_data.txt", "resume_zh_good.txt"),
    ] {
        let out = matched(jd, r);
        assert_sums(&out);
    }
    // With a semantic score and weight overrides.
    let out = matching::match_value(&json!({
        "job": {"text": fx("jd_en_data.txt")}, "resume": {"text": fx("resume_en_good.txt")},
        "reference_date": REF, "semantic_score": 0.73,
        "weights": {"skills": 2, "text_relevance": 0, "semantic": 1}
    }))
    .unwrap();
    assert_sums(&out);
    let sem = out["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "semantic")
        .unwrap();
    assert_eq!(sem["applicable"], true);
    assert_eq!(sem["raw"], 0.73);
    let rel = out["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "text_relevance")
        .unwrap();
    assert_eq!(rel["weight"], 0.0);
    assert_eq!(out["weights"]["skills"], 2.0);
    // Without a semantic score the component is absent (weight 0, not applicable).
    let out = matched("jd_en_data.txt", "resume_en_good.txt");
    let sem = out["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "semantic")
        .unwrap();
    assert_eq!(sem["applicable"], false);
    assert_eq!(sem["points"], 0.0);
}

#[test]
fn missing_knockout_certification_scores_zero_with_the_reason() {
    let good = matched("jd_zh_banker.txt", "resume_zh_good.txt");
    assert_eq!(good["knockout_passed"], true);
    assert!(good["total"].as_f64().unwrap() > 50.0);

    let out = matched("jd_zh_banker.txt", "resume_zh_nocert.txt");
    assert_eq!(out["knockout_passed"], false);
    assert_eq!(out["total"], 0.0);
    let ko = &out["knockouts"][0];
    assert_eq!(ko["passed"], false);
    assert!(ko["reason_zh"].as_str().unwrap().contains("证券从业资格"));
    assert!(ko["reason_en"].as_str().unwrap().contains("证券从业资格"));
    assert!(out["explanation"]["summary_zh"]
        .as_str()
        .unwrap()
        .contains("证券从业资格"));
    assert!(out["explanation"]["summary_en"]
        .as_str()
        .unwrap()
        .starts_with("Screened out"));
    // The components are still reported: points 0, what they would have been kept.
    assert_sums(&out);
    let comps = out["components"].as_array().unwrap();
    assert!(comps.iter().all(|c| c["points"] == 0.0));
    assert!(
        comps
            .iter()
            .map(|c| c["points_if_passed"].as_f64().unwrap())
            .sum::<f64>()
            > 30.0
    );
    // And the certificate is in the gap list.
    assert!(out["explanation"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["kind"] == "certification" && g["item"] == "securities_qualification"));
}

#[test]
fn structured_job_profile_and_knockout_rules() {
    let job = json!({
        "kind": "job_profile", "id": "j1", "title": "Backend engineer",
        "requirements": {
            "degree": "bachelor",
            "min_years_experience": 4,
            "skills": [
                {"taxonomy_id": "onet:java", "name": "Java", "required": true, "weight": 2},
                {"name": "Kubernetes", "required": false}
            ],
            "knockouts": [
                {"id": "java", "field": "skill", "op": "has", "value": "onet:java"},
                {"id": "yrs", "field": "years_experience", "op": "gte", "value": 10,
                 "reason_en": "ten years", "reason_zh": "十年"}
            ]
        }
    });
    let resume = std::fs::read_to_string("../tests/fixtures/resumes/en_software.txt").unwrap();
    let out = matching::match_value(
        &json!({"job": job, "resume": {"text": resume}, "reference_date": "2025-06-30"}),
    )
    .unwrap();
    assert_sums(&out);
    let kos = out["knockouts"].as_array().unwrap();
    assert_eq!(kos[0]["passed"], true);
    assert_eq!(kos[1]["passed"], false);
    assert_eq!(kos[1]["reason_zh"], "十年");
    assert_eq!(out["total"], 0.0);
    // Java by id, Kubernetes by name (resolved through the taxonomy).
    assert_eq!(skill(&out, "onet:java").unwrap().0, "matched");
    assert_eq!(skill(&out, "onet:kubernetes").unwrap().0, "matched");
    let ev = &skill(&out, "onet:java").unwrap().1["evidence"];
    assert!(!ev.as_array().unwrap().is_empty());
}

#[test]
fn synonym_gets_full_credit_and_related_gets_partial() {
    let exact = matched("jd_en_data.txt", "resume_en_good.txt");
    let synonym = matched("jd_en_data.txt", "resume_en_synonym.txt");
    let related = matched("jd_en_data.txt", "resume_en_related.txt");
    // MariaDB is an alias of MySQL in the taxonomy: same id, full credit.
    let (l, s) = skill(&synonym, "onet:mysql").unwrap();
    assert_eq!(l, "matched");
    assert_eq!(s["credit"], 1.0);
    assert_eq!(s["evidence"][0]["text"], "MariaDB");
    // PostgreSQL is linked to MySQL as related: the documented partial weight.
    let (l, s) = skill(&related, "onet:mysql").unwrap();
    assert_eq!(l, "partial");
    assert_eq!(s["credit"], interviewkit_core::taxonomy::WEIGHT_RELATED);
    assert_eq!(s["via"]["id"], "onet:postgresql");
    assert_eq!(s["via"]["relation"], "related");
    let raw = |o: &Value| o["components"][0]["raw"].as_f64().unwrap();
    assert_eq!(raw(&exact), raw(&synonym));
    assert!(raw(&synonym) > raw(&related));
    assert!(synonym["total"].as_f64().unwrap() > related["total"].as_f64().unwrap());
    assert!(related["explanation"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .any(
            |g| g["item"] == "onet:mysql" && (g["shortfall"].as_f64().unwrap() - 0.4).abs() < 1e-9
        ));
}

#[test]
fn experience_curve_is_monotone_and_continuous() {
    for min in [1.0, 3.0, 5.0, 10.0] {
        let mut prev = experience_curve(0.0, min, None);
        assert!(prev < 0.5);
        let mut y = 0.0;
        while y <= 20.0 {
            let v = experience_curve(y, min, None);
            assert!(v + 1e-12 >= prev, "not monotone at {y} (min {min})");
            assert!(v - prev < 0.01, "jump at {y} (min {min}): {prev} → {v}");
            assert!((0.0..=1.0).contains(&v));
            prev = v;
            y += 0.005;
        }
        assert_eq!(experience_curve(min, min, None), 1.0);
        // Half a year short costs little.
        assert!(experience_curve(min - 0.5, min, None) > 0.75);
    }
    // Above a maximum it eases down, continuously, never below 0.6.
    assert_eq!(experience_curve(5.0, 3.0, Some(5.0)), 1.0);
    assert!((experience_curve(5.001, 3.0, Some(5.0)) - 1.0).abs() < 1e-3);
    assert!(experience_curve(30.0, 3.0, Some(5.0)) >= 0.6);
}

#[test]
fn bilingual_explanation_with_gaps() {
    let out = matched("jd_en_data.txt", "resume_en_related.txt");
    let e = &out["explanation"];
    for key in ["matched", "partial", "missing", "gaps"] {
        assert!(e[key].is_array(), "{key}");
    }
    for c in out["components"].as_array().unwrap() {
        assert!(!c["detail_en"].as_str().unwrap().is_empty());
        assert!(!c["detail_zh"].as_str().unwrap().is_empty());
    }
    for g in e["gaps"].as_array().unwrap() {
        assert!(!g["en"].as_str().unwrap().is_empty() && !g["zh"].as_str().unwrap().is_empty());
    }
    // Required gaps come first.
    let req: Vec<bool> = e["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["required"].as_bool().unwrap())
        .collect();
    let mut sorted = req.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(req, sorted);
    assert!(e["summary_zh"].as_str().unwrap().contains("匹配度"));
    // Evidence spans point into the resume's text.
    let parsed = interviewkit_core::resume::parse_resume_value(
        &json!({"text": fx("resume_en_related.txt"), "reference_date": REF}),
    )
    .unwrap();
    let text: Vec<char> = parsed["resume"]["raw_text"]
        .as_str()
        .unwrap()
        .chars()
        .collect();
    for s in e["matched"]
        .as_array()
        .unwrap()
        .iter()
        .chain(e["partial"].as_array().unwrap())
    {
        for sp in s["evidence"].as_array().unwrap() {
            let (a, b) = (
                sp["start"].as_u64().unwrap() as usize,
                sp["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                text[a..b].iter().collect::<String>(),
                sp["text"].as_str().unwrap()
            );
        }
    }
}

#[test]
fn same_input_gives_identical_json() {
    let a = serde_json::to_string(&matched("jd_zh_banker.txt", "resume_zh_good.txt")).unwrap();
    let b = serde_json::to_string(&matched("jd_zh_banker.txt", "resume_zh_good.txt")).unwrap();
    assert_eq!(a, b);
    let req = rank_request();
    let a = serde_json::to_string(&matching::rank_value(&req).unwrap()).unwrap();
    let b = serde_json::to_string(&matching::rank_value(&req).unwrap()).unwrap();
    assert_eq!(a, b);
    let j1 = serde_json::to_string(
        &matching::job_parse_value(&json!({"text": fx("jd_en_data.txt")})).unwrap(),
    )
    .unwrap();
    let j2 = serde_json::to_string(
        &matching::job_parse_value(&json!({"text": fx("jd_en_data.txt")})).unwrap(),
    )
    .unwrap();
    assert_eq!(j1, j2);
}

// ---------------------------------------------------------------------------------------------
// Weights
// ---------------------------------------------------------------------------------------------

/// A deterministic uniform generator (64-bit LCG, top 53 bits).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn synthetic(n: usize, seed: u64) -> Vec<Outcome> {
    let mut g = Lcg(seed);
    (0..n)
        .map(|_| {
            let (s, e, d) = (g.next(), g.next(), g.next());
            let logit = -3.0 + 4.0 * s + 2.0 * e + 0.5 * d;
            let p = 1.0 / (1.0 + (-logit).exp());
            let positive = g.next() < p;
            let components = [("skills", s), ("experience", e), ("education", d)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            Outcome {
                components,
                positive,
            }
        })
        .collect()
}

#[test]
fn learn_weights_recovers_the_order_of_known_weights() {
    let rows = synthetic(3000, 7);
    let fit = learn_weights(&rows, &LearnOptions::default(), "/outcomes").unwrap();
    assert!(fit.converged);
    let coef = |c: &str| {
        fit.coefficients
            .iter()
            .find(|x| x.component == c)
            .unwrap()
            .clone()
    };
    let (s, e, d) = (coef("skills"), coef("experience"), coef("education"));
    assert!(
        s.coefficient > e.coefficient && e.coefficient > d.coefficient,
        "{fit:?}"
    );
    assert!(s.coefficient > 0.0 && e.coefficient > 0.0);
    // Within three standard errors of the truth (the L2 pull is small with 3000 rows).
    assert!(
        (s.coefficient - 4.0).abs() < 3.0 * s.std_error + 0.3,
        "{s:?}"
    );
    assert!(
        (e.coefficient - 2.0).abs() < 3.0 * e.std_error + 0.3,
        "{e:?}"
    );
    assert!(s.std_error > 0.0 && s.z > 5.0);
    assert!(fit.weights["skills"] > fit.weights["experience"]);
    let wsum: f64 = fit.weights.values().sum();
    assert!((wsum - 1.0).abs() < 1e-3);
    assert!(fit.cross_validation.auc > 0.65);
    assert!(fit.cross_validation.log_loss < fit.cross_validation.baseline_log_loss);
    // Deterministic, and the JSON face agrees.
    let again = learn_weights(&rows, &LearnOptions::default(), "/outcomes").unwrap();
    assert_eq!(fit, again);
    let outcomes: Vec<Value> = rows
        .iter()
        .map(|r| json!({"components": r.components, "outcome": u8::from(r.positive)}))
        .collect();
    let v = matching::learn_weights_value(&json!({"outcomes": outcomes})).unwrap();
    assert_eq!(v["coefficients"][0]["component"], "skills");
    assert_eq!(v["coefficients"][0]["coefficient"], s.coefficient);
}

#[test]
fn learn_weights_bad_input() {
    let rows = synthetic(50, 1);
    let mut outcomes: Vec<Value> = rows
        .iter()
        .map(|r| json!({"components": r.components, "outcome": r.positive}))
        .collect();
    let one_class: Vec<Value> = outcomes
        .iter()
        .map(|o| json!({"components": o["components"], "outcome": 1}))
        .collect();
    assert_eq!(
        err_name(matching::learn_weights_value(&json!({"outcomes": one_class})).unwrap_err()),
        "/outcomes"
    );
    assert_eq!(
        err_name(
            matching::learn_weights_value(&json!({"outcomes": outcomes, "l2": -1})).unwrap_err()
        ),
        "/l2"
    );
    assert_eq!(
        err_name(
            matching::learn_weights_value(&json!({"outcomes": outcomes, "folds": 1})).unwrap_err()
        ),
        "/folds"
    );
    outcomes[3]["components"]["nonsense"] = json!(0.5);
    assert_eq!(
        err_name(matching::learn_weights_value(&json!({"outcomes": outcomes})).unwrap_err()),
        "/outcomes/3/components/nonsense"
    );
    outcomes[3]["components"]
        .as_object_mut()
        .unwrap()
        .remove("nonsense");
    outcomes[4]["outcome"] = json!(2);
    assert_eq!(
        err_name(matching::learn_weights_value(&json!({"outcomes": outcomes})).unwrap_err()),
        "/outcomes/4/outcome"
    );
}

// ---------------------------------------------------------------------------------------------
// Ranking and the index
// ---------------------------------------------------------------------------------------------

fn resumes() -> Vec<Value> {
    vec![
        json!({"id": "zh-good", "text": fx("resume_zh_good.txt")}),
        json!({"id": "zh-nocert", "text": fx("resume_zh_nocert.txt")}),
        json!({"id": "en-good", "text": fx("resume_en_good.txt")}),
        json!({"id": "en-related", "text": fx("resume_en_related.txt")}),
        json!({"id": "en-synonym", "text": fx("resume_en_synonym.txt")}),
    ]
}

fn rank_request() -> Value {
    json!({"job": {"text": fx("jd_en_data.txt")}, "resumes": resumes(), "top": 10, "reference_date": REF})
}

#[test]
fn ranks_with_tie_break_and_funnel() {
    // Knocked-out candidates ranked too (at 0) when asked; by default they are only counted.
    let mut all = rank_request();
    all["filters"] = json!({"knockout_pass_only": false});
    let out = matching::rank_value(&all).unwrap();
    let results = out["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(results.len(), 5);
    // Scores descending, ranks 1.., ties by id ascending.
    for (i, w) in results.windows(2).enumerate() {
        let (a, b) = (
            w[0]["score"].as_f64().unwrap(),
            w[1]["score"].as_f64().unwrap(),
        );
        assert!(
            a > b || (a == b && w[0]["id"].as_str() < w[1]["id"].as_str()),
            "{ids:?}"
        );
        assert_eq!(w[0]["rank"], i + 1);
    }
    assert_eq!(ids[2], "en-related", "{ids:?}");
    for r in results {
        assert_eq!(r["score"], r["explanation"]["total"]);
        assert_sums(&r["explanation"]);
    }
    // The Chinese banker resumes have no IELTS: screened out by the knock-out.
    let f = &out["funnel"];
    assert_eq!(f["total"], 5);
    assert_eq!(f["pass_knockouts"], 3);
    assert_eq!(f["knockout_reasons"][0]["count"], 2);
    assert!(f["knockout_reasons"][0]["reason_zh"]
        .as_str()
        .unwrap()
        .contains("IELTS"));

    // The default shortlist: knock-out passes only.
    let mut req = rank_request();
    req["top"] = json!(2);
    let out = matching::rank_value(&req).unwrap();
    assert_eq!(out["results"].as_array().unwrap().len(), 2);
    assert_eq!(out["funnel"]["above_min_score"], 3);
    assert_eq!(out["funnel"]["top"], 2);
    let mut req = rank_request();
    req["filters"] = json!({"locations": ["北京"], "min_years": 1, "knockout_pass_only": false});
    let out = matching::rank_value(&req).unwrap();
    let ids: Vec<&str> = out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["zh-good", "zh-nocert"]);
    assert_eq!(out["funnel"]["after_filters"], 2);
}

#[test]
fn identical_resumes_tie_by_id() {
    let text = fx("resume_en_good.txt");
    let req = json!({"job": {"text": fx("jd_en_data.txt")}, "reference_date": REF,
        "resumes": [{"id": "b", "text": text}, {"id": "c", "text": text}, {"id": "a", "text": text}]});
    let out = matching::rank_value(&req).unwrap();
    let ids: Vec<&str> = out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
}

#[test]
fn index_round_trip_gives_identical_rankings() {
    let built =
        matching::index_build_value(&json!({"resumes": resumes(), "reference_date": REF})).unwrap();
    assert_eq!(built["count"], 5);
    let query = |index: &Value| {
        matching::index_query_value(
            &json!({"index": index, "job": {"text": fx("jd_en_data.txt")}, "top": 5}),
        )
        .unwrap()
    };
    let a = query(&built["index"]);
    // Bytes → Index → bytes → Index: the same ranking, byte for byte.
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(built["index"].as_str().unwrap())
        .unwrap();
    let index = Index::from_bytes(&bytes).unwrap();
    assert_eq!(index.len(), 5);
    let again = index.to_bytes().unwrap();
    assert_eq!(again, bytes);
    let b = query(&json!(
        base64::engine::general_purpose::STANDARD.encode(&again)
    ));
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    // The ranking from the index equals the one-shot rank request.
    let r = matching::rank_value(&json!({"job": {"text": fx("jd_en_data.txt")}, "resumes": resumes(), "top": 5, "reference_date": REF})).unwrap();
    assert_eq!(a["results"], r["results"]);

    // Corrupt and foreign files: clear errors.
    let mut bad = bytes.clone();
    let last = bad.len() - 5;
    bad[last] ^= 0x20;
    assert_eq!(
        Index::from_bytes(&bad).unwrap_err().code(),
        ErrorCode::IntegrityCheckFailed
    );
    assert_eq!(
        Index::from_bytes(&bytes[..bytes.len() - 10])
            .unwrap_err()
            .code(),
        ErrorCode::IntegrityCheckFailed
    );
    assert_eq!(
        err_name(Index::from_bytes(b"PK\x03\x04 not an index").unwrap_err()),
        "index"
    );
    let mut newer = bytes.clone();
    newer[8] = 9;
    assert_eq!(
        Index::from_bytes(&newer).unwrap_err().code(),
        ErrorCode::UnsupportedSchemaVersion
    );
    assert_eq!(
        err_name(
            matching::index_query_value(&json!({"index": "@@@", "job": {"text": "x"}}))
                .unwrap_err()
        ),
        "/index"
    );
}

#[test]
fn index_add_and_remove() {
    let built =
        matching::index_build_value(&json!({"resumes": resumes(), "reference_date": REF})).unwrap();
    let removed =
        matching::index_build_value(&json!({"index": built["index"], "remove": ["en-synonym"]}))
            .unwrap();
    assert_eq!(removed["count"], 4);
    assert!(!removed["ids"]
        .as_array()
        .unwrap()
        .contains(&json!("en-synonym")));
    let out = matching::index_query_value(
        &json!({"index": removed["index"], "job": {"text": fx("jd_en_data.txt")}}),
    )
    .unwrap();
    let ids: Vec<&str> = out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"en-synonym"));
    assert_eq!(out["funnel"]["total"], 4);
    // Removing then adding back gives the original ranking (incremental == rebuilt).
    let back = matching::index_build_value(
        &json!({"index": removed["index"], "resumes": [resumes()[4].clone()]}),
    )
    .unwrap();
    let q = |i: &Value| {
        matching::index_query_value(&json!({"index": i, "job": {"text": fx("jd_en_data.txt")}}))
            .unwrap()
    };
    assert_eq!(q(&back["index"])["results"], q(&built["index"])["results"]);

    // The Rust API: remove reports whether the id was there.
    let tax = interviewkit_core::taxonomy::Taxonomy::default().unwrap();
    let mut index = Index::new(None);
    let resume: interviewkit_core::schema::Resume = serde_json::from_value(
        interviewkit_core::resume::parse_resume_value(&json!({"text": fx("resume_en_good.txt")}))
            .unwrap()["resume"]
            .clone(),
    )
    .unwrap();
    index.add("x", &resume, tax, "/x").unwrap();
    index.add("x", &resume, tax, "/x").unwrap();
    assert_eq!(index.len(), 1);
    assert!(index.remove("x"));
    assert!(!index.remove("x"));
    assert!(index.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------

fn match_err(job: Value, resume: Value) -> String {
    err_name(matching::match_value(&json!({"job": job, "resume": resume})).unwrap_err())
}

#[test]
fn bad_input_is_a_clear_error_naming_the_field() {
    let resume = json!({"text": fx("resume_en_good.txt")});
    let base =
        |req: Value| json!({"kind": "job_profile", "id": "j", "title": "t", "requirements": req});
    // Empty job.
    assert_eq!(match_err(base(json!({})), resume.clone()), "/job");
    assert_eq!(
        err_name(matching::job_parse_value(&json!({"text": "  \n "})).unwrap_err()),
        "/text"
    );
    // Contradictory years.
    assert_eq!(
        match_err(
            base(json!({"min_years_experience": 5, "max_years_experience": 3})),
            resume.clone()
        ),
        "/job/requirements/max_years_experience"
    );
    // Unknown skill id.
    assert_eq!(
        match_err(
            base(json!({"skills": [{"taxonomy_id": "onet:no-such-skill", "name": "X"}]})),
            resume.clone()
        ),
        "/job/requirements/skills/0/taxonomy_id"
    );
    // Knock-out on a skill the job does not list.
    assert_eq!(
        match_err(
            base(
                json!({"skills": [{"taxonomy_id": "onet:java", "name": "Java"}],
                        "knockouts": [{"id": "k", "field": "skill", "op": "has", "value": "onet:python"}]})
            ),
            resume.clone()
        ),
        "/job/requirements/knockouts/0/value"
    );
    // Knock-out on an unknown field, with a wrong operator.
    assert_eq!(
        match_err(
            base(json!({"knockouts": [{"id": "k", "field": "salary", "op": "gte", "value": 1}]})),
            resume.clone()
        ),
        "/job/requirements/knockouts/0/field"
    );
    assert_eq!(
        match_err(
            base(
                json!({"knockouts": [{"id": "k", "field": "years_experience", "op": "has", "value": 1}]})
            ),
            resume.clone()
        ),
        "/job/requirements/knockouts/0/op"
    );
    // Negative weight in the profile (the schema says ≥ 0).
    let e = match_err(
        base(json!({"skills": [{"taxonomy_id": "onet:java", "name": "Java", "weight": -1}]})),
        resume.clone(),
    );
    assert!(e.starts_with("/job/requirements/skills/0"), "{e}");
    // A job that is not a job profile.
    assert!(match_err(json!({"kind": "job_profile"}), resume.clone()).starts_with("/job"));
    // Resume with no text, empty resume document.
    let job = json!({"text": fx("jd_en_data.txt")});
    assert_eq!(match_err(job.clone(), json!({"text": ""})), "/resume/text");
    assert_eq!(match_err(job.clone(), json!({"text": 5})), "/resume/text");
    assert_eq!(match_err(job.clone(), json!({"kind": "resume"})), "/resume");
    assert_eq!(
        match_err(job.clone(), json!({"txt": "hello"})),
        "/resume/txt"
    );
    // Weights: negative, unknown component, all zero.
    let req = |w: Value| json!({"job": job, "resume": resume, "weights": w});
    assert_eq!(
        err_name(matching::match_value(&req(json!({"skills": -1}))).unwrap_err()),
        "/weights/skills"
    );
    assert_eq!(
        err_name(matching::match_value(&req(json!({"charm": 1}))).unwrap_err()),
        "/weights/charm"
    );
    let zeros: serde_json::Map<String, Value> = matching::COMPONENTS
        .iter()
        .map(|c| (c.to_string(), json!(0)))
        .collect();
    assert_eq!(
        err_name(matching::match_value(&req(Value::Object(zeros))).unwrap_err()),
        "/weights"
    );
    // Unknown request keys, bad semantic score, bad date, bad filters.
    assert_eq!(
        err_name(
            matching::match_value(&json!({"job": job, "resume": resume, "colour": 1})).unwrap_err()
        ),
        "/colour"
    );
    assert_eq!(
        err_name(
            matching::match_value(&json!({"job": job, "resume": resume, "semantic_score": 1.5}))
                .unwrap_err()
        ),
        "/semantic_score"
    );
    assert_eq!(
        err_name(
            matching::match_value(
                &json!({"job": job, "resume": resume, "reference_date": "2025-02-30"})
            )
            .unwrap_err()
        ),
        "/reference_date"
    );
    let mut r = rank_request();
    r["filters"] = json!({"min_score": "high"});
    assert_eq!(
        err_name(matching::rank_value(&r).unwrap_err()),
        "/filters/min_score"
    );
    let mut r = rank_request();
    r["resumes"][1] = json!({"id": "", "text": "x"});
    assert_eq!(
        err_name(matching::rank_value(&r).unwrap_err()),
        "/resumes/1/id"
    );
    let mut r = rank_request();
    r["resumes"][3]["id"] = json!("zh-good");
    assert_eq!(
        err_name(matching::rank_value(&r).unwrap_err()),
        "/resumes/3/id"
    );
    let mut r = rank_request();
    r["top"] = json!(0);
    assert_eq!(err_name(matching::rank_value(&r).unwrap_err()), "/top");
    // Several problems at once are listed in one error.
    let e = matching::match_value(&json!({"job": base(json!({
        "min_years_experience": 5, "max_years_experience": 3,
        "skills": [{"taxonomy_id": "onet:nope", "name": "X"}]})), "resume": resume}))
    .unwrap_err();
    assert!(e.to_string().contains("also 1 more"), "{e}");
}

#[test]
fn garbage_never_panics() {
    let job = json!({"text": fx("jd_zh_banker.txt")});
    for text in [
        "\u{0}\u{1}",
        "任职要求：",
        "必须",
        "3-1年经验",
        "99年以上经验 Bachelor",
        "IELTS 99 CET-9 JLPT N9",
        "工作地点：",
        "🙂🙂🙂",
    ] {
        let _ = matching::job_parse_value(&json!({"text": text}));
        let _ = matching::match_value(&json!({"job": job, "resume": {"text": text}}));
        let _ = matching::match_value(
            &json!({"job": {"text": text}, "resume": {"text": fx("resume_zh_good.txt")}}),
        );
    }
    for v in [
        json!(null),
        json!([]),
        json!("x"),
        json!({"job": 1, "resume": 2}),
    ] {
        assert!(matching::match_value(&v).is_err());
        assert!(matching::rank_value(&v).is_err());
        assert!(matching::index_build_value(&v).is_err() || v == json!({}));
        assert!(matching::learn_weights_value(&v).is_err());
    }
}

#[test]
fn english_must_phrasing_becomes_knockouts() {
    let text = "Audit Senior\nRequirements:\n- Must hold the CPA qualification.\n- Must have at least 4 years of audit experience.\n- Master's degree preferred.\nNice to have:\n- CFA";
    let job = matching::job_parse_value(&json!({"text": text})).unwrap();
    let r = &job["requirements"];
    assert_eq!(r["min_years_experience"], 4.0);
    assert!(
        r.get("degree").is_none(),
        "a preferred degree is not a minimum: {r}"
    );
    let fields: Vec<&str> = r["knockouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["field"].as_str().unwrap())
        .collect();
    // "Must have … audit experience" also makes the audit skill a knock-out.
    assert_eq!(
        fields,
        ["years_experience", "certification", "skill"],
        "{}",
        r["knockouts"]
    );
    assert!(
        r["knockouts"][2]["reason_en"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("audit"),
        "{}",
        r["knockouts"][2]
    );
    assert_eq!(r["preferred_certifications"], json!(["CFA"]));
    // A resume with the CPA and five years passes; the explanation names nothing missing.
    let resume = "Li Lei\nWork Experience\nAudit Senior, Big Four Firm\n01/2019-12/2024\n* Led audit engagements.\nCertifications\nCPA";
    let out = matching::match_value(
        &json!({"job": job, "resume": {"text": resume}, "reference_date": REF}),
    )
    .unwrap();
    assert_eq!(out["knockout_passed"], true, "{}", out["knockouts"]);
    assert_sums(&out);
}

// ---------------------------------------------------------------------------------------------
// The index's fast path (phase 1) against the full score
// ---------------------------------------------------------------------------------------------

mod fast_path {
    use super::*;
    use interviewkit_core::matching::{
        match_resume, parse_job, prepare_job, prepare_resume, Candidate, Filters, JobParseOptions,
        PreparedJob,
    };
    use interviewkit_core::resume::{parse_resume, Format, ParseOptions};
    use interviewkit_core::schema::{JobProfile, Resume};
    use interviewkit_core::taxonomy::Taxonomy;

    fn tax() -> &'static Taxonomy {
        Taxonomy::default().unwrap()
    }

    /// Every text fixture of the resume parser and of matching: Chinese and English.
    fn corpus() -> Vec<(String, Resume)> {
        let mut out = Vec::new();
        for dir in ["../tests/fixtures/resumes", "../tests/fixtures/matching"] {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|n| n.ends_with(".txt") && !n.starts_with("jd_"))
                .collect();
            names.sort();
            for n in names {
                let text = std::fs::read_to_string(format!("{dir}/{n}")).unwrap();
                let r = parse_resume(
                    text.as_bytes(),
                    &ParseOptions {
                        format: Some(Format::Txt),
                        reference_date: Some(REF.into()),
                        skill_finder: Some(tax()),
                        ..Default::default()
                    },
                )
                .unwrap()
                .resume;
                out.push((n.trim_end_matches(".txt").to_string(), r));
            }
        }
        // Structured resumes: languages with levels, certificate codes, competency evidence,
        // skills outside the taxonomy, no text.
        let structured = [
            json!({"kind": "resume", "basics": {"name": "A", "location": {"city": "上海市"}},
                "skills": [{"name": "Python"}, {"name": "PostgreSQL"}, {"name": "Quux framework"}],
                "education": [{"institution": "复旦大学", "area": "计算机科学与技术", "degree": "master"}],
                "languages": [{"language": "英语", "test": "CET-6", "score": "560"},
                              {"language": "Japanese", "fluency": "basic"}],
                "certifications": [{"name": "注册会计师", "extra": {"code": "cpa"}}],
                "extra": {"total_experience_years": 5.5,
                          "competency_evidence": [{"id": "teamwork", "evidence": [1, 2, 3]},
                                                  {"id": "communication", "evidence": [1]}]}}),
            json!({"kind": "resume", "basics": {"name": "B", "location": {"city": "Beijing"}},
                "skills": [{"name": "Java"}, {"name": "Kubernetes"}, {"name": "Quux framework"}],
                "education": [{"institution": "PKU", "area": "Finance", "study_type": "Bachelor of Economics"}],
                "languages": [{"language": "English", "fluency": "native"}],
                "certifications": [{"name": "CFA Level II"}],
                "extra": {"total_experience_months": 30}}),
        ];
        // A term counted more than 255 times (kept outside the packed postings).
        let long = format!(
            "Li Lei\nSkills\nPython, SQL\nSummary\n{}\n",
            "python data pipelines ".repeat(300)
        );
        let r = parse_resume(
            long.as_bytes(),
            &ParseOptions {
                format: Some(Format::Txt),
                reference_date: Some(REF.into()),
                skill_finder: Some(tax()),
                ..Default::default()
            },
        )
        .unwrap()
        .resume;
        out.push(("long_repeats".into(), r));
        for (i, v) in structured.into_iter().enumerate() {
            let r: Resume = serde_json::from_value(v).unwrap();
            out.push((format!("structured_{i}"), r));
        }
        out
    }

    fn jobs() -> Vec<PreparedJob> {
        let mut out = Vec::new();
        for f in ["jd_en_data.txt", "jd_zh_banker.txt"] {
            let p = parse_job(
                &fx(f),
                &JobParseOptions {
                    taxonomy: Some(tax()),
                    ..Default::default()
                },
            )
            .unwrap();
            out.push(prepare_job(&p, tax(), None, "/job").unwrap());
        }
        let structured = [
            json!({"kind": "job_profile", "id": "s1", "title": "数据工程师 Data engineer",
                "description": "负责数据平台建设，使用Python和SQL处理数据 pipelines",
                "requirements": {
                    "degree": "bachelor", "majors": ["计算机", "finance"],
                    "min_years_experience": 3, "max_years_experience": 8,
                    "skills": [
                        {"name": "Python", "required": true, "weight": 2},
                        {"name": "MySQL", "required": true},
                        {"name": "Quux framework", "required": false},
                        {"name": "Kubernetes", "required": false, "weight": 0.5}
                    ],
                    "languages": [{"language": "英语", "min_level": "CET-6", "required": true},
                                  {"language": "Japanese", "required": false}],
                    "certifications": ["注册会计师"],
                    "preferred_certifications": ["CFA", "证券从业资格"],
                    "locations": ["上海"]
                },
                "competency_weights": {"teamwork": 1, "communication": 0.5}}),
            json!({"kind": "job_profile", "id": "s2", "title": "Backend engineer",
            "requirements": {
                "skills": [{"taxonomy_id": "onet:java", "name": "Java", "required": true},
                           {"name": "Python", "required": false}],
                "min_years_experience": 2,
                "knockouts": [
                    {"id": "java", "field": "skill", "op": "has", "value": "onet:java"},
                    {"id": "city", "field": "location", "op": "in", "value": ["北京", "Beijing", "上海"]},
                    {"id": "yrs", "field": "years_experience", "op": "lte", "value": 12}
                ]}}),
            json!({"kind": "job_profile", "id": "s3", "title": "财务分析",
            "requirements": {
                "skills": [{"name": "Excel"}, {"name": "财务分析"}, {"name": "SQL", "required": false}],
                "knockouts": [
                    {"id": "deg", "field": "degree", "op": "gte", "value": "bachelor"},
                    {"id": "cert", "field": "certification", "op": "has", "value": "注册会计师"},
                    {"id": "lang", "field": "language", "op": "has", "value": "CET-4"}
                ]}}),
        ];
        for v in structured {
            let p: JobProfile = serde_json::from_value(v).unwrap();
            out.push(prepare_job(&p, tax(), None, "/job").unwrap());
        }
        out
    }

    fn build(corpus: &[(String, Resume)]) -> (Index, BTreeMap<String, Candidate>) {
        let mut index = Index::new(Some(REF.into()));
        let mut cands = BTreeMap::new();
        for (id, r) in corpus {
            index.add(id, r, tax(), "/r").unwrap();
            cands.insert(
                id.clone(),
                prepare_resume(r, id, tax(), Some(REF), "/r").unwrap(),
            );
        }
        (index, cands)
    }

    /// Every resume's ranked score (phase 1, from the compact index) equals the total of
    /// `match_resume` on the resume's full features, and the explanation built for the top k
    /// from the compact entry equals the one built from the full features.
    #[test]
    fn phase_one_scores_equal_the_full_scores() {
        let corpus = corpus();
        let (index, cands) = build(&corpus);
        let all = Filters {
            knockout_pass_only: false,
            ..Filters::default()
        };
        let (mut partial, mut failed, mut passed) = (0, 0, 0);
        for job in jobs() {
            let (ranked, funnel) = index.top_k(&job, usize::MAX, &all, tax());
            assert_eq!(ranked.len(), cands.len());
            let mut pass = 0;
            for r in &ranked {
                let rel = index.relevance_of(&job, &r.id).unwrap();
                let full = match_resume(&job, &cands[&r.id], rel, None, Some(tax()));
                assert_eq!(r.score, full.total, "{} / {}", job.profile.id, r.id);
                assert_eq!(r.result, full, "{} / {}", job.profile.id, r.id);
                // Also the number before knock-outs.
                let points: f64 = full.components.iter().map(|c| c.points_if_passed).sum();
                assert!(points >= 0.0);
                partial += full.explanation.partial.len();
                if full.knockout_passed {
                    pass += 1;
                    passed += 1;
                } else {
                    failed += 1;
                }
            }
            assert_eq!(funnel.pass_knockouts, pass);
            // The shortlist (knock-out passes only, top 3) is the head of the same order.
            let (top, _) = index.top_k(&job, 3, &Filters::default(), tax());
            let head: Vec<&str> = ranked
                .iter()
                .filter(|r| r.result.knockout_passed)
                .take(3)
                .map(|r| r.id.as_str())
                .collect();
            let got: Vec<&str> = top.iter().map(|r| r.id.as_str()).collect();
            assert_eq!(got, head);
        }
        assert!(
            partial > 0 && failed > 0 && passed > 0,
            "{partial} {failed} {passed}"
        );
    }

    /// Many removals (past the compaction threshold) and replacements leave an index that
    /// ranks, and saves, exactly like one built from the remaining resumes.
    #[test]
    fn removals_and_compaction_match_a_fresh_build() {
        let corpus = corpus();
        let mut index = Index::new(Some(REF.into()));
        let mut keep: Vec<(String, Resume)> = Vec::new();
        for round in 0..8 {
            for (id, r) in &corpus {
                let nid = format!("{id}#{round}");
                index.add(&nid, r, tax(), "/r").unwrap();
            }
        }
        // Remove most, replace some (same id, other resume).
        let n = corpus.len();
        for round in 0..8 {
            for (i, (id, r)) in corpus.iter().enumerate() {
                let nid = format!("{id}#{round}");
                if (i + round) % 3 == 0 {
                    keep.push((nid, r.clone()));
                } else if (i + round) % 5 == 0 {
                    let other = &corpus[(i + 1) % n].1;
                    index.add(&nid, other, tax(), "/r").unwrap();
                    keep.push((nid, other.clone()));
                } else {
                    assert!(index.remove(&nid));
                }
            }
        }
        assert!(!index.remove("not-there"));
        let mut fresh = Index::new(Some(REF.into()));
        for (id, r) in &keep {
            fresh.add(id, r, tax(), "/r").unwrap();
        }
        assert_eq!(index.len(), keep.len());
        assert_eq!(index.ids(), fresh.ids());
        let all = Filters {
            knockout_pass_only: false,
            ..Filters::default()
        };
        for job in jobs() {
            let a = index.top_k(&job, usize::MAX, &all, tax());
            let b = fresh.top_k(&job, usize::MAX, &all, tax());
            assert_eq!(a, b, "{}", job.profile.id);
        }
        assert_eq!(index.to_bytes().unwrap(), fresh.to_bytes().unwrap());
        // And a round trip through bytes ranks the same.
        let back = Index::from_bytes(&index.to_bytes().unwrap()).unwrap();
        for job in jobs() {
            assert_eq!(
                back.top_k(&job, 10, &all, tax()),
                index.top_k(&job, 10, &all, tax())
            );
        }
    }
}

/// An index saved by an earlier build (format 1, JSON payload) is read and converted; it ranks
/// like an index built from the same resumes, and saves in the current format.
#[test]
fn reads_and_converts_format_1() {
    use interviewkit_core::matching::{prepare_resume, Filters, INDEX_FORMAT};
    use interviewkit_core::resume::{parse_resume, Format, ParseOptions};
    use interviewkit_core::taxonomy::Taxonomy;
    use sha2::Digest;
    let tax = Taxonomy::default().unwrap();
    let mut fresh = Index::new(Some(REF.into()));
    let mut vocab: std::collections::BTreeSet<String> = Default::default();
    let mut feats = Vec::new();
    for r in resumes() {
        let id = r["id"].as_str().unwrap().to_string();
        let resume = parse_resume(
            r["text"].as_str().unwrap().as_bytes(),
            &ParseOptions {
                format: Some(Format::Txt),
                reference_date: Some(REF.into()),
                skill_finder: Some(tax),
                ..Default::default()
            },
        )
        .unwrap()
        .resume;
        fresh.add(&id, &resume, tax, "/r").unwrap();
        let cand = prepare_resume(&resume, &id, tax, Some(REF), "/r").unwrap();
        let mut v = serde_json::to_value(&cand).unwrap();
        let terms: BTreeMap<String, u32> = serde_json::from_value(v["terms"].take()).unwrap();
        v.as_object_mut().unwrap().remove("terms");
        vocab.extend(terms.keys().cloned());
        feats.push((v, terms));
    }
    let vocab: Vec<String> = vocab.into_iter().collect();
    let entries: Vec<Value> = feats
        .into_iter()
        .map(|(f, terms)| {
            let t: Vec<(usize, u32)> = terms
                .iter()
                .map(|(k, n)| (vocab.binary_search(k).unwrap(), *n))
                .collect();
            json!({"features": f, "terms": t})
        })
        .collect();
    let payload =
        serde_json::to_vec(&json!({"reference_date": REF, "vocab": vocab, "entries": entries}))
            .unwrap();
    let mut bytes = b"IKMINDEX".to_vec();
    bytes.extend_from_slice(&1u32.to_le_bytes());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&sha2::Sha256::digest(&payload));
    bytes.extend_from_slice(&payload);
    let old = Index::from_bytes(&bytes).unwrap();
    assert_eq!(old.ids(), fresh.ids());
    let job = matching::prepare_job(
        &matching::parse_job(&fx("jd_en_data.txt"), &Default::default()).unwrap(),
        tax,
        None,
        "/job",
    )
    .unwrap();
    let all = Filters {
        knockout_pass_only: false,
        ..Filters::default()
    };
    assert_eq!(
        old.top_k(&job, 10, &all, tax),
        fresh.top_k(&job, 10, &all, tax)
    );
    let saved = old.to_bytes().unwrap();
    assert_eq!(&saved[8..12], &INDEX_FORMAT.to_le_bytes());
    assert_eq!(saved, fresh.to_bytes().unwrap());
    // A future format is refused naming the version.
    let mut future = saved.clone();
    future[8..12].copy_from_slice(&(INDEX_FORMAT + 1).to_le_bytes());
    let e = Index::from_bytes(&future).unwrap_err();
    assert!(
        e.to_string().contains(&(INDEX_FORMAT + 1).to_string()),
        "{e}"
    );
    // Corrupted payloads (checksum fixed up) are errors, never panics.
    let body = &saved[52..];
    for cut in [0, 1, 5, body.len() / 3, body.len() / 2, body.len() - 1] {
        for flip in [None, Some(0x55u8)] {
            let mut p = body[..cut].to_vec();
            if let Some(x) = flip {
                p.extend(body[cut..].iter().map(|b| b ^ x));
            }
            let mut b = b"IKMINDEX".to_vec();
            b.extend_from_slice(&INDEX_FORMAT.to_le_bytes());
            b.extend_from_slice(&(p.len() as u64).to_le_bytes());
            b.extend_from_slice(&sha2::Sha256::digest(&p));
            b.extend_from_slice(&p);
            let _ = Index::from_bytes(&b);
        }
    }
}
