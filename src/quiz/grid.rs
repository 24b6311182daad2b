//! Grading of the grid exercise: the learner fills in the owner of every
//! (model, layer) cell of a matrix and gets each cell marked.

use std::collections::BTreeMap;

use super::drill::cells;
use super::model::{MatrixFile, Owner};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Right,
    Wrong,
    Unanswered,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    pub model: String,
    pub layer: String,
    pub given: Option<Owner>,
    pub right: Owner,
    pub verdict: Verdict,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GridReport {
    /// Row by row (layers top to bottom), models in column order.
    pub cells: Vec<GridCell>,
    pub right: usize,
    pub wrong: usize,
    pub unanswered: usize,
    /// Fraction of cells right, in [0, 1]; unanswered cells count as not right.
    pub score: f64,
}

impl GridReport {
    pub fn total(&self) -> usize {
        self.cells.len()
    }

    pub fn percent(&self) -> f64 {
        self.score * 100.0
    }
}

/// Grades `answers` (keyed by (model, layer)) against the matrix, for one
/// model (case-insensitive) or all. Answers for cells outside the graded set
/// are ignored; an unknown model gives an empty report scoring 0.
pub fn grade(matrix: &MatrixFile, model: Option<&str>, answers: &BTreeMap<(String, String), Owner>) -> GridReport {
    let graded: Vec<GridCell> = cells(matrix, model)
        .into_iter()
        .map(|(key, right, why)| {
            let given = answers.get(&(key.model.clone(), key.layer.clone())).copied();
            let verdict = match given {
                None => Verdict::Unanswered,
                Some(o) if o == right => Verdict::Right,
                Some(_) => Verdict::Wrong,
            };
            GridCell { model: key.model, layer: key.layer, given, right, verdict, why }
        })
        .collect();
    let count = |v: Verdict| graded.iter().filter(|c| c.verdict == v).count();
    let (right, wrong, unanswered) = (count(Verdict::Right), count(Verdict::Wrong), count(Verdict::Unanswered));
    let score = if graded.is_empty() { 0.0 } else { right as f64 / graded.len() as f64 };
    GridReport { cells: graded, right, wrong, unanswered, score }
}
