//! Benchmarks for InterviewKit live in `benches/`; this library locates shared fixtures and
//! gives every bench binary the allocator the faces ship.

#[doc(hidden)]
pub use mimalloc::MiMalloc;

/// Makes mimalloc, the allocator of the native faces (their default cargo feature `mimalloc`),
/// this bench binary's global allocator, so a benchmark measures what a face runs. A binary that
/// links the C library crate (`benches/overhead.rs`) gets it from there and must not use this.
#[macro_export]
macro_rules! faces_allocator {
    () => {
        #[global_allocator]
        static ALLOCATOR: $crate::MiMalloc = $crate::MiMalloc;
    };
}

/// The small candidate document every face's overhead benchmark validates.
pub fn small_candidate() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/small_candidate.json");
    std::fs::read(path).unwrap_or_default()
}

/// The 8-question interview the interview benchmarks score: `(plan, answers)` JSON values from
/// `fixtures/interview/{plan,answers}.json` (Chinese and English answers, 100–830 characters).
pub fn interview_fixture() -> (serde_json::Value, serde_json::Value) {
    let read = |name: &str| -> serde_json::Value {
        let path = format!("{}/fixtures/interview/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or(serde_json::Value::Null)
    };
    (read("plan.json"), read("answers.json"))
}

/// One `answer_score` request per answer of [`interview_fixture`].
pub fn answer_requests() -> Vec<serde_json::Value> {
    let (_, answers) = interview_fixture();
    answers["answers"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|a| {
                    serde_json::json!({
                        "question_id": a["question_id"],
                        "transcript": a["transcript"],
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The plain-text resumes of the parser benchmarks (`fixtures/resumes/*.txt`: two Chinese and two
/// English, 1.7–2.0 KB each), as `(file name, bytes)` in name order.
pub fn bench_resumes() -> Vec<(String, Vec<u8>)> {
    read_dir_sorted(
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/resumes"),
        ".txt",
    )
}

/// The DOCX resumes of the repository's parser fixtures (`tests/fixtures/resumes/*.docx`).
pub fn docx_resumes() -> Vec<(String, Vec<u8>)> {
    read_dir_sorted(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/resumes"),
        ".docx",
    )
}

/// Every `.txt` file of a directory, sorted by name (for a corpus outside the repository, such
/// as the real resumes `bench/resume_corpus.py` writes).
pub fn text_files(dir: &str) -> Vec<(String, Vec<u8>)> {
    read_dir_sorted(dir, ".txt")
}

fn read_dir_sorted(dir: &str, suffix: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(suffix) {
                return None;
            }
            std::fs::read(e.path()).ok().map(|bytes| (name, bytes))
        })
        .collect();
    out.sort();
    out
}
