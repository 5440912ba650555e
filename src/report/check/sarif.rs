//! SARIF 2.1.0 for code scanning (GitHub's upload-sarif, GitLab, IDEs), built from
//! serde-sarif's types. The rules are every finding of the rulebook plus the check's own;
//! results are streamed, one typed `result` at a time, into the run that the head opens.
//!
//! What code scanning needs, and where it comes from:
//! - File URIs relative to `%SRCROOT%` (the repository root, see `commands/check/
//!   discover.rs`), declared in `originalUriBaseIds`.
//! - `partialFingerprints` that stay the same across runs and line moves, so that an alert
//!   is tracked rather than closed and reopened: from the file, the rule and, for the
//!   check's own findings (which name the key at fault), the message; an ordinal keeps
//!   two equal findings in one file apart.
//! - Which findings become alerts: the same as the other formats people read (text,
//!   GitHub annotations): errors and warnings, info findings only with `--verbose`, and
//!   acknowledged ones as suppressed results. An info finding is advice, not something to
//!   fix, and an alert for each on every passing plan would bury the real ones.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::Path;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel,
    Suppression, Tool, ToolComponent,
};

use super::{file_uri, Renderer, Summary, View};
use crate::plan::{Generic, Kind, PlanReport};
use crate::rulebook::Severity;
use crate::text::Lang;

/// The base the result URIs are relative to.
pub const SRCROOT: &str = "%SRCROOT%";
/// Where docs/ci.md is read when the policy names no `docs-url`: the package's source on
/// docs.rs, for the running version (docs/ is in the package).
pub fn default_docs_url() -> String {
    format!(
        "https://docs.rs/crate/{}/{}/source/docs/ci.md",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION")
    )
}

/// The key of our fingerprint; the version changes if its inputs ever do.
const FINGERPRINT: &str = "ebAdvisorFinding/v1";

pub struct SarifReport<'a> {
    view: View<'a>,
    rule_ids: Vec<String>,
    first: bool,
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

fn text(text: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder()
        .text(text.to_string())
        .build()
}

fn properties(values: impl IntoIterator<Item = (&'static str, serde_json::Value)>) -> PropertyBag {
    PropertyBag::builder()
        .additional_properties(
            values
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<BTreeMap<_, _>>(),
        )
        .build()
}

fn rule(
    id: &str,
    message: &str,
    help: &str,
    severity: Severity,
    help_uri: Option<&str>,
) -> ReportingDescriptor {
    let configuration = ReportingConfiguration::builder()
        .level(json!(level(severity)))
        .build();
    ReportingDescriptor::builder()
        .id(id.to_string())
        .short_description(text(message))
        .full_description(text(message))
        .help(text(help))
        .opt_help_uri(help_uri.map(String::from))
        .default_configuration(configuration)
        .build()
}

impl<'a> SarifReport<'a> {
    /// Writes the log's head into `out`; `root` is the folder file names are relative to,
    /// `docs` the address of docs/ci.md, whose sections explain the check's own rules.
    pub fn new(view: View<'a>, root: Option<&Path>, docs: &str, out: &mut String) -> Self {
        let rb = view.rb;
        let lang = Lang::En;
        let rulebook_uri = rb.source.as_ref().and_then(|s| s.url.as_deref());
        let mut rules = Vec::new();
        let mut rule_ids = Vec::new();
        for def in &rb.findings {
            let message = def.message.get(lang);
            let help = def.remedy.as_ref().map_or(message, |r| r.get(lang));
            // The documentation of the contested fact the finding rests on, else the
            // rulebook's own source, else the documentation it cites; a rulebook that names
            // no page has nothing to link to.
            let help_uri = def
                .contested
                .as_ref()
                .map(|c| rb.premises[c.premise].url.as_str())
                .or(rulebook_uri)
                .or(rb.docs.as_ref().and_then(|d| d.url.as_deref()));
            let mut descriptor = rule(&def.id, message, help, def.severity, help_uri);
            if let Some(source) = &def.source {
                descriptor.properties = Some(properties([("source", json!(source.get(lang)))]));
            }
            rules.push(descriptor);
            rule_ids.push(def.id.clone());
        }
        for g in Generic::ALL {
            if rule_ids.iter().any(|id| id == g.id()) {
                continue;
            }
            // docs/ci.md has a section headed by each id, and so an anchor of that name.
            let help_uri = format!("{docs}#{}", g.id());
            rules.push(rule(
                g.id(),
                g.summary(lang),
                g.remedy(lang),
                g.severity(),
                Some(&help_uri),
            ));
            rule_ids.push(g.id().to_string());
        }
        let title = rb.title.get(lang);
        let driver = ToolComponent::builder()
            .name("eb-advisor".to_string())
            .full_name(format!(
                "eb-advisor {} (rulebook {} {})",
                env!("CARGO_PKG_VERSION"),
                rb.id,
                rb.version
            ))
            .version(env!("CARGO_PKG_VERSION").to_string())
            .semantic_version(env!("CARGO_PKG_VERSION").to_string())
            .short_description(text(&format!("Checks plans against the rulebook: {title}")))
            .rules(rules)
            .properties(properties([(
                "rulebook",
                json!({ "id": rb.id, "version": rb.version }),
            )]));
        // Where to read about the tool: the project's home page when the package names
        // one, else the page the rulebook's decisions come from, which is what the
        // findings explain.
        let information_uri = Some(env!("CARGO_PKG_HOMEPAGE"))
            .filter(|u| !u.is_empty())
            .or(rulebook_uri);
        let driver = driver
            .opt_information_uri(information_uri.map(String::from))
            .build();
        let tool = Tool::builder().driver(driver).build();
        let mut head = format!(
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{}",
            serde_json::to_string(&tool).unwrap_or_default()
        );
        if let Some(root) = root {
            let base = ArtifactLocation::builder().uri(root_uri(root)).build();
            let bases: BTreeMap<String, ArtifactLocation> =
                [(SRCROOT.to_string(), base)].into_iter().collect();
            head.push_str(&format!(
                ",\"originalUriBaseIds\":{}",
                serde_json::to_string(&bases).unwrap_or_default()
            ));
        }
        head.push_str(",\"columnKind\":\"unicodeCodePoints\",\"results\":[\n");
        out.push_str(&head);
        SarifReport {
            view,
            rule_ids,
            first: true,
        }
    }
}

/// The root as the absolute `file:` URI SARIF wants for a base: ending in `/`.
fn root_uri(root: &Path) -> String {
    let mut uri = file_uri(&crate::fsutil::display_path(root));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// A stable 64-bit FNV-1a hash (std's hasher may change between Rust releases).
fn stable_hash(parts: &[&str]) -> String {
    let mut hasher = fnv::FnvHasher::default();
    for part in parts {
        hasher.write(part.as_bytes());
        hasher.write(&[0]);
    }
    format!("{:016x}", hasher.finish())
}

impl Renderer for SarifReport<'_> {
    /// SARIF is read by code-scanning tools: English whatever `--lang` says.
    fn language(&self) -> Lang {
        Lang::En
    }

    fn plan(&mut self, out: &mut String, plan: &PlanReport) {
        let rb = self.view.rb;
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for f in plan.findings.iter().filter(|f| self.view.shows(f)) {
            let file = f.file_in(plan);
            let uri = file_uri(file);
            let relative = !uri.starts_with("file:") && file != crate::plan::STDIN_NAME;
            let id = f.id(rb);
            let english = f.message(rb, Lang::En);
            let mut message = english.to_string();
            if let Some(remedy) = f.remedy(rb, Lang::En) {
                message = format!(
                    "{message}\n{}{}{remedy}",
                    crate::report::remedy_heading(Lang::En),
                    crate::i18n::colon(Lang::En)
                );
            }
            // The check's own findings name the key at fault in their message; a
            // rulebook finding's message may name settings still missing, which change
            // as the plan is fixed, so it is left out.
            let named = match f.kind {
                Kind::Generic(_) => english,
                Kind::Rule(_) => "",
            };
            let hash = stable_hash(&[file, id, named]);
            let ordinal = seen.entry(hash.clone()).or_insert(0);
            *ordinal += 1;
            let fingerprints: BTreeMap<String, String> =
                [(FINGERPRINT.to_string(), format!("{hash}:{ordinal}"))]
                    .into_iter()
                    .collect();
            let artifact = ArtifactLocation::builder()
                .uri(uri.clone())
                .opt_uri_base_id(relative.then(|| SRCROOT.to_string()))
                .build();
            let region = Region::builder()
                .start_line(i64::from(f.pos.line.max(1)))
                .start_column(i64::from(f.pos.column.max(1)))
                .build();
            let location = Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(artifact)
                        .region(region)
                        .build(),
                )
                .build();
            let result = SarifResult::builder()
                .rule_id(id.to_string())
                .level(level(f.severity))
                .message(Message::builder().text(message).build())
                .locations(vec![location])
                .partial_fingerprints(fingerprints)
                .opt_rule_index(self.rule_ids.iter().position(|r| r == id).map(|i| i as i64))
                .opt_suppressions(f.acknowledged.as_ref().map(|reason| {
                    vec![Suppression::builder()
                        .kind(json!("inSource"))
                        .justification(reason.clone())
                        .build()]
                }))
                .build();
            if !self.first {
                out.push_str(",\n");
            }
            self.first = false;
            out.push_str(&serde_json::to_string(&result).unwrap_or_default());
        }
    }

    fn finish(&mut self, out: &mut String, _summary: &Summary) {
        if !self.first {
            out.push('\n');
        }
        out.push_str("]}]}\n");
    }
}
