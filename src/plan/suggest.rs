//! "Did you mean …?" for misspelt keys, answer ids and values.

use super::Said;
pub(super) use crate::suggest::nearest;

/// ` (did you mean `path`?)` for a near miss, else nothing.
pub(super) fn did_you_mean<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str> + Clone,
) -> Said {
    match nearest(word, candidates) {
        Some(c) => Said::new(
            format!(" (did you mean `{c}`?)"),
            format!("（是否想写 `{c}`？）"),
        ),
        None => Said::new("", ""),
    }
}
