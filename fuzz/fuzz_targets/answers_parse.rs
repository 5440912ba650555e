//! Any bytes as an answers file for the embedded rulebook: answers or a diagnostic,
//! never a panic or a hang.
#![no_main]

use std::sync::OnceLock;
use eb_advisor::rulebook::Trust;

use eb_advisor::answers;
use eb_advisor::engine;
use eb_advisor::rulebook::Rulebook;
use eb_advisor::yaml::{self, Limits};
use libfuzzer_sys::fuzz_target;

fn rulebook() -> &'static Rulebook {
    static RB: OnceLock<Rulebook> = OnceLock::new();
    RB.get_or_init(eb_advisor::embedded::rulebook)
}

fuzz_target!(|data: &[u8]| {
    let rb = rulebook();
    let Ok(text) = yaml::decode_text("fuzz.yaml", data.to_vec()) else {
        return;
    };
    if let Ok(answers) = answers::parse_str(rb, "fuzz.yaml", &text, Limits::PLAN) {
        // What was read evaluates, and writes back to a file that reads the same.
        let _ = engine::evaluate(rb, &engine::with_defaults(rb, &answers), None, Trust::Page);
        let saved = answers::to_yaml(rb, &answers);
        let again = answers::parse_str(rb, "saved.yaml", &saved, Limits::PLAN);
        assert_eq!(again.ok().as_ref(), Some(&answers), "{saved}");
    }
});
