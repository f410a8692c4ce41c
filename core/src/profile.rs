//! The 360° profile: assembling one [`Profile`] per candidate from candidates, resumes,
//! interviews, scorecards, employee records and earlier profiles.
//!
//! Owns: grouping by candidate id, identity resolution, conflict reporting. Must not touch:
//! scoring or any document's content beyond identity.
//!
//! Nothing is dropped: every source document is kept in the profile (an exact duplicate once),
//! the first value of an identity field wins in input order, and every disagreeing value is
//! reported in `conflicts` with where it came from.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::schema::migrate::migrate_value;
use crate::schema::validate::{Issue, IssueCode, ValidationReport};
use crate::schema::{
    typed_document, Candidate, Document, DocumentKind, EmployeeRecord, Identity, Interview,
    MergeConflict, Profile, ProfileKind, Resume, Scorecard, SCHEMA_VERSION,
};

/// The result of a merge: one profile per candidate id, in order of first appearance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeResult {
    /// The profiles.
    pub profiles: Vec<Profile>,
}

struct Builder {
    profile: Profile,
    /// Where each identity value came from.
    identity_sources: [Option<String>; 3],
}

impl Builder {
    fn new(candidate_id: &str) -> Builder {
        Builder {
            profile: Profile {
                schema_version: SCHEMA_VERSION,
                kind: ProfileKind::Tag,
                candidate_id: candidate_id.to_string(),
                identity: Identity::default(),
                candidates: Vec::new(),
                resumes: Vec::new(),
                interviews: Vec::new(),
                scorecards: Vec::new(),
                employee_records: Vec::new(),
                conflicts: Vec::new(),
                extra: Default::default(),
            },
            identity_sources: [None, None, None],
        }
    }

    /// Offers one identity value; the first wins, a different later one is a conflict.
    fn offer(&mut self, slot: usize, value: Option<&str>, source: String) {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return;
        };
        let (field, current) = match slot {
            0 => ("/identity/name", &mut self.profile.identity.name),
            1 => ("/identity/email", &mut self.profile.identity.email),
            _ => ("/identity/phone", &mut self.profile.identity.phone),
        };
        match current {
            None => {
                *current = Some(value.to_string());
                self.identity_sources[slot] = Some(source);
            }
            Some(kept) if same_identity(slot, kept, value) => {}
            Some(kept) => {
                let conflict = MergeConflict {
                    field: field.into(),
                    kept: Value::String(kept.clone()),
                    kept_source: self.identity_sources[slot].clone().unwrap_or_default(),
                    other: Value::String(value.to_string()),
                    other_source: source,
                };
                if !self.profile.conflicts.contains(&conflict) {
                    self.profile.conflicts.push(conflict);
                }
            }
        }
    }
}

/// Compares identity values the way people write them: names ignoring spacing and case, e-mail
/// ignoring case, phone numbers by their digits (a leading +86 / 0086 country code ignored).
fn same_identity(slot: usize, a: &str, b: &str) -> bool {
    match slot {
        0 => {
            // 张 伟 and 张伟, Zhang Wei and zhang wei: spacing and case are not identity.
            let norm = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
            norm(a) == norm(b)
        }
        1 => a.trim().eq_ignore_ascii_case(b.trim()),
        _ => {
            let digits = |s: &str| {
                let d: String = s.chars().filter(char::is_ascii_digit).collect();
                let d = d.strip_prefix("0086").unwrap_or(&d).to_string();
                if d.len() == 13 && d.starts_with("86") {
                    d[2..].to_string()
                } else {
                    d
                }
            };
            digits(a) == digits(b)
        }
    }
}

/// Adds `doc` to `list` unless an identical one is there; a different document with the same id
/// is kept too and reported.
fn add_doc<T: PartialEq + Serialize>(
    (list, sources): (&mut Vec<T>, &mut Vec<String>),
    conflicts: &mut Vec<MergeConflict>,
    doc: T,
    id: Option<&str>,
    id_of: impl Fn(&T) -> Option<String>,
    section: &str,
    source: String,
) {
    if list.contains(&doc) {
        return;
    }
    if let Some(id) = id {
        if let Some(pos) = list.iter().position(|d| id_of(d).as_deref() == Some(id)) {
            conflicts.push(MergeConflict {
                field: format!("/{section}[id={id}]"),
                kept: serde_json::to_value(&list[pos]).unwrap_or(Value::Null),
                kept_source: sources[pos].clone(),
                other: serde_json::to_value(&doc).unwrap_or(Value::Null),
                other_source: source.clone(),
            });
        }
    }
    list.push(doc);
    sources.push(source);
}

#[derive(Default)]
struct Sources {
    candidates: Vec<String>,
    resumes: Vec<String>,
    interviews: Vec<String>,
    scorecards: Vec<String>,
    employee_records: Vec<String>,
}

/// Merges archive documents (any readable version; older ones are migrated) into profiles keyed
/// by candidate id.
///
/// `documents` is a JSON array. Errors: [`Error::InvalidDocument`] listing every unusable document
/// (pointers start with its index), [`Error::UnsupportedSchemaVersion`] for a future version.
pub fn merge_value(documents: &Value) -> Result<MergeResult> {
    let Value::Array(items) = documents else {
        return Err(Error::InvalidArgument {
            name: "documents".into(),
            expected: "a JSON array of archive documents".into(),
        });
    };
    let mut issues: Vec<Issue> = Vec::new();
    let mut docs: Vec<(usize, Document)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match migrate_value(item.clone()) {
            Ok(v) => {
                let kind = v
                    .get("kind")
                    .and_then(Value::as_str)
                    .and_then(DocumentKind::parse);
                match kind {
                    Some(kind) => docs.push((i, typed_document(kind, &v)?)),
                    None => return Err(Error::Internal("migrated document without kind".into())),
                }
            }
            Err(Error::InvalidDocument(report)) => {
                for mut issue in report.issues {
                    issue.pointer = format!("/{i}{}", issue.pointer);
                    issues.push(issue);
                }
            }
            Err(Error::MigrationFailed { reason, .. }) => issues.push(Issue::new(
                format!("/{i}"),
                IssueCode::InvalidValue,
                format!("cannot migrate this document: {reason}"),
                format!("无法迁移该文档：{reason}"),
            )),
            Err(other) => return Err(other),
        }
    }

    let mut order: Vec<String> = Vec::new();
    let mut builders: std::collections::HashMap<String, (Builder, Sources)> = Default::default();
    let missing_id = |i: usize, field: &str, issues: &mut Vec<Issue>| {
        issues.push(Issue::new(
            format!("/{i}/{field}"),
            IssueCode::MissingField,
            format!("`{field}` is needed to merge this document into a profile"),
            format!("合并档案需要 `{field}` 字段"),
        ));
    };
    for (i, doc) in docs {
        let candidate_id = match &doc {
            Document::Candidate(c) => Some(c.id.clone()),
            Document::Resume(r) => r.candidate_id.clone(),
            Document::Interview(r) => r.candidate_id.clone(),
            Document::Scorecard(r) => r.candidate_id.clone(),
            Document::EmployeeRecord(r) => r.candidate_id.clone(),
            Document::Profile(p) => Some(p.candidate_id.clone()),
            Document::JobProfile(_) => {
                issues.push(Issue::new(
                    format!("/{i}/kind"),
                    IssueCode::UnknownValue,
                    "a job_profile describes a job, not a candidate, and has no place in a profile",
                    "职位画像（job_profile）描述的是职位而非候选人，不能合并进人才档案",
                ));
                continue;
            }
        };
        let Some(candidate_id) = candidate_id else {
            missing_id(i, "candidate_id", &mut issues);
            continue;
        };
        let (b, s) = builders.entry(candidate_id.clone()).or_insert_with(|| {
            order.push(candidate_id.clone());
            (Builder::new(&candidate_id), Sources::default())
        });
        add_document(b, s, doc, format!("/{i}"));
    }
    if !issues.is_empty() {
        return Err(Error::InvalidDocument(Box::new(
            ValidationReport::from_issues(None, None, issues),
        )));
    }
    let profiles = order
        .into_iter()
        .filter_map(|id| builders.remove(&id).map(|(b, _)| b.profile))
        .collect();
    Ok(MergeResult { profiles })
}

fn add_document(b: &mut Builder, s: &mut Sources, doc: Document, src: String) {
    match doc {
        Document::Candidate(c) => add_candidate(b, s, *c, src),
        Document::Resume(r) => add_resume(b, s, *r, src),
        Document::Interview(r) => add_interview(b, s, *r, src),
        Document::Scorecard(r) => add_scorecard(b, s, *r, src),
        Document::EmployeeRecord(r) => add_employee(b, s, *r, src),
        Document::Profile(p) => {
            let p = *p;
            // An earlier profile: its identity first (with its sources), then its documents.
            b.offer(
                0,
                p.identity.name.as_deref(),
                format!("{src}/identity/name"),
            );
            b.offer(
                1,
                p.identity.email.as_deref(),
                format!("{src}/identity/email"),
            );
            b.offer(
                2,
                p.identity.phone.as_deref(),
                format!("{src}/identity/phone"),
            );
            for c in p.conflicts {
                if !b.profile.conflicts.contains(&c) {
                    b.profile.conflicts.push(c);
                }
            }
            for (j, c) in p.candidates.into_iter().enumerate() {
                add_candidate(b, s, c, format!("{src}/candidates/{j}"));
            }
            for (j, r) in p.resumes.into_iter().enumerate() {
                add_resume(b, s, r, format!("{src}/resumes/{j}"));
            }
            for (j, r) in p.interviews.into_iter().enumerate() {
                add_interview(b, s, r, format!("{src}/interviews/{j}"));
            }
            for (j, r) in p.scorecards.into_iter().enumerate() {
                add_scorecard(b, s, r, format!("{src}/scorecards/{j}"));
            }
            for (j, r) in p.employee_records.into_iter().enumerate() {
                add_employee(b, s, r, format!("{src}/employee_records/{j}"));
            }
            for (k, v) in p.extra {
                b.profile.extra.entry(k).or_insert(v);
            }
        }
        Document::JobProfile(_) => {}
    }
}

fn add_candidate(b: &mut Builder, s: &mut Sources, c: Candidate, src: String) {
    b.offer(0, c.name.as_deref(), format!("{src}/name"));
    b.offer(
        1,
        c.contact.email.as_deref(),
        format!("{src}/contact/email"),
    );
    b.offer(
        2,
        c.contact.phone.as_deref(),
        format!("{src}/contact/phone"),
    );
    let id = Some(c.id.clone());
    add_doc(
        (&mut b.profile.candidates, &mut s.candidates),
        &mut b.profile.conflicts,
        c,
        id.as_deref(),
        |d| Some(d.id.clone()),
        "candidates",
        src,
    );
}

fn add_resume(b: &mut Builder, s: &mut Sources, r: Resume, src: String) {
    b.offer(0, r.basics.name.as_deref(), format!("{src}/basics/name"));
    b.offer(1, r.basics.email.as_deref(), format!("{src}/basics/email"));
    b.offer(2, r.basics.phone.as_deref(), format!("{src}/basics/phone"));
    let id = r.id.clone();
    add_doc(
        (&mut b.profile.resumes, &mut s.resumes),
        &mut b.profile.conflicts,
        r,
        id.as_deref(),
        |d| d.id.clone(),
        "resumes",
        src,
    );
}

fn add_interview(b: &mut Builder, s: &mut Sources, r: Interview, src: String) {
    let id = Some(r.id.clone());
    add_doc(
        (&mut b.profile.interviews, &mut s.interviews),
        &mut b.profile.conflicts,
        r,
        id.as_deref(),
        |d| Some(d.id.clone()),
        "interviews",
        src,
    );
}

fn add_scorecard(b: &mut Builder, s: &mut Sources, r: Scorecard, src: String) {
    let id = Some(r.id.clone());
    add_doc(
        (&mut b.profile.scorecards, &mut s.scorecards),
        &mut b.profile.conflicts,
        r,
        id.as_deref(),
        |d| Some(d.id.clone()),
        "scorecards",
        src,
    );
}

fn add_employee(b: &mut Builder, s: &mut Sources, r: EmployeeRecord, src: String) {
    let id = Some(r.employee_id.clone());
    add_doc(
        (&mut b.profile.employee_records, &mut s.employee_records),
        &mut b.profile.conflicts,
        r,
        id.as_deref(),
        |d| Some(d.employee_id.clone()),
        "employee_records",
        src,
    );
}
