//! The passes over the rulebook's texts: sources, contested facts checked too long ago,
//! and translations, over one walk of every text with its place in the file.

use super::{Code, Level, Linter, Message, Subject};
use crate::authoring::locate::Seg;
use crate::rulebook::{Fact, Rulebook};
use crate::text::Text;
use crate::yaml::Pos;

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
/// Facts, findings, rules and questions must say where they come from.
pub fn sources(l: &mut Linter) {
    let rb = l.rb;
    let mut found: Vec<(Pos, Subject)> = Vec::new();
    for q in &rb.questions {
        if missing(&q.source) {
            found.push((q.pos, Subject::Question(q.id.clone())));
        }
    }
    for o in &rb.outcomes {
        for (list, facts) in FACT_LISTS.iter().zip(fact_lists(o)) {
            for (i, fact) in facts.iter().enumerate() {
                if missing(&fact.source) {
                    found.push((fact.pos, fact_subject(&o.id, list, i)));
                }
            }
        }
    }
    for r in &rb.rules {
        if missing(&r.source) {
            found.push((r.pos, Subject::Rule(r.id.clone())));
        }
    }
    if let Some(d) = &rb.default {
        if missing(&d.source) {
            found.push((d.pos, Subject::Default));
        }
    }
    for f in &rb.findings {
        if missing(&f.source) {
            found.push((f.pos, Subject::Finding(f.id.clone())));
        }
    }
    for (pos, subject) in found {
        l.push(
            Code::MissingSource,
            Level::Warning,
            pos,
            Message::MissingSource { subject },
            None,
        );
    }
}

fn fact_subject(outcome: &str, list: &'static str, i: usize) -> Subject {
    Subject::Fact {
        outcome: outcome.to_string(),
        list,
        n: i + 1,
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
pub fn translations(l: &mut Linter) {
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
        let has: Vec<String> = text.languages().map(str::to_string).collect();
        let lacking: Vec<String> = languages
            .iter()
            .filter(|lang| !has.iter().any(|h| h == *lang))
            .map(|lang| lang.to_string())
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
        let field = field.trim_start_matches('.').to_string();
        found.push((
            l.loc.near(path, *fallback),
            Message::MissingTranslation {
                field,
                has,
                lacking,
            },
        ));
    }
    for (pos, message) in found {
        l.push(Code::MissingTranslation, Level::Warning, pos, message, None);
    }
}
