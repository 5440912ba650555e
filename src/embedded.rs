//! The rulebook compiled into the binary: validated by build.rs from
//! `rules/eventbridge-integrate-events.yaml` and stored pre-compiled, so a run starts
//! without parsing YAML. Its scenarios (`tests:`) are stored apart, and decoded only by
//! `rules test`.

use crate::rulebook::{Rulebook, Scenario};
use crate::text::TextTable;

const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded-rulebook.bin"));
const TESTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded-tests.bin"));
/// Every text of the rulebook, one after another; `include_str!` checks it is UTF-8 when
/// the binary is built, so a run neither copies nor re-checks the texts.
const TEXTS: &str = include_str!(concat!(env!("OUT_DIR"), "/embedded-texts.txt"));

/// The embedded rulebook, without its scenarios (`tests` is empty).
pub fn rulebook() -> Rulebook {
    TextTable::reading(TEXTS, || borsh::from_slice(COMPILED))
        .expect("build.rs wrote this rulebook with these same types")
}

/// The embedded rulebook with its scenarios, for `rules test`.
pub fn with_tests() -> Rulebook {
    let mut rulebook = rulebook();
    rulebook.tests = borsh::from_slice::<Vec<Scenario>>(TESTS)
        .expect("build.rs wrote these scenarios with these same types");
    rulebook
}

#[cfg(test)]
mod tests {
    use crate::rulebook::{load_str, EMBEDDED_NAME, EMBEDDED_SOURCE};
    use crate::yaml::Limits;

    #[test]
    fn the_compiled_rulebook_is_the_source_rulebook() {
        let parsed = load_str(EMBEDDED_NAME, EMBEDDED_SOURCE, Limits::RULEBOOK).unwrap();
        let compiled = super::with_tests();
        assert_eq!(
            borsh::to_vec(&parsed).unwrap(),
            borsh::to_vec(&compiled).unwrap()
        );
        assert_eq!(
            borsh::to_vec(&parsed.tests).unwrap(),
            borsh::to_vec(&compiled.tests).unwrap()
        );
        assert!(!compiled.tests.is_empty());
        assert_eq!(compiled.id, "eventbridge-integrate-events");
        assert!(super::rulebook().tests.is_empty());
    }
}
