//! `report`, `funnel` and `develop`: reports, WeCom payloads, funnel analytics and development
//! suggestions from the command line. The reports, payload limits and statistics live in the
//! core; this module reads files into requests and prints what comes back.

use std::io::Write;

use interviewkit_core::json;
use serde_json::{json as j, Value};

use super::screening::{call, io_failure};
use super::{emit, read_json, Failure};

/// What `interviewkit report` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// Self-contained HTML with inline SVG charts.
    Html,
    /// Markdown.
    Md,
    /// The structured report.
    Json,
    /// A WeCom "report ready" message body (markdown, or a template card with `--card`).
    Wecom,
}

/// The options of `interviewkit report`.
pub(crate) struct ReportArgs<'a> {
    pub scorecard: &'a str,
    pub format: ReportFormat,
    pub lang: &'a str,
    pub kind: &'a str,
    pub potential: Option<&'a str>,
    pub match_result: Option<&'a str>,
    pub funnel: Option<&'a str>,
    pub show_scores: bool,
    pub url: Option<&'a str>,
    pub card: bool,
    pub candidate_name: Option<&'a str>,
    pub job_title: Option<&'a str>,
}

/// `interviewkit report --scorecard SC.json --format html|md|json|wecom [--lang zh|en]`.
/// For `hr`, `--scorecard` may hold one card or an array of cards.
pub(crate) fn run_report(
    args: &ReportArgs<'_>,
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    let card = read_json(args.scorecard)?;
    if args.format == ReportFormat::Wecom {
        return run_wecom(args, &card, out, pretty);
    }
    let format = match args.format {
        ReportFormat::Html => "html",
        ReportFormat::Md => "md",
        _ => "json",
    };
    let mut request = j!({"kind": args.kind, "format": format, "lang": args.lang});
    if args.kind == "hr" {
        request["scorecards"] = match card {
            Value::Array(a) => Value::Array(a),
            one => Value::Array(vec![one]),
        };
    } else {
        request["scorecard"] = card;
    }
    if let Some(p) = args.potential {
        request["potential"] = read_json(p)?;
    }
    if let Some(m) = args.match_result {
        request["match"] = read_json(m)?;
    }
    if let Some(f) = args.funnel {
        request["funnel"] = read_json(f)?;
    }
    if args.show_scores {
        request["options"] = j!({"show_scores": true});
    }
    let result = call(json::report, &request, args.scorecard)?;
    for m in result["missing"].as_array().into_iter().flatten() {
        eprintln!("note: {}", m["text"].as_str().unwrap_or_default());
    }
    match result.get("text").and_then(Value::as_str) {
        Some(text) => write!(out, "{text}").map_err(io_failure)?,
        None => emit(out, &result["report"].to_string(), pretty).map_err(io_failure)?,
    }
    Ok(true)
}

/// The card as a WeCom "report ready" message: overall and per-competency scores (fused when
/// present, else the AI's), the candidate and job ids the card carries.
fn run_wecom(
    args: &ReportArgs<'_>,
    card: &Value,
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    let scores: Vec<Value> = card["competencies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            let score = c.get("fused_score").or_else(|| c.get("ai_score"))?;
            Some(j!({"name": c["competency"], "score": score}))
        })
        .collect();
    let mut data = j!({"scores": scores});
    for (key, from) in [("candidate_name", "candidate_id"), ("job_title", "job_id")] {
        if let Some(v) = card.get(from).filter(|v| v.is_string()) {
            data[key] = v.clone();
        }
    }
    for (key, given) in [
        ("candidate_name", args.candidate_name),
        ("job_title", args.job_title),
    ] {
        if let Some(v) = given {
            data[key] = v.into();
        }
    }
    if let Some(o) = card.get("overall").filter(|v| v.is_number()) {
        data["overall"] = o.clone();
    }
    if let Some(u) = args.url {
        data["url"] = u.into();
    }
    let style = if args.card {
        "template_card"
    } else {
        "markdown"
    };
    let request = j!({"event": "report_ready", "lang": args.lang, "style": style, "data": data});
    let result = call(json::wecom_payload, &request, args.scorecard)?;
    for w in result["warnings"].as_array().into_iter().flatten() {
        eprintln!("warning: {}", w["en"].as_str().unwrap_or_default());
    }
    emit(out, &result["body"].to_string(), pretty).map_err(io_failure)?;
    Ok(true)
}

/// `interviewkit funnel --events FILE [--as-of T] [--audit COLUMN]`: funnel analytics from
/// archive events (a JSON array, `{"events": [...]}`, or JSON lines).
pub(crate) fn run_funnel(
    events: &str,
    as_of: Option<&str>,
    audit: &[String],
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    let mut request = match read_events(events)? {
        Value::Object(o) => Value::Object(o),
        list => j!({ "events": list }),
    };
    if let Some(t) = as_of {
        request["as_of"] = t.into();
    }
    if !audit.is_empty() {
        request["audit"] = j!({ "group": audit });
    }
    let result = call(json::funnel, &request, events)?;
    emit(out, &result.to_string(), pretty).map_err(io_failure)?;
    Ok(true)
}

/// Events as JSON, or as JSON lines (one event per line).
fn read_events(path: &str) -> Result<Value, Failure> {
    match read_json(path) {
        Ok(v) => Ok(v),
        Err(first) => {
            let bytes = std::fs::read(path).map_err(|_| first_failure(&first))?;
            let text = String::from_utf8_lossy(&bytes);
            let mut events = Vec::new();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                match json::parse(line.as_bytes()) {
                    Ok(v) => events.push(v),
                    Err(_) => return Err(first),
                }
            }
            Ok(Value::Array(events))
        }
    }
}

fn first_failure(f: &Failure) -> Failure {
    Failure {
        source: f.source.clone(),
        error: interviewkit_core::Error::Io {
            path: f.source.clone(),
            message: f.error.to_string(),
        },
    }
}

/// `interviewkit develop --profile FILE --catalog FILE [--history FILE] [--bars FILE]`: the
/// profile is a gap list, a match result (its gaps), or a scorecard (gaps against `--bars`).
pub(crate) fn run_develop(
    profile: &str,
    catalog: &str,
    history: Option<&str>,
    bars: Option<&str>,
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    let p = read_json(profile)?;
    let mut request = match &p {
        Value::Array(_) => j!({ "gaps": p }),
        Value::Object(o) if o.get("kind").and_then(Value::as_str) == Some("scorecard") => {
            j!({ "scorecard": p })
        }
        Value::Object(o) if o.contains_key("explanation") => {
            j!({ "gaps": p["explanation"]["gaps"] })
        }
        Value::Object(o) if o.contains_key("gaps") => j!({ "gaps": p["gaps"] }),
        _ => j!({ "profile": p }),
    };
    request["catalog"] = match read_json(catalog)? {
        Value::Object(mut o) if o.contains_key("catalog") => {
            o.remove("catalog").unwrap_or_default()
        }
        other => other,
    };
    if let Some(h) = history {
        request["history"] = read_json(h)?;
    }
    if let Some(b) = bars {
        request["bars"] = read_json(b)?;
    }
    let result = call(json::develop, &request, profile)?;
    emit(out, &result.to_string(), pretty).map_err(io_failure)?;
    Ok(true)
}
