//! Validation of quiz and matrix files for instructors.
//!
//! The validator walks the positioned tree from [`super::json`] and reports
//! every problem it finds, each at the line and column of the offending key or
//! value. Only a file without errors is turned into the typed model, and that
//! conversion is done by serde itself (from the same tree, see [`super::tree_de`]), so
//! the validator can never accept a file the engine would then fail to load.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::diagnostic::{Diagnostic, JsonPath, ROOT, ROOT_PATH, Severity, one_line, quoted, quoted_list};
use super::json::{self, Key, Node, Pos, Value, number_lexeme};
use super::model::{FORMAT_VERSION, MatrixFile, Owner, QUESTION_TYPES, QuizFile};
use super::tree_de;

/// More problems than this in one file are counted, not listed: a hostile
/// file could otherwise produce millions of messages.
pub const MAX_DIAGNOSTICS: usize = 200;

const QUIZ_FIELDS: &[&str] = &["$schema", "format", "title", "lesson", "description", "questions"];
/// The fields a question of each type may have: those every question has (`id` ...
/// `lesson`) and its own (all of them while the type is unknown). Constant, so checking a
/// question allocates no list.
const CHOICE_QUESTION_FIELDS: &[&str] = &["id", "type", "prompt", "topics", "explanation", "lesson", "options"];
const TRUE_FALSE_QUESTION_FIELDS: &[&str] = &["id", "type", "prompt", "topics", "explanation", "lesson", "answer"];
const MATCHING_QUESTION_FIELDS: &[&str] =
    &["id", "type", "prompt", "topics", "explanation", "lesson", "categories", "items"];
const ANY_QUESTION_FIELDS: &[&str] =
    &["id", "type", "prompt", "topics", "explanation", "lesson", "options", "answer", "categories", "items"];
const MATRIX_FIELDS: &[&str] = &["$schema", "format", "title", "source", "models", "layers"];

/// Validates one quiz file. Returns the quiz only when there are no errors
/// (warnings do not block it). `lesson_ids` empty: lesson ids are not checked.
pub fn validate_quiz(
    file: &str,
    bytes: &[u8],
    lesson_ids: &[String],
    strict: bool,
) -> (Option<QuizFile>, Vec<Diagnostic>) {
    let mut cx = Cx::new(file);
    let typed = match json::parse(bytes) {
        Ok(root) => {
            let mut quiz = QuizCx { cx: &mut cx, bytes, lesson_ids, strict, ids: HashMap::new() };
            quiz.quiz(&root);
            cx.typed::<QuizFile>(&root, bytes)
        }
        Err(e) => {
            cx.syntax(e);
            None
        }
    };
    (typed, cx.finish())
}

/// Validates one responsibility matrix file. Returns it only when there are no errors.
pub fn validate_matrix(file: &str, bytes: &[u8]) -> (Option<MatrixFile>, Vec<Diagnostic>) {
    let mut cx = Cx::new(file);
    let typed = match json::parse(bytes) {
        Ok(root) => {
            matrix(&mut cx, bytes, &root);
            cx.typed::<MatrixFile>(&root, bytes)
        }
        Err(e) => {
            cx.syntax(e);
            None
        }
    };
    (typed, cx.finish())
}

/// Collects diagnostics for one file; the assessment validator uses it too.
pub(crate) struct Cx<'f> {
    file: &'f str,
    diags: Vec<Diagnostic>,
    errors: usize,
    dropped: usize,
}

impl<'f> Cx<'f> {
    pub(crate) fn new(file: &'f str) -> Self {
        Cx { file, diags: Vec::new(), errors: 0, dropped: 0 }
    }

    fn emit(&mut self, severity: Severity, pos: Pos, path: &JsonPath<'_>, message: String, hint: Option<String>) {
        if severity == Severity::Error {
            self.errors += 1;
        }
        if self.diags.len() >= MAX_DIAGNOSTICS {
            self.dropped += 1;
            return;
        }
        self.diags.push(Diagnostic {
            severity,
            file: self.file.to_string(),
            line: pos.line,
            column: pos.column,
            json_path: path.spelled(),
            message,
            hint,
        });
    }

    pub(crate) fn error(&mut self, pos: Pos, path: &JsonPath<'_>, message: impl Into<String>) {
        self.emit(Severity::Error, pos, path, message.into(), None);
    }

    pub(crate) fn error_hint(
        &mut self,
        pos: Pos,
        path: &JsonPath<'_>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.emit(Severity::Error, pos, path, message.into(), hint);
    }

    /// Whether another diagnostic would still be listed (not just counted).
    fn listing(&self) -> bool {
        self.diags.len() < MAX_DIAGNOSTICS
    }

    /// An error whose hint is only worked out if the error will be listed: a hint can
    /// cost time in proportion to the file (the nearest of 100,000 categories), and a
    /// hostile file can have as many errors, which would make validation quadratic.
    fn error_lazy_hint(
        &mut self,
        pos: Pos,
        path: &JsonPath<'_>,
        message: String,
        hint: impl FnOnce() -> Option<String>,
    ) {
        let hint = if self.listing() { hint() } else { None };
        self.emit(Severity::Error, pos, path, message, hint);
    }

    /// Counts `n` errors that are past the listing limit without building them.
    fn count_unlisted(&mut self, n: usize) {
        self.errors += n;
        self.dropped += n;
    }

    pub(crate) fn syntax(&mut self, e: json::SyntaxError) {
        let pos = Pos { line: e.line, column: e.column };
        self.error(pos, &JsonPath::Spelled(&e.path), e.message);
    }

    /// Converts `root` (parsed from `bytes`) with serde, the engine's own view of the
    /// types, when the file is clean.
    pub(crate) fn typed<T: serde::de::DeserializeOwned>(&mut self, root: &Node<'_>, bytes: &[u8]) -> Option<T> {
        if self.errors > 0 {
            return None;
        }
        match tree_de::from_tree(root, bytes) {
            Ok(value) => Some(value),
            Err(e) => {
                // Only reachable through a validator bug; say so rather than crash.
                let pos = e.pos.unwrap_or(Pos { line: 1, column: 1 });
                let message = format!("this file passed validation but does not load: {}", one_line(&e.message));
                self.error_hint(pos, &ROOT_PATH, message, Some("please report this as a handoff bug".to_string()));
                None
            }
        }
    }

    /// Diagnostics in file order.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        // Stable sort: problems at the same spot keep the order they were found in.
        self.diags.sort_by_key(|d| (d.line, d.column));
        if self.dropped > 0 {
            let n = self.dropped;
            self.diags.push(Diagnostic::error(
                self.file,
                1,
                1,
                ROOT,
                format!("{n} more problem{} not shown; fix the ones above first", if n == 1 { "" } else { "s" }),
            ));
        }
        self.diags
    }

    // ---- generic checks -------------------------------------------------

    pub(crate) fn expect_object<'n>(
        &mut self,
        node: &'n Node<'n>,
        path: &JsonPath<'_>,
        what: &str,
    ) -> Option<&'n [(Key<'n>, Node<'n>)]> {
        match &node.value {
            Value::Object(members) => Some(members),
            _ => {
                self.error(node.pos, path, format!("expected an object ({what}), found {}", node.kind()));
                None
            }
        }
    }

    fn expect_array<'n>(&mut self, node: &'n Node<'n>, path: &JsonPath<'_>) -> Option<&'n [Node<'n>]> {
        match &node.value {
            Value::Array(items) => Some(items),
            _ => {
                self.error(node.pos, path, format!("expected an array, found {}", node.kind()));
                None
            }
        }
    }

    pub(crate) fn expect_str<'n>(&mut self, node: &'n Node<'n>, path: &JsonPath<'_>) -> Option<&'n str> {
        match &node.value {
            Value::String(s) => Some(s),
            _ => {
                self.error(node.pos, path, format!("expected a string, found {}", node.kind()));
                None
            }
        }
    }

    /// A string that must not be empty or blank; `what` names it in the message.
    pub(crate) fn expect_text<'n>(&mut self, node: &'n Node<'n>, path: &JsonPath<'_>, what: &str) -> Option<&'n str> {
        let text = self.expect_str(node, path)?;
        if text.trim().is_empty() {
            self.error(node.pos, path, format!("{what} is empty"));
            return None;
        }
        Some(text)
    }

    fn expect_bool(&mut self, node: &Node<'_>, path: &JsonPath<'_>) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.error(node.pos, path, format!("expected true or false, found {}", node.kind()));
                None
            }
        }
    }

    /// An optional string field (`null` means absent, as for serde's `Option`).
    fn optional_str<'n>(&mut self, node: &'n Node<'n>, path: &JsonPath<'_>) -> Option<&'n str> {
        match node.value {
            Value::Null => None,
            _ => self.expect_str(node, path),
        }
    }

    /// Reports duplicate keys (at the second one) and unknown keys (with the
    /// nearest known name). `foreign` lists keys that belong to another
    /// question type, with the types that use them.
    pub(crate) fn check_keys(
        &mut self,
        members: &[(Key<'_>, Node<'_>)],
        path: &JsonPath<'_>,
        allowed: &[&str],
        foreign: &[(&str, &str)],
        owner: &str,
    ) {
        self.check_duplicates(members, path, "key");
        let mut seen = HashSet::new();
        for (key, _) in members {
            let name = key.name.as_ref();
            if allowed.contains(&name) || !seen.insert(name) {
                continue;
            }
            let at = path.key(name);
            if let Some((_, used_by)) = foreign.iter().find(|(f, _)| *f == name) {
                self.error(
                    key.pos,
                    &at,
                    format!("{} does not belong in {owner}; it is used by {used_by}", quoted(name)),
                );
            } else {
                let hint = match nearest(name, allowed) {
                    Some(near) => format!("did you mean {}?", quoted(near)),
                    None => format!("allowed fields: {}", quoted_list(allowed)),
                };
                self.error_hint(key.pos, &at, format!("unknown field {} in {owner}", quoted(name)), Some(hint));
            }
        }
    }

    fn check_duplicates(&mut self, members: &[(Key<'_>, Node<'_>)], path: &JsonPath<'_>, what: &str) {
        // Most objects have a handful of keys: comparing them pairwise beats building a
        // map for every question and option of a big bank.
        if members.len() <= 16 {
            for (i, (key, _)) in members.iter().enumerate() {
                if let Some((first, _)) = members[..i].iter().find(|(k, _)| k.name == key.name) {
                    let line = first.pos.line;
                    let message = format!("duplicate {what} {} (first on line {line})", quoted(&key.name));
                    self.error(key.pos, &path.key(&key.name), message);
                }
            }
            return;
        }
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (key, _) in members {
            if let Some(line) = first.get(key.name.as_ref()) {
                let message = format!("duplicate {what} {} (first on line {line})", quoted(&key.name));
                self.error(key.pos, &path.key(&key.name), message);
            } else {
                first.insert(&key.name, key.pos.line);
            }
        }
    }

    /// A required member; a missing one is reported at the enclosing object.
    pub(crate) fn require<'n>(
        &mut self,
        members: &'n [(Key<'n>, Node<'n>)],
        object: &Node<'_>,
        path: &JsonPath<'_>,
        name: &str,
        hint: Option<&str>,
    ) -> Option<&'n Node<'n>> {
        let found = get(members, name);
        if found.is_none() {
            self.error_hint(
                object.pos,
                path,
                format!("missing required field {}", quoted(name)),
                hint.map(str::to_string),
            );
        }
        found
    }

    fn check_format(&mut self, members: &[(Key<'_>, Node<'_>)], object: &Node<'_>, bytes: &[u8]) {
        let Some(node) = self.require(members, object, &ROOT_PATH, "format", Some("add \"format\": 1")) else {
            return;
        };
        let path = ROOT_PATH.key("format");
        let Value::Number(n) = node.value else {
            self.error(node.pos, &path, format!("expected the number {FORMAT_VERSION}, found {}", node.kind()));
            return;
        };
        let lexeme = number_lexeme(bytes, node).unwrap_or("");
        // serde reads `format` as an integer, so `1.0` would not load.
        if lexeme.contains(['.', 'e', 'E']) {
            self.error(node.pos, &path, format!("format must be a whole number, found {}", quoted(lexeme)));
        } else if n != f64::from(FORMAT_VERSION) {
            self.error(
                node.pos,
                &path,
                format!("unsupported format version {}; this handoff reads format {FORMAT_VERSION}", one_line(lexeme)),
            );
        }
    }

    /// Checks that strings in an array are non-empty and distinct; returns the valid ones.
    fn distinct_texts<'n>(&mut self, items: &'n [Node<'n>], path: &JsonPath<'_>, what: &str) -> Vec<&'n str> {
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut out = Vec::new();
        for (i, node) in items.iter().enumerate() {
            let at = path.index(i);
            let Some(text) = self.expect_text(node, &at, what) else {
                continue;
            };
            if let Some(line) = first.get(text) {
                self.error(node.pos, &at, format!("duplicate {what} {} (first on line {line})", quoted(text)));
            } else {
                first.insert(text, node.pos.line);
                out.push(text);
            }
        }
        out
    }
}

/// The first member with this name (later duplicates are reported as errors).
pub(crate) fn get<'n>(members: &'n [(Key<'n>, Node<'n>)], name: &str) -> Option<&'n Node<'n>> {
    members.iter().find(|(k, _)| k.name == name).map(|(_, n)| n)
}

/// A hint: the nearest candidate, then the full list if `label` is given.
fn suggest(name: &str, candidates: &[&str], label: Option<&str>) -> Option<String> {
    let near = nearest(name, candidates).map(|n| format!("did you mean {}?", quoted(n)));
    let list = label.map(|l| format!("{l} {}", quoted_list(candidates)));
    match (near, list) {
        (Some(n), Some(l)) => Some(format!("{n} {l}")),
        (n, l) => n.or(l),
    }
}

/// Longest candidate list [`nearest`] searches: a guess among more names helps nobody,
/// and a file can list 100,000 of them.
const NEAREST_LIMIT: usize = 1000;

/// The candidate closest to `name` (case-insensitive edit distance with
/// transpositions), if it is close enough to be a likely typo. `None` for lists
/// longer than [`NEAREST_LIMIT`].
pub fn nearest<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if candidates.len() > NEAREST_LIMIT {
        return None;
    }
    let name: Vec<char> = name.to_lowercase().chars().collect();
    let mut best: Option<(usize, &'c str)> = None;
    for &candidate in candidates {
        let cand: Vec<char> = candidate.to_lowercase().chars().collect();
        let limit = (cand.len() / 3).max(1);
        // Cheap length filter first, so a megabyte-long key costs nothing.
        if name.len().abs_diff(cand.len()) > limit {
            continue;
        }
        let d = distance(&name, &cand);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
fn distance(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (i, row) in d.chunks_mut(w).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

fn valid_id(id: &str) -> bool {
    id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

// ---- quizzes ---------------------------------------------------------------

struct QuizCx<'a, 'f> {
    cx: &'a mut Cx<'f>,
    bytes: &'a [u8],
    lesson_ids: &'a [String],
    strict: bool,
    /// Question id -> line of its first use.
    ids: HashMap<String, usize>,
}

impl QuizCx<'_, '_> {
    fn quiz(&mut self, root: &Node<'_>) {
        let Some(members) = self.cx.expect_object(root, &ROOT_PATH, "a quiz") else {
            return;
        };
        self.cx.check_keys(members, &ROOT_PATH, QUIZ_FIELDS, &[], "a quiz");
        if let Some(node) = get(members, "$schema") {
            self.cx.optional_str(node, &ROOT_PATH.key("$schema"));
        }
        self.cx.check_format(members, root, self.bytes);
        if let Some(node) = self.cx.require(members, root, &ROOT_PATH, "title", None) {
            self.cx.expect_text(node, &ROOT_PATH.key("title"), "title");
        }
        if let Some(node) = get(members, "lesson") {
            self.lesson(node, &ROOT_PATH.key("lesson"));
        }
        if let Some(node) = get(members, "description") {
            self.cx.optional_str(node, &ROOT_PATH.key("description"));
        }
        let hint = Some("add \"questions\": [ ... ] with at least one question");
        let Some(node) = self.cx.require(members, root, &ROOT_PATH, "questions", hint) else {
            return;
        };
        let path = ROOT_PATH.key("questions");
        let Some(questions) = self.cx.expect_array(node, &path) else {
            return;
        };
        if questions.is_empty() {
            self.cx.error(node.pos, &path, "questions is empty; a quiz needs at least one question");
        }
        for (i, q) in questions.iter().enumerate() {
            self.question(q, &path.index(i));
        }
    }

    fn lesson(&mut self, node: &Node<'_>, path: &JsonPath<'_>) {
        let Some(lesson) = self.cx.optional_str(node, path) else {
            return;
        };
        if lesson.trim().is_empty() {
            self.cx.error(node.pos, path, "lesson is empty");
        } else if !self.lesson_ids.is_empty() && !self.lesson_ids.iter().any(|l| l == lesson) {
            let ids: Vec<&str> = self.lesson_ids.iter().map(String::as_str).collect();
            let hint = match nearest(lesson, &ids) {
                Some(near) => format!("did you mean {}?", quoted(near)),
                None => format!("lessons: {}", quoted_list(&ids)),
            };
            self.cx.error_hint(node.pos, path, format!("unknown lesson {}", quoted(lesson)), Some(hint));
        }
    }

    fn question(&mut self, node: &Node<'_>, path: &JsonPath<'_>) {
        let Some(members) = self.cx.expect_object(node, path, "a question") else {
            return;
        };
        let kind = match get(members, "type").map(|n| &n.value) {
            Some(Value::String(t)) => QUESTION_TYPES.iter().copied().find(|k| k == t),
            _ => None,
        };
        // Fields of the other types are named as such; with no valid type, all are let through.
        let allowed = match kind {
            Some("single" | "multiple") => CHOICE_QUESTION_FIELDS,
            Some("true_false") => TRUE_FALSE_QUESTION_FIELDS,
            Some("matching") => MATCHING_QUESTION_FIELDS,
            _ => ANY_QUESTION_FIELDS,
        };
        let foreign = [
            ("options", "single and multiple questions"),
            ("answer", "true_false questions"),
            ("categories", "matching questions"),
            ("items", "matching questions"),
        ];
        let owner = match kind {
            Some("single") => "a single question",
            Some("multiple") => "a multiple question",
            Some("true_false") => "a true_false question",
            Some("matching") => "a matching question",
            _ => "a question",
        };
        self.cx.check_keys(members, path, allowed, &foreign, owner);

        if let Some(id_node) = self.cx.require(members, node, path, "id", None) {
            self.id(id_node, &path.key("id"));
        }
        static TYPES_HINT: LazyLock<String> =
            LazyLock::new(|| format!("type is one of {}", quoted_list(&QUESTION_TYPES)));
        if let Some(type_node) = self.cx.require(members, node, path, "type", Some(&TYPES_HINT)) {
            let at = path.key("type");
            if let Some(t) = self.cx.expect_str(type_node, &at)
                && kind.is_none()
            {
                let hint = suggest(t, &QUESTION_TYPES, Some("type is one of"));
                self.cx.error_hint(type_node.pos, &at, format!("unknown question type {}", quoted(t)), hint);
            }
        }
        if let Some(prompt) = self.cx.require(members, node, path, "prompt", None) {
            self.cx.expect_text(prompt, &path.key("prompt"), "prompt");
        }
        let hint = Some("add \"topics\": [\"shared-responsibility\"] or another topic tag");
        if let Some(topics) = self.cx.require(members, node, path, "topics", hint) {
            let at = path.key("topics");
            if let Some(items) = self.cx.expect_array(topics, &at) {
                if items.is_empty() {
                    self.cx.error(topics.pos, &at, "topics is empty; give at least one topic tag");
                }
                for (i, topic) in items.iter().enumerate() {
                    self.cx.expect_text(topic, &at.index(i), "topic");
                }
            }
        }
        self.explanation(members, node, path);
        if let Some(lesson) = get(members, "lesson") {
            self.lesson(lesson, &path.key("lesson"));
        }
        match kind {
            Some(k @ ("single" | "multiple")) => self.choices(members, node, path, k == "single"),
            Some("true_false") => {
                if let Some(answer) =
                    self.cx.require(members, node, path, "answer", Some("add \"answer\": true or false"))
                {
                    self.cx.expect_bool(answer, &path.key("answer"));
                }
            }
            Some("matching") => self.matching(members, node, path),
            _ => {}
        }
    }

    fn id(&mut self, node: &Node<'_>, path: &JsonPath<'_>) {
        let Some(id) = self.cx.expect_str(node, path) else {
            return;
        };
        if id.is_empty() {
            self.cx.error(node.pos, path, "question id is empty");
            return;
        }
        if !valid_id(id) {
            self.cx.error(
                node.pos,
                path,
                format!("question id {} may only contain letters, digits, '-' and '_'", quoted(id)),
            );
        }
        if let Some(line) = self.ids.get(id) {
            self.cx.error(node.pos, path, format!("duplicate question id {} (first used on line {line})", quoted(id)));
        } else {
            self.ids.insert(id.to_string(), node.pos.line);
        }
    }

    fn explanation(&mut self, members: &[(Key<'_>, Node<'_>)], node: &Node<'_>, path: &JsonPath<'_>) {
        // Missing explanations only weaken feedback, so they are warnings unless strict.
        let severity = if self.strict { Severity::Error } else { Severity::Warning };
        match get(members, "explanation") {
            None => {
                let hint = "it is shown after the answer; add \"explanation\": \"why the right answer is right\"";
                self.cx.emit(severity, node.pos, path, "missing explanation".to_string(), Some(hint.to_string()));
            }
            Some(e) => {
                let at = path.key("explanation");
                if let Some(text) = self.cx.expect_str(e, &at)
                    && text.trim().is_empty()
                {
                    self.cx.emit(severity, e.pos, &at, "explanation is empty".to_string(), None);
                }
            }
        }
    }

    fn choices(&mut self, members: &[(Key<'_>, Node<'_>)], node: &Node<'_>, path: &JsonPath<'_>, single: bool) {
        let label = if single { "single-choice" } else { "multiple-choice" };
        let Some(options_node) = self.cx.require(members, node, path, "options", None) else {
            return;
        };
        let at = path.key("options");
        let Some(options) = self.cx.expect_array(options_node, &at) else {
            return;
        };
        if options.len() < 2 {
            self.cx.error(
                options_node.pos,
                &at,
                format!("a {label} question needs at least 2 options, found {}", options.len()),
            );
        }
        let mut correct = Vec::new();
        let mut unsure = false; // some `correct` flag could not be read
        for (i, option) in options.iter().enumerate() {
            match self.option(option, &at.index(i), single) {
                Some(true) => correct.push(format!("options[{i}]")),
                Some(false) => {}
                None => unsure = true,
            }
        }
        if options.is_empty() || unsure {
            return;
        }
        let mark = Some("mark the right option with \"correct\": true".to_string());
        match (single, correct.len()) {
            (true, 0) => self.cx.error_hint(
                options_node.pos,
                &at,
                "no option is marked correct; a single-choice question needs exactly one",
                mark,
            ),
            (true, n) if n > 1 => {
                // Named up to a point: a hostile question can have 100,000 options.
                let mut names = correct.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
                if n > 10 {
                    names.push_str(", …");
                }
                self.cx.error(
                    options_node.pos,
                    &at,
                    format!("{n} options are marked correct ({names}); a single-choice question needs exactly one"),
                )
            }
            (false, 0) => self.cx.error_hint(
                options_node.pos,
                &at,
                "no option is marked correct; a multiple-choice question needs at least one",
                mark,
            ),
            _ => {}
        }
    }

    /// Checks one option; returns whether it is marked correct (None: unknown).
    fn option(&mut self, node: &Node<'_>, path: &JsonPath<'_>, single: bool) -> Option<bool> {
        let members = self.cx.expect_object(node, path, "an option")?;
        let (allowed, foreign, owner): (&[&str], &[(&str, &str)], &str) = if single {
            (&["text", "correct", "why"], &[("weight", "multiple-choice options")], "a single-choice option")
        } else {
            (&["text", "correct", "why", "weight"], &[], "an option")
        };
        self.cx.check_keys(members, path, allowed, foreign, owner);
        if let Some(text) = self.cx.require(members, node, path, "text", None) {
            self.cx.expect_text(text, &path.key("text"), "option text");
        }
        if let Some(why) = get(members, "why") {
            self.cx.optional_str(why, &path.key("why"));
        }
        if !single && let Some(weight) = get(members, "weight") {
            let at = path.key("weight");
            match weight.value {
                Value::Null => {}
                Value::Number(w) if (-1.0..=1.0).contains(&w) => {}
                Value::Number(w) => self.cx.error(weight.pos, &at, format!("weight {w} is outside [-1, 1]")),
                _ => self.cx.error(weight.pos, &at, format!("expected a number, found {}", weight.kind())),
            }
        }
        match get(members, "correct") {
            None => Some(false),
            Some(c) => self.cx.expect_bool(c, &path.key("correct")),
        }
    }

    fn matching(&mut self, members: &[(Key<'_>, Node<'_>)], node: &Node<'_>, path: &JsonPath<'_>) {
        let mut categories: Option<Vec<&str>> = None;
        if let Some(cats_node) = self.cx.require(members, node, path, "categories", None) {
            let at = path.key("categories");
            if let Some(items) = self.cx.expect_array(cats_node, &at) {
                if items.len() < 2 {
                    self.cx.error(
                        cats_node.pos,
                        &at,
                        format!("a matching question needs at least 2 categories, found {}", items.len()),
                    );
                }
                let valid = self.cx.distinct_texts(items, &at, "category");
                categories = Some(valid);
            }
        }
        let Some(items_node) = self.cx.require(members, node, path, "items", None) else {
            return;
        };
        let at = path.key("items");
        let Some(items) = self.cx.expect_array(items_node, &at) else {
            return;
        };
        if items.is_empty() {
            self.cx.error(items_node.pos, &at, "a matching question needs at least 1 item");
        }
        let known: HashSet<&str> = categories.iter().flatten().copied().collect();
        // Built once per question, and only when a hint needs it (it may be repeated for
        // every item).
        let list_cell = std::cell::OnceCell::new();
        let list = || {
            categories.as_ref().map(|c| list_cell.get_or_init(|| format!("categories: {}", quoted_list(c))).as_str())
        };
        for (i, item) in items.iter().enumerate() {
            let item_path = at.index(i);
            let Some(fields) = self.cx.expect_object(item, &item_path, "an item") else {
                continue;
            };
            self.cx.check_keys(fields, &item_path, &["text", "answer", "why"], &[], "an item");
            if let Some(text) = self.cx.require(fields, item, &item_path, "text", None) {
                self.cx.expect_text(text, &item_path.key("text"), "item text");
            }
            if let Some(why) = get(fields, "why") {
                self.cx.optional_str(why, &item_path.key("why"));
            }
            let hint = if get(fields, "answer").is_none() { list() } else { None };
            let Some(answer_node) = self.cx.require(fields, item, &item_path, "answer", hint) else {
                continue;
            };
            let answer_path = item_path.key("answer");
            let Some(answer) = self.cx.expect_str(answer_node, &answer_path) else {
                continue;
            };
            if let Some(cats) = &categories
                && !known.contains(answer)
            {
                let message = format!("answer {} is not one of the categories", quoted(answer));
                self.cx.error_lazy_hint(answer_node.pos, &answer_path, message, || {
                    let list = list().unwrap_or_default();
                    Some(match nearest(answer, cats) {
                        Some(near) => format!("did you mean {}? {list}", quoted(near)),
                        None => list.to_string(),
                    })
                });
            }
        }
    }
}

// ---- matrices --------------------------------------------------------------

fn matrix(cx: &mut Cx, bytes: &[u8], root: &Node<'_>) {
    let Some(members) = cx.expect_object(root, &ROOT_PATH, "a matrix") else {
        return;
    };
    cx.check_keys(members, &ROOT_PATH, MATRIX_FIELDS, &[], "a matrix");
    if let Some(node) = get(members, "$schema") {
        cx.optional_str(node, &ROOT_PATH.key("$schema"));
    }
    cx.check_format(members, root, bytes);
    if let Some(node) = cx.require(members, root, &ROOT_PATH, "title", None) {
        cx.expect_text(node, &ROOT_PATH.key("title"), "title");
    }
    if let Some(node) = get(members, "source") {
        cx.optional_str(node, &ROOT_PATH.key("source"));
    }
    let mut models: Option<Vec<&str>> = None;
    if let Some(node) =
        cx.require(members, root, &ROOT_PATH, "models", Some("list the service models, e.g. [\"IaaS\", \"PaaS\"]"))
    {
        let at = ROOT_PATH.key("models");
        if let Some(items) = cx.expect_array(node, &at) {
            if items.is_empty() {
                cx.error(node.pos, &at, "models is empty; list the service models (the columns)");
            }
            models = Some(cx.distinct_texts(items, &at, "model"));
        }
    }
    let Some(node) = cx.require(members, root, &ROOT_PATH, "layers", None) else {
        return;
    };
    let at = ROOT_PATH.key("layers");
    let Some(layers) = cx.expect_array(node, &at) else {
        return;
    };
    if layers.is_empty() {
        cx.error(node.pos, &at, "layers is empty; list the layers of the stack (the rows)");
    }
    // Looked up once per cell of every layer, so a set (a file can list 100,000 models).
    let model_set: Option<HashSet<&str>> = models.as_ref().map(|m| m.iter().copied().collect());
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (i, layer) in layers.iter().enumerate() {
        let path = at.index(i);
        let Some(fields) = cx.expect_object(layer, &path, "a layer") else {
            continue;
        };
        cx.check_keys(fields, &path, &["name", "cells"], &[], "a layer");
        if let Some(name_node) = cx.require(fields, layer, &path, "name", None) {
            let name_path = path.key("name");
            if let Some(name) = cx.expect_text(name_node, &name_path, "layer name") {
                if let Some(line) = names.get(name) {
                    cx.error(
                        name_node.pos,
                        &name_path,
                        format!("duplicate layer {} (first on line {line})", quoted(name)),
                    );
                } else {
                    names.insert(name, name_node.pos.line);
                }
            }
        }
        if let Some(cells) = cx.require(fields, layer, &path, "cells", Some("add \"cells\": { one cell per model }")) {
            let models = models.as_deref().zip(model_set.as_ref());
            layer_cells(cx, cells, &path.key("cells"), models);
        }
    }
}

/// The cells of one layer; `models` is the matrix's list of models and the same as a set.
fn layer_cells(cx: &mut Cx, node: &Node<'_>, path: &JsonPath<'_>, models: Option<(&[&str], &HashSet<&str>)>) {
    let Some(cells) = cx.expect_object(node, path, "one cell per model") else {
        return;
    };
    cx.check_duplicates(cells, path, "cell");
    for (key, cell_node) in cells {
        let cell_path = path.key(&key.name);
        if let Some((list, set)) = models
            && !set.contains(key.name.as_ref())
        {
            let message = format!("{} is not one of the models", quoted(&key.name));
            cx.error_lazy_hint(key.pos, &cell_path, message, || suggest(&key.name, list, Some("models:")));
        }
        cell(cx, cell_node, &cell_path);
    }
    let Some((list, set)) = models else {
        return;
    };
    let present: HashSet<&str> = cells.iter().map(|(k, _)| k.name.as_ref()).filter(|k| set.contains(k)).collect();
    let mut missing = list.len().saturating_sub(present.len());
    // Walking every model for every layer is models x layers; once nothing more is
    // listed, the missing cells are only counted.
    for model in list {
        if missing == 0 || !cx.listing() {
            break;
        }
        if !present.contains(model) {
            cx.error(node.pos, path, format!("missing cell for model {}", quoted(model)));
            missing -= 1;
        }
    }
    cx.count_unlisted(missing);
}

fn cell(cx: &mut Cx, node: &Node<'_>, path: &JsonPath<'_>) {
    let Some(fields) = cx.expect_object(node, path, "a cell") else {
        return;
    };
    cx.check_keys(fields, path, &["owner", "why"], &[], "a cell");
    let owners: Vec<&str> = Owner::ALL.iter().map(|o| o.label()).collect();
    let list = format!("owner is one of {}", quoted_list(&owners));
    if let Some(owner_node) = cx.require(fields, node, path, "owner", Some(&list)) {
        let at = path.key("owner");
        if let Some(owner) = cx.expect_str(owner_node, &at)
            && !owners.contains(&owner)
        {
            let hint = suggest(owner, &owners, Some("owner is one of"));
            cx.error_hint(owner_node.pos, &at, format!("unknown owner {}", quoted(owner)), hint);
        }
    }
    if let Some(why) = cx.require(fields, node, path, "why", Some("add \"why\": a one-line reason")) {
        cx.expect_text(why, &path.key("why"), "why");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names() {
        let fields = ["id", "type", "prompt", "topics", "explanation", "lesson"];
        assert_eq!(nearest("promt", &fields), Some("prompt"));
        assert_eq!(nearest("tpye", &fields), Some("type"));
        assert_eq!(nearest("Prompt", &fields), Some("prompt"));
        assert_eq!(nearest("explaination", &fields), Some("explanation"));
        assert_eq!(nearest("text", &fields), None);
        assert_eq!(nearest(&"x".repeat(100_000), &fields), None);
        let many: Vec<String> = (0..=NEAREST_LIMIT).map(|i| format!("name{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(nearest("name1", &many[..NEAREST_LIMIT]), Some("name1"));
        assert_eq!(nearest("name1", &many), None, "too many to guess among");
    }

    #[test]
    fn question_field_lists_are_the_common_ones_and_their_own() {
        const QUESTION_FIELDS: &[&str] = &["id", "type", "prompt", "topics", "explanation", "lesson"];
        let with = |own: &[&'static str]| QUESTION_FIELDS.iter().chain(own).copied().collect::<Vec<_>>();
        assert_eq!(CHOICE_QUESTION_FIELDS, with(&["options"]));
        assert_eq!(TRUE_FALSE_QUESTION_FIELDS, with(&["answer"]));
        assert_eq!(MATCHING_QUESTION_FIELDS, with(&["categories", "items"]));
        assert_eq!(ANY_QUESTION_FIELDS, with(&["options", "answer", "categories", "items"]));
        for kind in QUESTION_TYPES {
            assert!(["single", "multiple", "true_false", "matching"].contains(&kind), "{kind} needs a field list");
        }
    }

    #[test]
    fn distances() {
        let d = |a: &str, b: &str| distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("ab", "ba"), 1);
    }
}
