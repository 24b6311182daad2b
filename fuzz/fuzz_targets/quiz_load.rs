//! Any bytes as a quiz file (and as a matrix file): no panic, every diagnostic located,
//! and a file the validator accepts is exactly what serde loads. The positioned JSON
//! parser runs on its own too.

#![no_main]

use handoff::quiz::diagnostic::Diagnostic;
use handoff::quiz::model::{MatrixFile, QuizFile};
use handoff::quiz::{json, validate};
use libfuzzer_sys::fuzz_target;

fn check(diags: &[Diagnostic], loaded: bool) {
    assert_eq!(loaded, !diags.iter().any(Diagnostic::is_error), "{diags:?}");
    for d in diags {
        assert!(d.line >= 1 && d.column >= 1 && !d.message.is_empty(), "{d}");
        assert_eq!(d.file, "fuzz.json");
    }
}

fuzz_target!(|data: &[u8]| {
    if let Err(e) = json::parse(data) {
        assert!(e.line >= 1 && e.column >= 1 && !e.message.is_empty(), "{e}");
    }
    let lessons = ["intro".to_string(), "basics".to_string()];
    let (quiz, diags) = validate::validate_quiz("fuzz.json", data, &lessons, false);
    check(&diags, quiz.is_some());
    if let Some(quiz) = quiz {
        assert_eq!(serde_json::from_slice::<QuizFile>(data).ok(), Some(quiz));
    }
    let (matrix, diags) = validate::validate_matrix("fuzz.json", data);
    check(&diags, matrix.is_some());
    if let Some(matrix) = matrix {
        assert_eq!(serde_json::from_slice::<MatrixFile>(data).ok(), Some(matrix));
    }
});
