//! Ordered, unordered and task lists: markers on an item's first line, hanging indent
//! on its continuation lines, deeper lists indent further.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Container, Renderer};

/// Bullet markers (bullet and a space) cycle with nesting depth. Each is two columns wide
/// and ends with a space (the line prefix relies on both).
const BULLETS: [&str; 3] = ["• ", "◦ ", "▪ "];

/// Item count of every list in `events`, as (index of its `Start(List)` event, count) in
/// event order. One linear pass with a stack, so nested lists cost nothing extra.
pub(crate) fn count_items(events: &[(Event<'_>, Range<usize>)]) -> Vec<(usize, usize)> {
    let mut sizes = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::List(_)) => stack.push((i, 0)),
            Event::Start(Tag::Item) => {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(done) = stack.pop() {
                    sizes.push(done);
                }
            }
            _ => {}
        }
    }
    // Inner lists end first; the caller walks the events in order.
    sizes.sort_unstable();
    sizes
}

/// How many items a list numbered from `start` can have before a number needs one more
/// digit than `start` (9 from 1, 90 from 10).
pub(crate) fn items_before_another_digit(start: u64) -> usize {
    // Numbers past u64::MAX saturate, so a list of 20-digit numbers never grows a digit.
    let room = match 10u64.checked_pow(digits(start) as u32) {
        Some(next_power) => next_power - start,
        None => (u64::MAX - start).saturating_add(1),
    };
    usize::try_from(room).unwrap_or(usize::MAX)
}

fn digits(mut n: u64) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

impl Renderer<'_, '_> {
    /// `size`: the item count, known for ordered lists (bullets do not need it).
    pub(super) fn start_list(&mut self, start: Option<u64>, size: Option<usize>) {
        self.flush_inline();
        self.flush_pending_blank();
        let count = size.unwrap_or(1).max(1) as u64;
        let num_width = start.map_or(0, |s| digits(s.saturating_add(count - 1)));
        let depth = self.containers.iter().filter(|c| matches!(c, Container::List { .. })).count();
        self.containers.push(Container::List { next: start, num_width, depth, loose: false });
    }

    pub(super) fn end_list(&mut self) {
        self.flush_inline();
        let list = self.pop_container(|c| matches!(c, Container::List { .. }));
        let loose = matches!(list, Some(Container::List { loose: true, .. }));
        // A tight list nested in a tight list runs straight into the next item; anything
        // else (top-level list, loose lists) is followed by a blank line.
        let parent_loose = self.containers.iter().rev().find_map(|c| match c {
            Container::List { loose, .. } => Some(*loose),
            _ => None,
        });
        let in_item = matches!(self.containers.last(), Some(Container::Item { .. }));
        if loose || parent_loose.unwrap_or(true) || !in_item {
            self.sink().pending_blank = true;
        }
    }

    pub(super) fn start_item(&mut self, source: usize) {
        self.flush_inline();
        self.flush_pending_blank();
        self.block_source = source;
        let (marker, width) = match self.containers.last_mut() {
            Some(Container::List { next: Some(n), num_width, .. }) => {
                let mut buf = [0u8; 32];
                let number = super::inline::numbered(&mut buf, "", *n, ". ");
                // Right-aligned: padded to the width of the list's largest number.
                let pad = (*num_width + 2).saturating_sub(number.len());
                let mut marker = String::with_capacity(pad + number.len());
                marker.push_str(&super::spaces(pad));
                marker.push_str(number);
                *n = n.saturating_add(1);
                let width = marker.len();
                (Cow::Owned(marker), width)
            }
            Some(Container::List { depth, .. }) => (Cow::Borrowed(BULLETS[*depth % BULLETS.len()]), 2),
            // An item outside a list cannot come from the parser; indent it like a bullet.
            _ => (Cow::Borrowed(BULLETS[0]), 2),
        };
        self.containers.push(Container::Item { marker, style: self.theme.list_marker, width, used: false });
    }

    pub(super) fn end_item(&mut self) {
        self.flush_inline();
        self.pop_container(|c| matches!(c, Container::Item { .. }));
    }

    /// A paragraph directly inside an item means the list is loose (blank lines between
    /// items).
    pub(super) fn mark_list_loose(&mut self) {
        let n = self.containers.len();
        if n >= 2
            && matches!(self.containers[n - 1], Container::Item { .. })
            && let Container::List { loose, .. } = &mut self.containers[n - 2]
        {
            *loose = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::BULLETS;

    #[test]
    fn items_before_another_digit_counts_to_the_next_power_of_ten() {
        use super::items_before_another_digit;
        assert_eq!(items_before_another_digit(1), 9);
        assert_eq!(items_before_another_digit(0), 10);
        assert_eq!(items_before_another_digit(9), 1);
        assert_eq!(items_before_another_digit(10), 90);
        assert_eq!(items_before_another_digit(u64::MAX), 1);
    }

    #[test]
    fn bullets_are_two_columns_ending_in_a_space() {
        for bullet in BULLETS {
            assert_eq!(super::super::wrap::width(bullet), 2, "{bullet:?}");
            assert!(bullet.ends_with(' '));
        }
    }
}
