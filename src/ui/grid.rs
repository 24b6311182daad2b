//! The grid exercise: fill in the owner of every cell of a responsibility
//! matrix with the keyboard, then see each cell marked with its reason.

use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::blocks::Blocks;
use super::keys::Action;
use super::pager::clipped;
use super::theme::Theme;
use crate::quiz::grid::{self, GridReport, Verdict};
use crate::quiz::model::{MatrixFile, Owner};

const CELL_WIDTH: usize = 10;

pub struct GridScreen {
    pub matrix: MatrixFile,
    pub answers: BTreeMap<(String, String), Owner>,
    pub row: usize,
    pub column: usize,
    pub report: Option<GridReport>,
    pub flash: Option<String>,
    /// Enter was pressed once with empty cells; a second Enter checks anyway.
    pending_submit: bool,
}

pub enum Outcome {
    Stay,
    /// The grid was checked: remember the score.
    Checked(f64),
    Leave,
}

impl GridScreen {
    pub fn new(matrix: MatrixFile) -> GridScreen {
        GridScreen {
            matrix,
            answers: BTreeMap::new(),
            row: 0,
            column: 0,
            report: None,
            flash: None,
            pending_submit: false,
        }
    }

    fn cell_key(&self) -> Option<(String, String)> {
        let layer = self.matrix.layers.get(self.row)?;
        let model = self.matrix.models.get(self.column)?;
        Some((model.clone(), layer.name.clone()))
    }

    pub fn on_action(&mut self, action: Action) -> Outcome {
        self.flash = None;
        let rows = self.matrix.layers.len();
        let columns = self.matrix.models.len();
        match action {
            Action::Down => self.row = (self.row + 1).min(rows.saturating_sub(1)),
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Right => self.column = (self.column + 1).min(columns.saturating_sub(1)),
            Action::Left => self.column = self.column.saturating_sub(1),
            Action::Back => return Outcome::Leave,
            Action::Customer | Action::Provider | Action::Shared if self.report.is_none() => {
                let owner = match action {
                    Action::Customer => Owner::Customer,
                    Action::Provider => Owner::Provider,
                    _ => Owner::Shared,
                };
                if let Some(key) = self.cell_key() {
                    self.answers.insert(key, owner);
                }
                self.advance();
            }
            Action::Clear if self.report.is_none() => {
                if let Some(key) = self.cell_key() {
                    self.answers.remove(&key);
                }
            }
            Action::Submit if self.report.is_none() => {
                let empty = rows * columns - self.answers.len();
                if empty > 0 && !self.pending_submit {
                    self.flash = Some(format!("{empty} cells are empty: press Enter again to check anyway"));
                    self.pending_submit = true;
                    return Outcome::Stay;
                }
                let report = grid::grade(&self.matrix, None, &self.answers);
                let score = report.score;
                self.report = Some(report);
                return Outcome::Checked(score);
            }
            Action::Submit => return Outcome::Leave,
            Action::Customer | Action::Provider | Action::Shared | Action::Clear => {
                self.flash = Some("already checked: q to leave, then start a new grid".into());
            }
            _ => {}
        }
        self.pending_submit = false;
        Outcome::Stay
    }

    /// After filling a cell, move on: down the column, then to the next column's top.
    fn advance(&mut self) {
        if self.row + 1 < self.matrix.layers.len() {
            self.row += 1;
        } else if self.column + 1 < self.matrix.models.len() {
            self.row = 0;
            self.column += 1;
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = usize::from(area.width);
        let header = match &self.report {
            Some(report) => {
                format!(" Fill in the matrix · {} of {} right ({:.0}%)", report.right, report.total(), report.percent())
            }
            None => format!(
                " Fill in the matrix · {} of {} cells filled",
                self.answers.len(),
                self.matrix.layers.len() * self.matrix.models.len()
            ),
        };
        buf.set_line(area.x, area.y, &clipped(&header, width).style(theme.title), area.width);
        let subtitle = format!(" {}: who secures each layer?", self.matrix.title);
        buf.set_line(area.x, area.y + 1, &clipped(&subtitle, width).style(theme.dim), area.width);

        let models = self.matrix.models.len();
        let layer_width = self
            .matrix
            .layers
            .iter()
            .map(|l| l.name.width())
            .max()
            .unwrap_or(8)
            .min(width.saturating_sub(2 + models * CELL_WIDTH))
            .max(6);
        let mut row_y = area.y + 3;
        let mut head = vec![Span::styled(format!(" {:layer_width$}", "Layer"), theme.key_hint)];
        for model in &self.matrix.models {
            head.push(Span::styled(
                format!(" {:^w$}", clip(model, CELL_WIDTH - 1), w = CELL_WIDTH - 1),
                theme.key_hint,
            ));
        }
        let table_bottom = area.bottom().saturating_sub(5);
        if row_y < table_bottom {
            buf.set_line(area.x, row_y, &Line::from(head), area.width);
            row_y += 1;
        }
        for (row, layer) in self.matrix.layers.iter().enumerate() {
            if row_y >= table_bottom {
                break;
            }
            let mut spans = vec![Span::raw(format!(" {:layer_width$}", clip(&layer.name, layer_width)))];
            for (column, model) in self.matrix.models.iter().enumerate() {
                let key = (model.clone(), layer.name.clone());
                let given = self.answers.get(&key).copied();
                let (text, mut style) = match &self.report {
                    Some(report) => {
                        let cell = report.cells.iter().find(|c| c.model == *model && c.layer == layer.name);
                        match cell.map(|c| c.verdict) {
                            Some(Verdict::Right) => (format!("✓{}", given.map_or("", Owner::label)), theme.read),
                            Some(Verdict::Wrong) => (format!("✗{}", given.map_or("", Owner::label)), theme.wrong),
                            _ => ("✗ empty".to_string(), theme.wrong),
                        }
                    }
                    None => (given.map_or("·".to_string(), |o| o.label().to_string()), Style::new()),
                };
                if row == self.row && column == self.column {
                    style = style.patch(theme.selected);
                }
                spans.push(Span::raw(" "));
                spans.push(Span::styled(format!("{:^w$}", clip(&text, CELL_WIDTH - 1), w = CELL_WIDTH - 1), style));
            }
            buf.set_line(area.x, row_y, &Line::from(spans), area.width);
            row_y += 1;
        }

        // Under the table: the selected cell's verdict and reason once checked.
        let detail_top = row_y + 1;
        let detail = Rect { y: detail_top, height: area.bottom().saturating_sub(1).saturating_sub(detail_top), ..area };
        let mut blocks = Blocks::new(area.width.saturating_sub(2).max(1));
        if let (Some(report), Some((model, layer))) = (&self.report, self.cell_key())
            && let Some(cell) = report.cells.iter().find(|c| c.model == model && c.layer == layer)
        {
            {
                let verdict = match cell.verdict {
                    Verdict::Right => format!("✓ {model} / {layer}: {}", cell.right.label()),
                    Verdict::Wrong => format!(
                        "✗ {model} / {layer}: {} (you said {})",
                        cell.right.label(),
                        cell.given.map_or("nothing", Owner::label)
                    ),
                    Verdict::Unanswered => format!("✗ {model} / {layer}: {} (left empty)", cell.right.label()),
                };
                blocks.plain(&verdict, if cell.verdict == Verdict::Right { theme.read } else { theme.wrong });
                blocks.item("Why: ", &cell.why, Style::new());
            }
        }
        for (offset, line) in blocks.into_lines().iter().take(usize::from(detail.height)).enumerate() {
            buf.set_line(area.x + 1, detail.y + offset as u16, line, area.width.saturating_sub(1));
        }
        let hints = self.flash.clone().unwrap_or_else(|| match self.report {
            Some(_) => "arrows: read each cell's reason · q back".to_string(),
            None => "c/p/s or 1/2/3 set · arrows move · x clear · Enter check · q back".to_string(),
        });
        buf.set_line(area.x, area.bottom() - 1, &clipped(&format!(" {hints}"), width).style(theme.dim), area.width);
    }
}

fn clip(text: &str, width: usize) -> String {
    super::pager::clipped(text, width).spans.iter().map(|s| s.content.as_ref()).collect()
}
