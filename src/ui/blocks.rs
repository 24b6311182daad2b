//! Building wrapped, styled lines for the quiz, drill and report screens:
//! prompts go through the Markdown renderer, options get a hanging indent.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::markdown;
use crate::sanitize::sanitize;

pub struct Blocks {
    width: u16,
    lines: Vec<Line<'static>>,
}

impl Blocks {
    pub fn new(width: u16) -> Blocks {
        Blocks { width: width.max(1), lines: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn into_lines(self) -> Vec<Line<'static>> {
        self.lines
    }

    pub fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    /// Markdown text (prompts and explanations), wrapped by the renderer.
    pub fn markdown(&mut self, text: &str) {
        self.lines.extend(markdown::render(text, self.width).to_owned_lines());
    }

    /// A plain wrapped paragraph in one style.
    pub fn plain(&mut self, text: &str, style: Style) {
        self.item("", text, style);
    }

    /// `prefix` then `text`, wrapped with continuation lines indented under the text.
    pub fn item(&mut self, prefix: &str, text: &str, style: Style) {
        let prefix = sanitize(prefix).into_owned();
        let prefix_width = prefix.width();
        let room = usize::from(self.width).saturating_sub(prefix_width).max(1);
        // With no room for text beside the prefix, drop the indent instead of overflowing.
        let (prefix, indent) = if prefix_width >= usize::from(self.width) {
            (String::new(), String::new())
        } else {
            let indent = " ".repeat(prefix_width);
            (prefix, indent)
        };
        let room = if prefix.is_empty() { usize::from(self.width) } else { room };
        for (index, piece) in wrap(&sanitize(text), room).into_iter().enumerate() {
            let lead = if index == 0 { prefix.clone() } else { indent.clone() };
            self.lines.push(Line::from(vec![Span::styled(lead, style), Span::styled(piece, style)]));
        }
    }

    /// Pre-built lines, as they are.
    pub fn lines(&mut self, lines: impl IntoIterator<Item = Line<'static>>) {
        self.lines.extend(lines);
    }
}

/// Top line that keeps `line` visible in a view of `height` rows, near the top third.
pub fn scroll_to_show(line: usize, height: usize) -> usize {
    if line < height.saturating_sub(1) { 0 } else { line + 1 - height.saturating_sub(height / 3).max(1) }
}

/// Greedy word wrap by display width; words longer than the width are split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split([' ', '\t']).filter(|w| !w.is_empty()) {
            let word_width = word.width();
            let gap = usize::from(used > 0);
            if used + gap + word_width <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + word_width;
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > width && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += w;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_fits_and_splits_long_words() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
        for line in wrap("数据分类 和 身份 与 访问", 5) {
            assert!(line.width() <= 5, "{line}");
        }
    }

    #[test]
    fn items_hang_under_their_text() {
        let mut blocks = Blocks::new(12);
        blocks.item("> 1. ", "alpha beta gamma", Style::new());
        let text: Vec<String> =
            blocks.into_lines().iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect();
        assert_eq!(text, vec!["> 1. alpha", "     beta", "     gamma"]);
    }
}
