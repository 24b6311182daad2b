//! Marks: the plain percentage and certainty-based marks (CBM).
//!
//! CBM follows Gardner-Medwin (LAPT): after each answer the learner says how
//! sure they are, and the mark depends on both:
//!
//! | certainty | right | wrong |
//! | --- | ---: | ---: |
//! | low | 1 | 0 |
//! | medium | 2 | -2 |
//! | high | 3 | -6 |
//!
//! An unanswered question scores 0 either way. CBM judges whether the learner
//! *knew* the answer, so it is all-or-nothing: a question counts as right only
//! when its score is 1. Partial credit (multiple-answer and matching
//! questions) counts in the percentage, but a partly right answer gets the
//! *wrong* mark for its certainty. Expected CBM is highest at low certainty
//! below 2/3 chance of being right, at medium from 2/3 to 4/5, at high above 4/5.

use crate::quiz::model::Question;
use crate::quiz::score::{Response, score};

use super::draw::DrawnQuestion;
use super::session::Certainty;

/// The mark for one answer at one certainty.
pub fn cbm_mark(right: bool, certainty: Certainty) -> i32 {
    match (right, certainty) {
        (true, Certainty::Low) => 1,
        (true, Certainty::Medium) => 2,
        (true, Certainty::High) => 3,
        (false, Certainty::Low) => 0,
        (false, Certainty::Medium) => -2,
        (false, Certainty::High) => -6,
    }
}

/// The best CBM mark per question (right at high certainty).
pub const CBM_MAX: i32 = 3;

/// Right for CBM and calibration: fully right. `quiz::score::score` snaps
/// float noise, so a full score is exactly 1.
pub fn is_right(score: f64) -> bool {
    score >= 1.0
}

/// One answered question, marked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// In [0, 1], with partial credit.
    pub score: f64,
    pub right: bool,
    pub certainty: Certainty,
    pub cbm: i32,
}

pub fn mark(question: &Question, response: &Response, certainty: Certainty) -> Mark {
    let s = score(question, response);
    let right = is_right(s);
    Mark { score: s, right, certainty, cbm: cbm_mark(right, certainty) }
}

/// Marks every drawn question; `None` where unanswered.
pub fn mark_all(drawn: &[DrawnQuestion], answers: &[Option<(Response, Certainty)>]) -> Vec<Option<Mark>> {
    drawn
        .iter()
        .enumerate()
        .map(|(i, d)| answers.get(i).and_then(Option::as_ref).map(|(r, c)| mark(&d.question, r, *c)))
        .collect()
}

/// The whole attempt's marks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Totals {
    /// Questions asked, answered or not.
    pub questions: usize,
    pub answered: usize,
    /// Sum of scores (partial credit included).
    pub score: f64,
    /// `score / questions` as a percentage (0 when nothing was asked).
    pub percent: f64,
    pub cbm_total: i32,
    /// `cbm_total / questions`: in [-6, 3]; unanswered questions count as 0.
    pub cbm_average: f64,
    /// `percent >= pass_mark`.
    pub passed: bool,
}

pub fn totals(marks: &[Option<Mark>], pass_mark: f64) -> Totals {
    let questions = marks.len();
    let answered = marks.iter().flatten().count();
    let score = crate::quiz::score::total(marks.iter().flatten().map(|m| m.score));
    let cbm_total: i32 = marks.iter().flatten().map(|m| m.cbm).sum();
    let (percent, cbm_average) = if questions == 0 {
        (0.0, 0.0)
    } else {
        // Multiply before dividing: 7 * 100 / 10 is exactly 70, 7 / 10 * 100 is not.
        (score * 100.0 / questions as f64, f64::from(cbm_total) / questions as f64)
    };
    // The tolerance keeps float sums such as 1/3 + 2/3 from failing an exact pass mark.
    let passed = questions > 0 && percent + 1e-9 >= pass_mark;
    Totals { questions, answered, score, percent, cbm_total, cbm_average, passed }
}
