//! The application state and its single entry point for change: `update`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::assess::{self, AssessScreen};
use super::drill::{self, DrillScreen};
use super::grid::{self, GridScreen};
use super::keys::{self, Action, Context};
use super::outline;
use super::overlay::{ContentsState, Overlay};
use super::pager::Pager;
use super::quiz::{self, QuizScreen};
use super::theme::Theme;
use crate::assess::report::AttemptSummary;
use crate::assess::session::AssessmentSession;
use crate::course::Course;
use crate::progress::{self, LessonStatus, ProgressStore};

/// Lines moved per mouse-wheel notch.
const WHEEL_LINES: isize = 3;

/// While a lesson is open its reading position is saved at most this often
/// (seconds), so a closed terminal or a killed process loses little.
pub const POSITION_SAVE_INTERVAL: u64 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// SIGTERM or SIGHUP: save and leave.
    Terminate,
    /// No input for a while: a chance to save a reading position.
    Tick,
}

pub enum Screen {
    Outline,
    Pager(Box<Pager>),
    Quiz(Box<QuizScreen>),
    Drill(Box<DrillScreen>),
    Grid(Box<GridScreen>),
    Assess(Box<AssessScreen>),
}

pub struct App {
    pub course: Course,
    pub store: ProgressStore,
    pub theme: Theme,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// Selected row in the outline.
    pub selected: usize,
    pub size: (u16, u16),
    /// A one-off message for the status line (e.g. "search wrapped").
    pub flash: Option<String>,
    pub should_quit: bool,
    /// `--seed`: every quiz and drill started uses it, so runs can be reproduced.
    pub seed: Option<u64>,
    /// Name stored with self-assessment attempts.
    pub learner: Option<String>,
    /// Clock reading of the last message: rendering reads this, never the clock.
    pub now: u64,
    /// Seconds since the Unix epoch; tests replace it to move time on.
    pub clock: fn() -> u64,
    /// When the open lesson's position was last saved, and what it was.
    position_saved: (u64, Option<(usize, usize)>),
}

impl App {
    pub fn new(course: Course, store: ProgressStore, theme: Theme, size: (u16, u16)) -> App {
        App {
            course,
            store,
            theme,
            screen: Screen::Outline,
            overlay: None,
            selected: 0,
            size,
            flash: None,
            should_quit: false,
            seed: None,
            learner: None,
            now: progress::now_secs(),
            clock: progress::now_secs,
            position_saved: (0, None),
        }
    }

    pub fn course_key(&self) -> String {
        self.course.origin.key()
    }

    pub fn context(&self) -> Context {
        match (&self.overlay, &self.screen) {
            (Some(Overlay::Help(_)), _) => Context::Help,
            (Some(Overlay::Contents(_)), _) => Context::Contents,
            (None, Screen::Outline) => Context::Outline,
            (None, Screen::Pager(_)) => Context::Pager,
            (None, Screen::Quiz(_)) => Context::Quiz,
            (None, Screen::Drill(_)) => Context::Drill,
            (None, Screen::Grid(_)) => Context::Grid,
            (None, Screen::Assess(_)) => Context::Assess,
        }
    }

    pub fn update(&mut self, message: Message) {
        self.now = (self.clock)();
        match message {
            Message::Key(key) if key.kind == KeyEventKind::Release => {}
            Message::Key(key) => self.on_key(key),
            Message::Mouse(mouse) => self.on_mouse(mouse),
            Message::Resize(width, height) => self.resize(width, height),
            Message::Terminate => self.quit(),
            Message::Tick => {}
        }
        self.save_position_now_and_then();
    }

    /// Saves the open lesson's reading position if it moved and the last save
    /// is old enough; leaving the lesson saves it in any case.
    fn save_position_now_and_then(&mut self) {
        let Screen::Pager(pager) = &self.screen else { return };
        let anchor = Some(pager.anchor());
        let (saved_at, saved_anchor) = self.position_saved;
        if anchor == saved_anchor || self.now < saved_at.saturating_add(POSITION_SAVE_INTERVAL) {
            return;
        }
        self.record_position();
    }

    fn quit(&mut self) {
        self.record_position();
        self.should_quit = true;
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        if let Screen::Pager(pager) = &mut self.screen
            && let Some(lesson) = self.course.lessons.get(pager.lesson)
        {
            pager.resize(lesson, self.size);
        }
    }

    fn on_mouse(&mut self, mouse: MouseEvent) {
        let delta = match mouse.kind {
            MouseEventKind::ScrollDown => WHEEL_LINES,
            MouseEventKind::ScrollUp => -WHEEL_LINES,
            _ => return,
        };
        match (&mut self.overlay, &mut self.screen) {
            (Some(Overlay::Contents(contents)), _) => contents.move_by(delta.signum()),
            (Some(_), _) => {}
            (None, Screen::Pager(pager)) => pager.scroll_by(delta),
            (None, Screen::Outline) => self.move_selection(delta.signum()),
            (None, _) => {}
        }
    }

    fn on_key(&mut self, key: KeyEvent) {
        // Esc typed just before a key reaches us as Alt+key (the terminal sends
        // both bytes at once); treat it as the two keys the learner pressed.
        if key.modifiers.contains(KeyModifiers::ALT) && matches!(key.code, KeyCode::Char(_)) {
            self.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            self.on_key(KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT));
            return;
        }
        if keys::is_interrupt(&key) {
            self.quit();
            return;
        }
        self.flash = None;
        if let Screen::Pager(pager) = &mut self.screen
            && let Some(input) = &pager.search.input
        {
            let mut text = input.clone();
            match key.code {
                KeyCode::Enter => pager.confirm_search(),
                KeyCode::Esc => pager.cancel_search(),
                KeyCode::Backspace if text.is_empty() => pager.cancel_search(),
                KeyCode::Backspace => {
                    text.pop();
                    pager.edit_search(text);
                }
                KeyCode::Char(c) if !c.is_control() => {
                    text.push(c);
                    pager.edit_search(text);
                }
                _ => {}
            }
            return;
        }
        let context = self.context();
        if let Some(action) = keys::action_for(context, &key) {
            self.on_action(context, action, keys::digit(&key));
        }
    }

    fn on_action(&mut self, context: Context, action: Action, digit: Option<usize>) {
        if action == Action::Help && context != Context::Help {
            self.overlay = Some(Overlay::Help(context));
            return;
        }
        match context {
            Context::Help => self.overlay = None,
            Context::Contents => self.on_contents_action(action),
            Context::Outline => self.on_outline_action(action),
            Context::Pager => self.on_pager_action(action),
            Context::Quiz => self.on_quiz_action(action, digit),
            Context::Drill => self.on_drill_action(action),
            Context::Grid => self.on_grid_action(action),
            Context::Assess => self.on_assess_action(action, digit),
        }
    }

    fn on_assess_action(&mut self, action: Action, digit: Option<usize>) {
        let key = self.course.origin.key();
        let history = self
            .store
            .course(&key)
            .map(|c| AttemptSummary::history(&c.assessments, crate::assess::ASSESSMENT_ID))
            .unwrap_or_default();
        let Screen::Assess(screen) = &mut self.screen else { return };
        if action == Action::SaveReport {
            if let Some(markdown) = screen.report_markdown() {
                screen.flash = Some(save_report(&self.store, markdown));
            }
            return;
        }
        match screen.on_action(action, digit, self.now, &history) {
            assess::Outcome::Stay => {}
            assess::Outcome::Answered(in_progress) => {
                self.store.course_mut(&key).assessment_in_progress = Some(in_progress);
                self.save();
            }
            assess::Outcome::Saved(in_progress) => {
                self.store.course_mut(&key).assessment_in_progress = Some(in_progress);
                self.save();
                self.screen = Screen::Outline;
                self.flash.get_or_insert_with(|| "self-assessment kept: open it again to carry on".into());
            }
            assess::Outcome::Submitted(attempt) => {
                let entry = self.store.course_mut(&key);
                entry.assessment_in_progress = None;
                entry.assessments.push(*attempt);
                self.save();
            }
            assess::Outcome::OpenLesson(id) => {
                if let Ok(index) = self.course.find_lesson(&id) {
                    self.open_lesson(index);
                }
            }
            assess::Outcome::Leave => self.screen = Screen::Outline,
        }
    }

    /// Start the self-assessment, or carry on with the one left part-way.
    pub fn open_assessment(&mut self) {
        let Some(definition) = &self.course.assessment else {
            self.flash = Some("this course has no self-assessment".into());
            return;
        };
        let key = self.course.origin.key();
        let now = self.now;
        let saved = self.store.course(&key).and_then(|c| c.assessment_in_progress.clone());
        let (session, position) = match &saved {
            Some(saved) => (AssessmentSession::resume(definition, &self.course.quizzes, saved, now), saved.position),
            None => (AssessmentSession::new(definition, &self.course.quizzes, self.next_seed(), now), 0),
        };
        self.screen = Screen::Assess(Box::new(AssessScreen::new(session, position, self.learner.clone())));
    }

    fn on_quiz_action(&mut self, action: Action, digit: Option<usize>) {
        let Screen::Quiz(screen) = &mut self.screen else { return };
        match screen.on_action(action, digit, self.now) {
            quiz::Outcome::Stay => {}
            quiz::Outcome::Record(result) => {
                self.store.course_mut(&self.course.origin.key()).quiz_results.push(result);
                self.save();
            }
            quiz::Outcome::Leave => self.screen = Screen::Outline,
        }
    }

    fn on_drill_action(&mut self, action: Action) {
        let Screen::Drill(screen) = &mut self.screen else { return };
        let key = self.course.origin.key();
        let matrix_id = self.course.drill_matrix().map(|m| m.id.clone()).unwrap_or_default();
        let boxes = self.store.course_mut(&key).drill.entry(matrix_id).or_default();
        match screen.on_action(action, boxes) {
            drill::Outcome::Stay => {}
            drill::Outcome::Answered => self.save(),
            drill::Outcome::Leave => self.screen = Screen::Outline,
        }
    }

    fn on_grid_action(&mut self, action: Action) {
        let Screen::Grid(screen) = &mut self.screen else { return };
        match screen.on_action(action) {
            grid::Outcome::Stay => {}
            grid::Outcome::Checked(score) => {
                let key = self.course.origin.key();
                let best = &mut self.store.course_mut(&key).grid_best;
                *best = Some(best.map_or(score, |b: f64| b.max(score)));
                self.save();
            }
            grid::Outcome::Leave => self.screen = Screen::Outline,
        }
    }

    fn save(&mut self) {
        if let Err(message) = self.store.save() {
            self.flash = Some(message);
        }
    }

    fn next_seed(&self) -> u64 {
        self.seed.unwrap_or_else(rand::random)
    }

    /// Start a quiz (index into the course's quizzes).
    pub fn open_quiz(&mut self, index: usize) {
        let Some(quiz) = self.course.quizzes.get(index) else { return };
        let screen = QuizScreen::new(index, quiz, self.next_seed(), self.now);
        self.screen = Screen::Quiz(Box::new(screen));
    }

    /// Start a drill session on the course's matrix, optionally one model.
    pub fn open_drill(&mut self, model: Option<&str>) {
        let seed = self.next_seed();
        let Some(matrix) = self.course.drill_matrix() else {
            self.flash = Some("this course has no responsibility matrix to drill".into());
            return;
        };
        let boxes = self
            .store
            .course(&self.course.origin.key())
            .and_then(|c| c.drill.get(&matrix.id))
            .cloned()
            .unwrap_or_default();
        let screen = DrillScreen::new(matrix, &boxes, seed, model);
        self.screen = Screen::Drill(Box::new(screen));
    }

    pub fn open_grid(&mut self) {
        let Some(matrix) = self.course.drill_matrix() else {
            self.flash = Some("this course has no responsibility matrix".into());
            return;
        };
        self.screen = Screen::Grid(Box::new(GridScreen::new(matrix.file.clone())));
    }

    fn on_outline_action(&mut self, action: Action) {
        let page = (self.size.1.saturating_sub(6) as isize).max(1);
        match action {
            Action::Down => self.move_selection(1),
            Action::Up => self.move_selection(-1),
            Action::PageDown => self.move_selection(page),
            Action::PageUp => self.move_selection(-page),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = outline::entries(self).len().saturating_sub(1),
            Action::Open => self.open_entry(),
            Action::Quit | Action::Back => self.quit(),
            _ => {}
        }
    }

    fn open_entry(&mut self) {
        match outline::entries(self).get(self.selected).copied() {
            Some(outline::Entry::Lesson(index)) => self.open_lesson(index),
            Some(outline::Entry::Quiz(index)) => self.open_quiz(index),
            Some(outline::Entry::Drill) => self.open_drill(None),
            Some(outline::Entry::Grid) => self.open_grid(),
            Some(outline::Entry::Assess) => self.open_assessment(),
            None => {}
        }
    }

    fn move_selection(&mut self, delta: isize) {
        let last = outline::entries(self).len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    fn on_pager_action(&mut self, action: Action) {
        let Screen::Pager(pager) = &mut self.screen else { return };
        let page = pager.view_height() as isize;
        match action {
            Action::Down => pager.scroll_by(1),
            Action::Up => pager.scroll_by(-1),
            Action::PageDown => pager.scroll_by(page.saturating_sub(1).max(1)),
            Action::PageUp => pager.scroll_by(-(page.saturating_sub(1).max(1))),
            Action::HalfPageDown => pager.scroll_by((page / 2).max(1)),
            Action::HalfPageUp => pager.scroll_by(-(page / 2).max(1)),
            Action::Top => pager.scroll_to(0),
            Action::Bottom => pager.scroll_to(usize::MAX),
            Action::Search => pager.start_search(),
            Action::NextMatch | Action::PreviousMatch => {
                if pager.search.query.is_empty() {
                    self.flash = Some("no search yet: press / to search".to_string());
                } else if pager.search.matches.is_empty() {
                    self.flash = Some(format!("'{}' not found", pager.search.query));
                } else if pager.step_match(action == Action::NextMatch) {
                    self.flash = Some(
                        if action == Action::NextMatch {
                            "search wrapped to the top"
                        } else {
                            "search wrapped to the end"
                        }
                        .to_string(),
                    );
                }
            }
            Action::Contents => {
                if pager.doc.headings.is_empty() {
                    self.flash = Some("this lesson has no headings".to_string());
                } else {
                    self.overlay = Some(Overlay::Contents(ContentsState::new(&pager.doc.headings, pager.top)));
                }
            }
            Action::NextLesson | Action::PreviousLesson => {
                let current = pager.lesson;
                let target = if action == Action::NextLesson { current + 1 } else { current.wrapping_sub(1) };
                if target < self.course.lessons.len() {
                    self.open_lesson(target);
                } else {
                    self.flash = Some(
                        if action == Action::NextLesson {
                            "this is the last lesson"
                        } else {
                            "this is the first lesson"
                        }
                        .to_string(),
                    );
                }
            }
            Action::Back | Action::Quit => {
                self.record_position();
                self.screen = Screen::Outline;
            }
            _ => {}
        }
    }

    fn on_contents_action(&mut self, action: Action) {
        let Some(Overlay::Contents(contents)) = &mut self.overlay else { return };
        let page = (self.size.1.saturating_sub(6) as isize).max(1);
        match action {
            Action::Down => contents.move_by(1),
            Action::Up => contents.move_by(-1),
            Action::PageDown => contents.move_by(page),
            Action::PageUp => contents.move_by(-page),
            Action::Top => contents.move_by(isize::MIN),
            Action::Bottom => contents.move_by(isize::MAX),
            Action::Open => {
                let line = contents.selected_line();
                self.overlay = None;
                if let Screen::Pager(pager) = &mut self.screen {
                    pager.scroll_to(line);
                }
            }
            _ => self.overlay = None,
        }
    }

    /// Open a lesson where the reader left it.
    pub fn open_lesson(&mut self, index: usize) {
        if index >= self.course.lessons.len() {
            return;
        }
        self.record_position();
        let lesson = &self.course.lessons[index];
        let key = self.course_key();
        let saved = self.store.lesson(&key, &lesson.id);
        let pager = Pager::open(index, lesson, self.size, (saved.position, saved.lines_into));
        let entry = self.store.course_mut(&key).lessons.entry(lesson.id.clone()).or_default();
        if entry.status == LessonStatus::Unread {
            entry.status = LessonStatus::InProgress;
        }
        entry.visited = self.now;
        self.selected = outline::entries(self).iter().position(|e| *e == outline::Entry::Lesson(index)).unwrap_or(0);
        self.screen = Screen::Pager(Box::new(pager));
    }

    /// Record where the reader is and save: whenever a lesson is left, and
    /// now and then while it is open.
    fn record_position(&mut self) {
        let Screen::Pager(pager) = &self.screen else { return };
        let Some(lesson) = self.course.lessons.get(pager.lesson) else { return };
        let ((position, lines_into), finished) = (pager.anchor(), pager.reached_end);
        let key = self.course_key();
        let entry = self.store.course_mut(&key).lessons.entry(lesson.id.clone()).or_default();
        entry.position = position;
        entry.lines_into = lines_into;
        if finished {
            entry.status = LessonStatus::Read;
        } else if entry.status == LessonStatus::Unread {
            entry.status = LessonStatus::InProgress;
        }
        self.position_saved = (self.now, Some((position, lines_into)));
        if let Err(message) = self.store.save() {
            self.flash = Some(message);
        }
    }
}

/// Write a report next to the progress file; the message says where (or why not).
fn save_report(store: &ProgressStore, markdown: &str) -> String {
    let Some(dir) = store.path().and_then(|p| p.parent()).map(|d| d.join("reports")) else {
        return "no data folder to save the report in".to_string();
    };
    let path = dir.join(format!("self-assessment-{}.md", progress::now_secs()));
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, markdown)) {
        Ok(()) => format!("report saved to {}", path.display()),
        Err(error) => format!("{}: report not saved: {error}", path.display()),
    }
}
