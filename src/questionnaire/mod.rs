//! The questionnaire: asks the rulebook's questions that apply, in the rulebook's order,
//! with a way back, skips for optional questions, and a review screen before the verdict.
//!
//! The flow (which question comes next, going back, dropping answers that no longer
//! apply, changing an answer on the review screen) talks to a [`Prompter`], so it is
//! tested without a terminal; [`TermPrompter`] (dialoguer, in `terminal.rs`) is the real one.

mod terminal;

pub use terminal::{wrap, TermPrompter};

use crate::answers::Answers;
use crate::engine;
use crate::i18n::tr;
use crate::rulebook::{AnswerValue, Question, QuestionKind, Refusal, Rulebook, Trust};
use crate::text::Lang;

/// Why the questionnaire ended without answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptError {
    /// Ctrl-C.
    Interrupted,
    /// The terminal failed (closed, not a terminal, ...).
    Terminal(String),
}

impl From<dialoguer::Error> for PromptError {
    fn from(e: dialoguer::Error) -> PromptError {
        let dialoguer::Error::IO(e) = e;
        e.into()
    }
}

impl From<std::io::Error> for PromptError {
    fn from(e: std::io::Error) -> PromptError {
        if e.kind() == std::io::ErrorKind::Interrupted {
            PromptError::Interrupted
        } else {
            PromptError::Terminal(e.to_string())
        }
    }
}

/// What every question screen shows above its answers.
#[derive(Clone, Debug)]
pub struct Header {
    /// The question's id.
    pub id: String,
    /// Position among the questions that apply so far, and their number: `(2, 7)`.
    pub step: usize,
    pub total: usize,
    pub prompt: String,
    /// The question's help, if any.
    pub help: Option<String>,
    /// How to answer and how to go back.
    pub keys: String,
}

impl Header {
    pub fn progress(&self) -> String {
        format!("({}/{})", self.step, self.total)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Answer(AnswerValue),
    /// Leave an optional question unanswered.
    Skip,
    /// Go back to the previous question.
    Back,
}

/// One line of a select.
#[derive(Clone, Debug)]
pub struct Item {
    /// The value as typed on the command line (`blue`, `yes`), or `skip` / `back`.
    pub id: String,
    pub label: String,
    /// One line shown beside the label.
    pub help: Option<String>,
    pub kind: ItemKind,
}

/// An answered question as listed above the current screen: `✔ (2/7) Which …? · Blue`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answered {
    pub id: String,
    /// `(2/7)`, with the total as it stands now.
    pub progress: String,
    pub prompt: String,
    pub answer: String,
}

#[derive(Clone, Debug)]
pub struct SelectPrompt {
    pub header: Header,
    /// The answers to the questions before this one that still apply, in order: the
    /// screen shows these and no others.
    pub answered: Vec<Answered>,
    pub items: Vec<Item>,
    /// The item selected at first: the current answer, else the default.
    pub default: usize,
}

#[derive(Clone, Debug)]
pub struct InputPrompt {
    pub header: Header,
    /// As for [`SelectPrompt::answered`].
    pub answered: Vec<Answered>,
    /// The current answer, ready to edit.
    pub initial: String,
}

#[derive(Clone, Debug)]
pub struct ReviewRow {
    pub question: usize,
    pub id: String,
    pub prompt: String,
    pub answer: String,
    /// E.g. "(from the command line)", with the brackets of its language.
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ReviewPrompt {
    /// Every answer that applies, as for [`SelectPrompt::answered`].
    pub answered: Vec<Answered>,
    pub title: String,
    pub keys: String,
    /// The label of the item that ends the questionnaire; listed first.
    pub show: String,
    pub rows: Vec<ReviewRow>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewReply {
    /// Show the recommendation.
    Show,
    /// Change the answer of this row.
    Change(usize),
    /// Esc: back to the last question.
    Back,
}

/// The screen after an answer that settles the verdict (a dead end such as a source no
/// path supports): nothing still open can change it, so the verdict can be shown now,
/// or the answer changed, or every answer reviewed.
#[derive(Clone, Debug)]
pub struct SettledPrompt {
    /// As for [`SelectPrompt::answered`], the last answer included.
    pub answered: Vec<Answered>,
    /// Why nothing more is asked.
    pub title: String,
    /// The answer that settled it, as the question and the answer.
    pub last: String,
    pub keys: String,
    /// The labels of the three ways on, in this order.
    pub show: String,
    pub back: String,
    pub review: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettledReply {
    /// Show the verdict.
    Show,
    /// Change the last answer (Esc too).
    Back,
    /// The review screen, with every answer.
    Review,
}

/// Whatever shows the questions and reads the replies.
pub trait Prompter {
    /// The index of the item picked, or `None` when the user pressed Esc (back).
    fn select(&mut self, prompt: &SelectPrompt) -> Result<Option<usize>, PromptError>;
    /// The text typed, or `None` when the user pressed Esc (back). `check` tells
    /// whether a text is acceptable and why not; the prompter keeps asking until it is.
    fn input(
        &mut self,
        prompt: &InputPrompt,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Option<String>, PromptError>;
    fn review(&mut self, prompt: &ReviewPrompt) -> Result<ReviewReply, PromptError>;
    /// The answers settle the verdict before the last question: show it, go back, or review.
    fn settled(&mut self, prompt: &SettledPrompt) -> Result<SettledReply, PromptError>;
    /// The questionnaire is over, with these answers (the screen above the verdict).
    fn finish(&mut self, _answered: &[Answered]) -> Result<(), PromptError> {
        Ok(())
    }
}

/// Asks the questions that `preset` (answers from flags and files) leaves open, and
/// returns all the answers once the user asks for the recommendation.
pub fn run(
    rb: &Rulebook,
    lang: Lang,
    preset: &Answers,
    prompter: &mut dyn Prompter,
) -> Result<Answers, PromptError> {
    let n = rb.questions.len();
    let mut flow = Flow {
        rb,
        lang,
        fixed: (0..n).map(|q| preset.get(q).is_some()).collect(),
        answers: preset.clone(),
        skipped: vec![false; n],
        history: Vec::new(),
        reviewed: false,
    };
    if flow.sequence().is_empty() || crate::settled::is_settled(rb, &flow.answers) {
        // The flags answered everything there is to ask, or all that could matter.
        return Ok(flow.answers);
    }
    let mut screen = flow.next_after(None);
    loop {
        screen = match screen {
            Screen::Question(q) => match flow.ask(q, prompter)? {
                Reply::Answered => {
                    flow.history.push(Screen::Question(q));
                    flow.drop_stale();
                    let next = flow.next_after(Some(q));
                    if next != Screen::Review && crate::settled::is_settled(rb, &flow.answers) {
                        // A dead end: nothing still open could change the verdict, so
                        // it can be shown now rather than after questions that cannot
                        // matter; or the answer changed, or all of them reviewed.
                        match prompter.settled(&flow.settled_prompt(q))? {
                            SettledReply::Show => {
                                prompter.finish(&flow.answered(None))?;
                                return Ok(flow.final_answers());
                            }
                            SettledReply::Back => {
                                flow.history.pop();
                                Screen::Question(q)
                            }
                            SettledReply::Review => Screen::Review,
                        }
                    } else {
                        next
                    }
                }
                Reply::Back => flow.pop_back().unwrap_or(Screen::Question(q)),
            },
            Screen::Review => {
                flow.reviewed = true;
                let prompt = flow.review_prompt();
                match prompter.review(&prompt)? {
                    ReviewReply::Show => {
                        prompter.finish(&prompt.answered)?;
                        return Ok(flow.final_answers());
                    }
                    ReviewReply::Change(row) => match prompt.rows.get(row) {
                        Some(row) => {
                            flow.fixed[row.question] = false;
                            flow.history.push(Screen::Review);
                            Screen::Question(row.question)
                        }
                        None => Screen::Review,
                    },
                    ReviewReply::Back => flow.pop_back().unwrap_or(Screen::Review),
                }
            }
        };
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Screen {
    Question(usize),
    Review,
}

enum Reply {
    Answered,
    Back,
}

/// What a typed text means.
#[derive(Debug, PartialEq, Eq)]
enum Typed {
    Answer(AnswerValue),
    Skip,
    Back,
}

struct Flow<'a> {
    rb: &'a Rulebook,
    lang: Lang,
    /// Answered by flags: not asked, never dropped (until changed on the review screen).
    fixed: Vec<bool>,
    answers: Answers,
    /// Optional questions the user chose to leave unanswered.
    skipped: Vec<bool>,
    /// The screens shown before the current one, for going back.
    history: Vec<Screen>,
    /// Whether the review screen has been shown: from then on only the questions that
    /// still need an answer are asked before returning to it.
    reviewed: bool,
}

impl Flow<'_> {
    /// Whether the questionnaire asks `q` given the answers so far.
    fn applies(&self, q: usize) -> bool {
        !self.fixed[q] && engine::is_asked(self.rb, q, &self.answers)
    }

    /// How many questions there may be: those that apply, and those whose ask-when reads
    /// a question still open (that may be asked and is not answered or skipped yet). So
    /// the count shrinks as answers rule questions out, rather than grow as they add them.
    fn possible_total(&self) -> usize {
        let n = self.rb.questions.len();
        let mut possible = vec![false; n];
        for q in 0..n {
            let undecided = || {
                let mut read = Vec::new();
                if let Some(condition) = &self.rb.questions[q].ask_when {
                    condition.questions(&mut read);
                }
                // Ask-when reads only earlier questions, so `possible[r]` is known.
                read.iter()
                    .any(|&r| possible[r] && self.answers.get(r).is_none() && !self.skipped[r])
            };
            possible[q] = !self.fixed[q] && (self.applies(q) || undecided());
        }
        possible.iter().filter(|&&p| p).count()
    }

    /// The questions to ask, in order, given the answers so far.
    fn sequence(&self) -> Vec<usize> {
        (0..self.rb.questions.len())
            .filter(|&q| self.applies(q))
            .collect()
    }

    fn next_after(&self, from: Option<usize>) -> Screen {
        let sequence = self.sequence();
        if !self.reviewed {
            if let Some(&q) = sequence.iter().find(|&&q| from.is_none_or(|f| q > f)) {
                return Screen::Question(q);
            }
        }
        sequence
            .into_iter()
            .find(|&q| self.answers.get(q).is_none() && !self.skipped[q])
            .map_or(Screen::Review, Screen::Question)
    }

    /// Drops the answers to questions that no longer apply, and forgets their skips.
    fn drop_stale(&mut self) {
        loop {
            let stale = (0..self.rb.questions.len()).find(|&q| {
                !self.fixed[q]
                    && (self.answers.get(q).is_some() || self.skipped[q])
                    && !engine::is_asked(self.rb, q, &self.answers)
            });
            match stale {
                Some(q) => {
                    self.answers.set(q, None);
                    self.skipped[q] = false;
                }
                None => break,
            }
        }
    }

    fn still_valid(&self, screen: Screen) -> bool {
        match screen {
            Screen::Question(q) => self.applies(q),
            Screen::Review => true,
        }
    }

    /// Where going back leads, if anywhere.
    fn back_target(&self) -> Option<Screen> {
        self.history
            .iter()
            .rev()
            .copied()
            .find(|&s| self.still_valid(s))
    }

    fn pop_back(&mut self) -> Option<Screen> {
        while let Some(screen) = self.history.pop() {
            if self.still_valid(screen) {
                return Some(screen);
            }
        }
        None
    }

    /// The answers (and skips) to the questions that apply, before `before` (all when
    /// `None`), as the screen lists them.
    fn answered(&self, before: Option<usize>) -> Vec<Answered> {
        let lang = self.lang;
        self.sequence()
            .into_iter()
            .filter(|&q| before.is_none_or(|b| q < b))
            .filter_map(|q| {
                let question = &self.rb.questions[q];
                let answer = match self.answers.get(q) {
                    Some(v) => answer_label(question, lang, v),
                    None if self.skipped[q] => tr(lang, "skipped", "已跳过").to_string(),
                    None => return None,
                };
                Some(Answered {
                    id: question.id.clone(),
                    progress: self.header(q, String::new()).progress(),
                    prompt: question.prompt.get(lang).to_string(),
                    answer,
                })
            })
            .collect()
    }

    fn header(&self, q: usize, keys: String) -> Header {
        let question = &self.rb.questions[q];
        let sequence = self.sequence();
        Header {
            id: question.id.clone(),
            step: sequence.iter().position(|&s| s == q).map_or(1, |i| i + 1),
            total: self.possible_total().max(sequence.len()).max(1),
            prompt: question.prompt.get(self.lang).to_string(),
            help: question.help.as_ref().map(|h| h.get(self.lang).to_string()),
            keys,
        }
    }

    fn ask(&mut self, q: usize, prompter: &mut dyn Prompter) -> Result<Reply, PromptError> {
        let question = &self.rb.questions[q];
        let target = self.back_target();
        let back = target.is_some();
        let current = self.answers.get(q).or(question.default);
        loop {
            let typed = match question.kind {
                QuestionKind::Choice | QuestionKind::YesNo => {
                    let prompt = self.select_prompt(q, target, current);
                    match prompter.select(&prompt)? {
                        Some(i) => match prompt.items.get(i).map(|item| item.kind) {
                            Some(ItemKind::Answer(v)) => Typed::Answer(v),
                            Some(ItemKind::Skip) => Typed::Skip,
                            Some(ItemKind::Back) => Typed::Back,
                            None => continue,
                        },
                        None if back => Typed::Back,
                        None => continue,
                    }
                }
                QuestionKind::Number => {
                    let prompt = InputPrompt {
                        header: self.header(q, self.input_keys(question, target)),
                        answered: self.answered(Some(q)),
                        initial: current.map(|v| question.value_text(v)).unwrap_or_default(),
                    };
                    let lang = self.lang;
                    let check = |text: &str| interpret(question, lang, back, text).map(|_| ());
                    match prompter.input(&prompt, &check)? {
                        Some(text) => match interpret(question, lang, back, &text) {
                            Ok(typed) => typed,
                            Err(_) => continue,
                        },
                        None if back => Typed::Back,
                        None => continue,
                    }
                }
            };
            return Ok(match typed {
                Typed::Answer(v) => {
                    self.answers.set(q, Some(v));
                    self.skipped[q] = false;
                    Reply::Answered
                }
                Typed::Skip => {
                    self.answers.set(q, None);
                    self.skipped[q] = true;
                    Reply::Answered
                }
                Typed::Back => Reply::Back,
            });
        }
    }

    fn select_prompt(
        &self,
        q: usize,
        back: Option<Screen>,
        current: Option<AnswerValue>,
    ) -> SelectPrompt {
        let lang = self.lang;
        let question = &self.rb.questions[q];
        let mut items: Vec<Item> = match question.kind {
            QuestionKind::YesNo => [true, false]
                .into_iter()
                .map(|b| Item {
                    id: question.value_text(AnswerValue::Bool(b)),
                    label: yes_no(lang, b).to_string(),
                    help: None,
                    kind: ItemKind::Answer(AnswerValue::Bool(b)),
                })
                .collect(),
            _ => question
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| Item {
                    id: c.value.clone(),
                    label: c.label.get(lang).to_string(),
                    help: c.help.as_ref().map(|h| h.get(lang).to_string()),
                    kind: ItemKind::Answer(AnswerValue::Choice(i as u16)),
                })
                .collect(),
        };
        if !question.required {
            items.push(Item {
                id: "skip".into(),
                label: tr(lang, "Skip (leave unanswered)", "跳过（不回答）").into(),
                help: None,
                kind: ItemKind::Skip,
            });
        }
        if let Some(target) = back {
            items.push(Item {
                id: "back".into(),
                label: match target {
                    Screen::Review => tr(lang, "← Back to the review", "← 返回检查页"),
                    Screen::Question(_) => tr(lang, "← Back", "← 返回上一题"),
                }
                .into(),
                help: None,
                kind: ItemKind::Back,
            });
        }
        let default = items
            .iter()
            .position(|item| match item.kind {
                ItemKind::Answer(v) => Some(v) == current,
                ItemKind::Skip => current.is_none() && self.skipped[q],
                ItemKind::Back => false,
            })
            .unwrap_or(0);
        let keys = match back {
            Some(Screen::Question(_)) => tr(
                lang,
                "↑/↓ move · Enter choose · Esc or ← Back: previous question",
                "↑/↓ 移动 · 回车选择 · Esc 或“← 返回上一题”：回到上一题",
            ),
            Some(Screen::Review) => tr(
                lang,
                "↑/↓ move · Enter choose · Esc: back to the review",
                "↑/↓ 移动 · 回车选择 · Esc：返回检查页",
            ),
            None => tr(lang, "↑/↓ move · Enter choose", "↑/↓ 移动 · 回车选择"),
        };
        SelectPrompt {
            header: self.header(q, keys.to_string()),
            answered: self.answered(Some(q)),
            items,
            default,
        }
    }

    fn input_keys(&self, question: &Question, back: Option<Screen>) -> String {
        let lang = self.lang;
        let mut parts = vec![tr(lang, "Type a whole number", "输入整数").to_string()];
        if !question.required {
            parts.push(tr(lang, "empty to skip", "留空跳过").into());
        } else if let Some(default) = question.default {
            parts.push(format!(
                "{} {}",
                tr(lang, "empty for", "留空即"),
                question.value_text(default)
            ));
        }
        match back {
            Some(Screen::Question(_)) => parts.push(
                tr(
                    lang,
                    "Esc or <: previous question",
                    "Esc 或输入 <：回到上一题",
                )
                .into(),
            ),
            Some(Screen::Review) => parts.push(
                tr(
                    lang,
                    "Esc or <: back to the review",
                    "Esc 或输入 <：返回检查页",
                )
                .into(),
            ),
            None => {}
        }
        parts.join(" · ")
    }

    /// The answers to the questions that apply: an answer given by a flag that an
    /// answer changed since has ruled out is dropped, as `gather_answers` drops one that
    /// the other flags rule out, so that the verdict, the saved files and the replayed
    /// command all have the final answers only.
    fn final_answers(&self) -> Answers {
        engine::asked_only(self.rb, &self.answers).0
    }

    /// The screen after `q`'s answer settled the verdict.
    fn settled_prompt(&self, q: usize) -> SettledPrompt {
        let lang = self.lang;
        let question = &self.rb.questions[q];
        let filled = engine::with_defaults(self.rb, &self.answers);
        let no_path = Trust::ALL.iter().all(|&trust| {
            engine::evaluate(self.rb, &filled, None, trust)
                .outcome
                .is_none()
        });
        let answer = self
            .answers
            .get(q)
            .map(|v| answer_label(question, lang, v))
            .unwrap_or_else(|| tr(lang, "skipped", "已跳过").to_string());
        SettledPrompt {
            answered: self.answered(None),
            title: match no_path {
                true => tr(
                    lang,
                    "No path fits these answers, and no question still open can change that.",
                    "这些回答没有可行的路径，其余问题也无法改变这一点。",
                ),
                false => tr(
                    lang,
                    "No question still open can change the verdict.",
                    "其余问题都无法改变结论。",
                ),
            }
            .into(),
            last: format!(
                "{} {} · {answer}",
                tr(lang, "Your last answer:", "您的上一个回答："),
                question.prompt.get(lang)
            ),
            keys: tr(
                lang,
                "↑/↓ move · Enter choose · Esc: change the last answer",
                "↑/↓ 移动 · 回车选择 · Esc：修改上一个回答",
            )
            .into(),
            show: tr(lang, "✔ Show the verdict", "✔ 查看结论").into(),
            back: tr(
                lang,
                "← Back: change the last answer",
                "← 返回：修改上一个回答",
            )
            .into(),
            review: tr(lang, "Review all answers", "检查全部回答").into(),
        }
    }

    fn review_prompt(&self) -> ReviewPrompt {
        let lang = self.lang;
        let rows = (0..self.rb.questions.len())
            .filter(|&q| engine::is_asked(self.rb, q, &self.answers))
            .map(|q| {
                let question = &self.rb.questions[q];
                ReviewRow {
                    question: q,
                    id: question.id.clone(),
                    prompt: question.prompt.get(lang).to_string(),
                    answer: match self.answers.get(q) {
                        Some(v) => answer_label(question, lang, v),
                        None => match question.default {
                            Some(d) => format!(
                                "{}{}",
                                answer_label(question, lang, d),
                                tr(lang, " (default)", "（默认）")
                            ),
                            None => tr(lang, "— (no answer)", "—（未回答）").to_string(),
                        },
                    },
                    note: self.fixed[q]
                        .then(|| tr(lang, "(from the command line)", "（来自命令行）").to_string()),
                }
            })
            .collect();
        ReviewPrompt {
            answered: self.answered(None),
            title: tr(lang, "Review your answers", "检查您的回答").into(),
            keys: match self.back_target() {
                Some(_) => tr(
                    lang,
                    "Enter on an answer to change it · Esc: previous question",
                    "在某个回答上按回车可修改 · Esc：回到上一题",
                ),
                None => tr(
                    lang,
                    "Enter on an answer to change it",
                    "在某个回答上按回车可修改",
                ),
            }
            .into(),
            show: tr(lang, "✔ Show my recommendation", "✔ 查看推荐结果").into(),
            rows,
        }
    }
}

/// Reads what was typed at a number prompt.
fn interpret(question: &Question, lang: Lang, back: bool, text: &str) -> Result<Typed, String> {
    let text = text.trim();
    if text == "<" || text.eq_ignore_ascii_case("back") {
        return if back {
            Ok(Typed::Back)
        } else {
            Err(tr(lang, "This is the first question.", "这已经是第一题。").into())
        };
    }
    if text.is_empty() {
        return match (question.required, question.default) {
            (false, _) => Ok(Typed::Skip),
            (true, Some(d)) => Ok(Typed::Answer(d)),
            (true, None) => Err(tr(lang, "An answer is needed.", "此题必须回答。").into()),
        };
    }
    // People write 50,000, 50 000, 1e3 or full-width digits: `read_text` reads them all,
    // as flags and files are read.
    question
        .read_text(text)
        .map(Typed::Answer)
        .map_err(|refusal| match refusal {
            Refusal::TooLarge { .. } => match lang {
                Lang::En => format!("Too large: the largest answer is {}.", question.largest()),
                Lang::Zh => format!("太大了：最大的回答是 {}。", question.largest()),
            },
            _ => match question.max {
                Some(max) => match lang {
                    Lang::En => format!("Expected a whole number from 0 to {max}."),
                    Lang::Zh => format!("请输入 0 到 {max} 之间的整数。"),
                },
                None => tr(
                    lang,
                    "Expected a whole number (0 or more).",
                    "请输入整数（0 或更大）。",
                )
                .to_string(),
            },
        })
}

fn yes_no(lang: Lang, b: bool) -> &'static str {
    if b {
        tr(lang, "Yes", "是")
    } else {
        tr(lang, "No", "否")
    }
}

/// An answer as the user saw it offered: the choice's label, Yes/No, a number.
pub fn answer_label(question: &Question, lang: Lang, value: AnswerValue) -> String {
    match value {
        AnswerValue::Choice(i) => question
            .choices
            .get(i as usize)
            .map_or_else(|| question.value_text(value), |c| c.label.get(lang).into()),
        AnswerValue::Bool(b) => yes_no(lang, b).into(),
        AnswerValue::Number(n) => crate::numbers::format_count(n),
    }
}

#[cfg(test)]
mod tests;
