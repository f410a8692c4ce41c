//! The fit score: knock-outs, then weighted components whose points add up exactly to the
//! total, with the bilingual explanation and gap list.

use serde::Serialize;
use serde_json::{json, Value};

use super::job::{degree_name, degree_zh};
use super::prepare::{degree_json, Candidate, CertReq, Check, JobSkill, LangReq, PreparedJob};
use super::{round, text, COMPONENTS, REQUIRED_SHARE};
use crate::schema::{DegreeLevel, KnockoutOp, Span};

/// One component of the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentScore {
    /// Component id (`skills`, `experience`, …).
    pub id: String,
    /// False when the job asks nothing this component measures; its weight is then 0 and the
    /// other weights are renormalised.
    pub applicable: bool,
    /// Raw score 0–1 (4 decimals).
    pub raw: f64,
    /// Weight after renormalisation over the applicable components (4 decimals).
    pub weight: f64,
    /// Contribution to the total, 0–100 (2 decimals); the points of all components add up to
    /// the total exactly. 0 for every component when a knock-out fails.
    pub points: f64,
    /// What the points would be without the failed knock-out (equal to `points` otherwise).
    pub points_if_passed: f64,
    /// How the raw score came about, English.
    pub detail_en: String,
    /// How the raw score came about, Chinese.
    pub detail_zh: String,
}

/// The outcome of one knock-out rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KnockoutOutcome {
    /// Rule id.
    pub id: String,
    /// Field tested.
    pub field: String,
    /// Whether the candidate passes.
    pub passed: bool,
    /// The candidate's value, when known.
    pub actual: Value,
    /// The rule, English (shown when it fails).
    pub reason_en: String,
    /// The rule, Chinese.
    pub reason_zh: String,
}

/// The partial-credit link used for a skill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Via {
    /// The resume's skill id.
    pub id: String,
    /// Its English name.
    pub name: String,
    /// `child`, `related` or `parent` (of the job's skill).
    pub relation: String,
    /// The taxonomy's partial-credit weight.
    pub weight: f64,
}

/// A job skill and what the resume shows of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillOutcome {
    /// The job skill's id (`name:…` when outside the taxonomy).
    pub id: String,
    /// English name.
    pub name: String,
    /// Chinese name (English when the taxonomy has none).
    pub name_zh: String,
    /// Required (true) or preferred.
    pub required: bool,
    /// Credit 0–1: 1 for the same id (the taxonomy folds synonyms into ids), the link's weight
    /// for a partial match, 0 when missing.
    pub credit: f64,
    /// The link used for partial credit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<Via>,
    /// Where the resume shows it (code points into its `raw_text`).
    pub evidence: Vec<Span>,
}

/// A gap between the job and the resume (for development suggestions).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// `skill`, `experience`, `degree`, `major`, `language`, `certification`, `competency`,
    /// `location`.
    pub kind: String,
    /// What is missing (a skill id, a language level, a certificate …).
    pub item: String,
    /// Whether the job requires it (false: preferred).
    pub required: bool,
    /// What the job asks.
    pub expected: Value,
    /// What the resume shows (`null` when nothing).
    pub actual: Value,
    /// How far off: years for `experience`, degree levels for `degree`, else 1 − credit (0–1).
    pub shortfall: f64,
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

/// Matched, partial and missing skills, knock-outs and gaps, with a summary in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Skills with full credit.
    pub matched: Vec<SkillOutcome>,
    /// Skills with partial credit through a taxonomy link.
    pub partial: Vec<SkillOutcome>,
    /// Skills not shown.
    pub missing: Vec<SkillOutcome>,
    /// What is missing or short, required first.
    pub gaps: Vec<Gap>,
    /// One line, English.
    pub summary_en: String,
    /// One line, Chinese.
    pub summary_zh: String,
}

/// An explained fit score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchResult {
    /// Resume id.
    pub id: String,
    /// 0–100, two decimals; the sum of the components' points. 0 when a knock-out fails.
    pub total: f64,
    /// Whether every knock-out passed.
    pub knockout_passed: bool,
    /// Each rule's outcome.
    pub knockouts: Vec<KnockoutOutcome>,
    /// Each component, in [`COMPONENTS`] order.
    pub components: Vec<ComponentScore>,
    /// The explanation.
    pub explanation: Explanation,
}

/// Experience credit for `years` against a minimum `min` (and an optional maximum): 1 at or
/// above the minimum; below it a Gaussian shoulder `exp(−((min − years)/τ)²)` with
/// `τ = max(1, min/2)` — continuous, monotone and flat at the minimum, so a few months short
/// costs little and a large shortfall costs a lot. Above a maximum it eases to 0.6 the same way
/// (over-qualification is a mild signal, not a knock-out).
pub fn experience_curve(years: f64, min: f64, max: Option<f64>) -> f64 {
    let tau = (min / 2.0).max(1.0);
    let y = years.max(0.0);
    if y < min {
        return (-((min - y) / tau).powi(2)).exp();
    }
    match max {
        Some(m) if y > m => 0.6 + 0.4 * (-((y - m) / tau).powi(2)).exp(),
        _ => 1.0,
    }
}

pub(crate) fn degree_credit(have: Option<DegreeLevel>, want: DegreeLevel) -> f64 {
    match have {
        Some(d) if d >= want => 1.0,
        Some(d) if (want as i32) - (d as i32) == 1 => 0.5,
        Some(_) => 0.1,
        None => 0.0,
    }
}

fn major_match(cand: &Candidate, majors: &[String]) -> bool {
    cand.majors.iter().any(|m| major_hit(m, majors))
}

/// Whether one of the resume's majors matches one of the job's (either contains the other).
pub(crate) fn major_hit(m: &str, majors: &[String]) -> bool {
    majors
        .iter()
        .any(|r| m.contains(r.as_str()) || r.contains(m))
}

/// Whether a held certificate name `h` matches the requirement's normalised name `n`.
pub(crate) fn cert_name_hit(h: &str, n: &str) -> bool {
    !n.is_empty() && (h.contains(n) || n.contains(h))
}

fn lang_credit(cand: &Candidate, code: &str, level: Option<f64>) -> (f64, Option<f64>) {
    lang_credit_of(
        cand.languages
            .iter()
            .filter(|(c, _)| c == code)
            .map(|(_, l)| *l),
        level,
    )
}

/// The best credit among the resume's levels of the language asked (and that level).
pub(crate) fn lang_credit_of(
    levels: impl Iterator<Item = Option<f64>>,
    level: Option<f64>,
) -> (f64, Option<f64>) {
    let mut best: Option<(f64, Option<f64>)> = None;
    for l in levels {
        let credit = match (level, l) {
            (None, _) => 1.0,
            (Some(w), Some(h)) if h >= w => 1.0,
            _ => 0.5,
        };
        if best.is_none_or(|(b, _)| credit > b) {
            best = Some((credit, l));
        }
    }
    best.unwrap_or((0.0, None))
}

/// Whether the resume holds a certificate: the same code, or a name containing (or contained
/// in) `n`, the requirement's normalised name.
fn cert_held(cand: &Candidate, n: &str, code: Option<&str>) -> bool {
    if let Some(c) = code {
        if cand.cert_codes.iter().any(|h| h == c) {
            return true;
        }
    }
    cand.cert_names.iter().any(|h| cert_name_hit(h, n))
}

/// The years knock-out.
pub(crate) fn years_ok(op: KnockoutOp, want: f64, years: Option<f64>) -> bool {
    years.is_some_and(|y| match op {
        KnockoutOp::Gte => y + 1e-9 >= want,
        KnockoutOp::Lte => y <= want + 1e-9,
        _ => (y - want).abs() < 1e-9,
    })
}

/// The degree knock-out.
pub(crate) fn degree_ok(op: KnockoutOp, wants: &[DegreeLevel], d: Option<DegreeLevel>) -> bool {
    d.is_some_and(|d| match op {
        KnockoutOp::Gte => wants.iter().all(|w| d >= *w),
        _ => wants.contains(&d),
    })
}

/// Whether `cand` passes one knock-out.
pub(crate) fn ko_passed(check: &Check, cand: &Candidate) -> bool {
    match check {
        Check::Years(op, want) => years_ok(*op, *want, cand.years),
        Check::Degree(op, wants) => degree_ok(*op, wants, cand.degree),
        Check::Cert(name, code) => cert_held(cand, name, code.as_deref()),
        Check::Lang(code, level) => lang_credit(cand, code, *level).0 >= 1.0,
        Check::Skill(id) => cand.skills.contains_key(id),
        Check::City(names) => cand
            .city
            .as_ref()
            .is_some_and(|c| names.iter().any(|n| n == c)),
    }
}

/// Knock-outs, one outcome per rule.
fn knockouts(job: &PreparedJob, cand: &Candidate) -> Vec<KnockoutOutcome> {
    job.knockouts
        .iter()
        .map(|k| {
            let actual = match &k.check {
                Check::Years(..) => cand.years.map_or(Value::Null, |y| json!(round(y, 2))),
                Check::Degree(..) => degree_json(cand.degree),
                Check::Cert(..) => json!(cand.cert_codes),
                Check::Lang(code, level) => lang_credit(cand, code, *level)
                    .1
                    .map_or(Value::Null, |h| json!(h)),
                Check::Skill(_) => Value::Null,
                Check::City(_) => cand.city.as_ref().map_or(Value::Null, |c| json!(c)),
            };
            KnockoutOutcome {
                id: k.id.clone(),
                field: k.field.clone(),
                passed: ko_passed(&k.check, cand),
                actual,
                reason_en: k.reason_en.clone(),
                reason_zh: k.reason_zh.clone(),
            }
        })
        .collect()
}

/// A job skill's credit and the resume skill that earns it: 1 for the same id (or, outside the
/// taxonomy, the same normalised name), else the best partial-credit link (ties: smaller id).
pub(crate) fn skill_credit(js: &JobSkill, cand: &Candidate) -> f64 {
    if let Some(name) = js.id.strip_prefix("name:") {
        return if cand.skill_names.iter().any(|n| n == name) {
            1.0
        } else {
            0.0
        };
    }
    let keys = &cand.skill_keys;
    if keys.binary_search(&js.key).is_ok() {
        return 1.0;
    }
    // Merge of two sorted lists: the best partial-credit link.
    let (mut i, mut j, mut best) = (0usize, 0usize, 0.0f64);
    while let (Some(&a), Some(&(b, w))) = (keys.get(i), js.near_keys.get(j)) {
        match a.cmp(&b) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                best = best.max(w);
                j += 1;
            }
        }
    }
    best
}

/// What the components read of a resume, one requirement at a time: the full [`Candidate`]
/// answers from its strings; the index answers from interned ids resolved once per query.
/// [`raw_components`] holds the arithmetic, so both give the same floats.
pub(crate) trait Facts {
    /// Credit 0–1 for the job's skill `i`.
    fn skill_credit(&self, i: usize, js: &JobSkill) -> f64;
    /// Years of experience.
    fn years(&self) -> Option<f64>;
    /// Highest degree.
    fn degree(&self) -> Option<DegreeLevel>;
    /// Whether a major matches one of the job's.
    fn major_match(&self, majors: &[String]) -> bool;
    /// Credit for the job's language requirement `i`.
    fn lang_credit(&self, i: usize, l: &LangReq) -> f64;
    /// Whether the job's certificate `i` is held.
    fn cert_held(&self, i: usize, c: &CertReq) -> bool;
    /// Evidence count of the job's competency `i`.
    fn competency(&self, i: usize, id: &str) -> u32;
}

impl Facts for Candidate {
    fn skill_credit(&self, _: usize, js: &JobSkill) -> f64 {
        skill_credit(js, self)
    }
    fn years(&self) -> Option<f64> {
        self.years
    }
    fn degree(&self) -> Option<DegreeLevel> {
        self.degree
    }
    fn major_match(&self, majors: &[String]) -> bool {
        major_match(self, majors)
    }
    fn lang_credit(&self, _: usize, l: &LangReq) -> f64 {
        lang_credit(self, &l.code, l.level).0
    }
    fn cert_held(&self, _: usize, c: &CertReq) -> bool {
        cert_held(self, &c.key, c.code.as_deref())
    }
    fn competency(&self, _: usize, id: &str) -> u32 {
        self.competencies.get(id).copied().unwrap_or(0)
    }
}

/// The raw score of every component (in [`COMPONENTS`] order), `None` where it does not apply.
/// The one place the numbers are computed: [`match_resume`] and ranking both call it.
pub(crate) fn raw_components<F: Facts + ?Sized>(
    job: &PreparedJob,
    cand: &F,
    relevance: f64,
    semantic: Option<f64>,
) -> [Option<f64>; 7] {
    let (mut rn, mut rd, mut pn, mut pd) = (0.0, 0.0, 0.0, 0.0);
    for (i, js) in job.skills.iter().enumerate() {
        let c = cand.skill_credit(i, js);
        if js.required {
            rn += js.weight * c;
            rd += js.weight;
        } else {
            pn += js.weight * c;
            pd += js.weight;
        }
    }
    let skills = match (rd > 0.0, pd > 0.0) {
        (true, true) => Some(REQUIRED_SHARE * rn / rd + (1.0 - REQUIRED_SHARE) * pn / pd),
        (true, false) => Some(rn / rd),
        (false, true) => Some(pn / pd),
        (false, false) => None,
    };
    let experience = match (job.min_years, job.max_years) {
        (None, None) => None,
        (Some(0.0), None) => None,
        (min, max) => Some(
            cand.years()
                .map_or(0.0, |y| experience_curve(y, min.unwrap_or(0.0), max)),
        ),
    };
    let education = if job.degree.is_none() && job.majors.is_empty() {
        None
    } else {
        let deg = job.degree.map(|w| degree_credit(cand.degree(), w));
        let maj = (!job.majors.is_empty()).then(|| {
            if cand.major_match(&job.majors) {
                1.0
            } else {
                0.0
            }
        });
        Some(match (deg, maj) {
            (Some(d), Some(m)) => 0.7 * d + 0.3 * m,
            (Some(d), None) => d,
            (None, Some(m)) => m,
            (None, None) => 0.0,
        })
    };
    let (mut num, mut den) = (0.0, 0.0);
    for (i, l) in job.languages.iter().enumerate() {
        let w = if l.required { 1.0 } else { 0.5 };
        num += w * cand.lang_credit(i, l);
        den += w;
    }
    for (i, c) in job.certs.iter().enumerate() {
        let w = if c.required { 1.0 } else { 0.5 };
        if cand.cert_held(i, c) {
            num += w;
        }
        den += w;
    }
    let lc = (den > 0.0).then(|| num / den);
    let (mut cn, mut cd) = (0.0, 0.0);
    for (i, (id, w)) in job.competencies.iter().enumerate() {
        let n = cand.competency(i, id);
        cn += w * (f64::from(n) / 2.0).min(1.0);
        cd += w;
    }
    let comp = (cd > 0.0).then(|| cn / cd);
    let finite = |x: f64| {
        if x.is_finite() {
            x.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let rel = (!job.query.is_empty()).then(|| finite(relevance));
    let sem = semantic.map(finite);
    [skills, experience, education, lc, comp, rel, sem]
}

/// Renormalised weights and the points of each component in hundredths (summing exactly).
pub(crate) fn points(job: &PreparedJob, raws: &[Option<f64>; 7]) -> ([f64; 7], [i64; 7]) {
    let (norm_w, exact) = exact_points(job, raws);
    (norm_w, apportion(&exact))
}

/// Renormalised weights and each component's points in hundredths before rounding.
fn exact_points(job: &PreparedJob, raws: &[Option<f64>; 7]) -> ([f64; 7], [f64; 7]) {
    let mut wsum = 0.0;
    for (w, r) in job.component_weights.iter().zip(raws) {
        if r.is_some() {
            wsum += w;
        }
    }
    let mut norm_w = [0.0; 7];
    let mut exact = [0.0; 7];
    for (i, (w, r)) in job.component_weights.iter().zip(raws).enumerate() {
        if let (Some(r), true) = (r, wsum > 0.0) {
            norm_w[i] = w / wsum;
            exact[i] = 10_000.0 * norm_w[i] * r;
        }
    }
    (norm_w, exact)
}

/// The total in hundredths before knock-outs, without building the explanation: what ranking
/// computes for every resume.
pub(crate) fn fast_total<F: Facts + ?Sized>(
    job: &PreparedJob,
    cand: &F,
    relevance: f64,
    semantic: Option<f64>,
) -> i64 {
    let raws = raw_components(job, cand, relevance, semantic);
    let (_, exact) = exact_points(job, &raws);
    apportioned_sum(&exact)
}

/// The sum of [`apportion`]'s parts without apportioning: the floors plus the hundredths
/// handed out (at most one per component).
fn apportioned_sum(exact: &[f64; 7]) -> i64 {
    let total = exact.iter().sum::<f64>().round() as i64;
    let floors: i64 = exact.iter().map(|x| x.floor() as i64).sum();
    floors + (total - floors).clamp(0, 7)
}

fn skill_outcome(
    job_skill: &JobSkill,
    cand: &Candidate,
    tax: Option<&crate::taxonomy::Taxonomy>,
) -> SkillOutcome {
    let mut out = SkillOutcome {
        id: job_skill.id.clone(),
        name: job_skill.name.clone(),
        name_zh: job_skill.name_zh.clone(),
        required: job_skill.required,
        credit: 0.0,
        via: None,
        evidence: Vec::new(),
    };
    if let Some(ev) = cand.skills.get(&job_skill.id) {
        out.credit = 1.0;
        out.evidence = ev.clone();
        return out;
    }
    if let Some(name) = job_skill.id.strip_prefix("name:") {
        if cand.skill_names.iter().any(|n| n == name) {
            out.credit = 1.0;
        }
        return out;
    }
    // Partial credit: the best link from a resume skill; ties go to the smaller id.
    for (id, ev) in &cand.skills {
        if let Some((rel, w)) = job_skill.near.get(id) {
            if *w > out.credit {
                out.credit = *w;
                out.evidence = ev.clone();
                out.via = Some(Via {
                    id: id.clone(),
                    name: tax
                        .and_then(|t| t.get(id))
                        .map_or(id.clone(), |s| s.name.clone()),
                    relation: rel.name().to_string(),
                    weight: *w,
                });
            }
        }
    }
    out
}

/// Text relevance of a single job–resume pair: BM25 with every term given the same IDF and
/// the resume's own length as the average length (no corpus to take statistics from).
pub fn pair_relevance(job: &PreparedJob, cand: &Candidate) -> f64 {
    text::relevance(
        &job.query,
        &cand.terms,
        f64::from(cand.length),
        f64::from(cand.length),
        |_| 1.0,
    )
}

/// Distributes `exact` hundredths so that the rounded parts add up to the rounded sum
/// (largest remainder, ties to the earlier component).
fn apportion(exact: &[f64; 7]) -> [i64; 7] {
    let total = exact.iter().sum::<f64>().round() as i64;
    let mut parts = [0i64; 7];
    for (p, x) in parts.iter_mut().zip(exact) {
        *p = x.floor() as i64;
    }
    let mut short = total - parts.iter().sum::<i64>();
    let mut order = [0usize, 1, 2, 3, 4, 5, 6];
    order.sort_by(|&a, &b| {
        let ra = exact.get(a).map_or(0.0, |x| x - x.floor());
        let rb = exact.get(b).map_or(0.0, |x| x - x.floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for i in order {
        if short <= 0 {
            break;
        }
        if let Some(p) = parts.get_mut(i) {
            *p += 1;
            short -= 1;
        }
    }
    parts
}

/// Scores `cand` against `job`. `relevance` is the text relevance 0–1 (see [`pair_relevance`]
/// and the index); `semantic` an externally computed similarity 0–1, when there is one (the
/// hook for sentence embeddings: the component is absent without it).
pub fn match_resume(
    job: &PreparedJob,
    cand: &Candidate,
    relevance: f64,
    semantic: Option<f64>,
    taxonomy: Option<&crate::taxonomy::Taxonomy>,
) -> MatchResult {
    let kos = knockouts(job, cand);
    let passed = kos.iter().all(|k| k.passed);
    let mut gaps: Vec<Gap> = Vec::new();

    // Skills.
    let outcomes: Vec<SkillOutcome> = job
        .skills
        .iter()
        .map(|s| skill_outcome(s, cand, taxonomy))
        .collect();
    for o in &outcomes {
        if o.credit < 1.0 {
            let how_en = o.via.as_ref().map_or(String::new(), |v| {
                format!(
                    " (partial credit through {} {}, ×{})",
                    v.relation, v.name, v.weight
                )
            });
            let how_zh = o.via.as_ref().map_or(String::new(), |v| {
                format!(
                    "（通过{}技能 {} 获部分分，×{}）",
                    relation_zh(&v.relation),
                    v.name,
                    v.weight
                )
            });
            gaps.push(Gap {
                kind: "skill".into(),
                item: o.id.clone(),
                required: o.required,
                expected: json!(o.name),
                actual: o.via.as_ref().map_or(Value::Null, |v| json!(v.id)),
                shortfall: round(1.0 - o.credit, 4),
                en: format!(
                    "{} skill {} not shown{how_en}",
                    if o.required { "Required" } else { "Preferred" },
                    o.name
                ),
                zh: format!(
                    "未体现{}技能：{}{how_zh}",
                    if o.required { "必需" } else { "加分" },
                    o.name_zh
                ),
            });
        }
    }
    let n_req = outcomes.iter().filter(|o| o.required).count();
    let n_req_ok = outcomes
        .iter()
        .filter(|o| o.required && o.credit >= 1.0)
        .count();
    let n_pref = outcomes.len() - n_req;
    let n_pref_ok = outcomes
        .iter()
        .filter(|o| !o.required && o.credit >= 1.0)
        .count();
    let n_partial = outcomes
        .iter()
        .filter(|o| o.credit > 0.0 && o.credit < 1.0)
        .count();
    let skills_detail = (
        format!("{n_req_ok}/{n_req} required and {n_pref_ok}/{n_pref} preferred skills matched, {n_partial} partially"),
        format!("必需技能匹配{n_req_ok}/{n_req}，加分技能匹配{n_pref_ok}/{n_pref}，部分匹配{n_partial}项"),
    );

    // Experience.
    let (_, exp_detail) = match (job.min_years, job.max_years) {
        (None, None) | (Some(0.0), None) => (None, (String::new(), String::new())),
        (min, max) => {
            let m = min.unwrap_or(0.0);
            match cand.years {
                Some(y) => {
                    if y + 1e-9 < m {
                        gaps.push(Gap {
                            kind: "experience".into(),
                            item: "years_experience".into(),
                            required: true,
                            expected: json!(m),
                            actual: json!(round(y, 2)),
                            shortfall: round(m - y, 2),
                            en: format!(
                                "{:.1} years of experience, {:.1} short of the {m} asked",
                                y,
                                m - y
                            ),
                            zh: format!("工作年限{:.1}年，距要求的{m}年还差{:.1}年", y, m - y),
                        });
                    }
                    (
                        Some(experience_curve(y, m, max)),
                        (
                            format!("{:.1} years against a minimum of {m}", y),
                            format!("工作年限{:.1}年，要求至少{m}年", y),
                        ),
                    )
                }
                None => {
                    gaps.push(Gap {
                        kind: "experience".into(),
                        item: "years_experience".into(),
                        required: true,
                        expected: json!(m),
                        actual: Value::Null,
                        shortfall: round(m, 2),
                        en: "years of experience could not be read from the resume".into(),
                        zh: "简历中无法确定工作年限".into(),
                    });
                    (
                        Some(0.0),
                        ("years of experience unknown".into(), "工作年限未知".into()),
                    )
                }
            }
        }
    };

    // Education.
    let (_, edu_detail) = if job.degree.is_none() && job.majors.is_empty() {
        (None, (String::new(), String::new()))
    } else {
        let deg = job.degree.map(|w| {
            let c = degree_credit(cand.degree, w);
            if c < 1.0 {
                gaps.push(Gap {
                    kind: "degree".into(),
                    item: degree_name(w).into(),
                    required: true,
                    expected: json!(degree_name(w)),
                    actual: degree_json(cand.degree),
                    shortfall: f64::from(cand.degree.map_or(w as i32 + 1, |d| w as i32 - d as i32)),
                    en: format!(
                        "a {} degree or above is asked; the resume shows {}",
                        degree_name(w),
                        cand.degree.map_or("none", degree_name)
                    ),
                    zh: format!(
                        "要求{}及以上学历，简历为{}",
                        degree_zh(w),
                        cand.degree.map_or("未知", degree_zh)
                    ),
                });
            }
            c
        });
        let maj = (!job.majors.is_empty()).then(|| {
            let ok = major_match(cand, &job.majors);
            if !ok {
                gaps.push(Gap {
                    kind: "major".into(),
                    item: job.majors.join("/"),
                    required: true,
                    expected: json!(job.majors),
                    actual: json!(cand.majors),
                    shortfall: 1.0,
                    en: format!("major not among {}", job.majors.join(", ")),
                    zh: format!("专业不在{}之列", job.majors.join("、")),
                });
            }
            if ok {
                1.0
            } else {
                0.0
            }
        });
        let raw = match (deg, maj) {
            (Some(d), Some(m)) => 0.7 * d + 0.3 * m,
            (Some(d), None) => d,
            (None, Some(m)) => m,
            (None, None) => 0.0,
        };
        (
            Some(raw),
            (
                format!(
                    "degree {} (asked {}), major {}",
                    cand.degree.map_or("unknown", degree_name),
                    job.degree.map_or("any", degree_name),
                    if maj == Some(1.0) {
                        "matches"
                    } else if maj.is_some() {
                        "does not match"
                    } else {
                        "not asked"
                    }
                ),
                format!(
                    "学历{}（要求{}），专业{}",
                    cand.degree.map_or("未知", degree_zh),
                    job.degree.map_or("不限", degree_zh),
                    if maj == Some(1.0) {
                        "符合"
                    } else if maj.is_some() {
                        "不符"
                    } else {
                        "不限"
                    }
                ),
            ),
        )
    };

    // Languages and certifications.
    let (mut ok_items, mut n_items) = (0usize, 0usize);
    for l in &job.languages {
        let (c, have) = lang_credit(cand, &l.code, l.level);
        n_items += 1;
        if c >= 1.0 {
            ok_items += 1;
        } else {
            gaps.push(Gap {
                kind: "language".into(),
                item: l.label.clone(),
                required: l.required,
                expected: json!(l.label),
                actual: have.map_or(Value::Null, |h| json!(h)),
                shortfall: round(1.0 - c, 4),
                en: format!(
                    "language {} not shown{}",
                    l.label,
                    if c > 0.0 { " at that level" } else { "" }
                ),
                zh: format!(
                    "未体现语言要求：{}{}",
                    l.label,
                    if c > 0.0 {
                        "（水平不足或未注明）"
                    } else {
                        ""
                    }
                ),
            });
        }
    }
    for c in &job.certs {
        let held = cert_held(cand, &c.key, c.code.as_deref());
        n_items += 1;
        if held {
            ok_items += 1;
        } else {
            gaps.push(Gap {
                kind: "certification".into(),
                item: c.code.clone().unwrap_or_else(|| c.name.clone()),
                required: c.required,
                expected: json!(c.name),
                actual: Value::Null,
                shortfall: 1.0,
                en: format!("certification {} not shown", c.name),
                zh: format!("未体现证书：{}", c.name),
            });
        }
    }
    let lc_detail = (
        format!("{ok_items}/{n_items} languages and certifications met"),
        format!("语言与证书满足{ok_items}/{n_items}项"),
    );

    // Competency evidence.
    let mut shown = 0usize;
    for (id, w) in &job.competencies {
        let n = cand.competencies.get(id).copied().unwrap_or(0);
        if n > 0 {
            shown += 1;
        } else {
            gaps.push(Gap {
                kind: "competency".into(),
                item: id.clone(),
                required: false,
                expected: json!(w),
                actual: json!(0),
                shortfall: 1.0,
                en: format!("no evidence of the competency {id}"),
                zh: format!("简历中未见胜任力“{id}”的证据"),
            });
        }
    }
    let comp_detail = (
        format!(
            "evidence for {shown}/{} weighted competencies (two mentions = full credit)",
            job.competencies.len()
        ),
        format!(
            "{shown}/{}项胜任力有证据（两处提及得满分）",
            job.competencies.len()
        ),
    );

    // Text relevance and semantic similarity.
    let rel_detail = (
        "BM25 relevance of the resume text to the job text, normalised by its upper bound"
            .to_string(),
        "简历文本与职位文本的BM25相关度（按上界归一）".to_string(),
    );
    let sem_detail = (
        "similarity supplied with the request (sentence embeddings)".to_string(),
        "请求提供的语义相似度（句向量）".to_string(),
    );

    // Location gap (not scored).
    if !job.locations.is_empty()
        && !cand
            .city
            .as_ref()
            .is_some_and(|c| job.locations.contains(c))
    {
        gaps.push(Gap {
            kind: "location".into(),
            item: job.locations.join("/"),
            required: false,
            expected: json!(job.locations),
            actual: cand.city.as_ref().map_or(Value::Null, |c| json!(c)),
            shortfall: 1.0,
            en: format!(
                "the job is in {}; the resume gives {}",
                job.locations.join("/"),
                cand.city.as_deref().unwrap_or("no city")
            ),
            zh: format!(
                "工作地点为{}，简历所在地为{}",
                job.locations.join("/"),
                cand.city.as_deref().unwrap_or("未知")
            ),
        });
    }

    let numbers = raw_components(job, cand, relevance, semantic);
    let details = [
        skills_detail,
        exp_detail,
        edu_detail,
        lc_detail,
        comp_detail,
        rel_detail,
        sem_detail,
    ];
    let raws: Vec<(Option<f64>, (String, String))> = numbers.iter().copied().zip(details).collect();
    let (norm_w, cents) = points(job, &numbers);
    let components: Vec<ComponentScore> = COMPONENTS
        .iter()
        .zip(raws)
        .zip(norm_w.iter().zip(&cents))
        .map(|((id, (raw, (en, zh))), (w, c))| {
            let pts = *c as f64 / 100.0;
            ComponentScore {
                id: (*id).to_string(),
                applicable: raw.is_some(),
                raw: round(raw.unwrap_or(0.0), 4),
                weight: round(*w, 4),
                points: if passed { pts } else { 0.0 },
                points_if_passed: pts,
                detail_en: if raw.is_some() {
                    en
                } else {
                    "not asked by the job".into()
                },
                detail_zh: if raw.is_some() {
                    zh
                } else {
                    "职位未要求".into()
                },
            }
        })
        .collect();
    let total_cents: i64 = if passed { cents.iter().sum() } else { 0 };
    let total = total_cents as f64 / 100.0;
    gaps.sort_by_key(|g| std::cmp::Reverse(g.required));
    let failed: Vec<&KnockoutOutcome> = kos.iter().filter(|k| !k.passed).collect();
    let (summary_en, summary_zh) = if failed.is_empty() {
        (
            format!(
                "Fit {total:.2}/100: {n_req_ok} of {n_req} required skills, {} gaps",
                gaps.len()
            ),
            format!(
                "匹配度{total:.2}/100：必需技能{n_req_ok}/{n_req}，差距{}项",
                gaps.len()
            ),
        )
    } else {
        (
            format!(
                "Screened out (score 0): {}",
                failed
                    .iter()
                    .map(|k| k.reason_en.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            format!(
                "未通过硬性条件（0分）：{}",
                failed
                    .iter()
                    .map(|k| k.reason_zh.as_str())
                    .collect::<Vec<_>>()
                    .join("；")
            ),
        )
    };
    let mut matched = Vec::new();
    let mut partial = Vec::new();
    let mut missing = Vec::new();
    for o in outcomes {
        if o.credit >= 1.0 {
            matched.push(o);
        } else if o.credit > 0.0 {
            partial.push(o);
        } else {
            missing.push(o);
        }
    }
    MatchResult {
        id: cand.id.clone(),
        total,
        knockout_passed: passed,
        knockouts: kos,
        components,
        explanation: Explanation {
            matched,
            partial,
            missing,
            gaps,
            summary_en,
            summary_zh,
        },
    }
}

fn relation_zh(r: &str) -> &'static str {
    match r {
        "child" => "下位",
        "parent" => "上位",
        _ => "相关",
    }
}
