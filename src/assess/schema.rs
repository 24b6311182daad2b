//! The JSON Schema of the assessment file, generated from the model types;
//! stored as `assets/assessment.schema.json` for editors, and checked for
//! drift by `tests/assess_engine.rs`.

use schemars::schema_for;

use super::model::AssessmentFile;

/// The assessment file schema as pretty JSON with a trailing newline.
pub fn assessment_schema() -> String {
    let schema = schema_for!(AssessmentFile);
    // Serializing a schema (a JSON value) cannot fail; fall back to the compact form anyway.
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_else(|_| schema.as_value().to_string());
    text.push('\n');
    text
}
