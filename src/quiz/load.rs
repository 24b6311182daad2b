//! Loading all quizzes or matrices of a course from (path, bytes) pairs.
//! Reading the files is the caller's job, so this is pure and easy to test.
//! A broken file is skipped with its diagnostics; the others still load.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::diagnostic::{Diagnostic, ROOT, quoted};
use super::model::{Matrix, Quiz};
use super::validate::{validate_matrix, validate_quiz};

/// Loads every `.json` file, in natural path order (`2-x` before `10-x`).
/// Diagnostics come per file, in the same order.
pub fn load_quizzes(files: &[(String, Vec<u8>)], lesson_ids: &[String], strict: bool) -> (Vec<Quiz>, Vec<Diagnostic>) {
    let mut quizzes = Vec::new();
    let mut diags = Vec::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    for (path, bytes) in json_files(files) {
        let (file, mut found) = validate_quiz(path, bytes, lesson_ids, strict);
        diags.append(&mut found);
        let Some(file) = file else { continue };
        let id = stem(path);
        if duplicate_id(&mut ids, id, path, &mut diags) {
            continue;
        }
        quizzes.push(Quiz { id: id.to_string(), path: path.clone(), file });
    }
    (quizzes, diags)
}

/// Loads every `.json` matrix file, in natural path order.
pub fn load_matrices(files: &[(String, Vec<u8>)]) -> (Vec<Matrix>, Vec<Diagnostic>) {
    let mut matrices = Vec::new();
    let mut diags = Vec::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    for (path, bytes) in json_files(files) {
        let (file, mut found) = validate_matrix(path, bytes);
        diags.append(&mut found);
        let Some(file) = file else { continue };
        let id = stem(path);
        if duplicate_id(&mut ids, id, path, &mut diags) {
            continue;
        }
        matrices.push(Matrix { id: id.to_string(), path: path.clone(), file });
    }
    (matrices, diags)
}

/// Two files in different folders can have the same stem, and ids must be unique.
fn duplicate_id(ids: &mut HashMap<String, String>, id: &str, path: &str, diags: &mut Vec<Diagnostic>) -> bool {
    if let Some(first) = ids.get(id) {
        diags.push(Diagnostic::error(
            path,
            1,
            1,
            ROOT,
            format!("duplicate id {}: {} has the same file name", quoted(id), quoted(first)),
        ));
        return true;
    }
    ids.insert(id.to_string(), path.to_string());
    false
}

fn json_files(files: &[(String, Vec<u8>)]) -> Vec<(&String, &[u8])> {
    let mut out: Vec<(&String, &[u8])> =
        files.iter().filter(|(p, _)| p.ends_with(".json")).map(|(p, b)| (p, b.as_slice())).collect();
    out.sort_by(|a, b| natural_cmp(a.0, b.0));
    out
}

/// The file name without folders and `.json`: the quiz or matrix id.
pub fn stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.strip_suffix(".json").unwrap_or(name)
}

/// Compares paths so that runs of digits compare by value: `2-b` < `10-a`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.chars().next(), y.chars().next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (nx, rx) = split_digits(x);
                let (ny, ry) = split_digits(y);
                let (tx, ty) = (nx.trim_start_matches('0'), ny.trim_start_matches('0'));
                // Longer (without leading zeros) is larger; same length compares as text.
                let ord = tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty));
                if ord != Ordering::Equal {
                    return ord;
                }
                (x, y) = (rx, ry);
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                (x, y) = (&x[c.len_utf8()..], &y[d.len_utf8()..]);
            }
        }
    }
}

fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut v = vec!["q/10-a.json", "q/2-b.json", "q/01-c.json", "q/1-d.json", "q/b.json", "q/a.json"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["q/01-c.json", "q/1-d.json", "q/2-b.json", "q/10-a.json", "q/a.json", "q/b.json"]);
    }

    #[test]
    fn stems() {
        assert_eq!(stem("quizzes/01-x.json"), "01-x");
        assert_eq!(stem("x.json"), "x");
    }
}
