//! Reading a table from a request: CSV text with a header row, or JSON records. Each column is
//! stored as a dictionary of distinct texts plus one code per row, so type inference and
//! parsing look at each distinct value once.

use crate::trail::hex;
use std::collections::HashMap;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The code of a missing cell.
pub(crate) const MISSING: u32 = u32::MAX;
/// The most rows a table may have.
pub(crate) const MAX_ROWS: usize = 2_000_000;
/// The most columns a table may have.
pub(crate) const MAX_COLUMNS: usize = 2_000;

/// Where the rows came from, for error paths (`records[3].hired`, `csv[3].hired`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Records,
    Csv,
    /// Rows built from archive documents (`archive.rows[3].grade`).
    Archive,
}

impl Source {
    /// The path of one cell, 0-based data row.
    pub(crate) fn path(self, row: usize, column: &str) -> String {
        match self {
            Source::Records => format!("records[{row}].{column}"),
            Source::Csv => format!("csv[{row}].{column}"),
            Source::Archive => format!("archive.rows[{row}].{column}"),
        }
    }
}

/// One column: distinct texts and a code per row ([`MISSING`] for a missing cell).
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) dict: Vec<String>,
    pub(crate) codes: Vec<u32>,
}

impl Column {
    /// The cell text of a row, `None` when missing.
    pub(crate) fn text(&self, row: usize) -> Option<&str> {
        let code = *self.codes.get(row)?;
        self.dict.get(code as usize).map(String::as_str)
    }
}

/// A parsed table.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) source: Source,
    pub(crate) columns: Vec<Column>,
    pub(crate) n_rows: usize,
}

/// Is this cell text a missing value? Empty, `NA`, `N/A`, `NaN`, `null`, `None` (any case).
pub(crate) fn is_missing_text(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || ["na", "n/a", "nan", "null", "none"]
            .iter()
            .any(|m| t.eq_ignore_ascii_case(m))
}

/// FNV-1a: a fast hasher for the cell dictionaries (iteration order is never used).
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

struct Builder {
    columns: Vec<Column>,
    index: Vec<FastMap<String, u32>>,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            columns: Vec::new(),
            index: Vec::new(),
        }
    }

    fn add_column(&mut self, name: String, n_rows_so_far: usize) {
        self.columns.push(Column {
            name,
            dict: Vec::new(),
            codes: vec![MISSING; n_rows_so_far],
        });
        self.index.push(FastMap::default());
    }

    fn push(&mut self, column: usize, text: Option<&str>) {
        let (Some(col), Some(index)) = (self.columns.get_mut(column), self.index.get_mut(column))
        else {
            return;
        };
        let code = match text.map(str::trim) {
            None => MISSING,
            Some(t) if is_missing_text(t) => MISSING,
            Some(t) => match index.get(t) {
                Some(&c) => c,
                None => {
                    let c = col.dict.len() as u32;
                    col.dict.push(t.to_string());
                    index.insert(t.to_string(), c);
                    c
                }
            },
        };
        col.codes.push(code);
    }
}

/// Reads `csv` or `records` from a request (exactly one of them).
pub(crate) fn from_request(request: &Value) -> Result<Table> {
    match (request.get("csv"), request.get("records")) {
        (Some(_), Some(_)) => Err(Error::InvalidArgument {
            name: "csv".into(),
            expected: "either `csv` or `records`, not both".into(),
        }),
        (Some(Value::String(text)), None) => from_csv(text),
        (Some(_), None) => Err(Error::InvalidArgument {
            name: "csv".into(),
            expected: "CSV text with a header row".into(),
        }),
        (None, Some(Value::Array(records))) => from_records(records),
        (None, Some(_)) => Err(Error::InvalidArgument {
            name: "records".into(),
            expected: "an array of objects".into(),
        }),
        (None, None) => Err(Error::InvalidArgument {
            name: "csv".into(),
            expected: "the data: `csv` (text with a header row), `records` (array of objects) or `archive` (archive documents with a decision date and label)"
                .into(),
        }),
    }
}

fn too_many_rows(actual: usize) -> Error {
    Error::LimitExceeded {
        what: "number of rows".into(),
        limit: MAX_ROWS as u64,
        actual: actual as u64,
    }
}

fn too_many_columns(actual: usize) -> Error {
    Error::LimitExceeded {
        what: "number of columns".into(),
        limit: MAX_COLUMNS as u64,
        actual: actual as u64,
    }
}

/// Parses CSV text with a header row.
pub(crate) fn from_csv(text: &str) -> Result<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::InvalidArgument {
            name: "csv".into(),
            expected: format!("CSV text with a header row ({e})"),
        })?
        .clone();
    if headers.len() > MAX_COLUMNS {
        return Err(too_many_columns(headers.len()));
    }
    let mut builder = Builder::new();
    let mut seen = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim().trim_start_matches('\u{feff}').to_string();
        if name.is_empty() {
            return Err(Error::InvalidArgument {
                name: format!("csv header column {}", i + 1),
                expected: "a non-empty column name".into(),
            });
        }
        if seen.insert(name.clone(), i).is_some() {
            return Err(Error::InvalidArgument {
                name: format!("csv header column {}", i + 1),
                expected: format!("unique column names (`{name}` appears twice)"),
            });
        }
        builder.add_column(name, 0);
    }
    let mut record = csv::StringRecord::new();
    let mut n_rows = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(Error::InvalidArgument {
                    name: format!("csv[{n_rows}]"),
                    expected: format!("a row with {} fields like the header ({e})", headers.len()),
                })
            }
        }
        if n_rows >= MAX_ROWS {
            return Err(too_many_rows(n_rows + 1));
        }
        for (c, field) in record.iter().enumerate() {
            builder.push(c, Some(field));
        }
        n_rows += 1;
    }
    Ok(Table {
        source: Source::Csv,
        columns: builder.columns,
        n_rows,
    })
}

fn cell_text(value: &Value, path: impl Fn() -> String) -> Result<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(if *b { "1" } else { "0" }.to_string())),
        // By value, as JavaScript writes it (`3.0` and `3` are one number): tables from pandas,
        // polars, pyarrow or JS give the same cells, and the same data hash, as plain lists.
        Value::Number(_) => Ok(Some(crate::trail::canonical_json(value))),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Array(_) | Value::Object(_) => Err(Error::InvalidArgument {
            name: path(),
            expected: "a string, number, boolean or null".into(),
        }),
    }
}

/// Reads an array of flat JSON objects; columns in order of first appearance.
pub(crate) fn from_records(records: &[Value]) -> Result<Table> {
    if records.len() > MAX_ROWS {
        return Err(too_many_rows(records.len()));
    }
    let mut builder = Builder::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (row, record) in records.iter().enumerate() {
        let Value::Object(map) = record else {
            return Err(Error::InvalidArgument {
                name: format!("records[{row}]"),
                expected: "an object of column -> value".into(),
            });
        };
        for key in map.keys() {
            if !names.contains_key(key) {
                if names.len() >= MAX_COLUMNS {
                    return Err(too_many_columns(names.len() + 1));
                }
                names.insert(key.clone(), builder.columns.len());
                builder.add_column(key.trim().to_string(), row);
            }
        }
        push_record(&mut builder, map, row)?;
    }
    Ok(Table {
        source: Source::Records,
        columns: builder.columns,
        n_rows: records.len(),
    })
}

fn push_record(builder: &mut Builder, map: &Map<String, Value>, row: usize) -> Result<()> {
    let n_cols = builder.columns.len();
    for c in 0..n_cols {
        let name = builder
            .columns
            .get(c)
            .map(|col| col.name.clone())
            .unwrap_or_default();
        let text = match map.get(&name) {
            Some(v) => cell_text(v, || format!("records[{row}].{name}"))?,
            None => None,
        };
        builder.push(c, text.as_deref());
    }
    Ok(())
}

impl Table {
    /// The index of a column by name.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The column by name, or an error naming `field`.
    pub(crate) fn require(&self, name: &str, field: &str) -> Result<&Column> {
        self.find(name)
            .and_then(|i| self.columns.get(i))
            .ok_or_else(|| Error::InvalidArgument {
                name: field.into(),
                expected: format!("the name of a column of the data (no column `{name}`)"),
            })
    }

    /// The 0/1 labels of a column; an error names the first bad row.
    pub(crate) fn labels(&self, name: &str, field: &str) -> Result<Vec<u8>> {
        let column = self.require(name, field)?;
        let mut parsed: Vec<Option<u8>> = Vec::with_capacity(column.dict.len());
        for text in &column.dict {
            parsed.push(parse_label(text));
        }
        let mut out = Vec::with_capacity(self.n_rows);
        for row in 0..self.n_rows {
            let code = column.codes.get(row).copied().unwrap_or(MISSING);
            match parsed.get(code as usize).copied().flatten() {
                Some(v) => out.push(v),
                None => {
                    let found = column
                        .text(row)
                        .map(|t| format!("\"{t}\""))
                        .unwrap_or_else(|| "a missing value".into());
                    return Err(Error::InvalidArgument {
                        name: self.source.path(row, name),
                        expected: format!("a 0/1 label (found {found})"),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Row identifiers: the id column's text, or the 0-based row index as text.
    pub(crate) fn ids(&self, id_column: Option<&str>) -> Result<Vec<Value>> {
        match id_column {
            Some(name) => {
                let column = self.require(name, "id")?;
                Ok((0..self.n_rows)
                    .map(|r| match column.text(r) {
                        Some(t) => Value::String(t.to_string()),
                        None => Value::Null,
                    })
                    .collect())
            }
            None => Ok((0..self.n_rows).map(|r| Value::from(r as u64)).collect()),
        }
    }

    /// SHA-256 (hex) of the header and every cell, in order (unit separator between cells,
    /// record separator after each row, NUL for a missing cell).
    pub(crate) fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for c in &self.columns {
            hasher.update(c.name.as_bytes());
            hasher.update([0x1f]);
        }
        hasher.update([0x1e]);
        for row in 0..self.n_rows {
            for c in &self.columns {
                match c.text(row) {
                    Some(t) => hasher.update(t.as_bytes()),
                    None => hasher.update([0x00]),
                }
                hasher.update([0x1f]);
            }
            hasher.update([0x1e]);
        }
        hex(&hasher.finalize())
    }
}

/// `0`, `1`, `0.0`, `1.0`, `true`, `false` (any case).
fn parse_label(text: &str) -> Option<u8> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        return Some(1);
    }
    if t.eq_ignore_ascii_case("false") {
        return Some(0);
    }
    match t.parse::<f64>() {
        Ok(v) => {
            if v == 0.0 {
                Some(0)
            } else if v == 1.0 {
                Some(1)
            } else {
                None
            }
        }
        Err(_) => None,
    }
}

/// Parses a numeric cell; `None` when the text is not a finite number.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_and_records_give_the_same_table_and_hash() {
        let csv = "a,b,y\n1,x,0\n,y,1\n3,NA,1\n";
        let t1 = from_csv(csv).unwrap();
        let t2 = from_records(&[
            json!({"a": 1, "b": "x", "y": 0}),
            json!({"a": null, "b": "y", "y": 1}),
            json!({"a": 3, "y": true}),
        ])
        .unwrap();
        assert_eq!(t1.n_rows, 3);
        assert_eq!(t1.columns[0].text(1), None);
        assert_eq!(t1.columns[1].text(2), None);
        assert_eq!(t1.content_hash(), t2.content_hash());
        assert_eq!(t1.labels("y", "label").unwrap(), vec![0, 1, 1]);
    }

    #[test]
    fn bad_labels_name_the_row_and_column() {
        let t = from_csv("a,y\n1,0\n2,2\n").unwrap();
        let e = t.labels("y", "label").unwrap_err().to_string();
        assert!(e.contains("csv[1].y"), "{e}");
        assert!(e.contains("\"2\""), "{e}");
        let e = t.labels("nope", "label").unwrap_err().to_string();
        assert!(e.contains("no column `nope`"), "{e}");
    }

    #[test]
    fn ragged_csv_and_nested_records_are_errors() {
        assert!(from_csv("a,b\n1\n").is_err());
        assert!(from_records(&[json!({"a": [1]})]).is_err());
        assert!(from_csv("a,a\n1,2\n").is_err());
    }
}
