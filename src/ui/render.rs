//! Drawing: a pure function of the app state into a buffer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, Screen};
use super::outline;
use super::overlay::{self, Overlay};
use super::pager::{Pager, clipped};
use super::theme::Theme;

/// Below this the screens cannot be laid out; a note says so instead.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(area, buf);
        } else {
            match &self.screen {
                Screen::Outline => outline::render(self, area, buf),
                Screen::Pager(pager) => render_pager(self, pager, area, buf),
                Screen::Quiz(quiz) => {
                    let title = self.course.quizzes.get(quiz.quiz).map_or("Quiz", |q| q.file.title.as_str());
                    quiz.render(&crate::sanitize::sanitize(title), area, buf, &self.theme);
                }
                Screen::Drill(drill) => drill.render(area, buf, &self.theme),
                Screen::Grid(grid) => grid.render(area, buf, &self.theme),
                Screen::Assess(assess) => {
                    let title = |id: &str| match self.course.find_lesson(id) {
                        Ok(index) => format!("{}. {}", index + 1, self.course.lessons[index].title),
                        Err(_) => id.to_string(),
                    };
                    assess.render(area, buf, &self.theme, self.now, &title);
                }
            }
            match &self.overlay {
                Some(Overlay::Help(context)) => overlay::render_help(*context, area, buf, &self.theme),
                Some(Overlay::Contents(contents)) => contents.render(area, buf, &self.theme),
                None => {}
            }
        }
        if self.theme.no_color {
            Theme::strip_colors(buf, area);
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = "Window too small: enlarge it, or press q to quit";
    Paragraph::new(text).wrap(Wrap { trim: true }).render(area, buf);
}

fn render_pager(app: &App, pager: &Pager, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let lesson = app.course.lessons.get(pager.lesson);
    let title = lesson.map_or("", |l| l.title.as_str());
    let heading = format!(" {}/{} · {title}", pager.lesson + 1, app.course.lessons.len());
    buf.set_line(area.x, area.y, &clipped(&heading, width).style(theme.title), area.width);

    let text_area = Rect { y: area.y + 1, height: area.height - 2, width: area.width - 1, ..area };
    pager.render_text(text_area, buf, theme);
    pager.render_scrollbar(Rect { y: area.y + 1, height: area.height - 2, ..area }, buf, theme);

    let status_area = Rect { y: area.bottom() - 1, height: 1, ..area };
    buf.set_style(status_area, theme.status);
    let mut left = vec![Span::raw(" ")];
    left.extend(pager.status_left());
    if let Some(flash) = &app.flash {
        left.push(Span::raw(format!("  {flash}")));
    }
    let left_width: usize = left.iter().map(|s| s.width()).sum();
    buf.set_line(status_area.x, status_area.y, &Line::from(left).style(theme.status), status_area.width);
    if pager.search.input.is_none() {
        let hints = fitting_hints(width.saturating_sub(left_width + 2));
        let hints_width = unicode_width::UnicodeWidthStr::width(hints.as_str()) as u16;
        if hints_width > 0 {
            let x = status_area.right().saturating_sub(hints_width + 1);
            buf.set_line(x, status_area.y, &Line::from(hints).style(theme.status), hints_width);
        }
    }
}

/// As many key hints as fit, chosen by importance, shown in reading order.
fn fitting_hints(room: usize) -> String {
    // (importance, hint) in display order; lower importance number = kept first.
    const HINTS: [(u8, &str); 6] =
        [(2, "/ search"), (3, "t contents"), (4, "[ ] lessons"), (5, "n/N matches"), (0, "? help"), (1, "q back")];
    let mut by_importance: Vec<(u8, &str)> = HINTS.to_vec();
    by_importance.sort();
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 0;
    for (_, hint) in by_importance {
        let extra = if kept.is_empty() { hint.len() } else { hint.len() + 3 };
        if used + extra <= room {
            kept.push(hint);
            used += extra;
        }
    }
    HINTS.iter().filter(|(_, h)| kept.contains(h)).map(|(_, h)| *h).collect::<Vec<_>>().join(" · ")
}
