//! Plain line-by-line front end for screen readers, scripts and tests: no
//! terminal control codes, one thing per line, every answer read as a line.
//! All course text is passed through [`sanitize`] before it is printed.

use std::io::{self, BufRead, Write};

use crate::sanitize::sanitize;
use crate::text::plural;

use super::attempt::{Attempt, Feedback, QuizResult, Reason};
use super::drill::{Boxes, DrillSession, DrillSummary};
use super::model::{Matrix, Owner, QuestionKind, Quiz};
use super::score::Response;

/// What came of asking for one answer.
enum Input<T> {
    Answer(T),
    Quit,
    Eof,
}

impl<T> Input<T> {
    /// The answer, or `None` after recording why the run stops.
    fn answer_or_stop(self, stopped: &mut Option<Stop>) -> Option<T> {
        match self {
            Input::Answer(value) => Some(value),
            Input::Quit => {
                *stopped = Some(Stop::Quit);
                None
            }
            Input::Eof => {
                *stopped = Some(Stop::Eof);
                None
            }
        }
    }
}

/// "1. Customer 2. Provider 3. Shared": the choices of a matching question.
pub(crate) fn category_menu(categories: &[String]) -> String {
    categories.iter().enumerate().map(|(k, c)| format!("{}. {}", k + 1, sanitize(c))).collect::<Vec<_>>().join(" ")
}

/// Why a run ended before its natural end.
#[derive(Clone, Copy)]
enum Stop {
    Quit,
    Eof,
}

/// One line, trimmed; `None` at end of input. Invalid UTF-8 is replaced rather
/// than failing, so a stray byte is just an invalid answer.
pub(crate) fn read_line<R: BufRead>(input: &mut R) -> io::Result<Option<String>> {
    let mut buf = Vec::new();
    if input.read_until(b'\n', &mut buf)? == 0 {
        return Ok(None);
    }
    Ok(Some(String::from_utf8_lossy(&buf).trim().to_string()))
}

/// Reads lines until `parse` accepts one, `q` is typed or input ends,
/// printing `error` after each line it cannot use.
fn ask<R: BufRead, W: Write, T>(
    input: &mut R,
    output: &mut W,
    error: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> io::Result<Input<T>> {
    loop {
        let Some(line) = read_line(input)? else {
            return Ok(Input::Eof);
        };
        let lower = line.to_lowercase();
        if lower == "q" || lower == "quit" {
            return Ok(Input::Quit);
        }
        if let Some(v) = parse(&line) {
            return Ok(Input::Answer(v));
        }
        writeln!(output, "{error}")?;
    }
}

/// A number in 1..=n, as a 0-based index.
pub(crate) fn parse_number(s: &str, n: usize) -> Option<usize> {
    match s.parse::<usize>() {
        Ok(k) if (1..=n).contains(&k) => Some(k - 1),
        _ => None,
    }
}

/// Numbers in 1..=n separated by spaces and/or commas, as sorted unique
/// 0-based indices; at least one.
pub(crate) fn parse_numbers(s: &str, n: usize) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for part in s.split(|c: char| c == ',' || c.is_whitespace()) {
        if part.is_empty() {
            continue;
        }
        out.push(parse_number(part, n)?);
    }
    out.sort_unstable();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.to_lowercase().as_str() {
        "t" | "true" => Some(true),
        "f" | "false" => Some(false),
        _ => None,
    }
}

/// 1/2/3, c/p/s or the words.
fn parse_owner(s: &str) -> Option<Owner> {
    match s.to_lowercase().as_str() {
        "1" | "c" | "customer" => Some(Owner::Customer),
        "2" | "p" | "provider" => Some(Owner::Provider),
        "3" | "s" | "shared" => Some(Owner::Shared),
        _ => None,
    }
}

/// 6.5 -> "6.5", 8.0 -> "8", 2/3 -> "0.67".
fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// "Right." / "Not quite." / "Partly right (50%)."
fn verdict(score: f64) -> String {
    if score >= 1.0 {
        "Right.".to_string()
    } else if score <= 0.0 {
        "Not quite.".to_string()
    } else {
        // Never "0%" or "100%" for a partial score.
        let pct = (score * 100.0).round().clamp(1.0, 99.0);
        format!("Partly right ({pct}%).")
    }
}

/// " <why>" if there is one, for the end of a reason line.
fn why_suffix(why: Option<&str>) -> String {
    match why {
        Some(w) if !w.trim().is_empty() => format!(" {}", sanitize(w)),
        _ => String::new(),
    }
}

fn print_feedback<W: Write>(output: &mut W, fb: &Feedback) -> io::Result<()> {
    writeln!(output, "{}", verdict(fb.score))?;
    writeln!(output, "Right answer: {}", sanitize(&fb.right_answer))?;
    if !fb.explanation.trim().is_empty() {
        writeln!(output, "{}", sanitize(&fb.explanation))?;
    }
    for r in &fb.reasons {
        match r {
            Reason::Option { text, correct, ticked, why, .. } => {
                let status = match (correct, ticked) {
                    (true, true) => "right, you chose it",
                    (false, true) => "wrong, you chose it",
                    (true, false) => "right, you did not choose it",
                    // Options neither right nor chosen would only be noise.
                    (false, false) => continue,
                };
                writeln!(output, "- {}: {status}.{}", sanitize(text), why_suffix(why.as_deref()))?;
            }
            Reason::Item { text, chosen, answer, right, why, .. } => {
                let status = match (right, chosen) {
                    (true, _) => format!("{}, right", sanitize(answer)),
                    (false, Some(c)) => {
                        format!("you said {}, it is {}", sanitize(c), sanitize(answer))
                    }
                    (false, None) => format!("no answer, it is {}", sanitize(answer)),
                };
                writeln!(output, "- {}: {status}.{}", sanitize(text), why_suffix(why.as_deref()))?;
            }
        }
    }
    Ok(())
}

/// Runs one attempt at `quiz` (order from `seed`) on `input`/`output`. `now`
/// gives Unix seconds for the start and end times. Ends at the last question,
/// at `q`, or at end of input; the result holds whatever was answered.
pub fn run_quiz<R: BufRead, W: Write>(
    mut input: R,
    mut output: W,
    quiz: &Quiz,
    seed: u64,
    now: impl Fn() -> u64,
) -> io::Result<QuizResult> {
    let out = &mut output;
    let mut attempt = Attempt::new(quiz, seed).starting_at(now());
    let total = attempt.len();
    writeln!(out, "Quiz: {}", sanitize(&quiz.file.title))?;
    writeln!(out, "{}. Type q to stop.", plural(total, "question", "questions"))?;
    let mut stopped = None;
    for pos in 0..total {
        let Some(p) = attempt.presented().get(pos).cloned() else {
            break;
        };
        let q = &p.question;
        writeln!(out)?;
        writeln!(out, "Question {} of {total}", pos + 1)?;
        writeln!(out, "{}", sanitize(&q.prompt))?;
        let got: Input<Response> = match &q.kind {
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                for (k, &fi) in p.order.iter().enumerate() {
                    let text = options.get(fi).map_or("", |o| o.text.as_str());
                    writeln!(out, "{}. {}", k + 1, sanitize(text))?;
                }
                let n = p.order.len();
                let order = &p.order;
                // Map display numbers back to file indices for the record.
                let to_file = |k: usize| order.get(k).copied();
                if matches!(q.kind, QuestionKind::Single { .. }) {
                    writeln!(out, "Answer with a number.")?;
                    let err = format!("Please answer with a number from 1 to {n}.");
                    ask(&mut input, out, &err, |s| parse_number(s, n).and_then(to_file).map(Response::Choice))?
                } else {
                    writeln!(out, "Answer with numbers separated by spaces or commas.")?;
                    let err = format!("Please answer with numbers from 1 to {n}, separated by spaces or commas.");
                    ask(&mut input, out, &err, |s| {
                        let picked = parse_numbers(s, n)?;
                        let mut files: Vec<usize> = picked.into_iter().filter_map(to_file).collect();
                        files.sort_unstable();
                        Some(Response::Choices(files))
                    })?
                }
            }
            QuestionKind::TrueFalse { .. } => {
                writeln!(out, "Answer t or f (true/false).")?;
                ask(&mut input, out, "Please answer t or f (true/false).", |s| parse_bool(s).map(Response::Bool))?
            }
            QuestionKind::Matching { categories, items } => {
                writeln!(out, "For each item, answer with a number.")?;
                let menu = category_menu(categories);
                let n = categories.len();
                let err = format!("Please answer with a number from 1 to {n}.");
                let mut chosen: Vec<Option<usize>> = vec![None; items.len()];
                let mut got = Input::Answer(());
                for &fi in &p.order {
                    let text = items.get(fi).map_or("", |it| it.text.as_str());
                    writeln!(out, "{}: {menu}", sanitize(text))?;
                    // A category name is accepted too: easier to script.
                    let r = ask(&mut input, out, &err, |s| {
                        parse_number(s, n).or_else(|| categories.iter().position(|c| c.eq_ignore_ascii_case(s)))
                    })?;
                    match r {
                        Input::Answer(c) => {
                            if let Some(slot) = chosen.get_mut(fi) {
                                *slot = Some(c);
                            }
                        }
                        Input::Quit => {
                            got = Input::Quit;
                            break;
                        }
                        Input::Eof => {
                            got = Input::Eof;
                            break;
                        }
                    }
                }
                match got {
                    Input::Answer(()) => Input::Answer(Response::Matches(chosen)),
                    Input::Quit => Input::Quit,
                    Input::Eof => Input::Eof,
                }
            }
        };
        let Some(response) = got.answer_or_stop(&mut stopped) else { break };
        let fb = attempt.answer(pos, response).map_err(io::Error::other)?;
        print_feedback(out, &fb)?;
    }
    let result = attempt.finish(now());
    writeln!(out)?;
    match stopped {
        Some(Stop::Quit) => writeln!(out, "Stopped.")?,
        Some(Stop::Eof) => writeln!(out, "Input ended; the quiz stopped here.")?,
        None => {}
    }
    if !result.completed {
        writeln!(out, "Answered {} of {}.", result.answers.len(), plural(total, "question", "questions"))?;
    }
    writeln!(out, "Score: {} / {} ({}%)", num(result.score), num(result.max), result.percent().round())?;
    out.flush()?;
    Ok(result)
}

/// Runs one drill session on `input`/`output`, updating `boxes` as it goes.
/// Ends when every cell asked is mastered, at `q`, or at end of input, and
/// prints the summary with the weakest cells.
pub fn run_drill<R: BufRead, W: Write>(
    mut input: R,
    mut output: W,
    matrix: &Matrix,
    boxes: &mut Boxes,
    seed: u64,
    model: Option<&str>,
    size: usize,
) -> io::Result<DrillSummary> {
    let out = &mut output;
    let mut session = DrillSession::new(matrix, boxes, seed, model, size);
    let n = session.keys().len();
    writeln!(out, "Drill: {}", sanitize(&matrix.file.title))?;
    if n == 0 {
        writeln!(out, "No cells to drill.")?;
    } else {
        writeln!(out, "{}. Answer 1, 2 or 3 (or c, p, s). Type q to stop.", plural(n, "cell", "cells"))?;
    }
    let menu =
        Owner::ALL.iter().enumerate().map(|(k, o)| format!("{}. {}", k + 1, o.label())).collect::<Vec<_>>().join(" ");
    let mut stopped = None;
    while let Some(prompt) = session.next() {
        writeln!(out)?;
        writeln!(out, "{}", sanitize(&prompt.text))?;
        writeln!(out, "{menu}")?;
        let asked = ask(&mut input, out, "Please answer 1, 2 or 3 (customer, provider, shared).", parse_owner)?;
        let Some(owner) = asked.answer_or_stop(&mut stopped) else { break };
        let fb = session.answer(boxes, owner).map_err(io::Error::other)?;
        if fb.correct {
            writeln!(out, "Right: {}. {}", fb.right.label(), sanitize(&fb.why))?;
        } else {
            writeln!(out, "Not quite: it is {}, not {}. {}", fb.right.label(), fb.chosen.label(), sanitize(&fb.why))?;
        }
    }
    let summary = session.stop();
    writeln!(out)?;
    match stopped {
        Some(Stop::Quit) => writeln!(out, "Stopped.")?,
        Some(Stop::Eof) => writeln!(out, "Input ended; the drill stopped here.")?,
        None if n > 0 => writeln!(out, "Drill finished: every cell mastered.")?,
        None => {}
    }
    writeln!(out, "Mastered {} of {}.", summary.mastered, plural(n, "cell", "cells"))?;
    writeln!(out, "Asked {}, right {}, wrong {}.", summary.asked, summary.right, summary.wrong)?;
    if summary.weakest.is_empty() {
        writeln!(out, "No cells missed.")?;
    } else {
        writeln!(out, "Weakest cells:")?;
        for w in &summary.weakest {
            writeln!(
                out,
                "- {}, {}: {} (missed {}, box {}). {}",
                sanitize(&w.key.model),
                sanitize(&w.key.layer),
                w.right.label(),
                plural(w.misses as usize, "time", "times"),
                w.leitner_box,
                sanitize(&w.why)
            )?;
        }
    }
    out.flush()?;
    Ok(summary)
}
