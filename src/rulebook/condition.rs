//! Conditions: when a question is asked, which rule matches, when a finding fires.
//!
//! Written in YAML as a mapping; each entry is a test and all of them must hold:
//!
//! ```yaml
//! when:
//!   goal: buy                         # the answer equals this value
//!   colour: [red, blue]               # ... is one of these
//!   quantity: { gt: 1000 }            # numeric comparison (gt, gte, lt, lte, eq, ne)
//!   size: { not-in: [other] }         # answered, and not one of these
//!   budget: { answered: true }        # answered at all
//!   any: [ {...}, {...} ]             # combinators: all, any, not
//!   outcome: paint                    # the recommended outcome (or `none`)
//!   path: paint                       # the recommended outcome or the planned path
//!   planned: wallpaper                # the path a plan chose (plans only)
//!   planned-differs: true             # a plan chose another path than the recommended one
//!   settings-missing: [shop-id]       # any of these plan settings is missing or empty
//!   premise: stock-online             # the premise holds under the chosen source of truth
//! ```

use super::{AnswerValue, Question, QuestionKind, NO_OUTCOME};
use crate::text::Lang;
use crate::yaml::{Diagnostic, Name, Node, Pos, Value};
use borsh::{BorshDeserialize, BorshSerialize};

/// Words with a meaning of their own in a condition; no question may use them as its id.
pub const KEYWORDS: &[&str] = &[
    "all",
    "any",
    "not",
    "outcome",
    "path",
    "planned",
    "planned-differs",
    "settings-missing",
    "premise",
];

#[derive(Clone, Debug, PartialEq, BorshSerialize, BorshDeserialize)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Answer {
        question: usize,
        test: Test,
    },
    /// The recommended outcome is one of these (`None` is "no outcome").
    Outcome(Vec<Option<usize>>),
    /// The recommended outcome or the planned path is one of these.
    Path(Vec<usize>),
    /// The plan's path is one of these; false without a plan.
    Planned(Vec<usize>),
    /// A plan's path differs from the recommended outcome; false without a plan.
    PlannedDiffers(bool),
    /// Any of these settings is missing or empty; false without a plan.
    SettingsMissing(Vec<String>),
    /// The premise holds under the source of truth the verdict follows.
    Premise(usize),
}

#[derive(Clone, Debug, PartialEq, BorshSerialize, BorshDeserialize)]
pub enum Test {
    /// Answered with one of these values.
    OneOf(Vec<AnswerValue>),
    /// Answered with none of these values.
    NoneOf(Vec<AnswerValue>),
    Compare(CmpOp, u64),
    Answered(bool),
}

impl Test {
    /// The numbers the test compares an answer with: a number answer changes how it
    /// passes only at them (and one past them).
    pub fn numbers(&self) -> Vec<u64> {
        match self {
            Test::Compare(_, c) => vec![*c],
            Test::OneOf(vs) | Test::NoneOf(vs) => vs
                .iter()
                .filter_map(|v| match v {
                    AnswerValue::Number(n) => Some(*n),
                    _ => None,
                })
                .collect(),
            Test::Answered(_) => Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub enum CmpOp {
    Gt,
    Gte,
    Lt,
    Lte,
    Eq,
    Ne,
}

impl CmpOp {
    pub fn holds(self, left: u64, right: u64) -> bool {
        match self {
            CmpOp::Gt => left > right,
            CmpOp::Gte => left >= right,
            CmpOp::Lt => left < right,
            CmpOp::Lte => left <= right,
            CmpOp::Eq => left == right,
            CmpOp::Ne => left != right,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Gt => ">",
            CmpOp::Gte => "≥",
            CmpOp::Lt => "<",
            CmpOp::Lte => "≤",
            CmpOp::Eq => "=",
            CmpOp::Ne => "≠",
        }
    }

    fn from_key(key: &str) -> Option<CmpOp> {
        Some(match key {
            "gt" => CmpOp::Gt,
            "gte" => CmpOp::Gte,
            "lt" => CmpOp::Lt,
            "lte" => CmpOp::Lte,
            "eq" => CmpOp::Eq,
            "ne" => CmpOp::Ne,
            _ => return None,
        })
    }
}

impl Condition {
    /// Every question this condition reads, in order of appearance (with repeats).
    pub fn questions(&self, out: &mut Vec<usize>) {
        match self {
            Condition::All(items) | Condition::Any(items) => {
                items.iter().for_each(|c| c.questions(out))
            }
            Condition::Not(inner) => inner.questions(out),
            Condition::Answer { question, .. } => out.push(*question),
            _ => {}
        }
    }

    /// Every settings key this condition's `settings-missing` tests name.
    pub fn settings_keys<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::All(items) | Condition::Any(items) => {
                items.iter().for_each(|c| c.settings_keys(out))
            }
            Condition::Not(inner) => inner.settings_keys(out),
            Condition::SettingsMissing(keys) => out.extend(keys.iter().map(String::as_str)),
            _ => {}
        }
    }

    /// Whether the condition looks at anything but answers (outcome, plan, settings).
    pub fn reads_beyond_answers(&self) -> bool {
        match self {
            Condition::All(items) | Condition::Any(items) => {
                items.iter().any(Condition::reads_beyond_answers)
            }
            Condition::Not(inner) => inner.reads_beyond_answers(),
            // A premise is known before any answer: it is no outcome and no plan.
            Condition::Answer { .. } | Condition::Premise(_) => false,
            _ => true,
        }
    }

    /// Whether the condition reads the plan (its path, planned-differs, settings; `path`
    /// reads the planned path as well as the outcome).
    pub fn reads_plan(&self) -> bool {
        match self {
            Condition::All(items) | Condition::Any(items) => {
                items.iter().any(Condition::reads_plan)
            }
            Condition::Not(inner) => inner.reads_plan(),
            Condition::Planned(_)
            | Condition::PlannedDiffers(_)
            | Condition::SettingsMissing(_)
            | Condition::Path(_) => true,
            Condition::Answer { .. } | Condition::Outcome(_) | Condition::Premise(_) => false,
        }
    }

    /// Whether the condition can only hold when a plan is being checked.
    pub fn needs_plan(&self) -> bool {
        match self {
            Condition::All(items) => items.iter().any(Condition::needs_plan),
            Condition::Any(items) => !items.is_empty() && items.iter().all(Condition::needs_plan),
            Condition::Not(_) | Condition::Answer { .. } | Condition::Premise(_) => false,
            Condition::Outcome(_) | Condition::Path(_) => false,
            Condition::Planned(_) | Condition::SettingsMissing(_) => true,
            Condition::PlannedDiffers(expected) => *expected,
        }
    }
}

/// What a condition may refer to where it stands.
pub struct Scope<'a> {
    pub file: &'a str,
    pub questions: &'a [Question],
    pub outcomes: &'a [String],
    /// `None` where premises cannot be tested (ask-when: asking depends on answers only).
    pub premises: Option<&'a [String]>,
    /// Ask-when conditions see answers only.
    pub answers_only: bool,
    /// The settings keys `plans.settings` declares (empty: any key may be tested).
    pub settings: &'a [String],
}

impl Scope<'_> {
    fn err(&self, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.file, pos, message)
    }

    pub fn compile(&self, node: &Node) -> Result<Condition, Diagnostic> {
        let entries = node.as_map().ok_or_else(|| {
            self.err(
                node.pos,
                format!(
                    "found {} for a condition; expected a mapping such as `{{ question-id: value }}`",
                    node.kind_name()
                ),
            )
        })?;
        if entries.is_empty() {
            return Err(self.err(
                node.pos,
                "empty condition; expected at least one test (write no `when` to mean always)",
            ));
        }
        let mut tests = entries
            .iter()
            .map(|(key, value)| self.compile_entry(key, value))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(if tests.len() == 1 {
            tests.remove(0)
        } else {
            Condition::All(tests)
        })
    }

    fn compile_list(&self, key: &Name, node: &Node) -> Result<Vec<Condition>, Diagnostic> {
        match &node.value {
            Value::Seq(items) if !items.is_empty() => {
                items.iter().map(|item| self.compile(item)).collect()
            }
            _ => Err(self.err(
                node.pos,
                format!(
                    "`{}` takes a non-empty list of conditions; found {}",
                    key.name,
                    node.kind_name()
                ),
            )),
        }
    }

    fn compile_entry(&self, key: &Name, value: &Node) -> Result<Condition, Diagnostic> {
        let beyond = |c: Condition| {
            if self.answers_only {
                Err(self.err(
                    key.pos,
                    format!(
                        "`{}` cannot be used here: this condition is decided before any outcome or plan exists; use answers only",
                        key.name
                    ),
                ))
            } else {
                Ok(c)
            }
        };
        match key.name.as_str() {
            "all" => Ok(Condition::All(self.compile_list(key, value)?)),
            "any" => Ok(Condition::Any(self.compile_list(key, value)?)),
            "not" => Ok(Condition::Not(Box::new(self.compile(value)?))),
            "outcome" => {
                let ids = self.outcome_list(value, true)?;
                beyond(Condition::Outcome(ids))
            }
            "path" => {
                let ids = self.outcome_list(value, false)?;
                beyond(Condition::Path(ids.into_iter().flatten().collect()))
            }
            "planned" => {
                let ids = self.outcome_list(value, false)?;
                beyond(Condition::Planned(ids.into_iter().flatten().collect()))
            }
            "planned-differs" => match value.value {
                Value::Bool(b) => beyond(Condition::PlannedDiffers(b)),
                _ => Err(self.err(value.pos, "`planned-differs` takes true or false")),
            },
            "settings-missing" => {
                let keys = self.string_list(value)?;
                beyond(Condition::SettingsMissing(keys))
            }
            "premise" => {
                let Some(premises) = self.premises else {
                    return Err(self.err(
                        key.pos,
                        "`premise` cannot be used here: whether a question is asked depends on answers only",
                    ));
                };
                let id = value.scalar_text().unwrap_or_default();
                let premise = premises.iter().position(|p| *p == id).ok_or_else(|| {
                    self.err(
                        value.pos,
                        if premises.is_empty() {
                            format!("unknown premise `{id}`: this rulebook declares no `premises`")
                        } else {
                            format!(
                                "unknown premise `{id}`; expected one of {}",
                                premises.join(", ")
                            )
                        },
                    )
                })?;
                Ok(Condition::Premise(premise))
            }
            name => {
                let question = self
                    .questions
                    .iter()
                    .position(|q| q.id == name)
                    .ok_or_else(|| {
                        let known: Vec<&str> =
                            self.questions.iter().map(|q| q.id.as_str()).collect();
                        let meant = crate::suggest::nearest(
                            name,
                            known.iter().copied().chain(KEYWORDS.iter().copied()),
                        )
                        .map(|m| format!(" (did you mean `{m}`?)"))
                        .unwrap_or_default();
                        self.err(
                            key.pos,
                            format!(
                                "unknown question `{name}` in condition{meant}; expected a question id ({}) or one of {}",
                                known.join(", "),
                                KEYWORDS.join(", ")
                            ),
                        )
                    })?;
                let test = self.compile_test(&self.questions[question], value)?;
                Ok(Condition::Answer { question, test })
            }
        }
    }

    fn compile_test(&self, question: &Question, node: &Node) -> Result<Test, Diagnostic> {
        match &node.value {
            Value::Seq(items) => Ok(Test::OneOf(self.values(question, items)?)),
            Value::Map(entries) => {
                let [(key, value)] = entries.as_slice() else {
                    return Err(self.err(
                        node.pos,
                        "a value test takes exactly one of: in, not-in, answered, gt, gte, lt, lte, eq, ne",
                    ));
                };
                match key.name.as_str() {
                    "in" | "not-in" => {
                        let items = match &value.value {
                            Value::Seq(items) => items.clone(),
                            _ => vec![value.clone()],
                        };
                        let values = self.values(question, &items)?;
                        Ok(if key.name == "in" {
                            Test::OneOf(values)
                        } else {
                            Test::NoneOf(values)
                        })
                    }
                    "answered" => match value.value {
                        Value::Bool(b) => Ok(Test::Answered(b)),
                        _ => Err(self.err(value.pos, "`answered` takes true or false")),
                    },
                    op => {
                        let op = CmpOp::from_key(op).ok_or_else(|| {
                            self.err(
                                key.pos,
                                format!("unknown test `{op}`; expected one of in, not-in, answered, gt, gte, lt, lte, eq, ne"),
                            )
                        })?;
                        if question.kind != QuestionKind::Number {
                            return Err(self.err(
                                key.pos,
                                format!(
                                    "`{}` compares numbers, but `{}` is not a number question",
                                    key.name, question.id
                                ),
                            ));
                        }
                        match question.read_node(value) {
                            Ok(AnswerValue::Number(n)) => Ok(Test::Compare(op, n)),
                            Ok(_) | Err(_) => Err(self.err(
                                value.pos,
                                format!("`{}` takes a whole number of 0 or more", key.name),
                            )),
                        }
                    }
                }
            }
            _ => Ok(Test::OneOf(
                self.values(question, std::slice::from_ref(node))?,
            )),
        }
    }

    fn values(&self, question: &Question, items: &[Node]) -> Result<Vec<AnswerValue>, Diagnostic> {
        if items.is_empty() {
            return Err(self.err(Pos::START, "empty list of values"));
        }
        items
            .iter()
            .map(|item| {
                question
                    .read_node(item)
                    .map_err(|refusal| self.err(item.pos, refusal.message(question, Lang::En)))
            })
            .collect()
    }

    fn outcome_list(
        &self,
        node: &Node,
        allow_none: bool,
    ) -> Result<Vec<Option<usize>>, Diagnostic> {
        let items = match &node.value {
            Value::Seq(items) => items.clone(),
            _ => vec![node.clone()],
        };
        items
            .iter()
            .map(|item| {
                let id = item.scalar_text().unwrap_or_default();
                if allow_none && id == NO_OUTCOME {
                    return Ok(None);
                }
                self.outcomes
                    .iter()
                    .position(|o| *o == id)
                    .map(Some)
                    .ok_or_else(|| {
                        self.err(
                            item.pos,
                            format!(
                                "unknown outcome `{id}`; expected one of {}{}",
                                self.outcomes.join(", "),
                                if allow_none { ", none" } else { "" }
                            ),
                        )
                    })
            })
            .collect()
    }

    fn string_list(&self, node: &Node) -> Result<Vec<String>, Diagnostic> {
        let items = match &node.value {
            Value::Seq(items) => items.clone(),
            _ => vec![node.clone()],
        };
        items
            .iter()
            .map(|item| match &item.value {
                Value::Str(s) if !s.is_empty() => {
                    super::declared_setting(s, self.settings)
                        .map_err(|message| self.err(item.pos, message))?;
                    Ok(s.clone())
                }
                _ => Err(self.err(item.pos, "expected a settings key")),
            })
            .collect()
    }
}
