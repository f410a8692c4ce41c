//! The normalised text every evidence span points into, its lines, and offsets in code points.
//!
//! Normalisation is "NFKC-ish": only the foldings a resume parser needs, each one character to at
//! most two, done in one linear pass — full-width ASCII (`Ｐｙｔｈｏｎ：１３８`) to half-width,
//! ideographic and other spaces to a space, every dash (`‐ ‒ – — ― − ﹣`) to `-`, every tilde or
//! wave dash (`～ 〜 ∼`) to `~`, the ligatures `ﬁ ﬂ ﬀ ﬃ ﬄ` to letters; zero-width characters,
//! soft hyphens and control characters other than tab and newline are dropped; `\r\n`, `\r` and
//! the Unicode line separators become `\n`. CJK text is kept as it is. Trailing blanks of each
//! line are dropped and runs of blank lines shortened to one.

use std::cell::OnceCell;

use crate::schema::Span;

/// True for characters copied as they are: printable ASCII, and everything from U+00A1 up
/// except the few ranges normalisation folds or drops.
fn is_plain(c: char) -> bool {
    let u = c as u32;
    if (0x21..=0x7E).contains(&u) {
        return true;
    }
    if u < 0xA1 {
        return false;
    }
    !matches!(
        u,
        0xAD | 0x02DC
            | 0x1680
            | 0x2000..=0x206F
            | 0x2212
            | 0x223C
            | 0x2E3A
            | 0x2E3B
            | 0x3000
            | 0x301C
            | 0xFB00..=0xFB04
            | 0xFE58
            | 0xFE63
            | 0xFEFF
            | 0xFF01..=0xFF5F
            | 0xFFE0..=0xFFE6
    )
}

/// Normalises decoded text (see the module documentation).
pub(crate) fn normalise(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    // Blanks not yet written: they are written only when something follows on the same line.
    let mut pending_blanks = String::new();
    let mut newlines = 0usize;
    // Writes the line breaks and blanks due before a visible character.
    fn flush(out: &mut String, pending: &mut String, newlines: &mut usize) {
        if *newlines > 0 && !out.is_empty() {
            out.push('\n');
            if *newlines > 1 {
                out.push('\n');
            }
        }
        *newlines = 0;
        if !pending.is_empty() {
            out.push_str(pending);
            pending.clear();
        }
    }
    // Plain characters are copied in runs.
    let mut run_start: Option<usize> = None;
    let mut after_cr = false;
    let bytes = input.as_bytes();
    let printable = |b: u8| (0x21..=0x7E).contains(&b);
    let mut next = 0usize;
    while next < bytes.len() {
        if run_start.is_some() {
            // Inside a run, printable ASCII and single spaces before more of it are copied as
            // they are (a space there would be written before the next character anyway):
            // skipped without decoding, the bulk of most resumes.
            while let Some(&b) = bytes.get(next) {
                if printable(b) || (b == b' ' && bytes.get(next + 1).is_some_and(|&n| printable(n)))
                {
                    next += 1;
                } else {
                    break;
                }
            }
        }
        let Some(c) = input.get(next..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let i = next;
        next += c.len_utf8();
        if is_plain(c) {
            if run_start.is_none() {
                if newlines > 0 || !pending_blanks.is_empty() {
                    flush(&mut out, &mut pending_blanks, &mut newlines);
                }
                run_start = Some(i);
            }
            after_cr = false;
            continue;
        }
        if let Some(s) = run_start.take() {
            out.push_str(input.get(s..i).unwrap_or(""));
        }
        if c == '\n' && after_cr {
            after_cr = false;
            continue;
        }
        after_cr = c == '\r';
        let mapped: Mapped = match c {
            '\r' => Mapped::Newline,
            '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Mapped::Newline,
            '\t' => Mapped::Blank('\t'),
            ' '
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}' => Mapped::Blank(' '),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => Mapped::Drop,
            c if c.is_control() => Mapped::Drop,
            '\u{FF01}'..='\u{FF5E}' => {
                // Full-width ASCII: U+FF01..U+FF5E map to U+0021..U+007E.
                Mapped::One(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c))
            }
            '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '\u{FE58}'
            | '\u{FE63}'
            | '\u{2E3A}'
            | '\u{2E3B}' => Mapped::One('-'),
            '\u{301C}' | '\u{223C}' | '\u{2053}' | '\u{02DC}' | '\u{FF5F}' => Mapped::One('~'),
            '\u{FFE0}' => Mapped::One('¢'),
            '\u{FFE1}' => Mapped::One('£'),
            '\u{FFE5}' => Mapped::One('¥'),
            '\u{FB00}' => Mapped::Two('f', 'f'),
            '\u{FB01}' => Mapped::Two('f', 'i'),
            '\u{FB02}' => Mapped::Two('f', 'l'),
            '\u{FB03}' => Mapped::Three('f', 'f', 'i'),
            '\u{FB04}' => Mapped::Three('f', 'f', 'l'),
            other => Mapped::One(other),
        };
        match mapped {
            Mapped::Drop => {}
            Mapped::Newline => {
                pending_blanks.clear();
                newlines += 1;
            }
            Mapped::Blank(b) => pending_blanks.push(b),
            Mapped::One(a) => {
                flush(&mut out, &mut pending_blanks, &mut newlines);
                out.push(a);
            }
            Mapped::Two(a, b) => {
                flush(&mut out, &mut pending_blanks, &mut newlines);
                out.push(a);
                out.push(b);
            }
            Mapped::Three(a, b, c) => {
                flush(&mut out, &mut pending_blanks, &mut newlines);
                out.push(a);
                out.push(b);
                out.push(c);
            }
        }
    }
    if let Some(s) = run_start {
        out.push_str(input.get(s..).unwrap_or(""));
    }
    out
}

enum Mapped {
    Drop,
    Newline,
    Blank(char),
    One(char),
    Two(char, char),
    Three(char, char, char),
}

/// One line of the normalised text: byte offsets, `end` before the `\n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    /// First byte.
    pub start: usize,
    /// One past the last byte, excluding the newline.
    pub end: usize,
}

/// The normalised text with its lines and a byte ↔ code-point index.
pub(crate) struct Doc {
    /// The normalised text (`raw_text`).
    pub text: String,
    /// Its lines.
    pub lines: Vec<Line>,
    /// The byte ↔ code-point index; `None` for ASCII text, where the two are the same.
    index: Option<CharIndex>,
}

/// Bytes per block of [`CharIndex`] (the bits of its masks).
const BLOCK: usize = 64;

/// Byte ↔ code-point index of a non-ASCII text, in constant time either way (up to a binary
/// search over the blocks for [`Doc::byte_of`]): per block of [`BLOCK`] bytes, the code points
/// before it and a mask of the bytes starting a character.
struct CharIndex {
    /// Code points before each block, then the total (one entry more than `starts`).
    before: Vec<usize>,
    /// Per block: bit `i` is set when byte `BLOCK·k + i` starts a character.
    starts: Vec<u64>,
    /// Code points before each checkpoint (a char boundary every [`CHECKPOINT`] bytes or
    /// more), built on first use: what [`Doc::char_of`] has always answered for a byte inside
    /// a character, kept so that such calls give what they gave before.
    checkpoints: OnceCell<Vec<(usize, usize)>>,
}

const CHECKPOINT: usize = 64;

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let bytes = text.as_bytes();
        let blocks = bytes.len().div_ceil(BLOCK);
        let mut before = Vec::with_capacity(blocks + 1);
        let mut starts = Vec::with_capacity(blocks);
        let mut count = 0usize;
        for block in bytes.chunks(BLOCK) {
            let mut mask = 0u64;
            for (i, &b) in block.iter().enumerate() {
                // Every byte but a UTF-8 continuation byte (`10xxxxxx`) starts a character.
                mask |= u64::from((b & 0xC0) != 0x80) << i;
            }
            before.push(count);
            starts.push(mask);
            count += mask.count_ones() as usize;
        }
        before.push(count);
        CharIndex {
            before,
            starts,
            checkpoints: OnceCell::new(),
        }
    }

    /// The code-point offset at `byte` (at most `len`, the text length) when it is a char
    /// boundary.
    fn char_at(&self, byte: usize, len: usize) -> Option<usize> {
        if byte >= len {
            return self.before.last().copied();
        }
        let (k, i) = (byte / BLOCK, byte % BLOCK);
        let mask = *self.starts.get(k)?;
        if mask & (1u64 << i) == 0 {
            return None;
        }
        let below = mask & ((1u64 << i) - 1);
        Some(self.before.get(k).copied().unwrap_or(0) + below.count_ones() as usize)
    }

    /// The byte offset of code point `ch`, `None` past the end.
    fn byte_at(&self, ch: usize, len: usize) -> Option<usize> {
        let total = self.before.last().copied().unwrap_or(0);
        if ch >= total {
            return (ch == total).then_some(len);
        }
        // The block where character `ch` starts: the last one with no more code points before it.
        let k = self.before.partition_point(|&c| c <= ch).checked_sub(1)?;
        let mut mask = *self.starts.get(k)?;
        for _ in 0..ch - self.before.get(k)? {
            mask &= mask - 1;
        }
        Some(k * BLOCK + mask.trailing_zeros() as usize)
    }

    /// [`Doc::char_of`] of a byte inside a character, as it has always been answered: the code
    /// points before the last checkpoint at or before it.
    fn char_inside(&self, text: &str, byte: usize) -> usize {
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut out = Vec::new();
            let mut next = 0usize;
            for (chars, (b, _)) in text.char_indices().enumerate() {
                if b >= next {
                    out.push((b, chars));
                    next = b + CHECKPOINT;
                }
            }
            out
        });
        let i = checkpoints.partition_point(|&(b, _)| b <= byte);
        i.checked_sub(1)
            .and_then(|j| checkpoints.get(j))
            .map_or(0, |&(_, c)| c)
    }
}

impl Doc {
    /// Builds the document over already-normalised text.
    pub fn new(text: String) -> Doc {
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                lines.push(Line { start, end: i });
                start = i + 1;
            }
        }
        if start < text.len() || text.is_empty() {
            lines.push(Line {
                start,
                end: text.len(),
            });
        }
        let index = (!text.is_ascii()).then(|| CharIndex::new(&text));
        Doc { text, lines, index }
    }

    /// The text of line `i` (empty when out of range).
    pub fn line(&self, i: usize) -> &str {
        self.lines
            .get(i)
            .and_then(|l| self.text.get(l.start..l.end))
            .unwrap_or("")
    }

    /// A slice of the text by byte offsets (empty when not on char boundaries).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The code-point offset of a byte offset (which must be a char boundary).
    pub fn char_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let Some(index) = &self.index else {
            return byte;
        };
        match index.char_at(byte, self.text.len()) {
            Some(c) => c,
            None => index.char_inside(&self.text, byte),
        }
    }

    /// The byte offset of a code-point offset, `None` past the end.
    pub fn byte_of(&self, ch: usize) -> Option<usize> {
        match &self.index {
            None => (ch <= self.text.len()).then_some(ch),
            Some(index) => index.byte_at(ch, self.text.len()),
        }
    }

    /// A span over bytes `[start, end)` carrying its text.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.char_of(start) as u64,
            end: self.char_of(end) as u64,
            text: Some(self.slice(start, end).to_string()),
            extra: Default::default(),
        }
    }

    /// [`Doc::span`] as JSON, built directly (faster than serialising a [`Span`]).
    pub fn span_value(&self, start: usize, end: usize) -> serde_json::Value {
        let mut m = serde_json::Map::with_capacity(3);
        m.insert(
            "start".into(),
            serde_json::Value::from(self.char_of(start) as u64),
        );
        m.insert(
            "end".into(),
            serde_json::Value::from(self.char_of(end) as u64),
        );
        m.insert(
            "text".into(),
            serde_json::Value::String(self.slice(start, end).to_string()),
        );
        serde_json::Value::Object(m)
    }

    /// [`Doc::block_span`] as JSON.
    pub fn block_span_value(&self, start: usize, end: usize) -> serde_json::Value {
        let mut m = serde_json::Map::with_capacity(2);
        m.insert(
            "start".into(),
            serde_json::Value::from(self.char_of(start) as u64),
        );
        m.insert(
            "end".into(),
            serde_json::Value::from(self.char_of(end) as u64),
        );
        serde_json::Value::Object(m)
    }

    /// A span over bytes `[start, end)` without its text (for whole entries).
    pub fn block_span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.char_of(start) as u64,
            end: self.char_of(end) as u64,
            text: None,
            extra: Default::default(),
        }
    }
}

/// A byte range of the normalised text.
pub(crate) type Range = (usize, usize);

/// `[start, end)` of `text` (absolute offsets into `full`) without surrounding blanks and the
/// given extra characters.
pub(crate) fn trim_range(full: &str, (start, end): Range, extra: &[char]) -> Range {
    let Some(s) = full.get(start..end) else {
        return (start, start);
    };
    let trim = |c: char| c.is_whitespace() || extra.contains(&c);
    let left = s.len() - s.trim_start_matches(trim).len();
    let right = s.trim_end_matches(trim).len();
    if right <= left {
        return (start + left, start + left);
    }
    (start + left, start + right)
}

/// Splits `[start, end)` of `full` into segments at separators: `|`, tab, two or more spaces,
/// a single space next to a Chinese character or between digits and letters, `,`, `;`, `，`,
/// `；`, `、` (when `enum_comma`), `·`, `•`, and `/` or `-` surrounded by spaces. Empty
/// segments are dropped; each segment is trimmed.
pub(crate) fn segments(full: &str, (start, end): Range, enum_comma: bool) -> Vec<Range> {
    let mut out = Vec::new();
    let Some(s) = full.get(start..end) else {
        return out;
    };
    let mut seg_start = 0usize;
    let mut iter = s.char_indices().peekable();
    let mut prev_space = false;
    let mut prev: Option<char> = None;
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        // A single space splits where Chinese meets anything, or digits meet letters.
        let single_space_splits = |p: char, n: char| {
            is_han(p)
                || is_han(n)
                || (p.is_ascii_digit() && n.is_alphabetic())
                || (p.is_alphabetic() && n.is_ascii_digit())
        };
        let sep_len = match c {
            '|' | '\t' | ',' | ';' | '，' | '；' | '·' | '•' | '●' | '▪' | '◆' | '■' => {
                Some(c.len_utf8())
            }
            '、' if enum_comma => Some(c.len_utf8()),
            ' ' if next == Some(' ') || next == Some('\t') => Some(1),
            ' ' if prev
                .zip(next)
                .is_some_and(|(p, n)| single_space_splits(p, n)) =>
            {
                Some(1)
            }
            '/' if prev_space && next == Some(' ') => Some(1),
            '-' if prev_space && next == Some(' ') => Some(1),
            _ => None,
        };
        prev_space = c == ' ';
        prev = Some(c);
        if let Some(len) = sep_len {
            let r = trim_range(full, (start + seg_start, start + i), &[]);
            if r.1 > r.0 {
                out.push(r);
            }
            seg_start = i + len;
        }
    }
    let r = trim_range(full, (start + seg_start, end), &[]);
    if r.1 > r.0 {
        out.push(r);
    }
    out
}

/// The length in bytes of a list marker at the start of `line` (after leading blanks):
/// `-`, `•`, `·`, `*`, `●`, `▪`, `◆`, `■`, `○`, `➢`, `✓`, `1.`, `1、`, `1)`, `(1)`, `①`.
pub(crate) fn bullet_len(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let mut chars = trimmed.char_indices();
    let (_, first) = chars.next()?;
    if matches!(
        first,
        '-' | '•'
            | '·'
            | '*'
            | '●'
            | '▪'
            | '◆'
            | '■'
            | '○'
            | '◦'
            | '➢'
            | '✓'
            | '►'
            | '▶'
            | '>'
    ) {
        return Some(lead + first.len_utf8());
    }
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        return Some(lead + first.len_utf8());
    }
    if first == '(' {
        let close = trimmed.find(')')?;
        let inner = trimmed.get(1..close)?;
        let numeric = !inner.is_empty()
            && inner.len() <= 3
            && inner
                .chars()
                .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
        return numeric.then_some(lead + close + 1);
    }
    if first.is_ascii_digit() {
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        if digits <= 2 {
            let rest = trimmed.get(digits..)?;
            let sep = rest.chars().next()?;
            let after = rest.get(sep.len_utf8()..)?.chars().next();
            // `1.` followed by a digit is a number (`3.8`), not a marker.
            if matches!(sep, '.' | '、' | ')') && !after.is_some_and(|c| c.is_ascii_digit()) {
                return Some(lead + digits + sep.len_utf8());
            }
        }
    }
    None
}

/// True when `s` holds four digits starting `19` or `20`: the cheap test before looking for
/// dates with a regular expression.
pub(crate) fn has_year(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(4).any(|w| {
        matches!(w, [b'1', b'9', c, d] | [b'2', b'0', c, d] if c.is_ascii_digit() && d.is_ascii_digit())
    })
}

/// Lower-case hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// True for CJK ideographs (the Han script, basic block and extension A).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// True when the byte before `start` and the byte at `end` are not ASCII letters or digits.
pub(crate) fn ascii_isolated(full: &str, start: usize, end: usize) -> bool {
    let b = full.as_bytes();
    let before = start
        .checked_sub(1)
        .and_then(|i| b.get(i))
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let after = b.get(end).is_some_and(|c| c.is_ascii_alphanumeric());
    !before && !after
}

/// True when the bytes around `[start, end)` are not ASCII digits.
pub(crate) fn digit_isolated(full: &str, start: usize, end: usize) -> bool {
    let b = full.as_bytes();
    let before = start
        .checked_sub(1)
        .and_then(|i| b.get(i))
        .is_some_and(|c| c.is_ascii_digit());
    let after = b.get(end).is_some_and(|c| c.is_ascii_digit());
    !before && !after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_dashes_and_tildes() {
        assert_eq!(normalise("Ｐｙｔｈｏｎ：１３８"), "Python:138");
        assert_eq!(normalise("2019.03–2021.06"), "2019.03-2021.06");
        assert_eq!(normalise("2019〜2021～至今"), "2019~2021~至今");
        assert_eq!(normalise("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd");
        assert_eq!(normalise("x \t \n\n\n\ny  \n"), "x\n\ny");
        assert_eq!(normalise("\u{FEFF}张\u{200B}伟\u{3000}先生"), "张伟 先生");
        assert_eq!(normalise("ﬁnance"), "finance");
    }

    #[test]
    fn offsets_round_trip() {
        let text = "张伟\nPython 与 SQL ".repeat(100);
        let doc = Doc::new(normalise(&text));
        for (b, _) in doc.text.char_indices().step_by(7) {
            let c = doc.char_of(b);
            assert_eq!(doc.text[..b].chars().count(), c);
            assert_eq!(doc.byte_of(c), Some(b));
        }
        assert_eq!(doc.byte_of(doc.text.chars().count()), Some(doc.text.len()));
        assert_eq!(doc.byte_of(doc.text.chars().count() + 1), None);
    }

    #[test]
    fn offsets_agree_with_counting_everywhere() {
        let text = "Résumé 张伟 😀 Python、SQL，熟悉 Rust\n".repeat(40);
        let doc = Doc::new(normalise(&text));
        let t = doc.text.as_str();
        let total = t.chars().count();
        // The checkpoints `char_of` has always answered from inside a character.
        let mut checkpoints = Vec::new();
        let mut next = 0usize;
        for (chars, (b, _)) in t.char_indices().enumerate() {
            if b >= next {
                checkpoints.push((b, chars));
                next = b + CHECKPOINT;
            }
        }
        for byte in 0..=t.len() + 3 {
            let expected = if byte >= t.len() {
                total
            } else if t.is_char_boundary(byte) {
                t[..byte].chars().count()
            } else {
                checkpoints
                    .iter()
                    .rev()
                    .find(|&&(b, _)| b <= byte)
                    .map_or(0, |&(_, c)| c)
            };
            assert_eq!(doc.char_of(byte), expected, "byte {byte}");
        }
        for ch in 0..=total + 2 {
            let expected = match t.char_indices().nth(ch) {
                Some((b, _)) => Some(b),
                None => (ch == total).then_some(t.len()),
            };
            assert_eq!(doc.byte_of(ch), expected, "char {ch}");
        }
    }

    #[test]
    fn splits_segments() {
        let s = "北京大学 | 计算机科学  本科, 2019";
        let segs: Vec<&str> = segments(s, (0, s.len()), false)
            .into_iter()
            .map(|(a, b)| &s[a..b])
            .collect();
        assert_eq!(segs, ["北京大学", "计算机科学", "本科", "2019"]);
    }
}
