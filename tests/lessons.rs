//! The built-in course: every lesson renders cleanly at common widths and has
//! the parts a lesson promises (objectives, summary, sources).

use handoff::course;
use handoff::markdown;

const EXPECTED_ORDER: [&str; 8] = [
    "01-shared-responsibility",
    "02-service-models",
    "03-providers-differ",
    "04-finding-controls",
    "05-trust-but-verify",
    "06-inside-the-organisation",
    "07-incidents",
    "08-write-down-your-handoff",
];

#[test]
fn the_course_has_its_title_and_lessons_in_order() {
    let course = course::load_builtin();
    assert!(course.title.contains("Shared Responsibility"), "{}", course.title);
    let ids: Vec<&str> = course.lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, EXPECTED_ORDER);
    assert!(course.problems.is_empty(), "{:?}", course.problems);
}

#[test]
fn every_lesson_renders_within_the_width_at_40_80_120() {
    let course = course::load_builtin();
    for lesson in &course.lessons {
        for width in [40u16, 80, 120] {
            let rendered = markdown::render(&lesson.text, width);
            for (number, line) in rendered.plain_lines().iter().enumerate() {
                let shown = unicode_width::UnicodeWidthStr::width(line.as_str());
                assert!(
                    shown <= usize::from(width),
                    "{} at {width}, line {number} is {shown} wide: {line:?}",
                    lesson.id
                );
            }
            let headings: Vec<&str> = rendered.headings.iter().map(|h| h.text.as_str()).collect();
            assert!(headings.contains(&"What you will be able to do"), "{}: {headings:?}", lesson.id);
            assert!(headings.contains(&"Summary"), "{}: {headings:?}", lesson.id);
            assert_eq!(headings.last(), Some(&"Further reading"), "{}: Further reading comes last", lesson.id);
        }
    }
}

#[test]
fn every_lesson_is_600_to_1800_words_and_cites_sources() {
    let course = course::load_builtin();
    for lesson in &course.lessons {
        let words = lesson.text.split_whitespace().count();
        assert!((600..=1800).contains(&words), "{} has {words} words", lesson.id);
        let reading = lesson.text.split("## Further reading").nth(1).unwrap_or_default();
        assert!(reading.contains("https://"), "{}: further reading lists linked sources", lesson.id);
    }
}

#[test]
fn the_seed_topics_are_all_covered() {
    let course = course::load_builtin();
    let all: String = course.lessons.iter().map(|l| l.text.to_lowercase()).collect();
    for topic in [
        "shared responsibility",
        "iaas",
        "paas",
        "saas",
        "trust portal",
        "soc 2",
        "trust but verify",
        "business owner",
        "further reading",
    ] {
        assert!(all.contains(topic), "no lesson covers {topic:?}");
    }
}

#[test]
fn the_matrix_table_in_the_service_models_lesson_matches_the_data() {
    let course = course::load_builtin();
    let lesson = course.lessons.iter().find(|l| l.id == "02-service-models").expect("lesson 2");
    let matrix = course.drill_matrix().expect("course matrix");
    assert_eq!(matrix.id, "course");
    let header = "| Layer | On-prem | IaaS | PaaS | SaaS |";
    let table: Vec<Vec<String>> = lesson
        .text
        .lines()
        .skip_while(|line| line.trim() != header)
        .skip(2)
        .take_while(|line| line.trim_start().starts_with('|'))
        .map(|line| line.trim().trim_matches('|').split('|').map(|cell| cell.trim().to_string()).collect())
        .collect();
    assert_eq!(table.len(), matrix.file.layers.len(), "one table row per matrix layer");
    assert_eq!(matrix.file.models, ["On-prem", "IaaS", "PaaS", "SaaS"]);
    for (row, layer) in table.iter().zip(&matrix.file.layers) {
        assert_eq!(row[0], layer.name);
        for (cell, model) in row[1..].iter().zip(&matrix.file.models) {
            let owner = layer.cells[model].owner.label();
            assert_eq!(cell.to_lowercase(), owner, "{} under {model}", layer.name);
        }
    }
}

#[test]
fn every_lesson_has_a_quiz_using_every_question_type() {
    use handoff::quiz::model::QuestionKind;
    let course = course::load_builtin();
    assert!(course.diagnostics.is_empty(), "{:?}", course.diagnostics);
    for lesson in &course.lessons {
        let quiz =
            course.quizzes.iter().find(|q| q.id == lesson.id).unwrap_or_else(|| panic!("no quiz for {}", lesson.id));
        let questions = &quiz.file.questions;
        assert!(questions.len() >= 8, "{} has {} questions", quiz.id, questions.len());
        let has = |wanted: fn(&QuestionKind) -> bool| questions.iter().any(|q| wanted(&q.kind));
        assert!(has(|k| matches!(k, QuestionKind::Single { .. })), "{}: single", quiz.id);
        assert!(has(|k| matches!(k, QuestionKind::Multiple { .. })), "{}: multiple", quiz.id);
        assert!(has(|k| matches!(k, QuestionKind::TrueFalse { .. })), "{}: true/false", quiz.id);
        assert!(has(|k| matches!(k, QuestionKind::Matching { .. })), "{}: matching", quiz.id);
        assert!(questions.iter().all(|q| !q.explanation.trim().is_empty()), "{}: every question explained", quiz.id);
    }
}
