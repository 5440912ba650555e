//! Any bytes as a plan file, checked against the embedded rulebook: the check always
//! gives a report (an `invalid-plan` finding for a broken file), never a panic or a hang,
//! and no literal under a secret-like settings key shows in a message or a frame.
#![no_main]

use std::sync::OnceLock;
use eb_advisor::rulebook::Trust;

use eb_advisor::plan;
use eb_advisor::rulebook::Rulebook;
use eb_advisor::yaml::Limits;
use libfuzzer_sys::fuzz_target;

fn rulebook() -> &'static Rulebook {
    static RB: OnceLock<Rulebook> = OnceLock::new();
    RB.get_or_init(eb_advisor::embedded::rulebook)
}

fuzz_target!(|data: &[u8]| {
    let rb = rulebook();
    let options = plan::CheckOptions {
        frames: true,
        ..plan::CheckOptions::new(Limits::PLAN, Trust::Page)
    };
    let report = plan::check_bytes(rb, "fuzz.eb-plan.yaml", data, options);
    assert!(
        !report.findings.is_empty() || report.planned.is_some(),
        "a plan without a path must have a finding"
    );
    if let Ok(text) = std::str::from_utf8(data) {
        assert_secrets_hidden(rb, text, &report);
    }
});

#[path = "../../tests/it/support/secrets.rs"]
mod secrets;
use secrets::assert_secrets_hidden;
