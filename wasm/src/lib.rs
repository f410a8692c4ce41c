//! InterviewKit WASM binding (placeholder until the face lands).
