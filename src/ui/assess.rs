//! The self-assessment screen: answer each question and say how sure you are,
//! go back and change answers, review, submit, then read the report and open
//! the lessons it says to re-read.

use std::cell::RefCell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::blocks::{Blocks, scroll_to_show};
use super::choice::{self, Choice, Picked};
use super::keys::Action;
use super::pager::clipped;
use super::theme::Theme;
use crate::assess::record::AssessmentAttempt;
use crate::assess::report::{AttemptSummary, Report};
use crate::assess::session::{AssessmentSession, Certainty, InProgress};
use crate::markdown;

pub enum Phase {
    Answering,
    /// An answer is chosen; how sure is the learner?
    Certainty(crate::quiz::score::Response),
    Review,
    /// q was pressed: stop and keep the answers for later?
    ConfirmLeave,
    Report {
        report: Box<Report>,
        markdown: String,
        /// The Markdown wrapped at the last width drawn: frames don't re-render it.
        wrapped: RefCell<Option<(u16, Vec<Line<'static>>)>>,
    },
}

pub struct AssessScreen {
    /// `None` once submitted.
    pub session: Option<AssessmentSession>,
    pub position: usize,
    pub choice: Choice,
    pub phase: Phase,
    /// Review list cursor, or the chosen lesson to re-read in the report.
    pub cursor: usize,
    pub scroll: usize,
    pub flash: Option<String>,
    learner: Option<String>,
}

pub enum Outcome {
    Stay,
    /// An answer was given: keep the attempt so far, and stay.
    Answered(InProgress),
    /// Keep this unfinished attempt to resume later, and leave.
    Saved(InProgress),
    /// Submitted: store the attempt (the report stays on screen).
    Submitted(Box<AssessmentAttempt>),
    OpenLesson(String),
    Leave,
}

impl AssessScreen {
    pub fn new(session: AssessmentSession, position: usize, learner: Option<String>) -> AssessScreen {
        let mut screen = AssessScreen {
            session: Some(session),
            position,
            choice: Choice::default(),
            phase: Phase::Answering,
            cursor: 0,
            scroll: 0,
            flash: None,
            learner,
        };
        screen.load_choice();
        screen
    }

    /// The selection for the current question, showing an earlier answer if there is one.
    fn load_choice(&mut self) {
        let Some(session) = &self.session else { return };
        let Some(drawn) = session.questions().get(self.position) else { return };
        self.choice = match session.answer_at(self.position) {
            Some((response, _)) => Choice::with_response(&drawn.question, &drawn.order, response),
            None => Choice::new(&drawn.question, &drawn.order),
        };
    }

    fn go_to(&mut self, position: usize) {
        self.position = position;
        self.phase = Phase::Answering;
        self.load_choice();
    }

    fn next_question(&mut self) {
        let total = self.session.as_ref().map_or(0, AssessmentSession::len);
        if self.position + 1 < total {
            self.go_to(self.position + 1);
        } else {
            self.cursor = 0;
            self.phase = Phase::Review;
        }
    }

    pub fn on_action(&mut self, action: Action, digit: Option<usize>, now: u64, history: &[AttemptSummary]) -> Outcome {
        self.flash = None;
        match &self.phase {
            Phase::Report { report, .. } => {
                let lessons = report.reread.len();
                match action {
                    Action::Down => self.cursor = (self.cursor + 1).min(lessons.saturating_sub(1)),
                    Action::Up => self.cursor = self.cursor.saturating_sub(1),
                    Action::PageDown | Action::Select => self.scroll += 10,
                    Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
                    Action::Submit => {
                        return match report.reread.get(self.cursor) {
                            Some(reread) => Outcome::OpenLesson(reread.lesson.clone()),
                            None => Outcome::Leave,
                        };
                    }
                    Action::Back => return Outcome::Leave,
                    _ => {}
                }
            }
            Phase::ConfirmLeave => match action {
                Action::Yes => return self.save(now),
                _ => self.phase = Phase::Answering,
            },
            Phase::Certainty(response) => {
                let certainty = match (action, digit) {
                    (Action::Number, Some(1)) => Certainty::Low,
                    (Action::Number, Some(2)) => Certainty::Medium,
                    (Action::Number, Some(3)) => Certainty::High,
                    (Action::Back | Action::PreviousQuestion, _) => {
                        self.phase = Phase::Answering;
                        return Outcome::Stay;
                    }
                    _ => {
                        self.flash = Some("how sure are you? press 1, 2 or 3".into());
                        return Outcome::Stay;
                    }
                };
                let response = response.clone();
                if let Some(session) = &mut self.session {
                    let _ = session.answer(self.position, response, certainty);
                }
                self.next_question();
                // Kept after every answer, so a closed terminal loses nothing.
                if let Some(session) = &self.session {
                    return Outcome::Answered(session.snapshot(now, self.position));
                }
            }
            Phase::Review => {
                let total = self.session.as_ref().map_or(0, AssessmentSession::len);
                match action {
                    Action::Down => self.cursor = (self.cursor + 1).min(total.saturating_sub(1)),
                    Action::Up => self.cursor = self.cursor.saturating_sub(1),
                    Action::Submit => self.go_to(self.cursor),
                    Action::PreviousQuestion => self.go_to(total.saturating_sub(1)),
                    Action::SubmitAll => return self.submit(now, history),
                    Action::Back => self.phase = Phase::ConfirmLeave,
                    _ => {}
                }
            }
            Phase::Answering => match action {
                Action::Back => self.phase = Phase::ConfirmLeave,
                Action::PreviousQuestion => {
                    if self.position > 0 {
                        self.go_to(self.position - 1);
                    }
                }
                Action::NextQuestion => self.next_question(),
                Action::SubmitAll => {
                    self.cursor = self.position;
                    self.phase = Phase::Review;
                }
                _ => {
                    let Some(drawn) = self.session.as_ref().and_then(|s| s.questions().get(self.position)) else {
                        return Outcome::Stay;
                    };
                    match self.choice.on_action(action, digit, &drawn.question, &drawn.order) {
                        Picked::Nothing => {}
                        Picked::Hint(hint) => self.flash = Some(hint.to_string()),
                        Picked::Answer(response) => self.phase = Phase::Certainty(response),
                    }
                }
            },
        }
        Outcome::Stay
    }

    fn save(&mut self, now: u64) -> Outcome {
        match &self.session {
            Some(session) => Outcome::Saved(session.snapshot(now, self.position)),
            None => Outcome::Leave,
        }
    }

    fn submit(&mut self, now: u64, history: &[AttemptSummary]) -> Outcome {
        let Some(session) = self.session.take() else { return Outcome::Stay };
        let (attempt, report) = session.submit(now, self.learner.clone());
        let mut history = history.to_vec();
        history.push(AttemptSummary::of(&attempt));
        let markdown = report.to_markdown(&history);
        self.cursor = 0;
        self.scroll = 0;
        self.phase = Phase::Report { report: Box::new(report), markdown, wrapped: RefCell::new(None) };
        Outcome::Submitted(Box::new(attempt))
    }

    /// The report as Markdown, for saving to a file.
    pub fn report_markdown(&self) -> Option<&str> {
        match &self.phase {
            Phase::Report { markdown, .. } => Some(markdown),
            _ => None,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme, now: u64, lesson_title: &dyn Fn(&str) -> String) {
        let width = usize::from(area.width);
        let text_width = area.width.saturating_sub(2).clamp(1, super::pager::MAX_TEXT_WIDTH);
        let mut blocks = Blocks::new(text_width);
        let mut focus = None;
        let (header, hints) = match (&self.phase, &self.session) {
            (Phase::Report { report, markdown, wrapped }, _) => {
                let verdict = if report.passed { "pass" } else { "not yet a pass" };
                blocks.plain(
                    &format!(
                        "Score {:.0}% ({verdict}) · certainty-based mark {:+.2} per question",
                        report.percent, report.cbm_average
                    ),
                    theme.title,
                );
                blocks.blank();
                if !report.reread.is_empty() {
                    blocks.plain("Lessons to re-read (↑/↓ choose, Enter opens it):", theme.key_hint);
                    for (index, reread) in report.reread.iter().enumerate() {
                        let selected = index == self.cursor;
                        let style = if selected { theme.selected } else { Style::new() };
                        let pointer = if selected { "›" } else { " " };
                        // One line each, so every lesson fits above the report.
                        let entry = format!(" {pointer} {} · {}", lesson_title(&reread.lesson), reread.reason);
                        blocks.lines([clipped(&entry, usize::from(text_width)).style(style)]);
                    }
                    blocks.blank();
                }
                let mut wrapped = wrapped.borrow_mut();
                let lines = match &*wrapped {
                    Some((width, lines)) if *width == text_width => lines,
                    _ => &wrapped.insert((text_width, markdown::render(markdown, text_width).to_owned_lines())).1,
                };
                blocks.lines(lines.iter().cloned());
                (
                    " Self-assessment report".to_string(),
                    "↑/↓ lesson · Enter open · Space/PgDn scroll · w save report · q back",
                )
            }
            (Phase::ConfirmLeave, _) => {
                blocks.plain(
                    "Stop here? Your answers are kept and you can carry on later from the outline.",
                    theme.key_hint,
                );
                (" Self-assessment".to_string(), "y stop · any other key carry on")
            }
            (Phase::Review, Some(session)) => {
                let unanswered = session.unanswered().len();
                blocks.plain(
                    &format!(
                        "Review: {} of {} answered. Enter changes the highlighted answer.",
                        session.len() - unanswered,
                        session.len()
                    ),
                    theme.key_hint,
                );
                blocks.blank();
                for (index, drawn) in session.questions().iter().enumerate() {
                    let status = match session.answer_at(index) {
                        Some((_, certainty)) => format!("answered, {} certainty", certainty.label()),
                        None => "not answered".to_string(),
                    };
                    let selected = index == self.cursor;
                    if selected {
                        focus = Some(blocks.len());
                    }
                    let style = if selected {
                        theme.selected
                    } else if session.answer_at(index).is_none() {
                        theme.wrong
                    } else {
                        Style::new()
                    };
                    blocks.item(
                        &format!("{} {:>2}. ", if selected { "›" } else { " " }, index + 1),
                        &format!("{} ({status})", first_line(&drawn.question.prompt)),
                        style,
                    );
                }
                (
                    format!(" Self-assessment · review{}", clock(session, now)),
                    "Enter change answer · S submit · q stop and keep for later",
                )
            }
            (_, Some(session)) => {
                let Some(drawn) = session.questions().get(self.position) else { return };
                let line = self.choice.lines(&mut blocks, &drawn.question, &drawn.order, text_width, theme);
                focus = Some(line);
                blocks.blank();
                let hints = if let Phase::Certainty(_) = &self.phase {
                    blocks.plain("How sure are you?  1 low · 2 medium · 3 high", theme.key_hint);
                    blocks.plain("Right answers earn 1, 2 or 3 marks; wrong ones 0, -2 or -6.", theme.dim);
                    "1 low · 2 medium · 3 high · Esc change the answer"
                } else {
                    if let Some((_, certainty)) = session.answer_at(self.position) {
                        blocks.plain(
                            &format!("Answered ({} certainty): answer again to change it.", certainty.label()),
                            theme.dim,
                        );
                    }
                    choice::hints(Some(&drawn.question))
                };
                let header = format!(
                    " Self-assessment · question {} of {}{}",
                    self.position + 1,
                    session.len(),
                    clock(session, now)
                );
                (header, hints)
            }
            (_, None) => return,
        };
        buf.set_line(area.x, area.y, &clipped(&header, width).style(theme.title), area.width);
        let body = Rect { y: area.y + 2, height: area.height.saturating_sub(3), ..area };
        let lines: Vec<Line<'static>> = blocks.into_lines();
        let top = match &self.phase {
            Phase::Report { .. } => self.scroll.min(lines.len().saturating_sub(1)),
            _ => focus.map_or(0, |line| scroll_to_show(line, usize::from(body.height))),
        };
        for (row, line) in lines.iter().skip(top).take(usize::from(body.height)).enumerate() {
            buf.set_line(body.x + 1, body.y + row as u16, line, body.width.saturating_sub(1));
        }
        let hints = self.flash.clone().unwrap_or_else(|| {
            let navigation =
                matches!(self.phase, Phase::Answering).then_some(" · b/n prev/next · S review").unwrap_or("");
            format!("{hints}{navigation}")
        });
        buf.set_line(area.x, area.bottom() - 1, &clipped(&format!(" {hints}"), width).style(theme.dim), area.width);
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").to_string()
}

/// " · 12 min left" when there is a time limit.
fn clock(session: &AssessmentSession, now: u64) -> String {
    session.time_left(now).map_or(String::new(), |left| format!(" · {} min left", left.div_ceil(60)))
}
