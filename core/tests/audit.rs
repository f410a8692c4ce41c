//! The adverse-impact audit on the hand-made fixtures in `tests/fixtures/audit/`, whose rates,
//! ratios and test statistics were computed by hand (exact fractions, `math.comb`, `math.erfc`).
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use interviewkit_core::audit::{
    audit, audit_value, render_value, AuditData, AuditOptions, BootstrapOptions, Mode,
    SmallSamplePolicy,
};
use interviewkit_core::ErrorCode;
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/audit")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn close(actual: &Value, expected: f64) -> bool {
    let a = actual.as_f64().unwrap_or(f64::NAN);
    (a - expected).abs() <= 1e-9 * expected.abs().max(1.0)
}

fn assert_close(actual: &Value, expected: f64, what: &str) {
    assert!(close(actual, expected), "{what}: {actual} != {expected}");
}

fn group<'a>(groups: &'a Value, label: &str) -> &'a Value {
    groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == label)
        .unwrap_or_else(|| panic!("no group {label} in {groups}"))
}

fn hiring(bootstrap: Value) -> Value {
    audit_value(&json!({
        "csv": fixture("hiring.csv"),
        "group": ["sex", "race"],
        "selected": "hired",
        "bootstrap": bootstrap,
    }))
    .unwrap()
}

#[test]
fn intersectional_selection_rates_and_ratios() {
    let r = hiring(json!({"iterations": 0}));
    assert_eq!(r["mode"], "selected");
    assert_eq!(r["intersectional"], true);
    assert_eq!(r["n_records"], 52);
    assert_eq!(r["n"], 50);
    assert_eq!(
        r["excluded"],
        json!({"missing_outcome": 0, "unknown_group": 2})
    );
    assert_eq!(
        r["unknown"],
        json!({"n": 2, "selected": 1, "selection_rate": 0.5})
    );
    assert_eq!(r["reference_group"], "M × A");
    assert_close(&r["reference_rate"], 0.5, "reference rate");
    let labels: Vec<&str> = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["F × A", "F × B", "M × A", "M × B"]);
    let groups = &r["groups"];
    // (label, n, selected, rate, ratio, flag, fisher p, z, z p) from /tmp hand computation.
    let expected = [
        (
            "F × A",
            10,
            3,
            0.3,
            0.6,
            true,
            0.440_413_126_769_948_37,
            -1.042_100_211_437_812_2,
            0.297_365_220_571_549_35,
        ),
        (
            "F × B",
            10,
            2,
            0.2,
            0.4,
            true,
            0.235_270_276_949_437_36,
            -1.581_138_830_084_189_5,
            0.113_846_298_006_658_12,
        ),
        (
            "M × B",
            10,
            4,
            0.4,
            0.8,
            false,
            0.708_945_527_236_381_8,
            -0.517_549_169_506_765_5,
            0.604_772_854_485_900_3,
        ),
    ];
    for (label, n, sel, rate, ratio, flag, fisher, z, zp) in expected {
        let g = group(groups, label);
        assert_eq!(g["n"], n, "{label}");
        assert_eq!(g["selected"], sel, "{label}");
        assert_close(&g["selection_rate"], rate, label);
        assert_close(&g["impact_ratio"], ratio, label);
        assert_eq!(g["flag_four_fifths"], flag, "{label}");
        assert_close(&g["fisher_p"], fisher, label);
        assert_close(&g["z"], z, label);
        assert_close(&g["z_p"], zp, label);
        assert_eq!(g["small_sample"], false);
        assert_eq!(g["is_reference"], false);
        assert_eq!(g["rate_ci"], Value::Null);
    }
    let m_a = group(groups, "M × A");
    assert_eq!(m_a["is_reference"], true);
    assert_close(&m_a["impact_ratio"], 1.0, "reference ratio");
    assert_eq!(m_a["fisher_p"], Value::Null);
    assert_eq!(m_a["values"], json!({"sex": "M", "race": "A"}));
    assert_close(&m_a["share"], 0.4, "share");
    assert_eq!(r["bootstrap"], Value::Null);
}

#[test]
fn per_column_tables_count_their_own_unknowns() {
    let r = hiring(json!({"iterations": 0}));
    let by = r["by_column"].as_array().unwrap();
    assert_eq!(by.len(), 2);
    let sex = &by[0];
    assert_eq!(sex["columns"], json!(["sex"]));
    assert_eq!(sex["n"], 50);
    assert_eq!(sex["unknown"]["n"], 2);
    assert_eq!(sex["reference_group"], "M");
    let f = group(&sex["groups"], "F");
    assert_close(&f["selection_rate"], 0.25, "F rate");
    assert_close(&f["impact_ratio"], 0.535_714_285_714_285_7, "F ratio");
    assert_close(&f["fisher_p"], 0.147_602_829_908_567_4, "F fisher");
    assert_close(&f["z"], -1.546_304_721_226_871, "F z");
    // The race table keeps the two rows whose sex is unknown: race A has 32 people.
    let race = &by[1];
    assert_eq!(race["n"], 52);
    assert_eq!(race["unknown"]["n"], 0);
    assert_eq!(race["reference_group"], "A");
    let a = group(&race["groups"], "A");
    assert_eq!(a["n"], 32);
    assert_eq!(a["selected"], 14);
    let b = group(&race["groups"], "B");
    assert_close(&b["impact_ratio"], 0.685_714_285_714_285_7, "B ratio");
    assert_close(&b["fisher_p"], 0.388_525_697_680_271_5, "B fisher");
}

#[test]
fn scoring_rate_is_strictly_above_the_overall_median() {
    let r = audit_value(&json!({
        "csv": fixture("scores.csv"), "group": "team", "score": "score",
        "bootstrap": {"iterations": 0}
    }))
    .unwrap();
    assert_eq!(r["mode"], "score");
    assert_close(&r["median"], 5.5, "median");
    assert_eq!(r["excluded"]["missing_outcome"], 1);
    assert_eq!(r["by_column"], json!([]));
    let a = group(&r["groups"], "A");
    let b = group(&r["groups"], "B");
    assert_eq!(a["above_median"], 2);
    assert_close(&a["scoring_rate"], 0.4, "A");
    // The 5.5 equal to the median does not count: B is 3/6, not 4/6.
    assert_eq!(b["above_median"], 3);
    assert_close(&b["scoring_rate"], 0.5, "B");
    assert_eq!(r["reference_group"], "B");
    assert_close(&a["impact_ratio"], 0.8, "A ratio");
    assert_eq!(a["flag_four_fifths"], false);
    assert_close(&a["fisher_p"], 1.0, "A fisher");
    assert_close(&a["z"], -0.331_662_479_035_539_9, "A z");
    assert!(a.get("selection_rate").is_none());
    assert!(r["warnings"][0].as_str().unwrap().contains("1 of 12 rows"));
}

#[test]
fn small_categories_excluded_by_default_and_flagged_on_request() {
    let csv = fixture("small.csv");
    let r = audit_value(&json!({"csv": csv, "group": "site", "selected": "advanced",
                               "bootstrap": {"iterations": 0}}))
    .unwrap();
    assert_eq!(r["small_sample_policy"], "exclude");
    assert_eq!(r["reference_group"], "X");
    let z = group(&r["groups"], "Z");
    assert_eq!(z["small_sample"], true);
    assert_close(&z["share"], 0.01, "Z share");
    assert_close(&z["selection_rate"], 1.0, "Z rate");
    assert_eq!(z["impact_ratio"], Value::Null);
    assert_eq!(z["flag_four_fifths"], Value::Null);
    assert!(z["impact_ratio_note"]
        .as_str()
        .unwrap()
        .contains("excluded"));
    assert_close(&z["fisher_p"], 1.0, "Z fisher");
    let y = group(&r["groups"], "Y");
    assert_close(&y["impact_ratio"], 0.769_230_769_230_769_3, "Y ratio");
    assert_eq!(y["flag_four_fifths"], true);
    assert_close(&y["fisher_p"], 0.304_936_789_162_310_93, "Y fisher");

    let r = audit_value(&json!({"csv": csv, "group": "site", "selected": "advanced",
                               "small_sample_policy": "flag", "bootstrap": {"iterations": 0}}))
    .unwrap();
    assert_eq!(r["reference_group"], "Z");
    assert_close(&group(&r["groups"], "X")["impact_ratio"], 0.5, "X vs Z");
    assert_close(&group(&r["groups"], "Y")["fisher_p"], 0.4, "Y vs Z fisher");
    assert_eq!(group(&r["groups"], "Z")["small_sample"], true);

    // small_share 0 flags nothing.
    let r = audit_value(&json!({"csv": csv, "group": "site", "selected": "advanced",
                               "small_share": 0, "bootstrap": {"iterations": 0}}))
    .unwrap();
    assert_eq!(r["reference_group"], "Z");
    assert_eq!(group(&r["groups"], "Z")["small_sample"], false);
}

#[test]
fn bootstrap_is_deterministic_and_brackets_the_estimate() {
    let a = hiring(json!({"iterations": 400, "seed": 7}));
    let b = hiring(json!({"iterations": 400, "seed": 7}));
    assert_eq!(a, b);
    let c = hiring(json!({"iterations": 400, "seed": 8}));
    assert_ne!(a["groups"], c["groups"]);
    for g in a["groups"].as_array().unwrap() {
        let rate = g["selection_rate"].as_f64().unwrap();
        let ci = g["rate_ci"].as_array().unwrap();
        let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        assert!(lo <= rate && rate <= hi, "{g}");
        assert!((0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi));
        assert!(hi > lo, "n = 10 or 20 with 0 < rate < 1 must vary: {g}");
        let rci = g["impact_ratio_ci"].as_array().unwrap();
        assert!(rci[0].as_f64().unwrap() <= rci[1].as_f64().unwrap());
    }
    assert_eq!(a["bootstrap"]["iterations"], 400);
    // Default bootstrap: 1000 iterations with the fixed default seed, so output is stable.
    let d1 = hiring(Value::Null);
    let d2 = hiring(Value::Null);
    assert_eq!(d1, d2);
    assert_eq!(d1["bootstrap"]["iterations"], 1000);
    assert_eq!(d1["bootstrap"]["seed"], 20_230_705);
}

#[test]
fn bootstrap_interval_of_a_constant_group_is_degenerate() {
    // Every member of A selected, none of B: resamples cannot change either rate.
    let records: Vec<Value> = (0..20)
        .map(|i| json!({"g": if i < 10 { "A" } else { "B" }, "s": i < 10}))
        .collect();
    let r = audit_value(&json!({"records": records, "group": "g", "selected": "s",
                               "bootstrap": {"iterations": 200, "seed": 1}}))
    .unwrap();
    assert_eq!(group(&r["groups"], "A")["rate_ci"], json!([1.0, 1.0]));
    assert_eq!(group(&r["groups"], "B")["rate_ci"], json!([0.0, 0.0]));
    assert_eq!(
        group(&r["groups"], "B")["impact_ratio_ci"],
        json!([0.0, 0.0])
    );
}

#[test]
fn typed_api_matches_json_api() {
    let csv = fixture("hiring.csv");
    let options = AuditOptions {
        group_columns: vec!["sex".into(), "race".into()],
        mode: Mode::Selected,
        outcome_column: "hired".into(),
        bootstrap: BootstrapOptions {
            iterations: 50,
            ..Default::default()
        },
        small_share: 0.02,
        small_sample_policy: SmallSamplePolicy::Exclude,
    };
    let typed = audit(AuditData::Csv(&csv), &options).unwrap();
    let via_json = hiring(json!({"iterations": 50}));
    assert_eq!(serde_json::to_value(&typed).unwrap(), via_json);
}

#[test]
fn records_and_csv_give_the_same_report() {
    let csv = fixture("hiring.csv");
    let mut reader = csv.lines();
    let header: Vec<&str> = reader.next().unwrap().split(',').collect();
    let records: Vec<Value> = reader
        .map(|line| {
            let obj: serde_json::Map<String, Value> = header
                .iter()
                .zip(line.split(','))
                .map(|(h, v)| (h.to_string(), Value::from(v)))
                .collect();
            Value::Object(obj)
        })
        .collect();
    let from_records = audit_value(&json!({"records": records, "group": ["sex", "race"],
                                           "selected": "hired", "bootstrap": {"iterations": 30}}))
    .unwrap();
    assert_eq!(from_records, hiring(json!({"iterations": 30})));
}

fn error(request: Value) -> (ErrorCode, String) {
    let e = audit_value(&request).unwrap_err();
    (e.code(), e.to_string())
}

#[test]
fn bad_input_is_a_clear_error() {
    let (code, msg) =
        error(json!({"csv": fixture("hiring.csv"), "group": "gender", "selected": "hired"}));
    assert_eq!(code, ErrorCode::InvalidArgument);
    assert!(
        msg.contains("`group`") && msg.contains("`candidate`, `sex`, `race`, `hired`"),
        "{msg}"
    );

    let (_, msg) = error(
        json!({"records": [{"g": "a", "s": 1}, {"g": "b", "s": "maybe"}],
                               "group": "g", "selected": "s"}),
    );
    assert!(
        msg.contains("records[1].s") && msg.contains("\"maybe\""),
        "{msg}"
    );

    let (_, msg) = error(json!({"csv": "g,s\na,1\nb,x7\n", "group": "g", "score": "s"}));
    assert!(
        msg.contains("csv[1].s") && msg.contains("CSV line 3"),
        "{msg}"
    );

    let (_, msg) = error(json!({"csv": "g,s\na,1\nb,NaN\n", "group": "g", "score": "s"}));
    assert!(
        msg.contains("csv[1].s") && msg.contains("finite number"),
        "{msg}"
    );

    let (_, msg) = error(json!({"records": [], "group": "g", "selected": "s"}));
    assert!(msg.contains("`records`"), "{msg}");

    let (_, msg) = error(json!({"records": [{"g": null, "s": 1}], "group": "g", "selected": "s"}));
    assert!(msg.contains("missing group value"), "{msg}");

    let (_, msg) = error(json!({"records": [{"g": "a", "s": 1}], "group": "g",
                               "selected": "s", "score": "s"}));
    assert!(msg.contains("not both"), "{msg}");

    let (_, msg) = error(json!({"records": [{"g": "a", "s": 1}], "group": "g",
                               "selected": "s", "bootstrap": {"iterations": -1}}));
    assert!(msg.contains("bootstrap.iterations"), "{msg}");

    let (_, msg) = error(json!({"records": [{"g": "a", "s": 1}], "group": "g",
                               "selected": "s", "bootsrap": {}}));
    assert!(msg.contains("`bootsrap`"), "{msg}");

    let (_, msg) = error(json!({"records": [{"g": [1], "s": 1}], "group": "g", "selected": "s"}));
    assert!(msg.contains("records[0].g"), "{msg}");

    let (_, msg) = error(json!({"csv": "g,s\na,1,3\n", "group": "g", "selected": "s"}));
    assert!(msg.contains("csv[0]"), "{msg}");
}

#[test]
fn zero_rates_single_group_and_missing_values() {
    // Nobody selected: impact ratios undefined, not NaN.
    let r = audit_value(
        &json!({"records": [{"g": "a", "s": 0}, {"g": "b", "s": "no"}],
                               "group": "g", "selected": "s", "bootstrap": {"iterations": 20}}),
    )
    .unwrap();
    for g in r["groups"].as_array().unwrap() {
        assert_eq!(g["impact_ratio"], Value::Null);
        assert_eq!(g["flag_four_fifths"], Value::Null);
        assert!(g["impact_ratio_note"]
            .as_str()
            .unwrap()
            .contains("undefined"));
        assert_eq!(g["impact_ratio_ci"], Value::Null);
    }
    assert_close(&r["reference_rate"], 0.0, "reference rate");

    // One group: ratio 1, with a note.
    let r = audit_value(
        &json!({"records": [{"g": "a", "s": 1}, {"g": "a", "s": 0}, {"g": "", "s": 1}],
                               "group": "g", "selected": "s"}),
    )
    .unwrap();
    assert_eq!(r["groups"].as_array().unwrap().len(), 1);
    assert_close(&r["groups"][0]["impact_ratio"], 1.0, "single");
    assert!(r["groups"][0]["impact_ratio_note"]
        .as_str()
        .unwrap()
        .contains("only one group"));
    assert_eq!(r["unknown"]["n"], 1);

    // Missing outcome rows (null, absent, "") are counted, not errors.
    let r = audit_value(
        &json!({"records": [{"g": "a", "s": 1}, {"g": "a", "s": null}, {"g": "b"},
                                            {"g": "b", "s": ""}, {"g": "b", "s": true}],
                               "group": "g", "selected": "s", "bootstrap": {"iterations": 0}}),
    )
    .unwrap();
    assert_eq!(r["excluded"]["missing_outcome"], 3);
    assert_eq!(r["n"], 2);
}

#[test]
fn rendering_markdown_and_html() {
    let report = hiring(json!({"iterations": 50}));
    let md = render_value(&json!({"report": report, "format": "md"})).unwrap();
    assert_eq!(md["format"], "md");
    let text = md["text"].as_str().unwrap();
    assert!(text.starts_with("# Adverse-impact audit"));
    assert!(text.contains("## Intersectional: sex × race"));
    assert!(
        text.contains("| F × A | 10 | 20.0% | 3 | 0.3000 |"),
        "{text}"
    );
    assert!(text.contains("| Unknown | 2 |"));
    assert!(text.contains("four-fifths rule of thumb"));

    let html = render_value(&json!({"report": report, "format": "html"})).unwrap();
    let text = html["text"].as_str().unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.trim_end().ends_with("</html>"));
    assert!(text.contains("<tr class=\"flag\"><th scope=\"row\">F × A</th>"));
    assert!(!text.contains("<script") && !text.contains("http"));

    let json_text = render_value(&json!({"report": report, "format": "json"})).unwrap();
    let back: Value = serde_json::from_str(json_text["text"].as_str().unwrap()).unwrap();
    assert_eq!(back, report);
}

#[test]
fn rendering_escapes_hostile_group_names() {
    let r = audit_value(
        &json!({"records": [{"g": "<script>alert('x')</script>", "s": 1},
                                            {"g": "a|b & \"c\"", "s": 0}],
                               "group": "g", "selected": "s", "bootstrap": {"iterations": 0}}),
    )
    .unwrap();
    let html = render_value(&json!({"report": r, "format": "html"})).unwrap();
    let text = html["text"].as_str().unwrap();
    assert!(!text.contains("<script>"));
    assert!(text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(text.contains("a|b &amp; &quot;c&quot;"));
    let md = render_value(&json!({"report": r, "format": "md"})).unwrap();
    assert!(md["text"].as_str().unwrap().contains("a\\|b & \"c\""));

    let e = render_value(&json!({"report": {"mode": "selected"}, "format": "html"})).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    let e = render_value(&json!({"report": r, "format": "pdf"})).unwrap_err();
    assert!(e.to_string().contains("format"));
}

#[test]
fn bootstrap_work_is_limited() {
    let records: Vec<Value> = (0..30_000)
        .map(|i| json!({"g": i % 3, "s": i % 2}))
        .collect();
    let e = audit_value(&json!({"records": records, "group": "g", "selected": "s",
                               "bootstrap": {"iterations": 100_000}}))
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::LimitExceeded);
    assert!(e.to_string().contains("bootstrap work"), "{e}");
}
