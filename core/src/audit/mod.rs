//! Fairness audit: adverse impact by group — selection or scoring rates, impact ratios against
//! the highest-rate group, four-fifths flags, Fisher exact and two-proportion z tests, seeded
//! bootstrap confidence intervals — and reports in JSON, Markdown and HTML shaped after the bias
//! audits New York City Local Law 144 asks for (DCWP rules, 6 RCNY §5-300 and §5-301).
//!
//! Owns: the statistics and the report. Must not touch: how data is collected or stored, or any
//! decision about people; the report describes outcomes, it does not judge them.
//!
//! # Request (`audit_value`)
//! ```json
//! {"records": [{"sex": "f", "race": "A", "hired": 1}, ...]   // or "csv": "sex,race,hired\n..."
//!  "group": ["sex", "race"],          // or "sex"; several columns = intersectional groups
//!  "selected": "hired",               // 0/1 outcome; or "score": "points" (numbers)
//!  "bootstrap": {"iterations": 1000, "seed": 20230705, "confidence": 0.95},   // optional
//!  "small_share": 0.02,               // optional: categories under this share are small
//!  "small_sample_policy": "exclude"}  // optional: "exclude" (default) or "flag"
//! ```
//! # Response
//! An [`AuditReport`]: `mode`, `n`, `reference_group`, `groups` (one [`GroupRow`] per group with
//! `group`, `n`, `selection_rate` or `scoring_rate`, `impact_ratio`, `flag_four_fifths`,
//! `small_sample`, tests and intervals), `unknown`, `by_column` (one table per group column when
//! there are several), `notes` and `warnings`. `render_value` turns a report into text:
//! `{"report": …, "format": "json"|"md"|"html"}` → `{"format", "text"}`.
//!
//! ```
//! use serde_json::json;
//! use interviewkit_core::audit::audit_value;
//!
//! let report = audit_value(&json!({
//!     "csv": "sex,hired\nf,1\nf,0\nf,0\nf,0\nm,1\nm,1\nm,0\nm,0\n",
//!     "group": "sex", "selected": "hired", "bootstrap": {"iterations": 0}
//! })).unwrap();
//! assert_eq!(report["reference_group"], "m");
//! assert_eq!(report["groups"][0]["group"], "f");
//! assert_eq!(report["groups"][0]["selection_rate"], 0.25);
//! assert_eq!(report["groups"][0]["impact_ratio"], 0.5);
//! assert_eq!(report["groups"][0]["flag_four_fifths"], true);
//! ```

mod input;
pub(crate) mod render;
pub mod stats;

use std::collections::BTreeMap;

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
pub(crate) use input::{group_from_cell, outcome_from_cell, parse_options, Row};
pub use render::{render, Format};

/// Separator between the values of an intersectional group (`"f × Asian"`).
pub const INTERSECTION_SEPARATOR: &str = " × ";
/// The four-fifths threshold: impact ratios below it are flagged.
pub const FOUR_FIFTHS: f64 = 0.8;
/// Default share under which a category is small (2%, the LL144 threshold).
pub const DEFAULT_SMALL_SHARE: f64 = 0.02;
/// Default number of bootstrap iterations.
pub const DEFAULT_BOOTSTRAP_ITERATIONS: u64 = 1000;
/// Default bootstrap seed (fixed so that reports are reproducible): LL144's enforcement date.
pub const DEFAULT_BOOTSTRAP_SEED: u64 = 20_230_705;
/// The most bootstrap draws (iterations × rows × tables) one audit may do, so that a request
/// cannot keep a face busy for minutes; lower `bootstrap.iterations` for bigger data.
pub const MAX_BOOTSTRAP_WORK: u64 = 2_000_000_000;
/// Default confidence level of bootstrap intervals.
pub const DEFAULT_CONFIDENCE: f64 = 0.95;

/// What the outcome column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A yes/no decision (selected, hired, promoted): rates are selection rates.
    Selected,
    /// A number: rates are scoring rates (share strictly above the overall median).
    Score,
}

/// What to do with categories under `small_share` of the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmallSamplePolicy {
    /// Report counts and rates, but leave them out of the impact-ratio calculation and out of
    /// the choice of reference group (what 6 RCNY §5-301 lets an LL144 auditor do). Default.
    Exclude,
    /// Compute their impact ratio like any other group, and flag them.
    Flag,
}

/// Bootstrap settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BootstrapOptions {
    /// Resamples; 0 disables the bootstrap.
    pub iterations: u64,
    /// Seed of the ChaCha8 generator.
    pub seed: u64,
    /// Confidence level of the percentile intervals (0.95).
    pub confidence: f64,
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        BootstrapOptions {
            iterations: DEFAULT_BOOTSTRAP_ITERATIONS,
            seed: DEFAULT_BOOTSTRAP_SEED,
            confidence: DEFAULT_CONFIDENCE,
        }
    }
}

/// Everything about an audit except the data.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditOptions {
    /// Group columns; several make intersectional groups.
    pub group_columns: Vec<String>,
    /// Selected (0/1) or score.
    pub mode: Mode,
    /// The outcome column.
    pub outcome_column: String,
    /// Bootstrap settings.
    pub bootstrap: BootstrapOptions,
    /// Categories under this share of a table's rows are small (0.02).
    pub small_share: f64,
    /// What to do with small categories.
    pub small_sample_policy: SmallSamplePolicy,
}

/// The data of an audit.
#[derive(Debug, Clone, Copy)]
pub enum AuditData<'a> {
    /// JSON objects, one per person.
    Records(&'a [Value]),
    /// CSV text with a header row.
    Csv(&'a str),
}

/// One group's line in a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    /// The group's label: its values joined by `" × "`.
    pub group: String,
    /// The group's value in each group column.
    pub values: Map<String, Value>,
    /// People in the group (with a known outcome).
    pub n: u64,
    /// The group's share of the table's people with known group values.
    pub share: f64,
    /// Selected mode: how many were selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<u64>,
    /// Score mode: how many scored strictly above the overall median.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above_median: Option<u64>,
    /// Selected mode: `selected / n`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection_rate: Option<f64>,
    /// Score mode: `above_median / n`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring_rate: Option<f64>,
    /// Bootstrap percentile interval of the rate; `null` without bootstrap.
    #[serde(default)]
    pub rate_ci: Option<[f64; 2]>,
    /// Rate / the reference group's rate; `null` when undefined or excluded (see the note).
    #[serde(default)]
    pub impact_ratio: Option<f64>,
    /// Bootstrap percentile interval of the impact ratio; `null` without bootstrap or ratio.
    #[serde(default)]
    pub impact_ratio_ci: Option<[f64; 2]>,
    /// Why the impact ratio is `null` or special; `null` otherwise.
    #[serde(default)]
    pub impact_ratio_note: Option<String>,
    /// `impact_ratio < 0.8` (the EEOC four-fifths screening heuristic); `null` without a ratio.
    #[serde(default)]
    pub flag_four_fifths: Option<bool>,
    /// The group is under `small_share` of the table's data.
    pub small_sample: bool,
    /// This is the reference (highest-rate) group.
    pub is_reference: bool,
    /// Two-sided Fisher exact p-value, this group vs the reference; `null` for the reference.
    #[serde(default)]
    pub fisher_p: Option<f64>,
    /// Pooled two-proportion z statistic, this group vs the reference; `null` when undefined.
    #[serde(default)]
    pub z: Option<f64>,
    /// Two-sided p-value of `z`.
    #[serde(default)]
    pub z_p: Option<f64>,
}

/// People whose value in a group column is missing: counted, never in a ratio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnknownRow {
    /// How many.
    pub n: u64,
    /// Selected mode: how many of them were selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<u64>,
    /// Score mode: how many scored strictly above the overall median.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above_median: Option<u64>,
    /// Selected mode: their selection rate (absent when `n` is 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection_rate: Option<f64>,
    /// Score mode: their scoring rate (absent when `n` is 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring_rate: Option<f64>,
}

/// One table: the groups of one column, or the intersectional groups of several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTable {
    /// The column(s) the table groups by.
    pub columns: Vec<String>,
    /// People with known values in these columns (and a known outcome).
    pub n: u64,
    /// The highest-rate group among those eligible; `null` when there is none.
    pub reference_group: Option<String>,
    /// Its rate.
    pub reference_rate: Option<f64>,
    /// The groups, sorted by their values.
    pub groups: Vec<GroupRow>,
    /// The unknown category.
    pub unknown: UnknownRow,
}

/// Rows left out before any table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Excluded {
    /// Rows without a value in the outcome column.
    pub missing_outcome: u64,
    /// Rows (with an outcome) whose value is missing in at least one group column.
    pub unknown_group: u64,
}

/// Bootstrap settings as used, with the method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapInfo {
    /// Resamples.
    pub iterations: u64,
    /// Seed of the ChaCha8 generator.
    pub seed: u64,
    /// Confidence level.
    pub confidence: f64,
    /// How it was done.
    pub method: String,
}

/// The audit report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditReport {
    /// `"selected"` or `"score"`.
    pub mode: Mode,
    /// The outcome column.
    pub outcome_column: String,
    /// The group columns.
    pub group_columns: Vec<String>,
    /// `true` when groups are intersections of several columns.
    pub intersectional: bool,
    /// Rows read.
    pub n_records: u64,
    /// Rows in the main table (known outcome and every group value known).
    pub n: u64,
    /// Score mode: the median score of every row with a score; `null` in selected mode.
    pub median: Option<f64>,
    /// The share under which a category is small.
    pub small_share: f64,
    /// What was done with small categories.
    pub small_sample_policy: SmallSamplePolicy,
    /// The four-fifths threshold (0.8).
    pub four_fifths_threshold: f64,
    /// The main table's reference group.
    pub reference_group: Option<String>,
    /// Its rate.
    pub reference_rate: Option<f64>,
    /// The main table's groups (intersectional when there are several columns).
    pub groups: Vec<GroupRow>,
    /// The main table's unknown category.
    pub unknown: UnknownRow,
    /// Rows left out.
    pub excluded: Excluded,
    /// One table per group column when there are several; empty otherwise.
    pub by_column: Vec<GroupTable>,
    /// Bootstrap settings; `null` when disabled.
    pub bootstrap: Option<BootstrapInfo>,
    /// How to read the numbers.
    pub notes: Vec<String>,
    /// Things about this data that need attention.
    pub warnings: Vec<String>,
}

/// JSON entry point: runs an audit request (see the module docs) and returns the report.
pub fn audit_value(request: &Value) -> Result<Value> {
    let options = input::parse_options(request)?;
    let rows = input::parse_rows(request, &options)?;
    let field = if request.get("csv").is_some_and(|c| !c.is_null()) {
        "csv"
    } else {
        "records"
    };
    let report = audit_rows(&rows, &options, field)?;
    serde_json::to_value(&report).map_err(|e| Error::Internal(format!("serialising a report: {e}")))
}

/// JSON entry point: `{"report": <report>, "format": "json"|"md"|"html"}` → `{"format", "text"}`.
pub fn render_value(request: &Value) -> Result<Value> {
    let obj = request.as_object().ok_or_else(|| Error::InvalidArgument {
        name: "request".into(),
        expected: "an object {\"report\": <audit report>, \"format\": \"json\"|\"md\"|\"html\"}"
            .into(),
    })?;
    let format = match obj.get("format") {
        None | Some(Value::Null) => Format::Json,
        Some(Value::String(s)) => Format::parse(s).ok_or_else(|| Error::InvalidArgument {
            name: "format".into(),
            expected: format!("\"json\", \"md\" or \"html\", not {s:?}"),
        })?,
        Some(_) => {
            return Err(Error::InvalidArgument {
                name: "format".into(),
                expected: "\"json\", \"md\" or \"html\"".into(),
            })
        }
    };
    let report_value = obj.get("report").ok_or_else(|| Error::InvalidArgument {
        name: "report".into(),
        expected: "an audit report, as returned by audit".into(),
    })?;
    let report: AuditReport =
        serde_json::from_value(report_value.clone()).map_err(|e| Error::InvalidArgument {
            name: "report".into(),
            expected: format!("an audit report, as returned by audit ({e})"),
        })?;
    let text = render(&report, format);
    let mut out = Map::new();
    out.insert("format".into(), Value::from(format.name()));
    out.insert("text".into(), Value::from(text));
    Ok(Value::Object(out))
}

/// Runs an audit on typed data.
pub fn audit(data: AuditData<'_>, options: &AuditOptions) -> Result<AuditReport> {
    let field = match data {
        AuditData::Records(_) => "records",
        AuditData::Csv(_) => "csv",
    };
    let mut request = Map::new();
    match data {
        AuditData::Records(r) => request.insert(field.into(), Value::Array(r.to_vec())),
        AuditData::Csv(c) => request.insert(field.into(), Value::from(c)),
    };
    let rows = input::parse_rows(&Value::Object(request), options)?;
    audit_rows(&rows, options, field)
}

/// The rows of one group (or of the unknown category): their outcomes.
struct Stratum {
    key: Vec<String>,
    values: Vec<f64>,
}

struct TableInput {
    columns: Vec<String>,
    strata: Vec<Stratum>,
    unknown: Vec<f64>,
}

fn table_input(rows: &[Row], options: &AuditOptions, column_indices: &[usize]) -> TableInput {
    let mut groups: BTreeMap<Vec<String>, Vec<f64>> = BTreeMap::new();
    let mut unknown = Vec::new();
    for row in rows {
        let Some(outcome) = row.outcome else { continue };
        let key: Option<Vec<String>> = column_indices
            .iter()
            .map(|&i| row.groups.get(i).cloned().flatten())
            .collect();
        match key {
            Some(key) => groups.entry(key).or_default().push(outcome),
            None => unknown.push(outcome),
        }
    }
    TableInput {
        columns: column_indices
            .iter()
            .filter_map(|&i| options.group_columns.get(i).cloned())
            .collect(),
        strata: groups
            .into_iter()
            .map(|(key, values)| Stratum { key, values })
            .collect(),
        unknown,
    }
}

/// Is an outcome positive: selected, or strictly above the median.
fn positive(mode: Mode, median: f64, value: f64) -> bool {
    match mode {
        Mode::Selected => value >= 0.5,
        Mode::Score => value > median,
    }
}

fn count_positive(mode: Mode, median: f64, values: &[f64]) -> u64 {
    values
        .iter()
        .filter(|&&v| positive(mode, median, v))
        .count() as u64
}

fn ratio(count: u64, n: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        count as f64 / n as f64
    }
}

/// `1` → `"1 row"`, `3` → `"3 rows"`.
fn rows_text(n: usize) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

/// `0.02` → `"2%"`, `0.0144` → `"1.44%"`, `0.4907` → `"49.1%"`.
fn percent(x: f64) -> String {
    let p = x * 100.0;
    let text = if p >= 10.0 {
        format!("{p:.1}")
    } else {
        format!("{p:.2}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{text}%")
}

/// Audits rows a face read from columns ([`crate::batch::AuditBatch`]); errors about the data
/// as a whole name `rows`.
pub(crate) fn audit_collected(rows: &[Row], options: &AuditOptions) -> Result<AuditReport> {
    audit_rows(rows, options, "rows")
}

fn audit_rows(rows: &[Row], options: &AuditOptions, data_field: &str) -> Result<AuditReport> {
    let mode = options.mode;
    let missing_outcome = rows.iter().filter(|r| r.outcome.is_none()).count() as u64;
    let mut all_outcomes: Vec<f64> = rows.iter().filter_map(|r| r.outcome).collect();
    if all_outcomes.is_empty() {
        return Err(Error::InvalidArgument {
            name: options.outcome_column.clone(),
            expected: format!(
                "at least one row with a value in `{}` (all {} rows are empty there)",
                options.outcome_column,
                rows.len()
            ),
        });
    }
    let median = match mode {
        Mode::Selected => None,
        Mode::Score => stats::median_in_place(&mut all_outcomes),
    };
    let median_value = median.unwrap_or(0.0);

    let tables = if options.group_columns.len() > 1 {
        options.group_columns.len() as u64 + 1
    } else {
        1
    };
    let work = options
        .bootstrap
        .iterations
        .saturating_mul(rows.len() as u64)
        .saturating_mul(tables);
    if work > MAX_BOOTSTRAP_WORK {
        return Err(Error::LimitExceeded {
            what: "bootstrap work (iterations × rows × tables)".into(),
            limit: MAX_BOOTSTRAP_WORK,
            actual: work,
        });
    }

    let all_indices: Vec<usize> = (0..options.group_columns.len()).collect();
    let main_input = table_input(rows, options, &all_indices);
    if main_input.strata.is_empty() {
        return Err(Error::InvalidArgument {
            name: data_field.into(),
            expected: format!(
                "at least one row with known values in every group column ({}); all {} rows with an outcome have a missing group value",
                options.group_columns.join(", "),
                main_input.unknown.len()
            ),
        });
    }
    let mut warnings = Vec::new();
    let main = compute_table(&main_input, options, median_value, &mut warnings);

    let mut by_column = Vec::new();
    if options.group_columns.len() > 1 {
        for i in 0..options.group_columns.len() {
            let input = table_input(rows, options, &[i]);
            let mut column_warnings = Vec::new();
            let table = compute_table(&input, options, median_value, &mut column_warnings);
            warnings.extend(column_warnings);
            by_column.push(table);
        }
    }

    if missing_outcome > 0 {
        warnings.insert(
            0,
            format!(
                "{missing_outcome} of {} rows have no value in `{}`; they are left out of every table.",
                rows.len(),
                options.outcome_column
            ),
        );
    }
    if mode == Mode::Score && all_outcomes.iter().all(|&v| v <= median_value) {
        warnings.push(format!(
            "Nobody scored above the median ({median_value}): every scoring rate is 0 and impact ratios are undefined."
        ));
    }

    let notes = notes(options, median, all_outcomes.len(), &main);
    let bootstrap = (options.bootstrap.iterations > 0).then(|| BootstrapInfo {
        iterations: options.bootstrap.iterations,
        seed: options.bootstrap.seed,
        confidence: options.bootstrap.confidence,
        method: "percentile intervals; stratified resampling (each group, and the unknown category, resampled with replacement to its own size); ChaCha8 generator; the reference group and, in score mode, the median are recomputed in every resample".into(),
    });

    Ok(AuditReport {
        mode,
        outcome_column: options.outcome_column.clone(),
        group_columns: options.group_columns.clone(),
        intersectional: options.group_columns.len() > 1,
        n_records: rows.len() as u64,
        n: main.n,
        median,
        small_share: options.small_share,
        small_sample_policy: options.small_sample_policy,
        four_fifths_threshold: FOUR_FIFTHS,
        reference_group: main.reference_group.clone(),
        reference_rate: main.reference_rate,
        excluded: Excluded {
            missing_outcome,
            unknown_group: main.unknown.n,
        },
        groups: main.groups,
        unknown: main.unknown,
        by_column,
        bootstrap,
        notes,
        warnings,
    })
}

fn notes(
    options: &AuditOptions,
    median: Option<f64>,
    scored: usize,
    main: &GroupTable,
) -> Vec<String> {
    let mut notes = Vec::new();
    match options.mode {
        Mode::Selected => notes.push(format!(
            "Selection rate = selected / n for each group (`{}` is 1 for selected).",
            options.outcome_column
        )),
        Mode::Score => notes.push(format!(
            "Scoring rate = share of the group scoring strictly above the median score of the whole sample (median {} over all {scored} rows with a score, unknown category included), as NYC DCWP rules for Local Law 144 define it (6 RCNY §5-300).",
            median.map(|m| m.to_string()).unwrap_or_default()
        )),
    }
    notes.push(
        "Impact ratio = the group's rate / the rate of the reference group, the group with the highest rate (6 RCNY §5-300)."
            .into(),
    );
    if options.group_columns.len() > 1 {
        notes.push(format!(
            "Groups are intersections of {} (values joined by \"{INTERSECTION_SEPARATOR}\"); `by_column` has one table per column.",
            options.group_columns.join(", ")
        ));
    }
    notes.push(format!(
        "flag_four_fifths marks impact ratios below {FOUR_FIFTHS}: the US EEOC four-fifths rule of thumb (29 CFR 1607.4(D)), a screening heuristic for possible adverse impact, not a legal test of discrimination."
    ));
    match options.small_sample_policy {
        SmallSamplePolicy::Exclude => notes.push(format!(
            "Categories under {} of a table's rows (small_sample) are reported with their counts and rates but left out of the impact-ratio calculation and of the choice of reference group, as 6 RCNY §5-301 permits an independent auditor to do; the justification is that rates of so few people are too unstable to compare.",
            percent(options.small_share)
        )),
        SmallSamplePolicy::Flag => notes.push(format!(
            "Categories under {} of a table's rows are flagged small_sample; their impact ratios are computed like any other but are unstable.",
            percent(options.small_share)
        )),
    }
    notes.push(
        "Rows with a missing group value form the unknown category: counted (LL144 requires their number) but left out of rates, shares and ratios."
            .into(),
    );
    notes.push(
        "fisher_p: two-sided Fisher exact test of the group against the reference group; z and z_p: pooled two-proportion z test of the same comparison. Neither is adjusted for multiple comparisons."
            .into(),
    );
    if options.bootstrap.iterations > 0 {
        notes.push(format!(
            "rate_ci and impact_ratio_ci: {}% bootstrap percentile intervals from {} stratified resamples (seed {}).",
            options.bootstrap.confidence * 100.0,
            options.bootstrap.iterations,
            options.bootstrap.seed
        ));
    }
    if main.groups.len() == 1 {
        notes.push(
            "Only one group has data: its impact ratio is 1 by definition and says nothing about adverse impact."
                .into(),
        );
    }
    notes
}

fn compute_table(
    input: &TableInput,
    options: &AuditOptions,
    median: f64,
    warnings: &mut Vec<String>,
) -> GroupTable {
    let mode = options.mode;
    let label_of = |key: &[String]| key.join(INTERSECTION_SEPARATOR);
    let table_name = input.columns.join(INTERSECTION_SEPARATOR);
    let total: u64 = input.strata.iter().map(|s| s.values.len() as u64).sum();
    let counts: Vec<u64> = input
        .strata
        .iter()
        .map(|s| count_positive(mode, median, &s.values))
        .collect();
    let sizes: Vec<u64> = input.strata.iter().map(|s| s.values.len() as u64).collect();
    let rates: Vec<f64> = counts
        .iter()
        .zip(&sizes)
        .map(|(&c, &n)| ratio(c, n))
        .collect();
    let shares: Vec<f64> = sizes.iter().map(|&n| ratio(n, total)).collect();
    let small: Vec<bool> = shares.iter().map(|&s| s < options.small_share).collect();
    let mut eligible: Vec<bool> = small
        .iter()
        .map(|&s| !(s && options.small_sample_policy == SmallSamplePolicy::Exclude))
        .collect();
    if !eligible.iter().any(|&e| e) {
        warnings.push(format!(
            "[{table_name}] every category is under {} of the data; all are kept in the impact-ratio calculation.",
            percent(options.small_share)
        ));
        eligible.iter_mut().for_each(|e| *e = true);
    }
    // The reference: the highest rate among eligible groups; ties go to the first in order.
    let mut reference: Option<usize> = None;
    for (i, &rate) in rates.iter().enumerate() {
        if eligible.get(i).copied().unwrap_or(false)
            && reference.is_none_or(|r| rate > rates.get(r).copied().unwrap_or(f64::NEG_INFINITY))
        {
            reference = Some(i);
        }
    }
    let reference_rate = reference.and_then(|r| rates.get(r).copied());
    let ref_count = reference.and_then(|r| counts.get(r).copied()).unwrap_or(0);
    let ref_n = reference.and_then(|r| sizes.get(r).copied()).unwrap_or(0);

    let cis = bootstrap_table(input, options, &eligible, median);

    let single = input.strata.len() == 1;
    let mut groups = Vec::with_capacity(input.strata.len());
    let mut flagged = Vec::new();
    let mut small_names = Vec::new();
    for (i, stratum) in input.strata.iter().enumerate() {
        let n = sizes.get(i).copied().unwrap_or(0);
        let count = counts.get(i).copied().unwrap_or(0);
        let rate = rates.get(i).copied().unwrap_or(0.0);
        let is_small = small.get(i).copied().unwrap_or(false);
        let is_eligible = eligible.get(i).copied().unwrap_or(false);
        let is_reference = reference == Some(i);
        let label = label_of(&stratum.key);
        if is_small {
            small_names.push(label.clone());
        }
        let (impact_ratio, note) = if !is_eligible {
            (
                None,
                Some(format!(
                    "excluded from the impact-ratio calculation: {} of the data, under the {} small-category threshold (6 RCNY §5-301)",
                    percent(shares.get(i).copied().unwrap_or(0.0)),
                    percent(options.small_share)
                )),
            )
        } else {
            match reference_rate {
                Some(r) if r > 0.0 => (
                    Some(rate / r),
                    if single {
                        Some("only one group: the impact ratio is 1 by definition".to_string())
                    } else if is_small {
                        Some(format!(
                            "small category ({} of the data): this ratio is unstable",
                            percent(shares.get(i).copied().unwrap_or(0.0))
                        ))
                    } else {
                        None
                    },
                ),
                _ => (
                    None,
                    Some(
                        "undefined: the highest rate is 0 (no group has a positive outcome), so there is nothing to divide by"
                            .to_string(),
                    ),
                ),
            }
        };
        let flag = impact_ratio.map(|r| r < FOUR_FIFTHS);
        if flag == Some(true) {
            flagged.push(label.clone());
        }
        let (fisher_p, z, z_p) = if is_reference || reference.is_none() {
            (None, None, None)
        } else {
            let fisher = stats::fisher_exact_two_sided(
                count,
                n - count.min(n),
                ref_count,
                ref_n - ref_count.min(ref_n),
            );
            let zt = stats::two_proportion_z(count, n, ref_count, ref_n);
            (fisher, zt.map(|t| t.0), zt.map(|t| t.1))
        };
        let (rate_ci, ratio_ci) = cis
            .as_ref()
            .and_then(|c| c.get(i))
            .map(|c| (c.0, c.1))
            .unwrap_or((None, None));
        let values: Map<String, Value> = input
            .columns
            .iter()
            .zip(&stratum.key)
            .map(|(c, v)| (c.clone(), Value::from(v.clone())))
            .collect();
        groups.push(GroupRow {
            group: label,
            values,
            n,
            share: shares.get(i).copied().unwrap_or(0.0),
            selected: (mode == Mode::Selected).then_some(count),
            above_median: (mode == Mode::Score).then_some(count),
            selection_rate: (mode == Mode::Selected).then_some(rate),
            scoring_rate: (mode == Mode::Score).then_some(rate),
            rate_ci,
            impact_ratio,
            impact_ratio_ci: if impact_ratio.is_some() {
                ratio_ci
            } else {
                None
            },
            impact_ratio_note: note,
            flag_four_fifths: flag,
            small_sample: is_small,
            is_reference,
            fisher_p,
            z,
            z_p,
        });
    }

    if reference_rate == Some(0.0) {
        warnings.push(format!(
            "[{table_name}] no group has a positive outcome: impact ratios are undefined."
        ));
    }
    if !small_names.is_empty() {
        warnings.push(format!(
            "[{table_name}] small categories (under {} of the data): {}.",
            percent(options.small_share),
            small_names.join(", ")
        ));
    }
    if !flagged.is_empty() {
        warnings.push(format!(
            "[{table_name}] impact ratio below {FOUR_FIFTHS} (four-fifths heuristic): {}.",
            flagged.join(", ")
        ));
    }
    if !input.unknown.is_empty() {
        warnings.push(format!(
            "[{table_name}] {} with an unknown value: counted under `unknown`, left out of rates and ratios.",
            rows_text(input.unknown.len())
        ));
    }

    let unknown_n = input.unknown.len() as u64;
    let unknown_count = count_positive(mode, median, &input.unknown);
    let unknown_rate = (unknown_n > 0).then(|| ratio(unknown_count, unknown_n));
    GroupTable {
        columns: input.columns.clone(),
        n: total,
        reference_group: reference
            .and_then(|r| input.strata.get(r))
            .map(|s| label_of(&s.key)),
        reference_rate,
        groups,
        unknown: UnknownRow {
            n: unknown_n,
            selected: (mode == Mode::Selected).then_some(unknown_count),
            above_median: (mode == Mode::Score).then_some(unknown_count),
            selection_rate: if mode == Mode::Selected {
                unknown_rate
            } else {
                None
            },
            scoring_rate: if mode == Mode::Score {
                unknown_rate
            } else {
                None
            },
        },
    }
}

type Interval = Option<[f64; 2]>;

/// Draws `values.len()` values from `values` with replacement into `out`.
fn resample(values: &[f64], out: &mut Vec<f64>, rng: &mut ChaCha8Rng) {
    out.clear();
    let n = values.len();
    if n == 0 {
        return;
    }
    // Sample in u64 so the stream of draws is the same on 32- and 64-bit targets (WASM).
    let n64 = n as u64;
    for _ in 0..n {
        let i = usize::try_from(rng.random_range(0..n64)).unwrap_or(0);
        if let Some(&v) = values.get(i) {
            out.push(v);
        }
    }
}

/// Bootstrap intervals `(rate, impact ratio)` per group, or `None` when disabled.
fn bootstrap_table(
    input: &TableInput,
    options: &AuditOptions,
    eligible: &[bool],
    median: f64,
) -> Option<Vec<(Interval, Interval)>> {
    let iterations = options.bootstrap.iterations;
    if iterations == 0 {
        return None;
    }
    let mode = options.mode;
    let mut rng = ChaCha8Rng::seed_from_u64(options.bootstrap.seed);
    let k = input.strata.len();
    let cap = usize::try_from(iterations).unwrap_or(0);
    let mut rate_samples: Vec<Vec<f64>> = vec![Vec::with_capacity(cap); k];
    let mut ratio_samples: Vec<Vec<f64>> = vec![Vec::with_capacity(cap); k];
    let mut drawn: Vec<Vec<f64>> = vec![Vec::new(); k];
    let mut unknown_drawn: Vec<f64> = Vec::new();
    let mut pool: Vec<f64> = Vec::new();
    let mut rates = vec![0.0; k];

    for _ in 0..iterations {
        for (stratum, out) in input.strata.iter().zip(drawn.iter_mut()) {
            resample(&stratum.values, out, &mut rng);
        }
        let m = match mode {
            Mode::Selected => median,
            Mode::Score => {
                resample(&input.unknown, &mut unknown_drawn, &mut rng);
                pool.clear();
                drawn.iter().for_each(|d| pool.extend_from_slice(d));
                pool.extend_from_slice(&unknown_drawn);
                stats::median_in_place(&mut pool).unwrap_or(median)
            }
        };
        for (rate, d) in rates.iter_mut().zip(&drawn) {
            *rate = ratio(count_positive(mode, m, d), d.len() as u64);
        }
        let max = rates
            .iter()
            .zip(eligible)
            .filter(|(_, &e)| e)
            .map(|(&r, _)| r)
            .fold(f64::NEG_INFINITY, f64::max);
        for i in 0..k {
            let r = rates.get(i).copied().unwrap_or(0.0);
            if let Some(s) = rate_samples.get_mut(i) {
                s.push(r);
            }
            if max > 0.0 && eligible.get(i).copied().unwrap_or(false) {
                if let Some(s) = ratio_samples.get_mut(i) {
                    s.push(r / max);
                }
            }
        }
    }

    let alpha = 1.0 - options.bootstrap.confidence;
    let interval = |samples: &mut Vec<f64>| -> Interval {
        samples.sort_by(f64::total_cmp);
        let lo = stats::quantile_sorted(samples, alpha / 2.0)?;
        let hi = stats::quantile_sorted(samples, 1.0 - alpha / 2.0)?;
        Some([lo, hi])
    };
    Some(
        rate_samples
            .iter_mut()
            .zip(ratio_samples.iter_mut())
            .map(|(r, q)| (interval(r), interval(q)))
            .collect(),
    )
}

#[cfg(test)]
mod tests;
