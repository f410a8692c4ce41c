//! Resumable interview sessions: state machine, tamper-evident snapshots, outbox (issue #5, item 3).
//!
//! Owns: the session life cycle over the archive [`SessionStatus`] (`created` → `in_progress` ⇄
//! `paused` → `completed` | `expired` | `abandoned`), recording answers into the archive
//! `interview` document, the numbered event outbox, and sealing the whole state in a snapshot
//! under the host's HMAC-SHA256 key. Must not touch: clocks (every time comes from the request;
//! the clock panics on wasm), storage or delivery (the host keeps the snapshot and forwards the
//! events), plans ([`super::plan`]) and scoring ([`super::score`]).
//!
//! Every operation is a pure function of its JSON request: the same request gives the same bytes.
//! Shapes, states, transitions and errors are in `docs/interview-sessions.md`.
//!
//! ```
//! use interviewkit_core::interview::session::{session_apply_value, session_create_value};
//! use serde_json::json;
//!
//! let key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // base64 of 32 bytes
//! let plan = json!({"questions": [{"question_id": "comm-001", "time_limit_seconds": 180},
//!                                 {"question_id": "team-002", "time_limit_seconds": 150}]});
//! let out = session_create_value(&json!({"id": "iv-1", "plan": plan, "key": key,
//!                                        "at": "2026-03-01T09:00:00Z"})).unwrap();
//! assert_eq!(out["events"][0]["type"], "session.created");
//! let out = session_apply_value(&json!({"snapshot": out["snapshot"], "key": key,
//!     "event": {"type": "start", "at": "2026-03-01T09:01:00Z"}})).unwrap();
//! assert_eq!(out["next_question"]["question_id"], "comm-001");
//! let out = session_apply_value(&json!({"snapshot": out["snapshot"], "key": key,
//!     "event": {"type": "answer", "at": "2026-03-01T09:03:00Z", "question_id": "comm-001",
//!               "transcript": "我先讲结论……"}})).unwrap();
//! assert_eq!(out["progress"]["text"], "1/2");
//! assert_eq!(out["snapshot"]["session"]["state"]["status"], "in_progress");
//! ```

use crate::trail::hex;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::bank::Lang;
use crate::error::{Error, Result};
use crate::schema::{
    Answer, Interview, InterviewKind, InterviewPlan, SessionState, SessionStatus, Timestamp,
    WordTiming,
};

/// `format` of every snapshot.
pub const SNAPSHOT_FORMAT: &str = "interviewkit.session";
/// The snapshot `version` this build writes, and the newest it reads.
pub const SNAPSHOT_VERSION: u64 = 1;
/// The shortest HMAC key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 16;
/// The most questions a session's plan may hold.
pub const MAX_PLAN_QUESTIONS: usize = 200;
/// The most undrained events a snapshot may hold; drain the outbox before this is reached.
pub const MAX_OUTBOX: usize = 1_000;
/// The longest transcript, in characters.
pub const MAX_TRANSCRIPT_CHARS: usize = 100_000;
/// The most word timings one answer may carry.
pub const MAX_WORD_TIMINGS: usize = 100_000;
/// The longest id (session, candidate, job), in characters.
pub const MAX_ID_CHARS: usize = 256;

type HmacSha256 = Hmac<Sha256>;

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/// What the host reports to [`Snapshot::apply`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    /// The candidate begins (`created` → `in_progress`).
    Start,
    /// An answer is submitted (`in_progress`; the last one completes the session).
    Answer,
    /// The session is paused (`in_progress` → `paused`).
    Pause,
    /// The session is resumed (`paused` → `in_progress`).
    Resume,
    /// The host ends the session early (`in_progress` → `completed`).
    Complete,
    /// The host declares the session expired (any non-final state → `expired`).
    Expire,
    /// The candidate left (any non-final state → `abandoned`).
    Abandon,
}

impl EventType {
    /// Every host event, in the order listed in errors.
    pub const ALL: [EventType; 7] = [
        EventType::Start,
        EventType::Answer,
        EventType::Pause,
        EventType::Resume,
        EventType::Complete,
        EventType::Expire,
        EventType::Abandon,
    ];

    /// The request name (`start`).
    pub fn name(self) -> &'static str {
        match self {
            EventType::Start => "start",
            EventType::Answer => "answer",
            EventType::Pause => "pause",
            EventType::Resume => "resume",
            EventType::Complete => "complete",
            EventType::Expire => "expire",
            EventType::Abandon => "abandon",
        }
    }

    fn parse(name: &str) -> Option<EventType> {
        EventType::ALL.iter().copied().find(|t| t.name() == name)
    }
}

/// The host events allowed in a status (none in a final one).
pub fn allowed_events(status: SessionStatus) -> &'static [EventType] {
    match status {
        SessionStatus::Created => &[EventType::Start, EventType::Expire, EventType::Abandon],
        SessionStatus::InProgress => &[
            EventType::Answer,
            EventType::Pause,
            EventType::Complete,
            EventType::Expire,
            EventType::Abandon,
        ],
        SessionStatus::Paused => &[EventType::Resume, EventType::Expire, EventType::Abandon],
        SessionStatus::Completed | SessionStatus::Expired | SessionStatus::Abandoned => &[],
    }
}

/// The JSON name of a status (`in_progress`).
pub fn status_name(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Created => "created",
        SessionStatus::InProgress => "in_progress",
        SessionStatus::Paused => "paused",
        SessionStatus::Completed => "completed",
        SessionStatus::Expired => "expired",
        SessionStatus::Abandoned => "abandoned",
    }
}

fn is_final(status: SessionStatus) -> bool {
    allowed_events(status).is_empty()
}

/// The fields of an `answer` event.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerInput {
    /// A question of the plan not answered yet.
    pub question_id: String,
    /// What was said or typed; not blank.
    pub transcript: String,
    /// How long the answer took, as the host measured it.
    pub duration_ms: Option<u64>,
    /// Language of the transcript (default: the session's).
    pub language: Option<String>,
    /// Word timings from speech recognition.
    pub word_timings: Vec<WordTiming>,
}

/// One event reported by the host.
#[derive(Debug, Clone, PartialEq)]
pub struct HostEvent {
    /// What happened.
    pub event_type: EventType,
    /// When, RFC 3339; not before the session's last update.
    pub at: String,
    /// The answer, for [`EventType::Answer`] (required there, refused elsewhere).
    pub answer: Option<AnswerInput>,
}

/// Questions answered out of the plan's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Answers submitted.
    pub answered: u32,
    /// Questions in the plan.
    pub total: u32,
}

impl Progress {
    /// `{"answered", "total", "text": "2/5"}`.
    pub fn to_value(self) -> Value {
        json!({"answered": self.answered, "total": self.total,
               "text": format!("{}/{}", self.answered, self.total)})
    }
}

/// An event the session emitted, kept in the outbox until drained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// 1, 2, 3 … per session, never reused: de-duplicate on it after a crash.
    pub sequence: u64,
    /// `session.created`, `session.started`, `answer.submitted`, `session.paused`,
    /// `session.resumed`, `session.completed`, `session.expired` or `session.abandoned`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The session (interview) id.
    pub session_id: String,
    /// When, RFC 3339.
    pub at: String,
    /// Progress after the event.
    pub progress: Progress,
    /// The question answered (`answer.submitted` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_id: Option<String>,
}

/// Why a host event was not applied although the call succeeded (the deadline had passed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The event that was not applied.
    pub event_type: EventType,
    /// `deadline_passed`.
    pub code: &'static str,
    /// English.
    pub message: String,
    /// Chinese.
    pub message_zh: String,
}

/// What [`Snapshot::apply`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// Events emitted (also appended to the outbox), in order.
    pub events: Vec<Event>,
    /// Set when the event was refused but the session still changed (expired at its deadline).
    pub rejected: Option<Rejection>,
}

// ---------------------------------------------------------------------------------------------
// The snapshot
// ---------------------------------------------------------------------------------------------

/// Everything needed to create a session.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    /// The interview id (also `session_id` of the events).
    pub id: String,
    /// The plan; 1 to [`MAX_PLAN_QUESTIONS`] distinct question ids.
    pub plan: InterviewPlan,
    /// When the session was created, RFC 3339.
    pub at: String,
    /// The candidate.
    pub candidate_id: Option<String>,
    /// The job (default: the plan's `job_id`).
    pub job_id: Option<String>,
    /// After this instant every event but `expire` expires the session instead.
    pub deadline: Option<String>,
    /// Language of the interview (default: the plan's `language`).
    pub language: Option<Lang>,
}

/// The whole state of a session. [`Snapshot::seal`] turns it into the JSON the host stores;
/// [`Snapshot::open`] checks and reads that JSON back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// [`SNAPSHOT_FORMAT`].
    pub format: String,
    /// [`SNAPSHOT_VERSION`].
    pub version: u64,
    /// The archive interview document: plan, answers and state.
    pub session: Interview,
    /// The deadline, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Language of the interview: `zh` or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Events not drained yet, oldest first.
    pub outbox: Vec<Event>,
    /// The sequence number of the next event.
    pub next_sequence: u64,
}

/// Nanoseconds since the epoch of an RFC 3339 timestamp.
fn instant(ts: &str, name: &str) -> Result<i128> {
    time::OffsetDateTime::parse(ts, &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp_nanos())
        .map_err(|_| {
            invalid(
                name,
                format!("an RFC 3339 date-time with an offset, e.g. 2026-03-01T09:00:00Z or 2026-03-01T17:00:00+08:00; got {ts:?}"),
            )
        })
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

fn check_id(value: &str, name: &str) -> Result<()> {
    let chars = value.chars().count();
    if value.trim().is_empty() || chars > MAX_ID_CHARS {
        Err(invalid(
            name,
            format!("a non-empty string of at most {MAX_ID_CHARS} characters"),
        ))
    } else {
        Ok(())
    }
}

/// Maps an archive validation problem of the built interview to the request field it came
/// from (`/plan/questions/0/time_limit_seconds` → `plan.questions[0].time_limit_seconds`).
fn check_document(doc: &Value) -> Result<()> {
    let report = crate::validate(doc)?;
    if let Some(first) = report.issues.first() {
        let path = crate::schema::pointer_path(&first.pointer);
        let name = path.strip_prefix('.').unwrap_or("plan").to_string();
        let more = report.issues.len() - 1;
        return Err(invalid(
            &name,
            if more > 0 {
                format!("{} (and {more} more problem(s))", first.message)
            } else {
                first.message.clone()
            },
        ));
    }
    Ok(())
}

impl Snapshot {
    /// A new session in status `created`, with its `session.created` event in the outbox.
    ///
    /// Errors name the field: `id`, `at`, `deadline`, `candidate_id`, `job_id`,
    /// `plan.questions`, `plan.questions[2].question_id` …
    pub fn create(new: NewSession) -> Result<(Snapshot, Vec<Event>)> {
        check_id(&new.id, "id")?;
        if let Some(c) = &new.candidate_id {
            check_id(c, "candidate_id")?;
        }
        let job_id = match &new.job_id {
            Some(j) => Some(j.clone()),
            None => new
                .plan
                .extra
                .get("job_id")
                .and_then(Value::as_str)
                .map(str::to_string),
        };
        if let Some(j) = &job_id {
            check_id(j, "job_id")?;
        }
        let at = instant(&new.at, "at")?;
        if let Some(d) = &new.deadline {
            if instant(d, "deadline")? < at {
                return Err(invalid(
                    "deadline",
                    format!("a time at or after `at` ({}); got {d}", new.at),
                ));
            }
        }
        let n = new.plan.questions.len();
        if n == 0 {
            return Err(invalid("plan.questions", "at least one planned question"));
        }
        if n > MAX_PLAN_QUESTIONS {
            return Err(Error::LimitExceeded {
                what: "plan.questions (questions in a session)".into(),
                limit: MAX_PLAN_QUESTIONS as u64,
                actual: n as u64,
            });
        }
        for (i, q) in new.plan.questions.iter().enumerate() {
            let name = format!("plan.questions[{i}].question_id");
            check_id(&q.question_id, &name)?;
            if let Some(first) = new
                .plan
                .questions
                .iter()
                .take(i)
                .position(|p| p.question_id == q.question_id)
            {
                return Err(invalid(
                    &name,
                    format!(
                        "a question id not planned before; {:?} is also plan.questions[{first}]",
                        q.question_id
                    ),
                ));
            }
        }
        let language = new
            .language
            .map(lang_name)
            .map(str::to_string)
            .or_else(|| new.plan.language.clone().filter(|l| l == "zh" || l == "en"));
        let session = Interview {
            schema_version: crate::SCHEMA_VERSION,
            kind: InterviewKind::Tag,
            id: new.id.clone(),
            candidate_id: new.candidate_id.clone(),
            job_id,
            plan: new.plan,
            questions: Vec::new(),
            answers: Vec::new(),
            state: SessionState {
                status: SessionStatus::Created,
                answered: 0,
                total: n as u32,
                updated_at: Some(Timestamp(new.at.clone())),
                extra: Map::new(),
            },
            signals: Vec::new(),
            extra: Map::new(),
        };
        let doc = serde_json::to_value(&session)
            .map_err(|e| Error::Internal(format!("serialising a session: {e}")))?;
        check_document(&doc)?;
        let mut snapshot = Snapshot {
            format: SNAPSHOT_FORMAT.to_string(),
            version: SNAPSHOT_VERSION,
            session,
            deadline: new.deadline,
            language,
            outbox: Vec::new(),
            next_sequence: 1,
        };
        let event = snapshot.emit("session.created", &new.at, None);
        Ok((snapshot, vec![event]))
    }

    /// The snapshot as JSON with its `mac`: lower-case hex HMAC-SHA256 under `key` of the
    /// canonical JSON (`trail::canonical_json`) of every other field.
    pub fn seal(&self, key: &[u8]) -> Result<Value> {
        check_key_len(key)?;
        let mut body = serde_json::to_value(self)
            .map_err(|e| Error::Internal(format!("serialising a snapshot: {e}")))?;
        let mac = mac_over(&body, key)?.finalize().into_bytes();
        if let Value::Object(obj) = &mut body {
            obj.insert("mac".into(), Value::String(hex(&mac)));
        }
        Ok(body)
    }

    /// Checks a stored snapshot and reads it.
    ///
    /// Errors: [`Error::UnsupportedSchemaVersion`] for a newer `version`;
    /// [`Error::IntegrityCheckFailed`] (`what: "snapshot"`) for a missing or wrong `mac`, which
    /// is also what a wrong key gives; [`Error::InvalidArgument`] naming `snapshot.format`,
    /// `snapshot.version` or `snapshot` for what is not a snapshot at all.
    pub fn open(value: &Value, key: &[u8]) -> Result<Snapshot> {
        check_key_len(key)?;
        let obj = value.as_object().ok_or_else(|| {
            invalid(
                "snapshot",
                "a session snapshot object (from session_create or session_apply)",
            )
        })?;
        if obj.get("format").and_then(Value::as_str) != Some(SNAPSHOT_FORMAT) {
            return Err(invalid("snapshot.format", format!("\"{SNAPSHOT_FORMAT}\"")));
        }
        match obj.get("version") {
            Some(v) if v.as_u64() == Some(SNAPSHOT_VERSION) => {}
            Some(v) if v.as_u64().is_some_and(|n| n > SNAPSHOT_VERSION) => {
                return Err(Error::UnsupportedSchemaVersion {
                    found: v.to_string(),
                    supported: SNAPSHOT_VERSION as u32,
                })
            }
            _ => {
                return Err(invalid(
                    "snapshot.version",
                    format!("{SNAPSHOT_VERSION} (the snapshot version this build writes)"),
                ))
            }
        }
        let failed = |reason: &str| Error::IntegrityCheckFailed {
            what: "snapshot".into(),
            reason: reason.into(),
        };
        let mac_text = obj
            .get("mac")
            .and_then(Value::as_str)
            .ok_or_else(|| failed("it has no `mac`, so it cannot be trusted"))?;
        let mac = unhex(mac_text).ok_or_else(|| failed("`mac` is not 64 hex digits"))?;
        let mut body = obj.clone();
        body.remove("mac");
        let body = Value::Object(body);
        mac_over(&body, key)?.verify_slice(&mac).map_err(|_| {
            failed("the MAC does not match: the snapshot was changed, or the key is not the one it was sealed with")
        })?;
        let snapshot: Snapshot = serde_json::from_value(body)
            .map_err(|e| invalid("snapshot", format!("a session snapshot: {e}")))?;
        let total = snapshot.session.plan.questions.len();
        let state = &snapshot.session.state;
        if state.total as usize != total
            || state.answered as usize != snapshot.session.answers.len()
            || state.updated_at.is_none()
        {
            return Err(invalid(
                "snapshot.session.state",
                "a state whose total and answered match the plan and the answers",
            ));
        }
        Ok(snapshot)
    }

    /// The session's status.
    pub fn status(&self) -> SessionStatus {
        self.session.state.status
    }

    /// Answers submitted out of the plan's questions.
    pub fn progress(&self) -> Progress {
        Progress {
            answered: self.session.state.answered,
            total: self.session.state.total,
        }
    }

    /// Takes every event out of the outbox, oldest first.
    pub fn drain(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.outbox)
    }

    /// The first planned question without an answer, while the session is `in_progress`:
    /// `{"index", "question_id", "time_limit_seconds"?, …the plan's other fields}` with a
    /// bilingual `text` rendered in the session's language.
    pub fn next_question(&self) -> Option<Value> {
        if self.status() != SessionStatus::InProgress {
            return None;
        }
        let answered = |id: &str| self.session.answers.iter().any(|a| a.question_id == id);
        let (index, q) = self
            .session
            .plan
            .questions
            .iter()
            .enumerate()
            .find(|(_, q)| !answered(&q.question_id))?;
        let mut out = Map::new();
        out.insert("index".into(), json!(index));
        out.insert("question_id".into(), json!(q.question_id));
        if let Some(t) = q.time_limit_seconds {
            out.insert("time_limit_seconds".into(), json!(t));
        }
        for (k, v) in &q.extra {
            if out.contains_key(k) {
                continue;
            }
            let lang = self.language.as_deref();
            let rendered = match (k.as_str(), v, lang) {
                ("text", Value::Object(t), Some(l)) if t.get(l).is_some_and(Value::is_string) => {
                    t.get(l).cloned().unwrap_or(Value::Null)
                }
                _ => v.clone(),
            };
            out.insert(k.clone(), rendered);
        }
        Some(Value::Object(out))
    }

    fn emit(&mut self, event_type: &str, at: &str, question_id: Option<String>) -> Event {
        let event = Event {
            sequence: self.next_sequence,
            event_type: event_type.to_string(),
            session_id: self.session.id.clone(),
            at: at.to_string(),
            progress: self.progress(),
            question_id,
        };
        self.next_sequence += 1;
        self.outbox.push(event.clone());
        event
    }

    fn set_status(&mut self, status: SessionStatus, at: &str) {
        self.session.state.status = status;
        self.session.state.updated_at = Some(Timestamp(at.to_string()));
    }

    /// Applies one host event: checks it is allowed now, changes the state, and emits events
    /// (also appended to the outbox).
    ///
    /// An event after the deadline (other than `expire`) is not applied: the session expires at
    /// the deadline instead, `session.expired` is emitted and [`Transition::rejected`] says why;
    /// this is not an error so that the host stores the expired snapshot.
    ///
    /// Errors ([`Error::InvalidArgument`]): `event.type` for an event not allowed in the current
    /// status (the message lists what is); `event.at` for a time before the last update;
    /// `event.question_id` for a question not in the plan or already answered (answers are
    /// final); `event.transcript` for a blank transcript. [`Error::LimitExceeded`] when the
    /// outbox is full.
    pub fn apply(&mut self, event: &HostEvent) -> Result<Transition> {
        let status = self.status();
        let name = event.event_type.name();
        if is_final(status) {
            return Err(invalid(
                "event.type",
                format!(
                    "no further event: the session is {} (a final status); got {name}",
                    status_name(status)
                ),
            ));
        }
        if self.outbox.len() + 2 > MAX_OUTBOX {
            return Err(Error::LimitExceeded {
                what: "undrained events in the snapshot's outbox (call session_drain)".into(),
                limit: MAX_OUTBOX as u64,
                actual: self.outbox.len() as u64 + 2,
            });
        }
        let at = instant(&event.at, "event.at")?;
        let last_text = self
            .session
            .state
            .updated_at
            .as_ref()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let last = instant(&last_text, "snapshot.session.state.updated_at")?;
        if at < last {
            return Err(invalid(
                "event.at",
                format!(
                    "a time at or after the session's last update, {last_text}; got {}",
                    event.at
                ),
            ));
        }
        if let Some(deadline) = self.deadline.clone() {
            if event.event_type != EventType::Expire
                && at > instant(&deadline, "snapshot.deadline")?
            {
                self.set_status(SessionStatus::Expired, &deadline);
                let expired = self.emit("session.expired", &deadline, None);
                return Ok(Transition {
                    events: vec![expired],
                    rejected: Some(Rejection {
                        event_type: event.event_type,
                        code: "deadline_passed",
                        message: format!(
                            "the {name} event at {} came after the session's deadline {deadline}: it was not applied and the session expired at the deadline",
                            event.at
                        ),
                        message_zh: format!(
                            "{name} 事件时间 {} 晚于会话截止时间 {deadline}：该事件未被接受，会话已于截止时间过期",
                            event.at
                        ),
                    }),
                });
            }
        }
        let allowed = allowed_events(status);
        if !allowed.contains(&event.event_type) {
            let list: Vec<&str> = allowed.iter().map(|t| t.name()).collect();
            return Err(invalid(
                "event.type",
                format!(
                    "one of {} while the session is {}; got {name}",
                    list.join(", "),
                    status_name(status)
                ),
            ));
        }
        if event.event_type != EventType::Answer && event.answer.is_some() {
            return Err(invalid(
                "event.question_id",
                format!("no answer fields in a {name} event"),
            ));
        }
        let mut events = Vec::new();
        match event.event_type {
            EventType::Start => {
                self.set_status(SessionStatus::InProgress, &event.at);
                events.push(self.emit("session.started", &event.at, None));
            }
            EventType::Pause => {
                self.set_status(SessionStatus::Paused, &event.at);
                events.push(self.emit("session.paused", &event.at, None));
            }
            EventType::Resume => {
                self.set_status(SessionStatus::InProgress, &event.at);
                events.push(self.emit("session.resumed", &event.at, None));
            }
            EventType::Complete => {
                self.set_status(SessionStatus::Completed, &event.at);
                events.push(self.emit("session.completed", &event.at, None));
            }
            EventType::Expire => {
                self.set_status(SessionStatus::Expired, &event.at);
                events.push(self.emit("session.expired", &event.at, None));
            }
            EventType::Abandon => {
                self.set_status(SessionStatus::Abandoned, &event.at);
                events.push(self.emit("session.abandoned", &event.at, None));
            }
            EventType::Answer => {
                let answer = event
                    .answer
                    .as_ref()
                    .ok_or_else(|| invalid("event.question_id", "a question id of the plan"))?;
                let record = self.answer_record(answer, &event.at, at, last, &last_text)?;
                self.session.answers.push(record);
                self.session.state.answered += 1;
                self.session.state.updated_at = Some(Timestamp(event.at.clone()));
                let qid = answer.question_id.clone();
                events.push(self.emit("answer.submitted", &event.at, Some(qid)));
                if self.session.state.answered >= self.session.state.total {
                    self.set_status(SessionStatus::Completed, &event.at);
                    events.push(self.emit("session.completed", &event.at, None));
                }
            }
        }
        Ok(Transition {
            events,
            rejected: None,
        })
    }

    /// Checks an answer and builds its archive record.
    fn answer_record(
        &self,
        answer: &AnswerInput,
        at_text: &str,
        at: i128,
        started: i128,
        started_text: &str,
    ) -> Result<Answer> {
        let planned = self
            .session
            .plan
            .questions
            .iter()
            .find(|q| q.question_id == answer.question_id)
            .ok_or_else(|| {
                let ids: Vec<&str> = self
                    .session
                    .plan
                    .questions
                    .iter()
                    .map(|q| q.question_id.as_str())
                    .collect();
                invalid(
                    "event.question_id",
                    format!(
                        "a question id of the plan ({}); got {:?}",
                        ids.join(", "),
                        answer.question_id
                    ),
                )
            })?;
        if let Some(prev) = self
            .session
            .answers
            .iter()
            .find(|a| a.question_id == answer.question_id)
        {
            let when = prev
                .submitted_at
                .as_ref()
                .map(|t| format!(" at {}", t.0))
                .unwrap_or_default();
            return Err(invalid(
                "event.question_id",
                format!(
                    "a question not answered yet; {:?} was answered{when} and answers are final once submitted",
                    answer.question_id
                ),
            ));
        }
        if answer.transcript.trim().is_empty() {
            return Err(invalid(
                "event.transcript",
                "a non-empty transcript (what the candidate said or typed)",
            ));
        }
        let chars = answer.transcript.chars().count();
        if chars > MAX_TRANSCRIPT_CHARS {
            return Err(Error::LimitExceeded {
                what: "event.transcript length in characters".into(),
                limit: MAX_TRANSCRIPT_CHARS as u64,
                actual: chars as u64,
            });
        }
        let elapsed_ms = u64::try_from((at - started) / 1_000_000).unwrap_or(u64::MAX);
        let measured = answer.duration_ms.unwrap_or(elapsed_ms);
        let mut extra = Map::new();
        if let Some(limit) = planned.time_limit_seconds {
            extra.insert(
                "over_time".into(),
                Value::Bool(measured > u64::from(limit) * 1000),
            );
        }
        Ok(Answer {
            question_id: answer.question_id.clone(),
            transcript: answer.transcript.clone(),
            language: answer.language.clone().or_else(|| self.language.clone()),
            started_at: Some(Timestamp(started_text.to_string())),
            submitted_at: Some(Timestamp(at_text.to_string())),
            duration_ms: answer.duration_ms,
            word_timings: answer.word_timings.clone(),
            extra,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// JSON entry points
// ---------------------------------------------------------------------------------------------

const CREATE_KEYS: [&str; 8] = [
    "id",
    "plan",
    "key",
    "at",
    "candidate_id",
    "job_id",
    "deadline",
    "lang",
];

/// `session_create`: `{"id", "plan", "key", "at", "candidate_id"?, "job_id"?, "deadline"?,
/// "lang"?}` → `{"snapshot", "events": [session.created], "progress"}`.
pub fn session_create_value(request: &Value) -> Result<Value> {
    let req = request_object(request, &CREATE_KEYS, "session_create")?;
    let key = decode_key(req.get("key"))?;
    let text = |k: &str| -> Result<Option<String>> {
        match req.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(k, "a string")),
        }
    };
    let id = text("id")?.ok_or_else(|| invalid("id", "the interview id (a non-empty string)"))?;
    let at = text("at")?.ok_or_else(|| {
        invalid(
            "at",
            "the creation time, RFC 3339 (e.g. 2026-03-01T09:00:00Z)",
        )
    })?;
    let language = match text("lang")? {
        Some(l) => Some(Lang::parse(&l, "lang")?),
        None => None,
    };
    let plan_value = req
        .get("plan")
        .filter(|p| !p.is_null())
        .ok_or_else(|| invalid("plan", "an interview plan (from interview_plan)"))?;
    let plan_obj = plan_value.as_object().ok_or_else(|| {
        invalid(
            "plan",
            "an interview plan object {\"questions\": [{\"question_id\", …}], …}",
        )
    })?;
    if !plan_obj.get("questions").is_some_and(Value::is_array) {
        return Err(invalid(
            "plan.questions",
            "an array of planned questions {\"question_id\", \"time_limit_seconds\"?, …}",
        ));
    }
    // The plan must be valid as the `plan` of an archive interview.
    check_document(
        &json!({"schema_version": crate::SCHEMA_VERSION, "kind": "interview",
                           "id": "plan-check", "plan": plan_value}),
    )?;
    let plan: InterviewPlan = serde_json::from_value(plan_value.clone())
        .map_err(|e| invalid("plan", format!("an archive interview plan: {e}")))?;
    let (snapshot, events) = Snapshot::create(NewSession {
        id,
        plan,
        at,
        candidate_id: text("candidate_id")?,
        job_id: text("job_id")?,
        deadline: text("deadline")?,
        language,
    })?;
    Ok(json!({
        "snapshot": snapshot.seal(&key)?,
        "events": events_value(&events),
        "progress": snapshot.progress().to_value(),
    }))
}

/// `session_apply`: `{"snapshot", "key", "event": {"type", "at", …}}` → `{"snapshot",
/// "events", "progress", "next_question"?, "rejected"?}`.
pub fn session_apply_value(request: &Value) -> Result<Value> {
    let req = request_object(request, &["snapshot", "key", "event"], "session_apply")?;
    let key = decode_key(req.get("key"))?;
    let mut snapshot = Snapshot::open(snapshot_field(req)?, &key)?;
    let event = parse_event(req.get("event"))?;
    let transition = snapshot.apply(&event)?;
    let mut out = Map::new();
    out.insert("snapshot".into(), snapshot.seal(&key)?);
    out.insert("events".into(), events_value(&transition.events));
    out.insert("progress".into(), snapshot.progress().to_value());
    if let Some(next) = snapshot.next_question() {
        out.insert("next_question".into(), next);
    }
    if let Some(r) = transition.rejected {
        out.insert(
            "rejected".into(),
            json!({"type": r.event_type.name(), "code": r.code,
                   "message": r.message, "message_zh": r.message_zh}),
        );
    }
    Ok(Value::Object(out))
}

/// `session_drain`: `{"snapshot", "key"}` → `{"snapshot" (outbox empty), "events"}`.
pub fn session_drain_value(request: &Value) -> Result<Value> {
    let req = request_object(request, &["snapshot", "key"], "session_drain")?;
    let key = decode_key(req.get("key"))?;
    let mut snapshot = Snapshot::open(snapshot_field(req)?, &key)?;
    let events = snapshot.drain();
    Ok(json!({
        "snapshot": snapshot.seal(&key)?,
        "events": events_value(&events),
    }))
}

/// `session_verify`: `{"snapshot", "key"}` → `{"valid": true, "status", "progress"}`, or
/// [`Error::IntegrityCheckFailed`].
pub fn session_verify_value(request: &Value) -> Result<Value> {
    let req = request_object(request, &["snapshot", "key"], "session_verify")?;
    let key = decode_key(req.get("key"))?;
    let snapshot = Snapshot::open(snapshot_field(req)?, &key)?;
    Ok(json!({
        "valid": true,
        "status": status_name(snapshot.status()),
        "progress": snapshot.progress().to_value(),
    }))
}

fn events_value(events: &[Event]) -> Value {
    serde_json::to_value(events).unwrap_or(Value::Array(Vec::new()))
}

fn request_object<'a>(
    request: &'a Value,
    allowed: &[&str],
    op: &str,
) -> Result<&'a Map<String, Value>> {
    let req = request
        .as_object()
        .ok_or_else(|| invalid("request", "an object"))?;
    if let Some(k) = req.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(invalid(
            k,
            format!(
                "no such field in a {op} request; allowed: {}",
                allowed.join(", ")
            ),
        ));
    }
    Ok(req)
}

fn snapshot_field(req: &Map<String, Value>) -> Result<&Value> {
    req.get("snapshot").filter(|s| !s.is_null()).ok_or_else(|| {
        invalid(
            "snapshot",
            "the session snapshot (from session_create or session_apply)",
        )
    })
}

const ANSWER_KEYS: [&str; 7] = [
    "type",
    "at",
    "question_id",
    "transcript",
    "duration_ms",
    "language",
    "word_timings",
];

fn parse_event(value: Option<&Value>) -> Result<HostEvent> {
    let types: Vec<&str> = EventType::ALL.iter().map(|t| t.name()).collect();
    let obj = value.and_then(Value::as_object).ok_or_else(|| {
        invalid(
            "event",
            "an object {\"type\", \"at\", …} (the field is missing or not an object)",
        )
    })?;
    let type_name = obj
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("event.type", format!("one of {}", types.join(", "))))?;
    let event_type = EventType::parse(type_name).ok_or_else(|| {
        invalid(
            "event.type",
            format!("one of {}; got {type_name:?}", types.join(", ")),
        )
    })?;
    let allowed: &[&str] = if event_type == EventType::Answer {
        &ANSWER_KEYS
    } else {
        &ANSWER_KEYS[..2]
    };
    if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(invalid(
            &format!("event.{k}"),
            format!(
                "no such field in a {type_name} event; allowed: {}",
                allowed.join(", ")
            ),
        ));
    }
    let at = obj
        .get("at")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            invalid(
                "event.at",
                "the event time, RFC 3339 (e.g. 2026-03-01T09:00:00Z)",
            )
        })?
        .to_string();
    let answer = if event_type == EventType::Answer {
        Some(parse_answer(obj)?)
    } else {
        None
    };
    Ok(HostEvent {
        event_type,
        at,
        answer,
    })
}

fn parse_answer(obj: &Map<String, Value>) -> Result<AnswerInput> {
    let question_id = obj
        .get("question_id")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("event.question_id", "the id of the question answered"))?
        .to_string();
    let transcript = obj
        .get("transcript")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            invalid(
                "event.transcript",
                "a non-empty transcript (what the candidate said or typed)",
            )
        })?
        .to_string();
    let duration_ms =
        match obj.get("duration_ms") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                invalid("event.duration_ms", "a whole number of milliseconds ≥ 0")
            })?),
        };
    let language = match obj.get("language") {
        None | Some(Value::Null) => None,
        Some(Value::String(s))
            if !s.is_empty()
                && s.len() <= 35
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
        {
            Some(s.clone())
        }
        Some(_) => {
            return Err(invalid(
                "event.language",
                "a language tag such as zh, en or zh-CN",
            ))
        }
    };
    let mut word_timings = Vec::new();
    match obj.get("word_timings") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            if items.len() > MAX_WORD_TIMINGS {
                return Err(Error::LimitExceeded {
                    what: "event.word_timings entries".into(),
                    limit: MAX_WORD_TIMINGS as u64,
                    actual: items.len() as u64,
                });
            }
            for (i, w) in items.iter().enumerate() {
                word_timings.push(parse_word_timing(w, &format!("event.word_timings[{i}]"))?);
            }
        }
        Some(_) => {
            return Err(invalid(
                "event.word_timings",
                "an array of {\"word\", \"start_ms\", \"end_ms\"}",
            ))
        }
    }
    Ok(AnswerInput {
        question_id,
        transcript,
        duration_ms,
        language,
        word_timings,
    })
}

fn parse_word_timing(value: &Value, path: &str) -> Result<WordTiming> {
    let obj = value
        .as_object()
        .ok_or_else(|| invalid(path, "an object {\"word\", \"start_ms\", \"end_ms\"}"))?;
    if let Some(k) = obj
        .keys()
        .find(|k| !["word", "start_ms", "end_ms"].contains(&k.as_str()))
    {
        return Err(invalid(
            &format!("{path}.{k}"),
            "only word, start_ms and end_ms",
        ));
    }
    let word = obj
        .get("word")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(&format!("{path}.word"), "a string"))?
        .to_string();
    let ms = |k: &str| -> Result<u64> {
        obj.get(k)
            .and_then(Value::as_u64)
            .ok_or_else(|| invalid(&format!("{path}.{k}"), "a whole number of milliseconds ≥ 0"))
    };
    let (start_ms, end_ms) = (ms("start_ms")?, ms("end_ms")?);
    if end_ms < start_ms {
        return Err(invalid(
            &format!("{path}.end_ms"),
            format!("a time at or after start_ms ({start_ms}); got {end_ms}"),
        ));
    }
    Ok(WordTiming {
        word,
        start_ms,
        end_ms,
    })
}

// ---------------------------------------------------------------------------------------------
// Keys and MACs
// ---------------------------------------------------------------------------------------------

const KEY_EXPECTED: &str =
    "base64 (standard alphabet, padded) of a secret key of at least 16 bytes (32 recommended)";

/// Decodes the request's base64 `key` (at least [`MIN_KEY_BYTES`] bytes).
fn decode_key(value: Option<&Value>) -> Result<Zeroizing<Vec<u8>>> {
    let text = value
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("key", KEY_EXPECTED))?;
    let bytes = Zeroizing::new(
        STANDARD
            .decode(text.trim())
            .map_err(|_| invalid("key", KEY_EXPECTED))?,
    );
    check_key_len(&bytes)?;
    Ok(bytes)
}

fn check_key_len(key: &[u8]) -> Result<()> {
    if key.len() < MIN_KEY_BYTES {
        return Err(invalid(
            "key",
            format!("{KEY_EXPECTED}; got {} bytes", key.len()),
        ));
    }
    Ok(())
}

fn mac_over(body: &Value, key: &[u8]) -> Result<HmacSha256> {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key)
        .map_err(|e| Error::Internal(format!("HMAC key: {e}")))?;
    mac.update(crate::trail::canonical_json(body).as_bytes());
    Ok(mac)
}

/// 64 hex digits (either case) → 32 bytes.
fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    text.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => Some(digit(*hi)? << 4 | digit(*lo)?),
            _ => None,
        })
        .collect()
}

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_bad_text() {
        let bytes: Vec<u8> = (0..32).map(|i| i * 7).collect();
        assert_eq!(unhex(&hex(&bytes)).unwrap(), bytes);
        assert_eq!(
            unhex(&hex(&bytes).to_uppercase()).unwrap(),
            bytes,
            "upper-case hex is read too"
        );
        assert!(unhex("zz").is_none());
        assert!(unhex(&"g".repeat(64)).is_none());
    }

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut mac = <HmacSha256 as Mac>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn every_status_allows_what_the_docs_say() {
        use SessionStatus::*;
        let names = |s| {
            allowed_events(s)
                .iter()
                .map(|t| t.name())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Created), ["start", "expire", "abandon"]);
        assert_eq!(
            names(InProgress),
            ["answer", "pause", "complete", "expire", "abandon"]
        );
        assert_eq!(names(Paused), ["resume", "expire", "abandon"]);
        for s in [Completed, Expired, Abandoned] {
            assert!(names(s).is_empty());
        }
    }
}
