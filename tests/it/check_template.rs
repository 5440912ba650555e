//! `plan::template` (behind `ask --save-plan`) writes a plan that `check` accepts once
//! its placeholders are filled in.

use eb_advisor::answers::{self, Answers};
use eb_advisor::engine;
use eb_advisor::plan;
use eb_advisor::rulebook::Trust;
use eb_advisor::rulebook::{self, Rulebook, Severity};
use eb_advisor::yaml::Limits;

fn rulebook() -> Rulebook {
    rulebook::load_str(
        rulebook::EMBEDDED_NAME,
        rulebook::EMBEDDED_SOURCE,
        Limits::RULEBOOK,
    )
    .unwrap()
}

fn answers(rb: &Rulebook, text: &str) -> Answers {
    answers::parse_str(rb, "answers.yaml", text, Limits::PLAN).unwrap()
}

fn template(rb: &Rulebook, text: &str) -> String {
    let answers = answers(rb, text);
    let verdict = engine::evaluate(rb, &engine::with_defaults(rb, &answers), None, Trust::Page);
    plan::template(rb, &answers, &verdict)
}

/// Uncomments the settings placeholders, giving each a value.
fn fill(template: &str) -> String {
    let mut in_settings = false;
    let mut out = String::new();
    for line in template.lines() {
        // The placeholders are the `#  key: ...` lines right under `settings:`.
        let placeholder = line
            .strip_prefix("#  ")
            .filter(|entry| !entry.starts_with(' '));
        if placeholder.is_none() {
            in_settings = line == "settings:";
        }
        match placeholder {
            Some(entry) if in_settings => {
                let (key, value) = entry.split_once(": ").unwrap();
                let value = if value.starts_with("\"${") {
                    "\"${FILLED}\""
                } else if value.starts_with("[]") {
                    "[filled-in]"
                } else if value.starts_with("{}") {
                    "{ source: [filled-in] }"
                } else {
                    "filled-in"
                };
                out.push_str(&format!("  {key}: {value}\n"));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn failing(rb: &Rulebook, text: &str) -> Vec<String> {
    let options = plan::CheckOptions::new(Limits::PLAN, Trust::Page);
    let report = plan::check_text(rb, "t.eb-plan.yaml", text, options);
    report
        .findings
        .iter()
        .filter(|f| f.fails(Some(Severity::Warning)))
        .map(|f| f.id(rb).to_string())
        .collect()
}

#[test]
fn a_vpc_plan_asks_for_the_network_settings_and_passes_once_they_are_filled() {
    let rb = rulebook();
    let written = template(
        &rb,
        "goal: capture-db-changes\ndatabase: mysql\nnetwork: vpc\nregion: cn-hangzhou\nautomation: yes\ncan-code: yes\n",
    );
    assert!(written.contains("path: api-cdc\n"), "{written}");
    assert!(written.contains("eb-advisor check"), "{written}");
    assert!(
        written.contains("  id: eventbridge-integrate-events\n"),
        "{written}"
    );
    for key in ["vpc-id", "vswitch-ids", "security-group-id"] {
        assert!(
            written.contains(&format!("#  {key}: ")),
            "{key} in {written}"
        );
    }
    assert!(!written.contains("event-pattern"), "{written}");
    assert_eq!(failing(&rb, &written), ["vpc-settings-missing"]);
    assert_eq!(failing(&rb, &fill(&written)), Vec::<String>::new());
}

#[test]
fn a_console_plan_asks_for_the_event_pattern() {
    let rb = rulebook();
    let written = template(
        &rb,
        "goal: receive-app-events\nsource: dingtalk\nautomation: no\ncan-code: no\n",
    );
    assert!(written.contains("path: console-webhook\n"), "{written}");
    // The placeholder says what the check reports until it is filled, at the severity
    // the check gives it (escalated from the finding's info).
    assert!(
        written.contains("#  event-pattern: {}  # your value, a mapping (or a string holding a JSON object); while it is missing or empty, `check` reports empty-event-pattern (warning)\n"),
        "{written}"
    );
    assert_eq!(failing(&rb, &written), ["empty-event-pattern"]);
    assert_eq!(failing(&rb, &fill(&written)), Vec::<String>::new());
}

#[test]
fn a_plan_without_wanted_settings_passes_as_written() {
    let rb = rulebook();
    let written = template(
        &rb,
        "goal: receive-app-events\nsource: custom-app\nautomation: yes\ncan-code: yes\n",
    );
    assert!(written.contains("path: fc-api-gateway\n"), "{written}");
    assert!(!written.contains("settings:"), "{written}");
    assert_eq!(failing(&rb, &written), Vec::<String>::new());
}

#[test]
fn a_blocked_verdict_says_so_in_the_plan() {
    let rb = rulebook();
    let written = template(
        &rb,
        "goal: receive-app-events\nsource: lark\nautomation: yes\ncan-code: yes\n",
    );
    assert!(
        written.contains("error console-not-automatable"),
        "{written}"
    );
    assert!(written.contains("# acknowledge:"), "{written}");
    assert!(failing(&rb, &fill(&written)).contains(&"console-not-automatable".to_string()));
}
