//! Audit reports as text: pretty JSON, Markdown tables, or a self-contained HTML page.

use std::fmt::Write as _;

use super::{AuditReport, GroupRow, GroupTable, Mode, UnknownRow, INTERSECTION_SEPARATOR};

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Pretty-printed JSON (the report itself).
    Json,
    /// Markdown (GitHub tables).
    Markdown,
    /// A self-contained HTML page (inline CSS, no scripts, no external resources).
    Html,
}

impl Format {
    /// Reads `"json"`, `"md"` (or `"markdown"`) and `"html"`.
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    /// The canonical name: `"json"`, `"md"` or `"html"`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

/// Renders a report.
pub fn render(report: &AuditReport, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(report).unwrap_or_default(),
        Format::Markdown => markdown(report),
        Format::Html => html(report),
    }
}

/// A table as cells of plain text, rendered by the Markdown and HTML writers.
struct TextTable {
    title: String,
    summary: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn fixed(x: f64, places: usize) -> String {
    format!("{x:.places$}")
}

fn opt(x: Option<f64>, places: usize) -> String {
    x.map(|v| fixed(v, places)).unwrap_or_else(|| "—".into())
}

fn p_value(p: Option<f64>) -> String {
    match p {
        Some(p) if p > 0.0 && p < 1e-4 => format!("{p:.2e}"),
        Some(p) => fixed(p, 4),
        None => "—".into(),
    }
}

fn ci(c: Option<[f64; 2]>, places: usize) -> String {
    match c {
        Some([lo, hi]) => format!("{} – {}", fixed(lo, places), fixed(hi, places)),
        None => "—".into(),
    }
}

fn rate_name(mode: Mode) -> (&'static str, &'static str) {
    match mode {
        Mode::Selected => ("Selected", "Selection rate"),
        Mode::Score => ("Above median", "Scoring rate"),
    }
}

fn confidence_label(report: &AuditReport) -> String {
    match &report.bootstrap {
        Some(b) => format!("{}% CI", b.confidence * 100.0),
        None => "CI".into(),
    }
}

fn group_cells(row: &GroupRow) -> Vec<String> {
    let count = row.selected.or(row.above_median).unwrap_or(0);
    let rate = row.selection_rate.or(row.scoring_rate);
    let mut ratio = opt(row.impact_ratio, 3);
    if row.is_reference {
        ratio.push_str(" (reference)");
    }
    if row.impact_ratio.is_none() {
        // The full reason is in the JSON's `impact_ratio_note`; the table keeps it short.
        ratio = if row.small_sample {
            "— (small category, excluded)".into()
        } else {
            "— (undefined: highest rate is 0)".into()
        };
    }
    vec![
        row.group.clone(),
        row.n.to_string(),
        format!("{:.1}%", row.share * 100.0),
        count.to_string(),
        opt(rate, 4),
        ci(row.rate_ci, 4),
        ratio,
        ci(row.impact_ratio_ci, 3),
        match row.flag_four_fifths {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => "—".into(),
        },
        if row.small_sample { "yes" } else { "no" }.into(),
        p_value(row.fisher_p),
        opt(row.z, 2),
        p_value(row.z_p),
    ]
}

fn unknown_cells(unknown: &UnknownRow, columns: usize) -> Vec<String> {
    let mut cells = vec![
        "Unknown".to_string(),
        unknown.n.to_string(),
        "—".into(),
        unknown
            .selected
            .or(unknown.above_median)
            .unwrap_or(0)
            .to_string(),
        opt(unknown.selection_rate.or(unknown.scoring_rate), 4),
        "—".into(),
        "— (excluded from ratios)".into(),
    ];
    cells.resize(columns, "—".into());
    cells
}

fn text_table(report: &AuditReport, table: &GroupTable, title: String) -> TextTable {
    let (count_name, rate_label) = rate_name(report.mode);
    let conf = confidence_label(report);
    let header: Vec<String> = vec![
        "Group".into(),
        "n".into(),
        "Share".into(),
        count_name.into(),
        rate_label.into(),
        format!("Rate {conf}"),
        "Impact ratio".into(),
        format!("Ratio {conf}"),
        "Below 4/5".into(),
        "Small".into(),
        "Fisher p".into(),
        "z".into(),
        "z p".into(),
    ];
    let mut rows: Vec<Vec<String>> = table.groups.iter().map(group_cells).collect();
    rows.push(unknown_cells(&table.unknown, header.len()));
    let summary = match (&table.reference_group, table.reference_rate) {
        (Some(g), Some(r)) => format!(
            "{} people with known values. Reference group: {g} ({} {}).",
            table.n,
            rate_label.to_lowercase(),
            fixed(r, 4)
        ),
        _ => format!("{} people with known values. No reference group.", table.n),
    };
    TextTable {
        title,
        summary,
        header,
        rows,
    }
}

fn tables(report: &AuditReport) -> Vec<TextTable> {
    let main = GroupTable {
        columns: report.group_columns.clone(),
        n: report.n,
        reference_group: report.reference_group.clone(),
        reference_rate: report.reference_rate,
        groups: report.groups.clone(),
        unknown: report.unknown.clone(),
    };
    let title = if report.intersectional {
        format!(
            "Intersectional: {}",
            report.group_columns.join(INTERSECTION_SEPARATOR)
        )
    } else {
        format!("By {}", report.group_columns.join(", "))
    };
    let mut out = vec![text_table(report, &main, title)];
    for t in &report.by_column {
        out.push(text_table(
            report,
            t,
            format!("By {}", t.columns.join(", ")),
        ));
    }
    out
}

fn intro(report: &AuditReport) -> Vec<String> {
    let mut lines = Vec::new();
    let kind = match report.mode {
        Mode::Selected => "selection rates",
        Mode::Score => "scoring rates",
    };
    lines.push(format!(
        "Outcome column `{}` ({kind}); groups by {}.",
        report.outcome_column,
        report.group_columns.join(", ")
    ));
    lines.push(format!(
        "Rows read: {}; without an outcome: {}; in an unknown category: {}; in the main table: {}.",
        report.n_records, report.excluded.missing_outcome, report.excluded.unknown_group, report.n
    ));
    if let Some(m) = report.median {
        lines.push(format!("Median score of the whole sample: {m}."));
    }
    lines
}

pub(crate) fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// Escapes prose (notes, warnings): keeps `code` spans and snake_case names readable, but stops
/// raw HTML, links and emphasis coming from column or group names.
pub(crate) fn md_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '*' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

fn markdown(report: &AuditReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Adverse-impact audit\n");
    for line in intro(report) {
        let _ = writeln!(s, "{}  ", md_prose(&line));
    }
    for t in tables(report) {
        let _ = writeln!(s, "\n## {}\n", md_escape(&t.title));
        let _ = writeln!(s, "{}\n", md_escape(&t.summary));
        let header: Vec<String> = t.header.iter().map(|h| md_escape(h)).collect();
        let _ = writeln!(s, "| {} |", header.join(" | "));
        let _ = writeln!(
            s,
            "|{}|",
            t.header
                .iter()
                .enumerate()
                .map(|(i, _)| if i == 0 { " --- " } else { " ---: " })
                .collect::<Vec<_>>()
                .join("|")
        );
        for row in &t.rows {
            let cells: Vec<String> = row.iter().map(|c| md_escape(c)).collect();
            let _ = writeln!(s, "| {} |", cells.join(" | "));
        }
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(s, "\n## Warnings\n");
        for w in &report.warnings {
            let _ = writeln!(s, "- {}", md_prose(w));
        }
    }
    let _ = writeln!(s, "\n## Notes\n");
    for n in &report.notes {
        let _ = writeln!(s, "- {}", md_prose(n));
    }
    if let Some(b) = &report.bootstrap {
        let _ = writeln!(
            s,
            "- Bootstrap: {} iterations, seed {}, {}.",
            b.iterations,
            b.seed,
            md_prose(&b.method)
        );
    }
    s
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#1a1a1a;line-height:1.45}\
table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.9rem}\
th,td{border:1px solid #c8c8c8;padding:0.3rem 0.6rem;text-align:right}\
th:first-child,td:first-child{text-align:left}\
th{background:#f0f0f0}\
tr.flag td{background:#fff1e6}\
tr.unknown td{color:#555;font-style:italic}\
.warn{color:#8a3b00}";

fn html(report: &AuditReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Adverse-impact audit: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>Adverse-impact audit</h1>",
        html_escape(&report.outcome_column)
    );
    for line in intro(report) {
        let _ = writeln!(s, "<p>{}</p>", html_escape(&line));
    }
    for (t, source) in tables(report)
        .iter()
        .zip(std::iter::once(&report.groups).chain(report.by_column.iter().map(|c| &c.groups)))
    {
        let _ = writeln!(s, "<h2>{}</h2>", html_escape(&t.title));
        let _ = writeln!(s, "<p>{}</p>", html_escape(&t.summary));
        let _ = writeln!(s, "<table>\n<thead><tr>");
        for h in &t.header {
            let _ = write!(s, "<th scope=\"col\">{}</th>", html_escape(h));
        }
        let _ = writeln!(s, "</tr></thead>\n<tbody>");
        for (i, row) in t.rows.iter().enumerate() {
            let class = match source.get(i) {
                Some(g) if g.flag_four_fifths == Some(true) => " class=\"flag\"",
                Some(_) => "",
                None => " class=\"unknown\"",
            };
            let _ = write!(s, "<tr{class}>");
            for (j, cell) in row.iter().enumerate() {
                if j == 0 {
                    let _ = write!(s, "<th scope=\"row\">{}</th>", html_escape(cell));
                } else {
                    let _ = write!(s, "<td>{}</td>", html_escape(cell));
                }
            }
            let _ = writeln!(s, "</tr>");
        }
        let _ = writeln!(s, "</tbody>\n</table>");
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(s, "<h2>Warnings</h2>\n<ul class=\"warn\">");
        for w in &report.warnings {
            let _ = writeln!(s, "<li>{}</li>", html_escape(w));
        }
        let _ = writeln!(s, "</ul>");
    }
    let _ = writeln!(s, "<h2>Notes</h2>\n<ul>");
    for n in &report.notes {
        let _ = writeln!(s, "<li>{}</li>", html_escape(n));
    }
    if let Some(b) = &report.bootstrap {
        let _ = writeln!(
            s,
            "<li>Bootstrap: {} iterations, seed {}, {}.</li>",
            b.iterations,
            b.seed,
            html_escape(&b.method)
        );
    }
    let _ = writeln!(s, "</ul>\n</body>\n</html>");
    s
}
