//! The rulebook compiled into the binary: validated by build.rs from
//! `rules/eventbridge-integrate-events.yaml` and stored pre-compiled, so a run starts
//! without parsing YAML.

use crate::rulebook::Rulebook;

const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded-rulebook.bin"));

pub fn rulebook() -> Rulebook {
    borsh::from_slice(COMPILED).expect("build.rs wrote this rulebook with these same types")
}

#[cfg(test)]
mod tests {
    use crate::rulebook::{load_str, EMBEDDED_NAME, EMBEDDED_SOURCE};
    use crate::yaml::Limits;

    #[test]
    fn the_compiled_rulebook_is_the_source_rulebook() {
        let parsed = load_str(EMBEDDED_NAME, EMBEDDED_SOURCE, Limits::RULEBOOK).unwrap();
        let compiled = super::rulebook();
        assert_eq!(
            borsh::to_vec(&parsed).unwrap(),
            borsh::to_vec(&compiled).unwrap()
        );
        assert_eq!(compiled.id, "eventbridge-integrate-events");
    }
}
