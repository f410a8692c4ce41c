//! A job validated and precomputed for matching ([`PreparedJob`]), and a resume reduced to what
//! matching reads ([`Candidate`]): sorted skill ids with evidence, years, degree, majors,
//! languages, certificate codes, competency evidence counts, city, BM25 term counts.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::job::{degree_name, lang_code};
use super::{collect, invalid, text, Weights};
use crate::error::Result;
use crate::schema::{DegreeLevel, JobProfile, KnockoutOp, Resume, Span};
use crate::taxonomy::{Relation, Taxonomy};

/// A job skill with its partial-credit neighbours.
#[derive(Debug, Clone)]
pub(crate) struct JobSkill {
    /// Taxonomy id, or `name:<normalised name>` for a skill outside the taxonomy.
    pub id: String,
    pub name: String,
    pub name_zh: String,
    pub weight: f64,
    pub required: bool,
    /// Neighbour id → (relation, weight), sorted by id.
    pub near: BTreeMap<String, (Relation, f64)>,
    /// [`skill_key`] of `id`.
    pub key: u64,
    /// (`skill_key`, weight) of the neighbours, sorted by key, for a merge with
    /// [`Candidate::skill_keys`].
    pub near_keys: Vec<(u64, f64)>,
}

/// A 64-bit FNV-1a key of a skill id: ranking compares sorted keys instead of strings. (Two of
/// 200,000 ids share a key with probability about 1e-9; the explanation compares the ids.)
pub(crate) fn skill_key(id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A language requirement on a common scale.
#[derive(Debug, Clone)]
pub(crate) struct LangReq {
    pub code: String,
    pub label: String,
    /// Level on the scale of [`language_level`]; `None`: any knowledge of the language.
    pub level: Option<f64>,
    pub required: bool,
}

/// A certification requirement.
#[derive(Debug, Clone)]
pub(crate) struct CertReq {
    /// `name`, normalised.
    pub key: String,
    pub name: String,
    pub code: Option<String>,
    pub required: bool,
}

/// What a knock-out tests, resolved once per job.
#[derive(Debug, Clone)]
pub(crate) enum Check {
    Years(KnockoutOp, f64),
    Degree(KnockoutOp, Vec<DegreeLevel>),
    Cert(String, Option<String>),
    Lang(String, Option<f64>),
    Skill(String),
    City(Vec<String>),
}

/// A knock-out rule, checked.
#[derive(Debug, Clone)]
pub(crate) struct Knockout {
    pub id: String,
    pub field: String,
    pub check: Check,
    pub reason_en: String,
    pub reason_zh: String,
}

fn check_of(field: &str, op: KnockoutOp, value: &Value) -> Check {
    let strings = || -> Vec<&str> {
        match value {
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            v => v.as_str().into_iter().collect(),
        }
    };
    match field {
        "years_experience" => Check::Years(op, value.as_f64().unwrap_or(0.0)),
        "degree" => Check::Degree(op, strings().into_iter().filter_map(degree_level).collect()),
        "certification" => {
            let name = value.as_str().unwrap_or("").to_string();
            let code = cert_code(&name);
            Check::Cert(norm(&name), code)
        }
        "language" => {
            let v = value.as_str().unwrap_or("");
            Check::Lang(lang_code(v).unwrap_or("").to_string(), language_level(v))
        }
        "skill" => Check::Skill(value.as_str().unwrap_or("").to_string()),
        _ => Check::City(strings().into_iter().map(norm).collect()),
    }
}

/// A job validated and precomputed for matching; build once, score many resumes.
#[derive(Debug, Clone)]
pub struct PreparedJob {
    /// The job as given.
    pub profile: JobProfile,
    pub(crate) skills: Vec<JobSkill>,
    pub(crate) min_years: Option<f64>,
    pub(crate) max_years: Option<f64>,
    pub(crate) degree: Option<DegreeLevel>,
    pub(crate) majors: Vec<String>,
    pub(crate) languages: Vec<LangReq>,
    pub(crate) certs: Vec<CertReq>,
    pub(crate) locations: Vec<String>,
    pub(crate) knockouts: Vec<Knockout>,
    pub(crate) competencies: Vec<(String, f64)>,
    pub(crate) query: text::TermCounts,
    /// The weights in force (defaults, the job's `extra.match_weights`, the request's).
    pub weights: Weights,
    /// `weights` in [`super::COMPONENTS`] order.
    pub(crate) component_weights: [f64; 7],
}

/// A resume reduced to what matching reads.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    /// The id the caller gave (or the resume's `id`).
    pub id: String,
    /// Skill id → evidence spans in the resume text; ids sorted.
    pub(crate) skills: BTreeMap<String, Vec<Span>>,
    /// Normalised names of skills the taxonomy did not recognise.
    pub(crate) skill_names: Vec<String>,
    pub(crate) years: Option<f64>,
    pub(crate) degree: Option<DegreeLevel>,
    pub(crate) majors: Vec<String>,
    /// (language code, level or None).
    pub(crate) languages: Vec<(String, Option<f64>)>,
    pub(crate) cert_codes: Vec<String>,
    pub(crate) cert_names: Vec<String>,
    pub(crate) competencies: BTreeMap<String, u32>,
    pub(crate) city: Option<String>,
    #[serde(default, skip_serializing_if = "text::TermCounts::is_empty")]
    pub(crate) terms: text::TermCounts,
    pub(crate) length: u32,
    /// [`skill_key`] of every id in `skills`, sorted.
    #[serde(skip)]
    pub(crate) skill_keys: Vec<u64>,
}

impl Candidate {
    /// Fills the derived fields (after building or reading).
    pub(crate) fn finish(mut self) -> Candidate {
        let mut keys: Vec<u64> = self.skills.keys().map(|k| skill_key(k)).collect();
        keys.sort_unstable();
        keys.dedup();
        self.skill_keys = keys;
        self
    }
}

pub(crate) fn norm(s: &str) -> String {
    crate::taxonomy::normalize(s)
        .trim()
        .trim_end_matches('市')
        .to_string()
}

/// A language level on one scale: 2–9 (CET-4 4, CET-6 6, TEM-4 7, TEM-8 8, IELTS 6.5 7,
/// TOEFL 90 7, JLPT N2 6, "fluent" 7, "native" 9). `None` when nothing is recognised.
pub(crate) fn language_level(s: &str) -> Option<f64> {
    let l = s.to_lowercase();
    let num = || -> Option<f64> {
        let digits: String = l
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        digits.parse().ok()
    };
    if l.contains("cet") || l.contains("英语四级") || l.contains("英语六级") {
        let n = num().unwrap_or(if l.contains('六') { 6.0 } else { 4.0 });
        return Some(if n >= 6.0 { 6.0 } else { 4.0 });
    }
    if l.contains("tem") || l.contains("专业") {
        let n = num().unwrap_or(if l.contains('八') { 8.0 } else { 4.0 });
        return Some(if n >= 8.0 { 8.0 } else { 7.0 });
    }
    if l.contains("ielts") || l.contains("雅思") {
        let n = num()?;
        return Some(match n {
            x if x >= 7.0 => 8.0,
            x if x >= 6.5 => 7.0,
            x if x >= 6.0 => 6.0,
            x if x >= 5.5 => 5.0,
            _ => 4.0,
        });
    }
    if l.contains("toefl") || l.contains("托福") {
        let n = num()?;
        return Some(match n {
            x if x >= 100.0 => 8.0,
            x if x >= 90.0 => 7.0,
            x if x >= 80.0 => 6.0,
            _ => 4.0,
        });
    }
    if l.contains("jlpt") || l.contains("日语") && l.contains('n') {
        let n = num()?;
        return Some(match n as u32 {
            1 => 8.0,
            2 => 6.0,
            3 => 4.0,
            4 => 3.0,
            _ => 2.0,
        });
    }
    for (w, v) in [
        ("native", 9.0),
        ("母语", 9.0),
        ("bilingual", 8.0),
        ("精通", 8.0),
        ("fluent", 7.0),
        ("流利", 7.0),
        ("business", 7.0),
        ("proficient", 7.0),
        ("熟练", 6.0),
        ("good", 6.0),
        ("良好", 6.0),
        ("intermediate", 5.0),
        ("basic", 3.0),
        ("一般", 3.0),
    ] {
        if l.contains(w) {
            return Some(v);
        }
    }
    None
}

/// A certificate's code when `name` is one or names one (`证券从业资格` → `securities_qualification`).
pub(crate) fn cert_code(name: &str) -> Option<String> {
    let n = name.trim();
    if !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_') && n.len() > 2 {
        return Some(n.to_string());
    }
    let out = crate::resume::parse_resume(
        format!("证书\n{n}").as_bytes(),
        &crate::resume::ParseOptions {
            format: Some(crate::resume::Format::Txt),
            ..Default::default()
        },
    )
    .ok()?;
    out.resume
        .certifications
        .first()
        .and_then(|c| c.extra.get("code"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn num_value(v: &Value) -> Option<f64> {
    v.as_f64().filter(|x| x.is_finite())
}

/// Validates `job` and precomputes what matching reads.
///
/// Errors ([`crate::Error::InvalidArgument`], named from `path`, e.g. `/job`): an empty job
/// (no skill, degree, years, language, certification, location, knock-out, competency or
/// description), years that are negative, not finite, above 60 or below the minimum, a skill
/// weight that is negative or not finite, an unknown taxonomy id, a knock-out on an unknown
/// field, with an operator the field does not take, on a skill the job does not list, or on a
/// degree that is not a degree level; competency weights that are not numbers ≥ 0.
pub fn prepare_job(
    job: &JobProfile,
    taxonomy: &Taxonomy,
    weights: Option<&Weights>,
    path: &str,
) -> Result<PreparedJob> {
    let mut problems: Vec<(String, String)> = Vec::new();
    let r = &job.requirements;
    let rp = format!("{path}/requirements");
    let min_years = match r.min_years_experience {
        Some(y) if !(y.is_finite() && (0.0..=60.0).contains(&y)) => {
            problems.push((
                format!("{rp}/min_years_experience"),
                "a number of years from 0 to 60".into(),
            ));
            None
        }
        other => other,
    };
    let max_years = match r.extra.get("max_years_experience") {
        None | Some(Value::Null) => None,
        Some(v) => match num_value(v) {
            Some(y) if (0.0..=60.0).contains(&y) => {
                if min_years.is_some_and(|m| m > y) {
                    problems.push((
                        format!("{rp}/max_years_experience"),
                        format!(
                            "at least min_years_experience ({}); the range is contradictory",
                            min_years.unwrap_or(0.0)
                        ),
                    ));
                }
                Some(y)
            }
            _ => {
                problems.push((
                    format!("{rp}/max_years_experience"),
                    "a number of years from 0 to 60".into(),
                ));
                None
            }
        },
    };
    let mut skills: Vec<JobSkill> = Vec::new();
    for (i, s) in r.skills.iter().enumerate() {
        let sp = format!("{rp}/skills/{i}");
        if !(s.weight.is_finite() && s.weight >= 0.0) {
            problems.push((format!("{sp}/weight"), "a finite number ≥ 0".into()));
            continue;
        }
        let id = match &s.taxonomy_id {
            Some(id) => {
                if taxonomy.get(id).is_none() {
                    problems.push((
                        format!("{sp}/taxonomy_id"),
                        format!(
                            "an id of the skill taxonomy (version {}); {id:?} is not one",
                            taxonomy.version()
                        ),
                    ));
                    continue;
                }
                id.clone()
            }
            None => {
                if s.name.trim().is_empty() {
                    problems.push((format!("{sp}/name"), "a non-empty skill name".into()));
                    continue;
                }
                match taxonomy.lookup(&s.name).into_iter().find(|h| {
                    matches!(
                        h.how,
                        crate::taxonomy::How::Exact | crate::taxonomy::How::Alias
                    )
                }) {
                    Some(h) => h.id,
                    None => format!("name:{}", norm(&s.name)),
                }
            }
        };
        if skills.iter().any(|k| k.id == id) {
            continue;
        }
        let (name, name_zh) = match taxonomy.get(&id) {
            Some(k) => (
                k.name.clone(),
                k.display_name(Some(crate::taxonomy::Lang::Zh)).to_string(),
            ),
            None => (s.name.clone(), s.name.clone()),
        };
        let near: BTreeMap<String, (Relation, f64)> = taxonomy
            .related(&id)
            .into_iter()
            .map(|rel| (rel.id, (rel.relation, rel.weight)))
            .collect();
        let mut near_keys: Vec<(u64, f64)> = near
            .iter()
            .map(|(k, (_, w)): (&String, &(Relation, f64))| (skill_key(k), *w))
            .collect();
        near_keys.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        skills.push(JobSkill {
            key: skill_key(&id),
            near_keys,
            id,
            name,
            name_zh,
            weight: s.weight,
            required: s.required,
            near,
        });
    }
    let majors: Vec<String> = r
        .majors
        .iter()
        .map(|m| norm(m))
        .filter(|m| !m.is_empty())
        .collect();
    let mut languages = Vec::new();
    for (i, l) in r.languages.iter().enumerate() {
        let probe = format!("{} {}", l.language, l.min_level.clone().unwrap_or_default());
        let Some(code) = lang_code(&l.language).or_else(|| lang_code(&probe)) else {
            problems.push((
                format!("{rp}/languages/{i}/language"),
                "a language (English, 英语, Japanese, 日语, …)".into(),
            ));
            continue;
        };
        let level = l.min_level.as_deref().and_then(language_level);
        if l.min_level.as_deref().is_some_and(|m| !m.trim().is_empty()) && level.is_none() {
            problems.push((format!("{rp}/languages/{i}/min_level"), "a level or test: CET-4, CET-6, TEM-8, IELTS 6.5, TOEFL 90, JLPT N2, fluent, native …".into()));
            continue;
        }
        let label = match &l.min_level {
            Some(m) => format!("{} {}", l.language, m),
            None => l.language.clone(),
        };
        languages.push(LangReq {
            code: code.to_string(),
            label,
            level,
            required: l.required,
        });
    }
    let mut certs: Vec<CertReq> = r
        .certifications
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| CertReq {
            key: norm(c),
            name: c.clone(),
            code: cert_code(c),
            required: true,
        })
        .collect();
    if let Some(Value::Array(pref)) = r.extra.get("preferred_certifications") {
        for c in pref.iter().filter_map(Value::as_str) {
            certs.push(CertReq {
                key: norm(c),
                name: c.to_string(),
                code: cert_code(c),
                required: false,
            });
        }
    }
    let locations: Vec<String> = r
        .locations
        .iter()
        .map(|l| norm(l))
        .filter(|l| !l.is_empty())
        .collect();
    let mut knockouts = Vec::new();
    for (i, k) in r.knockouts.iter().enumerate() {
        let kp = format!("{rp}/knockouts/{i}");
        let ok_ops: &[KnockoutOp] = match k.field.as_str() {
            "years_experience" => &[KnockoutOp::Gte, KnockoutOp::Lte, KnockoutOp::Eq],
            "degree" => &[KnockoutOp::Gte, KnockoutOp::Eq, KnockoutOp::In],
            "certification" | "language" | "skill" => &[KnockoutOp::Has],
            "location" => &[KnockoutOp::Eq, KnockoutOp::In],
            _ => {
                problems.push((
                    format!("{kp}/field"),
                    "one of years_experience, degree, certification, language, skill, location"
                        .into(),
                ));
                continue;
            }
        };
        if !ok_ops.contains(&k.op) {
            problems.push((format!("{kp}/op"), format!("an operator {} takes", k.field)));
            continue;
        }
        let (en, zh) = match k.field.as_str() {
            "years_experience" => match num_value(&k.value) {
                Some(n) if (0.0..=60.0).contains(&n) => (
                    format!("years of experience must be {} {n}", op_word(k.op)),
                    format!("工作年限须{}{n}年", op_word_zh(k.op)),
                ),
                _ => {
                    problems.push((
                        format!("{kp}/value"),
                        "a number of years from 0 to 60".into(),
                    ));
                    continue;
                }
            },
            "degree" => {
                let names: Vec<&str> = match &k.value {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if names.is_empty() || names.iter().any(|n| degree_level(n).is_none()) {
                    problems.push((
                        format!("{kp}/value"),
                        "a degree level: secondary, associate, bachelor, master, doctorate".into(),
                    ));
                    continue;
                }
                (
                    format!("the degree must be {} {}", op_word(k.op), names.join("/")),
                    format!(
                        "学历须{}{}",
                        op_word_zh(k.op),
                        names
                            .iter()
                            .filter_map(|n| degree_level(n))
                            .map(super::job::degree_zh)
                            .collect::<Vec<_>>()
                            .join("/")
                    ),
                )
            }
            "skill" => {
                let Some(id) = k.value.as_str() else {
                    problems.push((format!("{kp}/value"), "a skill's taxonomy id".into()));
                    continue;
                };
                match skills.iter().find(|s| s.id == id) {
                    Some(s) => (
                        format!("the job requires the skill {}", s.name),
                        format!("职位要求具备技能：{}", s.name_zh),
                    ),
                    None => {
                        problems.push((
                            format!("{kp}/value"),
                            format!("a skill listed in requirements.skills; {id:?} is not listed"),
                        ));
                        continue;
                    }
                }
            }
            "certification" => {
                let Some(c) = k.value.as_str().filter(|s| !s.trim().is_empty()) else {
                    problems.push((format!("{kp}/value"), "a certificate name or code".into()));
                    continue;
                };
                (
                    format!("the job requires the certification {c}"),
                    format!("职位要求持有{c}"),
                )
            }
            "language" => {
                let Some(c) = k.value.as_str().filter(|s| lang_code(s).is_some()) else {
                    problems.push((
                        format!("{kp}/value"),
                        "a language or test (English, CET-6, IELTS 6.5 …)".into(),
                    ));
                    continue;
                };
                (
                    format!("the job requires {c}"),
                    format!("职位要求语言：{c}"),
                )
            }
            _ => {
                let names: Vec<&str> = match &k.value {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if names.is_empty() {
                    problems.push((format!("{kp}/value"), "a city or an array of cities".into()));
                    continue;
                }
                (
                    format!("the job is located in {}", names.join("/")),
                    format!("工作地点限于{}", names.join("/")),
                )
            }
        };
        knockouts.push(Knockout {
            id: k.id.clone(),
            field: k.field.clone(),
            check: check_of(&k.field, k.op, &k.value),
            reason_en: k.reason_en.clone().unwrap_or(en),
            reason_zh: k.reason_zh.clone().unwrap_or(zh),
        });
    }
    let mut competencies = Vec::new();
    for (k, v) in &job.competency_weights {
        match num_value(v) {
            Some(w) if w >= 0.0 => {
                if w > 0.0 {
                    competencies.push((k.clone(), w));
                }
            }
            _ => problems.push((
                format!("{path}/competency_weights/{k}"),
                "a finite number ≥ 0".into(),
            )),
        }
    }
    let description = job.description.clone().unwrap_or_default();
    let weights_from_job = match job.extra.get("match_weights") {
        Some(w) => Weights::default().with_overrides(w, &format!("{path}/match_weights"))?,
        None => Weights::default(),
    };
    let weights = match weights {
        Some(w) => w.clone(),
        None => weights_from_job,
    };
    let has_description = !description.trim().is_empty();
    if skills.is_empty()
        && min_years.is_none()
        && r.degree.is_none()
        && majors.is_empty()
        && languages.is_empty()
        && certs.is_empty()
        && knockouts.is_empty()
        && competencies.is_empty()
        && !has_description
        && problems.is_empty()
    {
        problems.push((
            path.to_string(),
            "a job with at least one requirement (skills, years, degree, majors, languages, certifications, knock-outs, competency weights) or a description".into(),
        ));
    }
    collect(problems)?;
    let mut query_text = description;
    for s in &skills {
        query_text.push('\n');
        query_text.push_str(&s.name);
    }
    query_text.push('\n');
    query_text.push_str(&job.title);
    let (query, _) = text::term_counts(&query_text);
    Ok(PreparedJob {
        profile: job.clone(),
        skills,
        min_years,
        max_years,
        degree: r.degree,
        majors,
        languages,
        certs,
        locations,
        knockouts,
        competencies,
        query,
        component_weights: super::COMPONENTS.map(|c| weights.get(c)),
        weights,
    })
}

fn op_word(op: KnockoutOp) -> &'static str {
    match op {
        KnockoutOp::Gte => "at least",
        KnockoutOp::Lte => "at most",
        KnockoutOp::Eq => "exactly",
        KnockoutOp::In => "one of",
        KnockoutOp::Has => "",
    }
}

fn op_word_zh(op: KnockoutOp) -> &'static str {
    match op {
        KnockoutOp::Gte => "不低于",
        KnockoutOp::Lte => "不高于",
        KnockoutOp::Eq => "为",
        KnockoutOp::In => "为以下之一：",
        KnockoutOp::Has => "",
    }
}

/// A degree level from its snake_case name or a Chinese / English word.
pub(crate) fn degree_level(s: &str) -> Option<DegreeLevel> {
    Some(match s.trim().to_lowercase().as_str() {
        "secondary" | "高中" | "中专" => DegreeLevel::Secondary,
        "associate" | "大专" | "专科" => DegreeLevel::Associate,
        "bachelor" | "本科" | "学士" => DegreeLevel::Bachelor,
        "master" | "硕士" | "研究生" | "mba" => DegreeLevel::Master,
        "doctorate" | "博士" | "phd" => DegreeLevel::Doctorate,
        _ => return None,
    })
}

fn degree_of_text(s: &str) -> Option<DegreeLevel> {
    let l = s.to_lowercase();
    for (w, d) in [
        ("博士", DegreeLevel::Doctorate),
        ("phd", DegreeLevel::Doctorate),
        ("ph.d", DegreeLevel::Doctorate),
        ("doctor", DegreeLevel::Doctorate),
        ("硕士", DegreeLevel::Master),
        ("研究生", DegreeLevel::Master),
        ("master", DegreeLevel::Master),
        ("mba", DegreeLevel::Master),
        ("meng", DegreeLevel::Master),
        ("msc", DegreeLevel::Master),
        ("本科", DegreeLevel::Bachelor),
        ("学士", DegreeLevel::Bachelor),
        ("bachelor", DegreeLevel::Bachelor),
        ("bsc", DegreeLevel::Bachelor),
        ("大专", DegreeLevel::Associate),
        ("专科", DegreeLevel::Associate),
        ("associate", DegreeLevel::Associate),
    ] {
        if l.contains(w) {
            return Some(d);
        }
    }
    None
}

fn months_between(start: &str, end: &str) -> Option<f64> {
    let ym = |s: &str| -> Option<(i32, i32)> {
        let mut it = s.split('-');
        let y: i32 = it.next()?.parse().ok()?;
        let m: i32 = it.next().map_or(Some(1), |m| m.parse().ok())?;
        Some((y, m))
    };
    let (a, b) = (ym(start)?, ym(end)?);
    let months = (b.0 - a.0) * 12 + (b.1 - a.1);
    (months >= 0).then_some(f64::from(months))
}

/// Reduces a resume to what matching reads.
///
/// Years: `total_experience_years` (or `_months`) written by the resume parser, else the sum of
/// the positions with a start and an end date (`reference_date`, `YYYY-MM-DD`, ends current
/// ones). Skills: every `skills[].taxonomy_id`, plus names the taxonomy knows (exact or alias).
///
/// Errors: [`crate::Error::InvalidArgument`] `path` for a resume with neither text nor any
/// skill, position or school.
pub fn prepare_resume(
    resume: &Resume,
    id: &str,
    taxonomy: &Taxonomy,
    reference_date: Option<&str>,
    path: &str,
) -> Result<Candidate> {
    let raw = resume.raw_text.clone().unwrap_or_default();
    if raw.trim().is_empty()
        && resume.skills.is_empty()
        && resume.experience.is_empty()
        && resume.education.is_empty()
    {
        return Err(invalid(
            path,
            "a resume with text (raw_text) or structured content (skills, experience, education); this one is empty",
        ));
    }
    let mut skills: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    let mut skill_names = Vec::new();
    for s in &resume.skills {
        let id = match &s.taxonomy_id {
            Some(t) if taxonomy.get(t).is_some() => Some(t.clone()),
            _ => taxonomy
                .lookup(&s.name)
                .into_iter()
                .find(|h| {
                    matches!(
                        h.how,
                        crate::taxonomy::How::Exact | crate::taxonomy::How::Alias
                    )
                })
                .map(|h| h.id),
        };
        match id {
            Some(id) => skills
                .entry(id)
                .or_default()
                .extend(s.evidence.iter().cloned()),
            None => skill_names.push(norm(&s.name)),
        }
    }
    skill_names.sort();
    skill_names.dedup();
    let years = resume
        .extra
        .get("total_experience_years")
        .and_then(num_value)
        .or_else(|| {
            resume
                .extra
                .get("total_experience_months")
                .and_then(num_value)
                .map(|m| m / 12.0)
        })
        .or_else(|| {
            let reference = reference_date.and_then(|d| d.get(..7));
            let mut total = 0.0;
            let mut any = false;
            for e in &resume.experience {
                let (Some(s), end) = (
                    &e.start_date,
                    e.end_date.as_ref().map(|d| d.0.as_str()).or(reference),
                ) else {
                    continue;
                };
                if let Some(m) = end.and_then(|end| months_between(&s.0, end)) {
                    total += m;
                    any = true;
                }
            }
            any.then_some(total / 12.0)
        })
        .filter(|y| y.is_finite() && *y >= 0.0);
    let degree = resume
        .education
        .iter()
        .filter_map(|e| {
            e.degree
                .or_else(|| e.study_type.as_deref().and_then(degree_of_text))
        })
        .max();
    let majors = resume
        .education
        .iter()
        .filter_map(|e| e.area.as_deref())
        .map(norm)
        .filter(|m| !m.is_empty())
        .collect();
    let mut languages = Vec::new();
    for l in &resume.languages {
        let probe = format!("{} {}", l.language, l.test.clone().unwrap_or_default());
        let Some(code) = lang_code(&l.language).or_else(|| lang_code(&probe)) else {
            continue;
        };
        let mut level: Option<f64> = None;
        for s in [
            l.test
                .as_ref()
                .map(|t| format!("{t} {}", l.score.clone().unwrap_or_default())),
            l.fluency.clone(),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(v) = language_level(&s) {
                level = Some(level.map_or(v, |o: f64| o.max(v)));
            }
        }
        languages.push((code.to_string(), level));
    }
    let cert_codes = {
        let mut v: Vec<String> = resume
            .certifications
            .iter()
            .filter_map(|c| {
                c.extra
                    .get("code")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let cert_names = resume
        .certifications
        .iter()
        .map(|c| norm(&c.name))
        .collect();
    let mut competencies = BTreeMap::new();
    if let Some(Value::Array(list)) = resume.extra.get("competency_evidence") {
        for e in list {
            if let Some(id) = e["id"].as_str() {
                let n = e["evidence"].as_array().map_or(0, Vec::len) as u32;
                competencies.insert(id.to_string(), n);
            }
        }
    }
    let city = resume
        .basics
        .location
        .as_ref()
        .and_then(|l| l.city.as_deref())
        .map(norm)
        .filter(|c| !c.is_empty());
    let mut body = raw;
    if body.trim().is_empty() {
        // Structured-only resume: match against its fields.
        let v = serde_json::to_value(resume).unwrap_or(Value::Null);
        let mut parts = Vec::new();
        collect_strings(&v, &mut parts);
        body = parts.join("\n");
    }
    let (terms, length) = text::term_counts(&body);
    Ok(Candidate {
        id: id.to_string(),
        skills,
        skill_names,
        years,
        degree,
        majors,
        languages,
        cert_codes,
        cert_names,
        competencies,
        city,
        terms,
        length,
        skill_keys: Vec::new(),
    }
    .finish())
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

pub(crate) fn degree_json(d: Option<DegreeLevel>) -> Value {
    d.map_or(Value::Null, |d| json!(degree_name(d)))
}

/// The text a sentence-embedding model reads for a job: title, description, then the skills
/// (required first, English and Chinese names).
pub(crate) fn semantic_job_text(job: &PreparedJob) -> String {
    let mut out = job.profile.title.clone();
    if let Some(d) = job
        .profile
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        out.push('\n');
        out.push_str(d);
    }
    let mut skills: Vec<&JobSkill> = job.skills.iter().collect();
    skills.sort_by_key(|s| !s.required);
    for s in skills {
        out.push('\n');
        out.push_str(&s.name);
        if !s.name_zh.is_empty() && s.name_zh != s.name {
            out.push(' ');
            out.push_str(&s.name_zh);
        }
    }
    out
}

/// The text a sentence-embedding model reads for a resume: its raw text when it has one, else
/// its structured content (experience, education, skills, certifications) as lines.
pub(crate) fn semantic_resume_text(resume: &Resume) -> String {
    if let Some(t) = resume.raw_text.as_deref().filter(|t| !t.trim().is_empty()) {
        return t.to_string();
    }
    let mut lines: Vec<String> = Vec::new();
    for e in &resume.experience {
        let head: Vec<&str> = [e.title.as_deref(), e.organization.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !head.is_empty() {
            lines.push(head.join(" "));
        }
        lines.extend(e.description.iter().cloned());
        lines.extend(e.highlights.iter().cloned());
    }
    for e in &resume.education {
        let parts: Vec<&str> = [
            e.institution.as_deref(),
            e.area.as_deref(),
            e.study_type.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !parts.is_empty() {
            lines.push(parts.join(" "));
        }
    }
    if !resume.skills.is_empty() {
        lines.push(
            resume
                .skills
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    for c in &resume.certifications {
        lines.push(c.name.clone());
    }
    lines.join("\n")
}
