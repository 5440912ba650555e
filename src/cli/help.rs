//! What help shows below the options, and man pages in their own sections: examples,
//! notes and the exit codes, kept as data so that `--help` renders them as text and
//! `man` as roff without either reading the other's output.
//!
//! The examples of the answering commands use the loaded rulebook's own questions,
//! values and outcomes: the code knows no topic of its own.

use crate::answers::Answers;
use crate::engine;
use crate::rulebook::{AnswerValue, QuestionKind, Rulebook};

/// The texts after a command's options.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Help {
    pub examples: Vec<Example>,
    /// Paragraphs, wrapped for a terminal; a man page joins each into one line.
    pub notes: Vec<String>,
    /// What each exit code means, wrapped as the paragraph `Exit codes: …` shows it.
    pub exit_codes: Option<String>,
}

/// One command line to paste, under what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// What the command does; empty for a line that continues the example above.
    pub comment: String,
    pub command: String,
}

impl Example {
    fn new(command: impl Into<String>, comment: impl Into<String>) -> Example {
        Example {
            comment: comment.into(),
            command: command.into(),
        }
    }

    /// The command broken into lines (to be joined with ` \` and an indent), so that it
    /// still pastes into a shell whole (help is wrapped at 100 columns, and a wrapped
    /// command would not). A flag stays on the line of its value.
    pub fn shell_lines(&self) -> Vec<String> {
        const WIDTH: usize = 90;
        /// What a continued line is indented by, beyond the first line's.
        const INDENT: usize = 4;
        let mut units: Vec<String> = Vec::new();
        for word in self.command.split(' ') {
            match units.last_mut() {
                Some(unit) if !word.starts_with('-') && unit.starts_with('-') => {
                    unit.push(' ');
                    unit.push_str(word);
                }
                _ => units.push(word.to_string()),
            }
        }
        let mut lines = vec![String::new()];
        for unit in units {
            let indent = if lines.len() > 1 { INDENT } else { 0 };
            let line = lines.last_mut().expect("never empty");
            if !line.is_empty() && indent + line.len() + 1 + unit.len() > WIDTH {
                lines.push(unit);
            } else {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&unit);
            }
        }
        lines
    }
}

/// `text` in `lang`: as written, or its Chinese.
pub fn in_lang(text: &str, lang: crate::text::Lang) -> String {
    match lang {
        crate::text::Lang::En => text.to_string(),
        crate::text::Lang::Zh => {
            super::zh::text(text).map_or_else(|| text.to_string(), String::from)
        }
    }
}

impl Help {
    /// The text `--help` shows: paragraphs separated by a blank line.
    pub fn render(&self) -> String {
        self.render_in(crate::text::Lang::En)
    }

    /// [`Help::render`] with its headings in `lang`.
    pub fn render_in(&self, lang: crate::text::Lang) -> String {
        let mut paragraphs = Vec::new();
        if !self.examples.is_empty() {
            let lines: Vec<String> = self
                .examples
                .iter()
                .map(|example| {
                    let command = example.shell_lines().join(" \\\n      ");
                    if example.comment.is_empty() {
                        format!("  {command}")
                    } else {
                        format!("  # {}\n  {command}", in_lang(&example.comment, lang))
                    }
                })
                .collect();
            paragraphs.push(format!(
                "{}\n{}",
                crate::i18n::tr(lang, "Examples:", "示例："),
                lines.join("\n")
            ));
        }
        paragraphs.extend(self.notes.iter().map(|note| in_lang(note, lang)));
        if let Some(exit) = &self.exit_codes {
            let exit = in_lang(exit, lang);
            paragraphs.push(format!(
                "{}{exit}",
                crate::i18n::tr(lang, "Exit codes: ", "退出码：")
            ));
        }
        paragraphs.join("\n\n")
    }
}

/// The help of the command at `path` (`[]` for the main command, `["rules", "lint"]`),
/// if it has any.
pub fn for_command(rulebook: &Rulebook, path: &[&str]) -> Option<Help> {
    Some(match path {
        [] => main(rulebook),
        ["ask"] => ask(rulebook),
        ["recommend"] => recommend(rulebook),
        ["paths"] => paths(rulebook),
        ["check"] => check(),
        ["completions"] => completions(),
        ["man"] => man(),
        ["init"] => init(),
        ["mcp"] => mcp(),
        ["rules"] => rules(),
        ["rules", "lint"] => rules_lint(),
        _ => return None,
    })
}

/// Every command path whose help `build` attaches. (`rules lint` is not among them: a
/// subcommand of a subcommand is built only when clap reaches it, so its derive attaches
/// its help, which needs no rulebook.)
pub const COMMANDS_WITH_HELP: [&[&str]; 10] = [
    &[],
    &["ask"],
    &["recommend"],
    &["paths"],
    &["check"],
    &["completions"],
    &["man"],
    &["mcp"],
    &["init"],
    &["rules"],
];

/// A value for a question that reads naturally: its first choice, `yes`, or a round
/// number.
fn sample_value(q: &crate::rulebook::Question) -> AnswerValue {
    match q.kind {
        QuestionKind::Choice => AnswerValue::Choice(0),
        QuestionKind::YesNo => AnswerValue::Bool(true),
        QuestionKind::Number => AnswerValue::Number(1000),
    }
}

/// `--ID VALUE` for a question, with its sample value.
fn sample_flag(q: &crate::rulebook::Question) -> String {
    format!("--{} {}", q.id, q.value_text(sample_value(q)))
}

/// Flags that answer every required question the answers before it lead to, so that an
/// example runs as printed (`--a x --b yes`, and `--c` if `a: x` asks it).
fn sample_answers(rulebook: &Rulebook) -> String {
    let mut answers = Answers::new(rulebook);
    let mut flags = Vec::new();
    for (i, q) in rulebook.questions.iter().enumerate() {
        if q.required && q.default.is_none() && engine::is_asked(rulebook, i, &answers) {
            answers.set(i, Some(sample_value(q)));
            flags.push(sample_flag(q));
        }
    }
    flags.join(" ")
}

fn first_path(rulebook: &Rulebook) -> &str {
    rulebook.outcomes.first().map_or("ID", |o| o.id.as_str())
}

fn main(rulebook: &Rulebook) -> Help {
    let path = first_path(rulebook);
    Help {
        examples: vec![
            Example::new("eb-advisor", "the questionnaire (in a terminal)"),
            Example::new(
                format!("eb-advisor recommend {}", sample_answers(rulebook)),
                "a verdict from flags, never prompting",
            ),
            Example::new(
                "eb-advisor recommend --answers answers.yaml --format json",
                "from a file, for scripts",
            ),
            Example::new(
                "eb-advisor check plans/ --format github",
                "committed plans, in CI",
            ),
            Example::new(format!("eb-advisor paths {path}"), "one path in full"),
        ],
        notes: Vec::new(),
        exit_codes: Some(
            "0 no error finding, 1 an error finding (or a warning under --fail-level warning),\n2 usage or input error, 130 interrupted."
                .into(),
        ),
    }
}

fn recommend(rulebook: &Rulebook) -> Help {
    // An answer given on top of a file: the second value of the first choice question.
    let overriding = rulebook
        .questions
        .iter()
        .find(|q| q.kind == QuestionKind::Choice && q.choices.len() > 1)
        .map_or("-a ID=VALUE".to_string(), |q| {
            format!("--{} {}", q.id, q.choices[1].value)
        });
    Help {
        examples: vec![
            Example::new(
                format!("eb-advisor recommend {}", sample_answers(rulebook)),
                "a flag per question",
            ),
            Example::new(
                "eb-advisor recommend --answers answers.yaml",
                "answers from a file (YAML or JSON)",
            ),
            Example::new(
                format!("eb-advisor recommend --answers answers.yaml {overriding}"),
                "a flag overrides the file",
            ),
            Example::new(
                "eb-advisor recommend --answers answers.yaml --explain",
                "which rule decided, what each finding read",
            ),
            Example::new(
                "eb-advisor recommend --answers answers.yaml --format json",
                "for scripts",
            ),
            Example::new(
                "eb-advisor recommend --answers answers.yaml --format markdown",
                "for a pull-request comment",
            ),
        ],
        notes: vec![
            "Missing answers are listed with the flag for each, and the run exits 2: recommend never\nprompts."
                .into(),
        ],
        exit_codes: Some(
            "0 no error finding, 1 an error finding (or a warning under --fail-level\nwarning), 2 usage or input error."
                .into(),
        ),
    }
}

fn paths(rulebook: &Rulebook) -> Help {
    let path = first_path(rulebook);
    Help {
        examples: vec![
            Example::new("eb-advisor paths", "the comparison"),
            Example::new(format!("eb-advisor paths {path}"), "one path in full"),
            Example::new(
                "eb-advisor paths --format markdown",
                "the comparison for a document",
            ),
        ],
        notes: Vec::new(),
        exit_codes: Some("0 shown, 2 an unknown path.".into()),
    }
}

fn ask(rulebook: &Rulebook) -> Help {
    let preset = rulebook
        .questions
        .iter()
        .find(|q| q.ask_when.is_none() && q.required)
        .map_or("-a ID=VALUE".to_string(), sample_flag);
    Help {
        examples: vec![
            Example::new("eb-advisor ask", "every question, in a terminal"),
            Example::new(
                format!("eb-advisor ask {preset}"),
                "an answer given up front is not asked",
            ),
            Example::new(
                "eb-advisor ask --save answers.yaml",
                "keep the answers for recommend --answers answers.yaml",
            ),
            Example::new(
                "eb-advisor ask --save-plan team.eb-plan.yaml",
                "write a plan to commit, for check team.eb-plan.yaml",
            ),
        ],
        notes: vec![
            "Keys: ↑/↓ move, Enter chooses, Esc goes back (at a number also < or back), Ctrl-C quits\nand saves nothing (exit 130).\nWithout a terminal (or with CI set) nothing is asked: every answer must be given, as for\nrecommend."
                .into(),
        ],
        exit_codes: None,
    }
}

fn check() -> Help {
    Help {
        examples: vec![
            Example::new(
                "eb-advisor check plans/",
                "every *.eb-plan.yaml and *.eb-plan.yml under plans/",
            ),
            Example::new(
                "eb-advisor check team.eb-plan.yaml --frames",
                "with the offending line under each finding",
            ),
            Example::new(
                "eb-advisor check infra/events --var-file infra/prod.tfvars",
                "the Terraform that builds an integration, with the production values",
            ),
            Example::new(
                "eb-advisor check plans/ --format github --fail-level warning",
                "annotations in a GitHub Actions log; warnings fail too",
            ),
            Example::new(
                "eb-advisor check plans/ --output sarif=check.sarif --output junit=check.xml",
                "reports for code scanning and test dashboards, besides the text",
            ),
            Example::new("eb-advisor check - < team.eb-plan.yaml", "a plan on standard input"),
        ],
        notes: vec![
            "A plan fails on a finding at --fail-level or above that it does not acknowledge (a reason\nunder `acknowledge:` in the plan). Under GitHub Actions, without --format, annotations are\nprinted with the text."
                .into(),
        ],
        exit_codes: Some(
            "0 every plan passed, 1 a plan failed, 2 usage or input error (a path that does\nnot exist, no plan found, a bad --output)."
                .into(),
        ),
    }
}

fn completions() -> Help {
    Help {
        examples: vec![
            Example::new(
                "echo 'source <(eb-advisor completions bash)' >> ~/.bashrc",
                "install for bash",
            ),
            Example::new(
                "echo 'source <(eb-advisor completions zsh)' >> ~/.zshrc",
                "install for zsh (after compinit)",
            ),
            Example::new(
                "eb-advisor completions fish > ~/.config/fish/completions/eb-advisor.fish",
                "install for fish",
            ),
        ],
        notes: vec![
            "At each Tab the script asks eb-advisor, so the values offered are those of the rulebook\nthe line would load (--rules on the line, else EB_ADVISOR_RULES, else the built-in one)."
                .into(),
        ],
        exit_codes: Some("0 the script was printed, 2 usage error.".into()),
    }
}

fn man() -> Help {
    Help {
        examples: vec![
            Example::new("eb-advisor man | man -l -", "read it now"),
            Example::new(
                "eb-advisor man --dir ~/.local/share/man/man1",
                "install the pages where man finds them",
            ),
        ],
        notes: Vec::new(),
        exit_codes: Some(
            "0 the pages were printed or written, 2 usage error or a page that cannot be\nwritten."
                .into(),
        ),
    }
}

fn init() -> Help {
    Help {
        examples: vec![
            Example::new("eb-advisor init", "a policy file, eb-advisor.yaml, with every key explained"),
            Example::new(
                "eb-advisor init --plan plans/orders.eb-plan.yaml",
                "a plan to fill in, with every question and path",
            ),
        ],
        notes: Vec::new(),
        exit_codes: Some(
            "0 the file was written, 2 usage error, or the file exists (it is never replaced)\nor cannot be written."
                .into(),
        ),
    }
}

fn mcp() -> Help {
    Help {
        examples: vec![
            Example::new(
                "eb-advisor mcp --print-config claude-code > .mcp.json",
                "register it with Claude Code, for this project",
            ),
            Example::new(
                "eb-advisor mcp --print-config vscode > .vscode/mcp.json",
                "register it with VS Code",
            ),
        ],
        notes: vec![
            "The server reads JSON-RPC messages on standard input, one a line, answers on standard\noutput, and logs to standard error only; it ends when standard input closes. Its tools:\nquestions, recommend, check_plan, explain_path, draft_plan; its resources: the rulebook,\nthe plan schema and the comparison of the paths (docs/mcp.md gives each one)."
                .into(),
            "The server is the program eb-advisor-mcp, installed beside eb-advisor, which runs it."
                .into(),
        ],
        exit_codes: Some(
            "0 the client closed the session (or the snippet was printed), 2 usage error, or a\nserver that cannot be started."
                .into(),
        ),
    }
}

fn rules() -> Help {
    Help {
        examples: vec![
            Example::new(
                "eb-advisor rules lint",
                "check the embedded rulebook, or another one",
            ),
            Example::new("eb-advisor rules lint my-rulebook.yaml --strict", ""),
            Example::new("eb-advisor rules test my-rulebook.yaml", "run its scenarios"),
            Example::new(
                "eb-advisor rules show > eventbridge-integrate-events.yaml",
                "the embedded rulebook's text, to open lint's positions in (or to start from)",
            ),
            Example::new(
                "eb-advisor rules schema plan > plan.schema.json",
                "a JSON Schema for editors and CI",
            ),
            Example::new(
                "eb-advisor rules graph --format dot | dot -Tsvg > tree.svg",
                "the decision tree as a picture",
            ),
        ],
        notes: Vec::new(),
        exit_codes: Some(
            "0 no error, 1 a lint error or a failed scenario (under lint --strict also a\nwarning), 2 the rulebook does not load."
                .into(),
        ),
    }
}

/// The help of `rules lint`.
pub fn rules_lint() -> Help {
    Help {
        exit_codes: Some(
            "0 no error (warnings and notes are listed), 1 an error, or under --strict a\nwarning or an incomplete search, 2 the rulebook does not load."
                .into(),
        ),
        ..Help::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_command_continues_on_indented_lines_that_paste_whole() {
        let long = format!("tool {}", "--flag value ".repeat(12).trim_end());
        let lines = Example::new(long.clone(), "").shell_lines();
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| l.len() + 4 <= 90), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with("--flag value")));
        assert_eq!(lines.join(" "), long);
    }

    #[test]
    fn every_command_with_help_renders_its_exit_codes_or_notes() {
        let rb = crate::embedded::rulebook();
        for path in COMMANDS_WITH_HELP
            .iter()
            .chain([&["rules", "lint"][..]].iter())
        {
            let help = for_command(&rb, path).expect("listed");
            let text = help.render();
            assert!(!text.is_empty(), "{path:?}");
            if help.exit_codes.is_some() {
                assert!(text.contains("\n\nExit codes: ") || text.starts_with("Exit codes: "));
            }
        }
    }
}
