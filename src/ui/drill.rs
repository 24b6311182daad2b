//! The responsibility drill: one matrix cell at a time, customer / provider /
//! shared, the reason after every answer, until every cell asked is mastered.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::blocks::Blocks;
use super::keys::Action;
use super::pager::clipped;
use super::theme::Theme;
use crate::quiz::drill::{Boxes, DrillFeedback, DrillSession, DrillSummary, Prompt};
use crate::quiz::model::{Matrix, Owner};

/// Cells in one drill session.
pub const SESSION_SIZE: usize = 8;

pub struct DrillScreen {
    pub matrix_title: String,
    pub session: DrillSession,
    pub prompt: Option<Prompt>,
    pub feedback: Option<DrillFeedback>,
    pub summary: Option<DrillSummary>,
    /// Highlighted owner, for j/k + Enter.
    pub cursor: usize,
}

pub enum Outcome {
    Stay,
    /// Boxes changed: save them.
    Answered,
    Leave,
}

impl DrillScreen {
    pub fn new(matrix: &Matrix, boxes: &Boxes, seed: u64, model: Option<&str>) -> DrillScreen {
        let mut session = DrillSession::new(matrix, boxes, seed, model, SESSION_SIZE);
        let prompt = session.next();
        let summary = prompt.is_none().then(|| session.summary());
        DrillScreen { matrix_title: matrix.file.title.clone(), session, prompt, feedback: None, summary, cursor: 0 }
    }

    pub fn on_action(&mut self, action: Action, boxes: &mut Boxes) -> Outcome {
        if self.summary.is_some() {
            return match action {
                Action::Submit | Action::Back => Outcome::Leave,
                _ => Outcome::Stay,
            };
        }
        if self.feedback.is_some() {
            match action {
                Action::Submit | Action::Customer | Action::Provider | Action::Shared => self.next_prompt(),
                Action::Back => self.summary = Some(self.session.summary()),
                _ => {}
            }
            return Outcome::Stay;
        }
        let owner = match action {
            Action::Customer => Owner::Customer,
            Action::Provider => Owner::Provider,
            Action::Shared => Owner::Shared,
            Action::Submit => Owner::ALL[self.cursor.min(2)],
            Action::Down => {
                self.cursor = (self.cursor + 1).min(2);
                return Outcome::Stay;
            }
            Action::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                return Outcome::Stay;
            }
            Action::Back => {
                self.summary = Some(self.session.summary());
                return Outcome::Stay;
            }
            _ => return Outcome::Stay,
        };
        match self.session.answer(boxes, owner) {
            Ok(feedback) => {
                self.feedback = Some(feedback);
                Outcome::Answered
            }
            Err(_) => Outcome::Stay,
        }
    }

    fn next_prompt(&mut self) {
        self.feedback = None;
        self.cursor = 0;
        self.prompt = self.session.next();
        if self.prompt.is_none() {
            self.summary = Some(self.session.summary());
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = usize::from(area.width);
        let summary = self.session.summary();
        let header = format!(" Responsibility drill · {} of {} cells mastered", summary.mastered, summary.cells);
        buf.set_line(area.x, area.y, &clipped(&header, width).style(theme.title), area.width);
        let text_width = area.width.saturating_sub(2).clamp(1, super::pager::MAX_TEXT_WIDTH);
        let mut blocks = Blocks::new(text_width);
        let hints = if let Some(summary) = &self.summary {
            summary_lines(&mut blocks, summary, theme);
            "Enter back to the outline"
        } else if let Some(prompt) = &self.prompt {
            blocks.plain(&prompt.text, theme.key_hint);
            blocks.blank();
            for (index, owner) in prompt.options.iter().enumerate() {
                let selected = self.feedback.is_none() && index == self.cursor;
                let style = match &self.feedback {
                    Some(f) if *owner == f.right => theme.read.add_modifier(Modifier::BOLD),
                    Some(f) if *owner == f.chosen => theme.wrong,
                    _ if selected => theme.selected,
                    _ => Style::new(),
                };
                let pointer = if selected { "›" } else { " " };
                blocks.item(
                    &format!("{pointer} {}. ", index + 1),
                    &format!("{} ({})", owner.label(), &owner.label()[..1]),
                    style,
                );
            }
            blocks.blank();
            match &self.feedback {
                Some(feedback) => {
                    let (verdict, style) = if feedback.correct {
                        (if feedback.mastered { "✓ Right, twice in a row: mastered." } else { "✓ Right." }, theme.read)
                    } else {
                        ("✗ Not quite: it comes back in a moment.", theme.wrong)
                    };
                    blocks.plain(verdict, style.add_modifier(Modifier::BOLD));
                    blocks.item("Owner: ", feedback.right.label(), theme.key_hint);
                    blocks.item("Why: ", &feedback.why, Style::new());
                    "Enter next · q stop"
                }
                None => "c/p/s or 1/2/3 answer · j/k + Enter · ? help · q stop",
            }
        } else {
            "q back"
        };
        let body = Rect { y: area.y + 2, height: area.height.saturating_sub(3), ..area };
        for (row, line) in blocks.into_lines().iter().take(usize::from(body.height)).enumerate() {
            buf.set_line(body.x + 1, body.y + row as u16, line, body.width.saturating_sub(1));
        }
        buf.set_line(area.x, area.bottom() - 1, &clipped(&format!(" {hints}"), width).style(theme.dim), area.width);
    }
}

fn summary_lines(blocks: &mut Blocks, summary: &DrillSummary, theme: &Theme) {
    let headline = if summary.finished {
        format!("Drill complete: all {} cells mastered.", summary.cells)
    } else {
        format!("Drill stopped: {} of {} cells mastered.", summary.mastered, summary.cells)
    };
    blocks.plain(&headline, theme.title);
    blocks.plain(
        &format!(
            "{}, {} right, {} wrong.",
            crate::text::plural(summary.asked, "answer", "answers"),
            summary.right,
            summary.wrong
        ),
        theme.dim,
    );
    blocks.blank();
    if summary.weakest.is_empty() {
        blocks.plain("No misses this time. The next drill picks cells you have seen least.", Style::new());
        return;
    }
    blocks.plain("Weakest cells (they come first next time):", theme.key_hint);
    for weak in &summary.weakest {
        let misses = if weak.misses == 1 { "1 miss".to_string() } else { format!("{} misses", weak.misses) };
        blocks.item("  ✗ ", &format!("{}: {} ({misses})", weak.key, weak.right.label()), theme.wrong);
        blocks.item("      ", &weak.why, Style::new());
    }
}
