//! Quizzes, the drill and validation through the binary, as an instructor or
//! a screen-reader user would run them.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use handoff::course;
use handoff::quiz::model::{Owner, QuestionKind};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn handoff(home: &Path, args: &[&str], input: &str) -> Output {
    common::run_with_input(common::handoff_command(home).args(args), input)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_shipped_course_validates_clean_even_when_strict() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = handoff(home.path(), &["validate", "--strict"], "");
    assert_eq!(output.status.code(), Some(0), "{}{}", text(&output.stdout), text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "ok: 8 quizzes (80 questions), 2 matrix files, 1 assessment checked, no problems\n"
    );
}

#[test]
fn validate_leaves_the_learners_data_folder_alone() {
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("not-yet");
    let output = handoff(&data, &["validate"], "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(!data.exists(), "validate created {}", data.display());
    // A learner's command does create it (its lock lives there).
    let output = handoff(&data, &["lessons"], "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(data.exists());
}

#[test]
fn validate_reports_every_problem_with_location_and_exits_1() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = tempfile::tempdir().expect("temp dir");
    let quiz = r#"{
  "format": 1,
  "title": "Two mistakes",
  "questions": [
    {
      "id": "q1",
      "type": "single",
      "promt": "Who keeps the data?",
      "topics": ["service-models"],
      "explanation": "Always the customer.",
      "options": [
        { "text": "Customer", "correct": true },
        { "text": "Provider", "correct": true }
      ]
    }
  ]
}
"#;
    let path = dir.path().join("mine.json");
    std::fs::write(&path, quiz).expect("write quiz");
    let shown = path.display().to_string();
    let output = handoff(home.path(), &["validate", &shown], "");
    assert_eq!(output.status.code(), Some(1));
    let report = text(&output.stdout);
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 4, "{report}");
    assert_eq!(lines[0], format!("{shown}:5:5: questions[0]: missing required field 'prompt'"));
    assert_eq!(
        lines[1],
        format!(
            "{shown}:8:7: questions[0].promt: unknown field 'promt' in a single question (hint: did you mean 'prompt'?)"
        )
    );
    assert!(
        lines[2].starts_with(&format!("{shown}:11:18: questions[0].options: 2 options are marked correct")),
        "{report}"
    );
    assert_eq!(lines[3], "3 errors, 0 warnings in 1 file checked: 0 quizzes (0 questions), 0 matrix files valid");
}

#[test]
fn a_broken_quiz_in_a_course_is_skipped_and_reported_the_rest_runs() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("quizzes")).expect("mkdir");
    std::fs::write(dir.path().join("layers.md"), "# Layers\n\nHello.\n").expect("write lesson");
    std::fs::copy(fixture("course/quizzes/basics.json"), dir.path().join("quizzes/basics.json")).expect("copy");
    std::fs::write(dir.path().join("quizzes/broken.json"), "{ \"format\": 1, ").expect("write broken");
    let course_dir = dir.path().display().to_string();
    let output = handoff(home.path(), &["--course", &course_dir, "quizzes"], "");
    assert!(output.status.success());
    assert!(text(&output.stdout).contains("Basics check"), "{}", text(&output.stdout));
    assert!(
        text(&output.stderr).contains("quizzes/broken.json: skipped (1 problem; see `handoff validate`)"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn plain_quiz_reasks_on_bad_input_and_ends_cleanly_at_end_of_input() {
    let home = tempfile::tempdir().expect("temp dir");
    let course_dir = fixture("course").display().to_string();
    let output = handoff(home.path(), &["--course", &course_dir, "quiz", "basics", "--seed", "4"], "banana\n9\n1\n");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let transcript = text(&output.stdout);
    assert!(transcript.starts_with("Quiz: Basics check\n"), "{transcript}");
    assert!(transcript.contains("Please answer"), "bad input re-asks: {transcript}");
    assert!(transcript.contains("Input ended"), "{transcript}");
    assert!(!transcript.contains('\x1b'));
    let listed = text(&handoff(home.path(), &["--course", &course_dir, "quizzes"], "").stdout);
    assert!(listed.contains("not taken"), "an unfinished attempt is not a best score: {listed}");
    let saved = std::fs::read_to_string(home.path().join("progress.json")).expect("saved");
    assert!(saved.contains("\"seed\": 4") && saved.contains("\"completed\": false"), "{saved}");
}

#[test]
fn plain_quiz_answered_right_scores_full_marks_and_shows_in_quizzes() {
    let home = tempfile::tempdir().expect("temp dir");
    let course_dir = fixture("course");
    let course = course::load_dir(&course_dir).expect("fixture");
    let quiz = &course.quizzes[0];
    let attempt = handoff::quiz::attempt::Attempt::new(quiz, 8);
    // Work out the right answers in the order this seed presents them.
    let mut input = String::new();
    for presented in attempt.presented() {
        match &presented.question.kind {
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                let picks: Vec<String> = presented
                    .order
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| options[**i].correct)
                    .map(|(d, _)| (d + 1).to_string())
                    .collect();
                input.push_str(&picks.join(" "));
                input.push('\n');
            }
            QuestionKind::TrueFalse { answer } => input.push_str(if *answer { "t\n" } else { "f\n" }),
            QuestionKind::Matching { categories, items } => {
                for &i in &presented.order {
                    let category = categories.iter().position(|c| *c == items[i].answer).expect("category");
                    input.push_str(&format!("{}\n", category + 1));
                }
            }
        }
    }
    let shown = course_dir.display().to_string();
    let output = handoff(home.path(), &["--course", &shown, "quiz", "1", "--seed", "8"], &input);
    let transcript = text(&output.stdout);
    assert!(transcript.contains("Score: 4 / 4 (100%)"), "{transcript}");
    let listed = text(&handoff(home.path(), &["--course", &shown, "quizzes"], "").stdout);
    assert!(listed.starts_with("1. best 100%  Basics check"), "{listed}");
}

#[test]
fn plain_drill_runs_to_mastery_and_keeps_leitner_boxes() {
    let home = tempfile::tempdir().expect("temp dir");
    let course_dir = fixture("course").display().to_string();
    // Answer each prompt as it arrives, always right: in the fixture matrix the
    // Data layer is the customer's and the Building the provider's.
    let mut child = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .args(["--course", &course_dir, "drill", "--seed", "2"])
        .env("HANDOFF_HOME", home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run drill");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        let mut transcript = String::new();
        for line in std::io::BufReader::new(stdout).lines() {
            let line = line.expect("line");
            if line.starts_with("Under ") {
                let owner = if line.contains(" data layer?") { Owner::Customer } else { Owner::Provider };
                let _ = writeln!(stdin, "{}", owner.label());
            }
            transcript.push_str(&line);
            transcript.push('\n');
        }
        transcript
    });
    let status = child.wait().expect("wait");
    let transcript = reader.join().expect("reader");
    assert!(status.success());
    assert_eq!(transcript.matches("Under ").count(), 8, "4 cells, each right twice: {transcript}");
    assert!(transcript.contains("mastered"), "{transcript}");
    let saved = std::fs::read_to_string(home.path().join("progress.json")).expect("saved");
    assert!(saved.contains("\"IaaS/Data\": 2"), "one right answer moves an unseen cell to box 2: {saved}");
}

#[test]
fn unknown_quiz_and_model_are_one_line_errors() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = handoff(home.path(), &["quiz", "02-servce-models"], "");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(text(&output.stderr), "handoff: no quiz '02-servce-models' (did you mean '02-service-models'?)\n");
    let output = handoff(home.path(), &["drill", "--model", "Paas"], "");
    assert!(output.status.success(), "model names match case-insensitively");
    let output = handoff(home.path(), &["drill", "--model", "FaaS"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("no model 'FaaS'"), "{}", text(&output.stderr));
}

#[test]
fn plain_assessment_saves_when_input_ends_then_resumes_and_reports() {
    let home = tempfile::tempdir().expect("temp dir");
    let course_dir = fixture("course").display().to_string();
    let args = ["--course", course_dir.as_str(), "assess", "--seed", "5", "--learner", "Ada"];
    // What to type for each drawn question: any valid answer, then low certainty.
    let loaded = course::load_dir(&fixture("course")).expect("fixture");
    let definition = loaded.assessment.clone().expect("fixture assessment");
    let session = handoff::assess::session::AssessmentSession::new(&definition, &loaded.quizzes, 5, 0);
    let answers: Vec<String> = session
        .questions()
        .iter()
        .map(|drawn| match &drawn.question.kind {
            QuestionKind::TrueFalse { .. } => "t\n1\n".to_string(),
            QuestionKind::Matching { items, .. } => format!("{}1\n", "1\n".repeat(items.len())),
            _ => "1\n1\n".to_string(),
        })
        .collect();
    // One answer with its certainty, then the input ends: the attempt is kept.
    let first = handoff(home.path(), &args, &answers[0]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("Saved: run `handoff assess` again"), "{}", text(&first.stdout));
    let saved = std::fs::read_to_string(home.path().join("progress.json")).expect("saved");
    assert!(saved.contains("assessment_in_progress"), "{saved}");
    // Carry on: answer the rest with the first option and low certainty, then submit.
    let second = handoff(home.path(), &args, &format!("{}{}y\n", answers[1], answers[2]));
    let transcript = text(&second.stdout);
    assert!(transcript.contains("Lessons to re-read") || transcript.contains("re-read"), "{transcript}");
    let saved = std::fs::read_to_string(home.path().join("progress.json")).expect("saved");
    assert!(!saved.contains("assessment_in_progress"), "submitted: {saved}");
    // Results: one line per attempt with a date and a percentage.
    let results = text(&handoff(home.path(), &["--course", &course_dir, "results"], "").stdout);
    let lines: Vec<&str> = results.lines().collect();
    assert_eq!(lines.len(), 1, "{results}");
    assert!(lines[0].contains("self-assessment") && lines[0].contains('%'), "{results}");
    assert!(lines[0].chars().take(4).all(|c| c.is_ascii_digit()), "starts with the year: {results}");
    // Export as CSV: a header and one row per question asked.
    let csv = text(&handoff(home.path(), &["--course", &course_dir, "export", "--format", "csv"], "").stdout);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "learner,kind,id,question,answer,correct,certainty,score,cbm,timestamp");
    assert_eq!(rows.len(), 1 + 3, "{csv}");
    assert!(rows[1].starts_with("Ada,assessment,"), "{csv}");
    // Export as JSON to a file, read back with serde.
    let out = home.path().join("results.json");
    let output = handoff(
        home.path(),
        &["--course", &course_dir, "export", "--format", "json", "--output", out.to_str().expect("path")],
        "",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let parsed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("export written")).expect("valid JSON");
    let rows = parsed.as_array().expect("an array of rows");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["learner"], "Ada");
}

/// Before reading was capped, this read without end until memory ran out.
#[cfg(unix)]
#[test]
fn validate_refuses_an_endless_file_without_reading_it_all() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = handoff(home.path(), &["validate", "/dev/zero"], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).starts_with("/dev/zero:1:1: $: file is too large (over the limit of 8 MiB)\n"));
}

#[test]
fn validate_warns_of_a_comment_that_hides_the_rest_of_a_lesson() {
    let home = tempfile::tempdir().expect("temp dir");
    let course = tempfile::tempdir().expect("course dir");
    std::fs::create_dir(course.path().join("lessons")).expect("lessons dir");
    std::fs::write(
        course.path().join("lessons/one.md"),
        "# One\n\nShown.\n\n<!-- TODO: finish\n\n## Never shown\n\nLost text.\n",
    )
    .expect("lesson");
    let course_arg = course.path().display().to_string();
    let output = handoff(home.path(), &["--course", &course_arg, "validate"], "");
    assert_eq!(output.status.code(), Some(0), "a warning, not an error");
    assert!(
        text(&output.stdout).starts_with(
            "lessons/one.md:5:1: warning: HTML comment never closed with -->; everything after it is hidden\n"
        ),
        "{}",
        text(&output.stdout)
    );
}
