//! Resume understanding: documents in, archive `Resume` out with evidence spans (issue #3, items 1–2).
