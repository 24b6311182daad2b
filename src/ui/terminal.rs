//! Entering and leaving the full-screen terminal mode. Restoring is
//! idempotent and happens on every exit path: normal return, error, panic.

use std::io::{self, Stdout, Write};
use std::sync::Once;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::crossterm::{cursor, execute};

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped.
pub struct Session {
    pub terminal: Tui,
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

pub fn enter() -> io::Result<Session> {
    install_panic_hook();
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(error) = execute!(stdout, EnterAlternateScreen, EnableMouseCapture, cursor::Hide) {
        restore();
        return Err(error);
    }
    match Terminal::new(CrosstermBackend::new(stdout)) {
        Ok(terminal) => Ok(Session { terminal }),
        Err(error) => {
            restore();
            Err(error)
        }
    }
}

/// Leave raw mode and the alternate screen, show the cursor. Safe to call twice.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut stdout = io::stdout();
    let _ = execute!(stdout, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = stdout.flush();
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Restore first, or the panic message lands in the alternate screen and is lost.
            restore();
            previous(info);
        }));
    });
}
