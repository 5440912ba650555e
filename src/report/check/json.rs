//! JSON for scripts, streamed one plan per line:
//! `{"rulebook", "plans": [{file, path, passed, findings: [...]}], "summary"}`.

use serde::Serialize;

use super::{Renderer, Summary, View};
use crate::plan::PlanReport;
use crate::rulebook::Severity;
use crate::text::Lang;

pub struct JsonReport<'a> {
    view: View<'a>,
    first: bool,
    /// Each plan's JSON is written here first: one buffer for the run, rather than a new
    /// string grown by doubling for every plan.
    buffer: Vec<u8>,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    file: &'a str,
    path: Option<&'a str>,
    passed: bool,
    findings: Vec<FindingJson<'a>>,
    /// The chosen path's next steps, filled in from the plan.
    next_steps: Vec<StepJson<'a>>,
    #[serde(rename = "under-other-trust", skip_serializing_if = "Option::is_none")]
    under_other_trust: Option<crate::report::trust::OtherTrustJson<'a>>,
}

#[derive(Serialize)]
struct StepJson<'a> {
    text: &'a str,
    docs: &'a [String],
}

#[derive(Serialize)]
struct FindingJson<'a> {
    id: &'a str,
    severity: Severity,
    message: &'a str,
    line: u32,
    column: u32,
    acknowledged: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remedy: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct SummaryJson {
    plans: usize,
    passed: usize,
    failed: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    acknowledged: usize,
}

impl<'a> JsonReport<'a> {
    pub fn new(view: View<'a>, out: &mut String) -> Self {
        let head = serde_json::json!({
            "id": view.rb.id,
            "version": view.rb.version,
        });
        let fail_level = view.threshold.map_or("never", Severity::as_str);
        out.push_str(&format!(
            "{{\"rulebook\":{head},\"fail_level\":\"{fail_level}\",\"trust\":\"{}\",\"plans\":[\n",
            view.trust
        ));
        JsonReport {
            view,
            first: true,
            buffer: Vec::new(),
        }
    }
}

impl Renderer for JsonReport<'_> {
    /// JSON is read by programs: English whatever `--lang` says.
    fn language(&self) -> Lang {
        Lang::En
    }

    fn plan(&mut self, out: &mut String, plan: &PlanReport) {
        let View { rb, threshold, .. } = self.view;
        // Machine output speaks English, as `recommend --format json` does.
        let lang = Lang::En;
        let json = PlanJson {
            file: &plan.file,
            path: plan.planned.as_deref(),
            passed: plan.passed(threshold),
            findings: plan
                .findings
                .iter()
                .map(|f| FindingJson {
                    id: f.id(rb),
                    severity: f.severity,
                    message: f.message(rb, lang),
                    line: f.pos.line,
                    column: f.pos.column,
                    acknowledged: f.acknowledged.is_some(),
                    reason: f.acknowledged.as_deref(),
                    remedy: f.remedy(rb, lang),
                    source: f.source(rb, lang),
                })
                .collect(),
            next_steps: plan
                .next_steps
                .iter()
                .map(|s| StepJson {
                    text: s.text.get(lang),
                    docs: &s.docs,
                })
                .collect(),
            under_other_trust: plan
                .under_other_trust
                .as_ref()
                .map(|o| crate::report::trust::OtherTrustJson::of(rb, o)),
        };
        if !self.first {
            out.push_str(",\n");
        }
        self.first = false;
        self.buffer.clear();
        if serde_json::to_writer(&mut self.buffer, &json).is_ok() {
            out.push_str(std::str::from_utf8(&self.buffer).unwrap_or_default());
        }
    }

    fn finish(&mut self, out: &mut String, s: &Summary) {
        let summary = SummaryJson {
            plans: s.plans,
            passed: s.passed,
            failed: s.failed,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            acknowledged: s.acknowledged,
        };
        if !self.first {
            out.push('\n');
        }
        out.push_str(&format!(
            "],\"summary\":{}}}\n",
            serde_json::to_string(&summary).unwrap_or_default()
        ));
    }
}
