//! The skill taxonomy: embedded default, vendor extensions, fast lookup (issue #3, item 3).
