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

use crate::cli::help::in_lang;
use crate::cli::{self, ManArgs};
use crate::fsutil::write_atomically;
use crate::i18n::{current, tr};
use crate::outcome::{emit, Context, Exit, Failure};
use crate::rulebook::Rulebook;
use crate::text::Lang;

pub fn run(ctx: &Context, args: &ManArgs) -> Result<Exit, Failure> {
    let mut command =
        cli::documented_command_in(&ctx.rulebook, ctx.lang()).disable_help_subcommand(true);
    command.build();
    let pages = Pages {
        rb: &ctx.rulebook,
        main: &command,
        lang: ctx.lang(),
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
    lang: Lang,
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
        let lang = self.lang;
        let man = Man::new(command.clone())
            .source(format!("eb-advisor {}", env!("CARGO_PKG_VERSION")))
            .manual(crate::i18n::tr(
                lang,
                "eb-advisor manual",
                "eb-advisor 手册",
            ));
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
                notes
                    .control("PP", [])
                    .text([roman(joined(&in_lang(note, lang)))]);
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
            rest.control("SH", [section("EXAMPLES", lang)]);
            for example in &after.examples {
                if example.comment.is_empty() {
                    rest.control("PP", []);
                } else {
                    rest.control("PP", [])
                        .text([roman(sentence(&in_lang(&example.comment, lang), lang))]);
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

        rest.control("SH", [section("EXIT STATUS", lang)]);
        match (&after.exit_codes, is_main) {
            (Some(text), false) => {
                rest.text([roman(joined(&in_lang(text, lang)))]);
            }
            _ => {
                for (code, meaning) in EXIT_CODES {
                    rest.control("TP", [])
                        .text([bold(code)])
                        .text([roman(in_lang(meaning, lang))]);
                }
            }
        }

        rest.control("SH", [section("ENVIRONMENT", lang)]);
        for (var, meaning) in ENVIRONMENT {
            rest.control("TP", [])
                .text([bold(var)])
                .text([roman(in_lang(meaning, lang))]);
        }

        rest.control("SH", [section("VERSION", lang)]);
        let embedded = self.rb.file == crate::rulebook::EMBEDDED_NAME;
        rest.text([roman(match lang {
            Lang::En => format!(
                "eb-advisor {}, with the rulebook {} {}{}.",
                env!("CARGO_PKG_VERSION"),
                self.rb.id,
                self.rb.version,
                if embedded { " (embedded)" } else { "" }
            ),
            Lang::Zh => format!(
                "eb-advisor {}，规则库 {} {}{}。",
                env!("CARGO_PKG_VERSION"),
                self.rb.id,
                self.rb.version,
                if embedded { "（内置）" } else { "" }
            ),
        })]);

        rest.control("SH", [section("SEE ALSO", lang)]);
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
        rest.text([roman(match lang {
            Lang::En => format!(
                "{}. The rulebook format: docs/rulebook.md in the source distribution.",
                see.join(", ")
            ),
            Lang::Zh => format!(
                "{}。规则库格式：源代码包中的 docs/rulebook.md。",
                see.join("、")
            ),
        })]);

        let mut page = String::from_utf8_lossy(&out).into_owned();
        if lang == Lang::Zh {
            page = clap_sections_in_chinese(&page);
        }
        page.push_str(&rest.render());
        Ok(ascii_roff(&page))
    }
}

/// A paragraph wrapped for a terminal, as one line for roff to fill.
fn joined(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A section heading in `lang`.
fn section(english: &'static str, lang: Lang) -> &'static str {
    match (english, lang) {
        (_, Lang::En) => english,
        ("NAME", _) => "名称",
        ("SYNOPSIS", _) => "概要",
        ("DESCRIPTION", _) => "描述",
        ("OPTIONS", _) => "选项",
        ("SUBCOMMANDS", _) => "子命令",
        ("EXAMPLES", _) => "示例",
        ("EXIT STATUS", _) => "退出状态",
        ("ENVIRONMENT", _) => "环境变量",
        ("VERSION", _) => "版本",
        ("SEE ALSO", _) => "另见",
        _ => english,
    }
}

/// clap_mangen names its sections in English and has no way to name them otherwise, so
/// its `.SH` lines are renamed. (tests/it/conformance.rs renders a Chinese page and fails
/// if an English heading is left.)
fn clap_sections_in_chinese(page: &str) -> String {
    page.lines()
        .map(|line| match line.strip_prefix(".SH ") {
            Some(name) => format!(".SH {}", section_of(name.trim_matches('"'))),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn section_of(name: &str) -> &str {
    for english in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS"] {
        if name == english {
            return section(english, Lang::Zh);
        }
    }
    name
}

/// `the questionnaire (in a terminal)` → `The questionnaire (in a terminal):`; in
/// Chinese the comment and a full-width colon.
fn sentence(comment: &str, lang: Lang) -> String {
    if lang == Lang::Zh {
        return if comment.is_empty() {
            String::new()
        } else {
            format!("{comment}：")
        };
    }
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

const ENVIRONMENT: [(&str, &str); 9] = [
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
    (
        "COLUMNS",
        "The width to wrap text output to when it is piped (on a terminal, the terminal's own width).",
    ),
    (
        "GITHUB_WORKSPACE",
        "When set, check names plans relative to this folder (the repository's root in GitHub Actions); otherwise relative to the git work tree that holds them.",
    ),
    (
        "EB_ADVISOR_COMPLETE",
        "Set by the completion scripts when the shell asks for completions (see completions); not for use by hand.",
    ),
];

/// The page with every character outside ASCII written as groff's `\[uXXXX]`: troff
/// reads its input as Latin-1, so raw UTF-8 (`4×`, `↑`) comes out as `4Ã` and warns
/// under `groff -ww` unless a preprocessor (preconv, which `man` runs) converts it first.
/// Escaped, the page reads the same through `man`, `groff -man` and `mandoc`.
///
/// Chinese has no spaces to break a line at: after each CJK character a `\:` (a break
/// point that prints nothing) lets troff break there, as Chinese text may, and a page
/// with any is set ragged-right (`.ad l`), since troff stretches only spaces.
fn ascii_roff(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut cjk = false;
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", c as u32));
            if is_cjk(c) {
                cjk = true;
                out.push_str("\\:");
            }
        }
    }
    if cjk {
        if let Some(end) = out
            .find("\n.TH ")
            .and_then(|at| out[at + 1..].find('\n').map(|e| at + 1 + e))
        {
            out.insert_str(end + 1, ".ad l\n");
        }
    }
    out
}

/// Ideographs, CJK punctuation and full-width forms: where Chinese text may break.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_comment_becomes_a_sentence() {
        assert_eq!(sentence("read it now", Lang::En), "Read it now:");
        assert_eq!(joined("A note\nover two lines."), "A note over two lines.");
    }
}
