//! The embedded competency model and question bank, vendor extensions and `bank_list`.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::collections::{BTreeMap, HashSet};

use interviewkit_core::interview::bank::{bank_list_value, Bank, Filter, ROLE_FAMILIES};
use interviewkit_core::interview::{Lang, QuestionType};
use interviewkit_core::{json, Error, ErrorCode};
use serde_json::{json, Value};

const REQUIRED: [&str; 12] = [
    "communication",
    "logical_thinking",
    "teamwork",
    "customer_orientation",
    "stress_resilience",
    "learning_agility",
    "integrity_compliance",
    "ownership_leadership",
    "problem_solving",
    "sales_drive",
    "data_analysis",
    "technical_depth",
];

/// Questions each competency must have as its primary competency.
const MIN_PRIMARY_PER_COMPETENCY: usize = 10;

fn bank() -> &'static Bank {
    Bank::default().unwrap()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn ascii_share(s: &str) -> f64 {
    let total = s.chars().count();
    s.chars().filter(char::is_ascii).count() as f64 / total as f64
}

fn error_name(e: &Error) -> &str {
    match e {
        Error::InvalidArgument { name, .. } => name,
        other => panic!("expected InvalidArgument, got {other}"),
    }
}

#[test]
fn embedded_bank_has_the_twelve_competencies_with_full_scales() {
    let b = bank();
    let ids: Vec<&str> = b.competencies().iter().map(|c| c.id.as_str()).collect();
    for id in REQUIRED {
        assert!(ids.contains(&id), "missing competency {id}");
    }
    for c in b.competencies() {
        assert!(has_cjk(&c.name.zh) && has_cjk(&c.definition.zh), "{}", c.id);
        assert!(
            ascii_share(&c.name.en) > 0.95 && ascii_share(&c.definition.en) > 0.95,
            "{}",
            c.id
        );
        let levels: Vec<u8> = c.levels.iter().map(|l| l.level).collect();
        assert_eq!(levels, vec![1, 2, 3, 4, 5], "{}", c.id);
        for l in &c.levels {
            assert!(
                (2..=3).contains(&l.indicators.len()),
                "{} level {}",
                c.id,
                l.level
            );
            assert!(
                has_cjk(&l.label.zh) && !l.label.en.is_empty(),
                "{} level {}",
                c.id,
                l.level
            );
            for i in &l.indicators {
                assert!(has_cjk(&i.zh), "{} level {}: {}", c.id, l.level, i.zh);
                assert!(
                    ascii_share(&i.en) > 0.9,
                    "{} level {}: {}",
                    c.id,
                    l.level,
                    i.en
                );
            }
        }
    }
}

#[test]
fn embedded_questions_are_bilingual_unique_and_well_formed() {
    let b = bank();
    assert!(
        b.questions().len() >= 120,
        "{} questions",
        b.questions().len()
    );
    let known: HashSet<&str> = b.competencies().iter().map(|c| c.id.as_str()).collect();
    let mut ids = HashSet::new();
    for q in b.questions() {
        assert!(ids.insert(q.id.as_str()), "duplicate id {}", q.id);
        for t in [
            &q.text,
            &q.rubric.weak,
            &q.rubric.adequate,
            &q.rubric.strong,
        ]
        .into_iter()
        .chain(q.follow_ups.iter())
        {
            assert!(has_cjk(&t.zh), "{}: zh text without CJK: {}", q.id, t.zh);
            assert!(!has_cjk(&t.en), "{}: en text with CJK: {}", q.id, t.en);
            assert!(
                ascii_share(&t.en) > 0.95,
                "{}: en text not ASCII-dominant",
                q.id
            );
        }
        assert!(!q.competencies.is_empty(), "{}", q.id);
        for c in &q.competencies {
            assert!(
                known.contains(c.as_str()),
                "{} names unknown competency {c}",
                q.id
            );
        }
        for r in &q.role_families {
            assert!(
                ROLE_FAMILIES.contains(&r.as_str()),
                "{}: unknown role family {r}",
                q.id
            );
        }
        assert!((120..=300).contains(&q.time_limit_seconds), "{}", q.id);
    }
}

#[test]
fn every_competency_role_family_and_type_is_covered() {
    let b = bank();
    let mut primary: BTreeMap<&str, usize> = BTreeMap::new();
    for q in b.questions() {
        *primary.entry(q.competencies[0].as_str()).or_default() += 1;
    }
    for c in b.competencies() {
        let n = primary.get(c.id.as_str()).copied().unwrap_or(0);
        assert!(
            n >= MIN_PRIMARY_PER_COMPETENCY,
            "{} has {n} primary questions",
            c.id
        );
    }
    assert_eq!(b.role_families(), {
        let mut all = ROLE_FAMILIES.to_vec();
        all.sort_unstable();
        all
    });
    for t in QuestionType::ALL {
        let f = Filter {
            question_type: Some(t),
            ..Filter::default()
        };
        assert!(b.list(&f).unwrap().len() >= 10, "type {}", t.name());
    }
    // The bank covers the scenarios the issue names.
    let has = |needle: &str| b.questions().iter().any(|q| q.text.zh.contains(needle));
    for needle in ["投诉", "存款", "KYC", "SQL", "bug", "架构"] {
        assert!(
            has(needle) || b.questions().iter().any(|q| q.text.en.contains(needle)),
            "nothing about {needle}"
        );
    }
}

#[test]
fn version_is_stable_and_changes_with_content() {
    let b = bank();
    // Re-reading the same content through the public constructor gives the same hash.
    let content = json!({"competencies": b.competencies(), "questions": b.questions()});
    let again = Bank::from_value(&content).unwrap();
    assert_eq!(again.version(), b.version());
    // Member order does not matter (the hash is over canonical JSON): reverse every object.
    fn reverse(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut out = serde_json::Map::new();
                for (k, v) in m.iter().rev() {
                    out.insert(k.clone(), reverse(v));
                }
                Value::Object(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(reverse).collect()),
            other => other.clone(),
        }
    }
    assert_eq!(
        Bank::from_value(&reverse(&content)).unwrap().version(),
        b.version()
    );
    // One changed character changes the version.
    let mut edited = content.clone();
    edited["questions"][0]["time_limit_seconds"] = json!(121);
    assert_ne!(Bank::from_value(&edited).unwrap().version(), b.version());
    // An empty extension changes nothing.
    assert_eq!(b.extend(&json!({})).unwrap().version(), b.version());
}

#[test]
fn filters_select_the_right_questions() {
    let b = bank();
    let f = Filter {
        competency: Some("sales_drive".into()),
        role_family: Some("relationship_manager".into()),
        question_type: Some(QuestionType::Scenario),
    };
    let got = b.list(&f).unwrap();
    assert!(!got.is_empty());
    for q in &got {
        assert!(q.competencies.iter().any(|c| c == "sales_drive"));
        assert!(q.role_families.iter().any(|r| r == "relationship_manager"));
        assert_eq!(q.question_type, QuestionType::Scenario);
    }
    let expected = b
        .questions()
        .iter()
        .filter(|q| {
            q.competencies.iter().any(|c| c == "sales_drive")
                && q.role_families.iter().any(|r| r == "relationship_manager")
                && q.question_type == QuestionType::Scenario
        })
        .count();
    assert_eq!(got.len(), expected);
    // No filter: everything, in bank order.
    let all = b.list(&Filter::default()).unwrap();
    assert_eq!(all.len(), b.questions().len());
    assert_eq!(all[0].id, b.questions()[0].id);
}

#[test]
fn bank_list_renders_one_language_or_both() {
    let out = bank_list_value(&json!({"lang": "zh", "competency": "data_analysis"})).unwrap();
    assert_eq!(out["version"], bank().version());
    assert_eq!(out["competencies"].as_array().unwrap().len(), 1);
    assert_eq!(out["competencies"][0]["name"], "数据分析");
    assert_eq!(out["competencies"][0]["levels"][4]["level"], 5);
    let questions = out["questions"].as_array().unwrap();
    assert!(questions.len() >= 10);
    for q in questions {
        assert!(has_cjk(q["text"].as_str().unwrap()));
        assert!(has_cjk(q["rubric"]["5"].as_str().unwrap()));
        assert!(q["competencies"]
            .as_array()
            .unwrap()
            .contains(&json!("data_analysis")));
    }
    let both = bank_list_value(&json!({"type": "technical"})).unwrap();
    assert_eq!(
        both["competencies"].as_array().unwrap().len(),
        bank().competencies().len()
    );
    let q = &both["questions"][0];
    assert_eq!(q["type"], "technical");
    assert!(has_cjk(q["text"]["zh"].as_str().unwrap()));
    assert!(ascii_share(q["text"]["en"].as_str().unwrap()) > 0.95);
    // The text in a language matches the typed API.
    let typed = bank().question(q["id"].as_str().unwrap()).unwrap();
    assert_eq!(q["text"]["en"], typed.text.get(Lang::En));
}

#[test]
fn bank_list_is_deterministic_through_json_ops() {
    let op = json::op("bank_list").unwrap();
    let a = op(br#"{"lang":"en","role_family":"campus_hire"}"#).unwrap();
    let b = op(br#"{"role_family":"campus_hire","lang":"en"}"#).unwrap();
    assert_eq!(a, b);
}

#[test]
fn bad_requests_name_the_field_and_list_valid_values() {
    let err = bank_list_value(&json!({"lang": "fr"})).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert_eq!(error_name(&err), "lang");
    assert!(err.to_string().contains("zh, en"), "{err}");

    let err = bank_list_value(&json!({"competency": "charisma"})).unwrap_err();
    assert_eq!(error_name(&err), "competency");
    assert!(
        err.to_string().contains("communication") && err.to_string().contains("technical_depth")
    );

    let err = bank_list_value(&json!({"role_family": "astronaut"})).unwrap_err();
    assert_eq!(error_name(&err), "role_family");
    assert!(err.to_string().contains("relationship_manager"));

    let err = bank_list_value(&json!({"type": "trivia"})).unwrap_err();
    assert_eq!(error_name(&err), "type");

    let err = bank_list_value(&json!({"lang": 3})).unwrap_err();
    assert_eq!(error_name(&err), "lang");

    let err = bank_list_value(&json!({"langs": "en"})).unwrap_err();
    assert_eq!(error_name(&err), "langs");

    let err = bank_list_value(&json!([])).unwrap_err();
    assert_eq!(error_name(&err), "request");
}

#[test]
fn extension_through_bank_list_adds_replaces_and_names_fields() {
    let t = json!({"zh": "请描述你处理柜面差错的经历。", "en": "Describe how you handled a counter error."});
    let q = json!({"id": "vendor-teller-001", "type": "behavioral", "competencies": ["integrity_compliance"],
                   "role_families": ["teller"], "time_limit_seconds": 150, "text": t,
                   "follow_ups": [t], "rubric": {"1": t, "3": t, "5": t}});
    let out = bank_list_value(
        &json!({"role_family": "teller", "lang": "en", "extension": {"questions": [q]}}),
    )
    .unwrap();
    assert_ne!(out["version"], bank().version());
    assert_eq!(out["questions"].as_array().unwrap().len(), 1);
    assert_eq!(out["questions"][0]["id"], "vendor-teller-001");
    assert_eq!(
        out["questions"][0]["follow_ups"][0],
        "Describe how you handled a counter error."
    );

    // Replacing an embedded question keeps its place and count.
    let first = bank().questions()[0].id.clone();
    let mut replaced = q.clone();
    replaced["id"] = json!(first);
    let out = bank_list_value(&json!({"extension": {"questions": [replaced]}})).unwrap();
    assert_eq!(
        out["questions"].as_array().unwrap().len(),
        bank().questions().len()
    );
    assert_eq!(out["questions"][0]["role_families"], json!(["teller"]));

    let cases = [
        (
            json!({"questions": [q.clone(), {"id": "x"}]}),
            "extension.questions[1].type",
        ),
        (
            json!({"questions": [{"id": "Bad Id"}]}),
            "extension.questions[0].id",
        ),
        (json!({"questions": "all"}), "extension.questions"),
        (
            json!({"questions": [q.clone(), q.clone(), q.clone(), json!({"id": "x", "type": "behavioral", "competencies": ["teamwork"], "role_families": ["general"], "time_limit_seconds": 120, "text": {"zh": "中文", "en": ""}, "rubric": {}})]}),
            "extension.questions[3].text.en",
        ),
        (
            json!({"competencies": [{"id": "risk", "name": t, "definition": t, "levels": []}]}),
            "extension.competencies[0].levels",
        ),
        (
            json!({"questions": [q.clone()], "glossary": {}}),
            "extension.glossary",
        ),
        (json!([]), "extension"),
    ];
    for (ext, name) in cases {
        let err = bank_list_value(&json!({"extension": ext})).unwrap_err();
        assert_eq!(error_name(&err), name, "{err}");
    }
}
