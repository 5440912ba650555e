//! Any bytes as a rulebook: loading must end in a rulebook or diagnostics, never a
//! panic or a hang; a rulebook that loads must evaluate every answer set the engine is
//! given without panicking.
#![no_main]

use eb_advisor::answers::Answers;
use eb_advisor::rulebook::Trust;
use eb_advisor::engine;
use eb_advisor::rulebook;
use eb_advisor::yaml::{self, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = yaml::decode_text("fuzz.yaml", data.to_vec()) else {
        return;
    };
    let Ok(rb) = rulebook::load_str("fuzz.yaml", &text, Limits::RULEBOOK) else {
        return;
    };
    // The empty answers, and the first value of every question.
    let empty = Answers::new(&rb);
    let _ = engine::missing(&rb, &empty);
    let _ = engine::evaluate(&rb, &engine::with_defaults(&rb, &empty), None, Trust::Page);
    let mut first = Answers::new(&rb);
    for (q, question) in rb.questions.iter().enumerate() {
        let text = question
            .choices
            .first()
            .map_or_else(|| "1".to_string(), |c| c.value.clone());
        if let Ok(v) = question.read_text(&text) {
            first.set(q, Some(v));
        }
    }
    let _ = engine::evaluate(&rb, &engine::with_defaults(&rb, &first), None, Trust::Page);
});
