//! "Did you mean …?": the name a misspelt or shortened one most likely meant.
//!
//! Compiled into `build.rs` too (the rulebook suggests values with it), so it imports
//! nothing from the crate.

/// The candidate `word` most likely meant: the nearest by edit distance (Levenshtein,
/// counted in characters) if close enough (a third of its length), else the only
/// candidate that `word` begins (`bill` for `billing-service`).
pub fn nearest<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str> + Clone,
) -> Option<&'c str> {
    // Two words whose lengths differ by more than the distance allowed cannot be close:
    // skipping them keeps a huge misspelt value (a 900 KB answer sent to the MCP server)
    // from costing a long distance computation per candidate.
    let length = word.chars().count();
    let close = candidates
        .clone()
        .filter(|c| {
            let n = c.chars().count();
            length.abs_diff(n) <= (n / 3).max(1)
        })
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d > 0 && *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    close.or_else(|| {
        let mut starting =
            candidates.filter(|c| word.chars().count() >= 3 && c.starts_with(word) && *c != word);
        match (starting.next(), starting.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_and_unique_beginnings_get_a_suggestion() {
        let keys = ["path", "answers", "settings", "acknowledge", "rulebook"];
        assert_eq!(nearest("pth", keys.iter().copied()), Some("path"));
        assert_eq!(nearest("colour", keys.iter().copied()), None);
        assert_eq!(
            nearest("databse", ["database"].into_iter()),
            Some("database")
        );
        // Counted in characters, not bytes: one Chinese character is one edit.
        assert_eq!(nearest("华东一", ["华东二"].into_iter()), Some("华东二"));
        let ids = ["orders-api", "billing-service", "order-archive"];
        assert_eq!(
            nearest("bill", ids.iter().copied()),
            Some("billing-service")
        );
        assert_eq!(nearest("orders", ids.iter().copied()), Some("orders-api"));
        // Too short, or the beginning of more than one: no guess.
        assert_eq!(nearest("bi", ids.iter().copied()), None);
        assert_eq!(nearest("ord", ids.iter().copied()), None);
    }
}
