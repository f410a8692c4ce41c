//! Unit tests of request parsing and the table arithmetic.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use super::*;

fn run(request: Value) -> Value {
    audit_value(&request).unwrap()
}

#[test]
fn every_accepted_spelling_of_selected() {
    let records = json!([
        {"g": "a", "s": 1}, {"g": "a", "s": 1.0}, {"g": "a", "s": true}, {"g": "a", "s": "1"},
        {"g": "a", "s": " Yes "}, {"g": "a", "s": "TRUE"},
        {"g": "b", "s": 0}, {"g": "b", "s": false}, {"g": "b", "s": "0"}, {"g": "b", "s": "no"},
        {"g": "b", "s": "False"}, {"g": "b", "s": "yes"}
    ]);
    let r = run(json!({"records": records, "group": "g", "selected": "s",
                       "bootstrap": {"iterations": 0}}));
    assert_eq!(r["groups"][0]["selected"], 6);
    assert_eq!(r["groups"][1]["selected"], 1);
    assert_eq!(r["groups"][1]["n"], 6);
    for bad in [
        json!(2),
        json!(0.5),
        json!("y"),
        json!({"x": 1}),
        json!([1]),
    ] {
        let e =
            audit_value(&json!({"records": [{"g": "a", "s": bad}], "group": "g", "selected": "s"}))
                .unwrap_err();
        assert!(e.to_string().contains("records[0].s"), "{e}");
    }
}

#[test]
fn group_values_are_trimmed_and_stringified() {
    let r = run(
        json!({"records": [{"g": " a ", "s": 1}, {"g": "a", "s": 0}, {"g": 3, "s": 1},
                                   {"g": true, "s": 1}, {"g": "  ", "s": 1}],
                       "group": "g", "selected": "s", "small_share": 0,
                       "bootstrap": {"iterations": 0}}),
    );
    let labels: Vec<&str> = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["3", "a", "true"]);
    assert_eq!(r["unknown"]["n"], 1);
}

#[test]
fn shares_sum_to_one_and_ties_pick_the_first_group() {
    let r = run(
        json!({"records": [{"g": "b", "s": 1}, {"g": "a", "s": 1}, {"g": "c", "s": 0}],
                       "group": "g", "selected": "s", "bootstrap": {"iterations": 0}}),
    );
    let total: f64 = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["share"].as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-12);
    assert_eq!(r["reference_group"], "a");
    assert_eq!(r["groups"][1]["impact_ratio"], 1.0);
    assert_eq!(r["groups"][1]["flag_four_fifths"], false);
    assert_eq!(r["groups"][1]["fisher_p"], 1.0);
    assert_eq!(r["groups"][2]["impact_ratio"], 0.0);
}

#[test]
fn options_are_validated() {
    let base = |extra: Value| {
        let mut req = json!({"records": [{"g": "a", "s": 1}], "group": "g", "selected": "s"});
        for (k, v) in extra.as_object().unwrap() {
            req[k] = v.clone();
        }
        audit_value(&req).unwrap_err().to_string()
    };
    assert!(base(json!({"small_share": 1})).contains("small_share"));
    assert!(base(json!({"small_sample_policy": "drop"})).contains("small_sample_policy"));
    assert!(base(json!({"bootstrap": {"confidence": 1.0}})).contains("bootstrap.confidence"));
    assert!(base(json!({"bootstrap": {"iterations": 100_001}})).contains("bootstrap.iterations"));
    assert!(base(json!({"bootstrap": {"seed": "x"}})).contains("bootstrap.seed"));
    assert!(base(json!({"group": []})).contains("group"));
    assert!(base(json!({"group": ["g", "g"]})).contains("group[1]"));
    assert!(base(json!({"group": ["g", "s"], "records": [{"g": 1, "s": 1}]})).contains("selected"));
    assert!(base(json!({"csv": "g,s\na,1\n"})).contains("not both"));
}

#[test]
fn score_mode_median_includes_unknown_rows() {
    // Scores 1..=4 with known groups, 100 for the unknown row: median of all five is 3.
    let r = run(
        json!({"records": [{"g": "a", "v": 1}, {"g": "a", "v": 4}, {"g": "b", "v": 2},
                                   {"g": "b", "v": 3}, {"v": 100}],
                       "group": "g", "score": "v", "bootstrap": {"iterations": 0}}),
    );
    assert_eq!(r["median"], 3.0);
    assert_eq!(r["groups"][0]["scoring_rate"], 0.5);
    assert_eq!(r["groups"][1]["scoring_rate"], 0.0);
    assert_eq!(r["unknown"]["scoring_rate"], 1.0);
}

#[test]
fn equal_scores_give_undefined_ratios() {
    let r = run(json!({"records": [{"g": "a", "v": 5}, {"g": "b", "v": 5}],
                       "group": "g", "score": "v", "bootstrap": {"iterations": 10}}));
    assert_eq!(r["groups"][0]["impact_ratio"], Value::Null);
    assert!(r["warnings"].as_array().unwrap().iter().any(|w| w
        .as_str()
        .unwrap()
        .contains("Nobody scored above the median")));
}
