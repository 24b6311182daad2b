//! GFM tables: box borders, per-column alignment, header row bold, fitted to the width by
//! shrinking the widest columns and wrapping cell text between words. When the columns
//! cannot fit without splitting words ("Cust|omer" is unreadable), each row is shown as
//! `Header: value` lines instead: a layout for narrow windows, not a failure.

use std::ops::Range;

use pulldown_cmark::Alignment;
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::inline::Piece;
use super::lines::Lines;
use super::{Renderer, wrap};

/// Narrowest a column may be shrunk to before the table degrades to a list.
const MIN_COLUMN: usize = 3;

/// A width no cell reaches: wrap only at hard breaks.
const UNLIMITED: usize = usize::MAX / 4;

struct Row {
    /// Each cell's pieces, as a range of `TableState::pieces`.
    cells: Vec<Range<usize>>,
    header: bool,
    source: usize,
}

/// Buffers kept from one table to the next, so a document of many tables does not
/// allocate (and grow) them again for each.
#[derive(Default)]
pub(crate) struct Buffers<'a> {
    pieces: Vec<Piece<'a>>,
    rows: Vec<Row>,
    /// Emptied cell lists of rows already drawn.
    cells: Vec<Vec<Range<usize>>>,
    sizes: Vec<CellSize>,
    cell_lines: Lines,
    line_widths: Vec<usize>,
    line_cells: Vec<Range<usize>>,
}

/// A table being read. The pieces of all cells share one buffer, so a cell costs no
/// allocation of its own.
pub(crate) struct TableState<'a> {
    aligns: Vec<Alignment>,
    pieces: Vec<Piece<'a>>,
    rows: Vec<Row>,
    current: Option<Row>,
}

/// What laying out a cell needs to know of it.
#[derive(Clone, Copy)]
struct CellSize {
    /// Its unwrapped width.
    natural: usize,
    /// Its longest word's width (see `longest_word`).
    word: usize,
    /// One run of printable ASCII words separated by single spaces (most cells): its
    /// width is its length, and when that fits the column it is drawn as one span,
    /// exactly what wrapping it would give.
    simple: bool,
}

/// The size of a simple cell (see [`CellSize::simple`]), in one scan; `None` for others.
fn simple_cell_size(cell: &[Piece<'_>]) -> Option<CellSize> {
    let [Piece::Text(text, _)] = cell else { return None };
    let bytes = text.as_bytes();
    if crate::text::first_non_printable(bytes).is_some() {
        return standalone_cell_size(text);
    }
    // Printable ASCII: words are runs between single spaces, found eight bytes at a time.
    // Empty text (no line at all), a leading or trailing space and a double space (which
    // wrapping would collapse) are not simple.
    if bytes.first().is_none_or(|&b| b == b' ') || bytes.last() == Some(&b' ') {
        return None;
    }
    let (mut longest, mut start) = (0, 0);
    while let Some(gap) = wrap::first_space(&bytes[start..]) {
        if gap == 0 {
            return None;
        }
        longest = longest.max(gap);
        start += gap + 1;
    }
    Some(CellSize { natural: bytes.len(), word: longest.max(bytes.len() - start), simple: true })
}

/// [`simple_cell_size`] for text with chars beyond ASCII: still simple when each is a
/// cluster of its own whose width adds up with its neighbours' (`wrap::standalone`), so
/// the sums below are what the wrapper measures.
fn standalone_cell_size(text: &str) -> Option<CellSize> {
    let (mut total, mut longest, mut run) = (0, 0, 0);
    let mut after_space = true;
    for c in text.chars() {
        if c == ' ' {
            if after_space {
                return None;
            }
            after_space = true;
            longest = longest.max(run);
            run = 0;
            total += 1;
            continue;
        }
        let width = if c.is_ascii_graphic() {
            1
        } else if wrap::standalone(c) {
            c.width().unwrap_or(0)
        } else {
            return None;
        };
        after_space = false;
        run += width;
        total += width;
    }
    if after_space {
        return None;
    }
    Some(CellSize { natural: total, word: longest.max(run), simple: true })
}

/// Column widths fitting `target` columns of content, or `None` if impossible.
///
/// `natural` is each column's unwrapped width, `word` its longest word. Shrinking takes
/// from the widest columns first and avoids splitting words when that is possible.
fn fit_columns(natural: &[usize], word: &[usize], target: usize) -> Option<Vec<usize>> {
    if natural.iter().sum::<usize>() <= target {
        return Some(natural.to_vec());
    }
    let floors: Vec<usize> = natural.iter().zip(word).map(|(&n, &w)| n.min(w).max(n.min(MIN_COLUMN))).collect();
    if floors.iter().sum::<usize>() > target {
        return None;
    }
    let width_at = |n: usize, f: usize, cap: usize| n.min(cap).max(f).max(1);
    let widths_at =
        |cap: usize| -> Vec<usize> { natural.iter().zip(&floors).map(|(&n, &f)| width_at(n, f, cap)).collect() };
    let total_at = |cap: usize| -> usize { natural.iter().zip(&floors).map(|(&n, &f)| width_at(n, f, cap)).sum() };
    // Largest cap with total <= target (binary search: linear in columns, not in width).
    let (mut lo, mut hi) = (1, natural.iter().copied().max().unwrap_or(1));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if total_at(mid) <= target {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths = widths_at(lo);
    let mut left = target.saturating_sub(widths.iter().sum());
    for (w, &n) in widths.iter_mut().zip(natural) {
        if left == 0 {
            break;
        }
        if n > *w {
            *w += 1;
            left -= 1;
        }
    }
    Some(widths)
}

/// Width of the longest whitespace-separated word in a cell, measured as the wrapper
/// measures it. A word can span styled pieces (`**ab**cd` is one word), so the pieces are
/// joined first; measured piece by piece, the column could be cut narrower than the word.
fn longest_word(cell: &[Piece<'_>]) -> usize {
    let ascii = cell.iter().all(|p| match p {
        Piece::Text(t, _) => crate::text::is_printable_ascii(t),
        Piece::Break => true,
    });
    if ascii {
        // Printable ASCII (most cells): the only whitespace is ' ' and a word's width is
        // its length, so words are measured across pieces without joining them.
        let (mut longest, mut current) = (0, 0);
        for piece in cell {
            match piece {
                Piece::Text(t, _) => {
                    for (i, part) in t.split(' ').enumerate() {
                        if i > 0 {
                            current = 0;
                        }
                        current += part.len();
                        longest = longest.max(current);
                    }
                }
                Piece::Break => current = 0,
            }
        }
        return longest;
    }
    let mut text = String::new();
    for piece in cell {
        match piece {
            Piece::Text(t, _) => text.push_str(t),
            Piece::Break => text.push(' '),
        }
    }
    text.split_whitespace()
        .map(|w| {
            if crate::text::is_printable_ascii(w) {
                w.len()
            } else {
                w.width().max(w.graphemes(true).map(UnicodeWidthStr::width).sum())
            }
        })
        .max()
        .unwrap_or(0)
}

/// Append `n` horizontal box lines, copied in runs rather than one char at a time.
fn push_dashes(s: &mut String, n: usize) {
    const RUN: &str = "────────────────────────────────";
    let per_char = "─".len();
    let mut left = n;
    while left > 0 {
        let take = left.min(RUN.len() / per_char);
        s.push_str(&RUN[..take * per_char]);
        left -= take;
    }
}

/// A bar with `left` spaces before it and `right` after, as one span in the border style
/// (spaces look the same in it, and a row has half the spans): one copy of a slice of a
/// constant when both runs are short, as they almost always are.
fn push_bar(out: &mut Lines, left: usize, right: usize, style: Style) {
    const SIDE: usize = 64;
    const RUN: &str = concat!(
        "                                                                ",
        "│",
        "                                                                "
    );
    let bar_end = SIDE + "│".len();
    match SIDE.checked_sub(left).and_then(|start| RUN.get(start..bar_end + right)) {
        Some(run) => out.push_span(run, style),
        None => out.push_span_parts(&[&super::spaces(left), "│", &super::spaces(right)], style),
    }
}

fn border(widths: &[usize], left: &str, mid: &str, right: &str) -> String {
    let columns: usize = widths.iter().map(|w| w + 3).sum();
    let mut s = String::with_capacity(columns * "─".len() + right.len());
    s.push_str(left);
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            s.push_str(mid);
        }
        push_dashes(&mut s, w + 2);
    }
    s.push_str(right);
    s
}

impl<'a> Renderer<'_, 'a> {
    pub(super) fn start_table(&mut self, aligns: Vec<Alignment>) {
        self.flush_inline();
        let pieces = std::mem::take(&mut self.table_buffers.pieces);
        let rows = std::mem::take(&mut self.table_buffers.rows);
        self.table = Some(TableState { aligns, pieces, rows, current: None });
    }

    pub(super) fn start_table_row(&mut self, header: bool, source: usize) {
        if let Some(table) = &mut self.table {
            let cells = self.table_buffers.cells.pop().unwrap_or_default();
            table.current = Some(Row { cells, header, source });
        }
    }

    pub(super) fn start_table_cell(&mut self) {
        self.inline.clear();
    }

    pub(super) fn end_table_cell(&mut self) {
        if let Some(table) = &mut self.table
            && let Some(row) = &mut table.current
        {
            let start = table.pieces.len();
            table.pieces.append(&mut self.inline);
            row.cells.push(start..table.pieces.len());
        }
        self.inline.clear();
    }

    pub(super) fn end_table_row(&mut self) {
        if let Some(table) = &mut self.table
            && let Some(row) = table.current.take()
        {
            table.rows.push(row);
        }
    }

    pub(super) fn end_table(&mut self) {
        let Some(mut table) = self.table.take() else {
            return;
        };
        self.lay_out_table(&mut table);
        // Hand the buffers back for the next table.
        let buffers = &mut self.table_buffers;
        for mut row in table.rows.drain(..) {
            row.cells.clear();
            buffers.cells.push(row.cells);
        }
        table.pieces.clear();
        buffers.pieces = table.pieces;
        buffers.rows = table.rows;
    }

    fn lay_out_table(&mut self, table: &mut TableState<'a>) {
        let columns = table.rows.iter().map(|r| r.cells.len()).chain([table.aligns.len()]).max().unwrap_or(0);
        if columns == 0 || table.rows.is_empty() {
            return;
        }
        let header_style = self.theme.table_header;
        for row in &mut table.rows {
            row.cells.resize(columns, 0..0);
            if row.header {
                for range in &row.cells {
                    for piece in &mut table.pieces[range.clone()] {
                        if let Piece::Text(_, style) = piece {
                            *style = header_style.patch(*style);
                        }
                    }
                }
            }
        }
        // Every cell's size, row by row, each measured once.
        let mut sizes = std::mem::take(&mut self.table_buffers.sizes);
        sizes.clear();
        sizes.extend(table.rows.iter().flat_map(|row| &row.cells).map(|range| {
            let cell = &table.pieces[range.clone()];
            simple_cell_size(cell).unwrap_or_else(|| CellSize {
                natural: self.wrapper.widest_line(cell, UNLIMITED),
                word: longest_word(cell),
                simple: false,
            })
        }));
        let column = |c: usize| sizes.iter().skip(c).step_by(columns);
        let natural: Vec<usize> =
            (0..columns).map(|c| column(c).map(|s| s.natural).max().unwrap_or(0).max(1)).collect();
        let words: Vec<usize> = (0..columns).map(|c| column(c).map(|s| s.word).max().unwrap_or(0)).collect();
        let cw = self.content_width();
        // Each column costs its text plus " │" borders/padding: 3 per column + 1.
        let overhead = 3 * columns + 1;
        let widths = cw.checked_sub(overhead).and_then(|target| fit_columns(&natural, &words, target));
        match widths {
            Some(widths) => self.draw_table(table, &widths, &sizes),
            None => self.table_as_list(table),
        }
        self.table_buffers.sizes = sizes;
        self.sink().pending_blank = true;
    }

    /// `sizes`: each cell's, row by row.
    fn draw_table(&mut self, table: &TableState<'_>, widths: &[usize], sizes: &[CellSize]) {
        let border_style = self.theme.table_border;
        let first_source = table.rows.first().map_or(0, |r| r.source);
        let last_source = table.rows.last().map_or(0, |r| r.source);
        // A border is one column per char: its width is known without measuring it.
        let border_width = widths.iter().map(|w| w + 3).sum::<usize>() + 1;
        let top = border(widths, "┌", "┬", "┐");
        self.emit_known(&[Span::styled(top, border_style)], first_source, Some(border_width));
        let body_rows = table.rows.iter().filter(|r| !r.header).count();
        // The wrapped lines of a row's cells, one cell after another, with each line's
        // width when it is exact however measured (else `usize::MAX`), and per cell the
        // range of its lines.
        let mut cell_lines = std::mem::take(&mut self.table_buffers.cell_lines);
        let mut line_widths = std::mem::take(&mut self.table_buffers.line_widths);
        let mut cells = std::mem::take(&mut self.table_buffers.line_cells);
        for (row, sizes) in table.rows.iter().zip(sizes.chunks(widths.len())) {
            cell_lines.clear();
            line_widths.clear();
            cells.clear();
            for ((range, &w), size) in row.cells.iter().zip(widths).zip(sizes) {
                let first = cell_lines.len();
                let cell = &table.pieces[range.clone()];
                match cell {
                    [Piece::Text(text, style)] if size.simple && size.natural <= w => {
                        cell_lines.push_span(text, *style);
                        cell_lines.end_line();
                        line_widths.push(size.natural);
                    }
                    _ => {
                        self.wrapper.wrap_lines(cell, w, &mut cell_lines);
                        let known = self.wrapper.take_plain_widths();
                        line_widths.extend_from_slice(&known);
                        self.wrapper.reuse(known);
                    }
                }
                cells.push(first..cell_lines.len());
            }
            let height = cells.iter().map(ExactSizeIterator::len).max().unwrap_or(0).max(1);
            for k in 0..height {
                // Each line goes straight to the output: borders, padding and cell text.
                self.flush_pending_blank();
                let prefix_width = self.content_prefix();
                let out = &mut self.sink().lines;
                // Spaces owed after the previous cell's text, before the next bar.
                let mut trailing = 0;
                // The line's width, known without measuring it again when each cell line's
                // width is exact or it has one span: every other span boundary is next to a
                // padding space.
                let mut known = Some(1);
                for (c, (lines, &w)) in cells.iter().zip(widths).enumerate() {
                    // Past a cell's last line: an index with no spans.
                    let index = if k < lines.len() { lines.start + k } else { usize::MAX };
                    let spans = cell_lines.spans(index);
                    let exact = line_widths.get(index).copied().unwrap_or(0);
                    let content_width = if exact == usize::MAX {
                        if spans.len() > 1 {
                            known = None;
                        }
                        spans.clone().map(|(text, _)| wrap::width(text)).sum()
                    } else {
                        exact
                    };
                    let pad = w.saturating_sub(content_width);
                    known = known.map(|total| total + content_width.max(w) + 3);
                    let (before, after) = match table.aligns.get(c) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    push_bar(out, trailing, before + 1, border_style);
                    for (text, style) in spans {
                        out.push_span(text, style);
                    }
                    trailing = after + 1;
                }
                push_bar(out, trailing, 0, border_style);
                self.finish_line(row.source, known.zip(prefix_width).map(|(w, p)| w + p));
            }
            if row.header && body_rows > 0 {
                let sep = border(widths, "├", "┼", "┤");
                self.emit_known(&[Span::styled(sep, border_style)], row.source, Some(border_width));
            }
        }
        let bottom = border(widths, "└", "┴", "┘");
        self.emit_known(&[Span::styled(bottom, border_style)], last_source, Some(border_width));
        let buffers = &mut self.table_buffers;
        (buffers.cell_lines, buffers.line_widths, buffers.line_cells) = (cell_lines, line_widths, cells);
    }

    /// Degraded layout: one block of `Header: value` lines per row.
    fn table_as_list(&mut self, table: &TableState<'_>) {
        let header_style = self.theme.table_header;
        let names: Vec<String> = match table.rows.iter().find(|r| r.header) {
            Some(header) => header
                .cells
                .iter()
                .enumerate()
                .map(|(i, range)| {
                    let text: String = table.pieces[range.clone()]
                        .iter()
                        .map(|p| match p {
                            Piece::Text(t, _) => t.as_ref(),
                            Piece::Break => " ",
                        })
                        .collect();
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if text.is_empty() { format!("Column {}", i + 1) } else { text }
                })
                .collect(),
            None => Vec::new(),
        };
        let body: Vec<&Row> = table.rows.iter().filter(|r| !r.header).collect();
        let cw = self.content_width();
        if body.is_empty() {
            for name in &names {
                let pieces = [Piece::Text(name.as_str().into(), header_style)];
                let source = table.rows.first().map_or(0, |r| r.source);
                let lines = self.wrap(&pieces, cw);
                self.emit_all(lines, source);
            }
            return;
        }
        for row in body {
            for (i, range) in row.cells.iter().enumerate() {
                let cell = &table.pieces[range.clone()];
                let name = names.get(i).cloned().unwrap_or_else(|| format!("Column {}", i + 1));
                let mut pieces =
                    vec![Piece::Text(format!("{name}:").into(), header_style), Piece::Text(" ".into(), Style::new())];
                pieces.extend(cell.iter().cloned());
                // Continuation lines hang two columns in, so each field reads as one item.
                let mut lines = self.wrap(&pieces, cw);
                let hang = if cw > 8 && lines.len() > 1 { 2 } else { 0 };
                if hang > 0 {
                    lines = self.wrap(&pieces, cw - hang);
                }
                for line in lines.iter_mut().skip(1) {
                    line.insert(0, Span::raw(" ".repeat(hang)));
                }
                self.emit_all(lines, row.source);
            }
            self.sink().pending_blank = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_cell_sizes_match_the_wrappers_measures() {
        let cells =
            ["alpha beta", "naïve café — “quoted” résumé", "東京 データ and ASCII", "x", "→ ├── ✓ ‰", "Zürich façade"];
        for text in cells {
            let cell = [Piece::Text(text.into(), Style::new())];
            let size = simple_cell_size(&cell).unwrap_or_else(|| panic!("{text:?} should be simple"));
            assert_eq!(size.natural, wrap::Wrapper::default().widest_line(&cell, UNLIMITED), "{text:?}");
            assert_eq!(size.word, longest_word(&cell), "{text:?}");
            assert_eq!(size.natural, text.width(), "{text:?}");
        }
        // Anything that may join or collapse goes the slow way.
        for text in ["e\u{301}", "a  b", " lead", "trail ", "tab\there", "nbsp\u{a0}x", "", "👍🏽"] {
            let cell = [Piece::Text(text.into(), Style::new())];
            assert!(simple_cell_size(&cell).is_none(), "{text:?}");
        }
    }
}
