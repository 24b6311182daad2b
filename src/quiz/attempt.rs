//! One seeded attempt at a quiz: shuffled question, option and item order,
//! responses recorded by file index, immediate feedback, and the result that
//! goes into the progress file.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::model::{Question, QuestionKind, Quiz};
use super::score::{Response, correct_answer_text, score};

/// A question as shown in this attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Presented {
    /// Index of the question in the quiz file.
    pub file_index: usize,
    pub question: Question,
    /// Display position -> file index of the option (single / multiple) or of
    /// the item (matching). Empty for true/false. Matching categories keep
    /// their file order: they are a fixed scale (Customer, Provider, Shared).
    pub order: Vec<usize>,
}

/// A reason shown after answering, in display order.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// An option of a single or multiple choice question.
    Option {
        /// File index of the option.
        index: usize,
        text: String,
        /// The option is (one of) the right answer(s).
        correct: bool,
        /// The learner chose it.
        ticked: bool,
        why: Option<String>,
    },
    /// An item of a matching question.
    Item {
        /// File index of the item.
        index: usize,
        text: String,
        /// The category the learner chose, if any.
        chosen: Option<String>,
        /// The right category.
        answer: String,
        /// The learner's category is the right one.
        right: bool,
        why: Option<String>,
    },
}

/// Immediate feedback on one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// In [0, 1].
    pub score: f64,
    /// `score == 1`.
    pub correct: bool,
    /// See [`correct_answer_text`].
    pub right_answer: String,
    pub explanation: String,
    /// Every option / item in display order; front ends pick which to show
    /// (the plain one shows the ticked and the right ones).
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AnswerRecord {
    /// Question id.
    pub question: String,
    pub response: Response,
    pub score: f64,
}

/// A finished (or abandoned) attempt, stored in the progress file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuizResult {
    /// Quiz id (file stem).
    pub quiz: String,
    /// Replaying with this seed reproduces the question and option order.
    pub seed: u64,
    /// Unix seconds.
    pub started: u64,
    pub finished: u64,
    /// Sum of the question scores.
    pub score: f64,
    /// Number of questions in the quiz (answered or not).
    pub max: f64,
    /// In the order answered; unanswered questions are absent.
    pub answers: Vec<AnswerRecord>,
    /// False when the learner stopped before answering every question.
    pub completed: bool,
}

impl QuizResult {
    /// Score as a percentage of `max` (0 for an empty quiz).
    pub fn percent(&self) -> f64 {
        if self.max > 0.0 { self.score / self.max * 100.0 } else { 0.0 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttemptError {
    #[error("there is no question at position {0}")]
    NoSuchQuestion(usize),
    /// Answers are final: re-answering would let a learner fish for the score.
    #[error("question at position {0} is already answered")]
    AlreadyAnswered(usize),
}

#[derive(Debug, Clone)]
pub struct Attempt {
    quiz_id: String,
    title: String,
    seed: u64,
    started: u64,
    presented: Vec<Presented>,
    /// Per display position, once answered.
    answers: Vec<Option<AnswerRecord>>,
    /// Display positions in the order answered, for the stored record.
    answered_order: Vec<usize>,
}

impl Attempt {
    /// Shuffles question order, then each question's option / item order (in
    /// display order), all from one `StdRng` seeded with `seed`, so the same
    /// seed always gives the same attempt. `started` is 0; see [`Attempt::starting_at`].
    pub fn new(quiz: &Quiz, seed: u64) -> Attempt {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut q_order: Vec<usize> = (0..quiz.file.questions.len()).collect();
        q_order.shuffle(&mut rng);
        let presented: Vec<Presented> = q_order
            .into_iter()
            .filter_map(|fi| quiz.file.questions.get(fi).map(|q| (fi, q)))
            .map(|(file_index, q)| {
                let n = match &q.kind {
                    QuestionKind::Single { options } | QuestionKind::Multiple { options } => options.len(),
                    QuestionKind::Matching { items, .. } => items.len(),
                    QuestionKind::TrueFalse { .. } => 0,
                };
                let mut order: Vec<usize> = (0..n).collect();
                order.shuffle(&mut rng);
                Presented { file_index, question: q.clone(), order }
            })
            .collect();
        let n = presented.len();
        Attempt {
            quiz_id: quiz.id.clone(),
            title: quiz.file.title.clone(),
            seed,
            started: 0,
            presented,
            answers: vec![None; n],
            answered_order: Vec::new(),
        }
    }

    /// Sets the start time (Unix seconds) recorded in the result.
    pub fn starting_at(mut self, now_secs: u64) -> Attempt {
        self.started = now_secs;
        self
    }

    pub fn quiz_id(&self) -> &str {
        &self.quiz_id
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Questions in display order.
    pub fn presented(&self) -> &[Presented] {
        &self.presented
    }

    pub fn len(&self) -> usize {
        self.presented.len()
    }

    pub fn is_empty(&self) -> bool {
        self.presented.is_empty()
    }

    pub fn is_answered(&self, question_pos: usize) -> bool {
        self.answers.get(question_pos).is_some_and(|a| a.is_some())
    }

    /// Sum of the scores so far.
    pub fn score_so_far(&self) -> f64 {
        super::score::total(self.answers.iter().flatten().map(|a| a.score))
    }

    /// Records the response (indices in file order) to the question at display
    /// position `question_pos` and returns the feedback.
    pub fn answer(&mut self, question_pos: usize, response: Response) -> Result<Feedback, AttemptError> {
        let p = self.presented.get(question_pos).ok_or(AttemptError::NoSuchQuestion(question_pos))?;
        if self.is_answered(question_pos) {
            return Err(AttemptError::AlreadyAnswered(question_pos));
        }
        let s = score(&p.question, &response);
        let feedback = Feedback {
            score: s,
            correct: s == 1.0,
            right_answer: correct_answer_text(&p.question),
            explanation: p.question.explanation.clone(),
            reasons: reasons(p, &response),
        };
        let record = AnswerRecord { question: p.question.id.clone(), response, score: s };
        if let Some(slot) = self.answers.get_mut(question_pos) {
            *slot = Some(record);
            self.answered_order.push(question_pos);
        }
        Ok(feedback)
    }

    /// Ends the attempt; `completed` is true only if every question was answered.
    pub fn finish(self, now_secs: u64) -> QuizResult {
        let completed = self.answers.iter().all(|a| a.is_some());
        let mut answers = Vec::with_capacity(self.answered_order.len());
        let mut slots = self.answers;
        for pos in self.answered_order {
            if let Some(rec) = slots.get_mut(pos).and_then(Option::take) {
                answers.push(rec);
            }
        }
        let score = super::score::total(answers.iter().map(|a| a.score));
        QuizResult {
            quiz: self.quiz_id,
            seed: self.seed,
            started: self.started,
            finished: now_secs,
            score,
            max: self.presented.len() as f64,
            answers,
            completed,
        }
    }
}

/// Per-option / per-item reasons in display order.
fn reasons(p: &Presented, response: &Response) -> Vec<Reason> {
    match &p.question.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => p
            .order
            .iter()
            .filter_map(|&i| options.get(i).map(|o| (i, o)))
            .map(|(i, o)| Reason::Option {
                index: i,
                text: o.text.clone(),
                correct: o.correct,
                ticked: match response {
                    Response::Choice(c) => *c == i,
                    Response::Choices(cs) => cs.contains(&i),
                    _ => false,
                },
                why: o.why.clone(),
            })
            .collect(),
        QuestionKind::Matching { categories, items } => p
            .order
            .iter()
            .filter_map(|&i| items.get(i).map(|it| (i, it)))
            .map(|(i, it)| {
                let chosen = match response {
                    Response::Matches(m) => m.get(i).copied().flatten().and_then(|c| categories.get(c)).cloned(),
                    _ => None,
                };
                Reason::Item {
                    index: i,
                    text: it.text.clone(),
                    right: chosen.as_deref() == Some(it.answer.as_str()),
                    chosen,
                    answer: it.answer.clone(),
                    why: it.why.clone(),
                }
            })
            .collect(),
        QuestionKind::TrueFalse { .. } => Vec::new(),
    }
}
