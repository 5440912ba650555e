//! The rulebook: questions, outcomes, decision rules and findings, as data.
//!
//! `raw` mirrors the YAML; `load` validates it into the types below, which the engine
//! evaluates. Nothing here knows what any particular rulebook is about.
//!
//! Compiled into `build.rs` as well (the embedded rulebook is validated and pre-compiled
//! at build time), with `diag`, `suggest`, `text`, `yaml` and `yaml_problem`: so it imports
//! nothing else of the crate. docs/architecture.md says why.

use borsh::{BorshDeserialize, BorshSerialize};
pub mod condition;
mod load;
pub mod raw;
mod reading;
mod trust;

pub use condition::{CmpOp, Condition, Test};
pub use load::{load_file, load_str, EMBEDDED_NAME, EMBEDDED_SOURCE};
pub use raw::{OutcomeKind, QuestionKind, SettingKind, Severity};
pub use reading::{Refusal, Written, LARGEST_ANSWER};
pub use trust::Trust;

use crate::text::Text;
use crate::yaml::{Node, Pos};

/// The id that stands for "no supported outcome" in rules and expectations.
pub const NO_OUTCOME: &str = "none";

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct Rulebook {
    /// Where the rulebook was read from, for diagnostics.
    pub file: String,
    pub id: String,
    pub version: String,
    pub title: Text,
    pub description: Option<Text>,
    pub source: Option<SourceDoc>,
    /// The public documentation the premises cite.
    pub docs: Option<SourceDoc>,
    /// The source of truth a run follows unless told otherwise.
    pub default_trust: Trust,
    /// `rulebook.docs-hosts`: the hosts its addresses may name besides those of `source`
    /// and `docs`, lowercase; `None` when it declares none (lint does not check hosts).
    pub docs_hosts: Option<Vec<String>>,
    #[borsh(deserialize_with = "whole_vec")]
    pub questions: Vec<Question>,
    #[borsh(deserialize_with = "whole_vec")]
    pub outcomes: Vec<Outcome>,
    #[borsh(deserialize_with = "whole_vec")]
    pub rules: Vec<Rule>,
    pub default: Option<DefaultRule>,
    #[borsh(deserialize_with = "whole_vec")]
    pub findings: Vec<FindingDef>,
    /// Statements on which the sources of truth disagree; conditions test them.
    #[borsh(deserialize_with = "whole_vec")]
    pub premises: Vec<Premise>,
    /// `plans.secret-keys`, lowercase.
    pub secret_keys: Vec<String>,
    /// `plans.url-credentials.query`, compared case-insensitively.
    pub url_credential_params: Vec<String>,
    /// `plans.url-credentials.path-after`.
    pub url_credential_paths: Vec<String>,
    /// `plans.settings`: the settings a plan may record.
    pub settings: Vec<SettingDecl>,
    /// `terraform`: what a Terraform configuration's resources mean.
    pub terraform: TerraformMap,
    /// Left out of the stored form: only `rules test` reads the scenarios, so the
    /// embedded rulebook keeps them apart (`embedded::with_tests`) and every other
    /// command starts without decoding them.
    #[borsh(skip)]
    pub tests: Vec<Scenario>,
}

/// Reads a list with its whole length reserved at once. borsh reserves at most 4 KiB up
/// front (a guard against a hostile length) and grows the list from there, copying it each
/// time; the embedded rulebook's findings alone are 14 KB, so every start copied them twice
/// onto fresh heap pages. Still bounded: no length reserves more than 1 MiB.
fn whole_vec<R: std::io::Read, T: BorshDeserialize>(reader: &mut R) -> std::io::Result<Vec<T>> {
    let len = u32::deserialize_reader(reader)? as usize;
    let mut items = Vec::with_capacity(len.min((1 << 20) / std::mem::size_of::<T>().max(1)));
    for _ in 0..len {
        items.push(T::deserialize_reader(reader)?);
    }
    Ok(items)
}

/// A statement that holds under one source of truth and not under the other.
#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct Premise {
    pub id: String,
    pub pos: Pos,
    pub statement: Text,
    pub page: bool,
    pub docs: bool,
    pub page_says: Option<Text>,
    pub docs_say: Text,
    pub url: String,
    /// `YYYY-MM-DD`.
    pub checked: String,
    pub source: Option<Text>,
    /// Words of the page's statement only (see `raw::RawPhrases`).
    pub page_phrases: Vec<String>,
    /// Words of the documentation's statement only.
    pub docs_phrases: Vec<String>,
}

impl Premise {
    /// Whether the statement holds under `trust`.
    pub fn holds(&self, trust: Trust) -> bool {
        match trust {
            Trust::Page => self.page,
            Trust::Docs => self.docs,
        }
    }
}

/// What Terraform resources mean to the rulebook (`terraform`).
#[derive(Debug, Default, BorshSerialize, BorshDeserialize)]
pub struct TerraformMap {
    /// In order of precedence for the path.
    pub resources: Vec<TerraformResource>,
    pub answers: Vec<TerraformAnswer>,
}

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct TerraformResource {
    /// The resource type.
    pub kind: String,
    /// The outcome it carries out.
    pub outcome: Option<usize>,
    /// (settings key, attribute path).
    pub settings: Vec<(String, Vec<String>)>,
}

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct TerraformAnswer {
    pub question: usize,
    /// A resource type, or `provider.NAME`.
    pub block: String,
    pub attribute: Vec<String>,
    pub value: Option<AnswerValue>,
    pub otherwise: Option<AnswerValue>,
}

impl TerraformMap {
    pub fn resource(&self, kind: &str) -> Option<&TerraformResource> {
        self.resources.iter().find(|r| r.kind == kind)
    }
}

/// A setting a plan may record (`plans.settings`).
#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct SettingDecl {
    pub key: String,
    pub prompt: Text,
    pub kind: SettingKind,
}

/// Whether a rulebook may read settings key `key` (or dotted path, `connection.host`):
/// any key when it declares none, else one whose first part it declares.
fn declared_setting(key: &str, declared: &[String]) -> Result<(), String> {
    let top = key.split('.').next().unwrap_or(key);
    if declared.is_empty() || declared.iter().any(|d| d == top) {
        return Ok(());
    }
    Err(
        match crate::suggest::nearest(top, declared.iter().map(String::as_str)) {
            Some(meant) => format!(
                "setting `{top}` is not declared in `plans.settings`; did you mean `{meant}`?"
            ),
            None => format!(
                "setting `{top}` is not declared in `plans.settings`; declare it there (key, prompt, kind), or read one of {}",
                declared.join(", ")
            ),
        },
    )
}

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct SourceDoc {
    pub title: Text,
    pub url: Option<String>,
}

/// An answer as the engine sees it: a choice is its index in the question's choices.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, BorshSerialize, BorshDeserialize,
)]
pub enum AnswerValue {
    Choice(u16),
    Bool(bool),
    Number(u64),
}

#[derive(Clone, Debug, BorshSerialize, BorshDeserialize)]
pub struct Question {
    pub id: String,
    pub pos: Pos,
    pub prompt: Text,
    pub help: Option<Text>,
    pub kind: QuestionKind,
    pub choices: Vec<Choice>,
    pub ask_when: Option<Condition>,
    pub required: bool,
    pub default: Option<AnswerValue>,
    pub max: Option<u64>,
    pub source: Option<Text>,
}

#[derive(Clone, Debug, BorshSerialize, BorshDeserialize)]
pub struct Choice {
    pub value: String,
    pub pos: Pos,
    pub label: Text,
    pub help: Option<Text>,
}

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct Outcome {
    pub id: String,
    pub pos: Pos,
    pub kind: OutcomeKind,
    pub name: Text,
    pub best_for: Option<Text>,
    pub complexity: Option<Text>,
    pub code_required: Option<bool>,
    pub automation: Option<bool>,
    pub description: Option<Text>,
    pub key_fact: Option<Text>,
    pub key_facts: Vec<Fact>,
    pub when_to_use: Vec<Fact>,
    pub when_not_to_use: Vec<Fact>,
    pub limitations: Vec<Fact>,
    pub detail_skill: Option<String>,
    pub next_step: Option<Text>,
    pub next_steps: Vec<NextStep>,
    pub billing: Option<Billing>,
    pub no_estimate: Option<Text>,
    /// Billings that replace `billing` where their condition holds (the first that does).
    pub billing_alternatives: Vec<Billing>,
    pub not_fit: Vec<NotFit>,
    pub source: Option<Text>,
}

/// One action to take once an outcome is chosen.
#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct NextStep {
    pub pos: Pos,
    /// A template: `{QUESTION}` and `{settings.KEY}` are filled in when shown.
    pub text: Text,
    pub when: Option<Condition>,
    /// Addresses of the pages that show how (https).
    pub docs: Vec<String>,
    /// Indices of the findings this step carries out.
    pub covers: Vec<usize>,
}

/// Another wording of a finding, for the answers its condition describes.
#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct Variant {
    pub when: Condition,
    pub message: Option<Text>,
    pub remedy: Option<Text>,
}

/// A statement of the source document, with where it comes from.
#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct Fact {
    pub pos: Pos,
    pub label: Option<Text>,
    pub text: Text,
    pub source: Option<Text>,
    pub contested: Option<Contested>,
    /// When it is shown: a condition on premises only, for a statement of one source's claim.
    pub when: Option<Condition>,
}

/// A text that rests on a premise (a contested fact): a verdict that shows it footnotes
/// what the other source of truth says of that premise.
#[derive(Clone, Copy, Debug, BorshSerialize, BorshDeserialize)]
pub struct Contested {
    pub pos: Pos,
    /// Index into `Rulebook::premises`.
    pub premise: usize,
}

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct Billing {
    pub currency: String,
    pub unit_price: f64,
    pub unit_size: u64,
    pub unit: Text,
    /// Index of the number question that gives the volume.
    pub volume: usize,
    pub free: Vec<FreeQuota>,
    pub source: Option<Text>,
    pub contested: Option<Contested>,
    /// For an alternative billing: when it applies.
    pub when: Option<Condition>,
}

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct FreeQuota {
    pub amount: u64,
    pub when: Condition,
    pub note: Option<Text>,
}

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct NotFit {
    pub pos: Pos,
    pub when: Condition,
    pub reason: Text,
    pub source: Option<Text>,
}

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct Rule {
    pub id: String,
    pub pos: Pos,
    pub when: Condition,
    /// `None`: the rule concludes that no outcome is supported.
    pub outcome: Option<usize>,
    pub because: Option<Text>,
    pub source: Option<Text>,
}

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct DefaultRule {
    pub pos: Pos,
    pub outcome: Option<usize>,
    pub because: Option<Text>,
    pub source: Option<Text>,
}

#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct FindingDef {
    pub id: String,
    pub pos: Pos,
    pub severity: Severity,
    pub when: Condition,
    pub escalate: Vec<(Severity, Condition)>,
    pub message: Text,
    pub remedy: Option<Text>,
    pub variants: Vec<Variant>,
    pub source: Option<Text>,
    pub contested: Option<Contested>,
    pub at: Vec<PlanPointer>,
}

impl FindingDef {
    /// The message as worded for the variant that applied (`None`: the plain one).
    pub fn message_for(&self, variant: Option<usize>) -> &Text {
        variant
            .and_then(|v| self.variants[v].message.as_ref())
            .unwrap_or(&self.message)
    }

    /// The remedy as worded for the variant that applied.
    pub fn remedy_for(&self, variant: Option<usize>) -> Option<&Text> {
        variant
            .and_then(|v| self.variants[v].remedy.as_ref())
            .or(self.remedy.as_ref())
    }
}

/// A place in a plan file that a finding can point at.
#[derive(Clone, Debug, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub enum PlanPointer {
    Path,
    Answers,
    Answer(usize),
    Settings,
    Setting(String),
}

/// A self-test kept in the rulebook, checked by `rules test`.
#[derive(Debug, BorshSerialize, BorshDeserialize)]
pub struct Scenario {
    pub name: String,
    pub pos: Pos,
    pub source: Option<Text>,
    pub answers: Node,
    pub planned: Option<usize>,
    pub settings: Option<Node>,
    pub trust: Trust,
    pub expect: Expectation,
}

#[derive(Debug, Default, BorshSerialize, BorshDeserialize)]
pub struct Expectation {
    /// `Some(None)`: no outcome expected.
    pub outcome: Option<Option<usize>>,
    pub findings: Vec<usize>,
    pub not_findings: Vec<usize>,
    pub severities: Vec<(usize, Severity)>,
    pub cost: Option<f64>,
}

impl Outcome {
    /// The billing a cost was worked out with (`None`: `billing`, `Some(i)`: alternative `i`).
    pub fn billing_used(&self, alternative: Option<usize>) -> Option<&Billing> {
        match alternative {
            Some(i) => self.billing_alternatives.get(i),
            None => self.billing.as_ref(),
        }
    }
}

impl Rulebook {
    pub fn question(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    pub fn outcome(&self, id: &str) -> Option<usize> {
        self.outcomes.iter().position(|o| o.id == id)
    }

    pub fn premise(&self, id: &str) -> Option<usize> {
        self.premises.iter().position(|p| p.id == id)
    }

    pub fn finding(&self, id: &str) -> Option<usize> {
        self.findings.iter().position(|f| f.id == id)
    }

    /// Whether a settings key or question id names a secret (case-insensitive substring
    /// of one of `plans.secret-keys`): its values are never quoted.
    pub fn is_secret_key(&self, key: &str) -> bool {
        // Keys are nearly always lower-case ASCII already, and then not copied: this
        // runs on every key of every plan.
        let lowered;
        let key = if key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            key
        } else {
            lowered = key.to_lowercase();
            lowered.as_str()
        };
        // Keys are short: a scan for each pattern's first byte beats building a
        // substring searcher per pattern (`str::contains`), per key.
        let key = key.as_bytes();
        self.secret_keys.iter().any(|pattern| {
            let pattern = pattern.as_bytes();
            !pattern.is_empty()
                && key.len() >= pattern.len()
                && key
                    .windows(pattern.len())
                    .any(|w| w[0] == pattern[0] && w == pattern)
        })
    }

    pub fn outcome_id(&self, outcome: Option<usize>) -> &str {
        outcome.map_or(NO_OUTCOME, |o| self.outcomes[o].id.as_str())
    }
}

/// The answers a number question takes: "a whole number of 0 or more", or "a whole
/// number from 0 to MAX", in `lang`.
pub fn whole_numbers(max: Option<u64>, lang: crate::text::Lang) -> String {
    use crate::text::Lang;
    match (max, lang) {
        (None, Lang::En) => "a whole number of 0 or more".into(),
        (Some(max), Lang::En) => format!("a whole number from 0 to {max}"),
        (None, Lang::Zh) => "0 或更大的整数".into(),
        (Some(max), Lang::Zh) => format!("0 到 {max} 的整数"),
    }
}

impl Question {
    /// The value id a user types for an answer (`red`, `yes`, `5000`).
    pub fn value_text(&self, value: AnswerValue) -> String {
        match value {
            AnswerValue::Choice(i) => self.choices[i as usize].value.clone(),
            AnswerValue::Bool(true) => "yes".into(),
            AnswerValue::Bool(false) => "no".into(),
            AnswerValue::Number(n) => n.to_string(),
        }
    }

    /// The accepted values, for help texts and error messages.
    pub fn allowed_values(&self) -> String {
        match self.kind {
            QuestionKind::Choice => self
                .choices
                .iter()
                .map(|c| c.value.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            QuestionKind::YesNo => "yes, no".into(),
            QuestionKind::Number => whole_numbers(self.max, crate::text::Lang::En),
        }
    }

    /// The accepted values in `lang` (the values themselves are the same in every one).
    pub fn allowed_values_in(&self, lang: crate::text::Lang) -> String {
        match self.kind {
            QuestionKind::Number => whole_numbers(self.max, lang),
            _ => self.allowed_values(),
        }
    }

    /// The message for an invalid answer to a question whose id names a secret: the
    /// value is not repeated.
    pub fn invalid_secret_message(&self, lang: crate::text::Lang) -> String {
        match lang {
            crate::text::Lang::En => format!(
                "the answer to `{}` is not valid (the value is not shown); expected {}",
                self.id,
                self.allowed_values()
            ),
            crate::text::Lang::Zh => format!(
                "`{}` 的回答无效（不显示其值）；应为：{}",
                self.id,
                self.allowed_values_in(lang)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_read_with_its_length_reserved_and_a_false_length_is_refused() {
        let bytes = borsh::to_vec(&vec![Pos::START; 1000]).unwrap();
        let list: Vec<Pos> = whole_vec(&mut bytes.as_slice()).unwrap();
        assert_eq!(list, vec![Pos::START; 1000]);
        // Reserved once. borsh's own reading reserves 4 KiB (512 of them) and grows the
        // list: if an upgrade stops that, `whole_vec` is no longer needed.
        assert_eq!(list.capacity(), 1000);
        let grown: Vec<Pos> = borsh::from_slice(&bytes).unwrap();
        assert_eq!(grown.capacity(), 1024);
        // A length no input holds fails at the end of the input, having reserved 1 MiB.
        let lie = u32::MAX.to_le_bytes();
        assert!(whole_vec::<_, Pos>(&mut lie.as_slice()).is_err());
    }
}
