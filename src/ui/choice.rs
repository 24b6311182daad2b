//! Answering one question with the keyboard: the cursor, ticked options and
//! matching categories, shared by the quiz and the self-assessment screens.

use ratatui::style::Style;

use super::blocks::Blocks;
use super::keys::Action;
use super::theme::Theme;
use crate::quiz::model::{Question, QuestionKind};
use crate::quiz::score::Response;

/// The learner's selection on the current question, in display order.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    pub cursor: usize,
    /// Multiple answers: ticked options.
    pub ticked: Vec<bool>,
    /// Matching: chosen category per item.
    pub matches: Vec<Option<usize>>,
}

/// What a key did to the selection.
pub enum Picked {
    Nothing,
    Answer(Response),
    /// The selection is not an answer yet; say why.
    Hint(&'static str),
}

fn count(question: &Question, order: &[usize]) -> usize {
    match question.kind {
        QuestionKind::TrueFalse { .. } => 2,
        _ => order.len(),
    }
}

impl Choice {
    pub fn new(question: &Question, order: &[usize]) -> Choice {
        let n = count(question, order);
        Choice { cursor: 0, ticked: vec![false; n], matches: vec![None; n] }
    }

    /// The selection showing an earlier answer, so it can be changed.
    pub fn with_response(question: &Question, order: &[usize], response: &Response) -> Choice {
        let mut choice = Choice::new(question, order);
        let display_of = |file_index: usize| order.iter().position(|&i| i == file_index);
        match response {
            Response::Choice(i) => choice.cursor = display_of(*i).unwrap_or(0),
            Response::Bool(value) => choice.cursor = usize::from(!value),
            Response::Choices(chosen) => {
                for display in chosen.iter().filter_map(|&i| display_of(i)) {
                    choice.ticked[display] = true;
                }
            }
            Response::Matches(by_file) => {
                for (file_index, category) in by_file.iter().enumerate() {
                    if let Some(display) = display_of(file_index) {
                        choice.matches[display] = *category;
                    }
                }
            }
        }
        choice
    }

    pub fn on_action(&mut self, action: Action, digit: Option<usize>, question: &Question, order: &[usize]) -> Picked {
        let n = count(question, order);
        let categories = match &question.kind {
            QuestionKind::Matching { categories, .. } => categories.len(),
            _ => 0,
        };
        let matching = categories > 0;
        match action {
            Action::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Number => match (digit, &question.kind) {
                (Some(d), QuestionKind::Matching { .. }) if d <= categories => {
                    self.matches[self.cursor] = Some(d - 1);
                    self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
                }
                (Some(d), QuestionKind::Multiple { .. }) if d <= n => self.ticked[d - 1] = !self.ticked[d - 1],
                (Some(d), QuestionKind::Single { .. } | QuestionKind::TrueFalse { .. }) if d <= n => {
                    self.cursor = d - 1;
                    return self.pick(question, order);
                }
                _ => {}
            },
            Action::Left | Action::Right if matching => {
                self.matches[self.cursor] = Some(match (self.matches[self.cursor], action) {
                    (None, Action::Right) => 0,
                    (None, _) => categories - 1,
                    (Some(c), Action::Right) => (c + 1) % categories,
                    (Some(c), _) => (c + categories - 1) % categories,
                });
            }
            Action::Select => match question.kind {
                QuestionKind::Multiple { .. } => self.ticked[self.cursor] = !self.ticked[self.cursor],
                QuestionKind::Matching { .. } => {}
                _ => return self.pick(question, order),
            },
            Action::Submit => return self.pick(question, order),
            _ => {}
        }
        Picked::Nothing
    }

    /// The selection as a response (indices in file order), if it is a whole answer.
    fn pick(&mut self, question: &Question, order: &[usize]) -> Picked {
        let response = match &question.kind {
            QuestionKind::Single { .. } => match order.get(self.cursor) {
                Some(&i) => Response::Choice(i),
                None => return Picked::Nothing,
            },
            QuestionKind::TrueFalse { .. } => Response::Bool(self.cursor == 0),
            QuestionKind::Multiple { .. } => {
                let chosen: Vec<usize> = (0..self.ticked.len()).filter(|&i| self.ticked[i]).map(|i| order[i]).collect();
                if chosen.is_empty() {
                    return Picked::Hint("tick at least one option with Space (or its number), then Enter");
                }
                Response::Choices(chosen)
            }
            QuestionKind::Matching { items, .. } => {
                if let Some(missing) = self.matches.iter().position(Option::is_none) {
                    self.cursor = missing;
                    return Picked::Hint("give every item a category (←/→ or its number), then Enter");
                }
                let mut by_file = vec![None; items.len()];
                for (display, &file_index) in order.iter().enumerate() {
                    if let Some(slot) = by_file.get_mut(file_index) {
                        *slot = self.matches[display];
                    }
                }
                Response::Matches(by_file)
            }
        };
        Picked::Answer(response)
    }

    /// The prompt and its options; returns the line the cursor is on (to keep on screen).
    pub fn lines(&self, blocks: &mut Blocks, question: &Question, order: &[usize], width: u16, theme: &Theme) -> usize {
        blocks.markdown(&question.prompt);
        blocks.blank();
        let mut focus = blocks.len();
        let pointer = |selected: bool| if selected { "›" } else { " " };
        let style = |selected: bool| if selected { theme.selected } else { Style::new() };
        match &question.kind {
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                let multiple = matches!(question.kind, QuestionKind::Multiple { .. });
                for (display, &file_index) in order.iter().enumerate() {
                    let text = options.get(file_index).map_or("", |o| o.text.as_str());
                    let mark = match (multiple, self.ticked.get(display)) {
                        (true, Some(true)) => "[x]",
                        (true, _) => "[ ]",
                        (false, _) => "( )",
                    };
                    let selected = display == self.cursor;
                    if selected {
                        focus = blocks.len();
                    }
                    blocks.item(&format!("{} {mark} {}. ", pointer(selected), display + 1), text, style(selected));
                }
                if multiple {
                    blocks.blank();
                    blocks.plain("Choose all that apply.", theme.dim);
                }
            }
            QuestionKind::TrueFalse { .. } => {
                for (display, label) in ["True", "False"].iter().enumerate() {
                    let selected = display == self.cursor;
                    if selected {
                        focus = blocks.len();
                    }
                    blocks.item(&format!("{} ( ) {}. ", pointer(selected), display + 1), label, style(selected));
                }
            }
            QuestionKind::Matching { categories, items } => {
                let legend: Vec<String> =
                    categories.iter().enumerate().map(|(i, c)| format!("{} {c}", i + 1)).collect();
                blocks.plain(&format!("Categories: {}", legend.join(" · ")), theme.dim);
                blocks.blank();
                // Line the chosen categories up in a column when the window allows it.
                let widest =
                    items.iter().map(|i| unicode_width::UnicodeWidthStr::width(i.text.as_str())).max().unwrap_or(0);
                let pad_to = if widest + 16 <= usize::from(width) { widest } else { 0 };
                for (display, &file_index) in order.iter().enumerate() {
                    let text = items.get(file_index).map_or("", |i| i.text.as_str());
                    let chosen = self
                        .matches
                        .get(display)
                        .copied()
                        .flatten()
                        .and_then(|c| categories.get(c))
                        .map_or("?", String::as_str);
                    let selected = display == self.cursor;
                    if selected {
                        focus = blocks.len();
                    }
                    let gap = pad_to.saturating_sub(unicode_width::UnicodeWidthStr::width(text));
                    let line = format!("{text}{}  →  [{chosen}]", "\u{a0}".repeat(gap));
                    blocks.item(&format!("{} ", pointer(selected)), &line, style(selected));
                }
            }
        }
        focus
    }
}

/// Key hints for answering a question of this kind.
pub fn hints(question: Option<&Question>) -> &'static str {
    match question.map(|q| &q.kind) {
        Some(QuestionKind::Multiple { .. }) => "Space or number tick · Enter answer · j/k move · ? help · q stop",
        Some(QuestionKind::Matching { .. }) => "←/→ or number choose category · j/k item · Enter answer · q stop",
        _ => "Enter or number answer · j/k move · ? help · q stop",
    }
}
