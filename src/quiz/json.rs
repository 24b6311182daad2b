//! A small JSON parser that keeps where every value and key starts, so that
//! validation can point instructors at the exact line and column.
//!
//! It accepts exactly RFC 8259 JSON (what serde_json accepts), and is built
//! for hostile input: sizes and nesting are capped, it runs in linear time,
//! and every failure is a [`SyntaxError`], never a panic.

use std::borrow::Cow;

use super::diagnostic::{ROOT, path_index, path_key, quoted};

/// Deeper nesting is refused, so the recursive parser cannot blow the stack.
/// serde_json has the same limit, so anything parsed here also loads there.
pub const MAX_DEPTH: usize = 128;

/// Larger files are refused before parsing; real quizzes are a few KiB.
pub const MAX_FILE_SIZE: usize = 8 * 1024 * 1024;

/// A 1-based position; `column` counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Keys and strings borrow from the file's text unless they hold escapes: a quiz bank is
/// mostly strings, and copying each one cost more than the rest of parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct Key<'a> {
    pub name: Cow<'a, str>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(f64),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Members in file order; duplicate keys are kept so validation can report them.
    Object(Vec<(Key<'a>, Node<'a>)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub pos: Pos,
    /// Byte offset of the value's first character, e.g. to read a number as written.
    pub offset: usize,
}

impl Node<'_> {
    /// "a string", "an object", ... for "expected X, found Y" messages.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    /// Where in the document the parser was, e.g. `questions[1].options`.
    pub path: String,
    pub message: String,
}

/// Reads a file for [`parse`], never more than one byte past [`MAX_FILE_SIZE`]:
/// a huge file (or an endless one, like `/dev/zero`) is refused, not read whole.
pub fn read_for_parse(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_FILE_SIZE as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Parses a whole file. Checks size, binary content and UTF-8 before parsing.
pub fn parse(bytes: &[u8]) -> Result<Node<'_>, SyntaxError> {
    let top = |message: String| SyntaxError { line: 1, column: 1, path: ROOT.to_string(), message };
    if bytes.len() > MAX_FILE_SIZE {
        return Err(top(format!("file is too large (over the limit of {} MiB)", MAX_FILE_SIZE / (1024 * 1024))));
    }
    // `contains` is a word-at-a-time search; the byte-by-byte one runs only for a bad file.
    if bytes.contains(&0)
        && let Some(at) = bytes.iter().position(|&b| b == 0)
    {
        let pos = position_of(bytes, at);
        return Err(SyntaxError {
            line: pos.line,
            column: pos.column,
            path: ROOT.to_string(),
            message: format!("this looks like a binary file, not JSON (NUL byte at byte {at})"),
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            let pos = position_of(bytes, at);
            return Err(SyntaxError {
                line: pos.line,
                column: pos.column,
                path: ROOT.to_string(),
                message: format!("not valid UTF-8 at byte {at}; save the file as UTF-8"),
            });
        }
    };
    parse_str(text)
}

/// Parses text (no size check: callers with untrusted bytes use [`parse`]).
pub fn parse_str(text: &str) -> Result<Node<'_>, SyntaxError> {
    if text.starts_with('\u{feff}') {
        // serde_json refuses a byte order mark, so the engine would too.
        return Err(SyntaxError {
            line: 1,
            column: 1,
            path: ROOT.to_string(),
            message: "file starts with a byte order mark (BOM); save it as UTF-8 without BOM".to_string(),
        });
    }
    let mut p = Parser { text, src: text.as_bytes(), i: 0, line: 1, column: 1, depth: 0, path: Vec::new() };
    p.skip_ws();
    if p.peek().is_none() {
        return Err(p.error_at(p.pos(), "file is empty"));
    }
    let node = p.value()?;
    p.skip_ws();
    if p.peek().is_some() {
        let found = p.found();
        return Err(p.error_at(p.pos(), format!("unexpected {found} after the end of the JSON value")));
    }
    Ok(node)
}

/// Line and column of byte `at` (counting characters of the valid prefix). A line ends
/// at `\n`, `\r\n` or a lone `\r`, as in editors.
fn position_of(bytes: &[u8], at: usize) -> Pos {
    let mut pos = Pos { line: 1, column: 1 };
    let mut after_cr = false;
    for &b in bytes.iter().take(at) {
        if b == b'\n' && after_cr {
            // The `\r` before already ended the line.
        } else {
            advance(&mut pos, b);
        }
        after_cr = b == b'\r';
    }
    pos
}

fn advance(pos: &mut Pos, b: u8) {
    if b == b'\n' || b == b'\r' {
        pos.line += 1;
        pos.column = 1;
    } else if b & 0xC0 != 0x80 {
        // Only the first byte of a UTF-8 sequence starts a new character.
        pos.column += 1;
    }
}

enum Seg<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

struct Parser<'a> {
    text: &'a str,
    src: &'a [u8],
    i: usize,
    line: usize,
    column: usize,
    depth: usize,
    /// Where we are, only for error messages.
    path: Vec<Seg<'a>>,
}

impl<'a> Parser<'a> {
    fn pos(&self) -> Pos {
        Pos { line: self.line, column: self.column }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.i).copied()
    }

    fn bump(&mut self) {
        if let Some(&b) = self.src.get(self.i) {
            let mut pos = self.pos();
            advance(&mut pos, b);
            self.line = pos.line;
            self.column = pos.column;
            self.i += 1;
        }
    }

    fn skip_ws(&mut self) {
        // Same positions as `bump` byte by byte, without the per-byte call (pretty-printed
        // files are largely indentation).
        while let Some(&b) = self.src.get(self.i) {
            match b {
                // `\r\n` is one line break: the `\r` counted it.
                b'\n' if self.i > 0 && self.src[self.i - 1] == b'\r' => {}
                b'\n' | b'\r' => {
                    self.line += 1;
                    self.column = 1;
                }
                b' ' | b'\t' => self.column += 1,
                _ => return,
            }
            self.i += 1;
        }
    }

    fn path_string(&self) -> String {
        let mut path = ROOT.to_string();
        for seg in &self.path {
            path = match seg {
                Seg::Key(k) => path_key(&path, k),
                Seg::Index(i) => path_index(&path, *i),
            };
        }
        path
    }

    fn error_at(&self, pos: Pos, message: impl Into<String>) -> SyntaxError {
        SyntaxError { line: pos.line, column: pos.column, path: self.path_string(), message: message.into() }
    }

    /// Describes what is at the cursor, for "expected X, found Y".
    fn found(&self) -> String {
        match self.text.get(self.i..).and_then(|rest| rest.chars().next()) {
            None => "end of file".to_string(),
            Some(c) => quoted(&c.to_string()),
        }
    }

    /// The word at the cursor (for `tru`, `NaN`, `'single'`...), capped in length.
    fn word(&self) -> &'a str {
        let rest = self.text.get(self.i..).unwrap_or("");
        let end = rest
            .char_indices()
            .find(|&(n, c)| n >= 40 || !(c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.')))
            .map_or(rest.len(), |(n, _)| n);
        rest.get(..end).unwrap_or("")
    }

    /// Explains a character that cannot start a value.
    fn bad_value(&self) -> SyntaxError {
        let pos = self.pos();
        let msg = match self.peek() {
            None => "unexpected end of file; expected a value".to_string(),
            Some(b'/') => "comments are not allowed in JSON".to_string(),
            Some(b'\'') => "strings must be in double quotes (\"), not single quotes".to_string(),
            Some(b) if b.is_ascii_alphabetic() || b == b'-' || b == b'+' || b == b'.' => {
                let word = self.word();
                match word {
                    "NaN" | "Infinity" | "-Infinity" | "+Infinity" => {
                        format!("{} is not allowed in JSON; numbers must be finite", quoted(word))
                    }
                    "True" | "TRUE" | "False" | "FALSE" | "Null" | "NULL" | "None" => {
                        format!("{} is not valid JSON; write true, false or null in lower case", quoted(word))
                    }
                    _ if b.is_ascii_alphabetic() => {
                        format!("unexpected word {}; text must be in double quotes", quoted(word))
                    }
                    _ => format!("invalid number {}", quoted(word)),
                }
            }
            Some(_) => format!("expected a value, found {}", self.found()),
        };
        self.error_at(pos, msg)
    }

    fn value(&mut self) -> Result<Node<'a>, SyntaxError> {
        let pos = self.pos();
        let offset = self.i;
        let value = match self.peek() {
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') if self.src[self.i..].starts_with(b"true") => self.literal(4, Value::Bool(true))?,
            Some(b'f') if self.src[self.i..].starts_with(b"false") => self.literal(5, Value::Bool(false))?,
            Some(b'n') if self.src[self.i..].starts_with(b"null") => self.literal(4, Value::Null)?,
            _ => return Err(self.bad_value()),
        };
        Ok(Node { value, pos, offset })
    }

    fn literal(&mut self, len: usize, value: Value<'a>) -> Result<Value<'a>, SyntaxError> {
        // `trueish` is one bad word, not `true` followed by junk.
        if self.src.get(self.i + len).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
            return Err(self.bad_value());
        }
        for _ in 0..len {
            self.bump();
        }
        Ok(value)
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(self.pos(), format!("nested too deeply (more than {MAX_DEPTH} levels)")));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Value<'a>, SyntaxError> {
        self.enter()?;
        self.bump(); // '{'
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.bump();
            self.depth -= 1;
            return Ok(Value::Object(members));
        }
        let mut comma: Option<Pos> = None;
        loop {
            let key_pos = self.pos();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') if comma.is_some() => {
                    let at = comma.unwrap_or(key_pos);
                    return Err(self.error_at(at, "trailing comma before '}' is not allowed in JSON"));
                }
                Some(b'/') => {
                    return Err(self.error_at(key_pos, "comments are not allowed in JSON"));
                }
                None => {
                    return Err(self.error_at(key_pos, "unexpected end of file inside an object (missing '}'?)"));
                }
                Some(_) => {
                    let found = self.found();
                    return Err(self.error_at(key_pos, format!("expected a key in double quotes, found {found}")));
                }
            }
            let name = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                let found = self.found();
                return Err(
                    self.error_at(self.pos(), format!("expected ':' after key {}, found {found}", quoted(&name)))
                );
            }
            self.bump();
            self.skip_ws();
            // A borrowed name (no escapes, nearly all) is copied as a pointer.
            self.path.push(Seg::Key(name.clone()));
            let node = self.value()?;
            self.path.pop();
            members.push((Key { name, pos: key_pos }, node));
            match self.separator('}', "an object", "object member")? {
                Some(at) => comma = Some(at),
                None => break,
            }
        }
        self.depth -= 1;
        Ok(Value::Object(members))
    }

    /// What follows an object member or array element: a comma (its position,
    /// so a trailing comma can be pointed at) or the closing bracket (`None`).
    fn separator(&mut self, close: char, container: &str, element: &str) -> Result<Option<Pos>, SyntaxError> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                let at = self.pos();
                self.bump();
                self.skip_ws();
                Ok(Some(at))
            }
            Some(byte) if char::from(byte) == close => {
                self.bump();
                Ok(None)
            }
            None => {
                Err(self
                    .error_at(self.pos(), format!("unexpected end of file inside {container} (missing '{close}'?)")))
            }
            Some(b'/') => Err(self.error_at(self.pos(), "comments are not allowed in JSON")),
            Some(_) => {
                let found = self.found();
                Err(self.error_at(self.pos(), format!("expected ',' or '{close}' after {element}, found {found}")))
            }
        }
    }

    fn array(&mut self) -> Result<Value<'a>, SyntaxError> {
        self.enter()?;
        self.bump(); // '['
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.bump();
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        let mut comma: Option<Pos> = None;
        loop {
            if let (Some(b']'), Some(at)) = (self.peek(), comma) {
                return Err(self.error_at(at, "trailing comma before ']' is not allowed in JSON"));
            }
            self.path.push(Seg::Index(items.len()));
            let node = self.value()?;
            self.path.pop();
            items.push(node);
            match self.separator(']', "an array", "array element")? {
                Some(at) => comma = Some(at),
                None => break,
            }
        }
        self.depth -= 1;
        Ok(Value::Array(items))
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let start = self.pos();
        self.bump(); // '"'
        let first = self.i;
        // Only a string with escapes is copied; `out` stays empty (no allocation) until one.
        let mut out = String::new();
        let mut escaped = false;
        let mut run = self.i; // start of the current run of plain characters
        loop {
            match self.peek() {
                None => {
                    return Err(self.error_at(start, "unterminated string (missing closing '\"')"));
                }
                Some(b'"') => {
                    let text = self.text;
                    let value = if escaped {
                        out.push_str(text.get(run..self.i).unwrap_or(""));
                        Cow::Owned(out)
                    } else {
                        Cow::Borrowed(text.get(first..self.i).unwrap_or(""))
                    };
                    self.bump();
                    return Ok(value);
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(run..self.i).unwrap_or(""));
                    escaped = true;
                    self.escape(&mut out)?;
                    run = self.i;
                }
                Some(b'\n' | b'\r') => {
                    return Err(self.error_at(
                        start,
                        "unterminated string: it runs to the end of the line (close it with '\"'; write \\n for a line break)",
                    ));
                }
                Some(b) if b < 0x20 => {
                    return Err(self.error_at(
                        self.pos(),
                        format!("control character U+{b:04X} in a string; write it as an escape (e.g. \\t)"),
                    ));
                }
                Some(_) => {
                    // A run of plain characters up to the next quote, backslash or control
                    // byte: no line break inside, so only the column moves, by one per char.
                    let (bytes, chars) = plain_run(self.src.get(self.i..).unwrap_or_default());
                    self.column += chars;
                    self.i += bytes;
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let at = self.pos();
        self.bump(); // '\'
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.bump();
                let first = self.hex4(at)?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    // A high surrogate must be followed by `\u` and a low surrogate.
                    if self.peek() != Some(b'\\') || self.src.get(self.i + 1) != Some(&b'u') {
                        return Err(self.error_at(at, format!("unpaired surrogate \\u{first:04X} in a string")));
                    }
                    let second_at = self.pos();
                    self.bump();
                    self.bump();
                    let second = self.hex4(second_at)?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error_at(at, format!("unpaired surrogate \\u{first:04X} in a string")));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else if (0xDC00..0xE000).contains(&first) {
                    return Err(self.error_at(at, format!("unpaired surrogate \\u{first:04X} in a string")));
                } else {
                    first
                };
                match char::from_u32(code) {
                    Some(c) => out.push(c),
                    None => return Err(self.error_at(at, "invalid \\u escape in a string")),
                }
                return Ok(());
            }
            None => return Err(self.error_at(at, "unterminated string (missing closing '\"')")),
            Some(_) => {
                let found = self.found();
                return Err(self.error_at(
                    at,
                    format!(
                        "invalid escape \\{} in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                        found.trim_matches('\'')
                    ),
                ));
            }
        };
        self.bump();
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self, at: Pos) -> Result<u32, SyntaxError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| (b as char).to_digit(16));
            match digit {
                Some(d) => {
                    code = code * 16 + d;
                    self.bump();
                }
                None => {
                    return Err(self.error_at(at, "invalid \\u escape in a string (needs 4 hex digits)"));
                }
            }
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<Value<'a>, SyntaxError> {
        let start = self.pos();
        let begin = self.i;
        let invalid = |p: &Self| p.error_at(start, format!("invalid number {}", quoted(p.word_from(begin))));
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => {
                self.bump();
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(self.error_at(start, "numbers must not start with 0 (leading zeros are not allowed)"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => {
                // `-Infinity`, `-x` and friends.
                self.i = begin;
                self.line = start.line;
                self.column = start.column;
                return Err(self.bad_value());
            }
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(invalid(self));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(invalid(self));
            }
            self.digits();
        }
        if self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_') {
            return Err(invalid(self));
        }
        let lexeme = self.text.get(begin..self.i).unwrap_or("");
        match lexeme.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::Number(n)),
            // serde_json refuses these too ("number out of range").
            _ => Err(self.error_at(start, format!("number {} is too large", quoted(lexeme)))),
        }
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.bump();
        }
    }

    fn word_from(&self, begin: usize) -> &'a str {
        let rest = self.text.get(begin..).unwrap_or("");
        let end = rest
            .char_indices()
            .find(|&(n, c)| n >= 40 || !(c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.')))
            .map_or(rest.len(), |(n, _)| n);
        rest.get(..end).unwrap_or("")
    }
}

/// The run of string bytes before the next quote, backslash or control byte: its length
/// and how many chars it holds. Eight bytes at a time (string values are most of a file).
fn plain_run(bytes: &[u8]) -> (usize, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut len = 0;
    let mut continuations = 0;
    while let Some(chunk) = bytes.get(len..).and_then(|rest| rest.first_chunk::<8>()) {
        let x = u64::from_le_bytes(*chunk);
        // Some byte below 0x20, or equal to '"' or '\\' (a candidate: looked at exactly below).
        let stop =
            (x.wrapping_sub(0x20 * ONES) & !x & HIGH) | zero_byte(x ^ (0x22 * ONES)) | zero_byte(x ^ (0x5c * ONES));
        if stop != 0 {
            break;
        }
        // UTF-8 continuation bytes are 0b10xxxxxx.
        continuations += (x & !(x << 1) & HIGH).count_ones() as usize;
        len += 8;
    }
    for &b in &bytes[len..] {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        continuations += usize::from(b & 0xC0 == 0x80);
        len += 1;
    }
    (len, len - continuations)
}

/// Reads a number value as written (e.g. to tell `1` from `1.0`).
pub fn number_lexeme<'a>(bytes: &'a [u8], node: &Node) -> Option<&'a str> {
    let rest = bytes.get(node.offset..)?;
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')))
        .unwrap_or(rest.len());
    std::str::from_utf8(rest.get(..len)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> SyntaxError {
        match parse(text.as_bytes()) {
            Ok(node) => panic!("expected an error for {text:?}, got {node:?}"),
            Err(e) => e,
        }
    }

    fn ok(text: &str) -> Node<'_> {
        match parse(text.as_bytes()) {
            Ok(node) => node,
            Err(e) => panic!("{text:?}: {e}"),
        }
    }

    fn show(e: &SyntaxError) -> String {
        format!("{}:{}: {}: {}", e.line, e.column, e.path, e.message)
    }

    #[test]
    fn scalars() {
        assert_eq!(ok("null").value, Value::Null);
        assert_eq!(ok(" true ").value, Value::Bool(true));
        assert_eq!(ok("false").value, Value::Bool(false));
        assert_eq!(ok("-0.5e1").value, Value::Number(-5.0));
        assert_eq!(ok("0").value, Value::Number(0.0));
        assert_eq!(ok("1E+2").value, Value::Number(100.0));
        assert_eq!(ok("\"hi\"").value, Value::String("hi".into()));
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let node = ok("{\n  \"é\": [1,\n  \"ü\", {\"k\": null}]\n}");
        assert_eq!(node.pos, Pos { line: 1, column: 1 });
        let Value::Object(members) = &node.value else { panic!("object") };
        let (key, arr) = &members[0];
        assert_eq!((key.name.as_ref(), key.pos), ("é", Pos { line: 2, column: 3 }));
        assert_eq!(arr.pos, Pos { line: 2, column: 8 });
        let Value::Array(items) = &arr.value else { panic!("array") };
        assert_eq!(items[0].pos, Pos { line: 2, column: 9 });
        assert_eq!(items[1].pos, Pos { line: 3, column: 3 });
        // Column counts the two-byte 'ü' as one character.
        assert_eq!(items[2].pos, Pos { line: 3, column: 8 });
        assert_eq!(items[2].offset, "{\n  \"é\": [1,\n  \"ü\", ".len());
    }

    #[test]
    fn every_line_ending_counts_one_line() {
        let unix = "{\n  \"a\": [1,\n  2],\n  \"b\": tru\n}";
        let show = |text: &str| match parse_str(text) {
            Ok(_) => panic!("{text:?} should fail"),
            Err(e) => (e.line, e.column),
        };
        let nodes = |text: &str| {
            // The same document without its error.
            let fixed = text.replace("tru", "true");
            let node = ok(&fixed);
            let Value::Object(members) = node.value else { panic!("object") };
            members.iter().map(|(k, v)| (k.pos, v.pos)).collect::<Vec<_>>()
        };
        for ending in ["\r\n", "\r"] {
            let other = unix.replace('\n', ending);
            assert_eq!(show(&other), show(unix), "{ending:?}");
            assert_eq!(show(unix), (4, 8));
            assert_eq!(nodes(&other), nodes(unix), "{ending:?}");
            // Positions found by scanning bytes (a NUL, bad UTF-8) agree too.
            let nul = format!("{}\0", other.replace(" tru", ""));
            let at = |e: SyntaxError| (e.line, e.column);
            assert_eq!(parse(nul.as_bytes()).map_err(at).err(), Some((5, 2)), "{ending:?}");
        }
    }

    #[test]
    fn duplicate_keys_and_order_are_kept() {
        let Value::Object(m) = ok(r#"{"b":1,"a":2,"b":3}"#).value else { panic!("object") };
        let names: Vec<_> = m.iter().map(|(k, _)| k.name.as_ref()).collect();
        assert_eq!(names, ["b", "a", "b"]);
    }

    #[test]
    fn escapes() {
        let node = ok(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\uD83D\uDE00\u0000""#);
        assert_eq!(node.value, Value::String("a\"b\\c/d\u{8}\u{c}\n\r\té😀\u{0}".into()));
        assert_eq!(
            show(&err(r#"["\x"]"#)),
            "1:3: $[0]: invalid escape \\x in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"
        );
        assert_eq!(show(&err(r#""\uD83D""#)), "1:2: $: unpaired surrogate \\uD83D in a string");
        assert_eq!(show(&err(r#""\uDE00""#)), "1:2: $: unpaired surrogate \\uDE00 in a string");
        assert_eq!(show(&err(r#""\uD83D\u0041""#)), "1:2: $: unpaired surrogate \\uD83D in a string");
        assert_eq!(show(&err(r#""\u12G4""#)), "1:2: $: invalid \\u escape in a string (needs 4 hex digits)");
        assert_eq!(
            show(&err("\"a\tb\"")),
            "1:3: $: control character U+0009 in a string; write it as an escape (e.g. \\t)"
        );
    }

    #[test]
    fn errors() {
        let cases = [
            ("", "1:1: $: file is empty"),
            ("  \n ", "2:2: $: file is empty"),
            ("{\"a\": 1,}", "1:8: $: trailing comma before '}' is not allowed in JSON"),
            ("[1, 2,\n]", "1:6: $: trailing comma before ']' is not allowed in JSON"),
            ("{\"a\": 1 \"b\": 2}", "1:9: $: expected ',' or '}' after object member, found '\"'"),
            ("[1 2]", "1:4: $: expected ',' or ']' after array element, found '2'"),
            ("{\"a\" 1}", "1:6: $: expected ':' after key 'a', found '1'"),
            ("{a: 1}", "1:2: $: expected a key in double quotes, found 'a'"),
            ("{\"a\": \"x}", "1:7: a: unterminated string (missing closing '\"')"),
            (
                "{\"a\": \"x\n}",
                "1:7: a: unterminated string: it runs to the end of the line (close it with '\"'; write \\n for a line break)",
            ),
            ("// hi\n{}", "1:1: $: comments are not allowed in JSON"),
            ("{\"a\": 1 /* x */}", "1:9: $: comments are not allowed in JSON"),
            ("[NaN]", "1:2: $[0]: 'NaN' is not allowed in JSON; numbers must be finite"),
            ("[-Infinity]", "1:2: $[0]: '-Infinity' is not allowed in JSON; numbers must be finite"),
            ("[True]", "1:2: $[0]: 'True' is not valid JSON; write true, false or null in lower case"),
            ("[tru]", "1:2: $[0]: unexpected word 'tru'; text must be in double quotes"),
            ("[truest]", "1:2: $[0]: unexpected word 'truest'; text must be in double quotes"),
            ("['a']", "1:2: $[0]: strings must be in double quotes (\"), not single quotes"),
            ("[01]", "1:2: $[0]: numbers must not start with 0 (leading zeros are not allowed)"),
            ("[1.]", "1:2: $[0]: invalid number '1.'"),
            ("[1e]", "1:2: $[0]: invalid number '1e'"),
            ("[1x]", "1:2: $[0]: invalid number '1x'"),
            ("[1e999]", "1:2: $[0]: number '1e999' is too large"),
            ("{} {}", "1:4: $: unexpected '{' after the end of the JSON value"),
            ("{\"q\": [{\"a\": }]}", "1:14: q[0].a: expected a value, found '}'"),
            ("{\"q\": [1,", "1:10: q[1]: unexpected end of file; expected a value"),
            ("{\"q\": {", "1:8: q: unexpected end of file inside an object (missing '}'?)"),
            ("\u{feff}{}", "1:1: $: file starts with a byte order mark (BOM); save it as UTF-8 without BOM"),
        ];
        for (text, want) in cases {
            assert_eq!(show(&err(text)), want, "input {text:?}");
        }
    }

    #[test]
    fn binary_and_bad_utf8() {
        let e = parse(b"{\n \"a\": \"\xff\"}").unwrap_err();
        assert_eq!(show(&e), "2:8: $: not valid UTF-8 at byte 9; save the file as UTF-8");
        let e = parse(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
        assert_eq!(e.message, "this looks like a binary file, not JSON (NUL byte at byte 8)");
    }

    #[test]
    fn depth_limit() {
        let ok_depth = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(ok_depth.as_bytes()).is_ok());
        let deep = "[".repeat(100_000);
        let e = parse(deep.as_bytes()).unwrap_err();
        assert_eq!((e.line, e.column), (1, MAX_DEPTH + 1));
        assert_eq!(e.message, "nested too deeply (more than 128 levels)");
        let deep = "{\"a\":".repeat(200);
        assert_eq!(parse(deep.as_bytes()).unwrap_err().message, "nested too deeply (more than 128 levels)");
    }

    #[test]
    fn size_limit() {
        let big = vec![b' '; MAX_FILE_SIZE + 1];
        assert_eq!(parse(&big).unwrap_err().message, "file is too large (over the limit of 8 MiB)");
    }

    #[test]
    fn agrees_with_serde_json_on_tricky_inputs() {
        for text in ["1e999", "\"\\uD800\"", "[1,]", "01", "\"\u{1}\"", "-", "1.e5", "\u{feff}1", "[1] x"] {
            assert!(serde_json::from_str::<serde_json::Value>(text).is_err(), "{text:?}");
            assert!(parse(text.as_bytes()).is_err(), "{text:?}");
        }
        for text in ["-0", "1E-400", "\"\\u0000\"", "[[],{}]", "0.5e+3", "\"\u{7f}\""] {
            assert!(serde_json::from_str::<serde_json::Value>(text).is_ok(), "{text:?}");
            assert!(parse(text.as_bytes()).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn plain_runs_agree_with_a_byte_loop() {
        let bytes = "abc é日本 \u{1F600}xyz\"q\\w\tv".as_bytes();
        for start in 0..bytes.len() {
            for end in start..=bytes.len() {
                let slice = &bytes[start..end];
                let len = slice.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(slice.len());
                let chars = slice[..len].iter().filter(|&&b| b & 0xC0 != 0x80).count();
                assert_eq!(plain_run(slice), (len, chars), "{slice:?}");
            }
        }
        let long = "0123456789abcdef".repeat(10) + "\"";
        assert_eq!(plain_run(long.as_bytes()), (160, 160));
    }

    #[test]
    fn number_lexeme_reads_as_written() {
        let text = "[1.0, 2]";
        let Value::Array(items) = ok(text).value else { panic!("array") };
        assert_eq!(number_lexeme(text.as_bytes(), &items[0]), Some("1.0"));
        assert_eq!(number_lexeme(text.as_bytes(), &items[1]), Some("2"));
    }
}
