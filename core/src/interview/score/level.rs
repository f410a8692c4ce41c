//! From features to per-competency levels: documented weights, caps, confidence, evidence quotes
//! and what is missing.
//!
//! Owns: the scoring formula. Must not touch: feature measurement or feedback wording.

use std::collections::BTreeSet;

use super::features::{clamp01, round4, Analysis, Features, Tense};
use super::lexicon::{Cue, Lexicon, Messages};
use super::text::{self, Segment};
use super::{CompetencyResult, EvidenceItem, Item};
use crate::interview::bank::{Bank, Lang, Question, QuestionType};

/// Weights of the six inputs of a competency's quality `q` (they sum to 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Weights {
    pub lexicon: f64,
    pub rubric: f64,
    pub structure: f64,
    pub specificity: f64,
    pub ownership: f64,
    pub relevance: f64,
}

const fn w(
    lexicon: f64,
    rubric: f64,
    structure: f64,
    specificity: f64,
    ownership: f64,
    relevance: f64,
) -> Weights {
    Weights {
        lexicon,
        rubric,
        structure,
        specificity,
        ownership,
        relevance,
    }
}

/// Primary-competency weights by competency (documented in docs/interview-scoring.md).
pub(crate) const WEIGHTS: [(&str, Weights); 12] = [
    ("communication", w(0.25, 0.15, 0.25, 0.10, 0.15, 0.10)),
    ("logical_thinking", w(0.25, 0.15, 0.25, 0.15, 0.05, 0.15)),
    ("teamwork", w(0.30, 0.15, 0.15, 0.10, 0.20, 0.10)),
    (
        "customer_orientation",
        w(0.30, 0.15, 0.15, 0.10, 0.20, 0.10),
    ),
    ("stress_resilience", w(0.25, 0.15, 0.20, 0.15, 0.15, 0.10)),
    ("learning_agility", w(0.25, 0.15, 0.20, 0.15, 0.15, 0.10)),
    (
        "integrity_compliance",
        w(0.30, 0.15, 0.15, 0.10, 0.20, 0.10),
    ),
    (
        "ownership_leadership",
        w(0.20, 0.15, 0.15, 0.15, 0.25, 0.10),
    ),
    ("problem_solving", w(0.25, 0.15, 0.20, 0.20, 0.10, 0.10)),
    ("sales_drive", w(0.25, 0.15, 0.15, 0.20, 0.15, 0.10)),
    ("data_analysis", w(0.30, 0.15, 0.15, 0.20, 0.10, 0.10)),
    ("technical_depth", w(0.35, 0.15, 0.15, 0.15, 0.05, 0.15)),
];

/// Weights for a competency without an entry above.
pub(crate) const DEFAULT_WEIGHTS: Weights = w(0.25, 0.15, 0.20, 0.15, 0.15, 0.10);

/// `q` at or below this maps to 1.0, at or above [`Q_HIGH`] to 5.0, linearly between.
pub(crate) const Q_LOW: f64 = 0.12;
/// See [`Q_LOW`].
pub(crate) const Q_HIGH: f64 = 0.78;

/// The weights for `competency` in a question of `qtype`, as primary or secondary.
pub(crate) fn weights(competency: &str, qtype: QuestionType, primary: bool) -> Weights {
    let mut x = WEIGHTS
        .iter()
        .find(|(id, _)| *id == competency)
        .map_or(DEFAULT_WEIGHTS, |(_, w)| *w);
    if qtype == QuestionType::Technical {
        // Knowledge questions are not about what "I" did: half the ownership weight moves to cues.
        let moved = x.ownership / 2.0;
        x.ownership -= moved;
        x.lexicon += moved;
    }
    if !primary {
        // The rubric anchors describe the primary competency: a secondary one rests on its own cues.
        let moved = x.rubric * 2.0 / 3.0;
        x.rubric -= moved;
        x.lexicon += moved;
    }
    x
}

/// Score caps, in score units (levels are the rounded score).
pub(crate) const CAP_OFF_TOPIC: f64 = 2.0;
/// See [`CAP_OFF_TOPIC`].
pub(crate) const CAP_TOO_SHORT: f64 = 2.0;
/// A behavioural answer without any concrete past example.
pub(crate) const CAP_NO_EXAMPLE: f64 = 2.4;
/// A behavioural answer that is mostly hypothetical (ratio above 0.6).
pub(crate) const CAP_HYPOTHETICAL: f64 = 3.0;

/// Highest score that level 3 allows (3.49… rounds to 3).
const BELOW_4: f64 = 3.49;
/// Highest score that level 2 allows.
const BELOW_3: f64 = 2.49;
/// Highest score that level 4 allows.
const BELOW_5: f64 = 4.49;

/// Evidence sufficiency: a level needs enough said to support it. Fewer than 40
/// word-equivalents cannot reach level 4, fewer than 70 cannot reach 5. A behavioural answer
/// without any outcome or reflection stays at 3 at most (at 2 when its actions are thin too), and
/// reaches 4 only with a clear result and some concrete detail. Other question types reach 4
/// only with a structure score of at least 0.5.
pub(crate) fn evidence_cap(f: &Features, qtype: QuestionType) -> f64 {
    let mut cap: f64 = 5.0;
    if f.length.units < 40.0 {
        cap = cap.min(BELOW_4);
    } else if f.length.units < 70.0 {
        cap = cap.min(BELOW_5);
    }
    if qtype == QuestionType::Behavioral {
        if f.star.result < 0.3 && f.star.reflection == 0.0 {
            cap = cap.min(if f.star.action < 0.5 {
                BELOW_3
            } else {
                BELOW_4
            });
        }
        if f.star.result < 0.6 || f.specificity.score < 0.3 {
            cap = cap.min(BELOW_4);
        }
    } else if f.structure.score < 0.5 {
        cap = cap.min(BELOW_4);
    }
    cap
}

/// Whether a behavioural answer holds a concrete past example.
pub(crate) fn has_example(f: &Features, a: &Analysis) -> bool {
    let past = a
        .first_person
        .iter()
        .filter(|x| x.tense == Tense::Past)
        .count();
    f.star.situation > 0.0 || past >= 2 || (f.star.task > 0.0 && past >= 1)
}

/// Assesses every competency of `question`.
pub(crate) fn assess(
    lex: &Lexicon,
    bank: &Bank,
    question: &Question,
    a: &Analysis,
    lang: Lang,
) -> Vec<CompetencyResult> {
    let f = &a.features;
    let qtype = question.question_type;
    let behavioral = qtype == QuestionType::Behavioral;
    let no_words = f.length.units <= 0.0;
    let example = has_example(f, a);
    let mut out = Vec::new();
    for (ci, cid) in question.competencies.iter().enumerate() {
        let primary = ci == 0;
        let wt = weights(cid, qtype, primary);
        let lexf = f.lexicon.get(ci);
        let lex_score = lexf.map_or(0.0, |l| l.score);
        let q = wt.lexicon * lex_score
            + wt.rubric * f.rubric.score
            + wt.structure * f.structure.score
            + wt.specificity * f.specificity.score
            + wt.ownership * f.ownership.score
            + wt.relevance * f.relevance.score;
        let mut score = 1.0 + 4.0 * clamp01((q - Q_LOW) / (Q_HIGH - Q_LOW));
        if behavioral && f.hypothetical.ratio > 0.4 {
            score -= (f.hypothetical.ratio - 0.4) / 0.6;
        }
        if f.length.too_long {
            score -= 0.3;
        }
        if f.relevance.off_topic {
            score = score.min(CAP_OFF_TOPIC);
        }
        if f.length.too_short {
            score = score.min(CAP_TOO_SHORT);
        }
        if behavioral && !example {
            score = score.min(CAP_NO_EXAMPLE);
        }
        if behavioral && f.hypothetical.ratio > 0.6 {
            score = score.min(CAP_HYPOTHETICAL);
        }
        score = score.min(evidence_cap(f, qtype));
        if no_words {
            score = 1.0;
        }
        let score = round4(score.clamp(1.0, 5.0));
        let level = level_of(score);

        let evidence = evidence(a, ci, primary, qtype);
        let agreement = {
            let xs = [
                lex_score,
                f.structure.score,
                f.specificity.score,
                f.ownership.score,
                f.rubric.score,
            ];
            let m = xs.iter().sum::<f64>() / xs.len() as f64;
            let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / xs.len() as f64;
            clamp01(1.0 - 2.0 * var.sqrt())
        };
        let mut conf = 0.15
            + 0.85
                * (0.3 * f.length.adequacy
                    + 0.25 * f.relevance.score
                    + 0.2 * agreement
                    + 0.25 * clamp01(evidence.len() as f64 / 3.0));
        if !primary {
            conf *= 0.85;
        }
        if f.length.too_short {
            conf *= 0.5;
        }
        if no_words {
            conf = 0.05;
        }
        let missing = missing(lex, bank, question, a, ci, level, example, lang);
        out.push(CompetencyResult {
            competency: cid.clone(),
            primary,
            level,
            score,
            confidence: round4(clamp01(conf)),
            evidence,
            missing,
        });
    }
    out
}

/// The level of a score: rounded half up, 1–5.
pub(crate) fn level_of(score: f64) -> u8 {
    let l = (score + 0.5).floor();
    if l <= 1.0 {
        1
    } else if l >= 5.0 {
        5
    } else {
        l as u8
    }
}

/// Evidence: at most three clauses that triggered cues, each with the indicator code, in text
/// order. The primary competency prefers its own cues, then results, numbers and actions; a
/// secondary one its own cues, results and actions.
fn evidence(a: &Analysis, ci: usize, primary: bool, qtype: QuestionType) -> Vec<EvidenceItem> {
    let clauses = &a.clauses;
    let competency_cue = a
        .competency_index
        .get(ci)
        .copied()
        .flatten()
        .map(|i| Cue::Competency(i as u16));
    let cid = a
        .features
        .lexicon
        .get(ci)
        .map(|l| l.competency.clone())
        .unwrap_or_default();
    // Clause weight: how many signals it holds.
    let mut weight = vec![0usize; clauses.len()];
    let mut bump = |pos: usize| {
        if let Some(i) = text::segment_of(clauses, pos) {
            if let Some(w) = weight.get_mut(i) {
                *w += 1;
            }
        }
    };
    for h in &a.hits {
        bump(h.start);
    }
    for n in &a.numbers {
        bump(n.start);
    }
    for p in &a.first_person {
        bump(p.start);
    }
    let clause_of = |pos: usize| text::segment_of(clauses, pos);
    let from_cue = |cue: Cue| -> Vec<usize> {
        a.hits
            .iter()
            .filter(|h| h.cue == cue)
            .filter_map(|h| clause_of(h.start))
            .collect()
    };
    let lexicon_code = format!("lexicon.{cid}");
    let mut candidates: Vec<(String, Vec<usize>)> = Vec::new();
    let lexicon_clauses = competency_cue.map(from_cue).unwrap_or_default();
    let mut results = from_cue(Cue::Result);
    results.extend(from_cue(Cue::Outcome));
    let numbers: Vec<usize> = a
        .numbers
        .iter()
        .filter_map(|n| clause_of(n.start))
        .collect();
    // Result clauses with a number first.
    results.sort_by_key(|c| usize::from(!numbers.contains(c)));
    let mut actions = from_cue(Cue::Action);
    actions.extend(a.first_person.iter().filter_map(|p| clause_of(p.start)));
    let plans = from_cue(Cue::Plan);
    if primary {
        candidates.push((lexicon_code, lexicon_clauses));
        candidates.push(("star.result".into(), results));
        candidates.push(("specificity.number".into(), numbers));
        if qtype == QuestionType::Behavioral {
            candidates.push(("star.action".into(), actions));
            candidates.push(("star.situation".into(), from_cue(Cue::Situation)));
        } else {
            candidates.push(("plan.step".into(), plans));
            candidates.push(("star.action".into(), actions));
        }
    } else {
        candidates.push((lexicon_code, lexicon_clauses));
        candidates.push(("star.result".into(), results));
        candidates.push(("star.action".into(), actions));
    }
    // Within an indicator: heavier clauses first, then earlier.
    for (_, list) in candidates.iter_mut() {
        let mut seen = BTreeSet::new();
        list.retain(|c| seen.insert(*c));
        list.sort_by_key(|c| (std::cmp::Reverse(weight.get(*c).copied().unwrap_or(0)), *c));
    }
    let mut chosen: Vec<(usize, String)> = Vec::new();
    // First pass: one clause per indicator, in priority order; second pass: fill up to three.
    for pass in 0..2 {
        for (code, list) in &candidates {
            if chosen.len() >= 3 {
                break;
            }
            if pass == 0 && chosen.iter().any(|(_, c)| c == code) {
                continue;
            }
            let take = if pass == 0 { 1 } else { 3 };
            let fresh: Vec<usize> = list
                .iter()
                .filter(|c| !chosen.iter().any(|(x, _)| x == *c))
                .take(take)
                .copied()
                .collect();
            for clause in fresh {
                if chosen.len() < 3 {
                    chosen.push((clause, code.clone()));
                }
            }
        }
    }
    chosen.sort_by_key(|(c, _)| *c);
    chosen
        .into_iter()
        .filter_map(|(c, code)| {
            let seg: &Segment = clauses.get(c)?;
            Some(EvidenceItem {
                quote: a.norm.slice(seg.start, seg.end),
                start: seg.start,
                end: seg.end,
                indicator: code,
            })
        })
        .collect()
}

/// What would raise the level, most useful first (at most five).
#[allow(clippy::too_many_arguments)]
fn missing(
    lex: &Lexicon,
    bank: &Bank,
    question: &Question,
    a: &Analysis,
    ci: usize,
    level: u8,
    example: bool,
    lang: Lang,
) -> Vec<Item> {
    let f = &a.features;
    let m = &lex.messages.missing;
    let qtype = question.question_type;
    let behavioral = qtype == QuestionType::Behavioral;
    let primary = ci == 0;
    let mut codes: Vec<&str> = Vec::new();
    if f.relevance.off_topic {
        codes.push("relevance.topic");
    }
    if f.length.too_short {
        codes.push("length.short");
    }
    if behavioral && !example {
        codes.push("example.concrete");
    }
    if behavioral && f.hypothetical.ratio > 0.5 {
        codes.push("hypothetical.behavioral");
    }
    if f.ownership.score < 0.4 && qtype != QuestionType::Technical {
        codes.push("ownership.first_person");
    }
    if behavioral && f.star.result < 0.6 {
        codes.push("star.result");
    }
    match qtype {
        QuestionType::Technical if f.specificity.named == 0 => codes.push("specificity.named"),
        QuestionType::Behavioral | QuestionType::Situational if f.specificity.numbers == 0 => {
            codes.push("specificity.number")
        }
        _ => {}
    }
    if behavioral {
        let complete = (f.star.situation > 0.0 || f.star.task > 0.0)
            && f.star.action > 0.0
            && f.star.result > 0.0;
        if complete && f.star.order < 0.66 {
            codes.push("structure.order");
        }
    } else if f.plan.score < 0.5 {
        codes.push("structure.plan");
    }
    if !behavioral && f.star.result < 0.6 && f.plan.purpose < 0.6 {
        codes.push("structure.outcome");
    }
    let mut out: Vec<Item> = codes
        .into_iter()
        .map(|c| Item {
            code: c.to_string(),
            text: Messages::text(m, c, lang).to_string(),
        })
        .collect();
    let lex_score = f.lexicon.get(ci).map_or(0.0, |l| l.score);
    if level < 5 && lex_score < 0.75 {
        if let Some(c) = question
            .competencies
            .get(ci)
            .and_then(|id| bank.competency(id))
        {
            let target = (level + 1).clamp(3, 5);
            if let Some(ind) = c
                .levels
                .iter()
                .find(|l| l.level == target)
                .and_then(|l| l.indicators.first())
            {
                out.push(Item {
                    code: format!("lexicon.{}", c.id),
                    text: Messages::text(m, "lexicon", lang).replace("{indicator}", ind.get(lang)),
                });
            }
        }
    }
    if primary && level < 5 && f.rubric.score < 0.5 {
        out.push(Item {
            code: "rubric.strong".into(),
            text: Messages::text(m, "rubric.strong", lang)
                .replace("{anchor}", question.rubric.strong.get(lang)),
        });
    }
    if f.length.too_long {
        out.push(Item {
            code: "length.long".into(),
            text: Messages::text(m, "length.long", lang).to_string(),
        });
    }
    out.truncate(5);
    out
}
