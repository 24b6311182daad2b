//! Validation messages for instructors: `file:line:col: json.path: message (hint: ...)`.
//!
//! Everything here that echoes file content goes through [`quoted`] or
//! [`path_key`], which sanitize it (a quiz file may hold terminal escapes) and
//! cap its length (a hostile file may hold a megabyte-long key).

use std::fmt;

use crate::sanitize::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// `$` for the root, else like `questions[2].options[0].correct`.
    pub json_path: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(
        file: &str,
        line: usize,
        column: usize,
        json_path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            column,
            json_path: json_path.into(),
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(
        file: &str,
        line: usize,
        column: usize,
        json_path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, line, column, json_path, message) }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The file name comes from the file system, so it is sanitized too.
        write!(f, "{}:{}:{}: ", one_line(&self.file), self.line, self.column)?;
        // Markdown lessons have no JSON path.
        if !self.json_path.is_empty() {
            write!(f, "{}: ", self.json_path)?;
        }
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Longest piece of file text echoed in a message, in characters.
const ECHO_LIMIT: usize = 60;

/// File text made safe for a one-line terminal message: sanitized, line
/// breaks and tabs shown as escapes, and cut to [`ECHO_LIMIT`] characters.
pub fn one_line(text: &str) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == ECHO_LIMIT {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    sanitize(&out).into_owned()
}

/// File text in single quotes for a message: `'promt'`.
pub fn quoted(text: &str) -> String {
    format!("'{}'", one_line(text))
}

/// Most names listed in a hint; a file can hold 100,000 categories.
const LIST_LIMIT: usize = 20;

/// A list of names for a hint: `'a', 'b', 'c'` (at most [`LIST_LIMIT`], then how many more).
pub fn quoted_list<S: AsRef<str>>(names: &[S]) -> String {
    let mut list = names.iter().take(LIST_LIMIT).map(|n| quoted(n.as_ref())).collect::<Vec<_>>().join(", ");
    if names.len() > LIST_LIMIT {
        list.push_str(&format!(" and {} more", names.len() - LIST_LIMIT));
    }
    list
}

pub const ROOT: &str = "$";

/// Where a value is in its file: a chain of keys and indexes from the root, built as
/// validation walks the tree and spelled out (`questions[2].options`) only for a
/// diagnostic that is listed. Spelling every path up front cost more than the checks.
#[derive(Debug, Clone, Copy)]
pub enum JsonPath<'p> {
    Root,
    /// A path already spelled out (from the parser's own errors).
    Spelled(&'p str),
    Key(&'p JsonPath<'p>, &'p str),
    Index(&'p JsonPath<'p>, usize),
}

/// The root, as a path to start from.
pub static ROOT_PATH: JsonPath<'static> = JsonPath::Root;

impl<'p> JsonPath<'p> {
    /// Member `key` of the value here.
    pub fn key(&'p self, key: &'p str) -> JsonPath<'p> {
        JsonPath::Key(self, key)
    }

    /// Element `index` of the array here.
    pub fn index(&'p self, index: usize) -> JsonPath<'p> {
        JsonPath::Index(self, index)
    }

    /// The path as diagnostics show it (see [`path_key`] and [`path_index`]).
    pub fn spelled(&self) -> String {
        match self {
            JsonPath::Root => ROOT.to_string(),
            JsonPath::Spelled(path) => path.to_string(),
            JsonPath::Key(parent, key) => path_key(&parent.spelled(), key),
            JsonPath::Index(parent, index) => path_index(&parent.spelled(), *index),
        }
    }
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The path of member `key` of the value at `parent`: `questions`, `questions[0].prompt`,
/// or `layers[0].cells["On-prem"]` for keys that are not plain identifiers.
pub fn path_key(parent: &str, key: &str) -> String {
    if is_identifier(key) {
        // Built by hand, without formatting machinery: the parser spells one for each of
        // its errors, and a long path is spelled once per level.
        if parent == ROOT {
            return key.to_string();
        }
        let mut path = String::with_capacity(parent.len() + 1 + key.len());
        path.push_str(parent);
        path.push('.');
        path.push_str(key);
        path
    } else {
        let inner = one_line(key).replace('\\', "\\\\").replace('"', "\\\"");
        format!("{parent}[\"{inner}\"]")
    }
}

/// The path of element `index` of the array at `parent`.
pub fn path_index(parent: &str, index: usize) -> String {
    let mut buf = [0u8; 20];
    let digits = crate::text::decimal(&mut buf, u64::try_from(index).unwrap_or(u64::MAX));
    let mut path = String::with_capacity(parent.len() + 2 + digits.len());
    path.push_str(parent);
    path.push('[');
    path.push_str(digits);
    path.push(']');
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_paths_spell_like_the_eager_ones() {
        let questions = ROOT_PATH.key("questions");
        let third = questions.index(2);
        let options = third.key("options");
        assert_eq!(
            options.key("x").spelled(),
            path_key(&path_key(&path_index(&path_key(ROOT, "questions"), 2), "options"), "x")
        );
        assert_eq!(ROOT_PATH.key("$schema").spelled(), "$[\"$schema\"]");
        assert_eq!(ROOT_PATH.index(0).spelled(), "$[0]");
        assert_eq!(ROOT_PATH.spelled(), "$");
        assert_eq!(JsonPath::Spelled("layers[0]").key("On-prem").spelled(), "layers[0][\"On-prem\"]");
    }

    #[test]
    fn paths() {
        let q = path_index(&path_key(ROOT, "questions"), 2);
        assert_eq!(path_key(&path_key(&q, "options"), "x"), "questions[2].options.x");
        assert_eq!(path_key(ROOT, "$schema"), "$[\"$schema\"]");
        assert_eq!(path_key("layers[0].cells", "On-prem"), "layers[0].cells[\"On-prem\"]");
        assert_eq!(path_index(ROOT, 0), "$[0]");
        assert_eq!(path_index("q", 1234567890), "q[1234567890]");
        assert_eq!(path_index("q", usize::MAX), format!("q[{}]", usize::MAX));
    }

    #[test]
    fn display() {
        let d = Diagnostic::error("q.json", 3, 5, "questions[0].promt", "unknown field 'promt'")
            .with_hint("did you mean 'prompt'?");
        assert_eq!(
            d.to_string(),
            "q.json:3:5: questions[0].promt: unknown field 'promt' (hint: did you mean 'prompt'?)"
        );
        let w = Diagnostic::warning("q.json", 1, 1, "$", "x");
        assert_eq!(w.to_string(), "q.json:1:1: $: warning: x");
    }

    #[test]
    fn lists_are_capped() {
        assert_eq!(quoted_list(&["a", "b"]), "'a', 'b'");
        let many: Vec<String> = (0..25).map(|i| i.to_string()).collect();
        assert!(quoted_list(&many).ends_with("'18', '19' and 5 more"), "{}", quoted_list(&many));
    }

    #[test]
    fn echo_is_capped_and_one_line() {
        assert_eq!(quoted("a\nb\x1b"), format!("'a\\nb{}'", crate::sanitize::sanitize("\x1b")));
        let long = "x".repeat(1000);
        assert_eq!(one_line(&long).chars().count(), ECHO_LIMIT + 1);
    }
}
