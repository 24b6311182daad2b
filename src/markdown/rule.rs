//! Horizontal rules: `─` across the width left after the block prefix.

use ratatui::text::Span;

use super::Renderer;

impl Renderer<'_, '_> {
    pub(super) fn rule(&mut self, source: usize) {
        self.flush_inline();
        let width = self.content_width();
        let line = "─".repeat(width);
        let style = self.theme.rule;
        // One column per `─`: no need to measure it again.
        self.emit_known(&[Span::styled(line, style)], source, Some(width));
        self.sink().pending_blank = true;
    }
}
