//! eb-advisor: a decision engine for rulebooks of questions, outcomes and findings, with
//! front ends for a questionnaire, one-shot recommendations and checks of committed plans.

// All output goes through the reporters and `outcome::{emit, note}`, as in typos: a stray
// print would bypass the BrokenPipe handling and the escaping of file contents.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod answers;
pub mod app;
pub mod authoring;
pub mod cli;
pub mod cli_errors;
pub mod commands;
pub mod diag;
pub mod embedded;
pub mod engine;
pub mod eval;
pub mod fill;
pub mod fsutil;
pub mod i18n;
pub mod mcp;
pub mod numbers;
pub mod outcome;
pub mod plan;
pub mod policy;
pub mod questionnaire;
pub mod report;
pub mod rulebook;
pub mod settled;
pub mod suggest;
pub mod terraform;
pub mod text;
pub mod yaml;
pub mod yaml_problem;
