//! JUnit XML (GitLab's test report, Jenkins): one test suite, one test case per plan; a
//! failing plan's case has a failure listing its findings.
//!
//! JUnit has no standard; the output follows the schema Jenkins' xunit plugin publishes
//! (`junit-10.xsd`, the strictest of the readers in use), and tests/it/conformance.rs
//! validates it with xmllint. That schema has no `file` attribute on a test case, so
//! there is none: GitLab, which would show it, names the case by its `name` (the plan's
//! file) and `classname` as well, and reads the failure and `system-out` from the same
//! elements Jenkins does.
//!
//! Written here rather than with quick-junit: quick-junit 0.8.0 always writes `skipped`
//! on `<testsuites>`, which that schema does not allow. Its report of one failing case,
//! through `xmllint --noout --schema tests/fixtures/schemas/junit-10.xsd`: "Element
//! 'testsuites', attribute 'skipped': The attribute 'skipped' is not allowed. ... fails
//! to validate". So its output fails the Jenkins schema whatever it is given.

use std::fmt::Write;

use super::{verdict_word, Renderer, Summary, View};
use crate::diag::Headline;
use crate::i18n::tr;
use crate::plan::PlanReport;
use crate::report::escape_controls;
use crate::text::Lang;

pub struct JunitReport<'a> {
    view: View<'a>,
    cases: String,
}

impl<'a> JunitReport<'a> {
    pub fn new(view: View<'a>) -> Self {
        JunitReport {
            view,
            cases: String::new(),
        }
    }
}

/// Text safe in XML content and attributes: control characters shown escaped (XML 1.0
/// cannot carry most of them at all), markup characters as entities.
pub fn xml(text: &str) -> String {
    let text = escape_controls(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            _ => out.push(c),
        }
    }
    out
}

impl Renderer for JunitReport<'_> {
    fn language(&self) -> Lang {
        self.view.ui.lang
    }

    fn plan(&mut self, _out: &mut String, plan: &PlanReport) {
        let View {
            rb, ui, threshold, ..
        } = self.view;
        let lang = ui.lang;
        let file = xml(&plan.file);
        let path = plan.planned.as_deref().unwrap_or("-");
        let _ = write!(
            self.cases,
            "    <testcase name=\"{file}\" classname=\"eb-advisor.check\">"
        );
        let line = |f: &crate::plan::PlanFinding| {
            let message = f.message(rb, lang);
            let severity = crate::report::severity_label(lang, f.severity);
            let headline = Headline::coded(f.file_in(plan), f.pos, severity, f.id(rb), message);
            let mut s = headline.to_string();
            if let Some(reason) = &f.acknowledged {
                s.push_str(&format!(
                    "{}{reason}{}",
                    tr(lang, " (acknowledged: ", "（已确认："),
                    tr(lang, ")", "）")
                ));
            }
            if let Some(remedy) = f.remedy(rb, lang) {
                s.push_str(&format!(
                    "\n  {}{remedy}",
                    crate::report::remedy_label(lang)
                ));
            }
            s
        };
        let (failing, other): (Vec<_>, Vec<_>) =
            plan.findings.iter().partition(|f| f.fails(threshold));
        if !failing.is_empty() {
            // Each failing finding's id once, in the order found: `failed (2 [a, b])`.
            let mut ids: Vec<&str> = Vec::new();
            for f in &failing {
                if !ids.contains(&f.id(rb)) {
                    ids.push(f.id(rb));
                }
            }
            let (verdict, n) = (verdict_word(lang, false), failing.len());
            let message = match lang {
                Lang::En => format!("{verdict} ({n} [{}])", ids.join(", ")),
                Lang::Zh => format!("{verdict}（{n} 项：{}）", ids.join("、")),
            };
            let body: Vec<String> = failing.iter().map(|f| line(f)).collect();
            let _ = write!(
                self.cases,
                "\n      <failure message=\"{}\" type=\"{}\">{}</failure>",
                xml(&message),
                xml(&ids.join(",")),
                xml(&body.join("\n"))
            );
        }
        if !other.is_empty() {
            let body: Vec<String> = other.iter().map(|f| line(f)).collect();
            let _ = write!(
                self.cases,
                "\n      <system-out>{}{}&#10;{}</system-out>",
                xml(tr(lang, "path: ", "路径：")),
                xml(path),
                xml(&body.join("\n"))
            );
        }
        if failing.is_empty() && other.is_empty() {
            self.cases.push_str("</testcase>\n");
        } else {
            self.cases.push_str("\n    </testcase>\n");
        }
    }

    fn finish(&mut self, out: &mut String, s: &Summary) {
        let name = xml(&format!(
            "eb-advisor check ({} {})",
            self.view.rb.id, self.view.rb.version
        ));
        let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        let _ = writeln!(
            out,
            "<testsuites name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            s.plans, s.failed
        );
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            s.plans, s.failed
        );
        out.push_str(&self.cases);
        let _ = writeln!(out, "  </testsuite>");
        let _ = writeln!(out, "</testsuites>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_controls() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;\\u{1}");
    }
}
