//! Batch work over many rows at once (issue #10): parse a column of resume documents, screen a
//! column of resumes against several jobs, predict potential for a table of employees (one
//! outcome per row), or audit a table for adverse impact (one report, with the rows that could
//! not be read listed).
//!
//! Owns: running the per-row operations over a batch, in parallel natively (rayon, the
//! `parallel` feature) and in order otherwise, with every row's outcome kept at its index so a
//! bad row is reported (its [`ErrorCode`] and message) and never stops or drops the rest.
//! Must not touch: columnar formats (the faces turn Arrow, Parquet or JSON lines into rows and
//! back), the operations themselves ([`crate::resume`], [`crate::matching`]).
//!
//! Every row is scored on its own: a resume's fit score for a job depends on that resume and
//! that job only (text relevance is [`crate::matching::pair_relevance`], not corpus BM25), so a
//! batch split into partitions in any way — Spark, Dask, chunks of a file — gives the same
//! numbers as one pass over everything.
//!
//! ```
//! use interviewkit_core::batch::{ResumeInput, Screener};
//! use serde_json::json;
//!
//! let screener = Screener::from_request(&json!({
//!     "jobs": [{"id": "j-1", "text": "任职要求：3年以上经验，熟练掌握Python和SQL"}],
//!     "reference_date": "2026-01-01"})).unwrap();
//! let rows = [ResumeInput::Text("王芳\n工作经历\n2018.01-至今 某科技公司 数据分析师\n技能：Python、SQL"),
//!             ResumeInput::Missing];
//! let out = screener.screen(&rows, &[Some("r-1"), None]).unwrap();
//! let first = out[0].as_ref().unwrap();
//! assert_eq!(first[0].id, "r-1");
//! assert!(first[0].total > 0.0);
//! assert_eq!(out[1].as_ref().unwrap_err().code(), interviewkit_core::ErrorCode::InvalidArgument);
//! ```

mod audit;
mod potential;

pub use audit::{AuditBatch, AuditOutcome, RowError};
pub use potential::{Contribution, Prediction, Predictor};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::matching::{match_resume, pair_relevance, prepare_resume, MatchResult, PreparedJob};
use crate::resume::{ParseOutcome, Parser};
use crate::schema::Resume;
use crate::taxonomy::Chosen;

/// Most rows one call takes; a face splits longer inputs into batches of this size or fewer.
pub const MAX_ROWS: usize = 1_000_000;

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

/// Rows per block of [`Screener::screen_blocks`].
pub const SCREEN_BLOCK: usize = 256;

/// Runs `f` on every index `0..n`, in parallel with the `parallel` feature; results in order.
fn map_rows<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..n).into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..n).map(f).collect()
    }
}

fn check_rows(n: usize, ids: usize) -> Result<()> {
    if n > MAX_ROWS {
        return Err(Error::LimitExceeded {
            what: "rows in one batch".into(),
            limit: MAX_ROWS as u64,
            actual: n as u64,
        });
    }
    if ids != 0 && ids != n {
        return Err(invalid(
            "ids",
            format!("one id per row ({n} rows) or none; got {ids}"),
        ));
    }
    Ok(())
}

/// Parses every document (`None`: a missing value, reported as an error for that row) with
/// one configured parser. `ids`, when not empty, gives each row's resume id.
pub fn parse_resumes(
    parser: &Parser,
    documents: &[Option<&[u8]>],
    ids: &[Option<&str>],
) -> Result<Vec<Result<ParseOutcome>>> {
    check_rows(documents.len(), ids.len())?;
    Ok(map_rows(documents.len(), |i| {
        let id = ids.get(i).copied().flatten();
        match documents.get(i).copied().flatten() {
            Some(bytes) => parser.parse(bytes, id),
            None => Err(invalid(
                "text",
                "a resume document; the value is missing (null)",
            )),
        }
    }))
}

/// One cell of a column a face hands over (from Arrow, Parquet or JSON lines), typed as the
/// column is: a JSON `records` value of the same kind is read the same way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// A null.
    Missing,
    /// Text.
    Text(&'a str),
    /// An integer.
    Int(i64),
    /// A float (NaN, how pandas marks a missing value, counts as missing).
    Number(f64),
    /// A boolean.
    Bool(bool),
}

/// One resume of a batch to screen.
#[derive(Debug, Clone, Copy)]
pub enum ResumeInput<'a> {
    /// A document's text (plain text, HTML).
    Text(&'a str),
    /// A document's bytes (any format the parser reads: text, DOCX, PDF, HTML).
    Bytes(&'a [u8]),
    /// An archive Resume as JSON text (for example one [`parse_resumes`] produced).
    ResumeJson(&'a str),
    /// A missing value: reported as that row's error.
    Missing,
}

/// Several jobs prepared once, to screen many resumes against.
pub struct Screener {
    taxonomy: Chosen,
    reference_date: Option<String>,
    parser: Parser,
    jobs: Vec<PreparedJob>,
}

const SCREEN_KEYS: [&str; 6] = [
    "jobs",
    "weights",
    "reference_date",
    "taxonomy",
    "taxonomy_extension",
    "parse",
];

impl Screener {
    /// Builds a screener from `{"jobs": [JOB…], "weights"?: {COMPONENT: W}, "reference_date"?:
    /// "YYYY-MM-DD", "taxonomy"?, "taxonomy_extension"?, "parse"?: {parse options}}`. A JOB is a
    /// job profile or `{"text", "lang"?, "id"?, "title"?}`, as in `match`; `parse` takes the
    /// options of `parse_resume_file` other than the taxonomy and the reference date, which
    /// come from this request. Errors name the job: `/jobs/2/requirements/min_years_experience`.
    pub fn from_request(request: &Value) -> Result<Screener> {
        let req = request
            .as_object()
            .ok_or_else(|| invalid("request", "an object"))?;
        if let Some(k) = req.keys().find(|k| !SCREEN_KEYS.contains(&k.as_str())) {
            return Err(invalid(
                &format!("/{k}"),
                format!("no such field; allowed: {}", SCREEN_KEYS.join(", ")),
            ));
        }
        let taxonomy = crate::matching::request_taxonomy(req)?;
        let reference_date = crate::matching::request_reference_date(req)?;
        let jobs_v = req
            .get("jobs")
            .and_then(Value::as_array)
            .filter(|a| !a.is_empty())
            .ok_or_else(|| invalid("/jobs", "a non-empty array of jobs"))?;
        let mut jobs = Vec::with_capacity(jobs_v.len());
        for (i, v) in jobs_v.iter().enumerate() {
            let job = crate::matching::request_job(Some(v), &taxonomy, req.get("weights"))
                .map_err(|e| rename(e, "/job", &format!("/jobs/{i}")))?;
            jobs.push(job);
        }
        let mut options = match req.get("parse") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err(invalid("/parse", "an object of parse_resume_file options")),
        };
        for k in ["taxonomy", "taxonomy_extension", "reference_date"] {
            if options.contains_key(k) {
                return Err(invalid(
                    &format!("/parse/{k}"),
                    format!("no such option here: give {k} at the top of the request"),
                ));
            }
            if let Some(v) = req.get(k) {
                options.insert(k.to_string(), v.clone());
            }
        }
        let parser =
            Parser::from_options(&Value::Object(options)).map_err(|e| rename(e, "", "/parse/"))?;
        Ok(Screener {
            taxonomy,
            reference_date,
            parser,
            jobs,
        })
    }

    /// The jobs' ids, in request order (a job without an id is `job-N`, N from 0).
    pub fn job_ids(&self) -> Vec<String> {
        self.jobs
            .iter()
            .enumerate()
            .map(|(i, j)| {
                Some(j.profile.id.clone())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| format!("job-{i}"))
            })
            .collect()
    }

    /// Scores every resume against every job: per row, one [`MatchResult`] per job in job
    /// order, or the row's error. `ids`, when not empty, names each row's resume (else the
    /// resume's own id, else `row-N`). Errors only for the batch as a whole: more than
    /// [`MAX_ROWS`] rows, or `ids` of another length.
    pub fn screen(
        &self,
        rows: &[ResumeInput<'_>],
        ids: &[Option<&str>],
    ) -> Result<Vec<Result<Vec<MatchResult>>>> {
        check_rows(rows.len(), ids.len())?;
        Ok(map_rows(rows.len(), |i| {
            let id = ids.get(i).copied().flatten();
            let row = rows.get(i).copied().unwrap_or(ResumeInput::Missing);
            self.screen_one(row, id, i)
        }))
    }

    /// [`Screener::screen`] a block of [`SCREEN_BLOCK`] rows at a time (each block in
    /// parallel), handing each block's results to `sink` with the index of its first row, in
    /// row order. Only one block's explained results are alive at once: with ten jobs a
    /// screened row holds about 150 kB of explanations, so an 8,192-row chunk screened whole
    /// would hold over a gigabyte. Stops at the first error `sink` returns.
    pub fn screen_blocks<E: From<Error>>(
        &self,
        rows: &[ResumeInput<'_>],
        ids: &[Option<&str>],
        mut sink: impl FnMut(usize, Vec<Result<Vec<MatchResult>>>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        check_rows(rows.len(), ids.len())?;
        let mut start = 0;
        while start < rows.len() {
            let len = SCREEN_BLOCK.min(rows.len() - start);
            let block = map_rows(len, |k| {
                let i = start + k;
                let id = ids.get(i).copied().flatten();
                let row = rows.get(i).copied().unwrap_or(ResumeInput::Missing);
                self.screen_one(row, id, i)
            });
            sink(start, block)?;
            start += len;
        }
        Ok(())
    }

    fn screen_one(
        &self,
        row: ResumeInput<'_>,
        id: Option<&str>,
        index: usize,
    ) -> Result<Vec<MatchResult>> {
        let resume: Resume = match row {
            ResumeInput::Text(t) => self.parser.parse(t.as_bytes(), id)?.resume,
            ResumeInput::Bytes(b) => self.parser.parse(b, id)?.resume,
            ResumeInput::ResumeJson(j) => {
                let v: Value = serde_json::from_str(j)
                    .map_err(|e| invalid("resume", format!("an archive Resume as JSON ({e})")))?;
                crate::matching::request_resume(&v, "/resume", &self.taxonomy, None)?
            }
            ResumeInput::Missing => {
                return Err(invalid("resume", "a resume; the value is missing (null)"));
            }
        };
        let id = id
            .map(str::to_string)
            .or_else(|| resume.id.clone().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| format!("row-{index}"));
        let cand = prepare_resume(
            &resume,
            &id,
            &self.taxonomy,
            self.reference_date.as_deref(),
            "/resume",
        )?;
        Ok(self
            .jobs
            .iter()
            .map(|job| {
                let rel = pair_relevance(job, &cand);
                match_resume(job, &cand, rel, None, Some(&self.taxonomy))
            })
            .collect())
    }
}

/// Renames an [`Error::InvalidArgument`]'s field prefix `from` to `to`.
fn rename(e: Error, from: &str, to: &str) -> Error {
    match e {
        Error::InvalidArgument { name, expected } => {
            let rest = name.strip_prefix(from).unwrap_or(&name);
            let rest = match to.ends_with('/') {
                true => rest.trim_start_matches('/'),
                false => rest,
            };
            Error::InvalidArgument {
                name: format!("{to}{rest}"),
                expected,
            }
        }
        other => other,
    }
}

/// Each job's best `k` rows (score descending, then id, then row) kept in a bounded heap per
/// job, so a face can stream any number of screened rows and hold only `k` per job: what
/// `screen(..., top=K)` and `batch screen --top K` keep.
pub struct TopK<T> {
    k: usize,
    jobs: std::collections::BTreeMap<String, std::collections::BinaryHeap<Ranked<T>>>,
}

/// A kept row, ordered so that a heap's greatest is its worst row.
struct Ranked<T> {
    score: f64,
    id: String,
    row: u64,
    item: T,
}

impl<T> Ranked<T> {
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        // Worse = lower score, then greater id, then later row.
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| self.id.cmp(&other.id))
            .then(self.row.cmp(&other.row))
    }
}

impl<T> Ord for Ranked<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order(other)
    }
}

impl<T> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> PartialEq for Ranked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.order(other) == std::cmp::Ordering::Equal
    }
}

impl<T> Eq for Ranked<T> {}

impl<T> TopK<T> {
    /// Keeps at most `k` rows per job.
    pub fn new(k: usize) -> TopK<T> {
        TopK {
            k,
            jobs: std::collections::BTreeMap::new(),
        }
    }

    /// Offers one row of `job`; it is kept while it is among the job's best `k`.
    pub fn offer(&mut self, job: &str, score: f64, id: &str, row: u64, item: T) {
        if self.k == 0 {
            return;
        }
        let heap = self.jobs.entry(job.to_string()).or_default();
        let candidate = Ranked {
            score,
            id: id.to_string(),
            row,
            item,
        };
        if heap.len() >= self.k {
            // Full: replace the worst kept row only when the candidate is better.
            if heap.peek().is_some_and(|worst| candidate >= *worst) {
                return;
            }
            heap.pop();
        }
        heap.push(candidate);
    }

    /// The kept rows: jobs in id order, each job's rows best first.
    pub fn into_rows(self) -> Vec<T> {
        self.jobs
            .into_values()
            .flat_map(|h| h.into_sorted_vec().into_iter().map(|r| r.item))
            .collect()
    }
}
