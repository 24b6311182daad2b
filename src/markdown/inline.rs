//! Inline content: styled text runs (emphasis, strong, strikethrough, inline code),
//! links and images with reference markers, line breaks, task-list checkboxes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, LinkType};
use ratatui::style::Style;

use super::Renderer;
use crate::sanitize::sanitize;

/// A styled run of inline text (borrowed from the source when it needs no change), or a
/// forced line break.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece<'a> {
    Text(Cow<'a, str>, Style),
    Break,
}

/// Link and image targets, numbered in order of first use (same URL -> same number).
#[derive(Default)]
pub(crate) struct Links {
    pub(crate) urls: Vec<String>,
    index: HashMap<String, usize>,
}

impl Links {
    fn number(&mut self, url: &str) -> usize {
        if let Some(&n) = self.index.get(url) {
            return n;
        }
        self.urls.push(url.to_string());
        let n = self.urls.len();
        self.index.insert(url.to_string(), n);
        n
    }
}

/// An image being read: its alt text is collected and shown as one `[image: …]` run.
pub(crate) struct ImageState {
    pub(crate) alt: String,
    url: String,
    /// Images nested in alt text (`![![a](b)](c)`) only contribute their alt text.
    depth: usize,
}

/// `open`, `n` in decimal and `close`, written into `buf` (markers are made for every link
/// and numbered item, so without `format!`'s machinery and allocation). Parts that would
/// not fit are left out; the callers' parts are a few bytes.
pub(crate) fn numbered<'b>(buf: &'b mut [u8; 32], open: &str, n: u64, close: &str) -> &'b str {
    let mut digits = [0u8; 20];
    let digits = crate::text::decimal(&mut digits, n);
    let mut len = 0;
    for part in [open.as_bytes(), digits.as_bytes(), close.as_bytes()] {
        if let Some(slot) = buf.get_mut(len..len + part.len()) {
            slot.copy_from_slice(part);
            len += part.len();
        }
    }
    // Only whole UTF-8 strings and ASCII digits were copied.
    std::str::from_utf8(&buf[..len]).unwrap_or("")
}

/// Untrusted text for non-verbatim contexts: tabs are just spaces, controls are made inert.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    clean_printable(text).0
}

/// [`clean`], and whether the text is all printable ASCII (found by the same scan).
pub(crate) fn clean_printable(text: &str) -> (Cow<'_, str>, bool) {
    // One scan for the usual case, printable ASCII.
    let bytes = text.as_bytes();
    let Some(first) = crate::text::first_non_printable(bytes) else {
        return (Cow::Borrowed(text), true);
    };
    // Beyond it, only tabs and what `sanitize` replaces change: accents, dashes and
    // quotes leave the text borrowed. `first` follows only ASCII, so it is a char boundary.
    let tab = bytes[first..].contains(&b'\t');
    if !tab && crate::sanitize::first_unsafe(text, first).is_none() {
        return (Cow::Borrowed(text), false);
    }
    let safe = sanitize(text);
    let cleaned = if tab { Cow::Owned(safe.replace('\t', " ")) } else { safe };
    (cleaned, false)
}

impl<'a> Renderer<'_, 'a> {
    pub(super) fn text(&mut self, text: CowStr<'a>, range: Range<usize>) {
        if self.code.is_some() {
            self.code_text(&text, range);
        } else if self.html.is_some() {
            self.html_text(&text);
        } else if let Some(image) = &mut self.image {
            image.alt.push_str(&text);
        } else {
            let style = self.current_style();
            // Text borrowed from the source stays borrowed unless cleaning changes it.
            let (text, printable) = match text {
                CowStr::Borrowed(text) => clean_printable(text),
                other => (Cow::Owned(clean(&other).into_owned()), false),
            };
            self.push_text(text, style, printable);
        }
    }

    pub(super) fn inline_code(&mut self, text: &str) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
            return;
        }
        let style = self.current_style().patch(self.theme.inline_code);
        self.push_cleaned(text, style);
    }

    pub(super) fn soft_break(&mut self) {
        if let Some(image) = &mut self.image {
            image.alt.push(' ');
            return;
        }
        let style = self.current_style();
        self.push_space(style);
    }

    pub(super) fn hard_break(&mut self) {
        if let Some(image) = &mut self.image {
            image.alt.push(' ');
            return;
        }
        self.push_piece(Piece::Break);
    }

    pub(super) fn task_marker(&mut self, done: bool) {
        let (mark, style) = if done { ("[x]", self.theme.task_done) } else { ("[ ]", self.theme.task_todo) };
        self.push_piece(Piece::Text(Cow::Borrowed(mark), style));
        self.push_piece(Piece::Text(Cow::Borrowed(" "), Style::new()));
    }

    pub(super) fn start_link(&mut self, link_type: LinkType, url: &str) {
        // Autolinks already show their URL; a marker would just repeat it.
        let number = match link_type {
            LinkType::Autolink | LinkType::Email => None,
            _ if url.is_empty() => None,
            _ => Some(self.links.number(url)),
        };
        self.link_stack.push(number);
        self.push_style(self.theme.link);
    }

    pub(super) fn end_link(&mut self) {
        self.style_stack.pop();
        if let Some(Some(n)) = self.link_stack.pop() {
            self.reference_marker("[", n);
        }
    }

    /// A reference marker: `open`, the number `n`, then `]` (`[3]`, `[^2]`).
    pub(super) fn reference_marker(&mut self, open: &str, n: usize) {
        let mut buf = [0u8; 32];
        let marker = numbered(&mut buf, open, u64::try_from(n).unwrap_or(u64::MAX), "]");
        if let Some(image) = &mut self.image {
            image.alt.push_str(marker);
            return;
        }
        let style = self.current_style().patch(self.theme.reference);
        self.push_cleaned(marker, style);
    }

    pub(super) fn start_image(&mut self, url: &str) {
        match &mut self.image {
            Some(image) => image.depth += 1,
            None => self.image = Some(ImageState { alt: String::new(), url: url.to_string(), depth: 1 }),
        }
    }

    pub(super) fn end_image(&mut self) {
        let Some(image) = &mut self.image else {
            return;
        };
        image.depth = image.depth.saturating_sub(1);
        if image.depth > 0 {
            return;
        }
        let Some(image) = self.image.take() else {
            return;
        };
        let alt = clean(&image.alt);
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let label = if alt.is_empty() { "[image]".to_string() } else { format!("[image: {alt}]") };
        let style = self.current_style().patch(self.theme.image);
        self.push_piece(Piece::Text(Cow::Owned(label), style));
        if !image.url.is_empty() {
            let n = self.links.number(&image.url);
            self.reference_marker("[", n);
        }
    }

    /// The "Links" section listing every numbered target after the document.
    pub(super) fn links_section(&mut self) {
        if self.links.urls.is_empty() {
            return;
        }
        self.section_title("Links");
        let urls = std::mem::take(&mut self.links.urls);
        let number_width = urls.len().to_string().len();
        for (i, url) in urls.iter().enumerate() {
            let marker = format!("[{}]", i + 1);
            // Pad so URLs line up; the item container gives wrapped URLs a hanging indent.
            let width = number_width + 3;
            self.containers.push(super::Container::Item {
                marker: format!("{marker:<width$}").into(),
                style: self.theme.reference,
                width,
                used: false,
            });
            let pieces = [Piece::Text(clean(url), self.theme.link)];
            let width = self.content_width();
            self.wrapper.wrap_stored(&pieces, width);
            self.emit_stored(self.source_len);
            self.containers.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Cow, clean_printable, numbered};

    #[test]
    fn clean_text_stays_borrowed_and_says_whether_it_is_printable_ascii() {
        assert!(matches!(clean_printable("plain words"), (Cow::Borrowed("plain words"), true)));
        // Dashes, quotes and bullets start with a byte bidi controls share; still borrowed.
        assert!(matches!(clean_printable("a — “b” • ü"), (Cow::Borrowed("a — “b” • ü"), false)));
        let (tabbed, printable) = clean_printable("a\tb é");
        assert!(matches!(tabbed, Cow::Owned(_)) && !printable);
        assert_eq!(tabbed, "a b é");
        assert_eq!(clean_printable("x\u{1b}[2J\u{202e}y").0, "x␛[2J<U+202E>y");
    }

    #[test]
    fn numbered_markers_match_format() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, u64::from(u32::MAX), u64::MAX] {
            let mut buf = [0u8; 32];
            assert_eq!(numbered(&mut buf, "[^", n, "]"), format!("[^{n}]"));
            let mut buf = [0u8; 32];
            assert_eq!(numbered(&mut buf, "", n, ". "), format!("{n}. "));
        }
    }
}
