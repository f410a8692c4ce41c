//! Languages (tests, scores, fluency), certifications, competency evidence ("hidden keywords")
//! and skills (through a [`SkillFinder`](super::SkillFinder)).

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;
use serde_json::Value;

use super::sections::{Kind, Section};
use super::text::{ascii_isolated, bullet_len, is_han, trim_range, Doc, Range};
use super::{SkillFinder, SkillHit, Warning};
use crate::error::{Error, Result};
use crate::schema::{Certification, LanguageSkill, Skill};

struct Patterns {
    tests: Regex,
    score_after: Regex,
    lang_names: Regex,
    fluency: Regex,
    certs: Regex,
    /// Each certificate pattern anchored, to tell which one a match of `certs` is.
    cert_set: regex::RegexSet,
    level: Regex,
    skill_lead: Regex,
}

/// Certificates: (code, pattern). Codes are stable snake_case ids written to `extra.code`.
const CERTS: &[(&str, &str)] = &[
    (
        "cpa",
        r"中国注册会计师|注册会计师|(?-u:\b)(?:US[ ]?)?CPA(?-u:\b)",
    ),
    (
        "cfa",
        r"(?-u:\b)CFA(?-u:\b)(?:[ ]*(?:Level|L)[ ]*(?:III|II|I|[123])(?-u:\b)|[ ]*[一二三]级)?(?:[ ]*(?:持证人|[Cc]harterholder))?",
    ),
    ("frm", r"(?-u:\b)FRM(?-u:\b)"),
    ("pmp", r"(?-u:\b)PMP(?-u:\b)"),
    ("acca", r"(?-u:\b)ACCA(?-u:\b)"),
    ("cma", r"(?-u:\b)CMA(?-u:\b)|美国注册管理会计师"),
    ("cia", r"(?-u:\b)CIA(?-u:\b)|国际注册内部审计师"),
    ("cisa", r"(?-u:\b)CISA(?-u:\b)"),
    ("cissp", r"(?-u:\b)CISSP(?-u:\b)"),
    ("cfp", r"(?-u:\b)(?:AFP|CFP)(?-u:\b)|金融理财师"),
    (
        "securities_qualification",
        r"证券(?:业)?从业(?:人员)?(?:资格)?(?:证书|证|考试)?",
    ),
    (
        "fund_qualification",
        r"基金从业(?:人员)?(?:资格)?(?:证书|证|考试)?",
    ),
    (
        "banking_qualification",
        r"银行(?:业)?从业(?:人员)?(?:资格)?(?:证书|证|考试)?|银行业专业人员职业资格(?:证书|证)?",
    ),
    (
        "futures_qualification",
        r"期货从业(?:人员)?(?:资格)?(?:证书|证|考试)?",
    ),
    (
        "insurance_qualification",
        r"保险(?:代理人|从业)(?:人员)?(?:资格)?(?:证书|证)?",
    ),
    (
        "legal_qualification",
        r"(?:国家统一)?法律职业资格(?:证书|证|考试)?|司法考试",
    ),
    ("teacher_qualification", r"教师资格(?:证书|证)?"),
    ("accounting_qualification", r"会计从业资格(?:证书|证)?"),
    ("accounting_junior", r"初级会计(?:职称|师|专业技术资格)"),
    (
        "accounting_intermediate",
        r"中级会计(?:职称|师|专业技术资格)",
    ),
    ("tax_agent", r"(?:注册)?税务师"),
    ("hr_manager", r"人力资源管理师(?:[一二三四]级)?"),
    (
        "ncre",
        r"(?:全国)?计算机(?:等级考试)?[ ]?[一二三四]级(?:证书)?|(?-u:\b)NCRE(?-u:\b)",
    ),
    ("cisco", r"(?-u:\b)(?:CCNA|CCNP|CCIE)(?-u:\b)"),
    ("cka", r"(?-u:\b)CKA(?-u:\b)"),
    ("aws", r"AWS[ ]Certified(?:[ ]-?[ ]?[A-Z][A-Za-z]*){1,6}"),
    (
        "gcp",
        r"Google[ ]Cloud[ ](?:Certified|Professional)(?:[ ]-?[ ]?[A-Z][A-Za-z]*){0,6}",
    ),
    (
        "azure",
        r"Microsoft[ ]Certified:?(?:[ ]-?[ ]?[A-Z][A-Za-z]*){1,6}",
    ),
];

/// A pattern with its named groups made non-capturing.
fn strip_groups(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut rest = p;
    while let Some(i) = rest.find("(?P<") {
        out.push_str(rest.get(..i).unwrap_or(""));
        out.push_str("(?:");
        let after = rest.get(i + 4..).unwrap_or("");
        rest = after
            .get(after.find('>').map_or(0, |j| j + 1)..)
            .unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn patterns() -> Result<&'static Patterns> {
    static CELL: OnceLock<std::result::Result<Patterns, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let re = |s: &str| Regex::new(s).map_err(|e| e.to_string());
        let alternation: Vec<String> = CERTS.iter().map(|(_, p)| format!("(?:{p})")).collect();
        let anchored: Vec<String> = CERTS.iter().map(|(_, p)| format!("^(?:{p})$")).collect();
        let cert_set = regex::RegexSet::new(&anchored).map_err(|e| e.to_string())?;
        Ok(Patterns {
            tests: re(&strip_groups(concat!(
                r"(?i)(?P<cet>(?-u:\b)CET[ \-]?(?P<cet_l>[46])(?-u:\b)|(?:大学)?英语[ ]?(?P<cet_z>[四六])级)",
                r"|(?P<tem>(?-u:\b)TEM[ \-]?(?P<tem_l>[48])(?-u:\b)|(?:专业英语|英语专业)[ ]?(?P<tem_z>[四八])级|专(?P<tem_z2>[四八]))",
                r"|(?P<toefl>(?-u:\b)TOEFL(?:[ ]?iBT)?(?-u:\b)|托福)",
                r"|(?P<ielts>(?-u:\b)IELTS(?-u:\b)|雅思)",
                r"|(?P<jlpt>(?-u:\b)JLPT[ ]?N(?P<jlpt_l>[1-5])(?-u:\b)|日语(?:能力(?:测试|考试)?)?[ ]*:?[ ]*N(?P<jlpt_l2>[1-5])(?-u:\b)|日语[ ]?(?P<jlpt_z>[一二三四])级)",
                r"|(?P<psc>普通话(?:水平测试)?[ ]?(?P<psc_l>[一二三]级[甲乙]等))",
                r"|(?P<hsk>(?-u:\b)HSK[ ]?(?P<hsk_l>[1-6])(?-u:\b)(?:级)?)",
                r"|(?P<topik>(?-u:\b)TOPIK[ ]?(?P<topik_l>[1-6])(?-u:\b)(?:级)?)",
            )))?,
            score_after: re(r"^[ ]*(?:[:(]|分数|成绩|score)?[ ]*:?[ ]*([0-9]{1,3}(?:\.[05])?)(?:[ ]*分)?")?,
            lang_names: re(
                r"(?i)英语|日语|法语|德语|韩语|西班牙语|普通话|汉语|中文|粤语|俄语|意大利语|葡萄牙语|阿拉伯语|(?-u:\b)(?:English|Japanese|French|German|Korean|Spanish|Mandarin|Chinese|Cantonese|Russian|Italian|Portuguese|Arabic)(?-u:\b)",
            )?,
            fluency: re(
                r"(?i)母语|流利|熟练|精通|良好|一般|基础|听说读写|(?-u:\b)(?:native(?:[ ]speaker)?|bilingual|fluent|proficient|professional working proficiency|working proficiency|conversational|intermediate|advanced|basic|elementary|limited working proficiency|full professional proficiency)(?-u:\b)",
            )?,
            certs: re(&alternation.join("|"))?,
            cert_set,
            level: re(
                r"(?i)精通|熟练掌握|熟练使用|熟练运用|熟练|熟悉|掌握|了解|(?-u:\b)(?:expert|advanced|proficient|intermediate|familiar|basic|beginner|working knowledge)(?-u:\b)",
            )?,
            skill_lead: re(
                r"(?i)^(?:精通|熟练掌握|熟练使用|熟练运用|熟练|熟悉|掌握|了解|能够使用|会使用|使用|(?:expert|proficient|experienced|skilled|familiar|advanced)(?:[ ](?:in|with|at))?|working knowledge of)[ ]*",
            )?,
        })
    })
    .as_ref()
    .map_err(|e| Error::Internal(format!("resume patterns do not compile: {e}")))
}

// ---------------------------------------------------------------------------------------------
// Languages
// ---------------------------------------------------------------------------------------------

/// Language family of a name as written: `en`, `ja`, `zh` …
fn family(name: &str) -> &'static str {
    match name.to_lowercase().as_str() {
        "英语" | "english" => "en",
        "日语" | "japanese" => "ja",
        "法语" | "french" => "fr",
        "德语" | "german" => "de",
        "韩语" | "korean" => "ko",
        "西班牙语" | "spanish" => "es",
        "普通话" | "汉语" | "中文" | "mandarin" | "chinese" => "zh",
        "粤语" | "cantonese" => "yue",
        "俄语" | "russian" => "ru",
        "意大利语" | "italian" => "it",
        "葡萄牙语" | "portuguese" => "pt",
        "阿拉伯语" | "arabic" => "ar",
        _ => "",
    }
}

fn family_name(fam: &str, zh: bool) -> &'static str {
    match (fam, zh) {
        ("en", true) => "英语",
        ("en", false) => "English",
        ("ja", true) => "日语",
        ("ja", false) => "Japanese",
        ("zh", true) => "普通话",
        ("zh", false) => "Mandarin",
        ("ko", true) => "韩语",
        ("ko", false) => "Korean",
        _ => "",
    }
}

struct LangEntry {
    family: &'static str,
    language: String,
    fluency: Option<(String, Range)>,
    test: Option<String>,
    score: Option<String>,
    at: Range,
    line: usize,
}

fn zh_digit(c: &str) -> &'static str {
    match c {
        "一" => "1",
        "二" => "2",
        "三" => "3",
        "四" => "4",
        "六" => "6",
        "八" => "8",
        _ => "",
    }
}

fn line_of(doc: &Doc, byte: usize) -> usize {
    doc.lines.partition_point(|l| l.end < byte)
}

/// The language test a match of the tests pattern names: (family, canonical test, level).
fn classify_test(m: &str) -> Option<(&'static str, String, Option<String>)> {
    let lower = m.to_ascii_lowercase();
    // The level: the last ASCII digit, or a Chinese numeral.
    let digit = || -> &str {
        if let Some(d) = m.chars().rev().find(char::is_ascii_digit) {
            return match d {
                '1' => "1",
                '2' => "2",
                '3' => "3",
                '4' => "4",
                '5' => "5",
                '6' => "6",
                '8' => "8",
                _ => "",
            };
        }
        m.chars()
            .find_map(|c| {
                let z = zh_digit(c.encode_utf8(&mut [0; 4]));
                (!z.is_empty()).then_some(z)
            })
            .unwrap_or("")
    };
    let out = if lower.starts_with("tem") || m.contains("专业") || m.starts_with('专') {
        ("en", format!("TEM-{}", digit()), None)
    } else if lower.starts_with("cet") || m.contains("英语") {
        ("en", format!("CET-{}", digit()), None)
    } else if lower.starts_with("toefl") || m.contains("托福") {
        ("en", "TOEFL".to_string(), None)
    } else if lower.starts_with("ielts") || m.contains("雅思") {
        ("en", "IELTS".to_string(), None)
    } else if lower.starts_with("jlpt") || m.starts_with("日语") {
        ("ja", format!("JLPT N{}", digit()), None)
    } else if m.starts_with("普通话") {
        let level = m.find(['一', '二', '三']).and_then(|i| m.get(i..));
        ("zh", "PSC".to_string(), level.map(str::to_string))
    } else if lower.starts_with("hsk") {
        ("zh", format!("HSK {}", digit()), None)
    } else if lower.starts_with("topik") {
        ("ko", format!("TOPIK {}", digit()), None)
    } else {
        return None;
    };
    Some(out)
}

/// Language tests anywhere, and languages with fluency in language sections.
pub(crate) fn languages(doc: &Doc, sections: &[Section], zh: bool) -> Result<Vec<LanguageSkill>> {
    let p = patterns()?;
    let text = doc.text.as_str();
    let mut entries: Vec<LangEntry> = Vec::new();
    for m in p.tests.find_iter(text) {
        let Some((fam, test, level_score)) = classify_test(m.as_str()) else {
            continue;
        };
        if test.ends_with('-') || test.ends_with(' ') || test.ends_with('N') {
            continue;
        }
        let mut end = m.end();
        let mut score = level_score;
        if score.is_none() {
            let after = text.get(m.end()..).unwrap_or("");
            // At most 16 characters after the test name.
            let after = match after.char_indices().nth(16) {
                Some((i, _)) => after.get(..i).unwrap_or(after),
                None => after,
            };
            if let Some(sc) = p.score_after.captures(after).and_then(|c| c.get(1)) {
                let v: f64 = sc.as_str().parse().unwrap_or(-1.0);
                let ok = match test.as_str() {
                    t if t.starts_with("CET") => (100.0..=710.0).contains(&v),
                    "TOEFL" => (0.0..=120.0).contains(&v) && sc.as_str().len() >= 2,
                    "IELTS" => (0.0..=9.0).contains(&v),
                    t if t.starts_with("TEM") => (0.0..=100.0).contains(&v) && v >= 60.0,
                    _ => false,
                };
                let glued = text
                    .as_bytes()
                    .get(m.end() + sc.end())
                    .is_some_and(|b| b.is_ascii_digit());
                if ok && !glued {
                    score = Some(sc.as_str().to_string());
                    end = m.end() + sc.end();
                }
            }
        }
        // The same test again: keep the first, adding a score it lacked.
        if let Some(prev) = entries
            .iter_mut()
            .find(|e| e.test.as_deref() == Some(&test))
        {
            if prev.score.is_none() && score.is_some() {
                prev.score = score;
            }
            continue;
        }
        let at = (m.start(), end);
        entries.push(LangEntry {
            family: fam,
            language: family_name(fam, zh).to_string(),
            fluency: None,
            test: Some(test),
            score,
            at,
            line: line_of(doc, m.start()),
        });
        if entries.len() >= super::MAX_ENTRIES {
            break;
        }
    }
    // Languages with fluency, in language sections.
    for sec in sections.iter().filter(|s| s.kind == Kind::Languages) {
        for &(s, e) in &sec.body {
            let line = text.get(s..e).unwrap_or("");
            let names: Vec<(usize, usize)> = p
                .lang_names
                .find_iter(line)
                .map(|m| (s + m.start(), s + m.end()))
                .collect();
            for (k, &(ns, ne)) in names.iter().enumerate() {
                let until = names.get(k + 1).map_or(e, |n| n.0);
                let written = text.get(ns..ne).unwrap_or("");
                let fam = family(written);
                let fluency = p
                    .fluency
                    .find(text.get(ne..until).unwrap_or(""))
                    .map(|m| (m.as_str().to_string(), (ne + m.start(), ne + m.end())));
                let line_no = line_of(doc, ns);
                let target = entries
                    .iter_mut()
                    .filter(|en| en.family == fam && en.fluency.is_none())
                    .min_by_key(|en| usize::from(en.line != line_no));
                match target {
                    Some(en) => {
                        en.language = written.to_string();
                        if en.line == line_no {
                            en.at = (
                                en.at.0.min(ns),
                                en.at.1.max(fluency.as_ref().map_or(ne, |f| f.1 .1)),
                            );
                        }
                        en.fluency = fluency;
                    }
                    None => {
                        if entries
                            .iter()
                            .any(|en| en.family == fam && en.test.is_none())
                        {
                            continue;
                        }
                        let at = (ns, fluency.as_ref().map_or(ne, |f| f.1 .1));
                        entries.push(LangEntry {
                            family: fam,
                            language: written.to_string(),
                            fluency,
                            test: None,
                            score: None,
                            at,
                            line: line_no,
                        });
                    }
                }
            }
        }
    }
    entries.sort_by_key(|e| e.at.0);
    Ok(entries
        .into_iter()
        .map(|e| {
            let mut l = LanguageSkill {
                language: e.language,
                fluency: e.fluency.as_ref().map(|f| f.0.clone()),
                test: e.test,
                score: e.score,
                ..LanguageSkill::default()
            };
            l.extra
                .insert("evidence".into(), doc.span_value(e.at.0, e.at.1));
            l
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Certifications
// ---------------------------------------------------------------------------------------------

/// Certificates named outside work and project descriptions.
pub(crate) fn certifications(doc: &Doc, sections: &[Section]) -> Result<Vec<Certification>> {
    let p = patterns()?;
    let text = doc.text.as_str();
    let mut out: Vec<Certification> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for sec in sections
        .iter()
        .filter(|s| !matches!(s.kind, Kind::Experience | Kind::Internship | Kind::Projects))
    {
        // One pass over the section; a match never spans lines.
        let (s, e) = sec.extent();
        {
            let line = text.get(s..e).unwrap_or("");
            for m in p.certs.find_iter(line) {
                let Some(code) = p
                    .cert_set
                    .matches(m.as_str())
                    .iter()
                    .next()
                    .and_then(|i| CERTS.get(i))
                    .map(|(code, _)| *code)
                else {
                    continue;
                };
                if seen.contains(&code) {
                    continue;
                }
                seen.push(code);
                let r = trim_range(text, (s + m.start(), s + m.end()), &['-']);
                let mut cert = Certification {
                    name: text.get(r.0..r.1).unwrap_or("").to_string(),
                    evidence: Some(doc.span(r.0, r.1)),
                    ..Certification::default()
                };
                let (ms, me) = (s + m.start(), s + m.end());
                let line_start = text
                    .get(..ms)
                    .and_then(|b| b.rfind('\n'))
                    .map_or(0, |i| i + 1);
                let line_end = text
                    .get(me..)
                    .and_then(|a| a.find('\n'))
                    .map_or(text.len(), |i| me + i);
                let dates = super::dates::find_dates(text.get(line_start..line_end).unwrap_or(""))?;
                if let [(d, _)] = dates.as_slice() {
                    cert.date = Some(d.to_partial());
                }
                cert.extra
                    .insert("code".into(), Value::String(code.to_string()));
                out.push(cert);
            }
        }
    }
    out.sort_by_key(|c| c.evidence.as_ref().map_or(0, |s| s.start));
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Competency evidence
// ---------------------------------------------------------------------------------------------

/// Keywords that evidence a competency of the interview bank (`kind: competency`) or a domain
/// (`kind: domain`): (id, kind, keywords).
const COMPETENCY_KEYWORDS: &[(&str, &str, &[&str])] = &[
    (
        "teamwork",
        "competency",
        &[
            "团队协作",
            "团队合作",
            "跨部门合作",
            "跨部门协作",
            "协同合作",
            "teamwork",
            "team player",
            "collaborated",
            "collaboration",
            "cross-functional",
        ],
    ),
    (
        "ownership_leadership",
        "competency",
        &[
            "项目负责人",
            "带领团队",
            "带领",
            "带队",
            "管理团队",
            "团队管理",
            "牵头",
            "主导",
            "领导",
            "project lead",
            "team lead",
            "led a team",
            "led the",
            "managed a team",
            "leadership",
            "spearheaded",
            "headed the",
            "mentored",
        ],
    ),
    (
        "communication",
        "competency",
        &[
            "沟通能力",
            "沟通协调",
            "沟通",
            "表达能力",
            "汇报",
            "演讲",
            "谈判",
            "communication",
            "presented",
            "presentation",
            "negotiated",
            "negotiation",
            "stakeholder",
        ],
    ),
    (
        "customer_orientation",
        "competency",
        &[
            "客户服务",
            "客户关系",
            "客户满意度",
            "客户需求",
            "服务客户",
            "维护客户",
            "客户维护",
            "customer service",
            "client relationship",
            "customer satisfaction",
            "client-facing",
            "customer-facing",
            "client service",
        ],
    ),
    (
        "data_analysis",
        "competency",
        &[
            "数据分析",
            "数据驱动",
            "数据挖掘",
            "统计分析",
            "数据建模",
            "A/B测试",
            "data-driven",
            "data analysis",
            "data analytics",
            "analyzed",
            "analysed",
            "A/B test",
            "dashboard",
        ],
    ),
    (
        "sales_drive",
        "competency",
        &[
            "销售业绩",
            "超额完成",
            "业绩排名",
            "销售额",
            "开拓客户",
            "新客户开发",
            "exceeded target",
            "exceeded quota",
            "sales target",
            "revenue growth",
            "quota",
        ],
    ),
    (
        "problem_solving",
        "competency",
        &[
            "解决问题",
            "问题解决",
            "排查",
            "troubleshoot",
            "troubleshooting",
            "resolved",
            "root cause",
            "problem-solving",
            "problem solving",
        ],
    ),
    (
        "learning_agility",
        "competency",
        &[
            "学习能力",
            "快速学习",
            "自学",
            "善于学习",
            "fast learner",
            "quick learner",
            "self-taught",
            "quickly learned",
        ],
    ),
    (
        "stress_resilience",
        "competency",
        &[
            "抗压能力",
            "抗压",
            "高压",
            "under pressure",
            "tight deadlines",
            "tight deadline",
        ],
    ),
    (
        "integrity_compliance",
        "competency",
        &[
            "合规",
            "风控",
            "风险控制",
            "反洗钱",
            "内控",
            "compliance",
            "anti-money laundering",
            "KYC",
            "internal control",
        ],
    ),
    (
        "logical_thinking",
        "competency",
        &[
            "逻辑思维",
            "逻辑分析",
            "逻辑性强",
            "analytical thinking",
            "logical thinking",
            "structured thinking",
        ],
    ),
    (
        "technical_depth",
        "competency",
        &[
            "架构设计",
            "系统设计",
            "性能优化",
            "源码",
            "system design",
            "architecture",
            "performance tuning",
            "scalability",
        ],
    ),
    (
        "finance_experience",
        "domain",
        &[
            "金融从业经验",
            "金融行业",
            "银行",
            "证券",
            "基金",
            "保险",
            "投行",
            "资产管理",
            "财富管理",
            "信贷",
            "理财",
            "finance experience",
            "financial services",
            "banking",
            "investment bank",
            "asset management",
            "wealth management",
            "securities",
        ],
    ),
];

struct Keywords {
    ac: AhoCorasick,
    /// Per pattern: (id, kind, keyword).
    meta: Vec<(&'static str, &'static str, &'static str)>,
}

fn keywords() -> Result<&'static Keywords> {
    static CELL: OnceLock<std::result::Result<Keywords, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut meta = Vec::new();
        for (id, kind, list) in COMPETENCY_KEYWORDS {
            for k in *list {
                meta.push((*id, *kind, *k));
            }
        }
        let ac = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(meta.iter().map(|m| m.2))
            .map_err(|e| e.to_string())?;
        Ok(Keywords { ac, meta })
    })
    .as_ref()
    .map_err(|e| Error::Internal(format!("competency keywords do not build: {e}")))
}

/// Most evidence spans reported per competency or domain.
const MAX_COMPETENCY_EVIDENCE: usize = 20;

/// Competency and domain evidence, one entry per id in order of first appearance:
/// `{"id", "kind", "evidence": [SPAN…]}`, each span's text the keyword as written.
pub(crate) fn competency_evidence(doc: &Doc) -> Result<Vec<Value>> {
    let k = keywords()?;
    let text = doc.text.as_str();
    let mut groups: Vec<(&'static str, &'static str, Vec<Value>)> = Vec::new();
    for m in k.ac.find_iter(text) {
        let Some(&(id, kind, keyword)) = k.meta.get(m.pattern().as_usize()) else {
            continue;
        };
        if keyword.is_ascii() && !ascii_isolated(text, m.start(), m.end()) {
            continue;
        }
        let i = match groups.iter().position(|g| g.0 == id) {
            Some(i) => i,
            None => {
                groups.push((id, kind, Vec::new()));
                groups.len() - 1
            }
        };
        if let Some(g) = groups.get_mut(i) {
            if g.2.len() < MAX_COMPETENCY_EVIDENCE {
                g.2.push(doc.span_value(m.start(), m.end()));
            }
        }
    }
    Ok(groups
        .into_iter()
        .map(|(id, kind, evidence)| {
            let mut entry = serde_json::Map::new();
            entry.insert("id".into(), Value::String(id.into()));
            entry.insert("kind".into(), Value::String(kind.into()));
            entry.insert("evidence".into(), Value::Array(evidence));
            Value::Object(entry)
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Skills
// ---------------------------------------------------------------------------------------------

/// Most evidence spans kept per skill.
const MAX_SKILL_EVIDENCE: usize = 20;
/// Most skills reported.
const MAX_SKILLS: usize = 500;

/// Level-word searches already run, by byte range: the skills of one clause
/// (`熟悉Python、Java、SQL`) share theirs.
type LevelSeen = Vec<(Range, Option<String>)>;

/// The first level word in `text[range]`.
fn level_in(p: &Patterns, text: &str, range: Range, seen: &mut LevelSeen) -> Option<String> {
    // Clauses come in text order: a recent one is the only one that can repeat.
    if let Some((_, hit)) = seen.iter().rev().take(8).find(|(r, _)| *r == range) {
        return hit.clone();
    }
    let hit = text
        .get(range.0..range.1)
        .and_then(|c| p.level.find(c))
        .map(|m| m.as_str().to_string());
    seen.push((range, hit.clone()));
    hit
}

/// Where the clauses of a text break, by byte offset: its line breaks, the clause separators
/// (`,` `，` `;` `；` `。`, at their first byte) and the colons, each ascending. Found in one pass
/// so that [`level_near`] looks its clause up instead of scanning for it around every skill.
struct Breaks {
    newlines: Vec<usize>,
    seps: Vec<usize>,
    colons: Vec<usize>,
}

impl Breaks {
    fn new(text: &str) -> Breaks {
        let (mut newlines, mut seps, mut colons) = (Vec::new(), Vec::new(), Vec::new());
        let b = text.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if !BREAK_BYTE[usize::from(c)] {
                continue;
            }
            match c {
                b'\n' => newlines.push(i),
                b',' | b';' => seps.push(i),
                b':' => colons.push(i),
                // `，` (EF BC 8C), `；` (EF BC 9B), `。` (E3 80 82).
                0xEF if matches!(b.get(i + 1..i + 3), Some([0xBC, 0x8C | 0x9B])) => seps.push(i),
                0xE3 if matches!(b.get(i + 1..i + 3), Some([0x80, 0x82])) => seps.push(i),
                _ => {}
            }
        }
        Breaks {
            newlines,
            seps,
            colons,
        }
    }
}

/// The bytes a break starts with (see [`Breaks`]): one test per byte of the text.
static BREAK_BYTE: [bool; 256] = {
    let firsts = [b'\n', b',', b';', b':', 0xEF, 0xE3];
    let mut table = [false; 256];
    let mut i = 0;
    while i < firsts.len() {
        table[firsts[i] as usize] = true;
        i += 1;
    }
    table
};

/// The last of the ascending `positions` in `[lo, hi)`.
fn last_in(positions: &[usize], lo: usize, hi: usize) -> Option<usize> {
    let i = positions.partition_point(|&p| p < hi);
    i.checked_sub(1)
        .and_then(|j| positions.get(j))
        .copied()
        .filter(|&p| p >= lo)
}

/// The first of the ascending `positions` in `[lo, hi)`.
fn first_in(positions: &[usize], lo: usize, hi: usize) -> Option<usize> {
    let i = positions.partition_point(|&p| p < lo);
    positions.get(i).copied().filter(|&p| p < hi)
}

/// The level word in the clause around `[s, e)`, or before the colon of its line. `breaks`
/// are the [`Breaks`] of `text`.
fn level_near(
    p: &Patterns,
    text: &str,
    breaks: &Breaks,
    (s, e): Range,
    seen: &mut LevelSeen,
) -> Option<String> {
    // Look at most 120 bytes either way: a level word sits next to its skill.
    let mut lo = s.saturating_sub(120);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (e + 120).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    // Each break is looked for only inside a valid slice of the text (`[lo, s)`, `[e, hi)` …),
    // as a search of that slice would.
    let valid = |a: usize, b: usize| text.get(a..b).is_some();
    let line_start = if valid(lo, s) {
        last_in(&breaks.newlines, lo, s).map_or(lo, |i| i + 1)
    } else {
        lo
    };
    let line_end = if valid(e, hi) {
        first_in(&breaks.newlines, e, hi).unwrap_or(hi)
    } else {
        hi
    };
    let before_ok = valid(line_start, s);
    // The clause starts after the whole separator (`。` and `，` are three bytes).
    let clause_start = if before_ok {
        last_in(&breaks.seps, line_start, s).map_or(line_start, |i| {
            i + if text.as_bytes().get(i).is_some_and(u8::is_ascii) {
                1
            } else {
                3
            }
        })
    } else {
        line_start
    };
    let clause_end = if valid(e, line_end) {
        first_in(&breaks.seps, e, line_end).unwrap_or(line_end)
    } else {
        line_end
    };
    if let Some(level) = level_in(p, text, (clause_start, clause_end), seen) {
        return Some(level);
    }
    if !before_ok {
        return None;
    }
    let colon = first_in(&breaks.colons, line_start, s)?;
    level_in(p, text, (line_start, colon), seen)
}

/// Skills through the finder (taxonomy ids, every occurrence as evidence); without a finder,
/// the items of the skills sections, unrecognised (no taxonomy id).
pub(crate) fn skills(
    doc: &Doc,
    sections: &[Section],
    finder: Option<&dyn SkillFinder>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Skill>> {
    let p = patterns()?;
    let text = doc.text.as_str();
    let mut out: Vec<Skill> = Vec::new();
    let mut seen = LevelSeen::new();
    let breaks = OnceCell::new();
    let breaks = || breaks.get_or_init(|| Breaks::new(text));
    if let Some(finder) = finder {
        let mut bad = 0usize;
        // (id, preferred name, byte range): straight from a taxonomy, or from the finder's
        // code-point hits, checked against the text they claim to point at.
        let owned: Vec<SkillHit>;
        let hits: Vec<(&str, &str, usize, usize)> = match finder.as_taxonomy() {
            Some(taxonomy) => taxonomy.find_bytes(text),
            None => {
                owned = finder.find(text);
                owned
                    .iter()
                    .filter_map(|hit| {
                        let ok = match (doc.byte_of(hit.start), doc.byte_of(hit.end)) {
                            (Some(s), Some(e)) if e > s && text.get(s..e) == Some(&hit.surface) => {
                                Some((hit.id.as_str(), hit.name.as_str(), s, e))
                            }
                            _ => None,
                        };
                        if ok.is_none() {
                            bad += 1;
                        }
                        ok
                    })
                    .collect()
            }
        };
        let mut index: HashMap<&str, usize> = HashMap::new();
        // Sized for every hit a new skill: no rehashing while it fills.
        index.reserve(hits.len().min(MAX_SKILLS));
        for (id, name, s, e) in hits {
            match index.get(id) {
                Some(&i) => {
                    if let Some(skill) = out.get_mut(i) {
                        if skill.evidence.len() < MAX_SKILL_EVIDENCE {
                            skill.evidence.push(doc.span(s, e));
                            if skill.level.is_none() {
                                skill.level = level_near(p, text, breaks(), (s, e), &mut seen);
                            }
                        }
                    }
                }
                None => {
                    if out.len() >= MAX_SKILLS {
                        continue;
                    }
                    index.insert(id, out.len());
                    let surface = text.get(s..e).unwrap_or_default();
                    let mut skill = Skill {
                        taxonomy_id: Some(id.to_string()),
                        name: surface.to_string(),
                        level: level_near(p, text, breaks(), (s, e), &mut seen),
                        evidence: vec![doc.span(s, e)],
                        ..Skill::default()
                    };
                    if name != surface {
                        skill
                            .extra
                            .insert("canonical_name".into(), Value::String(name.to_string()));
                    }
                    out.push(skill);
                }
            }
        }
        if bad > 0 {
            warnings.push(super::warn(
                "skill_span_mismatch",
                format!("{bad} skill match(es) from the skill finder did not point at their surface text and were dropped"),
                "skills",
            ));
        }
        return Ok(out);
    }
    let mut index: HashMap<String, usize> = HashMap::new();
    for sec in sections.iter().filter(|s| s.kind == Kind::Skills) {
        for &(s, e) in &sec.body {
            let line = text.get(s..e).unwrap_or("");
            let mut from = s + bullet_len(line).unwrap_or(0);
            // `编程语言：Python、SQL` — a short label before a colon.
            if let Some(colon) = text.get(from..e).and_then(|l| l.find(':')) {
                if text
                    .get(from..from + colon)
                    .is_some_and(|l| l.chars().count() <= 16)
                {
                    from += colon + 1;
                }
            }
            let mut start = from;
            let body = text.get(from..e).unwrap_or("");
            // Level words are looked for per item only when the line has one at all.
            let line_has_level = p.level.is_match(line);
            let mut items = Vec::new();
            for (i, c) in body.char_indices() {
                if matches!(c, ',' | '，' | '、' | ';' | '；' | '/' | '|' | '。') {
                    items.push((start, from + i));
                    start = from + i + c.len_utf8();
                }
            }
            items.push((start, e));
            for item in items {
                let r = trim_range(text, item, &['.', '等', '*']);
                let raw = text.get(r.0..r.1).unwrap_or("");
                // The lead pattern only when the item starts like one of its words.
                let may_lead = raw.starts_with(|c: char| {
                    "精熟了掌能会使".contains(c) || "eEpPsSfFaAwW".contains(c)
                });
                let lead = if may_lead {
                    p.skill_lead.find(raw).map_or(0, |m| m.end())
                } else {
                    0
                };
                let mut r = (r.0 + lead, r.1);
                let mut name = text.get(r.0..r.1).unwrap_or("").trim();
                // `Tableau等工具`: what follows 等 is not part of the name.
                if let Some(cut) = name.find('等') {
                    if name.get(cut..).is_some_and(|t| t.chars().count() <= 4) && cut > 0 {
                        name = name.get(..cut).unwrap_or(name).trim_end();
                        r.1 = r.0 + name.len();
                    }
                }
                if let Some(stripped) = name.strip_suffix("etc") {
                    name = stripped.trim_end();
                    r.1 = r.0 + name.len();
                }
                // `Python (Advanced)`: the level in parentheses is not part of the name.
                if let Some(open) = name.find('(') {
                    name = name.get(..open).unwrap_or(name).trim_end();
                    r.1 = r.0 + name.len();
                }
                let han = name.chars().filter(|&c| is_han(c)).count();
                let ok = !name.is_empty()
                    && name.chars().count() <= 40
                    && name.split_whitespace().count() <= 4
                    && han <= 10
                    && !name.contains(['。', ':'])
                    && !["进行", "能够", "具备", "负责", "具有"]
                        .iter()
                        .any(|w| name.contains(w));
                if !ok {
                    continue;
                }
                let key = name.to_lowercase();
                if index.contains_key(&key) || out.len() >= MAX_SKILLS {
                    continue;
                }
                index.insert(key, out.len());
                out.push(Skill {
                    name: name.to_string(),
                    level: if line_has_level {
                        level_near(p, text, breaks(), r, &mut seen)
                    } else {
                        None
                    },
                    evidence: vec![doc.span(r.0, r.1)],
                    ..Skill::default()
                });
            }
        }
    }
    Ok(out)
}
