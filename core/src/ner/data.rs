//! Readers for annotated text: BMES/BIOES character files and CoNLL token files, and the span
//! logic (tags ⇄ entity spans) shared by training, tagging and evaluation.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One entity found in (or annotated on) a text. Offsets count Unicode code points (Rust
/// `char`s), `end` is exclusive, so `text == chars[start..end]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntitySpan {
    /// The entity type, as written in the training file (`ORG`, `TITLE`, `PER` …).
    #[serde(rename = "type")]
    pub entity_type: String,
    /// First code point of the entity.
    pub start: usize,
    /// One past the last code point of the entity.
    pub end: usize,
    /// The entity's text.
    pub text: String,
}

/// One annotated sentence: its characters and its gold entities (in order, never overlapping).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence's characters. For CoNLL input, tokens joined as described in [`Format`].
    pub chars: Vec<char>,
    /// The annotated entities, by start offset.
    pub entities: Vec<EntitySpan>,
    /// 1-based line number of the sentence's first line in its file.
    pub line: usize,
}

/// An annotated file, read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Corpus {
    /// The sentences, in file order (empty sentences are skipped).
    pub sentences: Vec<Sentence>,
    /// How many tags broke the BMES/BIOES sequence rules (an `M-`/`E-` that does not continue
    /// an open entity of its type, an entity left open by `O`, `B-`, `S-` or a sentence end)
    /// and were read leniently; always 0 for CoNLL (BIO) input.
    pub repaired_tags: usize,
}

impl Corpus {
    /// Every entity type in the corpus, sorted.
    pub fn types(&self) -> BTreeSet<String> {
        self.sentences
            .iter()
            .flat_map(|s| s.entities.iter().map(|e| e.entity_type.clone()))
            .collect()
    }

    /// The number of characters in all sentences.
    pub fn char_count(&self) -> usize {
        self.sentences.iter().map(|s| s.chars.len()).sum()
    }

    /// The number of gold entities in all sentences.
    pub fn entity_count(&self) -> usize {
        self.sentences.iter().map(|s| s.entities.len()).sum()
    }
}

/// The layout of an annotated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One `CHAR TAG` per line, a blank line between sentences; tags `O`, `B-T`, `M-T` (or
    /// `I-T`), `E-T`, `S-T` (BMES/BIOES). The usual format of Chinese NER corpora.
    Bmes,
    /// One `TOKEN … TAG` per line (whitespace-separated; the first column is the token, the last
    /// the tag, columns between are ignored), a blank line between sentences, `-DOCSTART-` lines
    /// ignored; tags BIO (`B-T`, `I-T`, `O`; `E-T`/`S-T` are accepted too). Tokens are joined into
    /// the sentence text with one space, except where both neighbouring characters are CJK.
    Conll,
}

impl Format {
    /// `"bmes"` (also `"bioes"`) or `"conll"` (also `"bio"`).
    pub fn parse(name: &str, field: &str) -> Result<Format> {
        match name {
            "bmes" | "bioes" => Ok(Format::Bmes),
            "conll" | "bio" => Ok(Format::Conll),
            _ => Err(invalid(field, format!("one of bmes, conll; got {name:?}"))),
        }
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Bmes => "bmes",
            Format::Conll => "conll",
        }
    }

    /// Reads `text` in this format; errors name lines as `"{source} line N"`.
    pub fn read(self, text: &str, source: &str) -> Result<Corpus> {
        match self {
            Format::Bmes => read_bmes(text, source),
            Format::Conll => read_conll(text, source),
        }
    }
}

/// Position of a tag inside its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Outside,
    Begin,
    Inside,
    End,
    Single,
}

/// Splits `O`, `B-T`, `M-T`, `I-T`, `E-T`, `S-T` into its part and type.
fn parse_tag(tag: &str) -> Option<(Part, &str)> {
    if tag == "O" {
        return Some((Part::Outside, ""));
    }
    let mut it = tag.char_indices();
    let (_, head) = it.next()?;
    let (_, dash) = it.next()?;
    if dash != '-' {
        return None;
    }
    let ty = tag.get(2..)?;
    if ty.is_empty() || ty.chars().any(char::is_whitespace) {
        return None;
    }
    let part = match head {
        'B' => Part::Begin,
        'M' | 'I' => Part::Inside,
        'E' => Part::End,
        'S' => Part::Single,
        _ => return None,
    };
    Some((part, ty))
}

/// Turns per-unit tags into entity spans over unit indices, leniently (conlleval-style): an
/// `M`/`I`/`E` that does not continue an open entity of its type starts a new one, and an entity
/// still open at `O`, `B`, `S` or the end is closed there. Returns the spans and the number of
/// tags that broke the strict BMES/BIOES rules.
pub(crate) fn decode_parts<'t>(tags: &[(Part, &'t str)]) -> (Vec<(&'t str, usize, usize)>, usize) {
    let mut spans = Vec::new();
    let mut repaired = 0;
    let mut open: Option<(&str, usize)> = None;
    for (i, &(part, ty)) in tags.iter().enumerate() {
        match part {
            Part::Outside | Part::Begin | Part::Single => {
                if let Some((t, s)) = open.take() {
                    spans.push((t, s, i));
                    repaired += 1;
                }
                match part {
                    Part::Begin => open = Some((ty, i)),
                    Part::Single => spans.push((ty, i, i + 1)),
                    _ => {}
                }
            }
            Part::Inside | Part::End => {
                let continues = matches!(open, Some((t, _)) if t == ty);
                if !continues {
                    if let Some((t, s)) = open.take() {
                        spans.push((t, s, i));
                    }
                    open = Some((ty, i));
                    repaired += 1;
                }
                if part == Part::End {
                    if let Some((t, s)) = open.take() {
                        spans.push((t, s, i + 1));
                    }
                }
            }
        }
    }
    if let Some((t, s)) = open.take() {
        spans.push((t, s, tags.len()));
        repaired += 1;
    }
    (spans, repaired)
}

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

const TAG_HELP: &str = "a tag O, B-TYPE, M-TYPE, I-TYPE, E-TYPE or S-TYPE";

/// The lines of a file with 1-based numbers, without `\r` and a leading byte-order mark.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
}

/// Reads a BMES/BIOES character file (see [`Format::Bmes`]).
pub fn read_bmes(text: &str, source: &str) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    let mut chars: Vec<char> = Vec::new();
    let mut tags: Vec<(Part, &str)> = Vec::new();
    let mut first_line = 0;
    for (n, line) in lines(text) {
        let mut fields = line.split_whitespace();
        let Some(token) = fields.next() else {
            flush(&mut corpus, &mut chars, &mut tags, first_line, true);
            continue;
        };
        let where_ = format!("{source} line {n}");
        let Some(tag) = fields.next() else {
            return Err(invalid(
                &where_,
                format!("`CHAR TAG` (one character, a space, {TAG_HELP}); got {line:?}"),
            ));
        };
        if fields.next().is_some() {
            return Err(invalid(
                &where_,
                format!("exactly two fields `CHAR TAG`; got {line:?}"),
            ));
        }
        let mut cs = token.chars();
        let (Some(c), None) = (cs.next(), cs.next()) else {
            return Err(invalid(
                &where_,
                format!("a single character before the tag; got {token:?} (use format \"conll\" for word tokens)"),
            ));
        };
        let parsed =
            parse_tag(tag).ok_or_else(|| invalid(&where_, format!("{TAG_HELP}; got {tag:?}")))?;
        if chars.is_empty() {
            first_line = n;
        }
        chars.push(c);
        tags.push(parsed);
    }
    flush(&mut corpus, &mut chars, &mut tags, first_line, true);
    Ok(corpus)
}

/// Characters that sit next to each other without a space when CoNLL tokens are joined.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

/// Reads a CoNLL token file (see [`Format::Conll`]).
pub fn read_conll(text: &str, source: &str) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    let mut chars: Vec<char> = Vec::new();
    // Tags per character: a token's tag spreads over its characters, and the space between two
    // tokens of one entity is inside it.
    let mut tags: Vec<(Part, &str)> = Vec::new();
    let mut first_line = 0;
    for (n, line) in lines(text) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(&token), Some(&tag)) = (fields.first(), fields.last()) else {
            flush(&mut corpus, &mut chars, &mut tags, first_line, false);
            continue;
        };
        if token == "-DOCSTART-" {
            flush(&mut corpus, &mut chars, &mut tags, first_line, false);
            continue;
        }
        let where_ = format!("{source} line {n}");
        if fields.len() < 2 {
            return Err(invalid(
                &where_,
                format!("`TOKEN TAG` (a token, whitespace, {TAG_HELP}); got {line:?}"),
            ));
        }
        let (part, ty) =
            parse_tag(tag).ok_or_else(|| invalid(&where_, format!("{TAG_HELP}; got {tag:?}")))?;
        if chars.is_empty() {
            first_line = n;
        }
        if let (Some(&prev), Some(next)) = (chars.last(), token.chars().next()) {
            if !(is_wide(prev) && is_wide(next)) {
                // The joining space belongs to the entity when this token continues one.
                let joined = match part {
                    Part::Inside | Part::End => (Part::Inside, ty),
                    _ => (Part::Outside, ""),
                };
                let continues =
                    matches!(tags.last(), Some((Part::Begin | Part::Inside, t)) if *t == ty);
                chars.push(' ');
                tags.push(if continues {
                    joined
                } else {
                    (Part::Outside, "")
                });
            }
        }
        let count = token.chars().count();
        for (k, c) in token.chars().enumerate() {
            chars.push(c);
            let p = match (part, k == 0, k + 1 == count) {
                (Part::Outside, _, _) => Part::Outside,
                (Part::Single, true, true) => Part::Single,
                (Part::Single | Part::Begin, true, false) => Part::Begin,
                (Part::Begin, true, true) => Part::Begin,
                (Part::Single | Part::End, _, true) => Part::End,
                _ => Part::Inside,
            };
            tags.push((p, ty));
        }
    }
    flush(&mut corpus, &mut chars, &mut tags, first_line, false);
    Ok(corpus)
}

fn flush(
    corpus: &mut Corpus,
    chars: &mut Vec<char>,
    tags: &mut Vec<(Part, &str)>,
    line: usize,
    strict: bool,
) {
    if chars.is_empty() {
        return;
    }
    let (spans, repaired) = decode_parts(tags);
    if strict {
        corpus.repaired_tags += repaired;
    }
    let entities = spans
        .into_iter()
        .map(|(ty, s, e)| EntitySpan {
            entity_type: ty.to_string(),
            start: s,
            end: e,
            text: chars.get(s..e).unwrap_or_default().iter().collect(),
        })
        .collect();
    corpus.sentences.push(Sentence {
        chars: std::mem::take(chars),
        entities,
        line,
    });
    tags.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(tags: &[&str]) -> (Vec<(String, usize, usize)>, usize) {
        let parsed: Vec<_> = tags.iter().map(|t| parse_tag(t).unwrap()).collect();
        let (s, r) = decode_parts(&parsed);
        (
            s.into_iter()
                .map(|(t, a, b)| (t.to_string(), a, b))
                .collect(),
            r,
        )
    }

    #[test]
    fn strict_sequences_need_no_repair() {
        let (s, r) = spans(&["B-ORG", "M-ORG", "E-ORG", "O", "S-LOC", "B-X", "E-X"]);
        assert_eq!(r, 0);
        assert_eq!(
            s,
            vec![
                ("ORG".into(), 0, 3),
                ("LOC".into(), 4, 5),
                ("X".into(), 5, 7)
            ]
        );
    }

    #[test]
    fn broken_sequences_are_repaired_and_counted() {
        // M without B, entity left open by O, E of another type, open at the end.
        let (s, r) = spans(&["M-ORG", "E-ORG", "B-A", "O", "B-A", "E-B", "B-C"]);
        assert_eq!(
            s,
            vec![
                ("ORG".into(), 0, 2),
                ("A".into(), 2, 3),
                ("A".into(), 4, 5),
                ("B".into(), 5, 6),
                ("C".into(), 6, 7)
            ]
        );
        assert_eq!(r, 4);
    }

    #[test]
    fn tags_are_parsed() {
        assert_eq!(parse_tag("I-PER"), Some((Part::Inside, "PER")));
        assert_eq!(parse_tag("B-"), None);
        assert_eq!(parse_tag("X-ORG"), None);
        assert_eq!(parse_tag("BORG"), None);
        assert_eq!(parse_tag("o"), None);
    }
}
