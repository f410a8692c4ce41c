//! InterviewKit C ABI (placeholder until the face lands).
