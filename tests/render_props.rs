//! Properties that must hold for any input and width: no panic, no line wider than the
//! width, and no text dropped (every word of the input shown; see `words`).

mod words;

use handoff::markdown::{Rendered, render};
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;
use words::{Expected, Item};

fn check_invariants(md: &str, width: u16) -> Result<Rendered, TestCaseError> {
    let r = render(md, width);
    let w = usize::from(width.max(1));
    prop_assert_eq!(r.len(), r.sources.len());
    prop_assert!(r.sources.windows(2).all(|p| p[0] <= p[1]), "sources decrease");
    for (line, plain) in r.lines().zip(r.texts()) {
        // Both measures: ratatui sums spans, a plain terminal sees the whole string.
        prop_assert!(line.width() <= w, "line {:?} wider than {}", plain, w);
        prop_assert!(plain.width() <= w, "line {:?} wider than {}", plain, w);
        prop_assert!(!plain.chars().any(|c| c.is_control() && c != '\t'), "control character in {:?}", plain);
    }
    for h in &r.headings {
        prop_assert!(h.line < r.len());
    }
    if let Err(e) = Expected::of(md).check(&r, w) {
        return Err(TestCaseError::fail(format!("width {w}: {e}\nmarkdown: {}", preview(md))));
    }
    Ok(r)
}

/// The start of a (possibly huge) document, for failure messages.
fn preview(md: &str) -> String {
    let end = md.char_indices().nth(300).map_or(md.len(), |(i, _)| i);
    format!("{:?}{}", &md[..end], if end < md.len() { "…" } else { "" })
}

// ----- the checker itself must be able to fail ------------------------------------------------

#[test]
fn expected_words_come_from_text_not_markup() {
    let md = "# Ti*tle*\n\n> - item `code` [link](https://ex.com/path \"title\") <!-- gone -->\n\n\
              | H1 | H2 |\n|---|---|\n| a b | c |\n\n```rust extra\nlet x;\n```\n\ntext[^n]\n\n[^n]: note";
    let exp = Expected::of(md);
    let w = |s: &str| Item::Word(s.to_string());
    let cells = |c: &[&[&str]]| c.iter().map(|c| c.iter().map(|s| s.to_string()).collect()).collect();
    assert_eq!(
        exp.main,
        [
            w("Ti"),
            w("tle"),
            w("item"),
            w("code"),
            w("link"),
            Item::Row { header: true, cells: cells(&[&["H1"], &["H2"]]) },
            Item::Row { header: false, cells: cells(&[&["a", "b"], &["c"]]) },
            w("rust"),
            w("let"),
            w("x"),
            w("text"),
        ]
    );
    assert_eq!(exp.footnotes, [vec![w("note")]]);
    assert_eq!(exp.urls, [vec!["https".to_string(), "ex".to_string(), "com".to_string(), "path".to_string()]]);
}

#[test]
fn the_word_check_detects_dropped_and_reordered_words() {
    let md = "alpha beta gamma\n\n> delta epsilon\n\n[^f]\n\n[^f]: zeta\n\n[eta](https://theta.example)";
    let exp = Expected::of(md);
    let good = render(md, 40);
    assert_eq!(exp.check(&good, 40), Ok(()));
    assert_eq!(exp.word_count(), 8);
    // Every single word, removed from the output, is noticed.
    for victim in ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"] {
        let mut lines = good.to_owned_lines();
        for line in &mut lines {
            for span in &mut line.spans {
                if span.content.contains(victim) {
                    span.content = span.content.replacen(victim, "", 1).into();
                    break;
                }
            }
        }
        let bad = Rendered::from_lines(lines.into_iter().zip(good.sources.iter().copied()));
        assert!(exp.check(&bad, 40).is_err(), "dropping {victim} went unnoticed");
    }
    // Main text out of order is noticed too.
    let mut lines = good.to_owned_lines();
    lines.swap(0, 2);
    let swapped = Rendered::from_lines(lines.into_iter().zip(good.sources.iter().copied()));
    assert!(exp.check(&swapped, 40).is_err(), "reordering went unnoticed");
    // A word split across lines with prefixes between the pieces still counts.
    let split = render("> > supercalifragilistic", 8);
    assert!(split.len() > 2);
    assert_eq!(Expected::of("> > supercalifragilistic").check(&split, 8), Ok(()));
    // Characters too wide for the line are the one exception.
    let narrow = render("日本 x", 1);
    assert_eq!(Expected::of("日本 x").check(&narrow, 1), Ok(()));
    assert!(Expected::of("日本 x").check(&render("x", 2), 2).is_err());
}

// ----- generated documents -----------------------------------------------------------------

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

/// Inline text: words with markup, breaks, comments, links and non-Latin scripts.
fn inline_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        4 => "[a-z]{1,12}",
        1 => "[a-z0-9]{40,120}",
        1 => Just("**strong** words".to_string()),
        1 => Just("*em*phasis".to_string()),
        1 => Just("`co de`".to_string()),
        1 => Just("[link text](https://example.com/a/very/long/path/segment)".to_string()),
        1 => Just("<https://auto.example/x>".to_string()),
        1 => Just("![alt words](img/pic.png)".to_string()),
        1 => Just("<!-- hidden comment -->".to_string()),
        1 => Just("<b>bold</b>".to_string()),
        1 => Just("日本語のテキスト".to_string()),
        1 => Just("👋🎉👨‍👩‍👧".to_string()),
        1 => Just("e\u{301}\u{302} नमस्ते مرحبا".to_string()),
        1 => Just("[^fn]".to_string()),
    ];
    let sep = prop_oneof![6 => Just(" "), 1 => Just("\n"), 1 => Just("  \n"), 1 => Just("\\\n")];
    prop::collection::vec((token, sep), 1..12).prop_map(|parts| {
        let mut s = String::new();
        for (token, sep) in parts {
            s.push_str(&token);
            s.push_str(sep);
        }
        s.trim_end().to_string()
    })
}

/// A leaf block as lines of Markdown.
fn leaf_block() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        4 => inline_text().prop_map(|t| t.lines().map(str::to_string).collect()),
        1 => (1..7usize, "[a-z ]{1,40}").prop_map(|(n, t)| vec![format!("{} {t}x", "#".repeat(n))]),
        1 => prop::collection::vec("[a-z0-9 日{}();]{0,90}", 1..4).prop_map(|body| {
            let mut lines = vec!["```lang attrs".to_string()];
            lines.extend(body);
            lines.push("```".to_string());
            lines
        }),
        1 => (1..5usize, prop::collection::vec("[a-z]{1,15}", 1..12)).prop_map(|(cols, words)| {
            let row = |offset: usize| {
                let cells: Vec<&str> = (0..cols).map(|c| words[(offset + c) % words.len()].as_str()).collect();
                format!("| {} |", cells.join(" | "))
            };
            vec![row(0), format!("|{}", "---|".repeat(cols)), row(1), row(2)]
        }),
        1 => "[a-z ]{1,30}".prop_map(|t| vec!["<div>".to_string(), format!("{t}x <!-- c --> y"), "</div>".to_string()]),
        1 => Just(vec!["---".to_string()]),
        1 => "[a-z ]{1,30}".prop_map(|t| vec![format!("[^fn]: note {t}x")]),
    ]
}

/// Blocks separated by blank lines.
fn join_blocks(blocks: Vec<Vec<String>>) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, block) in blocks.into_iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(block);
    }
    lines
}

/// Nested documents: quotes and lists (bullets, numbers, tasks) holding any blocks.
fn nested_doc() -> impl Strategy<Value = String> {
    let block = leaf_block().prop_recursive(12, 64, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|children| {
                join_blocks(children)
                    .into_iter()
                    .map(|l| if l.is_empty() { ">".into() } else { format!("> {l}") })
                    .collect()
            }),
            (0..3usize, prop::collection::vec(prop::collection::vec(inner, 1..3), 1..4)).prop_map(|(kind, items)| {
                let mut lines = Vec::new();
                for (n, children) in items.into_iter().enumerate() {
                    let marker = match kind {
                        0 => "- ".to_string(),
                        1 => format!("{}. ", n + 7),
                        _ => "- [x] ".to_string(),
                    };
                    let indent = " ".repeat(marker.len());
                    for (i, line) in join_blocks(children).into_iter().enumerate() {
                        lines.push(match (i, line.is_empty()) {
                            (0, _) => format!("{marker}{line}"),
                            (_, true) => String::new(),
                            _ => format!("{indent}{line}"),
                        });
                    }
                }
                lines
            }),
        ]
    });
    prop::collection::vec(block, 1..5).prop_map(|blocks| join_blocks(blocks).join("\n"))
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
    fn nested_documents_keep_every_word(md in nested_doc(), width in 1u16..=200) {
        for w in [width, 1, 2, 3] {
            check_invariants(&md, w)?;
        }
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

// ----- the corpus of tricky documents, at every width ---------------------------------------

/// Renders `doc` at every width from 1 to 200 (and 0, treated as 1) and checks everything.
fn every_width(name: &str, doc: &str) {
    let expected = Expected::of(doc);
    assert!(expected.word_count() > 0 || doc.trim().is_empty(), "{name}: no words to check");
    for width in 0..=200u16 {
        let r = render(doc, width);
        let w = usize::from(width.max(1));
        assert_eq!(r.len(), r.sources.len(), "{name} at {width}");
        assert!(r.sources.windows(2).all(|p| p[0] <= p[1]), "{name} at {width}: sources decrease");
        for (line, plain) in r.lines().zip(r.texts()) {
            assert!(line.width() <= w, "{name} at {width}: {plain:?}");
            assert!(plain.width() <= w, "{name} at {width}: {plain:?}");
            assert!(!plain.chars().any(|c| c.is_control() && c != '\t'), "{name} at {width}: {plain:?}");
        }
        if let Err(e) = expected.check(&r, w) {
            panic!("{name} at width {width}: {e}");
        }
    }
}

/// A word of `len` characters that is not one repeated letter, so a lost middle shows.
fn long_word(len: usize, seed: usize) -> String {
    (0..len).map(|i| char::from(b'a' + ((i * 7 + seed) % 26) as u8)).collect()
}

fn deep_quotes() -> String {
    let mut doc = String::new();
    // Text every few levels: every level's text would make the document needlessly slow.
    for level in (1..=100).filter(|l| l % 4 == 1) {
        let bars = "> ".repeat(level);
        doc.push_str(&format!("{bars}level{level} quoted words at depth {level}\n{}\n", bars.trim_end()));
    }
    doc.push_str(&format!("\n{}{}\n", "> ".repeat(100), long_word(300, 1)));
    doc
}

fn deep_lists() -> String {
    let mut doc = String::new();
    let mut indent = 0;
    for level in 0..100 {
        // An ordered list may only interrupt a paragraph when it starts at 1.
        let (marker, width) = match level % 3 {
            0 => ("- ", 2),
            1 => ("1. ", 3),
            _ => ("* [ ] ", 2),
        };
        doc.push_str(&format!("{}{marker}item{level} at depth {level} with words\n", " ".repeat(indent)));
        indent += width;
    }
    doc.push('\n');
    // Back out through a second, loose list with paragraphs and a long word.
    for level in 0..30 {
        doc.push_str(&format!("{}- loose{level}\n\n", "  ".repeat(level)));
    }
    doc.push_str(&format!("{}{}\n", "  ".repeat(30), long_word(500, 2)));
    doc
}

/// A table of distinct words; `short` cells let a table of many columns fit wide windows.
fn table(columns: usize, rows: usize, short: bool) -> String {
    let mut doc = String::new();
    let header: Vec<String> = (0..columns).map(|c| format!("H{c}")).collect();
    let aligns: Vec<&str> = (0..columns).map(|c| [":--", ":-:", "--:", "---"][c % 4]).collect();
    doc.push_str(&format!("| {} |\n| {} |\n", header.join(" | "), aligns.join(" | ")));
    for r in 0..rows {
        let cells: Vec<String> = (0..columns)
            .map(|c| match (r + c) % 7 {
                _ if short => format!("{}{c}", char::from(b'a' + (r % 26) as u8)),
                0 => format!("r{r}c{c} two words"),
                1 => format!("**r{r}c{c}**bold"),
                2 => format!("日本r{r}c{c}"),
                3 => String::new(),
                _ => format!("r{r}c{c}"),
            })
            .collect();
        doc.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    doc
}

/// Columns squeezed until the table turns into a list, with words that span styles.
fn styled_table() -> String {
    "| **ab**cdefgh | x | *日本*語テ |\n|---|---|---|\n| y`code`word | z | a**b**c**d**e |\n".to_string()
}

fn mixed_nesting() -> String {
    let mut doc = String::new();
    let mut prefix = String::new();
    for level in 0..50 {
        let text = format!("mix{level} text with a [link{level}](https://example.org/{level}) and `code{level}`");
        let step = if level % 2 == 0 { "> ".to_string() } else { "- ".to_string() };
        doc.push_str(&format!("{prefix}{step}{text}\n"));
        let cont = if level % 2 == 0 { step.clone() } else { "  ".to_string() };
        prefix.push_str(&cont);
        let p = prefix.trim_end();
        match level % 5 {
            0 => doc.push_str(&format!(
                "{p}\n{prefix}```sh\n{prefix}code line {level} {}\n{prefix}```\n",
                long_word(90, level)
            )),
            1 => doc.push_str(&format!(
                "{p}\n{prefix}| a{level} | b{level} |\n{prefix}|---|---|\n{prefix}| c{level} | d{level} |\n"
            )),
            2 => doc.push_str(&format!("{p}\n{prefix}## heading{level} words\n")),
            3 => doc.push_str(&format!("{p}\n{prefix}hard{level}  \n{prefix}break{level}\\\n{prefix}again{level}\n")),
            _ => doc.push_str(&format!("{p}\n{prefix}<div>html{level} <!-- no{level} --> yes{level}</div>\n")),
        }
        doc.push_str(&format!("{p}\n"));
    }
    doc
}

fn long_urls() -> String {
    let path = long_word(2000, 3);
    format!(
        "A [link](https://example.com/{path}) and <https://auto.example.com/{path}> and \
         ![image](https://img.example.com/{path}.png) and a bare https://bare.example.com/{path}\n\n\
         > - [deep link](https://deep.example.com/{path}?q=1&r=2#frag)\n\n\
         | url |\n|---|\n| <https://cell.example.com/{path}> |\n\n\
         [ref]: https://ref.example.com/{path}\n\nUse [ref] and [again][ref].\n"
    )
}

fn scripts() -> String {
    let text = "日本語のテキストは空白なしで折り返す。한국어 텍스트 👋🎉👨‍👩‍👧🇫🇷 e\u{301}\u{302}\u{303} \
                مرحبا بالعالم नमस्ते दुनिया क्षत्रिय ᄀᄀᄀᄀᄀ\u{1161} Ｆｕｌｌｗｉｄｔｈ ½ ①②③";
    format!(
        "# {text}\n\n{text}\n\n> > - {text}\n\n| {text} | x |\n|---|---|\n| {text} | 日本 |\n\n\
         ```\n{text}\n```\n\n1. {}\n\n[{text}](https://例え.jp/パス)\n",
        text.repeat(3)
    )
}

fn hard_breaks() -> String {
    let mut doc = String::new();
    for i in 0..30 {
        doc.push_str(&format!("line{i}  \n"));
    }
    doc.push_str("end\\\n\\\n\\\nafter\n\n");
    doc.push_str(&format!("- item  \n  second{}  \n  third\n\n", long_word(150, 4)));
    doc.push_str("> > quote  \n> > broken\\\n> > lines\n\n");
    doc.push_str(&format!("# heading\\\nnot a break {}\n", long_word(60, 5)));
    doc
}

fn html() -> String {
    format!(
        "<!-- a comment\nspanning lines -->\nvisible1\n\n<div>\nblock2 <!-- hidden --> shown3\n<!-- x -->after4\n</div>\n\n\
         text5 <span>inline6</span> <!-- inline hidden --> text7\n\n\
         - <details>\n  <summary>sum8</summary>\n  body9\n  </details>\n\n\
         > <pre>\n> {}\n> </pre>\n\n\
         <table><tr><td>cell10</td></tr></table>\n\n<!-- unterminated comment\n\n# hidden\n",
        long_word(300, 6)
    )
}

fn footnotes() -> String {
    let mut doc = String::new();
    for i in 0..20 {
        doc.push_str(&format!("para{i} cites[^n{i}] and[^n{}]\n\n", (i + 7) % 20));
    }
    for i in (0..20).rev() {
        doc.push_str(&format!("[^n{i}]: note{i} > body {}\n    - nested{i} item\n\n", long_word(40 + i, i)));
    }
    doc.push_str("[^unused]: never referenced unused1\n\n[^n3]: repeated definition rep2\n\n");
    doc.push_str("> - deep[^deep]\n\n[^deep]: | t | u |\n    |---|---|\n    | fn1 | fn2 |\n");
    doc
}

fn old_tricky() -> Vec<String> {
    let controls: String = (0u32..0x20)
        .chain(0x7f..0xa0)
        .chain([0x202a, 0x202e, 0x2066, 0x2069, 0x200e, 0x200f])
        .filter_map(char::from_u32)
        .collect();
    vec![
        format!("{} end", long_word(10_000, 0)),
        format!("> > > - > 1. {}\n", long_word(10_000, 9)),
        format!("# {}\n\n| {} |\n|---|\n", long_word(10_000, 10), long_word(3_000, 11)),
        format!("```\n{}\n```\n", long_word(10_000, 12)),
        format!(
            "# {controls}\n\n{controls}\n\n```\n{controls}\n```\n\n| a{controls} |\n|---|\n| {controls} |\n\n\
             [x{controls}](http://a{controls}) <b{controls}>\n\n> {controls}"
        ),
        "```\n\tTAB\n".to_string() + &"long-code-line-".repeat(50) + "\n```\n\n<!-- unterminated comment\n\n# hidden?",
        "![](a)![![nested](b)](c)[![img](d)](e)[^x]\n\n[^x]: > quoted\n    - list".into(),
        include_str!("fixtures/all.md").to_string(),
    ]
}

#[test]
fn corpus_deep_nesting() {
    every_width("deep quotes", &deep_quotes());
    every_width("deep lists", &deep_lists());
    every_width("mixed nesting", &mixed_nesting());
}

#[test]
fn corpus_giant_table() {
    every_width("table 60x10", &table(60, 10, false));
    // Narrow enough to be drawn as a table from about width 130.
    every_width("table 25x8", &table(25, 8, true));
    every_width("table 3x10", &table(3, 10, false));
    every_width("styled table", &styled_table());
}

#[test]
fn corpus_text() {
    every_width("long urls", &long_urls());
    every_width("scripts", &scripts());
    every_width("hard breaks", &hard_breaks());
    every_width("html", &html());
    every_width("footnotes", &footnotes());
}

#[test]
fn corpus_old_tricky() {
    for (i, doc) in old_tricky().iter().enumerate() {
        every_width(&format!("tricky {i}"), doc);
    }
}

#[test]
fn a_giant_table_renders_at_a_few_widths() {
    // 60 columns x 500 rows is too slow to sweep every width in a debug build, so two.
    let doc = table(60, 500, false);
    let expected = Expected::of(&doc);
    for width in [1u16, 200] {
        let r = render(&doc, width);
        let w = usize::from(width);
        assert!(r.lines().all(|l| l.width() <= w), "at {width}");
        assert_eq!(expected.check(&r, w), Ok(()), "at {width}");
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
    assert!(r.len() > 10_000);
    assert_eq!(r.len(), r.sources.len());
    assert!(r.lines().all(|l| l.width() <= 80));
}
