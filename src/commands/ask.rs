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
    // A plan already there is replaced only when the user says so, which needs a terminal.
    let existing = match &args.save_plan {
        Some(path) if path.exists() => {
            if !interactive {
                return Err(Failure::error(match lang {
                    Lang::En => format!(
                        "{} exists, and without a terminal to ask in, ask does not replace it. Remove it first, or name another file.",
                        path.display()
                    ),
                    Lang::Zh => format!(
                        "{} 已存在；没有可提问的终端时，ask 不会替换它。请先删除它，或换一个文件名。",
                        path.display()
                    ),
                }));
            }
            Some(existing_settings(ctx, path))
        }
        _ => None,
    };
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
        save_plan(
            ctx,
            path,
            &answers,
            &verdict,
            existing.as_deref(),
            &mut notes,
        )?;
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

/// Writes the plan for `--save-plan`, or says why not: no path fits the answers (a plan
/// with no path is no plan), or the user kept the plan already there. The settings of a
/// plan already there are kept, and offered as the defaults of the settings prompts.
fn save_plan(
    ctx: &Context,
    path: &Path,
    answers: &Answers,
    verdict: &engine::Verdict,
    existing: Option<&[(String, SettingValue)]>,
    notes: &mut Vec<String>,
) -> Result<(), Failure> {
    let rb = &ctx.rulebook;
    let lang = ctx.lang();
    let interactive = ctx.can_ask();
    if verdict.outcome.is_none() {
        let errors: Vec<&str> = verdict
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| rb.findings[f.finding].id.as_str())
            .collect();
        let why = match errors.is_empty() {
            true => String::new(),
            false => format!(" ({})", errors.join(", ")),
        };
        notes.push(match lang {
            Lang::En => format!(
                "No plan written to {}: no path fits these answers{why}, and a plan names the path it follows. Change the answers (eb-advisor ask), then save the plan.",
                path.display()
            ),
            Lang::Zh => format!(
                "未写入方案 {}：这些回答没有可行的路径{why}，而方案必须写明所采用的路径。请先修改回答（eb-advisor ask），再保存方案。",
                path.display()
            ),
        });
        return Ok(());
    }
    if existing.is_some() && !confirm_replace(ctx, path)? {
        notes.push(match lang {
            Lang::En => format!("{} was left as it was (not replaced).", path.display()),
            Lang::Zh => format!("{} 保持原样（未替换）。", path.display()),
        });
        return Ok(());
    }
    let existing = existing.unwrap_or_default();
    let wanted = plan::wanted_settings(rb, answers, verdict);
    let mut given = match interactive && !wanted.is_empty() {
        true => ask_settings(ctx, &wanted, existing)?,
        false => Vec::new(),
    };
    // The plan's other settings stay as they were.
    for (key, value) in existing {
        if !wanted.iter().any(|w| w.key == *key) {
            given.push((key.clone(), value.clone()));
        }
    }
    write(
        path,
        &plan::template_with(rb, answers, verdict, &given, lang),
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
    Ok(())
}

/// The settings of the plan at `path`, as `--save-plan` would write them again; none
/// when it cannot be read as YAML (the user is still asked before it is replaced).
fn existing_settings(ctx: &Context, path: &Path) -> Vec<(String, SettingValue)> {
    let name = path.display().to_string();
    let Ok(text) = crate::yaml::read_text(path, ctx.limits) else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Object(plan)) =
        crate::yaml::parse::<serde_json::Value>(&name, &text, ctx.limits)
    else {
        return Vec::new();
    };
    let Some(serde_json::Value::Object(settings)) = plan.get("settings") else {
        return Vec::new();
    };
    settings
        .iter()
        .map(|(key, value)| {
            let value = match value {
                serde_json::Value::String(text) => SettingValue::Text(text.clone()),
                serde_json::Value::Array(items) if items.iter().all(|i| i.is_string()) => {
                    SettingValue::List(
                        items
                            .iter()
                            .filter_map(|i| i.as_str().map(str::to_string))
                            .collect(),
                    )
                }
                other => SettingValue::Json(other.clone()),
            };
            (key.clone(), value)
        })
        .collect()
}

/// Asks whether to replace the plan at `path`; No unless the user picks Yes.
fn confirm_replace(ctx: &Context, path: &Path) -> Result<bool, Failure> {
    let lang = ctx.lang();
    let mut prompter = TermPrompter::new(ctx.ui.color, lang);
    let title = match lang {
        Lang::En => format!(
            "{} exists. Replace it with a plan for these answers?",
            path.display()
        ),
        Lang::Zh => format!("{} 已存在。要用这些回答的方案替换它吗？", path.display()),
    };
    let help = tr(
        lang,
        "Its settings are kept, and offered as the defaults of the settings prompts.",
        "其中的设置会保留，并作为设置提示的默认值。",
    );
    let items = [
        tr(lang, "No, leave it as it is", "否，保持原样").to_string(),
        tr(lang, "Yes, replace it", "是，替换它").to_string(),
    ];
    match prompter.choose(&title, help, &items, 0) {
        Ok(picked) => Ok(picked == Some(1)),
        Err(PromptError::Interrupted) => interrupted(lang),
        Err(PromptError::Terminal(e)) => Err(Failure::io(format!(
            "{} {e}",
            tr(lang, "the terminal failed:", "终端出错：")
        ))),
    }
}

/// A setting's value as it is typed at its prompt.
fn setting_text(value: &SettingValue) -> String {
    match value {
        SettingValue::Text(text) => text.clone(),
        SettingValue::List(items) => items.join(", "),
        SettingValue::Json(value) => value.to_string(),
    }
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
/// setting named like a secret takes only a reference. Empty or Esc skips one. The
/// values in `existing` (the plan being replaced) are filled in, ready to keep or edit:
/// Esc keeps one, an emptied field leaves it out. A secret's value is filled in only
/// when it is a reference, so that no literal secret is shown.
fn ask_settings(
    ctx: &Context,
    wanted: &[WantedSetting],
    existing: &[(String, SettingValue)],
) -> Result<Vec<(String, SettingValue)>, Failure> {
    let rb = &ctx.rulebook;
    let lang = ctx.lang();
    let mut prompter = TermPrompter::new(ctx.ui.color, lang);
    let term = prompter.term().clone();
    let prefilled = wanted
        .iter()
        .any(|w| existing.iter().any(|(k, _)| *k == w.key));
    let _ = term.write_line(&dim_stderr(match prefilled {
        false => tr(
            lang,
            "For the plan: the settings its findings look for (empty or Esc skips one).",
            "方案所需的设置（发现会检查这些设置；留空或按 Esc 跳过）。",
        ),
        true => tr(
            lang,
            "For the plan: the settings its findings look for. The current plan's values are filled in: Enter or Esc keeps one, an emptied field leaves it out.",
            "方案所需的设置（发现会检查这些设置）。已填入现有方案中的值：回车或 Esc 保留，清空后回车则不写入。",
        ),
    }));
    let mut given = Vec::new();
    for want in wanted {
        let before = existing
            .iter()
            .find(|(k, _)| *k == want.key)
            .map(|(_, v)| v)
            .filter(|v| {
                !plan::is_secret_key(rb, &want.key) || plan::is_reference(&setting_text(v))
            });
        let initial = before.map(setting_text).unwrap_or_default();
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
        let typed = prompter.line(&title, &help, &initial, secret, &check);
        let typed = match typed {
            // Esc keeps the current plan's value, as does Enter on it unchanged.
            Ok(None) if before.is_some() => Some(initial.clone()),
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
        let value = match before {
            Some(before) if text == initial.trim() => before.clone(),
            _ => typed_value(kind, text),
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

/// What was typed at a setting's prompt, as the plan records it.
fn typed_value(kind: SettingKind, text: String) -> SettingValue {
    {
        match kind {
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
        }
    }
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

/// `eb-advisor recommend --ID VALUE ...` for these answers (the questionnaire's final
/// ones: each once, none that no longer applies).
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
