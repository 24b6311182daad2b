//! Results for instructors and spreadsheets: one row per attempt per
//! question, for assessments and quizzes alike, as CSV (RFC 4180) or JSON;
//! and one summary line per attempt.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::progress::CourseProgress;
use crate::quiz::model::{Question, Quiz};

use super::ASSESSMENT_ID;
use super::report::{pct, raw_response, response_text};
use super::session::Certainty;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Assessment,
    Quiz,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Assessment => "assessment",
            Kind::Quiz => "quiz",
        }
    }
}

/// One answer in one attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportRow {
    /// Empty when unknown.
    pub learner: String,
    pub kind: Kind,
    /// The assessment id or the quiz id.
    pub id: String,
    /// Assessments: `quiz_id/question_id`; quizzes: the question id.
    pub question: String,
    /// Human-readable text of the response.
    pub answer: String,
    /// Fully right (score 1).
    pub correct: bool,
    /// Assessments only.
    pub certainty: Option<Certainty>,
    /// In [0, 1].
    pub score: f64,
    /// Assessments only.
    pub cbm: Option<i32>,
    /// RFC 3339 UTC, from the attempt's end.
    pub timestamp: String,
}

pub const CSV_HEADER: [&str; 10] =
    ["learner", "kind", "id", "question", "answer", "correct", "certainty", "score", "cbm", "timestamp"];

/// Every answer of every attempt (assessments and quizzes), attempts in time
/// order. `learner` names attempts that do not record one. `quizzes` turn
/// stored option indices back into text; a question the course no longer has
/// is shown by its indices ("option 2").
pub fn rows(progress: &CourseProgress, quizzes: &[Quiz], learner: Option<&str>) -> Vec<ExportRow> {
    let questions: HashMap<(&str, &str), &Question> = quizzes
        .iter()
        .flat_map(|quiz| quiz.file.questions.iter().map(move |q| ((quiz.id.as_str(), q.id.as_str()), q)))
        .collect();
    let fallback = learner.unwrap_or("");
    // (finished, stable index) keeps attempts with the same end time in stored order.
    let mut attempts: Vec<(u64, usize, Vec<ExportRow>)> = Vec::new();
    for a in &progress.assessments {
        let timestamp = rfc3339(a.finished);
        let rows = a
            .answers
            .iter()
            .map(|ans| {
                let (quiz, qid) = ans.question.split_once('/').unwrap_or(("", ans.question.as_str()));
                let answer = questions
                    .get(&(quiz, qid))
                    .map_or_else(|| raw_response(&ans.response), |q| response_text(q, &ans.response));
                ExportRow {
                    learner: a.learner.clone().unwrap_or_else(|| fallback.to_string()),
                    kind: Kind::Assessment,
                    id: a.id.clone(),
                    question: ans.question.clone(),
                    answer,
                    correct: ans.right,
                    certainty: Some(ans.certainty),
                    score: ans.score,
                    cbm: Some(ans.cbm),
                    timestamp: timestamp.clone(),
                }
            })
            .collect();
        attempts.push((a.finished, attempts.len(), rows));
    }
    for r in &progress.quiz_results {
        let timestamp = rfc3339(r.finished);
        let rows = r
            .answers
            .iter()
            .map(|ans| {
                let answer = questions
                    .get(&(r.quiz.as_str(), ans.question.as_str()))
                    .map_or_else(|| raw_response(&ans.response), |q| response_text(q, &ans.response));
                ExportRow {
                    learner: fallback.to_string(),
                    kind: Kind::Quiz,
                    id: r.quiz.clone(),
                    question: ans.question.clone(),
                    answer,
                    correct: ans.score >= 1.0,
                    certainty: None,
                    score: ans.score,
                    cbm: None,
                    timestamp: timestamp.clone(),
                }
            })
            .collect();
        attempts.push((r.finished, attempts.len(), rows));
    }
    attempts.sort_by_key(|(finished, i, _)| (*finished, *i));
    attempts.into_iter().flat_map(|(_, _, rows)| rows).collect()
}

/// CSV per RFC 4180: a header row, CRLF line ends, fields quoted when they
/// hold a comma, quote, CR or LF (quotes doubled).
pub fn write_csv<W: Write>(rows: &[ExportRow], mut out: W) -> io::Result<()> {
    write_record(&mut out, &CSV_HEADER)?;
    for r in rows {
        let score = number(r.score);
        let cbm = r.cbm.map(|c| c.to_string()).unwrap_or_default();
        let fields = [
            r.learner.as_str(),
            r.kind.label(),
            r.id.as_str(),
            r.question.as_str(),
            r.answer.as_str(),
            if r.correct { "true" } else { "false" },
            r.certainty.map_or("", Certainty::label),
            score.as_str(),
            cbm.as_str(),
            r.timestamp.as_str(),
        ];
        write_record(&mut out, &fields)?;
    }
    out.flush()
}

fn write_record<W: Write>(out: &mut W, fields: &[&str]) -> io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if f.contains([',', '"', '\r', '\n']) {
            write!(out, "\"{}\"", f.replace('"', "\"\""))?;
        } else {
            out.write_all(f.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

/// A JSON array of row objects, pretty-printed, with a trailing newline.
pub fn write_json<W: Write>(rows: &[ExportRow], mut out: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, rows).map_err(io::Error::other)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// A score for a spreadsheet: up to 4 decimals, no trailing zeros (1, 0.5, 0.3333).
fn number(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" { "0".to_string() } else { s.to_string() }
}

/// One line per attempt, oldest first, e.g.
/// `2026-11-25 14:02  assessment  self-assessment   62%  fail` or
/// `2026-11-25 14:30  quiz        02-service-models  80%`. Times are UTC.
/// Quiz attempts have no pass mark; unfinished ones say so.
pub fn results_lines(progress: &CourseProgress) -> Vec<String> {
    let mut entries: Vec<(u64, &str, String, f64, &str)> = Vec::new();
    for a in &progress.assessments {
        // The course's own assessment reads better under its everyday name.
        let name = if a.id == ASSESSMENT_ID { "self-assessment".to_string() } else { a.id.clone() };
        entries.push((a.finished, Kind::Assessment.label(), name, a.percent, if a.passed { "pass" } else { "fail" }));
    }
    for r in &progress.quiz_results {
        let status = if r.completed { "" } else { "unfinished" };
        entries.push((r.finished, Kind::Quiz.label(), r.quiz.clone(), r.percent(), status));
    }
    entries.sort_by_key(|e| e.0);
    let width = entries.iter().map(|e| e.2.chars().count()).max().unwrap_or(0);
    entries
        .into_iter()
        .map(|(finished, kind, name, percent, status)| {
            let line = format!(
                "{}  {kind:<10}  {name:<width$}  {:>4}  {status}",
                date_time(finished),
                format!("{}%", pct(percent))
            );
            line.trim_end().to_string()
        })
        .collect()
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds.
pub fn rfc3339(secs: u64) -> String {
    let (y, m, d, hh, mm, ss) = civil(secs);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

/// `YYYY-MM-DD HH:MM` (UTC) for Unix seconds.
pub fn date_time(secs: u64) -> String {
    let (y, m, d, hh, mm, _) = civil(secs);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}")
}

fn civil(secs: u64) -> (i64, u32, u32, u64, u64, u64) {
    let days = secs / 86_400;
    let rest = secs % 86_400;
    // u64 seconds / 86400 always fits an i64.
    let (y, m, d) = civil_from_days(i64::try_from(days).unwrap_or(i64::MAX));
    (y, m, d, rest / 3600, rest % 3600 / 60, rest % 60)
}

/// Year, month, day of the day `z` days after 1970-01-01 (proleptic
/// Gregorian), by Howard Hinnant's `civil_from_days`: years are counted in
/// 400-year eras that start on 1 March, so leap days fall at the end.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    // The ranges in the comments make these conversions lossless.
    (if m <= 2 { y + 1 } else { y }, m as u32, d as u32)
}
