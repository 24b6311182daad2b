//! Colours and styles of the screens, as data.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone)]
pub struct Theme {
    pub title: Style,
    pub status: Style,
    pub key_hint: Style,
    pub selected: Style,
    pub dim: Style,
    pub notice: Style,
    pub read: Style,
    pub in_progress: Style,
    pub wrong: Style,
    pub search_match: Style,
    pub current_match: Style,
    pub popup_border: Style,
    pub scrollbar: Style,
    /// `NO_COLOR`: colours are stripped after drawing, modifiers stay.
    pub no_color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            status: Style::new().add_modifier(Modifier::REVERSED),
            key_hint: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().add_modifier(Modifier::DIM),
            notice: Style::new().fg(Color::Yellow),
            read: Style::new().fg(Color::Green),
            in_progress: Style::new().fg(Color::Yellow),
            wrong: Style::new().fg(Color::Red),
            search_match: Style::new().fg(Color::Black).bg(Color::Yellow),
            current_match: Style::new().fg(Color::Black).bg(Color::LightRed).add_modifier(Modifier::BOLD),
            popup_border: Style::new().fg(Color::Cyan),
            scrollbar: Style::new().fg(Color::DarkGray),
            no_color: false,
        }
    }
}

impl Theme {
    pub fn from_env() -> Self {
        if crate::ansi::no_color() { Theme::monochrome() } else { Theme::default() }
    }

    /// For `NO_COLOR`: everything that colour would distinguish uses modifiers.
    pub fn monochrome() -> Self {
        Theme {
            search_match: Style::new().add_modifier(Modifier::REVERSED),
            current_match: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            read: Style::new().add_modifier(Modifier::BOLD),
            no_color: true,
            ..Theme::default()
        }
    }

    /// Remove every colour from a drawn area; bold, reverse and the like stay,
    /// so selection and matches remain visible without colour.
    pub fn strip_colors(buf: &mut Buffer, area: Rect) {
        let area = area.intersection(buf.area);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                if let Some(cell) = buf.cell_mut((x, y)) {
                    cell.set_fg(Color::Reset);
                    cell.set_bg(Color::Reset);
                }
            }
        }
    }
}
