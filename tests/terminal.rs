//! The real binary in a real terminal (tmux): the screen shows what it should,
//! and every way out leaves the terminal as it was: no alternate screen,
//! cursor visible, mouse reporting off, line editing and echo back on.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux {
    session: String,
    home: tempfile::TempDir,
}

fn tmux_available() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
    // CI has tmux: missing there is a failure, not a skip.
    assert!(found || std::env::var_os("CI").is_none(), "tmux is required in CI");
    found
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_handoff"))
}

impl Tmux {
    /// A shell in a detached 80x24 tmux session, with its own data folder.
    fn start(name: &str) -> Tmux {
        let home = tempfile::tempdir().expect("temp dir");
        let session = format!("handoff-test-{name}-{}", std::process::id());
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", &session, "-x", "80", "-y", "24", "sh"])
            .status()
            .expect("start tmux");
        assert!(status.success());
        Tmux { session, home }
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        assert!(Command::new("tmux").args(&args).status().expect("send-keys").success());
    }

    fn run(&self, command: &str) {
        self.send(&["-l", command]);
        self.send(&["Enter"]);
    }

    fn display(&self, format: &str) -> String {
        let output = Command::new("tmux")
            .args(["display-message", "-p", "-t", &self.session, format])
            .output()
            .expect("display");
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    fn screen(&self) -> String {
        let output = Command::new("tmux").args(["capture-pane", "-p", "-t", &self.session]).output().expect("capture");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {text:?}; screen:\n{screen}");
            sleep(Duration::from_millis(50));
        }
    }

    /// The terminal modes a well-behaved program must give back.
    fn assert_restored(&self) {
        assert_eq!(self.display("#{alternate_on}"), "0", "left the alternate screen");
        assert_eq!(self.display("#{cursor_flag}"), "1", "cursor visible");
        assert_eq!(
            self.display("#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}"),
            "000",
            "mouse reporting off"
        );
        let tty = self.display("#{pane_tty}");
        let stty = Command::new("stty").args(["-F", &tty, "-a"]).output().expect("stty");
        let modes = String::from_utf8_lossy(&stty.stdout).into_owned();
        let flags: Vec<&str> = modes.split_whitespace().collect();
        for mode in ["icanon", "echo", "isig"] {
            assert!(flags.contains(&mode), "{mode} restored: {modes}");
        }
    }

    fn pid_of_handoff(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let output = Command::new("pgrep")
                .args(["-f", &format!("{} --course", binary().display())])
                .output()
                .expect("pgrep");
            let pids = String::from_utf8_lossy(&output.stdout).into_owned();
            // Several tests run at once; pick ours by its data folder.
            for pid in pids.split_whitespace() {
                let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
                let needle = format!("HANDOFF_HOME={}", self.home.path().display());
                if environ.split(|&b| b == 0).any(|entry| entry == needle.as_bytes()) {
                    return pid.to_string();
                }
            }
            assert!(Instant::now() < deadline, "handoff did not start");
            sleep(Duration::from_millis(50));
        }
    }

    fn start_handoff(&self, extra_env: &str) {
        let course = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
        // The environment is set on the command itself: a running tmux server
        // would not pass on this process's environment to a new session.
        self.run(&format!(
            "env -u NO_COLOR -u HANDOFF_COURSE HANDOFF_HOME='{}' {extra_env}{} --course '{}'; echo EXIT=$?",
            self.home.path().display(),
            binary().display(),
            course.display()
        ));
        self.wait_for("Fixture Course");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["kill-session", "-t", &self.session]).status();
    }
}

#[test]
fn a_tour_then_q_restores_the_terminal() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start("tour");
    tmux.start_handoff("");
    assert_eq!(tmux.display("#{alternate_on}"), "1");
    tmux.send(&["j", "Enter"]);
    tmux.wait_for("2/3 · Layers of the stack");
    tmux.send(&["/"]);
    tmux.send(&["-l", "target"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("match 1/18");
    tmux.send(&["t"]);
    tmux.wait_for("Contents");
    tmux.send(&["Escape"]);
    tmux.send(&["q"]);
    tmux.wait_for("◐ 2. Layers of the stack");
    tmux.send(&["q"]);
    let screen = tmux.wait_for("EXIT=0");
    assert!(!screen.contains("Contents"), "the pager's screen is gone: {screen}");
    tmux.assert_restored();
}

#[test]
fn ctrl_c_restores_the_terminal() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start("ctrlc");
    tmux.start_handoff("");
    tmux.send(&["Enter", "/"]);
    tmux.send(&["C-c"]);
    tmux.wait_for("EXIT=0");
    tmux.assert_restored();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_save() {
    if !tmux_available() {
        return;
    }
    for signal in ["-TERM", "-HUP"] {
        let tmux = Tmux::start(&signal[1..].to_lowercase());
        tmux.start_handoff("");
        tmux.send(&["Enter"]);
        tmux.wait_for("1/3 · Getting started");
        let pid = tmux.pid_of_handoff();
        assert!(Command::new("kill").args([signal, &pid]).status().expect("kill").success());
        tmux.wait_for("EXIT=");
        tmux.assert_restored();
        let saved =
            std::fs::read_to_string(tmux.home.path().join("progress.json")).expect("progress saved on the signal");
        assert!(saved.contains("\"intro\""), "{saved}");
    }
}

#[test]
fn a_panic_restores_the_terminal_and_shows_the_message() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start("panic");
    tmux.start_handoff("HANDOFF_TEST_PANIC=1 ");
    tmux.send(&["j"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("panicked"), "the panic message is visible after restore: {screen}");
    tmux.assert_restored();
}

#[test]
fn closing_the_terminal_ends_the_program_instead_of_spinning() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start("hangup");
    tmux.start_handoff("");
    let pid = tmux.pid_of_handoff();
    let _ = Command::new("tmux").args(["kill-session", "-t", &tmux.session]).status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Path::new(&format!("/proc/{pid}")).exists() {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // A zombie has exited; only its parent has not reaped it yet.
        if state.split_whitespace().nth(2) == Some("Z") {
            break;
        }
        assert!(Instant::now() < deadline, "handoff {pid} still running after its terminal closed");
        sleep(Duration::from_millis(100));
    }
}
