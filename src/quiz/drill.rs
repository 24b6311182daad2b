//! The adaptive responsibility drill: one question per (model, layer) cell of
//! a matrix, Leitner boxes across sessions, and an in-session queue in which
//! a cell is mastered after two right answers in a row.
//!
//! Box updates: [`DrillSession::answer`] takes `&mut Boxes` and updates it.
//! A cell moves by the Leitner rule on its FIRST answer in a session; later in
//! the same session a miss still drops it to box 1 but a right answer does not
//! promote it again (one promotion per session, as in a paper Leitner box), so
//! a cell missed today stays in box 1 and comes first next session.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::str::FromStr;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::model::{Matrix, MatrixFile, Owner};

/// Highest Leitner box.
pub const MAX_BOX: u8 = 5;

/// A (model, layer) cell; written as `"PaaS/Runtime & middleware"` (split at
/// the first '/', so a model name must not contain '/'; a layer name may).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub model: String,
    pub layer: String,
}

impl CellKey {
    pub fn new(model: impl Into<String>, layer: impl Into<String>) -> CellKey {
        CellKey { model: model.into(), layer: layer.into() }
    }
}

impl fmt::Display for CellKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.model, self.layer)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cell key {0:?} is not of the form \"model/layer\"")]
pub struct CellKeyError(pub String);

impl FromStr for CellKey {
    type Err = CellKeyError;
    fn from_str(s: &str) -> Result<CellKey, CellKeyError> {
        match s.split_once('/') {
            Some((m, l)) if !m.is_empty() && !l.is_empty() => Ok(CellKey::new(m, l)),
            _ => Err(CellKeyError(s.to_string())),
        }
    }
}

impl Serialize for CellKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CellKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CellKey, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Leitner boxes per cell, keyed by the [`CellKey`] string. Box 1..=5; a cell
/// not in the map is unseen (box 0). Stored in the progress file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Boxes(pub BTreeMap<String, u8>);

impl Boxes {
    /// The cell's box, 0 if unseen; values above 5 in a hand-edited file count as 5.
    pub fn get(&self, key: &CellKey) -> u8 {
        self.0.get(&key.to_string()).map_or(0, |b| (*b).min(MAX_BOX))
    }

    pub fn set(&mut self, key: &CellKey, b: u8) {
        self.0.insert(key.to_string(), b.min(MAX_BOX));
    }

    /// Leitner rule: right -> next box (unseen -> 2, capped at 5), wrong -> 1.
    /// Returns the new box.
    pub fn record(&mut self, key: &CellKey, right: bool) -> u8 {
        let b = next_box(self.get(key), right);
        self.set(key, b);
        b
    }
}

/// The Leitner transition on its own.
pub fn next_box(current: u8, right: bool) -> u8 {
    match (right, current) {
        (false, _) => 1,
        // Unseen and known at first sight: skip the "missed" box.
        (true, 0) => 2,
        (true, b) => (b + 1).min(MAX_BOX),
    }
}

/// Order of priority when picking cells: missed (box 1) first, then unseen,
/// then boxes 2..=5. Lower is asked sooner.
fn priority(b: u8) -> u8 {
    match b {
        1 => 0,
        0 => 1,
        b => b,
    }
}

/// Every cell of the matrix (optionally one model; model names match
/// case-insensitively), row by row, models in the file's column order.
pub fn cells(matrix: &MatrixFile, model: Option<&str>) -> Vec<(CellKey, Owner, String)> {
    let mut out = Vec::new();
    for layer in &matrix.layers {
        for m in &matrix.models {
            if model.is_some_and(|want| !want.eq_ignore_ascii_case(m)) {
                continue;
            }
            if let Some(cell) = layer.cells.get(m) {
                out.push((CellKey::new(m.clone(), layer.name.clone()), cell.owner, cell.why.clone()));
            }
        }
    }
    out
}

/// One question of the drill.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub key: CellKey,
    /// "Under PaaS, who secures the runtime & middleware layer?" (not sanitised).
    pub text: String,
    /// The choices, always in this order: customer, provider, shared.
    pub options: [Owner; 3],
    /// 1-based count of prompts shown this session.
    pub number: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DrillFeedback {
    pub key: CellKey,
    pub correct: bool,
    pub chosen: Owner,
    pub right: Owner,
    pub why: String,
    /// The cell's Leitner box after this answer.
    pub new_box: u8,
    /// Two right answers in a row: the cell will not be asked again this session.
    pub mastered: bool,
}

/// A cell the learner found hard this session.
#[derive(Debug, Clone, PartialEq)]
pub struct WeakCell {
    pub key: CellKey,
    pub misses: u32,
    /// Leitner box now (1 after any miss).
    pub leitner_box: u8,
    /// Leitner box when the session started (0 = unseen).
    pub start_box: u8,
    pub right: Owner,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DrillSummary {
    /// Prompts answered.
    pub asked: usize,
    pub right: usize,
    pub wrong: usize,
    /// Cells in the session, and how many of them were mastered.
    pub cells: usize,
    pub mastered: usize,
    /// True when every cell was mastered (the drill ran to its end).
    pub finished: bool,
    /// Cells missed this session: most misses first, then lowest box at the
    /// start of the session (box 1, unseen, 2..=5: every missed cell ends in
    /// box 1, so only the earlier box tells long-standing weakness apart),
    /// then key.
    pub weakest: Vec<WeakCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrillError {
    #[error("no prompt is waiting for an answer; call next() first")]
    NoPrompt,
}

#[derive(Debug, Clone)]
struct CellState {
    key: CellKey,
    owner: Owner,
    why: String,
    leitner_box: u8,
    start_box: u8,
    answered: bool,
    streak: u32,
    misses: u32,
    mastered: bool,
}

/// How many other prompts come before a missed cell is asked again: soon, but
/// not straight away, so the learner must recall rather than repeat.
const RETRY_GAP: usize = 2;

#[derive(Debug, Clone)]
pub struct DrillSession {
    cells: Vec<CellState>,
    queue: VecDeque<usize>,
    current: Option<usize>,
    shown: usize,
    right: usize,
    wrong: usize,
}

impl DrillSession {
    /// Picks `size` cells (`0` or more than there are: all of them), missed
    /// cells first, then unseen, then by rising box; ties in the order of a
    /// shuffle seeded with `seed`. They are asked in that order.
    pub fn new(matrix: &Matrix, boxes: &Boxes, seed: u64, model: Option<&str>, size: usize) -> DrillSession {
        let mut all: Vec<CellState> = cells(&matrix.file, model)
            .into_iter()
            .map(|(key, owner, why)| CellState {
                leitner_box: boxes.get(&key),
                start_box: boxes.get(&key),
                key,
                owner,
                why,
                answered: false,
                streak: 0,
                misses: 0,
                mastered: false,
            })
            .collect();
        let mut rng = StdRng::seed_from_u64(seed);
        all.shuffle(&mut rng);
        // Stable sort keeps the shuffled order within a priority level.
        all.sort_by_key(|c| priority(c.leitner_box));
        if size > 0 {
            all.truncate(size);
        }
        let queue = (0..all.len()).collect();
        DrillSession { cells: all, queue, current: None, shown: 0, right: 0, wrong: 0 }
    }

    /// The cells of this session, in first-asked order.
    pub fn keys(&self) -> Vec<CellKey> {
        self.cells.iter().map(|c| c.key.clone()).collect()
    }

    /// The next prompt, or `None` when every cell is mastered. Calling it again
    /// before answering returns the same prompt.
    // Not an Iterator: it repeats the prompt until answered, and the queue
    // changes with each answer.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Prompt> {
        let idx = match self.current {
            Some(i) => i,
            None => {
                let i = self.queue.pop_front()?;
                self.current = Some(i);
                self.shown += 1;
                i
            }
        };
        let c = self.cells.get(idx)?;
        Some(Prompt {
            key: c.key.clone(),
            text: format!("Under {}, who secures the {} layer?", c.key.model, lower_first(&c.key.layer)),
            options: Owner::ALL,
            number: self.shown,
        })
    }

    /// Answers the current prompt and updates `boxes` (see the module docs).
    pub fn answer(&mut self, boxes: &mut Boxes, owner: Owner) -> Result<DrillFeedback, DrillError> {
        let idx = self.current.take().ok_or(DrillError::NoPrompt)?;
        let Some(c) = self.cells.get_mut(idx) else {
            return Err(DrillError::NoPrompt);
        };
        let correct = owner == c.owner;
        if !c.answered {
            c.leitner_box = boxes.record(&c.key, correct);
            c.answered = true;
        } else if !correct {
            c.leitner_box = 1;
            boxes.set(&c.key, 1);
        }
        if correct {
            self.right += 1;
            c.streak += 1;
            if c.streak >= 2 {
                c.mastered = true;
            } else {
                self.queue.push_back(idx);
            }
        } else {
            self.wrong += 1;
            c.streak = 0;
            c.misses += 1;
            let at = RETRY_GAP.min(self.queue.len());
            self.queue.insert(at, idx);
        }
        Ok(DrillFeedback {
            key: c.key.clone(),
            correct,
            chosen: owner,
            right: c.owner,
            why: c.why.clone(),
            new_box: c.leitner_box,
            mastered: c.mastered,
        })
    }

    /// True once every cell of the session is mastered.
    pub fn is_done(&self) -> bool {
        self.current.is_none() && self.queue.is_empty()
    }

    pub fn summary(&self) -> DrillSummary {
        let mut weakest: Vec<WeakCell> = self
            .cells
            .iter()
            .filter(|c| c.misses > 0)
            .map(|c| WeakCell {
                key: c.key.clone(),
                misses: c.misses,
                leitner_box: c.leitner_box,
                start_box: c.start_box,
                right: c.owner,
                why: c.why.clone(),
            })
            .collect();
        weakest.sort_by(|a, b| {
            b.misses
                .cmp(&a.misses)
                .then(priority(a.start_box).cmp(&priority(b.start_box)))
                .then_with(|| a.key.cmp(&b.key))
        });
        DrillSummary {
            asked: self.right + self.wrong,
            right: self.right,
            wrong: self.wrong,
            cells: self.cells.len(),
            mastered: self.cells.iter().filter(|c| c.mastered).count(),
            finished: self.is_done(),
            weakest,
        }
    }

    /// Ends the session early (an unanswered prompt is dropped).
    pub fn stop(self) -> DrillSummary {
        self.summary()
    }
}

/// "Runtime & middleware" -> "runtime & middleware", but "IAM policies" stays:
/// only a capitalised word, not an acronym, is lowered mid-sentence.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), b) if a.is_uppercase() && !b.is_some_and(char::is_uppercase) => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}
