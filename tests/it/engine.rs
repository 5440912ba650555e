//! The contract's decision table, finding conditions and cost formula, evaluated on the
//! embedded rulebook through the library (no process start-up).

use eb_advisor::answers::Answers;
use eb_advisor::engine::{self, PlanContext, Settings, Verdict};
use eb_advisor::rulebook::Trust;
use eb_advisor::rulebook::{self, Rulebook, Severity};
use eb_advisor::yaml::Limits;

fn rulebook() -> Rulebook {
    rulebook::load_str(
        rulebook::EMBEDDED_NAME,
        rulebook::EMBEDDED_SOURCE,
        Limits::RULEBOOK,
    )
    .expect("the embedded rulebook loads")
}

fn answers(rb: &Rulebook, pairs: &[(&str, &str)]) -> Answers {
    let mut answers = Answers::new(rb);
    for (id, value) in pairs {
        let q = rb
            .question(id)
            .unwrap_or_else(|| panic!("no question {id}"));
        answers.set(q, Some(rb.questions[q].read_text(value).unwrap()));
    }
    answers
}

/// The complete answers a team would give, with `overrides` replacing the defaults.
fn base(goal: &str, overrides: &[(&'static str, &'static str)]) -> Vec<(&'static str, String)> {
    let mut pairs: Vec<(&'static str, String)> = vec![("goal", goal.to_string())];
    match goal {
        "capture-db-changes" => {
            pairs.push(("database", "mysql".into()));
            pairs.push(("network", "vpc".into()));
            pairs.push(("region", "cn-hangzhou".into()));
        }
        "receive-app-events" => pairs.push(("source", "dingtalk".into())),
        "send-events" => pairs.push(("target", "lark".into())),
        _ => {}
    }
    pairs.push(("automation", "no".into()));
    pairs.push(("can-code", "yes".into()));
    for (id, value) in overrides {
        pairs.retain(|(k, _)| k != id);
        pairs.push((id, value.to_string()));
    }
    pairs
}

fn eval(rb: &Rulebook, pairs: &[(&'static str, String)]) -> Verdict {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let answers = answers(rb, &pairs);
    assert!(
        engine::missing(rb, &answers).is_empty(),
        "complete answers: {pairs:?}"
    );
    engine::evaluate(rb, &answers, None, Trust::Page)
}

fn outcome(rb: &Rulebook, v: &Verdict) -> String {
    rb.outcome_id(v.outcome).to_string()
}

fn severity_of(rb: &Rulebook, v: &Verdict, id: &str) -> Option<Severity> {
    let f = rb
        .finding(id)
        .unwrap_or_else(|| panic!("the rulebook has no finding {id}"));
    v.findings
        .iter()
        .find(|x| x.finding == f)
        .map(|x| x.severity)
}

#[test]
fn every_goal_and_sub_answer_leads_where_the_contract_says() {
    let rb = rulebook();
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        ("capture-db-changes", &[("database", "mysql")], "api-cdc"),
        (
            "capture-db-changes",
            &[("database", "postgresql")],
            "api-cdc",
        ),
        ("capture-db-changes", &[("database", "other")], "none"),
        (
            "receive-app-events",
            &[("source", "dingtalk")],
            "console-webhook",
        ),
        (
            "receive-app-events",
            &[("source", "lark")],
            "console-webhook",
        ),
        (
            "receive-app-events",
            &[("source", "github")],
            "console-webhook",
        ),
        (
            "receive-app-events",
            &[("source", "other-partner")],
            "console-webhook",
        ),
        (
            "receive-app-events",
            &[("source", "custom-app")],
            "fc-api-gateway",
        ),
        ("send-events", &[("target", "dingtalk")], "console-webhook"),
        ("send-events", &[("target", "lark")], "console-webhook"),
        ("send-events", &[("target", "wecom")], "console-webhook"),
        (
            "send-events",
            &[("target", "http-endpoint")],
            "console-webhook",
        ),
        ("unsure", &[], "console-webhook"),
    ];
    for (goal, extra, expected) in cases {
        let overrides: Vec<(&'static str, &'static str)> =
            extra.iter().map(|(k, v)| (leak(k), leak(v))).collect();
        let v = eval(&rb, &base(goal, &overrides));
        assert_eq!(outcome(&rb, &v), *expected, "goal {goal} with {extra:?}");
    }
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

#[test]
fn region_and_network_do_not_change_the_cdc_path() {
    let rb = rulebook();
    for region in [
        "cn-hangzhou",
        "cn-shanghai",
        "cn-beijing",
        "ap-southeast-1",
        "other",
    ] {
        for network in ["vpc", "public"] {
            let v = eval(
                &rb,
                &base(
                    "capture-db-changes",
                    &[("region", leak(region)), ("network", leak(network))],
                ),
            );
            assert_eq!(outcome(&rb, &v), "api-cdc");
            let expected = (region == "other").then_some(Severity::Error);
            assert_eq!(
                severity_of(&rb, &v, "region-unavailable"),
                expected,
                "{region}"
            );
            let vpc = (network == "vpc").then_some(Severity::Info);
            assert_eq!(
                severity_of(&rb, &v, "vpc-private-network"),
                vpc,
                "{network}"
            );
        }
    }
}

#[test]
fn questions_not_asked_are_not_required_and_do_not_change_the_decision() {
    let rb = rulebook();
    let a = answers(
        &rb,
        &[
            ("goal", "send-events"),
            ("target", "lark"),
            ("automation", "no"),
            ("can-code", "no"),
        ],
    );
    assert!(engine::missing(&rb, &a).is_empty());
    let with_extra = answers(
        &rb,
        &[
            ("goal", "send-events"),
            ("target", "lark"),
            ("automation", "no"),
            ("can-code", "no"),
            ("database", "other"),
        ],
    );
    let (v1, v2) = (
        engine::evaluate(&rb, &a, None, Trust::Page),
        engine::evaluate(&rb, &with_extra, None, Trust::Page),
    );
    assert_eq!(v1.outcome, v2.outcome);
    assert_eq!(severity_of(&rb, &v2, "unsupported-database"), None);
}

#[test]
fn missing_answers_follow_the_goal() {
    let rb = rulebook();
    let ids = |a: &Answers| -> Vec<String> {
        engine::missing(&rb, a)
            .iter()
            .map(|&q| rb.questions[q].id.clone())
            .collect()
    };
    assert_eq!(ids(&Answers::new(&rb)), ["goal", "automation", "can-code"]);
    let a = answers(&rb, &[("goal", "capture-db-changes")]);
    assert_eq!(
        ids(&a),
        ["database", "network", "region", "automation", "can-code"]
    );
    let a = answers(&rb, &[("goal", "receive-app-events")]);
    assert_eq!(ids(&a), ["source", "automation", "can-code"]);
}

#[test]
fn unsupported_database_is_an_error_with_no_path() {
    let rb = rulebook();
    let v = eval(&rb, &base("capture-db-changes", &[("database", "other")]));
    assert_eq!(v.outcome, None);
    assert_eq!(
        severity_of(&rb, &v, "unsupported-database"),
        Some(Severity::Error)
    );
    let v = eval(&rb, &base("capture-db-changes", &[("database", "mysql")]));
    assert_eq!(severity_of(&rb, &v, "unsupported-database"), None);
}

#[test]
fn console_automation_conflict_on_every_console_goal() {
    let rb = rulebook();
    for goal in ["receive-app-events", "send-events", "unsure"] {
        let v = eval(&rb, &base(goal, &[("automation", "yes")]));
        assert_eq!(
            severity_of(&rb, &v, "console-not-automatable"),
            Some(Severity::Error),
            "{goal}"
        );
        let v = eval(&rb, &base(goal, &[("automation", "no")]));
        assert_eq!(
            severity_of(&rb, &v, "console-not-automatable"),
            None,
            "{goal}"
        );
    }
    // The API path can be scripted: no conflict there.
    let v = eval(&rb, &base("capture-db-changes", &[("automation", "yes")]));
    assert_eq!(severity_of(&rb, &v, "console-not-automatable"), None);
}

#[test]
fn api_cdc_without_coding_is_a_warning() {
    let rb = rulebook();
    let v = eval(&rb, &base("capture-db-changes", &[("can-code", "no")]));
    assert_eq!(
        severity_of(&rb, &v, "api-cdc-needs-coding"),
        Some(Severity::Warning)
    );
    let v = eval(&rb, &base("capture-db-changes", &[("can-code", "yes")]));
    assert_eq!(severity_of(&rb, &v, "api-cdc-needs-coding"), None);
    let v = eval(&rb, &base("send-events", &[("can-code", "no")]));
    assert_eq!(severity_of(&rb, &v, "api-cdc-needs-coding"), None);
}

#[test]
fn postgresql_findings_and_the_quota_escalation() {
    let rb = rulebook();
    let pg = |volume: Option<&'static str>| {
        let mut o = vec![("database", "postgresql")];
        if let Some(v) = volume {
            o.push(("monthly-volume", v));
        }
        eval(&rb, &base("capture-db-changes", &o))
    };
    let v = pg(None);
    assert_eq!(
        severity_of(&rb, &v, "postgresql-logical-replication"),
        Some(Severity::Warning)
    );
    assert_eq!(
        severity_of(&rb, &v, "postgresql-free-quota"),
        Some(Severity::Info)
    );
    assert_eq!(
        severity_of(&rb, &pg(Some("1000")), "postgresql-free-quota"),
        Some(Severity::Info)
    );
    assert_eq!(
        severity_of(&rb, &pg(Some("1001")), "postgresql-free-quota"),
        Some(Severity::Warning)
    );
    let mysql = eval(&rb, &base("capture-db-changes", &[("database", "mysql")]));
    assert_eq!(
        severity_of(&rb, &mysql, "postgresql-logical-replication"),
        None
    );
    assert_eq!(severity_of(&rb, &mysql, "postgresql-free-quota"), None);
}

#[test]
fn empty_event_pattern_is_info_in_recommend_for_console_paths() {
    let rb = rulebook();
    let v = eval(&rb, &base("send-events", &[]));
    assert_eq!(
        severity_of(&rb, &v, "empty-event-pattern"),
        Some(Severity::Info)
    );
    let v = eval(&rb, &base("capture-db-changes", &[]));
    assert_eq!(severity_of(&rb, &v, "empty-event-pattern"), None);
}

#[test]
fn check_only_findings_never_fire_without_a_plan() {
    let rb = rulebook();
    let check_only = [
        "db-changes-need-api-cdc",
        "custom-app-needs-function-compute",
        "api-cdc-only-databases",
        "vpc-settings-missing",
        "path-mismatch",
    ];
    for goal in [
        "capture-db-changes",
        "receive-app-events",
        "send-events",
        "unsure",
    ] {
        let v = eval(&rb, &base(goal, &[("source", "custom-app")]));
        for id in check_only {
            assert_eq!(
                severity_of(&rb, &v, id),
                None,
                "{id} fired in recommend for {goal}"
            );
        }
    }
}

struct Settings_(Vec<&'static str>);

impl Settings for Settings_ {
    fn is_missing(&self, key: &str) -> bool {
        !self.0.contains(&key)
    }
}

fn eval_plan(
    rb: &Rulebook,
    pairs: &[(&'static str, String)],
    planned: &str,
    settings: &[&'static str],
) -> Verdict {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let answers = answers(rb, &pairs);
    let settings = Settings_(settings.to_vec());
    let plan = PlanContext {
        planned: rb.outcome(planned),
        settings: &settings,
    };
    engine::evaluate(rb, &answers, Some(&plan), Trust::Page)
}

#[test]
fn planned_dead_ends_are_errors_in_a_check() {
    let rb = rulebook();
    let pattern = ["event-pattern"];
    let v = eval_plan(
        &rb,
        &base("capture-db-changes", &[("database", "postgresql")]),
        "console-webhook",
        &pattern,
    );
    assert_eq!(
        severity_of(&rb, &v, "db-changes-need-api-cdc"),
        Some(Severity::Error)
    );
    assert_eq!(severity_of(&rb, &v, "path-mismatch"), Some(Severity::Error));

    let v = eval_plan(
        &rb,
        &base("receive-app-events", &[("source", "custom-app")]),
        "console-webhook",
        &pattern,
    );
    assert_eq!(
        severity_of(&rb, &v, "custom-app-needs-function-compute"),
        Some(Severity::Error)
    );

    let v = eval_plan(
        &rb,
        &base("receive-app-events", &[("source", "github")]),
        "api-cdc",
        &[],
    );
    assert_eq!(
        severity_of(&rb, &v, "api-cdc-only-databases"),
        Some(Severity::Error)
    );
    assert_eq!(severity_of(&rb, &v, "path-mismatch"), Some(Severity::Error));

    // The plan's path counts for "outcome or planned path" findings.
    let v = eval_plan(
        &rb,
        &base("capture-db-changes", &[("can-code", "no")]),
        "api-cdc",
        &["vpc-id", "vswitch-ids", "security-group-id"],
    );
    assert_eq!(
        severity_of(&rb, &v, "api-cdc-needs-coding"),
        Some(Severity::Warning)
    );
    assert_eq!(severity_of(&rb, &v, "path-mismatch"), None);
}

#[test]
fn vpc_settings_are_required_in_a_vpc_cdc_plan() {
    let rb = rulebook();
    let all = ["vpc-id", "vswitch-ids", "security-group-id"];
    let cdc = base("capture-db-changes", &[]);
    assert_eq!(
        severity_of(
            &rb,
            &eval_plan(&rb, &cdc, "api-cdc", &all),
            "vpc-settings-missing"
        ),
        None
    );
    for missing in all {
        let present: Vec<&'static str> = all.iter().copied().filter(|k| *k != missing).collect();
        let v = eval_plan(&rb, &cdc, "api-cdc", &present);
        assert_eq!(
            severity_of(&rb, &v, "vpc-settings-missing"),
            Some(Severity::Error),
            "without {missing}"
        );
    }
    let public = base("capture-db-changes", &[("network", "public")]);
    assert_eq!(
        severity_of(
            &rb,
            &eval_plan(&rb, &public, "api-cdc", &[]),
            "vpc-settings-missing"
        ),
        None
    );
}

#[test]
fn empty_event_pattern_is_a_warning_in_a_console_plan_without_one() {
    let rb = rulebook();
    let send = base("send-events", &[]);
    let v = eval_plan(&rb, &send, "console-webhook", &[]);
    assert_eq!(
        severity_of(&rb, &v, "empty-event-pattern"),
        Some(Severity::Warning)
    );
    // A plan that defines its pattern is not told about an empty one.
    let v = eval_plan(&rb, &send, "console-webhook", &["event-pattern"]);
    assert_eq!(severity_of(&rb, &v, "empty-event-pattern"), None);
    // Outside a plan check the caveat stays, as information.
    assert_eq!(
        severity_of(&rb, &eval(&rb, &send), "empty-event-pattern"),
        Some(Severity::Info)
    );
}

fn cost(rb: &Rulebook, pairs: &[(&'static str, String)]) -> Option<(u64, f64)> {
    eval(rb, pairs).cost.map(|c| (c.free, c.monthly))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn cdc_cost_at_and_around_each_free_quota() {
    let rb = rulebook();
    let cdc = |db: &'static str, volume: &'static str| {
        cost(
            &rb,
            &base(
                "capture-db-changes",
                &[("database", db), ("monthly-volume", volume)],
            ),
        )
        .unwrap()
    };
    for (db, free) in [("mysql", 10_000u64), ("postgresql", 1_000)] {
        for volume in [0, free - 1, free, free + 1, free * 10] {
            let (f, monthly) = cdc(db, leak(&volume.to_string()));
            assert_eq!(f, free, "{db}");
            let expected = volume.saturating_sub(free) as f64 * 0.0001;
            assert!(
                close(monthly, expected),
                "{db} {volume}: {monthly} vs {expected}"
            );
        }
    }
    assert!(close(cdc("postgresql", "5000").1, 0.4));
    // No volume, no estimate.
    assert_eq!(eval(&rb, &base("capture-db-changes", &[])).cost, None);
}

#[test]
fn console_cost_counts_thousands_of_events_and_dingtalk_free_events() {
    let rb = rulebook();
    let console = |goal: &str, key: &'static str, app: &'static str, volume: &'static str| {
        cost(&rb, &base(goal, &[(key, app), ("monthly-volume", volume)])).unwrap()
    };
    for (goal, key) in [("receive-app-events", "source"), ("send-events", "target")] {
        assert_eq!(console(goal, key, "dingtalk", "100"), (100, 0.0));
        let (free, monthly) = console(goal, key, "dingtalk", "1100");
        assert_eq!(free, 100);
        assert!(close(monthly, 0.0001), "{monthly}");
        let (free, monthly) = console(goal, key, "lark", "1000");
        assert_eq!(free, 0);
        assert!(close(monthly, 0.0001), "{monthly}");
        assert!(close(console(goal, key, "lark", "99").1, 0.0000099));
    }
    // No supported path, no cost.
    let v = eval(
        &rb,
        &base(
            "capture-db-changes",
            &[("database", "other"), ("monthly-volume", "5000")],
        ),
    );
    assert_eq!(v.cost, None);
}

#[test]
fn the_other_outcomes_say_why_not() {
    let rb = rulebook();
    let v = eval(
        &rb,
        &base("capture-db-changes", &[("database", "postgresql")]),
    );
    let console = rb.outcome("console-webhook").unwrap();
    let rejected = v
        .rejected
        .iter()
        .find(|r| r.outcome == console)
        .expect("console rejected");
    assert!(!rejected.reasons.is_empty() || !rejected.blocked_by.is_empty());
    assert!(v.rejected.iter().all(|r| Some(r.outcome) != v.outcome));
}

#[test]
fn decide_is_evaluate_without_the_reasons_against_the_others() {
    let rb = rulebook();
    for (goal, overrides) in [
        ("capture-db-changes", &[("database", "postgresql")][..]),
        ("capture-db-changes", &[("monthly-volume", "5000")][..]),
        ("receive-app-events", &[][..]),
        ("send-events", &[][..]),
    ] {
        let pairs = base(goal, overrides);
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let filled = engine::with_defaults(&rb, &answers(&rb, &pairs));
        for planned in [None, Some(0), Some(1)] {
            let plan = PlanContext {
                planned,
                settings: &Settings_(vec!["vpc-id"]),
            };
            let mut full = engine::evaluate(&rb, &filled, Some(&plan), Trust::Page);
            assert!(!full.rejected.is_empty());
            full.rejected.clear();
            assert_eq!(
                engine::decide(&rb, &filled, Some(&plan), Trust::Page),
                full,
                "{pairs:?}"
            );
        }
    }
}

#[test]
fn the_trace_names_the_deciding_rule_and_its_answers() {
    let rb = rulebook();
    let v = eval(
        &rb,
        &base("capture-db-changes", &[("database", "postgresql")]),
    );
    let last = v.trace.last().expect("a rule was tried");
    assert!(last.matched);
    let read: Vec<&str> = last
        .read
        .iter()
        .map(|&q| rb.questions[q].id.as_str())
        .collect();
    assert!(
        read.contains(&"goal") && read.contains(&"database"),
        "{read:?}"
    );
}

#[test]
fn evaluation_is_deterministic() {
    let rb = rulebook();
    let pairs = base(
        "capture-db-changes",
        &[("database", "postgresql"), ("monthly-volume", "5000")],
    );
    assert_eq!(eval(&rb, &pairs), eval(&rb, &pairs));
}
