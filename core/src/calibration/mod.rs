//! Interviewer calibration: AI-versus-interviewer divergence flags with re-rate requests,
//! blind-first checks, rater statistics and panel aggregation (issue #6, item 5).
//!
//! Owns: reading ratings (request rows and archive Scorecards), putting them on one scale,
//! divergence per candidate and competency, the flag and re-rate payloads, leniency/severity
//! and drift per interviewer, ICC(2,1)/ICC(2,k) and weighted kappa ([`stats`]), and the
//! mechanical panel aggregate. Must not touch: how AI scores are made (interview scoring, fusion)
//! or how the Scorecard is rendered; it reads them and returns the archive [`Divergence`] for the
//! caller to store.
//!
//! **Blind first.** An interviewer's rating should be locked before the AI score is shown. A
//! request may say when the AI score was revealed (`ai_revealed_at`, or `revealed_at` on one AI
//! score); a rating whose `rated_at` is later is listed in `not_blind` and marked
//! `"blind": false` in flags. It still counts — this is a warning, not an error.
//!
//! Request → response (through [`calibrate_value`]):
//!
//! ```
//! use serde_json::json;
//!
//! let out = interviewkit_core::calibration::calibrate_value(&json!({
//!     "ratings": [
//!         {"candidate_id": "c1", "competency": "teamwork", "interviewer_id": "alice", "score": 2},
//!         {"candidate_id": "c1", "competency": "teamwork", "interviewer_id": "bob", "score": 3},
//!     ],
//!     "ai": [{"candidate_id": "c1", "competency": "teamwork", "score": 4.5,
//!             "evidence": ["I organised the hand-over for the whole team."]}],
//! })).unwrap();
//! // |4.5 − 2.5| / (5 − 1) = 0.5 > 0.2: flagged, with a re-rate request to both interviewers.
//! assert_eq!(out["divergence"][0]["divergence"]["delta"], 0.5);
//! assert_eq!(out["flags"][0]["re_rate_request"]["interviewer_ids"], json!(["alice", "bob"]));
//! assert_eq!(out["panel"][0]["score"], 2.5);
//! // Two ratings on one target are too few for ICC: null, with a note saying why.
//! assert!(out["agreement"]["icc_2_1"].is_null());
//! ```
//!
//! See `docs/calibration.md` for every field and the formulas.

pub mod stats;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use crate::error::{Error, Result};
use crate::schema::types::{Divergence, ScoreScale, Scorecard};
use crate::schema::DocumentKind;

use stats::{KappaWeights, Note};

/// Most ratings (request rows plus scorecard ratings) one request may carry.
pub const MAX_RATINGS: usize = 100_000;
/// Default divergence threshold, as a fraction of the scale range.
pub const DEFAULT_THRESHOLD: f64 = 0.2;
/// Candidate rater panels considered for ICC (the most frequent ones).
const MAX_PANELS_CONSIDERED: usize = 200;
/// Longest id accepted.
const MAX_ID_CHARS: usize = 128;

/// Rounds a reported float to 4 decimals.
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// A finite float rounded to 4 decimals, or `null`.
fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(round4(x))
    } else {
        Value::Null
    }
}

/// The archive [`Divergence`] between an AI score and the interviewers' mean on `scale`:
/// `delta` = |ai − mean| / (max − min), rounded to 4 decimals; `flagged` (and
/// `re_rate_requested`) when that rounded delta is strictly above `threshold`.
pub fn divergence(
    ai_score: f64,
    interviewer_mean: f64,
    scale: &ScoreScale,
    threshold: f64,
) -> Divergence {
    let range = scale.max - scale.min;
    let raw = if range > 0.0 {
        (ai_score - interviewer_mean).abs() / range
    } else {
        0.0
    };
    let delta = if raw.is_finite() {
        round4(raw.clamp(0.0, 1.0))
    } else {
        0.0
    };
    let flagged = delta > threshold;
    Divergence {
        delta,
        threshold,
        flagged,
        re_rate_requested: flagged,
        extra: Map::new(),
    }
}

/// Whom leniency is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reference {
    /// The mean of the other interviewers on the same candidate and competency.
    Panel,
    /// The AI score for the same candidate and competency.
    Ai,
}

impl Reference {
    fn name(self) -> &'static str {
        match self {
            Reference::Panel => "panel",
            Reference::Ai => "ai",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aggregate {
    Mean,
    Median,
}

impl Aggregate {
    fn name(self) -> &'static str {
        match self {
            Aggregate::Mean => "mean",
            Aggregate::Median => "median",
        }
    }
}

#[derive(Debug, Clone)]
struct Stamp {
    text: String,
    at: OffsetDateTime,
}

#[derive(Debug, Clone)]
struct Rating {
    candidate: String,
    competency: String,
    interviewer: String,
    /// On the request scale.
    score: f64,
    rated_at: Option<Stamp>,
    notes: Option<String>,
    source: String,
}

#[derive(Debug, Clone)]
struct AiScore {
    /// On the request scale.
    score: f64,
    evidence: Vec<Value>,
    revealed_at: Option<Stamp>,
    source: String,
}

type Target = (String, String);

struct Input {
    scale: ScoreScale,
    threshold: f64,
    reference: Reference,
    aggregate: Aggregate,
    ratings: Vec<Rating>,
    ai: BTreeMap<Target, AiScore>,
}

/// `calibrate`: `{"ratings"?, "ai"?, "scorecards"?, "threshold"?, "scale"?, "ai_revealed_at"?,
/// "reference"?, "aggregate"?}` → `{"scale", "threshold", "reference", "aggregate", "counts",
/// "flags", "divergence", "not_blind", "raters", "agreement", "panel"}` (see
/// `docs/calibration.md`). Every list is sorted by candidate, competency and interviewer id;
/// `raters` is keyed by interviewer id in byte order. A statistic that cannot be computed is
/// `null` with a note, never NaN.
pub fn calibrate_value(request: &Value) -> Result<Value> {
    let input = parse_request(request)?;
    Ok(report(&input))
}

// ---------------------------------------------------------------------------------------------
// Request parsing
// ---------------------------------------------------------------------------------------------

fn parse_request(request: &Value) -> Result<Input> {
    let req = object(request, "request")?;
    no_unknown(
        req,
        &[
            "ratings",
            "ai",
            "scorecards",
            "threshold",
            "scale",
            "ai_revealed_at",
            "reference",
            "aggregate",
        ],
        "",
    )?;
    let scale = match req.get("scale") {
        None | Some(Value::Null) => ScoreScale::default(),
        Some(v) => parse_scale(v, "scale")?,
    };
    let threshold = match req.get("threshold") {
        None | Some(Value::Null) => DEFAULT_THRESHOLD,
        Some(v) => match v.as_f64() {
            Some(t) if t.is_finite() && (0.0..=1.0).contains(&t) => t,
            _ => {
                return Err(invalid(
                    "threshold",
                    "a fraction of the scale range from 0 to 1 (default 0.2)",
                ))
            }
        },
    };
    let reference = match req.get("reference") {
        None | Some(Value::Null) => Reference::Panel,
        Some(v) => match string(v, "reference")? {
            "panel" => Reference::Panel,
            "ai" => Reference::Ai,
            other => return Err(invalid("reference", format!("panel or ai; got {other:?}"))),
        },
    };
    let aggregate = match req.get("aggregate") {
        None | Some(Value::Null) => Aggregate::Mean,
        Some(v) => match string(v, "aggregate")? {
            "mean" => Aggregate::Mean,
            "median" => Aggregate::Median,
            other => {
                return Err(invalid(
                    "aggregate",
                    format!("mean or median; got {other:?}"),
                ))
            }
        },
    };
    let revealed = match req.get("ai_revealed_at") {
        None | Some(Value::Null) => None,
        Some(v) => Some(stamp(v, "ai_revealed_at")?),
    };
    if req.get("ratings").is_none_or(Value::is_null)
        && req.get("scorecards").is_none_or(Value::is_null)
    {
        return Err(invalid(
            "ratings",
            "interviewer ratings: a ratings array, or scorecards carrying interviewer_scores",
        ));
    }

    let mut ratings = Vec::new();
    let mut ai_list: Vec<(Target, AiScore)> = Vec::new();
    if let Some(v) = req.get("ratings").filter(|v| !v.is_null()) {
        let items = array(v, "ratings")?;
        check_count(items.len())?;
        for (i, item) in items.iter().enumerate() {
            ratings.push(parse_rating(item, &format!("ratings[{i}]"), &scale)?);
        }
    }
    if let Some(v) = req.get("ai").filter(|v| !v.is_null()) {
        let items = array(v, "ai")?;
        check_count(items.len())?;
        for (i, item) in items.iter().enumerate() {
            ai_list.push(parse_ai(item, &format!("ai[{i}]"), &scale)?);
        }
    }
    if let Some(v) = req.get("scorecards").filter(|v| !v.is_null()) {
        let items = array(v, "scorecards")?;
        check_count(items.len())?;
        for (i, item) in items.iter().enumerate() {
            let path = format!("scorecards[{i}]");
            let card = parse_scorecard(item, &path)?;
            from_scorecard(&card, &path, &scale, &mut ratings, &mut ai_list)?;
        }
    }
    check_count(ratings.len())?;

    // One rating per candidate, competency and interviewer; one AI score per target.
    let mut seen: BTreeMap<(&str, &str, &str), &str> = BTreeMap::new();
    for r in &ratings {
        let key = (
            r.candidate.as_str(),
            r.competency.as_str(),
            r.interviewer.as_str(),
        );
        if let Some(first) = seen.insert(key, &r.source) {
            return Err(invalid(
                &r.source,
                format!(
                    "one rating per candidate, competency and interviewer; {first} already rates candidate {:?}, competency {:?} by {:?} (send the rating that should count)",
                    r.candidate, r.competency, r.interviewer
                ),
            ));
        }
    }
    let mut ai = BTreeMap::new();
    for (target, mut score) in ai_list {
        if let Some(first) = ai.get(&target) {
            let first: &AiScore = first;
            return Err(invalid(
                &score.source,
                format!(
                    "one AI score per candidate and competency; {} already scores candidate {:?}, competency {:?}",
                    first.source, target.0, target.1
                ),
            ));
        }
        if score.revealed_at.is_none() {
            score.revealed_at.clone_from(&revealed);
        }
        ai.insert(target, score);
    }
    Ok(Input {
        scale,
        threshold,
        reference,
        aggregate,
        ratings,
        ai,
    })
}

fn check_count(n: usize) -> Result<()> {
    if n > MAX_RATINGS {
        return Err(Error::LimitExceeded {
            what: "ratings (number of ratings)".into(),
            limit: MAX_RATINGS as u64,
            actual: n as u64,
        });
    }
    Ok(())
}

fn parse_scale(v: &Value, path: &str) -> Result<ScoreScale> {
    let o = object(v, path)?;
    no_unknown(o, &["min", "max"], path)?;
    let bound = |key: &str| -> Result<f64> {
        let p = format!("{path}.{key}");
        match field(o, key, path)?.as_f64() {
            Some(x) if x.is_finite() => Ok(x),
            _ => Err(invalid(&p, "a finite number")),
        }
    };
    let min = bound("min")?;
    let max = bound("max")?;
    if max <= min || !(max - min).is_finite() {
        return Err(invalid(
            &format!("{path}.max"),
            format!("a finite number above {path}.min ({min})"),
        ));
    }
    Ok(ScoreScale { min, max })
}

/// `score` on `own` (or the request scale when `None`) → the request scale.
fn normalise(
    score: f64,
    own: Option<&ScoreScale>,
    to: &ScoreScale,
    path: &str,
    scale_path: &str,
) -> Result<f64> {
    let from = own.unwrap_or(to);
    if !score.is_finite() || score < from.min || score > from.max {
        return Err(invalid(
            path,
            if own.is_some() {
                format!(
                    "a number from {} to {} (the scale in {scale_path})",
                    from.min, from.max
                )
            } else {
                format!(
                    "a number from {} to {} (the request scale; give {scale_path} when the score is on another scale)",
                    from.min, from.max
                )
            },
        ));
    }
    if from == to {
        return Ok(score);
    }
    let out = to.min + (score - from.min) / (from.max - from.min) * (to.max - to.min);
    if out.is_finite() {
        Ok(out)
    } else {
        Err(invalid(
            scale_path,
            "a scale with a finite range (min < max, both finite)",
        ))
    }
}

fn score_value(o: &Map<String, Value>, path: &str) -> Result<f64> {
    let p = format!("{path}.score");
    // NaN cannot be written in JSON; non-numbers and huge values are caught here or by range.
    field(o, "score", path)?
        .as_f64()
        .ok_or_else(|| invalid(&p, "a number"))
}

fn parse_rating(v: &Value, path: &str, scale: &ScoreScale) -> Result<Rating> {
    let o = object(v, path)?;
    no_unknown(
        o,
        &[
            "candidate_id",
            "competency",
            "interviewer_id",
            "score",
            "rated_at",
            "scale",
            "notes",
        ],
        path,
    )?;
    let own = match o.get("scale") {
        None | Some(Value::Null) => None,
        Some(s) => Some(parse_scale(s, &format!("{path}.scale"))?),
    };
    let raw = score_value(o, path)?;
    let score = normalise(
        raw,
        own.as_ref(),
        scale,
        &format!("{path}.score"),
        &format!("{path}.scale"),
    )?;
    Ok(Rating {
        candidate: id(o, "candidate_id", path)?,
        competency: id(o, "competency", path)?,
        interviewer: id(o, "interviewer_id", path)?,
        score,
        rated_at: match o.get("rated_at") {
            None | Some(Value::Null) => None,
            Some(t) => Some(stamp(t, &format!("{path}.rated_at"))?),
        },
        notes: match o.get("notes") {
            None | Some(Value::Null) => None,
            Some(n) => Some(string(n, &format!("{path}.notes"))?.to_string()),
        },
        source: path.to_string(),
    })
}

fn parse_ai(v: &Value, path: &str, scale: &ScoreScale) -> Result<(Target, AiScore)> {
    let o = object(v, path)?;
    no_unknown(
        o,
        &[
            "candidate_id",
            "competency",
            "score",
            "scale",
            "evidence",
            "revealed_at",
        ],
        path,
    )?;
    let own = match o.get("scale") {
        None | Some(Value::Null) => None,
        Some(s) => Some(parse_scale(s, &format!("{path}.scale"))?),
    };
    let raw = score_value(o, path)?;
    let score = normalise(
        raw,
        own.as_ref(),
        scale,
        &format!("{path}.score"),
        &format!("{path}.scale"),
    )?;
    let evidence = match o.get("evidence") {
        None | Some(Value::Null) => Vec::new(),
        Some(e) => {
            let ep = format!("{path}.evidence");
            let mut out = Vec::new();
            for (i, item) in array(e, &ep)?.iter().enumerate() {
                let p = format!("{ep}[{i}]");
                out.push(match item {
                    Value::String(s) => json!({"quote": s}),
                    Value::Object(m) => {
                        let q = string(field(m, "quote", &p)?, &format!("{p}.quote"))?;
                        let mut obj = Map::new();
                        obj.insert("quote".into(), json!(q));
                        if let Some(qid) = m.get("question_id").filter(|x| !x.is_null()) {
                            obj.insert(
                                "question_id".into(),
                                json!(string(qid, &format!("{p}.question_id"))?),
                            );
                        }
                        Value::Object(obj)
                    }
                    _ => {
                        return Err(invalid(
                            &p,
                            "a quote (string) or {\"quote\", \"question_id\"?}",
                        ))
                    }
                });
            }
            out
        }
    };
    let target = (id(o, "candidate_id", path)?, id(o, "competency", path)?);
    Ok((
        target,
        AiScore {
            score,
            evidence,
            revealed_at: match o.get("revealed_at") {
                None | Some(Value::Null) => None,
                Some(t) => Some(stamp(t, &format!("{path}.revealed_at"))?),
            },
            source: path.to_string(),
        },
    ))
}

fn parse_scorecard(v: &Value, path: &str) -> Result<Scorecard> {
    let o = object(v, path)?;
    if o.get("kind").and_then(Value::as_str) != Some("scorecard") {
        return Err(invalid(
            &format!("{path}.kind"),
            "\"scorecard\" (an archive Scorecard document)",
        ));
    }
    let migrated = match crate::schema::migrate::migrate_value(v.clone()) {
        Ok(m) => m,
        Err(Error::InvalidDocument(report)) => {
            let first = report.issues.first();
            let at = first.map(|i| pointer_path(&i.pointer)).unwrap_or_default();
            let message = first.map(|i| i.message.clone()).unwrap_or_default();
            return Err(invalid(
                &format!("{path}{at}"),
                format!("a valid scorecard document: {message}"),
            ));
        }
        Err(Error::MigrationFailed { reason, .. }) => {
            return Err(invalid(
                path,
                format!("a scorecard that can be migrated ({reason})"),
            ))
        }
        Err(other) => return Err(other),
    };
    match crate::schema::typed_document(DocumentKind::Scorecard, &migrated)? {
        crate::schema::Document::Scorecard(s) => Ok(*s),
        _ => Err(Error::Internal("scorecard parsed as another kind".into())),
    }
}

fn from_scorecard(
    card: &Scorecard,
    path: &str,
    scale: &ScoreScale,
    ratings: &mut Vec<Rating>,
    ai: &mut Vec<(Target, AiScore)>,
) -> Result<()> {
    let candidate = card
        .candidate_id
        .clone()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            invalid(
                &format!("{path}.candidate_id"),
                "the candidate the scorecard is about (calibration groups ratings by candidate)",
            )
        })?;
    let scale_path = format!("{path}.scale");
    for (ci, comp) in card.competencies.iter().enumerate() {
        let cp = format!("{path}.competencies[{ci}]");
        if let Some(score) = comp.ai_score {
            let score = normalise(
                score,
                Some(&card.scale),
                scale,
                &format!("{cp}.ai_score"),
                &scale_path,
            )?;
            let evidence = comp
                .evidence
                .iter()
                .map(|e| {
                    let mut obj = Map::new();
                    obj.insert("quote".into(), json!(e.quote));
                    if let Some(q) = &e.question_id {
                        obj.insert("question_id".into(), json!(q));
                    }
                    Value::Object(obj)
                })
                .collect();
            ai.push((
                (candidate.clone(), comp.competency.clone()),
                AiScore {
                    score,
                    evidence,
                    revealed_at: None,
                    source: format!("{cp}.ai_score"),
                },
            ));
        }
        for (si, s) in comp.interviewer_scores.iter().enumerate() {
            let sp = format!("{cp}.interviewer_scores[{si}]");
            let score = normalise(
                s.score,
                Some(&card.scale),
                scale,
                &format!("{sp}.score"),
                &scale_path,
            )?;
            ratings.push(Rating {
                candidate: candidate.clone(),
                competency: comp.competency.clone(),
                interviewer: s.interviewer_id.clone(),
                score,
                rated_at: match &s.rated_at {
                    Some(t) => Some(stamp(&json!(t.0), &format!("{sp}.rated_at"))?),
                    None => None,
                },
                notes: s.notes.clone(),
                source: sp,
            });
        }
    }
    Ok(())
}

fn pointer_path(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{seg}]"));
        } else {
            out.push('.');
            out.push_str(&seg);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

fn note_value(n: &Note) -> Value {
    json!({"code": n.code, "message": n.message})
}

fn report(input: &Input) -> Value {
    // Ratings per target, each target's ratings sorted by interviewer id.
    let mut targets: BTreeMap<Target, Vec<&Rating>> = BTreeMap::new();
    for r in &input.ratings {
        targets
            .entry((r.candidate.clone(), r.competency.clone()))
            .or_default()
            .push(r);
    }
    for list in targets.values_mut() {
        list.sort_by(|a, b| a.interviewer.cmp(&b.interviewer));
    }

    let blind = |r: &Rating| -> Option<bool> {
        let ai = input.ai.get(&(r.candidate.clone(), r.competency.clone()))?;
        let revealed = ai.revealed_at.as_ref()?;
        let rated = r.rated_at.as_ref()?;
        Some(rated.at <= revealed.at)
    };

    // Panel aggregation, divergence and flags.
    let mut panel = Vec::new();
    let mut divergences = Vec::new();
    let mut flags = Vec::new();
    let mut not_blind = Vec::new();
    for ((candidate, competency), list) in &targets {
        let scores: Vec<f64> = list.iter().map(|r| r.score).collect();
        let n = scores.len() as f64;
        let mean = scores.iter().sum::<f64>() / n;
        let agg = match input.aggregate {
            Aggregate::Mean => Some(mean),
            Aggregate::Median => stats::median(&scores),
        };
        let lo = scores.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        panel.push(json!({
            "candidate_id": candidate,
            "competency": competency,
            "n": list.len(),
            "method": input.aggregate.name(),
            "score": agg.map(num).unwrap_or(Value::Null),
            "min": num(lo),
            "max": num(hi),
            "interviewer_ids": list.iter().map(|r| r.interviewer.as_str()).collect::<Vec<_>>(),
        }));
        for r in list {
            if blind(r) == Some(false) {
                let revealed = input
                    .ai
                    .get(&(candidate.clone(), competency.clone()))
                    .and_then(|a| a.revealed_at.as_ref())
                    .map(|s| s.text.clone());
                not_blind.push(json!({
                    "candidate_id": candidate,
                    "competency": competency,
                    "interviewer_id": r.interviewer,
                    "rated_at": r.rated_at.as_ref().map(|s| s.text.clone()),
                    "ai_revealed_at": revealed,
                }));
            }
        }
        let Some(ai) = input.ai.get(&(candidate.clone(), competency.clone())) else {
            continue;
        };
        let d = divergence(ai.score, mean, &input.scale, input.threshold);
        divergences.push(json!({
            "candidate_id": candidate,
            "competency": competency,
            "ai_score": num(ai.score),
            "interviewer_mean": num(mean),
            "n": list.len(),
            "divergence": {
                "delta": d.delta,
                "threshold": d.threshold,
                "flagged": d.flagged,
                "re_rate_requested": d.re_rate_requested,
            },
        }));
        if d.flagged {
            let direction = if ai.score > mean {
                "ai_higher"
            } else {
                "ai_lower"
            };
            let ids: Vec<&str> = list.iter().map(|r| r.interviewer.as_str()).collect();
            let pct = (d.delta * 100.0).round();
            let tpct = (input.threshold * 100.0).round();
            let ai_s = round4(ai.score);
            let mean_s = round4(mean);
            flags.push(json!({
                "candidate_id": candidate,
                "competency": competency,
                "direction": direction,
                "delta": d.delta,
                "threshold": d.threshold,
                "ai": {"score": num(ai.score), "evidence": ai.evidence},
                "interviewers": list.iter().map(|r| json!({
                    "interviewer_id": r.interviewer,
                    "score": num(r.score),
                    "notes": r.notes,
                    "rated_at": r.rated_at.as_ref().map(|s| s.text.clone()),
                    "blind": blind(r),
                })).collect::<Vec<_>>(),
                "re_rate_request": {
                    "candidate_id": candidate,
                    "competency": competency,
                    "interviewer_ids": ids,
                    "ai_score": num(ai.score),
                    "interviewer_mean": num(mean),
                    "delta": d.delta,
                    "threshold": d.threshold,
                    "message": {
                        "zh": format!(
                            "候选人 {candidate} 的“{competency}”：AI 评分 {ai_s} 与面试官平均分 {mean_s} 相差量表范围的 {pct}%（阈值 {tpct}%）。请对照双方证据复核并重新评分。"
                        ),
                        "en": format!(
                            "Candidate {candidate}, {competency}: the AI score {ai_s} and the interviewer mean {mean_s} differ by {pct}% of the scale (threshold {tpct}%). Please review the evidence on both sides and re-rate."
                        ),
                    },
                },
            }));
        }
    }

    let raters = rater_stats(input, &targets);
    let agreement = agreement(input, &targets);
    let interviewers: BTreeSet<&str> = input
        .ratings
        .iter()
        .map(|r| r.interviewer.as_str())
        .collect();
    let candidates: BTreeSet<&str> = input.ratings.iter().map(|r| r.candidate.as_str()).collect();
    let competencies: BTreeSet<&str> = input
        .ratings
        .iter()
        .map(|r| r.competency.as_str())
        .collect();
    json!({
        "scale": {"min": input.scale.min, "max": input.scale.max},
        "threshold": input.threshold,
        "reference": input.reference.name(),
        "aggregate": input.aggregate.name(),
        "counts": {
            "ratings": input.ratings.len(),
            "ai_scores": input.ai.len(),
            "targets": targets.len(),
            "candidates": candidates.len(),
            "competencies": competencies.len(),
            "interviewers": interviewers.len(),
            "flagged": flags.len(),
            "not_blind": not_blind.len(),
        },
        "flags": flags,
        "divergence": divergences,
        "not_blind": not_blind,
        "raters": raters,
        "agreement": agreement,
        "panel": panel,
    })
}

fn rater_stats(input: &Input, targets: &BTreeMap<Target, Vec<&Rating>>) -> Value {
    struct Acc<'a> {
        scores: Vec<f64>,
        offsets: Vec<f64>,
        dated: Vec<(&'a Stamp, f64)>,
        not_blind: usize,
    }
    let mut by_rater: BTreeMap<&str, Acc> = BTreeMap::new();
    for (target, list) in targets {
        let ai = input.ai.get(target);
        for r in list {
            let acc = by_rater.entry(r.interviewer.as_str()).or_insert(Acc {
                scores: Vec::new(),
                offsets: Vec::new(),
                dated: Vec::new(),
                not_blind: 0,
            });
            acc.scores.push(r.score);
            if let (Some(a), Some(rated)) = (ai, &r.rated_at) {
                if a.revealed_at.as_ref().is_some_and(|rev| rated.at > rev.at) {
                    acc.not_blind += 1;
                }
            }
            let reference = match input.reference {
                Reference::Panel => {
                    let others: Vec<f64> = list
                        .iter()
                        .filter(|o| o.interviewer != r.interviewer)
                        .map(|o| o.score)
                        .collect();
                    (!others.is_empty()).then(|| others.iter().sum::<f64>() / others.len() as f64)
                }
                Reference::Ai => ai.map(|a| a.score),
            };
            if let Some(reference) = reference {
                let offset = r.score - reference;
                acc.offsets.push(offset);
                if let Some(t) = &r.rated_at {
                    acc.dated.push((t, offset));
                }
            }
        }
    }
    let mut out = Map::new();
    for (id, acc) in by_rater {
        let mut notes = Vec::new();
        let (leniency, lo, hi, tendency) = match stats::mean_ci(&acc.offsets) {
            Ok((m, lo, hi)) => {
                let tendency = if lo > 0.0 {
                    "lenient"
                } else if hi < 0.0 {
                    "severe"
                } else {
                    "neutral"
                };
                (num(m), num(lo), num(hi), json!(tendency))
            }
            Err(note) => {
                notes.push(note_value(&Note::new(
                    note.code,
                    format!(
                        "leniency needs at least 2 ratings with a {} reference; got {}",
                        match input.reference {
                            Reference::Panel =>
                                "panel (another interviewer on the same candidate and competency)",
                            Reference::Ai => "AI score",
                        },
                        acc.offsets.len()
                    ),
                )));
                let single = acc
                    .offsets
                    .first()
                    .copied()
                    .filter(|_| acc.offsets.len() == 1);
                (
                    single.map(num).unwrap_or(Value::Null),
                    Value::Null,
                    Value::Null,
                    Value::Null,
                )
            }
        };
        let drift = match drift(&acc.dated) {
            Ok(v) => v,
            Err(note) => {
                notes.push(note_value(&note));
                Value::Null
            }
        };
        let mean_score = acc.scores.iter().sum::<f64>() / acc.scores.len() as f64;
        out.insert(
            id.to_string(),
            json!({
                "n_ratings": acc.scores.len(),
                "mean_score": num(mean_score),
                "n": acc.offsets.len(),
                "leniency": leniency,
                "ci_low": lo,
                "ci_high": hi,
                "tendency": tendency,
                "drift": drift,
                "not_blind": acc.not_blind,
                "notes": notes,
            }),
        );
    }
    Value::Object(out)
}

/// Least-squares slope of offset against time, in scale points per 30 days.
fn drift(dated: &[(&Stamp, f64)]) -> std::result::Result<Value, Note> {
    let Some(first) = dated.iter().map(|(s, _)| s.at).min() else {
        return Err(Note::new(
            "too_few_dated_ratings",
            "drift needs at least 3 dated ratings (rated_at) with a reference; got 0",
        ));
    };
    let points: Vec<(f64, f64)> = dated
        .iter()
        .map(|(s, y)| {
            let secs = (s.at - first).whole_seconds() as f64;
            (secs / 86_400.0, *y)
        })
        .collect();
    let (slope, lo, hi) = stats::slope_ci(&points)?;
    let from = dated
        .iter()
        .min_by_key(|(s, _)| s.at)
        .map(|(s, _)| s.text.clone());
    let to = dated
        .iter()
        .max_by_key(|(s, _)| s.at)
        .map(|(s, _)| s.text.clone());
    Ok(json!({
        "n": points.len(),
        "slope_per_30_days": num(slope * 30.0),
        "ci_low": num(lo * 30.0),
        "ci_high": num(hi * 30.0),
        "from": from,
        "to": to,
    }))
}

fn agreement(input: &Input, targets: &BTreeMap<Target, Vec<&Rating>>) -> Value {
    let mut notes = Vec::new();
    // ICC on the panel that covers the most ratings.
    let (icc_raters, rows) = icc_panel(targets);
    let rated_by_two = targets.values().filter(|l| l.len() >= 2).count();
    let (mut icc_2_1, mut icc_2_k, mut ci_1, mut ci_k) =
        (Value::Null, Value::Null, Value::Null, Value::Null);
    match stats::icc2(&rows) {
        Ok(icc) => {
            icc_2_1 = num(icc.icc_2_1);
            icc_2_k = num(icc.icc_2_k);
            let ci = |c: Option<(f64, f64)>| {
                c.map(|(l, h)| json!({"low": num(l), "high": num(h)}))
                    .unwrap_or(Value::Null)
            };
            ci_1 = ci(icc.ci_2_1);
            ci_k = ci(icc.ci_2_k);
            if icc.ci_2_1.is_none() {
                notes.push(note_value(&Note::new(
                    "ci_unavailable",
                    "the ICC interval is undefined for these ratings (perfect agreement or no residual variance)",
                )));
            }
            if rows.len() < rated_by_two {
                notes.push(note_value(&Note::new(
                    "icc_subset",
                    format!(
                        "ICC uses the {} targets rated by all of {}; {} other targets rated by 2 or more interviewers were left out (ICC needs the same raters on every target)",
                        rows.len(),
                        icc_raters.join(", "),
                        rated_by_two - rows.len()
                    ),
                )));
            }
        }
        Err(note) => notes.push(note_value(&note)),
    }

    // Kappa per pair of interviewers on the integer points of the scale.
    let categories = {
        let (lo, hi) = (input.scale.min, input.scale.max);
        (lo.fract() == 0.0 && hi.fract() == 0.0 && hi - lo <= 100.0)
            .then_some((lo as i64, hi as i64))
    };
    let mut pairs: BTreeMap<(&str, &str), Vec<(f64, f64)>> = BTreeMap::new();
    for list in targets.values() {
        for (i, a) in list.iter().enumerate() {
            for b in list.iter().skip(i + 1) {
                pairs
                    .entry((a.interviewer.as_str(), b.interviewer.as_str()))
                    .or_default()
                    .push((a.score, b.score));
            }
        }
    }
    let pair_values: Vec<Value> = pairs
        .iter()
        .map(|((a, b), scores)| {
            let mut pair_notes = Vec::new();
            let (mut kl, mut kq, mut exact) = (Value::Null, Value::Null, Value::Null);
            match categories {
                None => pair_notes.push(note_value(&Note::new(
                    "scale_not_ordinal",
                    "kappa needs a scale with integer ends at most 100 points apart",
                ))),
                Some((min, max)) => {
                    let rounded: Vec<(i64, i64)> = scores
                        .iter()
                        .map(|(x, y)| (x.round() as i64, y.round() as i64))
                        .collect();
                    let changed = scores
                        .iter()
                        .flat_map(|(x, y)| [x, y])
                        .filter(|x| (*x - x.round()).abs() > 1e-9)
                        .count();
                    if changed > 0 {
                        pair_notes.push(note_value(&Note::new(
                            "rounded",
                            format!("{changed} ratings between scale points were rounded to the nearest point for kappa"),
                        )));
                    }
                    let same = rounded.iter().filter(|(x, y)| x == y).count();
                    exact = num(same as f64 / rounded.len() as f64);
                    match stats::weighted_kappa(&rounded, min, max, KappaWeights::Linear) {
                        Ok(k) => kl = num(k),
                        Err(n) => pair_notes.push(note_value(&n)),
                    }
                    if let Ok(k) = stats::weighted_kappa(&rounded, min, max, KappaWeights::Quadratic) {
                        kq = num(k);
                    }
                }
            }
            json!({
                "raters": [a, b],
                "n": scores.len(),
                "exact_agreement": exact,
                "kappa_linear": kl,
                "kappa_quadratic": kq,
                "notes": pair_notes,
            })
        })
        .collect();
    json!({
        "icc_2_1": icc_2_1,
        "icc_2_k": icc_2_k,
        "icc_2_1_ci": ci_1,
        "icc_2_k_ci": ci_k,
        "icc_raters": icc_raters,
        "icc_targets": rows.len(),
        "icc_model": "two-way random effects, absolute agreement (Shrout & Fleiss ICC(2,1), ICC(2,k); McGraw & Wong ICC(A,1), ICC(A,k)); 95% CI by McGraw & Wong, ICC(2,k) bounds by Spearman-Brown",
        "notes": notes,
        "pairs": pair_values,
    })
}

/// The rater set for ICC and the complete table it gives. Candidate panels are the distinct
/// rater sets of targets with 2+ raters (the most frequent 200); a panel's table holds every
/// target rated by all of its raters (their ratings only). The panel whose table holds the most
/// ratings wins; ties go to more targets, then to the panel seen most often, then to the smaller ids.
fn icc_panel(targets: &BTreeMap<Target, Vec<&Rating>>) -> (Vec<String>, Vec<Vec<f64>>) {
    let sets: Vec<BTreeSet<&str>> = targets
        .values()
        .map(|l| l.iter().map(|r| r.interviewer.as_str()).collect())
        .collect();
    let mut freq: BTreeMap<&BTreeSet<&str>, usize> = BTreeMap::new();
    for s in sets.iter().filter(|s| s.len() >= 2) {
        *freq.entry(s).or_insert(0) += 1;
    }
    let mut candidates: Vec<(&BTreeSet<&str>, usize)> = freq.into_iter().collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    candidates.truncate(MAX_PANELS_CONSIDERED);
    let mut best: Option<(&BTreeSet<&str>, usize)> = None;
    for (panel, _) in &candidates {
        let covered = sets.iter().filter(|s| panel.is_subset(s)).count();
        let better = match best {
            None => true,
            Some((b, bc)) => {
                let (score, bscore) = (covered * panel.len(), bc * b.len());
                score > bscore || (score == bscore && covered > bc)
            }
        };
        if better {
            best = Some((panel, covered));
        }
    }
    let Some((panel, _)) = best else {
        return (Vec::new(), Vec::new());
    };
    let rows: Vec<Vec<f64>> = targets
        .values()
        .filter_map(|list| {
            let row: Vec<f64> = panel
                .iter()
                .filter_map(|p| list.iter().find(|r| r.interviewer == *p).map(|r| r.score))
                .collect();
            (row.len() == panel.len()).then_some(row)
        })
        .collect();
    (panel.iter().map(|s| s.to_string()).collect(), rows)
}

// ---------------------------------------------------------------------------------------------
// Field helpers (errors name the exact field)
// ---------------------------------------------------------------------------------------------

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| invalid(path, "an object"))
}

fn array<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>> {
    v.as_array().ok_or_else(|| invalid(path, "an array"))
}

fn string<'a>(v: &'a Value, path: &str) -> Result<&'a str> {
    v.as_str().ok_or_else(|| invalid(path, "a string"))
}

fn field<'a>(obj: &'a Map<String, Value>, key: &str, path: &str) -> Result<&'a Value> {
    obj.get(key)
        .ok_or_else(|| invalid(&join(path, key), "a value (the field is missing)"))
}

fn no_unknown(obj: &Map<String, Value>, allowed: &[&str], path: &str) -> Result<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(
            &join(path, k),
            format!("no such field; allowed: {}", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

fn id(o: &Map<String, Value>, key: &str, path: &str) -> Result<String> {
    let p = join(path, key);
    let s = string(field(o, key, path)?, &p)?;
    if s.trim().is_empty() || s.chars().count() > MAX_ID_CHARS {
        return Err(invalid(
            &p,
            format!("a non-empty id of at most {MAX_ID_CHARS} characters"),
        ));
    }
    Ok(s.to_string())
}

fn stamp(v: &Value, path: &str) -> Result<Stamp> {
    let s = string(v, path)?;
    let at = OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).map_err(
        |_| {
            invalid(
                path,
                format!("an RFC 3339 timestamp with an offset, e.g. \"2026-03-01T09:00:00Z\"; got {s:?}"),
            )
        },
    )?;
    Ok(Stamp {
        text: s.to_string(),
        at,
    })
}
