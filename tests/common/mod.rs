//! Fixtures shared by the integration tests, parsed straight into the model
//! types (this crate has no validator).
#![allow(dead_code)] // each test binary uses a different subset

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use handoff::quiz::model::{Matrix, MatrixFile, Owner, Question, Quiz, QuizFile};

/// The `handoff` binary with a private data folder, no inherited course or
/// colour settings, and piped standard streams.
pub fn handoff_command(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_handoff"));
    command
        .env("HANDOFF_HOME", home)
        .env_remove("HANDOFF_COURSE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs the command with `input` on its standard input and waits for it.
pub fn run_with_input(command: &mut Command, input: &str) -> Output {
    let mut child = command.spawn().expect("run handoff");
    // A program that stops reading early closes its end: not an error here.
    let _ = child.stdin.take().expect("stdin").write_all(input.as_bytes());
    child.wait_with_output().expect("wait for handoff")
}

pub fn quiz_from(id: &str, json: &str) -> Quiz {
    let file: QuizFile = serde_json::from_str(json).expect("fixture quiz parses");
    Quiz { id: id.to_string(), path: format!("quizzes/{id}.json"), file }
}

pub fn quiz() -> Quiz {
    quiz_from("full", include_str!("../fixtures/engine/quiz.json"))
}

pub fn small_quiz() -> Quiz {
    quiz_from("small", include_str!("../fixtures/engine/small.json"))
}

pub fn matrix() -> Matrix {
    let file: MatrixFile =
        serde_json::from_str(include_str!("../fixtures/engine/matrix.json")).expect("fixture matrix parses");
    Matrix { id: "test".to_string(), path: "assets/matrices/test.json".to_string(), file }
}

pub fn question(json: &str) -> Question {
    serde_json::from_str(json).expect("fixture question parses")
}

pub fn owner_of(matrix: &Matrix, model: &str, layer: &str) -> Owner {
    matrix
        .file
        .layers
        .iter()
        .find(|l| l.name == layer)
        .and_then(|l| l.cells.get(model))
        .map(|c| c.owner)
        .expect("cell exists")
}

/// Some owner other than `o`.
pub fn wrong(o: Owner) -> Owner {
    match o {
        Owner::Customer => Owner::Provider,
        _ => Owner::Customer,
    }
}
