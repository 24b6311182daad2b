mod common;

use std::collections::BTreeMap;

use common::{matrix, owner_of, question, quiz, wrong};
use handoff::quiz::attempt::{Attempt, QuizResult, Reason};
use handoff::quiz::drill::{Boxes, CellKey, DrillSession, next_box};
use handoff::quiz::grid::{Verdict, grade};
use handoff::quiz::model::Owner;
use handoff::quiz::score::{Response, correct_answer_text, score};

const EPS: f64 = 1e-9;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < EPS
}

// ---------------------------------------------------------------- scoring

const SINGLE: &str = r#"{"id":"s","type":"single","prompt":"p","topics":["t"],
  "options":[{"text":"A"},{"text":"B","correct":true},{"text":"C"}]}"#;

/// 2 correct (0, 2) of 4 options.
const MULTI: &str = r#"{"id":"m","type":"multiple","prompt":"p","topics":["t"],
  "options":[{"text":"A","correct":true},{"text":"B"},{"text":"C","correct":true},{"text":"D"}]}"#;

const WEIGHTED: &str = r#"{"id":"w","type":"multiple","prompt":"p","topics":["t"],
  "options":[{"text":"A","correct":true,"weight":0.75},{"text":"B","correct":true,"weight":0.25},
             {"text":"C","weight":-0.5},{"text":"D"}]}"#;

const TF: &str = r#"{"id":"tf","type":"true_false","prompt":"p","topics":["t"],"answer":false}"#;

const MATCH: &str = r#"{"id":"mt","type":"matching","prompt":"p","topics":["t"],
  "categories":["Customer","Provider","Shared"],
  "items":[{"text":"Runtime & middleware","answer":"Shared"},
           {"text":"Operating system","answer":"Provider"},
           {"text":"Code","answer":"Customer"}]}"#;

#[test]
fn single_is_all_or_nothing() {
    let q = question(SINGLE);
    assert_eq!(score(&q, &Response::Choice(1)), 1.0);
    assert_eq!(score(&q, &Response::Choice(0)), 0.0);
    assert_eq!(score(&q, &Response::Choice(99)), 0.0, "out of range");
}

#[test]
fn true_false_is_all_or_nothing() {
    let q = question(TF);
    assert_eq!(score(&q, &Response::Bool(false)), 1.0);
    assert_eq!(score(&q, &Response::Bool(true)), 0.0);
    assert_eq!(correct_answer_text(&q), "False");
}

#[test]
fn multiple_uses_moodle_default_weights() {
    let q = question(MULTI);
    let s = |v: Vec<usize>| score(&q, &Response::Choices(v));
    assert_eq!(s(vec![0, 2]), 1.0, "both right");
    assert!(close(s(vec![0]), 0.5), "one right");
    assert!(close(s(vec![2]), 0.5), "the other right");
    assert_eq!(s(vec![0, 1]), 0.0, "one right + one wrong: 0.5 - 0.5");
    assert_eq!(s(vec![0, 1, 2, 3]), 0.0, "everything ticked");
    assert_eq!(s(vec![]), 0.0, "nothing ticked");
    assert_eq!(s(vec![1, 3]), 0.0, "only wrong: clamped at 0");
    assert_eq!(s(vec![0, 1, 2]), 0.5, "two right + one wrong");
    assert!(close(s(vec![0, 0]), 0.5), "duplicates count once");
    assert!(close(s(vec![0, 42]), 0.5), "out of range ignored");
    assert_eq!(correct_answer_text(&q), "A; C");
}

#[test]
fn multiple_thirds_add_up_to_exactly_one() {
    let q = question(
        r#"{"id":"m3","type":"multiple","prompt":"p","topics":["t"],
        "options":[{"text":"A","correct":true},{"text":"B","correct":true},
                   {"text":"C","correct":true},{"text":"D"}]}"#,
    );
    assert_eq!(score(&q, &Response::Choices(vec![0, 1, 2])), 1.0);
}

#[test]
fn multiple_explicit_weights_override_defaults() {
    let q = question(WEIGHTED);
    let s = |v: Vec<usize>| score(&q, &Response::Choices(v));
    assert!(close(s(vec![0]), 0.75));
    assert!(close(s(vec![1]), 0.25));
    assert_eq!(s(vec![0, 1]), 1.0);
    assert!(close(s(vec![0, 2]), 0.25), "0.75 - 0.5");
    // D has no explicit weight: default -1/#wrong = -1/2.
    assert!(close(s(vec![0, 3]), 0.25));
    assert!(close(s(vec![0, 1, 3]), 0.5));
}

#[test]
fn matching_scores_fraction_of_items() {
    let q = question(MATCH);
    let s = |v: Vec<Option<usize>>| score(&q, &Response::Matches(v));
    assert_eq!(s(vec![Some(2), Some(1), Some(0)]), 1.0);
    assert!(close(s(vec![Some(2), Some(1), Some(1)]), 2.0 / 3.0));
    assert!(close(s(vec![Some(2), None, None]), 1.0 / 3.0));
    assert!(close(s(vec![Some(2)]), 1.0 / 3.0), "short response");
    assert_eq!(s(vec![Some(9), Some(9), Some(9)]), 0.0, "bad category");
    assert_eq!(correct_answer_text(&q), "Runtime & middleware → Shared; Operating system → Provider; Code → Customer");
}

#[test]
fn mismatched_response_kind_scores_zero() {
    assert_eq!(score(&question(SINGLE), &Response::Choices(vec![1])), 0.0);
    assert_eq!(score(&question(MULTI), &Response::Choice(0)), 0.0);
    assert_eq!(score(&question(TF), &Response::Choice(0)), 0.0);
    assert_eq!(score(&question(MATCH), &Response::Bool(true)), 0.0);
}

// ---------------------------------------------------------------- attempts

/// Question ids and option/item orders, i.e. everything the seed decides.
fn shape(a: &Attempt) -> Vec<(String, Vec<usize>)> {
    a.presented().iter().map(|p| (p.question.id.clone(), p.order.clone())).collect()
}

#[test]
fn same_seed_same_attempt() {
    let q = quiz();
    for seed in [0, 1, 42, u64::MAX] {
        assert_eq!(shape(&Attempt::new(&q, seed)), shape(&Attempt::new(&q, seed)));
    }
}

#[test]
fn different_seeds_differ() {
    let q = quiz();
    let shapes: Vec<_> = (0..6).map(|s| shape(&Attempt::new(&q, s))).collect();
    for (i, a) in shapes.iter().enumerate() {
        for b in shapes.iter().skip(i + 1) {
            assert_ne!(a, b);
        }
    }
    // Question order itself varies, not only option order.
    let firsts: std::collections::BTreeSet<String> = shapes.iter().map(|s| s[0].0.clone()).collect();
    assert!(firsts.len() > 1);
}

#[test]
fn presented_orders_are_permutations() {
    let q = quiz();
    let a = Attempt::new(&q, 7);
    assert_eq!(a.len(), q.file.questions.len());
    let mut seen: Vec<usize> = a.presented().iter().map(|p| p.file_index).collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..q.file.questions.len()).collect::<Vec<_>>());
    for p in a.presented() {
        let mut o = p.order.clone();
        o.sort_unstable();
        assert_eq!(o, (0..o.len()).collect::<Vec<_>>());
    }
}

fn pos_of(a: &Attempt, id: &str) -> usize {
    a.presented().iter().position(|p| p.question.id == id).expect("question present")
}

#[test]
fn answer_gives_feedback_by_file_index() {
    let q = quiz();
    let mut a = Attempt::new(&q, 3).starting_at(100);
    let pos = pos_of(&a, "never-escapes");
    let fb = a.answer(pos, Response::Choices(vec![0, 2])).expect("answerable");
    assert_eq!(fb.score, 0.0);
    assert!(!fb.correct);
    assert_eq!(fb.right_answer, "Data classification; Identity and access");
    assert_eq!(fb.explanation, "Data and who may touch it are always yours.");
    // Reasons come in display order and say which were ticked / right.
    let order = &a.presented()[pos].order;
    let idx: Vec<usize> = fb
        .reasons
        .iter()
        .map(|r| match r {
            Reason::Option { index, .. } | Reason::Item { index, .. } => *index,
        })
        .collect();
    assert_eq!(&idx, order);
    let physical = fb
        .reasons
        .iter()
        .find_map(|r| match r {
            Reason::Option { index: 2, correct, ticked, why, .. } => Some((*correct, *ticked, why.clone())),
            _ => None,
        })
        .expect("option 2 present");
    assert_eq!(physical, (false, true, Some("The provider guards the buildings.".to_string())));
    assert!(a.answer(pos, Response::Choices(vec![0, 1])).is_err(), "answers are final");
    assert!(a.answer(99, Response::Bool(true)).is_err());

    let tf = pos_of(&a, "saas-patching");
    let fb = a.answer(tf, Response::Bool(false)).expect("answerable");
    assert!(fb.correct);
    assert!(fb.reasons.is_empty());

    let m = pos_of(&a, "paas-owners");
    let fb = a.answer(m, Response::Matches(vec![Some(2), Some(0), Some(0)])).expect("answerable");
    assert!(close(fb.score, 2.0 / 3.0));
    let os = fb
        .reasons
        .iter()
        .find_map(|r| match r {
            Reason::Item { index: 1, chosen, answer, right, .. } => Some((chosen.clone(), answer.clone(), *right)),
            _ => None,
        })
        .expect("item 1 present");
    assert_eq!(os, (Some("Customer".into()), "Provider".into(), false));

    let r = a.finish(200);
    assert_eq!(r.quiz, "full");
    assert_eq!((r.started, r.finished, r.seed), (100, 200, 3));
    assert!(!r.completed, "three questions unanswered");
    assert_eq!(r.max, 6.0);
    assert_eq!(r.answers.len(), 3);
    assert_eq!(r.answers[0].question, "never-escapes");
    assert!(close(r.score, 1.0 + 2.0 / 3.0));
}

#[test]
fn full_attempt_completes_and_round_trips() {
    let q = quiz();
    let mut a = Attempt::new(&q, 11);
    for pos in 0..a.len() {
        let p = a.presented()[pos].clone();
        let right = match &p.question.kind {
            handoff::quiz::model::QuestionKind::Single { options } => {
                Response::Choice(options.iter().position(|o| o.correct).unwrap_or(0))
            }
            handoff::quiz::model::QuestionKind::Multiple { options } => {
                Response::Choices((0..options.len()).filter(|&i| options[i].correct).collect())
            }
            handoff::quiz::model::QuestionKind::TrueFalse { answer } => Response::Bool(*answer),
            handoff::quiz::model::QuestionKind::Matching { categories, items } => {
                Response::Matches(items.iter().map(|it| categories.iter().position(|c| *c == it.answer)).collect())
            }
        };
        assert!(a.answer(pos, right).expect("answerable").correct);
    }
    let r = a.finish(5);
    assert!(r.completed);
    assert_eq!(r.score, 6.0);
    assert_eq!(r.percent(), 100.0);
    let json = serde_json::to_string(&r).expect("serialises");
    let back: QuizResult = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, r);
}

#[test]
fn response_serialises_compactly() {
    let json = serde_json::to_string(&Response::Matches(vec![Some(1), None])).expect("ser");
    assert_eq!(json, r#"{"matches":[1,null]}"#);
    assert_eq!(serde_json::to_string(&Response::Bool(true)).expect("ser"), r#"{"bool":true}"#);
}

// ---------------------------------------------------------------- Leitner

fn key(model: &str, layer: &str) -> CellKey {
    CellKey::new(model, layer)
}

#[test]
fn leitner_transitions() {
    assert_eq!(next_box(0, true), 2, "unseen and right skips box 1");
    assert_eq!(next_box(0, false), 1);
    assert_eq!(next_box(2, true), 3);
    assert_eq!(next_box(3, true), 4);
    assert_eq!(next_box(4, true), 5);
    assert_eq!(next_box(5, true), 5, "capped");
    assert_eq!(next_box(5, false), 1);
    assert_eq!(next_box(1, true), 2);

    let mut b = Boxes::default();
    let k = key("PaaS", "Runtime & middleware");
    assert_eq!(b.get(&k), 0);
    let seq: Vec<u8> = [true, true, true, true, true, false, true].iter().map(|&r| b.record(&k, r)).collect();
    assert_eq!(seq, vec![2, 3, 4, 5, 5, 1, 2]);
}

#[test]
fn cell_keys_and_boxes_serialise_as_strings() {
    let k = key("PaaS", "Runtime & middleware");
    assert_eq!(serde_json::to_string(&k).expect("ser"), r#""PaaS/Runtime & middleware""#);
    let back: CellKey = serde_json::from_str(r#""SaaS/Network / firewall""#).expect("de");
    assert_eq!(back, key("SaaS", "Network / firewall"));
    assert!(serde_json::from_str::<CellKey>(r#""no-slash""#).is_err());

    let mut b = Boxes::default();
    b.record(&k, false);
    let json = serde_json::to_string(&b).expect("ser");
    assert_eq!(json, r#"{"PaaS/Runtime & middleware":1}"#);
    let back: Boxes = serde_json::from_str(&json).expect("de");
    assert_eq!(back, b);
    let odd: Boxes = serde_json::from_str(r#"{"PaaS/Runtime & middleware":9}"#).expect("de");
    assert_eq!(odd.get(&k), 5, "out-of-range boxes are capped");
}

// ---------------------------------------------------------------- drill

/// Answers every prompt with `pick`, returning the keys asked in order.
fn drive(s: &mut DrillSession, boxes: &mut Boxes, mut pick: impl FnMut(&CellKey, usize) -> Owner) -> Vec<CellKey> {
    let mut asked = Vec::new();
    while let Some(p) = s.next() {
        assert!(asked.len() < 1000, "drill must end");
        let o = pick(&p.key, asked.len());
        asked.push(p.key);
        s.answer(boxes, o).expect("prompt is waiting");
    }
    asked
}

#[test]
fn prompt_wording_and_options() {
    let m = matrix();
    let mut s = DrillSession::new(&m, &Boxes::default(), 1, Some("PaaS"), 8);
    let p = s.next().expect("a prompt");
    assert!(p.text.starts_with("Under PaaS, who secures "), "{}", p.text);
    assert!(p.text.ends_with('?'));
    assert_eq!(p.options, [Owner::Customer, Owner::Provider, Owner::Shared]);
    assert_eq!(s.next(), Some(p), "same prompt until answered");
    let all: Vec<String> = s.keys().iter().map(|k| k.layer.clone()).collect();
    assert_eq!(all.len(), 4, "all 4 PaaS cells when fewer than size");
    // The layer is lowered mid-sentence.
    let mut s = DrillSession::new(&m, &Boxes::default(), 1, Some("PaaS"), 0);
    let texts: Vec<String> = std::iter::from_fn(|| {
        let p = s.next()?;
        let mut b = Boxes::default();
        s.answer(&mut b, owner_of(&m, "PaaS", &p.key.layer)).ok()?;
        Some(p.text)
    })
    .collect();
    assert!(texts.contains(&"Under PaaS, who secures the runtime & middleware layer?".to_string()));
}

#[test]
fn perfect_answerer_needs_two_rights_per_cell() {
    let m = matrix();
    let mut boxes = Boxes::default();
    let mut s = DrillSession::new(&m, &boxes, 5, Some("PaaS"), 8);
    let asked = drive(&mut s, &mut boxes, |k, _| owner_of(&m, &k.model, &k.layer));
    assert_eq!(asked.len(), 8, "4 cells x 2 rights");
    assert!(s.is_done());
    let sum = s.summary();
    assert_eq!((sum.asked, sum.right, sum.wrong), (8, 8, 0));
    assert_eq!((sum.cells, sum.mastered), (4, 4));
    assert!(sum.finished);
    assert!(sum.weakest.is_empty());
    // Unseen + right -> box 2, once per session despite two rights.
    assert_eq!(boxes.0.len(), 4);
    assert!(boxes.0.values().all(|&b| b == 2));
}

#[test]
fn missed_cell_returns_soon_but_not_immediately() {
    let m = matrix();
    let mut boxes = Boxes::default();
    let mut s = DrillSession::new(&m, &boxes, 5, Some("PaaS"), 8);
    let first = s.keys()[0].clone();
    let asked = drive(&mut s, &mut boxes, |k, n| {
        let right = owner_of(&m, &k.model, &k.layer);
        if n == 0 { wrong(right) } else { right }
    });
    assert_eq!(asked.len(), 9, "one miss costs exactly one extra prompt");
    assert_eq!(asked[0], first);
    assert_ne!(asked[1], first, "not straight back");
    assert_ne!(asked[2], first);
    assert_eq!(asked[3], first, "back after two other prompts");
    let sum = s.summary();
    assert_eq!((sum.asked, sum.right, sum.wrong), (9, 8, 1));
    assert_eq!(sum.weakest.len(), 1);
    assert_eq!(sum.weakest[0].key, first);
    assert_eq!(sum.weakest[0].misses, 1);
    assert_eq!(sum.weakest[0].leitner_box, 1);
    assert_eq!(boxes.get(&first), 1, "missed today: stays in box 1");
}

#[test]
fn lone_missed_cell_comes_straight_back() {
    let m = matrix();
    let mut boxes = Boxes::default();
    let mut s = DrillSession::new(&m, &boxes, 2, Some("SaaS"), 1);
    let asked = drive(&mut s, &mut boxes, |k, n| {
        let right = owner_of(&m, &k.model, &k.layer);
        if n == 0 { wrong(right) } else { right }
    });
    assert_eq!(asked.len(), 3);
    assert!(asked.iter().all(|k| *k == asked[0]));
}

#[test]
fn mastery_needs_two_rights_in_a_row() {
    let m = matrix();
    let mut boxes = Boxes::default();
    let mut s = DrillSession::new(&m, &boxes, 2, Some("SaaS"), 1);
    // right, wrong, right, right: the first right does not count any more.
    let script = [true, false, true, true];
    let asked = drive(&mut s, &mut boxes, |k, n| {
        let right = owner_of(&m, &k.model, &k.layer);
        if script[n] { right } else { wrong(right) }
    });
    assert_eq!(asked.len(), 4);
    assert_eq!(boxes.get(&asked[0]), 1, "a later miss still demotes");
}

#[test]
fn missed_first_then_unseen_then_known_next_session() {
    let m = matrix();
    let mut boxes = Boxes::default();
    // Session 1: two PaaS cells, the first one missed once.
    let mut s = DrillSession::new(&m, &boxes, 9, Some("PaaS"), 2);
    let first_session = s.keys();
    let (missed, known) = (first_session[0].clone(), first_session[1].clone());
    drive(&mut s, &mut boxes, |k, n| {
        let right = owner_of(&m, &k.model, &k.layer);
        if n == 0 { wrong(right) } else { right }
    });
    assert_eq!(boxes.get(&missed), 1);
    assert_eq!(boxes.get(&known), 2);
    // Session 2, any seed: missed first, the two unseen next, known last.
    for seed in 0..5 {
        let s = DrillSession::new(&m, &boxes, seed, Some("PaaS"), 8);
        let keys = s.keys();
        assert_eq!(keys.len(), 4);
        assert_eq!(keys[0], missed, "seed {seed}");
        assert_eq!(keys[3], known, "seed {seed}");
        assert_eq!(boxes.get(&keys[1]), 0);
        assert_eq!(boxes.get(&keys[2]), 0);
        // Smaller sessions keep the priority.
        let s = DrillSession::new(&m, &boxes, seed, Some("PaaS"), 1);
        assert_eq!(s.keys(), vec![missed.clone()]);
    }
}

#[test]
fn drill_is_deterministic_per_seed() {
    let m = matrix();
    let boxes = Boxes::default();
    let a = DrillSession::new(&m, &boxes, 77, None, 8).keys();
    assert_eq!(a, DrillSession::new(&m, &boxes, 77, None, 8).keys());
    assert_eq!(a.len(), 8);
    let differ = (0..5).any(|s| DrillSession::new(&m, &boxes, s, None, 8).keys() != a);
    assert!(differ);
    assert_eq!(DrillSession::new(&m, &boxes, 1, None, 0).keys().len(), 12);
    assert_eq!(
        DrillSession::new(&m, &boxes, 1, Some("paas"), 0).keys().len(),
        4,
        "model names match case-insensitively"
    );
    let mut none = DrillSession::new(&m, &boxes, 1, Some("FaaS"), 8);
    assert!(none.next().is_none());
}

#[test]
fn answer_without_prompt_is_an_error() {
    let m = matrix();
    let mut boxes = Boxes::default();
    let mut s = DrillSession::new(&m, &boxes, 1, None, 3);
    assert!(s.answer(&mut boxes, Owner::Shared).is_err());
    assert!(boxes.0.is_empty());
}

#[test]
fn summary_ranks_weakest_by_misses_then_box() {
    let m = matrix();
    let keys = DrillSession::new(&m, &Boxes::default(), 3, Some("IaaS"), 0).keys();
    assert_eq!(keys.len(), 4);
    let (k0, k1, k2, k3) = (keys[0].clone(), keys[1].clone(), keys[2].clone(), keys[3].clone());
    // Before the session: k0 well known (box 4), k1 missed last time (box 1),
    // k2 and k3 unseen. This session k3 is missed twice, the others once.
    let mut boxes = Boxes::default();
    boxes.set(&k0, 4);
    boxes.set(&k1, 1);
    let mut misses: BTreeMap<CellKey, u32> =
        [(k0.clone(), 1), (k1.clone(), 1), (k2.clone(), 1), (k3.clone(), 2)].into_iter().collect();
    let mut s = DrillSession::new(&m, &boxes, 3, Some("IaaS"), 0);
    drive(&mut s, &mut boxes, |k, _| {
        let right = owner_of(&m, &k.model, &k.layer);
        match misses.get_mut(k) {
            Some(n) if *n > 0 => {
                *n -= 1;
                wrong(right)
            }
            _ => right,
        }
    });
    let sum = s.summary();
    assert_eq!(sum.wrong, 5);
    assert_eq!(sum.right, 8);
    let weak: Vec<(CellKey, u32, u8)> = sum.weakest.iter().map(|w| (w.key.clone(), w.misses, w.start_box)).collect();
    // Most misses first; ties: box 1 before unseen before box 4.
    assert_eq!(weak, vec![(k3, 2, 0), (k1, 1, 1), (k2, 1, 0), (k0, 1, 4)]);
    assert!(sum.weakest.iter().all(|w| w.leitner_box == 1));
    assert!(sum.weakest.iter().all(|w| !w.why.is_empty()));
}

#[test]
fn stop_early_summarises_what_was_asked() {
    let m = matrix();
    let mut boxes = Boxes::default();
    let mut s = DrillSession::new(&m, &boxes, 8, None, 8);
    let p = s.next().expect("prompt");
    let right = owner_of(&m, &p.key.model, &p.key.layer);
    s.answer(&mut boxes, wrong(right)).expect("answer");
    s.next().expect("second prompt, left unanswered");
    let sum = s.stop();
    assert_eq!((sum.asked, sum.right, sum.wrong), (1, 0, 1));
    assert_eq!((sum.cells, sum.mastered), (8, 0));
    assert!(!sum.finished);
    assert_eq!(sum.weakest.len(), 1);
    assert_eq!(boxes.0.len(), 1, "only answered cells get a box");
}

// ---------------------------------------------------------------- grid

#[test]
fn grid_grades_each_cell() {
    let m = matrix();
    let mut answers = BTreeMap::new();
    let k = |m: &str, l: &str| (m.to_string(), l.to_string());
    answers.insert(k("PaaS", "Data & classification"), Owner::Customer);
    answers.insert(k("PaaS", "Runtime & middleware"), Owner::Provider);
    answers.insert(k("PaaS", "Operating system"), Owner::Provider);
    answers.insert(k("SaaS", "Operating system"), Owner::Customer); // other model: ignored
    let r = grade(&m.file, Some("PaaS"), &answers);
    assert_eq!(r.total(), 4);
    assert_eq!((r.right, r.wrong, r.unanswered), (2, 1, 1));
    assert!(close(r.score, 0.5));
    let rt = r.cells.iter().find(|c| c.layer == "Runtime & middleware").expect("cell");
    assert_eq!(rt.verdict, Verdict::Wrong);
    assert_eq!(rt.right, Owner::Shared);
    assert_eq!(rt.given, Some(Owner::Provider));
    assert_eq!(rt.why, "The provider patches it; you configure it.");
    let id = r.cells.iter().find(|c| c.layer == "Identity & access").expect("cell");
    assert_eq!(id.verdict, Verdict::Unanswered);

    let all = grade(&m.file, None, &answers);
    assert_eq!(all.total(), 12);
    assert_eq!((all.right, all.wrong, all.unanswered), (2, 2, 8));
    // Row by row, models in column order.
    assert_eq!((all.cells[0].model.as_str(), all.cells[0].layer.as_str()), ("IaaS", "Data & classification"));
    assert_eq!(all.cells[1].model, "PaaS");

    let none = grade(&m.file, Some("FaaS"), &answers);
    assert_eq!(none.total(), 0);
    assert_eq!(none.score, 0.0);
}
