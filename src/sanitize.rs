//! Neutralising untrusted text before it reaches the terminal.
//!
//! Lesson files are untrusted: an escape sequence in them could move the
//! cursor, change colours or retitle the window, and bidi controls can make
//! text read differently from what it is ("Trojan Source"). Every such
//! character is replaced by a visible, inert marker so the reader can see it.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Make untrusted text safe to put on a terminal: every C0 control except '\n' and '\t', DEL,
/// every C1 control (U+0080..=U+009F), and the bidi override/isolate/embedding controls
/// (U+202A..=U+202E, U+2066..=U+2069, U+200E/U+200F) are replaced by a visible, inert marker
/// (ESC -> "␛" (U+241B), other C0 -> the Unicode "control picture" U+2400+code, DEL -> "␡",
/// C1 and bidi -> "<U+009B>"-style text). Returns `Cow::Borrowed` when nothing changed.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    // Fast path: most text is clean, so find the first offending char without allocating.
    let Some(first) = first_unsafe(text, 0) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        push_safe(&mut out, c);
    }
    Cow::Owned(out)
}

/// Byte offset of the first char [`sanitize`] replaces, looking from byte `from` on. A
/// byte scan skips clean text (printable ASCII eight bytes at a time); a char is decoded
/// only at a byte that may start one that needs replacing, so a long text with dashes and
/// quotes stays cheap.
pub(crate) fn first_unsafe(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = from;
    loop {
        let at = from + crate::text::first_non_printable(bytes.get(from..)?)?;
        // Continuation bytes never match, so `at` is a char boundary when this holds.
        if may_need_replacement(bytes[at])
            && text.get(at..).and_then(|rest| rest.chars().next()).is_some_and(needs_replacement)
        {
            return Some(at);
        }
        from = at + 1;
    }
}

/// Whether a byte may start a char that [`sanitize`] replaces: every such char's UTF-8
/// starts with a control byte other than '\n' and '\t', 0xC2 (C1) or 0xE2 (bidi).
fn may_need_replacement(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0b..=0x1f | 0x7f | 0xc2 | 0xe2)
}

fn needs_replacement(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        _ => is_bidi_control(c),
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

fn push_safe(out: &mut String, c: char) {
    if !needs_replacement(c) {
        out.push(c);
        return;
    }
    match c {
        // C0: the Unicode "control pictures" block mirrors C0 one-to-one (ESC -> U+241B).
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => out.push('\u{2421}'),
        // C1 and bidi controls have no picture; spell out the code point.
        _ => {
            let _ = write!(out, "<U+{:04X}>", c as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("hello\tworld\n日本"), Cow::Borrowed(_)));
        assert!(matches!(sanitize(""), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(sanitize("\x1b[31mred\x1b[0m"), "␛[31mred␛[0m");
        assert_eq!(sanitize("a\rb\x07"), "a␍b␇");
        assert_eq!(sanitize("\0"), "␀");
        assert_eq!(sanitize("x\x7fy"), "x␡y");
    }

    #[test]
    fn c1_and_bidi_are_spelled_out() {
        assert_eq!(sanitize("\u{9b}31m"), "<U+009B>31m");
        assert_eq!(sanitize("\u{85}"), "<U+0085>");
        assert_eq!(sanitize("a\u{202e}b"), "a<U+202E>b");
        assert_eq!(sanitize("\u{2066}\u{2069}"), "<U+2066><U+2069>");
        assert_eq!(sanitize("\u{200e}\u{200f}"), "<U+200E><U+200F>");
    }

    #[test]
    fn keeps_newline_tab_and_ordinary_unicode() {
        assert_eq!(sanitize("\n\t"), "\n\t");
        assert_eq!(sanitize("é\u{301} 👋 مرحبا"), "é\u{301} 👋 مرحبا");
        // U+00A0 and U+200D are not controls we strip.
        assert_eq!(sanitize("a\u{a0}b\u{200d}c"), "a\u{a0}b\u{200d}c");
    }

    #[test]
    fn every_c0_except_newline_and_tab_is_replaced() {
        for b in 0u8..0x20 {
            let s = (b as char).to_string();
            let out = sanitize(&s);
            if b == b'\n' || b == b'\t' {
                assert_eq!(out, s);
            } else {
                assert!(!out.chars().any(|c| c.is_control()), "{b:#x} -> {out:?}");
            }
        }
        for c in '\u{80}'..='\u{9f}' {
            assert!(!sanitize(&c.to_string()).chars().any(|c| c.is_control()));
        }
    }
}
