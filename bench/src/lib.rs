//! Benchmarks for InterviewKit live in `benches/`; this library only locates shared fixtures.

/// The small candidate document every face's overhead benchmark validates.
pub fn small_candidate() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/small_candidate.json");
    std::fs::read(path).unwrap_or_default()
}
