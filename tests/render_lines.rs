//! Expected-lines tests, one group per construct.

use handoff::markdown::{Rendered, render};
use ratatui::style::{Color, Modifier};

fn lines(md: &str, width: u16) -> Vec<String> {
    render(md, width).plain_lines()
}

#[track_caller]
fn check(md: &str, width: u16, expected: &[&str]) {
    assert_eq!(lines(md, width), expected, "markdown: {md:?} width {width}");
}

/// Style of the span containing `needle` on line `line`.
fn style_of(r: &Rendered, line: usize, needle: &str) -> ratatui::style::Style {
    r.line(line)
        .spans
        .iter()
        .find(|s| s.content.contains(needle))
        .map(|s| s.style)
        .unwrap_or_else(|| panic!("{needle:?} not on line {line}: {:?}", r.line(line)))
}

#[test]
fn headings_all_levels_distinct_and_recorded() {
    let md = "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n";
    let r = render(md, 40);
    assert_eq!(r.plain_lines(), ["One", "", "Two", "", "Three", "", "Four", "", "Five", "", "Six"]);
    let levels: Vec<(u8, &str, usize)> = r.headings.iter().map(|h| (h.level, h.text.as_str(), h.line)).collect();
    assert_eq!(levels, [(1, "One", 0), (2, "Two", 2), (3, "Three", 4), (4, "Four", 6), (5, "Five", 8), (6, "Six", 10)]);
    let styles: Vec<_> = r.headings.iter().map(|h| r.line(h.line).spans[0].style).collect();
    for (i, a) in styles.iter().enumerate() {
        for b in &styles[i + 1..] {
            assert_ne!(a, b, "heading styles must differ per level");
        }
    }
    let h1 = styles[0].add_modifier;
    assert!(h1.contains(Modifier::BOLD | Modifier::UNDERLINED));
    assert!(styles[2].add_modifier.contains(Modifier::BOLD));
    assert!(styles[3].add_modifier.contains(Modifier::BOLD | Modifier::ITALIC));
    assert_eq!(r.headings[3].source, md.find("#### Four").unwrap_or(0));
}

#[test]
fn long_heading_wraps_and_keeps_inline_styles() {
    let r = render("## A long heading with `code` inside", 20);
    assert_eq!(r.plain_lines(), ["A long heading with", "code inside"]);
    assert_eq!(r.headings[0].text, "A long heading with code inside");
    let code = style_of(&r, 1, "code");
    assert!(code.add_modifier.contains(Modifier::BOLD));
    assert_eq!(code.fg, Some(Color::Yellow));
}

#[test]
fn paragraphs_reflow_with_soft_and_hard_breaks() {
    let md = "one two\nthree four five six seven\n\nsecond  para\\\nafter break";
    check(md, 20, &["one two three four", "five six seven", "", "second para", "after break"]);
    check(md, 80, &["one two three four five six seven", "", "second para", "after break"]);
}

#[test]
fn inline_styles() {
    let r = render("**bold** *it* ~~gone~~ `x = 1`", 40);
    assert_eq!(r.plain_lines(), ["bold it gone x = 1"]);
    assert!(style_of(&r, 0, "bold").add_modifier.contains(Modifier::BOLD));
    assert!(style_of(&r, 0, "it").add_modifier.contains(Modifier::ITALIC));
    assert!(style_of(&r, 0, "gone").add_modifier.contains(Modifier::CROSSED_OUT));
    assert_eq!(style_of(&r, 0, "x").fg, Some(Color::Yellow));
    let nested = render("***both***", 40);
    let s = style_of(&nested, 0, "both").add_modifier;
    assert!(s.contains(Modifier::BOLD | Modifier::ITALIC));
}

#[test]
fn fenced_code_is_verbatim_with_language_and_marked_wraps() {
    let md = "```rust\nfn main() {\n\tlet  x = 1; // a long comment here\n}\n```";
    check(md, 80, &["  rust", "  fn main() {", "      let  x = 1; // a long comment here", "  }"]);
    check(md, 20, &["  rust", "  fn main() {", "      let  x = 1; //", "  ↪ a long comment h", "  ↪ere", "  }"]);
    let r = render(md, 40);
    assert_eq!(style_of(&r, 1, "fn").fg, Some(Color::Yellow));
    assert!(style_of(&r, 0, "rust").add_modifier.contains(Modifier::DIM));
    // Each code line points at its own source line.
    assert_eq!(r.sources[1], md.find("fn main").unwrap_or(0));
    assert_eq!(r.sources[2], md.find("\tlet").unwrap_or(0));
}

#[test]
fn indented_code_block() {
    check("para\n\n    code  here\n    more\n\nafter", 40, &["para", "", "  code  here", "  more", "", "after"]);
}

#[test]
fn block_quotes_bar_every_line_and_nest() {
    let md = "> quoted text that wraps around\n>\n> > nested quote text wraps too";
    check(md, 20, &["│ quoted text that", "│ wraps around", "│", "│ │ nested quote", "│ │ text wraps too"]);
    check(md, 40, &["│ quoted text that wraps around", "│", "│ │ nested quote text wraps too"]);
}

#[test]
fn unordered_nested_lists_with_hanging_indent() {
    let md = "- first item that wraps nicely\n- second\n  - nested one\n    - deeper\n- third";
    check(md, 20, &["• first item that", "  wraps nicely", "• second", "  ◦ nested one", "    ▪ deeper", "• third"]);
}

#[test]
fn ordered_lists_honour_start_and_right_align() {
    check(
        "8. eight\n9. nine\n10. ten words that wrap",
        16,
        &[" 8. eight", " 9. nine", "10. ten words", "    that wrap"],
    );
    check("3. c\n4. d", 40, &["3. c", "4. d"]);
}

#[test]
fn ordered_lists_align_whether_they_stream_or_are_counted_first() {
    // Up to 9 (or 9 - start + 1) lines cannot hold a two-digit number: rendered as it comes.
    check("7. g\n8. h\n9. i", 40, &["7. g", "8. h", "9. i"]);
    // One line more and the list is counted first; three items still need no pad.
    check("7. g\n8. h\n   more\n9. i", 40, &["7. g", "8. h more", "9. i"]);
    // Counted, and it reaches 10: every number is padded to two digits.
    check("7. g\n8. h\n9. i\n10. j", 40, &[" 7. g", " 8. h", " 9. i", "10. j"]);
    // A short list inside a long one: each list aligns its own numbers.
    let md = "1. a\n   1. x\n   2. y\n2. b\n3. c\n4. d\n5. e\n6. f\n7. g\n8. h\n9. i\n10. j";
    let lines = lines(md, 40);
    assert_eq!(&lines[..3], [" 1. a", "    1. x", "    2. y"]);
    assert_eq!(lines.last().map(String::as_str), Some("10. j"));
}

#[test]
fn loose_lists_have_blank_lines_between_items() {
    check("- a\n\n- b\n\nafter", 40, &["• a", "", "• b", "", "after"]);
}

#[test]
fn task_lists() {
    check("- [x] done\n- [ ] todo", 40, &["• [x] done", "• [ ] todo"]);
}

#[test]
fn list_inside_quote_and_quote_inside_list() {
    check("> - a\n> - b", 40, &["│ • a", "│ • b"]);
    check("- item\n\n  > quoted", 40, &["• item", "", "  │ quoted"]);
}

#[test]
fn table_natural_width_with_alignment() {
    let md = "| Left | Centre | Right |\n|:-----|:------:|------:|\n| a | b | 1 |\n| longer | c | 22 |";
    check(
        md,
        40,
        &[
            "┌────────┬────────┬───────┐",
            "│ Left   │ Centre │ Right │",
            "├────────┼────────┼───────┤",
            "│ a      │   b    │     1 │",
            "│ longer │   c    │    22 │",
            "└────────┴────────┴───────┘",
        ],
    );
    let r = render(md, 40);
    assert!(style_of(&r, 1, "Left").add_modifier.contains(Modifier::BOLD));
}

#[test]
fn table_shrinks_and_wraps_cells() {
    let md = "| Name | Description |\n|---|---|\n| x | a rather long description text |";
    check(
        md,
        24,
        &[
            "┌──────┬───────────────┐",
            "│ Name │ Description   │",
            "├──────┼───────────────┤",
            "│ x    │ a rather long │",
            "│      │ description   │",
            "│      │ text          │",
            "└──────┴───────────────┘",
        ],
    );
}

#[test]
fn table_too_narrow_becomes_a_list_of_rows() {
    let md = "| Name | Value |\n|---|---|\n| alpha | 1 |\n| beta | 2 |";
    let r = render(md, 12);
    assert_eq!(r.plain_lines(), ["Name: alpha", "Value: 1", "", "Name: beta", "Value: 2"]);
}

#[test]
fn table_never_splits_words_inside_cells() {
    let md = "| Layer | IaaS | SaaS |\n|---|---|---|\n| Operating system | Customer | Provider |";
    let wide = render(md, 42).plain_lines();
    assert_eq!(wide[3], "│ Operating system │ Customer │ Provider │");
    let narrow = render(md, 28).plain_lines();
    assert_eq!(narrow, ["Layer: Operating system", "IaaS: Customer", "SaaS: Provider"]);
    let squeezed = render(md, 35).plain_lines();
    assert_eq!(squeezed[3], "│ Operating │ Customer │ Provider │", "wraps between words: {squeezed:?}");
}

#[test]
fn table_never_splits_a_word_that_changes_style() {
    // `**ab**cdefgh` is one word of 8 columns, not words of 2 and 6.
    let md = "| **ab**cdefgh | x |\n|---|---|\n| y | z |";
    assert_eq!(lines(md, 14), ["abcdefgh: y", "x: z"]);
    assert_eq!(lines(md, 16)[1], "│ abcdefgh │ x │");
}

#[test]
fn table_cells_with_inline_styles() {
    let r = render("| a |\n|---|\n| **b** `c` |", 40);
    assert_eq!(r.plain_lines()[3], "│ b c │");
    assert!(style_of(&r, 3, "b").add_modifier.contains(Modifier::BOLD));
    assert_eq!(style_of(&r, 3, "c").fg, Some(Color::Yellow));
}

#[test]
fn links_get_reference_numbers_and_a_links_section() {
    let md = "See [docs](https://example.com/a) and [again](https://example.com/a), \
              [other](https://b.example) and <https://auto.example>.";
    check(
        md,
        80,
        &[
            "See docs[1] and again[1], other[2] and https://auto.example.",
            "",
            "Links",
            "[1] https://example.com/a",
            "[2] https://b.example",
        ],
    );
    let r = render(md, 80);
    assert!(style_of(&r, 0, "docs").add_modifier.contains(Modifier::UNDERLINED));
    assert!(style_of(&r, 0, "[1]").add_modifier.contains(Modifier::DIM));
}

#[test]
fn long_link_targets_wrap_in_links_section() {
    check(
        "[x](https://example.com/a/very/long/path)",
        20,
        &["x[1]", "", "Links", "[1] https://example.", "    com/a/very/long/", "    path"],
    );
}

#[test]
fn images_show_alt_text_and_reference() {
    check(
        "![a crab](crab.png) ![](empty.png)",
        40,
        &["[image: a crab][1] [image][2]", "", "Links", "[1] crab.png", "[2] empty.png"],
    );
    let r = render("![a crab](crab.png)", 40);
    assert!(style_of(&r, 0, "crab").add_modifier.contains(Modifier::DIM));
}

#[test]
fn horizontal_rules_span_the_width_inside_prefixes() {
    check("a\n\n---\n\nb", 10, &["a", "", "──────────", "", "b"]);
    check("> ***", 10, &["│ ────────"]);
}

#[test]
fn footnotes_are_collected_at_the_end() {
    let md = "Claim[^a] and another[^b].\n\n[^b]: Second note.\n[^a]: First note that wraps around.";
    check(
        md,
        24,
        &[
            "Claim[^1] and",
            "another[^2].",
            "",
            "Footnotes",
            "[^1] First note that",
            "     wraps around.",
            "[^2] Second note.",
        ],
    );
}

#[test]
fn html_comments_hidden_other_html_shown() {
    let md = "<!-- top\nof file -->\n# Title\n\ntext <!-- gone --> <b>bold</b>\n\n<div>\nblock\n</div>";
    let r = render(md, 40);
    assert_eq!(r.plain_lines(), ["Title", "", "text <b>bold</b>", "", "<div>", "block", "</div>"]);
    assert!(style_of(&r, 2, "<b>").add_modifier.contains(Modifier::DIM));
    assert_eq!(r.headings[0].line, 0);
    check("<!-- only a comment -->", 40, &[] as &[&str]);
}

#[test]
fn cjk_emoji_combining_and_rtl_text() {
    check("日本語のテキストです", 8, &["日本語の", "テキスト", "です"]);
    check("👋🎉👋 hi", 4, &["👋🎉", "👋", "hi"]);
    // Combining marks take no column and stay with their base character.
    check("e\u{301}e\u{301}e\u{301}e\u{301}", 2, &["e\u{301}e\u{301}", "e\u{301}e\u{301}"]);
    check("مرحبا بالعالم नमस्ते दुनिया", 8, &["مرحبا", "بالعالم", "नमस्ते", "दुनिया"]);
}

#[test]
fn long_words_split_at_grapheme_boundaries() {
    check("abcdefghij", 4, &["abcd", "efgh", "ij"]);
}

#[test]
fn control_characters_are_sanitized_everywhere() {
    let md = "# t\x1b[31m\n\nred\x1b[0m \u{202e}x\n\n```\n\x07bell\n```";
    check(md, 40, &["t␛[31m", "", "red␛[0m <U+202E>x", "", "  ␇bell"]);
}

#[test]
fn narrow_widths_drop_prefixes_instead_of_overflowing() {
    let r = render("> > > - deep", 3);
    for line in r.plain_lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line.as_str()) <= 3, "{line:?}");
    }
    let text: String = r.plain_lines().iter().flat_map(|l| l.chars().filter(char::is_ascii_alphabetic)).collect();
    assert_eq!(text, "deep");
    check("hello", 1, &["h", "e", "l", "l", "o"]);
    check("hi", 0, &["h", "i"]);
}

#[test]
fn narrow_widths_leave_room_for_double_width_characters() {
    // Prefixes give way until two columns are left, so CJK text is shown, not `?`.
    check("> 日本", 2, &["日", "本"]);
    check("> 日本", 3, &["│日", "│本"]);
    check("- > 日本", 3, &["•日", " 本"]);
    // Likewise the `↪` continuation mark of code, which needs a third column.
    check("```\n日本語\n```", 2, &["日", "本", "語"]);
    check("```\n日本語\n```", 3, &["日", "↪本", "↪語"]);
}

#[test]
fn sources_and_line_for_source() {
    let md = "# T\n\npara one\n\npara two";
    let r = render(md, 40);
    assert_eq!(r.sources, [0, 0, 5, 5, 15]);
    assert_eq!(r.line_for_source(5), 2);
    assert_eq!(r.line_for_source(6), 4);
    assert_eq!(r.line_for_source(10_000), 4);
    assert_eq!(render("", 10).line_for_source(3), 0);
}

#[test]
fn empty_and_whitespace_documents() {
    assert!(render("", 40).is_empty());
    assert!(render("   \n\n  \n", 40).is_empty());
}
