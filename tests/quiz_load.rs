//! Loading a course's quizzes and matrices: order, ids, and broken files skipped.

use std::path::PathBuf;

use handoff::quiz::load::{load_matrices, load_quizzes};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn loads_good_files_in_natural_order_and_skips_broken_ones() {
    let good = fixture("valid/01-shared-responsibility.json");
    let files = vec![
        ("quizzes/10-late.json".to_string(), good.clone()),
        ("quizzes/2-early.json".to_string(), good.clone()),
        ("quizzes/3-broken.json".to_string(), fixture("broken/wrong-type.json")),
        ("quizzes/4-warned.json".to_string(), fixture("broken/missing-explanation.json")),
        ("quizzes/README.md".to_string(), b"not a quiz".to_vec()),
        ("quizzes/other/2-early.json".to_string(), good),
    ];
    let lessons = vec!["01-shared-responsibility".to_string(), "02-service-models".to_string()];
    let (quizzes, diags) = load_quizzes(&files, &lessons, false);
    let ids: Vec<&str> = quizzes.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["2-early", "4-warned", "10-late"]);
    assert_eq!(quizzes[0].path, "quizzes/2-early.json");
    let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "quizzes/3-broken.json:8:17: questions[0].prompt: expected a string, found a number",
            "quizzes/4-warned.json:5:5: questions[0]: warning: missing explanation (hint: it is shown after the answer; add \"explanation\": \"why the right answer is right\")",
            "quizzes/other/2-early.json:1:1: $: duplicate id '2-early': 'quizzes/2-early.json' has the same file name",
        ]
    );

    // --strict turns the warning into an error, so that quiz is skipped too.
    let (quizzes, _) = load_quizzes(&files, &lessons, true);
    assert_eq!(quizzes.len(), 2);
}

#[test]
fn loads_matrices() {
    let files = vec![
        ("assets/matrices/course.json".to_string(), fixture("valid/course.json")),
        ("assets/matrices/bad.json".to_string(), fixture("broken/matrix-unknown-owner.json")),
    ];
    let (matrices, diags) = load_matrices(&files);
    assert_eq!(matrices.len(), 1);
    assert_eq!(matrices[0].id, "course");
    assert_eq!(diags.len(), 2);
    assert!(diags.iter().all(|d| d.file == "assets/matrices/bad.json"));
}
