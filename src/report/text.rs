//! Plain text for people in a terminal: the verdict, and the path comparison.

use std::fmt::Write;

use super::{format_amount, format_count, verify_note, yes_no, Ui};
use crate::answers::Answers;
use crate::engine::{Decision, Verdict};
use crate::i18n::{colon, tr};
use crate::rulebook::{Fact, Outcome, OutcomeKind, Rulebook, Severity};

/// The verdict on a set of answers, as a person reads it.
pub fn recommendation(
    rb: &Rulebook,
    answers: &Answers,
    verdict: &Verdict,
    explain: bool,
    ui: Ui,
) -> String {
    let lang = ui.lang;
    let mut out = String::new();
    match verdict.outcome {
        Some(o) => {
            let outcome = &rb.outcomes[o];
            let heading = match outcome.kind {
                OutcomeKind::Path => tr(lang, "Recommended path", "推荐路径"),
                OutcomeKind::Alternative => tr(lang, "Recommended instead", "建议改用"),
            };
            let _ = writeln!(
                out,
                "{}{}{} ({})",
                ui.bold(heading),
                colon(lang),
                ui.bold(outcome.name.get(lang)),
                outcome.id
            );
            let summary = outcome_summary(outcome, ui);
            if !summary.is_empty() {
                let _ = writeln!(out, "  {}", ui.dim(&summary));
            }
        }
        None => {
            let _ = writeln!(
                out,
                "{}",
                ui.bold(tr(
                    lang,
                    "No supported path for these answers.",
                    "这些回答没有可用的路径。"
                ))
            );
        }
    }

    for line in super::trust::verdict_lines(rb, answers, verdict, lang) {
        let _ = writeln!(out, "  {line}");
    }

    section(&mut out, ui, tr(lang, "Why", "原因"));
    let (because, rule_id) = decision_text(rb, verdict, ui);
    let decided_on = decided_on(rb, answers, verdict);
    if !decided_on.is_empty() {
        let _ = writeln!(
            out,
            "  {}{}",
            tr(lang, "You answered ", "您的回答："),
            decided_on
        );
    }
    if let Some(because) = because {
        let _ = writeln!(out, "  {because}");
    }
    if explain {
        let _ = writeln!(out, "  {}", ui.dim(&rule_id));
    }

    if let Some(o) = verdict.outcome {
        let outcome = &rb.outcomes[o];
        if !outcome.key_facts.is_empty() {
            section(&mut out, ui, tr(lang, "Key facts", "关键事实"));
            facts(&mut out, &outcome.key_facts, ui);
        }
        if let Some(cost) = &verdict.cost {
            if let Some(billing) = outcome.billing_used(cost.alternative) {
                section(&mut out, ui, tr(lang, "Cost estimate", "费用估算"));
                let unit = billing.unit.get(lang);
                let _ = writeln!(
                    out,
                    "  {}/{} − {} {} = {} {}",
                    format_count(cost.volume),
                    tr(lang, "month", "月"),
                    format_count(cost.free),
                    tr(lang, "free", "免费"),
                    format_count(cost.billable),
                    tr(lang, "billable", "计费"),
                );
                let per = if billing.unit_size == 1 {
                    unit.to_string()
                } else {
                    format!("{} {unit}", format_count(billing.unit_size))
                };
                let _ = writeln!(
                    out,
                    "  {} × {} {} / {per} ≈ {} {}",
                    format_count(cost.billable),
                    format_amount(billing.unit_price),
                    billing.currency,
                    ui.bold(&format!(
                        "{} {}",
                        format_amount(cost.monthly),
                        billing.currency
                    )),
                    tr(lang, "per month", "每月"),
                );
                provenance(
                    &mut out,
                    "  ",
                    billing.source.as_ref(),
                    billing.verify.as_ref(),
                    ui,
                );
            }
        }
    }

    if !verdict.findings.is_empty() {
        section(&mut out, ui, tr(lang, "Findings", "发现"));
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for fired in verdict.findings.iter().filter(|f| f.severity == severity) {
                let def = &rb.findings[fired.finding];
                let _ = writeln!(
                    out,
                    "  {} {}: {}",
                    ui.severity(severity),
                    def.id,
                    def.message.get(lang)
                );
                if let Some(remedy) = &def.remedy {
                    let _ = writeln!(
                        out,
                        "    {}{}",
                        tr(lang, "fix: ", "处理："),
                        remedy.get(lang)
                    );
                }
                provenance(
                    &mut out,
                    "    ",
                    def.source.as_ref(),
                    def.verify.as_ref(),
                    ui,
                );
                if explain && !fired.because.is_empty() {
                    let read: Vec<String> = fired
                        .because
                        .iter()
                        .map(|&q| answer_text(rb, answers, q))
                        .collect();
                    let _ = writeln!(
                        out,
                        "    {}",
                        ui.dim(&format!(
                            "{} {}",
                            tr(lang, "because", "依据"),
                            read.join(", ")
                        ))
                    );
                }
            }
        }
    }

    let rejected: Vec<_> = verdict
        .rejected
        .iter()
        .filter(|r| !r.reasons.is_empty() || !r.blocked_by.is_empty())
        .collect();
    if !rejected.is_empty() {
        section(
            &mut out,
            ui,
            tr(lang, "Why not the others", "为何不选其他方案"),
        );
        for r in rejected {
            let outcome = &rb.outcomes[r.outcome];
            let _ = writeln!(out, "  {} ({})", outcome.name.get(lang), outcome.id);
            for &i in &r.reasons {
                let _ = writeln!(out, "    - {}", outcome.not_fit[i].reason.get(lang));
            }
            for &f in &r.blocked_by {
                let def = &rb.findings[f];
                let _ = writeln!(out, "    - {} ({})", def.message.get(lang), def.id);
            }
        }
    }

    if let Some(o) = verdict.outcome {
        let outcome = &rb.outcomes[o];
        if outcome.next_step.is_some() || outcome.detail_skill.is_some() {
            section(&mut out, ui, tr(lang, "Next step", "下一步"));
            if let Some(next) = &outcome.next_step {
                let _ = writeln!(out, "  {}", next.get(lang));
            }
            if let Some(skill) = &outcome.detail_skill {
                let _ = writeln!(
                    out,
                    "  {}{}",
                    tr(lang, "Detail skill: ", "详细指南："),
                    ui.bold(skill)
                );
            }
        }
    }

    if explain {
        section(&mut out, ui, tr(lang, "Trace", "判定过程"));
        for step in &verdict.trace {
            let rule = &rb.rules[step.rule];
            let mark = if step.matched { "✓" } else { "✗" };
            let read: Vec<String> = step
                .read
                .iter()
                .map(|&q| answer_text(rb, answers, q))
                .collect();
            let _ = writeln!(
                out,
                "  {mark} {} {} → {} [{}]",
                tr(lang, "rule", "规则"),
                rule.id,
                rb.outcome_id(rule.outcome),
                read.join(", ")
            );
        }
        if verdict.decided_by == Decision::Default {
            let _ = writeln!(
                out,
                "  ✓ {} → {}",
                tr(lang, "default", "默认"),
                rb.outcome_id(verdict.outcome)
            );
        }
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "{}", findings_summary(verdict, ui));
    ui.wrap(&out)
}

/// Where a statement comes from, and the "verify" note when public documentation
/// disagrees with it.
fn provenance(
    out: &mut String,
    indent: &str,
    source: Option<&crate::text::Text>,
    verify: Option<&crate::rulebook::Verify>,
    ui: Ui,
) {
    let lang = ui.lang;
    if let Some(source) = source {
        let label = format!(
            "{}{}{}",
            tr(lang, "source", "来源"),
            colon(lang),
            source.get(lang)
        );
        let _ = writeln!(out, "{indent}{}", ui.dim(&label));
    }
    if let Some(verify) = verify {
        let _ = writeln!(out, "{indent}{}", ui.dim(&verify_note(lang, verify)));
    }
}

fn section(out: &mut String, ui: Ui, title: &str) {
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", ui.bold(title));
}

fn facts(out: &mut String, facts: &[Fact], ui: Ui) {
    let lang = ui.lang;
    for fact in facts {
        match &fact.label {
            Some(label) => {
                let _ = writeln!(
                    out,
                    "  {}{}{}",
                    label.get(lang),
                    colon(lang),
                    fact.text.get(lang)
                );
            }
            None => {
                let _ = writeln!(out, "  - {}", fact.text.get(lang));
            }
        }
        if let Some(verify) = &fact.verify {
            let _ = writeln!(out, "    {}", ui.dim(&verify_note(lang, verify)));
        }
    }
}

/// "best for X · complexity high · code required · automation"
fn outcome_summary(outcome: &Outcome, ui: Ui) -> String {
    let lang = ui.lang;
    let mut parts = Vec::new();
    if let Some(best) = &outcome.best_for {
        parts.push(format!(
            "{} {}",
            tr(lang, "best for", "适用于"),
            best.get(lang)
        ));
    }
    if let Some(c) = &outcome.complexity {
        parts.push(format!(
            "{} {}",
            tr(lang, "complexity", "复杂度"),
            c.get(lang)
        ));
    }
    if let Some(code) = outcome.code_required {
        parts.push(
            if code {
                tr(lang, "code required", "需要编写代码")
            } else {
                tr(lang, "no code", "无需代码")
            }
            .to_string(),
        );
    }
    if let Some(auto) = outcome.automation {
        parts.push(
            if auto {
                tr(lang, "automatable", "可自动化")
            } else {
                tr(lang, "manual (not automatable)", "手动（不可自动化）")
            }
            .to_string(),
        );
    }
    parts.join(" · ")
}

fn answer_text(rb: &Rulebook, answers: &Answers, question: usize) -> String {
    let q = &rb.questions[question];
    match answers.get(question) {
        Some(v) => format!("{} = {}", q.id, q.value_text(v)),
        None => format!("{} {}", q.id, "—"),
    }
}

/// The answers the deciding rule read, e.g. `colour = red, size = large`.
fn decided_on(rb: &Rulebook, answers: &Answers, verdict: &Verdict) -> String {
    let read = match verdict.decided_by {
        Decision::Rule(_) => verdict
            .trace
            .last()
            .map(|s| s.read.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    read.iter()
        .filter(|&&q| answers.get(q).is_some())
        .map(|&q| answer_text(rb, answers, q))
        .collect::<Vec<_>>()
        .join(", ")
}

fn decision_text(rb: &Rulebook, verdict: &Verdict, ui: Ui) -> (Option<String>, String) {
    let lang = ui.lang;
    match verdict.decided_by {
        Decision::Rule(i) => {
            let rule = &rb.rules[i];
            (
                rule.because.as_ref().map(|t| t.get(lang).to_string()),
                format!("{} {}", tr(lang, "decided by rule", "判定规则"), rule.id),
            )
        }
        Decision::Default => (
            rb.default
                .as_ref()
                .and_then(|d| d.because.as_ref())
                .map(|t| t.get(lang).to_string()),
            tr(
                lang,
                "no rule matched; the default applies",
                "没有规则匹配，采用默认结果",
            )
            .to_string(),
        ),
        Decision::NoRule => (
            None,
            tr(
                lang,
                "no rule matched and the rulebook has no default",
                "没有规则匹配，规则库也没有默认结果",
            )
            .to_string(),
        ),
    }
}

/// "1 error, 2 warnings, 1 info" or "no findings".
pub fn findings_summary(verdict: &Verdict, ui: Ui) -> String {
    let lang = ui.lang;
    let count = |s| verdict.findings.iter().filter(|f| f.severity == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if e + w + i == 0 {
        return tr(lang, "No findings.", "没有发现问题。").to_string();
    }
    match lang {
        crate::text::Lang::Zh => format!("{e} 个错误，{w} 个警告，{i} 条提示"),
        crate::text::Lang::En => format!(
            "{e} error{}, {w} warning{}, {i} info",
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" }
        ),
    }
}

/// The comparison table of all outcomes.
pub fn paths_table(rb: &Rulebook, ui: Ui) -> String {
    let lang = ui.lang;
    let header = [
        tr(lang, "Path", "路径"),
        tr(lang, "Id", "标识"),
        tr(lang, "Best for", "适用于"),
        tr(lang, "Complexity", "复杂度"),
        tr(lang, "Code", "代码"),
        tr(lang, "Automation", "自动化"),
        tr(lang, "Detail skill", "详细指南"),
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for o in &rb.outcomes {
        rows.push(vec![
            o.name.get(lang).to_string(),
            o.id.clone(),
            o.best_for.as_ref().map_or("—", |t| t.get(lang)).to_string(),
            o.complexity
                .as_ref()
                .map_or("—", |t| t.get(lang))
                .to_string(),
            yes_no(lang, o.code_required).to_string(),
            yes_no(lang, o.automation).to_string(),
            o.detail_skill.clone().unwrap_or_else(|| "—".into()),
        ]);
    }
    let mut out = table(&rows, ui);
    let _ = writeln!(out);
    for o in &rb.outcomes {
        if let Some(fact) = &o.key_fact {
            let _ = writeln!(
                out,
                "{} {}{}{}",
                ui.bold(&o.id),
                tr(lang, "key fact", "关键事实"),
                colon(lang),
                fact.get(lang)
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        ui.dim(tr(
            lang,
            "Show one path in full: eb-advisor paths ID",
            "查看某条路径的全部信息：eb-advisor paths ID"
        ))
    );
    out
}

/// Aligns columns by display width, so wide (CJK) characters keep the table straight.
fn table(rows: &[Vec<String>], ui: Ui) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| console::measure_text_width(&r[c]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - console::measure_text_width(cell);
            if c + 1 == columns {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        let line = line.trim_end().to_string();
        let _ = writeln!(out, "{}", if i == 0 { ui.bold(&line) } else { line });
    }
    out
}

/// One outcome in full.
pub fn path_detail(rb: &Rulebook, outcome: usize, ui: Ui) -> String {
    let lang = ui.lang;
    let o = &rb.outcomes[outcome];
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", ui.bold(o.name.get(lang)), o.id);
    let summary = outcome_summary(o, ui);
    if !summary.is_empty() {
        let _ = writeln!(out, "  {}", ui.dim(&summary));
    }
    if let Some(d) = &o.description {
        section(&mut out, ui, tr(lang, "Description", "说明"));
        let _ = writeln!(out, "  {}", d.get(lang));
    }
    let lists: [(&str, &[Fact]); 4] = [
        (tr(lang, "Key facts", "关键事实"), &o.key_facts),
        (tr(lang, "When to use", "适用场景"), &o.when_to_use),
        (
            tr(lang, "When not to use", "不适用场景"),
            &o.when_not_to_use,
        ),
        (tr(lang, "Known limitations", "已知限制"), &o.limitations),
    ];
    for (title, list) in lists {
        if !list.is_empty() {
            section(&mut out, ui, title);
            facts(&mut out, list, ui);
        }
    }
    if let Some(skill) = &o.detail_skill {
        section(&mut out, ui, tr(lang, "Detail skill", "详细指南"));
        let _ = writeln!(out, "  {skill}");
    }
    ui.wrap(&out)
}
