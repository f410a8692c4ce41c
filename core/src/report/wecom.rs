//! WeCom (企业微信) message bodies and WeChat mini-program subscribe messages (订阅消息).
//!
//! Builds the JSON the host POSTs; it never sends anything. Limits and their sources are listed
//! in `docs/wecom.md`. Every cut is made on a character boundary, never inside a Markdown link,
//! a `<font>` element or a bold run, ends with `…`, and is reported in `warnings`.

use serde::Serialize;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use super::{escape_pointer, invalid, lang_name, no_unknown, parse_lang};
use crate::error::{Error, Result};
use crate::interview::Lang;

/// WeCom's limit on `markdown.content`, in UTF-8 bytes (group-robot webhook; error 40058 above).
pub const MARKDOWN_MAX_BYTES: usize = 4096;
/// `template_card.main_title.title`, characters.
pub const CARD_TITLE_CHARS: usize = 26;
/// `template_card.main_title.desc`, characters.
pub const CARD_DESC_CHARS: usize = 30;
/// `template_card.emphasis_content.title`, characters.
pub const EMPHASIS_TITLE_CHARS: usize = 10;
/// `template_card.emphasis_content.desc`, characters.
pub const EMPHASIS_DESC_CHARS: usize = 15;
/// `template_card.sub_title_text`, characters.
pub const SUB_TITLE_CHARS: usize = 112;
/// `horizontal_content_list[].keyname`, characters.
pub const KEYNAME_CHARS: usize = 5;
/// `horizontal_content_list[].value`, characters.
pub const VALUE_CHARS: usize = 26;
/// `jump_list[].title`, characters.
pub const JUMP_TITLE_CHARS: usize = 13;
/// Most `horizontal_content_list` entries.
pub const HORIZONTAL_MAX: usize = 6;
/// Most `jump_list` entries.
pub const JUMP_MAX: usize = 3;
/// Longest URL accepted, in bytes.
pub const URL_MAX_BYTES: usize = 2048;
/// Longest free-text data field accepted before any cut, in characters.
pub const DATA_TEXT_MAX_CHARS: usize = 20_000;
/// Most `scores` or `flagged` entries.
pub const DATA_LIST_MAX: usize = 50;
/// Most subscribe-message fields.
pub const SUBSCRIBE_FIELDS_MAX: usize = 20;

const ELLIPSIS: char = '…';

/// A cut made to fit a limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayloadWarning {
    /// `truncated` (a text was cut), `dropped` (list entries left out) or `replaced` (control
    /// characters became spaces).
    pub code: String,
    /// Where in the body (JSON pointer).
    pub path: String,
    /// The limit applied.
    pub limit: usize,
    /// `bytes`, `chars` or `items`.
    pub unit: String,
    /// Size before.
    pub original: usize,
    /// Size after.
    pub kept: usize,
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

fn truncated(path: &str, limit: usize, unit: &str, original: usize, kept: usize) -> PayloadWarning {
    let (unit_en, unit_zh) = match unit {
        "bytes" => ("bytes", "字节"),
        "items" => ("entries", "项"),
        _ => ("characters", "个字符"),
    };
    let dropped = unit == "items";
    PayloadWarning {
        code: if dropped { "dropped" } else { "truncated" }.into(),
        path: path.into(),
        limit,
        unit: unit.into(),
        original,
        kept,
        en: if dropped {
            format!("Kept the first {kept} of {original} {unit_en} (limit {limit}).")
        } else {
            format!("Cut from {original} to {kept} {unit_en} (limit {limit}).")
        },
        zh: if dropped {
            format!("共 {original} {unit_zh}，只保留前 {kept} {unit_zh}（上限 {limit}）。")
        } else {
            format!("已从 {original} {unit_zh}截断为 {kept} {unit_zh}（上限 {limit}）。")
        },
    }
}

/// `s` cut to at most `max` characters, the last being `…`; `None` when it fits.
pub(crate) fn cut_chars(s: &str, max: usize) -> Option<String> {
    if s.chars().count() <= max {
        return None;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_string();
    out.push(ELLIPSIS);
    Some(out)
}

/// Byte ranges that must not be split: `[text](url)`, `<font …>…</font>` and `**bold**`.
fn atomic_spans(s: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b.get(i) {
            Some(b'[') => {
                // [text](url) with no newline inside.
                if let Some(close) = s[i..].find("](").map(|p| p + i) {
                    let line_end = s[i..].find('\n').map_or(b.len(), |p| p + i);
                    if close < line_end {
                        if let Some(end) = s[close..].find(')').map(|p| p + close + 1) {
                            if end <= line_end {
                                spans.push((i, end));
                                i = end;
                                continue;
                            }
                        }
                    }
                }
                i += 1;
            }
            Some(b'<') if s[i..].starts_with("<font") => match s[i..].find("</font>") {
                Some(p) => {
                    let end = i + p + "</font>".len();
                    spans.push((i, end));
                    i = end;
                }
                None => i += 1,
            },
            Some(b'*') if s[i..].starts_with("**") => {
                let line_end = s[i..].find('\n').map_or(b.len(), |p| p + i);
                match s[i + 2..].find("**").map(|p| p + i + 2) {
                    Some(p) if p < line_end => {
                        spans.push((i, p + 2));
                        i = p + 2;
                    }
                    _ => i += 2,
                }
            }
            _ => i += 1,
        }
    }
    spans
}

/// `s` cut to at most `max` bytes, ending with `…`, on a character boundary and outside every
/// atomic span; `None` when it fits.
pub(crate) fn cut_bytes(s: &str, max: usize) -> Option<String> {
    if s.len() <= max {
        return None;
    }
    let budget = max.saturating_sub(ELLIPSIS.len_utf8());
    let mut cut = budget.min(s.len());
    while cut > 0 && !s.is_char_boundary(cut) {
        cut -= 1;
    }
    for (start, end) in atomic_spans(s) {
        if start < cut && cut < end {
            cut = start;
            break;
        }
    }
    let mut out = s.get(..cut).unwrap_or("").trim_end().to_string();
    out.push(ELLIPSIS);
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// WeCom
// ---------------------------------------------------------------------------------------------

/// The event a message announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WecomEvent {
    /// 面试邀请.
    InterviewInvitation,
    /// 面试已完成.
    InterviewCompleted,
    /// 面试报告已生成.
    ReportReady,
    /// 评分分歧提醒.
    DivergenceFlagged,
}

impl WecomEvent {
    const NAMES: [&'static str; 4] = [
        "interview_invitation",
        "interview_completed",
        "report_ready",
        "divergence_flagged",
    ];

    fn parse(s: &str) -> Option<WecomEvent> {
        match s {
            "interview_invitation" => Some(WecomEvent::InterviewInvitation),
            "interview_completed" => Some(WecomEvent::InterviewCompleted),
            "report_ready" => Some(WecomEvent::ReportReady),
            "divergence_flagged" => Some(WecomEvent::DivergenceFlagged),
            _ => None,
        }
    }

    /// The data keys this event accepts.
    fn keys(self) -> &'static [&'static str] {
        match self {
            WecomEvent::InterviewInvitation => &[
                "candidate_name",
                "job_title",
                "time",
                "location",
                "link",
                "interviewer",
                "url",
                "note",
            ],
            WecomEvent::InterviewCompleted => &[
                "candidate_name",
                "job_title",
                "time",
                "interviewer",
                "url",
                "note",
            ],
            WecomEvent::ReportReady => &[
                "candidate_name",
                "job_title",
                "overall",
                "scores",
                "url",
                "note",
            ],
            WecomEvent::DivergenceFlagged => {
                &["candidate_name", "job_title", "flagged", "url", "note"]
            }
        }
    }
}

/// Markdown message or text-notice template card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WecomStyle {
    /// `msgtype: markdown`.
    Markdown,
    /// `msgtype: template_card`, `card_type: text_notice`.
    TemplateCard,
}

/// A competency score to announce.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreLine {
    /// Display name.
    pub name: String,
    /// Score.
    pub score: f64,
}

/// A flagged competency.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagLine {
    /// Display name.
    pub name: String,
    /// AI (or fused) score.
    pub ai_score: Option<f64>,
    /// Interviewers' mean.
    pub interviewer_mean: Option<f64>,
    /// Divergence as a share of the scale.
    pub delta: Option<f64>,
}

/// The event's fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WecomData {
    /// Candidate's name.
    pub candidate_name: String,
    /// Job title.
    pub job_title: String,
    /// Interview time, as the host writes it.
    pub time: Option<String>,
    /// Place.
    pub location: Option<String>,
    /// Video-interview link.
    pub link: Option<String>,
    /// Interviewer.
    pub interviewer: Option<String>,
    /// Where the message leads (report, review page); required for template cards.
    pub url: Option<String>,
    /// Overall score.
    pub overall: Option<f64>,
    /// Per-competency scores.
    pub scores: Vec<ScoreLine>,
    /// Flagged competencies.
    pub flagged: Vec<FlagLine>,
    /// A free-text line.
    pub note: Option<String>,
}

/// A checked WeCom request.
#[derive(Debug, Clone, PartialEq)]
pub struct WecomRequest {
    /// Event.
    pub event: WecomEvent,
    /// Language of the fixed strings.
    pub lang: Lang,
    /// Message style.
    pub style: WecomStyle,
    /// Event fields.
    pub data: WecomData,
    /// Passed through: `touser`, `toparty`, `totag` (strings) and `agentid` (string or integer).
    pub routing: Vec<(String, Value)>,
    /// Markdown limit in bytes (default and most 4096).
    pub markdown_max_bytes: usize,
}

fn text_field(
    o: &Map<String, Value>,
    key: &str,
    path: &str,
    required: bool,
) -> Result<Option<String>> {
    let p = format!("{path}/{key}");
    match o.get(key) {
        None | Some(Value::Null) if required => {
            Err(invalid(&p, "a non-empty string (the field is missing)"))
        }
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            if s.trim().is_empty() {
                if required {
                    return Err(invalid(&p, "a non-empty string"));
                }
                return Ok(None);
            }
            if s.chars().count() > DATA_TEXT_MAX_CHARS {
                return Err(invalid(
                    &p,
                    format!("at most {DATA_TEXT_MAX_CHARS} characters"),
                ));
            }
            Ok(Some(s.clone()))
        }
        Some(_) => Err(invalid(&p, "a string")),
    }
}

fn url_field(o: &Map<String, Value>, key: &str, path: &str) -> Result<Option<String>> {
    let Some(u) = text_field(o, key, path, false)? else {
        return Ok(None);
    };
    let p = format!("{path}/{key}");
    let ok_scheme = u.starts_with("https://") || u.starts_with("http://");
    if !ok_scheme
        || u.len() > URL_MAX_BYTES
        || u.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(invalid(
            &p,
            format!("an http(s) URL without spaces, at most {URL_MAX_BYTES} bytes"),
        ));
    }
    // Parentheses would end a Markdown link early.
    Ok(Some(u.replace('(', "%28").replace(')', "%29")))
}

fn number_field(v: &Value, path: &str) -> Result<f64> {
    v.as_f64()
        .filter(|x| x.is_finite())
        .ok_or_else(|| invalid(path, "a finite number"))
}

fn parse_data(v: Option<&Value>, event: WecomEvent) -> Result<WecomData> {
    let o = v
        .filter(|v| !v.is_null())
        .ok_or_else(|| {
            invalid(
                "/data",
                "an object with the event's fields (the field is missing)",
            )
        })?
        .as_object()
        .ok_or_else(|| invalid("/data", "an object with the event's fields"))?;
    no_unknown(o, event.keys(), "/data")?;
    let mut d = WecomData {
        candidate_name: text_field(o, "candidate_name", "/data", true)?.unwrap_or_default(),
        job_title: text_field(o, "job_title", "/data", true)?.unwrap_or_default(),
        time: text_field(o, "time", "/data", event == WecomEvent::InterviewInvitation)?,
        location: text_field(o, "location", "/data", false)?,
        link: url_field(o, "link", "/data")?,
        interviewer: text_field(o, "interviewer", "/data", false)?,
        url: url_field(o, "url", "/data")?,
        note: text_field(o, "note", "/data", false)?,
        ..WecomData::default()
    };
    if let Some(x) = o.get("overall").filter(|v| !v.is_null()) {
        d.overall = Some(number_field(x, "/data/overall")?);
    }
    if let Some(arr) = o.get("scores").filter(|v| !v.is_null()) {
        let arr = arr
            .as_array()
            .ok_or_else(|| invalid("/data/scores", "an array of {\"name\", \"score\"}"))?;
        if arr.len() > DATA_LIST_MAX {
            return Err(Error::LimitExceeded {
                what: "/data/scores (entries)".into(),
                limit: DATA_LIST_MAX as u64,
                actual: arr.len() as u64,
            });
        }
        for (i, s) in arr.iter().enumerate() {
            let p = format!("/data/scores/{i}");
            let so = s
                .as_object()
                .ok_or_else(|| invalid(&p, "an object {\"name\", \"score\"}"))?;
            no_unknown(so, &["name", "score"], &p)?;
            let name = text_field(so, "name", &p, true)?.unwrap_or_default();
            let score = number_field(
                so.get("score").unwrap_or(&Value::Null),
                &format!("{p}/score"),
            )?;
            d.scores.push(ScoreLine { name, score });
        }
    }
    if let Some(arr) = o.get("flagged").filter(|v| !v.is_null()) {
        let arr = arr.as_array().ok_or_else(|| {
            invalid(
                "/data/flagged",
                "an array of {\"name\", \"ai_score\"?, \"interviewer_mean\"?, \"delta\"?}",
            )
        })?;
        if arr.len() > DATA_LIST_MAX {
            return Err(Error::LimitExceeded {
                what: "/data/flagged (entries)".into(),
                limit: DATA_LIST_MAX as u64,
                actual: arr.len() as u64,
            });
        }
        for (i, s) in arr.iter().enumerate() {
            let p = format!("/data/flagged/{i}");
            let so = s.as_object().ok_or_else(|| invalid(&p, "an object"))?;
            no_unknown(so, &["name", "ai_score", "interviewer_mean", "delta"], &p)?;
            let name = text_field(so, "name", &p, true)?.unwrap_or_default();
            let num = |k: &str| -> Result<Option<f64>> {
                match so.get(k).filter(|v| !v.is_null()) {
                    Some(v) => Ok(Some(number_field(v, &format!("{p}/{k}"))?)),
                    None => Ok(None),
                }
            };
            d.flagged.push(FlagLine {
                name,
                ai_score: num("ai_score")?,
                interviewer_mean: num("interviewer_mean")?,
                delta: num("delta")?,
            });
        }
    }
    if event == WecomEvent::DivergenceFlagged && d.flagged.is_empty() {
        return Err(invalid(
            "/data/flagged",
            "at least one flagged competency {\"name\", ...}",
        ));
    }
    Ok(d)
}

impl WecomRequest {
    /// Reads and checks a WeCom request (see `docs/wecom.md`).
    pub fn from_value(request: &Value) -> Result<WecomRequest> {
        let o = request
            .as_object()
            .ok_or_else(|| invalid("/", "a request object"))?;
        no_unknown(
            o,
            &[
                "event", "lang", "style", "data", "touser", "toparty", "totag", "agentid", "limits",
            ],
            "",
        )?;
        let events = WecomEvent::NAMES
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let event = match o.get("event") {
            Some(Value::String(s)) => WecomEvent::parse(s)
                .ok_or_else(|| invalid("/event", format!("one of {events}; got {s:?}")))?,
            Some(_) => return Err(invalid("/event", format!("one of {events} (a string)"))),
            None => {
                return Err(invalid(
                    "/event",
                    format!("one of {events} (the field is missing)"),
                ))
            }
        };
        let lang = parse_lang(o.get("lang"), "/lang")?;
        let style = match o.get("style") {
            None | Some(Value::Null) => WecomStyle::Markdown,
            Some(Value::String(s)) if s == "markdown" => WecomStyle::Markdown,
            Some(Value::String(s)) if s == "template_card" => WecomStyle::TemplateCard,
            Some(v) => {
                return Err(invalid(
                    "/style",
                    format!("one of \"markdown\", \"template_card\"; got {v}"),
                ))
            }
        };
        let data = parse_data(o.get("data"), event)?;
        if style == WecomStyle::TemplateCard && data.url.is_none() {
            return Err(invalid(
                "/data/url",
                "an http(s) URL: a text_notice card needs card_action (the field is missing)",
            ));
        }
        let mut routing = Vec::new();
        for key in ["touser", "toparty", "totag"] {
            match o.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) if !s.trim().is_empty() => {
                    routing.push((key.to_string(), json!(s)));
                }
                Some(_) => {
                    return Err(invalid(
                        &format!("/{key}"),
                        "a non-empty string (ids joined with `|`)",
                    ))
                }
            }
        }
        match o.get("agentid") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) => {
                routing.push(("agentid".into(), json!(s)));
            }
            Some(Value::Number(n)) if n.as_u64().is_some() => {
                routing.push(("agentid".into(), Value::Number(n.clone())));
            }
            Some(_) => {
                return Err(invalid(
                    "/agentid",
                    "the application's AgentId: a string of digits (or a whole number)",
                ))
            }
        }
        let mut markdown_max_bytes = MARKDOWN_MAX_BYTES;
        if let Some(l) = o.get("limits").filter(|v| !v.is_null()) {
            let lo = l
                .as_object()
                .ok_or_else(|| invalid("/limits", "an object {\"markdown_bytes\"}"))?;
            no_unknown(lo, &["markdown_bytes"], "/limits")?;
            if let Some(v) = lo.get("markdown_bytes").filter(|v| !v.is_null()) {
                markdown_max_bytes = v
                    .as_u64()
                    .filter(|n| (256..=MARKDOWN_MAX_BYTES as u64).contains(n))
                    .ok_or_else(|| {
                        invalid(
                            "/limits/markdown_bytes",
                            format!("a whole number from 256 to {MARKDOWN_MAX_BYTES}"),
                        )
                    })? as usize;
            }
        }
        Ok(WecomRequest {
            event,
            lang,
            style,
            data,
            routing,
            markdown_max_bytes,
        })
    }
}

struct Words {
    title: &'static str,
    candidate: &'static str,
    job: &'static str,
    time: &'static str,
    location: &'static str,
    link: &'static str,
    link_text: &'static str,
    interviewer: &'static str,
    overall: &'static str,
    flags: &'static str,
    open: &'static str,
    flag_intro: &'static str,
    ai: &'static str,
    raters: &'static str,
    delta: &'static str,
    scores: &'static str,
    colon: &'static str,
    sep: &'static str,
}

fn words(event: WecomEvent, lang: Lang) -> Words {
    let zh = lang == Lang::Zh;
    let (title, open) = match (event, zh) {
        (WecomEvent::InterviewInvitation, true) => ("面试邀请", "查看详情"),
        (WecomEvent::InterviewInvitation, false) => ("Interview invitation", "Details"),
        (WecomEvent::InterviewCompleted, true) => ("面试已完成", "查看详情"),
        (WecomEvent::InterviewCompleted, false) => ("Interview completed", "Details"),
        (WecomEvent::ReportReady, true) => ("面试报告已生成", "查看报告"),
        (WecomEvent::ReportReady, false) => ("Interview report ready", "Open the report"),
        (WecomEvent::DivergenceFlagged, true) => ("评分分歧提醒", "去复核"),
        (WecomEvent::DivergenceFlagged, false) => ("Rating divergence flagged", "Review"),
    };
    if zh {
        Words {
            title,
            candidate: "候选人",
            job: "职位",
            time: "时间",
            location: "地点",
            link: "面试链接",
            link_text: "进入面试",
            interviewer: "面试官",
            overall: "总分",
            flags: "分歧项",
            open,
            flag_intro: "以下胜任力的 AI 评分与面试官评分差异较大，请复核：",
            ai: "AI",
            raters: "面试官",
            delta: "偏差",
            scores: "各项评分",
            colon: "：",
            sep: "；",
        }
    } else {
        Words {
            title,
            candidate: "Name",
            job: "Job",
            time: "Time",
            location: "Where",
            link: "Link",
            link_text: "Join",
            interviewer: "With",
            overall: "Score",
            flags: "Flags",
            open,
            flag_intro:
                "AI and interviewer ratings differ widely on these competencies; please review:",
            ai: "AI",
            raters: "interviewers",
            delta: "delta",
            scores: "Scores",
            colon: ": ",
            sep: "; ",
        }
    }
}

/// Long labels for the Markdown message (keynames are kept to 5 characters for cards).
fn md_label(key: &str, lang: Lang) -> &'static str {
    match (key, lang) {
        ("candidate", Lang::En) => "Candidate",
        ("job", Lang::En) => "Job",
        ("time", Lang::En) => "Time",
        ("location", Lang::En) => "Location",
        ("link", Lang::En) => "Interview link",
        ("interviewer", Lang::En) => "Interviewer",
        ("overall", Lang::En) => "Overall score",
        ("candidate", Lang::Zh) => "候选人",
        ("job", Lang::Zh) => "职位",
        ("time", Lang::Zh) => "时间",
        ("location", Lang::Zh) => "地点",
        ("link", Lang::Zh) => "面试链接",
        ("interviewer", Lang::Zh) => "面试官",
        ("overall", Lang::Zh) => "总分",
        _ => "",
    }
}

/// User text for WeCom Markdown: one line, no markup characters (full-width look-alikes).
fn wx_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            '<' => '＜',
            '>' => '＞',
            '[' => '［',
            ']' => '］',
            '*' => '＊',
            '`' => '｀',
            '#' => '＃',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// A plain one-line text for card fields.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn num2(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" {
        "0.00".into()
    } else {
        s
    }
}

fn flag_line(f: &FlagLine, w: &Words) -> String {
    let mut parts = Vec::new();
    if let Some(a) = f.ai_score {
        parts.push(format!("{} {}", w.ai, num2(a)));
    }
    if let Some(m) = f.interviewer_mean {
        parts.push(format!("{} {}", w.raters, num2(m)));
    }
    if let Some(d) = f.delta {
        parts.push(format!("{} {}", w.delta, num2(d)));
    }
    parts.join(" / ")
}

fn markdown_body(req: &WecomRequest, warnings: &mut Vec<PayloadWarning>) -> Result<Value> {
    let d = &req.data;
    let lang = req.lang;
    let w = words(req.event, lang);
    let mut lines = vec![format!("**{}**", w.title)];
    let mut kv = |key: &str, value: &str| {
        lines.push(format!("> {}{}{}", md_label(key, lang), w.colon, value));
    };
    kv("candidate", &wx_text(&d.candidate_name));
    kv("job", &wx_text(&d.job_title));
    if let Some(t) = &d.time {
        kv(
            "time",
            &format!("<font color=\"info\">{}</font>", wx_text(t)),
        );
    }
    if let Some(l) = &d.location {
        kv("location", &wx_text(l));
    }
    if let Some(l) = &d.link {
        kv("link", &format!("[{}]({l})", w.link_text));
    }
    if let Some(i) = &d.interviewer {
        kv("interviewer", &wx_text(i));
    }
    if let Some(o) = d.overall {
        kv("overall", &num2(o));
    }
    for s in &d.scores {
        lines.push(format!(
            "> {}{}{}",
            wx_text(&s.name),
            w.colon,
            num2(s.score)
        ));
    }
    if !d.flagged.is_empty() {
        lines.push(w.flag_intro.to_string());
        for f in &d.flagged {
            let detail = flag_line(f, &w);
            let mut line = format!("> <font color=\"warning\">{}</font>", wx_text(&f.name));
            if !detail.is_empty() {
                line.push_str(w.colon);
                line.push_str(&detail);
            }
            lines.push(line);
        }
    }
    if let Some(n) = &d.note {
        lines.push(wx_text(n));
    }
    let mut body = lines.join("\n");
    // The link to open is kept whole; the body above it is cut when needed.
    let tail = d.url.as_ref().map(|u| format!("\n[{}]({u})", w.open));
    let tail_len = tail.as_ref().map_or(0, String::len);
    let limit = req.markdown_max_bytes;
    if tail_len + 16 > limit {
        return Err(invalid(
            "/data/url",
            format!("a shorter URL: the message must fit in {limit} bytes"),
        ));
    }
    let original = body.len() + tail_len;
    if let Some(cut) = cut_bytes(&body, limit - tail_len) {
        body = cut;
        warnings.push(truncated(
            "/markdown/content",
            limit,
            "bytes",
            original,
            body.len() + tail_len,
        ));
    }
    if let Some(t) = tail {
        body.push_str(&t);
    }
    let mut o = Map::new();
    for (k, v) in &req.routing {
        o.insert(k.clone(), v.clone());
    }
    o.insert("msgtype".into(), json!("markdown"));
    o.insert("markdown".into(), json!({"content": body}));
    Ok(Value::Object(o))
}

fn fit(text: &str, max: usize, path: &str, warnings: &mut Vec<PayloadWarning>) -> String {
    let t = one_line(text);
    match cut_chars(&t, max) {
        Some(cut) => {
            warnings.push(truncated(
                path,
                max,
                "chars",
                t.chars().count(),
                cut.chars().count(),
            ));
            cut
        }
        None => t,
    }
}

fn card_body(req: &WecomRequest, warnings: &mut Vec<PayloadWarning>) -> Value {
    let d = &req.data;
    let w = words(req.event, req.lang);
    let base = "/template_card";
    let mut card = Map::new();
    card.insert("card_type".into(), json!("text_notice"));
    let desc = format!(
        "{} · {}",
        one_line(&d.candidate_name),
        one_line(&d.job_title)
    );
    card.insert(
        "main_title".into(),
        json!({
            "title": fit(w.title, CARD_TITLE_CHARS, &format!("{base}/main_title/title"), warnings),
            "desc": fit(&desc, CARD_DESC_CHARS, &format!("{base}/main_title/desc"), warnings),
        }),
    );
    if let Some(o) = d.overall {
        card.insert(
            "emphasis_content".into(),
            json!({
                "title": fit(&num2(o), EMPHASIS_TITLE_CHARS,
                    &format!("{base}/emphasis_content/title"), warnings),
                "desc": fit(w.overall, EMPHASIS_DESC_CHARS,
                    &format!("{base}/emphasis_content/desc"), warnings),
            }),
        );
    }
    // Sub-title: the flagged competencies, the scores, or the note.
    let sub = if !d.flagged.is_empty() {
        let items: Vec<String> = d
            .flagged
            .iter()
            .map(|f| {
                let detail = flag_line(f, &w);
                if detail.is_empty() {
                    one_line(&f.name)
                } else {
                    format!("{}（{detail}）", one_line(&f.name))
                }
            })
            .collect();
        Some(format!("{}{}", w.flag_intro, items.join(w.sep)))
    } else if !d.scores.is_empty() {
        let items: Vec<String> = d
            .scores
            .iter()
            .map(|s| format!("{} {}", one_line(&s.name), num2(s.score)))
            .collect();
        Some(format!("{}{}{}", w.scores, w.colon, items.join(w.sep)))
    } else {
        d.note.clone()
    };
    if let Some(sub) = sub {
        card.insert(
            "sub_title_text".into(),
            json!(fit(
                &sub,
                SUB_TITLE_CHARS,
                &format!("{base}/sub_title_text"),
                warnings
            )),
        );
    }
    let mut rows: Vec<(&str, String, Option<&String>)> = vec![
        (w.candidate, d.candidate_name.clone(), None),
        (w.job, d.job_title.clone(), None),
    ];
    if let Some(t) = &d.time {
        rows.push((w.time, t.clone(), None));
    }
    if let Some(l) = &d.location {
        rows.push((w.location, l.clone(), None));
    }
    if let Some(l) = &d.link {
        rows.push((w.link, w.link_text.to_string(), Some(l)));
    }
    if let Some(i) = &d.interviewer {
        rows.push((w.interviewer, i.clone(), None));
    }
    if !d.flagged.is_empty() {
        rows.push((w.flags, d.flagged.len().to_string(), None));
    }
    if rows.len() > HORIZONTAL_MAX {
        warnings.push(truncated(
            &format!("{base}/horizontal_content_list"),
            HORIZONTAL_MAX,
            "items",
            rows.len(),
            HORIZONTAL_MAX,
        ));
        rows.truncate(HORIZONTAL_MAX);
    }
    let list: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, (k, v, url))| {
            let p = format!("{base}/horizontal_content_list/{i}");
            let mut o = Map::new();
            if url.is_some() {
                o.insert("type".into(), json!(1));
            }
            o.insert(
                "keyname".into(),
                json!(fit(k, KEYNAME_CHARS, &format!("{p}/keyname"), warnings)),
            );
            o.insert(
                "value".into(),
                json!(fit(v, VALUE_CHARS, &format!("{p}/value"), warnings)),
            );
            if let Some(u) = url {
                o.insert("url".into(), json!(u));
            }
            Value::Object(o)
        })
        .collect();
    card.insert("horizontal_content_list".into(), Value::Array(list));
    if let Some(u) = &d.url {
        card.insert(
            "jump_list".into(),
            json!([{"type": 1,
                "title": fit(w.open, JUMP_TITLE_CHARS, &format!("{base}/jump_list/0/title"), warnings),
                "url": u}]),
        );
        card.insert("card_action".into(), json!({"type": 1, "url": u}));
    }
    let mut o = Map::new();
    for (k, v) in &req.routing {
        o.insert(k.clone(), v.clone());
    }
    o.insert("msgtype".into(), json!("template_card"));
    o.insert("template_card".into(), Value::Object(card));
    Value::Object(o)
}

/// The body to POST and the cuts made.
pub fn wecom_payload(req: &WecomRequest) -> Result<(Value, Vec<PayloadWarning>)> {
    let mut warnings = Vec::new();
    let body = match req.style {
        WecomStyle::Markdown => markdown_body(req, &mut warnings)?,
        WecomStyle::TemplateCard => card_body(req, &mut warnings),
    };
    Ok((body, warnings))
}

/// The `wecom_payload` entry point: `{"event", "lang"?, "style"?, "data", "touser"?, "toparty"?,
/// "totag"?, "agentid"?, "limits"?}` → `{"body", "lang", "warnings"}` (see `docs/wecom.md`).
pub fn wecom_payload_value(request: &Value) -> Result<Value> {
    let req = WecomRequest::from_value(request)?;
    let (body, warnings) = wecom_payload(&req)?;
    Ok(json!({"body": body, "lang": lang_name(req.lang), "warnings": warnings}))
}

// ---------------------------------------------------------------------------------------------
// WeChat mini-program subscribe messages
// ---------------------------------------------------------------------------------------------

/// The value kinds of subscribe-message template fields.
pub const SUBSCRIBE_KINDS: [&str; 13] = [
    "thing",
    "number",
    "letter",
    "symbol",
    "character_string",
    "time",
    "date",
    "amount",
    "phone_number",
    "car_number",
    "name",
    "phrase",
    "enum",
];

/// A checked subscribe-message request.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscribeRequest {
    /// Template id.
    pub template_id: String,
    /// Recipient's openid.
    pub touser: String,
    /// Mini-program page to open.
    pub page: Option<String>,
    /// `developer`, `trial` or `formal`.
    pub miniprogram_state: Option<String>,
    /// `zh_CN`, `en_US`, `zh_HK` or `zh_TW`.
    pub lang: Option<String>,
    /// Field key, kind and raw value, in request order.
    pub fields: Vec<(String, String, String)>,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2EBEF | 0x30000..=0x3134F)
}

/// "Symbols": anything but Chinese, letters, digits, whitespace other than a space, and control
/// characters.
fn is_symbol(c: char) -> bool {
    !is_cjk(c) && !c.is_alphanumeric() && !c.is_control() && (c == ' ' || !c.is_whitespace())
}

impl SubscribeRequest {
    /// Reads and checks the request's shape (values are checked by [`subscribe_message`]).
    pub fn from_value(request: &Value) -> Result<SubscribeRequest> {
        let o = request
            .as_object()
            .ok_or_else(|| invalid("/", "a request object"))?;
        no_unknown(
            o,
            &[
                "template_id",
                "touser",
                "page",
                "miniprogram_state",
                "lang",
                "fields",
            ],
            "",
        )?;
        let req_str = |k: &str| -> Result<String> {
            match o.get(k) {
                Some(Value::String(s)) if !s.trim().is_empty() && s.len() <= 256 => Ok(s.clone()),
                _ => Err(invalid(
                    &format!("/{k}"),
                    "a non-empty string of at most 256 bytes",
                )),
            }
        };
        let template_id = req_str("template_id")?;
        let touser = req_str("touser")?;
        let page = match o.get("page") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.len() <= 1024 && !s.chars().any(char::is_control) => {
                Some(s.clone())
            }
            Some(_) => return Err(invalid(
                "/page",
                "a mini-program page path such as \"pages/report/index?id=1\" (at most 1024 bytes)",
            )),
        };
        let pick = |k: &str, allowed: &[&str]| -> Result<Option<String>> {
            match o.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s.clone())),
                Some(_) => Err(invalid(
                    &format!("/{k}"),
                    format!("one of {}", allowed.join(", ")),
                )),
            }
        };
        let miniprogram_state = pick("miniprogram_state", &["developer", "trial", "formal"])?;
        let lang = pick("lang", &["zh_CN", "en_US", "zh_HK", "zh_TW"])?;
        let fo = o.get("fields").and_then(Value::as_object).ok_or_else(|| {
            invalid(
                "/fields",
                "an object {\"thing1\": {\"kind\", \"value\"}, ...}",
            )
        })?;
        if fo.is_empty() {
            return Err(invalid("/fields", "at least one field"));
        }
        if fo.len() > SUBSCRIBE_FIELDS_MAX {
            return Err(Error::LimitExceeded {
                what: "/fields (number of fields)".into(),
                limit: SUBSCRIBE_FIELDS_MAX as u64,
                actual: fo.len() as u64,
            });
        }
        let mut fields = Vec::new();
        for (key, f) in fo {
            let p = format!("/fields/{}", escape_pointer(key));
            let prefix = key.trim_end_matches(|c: char| c.is_ascii_digit());
            let good_key = !prefix.is_empty()
                && prefix.len() < key.len()
                && prefix.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && key.len() <= 64;
            if !good_key {
                return Err(invalid(
                    &p,
                    "a template keyword such as \"thing1\" or \"time2\" (lower-case kind, then digits)",
                ));
            }
            let fobj = f
                .as_object()
                .ok_or_else(|| invalid(&p, "an object {\"kind\", \"value\"}"))?;
            no_unknown(fobj, &["kind", "value"], &p)?;
            let kind = match fobj.get("kind") {
                Some(Value::String(k)) if SUBSCRIBE_KINDS.contains(&k.as_str()) => k.clone(),
                _ => {
                    return Err(invalid(
                        &format!("{p}/kind"),
                        format!("one of {}", SUBSCRIBE_KINDS.join(", ")),
                    ))
                }
            };
            if SUBSCRIBE_KINDS.contains(&prefix) && prefix != kind {
                return Err(invalid(
                    &format!("{p}/kind"),
                    format!("{prefix:?}, the kind the keyword {key:?} names"),
                ));
            }
            let value = match fobj.get("value") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => {
                    return Err(invalid(
                        &format!("{p}/value"),
                        "a string (or a number for number and amount fields)",
                    ))
                }
            };
            fields.push((key.clone(), kind, value));
        }
        Ok(SubscribeRequest {
            template_id,
            touser,
            page,
            miniprogram_state,
            lang,
            fields,
        })
    }
}

fn digits_between(s: &str, lo: usize, hi: usize) -> Option<u32> {
    if s.len() < lo || s.len() > hi || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `HH:MM` or `HH:MM:SS`, 24-hour.
fn is_clock(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    match parts.as_slice() {
        [h, m] | [h, m, _] => {
            let sec_ok = match parts.get(2) {
                Some(sec) => digits_between(sec, 2, 2).is_some_and(|x| x < 60),
                None => true,
            };
            digits_between(h, 1, 2).is_some_and(|x| x < 24)
                && digits_between(m, 2, 2).is_some_and(|x| x < 60)
                && sec_ok
        }
        _ => false,
    }
}

fn valid_ymd(y: Option<u32>, m: Option<u32>, d: Option<u32>) -> bool {
    let m_ok = m.is_none_or(|m| (1..=12).contains(&m));
    let d_ok = d.is_none_or(|d| (1..=31).contains(&d));
    if !(m_ok && d_ok) {
        return false;
    }
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) => {
            let Ok(month) = time::Month::try_from(m as u8) else {
                return false;
            };
            i32::try_from(y)
                .ok()
                .and_then(|y| time::Date::from_calendar_date(y, month, d as u8).ok())
                .is_some()
        }
        _ => true,
    }
}

/// `2019年10月1日`, `2019年10月`, `10月1日`, or `2019-10-01` / `2019/10/01` / `2019.10.01`,
/// `2019-10`, `10-01`.
fn is_date(s: &str) -> bool {
    if s.contains('年') || s.contains('月') {
        let (y, rest) = match s.split_once('年') {
            Some((y, r)) => (Some(y), r),
            None => (None, s),
        };
        let y = match y {
            Some(y) => match digits_between(y, 4, 4) {
                Some(v) => Some(v),
                None => return false,
            },
            None => None,
        };
        let Some((m, rest)) = rest.split_once('月') else {
            return false;
        };
        let Some(m) = digits_between(m, 1, 2) else {
            return false;
        };
        let d = if rest.is_empty() {
            if y.is_none() {
                return false;
            }
            None
        } else {
            let Some(d) = rest.strip_suffix('日') else {
                return false;
            };
            match digits_between(d, 1, 2) {
                Some(v) => Some(v),
                None => return false,
            }
        };
        return valid_ymd(y, Some(m), d);
    }
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        return match parts.as_slice() {
            [y, m, d] => match (
                digits_between(y, 4, 4),
                digits_between(m, 1, 2),
                digits_between(d, 1, 2),
            ) {
                (Some(y), Some(m), Some(d)) => valid_ymd(Some(y), Some(m), Some(d)),
                _ => false,
            },
            [a, b] => {
                if let (Some(y), Some(m)) = (digits_between(a, 4, 4), digits_between(b, 1, 2)) {
                    valid_ymd(Some(y), Some(m), None)
                } else if let (Some(m), Some(d)) =
                    (digits_between(a, 1, 2), digits_between(b, 1, 2))
                {
                    valid_ymd(None, Some(m), Some(d))
                } else {
                    false
                }
            }
            _ => false,
        };
    }
    false
}

/// (has date, has time) for one point in time, or `None` when it is not one.
fn moment(s: &str) -> Option<(bool, bool)> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if is_clock(s) {
        return Some((false, true));
    }
    if is_date(s) {
        return Some((true, false));
    }
    // Date, optional spaces, time.
    let split = s
        .char_indices()
        .rev()
        .find(|(_, c)| *c == ' ' || *c == '日')
        .map(|(i, c)| (i, c.len_utf8(), c));
    let (i, len, c) = split?;
    let (date, clock) = if c == '日' {
        (s.get(..i + len)?, s.get(i + len..)?)
    } else {
        (s.get(..i)?, s.get(i + len..)?)
    };
    if is_date(date.trim()) && is_clock(clock.trim()) {
        Some((true, true))
    } else {
        None
    }
}

/// An RFC 3339 timestamp written as `YYYY-MM-DD HH:MM` (its own offset's wall time).
fn from_rfc3339(s: &str) -> Option<String> {
    let t = OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    ))
}

fn check_time(value: &str, need_date: bool) -> Option<String> {
    let v = from_rfc3339(value.trim()).unwrap_or_else(|| value.trim().to_string());
    let parts: Vec<&str> = v.split(['~', '～']).collect();
    if parts.len() > 2 {
        return None;
    }
    for (i, p) in parts.iter().enumerate() {
        let (date, clock) = moment(p)?;
        if need_date && i == 0 && !date {
            return None;
        }
        if !need_date && !clock {
            return None;
        }
    }
    Some(v)
}

/// Checks (and for `thing`, fits) one value; the error says what the kind accepts.
fn check_value(
    kind: &str,
    value: &str,
    path: &str,
    warnings: &mut Vec<PayloadWarning>,
) -> Result<String> {
    let bad = |what: &str| Err(invalid(path, format!("a {kind} value: {what}")));
    if value.trim().is_empty() {
        return bad("not empty");
    }
    let n = value.chars().count();
    match kind {
        "thing" => {
            let mut v: String = value
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            if v != value {
                warnings.push(PayloadWarning {
                    code: "replaced".into(),
                    path: path.into(),
                    limit: 20,
                    unit: "chars".into(),
                    original: n,
                    kept: n,
                    en: "Line breaks and control characters became spaces.".into(),
                    zh: "换行等控制字符已替换为空格。".into(),
                });
            }
            v = v.trim().to_string();
            if let Some(cut) = cut_chars(&v, 20) {
                warnings.push(truncated(path, 20, "chars", v.chars().count(), 20));
                v = cut;
            }
            Ok(v)
        }
        "number" => {
            let dots = value.matches('.').count();
            let ok = n <= 32
                && dots <= 1
                && !value.starts_with('.')
                && !value.ends_with('.')
                && value.chars().all(|c| c.is_ascii_digit() || c == '.');
            if ok {
                Ok(value.to_string())
            } else {
                bad("at most 32 characters, digits with an optional decimal point")
            }
        }
        "letter" => {
            if n <= 32 && value.chars().all(|c| c.is_ascii_alphabetic()) {
                Ok(value.to_string())
            } else {
                bad("at most 32 letters A–Z, a–z")
            }
        }
        "symbol" => {
            if n <= 5 && value.chars().all(is_symbol) {
                Ok(value.to_string())
            } else {
                bad("at most 5 symbols (no letters, digits or Chinese)")
            }
        }
        "character_string" => {
            let ok = n <= 32
                && value
                    .chars()
                    .all(|c| c.is_ascii_graphic() || c == ' ');
            if ok {
                Ok(value.to_string())
            } else {
                bad("at most 32 ASCII digits, letters or symbols")
            }
        }
        "time" => check_time(value, false).ok_or_else(|| {
            invalid(
                path,
                "a time value: 24-hour HH:MM or HH:MM:SS, optionally after a date \
                 (2026年3月2日 15:01, 2026-03-02 15:01), a range joined with ~, or an RFC 3339 \
                 timestamp",
            )
        }),
        "date" => check_time(value, true).ok_or_else(|| {
            invalid(
                path,
                "a date value: 2026年3月2日, 2026年3月, 3月2日, 2026-03-02, 2026/03/02, 2026.03.02, \
                 2026-03 or 03-02, optionally with a 24-hour time, a range joined with ~, or an \
                 RFC 3339 timestamp",
            )
        }),
        "amount" => {
            let body = value
                .strip_prefix(['¥', '￥', '$', '€', '£'])
                .unwrap_or(value);
            let body = body.strip_suffix('元').unwrap_or(body);
            let (int, frac) = body.split_once('.').unwrap_or((body, ""));
            let ok = !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && body.contains('.') != frac.is_empty()
                && int.len() + frac.len() <= 10;
            if ok {
                Ok(value.to_string())
            } else {
                bad("an optional currency sign (¥ $ € £), at most 10 digits with an optional decimal part, an optional 元")
            }
        }
        "phone_number" => {
            let ok = n <= 17
                && value.chars().any(|c| c.is_ascii_digit())
                && value
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'));
            if ok {
                Ok(value.to_string())
            } else {
                bad("at most 17 characters: digits and + - ( ) or spaces")
            }
        }
        "car_number" => {
            let chars: Vec<char> = value.chars().collect();
            let ok = n <= 8
                && chars.iter().enumerate().all(|(i, c)| {
                    c.is_ascii_alphanumeric() || (is_cjk(*c) && (i == 0 || i + 1 == chars.len()))
                });
            if ok {
                Ok(value.to_string())
            } else {
                bad("at most 8 characters: letters and digits, Chinese only first or last")
            }
        }
        "name" => {
            let has_cjk = value.chars().any(is_cjk);
            let no_digits = !value.chars().any(|c| c.is_numeric());
            let ok = no_digits
                && !value.chars().any(char::is_control)
                && if has_cjk { n <= 10 } else { n <= 20 };
            if ok {
                Ok(value.to_string())
            } else {
                bad("at most 10 characters with Chinese, or 20 letters and symbols, no digits")
            }
        }
        "phrase" => {
            if n <= 5 && value.chars().all(is_cjk) {
                Ok(value.to_string())
            } else {
                bad("at most 5 Chinese characters, nothing else")
            }
        }
        // enum: the template's own list, which only the host knows.
        _ => {
            if value.chars().any(char::is_control) {
                bad("no control characters")
            } else {
                Ok(value.to_string())
            }
        }
    }
}

/// The body to POST to `subscribeMessage.send` and the cuts made.
pub fn subscribe_message(req: &SubscribeRequest) -> Result<(Value, Vec<PayloadWarning>)> {
    let mut warnings = Vec::new();
    let mut data = Map::new();
    let mut errors = Vec::new();
    for (key, kind, value) in &req.fields {
        let path = format!("/fields/{}/value", escape_pointer(key));
        match check_value(kind, value, &path, &mut warnings) {
            Ok(v) => {
                data.insert(key.clone(), json!({"value": v}));
            }
            Err(e) => errors.push(e),
        }
    }
    let mut errors = errors.into_iter();
    if let Some(first) = errors.next() {
        let rest: Vec<String> = errors
            .map(|e| match e {
                Error::InvalidArgument { name, .. } => name,
                other => other.to_string(),
            })
            .collect();
        return Err(match (first, rest.is_empty()) {
            (e, true) => e,
            (Error::InvalidArgument { name, expected }, false) => Error::InvalidArgument {
                name,
                expected: format!("{expected} (also invalid: {})", rest.join(", ")),
            },
            (e, false) => e,
        });
    }
    let mut o = Map::new();
    o.insert("touser".into(), json!(req.touser));
    o.insert("template_id".into(), json!(req.template_id));
    if let Some(p) = &req.page {
        o.insert("page".into(), json!(p));
    }
    if let Some(s) = &req.miniprogram_state {
        o.insert("miniprogram_state".into(), json!(s));
    }
    if let Some(l) = &req.lang {
        o.insert("lang".into(), json!(l));
    }
    o.insert("data".into(), Value::Object(data));
    Ok((Value::Object(o), warnings))
}

/// The `subscribe_message` entry point: `{"template_id", "touser", "page"?,
/// "miniprogram_state"?, "lang"?, "fields": {KEY: {"kind", "value"}}}` → `{"body", "warnings"}`
/// (see `docs/wecom.md`).
pub fn subscribe_message_value(request: &Value) -> Result<Value> {
    let req = SubscribeRequest::from_value(request)?;
    let (body, warnings) = subscribe_message(&req)?;
    Ok(json!({"body": body, "warnings": warnings}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_cut_keeps_links_whole() {
        let s = "abc [open](https://x.example/y) tail";
        let cut = cut_bytes(s, 20).unwrap_or_default();
        assert_eq!(cut, "abc…");
        let cut = cut_bytes("一二三四五", 10).unwrap_or_default();
        assert_eq!(cut, "一二…");
        assert!(cut_bytes("short", 10).is_none());
    }

    #[test]
    fn dates_and_times() {
        for ok in [
            "15:01",
            "2019年10月1日 15:01",
            "2019-10-01 15:01",
            "15:01~16:00",
            "9:05:07",
        ] {
            assert!(check_time(ok, false).is_some(), "{ok}");
        }
        for bad in [
            "25:00",
            "15:1",
            "2019年10月1日",
            "tomorrow",
            "2019-02-30 10:00",
        ] {
            assert!(check_time(bad, false).is_none(), "{bad}");
        }
        for ok in [
            "2019年10月1日",
            "2019年10月",
            "10月1日",
            "2019/10/01",
            "2019.10.01",
            "2019-10",
            "10-01",
            "2019-10-01 15:01",
        ] {
            assert!(check_time(ok, true).is_some(), "{ok}");
        }
        for bad in ["15:01", "2019-13-01", "2019年13月", "2023-02-29"] {
            assert!(check_time(bad, true).is_none(), "{bad}");
        }
        assert_eq!(
            check_time("2026-03-02T10:00:00+08:00", true).as_deref(),
            Some("2026-03-02 10:00")
        );
    }
}
