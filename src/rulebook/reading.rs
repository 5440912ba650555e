//! How an answer is read, from every source: flags, `--answer`, answers files, plans, the
//! questionnaire, rulebook conditions and MCP. One reading, so that a value accepted in
//! one place is accepted in all, and refused with the same reason.
//!
//! The rules (docs/rulebook.md, "How answers are read", says them to users):
//! - Choices and yes/no are spelt as declared, in lower case (`vpc`, `yes`); yes/no also
//!   take `true` and `false`. `VPC` is refused with "did you mean `vpc`?". Case is not
//!   folded because the JSON Schemas that editors and agents check files against compare
//!   enums exactly: folding case here would make the CLI accept what the schema refuses,
//!   and committed files would spell one value several ways.
//! - Numbers are whole, from 0 to the question's `max`, and never above 2^53 − 1, the
//!   largest whole number JSON carries exactly. A typed value (a file, MCP) is a number:
//!   `8000`, `8000.0` or `1e3`, not the string `"8000"`, as the schemas' `integer` says.
//!   Text typed by a person (flags, the questionnaire) reads the same forms, and also
//!   thousands grouped as people write them (`50,000`, `50 000`, `５０，０００`): on a
//!   command line there is no type to tell a number from a string.

use super::{AnswerValue, Question, QuestionKind};
use crate::text::{inline, Lang};
use crate::yaml::{Node, Value};

/// The largest number any answer may be: 2^53 − 1, the largest whole number that JSON
/// carries exactly (RFC 7493), and so the largest that the JSON Schema of a plan, and an
/// editor checking the file against it, can tell from its neighbours.
pub const LARGEST_ANSWER: u64 = (1 << 53) - 1;

/// Why a value is not an answer to a question. Worded by [`Refusal::message`] in the
/// user's language, with the question it was given for.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Not one of the question's values (it may differ only in case).
    NotAValue { written: String },
    /// Not a whole number of 0 or more.
    NotAWholeNumber { written: String },
    /// A number with a fraction (`8000.5`).
    Fraction { written: String },
    /// A whole number above the largest answer; `written` is `None` when the number read
    /// is not the one typed (a float beyond 2^53).
    TooLarge { written: Option<String> },
    /// A number written as a string in a typed file (`"8000"`).
    Quoted { written: String },
    /// A value of the wrong kind (a list, a mapping, null, a boolean for a number).
    WrongKind {
        found_en: &'static str,
        found_zh: &'static str,
    },
}

/// A value as a source gives it, before it is read.
pub enum Written<'a> {
    /// Text typed by a person: a command line or the questionnaire.
    Typed(&'a str),
    /// A string in a typed source (a file, MCP).
    Str(&'a str),
    Int(i128),
    Float(f64),
    Bool(bool),
    Other {
        found_en: &'static str,
        found_zh: &'static str,
    },
}

impl Question {
    /// Reads a value typed by a person (a flag, `--answer ID=VALUE`, the questionnaire).
    pub fn read_text(&self, text: &str) -> Result<AnswerValue, Refusal> {
        self.read(Written::Typed(text.trim()))
    }

    /// Reads a value from a YAML node (answers files, plans, rulebook conditions).
    pub fn read_node(&self, node: &Node) -> Result<AnswerValue, Refusal> {
        self.read(match &node.value {
            Value::Str(s) => Written::Str(s),
            Value::Int(i) => Written::Int(*i),
            Value::Float(f) => Written::Float(*f),
            Value::Bool(b) => Written::Bool(*b),
            _ => Written::Other {
                found_en: node.kind_name(),
                found_zh: node.kind_name_zh(),
            },
        })
    }

    /// The largest answer this question takes: its `max`, and never more than
    /// [`LARGEST_ANSWER`].
    pub fn largest(&self) -> u64 {
        self.max
            .map_or(LARGEST_ANSWER, |max| max.min(LARGEST_ANSWER))
    }

    /// Reads a value as its source gave it (the MCP server builds these from JSON).
    pub fn read(&self, given: Written) -> Result<AnswerValue, Refusal> {
        let not_a_value = |written: &str| Refusal::NotAValue {
            written: written.to_string(),
        };
        match (self.kind, given) {
            (QuestionKind::Choice, Written::Typed(s) | Written::Str(s)) => self
                .choices
                .iter()
                .position(|c| c.value == s)
                .map(|i| AnswerValue::Choice(i as u16))
                .ok_or_else(|| not_a_value(s)),
            (QuestionKind::YesNo, Written::Bool(b)) => Ok(AnswerValue::Bool(b)),
            // A typed source says true and false as booleans: a quoted "true" is a string,
            // which the schema's enum refuses too.
            (QuestionKind::YesNo, Written::Str(s)) => match s {
                "yes" => Ok(AnswerValue::Bool(true)),
                "no" => Ok(AnswerValue::Bool(false)),
                _ => Err(not_a_value(s)),
            },
            (QuestionKind::YesNo, Written::Typed(s)) => match s {
                "yes" | "true" => Ok(AnswerValue::Bool(true)),
                "no" | "false" => Ok(AnswerValue::Bool(false)),
                _ => Err(not_a_value(s)),
            },
            (QuestionKind::Number, Written::Typed(s)) => match number_text(s) {
                Ok(n) => self.within_range(n, Some(s)),
                Err(NumberText::Fraction) => Err(Refusal::Fraction {
                    written: s.to_string(),
                }),
                Err(NumberText::TooLarge) => Err(Refusal::TooLarge {
                    written: Some(s.to_string()),
                }),
                Err(NumberText::NotANumber) => Err(Refusal::NotAWholeNumber {
                    written: s.to_string(),
                }),
            },
            (QuestionKind::Number, Written::Str(s)) => Err(Refusal::Quoted {
                written: s.to_string(),
            }),
            (QuestionKind::Number, Written::Int(i)) => match u64::try_from(i) {
                Ok(n) => self.within_range(n, Some(&i.to_string())),
                Err(_) if i > 0 => Err(Refusal::TooLarge {
                    written: Some(i.to_string()),
                }),
                Err(_) => Err(Refusal::NotAWholeNumber {
                    written: i.to_string(),
                }),
            },
            (QuestionKind::Number, Written::Float(f)) => {
                if f.is_nan() || f < 0.0 {
                    Err(Refusal::NotAWholeNumber {
                        written: format!("{f:?}"),
                    })
                } else if f.fract() != 0.0 && f.is_finite() {
                    // `{:?}` keeps what makes it a decimal: `8000.5`, `1e-3`.
                    Err(Refusal::Fraction {
                        written: format!("{f:?}"),
                    })
                } else if f <= self.largest() as f64 {
                    Ok(AnswerValue::Number(f as u64))
                } else {
                    // Beyond 2^53 a float is not the number that was typed
                    // (99999999999999999999 reads as 1e20), so it is not quoted.
                    Err(Refusal::TooLarge { written: None })
                }
            }
            (_, Written::Other { found_en, found_zh }) => {
                Err(Refusal::WrongKind { found_en, found_zh })
            }
            (_, Written::Bool(_)) => Err(Refusal::WrongKind {
                found_en: "a boolean",
                found_zh: "布尔值",
            }),
            (_, Written::Int(_) | Written::Float(_)) => Err(Refusal::WrongKind {
                found_en: "a number",
                found_zh: "数字",
            }),
        }
    }

    fn within_range(&self, n: u64, written: Option<&str>) -> Result<AnswerValue, Refusal> {
        match n <= self.largest() {
            true => Ok(AnswerValue::Number(n)),
            false => Err(Refusal::TooLarge {
                written: written.map(str::to_string),
            }),
        }
    }

    /// The value `text` most likely meant, for a choice or yes-no question: the value it
    /// spells in another case first (`VPC` → `vpc`), else the nearest by spelling. A
    /// yes-no question is offered `yes` and `no`, which every source takes.
    pub fn nearest_value(&self, text: &str) -> Option<&str> {
        let text = text.trim();
        let values: Vec<&str> = match self.kind {
            QuestionKind::Choice => self.choices.iter().map(|c| c.value.as_str()).collect(),
            QuestionKind::YesNo if text.eq_ignore_ascii_case("true") => return Some("yes"),
            QuestionKind::YesNo if text.eq_ignore_ascii_case("false") => return Some("no"),
            QuestionKind::YesNo => vec!["yes", "no"],
            QuestionKind::Number => return None,
        };
        if let Some(same) = values.iter().find(|v| v.eq_ignore_ascii_case(text)) {
            return Some(same);
        }
        crate::suggest::nearest(&text.to_lowercase(), values.into_iter())
    }
}

impl Refusal {
    /// The whole message: what was given, for which question, and what is expected.
    pub fn message(&self, question: &Question, lang: Lang) -> String {
        let id = &question.id;
        let range = super::whole_numbers(Some(question.largest()), lang);
        match (self, lang) {
            (Refusal::NotAValue { written }, Lang::En) => format!(
                "`{}` is not a valid answer to `{id}`{}; expected {}",
                inline(written),
                did_you_mean(question, written, lang)
                    .map(|tip| format!(" ({tip})"))
                    .unwrap_or_default(),
                question.allowed_values()
            ),
            (Refusal::NotAValue { written }, Lang::Zh) => format!(
                "`{}` 不是 `{id}` 的有效回答{}；应为：{}",
                inline(written),
                did_you_mean(question, written, lang)
                    .map(|tip| format!("（{tip}）"))
                    .unwrap_or_default(),
                question.allowed_values_in(lang)
            ),
            (Refusal::NotAWholeNumber { written }, Lang::En) => format!(
                "`{}` is not a valid answer to `{id}`; expected {range}",
                inline(written)
            ),
            (Refusal::NotAWholeNumber { written }, Lang::Zh) => {
                format!(
                    "`{}` 不是 `{id}` 的有效回答；应为：{range}",
                    inline(written)
                )
            }
            (Refusal::Fraction { written }, Lang::En) => format!(
                "found the decimal number `{}` for `{id}`; expected {range}",
                inline(written)
            ),
            (Refusal::Fraction { written }, Lang::Zh) => {
                format!("`{id}` 的值是小数 `{}`；应为：{range}", inline(written))
            }
            (Refusal::TooLarge { written }, Lang::En) => format!(
                "{} is too large for `{id}`; the largest answer is {}",
                written
                    .as_deref()
                    .map_or("the number".to_string(), |w| format!("`{}`", inline(w))),
                question.largest()
            ),
            (Refusal::TooLarge { written }, Lang::Zh) => format!(
                "{}对 `{id}` 来说太大；最大的回答是 {}",
                written
                    .as_deref()
                    .map_or("这个数".to_string(), |w| format!("`{}` ", inline(w))),
                question.largest()
            ),
            (Refusal::Quoted { written }, Lang::En) => format!(
                "found the string \"{}\" for `{id}`; expected {range}, written without quotes",
                inline(written)
            ),
            (Refusal::Quoted { written }, Lang::Zh) => format!(
                "`{id}` 的值是字符串 \"{}\"；应为：{range}，且不加引号",
                inline(written)
            ),
            (Refusal::WrongKind { found_en, .. }, Lang::En) => format!(
                "found {found_en} for `{id}`; expected {}",
                question.expected(lang)
            ),
            (Refusal::WrongKind { found_zh, .. }, Lang::Zh) => {
                format!("`{id}` 的值是{found_zh}；应为：{}", question.expected(lang))
            }
        }
    }

    /// What follows the value on a flag's error line (`invalid value 'VPC' for
    /// '--network'`): the reason alone, as clap words its own.
    pub fn reason(&self, question: &Question, lang: Lang) -> String {
        let range = super::whole_numbers(Some(question.largest()), lang);
        let largest = question.largest();
        match (self, lang) {
            (Refusal::NotAValue { written }, Lang::En) => format!(
                "{}expected {}",
                did_you_mean(question, written, lang)
                    .map(|tip| format!("{tip} "))
                    .unwrap_or_default(),
                question.allowed_values()
            ),
            (Refusal::NotAValue { written }, Lang::Zh) => format!(
                "{}应为：{}",
                did_you_mean(question, written, lang).unwrap_or_default(),
                question.allowed_values_in(lang)
            ),
            (Refusal::TooLarge { .. }, Lang::En) => {
                format!("too large: the largest answer is {largest}")
            }
            (Refusal::TooLarge { .. }, Lang::Zh) => format!("太大：最大的回答是 {largest}"),
            (Refusal::Fraction { .. }, Lang::En) => format!("expected {range}, without a fraction"),
            (Refusal::Fraction { .. }, Lang::Zh) => format!("应为 {range}，不能有小数"),
            (_, Lang::En) => format!("expected {range}"),
            (_, Lang::Zh) => format!("应为 {range}"),
        }
    }

    /// The value this refusal most likely meant, for agents' `suggestion`.
    pub fn meant<'q>(&self, question: &'q Question) -> Option<&'q str> {
        match self {
            Refusal::NotAValue { written } => question.nearest_value(written),
            _ => None,
        }
    }
}

impl Question {
    /// What the question takes, in words: its values, or the range of whole numbers.
    fn expected(&self, lang: Lang) -> String {
        match self.kind {
            QuestionKind::Number => super::whole_numbers(Some(self.largest()), lang),
            _ => self.allowed_values_in(lang),
        }
    }
}

/// "did you mean `VALUE`?" for the question's value nearest to `written`, if one is near.
fn did_you_mean(question: &Question, written: &str, lang: Lang) -> Option<String> {
    let meant = question.nearest_value(written)?;
    Some(match lang {
        Lang::En => format!("did you mean `{meant}`?"),
        Lang::Zh => format!("是否想写 `{meant}`？"),
    })
}

/// Why typed text is not a whole number.
#[derive(Debug, PartialEq)]
enum NumberText {
    NotANumber,
    Fraction,
    TooLarge,
}

/// A whole number as people type it: `50000`, `50,000`, `50 000`, `50_000`, the
/// full-width digits and comma a Chinese input method gives (`５０，０００`), and the forms
/// a file's number takes (`8000.0`, `1e3`). A separator stands only between groups of
/// three digits, so `5,0` is refused rather than read as 50.
fn number_text(text: &str) -> Result<u64, NumberText> {
    let normal: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '，' => ',',
            '．' => '.',
            '\u{3000}' | '\u{00a0}' | '\u{202f}' => ' ',
            _ => c,
        })
        .collect();
    if let Some(sep) = normal.chars().find(|c| matches!(c, ',' | ' ' | '_')) {
        let groups: Vec<&str> = normal.split(sep).collect();
        let well_grouped = (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        return match well_grouped {
            true => whole(&groups.concat(), 0),
            false => Err(NumberText::NotANumber),
        };
    }
    // digits [. digits] [e|E [+|-] digits]
    let (mantissa, exponent) = match normal.split_once(['e', 'E']) {
        Some((m, e)) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(NumberText::NotANumber);
            }
            // Past a few hundred the exponent says "too large" (or "a fraction") alone.
            let size: i64 = digits.get(..6).unwrap_or(digits).parse().unwrap_or(0);
            (m, if e.starts_with('-') { -size } else { size })
        }
        None => (normal.as_str(), 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() || !(int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit()) {
        return Err(NumberText::NotANumber);
    }
    whole(&format!("{int}{frac}"), exponent - frac.len() as i64)
}

/// `digits × 10^exponent` as a whole number, exactly.
fn whole(digits: &str, exponent: i64) -> Result<u64, NumberText> {
    if digits.is_empty() {
        return Err(NumberText::NotANumber);
    }
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(0);
    }
    let digits = match exponent {
        e if e < 0 => {
            let cut = (-e) as usize;
            let (kept, dropped) = digits.split_at(digits.len().saturating_sub(cut));
            if cut > digits.len() || dropped.bytes().any(|b| b != b'0') {
                return Err(NumberText::Fraction);
            }
            kept.to_string()
        }
        e if digits.len() as i64 + e > 20 => return Err(NumberText::TooLarge),
        e => format!("{digits}{}", "0".repeat(e as usize)),
    };
    digits.parse().map_err(|_| NumberText::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_in_every_form_people_and_files_use() {
        assert_eq!(number_text("50000"), Ok(50_000));
        assert_eq!(number_text("50,000"), Ok(50_000));
        assert_eq!(number_text("５０，０００"), Ok(50_000));
        assert_eq!(number_text("1e3"), Ok(1000));
        assert_eq!(number_text("1.5E3"), Ok(1500));
        assert_eq!(number_text("8000.0"), Ok(8000));
        assert_eq!(number_text("15000e-1"), Ok(1500));
        assert_eq!(number_text("0"), Ok(0));
        assert_eq!(number_text("8000.5"), Err(NumberText::Fraction));
        assert_eq!(number_text("1e-3"), Err(NumberText::Fraction));
        assert_eq!(number_text("1e400"), Err(NumberText::TooLarge));
        assert_eq!(
            number_text("99999999999999999999999"),
            Err(NumberText::TooLarge)
        );
        for bad in [
            "5,0", "", "e3", "1e", "-5", "fifty", "1.2.3", "1,000.5", ".5",
        ] {
            assert_eq!(number_text(bad), Err(NumberText::NotANumber), "{bad}");
        }
    }
}
