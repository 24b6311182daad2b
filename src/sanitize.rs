//! TEMPORARY placeholder until the real sanitizer lands.
use std::borrow::Cow;
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        Cow::Owned(text.chars().map(|c| if c.is_control() && c != '\n' && c != '\t' { '?' } else { c }).collect())
    } else {
        Cow::Borrowed(text)
    }
}
