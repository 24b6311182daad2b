//! Checks of a lesson's Markdown that the renderer cannot report itself,
//! because what they catch renders "correctly": it just isn't what the
//! author meant.

use pulldown_cmark::{Event, Options, Parser, Tag};

/// Byte offset of an HTML comment that is never closed. CommonMark lets it run
/// to the end of the document, so everything after it silently disappears.
pub fn unclosed_comment(markdown: &str) -> Option<usize> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    Parser::new_ext(markdown, options).into_offset_iter().find_map(|(event, range)| {
        let Event::Start(Tag::HtmlBlock) = event else { return None };
        let block = markdown.get(range.clone())?;
        // The last opener decides: an earlier one may well be closed.
        let open = block.rfind("<!--")?;
        let closed = block[open + 2..].contains("-->");
        (!closed).then_some(range.start + open)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_comment_that_hides_the_rest() {
        let text = "# Title\n\nSeen.\n\n<!-- a note\n\n## Hidden\n\nNever shown.\n";
        assert_eq!(unclosed_comment(text), Some(text.find("<!--").expect("opener")));
    }

    #[test]
    fn closed_comments_and_code_are_fine() {
        for text in [
            "<!-- a note -->\n\nShown.\n",
            "<!--\nmany\nlines\n-->\n\nShown.\n",
            "Text with `<!--` in code.\n",
            "```\n<!-- in a code block\n```\n",
            "<!-- one --> <!-- two -->\n",
        ] {
            assert_eq!(unclosed_comment(text), None, "{text:?}");
        }
    }
}
