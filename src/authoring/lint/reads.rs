//! Conditions that read a question where it is not asked, and where answering it anyway
//! would change what they decide.

use super::{Code, Level, Linter, Message, Options, Subject};
use crate::authoring::locate::Seg;
use crate::authoring::space::{Flow, Situation, Space, Walk, UNANSWERED, UNKNOWN};
use crate::rulebook::{Condition, Rulebook};
use crate::yaml::Pos;

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
    condition: &'s Condition,
    /// The questions it reads that are not always asked.
    questions: Vec<usize>,
    mask: u64,
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

fn owner_subject(rb: &Rulebook, owner: Owner) -> Subject {
    match owner {
        Owner::AskWhen(q) => Subject::AskWhen(rb.questions[q].id.clone()),
        Owner::Rule(r) => Subject::Rule(rb.rules[r].id.clone()),
        Owner::Finding(f) => Subject::Finding(rb.findings[f].id.clone()),
        Owner::Escalation(f, e) => Subject::Escalation(rb.findings[f].id.clone(), e + 1),
        Owner::NotFit(o, n) => Subject::NotFit(rb.outcomes[o].id.clone(), n + 1),
        Owner::Free(o, i) => Subject::Free(rb.outcomes[o].id.clone(), i + 1),
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
            space.eval(condition, &prefix, Situation::Unknown).is_none()
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
                    if space.eval(condition, &scratch, s) != space.eval(condition, classes, s) {
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

/// Every condition of the rulebook that reads a question not always asked.
fn readers<'s>(space: &'s Space) -> Vec<Reader<'s>> {
    let rb = space.rb;
    let conditional: Vec<bool> = rb.questions.iter().map(|q| q.ask_when.is_some()).collect();
    let mut all: Vec<(Owner, &Condition)> = Vec::new();
    for (q, qs) in space.questions.iter().enumerate() {
        all.extend(qs.ask_when.map(|c| (Owner::AskWhen(q), c)));
    }
    all.extend(
        space
            .rules
            .iter()
            .enumerate()
            .map(|(r, c)| (Owner::Rule(r), *c)),
    );
    for (f, c) in space.findings.iter().enumerate() {
        all.push((Owner::Finding(f), c));
        for (e, c) in space.escalations[f].iter().enumerate() {
            all.push((Owner::Escalation(f, e), c));
        }
    }
    for (o, list) in space.not_fit.iter().enumerate() {
        all.extend(
            list.iter()
                .enumerate()
                .map(|(n, c)| (Owner::NotFit(o, n), *c)),
        );
    }
    for (o, list) in space.free.iter().enumerate() {
        all.extend(
            list.iter()
                .enumerate()
                .map(|(i, c)| (Owner::Free(o, i), *c)),
        );
    }
    all.into_iter()
        .filter_map(|(owner, condition)| {
            let mut questions = Vec::new();
            condition.questions(&mut questions);
            let mut seen = Vec::new();
            questions.retain(|&q| {
                conditional[q] && !seen.contains(&q) && {
                    seen.push(q);
                    true
                }
            });
            (!questions.is_empty()).then(|| Reader {
                owner,
                condition,
                questions,
                mask: space.settings_mask(condition),
            })
        })
        .collect()
}

/// Conditions that read questions where they are not asked.
pub fn reads_unasked(l: &mut Linter, spaces: &[Space], options: Options) {
    let rb = l.rb;
    for reader in &readers(&spaces[0]) {
        for &q in &reader.questions {
            // Reported once, from the first source of truth that shows it.
            let Some((space, example)) = spaces.iter().find_map(|space| {
                unasked_read(space, reader, q, options.budget).map(|e| (space, e))
            }) else {
                continue;
            };
            let question = &rb.questions[q];
            let pos = owner_pos(l, reader.owner, &question.id);
            let mut context = example.clone();
            context[q] = UNANSWERED;
            l.push(
                Code::ReadsUnasked,
                Level::Error,
                pos,
                Message::ReadsUnasked {
                    reader: owner_subject(rb, reader.owner),
                    question: question.id.clone(),
                    context: space.describe_text(&context),
                },
                Some(space.describe(&example)),
            );
        }
    }
}
