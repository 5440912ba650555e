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

/// Lists longer than this are trimmed to the `SHOWN` nearest to what was written.
const LISTED_WHOLE: usize = 8;
const SHOWN: usize = 5;

/// What follows an unknown name in a message, in English and Chinese: ` (did you mean
/// `y`?); expected one of a, b, c`. A long list is trimmed to the few names nearest to
/// `word`, with the count: one misspelt id does not print thirty.
pub fn expected<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str> + Clone,
) -> (String, String) {
    let (meant_en, meant_zh) = match nearest(word, candidates.clone()) {
        Some(meant) => (
            format!(" (did you mean `{meant}`?)"),
            format!("（是否想写 `{meant}`？）"),
        ),
        None => (String::new(), String::new()),
    };
    let (shown, total) = nearest_few(word, candidates);
    let list = shown.join(", ");
    match shown.len() < total {
        false => (
            format!("{meant_en}; expected one of {list}"),
            format!("{meant_zh}；应为以下之一：{list}"),
        ),
        true => (
            format!("{meant_en}; expected one of {total} (the nearest: {list})"),
            format!("{meant_zh}；应为 {total} 个之一（最接近的：{list}）"),
        ),
    }
}

/// All the candidates when there are few, else the `SHOWN` nearest to `word` by edit
/// distance (ties in their order); with the number of candidates.
pub fn nearest_few<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> (Vec<&'c str>, usize) {
    let all: Vec<&str> = candidates.collect();
    if all.len() <= LISTED_WHOLE {
        return (all.clone(), all.len());
    }
    // A word far longer than every candidate would cost a long distance computation
    // each (an MCP client may send anything): compare its first characters only.
    let longest = all.iter().map(|c| c.len()).max().unwrap_or(0);
    let word = match word.char_indices().nth(longest * 2) {
        Some((end, _)) => &word[..end],
        None => word,
    };
    let mut ranked: Vec<(usize, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, c)| (strsim::levenshtein(word, c), i))
        .collect();
    ranked.sort();
    let mut shown: Vec<usize> = ranked.iter().take(SHOWN).map(|&(_, i)| i).collect();
    shown.sort();
    (shown.into_iter().map(|i| all[i]).collect(), all.len())
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

    #[test]
    fn long_lists_are_trimmed_to_the_nearest_few_with_the_count() {
        let few = ["trust", "lang", "rules"];
        assert_eq!(
            expected("trusst", few.iter().copied()).0,
            " (did you mean `trust`?); expected one of trust, lang, rules"
        );
        let many: Vec<String> = (0..30).map(|i| format!("finding-{i:02}")).collect();
        let (en, zh) = expected("finding-1x", many.iter().map(String::as_str));
        assert_eq!(
            en,
            " (did you mean `finding-10`?); expected one of 30 (the nearest: finding-10, finding-11, finding-12, finding-13, finding-14)"
        );
        assert!(zh.contains("30 个"), "{zh}");
        // A huge word is compared by its beginning only, and still ranked.
        let huge = "finding-1".to_string() + &"x".repeat(100_000);
        assert_eq!(
            nearest_few(&huge, many.iter().map(String::as_str)).0.len(),
            5
        );
    }
}
