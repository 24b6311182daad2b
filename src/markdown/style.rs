//! Every style the renderer uses, as data in one place.

use ratatui::style::{Color, Modifier, Style};

/// All styles used by the renderer. `Default` gives modest colours that read well on
/// both dark and light terminals (named ANSI colours, so the terminal palette decides).
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// H1..H6, each distinct.
    pub headings: [Style; 6],
    pub emphasis: Style,
    pub strong: Style,
    pub strikethrough: Style,
    pub inline_code: Style,
    pub code_block: Style,
    /// The fence's language tag and the `↪` continuation mark of hard-wrapped code.
    pub code_meta: Style,
    pub link: Style,
    /// `[1]` after a link or image, and `[^1]` for footnotes.
    pub reference: Style,
    pub image: Style,
    pub quote_bar: Style,
    pub list_marker: Style,
    pub task_done: Style,
    pub task_todo: Style,
    pub rule: Style,
    /// Table borders, and the padding spaces beside the bars (so a background colour
    /// here frames each cell).
    pub table_border: Style,
    pub table_header: Style,
    pub html: Style,
    /// Titles of the generated "Footnotes" and "Links" sections.
    pub section_title: Style,
}

impl Default for Theme {
    fn default() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        Theme {
            headings: [
                bold.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED),
                bold.fg(Color::Cyan),
                bold,
                bold.add_modifier(Modifier::ITALIC),
                Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
                Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM),
            ],
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: bold,
            strikethrough: Style::new().add_modifier(Modifier::CROSSED_OUT),
            inline_code: Style::new().fg(Color::Yellow),
            code_block: Style::new().fg(Color::Yellow),
            code_meta: dim,
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            reference: dim,
            image: dim.add_modifier(Modifier::ITALIC),
            quote_bar: Style::new().fg(Color::DarkGray),
            list_marker: Style::new().fg(Color::Cyan),
            task_done: Style::new().fg(Color::Green),
            task_todo: Style::new().fg(Color::Cyan),
            rule: Style::new().fg(Color::DarkGray),
            table_border: Style::new().fg(Color::DarkGray),
            table_header: bold,
            html: dim,
            section_title: bold.add_modifier(Modifier::DIM),
        }
    }
}

impl Theme {
    /// Style for a heading of `level` (1..=6; out-of-range levels are clamped).
    pub fn heading(&self, level: u8) -> Style {
        let i = usize::from(level.clamp(1, 6)) - 1;
        self.headings[i]
    }
}
