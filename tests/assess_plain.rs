//! The assessment's plain line-by-line runner, driven by scripted input.

mod common;

use std::cell::Cell;

use common::quiz_from;
use handoff::assess::model::AssessmentFile;
use handoff::assess::plain::{Outcome, run_assessment};
use handoff::assess::session::{AssessmentSession, Certainty, InProgress};
use handoff::course::{Course, CourseOrigin};
use handoff::quiz::model::QuestionKind;

fn course() -> Course {
    Course {
        title: "Fixture".into(),
        origin: CourseOrigin::Builtin,
        lessons: Vec::new(),
        quizzes: vec![
            quiz_from("layers", include_str!("fixtures/assess/layers.json")),
            quiz_from("people", include_str!("fixtures/assess/people.json")),
        ],
        matrices: Vec::new(),
        assessment: None,
        problems: Vec::new(),
        diagnostics: Vec::new(),
    }
}

fn def(json: &str) -> AssessmentFile {
    serde_json::from_str(json).expect("assessment parses")
}

fn small() -> AssessmentFile {
    def(r#"{"format": 1, "title": "Small check", "pass_mark": 50, "time_limit_minutes": 5,
            "topics": [{"topic": "layers", "count": 2, "title": "Layers"}]}"#)
}

fn run(d: &AssessmentFile, seed: u64, input: &str, resume: Option<InProgress>) -> (Outcome, String) {
    run_at(d, seed, input, resume, || 1_000)
}

fn run_at(
    d: &AssessmentFile,
    seed: u64,
    input: &str,
    resume: Option<InProgress>,
    now: impl Fn() -> u64,
) -> (Outcome, String) {
    let mut out = Vec::new();
    let outcome = run_assessment(input.as_bytes(), &mut out, &course(), d, seed, now, resume).expect("in-memory io");
    let text = String::from_utf8(out).expect("utf-8 output");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "control character in output");
    (outcome, text)
}

#[test]
fn exact_transcript_answer_go_back_change_and_submit() {
    // Seed 1 draws l1 (options: customer, nobody, provider) then l4 (items:
    // physical servers, operating system). The script answers l1 wrongly and
    // sure, goes back from the middle of l4 with `b`, changes l1 keeping its
    // certainty (Enter), answers l4 (a category name works too), then from the
    // review changes l1's certainty only, and submits.
    let input = "2\n3\n2\nb\n1\n\n2\ncustomer\n2\nn\n1\n\n1\ny\n";
    let (outcome, out) = run(&small(), 1, input, None);
    let want = r#"Small check
2 questions. Time limit: 5 minutes. Pass mark: 50%.
After each answer, say how sure you are: right answers earn 1, 2 or 3 marks at low, medium
or high certainty; wrong ones earn 0, -2 or -6. Nothing is marked until you submit.
Type b to go back a question, Enter to keep an answer, q to stop and finish later.

Question 1 of 2 (Layers, 5 minutes left)
Under IaaS, who patches the guest OS?
1. The customer
2. Nobody
3. The provider
Answer with a number.
How sure are you? 1 low, 2 medium, 3 high

Question 2 of 2 (Layers, 5 minutes left)
Under IaaS, who secures each layer?
For each item, answer with a number.
Physical servers: 1. Customer 2. Provider
Operating system: 1. Customer 2. Provider

Question 1 of 2 (Layers, 5 minutes left)
Under IaaS, who patches the guest OS?
1. The customer
2. Nobody
3. The provider
Your answer so far: 2 (high certainty). Enter keeps it.
Answer with a number.
How sure are you? 1 low, 2 medium, 3 high
Enter keeps high.

Question 2 of 2 (Layers, 5 minutes left)
Under IaaS, who secures each layer?
For each item, answer with a number.
Physical servers: 1. Customer 2. Provider
Operating system: 1. Customer 2. Provider
How sure are you? 1 low, 2 medium, 3 high

Your answers:
1. Under IaaS, who patches the guest OS?: The customer (high)
2. Under IaaS, who secures each layer?: Operating system → Customer; Physical servers → Provider (medium)
Submit? (y/n, or a question number to change it)
Which question do you want to change? (1 to 2)

Question 1 of 2 (Layers, 5 minutes left)
Under IaaS, who patches the guest OS?
1. The customer
2. Nobody
3. The provider
Your answer so far: 1 (high certainty). Enter keeps it.
Answer with a number.
How sure are you? 1 low, 2 medium, 3 high
Enter keeps high.

Your answers:
1. Under IaaS, who patches the guest OS?: The customer (low)
2. Under IaaS, who secures each layer?: Operating system → Customer; Physical servers → Provider (medium)
Submit? (y/n, or a question number to change it)

# Small check

**Score: 100% (passed; the pass mark is 50%).**

Answered 2 of 2 questions.
Certainty-based marks: 3 of a possible 6 (average 1.50 per question, from -6 to 3).

## Results by topic

| Topic | Right | Score | Sure but wrong | Lesson |
| --- | ---: | ---: | ---: | --- |
| Layers | 2 of 2 | 100% | 0 | 02-layers |

## Calibration

| Certainty | Answered | Right | % right | Pays off when right | Verdict |
| --- | ---: | ---: | ---: | --- | --- |
| low | 1 | 1 | 100% | below 67% | under-confident |
| medium | 1 | 1 | 100% | 67% to 80% | under-confident |
| high | 0 | 0 | - | above 80% | - |

- under-confident: right 100% of the time when fairly sure; high certainty would have earned more
- under-confident: right 100% of the time when unsure; medium or high certainty would have earned more

## Questions to review

None: every question was fully right.

## Lessons to re-read

None.
"#;
    assert_eq!(out, want);
    let Outcome::Finished(attempt, report) = outcome else { panic!("submitted") };
    assert_eq!((attempt.percent, attempt.cbm_total, attempt.passed), (100.0, 3, true));
    assert_eq!((attempt.seed, attempt.started, attempt.finished), (1, 1_000, 1_000));
    let answers: Vec<(&str, Certainty, i32)> =
        attempt.answers.iter().map(|a| (a.question.as_str(), a.certainty, a.cbm)).collect();
    assert_eq!(answers, [("layers/l1", Certainty::Low, 1), ("layers/l4", Certainty::Medium, 2)]);
    assert_eq!(report.percent, 100.0);
}

#[test]
fn end_of_input_mid_way_keeps_an_unfinished_attempt_to_resume() {
    // l1 answered (customer, medium); input ends inside l4.
    let (outcome, out) = run(&small(), 1, "1\n2\n2\n", None);
    assert!(out.ends_with("\nInput ended before submitting.\nAnswered 1 of 2.\n"), "{out}");
    assert!(!out.contains("Score"), "nothing is marked before submitting");
    let Outcome::Unfinished(saved) = outcome else { panic!("unfinished") };
    assert_eq!((saved.seed, saved.started, saved.position, saved.answers.len()), (1, 1_000, 1, 1));
    assert_eq!(saved.answers[0].question, "layers/l1");
    assert_eq!(saved.answers[0].certainty, Certainty::Medium);

    // Stored as JSON in the progress file, then resumed (the seed argument is ignored).
    let saved: InProgress = serde_json::from_str(&serde_json::to_string(&saved).expect("json")).expect("parses");
    let (outcome, out) = run(&small(), 999, "1\n2\n3\ny\n", Some(saved));
    assert!(out.contains("Resuming: 1 of 2 answered.\n\nQuestion 2 of 2 (Layers, 5 minutes left)\n"), "{out}");
    let Outcome::Finished(attempt, _) = outcome else { panic!("submitted") };
    let answers: Vec<(&str, Certainty, bool)> =
        attempt.answers.iter().map(|a| (a.question.as_str(), a.certainty, a.right)).collect();
    // l4: physical servers -> Customer (wrong), operating system -> Provider (wrong).
    assert_eq!(answers, [("layers/l1", Certainty::Medium, true), ("layers/l4", Certainty::High, false)]);
    assert_eq!((attempt.seed, attempt.cbm_total, attempt.percent), (1, 2 - 6, 50.0));
}

#[test]
fn quit_at_the_review_resumes_at_the_review() {
    let (outcome, out) = run(&small(), 1, "1\n1\n1\n1\n1\nq\n", None);
    assert!(out.contains("\nStopped before submitting.\nAnswered 2 of 2."));
    let Outcome::Unfinished(saved) = outcome else { panic!("unfinished") };
    assert_eq!(saved.position, 2);
    let (outcome, out) = run(&small(), 1, "y\n", Some(saved));
    assert!(out.contains("Resuming: 2 of 2 answered.\n\nYour answers:\n"), "{out}");
    assert!(matches!(outcome, Outcome::Finished(..)));
}

#[test]
fn bad_answers_are_asked_again_and_b_on_the_first_question_stays() {
    let (outcome, out) = run(&small(), 1, "b\n0\nx\n1\n7\n\nlow\nb\nb\n1\n\n1\n1\n1\n\n4\ny\n", None);
    for line in [
        "This is the first question.\n",
        "Please answer with a number from 1 to 3.\nPlease answer with a number from 1 to 3.\n",
        "Please answer 1, 2 or 3 (low, medium, high).\nPlease answer 1, 2 or 3 (low, medium, high).\n",
        "Please answer y or n, or a question number from 1 to 2.\n",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    let Outcome::Finished(attempt, _) = outcome else { panic!("submitted") };
    assert_eq!(attempt.answers.len(), 2);
    assert_eq!(attempt.answers[0].certainty, Certainty::Low);
}

#[test]
fn unanswered_questions_can_be_submitted_and_score_zero() {
    // Answer l1, stop, then resume at the review and submit with l4 unanswered.
    let (outcome, _) = run(&small(), 1, "1\n3\nq\n", None);
    let Outcome::Unfinished(mut saved) = outcome else { panic!("unfinished") };
    saved.position = 2;
    let (outcome, out) = run(&small(), 1, "y\n", Some(saved));
    assert!(
        out.contains("2. Under IaaS, who secures each layer?: no answer\n1 question has no answer and will score 0.\n")
    );
    let Outcome::Finished(attempt, report) = outcome else { panic!("submitted") };
    assert_eq!((attempt.percent, attempt.questions, attempt.answers.len()), (50.0, 2, 1));
    assert_eq!(report.missed[0].your_answer_text, "(no answer)");
}

#[test]
fn time_up_submits_what_was_answered() {
    // Each reading of the clock moves it on 100 s (start 1000, checks at 1100
    // and 1200, then 1300 after the first answer); the limit is 300 s, so
    // time is up before the second question.
    let clock = Cell::new(900);
    let now = || {
        clock.set(clock.get() + 100);
        clock.get()
    };
    let (outcome, out) = run_at(&small(), 1, "1\n3\n", None, now);
    assert!(out.contains("Question 1 of 2 (Layers, 2 minutes left)\n"), "{out}");
    assert!(out.contains("\nTime is up: your answers so far are submitted.\n"));
    assert!(!out.contains("Question 2 of 2"));
    let Outcome::Finished(attempt, _) = outcome else { panic!("submitted") };
    assert_eq!((attempt.answers.len(), attempt.questions, attempt.cbm_total), (1, 2, 3));
}

/// What to type for a fully right answer at the position, from the same draw.
fn right_input(session: &AssessmentSession, pos: usize) -> String {
    let d = &session.questions()[pos];
    let shown = |file: usize| d.order.iter().position(|&o| o == file).map_or(0, |k| k + 1);
    match &d.question.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
            let nums: Vec<String> =
                options.iter().enumerate().filter(|(_, o)| o.correct).map(|(i, _)| shown(i).to_string()).collect();
            format!("{}\n", nums.join(", "))
        }
        QuestionKind::TrueFalse { answer } => if *answer { "t\n" } else { "f\n" }.to_string(),
        QuestionKind::Matching { categories, items } => d
            .order
            .iter()
            .map(|&i| {
                let c = categories.iter().position(|c| Some(c) == items.get(i).map(|it| &it.answer)).unwrap_or(0);
                format!("{}\n", c + 1)
            })
            .collect(),
    }
}

#[test]
fn the_shipped_assessment_runs_end_to_end() {
    let course = handoff::course::load_builtin();
    let def: AssessmentFile = serde_json::from_str(handoff::assess::BUILTIN_ASSESSMENT).expect("parses");
    let session = AssessmentSession::new(&def, &course.quizzes, 42, 0);
    assert_eq!(session.len(), 24);
    let mut input = String::new();
    for pos in 0..session.len() {
        input.push_str(&right_input(&session, pos));
        input.push_str("3\n");
    }
    input.push_str("y\n");
    let mut out = Vec::new();
    let outcome = run_assessment(input.as_bytes(), &mut out, &course, &def, 42, || 7, None).expect("io");
    let out = String::from_utf8(out).expect("utf-8");
    assert!(out.starts_with(
        "Self-assessment: the shared responsibility model\n24 questions. Time limit: 30 minutes. Pass mark: 70%.\n"
    ));
    assert!(out.contains("Question 24 of 24 (Writing down your handoff, 30 minutes left)"));
    let Outcome::Finished(attempt, report) = outcome else { panic!("submitted") };
    assert_eq!((attempt.percent, attempt.cbm_total, attempt.passed), (100.0, 72, true));
    assert_eq!(report.verdicts, ["well calibrated: how sure you were matched how often you were right"]);
    assert_eq!(report.per_topic.len(), 8);
    assert!(report.per_topic.iter().all(|t| (t.right, t.total) == (3, 3)));
}
