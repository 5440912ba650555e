//! `rules test`: run a rulebook's scenarios through the engine, and make sure they
//! exercise every outcome, every value of every choice and yes-no question, and every
//! finding.
//!
//! Scenarios come from the rulebook's `tests:` and from a sibling `NAME.tests.yaml`
//! (a YAML list in the same format) next to `NAME.yaml`.

use std::path::{Path, PathBuf};

use crate::answers;
use crate::engine::{self, PlanContext, Settings, Verdict};
use crate::i18n::tr;
use crate::plan::Said;
use crate::rulebook::raw::RawScenario;
use crate::rulebook::{
    AnswerValue, Expectation, QuestionKind, Rulebook, Scenario, Severity, Trust, NO_OUTCOME,
};
use crate::text::Lang;
use crate::yaml::{self, Diagnostic, Diagnostics, Limits, Name, Node, Value};

/// A scenario with the file it was written in.
pub struct Case {
    pub file: String,
    pub scenario: Scenario,
}

/// The scenarios file next to a rulebook: `NAME.tests.yaml` (or `.yml`) for `NAME.yaml`.
pub fn sibling(rulebook: &Path) -> Option<PathBuf> {
    let name = rulebook.file_name()?.to_str()?;
    let stem = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))?;
    ["yaml", "yml"]
        .iter()
        .map(|ext| rulebook.with_file_name(format!("{stem}.tests.{ext}")))
        .find(|p| p.is_file())
}

/// The rulebook's own scenarios, then those of `extra` (a scenarios file), if given.
pub fn cases(
    rb: &Rulebook,
    extra: Option<&Path>,
    limits: Limits,
) -> Result<Vec<Case>, Diagnostics> {
    let mut cases: Vec<Case> = Vec::new();
    let Some(path) = extra else {
        cases.extend(rb.tests.iter().map(|s| Case {
            file: rb.file.clone(),
            scenario: clone_scenario(s),
        }));
        return Ok(cases);
    };
    let file = path.display().to_string();
    let text = yaml::read_text(path, limits).map_err(|d| Diagnostics(vec![d]))?;
    let raw: Vec<RawScenario> =
        yaml::parse(&file, &text, limits).map_err(|d| Diagnostics(vec![d]))?;
    let mut problems = Vec::new();
    cases.extend(rb.tests.iter().map(|s| Case {
        file: rb.file.clone(),
        scenario: clone_scenario(s),
    }));
    for r in raw {
        if let Some(scenario) = convert(rb, &file, r, &mut problems) {
            cases.push(Case {
                file: file.clone(),
                scenario,
            });
        }
    }
    if problems.is_empty() {
        Ok(cases)
    } else {
        Err(Diagnostics(problems))
    }
}

fn clone_scenario(s: &Scenario) -> Scenario {
    Scenario {
        name: s.name.clone(),
        pos: s.pos,
        source: s.source.clone(),
        answers: s.answers.clone(),
        planned: s.planned,
        settings: s.settings.clone(),
        trust: s.trust,
        expect: Expectation {
            outcome: s.expect.outcome,
            findings: s.expect.findings.clone(),
            not_findings: s.expect.not_findings.clone(),
            severities: s.expect.severities.clone(),
            cost: s.expect.cost,
        },
    }
}

fn convert(
    rb: &Rulebook,
    file: &str,
    raw: RawScenario,
    problems: &mut Vec<Diagnostic>,
) -> Option<Scenario> {
    let before = problems.len();
    let mut outcome = |name: &Name, allow_none: bool| -> Option<Option<usize>> {
        if allow_none && name.name == NO_OUTCOME {
            return Some(None);
        }
        match rb.outcome(&name.name) {
            Some(o) => Some(Some(o)),
            None => {
                let ids: Vec<&str> = rb.outcomes.iter().map(|o| o.id.as_str()).collect();
                problems.push(Diagnostic::new(
                    file,
                    name.pos,
                    format!(
                        "unknown outcome `{}`; expected one of {}{}",
                        name.name,
                        ids.join(", "),
                        if allow_none { ", none" } else { "" }
                    ),
                ));
                None
            }
        }
    };
    let planned = raw
        .planned
        .as_ref()
        .and_then(|p| outcome(p, false))
        .flatten();
    let expected_outcome = raw.expect.outcome.as_ref().and_then(|o| outcome(o, true));
    let mut finding = |name: &Name| -> Option<usize> {
        let found = rb.finding(&name.name);
        if found.is_none() {
            problems.push(Diagnostic::new(
                file,
                name.pos,
                format!("unknown finding `{}` in test expectation", name.name),
            ));
        }
        found
    };
    let e = &raw.expect;
    let expect = Expectation {
        outcome: expected_outcome,
        findings: e.findings.iter().filter_map(&mut finding).collect(),
        not_findings: e.not_findings.iter().filter_map(&mut finding).collect(),
        severities: e
            .severities
            .iter()
            .filter_map(|s| Some((finding(&s.finding)?, s.severity)))
            .collect(),
        cost: e.cost,
    };
    if problems.len() > before {
        return None;
    }
    Some(Scenario {
        name: raw.name.name,
        pos: raw.name.pos,
        source: raw.source,
        answers: raw.answers,
        planned,
        settings: raw.settings,
        trust: raw.trust.unwrap_or(rb.default_trust),
        expect,
    })
}

/// A scenario's `settings`: absent, null or empty values are missing; no `settings`
/// at all means every setting is missing.
struct NodeSettings<'a>(Option<&'a Node>);

impl Settings for NodeSettings<'_> {
    fn is_missing(&self, key: &str) -> bool {
        let Some(node) = self.0 else { return true };
        match node.get(key) {
            None => true,
            Some((_, value)) => match &value.value {
                Value::Null => true,
                Value::Str(s) => s.trim().is_empty(),
                Value::Seq(items) => items.is_empty(),
                Value::Map(entries) => entries.is_empty(),
                _ => false,
            },
        }
    }
}

pub struct CaseResult {
    pub name: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// What differed from the expectation; empty when the scenario passed.
    pub failures: Vec<Said>,
}

pub struct TestReport {
    pub results: Vec<CaseResult>,
    /// What no scenario exercises: `outcome x`, `finding y`, `value q=v`.
    pub not_exercised: Vec<Said>,
}

impl TestReport {
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.failures.is_empty())
            .count()
    }

    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    pub fn ok(&self) -> bool {
        self.failed() == 0 && self.not_exercised.is_empty()
    }
}

struct Coverage {
    outcomes: Vec<bool>,
    none: bool,
    findings: Vec<bool>,
    /// Per question, per value (choice index, or 0 = yes, 1 = no).
    values: Vec<Vec<bool>>,
    /// Per premise, per source of truth: a scenario under it read the premise.
    premises: Vec<[bool; 2]>,
}

fn trust_slot(trust: Trust) -> usize {
    Trust::ALL.iter().position(|&t| t == trust).unwrap_or(0)
}

fn run_case(rb: &Rulebook, case: &Case, coverage: &mut Coverage) -> CaseResult {
    let s = &case.scenario;
    let mut failures = Vec::new();
    let result = |failures| CaseResult {
        name: s.name.clone(),
        file: case.file.clone(),
        line: s.pos.line,
        column: s.pos.column,
        failures,
    };
    let given = match answers::from_node(rb, &case.file, &s.answers) {
        Ok(a) => a,
        Err(problems) => {
            for d in problems.0 {
                failures.push(Said::new(format!("answers: {d}"), format!("回答：{d}")));
            }
            return result(failures);
        }
    };
    let missing = engine::missing(rb, &given);
    if !missing.is_empty() {
        let ids: Vec<&str> = missing
            .iter()
            .map(|&q| rb.questions[q].id.as_str())
            .collect();
        failures.push(Said::new(
            format!("answers: missing required answers: {}", ids.join(", ")),
            format!("回答：缺少必答的回答：{}", ids.join(", ")),
        ));
        return result(failures);
    }
    let filled = engine::with_defaults(rb, &given);
    let settings = NodeSettings(s.settings.as_ref());
    let plan = s.planned.map(|p| PlanContext {
        planned: Some(p),
        settings: &settings,
    });
    let verdict = engine::evaluate(rb, &filled, plan.as_ref(), s.trust);
    for &p in &verdict.premises {
        coverage.premises[p][trust_slot(s.trust)] = true;
    }

    match verdict.outcome {
        Some(o) => coverage.outcomes[o] = true,
        None => coverage.none = true,
    }
    for f in &verdict.findings {
        coverage.findings[f.finding] = true;
    }
    for (q, value) in filled.iter() {
        if !engine::is_asked(rb, q, &filled) {
            continue;
        }
        let index = match value {
            AnswerValue::Choice(i) => i as usize,
            AnswerValue::Bool(b) => usize::from(!b),
            AnswerValue::Number(_) => continue,
        };
        if let Some(slot) = coverage.values[q].get_mut(index) {
            *slot = true;
        }
    }
    failures.extend(differences(rb, &s.expect, &verdict));
    result(failures)
}

fn severity_of(verdict: &Verdict, finding: usize) -> Option<Severity> {
    verdict
        .findings
        .iter()
        .find(|f| f.finding == finding)
        .map(|f| f.severity)
}

fn differences(rb: &Rulebook, expect: &Expectation, verdict: &Verdict) -> Vec<Said> {
    let mut out = Vec::new();
    if let Some(outcome) = expect.outcome {
        if outcome != verdict.outcome {
            let (want, got) = (rb.outcome_id(outcome), rb.outcome_id(verdict.outcome));
            out.push(Said::new(
                format!("outcome: expected `{want}`, got `{got}`"),
                format!("结果：应为 `{want}`，实际为 `{got}`"),
            ));
        }
    }
    for &f in &expect.findings {
        if !verdict.has(f) {
            let id = &rb.findings[f].id;
            out.push(Said::new(
                format!("finding `{id}` was expected but did not fire"),
                format!("应触发发现 `{id}`，但它没有触发"),
            ));
        }
    }
    for &f in &expect.not_findings {
        if verdict.has(f) {
            let id = &rb.findings[f].id;
            out.push(Said::new(
                format!("finding `{id}` fired but must not"),
                format!("发现 `{id}` 触发了，但不应触发"),
            ));
        }
    }
    for &(f, severity) in &expect.severities {
        let id = &rb.findings[f].id;
        match severity_of(verdict, f) {
            None => out.push(Said::new(
                format!(
                    "finding `{id}` was expected at severity {} but did not fire",
                    severity.as_str()
                ),
                format!(
                    "应以级别 {} 触发发现 `{id}`，但它没有触发",
                    severity.as_str()
                ),
            )),
            Some(got) if got != severity => out.push(Said::new(
                format!(
                    "finding `{id}`: expected severity {}, got {}",
                    severity.as_str(),
                    got.as_str()
                ),
                format!(
                    "发现 `{id}`：级别应为 {}，实际为 {}",
                    severity.as_str(),
                    got.as_str()
                ),
            )),
            Some(_) => {}
        }
    }
    if let Some(cost) = expect.cost {
        match &verdict.cost {
            None => out.push(Said::new(
                format!("cost: expected {cost}, got no cost estimate"),
                format!("费用：应为 {cost}，实际没有费用估算"),
            )),
            Some(c) if (c.monthly - cost).abs() > 1e-9 * cost.abs().max(1.0) => {
                out.push(Said::new(
                    format!("cost: expected {cost}, got {}", c.monthly),
                    format!("费用：应为 {cost}，实际为 {}", c.monthly),
                ))
            }
            Some(_) => {}
        }
    }
    out
}

pub fn run(rb: &Rulebook, cases: &[Case]) -> TestReport {
    let mut coverage = Coverage {
        outcomes: vec![false; rb.outcomes.len()],
        none: false,
        findings: vec![false; rb.findings.len()],
        values: rb
            .questions
            .iter()
            .map(|q| match q.kind {
                QuestionKind::Choice => vec![false; q.choices.len()],
                QuestionKind::YesNo => vec![false; 2],
                QuestionKind::Number => Vec::new(),
            })
            .collect(),
        premises: vec![[false; 2]; rb.premises.len()],
    };
    let results = cases
        .iter()
        .map(|c| run_case(rb, c, &mut coverage))
        .collect();
    let mut not_exercised = Vec::new();
    for (o, seen) in coverage.outcomes.iter().enumerate() {
        if !seen {
            let id = &rb.outcomes[o].id;
            not_exercised.push(Said::new(format!("outcome `{id}`"), format!("结果 `{id}`")));
        }
    }
    let none_possible = rb.rules.iter().any(|r| r.outcome.is_none())
        || rb.default.as_ref().is_some_and(|d| d.outcome.is_none());
    if none_possible && !coverage.none {
        not_exercised.push(Said::new(
            format!("outcome `{NO_OUTCOME}`"),
            format!("结果 `{NO_OUTCOME}`"),
        ));
    }
    for (q, values) in coverage.values.iter().enumerate() {
        let question = &rb.questions[q];
        for (i, seen) in values.iter().enumerate() {
            if !seen {
                let value = match question.kind {
                    QuestionKind::YesNo => AnswerValue::Bool(i == 0),
                    _ => AnswerValue::Choice(i as u16),
                };
                let pair = format!("{}={}", question.id, question.value_text(value));
                not_exercised.push(Said::new(
                    format!("value `{pair}`"),
                    format!("取值 `{pair}`"),
                ));
            }
        }
    }
    for (f, seen) in coverage.findings.iter().enumerate() {
        if !seen {
            let id = &rb.findings[f].id;
            not_exercised.push(Said::new(format!("finding `{id}`"), format!("发现 `{id}`")));
        }
    }
    // Every premise under each source of truth: a scenario pinned to it (`trust:`) whose
    // verdict read the premise.
    for (p, seen) in coverage.premises.iter().enumerate() {
        for trust in Trust::ALL {
            if !seen[trust_slot(trust)] {
                let id = &rb.premises[p].id;
                not_exercised.push(Said::new(
                    format!("premise `{id}` under trust: {trust}"),
                    format!("前提 `{id}`（trust: {trust}）"),
                ));
            }
        }
    }
    TestReport {
        results,
        not_exercised,
    }
}

impl TestReport {
    /// Gives the scenarios written in the file `from` under `name` (see
    /// `lint::Report::name_file`).
    pub fn name_file(&mut self, from: &str, name: &str) {
        for r in self.results.iter_mut().filter(|r| r.file == from) {
            r.file = name.to_string();
        }
    }
}

/// One line per scenario, what failed under it, what no scenario exercises, `note` (where
/// to read the text the positions are in) when a scenario failed, and the closing line
/// `N passed, N failed`.
pub fn render_text(report: &TestReport, lang: Lang, note: Option<&str>) -> String {
    let mut out = String::new();
    for r in &report.results {
        if r.failures.is_empty() {
            out.push_str(&format!("{}{}\n", tr(lang, "ok      ", "通过    "), r.name));
        } else {
            out.push_str(&format!(
                "{}{} ({}:{}:{})\n",
                tr(lang, "FAILED  ", "失败    "),
                r.name,
                r.file,
                r.line,
                r.column
            ));
            for f in &r.failures {
                out.push_str(&format!("    {}\n", f.get(lang)));
            }
        }
    }
    if !report.not_exercised.is_empty() {
        let n = report.not_exercised.len();
        out.push_str(&match lang {
            Lang::En => format!("not exercised by any scenario ({n}):\n"),
            Lang::Zh => format!("没有任何场景覆盖以下 {n} 项：\n"),
        });
        for item in &report.not_exercised {
            out.push_str(&format!("    {}\n", item.get(lang)));
        }
    }
    if let Some(note) = note.filter(|_| report.failed() > 0) {
        out.push_str(note);
        out.push('\n');
    }
    // The closing line says what fails the run, so that exit 1 never comes unexplained.
    let (passed, failed, gaps) = (report.passed(), report.failed(), report.not_exercised.len());
    out.push_str(&match (lang, gaps) {
        (Lang::En, 0) => format!("{passed} passed, {failed} failed\n"),
        (Lang::En, _) => format!(
            "{passed} passed, {failed} failed; {gaps} not exercised by any scenario, which fails the run: add a scenario that reaches each one listed above\n"
        ),
        (Lang::Zh, 0) => format!("{passed} 个通过，{failed} 个失败\n"),
        (Lang::Zh, _) => format!(
            "{passed} 个通过，{failed} 个失败；另有 {gaps} 项没有任何场景覆盖，因此本次运行失败：请为上面列出的每一项添加能覆盖它的场景\n"
        ),
    });
    out
}
