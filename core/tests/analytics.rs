//! The hiring funnel on the hand-made fixtures in `tests/fixtures/analytics/`; every expectation
//! below was worked out by hand from the events (see the comments).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use interviewkit_core::analytics::{funnel, funnel_value, FunnelRequest};
use interviewkit_core::{Error, ErrorCode};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/analytics")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn close(actual: &Value, expected: f64) {
    let a = actual.as_f64().unwrap_or(f64::NAN);
    assert!(
        (a - expected).abs() <= 1e-6 * expected.abs().max(1.0),
        "{actual} != {expected}"
    );
}

fn role<'a>(out: &'a Value, name: &str) -> &'a Value {
    out["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == name)
        .unwrap()
}

fn error_name(result: interviewkit_core::Result<Value>) -> String {
    match result {
        Err(Error::InvalidArgument { name, .. }) => name,
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

#[test]
fn progress_and_conversion() {
    let out = funnel_value(&fixture("funnel_basic.json")).unwrap();
    // Roles sorted: engineering (given as job_id) before sales.
    assert_eq!(out["roles"][0]["role"], "engineering");
    assert_eq!(out["roles"][1]["role"], "sales");
    let sales = role(&out, "sales");
    assert_eq!(sales["candidates"], 5);
    // s1..s5 applied; screened: s1 s2 s3 s5; invited and interviewed: s1 s2; offer, hired: s1.
    let reached: Vec<u64> = sales["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["reached"].as_u64().unwrap())
        .collect();
    assert_eq!(reached, vec![5, 4, 2, 2, 1, 1]);
    close(&sales["progress"][3]["share"], 0.4);
    assert_eq!(sales["progress"][3]["text"]["en"], "sales: 40% interviewed");
    assert_eq!(sales["progress"][3]["text"]["zh"], "sales：40% 已面试");
    assert_eq!(
        sales["summary"]["en"],
        "sales: 5 candidates; 80% screened, 40% invited to interview, 40% interviewed, 20% offered, 20% hired."
    );
    let rates: Vec<f64> = sales["conversion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rate"].as_f64().unwrap())
        .collect();
    assert_eq!(rates, vec![0.8, 0.5, 1.0, 0.5, 1.0]);
    assert_eq!(sales["conversion"][1]["entered"], 4);
    assert_eq!(sales["conversion"][1]["converted"], 2);
    // Overall: 7 candidates, 5 screened (s1 s2 s3 s5 e1).
    assert_eq!(out["overall"]["candidates"], 7);
    assert_eq!(out["overall"]["progress"][1]["reached"], 5);
    close(&out["overall"]["progress"][1]["share"], 5.0 / 7.0);
    assert!(out["overall"].get("role").is_none());
    assert_eq!(out["as_of"], "2026-04-01T00:00:00Z");
}

#[test]
fn durations_p50_p90() {
    let out = funnel_value(&fixture("funnel_basic.json")).unwrap();
    let sales = role(&out, "sales");
    // applied → screened: s2 12 h, s1 24 h, s5 24 h, s3 48 h. p50 = 24;
    // p90 (type 7): h = 3 × 0.9 = 2.7 → 24 + 0.7 × (48 − 24) = 40.8.
    let d = &sales["durations"][0];
    assert_eq!(d["n"], 4);
    close(&d["p50_hours"], 24.0);
    close(&d["p90_hours"], 40.8);
    // screened → interview_invited: s2 36 h, s1 48 h → p50 42, p90 36 + 0.9 × 12 = 46.8.
    let d = &sales["durations"][1];
    assert_eq!(d["n"], 2);
    close(&d["p50_hours"], 42.0);
    close(&d["p90_hours"], 46.8);
    // interviewed → offer: only s1 (5 days = 120 h).
    let d = &sales["durations"][3];
    assert_eq!(d["n"], 1);
    close(&d["p50_hours"], 120.0);
    close(&d["p90_hours"], 120.0);
    // Overall applied → screened adds e1's 96 h: [12, 24, 24, 48, 96]; p90: h = 3.6 → 48 + 0.6 × 48.
    let d = &out["overall"]["durations"][0];
    assert_eq!(d["n"], 5);
    close(&d["p50_hours"], 24.0);
    close(&d["p90_hours"], 76.8);
    // Nobody in engineering went past screened: no durations, null quantiles.
    let d = &role(&out, "engineering")["durations"][1];
    assert_eq!(d["n"], 0);
    assert!(d["p50_hours"].is_null());
}

#[test]
fn channel_completion_and_drop_out() {
    let out = funnel_value(&fixture("funnel_basic.json")).unwrap();
    let sales = role(&out, "sales");
    // Sorted channels. job_board: s3 rejected, s4 stalled (last event 2026-02-01, 59 days before
    // as_of), s5 active. referral: s1 hired, s2 withdrew.
    let jb = &sales["channels"][0];
    assert_eq!(jb["channel"], "job_board");
    assert_eq!(jb["candidates"], 3);
    assert_eq!(jb["rejected"], 1);
    assert_eq!(jb["stalled"], 1);
    assert_eq!(jb["active"], 1);
    assert_eq!(jb["dropped_out"], 1);
    close(&jb["drop_out_rate"], 1.0 / 3.0);
    close(&jb["completion_rate"], 0.0);
    let rf = &sales["channels"][1];
    assert_eq!(rf["channel"], "referral");
    assert_eq!(rf["completed"], 1);
    assert_eq!(rf["withdrawn"], 1);
    close(&rf["completion_rate"], 0.5);
    close(&rf["drop_out_rate"], 0.5);
    // Engineering: e2's last event is exactly 30 days before as_of, which is not more than 30:
    // active. It names no channel: "(none)", sorted first.
    let eng = role(&out, "engineering");
    assert_eq!(eng["channels"][0]["channel"], "(none)");
    assert_eq!(eng["channels"][0]["active"], 1);
    assert_eq!(eng["outcomes"]["stalled"], 0);
    // A shorter stall threshold makes both engineering journeys stalled (27 and 30 days).
    let mut request = fixture("funnel_basic.json");
    request["stall_days"] = json!(20);
    let out = funnel_value(&request).unwrap();
    assert_eq!(role(&out, "engineering")["outcomes"]["stalled"], 2);
    close(&out["stall_days"], 20.0);
}

#[test]
fn warnings_for_out_of_order_backward_duplicate_unknown() {
    let out = funnel_value(&fixture("funnel_basic.json")).unwrap();
    let warnings: Vec<(String, u64)> = out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["code"].as_str().unwrap().to_string(),
                w["event"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        warnings,
        vec![
            ("backward".to_string(), 9),
            ("unknown_stage".to_string(), 12),
            ("duplicate".to_string(), 21),
            ("out_of_order".to_string(), 22),
        ]
    );
    for w in out["warnings"].as_array().unwrap() {
        assert!(!w["en"].as_str().unwrap().is_empty());
        assert!(!w["zh"].as_str().unwrap().is_empty());
    }
    // Sorting is by time: s4's late-listed application still counts, and the backward and
    // duplicate events change nothing (s3 stays screened; s5's first screened time is kept).
    let sales = role(&out, "sales");
    assert_eq!(sales["progress"][0]["reached"], 5);
}

#[test]
fn terminal_then_stage_reopens() {
    let out = funnel_value(&json!({"events": [
        {"candidate_id": "a", "role": "r", "stage": "applied", "at": "2026-01-01T00:00:00Z"},
        {"candidate_id": "a", "role": "r", "stage": "withdrawn", "at": "2026-01-02T00:00:00Z"},
        {"candidate_id": "a", "role": "r", "stage": "screened", "at": "2026-01-03T00:00:00Z"},
    ], "stages": ["applied", "screened", "hired"]}))
    .unwrap();
    assert_eq!(out["warnings"][0]["code"], "after_terminal");
    assert_eq!(out["warnings"][0]["event"], 2);
    assert_eq!(out["overall"]["outcomes"]["withdrawn"], 0);
    assert_eq!(out["overall"]["outcomes"]["active"], 1);
}

#[test]
fn audit_link_flags_four_fifths() {
    let out = funnel_value(&fixture("funnel_audit.json")).unwrap();
    let ops = role(&out, "ops");
    let pt = &ops["pass_through"][0];
    assert_eq!(pt["from"], "applied");
    assert_eq!(pt["to"], "screened");
    // 9 applied (4 f, 4 m, 1 without a group value); f 1/4 screened, m 3/4.
    assert_eq!(pt["n"], 9);
    assert_eq!(pt["unknown"], 1);
    assert_eq!(pt["reference_group"], "m");
    let f = &pt["groups"][0];
    assert_eq!(f["group"], "f");
    assert_eq!(f["n"], 4);
    assert_eq!(f["passed"], 1);
    close(&f["rate"], 0.25);
    // 0.25 / 0.75 = 1/3 < 0.8: flagged.
    close(&f["impact_ratio"], 1.0 / 3.0);
    assert_eq!(f["flag_four_fifths"], true);
    // Fisher exact on [[1, 3], [3, 1]]: 0.4857142857 (R's fisher.test).
    close(&f["fisher_p"], 0.485_714_285_7);
    assert_eq!(pt["flagged"], json!(["f"]));
    // Lifted to the top, for the role and for the overall section.
    let flags = out["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 2);
    assert!(flags[0]["role"].is_null());
    assert_eq!(flags[1]["role"], "ops");
    assert_eq!(flags[1]["group"], "f");
    // screened → interview_invited: nobody passed; the reference rate is 0, so no ratio.
    let pt = &ops["pass_through"][1];
    assert_eq!(pt["flagged"], json!([]));
    assert!(pt["groups"][0]["impact_ratio"].is_null());
    // interview_invited → nothing: the last stage has no transition.
    assert_eq!(ops["pass_through"].as_array().unwrap().len(), 2);
}

#[test]
fn audit_without_any_group_value_is_a_note() {
    let out = funnel_value(&json!({"events": [
        {"candidate_id": "a", "role": "r", "stage": "applied", "at": "2026-01-01T00:00:00Z"},
    ], "audit": {"group": "sex"}}))
    .unwrap();
    let pt = &out["overall"]["pass_through"][0];
    assert!(pt["note"]["en"].as_str().unwrap().contains("sex"));
    assert_eq!(pt["groups"], json!([]));
}

#[test]
fn bad_inputs_name_the_field() {
    let mut request = fixture("funnel_basic.json");
    request["events"][7]["at"] = json!("2026-03-03 00:00");
    assert_eq!(error_name(funnel_value(&request)), "/events/7/at");
    let mut request = fixture("funnel_basic.json");
    request["events"][2]["colour"] = json!("x");
    assert_eq!(error_name(funnel_value(&request)), "/events/2/colour");
    let mut request = fixture("funnel_basic.json");
    request["bogus"] = json!(1);
    assert_eq!(error_name(funnel_value(&request)), "/bogus");
    let mut request = fixture("funnel_basic.json");
    request["events"][0].as_object_mut().unwrap().remove("role");
    assert_eq!(error_name(funnel_value(&request)), "/events/0/role");
    let mut request = fixture("funnel_basic.json");
    request["events"][3]["role"] = json!("x");
    assert_eq!(error_name(funnel_value(&request)), "/events/3/job_id");
    assert_eq!(
        error_name(funnel_value(
            &json!({"events": [], "stages": ["a", "withdrawn"]})
        )),
        "/stages/1"
    );
    assert_eq!(
        error_name(funnel_value(&json!({"events": [], "stages": ["a", "a"]}))),
        "/stages/1"
    );
    assert_eq!(
        error_name(funnel_value(&json!({"events": [], "stall_days": -1}))),
        "/stall_days"
    );
    assert_eq!(
        error_name(funnel_value(&json!({"events": [], "audit": {"group": 3}}))),
        "/audit/group"
    );
    assert_eq!(error_name(funnel_value(&json!({}))), "/events");
    assert_eq!(error_name(funnel_value(&json!([1]))), "request");
    let err = funnel_value(&json!({"events": [{"candidate_id": "a", "role": "r",
        "stage": "applied", "at": "2026-01-01T00:00:00Z", "group": {"sex": [1]}}]}))
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
}

#[test]
fn empty_events_are_an_empty_report() {
    let out = funnel_value(&json!({"events": []})).unwrap();
    assert_eq!(out["overall"]["candidates"], 0);
    assert_eq!(out["roles"], json!([]));
    assert!(out["as_of"].is_null());
    close(&out["overall"]["progress"][0]["share"], 0.0);
}

#[test]
fn deterministic_and_typed_api_agree() {
    let request = fixture("funnel_basic.json");
    let a = serde_json::to_string(&funnel_value(&request).unwrap()).unwrap();
    let b = serde_json::to_string(&funnel_value(&request).unwrap()).unwrap();
    assert_eq!(a, b);
    let typed = funnel(&FunnelRequest::from_value(&request).unwrap()).unwrap();
    assert_eq!(serde_json::to_string(&typed).unwrap(), a);
    // Shuffling events with distinct times gives the same numbers (only warnings differ).
    let mut reversed = request.clone();
    reversed["events"].as_array_mut().unwrap().reverse();
    let out = funnel_value(&reversed).unwrap();
    let base = funnel_value(&request).unwrap();
    assert_eq!(out["overall"]["progress"], base["overall"]["progress"]);
    assert_eq!(out["overall"]["channels"], base["overall"]["channels"]);
}
