//! Taking the assessment: answers (each with a certainty) can be given and
//! changed any number of times until the attempt is submitted; nothing is
//! marked or shown as right or wrong before that. An unfinished attempt is
//! saved as an [`InProgress`] snapshot and resumed by drawing again from its seed.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::quiz::model::{QuestionKind, Quiz};
use crate::quiz::score::Response;

use super::ASSESSMENT_ID;
use super::draw::{DrawnQuestion, draw};
use super::model::AssessmentFile;
use super::record::{AssessedAnswer, AssessmentAttempt};
use super::report::Report;
use super::score::{mark_all, totals};

/// How sure the learner is of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    Low,
    Medium,
    High,
}

impl Certainty {
    pub const ALL: [Certainty; 3] = [Certainty::Low, Certainty::Medium, Certainty::High];

    /// "low", "medium", "high": as stored and exported.
    pub fn label(self) -> &'static str {
        match self {
            Certainty::Low => "low",
            Certainty::Medium => "medium",
            Certainty::High => "high",
        }
    }

    /// `1`/`2`/`3`, `l`/`m`/`h` or the words, any case.
    pub fn parse(s: &str) -> Option<Certainty> {
        match s.trim().to_lowercase().as_str() {
            "1" | "l" | "low" => Some(Certainty::Low),
            "2" | "m" | "medium" => Some(Certainty::Medium),
            "3" | "h" | "high" => Some(Certainty::High),
            _ => None,
        }
    }
}

/// One saved answer of an unfinished attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedAnswer {
    /// `quiz_id/question_id`: keyed by question, not position, so a changed
    /// course drops answers to questions it no longer draws instead of
    /// pinning them to other questions.
    pub question: String,
    pub response: Response,
    pub certainty: Certainty,
}

/// An unfinished attempt, kept in `CourseProgress::assessment_in_progress`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InProgress {
    #[serde(default = "default_id")]
    pub id: String,
    /// The draw is rebuilt from this seed on resume.
    pub seed: u64,
    /// Unix seconds of the first start.
    pub started: u64,
    /// Seconds spent answering so far: the clock of a time limit stops while
    /// the attempt is saved, so resuming tomorrow is not "time is up".
    #[serde(default)]
    pub elapsed: u64,
    /// Display position to resume at.
    #[serde(default)]
    pub position: usize,
    #[serde(default)]
    pub answers: Vec<SavedAnswer>,
}

fn default_id() -> String {
    ASSESSMENT_ID.to_string()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("there is no question at position {0}")]
    NoSuchQuestion(usize),
    #[error("that answer does not fit the question at position {0}")]
    DoesNotFit(usize),
}

#[derive(Debug, Clone)]
pub struct AssessmentSession {
    def: AssessmentFile,
    id: String,
    seed: u64,
    started: u64,
    /// Seconds used before this sitting (see [`InProgress::elapsed`]).
    elapsed_before: u64,
    /// Unix seconds when this sitting began.
    sitting_from: u64,
    drawn: Vec<DrawnQuestion>,
    /// Per display position.
    answers: Vec<Option<(Response, Certainty)>>,
    /// Saved answers that could not be restored (see [`AssessmentSession::resume`]).
    dropped: usize,
}

impl AssessmentSession {
    /// A new attempt drawn with `seed`, starting at `now` (Unix seconds).
    pub fn new(def: &AssessmentFile, quizzes: &[Quiz], seed: u64, now: u64) -> AssessmentSession {
        let drawn = draw(def, quizzes, seed);
        let n = drawn.len();
        AssessmentSession {
            def: def.clone(),
            id: ASSESSMENT_ID.to_string(),
            seed,
            started: now,
            elapsed_before: 0,
            sitting_from: now,
            drawn,
            answers: vec![None; n],
            dropped: 0,
        }
    }

    /// Resumes a saved attempt: the same draw (from its seed) and its answers.
    /// Answers to questions the draw no longer has, or that no longer fit
    /// their question (the course changed), are dropped and counted in [`Self::dropped`].
    pub fn resume(def: &AssessmentFile, quizzes: &[Quiz], saved: &InProgress, now: u64) -> AssessmentSession {
        let mut session = AssessmentSession::new(def, quizzes, saved.seed, now);
        session.id = saved.id.clone();
        session.started = saved.started;
        session.elapsed_before = saved.elapsed;
        let index: HashMap<String, usize> = session.drawn.iter().enumerate().map(|(i, d)| (d.key(), i)).collect();
        for a in &saved.answers {
            let restored =
                index.get(&a.question).is_some_and(|&pos| session.answer(pos, a.response.clone(), a.certainty).is_ok());
            if !restored {
                session.dropped += 1;
            }
        }
        session
    }

    /// Sets the id stored with the attempt (default [`ASSESSMENT_ID`]).
    pub fn with_id(mut self, id: impl Into<String>) -> AssessmentSession {
        self.id = id.into();
        self
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn definition(&self) -> &AssessmentFile {
        &self.def
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn started(&self) -> u64 {
        self.started
    }

    /// Questions in the order asked.
    pub fn questions(&self) -> &[DrawnQuestion] {
        &self.drawn
    }

    /// Per position, the answer and certainty given so far.
    pub fn answers(&self) -> &[Option<(Response, Certainty)>] {
        &self.answers
    }

    pub fn answer_at(&self, pos: usize) -> Option<&(Response, Certainty)> {
        self.answers.get(pos).and_then(Option::as_ref)
    }

    pub fn len(&self) -> usize {
        self.drawn.len()
    }

    pub fn is_empty(&self) -> bool {
        self.drawn.is_empty()
    }

    /// Saved answers that could not be restored on resume.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// Positions without an answer, in order.
    pub fn unanswered(&self) -> Vec<usize> {
        self.answers.iter().enumerate().filter(|(_, a)| a.is_none()).map(|(i, _)| i).collect()
    }

    /// Sets or changes the answer at `pos` (indices in file order). No
    /// feedback: the mark is only worked out on [`Self::submit`].
    pub fn answer(&mut self, pos: usize, response: Response, certainty: Certainty) -> Result<(), SessionError> {
        let d = self.drawn.get(pos).ok_or(SessionError::NoSuchQuestion(pos))?;
        if !fits(&d.question.kind, &response) {
            return Err(SessionError::DoesNotFit(pos));
        }
        if let Some(slot) = self.answers.get_mut(pos) {
            *slot = Some((response, certainty));
        }
        Ok(())
    }

    /// Withdraws the answer at `pos`.
    pub fn clear(&mut self, pos: usize) {
        if let Some(slot) = self.answers.get_mut(pos) {
            *slot = None;
        }
    }

    /// Seconds used so far, over every sitting.
    pub fn time_used(&self, now: u64) -> u64 {
        self.elapsed_before.saturating_add(now.saturating_sub(self.sitting_from))
    }

    /// Seconds left under the time limit; `None` when there is no limit.
    pub fn time_left(&self, now: u64) -> Option<u64> {
        let limit = u64::from(self.def.time_limit_minutes?).saturating_mul(60);
        Some(limit.saturating_sub(self.time_used(now)))
    }

    pub fn is_over_time(&self, now: u64) -> bool {
        self.time_left(now) == Some(0)
    }

    /// The snapshot to store so the attempt can be resumed at `position`.
    pub fn snapshot(&self, now: u64, position: usize) -> InProgress {
        let answers = self
            .drawn
            .iter()
            .zip(&self.answers)
            .filter_map(|(d, a)| {
                a.as_ref().map(|(r, c)| SavedAnswer { question: d.key(), response: r.clone(), certainty: *c })
            })
            .collect();
        InProgress {
            id: self.id.clone(),
            seed: self.seed,
            started: self.started,
            elapsed: self.time_used(now),
            position,
            answers,
        }
    }

    /// The report on the answers so far, without ending the attempt.
    pub fn report(&self) -> Report {
        Report::build(&self.def, &self.drawn, &self.answers)
    }

    /// Ends the attempt: marks it, and returns what to store and the report.
    pub fn submit(self, now: u64, learner: Option<String>) -> (AssessmentAttempt, Report) {
        let report = self.report();
        let marks = mark_all(&self.drawn, &self.answers);
        let t = totals(&marks, self.def.pass_mark);
        let answers = self
            .drawn
            .iter()
            .zip(self.answers)
            .zip(&marks)
            .filter_map(|((d, a), m)| {
                let ((response, certainty), m) = (a?, (*m)?);
                Some(AssessedAnswer {
                    question: d.key(),
                    topic: d.topic.clone(),
                    response,
                    certainty,
                    score: m.score,
                    right: m.right,
                    cbm: m.cbm,
                })
            })
            .collect();
        let attempt = AssessmentAttempt {
            id: self.id,
            seed: self.seed,
            started: self.started,
            finished: now,
            learner,
            answers,
            questions: t.questions,
            percent: t.percent,
            cbm_total: t.cbm_total,
            passed: t.passed,
        };
        (attempt, report)
    }
}

/// Whether a response has the question's shape and in-range indices, so a
/// stored answer always means what it meant when given.
fn fits(kind: &QuestionKind, response: &Response) -> bool {
    match (kind, response) {
        (QuestionKind::Single { options }, Response::Choice(i)) => *i < options.len(),
        (QuestionKind::Multiple { options }, Response::Choices(ticked)) => ticked.iter().all(|i| *i < options.len()),
        (QuestionKind::TrueFalse { .. }, Response::Bool(_)) => true,
        (QuestionKind::Matching { categories, items }, Response::Matches(chosen)) => {
            chosen.len() == items.len() && chosen.iter().flatten().all(|c| *c < categories.len())
        }
        _ => false,
    }
}
