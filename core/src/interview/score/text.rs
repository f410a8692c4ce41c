//! Text handling for scoring: a normalised copy of the transcript that keeps code-point offsets
//! into the original, the dominant language, sentences and clauses, words and content terms.
//!
//! Owns: every character-level decision (what a word, a sentence or a Chinese term is). Must not
//! touch: cues, features or levels.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use super::lexicon::Lexicon;
use crate::interview::bank::Lang;

/// True for a Han (Chinese) character.
pub(crate) fn is_han(c: char) -> bool {
    matches!(u32::from(c),
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// A letter or digit that is not Han: part of a "word".
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !is_han(c) && c.is_alphanumeric()
    }
}

/// A content term as a 64-bit FNV-1a hash (bit 63 set for Chinese bigrams). Terms only meet in
/// set membership, so hashes avoid one allocation per term; FNV is plain integer arithmetic and
/// the same on every target.
pub(crate) type Term = u64;

/// Marks a Chinese bigram term.
pub(crate) const HAN_TERM: u64 = 1 << 63;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// The term of a (folded, stemmed) word.
pub(crate) fn word_term(word: &str) -> Term {
    fnv(FNV_OFFSET, word.as_bytes()) & !HAN_TERM
}

/// The term of a Chinese bigram.
pub(crate) fn bigram_term(a: char, b: char) -> Term {
    let h = fnv(FNV_OFFSET, &u32::from(a).to_le_bytes());
    fnv(h, &u32::from(b).to_le_bytes()) | HAN_TERM
}

/// A hasher for [`Term`] keys, which are hashes already: one multiply-xorshift.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct TermHasher(u64);

impl Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0 ^ FNV_OFFSET, bytes);
    }
    fn write_u64(&mut self, x: u64) {
        let m = (x ^ (x >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = m ^ (m >> 29);
    }
}

/// A set of content terms.
pub(crate) type TermSet = HashSet<Term, BuildHasherDefault<TermHasher>>;

/// The transcript folded for matching (lower case, full-width → half-width, curly apostrophes
/// straightened, hyphens between letters read as spaces, whitespace collapsed), with a map from
/// every byte of the folded text back to the code point of the original it came from.
pub(crate) struct Normalised {
    /// The original transcript, as code points.
    pub orig: Vec<char>,
    /// The folded text.
    pub text: String,
    /// For each byte of `text`, the index of the original code point.
    map: Vec<u32>,
}

fn fold(c: char) -> char {
    let u = u32::from(c);
    match u {
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        0x2018 | 0x2019 | 0x2032 | 0x02BC => '\'',
        _ => c,
    }
}

impl Normalised {
    /// Folds `original`.
    pub fn new(original: &str) -> Normalised {
        let orig: Vec<char> = original.chars().collect();
        let mut text = String::with_capacity(original.len());
        let mut map: Vec<u32> = Vec::with_capacity(original.len());
        let mut last_space = true;
        for (i, &raw) in orig.iter().enumerate() {
            let c = fold(raw);
            let idx = i as u32;
            let hyphen_between_letters = matches!(c, '-' | '\u{2010}' | '\u{2011}')
                && i > 0
                && orig.get(i - 1).is_some_and(|p| is_word_char(fold(*p)))
                && orig.get(i + 1).is_some_and(|n| is_word_char(fold(*n)));
            if c.is_whitespace() || c.is_control() || hyphen_between_letters {
                if !last_space {
                    text.push(' ');
                    map.push(idx);
                    last_space = true;
                }
                continue;
            }
            last_space = false;
            if c.is_ascii() {
                text.push(c.to_ascii_lowercase());
                map.push(idx);
                continue;
            }
            for lc in c.to_lowercase() {
                text.push(lc);
                for _ in 0..lc.len_utf8() {
                    map.push(idx);
                }
            }
        }
        Normalised { orig, text, map }
    }

    /// The original code point of folded byte `b` (the last one when `b` is past the end).
    pub fn orig_index(&self, b: usize) -> usize {
        match self.map.get(b) {
            Some(&i) => i as usize,
            None => self.orig.len(),
        }
    }

    /// The original code-point span `[start, end)` covered by folded bytes `[start, end)`.
    #[cfg(test)]
    pub fn orig_span(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.orig_index(start);
        let e = if end == 0 {
            s
        } else {
            match self.map.get(end - 1) {
                Some(&i) => i as usize + 1,
                None => self.orig.len(),
            }
        };
        (s, e.max(s))
    }

    /// The original text of code points `[start, end)`.
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.orig
            .get(start..end.min(self.orig.len()))
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    }

    /// The folded character before byte `b`, if any.
    pub fn char_before(&self, b: usize) -> Option<char> {
        self.text.get(..b).and_then(|s| s.chars().next_back())
    }

    /// The folded character at byte `b`, if any.
    pub fn char_at(&self, b: usize) -> Option<char> {
        self.text.get(b..).and_then(|s| s.chars().next())
    }
}

/// A word of the folded text: a run of non-Han letters and digits (apostrophes inside kept).
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Folded bytes `[start, end)`.
    pub start: usize,
    /// End byte, exclusive.
    pub end: usize,
}

/// A run of consecutive Han characters of the folded text.
#[derive(Debug, Clone)]
pub(crate) struct HanRun {
    /// Folded byte offset where it starts.
    pub start: usize,
    /// The characters.
    pub chars: Vec<char>,
}

/// Words and Han runs of a folded text.
pub(crate) struct Tokens {
    /// Non-Han words in order.
    pub words: Vec<Word>,
    /// Han runs in order.
    pub han: Vec<HanRun>,
    /// Number of Han characters.
    pub han_chars: usize,
}

/// Splits folded text into words and Han runs.
pub(crate) fn tokenize(text: &str) -> Tokens {
    let mut words = Vec::new();
    let mut han: Vec<HanRun> = Vec::new();
    let mut han_chars = 0;
    let mut word_start: Option<usize> = None;
    let mut run: Option<HanRun> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((b, c)) = iter.next() {
        let apostrophe_inside =
            c == '\'' && word_start.is_some() && iter.peek().is_some_and(|(_, n)| is_word_char(*n));
        if is_word_char(c) || apostrophe_inside {
            if word_start.is_none() {
                word_start = Some(b);
            }
        } else if let Some(s) = word_start.take() {
            words.push(Word { start: s, end: b });
        }
        if is_han(c) {
            han_chars += 1;
            match run.as_mut() {
                Some(r) => r.chars.push(c),
                None => {
                    run = Some(HanRun {
                        start: b,
                        chars: vec![c],
                    })
                }
            }
        } else if let Some(r) = run.take() {
            han.push(r);
        }
    }
    if let Some(s) = word_start {
        words.push(Word {
            start: s,
            end: text.len(),
        });
    }
    if let Some(r) = run {
        han.push(r);
    }
    Tokens {
        words,
        han,
        han_chars,
    }
}

/// The dominant language: Chinese when Han characters / 2 ≥ Latin words (a Chinese word is about
/// two characters), English when there are more Latin words, `fallback` when there is neither.
pub(crate) fn dominant_language(han_chars: usize, latin_words: usize, fallback: Lang) -> Lang {
    if han_chars == 0 && latin_words == 0 {
        fallback
    } else if han_chars >= 2 * latin_words {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// A sentence or clause of the original text, in code points `[start, end)`, trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segment {
    /// First code point.
    pub start: usize,
    /// End code point, exclusive.
    pub end: usize,
}

/// Clauses longer than this many code points are split again at commas for evidence quotes.
pub(crate) const LONG_CLAUSE: usize = 160;

fn is_terminator(chars: &[char], i: usize) -> bool {
    let Some(&c) = chars.get(i) else {
        return false;
    };
    match c {
        '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…' | '\n' | '\r' => true,
        '.' => {
            // Not a decimal point (3.5) and not inside "e.g."; a full stop is followed by a
            // space, a closing quote or the end.
            let next = chars.get(i + 1).copied();
            match next {
                None => true,
                Some(n) => n.is_whitespace() || matches!(n, '"' | '\'' | '”' | '’' | ')'),
            }
        }
        _ => false,
    }
}

fn trim(chars: &[char], mut s: usize, mut e: usize) -> Option<Segment> {
    while s < e && chars.get(s).is_some_and(|c| c.is_whitespace()) {
        s += 1;
    }
    while e > s && chars.get(e - 1).is_some_and(|c| c.is_whitespace()) {
        e -= 1;
    }
    (e > s).then_some(Segment { start: s, end: e })
}

/// Sentences of the original text (split after 。！？!?；;… and line breaks, and after a full
/// stop followed by a space), trimmed, with their terminator.
pub(crate) fn sentences(chars: &[char]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if is_terminator(chars, i) {
            // Keep runs of terminators and closing quotes with the sentence ("?!", "。”").
            let mut j = i + 1;
            while j < chars.len()
                && (is_terminator(chars, j) || matches!(chars.get(j), Some('”' | '"' | '’' | ')')))
            {
                j += 1;
            }
            if let Some(seg) = trim(chars, start, j) {
                out.push(seg);
            }
            start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    if let Some(seg) = trim(chars, start, chars.len()) {
        out.push(seg);
    }
    out
}

/// Clauses for evidence: sentences, with sentences longer than [`LONG_CLAUSE`] split again after
/// commas and colons (and, when still too long, cut into [`LONG_CLAUSE`]-sized pieces).
pub(crate) fn clauses(chars: &[char], sentences: &[Segment]) -> Vec<Segment> {
    let mut out = Vec::new();
    for s in sentences {
        if s.end - s.start <= LONG_CLAUSE {
            out.push(*s);
            continue;
        }
        let mut start = s.start;
        for i in s.start..s.end {
            let at_comma = matches!(chars.get(i), Some('，' | ',' | '：' | ':' | '、'));
            if (at_comma && i + 1 - start >= 20) || i + 1 - start >= LONG_CLAUSE {
                if let Some(seg) = trim(chars, start, i + 1) {
                    out.push(seg);
                }
                start = i + 1;
            }
        }
        if let Some(seg) = trim(chars, start, s.end) {
            out.push(seg);
        }
    }
    out
}

/// The index of the segment containing code point `pos` (segments sorted, non-overlapping).
pub(crate) fn segment_of(segments: &[Segment], pos: usize) -> Option<usize> {
    let i = segments.partition_point(|s| s.end <= pos);
    segments.get(i).filter(|s| s.start <= pos).map(|_| i)
}

/// Light English stemming, the same on both sides of every comparison: `'s`, plural `-s/-es/-ies`,
/// `-ing`, `-ed`, `-ly`. Returns the kept prefix and a suffix to append (`queries` → `quer` +
/// `y`).
pub(crate) fn stem_parts(word: &str) -> (&str, &'static str) {
    let w = word.strip_suffix("'s").unwrap_or(word);
    let n = w.chars().count();
    let cut = |suffix: &str, min: usize| -> Option<&str> {
        if n >= min {
            w.strip_suffix(suffix)
        } else {
            None
        }
    };
    let undouble = |s: &'_ str| -> usize {
        let b = s.as_bytes();
        let l = b.len();
        if l >= 3
            && b.get(l - 1) == b.get(l - 2)
            && !matches!(b.get(l - 1), Some(b'l' | b's' | b'z'))
        {
            l - 1
        } else {
            l
        }
    };
    if let Some(s) = cut("ies", 5) {
        return (s, "y");
    }
    for suffix in ["ing", "ed"] {
        if let Some(s) = cut(suffix, if suffix == "ing" { 6 } else { 5 }) {
            let keep = undouble(s);
            return (s.get(..keep).unwrap_or(s), "");
        }
    }
    if let Some(s) = cut("ly", 6) {
        return (s, "");
    }
    for (suffix, keep) in [("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x")] {
        if let Some(s) = cut(suffix, 5) {
            return (s, keep);
        }
    }
    if n >= 4 && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        if let Some(s) = w.strip_suffix('s') {
            return (s, "");
        }
    }
    (w, "")
}

/// [`stem_parts`] joined.
pub(crate) fn stem(word: &str) -> String {
    let (a, b) = stem_parts(word);
    format!("{a}{b}")
}

/// Content terms of a folded text: stemmed non-stop-word words of two or more letters (digits
/// alone are not terms) and Han bigrams without function characters or stop bigrams.
pub(crate) fn terms(lex: &Lexicon, folded: &str, out: &mut TermSet) {
    terms_of(lex, folded, &tokenize(folded), out);
}

/// [`terms`] of a text already tokenized.
pub(crate) fn terms_of(lex: &Lexicon, folded: &str, t: &Tokens, out: &mut TermSet) {
    for w in &t.words {
        let Some(word) = folded.get(w.start..w.end) else {
            continue;
        };
        if word.len() < 2 || word.bytes().all(|b| b.is_ascii_digit()) || lex.is_stopword(word) {
            continue;
        }
        let (base, suffix) = stem_parts(word);
        let term = fnv(fnv(FNV_OFFSET, base.as_bytes()), suffix.as_bytes()) & !HAN_TERM;
        if !lex.is_stop_term(term) {
            out.insert(term);
        }
    }
    for run in &t.han {
        for pair in run.chars.windows(2) {
            let (Some(&a), Some(&b)) = (pair.first(), pair.get(1)) else {
                continue;
            };
            if lex.is_function_char(a) || lex.is_function_char(b) {
                continue;
            }
            let term = bigram_term(a, b);
            if !lex.is_stop_term(term) {
                out.insert(term);
            }
        }
    }
}

/// Folds a reference text the way transcripts are folded (no offsets kept).
pub(crate) fn fold_plain(text: &str) -> String {
    Normalised::new(text).text
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn offsets_survive_folding() {
        let s = "Ｉ  decided—ＳＱＬ  follow-up 😀 我先";
        let n = Normalised::new(s);
        assert_eq!(n.text, "i decided—sql follow up 😀 我先");
        let b = n.text.find("sql").unwrap();
        let (st, en) = n.orig_span(b, b + 3);
        let orig: Vec<char> = s.chars().collect();
        assert_eq!(orig[st..en].iter().collect::<String>(), "ＳＱＬ");
        let b = n.text.find("我先").unwrap();
        let (st, en) = n.orig_span(b, b + "我先".len());
        assert_eq!(orig[st..en].iter().collect::<String>(), "我先");
    }

    #[test]
    fn sentences_split_on_both_scripts() {
        let s: Vec<char> = "第一句。第二句！Then 3.5 days. Done?".chars().collect();
        let seg = sentences(&s);
        let texts: Vec<String> = seg
            .iter()
            .map(|g| s[g.start..g.end].iter().collect())
            .collect();
        assert_eq!(
            texts,
            vec!["第一句。", "第二句！", "Then 3.5 days.", "Done?"]
        );
    }

    #[test]
    fn stems_are_light() {
        assert_eq!(stem("customers"), "customer");
        assert_eq!(stem("analysis"), "analysis");
        assert_eq!(stem("running"), "run");
        assert_eq!(stem("queries"), "query");
        assert_eq!(stem("checked"), "check");
        assert_eq!(stem("process"), "process");
    }
}
