//! The binary run the way a user runs it: real files, real arguments.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn handoff(home: &Path, args: &[&str]) -> Output {
    common::run_with_input(common::handoff_command(home).args(args), "")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn lessons_lists_the_course_in_manifest_order() {
    let home = tempfile::tempdir().expect("temp dir");
    let course = fixture("course");
    let output = handoff(home.path(), &["--course", course.to_str().expect("utf-8 path"), "lessons"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "1. unread       Getting started  (intro)\n2. unread       Layers of the stack  (layers)\n3. unread       Wrap-up  (wrap-up)\n"
    );
}

#[test]
fn read_wraps_to_the_width_and_marks_the_lesson_read() {
    let home = tempfile::tempdir().expect("temp dir");
    let course = fixture("course");
    let course = course.to_str().expect("utf-8 path");
    for width in ["20", "40", "80"] {
        let output = handoff(home.path(), &["--course", course, "read", "layers", "--width", width]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(!text.contains('\x1b'), "piped output has no escape sequences");
        assert!(text.contains("Layers of the stack"));
        let limit: usize = width.parse().expect("number");
        for line in text.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= limit, "{line:?} wider than {limit}");
        }
    }
    let listed = stdout(&handoff(home.path(), &["--course", course, "lessons"]));
    assert!(listed.contains("2. read"), "{listed}");
}

#[test]
fn read_accepts_numbers_and_ids() {
    let home = tempfile::tempdir().expect("temp dir");
    let course = fixture("course");
    let course = course.to_str().expect("utf-8 path");
    let by_number = handoff(home.path(), &["--course", course, "read", "3", "--width", "60"]);
    let by_id = handoff(home.path(), &["--course", course, "read", "wrap-up", "--width", "60"]);
    assert!(by_number.status.success());
    assert_eq!(stdout(&by_number), stdout(&by_id));
    assert!(stdout(&by_id).contains("know who owns each layer"));
}

#[test]
fn unknown_lesson_is_a_one_line_error_with_close_matches() {
    let home = tempfile::tempdir().expect("temp dir");
    let course = fixture("course");
    let output = handoff(home.path(), &["--course", course.to_str().expect("utf-8 path"), "read", "layres"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "handoff: no lesson 'layres' (did you mean 'layers'?)\n");
    let output = handoff(home.path(), &["--course", course.to_str().expect("utf-8 path"), "read", "9"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "handoff: no lesson '9' (did you mean 'a number from 1 to 3'?)\n");
}

#[test]
fn bad_arguments_exit_2() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = handoff(home.path(), &["read", "1", "--width", "0"]);
    assert_eq!(output.status.code(), Some(2));
    let output = handoff(home.path(), &["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    let output = handoff(home.path(), &["--course", "/definitely/not/here", "lessons"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/definitely/not/here"), "{}", stderr(&output));
}

#[test]
fn a_folder_without_manifest_is_a_course_in_file_name_order() {
    let home = tempfile::tempdir().expect("temp dir");
    let course = fixture("flat");
    let output = handoff(home.path(), &["--course", course.to_str().expect("utf-8 path"), "lessons"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "1. unread       First of two  (a-first)\n2. unread       b-second  (b-second)\n");
}

#[test]
fn course_folder_can_come_from_the_environment() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .arg("lessons")
        .env("HANDOFF_HOME", home.path())
        .env("HANDOFF_COURSE", fixture("flat"))
        .output()
        .expect("run handoff");
    assert!(stdout(&output).contains("First of two"));
}

#[test]
fn without_a_terminal_handoff_prints_the_outline() {
    let home = tempfile::tempdir().expect("temp dir");
    let course = fixture("course");
    let output = handoff(home.path(), &["--course", course.to_str().expect("utf-8 path")]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("Fixture Course\n0 of 3 lessons read\n"), "{text}");
    assert!(text.contains("handoff read NUMBER"));
}

#[test]
fn the_built_in_course_runs_from_any_folder() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .arg("lessons")
        .current_dir(home.path())
        .env("HANDOFF_HOME", home.path())
        .env_remove("HANDOFF_COURSE")
        .output()
        .expect("run handoff");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).lines().count() >= 1);
    assert!(stdout(&output).starts_with("1. unread       What shared responsibility means"), "{}", stdout(&output));
    assert_eq!(stdout(&output).lines().count(), 8);
}

#[test]
fn a_damaged_progress_file_is_kept_aside_and_reported() {
    let home = tempfile::tempdir().expect("temp dir");
    std::fs::write(home.path().join("progress.json"), "{\"version\": 1, \"courses\": [oops").expect("write");
    let course = fixture("course");
    let course = course.to_str().expect("utf-8 path");
    let output = handoff(home.path(), &["--course", course, "read", "1", "--width", "40"]);
    assert!(output.status.success());
    let warning = stderr(&output);
    assert!(warning.contains("progress.json: damaged") && warning.contains("kept as"), "{warning}");
    let aside: Vec<_> = std::fs::read_dir(home.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("progress.json.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read_to_string(aside[0].path()).expect("read"), "{\"version\": 1, \"courses\": [oops");
    let listed = stdout(&handoff(home.path(), &["--course", course, "lessons"]));
    assert!(listed.starts_with("1. read"), "fresh progress saved after the damaged file was set aside: {listed}");
}

#[test]
fn version_and_help() {
    let home = tempfile::tempdir().expect("temp dir");
    let version = handoff(home.path(), &["--version"]);
    assert_eq!(stdout(&version), format!("handoff {}\n", env!("CARGO_PKG_VERSION")));
    let help = stdout(&handoff(home.path(), &["--help"]));
    for word in ["lessons", "read", "--course", "--plain"] {
        assert!(help.contains(word), "{help}");
    }
}
