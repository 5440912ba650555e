//! The integration tests, one binary (as cargo's tests/testsuite/main.rs): each file under
//! tests/ was its own crate linking the library again; here each is a module. Run one with
//! `cargo test --test it NAME` (a filter on the module path, e.g. `snapshots`). Data stays
//! where it was: every path in the tests is relative to the package root.

mod support;

mod authoring;
mod authoring_second_rulebook;
mod check_cli;
mod check_findings;
mod check_formats;
mod check_template;
mod cli_reach;
mod cli_recommend;
mod cli_tests;
mod completions;
mod conformance;
mod engine;
mod error_lines;
mod first_minutes;
mod generated_plans;
#[cfg(unix)]
mod hostile;
mod i18n;
mod init;
mod layering;
mod lint_addresses;
mod lint_agrees;
#[cfg(feature = "mcp")]
mod mcp;
#[cfg(feature = "mcp")]
mod mcp_inspector;
#[cfg(feature = "mcp")]
mod mcp_python;
mod one_story;
mod one_story_cases;
mod packaging;
mod policy;
mod precommit;
mod premises;
mod properties;
#[cfg(unix)]
mod questionnaire;
mod quiet_gate;
mod rules_diff;
mod settings;
mod snapshots;
mod terraform;
mod verdict;
mod write_failures;
