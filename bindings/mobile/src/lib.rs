//! InterviewKit uniffi binding (placeholder until the face lands).
