//! What every view of a verdict says about its source of truth: which one it follows on
//! the premises it read, and what the other would change, with the command that shows it.

use crate::answers::Answers;
use crate::engine::OtherTrust;
use crate::i18n::tr;
use crate::rulebook::{Rulebook, Trust};
use crate::text::Lang;

/// The name of a source of truth, as the rulebook gives it.
fn source_name(rb: &Rulebook, trust: Trust, lang: Lang) -> String {
    let doc = match trust {
        Trust::Page => rb.source.as_ref(),
        Trust::Docs => rb.docs.as_ref(),
    };
    match doc {
        Some(doc) => format!("“{}”", doc.title.get(lang)),
        None => match trust {
            Trust::Page => tr(lang, "the rulebook's source", "规则库的来源").to_string(),
            Trust::Docs => tr(lang, "the public documentation", "公开文档").to_string(),
        },
    }
}

/// One line: the source of truth a whole run follows (`check`'s summary). `None` for a
/// rulebook without premises.
pub fn source_line(rb: &Rulebook, trust: Trust, lang: Lang) -> Option<String> {
    if rb.premises.is_empty() {
        return None;
    }
    let name = source_name(rb, trust, lang);
    Some(match lang {
        Lang::En => format!("Source of truth: {name} (--trust {trust})."),
        Lang::Zh => format!("依据来源：{name}（--trust {trust}）。"),
    })
}

/// One line: the source of truth followed, and the premises read with their value under
/// it. `None` for a rulebook without premises.
pub fn follows_line(rb: &Rulebook, trust: Trust, premises: &[usize], lang: Lang) -> Option<String> {
    if rb.premises.is_empty() {
        return None;
    }
    let name = source_name(rb, trust, lang);
    let read: Vec<String> = premises
        .iter()
        .map(|&p| {
            let premise = &rb.premises[p];
            let value = match (premise.holds(trust), lang) {
                (true, Lang::En) => "yes",
                (false, Lang::En) => "no",
                (true, Lang::Zh) => "是",
                (false, Lang::Zh) => "否",
            };
            match lang {
                Lang::En => format!("{} ({value})", premise.id),
                Lang::Zh => format!("{}（{value}）", premise.id),
            }
        })
        .collect();
    Some(match (lang, read.is_empty()) {
        (Lang::En, true) => {
            format!("Source of truth: {name} (--trust {trust}); no premise bears on these answers.")
        }
        (Lang::En, false) => format!(
            "Source of truth: {name} (--trust {trust}), on the premises {}.",
            read.join(", ")
        ),
        (Lang::Zh, true) => {
            format!("依据来源：{name}（--trust {trust}）；没有前提与这些回答有关。")
        }
        (Lang::Zh, false) => format!(
            "依据来源：{name}（--trust {trust}），涉及前提：{}。",
            read.join("、")
        ),
    })
}

/// One line: what the other source of truth would change, and `command` that shows it.
pub fn other_line(rb: &Rulebook, other: &OtherTrust, command: &str, lang: Lang) -> String {
    let (outcome, errors) = (other.instead_of.0, &other.instead_of.1);
    let path = |o: Option<usize>| match (o, lang) {
        (Some(o), _) => rb.outcomes[o].id.clone(),
        (None, Lang::En) => "no supported path".to_string(),
        (None, Lang::Zh) => "没有可用的路径".to_string(),
    };
    let ids = |list: Vec<usize>| {
        list.iter()
            .map(|&f| rb.findings[f].id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let added: Vec<usize> = other
        .errors
        .iter()
        .copied()
        .filter(|f| !errors.contains(f))
        .collect();
    let removed: Vec<usize> = errors
        .iter()
        .copied()
        .filter(|f| !other.errors.contains(f))
        .collect();
    let mut changes = Vec::new();
    if other.outcome != outcome {
        changes.push(match lang {
            Lang::En => format!(
                "the path would be {} instead of {}",
                path(other.outcome),
                path(outcome)
            ),
            Lang::Zh => format!("路径将是 {}，而不是 {}", path(other.outcome), path(outcome)),
        });
    }
    let errors_word = |n: usize| if n == 1 { "error" } else { "errors" };
    if !removed.is_empty() {
        changes.push(match lang {
            Lang::En => format!(
                "the {} {} would not be reported",
                errors_word(removed.len()),
                ids(removed)
            ),
            Lang::Zh => format!("不会报告错误 {}", ids(removed)),
        });
    }
    if !added.is_empty() {
        changes.push(match lang {
            Lang::En => format!(
                "the {} {} would be reported",
                errors_word(added.len()),
                ids(added)
            ),
            Lang::Zh => format!("将报告错误 {}", ids(added)),
        });
    }
    let name = source_name(rb, other.trust, lang);
    match lang {
        Lang::En => format!(
            "Under --trust {} ({name}) {}: {command}",
            other.trust,
            changes.join(" and ")
        ),
        Lang::Zh => format!(
            "若使用 --trust {}（{name}），{}：{command}",
            other.trust,
            changes.join("，")
        ),
    }
}

/// The `recommend` command that gives these answers under `trust`.
pub fn recommend_command(rb: &Rulebook, answers: &Answers, trust: Trust) -> String {
    let mut command = String::from("eb-advisor recommend");
    for (id, value) in answers.to_pairs(rb) {
        command.push_str(&format!(" --{id} {value}"));
    }
    command.push_str(&format!(" --trust {trust}"));
    command
}

/// The `check` command that checks `file` under `trust`.
pub fn check_command(file: &str, trust: Trust) -> String {
    format!("eb-advisor check {file} --trust {trust}")
}

/// The lines a verdict on answers shows: the source of truth it follows and, when the
/// other would change the path or the errors, what and how to see it.
pub fn verdict_lines(
    rb: &Rulebook,
    answers: &Answers,
    verdict: &crate::engine::Verdict,
    lang: Lang,
) -> Vec<String> {
    let mut lines: Vec<String> = follows_line(rb, verdict.trust, &verdict.premises, lang)
        .into_iter()
        .collect();
    if let Some(other) = &verdict.under_other_trust {
        let command = recommend_command(rb, answers, other.trust);
        lines.push(other_line(rb, other, &command, lang));
    }
    lines
}
