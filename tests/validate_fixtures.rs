//! Every kind of problem an instructor can make, with the exact lines `handoff validate` prints.

use std::path::PathBuf;

use handoff::quiz::diagnostic::Diagnostic;
use handoff::quiz::json::{MAX_DEPTH, MAX_FILE_SIZE};
use handoff::quiz::validate::{validate_matrix, validate_quiz};

fn lessons() -> Vec<String> {
    vec!["01-shared-responsibility".to_string(), "02-service-models".to_string()]
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn lines(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(ToString::to_string).collect()
}

/// Validates `broken/<name>` as a quiz and checks the exact output; returns whether it loaded.
fn quiz_strict(name: &str, strict: bool, expected: &[&str]) -> bool {
    let shown = format!("broken/{name}");
    let (quiz, diags) = validate_quiz(&shown, &fixture(&shown), &lessons(), strict);
    assert_eq!(lines(&diags), expected, "diagnostics for {name}");
    quiz.is_some()
}

fn quiz(name: &str, expected: &[&str]) {
    assert!(!quiz_strict(name, false, expected), "{name} has errors, so no quiz");
}

fn matrix(name: &str, expected: &[&str]) {
    let shown = format!("broken/{name}");
    let (m, diags) = validate_matrix(&shown, &fixture(&shown));
    assert_eq!(lines(&diags), expected, "diagnostics for {name}");
    assert!(m.is_none());
}

#[test]
fn syntax_error() {
    quiz(
        "syntax-missing-comma.json",
        &["broken/syntax-missing-comma.json:9:7: questions[0]: expected ',' or '}' after object member, found '\"'"],
    );
}

#[test]
fn trailing_comma() {
    quiz(
        "trailing-comma.json",
        &["broken/trailing-comma.json:13:24: questions[0].options: trailing comma before ']' is not allowed in JSON"],
    );
}

#[test]
fn comment() {
    quiz("comment.json", &["broken/comment.json:3:22: $: comments are not allowed in JSON"]);
}

#[test]
fn wrong_type() {
    quiz("wrong-type.json", &["broken/wrong-type.json:8:17: questions[0].prompt: expected a string, found a number"]);
}

#[test]
fn missing_field() {
    quiz("missing-field.json", &["broken/missing-field.json:5:5: questions[0]: missing required field 'prompt'"]);
}

#[test]
fn unknown_field_typo() {
    quiz(
        "unknown-field.json",
        &[
            "broken/unknown-field.json:5:5: questions[0]: missing required field 'prompt'",
            "broken/unknown-field.json:8:7: questions[0].promt: unknown field 'promt' in a single question (hint: did you mean 'prompt'?)",
        ],
    );
}

#[test]
fn field_of_another_type() {
    quiz(
        "foreign-field.json",
        &[
            "broken/foreign-field.json:11:7: questions[0].answer: 'answer' does not belong in a single question; it is used by true_false questions",
        ],
    );
    quiz(
        "single-with-weight.json",
        &[
            "broken/single-with-weight.json:13:24: questions[0].options[1].weight: 'weight' does not belong in a single-choice option; it is used by multiple-choice options",
        ],
    );
}

#[test]
fn duplicate_key() {
    quiz("duplicate-key.json", &["broken/duplicate-key.json:4:3: title: duplicate key 'title' (first on line 3)"]);
}

#[test]
fn bad_format_version() {
    quiz(
        "bad-format.json",
        &["broken/bad-format.json:2:13: format: unsupported format version 2; this handoff reads format 1"],
    );
    quiz(
        "format-not-integer.json",
        &["broken/format-not-integer.json:2:13: format: format must be a whole number, found '1.0'"],
    );
}

#[test]
fn empty_texts() {
    quiz("empty-prompt.json", &["broken/empty-prompt.json:8:17: questions[0].prompt: prompt is empty"]);
    quiz("empty-option.json", &["broken/empty-option.json:13:19: questions[0].options[1].text: option text is empty"]);
    quiz("empty-topic.json", &["broken/empty-topic.json:9:43: questions[0].topics[1]: topic is empty"]);
}

#[test]
fn question_ids() {
    quiz(
        "duplicate-id.json",
        &["broken/duplicate-id.json:14:13: questions[1].id: duplicate question id 'q1' (first used on line 6)"],
    );
    quiz(
        "bad-question-id.json",
        &[
            "broken/bad-question-id.json:6:13: questions[0].id: question id 'two words' may only contain letters, digits, '-' and '_'",
        ],
    );
}

#[test]
fn unknown_type() {
    quiz(
        "unknown-type.json",
        &[
            "broken/unknown-type.json:7:15: questions[0].type: unknown question type 'singel' (hint: did you mean 'single'? type is one of 'single', 'multiple', 'true_false', 'matching')",
        ],
    );
}

#[test]
fn single_choice_correct_count() {
    quiz(
        "single-zero-correct.json",
        &[
            "broken/single-zero-correct.json:11:18: questions[0].options: no option is marked correct; a single-choice question needs exactly one (hint: mark the right option with \"correct\": true)",
        ],
    );
    quiz(
        "single-two-correct.json",
        &[
            "broken/single-two-correct.json:11:18: questions[0].options: 3 options are marked correct (options[0], options[1], options[2]); a single-choice question needs exactly one",
        ],
    );
}

#[test]
fn too_few_options() {
    quiz(
        "too-few-options.json",
        &[
            "broken/too-few-options.json:11:18: questions[0].options: a single-choice question needs at least 2 options, found 1",
            "broken/too-few-options.json:11:18: questions[0].options: no option is marked correct; a single-choice question needs exactly one (hint: mark the right option with \"correct\": true)",
        ],
    );
}

#[test]
fn multiple_choice() {
    quiz(
        "multiple-none-correct.json",
        &[
            "broken/multiple-none-correct.json:11:18: questions[0].options: no option is marked correct; a multiple-choice question needs at least one (hint: mark the right option with \"correct\": true)",
        ],
    );
    quiz(
        "weight-out-of-range.json",
        &["broken/weight-out-of-range.json:13:34: questions[0].options[1].weight: weight -1.5 is outside [-1, 1]"],
    );
}

#[test]
fn true_false_answer() {
    quiz(
        "true-false-answer.json",
        &[
            "broken/true-false-answer.json:11:17: questions[0].answer: expected true or false, found a string",
            "broken/true-false-answer.json:13:5: questions[1]: missing required field 'answer' (hint: add \"answer\": true or false)",
        ],
    );
}

#[test]
fn matching() {
    quiz(
        "matching-answer-not-category.json",
        &[
            "broken/matching-answer-not-category.json:14:49: questions[0].items[1].answer: answer 'Provder' is not one of the categories (hint: did you mean 'Provider'? categories: 'Customer', 'Provider', 'Shared')",
            "broken/matching-answer-not-category.json:15:37: questions[0].items[2].answer: answer 'Nobody' is not one of the categories (hint: categories: 'Customer', 'Provider', 'Shared')",
        ],
    );
    quiz(
        "matching-categories.json",
        &[
            "broken/matching-categories.json:11:34: questions[0].categories[1]: duplicate category 'Customer' (first on line 11)",
            "broken/matching-categories.json:12:16: questions[0].items: a matching question needs at least 1 item",
        ],
    );
}

#[test]
fn unknown_lesson() {
    quiz(
        "unknown-lesson.json",
        &[
            "broken/unknown-lesson.json:4:13: lesson: unknown lesson '01-shared-responsibilty' (hint: did you mean '01-shared-responsibility'?)",
            "broken/unknown-lesson.json:12:17: questions[0].lesson: unknown lesson '03-incidents' (hint: lessons: '01-shared-responsibility', '02-service-models')",
        ],
    );
    // Without a lesson list (e.g. validating a lone file), lessons are not checked.
    let bytes = fixture("broken/unknown-lesson.json");
    let (q, diags) = validate_quiz("q.json", &bytes, &[], false);
    assert!(q.is_some() && diags.is_empty(), "{diags:?}");
}

#[test]
fn missing_explanation_warns_and_strict_errors() {
    let hint = "(hint: it is shown after the answer; add \"explanation\": \"why the right answer is right\")";
    let loaded = quiz_strict(
        "missing-explanation.json",
        false,
        &[&format!("broken/missing-explanation.json:5:5: questions[0]: warning: missing explanation {hint}")],
    );
    assert!(loaded, "a warning does not stop the quiz from loading");
    let loaded = quiz_strict(
        "missing-explanation.json",
        true,
        &[&format!("broken/missing-explanation.json:5:5: questions[0]: missing explanation {hint}")],
    );
    assert!(!loaded, "with --strict it is an error");
}

#[test]
fn empty_file() {
    quiz("empty.json", &["broken/empty.json:1:1: $: file is empty"]);
    let (q, diags) = validate_quiz("blank.json", b"  \n\n", &lessons(), false);
    assert!(q.is_none());
    assert_eq!(lines(&diags), ["blank.json:3:1: $: file is empty"]);
}

#[test]
fn binary_bytes() {
    quiz("binary.json", &["broken/binary.json:3:1: $: this looks like a binary file, not JSON (NUL byte at byte 8)"]);
    quiz("latin1.json", &["broken/latin1.json:3:16: $: not valid UTF-8 at byte 32; save the file as UTF-8"]);
}

#[test]
fn deep_nesting() {
    // Deep enough to overflow a naive recursive parser many times over.
    let mut text = String::from("{\"format\": 1, \"title\": \"x\", \"questions\": ");
    text.push_str(&"[".repeat(1_000_000));
    let (q, diags) = validate_quiz("deep.json", text.as_bytes(), &lessons(), false);
    assert!(q.is_none());
    // The root object is level 1, so the bracket at level 129 is the 128th '['.
    let col = text.find('[').unwrap_or(0) + MAX_DEPTH;
    let path = format!("questions{}", "[0]".repeat(MAX_DEPTH - 1));
    assert_eq!(lines(&diags), [format!("deep.json:1:{col}: {path}: nested too deeply (more than 128 levels)")]);
}

#[test]
fn huge_file() {
    let mut bytes = b"{\"format\": 1, \"title\": \"".to_vec();
    bytes.resize(MAX_FILE_SIZE + 1, b'x');
    let (q, diags) = validate_quiz("huge.json", &bytes, &lessons(), false);
    assert!(q.is_none());
    assert_eq!(lines(&diags), ["huge.json:1:1: $: file is too large (over the limit of 8 MiB)"]);
}

#[test]
fn many_problems_are_capped() {
    // A hostile file with millions of problems yields a bounded list.
    let mut text = String::from("{\"format\": 1, \"title\": \"x\", \"questions\": [1");
    text.push_str(&",1".repeat(1_000_000));
    text.push_str("]}");
    let (q, diags) = validate_quiz("many.json", text.as_bytes(), &lessons(), false);
    assert!(q.is_none());
    assert_eq!(diags.len(), 201);
    assert_eq!(diags[0].to_string(), "many.json:1:43: questions[0]: expected an object (a question), found a number");
    assert_eq!(diags[200].to_string(), "many.json:1:1: $: 999801 more problems not shown; fix the ones above first");
}

#[test]
fn hostile_text_is_sanitized_and_capped() {
    let key = format!("\\u001b[31m{}", "k".repeat(10_000));
    let text = format!("{{\"format\": 1, \"title\": \"x\", \"{key}\": 1, \"questions\": []}}");
    let (_, diags) = validate_quiz("evil\u{1b}.json", text.as_bytes(), &lessons(), false);
    for line in lines(&diags) {
        assert!(!line.contains('\u{1b}'), "{line:?}");
        assert!(line.len() < 400, "{line:?}");
    }
}

#[test]
fn several_problems_in_file_order() {
    let explanation_hint =
        "(hint: it is shown after the answer; add \"explanation\": \"why the right answer is right\")";
    let loaded = quiz_strict(
        "several-problems.json",
        false,
        &[
            "broken/several-problems.json:1:1: $: missing required field 'title'",
            "broken/several-problems.json:2:13: format: unsupported format version 3; this handoff reads format 1",
            "broken/several-problems.json:3:3: titel: unknown field 'titel' in a quiz (hint: did you mean 'title'?)",
            &format!("broken/several-problems.json:5:5: questions[0]: warning: missing explanation {explanation_hint}"),
            "broken/several-problems.json:8:17: questions[0].prompt: prompt is empty",
            "broken/several-problems.json:9:17: questions[0].topics: topics is empty; give at least one topic tag",
            "broken/several-problems.json:12:35: questions[0].options[1].correct: expected true or false, found a string",
            "broken/several-problems.json:16:13: questions[1].id: duplicate question id 'a' (first used on line 6)",
            "broken/several-problems.json:21:18: questions[1].options: no option is marked correct; a multiple-choice question needs at least one (hint: mark the right option with \"correct\": true)",
            "broken/several-problems.json:23:24: questions[1].options[1].wieght: unknown field 'wieght' in an option (hint: did you mean 'weight'?)",
        ],
    );
    assert!(!loaded);
}

#[test]
fn matrix_unknown_owner() {
    matrix(
        "matrix-unknown-owner.json",
        &[
            "broken/matrix-unknown-owner.json:10:28: layers[0].cells.PaaS.owner: unknown owner 'custmer' (hint: did you mean 'customer'? owner is one of 'customer', 'provider', 'shared')",
            "broken/matrix-unknown-owner.json:11:28: layers[0].cells.SaaS.owner: unknown owner 'nobody' (hint: owner is one of 'customer', 'provider', 'shared')",
        ],
    );
}

#[test]
fn matrix_missing_and_extra_cell() {
    matrix(
        "matrix-missing-cell.json",
        &[
            "broken/matrix-missing-cell.json:8:16: layers[0].cells: missing cell for model 'PaaS'",
            "broken/matrix-missing-cell.json:8:16: layers[0].cells: missing cell for model 'SaaS'",
            "broken/matrix-missing-cell.json:10:9: layers[0].cells.Saas: 'Saas' is not one of the models (hint: did you mean 'SaaS'? models: 'IaaS', 'PaaS', 'SaaS')",
        ],
    );
}

#[test]
fn matrix_duplicates_and_empty_why() {
    matrix(
        "matrix-duplicates.json",
        &[
            "broken/matrix-duplicates.json:4:30: models[2]: duplicate model 'IaaS' (first on line 4)",
            "broken/matrix-duplicates.json:9:47: layers[0].cells.IaaS.why: why is empty",
            "broken/matrix-duplicates.json:14:15: layers[1].name: duplicate layer 'Data' (first on line 7)",
        ],
    );
}

#[test]
fn valid_files_load_and_agree_with_serde() {
    let bytes = fixture("valid/01-shared-responsibility.json");
    let (q, diags) = validate_quiz("q.json", &bytes, &lessons(), true);
    assert!(diags.is_empty(), "{:?}", lines(&diags));
    let q = q.expect("valid quiz");
    assert_eq!(q.questions.len(), 4);
    assert_eq!(Some(q), serde_json::from_slice(&bytes).ok());

    let bytes = fixture("valid/course.json");
    let (m, diags) = validate_matrix("m.json", &bytes);
    assert!(diags.is_empty(), "{:?}", lines(&diags));
    assert_eq!(m.expect("valid matrix").layers.len(), 2);
}

#[test]
fn mutated_files_never_crash_and_accepted_ones_load() {
    // Deterministic byte mutations of a valid quiz: nothing may panic, and any
    // file the validator accepts must be exactly what serde loads.
    let base = fixture("valid/01-shared-responsibility.json");
    let tokens: [&[u8]; 10] = [b"{", b"}", b"[", b"]", b",", b":", b"\"", b"true", b"\\u", b"1e5"];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        // xorshift64: enough randomness for mutation, and reproducible.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..3000 {
        let mut bytes = base.clone();
        for _ in 0..1 + next(3) {
            let at = next(bytes.len());
            match next(4) {
                0 => {
                    bytes.remove(at);
                }
                1 => bytes[at] = next(256) as u8,
                _ => {
                    let token = tokens[next(tokens.len())];
                    bytes.splice(at..at, token.iter().copied());
                }
            }
        }
        let (quiz, diags) = validate_quiz("m.json", &bytes, &lessons(), false);
        assert!(diags.iter().all(|d| !d.message.contains("passed validation")), "{:?}", lines(&diags));
        if let Some(quiz) = quiz {
            assert_eq!(serde_json::from_slice::<handoff::quiz::model::QuizFile>(&bytes).ok(), Some(quiz));
        }
    }
}
