//! Visual spec: the fixture document covering every construct, at three widths.

use handoff::markdown::render;
use ratatui::style::Modifier;

const FIXTURE: &str = include_str!("fixtures/all.md");

/// Plain lines, then headings, then a compact list of styled runs so style
/// regressions show up in review too.
fn snapshot(width: u16) -> String {
    let r = render(FIXTURE, width);
    let mut out = r.plain_lines().join("\n");
    out.push_str("\n\n--- headings\n");
    for h in &r.headings {
        out.push_str(&format!("H{} line {}: {}\n", h.level, h.line, h.text));
    }
    out.push_str("--- styled runs (line: text [fg modifiers])\n");
    for (i, line) in r.lines().enumerate() {
        for span in &line.spans {
            let style = span.style;
            if style.fg.is_none() && style.add_modifier == Modifier::empty() {
                continue;
            }
            let fg = style.fg.map(|c| format!("{c:?} ")).unwrap_or_default();
            out.push_str(&format!("{i}: {:?} [{fg}{:?}]\n", span.content, style.add_modifier));
        }
    }
    out
}

#[test]
fn fixture_width_20() {
    insta::assert_snapshot!(snapshot(20));
}

#[test]
fn fixture_width_40() {
    insta::assert_snapshot!(snapshot(40));
}

#[test]
fn fixture_width_80() {
    insta::assert_snapshot!(snapshot(80));
}
