//! Markdown -> styled, wrapped terminal lines.
//!
//! One pass over pulldown-cmark events. Block constructs live in their own
//! modules (`heading`, `list`, `quote`, `code`, `table`, `footnote`, `html`,
//! `rule`), inline styling in `inline`, line filling in `wrap`, and every
//! style in `style::Theme`. This file holds the public API, the shared
//! renderer state (output sinks and the block-nesting stack that produces
//! line prefixes) and the event dispatch.

mod code;
mod footnote;
mod heading;
mod html;
mod inline;
mod lines;
mod list;
mod quote;
mod rule;
pub mod style;
mod table;
mod wrap;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use footnote::Footnotes;
use inline::{Links, Piece};
use lines::Lines;
pub use style::Theme;

/// A rendered document: styled display lines, every one at most the width asked for
/// (unicode-width), read with [`line`](Self::line) and [`text`](Self::text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Stored flat (see `lines`): rendering a big document costs a few growing buffers,
    /// not a vector per line and a string per span.
    lines: Lines,
    /// One per line: the byte offset in the Markdown source of the block (paragraph, list
    /// item, table row, code line...) the line came from. Non-decreasing.
    pub sources: Vec<usize>,
    /// Every heading in order, for the table of contents and jumping.
    pub headings: Vec<Heading>,
}

/// A heading of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// Index into `Rendered::lines` of the heading's first line.
    pub line: usize,
    /// Byte offset of the heading in the Markdown source.
    pub source: usize,
}

impl Rendered {
    /// Lines built elsewhere, each with its source offset (for tests and measurements).
    pub fn from_lines<'l>(lines: impl IntoIterator<Item = (Line<'l>, usize)>) -> Self {
        let mut rendered = Rendered::default();
        for (line, source) in lines {
            for span in &line.spans {
                rendered.lines.push_span(&span.content, span.style);
            }
            rendered.lines.end_line();
            rendered.sources.push(source);
        }
        rendered
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Line `index`, borrowing its text (an empty line past the end).
    pub fn line(&self, index: usize) -> Line<'_> {
        self.lines.line(index)
    }

    /// Every line in order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = Line<'_>> + DoubleEndedIterator {
        (0..self.len()).map(|i| self.lines.line(i))
    }

    /// The plain text of line `index` (its spans concatenated; "" past the end).
    pub fn text(&self, index: usize) -> &str {
        self.lines.text(index)
    }

    /// Plain text of each line, for search and for `--plain` output.
    pub fn texts(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator {
        (0..self.len()).map(|i| self.lines.text(i))
    }

    /// Plain text of each line, owned.
    pub fn plain_lines(&self) -> Vec<String> {
        self.texts().map(str::to_string).collect()
    }

    /// Every line, owned (for callers that mix rendered lines with their own).
    pub fn to_owned_lines(&self) -> Vec<Line<'static>> {
        (0..self.len())
            .map(|i| Line::from(self.lines.spans(i).map(|(t, s)| Span::styled(t.to_string(), s)).collect::<Vec<_>>()))
            .collect()
    }

    /// Index of the first line whose source offset is >= `source` (or the last line).
    pub fn line_for_source(&self, source: usize) -> usize {
        // `sources` is sorted, so a binary search keeps this cheap on big documents.
        let i = self.sources.partition_point(|&s| s < source);
        i.min(self.lines.len().saturating_sub(1))
    }
}

/// Render `markdown` to lines at most `width` columns wide (0 is treated as 1).
///
/// Pure: no IO, no clock, no globals; never panics.
pub fn render(markdown: &str, width: u16) -> Rendered {
    render_with_theme(markdown, width, &Theme::default())
}

/// Like [`render`] with explicit styles.
pub fn render_with_theme(markdown: &str, width: u16, theme: &Theme) -> Rendered {
    let width = usize::from(width.max(1));
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // The parser builds its block tree first, then the renderer reserves its output above
    // it. The other way round, the tree grew past the output buffers into fresh memory on
    // every render: a quarter of the 1 MiB bench figure was page faults.
    let mut events = Parser::new_ext(markdown, options).into_offset_iter();
    let mut r = Renderer::new(theme, width, markdown.len());
    let mut held = Vec::new();
    while let Some((event, range)) = events.next() {
        let Event::Start(Tag::List(Some(start))) = event else {
            r.event(event, range, None);
            continue;
        };
        // An ordered list right-aligns its numbers, so it needs the width of its largest
        // number before its first item. Items start on lines of their own: when even one
        // item per line of the list would not add a digit, that width is the first
        // number's, known now.
        let room = list::items_before_another_digit(start);
        let lines = markdown.get(range.clone()).map_or(usize::MAX, |text| {
            // Counting stops as soon as the answer is known.
            text.bytes().filter(|&b| b == b'\n').take(room).count() + 1
        });
        if lines <= room {
            r.event(event, range, Some(1));
            continue;
        }
        // Otherwise hold the list's events (and only its) until it ends, count its items,
        // then render.
        held.push((event, range));
        let mut depth = 1usize;
        for (event, range) in events.by_ref() {
            match event {
                Event::Start(Tag::List(_)) => depth += 1,
                Event::End(TagEnd::List(_)) => depth -= 1,
                _ => {}
            }
            held.push((event, range));
            if depth == 0 {
                break;
            }
        }
        let sizes = list::count_items(&held);
        let mut sizes = sizes.iter().peekable();
        // Drained, so the buffer serves the next long list.
        for (index, (event, range)) in held.drain(..).enumerate() {
            let size = sizes.next_if(|&&(start, _)| start == index).map(|&(_, count)| count);
            r.event(event, range, size);
        }
    }
    r.finish()
}

/// `n` spaces, borrowed from a constant for the usual indents (no allocation per line).
pub(crate) fn spaces(n: usize) -> std::borrow::Cow<'static, str> {
    const SPACES: &str = "                                                                ";
    match SPACES.get(..n) {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(" ".repeat(n)),
    }
}

/// Where lines go: the document itself, or one footnote (rendered at the end).
#[derive(Default)]
struct Sink {
    lines: Lines,
    sources: Vec<usize>,
    headings: Vec<Heading>,
    /// A block ended; the next line of this sink is preceded by one blank line.
    pending_blank: bool,
}

/// One level of block nesting; together they produce each line's prefix.
#[derive(Debug)]
enum Container {
    Quote,
    List {
        /// Next number for ordered lists, `None` for bullets.
        next: Option<u64>,
        /// Digits of the largest number, to right-align markers.
        num_width: usize,
        depth: usize,
        loose: bool,
    },
    /// A list item or footnote definition: marker on its first line, hanging indent after.
    Item {
        marker: Cow<'static, str>,
        style: Style,
        width: usize,
        used: bool,
    },
}

struct Renderer<'t, 'a> {
    theme: &'t Theme,
    width: usize,
    source_len: usize,
    sinks: Vec<Sink>,
    cur_sink: usize,
    containers: Vec<Container>,
    /// Outer state saved while a footnote definition renders into its own sink.
    saved: Vec<(Vec<Container>, usize)>,
    /// Inline text of the current block; text is borrowed from the source when clean.
    inline: Vec<Piece<'a>>,
    inline_source: usize,
    /// The wrapper is taking this block's inline text as it comes (see `begin_live`).
    live: bool,
    block_source: usize,
    style_stack: Vec<Style>,
    heading: Option<heading::HeadingState>,
    code: Option<code::CodeState>,
    html: Option<html::HtmlState>,
    image: Option<inline::ImageState>,
    link_stack: Vec<Option<usize>>,
    links: Links,
    footnotes: Footnotes,
    table: Option<table::TableState<'a>>,
    table_buffers: table::Buffers<'a>,
    wrapper: wrap::Wrapper,
}

/// How a line's prefix is built.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PrefixKind {
    /// A content line: the first one in an item shows (and consumes) its marker.
    Content,
    /// A blank separator line: never shows or consumes item markers.
    Blank,
}

impl<'t, 'a> Renderer<'t, 'a> {
    fn new(theme: &'t Theme, width: usize, source_len: usize) -> Self {
        Renderer {
            theme,
            width,
            source_len,
            // About one line per 40 bytes of Markdown, so the document's line vectors are
            // rarely regrown (and recopied) while rendering.
            sinks: vec![Sink {
                lines: Lines::with_capacity(source_len / 40, source_len + source_len / 2),
                sources: Vec::with_capacity(source_len / 40),
                ..Sink::default()
            }],
            cur_sink: 0,
            containers: Vec::new(),
            saved: Vec::new(),
            inline: Vec::new(),
            inline_source: 0,
            live: false,
            block_source: 0,
            style_stack: Vec::new(),
            heading: None,
            code: None,
            html: None,
            image: None,
            link_stack: Vec::new(),
            links: Links::default(),
            footnotes: Footnotes::default(),
            table: None,
            table_buffers: table::Buffers::default(),
            wrapper: wrap::Wrapper::default(),
        }
    }

    /// `list_size`: the item count, for the start of a list whose count is known.
    fn event(&mut self, event: Event<'a>, range: Range<usize>, list_size: Option<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range, list_size),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(text, range),
            Event::Code(text) => self.inline_code(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(text, range),
            Event::Html(text) => self.html_text(&text),
            Event::InlineHtml(text) => self.inline_html(&text),
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::SoftBreak => self.soft_break(),
            Event::HardBreak => self.hard_break(),
            Event::Rule => self.rule(range.start),
            Event::TaskListMarker(done) => self.task_marker(done),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>, list_size: Option<usize>) {
        match tag {
            Tag::Paragraph => self.start_paragraph(range.start),
            Tag::Heading { level, .. } => self.start_heading(level as u8, range.start),
            Tag::BlockQuote(_) => self.start_quote(),
            Tag::CodeBlock(kind) => self.start_code(kind, range.start),
            Tag::HtmlBlock => self.start_html(range.start),
            Tag::List(start) => self.start_list(start, list_size),
            Tag::Item => self.start_item(range.start),
            Tag::FootnoteDefinition(label) => self.start_footnote_definition(&label),
            Tag::Table(aligns) => self.start_table(aligns),
            Tag::TableHead => self.start_table_row(true, range.start),
            Tag::TableRow => self.start_table_row(false, range.start),
            Tag::TableCell => self.start_table_cell(),
            Tag::Emphasis => self.push_style(self.theme.emphasis),
            Tag::Strong => self.push_style(self.theme.strong),
            Tag::Strikethrough => self.push_style(self.theme.strikethrough),
            Tag::Superscript | Tag::Subscript => self.push_style(Style::new()),
            Tag::Link { link_type, dest_url, .. } => self.start_link(link_type, &dest_url),
            Tag::Image { dest_url, .. } => self.start_image(&dest_url),
            // Not enabled in our options; render their content as plain blocks.
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition | Tag::MetadataBlock(_) => {
                self.flush_inline()
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => self.end_quote(),
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::HtmlBlock => self.end_html(),
            TagEnd::List(_) => self.end_list(),
            TagEnd::Item => self.end_item(),
            TagEnd::FootnoteDefinition => self.end_footnote_definition(),
            TagEnd::Table => self.end_table(),
            TagEnd::TableHead | TagEnd::TableRow => self.end_table_row(),
            TagEnd::TableCell => self.end_table_cell(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                self.style_stack.pop();
            }
            TagEnd::Link => self.end_link(),
            TagEnd::Image => self.end_image(),
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {
                self.flush_inline();
                self.sink().pending_blank = true;
            }
        }
    }

    fn start_paragraph(&mut self, source: usize) {
        self.flush_inline();
        self.mark_list_loose();
        self.block_source = source;
    }

    fn end_paragraph(&mut self) {
        self.flush_inline();
        self.sink().pending_blank = true;
    }

    fn finish(mut self) -> Rendered {
        self.flush_inline();
        // Unbalanced state cannot come from pulldown-cmark, but be safe: close footnotes.
        while !self.saved.is_empty() {
            self.end_footnote_definition();
        }
        self.footnote_section();
        self.links_section();
        let main = std::mem::take(&mut self.sinks[0]);
        Rendered { lines: main.lines, sources: main.sources, headings: main.headings }
    }

    // ----- output -----

    fn sink(&mut self) -> &mut Sink {
        let i = self.cur_sink.min(self.sinks.len().saturating_sub(1));
        &mut self.sinks[i]
    }

    fn current_style(&self) -> Style {
        self.style_stack.last().copied().unwrap_or_default()
    }

    fn push_style(&mut self, style: Style) {
        let s = self.current_style().patch(style);
        self.style_stack.push(s);
    }

    fn prefix_width(&self) -> usize {
        self.containers
            .iter()
            .map(|c| match c {
                Container::Quote => 2,
                Container::List { .. } => 0,
                Container::Item { width, .. } => *width,
            })
            .sum()
    }

    /// Columns the prefix may use: deep nesting at narrow widths must still leave room for
    /// text, so the prefix is cut short rather than letting lines exceed the width. At least
    /// two columns are left (when there are two), so a double-width character still fits
    /// instead of becoming `?`.
    fn prefix_budget(&self) -> usize {
        let min_content = (self.width / 2).clamp(2, 20).min(self.width);
        self.prefix_width().min(self.width.saturating_sub(min_content))
    }

    /// Width available for content after the prefix (always >= 1).
    fn content_width(&self) -> usize {
        self.width.saturating_sub(self.prefix_budget()).max(1)
    }

    /// Start the open line of the current sink with the line prefix. Returns its width
    /// when the width of a line it starts is its width plus the rest's (it is shown whole
    /// and every span ends with a space, which never joins the next char).
    fn push_prefix(&mut self, kind: PrefixKind) -> Option<usize> {
        let budget = self.prefix_budget();
        let bar = self.theme.quote_bar;
        let sink = self.cur_sink.min(self.sinks.len().saturating_sub(1));
        let out = &mut self.sinks[sink].lines;
        let mut shown = 0;
        for c in &mut self.containers {
            // Past the budget nothing more is shown, but markers are still consumed.
            let visible = shown < budget;
            match c {
                Container::Quote => {
                    shown += 2;
                    if visible {
                        out.push_span("│ ", bar);
                    }
                }
                Container::List { .. } => {}
                Container::Item { marker, style, width, used } => {
                    shown += *width;
                    if kind == PrefixKind::Content && !*used {
                        *used = true;
                        if visible {
                            out.push_span(marker, *style);
                        }
                    } else if *width > 0 && visible {
                        out.push_span(&spaces(*width), Style::new());
                    }
                }
            }
        }
        if shown <= budget {
            // All shown: each span is as wide as its container's width and ends with a
            // space (markers are made so; see `list::BULLETS`), so nothing needs measuring.
            return Some(shown);
        }
        let total: usize = out.open_spans().map(|(text, _)| wrap::width(text)).sum();
        if total > budget {
            for span in wrap::truncate_spans(out.take_open(), budget) {
                out.push_span(&span.content, span.style);
            }
            return None;
        }
        out.open_spans().all(|(text, _)| text.ends_with(' ')).then_some(total)
    }

    /// The prefix for a content line (nothing outside containers), and its width as
    /// `push_prefix` gives it.
    fn content_prefix(&mut self) -> Option<usize> {
        if self.containers.is_empty() { Some(0) } else { self.push_prefix(PrefixKind::Content) }
    }

    fn flush_pending_blank(&mut self) {
        let sink = self.sink();
        if !sink.pending_blank {
            return;
        }
        sink.pending_blank = false;
        if sink.lines.is_empty() {
            return;
        }
        let source = sink.sources.last().copied().unwrap_or(0);
        self.push_prefix(PrefixKind::Blank);
        self.finish_line(source, None);
    }

    /// Emit one content line (already fitted to `content_width`) with its prefix.
    fn emit(&mut self, content: &[Span<'_>], source: usize) {
        self.emit_known(content, source, None);
    }

    /// `width`: the content's width, if known exactly (see `finish_line`).
    fn emit_known(&mut self, content: &[Span<'_>], source: usize, width: Option<usize>) {
        self.flush_pending_blank();
        let prefix_width = self.content_prefix();
        let out = &mut self.sink().lines;
        for span in content {
            out.push_span(&span.content, span.style);
        }
        self.finish_line(source, width.zip(prefix_width).map(|(w, p)| w + p));
    }

    /// Emit the lines the wrapper stored for a block wrapped as it came (see `begin_live`).
    fn emit_stored(&mut self, source: usize) {
        let stored = self.wrapper.take_stored();
        let widths = self.wrapper.take_plain_widths();
        // Outside any container (most paragraphs) lines need no prefix; when every width
        // is known to fit and no line ends in whitespace, they go over in one copy.
        let width = self.width;
        let whole = self.containers.is_empty()
            && !stored.is_empty()
            && widths.iter().all(|&w| w <= width)
            && stored.texts().all(|text| !text.ends_with(char::is_whitespace));
        if whole {
            self.flush_pending_blank();
            let sink = self.sink();
            let source = source.max(sink.sources.last().copied().unwrap_or(0));
            sink.lines.append(&stored);
            sink.sources.resize(sink.lines.len(), source);
            self.wrapper.reuse(widths);
            return self.wrapper.reuse_stored(stored);
        }
        for i in 0..stored.len() {
            self.flush_pending_blank();
            let prefix_width = self.content_prefix();
            self.sink().lines.push_line_of(&stored, i);
            let known = widths.get(i).copied().filter(|&w| w != usize::MAX);
            self.finish_line(source, known.zip(prefix_width).map(|(w, p)| w + p));
        }
        self.wrapper.reuse(widths);
        self.wrapper.reuse_stored(stored);
    }

    fn emit_all(&mut self, lines: Vec<Vec<Span<'static>>>, source: usize) {
        for line in lines {
            self.emit(&line, source);
        }
    }

    /// Finish the current sink's open line. `known`: the line's width, when it is known
    /// to be both the sum of its spans' widths and the width of their concatenation; then
    /// a line within the width needs no measuring (trimming can only make it narrower).
    fn finish_line(&mut self, source: usize, known: Option<usize>) {
        let width = self.width;
        let sink = self.sink();
        sink.lines.trim_open_end();
        let source = source.max(sink.sources.last().copied().unwrap_or(0));
        if known.is_some_and(|w| w <= width) || wrap::fits(sink.lines.open_spans(), sink.lines.open_text(), width) {
            sink.lines.end_line();
            sink.sources.push(source);
        } else {
            // Safety net for width quirks (context-dependent widths, oversized graphemes):
            // split rather than overflow or drop text.
            for piece in wrap::enforce_width(sink.lines.take_open(), width) {
                for span in &piece {
                    sink.lines.push_span(&span.content, span.style);
                }
                sink.lines.end_line();
                sink.sources.push(source);
            }
        }
    }

    fn wrap(&mut self, pieces: &[Piece<'_>], width: usize) -> Vec<Vec<Span<'static>>> {
        self.wrapper.wrap(pieces, width)
    }

    /// Wrap and emit the inline text gathered so far (a paragraph or tight list item).
    fn flush_inline(&mut self) {
        if self.live {
            self.live = false;
            self.wrapper.end();
            let source = self.inline_source;
            return self.emit_stored(source);
        }
        if self.inline.is_empty() {
            return;
        }
        let width = self.content_width();
        self.wrapper.wrap_stored(&self.inline, width);
        self.inline.clear();
        let source = self.inline_source;
        self.emit_stored(source);
    }

    fn push_piece(&mut self, piece: Piece<'a>) {
        if !self.begin_live() {
            return self.inline.push(piece);
        }
        match &piece {
            Piece::Text(text, style) => self.wrapper.feed_text(text, *style, false),
            Piece::Break => self.wrapper.push_break(),
        }
    }

    /// A space between words of the current block (a soft break).
    fn push_space(&mut self, style: Style) {
        if self.begin_live() {
            self.wrapper.push_space(style);
        } else {
            self.inline.push(Piece::Text(Cow::Borrowed(" "), style));
        }
    }

    /// Untrusted inline text that is not a borrowed slice of the source: cleaned, and only
    /// copied when it must be kept (outside a live wrap).
    fn push_cleaned(&mut self, text: &str, style: Style) {
        let (cleaned, printable) = inline::clean_printable(text);
        if self.begin_live() {
            self.wrapper.feed_text(&cleaned, style, printable);
        } else {
            self.inline.push(Piece::Text(Cow::Owned(cleaned.into_owned()), style));
        }
    }

    /// Inline text of the current block; `printable`: known to be all printable ASCII.
    fn push_text(&mut self, text: Cow<'a, str>, style: Style, printable: bool) {
        if self.begin_live() {
            self.wrapper.feed_text(&text, style, printable);
        } else {
            self.inline.push(Piece::Text(text, style));
        }
    }

    /// Whether inline content goes straight to the wrapper (starting a live wrap if none is
    /// under way): yes, except in headings and tables, which lay their pieces out
    /// themselves. Every block boundary flushes first, so the width and prefix cannot
    /// change while a live wrap is under way.
    fn begin_live(&mut self) -> bool {
        if self.live {
            return true;
        }
        if self.heading.is_some() || self.table.is_some() {
            if self.inline.is_empty() {
                self.inline_source = self.block_source;
            }
            return false;
        }
        self.inline_source = self.block_source;
        let width = self.content_width();
        self.wrapper.begin(width);
        self.live = true;
        true
    }

    fn pop_container(&mut self, want: fn(&Container) -> bool) -> Option<Container> {
        // Events are balanced, but search anyway so a surprise never corrupts the stack.
        let pos = self.containers.iter().rposition(want)?;
        let c = self.containers.remove(pos);
        self.containers.truncate(pos);
        Some(c)
    }

    /// A generated section title ("Footnotes", "Links") in the main sink.
    fn section_title(&mut self, title: &str) {
        self.cur_sink = 0;
        self.containers.clear();
        self.sink().pending_blank = true;
        let style = self.theme.section_title;
        let width = self.content_width();
        self.wrapper.wrap_stored(&[Piece::Text(title.into(), style)], width);
        self.emit_stored(self.source_len);
    }
}
