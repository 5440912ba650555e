//! One verdict, one story: under each source of truth, every verdict and every path page
//! states that source's claims only. Each contested fact (premise) names the phrases that
//! belong to one source; for every answer combination, under both sources, in both
//! languages and in text, Markdown, JSON and the MCP server's summary, no phrase of the other source appears outside
//! the footnotes that say what the other source says.

use eb_advisor::answers::Answers;
use eb_advisor::engine;
use eb_advisor::report::{self, Show, Ui};
use eb_advisor::rulebook::{self, AnswerValue, QuestionKind, Rulebook, Trust};
use eb_advisor::text::Lang;
use eb_advisor::yaml::Limits;

fn embedded() -> Rulebook {
    rulebook::load_str(
        rulebook::EMBEDDED_NAME,
        rulebook::EMBEDDED_SOURCE,
        Limits::RULEBOOK,
    )
    .expect("the embedded rulebook loads")
}

/// The values a question is tried with: every choice, yes and no, and for a number
/// unanswered and amounts around the rulebook's quotas.
fn values(rb: &Rulebook, q: usize) -> Vec<Option<AnswerValue>> {
    let question = &rb.questions[q];
    match question.kind {
        QuestionKind::Choice => (0..question.choices.len())
            .map(|i| Some(AnswerValue::Choice(i as u16)))
            .collect(),
        QuestionKind::YesNo => vec![
            Some(AnswerValue::Bool(true)),
            Some(AnswerValue::Bool(false)),
        ],
        QuestionKind::Number => [None, Some(0), Some(500), Some(5_000), Some(50_000)]
            .into_iter()
            .map(|n| n.map(AnswerValue::Number))
            .collect(),
    }
}

/// Every combination of answers to the questions that are asked, in question order.
fn combinations(rb: &Rulebook) -> Vec<Answers> {
    let mut all = vec![Answers::new(rb)];
    for q in 0..rb.questions.len() {
        let mut next = Vec::new();
        for answers in all {
            if !engine::is_asked(rb, q, &answers) {
                next.push(answers);
                continue;
            }
            for value in values(rb, q) {
                let mut a = answers.clone();
                a.set(q, value);
                next.push(a);
            }
        }
        all = next;
    }
    all
}

/// The phrases that belong to the source a verdict under `trust` does not follow.
fn foreign_phrases(rb: &Rulebook, trust: Trust) -> Vec<(&str, &str)> {
    rb.premises
        .iter()
        .flat_map(|p| {
            let list = match trust {
                Trust::Docs => &p.page_phrases,
                Trust::Page => &p.docs_phrases,
            };
            list.iter()
                .map(move |phrase| (p.id.as_str(), phrase.as_str()))
        })
        .collect()
}

/// `text` without its footnote section: from the line `heading` (a line of its own, in
/// text, or `**heading**` in Markdown) to the next blank line.
fn without_footnotes(text: &str, heading: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        let bare = line.trim().trim_matches('*');
        if bare.starts_with(heading) {
            skipping = true;
            continue;
        }
        if skipping && line.trim().is_empty() && !out.is_empty() {
            // Markdown puts a blank line after the heading itself.
            if out.ends_with("\n\n") {
                continue;
            }
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A JSON view without the `otherwise` objects, which carry the other source's words.
fn without_otherwise(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("otherwise");
            map.values_mut().for_each(without_otherwise);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_otherwise),
        _ => {}
    }
}

fn assert_one_story(rb: &Rulebook, trust: Trust, what: &str, text: &str) -> usize {
    let mut found = 0;
    for (premise, phrase) in foreign_phrases(rb, trust) {
        if text.contains(phrase) {
            found += 1;
            eprintln!(
                "under --trust {trust}, {what} says “{phrase}” (premise {premise}) outside a footnote:\n{text}"
            );
        }
    }
    found
}

fn answers_text(rb: &Rulebook, answers: &Answers) -> String {
    answers
        .to_pairs(rb)
        .iter()
        .map(|(id, value)| format!("{id}={value}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_verdict_tells_the_story_of_its_source_only() {
    let rb = embedded();
    assert!(
        rb.premises
            .iter()
            .all(|p| !p.page_phrases.is_empty() || !p.docs_phrases.is_empty()),
        "every premise names the phrases of at least one source"
    );
    let combinations = combinations(&rb);
    assert!(
        combinations.len() > 500,
        "{} combinations",
        combinations.len()
    );
    let mut defects = 0;
    for answers in &combinations {
        for trust in Trust::ALL {
            let verdict = engine::evaluate(&rb, answers, None, trust);
            let case = answers_text(&rb, answers);
            for lang in [Lang::En, Lang::Zh] {
                let heading = report::otherwise_heading(&rb, trust, lang);
                let show = Show {
                    explain: true,
                    detail: true,
                    ..Show::default()
                };
                let text =
                    report::text::recommendation(&rb, answers, &verdict, show, Ui::plain(lang));
                defects += assert_one_story(
                    &rb,
                    trust,
                    &format!("the text verdict ({lang:?}) for {case}"),
                    &without_footnotes(&text, &heading),
                );
                let markdown = report::markdown::recommendation(&rb, answers, &verdict, lang);
                defects += assert_one_story(
                    &rb,
                    trust,
                    &format!("the Markdown verdict ({lang:?}) for {case}"),
                    &without_footnotes(&markdown, &heading),
                );
            }
            #[cfg(feature = "mcp")]
            for lang in [Lang::En, Lang::Zh] {
                // What coding agents are told to quote: the MCP server's summary.
                let heading = report::otherwise_heading(&rb, trust, lang);
                let summary = eb_advisor::mcp::summary::verdict(&rb, answers, &verdict, &[], lang);
                defects += assert_one_story(
                    &rb,
                    trust,
                    &format!("the MCP summary ({lang:?}) for {case}"),
                    &without_footnotes(&summary, &heading),
                );
            }
            let json = report::json::recommendation(&rb, answers, &verdict);
            let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
            without_otherwise(&mut value);
            defects += assert_one_story(
                &rb,
                trust,
                &format!("the JSON verdict for {case}"),
                &value.to_string(),
            );
        }
    }
    assert_eq!(defects, 0, "phrases of the other source outside footnotes");
}

#[test]
fn every_path_page_tells_the_story_of_its_source_only() {
    let rb = embedded();
    let mut defects = 0;
    for trust in Trust::ALL {
        for outcome in 0..rb.outcomes.len() {
            for lang in [Lang::En, Lang::Zh] {
                let heading = report::otherwise_heading(&rb, trust, lang);
                let page = report::text::path_detail(&rb, outcome, trust, Ui::plain(lang));
                defects += assert_one_story(
                    &rb,
                    trust,
                    &format!("`paths {}` ({lang:?})", rb.outcomes[outcome].id),
                    &without_footnotes(&page, &heading),
                );
            }
        }
        let mut value: serde_json::Value =
            serde_json::from_str(&report::json::paths(&rb, trust)).unwrap();
        without_otherwise(&mut value);
        defects += assert_one_story(&rb, trust, "`paths --format json`", &value.to_string());
        for lang in [Lang::En, Lang::Zh] {
            let table = report::text::paths_table(&rb, Ui::plain(lang));
            defects += assert_one_story(&rb, trust, "the `paths` table", &table);
        }
    }
    assert_eq!(defects, 0, "phrases of the other source outside footnotes");
}

#[test]
fn the_phrase_check_catches_a_page_claim_under_the_documentation() {
    // The check itself can fail: the page's own statement of a premise is full of its
    // phrases, and the documentation's of its own.
    let rb = embedded();
    let bearer = rb
        .premises
        .iter()
        .find(|p| !p.page_phrases.is_empty())
        .expect("a premise with page phrases");
    let page_says = bearer.page_says.as_ref().unwrap().get(Lang::En);
    let found = foreign_phrases(&rb, Trust::Docs)
        .iter()
        .filter(|(_, phrase)| page_says.contains(phrase))
        .count();
    assert!(found > 0, "{page_says}");
}
