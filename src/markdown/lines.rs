//! Styled lines stored flat: every span's text in one string, each span as its end offset
//! and style, each line as the end of its run of spans. A document of thousands of lines
//! costs three growing buffers instead of a vector per line and a string per span, and a
//! line's plain text is one borrowed slice.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// One span: where its text ends in [`Lines::text`], and its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SpanEnd {
    end: usize,
    style: Style,
}

/// A sequence of styled lines, plus one open line being built at the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lines {
    text: String,
    spans: Vec<SpanEnd>,
    /// Per finished line, the index in `spans` where it ends.
    line_ends: Vec<usize>,
}

impl Lines {
    /// Room for about `lines` lines of `bytes` bytes of text in all.
    pub(crate) fn with_capacity(lines: usize, bytes: usize) -> Self {
        Lines {
            text: String::with_capacity(bytes),
            // Prose has a few spans per line (prefix, text, a styled word or two).
            spans: Vec::with_capacity(lines * 5),
            line_ends: Vec::with_capacity(lines),
        }
    }

    /// Finished lines.
    pub(crate) fn len(&self) -> usize {
        self.line_ends.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.line_ends.is_empty()
    }

    /// Indexes in `spans` of line `i`'s spans (empty when out of range).
    fn span_range(&self, i: usize) -> Range<usize> {
        let Some(&end) = self.line_ends.get(i) else {
            return 0..0;
        };
        let start = if i == 0 { 0 } else { self.line_ends[i - 1] };
        start..end
    }

    /// Byte offset in `text` where span `i` starts.
    fn span_start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.spans[i - 1].end }
    }

    /// The plain text of line `i` (its spans' text, concatenated; "" when out of range).
    pub(crate) fn text(&self, i: usize) -> &str {
        let spans = self.span_range(i);
        if spans.is_empty() {
            return "";
        }
        &self.text[self.span_start(spans.start)..self.spans[spans.end - 1].end]
    }

    /// Every line's plain text.
    pub(crate) fn texts(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.text(i))
    }

    /// The spans of line `i` as (text, style).
    pub(crate) fn spans(&self, i: usize) -> impl ExactSizeIterator<Item = (&str, Style)> + Clone {
        self.span_range(i).map(|s| (&self.text[self.span_start(s)..self.spans[s].end], self.spans[s].style))
    }

    /// Line `i` borrowing its text (an empty line when out of range).
    pub(crate) fn line(&self, i: usize) -> Line<'_> {
        Line::from(self.spans(i).map(|(text, style)| Span::styled(text, style)).collect::<Vec<_>>())
    }

    // ----- building: spans go to the open line until `end_line` -----

    /// Index in `spans` of the open line's first span.
    fn open_start(&self) -> usize {
        self.line_ends.last().copied().unwrap_or(0)
    }

    /// Append a span to the open line (empty text included: the line keeps its spans as
    /// given, so callers decide what a span is).
    pub(crate) fn push_span(&mut self, text: &str, style: Style) {
        self.text.push_str(text);
        self.spans.push(SpanEnd { end: self.text.len(), style });
    }

    /// Append one span made of `parts`, in order.
    pub(crate) fn push_span_parts(&mut self, parts: &[&str], style: Style) {
        for part in parts {
            self.text.push_str(part);
        }
        self.spans.push(SpanEnd { end: self.text.len(), style });
    }

    /// Append line `i` of `other` to the open line: its text in one copy, then its spans.
    pub(crate) fn push_line_of(&mut self, other: &Lines, i: usize) {
        let spans = other.span_range(i);
        if spans.is_empty() {
            return;
        }
        let from = other.span_start(spans.start);
        let shift = self.text.len();
        self.text.push_str(&other.text[from..other.spans[spans.end - 1].end]);
        self.spans.extend(other.spans[spans].iter().map(|s| SpanEnd { end: s.end - from + shift, style: s.style }));
    }

    /// Append `text` to the open line as spans: `segments` gives each span's end offset in
    /// `text` and its style, in order. The text is copied once.
    pub(crate) fn push_segments(&mut self, text: &str, segments: impl Iterator<Item = (usize, Style)>) {
        let shift = self.text.len();
        self.text.push_str(text);
        self.spans.extend(segments.map(|(end, style)| SpanEnd { end: shift + end.min(text.len()), style }));
    }

    /// Number of spans on the open line.
    pub(crate) fn open_span_count(&self) -> usize {
        self.spans.len() - self.open_start()
    }

    /// The open line's spans as (text, style).
    pub(crate) fn open_spans(&self) -> impl ExactSizeIterator<Item = (&str, Style)> + Clone {
        (self.open_start()..self.spans.len())
            .map(|s| (&self.text[self.span_start(s)..self.spans[s].end], self.spans[s].style))
    }

    /// The open line's plain text.
    pub(crate) fn open_text(&self) -> &str {
        &self.text[self.span_start(self.open_start())..]
    }

    /// Finish the open line.
    pub(crate) fn end_line(&mut self) {
        self.line_ends.push(self.spans.len());
    }

    /// Drop trailing whitespace from the open line: spans left empty go, the last one left
    /// is cut short (so lines end in content, not padding or bare prefixes).
    pub(crate) fn trim_open_end(&mut self) {
        let first = self.open_start();
        while self.spans.len() > first {
            let start = self.span_start(self.spans.len() - 1);
            let kept = self.text[start..].trim_end().len();
            self.text.truncate(start + kept);
            if kept > 0 {
                if let Some(last) = self.spans.last_mut() {
                    last.end = self.text.len();
                }
                return;
            }
            self.spans.pop();
        }
    }

    /// Remove the open line and return its spans, owned (for the rare lines that need
    /// reworking as a whole).
    pub(crate) fn take_open(&mut self) -> Vec<Span<'static>> {
        let first = self.open_start();
        let spans = self.open_spans().map(|(text, style)| Span::styled(text.to_string(), style)).collect();
        let start = self.span_start(first);
        self.text.truncate(start);
        self.spans.truncate(first);
        spans
    }

    /// Remove every line, keeping the buffers.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
        self.line_ends.clear();
    }

    /// Append every line of `other` (its open line, if any, is dropped).
    pub(crate) fn append(&mut self, other: &Lines) {
        debug_assert_eq!(self.open_span_count(), 0, "append with a line open");
        let text_base = self.text.len();
        let span_base = self.spans.len();
        let other_spans = other.line_ends.last().copied().unwrap_or(0);
        let other_text = if other_spans == 0 { 0 } else { other.spans[other_spans - 1].end };
        self.text.push_str(&other.text[..other_text]);
        self.spans
            .extend(other.spans[..other_spans].iter().map(|s| SpanEnd { end: s.end + text_base, style: s.style }));
        self.line_ends.extend(other.line_ends.iter().map(|&e| e + span_base));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(lines: &[&[(&str, Style)]]) -> Lines {
        let mut out = Lines::default();
        for line in lines {
            for &(text, style) in *line {
                out.push_span(text, style);
            }
            out.end_line();
        }
        out
    }

    #[test]
    fn lines_keep_their_spans_and_text() {
        let bold = Style::new().bold();
        let lines = build(&[&[("a ", Style::new()), ("b", bold)], &[], &[("", bold), ("c", Style::new())]]);
        assert_eq!(lines.len(), 3);
        assert_eq!([lines.text(0), lines.text(1), lines.text(2), lines.text(3)], ["a b", "", "c", ""]);
        assert_eq!(lines.line(0), Line::from(vec![Span::raw("a "), Span::styled("b", bold)]));
        assert_eq!(lines.line(1), Line::default());
        assert_eq!(lines.spans(2).collect::<Vec<_>>(), [("", bold), ("c", Style::new())]);
    }

    #[test]
    fn trimming_removes_blank_spans_and_cuts_the_last() {
        let mut lines = build(&[&[("keep  ", Style::new())]]);
        for (text, style) in
            [("│ ", Style::new()), ("x  ", Style::new().bold()), ("   ", Style::new()), ("", Style::new())]
        {
            lines.push_span(text, style);
        }
        lines.trim_open_end();
        assert_eq!(lines.open_text(), "│ x");
        assert_eq!(lines.open_span_count(), 2);
        lines.end_line();
        // The line before is untouched.
        assert_eq!(lines.text(0), "keep  ");
        lines.push_span("  ", Style::new());
        lines.trim_open_end();
        lines.end_line();
        assert_eq!(lines.text(2), "");
        assert_eq!(lines.spans(2).len(), 0);
    }

    #[test]
    fn taking_the_open_line_leaves_the_rest() {
        let mut lines = build(&[&[("one", Style::new())]]);
        lines.push_span("two", Style::new().italic());
        assert_eq!(lines.take_open(), [Span::styled("two", Style::new().italic())]);
        assert_eq!(lines.open_text(), "");
        lines.push_span("three", Style::new());
        lines.end_line();
        assert_eq!([lines.text(0), lines.text(1)], ["one", "three"]);
    }

    #[test]
    fn bulk_copies_match_span_by_span() {
        let bold = Style::new().bold();
        let source = build(&[&[("x", Style::new())], &[("ab ", Style::new()), ("cd", bold)], &[]]);
        let mut copied = build(&[&[("keep", Style::new())]]);
        copied.push_span("│ ", Style::new());
        copied.push_line_of(&source, 1);
        copied.end_line();
        copied.push_line_of(&source, 2);
        copied.push_segments("ab cd", [(3, Style::new()), (5, bold)].into_iter());
        copied.end_line();
        let expected = build(&[
            &[("keep", Style::new())],
            &[("│ ", Style::new()), ("ab ", Style::new()), ("cd", bold)],
            &[("ab ", Style::new()), ("cd", bold)],
        ]);
        assert_eq!(copied, expected);
    }

    #[test]
    fn append_shifts_offsets() {
        let mut a = build(&[&[("a", Style::new())]]);
        let b = build(&[&[("b", Style::new()), ("c", Style::new().bold())], &[]]);
        a.append(&b);
        assert_eq!(a.len(), 3);
        assert_eq!(a.line(1), Line::from(vec![Span::raw("b"), Span::styled("c", Style::new().bold())]));
        assert_eq!(a.text(2), "");
    }
}
