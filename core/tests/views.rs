//! Role views: proves that no field reaches a role that may not see it.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use interviewkit_core::schema::json_schema::json_schema;
use interviewkit_core::views::{policy, role_view, role_view_value, Role};
use interviewkit_core::{validate, DocumentKind, ErrorCode};
use serde_json::{json, Map, Value};

/// The unknown field planted in every object of the generated documents.
const EXTRA_KEY: &str = "x_extra";
const EXTRA_VALUE: &str = "x-secret-unknown-field";

/// Fills every property the JSON Schema declares, recursively, two elements per array, and an
/// unknown field in every object.
fn fill(root: &Value, schema: &Value, path: &str) -> Value {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return fill(root, &root["$defs"][name], path);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            let alt = alts
                .iter()
                .find(|a| a.get("type") != Some(&json!("null")))
                .unwrap();
            return fill(root, alt, path);
        }
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        return e[0].clone();
    }
    let ty = match schema.get("type") {
        Some(Value::Array(ts)) => ts.iter().find(|t| *t != "null").cloned().unwrap(),
        Some(t) => t.clone(),
        None => return json!(format!("any{path}")),
    };
    match ty.as_str().unwrap() {
        "object" => {
            let mut map = Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, s) in props {
                    map.insert(k.clone(), fill(root, s, &format!("{path}/{k}")));
                }
            }
            if let Some(ap) = schema.get("additionalProperties").filter(|v| v.is_object()) {
                map.insert(
                    "communication".into(),
                    fill(root, ap, &format!("{path}/communication")),
                );
            } else {
                map.insert(EXTRA_KEY.into(), json!({ "nested": EXTRA_VALUE }));
            }
            Value::Object(map)
        }
        "array" => {
            let items = schema
                .get("items")
                .cloned()
                .unwrap_or(json!({"type": "string"}));
            Value::Array(
                (0..2)
                    .map(|i| fill(root, &items, &format!("{path}/{i}")))
                    .collect(),
            )
        }
        "string" => {
            if schema.get("format") == Some(&json!("date-time")) {
                json!("2026-01-02T03:04:05Z")
            } else if schema.get("format") == Some(&json!("email")) {
                json!("leaf@example.com")
            } else if schema.get("pattern").is_some() {
                json!("2020-01")
            } else {
                json!(format!("s{path}"))
            }
        }
        "number" => {
            let lo = schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0);
            let hi = schema
                .get("maximum")
                .and_then(Value::as_f64)
                .unwrap_or(lo + 2.0);
            json!((lo + hi) / 2.0)
        }
        "integer" => json!(schema
            .get("minimum")
            .and_then(Value::as_u64)
            .unwrap_or(1)
            .max(1)),
        "boolean" => json!(true),
        other => panic!("unhandled type {other}"),
    }
}

/// A valid document of `kind` with every schema field set and unknown fields everywhere.
fn full_document(kind: DocumentKind) -> Value {
    let schema = json_schema(kind);
    let mut doc = fill(&schema, &schema, "");
    fix_up(&mut doc, "");
    let report = validate(&doc).unwrap();
    assert!(
        report.valid,
        "{kind}: generated document invalid: {:?}",
        report.issues
    );
    doc
}

/// Makes generated values satisfy the semantic rules (scales, spans, references, divergence).
fn fix_up(v: &mut Value, path: &str) {
    match v {
        Value::Object(map) => {
            if map.contains_key("min") && map.contains_key("max") {
                map.insert("min".into(), json!(1.0));
                map.insert("max".into(), json!(5.0));
            }
            if map.contains_key("start") && map.contains_key("end") {
                map.insert("start".into(), json!(0));
                map.insert("end".into(), json!(2));
            }
            if map.contains_key("start_ms") {
                map.insert("start_ms".into(), json!(0));
                map.insert("end_ms".into(), json!(10));
            }
            if map.contains_key("delta") {
                map.insert("delta".into(), json!(0.5));
                map.insert("threshold".into(), json!(0.2));
                map.insert("flagged".into(), json!(true));
            }
            let in_questions = path.ends_with("/questions/0") || path.ends_with("/questions/1");
            let in_candidates = path.contains("candidates/");
            for (k, child) in map.iter_mut() {
                if k.ends_with("question_id") {
                    *child = json!("q0");
                }
                if k == "candidate_id" || (k == "id" && in_candidates) {
                    *child = json!("c-1");
                }
                if k == "id" && in_questions && !path.contains("/plan/") {
                    *child = json!(format!("q{}", &path[path.len() - 1..]));
                }
                fix_up(child, &format!("{path}/{k}"));
            }
        }
        Value::Array(items) => {
            for (i, c) in items.iter_mut().enumerate() {
                fix_up(c, &format!("{path}/{i}"));
            }
        }
        _ => {}
    }
}

/// Every leaf (scalar, empty array or empty object) with its JSON pointer.
fn leaves(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, c) in m {
                leaves(c, &format!("{path}/{k}"), out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, c) in a.iter().enumerate() {
                leaves(c, &format!("{path}/{i}"), out);
            }
        }
        other => out.push((path.to_string(), other.clone())),
    }
}

/// Whether `path` (concrete) equals or lies below an allow-list pattern (`*` = array index).
fn allowed(path: &str, allow: &[String]) -> bool {
    let steps: Vec<&str> = path.split('/').skip(1).collect();
    allow.iter().any(|p| {
        let segs: Vec<&str> = p.split('/').skip(1).collect();
        segs.len() <= steps.len()
            && segs.iter().zip(&steps).all(|(s, t)| {
                if *s == "*" {
                    t.parse::<usize>().is_ok()
                } else {
                    s == t
                }
            })
    })
}

fn view(doc: &Value, role: Role) -> Value {
    let v = role_view(doc, role).unwrap();
    serde_json::to_value(v).unwrap()
}

#[test]
fn no_leaf_reaches_a_role_outside_its_allow_list() {
    for kind in DocumentKind::ALL {
        let doc = full_document(kind);
        for role in Role::ALL {
            let allow = policy(role, kind);
            let out = view(&doc, role);
            let mut got = Vec::new();
            leaves(&out["document"], "", &mut got);
            assert!(!got.is_empty());
            for (path, _) in &got {
                assert!(
                    allowed(path, &allow),
                    "{kind} / {role:?}: {path} is not allowed"
                );
            }
            let text = serde_json::to_string(&out["document"]).unwrap();
            assert!(
                !text.contains(EXTRA_KEY),
                "{kind} / {role:?}: unknown field leaked"
            );
            assert!(
                !text.contains(EXTRA_VALUE),
                "{kind} / {role:?}: unknown value leaked"
            );
            // Withheld pointers exist in the input and are absent from the output.
            for p in out["withheld"].as_array().unwrap() {
                let p = p.as_str().unwrap();
                assert!(
                    doc.pointer(p).is_some(),
                    "{kind} / {role:?}: bogus pointer {p}"
                );
            }
            assert_eq!(
                out["withheld_count"],
                json!(out["withheld"].as_array().unwrap().len())
            );
        }
    }
}

#[test]
fn every_input_leaf_is_either_shown_or_withheld() {
    for kind in DocumentKind::ALL {
        let doc = full_document(kind);
        for role in Role::ALL {
            let out = view(&doc, role);
            let withheld: Vec<&str> = out["withheld"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            let mut input = Vec::new();
            leaves(&doc, "", &mut input);
            for (path, value) in input {
                let shown = out["document"].pointer(&path) == Some(&value);
                let hidden = withheld
                    .iter()
                    .any(|w| path == *w || path.starts_with(&format!("{w}/")));
                assert!(
                    shown ^ hidden,
                    "{kind} / {role:?}: {path} shown={shown} withheld={hidden}"
                );
            }
        }
    }
}

#[test]
fn hr_sees_every_schema_field() {
    for kind in DocumentKind::ALL {
        let doc = full_document(kind);
        let out = view(&doc, Role::Hr);
        let mut input = Vec::new();
        leaves(&doc, "", &mut input);
        for (path, value) in input {
            if path.contains(EXTRA_KEY) {
                continue;
            }
            assert_eq!(
                out["document"].pointer(&path),
                Some(&value),
                "{kind}: hr misses {path}"
            );
        }
    }
}

fn has(doc: &Value, pointer: &str) -> bool {
    doc.pointer(pointer).is_some()
}

#[test]
fn sensitive_fields_per_role() {
    let p = full_document(DocumentKind::Profile);
    let sensitive = [
        "/identity/email",
        "/identity/phone",
        "/candidates/0/contact/email",
        "/candidates/0/contact/phone",
        "/resumes/0/basics/email",
        "/resumes/0/basics/phone",
        "/resumes/0/basics/image",
        "/resumes/0/raw_text",
        "/employee_records/0/potential_predictions/0/probability",
        "/scorecards/0/competencies/0/interviewer_scores/0/notes",
        "/scorecards/0/competencies/0/annotations/0/text",
        "/candidates/0/consents/0/purpose",
        "/interviews/0/signals/0/value",
        "/interviews/0/answers/0/transcript",
    ];
    let hr = view(&p, Role::Hr)["document"].clone();
    for s in sensitive {
        assert!(has(&hr, s), "hr must see {s}");
    }
    // Contact details: HR and the candidate only.
    for role in [
        Role::Interviewer,
        Role::HiringManager,
        Role::Auditor,
        Role::DataScientist,
    ] {
        let d = view(&p, role)["document"].clone();
        for s in &sensitive[..6] {
            assert!(!has(&d, s), "{role:?} must not see {s}");
        }
        assert!(
            !has(&d, "/resumes/0/basics/image"),
            "{role:?} sees the photo"
        );
        assert!(!has(&d, "/resumes/0/raw_text"), "{role:?} sees raw_text");
    }
    let cand = view(&p, Role::Candidate)["document"].clone();
    assert!(has(&cand, "/identity/email"));
    assert!(has(&cand, "/resumes/0/raw_text"));
    // Potential predictions: HR, auditors and data scientists only.
    for role in [Role::Candidate, Role::Interviewer, Role::HiringManager] {
        let d = view(&p, role)["document"].clone();
        assert!(
            !has(&d, "/employee_records/0/potential_predictions"),
            "{role:?}"
        );
    }
    for role in [Role::Auditor, Role::DataScientist] {
        let d = view(&p, role)["document"].clone();
        assert!(
            has(
                &d,
                "/employee_records/0/potential_predictions/0/probability"
            ),
            "{role:?}"
        );
    }
    // Interviewer notes: not for the candidate, other interviewers, auditors or data scientists.
    for role in [
        Role::Candidate,
        Role::Interviewer,
        Role::Auditor,
        Role::DataScientist,
    ] {
        let d = view(&p, role)["document"].clone();
        assert!(
            !has(
                &d,
                "/scorecards/0/competencies/0/interviewer_scores/0/notes"
            ),
            "{role:?}"
        );
        assert!(
            !has(&d, "/scorecards/0/competencies/0/annotations/0/text"),
            "{role:?}"
        );
    }
    // Interviewers rate blind: no AI or other interviewers' scores, but the evidence.
    let iv = view(&p, Role::Interviewer)["document"].clone();
    assert!(!has(&iv, "/scorecards/0/competencies/0/ai_score"));
    assert!(!has(&iv, "/scorecards/0/competencies/0/interviewer_scores"));
    assert!(!has(&iv, "/scorecards/0/overall"));
    assert!(has(&iv, "/scorecards/0/competencies/0/evidence/0/quote"));
    assert!(has(&iv, "/interviews/0/answers/0/transcript"));
    assert!(has(&iv, "/interviews/0/questions/0/text"));
    // Auditors: consents and provenance, no names, no free text.
    let au = view(&p, Role::Auditor)["document"].clone();
    assert!(has(&au, "/candidates/0/consents/0/purpose"));
    assert!(has(&au, "/scorecards/0/provenance/model_hash"));
    assert!(!has(&au, "/identity/name"));
    assert!(!has(&au, "/candidates/0/name"));
    assert!(!has(&au, "/resumes/0/basics/name"));
    assert!(!has(&au, "/scorecards/0/competencies/0/evidence/0/quote"));
    assert!(!has(&au, "/conflicts/0/kept"));
    assert!(has(&au, "/conflicts/0/field"));
    // Data scientists: pseudonymous ids and scores, no names, no free text.
    let ds = view(&p, Role::DataScientist)["document"].clone();
    assert!(has(&ds, "/employee_records/0/employee_id"));
    assert!(has(&ds, "/scorecards/0/competencies/0/ai_score"));
    for s in [
        "/identity",
        "/candidates/0/name",
        "/resumes/0/basics",
        "/resumes/0/experience/0/description",
        "/resumes/0/education/0/institution",
        "/interviews/0/answers/0/transcript",
        "/scorecards/0/competencies/0/evidence/0/quote",
        "/employee_records/0/performance_reviews/0/reviewer",
        "/conflicts",
    ] {
        assert!(!has(&ds, s), "data_scientist sees {s}");
    }
}

#[test]
fn custom_policy_is_still_deny_by_default() {
    let doc = full_document(DocumentKind::Resume);
    let out = role_view_value(&json!({
        "document": doc,
        "role": "recruiter",
        "policy": {"recruiter": ["/basics/label", "/skills/*/name"]}
    }))
    .unwrap();
    assert_eq!(
        out["document"],
        json!({"basics": {"label": "s/basics/label"},
               "skills": [{"name": "s/skills/0/name"}, {"name": "s/skills/1/name"}]})
    );
    let mut got = Vec::new();
    leaves(&out["document"], "", &mut got);
    let paths: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["/basics/label", "/skills/0/name", "/skills/1/name"]);
    // A custom policy for a built-in role replaces it.
    let out =
        role_view_value(&json!({"document": doc, "role": "hr", "policy": {"hr": []}})).unwrap();
    assert_eq!(out["document"], json!({}));
    // `/**` shows everything, unknown fields included.
    let out = role_view_value(&json!({"document": doc, "role": "hr", "policy": {"hr": ["/**"]}}))
        .unwrap();
    assert_eq!(out["document"], doc);
    assert_eq!(out["withheld"], json!([]));
}

#[test]
fn bad_requests() {
    let doc = json!({"schema_version": 1, "kind": "candidate", "id": "c-1"});
    let code = |req: Value| role_view_value(&req).unwrap_err().code();
    let e = role_view_value(&json!({"document": doc, "role": "ceo"})).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    assert!(e.to_string().contains("data_scientist"), "{e}");
    assert_eq!(code(json!({"document": doc})), ErrorCode::InvalidArgument);
    assert_eq!(code(json!({"role": "hr"})), ErrorCode::InvalidArgument);
    assert_eq!(
        code(json!({"document": doc, "role": "hr", "policy": {"hr": ["basics"]}})),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(json!({"document": doc, "role": "hr", "extra": 1})),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(json!({"document": {"kind": "memo", "schema_version": 1}, "role": "hr"})),
        ErrorCode::UnknownDocumentType
    );
    assert_eq!(
        code(
            json!({"document": {"kind": "candidate", "schema_version": 9, "id": "c"}, "role": "hr"})
        ),
        ErrorCode::UnsupportedSchemaVersion
    );
    assert_eq!(
        code(json!({"document": [], "role": "hr"})),
        ErrorCode::InvalidArgument
    );
}

#[test]
fn policy_only_lists_the_table() {
    let out =
        role_view_value(&json!({"role": "auditor", "policy_only": true, "kind": "candidate"}))
            .unwrap();
    assert_eq!(
        out,
        json!({"role": "auditor", "policy": {"candidate": [
            "/schema_version", "/kind", "/id", "/language",
            "/consents/*/purpose", "/consents/*/scope", "/consents/*/jurisdiction",
            "/consents/*/granted_at", "/consents/*/withdrawn_at", "/consents/*/notice_version"
        ]}})
    );
    let all = role_view_value(&json!({"role": "hr", "policy_only": true})).unwrap();
    assert_eq!(all["policy"].as_object().unwrap().len(), 7);
}
