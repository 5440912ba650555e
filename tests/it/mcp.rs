//! `eb-advisor mcp` end to end: the real binary as a child process, spoken to by the
//! official Rust SDK's client, and by hand with hostile input.
//!
//! Every structured result is compared with what the matching command prints, run from
//! the same binary: the agent and CI must be told the same thing. Each exchange has a
//! generous deadline, so that a hang fails the test instead of stalling the suite.

use crate::support;

use support::{command, scrub, BIN};

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use rmcp::model::{CallToolRequestParams, CallToolResult, ReadResourceRequestParams};
use rmcp::service::RunningService;
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use rmcp::{RoleClient, ServiceExt};
use serde_json::{json, Value};

/// The server program, which `eb-advisor mcp` runs.
const SERVER_BIN: &str = env!("CARGO_BIN_EXE_eb-advisor-mcp");
/// Long enough for a slow, loaded machine; short enough that a hang is noticed.
const DEADLINE: Duration = Duration::from_secs(60);

fn pg_vpc_answers() -> Value {
    json!({
        "goal": "capture-db-changes",
        "database": "postgresql",
        "network": "vpc",
        "region": "cn-hangzhou",
        "automation": "yes",
        "can-code": "yes",
        "monthly-volume": 5000
    })
}

/// The CLI's output, as JSON.
fn cli_json(args: &[&str]) -> Value {
    serde_json::from_str(&cli_text(args)).expect("the CLI printed JSON")
}

fn cli_text(args: &[&str]) -> String {
    let out = command()
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("the binary runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn cli_stderr(args: &[&str]) -> String {
    let out = command()
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("the binary runs");
    String::from_utf8(out.stderr).expect("UTF-8")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

async fn connect(extra: &[&str]) -> RunningService<RoleClient, ()> {
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    let command = tokio::process::Command::from(command()).configure(|cmd| {
        cmd.args(["--lang", "en"]).args(&extra).arg("mcp");
    });
    let (transport, _) = TokioChildProcess::builder(command)
        .stderr(Stdio::null())
        .spawn()
        .expect("eb-advisor mcp starts");
    tokio::time::timeout(DEADLINE, ().serve(transport))
        .await
        .expect("initialize answers in time")
        .expect("initialize succeeds")
}

async fn call(client: &RunningService<RoleClient, ()>, tool: &str, args: Value) -> CallToolResult {
    let Value::Object(args) = args else {
        panic!("arguments are an object")
    };
    let params = CallToolRequestParams::new(tool.to_string()).with_arguments(args);
    tokio::time::timeout(DEADLINE, client.call_tool(params))
        .await
        .expect("the call answers in time")
        .expect("the call is not a protocol error")
}

fn structured(result: &CallToolResult) -> &Value {
    result
        .structured_content
        .as_ref()
        .expect("structured content")
}

fn text(result: &CallToolResult, i: usize) -> &str {
    &result.content[i].as_text().expect("text content").text
}

fn is_error(result: &CallToolResult) -> bool {
    result.is_error == Some(true)
}

/// The problems of a tool error: (at, message, suggestion).
fn problems(result: &CallToolResult) -> Vec<(String, String, Option<String>)> {
    assert!(is_error(result), "a tool error: {result:?}");
    structured(result)["error"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["at"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
                p["suggestion"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn initialize_lists_five_tools_with_schemas_from_the_rulebook() {
    runtime().block_on(async {
        let client = connect(&[]).await;
        let info = client.peer_info().expect("server info");
        assert_eq!(info.server_info.as_ref().unwrap().name, "eb-advisor");
        assert!(info.capabilities.tools.is_some() && info.capabilities.resources.is_some());

        let tools = client.list_all_tools().await.unwrap();
        let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "check_plan",
                "draft_plan",
                "explain_path",
                "questions",
                "recommend"
            ]
        );
        let schema = |name: &str| {
            let tool = tools.iter().find(|t| t.name == name).unwrap();
            assert_eq!(
                tool.annotations.as_ref().unwrap().read_only_hint,
                Some(true)
            );
            Value::Object((*tool.input_schema).clone())
        };
        // Question ids and values are enums taken from the rulebook.
        let recommend = schema("recommend");
        assert_eq!(
            recommend["properties"]["answers"]["properties"]["database"]["enum"],
            json!(["mysql", "postgresql", "other"])
        );
        assert_eq!(recommend["required"], json!(["answers"]));
        assert_eq!(
            recommend["properties"]["answers"]["additionalProperties"],
            json!(false)
        );
        let questions = schema("questions");
        assert!(
            questions["properties"]["answers"].get("required").is_none(),
            "any subset"
        );
        let paths = schema("explain_path");
        let ids: Vec<Value> = cli_json(&["paths", "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["path"].clone())
            .collect();
        assert_eq!(paths["properties"]["path"]["enum"], Value::Array(ids));
        assert!(schema("draft_plan")["properties"]["settings"]["properties"]
            .get("vpc-id")
            .is_some());
        client.cancel().await.unwrap();
    });
}

#[test]
fn recommend_is_exactly_the_json_the_command_prints() {
    runtime().block_on(async {
        // The page's verdict (CNY): the server and the command both run with --trust page.
        let client = connect(&["--trust", "page"]).await;
        let result = call(&client, "recommend", json!({ "answers": pg_vpc_answers() })).await;
        assert!(!is_error(&result));
        let mut args = vec!["--trust", "page", "recommend", "--format", "json"];
        args.extend_from_slice(support::POSTGRESQL_CDC);
        let expected = cli_json(&args);
        assert_eq!(structured(&result), &expected);
        assert_eq!(expected["recommendation"]["path"], "api-cdc");
        // The summary is `recommend --format text`, compact: the path, each finding by id
        // (with its message, or the step that carries out its advice), the cost. The JSON
        // is not repeated as text.
        let summary = text(&result, 0);
        assert!(summary.contains("(api-cdc)"), "{summary}");
        for finding in expected["findings"].as_array().unwrap() {
            let id = finding["id"].as_str().unwrap();
            assert!(summary.contains(id), "{id}\n{summary}");
        }
        assert!(summary.contains("0.4 CNY"), "the cost: {summary}");
        assert_eq!(result.content.len(), 1, "the summary alone");

        // In Chinese on request; the structured result stays the same.
        let zh = call(
            &client,
            "recommend",
            json!({ "answers": pg_vpc_answers(), "lang": "zh" }),
        )
        .await;
        assert!(text(&zh, 0).contains("推荐路径"), "{}", text(&zh, 0));
        assert_eq!(structured(&zh), &expected);
        client.cancel().await.unwrap();
    });
}

/// Answers whose path depends on the source of truth: fc-api-gateway under the page,
/// console-webhook under the documentation (tests/it/premises.rs has the CLI's side).
const CUSTOM_APP: &[&str] = &[
    "--goal",
    "receive-app-events",
    "--source",
    "custom-app",
    "--automation",
    "no",
    "--can-code",
    "yes",
];

fn custom_app_answers() -> Value {
    json!({
        "goal": "receive-app-events",
        "source": "custom-app",
        "automation": "no",
        "can-code": "yes"
    })
}

fn custom_app_cli(more: &[&str]) -> Value {
    let mut args = vec!["recommend", "--format", "json"];
    args.extend_from_slice(CUSTOM_APP);
    args.extend_from_slice(more);
    cli_json(&args)
}

#[test]
fn trust_is_set_as_for_the_cli_and_a_call_can_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("app.eb-plan.yaml");
    let plan_text = "path: console-webhook\nanswers:\n  goal: receive-app-events\n  source: custom-app\n  automation: no\n  can-code: yes\nsettings:\n  event-pattern: { source: [my.app] }\n";
    std::fs::write(&plan, plan_text).unwrap();
    let file = plan.to_str().unwrap();
    let check_cli = |more: &[&str]| {
        let mut args = vec!["check", file, "--format", "json"];
        args.extend_from_slice(more);
        cli_json(&args)
    };
    let policy = dir.path().join("team.yaml");
    std::fs::write(&policy, "trust: page\n").unwrap();
    let policy = policy.to_str().unwrap().to_string();
    runtime().block_on(async {
        // The default: the documentation (the rulebook's `default-trust: docs`), as for
        // `recommend` without --trust.
        let client = connect(&[]).await;
        let tools = client.list_all_tools().await.unwrap();
        for name in ["recommend", "check_plan"] {
            let tool = tools.iter().find(|t| t.name == name).unwrap();
            assert_eq!(
                tool.input_schema["properties"]["trust"]["enum"],
                json!(["page", "docs"]),
                "{name}: the values --trust takes"
            );
        }
        let docs = call(
            &client,
            "recommend",
            json!({ "answers": custom_app_answers() }),
        )
        .await;
        let docs_cli = custom_app_cli(&[]);
        assert_eq!(structured(&docs), &docs_cli);
        assert_eq!(docs_cli["trust"], "docs");
        assert!(
            text(&docs, 0).contains("Under --trust page"),
            "the summary says what the other source would change: {}",
            text(&docs, 0)
        );
        // Overridden for one call: exactly `recommend --trust page`.
        let page = call(
            &client,
            "recommend",
            json!({ "answers": custom_app_answers(), "trust": "page" }),
        )
        .await;
        let page_cli = custom_app_cli(&["--trust", "page"]);
        assert_eq!(structured(&page), &page_cli);
        assert_eq!(page_cli["trust"], "page");
        assert_ne!(
            docs_cli["recommendation"]["path"],
            page_cli["recommendation"]["path"]
        );
        let checked = call(
            &client,
            "check_plan",
            json!({ "text": plan_text, "file": file, "trust": "page" }),
        )
        .await;
        assert_eq!(structured(&checked), &check_cli(&["--trust", "page"]));
        assert!(
            !is_error(&checked),
            "findings are a result, not a tool error"
        );
        assert_eq!(structured(&checked)["summary"]["failed"], 1);
        let checked = call(
            &client,
            "check_plan",
            json!({ "text": plan_text, "file": file }),
        )
        .await;
        assert_eq!(structured(&checked), &check_cli(&[]));
        assert_eq!(structured(&checked)["summary"]["failed"], 0);
        // A value --trust does not take: the tool error names the values, and the near one.
        let bad = call(
            &client,
            "recommend",
            json!({ "answers": custom_app_answers(), "trust": "doc" }),
        )
        .await;
        let (at, message, suggestion) = problems(&bad).remove(0);
        assert_eq!(at, "/trust");
        assert!(message.contains("page, docs"), "{message}");
        assert_eq!(suggestion.as_deref(), Some("docs"));
        client.cancel().await.unwrap();

        // Started with --trust page, or under a policy that says so: every call's default.
        for started in [vec!["--trust", "page"], vec!["--config", policy.as_str()]] {
            let client = connect(&started).await;
            let page = call(
                &client,
                "recommend",
                json!({ "answers": custom_app_answers() }),
            )
            .await;
            assert_eq!(structured(&page), &page_cli, "{started:?}");
            let docs = call(
                &client,
                "recommend",
                json!({ "answers": custom_app_answers(), "trust": "docs" }),
            )
            .await;
            assert_eq!(structured(&docs), &docs_cli, "{started:?}");
            client.cancel().await.unwrap();
        }
    });
}

#[test]
fn recommend_errors_carry_the_cli_messages_and_suggestions() {
    runtime().block_on(async {
        let client = connect(&[]).await;
        let mut answers = pg_vpc_answers();
        answers["databse"] = json!("postgresql");
        answers["database"] = json!("postgresq");
        let result = call(&client, "recommend", json!({ "answers": answers })).await;
        let found = problems(&result);
        assert_eq!(found.len(), 2, "every problem at once: {found:?}");
        // The messages `--answer ID=VALUE` gives, after its `error: --answer …: ` prefix.
        let cli = cli_stderr(&["recommend", "--answer", "databse=postgresql"]);
        let (at, message, suggestion) = found.iter().find(|p| p.0 == "/answers/databse").unwrap();
        assert_eq!(at, "/answers/databse");
        assert_eq!(
            cli.trim_end(),
            format!("error: --answer databse=postgresql: {message}")
        );
        assert_eq!(suggestion.as_deref(), Some("database"));
        let cli = cli_stderr(&["recommend", "--answer", "database=postgresq"]);
        let (_, message, suggestion) = found.iter().find(|p| p.0 == "/answers/database").unwrap();
        assert_eq!(
            cli.trim_end(),
            format!("error: --answer database=postgresq: {message}")
        );
        assert!(message.contains("did you mean `postgresql`?"), "{message}");
        assert_eq!(suggestion.as_deref(), Some("postgresql"));
        assert!(text(&result, 0).contains("answers.database:"));

        // Missing answers: each named, with what to call next.
        let result = call(
            &client,
            "recommend",
            json!({ "answers": { "goal": "capture-db-changes" } }),
        )
        .await;
        assert!(is_error(&result));
        assert_eq!(
            structured(&result)["error"]["missing"],
            json!(["database", "network", "region", "automation", "can-code"])
        );
        assert!(text(&result, 0).contains("`questions`"));

        // Arguments of the wrong name or shape.
        let result = call(&client, "recommend", json!({ "answer": {} })).await;
        let found = problems(&result);
        assert_eq!(found[0].0, "/answer");
        assert_eq!(found[0].2.as_deref(), Some("answers"));
        assert_eq!(found[1].1, "missing argument `answers`");
        let result = call(
            &client,
            "recommend",
            json!({ "answers": "goal=send-events" }),
        )
        .await;
        assert!(problems(&result)[0]
            .1
            .contains("found a string; expected a mapping"));
        let result = call(
            &client,
            "recommend",
            json!({ "answers": { "monthly-volume": -3 } }),
        )
        .await;
        assert!(problems(&result)[0]
            .1
            .contains("`-3` is not a valid answer to `monthly-volume`"));
        let result = call(
            &client,
            "recommend",
            json!({ "answers": pg_vpc_answers(), "lang": "fr" }),
        )
        .await;
        assert_eq!(problems(&result)[0].0, "/lang");

        // An unknown tool is a protocol error (as the protocol asks), with a suggestion.
        let params = CallToolRequestParams::new("recomend");
        let error = client.call_tool(params).await.expect_err("unknown tool");
        assert!(
            error.to_string().contains("did you mean `recommend`?"),
            "{error}"
        );
        client.cancel().await.unwrap();
    });
}

#[test]
fn questions_follow_the_answers_given() {
    runtime().block_on(async {
        let client = connect(&[]).await;
        let result = call(
            &client,
            "questions",
            json!({ "answers": { "goal": "capture-db-changes" } }),
        )
        .await;
        assert!(!is_error(&result));
        let view = structured(&result);
        let ids: Vec<&str> = view["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "goal",
                "database",
                "network",
                "region",
                "automation",
                "can-code",
                "monthly-volume"
            ]
        );
        assert_eq!(view["next"], "database");
        assert_eq!(view["complete"], false);
        assert_eq!(view["questions"][0]["answer"], "capture-db-changes");
        let database = &view["questions"][1];
        assert_eq!(database["kind"], "choice");
        assert_eq!(database["values"][1]["value"], "postgresql");
        assert!(text(&result, 0).starts_with("Next question `database`"));

        // Nothing given: the questions every run asks, goal first.
        let result = call(&client, "questions", json!({})).await;
        let first = &structured(&result)["questions"][0];
        assert_eq!(first["id"], "goal");
        assert!(structured(&result)["questions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["id"] != "database" && q["id"] != "source"));

        // Answers that settle the verdict (no path takes this database): nothing more is
        // asked, as in the questionnaire, and `recommend` decides without the rest.
        let answers = json!({ "goal": "capture-db-changes", "database": "other" });
        let result = call(&client, "questions", json!({ "answers": answers })).await;
        let view = structured(&result);
        assert_eq!(
            (
                &view["next"],
                &view["missing"],
                &view["settled"],
                &view["complete"]
            ),
            (&Value::Null, &json!([]), &json!(true), &json!(true))
        );
        assert!(
            text(&result, 0).contains("settle the verdict"),
            "{}",
            text(&result, 0)
        );
        let verdict = call(&client, "recommend", json!({ "answers": answers })).await;
        assert_eq!(
            structured(&verdict),
            &cli_json(&[
                "recommend",
                "--goal",
                "capture-db-changes",
                "--database",
                "other",
                "--format",
                "json"
            ])
        );

        // A question the other answers do not lead to is reported as ignored.
        let result = call(
            &client,
            "questions",
            json!({ "answers": { "goal": "send-events", "database": "mysql" } }),
        )
        .await;
        assert_eq!(structured(&result)["ignored"], json!(["database"]));
        let ids: Vec<&str> = structured(&result)["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["id"].as_str().unwrap())
            .collect();
        assert!(
            ids.contains(&"target") && !ids.contains(&"database"),
            "{ids:?}"
        );
        client.cancel().await.unwrap();
    });
}

#[test]
fn check_plan_is_exactly_the_json_check_prints() {
    let plan = "examples/plans/api-cdc-postgresql-vpc.eb-plan.yaml";
    let typo = "examples/plans/typo.eb-plan.yaml";
    runtime().block_on(async {
        let client = connect(&[]).await;
        for (file, failing) in [(plan, false), (typo, true)] {
            let text_of_plan = std::fs::read_to_string(file).unwrap();
            let result = call(
                &client,
                "check_plan",
                json!({ "text": text_of_plan, "file": file }),
            )
            .await;
            let expected = cli_json(&["check", file, "--format", "json"]);
            assert_eq!(structured(&result), &expected, "{file}");
            assert_eq!(is_error(&result), failing, "{file}");
        }
        let result = call(
            &client,
            "check_plan",
            json!({ "text": std::fs::read_to_string(typo).unwrap() }),
        )
        .await;
        let findings = &structured(&result)["plans"][0]["findings"];
        assert_eq!(structured(&result)["plans"][0]["file"], "<plan>");
        let vpn = findings
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["message"].as_str().unwrap().contains("`vpn`"))
            .unwrap();
        assert_eq!(
            (
                vpn["id"].as_str(),
                vpn["line"].as_u64(),
                vpn["column"].as_u64()
            ),
            (Some("invalid-plan"), Some(7), Some(12))
        );
        assert!(vpn["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `vpc`?"));
        assert!(text(&result, 0).contains("7:12"), "{}", text(&result, 0));

        // Not YAML at all: still a report, with the position.
        let result = call(
            &client,
            "check_plan",
            json!({ "text": "path: [unclosed\n" }),
        )
        .await;
        assert!(is_error(&result));
        let finding = &structured(&result)["plans"][0]["findings"][0];
        assert_eq!(finding["id"], "invalid-plan");
        assert!(finding["message"]
            .as_str()
            .unwrap()
            .starts_with("not valid YAML"));

        // A plan over the file size limit is refused as a file would be.
        let client_small = connect(&["--max-file-size", "100"]).await;
        let big = format!("path: api-cdc\n# {}\n", "x".repeat(200));
        let result = call(&client_small, "check_plan", json!({ "text": big })).await;
        let message = structured(&result)["plans"][0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            message.contains("larger than the limit of 100 bytes"),
            "{message}"
        );
        client_small.cancel().await.unwrap();

        // --fail-level, and arguments of the wrong shape.
        let plan_text = std::fs::read_to_string(plan).unwrap();
        let result = call(
            &client,
            "check_plan",
            json!({ "text": plan_text, "fail_level": "never" }),
        )
        .await;
        assert_eq!(structured(&result)["fail_level"], "never");
        let result = call(&client, "check_plan", json!({ "text": 5 })).await;
        assert!(problems(&result)[0]
            .1
            .contains("found a number; expected a string"));
        let result = call(
            &client,
            "check_plan",
            json!({ "text": "", "fail_level": "warn" }),
        )
        .await;
        assert_eq!(problems(&result)[0].2.as_deref(), Some("warning"));
        client.cancel().await.unwrap();
    });
}

#[test]
fn explain_path_is_exactly_paths_id() {
    runtime().block_on(async {
        let client = connect(&[]).await;
        for id in ["api-cdc", "console-webhook", "fc-api-gateway"] {
            let result = call(&client, "explain_path", json!({ "path": id })).await;
            assert_eq!(
                structured(&result),
                &cli_json(&["paths", id, "--format", "json"])
            );
            assert!(text(&result, 0).starts_with(id));
        }
        let result = call(&client, "explain_path", json!({ "path": "api-cd" })).await;
        let (at, message, suggestion) = problems(&result).remove(0);
        assert_eq!(at, "/path");
        assert_eq!(
            cli_stderr(&["paths", "api-cd"]).trim_end(),
            format!("error: {message}")
        );
        assert_eq!(suggestion.as_deref(), Some("api-cdc"));
        client.cancel().await.unwrap();
    });
}

#[test]
fn draft_plan_is_the_plan_ask_saves_and_settings_fill_it_in() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved.eb-plan.yaml");
    let mut args = vec!["ask"];
    args.extend_from_slice(support::POSTGRESQL_CDC);
    args.extend(["--save-plan", saved.to_str().unwrap()]);
    let status = command()
        .args(["--lang", "en"])
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success() || status.code() == Some(1));
    let expected = std::fs::read_to_string(&saved).unwrap();
    runtime().block_on(async {
        let client = connect(&[]).await;
        let result = call(
            &client,
            "draft_plan",
            json!({ "answers": pg_vpc_answers() }),
        )
        .await;
        assert!(!is_error(&result));
        assert_eq!(structured(&result)["plan"], expected);
        assert_eq!(text(&result, 1), expected, "the plan as its own block");
        // Placeholders left: the check says what is missing.
        let check = &structured(&result)["check"];
        assert!(check["plans"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "vpc-settings-missing"));

        let settings = json!({
            "vpc-id": "vpc-123",
            "vswitch-ids": ["vsw-1", "vsw-2"],
            "security-group-id": "sg-1",
            "password": "${ORDERS_DB_PASSWORD}"
        });
        let result = call(
            &client,
            "draft_plan",
            json!({ "answers": pg_vpc_answers(), "settings": settings }),
        )
        .await;
        let plan = structured(&result)["plan"].as_str().unwrap().to_string();
        assert!(plan.contains("  vpc-id: vpc-123\n"), "{plan}");
        assert!(plan.contains("  vswitch-ids: [vsw-1, vsw-2]\n"), "{plan}");
        assert!(
            !plan.contains("#  vpc-id"),
            "no placeholder for a given setting: {plan}"
        );
        // The drafted file, checked by `check` itself: no settings finding any more.
        let file = dir.path().join("drafted.eb-plan.yaml");
        std::fs::write(&file, &plan).unwrap();
        let checked = cli_json(&["check", file.to_str().unwrap(), "--format", "json"]);
        let ids: Vec<&str> = checked["plans"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        assert!(
            !ids.contains(&"vpc-settings-missing") && !ids.contains(&"invalid-plan"),
            "{ids:?}"
        );

        // A literal secret is never written into a plan.
        let result = call(
            &client,
            "draft_plan",
            json!({ "answers": pg_vpc_answers(), "settings": { "password": "hunter2-literal" } }),
        )
        .await;
        assert!(is_error(&result));
        let said = serde_json::to_string(&result).unwrap();
        assert!(!said.contains("hunter2-literal"), "{said}");
        assert!(said.contains("password"), "{said}");

        // So is a chat robot's address, whose token is its credential, under any key:
        // one the rulebook does not declare, and one it declares that does not look
        // secret.
        let robots = [
            ("https://oapi.dingtalk.com/robot/send?access_token=", "D1NGT0K"),
            ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=", "W3C0MK3Y"),
            ("https://open.larksuite.com/open-apis/bot/v2/hook/", "L4RKT0K"),
            ("https://open.feishu.cn/open-apis/bot/v2/hook/", "F3ISHUT0K"),
        ];
        for (address, credential) in robots {
            for key in ["backup-hook", "host"] {
                let result = call(
                    &client,
                    "draft_plan",
                    json!({ "answers": pg_vpc_answers(), "settings": { key: format!("{address}{credential}") } }),
                )
                .await;
                let refused = problems(&result);
                assert!(
                    refused.iter().any(|(_, m, _)| m.contains(&format!("`{key}` holds a URL with a credential"))),
                    "{key}: {refused:?}"
                );
                let said = serde_json::to_string(&result).unwrap();
                assert!(!said.contains(credential), "{said}");
            }
        }

        // A misspelt settings key gets the nearest declared one; an event pattern that is
        // not a JSON object is refused, as `check` refuses it.
        let refused = problems(
            &call(
                &client,
                "draft_plan",
                json!({ "answers": pg_vpc_answers(), "settings": { "vpcid": "vpc-1", "event-pattern": "source=acs.rds" } }),
            )
            .await,
        );
        let messages: Vec<&str> = refused.iter().map(|(_, m, _)| m.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.starts_with("unknown settings key `vpcid` (did you mean `vpc-id`?)")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("`event-pattern` is not JSON")),
            "{messages:?}"
        );

        let result = call(
            &client,
            "draft_plan",
            json!({ "answers": { "goal": "send-events" } }),
        )
        .await;
        assert_eq!(
            structured(&result)["error"]["missing"],
            json!(["target", "automation", "can-code"])
        );
        client.cancel().await.unwrap();
    });
}

#[test]
fn resources_are_the_rulebook_the_plan_schema_and_the_paths_table() {
    runtime().block_on(async {
        let client = connect(&[]).await;
        let listed = client.list_all_resources().await.unwrap();
        let uris: Vec<&str> = listed.iter().map(|r| r.uri.as_str()).collect();
        assert_eq!(
            uris,
            [
                "eb-advisor://rulebook",
                "eb-advisor://schema/plan",
                "eb-advisor://paths"
            ]
        );
        let expected = [
            std::fs::read_to_string("rules/eventbridge-integrate-events.yaml").unwrap(),
            cli_text(&["rules", "schema", "plan"]),
            cli_text(&["paths", "--format", "markdown"]),
        ];
        for (uri, expected) in uris.iter().zip(expected) {
            let read = client
                .read_resource(ReadResourceRequestParams::new(uri.to_string()))
                .await
                .unwrap();
            let rmcp::model::ResourceContents::TextResourceContents { text, .. } =
                &read.contents[0]
            else {
                panic!("text contents")
            };
            assert_eq!(text, &expected, "{uri}");
        }
        let error = client
            .read_resource(ReadResourceRequestParams::new("eb-advisor://rulebok"))
            .await
            .expect_err("unknown resource");
        assert!(
            error
                .to_string()
                .contains("did you mean `eb-advisor://rulebook`?"),
            "{error}"
        );
        client.cancel().await.unwrap();
    });
}

#[test]
fn another_rulebook_is_served_with_its_own_tools_and_source() {
    // A rulebook on another topic: the same server, other questions and paths.
    let rules = "tests/fixtures/rulebooks/colour.yaml";
    runtime().block_on(async {
        let client = connect(&["--rules", rules]).await;
        let read = client
            .read_resource(ReadResourceRequestParams::new("eb-advisor://rulebook"))
            .await
            .unwrap();
        let rmcp::model::ResourceContents::TextResourceContents { text, .. } = &read.contents[0]
        else {
            panic!("text contents")
        };
        assert_eq!(text, &std::fs::read_to_string(rules).unwrap());
        let tools = client.list_all_tools().await.unwrap();
        let explain = tools.iter().find(|t| t.name == "explain_path").unwrap();
        let expected: Vec<Value> = cli_json(&["--rules", rules, "paths", "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["path"].clone())
            .collect();
        assert_eq!(
            explain.input_schema["properties"]["path"]["enum"],
            Value::Array(expected)
        );
        let result = call(
            &client,
            "recommend",
            json!({ "answers": { "colour": "red" } }),
        )
        .await;
        assert_eq!(
            structured(&result),
            &cli_json(&[
                "--rules",
                rules,
                "recommend",
                "--colour",
                "red",
                "--format",
                "json"
            ])
        );
        client.cancel().await.unwrap();
    });
}

#[test]
fn print_config_names_this_binary_for_each_client() {
    let real = std::fs::canonicalize(BIN).unwrap();
    for (client, key, typed) in [
        ("claude-code", "mcpServers", true),
        ("claude-desktop", "mcpServers", false),
        ("vscode", "servers", true),
        ("cursor", "mcpServers", false),
    ] {
        let out = command()
            .args(["mcp", "--print-config", client])
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap();
        assert!(out.status.success());
        let config: Value = serde_json::from_slice(&out.stdout).expect("JSON alone on stdout");
        let server = &config[key]["eb-advisor"];
        assert_eq!(server["command"], real.to_str().unwrap(), "{client}");
        assert_eq!(server["args"], json!(["mcp"]), "{client}");
        assert_eq!(server.get("type").is_some(), typed, "{client}");
        assert!(!out.stderr.is_empty(), "where it goes, on stderr");
    }
    // Run as the server program, it still names the CLI: the command users know.
    let out = scrub(&mut Command::new(SERVER_BIN))
        .args(["mcp", "--print-config", "cursor"])
        .output()
        .unwrap();
    let config: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        config["mcpServers"]["eb-advisor"]["command"],
        real.to_str().unwrap()
    );
    // The global options given are kept, with the rulebook's path made absolute.
    let out = command()
        .args([
            "--rules",
            "rules/eventbridge-integrate-events.yaml",
            "--max-file-size",
            "2097152",
            "--trust",
            "docs",
        ])
        .args(["mcp", "--print-config", "vscode"])
        .output()
        .unwrap();
    let config: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = std::fs::canonicalize("rules/eventbridge-integrate-events.yaml").unwrap();
    assert_eq!(
        config["servers"]["eb-advisor"]["args"],
        json!([
            "--rules",
            rules.to_str().unwrap(),
            "--max-file-size",
            "2097152",
            "--trust",
            "docs",
            "mcp"
        ])
    );
}

// ---------------------------------------------------------------------------------------
// Hostile input, by hand
// ---------------------------------------------------------------------------------------

/// The server with raw pipes: lines written, lines read (on a thread, so every read has
/// a deadline), stderr collected.
struct Raw {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    lines: mpsc::Receiver<String>,
    stderr: std::thread::JoinHandle<String>,
}

impl Raw {
    fn start() -> Raw {
        let mut child = command()
            .args(["--lang", "en", "mcp"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Raw {
            stdin: child.stdin.take(),
            child,
            lines,
            stderr,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn next(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(DEADLINE)
            .expect("an answer in time");
        serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("stdout carries JSON only ({e}): {line}"))
    }

    /// Closes stdin and waits for the exit (with a deadline): the exit status and stderr.
    fn close(mut self) -> (std::process::ExitStatus, String) {
        drop(self.stdin.take());
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("the server did not exit after stdin closed");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        (status, self.stderr.join().unwrap())
    }
}

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"hostile","version":"0"}}}"#;

#[test]
fn garbage_truncated_json_unknown_methods_and_huge_lines_are_answered_and_serving_goes_on() {
    let mut raw = Raw::start();
    // Before the handshake: a broken line gets a parse error, and the handshake still works.
    raw.send(b"\x00\xffnot json at all\n");
    let reply = raw.next();
    assert_eq!(reply["error"]["code"], -32700);
    assert!(reply["id"].is_null());
    raw.send(format!("{INITIALIZE}\n").as_bytes());
    assert_eq!(raw.next()["id"], 1);
    raw.send(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");

    raw.send(b"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/ca\n"); // truncated
    raw.send(b"[1, 2, 3]\n"); // JSON, not a message
    raw.send(b"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"no/such/method\"}\n");
    raw.send(
        b"{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":\"recommend\"}\n",
    );
    // 10 MiB in one line, well over the 4 MiB + 64 KiB a line may have.
    let mut huge = b"{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"check_plan\",\"arguments\":{\"text\":\"".to_vec();
    huge.resize(10 * 1024 * 1024, b'a');
    huge.extend_from_slice(b"\"}}}\n");
    raw.send(&huge);
    raw.send(b"{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"explain_path\",\"arguments\":{\"path\":\"api-cdc\"}}}\n");

    let mut replies: Vec<Value> = (0..6).map(|_| raw.next()).collect();
    replies.sort_by_key(|r| r["id"].as_i64().unwrap_or(0));
    let codes: Vec<(Value, Value)> = replies
        .iter()
        .map(|r| (r["id"].clone(), r["error"]["code"].clone()))
        .collect();
    assert_eq!(
        codes,
        [
            // truncated JSON, a list, the huge line: no id to answer to
            (Value::Null, json!(-32700)),
            (Value::Null, json!(-32600)),
            (Value::Null, json!(-32600)),
            (json!(3), json!(-32601)),
            (json!(4), json!(-32600)),
            (json!(6), Value::Null),
        ],
        "{replies:#?}"
    );
    assert!(replies[2]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("longer than the limit"));
    assert_eq!(replies[5]["result"]["structuredContent"]["path"], "api-cdc");

    let (status, stderr) = raw.close();
    assert!(status.success(), "{status:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("not JSON"),
        "problems are logged on stderr: {stderr}"
    );
}

#[test]
fn a_closed_stdin_ends_the_server_cleanly_at_any_point() {
    // Before anything was said.
    let (status, stderr) = Raw::start().close();
    assert!(status.success(), "{stderr}");
    // In the middle of a line.
    let mut raw = Raw::start();
    raw.send(INITIALIZE.as_bytes()[..40].as_ref());
    let (status, stderr) = raw.close();
    assert!(status.success(), "{stderr}");
    // Right after a request: its answer still arrives before the exit.
    let mut raw = Raw::start();
    raw.send(format!("{INITIALIZE}\n").as_bytes());
    raw.send(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
    raw.send(b"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"questions\",\"arguments\":{}}}\n");
    drop(raw.stdin.take());
    assert_eq!(raw.next()["id"], 1);
    assert_eq!(raw.next()["id"], 2);
    let (status, stderr) = raw.close();
    assert!(status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_client_that_stops_reading_does_not_keep_the_server_alive() {
    let mut child = command()
        .args(["mcp"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Its end of stdout closes; stdin stays open.
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(format!("{INITIALIZE}\n").as_bytes());
    let _ = stdin.write_all(b"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\n");
    let _ = stdin.flush();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("the server kept running with nobody to answer");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    drop(stdin);
}

#[test]
fn without_the_server_program_beside_it_mcp_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let alone = dir
        .path()
        .join(format!("eb-advisor{}", std::env::consts::EXE_SUFFIX));
    std::fs::copy(BIN, &alone).unwrap();
    for (lang, says) in [
        ("en", "the MCP server is not installed"),
        ("zh", "MCP 服务器未安装"),
    ] {
        let out = support::spawn_copied(
            scrub(&mut Command::new(&alone))
                .args(["--lang", lang, "mcp"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped()),
        )
        .wait_with_output()
        .unwrap();
        assert_eq!(out.status.code(), Some(2), "{lang}");
        assert!(
            out.stdout.is_empty(),
            "nothing on stdout: it is the protocol's"
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{err}");
        assert!(err.contains("eb-advisor-mcp"), "{err}");
        assert!(err.contains("cargo install --locked --path ."), "{err}");
    }
    // With it beside, `eb-advisor mcp` is that program: it answers the handshake.
    std::fs::copy(
        SERVER_BIN,
        dir.path()
            .join(format!("eb-advisor-mcp{}", std::env::consts::EXE_SUFFIX)),
    )
    .unwrap();
    let mut child = support::spawn_copied(
        scrub(&mut Command::new(&alone))
            .arg("mcp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    );
    let mut stdin = child.stdin.take().unwrap();
    writeln!(
        stdin,
        r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"protocolVersion":"2025-06-18","capabilities":{{}},"clientInfo":{{"name":"test","version":"1"}}}}}}"#
    )
    .unwrap();
    drop(stdin);
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert!(child.wait().unwrap().success());
    let reply: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(reply["result"]["serverInfo"]["name"], "eb-advisor");
}
