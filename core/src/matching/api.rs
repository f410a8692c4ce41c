//! The JSON entry points of matching (request/response shapes in `docs/matching.md`).

use base64::Engine as _;
use serde_json::{json, Map, Value};

use super::index::{Filters, Index};
use super::job::{parse_job, JobParseOptions};
use super::learn::{learn_weights, LearnOptions, Outcome};
use super::prepare::{
    prepare_job, prepare_resume, semantic_job_text, semantic_resume_text, PreparedJob,
};
use super::score::{match_resume, pair_relevance};
use super::{invalid, Weights};
use crate::error::{Error, Result};
use crate::schema::{JobProfile, Resume};
use crate::semantic;
use crate::taxonomy::{Chosen, Lang};
use std::collections::BTreeMap;

/// Most resumes one `rank` or `index_build` request may carry.
pub const MAX_RESUMES_PER_REQUEST: usize = 100_000;

fn object<'a>(v: &'a Value, name: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| invalid(name, "an object"))
}

fn only(req: &Map<String, Value>, allowed: &[&str], path: &str, what: &str) -> Result<()> {
    match req.keys().find(|k| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(invalid(
            &format!("{path}/{k}"),
            format!("no such field in {what}; allowed: {}", allowed.join(", ")),
        )),
    }
}

fn opt_str<'a>(req: &'a Map<String, Value>, key: &str, path: &str) -> Result<Option<&'a str>> {
    match req.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(&format!("{path}/{key}"), "a string")),
    }
}

fn lang(req: &Map<String, Value>, path: &str) -> Result<Option<Lang>> {
    match opt_str(req, "lang", path)? {
        None => Ok(None),
        Some("zh") => Ok(Some(Lang::Zh)),
        Some("en") => Ok(Some(Lang::En)),
        Some(other) => Err(invalid(
            &format!("{path}/lang"),
            format!("zh or en; got {other:?}"),
        )),
    }
}

pub(crate) fn taxonomy(req: &Map<String, Value>) -> Result<Chosen> {
    crate::taxonomy::from_request(req, "taxonomy", "taxonomy_extension")?.ok_or_else(|| {
        invalid(
            "/taxonomy",
            "a taxonomy (true, an object or CSV text); matching needs one",
        )
    })
}

pub(crate) fn reference_date(req: &Map<String, Value>) -> Result<Option<String>> {
    let d = opt_str(req, "reference_date", "")?;
    if let Some(d) = d {
        let parts: Vec<&str> = d.split('-').collect();
        let num = |i: usize| parts.get(i).and_then(|p| p.parse::<i32>().ok());
        let ok = d.len() == 10
            && parts.len() == 3
            && match (
                num(0),
                num(1).and_then(|m| u8::try_from(m).ok()),
                num(2).and_then(|x| u8::try_from(x).ok()),
            ) {
                (Some(y), Some(m), Some(day)) => time::Month::try_from(m)
                    .ok()
                    .and_then(|m| time::Date::from_calendar_date(y, m, day).ok())
                    .is_some(),
                _ => false,
            };
        if !ok {
            return Err(invalid("/reference_date", "a date YYYY-MM-DD"));
        }
    }
    Ok(d.map(str::to_string))
}

/// `job_parse`: `{"text", "lang"?: "zh"|"en", "id"?, "title"?, "taxonomy"?, "taxonomy_extension"?}`
/// → the [`JobProfile`] JSON (see [`parse_job`]).
pub fn job_parse_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    only(
        req,
        &[
            "text",
            "lang",
            "id",
            "title",
            "taxonomy",
            "taxonomy_extension",
        ],
        "",
        "a job_parse request",
    )?;
    let tax = taxonomy(req)?;
    let job = job_from_text(req, "", &tax)?;
    serde_json::to_value(&job).map_err(|e| Error::Internal(e.to_string()))
}

fn job_from_text(req: &Map<String, Value>, path: &str, tax: &Chosen) -> Result<JobProfile> {
    let text = match req.get("text") {
        Some(Value::String(s)) => s.as_str(),
        _ => {
            return Err(invalid(
                &format!("{path}/text"),
                "the job description as a string",
            ))
        }
    };
    let options = JobParseOptions {
        lang: lang(req, path)?,
        id: opt_str(req, "id", path)?.map(str::to_string),
        title: opt_str(req, "title", path)?.map(str::to_string),
        taxonomy: Some(tax),
    };
    parse_job(text, &options).map_err(|e| match e {
        Error::InvalidArgument { expected, .. } => invalid(&format!("{path}/text"), expected),
        other => other,
    })
}

/// `v` with `"schema_version": 1` when it has none (matching reads current documents; older
/// ones go through `migrate` first).
fn with_version(v: &Value) -> Value {
    let mut v = v.clone();
    if let Value::Object(m) = &mut v {
        m.entry("schema_version")
            .or_insert(json!(crate::SCHEMA_VERSION));
    }
    v
}

/// The job of a request: a JobProfile object, or `{"text", "lang"?, "id"?, "title"?}`.
pub(crate) fn job_of(
    v: Option<&Value>,
    tax: &Chosen,
    overrides: Option<&Value>,
) -> Result<PreparedJob> {
    let v = v.ok_or_else(|| invalid("/job", "a job profile, or {\"text\": job description}"))?;
    let obj = object(v, "/job")?;
    let profile = if obj.contains_key("text") && !obj.contains_key("kind") {
        only(
            obj,
            &["text", "lang", "id", "title"],
            "/job",
            "a job given as text",
        )?;
        job_from_text(obj, "/job", tax)?
    } else {
        let v = &with_version(v);
        let report = crate::validate(v)?;
        if let Some(issue) = report.issues.first() {
            return Err(invalid(
                &format!("/job{}", issue.pointer),
                issue.message.clone(),
            ));
        }
        serde_json::from_value::<JobProfile>(v.clone())
            .map_err(|e| invalid("/job", format!("a job profile ({e})")))?
    };
    let mut weights = match profile.extra.get("match_weights") {
        Some(w) => Weights::default().with_overrides(w, "/job/match_weights")?,
        None => Weights::default(),
    };
    if let Some(o) = overrides {
        weights = weights.with_overrides(o, "/weights")?;
    }
    prepare_job(&profile, tax, Some(&weights), "/job")
}

/// A resume of a request: a Resume object (`"kind": "resume"`), or `{"text"}` parsed by
/// [`crate::resume`].
pub(crate) fn resume_of(
    v: &Value,
    path: &str,
    tax: &Chosen,
    reference: Option<&str>,
) -> Result<Resume> {
    let obj = object(v, path)?;
    if obj.contains_key("kind") {
        let v = &with_version(v);
        let report = crate::validate(v)?;
        if let Some(issue) = report.issues.first() {
            return Err(invalid(
                &format!("{path}{}", issue.pointer),
                issue.message.clone(),
            ));
        }
        return serde_json::from_value::<Resume>(v.clone())
            .map_err(|e| invalid(path, format!("a resume ({e})")));
    }
    only(
        obj,
        &["text"],
        path,
        "a resume given as text (or a Resume with \"kind\": \"resume\")",
    )?;
    let text = match obj.get("text") {
        Some(Value::String(s)) => s,
        _ => {
            return Err(invalid(
                &format!("{path}/text"),
                "the resume text as a string",
            ))
        }
    };
    parse_text(text, &format!("{path}/text"), tax, reference)
}

fn parse_text(text: &str, path: &str, tax: &Chosen, reference: Option<&str>) -> Result<Resume> {
    let out = crate::resume::parse_resume(
        text.as_bytes(),
        &crate::resume::ParseOptions {
            format: Some(crate::resume::Format::Txt),
            reference_date: reference.map(str::to_string),
            skill_finder: Some(&**tax),
            ..Default::default()
        },
    )
    .map_err(|e| match e {
        Error::InvalidArgument { expected, .. } => invalid(path, expected),
        other => other,
    })?;
    Ok(out.resume)
}

/// `match`: `{"job": JOB | {"text", "lang"?, "id"?, "title"?}, "resume": RESUME | {"text"},
/// "weights"?: {COMPONENT: W}, "reference_date"?: "YYYY-MM-DD", "semantic_score"?: 0–1,
/// "taxonomy"?, "taxonomy_extension"?}` → `{"job_id", "id", "total", "knockout_passed",
/// "knockouts", "components", "explanation", "weights"}`.
pub fn match_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    only(
        req,
        &[
            "job",
            "resume",
            "weights",
            "reference_date",
            "semantic_score",
            "semantic_model",
            "taxonomy",
            "taxonomy_extension",
        ],
        "",
        "a match request",
    )?;
    let model = semantic_model(req)?;
    let tax = taxonomy(req)?;
    let reference = reference_date(req)?;
    let job = job_of(req.get("job"), &tax, req.get("weights"))?;
    let rv = req
        .get("resume")
        .ok_or_else(|| invalid("/resume", "a resume, or {\"text\": resume text}"))?;
    let resume = resume_of(rv, "/resume", &tax, reference.as_deref())?;
    let id = resume.id.clone().unwrap_or_else(|| "resume".to_string());
    let cand = prepare_resume(&resume, &id, &tax, reference.as_deref(), "/resume")?;
    let semantic = match (req.get("semantic_score"), &model) {
        (None | Some(Value::Null), None) => None,
        (None | Some(Value::Null), Some(spec)) => semantic::similarities(
            spec,
            &semantic_job_text(&job),
            &[semantic_resume_text(&resume).as_str()],
        )?
        .first()
        .copied(),
        (Some(_), Some(_)) => {
            return Err(invalid(
                "/semantic_model",
                "either semantic_model or semantic_score, not both",
            ))
        }
        (Some(v), None) => Some(
            v.as_f64()
                .filter(|s| s.is_finite() && (0.0..=1.0).contains(s))
                .ok_or_else(|| invalid("/semantic_score", "a number from 0 to 1"))?,
        ),
    };
    let rel = pair_relevance(&job, &cand);
    let result = match_resume(&job, &cand, rel, semantic, Some(&tax));
    let mut out = Map::new();
    out.insert("job_id".into(), json!(job.profile.id));
    let body = serde_json::to_value(&result).map_err(|e| Error::Internal(e.to_string()))?;
    if let Value::Object(m) = body {
        out.extend(m);
    }
    out.insert("weights".into(), json!(job.weights.0));
    if let Some(spec) = &model {
        out.insert("semantic_model".into(), semantic::describe(spec)?);
    }
    Ok(Value::Object(out))
}

/// The request's `semantic_model`, if any.
fn semantic_model(req: &Map<String, Value>) -> Result<Option<semantic::ModelSpec>> {
    match req.get("semantic_model") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => semantic::ModelSpec::from_value(v, "/semantic_model").map(Some),
    }
}

fn filters_of(v: Option<&Value>) -> Result<Filters> {
    let mut f = Filters::default();
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(f);
    };
    let o = object(v, "/filters")?;
    only(
        o,
        &["min_score", "knockout_pass_only", "locations", "min_years"],
        "/filters",
        "filters",
    )?;
    if let Some(x) = o.get("min_score").filter(|v| !v.is_null()) {
        f.min_score = Some(
            x.as_f64()
                .filter(|s| s.is_finite() && (0.0..=100.0).contains(s))
                .ok_or_else(|| invalid("/filters/min_score", "a number from 0 to 100"))?,
        );
    }
    if let Some(x) = o.get("knockout_pass_only").filter(|v| !v.is_null()) {
        f.knockout_pass_only = x
            .as_bool()
            .ok_or_else(|| invalid("/filters/knockout_pass_only", "true or false"))?;
    }
    if let Some(x) = o.get("min_years").filter(|v| !v.is_null()) {
        f.min_years = Some(
            x.as_f64()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .ok_or_else(|| invalid("/filters/min_years", "a number ≥ 0"))?,
        );
    }
    if let Some(x) = o.get("locations").filter(|v| !v.is_null()) {
        let a = x
            .as_array()
            .ok_or_else(|| invalid("/filters/locations", "an array of cities"))?;
        for (i, c) in a.iter().enumerate() {
            f.locations.push(
                c.as_str()
                    .ok_or_else(|| invalid(&format!("/filters/locations/{i}"), "a city name"))?
                    .to_string(),
            );
        }
    }
    Ok(f)
}

fn top_of(req: &Map<String, Value>) -> Result<usize> {
    match req.get("top") {
        None | Some(Value::Null) => Ok(20),
        Some(v) => v
            .as_u64()
            .filter(|n| *n >= 1)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| invalid("/top", "an integer ≥ 1")),
    }
}

/// Adds the request's resumes to `index`; with `texts`, returns each resume's id and the text a
/// semantic model reads for it.
fn add_resumes(
    index: &mut Index,
    list: &Value,
    tax: &Chosen,
    reference: Option<&str>,
    texts: bool,
) -> Result<Vec<(String, String)>> {
    let items = list
        .as_array()
        .ok_or_else(|| invalid("/resumes", "an array of {\"id\", \"resume\" | \"text\"}"))?;
    if items.len() > MAX_RESUMES_PER_REQUEST {
        return Err(Error::LimitExceeded {
            what: "resumes in one request".into(),
            limit: MAX_RESUMES_PER_REQUEST as u64,
            actual: items.len() as u64,
        });
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = format!("/resumes/{i}");
        let o = object(item, &p)?;
        only(o, &["id", "resume", "text"], &p, "a resume entry")?;
        let id = match o.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => return Err(invalid(&format!("{p}/id"), "a non-empty string")),
        };
        if !seen.insert(id.clone()) {
            return Err(invalid(
                &format!("{p}/id"),
                format!("an id not used before in this request; {id:?} is repeated"),
            ));
        }
        let resume = match (o.get("resume"), o.get("text")) {
            (Some(r), None) => resume_of(r, &format!("{p}/resume"), tax, reference)?,
            (None, Some(Value::String(t))) => parse_text(t, &format!("{p}/text"), tax, reference)?,
            (None, Some(_)) => {
                return Err(invalid(&format!("{p}/text"), "the resume text as a string"))
            }
            _ => return Err(invalid(&p, "exactly one of resume and text")),
        };
        index.add(&id, &resume, tax, &p)?;
        if texts {
            out.push((id, semantic_resume_text(&resume)));
        }
    }
    Ok(out)
}

fn ranked_json(
    index: &Index,
    job: &PreparedJob,
    req: &Map<String, Value>,
    tax: &Chosen,
    semantic: &BTreeMap<String, f64>,
) -> Result<Value> {
    let filters = filters_of(req.get("filters"))?;
    let (results, funnel) = index.top_k_with(job, top_of(req)?, &filters, tax, &|id| {
        semantic.get(id).copied()
    });
    let results: Vec<Value> = results
        .into_iter()
        .map(|r| {
            let explanation = serde_json::to_value(&r.result).unwrap_or(Value::Null);
            json!({"id": r.id, "score": r.score, "rank": r.rank, "explanation": explanation})
        })
        .collect();
    Ok(json!({
        "job_id": job.profile.id,
        "results": results,
        "funnel": serde_json::to_value(&funnel).map_err(|e| Error::Internal(e.to_string()))?,
        "weights": job.weights.0,
    }))
}

/// `rank`: `{"job", "resumes": [{"id", "resume" | "text"}], "top"?: 20, "filters"?:
/// {"min_score"?, "knockout_pass_only"?, "locations"?, "min_years"?}, "weights"?,
/// "reference_date"?, "taxonomy"?, "taxonomy_extension"?}` → `{"job_id", "results": [{"id",
/// "score", "rank", "explanation"}], "funnel", "weights"}`.
pub fn rank_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    only(
        req,
        &[
            "job",
            "resumes",
            "top",
            "filters",
            "weights",
            "reference_date",
            "semantic_model",
            "taxonomy",
            "taxonomy_extension",
        ],
        "",
        "a rank request",
    )?;
    let model = semantic_model(req)?;
    let tax = taxonomy(req)?;
    let reference = reference_date(req)?;
    let job = job_of(req.get("job"), &tax, req.get("weights"))?;
    let mut index = Index::new(reference.clone());
    let list = req
        .get("resumes")
        .ok_or_else(|| invalid("/resumes", "an array of resumes"))?;
    let texts = add_resumes(
        &mut index,
        list,
        &tax,
        reference.as_deref(),
        model.is_some(),
    )?;
    let mut scores = BTreeMap::new();
    if let Some(spec) = &model {
        let bodies: Vec<&str> = texts.iter().map(|(_, t)| t.as_str()).collect();
        let sims = semantic::similarities(spec, &semantic_job_text(&job), &bodies)?;
        scores.extend(texts.iter().map(|(id, _)| id.clone()).zip(sims));
    }
    let mut out = ranked_json(&index, &job, req, &tax, &scores)?;
    if let (Some(spec), Value::Object(m)) = (&model, &mut out) {
        m.insert("semantic_model".into(), semantic::describe(spec)?);
    }
    Ok(out)
}

fn decode_index(req: &Map<String, Value>) -> Result<Index> {
    let b64 = opt_str(req, "index", "")?.ok_or_else(|| invalid("/index", "the index as base64"))?;
    let cleaned: String = b64.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .map_err(|_| invalid("/index", "standard base64 of an index file"))?;
    Index::from_bytes(&bytes)
}

/// `index_build`: `{"resumes"?: [{"id", "resume" | "text"}], "index"?: BASE64 (to extend),
/// "remove"?: [ID], "reference_date"?, "taxonomy"?, "taxonomy_extension"?}` → `{"index":
/// BASE64, "format", "count", "ids"}`. Removal happens after the additions.
pub fn index_build_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    only(
        req,
        &[
            "resumes",
            "index",
            "remove",
            "reference_date",
            "taxonomy",
            "taxonomy_extension",
        ],
        "",
        "an index_build request",
    )?;
    let tax = taxonomy(req)?;
    let reference = reference_date(req)?;
    let mut index = match req.get("index") {
        Some(v) if !v.is_null() => decode_index(req)?,
        _ => Index::new(reference.clone()),
    };
    if let Some(list) = req.get("resumes").filter(|v| !v.is_null()) {
        let reference = reference.or_else(|| index.reference_date_ref().map(str::to_string));
        add_resumes(&mut index, list, &tax, reference.as_deref(), false)?;
    }
    if let Some(r) = req.get("remove").filter(|v| !v.is_null()) {
        let a = r
            .as_array()
            .ok_or_else(|| invalid("/remove", "an array of ids"))?;
        for (i, id) in a.iter().enumerate() {
            let id = id
                .as_str()
                .ok_or_else(|| invalid(&format!("/remove/{i}"), "an id"))?;
            index.remove(id);
        }
    }
    let bytes = index.to_bytes()?;
    Ok(json!({
        "index": base64::engine::general_purpose::STANDARD.encode(bytes),
        "format": super::INDEX_FORMAT,
        "count": index.len(),
        "ids": index.ids(),
    }))
}

/// `index_query`: `{"index": BASE64, "job", "top"?, "filters"?, "weights"?, "taxonomy"?,
/// "taxonomy_extension"?}` → as `rank`.
pub fn index_query_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    only(
        req,
        &[
            "index",
            "job",
            "top",
            "filters",
            "weights",
            "taxonomy",
            "taxonomy_extension",
        ],
        "",
        "an index_query request",
    )?;
    let tax = taxonomy(req)?;
    let job = job_of(req.get("job"), &tax, req.get("weights"))?;
    let index = decode_index(req)?;
    ranked_json(&index, &job, req, &tax, &BTreeMap::new())
}

/// `learn_weights`: `{"outcomes": [{"components": {COMPONENT: 0–1}, "outcome": 0|1|bool}],
/// "l2"?: 1.0, "folds"?: 5}` → [`super::LearnedWeights`] JSON.
pub fn learn_weights_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    only(
        req,
        &["outcomes", "l2", "folds"],
        "",
        "a learn_weights request",
    )?;
    let mut options = LearnOptions::default();
    if let Some(v) = req.get("l2").filter(|v| !v.is_null()) {
        options.l2 = v
            .as_f64()
            .filter(|x| x.is_finite() && *x > 0.0)
            .ok_or_else(|| invalid("/l2", "a finite number > 0"))?;
    }
    if let Some(v) = req.get("folds").filter(|v| !v.is_null()) {
        options.folds = v
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| invalid("/folds", "an integer ≥ 2"))?;
    }
    let list = req
        .get("outcomes")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("/outcomes", "an array of {\"components\", \"outcome\"}"))?;
    let mut rows = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let p = format!("/outcomes/{i}");
        let o = object(item, &p)?;
        only(o, &["components", "outcome"], &p, "an outcome")?;
        let comps = o
            .get("components")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                invalid(
                    &format!("{p}/components"),
                    "an object of component id → score",
                )
            })?;
        let mut components = std::collections::BTreeMap::new();
        for (k, v) in comps {
            let x = v
                .as_f64()
                .filter(|x| x.is_finite())
                .ok_or_else(|| invalid(&format!("{p}/components/{k}"), "a finite number"))?;
            components.insert(k.clone(), x);
        }
        let positive = match o.get("outcome") {
            Some(Value::Bool(b)) => *b,
            Some(v) if v.as_u64() == Some(1) => true,
            Some(v) if v.as_u64() == Some(0) => false,
            _ => return Err(invalid(&format!("{p}/outcome"), "0, 1, true or false")),
        };
        rows.push(Outcome {
            components,
            positive,
        });
    }
    let learned = learn_weights(&rows, &options, "/outcomes").map_err(|e| match e {
        Error::InvalidArgument { name, expected } if name == "l2" || name == "folds" => {
            invalid(&format!("/{name}"), expected)
        }
        other => other,
    })?;
    serde_json::to_value(&learned).map_err(|e| Error::Internal(e.to_string()))
}
