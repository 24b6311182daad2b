//! The real binary in a real terminal (tmux): the screen shows what it should,
//! and every way out leaves the terminal as it was: no alternate screen,
//! cursor visible, mouse reporting off, line editing and echo back on.

mod common;

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

/// The rest of a learner's first session: a quiz to its result, a drill, and a
/// self-assessment left half-way; then everything is on disk and the terminal is back.
#[test]
fn a_tour_through_quiz_drill_and_assessment() {
    if !tmux_available() {
        return;
    }
    let tmux = Tmux::start("practice");
    tmux.start_handoff("");
    // The quiz: answer every question with the first option, whatever its kind.
    tmux.send(&["End", "k", "k", "k", "Enter"]);
    tmux.wait_for("Basics check · question 1 of 4");
    for question in 1..=4 {
        let screen = tmux.wait_for(&format!("question {question} of 4"));
        if screen.contains("choose category") {
            tmux.send(&["1", "1", "1", "Enter"]);
        } else if screen.contains("Space or number tick") {
            tmux.send(&["1", "Enter"]);
        } else {
            tmux.send(&["1"]);
        }
        tmux.wait_for("Enter next");
        tmux.send(&["Enter"]);
    }
    let result = tmux.wait_for("Basics check · result");
    assert!(result.contains("Score:") && result.contains("reproduces this attempt"), "{result}");
    tmux.send(&["Enter"]);
    // The drill: two answers, then stop.
    tmux.wait_for("Enter open");
    tmux.send(&["End", "k", "k", "Enter"]);
    tmux.wait_for("Responsibility drill · 0 of 4 cells mastered");
    for _ in 0..2 {
        tmux.send(&["c"]);
        tmux.wait_for("Enter next");
        tmux.send(&["Enter"]);
    }
    tmux.send(&["q"]);
    tmux.wait_for("2 answers,");
    tmux.send(&["Enter"]);
    // The self-assessment: one answer with its certainty, then stop and keep.
    tmux.wait_for("Enter open");
    tmux.send(&["End", "Enter"]);
    let question = tmux.wait_for("Self-assessment · question 1 of 3");
    if question.contains("Space or number tick") {
        tmux.send(&["1", "Enter"]);
    } else if question.contains("choose category") {
        tmux.send(&["1", "1", "1", "Enter"]);
    } else {
        tmux.send(&["1"]);
    }
    tmux.wait_for("How sure are you?");
    tmux.send(&["2"]);
    tmux.wait_for("question 2 of 3");
    tmux.send(&["q"]);
    tmux.wait_for("Stop here?");
    tmux.send(&["y"]);
    let outline = tmux.wait_for("self-assessment kept");
    assert!(outline.contains("in progress"), "{outline}");
    assert!(outline.contains("best "), "the quiz shows its score: {outline}");
    tmux.send(&["q"]);
    tmux.wait_for("EXIT=0");
    tmux.assert_restored();
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmux.home.path().join("progress.json")).expect("progress saved"))
            .expect("progress is JSON");
    let course = saved["courses"].as_object().and_then(|c| c.values().next()).expect("one course").clone();
    assert_eq!(course["quiz_results"].as_array().map(Vec::len), Some(1), "{course}");
    assert_eq!(course["quiz_results"][0]["completed"], true, "{course}");
    assert!(course["drill"].as_object().is_some_and(|d| !d.is_empty()), "{course}");
    assert!(course["assessment_in_progress"].is_object(), "{course}");
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

// --- hostile content ---

/// Control sequences a malicious lesson might carry: clear the screen, set the
/// window title, write the clipboard, ask the terminal to answer (DSR, DECRQSS),
/// ring the bell, and reorder text with bidi overrides. Each must reach the
/// terminal as inert, visible text.
const HOSTILE: &str = "\x1b[2J\x1b]0;PWNED\x07 \x1b]52;c;cHduZWQ=\x07 \x1b[6n \x1bP$q\"p\x1b\\ \u{9b}5n \x07 \u{202e}desrever\u{202c} \0nul";

fn hostile_course() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("lessons")).expect("lessons dir");
    std::fs::create_dir_all(root.join("quizzes")).expect("quizzes dir");
    let json = |text: &str| serde_json::to_string(text).expect("json string");
    std::fs::write(
        root.join("course.json"),
        format!(r#"{{"title": {}, "lessons": ["hostile"]}}"#, json(&format!("Course {HOSTILE}"))),
    )
    .expect("manifest");
    let mut lesson = format!(
        "# Hostile {HOSTILE}\n\nA paragraph {HOSTILE} ends here.\n\n- item {HOSTILE}\n\n> quote {HOSTILE}\n\n\
         `code {HOSTILE}`\n\n```\nblock {HOSTILE}\n```\n\n| a | b |\n|---|---|\n| cell {HOSTILE} | [link](https://x.test/{HOSTILE}) |\n\n"
    )
    .into_bytes();
    // Invalid UTF-8 as well: the loader reads it lossily and says so.
    lesson.extend_from_slice(b"Broken bytes \xff\xfe\xc0 end.\n");
    std::fs::write(root.join("lessons/hostile.md"), lesson).expect("lesson");
    let quiz = format!(
        r#"{{"format": 1, "title": {title}, "lesson": "hostile", "questions": [
            {{"id": "q", "type": "true_false", "prompt": {prompt}, "answer": true, "topics": ["t"], "explanation": {why}}}
        ]}}"#,
        title = json(&format!("Quiz {HOSTILE}")),
        prompt = json(&format!("Prompt {HOSTILE}")),
        why = json(&format!("Because {HOSTILE}")),
    );
    std::fs::write(root.join("quizzes/hostile.json"), quiz).expect("quiz");
    dir
}

/// Problems in a byte stream sent to a terminal: anything but text, CR, LF and
/// the CSI sequences a full-screen program needs (cursor moves, clears, colours,
/// the alternate screen, cursor visibility, mouse reporting).
fn terminal_stream_problems(bytes: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => return vec![format!("invalid UTF-8 at byte {}", error.valid_up_to())],
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\x1b' {
            if chars.get(i + 1) != Some(&'[') {
                problems.push(format!("ESC followed by {:?} at char {i}", chars.get(i + 1)));
                i += 1;
                continue;
            }
            let start = i;
            i += 2;
            while i < chars.len() && matches!(chars[i], '0'..='9' | ';' | '?' | ':') {
                i += 1;
            }
            let params: String = chars[start + 2..i].iter().collect();
            let Some(&last) = chars.get(i) else {
                problems.push(format!("unterminated CSI {params:?}"));
                break;
            };
            let allowed = match last {
                'm' | 'H' | 'J' | 'K' | 'A' | 'B' | 'C' | 'D' | 'G' => !params.starts_with('?'),
                'h' | 'l' => {
                    matches!(params.as_str(), "?1049" | "?25" | "?1000" | "?1002" | "?1003" | "?1006" | "?1015")
                }
                _ => false,
            };
            if !allowed {
                problems.push(format!("CSI {params:?} {last:?}"));
            }
        } else if (c.is_control() && c != '\r' && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
        {
            problems.push(format!("{:?} at char {i}", c));
        }
        i += 1;
    }
    problems
}

#[test]
fn the_stream_checker_catches_what_it_must() {
    assert!(terminal_stream_problems(b"\x1b[1;1Hplain \x1b[38;5;4mtext\x1b[0m\r\n\x1b[?25h").is_empty());
    for bad in [&b"\x1b]0;t\x07"[..], b"\x07", b"\x1b[6n", b"\xc2\x9b2J", b"\xe2\x80\xae", b"\0", b"\xff", b"\x1bP"] {
        assert!(!terminal_stream_problems(bad).is_empty(), "{bad:?}");
    }
}

#[test]
fn hostile_text_reaches_the_terminal_inert() {
    if !tmux_available() {
        return;
    }
    let course = hostile_course();
    let tmux = Tmux::start("hostile");
    let stream = tmux.home.path().join("stream.bin");
    assert!(
        Command::new("tmux")
            .args(["pipe-pane", "-O", "-t", &tmux.session, &format!("cat > '{}'", stream.display())])
            .status()
            .expect("pipe-pane")
            .success()
    );
    tmux.run(&format!(
        "env -u NO_COLOR HANDOFF_HOME='{}' {} --course '{}'; echo EXIT=$?",
        tmux.home.path().display(),
        binary().display(),
        course.path().display()
    ));
    let outline = tmux.wait_for("Quiz ␛[2J␛]0;PWNED␇");
    assert!(outline.contains("Course ␛[2J"), "{outline}");
    tmux.send(&["Enter"]);
    let lesson = tmux.wait_for("A paragraph ␛[2J␛]0;PWNED␇");
    assert!(lesson.contains("<U+202E>desrever"), "bidi override shown, not obeyed: {lesson}");
    tmux.send(&["G"]);
    tmux.wait_for("Broken bytes");
    tmux.send(&["q", "End", "Enter"]);
    tmux.wait_for("Prompt ␛[2J");
    tmux.send(&["1"]);
    tmux.wait_for("Because ␛[2J");
    // To the quiz's summary, back to the outline, then out.
    tmux.send(&["q"]);
    tmux.wait_for("Score: 1.0 / 1 (100%)");
    tmux.send(&["q"]);
    tmux.wait_for("Enter open");
    tmux.send(&["q"]);
    tmux.wait_for("EXIT=0");
    tmux.assert_restored();
    let _ = Command::new("tmux").args(["pipe-pane", "-t", &tmux.session]).status();
    // pipe-pane's cat may still be flushing.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut bytes = Vec::new();
    while Instant::now() < deadline {
        bytes = std::fs::read(&stream).unwrap_or_default();
        if String::from_utf8_lossy(&bytes).contains("EXIT=0") {
            break;
        }
        sleep(Duration::from_millis(50));
    }
    assert!(String::from_utf8_lossy(&bytes).contains("PWNED"), "the stream was captured");
    let problems = terminal_stream_problems(&bytes);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn hostile_text_in_plain_output_is_inert() {
    let course = hostile_course();
    let home = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str], stdin: &str| {
        let course = course.path().display().to_string();
        common::run_with_input(common::handoff_command(home.path()).args(["--course", &course]).args(args), stdin)
    };
    for (args, stdin) in [
        (&["lessons"][..], ""),
        (&["read", "hostile", "--width", "60"][..], ""),
        (&["--plain", "read", "hostile"][..], ""),
        (&["quizzes"][..], ""),
        (&["--plain", "quiz", "hostile"][..], "1\n"),
        (&["validate"][..], ""),
    ] {
        let output = run(args, stdin);
        for (name, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let problems = terminal_stream_problems(bytes);
            assert!(problems.is_empty(), "{args:?} {name}: {problems:#?}\n{}", String::from_utf8_lossy(bytes));
        }
        if args != ["validate"] {
            assert!(String::from_utf8_lossy(&output.stdout).contains('␛'), "{args:?} shows the markers");
        }
    }
}
