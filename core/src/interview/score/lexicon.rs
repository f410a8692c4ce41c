//! The scoring lexicon (`core/data/interview/scoring/lexicon.json`) and message catalogue
//! (`feedback.json`), parsed once, and one Aho-Corasick automaton over every cue phrase.
//!
//! Owns: loading the data, word-boundary rules and cue matching. Must not touch: how cues turn
//! into features or levels.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use serde_json::Value;

use super::text::{bigram_term, is_han, is_word_char, stem_parts, word_term, Normalised, TermSet};
use crate::error::{Error, Result};
use crate::interview::bank::Lang;

const EMBEDDED_LEXICON: &str = include_str!("../../../data/interview/scoring/lexicon.json");
const EMBEDDED_FEEDBACK: &str = include_str!("../../../data/interview/scoring/feedback.json");

/// Cue phrases in both languages.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Bilingual {
    #[serde(default)]
    pub zh: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct StarFile {
    situation: Bilingual,
    task: Bilingual,
    action: Bilingual,
    result: Bilingual,
    reflection: Bilingual,
}

#[derive(Debug, Deserialize)]
pub(crate) struct FirstPersonFile {
    pub en_stative: Vec<String>,
    pub en_modal: Vec<String>,
    pub en_adverb: Vec<String>,
    pub en_irregular_past: Vec<String>,
    pub en_not_past: Vec<String>,
    pub en_passive_aux: Vec<String>,
    pub zh_not_self: String,
    pub zh_stative: Vec<String>,
    pub zh_intent: Vec<String>,
    pub zh_past_marks: String,
}

#[derive(Debug, Deserialize)]
struct StopwordFile {
    en: Vec<String>,
    zh_chars: String,
    zh_bigrams: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct LexiconFile {
    version: u32,
    competencies: serde_json::Map<String, Value>,
    star: StarFile,
    plan: Bilingual,
    purpose: Bilingual,
    connectives: Bilingual,
    hypothetical: Bilingual,
    we: Bilingual,
    outcome: Bilingual,
    dates: Bilingual,
    first_person: FirstPersonFile,
    stopwords: StopwordFile,
}

/// What a cue phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Cue {
    /// Behaviour cue of the competency with this index in [`Lexicon::competency_ids`].
    Competency(u16),
    /// STAR: the situation.
    Situation,
    /// STAR: the task.
    Task,
    /// STAR: an action.
    Action,
    /// STAR: the result.
    Result,
    /// Reflection on what was learned.
    Reflection,
    /// A sequencing marker (first, then, finally).
    Plan,
    /// Purpose or check (so that, to make sure).
    Purpose,
    /// A discourse connective.
    Connective,
    /// Hypothetical language (I would).
    Hypothetical,
    /// We / our team.
    We,
    /// An outcome verb (reduced, 提升了).
    Outcome,
    /// A date word (Monday, 月底).
    Date,
}

#[derive(Debug)]
struct Pattern {
    /// Require a word boundary before the match.
    left: bool,
    /// Require a word boundary after the match.
    right: bool,
    cues: Vec<Cue>,
}

/// One cue found in a transcript.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    /// What it signals.
    pub cue: Cue,
    /// Which phrase (distinct phrases are counted, not repetitions).
    pub pattern: u32,
    /// Folded byte offsets.
    pub nstart: usize,
    /// Folded end byte.
    pub nend: usize,
    /// Original code-point offset of the first character.
    pub start: usize,
}

/// A message in both languages.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The message catalogue.
#[derive(Debug, Deserialize)]
pub(crate) struct Messages {
    version: u32,
    pub frame: BTreeMap<String, Msg>,
    pub strengths: BTreeMap<String, Msg>,
    pub tips: BTreeMap<String, Msg>,
    pub competency_tips: BTreeMap<String, Msg>,
    pub missing: BTreeMap<String, Msg>,
    pub warnings: BTreeMap<String, Msg>,
}

impl Messages {
    fn pick<'a>(map: &'a BTreeMap<String, Msg>, key: &str) -> &'a str {
        // Every key the engine asks for is in the embedded catalogue (a unit test checks it);
        // an empty string is the harmless answer should one ever be missing.
        map.get(key).map(|m| m.en.as_str()).unwrap_or("")
    }

    /// A message of `map` in `lang`, empty when missing.
    pub fn text<'a>(map: &'a BTreeMap<String, Msg>, key: &str, lang: Lang) -> &'a str {
        match map.get(key) {
            Some(m) => m.get(lang),
            None => Self::pick(map, key),
        }
    }
}

/// Everything the scorer reads from the data files, ready to use.
pub(crate) struct Lexicon {
    /// Competency ids with a cue list, in file order.
    pub competency_ids: Vec<String>,
    /// Cue phrases per competency (same order), for relevance terms.
    pub competency_phrases: Vec<Bilingual>,
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    pub first_person: FirstPersonFile,
    /// English stop words and Chinese stop bigrams, as terms.
    stop_terms: TermSet,
    /// Chinese function characters, sorted.
    stop_zh_chars: Vec<char>,
    pub messages: Messages,
    /// SHA-256 of the canonical JSON of both data files.
    pub hash: String,
}

/// The data-file format this build reads.
const DATA_VERSION: u32 = 1;

static LEXICON: OnceLock<std::result::Result<Lexicon, String>> = OnceLock::new();

/// The embedded lexicon, built once.
pub(crate) fn lexicon() -> Result<&'static Lexicon> {
    LEXICON
        .get_or_init(|| build().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::Internal(format!("embedded scoring lexicon: {e}")))
}

fn build() -> Result<Lexicon> {
    let lex_value = crate::json::parse_str(EMBEDDED_LEXICON)?;
    let msg_value = crate::json::parse_str(EMBEDDED_FEEDBACK)?;
    let file: LexiconFile = serde_json::from_value(lex_value.clone())
        .map_err(|e| Error::Internal(format!("lexicon.json: {e}")))?;
    let messages: Messages = serde_json::from_value(msg_value.clone())
        .map_err(|e| Error::Internal(format!("feedback.json: {e}")))?;
    if file.version != DATA_VERSION || messages.version != DATA_VERSION {
        return Err(Error::Internal(format!(
            "scoring data version {} / {}; this build reads {DATA_VERSION}",
            file.version, messages.version
        )));
    }
    let hash = crate::trail::content_hash(
        &serde_json::json!({"lexicon": lex_value, "feedback": msg_value}),
    );

    let mut competency_ids = Vec::new();
    let mut competency_phrases = Vec::new();
    for (id, v) in &file.competencies {
        let b: Bilingual = serde_json::from_value(v.clone())
            .map_err(|e| Error::Internal(format!("lexicon.json competencies.{id}: {e}")))?;
        competency_ids.push(id.clone());
        competency_phrases.push(b);
    }

    let mut index: HashMap<String, usize> = HashMap::new();
    let mut raw: Vec<String> = Vec::new();
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut add = |phrases: &Bilingual, cue: Cue| {
        for p in phrases.en.iter().chain(phrases.zh.iter()) {
            let folded = super::text::fold_plain(p);
            let (body, wildcard) = match folded.strip_suffix('*') {
                Some(b) => (b.trim_end().to_string(), true),
                None => (folded.trim().to_string(), false),
            };
            if body.is_empty() {
                continue;
            }
            let key = format!("{body}{}", if wildcard { "*" } else { "" });
            let slot = match index.get(&key) {
                Some(&i) => i,
                None => {
                    let first = body.chars().next().is_some_and(is_word_char);
                    let last = body.chars().next_back().is_some_and(is_word_char);
                    raw.push(body.clone());
                    patterns.push(Pattern {
                        left: first,
                        right: last && !wildcard,
                        cues: Vec::new(),
                    });
                    index.insert(key, patterns.len() - 1);
                    patterns.len() - 1
                }
            };
            if let Some(p) = patterns.get_mut(slot) {
                if !p.cues.contains(&cue) {
                    p.cues.push(cue);
                }
            }
        }
    };
    for (i, phrases) in competency_phrases.iter().enumerate() {
        add(phrases, Cue::Competency(i as u16));
    }
    add(&file.star.situation, Cue::Situation);
    add(&file.star.task, Cue::Task);
    add(&file.star.action, Cue::Action);
    add(&file.star.result, Cue::Result);
    add(&file.star.reflection, Cue::Reflection);
    add(&file.plan, Cue::Plan);
    add(&file.purpose, Cue::Purpose);
    add(&file.connectives, Cue::Connective);
    add(&file.hypothetical, Cue::Hypothetical);
    add(&file.we, Cue::We);
    add(&file.outcome, Cue::Outcome);
    add(&file.dates, Cue::Date);

    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&raw)
        .map_err(|e| Error::Internal(format!("building the cue automaton: {e}")))?;

    let mut stop_terms = TermSet::default();
    for w in &file.stopwords.en {
        stop_terms.insert(word_term(w));
        // Stems of stop words are stop terms too ("things" → "thing").
        let (base, suffix) = stem_parts(w);
        stop_terms.insert(word_term(&format!("{base}{suffix}")));
    }
    for b in &file.stopwords.zh_bigrams {
        let mut cs = b.chars();
        if let (Some(x), Some(y)) = (cs.next(), cs.next()) {
            stop_terms.insert(bigram_term(x, y));
        }
    }
    let mut stop_zh_chars: Vec<char> = file.stopwords.zh_chars.chars().collect();
    stop_zh_chars.sort_unstable();
    stop_zh_chars.dedup();
    Ok(Lexicon {
        competency_ids,
        competency_phrases,
        automaton,
        patterns,
        first_person: file.first_person,
        stop_terms,
        stop_zh_chars,
        messages,
        hash,
    })
}

fn boundary(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => !is_word_char(c) || is_han(c),
    }
}

impl Lexicon {
    /// Every cue in `n`, overlapping matches included; a shorter cue of the same kind inside a
    /// longer one is dropped (`result` inside `as a result`). Sorted by position.
    pub fn find(&self, n: &Normalised) -> Vec<Hit> {
        let mut hits = Vec::new();
        for m in self.automaton.find_overlapping_iter(&n.text) {
            let pid = m.pattern().as_usize();
            let Some(p) = self.patterns.get(pid) else {
                continue;
            };
            if p.left && !boundary(n.char_before(m.start())) {
                continue;
            }
            if p.right && !boundary(n.char_at(m.end())) {
                continue;
            }
            let start = n.orig_index(m.start());
            for &cue in &p.cues {
                hits.push(Hit {
                    cue,
                    pattern: pid as u32,
                    nstart: m.start(),
                    nend: m.end(),
                    start,
                });
            }
        }
        // Longest first among equal starts, so containment is easy to see.
        hits.sort_by(|a, b| {
            (a.cue, a.nstart, std::cmp::Reverse(a.nend)).cmp(&(
                b.cue,
                b.nstart,
                std::cmp::Reverse(b.nend),
            ))
        });
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        let mut cover: Option<(Cue, usize)> = None; // the furthest end of the current cue
        for h in hits {
            match cover {
                Some((c, end)) if c == h.cue && h.nend <= end => continue,
                Some((c, end)) if c == h.cue => cover = Some((c, end.max(h.nend))),
                _ => cover = Some((h.cue, h.nend)),
            }
            kept.push(h);
        }
        kept.sort_by_key(|h| (h.nstart, h.nend, h.cue));
        kept
    }

    /// Index of a competency id in the lexicon.
    pub fn competency_index(&self, id: &str) -> Option<usize> {
        self.competency_ids.iter().position(|c| c == id)
    }

    /// An English stop word (compared folded).
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stop_terms.contains(&word_term(word))
    }

    /// A stop word, a stemmed stop word or a Chinese stop bigram.
    pub fn is_stop_term(&self, term: super::text::Term) -> bool {
        self.stop_terms.contains(&term)
    }

    /// A Chinese function character, left out of bigram terms.
    pub fn is_function_char(&self, c: char) -> bool {
        is_han(c) && self.stop_zh_chars.binary_search(&c).is_ok()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn embedded_data_builds_and_has_every_message() {
        let lex = lexicon().unwrap();
        assert_eq!(lex.competency_ids.len(), 12);
        assert_eq!(lex.hash.len(), 64);
        let m = &lex.messages;
        for c in &lex.competency_ids {
            assert!(m.competency_tips.contains_key(c), "{c}");
        }
        for key in [
            "thanks",
            "improve",
            "improve_one",
            "estimate",
            "separator",
            "end",
        ] {
            assert!(m.frame.contains_key(key), "{key}");
        }
    }

    #[test]
    fn boundaries_and_wildcards() {
        let lex = lexicon().unwrap();
        let n =
            Normalised::new("We escalated it; multitasking is not a task. 我先确认对方理解了。");
        let hits = lex.find(&n);
        let text = |h: &Hit| {
            let (s, e) = n.orig_span(h.nstart, h.nend);
            n.slice(s, e)
        };
        let found: Vec<String> = hits.iter().map(text).collect();
        // A wildcard cue matches its stem, whatever ending follows.
        assert!(found.contains(&"escalat".to_string()), "{found:?}");
        assert!(found.contains(&"我先".to_string()), "{found:?}");
        assert!(found.contains(&"确认对方".to_string()), "{found:?}");
        // "task" inside "multitasking" is not a word of its own.
        assert!(!found.iter().any(|f| f == "task"), "{found:?}");
    }

    #[test]
    fn contained_cue_of_same_kind_is_dropped() {
        let lex = lexicon().unwrap();
        let n = Normalised::new("As a result, the result was good.");
        let results: Vec<String> = lex
            .find(&n)
            .iter()
            .filter(|h| h.cue == Cue::Result)
            .map(|h| {
                let (s, e) = n.orig_span(h.nstart, h.nend);
                n.slice(s, e)
            })
            .collect();
        assert_eq!(results, vec!["As a result", "the result was"]);
    }
}
