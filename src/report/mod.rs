//! Renderers: each output format is a view of a verdict or a check report. Nothing else
//! in the crate writes to the user.

pub mod check;
pub mod json;
pub mod markdown;
pub mod text;
pub mod trust;

use console::Style;

use crate::answers::Answers;
use crate::engine::{Fired, Verdict};
use crate::fill::Values;
use crate::numbers::{format_amount, format_count};
use crate::rulebook::{Contested, Fact, Rulebook, Severity, Trust};
pub use crate::text::escape_controls;
use crate::text::{Lang, Text};

/// How to speak to the user: language and whether to colour.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    pub lang: Lang,
    pub color: bool,
    /// The terminal's width, when output goes to one; long lines are wrapped to it.
    pub width: Option<usize>,
}

impl Ui {
    pub fn plain(lang: Lang) -> Ui {
        Ui {
            lang,
            color: false,
            width: None,
        }
    }

    pub fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }

    /// Wraps each long line to the terminal's width, continuing under its own indent
    /// (two columns deeper), so paragraphs stay readable in a terminal.
    pub fn wrap(&self, text: &str) -> String {
        let Some(width) = self.width.filter(|w| *w >= 40) else {
            return text.to_string();
        };
        let mut out = String::with_capacity(text.len() + text.len() / 16);
        for line in text.lines() {
            if console::measure_text_width(line) <= width {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            let body = line.trim_start_matches(' ');
            let indent = " ".repeat(line.len() - body.len());
            // A numbered item ("1. ", "[2] ") continues under its text, not its number.
            let marker = body
                .split_once(' ')
                .filter(|(head, _)| {
                    let digits = head.trim_start_matches('[').trim_end_matches(['.', ']']);
                    head.len() > digits.len()
                        && !digits.is_empty()
                        && digits.chars().all(|c| c.is_ascii_digit())
                })
                .map_or(2, |(head, _)| head.len() + 1);
            let hanging = format!("{indent}{}", " ".repeat(marker));
            // Break at spaces only, so addresses stay whole for copying and clicking: an
            // address longer than the line stands alone on a line of its own, unbroken
            // (and not at its hyphens, where textwrap would otherwise split a word).
            // Chinese has no spaces between words: there, break where Unicode allows (between
            // characters, after a full-width colon) rather than inside the ids and words
            // written in Latin letters.
            let separator = if body.chars().any(is_wide) {
                textwrap::WordSeparator::UnicodeBreakProperties
            } else {
                textwrap::WordSeparator::AsciiSpace
            };
            let options = textwrap::Options::new(width)
                .initial_indent(&indent)
                .subsequent_indent(&hanging)
                .word_separator(separator)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .break_words(false);
            for piece in textwrap::wrap(body, options) {
                out.push_str(&piece);
                out.push('\n');
            }
        }
        out
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint(Style::new().dim(), text)
    }

    pub fn severity(&self, severity: Severity) -> String {
        let label = severity_label(self.lang, severity);
        let style = match severity {
            Severity::Error => Style::new().red().bold(),
            Severity::Warning => Style::new().yellow().bold(),
            Severity::Info => Style::new().cyan(),
        };
        self.paint(style, label)
    }
}

/// A CJK character or full-width punctuation.
fn is_wide(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

pub fn severity_label(lang: Lang, severity: Severity) -> &'static str {
    use crate::i18n::tr;
    match severity {
        Severity::Error => tr(lang, "error", "错误"),
        Severity::Warning => tr(lang, "warning", "警告"),
        Severity::Info => tr(lang, "info", "提示"),
    }
}

/// A yes/no property of an outcome, or a dash where the rulebook does not say.
pub fn yes_no(lang: Lang, value: Option<bool>) -> &'static str {
    use crate::i18n::tr;
    match value {
        Some(true) => tr(lang, "yes", "是"),
        Some(false) => tr(lang, "no", "否"),
        None => "—",
    }
}

/// What the other source of truth says of premise `premise`, for a verdict that follows
/// `trust`: the page's words under the documentation, the documentation's (with its address
/// and date) under the page.
pub fn otherwise(rb: &Rulebook, trust: Trust, premise: usize) -> Note<'_> {
    let p = &rb.premises[premise];
    match trust {
        Trust::Docs => Note {
            premise,
            says: p.page_says.as_ref().unwrap_or(&p.statement),
            url: rb
                .source
                .as_ref()
                .and_then(|s| s.url.as_deref())
                .unwrap_or(""),
            checked: None,
        },
        Trust::Page => Note {
            premise,
            says: &p.docs_say,
            url: &p.url,
            checked: Some(&p.checked),
        },
    }
}

/// The heading of a verdict's footnotes: who says otherwise.
pub fn otherwise_heading(rb: &Rulebook, trust: Trust, lang: Lang) -> String {
    use crate::i18n::tr;
    match trust {
        Trust::Docs => match (rb.source.as_ref(), lang) {
            (Some(s), Lang::En) => format!("“{}” says otherwise", s.title.get(lang)),
            (Some(s), Lang::Zh) => format!("《{}》的说法不同", s.title.get(lang)),
            (None, _) => tr(
                lang,
                "The rulebook's source says otherwise",
                "规则库来源的说法不同",
            )
            .to_string(),
        },
        Trust::Page => tr(lang, "The documentation says otherwise", "文档的说法不同").to_string(),
    }
}

/// The one-line note shown beside a contested finding in `check`'s text.
pub fn otherwise_note(rb: &Rulebook, trust: Trust, contested: &Contested, lang: Lang) -> String {
    format!(
        "{}{} {}",
        otherwise_heading(rb, trust, lang),
        crate::i18n::colon(lang),
        otherwise(rb, trust, contested.premise).text(lang)
    )
}

/// Whether a fact is shown under `trust` (a fact with a `when` states one source's claim).
pub fn fact_shown(rb: &Rulebook, fact: &Fact, answers: &Answers, trust: Trust) -> bool {
    fact.when
        .as_ref()
        .is_none_or(|c| crate::engine::holds_under(rb, c, answers, trust))
}

/// What a verdict shows beyond its short form.
#[derive(Clone, Copy, Debug, Default)]
pub struct Show {
    /// The rules tried and the answers each finding read.
    pub explain: bool,
    /// Everything: key facts, when to use, limitations, sources, every blocking finding.
    pub detail: bool,
    /// Compact, for an agent to quote (the MCP summaries): no blank lines and no "why not
    /// the others" (the structured result carries it); the rest as printed.
    pub compact: bool,
}

/// The footnotes of a verdict: for each premise its shown texts rest on, what the other
/// source of truth says, numbered in the order first pointed at, each once however many
/// facts and findings rest on it.
pub struct Notes<'a> {
    rb: &'a Rulebook,
    trust: Trust,
    pub list: Vec<Note<'a>>,
}

pub struct Note<'a> {
    pub premise: usize,
    /// What the other source says.
    pub says: &'a Text,
    /// Where it says so.
    pub url: &'a str,
    /// When the documentation was checked (`None` for the page).
    pub checked: Option<&'a str>,
}

impl<'a> Notes<'a> {
    pub fn new(rb: &'a Rulebook, trust: Trust) -> Notes<'a> {
        Notes {
            rb,
            trust,
            list: Vec::new(),
        }
    }

    /// The address of the document the rulebook encodes, which a verdict names once.
    pub fn source_url(&self) -> Option<&'a str> {
        self.rb.source.as_ref().and_then(|s| s.url.as_deref())
    }

    /// The heading the footnotes are printed under.
    pub fn heading(&self, lang: Lang) -> String {
        otherwise_heading(self.rb, self.trust, lang)
    }

    /// The number of the footnote for `contested`, adding it on first mention.
    pub fn mark(&mut self, contested: &Contested) -> usize {
        if let Some(i) = self
            .list
            .iter()
            .position(|n| n.premise == contested.premise)
        {
            return i + 1;
        }
        self.list
            .push(otherwise(self.rb, self.trust, contested.premise));
        self.list.len()
    }

    /// `[2]` for a statement that rests on a contested fact, else nothing.
    pub fn marker(&mut self, contested: Option<&Contested>) -> String {
        contested.map_or(String::new(), |c| format!(" [{}]", self.mark(c)))
    }
}

impl Note<'_> {
    /// "What the other source says. — address (checked date)".
    pub fn text(&self, lang: Lang) -> String {
        self.text_at(lang, self.url)
    }

    /// The note with its address given as `address` (a step's, when printed there).
    pub fn text_at(&self, lang: Lang, address: &str) -> String {
        use crate::i18n::tr;
        match self.checked {
            Some(checked) => format!(
                "{} — {address} ({} {checked})",
                self.says.get(lang),
                tr(lang, "checked", "核对于"),
            ),
            None => format!("{} — {address}", self.says.get(lang)),
        }
    }
}

/// "address under step 2": a footnote's address that a next step already shows.
pub fn step_address(lang: Lang, step: usize) -> String {
    match lang {
        Lang::En => format!("address under step {step}"),
        Lang::Zh => format!("地址见第 {step} 步"),
    }
}

/// The values a verdict's texts are filled in from (no plan settings).
pub fn values<'a>(rb: &'a Rulebook, answers: &'a Answers, verdict: &'a Verdict) -> Values<'a> {
    Values {
        rb,
        answers,
        cost: verdict.cost.as_ref(),
        setting: None,
        extra: &[],
    }
}

/// A fired finding's message, worded for its variant and filled in.
pub fn message(rb: &Rulebook, fired: &Fired, values: &Values, lang: Lang) -> String {
    let def = &rb.findings[fired.finding];
    values.fill(def.message_for(fired.variant).get(lang), lang)
}

/// A fired finding's remedy, worded for its variant and filled in.
pub fn remedy(rb: &Rulebook, fired: &Fired, values: &Values, lang: Lang) -> Option<String> {
    let def = &rb.findings[fired.finding];
    def.remedy_for(fired.variant)
        .map(|r| values.fill(r.get(lang), lang))
}

/// The sentences of a text, each with its closing mark, so that a verdict can say each
/// of them once.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let closes = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => chars.peek().is_none_or(|(_, next)| next.is_whitespace()),
            _ => false,
        };
        if closes {
            let sentence = text[start..end].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// `text` without the sentences already in `said`; what is left is added to `said`.
pub fn unsaid(text: &str, said: &mut Vec<String>) -> Option<String> {
    let fresh: Vec<&str> = sentences(text)
        .into_iter()
        .filter(|s| !said.iter().any(|d| d == s))
        .collect();
    said.extend(fresh.iter().map(|s| s.to_string()));
    (!fresh.is_empty()).then(|| fresh.join(" "))
}

/// Records every sentence of `text` as said.
pub fn say(text: &str, said: &mut Vec<String>) {
    said.extend(sentences(text).into_iter().map(str::to_string));
}

/// A next step as shown: its number, its filled-in text and its addresses.
pub struct Step<'a> {
    pub number: usize,
    pub text: String,
    pub docs: &'a [String],
    pub covers: &'a [usize],
}

/// The recommended outcome's next steps that apply, numbered from 1.
pub fn steps<'a>(
    rb: &'a Rulebook,
    verdict: &Verdict,
    values: &Values,
    lang: Lang,
) -> Vec<Step<'a>> {
    let Some(o) = verdict.outcome else {
        return Vec::new();
    };
    let outcome = &rb.outcomes[o];
    verdict
        .next_steps
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let step = &outcome.next_steps[i];
            Step {
                number: n + 1,
                text: values.fill(step.text.get(lang), lang),
                docs: &step.docs,
                covers: &step.covers,
            }
        })
        .collect()
}

/// The step that carries out a finding's advice, if one is shown.
pub fn covering_step(steps: &[Step], finding: usize) -> Option<usize> {
    steps
        .iter()
        .find(|s| s.covers.contains(&finding))
        .map(|s| s.number)
}

/// The label before a finding's remedy in every format people read. It is named as the
/// JSON key and the rulebook field are (`remedy`), so that a reader who meets the advice
/// in one output finds it under the same name in another.
pub fn remedy_label(lang: Lang) -> &'static str {
    crate::i18n::tr(lang, "remedy: ", "补救办法：")
}

/// `remedy_label` as a heading (a table column, the start of a line in Markdown).
pub fn remedy_heading(lang: Lang) -> &'static str {
    crate::i18n::tr(lang, "Remedy", "补救办法")
}

/// The remedy cell that points at the step carrying it out: "step 2" or "第 2 步".
pub fn see_step(lang: Lang, number: usize) -> String {
    match lang {
        Lang::En => format!("step {number}"),
        Lang::Zh => format!("第 {number} 步"),
    }
}

/// "50,000 − 1,000 free = 49,000 × 0.0001 CNY per request": how the estimate is reached.
pub fn cost_sum(
    cost: &crate::engine::Cost,
    billing: &crate::rulebook::Billing,
    lang: Lang,
) -> String {
    let unit = billing.unit.get(lang);
    let per = match (billing.unit_size, lang) {
        (1, Lang::En) => format!("per {unit}"),
        (1, Lang::Zh) => format!("每{unit}"),
        (n, Lang::En) => format!("per {} {unit}", format_count(n)),
        (n, Lang::Zh) => format!("每 {} {unit}", format_count(n)),
    };
    format!(
        "{} − {} {} = {} × {} {} {per}",
        format_count(cost.volume),
        format_count(cost.free),
        crate::i18n::tr(lang, "free", "免费"),
        format_count(cost.billable),
        format_amount(billing.unit_price),
        billing.currency,
    )
}

/// Why no cost estimate is shown although a volume was given: the recommended outcome
/// has no billing model.
pub fn no_estimate(
    rb: &Rulebook,
    answers: &Answers,
    verdict: &Verdict,
    lang: Lang,
) -> Option<String> {
    use crate::i18n::tr;
    let outcome = &rb.outcomes[verdict.outcome?];
    if verdict.cost.is_some()
        || outcome.billing.is_some()
        || !outcome.billing_alternatives.is_empty()
    {
        return None;
    }
    // Only when a volume that some billing reads was given.
    let volume_given = rb
        .outcomes
        .iter()
        .flat_map(|o| o.billing.iter().chain(&o.billing_alternatives))
        .any(|b| answers.get(b.volume).is_some());
    volume_given.then(|| match &outcome.no_estimate {
        Some(t) => t.get(lang).to_string(),
        None => tr(
            lang,
            "The rulebook gives no prices for this outcome.",
            "规则库没有给出此结果的价格。",
        )
        .to_string(),
    })
}

/// Why an outcome was not chosen, each reason not said before: its own not-fit reasons,
/// and the errors that would block it when it has none (or when `all` is asked for).
pub fn rejection_reasons(
    rb: &Rulebook,
    r: &crate::engine::Rejection,
    all: bool,
    lang: Lang,
    said: &mut Vec<String>,
) -> Vec<String> {
    let outcome = &rb.outcomes[r.outcome];
    let mut reasons: Vec<String> = r
        .reasons
        .iter()
        .map(|&i| outcome.not_fit[i].reason.get(lang).to_string())
        .collect();
    if reasons.is_empty() || all {
        reasons.extend(r.blocked_by.iter().map(|&f| {
            let def = &rb.findings[f];
            format!("{} ({})", def.message.get(lang), def.id)
        }));
    }
    reasons
        .iter()
        .filter_map(|reason| unsaid(reason, said))
        .collect()
}
