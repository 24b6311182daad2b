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
        let mut text = String::new();
        for piece in &mut pieces {
            match piece {
                Piece::Text(t, style) => {
                    text.push_str(t);
                    // The heading style is the base; inline styling (code, links) on top.
                    *style = base.patch(*style);
                }
                Piece::Break => text.push(' '),
            }
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut lines = self.wrap(&pieces, self.content_width());
        if lines.is_empty() {
            // An empty heading still gets a line so its `line` index is valid.
            lines.push(Vec::new());
        }
        self.flush_pending_blank();
        let sink = self.sink();
        let line = sink.lines.len();
        sink.headings.push(Heading { level: state.level, text, line, source: state.source });
        self.emit_wrapped(lines, state.source);
        self.sink().pending_blank = true;
    }
}
