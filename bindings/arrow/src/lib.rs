//! Arrow columns as the inputs of [`interviewkit_core::batch`], for the faces that hold Arrow
//! data (the Python face through the C stream interface, the CLI through Parquet).
//!
//! Owns: reading a column of any Arrow layout in place — [`TextColumn`] for documents and ids
//! (every string and binary layout), [`cells`] for typed tables (strings, integers, floats,
//! booleans, nulls and dictionary-encoded columns of those) — with an error naming the column
//! and its type for anything else.
//! Must not touch: building output batches or files, and the operations themselves.

#![forbid(unsafe_code)]

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, ArrowPrimitiveType, BinaryArray, BinaryViewArray, LargeBinaryArray,
    LargeStringArray, RecordBatch, StringArray, StringViewArray,
};
use arrow_schema::DataType;
use interviewkit_core::batch::Cell;
use interviewkit_core::{Error, Result};

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

/// The column `name` of a batch, or an error listing the columns it has.
pub fn column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef> {
    batch.column_by_name(name).ok_or_else(|| {
        let names: Vec<String> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        invalid(
            name,
            format!("a column of the table; it has: {}", names.join(", ")),
        )
    })
}

/// Is this a type [`TextColumn::of`] reads?
pub fn is_text_or_binary(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Binary
            | DataType::LargeBinary
            | DataType::BinaryView
    )
}

/// One column's values as bytes or text (every string and binary layout), read in place.
pub enum TextColumn<'a> {
    /// `utf8`.
    Str(&'a StringArray),
    /// `large_utf8`.
    LargeStr(&'a LargeStringArray),
    /// `utf8_view`.
    StrView(&'a StringViewArray),
    /// `binary`.
    Bin(&'a BinaryArray),
    /// `large_binary`.
    LargeBin(&'a LargeBinaryArray),
    /// `binary_view`.
    BinView(&'a BinaryViewArray),
}

impl<'a> TextColumn<'a> {
    /// The column `name` of `batch`; an error when it is missing or not text/binary.
    pub fn of(batch: &'a RecordBatch, name: &str) -> Result<TextColumn<'a>> {
        let array = column(batch, name)?;
        let any = array.as_any();
        let col = if let Some(a) = any.downcast_ref::<StringArray>() {
            TextColumn::Str(a)
        } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
            TextColumn::LargeStr(a)
        } else if let Some(a) = any.downcast_ref::<StringViewArray>() {
            TextColumn::StrView(a)
        } else if let Some(a) = any.downcast_ref::<BinaryArray>() {
            TextColumn::Bin(a)
        } else if let Some(a) = any.downcast_ref::<LargeBinaryArray>() {
            TextColumn::LargeBin(a)
        } else if let Some(a) = any.downcast_ref::<BinaryViewArray>() {
            TextColumn::BinView(a)
        } else {
            return Err(invalid(
                name,
                format!("a string or binary column; it is {}", array.data_type()),
            ));
        };
        Ok(col)
    }

    /// Text (as opposed to binary) layouts.
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            TextColumn::Str(_) | TextColumn::LargeStr(_) | TextColumn::StrView(_)
        )
    }

    /// Row `i`'s bytes, `None` when null.
    pub fn bytes(&self, i: usize) -> Option<&'a [u8]> {
        match self {
            TextColumn::Str(a) => (!a.is_null(i)).then(|| a.value(i).as_bytes()),
            TextColumn::LargeStr(a) => (!a.is_null(i)).then(|| a.value(i).as_bytes()),
            TextColumn::StrView(a) => (!a.is_null(i)).then(|| a.value(i).as_bytes()),
            TextColumn::Bin(a) => (!a.is_null(i)).then(|| a.value(i)),
            TextColumn::LargeBin(a) => (!a.is_null(i)).then(|| a.value(i)),
            TextColumn::BinView(a) => (!a.is_null(i)).then(|| a.value(i)),
        }
    }

    /// Row `i`'s text, `None` when null (or binary that is not UTF-8).
    pub fn text(&self, i: usize) -> Option<&'a str> {
        match self {
            TextColumn::Str(a) => (!a.is_null(i)).then(|| a.value(i)),
            TextColumn::LargeStr(a) => (!a.is_null(i)).then(|| a.value(i)),
            TextColumn::StrView(a) => (!a.is_null(i)).then(|| a.value(i)),
            _ => self.bytes(i).and_then(|b| std::str::from_utf8(b).ok()),
        }
    }
}

fn primitive<'a, T: ArrowPrimitiveType>(
    array: &'a ArrayRef,
    f: impl Fn(T::Native) -> Cell<'a>,
) -> Option<Vec<Cell<'a>>> {
    let p = array.as_primitive_opt::<T>()?;
    Some(
        (0..p.len())
            .map(|i| match p.is_null(i) {
                true => Cell::Missing,
                false => f(p.value(i)),
            })
            .collect(),
    )
}

/// Is this a type [`cells`] reads?
pub fn is_cell_type(data_type: &DataType) -> bool {
    match data_type {
        DataType::Dictionary(_, values) => is_cell_type(values),
        DataType::Null
        | DataType::Boolean
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float32
        | DataType::Float64
        | DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View => true,
        _ => false,
    }
}

/// A column of a typed table as core cells: strings, integers, floats, booleans, nulls and
/// dictionary-encoded columns (pandas categoricals) of those. A `u64` above `i64::MAX` becomes
/// a float. Any other type is an error naming the column and its type.
pub fn cells<'a>(array: &'a ArrayRef, name: &str) -> Result<Vec<Cell<'a>>> {
    let n = array.len();
    if let Some(dict) = array.as_any_dictionary_opt() {
        let values = cells(dict.values(), name)?;
        let keys = dict.normalized_keys();
        return Ok((0..n)
            .map(|i| match array.is_null(i) {
                true => Cell::Missing,
                false => keys
                    .get(i)
                    .and_then(|&k| values.get(k))
                    .copied()
                    .unwrap_or(Cell::Missing),
            })
            .collect());
    }
    let typed = match array.data_type() {
        DataType::Null => Some(vec![Cell::Missing; n]),
        DataType::Boolean => {
            let b = array.as_boolean();
            Some(
                (0..n)
                    .map(|i| match b.is_null(i) {
                        true => Cell::Missing,
                        false => Cell::Bool(b.value(i)),
                    })
                    .collect(),
            )
        }
        DataType::Int8 => primitive::<Int8Type>(array, |v| Cell::Int(v.into())),
        DataType::Int16 => primitive::<Int16Type>(array, |v| Cell::Int(v.into())),
        DataType::Int32 => primitive::<Int32Type>(array, |v| Cell::Int(v.into())),
        DataType::Int64 => primitive::<Int64Type>(array, Cell::Int),
        DataType::UInt8 => primitive::<UInt8Type>(array, |v| Cell::Int(v.into())),
        DataType::UInt16 => primitive::<UInt16Type>(array, |v| Cell::Int(v.into())),
        DataType::UInt32 => primitive::<UInt32Type>(array, |v| Cell::Int(v.into())),
        DataType::UInt64 => primitive::<UInt64Type>(array, |v| match i64::try_from(v) {
            Ok(i) => Cell::Int(i),
            Err(_) => Cell::Number(v as f64),
        }),
        DataType::Float32 => primitive::<Float32Type>(array, |v| Cell::Number(v.into())),
        DataType::Float64 => primitive::<Float64Type>(array, Cell::Number),
        DataType::Utf8 => Some(
            array
                .as_string::<i32>()
                .iter()
                .map(|v| v.map_or(Cell::Missing, Cell::Text))
                .collect(),
        ),
        DataType::LargeUtf8 => Some(
            array
                .as_string::<i64>()
                .iter()
                .map(|v| v.map_or(Cell::Missing, Cell::Text))
                .collect(),
        ),
        DataType::Utf8View => Some(
            array
                .as_string_view()
                .iter()
                .map(|v| v.map_or(Cell::Missing, Cell::Text))
                .collect(),
        ),
        _ => None,
    };
    typed.ok_or_else(|| {
        invalid(
            name,
            format!(
                "a string, integer, float, boolean or dictionary column; it is {}",
                array.data_type()
            ),
        )
    })
}

/// A row id from a cell: text as is, numbers as written.
pub fn id_text(cell: Cell<'_>) -> Option<String> {
    match cell {
        Cell::Missing => None,
        Cell::Text(t) => Some(t.to_string()),
        Cell::Int(i) => Some(i.to_string()),
        Cell::Number(x) => Some(x.to_string()),
        Cell::Bool(b) => Some(b.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use arrow_array::{BooleanArray, DictionaryArray, Float64Array, Int32Array, UInt64Array};
    use std::sync::Arc;

    #[test]
    fn typed_columns_become_cells() {
        let ints: ArrayRef = Arc::new(Int32Array::from(vec![Some(3), None]));
        assert_eq!(cells(&ints, "a").unwrap(), [Cell::Int(3), Cell::Missing]);
        let big: ArrayRef = Arc::new(UInt64Array::from(vec![u64::MAX, 7]));
        assert_eq!(
            cells(&big, "b").unwrap(),
            [Cell::Number(u64::MAX as f64), Cell::Int(7)]
        );
        let floats: ArrayRef = Arc::new(Float64Array::from(vec![Some(2.5), None]));
        assert_eq!(
            cells(&floats, "c").unwrap(),
            [Cell::Number(2.5), Cell::Missing]
        );
        let bools: ArrayRef = Arc::new(BooleanArray::from(vec![Some(true), None]));
        assert_eq!(
            cells(&bools, "d").unwrap(),
            [Cell::Bool(true), Cell::Missing]
        );
        let texts: ArrayRef = Arc::new(StringArray::from(vec![Some("x"), None]));
        assert_eq!(
            cells(&texts, "e").unwrap(),
            [Cell::Text("x"), Cell::Missing]
        );
        let dict: DictionaryArray<Int32Type> = vec![Some("it"), None, Some("ops"), Some("it")]
            .into_iter()
            .collect();
        let dict: ArrayRef = Arc::new(dict);
        assert_eq!(
            cells(&dict, "f").unwrap(),
            [
                Cell::Text("it"),
                Cell::Missing,
                Cell::Text("ops"),
                Cell::Text("it")
            ]
        );
        let bin: ArrayRef = Arc::new(BinaryArray::from(vec![&b"x"[..]]));
        assert!(!is_cell_type(bin.data_type()) && is_cell_type(dict.data_type()));
        let e = cells(&bin, "g").unwrap_err().to_string();
        assert!(e.contains("`g`") && e.contains("Binary"), "{e}");
    }
}
