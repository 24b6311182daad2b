//! Properties that must hold for any input and width.

use handoff::markdown::{Rendered, render};
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

fn check_invariants(md: &str, width: u16) -> Result<Rendered, TestCaseError> {
    let r = render(md, width);
    let w = usize::from(width.max(1));
    prop_assert_eq!(r.lines.len(), r.sources.len());
    prop_assert!(r.sources.windows(2).all(|p| p[0] <= p[1]), "sources decrease");
    for (line, plain) in r.lines.iter().zip(r.plain_lines()) {
        // Both measures: ratatui sums spans, a plain terminal sees the whole string.
        prop_assert!(line.width() <= w, "line {:?} wider than {}", plain, w);
        prop_assert!(plain.width() <= w, "line {:?} wider than {}", plain, w);
        prop_assert!(!plain.contains('\x1b'));
    }
    for h in &r.headings {
        prop_assert!(h.line < r.lines.len());
    }
    Ok(r)
}

/// Simple documents of ASCII words: paragraphs, list items, quotes, headings.
fn simple_doc() -> impl Strategy<Value = (String, Vec<String>)> {
    let word = "[a-zA-Z0-9]{1,30}";
    let para = prop::collection::vec(word, 1..40);
    let block = (0..5usize, para);
    prop::collection::vec(block, 1..8).prop_map(|blocks| {
        let mut md = String::new();
        let mut words = Vec::new();
        for (kind, ws) in blocks {
            let text = ws.join(" ");
            let prefix = match kind {
                0 => "",
                1 => "- ",
                2 => "> ",
                3 => "1. ",
                _ => "> - ",
            };
            md.push_str(prefix);
            md.push_str(&text);
            md.push_str("\n\n");
            words.extend(ws);
        }
        (md, words)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_string_any_width(md in any::<String>(), width in 0u16..=200) {
        check_invariants(&md, width)?;
    }

    #[test]
    fn markdownish_strings(
        md in r"([-*>#|`~\[\]()!<:\\ 	\n1.xa日é👋\x1b\u{0301}_]|https://|<!--|-->|\|---\||```){0,80}",
        width in 1u16..=200,
    ) {
        check_invariants(&md, width)?;
    }

    #[test]
    fn words_are_kept((md, words) in simple_doc(), width in 1u16..=200) {
        let r = check_invariants(&md, width)?;
        let text = r.plain_lines().join("\n");
        // Words may be split across lines when longer than the width; compare without
        // whitespace and prefixes, in order.
        let squashed: String = text
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let mut rest = squashed.as_str();
        for word in &words {
            let Some(i) = rest.find(word.as_str()) else {
                return Err(TestCaseError::fail(format!("lost {word:?} in {text:?}")));
            };
            rest = &rest[i + word.len()..];
        }
    }

    #[test]
    fn words_intact_when_they_fit((md, words) in simple_doc(), width in 45u16..=200) {
        // Longest word is 30 columns and prefixes are at most 4, so no word is split.
        let r = check_invariants(&md, width)?;
        let text = r.plain_lines().join("\n");
        let out: std::collections::HashSet<&str> = text.split_whitespace().collect();
        for word in &words {
            prop_assert!(out.contains(word.as_str()), "lost {:?}", word);
        }
    }
}

fn tricky_corpus() -> Vec<String> {
    let mut docs = Vec::new();
    docs.push("x".repeat(10_000));
    docs.push(format!("{} end", "a".repeat(10_000)));
    docs.push(format!("{}deep quote text here", "> ".repeat(100)));
    let mut lists = String::new();
    for i in 0..100 {
        lists.push_str(&"  ".repeat(i));
        lists.push_str("- item words here\n");
    }
    docs.push(lists);
    let mut ordered = String::new();
    for i in 0..100 {
        ordered.push_str(&"   ".repeat(i));
        ordered.push_str("1. item\n");
    }
    docs.push(ordered);
    let header: Vec<String> = (0..30).map(|i| format!("Column{i}")).collect();
    let sep: Vec<&str> = (0..30).map(|i| [":--", ":-:", "--:"][i % 3]).collect();
    let row: Vec<String> = (0..30).map(|i| format!("value {i} 日本 é")).collect();
    docs.push(format!(
        "| {} |\n| {} |\n| {} |\n| {} |\n",
        header.join(" | "),
        sep.join(" | "),
        row.join(" | "),
        row.join(" | ")
    ));
    docs.push(
        "日本語のテキストは空白なしで折り返す。👋🎉👨‍👩‍👧 e\u{301}\u{302}\u{303} مرحبا بالعالم नमस्ते दुनिया ᄀᄀᄀᄀᄀ\u{1161}"
            .repeat(20),
    );
    let controls: String = (0u32..0x20)
        .chain(0x7f..0xa0)
        .chain([0x202a, 0x202e, 0x2066, 0x2069, 0x200e, 0x200f])
        .filter_map(char::from_u32)
        .collect();
    docs.push(format!(
        "# {controls}\n\n{controls}\n\n```\n{controls}\n```\n\n| a{controls} |\n|---|\n| {controls} |\n\n[x{controls}](http://a{controls}) <b{controls}>\n\n> {controls}"
    ));
    docs.push(
        "```\n\tTAB\n".to_string() + &"long-code-line-".repeat(50) + "\n```\n\n<!-- unterminated comment\n\n# hidden?",
    );
    docs.push("![](a)![![nested](b)](c)[![img](d)](e)[^x]\n\n[^x]: > quoted\n    - list".into());
    docs.push(include_str!("fixtures/all.md").to_string());
    docs
}

#[test]
fn tricky_corpus_never_panics_or_overflows() {
    for doc in tricky_corpus() {
        for width in 0..=120u16 {
            let r = render(&doc, width);
            let w = usize::from(width.max(1));
            assert_eq!(r.lines.len(), r.sources.len());
            assert!(r.sources.windows(2).all(|p| p[0] <= p[1]));
            for (line, plain) in r.lines.iter().zip(r.plain_lines()) {
                assert!(line.width() <= w, "{width}: {plain:?}");
                assert!(plain.width() <= w, "{width}: {plain:?}");
                assert!(!plain.chars().any(|c| c.is_control() && c != '\t'));
            }
        }
    }
}

#[test]
fn a_megabyte_document_renders_within_the_width() {
    let fixture = include_str!("fixtures/all.md");
    let mut doc = String::new();
    while doc.len() < 1_000_000 {
        doc.push_str(fixture);
        doc.push('\n');
    }
    // Speed is measured by `cargo bench`, never asserted here.
    let r = render(&doc, 80);
    assert!(r.lines.len() > 10_000);
    assert_eq!(r.lines.len(), r.sources.len());
    assert!(r.lines.iter().all(|l| l.width() <= 80));
}
