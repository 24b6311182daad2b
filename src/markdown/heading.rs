//! Headings: styled per level (see `Theme::headings`), recorded for the table of contents.

use super::inline::Piece;
use super::{Heading, Renderer};

pub(crate) struct HeadingState {
    level: u8,
    source: usize,
}

impl Renderer<'_, '_> {
    pub(super) fn start_heading(&mut self, level: u8, source: usize) {
        self.flush_inline();
        self.block_source = source;
        self.heading = Some(HeadingState { level, source });
    }

    pub(super) fn end_heading(&mut self) {
        let Some(state) = self.heading.take() else {
            self.flush_inline();
            return;
        };
        let base = self.theme.heading(state.level);
        let mut pieces = std::mem::take(&mut self.inline);
        // The heading's text with whitespace runs collapsed to one space and trimmed (as
        // `split_whitespace` and `join` would), built in one pass.
        let mut text =
            String::with_capacity(pieces.iter().map(|p| if let Piece::Text(t, _) = p { t.len() } else { 1 }).sum());
        let mut gap = false;
        for piece in &mut pieces {
            match piece {
                Piece::Text(t, style) => {
                    push_collapsed(&mut text, t, &mut gap);
                    // The heading style is the base; inline styling (code, links) on top.
                    *style = base.patch(*style);
                }
                Piece::Break => gap = true,
            }
        }
        let width = self.content_width();
        self.wrapper.wrap_stored(&pieces, width);
        self.flush_pending_blank();
        let sink = self.sink();
        let line = sink.lines.len();
        sink.headings.push(Heading { level: state.level, text, line, source: state.source });
        if self.wrapper.stored_is_empty() {
            // An empty heading still gets a line so its `line` index is valid.
            self.emit(&[], state.source);
        } else {
            self.emit_stored(state.source);
        }
        self.sink().pending_blank = true;
        // Keep the buffer for the next block.
        pieces.clear();
        self.inline = pieces;
    }
}

/// Append `text` to `out` with whitespace runs as single spaces, none leading; `gap` says
/// whitespace is pending from before, and is left set if `text` ends in whitespace.
fn push_collapsed(out: &mut String, text: &str, gap: &mut bool) {
    // In printable ASCII the only whitespace is ' '; byte splitting avoids decoding chars.
    let ascii = crate::text::is_printable_ascii(text);
    let mut push = |i: usize, word: &str| {
        if i > 0 {
            *gap = true;
        }
        if !word.is_empty() {
            if *gap && !out.is_empty() {
                out.push(' ');
            }
            *gap = false;
            out.push_str(word);
        }
    };
    if ascii {
        text.split(' ').enumerate().for_each(|(i, word)| push(i, word));
    } else {
        text.split(char::is_whitespace).enumerate().for_each(|(i, word)| push(i, word));
    }
}

#[cfg(test)]
mod tests {
    use super::push_collapsed;

    #[test]
    fn collapsing_matches_split_whitespace_and_join() {
        let parts = ["", " ", "a", " b ", "c  d", "\u{a0}é\u{2003}f", "\n", "g\th", "  ", "ij"];
        for a in parts {
            for b in parts {
                for c in parts {
                    let mut out = String::new();
                    let mut gap = false;
                    for t in [a, b, c] {
                        push_collapsed(&mut out, t, &mut gap);
                    }
                    let whole = format!("{a}{b}{c}");
                    assert_eq!(out, whole.split_whitespace().collect::<Vec<_>>().join(" "), "{whole:?}");
                }
            }
        }
    }
}
