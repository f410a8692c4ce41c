//! InterviewKit Python binding (placeholder until the face lands).
