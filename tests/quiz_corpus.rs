//! Any quiz file: a corpus of broken files generated from the valid ones (truncated,
//! wrong types, `null`s, deleted and renamed keys, invalid UTF-8, a BOM, NUL bytes, deep
//! nesting, 50 MB files) goes through the loader the app and `handoff validate` use.
//! Every file must give located errors (file, line >= 1, column >= 1 and inside the file,
//! a message), never a panic or a hang; a file without errors must load exactly as serde
//! reads it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::Duration;

use handoff::quiz::diagnostic::Diagnostic;
use handoff::quiz::json::{self, MAX_DEPTH, MAX_FILE_SIZE};
use handoff::quiz::load::{load_matrices, load_quizzes};
use handoff::quiz::model::{MatrixFile, QuizFile};
use serde_json::Value;

const FILE: &str = "broken.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_files(dir: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files.into_iter().map(|p| (p.display().to_string(), read(&p))).collect()
}

fn lesson_ids() -> Vec<String> {
    handoff::course::load_builtin().lessons.iter().map(|l| l.id.clone()).collect()
}

/// The valid quizzes, each with the lesson ids it validates against.
fn valid_quizzes() -> Vec<(String, Vec<u8>, Vec<String>)> {
    let ids = lesson_ids();
    let mut files = json_files("quizzes");
    files.extend(json_files("tests/fixtures/course/quizzes"));
    for name in ["valid/01-shared-responsibility.json", "engine/quiz.json", "engine/small.json"] {
        let path = root().join("tests/fixtures").join(name);
        files.push((path.display().to_string(), read(&path)));
    }
    files
        .into_iter()
        .map(|(name, bytes)| {
            // Fixtures of other courses name other lessons; those are validated without ids.
            let lessons = if errors(&validate(&bytes, &ids, true)).is_empty() { ids.clone() } else { Vec::new() };
            let diags = validate(&bytes, &lessons, true);
            assert!(diags.is_empty(), "{name} is not valid: {:?}", lines(&diags));
            (name, bytes, lessons)
        })
        .collect()
}

fn valid_matrices() -> Vec<(String, Vec<u8>)> {
    let mut files = json_files("assets/matrices");
    for name in ["valid/course.json", "engine/matrix.json"] {
        let path = root().join("tests/fixtures").join(name);
        files.push((path.display().to_string(), read(&path)));
    }
    files
}

/// Validates through `load_quizzes`, as the app and `handoff validate` do.
fn validate(bytes: &[u8], lessons: &[String], strict: bool) -> Vec<Diagnostic> {
    let (quizzes, diags) = load_quizzes(&[(FILE.to_string(), bytes.to_vec())], lessons, strict);
    let has_errors = diags.iter().any(Diagnostic::is_error);
    assert_eq!(quizzes.is_empty(), has_errors, "a quiz loads exactly when there are no errors: {:?}", lines(&diags));
    if let Some(quiz) = quizzes.first() {
        // What the validator accepts is exactly what the engine's types read.
        let serde: Option<QuizFile> = serde_json::from_slice(bytes).ok();
        assert_eq!(serde.as_ref(), Some(&quiz.file), "accepted, but serde reads it differently");
    }
    diags
}

fn errors(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags.iter().filter(|d| d.is_error()).collect()
}

fn lines(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(ToString::to_string).collect()
}

/// Line and column (characters, 1-based) of byte `at`, counted as the parser counts:
/// a new character at every byte that is not a UTF-8 continuation byte.
fn position(bytes: &[u8], at: usize) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    for &b in &bytes[..at] {
        if b == b'\n' {
            (line, column) = (line + 1, 1);
        } else if b & 0xC0 != 0x80 {
            column += 1;
        }
    }
    (line, column)
}

/// Every diagnostic names the file, a message, and a position inside the file.
#[track_caller]
fn assert_located(what: &str, bytes: &[u8], diags: &[Diagnostic]) {
    let starts: Vec<usize> =
        std::iter::once(0).chain(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1)).collect();
    // Columns one past the end of each line that is asked about (lines can be megabytes).
    let mut line_ends: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for d in diags {
        assert_eq!(d.file, FILE, "{what}: {d}");
        assert!(!d.message.trim().is_empty(), "{what}: empty message: {d}");
        assert!(d.line >= 1 && d.column >= 1, "{what}: unlocated: {d}");
        assert!(d.line <= starts.len(), "{what}: line past the end of the file: {d}");
        let end_column = *line_ends.entry(d.line).or_insert_with(|| {
            let start = starts[d.line - 1];
            let end = starts.get(d.line).map_or(bytes.len(), |next| next - 1);
            position(&bytes[start..end], end - start).1
        });
        assert!(d.column <= end_column, "{what}: column past the end of line {}: {d}", d.line);
        assert!(d.to_string().starts_with(&format!("{FILE}:{}:{}: ", d.line, d.column)), "{what}: {d}");
    }
}

#[test]
fn the_location_check_catches_bad_locations() {
    let bytes = b"{\n  \"a\": 1\n}";
    let at = |line, column| vec![Diagnostic::error(FILE, line, column, "$", "m")];
    assert_located("fine", bytes, &at(2, 3));
    assert_located("end of the last line", bytes, &at(3, 2));
    for (line, column) in [(0, 1), (1, 0), (4, 1), (1, 3), (2, 11)] {
        let caught = std::panic::catch_unwind(|| assert_located("bad", bytes, &at(line, column)));
        assert!(caught.is_err(), "{line}:{column} passed");
    }
    let unnamed = vec![Diagnostic::error("other.json", 1, 1, "$", "m")];
    assert!(std::panic::catch_unwind(|| assert_located("bad", bytes, &unnamed)).is_err());
    let silent = vec![Diagnostic::error(FILE, 1, 1, "$", " ")];
    assert!(std::panic::catch_unwind(|| assert_located("bad", bytes, &silent)).is_err());
}

/// A broken file: at least one error, all located.
#[track_caller]
fn assert_broken(what: &str, bytes: &[u8], lessons: &[String], strict: bool) -> Vec<Diagnostic> {
    let diags = validate(bytes, lessons, strict);
    assert!(!errors(&diags).is_empty(), "{what}: no error for a broken file");
    assert_located(what, bytes, &diags);
    diags
}

/// The single error a file-level problem gives, at a known place.
#[track_caller]
fn assert_error_at(what: &str, bytes: &[u8], line: usize, column: usize, message: &str) {
    let diags = assert_broken(what, bytes, &[], false);
    assert_eq!(diags.len(), 1, "{what}: {:?}", lines(&diags));
    assert_eq!((diags[0].line, diags[0].column), (line, column), "{what}: {}", diags[0]);
    assert!(diags[0].message.contains(message), "{what}: {}", diags[0]);
}

// ----- structural mutations ------------------------------------------------------------------

/// JSON pointers to every value in the document (the root is "").
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(child, format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// The object key a pointer ends in, if it ends in one (not an array index).
fn last_key<'p>(pointer: &'p str, doc: &Value) -> Option<&'p str> {
    let (parent, key) = pointer.rsplit_once('/')?;
    doc.pointer(parent)?.is_object().then_some(key)
}

fn kind(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// Fields that may be `null` (they are optional strings or numbers).
const NULLABLE: [&str; 5] = ["$schema", "description", "lesson", "why", "weight"];
/// Fields whose absence is an error (with `--strict`, a missing explanation is one too).
const REQUIRED: [&str; 13] = [
    "format",
    "title",
    "questions",
    "id",
    "type",
    "prompt",
    "topics",
    "explanation",
    "options",
    "answer",
    "categories",
    "items",
    "text",
];

fn serialize(doc: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(doc).unwrap_or_default()
}

/// The quiz with only the first question of each type: every field, at a fraction of
/// the cost (each mutation is validated as a whole file).
fn one_question_per_type(mut doc: Value) -> Value {
    if let Some(Value::Array(questions)) = doc.get_mut("questions") {
        let mut seen = std::collections::HashSet::new();
        questions.retain(|q| seen.insert(q.get("type").map(ToString::to_string)));
    }
    doc
}

/// Replaces, deletes and renames every value and key of one valid quiz.
fn structural_mutations(name: &str, bytes: &[u8], lessons: &[String]) -> usize {
    let doc: Value = serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let doc = one_question_per_type(doc);
    assert!(validate(&serialize(&doc), lessons, true).is_empty(), "{name}: re-serialized copy is valid");
    let mut all = Vec::new();
    pointers(&doc, String::new(), &mut all);
    let replacements = [
        Value::Null,
        Value::Bool(true),
        Value::from(7),
        Value::from("text"),
        Value::Array(vec![]),
        Value::Object(Default::default()),
    ];
    let mut count = 0;
    for pointer in &all {
        let Some(original) = doc.pointer(pointer) else { continue };
        let key = last_key(pointer, &doc);
        // Every other type, and null, in this position.
        for new in replacements.iter().filter(|r| kind(r) != kind(original)) {
            let mut copy = doc.clone();
            if let Some(slot) = copy.pointer_mut(pointer) {
                *slot = new.clone();
            }
            let what = format!("{name}: {pointer} = {new}");
            let bytes = serialize(&copy);
            if new.is_null() && key.is_some_and(|k| NULLABLE.contains(&k)) {
                let diags = validate(&bytes, lessons, true);
                assert_located(&what, &bytes, &diags);
            } else {
                let diags = assert_broken(&what, &bytes, lessons, true);
                assert!(
                    diags.iter().any(|d| d.message.contains("expected") || d.message.contains("found")),
                    "{what}: the wrong type is named: {:?}",
                    lines(&diags)
                );
            }
            count += 1;
        }
        let Some((parent, last)) = pointer.rsplit_once('/') else { continue };
        // Delete the member or element.
        let mut copy = doc.clone();
        match copy.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.remove(&last.replace("~1", "/").replace("~0", "~"));
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = last.parse::<usize>() {
                    items.remove(i);
                }
            }
            _ => {}
        }
        let what = format!("{name}: without {pointer}");
        let bytes = serialize(&copy);
        if let Some(key) = key.filter(|k| REQUIRED.contains(k)) {
            let diags = assert_broken(&what, &bytes, lessons, true);
            assert!(
                diags.iter().any(|d| d.message.contains(&format!("missing required field '{key}'"))
                    || d.message.contains(&format!("missing {key}"))),
                "{what}: {:?}",
                lines(&diags)
            );
        } else {
            assert_located(&what, &bytes, &validate(&bytes, lessons, true));
        }
        count += 1;
        // Rename the key: a typo (first two letters swapped) and an extra character.
        let Some(key) = key else { continue };
        let mut swapped: Vec<char> = key.chars().collect();
        let second = 1.min(swapped.len() - 1);
        swapped.swap(0, second);
        let swapped: String = swapped.into_iter().collect();
        for new_key in [swapped, format!("{key}_")].into_iter().filter(|k| k != key) {
            let mut copy = doc.clone();
            if let Some(Value::Object(map)) = copy.pointer_mut(parent)
                && let Some(v) = map.remove(key)
            {
                map.insert(new_key.clone(), v);
            }
            let what = format!("{name}: {pointer} renamed {new_key}");
            let bytes = serialize(&copy);
            let diags = assert_broken(&what, &bytes, lessons, true);
            assert!(
                diags.iter().any(|d| d.message.contains(&format!("'{new_key}'"))),
                "{what}: the unknown key is named: {:?}",
                lines(&diags)
            );
            count += 1;
        }
    }
    count
}

#[test]
fn wrong_types_nulls_deleted_and_renamed_keys() {
    let mut total = 0;
    for (name, bytes, lessons) in valid_quizzes() {
        total += structural_mutations(&name, &bytes, &lessons);
    }
    assert!(total > 5_000, "only {total} mutations");
}

#[test]
fn matrices_with_wrong_types_and_nulls() {
    for (name, bytes) in valid_matrices() {
        let doc: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        for pointer in &all {
            for new in [Value::Null, Value::from(7), Value::Array(vec![])] {
                let mut copy = doc.clone();
                if let Some(slot) = copy.pointer_mut(pointer) {
                    *slot = new;
                }
                let bytes = serialize(&copy);
                let (matrices, diags) = load_matrices(&[(FILE.to_string(), bytes.clone())]);
                assert_located(&format!("{name}: {pointer}"), &bytes, &diags);
                assert_eq!(matrices.is_empty(), diags.iter().any(Diagnostic::is_error));
                if let Some(m) = matrices.first() {
                    assert_eq!(serde_json::from_slice::<MatrixFile>(&bytes).ok().as_ref(), Some(&m.file));
                }
            }
        }
    }
}

// ----- byte-level damage ----------------------------------------------------------------------

/// Offsets to cut or insert at: all of a small file, else the ends and an even spread.
fn offsets(len: usize) -> Vec<usize> {
    if len <= 1200 {
        return (0..len).collect();
    }
    let mut at: Vec<usize> = (0..64).chain(len - 64..len).chain((0..len).step_by(len / 150)).collect();
    at.sort_unstable();
    at.dedup();
    at
}

#[test]
fn truncated_at_many_offsets() {
    for (name, bytes, lessons) in valid_quizzes() {
        let complete = bytes.trim_ascii_end();
        for at in offsets(bytes.len()) {
            let cut = &bytes[..at];
            if cut.trim_ascii_end() == complete {
                continue; // only trailing whitespace was cut
            }
            let diags = assert_broken(&format!("{name} cut at {at}"), cut, &lessons, false);
            // A cut file fails where it ends (or at the string, or character, left open).
            assert!(diags.iter().all(|d| (d.line, d.column) <= position(cut, cut.len())), "{:?}", lines(&diags));
        }
    }
}

#[test]
fn invalid_utf8_nul_and_bom_are_reported_where_they_are() {
    let damage: [&[u8]; 6] = [b"\xff", b"\xc3", b"\xc0\x80", b"\xed\xa0\x80", b"\x80", b"\xf4\x90\x80\x80"];
    for (name, bytes, _) in valid_quizzes() {
        let text = String::from_utf8(bytes.clone()).unwrap_or_default();
        for at in offsets(bytes.len()).into_iter().filter(|&at| text.is_char_boundary(at)).step_by(3) {
            let (line, column) = position(&bytes, at);
            for (i, bad) in damage.iter().enumerate() {
                let mut copy = bytes.clone();
                copy.splice(at..at, bad.iter().copied());
                let what = format!("{name}: damage {i} at {at}");
                assert_error_at(&what, &copy, line, column, &format!("not valid UTF-8 at byte {at}"));
            }
            let mut copy = bytes.clone();
            copy.insert(at, 0);
            assert_error_at(&format!("{name}: NUL at {at}"), &copy, line, column, &format!("NUL byte at byte {at}"));
        }
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(&bytes);
        assert_error_at(&format!("{name} with a BOM"), &bom, 1, 1, "byte order mark");
    }
}

#[test]
fn errors_are_at_the_right_line_and_column() {
    let quiz = "{\n  \"format\": 1,\n  \"title\": \"日本語 title\", \"lesson\": 7,\n  \"questions\": [\n    {\n      \"id\": \"q1\",\n      \"type\": \"true_false\",\n      \"prompt\": [\"not\", \"a string\"],\n      \"topics\": [\"t\"],\n      \"explanation\": \"e\",\n      \"answer\": \"yes\"\n    }\n  ]\n}\n";
    let diags = assert_broken("hand-made", quiz.as_bytes(), &[], false);
    assert_eq!(
        lines(&diags),
        [
            // Columns count characters: the three CJK characters are three columns.
            "broken.json:3:35: lesson: expected a string, found a number",
            "broken.json:8:17: questions[0].prompt: expected a string, found an array",
            "broken.json:11:17: questions[0].answer: expected true or false, found a string",
        ]
    );
    // Windows line endings do not shift lines or columns.
    let crlf = quiz.replace('\n', "\r\n");
    assert_eq!(lines(&validate(crlf.as_bytes(), &[], false)), lines(&diags));
    // A file cut inside a string: the error is where the string starts.
    let cut = &quiz[..quiz.find("a string").unwrap_or(0)];
    assert_eq!(
        lines(&validate(cut.as_bytes(), &[], false)),
        ["broken.json:8:25: questions[0].prompt[1]: unterminated string (missing closing '\"')"]
    );
    // Cut between values: the error is at the end of the file.
    let cut = &quiz[..quiz.find("\"topics\"").unwrap_or(0)];
    assert_eq!(
        lines(&validate(cut.as_bytes(), &[], false)),
        ["broken.json:9:7: questions[0]: unexpected end of file inside an object (missing '}'?)"]
    );
}

// ----- deep nesting and huge files -----------------------------------------------------------

/// Runs `f` on its own thread and fails if it takes longer than `limit` (a hang), rather
/// than leaving the test suite stuck. Debug builds are slow, so the limits are generous.
fn within<T: Send + 'static>(what: &str, limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: still running after {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

fn deep_documents() -> Vec<(String, Vec<u8>, usize)> {
    // (name, bytes, column of the bracket or brace past the limit)
    let prefix = "{\"format\": 1, \"title\": \"x\", \"questions\": ";
    let mut docs = vec![
        ("100,000 [".to_string(), "[".repeat(100_000).into_bytes(), MAX_DEPTH + 1),
        (
            "100,000 [ closed".to_string(),
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            MAX_DEPTH + 1,
        ),
        ("100,000 {\"a\":".to_string(), "{\"a\":".repeat(100_000).into_bytes(), "{\"a\":".len() * MAX_DEPTH + 1),
        ("[{\"a\": mixed".to_string(), "[{\"a\":".repeat(50_000).into_bytes(), "[{\"a\":".len() * MAX_DEPTH / 2 + 1),
        (
            "quiz with deep questions".to_string(),
            format!("{prefix}{}", "[".repeat(100_000)).into_bytes(),
            prefix.len() + MAX_DEPTH,
        ),
    ];
    // Just under the size limit: parsing must stop at the depth limit, not recurse on.
    docs.push(("8 MiB of [".to_string(), vec![b'['; MAX_FILE_SIZE], MAX_DEPTH + 1));
    docs
}

#[test]
fn deep_nesting_is_an_error_at_the_level_past_the_limit() {
    for (name, bytes, column) in deep_documents() {
        let what = name.clone();
        let diags = within(&name, Duration::from_secs(60), move || validate(&bytes, &[], false));
        assert_eq!(diags.len(), 1, "{what}: {:?}", lines(&diags));
        assert_eq!((diags[0].line, diags[0].column), (1, column), "{what}: {}", diags[0]);
        assert!(diags[0].message.contains("nested too deeply"), "{what}: {}", diags[0]);
    }
}

fn huge_quiz(prompt_len: usize) -> Vec<u8> {
    let mut bytes = b"{\"format\": 1, \"title\": \"Huge\", \"questions\": [{\"id\": \"q\", \"type\": \"true_false\", \
                      \"topics\": [\"t\"], \"explanation\": \"e\", \"answer\": true, \"prompt\": \""
        .to_vec();
    bytes.resize(bytes.len() + prompt_len, b'x');
    bytes.extend_from_slice(b"\"}]}");
    bytes
}

#[test]
fn files_of_50_mb_are_refused_quickly() {
    let cases = [("a quiz with a 50 MB prompt", huge_quiz(50 << 20)), ("50 MB of [", vec![b'['; 50 << 20])];
    for (name, bytes) in cases {
        let diags = within(name, Duration::from_secs(30), move || validate(&bytes, &[], false));
        assert_eq!(lines(&diags), ["broken.json:1:1: $: file is too large (over the limit of 8 MiB)"], "{name}");
    }
    // Just under the limit, a huge prompt is fine.
    let bytes = huge_quiz(MAX_FILE_SIZE - 200);
    let diags = within("a quiz just under the limit", Duration::from_secs(60), move || validate(&bytes, &[], false));
    assert!(diags.is_empty(), "{:?}", lines(&diags));
}

#[test]
fn hostile_lists_cost_linear_time() {
    // A matching question with 1,000 categories and 100,000 answers that are none of
    // them: each listed wrong answer gets a hint (the nearest category), but hints must
    // not cost categories x items.
    let n = 100_000;
    let mut quiz = String::from(
        "{\"format\": 1, \"title\": \"t\", \"questions\": [{\"id\": \"q\", \"type\": \"matching\", \"prompt\": \"p\", \
         \"topics\": [\"t\"], \"explanation\": \"e\", \"categories\": [",
    );
    quiz.push_str(&joined(1000, |i| format!("\"c{i}\"")));
    quiz.push_str("], \"items\": [");
    quiz.push_str(&joined(n, |i| format!("{{\"text\":\"t\",\"answer\":\"x{i}\"}}")));
    quiz.push_str("]}]}");
    let bytes = quiz.into_bytes();
    assert!(bytes.len() < MAX_FILE_SIZE);
    let copy = bytes.clone();
    let diags = within("100,000 wrong matching answers", Duration::from_secs(60), move || validate(&copy, &[], false));
    assert_located("matching", &bytes, &diags);
    assert_eq!(diags.len(), 201, "capped");
    assert!(diags.iter().all(|d| d.to_string().len() < 1000), "hints are short: {}", diags[0]);

    // A matrix with 100,000 models and a layer with 100,000 cells for none of them.
    let cells = joined(n, |i| format!("\"x{i}\":{{\"owner\":\"customer\",\"why\":\"w\"}}"));
    let diags =
        load_big_matrix("100,000 unknown matrix cells", n, &format!("{{\"name\": \"l\", \"cells\": {{{cells}}}}}"));
    assert!(diags.iter().all(|d| d.to_string().len() < 1000), "hints are short: {}", diags[0]);

    // 100,000 models and 100,000 layers without cells: 10^10 missing cells, counted.
    let layers = joined(n, |i| format!("{{\"name\":\"l{i}\",\"cells\":{{}}}}"));
    let diags = load_big_matrix("100,000 empty layers of 100,000 models", n, &layers);
    assert_eq!(diags[200].message, "9999999800 more problems not shown; fix the ones above first");
}

/// `n` items made by `item`, comma-separated.
fn joined(n: usize, item: impl Fn(usize) -> String) -> String {
    (0..n).map(item).collect::<Vec<_>>().join(",")
}

/// Loads a matrix of `models` models and the given `layers` (JSON array items) under a
/// time limit; its diagnostics must be located and capped.
fn load_big_matrix(what: &'static str, models: usize, layers: &str) -> Vec<Diagnostic> {
    let names = joined(models, |i| format!("\"m{i}\""));
    let bytes =
        format!("{{\"format\": 1, \"title\": \"m\", \"models\": [{names}], \"layers\": [{layers}]}}").into_bytes();
    assert!(bytes.len() < MAX_FILE_SIZE);
    let copy = bytes.clone();
    let diags = within(what, Duration::from_secs(60), move || load_matrices(&[(FILE.to_string(), copy)]).1);
    assert_located("matrix", &bytes, &diags);
    assert_eq!(diags.len(), 201, "capped");
    diags
}

#[test]
fn the_json_parser_alone_never_fails_without_a_position() {
    for (name, bytes, _) in deep_documents() {
        let e = json::parse(&bytes).expect_err(&name);
        assert!(e.line >= 1 && e.column >= 1 && !e.message.is_empty(), "{name}: {e}");
    }
}

// ----- through the binary --------------------------------------------------------------------

fn handoff(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handoff"))
        .args(args)
        .env("HANDOFF_HOME", home)
        .env_remove("HANDOFF_COURSE")
        .output()
        .expect("run handoff")
}

#[test]
fn the_binary_reports_broken_files_with_locations() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = tempfile::tempdir().expect("temp dir");
    let quiz = read(&root().join("tests/fixtures/engine/small.json"));
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(&quiz);
    let mut nul = quiz.clone();
    nul.insert(100, 0);
    let mut latin1 = quiz.clone();
    latin1.insert(100, 0xe9);
    let wrong_type = String::from_utf8_lossy(&quiz).replacen("\"format\": 1", "\"format\": \"1\"", 1).into_bytes();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.json", quiz[..quiz.len() / 2].to_vec(), ":"),
        ("wrong-type.json", wrong_type, ":2:13: format: expected the number 1, found a string"),
        ("deep.json", "[".repeat(100_000).into_bytes(), ":1:129: "),
        ("latin1.json", latin1, ": $: not valid UTF-8 at byte 100"),
        ("bom.json", bom, ":1:1: $: file starts with a byte order mark"),
        ("nul.json", nul, ": $: this looks like a binary file"),
        ("huge.json", huge_quiz(50 << 20), ":1:1: $: file is too large"),
        ("deep-huge.json", vec![b'['; 50 << 20], ":1:1: $: file is too large"),
    ];
    for (file, bytes, expected) in &cases {
        let path = dir.path().join(file);
        std::fs::write(&path, bytes).expect("write");
        let shown = path.display().to_string();
        let output = handoff(home.path(), &["validate", &shown]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{file}: {stdout}{stderr}");
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        let first = stdout.lines().next().unwrap_or("");
        assert!(first.starts_with(&format!("{shown}:")), "{file}: {stdout}");
        assert!(first.contains(expected), "{file}: {first:?} lacks {expected:?}");
        // file:line:col: with numbers >= 1.
        let location: Vec<&str> = first[shown.len() + 1..].splitn(3, ':').collect();
        let numbers: Vec<usize> = location[..2].iter().filter_map(|n| n.parse().ok()).collect();
        assert!(numbers.len() == 2 && numbers.iter().all(|&n| n >= 1), "{file}: {first:?}");
    }
    // The app loads a course with all of them in its quizzes folder: each is skipped
    // with a note, nothing panics.
    let course = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(course.path().join("lessons")).expect("mkdir");
    std::fs::write(course.path().join("lessons/one.md"), "# One\n\ntext\n").expect("write lesson");
    std::fs::create_dir_all(course.path().join("quizzes")).expect("mkdir");
    for (file, bytes, _) in &cases {
        std::fs::write(course.path().join("quizzes").join(file), bytes).expect("write");
    }
    let course_dir = course.path().display().to_string();
    let output = handoff(home.path(), &["--course", &course_dir, "--plain", "quizzes"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for (file, _, _) in &cases {
        assert!(stderr.contains(&format!("quizzes/{file}: skipped")), "{file}: {stderr}");
    }
}
