//! The interview scorecard (an archive `scorecard` document) from a plan and its answers, with
//! percentiles against host-supplied norms, provenance for replay, and the replay itself.
//!
//! Owns: aggregation across answers, overall score, percentiles, input hashing and the
//! canonical comparison. Must not touch: how one answer is scored (see the parent module).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::features::round4;
use super::level::level_of;
use super::lexicon::{lexicon, Messages};
use super::{
    extended_bank, invalid, max_chars, no_unknown_keys, object, score_answer_at, string,
    AnswerScore, ScoreOptions, DEFAULT_MAX_CHARS,
};
use crate::error::{Error, Result};
use crate::interview::bank::{Bank, Lang};
use crate::schema::types::{
    Answer, CompetencyScore, Evidence, InterviewPlan, Provenance, ScoreScale, Scorecard,
    ScorecardKind, Span,
};

/// The most questions a plan may hold.
pub const MAX_PLAN_QUESTIONS: usize = 500;
/// The most numbers in one norm group.
pub const MAX_NORM_VALUES: usize = 1_000_000;

/// How much an answer counts towards a competency it measures: the question's primary
/// competency fully, the second 0.6, any later one 0.5.
fn evidence_weight(position: usize) -> f64 {
    match position {
        0 => 1.0,
        1 => 0.6,
        _ => 0.5,
    }
}

/// Host-supplied norm-group scores on the 1–5 scale.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Norms {
    /// Overall scores of the norm group.
    pub overall: Vec<f64>,
    /// Scores per competency id.
    pub competencies: BTreeMap<String, Vec<f64>>,
}

impl Norms {
    /// Parses `{"overall"?: [numbers], "<competency>"?: [numbers]}`; errors are named
    /// `norms.<key>` and `norms.<key>[i]`.
    pub fn from_value(bank: &Bank, v: &Value) -> Result<Norms> {
        let obj = object(v, "norms")?;
        let mut out = Norms::default();
        for (key, values) in obj {
            let path = format!("norms.{key}");
            if key != "overall" && bank.competency(key).is_none() {
                return Err(invalid(
                    &path,
                    "`overall` or a competency id of the bank".to_string(),
                ));
            }
            let arr = values
                .as_array()
                .ok_or_else(|| invalid(&path, "an array of scores from 1 to 5"))?;
            if arr.is_empty() {
                return Err(invalid(&path, "at least one score"));
            }
            if arr.len() > MAX_NORM_VALUES {
                return Err(Error::LimitExceeded {
                    what: format!("{path} length"),
                    limit: MAX_NORM_VALUES as u64,
                    actual: arr.len() as u64,
                });
            }
            let mut xs = Vec::with_capacity(arr.len());
            for (i, x) in arr.iter().enumerate() {
                match x.as_f64() {
                    Some(f) if (1.0..=5.0).contains(&f) => xs.push(f),
                    _ => {
                        return Err(invalid(
                            &format!("{path}[{i}]"),
                            format!("a score from 1 to 5; got {x}"),
                        ))
                    }
                }
            }
            if key == "overall" {
                out.overall = xs;
            } else {
                out.competencies.insert(key.clone(), xs);
            }
        }
        Ok(out)
    }

    /// Sorted copies, as hashed and used.
    fn normalised(&self) -> Value {
        let sorted = |xs: &[f64]| {
            let mut v = xs.to_vec();
            v.sort_by(f64::total_cmp);
            v
        };
        let mut m = Map::new();
        if !self.overall.is_empty() {
            m.insert("overall".into(), json!(sorted(&self.overall)));
        }
        for (k, xs) in &self.competencies {
            m.insert(k.clone(), json!(sorted(xs)));
        }
        Value::Object(m)
    }
}

/// Mid-rank percentile: `(count below + 0.5 × count equal) / n × 100`, 4 decimals.
pub(crate) fn percentile(score: f64, norm: &[f64]) -> Option<f64> {
    if norm.is_empty() {
        return None;
    }
    let below = norm.iter().filter(|&&x| x < score).count() as f64;
    let equal = norm.iter().filter(|&&x| x == score).count() as f64;
    Some(round4((below + 0.5 * equal) / norm.len() as f64 * 100.0))
}

/// Identifiers copied into the scorecard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScorecardMeta {
    /// Scorecard id; default `scorecard-` + the first 16 hex digits of the input hash.
    pub id: Option<String>,
    /// Candidate scored.
    pub candidate_id: Option<String>,
    /// Interview scored.
    pub interview_id: Option<String>,
    /// Job.
    pub job_id: Option<String>,
}

/// Everything [`score_interview`] reads.
#[derive(Debug, Clone, Copy)]
pub struct InterviewInput<'a> {
    /// The plan (archive shape), optionally with `competency_weights` among its extra fields.
    pub plan: &'a InterviewPlan,
    /// The answers, at most one per planned question.
    pub answers: &'a [Answer],
    /// Norm groups for percentiles.
    pub norms: Option<&'a Norms>,
    /// Identifiers.
    pub meta: &'a ScorecardMeta,
    /// Longest transcript accepted, in code points.
    pub max_chars: usize,
}

/// The result of [`replay`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayReport {
    /// True when the recomputed scorecard equals the given one exactly (canonical JSON).
    pub reproduced: bool,
    /// The input hashes agree (same plan, answers, norms and options).
    pub input_hash_matches: bool,
    /// The engine versions agree.
    pub engine_version_matches: bool,
    /// The bank versions agree.
    pub rubric_hash_matches: bool,
    /// The scoring data (lexicon and messages) hashes agree.
    pub model_hash_matches: bool,
    /// JSON pointers where the two differ, sorted.
    pub differences: Vec<String>,
}

impl ReplayReport {
    /// The JSON response of `interview_replay`.
    pub fn to_value(&self) -> Value {
        json!({
            "reproduced": self.reproduced,
            "input_hash_matches": self.input_hash_matches,
            "engine_version_matches": self.engine_version_matches,
            "rubric_hash_matches": self.rubric_hash_matches,
            "model_hash_matches": self.model_hash_matches,
            "differences": self.differences,
        })
    }
}

fn to_value<T: serde::Serialize>(x: &T, what: &str) -> Result<Value> {
    serde_json::to_value(x).map_err(|e| Error::Internal(format!("serialising {what}: {e}")))
}

/// Competency weights from `plan.competency_weights` (`None` when absent).
fn competency_weights(bank: &Bank, plan: &InterviewPlan) -> Result<Option<BTreeMap<String, f64>>> {
    let Some(v) = plan.extra.get("competency_weights") else {
        return Ok(None);
    };
    if v.is_null() {
        return Ok(None);
    }
    let obj = object(v, "plan.competency_weights")?;
    let mut out = BTreeMap::new();
    for (k, w) in obj {
        let path = format!("plan.competency_weights.{k}");
        if bank.competency(k).is_none() {
            return Err(invalid(&path, "a competency id of the bank"));
        }
        match w.as_f64() {
            Some(x) if x.is_finite() && x >= 0.0 => {
                out.insert(k.clone(), x);
            }
            _ => return Err(invalid(&path, format!("a weight of 0 or more; got {w}"))),
        }
    }
    Ok(Some(out))
}

struct Contribution<'a> {
    question_id: &'a str,
    weight: f64,
    score: f64,
    confidence: f64,
    evidence: &'a [super::EvidenceItem],
}

/// Scores an interview: every answered planned question, aggregated per competency, with the
/// overall score, percentiles and provenance. The result is an archive `scorecard` document.
///
/// Errors: a planned question not in the bank names `plan.questions[i].question_id`; an answer
/// to a question not in the plan (or a second answer) names `answers[i].question_id`; transcript
/// errors name `answers[i].transcript`.
pub fn score_interview(bank: &Bank, input: &InterviewInput<'_>) -> Result<Scorecard> {
    let plan = input.plan;
    let lex = lexicon()?;
    if plan.questions.is_empty() {
        return Err(invalid("plan.questions", "at least one planned question"));
    }
    if plan.questions.len() > MAX_PLAN_QUESTIONS {
        return Err(Error::LimitExceeded {
            what: "plan.questions length".into(),
            limit: MAX_PLAN_QUESTIONS as u64,
            actual: plan.questions.len() as u64,
        });
    }
    let mut planned = Vec::with_capacity(plan.questions.len());
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, pq) in plan.questions.iter().enumerate() {
        let path = format!("plan.questions[{i}].question_id");
        let q = bank.question(&pq.question_id).ok_or_else(|| {
            invalid(
                &path,
                format!("the id of a question in the bank; got {:?}", pq.question_id),
            )
        })?;
        if let Some(first) = seen.insert(pq.question_id.as_str(), i) {
            return Err(invalid(
                &path,
                format!(
                    "each question at most once; {:?} is also plan.questions[{first}]",
                    pq.question_id
                ),
            ));
        }
        planned.push(q);
    }
    let weights = competency_weights(bank, plan)?;
    let report_lang = match plan.language.as_deref() {
        Some("zh") => Lang::Zh,
        _ => Lang::En,
    };

    // Answers, matched to the plan.
    let mut answer_of: BTreeMap<&str, (usize, &Answer)> = BTreeMap::new();
    for (i, a) in input.answers.iter().enumerate() {
        let path = format!("answers[{i}].question_id");
        if !seen.contains_key(a.question_id.as_str()) {
            return Err(invalid(
                &path,
                format!("the id of a question in the plan; got {:?}", a.question_id),
            ));
        }
        if let Some((first, _)) = answer_of.insert(a.question_id.as_str(), (i, a)) {
            return Err(invalid(
                &path,
                format!(
                    "one answer per question; {:?} is also answered by answers[{first}]",
                    a.question_id
                ),
            ));
        }
    }

    // Score every answered question, in plan order.
    let mut scored: Vec<(usize, Option<AnswerScore>)> = Vec::with_capacity(planned.len());
    for (pi, q) in planned.iter().enumerate() {
        let result = match answer_of.get(q.id.as_str()) {
            Some((i, a)) => {
                let no_letters = match a.language.as_deref() {
                    Some("zh") => Lang::Zh,
                    _ => report_lang,
                };
                let options = ScoreOptions {
                    lang: None,
                    show_scores: false,
                    max_chars: input.max_chars,
                };
                let field = format!("answers[{i}].transcript");
                Some(score_answer_at(
                    bank,
                    q,
                    &a.transcript,
                    &options,
                    &field,
                    no_letters,
                )?)
            }
            None => None,
        };
        scored.push((pi, result));
    }

    // Competencies in order of first appearance in the plan.
    let mut order: Vec<&str> = Vec::new();
    for q in &planned {
        for c in &q.competencies {
            if !order.contains(&c.as_str()) {
                order.push(c);
            }
        }
    }

    let norms = input.norms;
    let mut competencies = Vec::with_capacity(order.len());
    let mut assessed: Vec<(&str, f64)> = Vec::new();
    for cid in &order {
        let mut planned_n = 0;
        let mut contributions: Vec<Contribution<'_>> = Vec::new();
        for (pi, result) in &scored {
            let Some(q) = planned.get(*pi) else { continue };
            let Some(pos) = q.competencies.iter().position(|c| c == cid) else {
                continue;
            };
            planned_n += 1;
            if let Some(r) = result {
                if let Some(cr) = r.competencies.iter().find(|c| c.competency == *cid) {
                    contributions.push(Contribution {
                        question_id: &q.id,
                        weight: evidence_weight(pos) * cr.confidence.max(0.05),
                        score: cr.score,
                        confidence: cr.confidence * evidence_weight(pos),
                        evidence: &cr.evidence,
                    });
                }
            }
        }
        let mut extra = Map::new();
        let mut cs = CompetencyScore {
            competency: cid.to_string(),
            ai_score: None,
            interviewer_scores: Vec::new(),
            fused_score: None,
            confidence: Some(0.0),
            evidence: Vec::new(),
            divergence: None,
            annotations: Vec::new(),
            provenance: None,
            extra: Map::new(),
        };
        if !contributions.is_empty() {
            let wsum: f64 = contributions.iter().map(|c| c.weight).sum();
            let score = round4(
                contributions
                    .iter()
                    .map(|c| c.weight * c.score)
                    .sum::<f64>()
                    / wsum,
            );
            let mut miss = 1.0;
            for c in &contributions {
                miss *= 1.0 - c.confidence;
            }
            let coverage = contributions.len() as f64 / planned_n.max(1) as f64;
            cs.ai_score = Some(score);
            cs.confidence = Some(round4(((1.0 - miss) * coverage).clamp(0.0, 1.0)));
            // Evidence: the heaviest answers first, up to three quotes each, five in all.
            let mut by_weight: Vec<&Contribution<'_>> = contributions.iter().collect();
            by_weight.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            for c in by_weight {
                for e in c.evidence.iter().take(3) {
                    if cs.evidence.len() >= 5 {
                        break;
                    }
                    let mut ex = Map::new();
                    ex.insert("indicator".into(), json!(e.indicator));
                    cs.evidence.push(Evidence {
                        question_id: Some(c.question_id.to_string()),
                        quote: e.quote.clone(),
                        span: Some(Span {
                            start: e.start as u64,
                            end: e.end as u64,
                            text: None,
                            extra: Map::new(),
                        }),
                        extra: ex,
                    });
                }
            }
            extra.insert("level".into(), json!(level_of(score)));
            if let Some(p) = norms
                .and_then(|n| n.competencies.get(*cid))
                .and_then(|xs| percentile(score, xs))
            {
                extra.insert("percentile".into(), json!(p));
            }
            assessed.push((cid, score));
        }
        extra.insert("answers_scored".into(), json!(contributions.len()));
        extra.insert("questions_planned".into(), json!(planned_n));
        extra.insert(
            "question_ids".into(),
            json!(contributions
                .iter()
                .map(|c| c.question_id)
                .collect::<Vec<_>>()),
        );
        cs.extra = extra;
        competencies.push(cs);
    }

    // Overall.
    let mut warnings: Vec<&str> = Vec::new();
    let (mut wsum, mut acc) = (0.0, 0.0);
    for (cid, s) in &assessed {
        let w = match &weights {
            Some(m) => m.get(*cid).copied().unwrap_or(0.0),
            None => 1.0,
        };
        wsum += w;
        acc += w * s;
    }
    let overall = if wsum > 0.0 {
        Some(round4(acc / wsum))
    } else {
        if !assessed.is_empty() {
            warnings.push("overall.no_weight");
        }
        None
    };
    let unanswered: Vec<&str> = scored
        .iter()
        .filter(|(_, r)| r.is_none())
        .filter_map(|(pi, _)| planned.get(*pi).map(|q| q.id.as_str()))
        .collect();
    if !unanswered.is_empty() {
        warnings.push("answers.unanswered");
    }
    if plan
        .rubric_hash
        .as_deref()
        .is_some_and(|h| h != bank.version())
    {
        warnings.push("plan.rubric_hash");
    }

    // Provenance.
    let norms_value = norms.map_or(Value::Null, Norms::normalised);
    let hashed = json!({
        "plan": to_value(plan, "the plan")?,
        "answers": to_value(&input.answers, "the answers")?,
        "norms": norms_value,
        "options": {"max_chars": input.max_chars},
    });
    let input_hash = crate::trail::content_hash(&hashed);
    let id = match &input.meta.id {
        Some(id) => id.clone(),
        None => format!("scorecard-{}", input_hash.get(..16).unwrap_or(&input_hash)),
    };

    // Per-question results.
    let questions: Vec<Value> = scored
        .iter()
        .filter_map(|(pi, r)| {
            let q = planned.get(*pi)?;
            Some(match r {
                None => {
                    json!({"question_id": q.id, "answered": false, "type": q.question_type.name()})
                }
                Some(r) => {
                    let mut comps = Map::new();
                    for c in &r.competencies {
                        comps.insert(
                            c.competency.clone(),
                            json!({"level": c.level, "score": c.score, "confidence": c.confidence}),
                        );
                    }
                    let f = &r.features;
                    json!({
                        "question_id": q.id,
                        "answered": true,
                        "type": q.question_type.name(),
                        "language": super::lang_name(r.language),
                        "competencies": comps,
                        "relevance": f.relevance.score,
                        "structure": f.structure.score,
                        "specificity": f.specificity.score,
                        "ownership": f.ownership.score,
                        "warnings": r.warnings.iter().map(|w| w.code.as_str()).collect::<Vec<_>>(),
                    })
                }
            })
        })
        .collect();

    let mut extra = Map::new();
    if let Some(o) = overall {
        extra.insert("level".into(), json!(level_of(o)));
        if let Some(p) = norms.and_then(|n| percentile(o, &n.overall)) {
            extra.insert("percentile".into(), json!(p));
        }
    }
    extra.insert(
        "answers_scored".into(),
        json!(scored.iter().filter(|(_, r)| r.is_some()).count()),
    );
    extra.insert("questions_planned".into(), json!(planned.len()));
    extra.insert("unanswered".into(), json!(unanswered));
    if let Some(n) = norms {
        let mut sizes = Map::new();
        if !n.overall.is_empty() {
            sizes.insert("overall".into(), json!(n.overall.len()));
        }
        for (k, xs) in &n.competencies {
            sizes.insert(k.clone(), json!(xs.len()));
        }
        extra.insert("norm_sizes".into(), Value::Object(sizes));
    }
    extra.insert("questions".into(), Value::Array(questions));
    extra.insert("options".into(), json!({"max_chars": input.max_chars}));
    extra.insert(
        "warnings".into(),
        Value::Array(
            warnings
                .iter()
                .map(|c| {
                    json!({"code": c, "text": Messages::text(&lex.messages.warnings, c, report_lang)})
                })
                .collect(),
        ),
    );

    Ok(Scorecard {
        schema_version: crate::SCHEMA_VERSION,
        kind: ScorecardKind::Tag,
        id,
        candidate_id: input.meta.candidate_id.clone(),
        interview_id: input.meta.interview_id.clone(),
        job_id: input.meta.job_id.clone(),
        scale: ScoreScale::default(),
        competencies,
        overall,
        provenance: Some(Provenance {
            engine_version: crate::ENGINE_VERSION.to_string(),
            rubric_hash: Some(bank.version().to_string()),
            model_hash: Some(lex.hash.clone()),
            taxonomy_hash: None,
            input_hash: Some(input_hash),
            computed_at: None,
            extra: Map::new(),
        }),
        extra,
    })
}

/// Recomputes `scorecard` from the same inputs and compares canonical JSON. The scorecard's
/// own `id`, `candidate_id`, `interview_id`, `job_id` and `options.max_chars` are reused.
pub fn replay(
    bank: &Bank,
    scorecard: &Value,
    plan: &InterviewPlan,
    answers: &[Answer],
    norms: Option<&Norms>,
) -> Result<ReplayReport> {
    let sc = object(scorecard, "scorecard")?;
    if sc.get("kind").and_then(Value::as_str) != Some("scorecard") {
        return Err(invalid(
            "scorecard.kind",
            "\"scorecard\" (a scorecard from interview_score)",
        ));
    }
    let text_field = |k: &str| -> Result<Option<String>> {
        match sc.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => Ok(Some(string(v, &format!("scorecard.{k}"))?.to_string())),
        }
    };
    let meta = ScorecardMeta {
        id: Some(
            text_field("id")?
                .ok_or_else(|| invalid("scorecard.id", "the scorecard's id (missing)"))?,
        ),
        candidate_id: text_field("candidate_id")?,
        interview_id: text_field("interview_id")?,
        job_id: text_field("job_id")?,
    };
    let max = match sc.get("options").and_then(|o| o.get("max_chars")) {
        Some(v) => max_chars(v, "scorecard.options.max_chars")?,
        None => DEFAULT_MAX_CHARS,
    };
    let recomputed = score_interview(
        bank,
        &InterviewInput {
            plan,
            answers,
            norms,
            meta: &meta,
            max_chars: max,
        },
    )?;
    let again = to_value(&recomputed, "the scorecard")?;
    let mut differences = Vec::new();
    diff(scorecard, &again, &mut String::new(), &mut differences);
    differences.sort();
    let prov = |v: &Value, k: &str| -> Option<String> {
        v.get("provenance")
            .and_then(|p| p.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let same = |k: &str| prov(scorecard, k).is_some() && prov(scorecard, k) == prov(&again, k);
    Ok(ReplayReport {
        reproduced: differences.is_empty(),
        input_hash_matches: same("input_hash"),
        engine_version_matches: same("engine_version"),
        rubric_hash_matches: same("rubric_hash"),
        model_hash_matches: same("model_hash"),
        differences,
    })
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn diff(a: &Value, b: &Value, path: &mut String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let len = path.len();
                path.push('/');
                path.push_str(&escape_pointer(k));
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => diff(p, q, path, out),
                    _ => out.push(path.clone()),
                }
                path.truncate(len);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                match (x.get(i), y.get(i)) {
                    (Some(p), Some(q)) => diff(p, q, path, out),
                    _ => out.push(path.clone()),
                }
                path.truncate(len);
            }
        }
        (Value::Number(_), Value::Number(_)) => {
            if crate::trail::canonical_json(a) != crate::trail::canonical_json(b) {
                out.push(path.clone());
            }
        }
        _ => {
            if a != b {
                out.push(path.clone());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON entry points
// ---------------------------------------------------------------------------------------------

fn parse_plan(v: &Value) -> Result<InterviewPlan> {
    let obj = object(v, "plan")?;
    let qs = obj
        .get("questions")
        .ok_or_else(|| invalid("plan.questions", "an array of planned questions (missing)"))?
        .as_array()
        .ok_or_else(|| invalid("plan.questions", "an array of planned questions"))?;
    for (i, q) in qs.iter().enumerate() {
        let qo = object(q, &format!("plan.questions[{i}]"))?;
        match qo.get("question_id") {
            Some(Value::String(s)) if !s.is_empty() => {}
            _ => {
                return Err(invalid(
                    &format!("plan.questions[{i}].question_id"),
                    "a question id (a non-empty string)",
                ))
            }
        }
    }
    serde_json::from_value(v.clone()).map_err(|e| {
        invalid(
            "plan",
            format!("an interview plan in the archive shape ({e})"),
        )
    })
}

fn parse_answers(v: &Value) -> Result<Vec<Answer>> {
    let arr = match v {
        Value::Array(a) => a,
        Value::Object(o) => o
            .get("answers")
            .and_then(Value::as_array)
            .ok_or_else(|| invalid("answers", "an array of answers or {\"answers\": [...]}"))?,
        _ => {
            return Err(invalid(
                "answers",
                "an array of answers or {\"answers\": [...]}",
            ))
        }
    };
    let mut out = Vec::with_capacity(arr.len());
    for (i, a) in arr.iter().enumerate() {
        let path = format!("answers[{i}]");
        let ao = object(a, &path)?;
        match ao.get("question_id") {
            Some(Value::String(s)) if !s.is_empty() => {}
            _ => {
                return Err(invalid(
                    &format!("{path}.question_id"),
                    "a question id (a non-empty string)",
                ))
            }
        }
        match ao.get("transcript") {
            Some(Value::String(_)) => {}
            _ => {
                return Err(invalid(
                    &format!("{path}.transcript"),
                    "the answer transcript (a string)",
                ))
            }
        }
        out.push(
            serde_json::from_value(a.clone())
                .map_err(|e| invalid(&path, format!("an answer in the archive shape ({e})")))?,
        );
    }
    Ok(out)
}

fn bank_for(req: &Map<String, Value>) -> Result<std::borrow::Cow<'static, Bank>> {
    Ok(match req.get("extension") {
        None | Some(Value::Null) => std::borrow::Cow::Borrowed(Bank::default()?),
        Some(ext) => std::borrow::Cow::Owned(extended_bank(ext)?),
    })
}

fn required<'a>(req: &'a Map<String, Value>, key: &str, what: &str) -> Result<&'a Value> {
    req.get(key)
        .ok_or_else(|| invalid(key, format!("{what} (the field is missing)")))
}

fn optional_string(req: &Map<String, Value>, key: &str) -> Result<Option<String>> {
    match req.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            let s = string(v, key)?;
            if s.is_empty() {
                Err(invalid(key, "a non-empty string"))
            } else {
                Ok(Some(s.to_string()))
            }
        }
    }
}

/// `interview_score`: `{"plan", "answers", "norms"?, "id"?, "candidate_id"?, "interview_id"?,
/// "job_id"?, "max_chars"?, "extension"?}` → an archive `scorecard` document.
pub fn interview_score_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    no_unknown_keys(
        req,
        &[
            "plan",
            "answers",
            "norms",
            "id",
            "candidate_id",
            "interview_id",
            "job_id",
            "max_chars",
            "extension",
        ],
        "interview_score",
    )?;
    let bank = bank_for(req)?;
    let plan = parse_plan(required(req, "plan", "an interview plan")?)?;
    let answers = parse_answers(required(req, "answers", "the answers")?)?;
    let norms = match req.get("norms") {
        None | Some(Value::Null) => None,
        Some(v) => Some(Norms::from_value(&bank, v)?),
    };
    let meta = ScorecardMeta {
        id: optional_string(req, "id")?,
        candidate_id: optional_string(req, "candidate_id")?,
        interview_id: optional_string(req, "interview_id")?,
        job_id: optional_string(req, "job_id")?,
    };
    let max = match req.get("max_chars") {
        None | Some(Value::Null) => DEFAULT_MAX_CHARS,
        Some(v) => max_chars(v, "max_chars")?,
    };
    let card = score_interview(
        &bank,
        &InterviewInput {
            plan: &plan,
            answers: &answers,
            norms: norms.as_ref(),
            meta: &meta,
            max_chars: max,
        },
    )?;
    to_value(&card, "the scorecard")
}

/// `interview_replay`: `{"scorecard", "plan", "answers", "norms"?, "extension"?}` →
/// `{"reproduced", "input_hash_matches", "engine_version_matches", "rubric_hash_matches",
/// "model_hash_matches", "differences"}`.
pub fn interview_replay_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    no_unknown_keys(
        req,
        &["scorecard", "plan", "answers", "norms", "extension"],
        "interview_replay",
    )?;
    let bank = bank_for(req)?;
    let scorecard = required(req, "scorecard", "the scorecard to replay")?;
    let plan = parse_plan(required(req, "plan", "an interview plan")?)?;
    let answers = parse_answers(required(req, "answers", "the answers")?)?;
    let norms = match req.get("norms") {
        None | Some(Value::Null) => None,
        Some(v) => Some(Norms::from_value(&bank, v)?),
    };
    Ok(replay(&bank, scorecard, &plan, &answers, norms.as_ref())?.to_value())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_rank_percentile() {
        let norm = [1.0, 2.0, 3.0, 3.0, 4.0];
        assert_eq!(percentile(3.0, &norm), Some(60.0)); // (2 + 0.5·2) / 5
        assert_eq!(percentile(0.5, &norm), Some(0.0));
        assert_eq!(percentile(5.0, &norm), Some(100.0));
        assert_eq!(percentile(3.0, &[]), None);
    }

    #[test]
    fn pointers_escape_and_sort() {
        let a = json!({"a/b": 1, "c": [1, 2], "d": 2.0});
        let b = json!({"a/b": 2, "c": [1], "d": 2});
        let mut out = Vec::new();
        diff(&a, &b, &mut String::new(), &mut out);
        out.sort();
        assert_eq!(out, vec!["/a~1b", "/c/1"]);
    }
}
