//! The quiz and matrix formats as Rust types (format version 1). These types
//! are the source of the JSON Schemas in `assets/` (via schemars) and what the
//! engine works with after validation.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const FORMAT_VERSION: u32 = 1;

/// The values of a question's `type`, as written in quiz files.
pub const QUESTION_TYPES: [&str; 4] = ["single", "multiple", "true_false", "matching"];

/// A quiz file: `quizzes/<id>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "handoff quiz (format 1)",
    description = "A quiz file for the handoff course engine: `quizzes/<id>.json`, the quiz id being the file stem. Check it with `handoff validate`."
)]
pub struct QuizFile {
    /// Editors use this to find the schema; handoff ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version; must be 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: u32,
    /// Shown in the quiz menu.
    #[schemars(length(min = 1))]
    pub title: String,
    /// Default lesson id for questions that do not name one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    /// Optional longer description of the quiz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// At least one question; each has a `type`: single, multiple, true_false or matching.
    #[schemars(length(min = 1))]
    pub questions: Vec<Question>,
}

/// One question. `type` selects which other fields it has.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
// serde cannot deny unknown fields next to `flatten`; the validator does, and
// this makes the schema (and so editors) reject them too, including fields of
// another question type.
#[schemars(extend("unevaluatedProperties" = false))]
pub struct Question {
    /// Unique within the file: letters, digits, '-' and '_'.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_-]+$"))]
    pub id: String,
    /// The question as shown to the learner.
    #[schemars(length(min = 1))]
    pub prompt: String,
    /// Topic tags; the self-assessment draws questions by topic.
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub topics: Vec<String>,
    /// Shown after the answer: why the right answer is right.
    #[serde(default)]
    pub explanation: String,
    /// Lesson id to re-read; overrides the quiz's `lesson`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    #[serde(flatten)]
    pub kind: QuestionKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Exactly one option is correct.
    Single {
        /// At least 2 options, exactly one with `"correct": true`.
        #[schemars(length(min = 2))]
        options: Vec<Choice>,
    },
    /// One or more options are correct; partial credit.
    Multiple {
        /// At least 2 options, at least one with `"correct": true`.
        #[schemars(length(min = 2))]
        options: Vec<Choice>,
    },
    /// A statement that is true or false.
    TrueFalse {
        /// Whether the statement in the prompt is true.
        answer: bool,
    },
    /// Assign each item to one of the categories.
    Matching {
        /// At least 2 distinct category names.
        #[schemars(length(min = 2), inner(length(min = 1)), extend("uniqueItems" = true))]
        categories: Vec<String>,
        /// At least one item; each `answer` is one of the categories.
        #[schemars(length(min = 1))]
        items: Vec<MatchItem>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The option as shown to the learner.
    #[schemars(length(min = 1))]
    pub text: String,
    /// Whether ticking this option is right.
    #[serde(default)]
    pub correct: bool,
    /// Why this option is right or wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Multiple-answer weight in [-1, 1]; default: 1/#correct or -1/#wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -1.0, max = 1.0))]
    pub weight: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchItem {
    /// The item as shown to the learner.
    #[schemars(length(min = 1))]
    pub text: String,
    /// One of the question's categories.
    pub answer: String,
    /// Why the item belongs to that category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// A question as written, every type's fields optional: read in one streaming pass, then
/// checked by `type`. Deriving `Deserialize` for `Question` itself (a flattened, tagged
/// enum) makes serde buffer each question as generic content first, which cost a third of
/// loading a big quiz bank. Unknown fields are ignored here as they were there: the
/// validator reports them, and only clean files reach serde.
#[derive(Deserialize)]
struct RawQuestion {
    id: String,
    prompt: String,
    topics: Vec<String>,
    #[serde(default)]
    explanation: String,
    #[serde(default)]
    lesson: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    options: Option<Vec<Choice>>,
    answer: Option<bool>,
    categories: Option<Vec<String>>,
    items: Option<Vec<MatchItem>>,
}

impl<'de> Deserialize<'de> for Question {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = RawQuestion::deserialize(deserializer)?;
        let missing = |field: &'static str| D::Error::missing_field(field);
        let kind = match raw.kind.as_str() {
            "single" => QuestionKind::Single { options: raw.options.ok_or_else(|| missing("options"))? },
            "multiple" => QuestionKind::Multiple { options: raw.options.ok_or_else(|| missing("options"))? },
            "true_false" => QuestionKind::TrueFalse { answer: raw.answer.ok_or_else(|| missing("answer"))? },
            "matching" => QuestionKind::Matching {
                categories: raw.categories.ok_or_else(|| missing("categories"))?,
                items: raw.items.ok_or_else(|| missing("items"))?,
            },
            other => return Err(D::Error::unknown_variant(other, &QUESTION_TYPES)),
        };
        Ok(Question {
            id: raw.id,
            prompt: raw.prompt,
            topics: raw.topics,
            explanation: raw.explanation,
            lesson: raw.lesson,
            kind,
        })
    }
}

/// A responsibility matrix file: `assets/matrices/<id>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "handoff responsibility matrix (format 1)",
    description = "A responsibility matrix for the handoff course engine: `assets/matrices/<id>.json`. Every layer has one cell per model. Check it with `handoff validate`."
)]
pub struct MatrixFile {
    /// Editors use this to find the schema; handoff ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version; must be 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: u32,
    /// Shown above the matrix.
    #[schemars(length(min = 1))]
    pub title: String,
    /// Where the matrix comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Service models, in display order (columns).
    #[schemars(length(min = 1), inner(length(min = 1)), extend("uniqueItems" = true))]
    pub models: Vec<String>,
    /// Layers of the stack, top to bottom (rows).
    #[schemars(length(min = 1))]
    pub layers: Vec<Layer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// The layer's name, unique in the file.
    #[schemars(length(min = 1))]
    pub name: String,
    /// One cell per model, keyed by model name.
    pub cells: BTreeMap<String, Cell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// Who secures this layer under this model.
    pub owner: Owner,
    /// One line: why this owner.
    #[schemars(length(min = 1))]
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
/// Who secures a layer: `customer`, `provider` or `shared`.
pub enum Owner {
    Customer,
    Provider,
    Shared,
}

impl Owner {
    pub const ALL: [Owner; 3] = [Owner::Customer, Owner::Provider, Owner::Shared];

    pub fn label(self) -> &'static str {
        match self {
            Owner::Customer => "customer",
            Owner::Provider => "provider",
            Owner::Shared => "shared",
        }
    }
}

/// A quiz as loaded from a course: its id (file stem), where it came from, and its content.
#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    pub id: String,
    /// Path shown in messages, relative to the course root (e.g. `quizzes/01-intro.json`).
    pub path: String,
    pub file: QuizFile,
}

/// A matrix as loaded from a course.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub id: String,
    pub path: String,
    pub file: MatrixFile,
}
