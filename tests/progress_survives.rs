//! Progress survives: the real binary killed with SIGKILL at random moments,
//! several instances saving to one profile at once, and a data folder that
//! cannot be written.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use handoff::progress::{FILE_NAME, Progress, ProgressStore};

/// The line the plain quiz prints once its attempt is safely on disk.
const SAVED: &str = "Saved to ";

/// A course folder with one quiz of `questions` single-choice questions, so
/// "1" answers every one of them.
fn course(questions: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("course dir");
    std::fs::write(dir.path().join("intro.md"), "# Intro\n\nA lesson.\n").expect("write lesson");
    let questions: Vec<String> = (0..questions)
        .map(|k| {
            format!(
                r#"{{"id": "q{k}", "type": "single", "prompt": "Question {k}?", "topics": ["t"],
                 "explanation": "Because.", "options": [{{"text": "Yes", "correct": true}}, {{"text": "No"}}]}}"#
            )
        })
        .collect();
    let quiz = format!(r#"{{"format": 1, "title": "Long", "questions": [{}]}}"#, questions.join(",\n"));
    std::fs::create_dir(dir.path().join("quizzes")).expect("quizzes dir");
    std::fs::write(dir.path().join("quizzes/long.json"), quiz).expect("write quiz");
    dir
}

fn spawn_quiz(home: &Path, course: &Path, seed: u64) -> Child {
    common::handoff_command(home)
        .args(["--course".as_ref(), course.as_os_str()])
        .args(["quiz", "long", "--plain", "--seed", &seed.to_string()])
        .spawn()
        .expect("run handoff")
}

/// Write every answer and close stdin; a child already killed may have
/// closed its end, which is fine.
fn answer_all(child: &mut Child, questions: usize) {
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all("1\n".repeat(questions).as_bytes());
    }
}

/// The progress file as the library reads it: it must open without any notice.
fn on_disk(home: &Path) -> Progress {
    let store = ProgressStore::open(home);
    assert!(store.notices.is_empty(), "the progress file opens cleanly: {:?}", store.notices);
    store.data
}

/// (seed, completed) of every quiz attempt on disk, in every course.
fn attempts(progress: &Progress) -> Vec<(u64, bool)> {
    progress.courses.values().flat_map(|c| c.quiz_results.iter().map(|r| (r.seed, r.completed))).collect()
}

fn files_named(home: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    std::fs::read_dir(home)
        .map(|entries| {
            entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| keep(n)).collect()
        })
        .unwrap_or_default()
}

fn temp_files(home: &Path) -> Vec<String> {
    files_named(home, |n| n.starts_with(&format!(".{FILE_NAME}.")) && n.ends_with(".tmp"))
}

/// splitmix64: a small seeded generator, so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A duration in [0, max).
    fn below(&mut self, max: Duration) -> Duration {
        let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX).max(1);
        Duration::from_nanos(self.next() % nanos)
    }
}

#[test]
fn sigkill_at_random_moments_never_loses_a_reported_save() {
    const QUESTIONS: usize = 6;
    // Rounds go on until this many kills, within a bound (kills depend on timing).
    const KILLS: usize = 100;
    const MAX_ROUNDS: u64 = 300;
    const PER_ROUND: usize = 2;
    let seed = std::env::var("HANDOFF_STRESS_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_u64);
    let mut rng = Rng(seed);
    let course = course(QUESTIONS);
    let home = tempfile::tempdir().expect("home");
    let home = home.path();

    // One round run to the end, timed, to spread the kills over whole runs.
    let started = Instant::now();
    let mut children: Vec<Child> = (1..=PER_ROUND as u64).map(|s| spawn_quiz(home, course.path(), s)).collect();
    for child in &mut children {
        answer_all(child, QUESTIONS);
    }
    for child in children {
        let output = child.wait_with_output().expect("wait");
        let transcript = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{transcript}{}", String::from_utf8_lossy(&output.stderr));
        let saved_line = transcript.lines().find(|l| l.starts_with(SAVED)).unwrap_or_default();
        assert_eq!(saved_line, format!("{SAVED}{}.", home.join(FILE_NAME).display()), "{transcript}");
    }
    // Adjusted as rounds go, so a slow first round (a busy disk) does not
    // leave every later run to finish before its kill.
    let mut lifetime = started.elapsed();

    let mut reported: BTreeSet<u64> = (1..=PER_ROUND as u64).collect();
    let mut before = reported.clone();
    let (mut kills, mut mid_save) = (0, 0);
    let mut next_seed = PER_ROUND as u64 + 1;
    let mut round = 0;
    while kills < KILLS && round < MAX_ROUNDS {
        round += 1;
        // Half the kills anywhere in a run, half in its second half, where it saves.
        let delays: Vec<Duration> = (0..PER_ROUND)
            .map(|_| {
                if rng.next().is_multiple_of(2) {
                    rng.below(lifetime.mul_f64(1.5))
                } else {
                    lifetime.mul_f64(0.5) + rng.below(lifetime)
                }
            })
            .collect();
        let seeds: Vec<u64> = (0..PER_ROUND as u64).map(|k| next_seed + k).collect();
        next_seed += PER_ROUND as u64;
        let start = Instant::now();
        let mut children: Vec<Child> = seeds.iter().map(|&s| spawn_quiz(home, course.path(), s)).collect();
        for child in &mut children {
            answer_all(child, QUESTIONS);
        }
        let mut order: Vec<usize> = (0..PER_ROUND).collect();
        order.sort_by_key(|&k| delays[k]);
        for k in order {
            if let Some(wait) = delays[k].checked_sub(start.elapsed()) {
                std::thread::sleep(wait);
            }
            // Already gone is fine: the kill only picks a moment.
            let _ = children[k].kill();
        }
        let mut killed_now = 0;
        for (child, &s) in children.into_iter().zip(&seeds) {
            let output = child.wait_with_output().expect("wait");
            let transcript = String::from_utf8_lossy(&output.stdout);
            if transcript.lines().any(|l| l.starts_with(SAVED)) {
                reported.insert(s);
            }
            if !output.status.success() {
                killed_now += 1;
                if transcript.contains("Score:") && !transcript.contains(SAVED) {
                    mid_save += 1;
                }
            } else {
                assert!(transcript.contains(SAVED), "a run that ends well says it saved: {transcript}");
            }
        }
        kills += killed_now;
        if killed_now == 0 {
            lifetime = lifetime.mul_f64(0.8);
        } else if killed_now == PER_ROUND {
            lifetime = lifetime.mul_f64(1.1);
        }

        let context = format!("round {round}, HANDOFF_STRESS_SEED={seed}");
        let progress = on_disk(home);
        let now: BTreeSet<u64> = attempts(&progress).iter().map(|&(s, _)| s).collect();
        assert_eq!(now.len(), attempts(&progress).len(), "no attempt stored twice ({context})");
        assert!(attempts(&progress).iter().all(|&(_, completed)| completed), "only whole attempts are saved");
        assert!(reported.is_subset(&now), "every reported save is on disk: {reported:?} vs {now:?} ({context})");
        assert!(before.is_subset(&now), "nothing once on disk is lost: {before:?} vs {now:?} ({context})");
        assert!(now.iter().all(|s| *s < next_seed), "only attempts that ran ({context})");
        // Each killed run may leave its temporary file until the next save clears it.
        let temps = temp_files(home);
        assert!(temps.len() <= killed_now, "stray temporary files {temps:?} after {killed_now} kills ({context})");
        assert!(files_named(home, |n| n.contains(".damaged-")).is_empty(), "never damaged ({context})");
        before = now;
    }

    // A clean run clears whatever temporary file a killed one left.
    let mut child = spawn_quiz(home, course.path(), next_seed);
    answer_all(&mut child, QUESTIONS);
    assert!(child.wait().expect("wait").success());
    assert!(temp_files(home).is_empty(), "{:?}", temp_files(home));
    assert!(attempts(&on_disk(home)).iter().any(|&(s, _)| s == next_seed));
    eprintln!(
        "{kills} kills ({mid_save} between the score and the save report: saving or waiting for the lock); \
         {} of {} runs reported saving; a round took about {lifetime:?} at the end",
        reported.len(),
        next_seed - 1
    );
    assert!(kills >= KILLS, "enough kills to mean something: {kills} in {round} rounds");
}

/// Start `instances` quizzes on one home, wait until every one has loaded its
/// progress, then let them all answer and save at once.
fn race(home: &Path, course: &Path, seeds: &[u64], questions: usize) {
    let mut children: Vec<(Child, BufReader<std::process::ChildStdout>)> = seeds
        .iter()
        .map(|&s| {
            let mut child = spawn_quiz(home, course, s);
            let stdout = child.stdout.take().expect("stdout");
            (child, BufReader::new(stdout))
        })
        .collect();
    // The quiz title is printed after the progress file was read.
    for (_, stdout) in &mut children {
        let mut first = String::new();
        stdout.read_line(&mut first).expect("first line");
        assert!(first.starts_with("Quiz: "), "{first}");
    }
    for (child, _) in &mut children {
        answer_all(child, questions);
    }
    for (mut child, mut stdout) in children {
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).expect("read output");
        let mut errors = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            stderr.read_to_string(&mut errors).expect("read errors");
        }
        assert!(child.wait().expect("wait").success(), "{rest}{errors}");
        assert!(errors.is_empty(), "{errors}");
    }
}

#[test]
fn concurrent_instances_keep_every_attempt() {
    const QUESTIONS: usize = 3;
    const INSTANCES: u64 = 4;
    const QUIZZES: u64 = 2;
    let course = course(QUESTIONS);
    let home = tempfile::tempdir().expect("home");
    let mut expected = BTreeSet::new();
    for round in 0..QUIZZES {
        let seeds: Vec<u64> = (0..INSTANCES).map(|k| 100 * (k + 1) + round).collect();
        race(home.path(), course.path(), &seeds, QUESTIONS);
        expected.extend(seeds);
    }
    let stored = attempts(&on_disk(home.path()));
    let seeds: BTreeSet<u64> = stored.iter().map(|&(s, _)| s).collect();
    assert_eq!(stored.len(), (INSTANCES * QUIZZES) as usize, "{stored:?}");
    assert_eq!(seeds, expected);
}

/// A data folder under a regular file can never be created.
fn unwritable_home() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "a file").expect("write file");
    let home = file.join("handoff");
    (dir, home)
}

#[test]
fn unwritable_data_folder_warns_up_front_and_the_quiz_still_runs() {
    const QUESTIONS: usize = 2;
    let course = course(QUESTIONS);
    let (_dir, home) = unwritable_home();
    let mut child = spawn_quiz(&home, course.path(), 7);
    answer_all(&mut child, QUESTIONS);
    let output = child.wait_with_output().expect("wait");
    let transcript = String::from_utf8_lossy(&output.stdout);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{transcript}{errors}");
    assert!(transcript.contains("Score: ") && !transcript.contains("Answered "), "ran to the end: {transcript}");
    assert!(!transcript.contains(SAVED), "nothing was saved, so nothing says so: {transcript}");
    let warning = format!("handoff: {}: cannot save progress here (", home.display());
    assert!(errors.starts_with(&warning), "warned before the quiz, naming the folder: {errors}");
    assert!(errors.contains("this session will not be saved"), "{errors}");
    assert_eq!(errors.matches(&home.display().to_string()).count(), 1, "warned once: {errors}");
}

#[test]
fn unwritable_data_folder_is_a_notice_for_the_terminal_interface() {
    let (_dir, home) = unwritable_home();
    let mut store = ProgressStore::open(&home);
    assert_eq!(store.notices.len(), 1, "{:?}", store.notices);
    assert!(store.notices[0].starts_with(&format!("{}: cannot save progress here (", home.display())));
    store.course_mut("course").grid_best = Some(0.5);
    assert_eq!(store.save(), Ok(false), "not written, and no second warning");
    assert_eq!(store.notices.len(), 1, "{:?}", store.notices);
    assert_eq!(store.course("course").and_then(|c| c.grid_best), Some(0.5), "kept in memory for the session");
}
