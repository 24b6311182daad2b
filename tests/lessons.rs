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
fn every_lesson_renders_without_warnings_at_40_80_120() {
    let course = course::load_builtin();
    for lesson in &course.lessons {
        for width in [40u16, 80, 120] {
            let rendered = markdown::render(&lesson.text, width);
            assert!(rendered.warnings.is_empty(), "{} at {width}: {:?}", lesson.id, rendered.warnings);
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
