//! A course: its lessons (and, as the engine grows, quizzes and assets),
//! loaded from the built-in copy or from a folder on disk.

mod lint;
mod load;
mod manifest;

pub use load::{LoadError, assessment_file, load_builtin, load_dir, quiz_and_matrix_files};

use std::path::PathBuf;

use crate::assess::model::AssessmentFile;
use crate::quiz::diagnostic::Diagnostic;
use crate::quiz::model::{Matrix, Quiz};

/// Where a course came from; also the key its progress is stored under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CourseOrigin {
    Builtin,
    Dir(PathBuf),
}

impl CourseOrigin {
    /// Stable key for the progress store.
    pub fn key(&self) -> String {
        match self {
            CourseOrigin::Builtin => "builtin".to_string(),
            CourseOrigin::Dir(path) => format!("dir:{}", path.display()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Lesson {
    /// File stem (with sub-folders joined by '/'), used to address the lesson.
    pub id: String,
    pub title: String,
    /// Path shown in messages, relative to the course root.
    pub path: String,
    pub text: String,
}

/// Something wrong with a course file that did not stop the course loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentProblem {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ContentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug, Clone)]
pub struct Course {
    pub title: String,
    pub origin: CourseOrigin,
    pub lessons: Vec<Lesson>,
    pub quizzes: Vec<Quiz>,
    pub matrices: Vec<Matrix>,
    /// The self-assessment (`assets/assessment.json`), if the course has a valid one.
    pub assessment: Option<AssessmentFile>,
    /// Lesson files and manifest problems.
    pub problems: Vec<ContentProblem>,
    /// Everything quiz and matrix validation found (warnings included);
    /// files with errors were skipped, the rest of the course still runs.
    pub diagnostics: Vec<Diagnostic>,
}

/// The matrix the drill uses by default: the course's own (`course.json`), else the first.
pub const COURSE_MATRIX_ID: &str = "course";

/// Why a lesson or quiz reference could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no {what} '{wanted}'{}", suggestion(.close))]
pub struct NotFound {
    pub what: &'static str,
    pub wanted: String,
    pub close: Vec<String>,
}

fn suggestion(close: &[String]) -> String {
    match close {
        [] => String::new(),
        [one] => format!(" (did you mean '{one}'?)"),
        many => format!(" (did you mean one of: {}?)", many.join(", ")),
    }
}

/// Find by 1-based number, id, or unique id prefix; on failure name close matches.
fn find_by_number_or_id(ids: &[&str], wanted: &str, what: &'static str) -> Result<usize, NotFound> {
    let trimmed = wanted.trim();
    if let Ok(number) = trimmed.parse::<usize>()
        && (1..=ids.len()).contains(&number)
    {
        return Ok(number - 1);
    }
    let lower = trimmed.to_lowercase();
    if let Some(index) = ids.iter().position(|id| id.to_lowercase() == lower) {
        return Ok(index);
    }
    // A unique prefix is unambiguous enough to accept ("02" for "02-service-models").
    let prefixed: Vec<usize> =
        (0..ids.len()).filter(|&i| !lower.is_empty() && ids[i].to_lowercase().starts_with(&lower)).collect();
    if let [only] = prefixed[..] {
        return Ok(only);
    }
    let mut close = crate::text::close_matches(trimmed, ids.iter().copied(), 3);
    if close.is_empty() {
        close = prefixed.iter().map(|&i| ids[i].to_string()).take(3).collect();
    }
    if close.is_empty() && trimmed.parse::<usize>().is_ok() && !ids.is_empty() {
        close.push(format!("a number from 1 to {}", ids.len()));
    }
    Err(NotFound { what, wanted: wanted.to_string(), close })
}

impl Course {
    /// One line per file that was skipped because of errors, for the outline's notices.
    pub fn skipped_files(&self) -> Vec<String> {
        let mut files: Vec<(String, usize)> = Vec::new();
        for diagnostic in self.diagnostics.iter().filter(|d| d.is_error()) {
            match files.iter_mut().find(|(file, _)| *file == diagnostic.file) {
                Some((_, count)) => *count += 1,
                None => files.push((diagnostic.file.clone(), 1)),
            }
        }
        files
            .into_iter()
            .map(|(file, count)| {
                let problems = if count == 1 { "1 problem".to_string() } else { format!("{count} problems") };
                format!("{file}: skipped ({problems}; see `handoff validate`)")
            })
            .collect()
    }

    /// The drill's matrix: the course's own, else the first one loaded.
    pub fn drill_matrix(&self) -> Option<&Matrix> {
        self.matrices.iter().find(|m| m.id == COURSE_MATRIX_ID).or_else(|| self.matrices.first())
    }

    /// Find a lesson by 1-based number or by id; on failure name close matches.
    pub fn find_lesson(&self, wanted: &str) -> Result<usize, NotFound> {
        let ids: Vec<&str> = self.lessons.iter().map(|l| l.id.as_str()).collect();
        find_by_number_or_id(&ids, wanted, "lesson")
    }

    /// Find a quiz by the number `handoff quizzes` shows or by its id.
    pub fn find_quiz(&self, wanted: &str) -> Result<usize, NotFound> {
        let ids: Vec<&str> = self.quizzes.iter().map(|q| q.id.as_str()).collect();
        find_by_number_or_id(&ids, wanted, "quiz")
    }
}
