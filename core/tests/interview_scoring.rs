//! Interview answer scoring, feedback, scorecards and replay (issue #5, items 4–6), on
//! hand-written answers in `tests/fixtures/interview/answers.json`.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::collections::BTreeMap;

use interviewkit_core::interview::score::{
    answer_score_value, interview_replay_value, interview_score_value, replay, score_answer,
    score_interview, InterviewInput, Norms, ScoreOptions, ScorecardMeta,
};
use interviewkit_core::interview::{Bank, Lang};
use interviewkit_core::schema::types::{Answer, InterviewPlan};
use interviewkit_core::{Error, ErrorCode};
use rand::seq::SliceRandom;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Fixtures and helpers
// ---------------------------------------------------------------------------------------------

fn fixtures() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/interview/answers.json"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["answers"].as_array().unwrap().clone()
}

fn fixture(id: &str) -> Value {
    fixtures()
        .into_iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no fixture {id}"))
}

fn score(question_id: &str, transcript: &str) -> Value {
    answer_score_value(&json!({"question_id": question_id, "transcript": transcript})).unwrap()
}

fn score_fixture(a: &Value) -> Value {
    score(
        a["question_id"].as_str().unwrap(),
        a["transcript"].as_str().unwrap(),
    )
}

fn level(out: &Value, competency: &str) -> u64 {
    out["competencies"][competency]["level"].as_u64().unwrap()
}

fn primary(out: &Value) -> (String, u64) {
    let (k, v) = out["competencies"]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .unwrap();
    (k.clone(), v["level"].as_u64().unwrap())
}

fn f64_at(v: &Value, pointer: &str) -> f64 {
    v.pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("no number at {pointer}"))
}

fn invalid_name(err: &Error) -> String {
    match err {
        Error::InvalidArgument { name, .. } => name.clone(),
        other => panic!("expected InvalidArgument, got {other}"),
    }
}

/// Shuffles the words (English) or characters (Chinese) of a text with a fixed seed.
fn shuffled(text: &str, seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    if text.split_whitespace().count() > 5 {
        let mut words: Vec<&str> = text.split_whitespace().collect();
        words.shuffle(&mut rng);
        words.join(" ")
    } else {
        let mut chars: Vec<char> = text.chars().collect();
        chars.shuffle(&mut rng);
        chars.into_iter().collect()
    }
}

fn has_digit(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c))
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

// ---------------------------------------------------------------------------------------------
// Levels on realistic answers
// ---------------------------------------------------------------------------------------------

#[test]
fn fixture_answers_land_where_an_interviewer_would_put_them() {
    let all = fixtures();
    assert!(all.len() >= 25);
    for a in &all {
        let out = score_fixture(a);
        let (_, lvl) = primary(&out);
        let range = a["expect_primary_level"].as_array().unwrap();
        let (lo, hi) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
        assert!(
            (lo..=hi).contains(&lvl),
            "{}: primary level {lvl}, expected {lo}–{hi}",
            a["id"]
        );
        assert_eq!(out["language"], a["lang"], "{}", a["id"]);
    }
}

#[test]
fn strong_answers_outscore_weak_answers_to_the_same_question() {
    for (strong, weak) in [
        ("comm-001-strong-en", "comm-001-weak-en"),
        ("comm-001-strong-zh", "comm-001-weak-zh"),
        ("data-003-strong-en", "data-003-weak-en"),
        ("stress-001-strong-en", "stress-001-weak-en"),
        ("cust-001-strong-en", "cust-001-weak-en"),
        ("lead-003-strong-en", "lead-003-weak-en"),
        ("data-006-strong-en", "data-006-weak-en"),
        ("integ-003-strong-en", "integ-003-hypothetical-en"),
    ] {
        let s = score_fixture(&fixture(strong));
        let w = score_fixture(&fixture(weak));
        for (c, v) in s["competencies"].as_object().unwrap() {
            let (ss, ws) = (
                v["score"].as_f64().unwrap(),
                w["competencies"][c]["score"].as_f64().unwrap(),
            );
            assert!(ss > ws, "{strong} vs {weak} on {c}: {ss} ≤ {ws}");
        }
        assert!(primary(&s).1 >= primary(&w).1 + 2, "{strong} vs {weak}");
        assert!(
            f64_at(&s, "/features/specificity/score") > f64_at(&w, "/features/specificity/score"),
            "{strong}"
        );
    }
}

#[test]
fn response_shape_and_invariants_hold_for_every_fixture() {
    let bank = Bank::default().unwrap();
    for a in fixtures() {
        let out = score_fixture(&a);
        let id = a["id"].as_str().unwrap();
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "question_id",
                "language",
                "feedback_language",
                "competencies",
                "features",
                "feedback",
                "feedback_items",
                "warnings",
                "engine_version",
                "rubric_version"
            ]
        );
        assert_eq!(out["rubric_version"], bank.version());
        assert_eq!(out["engine_version"], interviewkit_core::ENGINE_VERSION);
        let q = bank.question(a["question_id"].as_str().unwrap()).unwrap();
        let comp_keys: Vec<&String> = out["competencies"].as_object().unwrap().keys().collect();
        assert_eq!(comp_keys, q.competencies.iter().collect::<Vec<_>>(), "{id}");
        let chars: Vec<char> = a["transcript"].as_str().unwrap().chars().collect();
        for (c, v) in out["competencies"].as_object().unwrap() {
            let s = v["score"].as_f64().unwrap();
            let l = v["level"].as_u64().unwrap();
            assert!((1.0..=5.0).contains(&s), "{id} {c}");
            assert_eq!((s * 1e4).round() / 1e4, s, "{id} {c}: 4 decimals");
            assert_eq!(
                l,
                (s + 0.5).floor() as u64,
                "{id} {c}: level is the rounded score"
            );
            let conf = v["confidence"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&conf), "{id} {c}");
            let ev = v["evidence"].as_array().unwrap();
            assert!(ev.len() <= 3, "{id} {c}");
            let mut last_start = 0;
            for e in ev {
                let (st, en) = (
                    e["start"].as_u64().unwrap() as usize,
                    e["end"].as_u64().unwrap() as usize,
                );
                let quote: String = chars[st..en].iter().collect();
                assert_eq!(
                    quote,
                    e["quote"].as_str().unwrap(),
                    "{id} {c}: code-point offsets"
                );
                assert!(!quote.trim().is_empty() && quote.trim() == quote);
                assert!(st >= last_start, "{id} {c}: evidence in text order");
                last_start = en;
                let ind = e["indicator"].as_str().unwrap();
                assert!(ind.contains('.'), "{id}: indicator {ind}");
            }
            for m in v["missing"].as_array().unwrap() {
                assert!(m["code"].is_string() && !m["text"].as_str().unwrap().is_empty());
            }
        }
        let f = &out["features"];
        for p in [
            "/star/score",
            "/structure/score",
            "/specificity/score",
            "/ownership/score",
            "/relevance/score",
            "/rubric/score",
        ] {
            let x = f64_at(f, p);
            assert!((0.0..=1.0).contains(&x), "{id} {p} = {x}");
        }
    }
}

#[test]
fn scoring_is_deterministic() {
    for a in fixtures().iter().take(6) {
        assert_eq!(score_fixture(a), score_fixture(a));
    }
}

// ---------------------------------------------------------------------------------------------
// Metamorphic tests
// ---------------------------------------------------------------------------------------------

#[test]
fn adding_a_quantified_result_raises_the_result_feature_and_keeps_the_level() {
    let cases = [
        (
            "team-001-noresult-en",
            " As a result, he delivered his part four days before the deadline, and our group got 92 out of 100, the highest mark in the class.",
        ),
        (
            "team-001-noresult-zh",
            "最终他提前四天交了自己的部分，我们组拿到了92分，是全班最高分。",
        ),
        (
            "comm-001-adequate-en",
            " In the end she chose a plan with a 2,000 yuan deductible, which cut her premium by 30%.",
        ),
        (
            "stress-001-weak-en",
            " In the end I delivered all three reports by Friday, a day before the deadline.",
        ),
    ];
    for (id, addition) in cases {
        let a = fixture(id);
        let base = score_fixture(&a);
        let more = score(
            a["question_id"].as_str().unwrap(),
            &format!("{}{addition}", a["transcript"].as_str().unwrap()),
        );
        let (r0, r1) = (
            f64_at(&base, "/features/star/result"),
            f64_at(&more, "/features/star/result"),
        );
        assert!(r1 > r0, "{id}: result {r0} → {r1}");
        assert!(
            f64_at(&more, "/features/specificity/quantified_results")
                > f64_at(&base, "/features/specificity/quantified_results"),
            "{id}"
        );
        let (c, l0) = primary(&base);
        assert!(level(&more, &c) >= l0, "{id}: level dropped");
        assert!(
            more["competencies"][&c]["score"].as_f64()
                >= base["competencies"][&c]["score"].as_f64(),
            "{id}: score dropped"
        );
        // The feedback stops asking for a result.
        let asks = |o: &Value| {
            o["feedback_items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["code"] == "star.result")
        };
        assert!(!asks(&more), "{id}");
    }
}

#[test]
fn off_topic_answers_score_low_on_relevance_and_are_capped() {
    for id in ["data-003-offtopic-en", "data-003-offtopic-zh"] {
        let out = score_fixture(&fixture(id));
        assert!(f64_at(&out, "/features/relevance/score") < 0.25, "{id}");
        assert_eq!(out["features"]["relevance"]["off_topic"], true, "{id}");
        for (c, v) in out["competencies"].as_object().unwrap() {
            assert!(v["level"].as_u64().unwrap() <= 2, "{id} {c}");
            assert!(v["missing"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["code"] == "relevance.topic"));
        }
        assert!(out["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "relevance.off_topic"));
        assert_eq!(out["feedback_items"][0]["code"], "relevance.topic", "{id}");
    }
    // The same recipe is just as off-topic for a customer question, and every on-topic
    // fixture is relevant.
    let recipe = fixture("data-003-offtopic-en");
    let out = score("cust-001", recipe["transcript"].as_str().unwrap());
    assert_eq!(out["features"]["relevance"]["off_topic"], true);
    for a in fixtures().iter().filter(|a| a["quality"] != "off_topic") {
        let out = score_fixture(a);
        assert!(
            f64_at(&out, "/features/relevance/score") >= 0.35,
            "{}",
            a["id"]
        );
        assert_eq!(
            out["features"]["relevance"]["off_topic"], false,
            "{}",
            a["id"]
        );
    }
}

#[test]
fn an_answer_given_to_the_wrong_question_is_less_relevant() {
    let sql = fixture("data-006-strong-en");
    let right = score("data-006", sql["transcript"].as_str().unwrap());
    let wrong = score("cust-001", sql["transcript"].as_str().unwrap());
    assert!(
        f64_at(&wrong, "/features/relevance/score") < f64_at(&right, "/features/relevance/score")
    );
    assert!(primary(&wrong).1 < primary(&right).1);
}

#[test]
fn shuffling_the_words_lowers_the_structure_score() {
    let ids = [
        "comm-001-strong-en",
        "data-003-strong-en",
        "stress-001-strong-en",
        "integ-003-strong-en",
        "comm-001-strong-zh",
        "data-003-strong-zh",
        "stress-001-strong-zh",
        "integ-003-strong-zh",
    ];
    for id in ids {
        let a = fixture(id);
        let qid = a["question_id"].as_str().unwrap();
        let base = score_fixture(&a);
        let s0 = f64_at(&base, "/features/structure/score");
        for seed in [1u64, 2, 3] {
            let out = score(qid, &shuffled(a["transcript"].as_str().unwrap(), seed));
            let s1 = f64_at(&out, "/features/structure/score");
            assert!(s1 < s0, "{id} seed {seed}: structure {s0} → {s1}");
            assert!(
                f64_at(&out, "/features/star/score") < f64_at(&base, "/features/star/score"),
                "{id} seed {seed}"
            );
        }
    }
    // A situational plan loses structure too.
    let a = fixture("lead-003-strong-en");
    let base = f64_at(&score_fixture(&a), "/features/structure/score");
    let out = score("lead-003", &shuffled(a["transcript"].as_str().unwrap(), 7));
    assert!(f64_at(&out, "/features/structure/score") < base);
}

#[test]
fn no_sentence_boundaries_lower_the_structure_score() {
    let a = fixture("stress-001-strong-en");
    let text = a["transcript"].as_str().unwrap();
    let run_on: String = text
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ';' | ':'))
        .collect();
    let base = score_fixture(&a);
    let out = score("stress-001", &run_on);
    assert!(
        f64_at(&out, "/features/structure/sentence_shape")
            < f64_at(&base, "/features/structure/sentence_shape")
    );
    assert!(f64_at(&out, "/features/structure/score") < f64_at(&base, "/features/structure/score"));
}

#[test]
fn the_same_answer_in_chinese_and_english_lands_within_one_level() {
    let all = fixtures();
    let mut pairs: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for a in &all {
        if let Some(p) = a["pair"].as_str() {
            pairs.entry(p.to_string()).or_default().push(a);
        }
    }
    let complete: Vec<_> = pairs.values().filter(|v| v.len() == 2).collect();
    assert!(complete.len() >= 5, "at least five zh/en pairs");
    for pair in complete {
        let (x, y) = (score_fixture(pair[0]), score_fixture(pair[1]));
        assert_ne!(x["language"], y["language"]);
        for (c, v) in x["competencies"].as_object().unwrap() {
            let (lx, ly) = (v["level"].as_u64().unwrap() as i64, level(&y, c) as i64);
            assert!(
                (lx - ly).abs() <= 1,
                "{} vs {} on {c}: {lx} vs {ly}",
                pair[0]["id"],
                pair[1]["id"]
            );
        }
    }
}

#[test]
fn hypothetical_language_is_weak_for_behavioural_questions_only() {
    // Behavioural question answered with "I would …": warned, capped, told to give a real case.
    let out = score_fixture(&fixture("integ-003-hypothetical-en"));
    assert!(f64_at(&out, "/features/hypothetical/ratio") > 0.6);
    assert!(out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "hypothetical.behavioral"));
    assert!(primary(&out).1 <= 3);
    let codes: Vec<&str> = out["feedback_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"hypothetical.behavioral") || codes.contains(&"example.concrete"),
        "{codes:?}"
    );
    // A situational plan written the same way is not punished.
    let plan = score_fixture(&fixture("lead-003-strong-en"));
    assert!(f64_at(&plan, "/features/hypothetical/ratio") > 0.6);
    assert!(primary(&plan).1 >= 4);
    assert!(!plan["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "hypothetical.behavioral"));
    for v in plan["competencies"].as_object().unwrap().values() {
        assert!(!v["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["code"] == "hypothetical.behavioral"));
    }
}

#[test]
fn we_only_answers_show_less_ownership_than_i_answers() {
    let i = "Last year our branch lost several small-business clients. I called each of the twelve clients myself, I asked what had gone wrong, and I wrote a one-page summary for my manager. I then proposed a monthly check-in call, and I ran it for six months. As a result, nine of the twelve clients came back.";
    let we = "Last year our branch lost several small-business clients. We called each of the twelve clients, we asked what had gone wrong, and the team wrote a one-page summary for the manager. We then proposed a monthly check-in call, and it was run for six months. As a result, nine of the twelve clients came back.";
    let (a, b) = (score("lead-009", i), score("lead-009", we));
    assert!(
        f64_at(&a, "/features/ownership/score") > f64_at(&b, "/features/ownership/score") + 0.3
    );
    assert!(level(&a, "ownership_leadership") >= level(&b, "ownership_leadership"));
    assert!(b["feedback_items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["code"] == "ownership.first_person"));
    assert!(f64_at(&b, "/features/ownership/passive") >= 1.0);
    let zh_i = "去年我们网点流失了几家小微企业客户。我逐一给这十二家客户打了电话，问清楚问题出在哪里，又给领导写了一页纸的总结。然后我提出每月做一次回访电话，并坚持了六个月。最终十二家里有九家回来了。";
    let zh_we = "去年我们网点流失了几家小微企业客户。我们逐一给这十二家客户打了电话，问清楚问题出在哪里，团队又给领导写了一页纸的总结。然后大家提出每月做一次回访电话，并坚持了六个月。最终十二家里有九家回来了。";
    let (c, d) = (score("lead-009", zh_i), score("lead-009", zh_we));
    assert!(
        f64_at(&c, "/features/ownership/score") > f64_at(&d, "/features/ownership/score") + 0.3
    );
}

// ---------------------------------------------------------------------------------------------
// Specificity details
// ---------------------------------------------------------------------------------------------

#[test]
fn numbers_in_both_scripts_are_found() {
    let zh = score(
        "sales-003",
        "去年我给自己定的目标是三个月内新增两百万存款，比上一季度高百分之二十。我每周拜访十五家商户，最后用了十一周完成，超额完成了12%。",
    );
    assert!(
        f64_at(&zh, "/features/specificity/numbers") >= 5.0,
        "{}",
        zh["features"]["specificity"]
    );
    let sp = &zh["features"]["specificity"];
    assert_eq!(sp["percentages"], 2, "{sp}");
    assert!(sp["durations"].as_u64().unwrap() >= 2, "{sp}");
    // "一个" (a) and "十分" (very) are not numbers.
    let vague = score(
        "sales-003",
        "我觉得这是一个十分重要的目标，一定要完成，一般来说我都会完成的。",
    );
    assert_eq!(f64_at(&vague, "/features/specificity/numbers"), 0.0);
    let en = score(
        "sales-003",
        "Last spring I set myself a target of $50,000 in new deposits within three months, 20% above my quota. I visited fifteen shops every week and hit it in eleven weeks, on 14 June.",
    );
    assert!(
        f64_at(&en, "/features/specificity/numbers") >= 5.0,
        "{}",
        en["features"]["specificity"]
    );
    let sp = &en["features"]["specificity"];
    assert_eq!(sp["amounts"], 1, "{sp}");
    assert_eq!(sp["percentages"], 1, "{sp}");
    assert!(sp["durations"].as_u64().unwrap() >= 2, "{sp}");
    let named = score(
        "learn-004",
        "Last month I learned Tableau and Power BI from the official tutorials, and I rebuilt our weekly KPI report in Tableau for the Shenzhen branch.",
    );
    assert!(
        f64_at(&named, "/features/specificity/named") >= 3.0,
        "{}",
        named["features"]["specificity"]
    );
    let zh_named = score("learn-004", "最近半年我自学了Python的pandas，读完了《利用Python进行数据分析》，用它把“周报”的制作时间从两天缩短到两小时。");
    assert!(
        f64_at(&zh_named, "/features/specificity/named") >= 3.0,
        "{}",
        zh_named["features"]["specificity"]
    );
}

// ---------------------------------------------------------------------------------------------
// Feedback
// ---------------------------------------------------------------------------------------------

#[test]
fn feedback_is_short_safe_and_in_the_right_language() {
    for a in fixtures() {
        let out = score_fixture(&a);
        let id = a["id"].as_str().unwrap();
        let items = out["feedback_items"].as_array().unwrap();
        assert!((1..=3).contains(&items.len()), "{id}");
        let text = out["feedback"].as_str().unwrap();
        assert!(!has_digit(text), "{id}: {text}");
        for word in ["level", "score", "等级", "分数", "得分", "/5"] {
            assert!(!text.to_lowercase().contains(word), "{id}: {text}");
        }
        for i in items {
            assert!(
                text.contains(i["text"].as_str().unwrap()),
                "{id}: items are in the text"
            );
        }
        assert_eq!(has_cjk(text), a["lang"] == "zh", "{id}: {text}");
    }
    // lang overrides the detected language; show_scores adds the levels.
    let a = fixture("comm-001-weak-zh");
    let out = answer_score_value(&json!({"question_id": "comm-001", "transcript": a["transcript"], "lang": "en", "show_scores": true})).unwrap();
    assert_eq!(out["language"], "zh");
    assert_eq!(out["feedback_language"], "en");
    let text = out["feedback"].as_str().unwrap();
    assert!(!has_cjk(text) && has_digit(text), "{text}");
    assert!(text.contains("Communication"));
    for m in out["competencies"]["communication"]["missing"]
        .as_array()
        .unwrap()
    {
        assert!(!has_cjk(m["text"].as_str().unwrap()));
    }
}

#[test]
fn feedback_targets_what_is_missing() {
    let out = score_fixture(&fixture("comm-001-weak-en"));
    let codes: Vec<&str> = out["feedback_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.first(), Some(&"example.concrete"), "{codes:?}");
    let out = score_fixture(&fixture("team-001-noresult-en"));
    let codes: Vec<&str> = out["feedback_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"star.result"), "{codes:?}");
    let out = score(
        "comm-001",
        "I explained it to my grandmother. She understood.",
    );
    assert_eq!(out["feedback_items"][0]["code"], "length.short");
    assert!(out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "length.too_short"));
    for v in out["competencies"].as_object().unwrap().values() {
        assert!(v["level"].as_u64().unwrap() <= 2);
    }
}

#[test]
fn the_message_catalogue_never_judges_or_mentions_personal_characteristics() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/interview/scoring/feedback.json"
    );
    let text = std::fs::read_to_string(path).unwrap().to_lowercase();
    for word in [
        "age",
        "gender",
        "accent",
        "race",
        "religion",
        "pregnan",
        "married",
        "nationality",
        "disab",
        "emotion",
        "nervous",
        "confident",
        "lazy",
        "stupid",
        "personality",
        "年龄",
        "性别",
        "口音",
        "民族",
        "宗教",
        "婚",
        "怀孕",
        "残疾",
        "外貌",
        "情商",
        "紧张",
        "性格",
    ] {
        let hit = text.match_indices(word).any(|(i, _)| {
            // Whole English words only ("age" must not match "message" or "stage").
            let before = text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphabetic());
            let after = text[i + word.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_ascii_alphabetic());
            !word.is_ascii() || (before && (after || word.len() > 5))
        });
        assert!(!hit, "catalogue mentions {word:?}");
    }
    let v: Value = serde_json::from_str(&text).unwrap();
    for section in ["strengths", "tips", "competency_tips"] {
        for (code, m) in v[section].as_object().unwrap() {
            for lang in ["zh", "en"] {
                assert!(
                    !has_digit(m[lang].as_str().unwrap()),
                    "{section}.{code}.{lang}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bad and odd input
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_and_whitespace_transcripts_name_the_field() {
    for t in ["", "   ", "\n\t\u{3000} \r\n"] {
        let err =
            answer_score_value(&json!({"question_id": "comm-001", "transcript": t})).unwrap_err();
        assert_eq!(invalid_name(&err), "transcript");
    }
}

#[test]
fn a_megabyte_answer_fails_fast_with_limit_exceeded() {
    let big = "数据".repeat(512 * 1024);
    assert!(big.len() > 1_000_000);
    let started = std::time::Instant::now();
    let err =
        answer_score_value(&json!({"question_id": "data-003", "transcript": big})).unwrap_err();
    assert_eq!(err.code(), ErrorCode::LimitExceeded);
    match err {
        Error::LimitExceeded {
            what,
            limit,
            actual,
        } => {
            assert!(what.contains("transcript"), "{what}");
            assert_eq!(limit, 20_000);
            assert_eq!(actual, 1024 * 1024);
        }
        other => panic!("{other}"),
    }
    assert!(started.elapsed().as_secs() < 5);
    // max_chars lowers the limit; out-of-range values are refused.
    let err = answer_score_value(&json!({"question_id": "data-003", "transcript": "I analysed the data and found the cause.", "max_chars": 10})).unwrap_err();
    assert_eq!(err.code(), ErrorCode::LimitExceeded);
    let err =
        answer_score_value(&json!({"question_id": "data-003", "transcript": "x", "max_chars": 0}))
            .unwrap_err();
    assert_eq!(invalid_name(&err), "max_chars");
}

#[test]
fn emoji_and_odd_unicode_never_panic() {
    let bank = Bank::default().unwrap();
    let odd = [
        "😀😀🎉👍🏽👨‍👩‍👧",
        "\u{202e}reversed\u{202c} text with zero\u{200b}width and e\u{301}\u{301}\u{301} marks",
        "𠀀𠀁𠀂 ext-B characters and \u{fffd}\u{fffd} replacements 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "ＡＢＣ１２３　全角ｔｅｘｔ，我先确认了对方的理解。",
        "\u{0}\u{1}\u{7f} control characters I decided to call the client",
        "ﷺ ﷽ Ǆ İstanbul ß ﬁ ŉ",
        "I--- decided - - - -- to ...... 。。。！！？？",
        "1. 2. 3) 4、 5.5.5 ,,, 百分之 第一 十分 万一",
    ];
    for t in odd {
        for q in ["comm-001", "data-006", "cust-001"] {
            let out = score(q, t);
            let chars: Vec<char> = t.chars().collect();
            for v in out["competencies"].as_object().unwrap().values() {
                for e in v["evidence"].as_array().unwrap() {
                    let (s, en) = (
                        e["start"].as_u64().unwrap() as usize,
                        e["end"].as_u64().unwrap() as usize,
                    );
                    assert_eq!(
                        chars[s..en].iter().collect::<String>(),
                        e["quote"].as_str().unwrap()
                    );
                }
            }
        }
    }
    let out = score("comm-001", "😀😀🎉");
    assert!(out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "transcript.no_words"));
    for v in out["competencies"].as_object().unwrap().values() {
        assert_eq!(v["level"], 1);
    }
    // Every question of the bank takes a generic answer in both languages.
    for q in bank.questions() {
        for t in [
            "Last year I worked on this at my internship. I analysed the problem, talked to the people involved and fixed it. In the end it worked.",
            "去年实习时我遇到过类似的情况。我先分析了问题，和相关的人沟通后解决了，最后效果不错。",
        ] {
            let s = score_answer(bank, q, t, &ScoreOptions::default()).unwrap();
            assert_eq!(s.competencies.len(), q.competencies.len());
        }
    }
}

#[test]
fn mixed_script_answers_are_scored_in_their_main_language() {
    let out = score_fixture(&fixture("data-001-mixed"));
    assert_eq!(out["language"], "zh");
    assert!(f64_at(&out, "/features/length/latin_words") >= 10.0);
    assert!(has_cjk(out["feedback"].as_str().unwrap()));
    let en_main = score(
        "data-001",
        "I would filter orders to the last 30 days, group by user_id, sum the amount, order by the total descending and take the top 10. 注意退款订单的口径。",
    );
    assert_eq!(en_main["language"], "en");
    let half = score(
        "data-006",
        "The join key 不唯一, so 左表的一行 matches 右表的多行. I would GROUP BY the key 找出重复的键 and then 去重 before joining, 最后加一个行数校验.",
    );
    assert!(half["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "language.mixed"));
}

#[test]
fn request_errors_name_the_field() {
    let cases = [
        (
            json!({"question_id": "nope-999", "transcript": "x"}),
            "question_id",
        ),
        (json!({"transcript": "x"}), "question_id"),
        (json!({"question_id": "comm-001"}), "transcript"),
        (
            json!({"question_id": "comm-001", "transcript": 5}),
            "transcript",
        ),
        (
            json!({"question_id": "comm-001", "transcript": "x", "lang": "fr"}),
            "lang",
        ),
        (
            json!({"question_id": "comm-001", "transcript": "x", "show_scores": "yes"}),
            "show_scores",
        ),
        (
            json!({"question_id": "comm-001", "transcript": "x", "colour": 1}),
            "colour",
        ),
        (
            json!({"question_id": "comm-001", "transcript": "x", "extension": {"questions": [{"id": "BAD"}]}}),
            "extension.questions[0].id",
        ),
    ];
    for (req, name) in cases {
        let err = answer_score_value(&req).unwrap_err();
        assert_eq!(invalid_name(&err), name, "{req}");
    }
    assert_eq!(
        invalid_name(&answer_score_value(&json!([1])).unwrap_err()),
        "request"
    );
}

#[test]
fn extension_questions_and_competencies_can_be_scored() {
    let bank = Bank::default().unwrap();
    let mut c = serde_json::to_value(bank.competency("integrity_compliance").unwrap()).unwrap();
    c["id"] = json!("risk_awareness");
    let t = json!({"zh": "请讲一次你发现并处理风险的经历。", "en": "Tell me about a time you spotted and handled a risk."});
    let q = json!({"id": "risk-001", "type": "behavioral", "competencies": ["risk_awareness", "problem_solving"],
        "role_families": ["general"], "time_limit_seconds": 120, "text": t, "rubric": {"1": t, "3": t, "5": t}});
    let out = answer_score_value(&json!({
        "question_id": "risk-001",
        "transcript": fixture("integ-003-strong-en")["transcript"],
        "extension": {"competencies": [c], "questions": [q]},
    }))
    .unwrap();
    assert!(out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "lexicon.fallback"));
    assert!(level(&out, "risk_awareness") >= 3);
    assert_ne!(out["rubric_version"], bank.version());
}

// ---------------------------------------------------------------------------------------------
// Scorecard
// ---------------------------------------------------------------------------------------------

fn interview_request() -> Value {
    let ids = [
        "comm-001-strong-en",
        "data-003-strong-zh",
        "stress-001-weak-en",
        "cust-001-strong-en",
    ];
    let answers: Vec<Value> = ids
        .iter()
        .map(|id| {
            let a = fixture(id);
            json!({"question_id": a["question_id"], "transcript": a["transcript"], "language": a["lang"]})
        })
        .collect();
    json!({
        "plan": {
            "questions": [
                {"question_id": "comm-001", "time_limit_seconds": 180},
                {"question_id": "data-003"},
                {"question_id": "stress-001"},
                {"question_id": "cust-001"},
                {"question_id": "team-001"}
            ],
            "seed": 42,
            "language": "en",
            "rubric_hash": Bank::default().unwrap().version(),
        },
        "answers": {"answers": answers},
        "norms": {
            "overall": [2.1, 2.8, 3.0, 3.0, 3.4, 3.9, 4.2, 4.6],
            "communication": [2.0, 3.0, 3.5, 4.0, 4.5],
        },
        "candidate_id": "cand-7",
        "interview_id": "iv-19",
        "job_id": "job-3",
    })
}

#[test]
fn a_scorecard_is_a_valid_archive_document() {
    let card = interview_score_value(&interview_request()).unwrap();
    let report = interviewkit_core::validate(&card).unwrap();
    assert!(report.valid, "{:?}", report.issues);
    assert_eq!(card["schema_version"], 1);
    assert_eq!(card["kind"], "scorecard");
    assert!(card["id"].as_str().unwrap().starts_with("scorecard-"));
    assert_eq!(card["candidate_id"], "cand-7");
    let prov = &card["provenance"];
    assert_eq!(prov["engine_version"], interviewkit_core::ENGINE_VERSION);
    assert_eq!(prov["rubric_hash"], Bank::default().unwrap().version());
    assert_eq!(prov["input_hash"].as_str().unwrap().len(), 64);
    assert!(prov.get("computed_at").is_none(), "no wall-clock time");
    let comps = card["competencies"].as_array().unwrap();
    let ids: Vec<&str> = comps
        .iter()
        .map(|c| c["competency"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "communication",
            "customer_orientation",
            "data_analysis",
            "problem_solving",
            "stress_resilience",
            "ownership_leadership",
            "teamwork"
        ]
    );
    // Overall: equal weights over assessed competencies.
    let assessed: Vec<f64> = comps
        .iter()
        .filter_map(|c| c["ai_score"].as_f64())
        .collect();
    let mean = assessed.iter().sum::<f64>() / assessed.len() as f64;
    assert!((card["overall"].as_f64().unwrap() - mean).abs() < 1e-3);
    // Mid-rank percentile.
    let comm = &comps[0];
    let s = comm["ai_score"].as_f64().unwrap();
    let norm = [2.0, 3.0, 3.5, 4.0, 4.5];
    let below = norm.iter().filter(|&&x| x < s).count() as f64;
    let equal = norm.iter().filter(|&&x| x == s).count() as f64;
    assert_eq!(
        comm["percentile"].as_f64().unwrap(),
        ((below + 0.5 * equal) / 5.0 * 100.0 * 1e4).round() / 1e4
    );
    assert!(card["percentile"].is_number());
    assert!(
        comps[2].get("percentile").is_none(),
        "no norms for data_analysis"
    );
    // Evidence carries the question and a span.
    let e = &comm["evidence"][0];
    assert_eq!(e["question_id"], "comm-001");
    let transcript: Vec<char> = fixture("comm-001-strong-en")["transcript"]
        .as_str()
        .unwrap()
        .chars()
        .collect();
    let (st, en) = (
        e["span"]["start"].as_u64().unwrap() as usize,
        e["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        transcript[st..en].iter().collect::<String>(),
        e["quote"].as_str().unwrap()
    );
    // The unanswered question is reported, its competency has no score and no confidence.
    assert_eq!(card["unanswered"], json!(["team-001"]));
    assert_eq!(card["answers_scored"], 4);
    let teamwork = comps
        .iter()
        .find(|c| c["competency"] == "teamwork")
        .unwrap();
    assert!(teamwork.get("ai_score").is_none());
    assert_eq!(teamwork["answers_scored"], 0);
    // Communication is measured by comm-001 (answered) and team-001 (not): lower confidence
    // than with both answered.
    assert_eq!(comm["questions_planned"], 3);
    assert!(card["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "answers.unanswered"));
    assert_eq!(card["questions"].as_array().unwrap().len(), 5);
    assert_eq!(card["questions"][4]["answered"], false);
}

#[test]
fn unanswered_questions_lower_confidence_not_fail() {
    let mut req = interview_request();
    let full = interview_score_value(&req).unwrap();
    req["answers"]["answers"].as_array_mut().unwrap().remove(0); // drop comm-001
    let partial = interview_score_value(&req).unwrap();
    let conf = |c: &Value, id: &str| {
        c["competencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["competency"] == id)
            .unwrap()["confidence"]
            .as_f64()
            .unwrap()
    };
    assert!(conf(&partial, "communication") < conf(&full, "communication"));
    assert!(partial["unanswered"]
        .as_array()
        .unwrap()
        .contains(&json!("comm-001")));
}

#[test]
fn plan_weights_drive_the_overall_score() {
    let mut req = interview_request();
    req["plan"]["competency_weights"] = json!({"data_analysis": 3, "communication": 1});
    let card = interview_score_value(&req).unwrap();
    let get = |id: &str| {
        card["competencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["competency"] == id)
            .unwrap()["ai_score"]
            .as_f64()
            .unwrap()
    };
    let expected = (3.0 * get("data_analysis") + get("communication")) / 4.0;
    assert!((card["overall"].as_f64().unwrap() - expected).abs() < 1e-3);
    req["plan"]["competency_weights"] = json!({"teamwork": 1});
    let card = interview_score_value(&req).unwrap();
    assert!(card.get("overall").is_none());
    assert!(card["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "overall.no_weight"));
}

#[test]
fn scorecard_errors_name_the_field() {
    let base = interview_request();
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut r = base.clone();
    r["plan"]["questions"][1]["question_id"] = json!("nope-404");
    cases.push((r, "plan.questions[1].question_id"));
    let mut r = base.clone();
    r["plan"]["questions"][2]["question_id"] = json!("comm-001");
    cases.push((r, "plan.questions[2].question_id"));
    let mut r = base.clone();
    r["answers"]["answers"][0]["question_id"] = json!("tech-004");
    cases.push((r, "answers[0].question_id"));
    let mut r = base.clone();
    r["answers"]["answers"][1]["question_id"] = json!("comm-001");
    cases.push((r, "answers[1].question_id"));
    let mut r = base.clone();
    r["answers"]["answers"][2]["transcript"] = json!("  ");
    cases.push((r, "answers[2].transcript"));
    let mut r = base.clone();
    r["answers"]["answers"][2]
        .as_object_mut()
        .unwrap()
        .remove("transcript");
    cases.push((r, "answers[2].transcript"));
    let mut r = base.clone();
    r["plan"]["competency_weights"] = json!({"nope": 1});
    cases.push((r, "plan.competency_weights.nope"));
    let mut r = base.clone();
    r["plan"]["competency_weights"] = json!({"teamwork": -1});
    cases.push((r, "plan.competency_weights.teamwork"));
    let mut r = base.clone();
    r["norms"]["overall"][1] = json!(7);
    cases.push((r, "norms.overall[1]"));
    let mut r = base.clone();
    r["norms"]["charisma"] = json!([3]);
    cases.push((r, "norms.charisma"));
    let mut r = base.clone();
    r["plan"]["questions"] = json!([]);
    cases.push((r, "plan.questions"));
    let mut r = base.clone();
    r["when"] = json!("now");
    cases.push((r, "when"));
    for (req, name) in cases {
        let err = interview_score_value(&req).unwrap_err();
        assert_eq!(invalid_name(&err), name);
    }
    let mut r = base;
    r["answers"]["answers"][0]["transcript"] = json!("a".repeat(30_000));
    let err = interview_score_value(&r).unwrap_err();
    assert!(
        matches!(&err, Error::LimitExceeded { what, .. } if what.starts_with("answers[0].transcript")),
        "{err}"
    );
}

#[test]
fn answers_may_be_a_bare_array_with_the_same_hash() {
    let req = interview_request();
    let mut bare = req.clone();
    bare["answers"] = req["answers"]["answers"].clone();
    let (a, b) = (
        interview_score_value(&req).unwrap(),
        interview_score_value(&bare).unwrap(),
    );
    assert_eq!(a, b);
    // Norms in another order hash the same.
    let mut shuffled_norms = req.clone();
    shuffled_norms["norms"]["overall"] = json!([4.6, 2.1, 3.0, 4.2, 2.8, 3.4, 3.0, 3.9]);
    assert_eq!(interview_score_value(&shuffled_norms).unwrap(), a);
}

// ---------------------------------------------------------------------------------------------
// Replay
// ---------------------------------------------------------------------------------------------

fn replay_request(card: &Value, req: &Value) -> Value {
    json!({"scorecard": card, "plan": req["plan"], "answers": req["answers"], "norms": req["norms"]})
}

#[test]
fn replay_reproduces_bit_for_bit() {
    let req = interview_request();
    let card = interview_score_value(&req).unwrap();
    // Through JSON text and back, as a host would store it.
    let stored: Value = serde_json::from_str(&serde_json::to_string(&card).unwrap()).unwrap();
    let out = interview_replay_value(&replay_request(&stored, &req)).unwrap();
    assert_eq!(
        out,
        json!({"reproduced": true, "input_hash_matches": true, "engine_version_matches": true,
               "rubric_hash_matches": true, "model_hash_matches": true, "differences": []})
    );
}

#[test]
fn replay_detects_altered_answers_and_tampered_cards() {
    let req = interview_request();
    let card = interview_score_value(&req).unwrap();
    let mut altered = req.clone();
    altered["answers"]["answers"][2]["transcript"] =
        json!("In my final year I had three deadlines in one week. I listed them, called my manager to move one shift, and in the end I delivered everything on time.");
    let out = interview_replay_value(&replay_request(&card, &altered)).unwrap();
    assert_eq!(out["reproduced"], false);
    assert_eq!(out["input_hash_matches"], false);
    assert_eq!(out["engine_version_matches"], true);
    let diffs: Vec<&str> = out["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(diffs.contains(&"/provenance/input_hash"));
    assert!(diffs.iter().any(|d| d.starts_with("/competencies/")));
    let mut sorted = diffs.clone();
    sorted.sort();
    assert_eq!(diffs, sorted);

    let mut tampered = card.clone();
    tampered["competencies"][0]["ai_score"] = json!(5);
    let out = interview_replay_value(&replay_request(&tampered, &req)).unwrap();
    assert_eq!(out["reproduced"], false);
    assert_eq!(out["input_hash_matches"], true);
    assert_eq!(out["differences"], json!(["/competencies/0/ai_score"]));

    // Other norms: percentiles and the input hash differ.
    let mut other = replay_request(&card, &req);
    other["norms"] = json!({"overall": [1.0, 5.0]});
    let out = interview_replay_value(&other).unwrap();
    assert_eq!(out["reproduced"], false);
    assert_eq!(out["input_hash_matches"], false);

    // A different bank (an extension) changes the rubric hash.
    let t = json!({"zh": "请讲讲你自己。", "en": "Tell me about yourself."});
    let ext = json!({"questions": [{"id": "x-1", "type": "behavioral", "competencies": ["teamwork"], "role_families": ["general"], "time_limit_seconds": 60, "text": t, "rubric": {"1": t, "3": t, "5": t}}]});
    let mut other = replay_request(&card, &req);
    other["extension"] = ext;
    let out = interview_replay_value(&other).unwrap();
    assert_eq!(out["rubric_hash_matches"], false);
    assert_eq!(out["reproduced"], false);

    let err = interview_replay_value(&json!({"scorecard": {"kind": "candidate"}, "plan": req["plan"], "answers": req["answers"]})).unwrap_err();
    assert_eq!(invalid_name(&err), "scorecard.kind");
}

#[test]
fn plain_rust_api_matches_json() {
    let bank = Bank::default().unwrap();
    let req = interview_request();
    let plan: InterviewPlan = serde_json::from_value(req["plan"].clone()).unwrap();
    let answers: Vec<Answer> = serde_json::from_value(req["answers"]["answers"].clone()).unwrap();
    let norms = Norms::from_value(bank, &req["norms"]).unwrap();
    let meta = ScorecardMeta {
        id: None,
        candidate_id: Some("cand-7".into()),
        interview_id: Some("iv-19".into()),
        job_id: Some("job-3".into()),
    };
    let input = InterviewInput {
        plan: &plan,
        answers: &answers,
        norms: Some(&norms),
        meta: &meta,
        max_chars: 20_000,
    };
    let card = score_interview(bank, &input).unwrap();
    let value = serde_json::to_value(&card).unwrap();
    assert_eq!(value, interview_score_value(&req).unwrap());
    let report = replay(bank, &value, &plan, &answers, Some(&norms)).unwrap();
    assert!(report.reproduced && report.differences.is_empty());

    let q = bank.question("comm-001").unwrap();
    let opts = ScoreOptions {
        lang: Some(Lang::Zh),
        ..ScoreOptions::default()
    };
    let s = score_answer(
        bank,
        q,
        fixture("comm-001-strong-en")["transcript"]
            .as_str()
            .unwrap(),
        &opts,
    )
    .unwrap();
    assert_eq!(s.language, Lang::En);
    assert_eq!(s.feedback_language, Lang::Zh);
    assert!(has_cjk(&s.feedback));
}

// ---------------------------------------------------------------------------------------------
// Speed (run with: cargo test --release -p interviewkit-core --test interview_scoring -- --ignored --nocapture)
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore]
fn speed_of_one_answer() {
    let bank = Bank::default().unwrap();
    for id in ["comm-001-strong-en", "data-003-strong-zh"] {
        let a = fixture(id);
        let q = bank.question(a["question_id"].as_str().unwrap()).unwrap();
        let mut t = a["transcript"].as_str().unwrap().to_string();
        while t.len() < 1024 {
            t.push(' ');
            t.push_str(a["transcript"].as_str().unwrap());
        }
        let t: String = t
            .chars()
            .take(if has_cjk(&t) { 340 } else { 1024 })
            .collect();
        let opts = ScoreOptions::default();
        score_answer(bank, q, &t, &opts).unwrap(); // warm up (builds the automaton)
        let mut times = Vec::new();
        for _ in 0..2000 {
            let start = std::time::Instant::now();
            std::hint::black_box(score_answer(bank, q, std::hint::black_box(&t), &opts).unwrap());
            times.push(start.elapsed().as_nanos());
        }
        times.sort_unstable();
        println!(
            "{id}: {} bytes, median {} µs, p99 {} µs",
            t.len(),
            times[times.len() / 2] / 1000,
            times[times.len() * 99 / 100] / 1000
        );
    }
}
