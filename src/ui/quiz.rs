//! The quiz screen: one question at a time, immediate feedback with the
//! reasons, and the result at the end.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::blocks::{Blocks, scroll_to_show};
use super::choice::{self, Choice, Picked};
use super::keys::Action;
use super::pager::clipped;
use super::theme::Theme;
use crate::quiz::attempt::{Attempt, Feedback, QuizResult, Reason};
use crate::quiz::model::Quiz;

pub enum Phase {
    Asking,
    Answered(Feedback),
    Finished(QuizResult),
}

pub struct QuizScreen {
    /// Index in the course's quizzes.
    pub quiz: usize,
    pub attempt: Attempt,
    /// Display position of the current question.
    pub position: usize,
    /// The selection on the current question.
    pub choice: Choice,
    pub phase: Phase,
    /// Lines scrolled in the feedback and result views.
    pub scroll: usize,
    /// A hint for the status line ("tick at least one option").
    pub flash: Option<String>,
}

/// What the app must do after a key in the quiz.
pub enum Outcome {
    Stay,
    /// The attempt ended (finished or abandoned): store the result.
    Record(QuizResult),
    /// Leave the screen.
    Leave,
}

impl QuizScreen {
    pub fn new(quiz_index: usize, quiz: &Quiz, seed: u64, now: u64) -> QuizScreen {
        let attempt = Attempt::new(quiz, seed).starting_at(now);
        let mut screen = QuizScreen {
            quiz: quiz_index,
            attempt,
            position: 0,
            choice: Choice::default(),
            phase: Phase::Asking,
            scroll: 0,
            flash: None,
        };
        screen.reset_question();
        screen
    }

    fn reset_question(&mut self) {
        self.scroll = 0;
        if let Some(p) = self.attempt.presented().get(self.position) {
            self.choice = Choice::new(&p.question, &p.order);
        }
    }

    pub fn on_action(&mut self, action: Action, digit: Option<usize>, now: u64) -> Outcome {
        self.flash = None;
        match &self.phase {
            Phase::Finished(_) => match action {
                Action::Down => self.scroll += 1,
                Action::Up => self.scroll = self.scroll.saturating_sub(1),
                Action::Submit | Action::Back | Action::Select => return Outcome::Leave,
                _ => {}
            },
            Phase::Answered(_) => match action {
                Action::Down => self.scroll += 1,
                Action::Up => self.scroll = self.scroll.saturating_sub(1),
                Action::Submit | Action::Select => return self.advance(now),
                Action::Back => return self.abandon(now),
                _ => {}
            },
            Phase::Asking => return self.on_asking(action, digit, now),
        }
        Outcome::Stay
    }

    fn on_asking(&mut self, action: Action, digit: Option<usize>, now: u64) -> Outcome {
        if action == Action::Back {
            return self.abandon(now);
        }
        let Some(presented) = self.attempt.presented().get(self.position) else { return Outcome::Leave };
        match self.choice.on_action(action, digit, &presented.question, &presented.order) {
            Picked::Nothing => {}
            Picked::Hint(hint) => self.flash = Some(hint.to_string()),
            Picked::Answer(response) => {
                if let Ok(feedback) = self.attempt.answer(self.position, response) {
                    self.scroll = 0;
                    self.phase = Phase::Answered(feedback);
                }
            }
        }
        Outcome::Stay
    }

    fn advance(&mut self, now: u64) -> Outcome {
        if self.position + 1 < self.attempt.len() {
            self.position += 1;
            self.phase = Phase::Asking;
            self.reset_question();
            Outcome::Stay
        } else {
            let result = self.attempt.clone().finish(now);
            self.scroll = 0;
            self.phase = Phase::Finished(result.clone());
            Outcome::Record(result)
        }
    }

    /// Leaving mid-way keeps what was answered, marked incomplete.
    fn abandon(&mut self, now: u64) -> Outcome {
        if (0..self.attempt.len()).any(|i| self.attempt.is_answered(i)) {
            let result = self.attempt.clone().finish(now);
            self.phase = Phase::Finished(result.clone());
            return Outcome::Record(result);
        }
        Outcome::Leave
    }

    pub fn render(&self, title: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = usize::from(area.width);
        let counter = match &self.phase {
            Phase::Finished(_) => "result".to_string(),
            _ => format!("question {} of {}", self.position + 1, self.attempt.len()),
        };
        let header = format!(" {title} · {counter}");
        buf.set_line(area.x, area.y, &clipped(&header, width).style(theme.title), area.width);
        let body = Rect { y: area.y + 2, height: area.height.saturating_sub(3), ..area };
        let text_width = area.width.saturating_sub(2).clamp(1, super::pager::MAX_TEXT_WIDTH);
        let (lines, focus) = match &self.phase {
            Phase::Asking => self.question_lines(text_width, theme),
            Phase::Answered(feedback) => (self.feedback_lines(feedback, text_width, theme), None),
            Phase::Finished(result) => (self.result_lines(result, text_width, theme), None),
        };
        let height = usize::from(body.height);
        let top = match focus {
            Some(line) => scroll_to_show(line, height),
            None => self.scroll.min(lines.len().saturating_sub(height)),
        };
        for (row, line) in lines.iter().skip(top).take(height).enumerate() {
            buf.set_line(body.x + 1, body.y + row as u16, line, body.width.saturating_sub(1));
        }
        let hints = self.flash.clone().unwrap_or_else(|| self.hints());
        buf.set_line(area.x, area.bottom() - 1, &clipped(&format!(" {hints}"), width).style(theme.dim), area.width);
    }

    fn hints(&self) -> String {
        match &self.phase {
            Phase::Finished(_) => "Enter back to the outline · j/k scroll".into(),
            Phase::Answered(_) => "Enter next · j/k scroll · q stop".into(),
            Phase::Asking => choice::hints(self.attempt.presented().get(self.position).map(|p| &p.question)).into(),
        }
    }

    /// The question, and the line the cursor is on (kept on screen).
    fn question_lines(&self, width: u16, theme: &Theme) -> (Vec<Line<'static>>, Option<usize>) {
        let mut blocks = Blocks::new(width);
        let Some(presented) = self.attempt.presented().get(self.position) else { return (Vec::new(), None) };
        let focus = self.choice.lines(&mut blocks, &presented.question, &presented.order, width, theme);
        (blocks.into_lines(), Some(focus))
    }

    fn feedback_lines(&self, feedback: &Feedback, width: u16, theme: &Theme) -> Vec<Line<'static>> {
        let mut blocks = Blocks::new(width);
        if let Some(presented) = self.attempt.presented().get(self.position) {
            blocks.markdown(&presented.question.prompt);
            blocks.blank();
        }
        let verdict = if feedback.correct {
            ("✓ Right.".to_string(), theme.read)
        } else if feedback.score > 0.0 {
            (format!("◐ Partly right ({:.0}%).", feedback.score * 100.0), theme.in_progress)
        } else {
            ("✗ Not quite.".to_string(), theme.wrong)
        };
        blocks.plain(&verdict.0, verdict.1.add_modifier(ratatui::style::Modifier::BOLD));
        if !feedback.correct {
            blocks.item("Right answer: ", &feedback.right_answer, theme.key_hint);
        }
        if !feedback.explanation.trim().is_empty() {
            blocks.blank();
            blocks.markdown(&feedback.explanation);
        }
        let reasons: Vec<&Reason> = feedback
            .reasons
            .iter()
            .filter(|r| match r {
                Reason::Option { correct, ticked, why, .. } => (*correct || *ticked) && why.is_some(),
                Reason::Item { why, .. } => why.is_some(),
            })
            .collect();
        if !reasons.is_empty() {
            blocks.blank();
            blocks.plain("Why:", theme.key_hint);
            for reason in reasons {
                match reason {
                    Reason::Option { text, correct, ticked, why, .. } => {
                        let mark = match (correct, ticked) {
                            (true, true) => "✓ you chose, right:",
                            (true, false) => "✓ right:",
                            (false, _) => "✗ you chose:",
                        };
                        let style = if *correct { theme.read } else { theme.wrong };
                        blocks.item(&format!("  {mark} "), text, style);
                        blocks.item("      ", why.as_deref().unwrap_or(""), Style::new());
                    }
                    Reason::Item { text, chosen, answer, right, why, .. } => {
                        let (mark, style) = if *right { ("✓", theme.read) } else { ("✗", theme.wrong) };
                        let given = match (right, chosen) {
                            (true, _) => answer.clone(),
                            (false, Some(chosen)) => format!("{answer} (you said {chosen})"),
                            (false, None) => answer.clone(),
                        };
                        blocks.item(&format!("  {mark} "), &format!("{text} → {given}"), style);
                        blocks.item("      ", why.as_deref().unwrap_or(""), Style::new());
                    }
                }
            }
        }
        blocks.into_lines()
    }

    fn result_lines(&self, result: &QuizResult, width: u16, theme: &Theme) -> Vec<Line<'static>> {
        let mut blocks = Blocks::new(width);
        let answered = result.answers.len();
        let status = if result.completed {
            String::new()
        } else {
            format!(" (stopped after {answered} of {} questions)", self.attempt.len())
        };
        blocks.plain(
            &format!("Score: {:.1} / {:.0} ({:.0}%){status}", result.score, result.max, result.percent()),
            theme.title,
        );
        blocks.blank();
        for presented in self.attempt.presented() {
            let record = result.answers.iter().find(|a| a.question == presented.question.id);
            let (mark, style) = match record {
                Some(r) if r.score >= 1.0 => ("✓", theme.read),
                Some(r) if r.score > 0.0 => ("◐", theme.in_progress),
                Some(_) => ("✗", theme.wrong),
                None => ("·", theme.dim),
            };
            blocks.item(&format!("{mark} "), &presented.question.prompt, style);
        }
        blocks.blank();
        blocks.plain(
            &format!(
                "Seed {} reproduces this attempt: handoff quiz {} --seed {}",
                result.seed, result.quiz, result.seed
            ),
            theme.dim,
        );
        blocks.into_lines()
    }
}

/// The text of a span list, for tests and plain output.
pub fn line_text(line: &Line<'_>) -> String {
    line.spans.iter().map(|s: &Span| s.content.as_ref()).collect()
}
