//! The course outline: title, progress, lessons with their status, and
//! notices about anything wrong with the course or the progress file.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::App;
use super::pager::clipped;
use crate::progress::LessonStatus;

/// One selectable row of the outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Lesson(usize),
    Quiz(usize),
    Drill,
    Grid,
    Assess,
}

/// A row as drawn: a section heading, a blank, or an entry.
enum Row {
    Heading(&'static str),
    Blank,
    Entry(Entry),
}

/// The selectable entries, in order.
pub fn entries(app: &App) -> Vec<Entry> {
    rows(app).into_iter().filter_map(|r| if let Row::Entry(e) = r { Some(e) } else { None }).collect()
}

fn rows(app: &App) -> Vec<Row> {
    let mut rows = vec![Row::Heading("Lessons")];
    rows.extend((0..app.course.lessons.len()).map(|i| Row::Entry(Entry::Lesson(i))));
    if !app.course.quizzes.is_empty() {
        rows.push(Row::Blank);
        rows.push(Row::Heading("Quizzes"));
        rows.extend((0..app.course.quizzes.len()).map(|i| Row::Entry(Entry::Quiz(i))));
    }
    if app.course.drill_matrix().is_some() {
        rows.push(Row::Blank);
        rows.push(Row::Heading("Practice"));
        rows.push(Row::Entry(Entry::Drill));
        rows.push(Row::Entry(Entry::Grid));
    }
    if app.course.assessment.is_some() {
        if app.course.drill_matrix().is_none() {
            rows.push(Row::Blank);
            rows.push(Row::Heading("Practice"));
        }
        rows.push(Row::Entry(Entry::Assess));
    }
    rows
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let title = clipped(&format!(" {}", app.course.title), width).style(theme.title);
    buf.set_line(area.x, area.y, &title, area.width);
    render_progress(app, Rect { y: area.y + 1, height: 1, ..area }, buf);

    let notices: Vec<String> = app
        .course
        .problems
        .iter()
        .map(ToString::to_string)
        .chain(app.course.skipped_files())
        .chain(app.store.notices.iter().cloned())
        .collect();
    let notice_height = if notices.is_empty() { 0 } else { (notices.len() as u16 + 1).min(area.height / 3) };
    let list_top = area.y + 3;
    let list_bottom = area.bottom().saturating_sub(1 + notice_height);
    let height = usize::from(list_bottom.saturating_sub(list_top));

    let rows = rows(app);
    let selected_entry = entries(app).get(app.selected).copied();
    let selected_row = rows.iter().position(|r| matches!(r, Row::Entry(e) if Some(*e) == selected_entry)).unwrap_or(0);
    // Keep the selection on screen, and its section heading too when possible.
    let first = (selected_row + 1).saturating_sub(height.max(1));
    for (offset, row) in rows.iter().skip(first).take(height).enumerate() {
        let y = list_top + offset as u16;
        let line_area = Rect { y, height: 1, ..area };
        match row {
            Row::Heading(text) => {
                buf.set_line(area.x, y, &Line::styled(format!(" {text}"), theme.key_hint), area.width)
            }
            Row::Blank => (0, 0),
            Row::Entry(entry) => {
                let selected = Some(*entry) == selected_entry;
                let line = entry_line(app, *entry, width, selected);
                if selected {
                    buf.set_style(line_area, theme.selected);
                }
                buf.set_line(area.x, y, &line, area.width)
            }
        };
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

/// "3 of 8 lessons read ■■■□□□□□ 37%".
fn render_progress(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let summary = crate::plain::summary(&app.course, &app.store);
    let key = app.course_key();
    let total = app.course.lessons.len().max(1);
    let read = app.course.lessons.iter().filter(|l| app.store.lesson(&key, &l.id).status == LessonStatus::Read).count();
    let mut spans = vec![Span::styled(format!(" {summary}"), theme.dim)];
    let bar_width = 20;
    if usize::from(area.width) >= summary.width() + bar_width + 10 {
        let filled = read * bar_width / total;
        spans.push(Span::raw("  "));
        spans.push(Span::styled("■".repeat(filled), theme.read));
        spans.push(Span::styled("□".repeat(bar_width - filled), theme.dim));
        spans.push(Span::styled(format!(" {}%", read * 100 / total), theme.dim));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

fn entry_line(app: &App, entry: Entry, width: usize, selected: bool) -> Line<'static> {
    let theme = &app.theme;
    let (mark, mark_style, label, status) = match entry {
        Entry::Lesson(index) => {
            let lesson = &app.course.lessons[index];
            let status = app.store.lesson(&app.course_key(), &lesson.id).status;
            let (mark, style) = match status {
                LessonStatus::Read => ("✓", theme.read),
                LessonStatus::InProgress => ("◐", theme.in_progress),
                LessonStatus::Unread => ("·", theme.dim),
            };
            let digits = app.course.lessons.len().to_string().len();
            (mark, style, format!("{:>digits$}. {}", index + 1, lesson.title), status.label().to_string())
        }
        Entry::Quiz(index) => {
            let quiz = &app.course.quizzes[index];
            let progress = app.store.course(&app.course_key());
            let best = progress.and_then(|p| p.best_quiz_percent(&quiz.id));
            let digits = app.course.quizzes.len().to_string().len();
            let label = format!("{:>digits$}. {}", index + 1, crate::sanitize::sanitize(&quiz.file.title));
            match best {
                Some(best) => {
                    ("★", if best >= 80.0 { theme.read } else { theme.in_progress }, label, format!("best {best:.0}%"))
                }
                None if progress.is_some_and(|p| p.quiz_results.iter().any(|r| r.quiz == quiz.id)) => {
                    ("?", theme.in_progress, label, "not finished".to_string())
                }
                None => ("?", theme.dim, label, "not taken".to_string()),
            }
        }
        Entry::Drill => {
            let progress = app.store.course(&app.course_key());
            let matrix = app.course.drill_matrix();
            let total = matrix.map_or(0, |m| crate::quiz::drill::cells(&m.file, None).len());
            let learned = match (progress, matrix) {
                (Some(p), Some(m)) => {
                    p.drill.get(&m.id).map_or(0, |b| b.0.values().filter(|&&level| level >= 3).count())
                }
                _ => 0,
            };
            (
                "↻",
                theme.key_hint,
                "Responsibility drill: who secures each cell?".to_string(),
                format!("{learned}/{total} learned"),
            )
        }
        Entry::Grid => {
            let best = app.store.course(&app.course_key()).and_then(|p| p.grid_best);
            let status = best.map_or("not tried".to_string(), |b| format!("best {:.0}%", b * 100.0));
            ("▦", theme.key_hint, "Fill in the whole matrix".to_string(), status)
        }
        Entry::Assess => {
            let progress = app.store.course(&app.course_key());
            let status = match progress {
                Some(p) if p.assessment_in_progress.is_some() => "in progress".to_string(),
                Some(p) if !p.assessments.is_empty() => {
                    let last = &p.assessments[p.assessments.len() - 1];
                    format!("last {:.0}% · {} taken", last.percent, p.assessments.len())
                }
                _ => "not taken".to_string(),
            };
            ("✎", theme.key_hint, "Self-assessment: how well do you know it?".to_string(), status)
        }
    };
    let pointer = if selected { "›" } else { " " };
    let status_room = if width >= 50 { status.width() + 2 } else { 0 };
    let label_room = width.saturating_sub(6 + status_room);
    let label_line = clipped(&label, label_room);
    let label_width: usize = label_line.spans.iter().map(|s| s.width()).sum();
    let mut spans = vec![Span::raw(format!(" {pointer} ")), Span::styled(mark.to_string(), mark_style), Span::raw(" ")];
    spans.extend(label_line.spans);
    if status_room > 0 {
        let gap = width.saturating_sub(5 + label_width + status.width() + 1);
        spans.push(Span::raw(" ".repeat(gap)));
        spans.push(Span::styled(status, if selected { theme.selected } else { theme.dim }));
    }
    let line = Line::from(spans);
    if selected { line.style(theme.selected) } else { line }
}
