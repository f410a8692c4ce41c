//! Builds the report model — sections with structured data, render blocks and what is missing —
//! from checked requests. Rendering lives in `render.rs`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::labels::{self as l, missing_text, Fixed};
use super::{
    extra_f64, lang_name, MatchInput, Missing, ReportKind, ReportRequest, Warning, MAX_QUOTE_CHARS,
};
use crate::error::{Error, Result};
use crate::interview::{Bank, Lang};
use crate::schema::types::{CompetencyScore, Divergence, Scorecard};

/// One piece of a section, as the renderers draw it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A paragraph.
    Para(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A table; `flagged` rows are highlighted.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        flagged: Vec<bool>,
    },
    /// Label: value lines.
    KeyValues(Vec<(String, String)>),
    /// A radar chart (HTML only; bars when fewer than three axes).
    Radar { caption: String, axes: Vec<Bar> },
    /// Horizontal bars (HTML only).
    Bars { caption: String, bars: Vec<Bar> },
}

/// A chart value: label, 0–1 length, the text shown next to it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    pub label: String,
    pub fraction: f64,
    pub display: String,
}

/// One report section.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    pub id: &'static str,
    pub title: String,
    pub data: Value,
    pub blocks: Vec<Block>,
    pub missing: Vec<&'static str>,
}

/// A whole report, before rendering.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Report {
    pub kind: ReportKind,
    pub lang: Lang,
    pub title: String,
    pub meta: Vec<(String, String)>,
    pub intro: Vec<String>,
    pub sections: Vec<Section>,
    pub note: String,
}

impl Report {
    pub fn missing(&self) -> Vec<Missing> {
        self.sections
            .iter()
            .flat_map(|s| {
                s.missing.iter().map(|code| Missing {
                    section: s.id.to_string(),
                    code: (*code).to_string(),
                    text: missing_text(code).get(self.lang).to_string(),
                })
            })
            .collect()
    }

    pub fn to_value(&self) -> Value {
        let sections: Vec<Value> = self
            .sections
            .iter()
            .map(|s| {
                let missing: Vec<Value> = s
                    .missing
                    .iter()
                    .map(|c| json!({"code": c, "text": missing_text(c).get(self.lang)}))
                    .collect();
                json!({"id": s.id, "title": s.title, "data": s.data, "missing": missing})
            })
            .collect();
        let meta: Vec<Value> = self
            .meta
            .iter()
            .map(|(k, v)| json!({"label": k, "value": v}))
            .collect();
        json!({
            "kind": self.kind.name(),
            "lang": lang_name(self.lang),
            "title": self.title,
            "meta": meta,
            "intro": self.intro,
            "sections": sections,
            "note": self.note,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Two decimals, never `-0.00`.
pub(crate) fn fmt2(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" {
        "0.00".into()
    } else {
        s
    }
}

/// A whole percentage.
fn pct(x: f64) -> String {
    let s = format!("{:.0}%", x * 100.0);
    if s == "-0%" {
        "0%".into()
    } else {
        s
    }
}

/// A scale bound as written (`1`, `5`, `2.5`).
fn bound(x: f64) -> String {
    format!("{x}")
}

fn text_of(v: &Value, lang: Lang) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Object(o) => {
            let pick = |k: &str| {
                o.get(k)
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
            };
            let (first, second) = match lang {
                Lang::Zh => ("zh", "en"),
                Lang::En => ("en", "zh"),
            };
            pick(first)
                .or_else(|| pick(second))
                .or_else(|| pick("text"))
                .map(str::to_string)
        }
        _ => None,
    }
}

/// Feedback wording a card may carry: a string, `{zh, en}`, `{code, text}` or a list of them.
fn feedback_texts(v: Option<&Value>, lang: Lang) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|x| text_of(x, lang)).collect(),
        Some(x) => text_of(x, lang).into_iter().collect(),
        None => Vec::new(),
    }
}

#[derive(Deserialize)]
struct TipFile {
    competency_tips: BTreeMap<String, TipText>,
}

#[derive(Deserialize)]
struct TipText {
    zh: String,
    en: String,
}

/// The interview engine's per-competency tips (`core/data/interview/scoring/feedback.json`).
fn competency_tips() -> Option<&'static BTreeMap<String, TipText>> {
    static TIPS: OnceLock<Option<BTreeMap<String, TipText>>> = OnceLock::new();
    TIPS.get_or_init(|| {
        serde_json::from_str::<TipFile>(include_str!("../../data/interview/scoring/feedback.json"))
            .ok()
            .map(|f| f.competency_tips)
    })
    .as_ref()
}

/// Competency display names: options, then the embedded bank, then the id.
struct Namer<'a> {
    options: &'a BTreeMap<String, super::Names>,
    bank: Option<&'static Bank>,
    lang: Lang,
}

impl Namer<'_> {
    fn name(&self, id: &str) -> String {
        if let Some(n) = self.options.get(id) {
            return match self.lang {
                Lang::Zh => n.zh.clone(),
                Lang::En => n.en.clone(),
            };
        }
        if let Some(c) = self.bank.and_then(|b| b.competency(id)) {
            return c.name.get(self.lang).to_string();
        }
        id.to_string()
    }
}

/// The score a report shows for a competency: fused, else AI.
fn shown_score(c: &CompetencyScore) -> Option<f64> {
    c.fused_score.or(c.ai_score)
}

fn interviewer_mean(c: &CompetencyScore) -> Option<f64> {
    if c.interviewer_scores.is_empty() {
        return None;
    }
    Some(
        c.interviewer_scores.iter().map(|s| s.score).sum::<f64>()
            / c.interviewer_scores.len() as f64,
    )
}

/// The card's divergence, or one computed like `calibration::divergence` (threshold 0.2) when
/// the card has interviewer ratings and a score but no stored divergence. `bool`: computed.
fn divergence_of(card: &Scorecard, c: &CompetencyScore) -> Option<(Divergence, bool)> {
    if let Some(d) = &c.divergence {
        return Some((d.clone(), false));
    }
    let (score, mean) = (shown_score(c)?, interviewer_mean(c)?);
    Some((
        crate::calibration::divergence(
            score,
            mean,
            &card.scale,
            crate::calibration::DEFAULT_THRESHOLD,
        ),
        true,
    ))
}

fn fraction(card: &Scorecard, x: f64) -> f64 {
    let range = card.scale.max - card.scale.min;
    if range > 0.0 {
        ((x - card.scale.min) / range).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

fn cut_chars(s: &str, max: usize) -> Option<String> {
    if s.chars().count() <= max {
        return None;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    Some(out)
}

/// A skill gap's display name in `lang`.
fn skill_name(g: &super::MatchGap, lang: Lang) -> String {
    let n = match lang {
        Lang::Zh => g.item_name_zh.as_ref(),
        Lang::En => g.item_name.as_ref(),
    };
    n.cloned().unwrap_or_else(|| g.item.clone())
}

/// `a, b and c` / `a、b和c`.
fn join_names(names: &[String], lang: Lang) -> String {
    let (sep, last) = match lang {
        Lang::Zh => ("、", "和"),
        Lang::En => (", ", " and "),
    };
    match names.split_last() {
        Some((l, rest)) if !rest.is_empty() => format!("{}{last}{l}", rest.join(sep)),
        Some((l, _)) => l.clone(),
        None => String::new(),
    }
}

fn modality_name(m: &str, lang: Lang) -> String {
    match m {
        "content" => l::CONTENT.get(lang).to_string(),
        "voice" => l::VOICE.get(lang).to_string(),
        "visual" => l::VISUAL.get(lang).to_string(),
        other => other.to_string(),
    }
}

fn warn(code: &str, path: String, en: String, zh: String) -> Warning {
    Warning {
        code: code.to_string(),
        path,
        en,
        zh,
    }
}

/// A radar block; its caption says "bars" when there are too few axes for a radar.
fn radar(lang: Lang, axes: Vec<Bar>) -> Block {
    let caption = if axes.len() >= 3 {
        l::RADAR_CAPTION
    } else {
        l::BARS_CAPTION
    };
    Block::Radar {
        caption: caption.get(lang).to_string(),
        axes,
    }
}

fn section(id: &'static str, title: &Fixed, lang: Lang) -> Section {
    Section {
        id,
        title: title.get(lang).to_string(),
        data: Value::Null,
        blocks: Vec::new(),
        missing: Vec::new(),
    }
}

fn opt_num(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |x| json!(round4(x)))
}

fn opt_str(x: Option<&String>) -> Value {
    x.map_or(Value::Null, |s| json!(s))
}

// ---------------------------------------------------------------------------------------------
// Entry
// ---------------------------------------------------------------------------------------------

pub(crate) fn build(req: &ReportRequest, warnings: &mut Vec<Warning>) -> Result<Report> {
    let lang = req.lang;
    let namer = Namer {
        options: &req.options.competency_names,
        bank: Bank::default().ok(),
        lang,
    };
    let note = l::FOOTER.get(lang).to_string();
    let single = || {
        req.scorecards
            .first()
            .ok_or_else(|| Error::Internal("a report request without a scorecard".into()))
    };
    let report = match req.kind {
        ReportKind::Candidate => candidate(req, single()?, &namer, note),
        ReportKind::Interviewer => interviewer(req, single()?, &namer, note, warnings),
        ReportKind::Hr => hr(req, &namer, note, warnings),
    };
    Ok(report)
}

fn title(req: &ReportRequest, default: &Fixed) -> String {
    req.options
        .title
        .clone()
        .unwrap_or_else(|| default.get(req.lang).to_string())
}

fn card_meta(card: &Scorecard, lang: Lang, with_ids: bool) -> Vec<(String, String)> {
    let mut meta = Vec::new();
    if with_ids {
        meta.push((l::KV_SCORECARD.get(lang).to_string(), card.id.clone()));
        if let Some(c) = &card.candidate_id {
            meta.push((l::KV_CANDIDATE.get(lang).to_string(), c.clone()));
        }
    }
    if let Some(j) = &card.job_id {
        meta.push((l::KV_JOB.get(lang).to_string(), j.clone()));
    }
    if let Some(i) = &card.interview_id {
        meta.push((l::KV_INTERVIEW.get(lang).to_string(), i.clone()));
    }
    meta
}

// ---------------------------------------------------------------------------------------------
// Candidate
// ---------------------------------------------------------------------------------------------

fn candidate(req: &ReportRequest, card: &Scorecard, namer: &Namer, note: String) -> Report {
    let lang = req.lang;
    let show = req.options.show_scores;

    // Scored competencies, best first (ties: card order).
    let mut scored: Vec<(usize, &CompetencyScore, f64)> = card
        .competencies
        .iter()
        .enumerate()
        .filter_map(|(i, c)| shown_score(c).map(|s| (i, c, s)))
        .collect();
    scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    let n = scored.len();
    let k = 3.min(n.div_ceil(2));
    let strengths: Vec<&(usize, &CompetencyScore, f64)> = scored
        .iter()
        .take(k)
        .filter(|(_, _, s)| fraction(card, *s) >= 0.5)
        .collect();
    let strength_ids: Vec<usize> = strengths.iter().map(|(i, _, _)| *i).collect();
    let mut gaps: Vec<&(usize, &CompetencyScore, f64)> = scored
        .iter()
        .filter(|(i, _, s)| !strength_ids.contains(i) && fraction(card, *s) < 0.75)
        .collect();
    gaps.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
    gaps.truncate(3);

    let score_text = |s: f64| format!("{} / {}", fmt2(s), bound(card.scale.max));
    let item = |c: &CompetencyScore, s: f64| {
        let mut o = Map::new();
        o.insert("competency".into(), json!(c.competency));
        o.insert("name".into(), json!(namer.name(&c.competency)));
        if show {
            o.insert("score".into(), json!(round4(s)));
        }
        Value::Object(o)
    };
    let line = |c: &CompetencyScore, s: f64| {
        if show {
            format!("{} — {}", namer.name(&c.competency), score_text(s))
        } else {
            namer.name(&c.competency)
        }
    };

    let mut sections = Vec::new();

    // Summary.
    let mut summary = section("summary", &l::SEC_SUMMARY, lang);
    summary
        .blocks
        .push(Block::Para(l::CANDIDATE_INTRO.get(lang).to_string()));
    summary.data = json!({"scores_shown": show});
    sections.push(summary);

    // Strengths.
    let mut st = section("strengths", &l::SEC_STRENGTHS, lang);
    let skills: Vec<String> = req
        .match_result
        .as_ref()
        .map(|m| {
            m.matched
                .iter()
                .take(8)
                .map(|s| match lang {
                    Lang::Zh => s.name_zh.clone(),
                    Lang::En => s.name.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    st.data = json!({
        "competencies": strengths.iter().map(|(_, c, s)| item(c, *s)).collect::<Vec<_>>(),
        "skills": skills,
    });
    if !strengths.is_empty() {
        st.blocks.push(Block::Para(
            l::CANDIDATE_STRENGTHS_INTRO.get(lang).to_string(),
        ));
        st.blocks.push(Block::List(
            strengths.iter().map(|(_, c, s)| line(c, *s)).collect(),
        ));
    }
    if !skills.is_empty() {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        st.blocks.push(Block::Para(format!(
            "{}{}",
            l::CANDIDATE_SKILLS_SHOWN.get(lang),
            skills.join(sep)
        )));
    }
    if n == 0 {
        st.missing.push("no_scored_competencies");
    } else if strengths.is_empty() && skills.is_empty() {
        st.missing.push("no_strengths");
    }
    sections.push(st);

    // Areas to develop.
    let mut gp = section("gaps", &l::SEC_GAPS, lang);
    let match_gaps: Vec<&super::MatchGap> = req
        .match_result
        .as_ref()
        .map(|m| {
            m.gaps
                .iter()
                .filter(|g| g.kind != "location")
                .take(5)
                .collect()
        })
        .unwrap_or_default();
    // Skills in the candidate's words; other gaps as `match` explains them.
    let gap_text = |g: &super::MatchGap| -> String {
        if g.kind == "skill" {
            let name = skill_name(g, lang);
            let tpl = if g.required {
                &l::GAP_SKILL_REQUIRED
            } else {
                &l::GAP_SKILL_PREFERRED
            };
            return tpl.get(lang).replace("{item}", &name);
        }
        let t = match lang {
            Lang::Zh => &g.zh,
            Lang::En => &g.en,
        };
        if t.is_empty() {
            g.item.clone()
        } else {
            t.clone()
        }
    };
    gp.data = json!({
        "competencies": gaps.iter().map(|(_, c, s)| item(c, *s)).collect::<Vec<_>>(),
        "job": match_gaps.iter().map(|g| json!({"kind": g.kind, "item": g.item,
            "required": g.required, "text": gap_text(g)})).collect::<Vec<_>>(),
    });
    if !gaps.is_empty() {
        gp.blocks
            .push(Block::Para(l::CANDIDATE_GAPS_INTRO.get(lang).to_string()));
        gp.blocks.push(Block::List(
            gaps.iter().map(|(_, c, s)| line(c, *s)).collect(),
        ));
    }
    if !match_gaps.is_empty() {
        gp.blocks.push(Block::List(
            match_gaps.iter().map(|g| gap_text(g)).collect(),
        ));
    }
    if n == 0 && match_gaps.is_empty() {
        gp.missing.push("no_scored_competencies");
    } else if gaps.is_empty() && match_gaps.is_empty() {
        gp.missing.push("no_gaps");
    }
    sections.push(gp);

    // Suggestions.
    let mut sg = section("suggestions", &l::SEC_SUGGESTIONS, lang);
    let mut suggestions: Vec<(String, &'static str, Option<String>)> = Vec::new();
    let mut push = |text: String, source: &'static str, competency: Option<String>| {
        if !text.trim().is_empty() && !suggestions.iter().any(|(t, _, _)| *t == text) {
            suggestions.push((text, source, competency));
        }
    };
    for t in feedback_texts(card.extra.get("feedback"), lang) {
        push(t, "feedback", None);
    }
    // Competencies to suggest for: the gaps, else the lowest-scoring one outside the strengths.
    let mut targets: Vec<&CompetencyScore> = gaps.iter().map(|(_, c, _)| *c).collect();
    if targets.is_empty() {
        if let Some((_, c, _)) = scored
            .iter()
            .rev()
            .find(|(i, _, _)| !strength_ids.contains(i))
        {
            targets.push(c);
        }
    }
    for c in targets {
        let own = feedback_texts(c.extra.get("feedback"), lang);
        if !own.is_empty() {
            for t in own {
                push(t, "feedback", Some(c.competency.clone()));
            }
            continue;
        }
        match competency_tips().and_then(|t| t.get(&c.competency)) {
            Some(tip) => {
                let t = match lang {
                    Lang::Zh => format!("{}。", tip.zh),
                    Lang::En => format!("{}.", tip.en),
                };
                push(t, "competency_tip", Some(c.competency.clone()));
            }
            None => push(
                l::GENERIC_SUGGESTION
                    .get(lang)
                    .replace("{name}", &namer.name(&c.competency)),
                "generic",
                Some(c.competency.clone()),
            ),
        }
    }
    // One suggestion for the skills (up to three, required first), one per other kind.
    let skills: Vec<String> = match_gaps
        .iter()
        .filter(|g| g.kind == "skill")
        .take(3)
        .map(|g| skill_name(g, lang))
        .collect();
    if !skills.is_empty() {
        push(
            l::SUGGEST_SKILL
                .get(lang)
                .replace("{item}", &join_names(&skills, lang)),
            "job_gap",
            None,
        );
    }
    for g in &match_gaps {
        let tpl = match g.kind.as_str() {
            "experience" => &l::SUGGEST_EXPERIENCE,
            "degree" | "major" => &l::SUGGEST_EDUCATION,
            "language" => &l::SUGGEST_LANGUAGE,
            "certification" => &l::SUGGEST_CERTIFICATION,
            "competency" => &l::GENERIC_SUGGESTION,
            _ => continue,
        };
        let shown = if g.kind == "competency" {
            namer.name(&g.item)
        } else {
            g.item.clone()
        };
        push(
            tpl.get(lang)
                .replace("{item}", &shown)
                .replace("{name}", &shown),
            "job_gap",
            None,
        );
    }
    suggestions.truncate(6);
    sg.data = json!(suggestions
        .iter()
        .map(|(t, s, c)| json!({"text": t, "source": s, "competency": c}))
        .collect::<Vec<_>>());
    if suggestions.is_empty() {
        sg.missing.push("no_suggestions");
    } else {
        sg.blocks.push(Block::List(
            suggestions.iter().map(|(t, _, _)| t.clone()).collect(),
        ));
    }
    sections.push(sg);

    // Scores, only when allowed.
    if show {
        let mut sc = section("scores", &l::SEC_SCORES, lang);
        let rows: Vec<(&CompetencyScore, f64)> = card
            .competencies
            .iter()
            .filter_map(|c| shown_score(c).map(|s| (c, s)))
            .collect();
        let overall = extra_f64(&card.extra, "fused_overall").or(card.overall);
        sc.data = json!({
            "scale": {"min": card.scale.min, "max": card.scale.max},
            "overall": opt_num(overall),
            "competencies": rows.iter().map(|(c, s)| item(c, *s)).collect::<Vec<_>>(),
        });
        if let Some(o) = overall {
            sc.blocks.push(Block::KeyValues(vec![(
                l::KV_OVERALL.get(lang).to_string(),
                score_text(o),
            )]));
        }
        if rows.is_empty() {
            sc.missing.push("no_scored_competencies");
        } else {
            sc.blocks.push(radar(
                lang,
                rows.iter()
                    .map(|(c, s)| Bar {
                        label: namer.name(&c.competency),
                        fraction: fraction(card, *s),
                        display: fmt2(*s),
                    })
                    .collect(),
            ));
            sc.blocks.push(Block::Table {
                header: vec![
                    l::COL_COMPETENCY.get(lang).to_string(),
                    l::COL_SCORE.get(lang).to_string(),
                ],
                rows: rows
                    .iter()
                    .map(|(c, s)| vec![namer.name(&c.competency), score_text(*s)])
                    .collect(),
                flagged: vec![false; rows.len()],
            });
            sc.blocks
                .push(Block::Para(l::CANDIDATE_SCORES_NOTE.get(lang).to_string()));
        }
        sections.push(sc);
    }

    Report {
        kind: ReportKind::Candidate,
        lang,
        title: title(req, &l::TITLE_CANDIDATE),
        meta: card_meta(card, lang, false),
        intro: Vec::new(),
        sections,
        note,
    }
}

// ---------------------------------------------------------------------------------------------
// Interviewer
// ---------------------------------------------------------------------------------------------

fn interviewer(
    req: &ReportRequest,
    card: &Scorecard,
    namer: &Namer,
    note: String,
    warnings: &mut Vec<Warning>,
) -> Report {
    let lang = req.lang;
    let na = l::NOT_AVAILABLE.get(lang).to_string();
    let opt2 = |x: Option<f64>| x.map_or(na.clone(), fmt2);
    let mut sections = Vec::new();
    let scale_text = format!("{}–{}", bound(card.scale.min), bound(card.scale.max));
    let fused_overall = extra_f64(&card.extra, "fused_overall");

    // Overview with the radar.
    let mut ov = section("overview", &l::SEC_OVERVIEW, lang);
    let mut kv = vec![(l::KV_SCALE.get(lang).to_string(), scale_text.clone())];
    kv.push((l::KV_OVERALL.get(lang).to_string(), opt2(card.overall)));
    if fused_overall.is_some() {
        kv.push((
            l::KV_FUSED_OVERALL.get(lang).to_string(),
            opt2(fused_overall),
        ));
    }
    ov.blocks.push(Block::KeyValues(kv));
    let chart: Vec<(&CompetencyScore, f64)> = card
        .competencies
        .iter()
        .filter_map(|c| shown_score(c).map(|s| (c, s)))
        .collect();
    ov.data = json!({
        "scorecard_id": card.id,
        "candidate_id": opt_str(card.candidate_id.as_ref()),
        "job_id": opt_str(card.job_id.as_ref()),
        "interview_id": opt_str(card.interview_id.as_ref()),
        "scale": {"min": card.scale.min, "max": card.scale.max},
        "overall": opt_num(card.overall),
        "fused_overall": opt_num(fused_overall),
        "chart": chart.iter().map(|(c, s)| json!({"competency": c.competency,
            "name": namer.name(&c.competency), "score": round4(*s)})).collect::<Vec<_>>(),
    });
    if chart.is_empty() {
        ov.missing.push("no_scored_competencies");
    } else {
        ov.blocks.push(radar(
            lang,
            chart
                .iter()
                .map(|(c, s)| Bar {
                    label: namer.name(&c.competency),
                    fraction: fraction(card, *s),
                    display: fmt2(*s),
                })
                .collect(),
        ));
    }
    ov.blocks
        .push(Block::Para(l::STAFF_DISCLAIMER.get(lang).to_string()));
    sections.push(ov);

    // Competency table.
    let mut cs = section("competencies", &l::SEC_COMPETENCIES, lang);
    let mut rows = Vec::new();
    let mut flagged_rows = Vec::new();
    let mut contribution_texts: Vec<String> = Vec::new();
    let mut items = Vec::new();
    for c in &card.competencies {
        let div = divergence_of(card, c);
        let raters = c
            .interviewer_scores
            .iter()
            .map(|s| format!("{} {}", s.interviewer_id, fmt2(s.score)))
            .collect::<Vec<_>>()
            .join("; ");
        let div_text = match &div {
            Some((d, _)) if d.flagged => format!("{} {}", fmt2(d.delta), l::FLAGGED.get(lang)),
            Some((d, _)) => fmt2(d.delta),
            None => na.clone(),
        };
        rows.push(vec![
            namer.name(&c.competency),
            opt2(c.ai_score),
            if raters.is_empty() {
                na.clone()
            } else {
                raters
            },
            opt2(c.fused_score),
            c.confidence.map_or(na.clone(), pct),
            div_text,
        ]);
        // What each modality added (fusion's contributions), when the card was fused.
        let contributions: Vec<(String, f64, f64)> = c
            .extra
            .get("fusion")
            .and_then(|f| f.get("contributions"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| {
                        Some((
                            x.get("modality")?.as_str()?.to_string(),
                            x.get("normalised_weight")?.as_f64()?,
                            x.get("points")?.as_f64()?,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        contribution_texts.push(
            contributions
                .iter()
                .map(|(m, _, p)| format!("{} {}", modality_name(m, lang), fmt2(*p)))
                .collect::<Vec<_>>()
                .join(" + "),
        );
        flagged_rows.push(div.as_ref().is_some_and(|(d, _)| d.flagged));
        let interval = c
            .extra
            .get("fusion")
            .and_then(|f| f.get("interval"))
            .filter(|v| v.is_object())
            .cloned()
            .unwrap_or(Value::Null);
        items.push(json!({
            "competency": c.competency,
            "name": namer.name(&c.competency),
            "ai_score": opt_num(c.ai_score),
            "interviewer_scores": c.interviewer_scores.iter().map(|s| json!({
                "interviewer_id": s.interviewer_id, "score": s.score,
                "rated_at": s.rated_at.as_ref().map(|t| t.0.clone()),
                "notes": s.notes})).collect::<Vec<_>>(),
            "interviewer_mean": opt_num(interviewer_mean(c)),
            "fused_score": opt_num(c.fused_score),
            "confidence": opt_num(c.confidence),
            "interval": interval,
            "contributions": contributions.iter().map(|(m, w, p)| json!({"modality": m,
                "normalised_weight": w, "points": p})).collect::<Vec<_>>(),
            "divergence": div.as_ref().map(|(d, computed)| json!({"delta": d.delta,
                "threshold": d.threshold, "flagged": d.flagged,
                "re_rate_requested": d.re_rate_requested, "computed": computed})),
        }));
    }
    cs.data = Value::Array(items);
    if card.competencies.is_empty() {
        cs.missing.push("no_scored_competencies");
    } else {
        let mut header = vec![
            l::COL_COMPETENCY.get(lang).to_string(),
            l::COL_AI.get(lang).to_string(),
            l::COL_INTERVIEWERS.get(lang).to_string(),
            l::COL_FUSED.get(lang).to_string(),
            l::COL_CONFIDENCE.get(lang).to_string(),
            l::COL_DIVERGENCE.get(lang).to_string(),
        ];
        if contribution_texts.iter().any(|t| !t.is_empty()) {
            header.push(l::COL_CONTRIBUTIONS.get(lang).to_string());
            for (row, t) in rows.iter_mut().zip(&contribution_texts) {
                row.push(if t.is_empty() { na.clone() } else { t.clone() });
            }
        }
        cs.blocks.push(Block::Table {
            header,
            rows,
            flagged: flagged_rows,
        });
    }
    let any_ratings = card
        .competencies
        .iter()
        .any(|c| !c.interviewer_scores.is_empty());
    if !any_ratings {
        cs.missing.push("no_interviewer_ratings");
    }
    if !card.competencies.iter().any(|c| c.fused_score.is_some()) {
        cs.missing.push("no_fused_scores");
    }
    sections.push(cs);

    // Evidence.
    let mut ev = section("evidence", &l::SEC_EVIDENCE, lang);
    let mut ev_rows = Vec::new();
    let mut ev_items = Vec::new();
    for (i, c) in card.competencies.iter().enumerate() {
        for (j, e) in c.evidence.iter().enumerate() {
            let quote = match cut_chars(&e.quote, MAX_QUOTE_CHARS) {
                Some(cut) => {
                    warnings.push(warn(
                        "evidence.truncated",
                        format!("/scorecard/competencies/{i}/evidence/{j}/quote"),
                        format!("The quote was cut to {MAX_QUOTE_CHARS} characters."),
                        format!("该摘录已截断为 {MAX_QUOTE_CHARS} 个字符。"),
                    ));
                    cut
                }
                None => e.quote.clone(),
            };
            ev_rows.push(vec![
                namer.name(&c.competency),
                e.question_id.clone().unwrap_or_else(|| na.clone()),
                quote.clone(),
            ]);
            ev_items.push(
                json!({"competency": c.competency, "question_id": e.question_id,
                "quote": quote}),
            );
        }
    }
    ev.data = Value::Array(ev_items);
    if ev_rows.is_empty() {
        ev.missing.push("no_evidence");
    } else {
        let n = ev_rows.len();
        ev.blocks.push(Block::Table {
            header: vec![
                l::COL_COMPETENCY.get(lang).to_string(),
                l::COL_QUESTION.get(lang).to_string(),
                l::COL_QUOTE.get(lang).to_string(),
            ],
            rows: ev_rows,
            flagged: vec![false; n],
        });
    }
    sections.push(ev);

    // Divergence.
    let mut dv = section("divergence", &l::SEC_DIVERGENCE, lang);
    let mut dv_rows = Vec::new();
    let mut dv_flags = Vec::new();
    let mut dv_items = Vec::new();
    for c in &card.competencies {
        let Some((d, computed)) = divergence_of(card, c) else {
            continue;
        };
        let mean = interviewer_mean(c);
        let score = shown_score(c);
        dv_rows.push(vec![
            namer.name(&c.competency),
            opt2(score),
            opt2(mean),
            fmt2(d.delta),
            fmt2(d.threshold),
            if d.flagged {
                l::FLAGGED.get(lang).to_string()
            } else {
                l::NO.get(lang).to_string()
            },
            if d.re_rate_requested {
                l::YES.get(lang).to_string()
            } else {
                l::NO.get(lang).to_string()
            },
        ]);
        dv_flags.push(d.flagged);
        dv_items.push(
            json!({"competency": c.competency, "name": namer.name(&c.competency),
            "score": opt_num(score), "interviewer_mean": opt_num(mean), "delta": d.delta,
            "threshold": d.threshold, "flagged": d.flagged,
            "re_rate_requested": d.re_rate_requested, "computed": computed}),
        );
    }
    let any_flag = dv_flags.iter().any(|f| *f);
    dv.data = Value::Array(dv_items);
    if dv_rows.is_empty() {
        dv.missing.push("no_interviewer_ratings");
    } else {
        if !any_flag {
            dv.blocks
                .push(Block::Para(l::NO_FLAGS.get(lang).to_string()));
        }
        dv.blocks.push(Block::Table {
            header: vec![
                l::COL_COMPETENCY.get(lang).to_string(),
                l::COL_SCORE.get(lang).to_string(),
                l::COL_INTERVIEWER_MEAN.get(lang).to_string(),
                l::COL_DELTA.get(lang).to_string(),
                l::COL_THRESHOLD.get(lang).to_string(),
                l::COL_DIVERGENCE.get(lang).to_string(),
                l::COL_RERATE.get(lang).to_string(),
            ],
            rows: dv_rows,
            flagged: dv_flags,
        });
    }
    sections.push(dv);

    // Behaviour summary: only what the fused card carries (the policy gate already ran).
    let mut bh = section("behaviour", &l::SEC_BEHAVIOUR, lang);
    let summary = card
        .extra
        .get("behaviour_summary")
        .and_then(Value::as_object);
    let mut bh_rows = Vec::new();
    let mut bh_data = Map::new();
    if let Some(s) = summary {
        if let Some(p) = s.get("policy").and_then(Value::as_str) {
            bh_data.insert("policy".into(), json!(p));
        }
        for (key, label) in [("voice", &l::VOICE), ("visual", &l::VISUAL)] {
            let Some(obj) = s.get(key).and_then(Value::as_object) else {
                continue;
            };
            let mut kept = Map::new();
            // By name, whatever the member order of the host's JSON.
            let mut features: Vec<(&String, &Value)> = obj.iter().collect();
            features.sort_by(|a, b| a.0.cmp(b.0));
            for (feature, v) in features {
                match v.as_f64().filter(|x| x.is_finite()) {
                    Some(x) => {
                        bh_rows.push(vec![
                            label.get(lang).to_string(),
                            l::measure(feature)
                                .map_or_else(|| feature.clone(), |m| m.get(lang).to_string()),
                            format!("{}", round4(x)),
                        ]);
                        kept.insert(feature.clone(), json!(round4(x)));
                    }
                    None => warnings.push(warn(
                        "behaviour.skipped",
                        format!(
                            "/scorecard/behaviour_summary/{key}/{}",
                            super::escape_pointer(feature)
                        ),
                        "A behaviour value that is not a number was left out.".into(),
                        "非数值的行为信号已略去。".into(),
                    )),
                }
            }
            if !kept.is_empty() {
                bh_data.insert(key.into(), Value::Object(kept));
            }
        }
    }
    bh.data = Value::Object(bh_data);
    if bh_rows.is_empty() {
        bh.missing.push("no_behaviour_summary");
    } else {
        bh.blocks
            .push(Block::Para(l::BEHAVIOUR_INTRO.get(lang).to_string()));
        if let Some(p) = summary
            .and_then(|s| s.get("policy"))
            .and_then(Value::as_str)
        {
            bh.blocks.push(Block::KeyValues(vec![(
                l::KV_POLICY.get(lang).to_string(),
                p.to_string(),
            )]));
        }
        let n = bh_rows.len();
        bh.blocks.push(Block::Table {
            header: vec![
                String::new(),
                l::COL_FEATURE.get(lang).to_string(),
                l::COL_VALUE.get(lang).to_string(),
            ],
            rows: bh_rows,
            flagged: vec![false; n],
        });
    }
    sections.push(bh);

    // Potential.
    let mut pt = section("potential", &l::SEC_POTENTIAL, lang);
    match &req.potential {
        Some(p) => {
            let mut kv = vec![
                (l::KV_LABEL.get(lang).to_string(), p.label.clone()),
                (l::KV_PROBABILITY.get(lang).to_string(), pct(p.probability)),
            ];
            if let Some(v) = &p.model_version {
                kv.push((l::KV_MODEL_VERSION.get(lang).to_string(), v.clone()));
            }
            if let Some(t) = &p.predicted_at {
                kv.push((l::KV_PREDICTED_AT.get(lang).to_string(), t.0.clone()));
            }
            pt.blocks.push(Block::KeyValues(kv));
            pt.blocks
                .push(Block::Para(l::POTENTIAL_NOTE.get(lang).to_string()));
            pt.data = json!({"label": p.label, "probability": round4(p.probability),
                "model_version": p.model_version,
                "predicted_at": p.predicted_at.as_ref().map(|t| t.0.clone())});
        }
        None => pt.missing.push("no_potential"),
    }
    sections.push(pt);

    // Annotations.
    let mut an = section("annotations", &l::SEC_ANNOTATIONS, lang);
    let mut an_rows = Vec::new();
    let mut an_items = Vec::new();
    for c in &card.competencies {
        for a in &c.annotations {
            an_rows.push(vec![
                namer.name(&c.competency),
                a.author.clone(),
                a.at.as_ref().map_or(na.clone(), |t| t.0.clone()),
                a.text.clone(),
            ]);
            an_items.push(json!({"competency": c.competency, "author": a.author,
                "at": a.at.as_ref().map(|t| t.0.clone()), "text": a.text}));
        }
    }
    an.data = Value::Array(an_items);
    if an_rows.is_empty() {
        an.missing.push("no_annotations");
    } else {
        let n = an_rows.len();
        an.blocks.push(Block::Table {
            header: vec![
                l::COL_COMPETENCY.get(lang).to_string(),
                l::COL_AUTHOR.get(lang).to_string(),
                l::COL_TIME.get(lang).to_string(),
                l::COL_TEXT.get(lang).to_string(),
            ],
            rows: an_rows,
            flagged: vec![false; n],
        });
    }
    sections.push(an);

    // Job fit.
    sections.push(job_fit(req.match_result.as_ref(), lang));

    Report {
        kind: ReportKind::Interviewer,
        lang,
        title: title(req, &l::TITLE_INTERVIEWER),
        meta: card_meta(card, lang, true),
        intro: Vec::new(),
        sections,
        note,
    }
}

fn job_fit(m: Option<&MatchInput>, lang: Lang) -> Section {
    let mut jf = section("job_fit", &l::SEC_JOB_FIT, lang);
    let Some(m) = m else {
        jf.missing.push("no_match_result");
        return jf;
    };
    let mut kv = Vec::new();
    if let Some(t) = m.total {
        kv.push((l::KV_MATCH_TOTAL.get(lang).to_string(), fmt2(t)));
    }
    if let Some(k) = m.knockout_passed {
        kv.push((
            l::KV_KNOCKOUT.get(lang).to_string(),
            if k { l::PASSED } else { l::FAILED }.get(lang).to_string(),
        ));
    }
    if !kv.is_empty() {
        jf.blocks.push(Block::KeyValues(kv));
    }
    let gaps: Vec<String> = m
        .gaps
        .iter()
        .map(|g| match lang {
            Lang::Zh if !g.zh.is_empty() => g.zh.clone(),
            Lang::En if !g.en.is_empty() => g.en.clone(),
            _ => g.item.clone(),
        })
        .collect();
    if !gaps.is_empty() {
        jf.blocks.push(Block::List(gaps.clone()));
    }
    jf.data = json!({
        "total": opt_num(m.total),
        "knockout_passed": m.knockout_passed,
        "matched": m.matched.iter().map(|s| json!({"name": s.name, "name_zh": s.name_zh,
            "required": s.required})).collect::<Vec<_>>(),
        "gaps": m.gaps.iter().zip(&gaps).map(|(g, t)| json!({"kind": g.kind, "item": g.item,
            "required": g.required, "text": t})).collect::<Vec<_>>(),
    });
    jf
}

// ---------------------------------------------------------------------------------------------
// HR summary
// ---------------------------------------------------------------------------------------------

fn hr(req: &ReportRequest, namer: &Namer, note: String, warnings: &mut Vec<Warning>) -> Report {
    let lang = req.lang;
    let na = l::NOT_AVAILABLE.get(lang).to_string();
    let opt2 = |x: Option<f64>| x.map_or(na.clone(), fmt2);
    let cards = &req.scorecards;
    let mut sections = Vec::new();

    // Per card: best score, flags.
    struct Row<'a> {
        card: &'a Scorecard,
        best: Option<f64>,
        fused: Option<f64>,
        flagged: usize,
        rerate: usize,
    }
    let mut rows: Vec<Row> = cards
        .iter()
        .map(|c| {
            let fused = extra_f64(&c.extra, "fused_overall");
            let divs: Vec<Divergence> = c
                .competencies
                .iter()
                .filter_map(|cs| divergence_of(c, cs).map(|(d, _)| d))
                .collect();
            Row {
                card: c,
                best: fused.or(c.overall),
                fused,
                flagged: divs.iter().filter(|d| d.flagged).count(),
                rerate: divs.iter().filter(|d| d.re_rate_requested).count(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let key = |r: &Row| r.best.map_or(f64::NEG_INFINITY, |x| x);
        key(b)
            .total_cmp(&key(a))
            .then_with(|| a.card.candidate_id.cmp(&b.card.candidate_id))
            .then_with(|| a.card.id.cmp(&b.card.id))
    });
    let total_flagged: usize = rows.iter().map(|r| r.flagged).sum();
    let total_rerate: usize = rows.iter().map(|r| r.rerate).sum();

    let mut jobs: Vec<&String> = cards.iter().filter_map(|c| c.job_id.as_ref()).collect();
    jobs.sort();
    jobs.dedup();
    if jobs.len() > 1 {
        warnings.push(warn(
            "hr.mixed_jobs",
            "/scorecards".into(),
            format!(
                "The scorecards belong to {} different jobs; averages mix them.",
                jobs.len()
            ),
            format!(
                "这些评分卡属于 {} 个不同职位，平均分是混合计算的。",
                jobs.len()
            ),
        ));
    }

    // Overview.
    let mut ov = section("overview", &l::SEC_OVERVIEW, lang);
    let scale = cards.first().map(|c| &c.scale);
    let mut kv = Vec::new();
    if !jobs.is_empty() {
        kv.push((
            l::KV_JOB.get(lang).to_string(),
            jobs.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    kv.push((
        l::KV_CANDIDATES.get(lang).to_string(),
        cards.len().to_string(),
    ));
    if let Some(s) = scale {
        kv.push((
            l::KV_SCALE.get(lang).to_string(),
            format!("{}–{}", bound(s.min), bound(s.max)),
        ));
    }
    kv.push((
        l::KV_FLAGGED.get(lang).to_string(),
        total_flagged.to_string(),
    ));
    kv.push((l::KV_RERATE.get(lang).to_string(), total_rerate.to_string()));
    ov.blocks.push(Block::KeyValues(kv));
    ov.blocks
        .push(Block::Para(l::STAFF_DISCLAIMER.get(lang).to_string()));
    ov.data = json!({
        "job_ids": jobs,
        "scorecards": cards.len(),
        "scale": scale.map(|s| json!({"min": s.min, "max": s.max})),
        "flagged_divergences": total_flagged,
        "re_rate_requested": total_rerate,
    });
    sections.push(ov);

    // Candidates table.
    let mut cd = section("candidates", &l::SEC_CANDIDATES, lang);
    cd.blocks.push(Block::Table {
        header: vec![
            l::COL_CANDIDATE.get(lang).to_string(),
            l::COL_SCORECARD.get(lang).to_string(),
            l::COL_OVERALL.get(lang).to_string(),
            l::COL_FUSED_OVERALL.get(lang).to_string(),
            l::COL_FLAGGED.get(lang).to_string(),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.card.candidate_id.clone().unwrap_or_else(|| na.clone()),
                    r.card.id.clone(),
                    opt2(r.card.overall),
                    opt2(r.fused),
                    r.flagged.to_string(),
                ]
            })
            .collect(),
        flagged: rows.iter().map(|r| r.flagged > 0).collect(),
    });
    cd.data = json!(rows
        .iter()
        .enumerate()
        .map(
            |(i, r)| json!({"rank": i + 1, "candidate_id": r.card.candidate_id,
            "scorecard_id": r.card.id, "job_id": r.card.job_id,
            "overall": opt_num(r.card.overall), "fused_overall": opt_num(r.fused),
            "flagged_divergences": r.flagged, "re_rate_requested": r.rerate})
        )
        .collect::<Vec<_>>());
    sections.push(cd);

    // Competency averages, in order of first appearance.
    #[derive(Default)]
    struct Acc {
        n: usize,
        ai: (f64, usize),
        fused: (f64, usize),
        rater: (f64, usize),
        shown: (f64, usize),
        flagged: usize,
    }
    let mut order: Vec<String> = Vec::new();
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    for c in cards {
        for cs in &c.competencies {
            if !acc.contains_key(&cs.competency) {
                order.push(cs.competency.clone());
            }
            let a = acc.entry(cs.competency.clone()).or_default();
            a.n += 1;
            if let Some(x) = cs.ai_score {
                a.ai.0 += x;
                a.ai.1 += 1;
            }
            if let Some(x) = cs.fused_score {
                a.fused.0 += x;
                a.fused.1 += 1;
            }
            if let Some(x) = interviewer_mean(cs) {
                a.rater.0 += x;
                a.rater.1 += 1;
            }
            if let Some(x) = shown_score(cs) {
                a.shown.0 += x;
                a.shown.1 += 1;
            }
            if divergence_of(c, cs).is_some_and(|(d, _)| d.flagged) {
                a.flagged += 1;
            }
        }
    }
    let mean = |(s, n): (f64, usize)| if n > 0 { Some(s / n as f64) } else { None };
    let mut av = section("competencies", &l::SEC_AVERAGES, lang);
    let mut av_rows = Vec::new();
    let mut av_items = Vec::new();
    let mut axes = Vec::new();
    for id in &order {
        let Some(a) = acc.get(id) else { continue };
        let (m_ai, m_fused, m_rater) = (mean(a.ai), mean(a.fused), mean(a.rater));
        let m_shown = mean(a.shown);
        av_rows.push(vec![
            namer.name(id),
            a.n.to_string(),
            opt2(m_ai),
            opt2(m_fused),
            opt2(m_rater),
            a.flagged.to_string(),
        ]);
        av_items.push(json!({"competency": id, "name": namer.name(id), "n": a.n,
            "mean_ai": opt_num(m_ai), "mean_fused": opt_num(m_fused),
            "mean_interviewer": opt_num(m_rater), "mean_score": opt_num(m_shown),
            "flagged_divergences": a.flagged}));
        if let (Some(x), Some(card)) = (m_shown, cards.first()) {
            axes.push(Bar {
                label: namer.name(id),
                fraction: fraction(card, x),
                display: fmt2(x),
            });
        }
    }
    av.data = Value::Array(av_items);
    if av_rows.is_empty() {
        av.missing.push("no_scored_competencies");
    } else {
        if !axes.is_empty() {
            av.blocks.push(radar(lang, axes));
        }
        let n = av_rows.len();
        av.blocks.push(Block::Table {
            header: vec![
                l::COL_COMPETENCY.get(lang).to_string(),
                l::COL_N.get(lang).to_string(),
                l::COL_MEAN_AI.get(lang).to_string(),
                l::COL_MEAN_FUSED.get(lang).to_string(),
                l::COL_MEAN_INTERVIEWER.get(lang).to_string(),
                l::COL_FLAGGED.get(lang).to_string(),
            ],
            rows: av_rows,
            flagged: vec![false; n],
        });
    }
    sections.push(av);

    // Funnel.
    let mut fu = section("funnel", &l::SEC_FUNNEL, lang);
    if req.funnel.is_empty() {
        fu.missing.push("no_funnel");
    } else {
        let first = req.funnel.first().map_or(0, |s| s.count);
        let max = req.funnel.iter().map(|s| s.count).max().unwrap_or(0);
        for (i, w) in req.funnel.windows(2).enumerate() {
            if let [a, b] = w {
                if b.count > a.count {
                    warnings.push(warn(
                        "funnel.increasing",
                        format!("/funnel/{}/count", i + 1),
                        format!(
                            "Stage {:?} has more candidates than the stage before it.",
                            b.stage
                        ),
                        format!("阶段“{}”的人数多于上一阶段。", b.stage),
                    ));
                }
            }
        }
        let share = |c: u64| {
            if first > 0 {
                Some(c as f64 / first as f64)
            } else {
                None
            }
        };
        fu.blocks.push(Block::Bars {
            caption: l::FUNNEL_CAPTION.get(lang).to_string(),
            bars: req
                .funnel
                .iter()
                .map(|s| Bar {
                    label: s.stage.clone(),
                    fraction: if max > 0 {
                        s.count as f64 / max as f64
                    } else {
                        0.0
                    },
                    display: s.count.to_string(),
                })
                .collect(),
        });
        let n = req.funnel.len();
        fu.blocks.push(Block::Table {
            header: vec![
                l::COL_STAGE.get(lang).to_string(),
                l::COL_COUNT.get(lang).to_string(),
                l::COL_SHARE.get(lang).to_string(),
            ],
            rows: req
                .funnel
                .iter()
                .map(|s| {
                    vec![
                        s.stage.clone(),
                        s.count.to_string(),
                        share(s.count).map_or(na.clone(), pct),
                    ]
                })
                .collect(),
            flagged: vec![false; n],
        });
        fu.data = json!(req
            .funnel
            .iter()
            .map(|s| json!({"stage": s.stage, "count": s.count,
                "share_of_first": share(s.count).map(round4)}))
            .collect::<Vec<_>>());
    }
    sections.push(fu);

    Report {
        kind: ReportKind::Hr,
        lang,
        title: title(req, &l::TITLE_HR),
        meta: Vec::new(),
        intro: Vec::new(),
        sections,
        note,
    }
}
