//! What the progress file keeps of a submitted assessment.

use serde::{Deserialize, Serialize};

use crate::quiz::score::Response;

use super::session::Certainty;

/// A submitted attempt, stored in `CourseProgress::assessments`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentAttempt {
    /// [`super::ASSESSMENT_ID`] for the course's assessment, else the quiz id
    /// when a single quiz was taken with certainty marks.
    pub id: String,
    /// Drawing again with this seed (from the same course) gives the same questions.
    pub seed: u64,
    /// Unix seconds.
    pub started: u64,
    pub finished: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learner: Option<String>,
    /// Answered questions in the order asked; unanswered ones are absent
    /// (they score 0) but counted in `questions`.
    pub answers: Vec<AssessedAnswer>,
    /// Questions asked, answered or not.
    #[serde(default)]
    pub questions: usize,
    pub percent: f64,
    pub cbm_total: i32,
    pub passed: bool,
}

impl AssessmentAttempt {
    /// CBM per question asked (unanswered count as 0); 0 for an empty attempt.
    pub fn cbm_average(&self) -> f64 {
        let n = self.questions.max(self.answers.len());
        if n == 0 { 0.0 } else { f64::from(self.cbm_total) / n as f64 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessedAnswer {
    /// `quiz_id/question_id`.
    pub question: String,
    pub topic: String,
    /// Indices in file order, as for quizzes.
    pub response: Response,
    pub certainty: Certainty,
    /// In [0, 1], with partial credit.
    pub score: f64,
    /// `score == 1`: what CBM and calibration count as right.
    pub right: bool,
    pub cbm: i32,
}
