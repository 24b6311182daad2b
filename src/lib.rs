//! `handoff`: a terminal course engine. Everything but argument parsing lives
//! here so the renderer and the engine can be tested and benchmarked as a library.

pub mod ansi;
pub mod assess;
pub mod check;
pub mod course;
pub mod markdown;
pub mod plain;
pub mod progress;
pub mod quiz;
pub mod sanitize;
pub mod text;
pub mod ui;
