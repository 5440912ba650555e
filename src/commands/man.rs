//! `man`: roff manual pages for the command and each subcommand, with the loaded
//! rulebook's answer flags, examples built from the rulebook, the exit codes and the
//! environment.
//!
//! clap_mangen renders the sections clap knows (name, synopsis, description, options,
//! subcommands); the rest is built here from the same examples, notes and exit codes
//! that `--help` shows (`cli::help`).

use std::path::Path;

use clap::Command;
use clap_mangen::Man;
use roff::{bold, roman, Roff};

use crate::cli::{self, ManArgs};
use crate::fsutil::write_atomically;
use crate::i18n::{current, tr};
use crate::outcome::{emit, Context, Exit, Failure};
use crate::rulebook::Rulebook;

pub fn run(ctx: &Context, args: &ManArgs) -> Result<Exit, Failure> {
    let mut command = cli::documented_command(&ctx.rulebook).disable_help_subcommand(true);
    command.build();
    let pages = Pages {
        rb: &ctx.rulebook,
        main: &command,
    };
    match &args.dir {
        None => emit(&pages.page(&command)?)?,
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Failure::write(dir, &e))?;
            pages.write(dir, &command)?;
            for sub in command.get_subcommands() {
                pages.write(dir, sub)?;
            }
        }
    }
    Ok(Exit::Ok)
}

struct Pages<'a> {
    rb: &'a Rulebook,
    main: &'a Command,
}

impl Pages<'_> {
    fn write(&self, dir: &Path, command: &Command) -> Result<(), Failure> {
        let name = Man::new(command.clone()).get_filename();
        let path = dir.join(&name);
        write_atomically(&path, self.page(command)?.as_bytes())
            .map_err(|e| Failure::write(&path, &e))?;
        emit(&format!("{}\n", path.display()))
    }

    /// One page, in the usual order of sections.
    fn page(&self, command: &Command) -> Result<String, Failure> {
        let is_main = command.get_name() == self.main.get_name();
        let man = Man::new(command.clone())
            .source(format!("eb-advisor {}", env!("CARGO_PKG_VERSION")))
            .manual("eb-advisor manual");
        let path: &[&str] = if is_main { &[] } else { &[command.get_name()] };
        let after = cli::help::for_command(self.rb, path).unwrap_or_default();
        let mut out = Vec::new();
        let rendered = (|| -> std::io::Result<()> {
            man.render_title(&mut out)?;
            man.render_name_section(&mut out)?;
            man.render_synopsis_section(&mut out)?;
            man.render_description_section(&mut out)?;
            let mut notes = Roff::new();
            for note in &after.notes {
                notes.control("PP", []).text([roman(joined(note))]);
            }
            out.extend_from_slice(notes.render().as_bytes());
            if command.get_arguments().any(|a| !a.is_hide_set()) {
                man.render_options_section(&mut out)?;
            }
            if command.has_subcommands() {
                man.render_subcommands_section(&mut out)?;
            }
            Ok(())
        })();
        rendered.map_err(|e| {
            Failure::error(format!(
                "{}{e}",
                tr(
                    current(),
                    "cannot render the man page: ",
                    "无法生成手册页："
                )
            ))
        })?;

        let mut rest = Roff::new();
        if !after.examples.is_empty() {
            rest.control("SH", ["EXAMPLES"]);
            for example in &after.examples {
                if example.comment.is_empty() {
                    rest.control("PP", []);
                } else {
                    rest.control("PP", [])
                        .text([roman(sentence(&example.comment))]);
                }
                rest.control("RS", ["4"]).control("nf", []);
                let lines = example.shell_lines();
                let last = lines.len() - 1;
                for (i, line) in lines.iter().enumerate() {
                    let indent = if i == 0 { "" } else { "    " };
                    let continued = if i == last { "" } else { " \\" };
                    rest.text([bold(format!("{indent}{line}{continued}"))]);
                }
                rest.control("fi", []).control("RE", []);
            }
        }

        rest.control("SH", ["EXIT STATUS"]);
        match (&after.exit_codes, is_main) {
            (Some(text), false) => {
                rest.text([roman(joined(text))]);
            }
            _ => {
                for (code, meaning) in EXIT_CODES {
                    rest.control("TP", [])
                        .text([bold(code)])
                        .text([roman(meaning)]);
                }
            }
        }

        rest.control("SH", ["ENVIRONMENT"]);
        for (var, meaning) in ENVIRONMENT {
            rest.control("TP", [])
                .text([bold(var)])
                .text([roman(meaning)]);
        }

        rest.control("SH", ["VERSION"]);
        rest.text([roman(format!(
            "eb-advisor {}, with the rulebook {} {}{}.",
            env!("CARGO_PKG_VERSION"),
            self.rb.id,
            self.rb.version,
            if self.rb.file == crate::rulebook::EMBEDDED_NAME {
                " (embedded)"
            } else {
                ""
            }
        ))]);

        rest.control("SH", ["SEE ALSO"]);
        let mut see: Vec<String> = self
            .main
            .get_subcommands()
            .filter(|sub| sub.get_name() != command.get_name())
            .map(|sub| format!("eb-advisor-{}(1)", sub.get_name()))
            .collect();
        see.sort();
        if !is_main {
            see.insert(0, "eb-advisor(1)".into());
        }
        rest.text([roman(format!(
            "{}. The rulebook format: docs/rulebook.md in the source distribution.",
            see.join(", ")
        ))]);

        let mut page = String::from_utf8_lossy(&out).into_owned();
        page.push_str(&rest.render());
        Ok(page)
    }
}

/// A paragraph wrapped for a terminal, as one line for roff to fill.
fn joined(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `the questionnaire (in a terminal)` → `The questionnaire (in a terminal):`
fn sentence(comment: &str) -> String {
    let mut chars = comment.chars();
    match chars.next() {
        Some(first) => format!("{}{}:", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

const EXIT_CODES: [(&str, &str); 4] = [
    ("0", "A path is recommended with no error finding; every plan passed."),
    ("1", "An error finding (no supported path, a requirement conflict, a failed plan), or a warning under --fail-level warning."),
    ("2", "Usage or input error: a bad flag or value, missing answers in a non-interactive run, an unreadable or invalid rulebook or answers file, a path that does not exist, no plan found."),
    ("130", "The questionnaire was interrupted; nothing half-written is left behind."),
];

const ENVIRONMENT: [(&str, &str); 6] = [
    (
        "EB_ADVISOR_RULES",
        "A rulebook to use instead of the embedded one (as --rules).",
    ),
    (
        "LC_ALL, LC_MESSAGES, LANG",
        "The output language when --lang is not given, the first one set deciding (zh_CN.UTF-8 gives Chinese; a language the tool does not speak gives English).",
    ),
    (
        "NO_COLOR",
        "Set to anything to turn colour off (as --color never).",
    ),
    ("CI", "When set, the questionnaire never prompts."),
    (
        "GITHUB_ACTIONS",
        "When true and check has no --format, GitHub annotations are printed with the text.",
    ),
    ("TERM", "dumb turns colour off."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_comment_becomes_a_sentence() {
        assert_eq!(sentence("read it now"), "Read it now:");
        assert_eq!(joined("A note\nover two lines."), "A note over two lines.");
    }
}
