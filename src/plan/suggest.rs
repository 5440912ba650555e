//! "Did you mean …?" for misspelt keys, answer ids and values.

use super::Said;

/// ` (did you mean `path`?)` for a near miss, else nothing.
pub(super) fn did_you_mean<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Said {
    match nearest(word, candidates) {
        Some(c) => Said::new(
            format!(" (did you mean `{c}`?)"),
            format!("（是否想写 `{c}`？）"),
        ),
        None => Said::new("", ""),
    }
}

/// The candidate a misspelt word most likely meant, if one is close enough.
pub(super) fn nearest<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d > 0 && *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = current;
        }
    }
    row[b.len()]
}
