//! SARIF 2.1.0 for code scanning (GitHub's upload-sarif, GitLab, IDEs). The rules are
//! every finding of the rulebook plus the check's own; results are streamed.

use serde_json::{json, Value};

use super::{file_uri, Renderer, Summary, View};
use crate::plan::{Generic, PlanReport};
use crate::rulebook::Severity;
use crate::text::Lang;

pub struct SarifReport<'a> {
    view: View<'a>,
    rule_ids: Vec<String>,
    first: bool,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

impl<'a> SarifReport<'a> {
    pub fn new(view: View<'a>, out: &mut String) -> Self {
        let rb = view.rb;
        let lang = Lang::En;
        let help_uri = rb.source.as_ref().and_then(|s| s.url.clone());
        let mut rules: Vec<Value> = Vec::new();
        let mut rule_ids = Vec::new();
        for def in &rb.findings {
            let message = def.message.get(lang);
            let help = def.remedy.as_ref().map_or(message, |r| r.get(lang));
            let mut rule = json!({
                "id": def.id,
                "shortDescription": { "text": message },
                "fullDescription": { "text": message },
                "help": { "text": help },
                "defaultConfiguration": { "level": level(def.severity) },
            });
            if let Some(source) = &def.source {
                rule["properties"] = json!({ "source": source.get(lang) });
            }
            if let Some(uri) = &help_uri {
                rule["helpUri"] = json!(uri);
            }
            rules.push(rule);
            rule_ids.push(def.id.clone());
        }
        for g in Generic::ALL {
            if rule_ids.iter().any(|id| id == g.id()) {
                continue;
            }
            rules.push(json!({
                "id": g.id(),
                "shortDescription": { "text": g.summary(lang) },
                "fullDescription": { "text": g.summary(lang) },
                "help": { "text": g.remedy(lang) },
                "defaultConfiguration": { "level": level(g.severity()) },
            }));
            rule_ids.push(g.id().to_string());
        }
        let mut driver = json!({
            "name": "eb-advisor",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_HOMEPAGE"),
            "rules": rules,
            "properties": { "rulebook": { "id": rb.id, "version": rb.version } },
        });
        if env!("CARGO_PKG_HOMEPAGE").is_empty() {
            if let Some(map) = driver.as_object_mut() {
                map.remove("informationUri");
            }
        }
        let head = json!({ "driver": driver });
        out.push_str(&format!(
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{head},\"columnKind\":\"unicodeCodePoints\",\"results\":[\n"
        ));
        SarifReport {
            view,
            rule_ids,
            first: true,
        }
    }
}

impl Renderer for SarifReport<'_> {
    fn plan(&mut self, out: &mut String, plan: &PlanReport) {
        let rb = self.view.rb;
        let uri = file_uri(&plan.file);
        for f in &plan.findings {
            let id = f.id(rb);
            let mut text = f.message(rb, Lang::En).to_string();
            if let Some(remedy) = f.remedy(rb, Lang::En) {
                text = format!("{text}\nFix: {remedy}");
            }
            let mut result = json!({
                "ruleId": id,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": {
                            "startLine": f.pos.line.max(1),
                            "startColumn": f.pos.column.max(1),
                        }
                    }
                }],
            });
            if let Some(index) = self.rule_ids.iter().position(|r| r == id) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(reason) = &f.acknowledged {
                result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
            }
            if !self.first {
                out.push_str(",\n");
            }
            self.first = false;
            out.push_str(&result.to_string());
        }
    }

    fn finish(&mut self, out: &mut String, _summary: &Summary) {
        if !self.first {
            out.push('\n');
        }
        out.push_str("]}]}\n");
    }
}
