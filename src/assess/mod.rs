//! The self-assessment: a timed, certainty-marked test drawn by topic from the
//! course's quizzes, with a calibration report and exportable results.
//!
//! The pieces, in the order a learner meets them: [`model`] (the assessment
//! file) and [`validate`]; [`draw`] (which questions, from a seed);
//! [`session`] (answering, changing answers, saving an unfinished attempt);
//! [`score`] (percentage and certainty-based marks); [`report`]
//! (calibration, missed questions, lessons to re-read); [`record`] (what the
//! progress file keeps); [`export`] (CSV / JSON / one line per attempt); and
//! [`plain`], the line-by-line front end.

pub mod draw;
pub mod export;
pub mod model;
pub mod plain;
pub mod record;
pub mod report;
pub mod schema;
pub mod score;
pub mod session;
pub mod validate;

use std::collections::BTreeMap;

use crate::course::Course;
use crate::quiz::diagnostic::Diagnostic;
use crate::quiz::model::Quiz;

use model::AssessmentFile;

/// Where a course keeps its assessment, relative to the course root.
pub const ASSESSMENT_PATH: &str = "assets/assessment.json";

/// The built-in course's assessment, compiled in like the rest of the course.
pub const BUILTIN_ASSESSMENT: &str = include_str!("../../assets/assessment.json");

/// The id stored with attempts at the course's assessment (quiz attempts use the quiz id).
pub const ASSESSMENT_ID: &str = "assessment";

/// Topic -> number of questions whose FIRST topic tag it is: what an
/// assessment can draw from (see [`draw::draw`]).
pub fn course_topics(quizzes: &[Quiz]) -> BTreeMap<String, usize> {
    let mut topics = BTreeMap::new();
    for quiz in quizzes {
        for question in &quiz.file.questions {
            if let Some(first) = question.topics.first() {
                *topics.entry(first.clone()).or_insert(0) += 1;
            }
        }
    }
    topics
}

/// Validates an assessment file against a loaded course (its topics and lessons).
pub fn validate_for_course(course: &Course, file: &str, bytes: &[u8]) -> (Option<AssessmentFile>, Vec<Diagnostic>) {
    let lesson_ids: Vec<String> = course.lessons.iter().map(|l| l.id.clone()).collect();
    validate::validate_assessment(file, bytes, &course_topics(&course.quizzes), &lesson_ids)
}
