//! Validation of the assessment file, in the style of the quiz validator:
//! every problem is reported at its line and column as
//! `file:line:col: json.path: message (hint: ...)`, and only a clean file is
//! turned into the typed model (by serde itself).

use std::collections::{BTreeMap, HashMap};

use crate::quiz::diagnostic::{Diagnostic, JsonPath, ROOT_PATH, one_line, quoted, quoted_list};
use crate::quiz::json::{self, Node, Value, number_lexeme};
use crate::quiz::validate::{Cx, get, nearest};

use super::model::{AssessmentFile, FORMAT_VERSION};

const FIELDS: &[&str] = &["$schema", "format", "title", "topics", "time_limit_minutes", "pass_mark"];
const TOPIC_FIELDS: &[&str] = &["topic", "count", "title", "lesson"];

/// Validates an assessment file. `course_topics` maps each topic tag to the
/// number of questions that have it as their first tag (see
/// [`super::course_topics`]); `lesson_ids` empty means lesson ids are not checked.
/// Returns the assessment only when there are no errors.
pub fn validate_assessment(
    file: &str,
    bytes: &[u8],
    course_topics: &BTreeMap<String, usize>,
    lesson_ids: &[String],
) -> (Option<AssessmentFile>, Vec<Diagnostic>) {
    let mut cx = Cx::new(file);
    let typed = match json::parse(bytes) {
        Ok(root) => {
            root_object(&mut cx, bytes, &root, course_topics, lesson_ids);
            cx.typed::<AssessmentFile>(&root, bytes)
        }
        Err(e) => {
            cx.syntax(e);
            None
        }
    };
    (typed, cx.finish())
}

/// A non-negative whole number as written (serde reads these fields as integers,
/// so `2.0` would not load); `max` is the type's limit.
fn whole(cx: &mut Cx, bytes: &[u8], node: &Node<'_>, path: &JsonPath<'_>, max: f64) -> Option<u64> {
    let Value::Number(n) = node.value else {
        cx.error(node.pos, path, format!("expected a whole number, found {}", node.kind()));
        return None;
    };
    let lexeme = number_lexeme(bytes, node).unwrap_or("");
    if lexeme.contains(['.', 'e', 'E', '-']) || n > max {
        cx.error(node.pos, path, format!("expected a whole number, found {}", quoted(lexeme)));
        return None;
    }
    // Checked above: a non-negative integer no larger than the type allows.
    Some(n as u64)
}

/// An optional non-blank string (`null` means absent, as for serde's `Option`).
fn optional_text<'n>(cx: &mut Cx, node: &'n Node<'n>, path: &JsonPath<'_>, what: &str) -> Option<&'n str> {
    match node.value {
        Value::Null => None,
        _ => cx.expect_text(node, path, what),
    }
}

fn root_object(
    cx: &mut Cx,
    bytes: &[u8],
    root: &Node<'_>,
    course_topics: &BTreeMap<String, usize>,
    lesson_ids: &[String],
) {
    let Some(members) = cx.expect_object(root, &ROOT_PATH, "an assessment") else {
        return;
    };
    cx.check_keys(members, &ROOT_PATH, FIELDS, &[], "an assessment");
    if let Some(node) = get(members, "$schema")
        && !matches!(node.value, Value::Null)
    {
        cx.expect_str(node, &ROOT_PATH.key("$schema"));
    }
    if let Some(node) = cx.require(members, root, &ROOT_PATH, "format", Some("add \"format\": 1")) {
        let path = ROOT_PATH.key("format");
        if let Some(n) = whole(cx, bytes, node, &path, f64::from(u32::MAX))
            && n != u64::from(FORMAT_VERSION)
        {
            let message = format!("unsupported format version {n}; this handoff reads format {FORMAT_VERSION}");
            cx.error(node.pos, &path, message);
        }
    }
    if let Some(node) = cx.require(members, root, &ROOT_PATH, "title", None) {
        cx.expect_text(node, &ROOT_PATH.key("title"), "title");
    }
    if let Some(node) = get(members, "time_limit_minutes") {
        let path = ROOT_PATH.key("time_limit_minutes");
        if !matches!(node.value, Value::Null) && whole(cx, bytes, node, &path, f64::from(u32::MAX)) == Some(0) {
            let hint = Some("leave the field out for no time limit".to_string());
            cx.error_hint(node.pos, &path, "time_limit_minutes is 0", hint);
        }
    }
    if let Some(node) = cx.require(
        members,
        root,
        &ROOT_PATH,
        "pass_mark",
        Some("add \"pass_mark\": the percentage needed to pass, e.g. 70"),
    ) {
        let path = ROOT_PATH.key("pass_mark");
        match node.value {
            Value::Number(n) if (0.0..=100.0).contains(&n) => {}
            Value::Number(_) => {
                let lexeme = number_lexeme(bytes, node).unwrap_or("");
                let message = format!("pass_mark {} is outside 0..=100 (it is a percentage)", one_line(lexeme));
                cx.error(node.pos, &path, message);
            }
            _ => cx.error(node.pos, &path, format!("expected a number (a percentage), found {}", node.kind())),
        }
    }
    let Some(node) = cx.require(
        members,
        root,
        &ROOT_PATH,
        "topics",
        Some("add \"topics\": [{ \"topic\": \"a topic tag\", \"count\": 3 }]"),
    ) else {
        return;
    };
    let path = ROOT_PATH.key("topics");
    let Value::Array(items) = &node.value else {
        cx.error(node.pos, &path, format!("expected an array, found {}", node.kind()));
        return;
    };
    if items.is_empty() {
        cx.error(node.pos, &path, "topics is empty; draw from at least one topic");
    }
    let known: Vec<&str> = course_topics.keys().map(String::as_str).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        topic_draw(cx, bytes, item, &path.index(i), course_topics, &known, &mut seen, lesson_ids);
    }
}

#[allow(clippy::too_many_arguments)] // one call site; a struct would only move the list
fn topic_draw<'n>(
    cx: &mut Cx,
    bytes: &[u8],
    node: &'n Node<'n>,
    path: &JsonPath<'_>,
    course_topics: &BTreeMap<String, usize>,
    known: &[&str],
    seen: &mut HashMap<&'n str, usize>,
    lesson_ids: &[String],
) {
    let Some(members) = cx.expect_object(node, path, "a topic to draw from") else {
        return;
    };
    cx.check_keys(members, path, TOPIC_FIELDS, &[], "a topic");
    let mut topic: Option<&str> = None;
    if let Some(t) = cx.require(members, node, path, "topic", None) {
        let at = path.key("topic");
        if let Some(name) = cx.expect_text(t, &at, "topic") {
            if let Some(line) = seen.get(name) {
                cx.error(t.pos, &at, format!("duplicate topic {} (first on line {line})", quoted(name)));
            } else {
                seen.insert(name, t.pos.line);
                if course_topics.contains_key(name) {
                    topic = Some(name);
                } else {
                    let hint = match (nearest(name, known), known.is_empty()) {
                        (Some(near), _) => format!("did you mean {}?", quoted(near)),
                        (None, true) => "the course has no quiz questions".to_string(),
                        (None, false) => format!("topics: {}", quoted_list(known)),
                    };
                    let message = format!("unknown topic {}: no quiz question has it as its first topic", quoted(name));
                    cx.error_hint(t.pos, &at, message, Some(hint));
                }
            }
        }
    }
    if let Some(c) = cx.require(members, node, path, "count", Some("add \"count\": how many questions to draw")) {
        let at = path.key("count");
        // Capped at u32::MAX: no course has more questions, and the cap keeps the f64 check exact.
        match whole(cx, bytes, c, &at, u32::MAX.into()) {
            Some(0) => cx.error(c.pos, &at, "count is 0; draw at least one question (or leave the topic out)"),
            Some(n) => {
                if let Some((name, &available)) = topic.and_then(|t| course_topics.get_key_value(t))
                    && n > available as u64
                {
                    let message = format!("asks for {n} {} questions but the course has {available}", quoted(name));
                    cx.error(c.pos, &at, message);
                }
            }
            None => {}
        }
    }
    if let Some(t) = get(members, "title") {
        optional_text(cx, t, &path.key("title"), "title");
    }
    if let Some(l) = get(members, "lesson") {
        let at = path.key("lesson");
        if let Some(lesson) = optional_text(cx, l, &at, "lesson")
            && !lesson_ids.is_empty()
            && !lesson_ids.iter().any(|id| id == lesson)
        {
            let ids: Vec<&str> = lesson_ids.iter().map(String::as_str).collect();
            let hint = match nearest(lesson, &ids) {
                Some(near) => format!("did you mean {}?", quoted(near)),
                None => format!("lessons: {}", quoted_list(&ids)),
            };
            cx.error_hint(l.pos, &at, format!("unknown lesson {}", quoted(lesson)), Some(hint));
        }
    }
}
