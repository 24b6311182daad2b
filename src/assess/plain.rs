//! The assessment, line by line, for screen readers, scripts and tests (in
//! the style of [`crate::quiz::plain`]): each question with numbered options,
//! then "How sure are you?"; `b` goes back to the previous question, Enter
//! keeps an answer already given, `q` or end of input stops and returns the
//! unfinished attempt to save. After the last question comes a review list
//! and "Submit? (y/n)"; nothing is marked before that. All course text goes
//! through [`sanitize`] before it is printed.

use std::io::{self, BufRead, Write};

use crate::course::Course;
use crate::quiz::model::QuestionKind;
use crate::quiz::plain::{category_menu, parse_bool, parse_number, parse_numbers, read_line};
use crate::quiz::score::{Response, bool_text};
use crate::sanitize::sanitize;
use crate::text::plural;

use super::model::AssessmentFile;
use super::record::AssessmentAttempt;
use super::report::{Report, pct, response_text};
use super::session::{AssessmentSession, Certainty, InProgress};

/// How a run ended.
// Returned once per run and never stored in bulk, so the size difference
// between the variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Submitted: the attempt to store and its report (already printed).
    Finished(AssessmentAttempt, Report),
    /// Stopped before submitting: store it to resume later.
    Unfinished(InProgress),
}

/// What came of one prompt.
enum Got<T> {
    Value(T),
    /// Enter on an empty line: keep the answer already given.
    Keep,
    Back,
    Stop(Stop),
}

#[derive(Clone, Copy)]
enum Stop {
    Quit,
    Eof,
}

/// What came of one question.
enum Step {
    Answered(Response, Certainty),
    Back,
    Stop(Stop),
}

/// What came of the review.
enum Review {
    Submit,
    Change(usize),
    Back,
    Stop(Stop),
}

/// Reads lines until `parse` accepts one or a command (`q`, `b`, or Enter
/// when `can_keep`) is typed, printing `error` after each line it cannot use.
fn ask<R: BufRead, W: Write, T>(
    input: &mut R,
    output: &mut W,
    error: &str,
    can_keep: bool,
    parse: impl Fn(&str) -> Option<T>,
) -> io::Result<Got<T>> {
    loop {
        let Some(line) = read_line(input)? else {
            return Ok(Got::Stop(Stop::Eof));
        };
        match line.to_lowercase().as_str() {
            "q" | "quit" => return Ok(Got::Stop(Stop::Quit)),
            "b" | "back" => return Ok(Got::Back),
            "" if can_keep => return Ok(Got::Keep),
            _ => {}
        }
        if let Some(v) = parse(&line) {
            return Ok(Got::Value(v));
        }
        writeln!(output, "{error}")?;
    }
}

/// Whole minutes, rounded up so "0 minutes left" never shows while time remains.
fn minutes(secs: u64) -> String {
    plural(usize::try_from(secs.div_ceil(60)).unwrap_or(usize::MAX), "minute", "minutes")
}

/// Course text for one line: sanitized, on one line, at most `limit` characters.
fn short(text: &str, limit: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(limit).collect();
    if flat.chars().count() > limit {
        out.push('…');
    }
    sanitize(&out).into_owned()
}

/// Runs the assessment on `input`/`output`: a new attempt drawn with `seed`
/// from the course's quizzes, or the saved one in `resume` (its own seed
/// wins). `now` gives Unix seconds. With a time limit, the attempt is
/// submitted as it stands once time is up (checked before each question and
/// at the review).
pub fn run_assessment<R: BufRead, W: Write>(
    mut input: R,
    mut output: W,
    course: &Course,
    def: &AssessmentFile,
    seed: u64,
    now: impl Fn() -> u64,
    resume: Option<InProgress>,
) -> io::Result<Outcome> {
    let out = &mut output;
    let mut session = match &resume {
        Some(saved) => AssessmentSession::resume(def, &course.quizzes, saved, now()),
        None => AssessmentSession::new(def, &course.quizzes, seed, now()),
    };
    let n = session.len();
    writeln!(out, "{}", sanitize(&def.title))?;
    let limit = def.time_limit_minutes.map_or_else(String::new, |m| {
        format!(" Time limit: {}.", plural(usize::try_from(m).unwrap_or(usize::MAX), "minute", "minutes"))
    });
    writeln!(out, "{}.{limit} Pass mark: {}%.", plural(n, "question", "questions"), pct(def.pass_mark))?;
    writeln!(out, "After each answer, say how sure you are: right answers earn 1, 2 or 3 marks at low, medium")?;
    writeln!(out, "or high certainty; wrong ones earn 0, -2 or -6. Nothing is marked until you submit.")?;
    writeln!(out, "Type b to go back a question, Enter to keep an answer, q to stop and finish later.")?;
    let mut pos = 0;
    if let Some(saved) = &resume {
        pos = saved.position.min(n);
        writeln!(out, "Resuming: {} of {} answered.", n - session.unanswered().len(), n)?;
        if session.dropped() > 0 {
            let d = session.dropped();
            writeln!(
                out,
                "{} no longer in the course and dropped.",
                plural(d, "saved answer is", "saved answers are")
            )?;
        }
    }
    // Set when the learner picked a question from the review: go back there after it.
    let mut to_review = false;
    loop {
        if session.is_over_time(now()) {
            writeln!(out)?;
            writeln!(out, "Time is up: your answers so far are submitted.")?;
            break;
        }
        if pos >= n {
            match review(&mut input, out, &session)? {
                Review::Submit => break,
                Review::Change(k) => {
                    pos = k;
                    to_review = true;
                }
                Review::Back => {
                    pos = n.saturating_sub(1);
                    to_review = false;
                    if n == 0 {
                        writeln!(out, "There are no questions to go back to.")?;
                    }
                }
                Review::Stop(stop) => return unfinished(out, &session, now(), pos, stop),
            }
            continue;
        }
        match ask_question(&mut input, out, &session, pos, now())? {
            Step::Answered(response, certainty) => {
                session.answer(pos, response, certainty).map_err(io::Error::other)?;
                pos = if to_review { n } else { pos + 1 };
            }
            Step::Back if pos == 0 => writeln!(out, "This is the first question.")?,
            Step::Back => {
                pos -= 1;
                to_review = false;
            }
            Step::Stop(stop) => return unfinished(out, &session, now(), pos, stop),
        }
    }
    let (attempt, report) = session.submit(now(), None);
    writeln!(out)?;
    write!(out, "{}", sanitize(&report.to_markdown(&[])))?;
    out.flush()?;
    Ok(Outcome::Finished(attempt, report))
}

fn unfinished<W: Write>(
    out: &mut W,
    session: &AssessmentSession,
    now: u64,
    pos: usize,
    stop: Stop,
) -> io::Result<Outcome> {
    let n = session.len();
    writeln!(out)?;
    match stop {
        Stop::Quit => writeln!(out, "Stopped before submitting.")?,
        Stop::Eof => writeln!(out, "Input ended before submitting.")?,
    }
    // Whether the answers are kept is for the caller to say, once it has saved them.
    writeln!(out, "Answered {} of {}.", n - session.unanswered().len(), n)?;
    out.flush()?;
    Ok(Outcome::Unfinished(session.snapshot(now, pos)))
}

/// Display numbers (1-based) of the file indices in `files`, sorted.
fn display_numbers(order: &[usize], files: &[usize]) -> Vec<usize> {
    let mut shown: Vec<usize> = files.iter().filter_map(|f| order.iter().position(|o| o == f)).map(|k| k + 1).collect();
    shown.sort_unstable();
    shown
}

fn ask_question<R: BufRead, W: Write>(
    input: &mut R,
    out: &mut W,
    session: &AssessmentSession,
    pos: usize,
    now: u64,
) -> io::Result<Step> {
    let n = session.len();
    let Some(d) = session.questions().get(pos) else {
        return Ok(Step::Back);
    };
    let previous = session.answer_at(pos);
    let q = &d.question;
    writeln!(out)?;
    let left = session.time_left(now).map_or_else(String::new, |s| format!(", {} left", minutes(s)));
    let topic = session.definition().topic_name(&d.topic);
    writeln!(out, "Question {} of {n} ({}{left})", pos + 1, sanitize(topic))?;
    writeln!(out, "{}", sanitize(&q.prompt))?;
    let order = &d.order;
    let got: Got<Response> = match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
            for (k, &fi) in order.iter().enumerate() {
                writeln!(out, "{}. {}", k + 1, sanitize(options.get(fi).map_or("", |o| o.text.as_str())))?;
            }
            let k = order.len();
            // Map display numbers back to file indices for the record.
            let to_file = |i: usize| order.get(i).copied();
            if matches!(q.kind, QuestionKind::Single { .. }) {
                if let Some((Response::Choice(f), c)) = previous {
                    let shown = display_numbers(order, &[*f]);
                    let shown = shown.first().map_or_else(String::new, ToString::to_string);
                    writeln!(out, "Your answer so far: {shown} ({} certainty). Enter keeps it.", c.label())?;
                }
                writeln!(out, "Answer with a number.")?;
                let err = format!("Please answer with a number from 1 to {k}.");
                ask(input, out, &err, previous.is_some(), |s| {
                    parse_number(s, k).and_then(to_file).map(Response::Choice)
                })?
            } else {
                if let Some((Response::Choices(fs), c)) = previous {
                    let shown = display_numbers(order, fs).iter().map(ToString::to_string).collect::<Vec<_>>();
                    writeln!(
                        out,
                        "Your answer so far: {} ({} certainty). Enter keeps it.",
                        shown.join(", "),
                        c.label()
                    )?;
                }
                writeln!(out, "Answer with numbers separated by spaces or commas.")?;
                let err = format!("Please answer with numbers from 1 to {k}, separated by spaces or commas.");
                ask(input, out, &err, previous.is_some(), |s| {
                    let mut files: Vec<usize> = parse_numbers(s, k)?.into_iter().filter_map(to_file).collect();
                    files.sort_unstable();
                    Some(Response::Choices(files))
                })?
            }
        }
        QuestionKind::TrueFalse { .. } => {
            if let Some((Response::Bool(b), c)) = previous {
                writeln!(out, "Your answer so far: {} ({} certainty). Enter keeps it.", bool_text(*b), c.label())?;
            }
            writeln!(out, "Answer t or f (true/false).")?;
            ask(input, out, "Please answer t or f (true/false).", previous.is_some(), |s| {
                parse_bool(s).map(Response::Bool)
            })?
        }
        QuestionKind::Matching { categories, items } => {
            let mut chosen: Vec<Option<usize>> = match previous {
                Some((Response::Matches(m), c)) => {
                    let text = response_text(q, &Response::Matches(m.clone()));
                    writeln!(out, "Your answer so far: {} ({} certainty).", sanitize(&text), c.label())?;
                    writeln!(out, "Enter keeps an item's category.")?;
                    m.clone()
                }
                _ => vec![None; items.len()],
            };
            chosen.resize(items.len(), None);
            writeln!(out, "For each item, answer with a number.")?;
            let menu = category_menu(categories);
            let k = categories.len();
            let err = format!("Please answer with a number from 1 to {k}.");
            let mut got = Got::Value(());
            for &fi in order {
                writeln!(out, "{}: {menu}", sanitize(items.get(fi).map_or("", |it| it.text.as_str())))?;
                let can_keep = chosen.get(fi).copied().flatten().is_some();
                // A category name is accepted too: easier to script.
                let r = ask(input, out, &err, can_keep, |s| {
                    parse_number(s, k).or_else(|| categories.iter().position(|c| c.eq_ignore_ascii_case(s)))
                })?;
                match r {
                    Got::Value(c) => {
                        if let Some(slot) = chosen.get_mut(fi) {
                            *slot = Some(c);
                        }
                    }
                    Got::Keep => {}
                    Got::Back => {
                        got = Got::Back;
                        break;
                    }
                    Got::Stop(s) => {
                        got = Got::Stop(s);
                        break;
                    }
                }
            }
            match got {
                Got::Value(()) | Got::Keep => Got::Value(Response::Matches(chosen)),
                Got::Back => Got::Back,
                Got::Stop(s) => Got::Stop(s),
            }
        }
    };
    let response = match got {
        Got::Value(r) => r,
        Got::Keep => match previous {
            Some((r, _)) => r.clone(),
            None => return Ok(Step::Back), // unreachable: Enter only keeps an existing answer
        },
        Got::Back => return Ok(Step::Back),
        Got::Stop(s) => return Ok(Step::Stop(s)),
    };
    writeln!(out, "How sure are you? 1 low, 2 medium, 3 high")?;
    if let Some((_, c)) = previous {
        writeln!(out, "Enter keeps {}.", c.label())?;
    }
    let got = ask(input, out, "Please answer 1, 2 or 3 (low, medium, high).", previous.is_some(), Certainty::parse)?;
    Ok(match got {
        Got::Value(c) => Step::Answered(response, c),
        Got::Keep => match previous {
            Some((_, c)) => Step::Answered(response, *c),
            None => Step::Back,
        },
        Got::Back => Step::Back,
        Got::Stop(s) => Step::Stop(s),
    })
}

fn review<R: BufRead, W: Write>(input: &mut R, out: &mut W, session: &AssessmentSession) -> io::Result<Review> {
    let n = session.len();
    writeln!(out)?;
    writeln!(out, "Your answers:")?;
    for (i, d) in session.questions().iter().enumerate() {
        let answer = match session.answer_at(i) {
            Some((r, c)) => format!("{} ({})", short(&response_text(&d.question, r), 60), c.label()),
            None => "no answer".to_string(),
        };
        writeln!(out, "{}. {}: {answer}", i + 1, short(&d.question.prompt, 60))?;
    }
    let missing = session.unanswered().len();
    if missing > 0 {
        writeln!(out, "{} no answer and will score 0.", plural(missing, "question has", "questions have"))?;
    }
    writeln!(out, "Submit? (y/n, or a question number to change it)")?;
    loop {
        let Some(line) = read_line(input)? else {
            return Ok(Review::Stop(Stop::Eof));
        };
        match line.to_lowercase().as_str() {
            "y" | "yes" => return Ok(Review::Submit),
            "q" | "quit" => return Ok(Review::Stop(Stop::Quit)),
            "b" | "back" => return Ok(Review::Back),
            "n" | "no" => {
                writeln!(out, "Which question do you want to change? (1 to {n})")?;
                match ask(input, out, &format!("Please answer with a number from 1 to {n}."), false, |s| {
                    parse_number(s, n)
                })? {
                    Got::Value(k) => return Ok(Review::Change(k)),
                    Got::Keep => {}
                    Got::Back => return Ok(Review::Back),
                    Got::Stop(s) => return Ok(Review::Stop(s)),
                }
            }
            other => match parse_number(other, n) {
                Some(k) => return Ok(Review::Change(k)),
                None => writeln!(out, "Please answer y or n, or a question number from 1 to {n}.")?,
            },
        }
    }
}
