//! Tokens for text relevance (BM25): Latin words and digit runs as whole tokens, Chinese as
//! overlapping character bigrams (a lone Han character is a unigram), case folded through the
//! taxonomy's normalisation. No stemming.
//!
//! Tokens are slices of the normalised text (a word whose characters change under lowercasing
//! is built in one reused buffer), counted in a hash map over those slices: no allocation per
//! token, one arena per document.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// BM25 term-frequency saturation.
pub const BM25_K1: f64 = 1.2;
/// BM25 length normalisation.
pub const BM25_B: f64 = 0.75;

const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "our", "the", "to", "we", "with", "you", "your", "will", "this", "that",
];

/// A small fast hasher (the multiply–rotate of rustc's FxHash) for term and skill lookups.
/// Output order never depends on it: maps keyed with it are only probed, never iterated into
/// results.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            for (d, s) in b.iter_mut().zip(rest) {
                *d = *s;
            }
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map with [`Fx`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !crate::taxonomy::is_cjk(c) || matches!(c, '+' | '#')
}

fn lower_is_same(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_uppercase();
    }
    let mut l = c.to_lowercase();
    l.next() == Some(c) && l.next().is_none()
}

/// A token: a slice of the normalised text, or a lowercased word built in a buffer.
pub(crate) enum Tok<'a, 'b> {
    Slice(&'a str),
    Built(&'b str),
}

/// Calls `f` with every token of the normalised text `norm`, in order.
pub(crate) fn for_each_token<'a>(norm: &'a str, buf: &mut String, mut f: impl FnMut(Tok<'a, '_>)) {
    // Current Han run: byte start, the byte offsets of its characters.
    let mut han: Vec<usize> = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut word_built = false;
    let flush_han = |han: &mut Vec<usize>, end: usize, f: &mut dyn FnMut(Tok<'a, '_>)| {
        match han.len() {
            0 => {}
            1 => {
                if let Some(s) = han.first().and_then(|&s| norm.get(s..end)) {
                    f(Tok::Slice(s));
                }
            }
            n => {
                for i in 0..n - 1 {
                    let (Some(&s), e) = (han.get(i), han.get(i + 2).copied().unwrap_or(end)) else {
                        continue;
                    };
                    if let Some(t) = norm.get(s..e) {
                        f(Tok::Slice(t));
                    }
                }
            }
        }
        han.clear();
    };
    let flush_word = |start: &mut Option<usize>,
                      built: &mut bool,
                      buf: &mut String,
                      end: usize,
                      f: &mut dyn FnMut(Tok<'a, '_>)| {
        if let Some(s) = start.take() {
            if *built {
                if !STOP.contains(&buf.as_str()) {
                    f(Tok::Built(buf));
                }
            } else if let Some(w) = norm.get(s..end) {
                if !STOP.contains(&w) {
                    f(Tok::Slice(w));
                }
            }
        }
        *built = false;
        buf.clear();
    };
    let f: &mut dyn FnMut(Tok<'a, '_>) = &mut f;
    for (i, c) in norm.char_indices() {
        if c.is_ascii() {
            // The common case without the Unicode tables: ASCII is never CJK, a word character
            // when alphanumeric or `+`/`#`.
            if c.is_ascii_alphanumeric() || c == '+' || c == '#' {
                flush_han(&mut han, i, f);
                if word_start.is_none() {
                    word_start = Some(i);
                    buf.clear();
                }
                if word_built {
                    buf.push(c.to_ascii_lowercase());
                } else if c.is_ascii_uppercase() {
                    word_built = true;
                    if let Some(prev) = word_start.and_then(|s| norm.get(s..i)) {
                        buf.push_str(prev);
                    }
                    buf.push(c.to_ascii_lowercase());
                }
            } else {
                flush_word(&mut word_start, &mut word_built, buf, i, f);
                flush_han(&mut han, i, f);
            }
            continue;
        }
        if crate::taxonomy::is_cjk(c) && c.is_alphabetic() {
            flush_word(&mut word_start, &mut word_built, buf, i, f);
            han.push(i);
        } else if is_word_char(c) {
            flush_han(&mut han, i, f);
            if word_start.is_none() {
                word_start = Some(i);
                buf.clear();
            }
            if !word_built && !lower_is_same(c) {
                // Switch to the buffer: copy what came before, lowercased (it is unchanged).
                word_built = true;
                if let Some(prev) = word_start.and_then(|s| norm.get(s..i)) {
                    buf.push_str(prev);
                }
            }
            if word_built {
                buf.extend(c.to_lowercase());
            }
        } else {
            flush_word(&mut word_start, &mut word_built, buf, i, f);
            flush_han(&mut han, i, f);
        }
    }
    let end = norm.len();
    flush_word(&mut word_start, &mut word_built, buf, end, f);
    flush_han(&mut han, end, f);
}

/// Tokens of `text` in order.
#[cfg(test)]
pub fn tokens(text: &str) -> Vec<String> {
    let norm = crate::taxonomy::normalize(text);
    let mut out = Vec::new();
    let mut buf = String::new();
    for_each_token(&norm, &mut buf, |t| match t {
        Tok::Slice(s) | Tok::Built(s) => out.push(s.to_string()),
    });
    out
}

/// Distinct terms of a document with their counts, sorted by term, in one string arena.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermCounts {
    arena: String,
    /// Per term: end offset in `arena` (the start is the previous end).
    ends: Vec<u32>,
    counts: Vec<u32>,
}

impl TermCounts {
    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no term.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// (term, count), sorted by term.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        let starts = std::iter::once(0u32).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().zip(&self.counts))
            .map(|(s, (e, c))| (self.arena.get(s as usize..*e as usize).unwrap_or(""), *c))
    }

    fn term(&self, i: usize) -> &str {
        let s = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        let e = self.ends.get(i).copied().unwrap_or(s);
        self.arena.get(s as usize..e as usize).unwrap_or("")
    }

    /// The count of `term` (binary search).
    pub fn get(&self, term: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.term(mid).cmp(term) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.counts.get(mid).copied(),
            }
        }
        None
    }

    /// From (term, count) pairs sorted by term and distinct.
    fn from_sorted<'a>(pairs: impl Iterator<Item = (&'a str, u32)>) -> TermCounts {
        let mut out = TermCounts::default();
        for (t, c) in pairs {
            out.arena.push_str(t);
            out.ends
                .push(u32::try_from(out.arena.len()).unwrap_or(u32::MAX));
            out.counts.push(c);
        }
        out
    }

    /// As a sorted map.
    #[cfg(test)]
    pub fn to_map(&self) -> BTreeMap<String, u32> {
        self.iter().map(|(t, c)| (t.to_string(), c)).collect()
    }

    /// From a map.
    pub fn from_map(m: &BTreeMap<String, u32>) -> TermCounts {
        TermCounts::from_sorted(m.iter().map(|(t, c)| (t.as_str(), *c)))
    }
}

impl serde::Serialize for TermCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.len()))?;
        for (t, c) in self.iter() {
            m.serialize_entry(t, &c)?;
        }
        m.end()
    }
}

impl<'de> serde::Deserialize<'de> for TermCounts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let m = BTreeMap::<String, u32>::deserialize(d)?;
        Ok(TermCounts::from_map(&m))
    }
}

/// Term counts of `text` and its number of tokens.
pub fn term_counts(text: &str) -> (TermCounts, u32) {
    let norm = crate::taxonomy::normalize(text);
    let mut buf = String::new();
    let mut slices: FxMap<&str, u32> = FxMap::default();
    let mut built: BTreeMap<String, u32> = BTreeMap::new();
    let mut n = 0u32;
    for_each_token(&norm, &mut buf, |t| {
        n = n.saturating_add(1);
        match t {
            Tok::Slice(s) => *slices.entry(s).or_insert(0) += 1,
            Tok::Built(s) => match built.get_mut(s) {
                Some(c) => *c += 1,
                None => {
                    built.insert(s.to_string(), 1);
                }
            },
        }
    });
    let mut pairs: Vec<(&str, u32)> = slices.into_iter().collect();
    pairs.extend(built.iter().map(|(t, c)| (t.as_str(), *c)));
    pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
    // A built word may equal a slice elsewhere: merge neighbours.
    let mut merged: Vec<(&str, u32)> = Vec::with_capacity(pairs.len());
    for (t, c) in pairs {
        match merged.last_mut() {
            Some(last) if last.0 == t => last.1 = last.1.saturating_add(c),
            _ => merged.push((t, c)),
        }
    }
    (TermCounts::from_sorted(merged.into_iter()), n)
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
    query: &TermCounts,
    doc: &TermCounts,
    doc_len: f64,
    avg_len: f64,
    idf_of: impl Fn(&str) -> f64,
) -> f64 {
    let (mut score, mut max) = (0.0, 0.0);
    for (term, _) in query.iter() {
        let w = idf_of(term);
        max += w * (BM25_K1 + 1.0);
        if let Some(tf) = doc.get(term) {
            score += w * tf_part(f64::from(tf), doc_len, avg_len);
        }
    }
    if max > 0.0 {
        (score / max).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old tokenizer, kept as the reference.
    fn tokens_ref(text: &str) -> Vec<String> {
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

    #[test]
    fn same_tokens_as_the_reference() {
        for t in [
            "",
            "熟练掌握Python和SQL，3年以上工作经验",
            "The C++ and C# developer İstanbul ΣΊΣΥΦΟΣ straße",
            "王 芳 工作经历 2018.01-2023.12 数据分析师 a 中",
            "ÅNGSTRÖM x İ̇ǅ ǈ 中文English混合Word中",
            "\u{0130}abc DŽEMAL",
            "abcDEF xYz naïveÉCOLE ÉcoleABC C++Dev ǅabcD 中İx",
        ] {
            assert_eq!(tokens(t), tokens_ref(t), "{t}");
            let (tc, n) = term_counts(t);
            let mut m: BTreeMap<String, u32> = BTreeMap::new();
            for x in tokens_ref(t) {
                *m.entry(x).or_insert(0) += 1;
            }
            assert_eq!(tc.to_map(), m, "{t}");
            assert_eq!(n as usize, tokens_ref(t).len());
            for (k, v) in &m {
                assert_eq!(tc.get(k), Some(*v));
            }
            assert_eq!(tc.get("zzz-not-there"), None);
        }
    }
}
