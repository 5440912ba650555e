//! One module per subcommand; each turns its arguments into engine calls and renderer
//! output, and returns the exit code.

pub mod ask;
pub mod check;
pub mod completions;
pub mod init;
pub mod man;
pub mod paths;
pub mod recommend;
pub mod rules;
pub mod rules_diff;

use crate::answers::{self, Answers};
use crate::cli::{AnswerArgs, FailLevel};
use crate::i18n::tr;
use crate::outcome::{note, Context, Exit, Failure};
use crate::rulebook::{QuestionKind, Rulebook, Severity};
use crate::text::Lang;

/// Answers from the answers file, then `--answer ID=VALUE` and `--ID VALUE`. The command
/// line overrides the file; a question answered twice on the command line is an error,
/// as clap makes a flag given twice.
pub fn gather_answers(ctx: &Context, args: &AnswerArgs) -> Result<Answers, Failure> {
    let rb = &ctx.rulebook;
    let lang = ctx.lang();
    let mut answers = match &args.answers_file {
        Some(path) => answers::load_file(rb, path, ctx.limits)
            .map_err(|problems| Failure::usage(problems.lines_in(lang, "invalid-answers")))?,
        None => Answers::new(rb),
    };
    // How each question was answered on the command line, to name both in a conflict.
    let mut given: Vec<Option<String>> = vec![None; rb.questions.len()];
    let mut answer_once = |q: usize, spelled: String| match given[q].replace(spelled.clone()) {
        Some(first) => Err(Failure::error(match lang {
            Lang::En => format!(
                "`{}` is answered twice: {first} and {spelled}; give one",
                rb.questions[q].id
            ),
            Lang::Zh => format!(
                "`{}` 被回答了两次：{first} 和 {spelled}；请只给出一个",
                rb.questions[q].id
            ),
        })),
        None => Ok(()),
    };
    for assignment in &args.answer {
        let (q, v) = answers::parse_assignment(rb, assignment, lang)
            .map_err(|m| Failure::error(format!("--answer {assignment}: {m}")))?;
        answer_once(q, format!("--answer {assignment}"))?;
        answers.set(q, Some(v));
    }
    for &(q, ref text) in &args.flags {
        let value = rb.questions[q].read_text(text).map_err(|refusal| {
            Failure::error(format!(
                "--{}: {}",
                rb.questions[q].id,
                refusal.message(&rb.questions[q], lang)
            ))
        })?;
        answer_once(q, format!("--{} {text}", rb.questions[q].id))?;
        answers.set(q, Some(value));
    }
    let (answers, unasked) = crate::engine::asked_only(rb, &answers);
    for q in unasked {
        let id = &rb.questions[q].id;
        note(&match lang {
            Lang::En => {
                format!("note: `{id}` is ignored: the other answers do not lead to this question")
            }
            Lang::Zh => format!("注意：已忽略 `{id}`：其他回答不会引出这个问题"),
        });
    }
    Ok(answers)
}

/// The flag that answers a question, with its values: `--colour <red|blue>`.
pub fn flag_for(rb: &Rulebook, question: usize) -> String {
    let q = &rb.questions[question];
    let values = match q.kind {
        QuestionKind::Choice => q
            .choices
            .iter()
            .map(|c| c.value.as_str())
            .collect::<Vec<_>>()
            .join("|"),
        QuestionKind::YesNo => "yes|no".into(),
        QuestionKind::Number => "N".into(),
    };
    format!("--{} <{values}>", q.id)
}

/// The exit-2 message for answers a non-interactive run cannot do without.
pub fn missing_answers_failure(ctx: &Context, missing: &[usize], why: &str) -> Failure {
    let rb = &ctx.rulebook;
    let lang = ctx.lang();
    let flags: Vec<String> = missing.iter().map(|&q| flag_for(rb, q)).collect();
    let width = flags
        .iter()
        .map(|f| console::measure_text_width(f))
        .max()
        .unwrap_or(0);
    let mut message = format!(
        "{}{why}\n",
        tr(lang, "error: missing answers; ", "错误：缺少回答；")
    );
    for (flag, &q) in flags.iter().zip(missing) {
        let pad = width - console::measure_text_width(flag);
        message.push_str(&format!(
            "  {flag}{}  {}\n",
            " ".repeat(pad),
            rb.questions[q].prompt.get(lang)
        ));
    }
    message.push_str(tr(
        lang,
        "Give each with its flag, with --answer ID=VALUE, or in an --answers file.",
        "请用对应参数、--answer ID=VALUE 或 --answers 文件给出每个回答。",
    ));
    Failure::usage(message)
}

/// Exit 1 when the worst severity reaches the fail level.
pub fn exit_for(worst: Option<Severity>, fail_level: FailLevel) -> Exit {
    let threshold = match fail_level {
        FailLevel::Error => Severity::Error,
        FailLevel::Warning => Severity::Warning,
        FailLevel::Never => return Exit::Ok,
    };
    match worst {
        Some(s) if s >= threshold => Exit::Findings,
        _ => Exit::Ok,
    }
}
