//! How a command ends: its exit code, or a failure with the message that says why, and
//! the context every command runs in.
//!
//! A leaf of the house: commands import it, and it imports nothing above it (not `app`,
//! not `commands`), so the dispatcher and the commands never import each other.
//!
//! A failure is worded where it happens, with the constructor that fits what went wrong:
//! there is no blanket conversion from any error, so a failed write can never come out as
//! a usage error.

use std::fmt::Display;
use std::io::{IsTerminal, Write};
use std::path::Path;

use clap::ValueEnum;

use crate::cli::FailLevel;
use crate::diag::{Diagnostics, Severity};
use crate::engine::{OtherTrust, Verdict};
use crate::i18n::{self, tr};
use crate::plan::{Kind, PlanReport};
use crate::policy::{Override, Policy};
use crate::report::Ui;
use crate::rulebook::{Rulebook, Trust};
use crate::text::Lang;
use crate::yaml::Limits;

/// The contract's exit codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// A path is recommended with no error finding; every plan passed.
    Ok = 0,
    /// An error finding, or a warning under `--fail-level warning`.
    Findings = 1,
    /// Usage or input error, and output that could not be written.
    Usage = 2,
    /// The questionnaire was interrupted.
    Interrupted = 130,
}

/// What went wrong, for a caller (or a test) that branches on it; the exit code follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// A bad flag, value or input file: the user has something to fix.
    Usage,
    /// A file or stream could not be read or written: the system said no.
    Io,
    /// The run stopped on purpose (Ctrl-C), with its own exit code.
    Stopped,
}

/// What [`Failure::unusable`] could not load.
#[derive(Clone, Copy, Debug)]
pub enum Unusable {
    Rulebook,
    Scenarios,
    Policy,
}

/// A failure that ends the command with a message on stderr.
#[derive(Debug)]
pub struct Failure {
    pub cause: Cause,
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    /// A usage or input error whose message is worded in full, its "error:" lines
    /// included (several diagnostics, a usage block).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            cause: Cause::Usage,
            exit: Exit::Usage,
            message: message.into(),
        }
    }

    /// A usage or input error: `error: MESSAGE`, the prefix in the user's language.
    pub fn error(message: impl Display) -> Failure {
        Failure::usage(format!("{}{message}", error_prefix(i18n::current())))
    }

    /// A rulebook (or its scenarios, `what`) that failed to load, with its diagnostics
    /// one per line below.
    /// (It takes the language: a rulebook is loaded before the run's language is set.)
    pub fn unusable(what: Unusable, diagnostics: &Diagnostics, lang: Lang) -> Failure {
        // Every problem in the one line shape editors read, then one closing line (as
        // cargo-deny ends a broken configuration).
        let (code, closing) = match what {
            Unusable::Rulebook => (
                "invalid-rulebook",
                tr(lang, "the rulebook cannot be used", "规则库无法使用"),
            ),
            Unusable::Scenarios => (
                "invalid-scenario",
                tr(lang, "the scenarios cannot be used", "测试场景无法使用"),
            ),
            Unusable::Policy => (
                "invalid-policy",
                tr(
                    lang,
                    "the policy file cannot be used",
                    "团队策略文件无法使用",
                ),
            ),
        };
        Failure::usage(format!(
            "{}\n{}{closing}",
            diagnostics.lines_in(lang, code),
            error_prefix(lang)
        ))
    }

    /// A file that could not be written (or replaced): names it and gives the reason.
    pub fn write(path: &Path, e: &std::io::Error) -> Failure {
        let file = crate::text::one_line(&path.display().to_string());
        let lang = i18n::current();
        Failure::io(match lang {
            Lang::En => format!("cannot write {file}: {}", crate::text::io_reason(e, lang)),
            Lang::Zh => format!("无法写入 {file}：{}", crate::text::io_reason(e, lang)),
        })
    }

    /// Output that could not be written to standard output.
    pub fn stdout(e: &std::io::Error) -> Failure {
        let lang = i18n::current();
        Failure::io(format!(
            "{}{}",
            tr(lang, "cannot write the output: ", "无法写入输出："),
            crate::text::io_reason(e, lang)
        ))
    }

    /// A failure of the system rather than of the input (a terminal that broke, say):
    /// `error: MESSAGE`.
    pub fn io(message: String) -> Failure {
        Failure {
            cause: Cause::Io,
            exit: Exit::Usage,
            message: format!("{}{message}", error_prefix(i18n::current())),
        }
    }

    /// A run that stopped on purpose, with nothing more to say than its exit code.
    pub fn stopped(exit: Exit) -> Failure {
        Failure {
            cause: Cause::Stopped,
            exit,
            message: String::new(),
        }
    }
}

/// "error: " in the user's language, for the lines that a [`Failure`] carries.
pub fn error_prefix(lang: Lang) -> &'static str {
    tr(lang, "error: ", "错误：")
}

/// What every command needs besides its own arguments.
pub struct Context {
    pub rulebook: Rulebook,
    pub ui: Ui,
    pub limits: Limits,
    pub stdout_is_terminal: bool,
    /// The team policy file in force, if any.
    pub policy: Option<Policy>,
    /// The policy's severity overrides, checked against the rulebook.
    pub overrides: Vec<Override>,
    /// The source of truth premises are read under (`--trust`, else the policy's).
    pub trust: Trust,
}

impl Context {
    pub fn lang(&self) -> Lang {
        self.ui.lang
    }

    /// `--fail-level` when given, else the policy's, else `error`.
    pub fn fail_level(&self, flag: Option<FailLevel>) -> FailLevel {
        let from_policy = self.policy.as_ref().and_then(|p| p.fail_level.as_deref());
        flag.or_else(|| from_policy.and_then(|l| FailLevel::from_str(l, false).ok()))
            .unwrap_or(FailLevel::Error)
    }

    /// The severity the team gives a rulebook finding: the policy's override, else the
    /// rulebook's.
    pub fn severity_of(&self, finding: usize, severity: Severity) -> Severity {
        self.overrides
            .iter()
            .find(|o| o.finding == finding)
            .map_or(severity, |o| o.severity)
    }

    /// A verdict at the policy's severities, its findings and what the other source of
    /// truth would change alike.
    pub fn apply_policy_to_verdict(&self, verdict: &mut Verdict) {
        for fired in &mut verdict.findings {
            fired.severity = self.severity_of(fired.finding, fired.severity);
        }
        verdict.under_other_trust = self.other_trust_under_policy(verdict.under_other_trust.take());
    }

    /// A plan's report at the policy's severities, as [`Context::apply_policy_to_verdict`].
    pub fn apply_policy_to_report(&self, report: &mut PlanReport) {
        for f in &mut report.findings {
            if let Kind::Rule(i) = f.kind {
                f.severity = self.severity_of(i, f.severity);
            }
        }
        report.under_other_trust = self.other_trust_under_policy(report.under_other_trust.take());
    }

    /// What the other source of truth would change, at the policy's severities: an error
    /// that the policy reports as a warning or an info is no error there either, and
    /// when then neither the path nor the errors differ, there is nothing to say.
    fn other_trust_under_policy(&self, other: Option<OtherTrust>) -> Option<OtherTrust> {
        let mut other = other?;
        let still_error = |f: &usize| self.severity_of(*f, Severity::Error) == Severity::Error;
        other.errors.retain(still_error);
        other.instead_of.1.retain(still_error);
        (other.outcome != other.instead_of.0 || other.errors != other.instead_of.1).then_some(other)
    }

    /// The policy line of a text report ("Policy: eb-advisor.yaml (trust docs)"), when a
    /// policy file is in force.
    pub fn policy_line(&self) -> Option<String> {
        self.policy.as_ref().map(|p| p.summary(self.lang()))
    }

    /// Whether questions can be asked: a terminal on both ends, and not under CI.
    /// (Standard input is looked at only here: setting it up costs every other run.)
    pub fn can_ask(&self) -> bool {
        self.stdout_is_terminal
            && std::io::stdin().is_terminal()
            && std::env::var_os("CI").is_none()
    }
}

/// Writes to stdout; a reader that went away (`| head`) ends the output quietly.
pub fn emit(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout_written(
        stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush()),
    )
    .map(|_| ())
}

/// What a write to stdout came to: `Ok(true)` written, `Ok(false)` when the reader went
/// away (`| head`), which ends the output quietly rather than as a failure; any other
/// failure is reported. Every write to stdout goes through here.
pub fn stdout_written(result: std::io::Result<()>) -> Result<bool, Failure> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::stdout(&e)),
    }
}

/// A line on stderr beside the output (a note, a warning about the input); it quotes
/// files, so nothing in it may drive the terminal.
pub fn note(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", crate::text::escape_controls(text));
}
