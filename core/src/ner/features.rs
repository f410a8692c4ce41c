//! Character features, hashed straight from code points (no strings are built per feature).
//!
//! Feature set 1 (the model file records the number, so a model is only ever read by code that
//! extracts the same features). Around position `i`, with `c[k]` the normalised character at
//! `i + k` (sentence padding outside) and `t[k]` its class:
//! - a bias;
//! - unigrams `c[-3]` … `c[3]`;
//! - bigrams `c[-2..-1]`, `c[-1..0]`, `c[0..1]`, `c[1..2]` and the skip bigram `c[-1] c[1]`;
//! - trigrams `c[-2..0]`, `c[-1..1]`, `c[0..2]`;
//! - classes `t[0]`, `t[-1..1]`, `t[-2..2]`, and `c[0]` with `t[-1]`, `t[1]`;
//! - for Latin letters and digits, the whole lower-cased run (word) they belong to, and its
//!   two-letter prefix and suffix.
//!
//! Normalisation folds full-width ASCII (`Ａ`, `１`, `（`) to ASCII and the ideographic space to a
//! space; classes are CJK, digit, upper-case letter, lower-case letter, punctuation, space and
//! other.

/// The feature-set number written into model files.
pub(crate) const FEATURE_SET: u32 = 1;

/// Features per position (absent ones are 0).
pub(crate) const PER_POSITION: usize = 24;

const PAD: usize = 3;
const BOS: u32 = 0x11_0000;
const EOS: u32 = 0x11_0001;

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(26) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^= h >> 33;
    // 0 means "no feature".
    h | 1
}

#[inline]
fn start(template: u64) -> u64 {
    mix(0x5EED_0F1C_E5EE_D5A1, template)
}

/// Folds full-width forms to ASCII.
#[inline]
pub(crate) fn normalise(c: char) -> u32 {
    let u = c as u32;
    match u {
        0xFF01..=0xFF5E => u - 0xFEE0,
        0x3000 => 0x20,
        _ => u,
    }
}

/// The character class of a normalised code point.
#[inline]
fn class(u: u32) -> u32 {
    match u {
        BOS => 8,
        EOS => 9,
        0x30..=0x39 => 1,
        0x41..=0x5A => 2,
        0x61..=0x7A => 3,
        0x09 | 0x0A | 0x0D | 0x20 => 4,
        0x21..=0x2F | 0x3A..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E => 5,
        0x2000..=0x206F | 0x3001..=0x303F | 0xFF00..=0xFFEF => 5,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => 6,
        _ => {
            if char::from_u32(u).is_some_and(char::is_numeric) {
                1
            } else if char::from_u32(u).is_some_and(char::is_alphabetic) {
                7
            } else {
                5
            }
        }
    }
}

#[inline]
fn is_word(u: u32) -> bool {
    matches!(u, 0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A)
}

/// Reusable buffers for feature extraction.
#[derive(Default)]
pub(crate) struct Extractor {
    cps: Vec<u32>,
    cls: Vec<u32>,
    words: Vec<[u64; 3]>,
}

impl Extractor {
    /// Writes `PER_POSITION` hashes per character of `chars` into `out` (cleared first).
    pub(crate) fn extract(&mut self, chars: &[char], out: &mut Vec<u64>) {
        let n = chars.len();
        self.cps.clear();
        self.cps.extend(std::iter::repeat_n(BOS, PAD));
        self.cps.extend(chars.iter().map(|&c| normalise(c)));
        self.cps.extend(std::iter::repeat_n(EOS, PAD));
        self.cls.clear();
        self.cls.extend(self.cps.iter().map(|&u| class(u)));
        self.word_features(n);
        out.clear();
        out.reserve(n * PER_POSITION);
        let c = &self.cps;
        let t = &self.cls;
        for i in 0..n {
            let p = i + PAD;
            // Windows cannot go out of range: `c` has PAD entries on each side.
            let w: [u64; 7] =
                std::array::from_fn(|k| u64::from(c.get(p + k - PAD).copied().unwrap_or(EOS)));
            let k: [u64; 5] =
                std::array::from_fn(|j| u64::from(t.get(p + j - 2).copied().unwrap_or(9)));
            let [cm3, cm2, cm1, c0, cp1, cp2, cp3] = w;
            let [tm2, tm1, t0, tp1, tp2] = k;
            let words = self.words.get(i).copied().unwrap_or([0; 3]);
            let f1 = |tpl: u64, a: u64| finish(mix(start(tpl), a));
            let f2 = |tpl: u64, a: u64, b: u64| finish(mix(mix(start(tpl), a), b));
            let f3 = |tpl: u64, a: u64, b: u64, d: u64| finish(mix(mix(mix(start(tpl), a), b), d));
            out.extend_from_slice(&[
                f1(0, 0),
                f1(1, cm3),
                f1(2, cm2),
                f1(3, cm1),
                f1(4, c0),
                f1(5, cp1),
                f1(6, cp2),
                f1(7, cp3),
                f2(8, cm2, cm1),
                f2(9, cm1, c0),
                f2(10, c0, cp1),
                f2(11, cp1, cp2),
                f2(12, cm1, cp1),
                f3(13, cm2, cm1, c0),
                f3(14, cm1, c0, cp1),
                f3(15, c0, cp1, cp2),
                f1(16, t0),
                f3(17, tm1, t0, tp1),
                f3(18, mix(tm2, tm1), t0, mix(tp1, tp2)),
                f2(19, c0, tm1),
                f2(20, c0, tp1),
                if words[0] == 0 { 0 } else { f1(21, words[0]) },
                if words[1] == 0 { 0 } else { f1(22, words[1]) },
                if words[2] == 0 { 0 } else { f1(23, words[2]) },
            ]);
        }
    }

    /// For each position in a run of ASCII letters/digits: hashes of the lower-cased run, its
    /// first two and its last two characters; zeros elsewhere.
    fn word_features(&mut self, n: usize) {
        self.words.clear();
        self.words.resize(n, [0; 3]);
        let cps = self.cps.get(PAD..PAD + n).unwrap_or_default();
        let mut i = 0;
        while i < n {
            if !cps.get(i).copied().is_some_and(is_word) {
                i += 1;
                continue;
            }
            let mut j = i;
            while cps.get(j).copied().is_some_and(is_word) {
                j += 1;
            }
            let run = cps.get(i..j).unwrap_or_default();
            let lower = |u: u32| {
                u64::from(if (0x41..=0x5A).contains(&u) {
                    u + 32
                } else {
                    u
                })
            };
            let whole = run.iter().fold(1u64, |h, &u| mix(h, lower(u)));
            let prefix = run.iter().take(2).fold(2u64, |h, &u| mix(h, lower(u)));
            let suffix = run
                .iter()
                .rev()
                .take(2)
                .fold(3u64, |h, &u| mix(h, lower(u)));
            for slot in self.words.get_mut(i..j).unwrap_or_default() {
                *slot = [whole, prefix, suffix];
            }
            i = j;
        }
    }
}
