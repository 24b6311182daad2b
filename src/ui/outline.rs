//! The course outline: title, progress summary, lessons with their status,
//! and notices about anything wrong with the course or the progress file.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::App;
use super::pager::clipped;
use crate::progress::LessonStatus;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    buf.set_line(area.x, area.y, &clipped(&format!(" {}", app.course.title), width).style(theme.title), area.width);
    let summary = crate::plain::summary(&app.course, &app.store);
    buf.set_line(area.x, area.y + 1, &clipped(&format!(" {summary}"), width).style(theme.dim), area.width);

    let notices: Vec<String> =
        app.course.problems.iter().map(ToString::to_string).chain(app.store.notices.iter().cloned()).collect();
    let notice_height = if notices.is_empty() { 0 } else { (notices.len() as u16 + 1).min(area.height / 3) };
    let list_top = area.y + 3;
    let list_bottom = area.bottom().saturating_sub(1 + notice_height);
    let rows = usize::from(list_bottom.saturating_sub(list_top));
    let key = app.course_key();
    let digits = app.course.lessons.len().to_string().len();
    let first = (app.selected + 1).saturating_sub(rows.max(1));
    for (row, (index, lesson)) in app.course.lessons.iter().enumerate().skip(first).take(rows).enumerate() {
        let status = app.store.lesson(&key, &lesson.id).status;
        let (mark, style) = match status {
            LessonStatus::Read => ("✓", theme.read),
            LessonStatus::InProgress => ("◐", theme.in_progress),
            LessonStatus::Unread => ("·", theme.dim),
        };
        let number = format!("{:>digits$}. ", index + 1);
        let label = format!("  ({})", status.label());
        let title_room = width.saturating_sub(4 + number.len() + label.len());
        let mut spans = vec![Span::raw(" "), Span::styled(mark, style), Span::raw(" "), Span::raw(number)];
        spans.extend(clipped(&lesson.title, title_room).spans);
        if width > 40 {
            spans.push(Span::styled(label, theme.dim));
        }
        let y = list_top + row as u16;
        let line_area = Rect { y, height: 1, ..area };
        if index == app.selected {
            buf.set_style(line_area, theme.selected);
        }
        let mut line = Line::from(spans);
        if index == app.selected {
            line = line.style(theme.selected);
        }
        buf.set_line(area.x, y, &line, area.width);
    }

    if notice_height > 0 {
        let notice_area = Rect { y: list_bottom, height: notice_height, ..area };
        let lines: Vec<Line> = std::iter::once(Line::styled(" Notices:", theme.notice))
            .chain(notices.iter().map(|n| Line::styled(format!(" {n}"), theme.notice)))
            .collect();
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(notice_area, buf);
    }
    let hints = app.flash.clone().unwrap_or_else(|| "Enter open · j/k move · ? help · q quit".to_string());
    buf.set_line(area.x, area.bottom() - 1, &clipped(&format!(" {hints}"), width).style(theme.dim), area.width);
}
