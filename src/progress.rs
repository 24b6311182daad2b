//! The per-user progress store: versioned JSON, written atomically.
//!
//! A damaged file is moved aside (never overwritten) and the learner is told
//! where it went; a file from a newer `handoff` is left alone and the session
//! runs without saving.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::assess::record::AssessmentAttempt;
use crate::assess::session::InProgress;
use crate::quiz::attempt::QuizResult;
use crate::quiz::drill::Boxes;

pub const FORMAT_VERSION: u32 = 1;
pub const FILE_NAME: &str = "progress.json";
/// Environment variable that overrides the data directory.
pub const HOME_ENV: &str = "HANDOFF_HOME";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    /// Keyed by [`crate::course::CourseOrigin::key`].
    #[serde(default)]
    pub courses: BTreeMap<String, CourseProgress>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress { version: FORMAT_VERSION, courses: BTreeMap::new() }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CourseProgress {
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
    /// Every quiz attempt, finished or not, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quiz_results: Vec<QuizResult>,
    /// Leitner boxes of the drill, per matrix id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub drill: BTreeMap<String, Boxes>,
    /// Best grid exercise score, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_best: Option<f64>,
    /// Every submitted self-assessment, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessments: Vec<AssessmentAttempt>,
    /// A self-assessment left part-way, to resume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_in_progress: Option<InProgress>,
}

impl CourseProgress {
    /// Best percentage over completed attempts of a quiz.
    pub fn best_quiz_percent(&self, quiz: &str) -> Option<f64> {
        self.quiz_results.iter().filter(|r| r.quiz == quiz && r.completed).map(QuizResult::percent).reduce(f64::max)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonStatus {
    #[default]
    Unread,
    InProgress,
    Read,
}

impl LessonStatus {
    pub fn label(self) -> &'static str {
        match self {
            LessonStatus::Unread => "unread",
            LessonStatus::InProgress => "in progress",
            LessonStatus::Read => "read",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LessonProgress {
    pub status: LessonStatus,
    /// Byte offset in the lesson source of the passage at the top of the
    /// screen: survives re-wrapping at another width.
    #[serde(default)]
    pub position: usize,
    /// How many wrapped lines into that passage the top of the screen was.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lines_into: usize,
    /// Seconds since the Unix epoch of the last visit.
    #[serde(default)]
    pub visited: u64,
}

/// The store: where the file is, what it holds, and what the learner must be told.
#[derive(Debug)]
pub struct ProgressStore {
    path: Option<PathBuf>,
    pub data: Progress,
    /// Messages for the learner (damaged file moved aside, save failed, ...).
    pub notices: Vec<String>,
    writable: bool,
}

/// The data directory: `$HANDOFF_HOME`, else the platform's per-user data dir.
pub fn default_dir() -> Option<PathBuf> {
    match std::env::var_os(HOME_ENV) {
        Some(home) if !home.is_empty() => Some(PathBuf::from(home)),
        _ => dirs::data_dir().map(|d| d.join("handoff")),
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

pub fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl ProgressStore {
    /// A store that keeps progress in memory only (no data directory known).
    pub fn in_memory() -> Self {
        ProgressStore { path: None, data: Progress::default(), notices: Vec::new(), writable: false }
    }

    /// Open the store in `dir` (created on first save). Never fails: problems
    /// become notices and the session carries on.
    pub fn open(dir: &Path) -> Self {
        let path = dir.join(FILE_NAME);
        let mut store =
            ProgressStore { path: Some(path.clone()), data: Progress::default(), notices: Vec::new(), writable: true };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return store,
            Err(error) => {
                store.writable = false;
                store.notices.push(format!(
                    "{}: cannot read progress ({error}); this session's progress will not be saved",
                    path.display()
                ));
                return store;
            }
        };
        match parse(&bytes) {
            Ok(progress) if progress.version > FORMAT_VERSION => {
                store.writable = false;
                store.notices.push(format!(
                    "{}: written by a newer handoff (format {}); left untouched, this session's progress will not be saved",
                    path.display(),
                    progress.version
                ));
            }
            Ok(progress) => store.data = progress,
            Err(reason) => store.set_aside(&path, &reason),
        }
        store
    }

    fn set_aside(&mut self, path: &Path, reason: &str) {
        let aside = aside_path(path, now_secs());
        match std::fs::rename(path, &aside) {
            Ok(()) => self.notices.push(format!(
                "{}: damaged ({reason}); kept as {} and starting afresh",
                path.display(),
                aside.display()
            )),
            Err(error) => {
                self.writable = false;
                self.notices.push(format!("{}: damaged ({reason}) and could not be moved aside ({error}); this session's progress will not be saved", path.display()));
            }
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn course(&self, key: &str) -> Option<&CourseProgress> {
        self.data.courses.get(key)
    }

    pub fn course_mut(&mut self, key: &str) -> &mut CourseProgress {
        self.data.courses.entry(key.to_string()).or_default()
    }

    pub fn lesson(&self, course: &str, lesson: &str) -> LessonProgress {
        self.course(course).and_then(|c| c.lessons.get(lesson)).cloned().unwrap_or_default()
    }

    /// Write the file atomically: temp file, fsync, rename, fsync the folder.
    /// A failure is returned and also kept as a notice; the data stays in memory.
    pub fn save(&mut self) -> Result<(), String> {
        let Some(path) = self.path.clone() else { return Ok(()) };
        if !self.writable {
            return Ok(());
        }
        write_atomically(&path, &self.data).map_err(|error| {
            let message = format!("{}: progress not saved: {error}", path.display());
            if !self.notices.contains(&message) {
                self.notices.push(message.clone());
            }
            message
        })
    }
}

fn parse(bytes: &[u8]) -> Result<Progress, String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let version = value.get("version").and_then(serde_json::Value::as_u64).ok_or("no format version")?;
    if version > u64::from(FORMAT_VERSION) {
        return Ok(Progress { version: u32::try_from(version).unwrap_or(u32::MAX), courses: BTreeMap::new() });
    }
    serde_json::from_value(value).map_err(|e| e.to_string())
}

fn aside_path(path: &Path, secs: u64) -> PathBuf {
    let name = path.file_name().map_or_else(|| FILE_NAME.into(), |n| n.to_string_lossy().into_owned());
    let mut candidate = path.with_file_name(format!("{name}.damaged-{secs}"));
    let mut n = 1;
    while candidate.exists() {
        candidate = path.with_file_name(format!("{name}.damaged-{secs}-{n}"));
        n += 1;
    }
    candidate
}

fn write_atomically(path: &Path, data: &Progress) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_vec_pretty(data).map_err(std::io::Error::other)?;
    let temp = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(&json)?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        // The rename is only durable once the folder itself is synced.
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_disk() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = ProgressStore::open(dir.path());
        store.course_mut("builtin").lessons.insert(
            "01".into(),
            LessonProgress { status: LessonStatus::Read, position: 42, lines_into: 0, visited: 7 },
        );
        store.save().expect("saved");
        let again = ProgressStore::open(dir.path());
        assert_eq!(again.lesson("builtin", "01").position, 42);
        assert_eq!(again.lesson("builtin", "01").status, LessonStatus::Read);
        assert!(again.notices.is_empty());
    }

    #[test]
    fn damaged_file_is_moved_aside_not_overwritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(FILE_NAME), b"{ not json").expect("write");
        let mut store = ProgressStore::open(dir.path());
        assert_eq!(store.notices.len(), 1, "{:?}", store.notices);
        assert!(store.notices[0].contains("damaged"));
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
            .collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(std::fs::read(kept[0].path()).expect("read"), b"{ not json");
        store.save().expect("saved");
        assert!(ProgressStore::open(dir.path()).notices.is_empty());
    }

    #[test]
    fn newer_format_is_left_untouched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let newer = br#"{"version": 99, "courses": {"x": {"future": true}}}"#;
        std::fs::write(dir.path().join(FILE_NAME), newer).expect("write");
        let mut store = ProgressStore::open(dir.path());
        store.course_mut("builtin");
        store.save().expect("no error, just no write");
        assert_eq!(std::fs::read(dir.path().join(FILE_NAME)).expect("read"), newer);
        assert!(store.notices[0].contains("newer"));
    }
}
