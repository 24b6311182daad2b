//! Code blocks (fenced and indented): verbatim, never reflowed, indented and styled;
//! over-long lines are hard-wrapped with a visible `↪` continuation mark.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::CodeBlockKind;
use ratatui::text::Span;

use super::{Renderer, wrap};
use crate::sanitize::sanitize;

/// Indent of code lines inside their block prefix.
const INDENT: &str = "  ";

pub(crate) struct CodeState {
    lang: String,
    source: usize,
    text: String,
    /// (offset in `text`, source offset, text is a verbatim copy of the source there):
    /// lets each code line point at its own source line where that is knowable.
    chunks: Vec<(usize, usize, bool)>,
}

impl Renderer<'_, '_> {
    pub(super) fn start_code(&mut self, kind: CodeBlockKind<'_>, source: usize) {
        self.flush_inline();
        let lang = match kind {
            // Only the first word is the language; the rest is attributes.
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some(CodeState { lang, source, text: String::new(), chunks: Vec::new() });
    }

    pub(super) fn code_text(&mut self, text: &str, range: Range<usize>) {
        let Some(code) = &mut self.code else {
            return;
        };
        // Inside quotes/lists the parser strips prefixes, so the text is not a verbatim
        // copy of the source; then all lines of the chunk share its start offset.
        let verbatim = range.len() == text.len();
        code.chunks.push((code.text.len(), range.start, verbatim));
        code.text.push_str(text);
    }

    pub(super) fn end_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let cw = self.content_width();
        // Keep the indent only when it leaves room for code.
        let indent = if cw > INDENT.len() + 4 { INDENT } else { "" };
        let avail = cw - indent.len();
        let style = self.theme.code_block;
        let meta = self.theme.code_meta;
        if !code.lang.is_empty() {
            let pieces = [super::inline::Piece::Text(super::inline::clean(&code.lang), meta)];
            for mut line in self.wrap(&pieces, avail) {
                line.insert(0, Span::raw(indent));
                self.emit(&line, code.source);
            }
        }
        let body = code.text.strip_suffix('\n').unwrap_or(&code.text);
        let mut chunk = 0;
        let mut offset = 0;
        if !code.text.is_empty() {
            for raw in body.split('\n') {
                while chunk + 1 < code.chunks.len() && code.chunks[chunk + 1].0 <= offset {
                    chunk += 1;
                }
                let source = match code.chunks.get(chunk) {
                    Some(&(start, src, true)) => src + offset.saturating_sub(start),
                    Some(&(_, src, false)) => src,
                    None => code.source,
                };
                offset += raw.len() + 1;
                let line = raw.strip_suffix('\r').unwrap_or(raw);
                // Printable ASCII has no tab to expand and nothing to sanitize.
                let safe: Cow<'_, str> = if crate::text::is_printable_ascii(line) {
                    Cow::Borrowed(line)
                } else if line.contains('\t') {
                    Cow::Owned(sanitize(&line.replace('\t', "    ")).into_owned())
                } else {
                    sanitize(line)
                };
                wrap::hard_wrap(&safe, style, avail, meta, Some(indent), |piece, width| {
                    self.emit_known(piece, source, width)
                });
            }
        }
        self.sink().pending_blank = true;
    }
}
