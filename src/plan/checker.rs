//! The checks of one parsed plan: its keys, answers, path, settings, secrets,
//! acknowledgements and rulebook reference, then the rulebook's findings, each at the
//! place in the file it is about.

mod settings;

use super::credentials;
use super::lookup::{is_literal_secret, locate, missing_with_typos, setting, PlanSettings};
use super::suggest::{did_you_mean, nearest};
use super::{
    invalid, is_secret_key, Generic, Kind, Languages, PlanFinding, PlanReport, PlanStep, Said,
    PLAN_KEYS,
};
use crate::answers::Answers;
use crate::engine::{self, OtherTrust, PlanContext, Settings};
use crate::rulebook::{Rulebook, Trust};
use crate::text::{inline, Lang};
use crate::yaml::{Name, Node, Pos, Value};

/// A setting as a next step or a message names it: a scalar, or a list of scalars joined
/// with commas; nothing for a mapping or a missing key.
fn setting_text(settings: Option<&Node>, key: &str) -> Option<String> {
    let (_, node) = setting(settings?, key)?;
    match &node.value {
        Value::Seq(items) => {
            let items: Option<Vec<String>> = items.iter().map(|i| i.scalar_text()).collect();
            items.filter(|i| !i.is_empty()).map(|i| i.join(", "))
        }
        Value::Map(_) | Value::Null => None,
        _ => node.scalar_text().filter(|t| !t.trim().is_empty()),
    }
}

/// Where a problem with a value is shown: at the value, or at its key when the value is
/// left empty (a null has no text of its own to point at).
fn place_of(key: &Name, value: &Node) -> Pos {
    if value.value == Value::Null {
        key.pos
    } else {
        value.pos
    }
}

pub(super) struct Checker<'a> {
    rb: &'a Rulebook,
    findings: Vec<PlanFinding>,
    trust: Trust,
    under_other_trust: Option<OtherTrust>,
    /// The languages the rulebook's texts are filled in.
    languages: Languages,
    implementations: Option<&'a dyn super::Implementations>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(rb: &'a Rulebook, trust: Trust, languages: Languages) -> Self {
        Checker {
            rb,
            findings: Vec::new(),
            trust,
            under_other_trust: None,
            languages,
            implementations: None,
        }
    }

    pub(super) fn reading_implementations(
        mut self,
        implementations: Option<&'a dyn super::Implementations>,
    ) -> Self {
        self.implementations = implementations;
        self
    }

    /// `implemented-by`: the folder of the Terraform files that carry the plan out. Its
    /// secrets, and where it disagrees with the plan, are this plan's findings.
    fn implementation(&mut self, root: &Node, planned: usize, answers: &Answers) {
        let Some((key, value)) = root.get("implemented-by") else {
            return;
        };
        let folder = match &value.value {
            Value::Str(folder) if !folder.trim().is_empty() => folder,
            _ => {
                let pos = place_of(key, value);
                self.invalid(
                    pos,
                    format!(
                        "found {} for `implemented-by`; expected the folder of the Terraform files that carry out the plan, relative to the plan",
                        value.kind_name()
                    ),
                    format!(
                        "`implemented-by` 的值是{}；应为实现本方案的 Terraform 文件所在目录（相对于方案）",
                        value.kind_name_zh()
                    ),
                );
                return;
            }
        };
        let Some(reader) = self.implementations else {
            return;
        };
        match reader.read(folder) {
            Err(why) => self.invalid(
                value.pos,
                format!("cannot read `implemented-by` {}: {why}", inline(folder)),
                format!("无法读取 `implemented-by` {}：{why}", inline(folder)),
            ),
            Ok(config) => {
                let side = super::terraform::PlanSide::of(self.rb, root, planned, answers, folder);
                let found = super::terraform::compare_with_plan(self.rb, &side, &config);
                self.findings.extend(found);
            }
        }
    }

    fn invalid(&mut self, pos: Pos, en: String, zh: String) {
        self.findings.push(invalid(pos, Said::new(en, zh)));
    }

    fn generic(&mut self, g: Generic, pos: Pos, said: Said) {
        self.findings.push(PlanFinding {
            kind: Kind::Generic(g),
            severity: g.severity(),
            pos,
            said: Some(said),
            fix: None,
            acknowledged: None,
            frame: None,
            file: None,
        });
    }

    pub(super) fn check(mut self, root: &Node) -> PlanReport {
        let rb = self.rb;
        let entries = match &root.value {
            Value::Map(entries) => entries.as_slice(),
            Value::Null => {
                self.invalid(
                    Pos::START,
                    "the plan is empty; expected a mapping with `path` and `answers`".into(),
                    "方案为空；应为包含 `path` 和 `answers` 的映射".into(),
                );
                return self.finish(None);
            }
            _ => {
                self.invalid(
                    root.pos,
                    format!(
                        "found {} at the top of the plan; expected a mapping with the keys {}",
                        root.kind_name(),
                        PLAN_KEYS.join(", ")
                    ),
                    format!(
                        "方案顶层是{}；应为包含以下键的映射：{}",
                        root.kind_name_zh(),
                        PLAN_KEYS.join(", ")
                    ),
                );
                return self.finish(None);
            }
        };
        // Keys misspelt with a clear suggestion are not reported as missing as well.
        let mut misspelt = Vec::new();
        for (key, _) in entries {
            if !PLAN_KEYS.contains(&key.name.as_str()) {
                misspelt.extend(nearest(&key.name, PLAN_KEYS.iter().copied()));
                let hint = did_you_mean(&key.name, PLAN_KEYS.iter().copied());
                self.invalid(
                    key.pos,
                    format!(
                        "unknown key `{}`{}; expected one of {}",
                        inline(&key.name),
                        hint.en,
                        PLAN_KEYS.join(", ")
                    ),
                    format!(
                        "未知的键 `{}`{}；应为以下之一：{}",
                        inline(&key.name),
                        hint.zh,
                        PLAN_KEYS.join(", ")
                    ),
                );
            }
        }
        let outcome_ids = || {
            rb.outcomes
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };

        // path
        let planned = match root.get("path") {
            None if misspelt.contains(&"path") => None,
            None => {
                self.invalid(
                    root.pos,
                    format!(
                        "missing `path`: the outcome the plan follows; expected one of {}",
                        outcome_ids()
                    ),
                    format!(
                        "缺少 `path`（方案采用的路径）；应为以下之一：{}",
                        outcome_ids()
                    ),
                );
                None
            }
            Some((key, value)) => match &value.value {
                Value::Str(id) => match rb.outcome(id) {
                    Some(o) => Some(o),
                    None => {
                        let hint = did_you_mean(id, rb.outcomes.iter().map(|o| o.id.as_str()));
                        self.invalid(
                            value.pos,
                            format!(
                                "unknown path `{}`{}; expected one of {}",
                                inline(id),
                                hint.en,
                                outcome_ids()
                            ),
                            format!(
                                "未知的路径 `{}`{}；应为以下之一：{}",
                                inline(id),
                                hint.zh,
                                outcome_ids()
                            ),
                        );
                        None
                    }
                },
                _ => {
                    let pos = place_of(key, value);
                    self.invalid(
                        pos,
                        format!(
                            "found {} for `path`; expected one of {}",
                            value.kind_name(),
                            outcome_ids()
                        ),
                        format!(
                            "`path` 的值是{}；应为以下之一：{}",
                            value.kind_name_zh(),
                            outcome_ids()
                        ),
                    );
                    None
                }
            },
        };

        let answers = if root.get("answers").is_none() && misspelt.contains(&"answers") {
            None
        } else {
            self.answers(root)
        };
        let settings = self.settings(root);
        let acknowledged = self.acknowledge(root);
        self.rulebook_ref(root);

        let (Some(planned), Some(answers)) = (planned, answers) else {
            return self.finish(planned);
        };
        let filled_answers = engine::with_defaults(rb, &answers);
        let verdict = engine::decide(
            rb,
            &filled_answers,
            Some(&PlanContext {
                planned: Some(planned),
                settings: &PlanSettings(settings),
            }),
            self.trust,
        );
        self.under_other_trust = verdict.under_other_trust.clone();
        let recommended = rb.outcome_id(verdict.outcome);
        for fired in &verdict.findings {
            let def = &rb.findings[fired.finding];
            let pos = locate(rb, root, &def.at);
            // Messages may name the paths (`{planned}`, `{recommended}`), the settings the
            // finding's `settings-missing` tests found missing (`{missing}`), answers and
            // the cost; a variant of the finding may reword the message and the remedy.
            let message = def.message_for(fired.variant);
            let remedy = def.remedy_for(fired.variant);
            let templated = |t: &crate::text::Text| t.translations().any(|(_, t)| t.contains('{'));
            let filled = |lang: Lang| {
                let mut keys = Vec::new();
                def.when.settings_keys(&mut keys);
                let plan_settings = PlanSettings(settings);
                keys.retain(|k| plan_settings.is_missing(k));
                keys.dedup();
                let (missing_en, missing_zh) = missing_with_typos(&keys, settings);
                let missing = match lang {
                    Lang::En => missing_en,
                    Lang::Zh => missing_zh,
                };
                let recommended = match verdict.outcome {
                    Some(_) => recommended.to_string(),
                    None => {
                        crate::i18n::tr(lang, "no supported path", "没有可用的路径").to_string()
                    }
                };
                let names = [
                    ("planned", rb.outcomes[planned].id.as_str()),
                    ("recommended", recommended.as_str()),
                    ("missing", missing.as_str()),
                ];
                let get = |key: &str| setting_text(settings, key);
                let values = crate::fill::Values {
                    rb,
                    answers: &filled_answers,
                    cost: verdict.cost.as_ref(),
                    setting: Some(&get),
                    extra: &names,
                };
                (
                    values.fill(message.get(lang), lang),
                    remedy.map(|r| values.fill(r.get(lang), lang)),
                )
            };
            let (said, fix) =
                if fired.variant.is_some() || templated(message) || remedy.is_some_and(templated) {
                    let unfilled = (String::new(), remedy.map(|_| String::new()));
                    let (en, fix_en) = match self.languages.has(Lang::En) {
                        true => filled(Lang::En),
                        false => unfilled.clone(),
                    };
                    let (zh, fix_zh) = match self.languages.has(Lang::Zh) {
                        true => filled(Lang::Zh),
                        false => unfilled,
                    };
                    (
                        Some(Said::new(en, zh)),
                        fix_en.zip(fix_zh).map(|(en, zh)| Said::new(en, zh)),
                    )
                } else {
                    (None, None)
                };
            self.findings.push(PlanFinding {
                kind: Kind::Rule(fired.finding),
                severity: fired.severity,
                pos,
                said,
                fix,
                acknowledged: None,
                frame: None,
                file: None,
            });
        }
        self.implementation(root, planned, &answers);
        for (name, reason) in acknowledged {
            let mut used = false;
            for f in self.findings.iter_mut() {
                let id = match f.kind {
                    Kind::Rule(i) => rb.findings[i].id.as_str(),
                    Kind::Generic(g) if g.acknowledgeable() => g.id(),
                    Kind::Generic(_) => continue,
                };
                if id == name.name {
                    f.acknowledged = Some(reason.clone());
                    used = true;
                }
            }
            if !used {
                self.generic(
                    Generic::UnusedAcknowledgement,
                    name.pos,
                    Said::new(
                        format!(
                            "`{}` is acknowledged but does not occur in this plan",
                            inline(&name.name)
                        ),
                        format!(
                            "已确认 `{}`，但该发现并未出现在此方案中",
                            inline(&name.name)
                        ),
                    ),
                );
            }
        }
        let languages = self.languages;
        let mut report = self.finish(Some(planned));
        if verdict.outcome == Some(planned) {
            let get = |key: &str| setting_text(settings, key);
            let values = crate::fill::Values {
                rb,
                answers: &filled_answers,
                cost: verdict.cost.as_ref(),
                setting: Some(&get),
                extra: &[],
            };
            report.next_steps = verdict
                .next_steps
                .iter()
                .map(|&i| {
                    let step = &rb.outcomes[planned].next_steps[i];
                    // Only in the languages the reports print (`Said::get` gives the
                    // other for one left empty).
                    let fill = |lang| match languages.has(lang) {
                        true => values.fill(step.text.get(lang), lang),
                        false => String::new(),
                    };
                    PlanStep {
                        text: Said::new(fill(Lang::En), fill(Lang::Zh)),
                        docs: step.docs.clone(),
                    }
                })
                .collect();
        }
        report
    }

    fn finish(self, planned: Option<usize>) -> PlanReport {
        PlanReport {
            file: String::new(),
            planned: planned.map(|o| self.rb.outcomes[o].id.clone()),
            findings: self.findings,
            next_steps: Vec::new(),
            trust: self.trust,
            under_other_trust: self.under_other_trust,
            terraform: false,
        }
    }

    /// The answers, when they are all valid and complete.
    fn answers(&mut self, root: &Node) -> Option<Answers> {
        let rb = self.rb;
        let question_ids = || {
            rb.questions
                .iter()
                .map(|q| q.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some((key, node)) = root.get("answers") else {
            self.invalid(
                root.pos,
                format!(
                    "missing `answers`: a mapping of question id to value ({})",
                    question_ids()
                ),
                format!("缺少 `answers`：问题 id 到回答的映射（{}）", question_ids()),
            );
            return None;
        };
        let entries = self.mapping(
            node,
            "answers",
            &format!("a mapping of question id to value ({})", question_ids()),
            &format!("问题 id 到回答的映射（{}）", question_ids()),
        )?;
        let mut answers = Answers::new(rb);
        let mut valid = true;
        // Questions given (or misspelt with a clear suggestion): not reported as missing.
        let mut given = Vec::new();
        for (name, value) in entries {
            let Some(q) = rb.question(&name.name) else {
                let suggestion = nearest(&name.name, rb.questions.iter().map(|q| q.id.as_str()));
                given.extend(suggestion.and_then(|s| rb.question(s)));
                let hint = did_you_mean(&name.name, rb.questions.iter().map(|q| q.id.as_str()));
                self.invalid(
                    name.pos,
                    format!(
                        "unknown answer id `{}`{}; expected one of {}",
                        inline(&name.name),
                        hint.en,
                        question_ids()
                    ),
                    format!(
                        "未知的回答 id `{}`{}；应为以下之一：{}",
                        inline(&name.name),
                        hint.zh,
                        question_ids()
                    ),
                );
                valid = false;
                continue;
            };
            given.push(q);
            match rb.questions[q].read_node(value) {
                Ok(v) => answers.set(q, Some(v)),
                Err(refusal) => {
                    let pos = if value.value == Value::Null {
                        name.pos
                    } else {
                        value.pos
                    };
                    let question = &rb.questions[q];
                    let [message, zh] =
                        [Lang::En, Lang::Zh].map(|lang| match rb.is_secret_key(&question.id) {
                            true => question.invalid_secret_message(lang),
                            false => refusal.message(question, lang),
                        });
                    self.invalid(pos, message, zh);
                    valid = false;
                }
            }
        }
        // Judged on the answers the questionnaire would have asked, as the verdict below
        // and `recommend` are: an answer the others do not lead to changes nothing.
        let asked = engine::asked_only(rb, &answers).0;
        for q in crate::settled::missing_but(rb, &asked, &given) {
            let question = &rb.questions[q];
            self.invalid(
                key.pos,
                format!(
                    "missing answer `{}` ({}); expected {}",
                    question.id,
                    question.prompt.get(Lang::En).trim(),
                    question.allowed_values()
                ),
                format!(
                    "缺少回答 `{}`（{}）；应为：{}",
                    question.id,
                    question.prompt.get(Lang::Zh).trim(),
                    question.allowed_values()
                ),
            );
            valid = false;
        }
        if !valid {
            return None;
        }
        let (answers, unasked) = engine::asked_only(rb, &answers);
        for q in unasked {
            let id = &rb.questions[q].id;
            let pos = entries
                .iter()
                .find(|(name, _)| name.name == *id)
                .map_or(key.pos, |(name, _)| name.pos);
            self.generic(
                Generic::UnaskedAnswer,
                pos,
                Said::new(
                    format!("`{id}` answers a question that the other answers do not lead to; it is ignored"),
                    format!("`{id}` 回答的问题不会由其他回答引出；该回答被忽略"),
                ),
            );
        }
        Some(answers)
    }

    /// The entries of the mapping under `key` (none when it is empty), or `None`, reported,
    /// when it is not a mapping; `expected` says what it maps, in English and Chinese.
    fn mapping<'n>(
        &mut self,
        node: &'n Node,
        key: &str,
        expected_en: &str,
        expected_zh: &str,
    ) -> Option<&'n [(Name, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries.as_slice()),
            Value::Null => Some(&[]),
            _ => {
                self.invalid(
                    node.pos,
                    format!(
                        "found {} for `{key}`; expected {expected_en}",
                        node.kind_name()
                    ),
                    format!("`{key}` 的值是{}；应为{expected_zh}", node.kind_name_zh()),
                );
                None
            }
        }
    }

    /// The valid acknowledgements: finding id (with its position) and reason.
    fn acknowledge(&mut self, root: &Node) -> Vec<(Name, String)> {
        let rb = self.rb;
        let Some((_, node)) = root.get("acknowledge") else {
            return Vec::new();
        };
        let Some(entries) = self.mapping(
            node,
            "acknowledge",
            "a mapping of finding id to the reason it is accepted",
            "发现 id 到接受理由的映射",
        ) else {
            return Vec::new();
        };
        let known: Vec<&str> = rb
            .findings
            .iter()
            .map(|f| f.id.as_str())
            .chain(
                Generic::ALL
                    .into_iter()
                    .filter(|g| g.acknowledgeable())
                    .map(|g| -> &str { g.id() }),
            )
            .collect();
        let mut valid = Vec::new();
        for (name, value) in entries {
            if !known.contains(&name.name.as_str()) {
                let (tail_en, tail_zh) =
                    crate::suggest::expected(&name.name, known.iter().copied());
                let (en, zh) = if Generic::from_id(&name.name).is_some() {
                    (
                        format!("`{}` cannot be acknowledged", inline(&name.name)),
                        format!("`{}` 不能被确认", inline(&name.name)),
                    )
                } else {
                    (
                        format!("unknown finding `{}`", inline(&name.name)),
                        format!("未知的发现 `{}`", inline(&name.name)),
                    )
                };
                self.invalid(name.pos, en + &tail_en, zh + &tail_zh);
                continue;
            }
            match &value.value {
                Value::Str(reason) if !reason.trim().is_empty() => {
                    // One line: a reason is shown beside its finding, and a line break
                    // in it must not start a line of the report (`::error::` in CI).
                    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
                    valid.push((name.clone(), reason))
                }
                _ => {
                    let pos = if matches!(value.value, Value::Null) {
                        name.pos
                    } else {
                        value.pos
                    };
                    self.invalid(
                        pos,
                        format!(
                            "acknowledging `{}` needs a reason; expected a non-empty string saying why the finding is acceptable",
                            inline(&name.name)
                        ),
                        format!(
                            "确认 `{}` 需要理由；应为说明为何可以接受该发现的非空字符串",
                            inline(&name.name)
                        ),
                    );
                }
            }
        }
        valid
    }

    /// `rulebook: { id, version }`: which rulebook the plan was written against.
    fn rulebook_ref(&mut self, root: &Node) {
        let rb = self.rb;
        let Some((_, node)) = root.get("rulebook") else {
            return;
        };
        let Some(entries) = node.as_map() else {
            self.invalid(
                node.pos,
                format!(
                    "found {} for `rulebook`; expected a mapping with `id` and `version`",
                    node.kind_name()
                ),
                format!(
                    "`rulebook` 的值是{}；应为包含 `id` 和 `version` 的映射",
                    node.kind_name_zh()
                ),
            );
            return;
        };
        for (key, value) in entries {
            let expected = match key.name.as_str() {
                "id" => &rb.id,
                "version" => &rb.version,
                _ => {
                    self.invalid(
                        key.pos,
                        format!(
                            "unknown key `{}` in `rulebook`; expected id, version",
                            inline(&key.name)
                        ),
                        format!(
                            "`rulebook` 中未知的键 `{}`；应为 id、version",
                            inline(&key.name)
                        ),
                    );
                    continue;
                }
            };
            // An id is a string; a version a string or a number (`version: 2`), as the
            // plan schema says.
            let text = match (key.name.as_str(), &value.value) {
                (_, Value::Str(_)) | ("version", Value::Int(_) | Value::Float(_)) => {
                    value.scalar_text()
                }
                _ => None,
            };
            match text {
                None => {
                    let (en, zh) = match key.name.as_str() {
                        "version" => ("a string or a number", "字符串或数字"),
                        _ => ("a string", "字符串"),
                    };
                    self.invalid(
                        value.pos,
                        format!("found {} for `rulebook.{}`; expected {en}", value.kind_name(), inline(&key.name)),
                        format!("`rulebook.{}` 的值是{}；应为{zh}", key.name, value.kind_name_zh()),
                    )
                }
                Some(text) if text != *expected => self.generic(
                    Generic::RulebookVersionMismatch,
                    value.pos,
                    Said::new(
                        format!(
                            "the plan was written against rulebook {} `{}`, but it is checked with `{expected}` (rulebook {} {})",
                            key.name, inline(&text), rb.id, rb.version
                        ),
                        format!(
                            "方案依据的规则库 {} 为 `{}`，但当前检查使用的是 `{expected}`（规则库 {} {}）",
                            key.name, inline(&text), rb.id, rb.version
                        ),
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}
