//! In-document search: matches over the rendered plain lines, and
//! highlighting of those matches in styled lines.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
    /// Byte range in the line's plain text.
    pub start: usize,
    pub end: usize,
}

/// Smart case, as in less and vim: case matters only if the query has a capital.
pub fn find_matches<'l>(lines: impl IntoIterator<Item = &'l str>, query: &str) -> Vec<Match> {
    if query.is_empty() {
        return Vec::new();
    }
    let case_sensitive = query.chars().any(char::is_uppercase);
    let needle = if case_sensitive { query.to_string() } else { query.to_lowercase() };
    let mut matches = Vec::new();
    for (index, line) in lines.into_iter().enumerate() {
        // Lower-casing can change byte lengths (e.g. 'İ'); only search lines where it does not.
        let haystack = if case_sensitive { Cow::Borrowed(line) } else { Cow::Owned(line.to_lowercase()) };
        if haystack.len() != line.len() {
            continue_with_exact(index, line, query, &mut matches);
            continue;
        }
        let mut from = 0;
        while let Some(found) = haystack.get(from..).and_then(|rest| rest.find(&needle)) {
            let start = from + found;
            let end = start + needle.len();
            matches.push(Match { line: index, start, end });
            from = end.max(start + 1);
            while from < haystack.len() && !haystack.is_char_boundary(from) {
                from += 1;
            }
        }
    }
    matches
}

fn continue_with_exact(index: usize, line: &str, query: &str, matches: &mut Vec<Match>) {
    for (start, found) in line.match_indices(query) {
        matches.push(Match { line: index, start, end: start + found.len() });
    }
}

/// A copy of `line` with the byte ranges (of its plain text) restyled.
/// `ranges` are sorted and do not overlap.
pub fn highlight<'l>(line: &'l Line<'_>, ranges: &[(usize, usize, Style)]) -> Line<'l> {
    let mut spans = Vec::with_capacity(line.spans.len() + ranges.len() * 2);
    let mut offset = 0;
    for span in &line.spans {
        let text = span.content.as_ref();
        let span_end = offset + text.len();
        let mut cursor = 0;
        for &(start, end, style) in ranges {
            if end <= offset || start >= span_end {
                continue;
            }
            let local_start = start.saturating_sub(offset).max(cursor);
            let local_end = (end - offset).min(text.len());
            if !(text.is_char_boundary(local_start) && text.is_char_boundary(local_end)) || local_start >= local_end {
                continue;
            }
            if local_start > cursor {
                spans.push(Span::styled(&text[cursor..local_start], span.style));
            }
            spans.push(Span::styled(&text[local_start..local_end], span.style.patch(style)));
            cursor = local_end;
        }
        if cursor < text.len() {
            spans.push(Span::styled(&text[cursor..], span.style));
        }
        offset = span_end;
    }
    let mut highlighted = Line::from(spans);
    highlighted.style = line.style;
    highlighted.alignment = line.alignment;
    highlighted
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn smart_case() {
        let lines = ["Data and data", "DATA"];
        assert_eq!(find_matches(lines, "data").len(), 3);
        assert_eq!(find_matches(lines, "Data"), vec![Match { line: 0, start: 0, end: 4 }]);
    }

    #[test]
    fn highlight_splits_across_spans() {
        let line = Line::from(vec![Span::raw("ab"), Span::styled("cd", Style::new().bold())]);
        let mark = Style::new().bg(Color::Yellow);
        let out = highlight(&line, &[(1, 3, mark)]);
        let parts: Vec<(&str, Style)> = out.spans.iter().map(|s| (s.content.as_ref(), s.style)).collect();
        assert_eq!(parts[0], ("a", Style::new()));
        assert_eq!(parts[1], ("b", mark));
        assert_eq!(parts[2].0, "c");
        assert!(parts[2].1.add_modifier.contains(Modifier::BOLD));
        assert_eq!(parts[2].1.bg, Some(Color::Yellow));
        assert_eq!(parts[3].0, "d");
    }
}
