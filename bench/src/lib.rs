//! InterviewKit benchmarks (placeholder).
