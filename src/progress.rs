//! The per-user progress store: versioned JSON, written atomically.
//!
//! Several instances may run on one profile: each save takes a lock, re-reads
//! the file and merges this instance's changes into it (see [`merge`]), so no
//! instance erases another's progress.
//!
//! A damaged file is moved aside (never overwritten) and the learner is told
//! where it went; a file from a newer `handoff` is left alone and the session
//! runs without saving.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::assess::record::AssessmentAttempt;
use crate::assess::session::InProgress;
use crate::quiz::attempt::QuizResult;
use crate::quiz::drill::Boxes;

pub const FORMAT_VERSION: u32 = 1;
pub const FILE_NAME: &str = "progress.json";
/// Sibling of the progress file that carries the lock every save takes.
pub const LOCK_FILE_NAME: &str = "progress.lock";
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
    /// What this instance last read from or wrote to disk: what changed in
    /// `data` since then is this instance's own, to merge into the file.
    base: Progress,
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

/// What the progress file on disk holds.
enum OnDisk {
    Missing,
    Current(Progress),
    Newer(u32),
    Damaged(String),
    Unreadable(std::io::Error),
}

fn read_disk(path: &Path) -> OnDisk {
    match std::fs::read(path) {
        Ok(bytes) => match parse(&bytes) {
            Ok(progress) if progress.version > FORMAT_VERSION => OnDisk::Newer(progress.version),
            Ok(progress) => OnDisk::Current(progress),
            Err(reason) => OnDisk::Damaged(reason),
        },
        // Under a regular file, no progress was ever saved there either.
        Err(error) if matches!(error.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => {
            OnDisk::Missing
        }
        Err(error) => OnDisk::Unreadable(error),
    }
}

/// Create the data folder and open the lock file in it (created if need be).
/// The lock file never holds data: it only carries the advisory lock, so it
/// can be locked without touching the progress file itself.
fn open_lock(dir: &Path) -> std::io::Result<File> {
    std::fs::create_dir_all(dir)?;
    OpenOptions::new().read(true).write(true).create(true).truncate(false).open(dir.join(LOCK_FILE_NAME))
}

/// How long a save waits for another instance to finish its own before giving
/// up (the save is retried next time): a stuck process must not freeze this one.
const LOCK_PATIENCE: Duration = Duration::from_secs(3);

/// Takes the advisory lock, waiting at most [`LOCK_PATIENCE`].
fn lock_patiently(file: File) -> std::io::Result<File> {
    let deadline = Instant::now() + LOCK_PATIENCE;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Err(TryLockError::WouldBlock) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::WouldBlock,
                    format!("another handoff has held the lock for {} s", LOCK_PATIENCE.as_secs()),
                ));
            }
            Err(TryLockError::Error(error)) => return Err(error),
        }
    }
}

impl ProgressStore {
    /// A store that keeps progress in memory only (no data directory known).
    pub fn in_memory() -> Self {
        ProgressStore {
            path: None,
            data: Progress::default(),
            base: Progress::default(),
            notices: Vec::new(),
            writable: false,
        }
    }

    /// Open the store in `dir`. Never fails: problems become notices and the
    /// session carries on in memory. The folder and its lock file are created
    /// now, so a folder that cannot be written is reported before any work is
    /// done rather than at the first save.
    pub fn open(dir: &Path) -> Self {
        let path = dir.join(FILE_NAME);
        let mut store = ProgressStore {
            path: Some(path.clone()),
            data: Progress::default(),
            base: Progress::default(),
            notices: Vec::new(),
            writable: true,
        };
        // Held while reading (and perhaps setting aside) so a save by another
        // instance is never caught half-way.
        let lock = open_lock(dir).and_then(lock_patiently);
        // Busy is not broken: saves will take the lock when it is free.
        let busy = lock.as_ref().is_err_and(|error| error.kind() == std::io::ErrorKind::WouldBlock);
        if let Err(error) = &lock
            && !busy
        {
            store.writable = false;
            store.notices.push(format!(
                "{}: cannot save progress here ({error}); this session will not be saved",
                dir.display()
            ));
        }
        match read_disk(&path) {
            OnDisk::Missing => {}
            OnDisk::Current(progress) => {
                store.base = progress.clone();
                store.data = progress;
            }
            OnDisk::Newer(version) => {
                store.writable = false;
                store.notices.push(format!(
                    "{}: written by a newer handoff (format {version}); left untouched, this session's progress will not be saved",
                    path.display()
                ));
            }
            // Without the lock, leave it for a run that can save to set aside.
            OnDisk::Damaged(reason) if lock.is_err() => {
                store.notices.push(format!("{}: damaged ({reason}); left as it is", path.display()));
            }
            OnDisk::Damaged(reason) => store.set_aside(&path, &reason, "starting afresh"),
            OnDisk::Unreadable(error) => {
                store.writable = false;
                store.notices.push(format!(
                    "{}: cannot read progress ({error}); this session's progress will not be saved",
                    path.display()
                ));
            }
        }
        store
    }

    fn set_aside(&mut self, path: &Path, reason: &str, then: &str) {
        let aside = aside_path(path, now_secs());
        match std::fs::rename(path, &aside) {
            Ok(()) => self.notices.push(format!(
                "{}: damaged ({reason}); kept as {} and {then}",
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

    /// Merge this session's changes into the file, under the lock: re-read
    /// it, [`merge`], write atomically (temp file, fsync, rename, fsync the
    /// folder), and take the merged result as the new `data`. `Ok(true)` once
    /// it is on disk; `Ok(false)` when this session is not being saved (a
    /// notice already says why). A failure is returned and also kept as a
    /// notice; the data stays in memory.
    pub fn save(&mut self) -> Result<bool, String> {
        self.save_with(|file, bytes| file.write_all(bytes))
    }

    /// [`ProgressStore::save`] with the write of the new file's bytes given,
    /// so a test can make it fail as a full disk would.
    fn save_with(&mut self, write: impl FnOnce(&mut File, &[u8]) -> std::io::Result<()>) -> Result<bool, String> {
        let Some(path) = self.path.clone() else { return Ok(false) };
        if !self.writable {
            return Ok(false);
        }
        self.merge_and_write(&path, write).inspect_err(|message| {
            if !self.notices.contains(message) {
                self.notices.push(message.clone());
            }
        })
    }

    fn merge_and_write(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut File, &[u8]) -> std::io::Result<()>,
    ) -> Result<bool, String> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let not_saved = |error: &dyn std::fmt::Display| format!("{}: progress not saved: {error}", path.display());
        let lock_path = dir.join(LOCK_FILE_NAME);
        // Dropped (and so unlocked) when this function returns.
        let lock = open_lock(dir)
            .and_then(lock_patiently)
            .map_err(|error| not_saved(&format!("cannot lock {} ({error})", lock_path.display())))?;
        remove_stale_temps(dir);
        let disk = match read_disk(path) {
            OnDisk::Missing => Progress::default(),
            OnDisk::Current(progress) => progress,
            OnDisk::Newer(version) => {
                // Another instance upgraded the file: never write over it.
                self.writable = false;
                return Err(format!(
                    "{}: written by a newer handoff (format {version}) during this session; left untouched, this session's progress will not be saved",
                    path.display()
                ));
            }
            OnDisk::Damaged(reason) => {
                self.set_aside(path, &reason, "this session's progress saved in its place");
                if !self.writable {
                    return Err(not_saved(&"the damaged file is in the way"));
                }
                Progress::default()
            }
            OnDisk::Unreadable(error) => return Err(not_saved(&format!("cannot read it to merge ({error})"))),
        };
        let merged = merge(&self.base, &self.data, &disk);
        write_atomically(path, &merged, write).map_err(|error| not_saved(&error))?;
        drop(lock);
        self.base = merged.clone();
        self.data = merged;
        Ok(true)
    }
}

/// Three-way merge of this instance's progress (`mine`) into the file's
/// (`disk`), given what this instance last read or wrote (`base`): what I
/// changed since `base` wins, everything else is the file's, so instances on
/// one profile never erase each other's work. Per course: attempts lists are
/// append-only (the file's, then mine that are new); lessons and drill boxes
/// merge per key; the best grid score is the higher; the assessment left
/// part-way is mine if I changed it. Courses only on disk are kept.
pub fn merge(base: &Progress, mine: &Progress, disk: &Progress) -> Progress {
    let empty = CourseProgress::default();
    let mut courses = disk.courses.clone();
    for (key, my_course) in &mine.courses {
        let base_course = base.courses.get(key).unwrap_or(&empty);
        let disk_course = disk.courses.get(key).unwrap_or(&empty);
        courses.insert(key.clone(), merge_course(base_course, my_course, disk_course));
    }
    Progress { version: FORMAT_VERSION, courses }
}

fn merge_course(base: &CourseProgress, mine: &CourseProgress, disk: &CourseProgress) -> CourseProgress {
    CourseProgress {
        lessons: merge_map(&base.lessons, &mine.lessons, &disk.lessons),
        quiz_results: merge_list(&base.quiz_results, &mine.quiz_results, &disk.quiz_results),
        drill: merge_map(&base.drill, &mine.drill, &disk.drill),
        grid_best: match (mine.grid_best, disk.grid_best) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        },
        assessments: merge_list(&base.assessments, &mine.assessments, &disk.assessments),
        assessment_in_progress: if mine.assessment_in_progress != base.assessment_in_progress {
            mine.assessment_in_progress.clone()
        } else {
            disk.assessment_in_progress.clone()
        },
    }
}

/// Per key: mine if I changed it since `base` (removal included), else the file's.
fn merge_map<V: Clone + PartialEq>(
    base: &BTreeMap<String, V>,
    mine: &BTreeMap<String, V>,
    disk: &BTreeMap<String, V>,
) -> BTreeMap<String, V> {
    let mut merged = disk.clone();
    for key in mine.keys().chain(base.keys()) {
        let my_value = mine.get(key);
        if my_value != base.get(key) {
            match my_value {
                Some(value) => merged.insert(key.clone(), value.clone()),
                None => merged.remove(key),
            };
        }
    }
    merged
}

/// The file's list, then my entries that are new since `base` and not
/// already there, in my order.
fn merge_list<T: Clone + PartialEq>(base: &[T], mine: &[T], disk: &[T]) -> Vec<T> {
    let mut merged = disk.to_vec();
    for entry in mine {
        if !base.contains(entry) && !merged.contains(entry) {
            merged.push(entry.clone());
        }
    }
    merged
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

fn temp_prefix() -> String {
    format!(".{FILE_NAME}.")
}

/// Temporary files left by an instance killed mid-save. Only called under
/// the lock, and every save writes its temporary file under the lock, so any
/// found now is stale. Best effort: a leftover is harmless.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let prefix = temp_prefix();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn write_atomically(
    path: &Path,
    data: &Progress,
    write: impl FnOnce(&mut File, &[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut json = serde_json::to_vec_pretty(data).map_err(std::io::Error::other)?;
    json.push(b'\n');
    let temp = dir.join(format!("{}{}.tmp", temp_prefix(), std::process::id()));
    let result = (|| {
        let mut file = File::create(&temp)?;
        write(&mut file, &json)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        // The rename is only durable once the folder itself is synced.
        if let Ok(folder) = File::open(dir) {
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

    fn result(seed: u64) -> QuizResult {
        QuizResult {
            quiz: "q".into(),
            seed,
            started: seed,
            finished: seed + 1,
            score: 1.0,
            max: 1.0,
            answers: Vec::new(),
            completed: true,
        }
    }

    fn lesson(position: usize) -> LessonProgress {
        LessonProgress { status: LessonStatus::InProgress, position, lines_into: 0, visited: 1 }
    }

    fn in_progress(seed: u64) -> InProgress {
        InProgress { id: "assessment".into(), seed, started: 1, elapsed: 0, position: 0, answers: Vec::new() }
    }

    fn with(course: CourseProgress) -> Progress {
        Progress { version: FORMAT_VERSION, courses: BTreeMap::from([("c".to_string(), course)]) }
    }

    fn merged_course(base: CourseProgress, mine: CourseProgress, disk: CourseProgress) -> CourseProgress {
        merge(&with(base), &with(mine), &with(disk)).courses.remove("c").expect("course kept")
    }

    #[test]
    fn merge_appends_my_new_attempts_after_the_files() {
        let base = CourseProgress { quiz_results: vec![result(1)], ..Default::default() };
        let mine = CourseProgress { quiz_results: vec![result(1), result(3), result(4)], ..Default::default() };
        let disk = CourseProgress { quiz_results: vec![result(1), result(2), result(4)], ..Default::default() };
        let seeds: Vec<u64> = merged_course(base, mine, disk).quiz_results.iter().map(|r| r.seed).collect();
        assert_eq!(seeds, [1, 2, 4, 3], "the file's in its order, then mine that are new; 4 is not doubled");
    }

    #[test]
    fn merge_appends_assessments_the_same_way() {
        let attempt = |seed| AssessmentAttempt {
            id: "a".into(),
            seed,
            started: 0,
            finished: 0,
            learner: None,
            answers: Vec::new(),
            questions: 1,
            percent: 0.0,
            cbm_total: 0,
            passed: false,
        };
        let base = CourseProgress { assessments: vec![attempt(1)], ..Default::default() };
        let mine = CourseProgress { assessments: vec![attempt(1), attempt(2)], ..Default::default() };
        let disk = CourseProgress { assessments: vec![attempt(1), attempt(3)], ..Default::default() };
        let seeds: Vec<u64> = merged_course(base, mine, disk).assessments.iter().map(|a| a.seed).collect();
        assert_eq!(seeds, [1, 3, 2]);
    }

    #[test]
    fn merge_takes_lessons_i_changed_and_the_files_for_the_rest() {
        let base = CourseProgress {
            lessons: BTreeMap::from([("a".into(), lesson(1)), ("b".into(), lesson(1))]),
            ..Default::default()
        };
        let mine = CourseProgress {
            lessons: BTreeMap::from([("a".into(), lesson(10)), ("b".into(), lesson(1)), ("new".into(), lesson(5))]),
            ..Default::default()
        };
        let disk = CourseProgress {
            lessons: BTreeMap::from([("a".into(), lesson(20)), ("b".into(), lesson(30)), ("other".into(), lesson(7))]),
            ..Default::default()
        };
        let lessons = merged_course(base, mine, disk).lessons;
        let positions: Vec<(&str, usize)> = lessons.iter().map(|(k, v)| (k.as_str(), v.position)).collect();
        assert_eq!(positions, [("a", 10), ("b", 30), ("new", 5), ("other", 7)]);
    }

    #[test]
    fn merge_takes_drill_boxes_i_changed_per_matrix() {
        let boxes = |n: u8| Boxes(BTreeMap::from([("IaaS/Data".to_string(), n)]));
        let base = CourseProgress {
            drill: BTreeMap::from([("m1".into(), boxes(1)), ("m2".into(), boxes(1))]),
            ..Default::default()
        };
        let mine = CourseProgress {
            drill: BTreeMap::from([("m1".into(), boxes(3)), ("m2".into(), boxes(1))]),
            ..Default::default()
        };
        let disk = CourseProgress {
            drill: BTreeMap::from([("m1".into(), boxes(2)), ("m2".into(), boxes(5))]),
            ..Default::default()
        };
        let drill = merged_course(base, mine, disk).drill;
        assert_eq!(drill, BTreeMap::from([("m1".into(), boxes(3)), ("m2".into(), boxes(5))]));
    }

    #[test]
    fn merge_keeps_the_best_grid_score() {
        let grid = |best| CourseProgress { grid_best: best, ..Default::default() };
        assert_eq!(merged_course(grid(None), grid(Some(0.5)), grid(Some(0.8))).grid_best, Some(0.8));
        assert_eq!(merged_course(grid(None), grid(Some(0.9)), grid(Some(0.8))).grid_best, Some(0.9));
        assert_eq!(merged_course(grid(None), grid(None), grid(Some(0.4))).grid_best, Some(0.4));
        assert_eq!(merged_course(grid(None), grid(Some(0.4)), grid(None)).grid_best, Some(0.4));
    }

    #[test]
    fn merge_takes_the_unfinished_assessment_only_if_i_changed_it() {
        let left =
            |seed: Option<u64>| CourseProgress { assessment_in_progress: seed.map(in_progress), ..Default::default() };
        let merged = |base, mine, disk| merged_course(left(base), left(mine), left(disk)).assessment_in_progress;
        assert_eq!(merged(Some(1), Some(1), Some(2)), Some(in_progress(2)), "unchanged here: the file's");
        assert_eq!(merged(Some(1), Some(3), Some(2)), Some(in_progress(3)), "changed here: mine");
        assert_eq!(merged(Some(1), None, Some(1)), None, "finished here: cleared");
        assert_eq!(merged(None, None, Some(2)), Some(in_progress(2)));
    }

    #[test]
    fn merge_keeps_courses_only_on_disk_and_adds_mine() {
        let base = Progress::default();
        let mine = with(CourseProgress { grid_best: Some(0.1), ..Default::default() });
        let mut disk = Progress::default();
        disk.courses.insert("elsewhere".into(), CourseProgress { quiz_results: vec![result(9)], ..Default::default() });
        let merged = merge(&base, &mine, &disk);
        assert_eq!(merged.courses.keys().collect::<Vec<_>>(), ["c", "elsewhere"]);
        assert_eq!(merged.courses["elsewhere"].quiz_results, [result(9)]);
        assert_eq!(merged.version, FORMAT_VERSION);
    }

    #[test]
    fn two_stores_on_one_folder_keep_both_attempts_and_see_each_other() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut one = ProgressStore::open(dir.path());
        let mut two = ProgressStore::open(dir.path());
        one.course_mut("c").quiz_results.push(result(1));
        two.course_mut("c").quiz_results.push(result(2));
        assert_eq!(one.save(), Ok(true));
        assert_eq!(two.save(), Ok(true));
        assert_eq!(two.course("c").map(|c| c.quiz_results.len()), Some(2), "the save brings in the other's");
        one.course_mut("c").grid_best = Some(0.5);
        assert_eq!(one.save(), Ok(true));
        let again = ProgressStore::open(dir.path());
        let course = again.course("c").expect("course");
        assert_eq!(course.quiz_results, [result(1), result(2)], "none doubled by the second save of `one`");
        assert_eq!(course.grid_best, Some(0.5));
        assert!(dir.path().join(LOCK_FILE_NAME).exists());
    }

    #[test]
    fn newer_format_written_during_the_session_is_not_overwritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = ProgressStore::open(dir.path());
        let newer = br#"{"version": 99, "courses": {"x": {"future": true}}}"#;
        std::fs::write(dir.path().join(FILE_NAME), newer).expect("write");
        store.course_mut("c").quiz_results.push(result(1));
        let error = store.save().expect_err("refused");
        assert!(error.contains("progress.json: written by a newer handoff (format 99)"), "{error}");
        assert_eq!(std::fs::read(dir.path().join(FILE_NAME)).expect("read"), newer);
        assert_eq!(store.save(), Ok(false), "and the session is no longer saved");
        assert_eq!(std::fs::read(dir.path().join(FILE_NAME)).expect("read"), newer);
        assert_eq!(store.course("c").map(|c| c.quiz_results.len()), Some(1), "kept in memory");
    }

    #[test]
    fn file_damaged_during_the_session_is_set_aside_then_saved_over() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = ProgressStore::open(dir.path());
        std::fs::write(dir.path().join(FILE_NAME), b"{ broken").expect("write");
        store.course_mut("c").quiz_results.push(result(1));
        assert_eq!(store.save(), Ok(true));
        assert!(store.notices.iter().any(|n| n.contains("damaged") && n.contains("kept as")), "{:?}", store.notices);
        let again = ProgressStore::open(dir.path());
        assert!(again.notices.is_empty(), "{:?}", again.notices);
        assert_eq!(again.course("c").map(|c| c.quiz_results.len()), Some(1));
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = ProgressStore::open(dir.path());
        store.course_mut("c").quiz_results.push(result(1));
        assert_eq!(store.save(), Ok(true));
        let before = std::fs::read(dir.path().join(FILE_NAME)).expect("read");
        store.course_mut("c").quiz_results.push(result(2));
        // As a full disk would answer.
        let full = |_: &mut File, _: &[u8]| Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        let error = store.save_with(full).expect_err("not saved");
        assert!(error.starts_with(&format!("{}: progress not saved: ", dir.path().join(FILE_NAME).display())));
        assert!(store.notices.contains(&error), "kept for the learner: {:?}", store.notices);
        assert_eq!(std::fs::read(dir.path().join(FILE_NAME)).expect("read"), before);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
        assert_eq!(store.course("c").map(|c| c.quiz_results.len()), Some(2), "kept in memory");
        assert_eq!(store.save(), Ok(true), "and saved once the disk has room");
        assert_eq!(ProgressStore::open(dir.path()).course("c").map(|c| c.quiz_results.len()), Some(2));
    }

    #[test]
    fn stale_temporary_files_are_cleared_at_save() {
        let dir = tempfile::tempdir().expect("temp dir");
        let stale = dir.path().join(format!(".{FILE_NAME}.999999.tmp"));
        std::fs::write(&stale, b"half").expect("write");
        let unrelated = dir.path().join("notes.tmp");
        std::fs::write(&unrelated, b"mine").expect("write");
        let mut store = ProgressStore::open(dir.path());
        store.course_mut("c");
        assert_eq!(store.save(), Ok(true));
        assert!(!stale.exists());
        assert!(unrelated.exists(), "only the store's own temporary files");
    }

    #[test]
    fn a_folder_that_cannot_be_created_is_reported_at_open() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").expect("write");
        let home = file.join("handoff");
        let store = ProgressStore::open(&home);
        assert_eq!(store.notices.len(), 1, "{:?}", store.notices);
        let notice = &store.notices[0];
        assert!(notice.starts_with(&format!("{}: cannot save progress here (", home.display())), "{notice}");
        assert!(notice.ends_with("this session will not be saved"), "{notice}");
    }

    #[test]
    fn a_held_lock_delays_a_save_then_gives_up_without_losing_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = ProgressStore::open(dir.path());
        store.course_mut("builtin").grid_best = Some(0.5);
        let holder = open_lock(dir.path()).expect("lock file");
        holder.lock().expect("hold the lock");
        let error = store.save().expect_err("cannot save while another instance holds the lock");
        assert!(error.contains("another handoff has held the lock"), "{error}");
        assert_eq!(store.course("builtin").and_then(|c| c.grid_best), Some(0.5), "kept in memory");
        drop(holder);
        assert_eq!(store.save(), Ok(true), "the next save goes through");
        assert_eq!(ProgressStore::open(dir.path()).course("builtin").and_then(|c| c.grid_best), Some(0.5));
    }
}
