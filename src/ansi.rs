//! Styled lines to text for a terminal or a pipe.

use std::fmt::Write as _;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

/// How much styling the output may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Styling {
    /// No escape sequences at all: pipes, files, `--plain`, screen readers.
    Plain,
    /// Bold, italic, underline and the like, but no colour (`NO_COLOR`).
    NoColor,
    Full,
}

impl Styling {
    /// What a front end should use, given whether stdout is a terminal and the environment.
    pub fn detect(is_terminal: bool, plain_requested: bool) -> Styling {
        if plain_requested || !is_terminal {
            Styling::Plain
        } else if no_color() {
            Styling::NoColor
        } else {
            Styling::Full
        }
    }
}

/// `NO_COLOR` set to anything but the empty string (no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// One line as text. Content is assumed sanitized (the renderer does it).
pub fn line_to_string(line: &Line<'_>, styling: Styling) -> String {
    let mut out = String::new();
    for span in &line.spans {
        let style = line.style.patch(span.style);
        let codes = if styling == Styling::Plain { String::new() } else { sgr_codes(style, styling == Styling::Full) };
        if codes.is_empty() {
            out.push_str(&span.content);
        } else {
            let _ = write!(out, "\x1b[{codes}m{}\x1b[0m", span.content);
        }
    }
    // Trailing padding only matters on a screen.
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out
}

fn sgr_codes(style: Style, color: bool) -> String {
    let mut codes: Vec<String> = Vec::new();
    let modifiers = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (modifier, code) in modifiers {
        if style.add_modifier.contains(modifier) {
            codes.push(code.to_string());
        }
    }
    if color {
        if let Some(fg) = style.fg.and_then(|c| color_code(c, false)) {
            codes.push(fg);
        }
        if let Some(bg) = style.bg.and_then(|c| color_code(c, true)) {
            codes.push(bg);
        }
    }
    codes.join(";")
}

fn color_code(color: Color, background: bool) -> Option<String> {
    let base = if background { 40 } else { 30 };
    let bright = if background { 100 } else { 90 };
    let code = match color {
        Color::Reset => return None,
        Color::Black => base,
        Color::Red => base + 1,
        Color::Green => base + 2,
        Color::Yellow => base + 3,
        Color::Blue => base + 4,
        Color::Magenta => base + 5,
        Color::Cyan => base + 6,
        Color::Gray => base + 7,
        Color::DarkGray => bright,
        Color::LightRed => bright + 1,
        Color::LightGreen => bright + 2,
        Color::LightYellow => bright + 3,
        Color::LightBlue => bright + 4,
        Color::LightMagenta => bright + 5,
        Color::LightCyan => bright + 6,
        Color::White => bright + 7,
        Color::Indexed(i) => return Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => return Some(format!("{};2;{r};{g};{b}", base + 8)),
    };
    Some(code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    fn sample() -> Line<'static> {
        Line::from(vec![Span::styled("Bold", Style::new().bold().fg(Color::Cyan)), Span::raw(" text  ")])
    }

    #[test]
    fn plain_has_no_escapes_and_no_trailing_blanks() {
        assert_eq!(line_to_string(&sample(), Styling::Plain), "Bold text");
    }

    #[test]
    fn no_color_keeps_bold_but_drops_colour() {
        assert_eq!(line_to_string(&sample(), Styling::NoColor), "\x1b[1mBold\x1b[0m text");
        assert_eq!(line_to_string(&sample(), Styling::Full), "\x1b[1;36mBold\x1b[0m text");
    }
}
