//! Tokens for text relevance (BM25): Latin words and digit runs as whole tokens, Chinese as
//! overlapping character bigrams (a lone Han character is a unigram), case folded through the
//! taxonomy's normalisation. No stemming.

use std::collections::BTreeMap;

/// BM25 term-frequency saturation.
pub const BM25_K1: f64 = 1.2;
/// BM25 length normalisation.
pub const BM25_B: f64 = 0.75;

const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "our", "the", "to", "we", "with", "you", "your", "will", "this", "that",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !crate::taxonomy::is_cjk(c) || matches!(c, '+' | '#')
}

/// Tokens of `text` in order.
pub fn tokens(text: &str) -> Vec<String> {
    let norm = crate::taxonomy::normalize(text);
    let mut out = Vec::new();
    let mut word = String::new();
    let mut han: Vec<char> = Vec::new();
    let flush_han = |han: &mut Vec<char>, out: &mut Vec<String>| {
        match han.len() {
            0 => {}
            1 => out.extend(han.iter().map(|c| c.to_string())),
            _ => {
                for w in han.windows(2) {
                    out.push(w.iter().collect());
                }
            }
        }
        han.clear();
    };
    let flush_word = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() && !STOP.contains(&word.as_str()) {
            out.push(std::mem::take(word));
        }
        word.clear();
    };
    for c in norm.chars() {
        if crate::taxonomy::is_cjk(c) && c.is_alphabetic() {
            flush_word(&mut word, &mut out);
            han.push(c);
        } else if is_word_char(c) {
            flush_han(&mut han, &mut out);
            word.extend(c.to_lowercase());
        } else {
            flush_word(&mut word, &mut out);
            flush_han(&mut han, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_han(&mut han, &mut out);
    out
}

/// Term → count, sorted by term.
pub fn term_counts(text: &str) -> (BTreeMap<String, u32>, u32) {
    let mut m = BTreeMap::new();
    let mut n = 0u32;
    for t in tokens(text) {
        *m.entry(t).or_insert(0u32) += 1;
        n = n.saturating_add(1);
    }
    (m, n)
}

/// BM25 inverse document frequency (the "+1" variant, never negative).
pub fn idf(n_docs: f64, df: f64) -> f64 {
    (1.0 + (n_docs - df + 0.5) / (df + 0.5)).ln()
}

/// One term's BM25 contribution without its IDF.
pub fn tf_part(tf: f64, doc_len: f64, avg_len: f64) -> f64 {
    let norm = if avg_len > 0.0 {
        1.0 - BM25_B + BM25_B * doc_len / avg_len
    } else {
        1.0
    };
    tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm)
}

/// BM25 of a query against a document, normalised to 0–1 by its upper bound
/// `Σ idf(t)·(k1+1)` over the distinct query terms. `idf_of` gives each query term's IDF.
pub fn relevance(
    query: &BTreeMap<String, u32>,
    doc: &BTreeMap<String, u32>,
    doc_len: f64,
    avg_len: f64,
    idf_of: impl Fn(&str) -> f64,
) -> f64 {
    let (mut score, mut max) = (0.0, 0.0);
    for term in query.keys() {
        let w = idf_of(term);
        max += w * (BM25_K1 + 1.0);
        if let Some(&tf) = doc.get(term) {
            score += w * tf_part(f64::from(tf), doc_len, avg_len);
        }
    }
    if max > 0.0 {
        (score / max).clamp(0.0, 1.0)
    } else {
        0.0
    }
}
