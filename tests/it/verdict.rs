//! What a verdict says and how it is printed, through the real binary: short verdicts
//! that say each thing once, next steps a user can follow (each with an address of
//! Alibaba Cloud's documentation), texts that name the decision page, and advice that
//! fits the answers.

use crate::support;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use support::{BIN, DINGTALK_AUTOMATED, POSTGRESQL_VPC};

const NO_PATH: &[&str] = &[
    "--goal",
    "capture-db-changes",
    "--database",
    "other",
    "--network",
    "vpc",
    "--region",
    "cn-beijing",
    "--automation",
    "yes",
    "--can-code",
    "yes",
];

struct Out {
    code: i32,
    stdout: String,
}

fn command(args: &[&str]) -> Command {
    let mut command = support::command();
    command.args(args).env("NO_COLOR", "1");
    command
}

fn run_with(args: &[&str], columns: Option<&str>) -> Out {
    let mut command = command(args);
    if let Some(columns) = columns {
        command.env("COLUMNS", columns);
    }
    let out = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
    }
}

/// Unwrapped output: an address stays on one line.
fn run(args: &[&str]) -> Out {
    run_with(args, None)
}

fn recommend(lang: &str, format: &str, extra: &[&str], answers: &[&str]) -> String {
    let mut args = vec!["--lang", lang, "recommend", "--format", format];
    args.extend_from_slice(extra);
    args.extend_from_slice(answers);
    let out = run(&args);
    assert!(out.code == 0 || out.code == 1, "{args:?}: {}", out.stdout);
    out.stdout
}

/// One set of answers per branch of the decision, with and without the options that
/// change the wording (automation, a volume).
fn answer_sets() -> Vec<Vec<&'static str>> {
    let mut sets = Vec::new();
    let tails: [&[&str]; 2] = [
        &[
            "--automation",
            "yes",
            "--can-code",
            "yes",
            "--monthly-volume",
            "50000",
        ],
        &["--automation", "no", "--can-code", "no"],
    ];
    for tail in tails {
        for database in ["mysql", "postgresql", "other"] {
            for network in ["vpc", "public"] {
                for region in ["cn-hangzhou", "other"] {
                    let mut set = vec!["--goal", "capture-db-changes", "--database", database];
                    set.extend(["--network", network, "--region", region]);
                    set.extend_from_slice(tail);
                    sets.push(set);
                }
            }
        }
        for source in ["dingtalk", "lark", "github", "other-partner", "custom-app"] {
            let mut set = vec!["--goal", "receive-app-events", "--source", source];
            set.extend_from_slice(tail);
            sets.push(set);
        }
        for target in ["dingtalk", "lark", "wecom", "http-endpoint"] {
            let mut set = vec!["--goal", "send-events", "--target", target];
            set.extend_from_slice(tail);
            sets.push(set);
        }
        let mut set = vec!["--goal", "unsure"];
        set.extend_from_slice(tail);
        sets.push(set);
    }
    sets
}

fn https_addresses(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '（' | '）'))
        .filter(|w| w.starts_with("https://"))
        .map(|w| w.trim_end_matches(['.', ',', '。', '，']))
        .collect()
}

fn repeated<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for item in items {
        *seen.entry(item).or_default() += 1;
    }
    let mut twice: Vec<&str> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(item, _)| item)
        .collect();
    twice.sort();
    twice
}

#[test]
fn the_postgresql_vpc_verdict_fits_in_forty_lines_at_a_hundred_columns_when_piped() {
    // The page's verdict (CNY, PostgreSQL's free quota), the documentation in footnotes.
    let mut args = vec!["--trust", "page", "recommend"];
    args.extend_from_slice(POSTGRESQL_VPC);
    let out = run_with(&args, Some("100"));
    assert_eq!(out.code, 0, "{}", out.stdout);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.len() <= 40, "{} lines:\n{}", lines.len(), out.stdout);
    for line in &lines {
        // An address is never broken (it must stay clickable): it may pass the width on a
        // line of its own.
        let lone_address = line.trim_start().starts_with("https://") && !line.trim().contains(' ');
        assert!(
            console::measure_text_width(line) <= 100 || lone_address,
            "wider than 100 columns: {line:?}"
        );
    }
    // What the short verdict holds: the path and why, the cost, the findings with their
    // fix, why not the others, the next steps, the notes.
    for part in [
        "Recommended path: API CDC (api-cdc)",
        "Why: ",
        "Cost: ≈ 4.9 CNY per month",
        "Findings",
        "warning postgresql-free-quota",
        "remedy: ",
        "Why not the others",
        "console-webhook: ",
        "fc-api-gateway: ",
        "Next steps",
        "  1. ",
        "The documentation says otherwise",
        "[1]",
    ] {
        assert!(
            out.stdout.contains(part),
            "{part:?} missing:\n{}",
            out.stdout
        );
    }
}

#[test]
fn the_postgresql_vpc_verdict_fits_in_forty_lines_on_a_terminal_of_a_hundred_columns() {
    // A real terminal: the width comes from the terminal, set with stty.
    let mut line = format!("stty cols 100 rows 60; exec {BIN} --color never recommend");
    for arg in POSTGRESQL_VPC {
        line.push(' ');
        line.push_str(arg);
    }
    let mut command = Command::new("sh");
    support::scrub(&mut command)
        .args(["-c", &line])
        .env("TERM", "xterm");
    let mut session = rexpect::session::spawn_command(command, Some(10_000)).unwrap();
    let text = session.exp_eof().unwrap();
    // The pty reads back bytes as Latin-1; lines are what matter here.
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert!(
        text.contains("Recommended path: API CDC (api-cdc)"),
        "not a verdict: {text}"
    );
    assert!(lines.len() <= 40, "{} lines:\n{text}", lines.len());
}

#[test]
fn no_address_appears_twice_in_any_text_or_markdown_verdict() {
    for set in answer_sets() {
        for lang in ["en", "zh"] {
            for (format, extra) in [
                ("text", &[][..]),
                ("text", &["--detail"][..]),
                ("markdown", &[][..]),
            ] {
                let out = recommend(lang, format, extra, &set);
                let twice = repeated(https_addresses(&out));
                assert!(
                    twice.is_empty(),
                    "{twice:?} twice in {format} {extra:?} for {set:?}:\n{out}"
                );
            }
        }
    }
}

#[test]
fn texts_never_show_the_detail_skill_or_an_unnamed_page() {
    let mut outputs = Vec::new();
    for set in answer_sets() {
        for lang in ["en", "zh"] {
            outputs.push(recommend(lang, "text", &[], &set));
            outputs.push(recommend(lang, "text", &["--detail", "--explain"], &set));
            outputs.push(recommend(lang, "markdown", &[], &set));
        }
    }
    for lang in ["en", "zh"] {
        for args in [
            vec!["--lang", lang, "paths"],
            vec!["--lang", lang, "paths", "--format", "markdown"],
            vec!["--lang", lang, "paths", "api-cdc"],
            vec!["--lang", lang, "paths", "console-webhook"],
            vec!["--lang", lang, "paths", "fc-api-gateway"],
        ] {
            outputs.push(run(&args).stdout);
        }
    }
    for out in &outputs {
        let lower = out.to_lowercase();
        for banned in ["detail skill", "详细指南", "eb/api/", "eb/guide/"] {
            assert!(!lower.contains(banned), "{banned:?} in:\n{out}");
        }
        for unnamed in ["the page", "this page", "on the page", "page's"] {
            assert!(!lower.contains(unnamed), "{unnamed:?} in:\n{out}");
        }
        // Every mention of a page in Chinese names it.
        for (at, _) in out.match_indices("页面") {
            assert!(
                out[..at].ends_with("《集成事件》"),
                "an unnamed 页面 in:\n{out}"
            );
        }
    }
}

#[test]
fn every_next_step_links_to_alibaba_cloud_documentation() {
    for set in answer_sets() {
        let json: serde_json::Value =
            serde_json::from_str(&recommend("en", "json", &[], &set)).unwrap();
        let has_path = !json["recommendation"].is_null();
        let steps = json["next_steps"].as_array().unwrap();
        assert_eq!(has_path, !steps.is_empty(), "{set:?}: {json}");
        for step in steps {
            let docs = step["docs"].as_array().unwrap();
            assert!(
                !docs.is_empty(),
                "{set:?}: a step without an address: {step}"
            );
            for url in docs {
                let url = url.as_str().unwrap();
                let host = url
                    .strip_prefix("https://")
                    .and_then(|rest| rest.split('/').next())
                    .unwrap_or_else(|| panic!("not an https address: {url}"));
                assert!(
                    host.ends_with("alibabacloud.com") || host.ends_with("aliyun.com"),
                    "{url} is not Alibaba Cloud's documentation"
                );
            }
            let text = step["text"].as_str().unwrap();
            let unfilled = text
                .match_indices('{')
                .any(|(at, _)| !text[..at].ends_with('$'));
            assert!(!unfilled, "unfilled placeholder: {text}");
        }
        // Text and Markdown print each step with its addresses.
        for lang in ["en", "zh"] {
            let text = recommend(lang, "text", &[], &set);
            let md = recommend(lang, "markdown", &[], &set);
            for (i, step) in steps.iter().enumerate() {
                let first = step["docs"][0].as_str().unwrap();
                assert!(text.contains(&format!("  {}. ", i + 1)), "{text}");
                assert!(text.contains(first), "{first} missing:\n{text}");
                assert!(md.contains(&format!("{}. ", i + 1)), "{md}");
                assert!(md.contains(&format!("<{first}>")), "{first} missing:\n{md}");
            }
        }
    }
}

#[test]
fn next_steps_are_filled_in_from_the_answers() {
    let text = recommend("en", "text", &[], POSTGRESQL_VPC);
    assert!(text.contains("Collect the PostgreSQL HostName"), "{text}");
    assert!(
        text.contains("In China (Hangzhou) cn-hangzhou, send one"),
        "{text}"
    );
    // Settings a plan would give are left for the reader to fill in.
    assert!(text.contains("VpcId <vpc-id>"), "{text}");
    let zh = recommend("zh", "text", &[], POSTGRESQL_VPC);
    assert!(zh.contains("在华东1（杭州）cn-hangzhou发送"), "{zh}");
    let lark = recommend(
        "en",
        "text",
        &[],
        &[
            "--goal",
            "send-events",
            "--target",
            "lark",
            "--automation",
            "no",
            "--can-code",
            "no",
        ],
    );
    assert!(lark.contains("Add the Lark robot's webhook URL"), "{lark}");
}

#[test]
fn the_short_verdict_names_covered_findings_once_and_detail_shows_everything() {
    // The page's findings (api-cdc-manual-connection): `--trust page`.
    let short = recommend("en", "text", &["--trust", "page"], POSTGRESQL_VPC);
    assert!(
        short.contains("info vpc-private-network, api-cdc-manual-connection → step 2"),
        "{short}"
    );
    assert!(!short.contains("Key facts"), "{short}");
    let detail = recommend(
        "en",
        "text",
        &["--trust", "page", "--detail"],
        POSTGRESQL_VPC,
    );
    for part in [
        "Key facts",
        "When to use",
        "When not to use",
        "Known limitations",
        "source: ",
        "info vpc-private-network: For a database in a VPC",
        "best for MySQL/PostgreSQL",
    ] {
        assert!(
            detail.contains(part),
            "{part:?} missing from --detail:\n{detail}"
        );
    }
    let explain = recommend(
        "en",
        "text",
        &["--trust", "page", "--explain"],
        POSTGRESQL_VPC,
    );
    assert!(explain.contains("Trace"), "{explain}");
    assert!(
        explain.contains("✓ rule cdc-supported-database → api-cdc"),
        "{explain}"
    );
}

#[test]
fn each_contested_premise_is_one_numbered_footnote() {
    // Under the page, the documentation's word on three premises (billing, discovery,
    // signing); under the default (docs), the page's word on two (billing, Bearer token).
    for (lang, trust, heading, count) in [
        ("en", "page", "The documentation says otherwise", 3),
        ("zh", "page", "文档的说法不同", 3),
        ("en", "docs", "“Integrate events” says otherwise", 2),
        ("zh", "docs", "《集成事件》的说法不同", 2),
    ] {
        let extra: &[&str] = if trust == "page" {
            &["--trust", "page"]
        } else {
            &[]
        };
        let text = recommend(lang, "text", extra, POSTGRESQL_VPC);
        assert_eq!(text.matches(heading).count(), 1, "{text}");
        let notes = &text[text.find(heading).unwrap()..];
        for n in 1..=count {
            assert!(notes.contains(&format!("  [{n}] ")), "note {n}:\n{text}");
            let before = &text[..text.find(heading).unwrap()];
            assert!(
                before.contains(&format!("[{n}]")),
                "nothing points at [{n}]:\n{text}"
            );
        }
        assert!(!notes.contains(&format!("  [{}] ", count + 1)), "{text}");
        // The billing note is said once, though the cost and a finding both cite it.
        assert_eq!(
            text.matches("billing-of-event-streams").count(),
            1,
            "{text}"
        );
    }
}

#[test]
fn the_no_path_verdict_says_each_sentence_once() {
    for lang in ["en", "zh"] {
        let out = recommend(lang, "text", &[], NO_PATH);
        let mut sentences = Vec::new();
        for line in out.lines() {
            let body = line.trim();
            for sentence in body.split_inclusive(['.', '。']) {
                let sentence = sentence.trim();
                if sentence.len() > 12 {
                    sentences.push(sentence);
                }
            }
        }
        let twice = repeated(sentences);
        assert!(twice.is_empty(), "{twice:?} said twice:\n{out}");
        let others: Vec<&str> = out
            .lines()
            .skip_while(|l| {
                !l.starts_with("Why not the others") && !l.starts_with("为何不选其他方案")
            })
            .skip(1)
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(!others.is_empty(), "{out}");
        assert!(repeated(others.iter().copied()).is_empty(), "{out}");
        // "none" is not a path.
        assert!(
            !out.contains("lead to none") && !out.contains("→ none"),
            "{out}"
        );
    }
    let explain = recommend("en", "text", &["--explain"], NO_PATH);
    assert!(explain.contains("→ no supported path"), "{explain}");
}

#[test]
fn the_free_quota_findings_fit_the_volume() {
    // The free quotas are the page's: `--trust page`.
    let page: &[&str] = &["--trust", "page"];
    let with = recommend("en", "json", page, POSTGRESQL_VPC);
    let with: serde_json::Value = serde_json::from_str(&with).unwrap();
    let quota = finding(&with, "postgresql-free-quota");
    assert!(
        quota["message"]
            .as_str()
            .unwrap()
            .contains("49,000 of your 50,000"),
        "{quota}"
    );
    assert!(
        !quota["remedy"].as_str().unwrap().contains("monthly volume"),
        "{quota}"
    );
    let text = recommend("en", "text", page, POSTGRESQL_VPC);
    assert!(!text.contains("give the monthly volume"), "{text}");

    let without: Vec<&str> = POSTGRESQL_VPC[..POSTGRESQL_VPC.len() - 2].to_vec();
    let without: serde_json::Value =
        serde_json::from_str(&recommend("en", "json", page, &without)).unwrap();
    let quota = finding(&without, "postgresql-free-quota");
    assert!(
        quota["remedy"]
            .as_str()
            .unwrap()
            .contains("--monthly-volume"),
        "{quota}"
    );

    let dingtalk = [
        "--goal",
        "send-events",
        "--target",
        "dingtalk",
        "--automation",
        "no",
        "--can-code",
        "no",
    ];
    let mut with_volume = dingtalk.to_vec();
    with_volume.extend(["--monthly-volume", "1100"]);
    for lang in ["en", "zh"] {
        let text = recommend(lang, "text", page, &with_volume);
        assert!(!text.contains("--monthly-volume"), "{text}");
        assert!(text.contains("1,000") && text.contains("1,100"), "{text}");
        let text = recommend(lang, "text", page, &dingtalk);
        assert!(text.contains("--monthly-volume"), "{text}");
    }
}

fn finding<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {json}"))
}

#[test]
fn an_outcome_without_prices_says_why_no_cost_is_shown() {
    // Under the page a custom app goes to fc-api-gateway, which has no prices.
    let page: &[&str] = &["--trust", "page"];
    let custom = [
        "--goal",
        "receive-app-events",
        "--source",
        "custom-app",
        "--automation",
        "no",
        "--can-code",
        "yes",
        "--monthly-volume",
        "5000",
    ];
    let text = recommend("en", "text", page, &custom);
    assert!(text.contains("Cost: no estimate, because"), "{text}");
    let zh = recommend("zh", "text", page, &custom);
    assert!(zh.contains("费用：无法估算"), "{zh}");
    let md = recommend("en", "markdown", page, &custom);
    assert!(md.contains("no estimate, because"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&recommend("en", "json", page, &custom)).unwrap();
    assert!(json["cost"].is_null(), "{json}");
    assert!(
        json["no_estimate"].as_str().unwrap().contains("no prices"),
        "{json}"
    );
    // No volume, nothing to explain.
    let text = recommend("en", "text", page, &custom[..8]);
    assert!(!text.contains("Cost:"), "{text}");
}

fn check(dir: &Path, plan: &str, text: &str, format: &str) -> String {
    std::fs::write(dir.join(plan), text).unwrap();
    let out = command(&["check", "--verbose", "--format", format, plan])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_plan_that_defines_its_event_pattern_is_not_told_about_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let answers = "answers: { goal: send-events, target: lark, automation: no, can-code: no }\n";
    let with = format!("path: console-webhook\n{answers}settings:\n  event-pattern: '{{\"source\": [\"orders\"]}}'\n");
    let out = check(dir.path(), "with.eb-plan.yaml", &with, "json");
    assert!(!out.contains("empty-event-pattern"), "{out}");
    let without = format!("path: console-webhook\n{answers}");
    let out = check(dir.path(), "without.eb-plan.yaml", &without, "json");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found = json["plans"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "empty-event-pattern")
        .unwrap_or_else(|| panic!("{out}"))
        .clone();
    assert_eq!(found["severity"], "warning");
}

#[test]
fn a_plan_for_answers_without_a_path_is_told_so_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let plan = "path: api-cdc\nanswers: { goal: capture-db-changes, database: other, network: public, region: cn-beijing, automation: no, can-code: yes }\n";
    let en = check(dir.path(), "none.eb-plan.yaml", plan, "text");
    assert!(
        en.contains("The plan chose api-cdc, but these answers have no supported path."),
        "{en}"
    );
    assert!(!en.contains("lead to none"), "{en}");
    let out = command(&["--lang", "zh", "check", "none.eb-plan.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let zh = String::from_utf8(out.stdout).unwrap();
    assert!(zh.contains("但这些回答没有可用的路径"), "{zh}");
}

#[test]
fn bad_next_steps_and_placeholders_are_load_errors_at_their_line() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/eventbridge-integrate-events.yaml"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "          - https://www.alibabacloud.com/help/en/eventbridge/developer-reference/api-eventbridge-2020-04-01-discovereventsource\n",
            "          - http://example.com/discovereventsource\n",
            "is not an address; expected https://",
        ),
        (
            "        covers: [api-cdc-connection-discovery]",
            "        covers: [no-such-finding]",
            "unknown finding `no-such-finding` in `covers`",
        ),
        (
            "{cost.billable} of your {monthly-volume} are billed.",
            "{cost.billable} of your {monthly-volum} are billed.",
            "unknown placeholder `{monthly-volum}`",
        ),
    ];
    for (from, to, expected) in cases {
        assert_eq!(source.matches(from).count(), 1, "{from}");
        let edited = source.replacen(from, to, 1);
        let line = source[..source.find(from).unwrap()].lines().count() + 1;
        let file = dir.path().join("bad.yaml");
        std::fs::write(&file, &edited).unwrap();
        let out = command(&["--rules", file.to_str().unwrap(), "paths"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{expected:?} missing: {stderr}");
        assert!(
            stderr.contains("bad.yaml:"),
            "no file and line (expected near line {line}): {stderr}"
        );
    }
}

#[test]
fn the_readme_shows_the_verdict_as_it_is() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let command_line = "$ eb-advisor recommend --goal capture-db-changes --database postgresql --network vpc \\\n    --region cn-hangzhou --automation yes --can-code yes --monthly-volume 50000\n";
    let start = readme
        .find(command_line)
        .expect("the README shows the verdict")
        + command_line.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let mut args = vec!["recommend"];
    args.extend_from_slice(POSTGRESQL_VPC);
    let out = run_with(&args, Some("100"));
    assert_eq!(
        shown, out.stdout,
        "the README's verdict is out of date; paste the output of\n  COLUMNS=100 eb-advisor recommend {}",
        POSTGRESQL_VPC.join(" ")
    );
}

#[test]
fn a_plan_check_fills_the_next_steps_in_from_the_plans_settings() {
    let dir = tempfile::tempdir().unwrap();
    let plan = "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  database: postgresql\n  network: vpc\n  region: cn-shanghai\n  automation: yes\n  can-code: yes\nsettings:\n  vpc-id: vpc-123\n  vswitch-ids: [vsw-1, vsw-2]\n  security-group-id: sg-1\n  password: ${ORDERS_DB_PASSWORD}\n";
    let out = check(dir.path(), "orders.eb-plan.yaml", plan, "json");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let steps = json["plans"][0]["next_steps"].as_array().unwrap();
    let texts: Vec<&str> = steps.iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("VpcId vpc-123, VSwitchIds vsw-1, vsw-2, SecurityGroupId sg-1")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("China (Shanghai) cn-shanghai")),
        "{texts:?}"
    );
    assert!(!out.contains("ORDERS_DB_PASSWORD\","), "{out}");
    let md = check(dir.path(), "orders.eb-plan.yaml", plan, "markdown");
    assert!(
        md.contains("<details><summary>Next steps for orders.eb-plan.yaml</summary>"),
        "{md}"
    );
    assert!(md.contains("VpcId vpc-123"), "{md}");
    assert!(
        md.contains("(<https://www.alibabacloud.com/help/en/eventbridge/createeventstreaming>)"),
        "{md}"
    );
    // A plan on another path than its answers lead to gets no steps for either.
    let mismatch = plan.replace("path: api-cdc", "path: console-webhook");
    let out = check(dir.path(), "mismatch.eb-plan.yaml", &mismatch, "json");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["plans"][0]["next_steps"],
        serde_json::json!([]),
        "{out}"
    );
}

/// Wrapped to a terminal's width, every address still stands whole on one line, also one
/// with hyphens that a line end would otherwise split at (`...http-api-` / `operation-...`).
#[test]
fn wrapping_never_breaks_an_address() {
    let mut args = vec!["--lang", "en", "recommend"];
    args.extend_from_slice(DINGTALK_AUTOMATED);
    let whole = run(&args).stdout;
    let mut expected = https_addresses(&whole);
    expected.sort_unstable();
    expected.dedup();
    assert!(
        expected.iter().any(|a| a.len() > 60 && a.contains('-')),
        "no long hyphenated address to test with: {expected:?}"
    );
    for columns in ["100", "80", "60"] {
        let wrapped = run_with(&args, Some(columns)).stdout;
        let mut found = https_addresses(&wrapped);
        found.sort_unstable();
        found.dedup();
        assert_eq!(found, expected, "at {columns} columns:\n{wrapped}");
    }
}
