//! Markdown, fit for a pull-request comment.

use std::fmt::Write;

use super::{severity_label, yes_no, Notes, Ui};
use crate::answers::Answers;
use crate::engine::{Decision, Verdict};
use crate::i18n::tr;
use crate::numbers::format_amount;
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

/// The verdict as a pull-request comment: the same content as the short text verdict
/// (each reason and each footnote once), with the next steps in full.
pub fn recommendation(
    rb: &Rulebook,
    answers: &Answers,
    verdict: &Verdict,
    lang: crate::text::Lang,
) -> String {
    let ui = Ui::plain(lang);
    let colon = crate::i18n::colon(lang);
    let values = super::values(rb, answers, verdict);
    let steps = super::steps(rb, verdict, &values, lang);
    let mut notes = Notes::new(rb, verdict.trust);
    let mut said: Vec<String> = Vec::new();
    let mut out = String::new();
    match verdict.outcome {
        Some(o) => {
            let outcome = &rb.outcomes[o];
            let _ = writeln!(
                out,
                "### {}{colon}{} (`{}`)\n",
                tr(lang, "Recommended", "推荐"),
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
    let because = match verdict.decided_by {
        Decision::Rule(i) => rb.rules[i].because.as_ref(),
        Decision::Default => rb.default.as_ref().and_then(|d| d.because.as_ref()),
        Decision::NoRule => None,
    };
    if let Some(because) = because {
        let because = because.get(lang);
        let _ = writeln!(
            out,
            "**{}{}** {}\n",
            tr(lang, "Why", "原因"),
            colon.trim_end(),
            cell(because)
        );
        super::say(because, &mut said);
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
            let marker = note_ref(&mut notes, billing.contested.as_ref());
            let _ = writeln!(
                out,
                "\n**{}{}** {} {} {} ({}){marker}",
                tr(lang, "Cost estimate", "费用估算"),
                colon.trim_end(),
                format_amount(cost.monthly),
                billing.currency,
                tr(lang, "per month", "每月"),
                cell(&super::cost_sum(cost, billing, lang)),
            );
        }
    } else if let Some(why) = super::no_estimate(rb, answers, verdict, lang) {
        let _ = writeln!(
            out,
            "\n**{}{}** {}",
            tr(lang, "Cost estimate", "费用估算"),
            colon.trim_end(),
            cell(&why)
        );
    }
    if !verdict.findings.is_empty() {
        let _ = writeln!(
            out,
            "\n| {} | {} | {} | {} |\n|---|---|---|---|",
            tr(lang, "Severity", "级别"),
            tr(lang, "Finding", "发现"),
            tr(lang, "Message", "说明"),
            super::remedy_heading(lang)
        );
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for f in verdict.findings.iter().filter(|f| f.severity == severity) {
                let def = &rb.findings[f.finding];
                let message = super::message(rb, f, &values, lang);
                let marker = note_ref(&mut notes, def.contested.as_ref());
                let remedy = match super::covering_step(&steps, f.finding) {
                    Some(n) => super::see_step(lang, n),
                    None => super::remedy(rb, f, &values, lang).map_or(String::new(), |r| cell(&r)),
                };
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {}{marker} | {remedy} |",
                    severity_label(lang, severity),
                    def.id,
                    cell(&message),
                );
                super::say(&message, &mut said);
            }
        }
    }
    let mut others = Vec::new();
    for r in &verdict.rejected {
        let outcome = &rb.outcomes[r.outcome];
        let reasons = super::rejection_reasons(rb, r, false, lang, &mut said);
        if !reasons.is_empty() {
            let reasons: Vec<String> = reasons.iter().map(|r| cell(r)).collect();
            others.push(format!(
                "- **{}** (`{}`){colon}{}",
                cell(outcome.name.get(lang)),
                outcome.id,
                reasons.join(tr(lang, " ", ""))
            ));
        }
    }
    if !others.is_empty() {
        let _ = writeln!(
            out,
            "\n**{}**\n",
            tr(lang, "Why not the others", "为何不选其他方案")
        );
        for line in others {
            let _ = writeln!(out, "{line}");
        }
    }
    let printed = |url: &str| steps.iter().find(|s| s.docs.iter().any(|d| d == url));
    if !steps.is_empty() {
        let _ = writeln!(out, "\n**{}**\n", tr(lang, "Next steps", "下一步"));
        for (i, step) in steps.iter().enumerate() {
            // An address an earlier step links is named by that step.
            let links: Vec<String> = step
                .docs
                .iter()
                .map(|u| match steps[..i].iter().find(|s| s.docs.contains(u)) {
                    Some(earlier) => super::step_address(lang, earlier.number),
                    None => format!("<{u}>"),
                })
                .collect();
            let _ = writeln!(
                out,
                "{}. {} ({})",
                step.number,
                cell(&step.text),
                links.join(", ")
            );
        }
    }
    if !notes.list.is_empty() {
        let _ = writeln!(out, "\n**{}**\n", notes.heading(lang));
        for (i, note) in notes.list.iter().enumerate() {
            let says = cell(note.says.get(lang));
            // An address a next step already links is named by that step, not repeated.
            let address = match printed(note.url) {
                Some(step) => format!("({})", super::step_address(lang, step.number)),
                // The rulebook's own source is linked once, on the "Based on" line.
                None if Some(note.url) == notes.source_url() => String::new(),
                None => format!("<{}>", note.url),
            };
            let checked = note.checked.map_or(String::new(), |c| {
                format!(" ({} {c})", tr(lang, "checked", "核对于"))
            });
            let _ = writeln!(out, "{}. {says} {address}{checked}", i + 1);
        }
    }
    let _ = writeln!(out);
    if let Some(source) = &rb.source {
        let title = cell(source.title.get(lang));
        let line = match (&source.url, lang) {
            (Some(url), crate::text::Lang::En) => format!("Based on [{title}]({url})."),
            (Some(url), crate::text::Lang::Zh) => format!("依据 [《{title}》]({url})。"),
            (None, crate::text::Lang::En) => format!("Based on “{title}”."),
            (None, crate::text::Lang::Zh) => format!("依据《{title}》。"),
        };
        let _ = writeln!(out, "{line} {}", super::text::findings_summary(verdict, ui));
    } else {
        let _ = writeln!(out, "{}", super::text::findings_summary(verdict, ui));
    }
    out
}

/// ` [1]` pointing at the numbered list of footnotes, or nothing.
fn note_ref(notes: &mut Notes, contested: Option<&crate::rulebook::Contested>) -> String {
    contested.map_or(String::new(), |c| format!(" \\[{}\\]", notes.mark(c)))
}

pub fn paths_table(rb: &Rulebook, lang: crate::text::Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|",
        tr(lang, "Path", "路径"),
        tr(lang, "Best for", "适用于"),
        tr(lang, "Complexity", "复杂度"),
        tr(lang, "Code required", "需要代码"),
        tr(lang, "Automation", "自动化"),
        tr(lang, "Key fact", "关键事实"),
    );
    for o in &rb.outcomes {
        let text = |t: &Option<crate::text::Text>| {
            t.as_ref().map_or("—".to_string(), |t| cell(t.get(lang)))
        };
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} | {} | {} | {} |",
            cell(o.name.get(lang)),
            o.id,
            text(&o.best_for),
            text(&o.complexity),
            yes_no(lang, o.code_required),
            yes_no(lang, o.automation),
            text(&o.key_fact),
        );
    }
    out
}
