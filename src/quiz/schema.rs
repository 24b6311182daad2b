//! JSON Schemas for quiz and matrix files, generated from the model types so
//! they cannot drift from what the engine loads. Stored in `assets/` for
//! editors; `tests/schema.rs` fails when the stored copies are stale.

use schemars::schema_for;

use super::model::{MatrixFile, QuizFile};

/// The quiz file schema as pretty JSON with a trailing newline.
pub fn quiz_schema() -> String {
    pretty(&schema_for!(QuizFile))
}

/// The matrix file schema as pretty JSON with a trailing newline.
pub fn matrix_schema() -> String {
    pretty(&schema_for!(MatrixFile))
}

fn pretty(schema: &schemars::Schema) -> String {
    // Serializing a schema (a JSON value) cannot fail; fall back to the compact form anyway.
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_else(|_| schema.as_value().to_string());
    text.push('\n');
    text
}
