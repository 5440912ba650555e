//! `rules lint`: what loading cannot see. Gaps in the decision, rules that never decide,
//! outcomes, findings and questions that can never come up, conditions that read
//! questions which are not asked, and facts without a source, stale or untranslated.
//!
//! The decision is checked by walking the answer space (see `space`): every combination
//! of answer classes, in question order, respecting ask-when, up to a budget. When the
//! budget runs out the report says so and which checks it could not finish; it never
//! claims that something cannot happen unless the walk was complete.
//!
//! `decision` holds the passes over the answer space, `reads` the search for conditions
//! that read unasked questions, `plans` what a plan check needs, `texts` the passes over
//! the rulebook's texts, `addresses` the passes over its https addresses and `checked`
//! dates (read from the YAML text, whatever the shape of its blocks), and `codes` what a
//! problem can say.

mod addresses;
mod codes;
mod decision;
mod plans;
mod reads;
mod texts;

use indexmap::IndexMap;
use serde::{Serialize, Serializer};

pub use codes::{Code, Level, Message, Subject};

use super::locate::Locator;
use super::space::Space;
use crate::i18n::tr;
use crate::numbers::format_count;
use crate::rulebook::{Rulebook, Trust};
use crate::text::Lang;
use crate::yaml::Pos;

#[derive(Clone, Debug)]
pub struct Problem {
    pub code: Code,
    pub severity: Level,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: Message,
    /// An answer set on which the problem shows, as question id → value.
    pub example: Option<IndexMap<String, String>>,
}

/// As JSON gives it: the message in English.
impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown<'p> {
            kind: Code,
            severity: Level,
            file: &'p str,
            line: u32,
            column: u32,
            message: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            example: &'p Option<IndexMap<String, String>>,
        }
        Shown {
            kind: self.code,
            severity: self.severity,
            file: &self.file,
            line: self.line,
            column: self.column,
            message: self.message.text(Lang::En),
            example: &self.example,
        }
        .serialize(serializer)
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Most steps (nodes of the answer tree) each search may take.
    pub budget: u64,
    /// Facts (contested ones, premises) checked longer ago than this many days are stale.
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
    pub fn message(&self, lang: Lang) -> String {
        self.message.text(lang)
    }
}

impl Report {
    /// Gives every position under `name` rather than the rulebook's own file name: the
    /// embedded rulebook names the repository file it was built from, which an installed
    /// user does not have.
    pub fn name_file(&mut self, name: &str) {
        self.file = name.to_string();
        for p in &mut self.problems {
            p.file = name.to_string();
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
        code: Code,
        severity: Level,
        pos: Pos,
        message: Message,
        example: Option<Vec<(String, String)>>,
    ) {
        self.problems.push(Problem {
            code,
            severity,
            file: self.rb.file.clone(),
            line: pos.line,
            column: pos.column,
            message,
            example: example.map(|pairs| pairs.into_iter().collect()),
        });
    }
}

pub fn lint(rb: &Rulebook, text: &str, options: Options) -> Report {
    let mut linter = Linter {
        rb,
        loc: Locator::new(&rb.file, text),
        problems: Vec::new(),
    };
    // A premise is one more dimension of the answer space: each source of truth is
    // explored as a space of its own (one, when nothing reads a premise).
    let trusts: &[Trust] = if rb.premises.is_empty() {
        &[Trust::Page]
    } else {
        &Trust::ALL
    };
    let spaces: Vec<Space> = trusts.iter().map(|&t| Space::new(rb, t)).collect();
    let walked = decision::decision(&mut linter, &spaces, options);
    reads::reads_unasked(&mut linter, &spaces, options);
    let not_checked = walked.not_checked;
    let complete = walked.complete && not_checked.is_empty();
    decision::choices(&mut linter, &spaces[0], &walked.never_asked);
    plans::path_mismatch(&mut linter);
    texts::sources(&mut linter);
    texts::translations(&mut linter);
    addresses::check(&mut linter, text);
    addresses::stale(&mut linter, options);
    let mut problems = linter.problems;
    problems.sort_by_key(|p| (p.line, p.column));
    Report {
        file: rb.file.clone(),
        rulebook: rb.id.clone(),
        problems,
        checked: walked.covered,
        complete,
        combinations: walked.combinations,
        not_checked,
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

/// `file:line:col: severity[kind]: message`, an indented example under it, `note` (where
/// to read the text the positions are in) when there are any, and a closing line with the
/// counts and what the walk covered.
pub fn render_text(report: &Report, lang: Lang, note: Option<&str>) -> String {
    let mut out = String::new();
    for p in &report.problems {
        let pos = crate::yaml::Pos {
            line: p.line,
            column: p.column,
        };
        let message = p.message(lang);
        let headline = crate::diag::Headline::coded(
            &p.file,
            pos,
            p.severity.label(lang),
            p.code.as_str(),
            &message,
        );
        out.push_str(&format!("{headline}\n"));
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
    if let Some(note) = note.filter(|_| !report.problems.is_empty()) {
        out.push_str(note);
        out.push('\n');
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
