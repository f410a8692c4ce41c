//! Education entries: school, degree (as written and normalised), major, dates, grade, and
//! school-tier flags from a vendor list.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::dates::{self, End};
use super::sections::{Kind, Section};
use super::text::{ascii_isolated, is_han, segments, trim_range, Doc, Range};
use super::Entity;
use crate::error::{Error, Result};
use crate::schema::migrate::normalize_degree;
use crate::schema::Education;

pub(crate) struct Patterns {
    zh_school: Regex,
    en_school: Regex,
    degree: Regex,
    major_label: Regex,
    gpa: Regex,
}

pub(crate) fn patterns() -> Result<&'static Patterns> {
    static CELL: OnceLock<std::result::Result<Patterns, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let re = |s: &str| Regex::new(s).map_err(|e| e.to_string());
        Ok(Patterns {
            zh_school: re(
                r"\p{Han}[\p{Han}·]{1,23}?(?:职业技术学院|大学|学院|学校|中学|高中|党校)(?:\([\p{Han}]{1,8}\))?",
            )?,
            en_school: re(concat!(
                r"(?:[A-Z][A-Za-z'.&\-]*[ ]+(?:(?:of|and|for|the|&)[ ]+)?)*",
                r"(?:University|College|Institute|Polytechnic|Academy|School)",
                r"(?:[ ]+(?:of|for|at)[ ]+(?:the[ ]+)?[A-Z][A-Za-z'.&\-]*(?:[ ]+(?:and[ ]+|&[ ]+)?[A-Z][A-Za-z'.&\-]*)*)?",
                r"(?:,[ ]+(?:Berkeley|Los Angeles|San Diego|Davis|Irvine|Austin|Madison|Ann Arbor))?",
            ))?,
            degree: re(concat!(
                r"(?:法律|工商管理|公共管理|金融|会计|工程|教育|翻译|社会工作|应用统计|(?:工|理|文|法|经济|管理|医|农|艺术|教育|历史|哲)学)(?:博士|硕士|学士)",
                r"|博士研究生|博士后|博士|硕士研究生|硕士|研究生|本科|学士|大专|专科|高职|高中|中专|职高",
                r"|(?-u:\b)(?:Ph\.?[ ]?D\.?|Doctor[ ]of[ ][A-Z][a-z]+|Doctorate|D\.?Phil\.?",
                r"|Master(?:'s)?(?:[ ]of[ ][A-Z][a-z]+(?:[ ](?:and[ ])?[A-Z][a-z]+)?|[ ][Dd]egree)?",
                r"|E?MBA|M\.?Sc\.?|M\.S\.|MS|M\.A\.|MA|M\.?Eng\.?|MPhil|LL\.?M\.?|MPA|MFin",
                r"|Bachelor(?:'s)?(?:[ ]of[ ][A-Z][a-z]+(?:[ ](?:and[ ])?[A-Z][a-z]+)?|[ ][Dd]egree)?",
                r"|B\.?Sc\.?|B\.S\.|BS|B\.A\.|BA|B\.?Eng\.?|BBA|LL\.?B\.?",
                r"|Associate(?:'s)?(?:[ ]of[ ][A-Z][a-z]+|[ ][Dd]egree)|High[ ]School(?:[ ]Diploma)?)",
            ))?,
            major_label: re(
                r"(?i)(?:专业[ ]*:|(?-u:\b)(?:major(?:ed)?(?:[ ]in)?|field of study|concentration)(?:[ ]*:)?)[ ]*",
            )?,
            gpa: re(
                r"(?i)(?:(?-u:\b)GPA|绩点|均分|平均分)[ ]*:?[ ]*([0-9]{1,3}(?:\.[0-9]{1,2})?(?:[ ]*/[ ]*[0-9]{1,3}(?:\.[0-9]{1,2})?)?)|(?:专业|年级|班级)?排名[ ]*:?[ ]*(前[ ]*[0-9]{1,2}(?:\.[0-9])?[ ]*%|[0-9]{1,3}[ ]*/[ ]*[0-9]{1,4})|(?i:top[ ]+[0-9]{1,2}(?:\.[0-9])?[ ]*%)",
            )?,
        })
    })
    .as_ref()
    .map_err(|e| Error::Internal(format!("education patterns do not compile: {e}")))
}

const SCHOOL_PREFIXES: &[&str] = &["毕业于", "就读于", "就读", "学校", "院校", "毕业院校"];

/// The first school named in `[s, e)`.
pub(crate) fn find_school(p: &Patterns, text: &str, (s, e): Range) -> Option<Range> {
    let line = text.get(s..e)?;
    // Cheap tests first: the keywords the patterns end in.
    let zh_possible = ["学", "校", "高中"].iter().any(|k| line.contains(k));
    let en_possible = [
        "Universit",
        "College",
        "Institute",
        "School",
        "Academy",
        "Polytechnic",
    ]
    .iter()
    .any(|k| line.contains(k));
    let zh = if zh_possible {
        p.zh_school.find(line)
    } else {
        None
    };
    let zh = zh.map(|m| {
        let mut start = m.start();
        for prefix in SCHOOL_PREFIXES {
            if m.as_str().starts_with(prefix) && m.as_str().len() > prefix.len() + 3 {
                start = m.start() + prefix.len();
            }
        }
        (s + start, s + m.end())
    });
    let en_matches = if en_possible {
        p.en_school.find_iter(line).collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    let en = en_matches.into_iter().find_map(|m| {
        let mut start = m.start();
        // A degree glued in front (`BSc Computer Science University of X`) is not the school.
        if let Some(d) = p.degree.find(m.as_str()) {
            if d.start() == 0 {
                start = m.start() + d.end();
            }
        }
        let mut end = m.end();
        // One more capitalised word closing the segment: `Imperial College London`.
        let rest = line.get(end..).unwrap_or("");
        let word_len = rest
            .strip_prefix(' ')
            .map(|r| r.bytes().take_while(u8::is_ascii_alphabetic).count())
            .unwrap_or(0);
        if word_len > 1 && rest.as_bytes().get(1).is_some_and(u8::is_ascii_uppercase) {
            let after = rest.get(1 + word_len..).unwrap_or("");
            if after.trim_start().is_empty() || after.starts_with([',', '|', ';', '\t', '(']) {
                end += 1 + word_len;
            }
        }
        let r = trim_range(line, (start, end), &[',', '.']);
        let name = line.get(r.0..r.1)?;
        // A bare keyword ("School") is not a school name.
        (name.contains(' ') && ascii_isolated(line, r.0, r.1)).then_some((s + r.0, s + r.1))
    });
    match (zh, en) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn find_degree(p: &Patterns, text: &str, (s, e): Range, school: Option<Range>) -> Option<Range> {
    let line = text.get(s..e)?;
    p.degree.find_iter(line).find_map(|m| {
        let (ms, mut me) = (s + m.start(), s + m.end());
        if !m.as_str().starts_with(|c: char| is_han(c)) && !ascii_isolated(text, ms, me) {
            // `B.Sc.` ends in a dot; only the byte after must not be a letter or digit.
            let after = text
                .as_bytes()
                .get(me)
                .is_some_and(|b| b.is_ascii_alphanumeric());
            let before = ms > 0
                && text
                    .as_bytes()
                    .get(ms - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric());
            if after || before {
                return None;
            }
        }
        if m.as_str() == "博士后" {
            return None;
        }
        if let Some((ss, se)) = school {
            if ms >= ss && me <= se {
                return None;
            }
            if ms < ss && me > ss {
                me = ss;
            }
        }
        let r = trim_range(text, (ms, me), &[]);
        (r.1 > r.0).then_some(r)
    })
}

/// A line of an entry and what it holds.
struct LineInfo {
    range: Range,
    school: Option<Range>,
    dates: Option<dates::DateRange>,
}

/// Education entries of every education section.
pub(crate) fn extract(
    doc: &Doc,
    sections: &[Section],
    tiers: &BTreeMap<String, Vec<String>>,
    ner: &[Entity],
    warnings: &mut Vec<super::Warning>,
) -> Result<Vec<Education>> {
    let p = patterns()?;
    let text = doc.text.as_str();
    let mut out = Vec::new();
    for sec in sections.iter().filter(|s| s.kind == Kind::Education) {
        // Group lines into entries: a new entry starts at a line naming a school (or holding a
        // date range) when the current entry already has one.
        let mut entries: Vec<Vec<LineInfo>> = Vec::new();
        let mut blank_after_complete = false;
        for &(s, e) in &sec.body {
            let line = text.get(s..e).unwrap_or("");
            if line.trim().is_empty() {
                blank_after_complete = entries.last().is_some_and(|en| {
                    en.iter().any(|l| l.school.is_some()) && en.iter().any(|l| l.dates.is_some())
                });
                continue;
            }
            let info = LineInfo {
                range: (s, e),
                school: find_school(p, text, (s, e)),
                dates: dates::find_range(line)?.map(|mut d| {
                    d.start_at = (d.start_at.0 + s, d.start_at.1 + s);
                    d.end_at = (d.end_at.0 + s, d.end_at.1 + s);
                    d.whole = (d.whole.0 + s, d.whole.1 + s);
                    d
                }),
            };
            let start_new = match entries.last() {
                None => true,
                Some(en) => {
                    let has_school = en.iter().any(|l| l.school.is_some());
                    let has_dates = en.iter().any(|l| l.dates.is_some());
                    blank_after_complete
                        || (info.school.is_some() && has_school)
                        || (info.dates.is_some() && has_dates)
                }
            };
            blank_after_complete = false;
            if start_new {
                entries.push(vec![info]);
            } else if let Some(en) = entries.last_mut() {
                en.push(info);
            }
        }
        for lines in entries {
            if let Some(ed) = entry(doc, p, &lines, tiers, ner, warnings)? {
                out.push(ed);
            }
            if out.len() >= super::MAX_ENTRIES {
                return Ok(out);
            }
        }
    }
    Ok(out)
}

fn put_span(map: &mut Map<String, Value>, key: &str, doc: &Doc, r: Range) {
    map.insert(key.to_string(), doc.span_value(r.0, r.1));
}

fn entry(
    doc: &Doc,
    p: &Patterns,
    lines: &[LineInfo],
    tiers: &BTreeMap<String, Vec<String>>,
    ner: &[Entity],
    warnings: &mut Vec<super::Warning>,
) -> Result<Option<Education>> {
    let text = doc.text.as_str();
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return Ok(None);
    };
    let extent = (first.range.0, last.range.1);
    let mut ed = Education::default();
    let mut fields = Map::with_capacity(6);

    let mut school = lines.iter().find_map(|l| l.school);
    if school.is_none() {
        school = ner
            .iter()
            .find(|e| e.kind == "EDU" && e.start >= extent.0 && e.end <= extent.1)
            .map(|e| (e.start, e.end));
    }
    if let Some(r) = school {
        let name = text.get(r.0..r.1).unwrap_or("").to_string();
        let mut flags: Vec<String> = tiers
            .iter()
            .filter(|(_, list)| list.iter().any(|s| same_school(s, &name)))
            .map(|(tier, _)| tier.clone())
            .collect();
        flags.sort();
        if !flags.is_empty() {
            ed.extra.insert(
                "school_tiers".into(),
                Value::Array(flags.into_iter().map(Value::String).collect()),
            );
        }
        ed.institution = Some(name);
        put_span(&mut fields, "institution", doc, r);
    }

    // Dates: the first range, else single dates (one date: graduation).
    let range = lines.iter().find_map(|l| l.dates);
    let mut date_ranges: Vec<Range> = Vec::new();
    if let Some(d) = range {
        date_ranges.push(d.whole);
        ed.start_date = Some(d.start.to_partial());
        put_span(&mut fields, "start_date", doc, d.start_at);
        match d.end {
            End::Date(end) if end >= d.start => {
                ed.end_date = Some(end.to_partial());
                put_span(&mut fields, "end_date", doc, d.end_at);
            }
            End::Date(_) => warnings.push(super::warn(
                "date_order",
                "an education end date is before its start date; the end was dropped",
                "education.end_date",
            )),
            End::Present => {
                ed.extra.insert("current".into(), Value::Bool(true));
            }
        }
    } else {
        let mut singles = Vec::new();
        for l in lines.iter().take(3) {
            let line = text.get(l.range.0..l.range.1).unwrap_or("");
            for (d, (a, b)) in dates::find_dates(line)? {
                singles.push((d, (l.range.0 + a, l.range.0 + b)));
            }
        }
        match singles.as_slice() {
            [] => {}
            [(d, r)] => {
                date_ranges.push(*r);
                ed.end_date = Some(d.to_partial());
                put_span(&mut fields, "end_date", doc, *r);
            }
            [(a, ra), .., (b, rb)] => {
                date_ranges.push(*ra);
                date_ranges.push(*rb);
                ed.start_date = Some(a.to_partial());
                put_span(&mut fields, "start_date", doc, *ra);
                if b >= a {
                    ed.end_date = Some(b.to_partial());
                    put_span(&mut fields, "end_date", doc, *rb);
                }
            }
        }
    }

    // Degree.
    let degree = lines
        .iter()
        .find_map(|l| find_degree(p, text, l.range, school));
    if let Some(r) = degree {
        let written = text.get(r.0..r.1).unwrap_or("");
        ed.study_type = Some(written.to_string());
        ed.degree = normalize_degree(written);
        put_span(&mut fields, "study_type", doc, r);
    }

    // Grade.
    for l in lines {
        let line = text.get(l.range.0..l.range.1).unwrap_or("");
        let possible = [
            "GPA",
            "绩点",
            "均分",
            "平均分",
            "排名",
            "top",
            "Top",
            "TOP",
            "gpa",
        ]
        .iter()
        .any(|k| line.contains(k));
        if !possible {
            continue;
        }
        if let Some(c) = p.gpa.captures(line) {
            let m = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(0));
            if let Some(m) = m {
                let r = (l.range.0 + m.start(), l.range.0 + m.end());
                ed.score = Some(m.as_str().trim().to_string());
                put_span(&mut fields, "score", doc, r);
                break;
            }
        }
    }

    // Major: labelled, then "in X" after an English degree, then a leftover segment.
    let mut major: Option<Range> = None;
    for l in lines {
        let line = text.get(l.range.0..l.range.1).unwrap_or("");
        let possible = ["专业", "ajor", "ield of study", "oncentration"]
            .iter()
            .any(|k| line.contains(k));
        if !possible {
            continue;
        }
        if let Some(m) = p.major_label.find(line) {
            let from = l.range.0 + m.end();
            major = segments(text, (from, l.range.1), false).first().copied();
            if major.is_some() {
                break;
            }
        }
    }
    if major.is_none() {
        // `Bachelor of Science in Finance`, `B.Sc. Computer Science`, `MBA, Finance`.
        if let Some((_, de)) = degree.filter(|d| text.get(d.0..d.1).is_some_and(str::is_ascii)) {
            let line_end = text
                .get(de..)
                .and_then(|r| r.find('\n'))
                .map_or(text.len(), |o| de + o);
            let rest = text.get(de..line_end).unwrap_or("");
            let skip = [" in ", ", ", " "]
                .iter()
                .find(|lead| rest.starts_with(**lead))
                .map(|lead| lead.len());
            if let Some(skip) = skip {
                if let Some(&seg) = segments(text, (de + skip, line_end), false).first() {
                    let cand = text.get(seg.0..seg.1).unwrap_or("");
                    if plausible_major(cand) && Some(seg) != school {
                        major = Some(seg);
                    }
                }
            }
        }
    }
    if major.is_none() {
        // `Bachelor of Finance`: the field named in the degree, unless it is a generic one.
        if let Some((ds, de)) = degree {
            let written = text.get(ds..de).unwrap_or("");
            if let Some(pos) = written.find(" of ") {
                let field = written.get(pos + 4..).unwrap_or("");
                if !GENERIC_FIELDS.contains(&field) && !field.is_empty() {
                    major = Some((ds + pos + 4, de));
                }
            }
        }
    }
    if major.is_none() {
        'lines: for l in lines.iter().take(3) {
            for seg in segments(text, l.range, false) {
                let overlaps = |r: Option<Range>| r.is_some_and(|r| seg.0 < r.1 && r.0 < seg.1);
                if overlaps(school)
                    || overlaps(degree)
                    || date_ranges.iter().any(|&r| overlaps(Some(r)))
                {
                    continue;
                }
                let cand = text.get(seg.0..seg.1).unwrap_or("");
                if plausible_major(cand) {
                    major = Some(seg);
                    break 'lines;
                }
            }
        }
    }
    if major.is_none() {
        major = ner
            .iter()
            .find(|e| e.kind == "PRO" && e.start >= extent.0 && e.end <= extent.1)
            .map(|e| (e.start, e.end));
    }
    if let Some(r) = major {
        let r = trim_range(text, r, &['(', ')']);
        let written = text.get(r.0..r.1).unwrap_or("");
        let core = written
            .strip_prefix("专业")
            .map(|s| s.trim_start_matches([':', ' ']))
            .unwrap_or(written);
        let core = core.strip_suffix("专业").unwrap_or(core);
        let start = r.0 + written.find(core).unwrap_or(0);
        let r = (start, start + core.len());
        if r.1 > r.0 {
            ed.area = Some(core.to_string());
            put_span(&mut fields, "area", doc, r);
        }
    }

    if ed.institution.is_none() && ed.degree.is_none() && ed.area.is_none() {
        return Ok(None);
    }
    let ext = trim_range(text, extent, &[]);
    ed.evidence = Some(doc.block_span(ext.0, ext.1));
    if !fields.is_empty() {
        ed.extra
            .insert("field_evidence".into(), Value::Object(fields));
    }
    Ok(Some(ed))
}

/// Fields in degree names that say nothing about the major (`Bachelor of Science`).
const GENERIC_FIELDS: &[&str] = &[
    "Arts",
    "Science",
    "Sciences",
    "Engineering",
    "Laws",
    "Philosophy",
    "Technology",
    "Business Administration",
    "Commerce",
    "Applied Science",
    "Fine Arts",
    "Education",
];

/// Words that make a segment something other than a major.
const NOT_MAJOR: &[&str] = &[
    "GPA",
    "绩点",
    "排名",
    "课程",
    "荣誉",
    "奖学金",
    "毕业",
    "在读",
    "统招",
    "全日制",
    "Graduated",
    "Expected",
    "Courses",
    "Coursework",
    "Honors",
    "Honours",
    "Class",
    "Scholarship",
    "Dean",
    "Thesis",
    "论文",
    "University",
    "College",
    "Institute",
    "School",
    "大学",
    "学院",
    "学校",
];

fn plausible_major(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.len() > 80 || s.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let han = s.chars().filter(|&c| is_han(c)).count();
    let shape = if han > 0 {
        let n = s.chars().count();
        (2..=20).contains(&n) && han * 10 >= n * 7
    } else {
        let words = s.split_whitespace().count();
        (1..=6).contains(&words)
            && s.starts_with(|c: char| c.is_ascii_uppercase())
            && s.chars()
                .all(|c| c.is_ascii_alphabetic() || " &-,'".contains(c))
    };
    shape
        && !NOT_MAJOR.iter().any(|w| s.contains(w))
        && !is_degree_word(s)
        && !super::contact_is_city(s)
}

/// A degree named alone (`本科`, `Master`, `B.Sc.`): not a major.
fn is_degree_word(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "博士",
        "博士研究生",
        "硕士",
        "硕士研究生",
        "研究生",
        "本科",
        "学士",
        "大专",
        "专科",
        "高职",
        "高中",
        "中专",
        "职高",
        "phd",
        "ph.d.",
        "doctorate",
        "master",
        "masters",
        "master's",
        "mba",
        "msc",
        "m.sc.",
        "ms",
        "m.s.",
        "ma",
        "m.a.",
        "meng",
        "mphil",
        "bachelor",
        "bachelors",
        "bachelor's",
        "bsc",
        "b.sc.",
        "bs",
        "b.s.",
        "ba",
        "b.a.",
        "beng",
        "bba",
        "associate",
        "undergraduate",
        "graduate",
    ];
    let t = s.trim();
    t.len() <= 20 && WORDS.iter().any(|w| t.eq_ignore_ascii_case(w))
}

/// School names compare without spaces, parentheses content aside, ASCII case-insensitively.
fn same_school(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (ka, kb) = (key(a), key(b));
    if ka == kb {
        return true;
    }
    let strip = |k: &str| -> String { k.split('(').next().unwrap_or(k).to_string() };
    // A campus in parentheses matches the listed school: 香港中文大学(深圳) ~ 香港中文大学.
    !ka.is_empty() && strip(&kb) == ka
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school(s: &str) -> Option<String> {
        let p = patterns().unwrap();
        find_school(p, s, (0, s.len())).map(|(a, b)| s[a..b].to_string())
    }

    #[test]
    fn schools() {
        assert_eq!(
            school("2015.09-2019.06 北京大学 计算机").as_deref(),
            Some("北京大学")
        );
        assert_eq!(school("毕业于清华大学").as_deref(), Some("清华大学"));
        assert_eq!(
            school("香港中文大学(深圳) 金融").as_deref(),
            Some("香港中文大学(深圳)")
        );
        assert_eq!(
            school("B.Sc. in Computer Science, University of Toronto, 2014").as_deref(),
            Some("University of Toronto")
        );
        assert_eq!(
            school("Massachusetts Institute of Technology").as_deref(),
            Some("Massachusetts Institute of Technology")
        );
        assert_eq!(
            school("Bachelor of Science, Peking University").as_deref(),
            Some("Peking University")
        );
        assert_eq!(school("负责数据分析"), None);
    }

    #[test]
    fn tiers_match_loosely() {
        assert!(same_school("香港中文大学", "香港中文大学(深圳)"));
        assert!(same_school("Peking University", "peking  university"));
        assert!(!same_school("北京大学", "北京理工大学"));
    }
}
