//! A set of answers, validated against a rulebook's questions, from whatever source:
//! command-line flags, `--answer ID=VALUE`, an answers file, a plan or the questionnaire.

use std::path::Path;

use crate::rulebook::{AnswerValue, Question, Rulebook};
use crate::text::Lang;
use crate::yaml::{self, Diagnostic, Diagnostics, Limits, Node, Pos, Value};

/// One value per question of the rulebook, in the rulebook's order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Answers {
    values: Vec<Option<AnswerValue>>,
}

impl Answers {
    pub fn new(rulebook: &Rulebook) -> Answers {
        Answers {
            values: vec![None; rulebook.questions.len()],
        }
    }

    pub fn get(&self, question: usize) -> Option<AnswerValue> {
        self.values.get(question).copied().flatten()
    }

    pub fn set(&mut self, question: usize, value: Option<AnswerValue>) {
        self.values[question] = value;
    }

    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }

    /// The answered questions with their values, in the rulebook's order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, AnswerValue)> + '_ {
        self.values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i, v)))
    }

    /// Copies in every answer `other` has, replacing ours.
    pub fn override_with(&mut self, other: &Answers) {
        for (i, v) in other.iter() {
            self.values[i] = Some(v);
        }
    }

    /// `id: value` pairs as typed, for output and saved files.
    pub fn to_pairs(&self, rulebook: &Rulebook) -> Vec<(String, AnswerText)> {
        self.iter()
            .map(|(i, v)| {
                let q = &rulebook.questions[i];
                (q.id.clone(), AnswerText::of(q, v))
            })
            .collect()
    }
}

/// An answer as written in files and JSON: numbers stay numbers, the rest are value ids.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum AnswerText {
    Number(u64),
    Text(String),
}

impl AnswerText {
    pub fn of(question: &Question, value: AnswerValue) -> AnswerText {
        match value {
            AnswerValue::Number(n) => AnswerText::Number(n),
            other => AnswerText::Text(question.value_text(other)),
        }
    }
}

impl std::fmt::Display for AnswerText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerText::Number(n) => write!(f, "{n}"),
            AnswerText::Text(s) => f.write_str(s),
        }
    }
}

/// Parses `ID=VALUE` as given to `--answer`; problems are said in `lang`.
pub fn parse_assignment(
    rulebook: &Rulebook,
    text: &str,
    lang: Lang,
) -> Result<(usize, AnswerValue), String> {
    let (id, value) = text.split_once('=').ok_or_else(|| match lang {
        Lang::En => format!(
            "`{}` is not of the form ID=VALUE",
            crate::text::inline(text)
        ),
        Lang::Zh => format!("`{}` 不是 ID=VALUE 的形式", crate::text::inline(text)),
    })?;
    let question = rulebook
        .question(id.trim())
        .ok_or_else(|| unknown_question(rulebook, id, lang))?;
    let q = &rulebook.questions[question];
    let value = q
        .read_text(value)
        .map_err(|refusal| match rulebook.is_secret_key(&q.id) {
            true => q.invalid_secret_message(lang),
            false => refusal.message(q, lang),
        })?;
    Ok((question, value))
}

pub fn unknown_question(rulebook: &Rulebook, id: &str, lang: Lang) -> String {
    let ids = rulebook.questions.iter().map(|q| q.id.as_str());
    let meant = crate::suggest::nearest(id.trim(), ids.clone());
    let expected = ids.collect::<Vec<_>>().join(", ");
    let id = crate::text::inline(id);
    match lang {
        Lang::En => {
            let meant = meant
                .map(|m| format!(" (did you mean `{m}`?)"))
                .unwrap_or_default();
            format!("unknown question `{id}`{meant}; expected one of {expected}")
        }
        Lang::Zh => {
            let meant = meant
                .map(|m| format!("（是否想写 `{m}`？）"))
                .unwrap_or_default();
            format!("未知的问题 `{id}`{meant}；应为以下之一：{expected}")
        }
    }
}

/// Reads an answers file: a YAML or JSON mapping of question id to value.
pub fn load_file(rulebook: &Rulebook, path: &Path, limits: Limits) -> Result<Answers, Diagnostics> {
    let text = yaml::read_text(path, limits).map_err(|d| Diagnostics(vec![d]))?;
    parse_str(rulebook, &path.display().to_string(), &text, limits)
}

pub fn parse_str(
    rulebook: &Rulebook,
    file: &str,
    text: &str,
    limits: Limits,
) -> Result<Answers, Diagnostics> {
    let node: Node = yaml::parse(file, text, limits).map_err(|d| Diagnostics(vec![d]))?;
    from_node(rulebook, file, &node)
}

/// Reads a mapping node of question id to value, with every problem it has.
pub fn from_node(rulebook: &Rulebook, file: &str, node: &Node) -> Result<Answers, Diagnostics> {
    let mut answers = Answers::new(rulebook);
    let one = |pos, message: String| Err(Diagnostics(vec![Diagnostic::new(file, pos, message)]));
    let entries = match &node.value {
        Value::Map(entries) => entries,
        Value::Null => {
            return one(
                Pos::START,
                "no answers; expected a mapping of question id to value".into(),
            )
        }
        _ => {
            return one(
                node.pos,
                format!(
                    "found {}; expected a mapping of question id to value",
                    node.kind_name()
                ),
            )
        }
    };
    // A plan given where answers are expected: say so, rather than list its keys as
    // unknown questions.
    if let (Some((path, _)), Some(_)) = (node.get("path"), node.get("answers")) {
        if rulebook.question("path").is_none() && rulebook.question("answers").is_none() {
            return one(
                path.pos,
                "this is a plan file (it has `path:` and `answers:`); check it with `eb-advisor check FILE`, or give its `answers:` alone".into(),
            );
        }
    }
    let mut problems = Vec::new();
    for (key, value) in entries {
        let Some(question) = rulebook.question(&key.name) else {
            problems.push(Diagnostic::worded(
                file,
                key.pos,
                unknown_question(rulebook, &key.name, Lang::En),
                unknown_question(rulebook, &key.name, Lang::Zh),
            ));
            continue;
        };
        let q = &rulebook.questions[question];
        match q.read_node(value) {
            Ok(parsed) => answers.set(question, Some(parsed)),
            Err(refusal) => {
                let [en, zh] =
                    [Lang::En, Lang::Zh].map(|lang| match rulebook.is_secret_key(&q.id) {
                        true => q.invalid_secret_message(lang),
                        false => refusal.message(q, lang),
                    });
                problems.push(Diagnostic::worded(file, value.pos, en, zh));
            }
        }
    }
    match problems.is_empty() {
        true => Ok(answers),
        false => Err(Diagnostics(problems)),
    }
}

/// Writes answers as a YAML mapping, the format `--answers` reads.
pub fn to_yaml(rulebook: &Rulebook, answers: &Answers) -> String {
    let mut out = format!(
        "# Answers for the rulebook {} {}\n",
        rulebook.id, rulebook.version
    );
    if answers.is_empty() {
        // An empty mapping, not an empty file: it reads back as no answers.
        out.push_str("{}\n");
    }
    for (q, value) in answers.iter() {
        let question = &rulebook.questions[q];
        let value = match value {
            // yes/no as written by hand; read back as text or booleans alike.
            AnswerValue::Bool(_) | AnswerValue::Number(_) => question.value_text(value),
            AnswerValue::Choice(_) => yaml_string(&question.value_text(value)),
        };
        out.push_str(&format!("{}: {value}\n", question.id));
    }
    out
}

/// A string as YAML reads it back as the same string: plain when it is a plain word that
/// YAML would not take for a boolean, null or number, else double-quoted.
fn yaml_string(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !text.starts_with(['-', '.'])
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
    }
}
