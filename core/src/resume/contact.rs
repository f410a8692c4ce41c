//! The resume header: name, headline, e-mail, phone, WeChat id, city, web site and profiles,
//! and the summary.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde_json::{Map, Value};

use super::sections::{Kind, Section};
use super::text::{ascii_isolated, digit_isolated, is_han, segments, trim_range, Doc, Range};
use super::Entity;
use crate::error::{Error, Result};
use crate::schema::{Location, ResumeBasics, SocialProfile};

struct Patterns {
    email: Regex,
    phone: Regex,
    wechat: Regex,
    zh_name: Regex,
    en_name: Regex,
    city_label: Regex,
    headline: Regex,
    objective_role: Regex,
    url: Regex,
}

fn patterns() -> Result<&'static Patterns> {
    static CELL: OnceLock<std::result::Result<Patterns, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let re = |s: &str| Regex::new(s).map_err(|e| e.to_string());
        Ok(Patterns {
            email: re(
                r"(?i)[a-z0-9](?:[a-z0-9._%+\-]{0,62}[a-z0-9_\-])?@[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?)*\.[a-z]{2,24}",
            )?,
            phone: re(concat!(
                // Mainland mobile, with an optional +86 / 0086 / (+86) prefix.
                r"(?:(?:\+|00)?86[ \-]?|\((?:\+|00)?86\)[ ]?)?1[3-9][0-9](?:[ \-]?[0-9]{4}){2}",
                // International: + country code, then groups.
                r"|\+[1-9][0-9]{0,2}(?:[ \-.]?\(?[0-9]{1,4}\)?){2,5}",
                // Mainland landline: area code 0xx(x), then 7–8 digits, optional extension.
                r"|(?:\(0[1-9][0-9]{1,2}\)[ ]?|0[1-9][0-9]{1,2}[ \-])[0-9]{3,4}[ \-]?[0-9]{4}(?:[ ]?(?:-|转|ext\.?)[ ]?[0-9]{1,5})?",
            ))?,
            wechat: re(
                r"(?i)(?:微信号?|(?-u:\b)(?:wechat(?:[ ]?id)?|weixin)(?-u:\b))[ ]*(?:[:]|号)?[ ]*([a-z][a-z0-9_\-]{5,19}|1[3-9][0-9]{9})",
            )?,
            zh_name: re(r"姓[ ]*名[ ]*:?[ ]*(\p{Han}{2,4})")?,
            en_name: re(
                r"(?-u:\b)(?i:full[ ]name|name)[ ]*:[ ]*([A-Z][A-Za-z'\-]+(?:[ ][A-Z][A-Za-z'\-]+){1,3})",
            )?,
            city_label: re(
                r"(?i)(?:现居住地|现居地|现居住|现居|居住地|现所在地|所在地|所在城市|目前城市|居住城市|地址|(?-u:\b)(?:location|current city|city|based in|residence|address)(?-u:\b))[ ]*:?[ ]*",
            )?,
            headline: re(
                r"(?i)(?:求职意向|意向岗位|意向职位|应聘职位|应聘岗位|期望职位|期望岗位|目标职位|目标岗位|(?-u:\b)(?:desired position|target role|target position|position applied for)(?-u:\b))[ ]*:?[ ]*",
            )?,
            objective_role: re(r"(?i)(?:岗位|职位|(?-u:\b)(?:position|role)(?-u:\b))[ ]*:[ ]*")?,
            url: re(
                r"(?i)(?:https?://|www\.)[a-z0-9.\-]+\.[a-z]{2,}(?:/[^\s,;|)]*)?|(?-u:\b)(?:github\.com|linkedin\.com/in)/[a-z0-9_\-]+/?",
            )?,
        })
    })
    .as_ref()
    .map_err(|e| Error::Internal(format!("contact patterns do not compile: {e}")))
}

/// Major cities: (forms as written, ISO 3166-1 country code). Chinese forms match as
/// substrings of a labelled value, English forms as whole words.
const CITIES: &[(&[&str], &str)] = &[
    (&["北京", "Beijing", "Peking"], "CN"),
    (&["上海", "Shanghai"], "CN"),
    (&["广州", "Guangzhou", "Canton"], "CN"),
    (&["深圳", "Shenzhen"], "CN"),
    (&["杭州", "Hangzhou"], "CN"),
    (&["南京", "Nanjing"], "CN"),
    (&["苏州", "Suzhou"], "CN"),
    (&["成都", "Chengdu"], "CN"),
    (&["重庆", "Chongqing"], "CN"),
    (&["武汉", "Wuhan"], "CN"),
    (&["西安", "Xi'an", "Xian"], "CN"),
    (&["天津", "Tianjin"], "CN"),
    (&["长沙", "Changsha"], "CN"),
    (&["郑州", "Zhengzhou"], "CN"),
    (&["青岛", "Qingdao"], "CN"),
    (&["厦门", "Xiamen"], "CN"),
    (&["宁波", "Ningbo"], "CN"),
    (&["合肥", "Hefei"], "CN"),
    (&["济南", "Jinan"], "CN"),
    (&["大连", "Dalian"], "CN"),
    (&["沈阳", "Shenyang"], "CN"),
    (&["福州", "Fuzhou"], "CN"),
    (&["东莞", "Dongguan"], "CN"),
    (&["佛山", "Foshan"], "CN"),
    (&["无锡", "Wuxi"], "CN"),
    (&["昆明", "Kunming"], "CN"),
    (&["哈尔滨", "Harbin"], "CN"),
    (&["长春", "Changchun"], "CN"),
    (&["石家庄", "Shijiazhuang"], "CN"),
    (&["太原", "Taiyuan"], "CN"),
    (&["南昌", "Nanchang"], "CN"),
    (&["南宁", "Nanning"], "CN"),
    (&["贵阳", "Guiyang"], "CN"),
    (&["兰州", "Lanzhou"], "CN"),
    (&["海口", "Haikou"], "CN"),
    (&["珠海", "Zhuhai"], "CN"),
    (&["香港", "Hong Kong"], "HK"),
    (&["澳门", "Macau", "Macao"], "MO"),
    (&["台北", "Taipei"], "TW"),
    (&["新加坡", "Singapore"], "SG"),
    (&["伦敦", "London"], "GB"),
    (&["纽约", "New York"], "US"),
    (&["旧金山", "San Francisco"], "US"),
    (&["西雅图", "Seattle"], "US"),
    (&["多伦多", "Toronto"], "CA"),
    (&["悉尼", "Sydney"], "AU"),
    (&["东京", "Tokyo"], "JP"),
];

struct CityIndex {
    /// Lower-case form → country code.
    whole: HashMap<String, &'static str>,
    /// Every form, ASCII case-insensitive.
    ac: AhoCorasick,
    /// Per pattern: (form, country code).
    forms: Vec<(&'static str, &'static str)>,
}

fn city_index() -> Result<&'static CityIndex> {
    static CELL: OnceLock<std::result::Result<CityIndex, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut whole = HashMap::new();
        let mut forms = Vec::new();
        for (list, cc) in CITIES {
            for f in *list {
                whole.insert(f.to_lowercase(), *cc);
                forms.push((*f, *cc));
            }
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(forms.iter().map(|f| f.0))
            .map_err(|e| e.to_string())?;
        Ok(CityIndex { whole, ac, forms })
    })
    .as_ref()
    .map_err(|e| Error::Internal(format!("city list does not build: {e}")))
}

/// The first city named in `[start, end)`: its range and country code. With `whole_value`, the
/// range must be the city alone (`上海`, `上海市`, `Shanghai, China`).
fn find_city(full: &str, (start, end): Range, whole_value: bool) -> Option<(Range, &'static str)> {
    let hay = full.get(start..end)?;
    let index = city_index().ok()?;
    if whole_value {
        if hay.len() > 40 {
            return None;
        }
        let mut core = hay.trim();
        for suffix in [", China", ",China", " China", ", PRC", "中国"] {
            if core.len() > suffix.len()
                && core
                    .get(core.len() - suffix.len()..)
                    .is_some_and(|t| t.eq_ignore_ascii_case(suffix))
            {
                core = core.get(..core.len() - suffix.len()).unwrap_or(core).trim();
            }
        }
        let core = core.strip_suffix('市').unwrap_or(core);
        if core.is_empty() || core.chars().count() > 16 {
            return None;
        }
        let cc = if core.bytes().any(|b| b.is_ascii_uppercase()) {
            index.whole.get(core.to_ascii_lowercase().as_str())?
        } else {
            index.whole.get(core)?
        };
        let offset = hay.find(core).unwrap_or(0);
        let s = start + offset;
        return Some(((s, s + core.len()), cc));
    }
    index.ac.find_iter(hay).find_map(|m| {
        let (form, cc) = *index.forms.get(m.pattern().as_usize())?;
        let (s, e) = (start + m.start(), start + m.end());
        (!form.is_ascii() || ascii_isolated(full, s, e)).then_some(((s, e), cc))
    })
}

/// True when `s` is a known city alone (`上海`, `Shanghai, China`).
pub(crate) fn is_city(s: &str) -> bool {
    find_city(s, (0, s.len()), true).is_some()
}

/// Common Chinese surnames (single and compound) for recognising a bare name at the top.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯",
    "长孙", "宇文", "轩辕", "端木", "独孤", "南宫",
];

fn plausible_zh_name(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=4).contains(&n) || !s.chars().all(is_han) {
        return false;
    }
    if COMPOUND_SURNAMES.iter().any(|c| s.starts_with(c)) {
        return n >= 3;
    }
    let first = s.chars().next().unwrap_or(' ');
    SURNAMES.contains(first) && n <= 3
}

const NOT_NAMES: &[&str] = &[
    "resume",
    "curriculum vitae",
    "cv",
    "personal resume",
    "个人简历",
    "简历",
    "求职简历",
    "个人履历",
];

/// English title words that make a capitalised line a headline rather than a name.
const TITLE_WORDS: &[&str] = &[
    "analyst",
    "engineer",
    "manager",
    "developer",
    "designer",
    "consultant",
    "director",
    "intern",
    "specialist",
    "scientist",
    "officer",
    "accountant",
    "representative",
    "assistant",
    "associate",
    "lead",
    "head",
    "teller",
    "advisor",
    "architect",
    "administrator",
    "coordinator",
    "executive",
    "banker",
    "university",
    "college",
    "street",
    "road",
];

fn plausible_en_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) || s.len() > 48 {
        return false;
    }
    words.iter().all(|w| {
        let mut chars = w.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase());
        let lower = w.to_ascii_lowercase();
        first_ok
            && w.chars()
                .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '-' || c == '.')
            && !TITLE_WORDS.contains(&lower.trim_end_matches('s'))
    })
}

/// What the header yields: basics with evidence, plus the lines the header spans.
pub(crate) fn extract(
    doc: &Doc,
    sections: &[Section],
    ner: &[Entity],
    warnings: &mut Vec<super::Warning>,
) -> Result<ResumeBasics> {
    let p = patterns()?;
    let text = doc.text.as_str();
    let mut basics = ResumeBasics::default();
    let mut evidence = Map::with_capacity(8);
    let mut put_evidence = |key: &str, span: Value| {
        evidence.insert(key.to_string(), span);
    };

    // Where contact data is looked for first: the header (first 40 lines at most when the
    // resume has no headings at all) and the contact and objective sections.
    let header = sections.first().map(|s| s.body.as_slice()).unwrap_or(&[]);
    let header: &[Range] = if sections.len() == 1 {
        header.get(..header.len().min(40)).unwrap_or(header)
    } else {
        header
    };
    // Regular expressions run once per block of lines, not once per line.
    let mut contact_lines: Vec<Range> = Vec::new();
    if let (Some(a), Some(b)) = (header.first(), header.last()) {
        contact_lines.push((a.0, b.1));
    }
    for s in sections
        .iter()
        .filter(|s| matches!(s.kind, Kind::Contact | Kind::Objective))
    {
        let extent = s.extent();
        if extent.1 > extent.0 {
            contact_lines.push(extent);
        }
    }
    let whole: Vec<Range> = vec![(0, text.len())];

    // Name.
    let mut name: Option<Range> = None;
    for &(s, e) in &contact_lines {
        let line = text.get(s..e).unwrap_or("");
        if let Some(c) = p.zh_name.captures(line).and_then(|c| c.get(1)) {
            name = Some((s + c.start(), s + c.end()));
            break;
        }
        if let Some(c) = p.en_name.captures(line).and_then(|c| c.get(1)) {
            name = Some((s + c.start(), s + c.end()));
            break;
        }
    }
    if name.is_none() {
        let mut seen = 0;
        for &(s, e) in header {
            let line = text.get(s..e).unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            seen += 1;
            if seen > 3 {
                break;
            }
            let lower = line.to_lowercase();
            if NOT_NAMES.contains(&lower.as_str()) {
                seen -= 1;
                continue;
            }
            let Some(&first) = segments(text, (s, e), false).first() else {
                continue;
            };
            let first = trim_range(
                text,
                first,
                &['#', '*', '=', '>', '-', '【', '】', '[', ']'],
            );
            let seg = text.get(first.0..first.1).unwrap_or("");
            // `张伟(Zhang Wei)`: the Han part.
            let han_end = seg
                .char_indices()
                .find(|&(_, c)| !is_han(c))
                .map_or(seg.len(), |(i, _)| i);
            let han = seg.get(..han_end).unwrap_or("");
            if plausible_zh_name(han) {
                name = Some((first.0, first.0 + han_end));
                break;
            }
            let en = seg.split('(').next().unwrap_or(seg).trim_end();
            if seen == 1 && plausible_en_name(en) {
                name = Some((first.0, first.0 + en.len()));
                break;
            }
        }
    }
    if name.is_none() {
        let header_end = header.last().map_or(0, |r| r.1);
        name = ner
            .iter()
            .find(|e| e.kind == "NAME" && e.start < header_end.max(1))
            .or_else(|| ner.iter().find(|e| e.kind == "NAME"))
            .map(|e| (e.start, e.end));
    }
    if let Some(r) = name {
        basics.name = Some(text.get(r.0..r.1).unwrap_or("").to_string());
        put_evidence("name", doc.span_value(r.0, r.1));
    } else {
        warnings.push(super::warn(
            "name_not_found",
            "no name was found",
            "basics.name",
        ));
    }

    // Headline.
    let mut label: Option<Range> = None;
    for &(s, e) in &contact_lines {
        let line = text.get(s..e).unwrap_or("");
        if let Some(m) = p.headline.find(line) {
            let eol = line
                .get(m.end()..)
                .and_then(|r| r.find('\n'))
                .map_or(e, |o| s + m.end() + o);
            label = value_after(text, (s + m.end(), eol));
            if label.is_some() {
                break;
            }
        }
    }
    if label.is_none() {
        // The line after the name, when it starts with a job title (`Senior Data Scientist`,
        // `高级数据分析师 | 手机 …`).
        if let Some((ns, _)) = name {
            let next = header
                .iter()
                .skip_while(|r| r.1 < ns)
                .skip(1)
                .find(|r| !text.get(r.0..r.1).unwrap_or("").trim().is_empty());
            if let Some(&line) = next {
                // The whole line when it is one title (`Java 后端开发工程师`), else its first
                // segment.
                let whole = trim_range(text, line, &[]);
                let first = if text
                    .get(whole.0..whole.1)
                    .is_some_and(|l| !l.contains(['|', ',', '\t', ':']) && l.chars().count() <= 30)
                {
                    Some(whole)
                } else {
                    segments(text, line, false).first().copied()
                };
                if let Some(seg) = first {
                    let st = text.get(seg.0..seg.1).unwrap_or("");
                    let plain = !st.contains(['@', ':'])
                        && !st.bytes().any(|b| b.is_ascii_digit())
                        && st.chars().count() <= 40;
                    if plain && super::experience_is_title(st) && !super::contact_is_city(st) {
                        label = Some(seg);
                    }
                }
            }
        }
    }
    if label.is_none() {
        for sec in sections.iter().filter(|s| s.kind == Kind::Objective) {
            for &(s, e) in &sec.body {
                let line = text.get(s..e).unwrap_or("");
                if let Some(m) = p.objective_role.find(line) {
                    label = value_after(text, (s + m.end(), e));
                } else if !line.trim().is_empty() && line.trim().chars().count() <= 30 {
                    label = segments(text, (s, e), false).first().copied();
                }
                if label.is_some() {
                    break;
                }
            }
        }
    }
    if let Some(r) = label {
        basics.label = Some(text.get(r.0..r.1).unwrap_or("").to_string());
        put_evidence("label", doc.span_value(r.0, r.1));
    }

    // E-mail, phone, WeChat: contact lines first, then anywhere.
    let email = contact_first(&contact_lines, &whole, text, |hay| email_in(p, hay));
    if let Some(r) = email {
        basics.email = Some(text.get(r.0..r.1).unwrap_or("").to_string());
        put_evidence("email", doc.span_value(r.0, r.1));
    }
    let phone = contact_first(&contact_lines, &whole, text, |hay| phone_in(p, hay));
    if let Some(r) = phone {
        basics.phone = Some(text.get(r.0..r.1).unwrap_or("").to_string());
        put_evidence("phone", doc.span_value(r.0, r.1));
    }
    let wechat = contact_first(&contact_lines, &whole, text, |hay| wechat_in(p, hay));
    if let Some(r) = wechat {
        basics.wechat_id = Some(text.get(r.0..r.1).unwrap_or("").to_string());
        put_evidence("wechat_id", doc.span_value(r.0, r.1));
    }

    // City: a labelled value, else a header segment that is a city alone.
    let mut city: Option<(Range, &str)> = None;
    for &(s, e) in &contact_lines {
        let line = text.get(s..e).unwrap_or("");
        for m in p.city_label.find_iter(line) {
            let before = line.get(..m.start()).unwrap_or("");
            if before.ends_with("期望") || before.ends_with("意向") || before.ends_with("目标")
            {
                continue;
            }
            // The value runs to the next separator (at most 60 bytes).
            let value_end = line
                .get(m.end()..)
                .and_then(|r| r.find(['|', ';', '；', '\t', '\n']))
                .map_or(e, |o| s + m.end() + o);
            let value_end = value_end.min(s + m.end() + 60).min(e);
            let mut ve = value_end;
            while !text.is_char_boundary(ve) {
                ve -= 1;
            }
            if let Some(found) = find_city(text, (s + m.end(), ve), false) {
                city = Some(found);
                break;
            }
        }
        if city.is_some() {
            break;
        }
    }
    if city.is_none() {
        'lines: for &(s, e) in header.iter().filter(|r| r.1 - r.0 <= 300) {
            for seg in segments(text, (s, e), false) {
                if let Some(found) = find_city(text, seg, true) {
                    city = Some(found);
                    break 'lines;
                }
            }
        }
    }
    if city.is_none() {
        let header_end = header.last().map_or(0, |r| r.1);
        city = ner
            .iter()
            .find(|e| e.kind == "LOC" && e.end <= header_end)
            .map(|e| ((e.start, e.end), ""));
    }
    if let Some((r, cc)) = city {
        basics.location = Some(Location {
            city: Some(text.get(r.0..r.1).unwrap_or("").to_string()),
            country_code: (!cc.is_empty()).then(|| cc.to_string()),
            ..Location::default()
        });
        put_evidence("city", doc.span_value(r.0, r.1));
    }

    // Web site and profiles (header and contact sections only: company sites are not personal).
    for &(s, e) in &contact_lines {
        let line = text.get(s..e).unwrap_or("");
        for m in p.url.find_iter(line) {
            let ms = s + m.start();
            // Not the domain of an e-mail address.
            if text.get(..ms).is_some_and(|b| b.ends_with('@')) {
                continue;
            }
            let url = m.as_str().trim_end_matches(['.', '/']);
            let me = ms + url.len();
            let lower = url.to_ascii_lowercase();
            let network = if lower.contains("github.com/") {
                Some("GitHub")
            } else if lower.contains("linkedin.com/in/") {
                Some("LinkedIn")
            } else {
                None
            };
            match network {
                Some(net) => {
                    let username = url.rsplit('/').next().unwrap_or("").to_string();
                    let mut profile = SocialProfile {
                        network: Some(net.to_string()),
                        username: (!username.is_empty()).then_some(username),
                        url: Some(url.to_string()),
                        ..SocialProfile::default()
                    };
                    profile
                        .extra
                        .insert("evidence".into(), doc.span_value(ms, me));
                    if !basics.profiles.iter().any(|p| p.url == profile.url) {
                        basics.profiles.push(profile);
                    }
                }
                None if basics.url.is_none() => {
                    basics.url = Some(url.to_string());
                    put_evidence("url", doc.span_value(ms, me));
                }
                None => {}
            }
        }
    }

    // Summary: the summary section's text.
    if let Some(sec) = sections.iter().find(|s| s.kind == Kind::Summary) {
        let r = trim_range(text, sec.extent(), &[]);
        if r.1 > r.0 {
            basics.summary = Some(text.get(r.0..r.1).unwrap_or("").to_string());
            put_evidence("summary", doc.block_span_value(r.0, r.1));
        }
    }

    if !evidence.is_empty() {
        basics
            .extra
            .insert("evidence".into(), Value::Object(evidence));
    }
    Ok(basics)
}

/// The value after a label: up to the next separator, trimmed; `None` when empty.
fn value_after(text: &str, (s, e): Range) -> Option<Range> {
    let seg = segments(text, (s, e), false).into_iter().next()?;
    let r = trim_range(text, seg, &[':']);
    (r.1 > r.0).then_some(r)
}

fn first_in(lines: &[Range], text: &str, f: impl Fn(&str) -> Option<Range>) -> Option<Range> {
    lines.iter().find_map(|&(s, e)| {
        let hay = text.get(s..e)?;
        f(hay).map(|(a, b)| (s + a, s + b))
    })
}

/// The first hit in the contact lines (in their order), else the first anywhere (`whole`),
/// with the whole text searched once at most. Contact lines are whole lines of the text and no
/// e-mail, phone or WeChat match spans a line break, so the hits inside a block of lines are
/// exactly the whole text's hits that lie in it: a block ending before the first hit has none,
/// a block holding it has it first, and a resume without any is scanned once instead of twice.
fn contact_first(
    contact_lines: &[Range],
    whole: &[Range],
    text: &str,
    f: impl Fn(&str) -> Option<Range>,
) -> Option<Range> {
    let first = first_in(whole, text, &f)?;
    for &block in contact_lines {
        if block.1 <= first.0 {
            continue;
        }
        if block.0 <= first.0 && first.1 <= block.1 {
            return Some(first);
        }
        if let Some(hit) = first_in(&[block], text, &f) {
            return Some(hit);
        }
    }
    Some(first)
}

fn email_in(p: &Patterns, hay: &str) -> Option<Range> {
    p.email.find_iter(hay).find_map(|m| {
        let before = hay
            .get(..m.start())
            .and_then(|b| b.chars().next_back())
            .is_some_and(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
        let s = m.as_str();
        let local = s.split('@').next().unwrap_or("");
        let ok = !before && !local.contains("..") && !local.ends_with('.');
        ok.then_some((m.start(), m.end()))
    })
}

fn phone_in(p: &Patterns, hay: &str) -> Option<Range> {
    p.phone.find_iter(hay).find_map(|m| {
        let (s, e) = (m.start(), m.end());
        let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
        let isolated = digit_isolated(hay, s, e)
            && !hay
                .as_bytes()
                .get(e)
                .is_some_and(|b| b.is_ascii_alphabetic());
        // International numbers must not be a date range or an ID number in disguise.
        let intl_ok = !m.as_str().starts_with('+') || (8..=15).contains(&digits);
        (isolated && intl_ok && digits >= 7).then_some((s, e))
    })
}

fn wechat_in(p: &Patterns, hay: &str) -> Option<Range> {
    p.wechat.captures_iter(hay).find_map(|c| {
        let m = c.get(1)?;
        let after = hay.as_bytes().get(m.end()).copied();
        let glued = after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'@' || b == b'.');
        (!glued).then_some((m.start(), m.end()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_many_forms() {
        let p = patterns().unwrap();
        for (hay, want) in [
            ("手机:13800138000", "13800138000"),
            ("Tel +86 138 0013 8000 ", "+86 138 0013 8000"),
            ("电话: +86-139-1234-5678", "+86-139-1234-5678"),
            ("座机 010-12345678", "010-12345678"),
            ("(021) 6123 4567", "(021) 6123 4567"),
            ("Phone: +1 (415) 555-0132", "+1 (415) 555-0132"),
            ("+44 20 7946 0958", "+44 20 7946 0958"),
        ] {
            let r = phone_in(p, hay).unwrap();
            assert_eq!(&hay[r.0..r.1], want, "{hay}");
        }
        assert!(phone_in(p, "身份证 110101199003078514").is_none());
        assert!(phone_in(p, "2019.03-2021.06").is_none());
    }

    #[test]
    fn contact_lines_win_over_an_earlier_hit_elsewhere() {
        let p = patterns().unwrap();
        let phone = |hay: &str| phone_in(p, hay);
        // Line 0 has a phone but is not a contact line; the header (line 1) has none; the
        // contact section (line 2) has one: the contact section's phone wins.
        let text = "项目热线 13800138000\n张伟\n手机 13900139000\n其他 13700137000";
        let line = |n: usize| {
            let start: usize = text.split('\n').take(n).map(|l| l.len() + 1).sum();
            (start, start + text.split('\n').nth(n).unwrap().len())
        };
        let whole = [(0, text.len())];
        let got = contact_first(&[line(1), line(2)], &whole, text, phone).unwrap();
        assert_eq!(&text[got.0..got.1], "13900139000");
        // A contact line holding the text's first hit answers without a second search.
        let got = contact_first(&[line(0)], &whole, text, phone).unwrap();
        assert_eq!(&text[got.0..got.1], "13800138000");
        // No hit in any contact line: the first anywhere.
        let got = contact_first(&[line(1)], &whole, text, phone).unwrap();
        assert_eq!(&text[got.0..got.1], "13800138000");
        // No hit at all.
        assert_eq!(contact_first(&[line(1)], &whole, "张伟\n简历", phone), None);
    }

    #[test]
    fn names() {
        assert!(plausible_zh_name("张伟"));
        assert!(plausible_zh_name("欧阳娜娜"));
        assert!(!plausible_zh_name("个人简历"));
        assert!(!plausible_zh_name("数据分析"));
        assert!(plausible_en_name("Jane Doe"));
        assert!(plausible_en_name("WEI ZHANG"));
        assert!(!plausible_en_name("Data Analyst"));
    }
}
