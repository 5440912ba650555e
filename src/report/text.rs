//! Plain text for people in a terminal: the verdict, and the path comparison.

use std::fmt::Write;

use super::{yes_no, Notes, Show, Ui};
use crate::answers::Answers;
use crate::engine::{Decision, Verdict};
use crate::i18n::{colon, tr};
use crate::numbers::format_amount;
use crate::rulebook::{Fact, Outcome, OutcomeKind, Rulebook, Severity};

/// The verdict on a set of answers, as a person reads it: short by default (the path and
/// why, the cost, the findings with their remedy, why not the others, the next steps, and
/// each verify note once as a footnote); `show.detail` adds the outcome's facts and the
/// sources, `show.explain` the trace.
pub fn recommendation(
    rb: &Rulebook,
    answers: &Answers,
    verdict: &Verdict,
    show: Show,
    ui: Ui,
) -> String {
    let lang = ui.lang;
    let values = super::values(rb, answers, verdict);
    let steps = super::steps(rb, verdict, &values, lang);
    let mut notes = Notes::new(rb, verdict.trust);
    // Every reason printed so far: a reason is given once, however many outcomes share it.
    let mut said: Vec<String> = Vec::new();
    let mut out = String::new();

    let (because, rule_id) = decision_text(rb, verdict, ui);
    let decided_on = decided_on(rb, answers, verdict);
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
            if show.detail && !summary.is_empty() {
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
    if because.is_some() || !decided_on.is_empty() {
        let mut line = format!("  {}{}", ui.bold(tr(lang, "Why", "原因")), colon(lang));
        if let Some(because) = &because {
            line.push_str(because);
            super::say(because, &mut said);
        }
        if !decided_on.is_empty() {
            // Full-width punctuation right after an address would be read as part of it.
            if lang == crate::text::Lang::Zh && line.ends_with(|c: char| c.is_ascii_graphic()) {
                line.push(' ');
            }
            let _ = write!(
                line,
                "{}{}{}",
                tr(lang, " (you answered ", "（您的回答："),
                decided_on,
                tr(lang, ")", "）")
            );
        }
        let _ = writeln!(out, "{line}");
    }
    if show.explain {
        let _ = writeln!(out, "  {}", ui.dim(&rule_id));
    }
    if show.detail {
        if let Some(source) = decided_source(rb, verdict) {
            let _ = writeln!(out, "  {}", ui.dim(&source_label(lang, source)));
        }
    }
    if let Some(line) = cost_line(rb, answers, verdict, &mut notes, show, ui) {
        out.push_str(&line);
    }
    if let Some(line) = based_on(rb, lang) {
        let _ = writeln!(out, "  {}", ui.dim(&line));
    }
    for line in super::trust::verdict_lines(rb, answers, verdict, lang) {
        let _ = writeln!(out, "  {line}");
    }

    if let Some(o) = verdict.outcome {
        let outcome = &rb.outcomes[o];
        if show.detail {
            let lists: [(&str, &[Fact]); 4] = [
                (tr(lang, "Key facts", "关键事实"), &outcome.key_facts),
                (tr(lang, "When to use", "适用场景"), &outcome.when_to_use),
                (
                    tr(lang, "When not to use", "不适用场景"),
                    &outcome.when_not_to_use,
                ),
                (
                    tr(lang, "Known limitations", "已知限制"),
                    &outcome.limitations,
                ),
            ];
            for (title, list) in lists {
                let shown = shown_facts(rb, list, answers, verdict.trust);
                if !shown.is_empty() {
                    section(&mut out, ui, title);
                    facts(&mut out, &shown, ui, &mut notes, true);
                }
            }
        }
    }

    if !verdict.findings.is_empty() {
        section(&mut out, ui, tr(lang, "Findings", "发现"));
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let fired: Vec<_> = verdict
                .findings
                .iter()
                .filter(|f| f.severity == severity)
                .collect();
            // A finding whose advice a next step carries out is named once, with that
            // step, rather than said twice (unless everything is asked for).
            let covered = |f: &&crate::engine::Fired| {
                (!show.detail)
                    .then(|| super::covering_step(&steps, f.finding))
                    .flatten()
            };
            for fired in fired.iter().filter(|f| covered(f).is_none()) {
                let def = &rb.findings[fired.finding];
                let message = super::message(rb, fired, &values, lang);
                let marker = notes.marker(def.contested.as_ref());
                let _ = writeln!(
                    out,
                    "  {} {}{}{message}{marker}",
                    ui.severity(severity),
                    def.id,
                    colon(lang),
                );
                super::say(&message, &mut said);
                if let Some(remedy) = super::remedy(rb, fired, &values, lang) {
                    let _ = writeln!(out, "    {}{remedy}", super::remedy_label(lang));
                }
                if show.detail {
                    if let Some(source) = &def.source {
                        let _ = writeln!(out, "    {}", ui.dim(&source_label(lang, source)));
                    }
                }
                if show.explain && !fired.because.is_empty() {
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
            for step in &steps {
                let ids: Vec<&str> = fired
                    .iter()
                    .filter(|f| covered(f) == Some(step.number))
                    .map(|f| rb.findings[f.finding].id.as_str())
                    .collect();
                if !ids.is_empty() {
                    let _ = writeln!(
                        out,
                        "  {} {} → {}",
                        ui.severity(severity),
                        ids.join(", "),
                        super::see_step(lang, step.number)
                    );
                }
            }
        }
    }

    let mut others = Vec::new();
    for r in &verdict.rejected {
        let outcome = &rb.outcomes[r.outcome];
        let reasons = super::rejection_reasons(rb, r, show.detail, lang, &mut said);
        if !reasons.is_empty() {
            let name = if show.detail {
                format!("{} ({})", outcome.name.get(lang), outcome.id)
            } else {
                outcome.id.clone()
            };
            others.push(format!(
                "  {name}{}{}",
                colon(lang),
                reasons.join(tr(lang, " ", ""))
            ));
        }
    }
    if !others.is_empty() && !show.compact {
        section(
            &mut out,
            ui,
            tr(lang, "Why not the others", "为何不选其他方案"),
        );
        for line in others {
            let _ = writeln!(out, "{line}");
        }
    }

    // Addresses printed under a step, so that a footnote on the same page points there
    // rather than printing the address again.
    let mut printed: Vec<(&str, usize)> = Vec::new();
    if !steps.is_empty() {
        section(&mut out, ui, tr(lang, "Next steps", "下一步"));
        for step in &steps {
            let mut markers = String::new();
            if !show.detail {
                for fired in verdict.findings.iter() {
                    if step.covers.contains(&fired.finding) {
                        markers
                            .push_str(&notes.marker(rb.findings[fired.finding].contested.as_ref()));
                    }
                }
            }
            let _ = writeln!(out, "  {}. {}{markers}", step.number, step.text);
            for url in step.docs {
                // An address an earlier step printed is not printed again.
                if !printed.iter().any(|(u, _)| *u == url.as_str()) {
                    let _ = writeln!(out, "     {url}");
                    printed.push((url, step.number));
                }
            }
        }
    } else if let Some(next) = verdict
        .outcome
        .and_then(|o| rb.outcomes[o].next_step.as_ref())
    {
        section(&mut out, ui, tr(lang, "Next step", "下一步"));
        let _ = writeln!(out, "  {}", values.fill(next.get(lang), lang));
    }

    if show.explain {
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
                outcome_word(rb, rule.outcome, lang),
                read.join(", ")
            );
        }
        if verdict.decided_by == Decision::Default {
            let _ = writeln!(
                out,
                "  ✓ {} → {}",
                tr(lang, "default", "默认"),
                outcome_word(rb, verdict.outcome, lang)
            );
        }
    }

    footnotes(&mut out, &notes, &printed, ui);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", findings_summary(verdict, ui));
    if show.compact {
        out = out
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
    }
    ui.wrap(&out)
}

/// "Cost: ≈ 4.9 CNY per month: 50,000 − 1,000 free = 49,000 × 0.0001 CNY per request [1]",
/// or why there is no estimate although a volume was given.
fn cost_line<'a>(
    rb: &'a Rulebook,
    answers: &Answers,
    verdict: &Verdict,
    notes: &mut Notes<'a>,
    show: Show,
    ui: Ui,
) -> Option<String> {
    let lang = ui.lang;
    let label = ui.bold(tr(lang, "Cost", "费用"));
    let outcome = &rb.outcomes[verdict.outcome?];
    let billing = verdict
        .cost
        .as_ref()
        .and_then(|c| outcome.billing_used(c.alternative));
    let (Some(cost), Some(billing)) = (&verdict.cost, billing) else {
        let why = super::no_estimate(rb, answers, verdict, lang)?;
        return Some(format!("  {label}{}{why}\n", colon(lang)));
    };
    let marker = notes.marker(billing.contested.as_ref());
    let mut line = format!(
        "  {label}{}≈ {} {}{}{}{marker}\n",
        colon(lang),
        ui.bold(&format!(
            "{} {}",
            format_amount(cost.monthly),
            billing.currency
        )),
        tr(lang, "per month", "每月"),
        colon(lang),
        super::cost_sum(cost, billing, lang),
    );
    // A billing chosen by a premise (another source of truth) always names where its
    // prices come from: the reader must be able to check a figure the decision page lacks.
    if show.detail || cost.alternative.is_some() {
        if let Some(source) = &billing.source {
            let _ = writeln!(line, "    {}", ui.dim(&source_label(lang, source)));
        }
    }
    Some(line)
}

/// An outcome id as a trace shows it, or the words "no supported path" for none.
fn outcome_word(rb: &Rulebook, outcome: Option<usize>, lang: crate::text::Lang) -> String {
    match outcome {
        Some(_) => rb.outcome_id(outcome).to_string(),
        None => tr(lang, "no supported path", "没有可用的路径").to_string(),
    }
}

/// The numbered footnotes: what the other source of truth says of each contested fact
/// the verdict rests on. An address already printed under a next step is named by that step.
fn footnotes(out: &mut String, notes: &Notes, printed: &[(&str, usize)], ui: Ui) {
    if notes.list.is_empty() {
        return;
    }
    let lang = ui.lang;
    // When every note was checked on the same day, the heading gives the date once.
    let first = notes.list[0].checked;
    let one_date = first.filter(|_| notes.list.iter().all(|n| n.checked == first));
    let heading = match (one_date, lang) {
        (Some(d), crate::text::Lang::En) => format!("{} (checked {d})", notes.heading(lang)),
        (Some(d), crate::text::Lang::Zh) => format!("{}（核对于 {d}）", notes.heading(lang)),
        (None, _) => notes.heading(lang),
    };
    section(out, ui, &heading);
    for (i, note) in notes.list.iter().enumerate() {
        let mut line = format!("  [{}] {}", i + 1, note.says.get(lang));
        if let (Some(checked), None) = (note.checked, one_date) {
            let _ = write!(line, " ({} {checked})", tr(lang, "checked", "核对于"));
        }
        match printed.iter().find(|(url, _)| *url == note.url) {
            Some((_, step)) => {
                let (open, close) = match lang {
                    crate::text::Lang::En => (" (", ")"),
                    crate::text::Lang::Zh => ("（", "）"),
                };
                let _ = writeln!(
                    out,
                    "{line}{open}{}{close}",
                    super::step_address(lang, *step)
                );
            }
            None => {
                let _ = writeln!(out, "{line}");
                // The rulebook's own source is named once, on the "Based on" line.
                if !note.url.is_empty() && Some(note.url) != notes.source_url() {
                    let _ = writeln!(out, "      {}", note.url);
                }
            }
        }
    }
}

/// "Based on “Title” (address)": the one place a verdict names the document it encodes.
pub fn based_on(rb: &Rulebook, lang: crate::text::Lang) -> Option<String> {
    let source = rb.source.as_ref()?;
    let title = source.title.get(lang);
    Some(match (&source.url, lang) {
        (Some(url), crate::text::Lang::En) => format!("Based on “{title}”: {url}"),
        (Some(url), crate::text::Lang::Zh) => format!("依据《{title}》：{url}"),
        (None, crate::text::Lang::En) => format!("Based on “{title}”"),
        (None, crate::text::Lang::Zh) => format!("依据《{title}》"),
    })
}

fn source_label(lang: crate::text::Lang, source: &crate::text::Text) -> String {
    format!(
        "{}{}{}",
        tr(lang, "source", "来源"),
        colon(lang),
        source.get(lang)
    )
}

fn section(out: &mut String, ui: Ui, title: &str) {
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", ui.bold(title));
}

/// The facts of a list that are shown under `trust`.
pub(super) fn shown_facts<'a>(
    rb: &Rulebook,
    list: &'a [Fact],
    answers: &Answers,
    trust: crate::rulebook::Trust,
) -> Vec<&'a Fact> {
    list.iter()
        .filter(|f| super::fact_shown(rb, f, answers, trust))
        .collect()
}

/// A list of facts, each pointing at its footnote; with its source when `sources`.
fn facts(out: &mut String, facts: &[&Fact], ui: Ui, notes: &mut Notes, sources: bool) {
    let lang = ui.lang;
    for fact in facts {
        let marker = notes.marker(fact.contested.as_ref());
        match &fact.label {
            Some(label) => {
                let _ = writeln!(
                    out,
                    "  {}{}{}{marker}",
                    label.get(lang),
                    colon(lang),
                    fact.text.get(lang)
                );
            }
            None => {
                let _ = writeln!(out, "  - {}{marker}", fact.text.get(lang));
            }
        }
        if sources {
            if let Some(source) = &fact.source {
                let _ = writeln!(out, "    {}", ui.dim(&source_label(lang, source)));
            }
        }
    }
}

/// A condition on answers in words (`colour = red, size ≠ small|large`), when it reads
/// answers only.
fn when_text(rb: &Rulebook, condition: &crate::rulebook::Condition) -> Option<String> {
    use crate::rulebook::{Condition, Test};
    match condition {
        Condition::All(items) => {
            let parts: Option<Vec<String>> = items.iter().map(|c| when_text(rb, c)).collect();
            Some(parts?.join(", "))
        }
        Condition::Any(items) => {
            let parts: Option<Vec<String>> = items.iter().map(|c| when_text(rb, c)).collect();
            Some(format!("({})", parts?.join(" | ")))
        }
        Condition::Not(inner) => Some(format!("not ({})", when_text(rb, inner)?)),
        Condition::Answer { question, test } => {
            let q = &rb.questions[*question];
            let list = |values: &[crate::rulebook::AnswerValue]| {
                values
                    .iter()
                    .map(|v| q.value_text(*v))
                    .collect::<Vec<_>>()
                    .join("|")
            };
            match test {
                Test::OneOf(values) => Some(format!("{} = {}", q.id, list(values))),
                Test::NoneOf(values) => Some(format!("{} ≠ {}", q.id, list(values))),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Where the deciding rule (or the default) comes from.
fn decided_source<'a>(rb: &'a Rulebook, verdict: &Verdict) -> Option<&'a crate::text::Text> {
    match verdict.decided_by {
        Decision::Rule(i) => rb.rules[i].source.as_ref(),
        Decision::Default => rb.default.as_ref().and_then(|d| d.source.as_ref()),
        Decision::NoRule => None,
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

mod paths;
pub use paths::{path_detail, paths_table};
