//! The questionnaire in a pseudo-terminal: the real binary, real keys.
//!
//! Keys: "\x1b[B" is Down, "\x1b[A" Up, "\r" Enter, "\x1b" alone Esc. Every screen is
//! waited for before keys are sent to it, so nothing depends on timing.

use crate::support;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;
use support::POSTGRESQL_VPC;

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

// The questions' prompts, as the embedded rulebook words them.
const GOAL: &str = "What do you want the integration to do?";
const DATABASE: &str = "Which database do you want to capture changes from?";
const DATABASE_HELP: &str = "Only MySQL and PostgreSQL are supported";
const NETWORK: &str = "How is the database reached?";
const REGION: &str = "Which region is the database in?";
const TARGET: &str = "Where should the events go?";
const AUTOMATION: &str = "Must the setup be scripted";
const CAN_CODE: &str = "Can your team write code";
const VOLUME: &str = "How many CDC requests or delivered events per month?";
const REVIEW: &str = "Review your answers";

/// Starts `eb-advisor --color never --lang en ARGS` in a pseudo-terminal in `dir`.
fn spawn(dir: &Path, args: &[&str]) -> PtySession {
    let mut command = support::command();
    command
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .current_dir(dir)
        .env("TERM", "xterm");
    rexpect::session::spawn_command(command, Some(10_000)).expect("start eb-advisor in a pty")
}

/// Waits for the screen showing `text`, then presses `keys`.
fn on(p: &mut PtySession, text: &str, keys: &str) {
    p.exp_string(text)
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
    press(p, keys);
}

/// Sends keys now (the session buffers writes up to a newline otherwise).
fn press(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// Reads everything up to the end, and the exit code.
fn finish(mut p: PtySession) -> (String, i32) {
    let rest = p.exp_eof().expect("eb-advisor ends");
    match p.process().wait().expect("wait for eb-advisor") {
        WaitStatus::Exited(_, code) => (rest, code),
        other => panic!("eb-advisor did not exit normally: {other:?}\n{rest}"),
    }
}

/// Capture changes from PostgreSQL in a VPC in Hangzhou, scripted, with a coding team,
/// 50,000 requests a month; up to the review screen.
fn answer_postgresql_cdc(p: &mut PtySession) {
    on(p, GOAL, ENTER);
    on(p, DATABASE, &format!("{DOWN}{ENTER}"));
    on(p, NETWORK, ENTER);
    on(p, REGION, ENTER);
    on(p, AUTOMATION, ENTER);
    on(p, CAN_CODE, ENTER);
    on(p, VOLUME, "50000\r");
    p.exp_string(REVIEW).unwrap();
}

fn recommend_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = support::command()
        .args(["recommend", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "recommend failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("recommend prints JSON")
}

#[test]
fn postgresql_cdc_flow_recommends_api_cdc_with_its_findings() {
    let dir = tempfile::tempdir().unwrap();
    // The page's findings (free quota, manual connection): `--trust page`.
    let mut p = spawn(dir.path(), &["--trust", "page", "ask"]);
    answer_postgresql_cdc(&mut p);
    press(&mut p, ENTER);
    p.exp_string("Recommended path: API CDC (api-cdc)").unwrap();
    let (rest, code) = finish(p);
    for id in [
        // The arrow before "step 1" reads back as Latin-1 through the pty.
        "warning postgresql-logical-replication ",
        "warning postgresql-free-quota:",
        "info vpc-private-network, api-cdc-manual-connection ",
        " step 2\r\n",
    ] {
        assert!(rest.contains(id), "finding {id} missing from:\n{rest}");
    }
    assert!(
        rest.contains("eb-advisor recommend --goal capture-db-changes --database postgresql --network vpc --region cn-hangzhou --automation yes --can-code yes --monthly-volume 50000"),
        "the one-shot command for these answers: {rest}"
    );
    assert_eq!(code, 0, "warnings only: {rest}");
}

#[test]
fn going_back_changes_an_answer_and_drops_the_ones_that_no_longer_apply() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask"]);
    on(&mut p, GOAL, ENTER); // capture database changes
    on(&mut p, DATABASE, ENTER); // MySQL
    on(&mut p, NETWORK, ESC); // back to the database question
                              // The answer given before is selected: Down moves from MySQL to PostgreSQL, then
                              // Down, Down reaches "← Back".
    on(&mut p, DATABASE, &format!("{DOWN}{DOWN}{DOWN}{ENTER}"));
    on(&mut p, GOAL, &format!("{DOWN}{DOWN}{ENTER}")); // send events
    on(&mut p, TARGET, ENTER); // DingTalk robot
    on(&mut p, AUTOMATION, &format!("{DOWN}{ENTER}")); // no
    on(&mut p, CAN_CODE, ENTER); // yes
    on(&mut p, VOLUME, "\r"); // skipped
    on(&mut p, REVIEW, ENTER);
    p.exp_string("Recommended path: ").unwrap();
    p.exp_string("(console-webhook)").unwrap();
    let (rest, code) = finish(p);
    assert!(
        rest.contains(
            "eb-advisor recommend --goal send-events --target dingtalk --automation no --can-code yes\r\n"
        ),
        "database is dropped, monthly-volume skipped: {rest}"
    );
    assert_eq!(code, 0, "{rest}");
}

#[test]
fn an_answer_changed_on_the_review_screen_changes_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask"]);
    answer_postgresql_cdc(&mut p);
    // "Show my recommendation", then goal, then database.
    press(&mut p, &format!("{DOWN}{DOWN}{ENTER}"));
    // The review lists the questions too: wait for the database screen's own help.
    on(&mut p, DATABASE_HELP, &format!("{UP}{ENTER}")); // PostgreSQL -> MySQL
    on(&mut p, REVIEW, ENTER);
    p.exp_string("Recommended path: API CDC (api-cdc)").unwrap();
    let (rest, code) = finish(p);
    assert!(
        !rest.contains("postgresql-logical-replication"),
        "no PostgreSQL finding for MySQL: {rest}"
    );
    assert!(rest.contains("--database mysql"), "{rest}");
    assert_eq!(code, 0, "{rest}");
}

#[test]
fn saved_answers_give_the_same_verdict_to_recommend() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask", "--save", "answers.yaml"]);
    answer_postgresql_cdc(&mut p);
    press(&mut p, ENTER);
    p.exp_string("Recommended path: API CDC (api-cdc)").unwrap();
    p.exp_string("Answers saved to answers.yaml").unwrap();
    p.exp_string("eb-advisor recommend --answers answers.yaml")
        .unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");

    let from_file = recommend_json(dir.path(), &["--answers", "answers.yaml"]);
    let from_flags = recommend_json(dir.path(), POSTGRESQL_VPC);
    assert_eq!(from_file["recommendation"]["path"], "api-cdc");
    assert_eq!(from_file["recommendation"], from_flags["recommendation"]);
    assert_eq!(from_file["findings"], from_flags["findings"]);
    assert_eq!(from_file["answers"], from_flags["answers"]);
}

#[test]
fn ctrl_c_exits_130_restores_the_cursor_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "ask",
            "--save",
            "answers.yaml",
            "--save-plan",
            "x.eb-plan.yaml",
        ],
    );
    on(&mut p, GOAL, ENTER);
    p.exp_string(DATABASE).unwrap();
    p.send_control('c').unwrap();
    p.exp_string("Interrupted; nothing was saved.").unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 130, "{rest}");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(files.is_empty(), "files left behind: {files:?}");
}

#[test]
fn ctrl_c_shows_the_cursor_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask"]);
    // dialoguer hides the cursor while a select is shown.
    p.exp_string("\x1b[?25l").unwrap();
    p.exp_string(GOAL).unwrap();
    p.send_control('c').unwrap();
    p.exp_string("\x1b[?25h").unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 130, "{rest}");
}

#[test]
fn ctrl_c_at_a_number_prompt_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "ask",
            "--goal",
            "unsure",
            "--automation",
            "no",
            "--can-code",
            "no",
            "--save",
            "a.yaml",
        ],
    );
    p.exp_string("3 answers given on the command line are not asked again.")
        .unwrap();
    p.exp_string("(1/1)").unwrap();
    p.exp_string(VOLUME).unwrap();
    press(&mut p, "12");
    p.send_control('c').unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 130, "{rest}");
    assert!(!dir.path().join("a.yaml").exists());
}

/// Runs `eb-advisor ARGS` with stdin from /dev/null or a pipe; it must answer at once.
fn without_terminal(args: &[&str], stdin: Stdio) -> (i32, String, Duration) {
    let started = Instant::now();
    let mut child = support::command()
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Never wait for input that cannot come: fail rather than hang.
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("eb-advisor {args:?} waited for input without a terminal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn without_a_terminal_ask_exits_2_listing_the_missing_flags() {
    for stdin in [Stdio::null(), Stdio::piped()] {
        let (code, stderr, _) = without_terminal(&["ask", "--goal", "capture-db-changes"], stdin);
        assert_eq!(code, 2, "{stderr}");
        for flag in [
            "--database <mysql|postgresql|other>",
            "--network <vpc|public>",
            "--region <",
            "--automation <yes|no>",
            "--can-code <yes|no>",
        ] {
            assert!(stderr.contains(flag), "{flag} missing from:\n{stderr}");
        }
        assert!(!stderr.contains("--goal <"), "goal was given:\n{stderr}");
    }
}

#[test]
fn without_a_terminal_and_no_subcommand_exits_2() {
    let (code, stderr, _) = without_terminal(&[], Stdio::null());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("Usage"), "{stderr}");
}

#[test]
fn ask_in_ci_does_not_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = support::command();
    command
        .args(["--color", "never", "--lang", "en", "ask"])
        .current_dir(dir.path())
        .env("CI", "true");
    // A terminal, but CI is set.
    let p = rexpect::session::spawn_command(command, Some(10_000)).unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 2, "{rest}");
    assert!(rest.contains("--goal <"), "{rest}");
}

#[test]
fn save_plan_writes_a_plan_that_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask", "--save-plan", "orders.eb-plan.yaml"]);
    on(&mut p, GOAL, ENTER);
    on(&mut p, DATABASE, &format!("{DOWN}{ENTER}")); // PostgreSQL
    on(&mut p, NETWORK, &format!("{DOWN}{ENTER}")); // public: no VPC settings to fill in
    on(&mut p, REGION, ENTER);
    on(&mut p, AUTOMATION, ENTER);
    on(&mut p, CAN_CODE, ENTER);
    on(&mut p, VOLUME, "\r");
    on(&mut p, REVIEW, ENTER);
    p.exp_string("Recommended path: API CDC (api-cdc)").unwrap();
    p.exp_string("Plan written to orders.eb-plan.yaml").unwrap();
    p.exp_string("eb-advisor check orders.eb-plan.yaml")
        .unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");

    let plan = saved_plan_that_check_passes(
        dir.path(),
        &[
            "\npath: api-cdc\n",
            "  goal: capture-db-changes\n",
            "  database: postgresql\n",
            "  network: public\n",
            "  region: cn-hangzhou\n",
        ],
    );
    assert!(!plan.contains("monthly-volume"), "skipped: {plan}");
}

#[test]
fn without_a_terminal_but_every_answer_given_ask_shows_the_verdict_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let out = support::command()
        .args(["--color", "never", "--lang", "en", "ask"])
        .args(POSTGRESQL_VPC)
        .args(["--save", "answers.yaml"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("Recommended path: API CDC (api-cdc)"),
        "{stdout}"
    );
    let saved = std::fs::read_to_string(dir.path().join("answers.yaml")).unwrap();
    assert!(saved.contains("database: postgresql\n"), "{saved}");
}

/// The plan `orders.eb-plan.yaml` that `ask --save-plan` wrote in `dir`, after asserting
/// that it holds each of `lines` and that `check` passes it.
fn saved_plan_that_check_passes(dir: &Path, lines: &[&str]) -> String {
    let plan = std::fs::read_to_string(dir.join("orders.eb-plan.yaml")).unwrap();
    for line in lines {
        assert!(plan.contains(line), "{line:?} missing from:\n{plan}");
    }
    let check = support::command()
        .args(["--color", "never", "check", "orders.eb-plan.yaml"])
        .current_dir(dir)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{report}\n{plan}");
    assert!(report.contains("orders.eb-plan.yaml: passed"), "{report}");
    plan
}

/// The terminal as the user sees it: every byte read so far, played into a screen.
struct Screen {
    parser: vt100::Parser,
}

impl Screen {
    fn new() -> Screen {
        // Taller and wider than the program's idea of the terminal: nothing scrolls
        // away or wraps, and its relative cursor moves land as they would.
        Screen {
            parser: vt100::Parser::new(500.try_into().unwrap(), 200.try_into().unwrap(), 0),
        }
    }

    /// Waits for `text`, plays what came before it (and it) into the screen, and returns
    /// the last `(step/total)` shown before it.
    fn wait(&mut self, p: &mut PtySession, text: &str) -> Option<(u32, u32)> {
        let before = p
            .exp_string(text)
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
        // The session hands over each byte as a char of its own.
        let bytes: Vec<u8> = before.chars().map(|c| c as u32 as u8).collect();
        self.parser.process(&bytes);
        self.parser.process(text.as_bytes());
        last_progress(&before)
    }

    fn contents(&self) -> String {
        self.parser.screen().contents()
    }
}

/// The last `(N/M)` in `text`.
fn last_progress(text: &str) -> Option<(u32, u32)> {
    let mut found = None;
    for (i, _) in text.match_indices('(') {
        let rest = &text[i + 1..];
        let Some(end) = rest.find(')') else { continue };
        let Some((a, b)) = rest[..end].split_once('/') else {
            continue;
        };
        if let (Ok(a), Ok(b)) = (a.parse(), b.parse()) {
            found = Some((a, b));
        }
    }
    found
}

// Each question screen's own help, which nothing else on the screen repeats.
const GOAL_SCREEN: &str = "Capturing database changes needs the API CDC path";
const DATABASE_SCREEN: &str = "Only MySQL and PostgreSQL are supported";
const NETWORK_SCREEN: &str = "A database in a VPC is reached over";
const REGION_SCREEN: &str = "page lists API CDC in";
const TARGET_SCREEN: &str = "The console path delivers events";
const AUTOMATION_SCREEN: &str = "Answer yes if the integration must";
const CAN_CODE_SCREEN: &str = "The API CDC path needs authenticated";
const VOLUME_SCREEN: &str = "Leave it empty to skip the cost estimate";

#[test]
fn going_back_and_changing_the_goal_keeps_the_counter_and_the_screen_true() {
    let dir = tempfile::tempdir().unwrap();
    // The verdict's exit code is the page's (console-not-automatable): `--trust page`.
    let mut p = spawn(dir.path(), &["--trust", "page", "ask"]);
    let mut screen = Screen::new();
    // (screen, key pressed, whether the key changes an answer)
    let steps: &[(&str, &str, bool)] = &[
        (GOAL_SCREEN, ENTER, true),
        (DATABASE_SCREEN, "\x1b[B\r", true), // PostgreSQL
        (NETWORK_SCREEN, ENTER, true),       // VPC
        (REGION_SCREEN, ENTER, true),        // Hangzhou
        (AUTOMATION_SCREEN, ENTER, true),    // yes
        (CAN_CODE_SCREEN, ENTER, true),      // yes
        (VOLUME_SCREEN, "50000\r", true),
        ("50,000", ESC, false), // the review's last row: back to the volume
        (VOLUME_SCREEN, ESC, false), // filled in: out of it with one key
        (CAN_CODE_SCREEN, ESC, false),
        (AUTOMATION_SCREEN, ESC, false),
        (REGION_SCREEN, ESC, false),
        (NETWORK_SCREEN, ESC, false),
        (DATABASE_SCREEN, ESC, false),
        (GOAL_SCREEN, "\x1b[B\x1b[B\r", true), // send events
        (TARGET_SCREEN, ENTER, true),          // DingTalk robot; the rest is answered
        ("50,000", "\x1b[A\r", false),         // the review again: change the volume (last row)
        (VOLUME_SCREEN, ESC, false),           // filled in: one key back to the review
        ("50,000", ENTER, false),              // show the verdict
    ];
    let mut last_total = None;
    let mut changed = true;
    for &(marker, keys, changes) in steps {
        let progress = screen.wait(&mut p, marker);
        if marker != "50,000" {
            let (_, total) =
                progress.unwrap_or_else(|| panic!("no (step/total) before {marker:?}"));
            if !changed {
                assert_eq!(
                    Some(total),
                    last_total,
                    "the total changed on the way to {marker:?} though no answer did"
                );
            }
            last_total = Some(total);
        }
        if marker == VOLUME_SCREEN && !changes {
            // The number given before is there to keep or edit.
            screen.wait(&mut p, "50000");
        }
        press(&mut p, keys);
        changed = changes;
    }
    screen.wait(&mut p, "Recommended path: ");
    screen.wait(&mut p, "(console-webhook)");
    let (rest, code) = finish(p);
    let bytes: Vec<u8> = rest.chars().map(|c| c as u32 as u8).collect();
    screen.parser.process(&bytes);
    let shown = screen.contents();
    for stale in ["PostgreSQL", "China (Hangzhou)", "In a VPC"] {
        assert!(
            !shown
                .lines()
                .any(|l| l.starts_with('✔') && l.contains(stale)),
            "an answer that no longer applies is still on screen ({stale}):\n{shown}"
        );
    }
    for current in ["Send events", "DingTalk robot", "50,000"] {
        assert!(
            shown
                .lines()
                .any(|l| l.starts_with('✔') && l.contains(current)),
            "the answer {current} is not listed:\n{shown}"
        );
    }
    // Automation is still `yes`, which the console path cannot do (as the page says).
    assert_eq!(code, 1, "{shown}");
}

const DEAD_END: &str = "No path fits these answers, and no question still open can change that.";

#[test]
fn another_database_ends_the_questionnaire_with_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask"]);
    on(&mut p, GOAL, ENTER);
    on(&mut p, DATABASE, &format!("{DOWN}{DOWN}{ENTER}")); // Another database
    let dead_end = p
        .exp_string(DEAD_END)
        .unwrap_or_else(|e| panic!("no dead-end screen: {e}"));
    assert!(!dead_end.contains(NETWORK), "asked on: {dead_end}");
    for offer in [
        "Your last answer: Which database do you want to capture changes from?",
        "Another database",
        "Show the verdict",
        "Back: change the last answer",
        "Review all answers",
    ] {
        p.exp_string(offer)
            .unwrap_or_else(|e| panic!("{offer:?} is not offered: {e}"));
    }
    press(&mut p, ENTER); // show the verdict
    p.exp_string("No supported path")
        .unwrap_or_else(|e| panic!("no verdict after a dead end: {e}"));
    let (rest, code) = finish(p);
    assert!(rest.contains("unsupported-database"), "{rest}");
    assert!(!rest.contains(NETWORK) && !rest.contains(REVIEW), "{rest}");
    assert!(
        rest.contains("eb-advisor recommend --goal capture-db-changes --database other\r\n"),
        "{rest}"
    );
    assert_eq!(code, 1, "{rest}");
}

#[test]
fn a_dead_end_goes_back_to_change_the_last_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["--trust", "page", "ask"]);
    on(&mut p, GOAL, ENTER);
    on(&mut p, DATABASE, &format!("{DOWN}{DOWN}{ENTER}")); // Another database
    on(&mut p, DEAD_END, ESC); // back
                               // Asked again with "Another database" selected: Up is PostgreSQL.
    on(&mut p, DATABASE_HELP, &format!("{UP}{ENTER}"));
    on(&mut p, NETWORK, ENTER);
    on(&mut p, REGION, ENTER);
    on(&mut p, AUTOMATION, ENTER);
    on(&mut p, CAN_CODE, ENTER);
    on(&mut p, VOLUME, "50000\r");
    on(&mut p, REVIEW, ENTER);
    p.exp_string("Recommended path: API CDC (api-cdc)").unwrap();
    let (rest, code) = finish(p);
    assert!(
        rest.contains("eb-advisor recommend --goal capture-db-changes --database postgresql --network vpc --region cn-hangzhou --automation yes --can-code yes --monthly-volume 50000\r\n"),
        "{rest}"
    );
    assert!(!rest.contains("unsupported-database"), "{rest}");
    assert_eq!(code, 0, "{rest}");
}

#[test]
fn a_dead_end_offers_the_review_where_an_answer_can_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask"]);
    on(&mut p, GOAL, ENTER);
    on(&mut p, DATABASE, &format!("{DOWN}{DOWN}{ENTER}")); // Another database
    on(&mut p, DEAD_END, &format!("{DOWN}{DOWN}{ENTER}")); // review
    p.exp_string(REVIEW).unwrap();
    // "Show my recommendation", then goal, then database.
    on(&mut p, "Another database", &format!("{DOWN}{DOWN}{ENTER}"));
    on(&mut p, DATABASE_HELP, &format!("{UP}{UP}{ENTER}")); // MySQL
    on(&mut p, NETWORK, ENTER);
    on(&mut p, REGION, ENTER);
    on(&mut p, AUTOMATION, ENTER);
    on(&mut p, CAN_CODE, ENTER);
    on(&mut p, VOLUME, "\r");
    on(&mut p, REVIEW, ENTER);
    p.exp_string("Recommended path: API CDC (api-cdc)").unwrap();
    let (rest, code) = finish(p);
    assert!(rest.contains("--database mysql --network vpc"), "{rest}");
    assert_eq!(code, 0, "{rest}");
}

#[test]
fn a_dead_end_with_save_plan_writes_no_plan_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask", "--save-plan", "orders.eb-plan.yaml"]);
    on(&mut p, GOAL, ENTER);
    on(&mut p, DATABASE, &format!("{DOWN}{DOWN}{ENTER}")); // Another database
    on(&mut p, DEAD_END, ENTER);
    p.exp_string("No supported path").unwrap();
    p.exp_string(
        "No plan written to orders.eb-plan.yaml: no path fits these answers (unsupported-database)",
    )
    .unwrap();
    let (rest, code) = finish(p);
    assert!(!rest.contains("Plan written"), "{rest}");
    assert_eq!(code, 1, "{rest}");
    assert!(
        !dir.path().join("orders.eb-plan.yaml").exists(),
        "a plan with no path was written"
    );
    assert!(support::temp_files_in(dir.path()).is_empty());
}

#[test]
fn full_width_digits_are_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "ask",
            "--goal",
            "unsure",
            "--automation",
            "no",
            "--can-code",
            "no",
        ],
    );
    on(&mut p, VOLUME, "２００\r");
    on(&mut p, REVIEW, ENTER);
    let (rest, code) = finish(p);
    assert!(rest.contains("--monthly-volume 200"), "{rest}");
    assert_eq!(code, 0, "{rest}");
}

#[test]
fn a_plan_saved_for_a_vpc_with_its_settings_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask", "--save-plan", "orders.eb-plan.yaml"]);
    answer_postgresql_cdc(&mut p);
    press(&mut p, ENTER);
    p.exp_string("Recommended path: API CDC (api-cdc)").unwrap();
    on(&mut p, "settings.vpc-id", "vpc-bp1orders\r");
    on(&mut p, "settings.vswitch-ids", "vsw-bp1a, vsw-bp1b\r");
    on(&mut p, "settings.security-group-id", "sg-bp1orders\r");
    p.exp_string("Plan written to orders.eb-plan.yaml").unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(!rest.contains("is not filled in"), "{rest}");

    saved_plan_that_check_passes(dir.path(), &["  vswitch-ids: [vsw-bp1a, vsw-bp1b]\n"]);
}

#[test]
fn a_setting_skipped_at_the_prompt_is_named_with_the_finding_it_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &["ask", "--save-plan", "orders.eb-plan.yaml"]);
    answer_postgresql_cdc(&mut p);
    press(&mut p, ENTER);
    on(&mut p, "settings.vpc-id", "vpc-bp1orders\r");
    on(&mut p, "settings.vswitch-ids", ESC);
    on(&mut p, "settings.security-group-id", "\r");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    for key in ["vswitch-ids", "security-group-id"] {
        assert!(
            rest.contains(&format!(
                "settings.{key} is not filled in: `check` will report vpc-settings-missing (error)"
            )),
            "{rest}"
        );
    }
}

/// Runs `sh -c 'eb-advisor --color never --lang en ARGS; echo rc=$?'` in a pseudo-terminal
/// in `dir`: what the shell prints after the questionnaire shows where the screen was left.
fn spawn_in_shell(dir: &Path, args: &str) -> PtySession {
    let mut shell = std::process::Command::new("sh");
    for var in support::READ_BY_THE_BINARY {
        shell.env_remove(var);
    }
    shell
        .arg("-c")
        .arg(format!(
            "'{}' --color never --lang en {args}; echo rc=$?",
            support::BIN
        ))
        .current_dir(dir)
        .env("TERM", "xterm");
    rexpect::session::spawn_command(shell, Some(10_000)).expect("start sh in a pty")
}

/// Plays what is left of the session into `screen` and returns the screen's lines.
fn rest_of_screen(p: PtySession, mut screen: Screen) -> (Vec<String>, i32) {
    let (rest, code) = finish(p);
    let bytes: Vec<u8> = rest.chars().map(|c| c as u32 as u8).collect();
    screen.parser.process(&bytes);
    let lines = screen.contents().lines().map(str::to_string).collect();
    (lines, code)
}

#[test]
fn ctrl_c_at_the_number_prompt_leaves_the_shell_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn_in_shell(dir.path(), "ask");
    let mut screen = Screen::new();
    for (marker, keys) in [
        (GOAL_SCREEN, ENTER),
        (DATABASE_SCREEN, "\x1b[B\r"), // PostgreSQL
        (NETWORK_SCREEN, ENTER),
        (REGION_SCREEN, ENTER),
        (AUTOMATION_SCREEN, ENTER),
        (CAN_CODE_SCREEN, ENTER),
        (VOLUME_SCREEN, "1234"),
    ] {
        screen.wait(&mut p, marker);
        press(&mut p, keys);
    }
    screen.wait(&mut p, "1234");
    p.send_control('c').unwrap();
    screen.wait(&mut p, "rc=");
    let (lines, code) = rest_of_screen(p, screen);
    assert_eq!(code, 0, "the shell's echo ran: {lines:#?}");
    assert!(
        lines.iter().any(|l| l.trim_end() == "rc=130"),
        "the shell's next line is not on its own:\n{}",
        lines.join("\n")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Interrupted; nothing was saved.")),
        "{}",
        lines.join("\n")
    );
}

#[test]
fn ctrl_c_at_a_menu_leaves_the_shell_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn_in_shell(dir.path(), "ask");
    let mut screen = Screen::new();
    screen.wait(&mut p, GOAL_SCREEN);
    press(&mut p, ENTER);
    screen.wait(&mut p, DATABASE_SCREEN);
    p.send_control('c').unwrap();
    screen.wait(&mut p, "rc=");
    let (lines, code) = rest_of_screen(p, screen);
    assert_eq!(code, 0, "the shell's echo ran: {lines:#?}");
    assert!(
        lines.iter().any(|l| l.trim_end() == "rc=130"),
        "the shell's next line is not on its own:\n{}",
        lines.join("\n")
    );
}

/// The number field's line as the screen shows it: `  › TEXT`.
fn number_field(screen: &Screen) -> String {
    let contents = screen.contents();
    let line = contents
        .lines()
        .rfind(|l| l.starts_with("  › "))
        .unwrap_or_else(|| panic!("no number field on screen:\n{contents}"));
    line["  › ".len()..].trim_end().to_string()
}

#[test]
fn ctrl_u_clears_the_number_field_and_a_refused_entry_is_taken_out_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "ask",
            "--goal",
            "unsure",
            "--automation",
            "no",
            "--can-code",
            "no",
        ],
    );
    let mut screen = Screen::new();
    screen.wait(&mut p, VOLUME_SCREEN);
    press(&mut p, "50000");
    screen.wait(&mut p, "50000");
    // Ctrl-U, then a word: the field holds the word alone.
    press(&mut p, "\x15fifty");
    screen.wait(&mut p, "fifty");
    assert_eq!(number_field(&screen), "fifty");
    press(&mut p, ENTER);
    screen.wait(&mut p, "Expected a whole number");
    assert_eq!(
        number_field(&screen),
        "",
        "the refused entry stays in the field"
    );
    press(&mut p, "-5\r");
    screen.wait(&mut p, "Expected a whole number");
    assert_eq!(number_field(&screen), "");
    press(&mut p, "550 000\r");
    on(&mut p, REVIEW, ENTER);
    let (rest, code) = finish(p);
    assert!(
        rest.contains("eb-advisor recommend --goal unsure --automation no --can-code no --monthly-volume 550000\r\n"),
        "{rest}"
    );
    assert_eq!(code, 0, "{rest}");
}

#[test]
fn the_replay_command_has_the_final_answers_only() {
    let dir = tempfile::tempdir().unwrap();
    // The goal and the database are given on the command line; the goal changed on the
    // review rules the database out, with the network and the region answered on the way.
    let mut p = spawn(
        dir.path(),
        &["ask", "--goal", "capture-db-changes", "--database", "mysql"],
    );
    on(&mut p, NETWORK, ENTER);
    on(&mut p, REGION, ENTER);
    on(&mut p, AUTOMATION, &format!("{DOWN}{ENTER}")); // no
    on(&mut p, CAN_CODE, ENTER);
    on(&mut p, VOLUME, "\r");
    // "Show my recommendation", then the goal.
    on(&mut p, REVIEW, &format!("{DOWN}{ENTER}"));
    on(&mut p, GOAL_SCREEN, &format!("{DOWN}{DOWN}{ENTER}")); // send events
    on(&mut p, TARGET, ENTER); // DingTalk robot
    on(&mut p, REVIEW, ENTER);
    p.exp_string("(console-webhook)").unwrap();
    let (rest, code) = finish(p);
    let replay = rest
        .lines()
        .find(|l| l.trim_start().starts_with("eb-advisor recommend"))
        .unwrap_or_else(|| panic!("no replay command: {rest}"));
    assert_eq!(
        replay.trim(),
        "eb-advisor recommend --goal send-events --target dingtalk --automation no --can-code yes"
    );
    assert_eq!(code, 0, "{rest}");
}

/// A plan for PostgreSQL CDC in a VPC, with settings the questionnaire asks for and two
/// it does not.
const EXISTING_PLAN: &str = "# The orders team's plan.
path: api-cdc
answers:
  goal: capture-db-changes
  database: mysql
  network: vpc
  region: cn-hangzhou
  automation: yes
  can-code: yes
settings:
  host: orders-db.internal
  password: ${ORDERS_DB_PASSWORD}
  vpc-id: vpc-old
  vswitch-ids: [vsw-old1, vsw-old2]
  security-group-id: sg-old
";

const REPLACE: &str = "orders.eb-plan.yaml exists. Replace it with a plan for these answers?";

#[test]
fn save_plan_over_a_plan_asks_and_no_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orders.eb-plan.yaml");
    std::fs::write(&file, EXISTING_PLAN).unwrap();
    let mut p = spawn(dir.path(), &["ask", "--save-plan", "orders.eb-plan.yaml"]);
    answer_postgresql_cdc(&mut p);
    press(&mut p, ENTER);
    p.exp_string("Recommended path: API CDC (api-cdc)").unwrap();
    p.exp_string(REPLACE).unwrap();
    // No is the default.
    on(&mut p, "Yes, replace it", ENTER);
    p.exp_string("orders.eb-plan.yaml was left as it was (not replaced).")
        .unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(
        !rest.contains("settings.vpc-id") && !rest.contains("Plan written"),
        "{rest}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), EXISTING_PLAN);
}

#[test]
fn save_plan_over_a_plan_offers_its_settings_and_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orders.eb-plan.yaml");
    std::fs::write(&file, EXISTING_PLAN).unwrap();
    let mut p = spawn(dir.path(), &["ask", "--save-plan", "orders.eb-plan.yaml"]);
    answer_postgresql_cdc(&mut p);
    press(&mut p, ENTER);
    p.exp_string(REPLACE).unwrap();
    on(&mut p, "Yes, replace it", &format!("{DOWN}{ENTER}"));
    p.exp_string("settings.vpc-id").unwrap();
    on(&mut p, "vpc-old", ENTER); // kept as it is
    p.exp_string("settings.vswitch-ids").unwrap();
    on(&mut p, "vsw-old1, vsw-old2", ESC); // Esc keeps it too
    p.exp_string("settings.security-group-id").unwrap();
    on(&mut p, "sg-old", "\x15sg-new\r"); // Ctrl-U, and a new one
    p.exp_string("Plan written to orders.eb-plan.yaml").unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(!rest.contains("is not filled in"), "{rest}");

    let plan = saved_plan_that_check_passes(
        dir.path(),
        &[
            "  database: postgresql\n",
            "  vpc-id: vpc-old\n",
            "  vswitch-ids: [vsw-old1, vsw-old2]\n",
            "  security-group-id: sg-new\n",
            "  host: orders-db.internal\n",
            "ORDERS_DB_PASSWORD",
        ],
    );
    assert!(!plan.contains("sg-old"), "{plan}");
}

#[test]
fn without_a_terminal_ask_does_not_replace_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orders.eb-plan.yaml");
    std::fs::write(&file, EXISTING_PLAN).unwrap();
    let out = support::command()
        .args(["--color", "never", "--lang", "en", "ask"])
        .args(POSTGRESQL_VPC)
        .args(["--save-plan", "orders.eb-plan.yaml"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("orders.eb-plan.yaml exists, and without a terminal to ask in, ask does not replace it."),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), EXISTING_PLAN);
}
