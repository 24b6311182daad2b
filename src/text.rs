//! Small text helpers shared by the command line and the screens.

/// Index of the first byte that is not printable ASCII (0x20..=0x7e), if any.
///
/// Renderer hot path (most text is printable ASCII, in short runs between markup): eight
/// bytes at a time with word arithmetic, the tail included, so no byte loop has to guess
/// where it stops.
#[inline]
pub fn first_non_printable(bytes: &[u8]) -> Option<usize> {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    let mut offset = 0;
    while let Some(chunk) = bytes.get(offset..).and_then(|rest| rest.first_chunk::<8>()) {
        if let Some(i) = first_flagged(u64::from_le_bytes(*chunk)) {
            return Some(offset + i);
        }
        offset += 8;
    }
    let n = bytes.len() - offset;
    if n == 0 {
        return None;
    }
    // The last `n` bytes in the low end of a word, spaces (printable) above them.
    let word = match bytes.last_chunk::<8>() {
        Some(last) => (u64::from_le_bytes(*last) >> (8 * (8 - n))) | (SPACES << (8 * n)),
        None => bytes.iter().rev().fold(SPACES, |word, &b| (word << 8) | u64::from(b)),
    };
    first_flagged(word).map(|i| offset + i)
}

/// Index of the first byte of `x` (little-endian) below 0x20 or at least 0x7f. Borrows and
/// carries can flag bytes after it, never before, so the lowest flag is exact.
fn first_flagged(x: u64) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x.wrapping_sub(0x20 * ONES) & !x;
    let high = x.wrapping_add(ONES) | x;
    let flags = (low | high) & HIGH;
    (flags != 0).then(|| flags.trailing_zeros() as usize / 8)
}

/// `n` in decimal, written into `buf`: for hot paths (JSON paths, list numbers, link
/// markers) that would otherwise pay for `format!`'s machinery and an allocation.
pub fn decimal(buf: &mut [u8; 20], n: u64) -> &str {
    let mut start = buf.len();
    let mut rest = n;
    loop {
        start -= 1;
        buf[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[start..]).unwrap_or("0")
}

/// Whether `s` is all printable ASCII: one column per byte, no grapheme clusters.
#[inline]
pub fn is_printable_ascii(s: &str) -> bool {
    first_non_printable(s.as_bytes()).is_none()
}

/// Edit distance (Levenshtein) between two strings, by chars, case-insensitive.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Candidates close to `wanted` (by edit distance, or containing it), best first.
pub fn close_matches<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>, limit: usize) -> Vec<String> {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let distance = edit_distance(wanted, candidate);
            let threshold = (wanted.chars().count().max(candidate.chars().count()) / 3).max(2);
            let contains = !wanted_lower.is_empty() && candidate.to_lowercase().contains(&wanted_lower);
            (distance <= threshold || contains).then_some((if contains { 0 } else { distance }, candidate))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(limit).map(|(_, c)| c.to_string()).collect()
}

/// 1-based line and column (in chars) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    // A line ends at `\n`, `\r\n` or a lone `\r` (as in CommonMark and editors).
    let (mut line, mut line_start) = (1, 0);
    for (i, &b) in before.as_bytes().iter().enumerate() {
        if b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n')) {
            line += 1;
            line_start = i + 1;
        }
    }
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// "1 answer", "2 answers".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("Same", "same"), 0);
    }

    #[test]
    fn close_matches_prefers_containing_then_nearest() {
        let ids = ["01-intro", "02-service-models", "03-providers"];
        assert_eq!(close_matches("servce-models", ids, 3), vec!["02-service-models"]);
        assert_eq!(close_matches("providers", ids, 3), vec!["03-providers"]);
        assert!(close_matches("zzzzzzzz", ids, 3).is_empty());
    }

    #[test]
    fn first_non_printable_agrees_with_a_byte_loop() {
        let mut text: Vec<u8> = (0x20..0x7f).collect();
        for b in [0x00, 0x09, 0x0a, 0x1f, 0x7f, 0x80, 0xc2, 0xe2, 0xff] {
            for at in 0..text.len() {
                let mut bytes = text.clone();
                bytes[at] = b;
                for start in 0..9 {
                    let slice = &bytes[start.min(at)..];
                    let want = slice.iter().position(|c| !(0x20..0x7f).contains(c));
                    assert_eq!(first_non_printable(slice), want, "byte {b:#x} at {at}");
                }
            }
        }
        text.truncate(3);
        assert_eq!(first_non_printable(&text), None);
        assert_eq!(first_non_printable(b""), None);
        // Every length around the word size, with one or two bad bytes anywhere (a borrow
        // or carry from the first must not hide it or move it).
        for len in 0..20 {
            for pair in [[0x00, 0x10], [0x1f, 0x7f], [0xff, 0x7e], [0x7f, 0x20], [0x80, 0x00]] {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = pair[0];
                    if at + 1 < len {
                        bytes[at + 1] = pair[1];
                    }
                    assert_eq!(first_non_printable(&bytes), Some(at), "{bytes:?}");
                }
                assert_eq!(first_non_printable(&vec![b'~'; len]), None);
            }
        }
    }

    #[test]
    fn decimal_matches_display() {
        for n in [0, 7, 10, 99, 1_000_001, u64::MAX] {
            assert_eq!(decimal(&mut [0; 20], n), n.to_string());
        }
    }

    #[test]
    fn line_column_is_one_based() {
        assert_eq!(line_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("é\nx", 2), (1, 2));
        // Windows and classic Mac line endings count one line each.
        assert_eq!(line_column("ab\r\ncd", 5), (2, 2));
        assert_eq!(line_column("ab\rcd\rx", 6), (3, 1));
        assert_eq!(line_column("ab\r\n", 3), (1, 4));
    }
}
