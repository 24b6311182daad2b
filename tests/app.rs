//! The TUI driven as a user would: key events in, screens rendered into
//! ratatui's TestBackend and compared with snapshots or read for content.

use std::path::Path;

use handoff::course::{self, Course};
use handoff::progress::{LessonStatus, ProgressStore};
use handoff::ui::app::Screen;
use handoff::ui::theme::Theme;
use handoff::ui::{App, Message};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

fn fixture_course() -> Course {
    course::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course"))
        .expect("fixture course loads")
}

struct Harness {
    app: App,
    _home: tempfile::TempDir,
}

impl Harness {
    fn new(width: u16, height: u16) -> Harness {
        let home = tempfile::tempdir().expect("temp dir");
        let store = ProgressStore::open(home.path());
        Harness { app: App::new(fixture_course(), store, Theme::default(), (width, height)), _home: home }
    }

    fn reopen(self) -> Harness {
        let store = ProgressStore::open(self._home.path());
        let size = self.app.size;
        Harness { app: App::new(fixture_course(), store, Theme::default(), size), _home: self._home }
    }

    fn press(&mut self, code: KeyCode) -> &mut Self {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        self.app.update(Message::Key(KeyEvent::new(code, modifiers)));
        self
    }

    fn keys(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
        self
    }

    fn screen(&self) -> String {
        let (width, height) = self.app.size;
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        terminal.draw(|frame| frame.render_widget(&self.app, frame.area())).expect("draw");
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..height {
            let mut row = String::new();
            for x in 0..width {
                row.push_str(buffer[(x, y)].symbol());
            }
            out.push_str(row.trim_end());
            out.push('\n');
        }
        out
    }

    fn pager_top(&self) -> usize {
        match &self.app.screen {
            Screen::Pager(pager) => pager.top,
            _ => panic!("not in the pager"),
        }
    }
}

#[test]
fn outline_lists_lessons_with_status_and_opens_one() {
    let mut h = Harness::new(60, 12);
    insta::assert_snapshot!("outline_fresh", h.screen());
    h.press(KeyCode::Down).press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("2/3 · Layers of the stack"), "{screen}");
    assert!(screen.contains("A longer fixture"), "{screen}");
    h.press(KeyCode::Char('q'));
    let screen = h.screen();
    assert!(screen.contains("◐ 2. Layers of the stack"), "{screen}");
    assert!(screen.contains("0 of 3 lessons read, 1 in progress"), "{screen}");
}

#[test]
fn scrolling_keys_move_the_view() {
    let mut h = Harness::new(60, 12);
    h.press(KeyCode::Down).press(KeyCode::Enter);
    assert_eq!(h.pager_top(), 0);
    h.keys("jjj");
    assert_eq!(h.pager_top(), 3);
    h.press(KeyCode::Up);
    assert_eq!(h.pager_top(), 2);
    h.press(KeyCode::Char(' '));
    assert_eq!(h.pager_top(), 2 + 9, "a page is the view height (10) less one line of overlap");
    h.press(KeyCode::Char('b'));
    assert_eq!(h.pager_top(), 2);
    h.press(KeyCode::Char('G'));
    let bottom = h.pager_top();
    assert!(bottom > 20);
    assert!(h.screen().contains("100%"));
    h.press(KeyCode::Home);
    assert_eq!(h.pager_top(), 0);
    h.app.update(Message::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: 5,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(h.pager_top(), 3);
    h.press(KeyCode::End).press(KeyCode::Char('q'));
    assert!(h.screen().contains("✓ 2. Layers of the stack"), "reaching the end marks the lesson read");
}

#[test]
fn search_highlights_and_steps_through_matches_with_wrap_around() {
    let mut h = Harness::new(70, 14);
    h.press(KeyCode::Down).press(KeyCode::Enter);
    h.keys("/target");
    assert!(h.screen().contains("/target▏  18 matches"), "{}", h.screen());
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("match 1/18"), "{}", h.screen());
    h.keys("n");
    assert!(h.screen().contains("match 2/18"));
    h.keys("N").keys("N");
    let screen = h.screen();
    assert!(screen.contains("match 18/18"), "{screen}");
    assert!(screen.contains("search wrapped to the end"), "{screen}");
    assert!(screen.contains("Paragraph 6.3"), "the last match is on screen: {screen}");
    h.keys("n");
    assert!(h.screen().contains("match 1/18"));
    assert!(h.screen().contains("wrapped to the top"));
    insta::assert_snapshot!("search_first_match", h.screen());
}

#[test]
fn search_escape_returns_to_where_typing_began() {
    let mut h = Harness::new(70, 14);
    h.press(KeyCode::Down).press(KeyCode::Enter);
    h.keys("jj/Paragraph 6");
    assert!(h.pager_top() > 2);
    h.press(KeyCode::Esc);
    assert_eq!(h.pager_top(), 2);
    assert!(!h.screen().contains("match"));
    h.keys("/zzzz");
    assert!(h.screen().contains("no matches"));
}

#[test]
fn contents_jumps_to_a_heading() {
    let mut h = Harness::new(70, 14);
    h.press(KeyCode::Down).press(KeyCode::Enter).press(KeyCode::Char('t'));
    let screen = h.screen();
    assert!(screen.contains("Contents"), "{screen}");
    assert!(screen.contains("Section 6"), "{screen}");
    insta::assert_snapshot!("contents_overlay", screen);
    h.keys("jjjj").press(KeyCode::Enter);
    let screen = h.screen();
    assert!(!screen.contains("Contents"));
    let first_text_row = screen.lines().nth(1).unwrap_or_default();
    assert!(first_text_row.contains("Section 4"), "{screen}");
}

#[test]
fn next_and_previous_lesson_without_the_outline() {
    let mut h = Harness::new(60, 12);
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("1/3 · Getting started"));
    h.keys("]");
    assert!(h.screen().contains("2/3 · Layers"));
    h.keys("]]");
    assert!(h.screen().contains("3/3 · Wrap-up"));
    assert!(h.screen().contains("this is the last lesson"));
    h.keys("[");
    assert!(h.screen().contains("2/3 · Layers"));
}

#[test]
fn resize_rewraps_and_keeps_the_passage() {
    let mut h = Harness::new(100, 14);
    h.press(KeyCode::Down).press(KeyCode::Enter);
    h.keys("/Paragraph 5.2").press(KeyCode::Enter);
    let wide = h.screen();
    assert!(wide.contains("Paragraph 5.2"));
    h.app.update(Message::Resize(40, 14));
    let narrow = h.screen();
    assert!(narrow.contains("Paragraph 5.2"), "passage kept on screen after narrowing:\n{narrow}");
    for line in narrow.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 40);
    }
    h.app.update(Message::Resize(100, 14));
    assert!(h.screen().contains("Paragraph 5.2"));
}

#[test]
fn help_overlay_is_built_from_the_key_table() {
    let mut h = Harness::new(80, 30);
    h.press(KeyCode::Enter).keys("?");
    let screen = h.screen();
    for (keys, help) in handoff::ui::keys::help_rows(handoff::ui::keys::Context::Pager) {
        assert!(screen.contains(&keys) && screen.contains(help), "help lacks {keys} {help}:\n{screen}");
    }
    insta::assert_snapshot!("help_pager", screen);
    h.press(KeyCode::Esc);
    assert!(!h.screen().contains("Keys: reading"));
    assert!(h.screen().contains("Getting started"), "Esc closed only the help");
}

#[test]
fn reopening_a_lesson_returns_to_the_reading_position() {
    let mut h = Harness::new(60, 12);
    h.press(KeyCode::Down).press(KeyCode::Enter).keys("jjjjjjjjjjjj");
    let top = h.pager_top();
    h.keys("q");
    let mut h = h.reopen();
    h.press(KeyCode::Down).press(KeyCode::Enter);
    assert_eq!(h.pager_top(), top);
    let key = h.app.course_key();
    assert_eq!(h.app.store.lesson(&key, "layers").status, LessonStatus::InProgress);
}

#[test]
fn escape_then_a_key_sent_together_acts_as_both() {
    let mut h = Harness::new(60, 12);
    h.press(KeyCode::Enter).keys("t");
    // Terminals deliver Esc followed quickly by q as Alt-q.
    h.app.update(Message::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT)));
    assert!(matches!(h.app.screen, Screen::Outline), "Esc closed the contents, q left the lesson");
}

#[test]
fn ctrl_c_quits_from_anywhere_even_mid_search() {
    let mut h = Harness::new(60, 12);
    h.press(KeyCode::Enter).keys("/abc");
    h.app.update(Message::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert!(h.app.should_quit);
}

#[test]
fn q_backs_out_one_level_at_a_time() {
    let mut h = Harness::new(60, 12);
    h.press(KeyCode::Enter).keys("t");
    h.keys("q");
    assert!(matches!(h.app.screen, Screen::Pager(_)), "q closed the contents only");
    h.keys("q");
    assert!(matches!(h.app.screen, Screen::Outline));
    assert!(!h.app.should_quit);
    h.keys("q");
    assert!(h.app.should_quit);
}

#[test]
fn every_screen_survives_every_small_size() {
    let mut h = Harness::new(1, 1);
    let visits: [&dyn Fn(&mut Harness); 4] = [
        &|_| {},
        &|h| {
            h.press(KeyCode::Enter);
        },
        &|h| {
            h.keys("t");
        },
        &|h| {
            h.keys("q?");
        },
    ];
    for visit in visits {
        visit(&mut h);
        for width in 1..=45 {
            for height in 1..=14 {
                h.app.update(Message::Resize(width, height));
                let screen = h.screen();
                if width < 20 || height < 5 {
                    assert!(screen.replace('\n', "").len() <= usize::from(width) * usize::from(height) * 4);
                }
            }
        }
    }
    h.app.update(Message::Resize(10, 3));
    assert!(h.screen().contains("Window"), "tiny windows say so: {}", h.screen());
}

#[test]
fn no_color_strips_colours_but_keeps_the_selection_visible() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = App::new(fixture_course(), ProgressStore::open(home.path()), Theme::monochrome(), (40, 8));
    let mut terminal = Terminal::new(TestBackend::new(40, 8)).expect("test terminal");
    terminal.draw(|frame| frame.render_widget(&app, frame.area())).expect("draw");
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content
            .iter()
            .all(|cell| cell.fg == ratatui::style::Color::Reset && cell.bg == ratatui::style::Color::Reset)
    );
    let selected_row = 4;
    assert!(buffer[(2, selected_row)].modifier.contains(ratatui::style::Modifier::REVERSED));
}

// --- quizzes, drill and grid ---

use handoff::quiz::model::QuestionKind;
use handoff::ui::outline::{self, Entry};

impl Harness {
    /// Move the outline selection to an entry and press Enter.
    fn open(&mut self, wanted: Entry) -> &mut Self {
        let index = outline::entries(&self.app).iter().position(|e| *e == wanted).expect("entry in the outline");
        self.press(KeyCode::Home);
        for _ in 0..index {
            self.press(KeyCode::Down);
        }
        self.press(KeyCode::Enter)
    }

    /// The keys a learner who knows the answer would press for the current question.
    fn right_answer_keys(&self) -> Vec<KeyCode> {
        let Screen::Quiz(quiz) = &self.app.screen else { panic!("not in a quiz") };
        let presented = &quiz.attempt.presented()[quiz.position];
        let digit = |d: usize| KeyCode::Char(char::from_digit(d as u32 + 1, 10).expect("digit"));
        match &presented.question.kind {
            QuestionKind::Single { options } => {
                let display = presented.order.iter().position(|&i| options[i].correct).expect("a right option");
                vec![digit(display)]
            }
            QuestionKind::Multiple { options } => {
                let mut keys: Vec<KeyCode> = presented
                    .order
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| options[**i].correct)
                    .map(|(d, _)| digit(d))
                    .collect();
                keys.push(KeyCode::Enter);
                keys
            }
            QuestionKind::TrueFalse { answer } => vec![digit(if *answer { 0 } else { 1 })],
            QuestionKind::Matching { categories, items } => {
                let mut keys: Vec<KeyCode> = presented
                    .order
                    .iter()
                    .map(|&i| digit(categories.iter().position(|c| *c == items[i].answer).expect("category")))
                    .collect();
                keys.push(KeyCode::Enter);
                keys
            }
        }
    }
}

#[test]
fn outline_lists_quizzes_and_practice() {
    let h = Harness::new(70, 20);
    let screen = h.screen();
    for text in
        ["Quizzes", "1. Basics check", "not taken", "Practice", "Responsibility drill", "Fill in the whole matrix"]
    {
        assert!(screen.contains(text), "{text}:\n{screen}");
    }
}

#[test]
fn a_quiz_taken_with_keys_gives_feedback_and_records_the_score() {
    let mut h = Harness::new(80, 24);
    h.app.seed = Some(11);
    h.open(Entry::Quiz(0));
    assert!(h.screen().contains("Basics check · question 1 of 4"), "{}", h.screen());
    // First question answered wrong on purpose: feedback names the right answer and the reasons.
    let right = h.right_answer_keys();
    let Screen::Quiz(quiz) = &h.app.screen else { panic!("in a quiz") };
    let wrong = match &quiz.attempt.presented()[0].question.kind {
        QuestionKind::Single { .. } | QuestionKind::TrueFalse { .. } => {
            let right_digit = match right[0] {
                KeyCode::Char(c) => c,
                _ => '1',
            };
            vec![KeyCode::Char(if right_digit == '1' { '2' } else { '1' })]
        }
        _ => vec![KeyCode::Enter],
    };
    for key in wrong {
        h.press(key);
    }
    let feedback = h.screen();
    assert!(feedback.contains("Not quite") || feedback.contains("tick at least one"), "{feedback}");
    if feedback.contains("Not quite") {
        assert!(feedback.contains("Right answer:"), "{feedback}");
        assert!(feedback.contains("Why:"), "{feedback}");
    }
    // Finish whatever is on screen, then answer the rest right.
    while !h.screen().contains("Score:") {
        if h.screen().contains("Enter next") {
            h.press(KeyCode::Enter);
            continue;
        }
        for key in h.right_answer_keys() {
            h.press(key);
        }
        assert!(h.screen().contains("✓ Right."), "{}", h.screen());
    }
    let result = h.screen();
    assert!(result.contains("Score: 3.0 / 4 (75%)") || result.contains("Score: 4.0 / 4"), "{result}");
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.screen, Screen::Outline));
    let key = h.app.course_key();
    let results = &h.app.store.course(&key).expect("progress").quiz_results;
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].seed, 11);
    assert!(results[0].completed);
    assert!(h.screen().contains("best 75%") || h.screen().contains("best 100%"), "{}", h.screen());
}

#[test]
fn multiple_answers_are_ticked_with_space_and_partial_credit_is_shown() {
    let mut h = Harness::new(80, 30);
    h.app.seed = Some(5);
    h.open(Entry::Quiz(0));
    // Step to the multiple-answer question, answering others right.
    loop {
        let Screen::Quiz(quiz) = &h.app.screen else { panic!("in a quiz") };
        if matches!(quiz.attempt.presented()[quiz.position].question.kind, QuestionKind::Multiple { .. }) {
            break;
        }
        for key in h.right_answer_keys() {
            h.press(key);
        }
        h.press(KeyCode::Enter);
    }
    // Tick only the first right option, with the cursor and Space.
    let Screen::Quiz(quiz) = &h.app.screen else { panic!("in a quiz") };
    let presented = &quiz.attempt.presented()[quiz.position];
    let QuestionKind::Multiple { options } = &presented.question.kind else { panic!("multiple") };
    let first_right = presented.order.iter().position(|&i| options[i].correct).expect("right option");
    for _ in 0..first_right {
        h.press(KeyCode::Down);
    }
    h.press(KeyCode::Char(' '));
    assert!(h.screen().contains("[x]"));
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Partly right (50%)"), "{screen}");
    assert!(screen.contains("✓ you chose, right:"), "{screen}");
    assert!(screen.contains("✓ right:"), "the missed right option is explained: {screen}");
}

#[test]
fn the_same_seed_gives_the_same_quiz_screen() {
    let first = {
        let mut h = Harness::new(70, 20);
        h.app.seed = Some(99);
        h.open(Entry::Quiz(0));
        h.screen()
    };
    let mut h = Harness::new(70, 20);
    h.app.seed = Some(99);
    h.open(Entry::Quiz(0));
    assert_eq!(h.screen(), first);
}

#[test]
fn leaving_a_quiz_midway_keeps_what_was_answered_as_incomplete() {
    let mut h = Harness::new(80, 24);
    h.app.seed = Some(3);
    h.open(Entry::Quiz(0));
    for key in h.right_answer_keys() {
        h.press(key);
    }
    h.press(KeyCode::Char('q'));
    assert!(h.screen().contains("stopped after 1 of 4"), "{}", h.screen());
    h.press(KeyCode::Enter);
    let key = h.app.course_key();
    let results = &h.app.store.course(&key).expect("progress").quiz_results;
    assert!(!results[0].completed);
    let screen = h.screen();
    assert!(
        screen.contains("not finished") && !screen.contains("best"),
        "an incomplete attempt is no best score: {screen}"
    );
}

#[test]
fn the_drill_runs_until_every_cell_is_mastered() {
    let mut h = Harness::new(80, 24);
    h.app.seed = Some(1);
    h.open(Entry::Drill);
    let mut answers = 0;
    let mut missed_once = false;
    while let Screen::Drill(drill) = &h.app.screen {
        if drill.summary.is_some() {
            break;
        }
        let screen = h.screen();
        if drill.feedback.is_some() {
            h.press(KeyCode::Enter);
            continue;
        }
        let prompt = drill.prompt.clone().expect("a prompt");
        assert!(screen.contains(&prompt.text), "{screen}");
        let right = if prompt.key.layer == "Data" { 'c' } else { 'p' };
        // Miss the first prompt once: it must come back.
        let key = if missed_once { right } else { 's' };
        missed_once = true;
        h.press(KeyCode::Char(key));
        let screen = h.screen();
        assert!(screen.contains("Why:"), "{screen}");
        answers += 1;
        assert!(answers < 50, "the drill must end");
    }
    // 4 cells x 2 rights in a row, plus the one miss.
    assert_eq!(answers, 9);
    let screen = h.screen();
    assert!(screen.contains("Drill complete: all 4 cells mastered"), "{screen}");
    assert!(screen.contains("Weakest cells"), "{screen}");
    let key = h.app.course_key();
    let boxes = &h.app.store.course(&key).expect("progress").drill["course"];
    assert_eq!(boxes.0.values().filter(|&&b| b == 1).count(), 1, "the missed cell is in box 1: {boxes:?}");
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("1/4 learned") || h.screen().contains("learned"), "{}", h.screen());
    // A first right answer lifts an unseen cell to box 2 only; "learned" starts at box 3.
    assert!(h.screen().contains("0/4 learned"), "{}", h.screen());
}

#[test]
fn the_grid_is_filled_with_keys_and_marked_cell_by_cell() {
    let mut h = Harness::new(80, 24);
    h.open(Entry::Grid);
    assert!(h.screen().contains("0 of 4 cells filled"));
    // Column IaaS top to bottom, then SaaS: data customer, building provider; one mistake.
    h.keys("cp").keys("cs");
    assert!(h.screen().contains("4 of 4 cells filled"), "{}", h.screen());
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("3 of 4 right (75%)"), "{screen}");
    insta::assert_snapshot!("grid_checked", screen);
    // The cursor sits on the last cell filled (SaaS / Building): its reason shows.
    assert!(screen.contains("✗ SaaS / Building: provider (you said shared)"), "{screen}");
    assert!(screen.contains("The provider runs the data center."), "{screen}");
    h.press(KeyCode::Up).press(KeyCode::Left);
    assert!(h.screen().contains("✓ IaaS / Data: customer"), "{}", h.screen());
    h.keys("q");
    assert!(h.screen().contains("best 75%"), "{}", h.screen());
}

#[test]
fn an_incomplete_grid_asks_before_checking() {
    let mut h = Harness::new(80, 24);
    h.open(Entry::Grid);
    h.keys("c");
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("3 cells are empty: press Enter again"), "{}", h.screen());
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("1 of 4 right"), "{}", h.screen());
}

#[test]
fn the_self_assessment_asks_certainty_allows_changes_and_reports() {
    let mut h = Harness::new(80, 30);
    h.app.seed = Some(2);
    h.open(Entry::Assess);
    assert!(h.screen().contains("Self-assessment · question 1 of 3"), "{}", h.screen());
    // Answer the first question wrongly but with high certainty.
    let Screen::Assess(screen) = &h.app.screen else { panic!("in the assessment") };
    let session = screen.session.as_ref().expect("session");
    let first = session.questions()[0].clone();
    let wrong_digit = match &first.question.kind {
        QuestionKind::Single { options } => {
            let display = first.order.iter().position(|&i| !options[i].correct).expect("a wrong option");
            char::from_digit(display as u32 + 1, 10).expect("digit")
        }
        QuestionKind::TrueFalse { answer: true } => '2',
        _ => '1',
    };
    h.keys(&wrong_digit.to_string());
    if h.screen().contains("How sure are you?") {
        h.keys("3");
    } else {
        // Multiple or matching: Enter completes the answer, then certainty.
        h.keys("1").press(KeyCode::Enter);
        assert!(h.screen().contains("How sure are you?"), "{}", h.screen());
        h.keys("3");
    }
    assert!(h.screen().contains("question 2 of 3"), "{}", h.screen());
    // Go back: the earlier answer is shown and can be changed.
    h.keys("b");
    assert!(h.screen().contains("Answered (high certainty)"), "{}", h.screen());
    h.keys("n");
    // Leave mid-way: it asks, then keeps the answers for later.
    h.keys("q");
    assert!(h.screen().contains("Stop here?"), "{}", h.screen());
    h.keys("y");
    assert!(matches!(h.app.screen, Screen::Outline));
    assert!(h.screen().contains("in progress"), "{}", h.screen());
    let mut h = h.reopen();
    h.open(Entry::Assess);
    assert!(h.screen().contains("question 2 of 3"), "resumed where it stopped: {}", h.screen());
    // Review and submit with two unanswered.
    h.keys("S");
    assert!(h.screen().contains("Review: 1 of 3 answered"), "{}", h.screen());
    h.keys("S");
    let report = h.screen();
    assert!(report.contains("Self-assessment report"), "{report}");
    assert!(report.contains("Lessons to re-read"), "{report}");
    assert!(report.contains("2. Layers of the stack"), "{report}");
    let key = h.app.course_key();
    let progress = h.app.store.course(&key).expect("progress");
    assert_eq!(progress.assessments.len(), 1);
    assert!(progress.assessment_in_progress.is_none());
    // w saves the report as Markdown beside the progress file.
    h.keys("w");
    assert!(h.screen().contains("report saved to"), "{}", h.screen());
    let reports: Vec<_> =
        std::fs::read_dir(h._home.path().join("reports")).expect("reports folder").flatten().collect();
    assert_eq!(reports.len(), 1);
    let saved = std::fs::read_to_string(reports[0].path()).expect("report");
    assert!(saved.starts_with("# Fixture self-assessment"), "{saved}");
    // Enter opens the top lesson to re-read in the pager.
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("2/3 · Layers of the stack"), "{}", h.screen());
}

// --- every screen at every size ---

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// Draws straight into a buffer: the sweeps below draw tens of thousands of frames.
fn draw_at(app: &App, width: u16, height: u16) -> Buffer {
    let area = Rect::new(0, 0, width, height);
    let mut buffer = Buffer::empty(area);
    app.render(area, &mut buffer);
    buffer
}

/// Keys that lead from a fresh outline to one screen.
type Visit = Box<dyn Fn(&mut Harness)>;

/// The ways into each screen, from a fresh outline.
fn screen_visits() -> Vec<(&'static str, Visit)> {
    vec![
        ("outline", Box::new(|_| {})),
        ("pager", Box::new(|h| _ = h.press(KeyCode::Enter).keys("jjjjj"))),
        ("search", Box::new(|h| _ = h.press(KeyCode::Enter).keys("/the"))),
        ("contents", Box::new(|h| _ = h.press(KeyCode::Enter).keys("t"))),
        ("help", Box::new(|h| _ = h.press(KeyCode::Enter).keys("?"))),
        ("quiz", Box::new(|h| _ = h.open(Entry::Quiz(0)))),
        ("quiz feedback", Box::new(|h| _ = h.open(Entry::Quiz(0)).keys("1"))),
        ("drill", Box::new(|h| _ = h.open(Entry::Drill))),
        ("grid", Box::new(|h| _ = h.open(Entry::Grid).keys("cpsc"))),
        ("assessment", Box::new(|h| _ = h.open(Entry::Assess))),
        ("assessment confirm", Box::new(|h| _ = h.open(Entry::Assess).keys("q"))),
        ("assessment report", Box::new(|h| _ = h.open(Entry::Assess).keys("SS"))),
    ]
}

/// Every width from 1 to 300 and every height from 1 to 100 (each crossed with
/// a few of the other), on every screen: no panic, something drawn, and the
/// screen itself unchanged by the sizes it went through.
#[test]
fn every_screen_draws_at_every_size_up_to_300x100() {
    let heights = [1, 2, 3, 5, 8, 24, 100];
    let widths = [1, 2, 7, 20, 45, 80, 300];
    let sizes: Vec<(u16, u16)> = (1..=300)
        .flat_map(|w| heights.iter().map(move |&h| (w, h)))
        .chain((1..=100).flat_map(|h| widths.iter().map(move |&w| (w, h))))
        .collect();
    for (name, visit) in screen_visits() {
        let mut h = Harness::new(80, 24);
        h.app.seed = Some(1);
        visit(&mut h);
        let before = std::mem::discriminant(&h.app.screen);
        for &(width, height) in &sizes {
            h.app.update(Message::Resize(width, height));
            let buffer = draw_at(&h.app, width, height);
            let drawn = buffer.content.iter().any(|cell| !cell.symbol().trim().is_empty());
            assert!(drawn, "{name} at {width}x{height} drew nothing");
        }
        assert_eq!(before, std::mem::discriminant(&h.app.screen), "{name}: resizing changed the screen");
    }
}

/// A burst of resizes (as a window being dragged sends) with frames drawn
/// only now and then, ending at the first size: the screen is as it was.
#[test]
fn rapid_resizes_come_back_to_the_same_screen() {
    for (name, visit) in screen_visits() {
        let mut h = Harness::new(80, 24);
        h.app.seed = Some(1);
        visit(&mut h);
        let before = h.screen();
        // xorshift: reproducible sizes without a dependency.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for step in 0..400 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let width = (state % 300) as u16 + 1;
            let height = ((state >> 32) % 100) as u16 + 1;
            h.app.update(Message::Resize(width, height));
            if step % 9 == 0 {
                draw_at(&h.app, width, height);
            }
        }
        h.app.update(Message::Resize(80, 24));
        assert_eq!(h.screen(), before, "{name} after rapid resizes");
    }
}
#[test]
fn submitting_an_empty_assessment_scores_zero_not_minus_zero() {
    let mut h = Harness::new(80, 24);
    h.open(Entry::Assess).keys("SS");
    let report = h.screen();
    assert!(report.contains("Score 0% (not yet a pass)"), "{report}");
    assert!(!report.contains("-0"), "{report}");
}

// --- the reading position is saved while reading ---

static FAKE_NOW: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1_000_000);

fn fake_clock() -> u64 {
    FAKE_NOW.load(std::sync::atomic::Ordering::Relaxed)
}

#[test]
fn the_reading_position_is_saved_while_reading_not_only_on_leaving() {
    let mut h = Harness::new(80, 12);
    h.app.clock = fake_clock;
    h.press(KeyCode::Down).press(KeyCode::Enter).keys("jjjjjjjj");
    let on_disk = |h: &Harness| ProgressStore::open(h._home.path()).lesson(&h.app.course_key(), "layers");
    let top = h.pager_top();
    assert!(top > 0);
    // Just after a save, scrolling does not write again at once...
    let first = on_disk(&h).position;
    h.keys("jjjj");
    assert_eq!(on_disk(&h).position, first, "no write on every key");
    // ...but once the interval has passed, the next tick saves where the reader is.
    FAKE_NOW.fetch_add(handoff::ui::app::POSITION_SAVE_INTERVAL, std::sync::atomic::Ordering::Relaxed);
    h.app.update(Message::Tick);
    let saved = on_disk(&h);
    assert_eq!(saved.status, LessonStatus::InProgress);
    assert!(saved.position > first, "saved {} after {}", saved.position, first);
    // Reopening from that file (as after a killed process) lands on the same line.
    let top_now = h.pager_top();
    let mut again = h.reopen();
    again.press(KeyCode::Down).press(KeyCode::Enter);
    assert_eq!(again.pager_top(), top_now);
}

#[test]
fn every_assessment_answer_is_on_disk_at_once() {
    let mut h = Harness::new(80, 30);
    h.app.seed = Some(2);
    h.open(Entry::Assess);
    let screen = h.screen();
    if screen.contains("Space or number tick") || screen.contains("choose category") {
        h.keys("1").press(KeyCode::Enter);
    } else {
        h.keys("1");
    }
    h.keys("2");
    assert!(h.screen().contains("question 2 of 3"), "{}", h.screen());
    // As if the process were killed now: a fresh start reads the file.
    let on_disk = ProgressStore::open(h._home.path());
    let kept = on_disk.course(&h.app.course_key()).and_then(|c| c.assessment_in_progress.clone());
    assert_eq!(kept.map(|k| k.answers.len()), Some(1));
    let mut again = h.reopen();
    again.open(Entry::Assess);
    assert!(again.screen().contains("question 2 of 3"), "{}", again.screen());
}
