//! Markdown, fit for a pull-request comment.

use std::fmt::Write;

use super::{format_amount, format_count, severity_label, verify_note, yes_no, Ui};
use crate::answers::Answers;
use crate::engine::Verdict;
use crate::i18n::tr;
use crate::rulebook::{Rulebook, Severity};

/// Escapes what Markdown would otherwise interpret inside a table cell or a line.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in super::escape_controls(text).chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

pub fn recommendation(
    rb: &Rulebook,
    answers: &Answers,
    verdict: &Verdict,
    lang: crate::text::Lang,
) -> String {
    let ui = Ui::plain(lang);
    let mut out = String::new();
    match verdict.outcome {
        Some(o) => {
            let outcome = &rb.outcomes[o];
            let _ = writeln!(
                out,
                "### {}{}{} (`{}`)\n",
                tr(lang, "Recommended", "推荐"),
                crate::i18n::colon(lang),
                cell(outcome.name.get(lang)),
                outcome.id
            );
            if let Some(d) = &outcome.description {
                let _ = writeln!(out, "{}\n", cell(d.get(lang)));
            }
        }
        None => {
            let _ = writeln!(
                out,
                "### {}\n",
                tr(lang, "No supported path", "没有可用的路径")
            );
        }
    }
    for line in super::trust::verdict_lines(rb, answers, verdict, lang) {
        let _ = writeln!(out, "{}\n", cell(&line));
    }
    let _ = writeln!(
        out,
        "| {} | {} |\n|---|---|",
        tr(lang, "Question", "问题"),
        tr(lang, "Answer", "回答")
    );
    for (id, value) in answers.to_pairs(rb) {
        let _ = writeln!(out, "| `{id}` | `{value}` |");
    }
    if let (Some(cost), Some(o)) = (&verdict.cost, verdict.outcome) {
        if let Some(billing) = rb.outcomes[o].billing_used(cost.alternative) {
            let _ = writeln!(
                out,
                "\n**{}{}** {} {} {} ({} {} − {} {})",
                tr(lang, "Cost estimate", "费用估算"),
                crate::i18n::colon(lang).trim_end(),
                format_amount(cost.monthly),
                billing.currency,
                tr(lang, "per month", "每月"),
                format_count(cost.volume),
                cell(billing.unit.get(lang)),
                format_count(cost.free),
                tr(lang, "free", "免费"),
            );
            if let Some(v) = &billing.verify {
                let _ = writeln!(out, "\n> {}", cell(&verify_note(lang, v)));
            }
        }
    }
    if !verdict.findings.is_empty() {
        let _ = writeln!(
            out,
            "\n| {} | {} | {} | {} |\n|---|---|---|---|",
            tr(lang, "Severity", "级别"),
            tr(lang, "Finding", "发现"),
            tr(lang, "Message", "说明"),
            tr(lang, "Fix", "处理")
        );
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for f in verdict.findings.iter().filter(|f| f.severity == severity) {
                let def = &rb.findings[f.finding];
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} | {} |",
                    severity_label(lang, severity),
                    def.id,
                    cell(def.message.get(lang)),
                    def.remedy
                        .as_ref()
                        .map_or(String::new(), |r| cell(r.get(lang)))
                );
            }
        }
    }
    if let Some(o) = verdict.outcome {
        if let Some(skill) = &rb.outcomes[o].detail_skill {
            let _ = writeln!(
                out,
                "\n{} `{}`",
                tr(lang, "Next step: detail skill", "下一步：详细指南"),
                skill
            );
        }
    }
    let _ = writeln!(out, "\n{}", super::text::findings_summary(verdict, ui));
    out
}

pub fn paths_table(rb: &Rulebook, lang: crate::text::Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|",
        tr(lang, "Path", "路径"),
        tr(lang, "Best for", "适用于"),
        tr(lang, "Complexity", "复杂度"),
        tr(lang, "Code required", "需要代码"),
        tr(lang, "Automation", "自动化"),
        tr(lang, "Key fact", "关键事实"),
        tr(lang, "Detail skill", "详细指南"),
    );
    for o in &rb.outcomes {
        let text = |t: &Option<crate::text::Text>| {
            t.as_ref().map_or("—".to_string(), |t| cell(t.get(lang)))
        };
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} | {} | {} | {} | {} |",
            cell(o.name.get(lang)),
            o.id,
            text(&o.best_for),
            text(&o.complexity),
            yes_no(lang, o.code_required),
            yes_no(lang, o.automation),
            text(&o.key_fact),
            o.detail_skill
                .as_deref()
                .map_or("—".to_string(), |s| format!("`{s}`")),
        );
    }
    out
}
