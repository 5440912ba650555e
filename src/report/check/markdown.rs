//! Markdown for a pull-request comment: the summary, then the failing plans with their
//! findings and next steps; the passing plans and the info findings are folded away
//! (`<details>`), so that a comment on a large change stays short.

use crate::text::Lang;
use std::fmt::Write;

use super::{verdict_word, Renderer, Summary, View};
use crate::i18n::{colon, tr};
use crate::plan::PlanReport;
use crate::report::markdown::cell;
use crate::report::severity_label;
use crate::rulebook::Severity;

pub struct MarkdownReport<'a> {
    view: View<'a>,
    /// Rows of the plans table and of the findings table, for failing plans.
    failing: Tables,
    /// The same for passing plans, folded.
    passing: Tables,
    infos: String,
}

#[derive(Default)]
struct Tables {
    plans: String,
    findings: String,
    /// A folded block of next steps per plan.
    steps: String,
    count: usize,
}

impl<'a> MarkdownReport<'a> {
    pub fn new(view: View<'a>) -> Self {
        MarkdownReport {
            view,
            failing: Tables::default(),
            passing: Tables::default(),
            infos: String::new(),
        }
    }
}

impl Renderer for MarkdownReport<'_> {
    fn language(&self) -> Lang {
        self.view.ui.lang
    }

    fn plan(&mut self, _out: &mut String, plan: &PlanReport) {
        let View {
            rb, ui, threshold, ..
        } = self.view;
        let lang = ui.lang;
        let passed = plan.passed(threshold);
        let mark = if passed { "✅" } else { "❌" };
        let mut worst: Vec<String> = Vec::new();
        for f in plan.findings.iter().filter(|f| f.fails(threshold)) {
            let id = cell(f.id(rb));
            if !worst.contains(&id) {
                worst.push(id);
            }
        }
        let tables = match passed {
            true => &mut self.passing,
            false => &mut self.failing,
        };
        tables.count += 1;
        let _ = writeln!(
            tables.plans,
            "| {} | {} | {mark} {} | {} |",
            cell(&plan.file),
            plan.planned.as_deref().map_or("—".to_string(), cell),
            verdict_word(lang, passed),
            if worst.is_empty() {
                "—".to_string()
            } else {
                worst.join(", ")
            }
        );
        if !plan.next_steps.is_empty() {
            let _ = writeln!(
                tables.steps,
                "\n<details><summary>{}{}</summary>\n",
                tr(lang, "Next steps for ", "后续步骤："),
                cell(&plan.file),
            );
            for (i, step) in plan.next_steps.iter().enumerate() {
                let links: Vec<String> = step.docs.iter().map(|u| format!("<{u}>")).collect();
                let _ = writeln!(
                    tables.steps,
                    "{}. {} ({})",
                    i + 1,
                    cell(step.text.get(lang)),
                    links.join(", ")
                );
            }
            let _ = writeln!(tables.steps, "\n</details>");
        }
        for f in plan.findings.iter().filter(|f| self.view.shows(f)) {
            let mut message = f.message(rb, lang).to_string();
            if let Some(reason) = &f.acknowledged {
                message = format!(
                    "{message} {}{reason}{}",
                    tr(lang, "(acknowledged: ", "（已确认："),
                    tr(lang, ")", "）")
                );
            }
            if let Some(remedy) = f.remedy(rb, lang) {
                message = format!(
                    "{message}\n{}{}{remedy}",
                    crate::report::remedy_heading(lang),
                    colon(lang)
                );
            }
            let row = format!(
                "| {} | {} | {}:{}:{} | {} |\n",
                severity_label(lang, f.severity),
                cell(f.id(rb)),
                cell(f.file_in(plan)),
                f.pos.line,
                f.pos.column,
                cell(&message)
            );
            if f.severity == Severity::Info && f.acknowledged.is_none() {
                self.infos.push_str(&row);
            } else if passed {
                self.passing.findings.push_str(&row);
            } else {
                self.failing.findings.push_str(&row);
            }
        }
    }

    fn finish(&mut self, out: &mut String, summary: &Summary) {
        let lang = self.view.ui.lang;
        let mark = if summary.failed == 0 { "✅" } else { "❌" };
        let _ = writeln!(
            out,
            "### {mark} eb-advisor check: {}\n",
            cell(&summary.line(lang))
        );
        let plans_header = format!(
            "| {} | {} | {} | {} |\n|---|---|---|---|\n",
            tr(lang, "Plan", "方案"),
            tr(lang, "Path", "路径"),
            tr(lang, "Result", "结果"),
            tr(lang, "Failing findings", "未通过的发现")
        );
        let header = format!(
            "| {} | {} | {} | {} |\n|---|---|---|---|\n",
            tr(lang, "Severity", "级别"),
            tr(lang, "Finding", "发现"),
            tr(lang, "Location", "位置"),
            tr(lang, "Message", "说明")
        );
        if self.failing.count > 0 {
            out.push_str(&plans_header);
            out.push_str(&self.failing.plans);
        }
        if !self.failing.findings.is_empty() {
            let _ = writeln!(out, "\n#### {}\n", tr(lang, "Findings", "发现"));
            out.push_str(&header);
            out.push_str(&self.failing.findings);
        }
        out.push_str(&self.failing.steps);
        if self.passing.count > 0 {
            let _ = writeln!(
                out,
                "\n<details><summary>✅ {}</summary>\n",
                match lang {
                    Lang::En => format!(
                        "{} passing plan{}",
                        self.passing.count,
                        if self.passing.count == 1 { "" } else { "s" }
                    ),
                    Lang::Zh => format!("{} 个通过的方案", self.passing.count),
                }
            );
            out.push_str(&plans_header);
            out.push_str(&self.passing.plans);
            if !self.passing.findings.is_empty() {
                out.push('\n');
                out.push_str(&header);
                out.push_str(&self.passing.findings);
            }
            out.push_str(&self.passing.steps);
            let _ = writeln!(out, "\n</details>");
        }
        if !self.infos.is_empty() {
            let _ = writeln!(
                out,
                "\n<details><summary>{} ({})</summary>\n",
                tr(lang, "Information", "提示信息"),
                summary.infos
            );
            out.push_str(&header);
            out.push_str(&self.infos);
            let _ = writeln!(out, "\n</details>");
        }
    }
}
