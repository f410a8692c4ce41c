//! A trainable sequence labeller for resume entities (issue #3, item 4).
