//! Raw HTML: comments are hidden entirely; anything else is shown as dim literal text
//! (sanitized), since a terminal cannot render it and hiding it could hide content.

use super::inline::Piece;
use super::{Renderer, wrap};
use crate::sanitize::sanitize;

pub(crate) struct HtmlState {
    text: String,
    source: usize,
}

/// Remove `<!-- ... -->` comments. An unterminated comment runs to the end, as in browsers.
pub(crate) fn strip_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        // Searching from start+2 also accepts the abrupt forms `<!-->` and `<!--->`.
        match rest[start + 2..].find("-->") {
            Some(end) => rest = &rest[start + 2 + end + 3..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

impl Renderer<'_, '_> {
    pub(super) fn start_html(&mut self, source: usize) {
        self.flush_inline();
        self.html = Some(HtmlState { text: String::new(), source });
    }

    /// Text of an HTML block (outside a block, e.g. from odd input, treat it as inline).
    pub(super) fn html_text(&mut self, text: &str) {
        match &mut self.html {
            Some(html) => html.text.push_str(text),
            None => self.inline_html(text),
        }
    }

    pub(super) fn end_html(&mut self) {
        let Some(html) = self.html.take() else {
            return;
        };
        let visible = strip_comments(&html.text);
        let lines: Vec<&str> = visible.lines().collect();
        let first = lines.iter().position(|l| !l.trim().is_empty());
        let last = lines.iter().rposition(|l| !l.trim().is_empty());
        let (Some(first), Some(last)) = (first, last) else {
            // Only comments: nothing shown, and no blank line for it either.
            return;
        };
        let cw = self.content_width();
        let style = self.theme.html;
        for line in &lines[first..=last] {
            let line = line.replace('\t', "    ");
            let meta = self.theme.code_meta;
            wrap::hard_wrap(&sanitize(&line), style, cw, meta, None, |piece, _| self.emit(piece, html.source));
        }
        self.sink().pending_blank = true;
    }

    pub(super) fn inline_html(&mut self, text: &str) {
        let visible = strip_comments(text);
        if visible.trim().is_empty() {
            return;
        }
        if let Some(image) = &mut self.image {
            image.alt.push_str(&visible);
            return;
        }
        let style = self.current_style().patch(self.theme.html);
        self.push_piece(Piece::Text(super::inline::clean(&visible).into_owned().into(), style));
    }
}
