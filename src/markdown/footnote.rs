//! Footnotes: references become `[^1]` markers; definitions are rendered into their own
//! sinks and gathered in a "Footnotes" section after the document, in reference order.

use std::collections::HashMap;

use super::{Container, Renderer, Sink};

#[derive(Default)]
pub(crate) struct Footnotes {
    index: HashMap<String, usize>,
    /// Per footnote number (1-based, stored at n-1): the sink holding its definition.
    sinks: Vec<Option<usize>>,
}

impl Footnotes {
    /// Number of a label, assigned on first sight (reference or definition).
    fn number(&mut self, label: &str) -> usize {
        if let Some(&n) = self.index.get(label) {
            return n;
        }
        self.sinks.push(None);
        let n = self.sinks.len();
        self.index.insert(label.to_string(), n);
        n
    }
}

impl Renderer<'_, '_> {
    pub(super) fn footnote_reference(&mut self, label: &str) {
        let n = self.footnotes.number(label);
        self.reference_marker("[^", n);
    }

    pub(super) fn start_footnote_definition(&mut self, label: &str) {
        self.flush_inline();
        let n = self.footnotes.number(label);
        let sink = match self.footnotes.sinks.get(n - 1).copied().flatten() {
            Some(existing) => {
                // A repeated definition is appended to the first, separated by a blank.
                self.sinks[existing].pending_blank = true;
                existing
            }
            None => {
                self.sinks.push(Sink::default());
                let i = self.sinks.len() - 1;
                if let Some(slot) = self.footnotes.sinks.get_mut(n - 1) {
                    *slot = Some(i);
                }
                i
            }
        };
        let marker = format!("[^{n}] ");
        let width = marker.len();
        let outer = std::mem::replace(
            &mut self.containers,
            vec![Container::Item { marker: marker.into(), style: self.theme.reference, width, used: false }],
        );
        self.saved.push((outer, self.cur_sink));
        self.cur_sink = sink;
    }

    pub(super) fn end_footnote_definition(&mut self) {
        self.flush_inline();
        if let Some((containers, sink)) = self.saved.pop() {
            self.containers = containers;
            self.cur_sink = sink;
        }
    }

    /// Append every defined footnote, in number order, after the document.
    pub(super) fn footnote_section(&mut self) {
        let order: Vec<usize> = self.footnotes.sinks.iter().flatten().copied().collect();
        if order.is_empty() {
            return;
        }
        self.section_title("Footnotes");
        for i in order {
            let Some(sink) = self.sinks.get_mut(i).map(std::mem::take) else {
                continue;
            };
            let main = &mut self.sinks[0];
            let offset = main.lines.len();
            let mut floor = main.sources.last().copied().unwrap_or(0);
            main.headings.extend(sink.headings.into_iter().map(|mut h| {
                h.line += offset;
                h
            }));
            main.lines.append(&sink.lines);
            // Definitions may sit anywhere in the source; keep `sources` non-decreasing.
            for s in sink.sources {
                floor = floor.max(s);
                main.sources.push(floor);
            }
        }
        self.sinks[0].pending_blank = true;
    }
}
