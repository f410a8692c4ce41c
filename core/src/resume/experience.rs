//! Work experience (and internships, and projects): organisation, title, location, dates,
//! description and highlights, and the total months of experience from the union of intervals.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde_json::{Map, Value};

use super::dates::{self, DateRange, End};
use super::sections::{Kind, Section};
use super::text::{bullet_len, is_han, segments, trim_range, Doc, Range};
use super::Entity;
use crate::error::Result;
use crate::schema::Experience;

/// Chinese words that mark an organisation.
const ORG_ZH: &[&str] = &[
    "公司",
    "集团",
    "银行",
    "有限",
    "证券",
    "基金",
    "保险",
    "研究院",
    "研究所",
    "事务所",
    "医院",
    "中心",
    "分行",
    "支行",
    "科技",
    "信托",
    "资本",
    "投资",
    "控股",
    "工作室",
    "大学",
    "学院",
    "政府",
    "委员会",
    "股份",
    "网络",
    "传媒",
    "咨询",
    "期货",
    "会计师",
];
/// English words that mark an organisation (whole words, case-sensitive).
const ORG_EN: &[&str] = &[
    "Inc",
    "Inc.",
    "Ltd",
    "Ltd.",
    "LLC",
    "LLP",
    "Corp",
    "Corp.",
    "Corporation",
    "Company",
    "Co.",
    "Group",
    "Bank",
    "Technologies",
    "Technology",
    "Capital",
    "Partners",
    "Securities",
    "Consulting",
    "Labs",
    "Lab",
    "Holdings",
    "Insurance",
    "Fund",
    "Ventures",
    "Systems",
    "Solutions",
    "Software",
    "Studio",
    "University",
    "Agency",
    "Bureau",
    "Institute",
    "Google",
    "Microsoft",
    "Amazon",
    "Alibaba",
    "Tencent",
    "ByteDance",
    "Baidu",
    "Huawei",
    "JD.com",
];
/// Chinese words that mark a job title.
const TITLE_ZH: &[&str] = &[
    "经理",
    "工程师",
    "分析师",
    "专员",
    "主管",
    "总监",
    "助理",
    "顾问",
    "实习生",
    "实习",
    "负责人",
    "开发",
    "设计师",
    "会计",
    "出纳",
    "柜员",
    "销售",
    "代表",
    "主任",
    "研究员",
    "架构师",
    "运营",
    "产品",
    "客服",
    "行长",
    "经纪人",
    "策划",
    "编辑",
    "教师",
    "律师",
    "审计",
    "合伙人",
    "组长",
    "总裁",
    "职员",
    "文员",
    "专家",
    "讲师",
    "操作员",
    "理财师",
    "程序员",
];
/// English words that mark a job title (whole words).
const TITLE_EN: &[&str] = &[
    "Manager",
    "Engineer",
    "Analyst",
    "Developer",
    "Intern",
    "Internship",
    "Director",
    "Consultant",
    "Associate",
    "Specialist",
    "Lead",
    "Officer",
    "Assistant",
    "Designer",
    "Scientist",
    "Accountant",
    "Representative",
    "Head",
    "Teller",
    "Advisor",
    "Adviser",
    "Architect",
    "Administrator",
    "Coordinator",
    "Executive",
    "Banker",
    "Trader",
    "Researcher",
    "Partner",
    "President",
    "VP",
    "CEO",
    "CTO",
    "CFO",
    "COO",
    "Programmer",
    "Owner",
    "Auditor",
    "Clerk",
    "Supervisor",
    "Agent",
    "Writer",
    "Editor",
    "Teacher",
    "Lecturer",
];

/// One automaton over every organisation and title word: (is_org, is_title) in one pass.
struct HeaderWords {
    ac: AhoCorasick,
    /// Per pattern: (organisation word?, whole-word only?).
    meta: Vec<(bool, bool)>,
}

fn header_words() -> Option<&'static HeaderWords> {
    static CELL: OnceLock<Option<HeaderWords>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut words = Vec::new();
        let mut meta = Vec::new();
        for (list, org, whole) in [
            (ORG_ZH, true, false),
            (ORG_EN, true, true),
            (TITLE_ZH, false, false),
            (TITLE_EN, false, true),
        ] {
            for w in list {
                words.push(*w);
                meta.push((org, whole));
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&words)
            .ok()?;
        Some(HeaderWords { ac, meta })
    })
    .as_ref()
}

/// Whether `s` has organisation words and title words (English ones as whole words).
fn kinds(s: &str) -> (bool, bool) {
    let Some(h) = header_words() else {
        return (false, false);
    };
    let (mut org, mut title) = (false, false);
    let b = s.as_bytes();
    for m in h.ac.find_overlapping_iter(s) {
        let Some(&(is_org, whole)) = h.meta.get(m.pattern().as_usize()) else {
            continue;
        };
        if whole {
            let before = m.start().checked_sub(1).and_then(|i| b.get(i));
            let after = b.get(m.end());
            let boundary =
                |c: Option<&u8>| c.is_none_or(|c| matches!(c, b' ' | b',' | b'(' | b')' | b'\t'));
            if !boundary(before) || !boundary(after) {
                continue;
            }
        }
        if is_org {
            org = true;
        } else {
            title = true;
        }
        if org && title {
            break;
        }
    }
    (org, title)
}

pub(crate) fn is_title(s: &str) -> bool {
    kinds(s).1
}

/// Labels before a header value.
const ORG_LABELS: &[&str] = &[
    "公司名称",
    "公司",
    "单位",
    "Company",
    "Employer",
    "Organization",
];
const TITLE_LABELS: &[&str] = &["职位", "岗位", "职务", "Title", "Position", "Role"];
const SKIP_LABELS: &[&str] = &["部门", "Department", "行业", "Industry", "工作地点", "地点"];

/// A parsed entry: header fields with ranges, dates, body lines.
pub(crate) struct Entry {
    /// Employer, or a project's name.
    pub org: Option<Range>,
    /// Job title, or a project role.
    pub title: Option<Range>,
    /// A city named in the header.
    pub location: Option<Range>,
    /// The date range.
    pub dates: Option<DateRange>,
    /// The whole entry.
    pub extent: Range,
    /// Body lines (after the header).
    pub body: Vec<Range>,
}

fn is_header_like(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.len() <= 90
        && bullet_len(t).is_none()
        && !ends_sentence(t)
        && !["负责", "参与", "主要", "Responsible", "Worked"]
            .iter()
            .any(|w| t.starts_with(w))
}

/// Company abbreviations that end a header line with a dot.
const ABBREVIATIONS: &[&str] = &[
    "Ltd.", "Co.", "Inc.", "Corp.", "L.L.C.", "LLC.", "S.A.", "N.A.", "Bros.",
];

/// True when `t` ends like a sentence (not like `ACME Co., Ltd.`).
fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end();
    if t.ends_with(['。', ';', '；']) {
        return true;
    }
    t.ends_with('.') && !ABBREVIATIONS.iter().any(|a| t.ends_with(a))
}

/// Lines of the body with their date range (offsets absolute).
fn with_dates(doc: &Doc, body: &[Range]) -> Result<Vec<(Range, Option<DateRange>)>> {
    let mut out = Vec::with_capacity(body.len());
    for &(s, e) in body {
        let line = doc.slice(s, e);
        let d = if line.len() <= 400 {
            dates::find_range(line)?.map(|mut d| {
                d.start_at = (d.start_at.0 + s, d.start_at.1 + s);
                d.end_at = (d.end_at.0 + s, d.end_at.1 + s);
                d.whole = (d.whole.0 + s, d.whole.1 + s);
                d
            })
        } else {
            None
        };
        out.push(((s, e), d));
    }
    Ok(out)
}

/// Splits a section body into entries and reads each header.
pub(crate) fn entries(doc: &Doc, body: &[Range], ner: &[Entity]) -> Result<Vec<Entry>> {
    let text = doc.text.as_str();
    let lines = with_dates(doc, body)?;
    let blank = |i: usize| {
        lines
            .get(i)
            .is_none_or(|(r, _)| doc.slice(r.0, r.1).trim().is_empty())
    };
    let date_lines: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, (_, d))| d.is_some())
        .map(|(i, _)| i)
        .collect();
    // Header lines of each entry: the date line, plus lines above or below it.
    let mut claimed = vec![false; lines.len()];
    let mut headers: Vec<Vec<usize>> = Vec::new();
    for &k in &date_lines {
        mark(&mut claimed, k);
        let mut head = vec![k];
        let date_only = lines.get(k).is_some_and(|((s, e), d)| {
            d.is_some_and(|d| {
                let before = doc.slice(*s, d.whole.0);
                let after = doc.slice(d.whole.1, *e);
                (before.to_string() + after)
                    .trim_matches(|c: char| c.is_whitespace() || "()[]|,:-".contains(c))
                    .is_empty()
            })
        });
        // Upward: up to two header-like lines. Kept when the block they form starts at a
        // boundary (section start, blank line, list item, end of a sentence, another entry's
        // header); above a date-only line the nearest one is kept in any case.
        let boundary_above = |top: usize, claimed: &[bool]| {
            top == 0
                || blank(top - 1)
                || claimed.get(top - 1).copied().unwrap_or(false)
                || lines.get(top - 1).is_some_and(|(r, d)| {
                    let l = doc.slice(r.0, r.1).trim_end();
                    d.is_some() || bullet_len(l).is_some() || ends_sentence(l)
                })
        };
        let mut up = Vec::new();
        let mut i = k;
        while i > 0 && up.len() < 2 {
            let j = i - 1;
            let line = lines.get(j).map_or("", |(r, _)| doc.slice(r.0, r.1));
            if claimed.get(j).copied().unwrap_or(true)
                || !is_header_like(line)
                || lines.get(j).is_some_and(|(_, d)| d.is_some())
            {
                break;
            }
            up.push(j);
            i = j;
        }
        if let Some(&top) = up.last() {
            if !boundary_above(top, &claimed) {
                if date_only {
                    up.truncate(1);
                } else {
                    up.clear();
                }
            }
        }
        for &j in &up {
            mark(&mut claimed, j);
            head.push(j);
        }
        if up.is_empty() && date_only {
            // Below: the next line when it looks like a header.
            let j = k + 1;
            let line = lines.get(j).map_or("", |(r, _)| doc.slice(r.0, r.1));
            if lines.get(j).is_some_and(|(_, d)| d.is_none()) && is_header_like(line) {
                mark(&mut claimed, j);
                head.push(j);
            }
        }
        head.sort_unstable();
        headers.push(head);
    }
    // No dates at all: blocks separated by blank lines, the first line the header.
    if headers.is_empty() {
        let mut start_block = true;
        for (i, (r, _)) in lines.iter().enumerate() {
            if doc.slice(r.0, r.1).trim().is_empty() {
                start_block = true;
                continue;
            }
            if start_block && is_header_like(doc.slice(r.0, r.1)) {
                headers.push(vec![i]);
            }
            start_block = false;
        }
    }
    let mut out = Vec::new();
    for (n, head) in headers.iter().enumerate() {
        let first = head.first().copied().unwrap_or(0);
        let next_first = headers
            .get(n + 1)
            .and_then(|h| h.first().copied())
            .unwrap_or(lines.len());
        let body_lines: Vec<Range> = (first..next_first)
            .filter(|i| !head.contains(i))
            .filter_map(|i| lines.get(i).map(|(r, _)| *r))
            .filter(|r| !doc.slice(r.0, r.1).trim().is_empty())
            .collect();
        let last_line = (first..next_first)
            .rev()
            .filter_map(|i| lines.get(i).map(|(r, _)| *r))
            .find(|r| !doc.slice(r.0, r.1).trim().is_empty());
        let start = lines.get(first).map_or(0, |(r, _)| r.0);
        let end = last_line.map_or(start, |r| r.1);
        let dates = head
            .iter()
            .find_map(|&i| lines.get(i).and_then(|(_, d)| *d));
        let mut entry = Entry {
            org: None,
            title: None,
            location: None,
            dates,
            extent: trim_range(text, (start, end), &[]),
            body: body_lines,
        };
        read_header(doc, head, &lines, &mut entry);
        // The model fills what the rules missed.
        let header_end = head
            .iter()
            .filter_map(|&i| lines.get(i).map(|(r, _)| r.1))
            .max()
            .unwrap_or(start);
        let within = |e: &&Entity| e.start >= start && e.end <= header_end;
        if entry.org.is_none() {
            entry.org = ner
                .iter()
                .filter(within)
                .find(|e| e.kind == "ORG")
                .map(|e| (e.start, e.end));
        }
        if entry.title.is_none() {
            entry.title = ner
                .iter()
                .filter(within)
                .find(|e| e.kind == "TITLE")
                .map(|e| (e.start, e.end));
        }
        out.push(entry);
        if out.len() >= super::MAX_ENTRIES {
            break;
        }
    }
    Ok(out)
}

fn mark(claimed: &mut [bool], i: usize) {
    if let Some(c) = claimed.get_mut(i) {
        *c = true;
    }
}

fn strip_label<'a>(s: &'a str, labels: &[&str]) -> Option<&'a str> {
    for l in labels {
        if let Some(rest) = s
            .get(..l.len())
            .filter(|p| p.eq_ignore_ascii_case(l))
            .and(s.get(l.len()..))
        {
            let rest = rest.trim_start();
            if let Some(v) = rest.strip_prefix(':') {
                return Some(v.trim_start());
            }
        }
    }
    None
}

/// Reads organisation, title and location from the header lines.
fn read_header(doc: &Doc, head: &[usize], lines: &[(Range, Option<DateRange>)], entry: &mut Entry) {
    let text = doc.text.as_str();
    let mut segs: Vec<Range> = Vec::new();
    for &i in head {
        let Some(&((s, e), d)) = lines.get(i) else {
            continue;
        };
        let parts: Vec<Range> = match d {
            Some(d) => vec![(s, d.whole.0), (d.whole.1, e)],
            None => vec![(s, e)],
        };
        for part in parts {
            for seg in segments(text, part, false) {
                // `Data Analyst at ACME`, `Analyst @ ACME`.
                let st = text.get(seg.0..seg.1).unwrap_or("");
                let split = st
                    .find(" at ")
                    .map(|o| (o, 4))
                    .or_else(|| st.find(" @ ").map(|o| (o, 3)));
                match split {
                    Some((o, len)) => {
                        segs.push((seg.0, seg.0 + o));
                        segs.push((seg.0 + o + len, seg.1));
                    }
                    None => segs.push(seg),
                }
            }
        }
    }
    // `ACME Co., Ltd.`: a company-form segment belongs to the one before it.
    let mut merged: Vec<Range> = Vec::with_capacity(segs.len());
    for seg in segs {
        let st = text.get(seg.0..seg.1).unwrap_or("").trim();
        let form = [
            "Ltd", "Ltd.", "Inc", "Inc.", "LLC", "L.L.C.", "Co.", "Corp.", "Limited",
        ]
        .contains(&st);
        match merged.last_mut() {
            Some(prev) if form && prev.1 <= seg.0 => prev.1 = seg.1,
            _ => merged.push(seg),
        }
    }
    let mut unknown: Vec<Range> = Vec::new();
    for seg in merged {
        let seg = trim_range(
            text,
            seg,
            &[
                '(', ')', '[', ']', '【', '】', ':', '-', '|', '#', '*', '=', '>',
            ],
        );
        let st = text.get(seg.0..seg.1).unwrap_or("");
        if st.is_empty() || st.chars().all(|c| !c.is_alphanumeric()) {
            continue;
        }
        if let Some(v) = strip_label(st, ORG_LABELS) {
            let off = seg.1 - v.len();
            if !v.is_empty() && entry.org.is_none() {
                entry.org = Some((off, seg.1));
            }
            continue;
        }
        if let Some(v) = strip_label(st, TITLE_LABELS) {
            let off = seg.1 - v.len();
            if !v.is_empty() && entry.title.is_none() {
                entry.title = Some((off, seg.1));
            }
            continue;
        }
        if strip_label(st, SKIP_LABELS).is_some() {
            continue;
        }
        if super::contact_is_city(st) {
            if entry.location.is_none() {
                entry.location = Some(seg);
            }
            continue;
        }
        // Mostly digits (a phone, a year) is nothing here.
        if st.chars().filter(char::is_ascii_digit).count() * 2 > st.chars().count() {
            continue;
        }
        let (org, title) = kinds(st);
        if org && (!title || has_org_suffix(st)) {
            if entry.org.is_none() {
                entry.org = Some(seg);
                continue;
            }
        } else if title && entry.title.is_none() {
            entry.title = Some(seg);
            continue;
        }
        unknown.push(seg);
    }
    for seg in unknown {
        let st = text.get(seg.0..seg.1).unwrap_or("");
        // A long sentence is not a header field.
        let long = if st.chars().any(is_han) {
            st.chars().count() > 30
        } else {
            st.split_whitespace().count() > 8
        };
        if long {
            continue;
        }
        if entry.org.is_none() {
            entry.org = Some(seg);
        } else if entry.title.is_none() {
            entry.title = Some(seg);
        }
    }
}

/// An organisation word at the end: `中国银行上海分行`, `ACME Ltd.` — decides a segment that has
/// both kinds of words (`银行客户经理` ends in a title, so it is a title).
fn has_org_suffix(s: &str) -> bool {
    let s = s.trim();
    ORG_ZH.iter().any(|w| s.ends_with(w))
        || s.ends_with(['所', '局', '院', '厂', '社', '店', '行', '馆', '处', '部'])
        || s.split_whitespace()
            .next_back()
            .is_some_and(|w| ORG_EN.contains(&w))
}

fn put_span(map: &mut Map<String, Value>, key: &str, doc: &Doc, r: Range) {
    map.insert(key.to_string(), doc.span_value(r.0, r.1));
}

/// Description (the body as written) and highlights (list items without their markers).
fn body_text(doc: &Doc, body: &[Range]) -> (Option<String>, Vec<String>) {
    let (Some(first), Some(last)) = (body.first(), body.last()) else {
        return (None, Vec::new());
    };
    let r = trim_range(&doc.text, (first.0, last.1), &[]);
    let description = doc.slice(r.0, r.1).to_string();
    let mut highlights = Vec::new();
    for &(s, e) in body {
        let line = doc.slice(s, e);
        if let Some(n) = bullet_len(line) {
            let item = line.get(n..).unwrap_or("").trim();
            if !item.is_empty() {
                highlights.push(item.to_string());
            }
        }
    }
    ((!description.is_empty()).then_some(description), highlights)
}

/// Experience entries of the work-experience and internship sections.
pub(crate) fn extract(
    doc: &Doc,
    sections: &[Section],
    ner: &[Entity],
    warnings: &mut Vec<super::Warning>,
) -> Result<Vec<Experience>> {
    let text = doc.text.as_str();
    let mut out = Vec::new();
    for sec in sections
        .iter()
        .filter(|s| matches!(s.kind, Kind::Experience | Kind::Internship))
    {
        for entry in entries(doc, &sec.body, ner)? {
            let mut x = Experience::default();
            let mut fields = Map::with_capacity(6);
            if let Some(r) = entry.org {
                x.organization = Some(doc.slice(r.0, r.1).to_string());
                put_span(&mut fields, "organization", doc, r);
            }
            if let Some(r) = entry.title {
                x.title = Some(doc.slice(r.0, r.1).to_string());
                put_span(&mut fields, "title", doc, r);
            }
            if let Some(r) = entry.location {
                x.location = Some(doc.slice(r.0, r.1).to_string());
                put_span(&mut fields, "location", doc, r);
            }
            if let Some(d) = entry.dates {
                x.start_date = Some(d.start.to_partial());
                put_span(&mut fields, "start_date", doc, d.start_at);
                match d.end {
                    End::Date(end) if end >= d.start => {
                        x.end_date = Some(end.to_partial());
                        put_span(&mut fields, "end_date", doc, d.end_at);
                    }
                    End::Date(_) => warnings.push(super::warn(
                        "date_order",
                        format!(
                            "an experience end date ({}) is before its start date ({}); the end was dropped",
                            doc.slice(d.end_at.0, d.end_at.1),
                            doc.slice(d.start_at.0, d.start_at.1)
                        ),
                        "experience.end_date",
                    )),
                    End::Present => {
                        x.extra.insert("current".into(), Value::Bool(true));
                        put_span(&mut fields, "end_date", doc, d.end_at);
                    }
                }
            }
            let (description, highlights) = body_text(doc, &entry.body);
            x.description = description;
            x.highlights = highlights;
            let internship = sec.kind == Kind::Internship
                || x.title.as_deref().is_some_and(|t| {
                    t.contains("实习") || t.to_ascii_lowercase().contains("intern")
                });
            if internship {
                x.extra.insert("internship".into(), Value::Bool(true));
            }
            if x.organization.is_none() && x.title.is_none() && x.start_date.is_none() {
                continue;
            }
            x.evidence = Some(doc.block_span(entry.extent.0, entry.extent.1));
            if !fields.is_empty() {
                x.extra
                    .insert("field_evidence".into(), Value::Object(fields));
            }
            let _ = text;
            out.push(x);
            if out.len() >= super::MAX_ENTRIES {
                return Ok(out);
            }
        }
    }
    Ok(out)
}

/// Projects (`resume.extra.projects`): name, role, dates, description, highlights, evidence.
pub(crate) fn projects(doc: &Doc, sections: &[Section], ner: &[Entity]) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for sec in sections.iter().filter(|s| s.kind == Kind::Projects) {
        for entry in entries(doc, &sec.body, ner)? {
            let mut m = Map::new();
            let mut fields = Map::with_capacity(6);
            // In a project header the "organisation" slot holds the project's name.
            let name = entry.org.or(entry.title.filter(|_| entry.org.is_none()));
            let role = if entry.org.is_some() {
                entry.title
            } else {
                None
            };
            if let Some(r) = name {
                m.insert(
                    "name".into(),
                    Value::String(doc.slice(r.0, r.1).to_string()),
                );
                put_span(&mut fields, "name", doc, r);
            }
            if let Some(r) = role {
                m.insert(
                    "role".into(),
                    Value::String(doc.slice(r.0, r.1).to_string()),
                );
                put_span(&mut fields, "role", doc, r);
            }
            if let Some(d) = entry.dates {
                m.insert("start_date".into(), Value::String(d.start.to_partial().0));
                if let End::Date(end) = d.end {
                    if end >= d.start {
                        m.insert("end_date".into(), Value::String(end.to_partial().0));
                    }
                }
            }
            let (description, highlights) = body_text(doc, &entry.body);
            if let Some(d) = description {
                m.insert("description".into(), Value::String(d));
            }
            if !highlights.is_empty() {
                m.insert(
                    "highlights".into(),
                    Value::Array(highlights.into_iter().map(Value::String).collect()),
                );
            }
            if m.is_empty() {
                continue;
            }
            m.insert(
                "evidence".into(),
                doc.block_span_value(entry.extent.0, entry.extent.1),
            );
            if !fields.is_empty() {
                m.insert("field_evidence".into(), Value::Object(fields));
            }
            out.push(Value::Object(m));
            if out.len() >= super::MAX_ENTRIES {
                return Ok(out);
            }
        }
    }
    Ok(out)
}

/// Total months of (non-internship) experience: the union of the intervals, "present" resolved
/// against the reference date. `Err(())` when an interval ends "present" and there is no
/// reference date.
pub(crate) fn total_months(
    experience: &[Experience],
    reference: Option<(i32, u32, u32)>,
) -> std::result::Result<Option<i64>, ()> {
    let mut intervals = Vec::new();
    for x in experience {
        if x.extra.get("internship") == Some(&Value::Bool(true)) {
            continue;
        }
        let Some(start) = x.start_date.as_ref().and_then(|d| parse_partial(&d.0)) else {
            continue;
        };
        let current = x.extra.get("current") == Some(&Value::Bool(true));
        let end = match (&x.end_date, current) {
            (Some(d), _) => match parse_partial(&d.0) {
                Some(e) => End::Date(e),
                None => continue,
            },
            (None, true) => End::Present,
            (None, false) => continue,
        };
        if end == End::Present && reference.is_none() {
            return Err(());
        }
        if let Some(iv) = dates::interval(start, end, reference) {
            intervals.push(iv);
        }
    }
    if intervals.is_empty() {
        return Ok(None);
    }
    Ok(Some(dates::union_months(&mut intervals)))
}

fn parse_partial(s: &str) -> Option<dates::YearMonth> {
    let year = s.get(..4)?.parse().ok()?;
    let month = match s.get(5..7) {
        Some(m) => Some(m.parse().ok()?),
        None => None,
    };
    Some(dates::YearMonth { year, month })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_header_words() {
        assert_eq!(kinds("中国银行上海分行"), (true, false));
        assert_eq!(kinds("客户经理"), (false, true));
        assert_eq!(kinds("ACME Ltd."), (true, false));
        assert_eq!(kinds("Senior Data Analyst"), (false, true));
        assert_eq!(kinds("Leader of X"), (false, false));
        assert!(has_org_suffix("招商银行"));
        assert!(!has_org_suffix("银行客户经理"));
    }
}
