//! Pop-ups drawn over a screen: the help (from the key table) and the
//! lesson's table of contents.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

use super::keys::{self, Context};
use super::pager::clipped;
use super::theme::Theme;
use crate::markdown::Heading;

pub enum Overlay {
    /// Help for the screen it was opened from.
    Help(Context),
    Contents(ContentsState),
}

pub struct ContentsState {
    entries: Vec<(u8, String, usize)>,
    pub selected: usize,
}

impl ContentsState {
    /// Starts on the heading of the section being read.
    pub fn new(headings: &[Heading], top: usize) -> Self {
        let entries: Vec<_> = headings.iter().map(|h| (h.level, h.text.clone(), h.line)).collect();
        let selected = entries.iter().rposition(|e| e.2 <= top).unwrap_or(0);
        ContentsState { entries, selected }
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.entries.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn selected_line(&self) -> usize {
        self.entries.get(self.selected).map_or(0, |e| e.2)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let min_level = self.entries.iter().map(|e| e.0).min().unwrap_or(1);
        let widest = self
            .entries
            .iter()
            .map(|e| usize::from(e.0 - min_level) * 2 + unicode_width::UnicodeWidthStr::width(e.1.as_str()))
            .max()
            .unwrap_or(10);
        let popup = popup_area(area, widest as u16 + 4, self.entries.len() as u16 + 2);
        let inner = frame(popup, buf, " Contents ", "Enter jump · Esc close", theme);
        let rows = usize::from(inner.height);
        let first = (self.selected + 1).saturating_sub(rows);
        for (row, (index, (level, text, _))) in self.entries.iter().enumerate().skip(first).take(rows).enumerate() {
            let indent = "  ".repeat(usize::from(level - min_level));
            let mut line = clipped(&format!(" {indent}{text}"), usize::from(inner.width));
            if index == self.selected {
                line = line.style(theme.selected);
            } else if *level == min_level {
                line = line.style(theme.key_hint);
            }
            let y = inner.y + row as u16;
            buf.set_style(
                Rect { y, height: 1, ..inner },
                if index == self.selected { theme.selected } else { Default::default() },
            );
            buf.set_line(inner.x, y, &line, inner.width);
        }
    }
}

pub fn render_help(context: Context, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let rows = keys::help_rows(context);
    let key_width = rows.iter().map(|r| unicode_width::UnicodeWidthStr::width(r.0.as_str())).max().unwrap_or(4);
    let text_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(10);
    let title = match context {
        Context::Outline => " Keys: course outline ",
        Context::Pager => " Keys: reading a lesson ",
        Context::Contents => " Keys: contents ",
        Context::Help => " Keys ",
        Context::Quiz => " Keys: quiz ",
        Context::Drill => " Keys: drill ",
        Context::Grid => " Keys: matrix grid ",
        Context::Assess => " Keys: self-assessment ",
    };
    let popup = popup_area(area, (key_width + text_width + 6) as u16, rows.len() as u16 + 2);
    let inner = frame(popup, buf, title, "Esc close", theme);
    for (row, (keys, help)) in rows.iter().enumerate().take(usize::from(inner.height)) {
        let line = Line::from(vec![Span::styled(format!(" {keys:>key_width$}  "), theme.key_hint), Span::raw(*help)]);
        buf.set_line(inner.x, inner.y + row as u16, &line, inner.width);
    }
}

/// A bordered, cleared box; returns the inside.
fn frame(popup: Rect, buf: &mut Buffer, title: &str, footer: &str, theme: &Theme) -> Rect {
    Clear.render(popup, buf);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.popup_border)
        .title(title);
    if popup.width as usize > footer.len() + 4 {
        block = block.title_bottom(Line::from(format!(" {footer} ")).right_aligned());
    }
    let inner = block.inner(popup);
    block.render(popup, buf);
    inner
}

/// Centred box of the wanted size, shrunk to fit the area.
fn popup_area(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }
}
