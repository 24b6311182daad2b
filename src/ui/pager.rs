//! The lesson pager: a rendered lesson, a scroll position, search, and the
//! status line. Wrapping happens once per width; a frame draws only the
//! visible rows.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};

use super::search::{self, Match};
use super::theme::Theme;
use crate::course::Lesson;
use crate::markdown::{self, Rendered};

/// Lines are not wrapped wider than this, however wide the window: long
/// lines are hard to read.
pub const MAX_TEXT_WIDTH: u16 = 100;

pub struct Pager {
    pub lesson: usize,
    width: u16,
    pub doc: Rendered,
    pub top: usize,
    view_height: usize,
    pub search: Search,
    /// The last line has been on screen: the lesson counts as read.
    pub reached_end: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Search {
    /// Some while the learner is typing a query.
    pub input: Option<String>,
    pub query: String,
    pub matches: Vec<Match>,
    pub current: Option<usize>,
    /// Top line when typing started, to return to on Esc.
    origin: usize,
}

/// Text width and left margin for a window width.
pub fn text_geometry(window_width: u16) -> (u16, u16) {
    // One column for the scrollbar, one of margin each side when there is room.
    let margin = if window_width >= 30 { 2 } else { 0 };
    let width = window_width.saturating_sub(1 + margin).clamp(1, MAX_TEXT_WIDTH);
    (width, margin / 2)
}

/// Rows of text between the title line and the status line.
pub fn view_height(window_height: u16) -> usize {
    usize::from(window_height.saturating_sub(2)).max(1)
}

impl Pager {
    /// Open at a saved position: a source offset and how many lines into that passage.
    pub fn open(lesson_index: usize, lesson: &Lesson, size: (u16, u16), position: (usize, usize)) -> Pager {
        let (width, _) = text_geometry(size.0);
        let doc = markdown::render(&lesson.text, width);
        let mut pager = Pager {
            lesson: lesson_index,
            width,
            doc,
            top: 0,
            view_height: view_height(size.1),
            search: Search::default(),
            reached_end: false,
        };
        if position != (0, 0) {
            pager.top = pager.line_at(position);
        }
        pager.clamp();
        pager
    }

    /// Re-wrap for a new window size and stay on the same passage.
    pub fn resize(&mut self, lesson: &Lesson, size: (u16, u16)) {
        self.view_height = view_height(size.1);
        let (width, _) = text_geometry(size.0);
        if width != self.width {
            let (source, lines_into_block) = self.anchor();
            self.doc = markdown::render(&lesson.text, width);
            self.width = width;
            self.top = self.line_at((source, lines_into_block));
            self.refresh_matches();
        }
        self.clamp();
    }

    /// The line `lines_into` lines into the passage at `source` (clamped to the passage).
    fn line_at(&self, (source, lines_into): (usize, usize)) -> usize {
        let first = self.doc.line_for_source(source);
        let passage = self.doc.sources.iter().skip(first).take_while(|&&s| s == source).count();
        first + lines_into.min(passage.saturating_sub(1))
    }

    /// The source offset of the top line and how far into its passage it is.
    pub fn anchor(&self) -> (usize, usize) {
        let Some(&source) = self.doc.sources.get(self.top) else { return (0, 0) };
        let into = self.doc.sources[..self.top].iter().rev().take_while(|&&s| s == source).count();
        (source, into)
    }

    pub fn max_top(&self) -> usize {
        self.doc.len().saturating_sub(self.view_height)
    }

    pub fn view_height(&self) -> usize {
        self.view_height
    }

    pub fn scroll_by(&mut self, delta: isize) {
        self.top = self.top.saturating_add_signed(delta);
        self.clamp();
    }

    pub fn scroll_to(&mut self, line: usize) {
        self.top = line;
        self.clamp();
    }

    fn clamp(&mut self) {
        self.top = self.top.min(self.max_top());
        if self.top + self.view_height >= self.doc.len() {
            self.reached_end = true;
        }
    }

    /// Percentage through the lesson, by the bottom of the screen.
    pub fn percent(&self) -> usize {
        let total = self.doc.len().max(1);
        ((self.top + self.view_height).min(total) * 100) / total
    }

    // --- search ---

    pub fn start_search(&mut self) {
        self.search.origin = self.top;
        self.search.input = Some(String::new());
    }

    /// Incremental: every keystroke re-searches and shows the first match from where typing began.
    pub fn edit_search(&mut self, text: String) {
        self.search.query = text.clone();
        self.search.input = Some(text);
        self.refresh_matches();
        self.search.current = self
            .search
            .matches
            .iter()
            .position(|m| m.line >= self.search.origin)
            .or(if self.search.matches.is_empty() { None } else { Some(0) });
        match self.search.current {
            Some(index) => self.reveal(index),
            None => self.top = self.search.origin,
        }
        self.clamp();
    }

    pub fn confirm_search(&mut self) {
        self.search.input = None;
    }

    pub fn cancel_search(&mut self) {
        self.search = Search { origin: self.search.origin, ..Search::default() };
        self.top = self.search.origin;
        self.clamp();
    }

    fn refresh_matches(&mut self) {
        self.search.matches = if self.search.query.is_empty() {
            Vec::new()
        } else {
            search::find_matches(self.doc.texts(), &self.search.query)
        };
        if self.search.current.is_some_and(|c| c >= self.search.matches.len()) {
            self.search.current = None;
        }
    }

    /// Step to the next (or previous) match, wrapping around the document.
    /// Returns true when the step wrapped.
    pub fn step_match(&mut self, forward: bool) -> bool {
        let count = self.search.matches.len();
        if count == 0 {
            return false;
        }
        let (next, wrapped) = match self.search.current {
            Some(current) if forward => ((current + 1) % count, current + 1 == count),
            Some(current) => ((current + count - 1) % count, current == 0),
            None if forward => match self.search.matches.iter().position(|m| m.line >= self.top) {
                Some(index) => (index, false),
                None => (0, true),
            },
            None => match self.search.matches.iter().rposition(|m| m.line < self.top + self.view_height) {
                Some(index) => (index, false),
                None => (count - 1, true),
            },
        };
        self.search.current = Some(next);
        self.reveal(next);
        wrapped
    }

    /// Scroll so a match is on screen, a third of the way down if it has to move.
    fn reveal(&mut self, index: usize) {
        let Some(found) = self.search.matches.get(index) else { return };
        if found.line < self.top || found.line >= self.top + self.view_height {
            self.top = found.line.saturating_sub(self.view_height / 3);
        }
        self.clamp();
    }

    // --- drawing ---

    pub fn render_text(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let (_, margin) = text_geometry(area.width.saturating_add(1));
        let text_area = Rect { x: area.x + margin, width: area.width.saturating_sub(margin), ..area };
        let visible = (self.top..self.doc.len()).take(usize::from(area.height));
        for (row, index) in visible.enumerate() {
            let line = self.doc.line(index);
            // Matches are in line order: find this line's by binary search, not a scan
            // of every match on every visible row.
            let first = self.search.matches.partition_point(|m| m.line < index);
            let ranges: Vec<(usize, usize, Style)> = self
                .search
                .matches
                .iter()
                .enumerate()
                .skip(first)
                .take_while(|(_, m)| m.line == index)
                .map(|(i, m)| {
                    (
                        m.start,
                        m.end,
                        if Some(i) == self.search.current { theme.current_match } else { theme.search_match },
                    )
                })
                .collect();
            let y = text_area.y + row as u16;
            if ranges.is_empty() {
                buf.set_line(text_area.x, y, &line, text_area.width);
            } else {
                buf.set_line(text_area.x, y, &search::highlight(&line, &ranges), text_area.width);
            }
        }
    }

    pub fn render_scrollbar(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        if self.doc.len() <= self.view_height {
            return;
        }
        let mut state =
            ScrollbarState::new(self.max_top()).position(self.top).viewport_content_length(self.view_height);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .track_symbol(Some("│"))
            .thumb_symbol("┃")
            .begin_symbol(None)
            .end_symbol(None)
            .style(theme.scrollbar)
            .render(area, buf, &mut state);
    }

    /// Bottom line: the search prompt while typing, else position and match counter.
    pub fn status_left(&self) -> Vec<Span<'static>> {
        if let Some(input) = &self.search.input {
            let counter = match self.search.matches.len() {
                0 if input.is_empty() => String::new(),
                0 => "  no matches".to_string(),
                n => format!("  {n} matches"),
            };
            return vec![Span::raw(format!("/{input}")), Span::raw("▏"), Span::raw(counter)];
        }
        let mut parts = vec![Span::raw(format!("{:>3}%", self.percent()))];
        if !self.search.query.is_empty() {
            let text = match (self.search.current, self.search.matches.len()) {
                (_, 0) => format!("  '{}': no matches", self.search.query),
                (Some(current), total) => format!("  match {}/{total}", current + 1),
                (None, total) => format!("  {total} matches"),
            };
            parts.push(Span::raw(text));
        }
        parts
    }
}

/// A line of text clipped to a width, for titles and status lines.
pub fn clipped(text: &str, width: usize) -> Line<'static> {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            if width > 0 && !out.is_empty() {
                while used + 1 > width {
                    let Some(last) = out.pop() else { break };
                    used -= last.width().unwrap_or(0);
                }
                out.push('…');
            }
            break;
        }
        used += w;
        out.push(c);
    }
    Line::from(out)
}
