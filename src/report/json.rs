//! JSON for scripts. The keys named in the public contract are stable; more may be added.

use indexmap::IndexMap;
use serde::Serialize;

use crate::answers::{AnswerText, Answers};
use crate::engine::{Decision, OtherTrust, Verdict};
use crate::rulebook::{Contested, Fact, Rulebook, Severity, Trust};
use crate::text::Text;

#[derive(Serialize)]
pub struct RulebookRef<'a> {
    pub id: &'a str,
    pub version: &'a str,
    /// The document the rulebook encodes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceJson<'a>>,
}

#[derive(Serialize)]
pub struct SourceJson<'a> {
    pub title: &'a Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
}

impl<'a> RulebookRef<'a> {
    pub fn of(rb: &'a Rulebook) -> Self {
        RulebookRef {
            id: &rb.id,
            version: &rb.version,
            source: rb.source.as_ref().map(|s| SourceJson {
                title: &s.title,
                url: s.url.as_deref(),
            }),
        }
    }
}

/// A next step, filled in from the answers.
#[derive(Serialize)]
pub struct NextStepJson<'a> {
    pub text: String,
    pub docs: &'a [String],
    /// The findings whose advice this step carries out.
    pub covers: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct RecommendJson<'a> {
    pub rulebook: RulebookRef<'a>,
    pub answers: IndexMap<String, AnswerText>,
    /// The recommended outcome in full, as `paths ID --format json` shows it.
    pub recommendation: Option<PathJson<'a>>,
    pub findings: Vec<FindingJson<'a>>,
    /// How many findings of each severity, as `check`'s summary counts them.
    pub summary: SummaryJson,
    pub rejected: Vec<RejectedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostJson<'a>>,
    /// Why there is no `cost` although a volume was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_estimate: Option<String>,
    /// The recommended outcome's next steps that apply, in order.
    pub next_steps: Vec<NextStepJson<'a>>,
    pub decided_by: DecidedByJson<'a>,
    pub trace: Vec<TraceJson<'a>>,
    /// The source of truth the premises were read under.
    pub trust: crate::rulebook::Trust,
    /// The premises the verdict read, with their value under `trust`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub premises: Vec<PremiseJson<'a>>,
    #[serde(rename = "under-other-trust", skip_serializing_if = "Option::is_none")]
    pub under_other_trust: Option<OtherTrustJson<'a>>,
}

#[derive(Serialize)]
pub struct SummaryJson {
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
}

#[derive(Serialize)]
pub struct FactJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<&'a Text>,
    pub text: &'a Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<OtherwiseJson<'a>>,
}

/// What the other source of truth says of the contested fact a text rests on: the
/// verdict's footnote, the one place the other source's words appear.
#[derive(Serialize)]
pub struct OtherwiseJson<'a> {
    /// The other source of truth.
    pub source: Trust,
    pub premise: &'a str,
    pub says: &'a Text,
    pub url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<&'a str>,
}

impl<'a> OtherwiseJson<'a> {
    pub fn of(rb: &'a Rulebook, trust: Trust, contested: &Contested) -> Self {
        Self::of_premise(rb, trust, contested.premise)
    }

    pub fn of_premise(rb: &'a Rulebook, trust: Trust, premise: usize) -> Self {
        let note = super::otherwise(rb, trust, premise);
        OtherwiseJson {
            source: trust.other(),
            premise: &rb.premises[premise].id,
            says: note.says,
            url: note.url,
            checked: note.checked,
        }
    }
}

/// `under-other-trust` in JSON.
#[derive(Serialize)]
pub struct OtherTrustJson<'a> {
    pub trust: Trust,
    pub path: Option<&'a str>,
    pub errors: Vec<&'a str>,
}

impl<'a> OtherTrustJson<'a> {
    pub fn of(rb: &'a Rulebook, other: &OtherTrust) -> Self {
        OtherTrustJson {
            trust: other.trust,
            path: other.outcome.map(|o| rb.outcomes[o].id.as_str()),
            errors: other
                .errors
                .iter()
                .map(|&f| rb.findings[f].id.as_str())
                .collect(),
        }
    }
}

/// A premise a verdict read, in JSON: what the followed source says, and as its footnote
/// what the other says.
#[derive(Serialize)]
pub struct PremiseJson<'a> {
    pub id: &'a str,
    pub holds: bool,
    pub statement: &'a Text,
    /// The followed source's statement.
    pub says: &'a Text,
    pub otherwise: OtherwiseJson<'a>,
}

pub fn premises_json<'a>(rb: &'a Rulebook, trust: Trust, read: &[usize]) -> Vec<PremiseJson<'a>> {
    read.iter()
        .map(|&p| {
            let premise = &rb.premises[p];
            PremiseJson {
                id: &premise.id,
                holds: premise.holds(trust),
                statement: &premise.statement,
                says: super::otherwise(rb, trust.other(), p).says,
                otherwise: OtherwiseJson::of_premise(rb, trust, p),
            }
        })
        .collect()
}

#[derive(Serialize)]
pub struct FindingJson<'a> {
    pub id: &'a str,
    pub severity: Severity,
    /// Worded for the answers (the variant that applies) and filled in.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<OtherwiseJson<'a>>,
}

impl<'a> FindingJson<'a> {
    pub fn of(
        rb: &'a Rulebook,
        fired: &crate::engine::Fired,
        values: &crate::fill::Values,
        trust: Trust,
    ) -> Self {
        let def = &rb.findings[fired.finding];
        let lang = crate::text::Lang::En;
        FindingJson {
            id: &def.id,
            severity: fired.severity,
            message: super::message(rb, fired, values, lang),
            remedy: super::remedy(rb, fired, values, lang),
            source: def.source.as_ref(),
            otherwise: def
                .contested
                .as_ref()
                .map(|c| OtherwiseJson::of(rb, trust, c)),
        }
    }
}

#[derive(Serialize)]
pub struct RejectedJson<'a> {
    pub path: &'a str,
    pub name: &'a Text,
    pub reasons: Vec<&'a Text>,
    pub blocked_by: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct CostJson<'a> {
    pub currency: &'a str,
    pub monthly: f64,
    pub free: u64,
    pub volume: u64,
    pub billable: u64,
    pub unit_price: f64,
    pub unit_size: u64,
    pub unit: &'a Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<OtherwiseJson<'a>>,
}

#[derive(Serialize)]
pub struct DecidedByJson<'a> {
    /// The rule id, `default`, or null when nothing decided.
    pub rule: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because: Option<&'a Text>,
}

#[derive(Serialize)]
pub struct TraceJson<'a> {
    pub rule: &'a str,
    pub matched: bool,
    pub read: IndexMap<&'a str, Option<AnswerText>>,
}

/// The facts shown under `trust`, each with what the other source says where contested.
fn facts<'a>(
    rb: &'a Rulebook,
    list: &'a [Fact],
    answers: &Answers,
    trust: Trust,
) -> Vec<FactJson<'a>> {
    list.iter()
        .filter(|f| super::fact_shown(rb, f, answers, trust))
        .map(|f| FactJson {
            label: f.label.as_ref(),
            text: &f.text,
            source: f.source.as_ref(),
            otherwise: f
                .contested
                .as_ref()
                .map(|c| OtherwiseJson::of(rb, trust, c)),
        })
        .collect()
}

pub fn answers_map(rb: &Rulebook, answers: &Answers) -> IndexMap<String, AnswerText> {
    answers.to_pairs(rb).into_iter().collect()
}

pub fn recommend_view<'a>(
    rb: &'a Rulebook,
    answers: &Answers,
    verdict: &Verdict,
) -> RecommendJson<'a> {
    let recommendation = verdict
        .outcome
        .map(|o| path_view(rb, o, answers, verdict.trust));
    let values = super::values(rb, answers, verdict);
    let lang = crate::text::Lang::En;
    let findings: Vec<FindingJson> = verdict
        .findings
        .iter()
        .map(|f| FindingJson::of(rb, f, &values, verdict.trust))
        .collect();
    let next_steps = super::steps(rb, verdict, &values, lang)
        .into_iter()
        .map(|s| NextStepJson {
            text: s.text,
            docs: s.docs,
            covers: s
                .covers
                .iter()
                .map(|&f| rb.findings[f].id.as_str())
                .collect(),
        })
        .collect();
    let no_estimate = super::no_estimate(rb, answers, verdict, lang);
    let rejected = verdict
        .rejected
        .iter()
        .map(|r| {
            let outcome = &rb.outcomes[r.outcome];
            RejectedJson {
                path: &outcome.id,
                name: &outcome.name,
                reasons: r
                    .reasons
                    .iter()
                    .map(|&i| &outcome.not_fit[i].reason)
                    .collect(),
                blocked_by: r
                    .blocked_by
                    .iter()
                    .map(|&f| rb.findings[f].id.as_str())
                    .collect(),
            }
        })
        .collect();
    let cost = verdict.cost.as_ref().and_then(|c| {
        let billing = rb.outcomes[c.outcome].billing_used(c.alternative)?;
        Some(CostJson {
            currency: &billing.currency,
            monthly: c.monthly,
            free: c.free,
            volume: c.volume,
            billable: c.billable,
            unit_price: billing.unit_price,
            unit_size: billing.unit_size,
            unit: &billing.unit,
            source: billing.source.as_ref(),
            otherwise: billing
                .contested
                .as_ref()
                .map(|c| OtherwiseJson::of(rb, verdict.trust, c)),
        })
    });
    let decided_by = match verdict.decided_by {
        Decision::Rule(i) => DecidedByJson {
            rule: Some(&rb.rules[i].id),
            because: rb.rules[i].because.as_ref(),
        },
        Decision::Default => DecidedByJson {
            rule: Some("default"),
            because: rb.default.as_ref().and_then(|d| d.because.as_ref()),
        },
        Decision::NoRule => DecidedByJson {
            rule: None,
            because: None,
        },
    };
    let trace = verdict
        .trace
        .iter()
        .map(|step| TraceJson {
            rule: &rb.rules[step.rule].id,
            matched: step.matched,
            read: step
                .read
                .iter()
                .map(|&q| {
                    let question = &rb.questions[q];
                    (
                        question.id.as_str(),
                        answers.get(q).map(|v| AnswerText::of(question, v)),
                    )
                })
                .collect(),
        })
        .collect();
    RecommendJson {
        rulebook: RulebookRef::of(rb),
        answers: answers_map(rb, answers),
        recommendation,
        summary: SummaryJson {
            errors: findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
            warnings: findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
            info: findings
                .iter()
                .filter(|f| f.severity == Severity::Info)
                .count(),
        },
        findings,
        rejected,
        cost,
        no_estimate,
        next_steps,
        decided_by,
        trace,
        trust: verdict.trust,
        premises: premises_json(rb, verdict.trust, &verdict.premises),
        under_other_trust: verdict
            .under_other_trust
            .as_ref()
            .map(|o| OtherTrustJson::of(rb, o)),
    }
}

/// What `recommend --format json` prints when required answers are missing: the answers
/// given, and each missing question with the flag that answers it.
pub fn missing_answers(rb: &Rulebook, answers: &Answers, missing: &[usize]) -> String {
    #[derive(Serialize)]
    struct Missing<'a> {
        id: &'a str,
        flag: String,
        prompt: &'a Text,
    }
    #[derive(Serialize)]
    struct MissingJson<'a> {
        rulebook: RulebookRef<'a>,
        answers: IndexMap<String, AnswerText>,
        recommendation: Option<()>,
        missing: Vec<Missing<'a>>,
    }
    pretty(&MissingJson {
        rulebook: RulebookRef {
            id: &rb.id,
            version: &rb.version,
            source: rb.source.as_ref().map(|s| SourceJson {
                title: &s.title,
                url: s.url.as_deref(),
            }),
        },
        answers: answers_map(rb, answers),
        recommendation: None,
        missing: missing
            .iter()
            .map(|&q| Missing {
                id: &rb.questions[q].id,
                flag: format!("--{}", rb.questions[q].id),
                prompt: &rb.questions[q].prompt,
            })
            .collect(),
    })
}

pub fn recommendation(rb: &Rulebook, answers: &Answers, verdict: &Verdict) -> String {
    pretty(&recommend_view(rb, answers, verdict))
}

#[derive(Serialize)]
pub struct PathJson<'a> {
    pub path: &'a str,
    pub name: &'a Text,
    pub kind: crate::rulebook::OutcomeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_for: Option<&'a Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complexity: Option<&'a Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_fact: Option<&'a Text>,
    pub key_facts: Vec<FactJson<'a>>,
    pub when_to_use: Vec<FactJson<'a>>,
    pub when_not_to_use: Vec<FactJson<'a>>,
    pub limitations: Vec<FactJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail_skill: Option<&'a str>,
}

fn path_view<'a>(
    rb: &'a Rulebook,
    outcome: usize,
    answers: &Answers,
    trust: Trust,
) -> PathJson<'a> {
    let o = &rb.outcomes[outcome];
    PathJson {
        path: &o.id,
        name: &o.name,
        kind: o.kind,
        best_for: o.best_for.as_ref(),
        complexity: o.complexity.as_ref(),
        code_required: o.code_required,
        automation: o.automation,
        description: o.description.as_ref(),
        key_fact: o.key_fact.as_ref(),
        key_facts: facts(rb, &o.key_facts, answers, trust),
        when_to_use: facts(rb, &o.when_to_use, answers, trust),
        when_not_to_use: facts(rb, &o.when_not_to_use, answers, trust),
        limitations: facts(rb, &o.limitations, answers, trust),
        detail_skill: o.detail_skill.as_deref(),
    }
}

pub fn paths(rb: &Rulebook, trust: Trust) -> String {
    let none = Answers::default();
    let all: Vec<PathJson> = (0..rb.outcomes.len())
        .map(|o| path_view(rb, o, &none, trust))
        .collect();
    pretty(&all)
}

pub fn path(rb: &Rulebook, outcome: usize, trust: Trust) -> String {
    pretty(&path_view(rb, outcome, &Answers::default(), trust))
}

pub fn pretty<T: Serialize>(value: &T) -> String {
    // Room for a whole verdict (about 12 KB) from the start: grown from empty, the text
    // was copied seven times, each copy onto fresh heap pages that a short run pays for.
    let mut text = Vec::with_capacity(16 * 1024);
    serde_json::to_writer_pretty(&mut text, value).expect("JSON views serialize");
    text.push(b'\n');
    String::from_utf8(text).expect("serde_json writes UTF-8")
}
