//! The command's help in Chinese (`--lang zh`, or a Chinese locale): clap has its texts
//! (`Usage:`, `Options:`, `Print help`, `[default: …]`) in English only, so the built
//! command is re-worded here, from the table in `zh.rs`, before clap lays it out.

use clap::{Arg, Command};

use super::help;
use super::zh::text;
use crate::rulebook::Rulebook;
use crate::text::Lang;

/// The command (and its subcommands) worded in Chinese: about texts, every flag's help
/// and heading, the rulebook's questions in their Chinese wording, and clap's own words.
pub fn localize(mut command: Command, rulebook: &Rulebook) -> Command {
    // Built first: clap makes the nested subcommands (`rules lint`) and its own `-h` and
    // `-V` only when it builds, and they are worded here like every other flag.
    command.build();
    localize_one(command, rulebook)
}

fn localize_one(command: Command, rulebook: &Rulebook) -> Command {
    let mut command = command
        .help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令");
    // `rules lint` carries its help from the derive (it is built only when reached).
    let english_lint = help::rules_lint().render();
    if command
        .get_after_help()
        .is_some_and(|h| h.to_string() == english_lint)
    {
        command = command.after_help(help::rules_lint().render_in(Lang::Zh));
    }
    if let Some(zh) = command.get_about().and_then(|a| text(&a.to_string())) {
        command = command.about(zh);
    }
    if let Some(zh) = command.get_long_about().and_then(|a| text(&a.to_string())) {
        command = command.long_about(zh);
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        command = command.mut_arg(id, |arg| localize_arg(arg, rulebook));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |c| localize_one(c, rulebook));
    }
    command
}

fn localize_arg(mut arg: Arg, rulebook: &Rulebook) -> Arg {
    let question = arg
        .get_long()
        .and_then(|long| rulebook.questions.iter().find(|q| q.id == long));
    let help = match question {
        Some(q) => Some(q.prompt.get(Lang::Zh).trim().to_string()),
        None => arg
            .get_help()
            .map(|h| text(&h.to_string()).map_or_else(|| h.to_string(), String::from)),
    };
    let mut help = help.unwrap_or_default();
    // clap's `[default: …]`, `[env: …]` and `[possible values: …]`, in Chinese.
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() && arg.get_action().takes_values() {
        help.push_str(&format!(" [默认：{}]", defaults.join(", ")));
        arg = arg.hide_default_value(true);
    }
    if let Some(env) = arg.get_env() {
        if !arg.is_hide_env_set() {
            help.push_str(&format!(" [环境变量：{}]", env.to_string_lossy()));
            arg = arg.hide_env(true);
        }
    }
    if !arg.is_hide_possible_values_set() && arg.get_action().takes_values() {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            help.push_str(&format!(" [可选值：{}]", values.join("、")));
            arg = arg.hide_possible_values(true);
        }
    }
    let heading = match arg.get_help_heading() {
        Some(heading) => text(heading).unwrap_or(heading).to_string(),
        None if arg.is_positional() => "参数".to_string(),
        None => "选项".to_string(),
    };
    arg.help(help).help_heading(heading)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every about text and flag help of the command (the rulebook's questions aside,
    /// which are worded in the rulebook) has its Chinese.
    #[test]
    fn every_help_text_has_its_chinese() {
        let rb = crate::embedded::rulebook();
        let mut missing = Vec::new();
        fn walk(command: &Command, rb: &Rulebook, missing: &mut Vec<String>) {
            if let Some(about) = command.get_about() {
                if command.get_name() != "eb-advisor" && text(&about.to_string()).is_none() {
                    missing.push(about.to_string());
                }
            }
            for arg in command.get_arguments() {
                let question = arg
                    .get_long()
                    .is_some_and(|long| rb.questions.iter().any(|q| q.id == long));
                if let (Some(help), false) = (arg.get_help(), question) {
                    if text(&help.to_string()).is_none() {
                        missing.push(help.to_string());
                    }
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, rb, missing);
            }
        }
        let mut command = super::super::documented_command(&rb);
        command.build();
        walk(&command, &rb, &mut missing);
        for path in super::super::help::COMMANDS_WITH_HELP {
            let help = super::super::help::for_command(&rb, path).unwrap();
            for comment in help.examples.iter().map(|e| &e.comment) {
                if !comment.is_empty() && text(comment).is_none() {
                    missing.push(comment.clone());
                }
            }
            for note in help.notes.iter().chain(help.exit_codes.iter()) {
                if text(note).is_none() {
                    missing.push(note.clone());
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "no Chinese for:\n{}",
            missing.join("\n")
        );
    }
}
