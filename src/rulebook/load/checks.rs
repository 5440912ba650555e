//! Small validators the loader applies to single values: addresses, dates, placeholders
//! in texts, `contested:` references and plan pointers.

use super::*;

pub(super) fn is_https(url: &str) -> bool {
    url.strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
}

/// Every `{name}` in a text names something that can fill it: a question, a plan setting
/// (`settings.KEY`) or one of `extra`. `${NAME}` is left alone: it is how texts show an
/// environment variable reference.
pub(super) fn check_placeholders(
    text: &Text,
    pos: Pos,
    (questions, settings): (&[Question], &[String]),
    extra: &[&str],
    problems: &mut Vec<Diagnostic>,
    file: &str,
) {
    for (_, t) in text.translations() {
        for name in crate::text::placeholders(t) {
            if let Some(key) = name.strip_prefix("settings.").filter(|k| !k.is_empty()) {
                if let Err(message) = declared_setting(key, settings) {
                    problems.push(Diagnostic::new(file, pos, message));
                }
                continue;
            }
            let known = questions.iter().any(|q| q.id == name) || extra.contains(&name);
            if !known {
                problems.push(Diagnostic::new(
                    file,
                    pos,
                    format!(
                        "unknown placeholder `{{{name}}}`; expected a question id, settings.KEY or one of {}",
                        extra.join(", ")
                    ),
                ));
            }
        }
    }
}

/// The premise a text rests on, by id (`contested: ID`).
pub(super) fn contested(
    name: Name,
    premise_ids: &[String],
    problems: &mut Vec<Diagnostic>,
    file: &str,
) -> Option<Contested> {
    match premise_ids.iter().position(|p| *p == name.name) {
        Some(premise) => Some(Contested {
            pos: name.pos,
            premise,
        }),
        None => {
            problems.push(Diagnostic::new(
                file,
                name.pos,
                match crate::suggest::nearest(&name.name, premise_ids.iter().map(String::as_str)) {
                    Some(meant) => {
                        format!("unknown premise `{}`; did you mean `{meant}`?", name.name)
                    }
                    None => format!(
                        "unknown premise `{}`; `contested` names one of the rulebook's premises",
                        name.name
                    ),
                },
            ));
            None
        }
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |p: &str, len| p.len() == len && p.chars().all(|c| c.is_ascii_digit());
    num(y, 4)
        && num(m, 2)
        && num(d, 2)
        && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&d.parse::<u32>().unwrap_or(0))
}

pub(super) fn plan_pointer(
    text: &str,
    questions: &[Question],
    settings: &[String],
) -> Result<PlanPointer, String> {
    match text.split_once('.') {
        None if text == "path" => Ok(PlanPointer::Path),
        None if text == "answers" => Ok(PlanPointer::Answers),
        None if text == "settings" => Ok(PlanPointer::Settings),
        Some(("answers", id)) => questions
            .iter()
            .position(|q| q.id == id)
            .map(PlanPointer::Answer)
            .ok_or_else(|| format!("unknown question `{id}` in `at`")),
        Some(("settings", key)) if !key.is_empty() => {
            declared_setting(key, settings)?;
            Ok(PlanPointer::Setting(key.to_string()))
        }
        _ => Err(format!(
            "`{text}` is not a plan location; expected path, answers, answers.QUESTION, settings or settings.KEY"
        )),
    }
}
