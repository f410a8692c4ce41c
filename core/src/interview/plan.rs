//! Interview plans drawn from a job's competency weights (issue #5, item 2).
//!
//! Owns: turning a job profile (its `competency_weights`, or a default table per role family)
//! into an ordered, seeded, reproducible list of bank questions with time limits, the
//! proportional allocation of question slots to competencies, retake exclusions and coverage
//! reporting. Must not touch: the bank itself ([`super::bank`]), sessions
//! ([`super::session`]) or scoring ([`super::score`]).
//!
//! Request → response (through [`interview_plan_value`]; shapes in `docs/interview-sessions.md`):
//!
//! ```
//! use serde_json::json;
//!
//! let job = json!({"schema_version": 1, "kind": "job_profile", "id": "job-rm",
//!                  "title": "客户经理", "role_family": "relationship_manager",
//!                  "competency_weights": {"customer_orientation": 3, "sales_drive": 2,
//!                                         "integrity_compliance": 1}});
//! let plan = interviewkit_core::interview::plan::interview_plan_value(
//!     &json!({"job": job, "count": 6, "seed": 7, "lang": "en"}),
//! ).unwrap();
//! assert_eq!(plan["questions"].as_array().unwrap().len(), 6);
//! assert_eq!(plan["coverage"]["customer_orientation"]["primary"], 3);
//! assert!(plan["questions"][0]["text"].is_string());
//! assert_eq!(plan["rubric_hash"].as_str().unwrap().len(), 64);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

use super::bank::{Bank, Lang, Question, QuestionType, Text};
use crate::error::{Error, Result};
use crate::schema::{InterviewPlan, JobProfile};

/// Questions in a plan when the request does not say.
pub const DEFAULT_COUNT: usize = 8;
/// The most questions a plan may hold.
pub const MAX_COUNT: usize = 30;
/// Smallest and largest `time_scale`.
pub const TIME_SCALE_RANGE: (f64, f64) = (0.25, 4.0);
/// The most question ids `exclude` and `previous_plans` may name together.
pub const MAX_EXCLUDED: usize = 20_000;
/// The most earlier plans `previous_plans` may hold.
pub const MAX_PREVIOUS_PLANS: usize = 100;

/// Default competency weights per role family, used when the job has no `competency_weights`.
/// Weights are relative (they need not add up to anything).
pub const ROLE_FAMILY_WEIGHTS: [(&str, &[(&str, u32)]); 6] = [
    (
        "relationship_manager",
        &[
            ("customer_orientation", 25),
            ("communication", 20),
            ("integrity_compliance", 20),
            ("sales_drive", 15),
            ("stress_resilience", 10),
            ("teamwork", 10),
        ],
    ),
    (
        "data_analyst",
        &[
            ("data_analysis", 30),
            ("logical_thinking", 25),
            ("problem_solving", 15),
            ("communication", 10),
            ("learning_agility", 10),
            ("integrity_compliance", 10),
        ],
    ),
    (
        "sales",
        &[
            ("sales_drive", 30),
            ("customer_orientation", 25),
            ("communication", 20),
            ("stress_resilience", 15),
            ("integrity_compliance", 10),
        ],
    ),
    (
        "software_engineer",
        &[
            ("technical_depth", 30),
            ("problem_solving", 25),
            ("logical_thinking", 15),
            ("learning_agility", 10),
            ("teamwork", 10),
            ("ownership_leadership", 10),
        ],
    ),
    (
        "operations",
        &[
            ("integrity_compliance", 20),
            ("problem_solving", 20),
            ("customer_orientation", 15),
            ("stress_resilience", 15),
            ("teamwork", 15),
            ("ownership_leadership", 15),
        ],
    ),
    (
        "campus_hire",
        &[
            ("learning_agility", 25),
            ("communication", 20),
            ("logical_thinking", 20),
            ("teamwork", 15),
            ("ownership_leadership", 10),
            ("stress_resilience", 10),
        ],
    ),
];

/// The competencies weighted equally for a job without weights whose role family has no row in
/// [`ROLE_FAMILY_WEIGHTS`].
pub const GENERAL_COMPETENCIES: [&str; 6] = [
    "communication",
    "logical_thinking",
    "teamwork",
    "problem_solving",
    "learning_agility",
    "ownership_leadership",
];

/// The role-family tag every job falls back on.
const GENERAL: &str = "general";

/// Where a plan's competency weights came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightsSource {
    /// The job's own `competency_weights`.
    Job,
    /// The [`ROLE_FAMILY_WEIGHTS`] row of the job's role family.
    RoleFamilyDefault,
    /// Equal weights over [`GENERAL_COMPETENCIES`].
    GeneralDefault,
}

impl WeightsSource {
    /// The JSON name: `job`, `role_family_default` or `general_default`.
    pub fn name(self) -> &'static str {
        match self {
            WeightsSource::Job => "job",
            WeightsSource::RoleFamilyDefault => "role_family_default",
            WeightsSource::GeneralDefault => "general_default",
        }
    }
}

/// What to plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    /// The job (an archive job profile).
    pub job: JobProfile,
    /// Number of questions, 1 to [`MAX_COUNT`].
    pub count: usize,
    /// Seed of the draw: the same seed and bank give the same plan.
    pub seed: u64,
    /// Render question texts in this language; `None` gives `{"zh", "en"}`.
    pub lang: Option<Lang>,
    /// Question ids asked before, never drawn again.
    pub exclude: Vec<String>,
    /// Plans of earlier attempts; their questions are never drawn again.
    pub previous_plans: Vec<InterviewPlan>,
    /// Question types allowed; `None` allows all.
    pub types: Option<Vec<QuestionType>>,
    /// Multiplies every bank time limit (rounded to whole seconds); `None` is 1.
    pub time_scale: Option<f64>,
}

impl PlanRequest {
    /// A request for [`DEFAULT_COUNT`] questions with seed 0 and nothing else set.
    pub fn new(job: JobProfile) -> PlanRequest {
        PlanRequest {
            job,
            count: DEFAULT_COUNT,
            seed: 0,
            lang: None,
            exclude: Vec::new(),
            previous_plans: Vec::new(),
            types: None,
            time_scale: None,
        }
    }
}

/// One question of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    /// Bank question id.
    pub question_id: String,
    /// Answer time, seconds (the bank's, times `time_scale`).
    pub time_limit_seconds: u32,
    /// The competency this slot of the plan targets.
    pub competency: String,
    /// The question's type.
    pub question_type: QuestionType,
    /// The question's text.
    pub text: Text,
}

/// How much of the plan measures one competency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Competency id.
    pub competency: String,
    /// Plan questions targeting it.
    pub primary: u32,
    /// Plan questions targeting another competency that also measure it.
    pub secondary: u32,
}

/// Something the caller should know about a plan that was still produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Stable code: `unknown_excluded_question`, `secondary_fallback`, `slot_reassigned`,
    /// `competency_not_covered`, `unknown_role_family` or `previous_plan_other_bank`.
    pub code: &'static str,
    /// The competency concerned, if any.
    pub competency: Option<String>,
    /// The question ids concerned, if any.
    pub question_ids: Vec<String>,
    /// English.
    pub message: String,
    /// Chinese.
    pub message_zh: String,
}

/// A generated plan; [`Plan::to_value`] gives the archive `InterviewPlan` JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Questions in interview order.
    pub questions: Vec<PlanItem>,
    /// Seed drawn with.
    pub seed: u64,
    /// Language texts are rendered in, if one was asked for.
    pub language: Option<Lang>,
    /// Version of the bank drawn from.
    pub rubric_hash: String,
    /// The job's id.
    pub job_id: String,
    /// The job's role family, if it has one.
    pub role_family: Option<String>,
    /// Competencies with a positive weight and their weights normalised to sum 1, bank order.
    pub competency_weights: Vec<(String, f64)>,
    /// Where the weights came from.
    pub weights_source: WeightsSource,
    /// The `time_scale` used, when one was given.
    pub time_scale: Option<f64>,
    /// Per competency (weighted or measured by some plan question), bank order.
    pub coverage: Vec<Coverage>,
    /// Everything worth knowing that did not stop the plan.
    pub warnings: Vec<Warning>,
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn render(text: &Text, lang: Option<Lang>) -> Value {
    match lang {
        Some(l) => Value::String(text.get(l).to_string()),
        None => json!({"zh": text.zh, "en": text.en}),
    }
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

impl Plan {
    /// The plan as an archive `InterviewPlan` object (valid as the `plan` of an interview).
    ///
    /// `{"questions": [{"question_id", "time_limit_seconds", "competency", "type", "text"}],
    /// "seed", "language"?, "rubric_hash", "job_id", "role_family"?, "competency_weights",
    /// "weights_source", "time_scale"?, "coverage", "warnings"}`.
    pub fn to_value(&self) -> Value {
        let questions: Vec<Value> = self
            .questions
            .iter()
            .map(|q| {
                json!({
                    "question_id": q.question_id,
                    "time_limit_seconds": q.time_limit_seconds,
                    "competency": q.competency,
                    "type": q.question_type.name(),
                    "text": render(&q.text, self.language),
                })
            })
            .collect();
        let mut out = Map::new();
        out.insert("questions".into(), Value::Array(questions));
        out.insert("seed".into(), json!(self.seed));
        if let Some(l) = self.language {
            out.insert("language".into(), json!(lang_name(l)));
        }
        out.insert("rubric_hash".into(), json!(self.rubric_hash));
        out.insert("job_id".into(), json!(self.job_id));
        if let Some(r) = &self.role_family {
            out.insert("role_family".into(), json!(r));
        }
        let weights: Map<String, Value> = self
            .competency_weights
            .iter()
            .map(|(c, w)| (c.clone(), json!(round4(*w))))
            .collect();
        out.insert("competency_weights".into(), Value::Object(weights));
        out.insert("weights_source".into(), json!(self.weights_source.name()));
        if let Some(s) = self.time_scale {
            out.insert("time_scale".into(), json!(s));
        }
        let coverage: Map<String, Value> = self
            .coverage
            .iter()
            .map(|c| {
                (
                    c.competency.clone(),
                    json!({"primary": c.primary, "secondary": c.secondary}),
                )
            })
            .collect();
        out.insert("coverage".into(), Value::Object(coverage));
        let warnings: Vec<Value> = self
            .warnings
            .iter()
            .map(|w| {
                let mut o = Map::new();
                o.insert("code".into(), json!(w.code));
                if let Some(c) = &w.competency {
                    o.insert("competency".into(), json!(c));
                }
                if !w.question_ids.is_empty() {
                    o.insert("question_ids".into(), json!(w.question_ids));
                }
                o.insert("message".into(), json!(w.message));
                o.insert("message_zh".into(), json!(w.message_zh));
                Value::Object(o)
            })
            .collect();
        out.insert("warnings".into(), Value::Array(warnings));
        Value::Object(out)
    }
}

// ---------------------------------------------------------------------------------------------
// Weights and allocation
// ---------------------------------------------------------------------------------------------

/// The weighted competencies (positive weights, bank order) and where they came from.
fn resolve_weights(bank: &Bank, job: &JobProfile) -> Result<(Vec<(usize, f64)>, WeightsSource)> {
    let known = || {
        bank.competencies()
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !job.competency_weights.is_empty() {
        let mut weights: Vec<(usize, f64)> = Vec::new();
        for (id, value) in &job.competency_weights {
            let name = format!("job.competency_weights.{id}");
            let Some(index) = bank.competencies().iter().position(|c| &c.id == id) else {
                return Err(invalid(
                    &name,
                    format!("a competency id of the bank ({}); got {id:?}", known()),
                ));
            };
            let w = value
                .as_f64()
                .filter(|w| w.is_finite() && *w >= 0.0)
                .ok_or_else(|| invalid(&name, format!("a number ≥ 0; got {value}")))?;
            if w > 0.0 {
                weights.push((index, w));
            }
        }
        if weights.is_empty() {
            return Err(invalid(
                "job.competency_weights",
                "at least one competency with a weight above 0 (every weight is 0)",
            ));
        }
        weights.sort_by_key(|(i, _)| *i);
        return Ok((weights, WeightsSource::Job));
    }
    let index = |id: &str| bank.competencies().iter().position(|c| c.id == id);
    let row = job.role_family.as_deref().and_then(|family| {
        ROLE_FAMILY_WEIGHTS
            .iter()
            .find(|(f, _)| *f == family)
            .map(|(_, row)| *row)
    });
    let (mut weights, source): (Vec<(usize, f64)>, WeightsSource) = match row {
        Some(row) => (
            row.iter()
                .filter_map(|(id, w)| index(id).map(|i| (i, f64::from(*w))))
                .collect(),
            WeightsSource::RoleFamilyDefault,
        ),
        None => (
            GENERAL_COMPETENCIES
                .iter()
                .filter_map(|id| index(id).map(|i| (i, 1.0)))
                .collect(),
            WeightsSource::GeneralDefault,
        ),
    };
    if weights.is_empty() {
        // A custom bank without the default competencies: weigh all of its own equally.
        weights = (0..bank.competencies().len()).map(|i| (i, 1.0)).collect();
    }
    weights.sort_by_key(|(i, _)| *i);
    Ok((weights, source))
}

/// Largest-remainder (Hamilton) allocation of `n` slots over `weights`, then at least one slot
/// for every competency when `n` allows, taken from the most over-served competency.
///
/// Ties: larger remainder, then larger weight, then bank order.
fn allocate(n: usize, weights: &[(usize, f64)]) -> Vec<usize> {
    let total: f64 = weights.iter().map(|(_, w)| w).sum();
    let quotas: Vec<f64> = weights.iter().map(|(_, w)| n as f64 * w / total).collect();
    let mut slots: Vec<usize> = quotas.iter().map(|q| q.floor() as usize).collect();
    let given: usize = slots.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = quotas[a] - quotas[a].floor();
        let rb = quotas[b] - quotas[b].floor();
        rb.total_cmp(&ra)
            .then(weights[b].1.total_cmp(&weights[a].1))
            .then(weights[a].0.cmp(&weights[b].0))
    });
    for &i in order.iter().take(n.saturating_sub(given)) {
        slots[i] += 1;
    }
    if n >= weights.len() {
        let mut needy: Vec<usize> = (0..weights.len()).filter(|&i| slots[i] == 0).collect();
        needy.sort_by(|&a, &b| {
            weights[b]
                .1
                .total_cmp(&weights[a].1)
                .then(weights[a].0.cmp(&weights[b].0))
        });
        for i in needy {
            let donor = (0..weights.len())
                .filter(|&d| slots[d] >= 2)
                .max_by(|&a, &b| {
                    let sa = slots[a] as f64 - quotas[a];
                    let sb = slots[b] as f64 - quotas[b];
                    sa.total_cmp(&sb)
                        .then(slots[a].cmp(&slots[b]))
                        .then(weights[b].1.total_cmp(&weights[a].1))
                        .then(weights[a].0.cmp(&weights[b].0))
                });
            if let Some(d) = donor {
                slots[d] -= 1;
                slots[i] += 1;
            }
        }
    }
    slots
}

// ---------------------------------------------------------------------------------------------
// Selection
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    Primary,
    Secondary,
}

struct Chosen {
    question: usize,
    /// Index into the weights list.
    target: usize,
}

struct Selector<'a> {
    questions: &'a [Question],
    /// Per bank competency: the questions that have it first (primary), then the questions
    /// that list it later (secondary), as bank indices.
    by_competency: Vec<[Vec<usize>; 2]>,
    available: Vec<bool>,
    keys: Vec<u64>,
    family: Option<&'a str>,
    cap: usize,
    type_counts: BTreeMap<&'static str, usize>,
    chosen: Vec<Chosen>,
}

impl Selector<'_> {
    fn tier(&self, q: &Question) -> u8 {
        let tagged = |t: &str| q.role_families.iter().any(|r| r == t);
        match self.family {
            Some(f) if f != GENERAL && tagged(f) => 0,
            _ if tagged(GENERAL) => 1,
            _ => 2,
        }
    }

    /// The best unused question measuring `competency` (bank index) by `via`.
    fn best(&self, competency: usize, via: Via) -> Option<usize> {
        let lists = self.by_competency.get(competency)?;
        let list = match via {
            Via::Primary => &lists[0],
            Via::Secondary => &lists[1],
        };
        list.iter()
            .copied()
            .filter(|i| self.available.get(*i).copied().unwrap_or(false))
            .filter_map(|i| self.questions.get(i).map(|q| (i, q)))
            .min_by_key(|(i, q)| {
                let used = self
                    .type_counts
                    .get(q.question_type.name())
                    .copied()
                    .unwrap_or(0);
                (
                    used >= self.cap,
                    self.tier(q),
                    used,
                    self.keys.get(*i).copied().unwrap_or(0),
                    *i,
                )
            })
            .map(|(i, _)| i)
    }

    fn take(&mut self, question: usize, target: usize) {
        if let Some(slot) = self.available.get_mut(question) {
            *slot = false;
        }
        if let Some(q) = self.questions.get(question) {
            *self.type_counts.entry(q.question_type.name()).or_insert(0) += 1;
        }
        self.chosen.push(Chosen { question, target });
    }
}

fn type_rank(t: QuestionType) -> u8 {
    match t {
        QuestionType::Behavioral => 0,
        QuestionType::Situational => 1,
        QuestionType::Technical => 2,
        QuestionType::Scenario => 3,
    }
}

fn warning(
    code: &'static str,
    competency: Option<&str>,
    question_ids: Vec<String>,
    message: String,
    message_zh: String,
) -> Warning {
    Warning {
        code,
        competency: competency.map(str::to_string),
        question_ids,
        message,
        message_zh,
    }
}

/// Draws a plan for `request.job` from `bank` (see the module docs and
/// `docs/interview-sessions.md` for every rule).
///
/// Errors: [`Error::InvalidArgument`] naming `count`, `time_scale`, `types` or
/// `job.competency_weights[.ID]`; [`Error::LimitExceeded`] naming `count` when the bank has
/// fewer unused questions for the weighted competencies than asked for.
pub fn generate_plan(bank: &Bank, request: &PlanRequest) -> Result<Plan> {
    let n = request.count;
    if n == 0 {
        return Err(invalid(
            "count",
            format!("a whole number from 1 to {MAX_COUNT}"),
        ));
    }
    if n > MAX_COUNT {
        return Err(Error::LimitExceeded {
            what: "count (questions in a plan)".into(),
            limit: MAX_COUNT as u64,
            actual: n as u64,
        });
    }
    let (lo, hi) = TIME_SCALE_RANGE;
    if let Some(s) = request.time_scale {
        if !(s.is_finite() && (lo..=hi).contains(&s)) {
            return Err(invalid(
                "time_scale",
                format!("a number from {lo} to {hi}; got {s}"),
            ));
        }
    }
    if request.types.as_ref().is_some_and(Vec::is_empty) {
        return Err(invalid(
            "types",
            "at least one of behavioral, situational, technical, scenario",
        ));
    }
    let (weights, weights_source) = resolve_weights(bank, &request.job)?;
    let mut warnings = Vec::new();

    // Role family: preferred when some question carries the tag.
    let family = request.job.role_family.as_deref();
    if let Some(f) = family {
        if !bank.role_families().contains(&f) {
            warnings.push(warning(
                "unknown_role_family",
                None,
                Vec::new(),
                format!("no question of the bank is tagged with role family {f:?}; questions tagged `general` are preferred instead"),
                format!("题库中没有标记为岗位族 {f:?} 的题目，改为优先选用 `general` 题目"),
            ));
        }
    }

    // Exclusions.
    let mut excluded: BTreeSet<&str> = request.exclude.iter().map(String::as_str).collect();
    for (i, plan) in request.previous_plans.iter().enumerate() {
        excluded.extend(plan.questions.iter().map(|q| q.question_id.as_str()));
        if let Some(h) = plan.rubric_hash.as_deref().filter(|h| *h != bank.version()) {
            warnings.push(warning(
                "previous_plan_other_bank",
                None,
                Vec::new(),
                format!("previous_plans[{i}] was drawn from another bank version ({h}); its question ids are still excluded"),
                format!("previous_plans[{i}] 来自另一版本的题库（{h}），其题目仍被排除"),
            ));
        }
    }
    if excluded.len() > MAX_EXCLUDED {
        return Err(Error::LimitExceeded {
            what: "question ids in exclude and previous_plans".into(),
            limit: MAX_EXCLUDED as u64,
            actual: excluded.len() as u64,
        });
    }
    let bank_ids: BTreeSet<&str> = bank.questions().iter().map(|q| q.id.as_str()).collect();
    let unknown: Vec<String> = excluded
        .iter()
        .filter(|id| !bank_ids.contains(*id))
        .map(|id| id.to_string())
        .collect();
    if !unknown.is_empty() {
        warnings.push(warning(
            "unknown_excluded_question",
            None,
            unknown.clone(),
            format!(
                "{} excluded question id(s) are not in this bank and were ignored: {}",
                unknown.len(),
                unknown.join(", ")
            ),
            format!(
                "{} 个排除的题目 id 不在本题库中，已忽略：{}",
                unknown.len(),
                unknown.join("、")
            ),
        ));
    }

    let questions = bank.questions();
    let weighted: BTreeSet<&str> = weights
        .iter()
        .filter_map(|(i, _)| bank.competencies().get(*i).map(|c| c.id.as_str()))
        .collect();
    let available: Vec<bool> = questions
        .iter()
        .map(|q| {
            !excluded.contains(q.id.as_str())
                && request
                    .types
                    .as_ref()
                    .is_none_or(|t| t.contains(&q.question_type))
        })
        .collect();
    let pool = questions
        .iter()
        .zip(&available)
        .filter(|(q, ok)| **ok && q.competencies.iter().any(|c| weighted.contains(c.as_str())))
        .count();
    if pool < n {
        return Err(Error::LimitExceeded {
            what: "count (unused questions in the bank measuring the job's weighted competencies, after exclude, previous_plans and types)".into(),
            limit: pool as u64,
            actual: n as u64,
        });
    }

    let index_of: BTreeMap<&str, usize> = bank
        .competencies()
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut by_competency: Vec<[Vec<usize>; 2]> =
        vec![[Vec::new(), Vec::new()]; bank.competencies().len()];
    for (qi, q) in questions.iter().enumerate() {
        for (position, c) in q.competencies.iter().enumerate() {
            if let Some(lists) = index_of
                .get(c.as_str())
                .and_then(|&ci| by_competency.get_mut(ci))
            {
                lists[usize::from(position > 0)].push(qi);
            }
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(request.seed);
    let keys: Vec<u64> = questions.iter().map(|_| rng.next_u64()).collect();
    let mut sel = Selector {
        questions,
        by_competency,
        available,
        keys,
        family,
        cap: n.div_ceil(2),
        type_counts: BTreeMap::new(),
        chosen: Vec::new(),
    };

    // Slots per weighted competency, filled round-robin: heaviest competency first in a round.
    let slots = allocate(n, &weights);
    let mut round_order: Vec<usize> = (0..weights.len()).collect();
    round_order.sort_by(|&a, &b| {
        weights[b]
            .1
            .total_cmp(&weights[a].1)
            .then(weights[a].0.cmp(&weights[b].0))
    });
    let rounds = slots.iter().copied().max().unwrap_or(0);
    let mut secondary_used = vec![0usize; weights.len()];
    let mut unfilled = vec![0usize; weights.len()];
    for round in 0..rounds {
        for &w in &round_order {
            if slots[w] <= round {
                continue;
            }
            let comp = weights[w].0;
            if let Some(q) = sel.best(comp, Via::Primary) {
                sel.take(q, w);
            } else if let Some(q) = sel.best(comp, Via::Secondary) {
                secondary_used[w] += 1;
                sel.take(q, w);
            } else {
                unfilled[w] += 1;
            }
        }
    }

    // Slots no question could fill go to the competency furthest below its share that can
    // still be served (primary questions first, then secondary).
    let total_weight: f64 = weights.iter().map(|(_, w)| w).sum();
    let mut reassigned_to: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); weights.len()];
    for from in 0..weights.len() {
        for _ in 0..unfilled[from] {
            let deficit = |w: usize, sel: &Selector| -> f64 {
                let have = sel.chosen.iter().filter(|c| c.target == w).count() as f64;
                n as f64 * weights[w].1 / total_weight - have
            };
            let mut pick = None;
            for via in [Via::Primary, Via::Secondary] {
                let best = (0..weights.len())
                    .filter_map(|w| sel.best(weights[w].0, via).map(|q| (w, q)))
                    .max_by(|(a, _), (b, _)| {
                        deficit(*a, &sel)
                            .total_cmp(&deficit(*b, &sel))
                            .then(weights[*a].1.total_cmp(&weights[*b].1))
                            .then(weights[*b].0.cmp(&weights[*a].0))
                    });
                if let Some((w, q)) = best {
                    pick = Some((w, q, via));
                    break;
                }
            }
            let Some((w, q, via)) = pick else {
                return Err(Error::Internal(
                    "interview plan: the question pool ran dry after the size check".into(),
                ));
            };
            if via == Via::Secondary {
                secondary_used[w] += 1;
            }
            reassigned_to[from].insert(w);
            sel.take(q, w);
        }
    }

    let comp_id = |w: usize| -> &str {
        weights
            .get(w)
            .and_then(|(i, _)| bank.competencies().get(*i))
            .map(|c| c.id.as_str())
            .unwrap_or_default()
    };
    for w in 0..weights.len() {
        let c = comp_id(w);
        if secondary_used[w] > 0 {
            let k = secondary_used[w];
            warnings.push(warning(
                "secondary_fallback",
                Some(c),
                Vec::new(),
                format!("not enough unused questions have {c} as their primary competency; {k} slot(s) were filled with questions that measure it as a secondary competency"),
                format!("以 {c} 为主要胜任力的未用题目不足，{k} 个题位改用将其作为次要胜任力的题目"),
            ));
        }
        if unfilled[w] > 0 {
            let k = unfilled[w];
            let to: Vec<&str> = reassigned_to[w].iter().map(|&t| comp_id(t)).collect();
            warnings.push(warning(
                "slot_reassigned",
                Some(c),
                Vec::new(),
                format!(
                    "the bank has no unused question measuring {c}; {k} slot(s) went to {}",
                    to.join(", ")
                ),
                format!(
                    "题库中已没有考察 {c} 的未用题目，{k} 个题位改给 {}",
                    to.join("、")
                ),
            ));
        }
    }

    // Interview order: type stage (behavioural, situational, technical, scenario), selection
    // order inside a stage; the opener is the first stage's shortest `general`-tagged question.
    let mut order: Vec<usize> = (0..sel.chosen.len()).collect();
    let q_of = |k: usize| -> Option<&Question> {
        sel.chosen.get(k).and_then(|c| questions.get(c.question))
    };
    order.sort_by_key(|&k| (q_of(k).map(|q| type_rank(q.question_type)), k));
    if let Some(first_stage) = order
        .first()
        .and_then(|&k| q_of(k))
        .map(|q| q.question_type)
    {
        let opener = order
            .iter()
            .copied()
            .filter(|&k| q_of(k).is_some_and(|q| q.question_type == first_stage))
            .min_by_key(|&k| {
                let q = q_of(k);
                (
                    !q.is_some_and(|q| q.role_families.iter().any(|r| r == GENERAL)),
                    q.map(|q| q.time_limit_seconds),
                    k,
                )
            });
        if let Some(o) = opener {
            order.retain(|&k| k != o);
            order.insert(0, o);
        }
    }
    // Inside a stage, avoid asking the same competency twice in a row when another question of
    // the stage can come in between.
    let target_of = |k: usize| sel.chosen.get(k).map(|c| c.target);
    let stage_of = |k: usize| q_of(k).map(|q| type_rank(q.question_type));
    for i in 1..order.len() {
        let (prev, here) = (order[i - 1], order[i]);
        if target_of(prev) != target_of(here) || stage_of(prev) != stage_of(here) {
            continue;
        }
        let swap = (i + 1..order.len())
            .take_while(|&j| stage_of(order[j]) == stage_of(here))
            .find(|&j| target_of(order[j]) != target_of(prev));
        if let Some(j) = swap {
            let moved = order.remove(j);
            order.insert(i, moved);
        }
    }

    let scale = request.time_scale.unwrap_or(1.0);
    let mut items = Vec::with_capacity(n);
    for &k in &order {
        let (Some(c), Some(q)) = (sel.chosen.get(k), q_of(k)) else {
            continue;
        };
        let limit = (f64::from(q.time_limit_seconds) * scale).round().max(1.0) as u32;
        items.push(PlanItem {
            question_id: q.id.clone(),
            time_limit_seconds: limit,
            competency: comp_id(c.target).to_string(),
            question_type: q.question_type,
            text: q.text.clone(),
        });
    }

    // Coverage: weighted competencies and any other the plan measures, bank order.
    let mut counts = vec![(0u32, 0u32); bank.competencies().len()];
    for chosen in &sel.chosen {
        let Some(target) = weights.get(chosen.target).map(|(i, _)| *i) else {
            continue;
        };
        if let Some(slot) = counts.get_mut(target) {
            slot.0 += 1;
        }
        for c in questions
            .get(chosen.question)
            .map(|q| q.competencies.as_slice())
            .unwrap_or_default()
        {
            match index_of.get(c.as_str()) {
                Some(&ci) if ci != target => {
                    if let Some(slot) = counts.get_mut(ci) {
                        slot.1 += 1;
                    }
                }
                _ => {}
            }
        }
    }
    let coverage: Vec<Coverage> = bank
        .competencies()
        .iter()
        .zip(&counts)
        .filter(|(c, (p, s))| weighted.contains(c.id.as_str()) || p + s > 0)
        .map(|(c, (primary, secondary))| Coverage {
            competency: c.id.clone(),
            primary: *primary,
            secondary: *secondary,
        })
        .collect();
    for cov in &coverage {
        if cov.primary + cov.secondary == 0 {
            let c = cov.competency.as_str();
            warnings.push(warning(
                "competency_not_covered",
                Some(c),
                Vec::new(),
                format!("{c} has a weight above 0 but no question of the plan measures it (count {n} is below the number of weighted competencies, {})", weights.len()),
                format!("{c} 的权重大于 0，但计划中没有考察它的题目（题数 {n} 少于有权重的胜任力数 {}）", weights.len()),
            ));
        }
    }

    Ok(Plan {
        questions: items,
        seed: request.seed,
        language: request.lang,
        rubric_hash: bank.version().to_string(),
        job_id: request.job.id.clone(),
        role_family: request.job.role_family.clone(),
        competency_weights: weights
            .iter()
            .map(|(i, w)| {
                let id = bank
                    .competencies()
                    .get(*i)
                    .map(|c| c.id.clone())
                    .unwrap_or_default();
                (id, w / total_weight)
            })
            .collect(),
        weights_source,
        time_scale: request.time_scale,
        coverage,
        warnings,
    })
}

// ---------------------------------------------------------------------------------------------
// JSON entry point
// ---------------------------------------------------------------------------------------------

const REQUEST_KEYS: [&str; 9] = [
    "job",
    "count",
    "seed",
    "lang",
    "exclude",
    "previous_plans",
    "types",
    "time_scale",
    "extension",
];

/// `interview_plan`: `{"job", "count"?, "seed"?, "lang"?, "exclude"?, "previous_plans"?,
/// "types"?, "time_scale"?, "extension"?}` → the plan JSON of [`Plan::to_value`].
///
/// The job must be a valid archive `job_profile`; its problems are reported as
/// [`Error::InvalidArgument`] naming `job.<field>`. Errors inside the extension are named
/// `extension.<field>`.
pub fn interview_plan_value(request: &Value) -> Result<Value> {
    let req = request
        .as_object()
        .ok_or_else(|| invalid("request", "an object"))?;
    if let Some(k) = req.keys().find(|k| !REQUEST_KEYS.contains(&k.as_str())) {
        return Err(invalid(
            k,
            format!(
                "no such field in an interview_plan request; allowed: {}",
                REQUEST_KEYS.join(", ")
            ),
        ));
    }
    let present = |key: &str| req.get(key).filter(|v| !v.is_null());
    let job = parse_job(present("job").ok_or_else(|| {
        invalid(
            "job",
            "an archive job_profile document (the field is missing)",
        )
    })?)?;
    let mut plan_request = PlanRequest::new(job);
    if let Some(v) = present("count") {
        let expected = format!("a whole number from 1 to {MAX_COUNT}");
        let c = v
            .as_u64()
            .ok_or_else(|| invalid("count", expected.clone()))?;
        if c == 0 {
            return Err(invalid("count", expected));
        }
        plan_request.count = usize::try_from(c).unwrap_or(usize::MAX);
    }
    if let Some(v) = present("seed") {
        plan_request.seed = v
            .as_u64()
            .ok_or_else(|| invalid("seed", "a whole number from 0 to 18446744073709551615"))?;
    }
    if let Some(v) = present("lang") {
        let s = v.as_str().ok_or_else(|| invalid("lang", "one of zh, en"))?;
        plan_request.lang = Some(Lang::parse(s, "lang")?);
    }
    if let Some(v) = present("exclude") {
        let items = v
            .as_array()
            .ok_or_else(|| invalid("exclude", "an array of question ids"))?;
        if items.len() > MAX_EXCLUDED {
            return Err(Error::LimitExceeded {
                what: "question ids in exclude".into(),
                limit: MAX_EXCLUDED as u64,
                actual: items.len() as u64,
            });
        }
        for (i, item) in items.iter().enumerate() {
            plan_request
                .exclude
                .push(non_empty(item, &format!("exclude[{i}]"))?);
        }
    }
    if let Some(v) = present("previous_plans") {
        plan_request.previous_plans = parse_previous_plans(v)?;
    }
    if let Some(v) = present("types") {
        let items = v.as_array().ok_or_else(|| {
            invalid(
                "types",
                "an array of question types (behavioral, situational, technical, scenario)",
            )
        })?;
        let mut types = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("types[{i}]");
            let s = item.as_str().ok_or_else(|| {
                invalid(&path, "one of behavioral, situational, technical, scenario")
            })?;
            let t = QuestionType::parse(s, &path)?;
            if !types.contains(&t) {
                types.push(t);
            }
        }
        plan_request.types = Some(types);
    }
    if let Some(v) = present("time_scale") {
        let (lo, hi) = TIME_SCALE_RANGE;
        plan_request.time_scale = Some(
            v.as_f64()
                .ok_or_else(|| invalid("time_scale", format!("a number from {lo} to {hi}")))?,
        );
    }
    let base = Bank::default()?;
    let extended;
    let bank = match present("extension") {
        None => base,
        Some(ext) => {
            extended = base.extend(ext).map_err(|e| prefix(e, "extension"))?;
            &extended
        }
    };
    Ok(generate_plan(bank, &plan_request)?.to_value())
}

/// Validates `value` as an archive job profile; problems name `job.<field>`.
fn parse_job(value: &Value) -> Result<JobProfile> {
    if !value.is_object() {
        return Err(invalid(
            "job",
            "an archive job_profile document (an object)",
        ));
    }
    match value.get("kind").and_then(Value::as_str) {
        Some("job_profile") => {}
        other => {
            return Err(invalid(
                "job.kind",
                format!(
                    "\"job_profile\"; got {}",
                    other.map_or("nothing".to_string(), |k| format!("{k:?}"))
                ),
            ))
        }
    }
    let report = crate::validate(value)?;
    if let Some(first) = report.issues.first() {
        let more = report.issues.len() - 1;
        return Err(invalid(
            &format!("job{}", crate::schema::pointer_path(&first.pointer)),
            if more > 0 {
                format!(
                    "a valid job_profile: {} (and {more} more problem(s))",
                    first.message
                )
            } else {
                format!("a valid job_profile: {}", first.message)
            },
        ));
    }
    serde_json::from_value(value.clone())
        .map_err(|e| invalid("job", format!("a valid job_profile: {e}")))
}

fn parse_previous_plans(value: &Value) -> Result<Vec<InterviewPlan>> {
    let items = value.as_array().ok_or_else(|| {
        invalid(
            "previous_plans",
            "an array of plans ({\"questions\": [{\"question_id\"}, …]})",
        )
    })?;
    if items.len() > MAX_PREVIOUS_PLANS {
        return Err(Error::LimitExceeded {
            what: "plans in previous_plans".into(),
            limit: MAX_PREVIOUS_PLANS as u64,
            actual: items.len() as u64,
        });
    }
    let mut plans = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("previous_plans[{i}]");
        let obj = item
            .as_object()
            .ok_or_else(|| invalid(&path, "a plan object with `questions`"))?;
        let qs = obj
            .get("questions")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                invalid(
                    &format!("{path}.questions"),
                    "an array of {\"question_id\", …}",
                )
            })?;
        for (j, q) in qs.iter().enumerate() {
            let qp = format!("{path}.questions[{j}]");
            let id = q
                .get("question_id")
                .ok_or_else(|| invalid(&format!("{qp}.question_id"), "a question id"))?;
            non_empty(id, &format!("{qp}.question_id"))?;
        }
        if let Some(h) = obj
            .get("rubric_hash")
            .filter(|h| !h.is_null() && !h.is_string())
        {
            return Err(invalid(
                &format!("{path}.rubric_hash"),
                format!("a string; got {h}"),
            ));
        }
        let plan: InterviewPlan = serde_json::from_value(item.clone())
            .map_err(|e| invalid(&path, format!("an archive interview plan: {e}")))?;
        plans.push(plan);
    }
    Ok(plans)
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

fn non_empty(v: &Value, path: &str) -> Result<String> {
    match v.as_str() {
        Some(s) if !s.trim().is_empty() => Ok(s.to_string()),
        _ => Err(invalid(path, "a non-empty string")),
    }
}

fn prefix(e: Error, prefix: &str) -> Error {
    match e {
        Error::InvalidArgument { name, expected } => Error::InvalidArgument {
            name: format!("{prefix}.{name}"),
            expected,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hamilton_allocation_follows_weights_and_gives_everyone_a_slot() {
        // Quotas 2.4, 2, 2, 1.6: floors 2, 2, 2, 1, the spare slot to the largest remainder.
        assert_eq!(
            allocate(8, &[(0, 0.3), (1, 0.25), (2, 0.25), (3, 0.2)]),
            vec![2, 2, 2, 2]
        );
        // 10 × 0.7 / 0.2 / 0.1 is exact.
        assert_eq!(allocate(10, &[(0, 7.0), (1, 2.0), (2, 1.0)]), vec![7, 2, 1]);
        // A tiny weight still gets one slot, taken from the most over-served competency.
        assert_eq!(allocate(5, &[(0, 100.0), (1, 1.0)]), vec![4, 1]);
        // Fewer slots than competencies: the heaviest win, ties by bank order.
        assert_eq!(allocate(2, &[(0, 1.0), (1, 1.0), (2, 1.0)]), vec![1, 1, 0]);
        assert_eq!(allocate(2, &[(0, 1.0), (1, 2.0), (2, 2.0)]), vec![0, 1, 1]);
        for n in 1..=30 {
            let s = allocate(n, &[(0, 0.37), (1, 0.21), (2, 0.29), (3, 0.13)]);
            assert_eq!(s.iter().sum::<usize>(), n);
            if n >= 4 {
                assert!(s.iter().all(|&k| k >= 1), "{n}: {s:?}");
            }
        }
    }

    #[test]
    fn pointer_paths_use_dots_and_brackets() {
        assert_eq!(
            crate::schema::pointer_path("/requirements/skills/0/name"),
            ".requirements.skills[0].name"
        );
        assert_eq!(crate::schema::pointer_path(""), "");
        assert_eq!(crate::schema::pointer_path("/a~1b"), ".a/b");
    }
}
