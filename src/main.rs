//! Command line: parse arguments and pick a front end.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use handoff::ansi::Styling;
use handoff::course::{self, Course};
use handoff::progress::{self, ProgressStore};
use handoff::{plain, ui};

/// A terminal course on the cloud shared responsibility model (or any folder of Markdown).
#[derive(Debug, Parser)]
#[command(
    name = "handoff",
    version,
    about,
    after_help = "Progress is kept in $HANDOFF_HOME, or the platform data folder (e.g. ~/.local/share/handoff)."
)]
struct Cli {
    /// Load the course from this folder instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR", env = "HANDOFF_COURSE")]
    course: Option<PathBuf>,
    /// Plain text output: no screen, no colour (also used when stdout is not a terminal).
    #[arg(long, global = true)]
    plain: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the lessons with their reading status.
    Lessons,
    /// Print a rendered lesson.
    Read {
        /// Lesson number (as in `handoff lessons`) or id.
        lesson: String,
        /// Wrap to this many columns (default: the terminal's width, or 80).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1000))]
        width: Option<u16>,
    },
    /// List the quizzes with your best score.
    Quizzes,
    /// Take a quiz, with feedback after every answer.
    Quiz {
        /// Quiz number (as in `handoff quizzes`) or id.
        quiz: String,
        /// Shuffle with this seed, to reproduce an attempt exactly.
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Drill the responsibility matrix until every cell asked is answered right twice in a row.
    Drill {
        /// Only this service model's cells (e.g. PaaS).
        #[arg(long)]
        model: Option<String>,
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Fill in the whole responsibility matrix, then see every cell marked (needs a terminal).
    Grid,
    /// Take the scored self-assessment: rate how sure you are of each answer, get a report.
    Assess {
        #[arg(long)]
        seed: Option<u64>,
        /// Name stored with the attempt (default: your user name).
        #[arg(long)]
        learner: Option<String>,
    },
    /// List every quiz and assessment attempt, one line each.
    Results,
    /// Write every answer of every attempt, for an instructor to collect.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Learner name for rows that do not record one (default: your user name).
        #[arg(long)]
        learner: Option<String>,
    },
    /// Check quiz and matrix files: every problem as file:line:col: json.path: message.
    Validate {
        /// Files or folders to check (default: the whole course).
        paths: Vec<PathBuf>,
        /// Treat warnings (such as a missing explanation) as errors.
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "handoff: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// Usage errors exit 2, like clap's own.
fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "handoff: {message}");
    ExitCode::from(2)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let course = match &cli.course {
        Some(dir) => match course::load_dir(dir) {
            Ok(course) => course,
            Err(error) => return Ok(usage_error(error)),
        },
        None => course::load_builtin(),
    };
    // Checking files is an instructor's task: it neither reads nor creates the learner's
    // data folder.
    if let Some(Command::Validate { paths, strict }) = &cli.command {
        let report = if paths.is_empty() {
            handoff::check::validate_course(&course, *strict)
        } else {
            handoff::check::validate_paths(paths, &course, *strict)
        };
        let mut out = std::io::stdout().lock();
        report.write(&mut out)?;
        out.flush().ok();
        return Ok(if report.errors() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS });
    }
    let mut store = match progress::default_dir() {
        Some(dir) => ProgressStore::open(&dir),
        None => {
            let mut store = ProgressStore::in_memory();
            store.notices.push(format!("no data folder found; set {} to keep progress", progress::HOME_ENV));
            store
        }
    };
    let stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    let interactive = is_terminal && !cli.plain && std::io::stdin().is_terminal();
    let start = match &cli.command {
        None => Some((ui::Start::Outline, None)),
        Some(Command::Quiz { quiz, seed }) => match course.find_quiz(quiz) {
            Ok(index) => Some((ui::Start::Quiz(index), *seed)),
            Err(unknown) => return Ok(usage_error(unknown)),
        },
        Some(Command::Drill { model, seed }) => {
            if let Some(wanted) = model
                && let Err(message) = check_model(&course, wanted)
            {
                return Ok(usage_error(message));
            }
            Some((ui::Start::Drill(model.clone()), *seed))
        }
        Some(Command::Grid) => Some((ui::Start::Grid, None)),
        Some(Command::Assess { seed, .. }) => Some((ui::Start::Assess, *seed)),
        _ => None,
    };
    if interactive && let Some((start, seed)) = start {
        if start == ui::Start::Assess && course.assessment.is_none() {
            return Ok(usage_error("this course has no valid self-assessment (assets/assessment.json)"));
        }
        let learner = match &cli.command {
            Some(Command::Assess { learner, .. }) => learner.clone(),
            _ => None,
        }
        .or_else(user_name);
        ui::run(course, store, start, seed, learner).context("terminal user interface failed")?;
        return Ok(ExitCode::SUCCESS);
    }
    // Warn before any work is done when it will not be kept (e.g. the data
    // folder cannot be written); the listing commands report notices after.
    if matches!(cli.command, Some(Command::Quiz { .. } | Command::Drill { .. } | Command::Assess { .. })) {
        let mut err = std::io::stderr().lock();
        for notice in &store.notices {
            let _ = writeln!(err, "handoff: {notice}");
        }
    }
    let mut out = stdout.lock();
    match cli.command {
        None => plain::write_outline(&mut out, &course, &store)?,
        Some(Command::Lessons) => {
            plain::write_lesson_list(&mut out, &course, &store)?;
            report_problems(&course, &store);
        }
        Some(Command::Quizzes) => {
            plain::write_quiz_list(&mut out, &course, &store)?;
            report_problems(&course, &store);
        }
        Some(Command::Quiz { quiz, seed }) => {
            let index = match course.find_quiz(&quiz) {
                Ok(index) => index,
                Err(unknown) => return Ok(usage_error(unknown)),
            };
            let seed = seed.unwrap_or_else(rand::random);
            let stdin = std::io::stdin();
            let result = handoff::quiz::plain::run_quiz(
                stdin.lock(),
                &mut out,
                &course.quizzes[index],
                seed,
                progress::now_secs,
            )?;
            store.course_mut(&course.origin.key()).quiz_results.push(result);
            report_saved(&mut out, &mut store)?;
        }
        Some(Command::Drill { model, seed }) => {
            let Some(matrix) = course.drill_matrix() else {
                return Ok(usage_error("this course has no responsibility matrix to drill"));
            };
            let seed = seed.unwrap_or_else(rand::random);
            let mut boxes =
                store.course(&course.origin.key()).and_then(|c| c.drill.get(&matrix.id)).cloned().unwrap_or_default();
            let stdin = std::io::stdin();
            handoff::quiz::plain::run_drill(
                stdin.lock(),
                &mut out,
                matrix,
                &mut boxes,
                seed,
                model.as_deref(),
                ui::drill::SESSION_SIZE,
            )?;
            store.course_mut(&course.origin.key()).drill.insert(matrix.id.clone(), boxes);
            report_saved(&mut out, &mut store)?;
        }
        Some(Command::Assess { seed, learner }) => {
            let Some(definition) = course.assessment.clone() else {
                return Ok(usage_error("this course has no valid self-assessment (assets/assessment.json)"));
            };
            let key = course.origin.key();
            let resume = store.course_mut(&key).assessment_in_progress.take();
            let seed = seed.unwrap_or_else(rand::random);
            let stdin = std::io::stdin();
            let outcome = handoff::assess::plain::run_assessment(
                stdin.lock(),
                &mut out,
                &course,
                &definition,
                seed,
                progress::now_secs,
                resume,
            )?;
            let entry = store.course_mut(&key);
            let unfinished = matches!(outcome, handoff::assess::plain::Outcome::Unfinished(_));
            match outcome {
                handoff::assess::plain::Outcome::Finished(mut attempt, _) => {
                    attempt.learner = attempt.learner.or(learner).or_else(user_name);
                    entry.assessments.push(attempt);
                    let history = handoff::assess::report::AttemptSummary::history(
                        &entry.assessments,
                        handoff::assess::ASSESSMENT_ID,
                    );
                    if history.len() > 1 {
                        let percents: Vec<f64> = history.iter().map(|h| h.percent).collect();
                        writeln!(
                            out,
                            "History: {} ({} attempts)",
                            handoff::assess::report::sparkline(&percents),
                            history.len()
                        )?;
                    }
                }
                handoff::assess::plain::Outcome::Unfinished(saved) => entry.assessment_in_progress = Some(saved),
            }
            if save_or_warn(&mut store) {
                if unfinished {
                    writeln!(out, "Saved: run `handoff assess` again to carry on where you stopped.")?;
                } else if let Some(path) = store.path() {
                    writeln!(out, "Saved to {}.", path.display())?;
                }
            }
        }
        Some(Command::Results) => {
            let lines =
                store.course(&course.origin.key()).map(handoff::assess::export::results_lines).unwrap_or_default();
            if lines.is_empty() {
                writeln!(
                    out,
                    "No attempts yet: take a quiz (handoff quiz 1) or the self-assessment (handoff assess)."
                )?;
            }
            for line in lines {
                writeln!(out, "{line}")?;
            }
        }
        Some(Command::Export { format, output, learner }) => {
            let empty = progress::CourseProgress::default();
            let progress = store.course(&course.origin.key()).unwrap_or(&empty);
            let learner = learner.or_else(user_name);
            let rows = handoff::assess::export::rows(progress, &course.quizzes, learner.as_deref());
            let mut buffer = Vec::new();
            match format {
                ExportFormat::Csv => handoff::assess::export::write_csv(&rows, &mut buffer)?,
                ExportFormat::Json => handoff::assess::export::write_json(&rows, &mut buffer)?,
            }
            match output {
                Some(path) => std::fs::write(&path, &buffer)
                    .with_context(|| format!("{}: cannot write export", path.display()))?,
                None => out.write_all(&buffer)?,
            }
        }
        Some(Command::Grid) => {
            return Ok(usage_error("the grid exercise needs a terminal; in plain mode use `handoff drill`"));
        }
        Some(Command::Validate { .. }) => unreachable!("validate returns before progress is opened"),
        Some(Command::Read { lesson, width }) => {
            let index = match course.find_lesson(&lesson) {
                Ok(index) => index,
                Err(unknown) => return Ok(usage_error(unknown)),
            };
            let width = width.or_else(|| is_terminal.then(terminal_width).flatten()).unwrap_or(80);
            let styling = Styling::detect(is_terminal, cli.plain);
            plain::write_lesson(&mut out, &course.lessons[index].text, width, styling)?;
            mark_read(&course, index, &mut store);
            report_problems(&course, &store);
        }
    }
    out.flush().ok();
    Ok(ExitCode::SUCCESS)
}

/// A `--model` must be one of the drill matrix's models.
fn check_model(course: &Course, wanted: &str) -> Result<(), String> {
    let Some(matrix) = course.drill_matrix() else {
        return Err("this course has no responsibility matrix to drill".into());
    };
    if matrix.file.models.iter().any(|m| m.eq_ignore_ascii_case(wanted)) {
        return Ok(());
    }
    let close = handoff::text::close_matches(wanted, matrix.file.models.iter().map(String::as_str), 1);
    let hint = close.first().map(|c| format!(" (did you mean '{c}'?)")).unwrap_or_default();
    Err(format!("no model '{wanted}'{hint}; models: {}", matrix.file.models.join(", ")))
}

/// The login name, for results an instructor collects from many learners.
fn user_name() -> Option<String> {
    ["USER", "USERNAME", "LOGNAME"].iter().find_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
}

/// True once the progress is on disk; a failure is reported on stderr.
fn save_or_warn(store: &mut ProgressStore) -> bool {
    match store.save() {
        Ok(written) => written,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "handoff: {message}");
            false
        }
    }
}

/// Save, and say so only once it is done: scripts (and the stress tests)
/// may count on every "Saved to" line meaning the data is on disk.
fn report_saved(out: &mut impl Write, store: &mut ProgressStore) -> std::io::Result<()> {
    if save_or_warn(store)
        && let Some(path) = store.path()
    {
        writeln!(out, "Saved to {}.", path.display())?;
    }
    Ok(())
}

fn terminal_width() -> Option<u16> {
    ratatui::crossterm::terminal::size().ok().map(|(w, _)| w).filter(|&w| w > 0)
}

/// Printing a whole lesson counts as reading it.
fn mark_read(course: &Course, index: usize, store: &mut ProgressStore) {
    let entry = store.course_mut(&course.origin.key()).lessons.entry(course.lessons[index].id.clone()).or_default();
    entry.status = progress::LessonStatus::Read;
    entry.visited = progress::now_secs();
    save_or_warn(store);
}

/// Warnings go to stderr so piped output stays clean.
fn report_problems(course: &Course, store: &ProgressStore) {
    let mut err = std::io::stderr().lock();
    let _ = plain::write_problems(&mut err, course, store);
}
