//! `rules lint`: what loading cannot see. Gaps in the decision, rules that never decide,
//! outcomes, findings and questions that can never come up, conditions that read
//! questions which are not asked, and facts without a source, stale or untranslated.
//!
//! The decision is checked by walking the answer space (see `space`): every combination
//! of answer classes, in question order, respecting ask-when, up to a budget. When the
//! budget runs out the report says so and which checks it could not finish; it never
//! claims that something cannot happen unless the walk was complete.

use indexmap::IndexMap;
use serde::Serialize;

use super::locate::{Locator, Seg};
use super::space::{
    Compiled, Decided, DecisionWalk, Flow, Situation, Space, Walk, UNANSWERED, UNKNOWN,
};
use crate::i18n::tr;
use crate::plan::Said;
use crate::report::format_count;
use crate::rulebook::{Fact, QuestionKind, Rulebook, Verify};
use crate::text::{Lang, Text};
use crate::yaml::Pos;

/// How bad a lint problem is: errors fail `rules lint`, warnings fail it under
/// `--strict`, notes never do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    pub kind: &'static str,
    pub severity: Level,
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// In English, as JSON gives it.
    pub message: String,
    /// In Chinese, for the text output under `--lang zh`.
    #[serde(skip)]
    pub message_zh: String,
    /// An answer set on which the problem shows, as question id → value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<IndexMap<String, String>>,
}

#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Most steps (nodes of the answer tree) each search may take.
    pub budget: u64,
    /// Contested facts checked longer ago than this many days are stale.
    pub max_age_days: u32,
    /// Today, in days since 1970-01-01.
    pub today: i64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            budget: 1_000_000,
            max_age_days: 365,
            today: today(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub file: String,
    pub rulebook: String,
    pub problems: Vec<Problem>,
    /// Answer combinations whose decision was checked (visited or counted).
    #[serde(skip)]
    pub checked: u128,
    /// All combinations were visited.
    pub complete: bool,
    /// The number of answer combinations (of answer classes).
    #[serde(skip)]
    pub combinations: u128,
    /// Checks left undone because the budget ran out.
    pub not_checked: Vec<&'static str>,
}

impl Problem {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.message,
            Lang::Zh => &self.message_zh,
        }
    }
}

impl Report {
    pub fn count(&self, level: Level) -> usize {
        self.problems.iter().filter(|p| p.severity == level).count()
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub fn days_from_date(date: &str) -> Option<i64> {
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

pub fn today() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| (d.as_secs() / 86_400) as i64)
}

struct Linter<'a> {
    rb: &'a Rulebook,
    loc: Locator,
    problems: Vec<Problem>,
}

impl Linter<'_> {
    fn push(
        &mut self,
        kind: &'static str,
        severity: Level,
        pos: Pos,
        message: Said,
        example: Option<Vec<(String, String)>>,
    ) {
        self.problems.push(Problem {
            kind,
            severity,
            file: self.rb.file.clone(),
            line: pos.line,
            column: pos.column,
            message: message.en,
            message_zh: message.zh,
            example: example.map(|pairs| pairs.into_iter().collect()),
        });
    }
}

/// Where a condition that reads answers stands, for messages and positions.
#[derive(Clone, Copy, Debug)]
enum Owner {
    AskWhen(usize),
    Rule(usize),
    Finding(usize),
    Escalation(usize, usize),
    NotFit(usize, usize),
    Free(usize, usize),
}

struct Reader<'s> {
    owner: Owner,
    condition: &'s Compiled,
    /// The questions it reads that are not always asked, with whether one was flagged.
    questions: Vec<(usize, bool)>,
    mask: u64,
}

pub fn lint(rb: &Rulebook, text: &str, options: Options) -> Report {
    let mut linter = Linter {
        rb,
        loc: Locator::new(&rb.file, text),
        problems: Vec::new(),
    };
    let space = Space::new(rb);
    let (checked, all_checked, combinations, not_checked) = decision(&mut linter, &space, options);
    let complete = all_checked && not_checked.is_empty();
    let never_asked: Vec<usize> = linter
        .problems
        .iter()
        .filter(|p| p.kind == "unreachable-question")
        .filter_map(|p| {
            rb.questions
                .iter()
                .position(|q| p.message.contains(&format!("`{}`", q.id)))
        })
        .collect();
    choices(&mut linter, &space, &never_asked);
    sources(&mut linter);
    stale(&mut linter, options);
    translations(&mut linter);
    let mut problems = linter.problems;
    problems.sort_by_key(|p| (p.line, p.column));
    Report {
        file: rb.file.clone(),
        rulebook: rb.id.clone(),
        problems,
        checked,
        complete,
        combinations,
        not_checked,
    }
}

fn owner_pos(l: &Linter, owner: Owner, question: &str) -> Pos {
    let rb = l.rb;
    let (path, fallback): (Vec<Seg>, Pos) = match owner {
        Owner::AskWhen(q) => (
            vec![Seg::Key("questions"), Seg::Index(q), Seg::Key("ask-when")],
            rb.questions[q].pos,
        ),
        Owner::Rule(r) => (
            vec![Seg::Key("rules"), Seg::Index(r), Seg::Key("when")],
            rb.rules[r].pos,
        ),
        Owner::Finding(f) => (
            vec![Seg::Key("findings"), Seg::Index(f), Seg::Key("when")],
            rb.findings[f].pos,
        ),
        Owner::Escalation(f, e) => (
            vec![
                Seg::Key("findings"),
                Seg::Index(f),
                Seg::Key("escalate"),
                Seg::Index(e),
                Seg::Key("when"),
            ],
            rb.findings[f].pos,
        ),
        Owner::NotFit(o, n) => (
            vec![
                Seg::Key("outcomes"),
                Seg::Index(o),
                Seg::Key("not-fit"),
                Seg::Index(n),
                Seg::Key("when"),
            ],
            rb.outcomes[o].not_fit[n].pos,
        ),
        Owner::Free(o, i) => (
            vec![
                Seg::Key("outcomes"),
                Seg::Index(o),
                Seg::Key("billing"),
                Seg::Key("free"),
                Seg::Index(i),
                Seg::Key("when"),
            ],
            rb.outcomes[o].pos,
        ),
    };
    l.loc
        .key_under(&path, question)
        .unwrap_or_else(|| l.loc.near(&path, fallback))
}

fn owner_name(rb: &Rulebook, owner: Owner) -> Said {
    match owner {
        Owner::AskWhen(q) => {
            let q = &rb.questions[q].id;
            Said::new(
                format!("the ask-when of question `{q}`"),
                format!("问题 `{q}` 的 ask-when"),
            )
        }
        Owner::Rule(r) => {
            let r = &rb.rules[r].id;
            Said::new(format!("rule `{r}`"), format!("规则 `{r}`"))
        }
        Owner::Finding(f) => {
            let f = &rb.findings[f].id;
            Said::new(format!("finding `{f}`"), format!("发现 `{f}`"))
        }
        Owner::Escalation(f, e) => {
            let (f, e) = (&rb.findings[f].id, e + 1);
            Said::new(
                format!("escalation {e} of finding `{f}`"),
                format!("发现 `{f}` 的第 {e} 条升级"),
            )
        }
        Owner::NotFit(o, n) => {
            let (o, n) = (&rb.outcomes[o].id, n + 1);
            Said::new(
                format!("not-fit {n} of outcome `{o}`"),
                format!("结果 `{o}` 的第 {n} 条 not-fit"),
            )
        }
        Owner::Free(o, i) => {
            let (o, i) = (&rb.outcomes[o].id, i + 1);
            Said::new(
                format!("free quota {i} of outcome `{o}`"),
                format!("结果 `{o}` 的第 {i} 个免费额度"),
            )
        }
    }
}

/// A check left undone (`--budget` ran out), as the summary line names it.
fn not_checked_text(lang: Lang, what: &str) -> &str {
    if lang == Lang::En {
        return what;
    }
    match what {
        "dead rules" => "永不匹配的规则",
        "shadowed and dead rules" => "被遮蔽或永不匹配的规则",
        "unreachable outcomes" => "无法得到的结果",
        "findings that can never fire" => "永不触发的发现",
        "questions that are never asked" => "从不被问到的问题",
        other => other,
    }
}

fn list(ids: &[&str]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn add_reader<'s>(
    conditional: &[bool],
    owner: Owner,
    condition: &'s Compiled,
    readers: &mut Vec<Reader<'s>>,
) {
    let mut qs = Vec::new();
    condition.questions(&mut qs);
    let questions: Vec<(usize, bool)> = qs
        .into_iter()
        .filter(|&q| conditional[q])
        .map(|q| (q, false))
        .collect();
    if !questions.is_empty() {
        readers.push(Reader {
            owner,
            condition,
            questions,
            mask: condition.settings_mask(),
        });
    }
}

/// Whether some situation (recommendation, or plan check with any planned path and
/// settings) makes every condition in `all` hold on this full combination.
fn holds_somewhere(
    space: &Space,
    all: &[&Compiled],
    classes: &[u16],
    situations: &mut Vec<Situation>,
) -> bool {
    let outcome = space.decide(classes).and_then(|(o, _)| o);
    let mask = all.iter().fold(0, |m, c| m | c.settings_mask());
    if all.iter().any(|c| c.reads_plan()) {
        space.situations(outcome, mask, situations);
    } else {
        situations.clear();
        situations.push(Situation::Recommend { outcome });
    }
    situations
        .iter()
        .any(|&s| all.iter().all(|c| c.holds(classes, s)))
}

/// Searches for a full combination on which all of `all` can hold; `None` when the
/// search ran out of budget.
fn can_hold(space: &Space, all: &[&Compiled], budget: u64) -> Option<bool> {
    let mut found = false;
    let mut situations = Vec::new();
    let mut walk = Walk::new(space, budget);
    walk.run(
        &mut |classes, _, _| {
            all.iter()
                .all(|c| c.eval(classes, Situation::Unknown) != Some(false))
        },
        &mut |classes, _| {
            if holds_somewhere(space, all, classes, &mut situations) {
                found = true;
                Flow::Stop
            } else {
                Flow::Continue
            }
        },
    );
    if found {
        Some(true)
    } else if walk.exhausted {
        None
    } else {
        Some(false)
    }
}

/// Searches for a combination on which question `q` is asked.
fn can_be_asked(space: &Space, q: usize, budget: u64) -> Option<bool> {
    let Some(ask) = &space.questions[q].ask_when else {
        return Some(true);
    };
    let mut found = false;
    let mut walk = Walk::new(space, budget);
    let mut prefix = vec![UNKNOWN; space.questions.len()];
    if ask.eval(&prefix, Situation::Unknown) == Some(true) {
        return Some(true);
    }
    walk.run(
        &mut |classes, _, depth| {
            if found || depth >= q {
                return false;
            }
            prefix.copy_from_slice(classes);
            match ask.eval(&prefix, Situation::Unknown) {
                Some(true) => {
                    found = true;
                    false
                }
                Some(false) => false,
                None => true,
            }
        },
        &mut |_, _| Flow::Continue,
    );
    if found {
        Some(true)
    } else if walk.exhausted {
        None
    } else {
        Some(false)
    }
}

/// Searches for a combination where `q` is not asked and answering it anyway changes
/// whether the reader's condition holds; returns that combination with `q` answered.
fn unasked_read(space: &Space, reader: &Reader, q: usize, budget: u64) -> Option<Vec<u16>> {
    let condition = reader.condition;
    let mut found = None;
    let mut situations = Vec::new();
    let mut scratch = vec![UNKNOWN; space.questions.len()];
    let mut prefix = vec![UNKNOWN; space.questions.len()];
    let mut walk = Walk::new(space, budget);
    walk.run(
        &mut |classes, asked, depth| {
            if depth >= q && asked[q] {
                return false;
            }
            // Already decided whatever `q` is: answering it cannot change anything.
            prefix.copy_from_slice(classes);
            prefix[q] = UNKNOWN;
            condition.eval(&prefix, Situation::Unknown).is_none()
        },
        &mut |classes, asked| {
            if asked[q] {
                return Flow::Continue;
            }
            let outcome = space.decide(classes).and_then(|(o, _)| o);
            if condition.reads_beyond_answers() {
                space.situations(outcome, reader.mask, &mut situations);
            } else {
                situations.clear();
                situations.push(Situation::Unknown);
            }
            scratch.copy_from_slice(classes);
            for class in 1..=space.questions[q].classes.len() as u16 {
                scratch[q] = class;
                for &s in &situations {
                    if condition.eval(&scratch, s) != condition.eval(classes, s) {
                        found = Some(scratch.clone());
                        return Flow::Stop;
                    }
                }
            }
            Flow::Continue
        },
    );
    found
}

/// The decision: gaps, shadowed and dead rules, unreachable outcomes, findings and
/// questions, and conditions that read unasked questions.
fn decision(
    l: &mut Linter,
    space: &Space,
    options: Options,
) -> (u128, bool, u128, Vec<&'static str>) {
    let rb = l.rb;
    let nr = rb.rules.len();
    let mut rule_decides = vec![false; nr];
    let mut outcome_seen = vec![false; rb.outcomes.len()];
    let mut gaps: Vec<(Vec<u16>, u128)> = Vec::new();
    let mut gap_count: u128 = 0;
    let mut gap_sets: u64 = 0;
    let mut walk = DecisionWalk::new(space, options.budget);
    walk.run(&mut |classes, decided, n| {
        let outcome = match decided {
            Decided::Rule(r) => {
                rule_decides[r] = true;
                rb.rules[r].outcome
            }
            Decided::Default => rb.default.as_ref().and_then(|d| d.outcome),
            Decided::Gap => {
                gap_count += n;
                gap_sets += 1;
                if gaps.len() < 5 {
                    gaps.push((classes.to_vec(), n));
                }
                None
            }
        };
        if let Some(o) = outcome {
            outcome_seen[o] = true;
        }
    });
    let complete = !walk.exhausted;
    let covered = walk.covered;
    let mut total = covered;
    if !complete {
        let mut classes = vec![UNKNOWN; rb.questions.len()];
        total = space.count(0, &mut classes);
    }
    let mut not_checked: Vec<&'static str> = Vec::new();

    // Gaps are facts whether or not the walk finished.
    let rules_pos = l.loc.near(&[Seg::Key("rules")], Pos::START);
    for (gap, n) in &gaps {
        let (whatever, whatever_zh) = if *n > 1 {
            (
                format!(
                    " (whatever the other answers: {} combinations)",
                    format_count(*n)
                ),
                format!("（无论其他回答如何，共 {} 种组合）", format_count(*n)),
            )
        } else {
            (String::new(), String::new())
        };
        l.push(
            "gap",
            Level::Error,
            rules_pos,
            Said::new(
                format!(
                    "no rule gives an outcome for these answers{whatever}, and there is no `default`"
                ),
                format!("这些回答{whatever_zh}没有任何规则给出结果，规则库也没有 `default`"),
            ),
            Some(space.describe(gap)),
        );
    }
    if gap_sets > gaps.len() as u64 {
        l.push(
            "gap",
            Level::Error,
            rules_pos,
            Said::new(
                format!(
                    "and {} more answer sets have no outcome ({} combinations in all)",
                    format_count(u128::from(gap_sets) - gaps.len() as u128),
                    format_count(gap_count)
                ),
                format!(
                    "另有 {} 组回答没有结果（共 {} 种组合）",
                    format_count(u128::from(gap_sets) - gaps.len() as u128),
                    format_count(gap_count)
                ),
            ),
            None,
        );
    }

    if complete {
        // Rules that never decide: find where they hold, and who decided there.
        for s in (0..nr).filter(|&s| !rule_decides[s]) {
            let rule = &space.rules[s];
            let mut coverers: Vec<usize> = Vec::new();
            let mut example: Option<(Vec<u16>, usize)> = None;
            let mut search = Walk::new(space, options.budget);
            search.run(
                &mut |classes, _, _| rule.eval(classes, Situation::Unknown) != Some(false),
                &mut |classes, _| {
                    if let Some(first) = space.first_rule(classes) {
                        if !coverers.contains(&first) {
                            coverers.push(first);
                        }
                        if example.is_none() {
                            example = Some((classes.to_vec(), first));
                        }
                    }
                    Flow::Continue
                },
            );
            let id = &rb.rules[s].id;
            match example {
                Some((classes, first)) => {
                    coverers.sort_unstable();
                    let names: Vec<&str> =
                        coverers.iter().map(|&r| rb.rules[r].id.as_str()).collect();
                    l.push(
                        "shadowed-rule",
                        Level::Error,
                        rb.rules[s].pos,
                        Said::new(
                            format!(
                                "rule `{id}` never decides: wherever it matches, an earlier rule matches first ({}){}; here `{}` decides",
                                list(&names),
                                if search.exhausted { ", as far as the search went" } else { "" },
                                rb.rules[first].id
                            ),
                            format!(
                                "规则 `{id}` 从不起决定作用：凡是它匹配之处，都有更靠前的规则先匹配（{}）{}；此处由 `{}` 决定",
                                list(&names),
                                if search.exhausted { "（就搜索所及）" } else { "" },
                                rb.rules[first].id
                            ),
                        ),
                        Some(space.describe(&classes)),
                    );
                }
                None if !search.exhausted => l.push(
                    "dead-rule",
                    Level::Error,
                    rb.rules[s].pos,
                    Said::new(
                        format!(
                            "rule `{id}` can never match: no answers that can be given (questions are answered only when asked) satisfy its condition"
                        ),
                        format!(
                            "规则 `{id}` 永远不会匹配：没有任何可给出的回答（问题只在被问到时才有回答）满足其条件"
                        ),
                    ),
                    None,
                ),
                None => not_checked.push("dead rules"),
            }
        }
        for (o, outcome) in rb.outcomes.iter().enumerate() {
            if outcome_seen[o] {
                continue;
            }
            let givers: Vec<&str> = rb
                .rules
                .iter()
                .filter(|r| r.outcome == Some(o))
                .map(|r| r.id.as_str())
                .collect();
            let (why, why_zh) = if givers.is_empty() {
                ("no rule gives it".to_string(), "没有规则给出它".to_string())
            } else {
                (
                    format!("the rules that give it ({}) never decide", list(&givers)),
                    format!("给出它的规则（{}）从不起决定作用", list(&givers)),
                )
            };
            l.push(
                "unreachable-outcome",
                Level::Error,
                outcome.pos,
                Said::new(
                    format!("outcome `{}` is never recommended: {why}", outcome.id),
                    format!("结果 `{}` 从不会被推荐：{why_zh}", outcome.id),
                ),
                None,
            );
        }
    } else {
        not_checked.push("shadowed and dead rules");
        not_checked.push("unreachable outcomes");
    }

    // Findings and their escalations: each is searched for on its own.
    for (f, def) in rb.findings.iter().enumerate() {
        let when = &space.findings[f];
        match can_hold(space, &[when], options.budget) {
            Some(false) => {
                l.push(
                    "dead-finding",
                    Level::Error,
                    def.pos,
                    Said::new(
                        format!(
                            "finding `{}` can never fire: its condition holds for no answers that can be given, neither in a recommendation nor in a plan check with any planned path and settings",
                            def.id
                        ),
                        format!(
                            "发现 `{}` 永远不会触发：无论是推荐，还是检查方案（任意路径和设置），其条件对任何可给出的回答都不成立",
                            def.id
                        ),
                    ),
                    None,
                );
                continue;
            }
            None => {
                not_checked.push("findings that can never fire");
                continue;
            }
            Some(true) => {}
        }
        for (e, escalation) in space.escalations[f].iter().enumerate() {
            match can_hold(space, &[when, escalation], options.budget) {
                Some(false) => {
                    let pos = l.loc.near(
                        &[
                            Seg::Key("findings"),
                            Seg::Index(f),
                            Seg::Key("escalate"),
                            Seg::Index(e),
                        ],
                        def.pos,
                    );
                    l.push(
                        "dead-escalation",
                        Level::Warning,
                        pos,
                        Said::new(
                            format!(
                                "escalation {} of finding `{}` can never apply: its condition never holds when the finding fires",
                                e + 1,
                                def.id
                            ),
                            format!(
                                "发现 `{}` 的第 {} 条升级永远不会生效：发现触发时其条件从不成立",
                                def.id,
                                e + 1
                            ),
                        ),
                        None,
                    );
                }
                None => not_checked.push("findings that can never fire"),
                Some(true) => {}
            }
        }
    }

    for (q, question) in rb.questions.iter().enumerate() {
        match can_be_asked(space, q, options.budget) {
            Some(false) => l.push(
                "unreachable-question",
                Level::Error,
                l.loc.near(
                    &[Seg::Key("questions"), Seg::Index(q), Seg::Key("ask-when")],
                    question.pos,
                ),
                Said::new(
                    format!(
                        "question `{}` is never asked: its ask-when never holds on the answers that can come before it",
                        question.id
                    ),
                    format!(
                        "问题 `{}` 从不会被问到：对它之前可能给出的回答，其 ask-when 从不成立",
                        question.id
                    ),
                ),
                None,
            ),
            None => not_checked.push("questions that are never asked"),
            Some(true) => {}
        }
    }

    // Conditions that read questions where they are not asked.
    let conditional: Vec<bool> = rb.questions.iter().map(|q| q.ask_when.is_some()).collect();
    let mut readers: Vec<Reader> = Vec::new();
    for (q, qs) in space.questions.iter().enumerate() {
        if let Some(c) = &qs.ask_when {
            add_reader(&conditional, Owner::AskWhen(q), c, &mut readers);
        }
    }
    for (r, c) in space.rules.iter().enumerate() {
        add_reader(&conditional, Owner::Rule(r), c, &mut readers);
    }
    for (f, c) in space.findings.iter().enumerate() {
        add_reader(&conditional, Owner::Finding(f), c, &mut readers);
        for (e, c) in space.escalations[f].iter().enumerate() {
            add_reader(&conditional, Owner::Escalation(f, e), c, &mut readers);
        }
    }
    for (o, list) in space.not_fit.iter().enumerate() {
        for (n, c) in list.iter().enumerate() {
            add_reader(&conditional, Owner::NotFit(o, n), c, &mut readers);
        }
    }
    for (o, list) in space.free.iter().enumerate() {
        for (i, c) in list.iter().enumerate() {
            add_reader(&conditional, Owner::Free(o, i), c, &mut readers);
        }
    }
    for reader in &readers {
        for &(q, _) in &reader.questions {
            let Some(example) = unasked_read(space, reader, q, options.budget) else {
                continue;
            };
            let question = &rb.questions[q];
            let pos = owner_pos(l, reader.owner, &question.id);
            let mut context = example.clone();
            context[q] = UNANSWERED;
            l.push(
                "reads-unasked",
                Level::Error,
                pos,
                Said::new(
                    format!(
                        "{} reads `{}`, which is not asked on these answers ({}), yet answering it anyway changes the result; add the context of its ask-when to the condition",
                        owner_name(rb, reader.owner).en,
                        question.id,
                        space.describe_text(&context),
                    ),
                    format!(
                        "{} 读取了 `{}`，而在这些回答（{}）下不会问到它，但若仍作答，结果就会改变；请把它的 ask-when 的前提加入该条件",
                        owner_name(rb, reader.owner).zh,
                        question.id,
                        space.describe_text(&context),
                    ),
                ),
                Some(space.describe(&example)),
            );
        }
    }
    not_checked.dedup();
    (covered, complete, total, not_checked)
}

/// Questions whose values no condition tells apart.
fn choices(l: &mut Linter, space: &Space, never_asked: &[usize]) {
    let rb = l.rb;
    let volumes: Vec<usize> = rb
        .outcomes
        .iter()
        .filter_map(|o| o.billing.as_ref().map(|b| b.volume))
        .collect();
    for (q, question) in rb.questions.iter().enumerate() {
        let qs = &space.questions[q];
        if !qs.read {
            if !volumes.contains(&q) && !never_asked.contains(&q) {
                l.push(
                    "unused-question",
                    Level::Warning,
                    question.pos,
                    Said::new(
                        format!(
                            "question `{}` changes nothing: no rule, finding or other condition reads it",
                            question.id
                        ),
                        format!(
                            "问题 `{}` 不影响任何结果：没有规则、发现或其他条件读取它",
                            question.id
                        ),
                    ),
                    None,
                );
            }
            continue;
        }
        if question.kind == QuestionKind::Number {
            continue;
        }
        let names = |values: &[crate::rulebook::AnswerValue]| -> Vec<String> {
            values.iter().map(|v| question.value_text(*v)).collect()
        };
        if qs.classes.len() == 1 {
            let all = names(&qs.classes[0].values);
            let all: Vec<&str> = all.iter().map(String::as_str).collect();
            l.push(
                "indistinct-choices",
                Level::Warning,
                question.pos,
                Said::new(
                    format!(
                        "no condition tells the values of `{}` apart ({}): which one is given never matters",
                        question.id,
                        list(&all)
                    ),
                    format!(
                        "没有条件区分 `{}` 的各个取值（{}）：给出哪一个都无关紧要",
                        question.id,
                        list(&all)
                    ),
                ),
                None,
            );
            continue;
        }
        for class in &qs.classes {
            if class.values.len() > 1 {
                let same = names(&class.values);
                let same: Vec<&str> = same.iter().map(String::as_str).collect();
                l.push(
                    "indistinct-choices",
                    Level::Note,
                    question.pos,
                    Said::new(
                        format!(
                            "no condition tells {} of `{}` apart: they lead to the same results",
                            list(&same),
                            question.id
                        ),
                        format!(
                            "没有条件区分 `{}` 的 {}：它们导致相同的结果",
                            question.id,
                            list(&same)
                        ),
                    ),
                    None,
                );
            }
        }
    }
}

fn missing(text: &Option<Text>) -> bool {
    text.as_ref().is_none_or(Text::is_empty)
}

const FACT_LISTS: [&str; 4] = ["key-facts", "when-to-use", "when-not-to-use", "limitations"];

fn fact_lists(o: &crate::rulebook::Outcome) -> [&Vec<Fact>; 4] {
    [
        &o.key_facts,
        &o.when_to_use,
        &o.when_not_to_use,
        &o.limitations,
    ]
}

/// Facts, findings, rules and questions must say where they come from.
fn sources(l: &mut Linter) {
    let rb = l.rb;
    let mut found: Vec<(Pos, Said)> = Vec::new();
    for q in &rb.questions {
        if missing(&q.source) {
            found.push((
                q.pos,
                Said::new(
                    format!("question `{}` has no source", q.id),
                    format!("问题 `{}` 没有来源", q.id),
                ),
            ));
        }
    }
    for o in &rb.outcomes {
        for (name, facts) in FACT_LISTS.iter().zip(fact_lists(o)) {
            for (i, fact) in facts.iter().enumerate() {
                if missing(&fact.source) {
                    found.push((
                        fact.pos,
                        Said::new(
                            format!(
                                "fact {} of `{name}` of outcome `{}` has no source",
                                i + 1,
                                o.id
                            ),
                            format!("结果 `{}` 的 `{name}` 中第 {} 条事实没有来源", o.id, i + 1),
                        ),
                    ));
                }
            }
        }
    }
    for r in &rb.rules {
        if missing(&r.source) {
            found.push((
                r.pos,
                Said::new(
                    format!("rule `{}` has no source", r.id),
                    format!("规则 `{}` 没有来源", r.id),
                ),
            ));
        }
    }
    if let Some(d) = &rb.default {
        if missing(&d.source) {
            found.push((
                d.pos,
                Said::new("the default has no source", "`default` 没有来源"),
            ));
        }
    }
    for f in &rb.findings {
        if missing(&f.source) {
            found.push((
                f.pos,
                Said::new(
                    format!("finding `{}` has no source", f.id),
                    format!("发现 `{}` 没有来源", f.id),
                ),
            ));
        }
    }
    for (pos, message) in found {
        l.push(
            "missing-source",
            Level::Warning,
            pos,
            Said::new(
                format!("{}: say where it comes from with `source:`", message.en),
                format!("{}：请用 `source:` 注明出处", message.zh),
            ),
            None,
        );
    }
}

/// Contested facts whose check against public documentation is too old.
fn stale(l: &mut Linter, options: Options) {
    let rb = l.rb;
    let mut all: Vec<(&Verify, Said)> = Vec::new();
    for o in &rb.outcomes {
        for (name, facts) in FACT_LISTS.iter().zip(fact_lists(o)) {
            for (i, fact) in facts.iter().enumerate() {
                if let Some(v) = &fact.verify {
                    all.push((
                        v,
                        Said::new(
                            format!("fact {} of `{name}` of outcome `{}`", i + 1, o.id),
                            format!("结果 `{}` 的 `{name}` 中第 {} 条事实", o.id, i + 1),
                        ),
                    ));
                }
            }
        }
        if let Some(v) = o.billing.as_ref().and_then(|b| b.verify.as_ref()) {
            all.push((
                v,
                Said::new(
                    format!("the billing of outcome `{}`", o.id),
                    format!("结果 `{}` 的计费", o.id),
                ),
            ));
        }
    }
    for f in &rb.findings {
        if let Some(v) = &f.verify {
            all.push((
                v,
                Said::new(format!("finding `{}`", f.id), format!("发现 `{}`", f.id)),
            ));
        }
    }
    for (verify, what) in all {
        let Some(checked) = days_from_date(&verify.checked) else {
            continue;
        };
        let age = options.today - checked;
        if age > i64::from(options.max_age_days) {
            l.push(
                "stale-verify",
                Level::Warning,
                verify.pos,
                Said::new(
                    format!(
                        "{} is contested, and the documentation was last checked on {} ({age} days ago, more than --max-age {}): check {} again and update `checked`",
                        what.en, verify.checked, options.max_age_days, verify.url
                    ),
                    format!(
                        "{}存在争议，且文档上次核对于 {}（{age} 天前，超过 --max-age {}）：请重新核对 {} 并更新 `checked`",
                        what.zh, verify.checked, options.max_age_days, verify.url
                    ),
                ),
                None,
            );
        }
    }
}

/// Every text that people read, with the path to it in the file.
fn texts(rb: &Rulebook) -> Vec<(Vec<Seg<'static>>, &Text, Pos)> {
    let mut out: Vec<(Vec<Seg<'static>>, &Text, Pos)> = Vec::new();
    let start = Pos::START;
    out.push((
        vec![Seg::Key("rulebook"), Seg::Key("title")],
        &rb.title,
        start,
    ));
    if let Some(t) = &rb.description {
        out.push((
            vec![Seg::Key("rulebook"), Seg::Key("description")],
            t,
            start,
        ));
    }
    if let Some(doc) = &rb.source {
        out.push((
            vec![Seg::Key("rulebook"), Seg::Key("source"), Seg::Key("title")],
            &doc.title,
            start,
        ));
    }
    for (qi, q) in rb.questions.iter().enumerate() {
        let base = || vec![Seg::Key("questions"), Seg::Index(qi)];
        let at = |key: &'static str| {
            let mut p = base();
            p.push(Seg::Key(key));
            p
        };
        out.push((at("prompt"), &q.prompt, q.pos));
        if let Some(t) = &q.help {
            out.push((at("help"), t, q.pos));
        }
        for (ci, c) in q.choices.iter().enumerate() {
            let choice = |key: &'static str| {
                let mut p = base();
                p.extend([Seg::Key("choices"), Seg::Index(ci), Seg::Key(key)]);
                p
            };
            out.push((choice("label"), &c.label, c.pos));
            if let Some(t) = &c.help {
                out.push((choice("help"), t, c.pos));
            }
        }
    }
    for (oi, o) in rb.outcomes.iter().enumerate() {
        let at = |keys: &[Seg<'static>]| {
            let mut p = vec![Seg::Key("outcomes"), Seg::Index(oi)];
            p.extend_from_slice(keys);
            p
        };
        out.push((at(&[Seg::Key("name")]), &o.name, o.pos));
        for (key, t) in [
            ("best-for", &o.best_for),
            ("complexity", &o.complexity),
            ("description", &o.description),
            ("key-fact", &o.key_fact),
            ("next-step", &o.next_step),
        ] {
            if let Some(t) = t {
                out.push((at(&[Seg::Key(key)]), t, o.pos));
            }
        }
        for (name, facts) in FACT_LISTS.iter().zip(fact_lists(o)) {
            for (i, fact) in facts.iter().enumerate() {
                let f = |key: &'static str| at(&[Seg::Key(name), Seg::Index(i), Seg::Key(key)]);
                if let Some(t) = &fact.label {
                    out.push((f("label"), t, fact.pos));
                }
                out.push((f("text"), &fact.text, fact.pos));
                if let Some(v) = &fact.verify {
                    out.push((
                        at(&[
                            Seg::Key(name),
                            Seg::Index(i),
                            Seg::Key("verify"),
                            Seg::Key("docs-say"),
                        ]),
                        &v.docs_say,
                        v.pos,
                    ));
                }
            }
        }
        if let Some(b) = &o.billing {
            out.push((at(&[Seg::Key("billing"), Seg::Key("unit")]), &b.unit, o.pos));
            for (i, free) in b.free.iter().enumerate() {
                if let Some(t) = &free.note {
                    out.push((
                        at(&[
                            Seg::Key("billing"),
                            Seg::Key("free"),
                            Seg::Index(i),
                            Seg::Key("note"),
                        ]),
                        t,
                        o.pos,
                    ));
                }
            }
            if let Some(v) = &b.verify {
                out.push((
                    at(&[
                        Seg::Key("billing"),
                        Seg::Key("verify"),
                        Seg::Key("docs-say"),
                    ]),
                    &v.docs_say,
                    v.pos,
                ));
            }
        }
        for (i, n) in o.not_fit.iter().enumerate() {
            out.push((
                at(&[Seg::Key("not-fit"), Seg::Index(i), Seg::Key("reason")]),
                &n.reason,
                n.pos,
            ));
        }
        for (i, step) in o.next_steps.iter().enumerate() {
            out.push((
                at(&[Seg::Key("next-steps"), Seg::Index(i), Seg::Key("text")]),
                &step.text,
                step.pos,
            ));
        }
        if let Some(t) = &o.no_estimate {
            out.push((at(&[Seg::Key("no-estimate")]), t, o.pos));
        }
    }
    for (ri, r) in rb.rules.iter().enumerate() {
        if let Some(t) = &r.because {
            out.push((
                vec![Seg::Key("rules"), Seg::Index(ri), Seg::Key("because")],
                t,
                r.pos,
            ));
        }
    }
    if let Some(d) = &rb.default {
        if let Some(t) = &d.because {
            out.push((vec![Seg::Key("default"), Seg::Key("because")], t, d.pos));
        }
    }
    for (fi, f) in rb.findings.iter().enumerate() {
        let at = |keys: &[Seg<'static>]| {
            let mut p = vec![Seg::Key("findings"), Seg::Index(fi)];
            p.extend_from_slice(keys);
            p
        };
        out.push((at(&[Seg::Key("message")]), &f.message, f.pos));
        if let Some(t) = &f.remedy {
            out.push((at(&[Seg::Key("remedy")]), t, f.pos));
        }
        for (i, v) in f.variants.iter().enumerate() {
            for (key, t) in [("message", &v.message), ("remedy", &v.remedy)] {
                if let Some(t) = t {
                    out.push((
                        at(&[Seg::Key("variants"), Seg::Index(i), Seg::Key(key)]),
                        t,
                        f.pos,
                    ));
                }
            }
        }
        if let Some(v) = &f.verify {
            out.push((
                at(&[Seg::Key("verify"), Seg::Key("docs-say")]),
                &v.docs_say,
                v.pos,
            ));
        }
    }
    out
}

/// Every `source:` the reports show, with the path to it in the file.
fn source_texts(rb: &Rulebook) -> Vec<(Vec<Seg<'static>>, &Text, Pos)> {
    let mut out: Vec<(Vec<Seg<'static>>, &Text, Pos)> = Vec::new();
    let src = Seg::Key("source");
    for (qi, q) in rb.questions.iter().enumerate() {
        if let Some(t) = &q.source {
            out.push((vec![Seg::Key("questions"), Seg::Index(qi), src], t, q.pos));
        }
    }
    for (oi, o) in rb.outcomes.iter().enumerate() {
        let at = |keys: &[Seg<'static>]| {
            let mut p = vec![Seg::Key("outcomes"), Seg::Index(oi)];
            p.extend_from_slice(keys);
            p
        };
        if let Some(t) = &o.source {
            out.push((at(&[src]), t, o.pos));
        }
        for (name, facts) in FACT_LISTS.iter().zip(fact_lists(o)) {
            for (i, fact) in facts.iter().enumerate() {
                if let Some(t) = &fact.source {
                    out.push((at(&[Seg::Key(name), Seg::Index(i), src]), t, fact.pos));
                }
            }
        }
        if let Some(t) = o.billing.as_ref().and_then(|b| b.source.as_ref()) {
            out.push((at(&[Seg::Key("billing"), src]), t, o.pos));
        }
        for (i, n) in o.not_fit.iter().enumerate() {
            if let Some(t) = &n.source {
                out.push((at(&[Seg::Key("not-fit"), Seg::Index(i), src]), t, n.pos));
            }
        }
    }
    for (ri, r) in rb.rules.iter().enumerate() {
        if let Some(t) = &r.source {
            out.push((vec![Seg::Key("rules"), Seg::Index(ri), src], t, r.pos));
        }
    }
    if let Some(t) = rb.default.as_ref().and_then(|d| d.source.as_ref()) {
        let pos = rb.default.as_ref().map_or(Pos::START, |d| d.pos);
        out.push((vec![Seg::Key("default"), src], t, pos));
    }
    for (fi, f) in rb.findings.iter().enumerate() {
        if let Some(t) = &f.source {
            out.push((vec![Seg::Key("findings"), Seg::Index(fi), src], t, f.pos));
        }
    }
    out
}

/// Texts that lack a language other texts of the rulebook are given in. Sources are
/// citations: a rulebook may leave them as written, but once one of them is translated,
/// every one is checked, so that a reader never meets half of them untranslated.
fn translations(l: &mut Linter) {
    let mut all = texts(l.rb);
    let sources = source_texts(l.rb);
    if sources.iter().any(|(_, t, _)| t.languages().count() > 1) {
        all.extend(sources);
    }
    let mut languages: Vec<&str> = Vec::new();
    for (_, text, _) in &all {
        for lang in text.languages() {
            if !languages.contains(&lang) {
                languages.push(lang);
            }
        }
    }
    if languages.len() < 2 {
        return;
    }
    let mut found = Vec::new();
    for (path, text, fallback) in &all {
        let has: Vec<&str> = text.languages().collect();
        let lacking: Vec<&str> = languages
            .iter()
            .copied()
            .filter(|lang| !has.contains(lang))
            .collect();
        if lacking.is_empty() {
            continue;
        }
        let field = path
            .iter()
            .map(|s| match s {
                Seg::Key(k) => format!(".{k}"),
                Seg::Index(i) => format!("[{i}]"),
            })
            .collect::<String>();
        let field = field.trim_start_matches('.');
        found.push((
            l.loc.near(path, *fallback),
            Said::new(
                format!(
                    "`{field}` is given in {} but not in {}, which other texts of this rulebook have",
                    has.join(", "),
                    lacking.join(", ")
                ),
                format!(
                    "`{field}` 只有 {} 版本，缺少本规则库其他文本都有的 {} 版本",
                    has.join("、"),
                    lacking.join("、")
                ),
            ),
        ));
    }
    for (pos, message) in found {
        l.push("missing-translation", Level::Warning, pos, message, None);
    }
}

/// `file:line:col: severity[kind]: message`, an indented example under it, and a
/// closing line with the counts and what the walk covered.
pub fn render_text(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    for p in &report.problems {
        out.push_str(&format!(
            "{}:{}:{}: {}[{}]: {}\n",
            p.file,
            p.line,
            p.column,
            p.severity.as_str(),
            p.kind,
            p.message(lang)
        ));
        if let Some(example) = &p.example {
            let pairs: Vec<String> = example.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let pairs = if pairs.is_empty() {
                tr(lang, "no answers", "无回答").to_string()
            } else {
                pairs.join(", ")
            };
            out.push_str(&format!("    {}{pairs}\n", tr(lang, "e.g. ", "例如：")));
        }
    }
    let (e, w, n) = (
        report.count(Level::Error),
        report.count(Level::Warning),
        report.count(Level::Note),
    );
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let counts = match (lang, e + w + n) {
        (Lang::En, 0) if report.complete => "no problems".to_string(),
        (Lang::En, 0) => "no problems found".to_string(),
        (Lang::En, _) => format!(
            "{}, {}, {}",
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings"),
            plural(n, "note", "notes")
        ),
        (Lang::Zh, 0) if report.complete => "没有问题".to_string(),
        (Lang::Zh, 0) => "未发现问题".to_string(),
        (Lang::Zh, _) => format!("{e} 个错误，{w} 个警告，{n} 条提示"),
    };
    let (checked, combinations) = (
        format_count(report.checked),
        format_count(report.combinations),
    );
    let not_checked = report
        .not_checked
        .iter()
        .map(|what| not_checked_text(lang, what))
        .collect::<Vec<_>>()
        .join(tr(lang, ", ", "、"));
    let line = match lang {
        Lang::En if report.complete => {
            format!("{counts}; checked all {checked} answer combinations")
        }
        Lang::En if report.checked == report.combinations => format!(
            "{counts}; checked all {checked} answer combinations; incomplete: not checked (raise --budget): {not_checked}"
        ),
        Lang::En => format!(
            "{counts}; incomplete: checked {checked} of {combinations} answer combinations (raise --budget); not checked: {not_checked}"
        ),
        Lang::Zh if report.complete => format!("{counts}；已检查全部 {checked} 种回答组合"),
        Lang::Zh if report.checked == report.combinations => format!(
            "{counts}；已检查全部 {checked} 种回答组合；不完整：以下未检查（请调高 --budget）：{not_checked}"
        ),
        Lang::Zh => format!(
            "{counts}；不完整：仅检查了 {combinations} 种回答组合中的 {checked} 种（请调高 --budget）；未检查：{not_checked}"
        ),
    };
    out.push_str(&format!("{}: {line}\n", report.file));
    out
}

/// A count as a JSON number, or a string when it does not fit in 64 bits.
fn big(n: u128) -> serde_json::Value {
    match u64::try_from(n) {
        Ok(n) => serde_json::Value::from(n),
        Err(_) => serde_json::Value::from(n.to_string()),
    }
}

pub fn render_json(report: &Report) -> String {
    let value = serde_json::json!({
        "file": report.file,
        "rulebook": report.rulebook,
        "complete": report.complete,
        "checked": big(report.checked),
        "combinations": big(report.combinations),
        "not_checked": report.not_checked,
        "summary": {
            "errors": report.count(Level::Error),
            "warnings": report.count(Level::Warning),
            "notes": report.count(Level::Note),
        },
        "problems": report.problems,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
