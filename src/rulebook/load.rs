//! Second phase of loading: turn the raw rulebook into checked, indexed types, reporting
//! every semantic problem (unknown ids, duplicates, bad values) at its line and column.

use std::collections::HashSet;
use std::path::Path;

use super::condition::{Scope, KEYWORDS};
use super::raw::*;
use super::*;
use crate::text::Lang;
use crate::yaml::{self, At, Diagnostic, Diagnostics, Limits, Name};

/// The rulebook compiled into the binary.
pub const EMBEDDED_SOURCE: &str = include_str!("../../rules/eventbridge-integrate-events.yaml");
pub const EMBEDDED_NAME: &str = "rules/eventbridge-integrate-events.yaml";

/// Flags every answer-taking command has; a question id may not take their names.
const RESERVED_FLAGS: &[&str] = &[
    "answer",
    "answers",
    "rules",
    "format",
    "explain",
    "color",
    "lang",
    "save",
    "save-plan",
    "help",
    "version",
    "max-file-size",
    "output",
    "quiet",
    "trust",
];

pub fn load_file(path: &Path, limits: Limits) -> Result<Rulebook, Diagnostics> {
    let text = yaml::read_text(path, limits).map_err(|d| Diagnostics(vec![d]))?;
    load_str(&path.display().to_string(), &text, limits)
}

pub fn load_str(file: &str, text: &str, limits: Limits) -> Result<Rulebook, Diagnostics> {
    let raw: RawRulebook = yaml::parse(file, text, limits).map_err(|d| Diagnostics(vec![d]))?;
    let mut loader = Loader {
        file,
        problems: Vec::new(),
    };
    let rulebook = loader.build(raw);
    if loader.problems.is_empty() {
        Ok(rulebook)
    } else {
        loader.problems.sort_by_key(|d| d.pos);
        Err(Diagnostics(loader.problems))
    }
}

struct Loader<'a> {
    file: &'a str,
    problems: Vec<Diagnostic>,
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.'
        })
        && !s.starts_with('-')
}

impl Loader<'_> {
    fn problem(&mut self, pos: Pos, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(self.file, pos, message));
    }

    fn check_id(&mut self, what: &str, id: &Name, seen: &mut HashSet<String>) {
        if !is_id(&id.name) {
            self.problem(
                id.pos,
                format!(
                    "{what} id `{}` is not kebab-case; expected lowercase letters, digits and `-`",
                    id.name
                ),
            );
        }
        if !seen.insert(id.name.clone()) {
            self.problem(id.pos, format!("duplicate {what} id `{}`", id.name));
        }
    }

    /// `rulebook.docs-hosts`, each a bare host name, lowercased.
    fn docs_hosts(&mut self, hosts: Vec<Name>) -> Vec<String> {
        let mut out = Vec::new();
        for host in hosts {
            let name = host.name.to_ascii_lowercase();
            let is_host = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
                && !name.starts_with(['.', '-']);
            if is_host {
                out.push(name);
            } else {
                self.problem(
                    host.pos,
                    format!(
                        "`{}` in `docs-hosts` is not a host name; expected a name such as docs.example.com, without https:// or a path",
                        crate::text::inline(&host.name)
                    ),
                );
            }
        }
        out
    }

    fn build(&mut self, raw: RawRulebook) -> Rulebook {
        let mut rulebook = Rulebook {
            file: self.file.to_string(),
            id: raw.rulebook.id.name.clone(),
            version: raw.rulebook.version,
            title: raw.rulebook.title,
            description: raw.rulebook.description,
            source: raw.rulebook.source.map(|s| SourceDoc {
                title: s.title,
                url: s.url,
            }),
            docs: raw.rulebook.docs.map(|s| SourceDoc {
                title: s.title,
                url: s.url,
            }),
            default_trust: raw.rulebook.default_trust.unwrap_or_default(),
            docs_hosts: raw.rulebook.docs_hosts.map(|hosts| self.docs_hosts(hosts)),
            questions: Vec::new(),
            outcomes: Vec::new(),
            rules: Vec::new(),
            default: None,
            findings: Vec::new(),
            premises: Vec::new(),
            // Lowercase once here, not at every key a plan check compares.
            secret_keys: raw
                .plans
                .secret_keys
                .iter()
                .map(|k| k.to_lowercase())
                .collect(),
            url_credential_params: raw.plans.url_credentials.query.clone(),
            url_credential_paths: raw.plans.url_credentials.path_after.clone(),
            settings: Vec::new(),
            terraform: TerraformMap::default(),
            tests: Vec::new(),
        };
        let mut declared = HashSet::new();
        for setting in raw.plans.settings {
            if !declared.insert(setting.key.name.clone()) {
                self.problem(
                    setting.key.pos,
                    format!("setting `{}` is declared twice", setting.key.name),
                );
            }
            // A setting declared a secret is one wherever secrets are looked for.
            if setting.kind == SettingKind::Secret && !rulebook.is_secret_key(&setting.key.name) {
                rulebook.secret_keys.push(setting.key.name.to_lowercase());
            }
            rulebook.settings.push(SettingDecl {
                key: setting.key.name,
                prompt: setting.prompt,
                kind: setting.kind,
            });
        }
        if !is_id(&raw.rulebook.id.name) {
            self.problem(raw.rulebook.id.pos, "rulebook id is not kebab-case");
        }
        self.questions(&mut rulebook, raw.questions);
        self.premises(&mut rulebook, raw.premises);
        let premise_ids: Vec<String> = rulebook.premises.iter().map(|p| p.id.clone()).collect();
        let premise_ids = &premise_ids;
        let outcome_ids: Vec<String> = raw.outcomes.iter().map(|o| o.id.name.clone()).collect();
        let outcome_ids = &outcome_ids;
        let declared_settings: Vec<String> =
            rulebook.settings.iter().map(|d| d.key.clone()).collect();
        let declared_settings = &declared_settings;
        // Outcomes first without their conditions, so that conditions can name any outcome.
        let mut seen = HashSet::new();
        for o in &raw.outcomes {
            self.check_id("outcome", &o.id, &mut seen);
            if o.id.name == NO_OUTCOME {
                self.problem(
                    o.id.pos,
                    "`none` is reserved for \"no supported outcome\"; choose another outcome id",
                );
            }
        }
        let questions = &rulebook.questions;
        let file = self.file;
        let compile = |node: &Node, answers_only: bool, problems: &mut Vec<Diagnostic>| {
            let scope = Scope {
                file,
                questions,
                outcomes: outcome_ids,
                premises: Some(premise_ids),
                answers_only,
                settings: declared_settings,
            };
            scope.compile(node).map_err(|d| problems.push(d)).ok()
        };
        let mut problems = Vec::new();
        let mut outcomes = Vec::new();
        // Finding ids that next steps cover, resolved once the findings are built.
        let mut step_covers: Vec<(usize, usize, Vec<Name>)> = Vec::new();
        let billing = |b: RawBilling, problems: &mut Vec<Diagnostic>| -> Option<Billing> {
            let when = match &b.when {
                Some(node) => Some(compile(node, false, problems)?),
                None => None,
            };
            let volume = questions.iter().position(|q| q.id == b.volume.name);
            let volume = match volume {
                Some(v) if questions[v].kind == QuestionKind::Number => v,
                _ => {
                    problems.push(Diagnostic::new(
                        self.file,
                        b.volume.pos,
                        format!(
                            "billing volume `{}` is not a number question",
                            b.volume.name
                        ),
                    ));
                    return None;
                }
            };
            let free = b
                .free
                .into_iter()
                .filter_map(|f| {
                    let when = match &f.when {
                        Some(node) => compile(node, false, problems)?,
                        None => Condition::All(Vec::new()),
                    };
                    Some(FreeQuota {
                        amount: f.amount,
                        when,
                        note: f.note,
                    })
                })
                .collect();
            Some(Billing {
                when,
                currency: b.currency,
                unit_price: b.unit_price,
                unit_size: b.unit_size.max(1),
                unit: b.unit,
                volume,
                free,
                source: b.source,
                contested: b
                    .contested
                    .and_then(|c| contested(c, premise_ids, problems, self.file)),
            })
        };
        for o in raw.outcomes {
            if let Some(b) = &o.billing {
                if b.when.is_some() {
                    problems.push(Diagnostic::new(
                        self.file,
                        o.id.pos,
                        format!("outcome `{}`: `when` belongs in `billing-alternatives`; `billing` applies wherever none of them does", o.id.name),
                    ));
                }
            }
            let billing_alternatives = o
                .billing_alternatives
                .into_iter()
                .filter_map(|b| {
                    if b.when.is_none() {
                        problems.push(Diagnostic::new(
                            self.file,
                            o.id.pos,
                            format!(
                                "outcome `{}`: each of `billing-alternatives` needs a `when`",
                                o.id.name
                            ),
                        ));
                    }
                    billing(b, &mut problems)
                })
                .collect();
            let billing = o.billing.and_then(|b| billing(b, &mut problems));
            let not_fit = o
                .not_fit
                .into_iter()
                .filter_map(|n| {
                    Some(NotFit {
                        pos: n.when.pos,
                        when: compile(&n.when, false, &mut problems)?,
                        reason: n.reason,
                        source: n.source,
                    })
                })
                .collect();
            let mut next_steps = Vec::new();
            for (si, step) in o.next_steps.into_iter().enumerate() {
                let pos = step.pos;
                let step = step.value;
                check_placeholders(
                    &step.text,
                    pos,
                    (questions, declared_settings),
                    &[],
                    &mut problems,
                    self.file,
                );
                if step.docs.is_empty() {
                    problems.push(Diagnostic::new(
                        self.file,
                        pos,
                        "a next step needs at least one address under `docs`",
                    ));
                }
                for url in &step.docs {
                    if !is_https(&url.name) {
                        problems.push(Diagnostic::new(
                            self.file,
                            url.pos,
                            format!(
                                "`{}` is not an address; expected https://…",
                                crate::text::inline(&url.name)
                            ),
                        ));
                    }
                }
                let when = step
                    .when
                    .as_ref()
                    .and_then(|node| compile(node, false, &mut problems));
                step_covers.push((outcomes.len(), si, step.covers));
                next_steps.push(NextStep {
                    pos,
                    text: step.text,
                    when,
                    docs: step.docs.into_iter().map(|u| u.name).collect(),
                    covers: Vec::new(),
                });
            }
            let mut facts = |list: Vec<At<RawFact>>| -> Vec<Fact> {
                list.into_iter()
                    .map(|f| Fact {
                        pos: f.pos,
                        label: f.value.label,
                        text: f.value.text,
                        source: f.value.source,
                        contested: f
                            .value
                            .contested
                            .and_then(|c| contested(c, premise_ids, &mut problems, self.file)),
                        when: f
                            .value
                            .when
                            .as_ref()
                            .and_then(|node| compile(node, false, &mut problems)),
                    })
                    .collect()
            };
            outcomes.push(Outcome {
                id: o.id.name,
                pos: o.id.pos,
                kind: o.kind,
                name: o.name,
                best_for: o.best_for,
                complexity: o.complexity,
                code_required: o.code_required,
                automation: o.automation,
                description: o.description,
                key_fact: o.key_fact,
                key_facts: facts(o.key_facts),
                when_to_use: facts(o.when_to_use),
                when_not_to_use: facts(o.when_not_to_use),
                limitations: facts(o.limitations),
                detail_skill: o.detail_skill,
                next_step: o.next_step,
                next_steps,
                billing,
                no_estimate: o.no_estimate,
                billing_alternatives,
                not_fit,
                source: o.source,
            });
        }

        let outcome_ref = |name: &Name, problems: &mut Vec<Diagnostic>| -> Option<Option<usize>> {
            if name.name == NO_OUTCOME {
                return Some(None);
            }
            match outcome_ids.iter().position(|o| *o == name.name) {
                Some(i) => Some(Some(i)),
                None => {
                    problems.push(Diagnostic::new(
                        self.file,
                        name.pos,
                        format!(
                            "unknown outcome `{}`; expected one of {}, none",
                            name.name,
                            outcome_ids.join(", ")
                        ),
                    ));
                    None
                }
            }
        };

        let mut rules = Vec::new();
        let mut rule_ids = HashSet::new();
        for r in raw.rules {
            if !rule_ids.insert(r.id.name.clone()) {
                problems.push(Diagnostic::new(
                    self.file,
                    r.id.pos,
                    format!("duplicate rule id `{}`", r.id.name),
                ));
            }
            let when = compile(&r.when, true, &mut problems);
            let outcome = outcome_ref(&r.outcome, &mut problems);
            if let (Some(when), Some(outcome)) = (when, outcome) {
                rules.push(Rule {
                    id: r.id.name,
                    pos: r.id.pos,
                    when,
                    outcome,
                    because: r.because,
                    source: r.source,
                });
            }
        }
        let default = raw.default.and_then(|d| {
            Some(DefaultRule {
                pos: d.outcome.pos,
                outcome: outcome_ref(&d.outcome, &mut problems)?,
                because: d.because,
                source: d.source,
            })
        });

        let mut findings = Vec::new();
        let mut finding_ids = HashSet::new();
        for f in raw.findings {
            if !finding_ids.insert(f.id.name.clone()) {
                problems.push(Diagnostic::new(
                    self.file,
                    f.id.pos,
                    format!("duplicate finding id `{}`", f.id.name),
                ));
            }
            let when = compile(&f.when, false, &mut problems);
            let escalate: Vec<_> = f
                .escalate
                .iter()
                .filter_map(|e| Some((e.severity, compile(&e.when, false, &mut problems)?)))
                .collect();
            let at =
                f.at.iter()
                    .filter_map(
                        |p| match plan_pointer(&p.name, questions, declared_settings) {
                            Ok(pointer) => Some(pointer),
                            Err(message) => {
                                problems.push(Diagnostic::new(self.file, p.pos, message));
                                None
                            }
                        },
                    )
                    .collect();
            let texts = std::iter::once(&f.message).chain(&f.remedy).chain(
                f.variants
                    .iter()
                    .flat_map(|v| v.message.iter().chain(&v.remedy)),
            );
            for text in texts {
                check_placeholders(
                    text,
                    f.id.pos,
                    (questions, declared_settings),
                    FINDING_NAMES,
                    &mut problems,
                    self.file,
                );
            }
            let variants = f
                .variants
                .into_iter()
                .filter_map(|v| {
                    if v.message.is_none() && v.remedy.is_none() {
                        problems.push(Diagnostic::new(
                            self.file,
                            v.when.pos,
                            "a variant rewords nothing; give it a `message`, a `remedy` or both",
                        ));
                    }
                    Some(Variant {
                        when: compile(&v.when, false, &mut problems)?,
                        message: v.message,
                        remedy: v.remedy,
                    })
                })
                .collect();
            {
                // A condition that does not compile is reported once, above. The finding is
                // kept all the same (with a condition that never holds: the load fails
                // anyway), so that scenarios, acknowledgements and severities naming it do
                // not each add an "unknown finding" of their own.
                let when = when.unwrap_or_else(|| Condition::Any(Vec::new()));
                findings.push(FindingDef {
                    id: f.id.name,
                    pos: f.id.pos,
                    severity: f.severity,
                    when,
                    escalate,
                    message: f.message,
                    remedy: f.remedy,
                    variants,
                    source: f.source,
                    contested: f
                        .contested
                        .and_then(|c| contested(c, premise_ids, &mut problems, self.file)),
                    at,
                });
            }
        }

        for (o, s, names) in step_covers {
            for name in names {
                match findings.iter().position(|f| f.id == name.name) {
                    Some(i) => outcomes[o].next_steps[s].covers.push(i),
                    None => problems.push(Diagnostic::new(
                        self.file,
                        name.pos,
                        format!("unknown finding `{}` in `covers`", name.name),
                    )),
                }
            }
        }

        let finding_ref = |name: &Name, problems: &mut Vec<Diagnostic>| {
            let found = findings.iter().position(|f| f.id == name.name);
            if found.is_none() {
                problems.push(Diagnostic::new(
                    self.file,
                    name.pos,
                    format!("unknown finding `{}` in test expectation", name.name),
                ));
            }
            found
        };
        let mut tests = Vec::new();
        for t in raw.tests {
            let planned = t
                .planned
                .as_ref()
                .and_then(|p| outcome_ref(p, &mut problems))
                .flatten();
            let e = &t.expect;
            let expect = Expectation {
                outcome: e
                    .outcome
                    .as_ref()
                    .and_then(|o| outcome_ref(o, &mut problems)),
                findings: e
                    .findings
                    .iter()
                    .filter_map(|f| finding_ref(f, &mut problems))
                    .collect(),
                not_findings: e
                    .not_findings
                    .iter()
                    .filter_map(|f| finding_ref(f, &mut problems))
                    .collect(),
                severities: e
                    .severities
                    .iter()
                    .filter_map(|s| Some((finding_ref(&s.finding, &mut problems)?, s.severity)))
                    .collect(),
                cost: e.cost,
            };
            tests.push(Scenario {
                name: t.name.name,
                pos: t.name.pos,
                source: t.source,
                answers: t.answers,
                planned,
                settings: t.settings,
                trust: t.trust.unwrap_or(rulebook.default_trust),
                expect,
            });
        }

        self.problems.extend(problems);
        rulebook.terraform = self.terraform(&rulebook, outcome_ids, raw.terraform);
        rulebook.outcomes = outcomes;
        rulebook.rules = rules;
        rulebook.default = default;
        rulebook.findings = findings;
        rulebook.tests = tests;
        rulebook
    }

    /// `terraform`: each resource type once, its path an outcome, its settings declared;
    /// each answer a question that takes the value given.
    fn terraform(
        &mut self,
        rulebook: &Rulebook,
        outcome_ids: &[String],
        raw: RawTerraform,
    ) -> TerraformMap {
        let mut map = TerraformMap::default();
        let mut seen = HashSet::new();
        for r in raw.resources {
            if !seen.insert(r.kind.name.clone()) {
                self.problem(
                    r.kind.pos,
                    format!("terraform resource type `{}` is listed twice", r.kind.name),
                );
            }
            let outcome = r.path.and_then(|p| {
                let found = outcome_ids.iter().position(|o| *o == p.name);
                if found.is_none() {
                    self.problem(
                        p.pos,
                        format!(
                            "terraform `path` `{}` is not an outcome; expected one of {}",
                            p.name,
                            outcome_ids.join(", ")
                        ),
                    );
                }
                found
            });
            let declared: Vec<String> = rulebook.settings.iter().map(|d| d.key.clone()).collect();
            let mut settings = Vec::new();
            for setting in r.settings {
                if let Err(why) = declared_setting(&setting.setting.name, &declared) {
                    self.problem(setting.setting.pos, why);
                }
                settings.push((setting.setting.name, attribute_path(&setting.attribute)));
            }
            map.resources.push(TerraformResource {
                kind: r.kind.name,
                outcome,
                settings,
            });
        }
        for a in raw.answers {
            let Some(question) = rulebook
                .questions
                .iter()
                .position(|q| q.id == a.question.name)
            else {
                self.problem(
                    a.question.pos,
                    format!("terraform answer: `{}` is not a question", a.question.name),
                );
                continue;
            };
            let q = &rulebook.questions[question];
            let mut value_of = |node: Option<Node>| {
                let node = node?;
                match q.read_node(&node) {
                    Ok(v) => Some(v),
                    Err(refusal) => {
                        self.problem(node.pos, refusal.message(q, Lang::En));
                        None
                    }
                }
            };
            let value = value_of(a.value);
            let otherwise = value_of(a.otherwise);
            map.answers.push(TerraformAnswer {
                question,
                block: a.block,
                attribute: attribute_path(&a.attribute),
                value,
                otherwise,
            });
        }
        map
    }

    fn premises(&mut self, rulebook: &mut Rulebook, raw: Vec<RawPremise>) {
        let mut seen = HashSet::new();
        for p in raw {
            self.check_id("premise", &p.id, &mut seen);
            if !p.url.starts_with("https://") {
                self.problem(
                    p.id.pos,
                    format!(
                        "premise `{}`: `url` must be an https address of the documentation",
                        p.id.name
                    ),
                );
            }
            if p.page == p.docs {
                self.problem(
                    p.id.pos,
                    format!(
                        "premise `{}` is {} under both sources of truth; a premise is a statement they disagree on (make it a fact instead)",
                        p.id.name, p.page
                    ),
                );
            }
            let checked = p.checked.name.clone();
            if !is_date(&checked) {
                self.problem(
                    p.checked.pos,
                    format!("`{checked}` is not a date; expected YYYY-MM-DD"),
                );
            }
            rulebook.premises.push(Premise {
                id: p.id.name,
                pos: p.id.pos,
                statement: p.statement,
                page: p.page,
                docs: p.docs,
                page_says: p.page_says,
                docs_say: p.docs_say,
                url: p.url,
                checked,
                source: p.source,
                page_phrases: p.phrases.page,
                docs_phrases: p.phrases.docs,
            });
        }
    }

    fn questions(&mut self, rulebook: &mut Rulebook, raw: Vec<RawQuestion>) {
        let mut seen = HashSet::new();
        for q in raw {
            self.check_id("question", &q.id, &mut seen);
            if KEYWORDS.contains(&q.id.name.as_str())
                || RESERVED_FLAGS.contains(&q.id.name.as_str())
            {
                self.problem(
                    q.id.pos,
                    format!("question id `{}` is reserved (a condition keyword or a command-line flag); choose another", q.id.name),
                );
            }
            let mut values = HashSet::new();
            let mut choices = Vec::new();
            for c in q.choices {
                if !is_id(&c.value.name) {
                    self.problem(
                        c.value.pos,
                        format!("choice value `{}` is not kebab-case", c.value.name),
                    );
                }
                if !values.insert(c.value.name.clone()) {
                    self.problem(c.value.pos, format!("duplicate choice `{}`", c.value.name));
                }
                choices.push(Choice {
                    value: c.value.name,
                    pos: c.value.pos,
                    label: c.label,
                    help: c.help,
                });
            }
            match q.kind {
                QuestionKind::Choice if choices.len() < 2 => self.problem(
                    q.id.pos,
                    format!("choice question `{}` needs at least two choices", q.id.name),
                ),
                QuestionKind::Choice if choices.len() > u16::MAX as usize => {
                    self.problem(q.id.pos, "too many choices")
                }
                QuestionKind::YesNo | QuestionKind::Number if !choices.is_empty() => self.problem(
                    q.id.pos,
                    format!(
                        "`{}` is not a choice question; remove its `choices`",
                        q.id.name
                    ),
                ),
                _ => {}
            }
            let mut question = Question {
                id: q.id.name,
                pos: q.id.pos,
                prompt: q.prompt,
                help: q.help,
                kind: q.kind,
                choices,
                ask_when: None,
                required: q.required,
                default: None,
                max: q.max,
                source: q.source,
            };
            if let Some(node) = &q.default {
                match question.read_node(node) {
                    Ok(v) => question.default = Some(v),
                    Err(refusal) => self.problem(node.pos, refusal.message(&question, Lang::En)),
                }
            }
            // An ask condition may only read questions asked before this one, so that the
            // questionnaire can decide whether to ask it when its turn comes.
            if let Some(node) = &q.ask_when {
                let scope = Scope {
                    file: self.file,
                    questions: &rulebook.questions,
                    outcomes: &[],
                    premises: None,
                    answers_only: true,
                    settings: &[],
                };
                match scope.compile(node) {
                    Ok(c) => question.ask_when = Some(c),
                    Err(mut d) => {
                        if d.message.starts_with("unknown question") {
                            d.message.push_str(
                                " (an ask-when condition may only read questions listed before it)",
                            );
                        }
                        self.problems.push(d)
                    }
                }
            }
            rulebook.questions.push(question);
        }
    }
}

/// Names a finding's texts may use besides question ids: the paths of a plan check, the
/// settings it lacks, and the figures of the cost estimate.
const FINDING_NAMES: &[&str] = &[
    "planned",
    "recommended",
    "missing",
    "cost.monthly",
    "cost.free",
    "cost.billable",
    "cost.currency",
];

mod checks;
pub use checks::is_date;
use checks::{check_placeholders, contested, is_https, plan_pointer};

/// `targets.endpoint` as its parts.
fn attribute_path(dotted: &str) -> Vec<String> {
    dotted.split('.').map(str::to_string).collect()
}
