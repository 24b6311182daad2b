//! The Markdown renderer on any text at any width: no panic, no line wider than the
//! width by either measure (ratatui's per-span sum, or the whole string's width), and no
//! text dropped (the property tests' word check). Input: the first byte is the width
//! (0 means 1), the rest is the text (UTF-8, lossily).

#![no_main]

#[path = "../../tests/words/mod.rs"]
mod words;

use libfuzzer_sys::fuzz_target;
use unicode_width::UnicodeWidthStr;

fuzz_target!(|data: &[u8]| {
    let Some((&width, text)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(text);
    let rendered = handoff::markdown::render(&text, u16::from(width));
    let width = usize::from(width.max(1));
    assert_eq!(rendered.len(), rendered.sources.len());
    assert!(rendered.sources.windows(2).all(|p| p[0] <= p[1]), "sources decrease");
    for (line, plain) in rendered.lines().zip(rendered.texts()) {
        assert!(line.width() <= width, "{plain:?} is wider than {width}");
        assert!(plain.width() <= width, "{plain:?} is wider than {width}");
        assert!(!plain.chars().any(|c| c.is_control() && c != '\t'), "control character in {plain:?}");
    }
    assert!(rendered.headings.iter().all(|h| h.line < rendered.len()));
    if let Err(e) = words::Expected::of(&text).check(&rendered, width) {
        panic!("text dropped at width {width}: {e}");
    }
});
