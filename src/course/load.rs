//! Turning files (built-in or on disk) into a [`Course`].

use std::path::{Path, PathBuf};

use super::manifest::{self, Manifest};
use super::{ContentProblem, Course, CourseOrigin, Lesson};
use crate::assess::ASSESSMENT_PATH;
use crate::quiz;
use crate::quiz::json::read_for_parse;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_course.rs"));
}

const DEFAULT_TITLE: &str = "Course";
/// Where quizzes and responsibility matrices live, relative to the course root.
pub const QUIZ_DIR: &str = "quizzes/";
pub const MATRIX_DIR: &str = "assets/matrices/";

/// A file's path (for messages) and contents.
pub type NamedFile = (String, Vec<u8>);

/// Quiz and matrix files, as (path relative to the course root, bytes).
#[derive(Default)]
struct Extras {
    quizzes: Vec<(String, Vec<u8>)>,
    matrices: Vec<(String, Vec<u8>)>,
    assessment: Option<NamedFile>,
}
/// Folders deeper than this are not searched for lessons (keeps a stray
/// `--course /` from walking the whole disk).
const MAX_DEPTH: usize = 4;
const SKIPPED_DIRS: [&str; 3] = ["node_modules", "target", "translated_images"];

/// One file of a course, relative to the lessons root.
struct SourceFile {
    relative: String,
    bytes: Vec<u8>,
}

/// The course compiled into the binary.
pub fn load_builtin() -> Course {
    let mut lessons = Vec::new();
    let mut manifest_file = None;
    let mut extras = Extras::default();
    for (path, bytes) in embedded::FILES {
        if let Some(relative) = path.strip_prefix("lessons/") {
            if relative == manifest::FILE_NAME {
                manifest_file = Some((path.to_string(), bytes.to_vec()));
            } else if relative.ends_with(".md") {
                lessons.push(SourceFile { relative: relative.to_string(), bytes: bytes.to_vec() });
            }
        } else if path.starts_with(QUIZ_DIR) {
            extras.quizzes.push((path.to_string(), bytes.to_vec()));
        } else if path.starts_with(MATRIX_DIR) {
            extras.matrices.push((path.to_string(), bytes.to_vec()));
        } else if *path == ASSESSMENT_PATH {
            extras.assessment = Some((path.to_string(), bytes.to_vec()));
        }
    }
    assemble(CourseOrigin::Builtin, "lessons/", lessons, manifest_file, extras, Vec::new())
}

/// Errors that stop a course folder from loading at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read course folder: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("{path}: not a folder")]
    NotADirectory { path: PathBuf },
    #[error("{path}: no Markdown (.md) lessons found")]
    NoLessons { path: PathBuf },
}

/// The quiz and matrix files of a course, as (path for messages, bytes):
/// what `handoff validate` checks when given no paths.
pub fn quiz_and_matrix_files(origin: &CourseOrigin) -> (Vec<NamedFile>, Vec<NamedFile>) {
    match origin {
        CourseOrigin::Builtin => {
            let pick = |prefix: &str| {
                embedded::FILES
                    .iter()
                    .filter(|(path, _)| path.starts_with(prefix) && path.ends_with(".json"))
                    .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
                    .collect()
            };
            (pick(QUIZ_DIR), pick(MATRIX_DIR))
        }
        CourseOrigin::Dir(dir) => {
            let mut ignored = Vec::new();
            let shown = |files: Vec<(String, Vec<u8>)>| {
                files.into_iter().map(|(relative, bytes)| (dir.join(relative).display().to_string(), bytes)).collect()
            };
            (shown(read_json_files(dir, QUIZ_DIR, &mut ignored)), shown(read_json_files(dir, MATRIX_DIR, &mut ignored)))
        }
    }
}

/// The course's self-assessment file, as (path for messages, bytes), if it has one.
pub fn assessment_file(origin: &CourseOrigin) -> Option<NamedFile> {
    match origin {
        CourseOrigin::Builtin => embedded::FILES
            .iter()
            .find(|(path, _)| *path == ASSESSMENT_PATH)
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec())),
        CourseOrigin::Dir(dir) => {
            let path = dir.join(ASSESSMENT_PATH);
            read_for_parse(&path).ok().map(|bytes| (path.display().to_string(), bytes))
        }
    }
}

/// A course from a folder: its `lessons/` sub-folder if it has one, else the
/// folder's own `.md` files. `course.json` in either place sets title and order.
pub fn load_dir(dir: &Path) -> Result<Course, LoadError> {
    let metadata =
        std::fs::metadata(dir).map_err(|source| LoadError::Unreadable { path: dir.to_path_buf(), source })?;
    if !metadata.is_dir() {
        return Err(LoadError::NotADirectory { path: dir.to_path_buf() });
    }
    let lessons_dir = dir.join("lessons");
    let (root, prefix) = if lessons_dir.is_dir() { (lessons_dir, "lessons/") } else { (dir.to_path_buf(), "") };
    let mut problems = Vec::new();
    let mut lessons = Vec::new();
    walk(&root, &root, 0, &mut lessons, &mut problems);
    if lessons.is_empty() {
        return Err(LoadError::NoLessons { path: root });
    }
    let manifest_file = [root.join(manifest::FILE_NAME), dir.join(manifest::FILE_NAME)]
        .into_iter()
        .find(|p| p.is_file())
        .and_then(|p| match read_for_parse(&p) {
            Ok(bytes) => Some((display_relative(dir, &p), bytes)),
            Err(error) => {
                problems.push(ContentProblem {
                    path: p.display().to_string(),
                    line: None,
                    column: None,
                    message: format!("cannot read: {error}"),
                });
                None
            }
        });
    let extras = Extras {
        quizzes: read_json_files(dir, QUIZ_DIR, &mut problems),
        matrices: read_json_files(dir, MATRIX_DIR, &mut problems),
        assessment: read_for_parse(&dir.join(ASSESSMENT_PATH)).ok().map(|bytes| (ASSESSMENT_PATH.to_string(), bytes)),
    };
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    Ok(assemble(CourseOrigin::Dir(canonical), prefix, lessons, manifest_file, extras, problems))
}

/// The `.json` files directly in `dir/sub` (absent folder: none).
fn read_json_files(dir: &Path, sub: &str, problems: &mut Vec<ContentProblem>) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { return Vec::new() };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !name.to_lowercase().ends_with(".json") {
            continue;
        }
        let relative = format!("{sub}{name}");
        match read_for_parse(&entry.path()) {
            Ok(bytes) => files.push((relative, bytes)),
            Err(error) => problems.push(ContentProblem {
                path: relative,
                line: None,
                column: None,
                message: format!("skipped: cannot read: {error}"),
            }),
        }
    }
    files
}

fn display_relative(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn walk(root: &Path, dir: &Path, depth: usize, out: &mut Vec<SourceFile>, problems: &mut Vec<ContentProblem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(ContentProblem {
                path: dir.display().to_string(),
                line: None,
                column: None,
                message: format!("cannot read folder: {error}"),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else { continue };
        if file_type.is_dir() {
            if depth < MAX_DEPTH && !SKIPPED_DIRS.contains(&name.as_str()) {
                walk(root, &path, depth + 1, out, problems);
            }
        } else if name.to_lowercase().ends_with(".md") {
            match std::fs::read(&path) {
                Ok(bytes) => out.push(SourceFile { relative: display_relative(root, &path), bytes }),
                Err(error) => problems.push(ContentProblem {
                    path: path.display().to_string(),
                    line: None,
                    column: None,
                    message: format!("lesson skipped: cannot read: {error}"),
                }),
            }
        }
    }
}

fn assemble(
    origin: CourseOrigin,
    prefix: &str,
    mut files: Vec<SourceFile>,
    manifest_file: Option<(String, Vec<u8>)>,
    extras: Extras,
    mut problems: Vec<ContentProblem>,
) -> Course {
    files.sort_by_key(|file| natural_key(&file.relative));
    let mut lessons: Vec<Lesson> = files
        .into_iter()
        .map(|file| {
            let path = format!("{prefix}{}", file.relative);
            let text = match String::from_utf8(file.bytes) {
                Ok(text) => text,
                Err(error) => {
                    let valid_up_to = error.utf8_error().valid_up_to();
                    let bytes = error.into_bytes();
                    let (line, column) =
                        crate::text::line_column(&String::from_utf8_lossy(&bytes[..valid_up_to]), valid_up_to);
                    problems.push(ContentProblem {
                        path: path.clone(),
                        line: Some(line),
                        column: Some(column),
                        message: "not valid UTF-8; bad bytes shown as \u{FFFD}".to_string(),
                    });
                    String::from_utf8_lossy(&bytes).into_owned()
                }
            };
            if let Some(at) = super::lint::unclosed_comment(&text) {
                let (line, column) = crate::text::line_column(&text, at);
                problems.push(ContentProblem {
                    path: path.clone(),
                    line: Some(line),
                    column: Some(column),
                    message: "HTML comment never closed with -->; everything after it is hidden".to_string(),
                });
            }
            let id = file
                .relative
                .strip_suffix(".md")
                .or_else(|| file.relative.strip_suffix(".MD"))
                .unwrap_or(&file.relative)
                .to_string();
            let title = first_heading(&text).unwrap_or_else(|| id.rsplit('/').next().unwrap_or(&id).to_string());
            Lesson { id, title, path, text }
        })
        .collect();

    let manifest = match manifest_file {
        Some((path, bytes)) => match manifest::parse(&path, &bytes) {
            Ok(manifest) => {
                order_lessons(&mut lessons, &manifest, &path, &mut problems);
                manifest
            }
            Err(problem) => {
                problems.push(problem);
                Manifest::default()
            }
        },
        None => Manifest::default(),
    };
    let title = manifest
        .title
        .filter(|t| !t.trim().is_empty())
        .or_else(|| match &origin {
            CourseOrigin::Dir(path) => path.file_name().map(|n| n.to_string_lossy().into_owned()),
            CourseOrigin::Builtin => None,
        })
        .unwrap_or_else(|| DEFAULT_TITLE.to_string());
    let lesson_ids: Vec<String> = lessons.iter().map(|l| l.id.clone()).collect();
    let (quizzes, mut diagnostics) = quiz::load::load_quizzes(&extras.quizzes, &lesson_ids, false);
    let (matrices, matrix_diagnostics) = quiz::load::load_matrices(&extras.matrices);
    diagnostics.extend(matrix_diagnostics);
    let assessment = extras.assessment.and_then(|(path, bytes)| {
        let topics = crate::assess::course_topics(&quizzes);
        let (file, found) = crate::assess::validate::validate_assessment(&path, &bytes, &topics, &lesson_ids);
        diagnostics.extend(found);
        file
    });
    Course {
        title: crate::sanitize::sanitize(&title).into_owned(),
        origin,
        lessons,
        quizzes,
        matrices,
        assessment,
        problems,
        diagnostics,
    }
}

fn order_lessons(lessons: &mut Vec<Lesson>, manifest: &Manifest, path: &str, problems: &mut Vec<ContentProblem>) {
    let mut ordered = Vec::with_capacity(lessons.len());
    for id in &manifest.lessons {
        match lessons.iter().position(|l| &l.id == id) {
            Some(index) => ordered.push(lessons.remove(index)),
            None => {
                let ids = lessons.iter().map(|l| l.id.as_str()).chain(ordered.iter().map(|l: &Lesson| l.id.as_str()));
                let close = crate::text::close_matches(id, ids, 1);
                let hint = close.first().map(|c| format!(" (did you mean '{c}'?)")).unwrap_or_default();
                problems.push(ContentProblem {
                    path: path.to_string(),
                    line: None,
                    column: None,
                    message: format!("lesson '{id}' listed but no such file{hint}"),
                });
            }
        }
    }
    ordered.append(lessons);
    *lessons = ordered;
}

/// Sort key that puts "2-x" before "10-x".
fn natural_key(s: &str) -> Vec<(u8, u64, String)> {
    let mut key = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(d);
                chars.next();
            }
            key.push((0, digits.parse().unwrap_or(u64::MAX), digits));
        } else {
            let mut text = String::new();
            while let Some(&t) = chars.peek().filter(|t| !t.is_ascii_digit()) {
                text.extend(t.to_lowercase());
                chars.next();
            }
            key.push((1, 0, text));
        }
    }
    key
}

/// Title from the first ATX or setext heading outside code fences.
fn first_heading(text: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut inside = false;
    let mut title = String::new();
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Heading { .. }) => inside = true,
            Event::End(TagEnd::Heading(_)) => {
                let trimmed = title.trim();
                if !trimmed.is_empty() {
                    return Some(crate::sanitize::sanitize(trimmed).into_owned());
                }
                inside = false;
            }
            Event::Text(t) | Event::Code(t) if inside => title.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => title.push(' '),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_puts_two_before_ten() {
        let mut names = vec!["10-end.md", "2-middle.md", "1-start.md"];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(names, vec!["1-start.md", "2-middle.md", "10-end.md"]);
    }

    #[test]
    fn first_heading_skips_code_and_comments() {
        let text = "<!-- meta -->\n```\n# not this\n```\nSome text\n\nTitle *here*\n===\n";
        assert_eq!(first_heading(text).as_deref(), Some("Title here"));
        assert_eq!(first_heading("no heading"), None);
    }
}
