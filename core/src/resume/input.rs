//! Document input: format detection by magic bytes and decoding to text.
//!
//! - **Text**: UTF-8 (BOM optional), UTF-16 with a BOM (or without one when every other byte
//!   of ASCII text is zero), and GBK/GB18030 when the bytes are not UTF-8 but decode as
//!   plausible Chinese text (reported as a warning).
//! - **HTML**: tags stripped in one linear pass; `<script>`, `<style>`, `<title>`, `<noscript>`,
//!   `<template>` and comments dropped; block elements become line breaks, table cells tabs;
//!   entities decoded by `html-escape`.
//! - **DOCX**: `word/header*.xml` then `word/document.xml` read from the ZIP (the `zip` crate,
//!   decompression only), with the uncompressed size of each part and of all parts together
//!   capped ([`MAX_DOCX_PART_BYTES`], [`MAX_DOCX_TOTAL_BYTES`]) whatever the archive declares;
//!   paragraphs and table rows become lines, cells tabs. The XML is read by `quick-xml`, which
//!   never processes DTDs: a `<!DOCTYPE>` is ignored and entity references other than the five
//!   predefined ones and character references are dropped, never expanded.
//! - **PDF** (core feature `pdf`): the text layer of each page through `lopdf`; pages without
//!   text are warnings, a PDF with no text at all an error. Every compressed stream is first
//!   inflated with a cap ([`MAX_PDF_STREAM_BYTES`], [`MAX_PDF_TOTAL_BYTES`]) so that a
//!   decompression bomb is refused before `lopdf` sees it; LZW-compressed and encrypted PDFs are
//!   refused.

use std::borrow::Cow;
use std::io::Read;

use serde::{Deserialize, Serialize};

use super::Warning;
use crate::error::{Error, Result};

/// Most entries a DOCX archive may list.
pub const MAX_DOCX_ENTRIES: usize = 10_000;
/// Most uncompressed bytes read from one DOCX part (`word/document.xml`).
pub const MAX_DOCX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// Most uncompressed bytes read from all DOCX parts together.
pub const MAX_DOCX_TOTAL_BYTES: u64 = 48 * 1024 * 1024;
/// Most uncompressed bytes of one PDF stream.
pub const MAX_PDF_STREAM_BYTES: u64 = 32 * 1024 * 1024;
/// Most uncompressed bytes of all PDF streams together.
pub const MAX_PDF_TOTAL_BYTES: u64 = 128 * 1024 * 1024;
/// Most pages read from a PDF.
pub const MAX_PDF_PAGES: usize = 200;

/// A document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text.
    Txt,
    /// HTML.
    Html,
    /// Word 2007+ (`.docx`).
    Docx,
    /// PDF with a text layer (core feature `pdf`).
    Pdf,
}

impl Format {
    /// The request name: `txt`, `html`, `docx`, `pdf`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// The format called `name`.
    pub fn parse(name: &str, field: &str) -> Result<Format> {
        match name {
            "txt" | "text" => Ok(Format::Txt),
            "html" | "htm" => Ok(Format::Html),
            "docx" => Ok(Format::Docx),
            "pdf" => Ok(Format::Pdf),
            _ => Err(invalid(
                field,
                format!("one of txt, html, docx, pdf; got {name:?}"),
            )),
        }
    }

    /// The media type recorded in `source.media_type`.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Txt => "text/plain",
            Format::Html => "text/html",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Pdf => "application/pdf",
        }
    }
}

/// Decoded text before normalisation.
pub(crate) struct Decoded {
    /// The text.
    pub text: String,
    /// The format it was read as.
    pub format: Format,
    /// The character encoding of a text or HTML file (`utf-8`, `utf-16le`, `gb18030` …).
    pub encoding: Option<&'static str>,
    /// Things the caller should know.
    pub warnings: Vec<Warning>,
}

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

fn warning(code: &str, message: impl Into<String>) -> Warning {
    Warning {
        code: code.to_string(),
        message: message.into(),
        field: None,
    }
}

const ACCEPTED: &str = "a resume as text (UTF-8, UTF-16 with BOM, GBK/GB18030), HTML, DOCX or PDF";

/// Detects the format and decodes `bytes` to text. `field` names the input in errors.
pub(crate) fn decode(bytes: &[u8], hint: Option<Format>, field: &str) -> Result<Decoded> {
    if bytes.is_empty() {
        return Err(invalid(field, "a non-empty resume document; got 0 bytes"));
    }
    let magic = sniff(bytes, field)?;
    let mut warnings = Vec::new();
    if let (Some(m), Some(h)) = (magic, hint) {
        if m != h {
            warnings.push(warning(
                "format_hint_ignored",
                format!(
                    "format {} was given but the bytes are a {} file; read as {}",
                    h.name(),
                    m.name(),
                    m.name()
                ),
            ));
        }
    }
    match magic {
        Some(Format::Docx) => {
            let text = docx_text(bytes, field, &mut warnings)?;
            return Ok(Decoded {
                text,
                format: Format::Docx,
                encoding: None,
                warnings,
            });
        }
        Some(Format::Pdf) => {
            let text = pdf_text(bytes, field, &mut warnings)?;
            return Ok(Decoded {
                text,
                format: Format::Pdf,
                encoding: None,
                warnings,
            });
        }
        _ => {}
    }
    if matches!(hint, Some(Format::Docx) | Some(Format::Pdf)) {
        let h = hint.map_or("", |h| h.name());
        return Err(invalid(
            field,
            format!("a {h} file as the format says; the bytes do not start like one"),
        ));
    }
    let (text, encoding) = decode_text(bytes, field, &mut warnings)?;
    let is_html = hint == Some(Format::Html) || (hint.is_none() && looks_like_html(&text));
    if is_html {
        Ok(Decoded {
            text: html_to_text(&text),
            format: Format::Html,
            encoding: Some(encoding),
            warnings,
        })
    } else {
        Ok(Decoded {
            text: text.into_owned(),
            format: Format::Txt,
            encoding: Some(encoding),
            warnings,
        })
    }
}

/// A binary format by magic bytes; errors for known formats that are not resumes we read.
fn sniff(bytes: &[u8], field: &str) -> Result<Option<Format>> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    if starts(b"PK\x03\x04") {
        return Ok(Some(Format::Docx));
    }
    if starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        return Err(invalid(
            field,
            "a DOCX file; got an empty or split ZIP archive",
        ));
    }
    let head = bytes.get(..1024).unwrap_or(bytes);
    let pdf = head
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'%')
        .any(|(i, _)| head.get(i..i + 5) == Some(b"%PDF-"));
    if pdf {
        return Ok(Some(Format::Pdf));
    }
    let refuse = |what: &str| Err(invalid(field, format!("{ACCEPTED}; got {what}")));
    if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return refuse("a legacy Word .doc (OLE) file: save it as DOCX or PDF");
    }
    if starts(b"{\\rtf") {
        return refuse("an RTF file: save it as DOCX, PDF or text");
    }
    if starts(b"\x89PNG") || starts(b"\xFF\xD8\xFF") || starts(b"GIF8") {
        return refuse("an image (OCR is not supported)");
    }
    if starts(b"II*\x00") || starts(b"MM\x00*") {
        return refuse("a TIFF image (OCR is not supported)");
    }
    Ok(None)
}

/// Share of bytes that are control characters other than tab, newline, carriage return and
/// form feed (C0 and DEL): text has none, binary data many. The C1 range (U+0080–U+009F) is not
/// counted: it turns up in real resumes as double-encoded UTF-8 (a bullet `•` saved as
/// `â\u{80}¢`), which is damaged text, not binary data.
fn control_share(text: &str) -> f64 {
    let b = text.as_bytes();
    let control = b
        .iter()
        .filter(|&&x| (x < 0x20 && !matches!(x, b'\t' | b'\n' | b'\r' | 0x0C)) || x == 0x7F)
        .count();
    if b.is_empty() {
        0.0
    } else {
        control as f64 / b.len() as f64
    }
}

fn binary_error(field: &str) -> Error {
    invalid(
        field,
        format!("{ACCEPTED}; got binary data that is none of these"),
    )
}

fn decode_text<'a>(
    bytes: &'a [u8],
    field: &str,
    warnings: &mut Vec<Warning>,
) -> Result<(Cow<'a, str>, &'static str)> {
    let utf16 = |enc: &'static encoding_rs::Encoding,
                 body: &'a [u8],
                 name: &'static str,
                 warnings: &mut Vec<Warning>|
     -> (Cow<'a, str>, &'static str) {
        let (text, malformed) = enc.decode_without_bom_handling(body);
        if malformed {
            warnings.push(warning(
                "malformed_text",
                format!("some {name} sequences were malformed and replaced by U+FFFD"),
            ));
        }
        (text, name)
    };
    let (text, name) = if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, malformed) = encoding_rs::UTF_8.decode_without_bom_handling(body);
        if malformed {
            warnings.push(warning(
                "malformed_text",
                "some UTF-8 sequences were malformed and replaced by U+FFFD",
            ));
        }
        (text, "utf-8")
    } else if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(encoding_rs::UTF_16LE, body, "utf-16le", warnings)
    } else if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(encoding_rs::UTF_16BE, body, "utf-16be", warnings)
    } else if let Some(enc) = utf16_without_bom(bytes) {
        let name = if enc == encoding_rs::UTF_16LE {
            "utf-16le"
        } else {
            "utf-16be"
        };
        utf16(enc, bytes, name, warnings)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (Cow::Borrowed(s), "utf-8"),
            Err(e) => {
                let valid_up_to = e.valid_up_to();
                match encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                {
                    Some(text) if plausible_chinese(&text) => {
                        warnings.push(warning(
                            "decoded_as_gb18030",
                            "the bytes are not UTF-8; decoded as GBK/GB18030",
                        ));
                        (text, "gb18030")
                    }
                    _ => {
                        let head = bytes.get(..4096).unwrap_or(bytes);
                        let lossy = String::from_utf8_lossy(head);
                        if control_share(&lossy) > 0.01 || lossy.contains('\u{0}') {
                            return Err(binary_error(field));
                        }
                        return Err(Error::InvalidUtf8 { valid_up_to });
                    }
                }
            }
        }
    };
    if control_share(&text) > 0.01 || text.as_bytes().contains(&0) {
        return Err(binary_error(field));
    }
    Ok((text, name))
}

/// UTF-16 without a BOM: ASCII-range text has a zero in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes.get(..bytes.len().min(4096) & !1)?;
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even_zero, mut odd_zero) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if let [a, b] = pair {
            even_zero += usize::from(*a == 0);
            odd_zero += usize::from(*b == 0);
        }
    }
    if odd_zero * 10 >= pairs * 4 && even_zero * 20 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_zero * 10 >= pairs * 4 && odd_zero * 20 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// GB18030 maps nearly any bytes to characters; real Chinese text is mostly common CJK,
/// ASCII and CJK punctuation.
fn plausible_chinese(text: &str) -> bool {
    let mut han = 0usize;
    let mut ok = 0usize;
    let mut total = 0usize;
    for c in text.chars() {
        total += 1;
        if super::text::is_han(c) {
            han += 1;
            ok += 1;
        } else if (c.is_ascii() && (!c.is_control() || c.is_ascii_whitespace()))
            || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2010}'..='\u{206F}' | '\u{00B7}' | '\u{25A0}'..='\u{25FF}')
        {
            ok += 1;
        }
    }
    han > 0 && ok * 100 >= total * 97
}

fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start();
    if !head.starts_with('<') {
        return false;
    }
    let mut end = head.len().min(2048);
    while !head.is_char_boundary(end) {
        end -= 1;
    }
    let lower = head.get(..end).unwrap_or("").to_ascii_lowercase();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<div",
        "<p>",
        "<p ",
        "<table",
        "<meta",
        "<br",
        "<h1",
        "<span",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

const SKIPPED_TAGS: &[&str] = &["script", "style", "title", "noscript", "template", "svg"];

/// Strips HTML to text in one pass (linear in the input).
pub(crate) fn html_to_text(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut i = 0usize;
    let mut pre = 0usize;
    while i < bytes.len() {
        let lt = match html.get(i..).and_then(|r| r.find('<')) {
            Some(off) => i + off,
            None => bytes.len(),
        };
        emit_text(&mut out, html.get(i..lt).unwrap_or(""), pre > 0);
        if lt >= bytes.len() {
            break;
        }
        let rest = html.get(lt..).unwrap_or("");
        if rest.starts_with("<!--") {
            i = match rest.get(4..).and_then(|r| r.find("-->")) {
                Some(off) => lt + 4 + off + 3,
                None => bytes.len(),
            };
            continue;
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            emit_text(&mut out, body.get(..end).unwrap_or(""), pre > 0);
            i = lt + 9 + end + 3;
            continue;
        }
        let after = bytes.get(lt + 1).copied().unwrap_or(b' ');
        let closing = after == b'/';
        let name_start = lt + 1 + usize::from(closing);
        let first = bytes.get(name_start).copied().unwrap_or(b' ');
        if !(first.is_ascii_alphabetic() || (!closing && (after == b'!' || after == b'?'))) {
            out.push('<');
            i = lt + 1;
            continue;
        }
        // The tag ends at the first `>` outside quotes.
        let mut quote: Option<u8> = None;
        let mut j = lt + 1;
        let mut tag_end = None;
        while let Some(&b) = bytes.get(j) {
            match (quote, b) {
                (None, b'"' | b'\'') => quote = Some(b),
                (Some(q), b) if b == q => quote = None,
                (None, b'>') => {
                    tag_end = Some(j);
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        let Some(tag_end) = tag_end else { break };
        i = tag_end + 1;
        if after == b'!' || after == b'?' {
            continue;
        }
        let name_end = bytes
            .get(name_start..tag_end)
            .and_then(|s| s.iter().position(|b| !b.is_ascii_alphanumeric()))
            .map_or(tag_end, |p| name_start + p);
        let name = html
            .get(name_start..name_end)
            .unwrap_or("")
            .to_ascii_lowercase();
        if !closing && SKIPPED_TAGS.contains(&name.as_str()) {
            let self_closing = bytes.get(tag_end.saturating_sub(1)) == Some(&b'/');
            if !self_closing {
                i = skip_to_close(html, i, &name);
            }
            continue;
        }
        if name == "pre" {
            if closing {
                pre = pre.saturating_sub(1);
            } else {
                pre += 1;
            }
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            if !out.ends_with('\n') && !out.is_empty() {
                out.push('\n');
            }
            if name == "li" && !closing {
                out.push_str("• ");
            }
        } else if (name == "td" || name == "th")
            && !closing
            && !out.is_empty()
            && !out.ends_with('\n')
            && !out.ends_with('\t')
        {
            out.push('\t');
        }
    }
    out
}

/// The byte after `</name ...>` (case-insensitive), or the end of `html`.
fn skip_to_close(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut k = from;
    while let Some(off) = html.get(k..).and_then(|r| r.find("</")) {
        let at = k + off + 2;
        let candidate = bytes.get(at..at + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return match html.get(at..).and_then(|r| r.find('>')) {
                Some(gt) => at + gt + 1,
                None => bytes.len(),
            };
        }
        k = at;
    }
    bytes.len()
}

fn emit_text(out: &mut String, raw: &str, pre: bool) {
    if raw.is_empty() {
        return;
    }
    let decoded = html_escape::decode_html_entities(raw);
    if pre {
        out.push_str(&decoded);
        return;
    }
    let mut space = false;
    for c in decoded.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0C}') {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !out.ends_with(['\n', '\t', ' ']) {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    if space && !out.is_empty() && !out.ends_with(['\n', '\t', ' ']) {
        out.push(' ');
    }
}

// ---------------------------------------------------------------------------------------------
// DOCX
// ---------------------------------------------------------------------------------------------

fn docx_text(bytes: &[u8], field: &str, warnings: &mut Vec<Warning>) -> Result<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        invalid(
            field,
            format!("a DOCX file; the ZIP archive is truncated or damaged ({e})"),
        )
    })?;
    if archive.len() > MAX_DOCX_ENTRIES {
        return Err(Error::LimitExceeded {
            what: "number of entries in the DOCX archive".into(),
            limit: MAX_DOCX_ENTRIES as u64,
            actual: archive.len() as u64,
        });
    }
    let mut names: Vec<String> = archive.file_names().map(str::to_string).collect();
    names.sort();
    if !names.iter().any(|n| n == "word/document.xml") {
        return Err(invalid(
            field,
            "a DOCX file; this ZIP archive has no word/document.xml",
        ));
    }
    let mut parts: Vec<String> = names
        .into_iter()
        .filter(|n| {
            n.strip_prefix("word/header")
                .and_then(|r| r.strip_suffix(".xml"))
                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect();
    parts.push("word/document.xml".into());
    let mut budget = MAX_DOCX_TOTAL_BYTES;
    let mut text = String::new();
    let mut dropped_entities = 0usize;
    for part in &parts {
        let mut file = archive
            .by_name(part)
            .map_err(|e| invalid(field, format!("a DOCX file; {part} cannot be read ({e})")))?;
        let declared = file.size();
        if declared > MAX_DOCX_PART_BYTES {
            return Err(Error::LimitExceeded {
                what: format!("uncompressed size of {part} in bytes"),
                limit: MAX_DOCX_PART_BYTES,
                actual: declared,
            });
        }
        let cap = MAX_DOCX_PART_BYTES.min(budget);
        let mut buf = Vec::new();
        (&mut file)
            .take(cap + 1)
            .read_to_end(&mut buf)
            .map_err(|e| {
                invalid(
                    field,
                    format!("a DOCX file; {part} is truncated or damaged ({e})"),
                )
            })?;
        let read = buf.len() as u64;
        if read > cap {
            let (what, limit) = if cap == MAX_DOCX_PART_BYTES {
                (format!("uncompressed size of {part} in bytes"), cap)
            } else {
                (
                    "uncompressed size of the DOCX text parts in bytes".to_string(),
                    MAX_DOCX_TOTAL_BYTES,
                )
            };
            return Err(Error::LimitExceeded {
                what,
                limit,
                actual: read + (MAX_DOCX_TOTAL_BYTES - budget),
            });
        }
        budget -= read;
        let part_text = xml_text(&buf, part, field, warnings, &mut dropped_entities)?;
        text.push_str(&part_text);
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    if dropped_entities > 0 {
        warnings.push(warning(
            "docx_entities_ignored",
            format!(
                "{dropped_entities} entity reference(s) other than the predefined XML ones were dropped, not expanded"
            ),
        ));
    }
    Ok(text)
}

fn xml_text(
    xml: &[u8],
    part: &str,
    field: &str,
    warnings: &mut Vec<Warning>,
    dropped_entities: &mut usize,
) -> Result<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut out = String::new();
    let mut buf = Vec::new();
    let mut in_text = false;
    let mut skip_depth = 0usize;
    // Inside a table cell, paragraphs are separated by a space; cells by a tab; rows by lines.
    let mut cell_depth = 0usize;
    let bad = |e: &dyn std::fmt::Display| {
        invalid(
            field,
            format!("a DOCX file; {part} is not well-formed XML ({e})"),
        )
    };
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tc" => cell_depth += 1,
                b"instrText" | b"delText" | b"Fallback" => skip_depth += 1,
                b"tab" => out.push('\t'),
                b"br" | b"cr" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => out.push('\t'),
                b"p" if cell_depth > 0 => out.push(' '),
                b"br" | b"cr" | b"p" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"instrText" | b"delText" | b"Fallback" => {
                    skip_depth = skip_depth.saturating_sub(1);
                }
                b"p" if cell_depth > 0 => out.push(' '),
                b"p" | b"tr" => out.push('\n'),
                b"tc" => {
                    cell_depth = cell_depth.saturating_sub(1);
                    out.push('\t');
                }
                _ => {}
            },
            Event::Text(t) if in_text && skip_depth == 0 => {
                out.push_str(&t.decode().map_err(|e| bad(&e))?);
            }
            Event::CData(t) if in_text && skip_depth == 0 => {
                out.push_str(&t.decode().map_err(|e| bad(&e))?);
            }
            Event::GeneralRef(r) if in_text && skip_depth == 0 => match r.resolve_char_ref() {
                Ok(Some(c)) => out.push(c),
                _ => match &*r {
                    b"lt" => out.push('<'),
                    b"gt" => out.push('>'),
                    b"amp" => out.push('&'),
                    b"apos" => out.push('\''),
                    b"quot" => out.push('"'),
                    _ => *dropped_entities += 1,
                },
            },
            Event::GeneralRef(r)
                if r.resolve_char_ref().ok().flatten().is_none()
                    && !matches!(&*r, b"lt" | b"gt" | b"amp" | b"apos" | b"quot") =>
            {
                *dropped_entities += 1;
            }
            Event::DocType(_) => warnings.push(warning(
                "docx_doctype_ignored",
                format!("{part} has a DOCTYPE; it was ignored (DTDs are never processed)"),
            )),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

#[cfg(not(feature = "pdf"))]
fn pdf_text(_bytes: &[u8], field: &str, _warnings: &mut [Warning]) -> Result<String> {
    Err(invalid(
        field,
        "a text, HTML or DOCX resume: PDF support is not built into this InterviewKit (core feature `pdf`)",
    ))
}

#[cfg(feature = "pdf")]
fn pdf_text(bytes: &[u8], field: &str, warnings: &mut Vec<Warning>) -> Result<String> {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    check_pdf_streams(bytes, field)?;
    let loaded = catch_unwind(AssertUnwindSafe(|| lopdf::Document::load_mem(bytes)));
    let doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => {
            return Err(invalid(
                field,
                format!("a readable PDF; it is truncated or damaged ({e})"),
            ))
        }
        Err(_) => {
            return Err(invalid(
                field,
                "a readable PDF; the PDF reader gave up on this file",
            ))
        }
    };
    if doc.is_encrypted() {
        return Err(invalid(field, "an unencrypted PDF; this one is encrypted"));
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PDF_PAGES {
        return Err(Error::LimitExceeded {
            what: "number of PDF pages".into(),
            limit: MAX_PDF_PAGES as u64,
            actual: pages.len() as u64,
        });
    }
    let mut text = String::new();
    for &n in pages.keys() {
        let page = catch_unwind(AssertUnwindSafe(|| doc.extract_text(&[n])));
        match page {
            Ok(Ok(t)) if !t.trim().is_empty() => {
                text.push_str(&t);
                if !text.ends_with('\n') {
                    text.push('\n');
                }
            }
            Ok(Ok(_)) => warnings.push(Warning {
                code: "pdf_page_without_text".into(),
                message: format!("page {n} has no text layer (scanned? OCR is not supported)"),
                field: None,
            }),
            Ok(Err(e)) => warnings.push(Warning {
                code: "pdf_page_unreadable".into(),
                message: format!("the text of page {n} could not be read ({e})"),
                field: None,
            }),
            Err(_) => warnings.push(Warning {
                code: "pdf_page_unreadable".into(),
                message: format!("the text of page {n} could not be read"),
                field: None,
            }),
        }
    }
    if text.trim().is_empty() {
        return Err(invalid(
            field,
            "a PDF with a text layer; no page has text (a scanned PDF needs OCR, which InterviewKit does not do)",
        ));
    }
    Ok(text)
}

/// Inflates every stream of the PDF with a cap, so that no stream `lopdf` later decompresses
/// can exceed [`MAX_PDF_STREAM_BYTES`] or all of them [`MAX_PDF_TOTAL_BYTES`].
#[cfg(feature = "pdf")]
fn check_pdf_streams(bytes: &[u8], field: &str) -> Result<()> {
    if find(bytes, b"/LZWDecode", 0).is_some() || find(bytes, b"/LZW ", 0).is_some() {
        return Err(invalid(
            field,
            "a PDF without LZW-compressed streams (their size cannot be bounded; re-save the PDF)",
        ));
    }
    let mut total = 0u64;
    let mut at = 0usize;
    while let Some(k) = find(bytes, b"stream", at) {
        let mut data = k + 6;
        match (bytes.get(data), bytes.get(data + 1)) {
            (Some(b'\r'), Some(b'\n')) => data += 2,
            (Some(b'\n'), _) | (Some(b'\r'), _) => data += 1,
            _ => {
                at = k + 6;
                continue;
            }
        }
        let end = find(bytes, b"endstream", data).unwrap_or(bytes.len());
        let body = bytes.get(data..end).unwrap_or(&[]);
        let size = inflated_size(body, MAX_PDF_STREAM_BYTES + 1);
        if size > MAX_PDF_STREAM_BYTES {
            return Err(Error::LimitExceeded {
                what: "uncompressed size of a PDF stream in bytes".into(),
                limit: MAX_PDF_STREAM_BYTES,
                actual: size,
            });
        }
        total += size;
        if total > MAX_PDF_TOTAL_BYTES {
            return Err(Error::LimitExceeded {
                what: "uncompressed size of the PDF streams in bytes".into(),
                limit: MAX_PDF_TOTAL_BYTES,
                actual: total,
            });
        }
        at = end + 9;
    }
    Ok(())
}

#[cfg(feature = "pdf")]
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while let Some(rest) = hay.get(i..) {
        let off = rest.iter().position(|&b| b == first)?;
        let at = i + off;
        if hay.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Bytes a zlib (or raw deflate) stream inflates to, counting at most `cap`; 0 when the data
/// is not deflate.
#[cfg(feature = "pdf")]
fn inflated_size(data: &[u8], cap: u64) -> u64 {
    let count = |zlib: bool| -> Option<u64> {
        let mut d = flate2::Decompress::new(zlib);
        let mut out = vec![0u8; 64 * 1024];
        loop {
            let before_in = d.total_in();
            let before_out = d.total_out();
            let input = data.get(usize::try_from(before_in).ok()?..)?;
            let status = d
                .decompress(input, &mut out, flate2::FlushDecompress::None)
                .ok()?;
            if d.total_out() >= cap {
                return Some(d.total_out());
            }
            match status {
                flate2::Status::StreamEnd => return Some(d.total_out()),
                _ if d.total_in() == before_in && d.total_out() == before_out => {
                    return Some(d.total_out())
                }
                _ => {}
            }
        }
    };
    count(true).or_else(|| count(false)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_stripped_linearly() {
        let html = "<html><head><title>CV</title><style>p{color:red}</style></head><body>\
                    <h1>张伟</h1><p>Email: a&amp;b@x.com&nbsp;&lt;ok&gt;</p>\
                    <script>var x = '<p>no</p>';</script><!-- hidden -->\
                    <table><tr><td>2019</td><td>ACME</td></tr></table><ul><li>One</li></ul></body></html>";
        let text = html_to_text(html);
        assert_eq!(
            text,
            "张伟\nEmail: a&b@x.com\u{a0}<ok>\n2019\tACME\n• One\n"
        );
        assert_eq!(html_to_text("a < b and <unterminated"), "a < b and ");
    }

    #[test]
    fn gbk_and_utf16_are_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("张伟 软件工程师 北京");
        let d = decode(&gbk, None, "bytes").unwrap();
        assert_eq!(d.text, "张伟 软件工程师 北京");
        assert_eq!(d.encoding, Some("gb18030"));
        let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
        for u in "Jane Doe".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16, None, "bytes").unwrap().text, "Jane Doe");
    }
}
