//! Blind screening: removes personal data that must not sway a screener (name, gender, age and
//! birth date, photo, marital status, ethnicity 民族, native place 籍贯, ID numbers 身份证号, and
//! more; optionally school names) from resumes, candidates and 360° profiles, in Chinese and
//! English.
//!
//! Owns: finding such data in structured fields (schema fields and unknown `extra` fields) and in
//! free text (`raw_text`, summaries, descriptions, transcripts …), and masking it. Must not touch:
//! ids (documents stay linkable), scores, or anything not listed in [`Category`].
//!
//! How it works:
//! - **Structured fields** that carry such data are *removed* (`/basics/name`, `/basics/image`,
//!   an unknown `"gender"` or `"民族"` field anywhere, a `/identity/name` merge conflict …).
//! - **Free text** keeps its length: every redacted stretch is replaced by the same number of
//!   mask characters (default `█`, U+2588), so every evidence [`Span`](crate::schema::Span)
//!   (code-point offsets) still points at the same content; a span's `text` is updated to the
//!   redacted slice. What is masked in text: every occurrence of the person's names (and, when
//!   enabled, contact values and school names) read from the structured fields; labelled values
//!   (`性别：男`, `出生年月：1995.06`, `Date of Birth: 12 May 1994`, `Marital status: Married` …);
//!   unlabelled forms that are unambiguous (`28岁`, `90后`, `汉族`/`已婚`/`男` standing between
//!   separators, `Ms.` before a name, 18-digit resident ID numbers with a valid checksum, e-mail
//!   addresses and Chinese mobile numbers).
//! - The report names *where* and *what kind* of data was removed, never the value.
//!
//! Request → response (through [`redact_value`]):
//!
//! ```
//! use serde_json::json;
//!
//! let out = interviewkit_core::redact::redact_value(&json!({
//!     "document": {"schema_version": 1, "kind": "resume",
//!                  "basics": {"name": "张伟", "gender": "男"},
//!                  "raw_text": "张伟 性别：男 民族：汉族"}
//! })).unwrap();
//! assert_eq!(out["document"]["raw_text"], "██ 性别：█ 民族：██");
//! assert_eq!(out["document"]["basics"], json!({}));
//! assert_eq!(out["counts"], json!({"name": 2, "gender": 2, "ethnicity": 1}));
//! // Sorted by pointer: /basics/gender, /basics/name, then the masked stretches of /raw_text.
//! assert_eq!(out["removed"][1], json!({"pointer": "/basics/name", "category": "name"}));
//! ```

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::schema::migrate::migrate_value;

/// The kinds of personal data blind screening removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A person's name (姓名), in any script, wherever it occurs.
    Name,
    /// Gender or sex (性别), and honorifics that reveal it (`Ms.`).
    Gender,
    /// Age (年龄, `28岁`, `90后`).
    Age,
    /// Birth date or year (出生年月).
    BirthDate,
    /// Photo or avatar references (照片).
    Photo,
    /// Marital and family status (婚姻状况, 婚育).
    MaritalStatus,
    /// Ethnicity or race (民族).
    Ethnicity,
    /// Native place, birthplace, household registration (籍贯, 户籍).
    NativePlace,
    /// Identity document numbers (身份证号, passport numbers).
    IdNumber,
    /// Nationality or citizenship (国籍).
    Nationality,
    /// Religion (宗教信仰).
    Religion,
    /// Political affiliation (政治面貌).
    PoliticalAffiliation,
    /// Health or disability (健康状况).
    Health,
    /// Height, weight, blood type (身高, 体重, 血型).
    Physical,
    /// E-mail, phone, WeChat, home address, personal URLs and profiles (option `contact`).
    Contact,
    /// School and university names (option `schools`).
    School,
}

impl Category {
    /// The name used in reports (`birth_date`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Name => "name",
            Category::Gender => "gender",
            Category::Age => "age",
            Category::BirthDate => "birth_date",
            Category::Photo => "photo",
            Category::MaritalStatus => "marital_status",
            Category::Ethnicity => "ethnicity",
            Category::NativePlace => "native_place",
            Category::IdNumber => "id_number",
            Category::Nationality => "nationality",
            Category::Religion => "religion",
            Category::PoliticalAffiliation => "political_affiliation",
            Category::Health => "health",
            Category::Physical => "physical",
            Category::Contact => "contact",
            Category::School => "school",
        }
    }
}

/// What to redact and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactOptions {
    /// Also remove school names (`education[].institution`, `url`) and mask them in text.
    /// Default `false`.
    pub schools: bool,
    /// Also remove contact data (e-mail, phone, WeChat, personal URL and profiles, street
    /// address) and mask it in text; it usually carries the name. Default `true`.
    pub contact: bool,
    /// The character that replaces each redacted code point in free text. Default `█`.
    pub mask: char,
}

impl Default for RedactOptions {
    fn default() -> Self {
        RedactOptions {
            schools: false,
            contact: true,
            mask: DEFAULT_MASK,
        }
    }
}

/// The default mask character, U+2588 FULL BLOCK.
pub const DEFAULT_MASK: char = '█';

/// One removal. Never carries the removed value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// JSON pointer (RFC 6901) into the input document: the removed field, or the text field a
    /// stretch was masked in.
    pub pointer: String,
    /// What kind of data it was.
    pub category: Category,
    /// For masked text: first code point masked, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// For masked text: last code point masked, exclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u64>,
}

/// The result of [`redact`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Redaction {
    /// The redacted document.
    pub document: Value,
    /// Every removal, ordered by pointer (array indices numerically), then by text offset.
    pub removed: Vec<Removal>,
    /// Number of removals per category (only categories with at least one).
    pub counts: BTreeMap<Category, u64>,
}

/// The document kinds [`redact`] accepts.
pub const ACCEPTED_KINDS: [&str; 3] = ["resume", "candidate", "profile"];

/// JSON entry point: `{"document": …, "options"?: {"schools"?: bool, "contact"?: bool,
/// "mask"?: "█"}}` → `{"document", "removed": [{"pointer", "category", "start"?, "end"?}],
/// "counts": {category: n}}`.
pub fn redact_value(request: &Value) -> Result<Value> {
    let Value::Object(req) = request else {
        return Err(invalid(
            "request",
            "an object {\"document\": …, \"options\"?: …}",
        ));
    };
    for key in req.keys() {
        if key != "document" && key != "options" {
            return Err(invalid(key, "no such field (known: document, options)"));
        }
    }
    let document = req.get("document").ok_or_else(|| {
        invalid(
            "document",
            "an archive document (resume, candidate or profile)",
        )
    })?;
    let options = parse_options(req.get("options"))?;
    let result = redact(document, &options)?;
    serde_json::to_value(&result).map_err(|e| Error::Internal(format!("serialising: {e}")))
}

fn invalid(name: &str, expected: &str) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        expected: expected.into(),
    }
}

fn parse_options(value: Option<&Value>) -> Result<RedactOptions> {
    let mut options = RedactOptions::default();
    let map = match value {
        None | Some(Value::Null) => return Ok(options),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(invalid("options", "an object")),
    };
    for (key, v) in map {
        match key.as_str() {
            "schools" => {
                options.schools = v
                    .as_bool()
                    .ok_or_else(|| invalid("options.schools", "true or false"))?
            }
            "contact" => {
                options.contact = v
                    .as_bool()
                    .ok_or_else(|| invalid("options.contact", "true or false"))?
            }
            "mask" => {
                let s = v.as_str().unwrap_or_default();
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_whitespace() && !c.is_control() => options.mask = c,
                    _ => {
                        return Err(invalid(
                            "options.mask",
                            "a string of exactly one visible character, e.g. \"█\" or \"＊\"",
                        ))
                    }
                }
            }
            other => {
                return Err(invalid(
                    &format!("options.{other}"),
                    "no such option (known: schools, contact, mask)",
                ))
            }
        }
    }
    Ok(options)
}

/// Redacts a resume, candidate or profile (any readable schema version; older ones are migrated
/// first, and the document must be valid).
///
/// Errors: [`Error::UnknownDocumentType`] for other kinds, [`Error::InvalidDocument`] /
/// [`Error::UnsupportedSchemaVersion`] as for [`crate::migrate`].
pub fn redact(document: &Value, options: &RedactOptions) -> Result<Redaction> {
    let Value::Object(_) = document else {
        return Err(invalid(
            "document",
            "an archive document object (resume, candidate or profile)",
        ));
    };
    let expected = "resume, candidate or profile";
    if let Some(kind) = document.get("kind") {
        if !kind.as_str().is_some_and(|k| ACCEPTED_KINDS.contains(&k)) {
            return Err(Error::UnknownDocumentType {
                pointer: String::new(),
                found: kind.to_string(),
                expected: expected.into(),
            });
        }
    }
    let document = migrate_value(document.clone())?;
    let kind = document.get("kind").cloned().unwrap_or(Value::Null);
    if !kind.as_str().is_some_and(|k| ACCEPTED_KINDS.contains(&k)) {
        return Err(Error::UnknownDocumentType {
            pointer: String::new(),
            found: kind.to_string(),
            expected: expected.into(),
        });
    }
    let statics = statics()?;
    let mut collector = Collector::new(options);
    collector.collect(&document, Section::Other, &mut Vec::new());
    let literals = Literals::build(&collector, options)?;
    let mut r = Redactor {
        options,
        statics,
        literals,
        transcripts: collector.transcripts,
        removed: Vec::new(),
    };
    let mut path = Vec::new();
    let out = r
        .walk(&document, &mut path, &Ctx::root())
        .unwrap_or(Value::Null);
    // Sorted by place, not by the input's member order (see `json::compare_pointers`).
    r.removed.sort_by(|a, b| {
        crate::json::compare_pointers(&a.pointer, &b.pointer)
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
    });
    let mut counts = BTreeMap::new();
    for removal in &r.removed {
        *counts.entry(removal.category).or_insert(0) += 1;
    }
    Ok(Redaction {
        document: out,
        removed: r.removed,
        counts,
    })
}

// ---------------------------------------------------------------------------------------------
// Field rules
// ---------------------------------------------------------------------------------------------

/// Which archive object a walk is inside; rules are relative to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Resume,
    Candidate,
    Profile,
    Interview,
    Scorecard,
    Other,
}

impl Section {
    fn of(value: &Map<String, Value>) -> Option<Section> {
        match value.get("kind").and_then(Value::as_str)? {
            "resume" => Some(Section::Resume),
            "candidate" => Some(Section::Candidate),
            "profile" => Some(Section::Profile),
            "interview" => Some(Section::Interview),
            "scorecard" => Some(Section::Scorecard),
            _ => None,
        }
    }
}

/// Schema fields removed by position: (section, relative path with `*` for array indices, category).
const FIELD_RULES: &[(Section, &str, Category)] = &[
    (Section::Resume, "basics/name", Category::Name),
    (Section::Resume, "basics/image", Category::Photo),
    (Section::Resume, "basics/email", Category::Contact),
    (Section::Resume, "basics/phone", Category::Contact),
    (Section::Resume, "basics/wechat_id", Category::Contact),
    (Section::Resume, "basics/url", Category::Contact),
    (Section::Resume, "basics/profiles", Category::Contact),
    (
        Section::Resume,
        "basics/location/address",
        Category::Contact,
    ),
    (
        Section::Resume,
        "basics/location/postal_code",
        Category::Contact,
    ),
    (Section::Resume, "education/*/institution", Category::School),
    (Section::Resume, "education/*/url", Category::School),
    (Section::Candidate, "name", Category::Name),
    (Section::Candidate, "name_alt", Category::Name),
    (Section::Candidate, "contact/email", Category::Contact),
    (Section::Candidate, "contact/phone", Category::Contact),
    (Section::Candidate, "contact/wechat_id", Category::Contact),
    (Section::Profile, "identity/name", Category::Name),
    (Section::Profile, "identity/email", Category::Contact),
    (Section::Profile, "identity/phone", Category::Contact),
];

/// Unknown (or schema) field names that carry sensitive data wherever they appear, normalised:
/// lower case without `_`, `-` and spaces.
const KEY_RULES: &[(Category, &[&str])] = &[
    (
        Category::Name,
        &[
            "fullname",
            "firstname",
            "lastname",
            "givenname",
            "familyname",
            "surname",
            "middlename",
            "englishname",
            "chinesename",
            "preferredname",
            "nickname",
            "formername",
            "姓名",
            "名字",
            "英文名",
            "中文名",
            "曾用名",
        ],
    ),
    (Category::Gender, &["gender", "sex", "性别"]),
    (Category::Age, &["age", "年龄"]),
    (
        Category::BirthDate,
        &[
            "birthdate",
            "dateofbirth",
            "dob",
            "birthday",
            "birthyear",
            "yearofbirth",
            "出生年月",
            "出生日期",
            "出生年月日",
            "出生年份",
            "生日",
        ],
    ),
    (
        Category::Photo,
        &[
            "photo",
            "photos",
            "photourl",
            "avatar",
            "avatarurl",
            "picture",
            "headshot",
            "portrait",
            "profilephoto",
            "profilepicture",
            "照片",
            "头像",
            "证件照",
        ],
    ),
    (
        Category::MaritalStatus,
        &[
            "maritalstatus",
            "marital",
            "marriage",
            "marriagestatus",
            "children",
            "numberofchildren",
            "婚姻状况",
            "婚姻",
            "婚否",
            "婚育状况",
            "婚育",
            "子女",
        ],
    ),
    (
        Category::Ethnicity,
        &["ethnicity", "ethnic", "ethnicgroup", "race", "民族"],
    ),
    (
        Category::NativePlace,
        &[
            "nativeplace",
            "hometown",
            "birthplace",
            "placeofbirth",
            "hukou",
            "householdregistration",
            "籍贯",
            "户籍",
            "户口",
            "出生地",
            "户口所在地",
            "户籍所在地",
            "生源地",
        ],
    ),
    (
        Category::IdNumber,
        &[
            "idnumber",
            "idno",
            "idcard",
            "idcardnumber",
            "nationalid",
            "nationalidnumber",
            "passport",
            "passportnumber",
            "passportno",
            "ssn",
            "socialsecuritynumber",
            "身份证",
            "身份证号",
            "身份证号码",
            "证件号码",
            "护照号",
            "护照号码",
        ],
    ),
    (
        Category::Nationality,
        &["nationality", "citizenship", "nation", "国籍"],
    ),
    (Category::Religion, &["religion", "宗教", "宗教信仰"]),
    (
        Category::PoliticalAffiliation,
        &[
            "politicalstatus",
            "politicalaffiliation",
            "partymembership",
            "政治面貌",
        ],
    ),
    (
        Category::Health,
        &[
            "health",
            "healthstatus",
            "disability",
            "健康状况",
            "身体状况",
            "残疾",
        ],
    ),
    (
        Category::Physical,
        &["height", "weight", "bloodtype", "身高", "体重", "血型"],
    ),
    (
        Category::Contact,
        &[
            "email",
            "phone",
            "mobile",
            "tel",
            "telephone",
            "wechat",
            "wechatid",
            "qq",
            "address",
            "homeaddress",
            "邮箱",
            "电话",
            "手机",
            "微信",
            "住址",
            "家庭住址",
        ],
    ),
];

/// True for a member name that holds personal data wherever it appears (`gender`, `性别`,
/// `birth_date`, `身份证号`, `photo`, `email`, …): the names blind screening removes, except school
/// names and identifiers. Field encryption encrypts these by default too.
pub(crate) fn is_personal_key(key: &str) -> bool {
    !is_identifier_key(key) && key_category(key).is_some_and(|c| c != Category::School)
}

fn key_category(key: &str) -> Option<Category> {
    let norm: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    KEY_RULES
        .iter()
        .find(|(_, keys)| keys.contains(&norm.as_str()))
        .map(|(c, _)| *c)
}

fn field_category(section: Section, rel: &[String]) -> Option<Category> {
    FIELD_RULES
        .iter()
        .find(|(s, pattern, _)| *s == section && rel_matches(pattern, rel))
        .map(|(_, _, c)| *c)
}

fn rel_matches(pattern: &str, rel: &[String]) -> bool {
    let segs: Vec<&str> = pattern.split('/').collect();
    segs.len() == rel.len()
        && segs.iter().zip(rel).all(|(p, s)| {
            if *p == "*" {
                !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
            } else {
                p == s
            }
        })
}

/// Fields whose values are identifiers or hashes: never masked, so documents stay linkable.
fn is_identifier_key(key: &str) -> bool {
    key == "id"
        || key == "kind"
        || key == "schema_version"
        || key == "sha256"
        || key.ends_with("_id")
        || key.ends_with("_ids")
        || key.ends_with("_hash")
}

fn enabled(options: &RedactOptions, category: Category) -> bool {
    match category {
        Category::Contact => options.contact,
        Category::School => options.schools,
        _ => true,
    }
}

fn escape_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|s| format!("/{}", escape_segment(s)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Pass 1: collect the values to look for in text
// ---------------------------------------------------------------------------------------------

struct Collector<'o> {
    options: &'o RedactOptions,
    /// Person names, as written in structured fields.
    names: Vec<String>,
    /// Other literal values to mask in text, with their category.
    literals: Vec<(String, Category)>,
    /// (interview id, question id) → transcript.
    transcripts: HashMap<(String, String), String>,
}

impl<'o> Collector<'o> {
    fn new(options: &'o RedactOptions) -> Self {
        Collector {
            options,
            names: Vec::new(),
            literals: Vec::new(),
            transcripts: HashMap::new(),
        }
    }

    fn add(&mut self, category: Category, value: &Value) {
        if !enabled(self.options, category) {
            return;
        }
        // Gender, age, marital status and the like are short common words or numbers: masking
        // every occurrence would destroy the text. Their labelled and unambiguous forms are
        // found by the text rules instead.
        let literal = matches!(
            category,
            Category::Name
                | Category::Contact
                | Category::School
                | Category::NativePlace
                | Category::IdNumber
                | Category::BirthDate
                | Category::Ethnicity
        );
        let mut strings = Vec::new();
        strings_in(value, &mut strings);
        for s in strings {
            let s = s.trim();
            if s.chars().count() < 2 {
                continue;
            }
            if category == Category::Name {
                self.names.push(s.to_string());
            } else if literal {
                self.literals.push((s.to_string(), category));
            }
        }
    }

    fn collect(&mut self, value: &Value, section_in: Section, path: &mut Vec<String>) {
        self.collect_at(value, section_in, path, 0);
    }

    fn collect_at(
        &mut self,
        value: &Value,
        section_in: Section,
        path: &mut Vec<String>,
        root: usize,
    ) {
        match value {
            Value::Object(map) => {
                let (section, root) = match Section::of(map) {
                    Some(s) => (s, path.len()),
                    None => (section_in, root),
                };
                if section == Section::Interview && path.len() == root {
                    self.collect_transcripts(map);
                }
                let conflict_field = (section == Section::Profile
                    && path.len() == root + 2
                    && path.get(root).is_some_and(|s| s == "conflicts"))
                .then(|| map.get("field").and_then(Value::as_str))
                .flatten();
                if let Some(category) = conflict_field.and_then(conflict_category) {
                    for key in ["kept", "other"] {
                        if let Some(v) = map.get(key) {
                            self.add(category, v);
                        }
                    }
                }
                for (key, child) in map {
                    path.push(key.clone());
                    let rel = path.get(root..).unwrap_or_default();
                    let category = field_category(section, rel).or_else(|| key_category(key));
                    match category {
                        Some(c) => self.add(c, child),
                        None => self.collect_at(child, section, path, root),
                    }
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(i.to_string());
                    self.collect_at(child, section_in, path, root);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn collect_transcripts(&mut self, interview: &Map<String, Value>) {
        let id = interview
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let answers = interview.get("answers").and_then(Value::as_array);
        for answer in answers.into_iter().flatten() {
            if let (Some(q), Some(t)) = (
                answer.get("question_id").and_then(Value::as_str),
                answer.get("transcript").and_then(Value::as_str),
            ) {
                self.transcripts
                    .insert((id.clone(), q.to_string()), t.to_string());
            }
        }
    }
}

fn conflict_category(field: &str) -> Option<Category> {
    match field {
        "/identity/name" => Some(Category::Name),
        "/identity/email" | "/identity/phone" => Some(Category::Contact),
        _ => None,
    }
}

fn strings_in<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| strings_in(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings_in(v, out)),
        _ => {}
    }
}

/// Regular expressions built from the collected values.
struct Literals {
    /// Full names (any spacing, any case), Latin names in either order.
    names: Option<Regex>,
    /// Single Latin name parts, matched as written or in capitals, as whole words.
    name_parts: Option<Regex>,
    /// Other values, each with its category (index in `categories`).
    values: Option<Regex>,
    categories: Vec<Category>,
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Splits a name into units: each Han character, and each run of other word characters.
fn name_units(name: &str) -> Vec<String> {
    let mut units = Vec::new();
    let mut cur = String::new();
    for c in name.chars() {
        if is_han(c) {
            if !cur.is_empty() {
                units.push(std::mem::take(&mut cur));
            }
            units.push(c.to_string());
        } else if c.is_alphanumeric() || c == '\'' {
            cur.push(c);
        } else if !cur.is_empty() {
            units.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        units.push(cur);
    }
    units
}

const NAME_GAP: &str = r"[\p{Zs}\t\-·.,]*";

impl Literals {
    fn build(c: &Collector<'_>, options: &RedactOptions) -> Result<Literals> {
        let mut full: Vec<String> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        for name in &c.names {
            let units = name_units(name);
            if units.is_empty() {
                continue;
            }
            let escaped: Vec<String> = units.iter().map(|u| regex::escape(u)).collect();
            full.push(escaped.join(NAME_GAP));
            let latin: Vec<&String> = units.iter().filter(|u| !u.chars().any(is_han)).collect();
            if latin.len() == units.len() && units.len() > 1 {
                let mut rev = escaped.clone();
                rev.reverse();
                full.push(rev.join(NAME_GAP));
                for u in &latin {
                    if u.chars().count() >= 2 {
                        parts.push(regex::escape(u));
                        parts.push(regex::escape(&u.to_uppercase()));
                    }
                }
            }
            let han: Vec<&String> = units.iter().filter(|u| u.chars().any(is_han)).collect();
            if han.len() == units.len() && units.len() >= 3 {
                // The given name alone (李晓明 → 晓明).
                let given: Vec<String> = escaped.iter().skip(units.len() - 2).cloned().collect();
                full.push(given.join(NAME_GAP));
            }
        }
        let alternation = |mut items: Vec<String>, flags: &str| -> Result<Option<Regex>> {
            items.sort_by_key(|s| std::cmp::Reverse(s.len()));
            items.dedup();
            if items.is_empty() {
                return Ok(None);
            }
            Regex::new(&format!("{flags}(?:{})", items.join("|")))
                .map(Some)
                .map_err(|e| Error::Internal(format!("building the name pattern: {e}")))
        };
        let mut values: Vec<(String, Category)> = c
            .literals
            .iter()
            .filter(|(_, cat)| enabled(options, *cat))
            .map(|(s, cat)| (regex::escape(s), *cat))
            .collect();
        values.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        values.dedup_by(|a, b| a.0 == b.0);
        let categories = values.iter().map(|(_, c)| *c).collect();
        let values_re = if values.is_empty() {
            None
        } else {
            let body: Vec<String> = values.iter().map(|(s, _)| format!("({s})")).collect();
            Some(
                Regex::new(&format!("(?i){}", body.join("|")))
                    .map_err(|e| Error::Internal(format!("building the value pattern: {e}")))?,
            )
        };
        Ok(Literals {
            names: alternation(full, "(?i)")?,
            name_parts: alternation(parts, "")?,
            values: values_re,
            categories,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Static text rules
// ---------------------------------------------------------------------------------------------

/// Labels that introduce a value: Chinese (colon or space after) and English (colon after).
const ZH_LABELS: &[(Category, &[&str])] = &[
    (Category::Name, &["姓名", "中文名", "英文名", "曾用名"]),
    (Category::Gender, &["性别"]),
    (Category::Age, &["年龄"]),
    (
        Category::BirthDate,
        &[
            "出生年月日",
            "出生年月",
            "出生日期",
            "出生时间",
            "出生年份",
            "生日",
        ],
    ),
    (
        Category::MaritalStatus,
        &[
            "婚姻状况",
            "婚姻状态",
            "婚育状况",
            "婚育情况",
            "婚姻",
            "婚否",
            "婚育",
        ],
    ),
    (Category::Ethnicity, &["民族"]),
    (
        Category::NativePlace,
        &[
            "户籍所在地",
            "户口所在地",
            "籍贯",
            "出生地",
            "户籍",
            "户口",
            "生源地",
        ],
    ),
    (
        Category::IdNumber,
        &[
            "身份证号码",
            "身份证号",
            "身份证",
            "证件号码",
            "证件号",
            "护照号码",
            "护照号",
        ],
    ),
    (Category::Nationality, &["国籍"]),
    (Category::Religion, &["宗教信仰", "宗教"]),
    (Category::PoliticalAffiliation, &["政治面貌"]),
    (Category::Health, &["健康状况", "身体状况"]),
    (Category::Physical, &["身高", "体重", "血型"]),
    (Category::Photo, &["照片", "头像"]),
    (
        Category::Contact,
        &[
            "手机号码",
            "手机号",
            "手机",
            "联系电话",
            "电话",
            "电子邮箱",
            "电子邮件",
            "邮箱",
            "微信号",
            "微信",
            "QQ",
            "家庭住址",
            "通讯地址",
            "联系地址",
            "住址",
        ],
    ),
    (Category::School, &["毕业院校", "毕业学校", "学校", "院校"]),
];

const EN_LABELS: &[(Category, &[&str])] = &[
    (Category::Gender, &["Gender", "Sex"]),
    (Category::Age, &["Age"]),
    (
        Category::BirthDate,
        &[
            "Date of Birth",
            "Birth Date",
            "Birthdate",
            "Birthday",
            "DOB",
            r"D\.O\.B\.?",
        ],
    ),
    (
        Category::MaritalStatus,
        &["Marital Status", "Marriage Status", "Marital"],
    ),
    (Category::Ethnicity, &["Ethnicity", "Ethnic Group", "Race"]),
    (
        Category::NativePlace,
        &[
            "Place of Birth",
            "Birthplace",
            "Hometown",
            "Native Place",
            "Hukou",
        ],
    ),
    (
        Category::IdNumber,
        &[
            r"ID Card (?:Number|No\.?)",
            r"ID (?:Number|No\.?)",
            "National ID",
            r"Passport (?:Number|No\.?)",
            "Passport",
            "Social Security Number",
            "SSN",
        ],
    ),
    (Category::Nationality, &["Nationality", "Citizenship"]),
    (Category::Religion, &["Religion"]),
    (
        Category::PoliticalAffiliation,
        &[
            "Political Status",
            "Political Affiliation",
            "Party Membership",
        ],
    ),
    (Category::Health, &["Health Status", "Health", "Disability"]),
    (Category::Physical, &["Height", "Weight", "Blood Type"]),
    (Category::Photo, &["Photo"]),
    (
        Category::Contact,
        &[
            "E-?mail",
            "Phone",
            "Mobile",
            "Telephone",
            "Tel",
            "Cell",
            "WeChat",
            "Home Address",
            "Address",
        ],
    ),
    (
        Category::School,
        &["School", "University", "College", "Alma Mater"],
    ),
];

/// English name labels: accepted only at the start of a field (line start, after a separator or
/// two spaces), so that `Company Name:` is not a person's name.
const EN_NAME_LABELS: &[&str] = &["Full Name", "Chinese Name", "English Name", "Name"];

/// The 56 recognised ethnic groups of China (without 族).
const ETHNIC_GROUPS: &[&str] = &[
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

struct LabelRule {
    re: Regex,
    category: Category,
    /// Needs a field start before it (English name labels).
    strict: bool,
    /// English: must not follow an ASCII letter or digit.
    ascii_boundary: bool,
}

/// Unlabelled forms: the regex's group 1 (or the whole match) is masked.
struct FormRule {
    re: Regex,
    category: Category,
    /// The masked part must stand between separators (男, 汉族, 已婚 …).
    separated: bool,
    /// The match must not touch an ASCII letter or digit.
    ascii_boundary: bool,
}

struct Statics {
    labels: Vec<LabelRule>,
    forms: Vec<FormRule>,
    id18: Regex,
}

fn statics() -> Result<&'static Statics> {
    static CELL: OnceLock<std::result::Result<Statics, String>> = OnceLock::new();
    CELL.get_or_init(build_statics)
        .as_ref()
        .map_err(|e| Error::Internal(format!("redact patterns do not compile: {e}")))
}

fn build_statics() -> std::result::Result<Statics, String> {
    let re = |s: &str| Regex::new(s).map_err(|e| e.to_string());
    let mut labels = Vec::new();
    for (category, list) in ZH_LABELS {
        labels.push(LabelRule {
            re: re(&format!(
                r"(?i)(?:{})[\p{{Zs}}\t]*(?:[:：]|[\p{{Zs}}\t])[\p{{Zs}}\t]*",
                list.join("|")
            ))?,
            category: *category,
            strict: false,
            ascii_boundary: false,
        });
    }
    for (category, list) in EN_LABELS {
        labels.push(LabelRule {
            re: re(&format!(
                r"(?i)(?:{})[\p{{Zs}}\t]*[:：][\p{{Zs}}\t]*",
                list.join("|")
            ))?,
            category: *category,
            strict: false,
            ascii_boundary: true,
        });
    }
    labels.push(LabelRule {
        re: re(&format!(
            r"(?i)(?:{})[\p{{Zs}}\t]*[:：][\p{{Zs}}\t]*",
            EN_NAME_LABELS.join("|")
        ))?,
        category: Category::Name,
        strict: true,
        ascii_boundary: true,
    });
    let form = |pattern: &str, category: Category, separated: bool, ascii_boundary: bool| {
        re(pattern).map(|re| FormRule {
            re,
            category,
            separated,
            ascii_boundary,
        })
    };
    let forms = vec![
        form(
            r"(?:[1-9][0-9])[\p{Zs}]?(?:周岁|岁)",
            Category::Age,
            false,
            true,
        )?,
        form(
            r"(?i)[1-9][0-9][\p{Zs}\-]?(?:years?[\p{Zs}\-]old|y/o)",
            Category::Age,
            false,
            true,
        )?,
        form(r"(?:[5-9][05]|0[05])后", Category::Age, false, true)?,
        form(
            r"(?:19|20)[0-9]{2}年(?:[01]?[0-9]月)?(?:[0-3]?[0-9]日)?(?:出生|生人)",
            Category::BirthDate,
            false,
            true,
        )?,
        form(
            r"(?i)\bborn[\p{Zs}]+(?:in|on)[\p{Zs}]+((?:[0-9]{1,2}[\p{Zs}]+)?(?:[A-Za-z]{3,9}\.?[\p{Zs}]+)?(?:[0-9]{1,2},?[\p{Zs}]+)?(?:19|20)[0-9]{2})",
            Category::BirthDate,
            false,
            false,
        )?,
        form(r"男性|女性|男|女", Category::Gender, true, false)?,
        form(
            r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?[\p{Zs}]+\p{Lu}",
            Category::Gender,
            false,
            false,
        )?,
        form(
            &format!("(?:{})族", ETHNIC_GROUPS.join("|")),
            Category::Ethnicity,
            true,
            false,
        )?,
        form(
            r"已婚已育|已婚未育|未婚未育|已婚|未婚|离异|丧偶|已育|未育",
            Category::MaritalStatus,
            true,
            false,
        )?,
        form(
            r"中共党员|中共预备党员|预备党员|共青团员|民主党派|群众",
            Category::PoliticalAffiliation,
            true,
            false,
        )?,
        form(
            r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}",
            Category::Contact,
            false,
            true,
        )?,
        form(
            r"(?:\+?86[\p{Zs}\-]?)?1[3-9][0-9](?:[\p{Zs}\-]?[0-9]{4}){2}",
            Category::Contact,
            false,
            true,
        )?,
        form(r"0[0-9]{2,3}-[0-9]{7,8}", Category::Contact, false, true)?,
    ];
    Ok(Statics {
        labels,
        forms,
        id18: re(r"[0-9]{17}[0-9Xx]|[0-9]{15}")?,
    })
}

/// Validates a resident ID number (GB 11643-1999): 18 characters with a valid birth date and
/// ISO 7064 MOD 11-2 check character, or the old 15-digit form with a valid birth date.
pub fn is_resident_id(s: &str) -> bool {
    let b = s.as_bytes();
    let date_ok = |y: u32, m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d) && y > 0;
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        std::str::from_utf8(b.get(r)?).ok()?.parse().ok()
    };
    match b.len() {
        18 => {
            const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            const CHECK: &[u8; 11] = b"10X98765432";
            let mut sum = 0;
            for (i, w) in WEIGHTS.iter().enumerate() {
                match b.get(i) {
                    Some(c) if c.is_ascii_digit() => sum += u32::from(c - b'0') * w,
                    _ => return false,
                }
            }
            let check = CHECK.get((sum % 11) as usize).copied();
            let last = b.get(17).map(u8::to_ascii_uppercase);
            let (Some(y), Some(m), Some(d)) = (num(6..10), num(10..12), num(12..14)) else {
                return false;
            };
            check == last && (1900..=2099).contains(&y) && date_ok(y, m, d)
        }
        15 => {
            let (Some(y), Some(m), Some(d)) = (num(6..8), num(8..10), num(10..12)) else {
                return false;
            };
            b.iter().all(u8::is_ascii_digit) && date_ok(y + 1900, m, d)
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Masking free text
// ---------------------------------------------------------------------------------------------

/// A masked stretch: `[start, end)` in code points, and what it was.
type Stretch = (usize, usize, Category);

/// A masked text and what was masked, in code points.
#[derive(Debug, Clone)]
struct Masked {
    text: String,
    stretches: Vec<Stretch>,
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '|' | '｜'
                | ','
                | '，'
                | '、'
                | ';'
                | '；'
                | '/'
                | '／'
                | '('
                | ')'
                | '（'
                | '）'
                | '['
                | ']'
                | '【'
                | '】'
                | '.'
                | '。'
                | ':'
                | '：'
                | '·'
                | '-'
        )
}

/// Characters that end a labelled value.
fn ends_value(c: char, mask: char) -> bool {
    c == mask
        || matches!(
            c,
            '\n' | '\r' | '\t' | '\u{3000}' | '|' | '｜' | '，' | ';' | '；' | '。' | '、'
        )
}

const MAX_VALUE_CHARS: usize = 60;

impl Redactor<'_> {
    fn mask_text(&self, text: &str) -> Masked {
        let mask = self.options.mask;
        // Byte-offset stretches first.
        let mut found: Vec<Stretch> = Vec::new();
        let before = |i: usize| text.get(..i).and_then(|s| s.chars().next_back());
        let after = |i: usize| text.get(i..).and_then(|s| s.chars().next());
        let ascii_free = |s: usize, e: usize| {
            !before(s).is_some_and(|c| c.is_ascii_alphanumeric())
                && !after(e).is_some_and(|c| c.is_ascii_alphanumeric())
        };

        // Names and literal values.
        if let Some(re) = &self.literals.names {
            for m in re.find_iter(text) {
                let s = m.as_str();
                let latin_edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                let starts_latin = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
                let ends_latin = s
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
                if (starts_latin && latin_edge(before(m.start())))
                    || (ends_latin && latin_edge(after(m.end())))
                {
                    continue;
                }
                found.push((m.start(), m.end(), Category::Name));
            }
        }
        if let Some(re) = &self.literals.name_parts {
            for m in re.find_iter(text) {
                if ascii_free(m.start(), m.end()) {
                    found.push((m.start(), m.end(), Category::Name));
                }
            }
        }
        if let Some(re) = &self.literals.values {
            for caps in re.captures_iter(text) {
                let hit = caps
                    .iter()
                    .enumerate()
                    .skip(1)
                    .find_map(|(i, g)| g.map(|g| (i, g)));
                if let Some((i, g)) = hit {
                    if let Some(c) = self.literals.categories.get(i - 1) {
                        found.push((g.start(), g.end(), *c));
                    }
                }
            }
        }

        // Labelled values.
        let mut labels: Vec<Stretch> = Vec::new();
        for rule in &self.statics.labels {
            if !enabled(self.options, rule.category) {
                continue;
            }
            for m in rule.re.find_iter(text) {
                if rule.ascii_boundary
                    && before(m.start()).is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    continue;
                }
                if rule.strict && !field_start(text, m.start()) {
                    continue;
                }
                labels.push((m.start(), m.end(), rule.category));
            }
        }
        labels.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut kept_labels: Vec<Stretch> = Vec::new();
        for l in labels {
            if kept_labels.last().is_some_and(|k| l.0 < k.1) {
                continue;
            }
            kept_labels.push(l);
        }
        for (i, (_, value_start, category)) in kept_labels.iter().enumerate() {
            let next_label = kept_labels.get(i + 1).map_or(text.len(), |n| n.0);
            let mut end = *value_start;
            let mut prev_space = false;
            let rest = text.get(*value_start..next_label).unwrap_or_default();
            for (count, (off, c)) in rest.char_indices().enumerate() {
                if ends_value(c, mask) || count >= MAX_VALUE_CHARS {
                    break;
                }
                let is_space = c.is_whitespace();
                if is_space && prev_space {
                    break; // two spaces end a field
                }
                if c == ',' {
                    // `12 May, 1994` keeps going; a comma before anything else ends the value.
                    let tail = rest.get(off + 1..).unwrap_or_default();
                    let continues = *category == Category::BirthDate
                        && tail.trim_start().starts_with(|d: char| d.is_ascii_digit());
                    if !continues {
                        break;
                    }
                }
                prev_space = is_space;
                if !is_space {
                    end = value_start + off + c.len_utf8();
                }
            }
            if end > *value_start {
                found.push((*value_start, end, *category));
            }
        }

        // Unlabelled forms.
        for rule in &self.statics.forms {
            if !enabled(self.options, rule.category) {
                continue;
            }
            for caps in rule.re.captures_iter(text) {
                let Some(m) = caps.get(1).or_else(|| caps.get(0)) else {
                    continue;
                };
                let whole = caps.get(0).unwrap_or(m);
                if rule.ascii_boundary && !ascii_free(whole.start(), whole.end()) {
                    continue;
                }
                if rule.ascii_boundary
                    && rule.category == Category::Contact
                    && (before(whole.start()).is_some_and(|c| c.is_ascii_digit() || c == '+')
                        || after(whole.end()).is_some_and(|c| c.is_ascii_digit()))
                {
                    continue;
                }
                if rule.separated
                    && !(before(m.start()).is_none_or(is_separator)
                        && after(m.end()).is_none_or(is_separator))
                {
                    continue;
                }
                let end = if rule.category == Category::Gender
                    && m.as_str().ends_with(char::is_uppercase)
                {
                    // `Ms. Zhang`: the honorific only.
                    m.as_str()
                        .trim_end_matches(|c: char| c.is_uppercase() || c.is_whitespace())
                        .len()
                        + m.start()
                } else {
                    m.end()
                };
                found.push((m.start(), end, rule.category));
            }
        }

        // ID numbers without a label: valid resident IDs only.
        for m in self.statics.id18.find_iter(text) {
            if m.as_str().len() == 18
                && ascii_free(m.start(), m.end())
                && is_resident_id(m.as_str())
            {
                found.push((m.start(), m.end(), Category::IdNumber));
            }
        }

        // To code points, merged, skipping stretches already fully masked.
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let cp = |b: usize| starts.partition_point(|&s| s < b);
        let chars: Vec<char> = text.chars().collect();
        let mut spans: Vec<Stretch> = found
            .into_iter()
            .map(|(s, e, c)| (cp(s), cp(e), c))
            .filter(|(s, e, _)| s < e)
            .collect();
        spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut merged: Vec<Stretch> = Vec::new();
        for s in spans {
            match merged.last_mut() {
                Some(last) if s.0 < last.1 => last.1 = last.1.max(s.1),
                _ => merged.push(s),
            }
        }
        merged.retain(|(s, e, _)| {
            chars
                .get(*s..*e)
                .is_some_and(|cs| cs.iter().any(|c| *c != mask && !c.is_whitespace()))
        });
        let mut out = String::with_capacity(text.len());
        let mut k = 0;
        for (i, c) in chars.iter().enumerate() {
            while merged.get(k).is_some_and(|m| m.1 <= i) {
                k += 1;
            }
            let inside = merged.get(k).is_some_and(|m| m.0 <= i && i < m.1);
            // Line breaks stay, so the text's layout (and every offset) survives.
            out.push(if inside && *c != '\n' && *c != '\r' {
                mask
            } else {
                *c
            });
        }
        Masked {
            text: out,
            stretches: merged,
        }
    }
}

/// True when a label at byte `i` starts a field: line start, after a separator, a tab or two
/// spaces.
fn field_start(text: &str, i: usize) -> bool {
    let head = text.get(..i).unwrap_or_default();
    let mut rev = head.chars().rev();
    match rev.next() {
        None => true,
        Some(c) if c == '\n' || c == '\t' || c == '\u{3000}' => true,
        Some(' ') => matches!(
            rev.next(),
            None | Some(' ') | Some('\n') | Some('|') | Some('｜')
        ),
        Some(c) => matches!(c, '|' | '｜' | ',' | '，' | ';' | '；' | '、' | '•' | '·'),
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 2: remove fields, mask text
// ---------------------------------------------------------------------------------------------

struct Redactor<'o> {
    options: &'o RedactOptions,
    statics: &'static Statics,
    literals: Literals,
    transcripts: HashMap<(String, String), String>,
    removed: Vec<Removal>,
}

/// Where the walk is: the section, where it starts in the path, and the text spans point into.
#[derive(Clone)]
struct Ctx {
    section: Section,
    root: usize,
    /// (original, masked) text that spans below point into.
    source: Option<Rc<(Vec<char>, Masked)>>,
    /// The interview a scorecard scores.
    interview_id: Option<String>,
}

impl Ctx {
    fn root() -> Ctx {
        Ctx {
            section: Section::Other,
            root: 0,
            source: None,
            interview_id: None,
        }
    }
}

impl Redactor<'_> {
    fn record(&mut self, path: &[String], category: Category, range: Option<(usize, usize)>) {
        self.removed.push(Removal {
            pointer: pointer(path),
            category,
            start: range.map(|r| r.0 as u64),
            end: range.map(|r| r.1 as u64),
        });
    }

    fn masked_source(&self, text: &str) -> Rc<(Vec<char>, Masked)> {
        Rc::new((text.chars().collect(), self.mask_text(text)))
    }

    fn walk(&mut self, value: &Value, path: &mut Vec<String>, ctx_in: &Ctx) -> Option<Value> {
        match value {
            Value::Object(map) => Some(Value::Object(self.walk_object(map, path, ctx_in))),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, child) in items.iter().enumerate() {
                    path.push(i.to_string());
                    if let Some(v) = self.walk(child, path, ctx_in) {
                        out.push(v);
                    }
                    path.pop();
                }
                Some(Value::Array(out))
            }
            Value::String(s) => {
                let masked = self.mask_text(s);
                for (a, b, c) in &masked.stretches {
                    self.record(path, *c, Some((*a, *b)));
                }
                Some(Value::String(masked.text))
            }
            other => Some(other.clone()),
        }
    }

    fn walk_object(
        &mut self,
        map: &Map<String, Value>,
        path: &mut Vec<String>,
        ctx_in: &Ctx,
    ) -> Map<String, Value> {
        let mut ctx = ctx_in.clone();
        if let Some(section) = Section::of(map) {
            ctx = Ctx {
                section,
                root: path.len(),
                source: None,
                interview_id: None,
            };
            match section {
                Section::Resume => {
                    if let Some(raw) = map.get("raw_text").and_then(Value::as_str) {
                        ctx.source = Some(self.masked_source(raw));
                    }
                }
                Section::Scorecard => {
                    ctx.interview_id = map
                        .get("interview_id")
                        .and_then(Value::as_str)
                        .map(str::to_string);
                }
                _ => {}
            }
        }
        let rel: Vec<String> = path.get(ctx.root..).unwrap_or_default().to_vec();
        // Scorecard evidence: its span points into the answer's transcript.
        if ctx.section == Section::Scorecard && rel_matches("competencies/*/evidence/*", &rel) {
            ctx.source = map
                .get("question_id")
                .and_then(Value::as_str)
                .and_then(|q| self.transcript(ctx.interview_id.as_deref(), q))
                .map(|t| self.masked_source(&t));
        }
        let is_conflicts = ctx.section == Section::Profile && rel_matches("conflicts/*", &rel);
        if is_conflicts {
            if let Some(c) = map
                .get("field")
                .and_then(Value::as_str)
                .and_then(conflict_category)
                .filter(|c| enabled(self.options, *c))
            {
                // Signal removal of the whole conflict to the caller via a marker.
                self.record(path, c, None);
                let mut marker = Map::new();
                marker.insert(REMOVED_MARKER.into(), Value::Bool(true));
                return marker;
            }
        }
        let span_fix = self.span_text(map, &ctx);
        let mut out = Map::new();
        for (key, child) in map {
            path.push(key.clone());
            let rel = path.get(ctx.root..).unwrap_or_default();
            let category = field_category(ctx.section, rel)
                .or_else(|| key_category(key))
                .filter(|c| enabled(self.options, *c));
            if let Some(c) = category {
                self.record(path, c, None);
                path.pop();
                continue;
            }
            let new = if key == "text" && span_fix.is_some() {
                span_fix.clone().map(|(text, stretches)| {
                    for (a, b, c) in stretches {
                        self.record(path, c, Some((a, b)));
                    }
                    Value::String(text)
                })
            } else if is_identifier_key(key) {
                Some(child.clone())
            } else if key == "conflicts"
                && ctx.section == Section::Profile
                && path.len() == ctx.root + 1
            {
                let v = self.walk(child, path, &ctx);
                v.map(|v| match v {
                    Value::Array(items) => Value::Array(
                        items
                            .into_iter()
                            .filter(|i| i.get(REMOVED_MARKER).is_none())
                            .collect(),
                    ),
                    other => other,
                })
            } else {
                self.walk(child, path, &ctx)
            };
            if let Some(v) = new {
                out.insert(key.clone(), v);
            }
            path.pop();
        }
        out
    }

    fn transcript(&self, interview_id: Option<&str>, question_id: &str) -> Option<String> {
        if let Some(i) = interview_id {
            return self
                .transcripts
                .get(&(i.to_string(), question_id.to_string()))
                .cloned();
        }
        let mut hits = self
            .transcripts
            .iter()
            .filter(|((_, q), _)| q == question_id);
        match (hits.next(), hits.next()) {
            (Some((_, t)), None) => Some(t.clone()),
            _ => None,
        }
    }

    /// For a span object whose `text` equals its source slice: the masked slice and the
    /// stretches inside it.
    fn span_text(&self, map: &Map<String, Value>, ctx: &Ctx) -> Option<(String, Vec<Stretch>)> {
        let source = ctx.source.as_ref()?;
        let start = usize::try_from(map.get("start")?.as_u64()?).ok()?;
        let end = usize::try_from(map.get("end")?.as_u64()?).ok()?;
        let text = map.get("text")?.as_str()?;
        let (orig, masked) = (&source.0, &source.1);
        let slice: String = orig.get(start..end)?.iter().collect();
        if slice != text {
            return None;
        }
        let new: String = masked.text.chars().skip(start).take(end - start).collect();
        let stretches = masked
            .stretches
            .iter()
            .filter(|(a, b, _)| *a < end && *b > start)
            .map(|(a, b, c)| ((*a).max(start) - start, (*b).min(end) - start, *c))
            .collect();
        Some((new, stretches))
    }
}

const REMOVED_MARKER: &str = "\u{0}removed";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn run(doc: Value) -> Value {
        redact_value(&json!({ "document": doc })).unwrap()
    }

    fn resume_text(text: &str) -> String {
        let out = run(json!({"schema_version": 1, "kind": "resume", "raw_text": text}));
        out["document"]["raw_text"].as_str().unwrap().to_string()
    }

    #[test]
    fn resident_id_checksum() {
        // GB 11643-1999 example numbers with hand-checked check characters.
        assert!(is_resident_id("11010519491231002X"));
        assert!(is_resident_id("110101199003078515"));
        assert!(!is_resident_id("110101199003078514")); // wrong check digit
        assert!(!is_resident_id("110101199013078515")); // month 13
        assert!(is_resident_id("110105491231002")); // 15-digit form
        assert!(!is_resident_id("12345"));
    }

    #[test]
    fn chinese_labels() {
        assert_eq!(
            resume_text("性别：男  民族：汉族  籍贯：湖南长沙\n出生年月：1995.06\n年龄：28岁"),
            "性别：█  民族：██  籍贯：████\n出生年月：███████\n年龄：███"
        );
        assert_eq!(
            resume_text("婚姻状况：已婚 | 身份证号：110101199003078514"),
            "婚姻状况：██ | 身份证号：██████████████████"
        );
    }

    #[test]
    fn english_labels() {
        assert_eq!(
            resume_text(
                "Gender: Female\nDate of Birth: 12 May, 1994  Age: 29\nMarital status: Married"
            ),
            "Gender: ██████\nDate of Birth: ████████████  Age: ██\nMarital status: ███████"
        );
        // `Company Name:` is not a person's name.
        assert_eq!(resume_text("Company Name: Acme"), "Company Name: Acme");
        assert_eq!(resume_text("Name: Li Lei"), "Name: ██████");
    }

    #[test]
    fn unlabelled_forms() {
        assert_eq!(
            resume_text("张三 | 男 | 28岁 | 汉族 | 已婚 | 90后"),
            "张三 | █ | ███ | ██ | ██ | ███"
        );
        // Not between separators: a word, not a gender.
        assert_eq!(resume_text("男装销售"), "男装销售");
        assert_eq!(
            resume_text("Contact Ms. Chen today"),
            "Contact ███ Chen today"
        );
        // Valid ID without a label is masked; an invalid checksum without a label is not.
        assert_eq!(
            resume_text("ID 110101199003078515."),
            "ID ██████████████████."
        );
        assert_eq!(
            resume_text("订单 110101199003078514"),
            "订单 110101199003078514"
        );
    }
}
