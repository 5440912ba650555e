//! The flow driven by a scripted prompter: what is asked, in what order, going back,
//! skips, stale answers and the review screen.

use super::*;
use crate::rulebook;
use crate::yaml::Limits;

const RULES: &str = r#"
rulebook: { id: test, version: "1", title: Test }
questions:
  - id: goal
    prompt: { en: "What?", zh: "什么？" }
    help: "Pick one."
    kind: choice
    choices:
      - { value: train, label: Train, help: "Rails" }
      - { value: car, label: Car }
      - { value: unsure, label: Unsure }
  - id: seat
    prompt: "Which seat?"
    kind: choice
    ask-when: { goal: train }
    choices:
      - { value: first, label: First }
      - { value: second, label: Second }
  - id: city
    prompt: "Which city?"
    kind: choice
    ask-when: { goal: train }
    choices:
      - { value: north, label: North }
      - { value: other, label: Other }
  - id: car
    prompt: "Which car?"
    kind: choice
    ask-when: { goal: car }
    choices:
      - { value: rental, label: Rental }
      - { value: own, label: Own }
  - id: luggage
    prompt: "Luggage?"
    kind: yes-no
  - id: budget
    prompt: "How much?"
    kind: number
    required: false
    max: 1000000
outcomes:
  - { id: rail, kind: path, name: Rail }
  - { id: road, kind: path, name: Road }
rules:
  - { id: r1, when: { goal: train }, outcome: rail }
default: { outcome: road }
# Each question can change a finding, so none is skipped as unable to matter.
findings:
  - { id: first-class, severity: info, when: { seat: first }, message: "First." }
  - { id: northern, severity: info, when: { city: north }, message: "North." }
  - { id: own-car, severity: info, when: { car: own }, message: "Own." }
  - { id: bags, severity: info, when: { luggage: yes }, message: "Bags." }
  - { id: big-budget, severity: info, when: { budget: { gt: 100 } }, message: "Rich." }
"#;

fn rulebook() -> Rulebook {
    rulebook::load_str("test.yaml", RULES, Limits::RULEBOOK).unwrap()
}

#[derive(Debug, Clone)]
enum Step {
    /// Pick the item with this id (a value, `skip` or `back`).
    Pick(&'static str),
    Esc,
    Type(&'static str),
    Show,
    /// Change the answer to this question on the review screen.
    Change(&'static str),
}

/// Plays a script and records what was shown.
struct Scripted {
    steps: std::collections::VecDeque<Step>,
    /// Question ids asked (or `review`), in order.
    shown: Vec<String>,
    /// Ids of the items preselected on each select.
    defaults: Vec<String>,
    progress: Vec<String>,
    reviews: Vec<ReviewPrompt>,
    rejected: Vec<String>,
    /// The item ids of each select.
    items: Vec<Vec<String>>,
    /// The keys line of each question.
    keys: Vec<String>,
    /// Each screen that said the verdict is settled.
    settled: Vec<SettledPrompt>,
}

impl Scripted {
    fn new(steps: &[Step]) -> Scripted {
        Scripted {
            steps: steps.iter().cloned().collect(),
            shown: Vec::new(),
            defaults: Vec::new(),
            progress: Vec::new(),
            reviews: Vec::new(),
            rejected: Vec::new(),
            items: Vec::new(),
            keys: Vec::new(),
            settled: Vec::new(),
        }
    }

    fn next(&mut self) -> Result<Step, PromptError> {
        // An exhausted script acts as Ctrl-C, so a flow that asks too much ends.
        self.steps.pop_front().ok_or(PromptError::Interrupted)
    }
}

impl Prompter for Scripted {
    fn select(&mut self, prompt: &SelectPrompt) -> Result<Option<usize>, PromptError> {
        self.shown.push(prompt.header.id.clone());
        self.progress.push(prompt.header.progress());
        self.keys.push(prompt.header.keys.clone());
        self.defaults.push(prompt.items[prompt.default].id.clone());
        self.items
            .push(prompt.items.iter().map(|i| i.id.clone()).collect());
        match self.next()? {
            Step::Pick(id) => Ok(Some(
                prompt
                    .items
                    .iter()
                    .position(|i| i.id == id)
                    .unwrap_or_else(|| panic!("no item {id} in {:?}", prompt.items)),
            )),
            Step::Esc => Ok(None),
            other => panic!("{other:?} at the select {}", prompt.header.id),
        }
    }

    fn input(
        &mut self,
        prompt: &InputPrompt,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Option<String>, PromptError> {
        self.shown.push(prompt.header.id.clone());
        self.progress.push(prompt.header.progress());
        self.keys.push(prompt.header.keys.clone());
        self.defaults.push(prompt.initial.clone());
        loop {
            match self.next()? {
                Step::Type(text) => match check(text) {
                    Ok(()) => return Ok(Some(text.to_string())),
                    Err(e) => self.rejected.push(format!("{text}: {e}")),
                },
                Step::Esc => return Ok(None),
                other => panic!("{other:?} at the input {}", prompt.header.id),
            }
        }
    }

    fn review(&mut self, prompt: &ReviewPrompt) -> Result<ReviewReply, PromptError> {
        self.shown.push("review".into());
        self.reviews.push(prompt.clone());
        match self.next()? {
            Step::Show => Ok(ReviewReply::Show),
            Step::Esc => Ok(ReviewReply::Back),
            Step::Change(id) => Ok(ReviewReply::Change(
                prompt.rows.iter().position(|r| r.id == id).unwrap(),
            )),
            other => panic!("{other:?} at the review"),
        }
    }

    fn settled(&mut self, prompt: &SettledPrompt) -> Result<SettledReply, PromptError> {
        self.shown.push("settled".into());
        self.settled.push(prompt.clone());
        match self.next()? {
            Step::Show => Ok(SettledReply::Show),
            Step::Esc | Step::Pick("back") => Ok(SettledReply::Back),
            Step::Pick("review") => Ok(SettledReply::Review),
            other => panic!("{other:?} at the settled screen"),
        }
    }
}

fn play(rb: &Rulebook, preset: &Answers, steps: &[Step]) -> (Answers, Scripted) {
    let mut p = Scripted::new(steps);
    let answers = run(rb, Lang::En, preset, &mut p).expect("the script ends the flow");
    assert!(p.steps.is_empty(), "steps left over: {:?}", p.steps);
    (answers, p)
}

fn pairs(rb: &Rulebook, answers: &Answers) -> Vec<String> {
    answers
        .to_pairs(rb)
        .into_iter()
        .map(|(id, v)| format!("{id}={v}"))
        .collect()
}

use Step::*;

#[test]
fn asks_only_what_applies_in_order() {
    let rb = rulebook();
    let (answers, p) = play(
        &rb,
        &Answers::new(&rb),
        &[
            Pick("train"),
            Pick("second"),
            Pick("north"),
            Pick("yes"),
            Type("50,000"),
            Show,
        ],
    );
    assert_eq!(
        p.shown,
        ["goal", "seat", "city", "luggage", "budget", "review"]
    );
    // The total counts every question still possible: it shrinks once the goal rules
    // some out, and never grows.
    assert_eq!(p.progress, ["(1/6)", "(2/5)", "(3/5)", "(4/5)", "(5/5)"]);
    assert_eq!(
        pairs(&rb, &answers),
        [
            "goal=train",
            "seat=second",
            "city=north",
            "luggage=yes",
            "budget=50000"
        ]
    );
}

#[test]
fn back_returns_to_the_previous_question_with_its_answer_selected() {
    let rb = rulebook();
    let (answers, p) = play(
        &rb,
        &Answers::new(&rb),
        &[
            Pick("train"),
            Pick("first"),
            Pick("back"),
            Pick("second"),
            Esc,
            Esc,
            Pick("train"),
            Pick("second"),
            Pick("other"),
            Pick("no"),
            Type("<"),
            Pick("yes"),
            Type(""),
            Show,
        ],
    );
    assert_eq!(
        p.shown,
        [
            "goal", "seat", "city", "seat", "city", "seat", "goal", "seat", "city", "luggage",
            "budget", "luggage", "budget", "review"
        ]
    );
    // Going back shows the answer given before.
    assert_eq!(p.defaults[3], "first");
    assert_eq!(p.defaults[6], "train");
    assert_eq!(p.defaults[11], "no");
    assert_eq!(
        pairs(&rb, &answers),
        ["goal=train", "seat=second", "city=other", "luggage=yes"]
    );
}

#[test]
fn the_first_question_offers_no_back() {
    let rb = rulebook();
    // Esc on the first question asks it again.
    let (_, p) = play(
        &rb,
        &Answers::new(&rb),
        &[Esc, Pick("unsure"), Pick("no"), Type(""), Show],
    );
    assert_eq!(p.shown[..2], ["goal", "goal"]);
    assert_eq!(p.items[0], ["train", "car", "unsure"]);
    assert_eq!(p.items[2], ["yes", "no", "back"]);
}

#[test]
fn changing_an_earlier_answer_drops_answers_that_no_longer_apply() {
    let rb = rulebook();
    let (answers, p) = play(
        &rb,
        &Answers::new(&rb),
        &[
            Pick("train"),
            Pick("first"),
            Pick("north"),
            Pick("back"),
            Pick("back"),
            Pick("back"),
            Pick("car"),
            Pick("own"),
            Pick("no"),
            Type(""),
            Show,
        ],
    );
    assert_eq!(
        p.shown,
        [
            "goal", "seat", "city", "luggage", "city", "seat", "goal", "car", "luggage", "budget",
            "review"
        ]
    );
    assert_eq!(pairs(&rb, &answers), ["goal=car", "car=own", "luggage=no"]);
}

#[test]
fn review_changes_ask_only_what_the_change_needs() {
    let rb = rulebook();
    let (answers, p) = play(
        &rb,
        &Answers::new(&rb),
        &[
            Pick("unsure"),
            Pick("yes"),
            Type("100"),
            Change("goal"),
            Pick("train"),
            Pick("second"),
            Pick("north"),
            Change("luggage"),
            Pick("no"),
            Show,
        ],
    );
    assert_eq!(
        p.shown,
        [
            "goal", "luggage", "budget", "review", "goal", "seat", "city", "review", "luggage",
            "review"
        ]
    );
    let rows: Vec<&str> = p.reviews[1].rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(rows, ["goal", "seat", "city", "luggage", "budget"]);
    assert_eq!(p.reviews[1].rows[1].answer, "Second");
    assert_eq!(p.reviews[2].rows[4].answer, "100");
    assert_eq!(
        pairs(&rb, &answers),
        [
            "goal=train",
            "seat=second",
            "city=north",
            "luggage=no",
            "budget=100"
        ]
    );
}

#[test]
fn back_from_the_review_and_from_a_changed_question() {
    let rb = rulebook();
    let (answers, p) = play(
        &rb,
        &Answers::new(&rb),
        &[
            Pick("unsure"),
            Pick("yes"),
            Type("7"),
            Esc, // review -> budget
            Type("8"),
            Change("goal"),
            Esc, // goal -> review
            Show,
        ],
    );
    assert_eq!(
        p.shown,
        ["goal", "luggage", "budget", "review", "budget", "review", "goal", "review"]
    );
    assert_eq!(p.defaults[3], "7");
    assert!(p.keys[3].ends_with("Esc or <: previous question"));
    assert!(p.keys[4].ends_with("Esc: back to the review"));
    assert!(p.keys[1].ends_with("Esc or ← Back: previous question"));
    assert_eq!(
        pairs(&rb, &answers),
        ["goal=unsure", "luggage=yes", "budget=8"]
    );
}

#[test]
fn flags_are_not_asked_and_kept_while_they_apply() {
    let rb = rulebook();
    let mut preset = Answers::new(&rb);
    preset.set(0, Some(AnswerValue::Choice(0)));
    // car: not asked for this goal, so not in the final answers.
    preset.set(3, Some(AnswerValue::Choice(0)));
    let (answers, p) = play(
        &rb,
        &preset,
        &[Pick("first"), Pick("other"), Pick("no"), Type(""), Show],
    );
    assert_eq!(p.shown, ["seat", "city", "luggage", "budget", "review"]);
    assert_eq!(p.progress[0], "(1/4)");
    let review = &p.reviews[0];
    assert_eq!(
        review.rows[0].note.as_deref(),
        Some("(from the command line)")
    );
    assert_eq!(
        pairs(&rb, &answers),
        ["goal=train", "seat=first", "city=other", "luggage=no"]
    );
}

#[test]
fn all_answered_by_flags_asks_nothing() {
    let rb = rulebook();
    let mut preset = Answers::new(&rb);
    preset.set(0, Some(AnswerValue::Choice(2)));
    preset.set(4, Some(AnswerValue::Bool(true)));
    preset.set(5, Some(AnswerValue::Number(3)));
    let (answers, p) = play(&rb, &preset, &[]);
    assert!(p.shown.is_empty());
    assert_eq!(answers, preset);
}

#[test]
fn numbers_are_checked_and_skippable() {
    let rb = rulebook();
    let (answers, p) = play(
        &rb,
        &Answers::new(&rb),
        &[
            Pick("unsure"),
            Pick("no"),
            Type("many"),
            Type("-3"),
            Type("2000000"),
            Type("12 000"),
            Change("budget"),
            Type(" "),
            Show,
        ],
    );
    assert_eq!(p.rejected.len(), 3, "{:?}", p.rejected);
    assert!(p.rejected[2].contains("Too large: the largest answer is 1000000"));
    assert_eq!(p.defaults[3], "12000");
    assert_eq!(p.reviews[1].rows[2].answer, "— (no answer)");
    assert_eq!(pairs(&rb, &answers), ["goal=unsure", "luggage=no"]);
}

#[test]
fn a_skipped_question_is_not_asked_again_after_review() {
    let rb = rulebook();
    let (_, p) = play(
        &rb,
        &Answers::new(&rb),
        &[
            Pick("unsure"),
            Pick("no"),
            Type(""),
            Change("goal"),
            Pick("car"),
            Pick("rental"),
            Show,
        ],
    );
    assert_eq!(
        p.shown,
        ["goal", "luggage", "budget", "review", "goal", "car", "review"]
    );
}

#[test]
fn interrupt_ends_the_flow() {
    let rb = rulebook();
    let mut p = Scripted::new(&[Pick("unsure")]);
    assert_eq!(
        run(&rb, Lang::En, &Answers::new(&rb), &mut p),
        Err(PromptError::Interrupted)
    );
}

#[test]
fn chinese_prompts() {
    let rb = rulebook();
    let mut p = Scripted::new(&[]);
    let _ = run(&rb, Lang::Zh, &Answers::new(&rb), &mut p);
    let flow = Flow {
        rb: &rb,
        lang: Lang::Zh,
        fixed: vec![false; 6],
        answers: Answers::new(&rb),
        skipped: vec![false; 6],
        history: vec![Screen::Question(0)],
        reviewed: false,
    };
    let prompt = flow.select_prompt(4, Some(Screen::Question(0)), None);
    assert_eq!(prompt.header.prompt, "Luggage?");
    let labels: Vec<&str> = prompt.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["是", "否", "← 返回上一题"]);
    assert!(prompt.header.keys.contains("Esc"));
    assert_eq!(flow.header(0, String::new()).prompt, "什么？");
}

#[test]
fn wraps_by_display_width() {
    assert_eq!(wrap("aaa bbb ccc", 8), ["aaa bbb", "ccc"]);
    assert_eq!(
        wrap("一二三四五六七八九十", 8),
        ["一二三四", "五六七八", "九十"]
    );
    assert!(wrap("", 10).is_empty());
    assert_eq!(
        wrap("需要走 API XYZ 路径；与协作工具", 16),
        ["需要走 API XYZ", "路径；与协作工具"]
    );
    assert_eq!(wrap("走 API XYZ 路径", 12), ["走 API XYZ", "路径"]);
    assert_eq!(wrap("abcdefghijkl", 8), ["abcdefgh", "ijkl"]);
    assert_eq!(wrap("一二三四。五六", 8), ["一二三", "四。五六"]);
    for line in wrap(
        "The first path needs HTTP requests, Bearer tokens and connection details for the store.",
        20,
    ) {
        assert!(console::measure_text_width(&line) <= 20, "{line}");
    }
}

/// A rulebook with a dead end: travelling by another vehicle has no path, and once it is
/// chosen nothing open can change the verdict.
const DEAD_END_RULES: &str = r#"
rulebook: { id: dead-end, version: "1", title: Dead end }
questions:
  - id: goal
    prompt: "What?"
    kind: choice
    choices:
      - { value: travel, label: Travel }
      - { value: unsure, label: Unsure }
  - id: vehicle
    prompt: "How?"
    kind: choice
    ask-when: { goal: travel }
    choices:
      - { value: train, label: Train }
      - { value: other, label: Another vehicle }
  - id: luggage
    prompt: "Luggage?"
    kind: yes-no
  - id: budget
    prompt: "How much?"
    kind: number
    required: false
    max: 1000
outcomes:
  - { id: rail, kind: path, name: Rail }
  - { id: stay, kind: path, name: Stay }
rules:
  - { id: no-vehicle, when: { goal: travel, vehicle: other }, outcome: none }
  - { id: by-rail, when: { goal: travel }, outcome: rail }
default: { outcome: stay }
findings:
  - { id: no-way, severity: error, when: { vehicle: other }, message: "No way." }
  - { id: bags, severity: info, when: { path: [rail, stay], luggage: yes }, message: "Bags." }
  - { id: rich, severity: info, when: { path: [rail, stay], budget: { gt: 100 } }, message: "Rich." }
"#;

fn dead_end_rulebook() -> Rulebook {
    rulebook::load_str("dead-end.yaml", DEAD_END_RULES, Limits::RULEBOOK).unwrap()
}

#[test]
fn a_dead_end_stops_asking() {
    let rb = dead_end_rulebook();
    let (answers, p) = play(
        &rb,
        &Answers::new(&rb),
        &[Pick("travel"), Pick("other"), Show],
    );
    assert_eq!(p.shown, ["goal", "vehicle", "settled"]);
    assert_eq!(pairs(&rb, &answers), ["goal=travel", "vehicle=other"]);
    let settled = &p.settled[0];
    assert!(settled.title.starts_with("No path fits"), "{settled:?}");
    assert!(settled.last.ends_with("· Another vehicle"), "{settled:?}");
}

#[test]
fn a_dead_end_goes_back_to_the_last_answer_and_on_from_there() {
    let rb = dead_end_rulebook();
    let (answers, p) = play(
        &rb,
        &Answers::new(&rb),
        &[
            Pick("travel"),
            Pick("other"),
            Esc,
            Pick("train"),
            Pick("yes"),
            Type(""),
            Show,
        ],
    );
    assert_eq!(
        p.shown,
        ["goal", "vehicle", "settled", "vehicle", "luggage", "budget", "review"]
    );
    // Asked again, the dead end's answer is the one selected.
    assert_eq!(p.defaults[2], "other");
    assert_eq!(
        pairs(&rb, &answers),
        ["goal=travel", "vehicle=train", "luggage=yes"]
    );
}

#[test]
fn a_dead_end_offers_the_review_and_changing_an_answer_there_goes_on() {
    let rb = dead_end_rulebook();
    let (answers, p) = play(
        &rb,
        &Answers::new(&rb),
        &[
            Pick("travel"),
            Pick("other"),
            Pick("review"),
            Change("goal"),
            Pick("unsure"),
            Pick("no"),
            Type(""),
            Show,
        ],
    );
    assert_eq!(p.shown[..4], ["goal", "vehicle", "settled", "review"]);
    assert_eq!(p.shown.last().map(String::as_str), Some("review"));
    assert_eq!(pairs(&rb, &answers), ["goal=unsure", "luggage=no"]);
}

#[test]
fn the_screen_lists_only_the_answers_before_the_question_that_still_apply() {
    let rb = rulebook();
    let mut p = Scripted::new(&[
        Pick("train"),
        Pick("first"),
        Pick("north"),
        Pick("yes"),
        Type("5"),
        Change("goal"),
        Pick("car"),
        Pick("own"),
        Show,
    ]);
    let mut seen = Vec::new();
    struct Recording<'a>(&'a mut Scripted, &'a mut Vec<Vec<String>>);
    impl Prompter for Recording<'_> {
        fn select(&mut self, prompt: &SelectPrompt) -> Result<Option<usize>, PromptError> {
            self.1
                .push(prompt.answered.iter().map(|a| a.id.clone()).collect());
            self.0.select(prompt)
        }
        fn input(
            &mut self,
            prompt: &InputPrompt,
            check: &dyn Fn(&str) -> Result<(), String>,
        ) -> Result<Option<String>, PromptError> {
            self.1
                .push(prompt.answered.iter().map(|a| a.id.clone()).collect());
            self.0.input(prompt, check)
        }
        fn review(&mut self, prompt: &ReviewPrompt) -> Result<ReviewReply, PromptError> {
            self.1
                .push(prompt.answered.iter().map(|a| a.id.clone()).collect());
            self.0.review(prompt)
        }
        fn settled(&mut self, prompt: &SettledPrompt) -> Result<SettledReply, PromptError> {
            self.0.settled(prompt)
        }
    }
    run(
        &rb,
        Lang::En,
        &Answers::new(&rb),
        &mut Recording(&mut p, &mut seen),
    )
    .unwrap();
    let last = seen.last().unwrap();
    // After the goal changed to car, the seat and the city no longer apply.
    assert_eq!(last, &["goal", "car", "luggage", "budget"]);
    // Asked again, the goal question shows nothing above it.
    assert!(
        seen.iter().filter(|s| s.is_empty()).count() >= 2,
        "{seen:?}"
    );
}
