//! Interview plans drawn from a job's competency weights (issue #5, item 2).
