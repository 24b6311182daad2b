//! GFM tables: box borders, per-column alignment, header row bold, fitted to the width by
//! shrinking the widest columns and wrapping cell text between words. When the columns
//! cannot fit without splitting words ("Cust|omer" is unreadable), each row is shown as
//! `Header: value` lines instead: a layout for narrow windows, not a failure.

use pulldown_cmark::Alignment;
use ratatui::style::Style;
use ratatui::text::Span;

use super::inline::Piece;
use super::{Renderer, wrap};

/// Narrowest a column may be shrunk to before the table degrades to a list.
const MIN_COLUMN: usize = 3;

struct Row<'a> {
    cells: Vec<Vec<Piece<'a>>>,
    header: bool,
    source: usize,
}

pub(crate) struct TableState<'a> {
    aligns: Vec<Alignment>,
    rows: Vec<Row<'a>>,
    current: Option<Row<'a>>,
}

fn line_width(line: &[Span<'_>]) -> usize {
    line.iter().map(|s| wrap::width(&s.content)).sum()
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
    let widths_at =
        |cap: usize| -> Vec<usize> { natural.iter().zip(&floors).map(|(&n, &f)| n.min(cap).max(f).max(1)).collect() };
    // Largest cap with total <= target (binary search: linear in columns, not in width).
    let (mut lo, mut hi) = (1, natural.iter().copied().max().unwrap_or(1));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if widths_at(mid).iter().sum::<usize>() <= target {
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

/// Width of the longest whitespace-separated word in a cell.
fn longest_word(cell: &[Piece<'_>]) -> usize {
    cell.iter()
        .filter_map(|p| match p {
            Piece::Text(t, _) => t.split_whitespace().map(wrap::width).max(),
            Piece::Break => None,
        })
        .max()
        .unwrap_or(0)
}

fn border(widths: &[usize], left: &str, mid: &str, right: &str) -> String {
    let mut s = String::from(left);
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            s.push_str(mid);
        }
        s.push_str(&"─".repeat(w + 2));
    }
    s.push_str(right);
    s
}

impl Renderer<'_, '_> {
    pub(super) fn start_table(&mut self, aligns: Vec<Alignment>) {
        self.flush_inline();
        self.table = Some(TableState { aligns, rows: Vec::new(), current: None });
    }

    pub(super) fn start_table_row(&mut self, header: bool, source: usize) {
        if let Some(table) = &mut self.table {
            table.current = Some(Row { cells: Vec::new(), header, source });
        }
    }

    pub(super) fn start_table_cell(&mut self) {
        self.inline.clear();
    }

    pub(super) fn end_table_cell(&mut self) {
        let cell = std::mem::take(&mut self.inline);
        if let Some(row) = self.table.as_mut().and_then(|t| t.current.as_mut()) {
            row.cells.push(cell);
        }
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
        let columns = table.rows.iter().map(|r| r.cells.len()).chain([table.aligns.len()]).max().unwrap_or(0);
        if columns == 0 || table.rows.is_empty() {
            return;
        }
        let header_style = self.theme.table_header;
        for row in &mut table.rows {
            row.cells.resize_with(columns, Vec::new);
            if row.header {
                for piece in row.cells.iter_mut().flatten() {
                    if let Piece::Text(_, style) = piece {
                        *style = header_style.patch(*style);
                    }
                }
            }
        }
        let natural: Vec<usize> = (0..columns)
            .map(|c| {
                table
                    .rows
                    .iter()
                    .map(|r| self.wrapper.widest_line(&r.cells[c], usize::MAX / 4))
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let words: Vec<usize> =
            (0..columns).map(|c| table.rows.iter().map(|r| longest_word(&r.cells[c])).max().unwrap_or(0)).collect();
        let cw = self.content_width();
        // Each column costs its text plus " │" borders/padding: 3 per column + 1.
        let overhead = 3 * columns + 1;
        let widths = cw.checked_sub(overhead).and_then(|target| fit_columns(&natural, &words, target));
        match widths {
            Some(widths) => self.draw_table(&table, &widths),
            None => self.table_as_list(&table),
        }
        self.sink().pending_blank = true;
    }

    fn draw_table(&mut self, table: &TableState<'_>, widths: &[usize]) {
        let border_style = self.theme.table_border;
        let first_source = table.rows.first().map_or(0, |r| r.source);
        let last_source = table.rows.last().map_or(0, |r| r.source);
        let top = border(widths, "┌", "┬", "┐");
        self.emit(vec![Span::styled(top, border_style)], first_source);
        let body_rows = table.rows.iter().filter(|r| !r.header).count();
        for row in &table.rows {
            let mut cells: Vec<Vec<Vec<Span<'static>>>> =
                row.cells.iter().zip(widths).map(|(cell, &w)| self.wrap(cell, w)).collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            for k in 0..height {
                let mut spans = Vec::with_capacity(1 + 4 * cells.len());
                spans.push(Span::styled("│", border_style));
                for (c, (lines, &w)) in cells.iter_mut().zip(widths).enumerate() {
                    // Each cell line is used once: take it rather than clone it.
                    let content = lines.get_mut(k).map(std::mem::take).unwrap_or_default();
                    let pad = w.saturating_sub(line_width(&content));
                    let (before, after) = match table.aligns.get(c) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    spans.push(Span::raw(super::spaces(before + 1)));
                    spans.extend(content);
                    spans.push(Span::raw(super::spaces(after + 1)));
                    spans.push(Span::styled("│", border_style));
                }
                self.emit(spans, row.source);
            }
            if row.header && body_rows > 0 {
                let sep = border(widths, "├", "┼", "┤");
                self.emit(vec![Span::styled(sep, border_style)], row.source);
            }
        }
        let bottom = border(widths, "└", "┴", "┘");
        self.emit(vec![Span::styled(bottom, border_style)], last_source);
    }

    /// Degraded layout: one block of `Header: value` lines per row.
    fn table_as_list(&mut self, table: &TableState<'_>) {
        let header_style = self.theme.table_header;
        let names: Vec<String> = match table.rows.iter().find(|r| r.header) {
            Some(header) => header
                .cells
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let text: String = cell
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
            for (i, cell) in row.cells.iter().enumerate() {
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
