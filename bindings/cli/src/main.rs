//! `interviewkit`: the command-line face of InterviewKit.
//!
//! JSON goes to stdout (one compact document per line; `--pretty` indents), errors go to stderr as
//! `error[Name]: FILE: message`, and the exit status is 0 on success, 1 when any input was invalid
//! or an operation failed, 2 on a usage error. `-` as a file name reads standard input.

use std::io::{Read, Write};
use std::process::ExitCode;

use base64::Engine as _;
use clap::{Parser, Subcommand, ValueEnum};
use interviewkit_core::{json, DocumentKind, Error};
use serde_json::Value;

mod fusion;
mod reports;
mod screening;
mod stream;

#[derive(Parser)]
#[command(
    name = "interviewkit",
    version,
    about = "InterviewKit: offline AI-interview building blocks for HR systems"
)]
struct Cli {
    /// Indent JSON output.
    #[arg(long, global = true)]
    pretty: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print engine and schema versions.
    Version,
    /// Validate archive documents; prints one report per file and exits 1 if any is invalid.
    Validate {
        /// Files to validate (`-` for stdin).
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Move a document to the current schema version and print it.
    Migrate {
        /// The document (`-` for stdin).
        file: String,
    },
    /// Import a document from another format and print the archive document.
    Import {
        /// The source format.
        #[arg(long = "from", value_enum)]
        from: Format,
        /// The file (`-` for stdin).
        file: String,
    },
    /// Export an archive document to another format.
    Export {
        /// The target format.
        #[arg(long = "to", value_enum)]
        to: Format,
        /// The archive document (`-` for stdin).
        file: String,
    },
    /// Merge archive documents into 360° profiles keyed by candidate id. Each file holds one
    /// document or an array of documents.
    Merge {
        /// Files to merge (`-` for stdin).
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print the JSON Schema (draft 2020-12) of a document kind.
    Schema {
        /// candidate, resume, job_profile, interview, scorecard, employee_record or profile.
        kind: String,
    },
    /// Adverse-impact audit (NYC Local Law 144 style) of a CSV file with a header row: selection
    /// or scoring rates and impact ratios by group and by intersections of groups.
    Audit {
        /// The CSV file (`-` for stdin), UTF-8 with a header row.
        #[arg(long)]
        csv: String,
        /// Group column(s), comma-separated; several give intersectional groups ("F × Asian").
        #[arg(long, value_delimiter = ',', required = true)]
        group: Vec<String>,
        /// A 0/1 column: who was selected (selection rates).
        #[arg(long, conflicts_with = "score", required_unless_present = "score")]
        selected: Option<String>,
        /// A numeric column: scoring rates (share above the overall median).
        #[arg(long)]
        score: Option<String>,
        /// Report format.
        #[arg(long, value_enum, default_value = "json")]
        format: ReportFormat,
        /// Bootstrap resamples for confidence intervals (0: none).
        #[arg(long)]
        bootstrap: Option<u64>,
        /// Seed of the bootstrap (the report is reproducible for a seed).
        #[arg(long)]
        seed: Option<u64>,
        /// Confidence level of the bootstrap intervals (default 0.95).
        #[arg(long)]
        confidence: Option<f64>,
        /// Share of rows below which a category is small (default 0.02).
        #[arg(long)]
        small_share: Option<f64>,
        /// What to do with small categories: `exclude` them from impact ratios (default, as
        /// 6 RCNY §5-301 permits) or only `flag` them.
        #[arg(long)]
        small_sample_policy: Option<String>,
    },
    /// Blind screening: print the resume (or candidate, profile) with personal data removed,
    /// and what was removed.
    Redact {
        /// The archive document (`-` for stdin).
        file: String,
        /// Also remove school names.
        #[arg(long)]
        schools: bool,
    },
    /// Print the document as one role may see it (deny by default).
    View {
        /// candidate, interviewer, hr, hiring_manager, auditor or data_scientist.
        #[arg(long)]
        role: String,
        /// The archive document (`-` for stdin).
        file: String,
    },
    /// Encrypt the sensitive fields of an archive document (AES-256-GCM envelopes).
    Encrypt {
        /// The keyring file (JSON; see `interviewkit keygen`).
        #[arg(long)]
        keys: String,
        /// A field to encrypt, as a JSON pointer (repeatable); default: the kind's sensitive
        /// fields.
        #[arg(long = "field")]
        fields: Vec<String>,
        /// The archive document (`-` for stdin).
        file: String,
    },
    /// Decrypt every encrypted field of a document.
    Decrypt {
        /// The keyring file.
        #[arg(long)]
        keys: String,
        /// The encrypted document (`-` for stdin).
        file: String,
    },
    /// Re-wrap a document's data keys under another key of the keyring (key rotation).
    RotateKeys {
        /// The keyring file.
        #[arg(long)]
        keys: String,
        /// The key id to move to (default: the keyring's active key).
        #[arg(long)]
        to: Option<String>,
        /// The encrypted document (`-` for stdin).
        file: String,
    },
    /// Print a new random 256-bit key `{"id","key"}` for a keyring.
    Keygen {
        /// The key id.
        #[arg(long)]
        id: String,
    },
    /// Run any core operation on a JSON request: the same request objects, by the same names,
    /// as every other face (`interviewkit call audit request.json`). `call --list` names them.
    Call {
        /// The operation (`validate`, `audit`, `redact`, `decrypt`, …).
        #[arg(required_unless_present = "list")]
        op: Option<String>,
        /// The request (`-` for stdin).
        #[arg(default_value = "-")]
        file: String,
        /// List the operations.
        #[arg(long)]
        list: bool,
    },
    /// The talent potential model: train on a CSV with a 0/1 label column, evaluate, predict with
    /// explanations, update with new outcomes, mine insights.
    Potential {
        #[command(subcommand)]
        command: PotentialCommand,
    },
    /// The structured-interview question bank.
    Bank {
        #[command(subcommand)]
        command: BankCommand,
    },
    /// Structured interviews: plans from a job profile, scorecards from answers, replay.
    Interview {
        #[command(subcommand)]
        command: InterviewCommand,
    },
    /// One interview answer: scored against its question's rubric, with instant feedback.
    Answer {
        #[command(subcommand)]
        command: AnswerCommand,
    },
    /// Interviewer calibration: AI-versus-interviewer divergence flags with re-rate requests,
    /// rater leniency and drift, ICC and weighted kappa, panel aggregates.
    Calibrate {
        /// The request (JSON): `{"ratings":[…], "ai"?:[…], "scorecards"?:[…], …}`.
        #[arg(long)]
        ratings: String,
        /// Divergence threshold as a fraction of the scale (default 0.2).
        #[arg(long)]
        threshold: Option<f64>,
    },
    /// Parse resume files (text in UTF-8/UTF-16/GBK, HTML, DOCX, PDF with a text layer) into
    /// archive resumes: one JSON line per file; warnings go to stderr.
    Parse {
        /// Resume files (`-` for stdin).
        #[arg(required = true)]
        files: Vec<String>,
        /// `YYYY-MM-DD`: what "present" (至今) means; without it, the total experience of a
        /// current position is not computed.
        #[arg(long)]
        reference_date: Option<String>,
        /// A replacement skill taxonomy (`.json`, or `.csv`).
        #[arg(long, conflicts_with = "no_taxonomy")]
        taxonomy: Option<String>,
        /// An extension of the taxonomy (JSON file).
        #[arg(long, conflicts_with = "no_taxonomy")]
        taxonomy_extension: Option<String>,
        /// Parse without the skill taxonomy.
        #[arg(long)]
        no_taxonomy: bool,
        /// A labeller model file from `ner train`, used for names, employers, titles, schools.
        #[arg(long)]
        ner_model: Option<String>,
        /// School tiers (JSON file `{"985": ["北京大学", …], …}`).
        #[arg(long)]
        school_tiers: Option<String>,
        /// Print `{"file", "resume", "warnings"}` per file instead of the resume alone.
        #[arg(long)]
        with_warnings: bool,
    },
    /// The trainable sequence labeller (names, employers, titles, schools, majors …).
    Ner {
        #[command(subcommand)]
        command: NerCommand,
    },
    /// The skill taxonomy: find skills in text, look up a term or an id, describe it.
    Taxonomy {
        #[command(subcommand)]
        command: TaxonomyCommand,
    },
    /// Voice features of a WAV recording: pitch, voicing, pauses, speech rate, loudness,
    /// fillers (no emotion or affect is inferred). One JSON object.
    Voice {
        /// The recording (RIFF/WAVE, PCM 8/16/24/32-bit or float, 8–192 kHz; `-` for stdin).
        #[arg(long)]
        wav: String,
        /// The transcript as a text file (for the filler-word rate).
        #[arg(long)]
        transcript: Option<String>,
        /// Timed words (JSON file `[{"text", "start", "end"}]`, seconds), for the speech rate.
        #[arg(long)]
        words: Option<String>,
        /// Analysis settings (JSON file, any of `f0_min`, `f0_max`, `min_pause_s`, …).
        #[arg(long)]
        config: Option<String>,
    },
    /// Fuse a scorecard's content scores with the behaviour signals the policy allows: prints
    /// the fused Scorecard (exit 1 with `error[PolicyViolation]` when the policy refuses).
    Fuse {
        /// A built-in policy (`default`, `eu`, `cn`, `us-nyc`, `us-il`) or a custom profile file.
        #[arg(long)]
        policy: String,
        /// The Scorecard from interview scoring (JSON file).
        #[arg(long)]
        scorecard: String,
        /// Signals (JSON file: `{"voice"?, "visual"?, "list"?}`; `voice` may be a `voice`
        /// result, `visual` a visual summary or raw frames).
        #[arg(long)]
        signals: Option<String>,
        /// Consent records (JSON file: one record or an array).
        #[arg(long)]
        consent: Option<String>,
        /// Modality weights (JSON file `{"content", "voice", "visual"}` or a learnt result).
        #[arg(long)]
        weights: Option<String>,
        /// The time of the decision (RFC 3339), needed with consents.
        #[arg(long)]
        at: Option<String>,
        /// Print the whole fusion output (contributions, dropped signals) instead of the card.
        #[arg(long)]
        full: bool,
    },
    /// A candidate, interviewer or HR report (HTML with SVG charts, Markdown or JSON), or the
    /// card as a WeCom "report ready" message body.
    Report {
        /// The Scorecard (JSON file; for `--kind hr`, one card or an array of cards).
        #[arg(long)]
        scorecard: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "html")]
        format: reports::ReportFormat,
        /// Language of every fixed text: `zh` or `en`.
        #[arg(long, default_value = "zh")]
        lang: String,
        /// `candidate` (strengths, gaps, suggestions; no scores unless --show-scores),
        /// `interviewer` or `hr`.
        #[arg(long, default_value = "interviewer")]
        kind: String,
        /// A potential prediction (JSON file), for the interviewer report.
        #[arg(long)]
        potential: Option<String>,
        /// A match result (JSON file from `match`), for job-fit gaps.
        #[arg(long = "match")]
        match_result: Option<String>,
        /// Funnel counts (JSON file `[{"stage", "count"}]`), for the HR summary.
        #[arg(long)]
        funnel: Option<String>,
        /// Show levels in the candidate report.
        #[arg(long)]
        show_scores: bool,
        /// The link a WeCom message points to (`--format wecom`).
        #[arg(long)]
        url: Option<String>,
        /// With `--format wecom`: a template card instead of a markdown message.
        #[arg(long)]
        card: bool,
        /// With `--format wecom`: the candidate's name (default: the card's candidate id).
        #[arg(long)]
        candidate_name: Option<String>,
        /// With `--format wecom`: the job title (default: the card's job id).
        #[arg(long)]
        job_title: Option<String>,
    },
    /// Hiring-funnel analytics from archive events: progress per role, conversion, stage
    /// durations, channel drop-out and, with --audit, pass-through by group.
    Funnel {
        /// Events (JSON array, `{"events": [...]}` with options, or JSON lines).
        #[arg(long)]
        events: String,
        /// The time "now" for stalled candidates (RFC 3339; default: the last event).
        #[arg(long)]
        as_of: Option<String>,
        /// A group column of the events for pass-through by group (repeatable).
        #[arg(long)]
        audit: Vec<String>,
    },
    /// Development suggestions: gaps → ranked courses with time to proficiency.
    Develop {
        /// The gaps: a gap list, a match result, a scorecard (with --bars) or a profile.
        #[arg(long)]
        profile: String,
        /// The course catalogue (JSON array of courses, or `{"catalog": [...]}`).
        #[arg(long)]
        catalog: String,
        /// Archive history (JSON `{"employees", "assessments"}`) for time to proficiency.
        #[arg(long)]
        history: Option<String>,
        /// Bars per competency (JSON `{COMPETENCY: LEVEL}`).
        #[arg(long)]
        bars: Option<String>,
    },
    /// Explained fit of resumes for a job: one JSON line per resume.
    Match {
        /// The job: a JobProfile JSON file, or a job-description text file.
        #[arg(long)]
        job: String,
        /// Resume files: raw documents (parsed first) or Resume JSON.
        #[arg(required = true)]
        resumes: Vec<String>,
        /// `YYYY-MM-DD`: what "present" (至今) means in the resumes.
        #[arg(long)]
        reference_date: Option<String>,
        /// Component weights (JSON file `{COMPONENT: W}`).
        #[arg(long)]
        weights: Option<String>,
        #[command(flatten)]
        semantic: screening::SemanticArgs,
    },
    /// Rank resumes for a job: ranked JSON lines (`id`, `score`, `rank`, `explanation`); the
    /// screening funnel goes to stderr.
    Rank {
        /// The job: a JobProfile JSON file, or a job-description text file.
        #[arg(long)]
        job: String,
        /// A directory of resume files (the id of a file is its name) or a JSON-lines file.
        #[arg(long)]
        resumes: String,
        /// How many to print.
        #[arg(long, default_value_t = 20)]
        top: u64,
        /// Filters (JSON file: `{"min_score"?, "knockout_pass_only"?, "locations"?, "min_years"?}`).
        #[arg(long)]
        filters: Option<String>,
        /// Component weights (JSON file `{COMPONENT: W}`).
        #[arg(long)]
        weights: Option<String>,
        /// `YYYY-MM-DD`: what "present" (至今) means in the resumes.
        #[arg(long)]
        reference_date: Option<String>,
        #[command(flatten)]
        semantic: screening::SemanticArgs,
    },
    /// Sentence embeddings and semantic scores from an ONNX model (builds with `--features
    /// onnx`): `semantic embed`.
    Semantic {
        #[command(subcommand)]
        command: screening::SemanticCommand,
    },
    /// Job descriptions: `job parse FILE` → JobProfile JSON.
    Job {
        #[command(subcommand)]
        command: screening::JobCommand,
    },
    /// A saved resume index for fast repeated ranking: `index build`, `index query`.
    Index {
        #[command(subcommand)]
        command: screening::IndexCommand,
    },
    /// Stream many resumes through parsing or screening: JSON lines or Parquet in and out,
    /// a chunk at a time, one output row per input row (`batch parse`, `batch screen`).
    Batch {
        #[command(subcommand)]
        command: stream::BatchCommand,
    },
    /// The hash-chained audit trail (a JSON-lines file, one entry per line).
    Log {
        #[command(subcommand)]
        command: LogCommand,
    },
}

#[derive(Subcommand)]
enum LogCommand {
    /// Append an entry to a log file (created if absent) and print it.
    Append {
        /// The log file (JSON lines).
        file: String,
        /// Who acted.
        #[arg(long)]
        actor: String,
        /// What they did (read, change, decide, …).
        #[arg(long)]
        action: String,
        /// On what (a document id or pointer).
        #[arg(long)]
        target: String,
        /// When (RFC 3339); default: now.
        #[arg(long)]
        at: Option<String>,
        /// Details, as JSON text.
        #[arg(long)]
        details: Option<String>,
        /// File holding a base64 HMAC key, for a keyed chain.
        #[arg(long)]
        key: Option<String>,
    },
    /// Verify a log file: exit 0 when the chain is intact, 1 when not (the report says where).
    Verify {
        /// The log file (JSON lines, or one JSON array).
        file: String,
        /// File holding a base64 HMAC key, for a keyed chain.
        #[arg(long)]
        key: Option<String>,
        /// The head hash recorded elsewhere (detects a truncated tail).
        #[arg(long)]
        expected_head: Option<String>,
        /// The entry count recorded elsewhere (detects a truncated tail).
        #[arg(long)]
        expected_length: Option<u64>,
    },
}

#[derive(Subcommand)]
enum PotentialCommand {
    /// Train a model and write it to `--out` (JSON); prints its summary.
    Fit {
        #[command(flatten)]
        table: LabelledTable,
        /// Learner parameters as a JSON object (`{"learning_rate":0.1}`).
        #[arg(long)]
        params: Option<String>,
        /// Where to write the model.
        #[arg(long)]
        out: String,
    },
    /// Evaluate a model on labelled data: ROC-AUC, PR-AUC, calibration, validity, adverse impact.
    Eval {
        /// The model file.
        #[arg(long)]
        model: String,
        /// Labelled data: CSV with a header row.
        #[arg(long)]
        csv: String,
        /// The label column (0/1).
        #[arg(long)]
        label: String,
        /// A group column for the adverse-impact table.
        #[arg(long)]
        group: Option<String>,
    },
    /// Predict: one JSON line per row with id, probability and the top contributions.
    Predict {
        /// The model file.
        #[arg(long)]
        model: String,
        /// Data: CSV with a header row.
        #[arg(long)]
        csv: String,
        /// How many contributions to print per row.
        #[arg(long, default_value_t = 5)]
        top: u64,
    },
    /// Refit (or warm-start) a model on new outcomes; writes a new version to `--out`, never
    /// over the old one, and prints drift and the change in metrics.
    Update {
        /// The current model file.
        #[arg(long)]
        model: String,
        /// New labelled data: CSV with a header row.
        #[arg(long)]
        csv: String,
        /// The label column (0/1).
        #[arg(long)]
        label: String,
        /// refit or warm_start.
        #[arg(long, default_value = "refit")]
        mode: String,
        /// Where to write the new model (must differ from `--model`).
        #[arg(long)]
        out: String,
    },
    /// Feature bands ranked by lift in the label rate, with confidence intervals.
    Insights {
        #[command(flatten)]
        table: LabelledTable,
    },
}

#[derive(Subcommand)]
enum BankCommand {
    /// One JSON line per question: `id`, `competencies`, `text` (in `--lang`, or both), `type`,
    /// `role_families`, `time_limit_seconds`.
    List {
        /// zh or en (default: both languages).
        #[arg(long)]
        lang: Option<String>,
        /// Only questions that assess this competency (`teamwork`, `data_analysis`, …).
        #[arg(long)]
        competency: Option<String>,
        /// Only questions tagged for this role family (`relationship_manager`, `sales`, …).
        #[arg(long)]
        role_family: Option<String>,
        /// A vendor extension of the bank (JSON file).
        #[arg(long)]
        extension: Option<String>,
    },
}

#[derive(Subcommand)]
enum InterviewCommand {
    /// A plan for a job (an archive `job_profile` JSON): questions balanced over the job's
    /// competency weights, the same for the same seed, none repeated from `--exclude`.
    Plan {
        /// The job profile (JSON).
        #[arg(long)]
        job: String,
        /// Seed; the same seed gives the same plan.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// zh or en (default: both languages).
        #[arg(long)]
        lang: Option<String>,
        /// How many questions (default 8).
        #[arg(long)]
        count: Option<u64>,
        /// Earlier plans of this candidate (JSON files): their questions are not asked again.
        #[arg(long = "previous")]
        previous: Vec<String>,
        /// A vendor extension of the bank (JSON file).
        #[arg(long)]
        extension: Option<String>,
    },
    /// A scorecard from a plan and `{"answers":[{"question_id","transcript"}]}`.
    Score {
        #[command(flatten)]
        inputs: InterviewInputs,
    },
    /// Recompute a scorecard from the same inputs: exit 0 when it reproduces bit for bit, 1 when
    /// not (the report names what differs).
    Replay {
        /// The scorecard to check (JSON).
        #[arg(long)]
        scorecard: String,
        #[command(flatten)]
        inputs: InterviewInputs,
    },
}

/// What a scorecard is computed from (and replayed with).
#[derive(clap::Args)]
struct InterviewInputs {
    /// The plan (JSON, as `interview plan` prints it).
    #[arg(long)]
    plan: String,
    /// The answers: `{"answers":[{"question_id","transcript"}]}` (JSON).
    #[arg(long)]
    answers: String,
    /// Norm-group scores for percentiles: `{"overall":[…], "<competency>":[…]}` (JSON).
    #[arg(long)]
    norms: Option<String>,
    /// A vendor extension of the bank (JSON file).
    #[arg(long)]
    extension: Option<String>,
}

impl InterviewInputs {
    /// The request fields `plan`, `answers`, `norms`, `extension`.
    fn request(&self) -> Result<Value, Failure> {
        let mut request = serde_json::json!({
            "plan": read_json(&self.plan)?,
            "answers": read_json(&self.answers)?,
        });
        for (key, path) in [("norms", &self.norms), ("extension", &self.extension)] {
            if let Some(path) = path {
                request[key] = read_json(path)?;
            }
        }
        Ok(request)
    }
}

#[derive(Subcommand)]
enum NerCommand {
    /// Train on annotated files and write the model to `--out`; prints the training report.
    Train {
        /// bmes (one character and tag per line) or conll (one token and tag per line).
        #[arg(long)]
        format: String,
        /// The training file.
        #[arg(long)]
        train: String,
        /// A development file: the best checkpoint on it is kept and scored.
        #[arg(long)]
        dev: Option<String>,
        /// Where to write the model (binary).
        #[arg(long)]
        out: String,
        /// crf (default) or perceptron.
        #[arg(long)]
        algorithm: Option<String>,
        /// More trainer options as a JSON object (`{"iterations":150,"l2":0.5}`).
        #[arg(long)]
        options: Option<String>,
    },
    /// Score a model on an annotated file: micro F1, precision, recall and per-type scores.
    Eval {
        /// The model file.
        #[arg(long)]
        model: String,
        /// bmes or conll.
        #[arg(long)]
        format: String,
        /// The annotated test file.
        #[arg(long)]
        test: String,
    },
    /// Tag text: one line of text in, one JSON line of entity spans out.
    Tag {
        /// The model file.
        #[arg(long)]
        model: String,
        /// The text (`-`, the default, for stdin).
        #[arg(default_value = "-")]
        file: String,
    },
}

#[derive(Subcommand)]
enum TaxonomyCommand {
    /// Skills named in TEXT (`--mode find`, the default), the skills a term means (`term`), or
    /// a skill and its related skills by id (`id`).
    Lookup {
        /// The text, term or id.
        text: String,
        /// find, term or id.
        #[arg(long, default_value = "find")]
        mode: String,
        /// Names in zh or en (default: both).
        #[arg(long)]
        lang: Option<String>,
        /// A replacement taxonomy (`.json`, or `.csv`).
        #[arg(long)]
        taxonomy: Option<String>,
        /// An extension (JSON file).
        #[arg(long)]
        extension: Option<String>,
    },
    /// The taxonomy's version and counts per category and source.
    Info {
        /// Names in zh or en (default: both).
        #[arg(long)]
        lang: Option<String>,
        /// A replacement taxonomy (`.json`, or `.csv`).
        #[arg(long)]
        taxonomy: Option<String>,
        /// An extension (JSON file).
        #[arg(long)]
        extension: Option<String>,
    },
}

#[derive(Subcommand)]
enum AnswerCommand {
    /// Score one answer: `competencies` {id: {level, confidence, evidence, missing}} and
    /// `feedback` for the candidate.
    Score {
        /// The question id in the bank (`comm-001`).
        #[arg(long)]
        question: String,
        /// A file holding the transcript text (`-` for stdin).
        #[arg(long)]
        answer: String,
        /// Feedback language, zh or en (default: the answer's language).
        #[arg(long)]
        lang: Option<String>,
        /// Let the feedback mention levels.
        #[arg(long)]
        show_scores: bool,
        /// A vendor extension of the bank (JSON file).
        #[arg(long)]
        extension: Option<String>,
    },
}

/// A CSV file with a 0/1 label column, and the columns that are not features.
#[derive(clap::Args)]
struct LabelledTable {
    /// Data: CSV with a header row.
    #[arg(long)]
    csv: String,
    /// The label column (0/1).
    #[arg(long)]
    label: String,
    /// An id column (kept out of the features).
    #[arg(long)]
    id: Option<String>,
    /// Columns to leave out, comma-separated.
    #[arg(long, value_delimiter = ',')]
    exclude: Vec<String>,
}

impl LabelledTable {
    /// The request fields `csv`, `label`, `id`, `exclude`.
    fn request(&self) -> Result<Value, Failure> {
        let mut request = serde_json::json!({"csv": read_text(&self.csv)?, "label": self.label});
        if let Some(id) = &self.id {
            request["id"] = id.as_str().into();
        }
        if !self.exclude.is_empty() {
            request["exclude"] = self
                .exclude
                .iter()
                .map(|c| Value::from(c.as_str()))
                .collect();
        }
        Ok(request)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// The report as JSON.
    Json,
    /// Markdown.
    Md,
    /// A self-contained HTML page.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// JSON Resume v1.0.0.
    JsonResume,
}

/// A failure to report: which input, and the core's error.
struct Failure {
    source: String,
    error: Error,
}

fn read(path: &str) -> Result<Vec<u8>, Failure> {
    let result = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    result.map_err(|e| Failure {
        source: path.to_string(),
        error: Error::Io {
            path: path.to_string(),
            message: e.to_string(),
        },
    })
}

fn name_of(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

fn emit(out: &mut impl Write, text: &str, pretty: bool) -> std::io::Result<()> {
    if pretty {
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            if let Ok(p) = serde_json::to_string_pretty(&v) {
                return writeln!(out, "{p}");
            }
        }
    }
    writeln!(out, "{text}")
}

fn report_failure(f: &Failure) {
    let code = f.error.code();
    eprintln!(
        "error[{}]: {}: {}",
        code.name(),
        name_of(&f.source),
        f.error
    );
    if let Some(report) = f.error.report() {
        for issue in &report.issues {
            let at = if issue.pointer.is_empty() {
                "(root)"
            } else {
                issue.pointer.as_str()
            };
            eprintln!("  {at}: {} [{:?}]", issue.message, issue.code);
        }
    }
}

fn single(path: &str, op: json::Op) -> Result<String, Failure> {
    let bytes = read(path)?;
    op(&bytes).map_err(|error| Failure {
        source: path.to_string(),
        error,
    })
}

/// Reads a file as UTF-8 text.
fn read_text(path: &str) -> Result<String, Failure> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| Failure {
        source: path.to_string(),
        error: Error::InvalidUtf8 {
            valid_up_to: e.utf8_error().valid_up_to(),
        },
    })
}

/// Reads a JSON file into a value.
fn read_json(path: &str) -> Result<Value, Failure> {
    let bytes = read(path)?;
    json::parse(&bytes).map_err(|error| Failure {
        source: path.to_string(),
        error,
    })
}

/// Runs a request-object operation; errors are charged to `source`.
fn call(op: json::Op, request: &Value, source: &str) -> Result<String, Failure> {
    let input = serde_json::to_vec(request).unwrap_or_default();
    op(&input).map_err(|error| Failure {
        source: source.to_string(),
        error,
    })
}

/// The entries of a log file: JSON lines, or one JSON array. A file that does not exist is an
/// empty log when `missing_is_empty` (appending creates it), an `Io` error otherwise.
fn read_log(path: &str, missing_is_empty: bool) -> Result<Vec<Value>, Failure> {
    if missing_is_empty && path != "-" && !std::path::Path::new(path).exists() {
        return Ok(Vec::new());
    }
    let text = read_text(path)?;
    if text.trim_start().starts_with('[') {
        return match json::parse_str(&text) {
            Ok(Value::Array(items)) => Ok(items),
            Ok(other) => Ok(vec![other]),
            Err(error) => Err(Failure {
                source: path.to_string(),
                error,
            }),
        };
    }
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = json::parse_str(line).map_err(|error| Failure {
            source: format!("{path}:{}", i + 1),
            error,
        })?;
        entries.push(value);
    }
    Ok(entries)
}

/// The base64 key in a key file (whitespace trimmed), as a JSON string.
fn read_key(path: &Option<String>) -> Result<Option<Value>, Failure> {
    match path {
        None => Ok(None),
        Some(p) => Ok(Some(Value::String(read_text(p)?.trim().to_string()))),
    }
}

/// The current time as RFC 3339 (UTC, seconds).
fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

fn run(cli: Cli) -> Result<bool, Failure> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let pretty = cli.pretty;
    let io = |e: std::io::Error| Failure {
        source: "<stdout>".into(),
        error: Error::Io {
            path: "<stdout>".into(),
            message: e.to_string(),
        },
    };
    match cli.command {
        Command::Version => emit(&mut out, &json::version(), pretty).map_err(io)?,
        Command::Validate { files } => {
            let mut all_valid = true;
            for path in &files {
                // One bad file never stops the others: each gets its report or its error.
                match single(path, json::validate) {
                    Ok(report) => {
                        let mut v: Value = serde_json::from_str(&report).unwrap_or(Value::Null);
                        if v.get("valid") != Some(&Value::Bool(true)) {
                            all_valid = false;
                        }
                        if let Value::Object(map) = &mut v {
                            let mut with_file = serde_json::Map::new();
                            with_file.insert("file".into(), name_of(path).into());
                            with_file.extend(std::mem::take(map));
                            *map = with_file;
                        }
                        emit(&mut out, &v.to_string(), pretty).map_err(io)?;
                    }
                    Err(f) => {
                        all_valid = false;
                        report_failure(&f);
                    }
                }
            }
            return Ok(all_valid);
        }
        Command::Migrate { file } => {
            emit(&mut out, &single(&file, json::migrate)?, pretty).map_err(io)?
        }
        Command::Import {
            from: Format::JsonResume,
            file,
        } => emit(&mut out, &single(&file, json::import_json_resume)?, pretty).map_err(io)?,
        Command::Export {
            to: Format::JsonResume,
            file,
        } => emit(&mut out, &single(&file, json::export_json_resume)?, pretty).map_err(io)?,
        Command::Merge { files } => {
            let mut docs = Vec::new();
            for path in &files {
                let bytes = read(path)?;
                let value = json::parse(&bytes).map_err(|error| Failure {
                    source: path.clone(),
                    error,
                })?;
                match value {
                    Value::Array(items) => docs.extend(items),
                    other => docs.push(other),
                }
            }
            let input = serde_json::to_vec(&Value::Array(docs)).unwrap_or_default();
            let merged = json::merge_profiles(&input).map_err(|error| Failure {
                source: files.join(","),
                error,
            })?;
            emit(&mut out, &merged, pretty).map_err(io)?
        }
        Command::Schema { kind } => {
            let k = DocumentKind::parse(&kind).ok_or_else(|| Failure {
                source: kind.clone(),
                error: Error::InvalidArgument {
                    name: "kind".into(),
                    expected: format!("one of: {}", DocumentKind::list()),
                },
            })?;
            let schema = interviewkit_core::schema::json_schema::json_schema(k);
            emit(&mut out, &schema.to_string(), pretty).map_err(io)?
        }
        Command::Audit {
            csv,
            group,
            selected,
            score,
            format,
            bootstrap,
            seed,
            confidence,
            small_share,
            small_sample_policy,
        } => {
            let mut request = serde_json::Map::new();
            request.insert("csv".into(), read_text(&csv)?.into());
            request.insert(
                "group".into(),
                Value::Array(group.into_iter().map(Value::String).collect()),
            );
            if let Some(col) = selected {
                request.insert("selected".into(), col.into());
            }
            if let Some(col) = score {
                request.insert("score".into(), col.into());
            }
            let mut boot = serde_json::Map::new();
            if let Some(n) = bootstrap {
                boot.insert("iterations".into(), n.into());
            }
            if let Some(n) = seed {
                boot.insert("seed".into(), n.into());
            }
            if let Some(c) = confidence {
                boot.insert("confidence".into(), c.into());
            }
            if let Some(s) = small_share {
                request.insert("small_share".into(), s.into());
            }
            if let Some(p) = small_sample_policy {
                request.insert("small_sample_policy".into(), p.into());
            }
            if !boot.is_empty() {
                request.insert("bootstrap".into(), Value::Object(boot));
            }
            let report = call(json::audit, &Value::Object(request), &csv)?;
            match format {
                ReportFormat::Json => emit(&mut out, &report, pretty).map_err(io)?,
                ReportFormat::Md | ReportFormat::Html => {
                    let report: Value = serde_json::from_str(&report).unwrap_or(Value::Null);
                    let name = if matches!(format, ReportFormat::Md) {
                        "md"
                    } else {
                        "html"
                    };
                    let request = serde_json::json!({"report": report, "format": name});
                    let rendered = call(json::audit_render, &request, &csv)?;
                    let rendered: Value = serde_json::from_str(&rendered).unwrap_or(Value::Null);
                    let text = rendered["text"].as_str().unwrap_or_default();
                    write!(out, "{text}").map_err(io)?;
                    if !text.ends_with('\n') {
                        writeln!(out).map_err(io)?;
                    }
                }
            }
        }
        Command::Redact { file, schools } => {
            let request = serde_json::json!({
                "document": read_json(&file)?,
                "options": {"schools": schools},
            });
            emit(&mut out, &call(json::redact, &request, &file)?, pretty).map_err(io)?
        }
        Command::View { role, file } => {
            let request = serde_json::json!({"document": read_json(&file)?, "role": role});
            emit(&mut out, &call(json::role_view, &request, &file)?, pretty).map_err(io)?
        }
        Command::Encrypt { keys, fields, file } => {
            let mut request = serde_json::json!({
                "document": read_json(&file)?,
                "keyring": read_json(&keys)?,
            });
            if !fields.is_empty() {
                request["fields"] = Value::Array(fields.into_iter().map(Value::String).collect());
            }
            emit(&mut out, &call(json::encrypt, &request, &file)?, pretty).map_err(io)?
        }
        Command::Decrypt { keys, file } => {
            let request = serde_json::json!({
                "document": read_json(&file)?,
                "keyring": read_json(&keys)?,
            });
            emit(&mut out, &call(json::decrypt, &request, &file)?, pretty).map_err(io)?
        }
        Command::RotateKeys { keys, to, file } => {
            let mut request = serde_json::json!({
                "document": read_json(&file)?,
                "keyring": read_json(&keys)?,
            });
            if let Some(to) = to {
                request["to"] = to.into();
            }
            emit(&mut out, &call(json::rotate_keys, &request, &file)?, pretty).map_err(io)?
        }
        Command::Keygen { id } => {
            let request = serde_json::json!({"id": id});
            emit(
                &mut out,
                &call(json::generate_key, &request, "keygen")?,
                pretty,
            )
            .map_err(io)?
        }
        Command::Log { command } => return run_log(command, &mut out, pretty),
        Command::Potential { command } => run_potential(command, &mut out, pretty)?,
        Command::Bank {
            command:
                BankCommand::List {
                    lang,
                    competency,
                    role_family,
                    extension,
                },
        } => {
            let mut request = serde_json::Map::new();
            for (key, value) in [
                ("lang", lang),
                ("competency", competency),
                ("role_family", role_family),
            ] {
                if let Some(v) = value {
                    request.insert(key.into(), v.into());
                }
            }
            if let Some(path) = &extension {
                request.insert("extension".into(), read_json(path)?);
            }
            let bank = call(json::bank_list, &Value::Object(request), "bank")?;
            let bank: Value = serde_json::from_str(&bank).unwrap_or(Value::Null);
            for question in bank["questions"].as_array().into_iter().flatten() {
                emit(&mut out, &question.to_string(), pretty).map_err(io)?;
            }
        }
        Command::Interview { command } => return run_interview(command, &mut out, pretty),
        Command::Parse {
            files,
            reference_date,
            taxonomy,
            taxonomy_extension,
            no_taxonomy,
            ner_model,
            school_tiers,
            with_warnings,
        } => {
            let mut options = serde_json::Map::new();
            if let Some(d) = reference_date {
                options.insert("reference_date".into(), d.into());
            }
            if no_taxonomy {
                options.insert("taxonomy".into(), false.into());
            }
            if let Some(path) = &taxonomy {
                options.insert("taxonomy".into(), read_taxonomy(path)?);
            }
            if let Some(path) = &taxonomy_extension {
                options.insert("taxonomy_extension".into(), read_json(path)?);
            }
            if let Some(path) = &ner_model {
                options.insert("ner_model".into(), base64_of(&read(path)?).into());
            }
            if let Some(path) = &school_tiers {
                options.insert("school_tiers".into(), read_json(path)?);
            }
            let mut all_ok = true;
            for path in &files {
                // One bad file never stops the others: each gets its resume or its error.
                let mut file_options = options.clone();
                if path != "-" {
                    let name = std::path::Path::new(path)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned());
                    if let Some(name) = name {
                        file_options.insert("file_name".into(), name.into());
                    }
                }
                let parsed = read(path).and_then(|bytes| {
                    let opts = serde_json::to_vec(&file_options).unwrap_or_default();
                    json::parse_resume_file(&bytes, &opts).map_err(|error| Failure {
                        source: path.clone(),
                        error,
                    })
                });
                match parsed {
                    Ok(text) => {
                        let mut v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                        for w in v["warnings"].as_array().into_iter().flatten() {
                            eprintln!(
                                "warning[{}]: {}: {}",
                                w["code"].as_str().unwrap_or(""),
                                name_of(path),
                                w["message"].as_str().unwrap_or("")
                            );
                        }
                        let line = if with_warnings {
                            let mut o = serde_json::Map::new();
                            o.insert("file".into(), name_of(path).into());
                            o.insert("resume".into(), v["resume"].take());
                            o.insert("warnings".into(), v["warnings"].take());
                            Value::Object(o)
                        } else {
                            v["resume"].take()
                        };
                        emit(&mut out, &line.to_string(), pretty).map_err(io)?;
                    }
                    Err(f) => {
                        all_ok = false;
                        report_failure(&f);
                    }
                }
            }
            return Ok(all_ok);
        }
        Command::Ner { command } => return run_ner(command, &mut out, pretty),
        Command::Taxonomy { command } => {
            let (mut request, taxonomy, extension, source) = match command {
                TaxonomyCommand::Lookup {
                    text,
                    mode,
                    lang,
                    taxonomy,
                    extension,
                } => {
                    let mut r = serde_json::json!({"text": text, "mode": mode});
                    if let Some(lang) = lang {
                        r["lang"] = lang.into();
                    }
                    (r, taxonomy, extension, "lookup")
                }
                TaxonomyCommand::Info {
                    lang,
                    taxonomy,
                    extension,
                } => {
                    let mut r = serde_json::json!({});
                    if let Some(lang) = lang {
                        r["lang"] = lang.into();
                    }
                    (r, taxonomy, extension, "info")
                }
            };
            if let Some(path) = &taxonomy {
                request["taxonomy"] = read_taxonomy(path)?;
            }
            if let Some(path) = &extension {
                request["extension"] = read_json(path)?;
            }
            let op = if source == "lookup" {
                json::taxonomy_lookup
            } else {
                json::taxonomy_info
            };
            emit(&mut out, &call(op, &request, source)?, pretty).map_err(io)?
        }
        Command::Fuse {
            policy,
            scorecard,
            signals,
            consent,
            weights,
            at,
            full,
        } => {
            return fusion::run_fuse(
                &policy,
                &scorecard,
                signals.as_deref(),
                consent.as_deref(),
                weights.as_deref(),
                at.as_deref(),
                full,
                &mut out,
                pretty,
            )
        }
        Command::Report {
            scorecard,
            format,
            lang,
            kind,
            potential,
            match_result,
            funnel,
            show_scores,
            url,
            card,
            candidate_name,
            job_title,
        } => {
            let args = reports::ReportArgs {
                scorecard: &scorecard,
                format,
                lang: &lang,
                kind: &kind,
                potential: potential.as_deref(),
                match_result: match_result.as_deref(),
                funnel: funnel.as_deref(),
                show_scores,
                url: url.as_deref(),
                card,
                candidate_name: candidate_name.as_deref(),
                job_title: job_title.as_deref(),
            };
            return reports::run_report(&args, &mut out, pretty);
        }
        Command::Funnel {
            events,
            as_of,
            audit,
        } => return reports::run_funnel(&events, as_of.as_deref(), &audit, &mut out, pretty),
        Command::Develop {
            profile,
            catalog,
            history,
            bars,
        } => {
            return reports::run_develop(
                &profile,
                &catalog,
                history.as_deref(),
                bars.as_deref(),
                &mut out,
                pretty,
            )
        }
        Command::Match {
            job,
            resumes,
            reference_date,
            weights,
            semantic,
        } => {
            return screening::run_match(
                &job,
                &resumes,
                reference_date.as_deref(),
                weights.as_deref(),
                semantic.member().as_ref(),
                &mut out,
                pretty,
            )
        }
        Command::Rank {
            job,
            resumes,
            top,
            filters,
            weights,
            reference_date,
            semantic,
        } => {
            return screening::run_rank(
                &job,
                &resumes,
                top,
                filters.as_deref(),
                weights.as_deref(),
                reference_date.as_deref(),
                semantic.member().as_ref(),
                &mut out,
                pretty,
            )
        }
        Command::Job { command } => return screening::run_job(command, &mut out, pretty),
        Command::Semantic { command } => return screening::run_semantic(command, &mut out, pretty),
        Command::Index { command } => return screening::run_index(command, &mut out, pretty),
        Command::Batch { command } => {
            drop(out);
            return stream::run(command);
        }
        Command::Voice {
            wav,
            transcript,
            words,
            config,
        } => {
            let audio = read(&wav)?;
            let mut options = serde_json::Map::new();
            if let Some(path) = &transcript {
                options.insert("transcript".into(), Value::String(read_text(path)?));
            }
            if let Some(path) = &words {
                options.insert("words".into(), read_json(path)?);
            }
            if let Some(path) = &config {
                options.insert("config".into(), read_json(path)?);
            }
            let options = serde_json::to_vec(&Value::Object(options)).unwrap_or_default();
            let result = json::voice_features_wav(&audio, &options).map_err(|error| Failure {
                source: wav.clone(),
                error,
            })?;
            emit(&mut out, &result, pretty).map_err(io)?
        }
        Command::Calibrate { ratings, threshold } => {
            let mut request = read_json(&ratings)?;
            if let (Some(t), Value::Object(map)) = (threshold, &mut request) {
                map.insert("threshold".into(), t.into());
            }
            emit(
                &mut out,
                &call(json::calibrate, &request, &ratings)?,
                pretty,
            )
            .map_err(io)?
        }
        Command::Answer {
            command:
                AnswerCommand::Score {
                    question,
                    answer,
                    lang,
                    show_scores,
                    extension,
                },
        } => {
            let mut request = serde_json::json!({
                "question_id": question,
                "transcript": read_text(&answer)?,
            });
            if let Some(lang) = lang {
                request["lang"] = lang.into();
            }
            if show_scores {
                request["show_scores"] = true.into();
            }
            if let Some(path) = &extension {
                request["extension"] = read_json(path)?;
            }
            emit(
                &mut out,
                &call(json::answer_score, &request, &answer)?,
                pretty,
            )
            .map_err(io)?
        }
        Command::Call { list: true, .. } => {
            for (name, _) in json::OPS {
                writeln!(out, "{name}").map_err(io)?;
            }
        }
        Command::Call { op, file, .. } => {
            let name = op.unwrap_or_default();
            let f = json::op(&name).ok_or_else(|| Failure {
                source: name.clone(),
                error: Error::InvalidArgument {
                    name: "op".into(),
                    expected: format!(
                        "one of: {}",
                        json::OPS
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
            })?;
            emit(&mut out, &single(&file, f)?, pretty).map_err(io)?
        }
    }
    Ok(true)
}

/// A replacement taxonomy file: CSV text when it ends in `.csv`, JSON otherwise.
fn read_taxonomy(path: &str) -> Result<Value, Failure> {
    if path.to_ascii_lowercase().ends_with(".csv") {
        Ok(Value::String(read_text(path)?))
    } else {
        read_json(path)
    }
}

/// Standard base64 (the JSON operations carry model files this way).
fn base64_of(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn run_ner(command: NerCommand, out: &mut impl Write, pretty: bool) -> Result<bool, Failure> {
    let io = |e: std::io::Error| Failure {
        source: "<stdout>".into(),
        error: Error::Io {
            path: "<stdout>".into(),
            message: e.to_string(),
        },
    };
    match command {
        NerCommand::Train {
            format,
            train,
            dev,
            out: model_path,
            algorithm,
            options,
        } => {
            let mut request = serde_json::json!({"format": format, "train": read_text(&train)?});
            if let Some(dev) = &dev {
                request["dev"] = read_text(dev)?.into();
            }
            let mut opts = match &options {
                Some(text) => json::parse(text.as_bytes()).map_err(|error| Failure {
                    source: "--options".into(),
                    error,
                })?,
                None => serde_json::json!({}),
            };
            if let (Some(a), Value::Object(map)) = (algorithm, &mut opts) {
                map.insert("algorithm".into(), a.into());
            }
            request["options"] = opts;
            let result = call(json::ner_train, &request, &train)?;
            let mut result: Value = serde_json::from_str(&result).unwrap_or(Value::Null);
            let model =
                decode_base64(result["model"].as_str().unwrap_or("")).ok_or_else(|| Failure {
                    source: train.clone(),
                    error: Error::Internal("the trainer returned no model".into()),
                })?;
            std::fs::write(&model_path, model).map_err(|e| Failure {
                source: model_path.clone(),
                error: Error::Io {
                    path: model_path.clone(),
                    message: e.to_string(),
                },
            })?;
            emit(out, &result["report"].take().to_string(), pretty).map_err(io)?;
        }
        NerCommand::Eval {
            model,
            format,
            test,
        } => {
            let request = serde_json::json!({
                "model": base64_of(&read(&model)?),
                "format": format,
                "test": read_text(&test)?,
            });
            emit(out, &call(json::ner_eval, &request, &test)?, pretty).map_err(io)?;
        }
        NerCommand::Tag { model, file } => {
            let model = base64_of(&read(&model)?);
            let text = read_text(&file)?;
            // Lines in batches: one request per batch keeps memory flat on large inputs.
            let lines: Vec<&str> = text.lines().collect();
            for batch in lines.chunks(512) {
                let request = serde_json::json!({"model": model, "texts": batch});
                let result = call(json::ner_tag, &request, &file)?;
                let result: Value = serde_json::from_str(&result).unwrap_or(Value::Null);
                for entities in result["entities"].as_array().into_iter().flatten() {
                    let line = serde_json::json!({ "entities": entities });
                    emit(out, &line.to_string(), pretty).map_err(io)?;
                }
            }
        }
    }
    Ok(true)
}

/// Decodes standard base64; `None` when it is not.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

fn run_interview(
    command: InterviewCommand,
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    let io = |e: std::io::Error| Failure {
        source: "<stdout>".into(),
        error: Error::Io {
            path: "<stdout>".into(),
            message: e.to_string(),
        },
    };
    match command {
        InterviewCommand::Plan {
            job,
            seed,
            lang,
            count,
            previous,
            extension,
        } => {
            let mut request = serde_json::json!({"job": read_json(&job)?, "seed": seed});
            if let Some(lang) = lang {
                request["lang"] = lang.into();
            }
            if let Some(count) = count {
                request["count"] = count.into();
            }
            if !previous.is_empty() {
                let plans = previous
                    .iter()
                    .map(|p| read_json(p))
                    .collect::<Result<Vec<_>, _>>()?;
                request["previous_plans"] = plans.into();
            }
            if let Some(path) = &extension {
                request["extension"] = read_json(path)?;
            }
            emit(out, &call(json::interview_plan, &request, &job)?, pretty).map_err(io)?;
        }
        InterviewCommand::Score { inputs } => {
            let request = inputs.request()?;
            emit(
                out,
                &call(json::interview_score, &request, &inputs.answers)?,
                pretty,
            )
            .map_err(io)?;
        }
        InterviewCommand::Replay { scorecard, inputs } => {
            let mut request = inputs.request()?;
            request["scorecard"] = read_json(&scorecard)?;
            let report = call(json::interview_replay, &request, &scorecard)?;
            emit(out, &report, pretty).map_err(io)?;
            let report: Value = serde_json::from_str(&report).unwrap_or(Value::Null);
            return Ok(report["reproduced"] == Value::Bool(true));
        }
    }
    Ok(true)
}

/// Writes `text` to `path`, as the CLI's `Io` failure when it cannot.
fn write_file(path: &str, text: &str) -> Result<(), Failure> {
    std::fs::write(path, text).map_err(|e| Failure {
        source: path.to_string(),
        error: Error::Io {
            path: path.to_string(),
            message: e.to_string(),
        },
    })
}

fn run_potential(
    command: PotentialCommand,
    out: &mut impl Write,
    pretty: bool,
) -> Result<(), Failure> {
    let io = |e: std::io::Error| Failure {
        source: "<stdout>".into(),
        error: Error::Io {
            path: "<stdout>".into(),
            message: e.to_string(),
        },
    };
    match command {
        PotentialCommand::Fit {
            table,
            params,
            out: path,
        } => {
            let mut request = table.request()?;
            if let Some(p) = params {
                request["params"] = json::parse_str(&p).map_err(|error| Failure {
                    source: "--params".into(),
                    error,
                })?;
            }
            let model = call(json::potential_fit, &request, &table.csv)?;
            write_file(&path, &model)?;
            let model: Value = serde_json::from_str(&model).unwrap_or(Value::Null);
            let summary = serde_json::json!({
                "model": path,
                "model_version": model["model_version"],
                "training": model["training"],
                "metrics": model["metrics"],
                "dropped": model["dropped"],
                "warnings": model["warnings"],
            });
            emit(out, &summary.to_string(), pretty).map_err(io)?;
        }
        PotentialCommand::Eval {
            model,
            csv,
            label,
            group,
        } => {
            let mut request = serde_json::json!({
                "model": read_json(&model)?, "csv": read_text(&csv)?, "label": label,
            });
            if let Some(g) = group {
                request["group"] = g.into();
            }
            emit(
                out,
                &call(json::potential_evaluate, &request, &csv)?,
                pretty,
            )
            .map_err(io)?;
        }
        PotentialCommand::Predict { model, csv, top } => {
            let request = serde_json::json!({
                "model": read_json(&model)?, "csv": read_text(&csv)?, "top": top,
            });
            let result = call(json::potential_predict, &request, &csv)?;
            let result: Value = serde_json::from_str(&result).unwrap_or(Value::Null);
            for warning in result["warnings"].as_array().into_iter().flatten() {
                eprintln!("warning: {csv}: {}", warning.as_str().unwrap_or_default());
            }
            for row in result["predictions"].as_array().into_iter().flatten() {
                emit(out, &row.to_string(), pretty).map_err(io)?;
            }
        }
        PotentialCommand::Update {
            model,
            csv,
            label,
            mode,
            out: path,
        } => {
            if path == model {
                return Err(Failure {
                    source: path,
                    error: Error::InvalidArgument {
                        name: "--out".into(),
                        expected: "a new file: an update never overwrites the model it starts from"
                            .into(),
                    },
                });
            }
            let request = serde_json::json!({
                "model": read_json(&model)?, "csv": read_text(&csv)?, "label": label, "mode": mode,
            });
            let result = call(json::potential_update, &request, &csv)?;
            let mut result: Value = serde_json::from_str(&result).unwrap_or(Value::Null);
            let new_model = result["model"].take();
            write_file(&path, &new_model.to_string())?;
            result["model"] = serde_json::json!({
                "path": path, "model_version": new_model["model_version"],
                "parent_hash": new_model["parent_hash"],
            });
            emit(out, &result.to_string(), pretty).map_err(io)?;
        }
        PotentialCommand::Insights { table } => {
            let request = table.request()?;
            let result = call(json::potential_insights, &request, &table.csv)?;
            emit(out, &result, pretty).map_err(io)?;
        }
    }
    Ok(())
}

fn run_log(command: LogCommand, out: &mut impl Write, pretty: bool) -> Result<bool, Failure> {
    let io = |path: &str| {
        let path = path.to_string();
        move |e: std::io::Error| Failure {
            source: path.clone(),
            error: Error::Io {
                path: path.clone(),
                message: e.to_string(),
            },
        }
    };
    match command {
        LogCommand::Append {
            file,
            actor,
            action,
            target,
            at,
            details,
            key,
        } => {
            let previous = read_log(&file, true)?.pop().unwrap_or(Value::Null);
            let mut entry = serde_json::json!({
                "at": at.unwrap_or_else(now_rfc3339),
                "actor": actor,
                "action": action,
                "target": target,
            });
            if let Some(details) = details {
                entry["details"] = json::parse_str(&details).map_err(|error| Failure {
                    source: "--details".into(),
                    error,
                })?;
            }
            let mut request = serde_json::json!({"previous": previous, "entry": entry});
            if let Some(k) = read_key(&key)? {
                request["key"] = k;
            }
            let sealed = call(json::log_append, &request, &file)?;
            let mut log = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&file)
                .map_err(io(&file))?;
            writeln!(log, "{sealed}").map_err(io(&file))?;
            emit(out, &sealed, pretty).map_err(io("<stdout>"))?;
            Ok(true)
        }
        LogCommand::Verify {
            file,
            key,
            expected_head,
            expected_length,
        } => {
            let mut request = serde_json::json!({"entries": read_log(&file, false)?});
            if let Some(k) = read_key(&key)? {
                request["key"] = k;
            }
            if let Some(h) = expected_head {
                request["expected_head"] = h.into();
            }
            if let Some(n) = expected_length {
                request["expected_length"] = n.into();
            }
            let report = call(json::log_verify, &request, &file)?;
            let valid = serde_json::from_str::<Value>(&report)
                .map(|v| v["valid"] == Value::Bool(true))
                .unwrap_or(false);
            emit(out, &report, pretty).map_err(io("<stdout>"))?;
            Ok(valid)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(true)) => ExitCode::SUCCESS,
        Ok(Ok(false)) => ExitCode::from(1),
        Ok(Err(f)) => {
            report_failure(&f);
            ExitCode::from(1)
        }
        Err(_) => {
            eprintln!("error[Internal]: interviewkit crashed; this is a bug, please report it");
            ExitCode::from(1)
        }
    }
}

// mimalloc serves this face's allocations (cargo feature `mimalloc`, on by default): the resume
// parser allocates many small strings, and glibc's malloc took about a third of its time.
#[cfg(all(feature = "mimalloc", not(target_family = "wasm")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
