//! `ask`: the questionnaire in a terminal, then the verdict, then the files asked for.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{exit_for, gather_answers, missing_answers_failure};
use crate::answers::{self, Answers};
use crate::cli::{AskArgs, FailLevel};
use crate::engine;
use crate::fsutil;
use crate::i18n::tr;
use crate::outcome::{emit, Context, Exit, Failure};
use crate::plan::{self, SettingValue, WantedSetting};
use crate::questionnaire::{self, PromptError, TermPrompter};
use crate::report;
use crate::rulebook::{Rulebook, SettingKind, Severity};
use crate::text::Lang;

pub fn run(ctx: &Context, args: &AskArgs) -> Result<Exit, Failure> {
    let rb = &ctx.rulebook;
    let lang = ctx.lang();
    let preset = gather_answers(ctx, &args.answers)?;
    for path in [&args.save, &args.save_plan].into_iter().flatten() {
        check_writable(path, lang)?;
    }
    let interactive = ctx.can_ask();
    let answers = if interactive {
        ask(ctx, &preset)?
    } else {
        let missing = crate::settled::missing(rb, &preset);
        if !missing.is_empty() {
            return Err(missing_answers_failure(
                ctx,
                &missing,
                tr(
                    lang,
                    "no terminal to ask in (or CI is set).",
                    "没有可提问的终端（或设置了 CI）。",
                ),
            ));
        }
        // Everything is answered: nothing to ask, so the verdict needs no terminal.
        preset
    };

    let filled = engine::with_defaults(rb, &answers);
    let mut verdict = engine::evaluate(rb, &filled, None, ctx.trust);
    ctx.apply_policy_to_verdict(&mut verdict);
    emit(&report::text::recommendation(
        rb,
        &filled,
        &verdict,
        report::Show::default(),
        ctx.ui,
    ))?;

    let mut notes = Vec::new();
    if let Some(path) = &args.save {
        write(path, &answers::to_yaml(rb, &answers))?;
        notes.push(format!(
            "{} {}\n  {} eb-advisor recommend --answers {}",
            tr(lang, "Answers saved to", "回答已保存到"),
            path.display(),
            tr(lang, "Use them again with:", "再次使用："),
            shell_quote(path)
        ));
    }
    if let Some(path) = &args.save_plan {
        let wanted = plan::wanted_settings(rb, &answers, &verdict);
        let given = match interactive && !wanted.is_empty() {
            true => ask_settings(ctx, &wanted)?,
            false => Vec::new(),
        };
        write(
            path,
            &plan::template_with(rb, &answers, &verdict, &given, lang),
        )?;
        notes.push(format!(
            "{} {}\n  {} eb-advisor check {}",
            tr(lang, "Plan written to", "方案已写入"),
            path.display(),
            tr(
                lang,
                "Keep it in the repository and check it (locally or in CI) with:",
                "将其保存在代码仓库中，并（在本地或 CI 中）检查：",
            ),
            shell_quote(path)
        ));
        for open in wanted
            .iter()
            .filter(|w| !given.iter().any(|(k, _)| *k == w.key))
        {
            let id = &rb.findings[open.finding].id;
            notes.push(match lang {
                Lang::En => format!(
                    "settings.{} is not filled in: `check` will report {id} ({}) until it is; fill it in in {}, or acknowledge {id} there with a reason.",
                    open.key,
                    open.severity.as_str(),
                    path.display()
                ),
                Lang::Zh => format!(
                    "未填写 settings.{}：在填写之前，`check` 会报告 {id}（{}）；请在 {} 中补上，或在其中以理由确认 {id}。",
                    open.key,
                    severity_zh(open.severity),
                    path.display()
                ),
            });
        }
    }
    if args.save.is_none() && interactive {
        notes.push(format!(
            "{}\n  {}",
            tr(
                lang,
                "The same answers without questions (for scripts and CI):",
                "不经提问得到同样结果（用于脚本和 CI）：",
            ),
            one_shot_command(rb, &answers)
        ));
    }
    if !notes.is_empty() {
        let mut text = String::from("\n");
        for note in notes {
            text.push_str(&note);
            text.push('\n');
        }
        emit(&text)?;
    }
    Ok(exit_for(verdict.worst(), FailLevel::Error))
}

/// Runs the questionnaire; Ctrl-C ends the process with 130 and writes nothing.
fn ask(ctx: &Context, preset: &Answers) -> Result<Answers, Failure> {
    let lang = ctx.lang();
    install_interrupt_handler(lang);
    let mut prompter = TermPrompter::new(ctx.ui.color, lang);
    let term = prompter.term().clone();
    let intro = intro(&ctx.rulebook, preset, ctx.ui);
    term.write_line(&intro)
        .map_err(|e| Failure::io(e.to_string()))?;
    let result = questionnaire::run(&ctx.rulebook, lang, preset, &mut prompter);
    let _ = term.show_cursor();
    match result {
        Ok(answers) => {
            let _ = term.write_line("");
            Ok(answers)
        }
        Err(PromptError::Interrupted) => interrupted(lang),
        Err(PromptError::Terminal(e)) => Err(Failure::io(format!(
            "{} {e}",
            tr(lang, "the terminal failed:", "终端出错：")
        ))),
    }
}

/// Asks for the settings a fresh plan lacks, each with the finding it silences; a
/// setting named like a secret takes only a reference. Empty or Esc skips one.
fn ask_settings(
    ctx: &Context,
    wanted: &[WantedSetting],
) -> Result<Vec<(String, SettingValue)>, Failure> {
    let rb = &ctx.rulebook;
    let lang = ctx.lang();
    let mut prompter = TermPrompter::new(ctx.ui.color, lang);
    let term = prompter.term().clone();
    let _ = term.write_line(&dim_stderr(tr(
        lang,
        "For the plan: the settings its findings look for (empty or Esc skips one).",
        "方案所需的设置（发现会检查这些设置；留空或按 Esc 跳过）。",
    )));
    let mut given = Vec::new();
    for want in wanted {
        let declared = rb.settings.iter().find(|d| d.key == want.key);
        let secret = plan::is_secret_key(rb, &want.key);
        let kind = declared.map_or(SettingKind::Text, |d| d.kind);
        let title = match declared {
            Some(d) => format!("settings.{}: {}", want.key, d.prompt.get(lang)),
            None => format!("settings.{}", want.key),
        };
        let finding = &rb.findings[want.finding].id;
        let help = match (lang, secret) {
            (Lang::En, false) => format!("Without it, check reports {finding}."),
            (Lang::En, true) => format!("A reference, ${{ENV_VAR}} or secret-ref:NAME, never the value itself. Without it, check reports {finding}."),
            (Lang::Zh, false) => format!("缺少时 check 会报告 {finding}。"),
            (Lang::Zh, true) => format!("请填写引用（${{ENV_VAR}} 或 secret-ref:NAME），切勿填写值本身。缺少时 check 会报告 {finding}。"),
        };
        let check = |text: &str| {
            let text = text.trim();
            if secret && !text.is_empty() && !plan::is_reference(text) {
                return Err(tr(
                    lang,
                    "A secret goes in as a reference: ${ENV_VAR} or secret-ref:NAME.",
                    "密钥只能以引用形式填写：${ENV_VAR} 或 secret-ref:NAME。",
                )
                .to_string());
            }
            match plan::setting_text_problem(kind, &want.key, text, secret) {
                Some(problem) => Err(problem.get(lang).to_string()),
                None => Ok(()),
            }
        };
        let typed = prompter.line(&title, &help, &check);
        let typed = match typed {
            Ok(typed) => typed,
            Err(PromptError::Interrupted) => interrupted(lang),
            Err(PromptError::Terminal(e)) => {
                return Err(Failure::io(format!(
                    "{} {e}",
                    tr(lang, "the terminal failed:", "终端出错：")
                )))
            }
        };
        let Some(text) = typed
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
        else {
            continue;
        };
        let value = match kind {
            SettingKind::Text
            | SettingKind::JsonObject
            | SettingKind::Url
            | SettingKind::Secret => SettingValue::Text(text),
            SettingKind::List => SettingValue::List(
                text.split([',', '，'])
                    .map(|item| item.trim().to_string())
                    .filter(|item| !item.is_empty())
                    .collect(),
            ),
        };
        let _ = term.write_line(&format!(
            "{} settings.{}",
            console::style("✔").for_stderr().green(),
            want.key
        ));
        given.push((want.key.clone(), value));
    }
    Ok(given)
}

fn severity_zh(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn intro(rb: &Rulebook, preset: &Answers, ui: report::Ui) -> String {
    let lang = ui.lang;
    let mut text = format!(
        "{}\n{}",
        bold_stderr(rb.title.get(lang)),
        dim_stderr(tr(
            lang,
            "Answer a few questions to get a recommendation. Esc goes back, Ctrl-C quits (nothing is saved).",
            "回答几个问题即可获得推荐。Esc 返回上一题，Ctrl-C 退出（不保存任何内容）。",
        ))
    );
    let given = preset.iter().count();
    if given > 0 {
        let note = match lang {
            Lang::En => format!(
                "{given} answer{} given on the command line {} not asked again.",
                if given == 1 { "" } else { "s" },
                if given == 1 { "is" } else { "are" }
            ),
            Lang::Zh => format!("命令行已给出 {given} 个回答，不再重复提问。"),
        };
        text.push('\n');
        text.push_str(&dim_stderr(&note));
    }
    text.push('\n');
    text
}

fn bold_stderr(text: &str) -> String {
    console::style(text).for_stderr().bold().to_string()
}

fn dim_stderr(text: &str) -> String {
    console::style(text).for_stderr().dim().to_string()
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Restores the terminal, says nothing was saved, and exits 130. Whichever of the
/// signal handler and the prompt's error gets here first does it.
fn interrupted(lang: Lang) -> ! {
    if INTERRUPTED.swap(true, Ordering::SeqCst) {
        // The other one is exiting already.
        loop {
            std::thread::park();
        }
    }
    let term = console::Term::stderr();
    let _ = term.show_cursor();
    let _ = term.write_line("");
    let _ = term.write_line(tr(
        lang,
        "Interrupted; nothing was saved.",
        "已中断，未保存任何内容。",
    ));
    std::process::exit(Exit::Interrupted as i32)
}

/// Ctrl-C at a prompt reaches us as SIGINT (console reads keys in raw mode and raises
/// it itself); without a handler the process would die with the cursor hidden.
fn install_interrupt_handler(lang: Lang) {
    // Fails only when a handler is already set (the questionnaire ran before).
    let _ = ctrlc::set_handler(move || interrupted(lang));
}

/// Fails before any question when a file could not be written at the end.
fn check_writable(path: &Path, lang: Lang) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Failure::error(format!(
            "{} {}",
            tr(lang, "is a directory:", "这是一个目录："),
            path.display()
        )));
    }
    if !dir.is_dir() {
        return Err(Failure::error(format!(
            "{} {}",
            tr(lang, "no such directory:", "目录不存在："),
            dir.display()
        )));
    }
    Ok(())
}

fn write(path: &Path, contents: &str) -> Result<(), Failure> {
    fsutil::write_atomically(path, contents.as_bytes()).map_err(|e| Failure::write(path, &e))
}

/// `eb-advisor recommend --ID VALUE ...` for these answers.
fn one_shot_command(rb: &Rulebook, answers: &Answers) -> String {
    let mut command = String::from("eb-advisor recommend");
    for (id, value) in answers.to_pairs(rb) {
        command.push_str(&format!(" --{id} {}", quote_word(&value.to_string())));
    }
    command
}

fn shell_quote(path: &Path) -> String {
    quote_word(&path.display().to_string())
}

/// Quotes a word for a POSIX shell when it needs it.
fn quote_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quote_word("answers.yaml"), "answers.yaml");
        assert_eq!(quote_word("my plans/x.yaml"), "'my plans/x.yaml'");
        assert_eq!(quote_word("it's"), r"'it'\''s'");
    }
}
