//! The plain front end: text on standard output, for pipes, scripts and
//! screen readers. Everything here writes to any `Write` so tests can read it.

use std::io::{self, Write};

use crate::ansi::{Styling, line_to_string};
use crate::course::Course;
use crate::markdown;
use crate::progress::ProgressStore;

/// Numbered lessons with their status, one per line.
pub fn write_lesson_list(out: &mut impl Write, course: &Course, store: &ProgressStore) -> io::Result<()> {
    let key = course.origin.key();
    let digits = course.lessons.len().to_string().len();
    for (index, lesson) in course.lessons.iter().enumerate() {
        let status = store.lesson(&key, &lesson.id).status;
        writeln!(out, "{:>digits$}. {:<11}  {}  ({})", index + 1, status.label(), lesson.title, lesson.id)?;
    }
    Ok(())
}

/// Numbered quizzes with the best score of a completed attempt.
pub fn write_quiz_list(out: &mut impl Write, course: &Course, store: &ProgressStore) -> io::Result<()> {
    let progress = store.course(&course.origin.key());
    let digits = course.quizzes.len().to_string().len();
    for (index, quiz) in course.quizzes.iter().enumerate() {
        let best = progress.and_then(|p| p.best_quiz_percent(&quiz.id));
        let best = best.map_or("not taken".to_string(), |b| format!("best {b:.0}%"));
        let questions = quiz.file.questions.len();
        writeln!(
            out,
            "{:>digits$}. {:<9}  {}  ({}, {questions} questions)",
            index + 1,
            best,
            crate::sanitize::sanitize(&quiz.file.title),
            quiz.id
        )?;
    }
    Ok(())
}

/// What `handoff` prints when it is not talking to a terminal.
pub fn write_outline(out: &mut impl Write, course: &Course, store: &ProgressStore) -> io::Result<()> {
    writeln!(out, "{}", course.title)?;
    writeln!(out, "{}", summary(course, store))?;
    writeln!(out)?;
    write_lesson_list(out, course, store)?;
    writeln!(out)?;
    if !course.quizzes.is_empty() {
        writeln!(out, "Quizzes:")?;
        write_quiz_list(out, course, store)?;
        writeln!(out)?;
    }
    writeln!(out, "Read a lesson with: handoff read NUMBER")?;
    if !course.quizzes.is_empty() {
        writeln!(out, "Take a quiz with: handoff quiz NUMBER; drill the matrix with: handoff drill")?;
    }
    write_problems(out, course, store)
}

/// Content problems and store notices, so nothing goes unreported.
pub fn write_problems(out: &mut impl Write, course: &Course, store: &ProgressStore) -> io::Result<()> {
    for problem in &course.problems {
        writeln!(out, "warning: {problem}")?;
    }
    for skipped in course.skipped_files() {
        writeln!(out, "warning: {skipped}")?;
    }
    for notice in &store.notices {
        writeln!(out, "note: {notice}")?;
    }
    Ok(())
}

/// "3 of 8 lessons read, 1 in progress".
pub fn summary(course: &Course, store: &ProgressStore) -> String {
    use crate::progress::LessonStatus;
    let key = course.origin.key();
    let count = |status| course.lessons.iter().filter(|l| store.lesson(&key, &l.id).status == status).count();
    let read = count(LessonStatus::Read);
    let in_progress = count(LessonStatus::InProgress);
    let mut text = format!("{read} of {} lessons read", course.lessons.len());
    if in_progress > 0 {
        text.push_str(&format!(", {in_progress} in progress"));
    }
    text
}

/// A rendered lesson at `width`.
pub fn write_lesson(out: &mut impl Write, text: &str, width: u16, styling: Styling) -> io::Result<()> {
    let rendered = markdown::render(text, width);
    for line in rendered.lines() {
        writeln!(out, "{}", line_to_string(&line, styling))?;
    }
    Ok(())
}
