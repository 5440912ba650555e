//! The rulebook as written: serde types that mirror the YAML one to one, with positions
//! kept on every id and condition so that validation can point into the file.

use borsh::{BorshDeserialize, BorshSerialize};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::text::Text;
use crate::yaml::{At, Name, Node};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRulebook {
    pub rulebook: RawMeta,
    pub questions: Vec<RawQuestion>,
    pub outcomes: Vec<RawOutcome>,
    pub rules: Vec<RawRule>,
    #[serde(default)]
    pub default: Option<RawDefault>,
    #[serde(default)]
    pub findings: Vec<RawFinding>,
    /// Statements on which the rulebook's source and the public documentation disagree.
    #[serde(default)]
    pub premises: Vec<RawPremise>,
    #[serde(default)]
    pub plans: RawPlanPolicy,
    /// What Terraform resources mean to the rulebook, for `check` of `.tf` files.
    #[serde(default)]
    pub terraform: RawTerraform,
    #[serde(default)]
    pub tests: Vec<RawScenario>,
}

/// How `check` reads a Terraform configuration: which resource types carry out which
/// outcome, which of their attributes give which settings, and which attributes answer
/// questions.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTerraform {
    /// Resource types, in order of precedence: the first type in this list that a
    /// configuration declares and that names a `path` gives the configuration's path.
    #[serde(default)]
    pub resources: Vec<RawTerraformResource>,
    #[serde(default)]
    pub answers: Vec<RawTerraformAnswer>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTerraformResource {
    /// The resource type, as in `resource "TYPE" "name"`.
    #[serde(rename = "type")]
    pub kind: Name,
    /// The outcome a configuration that declares it carries out.
    #[serde(default)]
    pub path: Option<Name>,
    #[serde(default)]
    pub settings: Vec<RawTerraformSetting>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTerraformSetting {
    /// A key of `plans.settings`.
    pub setting: Name,
    /// The attribute, as a dotted path through nested blocks (`targets.endpoint`).
    pub attribute: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTerraformAnswer {
    pub question: Name,
    /// The block that holds the attribute: a resource type, or `provider.NAME`.
    pub block: String,
    /// The attribute, as a dotted path.
    pub attribute: String,
    /// The answer when the attribute is present; without it, the attribute's value is
    /// read as the answer.
    #[serde(default)]
    pub value: Option<Node>,
    /// The answer when the attribute's value is none of the question's values.
    #[serde(default)]
    pub otherwise: Option<Node>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawMeta {
    pub id: Name,
    pub version: String,
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    /// The document the rulebook encodes (the `page` source of truth).
    #[serde(default)]
    pub source: Option<RawSourceDoc>,
    /// The public documentation its premises cite (the `docs` source of truth).
    #[serde(default)]
    pub docs: Option<RawSourceDoc>,
    /// The source of truth a run follows unless `--trust` or the policy says otherwise
    /// (`page` when not given).
    #[serde(default)]
    pub default_trust: Option<super::Trust>,
    /// The hosts its addresses may name, besides those of `source.url` and `docs.url`
    /// (bare names such as `docs.example.com`). When given, `rules lint` reports every
    /// https address on another host (`foreign-host`); when absent, it does not check.
    #[serde(default)]
    pub docs_hosts: Option<Vec<Name>>,
}

/// A premise: a statement that holds under one source of truth and not the other.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPremise {
    pub id: Name,
    pub statement: Text,
    /// Whether the statement holds under the document the rulebook encodes.
    pub page: bool,
    /// Whether it holds under the public documentation.
    pub docs: bool,
    /// What the rulebook's source says.
    #[serde(default)]
    pub page_says: Option<Text>,
    /// What the public documentation says, where and when it was checked.
    pub docs_say: Text,
    pub url: String,
    pub checked: Name,
    #[serde(default)]
    pub source: Option<Text>,
    /// Words that belong to one source's statement only: a verdict that follows the other
    /// source prints them in its footnote and nowhere else (tests hold every output to it).
    #[serde(default)]
    pub phrases: RawPhrases,
}

/// A contested fact's phrases, per source of truth.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPhrases {
    #[serde(default)]
    pub page: Vec<String>,
    #[serde(default)]
    pub docs: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSourceDoc {
    pub title: Text,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(
    Clone,
    Copy,
    Debug,
    Deserialize,
    PartialEq,
    Eq,
    serde::Serialize,
    BorshSerialize,
    BorshDeserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    Choice,
    YesNo,
    Number,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawQuestion {
    pub id: Name,
    pub prompt: Text,
    #[serde(default)]
    pub help: Option<Text>,
    pub kind: QuestionKind,
    #[serde(default)]
    pub choices: Vec<RawChoice>,
    /// Asked only when this condition holds on the answers so far; always asked if absent.
    #[serde(default)]
    pub ask_when: Option<Node>,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub default: Option<Node>,
    /// For numbers: the largest accepted value.
    #[serde(default)]
    pub max: Option<u64>,
    #[serde(default)]
    pub source: Option<Text>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawChoice {
    pub value: Name,
    pub label: Text,
    #[serde(default)]
    pub help: Option<Text>,
}

#[derive(
    Clone,
    Copy,
    Debug,
    Deserialize,
    PartialEq,
    Eq,
    serde::Serialize,
    BorshSerialize,
    BorshDeserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    Path,
    Alternative,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawOutcome {
    pub id: Name,
    pub kind: OutcomeKind,
    pub name: Text,
    #[serde(default)]
    pub best_for: Option<Text>,
    #[serde(default)]
    pub complexity: Option<Text>,
    #[serde(default)]
    pub code_required: Option<bool>,
    #[serde(default)]
    pub automation: Option<bool>,
    #[serde(default)]
    pub description: Option<Text>,
    /// One fact shown in the comparison table.
    #[serde(default)]
    pub key_fact: Option<Text>,
    #[serde(default)]
    pub key_facts: Vec<At<RawFact>>,
    #[serde(default)]
    pub when_to_use: Vec<At<RawFact>>,
    #[serde(default)]
    pub when_not_to_use: Vec<At<RawFact>>,
    #[serde(default)]
    pub limitations: Vec<At<RawFact>>,
    #[serde(default)]
    pub detail_skill: Option<String>,
    #[serde(default)]
    pub next_step: Option<Text>,
    /// What to do once this outcome is chosen: numbered actions, each with the address of
    /// a page that shows how.
    #[serde(default)]
    pub next_steps: Vec<At<RawNextStep>>,
    #[serde(default)]
    pub billing: Option<RawBilling>,
    /// Why no cost estimate is shown for this outcome when a volume is given and the
    /// outcome has no `billing`.
    #[serde(default)]
    pub no_estimate: Option<Text>,
    /// Billings that replace `billing` where their `when` holds (the first that does).
    #[serde(default)]
    pub billing_alternatives: Vec<RawBilling>,
    /// Reasons this outcome does not fit a set of answers, shown when it is not chosen.
    #[serde(default)]
    pub not_fit: Vec<RawNotFit>,
    #[serde(default)]
    pub source: Option<Text>,
}

/// One action of an outcome's next steps.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawNextStep {
    /// May name answers (`{QUESTION}`) and plan settings (`{settings.KEY}`).
    pub text: Text,
    /// Shown only when this holds; always if absent.
    #[serde(default)]
    pub when: Option<Node>,
    /// Addresses (https) of the pages that show how; at least one.
    pub docs: Vec<Name>,
    /// Findings whose advice this step carries out: the short verdict points them here
    /// instead of repeating their fix.
    #[serde(default)]
    pub covers: Vec<Name>,
}

/// A statement taken from the source document.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFact {
    #[serde(default)]
    pub label: Option<Text>,
    pub text: Text,
    #[serde(default)]
    pub source: Option<Text>,
    /// The premise (contested fact) this statement rests on: the verdict footnotes what
    /// the other source of truth says of it.
    #[serde(default)]
    pub contested: Option<Name>,
    /// When the statement is shown (premises only: a statement of one source's claim).
    #[serde(default)]
    pub when: Option<Node>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawBilling {
    pub currency: String,
    pub unit_price: f64,
    #[serde(default = "one")]
    pub unit_size: u64,
    pub unit: Text,
    /// The number question that gives the monthly volume.
    pub volume: Name,
    #[serde(default)]
    pub free: Vec<RawFreeQuota>,
    #[serde(default)]
    pub source: Option<Text>,
    /// The premise (contested fact) this rests on.
    #[serde(default)]
    pub contested: Option<Name>,
    /// In `billing-alternatives`: when this billing applies instead of `billing`.
    #[serde(default)]
    pub when: Option<Node>,
}

fn one() -> u64 {
    1
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFreeQuota {
    pub amount: u64,
    #[serde(default)]
    pub when: Option<Node>,
    #[serde(default)]
    pub note: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawNotFit {
    pub when: Node,
    pub reason: Text,
    #[serde(default)]
    pub source: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRule {
    pub id: Name,
    pub when: Node,
    /// An outcome id, or `none` for "no supported outcome".
    pub outcome: Name,
    #[serde(default)]
    pub because: Option<Text>,
    #[serde(default)]
    pub source: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDefault {
    pub outcome: Name,
    #[serde(default)]
    pub because: Option<Text>,
    #[serde(default)]
    pub source: Option<Text>,
}

pub use crate::diag::Severity;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFinding {
    pub id: Name,
    pub severity: Severity,
    pub when: Node,
    /// Raise the severity when a further condition holds.
    #[serde(default)]
    pub escalate: Vec<RawEscalation>,
    pub message: Text,
    #[serde(default)]
    pub remedy: Option<Text>,
    /// Other wordings for other answers: the first whose `when` holds replaces the
    /// message and/or the remedy.
    #[serde(default)]
    pub variants: Vec<RawVariant>,
    #[serde(default)]
    pub source: Option<Text>,
    /// The premise (contested fact) this rests on.
    #[serde(default)]
    pub contested: Option<Name>,
    /// Where in a plan the finding points: `path`, `answers.ID`, `settings.KEY`, `settings`;
    /// the first that the plan has is used.
    #[serde(default)]
    pub at: Vec<Name>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawVariant {
    pub when: Node,
    #[serde(default)]
    pub message: Option<Text>,
    #[serde(default)]
    pub remedy: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawEscalation {
    pub severity: Severity,
    pub when: Node,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawUrlCredentials {
    /// Query parameters whose value is a credential (`key` in `…/send?key=VALUE`), matched
    /// whole and case-insensitively; parameters named by `secret-keys` count too.
    #[serde(default)]
    pub query: Vec<String>,
    /// Path parts after which the next segment is a credential (`/hook/` in
    /// `…/bot/v2/hook/VALUE`).
    #[serde(default)]
    pub path_after: Vec<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPlanPolicy {
    /// Settings keys (or parts of keys) whose values must be references, never literals.
    #[serde(default)]
    pub secret_keys: Vec<String>,
    /// Credentials that a URL carries whatever key it stands under (a chat robot's
    /// address): query parameters by name, and the path segment after a path part.
    #[serde(default)]
    pub url_credentials: RawUrlCredentials,
    /// The settings a plan may record, with what each holds: `ask --save-plan` asks for
    /// the ones the chosen path's findings read, and `check` tells a misspelt key or a
    /// value of the wrong shape.
    #[serde(default)]
    pub settings: Vec<RawSetting>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSetting {
    pub key: Name,
    /// The line of help for the setting: what to type, as the questionnaire asks for it,
    /// and the description that the plan schema and `check`'s messages give.
    pub prompt: Text,
    #[serde(default)]
    pub kind: SettingKind,
}

/// The shape of a setting's value.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    Deserialize,
    PartialEq,
    Eq,
    BorshSerialize,
    BorshDeserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SettingKind {
    /// One value (a string or a number).
    #[default]
    Text,
    /// A list of values; typed comma-separated at a prompt.
    List,
    /// A JSON object: a YAML mapping, or a string holding a JSON object (an event
    /// pattern as the console shows it).
    JsonObject,
    /// An `http://` or `https://` address, or a reference to one (`${ENV_VAR}`,
    /// `secret-ref:NAME`); a credential in it is reported as a literal secret.
    Url,
    /// A reference to a secret (`${ENV_VAR}` or `secret-ref:NAME`), never its value.
    Secret,
}

/// A self-test: answers (and optionally a plan) with what must come out.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawScenario {
    pub name: Name,
    #[serde(default)]
    pub source: Option<Text>,
    pub answers: Node,
    #[serde(default)]
    pub planned: Option<Name>,
    #[serde(default)]
    pub settings: Option<Node>,
    /// The source of truth the scenario is evaluated under (default: the rulebook's).
    #[serde(default)]
    pub trust: Option<super::Trust>,
    pub expect: RawExpect,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawExpect {
    /// An outcome id or `none`.
    #[serde(default)]
    pub outcome: Option<Name>,
    #[serde(default)]
    pub findings: Vec<Name>,
    #[serde(default)]
    pub not_findings: Vec<Name>,
    #[serde(default)]
    pub severities: Vec<RawExpectedSeverity>,
    #[serde(default)]
    pub cost: Option<f64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawExpectedSeverity {
    pub finding: Name,
    pub severity: Severity,
}

// JSON Schema of the building blocks: a text is a string or a map of language code to
// string; a name is a scalar; a node (a condition, answers, settings) is any YAML value.

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A text people read: a string, or a map of language code to string ({ en: ..., zh: ... }).",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": { "pattern": "^[a-z]{2}$" },
                    "additionalProperties": { "type": "string" }
                }
            ]
        })
    }
}

impl JsonSchema for Name {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Name".into()
    }

    // Any scalar, null too: `Name`'s reader takes `~` as the word `null`.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": ["string", "number", "boolean", "null"] })
    }
}

impl JsonSchema for Node {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Node".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({})
    }
}

impl<T: JsonSchema> JsonSchema for At<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
