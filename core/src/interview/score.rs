//! Answer scoring from the transcript, instant feedback, scorecards and replay (issue #5, items 4–6).
