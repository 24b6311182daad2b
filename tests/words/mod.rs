//! "No text dropped": the words a rendered document must show, and the check that it
//! shows them. Shared by the render property tests and the `render` fuzz target.
//!
//! The words of the input are taken from pulldown-cmark's own parse (so markup is never
//! mistaken for text): every maximal run of alphanumeric characters in text, inline code,
//! code blocks, raw HTML (minus `<!-- comments -->`, which are hidden by design), a code
//! block's language and link/image targets. (Link titles and the rest of a code block's
//! info string are attributes, not shown.) Output and expected words are compared with
//! everything but alphanumerics removed, so words split across lines (with quote bars or
//! indentation between the pieces) still match. The renderer keeps the document's order,
//! except that cells of a table row share lines, footnote definitions go to a section at
//! the end (in reference order) and link targets to a list after that; the comparison
//! follows those rules (see [`Expected`]).

#![allow(dead_code)] // each user needs a different part

use handoff::markdown::Rendered;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

/// A unit of expected output, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Word(String),
    /// A table row: each cell's words are in order, but cells share lines, so each cell
    /// is matched from the start of the row. A header row may also be repeated per row
    /// (the narrow layout), so it does not move the cursor.
    Row {
        header: bool,
        cells: Vec<Vec<String>>,
    },
}

/// Everything the rendered document must contain.
#[derive(Debug, Default, PartialEq)]
pub struct Expected {
    pub main: Vec<Item>,
    /// One entry per footnote definition; shown after the document in reference order.
    pub footnotes: Vec<Vec<Item>>,
    /// Link and image targets; listed after the footnotes.
    pub urls: Vec<Vec<String>>,
}

/// Same extensions as the renderer.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Text without `<!-- ... -->` comments (an unterminated one runs to the end).
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("-->") {
            Some(end) => &rest[start + 2 + end + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string)
}

impl Expected {
    pub fn of(md: &str) -> Expected {
        let mut exp = Expected::default();
        let mut footnote: Option<Vec<Item>> = None;
        let mut row: Option<(bool, Vec<Vec<String>>)> = None;
        let mut cell: Option<Vec<String>> = None;
        let mut html_block: Option<String> = None;
        let mut image_depth = 0usize;
        // Words go to the open table cell, else the open footnote, else the document.
        fn add(text: &str, footnote: &mut Option<Vec<Item>>, cell: &mut Option<Vec<String>>, main: &mut Vec<Item>) {
            for word in words(text) {
                match (cell.as_mut(), footnote.as_mut()) {
                    // Cells of a row share lines, so a word broken over two lines has the
                    // other cells' text between its pieces. Tables never break words except
                    // between two double-width characters (CJK wraps there), so cell words
                    // are cut at those points.
                    (Some(cell), _) => cell.extend(wide_pieces(&word)),
                    (None, Some(items)) => items.push(Item::Word(word)),
                    (None, None) => main.push(Item::Word(word)),
                }
            }
        }
        for event in Parser::new_ext(md, options()) {
            match event {
                Event::Text(t) | Event::Code(t) => add(&t, &mut footnote, &mut cell, &mut exp.main),
                Event::InlineMath(t) | Event::DisplayMath(t) => add(&t, &mut footnote, &mut cell, &mut exp.main),
                Event::Html(t) => match html_block.as_mut() {
                    Some(block) => block.push_str(&t),
                    None => add(&without_comments(&t), &mut footnote, &mut cell, &mut exp.main),
                },
                Event::InlineHtml(t) => add(&without_comments(&t), &mut footnote, &mut cell, &mut exp.main),
                Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
                Event::End(TagEnd::HtmlBlock) => {
                    let block = html_block.take().unwrap_or_default();
                    add(&without_comments(&block), &mut footnote, &mut cell, &mut exp.main);
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    // Only the language (the first word of the info string) is shown.
                    let lang = info.split_whitespace().next().unwrap_or("");
                    add(lang, &mut footnote, &mut cell, &mut exp.main);
                }
                Event::Start(Tag::FootnoteDefinition(_)) => footnote = Some(Vec::new()),
                Event::End(TagEnd::FootnoteDefinition) => exp.footnotes.extend(footnote.take()),
                Event::Start(Tag::TableHead) => row = Some((true, Vec::new())),
                Event::Start(Tag::TableRow) => row = Some((false, Vec::new())),
                Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                    if let Some((header, cells)) = row.take() {
                        let item = Item::Row { header, cells };
                        match footnote.as_mut() {
                            Some(items) => items.push(item),
                            None => exp.main.push(item),
                        }
                    }
                }
                Event::Start(Tag::TableCell) => cell = Some(Vec::new()),
                Event::End(TagEnd::TableCell) => {
                    if let (Some((_, cells)), Some(words)) = (row.as_mut(), cell.take()) {
                        cells.push(words);
                    }
                }
                // Autolinks show their target in the text instead.
                Event::Start(Tag::Link { link_type, dest_url, .. })
                    if !matches!(link_type, LinkType::Autolink | LinkType::Email) && !dest_url.is_empty() =>
                {
                    exp.urls.push(words(&dest_url).collect());
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    image_depth += 1;
                    // An image inside an image's alt text contributes only its alt text.
                    if image_depth == 1 && !dest_url.is_empty() {
                        exp.urls.push(words(&dest_url).collect());
                    }
                }
                Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
                _ => {}
            }
        }
        exp
    }

    /// Checks that `r` (rendered at `width`) shows every expected word where it should.
    pub fn check(&self, r: &Rendered, width: usize) -> Result<(), String> {
        let out = squash(&r.plain_lines().join("\n"), width);
        let main_end = match_items(&self.main, &out, 0, width)?;
        for items in &self.footnotes {
            match_items(items, &out, main_end, width).map_err(|e| format!("footnote: {e}"))?;
        }
        for url in &self.urls {
            match_words(url, &out, main_end, width).map_err(|e| format!("link target: {e}"))?;
        }
        Ok(())
    }

    pub fn word_count(&self) -> usize {
        let count = |items: &[Item]| -> usize {
            items
                .iter()
                .map(|i| match i {
                    Item::Word(_) => 1,
                    Item::Row { cells, .. } => cells.iter().map(Vec::len).sum(),
                })
                .sum()
        };
        count(&self.main) + self.footnotes.iter().map(|f| count(f)).sum::<usize>() + self.urls.len()
    }
}

/// `word` cut between any two double-width characters: where the wrapper may break it.
fn wide_pieces(word: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    let mut last_wide = false;
    for c in word.chars() {
        let wide = c.width() == Some(2);
        match pieces.last_mut() {
            Some(piece) if !(wide && last_wide) => piece.push(c),
            _ => pieces.push(c.to_string()),
        }
        last_wide = wide;
    }
    pieces
}

/// Only the characters the comparison looks at: alphanumerics, minus those too wide for
/// the line (a double-width character cannot be shown at width 1; it becomes `?`).
fn squash(text: &str, width: usize) -> String {
    text.chars().filter(|c| c.is_alphanumeric() && (width >= 2 || c.width().unwrap_or(0) <= 1)).collect()
}

/// Matches items in order from byte `from` of `out`; returns where the match ended.
/// Greedy leftmost matching is optimal for "substrings in order", so this never fails
/// when some placement exists.
fn match_items(items: &[Item], out: &str, from: usize, width: usize) -> Result<usize, String> {
    let mut cursor = from;
    for item in items {
        match item {
            Item::Word(word) => cursor = match_words(std::slice::from_ref(word), out, cursor, width)?,
            Item::Row { header, cells } => {
                let mut end = cursor;
                for cell in cells {
                    end = end.max(match_words(cell, out, cursor, width).map_err(|e| format!("table cell: {e}"))?);
                }
                if !header {
                    cursor = end;
                }
            }
        }
    }
    Ok(cursor)
}

fn match_words(words: &[String], out: &str, from: usize, width: usize) -> Result<usize, String> {
    let mut cursor = from;
    for word in words {
        let word = squash(word, width);
        if word.is_empty() {
            continue;
        }
        match out.get(cursor..).and_then(|rest| rest.find(&word)) {
            Some(i) => cursor += i + word.len(),
            None => {
                let shown: String = word.chars().take(80).collect();
                let context: String = out.get(cursor..).unwrap_or("").chars().take(200).collect();
                return Err(format!("lost {shown:?} (wanted after: {context:?})"));
            }
        }
    }
    Ok(cursor)
}
