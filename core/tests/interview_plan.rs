//! Interview plans: seeded determinism, proportional coverage, retakes without repeats,
//! role-family preference, ordering, time limits and error naming (`interview_plan`).
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::collections::{BTreeMap, BTreeSet};

use interviewkit_core::interview::bank::Bank;
use interviewkit_core::interview::plan::{
    generate_plan, interview_plan_value, PlanRequest, MAX_COUNT,
};
use interviewkit_core::interview::QuestionType;
use interviewkit_core::schema::JobProfile;
use interviewkit_core::{Error, ErrorCode};
use serde_json::{json, Value};

const JOBS: [&str; 5] = [
    "rm_customer_sales",
    "data_analyst",
    "software_engineer_defaults",
    "sales_weighted",
    "teller_no_weights",
];

fn job(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/interview/jobs")
        .join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn plan(request: Value) -> Value {
    interview_plan_value(&request).unwrap()
}

fn err(request: Value) -> Error {
    interview_plan_value(&request).unwrap_err()
}

fn arg_name(e: &Error) -> &str {
    match e {
        Error::InvalidArgument { name, .. } => name,
        other => panic!("expected InvalidArgument, got {other}"),
    }
}

fn ids(plan: &Value) -> Vec<String> {
    plan["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["question_id"].as_str().unwrap().to_string())
        .collect()
}

fn bank() -> &'static Bank {
    Bank::default().unwrap()
}

fn weights_of(job: &Value) -> BTreeMap<String, f64> {
    job["competency_weights"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_f64().unwrap()))
        .filter(|(_, w)| *w > 0.0)
        .collect()
}

fn warning_codes(plan: &Value) -> Vec<String> {
    plan["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn same_seed_gives_the_same_plan_byte_for_byte() {
    for name in JOBS {
        for seed in [0u64, 1, 42, u64::MAX] {
            let req = json!({"job": job(name), "seed": seed, "count": 9});
            let a = serde_json::to_string(&plan(req.clone())).unwrap();
            let b = serde_json::to_string(&plan(req)).unwrap();
            assert_eq!(a, b, "{name} seed {seed}");
        }
    }
    // The typed API gives the same plan as the JSON one.
    let j: JobProfile = serde_json::from_value(job("data_analyst")).unwrap();
    let mut req = PlanRequest::new(j);
    req.seed = 5;
    let typed = generate_plan(bank(), &req).unwrap().to_value();
    assert_eq!(typed, plan(json!({"job": job("data_analyst"), "seed": 5})));
}

#[test]
fn different_seeds_give_different_plans() {
    for name in JOBS {
        let plans: BTreeSet<Vec<String>> = (0..12u64)
            .map(|seed| ids(&plan(json!({"job": job(name), "seed": seed}))))
            .collect();
        assert!(
            plans.len() >= 4,
            "{name}: only {} distinct plans from 12 seeds",
            plans.len()
        );
        let one = ids(&plan(json!({"job": job(name), "seed": 1})));
        let two = ids(&plan(json!({"job": job(name), "seed": 2})));
        assert_ne!(one, two, "{name}: seeds 1 and 2 drew the same plan");
    }
}

#[test]
fn slots_follow_the_job_weights() {
    for name in ["rm_customer_sales", "data_analyst", "sales_weighted"] {
        let j = job(name);
        let weights = weights_of(&j);
        let total: f64 = weights.values().sum();
        for count in [weights.len(), 8, 10, 16, 20] {
            let p = plan(json!({"job": j, "count": count, "seed": 3}));
            assert_eq!(ids(&p).len(), count);
            let mut slots: BTreeMap<String, usize> = BTreeMap::new();
            for q in p["questions"].as_array().unwrap() {
                *slots
                    .entry(q["competency"].as_str().unwrap().to_string())
                    .or_default() += 1;
            }
            assert_eq!(
                slots.keys().collect::<BTreeSet<_>>(),
                weights.keys().collect::<BTreeSet<_>>(),
                "{name} {count}: every weighted competency and nothing else gets slots"
            );
            for (c, w) in &weights {
                let quota = count as f64 * w / total;
                let got = slots[c] as f64;
                // Hamilton: every share is its quota rounded down or up (the minimum of one
                // slot can lift a tiny quota to 1).
                assert!(
                    got >= quota.floor().max(1.0) - 1e-9 && got <= quota.ceil() + 1e-9,
                    "{name} {count}: {c} got {got} slots for a quota of {quota}"
                );
                assert_eq!(p["coverage"][c]["primary"], slots[c], "{name} {c}");
                let normalised = p["competency_weights"][c].as_f64().unwrap();
                assert!((normalised - w / total).abs() < 1e-4, "{name} {c}");
            }
            // A heavier competency never gets fewer slots than a lighter one.
            for (a, wa) in &weights {
                for (b, wb) in &weights {
                    if wa > wb {
                        assert!(slots[a] >= slots[b], "{name} {count}: {a} vs {b}");
                    }
                }
            }
        }
    }
    // The relationship-manager job weighting customer orientation and sales drive.
    let p = plan(json!({"job": job("rm_customer_sales"), "count": 10}));
    assert_eq!(p["coverage"]["customer_orientation"]["primary"], 4);
    assert_eq!(p["coverage"]["sales_drive"]["primary"], 3);
    assert_eq!(p["coverage"]["integrity_compliance"]["primary"], 2);
    assert_eq!(p["coverage"]["communication"]["primary"], 1);
    assert_eq!(p["weights_source"], "job");
    // A zero weight is left out.
    let p = plan(json!({"job": job("data_analyst"), "count": 10}));
    assert!(p["competency_weights"].get("teamwork").is_none());
    assert_eq!(
        p["coverage"]["teamwork"]["primary"].as_u64().unwrap_or(0),
        0
    );
}

#[test]
fn secondary_competencies_count_towards_coverage() {
    let p = plan(json!({"job": job("rm_customer_sales"), "count": 8, "seed": 11}));
    let b = bank();
    let mut expected: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for q in p["questions"].as_array().unwrap() {
        let target = q["competency"].as_str().unwrap();
        let bq = b.question(q["question_id"].as_str().unwrap()).unwrap();
        expected.entry(target.to_string()).or_default().0 += 1;
        for c in &bq.competencies {
            if c != target {
                expected.entry(c.clone()).or_default().1 += 1;
            }
        }
    }
    for (c, (primary, secondary)) in &expected {
        assert_eq!(p["coverage"][c]["primary"], *primary, "{c}");
        assert_eq!(p["coverage"][c]["secondary"], *secondary, "{c}");
    }
    let secondary_total: u64 = expected.values().map(|v| v.1).sum();
    assert!(
        secondary_total > 0,
        "the bank's questions measure secondary competencies"
    );
}

#[test]
fn default_weights_come_from_the_role_family_table_or_the_general_set() {
    let p = plan(json!({"job": job("software_engineer_defaults"), "count": 10}));
    assert_eq!(p["weights_source"], "role_family_default");
    assert_eq!(p["competency_weights"]["technical_depth"], 0.3);
    assert_eq!(p["coverage"]["technical_depth"]["primary"], 3);
    assert_eq!(p["coverage"]["problem_solving"]["primary"], 3);

    let p = plan(json!({"job": job("teller_no_weights"), "count": 6}));
    assert_eq!(p["weights_source"], "general_default");
    let w = p["competency_weights"].as_object().unwrap();
    assert_eq!(w.len(), 6);
    assert!(w.values().all(|v| v.as_f64().unwrap() == 0.1667));
    assert!(warning_codes(&p).contains(&"unknown_role_family".to_string()));
    for c in w.keys() {
        assert_eq!(p["coverage"][c]["primary"], 1, "{c}");
    }
}

#[test]
fn retakes_never_repeat_a_question() {
    for name in ["rm_customer_sales", "data_analyst", "sales_weighted"] {
        let j = job(name);
        // With previous_plans.
        let first = plan(json!({"job": j, "seed": 1}));
        let second = plan(json!({"job": j, "seed": 1, "previous_plans": [first]}));
        let third = plan(json!({"job": j, "seed": 1, "previous_plans": [first, second]}));
        // With exclude.
        let mut asked: Vec<String> = ids(&first);
        asked.extend(ids(&second));
        let third_by_exclude = plan(json!({"job": j, "seed": 1, "exclude": asked}));
        assert_eq!(ids(&third), ids(&third_by_exclude), "{name}");
        let mut seen = BTreeSet::new();
        for p in [&first, &second, &third] {
            assert_eq!(ids(p).len(), 8);
            for id in ids(p) {
                assert!(seen.insert(id.clone()), "{name}: {id} asked twice");
            }
            assert!(
                !warning_codes(p).contains(&"unknown_excluded_question".to_string()),
                "{name}"
            );
        }
    }
}

#[test]
fn unknown_excluded_ids_are_a_warning_not_an_error() {
    let p = plan(json!({"job": job("data_analyst"),
                        "exclude": ["no-such-q", "data-001", "also-gone"],
                        "previous_plans": [{"questions": [{"question_id": "gone-7"}],
                                            "rubric_hash": "0".repeat(64)}]}));
    let w: Vec<&Value> = p["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "unknown_excluded_question")
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0]["question_ids"],
        json!(["also-gone", "gone-7", "no-such-q"])
    );
    assert!(w[0]["message_zh"].as_str().unwrap().contains("排除"));
    assert!(!ids(&p).contains(&"data-001".to_string()));
    assert!(warning_codes(&p).contains(&"previous_plan_other_bank".to_string()));
}

#[test]
fn questions_tagged_with_the_role_family_are_preferred() {
    let b = bank();
    let tagged = |p: &Value, family: &str| -> usize {
        ids(p)
            .iter()
            .filter(|id| {
                b.question(id)
                    .unwrap()
                    .role_families
                    .contains(&family.to_string())
            })
            .count()
    };
    for (name, family) in [
        ("rm_customer_sales", "relationship_manager"),
        ("data_analyst", "data_analyst"),
        ("sales_weighted", "sales"),
        ("software_engineer_defaults", "software_engineer"),
    ] {
        let with = job(name);
        let mut without = with.clone();
        without.as_object_mut().unwrap().remove("role_family");
        if without.get("competency_weights").is_none() {
            // Keep the same weights so that only the preference differs.
            let p = plan(json!({"job": with, "count": 10}));
            without["competency_weights"] = p["competency_weights"].clone();
        }
        let (mut a, mut b_) = (0, 0);
        for seed in 0..8u64 {
            let p_with = plan(json!({"job": with, "seed": seed, "count": 10}));
            let p_without = plan(json!({"job": without, "seed": seed, "count": 10}));
            a += tagged(&p_with, family);
            b_ += tagged(&p_without, family);
            // Every question drawn for a slot is tagged with the family or `general` as long as
            // such questions are left for that competency.
            for q in p_with["questions"].as_array().unwrap() {
                let c = q["competency"].as_str().unwrap();
                let bq = b.question(q["question_id"].as_str().unwrap()).unwrap();
                let fits = |q: &interviewkit_core::interview::Question| {
                    q.role_families
                        .iter()
                        .any(|r| r == family || r == "general")
                };
                let fitting_primary = b
                    .questions()
                    .iter()
                    .filter(|q| q.competencies[0] == c && fits(q))
                    .count();
                let slots = p_with["coverage"][c]["primary"].as_u64().unwrap() as usize;
                if fitting_primary >= slots {
                    assert!(fits(bq), "{name} seed {seed}: {} for {c}", bq.id);
                }
            }
        }
        assert!(
            a > b_,
            "{name}: {a} questions tagged {family} with the role family vs {b_} without"
        );
    }
}

#[test]
fn plans_mix_question_types_and_follow_the_interview_order() {
    let rank = |t: &str| {
        ["behavioral", "situational", "technical", "scenario"]
            .iter()
            .position(|x| *x == t)
            .unwrap()
    };
    let b = bank();
    for name in JOBS {
        for seed in 0..6u64 {
            let p = plan(json!({"job": job(name), "seed": seed}));
            let qs = p["questions"].as_array().unwrap();
            let mut per_type: BTreeMap<&str, usize> = BTreeMap::new();
            for q in qs {
                *per_type.entry(q["type"].as_str().unwrap()).or_default() += 1;
            }
            assert!(per_type.len() >= 3, "{name} {seed}: {per_type:?}");
            assert!(
                per_type.values().all(|&n| n <= 4),
                "{name} {seed}: {per_type:?}"
            );
            // Stages never go backwards, apart from the opener.
            let ranks: Vec<usize> = qs
                .iter()
                .map(|q| rank(q["type"].as_str().unwrap()))
                .collect();
            assert!(
                ranks[1..].windows(2).all(|w| w[0] <= w[1]),
                "{name} {seed}: {ranks:?}"
            );
            assert_eq!(ranks[0], *ranks.iter().min().unwrap(), "{name} {seed}");
            // The opener is the first stage's shortest `general` question, if it has one.
            let first_stage: Vec<&Value> = qs
                .iter()
                .filter(|q| rank(q["type"].as_str().unwrap()) == ranks[0])
                .collect();
            let general: Vec<u64> = first_stage
                .iter()
                .filter(|q| {
                    b.question(q["question_id"].as_str().unwrap())
                        .unwrap()
                        .role_families
                        .contains(&"general".to_string())
                })
                .map(|q| q["time_limit_seconds"].as_u64().unwrap())
                .collect();
            if let Some(min) = general.iter().min() {
                assert_eq!(
                    qs[0]["time_limit_seconds"].as_u64().unwrap(),
                    *min,
                    "{name} {seed}"
                );
            }
        }
    }
}

#[test]
fn texts_time_limits_and_archive_shape() {
    let b = bank();
    let p = plan(json!({"job": job("rm_customer_sales"), "lang": "zh", "seed": 9}));
    assert_eq!(p["language"], "zh");
    assert_eq!(p["seed"], 9);
    assert_eq!(p["rubric_hash"], b.version());
    assert_eq!(p["job_id"], "job-rm-retail");
    assert_eq!(p["role_family"], "relationship_manager");
    for q in p["questions"].as_array().unwrap() {
        let bq = b.question(q["question_id"].as_str().unwrap()).unwrap();
        assert_eq!(q["text"], bq.text.zh);
        assert_eq!(q["time_limit_seconds"], bq.time_limit_seconds);
        assert_eq!(q["type"], bq.question_type.name());
        let keys: Vec<&str> = q.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "question_id",
                "time_limit_seconds",
                "competency",
                "type",
                "text"
            ]
        );
    }
    let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "questions",
            "seed",
            "language",
            "rubric_hash",
            "job_id",
            "role_family",
            "competency_weights",
            "weights_source",
            "coverage",
            "warnings"
        ]
    );
    // It is a valid `plan` of an archive interview.
    let doc = json!({"schema_version": 1, "kind": "interview", "id": "iv-1", "plan": p});
    let report = interviewkit_core::validate(&doc).unwrap();
    assert!(report.valid, "{:?}", report.issues);

    // Without a language, both texts; with a time scale, scaled limits.
    let p = plan(json!({"job": job("rm_customer_sales"), "seed": 9, "time_scale": 1.5}));
    assert!(p.get("language").is_none());
    assert_eq!(p["time_scale"], 1.5);
    for q in p["questions"].as_array().unwrap() {
        let bq = b.question(q["question_id"].as_str().unwrap()).unwrap();
        assert_eq!(q["text"]["en"], bq.text.en);
        assert_eq!(q["text"]["zh"], bq.text.zh);
        let scaled = (f64::from(bq.time_limit_seconds) * 1.5).round() as u64;
        assert_eq!(q["time_limit_seconds"], scaled);
    }
    let en = plan(json!({"job": job("rm_customer_sales"), "seed": 9, "lang": "en"}));
    assert_eq!(ids(&en), ids(&p), "the language does not change the draw");
}

#[test]
fn types_filter_and_exhaustion() {
    let p =
        plan(json!({"job": job("data_analyst"), "types": ["technical", "scenario"], "count": 6}));
    for q in p["questions"].as_array().unwrap() {
        assert!(["technical", "scenario"].contains(&q["type"].as_str().unwrap()));
    }
    // Sales drive is the primary competency of 10 questions and a secondary one of 4 more.
    let only_sales = json!({"schema_version": 1, "kind": "job_profile", "id": "j", "title": "t",
                            "competency_weights": {"sales_drive": 1}});
    let p = plan(json!({"job": only_sales, "count": 12}));
    assert_eq!(ids(&p).len(), 12);
    let w: Vec<&Value> = p["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "secondary_fallback")
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0]["competency"], "sales_drive");
    let b = bank();
    let via_secondary = ids(&p)
        .iter()
        .filter(|id| b.question(id).unwrap().competencies[0] != "sales_drive")
        .count();
    assert_eq!(via_secondary, 2);
    let e = err(json!({"job": only_sales, "count": 15}));
    assert!(
        matches!(&e, Error::LimitExceeded { what, limit: 14, actual: 15 } if what.starts_with("count")),
        "{e}"
    );

    // A slot no question can fill moves to another weighted competency.
    let two = json!({"schema_version": 1, "kind": "job_profile", "id": "j", "title": "t",
                     "competency_weights": {"sales_drive": 1, "communication": 1}});
    let p = plan(json!({"job": two, "count": 30}));
    assert_eq!(ids(&p).len(), 30);
    assert!(warning_codes(&p).contains(&"slot_reassigned".to_string()));
    assert_eq!(p["coverage"]["sales_drive"]["primary"], 14);
    assert_eq!(p["coverage"]["communication"]["primary"], 16);
    assert_eq!(ids(&p).iter().collect::<BTreeSet<_>>().len(), 30);

    // Fewer slots than weighted competencies: the heaviest are asked, the rest reported.
    let p = plan(json!({"job": job("rm_customer_sales"), "count": 1}));
    assert_eq!(p["questions"][0]["competency"], "customer_orientation");
    for c in ["sales_drive", "integrity_compliance", "communication"] {
        assert_eq!(p["coverage"][c]["primary"], 0);
    }
    let covered = |c: &str| p["coverage"][c]["secondary"].as_u64().unwrap() > 0;
    let not_covered: Vec<String> = p["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "competency_not_covered")
        .map(|w| w["competency"].as_str().unwrap().to_string())
        .collect();
    for c in ["sales_drive", "integrity_compliance", "communication"] {
        assert_eq!(not_covered.contains(&c.to_string()), !covered(c), "{c}");
    }
}

#[test]
fn a_vendor_role_family_from_an_extension_is_preferred() {
    let t = json!({"zh": "请讲一次你在柜台发现假币的经历。", "en": "Tell me about a time you spotted a counterfeit note at the counter."});
    let ext = json!({"questions": [{"id": "teller-001", "type": "behavioral",
        "competencies": ["integrity_compliance"], "role_families": ["teller"],
        "time_limit_seconds": 120, "text": t, "rubric": {"1": t, "3": t, "5": t}}]});
    let j = json!({"schema_version": 1, "kind": "job_profile", "id": "j", "title": "柜员",
                   "role_family": "teller", "competency_weights": {"integrity_compliance": 1, "communication": 1}});
    for seed in 0..5u64 {
        let p = plan(json!({"job": j, "count": 4, "seed": seed, "extension": ext}));
        assert!(ids(&p).contains(&"teller-001".to_string()), "seed {seed}");
        assert!(!warning_codes(&p).contains(&"unknown_role_family".to_string()));
        assert_ne!(p["rubric_hash"], bank().version());
    }
    let bad = json!({"questions": [{"id": "x"}]});
    let e = err(json!({"job": j, "extension": bad}));
    assert!(arg_name(&e).starts_with("extension.questions[0]"), "{e}");
}

#[test]
fn errors_name_the_field() {
    let rm = job("rm_customer_sales");
    let with_weights = |w: Value| {
        let mut j = rm.clone();
        j["competency_weights"] = w;
        j
    };
    let e = err(json!({"job": with_weights(json!({"leadership": 1, "communication": 1}))}));
    assert_eq!(arg_name(&e), "job.competency_weights.leadership");
    assert!(
        e.to_string().contains("ownership_leadership"),
        "lists the valid ids: {e}"
    );
    let e = err(json!({"job": with_weights(json!({"communication": 0, "teamwork": 0}))}));
    assert_eq!(arg_name(&e), "job.competency_weights");
    let e = err(json!({"job": with_weights(json!({"communication": -1}))}));
    assert_eq!(arg_name(&e), "job.competency_weights.communication");
    let e = err(json!({"job": with_weights(json!({"communication": "high"}))}));
    assert_eq!(arg_name(&e), "job.competency_weights.communication");

    let mut no_title = rm.clone();
    no_title.as_object_mut().unwrap().remove("title");
    assert_eq!(arg_name(&err(json!({"job": no_title}))), "job.title");
    let mut resume = rm.clone();
    resume["kind"] = json!("resume");
    assert_eq!(arg_name(&err(json!({"job": resume}))), "job.kind");
    assert_eq!(arg_name(&err(json!({"count": 3}))), "job");
    let mut newer = rm.clone();
    newer["schema_version"] = json!(9);
    assert_eq!(
        err(json!({"job": newer})).code(),
        ErrorCode::UnsupportedSchemaVersion
    );

    assert_eq!(arg_name(&err(json!({"job": rm, "count": 0}))), "count");
    assert_eq!(arg_name(&err(json!({"job": rm, "count": "8"}))), "count");
    assert_eq!(arg_name(&err(json!({"job": rm, "count": 2.5}))), "count");
    let e = err(json!({"job": rm, "count": MAX_COUNT + 1}));
    assert!(
        matches!(&e, Error::LimitExceeded { what, limit: 30, actual: 31 } if what.starts_with("count")),
        "{e}"
    );
    assert_eq!(arg_name(&err(json!({"job": rm, "seed": -1}))), "seed");
    assert_eq!(arg_name(&err(json!({"job": rm, "lang": "fr"}))), "lang");
    assert_eq!(
        arg_name(&err(json!({"job": rm, "exclude": ["a", 3]}))),
        "exclude[1]"
    );
    assert_eq!(
        arg_name(&err(json!({"job": rm, "exclude": "a"}))),
        "exclude"
    );
    assert_eq!(
        arg_name(&err(
            json!({"job": rm, "previous_plans": [{"questions": [{"question_id": "a"}, {}]}]})
        )),
        "previous_plans[0].questions[1].question_id"
    );
    assert_eq!(
        arg_name(&err(json!({"job": rm, "previous_plans": [3]}))),
        "previous_plans[0]"
    );
    assert_eq!(
        arg_name(&err(json!({"job": rm, "types": ["technical", "essay"]}))),
        "types[1]"
    );
    assert_eq!(arg_name(&err(json!({"job": rm, "types": []}))), "types");
    assert_eq!(
        arg_name(&err(json!({"job": rm, "time_scale": 10}))),
        "time_scale"
    );
    assert_eq!(
        arg_name(&err(json!({"job": rm, "timescale": 1}))),
        "timescale"
    );
    assert_eq!(
        arg_name(&interview_plan_value(&json!([1])).unwrap_err()),
        "request"
    );
}

#[test]
fn typed_request_defaults_and_types() {
    let j: JobProfile = serde_json::from_value(job("sales_weighted")).unwrap();
    let mut req = PlanRequest::new(j);
    assert_eq!(req.count, 8);
    req.types = Some(vec![QuestionType::Behavioral, QuestionType::Situational]);
    let p = generate_plan(bank(), &req).unwrap();
    assert_eq!(p.questions.len(), 8);
    assert!(p.questions.iter().all(|q| matches!(
        q.question_type,
        QuestionType::Behavioral | QuestionType::Situational
    )));
    req.count = 0;
    assert_eq!(arg_name(&generate_plan(bank(), &req).unwrap_err()), "count");
}
