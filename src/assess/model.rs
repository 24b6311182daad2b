//! The assessment file format (version 1) as Rust types; the source of
//! `assets/assessment.schema.json` (via schemars).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const FORMAT_VERSION: u32 = 1;

/// An assessment file: `assets/assessment.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "handoff self-assessment (format 1)",
    description = "The self-assessment of a handoff course: `assets/assessment.json`. Questions are drawn by topic from the course's quizzes (a question belongs to its first topic tag). Check it with `handoff validate`."
)]
pub struct AssessmentFile {
    /// Editors use this to find the schema; handoff ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version; must be 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: u32,
    /// Shown at the top of the assessment and its report.
    #[schemars(length(min = 1))]
    pub title: String,
    /// Which topics to draw from and how many questions from each, in the order asked.
    #[schemars(length(min = 1))]
    pub topics: Vec<TopicDraw>,
    /// Time allowed, in minutes; no limit when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub time_limit_minutes: Option<u32>,
    /// Percentage (0-100) needed to pass.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub pass_mark: f64,
}

/// Draw `count` questions from one topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicDraw {
    /// A topic tag used as the first tag of quiz questions, e.g. `service-models`.
    #[schemars(length(min = 1))]
    pub topic: String,
    /// How many questions to draw; at most the number the course has.
    #[schemars(range(min = 1))]
    pub count: usize,
    /// Display name, e.g. "Service models"; the tag when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Lesson id to re-read for this topic, when the question and its quiz name none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
}

impl TopicDraw {
    /// The title, else the tag.
    pub fn display_name(&self) -> &str {
        self.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(&self.topic)
    }
}

impl AssessmentFile {
    /// Total questions asked (as written; the draw may give fewer if the course has fewer).
    pub fn question_count(&self) -> usize {
        self.topics.iter().map(|t| t.count).sum()
    }

    pub fn topic(&self, tag: &str) -> Option<&TopicDraw> {
        self.topics.iter().find(|t| t.topic == tag)
    }

    /// The display name of a topic tag (the tag itself if the file does not list it).
    pub fn topic_name<'a>(&'a self, tag: &'a str) -> &'a str {
        self.topic(tag).map_or(tag, TopicDraw::display_name)
    }
}
