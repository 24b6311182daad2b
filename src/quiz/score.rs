//! Scoring of one response to one question, per the rules in the quiz format
//! spec (single / true_false all-or-nothing, multiple with Moodle weights,
//! matching as the fraction of items right).

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::model::{Choice, Question, QuestionKind};

/// Adds scores starting from +0.0: std's `f64` sum of nothing is -0.0, which
/// prints as "-0%".
pub fn total(scores: impl IntoIterator<Item = f64>) -> f64 {
    scores.into_iter().fold(0.0, |sum, score| sum + score)
}

/// What the learner answered. Indices always refer to the file's order, never
/// to the (shuffled) display order, so stored results stay meaningful.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// Single choice: the option index.
    Choice(usize),
    /// Multiple choice: the ticked option indices.
    Choices(Vec<usize>),
    /// True/false.
    Bool(bool),
    /// Matching: per item (file order), the chosen category index, if any.
    Matches(Vec<Option<usize>>),
}

/// Tolerance for float sums such as 1/3 + 1/3 + 1/3, so "all right" is exactly 1.
const EPS: f64 = 1e-9;

/// Score in [0, 1]. A response of the wrong kind for the question scores 0.
pub fn score(question: &Question, response: &Response) -> f64 {
    let raw = match (&question.kind, response) {
        (QuestionKind::Single { options }, Response::Choice(i)) => {
            all_or_nothing(options.get(*i).is_some_and(|o| o.correct))
        }
        (QuestionKind::TrueFalse { answer }, Response::Bool(b)) => all_or_nothing(answer == b),
        (QuestionKind::Multiple { options }, Response::Choices(ticked)) => {
            // A set: ticking the same option twice must not count twice.
            let ticked: BTreeSet<usize> = ticked.iter().copied().collect();
            total(ticked.iter().filter_map(|&i| options.get(i).map(|_| option_weight(options, i))))
        }
        (QuestionKind::Matching { categories, items }, Response::Matches(chosen)) => {
            if items.is_empty() {
                0.0
            } else {
                let right = items
                    .iter()
                    .enumerate()
                    .filter(|(i, item)| {
                        chosen
                            .get(*i)
                            .copied()
                            .flatten()
                            .and_then(|c| categories.get(c))
                            .is_some_and(|c| *c == item.answer)
                    })
                    .count();
                right as f64 / items.len() as f64
            }
        }
        _ => 0.0,
    };
    normalise(raw)
}

fn all_or_nothing(right: bool) -> f64 {
    if right { 1.0 } else { 0.0 }
}

/// Clamp to [0, 1] and snap float noise at the ends; NaN (bad weights) is 0.
fn normalise(s: f64) -> f64 {
    if !s.is_finite() || s < EPS {
        0.0
    } else if s > 1.0 - EPS {
        1.0
    } else {
        s
    }
}

/// The Moodle weight of option `i`: its explicit `weight`, else 1/#correct for
/// a correct option and -1/#wrong for a wrong one.
pub fn option_weight(options: &[Choice], i: usize) -> f64 {
    let Some(opt) = options.get(i) else {
        return 0.0;
    };
    if let Some(w) = opt.weight {
        return w;
    }
    let n_correct = options.iter().filter(|o| o.correct).count();
    let n_wrong = options.len() - n_correct;
    match (opt.correct, n_correct, n_wrong) {
        (true, n, _) if n > 0 => 1.0 / n as f64,
        (false, _, n) if n > 0 => -1.0 / n as f64,
        _ => 0.0,
    }
}

/// The right answer as one line of plain text, e.g.
/// "Data classification; Identity and access", "False",
/// "Runtime & middleware → Shared; Operating system → Provider".
/// Not sanitised: front ends sanitise what they print.
pub fn correct_answer_text(question: &Question) -> String {
    match &question.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
            options.iter().filter(|o| o.correct).map(|o| o.text.as_str()).collect::<Vec<_>>().join("; ")
        }
        QuestionKind::TrueFalse { answer } => bool_text(*answer).to_string(),
        QuestionKind::Matching { items, .. } => {
            items.iter().map(|it| format!("{} → {}", it.text, it.answer)).collect::<Vec<_>>().join("; ")
        }
    }
}

/// "True" / "False", as shown to learners.
pub fn bool_text(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}
