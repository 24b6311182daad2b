//! `handoff validate`: check quiz and matrix files the way an instructor needs,
//! every problem with file, line, column and JSON path.

use std::io::{self, Write};
use std::path::Path;

use crate::course::{self, Course};
use crate::quiz::diagnostic::Diagnostic;
use crate::quiz::{json, validate};

/// What a validation run found.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub quizzes: usize,
    pub questions: usize,
    pub matrices: usize,
    pub assessments: usize,
    pub files: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Every diagnostic, then one summary line.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        for diagnostic in &self.diagnostics {
            writeln!(out, "{diagnostic}")?;
        }
        let plural = |n: usize, word: &str| match (n, word) {
            (1, _) => format!("1 {word}"),
            (_, "quiz") => format!("{n} quizzes"),
            _ => format!("{n} {word}s"),
        };
        let checked = format!(
            "{} ({}), {}",
            plural(self.quizzes, "quiz"),
            plural(self.questions, "question"),
            plural(self.matrices, "matrix file")
        );
        let checked = if self.assessments > 0 {
            format!("{checked}, {}", plural(self.assessments, "assessment"))
        } else {
            checked
        };
        if self.diagnostics.is_empty() {
            writeln!(out, "ok: {checked} checked, no problems")
        } else {
            writeln!(
                out,
                "{}, {} in {} checked: {checked} valid",
                plural(self.errors(), "error"),
                plural(self.warnings(), "warning"),
                plural(self.files, "file")
            )
        }
    }
}

/// Check the course's own quiz and matrix files.
pub fn validate_course(course: &Course, strict: bool) -> Report {
    let (quizzes, matrices) = course::quiz_and_matrix_files(&course.origin);
    let mut report = Report::default();
    let lesson_ids = lesson_ids(course);
    for (path, bytes) in &quizzes {
        check_quiz(&mut report, path, bytes, &lesson_ids, strict);
    }
    for (path, bytes) in &matrices {
        check_matrix(&mut report, path, bytes);
    }
    if let Some((path, bytes)) = course::assessment_file(&course.origin) {
        check_assessment(&mut report, &path, &bytes, course);
    }
    // What loading the lessons found (bad UTF-8, a comment that hides the rest).
    for problem in course.problems.iter().filter(|p| p.path.to_lowercase().ends_with(".md")) {
        let (line, column) = (problem.line.unwrap_or(1), problem.column.unwrap_or(1));
        report.diagnostics.push(Diagnostic::warning(&problem.path, line, column, "", problem.message.clone()));
    }
    report
}

/// Check files and folders named on the command line. A folder means its
/// `quizzes/` and `assets/matrices/` (a course folder) or else its own `.json` files.
/// Whether a file is a matrix is told from its content (a top-level `layers`).
pub fn validate_paths(paths: &[impl AsRef<Path>], course: &Course, strict: bool) -> Report {
    let mut report = Report::default();
    let lesson_ids = lesson_ids(course);
    for path in paths {
        let path = path.as_ref();
        for file in expand(path, &mut report) {
            let shown = file.display().to_string();
            match crate::quiz::json::read_for_parse(&file) {
                Ok(bytes) if has_key(&bytes, "layers") => check_matrix(&mut report, &shown, &bytes),
                Ok(bytes) if has_key(&bytes, "pass_mark") => check_assessment(&mut report, &shown, &bytes, course),
                Ok(bytes) => check_quiz(&mut report, &shown, &bytes, &lesson_ids, strict),
                Err(error) => {
                    report.files += 1;
                    report.diagnostics.push(Diagnostic::error(&shown, 1, 1, "$", format!("cannot read: {error}")));
                }
            }
        }
    }
    report
}

fn lesson_ids(course: &Course) -> Vec<String> {
    course.lessons.iter().map(|l| l.id.clone()).collect()
}

fn expand(path: &Path, report: &mut Report) -> Vec<std::path::PathBuf> {
    if !path.is_dir() {
        return vec![path.to_path_buf()];
    }
    let course_parts = [path.join("quizzes"), path.join("assets").join("matrices")];
    let folders: Vec<_> = if course_parts.iter().any(|p| p.is_dir()) {
        course_parts.into_iter().filter(|p| p.is_dir()).collect()
    } else {
        vec![path.to_path_buf()]
    };
    let mut files = Vec::new();
    for folder in folders {
        match std::fs::read_dir(&folder) {
            Ok(entries) => files.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))),
            ),
            Err(error) => {
                report.files += 1;
                report.diagnostics.push(Diagnostic::error(
                    &folder.display().to_string(),
                    1,
                    1,
                    "$",
                    format!("cannot read folder: {error}"),
                ));
            }
        }
    }
    files.sort();
    files
}

/// Whether the file is a JSON object with this top-level key: how a matrix
/// (`layers`) or an assessment (`pass_mark`) is told from a quiz.
fn has_key(bytes: &[u8], key: &str) -> bool {
    match json::parse(bytes) {
        Ok(node) => matches!(&node.value, json::Value::Object(members) if members.iter().any(|(k, _)| k.name == key)),
        Err(_) => false,
    }
}

fn check_quiz(report: &mut Report, path: &str, bytes: &[u8], lesson_ids: &[String], strict: bool) {
    report.files += 1;
    let (quiz, diagnostics) = validate::validate_quiz(path, bytes, lesson_ids, strict);
    if let Some(quiz) = quiz {
        report.quizzes += 1;
        report.questions += quiz.questions.len();
    }
    report.diagnostics.extend(diagnostics);
}

fn check_matrix(report: &mut Report, path: &str, bytes: &[u8]) {
    report.files += 1;
    let (matrix, diagnostics) = validate::validate_matrix(path, bytes);
    if matrix.is_some() {
        report.matrices += 1;
    }
    report.diagnostics.extend(diagnostics);
}

fn check_assessment(report: &mut Report, path: &str, bytes: &[u8], course: &Course) {
    report.files += 1;
    let (assessment, diagnostics) = crate::assess::validate_for_course(course, path, bytes);
    if assessment.is_some() {
        report.assessments += 1;
    }
    report.diagnostics.extend(diagnostics);
}
