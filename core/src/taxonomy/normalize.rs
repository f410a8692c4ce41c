//! Text normalisation for matching skill names, and the character-wise trie matcher built on it.
//!
//! Owns: the character folding rules (full-width → half-width, case folding, hyphens and
//! underscores as spaces, whitespace runs collapsed), the word-boundary rules for Latin
//! surfaces, the automatic spelling variants (`Spring Boot` → `springboot`, `Vue.js` →
//! `vuejs`) and the candidate selection (leftmost, then longest, non-overlapping).
//! Must not touch: the taxonomy content (see the parent module).

use std::collections::HashMap;

use crate::error::{Error, Result};

/// Folds one character: full-width ASCII forms (`Ｃ＋＋`) to ASCII, the ideographic space to a
/// space and the music sharp sign (`C♯`) to `#`. Everything else is returned unchanged.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{266F}' => '#',
        _ => c,
    }
}

/// Lower-cases one character when that gives exactly one character (`İ` stays as it is).
fn lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// Characters that separate words for matching: whitespace, `-`, `_` and the Unicode hyphens.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '\u{2010}' | '\u{2011}')
}

/// Han, kana, Hangul, CJK punctuation and full-width forms: scripts written without spaces,
/// where a surface may sit right next to other text.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
        | 0x2E80..=0x2FDF
        | 0x3000..=0x30FF
        | 0x3100..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x2FA1F)
}

/// A letter or digit of a script written with spaces (Latin, Greek, Cyrillic …).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !is_cjk(c) && c.is_alphanumeric()
    }
}

/// The matching form of a name: folded width, lower case, `-`/`_`/whitespace runs as one
/// space, trimmed. `normalize("  Ｃ＋＋ ")` is `"c++"`, `normalize("Spring-Boot")` is
/// `"spring boot"`.
pub fn normalize(s: &str) -> String {
    collapse(s, true)
}

/// [`normalize`] without the case folding (the form case-sensitive surfaces are compared in).
pub fn normalize_keep_case(s: &str) -> String {
    collapse(s, false)
}

fn collapse(s: &str, fold_case: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        let c = fold_width(c);
        if is_separator(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(if fold_case { lower(c) } else { c });
    }
    out
}

/// Spelling variants generated for a normalised surface: `node.js` → `nodejs`, `node js`;
/// two or three Latin words → the words joined (`spring boot` → `springboot`) when the result
/// has at least 6 characters.
pub(crate) fn variants(norm: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = norm.strip_suffix(".js") {
        if !stem.is_empty() && !stem.ends_with(' ') {
            out.push(format!("{stem}js"));
            out.push(format!("{stem} js"));
        }
    }
    let words: Vec<&str> = norm.split(' ').collect();
    if (2..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        let joined: String = words.concat();
        if joined.chars().count() >= 6 {
            out.push(joined);
        }
    }
    out
}

/// Text prepared for matching: the normalised string and, per byte of it, the byte offset in
/// the original text of the character it came from.
pub(crate) struct Prepared {
    /// Normalised text (lower case, separators collapsed; not trimmed).
    pub norm: String,
    /// Per byte of `norm`: the byte offset in the original text of its source character.
    pub orig: Vec<u32>,
}

impl Prepared {
    pub(crate) fn new(text: &str) -> Prepared {
        let mut norm = String::with_capacity(text.len());
        let mut orig: Vec<u32> = Vec::with_capacity(text.len());
        let mut last_space = false;
        for (bi, c) in text.char_indices() {
            let bi = bi as u32;
            if c.is_ascii() {
                if c.is_ascii_whitespace() || c == '-' || c == '_' || c == '\u{b}' {
                    if !last_space {
                        norm.push(' ');
                        orig.push(bi);
                        last_space = true;
                    }
                } else {
                    norm.push(c.to_ascii_lowercase());
                    orig.push(bi);
                    last_space = false;
                }
                continue;
            }
            let c = fold_width(c);
            if is_separator(c) {
                if !last_space {
                    norm.push(' ');
                    orig.push(bi);
                    last_space = true;
                }
                continue;
            }
            last_space = false;
            // Han and kana have no case: skip the case table for them.
            let l = if matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF) {
                c
            } else {
                lower(c)
            };
            norm.push(l);
            for _ in 0..l.len_utf8() {
                orig.push(bi);
            }
        }
        Prepared { norm, orig }
    }

    /// The original byte range of the normalised byte range `s..e` (`e > s`).
    fn original_range(&self, text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
        let start = *self.orig.get(s)? as usize;
        let last = *self.orig.get(e.checked_sub(1)?)? as usize;
        let len = text.get(last..)?.chars().next()?.len_utf8();
        Some((start, last + len))
    }
}

/// Who a pattern stands for: a skill (by index) or a blocker (a phrase that must not match).
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// Skill index, `None` for a blocker.
    pub skill: Option<u32>,
    /// For a case-sensitive surface, its exact (width-folded, collapsed) form.
    pub exact: Option<Box<str>>,
}

#[derive(Debug, Clone)]
struct Pattern {
    targets: Vec<Target>,
    check_right: bool,
    digits_ok: bool,
}

/// One surface offered to the matcher builder.
pub(crate) struct Surface {
    /// Skill index, `None` for a blocker.
    pub skill: Option<u32>,
    /// The surface as written.
    pub text: String,
    /// Match only in exactly this case.
    pub case_sensitive: bool,
    /// The skill's name (beats another skill's alias for the same surface).
    pub is_name: bool,
}

/// A surface several skills claim (reported, not an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    /// The normalised surface.
    pub surface: String,
    /// The skill ids claiming it; the first is the one matching returns.
    pub ids: Vec<String>,
}

#[derive(Debug, Clone)]
struct Entry {
    skill: Option<u32>,
    exact: Option<String>,
    is_name: bool,
    variant: bool,
    order: usize,
}

/// The automaton over every surface of a taxonomy.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    /// Character-wise double-array trie over every surface (value: pattern index); `None`
    /// when there is no surface.
    trie: Option<SurfaceTrie>,
    patterns: Vec<Pattern>,
    /// Normalised surface → skill indices in priority order, with whether it is the name.
    pub lookup: HashMap<String, Vec<(u32, bool)>>,
    /// Surfaces claimed by more than one skill, sorted by surface.
    pub ambiguous: Vec<(String, Vec<u32>)>,
}

/// The surface trie, shared between clones of a matcher (it is never modified once built).
#[derive(Clone)]
struct SurfaceTrie(std::sync::Arc<crawdad::Trie>);

impl std::fmt::Debug for SurfaceTrie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SurfaceTrie({} bytes)", self.0.heap_bytes())
    }
}

/// A selected match, as a byte range of the original text.
pub(crate) struct RawMatch {
    pub skill: u32,
    pub start: usize,
    pub end: usize,
}

impl Matcher {
    /// Builds the automaton. Tie rule for a surface several skills claim (in this order): a
    /// case-sensitive surface whose case matches wins; then an explicit surface over a generated
    /// variant; then a skill's own name over another skill's alias; then the skill that comes
    /// first in taxonomy order. Blockers lose to any skill surface.
    pub(crate) fn build(surfaces: Vec<Surface>) -> Result<Matcher> {
        // Keys in first-seen order (deterministic), with their entries.
        let mut index: HashMap<String, usize> = HashMap::with_capacity(surfaces.len() * 2);
        let mut by_key: Vec<(String, Vec<Entry>)> = Vec::with_capacity(surfaces.len() * 2);
        let push = |key: String, e: Entry, by_key: &mut Vec<(String, Vec<Entry>)>| {
            if key.is_empty() {
                return;
            }
            match index.get(&key) {
                Some(&i) => {
                    if let Some(slot) = by_key.get_mut(i) {
                        slot.1.push(e);
                    }
                }
                None => {
                    index.insert(key.clone(), by_key.len());
                    by_key.push((key, vec![e]));
                }
            }
        };
        let mut push = push;
        let mut generated = Vec::new();
        for (order, s) in surfaces.iter().enumerate() {
            let key = normalize(&s.text);
            let exact = if s.case_sensitive {
                Some(normalize_keep_case(&s.text))
            } else {
                None
            };
            if s.skill.is_some() && exact.is_none() {
                for v in variants(&key) {
                    generated.push((v, s.skill, order));
                }
            }
            push(
                key,
                Entry {
                    skill: s.skill,
                    exact,
                    is_name: s.is_name,
                    variant: false,
                    order,
                },
                &mut by_key,
            );
        }
        for (key, skill, order) in generated {
            push(
                key,
                Entry {
                    skill,
                    exact: None,
                    is_name: false,
                    variant: true,
                    order,
                },
                &mut by_key,
            );
        }

        let mut keys = Vec::with_capacity(by_key.len());
        let mut patterns = Vec::with_capacity(by_key.len());
        let mut lookup = HashMap::with_capacity(by_key.len());
        let mut ambiguous = Vec::new();
        for (key, mut entries) in by_key {
            let has_skill = entries.iter().any(|e| e.skill.is_some());
            if has_skill {
                entries.retain(|e| e.skill.is_some());
            }
            let has_explicit = entries.iter().any(|e| !e.variant);
            if has_explicit {
                entries.retain(|e| !e.variant);
            }
            entries.sort_by_key(|e| (e.exact.is_none(), !e.is_name, e.order));
            // One entry per (skill, exact form).
            let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
            for e in entries {
                if !kept
                    .iter()
                    .any(|k| k.skill == e.skill && k.exact == e.exact)
                {
                    kept.push(e);
                }
            }
            // Ambiguity: two skills with the same case-insensitive surface, or the same exact one.
            let mut claimants: Vec<u32> = Vec::new();
            for e in kept.iter().filter(|e| !e.variant) {
                let Some(skill) = e.skill else { continue };
                let clash = kept
                    .iter()
                    .any(|o| o.skill.is_some() && o.skill != e.skill && o.exact == e.exact);
                if clash && !claimants.contains(&skill) {
                    claimants.push(skill);
                }
            }
            if claimants.len() > 1 {
                ambiguous.push((key.clone(), claimants));
            }
            let mut refs: Vec<(u32, bool)> = Vec::new();
            let mut by_name: Vec<&Entry> = kept.iter().collect();
            by_name.sort_by_key(|e| (!e.is_name, e.order));
            for e in by_name {
                if let Some(skill) = e.skill {
                    if !refs.iter().any(|(s, _)| *s == skill) {
                        refs.push((skill, e.is_name));
                    }
                }
            }
            if !refs.is_empty() {
                lookup.insert(key.clone(), refs);
            }
            let last = key.chars().last();
            let pattern = Pattern {
                targets: kept
                    .into_iter()
                    .map(|e| Target {
                        skill: e.skill,
                        exact: e.exact.map(String::into_boxed_str),
                    })
                    .collect(),
                check_right: last.is_some_and(is_word_char),
                digits_ok: last.is_some_and(|c| c.is_ascii_alphabetic())
                    && key.chars().count() >= 3,
            };
            keys.push(key);
            patterns.push(pattern);
        }
        ambiguous.sort();
        // The trie wants its keys sorted and free of its end marker (a noncharacter no text
        // should contain; a surface with it is left out of text matching).
        let mut records: Vec<(&str, u32)> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| !k.is_empty() && !k.contains(crawdad::END_MARKER))
            .filter_map(|(i, k)| Some((k.as_str(), u32::try_from(i).ok()?)))
            .collect();
        records.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let trie = if records.is_empty() {
            None
        } else {
            let trie = crawdad::Trie::from_records(records)
                .map_err(|e| Error::Internal(format!("building the skill matcher: {e}")))?;
            Some(SurfaceTrie(std::sync::Arc::new(trie)))
        };
        Ok(Matcher {
            trie,
            patterns,
            lookup,
            ambiguous,
        })
    }

    /// Number of distinct normalised surfaces.
    pub(crate) fn surface_count(&self) -> usize {
        self.patterns.len()
    }

    /// Adds the match of pattern `pattern` at `s..e` of the prepared text to `cands` when it
    /// ends at a word boundary (or before digits where that is allowed) and, for a
    /// case-sensitive surface, its case matches.
    fn candidate(
        &self,
        text: &str,
        prep: &Prepared,
        s: usize,
        e: usize,
        pattern: usize,
        cands: &mut Vec<(usize, usize, u32)>,
    ) {
        let norm = prep.norm.as_str();
        let Some(p) = self.patterns.get(pattern) else {
            return;
        };
        if p.check_right {
            if let Some(next) = norm.get(e..).and_then(|t| t.chars().next()) {
                if is_word_char(next) && !(p.digits_ok && next.is_ascii_digit()) {
                    return;
                }
            }
        }
        let mut exact_form: Option<String> = None;
        let target = p.targets.iter().find(|t| match &t.exact {
            None => true,
            Some(x) => {
                let form = exact_form.get_or_insert_with(|| {
                    prep.original_range(text, s, e)
                        .and_then(|(a, b)| text.get(a..b))
                        .map(normalize_keep_case)
                        .unwrap_or_default()
                });
                form.as_str() == x.as_ref()
            }
        });
        if let Some(t) = target {
            cands.push((s, e, t.skill.unwrap_or(u32::MAX)));
        }
    }

    /// Every accepted match: leftmost first, then longest, never overlapping; blockers take
    /// part in the selection but are not returned.
    pub(crate) fn find(&self, text: &str, prep: &Prepared) -> Vec<RawMatch> {
        let norm = prep.norm.as_str();
        // (start, end, skill or u32::MAX for a blocker), byte ranges of `norm`
        let mut cands: Vec<(usize, usize, u32)> = Vec::new();
        // A surface starts at a non-space character; one starting with a word character or
        // `.` only where no word character precedes it (`r` is not found in `for`).
        let Some(SurfaceTrie(trie)) = &self.trie else {
            return Vec::new();
        };
        let mut prev_word = false;
        for (at, c) in norm.char_indices() {
            let word = is_word_char(c);
            let may_start = if word || c == '.' {
                !prev_word
            } else {
                c != ' '
            };
            prev_word = word;
            if !may_start {
                continue;
            }
            // Every surface starting at `at`, one trie step per character.
            let rest = norm.get(at..).unwrap_or_default();
            let mut chars = rest.char_indices();
            let mut end = at;
            let mut walked = 0usize;
            for (pattern, len) in trie.common_prefix_search(rest.chars()) {
                // `len` characters from `at`: advance the byte end to it.
                while walked < len {
                    let Some((i, ch)) = chars.next() else { break };
                    end = at + i + ch.len_utf8();
                    walked += 1;
                }
                self.candidate(text, prep, at, end, pattern as usize, &mut cands);
            }
        }
        cands.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut out = Vec::new();
        let mut last_end = 0usize;
        for (s, e, skill) in cands {
            if s < last_end {
                continue;
            }
            last_end = e;
            if skill != u32::MAX {
                if let Some((start, end)) = prep.original_range(text, s, e) {
                    out.push(RawMatch { skill, start, end });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_width_case_and_separators() {
        assert_eq!(normalize("  Ｃ＋＋ "), "c++");
        assert_eq!(normalize("Spring-Boot"), "spring boot");
        assert_eq!(normalize("Spring\t\n  Boot"), "spring boot");
        assert_eq!(normalize("C♯"), "c#");
        assert_eq!(normalize_keep_case("Ｇｏ"), "Go");
    }

    #[test]
    fn generates_variants() {
        assert_eq!(variants("node.js"), vec!["nodejs", "node js"]);
        assert_eq!(variants("spring boot"), vec!["springboot"]);
        assert!(variants("ms sql").is_empty(), "too short when joined");
        assert!(variants("python").is_empty());
    }

    fn surface(skill: u32, text: &str) -> Surface {
        Surface {
            skill: Some(skill),
            text: text.to_string(),
            case_sensitive: false,
            is_name: true,
        }
    }

    fn found(m: &Matcher, text: &str) -> Vec<(u32, usize, usize)> {
        m.find(text, &Prepared::new(text))
            .into_iter()
            .map(|r| (r.skill, r.start, r.end))
            .collect()
    }

    #[test]
    fn matcher_finds_longest_at_word_starts_only() {
        let m = Matcher::build(vec![
            surface(0, "Java"),
            surface(1, "JavaScript"),
            surface(2, "数据分析"),
            surface(3, "r"),
        ])
        .unwrap();
        // Longest at a start wins; `r` inside `for` is not a word start; Chinese matches anywhere.
        let text = "for JavaScript和数据分析, R";
        assert_eq!(found(&m, text), vec![(1, 4, 14), (2, 17, 29), (3, 31, 32)]);
    }

    #[test]
    fn matcher_without_usable_surfaces_finds_nothing_and_does_not_fail() {
        // No surfaces at all, and a surface holding the trie's end marker (U+FFFF): the builder
        // leaves the latter out of text matching instead of failing or panicking.
        let empty = Matcher::build(Vec::new()).unwrap();
        assert!(found(&empty, "Python").is_empty());
        let odd = Matcher::build(vec![surface(0, "a\u{ffff}b"), surface(1, "Go")]).unwrap();
        assert!(found(&odd, "a\u{ffff}b").is_empty());
        assert_eq!(found(&odd, "Go a\u{ffff}b"), vec![(1, 0, 2)]);
    }

    #[test]
    fn prepared_maps_back_to_original_positions() {
        let text = "a  Ｂ-c机";
        let p = Prepared::new(text);
        assert_eq!(p.norm, "a b c机");
        // Ｂ is 3 bytes at offset 3; 机 is 3 bytes in both.
        assert_eq!(p.orig, vec![0, 1, 3, 6, 7, 8, 8, 8]);
        assert_eq!(p.original_range(text, 2, 3), Some((3, 6)));
        assert_eq!(p.original_range(text, 5, 8), Some((8, 11)));
    }
}
