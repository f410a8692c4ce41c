//! Reading taxonomy content from JSON (full content and extensions) and CSV, field by field,
//! so that every error names the exact field (`skills[3].aliases[0]`, `line 4, column parent`).

use serde_json::{Map, Value};

use super::{Category, Skill, SkillLevel, Source};
use crate::error::{Error, Result};

/// Longest id, in characters.
pub const MAX_ID_CHARS: usize = 120;
/// Longest name, alias or other single text, in characters.
pub const MAX_TEXT_CHARS: usize = 200;

pub(crate) fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

pub(crate) fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| invalid(path, "an object"))
}

pub(crate) fn array<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>> {
    v.as_array().ok_or_else(|| invalid(path, "an array"))
}

pub(crate) fn string<'a>(v: &'a Value, path: &str) -> Result<&'a str> {
    v.as_str().ok_or_else(|| invalid(path, "a string"))
}

pub(crate) fn no_unknown(obj: &Map<String, Value>, allowed: &[&str], path: &str) -> Result<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(
            &join_path(path, k),
            format!("no such field; allowed: {}", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

pub(crate) fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Prefixes the field name of an [`Error::InvalidArgument`] (`skills[0]` → `extension.skills[0]`).
pub(crate) fn prefix_error(e: Error, prefix: &str) -> Error {
    match e {
        Error::InvalidArgument { name, expected } => Error::InvalidArgument {
            name: if name == prefix || name.is_empty() {
                prefix.to_string()
            } else {
                format!("{prefix}.{name}")
            },
            expected,
        },
        other => other,
    }
}

/// An id: 1–120 characters of `a-z 0-9 : . _ / + # -`, starting with a letter or digit.
pub(crate) fn check_id(s: &str, path: &str) -> Result<String> {
    let ok = s.chars().count() <= MAX_ID_CHARS
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || matches!(c, ':' | '.' | '_' | '/' | '+' | '#' | '-')
        });
    if ok {
        Ok(s.to_string())
    } else {
        Err(invalid(
            path,
            format!(
                "an id of 1–{MAX_ID_CHARS} characters a-z, 0-9, ':', '.', '_', '/', '+', '#', '-' starting with a letter or digit; got {s:?}"
            ),
        ))
    }
}

/// A non-blank text of at most [`MAX_TEXT_CHARS`] characters, trimmed.
pub(crate) fn check_text(s: &str, path: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() || super::normalize(t).is_empty() {
        return Err(invalid(path, "a non-blank text"));
    }
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(invalid(
            path,
            format!("a text of at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(t.to_string())
}

fn text_field(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => Ok(Some(check_text(
            string(v, &join_path(path, key))?,
            &join_path(path, key),
        )?)),
    }
}

fn texts(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<Vec<String>>> {
    let p = join_path(path, key);
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            let items = array(v, &p)?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let ip = format!("{p}[{i}]");
                out.push(check_text(string(item, &ip)?, &ip)?);
            }
            Ok(Some(out))
        }
    }
}

fn ids(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<Vec<String>>> {
    let p = join_path(path, key);
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            let items = array(v, &p)?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let ip = format!("{p}[{i}]");
                out.push(check_id(string(item, &ip)?, &ip)?);
            }
            Ok(Some(out))
        }
    }
}

/// The fields of one skill object as given (absent fields are `None`), for both full content
/// and extensions.
#[derive(Debug, Default)]
pub(crate) struct SkillPatch {
    pub id: String,
    pub name: Option<String>,
    pub name_zh: Option<String>,
    pub category: Option<String>,
    pub level: Option<SkillLevel>,
    /// `Some(None)`: the parent was set to null (removed).
    pub parent: Option<Option<String>>,
    pub aliases: Option<Vec<String>>,
    pub case_sensitive: Option<Vec<String>>,
    pub related: Option<Vec<String>>,
    pub source: Option<Vec<String>>,
}

pub(crate) const SKILL_FIELDS: [&str; 10] = [
    "id",
    "name",
    "name_zh",
    "category",
    "level",
    "parent",
    "aliases",
    "case_sensitive",
    "related",
    "source",
];

pub(crate) fn parse_level(s: &str, path: &str) -> Result<SkillLevel> {
    match s {
        "skill" => Ok(SkillLevel::Skill),
        "group" => Ok(SkillLevel::Group),
        _ => Err(invalid(path, format!("one of skill, group; got {s:?}"))),
    }
}

pub(crate) fn parse_skill(v: &Value, path: &str) -> Result<SkillPatch> {
    let obj = object(v, path)?;
    no_unknown(obj, &SKILL_FIELDS, path)?;
    let id_path = join_path(path, "id");
    let id = match obj.get("id") {
        Some(v) => check_id(string(v, &id_path)?, &id_path)?,
        None => return Err(invalid(&id_path, "a value (the field is missing)")),
    };
    let category = match obj.get("category") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let p = join_path(path, "category");
            Some(check_id(string(v, &p)?, &p)?)
        }
    };
    let level = match obj.get("level") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let p = join_path(path, "level");
            Some(parse_level(string(v, &p)?, &p)?)
        }
    };
    let parent = match obj.get("parent") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(v) => {
            let p = join_path(path, "parent");
            Some(Some(check_id(string(v, &p)?, &p)?))
        }
    };
    Ok(SkillPatch {
        id,
        name: text_field(obj, "name", path)?,
        name_zh: text_field(obj, "name_zh", path)?,
        category,
        level,
        parent,
        aliases: texts(obj, "aliases", path)?,
        case_sensitive: texts(obj, "case_sensitive", path)?,
        related: ids(obj, "related", path)?,
        source: ids(obj, "source", path)?,
    })
}

/// A complete skill from a patch (full content or a new skill in an extension).
pub(crate) fn complete(p: SkillPatch, path: &str, default_source: &str) -> Result<Skill> {
    let name = p
        .name
        .ok_or_else(|| invalid(&join_path(path, "name"), "a value (the field is missing)"))?;
    let category = p.category.ok_or_else(|| {
        invalid(
            &join_path(path, "category"),
            "a value (the field is missing)",
        )
    })?;
    Ok(Skill {
        id: p.id,
        name,
        name_zh: p.name_zh,
        category,
        level: p.level.unwrap_or(SkillLevel::Skill),
        parent: p.parent.flatten(),
        aliases: dedup(p.aliases.unwrap_or_default()),
        case_sensitive: dedup(p.case_sensitive.unwrap_or_default()),
        related: dedup(p.related.unwrap_or_default()),
        source: match p.source {
            Some(s) if !s.is_empty() => dedup(s),
            _ => vec![default_source.to_string()],
        },
    })
}

/// Applies an extension's patch to an existing skill: given texts replace, lists are appended.
pub(crate) fn apply(skill: &mut Skill, p: SkillPatch) {
    if let Some(n) = p.name {
        skill.name = n;
    }
    if let Some(n) = p.name_zh {
        skill.name_zh = Some(n);
    }
    if let Some(c) = p.category {
        skill.category = c;
    }
    if let Some(l) = p.level {
        skill.level = l;
    }
    if let Some(parent) = p.parent {
        skill.parent = parent;
    }
    let add = |list: &mut Vec<String>, more: Option<Vec<String>>| {
        for x in more.unwrap_or_default() {
            if !list.contains(&x) {
                list.push(x);
            }
        }
    };
    add(&mut skill.aliases, p.aliases);
    add(&mut skill.case_sensitive, p.case_sensitive);
    add(&mut skill.related, p.related);
    add(&mut skill.source, p.source);
}

pub(crate) fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for x in items {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

pub(crate) fn parse_category(v: &Value, path: &str) -> Result<Category> {
    let obj = object(v, path)?;
    no_unknown(obj, &["id", "name", "name_zh"], path)?;
    let id_path = join_path(path, "id");
    let id = match obj.get("id") {
        Some(v) => check_id(string(v, &id_path)?, &id_path)?,
        None => return Err(invalid(&id_path, "a value (the field is missing)")),
    };
    let name = text_field(obj, "name", path)?.unwrap_or_else(|| id.clone());
    Ok(Category {
        id,
        name,
        name_zh: text_field(obj, "name_zh", path)?,
    })
}

pub(crate) fn parse_source(v: &Value, path: &str) -> Result<Source> {
    let obj = object(v, path)?;
    no_unknown(obj, &["id", "name", "license", "url", "attribution"], path)?;
    let id_path = join_path(path, "id");
    let id = match obj.get("id") {
        Some(v) => check_id(string(v, &id_path)?, &id_path)?,
        None => return Err(invalid(&id_path, "a value (the field is missing)")),
    };
    let long = |key: &str| -> Result<Option<String>> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => {
                let p = join_path(path, key);
                let s = string(v, &p)?.trim();
                if s.chars().count() > 2_000 {
                    return Err(invalid(&p, "a text of at most 2000 characters"));
                }
                Ok(Some(s.to_string()))
            }
        }
    };
    Ok(Source {
        name: long("name")?.unwrap_or_else(|| id.clone()),
        id,
        license: long("license")?,
        url: long("url")?,
        attribution: long("attribution")?,
    })
}

/// Skills from CSV text (see [`super::Taxonomy::from_csv`] for the columns).
pub(crate) fn skills_from_csv(text: &str) -> Result<Vec<Skill>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| invalid("line 1", format!("a CSV header row ({e})")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for h in &headers {
        if !SKILL_FIELDS.contains(&h.as_str()) {
            return Err(invalid(
                &format!("line 1, column {h}"),
                format!("a known column: {}", SKILL_FIELDS.join(", ")),
            ));
        }
    }
    for required in ["id", "name", "category"] {
        if !headers.iter().any(|h| h == required) {
            return Err(invalid(
                "line 1",
                format!("a header with the columns id, name and category (missing {required})"),
            ));
        }
    }
    let mut skills = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| {
            invalid(
                &format!("line {line}"),
                format!("a CSV row with {} fields ({e})", headers.len()),
            )
        })?;
        let mut obj = Map::new();
        for (h, cell) in headers.iter().zip(record.iter()) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let value = match h.as_str() {
                "aliases" | "case_sensitive" | "related" | "source" => Value::Array(
                    cell.split('|')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::String(s.to_string()))
                        .collect(),
                ),
                _ => Value::String(cell.to_string()),
            };
            obj.insert(h.clone(), value);
        }
        let patch = parse_skill(&Value::Object(obj), "").map_err(|e| csv_error(e, line))?;
        skills.push(complete(patch, "", "vendor").map_err(|e| csv_error(e, line))?);
    }
    Ok(skills)
}

/// `aliases[2]` → `line 5, column aliases (item 3)`.
fn csv_error(e: Error, line: usize) -> Error {
    match e {
        Error::InvalidArgument { name, expected } => {
            let (col, item) = match name.split_once('[') {
                Some((c, rest)) => {
                    let n: usize = rest.trim_end_matches(']').parse().unwrap_or(0);
                    (c.to_string(), Some(n + 1))
                }
                None => (name, None),
            };
            let name = match item {
                Some(n) => format!("line {line}, column {col} (item {n})"),
                None => format!("line {line}, column {col}"),
            };
            Error::InvalidArgument { name, expected }
        }
        other => other,
    }
}
