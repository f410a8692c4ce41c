//! Resumable interview sessions: state machine, tamper-evident snapshots, outbox (issue #5, item 3).
