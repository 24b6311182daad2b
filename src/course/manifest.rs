//! The optional course manifest, `course.json`: a title and a lesson order.

use serde::Deserialize;

use super::ContentProblem;

pub const FILE_NAME: &str = "course.json";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(default)]
    pub title: Option<String>,
    /// Lesson ids in reading order; lessons not named follow in file-name order.
    #[serde(default)]
    pub lessons: Vec<String>,
    /// Lets editors check the file; ignored here.
    #[serde(default, rename = "$schema")]
    #[allow(dead_code)]
    pub schema: Option<String>,
}

/// Parse a manifest; a broken one is reported and ignored so the course still runs.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Manifest, ContentProblem> {
    serde_json::from_slice(bytes).map_err(|error| ContentProblem {
        path: path.to_string(),
        line: Some(error.line()),
        column: Some(error.column()),
        message: format!("course manifest ignored: {error}"),
    })
}
