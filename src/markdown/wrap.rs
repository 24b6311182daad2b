//! Filling lines: word wrapping of styled runs, hard wrapping of verbatim text,
//! and the width safety net. All widths are display columns (unicode-width),
//! measured per grapheme cluster so a cluster is never split.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::inline::Piece;

/// Shown instead of a character that is wider than the whole line (e.g. a CJK character
/// at width 1): better a visible stand-in than overflowing the terminal.
const TOO_WIDE: &str = "?";

/// Word-wrap styled pieces into lines of at most `width` columns (no prefix).
///
/// Whitespace is a break opportunity (and collapses to one space); so is the gap between
/// two wide characters, so CJK text without spaces still wraps. Words longer than the
/// width are split at grapheme boundaries. Returns no lines for empty input.
pub(crate) fn wrap(pieces: &[Piece], width: usize) -> Vec<Vec<Span<'static>>> {
    let mut w = Wrapper::new(width.max(1));
    for piece in pieces {
        match piece {
            // Printable ASCII (most lesson text) needs no grapheme segmentation.
            Piece::Text(text, style) if text.bytes().all(|b| (0x20..0x7f).contains(&b)) => {
                w.ascii(text, *style);
            }
            Piece::Text(text, style) => {
                for g in text.graphemes(true) {
                    w.grapheme(g, *style);
                }
            }
            Piece::Break => w.hard_break(),
        }
    }
    w.finish()
}

struct Wrapper {
    width: usize,
    lines: Vec<Vec<Span<'static>>>,
    cur: Vec<Span<'static>>,
    cur_w: usize,
    /// The word being collected: its text and styled segments as (end offset, style).
    /// Reused between words so wrapping does not allocate per word.
    word: String,
    segments: Vec<(usize, Style)>,
    word_w: usize,
    word_last_wide: bool,
    /// Whitespace seen since the last word (with its style, so underlined links keep
    /// their underline across the gap).
    space: Option<Style>,
}

impl Wrapper {
    fn new(width: usize) -> Self {
        Wrapper {
            width,
            lines: Vec::new(),
            cur: Vec::new(),
            cur_w: 0,
            word: String::new(),
            segments: Vec::new(),
            word_w: 0,
            word_last_wide: false,
            space: None,
        }
    }

    /// Fast path for printable ASCII: whole words at a time, one column per byte.
    fn ascii(&mut self, text: &str, style: Style) {
        for (i, part) in text.split(' ').enumerate() {
            if i > 0 {
                self.flush_word();
                self.space.get_or_insert(style);
            }
            if !part.is_empty() {
                self.append(part, part.len(), false, style);
            }
        }
    }

    fn append(&mut self, text: &str, width: usize, wide: bool, style: Style) {
        self.word.push_str(text);
        match self.segments.last_mut() {
            Some((end, s)) if *s == style => *end = self.word.len(),
            _ => self.segments.push((self.word.len(), style)),
        }
        self.word_w += width;
        self.word_last_wide = wide;
    }

    fn grapheme(&mut self, g: &str, style: Style) {
        if g.chars().all(char::is_whitespace) {
            self.flush_word();
            self.space.get_or_insert(style);
            return;
        }
        let gw = g.width();
        // "Wide" means an East Asian wide base character, not a cluster that merely
        // measures 2 (Indic syllables can, and must not be broken apart).
        let wide = g.chars().next().and_then(|c| c.width()) == Some(2);
        if wide && self.word_last_wide {
            // Break opportunity between two wide (CJK) characters, without a space.
            self.flush_word();
        }
        self.append(g, gw, wide, style);
    }

    fn hard_break(&mut self) {
        self.flush_word();
        self.space = None;
        self.new_line();
    }

    fn new_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.cur));
        self.cur_w = 0;
    }

    fn push(&mut self, text: &str, width: usize, style: Style) {
        push_span(&mut self.cur, text, style);
        self.cur_w += width;
    }

    fn flush_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let space = self.space.take().filter(|_| self.cur_w > 0);
        let word = std::mem::take(&mut self.word);
        let segments = std::mem::take(&mut self.segments);
        let mut word_w = std::mem::replace(&mut self.word_w, 0);
        if !word.is_ascii() {
            // unicode-width is context-sensitive (e.g. Indic spacing marks), and terminals
            // and ratatui measure whole strings, so measure the word as one string.
            word_w = word_w.max(word.width());
        }
        self.word_last_wide = false;
        let need = word_w + usize::from(space.is_some());
        let fits_here = self.cur_w + need <= self.width;
        if fits_here {
            if let Some(s) = space {
                self.push(" ", 1, s);
            }
        } else if self.cur_w > 0 {
            self.new_line();
        }
        let mut start = 0;
        for &(end, style) in &segments {
            let text = word.get(start..end).unwrap_or("");
            start = end;
            if fits_here || word_w <= self.width {
                push_span(&mut self.cur, text, style);
                continue;
            }
            // Longer than a whole line: split at grapheme boundaries.
            if text.bytes().all(|b| (0x21..0x7f).contains(&b)) {
                // Printable ASCII: one column per byte, cut in slices.
                let mut rest = text;
                while !rest.is_empty() {
                    if self.cur_w >= self.width {
                        self.new_line();
                    }
                    let take = (self.width - self.cur_w).min(rest.len());
                    let (head, tail) = rest.split_at(take);
                    self.push(head, take, style);
                    rest = tail;
                }
                continue;
            }
            for g in text.graphemes(true) {
                fit_units(g, self.width, |unit, uw| {
                    if self.cur_w + uw > self.width && self.cur_w > 0 {
                        self.new_line();
                    }
                    self.push(unit, uw, style);
                });
            }
        }
        if fits_here || word_w <= self.width {
            self.cur_w += word_w;
        }
        // Hand the buffers back so their capacity is reused.
        self.word = word;
        self.word.clear();
        self.segments = segments;
        self.segments.clear();
    }

    fn finish(mut self) -> Vec<Vec<Span<'static>>> {
        self.flush_word();
        if !self.cur.is_empty() {
            self.lines.push(self.cur);
        }
        self.lines
    }
}

/// Hand a grapheme to `place` as placeable units. Normally the grapheme itself; only a
/// cluster wider than the whole line is broken into chars (and a char wider than the line
/// is replaced) because the width limit outranks cluster integrity.
fn fit_units(g: &str, width: usize, mut place: impl FnMut(&str, usize)) {
    let gw = g.width();
    if gw <= width {
        return place(g, gw);
    }
    let mut buf = [0u8; 4];
    for c in g.chars() {
        let cw = c.width().unwrap_or(0);
        if cw <= width {
            place(c.encode_utf8(&mut buf), cw);
        } else {
            place(TOO_WIDE, 1);
        }
    }
}

/// Append text to the last span if it has the same style, else start a new span.
pub(crate) fn push_span(spans: &mut Vec<Span<'static>>, text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.style == style => last.content.to_mut().push_str(text),
        _ => spans.push(Span::styled(text.to_string(), style)),
    }
}

/// Hard-wrap one verbatim line (code, raw HTML) to `width` columns. Continuation pieces
/// start with a visible `↪` so a wrapped line is never mistaken for two lines.
pub(crate) fn hard_wrap(text: &str, style: Style, width: usize, mark_style: Style) -> Vec<Vec<Span<'static>>> {
    let width = width.max(1);
    // Below width 3 the mark would leave no room for a double-width character (which
    // would then become `?`); wrap without it.
    let use_mark = width >= 3;
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    let mut first = true;
    let finish = |cur: &mut String, first: bool, lines: &mut Vec<Vec<Span<'static>>>| {
        let mut spans = Vec::new();
        if !first && use_mark {
            spans.push(Span::styled("↪", mark_style));
        }
        if !cur.is_empty() {
            spans.push(Span::styled(std::mem::take(cur), style));
        }
        lines.push(spans);
    };
    for g in text.graphemes(true) {
        let limit = if first || !use_mark { width } else { width - 1 };
        fit_units(g, limit, |unit, uw| {
            let limit = if first || !use_mark { width } else { width - 1 };
            if cur_w + uw > limit && cur_w > 0 {
                finish(&mut cur, first, &mut lines);
                first = false;
                cur_w = 0;
            }
            cur.push_str(unit);
            cur_w += uw;
        });
    }
    finish(&mut cur, first, &mut lines);
    lines
}

/// Cut spans to at most `budget` columns (used for prefixes at very narrow widths).
pub(crate) fn truncate_spans(spans: Vec<Span<'static>>, budget: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= budget {
        return spans;
    }
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let mut text = String::new();
        for g in span.content.graphemes(true) {
            let gw = g.width();
            if used + gw > budget {
                break;
            }
            used += gw;
            text.push_str(g);
        }
        if !text.is_empty() {
            out.push(Span::styled(text, span.style));
        }
        if used >= budget {
            break;
        }
    }
    out
}

/// Remove trailing whitespace (padding, empty prefixes) so lines end in content.
pub(crate) fn trim_end(spans: &mut Vec<Span<'static>>) {
    while let Some(last) = spans.last_mut() {
        let trimmed = last.content.trim_end().len();
        if trimmed == 0 {
            spans.pop();
        } else {
            if trimmed < last.content.len() {
                last.content.to_mut().truncate(trimmed);
            }
            return;
        }
    }
}

/// Width of the spans' concatenated text (unicode-width is context-sensitive, so this can
/// differ from the sum of span widths).
pub(crate) fn plain_width(spans: &[Span<'_>]) -> usize {
    if spans.len() == 1 {
        return spans[0].content.width();
    }
    let mut s = String::new();
    for span in spans {
        s.push_str(&span.content);
    }
    s.width()
}

/// Split an over-wide line char by char, measuring the accumulated text so that both the
/// per-span and the whole-line measure stay within `width`. Only runs for lines that
/// overflowed, which the normal paths avoid, so its extra cost does not matter.
pub(crate) fn enforce_width(spans: Vec<Span<'static>>, width: usize) -> Vec<Vec<Span<'static>>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut plain = String::new();
    let mut buf = [0u8; 4];
    for span in spans {
        for c in span.content.chars() {
            let unit: &str = if c.width().unwrap_or(0) > width { TOO_WIDE } else { c.encode_utf8(&mut buf) };
            let mut candidate = cur.clone();
            push_span(&mut candidate, unit, span.style);
            let mut cand_plain = plain.clone();
            cand_plain.push_str(unit);
            let fits =
                cand_plain.width() <= width && candidate.iter().map(|s| s.content.width()).sum::<usize>() <= width;
            if fits || cur.is_empty() {
                cur = candidate;
                plain = cand_plain;
            } else {
                lines.push(std::mem::take(&mut cur));
                push_span(&mut cur, unit, span.style);
                plain = unit.to_string();
            }
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines.iter().map(|l| l.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    fn text(s: &str) -> Vec<Piece> {
        vec![Piece::Text(s.to_string(), Style::new())]
    }

    #[test]
    fn wraps_words_and_splits_long_ones() {
        let lines = wrap(&text("aa bb cc   dddddddd"), 5);
        assert_eq!(plain(&lines), ["aa bb", "cc", "ddddd", "ddd"]);
    }

    #[test]
    fn cjk_breaks_between_wide_chars() {
        let lines = wrap(&text("日本語のテキスト"), 6);
        assert_eq!(plain(&lines), ["日本語", "のテキ", "スト"]);
    }

    #[test]
    fn hard_wrap_marks_continuations() {
        let lines = hard_wrap("abcdefgh", Style::new(), 4, Style::new());
        assert_eq!(plain(&lines), ["abcd", "↪efg", "↪h"]);
    }

    #[test]
    fn wide_char_at_width_one_is_replaced_not_overflowed() {
        let lines = wrap(&text("日"), 1);
        assert_eq!(plain(&lines), ["?"]);
    }
}
