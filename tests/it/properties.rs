//! Properties, on stable Rust and in the normal suite (the fuzzers in `fuzz/` need
//! nightly and run by hand):
//!
//! - the three parsers (rulebooks, plans, answers files) end in a result or an error for
//!   any bytes and any YAML-shaped value, never a panic;
//! - over the embedded rulebook's answer space: evaluation is deterministic; every
//!   complete answer set gives an outcome or an explicit no-path verdict; the
//!   questionnaire asks exactly the questions that apply, and `recommend` requires
//!   exactly the required ones among them; the JSON view round-trips, and its answers
//!   read back as the same answers.

use eb_advisor::rulebook::Trust;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use eb_advisor::answers::{self, Answers};
use eb_advisor::engine::{self, Decision};
use eb_advisor::plan;
use eb_advisor::questionnaire::{
    self, InputPrompt, ItemKind, PromptError, Prompter, ReviewPrompt, ReviewReply, SelectPrompt,
    SettledPrompt, SettledReply,
};
use eb_advisor::report;
use eb_advisor::rulebook::{self, AnswerValue, QuestionKind, Rulebook, Severity};
use eb_advisor::text::Lang;
use eb_advisor::yaml::{self, Limits};

use crate::support::secrets::assert_secrets_hidden;

fn rb() -> &'static Rulebook {
    static RB: OnceLock<Rulebook> = OnceLock::new();
    RB.get_or_init(eb_advisor::embedded::rulebook)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // Shrinking stays short; a failure is printed with its input either way.
        max_shrink_iters: 2_000,
        // The committed seeds, tests/it/properties.proptest-regressions, beside this file
        // (proptest's default would look in tests/it/proptest-regressions/ instead).
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(1000)
    }
}

// ---------------------------------------------------------------------------------------
// The parsers never panic
// ---------------------------------------------------------------------------------------

fn parse_everything(bytes: &[u8]) {
    let rb = rb();
    let options = plan::CheckOptions {
        frames: true,
        ..plan::CheckOptions::new(Limits::PLAN, Trust::Page)
    };
    let report = plan::check_bytes(rb, "p.eb-plan.yaml", bytes, options);
    assert!(
        !report.findings.is_empty() || report.planned.is_some(),
        "a plan without a path and without findings"
    );
    let Ok(text) = yaml::decode_text("x.yaml", bytes.to_vec()) else {
        return;
    };
    assert_secrets_hidden(rb, &text, &report);
    if let Ok(loaded) = rulebook::load_str("r.yaml", &text, Limits::RULEBOOK) {
        let empty = Answers::new(&loaded);
        let _ = engine::evaluate(
            &loaded,
            &engine::with_defaults(&loaded, &empty),
            None,
            Trust::Page,
        );
    }
    if let Ok(read) = answers::parse_str(rb, "a.yaml", &text, Limits::PLAN) {
        // What was read writes back to a file that reads the same.
        let saved = answers::to_yaml(rb, &read);
        let again = answers::parse_str(rb, "saved.yaml", &saved, Limits::PLAN);
        assert_eq!(again.ok(), Some(read), "{saved}");
    }
}

/// The fuzzers' seed corpora (and any regression input kept beside them) in the normal
/// suite: each file through all three parsers.
#[test]
fn the_fuzz_seeds_give_a_result_or_an_error() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut count = 0;
    for target in std::fs::read_dir(&seeds).expect("fuzz/seeds") {
        for file in std::fs::read_dir(target.unwrap().path()).unwrap() {
            parse_everything(&std::fs::read(file.unwrap().path()).unwrap());
            count += 1;
        }
    }
    assert!(count >= 30, "only {count} seeds");
}

/// Words the parsers know, so that generated values reach past the first check.
const WORDS: &[&str] = &[
    "path",
    "answers",
    "settings",
    "acknowledge",
    "rulebook",
    "id",
    "version",
    "goal",
    "database",
    "network",
    "region",
    "source",
    "target",
    "automation",
    "can-code",
    "monthly-volume",
    "capture-db-changes",
    "receive-app-events",
    "send-events",
    "unsure",
    "mysql",
    "postgresql",
    "other",
    "vpc",
    "public",
    "cn-hangzhou",
    "dingtalk",
    "custom-app",
    "lark",
    "api-cdc",
    "console-webhook",
    "fc-api-gateway",
    "password",
    "token",
    "vpc-id",
    "vswitch-ids",
    "security-group-id",
    "event-pattern",
    "empty-event-pattern",
    "plaintext-secret",
    "${DB_PASSWORD}",
    "secret-ref:x",
    "yes",
    "no",
    "questions",
    "outcomes",
    "rules",
    "default",
    "findings",
    "plans",
    "tests",
    "prompt",
    "kind",
    "choice",
    "choices",
    "value",
    "label",
    "when",
    "outcome",
    "name",
    "title",
    "severity",
    "message",
    "error",
    "ask-when",
    "secret-keys",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[a-z-]{1,12}",
    ]
}

fn scalar() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (0u64..20_000).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        word().prop_map(Value::String),
    ]
}

/// Any JSON value (JSON is YAML) with known words for keys and values most of the time.
fn yaml_value() -> impl Strategy<Value = serde_json::Value> {
    scalar().prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((word(), inner), 0..8)
                .prop_map(|entries| { serde_json::Value::Object(entries.into_iter().collect()) }),
        ]
    })
}

/// A plan's shape: a path, answers, and settings with secret-like keys holding literals
/// (of any text) next to ordinary keys.
fn plan_value() -> impl Strategy<Value = serde_json::Value> {
    let setting_key = prop_oneof![
        proptest::sample::select(vec![
            "password",
            "db-password",
            "Token",
            "api_secret",
            "authorization",
            "vpc-id",
            "event-pattern",
        ])
        .prop_map(str::to_string),
        word(),
    ];
    let setting = prop_oneof![
        3 => any::<String>().prop_map(serde_json::Value::String),
        1 => yaml_value(),
    ];
    (
        word(),
        prop::collection::vec((word(), scalar()), 0..8),
        prop::collection::vec((setting_key, setting), 0..6),
    )
        .prop_map(|(path, answers, settings)| {
            serde_json::json!({
                "path": path,
                "answers": answers.into_iter().collect::<serde_json::Map<_, _>>(),
                "settings": settings.into_iter().collect::<serde_json::Map<_, _>>(),
            })
        })
}

/// The value as block YAML (keys and strings quoted as JSON), so that both styles are fed.
fn block(value: &serde_json::Value, indent: usize, out: &mut String) {
    use serde_json::Value;
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                out.push_str(&format!("{pad}{}:", serde_json::to_string(k).unwrap()));
                match v {
                    Value::Object(m) if !m.is_empty() => {
                        out.push('\n');
                        block(v, indent + 2, out);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push('\n');
                        block(v, indent + 2, out);
                    }
                    _ => out.push_str(&format!(" {v}\n")),
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&format!("{pad}-\n"));
                block(item, indent + 2, out);
            }
        }
        other => out.push_str(&format!("{pad}{other}\n")),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_give_a_result_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        parse_everything(&bytes);
    }

    #[test]
    fn any_text_gives_a_result_or_an_error(text in "(\\PC|[\\n\\t\\r\\u{0}\\u{feff}:\\-\\[\\]{}&*!|>'\"%@`#,? ]){0,300}") {
        parse_everything(text.as_bytes());
    }

    #[test]
    fn any_plan_shaped_value_gives_a_report_that_hides_its_secrets(value in plan_value()) {
        parse_everything(value.to_string().as_bytes());
        let mut text = String::new();
        block(&value, 0, &mut text);
        parse_everything(text.as_bytes());
    }

    #[test]
    fn any_yaml_shaped_value_gives_a_result_or_an_error(value in yaml_value()) {
        parse_everything(value.to_string().as_bytes());
        let mut text = String::new();
        block(&value, 0, &mut text);
        parse_everything(text.as_bytes());
    }
}

// ---------------------------------------------------------------------------------------
// The engine over the embedded rulebook's answer space
// ---------------------------------------------------------------------------------------

/// A value for every question (numbers sometimes left out), as raw picks.
fn picks() -> impl Strategy<Value = Vec<(u16, Option<u64>)>> {
    let n = rb().questions.len();
    let number = prop_oneof![
        Just(None),
        proptest::sample::select(vec![
            0u64,
            1,
            99,
            100,
            101,
            999,
            1000,
            1001,
            9999,
            10_000,
            10_001,
            50_000,
            u64::MAX
        ])
        .prop_map(Some),
        any::<u64>().prop_map(Some),
    ];
    prop::collection::vec((any::<u16>(), number), n)
}

/// The complete answer set those picks give: each question that applies (given the
/// answers before it) answered, optional numbers sometimes skipped, the rest unanswered.
fn complete(picks: &[(u16, Option<u64>)]) -> Answers {
    let rb = rb();
    let mut answers = Answers::new(rb);
    for (q, question) in rb.questions.iter().enumerate() {
        if !engine::is_asked(rb, q, &answers) {
            continue;
        }
        let (pick, number) = picks[q];
        let value = match question.kind {
            QuestionKind::Choice => Some(AnswerValue::Choice(pick % question.choices.len() as u16)),
            QuestionKind::YesNo => Some(AnswerValue::Bool(pick % 2 == 0)),
            QuestionKind::Number => match (number, question.required) {
                // Within what files take too: the JSON view is read back as an answers file.
                (Some(n), _) => Some(AnswerValue::Number(n.min(question.largest()))),
                (None, true) => Some(AnswerValue::Number(0)),
                (None, false) => None,
            },
        };
        answers.set(q, value);
    }
    answers
}

/// Plan settings that are all missing, or all given.
struct AllSettings {
    missing: bool,
}

impl engine::Settings for AllSettings {
    fn is_missing(&self, _key: &str) -> bool {
        self.missing
    }
}

/// Answers the questionnaire from a known answer set, recording what it asked.
struct Oracle<'a> {
    target: &'a Answers,
    asked: Vec<usize>,
}

impl Oracle<'_> {
    fn question(&mut self, id: &str) -> usize {
        let q = rb()
            .question(id)
            .expect("the questionnaire asks rulebook questions");
        assert!(!self.asked.contains(&q), "`{id}` asked twice");
        self.asked.push(q);
        q
    }
}

impl Prompter for Oracle<'_> {
    fn select(&mut self, prompt: &SelectPrompt) -> Result<Option<usize>, PromptError> {
        let q = self.question(&prompt.header.id);
        let want = self.target.get(q);
        let item = prompt
            .items
            .iter()
            .position(|item| match (item.kind, want) {
                (ItemKind::Answer(v), Some(w)) => v == w,
                (ItemKind::Skip, None) => true,
                _ => false,
            });
        Ok(Some(item.unwrap_or_else(|| {
            panic!("no item for {want:?} at `{}`", prompt.header.id)
        })))
    }

    fn input(
        &mut self,
        prompt: &InputPrompt,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Option<String>, PromptError> {
        let q = self.question(&prompt.header.id);
        let text = match self.target.get(q) {
            Some(AnswerValue::Number(n)) => n.to_string(),
            Some(other) => panic!("{other:?} for a number question"),
            None => String::new(),
        };
        check(&text).unwrap_or_else(|e| panic!("`{text}` refused: {e}"));
        Ok(Some(text))
    }

    fn review(&mut self, _prompt: &ReviewPrompt) -> Result<ReviewReply, PromptError> {
        Ok(ReviewReply::Show)
    }

    fn settled(&mut self, _prompt: &SettledPrompt) -> Result<SettledReply, PromptError> {
        Ok(SettledReply::Show)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn evaluation_is_deterministic(picks in picks()) {
        let rb = rb();
        let answers = engine::with_defaults(rb, &complete(&picks));
        let first = engine::evaluate(rb, &answers, None, Trust::Page);
        let again = engine::evaluate(rb, &answers.clone(), None, Trust::Page);
        prop_assert_eq!(&first, &again);
        prop_assert_eq!(
            report::json::recommendation(rb, &answers, &first),
            report::json::recommendation(rb, &answers, &again)
        );
    }

    /// `decide` skips the second decision when nothing that decides the path or a
    /// finding read a premise; what it reports of the other source of truth must be what
    /// deciding under that source says, for recommendations and plan checks alike.
    #[test]
    fn what_the_other_source_of_truth_would_change_is_what_it_decides(
        picks in picks(),
        planned in proptest::option::of(0usize..8),
        settings_missing in any::<bool>(),
        page in any::<bool>(),
    ) {
        let rb = rb();
        let answers = engine::with_defaults(rb, &complete(&picks));
        let trust = if page { Trust::Page } else { Trust::Docs };
        let settings = AllSettings { missing: settings_missing };
        let plan = planned.map(|p| engine::PlanContext {
            planned: Some(p % rb.outcomes.len()),
            settings: &settings,
        });
        let mine = engine::decide(rb, &answers, plan.as_ref(), trust);
        let other = engine::decide(rb, &answers, plan.as_ref(), trust.other());
        let expected = ((other.outcome, other.errors()) != (mine.outcome, mine.errors()))
            .then(|| engine::OtherTrust {
                trust: trust.other(),
                outcome: other.outcome,
                errors: other.errors(),
                instead_of: (mine.outcome, mine.errors()),
            });
        prop_assert_eq!(mine.under_other_trust, expected);
    }

    #[test]
    fn every_complete_answer_set_gives_an_outcome_or_an_explicit_no_path(picks in picks()) {
        let rb = rb();
        let answers = complete(&picks);
        prop_assert!(engine::missing(rb, &answers).is_empty());
        let verdict = engine::evaluate(rb, &engine::with_defaults(rb, &answers), None, Trust::Page);
        if verdict.outcome.is_none() {
            // Decided by a rule (or the default) that says "none", with an error finding
            // that tells why: never "no rule matched".
            prop_assert_ne!(verdict.decided_by, Decision::NoRule);
            prop_assert_eq!(verdict.worst(), Some(Severity::Error));
        }
    }

    #[test]
    fn the_questionnaire_asks_exactly_what_applies_and_recommend_requires_the_required(picks in picks()) {
        let rb = rb();
        let target = complete(&picks);
        let mut oracle = Oracle { target: &target, asked: Vec::new() };
        let got = questionnaire::run(rb, Lang::En, &Answers::new(rb), &mut oracle)
            .expect("the questionnaire ends");
        let applies: Vec<usize> = (0..rb.questions.len())
            .filter(|&q| engine::is_asked(rb, q, &target))
            .collect();
        // What applies, in order, up to where nothing still open could change the
        // verdict (a dead end): then the verdict is the one the full answers give.
        let asked = oracle.asked.clone();
        prop_assert!(asked.len() <= applies.len());
        prop_assert_eq!(&asked[..], &applies[..asked.len()], "asked {:?}", asked);
        if asked.len() == applies.len() {
            prop_assert_eq!(&got, &target);
        } else {
            prop_assert!(eb_advisor::settled::is_settled(rb, &got));
            let shown = |answers: &Answers| {
                let v = engine::decide(rb, &engine::with_defaults(rb, answers), None, eb_advisor::rulebook::Trust::Page);
                (v.outcome, v.findings.iter().map(|f| (f.finding, f.severity)).collect::<Vec<_>>())
            };
            prop_assert_eq!(shown(&got), shown(&target));
        }
        // recommend, given all but one answer, asks for exactly that one when it is
        // required and applies, and for nothing otherwise.
        for q in 0..rb.questions.len() {
            let mut without = target.clone();
            without.set(q, None);
            let question = &rb.questions[q];
            let required = question.required && question.default.is_none() && applies.contains(&q);
            let expected: Vec<usize> = if required { vec![q] } else { Vec::new() };
            prop_assert_eq!(engine::missing(rb, &without), expected, "without `{}`", question.id);
        }
    }

    #[test]
    fn the_json_view_round_trips_and_its_answers_read_back(picks in picks()) {
        let rb = rb();
        let answers = engine::with_defaults(rb, &complete(&picks));
        let verdict = engine::evaluate(rb, &answers, None, Trust::Page);
        let text = report::json::recommendation(rb, &answers, &verdict);
        let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let again: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&parsed).unwrap()).unwrap();
        prop_assert_eq!(&parsed, &again);
        prop_assert_eq!(
            parsed["recommendation"]["path"].as_str(),
            verdict.outcome.map(|o| rb.outcomes[o].id.as_str())
        );
        let map = serde_json::to_string(&parsed["answers"]).unwrap();
        let read = answers::parse_str(rb, "answers.json", &map, Limits::PLAN)
            .unwrap_or_else(|d| panic!("{d}\n{map}"));
        prop_assert_eq!(read, answers);
    }
}
