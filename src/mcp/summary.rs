//! The short text beside each structured result: what an agent quotes to its user. The
//! structured content carries everything; these say the verdict in a few lines.

use std::fmt::Write;

use crate::answers::Answers;
use crate::engine::Verdict;
use crate::i18n::tr;
use crate::plan::PlanReport;
use crate::report::check::Summary;
use crate::report::{severity_label, trust, Show, Ui};
use crate::rulebook::{Rulebook, Severity, Trust};
use crate::text::{one_line, Lang};

/// One line of a rulebook text, for a summary (its line breaks as spaces).
fn line(text: &str) -> String {
    one_line(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn ids(rb: &Rulebook, questions: &[usize]) -> String {
    questions
        .iter()
        .map(|&q| format!("`{}`", rb.questions[q].id))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ignored_note(out: &mut String, rb: &Rulebook, ignored: &[usize], lang: Lang) {
    if ignored.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "Ignored: {}; the other answers do not lead to these questions.",
                ids(rb, ignored)
            ),
            Lang::Zh => format!("已忽略：{}；其他回答不会引出这些问题。", ids(rb, ignored)),
        }
    );
}

pub fn questions(
    rb: &Rulebook,
    answers: &Answers,
    next: Option<usize>,
    missing: &[usize],
    ignored: &[usize],
    lang: Lang,
) -> String {
    let mut out = String::new();
    match next {
        Some(q) => {
            let question = &rb.questions[q];
            let _ = writeln!(
                out,
                "{}`{}`: {} ({})",
                tr(lang, "Next question ", "下一个问题 "),
                question.id,
                line(question.prompt.get(lang)),
                question.allowed_values_in(lang)
            );
        }
        None if !missing_any(rb, answers) => {
            let _ = writeln!(
                out,
                "{}",
                tr(
                    lang,
                    "Every question that applies is answered.",
                    "所有适用的问题都已回答。"
                )
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{}",
                tr(
                    lang,
                    "The answers so far settle the verdict: no answer to the questions still open could change it, so nothing more is asked.",
                    "目前的回答已确定结论：其余未答问题的任何回答都不会改变它，因此不再提问。"
                )
            );
        }
    }
    if missing.is_empty() {
        if !answers.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                tr(
                    lang,
                    "The required answers are all given: `recommend` can decide now.",
                    "必答问题均已回答：现在可以调用 `recommend`。"
                )
            );
        }
    } else {
        let _ = writeln!(
            out,
            "{}{}",
            tr(lang, "Still required: ", "仍需回答："),
            ids(rb, missing)
        );
    }
    ignored_note(&mut out, rb, ignored, lang);
    out
}

/// Whether a question that applies is still unanswered.
fn missing_any(rb: &Rulebook, answers: &Answers) -> bool {
    (0..rb.questions.len())
        .any(|q| answers.get(q).is_none() && crate::engine::is_asked(rb, q, answers))
}

/// The verdict as `recommend --format text` prints it, compact (no blank lines, no "why
/// not the others"): the path and why, the cost, the source of truth it follows and what
/// the other would change, the findings, the numbered next steps and the numbered
/// footnotes where the public documentation says otherwise. Made by the same renderer,
/// so that the summary says what the command says.
pub fn verdict(
    rb: &Rulebook,
    answers: &Answers,
    verdict: &Verdict,
    ignored: &[usize],
    lang: Lang,
) -> String {
    let show = Show {
        compact: true,
        ..Show::default()
    };
    let mut out = crate::report::text::recommendation(rb, answers, verdict, show, Ui::plain(lang));
    if let Some(other) = &verdict.under_other_trust {
        let _ = writeln!(
            out,
            "{}`recommend` {{\"trust\": \"{}\"}}",
            tr(
                lang,
                "The other source of truth, for one call: ",
                "按另一信息来源判定（单次调用）："
            ),
            other.trust
        );
    }
    if verdict.worst() == Some(Severity::Error) {
        let _ = writeln!(
            out,
            "{}",
            tr(
                lang,
                "`eb-advisor check` fails a plan on these errors until the answers or the path change, or the plan acknowledges them with a reason.",
                "在回答或路径改变、或方案注明理由确认这些错误之前，`eb-advisor check` 会判定方案不通过。"
            )
        );
    }
    ignored_note(&mut out, rb, ignored, lang);
    out
}

pub fn check(
    rb: &Rulebook,
    report: &PlanReport,
    summary: &Summary,
    threshold: Option<Severity>,
    trust: Trust,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let file = one_line(&report.file);
    let passed = report.passed(threshold);
    let _ = writeln!(
        out,
        "{file}: {} ({} {}, {} {}, {} {})",
        match passed {
            true => tr(lang, "passed", "通过"),
            false => tr(lang, "failed", "未通过"),
        },
        summary.errors,
        tr(lang, "errors", "个错误"),
        summary.warnings,
        tr(lang, "warnings", "个警告"),
        summary.acknowledged,
        tr(lang, "acknowledged", "个已确认"),
    );
    let shown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .collect();
    for f in shown.iter().take(super::arguments::LISTED) {
        let acknowledged = match f.acknowledged {
            Some(_) => tr(lang, " (acknowledged)", "（已确认）"),
            None => "",
        };
        let _ = writeln!(
            out,
            "- {}:{} {} {}{acknowledged}: {}",
            f.pos.line,
            f.pos.column,
            severity_label(lang, f.severity),
            f.id(rb),
            line(f.message(rb, lang))
        );
    }
    if let Some(more) = shown
        .len()
        .checked_sub(super::arguments::LISTED)
        .filter(|n| *n > 0)
    {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::En =>
                    format!("… and {more} more (every finding is in the structured result)"),
                Lang::Zh => format!("……另有 {more} 项（结构化结果中列出了所有发现）"),
            }
        );
    }
    trust_lines(&mut out, rb, report, trust, lang);
    out
}

/// The source of truth a check followed and what the other would change, as `check
/// --format text` prints them (by the same functions).
fn trust_lines(out: &mut String, rb: &Rulebook, report: &PlanReport, trust: Trust, lang: Lang) {
    if let Some(other) = &report.under_other_trust {
        let command = trust::check_command(&one_line(&report.file), other.trust);
        let _ = writeln!(out, "{}", trust::other_line(rb, other, &command, lang));
    }
    if let Some(line) = trust::source_line(rb, trust, lang) {
        let _ = writeln!(out, "{line}");
    }
}

pub fn path(rb: &Rulebook, outcome: usize, lang: Lang) -> String {
    let o = &rb.outcomes[outcome];
    let mut out = format!("{} ({})", o.id, line(o.name.get(lang)));
    if let Some(best) = &o.best_for {
        let _ = write!(
            out,
            "{}{}",
            tr(lang, ": best for ", "：最适合"),
            line(best.get(lang))
        );
    }
    out.push('\n');
    if let Some(description) = &o.description {
        let _ = writeln!(out, "{}", line(description.get(lang)));
    }
    out
}

pub fn draft(
    rb: &Rulebook,
    verdict: &Verdict,
    report: &PlanReport,
    summary: &Summary,
    ignored: &[usize],
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}{}",
        tr(lang, "A plan for the path ", "方案的路径："),
        match verdict.outcome {
            Some(o) => rb.outcomes[o].id.as_str(),
            None => tr(
                lang,
                "(none: no supported path fits)",
                "（无：没有受支持的路径）"
            ),
        }
    );
    let _ = writeln!(
        out,
        "{}",
        tr(
            lang,
            "Save it as NAME.eb-plan.yaml in the repository and check it with `eb-advisor check NAME.eb-plan.yaml`.",
            "请将其保存为代码仓库中的 NAME.eb-plan.yaml，并用 `eb-advisor check NAME.eb-plan.yaml` 检查。"
        )
    );
    if summary.failed > 0 {
        let _ = writeln!(
            out,
            "{}",
            tr(
                lang,
                "As drafted, `check` fails it:",
                "按当前草稿，`check` 判定其不通过："
            )
        );
        for f in report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            let _ = writeln!(out, "- {}: {}", f.id(rb), line(f.message(rb, lang)));
        }
    }
    trust_lines(&mut out, rb, report, verdict.trust, lang);
    ignored_note(&mut out, rb, ignored, lang);
    out
}
