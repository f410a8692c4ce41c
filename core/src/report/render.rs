//! Markdown and self-contained HTML (inline CSS and SVG, no scripts, no external resources).
//! All user text goes through the audit report's escapers.

use std::f64::consts::PI;
use std::fmt::Write as _;

use super::build::{Bar, Block, Report};
use super::labels as l;
use crate::audit::render::{html_escape, md_escape, md_prose};
use crate::interview::Lang;

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

pub(crate) fn markdown(report: &Report) -> String {
    let lang = report.lang;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", md_prose(&report.title));
    for (k, v) in &report.meta {
        let _ = writeln!(s, "**{}:** {}  ", md_prose(k), md_prose(v));
    }
    if !report.meta.is_empty() {
        s.push('\n');
    }
    for p in &report.intro {
        let _ = writeln!(s, "{}\n", md_prose(p));
    }
    for sec in &report.sections {
        let _ = writeln!(s, "## {}\n", md_prose(&sec.title));
        for code in &sec.missing {
            let _ = writeln!(
                s,
                "*{}{}*\n",
                md_prose(l::MISSING_PREFIX.get(lang)),
                md_prose(l::missing_text(code).get(lang))
            );
        }
        for b in &sec.blocks {
            md_block(&mut s, b);
        }
    }
    let _ = writeln!(s, "---\n\n{}", md_prose(&footer(report)));
    s
}

fn md_block(s: &mut String, b: &Block) {
    match b {
        Block::Para(t) => {
            let _ = writeln!(s, "{}\n", md_prose(t));
        }
        Block::List(items) => {
            for i in items {
                let _ = writeln!(s, "- {}", md_prose(i));
            }
            s.push('\n');
        }
        Block::KeyValues(kv) => {
            for (k, v) in kv {
                let _ = writeln!(s, "- **{}:** {}", md_prose(k), md_prose(v));
            }
            s.push('\n');
        }
        Block::Table { header, rows, .. } => {
            let cells: Vec<String> = header.iter().map(|h| md_escape(h)).collect();
            let _ = writeln!(s, "| {} |", cells.join(" | "));
            let _ = writeln!(s, "|{}|", vec![" --- "; header.len()].join("|"));
            for r in rows {
                let cells: Vec<String> = r.iter().map(|c| md_escape(c)).collect();
                let _ = writeln!(s, "| {} |", cells.join(" | "));
            }
            s.push('\n');
        }
        // Charts are drawn in HTML only; every chart's figures are also in a table or list.
        Block::Radar { .. } | Block::Bars { .. } => {}
    }
}

fn footer(report: &Report) -> String {
    format!("{} {}", report.note, crate::ENGINE_VERSION)
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}\
main{max-width:960px;margin:0 auto;padding:2rem}\
h1{font-size:1.6rem;margin:0 0 .5rem}\
h2{font-size:1.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}\
dl div{display:contents}\
dt{font-weight:600;color:#444}\
dd{margin:0}\
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem;width:100%}\
th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:left;vertical-align:top}\
thead th{background:#f0f0f0}\
tr.flag td,tr.flag th{background:#fff1e6}\
.missing{color:#8a3b00;font-style:italic}\
figure{margin:1rem 0}\
figcaption{font-size:.85rem;color:#555}\
svg{max-width:100%;height:auto}\
svg text{font-size:11px;fill:#333}\
.radar-grid{fill:none;stroke:#d0d0d0}\
.radar-axis{stroke:#d0d0d0}\
.radar-value{fill:rgba(40,100,180,.25);stroke:#2864b4;stroke-width:2}\
.radar-dot{fill:#2864b4}\
.bar{fill:#2864b4}\
.bar-track{fill:#eef2f7}\
footer{margin-top:2rem;font-size:.8rem;color:#666;border-top:1px solid #ddd;padding-top:.5rem}\
@page{size:A4;margin:15mm}\
@media print{main{max-width:none;padding:0}body{font-size:10.5pt}h2{break-after:avoid}section,figure,tr{break-inside:avoid}tr.flag td,tr.flag th,.bar,.radar-value{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

pub(crate) fn html(report: &Report) -> String {
    let lang = report.lang;
    let mut s = String::new();
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>{}</h1>",
        html_escape(&report.title),
        html_escape(&report.title)
    );
    if !report.meta.is_empty() {
        let _ = writeln!(s, "<dl class=\"meta\">");
        for (k, v) in &report.meta {
            let _ = writeln!(
                s,
                "<div><dt>{}</dt><dd>{}</dd></div>",
                html_escape(k),
                html_escape(v)
            );
        }
        let _ = writeln!(s, "</dl>");
    }
    for p in &report.intro {
        let _ = writeln!(s, "<p>{}</p>", html_escape(p));
    }
    let _ = writeln!(s, "</header>");
    for sec in &report.sections {
        let _ = writeln!(
            s,
            "<section id=\"section-{}\">\n<h2>{}</h2>",
            sec.id,
            html_escape(&sec.title)
        );
        for code in &sec.missing {
            let _ = writeln!(
                s,
                "<p class=\"missing\" data-missing=\"{code}\">{}{}</p>",
                html_escape(l::MISSING_PREFIX.get(lang)),
                html_escape(l::missing_text(code).get(lang))
            );
        }
        for b in &sec.blocks {
            html_block(&mut s, b);
        }
        let _ = writeln!(s, "</section>");
    }
    let _ = writeln!(
        s,
        "<footer>{}</footer>\n</main>\n</body>\n</html>",
        html_escape(&footer(report))
    );
    s
}

fn html_block(s: &mut String, b: &Block) {
    match b {
        Block::Para(t) => {
            let _ = writeln!(s, "<p>{}</p>", html_escape(t));
        }
        Block::List(items) => {
            let _ = writeln!(s, "<ul>");
            for i in items {
                let _ = writeln!(s, "<li>{}</li>", html_escape(i));
            }
            let _ = writeln!(s, "</ul>");
        }
        Block::KeyValues(kv) => {
            let _ = writeln!(s, "<dl class=\"kv\">");
            for (k, v) in kv {
                let _ = writeln!(
                    s,
                    "<div><dt>{}</dt><dd>{}</dd></div>",
                    html_escape(k),
                    html_escape(v)
                );
            }
            let _ = writeln!(s, "</dl>");
        }
        Block::Table {
            header,
            rows,
            flagged,
        } => {
            let _ = write!(s, "<table>\n<thead><tr>");
            for h in header {
                let _ = write!(s, "<th scope=\"col\">{}</th>", html_escape(h));
            }
            let _ = writeln!(s, "</tr></thead>\n<tbody>");
            for (i, r) in rows.iter().enumerate() {
                let class = if flagged.get(i).copied().unwrap_or(false) {
                    " class=\"flag\""
                } else {
                    ""
                };
                let _ = write!(s, "<tr{class}>");
                for (j, c) in r.iter().enumerate() {
                    if j == 0 {
                        let _ = write!(s, "<th scope=\"row\">{}</th>", html_escape(c));
                    } else {
                        let _ = write!(s, "<td>{}</td>", html_escape(c));
                    }
                }
                let _ = writeln!(s, "</tr>");
            }
            let _ = writeln!(s, "</tbody>\n</table>");
        }
        Block::Radar { caption, axes } => {
            let svg = if axes.len() >= 3 {
                radar_svg(axes, caption)
            } else {
                bars_svg(axes, caption, "bars")
            };
            let _ = writeln!(
                s,
                "<figure>\n{svg}<figcaption>{}</figcaption>\n</figure>",
                html_escape(caption)
            );
        }
        Block::Bars { caption, bars } => {
            let _ = writeln!(
                s,
                "<figure>\n{}<figcaption>{}</figcaption>\n</figure>",
                bars_svg(bars, caption, "funnel"),
                html_escape(caption)
            );
        }
    }
}

/// One decimal, never `-0.0`.
fn c1(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" {
        "0.0".into()
    } else {
        s
    }
}

fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut out: String = label.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn finite01(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// A radar: one axis per value, rings at a quarter of the scale, the value polygon
/// (`class="radar-value"`, one point per axis) and a dot per vertex.
fn radar_svg(axes: &[Bar], caption: &str) -> String {
    const W: f64 = 480.0;
    const H: f64 = 400.0;
    const CX: f64 = 240.0;
    const CY: f64 = 200.0;
    const R: f64 = 130.0;
    let n = axes.len();
    let point = |i: usize, r: f64| -> (f64, f64) {
        let a = -PI / 2.0 + 2.0 * PI * i as f64 / n as f64;
        (CX + r * a.cos(), CY + r * a.sin())
    };
    let ring = |r: f64| -> String {
        (0..n)
            .map(|i| {
                let (x, y) = point(i, r);
                format!("{},{}", c1(x), c1(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg class=\"radar\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"{}\">",
        html_escape(caption)
    );
    for level in [0.25, 0.5, 0.75, 1.0] {
        let _ = writeln!(
            s,
            "<polygon class=\"radar-grid\" points=\"{}\"/>",
            ring(R * level)
        );
    }
    for i in 0..n {
        let (x, y) = point(i, R);
        let _ = writeln!(
            s,
            "<line class=\"radar-axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            c1(CX),
            c1(CY),
            c1(x),
            c1(y)
        );
    }
    let values: Vec<(f64, f64)> = axes
        .iter()
        .enumerate()
        .map(|(i, a)| point(i, R * finite01(a.fraction)))
        .collect();
    let _ = writeln!(
        s,
        "<polygon class=\"radar-value\" points=\"{}\"/>",
        values
            .iter()
            .map(|(x, y)| format!("{},{}", c1(*x), c1(*y)))
            .collect::<Vec<_>>()
            .join(" ")
    );
    for (x, y) in &values {
        let _ = writeln!(
            s,
            "<circle class=\"radar-dot\" cx=\"{}\" cy=\"{}\" r=\"3\"/>",
            c1(*x),
            c1(*y)
        );
    }
    for (i, a) in axes.iter().enumerate() {
        let (x, y) = point(i, R + 16.0);
        let ang = -PI / 2.0 + 2.0 * PI * i as f64 / n as f64;
        let anchor = if ang.cos() > 0.3 {
            "start"
        } else if ang.cos() < -0.3 {
            "end"
        } else {
            "middle"
        };
        let dy = if ang.sin() > 0.3 {
            "0.9em"
        } else if ang.sin() < -0.3 {
            "-0.2em"
        } else {
            "0.35em"
        };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" dy=\"{dy}\" text-anchor=\"{anchor}\">{} ({})</text>",
            c1(x),
            c1(y),
            html_escape(&short(&a.label, 16)),
            html_escape(&a.display)
        );
    }
    let _ = writeln!(s, "</svg>");
    s
}

/// Horizontal bars: label, a track, the bar (`class="bar"`) and its figure.
fn bars_svg(bars: &[Bar], caption: &str, class: &str) -> String {
    const W: f64 = 560.0;
    const LABEL: f64 = 170.0;
    const TRACK: f64 = 300.0;
    const ROW: f64 = 28.0;
    let h = ROW * bars.len() as f64 + 8.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg class=\"{class}\" viewBox=\"0 0 {W} {}\" width=\"{W}\" height=\"{}\" role=\"img\" aria-label=\"{}\">",
        c1(h),
        c1(h),
        html_escape(caption)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let w = TRACK * finite01(b.fraction);
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            c1(LABEL - 8.0),
            c1(y + 14.0),
            html_escape(&short(&b.label, 20))
        );
        let _ = writeln!(
            s,
            "<rect class=\"bar-track\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" rx=\"2\"/>",
            c1(LABEL),
            c1(y),
            c1(TRACK)
        );
        let _ = writeln!(
            s,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" rx=\"2\"/>",
            c1(LABEL),
            c1(y),
            c1(w)
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            c1(LABEL + TRACK + 8.0),
            c1(y + 14.0),
            html_escape(&b.display)
        );
    }
    let _ = writeln!(s, "</svg>");
    s
}
