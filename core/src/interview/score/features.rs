//! Measured features of one answer: length, STAR structure and plan, connectives, specificity,
//! ownership, hypothetical language, relevance to the question, rubric overlap and competency
//! cues. Every value is a plain count or a number in 0–1; nothing here is a level.
//!
//! Owns: turning cue hits and tokens into features. Must not touch: weights, levels, feedback.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

use super::lexicon::{Cue, Hit, Lexicon};
use super::text::{self, is_han, Normalised, Segment, TermSet};
use crate::interview::bank::{Bank, Lang, Question, QuestionType};

/// Length and shape of the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthFeatures {
    /// Code points in the transcript as given.
    pub chars: usize,
    /// Han (Chinese) characters.
    pub han_chars: usize,
    /// Words in other scripts (runs of letters and digits with at least one letter).
    pub latin_words: usize,
    /// Word-equivalents: `latin_words + han_chars / 2`.
    pub units: f64,
    /// Sentences.
    pub sentences: usize,
    /// 0–1: `units / 80`, capped at 1 (0.8 when rambling).
    pub adequacy: f64,
    /// Fewer than 15 word-equivalents (15 English words, 30 Chinese characters).
    pub too_short: bool,
    /// More than the rambling limit: `max(400, 3 × time_limit_seconds)` word-equivalents.
    pub too_long: bool,
}

/// STAR structure (situation, task, action, result) and reflection, each 0–1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StarFeatures {
    /// Situation cues (当时, last year, during my internship).
    pub situation: f64,
    /// Task cues (我负责, my job was).
    pub task: f64,
    /// Actions: action cues plus distinct first-person action verbs.
    pub action: f64,
    /// Result cues and outcome verbs, raised when a result sentence holds a number.
    pub result: f64,
    /// Reflection cues (我学到, I learned, next time).
    pub reflection: f64,
    /// Share of the ordered pairs situation/task → action → result that hold (0, ⅓, ⅔, 1).
    pub order: f64,
    /// `0.2 S + 0.1 T + 0.25 A + 0.25 R + 0.05 reflection + 0.15 order`.
    pub score: f64,
}

/// A plan: sequencing markers (首先/其次/最后, first/then/finally).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanFeatures {
    /// Distinct sequencing markers.
    pub steps: usize,
    /// 1 when opening markers come before closing ones, 0 when reversed, 0.5 when unknown.
    pub order: f64,
    /// Purpose and check cues (确保, so that, to make sure), 0–1.
    pub purpose: f64,
    /// `steps` mapped to 0–1, times `0.7 + 0.3 order`.
    pub score: f64,
}

/// Discourse structure and the question-type-specific structure score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StructureFeatures {
    /// Distinct discourse connectives (因为/所以/但是, because/so/however), 0–1.
    pub connectives: f64,
    /// 1 for sentences of 4–35 word-equivalents on average, falling to 0 at 80 (no boundaries).
    pub sentence_shape: f64,
    /// Behavioural: `0.7 STAR + 0.15 connectives + 0.15 shape`; situational and scenario:
    /// `0.35 plan + 0.15 action + 0.15 max(result, purpose) + 0.2 connectives + 0.15 shape`;
    /// technical: `0.25 plan + 0.15 action + 0.15 purpose + 0.3 connectives + 0.15 shape`.
    pub score: f64,
}

/// Concrete detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpecificityFeatures {
    /// Distinct numbers, amounts, percentages, durations and dates.
    pub numbers: usize,
    /// Of them, percentages (15%, 百分之二十, 3个百分点).
    pub percentages: usize,
    /// Of them, money amounts (¥200, 40万元, 2,000 yuan).
    pub amounts: usize,
    /// Of them, durations (three months, 两周, 30 days).
    pub durations: usize,
    /// Of them, dates (2023, Monday, 月底, Q3).
    pub dates: usize,
    /// Distinct named things (capitalised names, acronyms, Latin names in Chinese text,
    /// 《》“”「」 and "quoted" names).
    pub named: usize,
    /// Distinct outcome verbs plus result sentences with a number.
    pub outcomes: usize,
    /// Result sentences that hold a number.
    pub quantified_results: usize,
    /// `0.45 (1 − 0.55^numbers) + 0.3 (1 − 0.6^named) + 0.25 (1 − 0.5^outcomes)`.
    pub score: f64,
}

/// Personal agency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnershipFeatures {
    /// Distinct first-person action verbs (我 + verb, I + verb; stative verbs like 觉得/think
    /// excluded; for behavioural questions intentions like "I would" excluded).
    pub first_person_actions: usize,
    /// Mentions of 我们/大家/团队/we/our team.
    pub we_mentions: usize,
    /// Passive constructions (was handled, 被).
    pub passive: usize,
    /// `(1 − 0.65^actions) × (0.4 + 0.6 × actions / (actions + 0.5 we))`, less 0.1 per passive
    /// (at most 0.3 less).
    pub score: f64,
}

/// Hypothetical language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HypotheticalFeatures {
    /// Hypothetical cues (我会/如果我, I would/if I).
    pub count: usize,
    /// Past-tense first-person actions and situation cues.
    pub past: usize,
    /// `count / (count + past)`, 0 when both are 0.
    pub ratio: f64,
}

/// Relevance to the question asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelevanceFeatures {
    /// Content terms of the answer.
    pub answer_terms: usize,
    /// Answer terms also in the question text or its follow-ups.
    pub question_overlap: usize,
    /// Answer terms also in the question's rubric anchors.
    pub rubric_overlap: usize,
    /// Answer terms also in the cue lists of the question's competencies.
    pub lexicon_overlap: usize,
    /// Answer terms in the question text, its follow-ups or its rubric anchors.
    pub specific: usize,
    /// Other answer terms found only among the competencies' cues and indicators.
    pub general: usize,
    /// `(specific + general)` / answer terms, a Chinese bigram counting ½ in the denominator
    /// (about half of them straddle two words and can never match), capped at 1.
    pub precision: f64,
    /// `0.45 min(1, specific / 6) + 0.35 min(1, general / 8) + 0.2 min(1, precision / 0.2)`.
    pub score: f64,
    /// Relevance below 0.25 with at most one cue of the question's competencies in all.
    pub off_topic: bool,
}

/// Overlap with the question's own rubric anchors, in the answer's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RubricFeatures {
    /// Share of the level-5 anchor's own terms (those not in the question text) found.
    pub strong: f64,
    /// Share of the level-3 anchor's terms found.
    pub adequate: f64,
    /// Share of the level-1 anchor's terms found (reported only; not used in levels).
    pub weak: f64,
    /// `min(1, (0.6 strong + 0.4 adequate) / 0.25)`.
    pub score: f64,
}

/// Behaviour cues of one competency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LexiconFeature {
    /// Competency id.
    pub competency: String,
    /// Distinct cue phrases found (for a competency without a cue list: distinct terms shared
    /// with its definition and level 3–5 indicators).
    pub hits: usize,
    /// `1 − 0.78^hits` (fallback: `1 − 0.8^hits`).
    pub score: f64,
    /// True when the competency has no built-in cue list.
    pub fallback: bool,
}

/// Every measured feature of one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Features {
    /// Length and shape.
    pub length: LengthFeatures,
    /// STAR structure.
    pub star: StarFeatures,
    /// Plan markers.
    pub plan: PlanFeatures,
    /// Connectives, sentence shape and the type-specific structure score.
    pub structure: StructureFeatures,
    /// Concrete detail.
    pub specificity: SpecificityFeatures,
    /// Personal agency.
    pub ownership: OwnershipFeatures,
    /// Hypothetical language.
    pub hypothetical: HypotheticalFeatures,
    /// Relevance to the question.
    pub relevance: RelevanceFeatures,
    /// Rubric-anchor overlap.
    pub rubric: RubricFeatures,
    /// Cues of each of the question's competencies, in the question's order.
    pub lexicon: Vec<LexiconFeature>,
}

/// Tense of a first-person action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    /// Did (-ed, irregular past, 了/过 in the clause).
    Past,
    /// Would / will / 会 / 将.
    Intent,
    /// Anything else (present narrative, bare verb).
    Other,
}

/// One first-person action.
#[derive(Debug, Clone)]
pub(crate) struct FirstPerson {
    pub start: usize,
    pub tense: Tense,
    pub verb: String,
}

/// Kind of a number mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    Count,
    Percent,
    Currency,
    Duration,
    Date,
}

/// One number, amount, percentage, duration or date.
#[derive(Debug, Clone)]
pub(crate) struct NumberMention {
    pub start: usize,
    pub key: String,
    pub kind: NumberKind,
}

/// Everything measured, with positions kept for evidence.
pub(crate) struct Analysis {
    pub norm: Normalised,
    pub language: Lang,
    pub clauses: Vec<Segment>,
    pub hits: Vec<Hit>,
    pub first_person: Vec<FirstPerson>,
    pub numbers: Vec<NumberMention>,
    pub features: Features,
    /// Lexicon index of each question competency (None: fallback).
    pub competency_index: Vec<Option<usize>>,
}

// ---------------------------------------------------------------------------------------------
// Small maths (+ − × ÷ only, so every target computes the same bits)
// ---------------------------------------------------------------------------------------------

/// `1 − base^n` by repeated multiplication.
pub(crate) fn saturate(base: f64, n: usize) -> f64 {
    let mut p = 1.0;
    for _ in 0..n.min(64) {
        p *= base;
    }
    1.0 - p
}

/// Piecewise-linear lookup: `table[k]` at k, the last value beyond.
fn piece(table: &[f64], x: f64) -> f64 {
    if x <= 0.0 {
        return table.first().copied().unwrap_or(0.0);
    }
    let k = x as usize; // floor, x > 0
    let frac = x - k as f64;
    match (table.get(k), table.get(k + 1)) {
        (Some(a), Some(b)) => a + (b - a) * frac,
        (Some(a), None) => *a,
        _ => table.last().copied().unwrap_or(0.0),
    }
}

const PIECE_FEW: [f64; 4] = [0.0, 0.6, 0.85, 1.0];
const PIECE_ACTION: [f64; 7] = [0.0, 0.35, 0.55, 0.7, 0.8, 0.9, 1.0];
const PIECE_PLAN: [f64; 5] = [0.0, 0.35, 0.6, 0.8, 1.0];
const PIECE_CONNECTIVE: [f64; 7] = [0.0, 0.3, 0.5, 0.65, 0.8, 0.9, 1.0];

pub(crate) fn clamp01(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        None
    } else {
        Some(xs.iter().sum::<f64>() / xs.len() as f64)
    }
}

// ---------------------------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------------------------

/// Measures `transcript` as an answer to `question`.
pub(crate) fn analyse(
    lex: &Lexicon,
    bank: &Bank,
    question: &Question,
    transcript: &str,
    fallback_lang: Lang,
) -> Analysis {
    let norm = Normalised::new(transcript);
    let tokens = text::tokenize(&norm.text);
    let words: Vec<&str> = tokens
        .words
        .iter()
        .map(|w| norm.text.get(w.start..w.end).unwrap_or(""))
        .collect();
    let latin_words = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let han_chars = tokens.han_chars;
    let language = text::dominant_language(han_chars, latin_words, fallback_lang);
    let sentences = text::sentences(&norm.orig);
    let clauses = text::clauses(&norm.orig, &sentences);
    let hits = lex.find(&norm);
    let qtype = question.question_type;
    let behavioral = qtype == QuestionType::Behavioral;

    // -- length --------------------------------------------------------------------------
    let units = latin_words as f64 + han_chars as f64 / 2.0;
    let ramble_limit = f64::from(question.time_limit_seconds.saturating_mul(3)).max(400.0);
    let too_short = units < 15.0;
    let too_long = units > ramble_limit;
    let adequacy = {
        let a = clamp01(units / 80.0);
        if too_long {
            a * 0.8
        } else {
            a
        }
    };
    let n_sentences = sentences.len().max(usize::from(units > 0.0));
    let length = LengthFeatures {
        chars: norm.orig.len(),
        han_chars,
        latin_words,
        units: round4(units),
        sentences: n_sentences,
        adequacy: round4(adequacy),
        too_short,
        too_long,
    };

    // -- cue counts ------------------------------------------------------------------------
    let distinct = |cue: Cue| -> usize {
        hits.iter()
            .filter(|h| h.cue == cue)
            .map(|h| h.pattern)
            .collect::<BTreeSet<_>>()
            .len()
    };
    let positions = |cue: Cue| -> Vec<f64> {
        let total = norm.orig.len().max(1) as f64;
        hits.iter()
            .filter(|h| h.cue == cue)
            .map(|h| h.start as f64 / total)
            .collect()
    };

    let first_person = first_person_actions(lex, &norm, &tokens, &words, &sentences);
    let counts_as_action = |t: Tense| !behavioral || t != Tense::Intent;
    let fp_distinct: BTreeSet<&str> = first_person
        .iter()
        .filter(|f| counts_as_action(f.tense))
        .map(|f| f.verb.as_str())
        .collect();
    let numbers = number_mentions(lex, &norm, &words, &tokens, &hits);

    // Result sentences: sentences holding a result or outcome cue.
    let result_sentences: BTreeSet<usize> = hits
        .iter()
        .filter(|h| matches!(h.cue, Cue::Result | Cue::Outcome))
        .filter_map(|h| text::segment_of(&sentences, h.start))
        .collect();
    let quantified_results = result_sentences
        .iter()
        .filter(|&&si| {
            sentences.get(si).is_some_and(|s| {
                numbers
                    .iter()
                    .any(|n| n.start >= s.start && n.start < s.end)
            })
        })
        .count();

    // -- STAR ----------------------------------------------------------------------------------
    let s_n = distinct(Cue::Situation);
    let t_n = distinct(Cue::Task);
    let a_n = distinct(Cue::Action) + fp_distinct.len();
    let o_n = distinct(Cue::Outcome);
    let r_n = distinct(Cue::Result) as f64 + 0.5 * o_n as f64;
    let refl_n = distinct(Cue::Reflection);
    let situation = piece(&PIECE_FEW, s_n as f64);
    let task = piece(&PIECE_FEW, t_n as f64);
    let action = piece(&PIECE_ACTION, a_n as f64);
    let mut result = piece(&PIECE_FEW, r_n);
    if quantified_results > 0 {
        result = (result.max(0.7) + 0.15).min(1.0);
    }
    let reflection = piece(&PIECE_FEW, refl_n as f64);
    let order = {
        let total = norm.orig.len().max(1) as f64;
        let mut st = positions(Cue::Situation);
        st.extend(positions(Cue::Task));
        let mut act = positions(Cue::Action);
        act.extend(
            first_person
                .iter()
                .filter(|f| counts_as_action(f.tense))
                .map(|f| f.start as f64 / total),
        );
        let mut res = positions(Cue::Result);
        res.extend(positions(Cue::Outcome));
        let (st, act, res) = (mean(&st), mean(&act), mean(&res));
        let before = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => usize::from(a < b),
            _ => 0,
        };
        (before(st, act) + before(act, res) + before(st, res)) as f64 / 3.0
    };
    let star_score = 0.2 * situation
        + 0.1 * task
        + 0.25 * action
        + 0.25 * result
        + 0.05 * reflection
        + 0.15 * order;
    let star = StarFeatures {
        situation: round4(situation),
        task: round4(task),
        action: round4(action),
        result: round4(result),
        reflection: round4(reflection),
        order: round4(order),
        score: round4(star_score),
    };

    // -- plan --------------------------------------------------------------------------------
    let plan_hits: Vec<&Hit> = hits.iter().filter(|h| h.cue == Cue::Plan).collect();
    let steps = plan_hits
        .iter()
        .map(|h| h.pattern)
        .collect::<BTreeSet<_>>()
        .len();
    let plan_order = {
        let kind = |h: &Hit| -> i8 {
            let t = norm.text.get(h.nstart..h.nend).unwrap_or("");
            if OPENERS.contains(&t) {
                -1
            } else if CLOSERS.contains(&t) {
                1
            } else {
                0
            }
        };
        let open: Vec<usize> = plan_hits
            .iter()
            .filter(|h| kind(h) < 0)
            .map(|h| h.start)
            .collect();
        let close: Vec<usize> = plan_hits
            .iter()
            .filter(|h| kind(h) > 0)
            .map(|h| h.start)
            .collect();
        match (open.iter().min(), close.iter().max()) {
            (Some(o), Some(c)) => {
                if o < c {
                    1.0
                } else {
                    0.0
                }
            }
            _ => 0.5,
        }
    };
    let purpose = piece(&PIECE_FEW, distinct(Cue::Purpose) as f64);
    let plan_score = piece(&PIECE_PLAN, steps as f64) * (0.7 + 0.3 * plan_order);
    let plan = PlanFeatures {
        steps,
        order: plan_order,
        purpose: round4(purpose),
        score: round4(plan_score),
    };

    // -- structure -----------------------------------------------------------------------------
    let connectives = piece(&PIECE_CONNECTIVE, distinct(Cue::Connective) as f64);
    let sentence_shape = {
        let avg = units / n_sentences.max(1) as f64;
        if avg <= 0.0 {
            0.0
        } else if avg < 4.0 {
            avg / 4.0
        } else if avg <= 35.0 {
            1.0
        } else if avg >= 80.0 {
            0.0
        } else {
            (80.0 - avg) / 45.0
        }
    };
    let intent_actions = piece(
        &PIECE_ACTION,
        (distinct(Cue::Action)
            + first_person
                .iter()
                .map(|f| f.verb.as_str())
                .collect::<BTreeSet<_>>()
                .len()) as f64,
    );
    let structure_score = match qtype {
        QuestionType::Behavioral => 0.7 * star_score + 0.15 * connectives + 0.15 * sentence_shape,
        QuestionType::Situational | QuestionType::Scenario => {
            0.35 * plan_score
                + 0.15 * intent_actions
                + 0.15 * result.max(purpose)
                + 0.2 * connectives
                + 0.15 * sentence_shape
        }
        QuestionType::Technical => {
            0.25 * plan_score
                + 0.15 * intent_actions
                + 0.15 * purpose
                + 0.3 * connectives
                + 0.15 * sentence_shape
        }
    };
    let structure = StructureFeatures {
        connectives: round4(connectives),
        sentence_shape: round4(sentence_shape),
        score: round4(structure_score),
    };

    // -- specificity -----------------------------------------------------------------------
    let number_keys: BTreeSet<&str> = numbers.iter().map(|n| n.key.as_str()).collect();
    let of_kind = |k: NumberKind| {
        numbers
            .iter()
            .filter(|n| n.kind == k)
            .map(|n| n.key.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    };
    let named = named_things(lex, &norm, &tokens, &words, &sentences, language);
    let outcomes = o_n + quantified_results;
    let spec_score = 0.45 * saturate(0.55, number_keys.len())
        + 0.3 * saturate(0.6, named)
        + 0.25 * saturate(0.5, outcomes);
    let specificity = SpecificityFeatures {
        numbers: number_keys.len(),
        percentages: of_kind(NumberKind::Percent),
        amounts: of_kind(NumberKind::Currency),
        durations: of_kind(NumberKind::Duration),
        dates: of_kind(NumberKind::Date),
        named,
        outcomes,
        quantified_results,
        score: round4(spec_score),
    };

    // -- ownership ------------------------------------------------------------------------------
    let we = hits.iter().filter(|h| h.cue == Cue::We).count();
    let passive = passive_count(lex, &norm, &tokens, &words);
    let own_n = fp_distinct.len();
    let own_score = if own_n == 0 {
        0.0
    } else {
        let share = own_n as f64 / (own_n as f64 + 0.5 * we as f64);
        let base = saturate(0.65, own_n) * (0.4 + 0.6 * share);
        let penalty = (0.1 * passive as f64).min(0.3);
        clamp01(base - penalty)
    };
    let ownership = OwnershipFeatures {
        first_person_actions: own_n,
        we_mentions: we,
        passive,
        score: round4(own_score),
    };

    // -- hypothetical -------------------------------------------------------------------------
    let hyp = hits.iter().filter(|h| h.cue == Cue::Hypothetical).count();
    let past = first_person
        .iter()
        .filter(|f| f.tense == Tense::Past)
        .count()
        + s_n;
    let ratio = if hyp + past == 0 {
        0.0
    } else {
        hyp as f64 / (hyp + past) as f64
    };
    let hypothetical = HypotheticalFeatures {
        count: hyp,
        past,
        ratio: round4(ratio),
    };

    // -- competency cues -----------------------------------------------------------------------
    let mut answer_terms = TermSet::default();
    text::terms_of(lex, &norm.text, &tokens, &mut answer_terms);
    let refs = question_refs(lex, bank, question);
    let mut competency_index = Vec::new();
    let mut lexicon_features = Vec::new();
    for (ci, cid) in question.competencies.iter().enumerate() {
        let idx = lex.competency_index(cid);
        competency_index.push(idx);
        let (hits_n, score, fallback) = match idx {
            Some(i) => {
                let n = distinct(Cue::Competency(i as u16));
                (n, saturate(0.78, n), false)
            }
            None => {
                let n = refs.fallback.get(ci).map_or(0, |t| {
                    answer_terms.intersection(&t[lang_index(language)]).count()
                });
                (n, saturate(0.8, n), true)
            }
        };
        lexicon_features.push(LexiconFeature {
            competency: cid.clone(),
            hits: hits_n,
            score: round4(score),
            fallback,
        });
    }

    // -- relevance --------------------------------------------------------------------------
    // About half the bigrams of Chinese text straddle two words and can never match, so a
    // bigram counts ½ in the answer's size and 1 when it matches.
    let answer_units: f64 = answer_terms
        .iter()
        .map(|t| if t & text::HAN_TERM != 0 { 0.5 } else { 1.0 })
        .sum();
    let (mut qo, mut ro, mut lo, mut specific, mut general) = (0, 0, 0, 0, 0);
    for t in &answer_terms {
        let (inq, inr, inl) = (
            refs.question.contains(t),
            refs.rubric.contains(t),
            refs.competency.contains(t),
        );
        qo += usize::from(inq);
        ro += usize::from(inr);
        lo += usize::from(inl);
        if inq || inr {
            specific += 1;
        } else if inl {
            general += 1;
        }
    }
    let matched = (specific + general) as f64;
    let precision = if answer_units > 0.0 {
        (matched / answer_units).min(1.0)
    } else {
        0.0
    };
    let rel_score = 0.45 * clamp01(specific as f64 / 6.0)
        + 0.35 * clamp01(general as f64 / 8.0)
        + 0.2 * clamp01(precision / 0.2);
    let all_hits: usize = lexicon_features.iter().map(|l| l.hits).sum();
    let relevance = RelevanceFeatures {
        answer_terms: answer_terms.len(),
        question_overlap: qo,
        rubric_overlap: ro,
        lexicon_overlap: lo,
        specific,
        general,
        precision: round4(precision),
        score: round4(rel_score),
        off_topic: rel_score < 0.25 && all_hits <= 1,
    };

    // -- rubric anchors ------------------------------------------------------------------------
    let coverage = |t: &TermSet| -> f64 {
        if t.is_empty() {
            0.0
        } else {
            answer_terms.intersection(t).count() as f64 / t.len() as f64
        }
    };
    let [strong_t, adequate_t, weak_t] = &refs.anchors[lang_index(language)];
    let strong = coverage(strong_t);
    let adequate = coverage(adequate_t);
    let weak = coverage(weak_t);
    let rubric = RubricFeatures {
        strong: round4(strong),
        adequate: round4(adequate),
        weak: round4(weak),
        score: round4(clamp01((0.6 * strong + 0.4 * adequate) / 0.25)),
    };

    Analysis {
        norm,
        language,
        clauses,
        hits,
        first_person,
        numbers,
        features: Features {
            length,
            star,
            plan,
            structure,
            specificity,
            ownership,
            hypothetical,
            relevance,
            rubric,
            lexicon: lexicon_features,
        },
        competency_index,
    }
}

/// Opening and closing sequencing markers (folded), for the plan order.
const OPENERS: [&str; 14] = [
    "first",
    "firstly",
    "first of all",
    "to start",
    "to begin with",
    "step one",
    "the first step",
    "in the first week",
    "on day one",
    "首先",
    "第一",
    "第一步",
    "第一周",
    "第一天",
];
const CLOSERS: [&str; 5] = ["finally", "lastly", "the last step", "最后", "第三步"];

fn add_terms(lex: &Lexicon, set: &mut TermSet, raw: &str) {
    text::terms(lex, &text::fold_plain(raw), set);
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }
}

/// Content terms of everything an answer to one question is compared with, built once per
/// (bank version, question) and cached: the texts only change with the bank version.
pub(crate) struct QuestionRefs {
    /// Question text and follow-ups, both languages.
    question: TermSet,
    /// Rubric anchors 1, 3 and 5, both languages.
    rubric: TermSet,
    /// Cue phrases, definitions and indicators of the question's competencies.
    competency: TermSet,
    /// Per language (zh, en): the strong, adequate and weak anchors' own terms (those not in
    /// the question text of that language).
    anchors: [[TermSet; 3]; 2],
    /// Per question competency without a cue list, per language: its definition and level 3–5
    /// indicator terms (empty for competencies with a cue list).
    fallback: Vec<[TermSet; 2]>,
}

/// Terms of the lexicon's cue phrases, per competency (index as in the lexicon).
static PHRASE_TERMS: OnceLock<Vec<TermSet>> = OnceLock::new();
/// A B-tree rather than a hash map: its nodes are pointed to from their start, so leak checkers
/// (valgrind in the C tests) see the process-lifetime cache as reachable, not "possibly lost".
type RefCache = Mutex<BTreeMap<(String, String), Arc<QuestionRefs>>>;
static REF_CACHE: OnceLock<RefCache> = OnceLock::new();
/// Cached questions before the cache is emptied (bounds memory with many extended banks).
const REF_CACHE_LIMIT: usize = 4_096;

fn phrase_terms(lex: &Lexicon) -> &'static [TermSet] {
    PHRASE_TERMS.get_or_init(|| {
        lex.competency_phrases
            .iter()
            .map(|p| {
                let mut t = TermSet::default();
                for phrase in p.en.iter().chain(p.zh.iter()) {
                    add_terms(lex, &mut t, phrase.trim_end_matches('*'));
                }
                t
            })
            .collect()
    })
}

fn build_refs(lex: &Lexicon, bank: &Bank, question: &Question) -> QuestionRefs {
    let both = [Lang::Zh, Lang::En];
    let mut q = TermSet::default();
    let mut r = TermSet::default();
    for lang in both {
        add_terms(lex, &mut q, question.text.get(lang));
        for f in &question.follow_ups {
            add_terms(lex, &mut q, f.get(lang));
        }
        add_terms(lex, &mut r, question.rubric.weak.get(lang));
        add_terms(lex, &mut r, question.rubric.adequate.get(lang));
        add_terms(lex, &mut r, question.rubric.strong.get(lang));
    }
    let mut c_terms = TermSet::default();
    let mut fallback = Vec::new();
    for cid in &question.competencies {
        let idx = lex.competency_index(cid);
        if let Some(t) = idx.and_then(|i| phrase_terms(lex).get(i)) {
            c_terms.extend(t.iter().cloned());
        }
        let mut fb: [TermSet; 2] = [TermSet::default(), TermSet::default()];
        if let Some(c) = bank.competency(cid) {
            for lang in both {
                add_terms(lex, &mut c_terms, c.definition.get(lang));
                for l in &c.levels {
                    for i in &l.indicators {
                        add_terms(lex, &mut c_terms, i.get(lang));
                    }
                }
                if idx.is_none() {
                    let set = &mut fb[lang_index(lang)];
                    add_terms(lex, set, c.definition.get(lang));
                    for l in c.levels.iter().filter(|l| l.level >= 3) {
                        for i in &l.indicators {
                            add_terms(lex, set, i.get(lang));
                        }
                    }
                }
            }
        }
        fallback.push(fb);
    }
    let anchors = both.map(|lang| {
        let mut own = TermSet::default();
        add_terms(lex, &mut own, question.text.get(lang));
        // Terms the question itself uses are free for any on-topic answer: only the anchor's
        // own terms count.
        [
            &question.rubric.strong,
            &question.rubric.adequate,
            &question.rubric.weak,
        ]
        .map(|a| {
            let mut t = TermSet::default();
            add_terms(lex, &mut t, a.get(lang));
            t.retain(|x| !own.contains(x));
            t
        })
    });
    QuestionRefs {
        question: q,
        rubric: r,
        competency: c_terms,
        anchors,
        fallback,
    }
}

fn question_refs(lex: &Lexicon, bank: &Bank, question: &Question) -> Arc<QuestionRefs> {
    let key = (bank.version().to_string(), question.id.clone());
    let cache = REF_CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    let lock = |c: &'static RefCache| match c.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(r) = lock(cache).get(&key) {
        return Arc::clone(r);
    }
    let refs = Arc::new(build_refs(lex, bank, question));
    let mut map = lock(cache);
    if map.len() >= REF_CACHE_LIMIT {
        map.clear();
    }
    map.insert(key, Arc::clone(&refs));
    refs
}

/// Rounds to 4 decimals (reported values).
pub(crate) fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

// ---------------------------------------------------------------------------------------------
// First person, passive
// ---------------------------------------------------------------------------------------------

fn only_space_between(text: &str, a_end: usize, b_start: usize) -> bool {
    text.get(a_end..b_start)
        .is_some_and(|g| g.chars().all(|c| c == ' '))
}

fn first_person_actions(
    lex: &Lexicon,
    norm: &Normalised,
    tokens: &text::Tokens,
    words: &[&str],
    sentences: &[Segment],
) -> Vec<FirstPerson> {
    let fp = &lex.first_person;
    let has = |list: &[String], w: &str| list.iter().any(|x| x == w);
    let mut out = Vec::new();
    // English: I (+ up to two adverbs) + verb.
    for (i, w) in words.iter().enumerate() {
        let inline = match *w {
            "i" => None,
            "i'd" | "i'll" => Some(Tense::Intent),
            "i'm" | "i've" => Some(Tense::Other),
            _ => continue,
        };
        let mut j = i + 1;
        let adjacent = |a: usize, b: usize| -> bool {
            match (tokens.words.get(a), tokens.words.get(b)) {
                (Some(x), Some(y)) => only_space_between(&norm.text, x.end, y.start),
                _ => false,
            }
        };
        let mut skipped = 0;
        while skipped < 2
            && words
                .get(j)
                .is_some_and(|v| has(&fp.en_adverb, v) || (v.ends_with("ly") && v.len() > 4))
            && adjacent(j - 1, j)
        {
            j += 1;
            skipped += 1;
        }
        let Some(v) = words.get(j).copied() else {
            continue;
        };
        if !adjacent(j - 1, j) {
            continue;
        }
        let mut verb_at = j;
        let tense = match (inline, *w) {
            (_, "i'm") => {
                if v == "going" {
                    verb_at = j + 2; // going to <verb>
                    Tense::Intent
                } else {
                    continue;
                }
            }
            (_, "i've") => Tense::Past,
            (Some(t), _) => t,
            (None, _) if has(&fp.en_modal, v) => {
                verb_at = j + 1;
                Tense::Intent
            }
            (None, _) if has(&fp.en_stative, v) => continue,
            (None, _)
                if has(&fp.en_irregular_past, v)
                    || (v.ends_with("ed") && v.len() > 3 && !has(&fp.en_not_past, v)) =>
            {
                Tense::Past
            }
            (None, _) => Tense::Other,
        };
        let Some(verb) = words.get(verb_at).copied() else {
            continue;
        };
        if has(&fp.en_stative, verb)
            || NOT_VERBS.contains(&verb)
            || !verb.chars().all(|c| c.is_alphabetic() || c == '\'')
        {
            continue;
        }
        let Some(first) = tokens.words.get(i) else {
            continue;
        };
        out.push(FirstPerson {
            start: norm.orig_index(first.start),
            tense,
            verb: text::stem(verb),
        });
    }
    // English coordination: "I refused on the spot and explained …" (same sentence as an I).
    let sentence_of = |b: usize| text::segment_of(sentences, norm.orig_index(b));
    let i_sentences: BTreeSet<usize> = out
        .iter()
        .filter_map(|f| text::segment_of(sentences, f.start))
        .collect();
    for (k, w) in words.iter().enumerate() {
        if !matches!(*w, "and" | "then") {
            continue;
        }
        let (Some(a), Some(b)) = (tokens.words.get(k), tokens.words.get(k + 1)) else {
            continue;
        };
        let Some(v) = words.get(k + 1).copied() else {
            continue;
        };
        let past = has(&fp.en_irregular_past, v)
            || (v.ends_with("ed") && v.len() > 3 && !has(&fp.en_not_past, v));
        if !past
            || has(&fp.en_stative, v)
            || !only_space_between(&norm.text, a.end, b.start)
            || !sentence_of(a.start).is_some_and(|si| i_sentences.contains(&si))
        {
            continue;
        }
        out.push(FirstPerson {
            start: norm.orig_index(a.start),
            tense: Tense::Past,
            verb: text::stem(v),
        });
    }
    // Chinese: 我 + verb (not 我们/我的/我行…, not 我觉得/我认为…).
    let not_self: Vec<char> = fp.zh_not_self.chars().collect();
    let past_marks: Vec<char> = fp.zh_past_marks.chars().collect();
    const ADVERBS: [&str; 14] = [
        "立刻", "马上", "立即", "当即", "主动", "亲自", "首先", "随后", "接着", "当场", "先", "就",
        "又", "再",
    ];
    for run in &tokens.han {
        let chars = &run.chars;
        let mut byte = run.start;
        for (k, &c) in chars.iter().enumerate() {
            let here = byte;
            byte += c.len_utf8();
            if c != '我' {
                continue;
            }
            if k > 0 && chars.get(k - 1) == Some(&'自') {
                continue;
            }
            let Some(next) = chars.get(k + 1) else {
                continue;
            };
            if not_self.contains(next) {
                continue;
            }
            let rest: String = chars.iter().skip(k + 1).take(12).collect();
            if fp.zh_stative.iter().any(|s| rest.starts_with(s.as_str())) {
                continue;
            }
            let mut tail = rest.as_str();
            for _ in 0..2 {
                if let Some(a) = ADVERBS.iter().find(|a| tail.starts_with(**a)) {
                    tail = tail.get(a.len()..).unwrap_or("");
                }
            }
            let tense = if fp.zh_intent.iter().any(|m| tail.starts_with(m.as_str())) {
                Tense::Intent
            } else if rest.chars().any(|ch| past_marks.contains(&ch)) {
                Tense::Past
            } else {
                Tense::Other
            };
            let verb: String = tail.chars().take(2).collect();
            if verb.is_empty() {
                continue;
            }
            out.push(FirstPerson {
                start: norm.orig_index(here),
                tense,
                verb,
            });
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

fn passive_count(lex: &Lexicon, norm: &Normalised, tokens: &text::Tokens, words: &[&str]) -> usize {
    let ws = word_sets(lex);
    let mut n = 0;
    for (i, w) in words.iter().enumerate() {
        if !is_in(&ws.passive_aux, w) {
            continue;
        }
        let (Some(a), Some(b)) = (tokens.words.get(i), tokens.words.get(i + 1)) else {
            continue;
        };
        if !only_space_between(&norm.text, a.end, b.start) {
            continue;
        }
        let v = words.get(i + 1).copied().unwrap_or("");
        if (v.ends_with("ed") && v.len() > 4 && !is_in(&ws.passive_adjective, v))
            || is_in(&ws.participle, v)
        {
            n += 1;
        }
    }
    n + tokens
        .han
        .iter()
        .map(|r| r.chars.iter().filter(|&&c| c == '被').count())
        .sum::<usize>()
}

/// Words after "I" that are not verbs (I and my team, I also …).
const NOT_VERBS: [&str; 30] = [
    "not",
    "never",
    "and",
    "or",
    "but",
    "the",
    "a",
    "an",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "with",
    "my",
    "your",
    "his",
    "her",
    "our",
    "their",
    "it",
    "that",
    "this",
    "so",
    "as",
    "if",
    "too",
    "myself",
    "personally",
];

/// Irregular past participles (it was done, it was run).
const PARTICIPLES: [&str; 24] = [
    "done", "made", "run", "taken", "given", "sent", "written", "built", "held", "kept", "told",
    "set", "put", "paid", "sold", "found", "chosen", "shown", "seen", "known", "brought", "bought",
    "taught", "dealt",
];

/// Participles that are usually adjectives after "was" (I was worried), not passives.
const PASSIVE_ADJECTIVES: [&str; 14] = [
    "worried",
    "excited",
    "tired",
    "interested",
    "surprised",
    "annoyed",
    "pleased",
    "frustrated",
    "stressed",
    "concerned",
    "involved",
    "supposed",
    "scared",
    "confused",
];

// ---------------------------------------------------------------------------------------------
// Numbers and names
// ---------------------------------------------------------------------------------------------

/// Small fixed word lists as term sets, built once (one hash per word instead of a scan).
struct WordSets {
    number: TermSet,
    duration: TermSet,
    currency: TermSet,
    skip_name: TermSet,
    passive_aux: TermSet,
    participle: TermSet,
    passive_adjective: TermSet,
}

static WORD_SETS: OnceLock<WordSets> = OnceLock::new();

fn word_sets(lex: &Lexicon) -> &'static WordSets {
    let set = |words: &[&str]| -> TermSet { words.iter().map(|w| text::word_term(w)).collect() };
    WORD_SETS.get_or_init(|| WordSets {
        number: set(&EN_NUMBER_WORDS),
        duration: set(&EN_DURATION),
        currency: set(&EN_CURRENCY),
        skip_name: set(&SKIP_NAMES),
        passive_aux: lex
            .first_person
            .en_passive_aux
            .iter()
            .map(|w| text::word_term(w))
            .collect(),
        participle: set(&PARTICIPLES),
        passive_adjective: set(&PASSIVE_ADJECTIVES),
    })
}

fn is_in(set: &TermSet, word: &str) -> bool {
    set.contains(&text::word_term(word))
}

const ZH_NUMERALS: &str = "零〇一二两三四五六七八九十百千万亿半几";
const ZH_UNITS: &str = "个位名次天日月年周小分秒元块万亿千百倍份家项条笔张台人户套件轮场页行单成折点层门本篇期批组种类步遍季届所岁";
/// Capitalised words that are not names (titles, months, weekdays).
const SKIP_NAMES: [&str; 26] = [
    "i",
    "mr",
    "mrs",
    "ms",
    "sir",
    "madam",
    "dr",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const EN_NUMBER_WORDS: [&str; 36] = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "dozen",
    "dozens",
    "half",
    "twice",
    "double",
    "doubled",
    "tripled",
    "halved",
    "triple",
];
const EN_DURATION: [&str; 16] = [
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "minute",
    "minutes", "second", "seconds", "ms", "quarters",
];
const EN_CURRENCY: [&str; 8] = [
    "yuan", "rmb", "dollars", "usd", "k", "m", "million", "billion",
];

fn number_mentions(
    lex: &Lexicon,
    norm: &Normalised,
    words: &[&str],
    tokens: &text::Tokens,
    hits: &[Hit],
) -> Vec<NumberMention> {
    let ws = word_sets(lex);
    let text = &norm.text;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let ch = |i: usize| chars.get(i).map(|p| p.1);
    let byte = |i: usize| chars.get(i).map_or(text.len(), |p| p.0);
    let mut out = Vec::new();
    let mut push = |sb: usize, eb: usize, kind: NumberKind| {
        let key = text.get(sb..eb).unwrap_or("").to_string();
        out.push(NumberMention {
            start: norm.orig_index(sb),
            key,
            kind,
        });
    };
    let mut i = 0;
    while i < chars.len() {
        let Some(c) = ch(i) else { break };
        if c.is_ascii_digit() {
            let s = i;
            let mut j = i;
            while let Some(d) = ch(j) {
                let joins = matches!(d, ',' | '.') && ch(j + 1).is_some_and(|n| n.is_ascii_digit());
                if d.is_ascii_digit() || joins {
                    j += 1;
                } else {
                    break;
                }
            }
            let len = j - s;
            let next = ch(j);
            let prev = if s > 0 { ch(s - 1) } else { None };
            let list_marker = len == 1
                && (matches!(next, Some(')' | '、'))
                    || (next == Some('.')
                        && ch(j + 1).is_none_or(|n| n == ' ')
                        && prev.is_none_or(|p| p == ' ')));
            if !list_marker {
                let after: String = chars.iter().skip(j).take(12).map(|p| p.1).collect();
                let after = after.trim_start();
                let next_word: String = after
                    .chars()
                    .take_while(|c| c.is_alphabetic() && !is_han(*c))
                    .collect();
                let kind = if after.starts_with('%')
                    || after.starts_with("个百分点")
                    || matches!(next_word.as_str(), "percent" | "per" | "percentage")
                {
                    NumberKind::Percent
                } else if matches!(prev, Some('$' | '¥' | '€' | '£' | '￥'))
                    || after.starts_with('元')
                    || after.starts_with("万元")
                    || after.starts_with('块')
                    || is_in(&ws.currency, &next_word)
                {
                    NumberKind::Currency
                } else if is_in(&ws.duration, &next_word)
                    || ["天", "周", "个月", "月", "年", "小时", "分钟", "秒", "毫秒"]
                        .iter()
                        .any(|u| after.starts_with(u))
                {
                    NumberKind::Duration
                } else if len == 4
                    && (text.get(byte(s)..byte(s) + 2) == Some("19")
                        || text.get(byte(s)..byte(s) + 2) == Some("20"))
                {
                    NumberKind::Date
                } else {
                    NumberKind::Count
                };
                push(byte(s), byte(j), kind);
            }
            i = j.max(i + 1);
            continue;
        }
        if text.get(byte(i)..).is_some_and(|t| t.starts_with("百分之")) {
            let s = i;
            let mut j = i + 3;
            while ch(j).is_some_and(|d| ZH_NUMERALS.contains(d) || d.is_ascii_digit()) {
                j += 1;
            }
            if j > i + 3 {
                push(byte(s), byte(j), NumberKind::Percent);
            }
            i = j;
            continue;
        }
        if ZH_NUMERALS.contains(c) {
            let s = i;
            let mut j = i;
            while ch(j).is_some_and(|d| ZH_NUMERALS.contains(d)) {
                j += 1;
            }
            let run: String = chars.iter().skip(s).take(j - s).map(|p| p.1).collect();
            let prev = if s > 0 { ch(s - 1) } else { None };
            let next = ch(j);
            let trivial = run.chars().all(|d| d == '一' || d == '几');
            let very = run == "十" && next == Some('分') && ch(j + 1) != Some('钟');
            let ordinal = prev == Some('第') || prev == Some('周') || prev == Some('星');
            let unit = next.is_some_and(|n| ZH_UNITS.contains(n))
                || (run.chars().count() >= 2 && run.chars().any(|d| "十百千万亿".contains(d)));
            // The last numeral of a run can itself be the unit (三千, 两百万).
            let self_unit = run.chars().count() >= 2 && run.ends_with(['万', '亿', '千', '百']);
            if !trivial
                && !very
                && !ordinal
                && (unit || self_unit)
                && run != "万一"
                && run != "千万"
            {
                let after_ge = if next == Some('个') { ch(j + 1) } else { None };
                let kind = if next.is_some_and(|n| "天周月年时分秒".contains(n))
                    || after_ge.is_some_and(|n| "月小星钟".contains(n))
                {
                    NumberKind::Duration
                } else if next.is_some_and(|n| "元块".contains(n)) {
                    NumberKind::Currency
                } else {
                    NumberKind::Count
                };
                push(byte(s), byte(j), kind);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    // English number words (runs of them are one mention: "two hundred").
    let mut k = 0;
    while k < words.len() {
        if words.get(k).is_some_and(|w| is_in(&ws.number, w)) {
            let s = k;
            while words.get(k).is_some_and(|w| is_in(&ws.number, w)) {
                k += 1;
            }
            if let (Some(a), Some(b)) = (tokens.words.get(s), tokens.words.get(k - 1)) {
                let next = words.get(k).copied().unwrap_or("");
                let kind = if is_in(&ws.duration, next) {
                    NumberKind::Duration
                } else {
                    NumberKind::Count
                };
                push(a.start, b.end, kind);
            }
        } else {
            k += 1;
        }
    }
    for h in hits.iter().filter(|h| h.cue == Cue::Date) {
        push(h.nstart, h.nend, NumberKind::Date);
    }
    out.sort_by_key(|n| n.start);
    out
}

fn named_things(
    lex: &Lexicon,
    norm: &Normalised,
    tokens: &text::Tokens,
    words: &[&str],
    sentences: &[Segment],
    language: Lang,
) -> usize {
    let ws = word_sets(lex);
    let mut names: BTreeSet<String> = BTreeSet::new();
    for (w, word) in tokens.words.iter().zip(words) {
        if !word.chars().next().is_some_and(char::is_alphabetic) || word.starts_with("i'") {
            continue;
        }
        // English: only words capitalised in the original can be names.
        if language == Lang::En
            && !norm
                .orig
                .get(norm.orig_index(w.start))
                .is_some_and(|c| c.is_uppercase())
        {
            continue;
        }
        if is_in(&ws.skip_name, word) || lex.is_stopword(word) {
            continue;
        }
        if language == Lang::Zh {
            if word.chars().count() >= 2 {
                names.insert(word.to_string());
            }
            continue;
        }
        let start = norm.orig_index(w.start);
        let (orig_first, orig_all_upper) = {
            let s: Vec<char> = norm
                .orig
                .iter()
                .skip(start)
                .take(word.chars().count())
                .copied()
                .collect();
            (
                s.first().copied(),
                s.len() >= 2 && s.iter().all(|c| !c.is_alphabetic() || c.is_uppercase()),
            )
        };
        if !orig_first.is_some_and(char::is_uppercase) {
            continue;
        }
        let sentence_initial = text::segment_of(sentences, start)
            .and_then(|si| sentences.get(si))
            .is_some_and(|s| {
                norm.orig
                    .get(s.start..start)
                    .is_some_and(|pre| pre.iter().all(|c| !c.is_alphanumeric()))
            });
        if sentence_initial && !orig_all_upper {
            continue;
        }
        names.insert(word.to_string());
    }
    // Quoted names: 《》, “”, 「」 and ASCII double quotes around 1–30 characters.
    let chars = &norm.orig;
    let mut i = 0;
    while i < chars.len() {
        let close = match chars.get(i) {
            Some('《') => Some('》'),
            Some('“') => Some('”'),
            Some('「') => Some('」'),
            Some('"') => Some('"'),
            _ => None,
        };
        if let Some(close) = close {
            let end = chars.iter().skip(i + 1).take(31).position(|&c| c == close);
            if let Some(len) = end {
                if len >= 1 {
                    let inner: String = chars.iter().skip(i + 1).take(len).collect();
                    names.insert(format!("\"{}", inner.to_lowercase()));
                }
                i += len + 2;
                continue;
            }
        }
        i += 1;
    }
    names.len()
}
