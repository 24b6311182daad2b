//! Block quotes: a `│ ` bar per quote level on every line, wrapped ones included.

use super::{Container, Renderer};

impl Renderer<'_, '_> {
    pub(super) fn start_quote(&mut self) {
        self.flush_inline();
        // The separating blank line belongs outside the quote (no bar on it).
        self.flush_pending_blank();
        self.containers.push(Container::Quote);
    }

    pub(super) fn end_quote(&mut self) {
        self.flush_inline();
        self.pop_container(|c| matches!(c, Container::Quote));
        self.sink().pending_blank = true;
    }
}
