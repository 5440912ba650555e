//! Filling in the placeholders of rulebook texts: `{QUESTION}` with the answer,
//! `{settings.KEY}` with a plan's setting, `{cost.monthly}` and the like with the cost
//! estimate. What cannot be filled is shown as `<name>`, for the reader to fill in.

use crate::answers::Answers;
use crate::engine::Cost;
use crate::rulebook::{AnswerValue, Rulebook};
use crate::text::Lang;

/// A plan's setting as text, by key.
pub type SettingText<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Where the values come from.
pub struct Values<'a> {
    pub rb: &'a Rulebook,
    pub answers: &'a Answers,
    pub cost: Option<&'a Cost>,
    /// A plan's setting as text, when a plan is being checked; secrets never come back.
    pub setting: Option<SettingText<'a>>,
    /// Names filled by the caller (a plan check's `{planned}`, `{recommended}`, `{missing}`).
    pub extra: &'a [(&'a str, &'a str)],
}

impl Values<'_> {
    /// The template with every placeholder it names filled in, in `lang`.
    pub fn fill(&self, template: &str, lang: Lang) -> String {
        crate::text::fill_with(template, |name| Some(self.value(name, lang)))
    }

    fn value(&self, name: &str, lang: Lang) -> String {
        if let Some((_, value)) = self.extra.iter().find(|(n, _)| *n == name) {
            return value.to_string();
        }
        if let Some(key) = name.strip_prefix("settings.") {
            return self
                .setting
                .and_then(|get| get(key))
                .filter(|_| !self.rb.is_secret_key(key))
                .unwrap_or_else(|| format!("<{key}>"));
        }
        if let Some(figure) = name.strip_prefix("cost.") {
            let currency = self
                .cost
                .and_then(|c| self.rb.outcomes[c.outcome].billing.as_ref())
                .map(|b| b.currency.clone());
            return match (self.cost, figure) {
                (Some(c), "monthly") => crate::numbers::format_amount(c.monthly),
                (Some(c), "free") => crate::numbers::format_count(c.free),
                (Some(c), "billable") => crate::numbers::format_count(c.billable),
                (Some(_), "currency") => currency.unwrap_or_default(),
                _ => format!("<{name}>"),
            };
        }
        let Some(q) = self.rb.question(name) else {
            return format!("{{{name}}}");
        };
        let question = &self.rb.questions[q];
        match self.answers.get(q) {
            Some(AnswerValue::Choice(i)) => {
                question.choices[i as usize].label.get(lang).to_string()
            }
            Some(AnswerValue::Number(n)) => crate::numbers::format_count(n),
            Some(value) => question.value_text(value),
            None => format!("<{name}>"),
        }
    }
}
