//! Which questions an attempt asks: per topic, a seeded random choice among
//! the course's questions whose first topic tag is that topic.

use std::collections::HashSet;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::quiz::model::{Question, QuestionKind, Quiz};

use super::model::AssessmentFile;

/// A question as asked in one attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnQuestion {
    /// The quiz it comes from.
    pub quiz_id: String,
    pub question: Question,
    /// The topic it was drawn for (its first topic tag).
    pub topic: String,
    /// Lesson to re-read: the question's, else its quiz's, else the topic's.
    pub lesson: Option<String>,
    /// Display position -> file index of the option (single / multiple) or
    /// item (matching); empty for true/false. As in a quiz attempt, matching
    /// categories keep their file order.
    pub order: Vec<usize>,
}

impl DrawnQuestion {
    /// `quiz_id/question_id`: how answers are stored, unique across the course.
    pub fn key(&self) -> String {
        question_key(&self.quiz_id, &self.question.id)
    }
}

pub fn question_key(quiz_id: &str, question_id: &str) -> String {
    format!("{quiz_id}/{question_id}")
}

/// Draws the assessment's questions, topic by topic in the file's order.
/// Within a topic, questions are chosen without repeats and shown in a random
/// order; a question is drawn at most once overall. All choices come from one
/// `StdRng` seeded with `seed`, so the same seed and course give the same draw.
/// A topic with fewer questions than asked gives what it has (validation
/// reports that case before it gets here).
pub fn draw(def: &AssessmentFile, quizzes: &[Quiz], seed: u64) -> Vec<DrawnQuestion> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut taken: HashSet<(&str, &str)> = HashSet::new();
    let mut out = Vec::new();
    for topic in &def.topics {
        // Course order (quiz, then question) before shuffling, so the draw
        // depends only on the seed and the course, never on hash order.
        let mut pool: Vec<(&Quiz, &Question)> = quizzes
            .iter()
            .flat_map(|quiz| quiz.file.questions.iter().map(move |q| (quiz, q)))
            .filter(|(quiz, q)| {
                q.topics.first() == Some(&topic.topic) && !taken.contains(&(quiz.id.as_str(), q.id.as_str()))
            })
            .collect();
        pool.shuffle(&mut rng);
        for (quiz, question) in pool.into_iter().take(topic.count) {
            if !taken.insert((quiz.id.as_str(), question.id.as_str())) {
                continue; // the same quiz id twice in the slice; keep the first
            }
            let mut order: Vec<usize> = (0..option_count(question)).collect();
            order.shuffle(&mut rng);
            out.push(DrawnQuestion {
                quiz_id: quiz.id.clone(),
                question: question.clone(),
                topic: topic.topic.clone(),
                lesson: question.lesson.clone().or_else(|| quiz.file.lesson.clone()).or_else(|| topic.lesson.clone()),
                order,
            });
        }
    }
    out
}

/// Options (single / multiple) or items (matching) that get a display order.
fn option_count(q: &Question) -> usize {
    match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => options.len(),
        QuestionKind::Matching { items, .. } => items.len(),
        QuestionKind::TrueFalse { .. } => 0,
    }
}
