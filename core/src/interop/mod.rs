//! Interoperability with other resume and HR formats.
//!
//! Owns: conversions between the archive and outside formats. Must not touch: the archive schema
//! itself (it only reads and writes archive documents through their public types).

pub mod json_resume;
