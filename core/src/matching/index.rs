//! The resume index: parsed resumes reduced to [`Candidate`]s once, an inverted index of terms
//! for BM25, incremental add/remove, versioned save/load, top-k ranking with filters and the
//! screening funnel. Scoring runs in parallel through rayon with the `parallel` feature.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::prepare::{norm, prepare_resume, Candidate, PreparedJob};
use super::score::{fast_total, ko_passed, match_resume, MatchResult};
use super::{invalid, text};
use crate::error::{Error, Result};
use crate::schema::Resume;
use crate::taxonomy::Taxonomy;

#[derive(Serialize)]
struct Saved<'a> {
    reference_date: Option<&'a str>,
    vocab: Vec<&'a str>,
    entries: Vec<SavedEntry<'a>>,
}

#[derive(Serialize)]
struct SavedEntry<'a> {
    features: &'a Candidate,
    terms: Vec<(u32, u32)>,
}

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

/// The index file format this build writes and the newest it reads.
pub const INDEX_FORMAT: u32 = 1;
const MAGIC: &[u8; 8] = b"IKMINDEX";

#[derive(Debug, Clone)]
struct Entry {
    /// The features, with `terms` moved into the inverted index.
    cand: Candidate,
    /// (term id, count), for removal and saving.
    terms: Vec<(u32, u32)>,
}

/// Parsed resumes ready for ranking. Build with [`Index::new`] and [`Index::add`].
#[derive(Debug, Clone, Default)]
pub struct Index {
    slots: Vec<Option<Entry>>,
    ids: BTreeMap<String, usize>,
    free: Vec<usize>,
    vocab: HashMap<String, u32>,
    vocab_terms: Vec<String>,
    /// Per term id: (slot, count).
    postings: Vec<Vec<(u32, u32)>>,
    /// Per slot: the document length in tokens (0 for a free slot).
    lens: Vec<u32>,
    total_len: u64,
    reference_date: Option<String>,
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
                self.slots.push(None);
                self.slots.len() - 1
            }
        };
        let s32 = u32::try_from(slot).map_err(|_| Error::LimitExceeded {
            what: "resumes in the index".into(),
            limit: u64::from(u32::MAX),
            actual: slot as u64,
        })?;
        let mut terms = Vec::with_capacity(cand.terms.len());
        for (term, tf) in std::mem::take(&mut cand.terms) {
            let tid = match self.vocab.get(&term) {
                Some(t) => *t,
                None => {
                    let t = self.vocab_terms.len() as u32;
                    self.vocab.insert(term.clone(), t);
                    self.vocab_terms.push(term);
                    self.postings.push(Vec::new());
                    t
                }
            };
            if let Some(list) = self.postings.get_mut(tid as usize) {
                list.push((s32, tf));
            }
            terms.push((tid, tf));
        }
        self.total_len += u64::from(cand.length);
        if self.lens.len() < self.slots.len() {
            self.lens.resize(self.slots.len(), 0);
        }
        if let Some(l) = self.lens.get_mut(slot) {
            *l = cand.length;
        }
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Some(Entry { cand, terms });
        }
        self.ids.insert(id, slot);
        Ok(())
    }

    /// Removes a resume; false when the id is not in the index.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(slot) = self.ids.remove(id) else {
            return false;
        };
        let Some(entry) = self.slots.get_mut(slot).and_then(Option::take) else {
            return false;
        };
        let s32 = slot as u32;
        for (tid, _) in &entry.terms {
            if let Some(list) = self.postings.get_mut(*tid as usize) {
                list.retain(|(s, _)| *s != s32);
            }
        }
        self.total_len = self.total_len.saturating_sub(u64::from(entry.cand.length));
        if let Some(l) = self.lens.get_mut(slot) {
            *l = 0;
        }
        self.free.push(slot);
        true
    }

    fn avg_len(&self) -> f64 {
        if self.ids.is_empty() {
            0.0
        } else {
            self.total_len as f64 / self.ids.len() as f64
        }
    }

    /// BM25 relevance (0–1) of every slot to the job's text, through the inverted index.
    fn relevance(&self, job: &PreparedJob) -> Vec<f64> {
        let n = self.ids.len() as f64;
        let avg = self.avg_len();
        let mut acc = vec![0.0; self.slots.len()];
        let mut max = 0.0;
        for term in job.query.keys() {
            let Some(list) = self
                .vocab
                .get(term)
                .and_then(|t| self.postings.get(*t as usize))
                .filter(|l| !l.is_empty())
            else {
                // A term no resume has still counts in the upper bound.
                max += text::idf(n, 0.0) * (text::BM25_K1 + 1.0);
                continue;
            };
            let idf = text::idf(n, list.len() as f64);
            max += idf * (text::BM25_K1 + 1.0);
            for (slot, tf) in list {
                let len = f64::from(self.lens.get(*slot as usize).copied().unwrap_or(0));
                if let Some(a) = acc.get_mut(*slot as usize) {
                    *a += idf * text::tf_part(f64::from(*tf), len, avg);
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
        self.relevance(job).get(slot).copied()
    }

    /// The top `k` resumes for `job` after `filters`, ordered by score (descending) then id
    /// (ascending), each with its explanation, and the screening funnel.
    pub fn top_k(
        &self,
        job: &PreparedJob,
        k: usize,
        filters: &Filters,
        taxonomy: &Taxonomy,
    ) -> (Vec<Ranked>, Funnel) {
        let rel = self.relevance(job);
        let locs: Vec<String> = filters.locations.iter().map(|l| norm(l)).collect();
        let live: Vec<(usize, &Entry)> = self
            .ids
            .values()
            .filter_map(|&s| self.slots.get(s).and_then(Option::as_ref).map(|e| (s, e)))
            .collect();
        let keep = |e: &Entry| -> bool {
            (locs.is_empty() || e.cand.city.as_ref().is_some_and(|c| locs.contains(c)))
                && filters
                    .min_years
                    .is_none_or(|m| e.cand.years.is_some_and(|y| y + 1e-9 >= m))
        };
        let score = |&(slot, e): &(usize, &Entry)| -> Option<(i64, bool, Vec<usize>, usize)> {
            if !keep(e) {
                return None;
            }
            let failed: Vec<usize> = job
                .knockouts
                .iter()
                .enumerate()
                .filter(|(_, k)| !ko_passed(&k.check, &e.cand))
                .map(|(i, _)| i)
                .collect();
            let passed = failed.is_empty();
            let cents = if passed {
                fast_total(job, &e.cand, rel.get(slot).copied().unwrap_or(0.0))
            } else {
                0
            };
            Some((cents, passed, failed, slot))
        };
        #[cfg(feature = "parallel")]
        let scored: Vec<(i64, bool, Vec<usize>, usize)> = {
            use rayon::prelude::*;
            live.par_iter().filter_map(score).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let scored: Vec<(i64, bool, Vec<usize>, usize)> = live.iter().filter_map(score).collect();

        let mut reasons: Vec<usize> = vec![0; job.knockouts.len()];
        let mut pass = 0usize;
        let mut kept: Vec<(i64, &str, usize)> = Vec::new();
        let mut above = 0usize;
        for (total, passed, failed, slot) in &scored {
            for f in failed {
                if let Some(c) = reasons.get_mut(*f) {
                    *c += 1;
                }
            }
            if *passed {
                pass += 1;
            }
            if filters.knockout_pass_only && !passed {
                continue;
            }
            if filters
                .min_score
                .is_some_and(|m| (*total as f64) / 100.0 < m)
            {
                continue;
            }
            above += 1;
            let id = self
                .slots
                .get(*slot)
                .and_then(Option::as_ref)
                .map_or("", |e| e.cand.id.as_str());
            kept.push((*total, id, *slot));
        }
        kept.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        kept.truncate(k);
        let results: Vec<Ranked> = kept
            .iter()
            .enumerate()
            .filter_map(|(i, (total, id, slot))| {
                let e = self.slots.get(*slot)?.as_ref()?;
                let result = match_resume(
                    job,
                    &e.cand,
                    rel.get(*slot).copied().unwrap_or(0.0),
                    None,
                    Some(taxonomy),
                );
                Some(Ranked {
                    id: (*id).to_string(),
                    score: *total as f64 / 100.0,
                    rank: i + 1,
                    result,
                })
            })
            .collect();
        let funnel = Funnel {
            total: self.ids.len(),
            after_filters: scored.len(),
            pass_knockouts: pass,
            above_min_score: above,
            top: results.len(),
            knockout_reasons: job
                .knockouts
                .iter()
                .zip(&reasons)
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

    /// The index as bytes: `IKMINDEX`, the format (u32 LE), the payload length (u64 LE), the
    /// payload's SHA-256, then the payload (JSON: the reference date and each resume's matching
    /// features: skill ids with evidence spans, years, degree, majors, languages, certificates,
    /// competency counts, city, term counts).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        // The vocabulary of the terms in use, sorted, so that the bytes depend on the content
        // only (not on the order of additions and removals).
        let mut used: Vec<u32> = (0..self.vocab_terms.len() as u32)
            .filter(|t| {
                self.postings
                    .get(*t as usize)
                    .is_some_and(|l| !l.is_empty())
            })
            .collect();
        used.sort_by(|a, b| {
            self.vocab_terms
                .get(*a as usize)
                .cmp(&self.vocab_terms.get(*b as usize))
        });
        let mut remap = vec![u32::MAX; self.vocab_terms.len()];
        for (new, old) in used.iter().enumerate() {
            if let Some(r) = remap.get_mut(*old as usize) {
                *r = new as u32;
            }
        }
        let vocab: Vec<&str> = used
            .iter()
            .filter_map(|t| self.vocab_terms.get(*t as usize).map(String::as_str))
            .collect();
        let mut entries = Vec::with_capacity(self.ids.len());
        for &slot in self.ids.values() {
            let Some(e) = self.slots.get(slot).and_then(Option::as_ref) else {
                continue;
            };
            let mut terms: Vec<(u32, u32)> = e
                .terms
                .iter()
                .filter_map(|(t, tf)| Some((*remap.get(*t as usize)?, *tf)))
                .collect();
            terms.sort_unstable();
            entries.push(SavedEntry {
                features: &e.cand,
                terms,
            });
        }
        let saved = Saved {
            reference_date: self.reference_date.as_deref(),
            vocab,
            entries,
        };
        let payload = serde_json::to_vec(&saved).map_err(|e| Error::Internal(e.to_string()))?;
        let mut out = Vec::with_capacity(payload.len() + 52);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&INDEX_FORMAT.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&Sha256::digest(&payload));
        out.extend_from_slice(&payload);
        Ok(out)
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
        match fmt {
            Some(INDEX_FORMAT) => {}
            Some(n) if n > INDEX_FORMAT => {
                return Err(Error::UnsupportedSchemaVersion {
                    found: n.to_string(),
                    supported: INDEX_FORMAT,
                })
            }
            _ => return Err(invalid("index", format!("index format {INDEX_FORMAT}"))),
        }
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
            e.features.terms = terms;
            index.add_candidate(e.features.finish())?;
        }
        Ok(index)
    }
}
