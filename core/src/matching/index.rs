//! The resume index: parsed resumes reduced to compact entries once (the [`Candidate`]'s
//! strings interned in an index-wide word table, evidence spans and term ids packed as
//! varints; about 1.7 KB per resume), an inverted index of terms for BM25 (one u32 per posting),
//! add and remove in the resume's own terms (tombstones, compacted in one pass once they reach
//! a quarter of the index), versioned save/load, two-phase top-k ranking (every resume's total
//! through the same arithmetic as [`match_resume`] into a bounded heap, then explanations for
//! the k kept) with filters and the screening funnel. Phase 1 and the explanations run in
//! parallel through rayon with the `parallel` feature; the results are the same without it.

use std::collections::{BTreeMap, BinaryHeap};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::invalid;
use super::prepare::{norm, prepare_resume, Candidate, PreparedJob};
use super::prepare::{CertReq, Check, JobSkill, LangReq};
use super::score::{
    cert_name_hit, degree_ok, fast_total, lang_credit_of, major_hit, match_resume, years_ok, Facts,
    MatchResult,
};
use super::text::{self, FxMap};
use crate::error::{Error, Result};
use crate::schema::{DegreeLevel, Resume, Span};
use crate::taxonomy::Taxonomy;

#[derive(serde::Deserialize)]
struct Loaded {
    reference_date: Option<String>,
    vocab: Vec<String>,
    entries: Vec<LoadedEntry>,
}

#[derive(serde::Deserialize)]
struct LoadedEntry {
    features: Candidate,
    terms: Vec<(u32, u32)>,
}

/// The index file format this build writes and the newest it reads (it also reads format 1,
/// the JSON payload of earlier builds, converting it).
pub const INDEX_FORMAT: u32 = 2;

const DEGREES: [DegreeLevel; 5] = [
    DegreeLevel::Secondary,
    DegreeLevel::Associate,
    DegreeLevel::Bachelor,
    DegreeLevel::Master,
    DegreeLevel::Doctorate,
];

fn degree_code(d: DegreeLevel) -> u8 {
    DEGREES.iter().position(|x| *x == d).unwrap_or(0) as u8
}

fn degree_of_code(c: u8) -> Option<DegreeLevel> {
    DEGREES.get(usize::from(c)).copied()
}
const MAGIC: &[u8; 8] = b"IKMINDEX";

/// An indexed resume, compact: small fields, the strings interned in the index's word table,
/// the skills' evidence spans packed into bytes (only the top k of a query unpack them), the
/// term counts in the postings (and packed here for removal and saving).
#[derive(Debug, Clone)]
struct Entry {
    id: Box<str>,
    years: Option<f64>,
    degree: Option<DegreeLevel>,
    /// Word id of the city, [`NONE`] without one.
    city: u32,
    length: u32,
    /// Word ids, in this order: skill ids (sorted by id), unrecognised skill names, majors,
    /// languages (code, 1 when a level follows, the level's f64 bits high and low),
    /// certificate codes, certificate names, competencies (id, count; sorted by id).
    words: Box<[u32]>,
    /// How many of each of the seven groups of `words` (languages and competencies count
    /// items, not words).
    n: [u32; 7],
    /// The evidence spans, packed ([`pack_evidence`]).
    evidence: Box<[u8]>,
    /// (term id delta, count) varint pairs, term ids ascending.
    terms: Box<[u8]>,
}

const NONE: u32 = u32::MAX;
const KIND_MAJOR: u8 = 1;
const KIND_CERT_NAME: u8 = 2;

impl Entry {
    /// The word ranges of the seven groups.
    fn groups(&self) -> [&[u32]; 7] {
        let widths = [1usize, 1, 1, 4, 1, 1, 2];
        let mut out: [&[u32]; 7] = [&[]; 7];
        let mut at = 0usize;
        for ((o, n), w) in out.iter_mut().zip(self.n).zip(widths) {
            let end = at.saturating_add(n as usize * w);
            *o = self.words.get(at..end).unwrap_or(&[]);
            at = end;
        }
        out
    }
}

/// A posting: the slot in the high 24 bits, the count in the low 8 ([`TF_BIG`]: the count is in
/// [`Index::big_tf`]). Slots of removed resumes stay until the next compaction.
type Posting = u32;
const TF_BIG: u32 = 255;
/// Slots a posting can address.
const MAX_SLOTS: u32 = (1 << 24) - 1;

fn posting(slot: u32, tf: u32) -> Posting {
    (slot << 8) | tf.min(TF_BIG)
}

/// Parsed resumes ready for ranking. Build with [`Index::new`] and [`Index::add`].
#[derive(Debug, Clone, Default)]
pub struct Index {
    slots: Vec<Option<Entry>>,
    ids: BTreeMap<String, u32>,
    /// Slots free for reuse (no posting refers to them).
    free: Vec<u32>,
    /// Slots of removed resumes whose postings are still in place (tombstones).
    dead: Vec<u32>,
    vocab: FxMap<Box<str>, u32>,
    vocab_terms: Vec<Box<str>>,
    /// Interned strings of the features (skill ids and names, majors, codes, cities …).
    words: FxMap<Box<str>, u32>,
    word_list: Vec<Box<str>>,
    /// Per word: [`KIND_MAJOR`] | [`KIND_CERT_NAME`] when used so.
    word_kind: Vec<u8>,
    /// Per term id.
    postings: Vec<Vec<Posting>>,
    /// Per term id: live resumes holding it.
    df: Vec<u32>,
    /// (term id, slot) → count, for counts from [`TF_BIG`] up.
    big_tf: BTreeMap<(u32, u32), u32>,
    /// Per slot: the document length in tokens (0 for a free or dead slot).
    lens: Vec<u32>,
    total_len: u64,
    reference_date: Option<String>,
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn get_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0u32;
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        if shift > 63 {
            return None;
        }
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
}

/// Moves the evidence spans out of `cand.skills` into bytes: per skill (in id order) the
/// number of spans, then per span a tag, start and length: tag 0 no text, 1 text (then its
/// length and UTF-8), 3 the same text as the skill's previous span with text, 2 the whole span
/// as JSON instead (spans carrying unknown fields).
fn pack_evidence(cand: &mut Candidate) -> Box<[u8]> {
    let size: usize = cand
        .skills
        .values()
        .flatten()
        .map(|sp| 12 + sp.text.as_ref().map_or(0, String::len))
        .sum::<usize>()
        + cand.skills.len();
    let mut out = Vec::with_capacity(size);
    if cand.skills.values().all(Vec::is_empty) {
        return out.into_boxed_slice();
    }
    for spans in cand.skills.values_mut() {
        put_varint(&mut out, spans.len() as u64);
        let mut last: Option<String> = None;
        for sp in std::mem::take(spans) {
            if !sp.extra.is_empty() || sp.end < sp.start {
                out.push(2);
                let j = serde_json::to_vec(&sp).unwrap_or_default();
                put_varint(&mut out, j.len() as u64);
                out.extend_from_slice(&j);
                continue;
            }
            let same = sp.text.is_some() && sp.text == last;
            out.push(match (&sp.text, same) {
                (None, _) => 0,
                (Some(_), false) => 1,
                (Some(_), true) => 3,
            });
            put_varint(&mut out, sp.start);
            put_varint(&mut out, sp.end - sp.start);
            if let (Some(t), false) = (&sp.text, same) {
                put_varint(&mut out, t.len() as u64);
                out.extend_from_slice(t.as_bytes());
            }
            if sp.text.is_some() {
                last = sp.text;
            }
        }
    }
    out.into_boxed_slice()
}

/// The candidate with its evidence back ([`pack_evidence`] reversed).
fn unpack_evidence(mut c: Candidate, packed: &[u8]) -> Candidate {
    if packed.is_empty() {
        return c;
    }
    let mut pos = 0usize;
    for spans in c.skills.values_mut() {
        let n = get_varint(packed, &mut pos).unwrap_or(0);
        let mut last: Option<String> = None;
        for _ in 0..n {
            let Some(&tag) = packed.get(pos) else {
                return c;
            };
            pos += 1;
            if tag == 2 {
                let len = get_varint(packed, &mut pos).unwrap_or(0) as usize;
                let bytes = packed.get(pos..pos.saturating_add(len)).unwrap_or(&[]);
                pos = pos.saturating_add(len);
                if let Ok(sp) = serde_json::from_slice::<Span>(bytes) {
                    spans.push(sp);
                }
                continue;
            }
            let start = get_varint(packed, &mut pos).unwrap_or(0);
            let end = start.saturating_add(get_varint(packed, &mut pos).unwrap_or(0));
            let text = match tag {
                1 => {
                    let len = get_varint(packed, &mut pos).unwrap_or(0) as usize;
                    let bytes = packed.get(pos..pos.saturating_add(len)).unwrap_or(&[]);
                    pos = pos.saturating_add(len);
                    let t = String::from_utf8_lossy(bytes).into_owned();
                    last = Some(t.clone());
                    Some(t)
                }
                3 => last.clone(),
                _ => None,
            };
            spans.push(Span {
                start,
                end,
                text,
                extra: Default::default(),
            });
        }
    }
    c
}

/// A resume's term ids, ascending, as varint deltas (the counts are in the postings).
fn pack_terms(mut terms: Vec<u32>) -> Box<[u8]> {
    terms.sort_unstable();
    let mut out = Vec::with_capacity(terms.len() * 2);
    let mut prev = 0u32;
    for t in terms {
        put_varint(&mut out, u64::from(t - prev));
        prev = t;
    }
    out.into_boxed_slice()
}

fn unpack_terms(packed: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut pos, mut prev) = (0usize, 0u64);
    while pos < packed.len() {
        let Some(d) = get_varint(packed, &mut pos) else {
            break;
        };
        prev += d;
        out.push(prev as u32);
    }
    out
}

/// Ids `0..n` that are `used`, sorted by `key`, and the map old id → position ([`NONE`] for
/// the unused).
fn sorted_remap<'a>(
    n: usize,
    used: impl Fn(u32) -> bool,
    key: impl Fn(u32) -> &'a str,
) -> (Vec<u32>, Vec<u32>) {
    let mut ids: Vec<u32> = (0..n as u32).filter(|t| used(*t)).collect();
    ids.sort_by(|a, b| key(*a).cmp(key(*b)));
    let mut remap = vec![NONE; n];
    for (new, old) in ids.iter().enumerate() {
        if let Some(r) = remap.get_mut(*old as usize) {
            *r = new as u32;
        }
    }
    (ids, remap)
}

/// A scored resume in phase 1; orders worse first (lower total, then larger id), so that a
/// max-heap's top is the worst of those kept.
#[derive(PartialEq, Eq)]
struct Scored<'a> {
    cents: i64,
    id: &'a str,
    slot: u32,
}

impl Ord for Scored<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .cents
            .cmp(&self.cents)
            .then_with(|| self.id.cmp(other.id))
    }
}

impl PartialOrd for Scored<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A job resolved against an index's word table ([`Index::resolve`]).
struct Resolved {
    /// Per word: index into `skill_hits`, or [`NONE`].
    skill_at: Vec<u32>,
    /// (job skill, credit, exact) a resume skill earns.
    skill_hits: Vec<Vec<(usize, f64, bool)>>,
    /// Per job skill: the word of its name for a skill outside the taxonomy.
    name_skill: Vec<Option<u32>>,
    /// Per word (majors only): whether it matches the job's majors.
    major_ok: Vec<bool>,
    lang_code: Vec<u32>,
    cert_code: Vec<u32>,
    /// Per word (certificate names only): bit i when it matches the job's certificate i.
    cert_bits: Vec<u64>,
    comp: Vec<u32>,
    /// Per knock-out: the word it needs (certificate code, language code, skill id).
    ko: Vec<u32>,
    ko_cities: Vec<Vec<u32>>,
    /// Per word: bit i when the certificate name matches knock-out i.
    ko_bits: Vec<u64>,
    /// The location filter's cities.
    locs: Vec<u32>,
}

/// An entry seen through a resolved job: the [`Facts`] the components read.
struct View<'a> {
    q: &'a Resolved,
    e: &'a Entry,
    g: &'a [&'a [u32]; 7],
    words: &'a [Box<str>],
    /// Per job skill: the best partial credit, and whether the same skill is present.
    best: &'a [f64],
    exact: &'a [bool],
}

fn word_of(words: &[Box<str>], w: u32) -> &str {
    words.get(w as usize).map_or("", |b| &**b)
}

/// Whether certificate requirement `i` (name `n`, code word `code`) is held: `bits` from
/// [`Resolved`] for the first 64, the strings after.
fn cert_fast(
    g: &[&[u32]; 7],
    code: u32,
    bits: &[u64],
    i: usize,
    n: &str,
    words: &[Box<str>],
) -> bool {
    if code != NONE && g[4].contains(&code) {
        return true;
    }
    if i < 64 {
        g[5].iter()
            .any(|w| bits.get(*w as usize).is_some_and(|b| b & (1 << i) != 0))
    } else {
        g[5].iter().any(|w| cert_name_hit(word_of(words, *w), n))
    }
}

fn lang_fast(g: &[&[u32]; 7], code: u32, level: Option<f64>) -> f64 {
    lang_credit_of(
        g[3].chunks_exact(4).filter_map(|l| match l {
            [c, has, hi, lo] if *c == code && code != NONE => {
                Some((*has == 1).then(|| f64::from_bits((u64::from(*hi) << 32) | u64::from(*lo))))
            }
            _ => None,
        }),
        level,
    )
    .0
}

/// [`ko_passed`] on an entry.
fn ko_fast(
    q: &Resolved,
    i: usize,
    check: &Check,
    e: &Entry,
    g: &[&[u32]; 7],
    words: &[Box<str>],
) -> bool {
    let w = q.ko.get(i).copied().unwrap_or(NONE);
    match check {
        Check::Years(op, want) => years_ok(*op, *want, e.years),
        Check::Degree(op, wants) => degree_ok(*op, wants, e.degree),
        Check::Cert(name, _) => cert_fast(g, w, &q.ko_bits, i, name, words),
        Check::Lang(_, level) => lang_fast(g, w, *level) >= 1.0,
        Check::Skill(_) => w != NONE && g[0].contains(&w),
        Check::City(_) => e.city != NONE && q.ko_cities.get(i).is_some_and(|c| c.contains(&e.city)),
    }
}

impl Facts for View<'_> {
    fn skill_credit(&self, i: usize, _: &JobSkill) -> f64 {
        if let Some(name) = self.q.name_skill.get(i).copied().flatten() {
            return if name != NONE && self.g[1].contains(&name) {
                1.0
            } else {
                0.0
            };
        }
        if self.exact.get(i).copied().unwrap_or(false) {
            1.0
        } else {
            self.best.get(i).copied().unwrap_or(0.0)
        }
    }
    fn years(&self) -> Option<f64> {
        self.e.years
    }
    fn degree(&self) -> Option<DegreeLevel> {
        self.e.degree
    }
    fn major_match(&self, _: &[String]) -> bool {
        self.g[2]
            .iter()
            .any(|w| self.q.major_ok.get(*w as usize).copied().unwrap_or(false))
    }
    fn lang_credit(&self, i: usize, l: &LangReq) -> f64 {
        lang_fast(
            self.g,
            self.q.lang_code.get(i).copied().unwrap_or(NONE),
            l.level,
        )
    }
    fn cert_held(&self, i: usize, c: &CertReq) -> bool {
        cert_fast(
            self.g,
            self.q.cert_code.get(i).copied().unwrap_or(NONE),
            &self.q.cert_bits,
            i,
            &c.key,
            self.words,
        )
    }
    fn competency(&self, i: usize, _: &str) -> u32 {
        let w = self.q.comp.get(i).copied().unwrap_or(NONE);
        if w == NONE {
            return 0;
        }
        self.g[6]
            .chunks_exact(2)
            .find_map(|p| match p {
                [id, n] if *id == w => Some(*n),
                _ => None,
            })
            .unwrap_or(0)
    }
}

/// Ties a phase-1 closure's lifetimes to the index it reads.
fn visitor<'a, F>(f: F) -> F
where
    F: Fn(Tally<'a>, usize, &'a Entry) -> Tally<'a>,
{
    f
}

/// Phase-1 tallies of one chunk of slots.
struct Tally<'a> {
    after_filters: usize,
    pass: usize,
    above: usize,
    reasons: Vec<usize>,
    heap: BinaryHeap<Scored<'a>>,
    /// Scratch: per job skill, the best partial credit and whether the skill is present.
    best: Vec<f64>,
    exact: Vec<bool>,
}

impl<'a> Tally<'a> {
    fn new(n_ko: usize) -> Self {
        Tally {
            after_filters: 0,
            pass: 0,
            above: 0,
            reasons: vec![0; n_ko],
            heap: BinaryHeap::new(),
            best: Vec::new(),
            exact: Vec::new(),
        }
    }

    fn offer(&mut self, s: Scored<'a>, k: usize) {
        if self.heap.len() < k {
            self.heap.push(s);
        } else if self.heap.peek().is_some_and(|top| s < *top) {
            self.heap.pop();
            self.heap.push(s);
        }
    }

    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    fn merge(mut self, other: Tally<'a>, k: usize) -> Tally<'a> {
        self.after_filters += other.after_filters;
        self.pass += other.pass;
        self.above += other.above;
        for (a, b) in self.reasons.iter_mut().zip(&other.reasons) {
            *a += b;
        }
        for s in other.heap {
            self.offer(s, k);
        }
        self
    }
}

/// Filters applied before the top k is taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Filters {
    /// Drop scores below this (0–100).
    pub min_score: Option<f64>,
    /// Keep only candidates who pass every knock-out (default `true`: the shortlist is
    /// "500 → 100 pass knock-outs → top 20"; `false` ranks knocked-out candidates too, at 0).
    pub knockout_pass_only: bool,
    /// Keep only candidates whose city is one of these.
    pub locations: Vec<String>,
    /// Keep only candidates with at least these years of experience.
    pub min_years: Option<f64>,
}

impl Default for Filters {
    fn default() -> Self {
        Filters {
            min_score: None,
            knockout_pass_only: true,
            locations: Vec::new(),
            min_years: None,
        }
    }
}

/// One knock-out reason in the funnel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonCount {
    /// Rule id.
    pub id: String,
    /// Candidates failing it (a candidate may fail several).
    pub count: usize,
    /// English.
    pub reason_en: String,
    /// Chinese.
    pub reason_zh: String,
}

/// The screening funnel: "500 → 100 pass knock-outs → top 20".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    /// Resumes in the index.
    pub total: usize,
    /// Left after the location and years filters.
    pub after_filters: usize,
    /// Of those, passing every knock-out.
    pub pass_knockouts: usize,
    /// Of those kept, at or above `min_score`.
    pub above_min_score: usize,
    /// Returned.
    pub top: usize,
    /// Failures per knock-out rule, by rule id.
    pub knockout_reasons: Vec<ReasonCount>,
}

/// A ranked resume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    /// Resume id.
    pub id: String,
    /// Total score 0–100.
    pub score: f64,
    /// 1-based rank.
    pub rank: usize,
    /// The explained result.
    pub result: MatchResult,
}

impl Index {
    /// An empty index; `reference_date` (`YYYY-MM-DD`) ends current positions of resumes
    /// without a computed total experience.
    pub fn new(reference_date: Option<String>) -> Index {
        Index {
            reference_date,
            ..Index::default()
        }
    }

    /// The reference date the index was built with.
    pub fn reference_date_ref(&self) -> Option<&str> {
        self.reference_date.as_deref()
    }

    /// Number of resumes.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Ids, sorted.
    pub fn ids(&self) -> Vec<String> {
        self.ids.keys().cloned().collect()
    }

    /// Adds (or replaces) a resume under `id`. Errors as [`prepare_resume`], named `path`.
    pub fn add(
        &mut self,
        id: &str,
        resume: &Resume,
        taxonomy: &Taxonomy,
        path: &str,
    ) -> Result<()> {
        if id.is_empty() {
            return Err(invalid(&format!("{path}/id"), "a non-empty id"));
        }
        let cand = prepare_resume(resume, id, taxonomy, self.reference_date.as_deref(), path)?;
        self.add_candidate(cand)
    }

    /// Adds (or replaces) prepared features under their id.
    pub fn add_candidate(&mut self, mut cand: Candidate) -> Result<()> {
        let id = cand.id.clone();
        self.remove(&id);
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                let s = u32::try_from(self.slots.len())
                    .ok()
                    .filter(|s| *s < MAX_SLOTS)
                    .ok_or_else(|| Error::LimitExceeded {
                        what: "resumes in the index".into(),
                        limit: u64::from(MAX_SLOTS),
                        actual: self.slots.len() as u64 + 1,
                    })?;
                self.slots.push(None);
                self.lens.push(0);
                s
            }
        };
        let mut terms = Vec::with_capacity(cand.terms.len());
        for (term, tf) in cand.terms.iter() {
            let tid = match self.vocab.get(term) {
                Some(t) => *t,
                None => {
                    let t = self.vocab_terms.len() as u32;
                    self.vocab.insert(term.into(), t);
                    self.vocab_terms.push(term.into());
                    self.postings.push(Vec::new());
                    self.df.push(0);
                    t
                }
            };
            if let Some(p) = self.postings.get_mut(tid as usize) {
                if p.len() == p.capacity() {
                    // Grow by half (not double): less slack in a large index.
                    p.reserve_exact((p.len() / 2).max(4));
                }
                p.push(posting(slot, tf));
            }
            if tf >= TF_BIG {
                self.big_tf.insert((tid, slot), tf);
            }
            if let Some(d) = self.df.get_mut(tid as usize) {
                *d += 1;
            }
            terms.push(tid);
        }
        let evidence = pack_evidence(&mut cand);
        let entry = self.entry_of(&cand, evidence, pack_terms(terms));
        self.total_len += u64::from(cand.length);
        if let Some(l) = self.lens.get_mut(slot as usize) {
            *l = cand.length;
        }
        if let Some(s) = self.slots.get_mut(slot as usize) {
            *s = Some(entry);
        }
        self.ids.insert(id, slot);
        Ok(())
    }

    fn word(&mut self, s: &str, kind: u8) -> u32 {
        let w = match self.words.get(s) {
            Some(w) => *w,
            None => {
                let w = self.word_list.len() as u32;
                self.words.insert(s.into(), w);
                self.word_list.push(s.into());
                self.word_kind.push(0);
                w
            }
        };
        if let Some(k) = self.word_kind.get_mut(w as usize) {
            *k |= kind;
        }
        w
    }

    fn word_id(&self, s: &str) -> u32 {
        self.words.get(s).copied().unwrap_or(NONE)
    }

    fn word_str(&self, w: u32) -> &str {
        self.word_list.get(w as usize).map_or("", |b| &**b)
    }

    /// The compact entry of a candidate (its evidence already packed).
    fn entry_of(&mut self, c: &Candidate, evidence: Box<[u8]>, terms: Box<[u8]>) -> Entry {
        let mut words = Vec::with_capacity(
            c.skills.len()
                + c.skill_names.len()
                + c.majors.len()
                + 4 * c.languages.len()
                + c.cert_codes.len()
                + c.cert_names.len()
                + 2 * c.competencies.len(),
        );
        for k in c.skills.keys() {
            words.push(self.word(k, 0));
        }
        for k in &c.skill_names {
            words.push(self.word(k, 0));
        }
        for k in &c.majors {
            words.push(self.word(k, KIND_MAJOR));
        }
        for (code, level) in &c.languages {
            words.push(self.word(code, 0));
            let bits = level.map_or(0, f64::to_bits);
            words.push(u32::from(level.is_some()));
            words.push((bits >> 32) as u32);
            words.push(bits as u32);
        }
        for k in &c.cert_codes {
            words.push(self.word(k, 0));
        }
        for k in &c.cert_names {
            words.push(self.word(k, KIND_CERT_NAME));
        }
        for (k, n) in &c.competencies {
            words.push(self.word(k, 0));
            words.push(*n);
        }
        let n = [
            c.skills.len(),
            c.skill_names.len(),
            c.majors.len(),
            c.languages.len(),
            c.cert_codes.len(),
            c.cert_names.len(),
            c.competencies.len(),
        ]
        .map(|x| x as u32);
        Entry {
            id: c.id.as_str().into(),
            years: c.years,
            degree: c.degree,
            city: c.city.as_deref().map_or(NONE, |x| self.word(x, 0)),
            length: c.length,
            words: words.into_boxed_slice(),
            n,
            evidence,
            terms,
        }
    }

    /// The full candidate of an entry (evidence unpacked; no term counts).
    fn candidate_of(&self, e: &Entry) -> Candidate {
        let [skills, names, majors, langs, codes, cnames, comps] = e.groups();
        let strs = |g: &[u32]| -> Vec<String> {
            g.iter().map(|w| self.word_str(*w).to_string()).collect()
        };
        let cand = Candidate {
            id: e.id.to_string(),
            skills: skills
                .iter()
                .map(|w| (self.word_str(*w).to_string(), Vec::new()))
                .collect(),
            skill_names: strs(names),
            years: e.years,
            degree: e.degree,
            majors: strs(majors),
            languages: langs
                .chunks_exact(4)
                .map(|l| match l {
                    [code, has, hi, lo] => (
                        self.word_str(*code).to_string(),
                        (*has == 1)
                            .then(|| f64::from_bits((u64::from(*hi) << 32) | u64::from(*lo))),
                    ),
                    _ => (String::new(), None),
                })
                .collect(),
            cert_codes: strs(codes),
            cert_names: strs(cnames),
            competencies: comps
                .chunks_exact(2)
                .map(|p| match p {
                    [w, n] => (self.word_str(*w).to_string(), *n),
                    _ => (String::new(), 0),
                })
                .collect(),
            city: (e.city != NONE).then(|| self.word_str(e.city).to_string()),
            terms: text::TermCounts::default(),
            length: e.length,
            skill_keys: Vec::new(),
        };
        unpack_evidence(cand, &e.evidence).finish()
    }

    /// Removes a resume; false when the id is not in the index. Costs the resume's own terms:
    /// its postings stay as tombstones until removed resumes reach a quarter of the index,
    /// when one pass over the postings drops them all.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(slot) = self.ids.remove(id) else {
            return false;
        };
        let Some(entry) = self.slots.get_mut(slot as usize).and_then(Option::take) else {
            return false;
        };
        for tid in unpack_terms(&entry.terms) {
            if let Some(d) = self.df.get_mut(tid as usize) {
                *d = d.saturating_sub(1);
            }
            if !self.big_tf.is_empty() {
                self.big_tf.remove(&(tid, slot));
            }
        }
        self.total_len = self.total_len.saturating_sub(u64::from(entry.length));
        if let Some(l) = self.lens.get_mut(slot as usize) {
            *l = 0;
        }
        self.dead.push(slot);
        if self.dead.len() >= 64 && self.dead.len() * 4 >= self.ids.len() {
            self.compact();
        }
        true
    }

    /// Drops the postings of removed resumes and frees their slots.
    fn compact(&mut self) {
        let mut dead = vec![false; self.slots.len()];
        for s in &self.dead {
            if let Some(d) = dead.get_mut(*s as usize) {
                *d = true;
            }
        }
        for p in &mut self.postings {
            p.retain(|x| !dead.get((x >> 8) as usize).copied().unwrap_or(false));
        }
        self.free.append(&mut self.dead);
        // Reuse low slots first.
        self.free.sort_unstable_by(|a, b| b.cmp(a));
    }

    fn avg_len(&self) -> f64 {
        if self.ids.is_empty() {
            0.0
        } else {
            self.total_len as f64 / self.ids.len() as f64
        }
    }

    /// BM25 relevance (0–1) of every slot to the job's text, through the inverted index
    /// (entries of free and removed slots are meaningless).
    fn relevance(&self, job: &PreparedJob) -> Vec<f64> {
        let n = self.ids.len() as f64;
        let avg = self.avg_len();
        let mut acc = vec![0.0; self.slots.len()];
        // Per slot: k1 · the length normalisation of `text::tf_part` (the same operations, so
        // the same floats).
        let kn: Vec<f64> = self
            .lens
            .iter()
            .map(|l| {
                let norm = if avg > 0.0 {
                    1.0 - text::BM25_B + text::BM25_B * f64::from(*l) / avg
                } else {
                    1.0
                };
                text::BM25_K1 * norm
            })
            .collect();
        let mut max = 0.0;
        for (term, _) in job.query.iter() {
            let Some((tid, list, df)) = self.vocab.get(term).and_then(|t| {
                let df = *self.df.get(*t as usize)?;
                Some((*t, self.postings.get(*t as usize)?, df))
            }) else {
                // A term no resume has still counts in the upper bound.
                max += text::idf(n, 0.0) * (text::BM25_K1 + 1.0);
                continue;
            };
            if df == 0 {
                max += text::idf(n, 0.0) * (text::BM25_K1 + 1.0);
                continue;
            }
            let idf = text::idf(n, f64::from(df));
            max += idf * (text::BM25_K1 + 1.0);
            for p in list {
                let slot = p >> 8;
                let tf = match p & TF_BIG {
                    TF_BIG => self.big_tf.get(&(tid, slot)).copied().unwrap_or(TF_BIG),
                    t => t,
                };
                let tf = f64::from(tf);
                if let (Some(a), Some(k)) = (acc.get_mut(slot as usize), kn.get(slot as usize)) {
                    *a += idf * (tf * (text::BM25_K1 + 1.0) / (tf + k));
                }
            }
        }
        if max > 0.0 {
            acc.iter_mut().for_each(|a| *a = (*a / max).clamp(0.0, 1.0));
        }
        acc
    }

    /// The relevance of one indexed resume (the same number [`Index::top_k`] uses).
    pub fn relevance_of(&self, job: &PreparedJob, id: &str) -> Option<f64> {
        let slot = *self.ids.get(id)?;
        self.relevance(job).get(slot as usize).copied()
    }

    /// The job's requirements resolved against the word table, once per query.
    fn resolve(&self, job: &PreparedJob, filters: &Filters) -> Resolved {
        let nw = self.word_list.len();
        let mut skill_at = vec![NONE; nw];
        let mut skill_hits: Vec<Vec<(usize, f64, bool)>> = Vec::new();
        let mut hit = |w: u32, entry: (usize, f64, bool), skill_at: &mut Vec<u32>| {
            let Some(at) = skill_at.get_mut(w as usize) else {
                return;
            };
            if *at == NONE {
                *at = skill_hits.len() as u32;
                skill_hits.push(Vec::new());
            }
            if let Some(h) = skill_hits.get_mut(*at as usize) {
                h.push(entry);
            }
        };
        let mut name_skill = Vec::with_capacity(job.skills.len());
        for (j, js) in job.skills.iter().enumerate() {
            if let Some(name) = js.id.strip_prefix("name:") {
                name_skill.push(Some(self.word_id(name)));
                continue;
            }
            name_skill.push(None);
            hit(self.word_id(&js.id), (j, 1.0, true), &mut skill_at);
            for (id, (_, w)) in &js.near {
                hit(self.word_id(id), (j, *w, false), &mut skill_at);
            }
        }
        let kinds = |kind: u8| {
            self.word_kind
                .iter()
                .enumerate()
                .filter(move |(_, k)| **k & kind != 0)
                .map(|(w, _)| w)
        };
        let mut major_ok = Vec::new();
        if !job.majors.is_empty() {
            major_ok = vec![false; nw];
            for w in kinds(KIND_MAJOR) {
                if let Some(m) = major_ok.get_mut(w) {
                    *m = major_hit(self.word_str(w as u32), &job.majors);
                }
            }
        }
        let name_bits = |names: &[&str]| -> Vec<u64> {
            let mut bits = Vec::new();
            if names.iter().any(|n| !n.is_empty()) {
                bits = vec![0u64; nw];
                for w in kinds(KIND_CERT_NAME) {
                    let h = self.word_str(w as u32);
                    let mut b = 0u64;
                    for (i, n) in names.iter().enumerate().take(64) {
                        if cert_name_hit(h, n) {
                            b |= 1 << i;
                        }
                    }
                    if let Some(x) = bits.get_mut(w) {
                        *x = b;
                    }
                }
            }
            bits
        };
        let cert_names: Vec<&str> = job.certs.iter().map(|c| c.key.as_str()).collect();
        let ko_names: Vec<&str> = job
            .knockouts
            .iter()
            .map(|k| match &k.check {
                Check::Cert(n, _) => n.as_str(),
                _ => "",
            })
            .collect();
        let code = |c: &Option<String>| c.as_deref().map_or(NONE, |c| self.word_id(c));
        Resolved {
            skill_at,
            skill_hits,
            name_skill,
            major_ok,
            lang_code: job
                .languages
                .iter()
                .map(|l| self.word_id(&l.code))
                .collect(),
            cert_code: job.certs.iter().map(|c| code(&c.code)).collect(),
            cert_bits: name_bits(&cert_names),
            comp: job
                .competencies
                .iter()
                .map(|(id, _)| self.word_id(id))
                .collect(),
            ko: job
                .knockouts
                .iter()
                .map(|k| match &k.check {
                    Check::Cert(_, c) => code(c),
                    Check::Lang(c, _) => self.word_id(c),
                    Check::Skill(id) => self.word_id(id),
                    _ => NONE,
                })
                .collect(),
            ko_cities: job
                .knockouts
                .iter()
                .map(|k| match &k.check {
                    Check::City(names) => names.iter().map(|n| self.word_id(n)).collect(),
                    _ => Vec::new(),
                })
                .collect(),
            ko_bits: name_bits(&ko_names),
            locs: filters
                .locations
                .iter()
                .map(|l| self.word_id(&norm(l)))
                .collect(),
        }
    }

    /// The top `k` resumes for `job` after `filters`, ordered by score (descending) then id
    /// (ascending), each with its explanation, and the screening funnel.
    ///
    /// Two phases: every resume's total from the compact entries (knock-outs and the seven
    /// components through the same arithmetic as [`match_resume`]) kept in a bounded heap;
    /// then the explanation for the `k` kept only.
    pub fn top_k(
        &self,
        job: &PreparedJob,
        k: usize,
        filters: &Filters,
        taxonomy: &Taxonomy,
    ) -> (Vec<Ranked>, Funnel) {
        self.top_k_with(job, k, filters, taxonomy, &|_| None)
    }

    /// [`Index::top_k`] with a semantic score (0–1) per resume id from `semantic` (`None`: the
    /// component does not apply to that resume and the others are renormalised).
    pub fn top_k_with(
        &self,
        job: &PreparedJob,
        k: usize,
        filters: &Filters,
        taxonomy: &Taxonomy,
        semantic: &(dyn Fn(&str) -> Option<f64> + Sync),
    ) -> (Vec<Ranked>, Funnel) {
        let rel = self.relevance(job);
        let q = self.resolve(job, filters);
        let n_ko = job.knockouts.len();
        let n_skills = job.skills.len();
        let visit = visitor(|mut t: Tally<'_>, slot: usize, e: &Entry| {
            let keep = (filters.locations.is_empty()
                || (e.city != NONE && q.locs.contains(&e.city)))
                && filters
                    .min_years
                    .is_none_or(|m| e.years.is_some_and(|y| y + 1e-9 >= m));
            if !keep {
                return t;
            }
            t.after_filters += 1;
            let g = e.groups();
            let mut passed = true;
            for (i, ko) in job.knockouts.iter().enumerate() {
                if !ko_fast(&q, i, &ko.check, e, &g, &self.word_list) {
                    passed = false;
                    if let Some(r) = t.reasons.get_mut(i) {
                        *r += 1;
                    }
                }
            }
            if passed {
                t.pass += 1;
            } else if filters.knockout_pass_only {
                return t;
            }
            let cents = if passed {
                t.best.clear();
                t.best.resize(n_skills, 0.0);
                t.exact.clear();
                t.exact.resize(n_skills, false);
                for w in g[0] {
                    let Some(hits) = q
                        .skill_at
                        .get(*w as usize)
                        .and_then(|h| q.skill_hits.get(*h as usize))
                    else {
                        continue;
                    };
                    for &(j, wt, ex) in hits {
                        if ex {
                            if let Some(x) = t.exact.get_mut(j) {
                                *x = true;
                            }
                        } else if let Some(b) = t.best.get_mut(j) {
                            *b = b.max(wt);
                        }
                    }
                }
                let view = View {
                    q: &q,
                    e,
                    g: &g,
                    words: &self.word_list,
                    best: &t.best,
                    exact: &t.exact,
                };
                fast_total(
                    job,
                    &view,
                    rel.get(slot).copied().unwrap_or(0.0),
                    semantic(&e.id),
                )
            } else {
                0
            };
            if filters
                .min_score
                .is_some_and(|m| (cents as f64) / 100.0 < m)
            {
                return t;
            }
            t.above += 1;
            t.offer(
                Scored {
                    cents,
                    id: &e.id,
                    slot: slot as u32,
                },
                k,
            );
            t
        });
        #[cfg(feature = "parallel")]
        let tally = {
            use rayon::prelude::*;
            const CHUNK: usize = 4096;
            self.slots
                .par_chunks(CHUNK)
                .enumerate()
                .map(|(ci, chunk)| {
                    chunk
                        .iter()
                        .enumerate()
                        .fold(Tally::new(n_ko), |t, (i, e)| match e {
                            Some(e) => visit(t, ci * CHUNK + i, e),
                            None => t,
                        })
                })
                .reduce(|| Tally::new(n_ko), |a, b| a.merge(b, k))
        };
        #[cfg(not(feature = "parallel"))]
        let tally = self
            .slots
            .iter()
            .enumerate()
            .fold(Tally::new(n_ko), |t, (i, e)| match e {
                Some(e) => visit(t, i, e),
                None => t,
            });
        let kept = tally.heap.into_sorted_vec();
        let explain = |(i, s): (usize, &Scored<'_>)| -> Option<Ranked> {
            let e = self.slots.get(s.slot as usize)?.as_ref()?;
            let cand = self.candidate_of(e);
            let result = match_resume(
                job,
                &cand,
                rel.get(s.slot as usize).copied().unwrap_or(0.0),
                semantic(s.id),
                Some(taxonomy),
            );
            Some(Ranked {
                id: s.id.to_string(),
                score: s.cents as f64 / 100.0,
                rank: i + 1,
                result,
            })
        };
        #[cfg(feature = "parallel")]
        let results: Vec<Ranked> = {
            use rayon::prelude::*;
            kept.par_iter().enumerate().filter_map(explain).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let results: Vec<Ranked> = kept.iter().enumerate().filter_map(explain).collect();
        let funnel = Funnel {
            total: self.ids.len(),
            after_filters: tally.after_filters,
            pass_knockouts: tally.pass,
            above_min_score: tally.above,
            top: results.len(),
            knockout_reasons: job
                .knockouts
                .iter()
                .zip(&tally.reasons)
                .map(|(k, c)| ReasonCount {
                    id: k.id.clone(),
                    count: *c,
                    reason_en: k.reason_en.clone(),
                    reason_zh: k.reason_zh.clone(),
                })
                .collect(),
        };
        (results, funnel)
    }

    /// The index as bytes: `IKMINDEX`, the format (u32 LE, [`INDEX_FORMAT`]), the payload
    /// length (u64 LE), the payload's SHA-256, then the payload. Format 2 (binary, unsigned
    /// LEB128 varints `v`): the reference date (`v` length + 1, 0 for none, UTF-8), the terms
    /// in use (`v` count, each `v` length + UTF-8, sorted), the words (skill ids and names,
    /// majors, codes, cities; same layout, sorted), the resumes by id (`v` count; each: id,
    /// years (0, or 1 and the f64 LE), degree (0 or 1 + level), city (0 or word + 1), length,
    /// the seven group sizes, the groups' words (languages: code, has-level, level bits high,
    /// low), the packed evidence (`v` length + bytes), the terms (`v` count, then term-id
    /// delta and count pairs, ids ascending)). The bytes depend on the content only, not on
    /// the order of additions and removals.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let (terms, term_map) = sorted_remap(
            self.vocab_terms.len(),
            |t| self.df.get(t as usize).is_some_and(|d| *d > 0),
            |t| self.vocab_terms.get(t as usize).map_or("", |b| &**b),
        );
        let mut word_used = vec![false; self.word_list.len()];
        for e in self.slots.iter().flatten() {
            let g = e.groups();
            let mut mark = |w: u32| {
                if let Some(u) = word_used.get_mut(w as usize) {
                    *u = true;
                }
            };
            for (gi, group) in g.iter().enumerate() {
                match gi {
                    3 => group
                        .chunks_exact(4)
                        .for_each(|l| l.first().copied().into_iter().for_each(&mut mark)),
                    6 => group
                        .chunks_exact(2)
                        .for_each(|l| l.first().copied().into_iter().for_each(&mut mark)),
                    _ => group.iter().copied().for_each(&mut mark),
                }
            }
            if e.city != NONE {
                mark(e.city);
            }
        }
        let (words, word_map) = sorted_remap(
            self.word_list.len(),
            |w| word_used.get(w as usize).copied().unwrap_or(false),
            |w| self.word_str(w),
        );
        let wmap = |w: u32| u64::from(word_map.get(w as usize).copied().unwrap_or(0));
        // Each live resume's (new term id, count), from the postings.
        let mut per_slot: Vec<Vec<(u32, u32)>> = vec![Vec::new(); self.slots.len()];
        for (old, list) in self.postings.iter().enumerate() {
            let Some(&new) = term_map.get(old).filter(|n| **n != NONE) else {
                continue;
            };
            for p in list {
                let slot = p >> 8;
                let Some(terms) = per_slot
                    .get_mut(slot as usize)
                    .filter(|_| self.slots.get(slot as usize).is_some_and(Option::is_some))
                else {
                    continue;
                };
                let tf = match p & TF_BIG {
                    TF_BIG => self
                        .big_tf
                        .get(&(old as u32, slot))
                        .copied()
                        .unwrap_or(TF_BIG),
                    t => t,
                };
                terms.push((new, tf));
            }
        }
        let mut out = Vec::new();
        let put_str = |out: &mut Vec<u8>, s: &str| {
            put_varint(out, s.len() as u64);
            out.extend_from_slice(s.as_bytes());
        };
        match &self.reference_date {
            None => put_varint(&mut out, 0),
            Some(d) => {
                put_varint(&mut out, d.len() as u64 + 1);
                out.extend_from_slice(d.as_bytes());
            }
        }
        put_varint(&mut out, terms.len() as u64);
        for t in &terms {
            put_str(
                &mut out,
                self.vocab_terms.get(*t as usize).map_or("", |b| &**b),
            );
        }
        put_varint(&mut out, words.len() as u64);
        for w in &words {
            put_str(&mut out, self.word_str(*w));
        }
        put_varint(&mut out, self.ids.len() as u64);
        for &slot in self.ids.values() {
            let Some(e) = self.slots.get(slot as usize).and_then(Option::as_ref) else {
                continue;
            };
            put_str(&mut out, &e.id);
            match e.years {
                None => out.push(0),
                Some(y) => {
                    out.push(1);
                    out.extend_from_slice(&y.to_le_bytes());
                }
            }
            out.push(e.degree.map_or(0, |d| degree_code(d) + 1));
            put_varint(&mut out, if e.city == NONE { 0 } else { wmap(e.city) + 1 });
            put_varint(&mut out, u64::from(e.length));
            for n in e.n {
                put_varint(&mut out, u64::from(n));
            }
            for (gi, group) in e.groups().iter().enumerate() {
                match gi {
                    3 => {
                        for l in group.chunks_exact(4) {
                            if let [code, has, hi, lo] = l {
                                put_varint(&mut out, wmap(*code));
                                put_varint(&mut out, u64::from(*has));
                                put_varint(&mut out, u64::from(*hi));
                                put_varint(&mut out, u64::from(*lo));
                            }
                        }
                    }
                    6 => {
                        for l in group.chunks_exact(2) {
                            if let [w, n] = l {
                                put_varint(&mut out, wmap(*w));
                                put_varint(&mut out, u64::from(*n));
                            }
                        }
                    }
                    _ => group.iter().for_each(|w| put_varint(&mut out, wmap(*w))),
                }
            }
            put_varint(&mut out, e.evidence.len() as u64);
            out.extend_from_slice(&e.evidence);
            let mut ts = per_slot
                .get_mut(slot as usize)
                .map(std::mem::take)
                .unwrap_or_default();
            ts.sort_unstable();
            put_varint(&mut out, ts.len() as u64);
            let mut prev = 0u32;
            for (t, tf) in ts {
                put_varint(&mut out, u64::from(t - prev));
                put_varint(&mut out, u64::from(tf));
                prev = t;
            }
        }
        let payload = out;
        let mut out = Vec::with_capacity(payload.len() + 52);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&INDEX_FORMAT.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&Sha256::digest(&payload));
        out.extend_from_slice(&payload);
        Ok(out)
    }

    /// Reads a format-2 payload ([`Index::to_bytes`]).
    fn from_payload_v2(payload: &[u8]) -> Result<Index> {
        let corrupt = |why: &str| Error::IntegrityCheckFailed {
            what: "match index".into(),
            reason: format!("the payload does not read ({why})"),
        };
        let mut pos = 0usize;
        let v = |pos: &mut usize| -> Result<u64> {
            get_varint(payload, pos).ok_or_else(|| corrupt("truncated number"))
        };
        let take = |pos: &mut usize, n: u64| -> Result<&[u8]> {
            let end = pos
                .checked_add(usize::try_from(n).map_err(|_| corrupt("length"))?)
                .ok_or_else(|| corrupt("length"))?;
            let b = payload.get(*pos..end).ok_or_else(|| corrupt("truncated"))?;
            *pos = end;
            Ok(b)
        };
        let string = |b: &[u8]| -> Result<String> {
            String::from_utf8(b.to_vec()).map_err(|_| corrupt("a string that is not UTF-8"))
        };
        // A count can never exceed the bytes left (each item takes at least one).
        let count = |n: u64, pos: usize| -> Result<usize> {
            if n > (payload.len().saturating_sub(pos)) as u64 {
                return Err(corrupt("a count larger than the data"));
            }
            Ok(n as usize)
        };
        let rd = v(&mut pos)?;
        let reference_date = if rd == 0 {
            None
        } else {
            Some(string(take(&mut pos, rd - 1)?)?)
        };
        let mut index = Index::new(reference_date);
        let n_terms = count(v(&mut pos)?, pos)?;
        for i in 0..n_terms {
            let l = v(&mut pos)?;
            let t = string(take(&mut pos, l)?)?;
            if index.vocab.insert(t.as_str().into(), i as u32).is_some() {
                return Err(corrupt("a repeated term"));
            }
            index.vocab_terms.push(t.into());
            index.postings.push(Vec::new());
            index.df.push(0);
        }
        let n_words = count(v(&mut pos)?, pos)?;
        for i in 0..n_words {
            let l = v(&mut pos)?;
            let w = string(take(&mut pos, l)?)?;
            if index.words.insert(w.as_str().into(), i as u32).is_some() {
                return Err(corrupt("a repeated word"));
            }
            index.word_list.push(w.into());
            index.word_kind.push(0);
        }
        let word = |x: u64| -> Result<u32> {
            if x < n_words as u64 {
                Ok(x as u32)
            } else {
                Err(corrupt("a word id outside the table"))
            }
        };
        let small = |x: u64| -> Result<u32> { u32::try_from(x).map_err(|_| corrupt("a number")) };
        let n_entries = count(v(&mut pos)?, pos)?;
        for _ in 0..n_entries {
            let l = v(&mut pos)?;
            let id = string(take(&mut pos, l)?)?;
            if id.is_empty() {
                return Err(corrupt("an entry without id"));
            }
            if index.ids.contains_key(&id) {
                return Err(corrupt("a repeated id"));
            }
            let years = match take(&mut pos, 1)?.first() {
                Some(0) => None,
                Some(1) => {
                    let b =
                        <[u8; 8]>::try_from(take(&mut pos, 8)?).map_err(|_| corrupt("years"))?;
                    Some(f64::from_le_bytes(b)).filter(|y| y.is_finite())
                }
                _ => return Err(corrupt("years")),
            };
            let degree = match take(&mut pos, 1)?.first() {
                Some(0) => None,
                Some(d) => Some(degree_of_code(d - 1).ok_or_else(|| corrupt("degree"))?),
                None => return Err(corrupt("degree")),
            };
            let city = match v(&mut pos)? {
                0 => NONE,
                c => word(c - 1)?,
            };
            let length = small(v(&mut pos)?)?;
            let mut n = [0u32; 7];
            for x in &mut n {
                *x = small(v(&mut pos)?)?;
                count(u64::from(*x), pos)?;
            }
            let mut words = Vec::new();
            for (gi, k) in n.iter().enumerate() {
                for _ in 0..*k {
                    match gi {
                        3 => {
                            words.push(word(v(&mut pos)?)?);
                            let has = small(v(&mut pos)?)?;
                            let (hi, lo) = (small(v(&mut pos)?)?, small(v(&mut pos)?)?);
                            words.extend([has, hi, lo]);
                        }
                        6 => {
                            words.push(word(v(&mut pos)?)?);
                            words.push(small(v(&mut pos)?)?);
                        }
                        _ => {
                            let w = word(v(&mut pos)?)?;
                            let kind = match gi {
                                2 => KIND_MAJOR,
                                5 => KIND_CERT_NAME,
                                _ => 0,
                            };
                            if let Some(k) = index.word_kind.get_mut(w as usize) {
                                *k |= kind;
                            }
                            words.push(w);
                        }
                    }
                }
            }
            let l = v(&mut pos)?;
            let evidence: Box<[u8]> = take(&mut pos, l)?.into();
            let nt = count(v(&mut pos)?, pos)?;
            let mut terms = Vec::with_capacity(nt);
            let mut prev = 0u64;
            for _ in 0..nt {
                let d = v(&mut pos)?;
                prev = prev.saturating_add(d);
                let tf = small(v(&mut pos)?)?;
                if prev >= n_terms as u64 || (d == 0 && !terms.is_empty()) || tf == 0 {
                    return Err(corrupt("a term id outside the vocabulary or repeated"));
                }
                terms.push((prev as u32, tf));
            }
            let slot = u32::try_from(index.slots.len())
                .ok()
                .filter(|s| *s < MAX_SLOTS)
                .ok_or_else(|| Error::LimitExceeded {
                    what: "resumes in the index".into(),
                    limit: u64::from(MAX_SLOTS),
                    actual: index.slots.len() as u64 + 1,
                })?;
            for (t, tf) in &terms {
                if let Some(p) = index.postings.get_mut(*t as usize) {
                    p.push(posting(slot, *tf));
                }
                if *tf >= TF_BIG {
                    index.big_tf.insert((*t, slot), *tf);
                }
                if let Some(d) = index.df.get_mut(*t as usize) {
                    *d += 1;
                }
            }
            index.total_len += u64::from(length);
            index.lens.push(length);
            index.slots.push(Some(Entry {
                id: id.as_str().into(),
                years,
                degree,
                city,
                length,
                words: words.into_boxed_slice(),
                n,
                evidence,
                terms: pack_terms(terms.iter().map(|(t, _)| *t).collect()),
            }));
            index.ids.insert(id, slot);
        }
        if pos != payload.len() {
            return Err(corrupt("bytes after the last entry"));
        }
        Ok(index)
    }

    /// Reads [`Index::to_bytes`]. Errors: [`Error::InvalidArgument`] `index` for bytes that are
    /// not an index; [`Error::UnsupportedSchemaVersion`] for a newer format;
    /// [`Error::IntegrityCheckFailed`] for a truncated or altered one.
    pub fn from_bytes(bytes: &[u8]) -> Result<Index> {
        if bytes.get(..8) != Some(MAGIC.as_slice()) {
            return Err(invalid("index", "an InterviewKit match index (it starts with IKMINDEX); these bytes are something else"));
        }
        let fmt = bytes
            .get(8..12)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_le_bytes);
        let fmt = match fmt {
            Some(n @ (1 | INDEX_FORMAT)) => n,
            Some(n) if n > INDEX_FORMAT => {
                return Err(Error::UnsupportedSchemaVersion {
                    found: n.to_string(),
                    supported: INDEX_FORMAT,
                })
            }
            Some(n) => {
                return Err(invalid(
                    "index",
                    format!("index format 1 or {INDEX_FORMAT}; these bytes say format {n}"),
                ))
            }
            None => return Err(invalid("index", format!("index format {INDEX_FORMAT}"))),
        };
        let corrupt = |why: &str| Error::IntegrityCheckFailed {
            what: "match index".into(),
            reason: why.into(),
        };
        let len = bytes
            .get(12..20)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes)
            .ok_or_else(|| corrupt("truncated header"))?;
        let sum = bytes
            .get(20..52)
            .ok_or_else(|| corrupt("truncated header"))?;
        let payload = bytes.get(52..).ok_or_else(|| corrupt("truncated"))?;
        if payload.len() as u64 != len {
            return Err(corrupt(
                "the payload length does not match the header (truncated file?)",
            ));
        }
        if Sha256::digest(payload).as_slice() != sum {
            return Err(corrupt(
                "the payload checksum does not match (altered file?)",
            ));
        }
        if fmt == INDEX_FORMAT {
            return Index::from_payload_v2(payload);
        }
        // Format 1 (JSON, written before the compact index): read and converted.
        let saved: Loaded = serde_json::from_slice(payload)
            .map_err(|e| corrupt(&format!("the payload does not read ({e})")))?;
        let mut index = Index::new(saved.reference_date);
        for mut e in saved.entries {
            if e.features.id.is_empty() {
                return Err(corrupt("an entry without id"));
            }
            let mut terms = std::collections::BTreeMap::new();
            for (t, tf) in e.terms {
                let term = saved
                    .vocab
                    .get(t as usize)
                    .ok_or_else(|| corrupt("a term id outside the vocabulary"))?;
                terms.insert(term.clone(), tf);
            }
            e.features.terms = text::TermCounts::from_map(&terms);
            index.add_candidate(e.features.finish())?;
        }
        Ok(index)
    }
}
