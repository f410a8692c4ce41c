//! The competency model and question bank: typed data, the embedded default, vendor extensions,
//! the content-hash version and filtered listing.
//!
//! Request (`bank_list`): `{"lang"?: "zh"|"en", "competency"?: ID, "role_family"?: TAG,
//! "type"?: "behavioral"|"situational"|"technical"|"scenario", "extension"?: {"competencies"?: [...],
//! "questions"?: [...]}}`.
//!
//! Response: `{"version": HEX64, "competencies": [COMPETENCY...], "questions": [QUESTION...]}`
//! where every bilingual text is `{"zh", "en"}` without `lang` and a plain string with it.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};

const EMBEDDED_COMPETENCIES: &str = include_str!("../../data/interview/competencies.json");
const EMBEDDED_QUESTIONS: &str = include_str!("../../data/interview/questions.json");

/// The most competencies a bank (embedded plus extension) may hold.
pub const MAX_COMPETENCIES: usize = 1_000;
/// The most questions a bank (embedded plus extension) may hold.
pub const MAX_QUESTIONS: usize = 20_000;
/// The longest text (in characters) of any single bilingual field.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Shortest and longest allowed `time_limit_seconds`.
pub const TIME_LIMIT_RANGE: (u32, u32) = (30, 1_800);

/// The role families of the embedded bank (vendors may add their own tags).
pub const ROLE_FAMILIES: [&str; 7] = [
    "relationship_manager",
    "data_analyst",
    "sales",
    "software_engineer",
    "operations",
    "campus_hire",
    "general",
];

/// A text in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// `{"zh", "en"}` without a language, the plain string with one.
    fn render(&self, lang: Option<Lang>) -> Value {
        match lang {
            Some(l) => Value::String(self.get(l).to_string()),
            None => json!({"zh": self.zh, "en": self.en}),
        }
    }
}

/// A language of the bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Simplified Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `zh` or `en`.
    pub fn parse(name: &str, field: &str) -> Result<Lang> {
        match name {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(invalid(field, format!("one of zh, en; got {name:?}"))),
        }
    }
}

/// What kind of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionType {
    /// Past behaviour, answered with STAR (situation, task, action, result).
    Behavioral,
    /// A hypothetical situation: "what would you do if …".
    Situational,
    /// Knowledge and skill of the job (SQL, debugging, product rules).
    Technical,
    /// A work-sample task played out in the answer (a complaint call, a design sketch).
    Scenario,
}

impl QuestionType {
    /// Every type, in the order listed in errors.
    pub const ALL: [QuestionType; 4] = [
        QuestionType::Behavioral,
        QuestionType::Situational,
        QuestionType::Technical,
        QuestionType::Scenario,
    ];

    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            QuestionType::Behavioral => "behavioral",
            QuestionType::Situational => "situational",
            QuestionType::Technical => "technical",
            QuestionType::Scenario => "scenario",
        }
    }

    /// The type called `name`.
    pub fn parse(name: &str, field: &str) -> Result<QuestionType> {
        QuestionType::ALL
            .iter()
            .copied()
            .find(|t| t.name() == name)
            .ok_or_else(|| {
                invalid(
                    field,
                    format!("one of behavioral, situational, technical, scenario; got {name:?}"),
                )
            })
    }
}

/// One level of a behaviourally anchored rating scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// 1 (weakest) to 5 (strongest).
    pub level: u8,
    /// A short label ("basic", "role model").
    pub label: Text,
    /// Observable behaviours that show this level.
    pub indicators: Vec<Text>,
}

/// A competency with its rating scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competency {
    /// Stable id (`communication`).
    pub id: String,
    /// Display name.
    pub name: Text,
    /// What the competency means.
    pub definition: Text,
    /// Levels 1 to 5, in order.
    pub levels: Vec<Level>,
}

/// What weak (1), adequate (3) and strong (5) answers to one question contain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    /// Level 1 anchor.
    #[serde(rename = "1")]
    pub weak: Text,
    /// Level 3 anchor.
    #[serde(rename = "3")]
    pub adequate: Text,
    /// Level 5 anchor.
    #[serde(rename = "5")]
    pub strong: Text,
}

/// One interview question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id (`comm-001`).
    pub id: String,
    /// What kind of question.
    #[serde(rename = "type")]
    pub question_type: QuestionType,
    /// Competency ids it measures, primary first.
    pub competencies: Vec<String>,
    /// Role-family tags (`relationship_manager`, `general` …).
    pub role_families: Vec<String>,
    /// Suggested answer time.
    pub time_limit_seconds: u32,
    /// The question.
    pub text: Text,
    /// Probing follow-up questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<Text>,
    /// Question-specific anchors for levels 1, 3 and 5.
    pub rubric: Rubric,
}

/// Which questions [`Bank::list`] returns; `None` fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Questions measuring this competency (primary or secondary).
    pub competency: Option<String>,
    /// Questions tagged with this role family.
    pub role_family: Option<String>,
    /// Questions of this type.
    pub question_type: Option<QuestionType>,
}

/// A validated competency model and question bank with its content-hash version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bank {
    competencies: Vec<Competency>,
    questions: Vec<Question>,
    version: String,
}

#[derive(Serialize)]
struct Content<'a> {
    competencies: &'a [Competency],
    questions: &'a [Question],
}

static EMBEDDED: OnceLock<std::result::Result<Bank, String>> = OnceLock::new();

impl Bank {
    /// The embedded default bank, parsed and validated once.
    ///
    /// A failure here is a bug in the embedded data and comes back as [`Error::Internal`].
    #[allow(clippy::should_implement_trait)]
    pub fn default() -> Result<&'static Bank> {
        EMBEDDED
            .get_or_init(|| parse_embedded().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Internal(format!("embedded interview bank: {e}")))
    }

    /// A bank from `{"competencies": [...], "questions": [...]}`, fully validated.
    pub fn from_value(value: &Value) -> Result<Bank> {
        let obj = object(value, "bank")?;
        let competencies = match obj.get("competencies") {
            Some(v) => parse_competencies(v, "competencies")?,
            None => return Err(invalid("competencies", "an array of competencies")),
        };
        let questions = match obj.get("questions") {
            Some(v) => parse_questions(v, "questions")?,
            None => return Err(invalid("questions", "an array of questions")),
        };
        Bank::build(competencies, questions, &[], &[])
    }

    /// This bank with a vendor extension `{"competencies"?: [...], "questions"?: [...]}` applied:
    /// an item whose id is already in the bank replaces it in place, others are appended.
    ///
    /// Errors name the field inside the extension (`questions[3].text.zh`).
    pub fn extend(&self, extension: &Value) -> Result<Bank> {
        let obj = object(extension, "extension")?;
        for key in obj.keys() {
            if key != "competencies" && key != "questions" {
                return Err(invalid(
                    key,
                    "only `competencies` and `questions` in an extension",
                ));
            }
        }
        let new_competencies = match obj.get("competencies") {
            Some(v) => parse_competencies(v, "competencies")?,
            None => Vec::new(),
        };
        let new_questions = match obj.get("questions") {
            Some(v) => parse_questions(v, "questions")?,
            None => Vec::new(),
        };
        let mut competencies = self.competencies.clone();
        for c in &new_competencies {
            match competencies.iter_mut().find(|x| x.id == c.id) {
                Some(slot) => *slot = c.clone(),
                None => competencies.push(c.clone()),
            }
        }
        let mut questions = self.questions.clone();
        // Index by id so that large extensions stay linear.
        let mut index: HashMap<String, usize> = questions
            .iter()
            .enumerate()
            .map(|(i, q)| (q.id.clone(), i))
            .collect();
        for q in &new_questions {
            match index.get(&q.id).and_then(|&i| questions.get_mut(i)) {
                Some(slot) => *slot = q.clone(),
                None => {
                    index.insert(q.id.clone(), questions.len());
                    questions.push(q.clone());
                }
            }
        }
        Bank::build(competencies, questions, &new_competencies, &new_questions)
    }

    /// Checks cross-references and limits, and computes the version. `fresh_*` are the items
    /// just parsed (an extension), so that errors point into them where possible.
    fn build(
        competencies: Vec<Competency>,
        questions: Vec<Question>,
        fresh_competencies: &[Competency],
        fresh_questions: &[Question],
    ) -> Result<Bank> {
        if competencies.len() > MAX_COMPETENCIES {
            return Err(Error::LimitExceeded {
                what: "number of competencies".into(),
                limit: MAX_COMPETENCIES as u64,
                actual: competencies.len() as u64,
            });
        }
        if questions.len() > MAX_QUESTIONS {
            return Err(Error::LimitExceeded {
                what: "number of questions".into(),
                limit: MAX_QUESTIONS as u64,
                actual: questions.len() as u64,
            });
        }
        // Duplicate ids inside one list (the merge itself cannot create any).
        let fresh_is_extension = !fresh_competencies.is_empty() || !fresh_questions.is_empty();
        let check_c: &[Competency] = if fresh_is_extension {
            fresh_competencies
        } else {
            &competencies
        };
        let check_q: &[Question] = if fresh_is_extension {
            fresh_questions
        } else {
            &questions
        };
        let mut seen = HashMap::new();
        for (i, c) in check_c.iter().enumerate() {
            if let Some(first) = seen.insert(c.id.as_str(), i) {
                return Err(invalid(
                    &format!("competencies[{i}].id"),
                    format!(
                        "an id not used before; {:?} is also competencies[{first}].id",
                        c.id
                    ),
                ));
            }
        }
        let mut seen = HashMap::new();
        for (i, q) in check_q.iter().enumerate() {
            if let Some(first) = seen.insert(q.id.as_str(), i) {
                return Err(invalid(
                    &format!("questions[{i}].id"),
                    format!(
                        "an id not used before; {:?} is also questions[{first}].id",
                        q.id
                    ),
                ));
            }
        }
        let known: BTreeSet<&str> = competencies.iter().map(|c| c.id.as_str()).collect();
        for (i, q) in check_q.iter().enumerate() {
            for (j, c) in q.competencies.iter().enumerate() {
                if !known.contains(c.as_str()) {
                    return Err(invalid(
                        &format!("questions[{i}].competencies[{j}]"),
                        format!("a competency id of the bank ({}); got {c:?}", join(&known)),
                    ));
                }
            }
        }
        // A replaced competency could be the only one some unchanged question refers to; the
        // check above covers fresh questions, this one every question (ids are never removed,
        // so it cannot fail today, but it keeps the invariant explicit).
        for q in &questions {
            if let Some(c) = q.competencies.iter().find(|c| !known.contains(c.as_str())) {
                return Err(Error::Internal(format!(
                    "question {} refers to unknown competency {c}",
                    q.id
                )));
            }
        }
        let content = serde_json::to_value(Content {
            competencies: &competencies,
            questions: &questions,
        })
        .map_err(|e| Error::Internal(format!("serialising the bank: {e}")))?;
        let version = crate::trail::content_hash(&content);
        Ok(Bank {
            competencies,
            questions,
            version,
        })
    }

    /// Lower-case hex SHA-256 of the canonical JSON of `{"competencies", "questions"}`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Every competency, in bank order.
    pub fn competencies(&self) -> &[Competency] {
        &self.competencies
    }

    /// Every question, in bank order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The competency with this id.
    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.competencies.iter().find(|c| c.id == id)
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Every role-family tag used by some question, sorted.
    pub fn role_families(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self
            .questions
            .iter()
            .flat_map(|q| q.role_families.iter().map(String::as_str))
            .collect();
        set.into_iter().collect()
    }

    /// The questions matching `filter`, in bank order.
    ///
    /// An unknown competency or role family is an [`Error::InvalidArgument`] listing the valid
    /// values (`competency`, `role_family`).
    pub fn list(&self, filter: &Filter) -> Result<Vec<&Question>> {
        if let Some(c) = &filter.competency {
            if self.competency(c).is_none() {
                let ids: BTreeSet<&str> = self.competencies.iter().map(|c| c.id.as_str()).collect();
                return Err(invalid(
                    "competency",
                    format!("one of {}; got {c:?}", join(&ids)),
                ));
            }
        }
        if let Some(r) = &filter.role_family {
            let families = self.role_families();
            if !families.contains(&r.as_str()) {
                return Err(invalid(
                    "role_family",
                    format!("one of {}; got {r:?}", families.join(", ")),
                ));
            }
        }
        Ok(self
            .questions
            .iter()
            .filter(|q| {
                filter
                    .competency
                    .as_ref()
                    .is_none_or(|c| q.competencies.contains(c))
            })
            .filter(|q| {
                filter
                    .role_family
                    .as_ref()
                    .is_none_or(|r| q.role_families.contains(r))
            })
            .filter(|q| filter.question_type.is_none_or(|t| q.question_type == t))
            .collect())
    }
}

fn parse_embedded() -> Result<Bank> {
    let competencies = crate::json::parse_str(EMBEDDED_COMPETENCIES)?;
    let questions = crate::json::parse_str(EMBEDDED_QUESTIONS)?;
    let c = object(&competencies, "competencies.json")?
        .get("competencies")
        .cloned()
        .unwrap_or(Value::Null);
    let q = object(&questions, "questions.json")?
        .get("questions")
        .cloned()
        .unwrap_or(Value::Null);
    Bank::from_value(&json!({"competencies": c, "questions": q}))
}

// ---------------------------------------------------------------------------------------------
// JSON entry point
// ---------------------------------------------------------------------------------------------

/// `bank_list`: `{"lang"?, "competency"?, "role_family"?, "type"?, "extension"?}` →
/// `{"version", "competencies", "questions"}` (see the module docs).
///
/// `competencies` holds every competency, or only the filtered one. Errors inside the extension
/// are named `extension.questions[3].text.zh`.
pub fn bank_list_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    for key in req.keys() {
        if !["lang", "competency", "role_family", "type", "extension"].contains(&key.as_str()) {
            return Err(invalid(
                key,
                "only lang, competency, role_family, type and extension in a bank_list request",
            ));
        }
    }
    let lang = match req.get("lang") {
        None | Some(Value::Null) => None,
        Some(v) => Some(Lang::parse(string(v, "lang")?, "lang")?),
    };
    let optional = |key: &str| -> Result<Option<String>> {
        match req.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => Ok(Some(string(v, key)?.to_string())),
        }
    };
    let question_type = match optional("type")? {
        Some(t) => Some(QuestionType::parse(&t, "type")?),
        None => None,
    };
    let filter = Filter {
        competency: optional("competency")?,
        role_family: optional("role_family")?,
        question_type,
    };
    let base = Bank::default()?;
    let extended;
    let bank = match req.get("extension") {
        None | Some(Value::Null) => base,
        Some(ext) => {
            extended = base.extend(ext).map_err(|e| prefix_error(e, "extension"))?;
            &extended
        }
    };
    let questions = bank.list(&filter)?;
    let competencies: Vec<Value> = bank
        .competencies
        .iter()
        .filter(|c| filter.competency.as_ref().is_none_or(|f| &c.id == f))
        .map(|c| render_competency(c, lang))
        .collect();
    Ok(json!({
        "version": bank.version,
        "competencies": competencies,
        "questions": questions.iter().map(|q| render_question(q, lang)).collect::<Vec<_>>(),
    }))
}

/// A competency as JSON, texts in `lang` when given.
pub fn render_competency(c: &Competency, lang: Option<Lang>) -> Value {
    let levels: Vec<Value> = c
        .levels
        .iter()
        .map(|l| {
            json!({
                "level": l.level,
                "label": l.label.render(lang),
                "indicators": l.indicators.iter().map(|t| t.render(lang)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "id": c.id,
        "name": c.name.render(lang),
        "definition": c.definition.render(lang),
        "levels": levels,
    })
}

/// A question as JSON, texts in `lang` when given.
pub fn render_question(q: &Question, lang: Option<Lang>) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(q.id));
    out.insert("type".into(), json!(q.question_type.name()));
    out.insert("competencies".into(), json!(q.competencies));
    out.insert("role_families".into(), json!(q.role_families));
    out.insert("time_limit_seconds".into(), json!(q.time_limit_seconds));
    out.insert("text".into(), q.text.render(lang));
    if !q.follow_ups.is_empty() {
        let f: Vec<Value> = q.follow_ups.iter().map(|t| t.render(lang)).collect();
        out.insert("follow_ups".into(), Value::Array(f));
    }
    out.insert(
        "rubric".into(),
        json!({
            "1": q.rubric.weak.render(lang),
            "3": q.rubric.adequate.render(lang),
            "5": q.rubric.strong.render(lang),
        }),
    );
    Value::Object(out)
}

fn prefix_error(e: Error, prefix: &str) -> Error {
    match e {
        Error::InvalidArgument { name, expected } => Error::InvalidArgument {
            name: if name == prefix {
                name
            } else {
                format!("{prefix}.{name}")
            },
            expected,
        },
        other => other,
    }
}

// ---------------------------------------------------------------------------------------------
// Field-by-field parsing (so errors name the exact field)
// ---------------------------------------------------------------------------------------------

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

fn join(set: &BTreeSet<&str>) -> String {
    set.iter().copied().collect::<Vec<_>>().join(", ")
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| invalid(path, "an object"))
}

fn array<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>> {
    v.as_array().ok_or_else(|| invalid(path, "an array"))
}

fn string<'a>(v: &'a Value, path: &str) -> Result<&'a str> {
    v.as_str().ok_or_else(|| invalid(path, "a string"))
}

fn field<'a>(obj: &'a Map<String, Value>, key: &str, path: &str) -> Result<&'a Value> {
    obj.get(key)
        .ok_or_else(|| invalid(&format!("{path}.{key}"), "a value (the field is missing)"))
}

fn no_unknown(obj: &Map<String, Value>, allowed: &[&str], path: &str) -> Result<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(
            &format!("{path}.{k}"),
            format!("no such field; allowed: {}", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

fn id(v: &Value, path: &str) -> Result<String> {
    let s = string(v, path)?;
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(s.to_string())
    } else {
        Err(invalid(
            path,
            format!("1–64 characters of a-z, 0-9, _ and -; got {s:?}"),
        ))
    }
}

fn text(v: &Value, path: &str) -> Result<Text> {
    let obj = object(v, path)?;
    no_unknown(obj, &["zh", "en"], path)?;
    let one = |key: &str| -> Result<String> {
        let p = format!("{path}.{key}");
        let s = string(field(obj, key, path)?, &p)?;
        let chars = s.chars().count();
        if s.trim().is_empty() {
            Err(invalid(&p, "a non-empty text"))
        } else if chars > MAX_TEXT_CHARS {
            Err(invalid(
                &p,
                format!("at most {MAX_TEXT_CHARS} characters; got {chars}"),
            ))
        } else {
            Ok(s.to_string())
        }
    };
    Ok(Text {
        zh: one("zh")?,
        en: one("en")?,
    })
}

fn texts(v: &Value, path: &str, min: usize, max: usize) -> Result<Vec<Text>> {
    let items = array(v, path)?;
    if items.len() < min || items.len() > max {
        return Err(invalid(
            path,
            format!("{min} to {max} texts; got {}", items.len()),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, t)| text(t, &format!("{path}[{i}]")))
        .collect()
}

fn parse_competencies(v: &Value, path: &str) -> Result<Vec<Competency>> {
    array(v, path)?
        .iter()
        .enumerate()
        .map(|(i, c)| parse_competency(c, &format!("{path}[{i}]")))
        .collect()
}

fn parse_competency(v: &Value, path: &str) -> Result<Competency> {
    let obj = object(v, path)?;
    no_unknown(obj, &["id", "name", "definition", "levels"], path)?;
    let levels_path = format!("{path}.levels");
    let raw_levels = array(field(obj, "levels", path)?, &levels_path)?;
    if raw_levels.len() != 5 {
        return Err(invalid(
            &levels_path,
            format!("exactly 5 levels (1 to 5); got {}", raw_levels.len()),
        ));
    }
    let mut levels = Vec::with_capacity(5);
    for (i, l) in raw_levels.iter().enumerate() {
        let lp = format!("{levels_path}[{i}]");
        let lo = object(l, &lp)?;
        no_unknown(lo, &["level", "label", "indicators"], &lp)?;
        let expected = i + 1;
        let level = field(lo, "level", &lp)?;
        if level.as_u64() != Some(expected as u64) {
            return Err(invalid(
                &format!("{lp}.level"),
                format!("{expected} (levels are listed 1 to 5 in order); got {level}"),
            ));
        }
        levels.push(Level {
            level: expected as u8,
            label: text(field(lo, "label", &lp)?, &format!("{lp}.label"))?,
            indicators: texts(
                field(lo, "indicators", &lp)?,
                &format!("{lp}.indicators"),
                1,
                10,
            )?,
        });
    }
    Ok(Competency {
        id: id(field(obj, "id", path)?, &format!("{path}.id"))?,
        name: text(field(obj, "name", path)?, &format!("{path}.name"))?,
        definition: text(
            field(obj, "definition", path)?,
            &format!("{path}.definition"),
        )?,
        levels,
    })
}

fn parse_questions(v: &Value, path: &str) -> Result<Vec<Question>> {
    array(v, path)?
        .iter()
        .enumerate()
        .map(|(i, q)| parse_question(q, &format!("{path}[{i}]")))
        .collect()
}

fn parse_question(v: &Value, path: &str) -> Result<Question> {
    let obj = object(v, path)?;
    no_unknown(
        obj,
        &[
            "id",
            "type",
            "competencies",
            "role_families",
            "time_limit_seconds",
            "text",
            "follow_ups",
            "rubric",
        ],
        path,
    )?;
    let qid = id(field(obj, "id", path)?, &format!("{path}.id"))?;
    let tp = format!("{path}.type");
    let question_type = QuestionType::parse(string(field(obj, "type", path)?, &tp)?, &tp)?;
    let ids = |key: &str| -> Result<Vec<String>> {
        let p = format!("{path}.{key}");
        let items = array(field(obj, key, path)?, &p)?;
        if items.is_empty() || items.len() > 12 {
            return Err(invalid(&p, format!("1 to 12 ids; got {}", items.len())));
        }
        let mut out: Vec<String> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let s = id(item, &format!("{p}[{i}]"))?;
            if out.contains(&s) {
                return Err(invalid(
                    &format!("{p}[{i}]"),
                    format!("no repeats; {s:?} is listed twice"),
                ));
            }
            out.push(s);
        }
        Ok(out)
    };
    let competencies = ids("competencies")?;
    let role_families = ids("role_families")?;
    let lp = format!("{path}.time_limit_seconds");
    let limit = field(obj, "time_limit_seconds", path)?;
    let (lo, hi) = TIME_LIMIT_RANGE;
    let time_limit_seconds = match limit.as_u64() {
        Some(n) if n >= u64::from(lo) && n <= u64::from(hi) => n as u32,
        _ => {
            return Err(invalid(
                &lp,
                format!("a whole number of seconds from {lo} to {hi}; got {limit}"),
            ))
        }
    };
    let question_text = text(field(obj, "text", path)?, &format!("{path}.text"))?;
    let follow_ups = match obj.get("follow_ups") {
        None => Vec::new(),
        Some(f) => texts(f, &format!("{path}.follow_ups"), 0, 10)?,
    };
    let rp = format!("{path}.rubric");
    let ro = object(field(obj, "rubric", path)?, &rp)?;
    no_unknown(ro, &["1", "3", "5"], &rp)?;
    let rubric = Rubric {
        weak: text(field(ro, "1", &rp)?, &format!("{rp}.1"))?,
        adequate: text(field(ro, "3", &rp)?, &format!("{rp}.3"))?,
        strong: text(field(ro, "5", &rp)?, &format!("{rp}.5"))?,
    };
    Ok(Question {
        id: qid,
        question_type,
        competencies,
        role_families,
        time_limit_seconds,
        text: question_text,
        follow_ups,
        rubric,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::trail::hex;
    use sha2::{Digest, Sha256};

    fn tiny_question(id: &str, competency: &str) -> Value {
        let t = json!({"zh": "请举一个例子。", "en": "Give an example."});
        json!({"id": id, "type": "behavioral", "competencies": [competency],
               "role_families": ["general"], "time_limit_seconds": 120, "text": t,
               "rubric": {"1": t, "3": t, "5": t}})
    }

    #[test]
    fn embedded_bank_parses_and_has_a_stable_version() {
        let bank = Bank::default().unwrap();
        assert!(bank.competencies().len() >= 12);
        let again = parse_embedded().unwrap();
        assert_eq!(again.version(), bank.version());
        assert_eq!(bank.version().len(), 64);
        assert!(bank
            .version()
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }

    #[test]
    fn version_is_sha256_of_canonical_content() {
        let bank = Bank::default().unwrap();
        let content = json!({"competencies": bank.competencies(), "questions": bank.questions()});
        let expected = hex(&Sha256::digest(
            crate::trail::canonical_json(&content).as_bytes(),
        ));
        assert_eq!(bank.version(), expected);
    }

    #[test]
    fn hex_matches_known_digest() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn extend_replaces_same_id_and_appends_new() {
        let bank = Bank::default().unwrap();
        let first = bank.questions()[0].id.clone();
        let ext = json!({"questions": [tiny_question(&first, "teamwork"), tiny_question("vendor-1", "communication")]});
        let out = bank.extend(&ext).unwrap();
        assert_eq!(out.questions().len(), bank.questions().len() + 1);
        assert_eq!(out.questions()[0].id, first);
        assert_eq!(
            out.questions()[0].competencies,
            vec!["teamwork".to_string()]
        );
        assert_eq!(out.questions().last().unwrap().id, "vendor-1");
        assert_ne!(out.version(), bank.version());
        // Applying the same extension twice gives the same bank.
        assert_eq!(out.extend(&ext).unwrap().version(), out.version());
    }

    #[test]
    fn extension_errors_name_the_field() {
        let bank = Bank::default().unwrap();
        let mut q = tiny_question("v-1", "communication");
        q["text"]["zh"] = json!("");
        let err = bank
            .extend(&json!({"questions": [tiny_question("v-0", "teamwork"), q]}))
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { name, .. } if name == "questions[1].text.zh"),
            "{err}"
        );

        let q = tiny_question("v-1", "no_such_thing");
        let err = bank.extend(&json!({"questions": [q]})).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { name, .. } if name == "questions[0].competencies[0]"),
            "{err}"
        );

        let mut q = tiny_question("v-1", "teamwork");
        q["time_limit_seconds"] = json!(5);
        let err = bank.extend(&json!({"questions": [q]})).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { name, .. } if name == "questions[0].time_limit_seconds"),
            "{err}"
        );

        let mut q = tiny_question("v-1", "teamwork");
        q["rubric"].as_object_mut().unwrap().remove("3");
        let err = bank.extend(&json!({"questions": [q]})).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { name, .. } if name == "questions[0].rubric.3"),
            "{err}"
        );

        let err = bank
            .extend(&json!({"questions": [tiny_question("v-1", "teamwork"), tiny_question("v-1", "teamwork")]}))
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { name, .. } if name == "questions[1].id"),
            "{err}"
        );

        let mut c = serde_json::to_value(&bank.competencies()[0]).unwrap();
        c["levels"][2]["level"] = json!(4);
        let err = bank.extend(&json!({"competencies": [c]})).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { name, .. } if name == "competencies[0].levels[2].level"),
            "{err}"
        );
    }

    #[test]
    fn a_new_competency_can_carry_new_questions() {
        let bank = Bank::default().unwrap();
        let mut c = serde_json::to_value(&bank.competencies()[0]).unwrap();
        c["id"] = json!("risk_awareness");
        let ext = json!({"competencies": [c], "questions": [tiny_question("risk-001", "risk_awareness")]});
        let out = bank.extend(&ext).unwrap();
        let f = Filter {
            competency: Some("risk_awareness".into()),
            ..Filter::default()
        };
        let ids: Vec<&str> = out
            .list(&f)
            .unwrap()
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(ids, vec!["risk-001"]);
    }
}
