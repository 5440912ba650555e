//! "Did you mean …?": the name a misspelt or shortened one most likely meant.

/// The candidate `word` most likely meant: the nearest by edit distance if close enough
/// (a third of its length), else the only candidate that `word` begins (`bill` for
/// `billing-service`).
pub fn nearest<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str> + Clone,
) -> Option<&'c str> {
    let close = candidates
        .clone()
        .map(|c| (edit_distance(word, c), c))
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

pub fn edit_distance(a: &str, b: &str) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_and_unique_beginnings_get_a_suggestion() {
        let keys = ["path", "answers", "settings", "acknowledge", "rulebook"];
        assert_eq!(nearest("pth", keys.iter().copied()), Some("path"));
        assert_eq!(nearest("colour", keys.iter().copied()), None);
        assert_eq!(edit_distance("databse", "database"), 1);
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
