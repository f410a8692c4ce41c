//! Section headings in Chinese and English, and the split of a resume into sections.
//!
//! A heading is a short line whose core, once decorations (`【】`, `■`, `===`, `###`, `*`, a
//! trailing colon) and numbering (`一、`, `2.`, `(三)`, `IV.`) are stripped, is a known label, or a
//! Chinese label followed by an English one (`教育背景 / EDUCATION`) or the reverse. A few kinds
//! (skills, languages, certificates, summary, objective, awards) may also open with their content
//! on the same line: `技能：Python、SQL`.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::text::{Doc, Range};

/// What a section is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// The lines before the first heading: name, contact, headline.
    Header,
    /// 自我评价 / Summary.
    Summary,
    /// 求职意向 / Objective.
    Objective,
    /// 基本信息 / Contact.
    Contact,
    /// 教育背景 / Education.
    Education,
    /// 工作经历 / Work Experience.
    Experience,
    /// 实习经历 / Internships.
    Internship,
    /// 项目经历 / Projects.
    Projects,
    /// 专业技能 / Skills.
    Skills,
    /// 证书 / Certifications.
    Certifications,
    /// 语言能力 / Languages.
    Languages,
    /// 获奖 / Awards.
    Awards,
    /// Anything else recognised as a heading (hobbies, activities, publications …).
    Other,
}

impl Kind {
    fn allows_inline(self) -> bool {
        matches!(
            self,
            Kind::Skills
                | Kind::Languages
                | Kind::Certifications
                | Kind::Summary
                | Kind::Objective
                | Kind::Awards
        )
    }
}

/// A section: its kind and its body lines (byte ranges; the first may be
/// the content after an inline heading's colon).
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// The kind.
    pub kind: Kind,
    /// Body lines, empty ones included.
    pub body: Vec<Range>,
}

impl Section {
    /// Start and end bytes of the body (empty when there is none).
    pub fn extent(&self) -> Range {
        match (self.body.first(), self.body.last()) {
            (Some(a), Some(b)) => (a.0, b.1),
            _ => (0, 0),
        }
    }
}

const LABELS: &[(Kind, &[&str])] = &[
    (
        Kind::Summary,
        &[
            "自我评价",
            "自我介绍",
            "个人评价",
            "个人简介",
            "个人总结",
            "个人优势",
            "个人概述",
            "职业概述",
            "简介",
            "概述",
            "summary",
            "professional summary",
            "profile",
            "professional profile",
            "about me",
            "career summary",
            "personal statement",
            "executive summary",
        ],
    ),
    (
        Kind::Objective,
        &[
            "求职意向",
            "求职目标",
            "职业目标",
            "应聘岗位",
            "期望工作",
            "objective",
            "career objective",
            "job objective",
        ],
    ),
    (
        Kind::Contact,
        &[
            "基本信息",
            "个人信息",
            "联系方式",
            "个人资料",
            "联系信息",
            "contact",
            "contacts",
            "contact information",
            "contact info",
            "contact details",
            "personal information",
            "personal details",
            "personal info",
        ],
    ),
    (
        Kind::Education,
        &[
            "教育背景",
            "教育经历",
            "教育经验",
            "学历",
            "学历背景",
            "教育",
            "education",
            "education background",
            "educational background",
            "academic background",
            "academics",
        ],
    ),
    (
        Kind::Experience,
        &[
            "工作经历",
            "工作经验",
            "工作履历",
            "职业经历",
            "任职经历",
            "从业经历",
            "工作背景",
            "work experience",
            "experience",
            "professional experience",
            "employment",
            "employment history",
            "work history",
            "career history",
            "relevant experience",
        ],
    ),
    (
        Kind::Internship,
        &[
            "实习经历",
            "实习经验",
            "实习",
            "internship",
            "internships",
            "internship experience",
        ],
    ),
    (
        Kind::Projects,
        &[
            "项目经历",
            "项目经验",
            "项目",
            "projects",
            "project experience",
            "selected projects",
            "key projects",
        ],
    ),
    (
        Kind::Skills,
        &[
            "专业技能",
            "技能",
            "技能特长",
            "个人技能",
            "技能证书",
            "技术技能",
            "专业能力",
            "技能专长",
            "计算机技能",
            "it技能",
            "skills",
            "technical skills",
            "core skills",
            "key skills",
            "skills and tools",
            "tools",
            "core competencies",
            "skills and certifications",
            "skills and certificates",
        ],
    ),
    (
        Kind::Certifications,
        &[
            "证书",
            "资格证书",
            "证书资质",
            "职业资格",
            "获得证书",
            "资质证书",
            "证书与资质",
            "专业证书",
            "certifications",
            "certification",
            "certificates",
            "licenses",
            "licences",
            "certifications and licenses",
            "licenses and certifications",
        ],
    ),
    (
        Kind::Languages,
        &[
            "语言能力",
            "语言",
            "外语能力",
            "外语水平",
            "语言技能",
            "languages",
            "language skills",
            "language",
        ],
    ),
    (
        Kind::Awards,
        &[
            "获奖情况",
            "获奖经历",
            "荣誉奖项",
            "所获荣誉",
            "荣誉",
            "奖项",
            "获奖",
            "awards",
            "honors",
            "honours",
            "awards and honors",
            "honors and awards",
            "achievements",
        ],
    ),
    (
        Kind::Other,
        &[
            "兴趣爱好",
            "爱好",
            "校园经历",
            "在校经历",
            "社会实践",
            "社团经历",
            "学生工作",
            "培训经历",
            "科研经历",
            "论文发表",
            "发表论文",
            "其他",
            "其他信息",
            "interests",
            "hobbies",
            "activities",
            "extracurricular activities",
            "leadership",
            "publications",
            "research",
            "research experience",
            "volunteer",
            "volunteering",
            "training",
            "references",
            "additional information",
        ],
    ),
];

fn labels() -> &'static HashMap<&'static str, Kind> {
    static CELL: OnceLock<HashMap<&'static str, Kind>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut map = HashMap::new();
        for (kind, list) in LABELS {
            for l in *list {
                map.insert(*l, *kind);
            }
        }
        map
    })
}

fn is_decoration(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\u{3000}'
            | '【'
            | '】'
            | '['
            | ']'
            | '('
            | ')'
            | '<'
            | '>'
            | '《'
            | '》'
            | '〔'
            | '〕'
            | '■'
            | '□'
            | '◆'
            | '◇'
            | '●'
            | '○'
            | '•'
            | '▌'
            | '▍'
            | '█'
            | '▶'
            | '►'
            | '★'
            | '☆'
            | '#'
            | '='
            | '*'
            | '-'
            | '_'
            | '~'
            | ':'
            | '|'
            | '/'
            | '\\'
            | '.'
            | '、'
            | '+'
            | '`'
            | '"'
            | '\''
            | '：'
            | '（'
            | '）'
    )
}

/// Drops a leading ordinal: `一、`, `二.`, `3.`, `3、`, `IV.`, `(一)` (the parentheses are already
/// gone by then).
fn strip_numbering(s: &str) -> &str {
    let s = s.trim_start();
    let cut = |n: usize| s.get(n..).unwrap_or(s).trim_start();
    let mut chars = s.char_indices();
    let Some((_, first)) = chars.next() else {
        return s;
    };
    let numeral = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    if numeral(first) {
        for (i, c) in chars {
            if numeral(c) {
                continue;
            }
            if matches!(c, '、' | '.' | ')' | ' ') {
                return cut(i + c.len_utf8());
            }
            // A bare numeral followed by text (`十大杰出青年`) is not numbering.
            return s;
        }
        return s;
    }
    // Roman numerals I–X followed by a dot.
    let roman_len = s
        .bytes()
        .take_while(|b| matches!(b, b'I' | b'V' | b'X'))
        .count();
    if roman_len > 0 && s.as_bytes().get(roman_len) == Some(&b'.') {
        return cut(roman_len + 1);
    }
    s
}

fn lookup_english(s: &str) -> Option<Kind> {
    if s.len() > 48 {
        return None;
    }
    let mut key = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        if word == "&" {
            key.push_str("and");
        } else {
            for c in word.chars() {
                if c == '&' {
                    key.push_str(" and ");
                } else {
                    key.extend(c.to_lowercase());
                }
            }
        }
    }
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    labels().get(key.as_str()).copied()
}

fn lookup_core(core: &str) -> Option<Kind> {
    let core = core.trim_matches(is_decoration);
    // The longest label is under 40 bytes; a Chinese and an English one together under 72.
    if core.is_empty() || core.len() > 72 {
        return None;
    }
    if core.is_ascii() {
        return lookup_english(core);
    }
    // Chinese label, possibly followed by an English one (or the reverse), spaces inside the
    // Chinese part ignored (`教 育 背 景`).
    let split = core
        .char_indices()
        .find(|&(_, c)| c.is_ascii_alphabetic())
        .map(|(i, _)| i);
    let (first, second) = match split {
        Some(0) => {
            let split = core
                .char_indices()
                .find(|&(_, c)| !c.is_ascii())
                .map_or(core.len(), |(i, _)| i);
            (
                core.get(split..).unwrap_or(""),
                core.get(..split).unwrap_or(""),
            )
        }
        Some(i) => (core.get(..i).unwrap_or(""), core.get(i..).unwrap_or("")),
        None => (core, ""),
    };
    // Labels are at most six characters: longer text is no heading, and needs no key.
    let visible = first.chars().filter(|&c| !is_decoration(c)).count();
    if visible > 8 {
        return None;
    }
    let zh: String = first
        .chars()
        .filter(|&c| !is_decoration(c))
        .flat_map(char::to_lowercase)
        .collect();
    let zh_kind = labels().get(zh.as_str()).copied()?;
    let en = second.trim_matches(|c: char| is_decoration(c));
    if en.is_empty() {
        return Some(zh_kind);
    }
    // Both halves must be labels; the Chinese one decides.
    lookup_english(en).map(|_| zh_kind)
}

/// The kind of heading `line` is, and where inline content starts (byte offset into `line`).
pub(crate) fn classify(line: &str) -> Option<(Kind, Option<usize>)> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.len() <= 72 {
        let inner = trimmed.trim_matches(|c: char| is_decoration(c));
        let inner = strip_numbering(inner);
        if let Some(kind) = lookup_core(inner) {
            return Some((kind, None));
        }
    }
    // `技能：Python、SQL` — a label before a colon within the first 40 bytes.
    let colon = line.bytes().take(41).position(|b| b == b':')?;
    let label = line.get(..colon)?;
    let label = strip_numbering(label.trim_matches(|c: char| is_decoration(c)));
    let kind = lookup_core(label)?;
    let content_start = colon + 1;
    let rest = line.get(content_start..)?;
    if kind.allows_inline() && !rest.trim().is_empty() {
        Some((kind, Some(content_start)))
    } else {
        None
    }
}

/// Splits the document into the header and its sections, in order.
pub(crate) fn split(doc: &Doc) -> Vec<Section> {
    let mut sections = vec![Section {
        kind: Kind::Header,
        body: Vec::new(),
    }];
    for (i, l) in doc.lines.iter().enumerate() {
        let text = doc.line(i);
        match classify(text) {
            Some((kind, inline)) => {
                let mut body = Vec::new();
                if let Some(off) = inline {
                    body.push((l.start + off, l.end));
                }
                sections.push(Section { kind, body });
            }
            None => {
                if let Some(last) = sections.last_mut() {
                    last.body.push((l.start, l.end));
                }
            }
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_decorated_headings() {
        for (line, kind) in [
            ("教育背景", Kind::Education),
            ("【工作经历】", Kind::Experience),
            ("■ 项目经历", Kind::Projects),
            ("=== Education ===", Kind::Education),
            ("### Work Experience", Kind::Experience),
            ("教育背景 / EDUCATION", Kind::Education),
            ("教育背景 Education", Kind::Education),
            ("EDUCATION 教育背景", Kind::Education),
            ("一、教育背景", Kind::Education),
            ("2. Skills:", Kind::Skills),
            ("IV. Certifications", Kind::Certifications),
            ("Skills & Tools", Kind::Skills),
            ("自我评价：", Kind::Summary),
            ("教 育 背 景", Kind::Education),
        ] {
            assert_eq!(classify(line), Some((kind, None)), "{line}");
        }
        assert_eq!(classify("技能:Python、SQL"), Some((Kind::Skills, Some(7))));
        for line in [
            "学历：本科",
            "负责教育行业客户的数据分析",
            "Experience with Python",
            "北京大学",
        ] {
            assert_eq!(classify(line), None, "{line}");
        }
    }
}
