//! Structured interviews: the competency model and the question bank (issue #5, item 1).
//!
//! Owns: the embedded default bank (12 competencies with behaviourally anchored 1–5 rating
//! scales, and bilingual zh/en questions tagged by competency, type and role family), vendor
//! extensions of it, its content-hash version, and listing/filtering. Must not touch: plans,
//! sessions or answer scoring (later steps of the same issue build on this module).
//!
//! Request → response (through [`bank::bank_list_value`]):
//!
//! ```
//! use serde_json::json;
//!
//! let out = interviewkit_core::interview::bank::bank_list_value(
//!     &json!({"lang": "en", "competency": "communication"}),
//! ).unwrap();
//! assert_eq!(out["version"].as_str().unwrap().len(), 64);
//! assert_eq!(out["competencies"][0]["id"], "communication");
//! let first = &out["questions"][0];
//! assert!(first["competencies"].as_array().unwrap().contains(&json!("communication")));
//! assert!(first["text"].is_string());
//! ```
//!
//! See `docs/interview-bank.md` for the data format and how vendors extend the bank.

pub mod bank;
pub mod plan;
pub mod score;
pub mod session;

pub use bank::{Bank, Competency, Filter, Lang, Level, Question, QuestionType, Rubric, Text};
