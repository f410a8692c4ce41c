//! Dashboard analytics over archive hiring events: how far candidates got (招聘漏斗), stage
//! conversion, time in stage, completion and drop-out per channel, and pass-through by group
//! through the fairness audit (issue #9, item 3).
//!
//! Owns: reading event streams, building one journey per candidate and role, the funnel
//! numbers and their bilingual sentences. Must not touch: the statistics of adverse impact
//! (they come from [`crate::audit`]), how events are collected or stored, or any decision about
//! a person; the numbers describe a pipeline, they do not judge anybody.
//!
//! # Request (`funnel_value`)
//! ```json
//! {"events": [{"candidate_id": "c1", "role": "sales", "stage": "applied",
//!              "at": "2026-03-01T09:00:00Z", "channel": "referral", "group": {"sex": "f"}}],
//!  "stages": ["applied", "screened", "interview_invited", "interviewed", "offer", "hired"],
//!  "as_of": "2026-04-01T00:00:00Z", "stall_days": 30, "audit": {"group": "sex"}}
//! ```
//! Only `events` is required. `job_id` may stand in for `role`. `withdrawn` and `rejected` are
//! terminal stages. See `docs/analytics.md` for the response.
//!
//! ```
//! use serde_json::json;
//! use interviewkit_core::analytics::funnel_value;
//!
//! let out = funnel_value(&json!({"events": [
//!     {"candidate_id": "a", "role": "sales", "stage": "applied", "at": "2026-03-01T09:00:00Z"},
//!     {"candidate_id": "a", "role": "sales", "stage": "screened", "at": "2026-03-02T09:00:00Z"},
//!     {"candidate_id": "b", "role": "sales", "stage": "applied", "at": "2026-03-01T10:00:00Z"},
//! ]})).unwrap();
//! let screened = &out["roles"][0]["progress"][1];
//! assert_eq!(screened["share"], 0.5);
//! assert_eq!(screened["text"]["en"], "sales: 50% screened");
//! assert_eq!(out["roles"][0]["durations"][0]["p50_hours"], 24.0);
//! ```

mod funnel;
pub(crate) mod util;

pub use funnel::{
    funnel, funnel_value, AuditSpec, ChannelRow, Conversion, Event, Flag, FunnelReport,
    FunnelRequest, Outcomes, PassGroup, PassThrough, Section, StageDuration, StageProgress,
    Warning, DEFAULT_STAGES, DEFAULT_STALL_DAYS, MAX_EVENTS, TERMINAL_STAGES,
};
pub use util::Bilingual;
