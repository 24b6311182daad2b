//! Small text helpers shared by the command line and the screens.

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
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
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
    fn line_column_is_one_based() {
        assert_eq!(line_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("é\nx", 2), (1, 2));
    }
}
