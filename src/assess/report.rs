//! The report after submitting: score, pass/fail, results per topic,
//! calibration (was the learner's certainty justified?), missed questions
//! with the right answers, and lessons to re-read ranked by need.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::quiz::model::{Question, QuestionKind, Quiz};
use crate::quiz::score::{Response, bool_text, correct_answer_text};

use super::draw::DrawnQuestion;
use super::model::AssessmentFile;
use super::record::AssessmentAttempt;
use super::score::{CBM_MAX, Mark, mark_all, totals};
use super::session::{AssessmentSession, Certainty, InProgress, SavedAnswer};

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// Percentage of the questions asked, partial credit included.
    pub percent: f64,
    pub pass_mark: f64,
    pub passed: bool,
    pub questions: usize,
    pub answered: usize,
    pub cbm_total: i32,
    /// Per question asked, in [-6, 3].
    pub cbm_average: f64,
    /// In the assessment's topic order.
    pub per_topic: Vec<TopicResult>,
    /// Low, medium, high.
    pub calibration: Vec<LevelResult>,
    /// Plain-language judgements of the calibration, most important first.
    pub verdicts: Vec<String>,
    /// Questions not fully right (unanswered included), in the order asked.
    pub missed: Vec<Missed>,
    /// Lessons to re-read, most needed first.
    pub reread: Vec<Reread>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicResult {
    pub topic: String,
    /// Display name (the tag when the assessment gives none).
    pub title: String,
    /// Fully right answers.
    pub right: usize,
    /// Questions asked in this topic.
    pub total: usize,
    /// Partial credit included.
    pub percent: f64,
    /// The topic's lesson, else the lesson of its first question.
    pub lesson: Option<String>,
    /// Answers given with high certainty that were not fully right.
    pub sure_but_wrong: usize,
}

/// Whether a certainty level was used as the marking scheme rewards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calibration {
    Well,
    /// Right less often than this certainty needs to pay off.
    Over,
    /// Right so often that a higher certainty would have earned more.
    Under,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LevelResult {
    pub certainty: Certainty,
    pub answered: usize,
    pub right: usize,
    /// `None` when no answer was given at this level.
    pub percent: Option<f64>,
    pub calibration: Option<Calibration>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Missed {
    /// `quiz_id/question_id`.
    pub question: String,
    pub topic: String,
    pub prompt: String,
    /// "(no answer)" when unanswered.
    pub your_answer_text: String,
    pub certainty: Option<Certainty>,
    /// In [0, 1]: partly right answers are listed too.
    pub score: f64,
    pub right_answer: String,
    pub explanation: String,
    pub lesson: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reread {
    pub lesson: String,
    /// E.g. "missed 2 of 3 questions, 1 of them with high certainty".
    pub reason: String,
    /// CBM marks lost against a sure right answer (3 per question): a miss at
    /// low certainty or no answer costs 3, at medium 5, at high 9, so
    /// confident mistakes rank a lesson higher than unsure ones.
    pub weight: u32,
    pub missed: usize,
}

/// One earlier attempt, for the history section.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptSummary {
    /// Unix seconds.
    pub finished: u64,
    pub percent: f64,
    pub passed: bool,
    pub cbm_average: f64,
}

impl AttemptSummary {
    pub fn of(attempt: &AssessmentAttempt) -> AttemptSummary {
        AttemptSummary {
            finished: attempt.finished,
            percent: attempt.percent,
            passed: attempt.passed,
            cbm_average: attempt.cbm_average(),
        }
    }

    /// Summaries of the stored attempts with this id, oldest first.
    pub fn history(attempts: &[AssessmentAttempt], id: &str) -> Vec<AttemptSummary> {
        let mut out: Vec<AttemptSummary> = attempts.iter().filter(|a| a.id == id).map(AttemptSummary::of).collect();
        out.sort_by_key(|s| s.finished);
        out
    }
}

impl Report {
    /// Builds the report; `answers` is per position of `drawn`.
    pub fn build(def: &AssessmentFile, drawn: &[DrawnQuestion], answers: &[Option<(Response, Certainty)>]) -> Report {
        let marks = mark_all(drawn, answers);
        let t = totals(&marks, def.pass_mark);
        let per_topic = per_topic(def, drawn, &marks);
        let calibration = calibration(&marks);
        let verdicts = verdicts(&calibration, &per_topic, t.answered);
        let missed = drawn
            .iter()
            .zip(&marks)
            .enumerate()
            .filter(|(_, (_, m))| !m.is_some_and(|m| m.right))
            .map(|(i, (d, m))| {
                let answer = answers.get(i).and_then(Option::as_ref);
                Missed {
                    question: d.key(),
                    topic: d.topic.clone(),
                    prompt: d.question.prompt.clone(),
                    your_answer_text: answer
                        .map_or_else(|| "(no answer)".to_string(), |(r, _)| response_text(&d.question, r)),
                    certainty: m.map(|m| m.certainty),
                    score: m.map_or(0.0, |m| m.score),
                    right_answer: correct_answer_text(&d.question),
                    explanation: d.question.explanation.clone(),
                    lesson: d.lesson.clone(),
                }
            })
            .collect();
        Report {
            title: def.title.clone(),
            percent: t.percent,
            pass_mark: def.pass_mark,
            passed: t.passed,
            questions: t.questions,
            answered: t.answered,
            cbm_total: t.cbm_total,
            cbm_average: t.cbm_average,
            per_topic,
            calibration,
            verdicts,
            missed,
            reread: reread(drawn, &marks),
        }
    }

    /// Rebuilds the report of a stored attempt by drawing again from its seed.
    /// Exact as long as the course has not changed since; answers to
    /// questions it no longer has are left out.
    pub fn from_attempt(def: &AssessmentFile, quizzes: &[Quiz], attempt: &AssessmentAttempt) -> Report {
        let saved = InProgress {
            id: attempt.id.clone(),
            seed: attempt.seed,
            started: attempt.started,
            elapsed: 0,
            position: 0,
            answers: attempt
                .answers
                .iter()
                .map(|a| SavedAnswer {
                    question: a.question.clone(),
                    response: a.response.clone(),
                    certainty: a.certainty,
                })
                .collect(),
        };
        AssessmentSession::resume(def, quizzes, &saved, attempt.finished).report()
    }

    /// The whole report as Markdown; `history` (oldest first) adds a history
    /// section with a sparkline when it is not empty. Course text is not
    /// sanitised: front ends sanitise what they print.
    pub fn to_markdown(&self, history: &[AttemptSummary]) -> String {
        let mut md = String::new();
        // Writing to a String cannot fail, hence the ignored results.
        let _ = self.write_markdown(&mut md, history);
        md
    }

    fn write_markdown(&self, md: &mut String, history: &[AttemptSummary]) -> std::fmt::Result {
        writeln!(md, "# {}", one_para(&self.title))?;
        writeln!(md)?;
        let verdict = if self.passed { "passed" } else { "not passed" };
        writeln!(md, "**Score: {}% ({verdict}; the pass mark is {}%).**", pct(self.percent), pct(self.pass_mark))?;
        writeln!(md)?;
        writeln!(md, "Answered {} of {} questions.", self.answered, self.questions)?;
        writeln!(
            md,
            "Certainty-based marks: {} of a possible {} (average {:.2} per question, from -6 to 3).",
            self.cbm_total,
            CBM_MAX.saturating_mul(i32::try_from(self.questions).unwrap_or(i32::MAX)),
            self.cbm_average
        )?;
        writeln!(md)?;

        writeln!(md, "## Results by topic")?;
        writeln!(md)?;
        writeln!(md, "| Topic | Right | Score | Sure but wrong | Lesson |")?;
        writeln!(md, "| --- | ---: | ---: | ---: | --- |")?;
        for t in &self.per_topic {
            writeln!(
                md,
                "| {} | {} of {} | {}% | {} | {} |",
                cell(&t.title),
                t.right,
                t.total,
                pct(t.percent),
                t.sure_but_wrong,
                t.lesson.as_deref().map_or_else(String::new, cell)
            )?;
        }
        writeln!(md)?;

        writeln!(md, "## Calibration")?;
        writeln!(md)?;
        writeln!(md, "| Certainty | Answered | Right | % right | Pays off when right | Verdict |")?;
        writeln!(md, "| --- | ---: | ---: | ---: | --- | --- |")?;
        for l in &self.calibration {
            let range = pays_off(l.certainty);
            let percent = l.percent.map_or_else(|| "-".to_string(), |p| format!("{}%", pct(p)));
            let verdict = match l.calibration {
                None => "-",
                Some(Calibration::Well) => "about right",
                Some(Calibration::Over) => "over-confident",
                Some(Calibration::Under) => "under-confident",
            };
            writeln!(
                md,
                "| {} | {} | {} | {percent} | {range} | {verdict} |",
                l.certainty.label(),
                l.answered,
                l.right
            )?;
        }
        writeln!(md)?;
        for v in &self.verdicts {
            writeln!(md, "- {}", one_para(v))?;
        }
        writeln!(md)?;

        writeln!(md, "## Questions to review")?;
        writeln!(md)?;
        if self.missed.is_empty() {
            writeln!(md, "None: every question was fully right.")?;
            writeln!(md)?;
        }
        for (n, m) in self.missed.iter().enumerate() {
            // Headings use the topic's display name ("Service models"), not its tag.
            let topic =
                self.per_topic.iter().find(|t| t.topic == m.topic).map_or(m.topic.as_str(), |t| t.title.as_str());
            writeln!(md, "### {}. {}", n + 1, one_para(topic))?;
            writeln!(md)?;
            for line in m.prompt.lines() {
                writeln!(md, "> {line}")?;
            }
            writeln!(md)?;
            let how = match (m.certainty, m.score > 0.0) {
                (None, _) => String::new(),
                (Some(c), false) => format!(" ({} certainty)", c.label()),
                (Some(c), true) => format!(" ({} certainty; partly right, {}%)", c.label(), pct(m.score * 100.0)),
            };
            writeln!(md, "- Your answer: {}{how}", one_para(&m.your_answer_text))?;
            writeln!(md, "- Right answer: {}", one_para(&m.right_answer))?;
            if !m.explanation.trim().is_empty() {
                writeln!(md, "- Why: {}", one_para(&m.explanation))?;
            }
            if let Some(lesson) = &m.lesson {
                writeln!(md, "- Re-read: {}", one_para(lesson))?;
            }
            writeln!(md)?;
        }

        writeln!(md, "## Lessons to re-read")?;
        writeln!(md)?;
        if self.reread.is_empty() {
            writeln!(md, "None.")?;
        }
        for (n, r) in self.reread.iter().enumerate() {
            writeln!(md, "{}. {}: {}", n + 1, one_para(&r.lesson), one_para(&r.reason))?;
        }

        if !history.is_empty() {
            writeln!(md)?;
            writeln!(md, "## History")?;
            writeln!(md)?;
            let percents: Vec<f64> = history.iter().map(|h| h.percent).collect();
            writeln!(md, "Scores, oldest first: {}", sparkline(&percents))?;
            writeln!(md)?;
            writeln!(md, "| Finished (UTC) | Score | CBM per question | Result |")?;
            writeln!(md, "| --- | ---: | ---: | --- |")?;
            for h in history {
                let result = if h.passed { "pass" } else { "fail" };
                let when = super::export::date_time(h.finished);
                writeln!(md, "| {when} | {}% | {:.2} | {result} |", pct(h.percent), h.cbm_average)?;
            }
        }
        Ok(())
    }
}

/// Percentages as whole numbers, rounded half away from zero (62.5 -> 63).
pub fn pct(p: f64) -> String {
    format!("{}", p.round() as i64)
}

/// One block per value in 0..=100 from `▁` (0) to `█` (100), on an absolute
/// scale so a flat line means a flat score.
pub fn sparkline(percents: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    percents
        .iter()
        .map(|p| {
            let p = if p.is_finite() { p.clamp(0.0, 100.0) } else { 0.0 };
            BARS[((p / 100.0 * 7.0).round() as usize).min(7)]
        })
        .collect()
}

/// The response as text, e.g. "The customer", "Data; Identity", "True",
/// "Operating system → Customer; Hardware → (none)". Not sanitised.
pub fn response_text(question: &Question, response: &Response) -> String {
    match (&question.kind, response) {
        (QuestionKind::Single { options }, Response::Choice(i)) => {
            options.get(*i).map_or_else(|| format!("option {}", i + 1), |o| o.text.clone())
        }
        (QuestionKind::Multiple { options }, Response::Choices(ticked)) => {
            if ticked.is_empty() {
                return "(none ticked)".to_string();
            }
            ticked
                .iter()
                .map(|i| options.get(*i).map_or_else(|| format!("option {}", i + 1), |o| o.text.clone()))
                .collect::<Vec<_>>()
                .join("; ")
        }
        (QuestionKind::TrueFalse { .. }, Response::Bool(b)) => bool_text(*b).to_string(),
        (QuestionKind::Matching { categories, items }, Response::Matches(chosen)) => items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let c = chosen.get(i).copied().flatten().and_then(|c| categories.get(c));
                format!("{} → {}", it.text, c.map_or("(none)", String::as_str))
            })
            .collect::<Vec<_>>()
            .join("; "),
        // A response of another kind (the question changed since): say what it was.
        (_, r) => raw_response(r),
    }
}

/// A response without its question: "option 2", "options 1, 3", "true", "matches 1, -, 2".
pub fn raw_response(r: &Response) -> String {
    let list = |v: &[usize]| v.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", ");
    match r {
        Response::Choice(i) => format!("option {}", i + 1),
        Response::Choices(v) => format!("options {}", list(v)),
        Response::Bool(b) => bool_text(*b).to_lowercase(),
        Response::Matches(m) => format!(
            "matches {}",
            m.iter().map(|c| c.map_or_else(|| "-".to_string(), |c| (c + 1).to_string())).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The CBM break-even ranges (Gardner-Medwin): the share of right answers
/// at which each certainty is the best bet. [`judge`] checks them exactly.
fn pays_off(c: Certainty) -> &'static str {
    match c {
        Certainty::Low => "below 67%",
        Certainty::Medium => "67% to 80%",
        Certainty::High => "above 80%",
    }
}

/// Over: right less often than the level's range; under: more often.
/// Exact: medium beats low from 2/3 right, high beats medium from 4/5.
/// `answered` must be at least 1.
pub fn judge(c: Certainty, right: usize, answered: usize) -> Calibration {
    let below_two_thirds = 3 * right < 2 * answered;
    let above_two_thirds = 3 * right > 2 * answered;
    let below_four_fifths = 5 * right < 4 * answered;
    let above_four_fifths = 5 * right > 4 * answered;
    match c {
        Certainty::Low if above_two_thirds => Calibration::Under,
        Certainty::Medium if below_two_thirds => Calibration::Over,
        Certainty::Medium if above_four_fifths => Calibration::Under,
        Certainty::High if below_four_fifths => Calibration::Over,
        _ => Calibration::Well,
    }
}

fn calibration(marks: &[Option<Mark>]) -> Vec<LevelResult> {
    Certainty::ALL
        .iter()
        .map(|&c| {
            let at: Vec<&Mark> = marks.iter().flatten().filter(|m| m.certainty == c).collect();
            let answered = at.len();
            let right = at.iter().filter(|m| m.right).count();
            let percent = (answered > 0).then(|| right as f64 * 100.0 / answered as f64);
            let calibration = (answered > 0).then(|| judge(c, right, answered));
            LevelResult { certainty: c, answered, right, percent, calibration }
        })
        .collect()
}

fn verdicts(levels: &[LevelResult], topics: &[TopicResult], answered: usize) -> Vec<String> {
    if answered == 0 {
        return vec!["no answers, so nothing to say about calibration".to_string()];
    }
    let mut out = Vec::new();
    // High first: a sure mistake costs the most, so it is the first thing to hear.
    for l in levels.iter().rev() {
        let (Some(cal), Some(p)) = (l.calibration, l.percent) else {
            continue;
        };
        let p = pct(p);
        let text = match (l.certainty, cal) {
            (_, Calibration::Well) => continue,
            (Certainty::High, Calibration::Over) => {
                format!("over-confident: right only {p}% of the time when sure (high certainty pays off above 80%)")
            }
            (Certainty::Medium, Calibration::Over) => format!(
                "over-confident: right only {p}% of the time when fairly sure (medium certainty pays off from 67%)"
            ),
            (Certainty::Medium, Calibration::Under) => format!(
                "under-confident: right {p}% of the time when fairly sure; high certainty would have earned more"
            ),
            (Certainty::Low, Calibration::Under) => format!(
                "under-confident: right {p}% of the time when unsure; medium or high certainty would have earned more"
            ),
            // Low cannot be over-confident, high cannot be under-confident.
            _ => continue,
        };
        out.push(text);
    }
    if out.is_empty() {
        out.push("well calibrated: how sure you were matched how often you were right".to_string());
    }
    for t in topics.iter().filter(|t| t.sure_but_wrong > 0) {
        let n = t.sure_but_wrong;
        out.push(format!(
            "over-confident on {}: {n} {} given with high certainty {} not right",
            t.topic,
            if n == 1 { "answer" } else { "answers" },
            if n == 1 { "was" } else { "were" }
        ));
    }
    out
}

fn per_topic(def: &AssessmentFile, drawn: &[DrawnQuestion], marks: &[Option<Mark>]) -> Vec<TopicResult> {
    // The assessment's topics first, in its order; any other (not possible
    // from `draw`, but cheap to handle) after them.
    let mut order: Vec<&str> = def.topics.iter().map(|t| t.topic.as_str()).collect();
    for d in drawn {
        if !order.contains(&d.topic.as_str()) {
            order.push(&d.topic);
        }
    }
    let mut out = Vec::new();
    for topic in order {
        let here: Vec<(&DrawnQuestion, &Option<Mark>)> =
            drawn.iter().zip(marks).filter(|(d, _)| d.topic == topic).collect();
        if here.is_empty() {
            continue;
        }
        let total = here.len();
        let right = here.iter().filter(|(_, m)| m.is_some_and(|m| m.right)).count();
        let score = crate::quiz::score::total(here.iter().filter_map(|(_, m)| m.map(|m| m.score)));
        let sure_but_wrong =
            here.iter().filter(|(_, m)| m.is_some_and(|m| m.certainty == Certainty::High && !m.right)).count();
        let lesson =
            def.topic(topic).and_then(|t| t.lesson.clone()).or_else(|| here.iter().find_map(|(d, _)| d.lesson.clone()));
        out.push(TopicResult {
            topic: topic.to_string(),
            title: def.topic_name(topic).to_string(),
            right,
            total,
            percent: score * 100.0 / total as f64,
            lesson,
            sure_but_wrong,
        });
    }
    out
}

fn reread(drawn: &[DrawnQuestion], marks: &[Option<Mark>]) -> Vec<Reread> {
    struct Acc {
        first: usize,
        asked: usize,
        missed: usize,
        sure: usize,
        weight: u32,
    }
    let mut by_lesson: HashMap<&str, Acc> = HashMap::new();
    for (i, (d, m)) in drawn.iter().zip(marks).enumerate() {
        let Some(lesson) = d.lesson.as_deref() else { continue };
        let acc = by_lesson.entry(lesson).or_insert(Acc { first: i, asked: 0, missed: 0, sure: 0, weight: 0 });
        acc.asked += 1;
        if m.is_some_and(|m| m.right) {
            continue;
        }
        acc.missed += 1;
        let cbm = m.map_or(0, |m| m.cbm);
        acc.weight += CBM_MAX.abs_diff(cbm);
        if m.is_some_and(|m| m.certainty == Certainty::High) {
            acc.sure += 1;
        }
    }
    let mut ranked: Vec<(&str, Acc)> = by_lesson.into_iter().filter(|(_, a)| a.missed > 0).collect();
    // Heaviest first; ties by more misses, then by where the lesson came up first.
    ranked.sort_by(|(_, a), (_, b)| b.weight.cmp(&a.weight).then(b.missed.cmp(&a.missed)).then(a.first.cmp(&b.first)));
    ranked
        .into_iter()
        .map(|(lesson, a)| {
            let mut reason =
                format!("missed {} of {} {}", a.missed, a.asked, if a.asked == 1 { "question" } else { "questions" });
            if a.sure > 0 {
                let _ = write!(reason, ", {} of them with high certainty", a.sure);
            }
            Reread { lesson: lesson.to_string(), reason, weight: a.weight, missed: a.missed }
        })
        .collect()
}

/// A table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    one_para(s).replace('|', "\\|")
}

/// Text on one line (line breaks become spaces), for list items and headings.
fn one_para(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
