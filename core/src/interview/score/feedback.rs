//! Instant feedback for the candidate: one to three actionable, encouraging items in the
//! feedback language, chosen from what the primary competency is missing.
//!
//! Owns: choosing and wording feedback. Must not touch: levels. The texts come from the
//! message catalogue, hold no digits and never judge the person; levels appear only when the
//! caller asks for them (`show_scores`).

use super::features::Analysis;
use super::lexicon::{Lexicon, Messages};
use super::{CompetencyResult, Item};
use crate::interview::bank::{Bank, Lang, Question, QuestionType};

/// Feedback priority: the first codes found in the primary competency's `missing` win.
const PRIORITY: [&str; 15] = [
    "relevance.topic",
    "length.short",
    "example.concrete",
    "hypothetical.behavioral",
    "ownership.first_person",
    "star.result",
    "specificity.number",
    "structure.plan",
    "structure.order",
    "structure.outcome",
    "lexicon",
    "star.situation",
    "specificity.named",
    "length.long",
    "star.reflection",
];

/// The feedback text and its items.
pub(crate) fn feedback(
    lex: &Lexicon,
    bank: &Bank,
    question: &Question,
    a: &Analysis,
    results: &[CompetencyResult],
    lang: Lang,
    show_scores: bool,
) -> (String, Vec<Item>) {
    let msg = &lex.messages;
    let f = &a.features;
    let behavioral = question.question_type == QuestionType::Behavioral;
    let primary = results.first();
    let primary_id = primary.map(|r| r.competency.as_str()).unwrap_or("");
    let missing: Vec<&str> = primary
        .map(|r| r.missing.iter().map(|m| m.code.as_str()).collect())
        .unwrap_or_default();
    let mut items: Vec<Item> = Vec::new();
    for code in PRIORITY {
        if items.len() >= 3 {
            break;
        }
        // Off-topic and very short answers get only the fundamentals.
        if (f.relevance.off_topic || f.length.too_short)
            && !matches!(
                code,
                "relevance.topic" | "length.short" | "example.concrete"
            )
        {
            continue;
        }
        let present = if code == "lexicon" {
            missing.iter().any(|m| m.starts_with("lexicon."))
        } else if code == "star.reflection" {
            behavioral && f.star.reflection == 0.0 && items.is_empty()
        } else {
            missing.contains(&code)
        };
        if !present {
            continue;
        }
        let (item_code, text) = if code == "lexicon" {
            let key = if msg.competency_tips.contains_key(primary_id) {
                primary_id
            } else {
                "*"
            };
            (
                format!("lexicon.{primary_id}"),
                Messages::text(&msg.competency_tips, key, lang),
            )
        } else {
            // Plans (situational, scenario, technical) get wording about what one would do.
            let plan_key = format!("{code}.plan");
            let key = if !behavioral && msg.tips.contains_key(&plan_key) {
                plan_key.as_str()
            } else {
                code
            };
            (code.to_string(), Messages::text(&msg.tips, key, lang))
        };
        items.push(Item {
            code: item_code,
            text: text.to_string(),
        });
    }
    if items.is_empty() {
        items.push(Item {
            code: "keep.going".into(),
            text: Messages::text(&msg.tips, "keep.going", lang).to_string(),
        });
    }

    let strength = if f.relevance.off_topic || f.length.too_short {
        None
    } else if behavioral && f.star.score >= 0.7 {
        Some("structure.star")
    } else if !behavioral && f.plan.score >= 0.6 {
        Some("structure.plan")
    } else if f.star.result >= 0.85 {
        Some("star.result")
    } else if f.specificity.numbers >= 2 {
        Some("specificity.number")
    } else if f.ownership.score >= 0.6 {
        Some("ownership.first_person")
    } else if f.relevance.score >= 0.7 {
        Some("relevance.topic")
    } else {
        None
    };

    let frame = |k: &str| Messages::text(&msg.frame, k, lang);
    let mut text = String::from(frame("thanks"));
    let space = if lang == Lang::En { " " } else { "" };
    if let Some(s) = strength {
        text.push_str(space);
        text.push_str(Messages::text(&msg.strengths, s, lang));
    }
    let only_keep = items.len() == 1 && items.first().is_some_and(|i| i.code == "keep.going");
    text.push_str(space);
    if !only_keep {
        text.push_str(frame(if items.len() == 1 {
            "improve_one"
        } else {
            "improve"
        }));
        text.push_str(space);
    }
    let joined: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    text.push_str(&joined.join(frame("separator")));
    text.push_str(frame("end"));
    if show_scores {
        text.push_str(space);
        text.push_str(frame("estimate"));
        text.push_str(space);
        let parts: Vec<String> = results
            .iter()
            .map(|r| {
                let name = bank
                    .competency(&r.competency)
                    .map(|c| c.name.get(lang).to_string())
                    .unwrap_or_else(|| r.competency.clone());
                format!("{name} {}", r.level)
            })
            .collect();
        text.push_str(&parts.join(frame("separator")));
        text.push_str(frame("end"));
    }
    (text, items)
}
