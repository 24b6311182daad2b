mod common;

use common::{matrix, owner_of, quiz, quiz_from, small_quiz, wrong};
use handoff::quiz::attempt::QuizResult;
use handoff::quiz::drill::DrillSummary;
use handoff::quiz::drill::{Boxes, DrillSession};
use handoff::quiz::model::{Matrix, Owner, Quiz};
use handoff::quiz::plain::{run_drill, run_quiz};
use handoff::quiz::score::Response;

fn quiz_run(q: &Quiz, seed: u64, input: &[u8]) -> (QuizResult, String) {
    let mut out = Vec::new();
    let r = run_quiz(input, &mut out, q, seed, || 1_700_000_000).expect("in-memory io");
    (r, String::from_utf8(out).expect("utf-8 output"))
}

fn drill_run(
    m: &Matrix,
    boxes: &mut Boxes,
    seed: u64,
    model: Option<&str>,
    size: usize,
    input: &[u8],
) -> (DrillSummary, String) {
    let mut out = Vec::new();
    let s = run_drill(input, &mut out, m, boxes, seed, model, size).expect("in-memory io");
    (s, String::from_utf8(out).expect("utf-8 output"))
}

/// Plain output must be plain: no escape sequences or other control codes.
fn assert_plain(text: &str) {
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "control character in output");
}

#[test]
fn exact_transcript_small_quiz() {
    // Seed 1 shows question 1's options as customer, nobody, provider and
    // question 2's as physical, data, identity. One bad answer first.
    let (r, out) = quiz_run(&small_quiz(), 1, b"5\n1\n1, 3\n");
    let want = "\
Quiz: Handoff basics
2 questions. Type q to stop.

Question 1 of 2
Under IaaS, who patches the guest operating system?
1. The customer
2. Nobody
3. The provider
Answer with a number.
Please answer with a number from 1 to 3.
Right.
Right answer: The customer
IaaS hands you the machine from the OS up.
- The customer: right, you chose it. The guest OS is yours under IaaS.

Question 2 of 2
Which are always the customer's?
1. Physical security
2. Data classification
3. Identity and access
Answer with numbers separated by spaces or commas.
Not quite.
Right answer: Data classification; Identity and access
Data and access never move to the provider.
- Physical security: wrong, you chose it. The provider guards the buildings.
- Data classification: right, you did not choose it. Only you know your data.
- Identity and access: right, you chose it. You decide who gets in.

Score: 1 / 2 (50%)
";
    assert_eq!(out, want);
    assert!(r.completed);
    assert_eq!(r.quiz, "small");
    assert_eq!((r.seed, r.started, r.finished), (1, 1_700_000_000, 1_700_000_000));
    assert_eq!(r.score, 1.0);
    assert_eq!(r.max, 2.0);
    // Responses are recorded by file index, not display number.
    assert_eq!(r.answers[0].response, Response::Choice(0));
    assert_eq!(r.answers[1].response, Response::Choices(vec![1, 2]));
}

#[test]
fn partial_credit_is_reported() {
    // Question 2 display: 1 physical, 2 data, 3 identity. Tick data only.
    let (r, out) = quiz_run(&small_quiz(), 1, b"1\n2\n");
    assert!(out.contains("Partly right (50%)."), "{out}");
    assert!(out.contains("Score: 1.5 / 2 (75%)"), "{out}");
    assert_eq!(r.score, 1.5);
}

#[test]
fn bad_input_re_asks_for_every_kind() {
    let q = quiz();
    // Seed 2: gap (4 options), paas-owners, never-escapes, ... (see the
    // engine for the order; the answers below are only ever invalid first).
    let (_, out) = quiz_run(&q, 2, b"0\nabc\n\n1\nx\n9\n1\n2\n3\n1,,9\n1 2\n");
    assert!(out.contains("Please answer with a number from 1 to 4.\n"));
    assert_eq!(out.matches("Please answer with a number from 1 to 4.").count(), 3, "0, abc and the empty line");
    assert!(out.contains("Please answer with a number from 1 to 3.\n"));
    assert!(out.contains("Please answer with numbers from 1 to 4, separated by spaces or commas.\n"));
    assert_plain(&out);
}

#[test]
fn true_false_input_and_reasons() {
    let tf = quiz_from(
        "tf",
        r#"{"format":1,"title":"TF","questions":[
        {"id":"a","type":"true_false","prompt":"Under SaaS you patch the OS.","answer":false,
         "topics":["t"],"explanation":"The provider patches below the app."}]}"#,
    );
    let (r, out) = quiz_run(&tf, 0, b"maybe\nTRUE\n");
    assert!(out.contains("Answer t or f (true/false).\n"));
    assert!(out.contains("Please answer t or f (true/false).\n"));
    assert!(out.contains("Not quite.\nRight answer: False\nThe provider patches below the app.\n"));
    assert_eq!(r.answers[0].response, Response::Bool(true));
    let (r, _) = quiz_run(&tf, 0, b"f\n");
    assert_eq!(r.score, 1.0);
}

#[test]
fn matching_asks_item_by_item_and_explains_each() {
    let q = quiz_from(
        "m",
        r#"{"format":1,"title":"M","questions":[
        {"id":"paas","type":"matching","prompt":"Under PaaS, who secures each layer?","topics":["t"],
         "explanation":"PaaS splits the stack.","categories":["Customer","Provider","Shared"],
         "items":[{"text":"Operating system","answer":"Provider","why":"The platform hides it."},
                  {"text":"Runtime & middleware","answer":"Shared","why":"Patched by them, configured by you."}]}]}"#,
    );
    // Answer by name to avoid depending on the item order: "provider" for both.
    let (r, out) = quiz_run(&q, 4, b"provider\nProvider\n");
    assert!(out.contains("For each item, answer with a number.\n"));
    assert!(out.contains("Operating system: 1. Customer 2. Provider 3. Shared\n"));
    assert!(out.contains("Runtime & middleware: 1. Customer 2. Provider 3. Shared\n"));
    assert!(out.contains("Partly right (50%)."));
    assert!(out.contains("- Operating system: Provider, right. The platform hides it.\n"));
    assert!(
        out.contains("- Runtime & middleware: you said Provider, it is Shared. Patched by them, configured by you.\n")
    );
    assert_eq!(r.answers[0].response, Response::Matches(vec![Some(1), Some(1)]));
}

#[test]
fn eof_ends_cleanly_with_partial_result() {
    let q = quiz();
    let (r, out) = quiz_run(&q, 2, b"1\n");
    assert!(!r.completed);
    assert_eq!(r.answers.len(), 1);
    assert_eq!(r.max, 6.0);
    assert!(out.contains("Input ended; the quiz stopped here.\nAnswered 1 of 6 questions.\n"));
    assert!(out.ends_with("Score: 0 / 6 (0%)\n"), "{out}");

    // End of input in the middle of a matching question drops that question.
    let (r, _) = quiz_run(&q, 2, b"4\n3\n");
    assert_eq!(r.answers.len(), 1);
    assert_eq!(r.score, 1.0);

    let (r, out) = quiz_run(&q, 2, b"");
    assert!(r.answers.is_empty());
    assert!(!r.completed);
    assert!(out.contains("Answered 0 of 6 questions."));
}

#[test]
fn q_stops_early() {
    let (r, out) = quiz_run(&small_quiz(), 1, b"1\nq\n2\n");
    assert!(!r.completed);
    assert_eq!(r.answers.len(), 1);
    assert!(out.contains("\nStopped.\nAnswered 1 of 2 questions.\nScore: 1 / 2 (50%)\n"));
}

#[test]
fn output_contains_feedback_and_reasons() {
    let (_, out) = quiz_run(&quiz(), 2, b"1\n");
    // Seed 2 shows "In the provider's data centers" first: a wrong pick.
    assert!(out.contains("Not quite.\n"));
    assert!(out.contains("Right answer: At the handoff, on the customer's side\n"));
    assert!(out.contains("Most incidents come from the customer's side of the handoff.\n"));
    assert!(out.contains(
        "- In the provider's data centers: wrong, you chose it. Physical breaches of provider facilities are rare.\n"
    ));
    assert!(out.contains(
        "- At the handoff, on the customer's side: right, you did not choose it. Misconfiguration and identity failures dominate.\n"
    ));
    // Options neither chosen nor right are not read out.
    assert!(!out.contains("- In undersea cables"));
}

#[test]
fn course_text_is_sanitised_and_bad_bytes_are_just_bad_answers() {
    let q = quiz_from(
        "evil",
        "{\"format\":1,\"title\":\"T\\u001b[2J\",\"questions\":[{\"id\":\"a\",\"type\":\"single\",\
         \"prompt\":\"P\\u001b]0;x\\u0007\",\"topics\":[\"t\"],\"explanation\":\"E\\u009b\",\
         \"options\":[{\"text\":\"A\\u001b\",\"correct\":true,\"why\":\"W\\u0000\"},{\"text\":\"B\"}]}]}",
    );
    let (r, out) = quiz_run(&q, 0, b"\xff\xfe\n1\n2\n");
    assert_plain(&out);
    assert!(out.contains("Please answer with a number from 1 to 2."));
    assert_eq!(r.answers.len(), 1);
}

// ---------------------------------------------------------------- drill

/// The right answers, as typed, for a perfect run (the engine is deterministic,
/// so a twin session tells the prompt order).
fn perfect_script(m: &Matrix, seed: u64, model: Option<&str>, size: usize) -> (String, usize) {
    let mut boxes = Boxes::default();
    let mut s = DrillSession::new(m, &boxes, seed, model, size);
    let mut script = String::new();
    let mut n = 0;
    let words = ["c", "provider", "3"]; // mix the accepted spellings
    while let Some(p) = s.next() {
        let o = owner_of(m, &p.key.model, &p.key.layer);
        let w = match o {
            Owner::Customer => words[0],
            Owner::Provider => words[1],
            Owner::Shared => words[2],
        };
        script.push_str(w);
        script.push('\n');
        s.answer(&mut boxes, o).expect("prompt waiting");
        n += 1;
    }
    (script, n)
}

#[test]
fn drill_perfect_run_ends_when_all_mastered() {
    let m = matrix();
    let (script, n) = perfect_script(&m, 6, None, 8);
    assert_eq!(n, 16);
    let mut boxes = Boxes::default();
    let (s, out) = drill_run(&m, &mut boxes, 6, None, 8, script.as_bytes());
    assert_eq!((s.asked, s.right, s.wrong, s.mastered), (16, 16, 0, 8));
    assert!(s.finished);
    assert_eq!(out.matches("1. customer 2. provider 3. shared\n").count(), 16);
    assert_eq!(out.matches("\nRight: ").count(), 16);
    assert!(out.starts_with("Drill: Test matrix\n8 cells. Answer 1, 2 or 3 (or c, p, s). Type q to stop.\n"));
    assert!(out.ends_with(
        "\nDrill finished: every cell mastered.\nMastered 8 of 8 cells.\nAsked 16, right 16, wrong 0.\nNo cells missed.\n"
    ));
    assert_eq!(boxes.0.len(), 8);
    assert_plain(&out);
}

#[test]
fn drill_miss_feedback_reask_and_summary() {
    let m = matrix();
    let mut boxes = Boxes::default();
    let probe = DrillSession::new(&m, &boxes, 1, Some("PaaS"), 8);
    let first = probe.keys()[0].clone();
    let right = owner_of(&m, &first.model, &first.layer);
    // A bad line, then a wrong answer, then stop.
    let script = format!("maybe\n{}\nq\n", wrong(right).label());
    let (s, out) = drill_run(&m, &mut boxes, 1, Some("PaaS"), 8, script.as_bytes());
    assert!(out.contains("Please answer 1, 2 or 3 (customer, provider, shared).\n"));
    assert!(out.contains(&format!("Not quite: it is {}, not {}. ", right.label(), wrong(right).label())));
    assert!(out.contains("\nStopped.\nMastered 0 of 4 cells.\nAsked 1, right 0, wrong 1.\nWeakest cells:\n"));
    assert!(out.contains(&format!("- PaaS, {}: {} (missed 1 time, box 1). ", first.layer, right.label())));
    assert_eq!((s.asked, s.wrong), (1, 1));
    assert_eq!(boxes.get(&first), 1);
}

#[test]
fn drill_eof_ends_cleanly() {
    let m = matrix();
    let mut boxes = Boxes::default();
    let (s, out) = drill_run(&m, &mut boxes, 3, Some("SaaS"), 2, b"s\n");
    assert_eq!(s.asked, 1);
    assert!(!s.finished);
    assert!(out.contains("\nInput ended; the drill stopped here.\n"));

    let (s, out) = drill_run(&m, &mut boxes, 3, Some("FaaS"), 8, b"");
    assert_eq!(s.cells, 0);
    assert!(out.contains("No cells to drill.\n"));
}
