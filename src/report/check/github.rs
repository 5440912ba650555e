//! GitHub Actions workflow commands: one annotation per finding.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use crate::text::Lang;
use std::fmt::Write;

use super::{Renderer, Summary, View};
use crate::i18n::tr;
use crate::plan::PlanReport;
use crate::report::escape_controls;
use crate::rulebook::Severity;

pub struct GithubReport<'a> {
    view: View<'a>,
    /// Print the summary line at the end (not when text output already does).
    summary: bool,
}

impl<'a> GithubReport<'a> {
    pub fn new(view: View<'a>, summary: bool) -> Self {
        GithubReport { view, summary }
    }
}

/// Escapes a command's message: `%`, CR and LF; other control characters are shown
/// escaped so that they cannot drive the log's terminal.
pub fn escape_data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape_controls(&text)
}

/// Escapes a property value: as data, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Renderer for GithubReport<'_> {
    fn language(&self) -> Lang {
        self.view.ui.lang
    }

    fn plan(&mut self, out: &mut String, plan: &PlanReport) {
        let View { rb, ui, .. } = self.view;
        let lang = ui.lang;
        for f in plan.findings.iter().filter(|f| self.view.shows(f)) {
            let file = escape_property(f.file_in(plan));
            let command = match (f.severity, &f.acknowledged) {
                (_, Some(_)) | (Severity::Info, _) => "notice",
                (Severity::Warning, _) => "warning",
                (Severity::Error, _) => "error",
            };
            let mut message = f.message(rb, lang).to_string();
            if let Some(reason) = &f.acknowledged {
                message = format!(
                    "{message}\n{}{reason}",
                    tr(lang, "acknowledged: ", "确认理由：")
                );
            }
            if let Some(remedy) = f.remedy(rb, lang) {
                message = format!("{message}\n{}{remedy}", crate::report::remedy_label(lang));
            }
            let severity = crate::report::severity_label(lang, f.severity);
            let title = match f.acknowledged {
                Some(_) => format!(
                    "{severity} {}{}",
                    f.id(rb),
                    tr(lang, " (acknowledged)", "（已确认）")
                ),
                None => format!("{severity} {}", f.id(rb)),
            };
            let _ = writeln!(
                out,
                "::{command} file={file},line={},col={},title={}::{}",
                f.pos.line.max(1),
                f.pos.column.max(1),
                escape_property(&title),
                escape_data(&message)
            );
        }
    }

    fn finish(&mut self, out: &mut String, summary: &Summary) {
        if self.summary {
            let _ = writeln!(out, "{}", summary.line(self.view.ui.lang));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(escape_data("x\u{1b}[31m"), "x\\u{1b}[31m");
    }
}
