//! JSON Resume (schema v1.0.0) ⇄ [`Resume`].
//!
//! Import maps every JSON Resume field that has a place in the archive (basics, work, education,
//! skills, languages, certificates) and keeps the rest verbatim: whole sections without a place
//! (volunteer, awards, publications, interests, references, projects, meta, `$schema`) go to the
//! resume's `json_resume` object, and unmapped keys of a mapped entry go to that entry's
//! `json_resume` object. Export puts everything back, so JSON Resume → Resume → JSON Resume
//! returns the same JSON value. Archive fields with no JSON Resume place (ids, evidence spans,
//! taxonomy ids, raw text, provenance) travel in `meta.interviewkit`, which import reads back, so
//! Resume → JSON Resume → Resume returns the same resume too.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::schema::migrate::normalize_degree;
use crate::schema::validate::{
    escape_segment, is_partial_date, Issue, IssueCode, ValidationReport,
};
use crate::schema::{DocumentKind, Resume, SCHEMA_VERSION};

/// The key under which JSON Resume data with no archive place is kept.
pub const RESIDUAL_KEY: &str = "json_resume";

/// Sections of JSON Resume v1.0.0 in the order the schema lists them; export writes this order.
const SECTION_ORDER: [&str; 14] = [
    "$schema",
    "basics",
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
    "meta",
];

/// Reads fields out of one JSON object, checking types and recording every problem.
struct Reader<'a> {
    map: Map<String, Value>,
    pointer: String,
    issues: &'a mut Vec<Issue>,
}

impl<'a> Reader<'a> {
    fn new(value: Value, pointer: String, issues: &'a mut Vec<Issue>) -> Option<Reader<'a>> {
        match value {
            Value::Object(map) => Some(Reader {
                map,
                pointer,
                issues,
            }),
            other => {
                issues.push(type_issue(&pointer, "object", &other));
                None
            }
        }
    }

    fn at(&self, key: &str) -> String {
        format!("{}/{}", self.pointer, escape_segment(key))
    }

    /// Takes a string field. A value of another type stays in the residual, with an issue.
    fn string(&mut self, key: &str) -> Option<String> {
        match self.map.remove(key) {
            None => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.issues
                    .push(type_issue(&self.at(key), "string", &other));
                None
            }
        }
    }

    /// Takes a date field when it is a date the archive can hold; other strings stay in the
    /// residual untouched (JSON Resume allows looser dates), so nothing is lost.
    fn date(&mut self, key: &str) -> Option<String> {
        match self.map.get(key) {
            Some(Value::String(s)) if is_partial_date(s) => self.string(key),
            Some(Value::String(_)) => None,
            Some(_) => self.string(key),
            None => None,
        }
    }

    fn strings(&mut self, key: &str) -> Vec<String> {
        match self.map.remove(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    match item {
                        Value::String(s) => out.push(s),
                        other => self.issues.push(type_issue(
                            &format!("{}/{i}", self.at(key)),
                            "string",
                            &other,
                        )),
                    }
                }
                out
            }
            Some(other) => {
                self.issues.push(type_issue(&self.at(key), "array", &other));
                Vec::new()
            }
        }
    }

    fn objects(&mut self, key: &str) -> Vec<(String, Value)> {
        match self.map.remove(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let base = self.at(key);
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{base}/{i}"), v))
                    .collect()
            }
            Some(other) => {
                self.issues.push(type_issue(&self.at(key), "array", &other));
                Vec::new()
            }
        }
    }

    /// What is left: the keys this reader did not take.
    fn residual(self) -> Map<String, Value> {
        self.map
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_issue(pointer: &str, expected: &str, found: &Value) -> Issue {
    let zh = |t: &str| match t {
        "object" => "对象",
        "array" => "数组",
        "string" => "字符串",
        "number" => "数字",
        "boolean" => "布尔值",
        _ => "空值",
    };
    Issue::new(
        pointer,
        IssueCode::WrongType,
        format!("expected {expected}, found {}", type_name(found)),
        format!("应为{}，实际为{}", zh(expected), zh(type_name(found))),
    )
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(v) = value {
        map.insert(key.into(), Value::String(v));
    }
}

fn put_list(map: &mut Map<String, Value>, key: &str, values: Vec<String>) {
    if !values.is_empty() {
        map.insert(
            key.into(),
            Value::Array(values.into_iter().map(Value::String).collect()),
        );
    }
}

fn put_residual(map: &mut Map<String, Value>, residual: Map<String, Value>) {
    if !residual.is_empty() {
        map.insert(RESIDUAL_KEY.into(), Value::Object(residual));
    }
}

/// Imports a JSON Resume document as an archive [`Resume`] (as JSON, `schema_version` first).
///
/// Errors: [`Error::InvalidDocument`] listing every field of the wrong type (pointers into the
/// JSON Resume input).
pub fn import_value(input: &Value) -> Result<Value> {
    let mut issues = Vec::new();
    let Some(mut root) = Reader::new(input.clone(), String::new(), &mut issues) else {
        return Err(Error::InvalidDocument(Box::new(
            ValidationReport::from_issues(None, None, issues),
        )));
    };
    let mut out = Map::new();
    out.insert("schema_version".into(), SCHEMA_VERSION.into());
    out.insert("kind".into(), DocumentKind::Resume.as_str().into());
    // The sections are moved out of `root` first so that each entry reader can borrow `issues`.
    let basics = root.map.remove("basics");
    let work = root.objects("work");
    let education = root.objects("education");
    let skills = root.objects("skills");
    let certificates = root.objects("certificates");
    let languages = root.objects("languages");
    let mut rest = root.residual();
    // A document InterviewKit exported carries the archive-only fields in `meta.interviewkit`;
    // they go back where they came from, and the import stamp is not added a second time.
    let archive_fields = take_archive_block(&mut rest);
    if archive_fields.is_none() {
        let mut source = Map::new();
        source.insert("media_type".into(), "application/json".into());
        source.insert("imported_from".into(), "json_resume".into());
        out.insert("source".into(), Value::Object(source));
    }

    let mut b = Map::new();
    if let Some(basics) = basics {
        if let Some(mut r) = Reader::new(basics, "/basics".into(), &mut issues) {
            for key in ["name", "label", "image", "email", "phone", "url", "summary"] {
                let v = r.string(key);
                put(&mut b, key, v);
            }
            let location = r.map.remove("location");
            let profiles = r.objects("profiles");
            let residual = r.residual();
            if let Some(loc) = location {
                if let Some(mut lr) = Reader::new(loc, "/basics/location".into(), &mut issues) {
                    let mut l = Map::new();
                    for (from, to) in [
                        ("address", "address"),
                        ("postalCode", "postal_code"),
                        ("city", "city"),
                        ("countryCode", "country_code"),
                        ("region", "region"),
                    ] {
                        let v = lr.string(from);
                        put(&mut l, to, v);
                    }
                    put_residual(&mut l, lr.residual());
                    b.insert("location".into(), Value::Object(l));
                }
            }
            let mut list = Vec::new();
            for (ptr, v) in profiles {
                if let Some(mut pr) = Reader::new(v, ptr, &mut issues) {
                    let mut p = Map::new();
                    for key in ["network", "username", "url"] {
                        let v = pr.string(key);
                        put(&mut p, key, v);
                    }
                    put_residual(&mut p, pr.residual());
                    list.push(Value::Object(p));
                }
            }
            if !list.is_empty() {
                b.insert("profiles".into(), Value::Array(list));
            }
            put_residual(&mut b, residual);
        }
    }
    out.insert("basics".into(), Value::Object(b));

    let mut list = Vec::new();
    for (ptr, v) in education {
        if let Some(mut r) = Reader::new(v, ptr, &mut issues) {
            let mut e = Map::new();
            let institution = r.string("institution");
            put(&mut e, "institution", institution);
            let url = r.string("url");
            put(&mut e, "url", url);
            let area = r.string("area");
            put(&mut e, "area", area);
            let study_type = r.string("studyType");
            if let Some(level) = study_type.as_deref().and_then(normalize_degree) {
                e.insert(
                    "degree".into(),
                    serde_json::to_value(level).unwrap_or(Value::Null),
                );
            }
            put(&mut e, "study_type", study_type);
            let start = r.date("startDate");
            put(&mut e, "start_date", start);
            let end = r.date("endDate");
            put(&mut e, "end_date", end);
            let score = r.string("score");
            put(&mut e, "score", score);
            let courses = r.strings("courses");
            put_list(&mut e, "courses", courses);
            put_residual(&mut e, r.residual());
            list.push(Value::Object(e));
        }
    }
    if !list.is_empty() {
        out.insert("education".into(), Value::Array(list));
    }

    let mut list = Vec::new();
    for (ptr, v) in work {
        if let Some(mut r) = Reader::new(v, ptr, &mut issues) {
            let mut e = Map::new();
            for (from, to) in [
                ("name", "organization"),
                ("position", "title"),
                ("location", "location"),
                ("url", "url"),
            ] {
                let v = r.string(from);
                put(&mut e, to, v);
            }
            let start = r.date("startDate");
            put(&mut e, "start_date", start);
            let end = r.date("endDate");
            put(&mut e, "end_date", end);
            let summary = r.string("summary");
            put(&mut e, "description", summary);
            let highlights = r.strings("highlights");
            put_list(&mut e, "highlights", highlights);
            put_residual(&mut e, r.residual());
            list.push(Value::Object(e));
        }
    }
    if !list.is_empty() {
        out.insert("experience".into(), Value::Array(list));
    }

    let mut list = Vec::new();
    for (ptr, v) in skills {
        if let Some(mut r) = Reader::new(v, ptr.clone(), &mut issues) {
            let mut e = Map::new();
            let name = r.string("name");
            if name.as_deref().is_none_or(str::is_empty) {
                r.issues.push(Issue::new(
                    format!("{ptr}/name"),
                    IssueCode::MissingField,
                    "a skill needs a non-empty name",
                    "技能需要非空的名称（name）",
                ));
            }
            put(&mut e, "name", name);
            let level = r.string("level");
            put(&mut e, "level", level);
            let keywords = r.strings("keywords");
            put_list(&mut e, "keywords", keywords);
            put_residual(&mut e, r.residual());
            list.push(Value::Object(e));
        }
    }
    if !list.is_empty() {
        out.insert("skills".into(), Value::Array(list));
    }

    let mut list = Vec::new();
    for (ptr, v) in certificates {
        if let Some(mut r) = Reader::new(v, ptr.clone(), &mut issues) {
            let mut e = Map::new();
            let name = r.string("name");
            if name.as_deref().is_none_or(str::is_empty) {
                r.issues.push(Issue::new(
                    format!("{ptr}/name"),
                    IssueCode::MissingField,
                    "a certificate needs a non-empty name",
                    "证书需要非空的名称（name）",
                ));
            }
            put(&mut e, "name", name);
            let date = r.date("date");
            put(&mut e, "date", date);
            for key in ["issuer", "url"] {
                let v = r.string(key);
                put(&mut e, key, v);
            }
            put_residual(&mut e, r.residual());
            list.push(Value::Object(e));
        }
    }
    if !list.is_empty() {
        out.insert("certifications".into(), Value::Array(list));
    }

    let mut list = Vec::new();
    for (ptr, v) in languages {
        if let Some(mut r) = Reader::new(v, ptr.clone(), &mut issues) {
            let mut e = Map::new();
            let language = r.string("language");
            if language.as_deref().is_none_or(str::is_empty) {
                r.issues.push(Issue::new(
                    format!("{ptr}/language"),
                    IssueCode::MissingField,
                    "a language entry needs a non-empty language",
                    "语言条目需要非空的语言名称（language）",
                ));
            }
            put(&mut e, "language", language);
            let fluency = r.string("fluency");
            put(&mut e, "fluency", fluency);
            // Not JSON Resume fields, but where export writes the archive's test and score.
            for key in ["test", "score"] {
                if r.map.get(key).is_some_and(Value::is_string) {
                    let v = r.string(key);
                    put(&mut e, key, v);
                }
            }
            put_residual(&mut e, r.residual());
            list.push(Value::Object(e));
        }
    }
    if !list.is_empty() {
        out.insert("languages".into(), Value::Array(list));
    }
    put_residual(&mut out, rest);
    if let Some(block) = archive_fields {
        restore_archive_block(&mut out, block);
    }

    if !issues.is_empty() {
        return Err(Error::InvalidDocument(Box::new(
            ValidationReport::from_issues(None, None, issues),
        )));
    }
    let value = Value::Object(out);
    // The result must itself be a valid archive document (e-mail format, dates …).
    let report = crate::schema::validate::validate_value(&value)?;
    if !report.valid {
        return Err(Error::InvalidDocument(Box::new(report)));
    }
    Ok(value)
}

/// Removes `meta.interviewkit` (written by [`export_value`]) from the residual sections; drops
/// `meta` when nothing else was in it.
fn take_archive_block(rest: &mut Map<String, Value>) -> Option<Map<String, Value>> {
    let Some(Value::Object(meta)) = rest.get_mut("meta") else {
        return None;
    };
    let block = match meta.remove(ARCHIVE_BLOCK_KEY) {
        Some(Value::Object(block)) => block,
        Some(other) => {
            // Not ours after all: leave it exactly where it was.
            meta.insert(ARCHIVE_BLOCK_KEY.into(), other);
            return None;
        }
        None => return None,
    };
    if meta.is_empty() {
        rest.remove("meta");
    }
    Some(block)
}

/// Puts archive-only fields back: per-entry ones (`{"index": i, ...}` lists under the archive
/// section names) into the entries, the rest at the top level.
fn restore_archive_block(out: &mut Map<String, Value>, block: Map<String, Value>) {
    for (key, value) in block {
        let section_entries = match (&value, out.get_mut(&key)) {
            (Value::Array(list), Some(Value::Array(entries)))
                if ENTRY_SECTIONS.contains(&key.as_str()) =>
            {
                Some((list.clone(), entries))
            }
            _ => None,
        };
        match section_entries {
            Some((list, entries)) => {
                for item in list {
                    let Value::Object(mut fields) = item else {
                        continue;
                    };
                    let index = fields.remove("index").and_then(|i| i.as_u64());
                    let entry = index.and_then(|i| entries.get_mut(i as usize));
                    if let Some(Value::Object(entry)) = entry {
                        for (k, v) in fields {
                            entry.entry(k).or_insert(v);
                        }
                    }
                }
            }
            None => {
                out.entry(key).or_insert(value);
            }
        }
    }
}

/// Where export keeps archive fields with no JSON Resume place: `meta.interviewkit`.
const ARCHIVE_BLOCK_KEY: &str = "interviewkit";

/// Archive sections whose entries export maps one-to-one to JSON Resume entries.
const ENTRY_SECTIONS: [&str; 5] = [
    "experience",
    "education",
    "certifications",
    "skills",
    "languages",
];

/// Imports into the typed [`Resume`].
pub fn import(input: &Value) -> Result<Resume> {
    crate::schema::from_valid(&import_value(input)?)
}

fn take(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    map.remove(key)
}

/// Moves `from` of `src` to `to` of `dst` when present.
fn mv(src: &mut Map<String, Value>, dst: &mut Map<String, Value>, from: &str, to: &str) {
    if let Some(v) = take(src, from) {
        dst.insert(to.into(), v);
    }
}

/// Fields of an archive entry with no JSON Resume place, kept as-is in the entry (JSON Resume
/// allows extra properties), then the entry's residual merged back.
fn finish_entry(mut src: Map<String, Value>, mut dst: Map<String, Value>) -> Value {
    let residual = match take(&mut src, RESIDUAL_KEY) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    for (k, v) in residual {
        dst.entry(k).or_insert(v);
    }
    for (k, v) in src {
        dst.entry(k).or_insert(v);
    }
    Value::Object(dst)
}

fn entries(map: &mut Map<String, Value>, key: &str) -> Vec<Map<String, Value>> {
    match take(map, key) {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Exports an archive resume (given as JSON) as a JSON Resume document.
///
/// The resume is validated first ([`Error::InvalidDocument`], [`Error::UnknownDocumentType`] when
/// it is another kind of document). Archive fields with no JSON Resume place (ids, evidence spans,
/// taxonomy ids, raw text, provenance) are written under `meta.interviewkit`.
pub fn export_value(resume: &Value) -> Result<Value> {
    let report = crate::schema::validate::validate_value(resume)?;
    if let Some(kind) = report.kind.as_deref() {
        if kind != DocumentKind::Resume.as_str() && DocumentKind::parse(kind).is_some() {
            return Err(Error::UnknownDocumentType {
                pointer: String::new(),
                found: format!("\"{kind}\""),
                expected: "\"resume\"".into(),
            });
        }
    }
    if !report.valid {
        return Err(Error::InvalidDocument(Box::new(report)));
    }
    let Value::Object(mut src) = resume.clone() else {
        return Err(Error::Internal("valid resume is not an object".into()));
    };
    take(&mut src, "schema_version");
    take(&mut src, "kind");
    let mut sections = Map::new();

    if let Some(Value::Object(mut b)) = take(&mut src, "basics") {
        let mut out = Map::new();
        for key in ["name", "label", "image", "email", "phone", "url", "summary"] {
            mv(&mut b, &mut out, key, key);
        }
        if let Some(Value::Object(mut l)) = take(&mut b, "location") {
            let mut lo = Map::new();
            for (to, from) in [
                ("address", "address"),
                ("postalCode", "postal_code"),
                ("city", "city"),
                ("countryCode", "country_code"),
                ("region", "region"),
            ] {
                mv(&mut l, &mut lo, from, to);
            }
            out.insert("location".into(), finish_entry(l, lo));
        }
        let profiles: Vec<Value> = entries(&mut b, "profiles")
            .into_iter()
            .map(|mut p| {
                let mut po = Map::new();
                for key in ["network", "username", "url"] {
                    mv(&mut p, &mut po, key, key);
                }
                finish_entry(p, po)
            })
            .collect();
        if !profiles.is_empty() {
            out.insert("profiles".into(), Value::Array(profiles));
        }
        let basics = finish_entry(b, out);
        if basics.as_object().is_some_and(|m| !m.is_empty()) {
            sections.insert("basics".into(), basics);
        }
    }

    let mut ik_only: Map<String, Value> = Map::new();
    let mut section = |src: &mut Map<String, Value>,
                       from: &str,
                       to: &str,
                       map: &[(&str, &str)],
                       ik: &mut Map<String, Value>| {
        let mut list = Vec::new();
        let mut ik_entries = Vec::new();
        for (i, mut e) in entries(src, from).into_iter().enumerate() {
            let mut o = Map::new();
            // A degree that import derived from `studyType` is derived again on the way back in.
            let derived = e
                .get("study_type")
                .and_then(Value::as_str)
                .and_then(normalize_degree);
            if derived.is_some() && e.get("degree") == serde_json::to_value(derived).ok().as_ref() {
                e.remove("degree");
            }
            for (archive, jr) in map {
                mv(&mut e, &mut o, archive, jr);
            }
            let mut kept = Map::new();
            for key in ["evidence", "taxonomy_id", "degree"] {
                mv(&mut e, &mut kept, key, key);
            }
            if !kept.is_empty() {
                kept.insert("index".into(), i.into());
                ik_entries.push(Value::Object(kept));
            }
            list.push(finish_entry(e, o));
        }
        if !list.is_empty() {
            sections.insert(to.into(), Value::Array(list));
        }
        if !ik_entries.is_empty() {
            ik.insert(from.into(), Value::Array(ik_entries));
        }
    };
    section(
        &mut src,
        "experience",
        "work",
        &[
            ("organization", "name"),
            ("location", "location"),
            ("title", "position"),
            ("url", "url"),
            ("start_date", "startDate"),
            ("end_date", "endDate"),
            ("description", "summary"),
            ("highlights", "highlights"),
        ],
        &mut ik_only,
    );
    section(
        &mut src,
        "education",
        "education",
        &[
            ("institution", "institution"),
            ("url", "url"),
            ("area", "area"),
            ("study_type", "studyType"),
            ("start_date", "startDate"),
            ("end_date", "endDate"),
            ("score", "score"),
            ("courses", "courses"),
        ],
        &mut ik_only,
    );
    section(
        &mut src,
        "certifications",
        "certificates",
        &[
            ("name", "name"),
            ("date", "date"),
            ("url", "url"),
            ("issuer", "issuer"),
        ],
        &mut ik_only,
    );
    section(
        &mut src,
        "skills",
        "skills",
        &[
            ("name", "name"),
            ("level", "level"),
            ("keywords", "keywords"),
        ],
        &mut ik_only,
    );
    section(
        &mut src,
        "languages",
        "languages",
        &[("language", "language"), ("fluency", "fluency")],
        &mut ik_only,
    );
    // JSON Resume has no test/score for languages: keep them beside the entry (extra properties).

    let residual = match take(&mut src, RESIDUAL_KEY) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    // `source` describing the JSON Resume import itself carries nothing worth exporting.
    if let Some(Value::Object(s)) = src.get("source") {
        let only_import = s.len() == 2
            && s.get("imported_from") == Some(&Value::String("json_resume".into()))
            && s.get("media_type") == Some(&Value::String("application/json".into()));
        if only_import {
            src.remove("source");
        }
    }
    for (k, v) in src {
        ik_only.insert(k, v);
    }

    let mut out = Map::new();
    let mut rest = residual;
    for key in SECTION_ORDER {
        if let Some(v) = sections.remove(key).or_else(|| rest.remove(key)) {
            out.insert(key.into(), v);
        }
    }
    for (k, v) in rest {
        out.insert(k, v);
    }
    if !ik_only.is_empty() {
        let meta = out
            .entry("meta")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = meta {
            m.insert(ARCHIVE_BLOCK_KEY.into(), Value::Object(ik_only));
        }
    }
    Ok(Value::Object(out))
}
