//! Key bindings as data: the same table dispatches keys and builds the help
//! overlay, so the help can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Back,
    Help,
    Up,
    Down,
    HalfPageUp,
    HalfPageDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Search,
    NextMatch,
    PreviousMatch,
    Contents,
    NextLesson,
    PreviousLesson,
    /// Tick an option (multiple answers) or pick one.
    Select,
    /// Answer, or go on after feedback.
    Submit,
    Left,
    Right,
    /// A digit key: option, category or owner by number.
    Number,
    Customer,
    Provider,
    Shared,
    Clear,
    PreviousQuestion,
    NextQuestion,
    /// Review the answers; in the review, submit them.
    SubmitAll,
    Yes,
    SaveReport,
}

/// Where a key is pressed; each has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Outline,
    Pager,
    Contents,
    Help,
    Quiz,
    Drill,
    Grid,
    Assess,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key { code, modifiers: KeyModifiers::NONE }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL }
}

pub struct Binding {
    pub contexts: &'static [Context],
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

use Context::{Assess as A, Contents as C, Drill as D, Grid as R, Help as H, Outline as O, Pager as P, Quiz as Q};

const DIGITS: &[Key] = &[ch('1'), ch('2'), ch('3'), ch('4'), ch('5'), ch('6'), ch('7'), ch('8'), ch('9')];

/// Ctrl-C is handled before this table: it exits from anywhere.
/// Kept one binding per line: the table reads like the help it produces.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    Binding { contexts: &[O, P, C, Q, D, A], keys: &[ch('j'), key(KeyCode::Down)], action: Action::Down, help: "down" },
    Binding { contexts: &[O, P, C, Q, D, A], keys: &[ch('k'), key(KeyCode::Up)], action: Action::Up, help: "up" },
    Binding { contexts: &[R], keys: &[ch('j'), key(KeyCode::Down)], action: Action::Down, help: "next layer" },
    Binding { contexts: &[R], keys: &[ch('k'), key(KeyCode::Up)], action: Action::Up, help: "previous layer" },
    Binding { contexts: &[P], keys: &[ch(' '), key(KeyCode::PageDown), ch('f')], action: Action::PageDown, help: "page down" },
    Binding { contexts: &[P], keys: &[ch('b'), key(KeyCode::PageUp)], action: Action::PageUp, help: "page up" },
    Binding { contexts: &[O, C, A], keys: &[key(KeyCode::PageDown)], action: Action::PageDown, help: "page down" },
    Binding { contexts: &[O, C, A], keys: &[key(KeyCode::PageUp)], action: Action::PageUp, help: "page up" },
    Binding { contexts: &[P], keys: &[ch('d'), ctrl('d')], action: Action::HalfPageDown, help: "half a page down" },
    Binding { contexts: &[P], keys: &[ch('u'), ctrl('u')], action: Action::HalfPageUp, help: "half a page up" },
    Binding { contexts: &[O, P, C], keys: &[ch('g'), key(KeyCode::Home)], action: Action::Top, help: "go to the top" },
    Binding { contexts: &[O, P, C], keys: &[ch('G'), key(KeyCode::End)], action: Action::Bottom, help: "go to the end" },
    Binding { contexts: &[O, C], keys: &[key(KeyCode::Enter), ch('l'), key(KeyCode::Right)], action: Action::Open, help: "open" },
    Binding { contexts: &[P], keys: &[ch('/')], action: Action::Search, help: "search (Enter to keep, Esc to cancel)" },
    Binding { contexts: &[P], keys: &[ch('n')], action: Action::NextMatch, help: "next match" },
    Binding { contexts: &[P], keys: &[ch('N')], action: Action::PreviousMatch, help: "previous match" },
    Binding { contexts: &[P], keys: &[ch('t'), key(KeyCode::Tab)], action: Action::Contents, help: "table of contents" },
    Binding { contexts: &[P], keys: &[ch(']'), ch('L')], action: Action::NextLesson, help: "next lesson" },
    Binding { contexts: &[P], keys: &[ch('['), ch('H')], action: Action::PreviousLesson, help: "previous lesson" },
    Binding { contexts: &[Q], keys: DIGITS, action: Action::Number, help: "choose that option (matching: that category)" },
    Binding { contexts: &[A], keys: DIGITS, action: Action::Number, help: "choose that option; then 1 low, 2 medium, 3 high certainty" },
    Binding { contexts: &[Q, A], keys: &[ch(' ')], action: Action::Select, help: "tick the option (choose all that apply)" },
    Binding { contexts: &[Q, A], keys: &[key(KeyCode::Left), ch('h')], action: Action::Left, help: "previous category (matching)" },
    Binding { contexts: &[Q, A], keys: &[key(KeyCode::Right), ch('l')], action: Action::Right, help: "next category (matching)" },
    Binding { contexts: &[Q, D], keys: &[key(KeyCode::Enter)], action: Action::Submit, help: "answer; after feedback, next question" },
    Binding { contexts: &[A], keys: &[key(KeyCode::Enter)], action: Action::Submit, help: "answer; in the review, change it; in the report, open the lesson" },
    Binding { contexts: &[A], keys: &[ch('b'), ch('[')], action: Action::PreviousQuestion, help: "previous question" },
    Binding { contexts: &[A], keys: &[ch('n'), ch(']')], action: Action::NextQuestion, help: "next question (skip for now)" },
    Binding { contexts: &[A], keys: &[ch('S')], action: Action::SubmitAll, help: "review the answers; in the review, submit" },
    Binding { contexts: &[A], keys: &[ch('y')], action: Action::Yes, help: "yes: stop and keep the answers" },
    Binding { contexts: &[A], keys: &[ch('w')], action: Action::SaveReport, help: "save the report as Markdown" },
    Binding { contexts: &[R], keys: &[key(KeyCode::Left), ch('h')], action: Action::Left, help: "previous model" },
    Binding { contexts: &[R], keys: &[key(KeyCode::Right), ch('l')], action: Action::Right, help: "next model" },
    Binding { contexts: &[D, R], keys: &[ch('c'), ch('1')], action: Action::Customer, help: "customer" },
    Binding { contexts: &[D, R], keys: &[ch('p'), ch('2')], action: Action::Provider, help: "provider" },
    Binding { contexts: &[D, R], keys: &[ch('s'), ch('3')], action: Action::Shared, help: "shared" },
    Binding { contexts: &[R], keys: &[key(KeyCode::Backspace), ch('x')], action: Action::Clear, help: "clear the cell" },
    Binding { contexts: &[R], keys: &[key(KeyCode::Enter)], action: Action::Submit, help: "check the grid" },
    Binding { contexts: &[O, P, C, Q, D, R, A], keys: &[ch('?')], action: Action::Help, help: "this help" },
    Binding { contexts: &[P, C, H, Q, D, R, A], keys: &[ch('q'), key(KeyCode::Esc)], action: Action::Back, help: "back" },
    Binding { contexts: &[H], keys: &[ch('?')], action: Action::Back, help: "close help" },
    Binding { contexts: &[O], keys: &[ch('q'), key(KeyCode::Esc)], action: Action::Quit, help: "quit" },
];

/// Ctrl-C: always quits, whatever screen or prompt is open.
pub fn is_interrupt(event: &KeyEvent) -> bool {
    event.code == KeyCode::Char('c') && event.modifiers.contains(KeyModifiers::CONTROL)
}

/// The action a key has in a context, if any.
pub fn action_for(context: Context, event: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .find(|b| b.keys.iter().any(|k| matches(k, event)))
        .map(|b| b.action)
}

fn matches(key: &Key, event: &KeyEvent) -> bool {
    // Shift is part of the character itself ('G', '?'), so it is not compared for chars.
    let relevant =
        if matches!(event.code, KeyCode::Char(_)) { event.modifiers - KeyModifiers::SHIFT } else { event.modifiers };
    key.code == event.code && key.modifiers == relevant
}

/// The digit of a digit key (1-9), for [`Action::Number`].
pub fn digit(event: &KeyEvent) -> Option<usize> {
    match event.code {
        KeyCode::Char(c) => c.to_digit(10).map(|d| d as usize).filter(|&d| d > 0),
        _ => None,
    }
}

/// Bindings shown in the help overlay for a context, with their key labels.
pub fn help_rows(context: Context) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .map(|b| {
            let keys = if b.keys == DIGITS {
                "1-9".to_string()
            } else {
                b.keys.iter().map(label).collect::<Vec<_>>().join(" ")
            };
            (keys, b.help)
        })
        .chain(std::iter::once(("Ctrl-C".to_string(), "quit from anywhere")))
        .collect()
}

/// How a key is written on screen.
pub fn label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Up => "↑".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Tab => "Tab".to_string(),
        other => format!("{other:?}"),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) { format!("Ctrl-{base}") } else { base }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_letters_match_their_binding() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Context::Pager, &event), Some(Action::Bottom));
        let event = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::NONE);
        assert_eq!(action_for(Context::Pager, &event), Some(Action::Top));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for context in [
            Context::Outline,
            Context::Pager,
            Context::Contents,
            Context::Help,
            Context::Quiz,
            Context::Drill,
            Context::Grid,
            Context::Assess,
        ] {
            let mut seen = Vec::new();
            for binding in BINDINGS.iter().filter(|b| b.contexts.contains(&context)) {
                for key in binding.keys {
                    assert!(!seen.contains(key), "{key:?} bound twice in {context:?}");
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn help_lists_every_binding_of_the_context() {
        let rows = help_rows(Context::Pager);
        assert!(rows.iter().any(|(keys, help)| keys == "/" && help.starts_with("search")));
        assert!(rows.iter().any(|(keys, _)| keys == "Space PgDn f"));
        assert_eq!(rows.last().map(|r| r.0.as_str()), Some("Ctrl-C"));
    }
}
