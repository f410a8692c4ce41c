//! Filler words and word counts from a transcript (zh and en).
//!
//! Forms counted, in the order reported: `嗯 呃 啊 那个 就是 然后` and `um uh er like you know
//! i mean`. Spelling variants fold into one form (`umm`, `uhm` → `um`; `uhh` → `uh`; `erm`,
//! `err` → `er`). Several forms are also ordinary words, so they count only in filler position:
//!
//! - `啊` only at the start of a clause (after the start of the text, punctuation or a space),
//!   not as a sentence-final particle (`好啊`);
//! - `那个`, `就是`, `然后` only when followed by punctuation or a space, or immediately repeated
//!   (`然后然后`), or followed by another filler; not at the very end of the text (`对，就是`);
//! - `like` only when set off by a comma, dash or ellipsis on either side, or next to another
//!   filler (`um like`); never before sentence-final punctuation (`things I like.`). A `like`
//!   without punctuation (`it was like really big`) is *not* counted: transcripts without
//!   punctuation under-count it;
//! - `you know` and `i mean` only when followed by punctuation other than `?` or by another
//!   filler, and `you know` not after `do`/`did`/`does`/`don't`/`didn't`/`if`/`as`.
//!
//! A run of the same single-character form (`嗯嗯`) counts once. Words are Latin-script words
//! (letters, digits, apostrophes) plus CJK characters, each CJK character counting as one word
//! (one syllable), fillers included.

/// Every filler form, in report order.
pub const FILLER_FORMS: [&str; 12] = [
    "嗯", "呃", "啊", "那个", "就是", "然后", "um", "uh", "er", "like", "you know", "i mean",
];

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Word(String),
    Cjk(char),
    /// Punctuation; the char is kept to tell `?` from other marks.
    Punct(char),
}

/// A token and whether whitespace came before it.
#[derive(Debug, Clone, PartialEq)]
struct Tok {
    kind: Kind,
    space_before: bool,
}

/// True for CJK ideographs (and the CJK extension blocks); these count one word each.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut space = false;
    let mut word_space = false;
    for c in text.chars() {
        let in_word =
            c.is_alphanumeric() && !is_cjk(c) || ((c == '\'' || c == '’') && !word.is_empty());
        if in_word {
            if word.is_empty() {
                word_space = space;
                space = false;
            }
            if c == '’' {
                word.push('\'');
            } else {
                word.extend(c.to_lowercase());
            }
            continue;
        }
        if !word.is_empty() {
            out.push(Tok {
                kind: Kind::Word(std::mem::take(&mut word)),
                space_before: word_space,
            });
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let kind = if is_cjk(c) {
            Kind::Cjk(c)
        } else {
            Kind::Punct(c)
        };
        out.push(Tok {
            kind,
            space_before: space,
        });
        space = false;
    }
    if !word.is_empty() {
        out.push(Tok {
            kind: Kind::Word(word),
            space_before: word_space,
        });
    }
    out
}

/// Number of words in `text`: Latin-script words plus CJK characters.
pub fn count_words(text: &str) -> u64 {
    tokenize(text)
        .iter()
        .filter(|t| matches!(t.kind, Kind::Word(_) | Kind::Cjk(_)))
        .count() as u64
}

/// Filler counts of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FillerCounts {
    /// Fillers found.
    pub total: u64,
    /// Words in the text (Latin words plus CJK characters, fillers included).
    pub words: u64,
    /// Count per form, in [`FILLER_FORMS`] order, forms with a zero count left out.
    pub by_form: Vec<(String, u64)>,
}

/// Folds spelling variants of the hesitation sounds: `umm`/`uhm` → `um`, `uhh` → `uh`,
/// `erm`/`err` → `er`.
fn fold_en(word: &str) -> Option<&'static str> {
    let rest_all = |c: char| word.len() >= 2 && word.chars().skip(1).all(|x| x == c);
    match word {
        "uhm" | "uhmm" => Some("um"),
        "er" | "err" | "erm" | "errm" => Some("er"),
        _ if word.starts_with('u') && rest_all('m') => Some("um"),
        _ if word.starts_with('u') && rest_all('h') => Some("uh"),
        _ => None,
    }
}

fn is_comma_like(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | '、' | '-' | '—' | '–' | '…' | ';' | '；' | ':' | '：'
    )
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '。' | '!' | '！' | '?' | '？')
}

/// Counts filler words in a transcript (see the module doc for the rules).
pub fn count_fillers(text: &str) -> FillerCounts {
    let toks = tokenize(text);
    let words = toks
        .iter()
        .filter(|t| matches!(t.kind, Kind::Word(_) | Kind::Cjk(_)))
        .count() as u64;
    let mut counts = [0u64; FILLER_FORMS.len()];
    let mut add = |form: &str| {
        if let Some(k) = FILLER_FORMS.iter().position(|f| *f == form) {
            counts[k] += 1;
        }
    };

    // The unambiguous forms; being next to one makes `like` and friends count.
    let sure: Vec<bool> = toks
        .iter()
        .map(|t| match &t.kind {
            Kind::Word(w) => fold_en(w).is_some(),
            Kind::Cjk(c) => matches!(c, '嗯' | '呃'),
            Kind::Punct(_) => false,
        })
        .collect();
    let sure_at = |i: usize| sure.get(i).copied().unwrap_or(false);
    let kind_at = |i: usize| toks.get(i).map(|t| &t.kind);
    let punct_at = |i: usize| match kind_at(i) {
        Some(Kind::Punct(c)) => Some(*c),
        _ => None,
    };
    let word_at = |i: usize| match kind_at(i) {
        Some(Kind::Word(w)) => Some(w.as_str()),
        _ => None,
    };
    // A break after token i: punctuation or whitespace follows it (not the end of the text).
    let break_after = |i: usize| match toks.get(i + 1) {
        Some(t) => t.space_before || matches!(t.kind, Kind::Punct(_)),
        None => false,
    };
    let clause_start = |i: usize| match toks.get(i) {
        Some(t) => i == 0 || t.space_before || punct_at(i - 1).is_some(),
        None => false,
    };

    let mut i = 0;
    while let Some(tok) = toks.get(i) {
        match &tok.kind {
            Kind::Cjk(c @ ('嗯' | '呃' | '啊')) => {
                let counted = *c != '啊' || clause_start(i);
                // A run of the same character counts once.
                let mut j = i + 1;
                while kind_at(j) == Some(&tok.kind) && !toks[j].space_before {
                    j += 1;
                }
                if counted {
                    add(&c.to_string());
                }
                i = j;
                continue;
            }
            Kind::Cjk(a) => {
                let form = match (a, kind_at(i + 1)) {
                    ('那', Some(Kind::Cjk('个'))) => Some("那个"),
                    ('就', Some(Kind::Cjk('是'))) => Some("就是"),
                    ('然', Some(Kind::Cjk('后'))) => Some("然后"),
                    _ => None,
                };
                if let Some(form) = form {
                    let repeated =
                        kind_at(i + 2) == Some(&tok.kind) && kind_at(i + 3) == kind_at(i + 1);
                    let before_filler =
                        sure_at(i + 2) || matches!(kind_at(i + 2), Some(Kind::Cjk('啊')));
                    if break_after(i + 1) || repeated || before_filler {
                        add(form);
                        i += 2;
                        continue;
                    }
                }
            }
            Kind::Word(w) => {
                if let Some(form) = fold_en(w) {
                    add(form);
                } else if w == "like" {
                    let after = punct_at(i + 1);
                    let before = if i == 0 { None } else { punct_at(i - 1) };
                    let ends_sentence = after.is_some_and(is_sentence_end);
                    let set_off =
                        after.is_some_and(is_comma_like) || before.is_some_and(is_comma_like);
                    let by_filler = sure_at(i + 1) || (i > 0 && sure_at(i - 1));
                    if !ends_sentence && (set_off || by_filler) {
                        add("like");
                    }
                } else if (w == "you" && word_at(i + 1) == Some("know"))
                    || (w == "i" && word_at(i + 1) == Some("mean"))
                {
                    let form = if w == "you" { "you know" } else { "i mean" };
                    let followed =
                        punct_at(i + 2).is_some_and(|c| c != '?' && c != '？') || sure_at(i + 2);
                    let blocked = form == "you know"
                        && i >= 1
                        && matches!(
                            word_at(i - 1),
                            Some("do" | "did" | "does" | "don't" | "didn't" | "if" | "as")
                        );
                    if followed && !blocked {
                        add(form);
                        i += 2;
                        continue;
                    }
                }
            }
            Kind::Punct(_) => {}
        }
        i += 1;
    }
    let by_form: Vec<(String, u64)> = FILLER_FORMS
        .iter()
        .zip(counts.iter())
        .filter(|(_, n)| **n > 0)
        .map(|(f, n)| (f.to_string(), *n))
        .collect();
    FillerCounts {
        total: counts.iter().sum(),
        words,
        by_form,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<(String, u64)> {
        count_fillers(text).by_form
    }

    #[test]
    fn tokenizer_and_words() {
        assert_eq!(count_words("我们 今天 talk about it's fine"), 8);
        assert_eq!(count_words("  ,,, "), 0);
    }

    #[test]
    fn like_rules() {
        assert!(forms("I like apples.").is_empty());
        assert!(forms("things I like.").is_empty());
        assert!(forms("it was like really big").is_empty());
        assert_eq!(forms("it was, like, really big"), vec![("like".into(), 1)]);
        assert_eq!(
            forms("um like I guess"),
            vec![("um".into(), 1), ("like".into(), 1)]
        );
    }
}
