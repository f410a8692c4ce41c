//! Job-description text → [`JobProfile`]: sections (任职要求 / 加分项 / 岗位职责, Requirements /
//! Nice to have / Responsibilities), skills through the taxonomy, minimum years, degree, majors,
//! languages, certifications, location, knock-outs from "必须 / must" phrasing, competency
//! weights, each with an evidence span (code points into `description`, the normalised text).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::invalid;
use crate::error::{Error, Result};
use crate::schema::{
    DegreeLevel, JobProfile, JobProfileKind, KnockoutOp, KnockoutRule, LanguageRequirement,
    Provenance, Requirements, SkillRequirement,
};
use crate::taxonomy::{Lang, Taxonomy};

/// How to parse a job description.
#[derive(Debug, Clone, Default)]
pub struct JobParseOptions<'a> {
    /// Language of the names written (`English` or `英语`); detected from the text when absent.
    pub lang: Option<Lang>,
    /// The job id; `job-` and the first 12 hex digits of the text's SHA-256 when absent.
    pub id: Option<String>,
    /// The title; the first short line that is not a section heading when absent.
    pub title: Option<String>,
    /// The skill taxonomy; the embedded default when absent.
    pub taxonomy: Option<&'a Taxonomy>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Duties,
    Required,
    Preferred,
}

struct Clause<'t> {
    text: &'t str,
    /// Code-point offset of `text` in the whole text.
    start: usize,
    end: usize,
    section: Section,
    preferred: bool,
    must: bool,
}

impl Clause<'_> {
    /// Required context: a requirements section (or no sections at all), no "preferred" word.
    fn required(&self, sectioned: bool) -> bool {
        !self.preferred
            && match self.section {
                Section::Required => true,
                Section::Other => !sectioned,
                _ => false,
            }
    }
}

const REQUIRED_HEADINGS: &[&str] = &[
    "任职要求",
    "岗位要求",
    "任职资格",
    "职位要求",
    "岗位资格",
    "应聘要求",
    "招聘要求",
    "基本要求",
    "我们希望你",
    "requirements",
    "minimum qualifications",
    "basic qualifications",
    "required qualifications",
    "qualifications",
    "what you need",
    "what we're looking for",
    "what we are looking for",
    "must have",
    "must-have",
    "required skills",
    "who you are",
];
const PREFERRED_HEADINGS: &[&str] = &[
    "加分项",
    "优先条件",
    "优先考虑",
    "加分",
    "nice to have",
    "nice-to-have",
    "preferred qualifications",
    "preferred",
    "bonus points",
    "bonus",
    "good to have",
    "pluses",
];
const DUTY_HEADINGS: &[&str] = &[
    "岗位职责",
    "工作职责",
    "职位描述",
    "工作内容",
    "职责描述",
    "岗位描述",
    "responsibilities",
    "key responsibilities",
    "what you'll do",
    "what you will do",
    "about the role",
    "the role",
    "duties",
];
const OTHER_HEADINGS: &[&str] = &[
    "公司介绍",
    "公司简介",
    "福利待遇",
    "薪资福利",
    "benefits",
    "about us",
    "what we offer",
];

struct Patterns {
    preferred: Regex,
    must: Regex,
    years_range: Regex,
    years_min: Regex,
    degree_zh: Regex,
    degree_en: Regex,
    majors_zh: Regex,
    majors_en: Regex,
    lang_test: Regex,
    lang_fluent: Regex,
    location: Regex,
    split_list: Regex,
}

const NUM: &str = r"(\d{1,2}(?:\.\d)?|[一二两三四五六七八九十]{1,2})";

fn patterns() -> Result<&'static Patterns> {
    static CELL: OnceLock<std::result::Result<Patterns, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let r = |p: &str| Regex::new(p).map_err(|e| e.to_string());
        Ok(Patterns {
            preferred: r(r"(?i)优先|加分|更佳|为佳|preferred|preferably|a plus|is a bonus|nice to have|nice-to-have|desirable|ideally|bonus")?,
            must: r(r"(?i)必须|务必|必需|须持有|须具备|须取得|硬性|(?-u:\b)must(?-u:\b)|mandatory|(?-u:\b)required(?-u:\b)")?,
            years_range: r(&format!(r"(?i){NUM}\s*(?:-|~|–|—|至|到|to)\s*{NUM}\s*(?:年|years?|yrs)"))?,
            years_min: r(&format!(
                r"(?i)(?:至少|不少于|最少|不低于|≥|>=|at least|minimum of|min\.?|over|more than)\s*{NUM}\s*(?:年|\+?\s*years?|\+?\s*yrs)|{NUM}\s*(?:年以上|年及以上|年或以上|年\s*以上|\+\s*(?:years?|yrs)|年[^，。；\n]{{0,12}}经验|\s*(?:years?|yrs)['’]?\s+(?:of\s+)?(?:[a-z/-]+\s+){{0,4}}experience)"
            ))?,
            degree_zh: r(r"(博士|硕士|研究生|本科|学士|大专|专科|高中|中专)")?,
            degree_en: r(r"(?i)(?-u:\b)(ph\.?d|doctorate|doctoral|master['’]?s?|mba|m\.?sc|bachelor['’]?s?|b\.?sc|b\.?a\.?|b\.?s\.?|associate['’]?s?)(?-u:\b)(?:\s+degree)?")?,
            majors_zh: r(r"([\p{Han}A-Za-z、/及和与或]{2,40}?)(?:等)?(?:相关|相近)?专业")?,
            majors_en: r(r"(?i)(?:degree|bs|ms|ba|b\.?sc|m\.?sc)(?:\s+or\s+(?:above|higher))?\s+in\s+([A-Za-z ,&/]+?)(?:,?\s*or\s+(?:a\s+)?(?:related|similar|relevant|equivalent)|\s*$|[.;])")?,
            lang_test: r(r"(?i)CET-?\s*([46])|大学英语\s*([四六])\s*级|英语\s*([四六])\s*级|专业英语\s*([四八])\s*级|TEM-?\s*([48])|(?:IELTS|雅思)\s*(\d(?:\.5)?)|(?:TOEFL|托福)\s*(\d{2,3})|(?:JLPT|日语)\s*N([1-5])")?,
            lang_fluent: r(r"(?i)(英语|英文|日语|韩语|法语|德语|粤语|普通话)\s*(?:口语|听说读写|读写)?\s*(?:能力)?\s*(流利|熟练|良好|精通)|(fluent|fluency|proficient|proficiency|excellent|good|business-level|native)\s+(?:in\s+)?(?:written\s+and\s+spoken\s+|spoken\s+and\s+written\s+)?(english|japanese|mandarin|chinese|cantonese|korean|french|german)|(english|japanese|mandarin|cantonese|korean|french|german)\s+(?:fluency|proficiency|skills)")?,
            location: r(r"(?i)(?:工作地点|工作城市|办公地点|工作地址|location|based in|office)\s*[:：]?\s*([^\n]{1,80})")?,
            split_list: r(r"\s*(?:、|/|,|，|\||;|；|\s+or\s+|\s+and\s+|或|及|和|与)\s*")?,
        })
    })
    .as_ref()
    .map_err(|e| Error::Internal(format!("job description patterns do not build: {e}")))
}

fn zh_number(s: &str) -> Option<f64> {
    if let Ok(v) = s.parse::<f64>() {
        return Some(v);
    }
    let digit = |c: char| -> Option<f64> {
        Some(match c {
            '一' => 1.0,
            '二' | '两' => 2.0,
            '三' => 3.0,
            '四' => 4.0,
            '五' => 5.0,
            '六' => 6.0,
            '七' => 7.0,
            '八' => 8.0,
            '九' => 9.0,
            _ => return None,
        })
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        ['十'] => Some(10.0),
        ['十', d] => Some(10.0 + digit(*d)?),
        [d, '十'] => Some(10.0 * digit(*d)?),
        [d] => digit(*d),
        _ => None,
    }
}

fn heading(line: &str) -> Option<(Section, usize)> {
    let t = line.trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '#' | '*'
                    | '【'
                    | '['
                    | '■'
                    | '●'
                    | '-'
                    | '一'
                    | '二'
                    | '三'
                    | '、'
                    | '.'
                    | '（'
                    | '('
                    | ')'
                    | '）'
            )
            || c.is_ascii_digit()
    });
    let offset = line.len() - t.len();
    let lower = t.to_lowercase();
    let groups = [
        (Section::Preferred, PREFERRED_HEADINGS),
        (Section::Required, REQUIRED_HEADINGS),
        (Section::Duties, DUTY_HEADINGS),
        (Section::Other, OTHER_HEADINGS),
    ];
    let mut best: Option<(Section, usize)> = None;
    for (sec, words) in groups {
        for w in words {
            if !lower.starts_with(w) {
                continue;
            }
            let rest = lower.get(w.len()..).unwrap_or("");
            let rest_t = rest.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '】' | ']' | '*' | '#')
            });
            let ok = rest_t.is_empty() || rest_t.starts_with(':') || rest_t.starts_with('：');
            if ok && best.is_none_or(|(_, l)| w.len() > l) {
                best = Some((sec, w.len()));
            }
        }
    }
    let (sec, wlen) = best?;
    // Content after the heading (and its colon) stays in the section.
    let after = t.get(wlen..).unwrap_or("");
    let skip = after
        .char_indices()
        .find(|(_, c)| !(c.is_whitespace() || matches!(c, '】' | ']' | '*' | '#' | ':' | '：')))
        .map_or(after.len(), |(i, _)| i);
    Some((sec, offset + wlen + skip))
}

fn cp_of(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |s| s.chars().count())
}

fn clauses(text: &str) -> Result<(Vec<Clause<'_>>, bool)> {
    let p = patterns()?;
    let mut out = Vec::new();
    let mut section = Section::Other;
    let mut sectioned = false;
    let mut line_start = 0usize;
    for line in text.split('\n') {
        let mut body_start = 0usize;
        if let Some((sec, skip)) = heading(line) {
            section = sec;
            if sec != Section::Other {
                sectioned = true;
            }
            body_start = skip;
        }
        let body = line.get(body_start..).unwrap_or("");
        let mut piece_start = 0usize;
        let bytes_end = body.len();
        let mut push = |s: usize, e: usize| {
            let t = body.get(s..e).unwrap_or("");
            if t.trim().is_empty() {
                return;
            }
            let abs = line_start + body_start + s;
            let start = cp_of(text, abs);
            out.push(Clause {
                text: t,
                start,
                end: start + t.chars().count(),
                section,
                preferred: section == Section::Preferred || p.preferred.is_match(t),
                must: p.must.is_match(t),
            });
        };
        for (i, c) in body.char_indices() {
            if matches!(c, '，' | '；' | ';' | '。') {
                push(piece_start, i);
                piece_start = i + c.len_utf8();
            }
        }
        push(piece_start, bytes_end);
        line_start += line.len() + 1;
    }
    Ok((out, sectioned))
}

fn degree_from(word: &str) -> Option<DegreeLevel> {
    let w = word.to_lowercase().replace(['.', '’', '\''], "");
    Some(match w.as_str() {
        "博士" | "phd" | "doctorate" | "doctoral" => DegreeLevel::Doctorate,
        "硕士" | "研究生" | "masters" | "master" | "mba" | "msc" => DegreeLevel::Master,
        "本科" | "学士" | "bachelors" | "bachelor" | "bsc" | "ba" | "bs" => {
            DegreeLevel::Bachelor
        }
        "大专" | "专科" | "associates" | "associate" => DegreeLevel::Associate,
        "高中" | "中专" => DegreeLevel::Secondary,
        _ => return None,
    })
}

/// The snake_case name of a degree level (`bachelor`).
pub(crate) fn degree_name(d: DegreeLevel) -> &'static str {
    match d {
        DegreeLevel::Secondary => "secondary",
        DegreeLevel::Associate => "associate",
        DegreeLevel::Bachelor => "bachelor",
        DegreeLevel::Master => "master",
        DegreeLevel::Doctorate => "doctorate",
    }
}

pub(crate) fn degree_zh(d: DegreeLevel) -> &'static str {
    match d {
        DegreeLevel::Secondary => "高中/中专",
        DegreeLevel::Associate => "大专",
        DegreeLevel::Bachelor => "本科",
        DegreeLevel::Master => "硕士",
        DegreeLevel::Doctorate => "博士",
    }
}

fn lang_names(code: &str) -> (&'static str, &'static str) {
    match code {
        "en" => ("English", "英语"),
        "ja" => ("Japanese", "日语"),
        "ko" => ("Korean", "韩语"),
        "fr" => ("French", "法语"),
        "de" => ("German", "德语"),
        "yue" => ("Cantonese", "粤语"),
        "zh" => ("Mandarin", "普通话"),
        _ => ("", ""),
    }
}

/// Language code of a name (`英语`, `English` → `en`).
pub(crate) fn lang_code(name: &str) -> Option<&'static str> {
    let n = name.to_lowercase();
    Some(match n.as_str() {
        s if s.contains("英")
            || s.contains("english")
            || s.starts_with("cet")
            || s.starts_with("tem")
            || s.contains("ielts")
            || s.contains("toefl")
            || s.contains("雅思")
            || s.contains("托福") =>
        {
            "en"
        }
        s if s.contains("日") || s.contains("japanese") || s.contains("jlpt") => "ja",
        s if s.contains("韩") || s.contains("korean") || s.contains("topik") => "ko",
        s if s.contains("法") || s.contains("french") => "fr",
        s if s.contains("德") || s.contains("german") => "de",
        s if s.contains("粤") || s.contains("cantonese") => "yue",
        s if s.contains("普通话")
            || s.contains("mandarin")
            || s.contains("汉语")
            || s.contains("chinese")
            || s.contains("hsk") =>
        {
            "zh"
        }
        _ => return None,
    })
}

fn is_zh_text(text: &str) -> bool {
    let (mut han, mut latin) = (0usize, 0usize);
    for c in text.chars().take(20_000) {
        if crate::taxonomy::is_cjk(c) {
            han += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    han > 0 && han * 3 >= latin
}

fn evidence(field: &str, value: Value, start: usize, text: &str) -> Value {
    json!({"field": field, "value": value, "start": start,
           "end": start + text.chars().count(), "text": text})
}

fn knockout(field: &str, op: KnockoutOp, value: Value, en: String, zh: String) -> KnockoutRule {
    let id = match &value {
        Value::String(s) => format!("{field}:{s}"),
        other => format!("{field}:{other}"),
    };
    KnockoutRule {
        id,
        field: field.to_string(),
        op,
        value,
        reason_en: Some(en),
        reason_zh: Some(zh),
        extra: Map::new(),
    }
}

/// Parses a job-description text (Chinese or English) into a [`JobProfile`].
///
/// `description` is the normalised text (the resume parser's normalisation); every evidence
/// span in `extra.parse_evidence` and `requirements.skills[].evidence` points into it (code
/// points). `requirements.max_years_experience` (a range `3-5年`) and
/// `requirements.preferred_certifications` are kept in the `extra` maps.
///
/// Errors: [`Error::InvalidArgument`] `text` for an empty text.
pub fn parse_job(text: &str, options: &JobParseOptions<'_>) -> Result<JobProfile> {
    if text.trim().is_empty() {
        return Err(invalid("text", "a job description with some text"));
    }
    let tax = match options.taxonomy {
        Some(t) => t,
        None => Taxonomy::default()?,
    };
    let parsed = crate::resume::parse_resume(
        text.as_bytes(),
        &crate::resume::ParseOptions {
            skill_finder: Some(tax),
            format: Some(crate::resume::Format::Txt),
            ..Default::default()
        },
    )
    .map_err(|e| match e {
        Error::InvalidArgument { expected, .. } => invalid("text", expected),
        other => other,
    })?;
    let resume = parsed.resume;
    let norm = resume.raw_text.clone().unwrap_or_default();
    let zh = match options.lang {
        Some(Lang::Zh) => true,
        Some(Lang::En) => false,
        None => is_zh_text(&norm),
    };
    let p = patterns()?;
    let (cls, sectioned) = clauses(&norm)?;
    let clause_at = |cp: usize| {
        cls.iter()
            .find(|c| c.start <= cp && cp < c.end.max(c.start + 1))
    };
    let mut ev: Vec<Value> = Vec::new();
    let mut req = Requirements::default();
    let mut knockouts: Vec<KnockoutRule> = Vec::new();

    // Years, degree, majors, languages, per clause.
    let mut degree: Option<(DegreeLevel, bool)> = None;
    let mut langs: Vec<(String, LanguageRequirement)> = Vec::new();
    for c in &cls {
        if req.min_years_experience.is_none() && !c.preferred {
            if let Some(m) = p.years_range.captures(c.text) {
                let a = m.get(1).and_then(|x| zh_number(x.as_str()));
                let b = m.get(2).and_then(|x| zh_number(x.as_str()));
                if let (Some(a), Some(b), Some(all)) = (a, b, m.get(0)) {
                    if a <= b && b <= 60.0 {
                        req.min_years_experience = Some(a);
                        req.extra.insert("max_years_experience".into(), json!(b));
                        ev.push(evidence(
                            "min_years_experience",
                            json!(a),
                            c.start + cp_of(c.text, all.start()),
                            all.as_str(),
                        ));
                    }
                }
            }
            if req.min_years_experience.is_none() {
                if let Some(m) = p.years_min.captures(c.text) {
                    let n = m.get(1).or(m.get(2)).and_then(|x| zh_number(x.as_str()));
                    if let (Some(n), Some(all)) = (n, m.get(0)) {
                        if n <= 60.0 {
                            req.min_years_experience = Some(n);
                            ev.push(evidence(
                                "min_years_experience",
                                json!(n),
                                c.start + cp_of(c.text, all.start()),
                                all.as_str(),
                            ));
                        }
                    }
                }
            }
            if let (Some(n), true) = (req.min_years_experience, c.must) {
                if !knockouts.iter().any(|k| k.field == "years_experience") {
                    knockouts.push(knockout(
                        "years_experience",
                        KnockoutOp::Gte,
                        json!(n),
                        format!("The job requires at least {n} years of experience"),
                        format!("职位要求至少{n}年工作经验"),
                    ));
                }
            }
        }
        // Degree: the lowest level named in a non-preferred clause.
        if !c.preferred {
            let mut found: Vec<(DegreeLevel, usize, &str)> = Vec::new();
            for m in p.degree_zh.find_iter(c.text) {
                if let Some(d) = degree_from(m.as_str()) {
                    found.push((d, m.start(), m.as_str()));
                }
            }
            for m in p.degree_en.captures_iter(c.text) {
                if let (Some(w), Some(all)) = (m.get(1), m.get(0)) {
                    // `BA`/`BS` only in upper case, to keep words like "ba" out.
                    let word = w.as_str();
                    if word.len() <= 4
                        && word.chars().any(|ch| ch.is_ascii_lowercase())
                        && !word.eq_ignore_ascii_case("phd")
                        && !word.eq_ignore_ascii_case("mba")
                        && !word.eq_ignore_ascii_case("msc")
                        && !word.eq_ignore_ascii_case("bsc")
                    {
                        continue;
                    }
                    if let Some(d) = degree_from(word) {
                        found.push((d, all.start(), all.as_str()));
                    }
                }
            }
            if let Some((d, at, surface)) = found.iter().min_by_key(|f| (f.0, f.1)).copied() {
                if degree.is_none_or(|(old, _)| d < old) {
                    degree = Some((d, c.must));
                    ev.retain(|e| e["field"] != "degree");
                    ev.push(evidence(
                        "degree",
                        json!(degree_name(d)),
                        c.start + cp_of(c.text, at),
                        surface,
                    ));
                }
            }
        }
        // Majors.
        if req.majors.is_empty() && !c.preferred {
            let cap = p
                .majors_zh
                .captures(c.text)
                .filter(|_| !c.text.contains("专业不限"))
                .or_else(|| p.majors_en.captures(c.text));
            if let Some(g) = cap.and_then(|m| m.get(1)) {
                let mut list = g.as_str();
                for strip in ["统招", "全日制", "学历", "以上", "及以上"] {
                    if let Some(i) = list.rfind(strip) {
                        list = list.get(i + strip.len()..).unwrap_or("");
                    }
                }
                let majors: Vec<String> = p
                    .split_list
                    .split(list)
                    .map(|s| s.trim().trim_start_matches("a ").trim())
                    .filter(|s| {
                        s.chars().count() >= 2
                            && !s.eq_ignore_ascii_case("related")
                            && !s.eq_ignore_ascii_case("a related field")
                    })
                    .map(str::to_string)
                    .collect();
                if !majors.is_empty() {
                    ev.push(evidence(
                        "majors",
                        json!(majors),
                        c.start + cp_of(c.text, g.start()),
                        g.as_str(),
                    ));
                    req.majors = majors;
                }
            }
        }
        // Languages.
        let mut found: Vec<(&str, String, usize, &str)> = Vec::new();
        for m in p.lang_test.captures_iter(c.text) {
            let Some(all) = m.get(0) else { continue };
            let g = |i: usize| m.get(i).map(|x| x.as_str());
            let zh_level = |s: &str| -> &'static str {
                match s {
                    "四" | "4" => "4",
                    "六" | "6" => "6",
                    "八" | "8" => "8",
                    _ => "",
                }
            };
            let (code, level) = if let Some(d) = g(1).or(g(2)).or(g(3)) {
                ("en", format!("CET-{}", zh_level(d)))
            } else if let Some(d) = g(4).or(g(5)) {
                ("en", format!("TEM-{}", zh_level(d)))
            } else if let Some(s) = g(6) {
                ("en", format!("IELTS {s}"))
            } else if let Some(s) = g(7) {
                ("en", format!("TOEFL {s}"))
            } else if let Some(s) = g(8) {
                ("ja", format!("JLPT N{s}"))
            } else {
                continue;
            };
            found.push((code, level, all.start(), all.as_str()));
        }
        if found.is_empty() {
            for m in p.lang_fluent.captures_iter(c.text) {
                let Some(all) = m.get(0) else { continue };
                let name = m
                    .get(1)
                    .or(m.get(4))
                    .or(m.get(5))
                    .map_or("", |x| x.as_str());
                if let Some(code) = lang_code(name) {
                    found.push((code, "fluent".to_string(), all.start(), all.as_str()));
                }
            }
        }
        for (code, level, at, surface) in found {
            if langs.iter().any(|(c2, _)| c2 == code) {
                continue;
            }
            let (en, zhn) = lang_names(code);
            let required = !c.preferred;
            ev.push(evidence(
                "languages",
                json!(level),
                c.start + cp_of(c.text, at),
                surface,
            ));
            if c.must && required {
                knockouts.push(knockout(
                    "language",
                    KnockoutOp::Has,
                    json!(level),
                    format!("The job requires {en} at level {level}"),
                    format!("职位要求{zhn}达到{level}"),
                ));
            }
            langs.push((
                code.to_string(),
                LanguageRequirement {
                    language: if zh { zhn.to_string() } else { en.to_string() },
                    min_level: Some(level),
                    required,
                    extra: Map::new(),
                },
            ));
        }
        // Location.
        if req.locations.is_empty() {
            if let Some(g) = p.location.captures(c.text).and_then(|m| m.get(1)) {
                let locs: Vec<String> = p
                    .split_list
                    .split(g.as_str())
                    .map(|s| s.trim().trim_end_matches('市').to_string())
                    .filter(|s| !s.is_empty() && s.chars().count() <= 20)
                    .collect();
                if !locs.is_empty() {
                    ev.push(evidence(
                        "locations",
                        json!(locs),
                        c.start + cp_of(c.text, g.start()),
                        g.as_str(),
                    ));
                    req.locations = locs;
                }
            }
        }
    }
    if let Some((d, must)) = degree {
        req.degree = Some(d);
        if must {
            knockouts.push(knockout(
                "degree",
                KnockoutOp::Gte,
                json!(degree_name(d)),
                format!("The job requires a {} degree or above", degree_name(d)),
                format!("职位要求{}及以上学历", degree_zh(d)),
            ));
        }
    }
    req.languages = langs.into_iter().map(|(_, l)| l).collect();

    // Certifications (the resume parser's recogniser, with its codes).
    let mut preferred_certs: Vec<String> = Vec::new();
    for cert in &resume.certifications {
        let Some(span) = &cert.evidence else { continue };
        let Some(c) = clause_at(span.start as usize) else {
            continue;
        };
        ev.push(evidence(
            "certifications",
            json!(cert.name),
            span.start as usize,
            &cert.name,
        ));
        if c.preferred {
            preferred_certs.push(cert.name.clone());
            continue;
        }
        req.certifications.push(cert.name.clone());
        if c.must {
            knockouts.push(knockout(
                "certification",
                KnockoutOp::Has,
                json!(cert.name),
                format!("The job requires the certification {}", cert.name),
                format!("职位要求必须持有{}", cert.name),
            ));
        }
    }
    if !preferred_certs.is_empty() {
        req.extra
            .insert("preferred_certifications".into(), json!(preferred_certs));
    }
    let covered_by: Vec<(usize, usize)> = ev
        .iter()
        .filter(|e| e["field"] == "languages" || e["field"] == "certifications")
        .filter_map(|e| Some((e["start"].as_u64()? as usize, e["end"].as_u64()? as usize)))
        .collect();
    // Skills.
    for s in &resume.skills {
        let Some(id) = s.taxonomy_id.clone() else {
            continue;
        };
        let mut required = false;
        let mut must = false;
        let mut seen_any = false;
        for span in &s.evidence {
            if let Some(c) = clause_at(span.start as usize) {
                seen_any = true;
                required |= c.required(sectioned);
                must |= c.must && c.required(sectioned);
            }
        }
        // A certificate or language test the taxonomy also lists is read as one, not as a skill.
        let covered = s.evidence.iter().all(|sp| {
            covered_by
                .iter()
                .any(|(a, b)| (sp.start as usize) < *b && *a < sp.end as usize)
        });
        if !seen_any || covered {
            continue;
        }
        let sk = tax.get(&id);
        let name = sk.map_or(s.name.clone(), |k| {
            if zh {
                k.display_name(Some(Lang::Zh)).to_string()
            } else {
                k.name.clone()
            }
        });
        let mut extra = Map::new();
        extra.insert(
            "evidence".into(),
            serde_json::to_value(&s.evidence).unwrap_or(Value::Null),
        );
        if must {
            knockouts.push(knockout(
                "skill",
                KnockoutOp::Has,
                json!(id),
                format!(
                    "The job requires the skill {}",
                    sk.map_or(name.as_str(), |k| k.name.as_str())
                ),
                format!(
                    "职位要求必须具备技能：{}",
                    sk.map_or(name.as_str(), |k| k.display_name(Some(Lang::Zh)))
                ),
            ));
        }
        req.skills.push(SkillRequirement {
            taxonomy_id: Some(id),
            name,
            weight: 1.0,
            level: None,
            required,
            extra,
        });
    }

    req.knockouts = knockouts;

    // Competency weights from the competency vocabulary of the resume parser.
    let mut counts: BTreeMap<String, f64> = BTreeMap::new();
    if let Some(Value::Array(list)) = resume.extra.get("competency_evidence") {
        for e in list {
            if e["kind"] != "competency" {
                continue;
            }
            if let Some(id) = e["id"].as_str() {
                let n = e["evidence"].as_array().map_or(0, Vec::len) as f64;
                counts.insert(id.to_string(), n);
            }
        }
    }
    let total: f64 = counts.values().sum();
    let competency_weights: Map<String, Value> = counts
        .into_iter()
        .filter(|_| total > 0.0)
        .map(|(k, v)| (k, json!(super::round(v / total, 4))))
        .collect();

    let title = options.title.clone().unwrap_or_else(|| {
        norm.lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && heading(l).is_none())
            .filter(|l| l.chars().count() <= 40)
            .map_or_else(
                || {
                    if zh {
                        "未命名职位".to_string()
                    } else {
                        "Untitled job".to_string()
                    }
                },
                str::to_string,
            )
    });
    let hash = crate::trail::hex(&Sha256::digest(text.as_bytes()));
    let id = options
        .id
        .clone()
        .unwrap_or_else(|| format!("job-{}", hash.get(..12).unwrap_or("")));
    let mut prov_extra = Map::new();
    prov_extra.insert("parser".into(), json!("rules"));
    let mut extra = Map::new();
    extra.insert("parse_evidence".into(), Value::Array(ev));
    extra.insert("language".into(), json!(if zh { "zh" } else { "en" }));
    Ok(JobProfile {
        schema_version: crate::SCHEMA_VERSION,
        kind: JobProfileKind::Tag,
        id,
        title,
        role_family: None,
        department: None,
        description: Some(norm),
        requirements: req,
        competency_weights,
        provenance: Some(Provenance {
            engine_version: crate::ENGINE_VERSION.to_string(),
            taxonomy_hash: Some(tax.version().to_string()),
            input_hash: Some(hash),
            extra: prov_extra,
            ..Provenance::default()
        }),
        extra,
    })
}
