//! The full-screen front end: state + `update(message)` + pure render.

pub mod app;
pub mod assess;
pub mod blocks;
pub mod choice;
pub mod drill;
pub mod grid;
pub mod keys;
pub mod outline;
pub mod overlay;
pub mod pager;
pub mod quiz;
pub mod render;
pub mod search;
pub mod terminal;
pub mod theme;

pub use app::{App, Message};

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

use crate::course::Course;
use crate::progress::ProgressStore;

/// How often the loop wakes to check for SIGTERM/SIGHUP when no input comes.
const SIGNAL_POLL: Duration = Duration::from_millis(200);

/// The screen the app opens on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    Outline,
    Quiz(usize),
    Drill(Option<String>),
    Grid,
    Assess,
}

/// Run the course in the terminal until the learner quits or a signal arrives.
pub fn run(
    course: Course,
    store: ProgressStore,
    start: Start,
    seed: Option<u64>,
    learner: Option<String>,
) -> io::Result<()> {
    let terminate = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&terminate))?;
    }
    let finished = Arc::new(AtomicBool::new(false));
    spawn_watchdog(Arc::clone(&terminate), Arc::clone(&finished));
    // Lets the terminal tests prove a panic still restores the terminal.
    let panic_on_key = std::env::var_os("HANDOFF_TEST_PANIC").is_some();
    let mut session = terminal::enter()?;
    let size = session.terminal.size()?;
    let mut app = App::new(course, store, theme::Theme::from_env(), (size.width, size.height));
    app.seed = seed;
    app.learner = learner;
    match start {
        Start::Outline => {}
        Start::Quiz(index) => app.open_quiz(index),
        Start::Drill(model) => app.open_drill(model.as_deref()),
        Start::Grid => app.open_grid(),
        Start::Assess => app.open_assessment(),
    }
    while !app.should_quit {
        session.terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
        if terminate.load(Ordering::Relaxed) {
            app.update(Message::Terminate);
            break;
        }
        if event::poll(SIGNAL_POLL)? {
            let message = match event::read()? {
                Event::Key(_) if panic_on_key => panic!("HANDOFF_TEST_PANIC is set: panicking on the first key"),
                Event::Key(key) => Message::Key(key),
                Event::Mouse(mouse) => Message::Mouse(mouse),
                Event::Resize(width, height) => Message::Resize(width, height),
                _ => continue,
            };
            app.update(message);
        } else {
            app.update(Message::Tick);
        }
    }
    drop(session);
    finished.store(true, Ordering::Relaxed);
    // Anything the learner should know (e.g. a save failure) survives the screen.
    for notice in &app.store.notices {
        eprintln!("handoff: {notice}");
    }
    Ok(())
}

/// How long the main loop gets to save and leave after SIGTERM/SIGHUP.
const SIGNAL_GRACE: Duration = Duration::from_millis(1500);

/// When the terminal hangs up, crossterm's event reader can spin forever on
/// the dead descriptor and never return to our loop. After a signal, give the
/// loop a moment to save and leave; if it does not, restore and exit from here
/// rather than burn a CPU with nobody watching.
fn spawn_watchdog(terminate: Arc<AtomicBool>, finished: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !terminate.load(Ordering::Relaxed) {
            std::thread::sleep(SIGNAL_POLL);
        }
        std::thread::sleep(SIGNAL_GRACE);
        if !finished.load(Ordering::Relaxed) {
            terminal::restore();
            std::process::exit(1);
        }
    });
}
