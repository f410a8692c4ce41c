//! Adverse-impact audit over columns: chunks of rows go in, one report comes out, and every row
//! that could not be read is listed with its error instead of failing the audit.
//!
//! An audit is a statistic of the whole table (rates, the median in score mode, bootstrap
//! intervals), so unlike screening it cannot be computed per partition: a face pushes every
//! chunk, then calls [`AuditBatch::finish`]. The report equals [`crate::audit::audit_value`]'s
//! for the same rows given as `records`.

use serde_json::Value;

use super::{invalid, Cell};
use crate::audit::{
    audit_collected, group_from_cell, outcome_from_cell, parse_options, AuditOptions, AuditReport,
    Mode, Row,
};
use crate::error::{Error, Result};

/// A row left out of an audit: where it is and why.
#[derive(Debug)]
pub struct RowError {
    /// The row's index in the whole input (0-based).
    pub row: usize,
    /// The column whose value could not be read.
    pub column: String,
    /// The error, naming `rows[ROW].COLUMN` and what was expected.
    pub error: Error,
}

/// What [`AuditBatch::finish`] returns.
#[derive(Debug)]
pub struct AuditOutcome {
    /// The audit report (as `audit` returns it, over the rows that could be read).
    pub report: AuditReport,
    /// The rows left out because a value could not be read, in row order.
    pub row_errors: Vec<RowError>,
}

/// An audit being fed chunk by chunk.
pub struct AuditBatch {
    options: AuditOptions,
    rows: Vec<Row>,
    row_errors: Vec<RowError>,
    seen: usize,
}

impl AuditBatch {
    /// The options of an `audit` request without its data: `{"group", "selected"|"score",
    /// "bootstrap"?, "small_share"?, "small_sample_policy"?}`.
    pub fn from_request(request: &Value) -> Result<AuditBatch> {
        for key in ["records", "csv"] {
            if request.get(key).is_some() {
                return Err(invalid(
                    key,
                    "no data in the request: the rows come from the table",
                ));
            }
        }
        Ok(AuditBatch {
            options: parse_options(request)?,
            rows: Vec::new(),
            row_errors: Vec::new(),
            seen: 0,
        })
    }

    /// The columns [`AuditBatch::push`] takes, in order: the group columns, then the outcome.
    pub fn columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .options
            .group_columns
            .iter()
            .map(String::as_str)
            .collect();
        out.push(&self.options.outcome_column);
        out
    }

    /// Adds the next rows: one column per name of [`AuditBatch::columns`], equal lengths. A row
    /// with a value that cannot be read (an outcome of "maybe") is left out and listed.
    pub fn push(&mut self, columns: &[&[Cell<'_>]]) -> Result<()> {
        let names: Vec<String> = self.columns().iter().map(|s| s.to_string()).collect();
        if columns.len() != names.len() {
            return Err(invalid(
                "columns",
                format!(
                    "one column per name ({}); got {}",
                    names.join(", "),
                    columns.len()
                ),
            ));
        }
        let n = columns.first().map_or(0, |c| c.len());
        if let Some(i) = columns.iter().position(|c| c.len() != n) {
            return Err(invalid(
                names.get(i).map_or("columns", String::as_str),
                format!("a column as long as the others ({n} rows)"),
            ));
        }
        let n_groups = self.options.group_columns.len();
        let mode: Mode = self.options.mode;
        for r in 0..n {
            let row = self.seen + r;
            let cell = |c: usize| {
                columns
                    .get(c)
                    .and_then(|col| col.get(r))
                    .copied()
                    .unwrap_or(Cell::Missing)
            };
            let path =
                |c: usize| format!("rows[{row}].{}", names.get(c).map_or("", String::as_str));
            let read = (0..n_groups)
                .map(|c| group_from_cell(cell(c), &path(c)).map_err(|e| (c, e)))
                .collect::<std::result::Result<Vec<_>, _>>()
                .and_then(|groups| {
                    outcome_from_cell(cell(n_groups), mode, &path(n_groups))
                        .map(|outcome| Row { groups, outcome })
                        .map_err(|e| (n_groups, e))
                });
            match read {
                Ok(r) => self.rows.push(r),
                Err((c, error)) => self.row_errors.push(RowError {
                    row,
                    column: names.get(c).cloned().unwrap_or_default(),
                    error,
                }),
            }
        }
        self.seen += n;
        Ok(())
    }

    /// Records the next row as unreadable without reading it (a face that could not even get
    /// its cells, such as a JSON line that does not parse): it is left out and listed.
    pub fn skip(&mut self, column: &str, error: Error) {
        self.row_errors.push(RowError {
            row: self.seen,
            column: column.to_string(),
            error,
        });
        self.seen += 1;
    }

    /// Runs the audit over the rows read. Fails like `audit` does on the data as a whole (no
    /// outcome at all, too much bootstrap work); row errors are in the outcome.
    pub fn finish(self) -> Result<AuditOutcome> {
        if self.rows.is_empty() {
            return Err(invalid(
                "rows",
                format!(
                    "at least one readable row ({} rows read, {} could not be read)",
                    self.seen,
                    self.row_errors.len()
                ),
            ));
        }
        let mut report = audit_collected(&self.rows, &self.options)?;
        if !self.row_errors.is_empty() {
            report.warnings.insert(
                0,
                format!(
                    "{} of {} rows could not be read and are left out of every table (see row_errors).",
                    self.row_errors.len(),
                    self.seen
                ),
            );
        }
        Ok(AuditOutcome {
            report,
            row_errors: self.row_errors,
        })
    }
}
