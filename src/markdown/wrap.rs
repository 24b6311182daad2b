//! Filling lines: word wrapping of styled runs, hard wrapping of verbatim text,
//! and the width safety net. All widths are display columns (unicode-width),
//! measured per grapheme cluster so a cluster is never split.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::inline::Piece;
use super::lines::Lines;
use crate::text::{first_non_printable, is_printable_ascii};

/// Shown instead of a character that is wider than the whole line (e.g. a CJK character
/// at width 1): better a visible stand-in than overflowing the terminal.
const TOO_WIDE: &str = "?";

/// 0x80 in each byte of `x` that is a space, 0 elsewhere (exact: no carries across bytes).
fn space_mask(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let t = x ^ 0x2020_2020_2020_2020;
    !(((t & LOW7) + LOW7) | t | LOW7)
}

/// Up to 8 bytes of `bytes` from `offset` as a little-endian word, padded with zero bytes.
/// A short tail is read as the slice's last 8 bytes, shifted (no byte-by-byte assembly
/// through memory, which stalls the wide load that follows).
fn load_at(bytes: &[u8], offset: usize) -> u64 {
    if let Some(chunk) = bytes.get(offset..).and_then(|rest| rest.first_chunk::<8>()) {
        return u64::from_le_bytes(*chunk);
    }
    let n = bytes.len().saturating_sub(offset);
    if n == 0 {
        return 0;
    }
    if let Some(last) = bytes.last_chunk::<8>() {
        return u64::from_le_bytes(*last) >> (8 * (8 - n));
    }
    bytes[offset..].iter().enumerate().fold(0, |x, (i, &b)| x | u64::from(b) << (8 * i))
}

/// Index of the first space, eight bytes at a time (words are short, so a byte loop
/// mispredicts its exit often).
pub(crate) fn first_space(bytes: &[u8]) -> Option<usize> {
    let mut offset = 0;
    while offset < bytes.len() {
        let m = space_mask(load_at(bytes, offset));
        if m != 0 {
            let i = offset + m.trailing_zeros() as usize / 8;
            // Padding bytes are zero, never spaces, so `i` is in range.
            return Some(i);
        }
        offset += 8;
    }
    None
}

/// Index of the last space in `bytes` that ends a run of single-spaced words: the scan
/// stops at a leading space or at the second of two spaces.
fn last_single_space(bytes: &[u8]) -> Option<usize> {
    let mut best = None;
    // "Before the start" counts as a space, so a leading space stops the scan at once.
    let mut previous_space = 0x80;
    let mut offset = 0;
    while offset < bytes.len() {
        let m = space_mask(load_at(bytes, offset));
        // A space whose preceding byte is a space too.
        let doubled = m & ((m << 8) | previous_space);
        let usable = if doubled == 0 { m } else { m & ((1u64 << doubled.trailing_zeros()) - 1) };
        if usable != 0 {
            best = Some(offset + (63 - usable.leading_zeros() as usize) / 8);
        }
        if doubled != 0 {
            return best;
        }
        previous_space = (m >> 56) & 0x80;
        offset += 8;
    }
    best
}

/// Display width of `s`, skipping the width tables for printable ASCII (most text).
pub(crate) fn width(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut total = 0;
    let mut start = 0;
    loop {
        let Some(offset) = first_non_printable(&bytes[start..]) else {
            return total + bytes.len() - start;
        };
        // Printable ASCII measures one column per char. unicode-width joins some chars into
        // sequences, but never an inert char (see `inert`), so the string can be cut next to
        // one and the pieces measured apart: the ASCII run up to its last inert char, then
        // the rest up to the next inert char with the width tables.
        let mut cut = start + offset;
        while cut > start && !inert(bytes[cut - 1]) {
            cut -= 1;
        }
        total += cut - start;
        let mut end = start + offset + 1;
        while end < bytes.len() && !inert(bytes[end]) {
            end += 1;
        }
        // Both ends are next to ASCII bytes (or the string's ends): char boundaries.
        total += s.get(cut..end).map_or(0, UnicodeWidthStr::width);
        start = end;
    }
}

/// A char that is a grapheme cluster of its own next to any other such char or printable
/// ASCII, and whose width adds up with theirs (unicode-width's context rules involve none
/// of them): the accents, punctuation, arrows, box drawing, symbols, kana and CJK of most
/// prose.
/// Their Grapheme_Cluster_Break is Other: none extends, prepends or joins.
pub(crate) fn standalone(c: char) -> bool {
    matches!(c,
        // Latin-1 without NBSP (whitespace) and the soft hyphen (a format control).
        '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{FF}'
        // Latin Extended-A.
        | '\u{100}'..='\u{17F}'
        // Dashes, quotes, bullets, ellipsis; per mille, primes, guillemets.
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{203E}'
        // Arrows, box drawing; miscellaneous symbols and dingbats (check marks, stars).
        | '\u{2190}'..='\u{21FF}' | '\u{2500}'..='\u{257F}' | '\u{2600}'..='\u{27BF}'
        // Hiragana and katakana letters (not the combining sound marks U+3099/U+309A).
        | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FE}'
        // CJK unified ideographs.
        | '\u{4E00}'..='\u{9FFF}'
    )
}

/// A printable ASCII char that unicode-width never joins with a neighbour: anything but
/// `#`, `*` and digits, which start keycap sequences.
fn inert(b: u8) -> bool {
    (0x20..0x7f).contains(&b) && !matches!(b, b'#' | b'*' | b'0'..=b'9')
}

/// Word-wrap styled pieces into lines of at most `width` columns (no prefix).
///
/// Whitespace is a break opportunity (and collapses to one space); so is the gap between
/// two wide characters, so CJK text without spaces still wraps. Words longer than the
/// width are split at grapheme boundaries. Returns no lines for empty input.
#[cfg(test)]
pub(crate) fn wrap(pieces: &[Piece<'_>], width: usize) -> Vec<Vec<Span<'static>>> {
    Wrapper::default().wrap(pieces, width)
}

/// The line filler. One is kept by the renderer and reused for every block, so its
/// buffers are allocated once per document, not once per paragraph.
#[derive(Default)]
pub(crate) struct Wrapper {
    width: usize,
    lines: Vec<Vec<Span<'static>>>,
    /// The styles seen in this call: segments refer to them by index, so merging runs
    /// compares two numbers instead of two styles.
    styles: Vec<Style>,
    last_style: Option<(Style, usize)>,
    /// The line being filled: its text and styled segments as (end offset, style index).
    /// Spans are cut from it when the line is done, each with one exact allocation.
    line: String,
    line_segments: Vec<(usize, usize)>,
    cur_w: usize,
    /// The word being collected, with segments as for the line.
    word: String,
    segments: Vec<(usize, usize)>,
    word_w: usize,
    word_last_wide: bool,
    /// Whitespace seen since the last word (with its style, so underlined links keep
    /// their underline across the gap).
    space: Option<usize>,
    output: Output,
    /// Lines and stored output: per line, its width if that is exact however it is
    /// measured (whole, or span by span), else `usize::MAX`.
    plain_widths: Vec<usize>,
    /// The current line's width is exact (see `place`); the word being collected is all
    /// printable ASCII.
    line_plain: bool,
    word_plain: bool,
    /// The word being collected is made of [`standalone`] chars and printable ASCII.
    word_simple: bool,
    /// Measure output: each line's width (as the sum of its spans' widths).
    widths: Vec<usize>,
    /// Stored output: the lines of a block wrapped as it came.
    stored: Lines,
}

/// What a finished line becomes.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Output {
    /// A `Vec` of spans in `lines`.
    #[default]
    Lines,
    /// A line of `stored`: no allocation per line or span.
    Store,
    /// Only its width, in `widths`.
    Measure,
}

impl Wrapper {
    /// See [`wrap`].
    pub(crate) fn wrap(&mut self, pieces: &[Piece<'_>], width: usize) -> Vec<Vec<Span<'static>>> {
        self.reset(width, Output::Lines);
        // Room for the lines the text will likely take, to spare regrowing.
        let bytes: usize = pieces.iter().map(|p| if let Piece::Text(t, _) = p { t.len() } else { 1 }).sum();
        self.lines.reserve(bytes / self.width + 1);
        self.feed(pieces);
        self.finish();
        std::mem::take(&mut self.lines)
    }

    /// Start wrapping a block whose pieces arrive one by one ([`feed_text`](Self::feed_text),
    /// [`push_break`](Self::push_break)); after [`end`](Self::end), [`take_stored`]
    /// (Self::take_stored) has the lines, the same as [`wrap`](Self::wrap) on all the
    /// pieces at once.
    pub(crate) fn begin(&mut self, width: usize) {
        self.reset(width, Output::Store);
    }

    /// `printable`: the caller knows the text is all printable ASCII.
    pub(crate) fn feed_text(&mut self, text: &str, style: Style, printable: bool) {
        let style = self.style_index(style);
        if printable {
            self.ascii(text, style);
        } else {
            self.text(text, style);
        }
    }

    /// Whitespace between words: the same as feeding `" "`.
    pub(crate) fn push_space(&mut self, style: Style) {
        let style = self.style_index(style);
        self.flush_word();
        self.space.get_or_insert(style);
    }

    pub(crate) fn push_break(&mut self) {
        self.hard_break();
    }

    pub(crate) fn end(&mut self) {
        self.finish();
    }

    /// The lines stored since [`begin`](Self::begin). Hand them back with
    /// [`reuse_stored`](Self::reuse_stored) so their buffers serve the next block.
    pub(crate) fn take_stored(&mut self) -> Lines {
        std::mem::take(&mut self.stored)
    }

    pub(crate) fn stored_is_empty(&self) -> bool {
        self.stored.is_empty()
    }

    pub(crate) fn reuse_stored(&mut self, mut stored: Lines) {
        stored.clear();
        self.stored = stored;
    }

    /// The width of the widest line [`wrap`] would produce (0 for no lines), without
    /// building the lines.
    pub(crate) fn widest_line(&mut self, pieces: &[Piece<'_>], width: usize) -> usize {
        self.reset(width, Output::Measure);
        self.feed(pieces);
        self.finish();
        self.widths.iter().copied().max().unwrap_or(0)
    }

    /// Like [`wrap`], but the lines go to the store ([`take_stored`](Self::take_stored)).
    pub(crate) fn wrap_stored(&mut self, pieces: &[Piece<'_>], width: usize) {
        self.reset(width, Output::Store);
        self.feed(pieces);
        self.finish();
    }

    /// Like [`wrap`], but appends the lines to `out`: no allocation per line or span.
    pub(crate) fn wrap_lines(&mut self, pieces: &[Piece<'_>], width: usize, out: &mut Lines) {
        self.reset(width, Output::Store);
        std::mem::swap(&mut self.stored, out);
        self.feed(pieces);
        self.finish();
        std::mem::swap(&mut self.stored, out);
    }

    fn reset(&mut self, width: usize, output: Output) {
        self.width = width.max(1);
        self.lines.clear();
        self.styles.clear();
        self.last_style = None;
        self.line.clear();
        self.line_segments.clear();
        self.cur_w = 0;
        self.word.clear();
        self.segments.clear();
        self.word_w = 0;
        self.word_last_wide = false;
        self.space = None;
        self.output = output;
        self.plain_widths.clear();
        self.stored.clear();
        self.line_plain = true;
        self.word_plain = true;
        self.word_simple = true;
        self.widths.clear();
    }

    fn feed(&mut self, pieces: &[Piece<'_>]) {
        for piece in pieces {
            match piece {
                Piece::Text(text, style) => {
                    let style = self.style_index(*style);
                    self.text(text, style);
                }
                Piece::Break => self.hard_break(),
            }
        }
    }

    fn style_index(&mut self, style: Style) -> usize {
        if let Some((last, i)) = self.last_style
            && last == style
        {
            return i;
        }
        // Few styles per block: a short search.
        let i = match self.styles.iter().position(|s| *s == style) {
            Some(i) => i,
            None => {
                self.styles.push(style);
                self.styles.len() - 1
            }
        };
        self.last_style = Some((style, i));
        i
    }

    /// Feed text, by the printable-ASCII fast path wherever that gives the same result:
    /// runs are cut only between two printable ASCII bytes, which is always a grapheme
    /// boundary, so segmenting the other runs on their own yields the same clusters.
    fn text(&mut self, text: &str, style: usize) {
        let bytes = text.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            let Some(offset) = first_non_printable(&bytes[start..]) else {
                self.ascii(&text[start..], style);
                return;
            };
            let first = start + offset;
            // The ASCII byte before may be the base of the cluster (e + U+0301).
            let cut = first.saturating_sub(1).max(start);
            if cut > start {
                self.ascii(&text[start..cut], style);
            }
            let printable = |b: u8| (0x20..0x7f).contains(&b);
            let mut end = first + 1;
            while end < bytes.len() && !(printable(bytes[end - 1]) && printable(bytes[end])) {
                end += 1;
            }
            let run = &text[cut..end];
            if run.chars().all(|c| standalone(c) || (c.is_ascii() && printable(c as u8))) {
                // Every char is a cluster of its own and measures the same in any company:
                // no segmenting (most non-ASCII prose: accents, dashes, quotes, CJK).
                for (i, c) in run.char_indices() {
                    self.standalone_char(&run[i..i + c.len_utf8()], c, style);
                }
            } else {
                for g in run.graphemes(true) {
                    self.grapheme(g, style);
                }
            }
            start = end;
        }
    }

    /// Printable ASCII: whole words at a time, one column per byte.
    fn ascii(&mut self, text: &str, style: usize) {
        let mut rest = text;
        let mut first = true;
        loop {
            if !first {
                self.flush_word();
                self.space.get_or_insert(style);
            }
            // Also at the start: text usually follows a space (a soft break).
            if self.word.is_empty()
                && self.space == Some(style)
                && let Some(taken) = self.fill(rest, style)
            {
                rest = &rest[taken..];
            }
            let space_at = first_space(rest.as_bytes());
            let part = match space_at {
                Some(i) => &rest[..i],
                None => rest,
            };
            if !part.is_empty() {
                if space_at.is_some() && self.word.is_empty() {
                    // A whole word in one style (a space follows): place it without staging.
                    self.place(part, &[(part.len(), style)], part.len(), true, true);
                } else {
                    self.append(part, part.len(), false, style);
                }
            }
            match space_at {
                Some(i) => {
                    rest = &rest[i + 1..];
                    first = false;
                }
                None => return,
            }
        }
    }

    /// With a space pending in `style` and no word staged, put as many of the whole words
    /// at the start of `rest` as fit on the current line, in one go: exactly what placing
    /// them one by one does, as they are printable ASCII words in one style separated by
    /// single spaces. Returns the bytes consumed, up to and including the space after the
    /// last word placed (so a space is pending again), or `None` if no word fits or the
    /// text is not that simple.
    fn fill(&mut self, rest: &str, style: usize) -> Option<usize> {
        let bytes = rest.as_bytes();
        let lead = usize::from(self.cur_w > 0);
        let room = self.width.checked_sub(self.cur_w + lead)?;
        // The last space at or before `room`: every word before it fits. Stop at a
        // leading or double space: spaces collapse there, which the word-by-word path does.
        let end = bytes.len().min(room.saturating_add(1));
        let taken = last_single_space(&bytes[..end])?;
        if lead == 1 {
            self.push_space_char(style);
        }
        self.push_text(&rest[..taken], style);
        self.cur_w += lead + taken;
        self.space = Some(style);
        self.word_last_wide = false;
        Some(taken + 1)
    }

    fn append(&mut self, text: &str, width: usize, wide: bool, style: usize) {
        self.word.push_str(text);
        match self.segments.last_mut() {
            Some((end, s)) if *s == style => *end = self.word.len(),
            _ => self.segments.push((self.word.len(), style)),
        }
        self.word_w += width;
        self.word_last_wide = wide;
    }

    /// A char that is a cluster of its own ([`standalone`]) or printable ASCII: what
    /// [`grapheme`](Self::grapheme) does, without its general checks.
    fn standalone_char(&mut self, g: &str, c: char, style: usize) {
        if c == ' ' {
            self.flush_word();
            self.space.get_or_insert(style);
            return;
        }
        if !c.is_ascii() {
            self.word_plain = false;
        }
        let gw = c.width().unwrap_or(0);
        let wide = gw == 2;
        if wide && self.word_last_wide {
            self.flush_word();
        }
        self.append(g, gw, wide, style);
    }

    fn grapheme(&mut self, g: &str, style: usize) {
        if g.chars().all(char::is_whitespace) {
            self.flush_word();
            self.space.get_or_insert(style);
            return;
        }
        // A cluster that may join its neighbours: the word is measured whole when placed.
        self.word_simple &= g.len() == 1 || g.chars().all(standalone);
        if !(g.len() == 1 && is_printable_ascii(g)) {
            self.word_plain = false;
        }
        let gw = g.width();
        // "Wide" means an East Asian wide base character, not a cluster that merely
        // measures 2 (Indic syllables can, and must not be broken apart).
        let wide = g.chars().next().and_then(|c| c.width()) == Some(2);
        if wide && self.word_last_wide {
            // Break opportunity between two wide (CJK) characters, without a space.
            self.flush_word();
        }
        self.append(g, gw, wide, style);
    }

    fn hard_break(&mut self) {
        self.flush_word();
        self.space = None;
        self.new_line();
    }

    fn new_line(&mut self) {
        let mut start = 0;
        match self.output {
            Output::Measure => {
                let mut total = 0;
                for &(end, _) in &self.line_segments {
                    total += width(self.line.get(start..end).unwrap_or(""));
                    start = end;
                }
                self.widths.push(total);
            }
            Output::Store => {
                let styles = &self.styles;
                let segments = self
                    .line_segments
                    .iter()
                    .map(|&(end, style)| (end, styles.get(style).copied().unwrap_or_default()));
                self.stored.push_segments(&self.line, segments);
                self.stored.end_line();
                self.plain_widths.push(if self.line_plain { self.cur_w } else { usize::MAX });
            }
            Output::Lines => {
                let mut spans = Vec::with_capacity(self.line_segments.len());
                for &(end, style) in &self.line_segments {
                    let text = self.line.get(start..end).unwrap_or("").to_string();
                    spans.push(Span::styled(text, self.styles.get(style).copied().unwrap_or_default()));
                    start = end;
                }
                self.lines.push(spans);
                self.plain_widths.push(if self.line_plain { self.cur_w } else { usize::MAX });
            }
        }
        self.line.clear();
        self.line_segments.clear();
        self.line_plain = true;
        self.cur_w = 0;
    }

    /// Append text to the line, extending the last segment if it has the same style.
    fn push_text(&mut self, text: &str, style: usize) {
        if text.is_empty() {
            return;
        }
        self.line.push_str(text);
        self.extend_segment(style);
    }

    /// `push_text(" ", style)` without a call to copy one byte.
    fn push_space_char(&mut self, style: usize) {
        self.line.push(' ');
        self.extend_segment(style);
    }

    /// The line's text grew: its last segment ends at the new end, if it has `style`.
    fn extend_segment(&mut self, style: usize) {
        match self.line_segments.last_mut() {
            Some((end, s)) if *s == style => *end = self.line.len(),
            _ => self.line_segments.push((self.line.len(), style)),
        }
    }

    fn push(&mut self, text: &str, width: usize, style: usize) {
        self.push_text(text, style);
        self.cur_w += width;
    }

    fn flush_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let segments = std::mem::take(&mut self.segments);
        let mut word_w = std::mem::replace(&mut self.word_w, 0);
        // Printable ASCII, as tracked while collecting it (no scan of the word).
        let plain = std::mem::replace(&mut self.word_plain, true);
        let mut exact = plain;
        let simple = std::mem::replace(&mut self.word_simple, true);
        if !plain {
            // unicode-width is context-sensitive (e.g. Indic spacing marks), and terminals
            // and ratatui measure whole strings, so measure the word as one string, unless
            // it is made of chars whose widths always add up.
            let whole = if simple { word_w } else { word.width() };
            // In one span, and its graphemes add up to the whole: the word measures the
            // same however it is measured.
            exact = segments.len() == 1 && whole == word_w;
            word_w = word_w.max(whole);
        }
        self.place(&word, &segments, word_w, exact, plain);
        // Hand the buffers back so their capacity is reused.
        self.word = word;
        self.word.clear();
        self.segments = segments;
        self.segments.clear();
    }

    /// Put a finished word on the current line, or the next, or split it over lines.
    /// `exact`: the word is printable ASCII, or else one span whose width is the same
    /// measured whole or grapheme by grapheme. `plain`: it is printable ASCII.
    fn place(&mut self, word: &str, segments: &[(usize, usize)], word_w: usize, exact: bool, plain: bool) {
        let space = self.space.take().filter(|_| self.cur_w > 0);
        self.word_last_wide = false;
        let need = word_w + usize::from(space.is_some());
        let fits_here = self.cur_w + need <= self.width;
        // A line's width is the sum of its words' (and spaces') when each word is exact and
        // next to a space or a line end: a space never joins its neighbours. A non-ASCII
        // word glued to the one before (CJK) or split over lines has no such guarantee.
        let glued = fits_here && space.is_none() && self.cur_w > 0;
        let whole = fits_here || word_w <= self.width;
        let exact = exact && (plain || (whole && !glued));
        if fits_here {
            if let Some(s) = space {
                self.push_space_char(s);
                self.cur_w += 1;
            }
        } else if self.cur_w > 0 {
            self.new_line();
        }
        let mut start = 0;
        for &(end, style) in segments {
            self.line_plain &= exact;
            let text = word.get(start..end).unwrap_or("");
            start = end;
            if whole {
                self.push_text(text, style);
                continue;
            }
            // Longer than a whole line: split at grapheme boundaries.
            if text.bytes().all(|b| (0x21..0x7f).contains(&b)) {
                // Printable ASCII: one column per byte, cut in slices.
                let mut rest = text;
                while !rest.is_empty() {
                    if self.cur_w >= self.width {
                        self.new_line();
                    }
                    let take = (self.width - self.cur_w).min(rest.len());
                    let (head, tail) = rest.split_at(take);
                    self.push(head, take, style);
                    rest = tail;
                }
                continue;
            }
            for g in text.graphemes(true) {
                fit_units(g, self.width, |unit, uw| {
                    if self.cur_w + uw > self.width && self.cur_w > 0 {
                        self.new_line();
                    }
                    self.push(unit, uw, style);
                });
            }
        }
        if whole {
            self.cur_w += word_w;
        }
    }

    /// After [`wrap`](Self::wrap): per line, its width when it is known exactly without
    /// measuring (printable ASCII), else `usize::MAX`. Hand the buffer back with
    /// [`reuse`](Self::reuse).
    pub(crate) fn take_plain_widths(&mut self) -> Vec<usize> {
        std::mem::take(&mut self.plain_widths)
    }

    pub(crate) fn reuse(&mut self, plain_widths: Vec<usize>) {
        self.plain_widths = plain_widths;
    }

    fn finish(&mut self) {
        self.flush_word();
        if !self.line_segments.is_empty() {
            self.new_line();
        }
    }
}

/// Hand a grapheme to `place` as placeable units. Normally the grapheme itself; only a
/// cluster wider than the whole line is broken into chars (and a char wider than the line
/// is replaced) because the width limit outranks cluster integrity.
fn fit_units(g: &str, width: usize, mut place: impl FnMut(&str, usize)) {
    let gw = g.width();
    if gw <= width {
        return place(g, gw);
    }
    let mut buf = [0u8; 4];
    for c in g.chars() {
        let cw = c.width().unwrap_or(0);
        if cw <= width {
            place(c.encode_utf8(&mut buf), cw);
        } else {
            place(TOO_WIDE, 1);
        }
    }
}

/// Append text to the last span if it has the same style, else start a new span.
pub(crate) fn push_span(spans: &mut Vec<Span<'static>>, text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.style == style => last.content.to_mut().push_str(text),
        _ => spans.push(Span::styled(text.to_string(), style)),
    }
}

/// Hard-wrap one verbatim line (code, raw HTML) to `width` columns. Continuation pieces
/// start with a visible `↪` so a wrapped line is never mistaken for two lines.
/// `lead`, if given, starts every line (as its own span, even when empty). Each line goes
/// to `emit` with its width when that is known exactly without measuring.
pub(crate) fn hard_wrap(
    text: &str,
    style: Style,
    width: usize,
    mark_style: Style,
    lead: Option<&'static str>,
    mut emit: impl FnMut(&[Span<'_>], Option<usize>),
) {
    let width = width.max(1);
    // Below width 3 the mark would leave no room for a double-width character (which
    // would then become `?`); wrap without it.
    let use_mark = width >= 3;
    if is_printable_ascii(text) {
        // Printable ASCII (most code): one column per byte, so cut slices.
        let lead_width = lead.map_or(0, str::len);
        let mark_width = self::width("↪");
        let mut rest = text;
        let mut first = true;
        loop {
            let limit = if first || !use_mark { width } else { width - 1 };
            let (head, tail) = rest.split_at(limit.min(rest.len()));
            let mark = !first && use_mark;
            let (spans, n) = verbatim_line(lead, mark.then_some(mark_style), head, style);
            // The mark could join a keycap sequence with what follows it; anything else
            // here is printable ASCII next to a space or the mark.
            let separable = !mark || head.bytes().next().is_none_or(inert);
            let mark_width = if mark { mark_width } else { 0 };
            emit(&spans[..n], separable.then_some(lead_width + mark_width + head.len()));
            rest = tail;
            first = false;
            if rest.is_empty() {
                return;
            }
        }
    }
    let mut cur = String::new();
    let mut cur_w = 0;
    let mut first = true;
    let mut finish = |cur: &mut String, first: bool| {
        let mark = (!first && use_mark).then_some(mark_style);
        let (spans, n) = verbatim_line(lead, mark, cur, style);
        emit(&spans[..n], None);
        cur.clear();
    };
    for g in text.graphemes(true) {
        let limit = if first || !use_mark { width } else { width - 1 };
        fit_units(g, limit, |unit, uw| {
            let limit = if first || !use_mark { width } else { width - 1 };
            if cur_w + uw > limit && cur_w > 0 {
                finish(&mut cur, first);
                first = false;
                cur_w = 0;
            }
            cur.push_str(unit);
            cur_w += uw;
        });
    }
    finish(&mut cur, first);
}

/// The spans of one hard-wrapped line: lead, continuation mark and text, borrowed; and
/// how many of the three are used.
fn verbatim_line<'s>(
    lead: Option<&'static str>,
    mark: Option<Style>,
    head: &'s str,
    style: Style,
) -> ([Span<'s>; 3], usize) {
    let mut spans: [Span<'s>; 3] = Default::default();
    let mut n = 0;
    if let Some(lead) = lead {
        spans[n] = Span::raw(lead);
        n += 1;
    }
    if let Some(mark_style) = mark {
        spans[n] = Span::styled("↪", mark_style);
        n += 1;
    }
    if !head.is_empty() {
        spans[n] = Span::styled(head, style);
        n += 1;
    }
    (spans, n)
}

/// Cut spans to at most `budget` columns (used for prefixes at very narrow widths).
pub(crate) fn truncate_spans(spans: Vec<Span<'static>>, budget: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(|s| width(&s.content)).sum();
    if total <= budget {
        return spans;
    }
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let mut text = String::new();
        for g in span.content.graphemes(true) {
            let gw = g.width();
            if used + gw > budget {
                break;
            }
            used += gw;
            text.push_str(g);
        }
        if !text.is_empty() {
            out.push(Span::styled(text, span.style));
        }
        if used >= budget {
            break;
        }
    }
    out
}

/// Whether a line fits in `width` columns, both span by span and as one string.
///
/// unicode-width measures some sequences as one (emoji and keycap sequences, ligatures),
/// so a span boundary inside one makes the two measures differ. A printable ASCII char
/// other than `#`, `*` and digits (which start keycap sequences) never joins a
/// neighbour, so the widths add up across a boundary next to one; only lines with another
/// kind of boundary pay for the whole-line measure.
pub(crate) fn fits<'s>(spans: impl Iterator<Item = (&'s str, Style)>, whole: &str, width: usize) -> bool {
    let inert = |c: char| c.is_ascii() && inert(c as u8);
    let mut total = 0;
    let mut simple = true;
    let mut additive = true;
    let mut before: Option<char> = None;
    // The width of the last one-char span: borders and bullets repeat along a line.
    let mut single: Option<(char, usize)> = None;
    for (text, _) in spans {
        let (first, last) = if is_printable_ascii(text) {
            total += text.len();
            match (text.bytes().next(), text.bytes().next_back()) {
                (Some(first), Some(last)) => (char::from(first), char::from(last)),
                _ => continue,
            }
        } else {
            simple = false;
            let mut chars = text.chars();
            let Some(first) = chars.next() else { continue };
            let last = chars.next_back();
            total += match (last, single) {
                (None, Some((c, w))) if c == first => w,
                (None, _) => {
                    let w = self::width(text);
                    single = Some((first, w));
                    w
                }
                (Some(_), _) => self::width(text),
            };
            (first, last.unwrap_or(first))
        };
        if let Some(b) = before
            && !inert(b)
            && !inert(first)
        {
            additive = false;
        }
        before = Some(last);
    }
    total <= width && (simple || additive || whole.width() <= width)
}

/// Split an over-wide line char by char, measuring the accumulated text so that both the
/// per-span and the whole-line measure stay within `width`. Only runs for lines that
/// overflowed, which the normal paths avoid, so its extra cost does not matter.
pub(crate) fn enforce_width(spans: Vec<Span<'static>>, width: usize) -> Vec<Vec<Span<'static>>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut plain = String::new();
    let mut buf = [0u8; 4];
    for span in spans {
        for c in span.content.chars() {
            let unit: &str = if c.width().unwrap_or(0) > width { TOO_WIDE } else { c.encode_utf8(&mut buf) };
            let mut candidate = cur.clone();
            push_span(&mut candidate, unit, span.style);
            let mut cand_plain = plain.clone();
            cand_plain.push_str(unit);
            let fits =
                cand_plain.width() <= width && candidate.iter().map(|s| s.content.width()).sum::<usize>() <= width;
            if fits || cur.is_empty() {
                cur = candidate;
                plain = cand_plain;
            } else {
                lines.push(std::mem::take(&mut cur));
                push_span(&mut cur, unit, span.style);
                plain = unit.to_string();
            }
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines.iter().map(|l| l.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    fn text(s: &str) -> Vec<Piece<'_>> {
        vec![Piece::Text(s.into(), Style::new())]
    }

    #[test]
    fn wraps_words_and_splits_long_ones() {
        let lines = wrap(&text("aa bb cc   dddddddd"), 5);
        assert_eq!(plain(&lines), ["aa bb", "cc", "ddddd", "ddd"]);
    }

    /// Lines as (text, style) pairs per span, to compare wrappings exactly.
    fn spans_of(lines: &[Vec<Span<'static>>]) -> Vec<Vec<(String, Style)>> {
        lines.iter().map(|l| l.iter().map(|s| (s.content.to_string(), s.style)).collect()).collect()
    }

    #[test]
    fn where_a_text_is_cut_into_runs_does_not_change_its_wrapping() {
        // The end of a run may be the middle of a word (`word**bold**`), which is only
        // known at the next run: cutting a text anywhere must give the same lines, fed
        // whole or live, including where a word has to move to the next line.
        let texts = ["aaaa bbb cc", "one two  three", "ab cdefghij k", "x y z w", "word", "café au lait", "日本 語の"];
        for text in texts {
            let cuts: Vec<usize> = (1..text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for width in 1..14 {
                let whole = spans_of(&wrap(&[Piece::Text(text.into(), Style::new())], width));
                for &i in &cuts {
                    for &j in cuts.iter().filter(|&&j| j > i) {
                        let parts = [&text[..i], &text[i..j], &text[j..]];
                        let pieces: Vec<Piece<'_>> =
                            parts.iter().map(|p| Piece::Text((*p).into(), Style::new())).collect();
                        assert_eq!(spans_of(&wrap(&pieces, width)), whole, "{parts:?} at width {width}");
                        let mut live = Wrapper::default();
                        live.begin(width);
                        for part in parts {
                            live.feed_text(part, Style::new(), crate::text::is_printable_ascii(part));
                        }
                        live.end();
                        let stored = live.take_stored();
                        let lines: Vec<String> = stored.texts().map(str::to_string).collect();
                        let want: Vec<String> =
                            whole.iter().map(|l| l.iter().map(|(t, _)| t.as_str()).collect()).collect();
                        assert_eq!(lines, want, "live {parts:?} at width {width}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_word_continued_in_another_style_moves_whole() {
        let bold = Style::new().bold();
        let pieces = [Piece::Text("aaaa bbb".into(), Style::new()), Piece::Text("cc".into(), bold)];
        let lines = wrap(&pieces, 8);
        assert_eq!(plain(&lines), ["aaaa", "bbbcc"]);
        assert_eq!(spans_of(&lines)[1], [("bbb".to_string(), Style::new()), ("cc".to_string(), bold)]);
        // It still fits: it stays, in two spans.
        let lines = wrap(&pieces, 10);
        assert_eq!(plain(&lines), ["aaaa bbbcc"]);
    }

    #[test]
    fn cjk_breaks_between_wide_chars() {
        let lines = wrap(&text("日本語のテキスト"), 6);
        assert_eq!(plain(&lines), ["日本語", "のテキ", "スト"]);
    }

    #[test]
    fn hard_wrap_marks_continuations() {
        let mut lines = Vec::new();
        hard_wrap("abcdefgh", Style::new(), 4, Style::new(), None, |line, _| {
            lines.push(line.iter().map(|s| Span::raw(s.content.to_string())).collect())
        });
        assert_eq!(plain(&lines), ["abcd", "↪efg", "↪h"]);
    }

    #[test]
    fn fast_width_agrees_with_unicode_width() {
        let parts = [
            "a",
            " ",
            "1",
            "#",
            "*",
            "\u{FE0F}",
            "\u{FE0E}",
            "\u{20E3}",
            "\u{200D}",
            "\u{301}",
            "👍",
            "\u{1F3FD}",
            "🇫",
            "ل",
            "ا",
            "日本",
            "│",
            "\n",
            "\r",
            "\t",
            "é",
            "x",
            "\u{E007F}",
            "\u{A4F8}",
            "9",
        ];
        // Every sequence of three parts, and of four starting with ASCII.
        for a in parts {
            for b in parts {
                for c in parts {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(width(&s), s.width(), "{s:?}");
                    let t = format!("ab{a}{b}{c}cd 12{a}");
                    assert_eq!(width(&t), t.width(), "{t:?}");
                }
            }
        }
    }

    #[test]
    fn space_scans_agree_with_byte_loops() {
        let naive_last = |bytes: &[u8]| {
            let mut taken = None;
            for (i, &b) in bytes.iter().enumerate() {
                if b == b' ' {
                    if i == 0 || bytes[i - 1] == b' ' {
                        break;
                    }
                    taken = Some(i);
                }
            }
            taken
        };
        // Every string of up to 12 bytes over {a, space}, and some longer ones.
        for len in 0..=12 {
            for bits in 0u32..(1 << len) {
                let bytes: Vec<u8> = (0..len).map(|i| if bits >> i & 1 == 1 { b' ' } else { b'a' }).collect();
                assert_eq!(first_space(&bytes), bytes.iter().position(|&b| b == b' '), "{bytes:?}");
                assert_eq!(last_single_space(&bytes), naive_last(&bytes), "{bytes:?}");
            }
        }
        let long = b"the quick brown fox jumps over the lazy dog and keeps running  far away";
        for end in 0..long.len() {
            assert_eq!(last_single_space(&long[..end]), naive_last(&long[..end]));
            assert_eq!(first_space(&long[end..]), long[end..].iter().position(|&b| b == b' '));
        }
    }

    #[test]
    fn widths_add_up_next_to_inert_ascii() {
        // `fits` relies on this: unicode-width never joins these chars with a neighbour.
        let tricky = [
            "\u{FE0F}",
            "\u{FE0E}",
            "\u{FE01}",
            "\u{20E3}",
            "\u{200D}",
            "\u{301}",
            "👍",
            "\u{1F3FD}",
            "🇫",
            "🇷",
            "ل",
            "ا",
            "\u{5D0}",
            "\u{200D}\u{5DC}",
            "\u{17D2}",
            "ᄀ",
            "ᅡ",
            "\u{2D7F}",
            "ⴰ",
            "\u{A4F8}",
            "\u{E007F}",
            "\u{E0061}",
            "#",
            "1",
            "*",
            "☺",
            "\u{2018}",
            "│",
            "日",
            "",
        ];
        for c in (' '..='~').filter(|c| !matches!(c, '#' | '*' | '0'..='9')) {
            let c = c.to_string();
            for before in tricky {
                for after in tricky {
                    let whole = format!("{before}{c}{after}");
                    assert_eq!(whole.width(), before.width() + 1 + after.width(), "{whole:?}");
                }
            }
        }
    }

    #[test]
    fn standalone_chars_are_single_clusters_whose_widths_add_up() {
        // A sample of every range, next to each other and to printable ASCII.
        let sample: Vec<char> = (0xA0u32..0xA000)
            .filter_map(char::from_u32)
            .filter(|&c| standalone(c))
            .enumerate()
            .filter(|(i, c)| i % 41 == 0 || !c.is_alphabetic())
            .map(|(_, c)| c)
            .chain([' ', 'a', '1', '#', '*', '~'])
            .collect();
        assert!(sample.len() > 300, "{}", sample.len());
        for &a in &sample {
            for &b in &sample {
                let pair = format!("{a}{b}");
                assert_eq!(pair.graphemes(true).count(), 2, "{pair:?}");
                let sum = a.width().unwrap_or(0) + b.width().unwrap_or(0);
                assert_eq!(pair.width(), sum, "{pair:?}");
                assert_eq!(width(&pair), sum, "{pair:?}");
            }
        }
        // The excluded neighbours really are different.
        assert_eq!("e\u{301}".graphemes(true).count(), 1);
        assert!(!standalone('\u{A0}') && !standalone('\u{AD}') && !standalone('\u{3099}'));
    }

    #[test]
    fn wide_char_at_width_one_is_replaced_not_overflowed() {
        let lines = wrap(&text("日"), 1);
        assert_eq!(plain(&lines), ["?"]);
    }
}
