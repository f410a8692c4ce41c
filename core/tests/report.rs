//! Reports (candidate, interviewer, HR) and WeCom / WeChat subscribe-message payloads.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use interviewkit_core::report::{report_value, subscribe_message_value, wecom_payload_value};
use interviewkit_core::{Error, Result};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/report")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A real fused card: the fixture run through `fuse` under `cn` with consent.
fn fused_card() -> Value {
    let out = interviewkit_core::fusion::fuse_value(&fixture("fuse_request.json")).unwrap();
    out["scorecard"].clone()
}

fn match_result() -> Value {
    interviewkit_core::matching::match_value(&fixture("match_request.json")).unwrap()
}

fn hr_cards() -> (Value, Value) {
    let f = fixture("hr_cards.json");
    (f["cards"].clone(), f["funnel"].clone())
}

/// A card with five scored competencies and nothing else.
fn plain_card() -> Value {
    json!({"schema_version": 1, "kind": "scorecard", "id": "sc-plain", "candidate_id": "c-9",
        "job_id": "job-9", "scale": {"min": 1, "max": 5},
        "competencies": [
            {"competency": "communication", "ai_score": 4.4},
            {"competency": "teamwork", "ai_score": 3.9},
            {"competency": "data_analysis", "ai_score": 1.8},
            {"competency": "customer_orientation", "ai_score": 2.6},
            {"competency": "learning_agility", "ai_score": 3.2}],
        "overall": 3.18})
}

fn err(r: Result<Value>) -> (String, String) {
    match r {
        Err(Error::InvalidArgument { name, expected }) => (name, expected),
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

fn text(out: &Value) -> &str {
    out["text"].as_str().unwrap()
}

fn section<'a>(out: &'a Value, id: &str) -> &'a Value {
    out["report"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no section {id}"))
}

fn section_ids(out: &Value) -> Vec<String> {
    out["report"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

fn missing_codes(out: &Value) -> Vec<String> {
    out["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_string())
        .collect()
}

fn interviewer_request(format: &str, lang: &str) -> Value {
    json!({"kind": "interviewer", "format": format, "lang": lang, "scorecard": fused_card(),
        "potential": {"label": "promoted_12m", "probability": 0.62, "model_version": "3"},
        "match": match_result()})
}

fn candidate_request(format: &str, lang: &str, card: Value) -> Value {
    json!({"kind": "candidate", "format": format, "lang": lang, "scorecard": card,
        "match": match_result()})
}

fn hr_request(format: &str, lang: &str) -> Value {
    let (cards, funnel) = hr_cards();
    json!({"kind": "hr", "format": format, "lang": lang, "scorecards": cards, "funnel": funnel})
}

/// Points of the radar's value polygon.
fn radar_points(html: &str) -> Option<usize> {
    let start = html.find("<polygon class=\"radar-value\" points=\"")?;
    let rest = &html[start + "<polygon class=\"radar-value\" points=\"".len()..];
    let end = rest.find('"')?;
    Some(rest[..end].split_whitespace().count())
}

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

#[test]
fn every_kind_and_format_renders() {
    for lang in ["zh", "en"] {
        for format in ["json", "md", "html"] {
            let requests = [
                candidate_request(format, lang, fused_card()),
                interviewer_request(format, lang),
                hr_request(format, lang),
            ];
            for req in requests {
                let out = report_value(&req).unwrap();
                assert_eq!(out["format"], format);
                assert_eq!(out["lang"], lang);
                assert_eq!(out["kind"], req["kind"]);
                assert!(out["missing"].is_array() && out["warnings"].is_array());
                if format == "json" {
                    assert!(out.get("text").is_none());
                    assert!(!out["report"]["sections"].as_array().unwrap().is_empty());
                } else {
                    assert!(out.get("report").is_none());
                    assert!(text(&out).len() > 200);
                }
            }
        }
    }
}

#[test]
fn json_report_sections_carry_the_card() {
    let out = report_value(&interviewer_request("json", "en")).unwrap();
    assert_eq!(
        section_ids(&out),
        [
            "overview",
            "competencies",
            "evidence",
            "divergence",
            "behaviour",
            "potential",
            "annotations",
            "job_fit"
        ]
    );
    let comps = &section(&out, "competencies")["data"];
    assert_eq!(comps[0]["competency"], "communication");
    assert_eq!(comps[0]["name"], "Communication");
    assert_eq!(comps[0]["ai_score"], 4.0);
    assert_eq!(comps[0]["fused_score"], 4.0652);
    assert_eq!(comps[0]["interviewer_scores"][0]["interviewer_id"], "alice");
    assert_eq!(comps[0]["divergence"]["flagged"], true);
    assert_eq!(comps[0]["divergence"]["computed"], false);
    assert!(comps[0]["interval"]["low"].is_number());
    let parts: Vec<&str> = comps[0]["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["modality"].as_str().unwrap())
        .collect();
    assert_eq!(parts, ["content", "voice", "visual"]);
    assert_eq!(comps[0]["contributions"][0]["points"], 3.4783);
    // The divergence section lists the one rated competency, flagged.
    let div = &section(&out, "divergence")["data"];
    assert_eq!(div.as_array().unwrap().len(), 1);
    assert_eq!(div[0]["delta"], 0.5163);
    // The behaviour summary is exactly what the fused card allowed (cn: voice and visual).
    let bh = &section(&out, "behaviour")["data"];
    assert_eq!(bh["policy"], "cn");
    assert_eq!(bh["voice"]["pauses.ratio"], 0.1);
    assert_eq!(bh["visual"]["gaze.at_camera_ratio"], 0.45);
    assert!(section(&out, "behaviour")["missing"]
        .as_array()
        .unwrap()
        .is_empty());
    let pt = &section(&out, "potential")["data"];
    assert_eq!(pt["probability"], 0.62);
    assert_eq!(pt["label"], "promoted_12m");
    assert_eq!(
        section(&out, "evidence")["data"].as_array().unwrap().len(),
        3
    );
    assert_eq!(
        section(&out, "annotations")["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(section(&out, "job_fit")["data"]["total"].is_number());
    assert_eq!(
        section(&out, "overview")["data"]["fused_overall"],
        fused_card()["fused_overall"]
    );
    // Only `sales_drive` is unscored; nothing is missing but the interviewer-independent parts.
    assert!(missing_codes(&out).is_empty(), "{:?}", out["missing"]);

    let hr = report_value(&hr_request("json", "en")).unwrap();
    assert_eq!(
        section_ids(&hr),
        ["overview", "candidates", "competencies", "funnel"]
    );
    let rows = section(&hr, "candidates")["data"]
        .as_array()
        .unwrap()
        .clone();
    // Sorted by fused overall, else overall, best first.
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["candidate_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c-1", "c-2", "c-3"]);
    // c-1: 4.0652 vs 2 → flagged; c-2: 3 vs... teamwork 4.5 vs 4 → 0.125, not flagged;
    // c-3: 4.5 vs 2 → flagged and 2.5 vs 2.5 → not.
    let flags: Vec<u64> = rows
        .iter()
        .map(|r| r["flagged_divergences"].as_u64().unwrap())
        .collect();
    assert_eq!(flags, [1, 0, 1]);
    assert_eq!(section(&hr, "overview")["data"]["flagged_divergences"], 2);
    let avg = &section(&hr, "competencies")["data"];
    assert_eq!(avg[0]["competency"], "communication");
    assert_eq!(avg[0]["n"], 3);
    assert_eq!(avg[0]["mean_ai"], 3.0);
    assert_eq!(avg[2]["mean_ai"], 3.5);
    // The radar uses each card's shown score (fused, else AI): (4.0652 + 3 + 2) / 3.
    assert_eq!(avg[0]["mean_score"], 3.0217);
    let funnel = &section(&hr, "funnel")["data"];
    assert_eq!(funnel[1]["share_of_first"], 0.375);
}

#[test]
fn candidate_report_hides_scores_unless_allowed() {
    let card = fused_card();
    for format in ["md", "html"] {
        for lang in ["en", "zh"] {
            let out = report_value(&candidate_request(format, lang, card.clone())).unwrap();
            let t = text(&out);
            for forbidden in [
                "4.07",
                "4.0652",
                "3.00",
                "/ 5",
                "pauses",
                "gaze",
                "alice",
                "Clear structure",
                "promoted",
                "hand-over",
            ] {
                assert!(
                    !t.contains(forbidden),
                    "{format} {lang}: {forbidden:?} in\n{t}"
                );
            }
            assert!(!t.contains("class=\"radar-value\""));
        }
    }
    let out = report_value(&candidate_request("json", "en", card.clone())).unwrap();
    assert_eq!(
        section_ids(&out),
        ["summary", "strengths", "gaps", "suggestions"]
    );
    let strengths = &section(&out, "strengths")["data"]["competencies"];
    assert_eq!(strengths[0]["competency"], "communication");
    assert!(strengths[0].get("score").is_none());
    let dump = serde_json::to_string(&out).unwrap();
    assert!(!dump.contains("4.0652") && !dump.contains("behaviour"));

    // Allowed: the scores section, the radar, the numbers.
    let mut req = candidate_request("html", "en", plain_card());
    req["options"] = json!({"show_scores": true});
    let out = report_value(&req).unwrap();
    let t = text(&out);
    assert!(t.contains("4.40 / 5"), "{t}");
    assert_eq!(radar_points(t), Some(5));
    let mut req = candidate_request("json", "en", plain_card());
    req["options"] = json!({"show_scores": true});
    let out = report_value(&req).unwrap();
    assert_eq!(
        section(&out, "strengths")["data"]["competencies"][0]["score"],
        4.4
    );
    assert_eq!(section(&out, "scores")["data"]["overall"], 3.18);
}

#[test]
fn candidate_strengths_gaps_and_suggestions() {
    let out = report_value(&json!({"kind": "candidate", "lang": "en", "scorecard": plain_card()}))
        .unwrap();
    // Five scored: the best ⌈5/2⌉ = 3 at or above the middle of the scale are strengths.
    let names = |id: &str, key: &str| -> Vec<String> {
        section(&out, id)["data"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["competency"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names("strengths", "competencies"),
        ["communication", "teamwork", "learning_agility"]
    );
    // Gaps: the rest below 75% of the range, lowest first.
    assert_eq!(
        names("gaps", "competencies"),
        ["data_analysis", "customer_orientation"]
    );
    let sugg = section(&out, "suggestions")["data"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(sugg[0]["competency"], "data_analysis");
    assert_eq!(sugg[0]["source"], "competency_tip");
    // Feedback wording on the card wins over the catalogue.
    let mut card = plain_card();
    card["competencies"][2]["feedback"] = json!({"en": "Walk through one analysis step by step.",
        "zh": "一步一步讲清楚一次分析过程。"});
    card["feedback"] = json!("Thank you for your answers.");
    let out = report_value(&json!({"kind": "candidate", "format": "json", "lang": "zh",
        "scorecard": card}))
    .unwrap();
    let sugg = section(&out, "suggestions")["data"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(sugg[0]["text"], "Thank you for your answers.");
    assert_eq!(sugg[1]["text"], "一步一步讲清楚一次分析过程。");
    assert_eq!(sugg[1]["source"], "feedback");
    // A competency outside the bank gets the generic suggestion with its display name.
    let card = json!({"schema_version": 1, "kind": "scorecard", "id": "x",
        "competencies": [{"competency": "vendor_x", "ai_score": 1.5}]});
    let out = report_value(
        &json!({"kind": "candidate", "lang": "en", "scorecard": card,
        "options": {"competency_names": {"vendor_x": {"en": "Negotiation", "zh": "谈判"}}}}),
    )
    .unwrap();
    let s = &section(&out, "suggestions")["data"][0];
    assert_eq!(s["source"], "generic");
    assert!(s["text"].as_str().unwrap().contains("Negotiation"));
    // Job gaps from the match result are listed with their text.
    let out = report_value(&candidate_request("json", "zh", plain_card())).unwrap();
    let m = match_result();
    let gaps = m["explanation"]["gaps"].as_array().unwrap();
    let job = section(&out, "gaps")["data"]["job"]
        .as_array()
        .unwrap()
        .clone();
    let expected: Vec<&Value> = gaps
        .iter()
        .filter(|g| g["kind"] != "location")
        .take(5)
        .collect();
    assert_eq!(job.len(), expected.len());
    for (a, b) in job.iter().zip(expected) {
        if b["kind"] == "skill" {
            // Skills in the candidate's words, with the Chinese skill name.
            let names = m["explanation"]["missing"]
                .as_array()
                .unwrap()
                .iter()
                .chain(m["explanation"]["partial"].as_array().unwrap())
                .find(|s| s["id"] == b["item"])
                .unwrap();
            let name = names["name_zh"].as_str().unwrap();
            let t = a["text"].as_str().unwrap();
            assert!(t.ends_with(name) && t.starts_with("岗位"), "{t}");
            assert!(!t.chars().any(|c| c.is_ascii_digit()), "{t}");
        } else {
            assert_eq!(a["text"], b["zh"]);
        }
    }
    // One suggestion covers up to three skills.
    let sugg = section(&out, "suggestions")["data"]
        .as_array()
        .unwrap()
        .clone();
    let skill_lines: Vec<&Value> = sugg.iter().filter(|s| s["source"] == "job_gap").collect();
    assert_eq!(skill_lines.len(), 1);
    assert!(skill_lines[0]["text"]
        .as_str()
        .unwrap()
        .contains("公司银行业务"));
}

#[test]
fn html_is_self_contained_and_escaped() {
    for req in [
        interviewer_request("html", "en"),
        interviewer_request("html", "zh"),
        hr_request("html", "en"),
        candidate_request("html", "zh", fused_card()),
    ] {
        let out = report_value(&req).unwrap();
        let t = text(&out);
        assert!(t.starts_with("<!DOCTYPE html>"));
        assert!(t.trim_end().ends_with("</html>"));
        let lower = t.to_lowercase();
        for bad in ["http", "<script", "src=", "<link", "@import", "url("] {
            assert!(!lower.contains(bad), "{bad:?} in\n{t}");
        }
        assert!(t.contains("<style>") && t.contains("@media print"));
    }
    let t = report_value(&interviewer_request("html", "en")).unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(t.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    assert!(t.contains("bob&lt;b&gt;"));
    // Markdown escapes it too.
    let md = report_value(&interviewer_request("md", "en")).unwrap();
    assert!(text(&md).contains("\\<script\\>"));
    assert!(!text(&md).contains("<script>"));
}

#[test]
fn radar_has_one_vertex_per_competency() {
    // HR: three competencies → a radar with three points.
    let out = report_value(&hr_request("html", "en")).unwrap();
    assert_eq!(radar_points(text(&out)), Some(3));
    // Funnel bars: one per stage.
    let t = text(&out);
    let funnel = &t[t.find("<svg class=\"funnel\"").unwrap()..];
    let funnel = &funnel[..funnel.find("</svg>").unwrap()];
    assert_eq!(funnel.matches("<rect class=\"bar\"").count(), 4);
    // Interviewer, fused card: two scored competencies → bars instead of a radar.
    let out = report_value(&interviewer_request("html", "en")).unwrap();
    let t = text(&out);
    assert_eq!(radar_points(t), None);
    let bars = &t[t.find("<svg class=\"bars\"").unwrap()..];
    let bars = &bars[..bars.find("</svg>").unwrap()];
    assert_eq!(bars.matches("<rect class=\"bar\"").count(), 2);
    // Twelve competencies → twelve points.
    let comps: Vec<Value> = (0..12)
        .map(|i| json!({"competency": format!("c{i:02}"), "ai_score": 1.0 + (i as f64) / 3.0}))
        .collect();
    let card =
        json!({"schema_version": 1, "kind": "scorecard", "id": "big", "competencies": comps});
    let out =
        report_value(&json!({"kind": "interviewer", "format": "html", "scorecard": card})).unwrap();
    assert_eq!(radar_points(text(&out)), Some(12));
}

#[test]
fn missing_sections_are_listed_and_shown() {
    let out = report_value(&json!({"kind": "interviewer", "format": "md", "lang": "en",
        "scorecard": plain_card()}))
    .unwrap();
    let codes = missing_codes(&out);
    for c in [
        "no_interviewer_ratings",
        "no_fused_scores",
        "no_evidence",
        "no_behaviour_summary",
        "no_potential",
        "no_annotations",
        "no_match_result",
    ] {
        assert!(codes.contains(&c.to_string()), "{c} not in {codes:?}");
    }
    let t = text(&out);
    assert!(t.contains("Not available: No potential prediction yet."));
    assert!(t.contains("Not available: No interviewer ratings yet."));
    let html = report_value(
        &json!({"kind": "interviewer", "format": "html", "lang": "zh",
        "scorecard": plain_card()}),
    )
    .unwrap();
    assert!(text(&html)
        .contains("<p class=\"missing\" data-missing=\"no_potential\">暂缺：尚无潜力预测。</p>"));
    // The JSON report says it per section.
    let js = report_value(&json!({"kind": "interviewer", "scorecard": plain_card()})).unwrap();
    assert_eq!(
        section(&js, "potential")["missing"][0]["code"],
        "no_potential"
    );
    // HR without a funnel; a card without any score.
    let (cards, _) = hr_cards();
    let out = report_value(&json!({"kind": "hr", "scorecards": cards})).unwrap();
    assert_eq!(missing_codes(&out), ["no_funnel"]);
    let empty = json!({"schema_version": 1, "kind": "scorecard", "id": "e", "competencies": []});
    let out =
        report_value(&json!({"kind": "candidate", "format": "html", "scorecard": empty})).unwrap();
    assert!(missing_codes(&out).contains(&"no_scored_competencies".to_string()));
    // A card whose divergence was not stored: computed from the ratings (threshold 0.2).
    let card = json!({"schema_version": 1, "kind": "scorecard", "id": "d",
        "competencies": [{"competency": "teamwork", "ai_score": 4.5,
            "interviewer_scores": [{"interviewer_id": "a", "score": 2.0},
                                   {"interviewer_id": "b", "score": 3.0}]}]});
    let out =
        report_value(&json!({"kind": "interviewer", "lang": "en", "scorecard": card})).unwrap();
    let d = &section(&out, "divergence")["data"][0];
    assert_eq!(d["delta"], 0.5);
    assert_eq!(d["flagged"], true);
    assert_eq!(d["computed"], true);
}

#[test]
fn chinese_and_english_differ() {
    let zh = report_value(&interviewer_request("md", "zh")).unwrap();
    let en = report_value(&interviewer_request("md", "en")).unwrap();
    assert!(text(&zh).starts_with("# 面试官评估报告"));
    assert!(text(&en).starts_with("# Interviewer report"));
    assert!(text(&zh).contains("沟通表达") && text(&en).contains("Communication"));
    // Behaviour measures by their label in the report's language, not their key.
    assert!(text(&zh).contains("停顿时长占比") && text(&en).contains("Share of time in pauses"));
    assert!(!text(&zh).contains("pauses.ratio") && !text(&en).contains("pauses.ratio"));
    assert_ne!(text(&zh), text(&en));
    let zh = report_value(&hr_request("html", "zh")).unwrap();
    assert!(text(&zh).contains("<html lang=\"zh-CN\">") && text(&zh).contains("招聘漏斗"));
    let zh = report_value(&candidate_request("json", "zh", plain_card())).unwrap();
    let en = report_value(&candidate_request("json", "en", plain_card())).unwrap();
    assert_ne!(
        section(&zh, "suggestions")["data"],
        section(&en, "suggestions")["data"]
    );
}

#[test]
fn bad_requests_name_the_field() {
    let card = plain_card();
    let (name, expected) = err(report_value(
        &json!({"kind": "candidate", "lang": "fr", "scorecard": card}),
    ));
    assert_eq!(name, "/lang");
    assert!(
        expected.contains("\"zh\"") && expected.contains("\"en\""),
        "{expected}"
    );
    let cases = [
        (json!({"kind": "boss", "scorecard": card}), "/kind"),
        (json!({"scorecard": card}), "/kind"),
        (
            json!({"kind": "hr", "format": "pdf", "scorecards": [card]}),
            "/format",
        ),
        (
            json!({"kind": "candidate", "scorecard": card, "colour": 1}),
            "/colour",
        ),
        (
            json!({"kind": "candidate", "scorecard": card, "options": {"show": true}}),
            "/options/show",
        ),
        (
            json!({"kind": "candidate", "scorecard": card, "options": {"show_scores": "yes"}}),
            "/options/show_scores",
        ),
        (
            json!({"kind": "candidate", "scorecards": [card]}),
            "/scorecards",
        ),
        (json!({"kind": "candidate"}), "/scorecard"),
        (json!({"kind": "hr", "scorecards": []}), "/scorecards"),
        (json!({"kind": "hr", "scorecard": card}), "/scorecard"),
        (
            json!({"kind": "candidate", "scorecard": card, "potential": {"label": "x", "probability": 0.5}}),
            "/potential",
        ),
        (
            json!({"kind": "interviewer", "scorecard": card, "potential": {"label": "x", "probability": 1.5}}),
            "/potential/probability",
        ),
        (
            json!({"kind": "candidate", "scorecard": card, "funnel": []}),
            "/funnel",
        ),
        (
            json!({"kind": "hr", "scorecards": [card], "funnel": [{"stage": "a", "count": -1}]}),
            "/funnel/0/count",
        ),
        (
            json!({"kind": "hr", "scorecards": [card], "funnel": [{"stage": "a", "count": 1, "x": 1}]}),
            "/funnel/0/x",
        ),
        (
            json!({"kind": "interviewer", "scorecard": {"kind": "resume"}}),
            "/scorecard/kind",
        ),
        (
            json!({"kind": "interviewer", "scorecard": {"schema_version": 1, "kind": "scorecard", "id": "x",
            "competencies": [{"competency": "a", "ai_score": 7}]}}),
            "/scorecard/competencies/0/ai_score",
        ),
        (
            json!({"kind": "interviewer", "scorecard": {"schema_version": 1, "kind": "scorecard", "id": "x",
            "competencies": [{"competency": "a"}, {"competency": "a"}]}}),
            "/scorecard/competencies/1/competency",
        ),
        (
            json!({"kind": "hr", "scorecards": [card, {"schema_version": 1, "kind": "scorecard", "id": "y",
            "scale": {"min": 0, "max": 10}}]}),
            "/scorecards/1/scale",
        ),
        (
            json!({"kind": "interviewer", "scorecard": card, "match": {"explanation": {"gaps": [{"item": "x"}]}}}),
            "/match/explanation/gaps/0/kind",
        ),
        (
            json!({"kind": "interviewer", "scorecard": card, "options": {"competency_names": {"a": {"fr": "x"}}}}),
            "/options/competency_names/a/fr",
        ),
        (json!("nope"), "/"),
    ];
    for (req, field) in cases {
        let (name, _) = err(report_value(&req));
        assert_eq!(name, field, "{req}");
    }
}

#[test]
fn reports_are_deterministic() {
    for req in [
        interviewer_request("html", "zh"),
        interviewer_request("json", "en"),
        hr_request("md", "zh"),
        candidate_request("html", "en", fused_card()),
    ] {
        let a = serde_json::to_string(&report_value(&req).unwrap()).unwrap();
        let b = serde_json::to_string(&report_value(&req).unwrap()).unwrap();
        assert_eq!(a, b);
    }
}

#[test]
fn long_quotes_are_cut_with_a_warning() {
    let quote = "长".repeat(600);
    let card = json!({"schema_version": 1, "kind": "scorecard", "id": "q",
        "competencies": [{"competency": "teamwork", "ai_score": 3.0,
            "evidence": [{"quote": quote}]}]});
    let out = report_value(&json!({"kind": "interviewer", "scorecard": card})).unwrap();
    assert_eq!(out["warnings"][0]["code"], "evidence.truncated");
    assert_eq!(
        out["warnings"][0]["path"],
        "/scorecard/competencies/0/evidence/0/quote"
    );
    let q = section(&out, "evidence")["data"][0]["quote"]
        .as_str()
        .unwrap();
    assert_eq!(q.chars().count(), 500);
    assert!(q.ends_with('…'));
}

// ---------------------------------------------------------------------------------------------
// WeCom
// ---------------------------------------------------------------------------------------------

fn invitation(style: &str, lang: &str) -> Value {
    json!({"event": "interview_invitation", "lang": lang, "style": style,
        "touser": "zhangsan|lisi", "agentid": "1000002",
        "data": {"candidate_name": "张三", "job_title": "对公客户经理",
                 "time": "2026-03-02 10:00", "location": "北京分行 3 楼",
                 "link": "https://meet.example.cn/r/abc", "interviewer": "李四",
                 "url": "https://hr.example.cn/iv/1"}})
}

fn content(out: &Value) -> &str {
    out["body"]["markdown"]["content"].as_str().unwrap()
}

#[test]
fn wecom_markdown_and_card() {
    let out = wecom_payload_value(&invitation("markdown", "zh")).unwrap();
    assert_eq!(out["body"]["msgtype"], "markdown");
    assert_eq!(out["body"]["touser"], "zhangsan|lisi");
    assert_eq!(out["body"]["agentid"], "1000002");
    let c = content(&out);
    assert!(c.starts_with("**面试邀请**"));
    assert!(c.contains("> 候选人：张三"));
    assert!(c.contains("[进入面试](https://meet.example.cn/r/abc)"));
    assert!(c.ends_with("[查看详情](https://hr.example.cn/iv/1)"));
    assert!(out["warnings"].as_array().unwrap().is_empty());

    let out = wecom_payload_value(&invitation("template_card", "en")).unwrap();
    let card = &out["body"]["template_card"];
    assert_eq!(out["body"]["msgtype"], "template_card");
    assert_eq!(card["card_type"], "text_notice");
    assert_eq!(card["main_title"]["title"], "Interview invitation");
    assert_eq!(card["main_title"]["desc"], "张三 · 对公客户经理");
    assert_eq!(
        card["card_action"],
        json!({"type": 1, "url": "https://hr.example.cn/iv/1"})
    );
    assert_eq!(card["jump_list"][0]["url"], "https://hr.example.cn/iv/1");
    let list = card["horizontal_content_list"].as_array().unwrap();
    assert!(list.len() <= 6);
    for item in list {
        assert!(
            item["keyname"].as_str().unwrap().chars().count() <= 5,
            "{item}"
        );
        assert!(
            item["value"].as_str().unwrap().chars().count() <= 26,
            "{item}"
        );
    }
    let link = list.iter().find(|i| i["type"] == 1).unwrap();
    assert_eq!(link["url"], "https://meet.example.cn/r/abc");
    // No cuts were needed with the fixed English keynames.
    assert!(
        out["warnings"].as_array().unwrap().is_empty(),
        "{}",
        out["warnings"]
    );

    // Report ready and divergence flagged.
    let out = wecom_payload_value(&json!({"event": "report_ready", "lang": "en", "style": "template_card",
        "data": {"candidate_name": "Li Lei", "job_title": "Data analyst", "overall": 3.8,
                 "scores": [{"name": "Communication", "score": 4.07}, {"name": "Teamwork", "score": 3.5}],
                 "url": "https://hr.example.cn/r/1"}}))
    .unwrap();
    let card = &out["body"]["template_card"];
    assert_eq!(card["emphasis_content"]["title"], "3.80");
    assert_eq!(
        card["sub_title_text"],
        "Scores: Communication 4.07; Teamwork 3.50"
    );
    let out = wecom_payload_value(&json!({"event": "divergence_flagged", "lang": "zh",
        "data": {"candidate_name": "王五", "job_title": "柜员",
                 "flagged": [{"name": "沟通表达", "ai_score": 4.07, "interviewer_mean": 2.0, "delta": 0.52}]}}))
    .unwrap();
    assert!(content(&out)
        .contains("> <font color=\"warning\">沟通表达</font>：AI 4.07 / 面试官 2.00 / 偏差 0.52"));
}

#[test]
fn wecom_markdown_is_cut_to_4096_bytes_on_a_char_boundary() {
    // About 5,000 bytes of Chinese in the note.
    let note = "这是一段很长的备注文字。".repeat(140);
    assert!(note.len() >= 5000);
    let mut req = invitation("markdown", "zh");
    req["data"]["note"] = json!(note);
    let out = wecom_payload_value(&req).unwrap();
    let c = content(&out);
    assert!(c.len() <= 4096, "{}", c.len());
    assert!(c.len() > 4096 - 64);
    // The link to open stays whole, after the cut.
    assert!(c.ends_with("…\n[查看详情](https://hr.example.cn/iv/1)"));
    let w = &out["warnings"][0];
    assert_eq!(w["code"], "truncated");
    assert_eq!(w["path"], "/markdown/content");
    assert_eq!(w["unit"], "bytes");
    assert_eq!(w["limit"], 4096);
    assert_eq!(w["kept"].as_u64().unwrap() as usize, c.len());
    assert!(w["original"].as_u64().unwrap() > 5000);

    // Without a URL the text itself ends with the ellipsis.
    let mut req = invitation("markdown", "zh");
    req["data"]["note"] = json!(note);
    req["data"].as_object_mut().unwrap().remove("url");
    let out = wecom_payload_value(&req).unwrap();
    let c = content(&out);
    assert!(c.len() <= 4096 && c.ends_with('…'));
}

#[test]
fn wecom_exact_byte_limit() {
    let mut req = invitation("markdown", "en");
    req["data"]["note"] = json!("x");
    let base = content(&wecom_payload_value(&req).unwrap()).len();
    // Exactly 4096 bytes: untouched.
    req["data"]["note"] = json!("x".repeat(4096 - base + 1));
    let out = wecom_payload_value(&req).unwrap();
    assert_eq!(content(&out).len(), 4096);
    assert!(out["warnings"].as_array().unwrap().is_empty());
    // One byte more: cut.
    req["data"]["note"] = json!("x".repeat(4096 - base + 2));
    let out = wecom_payload_value(&req).unwrap();
    assert!(content(&out).len() <= 4096);
    assert_eq!(out["warnings"].as_array().unwrap().len(), 1);
    // A custom limit (the application-message API's 2048).
    req["limits"] = json!({"markdown_bytes": 2048});
    let out = wecom_payload_value(&req).unwrap();
    assert!(content(&out).len() <= 2048);
    assert_eq!(out["warnings"][0]["limit"], 2048);
}

#[test]
fn wecom_never_splits_a_link() {
    let link = "https://meet.example.cn/r/abcdefghijklmnopqrstuvwxyz";
    for pad in 0..120 {
        let mut req = invitation("markdown", "zh");
        req["limits"] = json!({"markdown_bytes": 256});
        req["data"]["link"] = json!(link);
        req["data"]["location"] = json!(format!("地{}", "点".repeat(pad)));
        req["data"].as_object_mut().unwrap().remove("url");
        let out = wecom_payload_value(&req).unwrap();
        let c = content(&out);
        assert!(c.len() <= 256);
        if c.contains("[进入面试") {
            assert!(c.contains(&format!("[进入面试]({link})")), "{c}");
        }
        assert_eq!(c.matches('[').count(), c.matches(']').count(), "{c}");
        assert_eq!(
            c.matches("<font").count(),
            c.matches("</font>").count(),
            "{c}"
        );
    }
}

#[test]
fn wecom_card_fields_are_cut_to_their_limits() {
    let mut req = invitation("template_card", "zh");
    req["data"]["job_title"] = json!("对公客户经理（普惠金融与供应链金融方向，北京、上海、深圳）");
    req["data"]["location"] = json!("北京市西城区金融大街某某号某某大厦十二层一二零八会议室");
    let out = wecom_payload_value(&req).unwrap();
    let card = &out["body"]["template_card"];
    let desc = card["main_title"]["desc"].as_str().unwrap();
    assert_eq!(desc.chars().count(), 30);
    assert!(desc.ends_with('…'));
    let paths: Vec<&str> = out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"/template_card/main_title/desc"));
    assert!(paths.contains(&"/template_card/horizontal_content_list/1/value"));
    assert!(paths.contains(&"/template_card/horizontal_content_list/3/value"));
    for item in card["horizontal_content_list"].as_array().unwrap() {
        assert!(item["value"].as_str().unwrap().chars().count() <= 26);
    }
    // User text cannot inject markup into the Markdown message.
    let mut req = invitation("markdown", "en");
    req["data"]["candidate_name"] =
        json!("<font color=\"warning\">x</font> [a](https://evil.example)");
    let c = content(&wecom_payload_value(&req).unwrap()).to_string();
    assert!(!c.contains("<font color=\"warning\">x"));
    assert!(!c.contains("[a](https://evil.example)"));
}

#[test]
fn wecom_bad_requests_name_the_field() {
    let base = invitation("markdown", "zh");
    let with = |k: &str, v: Value| {
        let mut r = base.clone();
        r[k] = v;
        r
    };
    let (name, expected) = err(wecom_payload_value(&with("event", json!("offer_sent"))));
    assert_eq!(name, "/event");
    assert!(
        expected.contains("\"interview_invitation\"")
            && expected.contains("\"divergence_flagged\"")
    );
    let (name, expected) = err(wecom_payload_value(&with("style", json!("news"))));
    assert_eq!(name, "/style");
    assert!(expected.contains("\"template_card\""));
    let (name, _) = err(wecom_payload_value(&with("lang", json!("ja"))));
    assert_eq!(name, "/lang");
    let (name, _) = err(wecom_payload_value(&with("colour", json!(1))));
    assert_eq!(name, "/colour");
    let (name, _) = err(wecom_payload_value(&with("touser", json!(["a"]))));
    assert_eq!(name, "/touser");
    let (name, _) = err(wecom_payload_value(&with("agentid", json!("abc"))));
    assert_eq!(name, "/agentid");
    let (name, _) = err(wecom_payload_value(&with(
        "limits",
        json!({"markdown_bytes": 9000}),
    )));
    assert_eq!(name, "/limits/markdown_bytes");
    let mut r = base.clone();
    r["data"]["colour"] = json!("red");
    assert_eq!(err(wecom_payload_value(&r)).0, "/data/colour");
    let mut r = base.clone();
    r["data"].as_object_mut().unwrap().remove("time");
    assert_eq!(err(wecom_payload_value(&r)).0, "/data/time");
    let mut r = base.clone();
    r["data"]["url"] = json!("javascript:alert(1)");
    assert_eq!(err(wecom_payload_value(&r)).0, "/data/url");
    let mut r = with("style", json!("template_card"));
    r["data"].as_object_mut().unwrap().remove("url");
    assert_eq!(err(wecom_payload_value(&r)).0, "/data/url");
    // Scores belong to report_ready only.
    let mut r = base.clone();
    r["data"]["scores"] = json!([]);
    assert_eq!(err(wecom_payload_value(&r)).0, "/data/scores");
    let r =
        json!({"event": "divergence_flagged", "data": {"candidate_name": "a", "job_title": "b"}});
    assert_eq!(err(wecom_payload_value(&r)).0, "/data/flagged");
    let r = json!({"event": "report_ready", "data": {"candidate_name": "a", "job_title": "b",
        "scores": [{"name": "x", "score": "high"}]}});
    assert_eq!(err(wecom_payload_value(&r)).0, "/data/scores/0/score");
}

#[test]
fn wecom_is_deterministic() {
    for style in ["markdown", "template_card"] {
        let req = invitation(style, "zh");
        assert_eq!(
            serde_json::to_string(&wecom_payload_value(&req).unwrap()).unwrap(),
            serde_json::to_string(&wecom_payload_value(&req).unwrap()).unwrap()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// WeChat subscribe messages
// ---------------------------------------------------------------------------------------------

fn subscribe(fields: Value) -> Result<Value> {
    subscribe_message_value(&json!({"template_id": "tpl-1", "touser": "openid-1",
        "page": "pages/report/index?id=1", "fields": fields}))
}

#[test]
fn subscribe_message_body_and_rules() {
    let out = subscribe(json!({
        "thing1": {"kind": "thing", "value": "对公客户经理面试"},
        "time2": {"kind": "time", "value": "2026年3月2日 10:00"},
        "name3": {"kind": "name", "value": "张三"},
        "phrase4": {"kind": "phrase", "value": "待面试"},
        "number5": {"kind": "number", "value": 3.5},
        "character_string6": {"kind": "character_string", "value": "IV-2026-0001"},
        "date7": {"kind": "date", "value": "2026-03-02T10:00:00+08:00"},
        "phone_number8": {"kind": "phone_number", "value": "+86-010-66886688"},
        "amount9": {"kind": "amount", "value": "¥120.50"}}))
    .unwrap();
    let body = &out["body"];
    assert_eq!(body["touser"], "openid-1");
    assert_eq!(body["template_id"], "tpl-1");
    assert_eq!(body["page"], "pages/report/index?id=1");
    assert_eq!(body["data"]["thing1"], json!({"value": "对公客户经理面试"}));
    assert_eq!(body["data"]["number5"]["value"], "3.5");
    assert_eq!(body["data"]["date7"]["value"], "2026-03-02 10:00");
    assert!(out["warnings"].as_array().unwrap().is_empty());

    // A long thing is cut to 20 characters, with a warning.
    let long = "这是一个超过二十个字符的面试提醒事项说明文字内容";
    let out = subscribe(json!({"thing1": {"kind": "thing", "value": long}})).unwrap();
    let v = out["body"]["data"]["thing1"]["value"].as_str().unwrap();
    assert_eq!(v.chars().count(), 20);
    assert!(v.ends_with('…'));
    assert_eq!(out["warnings"][0]["path"], "/fields/thing1/value");
    assert_eq!(out["warnings"][0]["code"], "truncated");
    // Exactly 20: untouched.
    let twenty: String = long.chars().take(20).collect();
    let out = subscribe(json!({"thing1": {"kind": "thing", "value": twenty}})).unwrap();
    assert_eq!(out["body"]["data"]["thing1"]["value"], json!(twenty));
    assert!(out["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn subscribe_invalid_values_name_the_field() {
    let cases = [
        (
            json!({"number2": {"kind": "number", "value": "12a"}}),
            "/fields/number2/value",
        ),
        (
            json!({"time3": {"kind": "time", "value": "25:00"}}),
            "/fields/time3/value",
        ),
        (
            json!({"time3": {"kind": "time", "value": "明天上午"}}),
            "/fields/time3/value",
        ),
        (
            json!({"date1": {"kind": "date", "value": "2026-02-30"}}),
            "/fields/date1/value",
        ),
        (
            json!({"phrase1": {"kind": "phrase", "value": "审核已经通过了"}}),
            "/fields/phrase1/value",
        ),
        (
            json!({"phrase1": {"kind": "phrase", "value": "OK"}}),
            "/fields/phrase1/value",
        ),
        (
            json!({"name1": {"kind": "name", "value": "欧阳一二三四五六七八九"}}),
            "/fields/name1/value",
        ),
        (
            json!({"letter1": {"kind": "letter", "value": "abc1"}}),
            "/fields/letter1/value",
        ),
        (
            json!({"character_string1": {"kind": "character_string", "value": "编号1"}}),
            "/fields/character_string1/value",
        ),
        (
            json!({"phone_number1": {"kind": "phone_number", "value": "call me"}}),
            "/fields/phone_number1/value",
        ),
        (
            json!({"thing1": {"kind": "thing", "value": "  "}}),
            "/fields/thing1/value",
        ),
        (
            json!({"thing1": {"kind": "time", "value": "10:00"}}),
            "/fields/thing1/kind",
        ),
        (
            json!({"thing1": {"kind": "colour", "value": "x"}}),
            "/fields/thing1/kind",
        ),
        (
            json!({"thing1": {"kind": "thing", "value": "x", "color": "red"}}),
            "/fields/thing1/color",
        ),
        (
            json!({"thing1": {"kind": "thing", "value": true}}),
            "/fields/thing1/value",
        ),
        (
            json!({"Thing": {"kind": "thing", "value": "x"}}),
            "/fields/Thing",
        ),
        (json!({}), "/fields"),
    ];
    for (fields, field) in cases {
        let (name, _) = err(subscribe(fields.clone()));
        assert_eq!(name, field, "{fields}");
    }
    let (name, expected) = err(subscribe(json!({
        "number2": {"kind": "number", "value": "12a"},
        "time3": {"kind": "time", "value": "later"}})));
    assert_eq!(name, "/fields/number2/value");
    assert!(expected.contains("/fields/time3/value"), "{expected}");
    let (name, _) = err(subscribe_message_value(
        &json!({"template_id": "t", "fields": {}}),
    ));
    assert_eq!(name, "/touser");
    let (name, _) = err(subscribe_message_value(
        &json!({"template_id": "t", "touser": "u",
        "fields": {"thing1": {"kind": "thing", "value": "x"}}, "lang": "fr"}),
    ));
    assert_eq!(name, "/lang");
}

/// Writes sample reports for a visual check: `REPORT_SAMPLES=/tmp/x cargo test ... samples`.
#[test]
fn samples() {
    let Ok(dir) = std::env::var("REPORT_SAMPLES") else {
        return;
    };
    let mut cand = candidate_request("html", "zh", plain_card());
    cand["options"] = json!({"show_scores": true});
    for (name, req) in [
        ("interviewer_zh.html", interviewer_request("html", "zh")),
        ("interviewer_en.md", interviewer_request("md", "en")),
        ("hr_zh.html", hr_request("html", "zh")),
        ("candidate_zh.html", cand),
        (
            "candidate_en.md",
            candidate_request("md", "en", fused_card()),
        ),
    ] {
        let out = report_value(&req).unwrap();
        std::fs::write(format!("{dir}/{name}"), text(&out)).unwrap();
    }
}

/// The sample in docs/reports.md.
#[test]
fn docs_sample() {
    let out = report_value(&json!({"kind": "interviewer", "format": "md", "lang": "en",
        "scorecard": {"schema_version": 1, "kind": "scorecard", "id": "sc-1", "candidate_id": "c-1",
          "competencies": [{"competency": "teamwork", "ai_score": 4.5,
            "interviewer_scores": [{"interviewer_id": "alice", "score": 2}]}]}}))
    .unwrap();
    let t = text(&out);
    println!("{t}");
    assert!(
        t.contains("*Not available: No fused scores: the scorecard has not been through fusion.*")
    );
    assert!(
        t.contains("| Teamwork | 4.50 | alice 2.00 | — | — | 0.62 ⚑ flagged |"),
        "{t}"
    );
    assert_eq!(
        missing_codes(&out),
        [
            "no_fused_scores",
            "no_evidence",
            "no_behaviour_summary",
            "no_potential",
            "no_annotations",
            "no_match_result"
        ]
    );
}

/// The Markdown sample in docs/wecom.md.
#[test]
fn wecom_docs_sample() {
    let mut req = invitation("markdown", "zh");
    req["data"]["note"] = json!("请提前 10 分钟到达");
    let out = wecom_payload_value(&req).unwrap();
    assert_eq!(
        content(&out),
        "**面试邀请**\n> 候选人：张三\n> 职位：对公客户经理\n> 时间：<font color=\"info\">2026-03-02 10:00</font>\n> 地点：北京分行 3 楼\n> 面试链接：[进入面试](https://meet.example.cn/r/abc)\n> 面试官：李四\n请提前 10 分钟到达\n[查看详情](https://hr.example.cn/iv/1)"
    );
    let out = wecom_payload_value(&invitation("template_card", "zh")).unwrap();
    let keys: Vec<&str> = out["body"]["template_card"]["horizontal_content_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["keyname"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["候选人", "职位", "时间", "地点", "面试链接", "面试官"]
    );
}

/// Every field of a valid request replaced by values of other types: errors, never panics.
#[test]
fn malformed_fields_never_panic() {
    let junk = [
        json!(null),
        json!(1),
        json!(-1.5),
        json!("x"),
        json!(""),
        json!([]),
        json!([1, "a", null]),
        json!({}),
        json!({"a": 1}),
        json!(true),
        json!(u64::MAX),
    ];
    fn mutate(v: &Value, junk: &[Value], f: &mut dyn FnMut(Value)) {
        // Replace each object member and array element (two levels deep) in turn.
        if let Some(o) = v.as_object() {
            for k in o.keys() {
                for j in junk {
                    let mut c = v.clone();
                    c[k.as_str()] = j.clone();
                    f(c);
                }
                let inner = &o[k];
                mutate(inner, junk, &mut |x| {
                    let mut c = v.clone();
                    c[k.as_str()] = x;
                    f(c)
                });
            }
        } else if let Some(a) = v.as_array() {
            for i in 0..a.len().min(3) {
                for j in junk {
                    let mut c = v.clone();
                    c[i] = j.clone();
                    f(c);
                }
            }
        }
    }
    let mut card = plain_card();
    card["competencies"][0]["interviewer_scores"] = json!([{"interviewer_id": "a", "score": 3}]);
    card["competencies"][0]["evidence"] = json!([{"quote": "q"}]);
    card["competencies"][0]["annotations"] = json!([{"author": "a", "text": "t"}]);
    let requests = [
        json!({"kind": "interviewer", "format": "html", "lang": "en", "scorecard": card,
            "potential": {"label": "p", "probability": 0.5}, "match": match_result(),
            "options": {"title": "t", "competency_names": {"x": {"en": "X", "zh": "叉"}}}}),
        json!({"kind": "candidate", "format": "md", "scorecard": card, "options": {"show_scores": true}}),
        hr_request("html", "zh"),
    ];
    let mut n = 0;
    for req in &requests {
        mutate(req, &junk, &mut |r| {
            n += 1;
            let _ = report_value(&r);
        });
    }
    for req in [
        invitation("markdown", "zh"),
        invitation("template_card", "en"),
    ] {
        mutate(&req, &junk, &mut |r| {
            n += 1;
            let _ = wecom_payload_value(&r);
        });
    }
    let sub = json!({"template_id": "t", "touser": "u", "page": "p",
        "fields": {"thing1": {"kind": "thing", "value": "x"}, "time2": {"kind": "time", "value": "10:00"}}});
    mutate(&sub, &junk, &mut |r| {
        n += 1;
        let _ = subscribe_message_value(&r);
    });
    assert!(n > 1000, "{n}");
}
