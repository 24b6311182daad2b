//! Horizontal rules: `─` across the width left after the block prefix.

use ratatui::text::Span;

use super::Renderer;

impl Renderer<'_, '_> {
    pub(super) fn rule(&mut self, source: usize) {
        self.flush_inline();
        let line = "─".repeat(self.content_width());
        let style = self.theme.rule;
        self.emit(&[Span::styled(line, style)], source);
        self.sink().pending_blank = true;
    }
}
