//! The self-assessment engine: validation, draw, session, marks, calibration,
//! report, results store and export. `UPDATE_SCHEMAS=1 cargo test --test
//! assess_engine` rewrites `assets/assessment.schema.json` after a model change.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use common::quiz_from;
use handoff::assess::draw::{DrawnQuestion, draw};
use handoff::assess::export::{civil_from_days, date_time, results_lines, rfc3339, rows, write_csv, write_json};
use handoff::assess::model::AssessmentFile;
use handoff::assess::record::AssessmentAttempt;
use handoff::assess::report::{AttemptSummary, Calibration, Report, judge, sparkline};
use handoff::assess::schema::assessment_schema;
use handoff::assess::score::{cbm_mark, totals};
use handoff::assess::session::{AssessmentSession, Certainty, InProgress, SessionError};
use handoff::assess::validate::validate_assessment;
use handoff::assess::{BUILTIN_ASSESSMENT, course_topics, validate_for_course};
use handoff::progress::CourseProgress;
use handoff::quiz::attempt::Attempt;
use handoff::quiz::model::{Question, QuestionKind, Quiz};
use handoff::quiz::score::Response;

use Certainty::{High, Low, Medium};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> Vec<u8> {
    let path = root().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture_quizzes() -> Vec<Quiz> {
    vec![
        quiz_from("layers", include_str!("fixtures/assess/layers.json")),
        quiz_from("people", include_str!("fixtures/assess/people.json")),
    ]
}

fn fixture_def() -> AssessmentFile {
    serde_json::from_str(include_str!("fixtures/assess/assessment.json")).expect("fixture assessment parses")
}

fn builtin_def() -> AssessmentFile {
    serde_json::from_str(BUILTIN_ASSESSMENT).expect("shipped assessment parses")
}

/// A fully right response.
fn right(q: &Question) -> Response {
    match &q.kind {
        QuestionKind::Single { options } => Response::Choice(options.iter().position(|o| o.correct).unwrap_or(0)),
        QuestionKind::Multiple { options } => {
            Response::Choices(options.iter().enumerate().filter(|(_, o)| o.correct).map(|(i, _)| i).collect())
        }
        QuestionKind::TrueFalse { answer } => Response::Bool(*answer),
        QuestionKind::Matching { categories, items } => {
            Response::Matches(items.iter().map(|it| categories.iter().position(|c| *c == it.answer)).collect())
        }
    }
}

/// A response scoring 0.
fn wrong(q: &Question) -> Response {
    match &q.kind {
        QuestionKind::Single { options } => Response::Choice(options.iter().position(|o| !o.correct).unwrap_or(0)),
        QuestionKind::Multiple { options } => {
            Response::Choices(options.iter().enumerate().filter(|(_, o)| !o.correct).map(|(i, _)| i).collect())
        }
        QuestionKind::TrueFalse { answer } => Response::Bool(!answer),
        QuestionKind::Matching { items, .. } => Response::Matches(vec![None; items.len()]),
    }
}

fn position(session: &AssessmentSession, key: &str) -> usize {
    session.questions().iter().position(|d| d.key() == key).unwrap_or_else(|| panic!("{key} drawn"))
}

fn question<'s>(session: &'s AssessmentSession, key: &str) -> &'s Question {
    &session.questions()[position(session, key)].question
}

/// The fixed answer set the exact numbers below are worked out for:
/// l1 right/high 3, l2 wrong/high -6, l3 half right/medium -2 (partial is
/// wrong for CBM), l4 right/medium 2, p1 right/low 1, p2 wrong/low 0, p3 none.
fn mixed_session(seed: u64) -> AssessmentSession {
    let mut s = AssessmentSession::new(&fixture_def(), &fixture_quizzes(), seed, 1_000);
    let set = |s: &mut AssessmentSession, key: &str, r: Response, c: Certainty| {
        let pos = position(s, key);
        s.answer(pos, r, c).expect("answer fits");
    };
    let r = right(question(&s, "layers/l1"));
    set(&mut s, "layers/l1", r, High);
    let r = wrong(question(&s, "layers/l2"));
    set(&mut s, "layers/l2", r, High);
    set(&mut s, "layers/l3", Response::Choices(vec![0]), Medium);
    let r = right(question(&s, "layers/l4"));
    set(&mut s, "layers/l4", r, Medium);
    let r = right(question(&s, "people/p1"));
    set(&mut s, "people/p1", r, Low);
    let r = wrong(question(&s, "people/p2"));
    set(&mut s, "people/p2", r, Low);
    s
}

/// (certainty, answered, right, percent, calibration)
type Level = (Certainty, usize, usize, Option<f64>, Option<Calibration>);
/// (topic, title, right, total, percent, lesson, sure but wrong)
type Topic<'a> = (&'a str, &'a str, usize, usize, f64, Option<&'a str>, usize);

fn keys(drawn: &[DrawnQuestion]) -> Vec<String> {
    drawn.iter().map(DrawnQuestion::key).collect()
}

// ---- validation and schema ---------------------------------------------------

#[test]
fn shipped_assessment_validates_clean_against_the_shipped_course() {
    let course = handoff::course::load_builtin();
    let bytes = read("assets/assessment.json");
    assert_eq!(bytes, BUILTIN_ASSESSMENT.as_bytes());
    let (def, diags) = validate_for_course(&course, "assets/assessment.json", &bytes);
    assert!(diags.is_empty(), "{diags:?}");
    let def = def.expect("loads");
    assert_eq!(def.title, "Self-assessment: the shared responsibility model");
    assert_eq!((def.pass_mark, def.time_limit_minutes, def.question_count()), (70.0, Some(30), 24));
    let lessons: Vec<&str> = course.lessons.iter().map(|l| l.id.as_str()).collect();
    for t in &def.topics {
        assert_eq!(t.count, 3);
        assert!(t.title.is_some());
        // Each topic's lesson is the lesson whose quiz uses the topic as first tag.
        let lesson = t.lesson.as_deref().expect("lesson");
        assert!(lessons.contains(&lesson));
        let quiz = course.quizzes.iter().find(|q| q.file.lesson.as_deref() == Some(lesson)).expect("quiz");
        assert_eq!(quiz.file.questions[0].topics[0], t.topic);
    }
    let topics: Vec<&str> = def.topics.iter().map(|t| t.topic.as_str()).collect();
    assert_eq!(
        topics,
        [
            "shared-responsibility",
            "service-models",
            "provider-differences",
            "finding-controls",
            "trust-but-verify",
            "organisation",
            "incidents",
            "handoff-worksheet"
        ]
    );
}

fn broken(name: &str, expected: &[&str]) {
    let course = handoff::course::load_builtin();
    let shown = format!("broken/{name}");
    let (def, diags) = validate_for_course(&course, &shown, &read(&format!("tests/fixtures/assess/{shown}")));
    let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(lines, expected, "diagnostics for {name}");
    assert!(def.is_none(), "{name} has errors, so no assessment");
}

#[test]
fn broken_assessments_give_located_messages() {
    broken(
        "unknown-field.json",
        &[
            "broken/unknown-field.json:1:1: $: missing required field 'pass_mark' (hint: add \"pass_mark\": the percentage needed to pass, e.g. 70)",
            "broken/unknown-field.json:4:3: pass_mrak: unknown field 'pass_mrak' in an assessment (hint: did you mean 'pass_mark'?)",
            "broken/unknown-field.json:6:67: topics[0].titel: unknown field 'titel' in a topic (hint: did you mean 'title'?)",
        ],
    );
    broken(
        "unknown-topic.json",
        &[
            "broken/unknown-topic.json:6:16: topics[0].topic: unknown topic 'servce-models': no quiz question has it as its first topic (hint: did you mean 'service-models'?)",
            "broken/unknown-topic.json:7:16: topics[1].topic: unknown topic 'cryptography': no quiz question has it as its first topic (hint: topics: 'finding-controls', 'handoff-worksheet', 'incidents', 'organisation', 'provider-differences', 'service-models', 'shared-responsibility', 'trust-but-verify')",
        ],
    );
    broken(
        "counts.json",
        &[
            "broken/counts.json:6:38: topics[0].count: asks for 11 'incidents' questions but the course has 10",
            "broken/counts.json:7:41: topics[1].count: count is 0; draw at least one question (or leave the topic out)",
            "broken/counts.json:8:43: topics[2].count: expected a whole number, found '2.5'",
            "broken/counts.json:9:45: topics[3].count: expected a whole number, found '-1'",
        ],
    );
    broken(
        "pass-mark.json",
        &[
            "broken/pass-mark.json:4:16: pass_mark: pass_mark 120 is outside 0..=100 (it is a percentage)",
            "broken/pass-mark.json:5:25: time_limit_minutes: time_limit_minutes is 0 (hint: leave the field out for no time limit)",
        ],
    );
    broken(
        "duplicate-topic.json",
        &["broken/duplicate-topic.json:7:16: topics[1].topic: duplicate topic 'incidents' (first on line 6)"],
    );
    broken(
        "unknown-lesson.json",
        &[
            "broken/unknown-lesson.json:6:56: topics[0].lesson: unknown lesson '02-service-model' (hint: did you mean '02-service-models'?)",
            "broken/unknown-lesson.json:7:51: topics[1].lesson: unknown lesson '99-nothing-like-it' (hint: lessons: '01-shared-responsibility', '02-service-models', '03-providers-differ', '04-finding-controls', '05-trust-but-verify', '06-inside-the-organisation', '07-incidents', '08-write-down-your-handoff')",
        ],
    );
    broken(
        "wrong-types.json",
        &[
            "broken/wrong-types.json:2:13: format: unsupported format version 2; this handoff reads format 1",
            "broken/wrong-types.json:3:12: title: title is empty",
            "broken/wrong-types.json:4:16: pass_mark: expected a number (a percentage), found a string",
            "broken/wrong-types.json:6:16: topics[0].topic: expected a string, found a number",
            "broken/wrong-types.json:6:28: topics[0].count: expected a whole number, found a string",
            "broken/wrong-types.json:6:42: topics[0].title: expected a string, found a number",
            "broken/wrong-types.json:7:5: topics[1]: expected an object (a topic to draw from), found a string",
        ],
    );
    broken(
        "empty-topics.json",
        &[
            "broken/empty-topics.json:1:1: $: missing required field 'pass_mark' (hint: add \"pass_mark\": the percentage needed to pass, e.g. 70)",
            "broken/empty-topics.json:4:13: topics: topics is empty; draw from at least one topic",
        ],
    );
    broken("syntax.json", &["broken/syntax.json:6:41: topics: trailing comma before ']' is not allowed in JSON"]);
}

#[test]
fn count_is_checked_against_the_topics_given() {
    // The brief's example: a course with only 3 incident questions.
    let topics = BTreeMap::from([("incidents".to_string(), 3)]);
    let text = "{\"format\": 1, \"title\": \"t\", \"pass_mark\": 50,\n \"topics\": [{\"topic\": \"incidents\", \"count\": 5}]}";
    let (def, diags) = validate_assessment("a.json", text.as_bytes(), &topics, &[]);
    assert!(def.is_none());
    let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(lines, ["a.json:2:45: topics[0].count: asks for 5 'incidents' questions but the course has 3"]);
    // No lesson ids: lessons are not checked. A hostile file is an error, not a crash.
    let ok = "{\"format\": 1, \"title\": \"t\", \"pass_mark\": 0, \"topics\": [{\"topic\": \"incidents\", \"count\": 3, \"lesson\": \"x\"}]}";
    assert!(validate_assessment("a.json", ok.as_bytes(), &topics, &[]).0.is_some());
    for hostile in [&b""[..], b"\0\xff", b"[[[[[[", b"null", b"{\"format\": 1e999}"] {
        let (def, diags) = validate_assessment("h.json", hostile, &topics, &[]);
        assert!(def.is_none() && !diags.is_empty());
    }
}

#[test]
fn course_topics_count_first_tags_only() {
    let topics = course_topics(&fixture_quizzes());
    // p3 is tagged ["people", "layers"]: it counts for people only.
    assert_eq!(topics, BTreeMap::from([("layers".to_string(), 4), ("people".to_string(), 3)]));
    let builtin = course_topics(&handoff::course::load_builtin().quizzes);
    assert_eq!(builtin.len(), 8);
    assert!(builtin.values().all(|&n| n == 10), "{builtin:?}");
}

#[test]
fn assessment_schema_is_up_to_date() {
    let generated = assessment_schema();
    let path = root().join("assets/assessment.schema.json");
    if std::env::var("UPDATE_SCHEMAS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == generated,
        "{} is out of date with src/assess/model.rs; run `UPDATE_SCHEMAS=1 cargo test --test assess_engine` and commit it",
        path.display()
    );
    let schema: serde_json::Value = serde_json::from_str(&generated).unwrap_or_default();
    assert!(schema["title"].as_str().is_some_and(|t| t.starts_with("handoff")));
    assert!(schema["description"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
}

// ---- draw ---------------------------------------------------------------------

#[test]
fn draw_by_topic_counts_no_repeats_and_seeded() {
    let course = handoff::course::load_builtin();
    let def = builtin_def();
    let drawn = draw(&def, &course.quizzes, 7);
    assert_eq!(drawn.len(), 24);
    for t in &def.topics {
        let here: Vec<&DrawnQuestion> = drawn.iter().filter(|d| d.topic == t.topic).collect();
        assert_eq!(here.len(), 3, "{}", t.topic);
        // Drawn by FIRST topic tag only.
        assert!(here.iter().all(|d| d.question.topics[0] == t.topic));
        assert!(here.iter().all(|d| d.lesson == t.lesson), "quiz lessons match topic lessons here");
    }
    let unique: HashSet<String> = keys(&drawn).into_iter().collect();
    assert_eq!(unique.len(), 24, "no question twice");
    for d in &drawn {
        let mut order = d.order.clone();
        order.sort_unstable();
        let n = match &d.question.kind {
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => options.len(),
            QuestionKind::Matching { items, .. } => items.len(),
            QuestionKind::TrueFalse { .. } => 0,
        };
        assert_eq!(order, (0..n).collect::<Vec<_>>(), "order is a permutation");
    }
    assert_eq!(draw(&def, &course.quizzes, 7), drawn, "same seed, same draw");
    let others: HashSet<Vec<String>> = (8..12).map(|s| keys(&draw(&def, &course.quizzes, s))).collect();
    assert!(!others.contains(&keys(&drawn)) && others.len() > 1, "different seeds differ");
}

#[test]
fn a_question_is_drawn_at_most_once() {
    let course = handoff::course::load_builtin();
    let mut def = builtin_def();
    // Everything twice over: a repeated topic gets nothing new the second time.
    def.topics = vec![def.topics[6].clone(), def.topics[6].clone()];
    def.topics[0].count = 10;
    def.topics[1].count = 10;
    let drawn = draw(&def, &course.quizzes, 3);
    assert_eq!(drawn.len(), 10);
    // 'unknown-saas' is tagged organisation first, service-models second: never a service-models question.
    let mut def = builtin_def();
    def.topics = vec![def.topics[1].clone()];
    def.topics[0].count = 10;
    for seed in 0..5 {
        let drawn = draw(&def, &course.quizzes, seed);
        assert_eq!(drawn.len(), 10);
        assert!(drawn.iter().all(|d| d.quiz_id == "02-service-models"));
    }
    // Asking for more than a topic has gives what it has, without panicking.
    let mut def = fixture_def();
    def.topics[1].count = 99;
    assert_eq!(draw(&def, &fixture_quizzes(), 1).len(), 7);
}

#[test]
fn lesson_is_the_questions_then_the_quizzes_then_the_topics() {
    let drawn = draw(&fixture_def(), &fixture_quizzes(), 5);
    let lesson = |key: &str| drawn.iter().find(|d| d.key() == key).and_then(|d| d.lesson.clone());
    assert_eq!(lesson("layers/l1").as_deref(), Some("02-layers"));
    assert_eq!(lesson("layers/l2").as_deref(), Some("03-special"));
    assert_eq!(lesson("people/p1").as_deref(), Some("04-people"));
    // Topic order first, shuffled within a topic.
    let topics: Vec<&str> = drawn.iter().map(|d| d.topic.as_str()).collect();
    assert_eq!(topics, ["layers", "layers", "layers", "layers", "people", "people", "people"]);
}

// ---- marks and calibration ---------------------------------------------------

#[test]
fn cbm_marks_follow_gardner_medwin() {
    let table: Vec<(i32, i32)> = Certainty::ALL.iter().map(|&c| (cbm_mark(true, c), cbm_mark(false, c))).collect();
    assert_eq!(table, [(1, 0), (2, -2), (3, -6)]);
    // Break-even points are exact: medium from 2/3 right, high from 4/5.
    assert_eq!(judge(Low, 2, 3), Calibration::Well);
    assert_eq!(judge(Low, 3, 4), Calibration::Under);
    assert_eq!(judge(Medium, 1, 2), Calibration::Over);
    assert_eq!(judge(Medium, 2, 3), Calibration::Well);
    assert_eq!(judge(Medium, 4, 5), Calibration::Well);
    assert_eq!(judge(Medium, 5, 6), Calibration::Under);
    assert_eq!(judge(High, 4, 5), Calibration::Well);
    assert_eq!(judge(High, 3, 4), Calibration::Over);
    assert!(!totals(&[], 50.0).passed, "nothing asked is not a pass");
}

#[test]
fn mixed_answers_give_exact_marks_calibration_and_ranking() {
    for seed in [1, 2, 99] {
        let session = mixed_session(seed);
        assert_eq!(session.unanswered(), vec![position(&session, "people/p3")]);
        let (attempt, report) = session.submit(2_000, Some("Ann".into()));
        // (1 + 0 + 0.5 + 1 + 1 + 0 + 0) / 7
        assert_eq!(report.percent, 50.0);
        assert!(!report.passed, "pass mark is 60");
        assert_eq!((report.questions, report.answered), (7, 6));
        assert_eq!(report.cbm_total, 3 - 6 - 2 + 2 + 1);
        assert!((report.cbm_average - (-2.0 / 7.0)).abs() < 1e-12);

        let levels: Vec<Level> =
            report.calibration.iter().map(|l| (l.certainty, l.answered, l.right, l.percent, l.calibration)).collect();
        assert_eq!(
            levels,
            [
                (Low, 2, 1, Some(50.0), Some(Calibration::Well)),
                (Medium, 2, 1, Some(50.0), Some(Calibration::Over)),
                (High, 2, 1, Some(50.0), Some(Calibration::Over)),
            ]
        );
        assert_eq!(
            report.verdicts,
            [
                "over-confident: right only 50% of the time when sure (high certainty pays off above 80%)",
                "over-confident: right only 50% of the time when fairly sure (medium certainty pays off from 67%)",
                "over-confident on layers: 1 answer given with high certainty was not right",
            ]
        );

        let topics: Vec<Topic> = report
            .per_topic
            .iter()
            .map(|t| {
                (t.topic.as_str(), t.title.as_str(), t.right, t.total, t.percent, t.lesson.as_deref(), t.sure_but_wrong)
            })
            .collect();
        assert_eq!(
            topics,
            [
                ("layers", "Layers", 2, 4, 62.5, Some("02-layers"), 1),
                ("people", "people", 1, 3, 100.0 / 3.0, Some("04-people"), 0),
            ]
        );

        // Sure mistakes outrank more unsure ones: lost marks 9 vs 3 + 3 vs 5.
        let reread: Vec<(&str, &str, u32)> =
            report.reread.iter().map(|r| (r.lesson.as_str(), r.reason.as_str(), r.weight)).collect();
        assert_eq!(
            reread,
            [
                ("03-special", "missed 1 of 1 question, 1 of them with high certainty", 9),
                ("04-people", "missed 2 of 3 questions", 6),
                ("02-layers", "missed 1 of 3 questions", 5),
            ]
        );

        let mut missed: Vec<(&str, &str, Option<Certainty>, f64)> = report
            .missed
            .iter()
            .map(|m| (m.question.as_str(), m.your_answer_text.as_str(), m.certainty, m.score))
            .collect();
        missed.sort_by(|a, b| a.0.cmp(b.0));
        assert_eq!(
            missed,
            [
                ("layers/l2", "True", Some(High), 0.0),
                ("layers/l3", "Data, \"classified\"", Some(Medium), 0.5),
                ("people/p2", "True", Some(Low), 0.0),
                ("people/p3", "(no answer)", None, 0.0),
            ]
        );
        let l3 = report.missed.iter().find(|m| m.question == "layers/l3").expect("l3 missed");
        assert_eq!(l3.right_answer, "Data, \"classified\"; Identity and access");
        assert_eq!(l3.explanation, "Data and identity never move to the provider.");
        assert_eq!(l3.lesson.as_deref(), Some("02-layers"));

        // The stored attempt agrees with the report.
        assert_eq!((attempt.percent, attempt.cbm_total, attempt.passed, attempt.questions), (50.0, -2, false, 7));
        assert_eq!((attempt.seed, attempt.started, attempt.finished), (seed, 1_000, 2_000));
        assert_eq!(attempt.learner.as_deref(), Some("Ann"));
        assert_eq!(attempt.answers.len(), 6);
        let l3 = attempt.answers.iter().find(|a| a.question == "layers/l3").expect("stored");
        assert_eq!((l3.score, l3.right, l3.cbm, l3.certainty), (0.5, false, -2, Medium));
        assert_eq!(l3.topic, "layers");
        // And the report can be rebuilt from it.
        assert_eq!(Report::from_attempt(&fixture_def(), &fixture_quizzes(), &attempt), report);
    }
}

#[test]
fn all_sure_and_right_passes_well_calibrated() {
    let mut s = AssessmentSession::new(&fixture_def(), &fixture_quizzes(), 4, 0);
    for pos in 0..s.len() {
        let r = right(&s.questions()[pos].question);
        s.answer(pos, r, High).expect("fits");
    }
    let (attempt, report) = s.submit(60, None);
    assert_eq!((report.percent, report.passed, report.cbm_total, report.cbm_average), (100.0, true, 21, 3.0));
    assert_eq!(report.verdicts, ["well calibrated: how sure you were matched how often you were right"]);
    assert!(report.missed.is_empty() && report.reread.is_empty());
    assert!(attempt.passed);
}

#[test]
fn under_confidence_and_no_answers() {
    let mut s = AssessmentSession::new(&fixture_def(), &fixture_quizzes(), 4, 0);
    for pos in 0..s.len() {
        let r = right(&s.questions()[pos].question);
        let c = if pos < 4 { Low } else { Medium };
        s.answer(pos, r, c).expect("fits");
    }
    assert_eq!(
        s.report().verdicts,
        [
            "under-confident: right 100% of the time when fairly sure; high certainty would have earned more",
            "under-confident: right 100% of the time when unsure; medium or high certainty would have earned more",
        ]
    );
    let empty = AssessmentSession::new(&fixture_def(), &fixture_quizzes(), 4, 0);
    let (attempt, report) = empty.submit(5, None);
    assert_eq!((report.percent, report.cbm_total, report.passed), (0.0, 0, false));
    assert_eq!(report.verdicts, ["no answers, so nothing to say about calibration"]);
    assert_eq!(report.missed.len(), 7);
    assert!(attempt.answers.is_empty());
    assert_eq!(attempt.questions, 7);
}

#[test]
fn exact_pass_mark_passes() {
    // 70% of 10 is a float trap (7 / 10 * 100 != 70); it must pass at 70.
    let def = AssessmentFile { pass_mark: 70.0, ..builtin_def() };
    let course = handoff::course::load_builtin();
    let mut def = def;
    def.topics = vec![def.topics[0].clone()];
    def.topics[0].count = 10;
    let mut s = AssessmentSession::new(&def, &course.quizzes, 1, 0);
    for pos in 0..10 {
        let q = &s.questions()[pos].question;
        let r = if pos < 7 { right(q) } else { wrong(q) };
        s.answer(pos, r, Medium).expect("fits");
    }
    let (attempt, _) = s.submit(1, None);
    assert!(attempt.passed, "{}", attempt.percent);
}

// ---- session: change, resume, time -------------------------------------------

#[test]
fn answers_can_change_until_submitted() {
    let mut s = AssessmentSession::new(&fixture_def(), &fixture_quizzes(), 8, 0);
    let pos = position(&s, "layers/l1");
    let q = question(&s, "layers/l1").clone();
    s.answer(pos, wrong(&q), High).expect("fits");
    s.answer(pos, right(&q), Low).expect("fits");
    s.answer(pos, right(&q), Medium).expect("fits");
    assert_eq!(s.answer_at(pos), Some(&(right(&q), Medium)));
    assert_eq!(s.unanswered().len(), 6);
    s.clear(pos);
    assert_eq!(s.unanswered().len(), 7);
    s.answer(pos, right(&q), Medium).expect("fits");
    // Answers that do not fit the question are refused, not stored.
    assert_eq!(s.answer(99, right(&q), Low), Err(SessionError::NoSuchQuestion(99)));
    assert_eq!(s.answer(pos, Response::Bool(true), Low), Err(SessionError::DoesNotFit(pos)));
    assert_eq!(s.answer(pos, Response::Choice(3), Low), Err(SessionError::DoesNotFit(pos)));
    let m = position(&s, "layers/l4");
    assert_eq!(s.answer(m, Response::Matches(vec![Some(0)]), Low), Err(SessionError::DoesNotFit(m)));
    assert_eq!(s.answer(m, Response::Matches(vec![Some(0), Some(2)]), Low), Err(SessionError::DoesNotFit(m)));
    let (attempt, _) = s.submit(1, None);
    assert_eq!(attempt.answers.len(), 1);
    assert_eq!((attempt.answers[0].cbm, attempt.answers[0].right), (2, true));
}

#[test]
fn an_unfinished_attempt_resumes_through_serde() {
    let s = mixed_session(21);
    let saved = s.snapshot(1_600, 3);
    assert_eq!((saved.seed, saved.started, saved.elapsed, saved.position), (21, 1_000, 600, 3));
    assert_eq!(saved.answers.len(), 6);
    let json = serde_json::to_string(&saved).expect("serialises");
    let back: InProgress = serde_json::from_str(&json).expect("parses");
    assert_eq!(back, saved);
    let resumed = AssessmentSession::resume(&fixture_def(), &fixture_quizzes(), &back, 50_000);
    assert_eq!(keys(resumed.questions()), keys(s.questions()), "same questions, same order");
    assert_eq!(resumed.answers(), s.answers(), "same answers");
    assert_eq!((resumed.started(), resumed.seed(), resumed.dropped()), (1_000, 21, 0));
    // The clock stopped while saved: 600 s used, 10 minutes allowed.
    assert_eq!(resumed.time_used(50_000), 600);
    assert_eq!(resumed.time_left(50_000), Some(0));
    assert!(resumed.is_over_time(50_000));
    assert_eq!(s.time_left(1_300), Some(300));
    // A minimal snapshot (the brief's three fields) still loads.
    let minimal: InProgress = serde_json::from_str(r#"{"seed": 21, "started": 5, "answers": []}"#).expect("parses");
    assert_eq!((minimal.id.as_str(), minimal.elapsed, minimal.position), ("assessment", 0, 0));
}

#[test]
fn resume_drops_answers_the_course_no_longer_has() {
    let s = mixed_session(2);
    let mut saved = s.snapshot(1_000, 0);
    saved.answers[0].question = "gone/question".into();
    saved.answers[1].response = Response::Choices(vec![42]);
    let resumed = AssessmentSession::resume(&fixture_def(), &fixture_quizzes(), &saved, 1_000);
    assert_eq!(resumed.dropped(), 2);
    assert_eq!(resumed.unanswered().len(), 3);
}

#[test]
fn progress_keeps_attempts_and_the_unfinished_one() {
    let (attempt, _) = mixed_session(3).submit(2_000, None);
    let mut p = CourseProgress::default();
    // Nothing new is written for learners who never took the assessment.
    let json = serde_json::to_value(&p).expect("serialises");
    assert!(json.get("assessments").is_none() && json.get("assessment_in_progress").is_none());
    p.assessments.push(attempt);
    p.assessment_in_progress = Some(mixed_session(4).snapshot(1_200, 2));
    let text = serde_json::to_string(&p).expect("serialises");
    let back: CourseProgress = serde_json::from_str(&text).expect("parses");
    assert_eq!(back, p);
    // Older progress files load unchanged.
    let old: CourseProgress = serde_json::from_str(r#"{"lessons": {}}"#).expect("parses");
    assert!(old.assessments.is_empty() && old.assessment_in_progress.is_none());
}

// ---- report ---------------------------------------------------------------------

#[test]
fn markdown_report_has_every_section() {
    let (attempt, report) = mixed_session(5).submit(1_795_615_320, None);
    let earlier = AssessmentAttempt { percent: 0.0, finished: 1_795_000_000, passed: false, ..attempt.clone() };
    let best = AssessmentAttempt { percent: 100.0, finished: 1_795_700_000, passed: true, ..attempt.clone() };
    let history = AttemptSummary::history(&[best, attempt, earlier], "assessment");
    assert_eq!(history.iter().map(|h| h.percent).collect::<Vec<_>>(), [0.0, 50.0, 100.0]);
    let md = report.to_markdown(&history);
    for needle in [
        "# Fixture assessment\n",
        "**Score: 50% (not passed; the pass mark is 60%).**",
        "Answered 6 of 7 questions.",
        "Certainty-based marks: -2 of a possible 21 (average -0.29 per question, from -6 to 3).",
        "## Results by topic\n\n| Topic | Right | Score | Sure but wrong | Lesson |\n| --- | ---: | ---: | ---: | --- |\n",
        "| Layers | 2 of 4 | 63% | 1 | 02-layers |\n",
        "| people | 1 of 3 | 33% | 0 | 04-people |\n",
        "## Calibration\n",
        "| high | 2 | 1 | 50% | above 80% | over-confident |\n",
        "| low | 2 | 1 | 50% | below 67% | about right |\n",
        "- over-confident on layers: 1 answer given with high certainty was not right\n",
        "## Questions to review\n",
        "> Under SaaS the customer secures the application code.\n\n- Your answer: True (high certainty)\n- Right answer: False\n- Why: The provider writes and runs a SaaS application.\n- Re-read: 03-special\n",
        "- Your answer: Data, \"classified\" (medium certainty; partly right, 50%)\n",
        "- Your answer: (no answer)\n",
        "## Lessons to re-read\n\n1. 03-special: missed 1 of 1 question, 1 of them with high certainty\n2. 04-people: missed 2 of 3 questions\n3. 02-layers: missed 1 of 3 questions\n",
        "## History\n\nScores, oldest first: ▁▅█\n",
        "| 2026-11-25 14:02 | 50% | -0.29 | fail |\n",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    assert!(!report.to_markdown(&[]).contains("## History"));
    assert_eq!(sparkline(&[0.0, 14.0, 30.0, 43.0, 57.0, 71.0, 86.0, 100.0, f64::NAN, 250.0]), "▁▂▃▄▅▆▇█▁█");
}

// ---- export -------------------------------------------------------------------

/// RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            c => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[test]
fn the_csv_reader_reads_rfc_4180() {
    assert_eq!(
        parse_csv("a,\"b,c\",\"d\"\"e\"\r\n\"x\r\ny\",,z\r\n"),
        [vec!["a", "b,c", "d\"e"], vec!["x\r\ny", "", "z"]]
    );
}

fn export_progress() -> CourseProgress {
    let mut p = CourseProgress::default();
    let (mut attempt, _) = mixed_session(6).submit(1_795_615_320, Some("Ann \"A\", tester\nline two".into()));
    attempt.learner = Some("Ann \"A\", tester\nline two".into());
    p.assessments.push(attempt);
    let quizzes = fixture_quizzes();
    let mut quiz_attempt = Attempt::new(&quizzes[0], 1).starting_at(1_795_617_000);
    for pos in 0..2 {
        let q = quiz_attempt.presented()[pos].question.clone();
        quiz_attempt.answer(pos, right(&q)).expect("answer");
    }
    // Unfinished quiz attempts are listed too.
    p.quiz_results.push(quiz_attempt.finish(1_795_617_000));
    let mut done = Attempt::new(&quizzes[1], 2).starting_at(1_795_600_000);
    for pos in 0..3 {
        let q = done.presented()[pos].question.clone();
        done.answer(pos, wrong(&q)).expect("answer");
    }
    p.quiz_results.push(done.finish(1_795_600_100));
    p
}

#[test]
fn csv_export_round_trips() {
    let p = export_progress();
    let rows = rows(&p, &fixture_quizzes(), Some("Bob"));
    // One row per attempt per answered question: 3 + 6 + 2.
    assert_eq!(rows.len(), 11);
    let mut out = Vec::new();
    write_csv(&rows, &mut out).expect("in-memory io");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.ends_with("\r\n"));
    let records = parse_csv(&text);
    assert_eq!(records.len(), 12);
    assert_eq!(
        records[0],
        ["learner", "kind", "id", "question", "answer", "correct", "certainty", "score", "cbm", "timestamp"]
    );
    assert!(records.iter().all(|r| r.len() == 10));
    // Sorted by time: the people quiz (09:48), then the assessment, then the layers quiz.
    let kinds: Vec<(&str, &str)> = records[1..].iter().map(|r| (r[1].as_str(), r[2].as_str())).collect();
    assert_eq!(kinds[..3], [("quiz", "people"); 3]);
    assert_eq!(kinds[3..9], [("assessment", "assessment"); 6]);
    assert_eq!(kinds[9..], [("quiz", "layers"); 2]);
    let quiz_row = &records[1];
    assert_eq!(quiz_row[0], "Bob");
    assert_eq!(
        (quiz_row[5].as_str(), quiz_row[6].as_str(), quiz_row[7].as_str(), quiz_row[8].as_str()),
        ("false", "", "0", "")
    );
    assert_eq!(quiz_row[9], "2026-11-25T09:48:20Z");
    let find = |q: &str| records.iter().find(|r| r[3] == q).unwrap_or_else(|| panic!("row {q}"));
    let l3 = find("layers/l3");
    assert_eq!(l3[0], "Ann \"A\", tester\nline two", "quotes, commas and newlines survive");
    assert_eq!(l3[4], "Data, \"classified\"");
    assert_eq!((l3[5].as_str(), l3[6].as_str(), l3[7].as_str(), l3[8].as_str()), ("false", "medium", "0.5", "-2"));
    assert_eq!(l3[9], "2026-11-25T14:02:00Z");
    let l4 = find("layers/l4");
    assert_eq!(l4[4], "Operating system → Customer; Physical servers → Provider");
    assert_eq!((l4[5].as_str(), l4[6].as_str(), l4[8].as_str()), ("true", "medium", "2"));
    let l1 = find("layers/l1");
    assert_eq!((l1[4].as_str(), l1[6].as_str(), l1[8].as_str()), ("The customer", "high", "3"));
}

#[test]
fn json_export_round_trips() {
    let p = export_progress();
    let rows = rows(&p, &fixture_quizzes(), None);
    let mut out = Vec::new();
    write_json(&rows, &mut out).expect("in-memory io");
    let back: Vec<serde_json::Value> = serde_json::from_slice(&out).expect("a JSON array");
    assert_eq!(back.len(), 11);
    let l3 = back.iter().find(|r| r["question"] == "layers/l3").expect("l3");
    assert_eq!(
        *l3,
        serde_json::json!({
            "learner": "Ann \"A\", tester\nline two",
            "kind": "assessment",
            "id": "assessment",
            "question": "layers/l3",
            "answer": "Data, \"classified\"",
            "correct": false,
            "certainty": "medium",
            "score": 0.5,
            "cbm": -2,
            "timestamp": "2026-11-25T14:02:00Z"
        })
    );
    let quiz_row = &back[0];
    assert_eq!((quiz_row["kind"].as_str(), quiz_row["learner"].as_str()), (Some("quiz"), Some("")));
    assert!(quiz_row["certainty"].is_null() && quiz_row["cbm"].is_null());
}

#[test]
fn an_answer_to_a_question_the_course_lost_is_still_exported() {
    let p = export_progress();
    let rows = rows(&p, &[], None);
    assert_eq!(rows.len(), 11);
    let l3 = rows.iter().find(|r| r.question == "layers/l3").expect("l3");
    assert_eq!(l3.answer, "options 1");
}

#[test]
fn results_lines_one_per_attempt_by_time() {
    let p = export_progress();
    assert_eq!(
        results_lines(&p),
        [
            "2026-11-25 09:48  quiz        people             0%",
            "2026-11-25 14:02  assessment  self-assessment   50%  fail",
            "2026-11-25 14:30  quiz        layers            50%  unfinished",
        ]
    );
    assert!(results_lines(&CourseProgress::default()).is_empty());
}

#[test]
fn timestamps_are_utc_civil_dates() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    assert_eq!(rfc3339(1_735_689_599), "2024-12-31T23:59:59Z");
    assert_eq!(rfc3339(4_102_444_800), "2100-01-01T00:00:00Z");
    assert_eq!(date_time(1_795_615_320), "2026-11-25 14:02");
    assert_eq!(civil_from_days(-1), (1969, 12, 31));
    assert_eq!(civil_from_days(59), (1970, 3, 1));
    // Every day of four centuries, against a day-by-day count.
    let (mut y, mut m, mut d) = (1970i64, 1u32, 1u32);
    for z in 0..146_097 {
        assert_eq!(civil_from_days(z), (y, m, d), "day {z}");
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let len = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        d += 1;
        if d > len {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
}
