//! Text for people: grouped by file, `file:line:col: severity[id]: message`, with the
//! remedy, the source and (with colour or `--frames`) the offending line.

use crate::text::Lang;
use std::fmt::Write;

use super::{verdict_word, Renderer, Summary, View};
use crate::diag::Headline;
use crate::i18n::{colon, tr};
use crate::plan::{Kind, PlanFinding, PlanReport};
use crate::report::{escape_controls, otherwise_note};

pub struct TextReport<'a> {
    view: View<'a>,
    frames: bool,
    first: bool,
    /// From the working folder to the root file names are relative to (empty when it is
    /// the root): the suggested commands name files from where the run was started.
    to_root: std::path::PathBuf,
}

impl<'a> TextReport<'a> {
    pub fn new(view: View<'a>, frames: bool, to_root: std::path::PathBuf) -> Self {
        TextReport {
            view,
            frames,
            to_root,
            first: true,
        }
    }

    fn finding(&self, out: &mut String, file: &str, f: &PlanFinding) {
        let View { rb, ui, .. } = self.view;
        let lang = ui.lang;
        let acknowledged = match f.acknowledged {
            Some(_) => format!(" {}", ui.dim(tr(lang, "(acknowledged)", "（已确认）"))),
            None => String::new(),
        };
        let severity = ui.severity(f.severity);
        let message = f.message(rb, lang);
        let headline = Headline::coded(file, f.pos, &severity, f.id(rb), message);
        let _ = writeln!(out, "{}", headline.aside(&acknowledged));
        if let Some(reason) = &f.acknowledged {
            let _ = writeln!(
                out,
                "    {}{}",
                tr(lang, "acknowledged: ", "确认理由："),
                escape_controls(reason)
            );
        }
        if let Some(remedy) = f.remedy(rb, lang) {
            let _ = writeln!(out, "    {}{remedy}", crate::report::remedy_label(lang));
        }
        if let Some(source) = f.source(rb, lang) {
            let _ = writeln!(
                out,
                "    {}",
                ui.dim(&format!(
                    "{}{}{source}",
                    tr(lang, "source", "来源"),
                    colon(lang)
                ))
            );
        }
        if let Kind::Rule(i) = f.kind {
            if let Some(contested) = &rb.findings[i].contested {
                let note = otherwise_note(rb, self.view.trust, contested, lang);
                let _ = writeln!(out, "    {}", ui.dim(&note));
            }
        }
        if self.frames {
            if let Some((line, text)) = &f.frame {
                frame(out, self.view, *line, f.pos.column, text);
            }
        }
    }
}

/// ```text
///    |
///  3 | path: some-outcome
///    | ^^^^
/// ```
fn frame(out: &mut String, view: View, line: u32, column: u32, text: &str) {
    let ui = view.ui;
    let text = escape_controls(&text.replace('\t', " "));
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    let before: String = text
        .chars()
        .take(column.saturating_sub(1) as usize)
        .collect();
    let token = text
        .chars()
        .skip(column.saturating_sub(1) as usize)
        .take_while(|c| !c.is_whitespace() && *c != ':' && *c != ',')
        .count()
        .max(1);
    let pad = " ".repeat(console::measure_text_width(&before));
    let _ = writeln!(out, "    {gutter} {}", ui.dim("|"));
    let _ = writeln!(out, "    {number} {} {text}", ui.dim("|"));
    let _ = writeln!(
        out,
        "    {gutter} {} {pad}{}",
        ui.dim("|"),
        ui.paint(console::Style::new().red().bold(), &"^".repeat(token))
    );
}

impl Renderer for TextReport<'_> {
    fn language(&self) -> Lang {
        self.view.ui.lang
    }

    fn plan(&mut self, out: &mut String, plan: &PlanReport) {
        let View { ui, threshold, .. } = self.view;
        let lang = ui.lang;
        let file = crate::text::one_line(&plan.file);
        if !self.first {
            out.push('\n');
        }
        self.first = false;
        let passed = plan.passed(threshold);
        let word = verdict_word(lang, passed);
        let word = if passed {
            ui.paint(console::Style::new().green().bold(), word)
        } else {
            ui.paint(console::Style::new().red().bold(), word)
        };
        let acknowledged = self.view.acknowledged_aside(plan, lang);
        let path = match &plan.planned {
            Some(p) => tr(lang, " (path: {}{})", "（路径：{}{}）")
                .replacen("{}", p, 1)
                .replacen("{}", &acknowledged, 1),
            None => String::new(),
        };
        let _ = writeln!(out, "{}: {word}{path}", ui.bold(&file));
        for f in plan.findings.iter().filter(|f| self.view.shows(f)) {
            match &f.file {
                Some(own) => self.finding(out, &crate::text::one_line(own), f),
                None => self.finding(out, &file, f),
            }
        }
        if let Some(other) = &plan.under_other_trust {
            let from_here = match self.to_root.as_os_str().is_empty() {
                true => file.clone(),
                false => self.to_root.join(&file).display().to_string(),
            };
            let command = crate::report::trust::check_command(&from_here, other.trust);
            let line = crate::report::trust::other_line(self.view.rb, other, &command, lang);
            let _ = writeln!(out, "  {}", ui.dim(&line));
        }
    }

    fn finish(&mut self, out: &mut String, summary: &Summary) {
        if !self.first {
            out.push('\n');
        }
        let ui = self.view.ui;
        if summary.infos > 0 && self.view.shown > crate::rulebook::Severity::Info {
            let _ = writeln!(
                out,
                "{}",
                ui.dim(tr(
                    ui.lang,
                    "Info findings are counted below but not shown; --verbose shows them.",
                    "提示类发现只计数、不显示；加 --verbose 可显示。"
                ))
            );
        }
        if let Some(line) =
            crate::report::trust::source_line(self.view.rb, self.view.trust, ui.lang)
        {
            let _ = writeln!(out, "{}", ui.dim(&line));
        }
        let _ = writeln!(out, "{}", ui.bold(&summary.line(ui.lang)));
    }
}
