//! Hostile input and failure, through the real binary: oversized and endless files,
//! malformed YAML of every kind, escape sequences and secrets in what is printed, closed
//! pipes, Ctrl-C, and file systems that fight back. Each case asserts the exit code, the
//! message, and that nothing panicked.

use crate::support;

use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::BIN;

const GOOD_PLAN: &str = "path: fc-api-gateway
answers:
  goal: receive-app-events
  source: custom-app
  automation: yes
  can-code: yes
";

const GOOD_ANSWERS: &str = "goal: send-events
target: lark
automation: no
can-code: no
";

/// What a run left: exit code, stdout, stderr, and the processor time it took.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Run {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// No panic, no backtrace hint, and the exit code expected.
    fn expect(&self, code: i32) -> &Run {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "panicked:\n{}",
            self.stderr
        );
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    fn says(&self, text: &str) -> &Run {
        assert!(
            self.all().contains(text),
            "expected {text:?} in:\n{}",
            self.all()
        );
        self
    }

    fn never_says(&self, text: &str) -> &Run {
        assert!(
            !self.all().contains(text),
            "{text:?} must not appear in:\n{}",
            self.all()
        );
        self
    }

    fn within(&self, limit: Duration) -> &Run {
        assert!(self.took < limit, "took {:?}", self.took);
        self
    }
}

/// The plans and answers here were written for the page's verdicts (a custom app is
/// fc-api-gateway), so every run follows the page: `--trust page`.
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = support::command();
    command
        .args(["--color", "never", "--lang", "en", "--trust", "page"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null());
    command
}

/// Runs `eb-advisor ARGS` in `dir`; a run that takes over 60 s is killed and fails.
fn run(dir: &Path, args: &[&str]) -> Run {
    run_command(command(dir, args))
}

// The child is reaped by wait4 in the loop, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_command(mut command: Command) -> Run {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start eb-advisor");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    // The child is reaped with wait4, which also gives the processor time it used: the
    // "quickly" bounds below are on that time, which a busy machine does not stretch as
    // it stretches the wall clock. A run that takes over two minutes of wall time hangs.
    let pid = child.id() as libc::pid_t;
    let (status, took) = loop {
        let mut status = 0;
        // SAFETY: rusage is plain old data, and wait4 writes only into the two locals.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(reaped >= 0, "wait4: {}", std::io::Error::last_os_error());
        if reaped == pid {
            let cpu = |t: libc::timeval| {
                Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
            };
            break (
                std::process::ExitStatus::from_raw(status),
                cpu(usage.ru_utime) + cpu(usage.ru_stime),
            );
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("eb-advisor hung: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
        took,
    }
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, contents).unwrap();
    path
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn is_root() -> bool {
    // Whoever can read a file with no permissions at all is root (or has its powers).
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "probe", "x");
    set_mode(&path, 0o000);
    std::fs::read(&path).is_ok()
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

// ---------------------------------------------------------------------------------------
// 1. Limits
// ---------------------------------------------------------------------------------------

#[test]
fn a_plan_over_the_size_cap_is_refused_naming_the_file_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{GOOD_PLAN}# {}\n", "x".repeat(2 * 1024 * 1024));
    write(dir.path(), "big.eb-plan.yaml", &big);
    run(dir.path(), &["check", "big.eb-plan.yaml"])
        .expect(1)
        .says("big.eb-plan.yaml:1:1: error[invalid-plan]")
        .says("larger than the limit of 1048576 bytes");
    // --max-file-size raises the cap: the same file is then checked, and passes.
    run(
        dir.path(),
        &["--max-file-size", "4000000", "check", "big.eb-plan.yaml"],
    )
    .expect(0)
    .says("1 plan: 1 passed");
}

#[test]
fn max_file_size_raises_and_lowers_the_cap_for_answers_files() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{GOOD_ANSWERS}# {}\n", "x".repeat(1_500_000));
    write(dir.path(), "big.yaml", &big);
    run(dir.path(), &["recommend", "--answers", "big.yaml"])
        .expect(2)
        .says("big.yaml: error[invalid-answers]: is larger than the limit of 1048576 bytes");
    run(
        dir.path(),
        &[
            "--max-file-size=2000000",
            "recommend",
            "--answers",
            "big.yaml",
        ],
    )
    .expect(0)
    .says("Recommended path");
    write(dir.path(), "small.yaml", GOOD_ANSWERS);
    run(
        dir.path(),
        &[
            "--max-file-size",
            "10",
            "recommend",
            "--answers",
            "small.yaml",
        ],
    )
    .expect(2)
    .says("larger than the limit of 10 bytes");
}

#[test]
fn rulebooks_get_four_times_max_file_size() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/eventbridge-integrate-events.yaml"),
    )
    .unwrap();
    // About 1.5 MB: over a plan's default cap, under a rulebook's.
    let padded = format!("{source}\n# {}\n", "x".repeat(1_500_000));
    write(dir.path(), "rules.yaml", &padded);
    run(dir.path(), &["--rules", "rules.yaml", "paths"])
        .expect(0)
        .says("api-cdc");
    run(
        dir.path(),
        &[
            "--max-file-size",
            "300000",
            "--rules",
            "rules.yaml",
            "paths",
        ],
    )
    .expect(2)
    .says("rules.yaml: error[invalid-rulebook]: is larger than the limit of 1200000 bytes");
    run(
        dir.path(),
        &["--max-file-size", "300000", "rules", "lint", "rules.yaml"],
    )
    .expect(2)
    .says("larger than the limit of 1200000 bytes");
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}\n", "[".repeat(100_000));
    write(dir.path(), "deep.eb-plan.yaml", &deep);
    write(dir.path(), "deep.yaml", &deep);
    run(dir.path(), &["check", "deep.eb-plan.yaml"])
        .expect(1)
        .says("deep.eb-plan.yaml:1:")
        .says("nested too deeply; the limit is 64 levels")
        .within(Duration::from_secs(10));
    run(dir.path(), &["recommend", "--answers", "deep.yaml"])
        .expect(2)
        .says("nested too deeply")
        .within(Duration::from_secs(10));
    run(dir.path(), &["--rules", "deep.yaml", "paths"])
        .expect(2)
        .says("nested too deeply")
        .within(Duration::from_secs(10));
    // Block nesting too.
    let mut block = String::new();
    for i in 0..200 {
        block.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
    }
    write(dir.path(), "block.eb-plan.yaml", &block);
    run(dir.path(), &["check", "block.eb-plan.yaml"])
        .expect(1)
        .says("nested too deeply");
}

/// "Billion laughs": ten levels of ten aliases each would be 10^10 values.
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text
}

#[test]
fn alias_bombs_are_refused_quickly_with_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bomb.eb-plan.yaml", alias_bomb());
    write(dir.path(), "bomb.yaml", alias_bomb());
    run(dir.path(), &["check", "bomb.eb-plan.yaml"])
        .expect(1)
        .says("bomb.eb-plan.yaml:")
        .says("the file is refused")
        .within(Duration::from_secs(10));
    run(dir.path(), &["recommend", "--answers", "bomb.yaml"])
        .expect(2)
        .says("bomb.yaml:")
        .says("the file is refused")
        .within(Duration::from_secs(10));
    // Few aliases of one long text: bounded by the text budget, not by the alias count.
    let long = format!(
        "a: &a {}\nb: [{}]\n",
        "x".repeat(900_000),
        vec!["*a"; 255].join(", ")
    );
    write(dir.path(), "long.eb-plan.yaml", long);
    run(dir.path(), &["check", "long.eb-plan.yaml"])
        .expect(1)
        .says("long.eb-plan.yaml:2:")
        .says("with its aliases expanded, exceeds the size limit of 1048576 bytes")
        .within(Duration::from_secs(10));
    // A rulebook has a shape: the bomb is refused as soon as it breaks it, or by a budget.
    write(
        dir.path(),
        "bomb.yaml",
        format!("{}questions: *a9\n", alias_bomb()),
    );
    run(dir.path(), &["--rules", "bomb.yaml", "paths"])
        .expect(2)
        .says("bomb.yaml:")
        .within(Duration::from_secs(10));
}

#[test]
fn fifos_devices_and_folders_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.eb-plan.yaml");
    mkfifo(&fifo);
    std::fs::create_dir(dir.path().join("folder.yaml")).unwrap();
    let limit = Duration::from_secs(10);
    // Named explicitly, and found in a folder.
    run(dir.path(), &["check", "fifo.eb-plan.yaml", "/dev/zero"])
        .expect(1)
        .says("fifo.eb-plan.yaml:1:1: error[invalid-plan]: cannot read the plan: is not a regular file")
        .says("/dev/zero:1:1: error[invalid-plan]")
        .within(limit);
    run(dir.path(), &["check", "."])
        .expect(1)
        .says("fifo.eb-plan.yaml:1:1: error[invalid-plan]")
        .within(limit);
    for answers in ["fifo.eb-plan.yaml", "/dev/zero", "/dev/urandom"] {
        run(dir.path(), &["recommend", "--answers", answers])
            .expect(2)
            .says("is not a regular file")
            .within(limit);
    }
    run(dir.path(), &["recommend", "--answers", "folder.yaml"])
        .expect(2)
        .says("folder.yaml: error[invalid-answers]: is a directory")
        .within(limit);
    for rules in ["fifo.eb-plan.yaml", "/dev/zero", "folder.yaml"] {
        run(dir.path(), &["--rules", rules, "paths"])
            .expect(2)
            .says("the rulebook cannot be used")
            .within(limit);
    }
    // A plan argument that is a folder named like a plan.
    std::fs::create_dir(dir.path().join("dir.eb-plan.yaml")).unwrap();
    run(dir.path(), &["check", "dir.eb-plan.yaml"])
        .expect(1)
        .says("dir.eb-plan.yaml:1:1: error[invalid-plan]: cannot read the plan: is a directory");
}

#[test]
fn standard_input_is_read_up_to_the_cap_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = command(dir.path(), &["--max-file-size", "1000", "check", "-"]);
    cmd.stdin(std::fs::File::open("/dev/zero").unwrap());
    run_command(cmd)
        .expect(1)
        .says("<stdin>:1:1: error[invalid-plan]")
        .says("larger than the limit of 1000 bytes")
        .within(Duration::from_secs(10));
}

// ---------------------------------------------------------------------------------------
// 2. Malformed input: a clear error with file:line:column, exit 2 (invalid-plan in check)
// ---------------------------------------------------------------------------------------

/// Each case: file contents, then the position and a piece of the message expected both
/// for an answers file (exit 2) and for a plan's `answers:` or whole file (invalid-plan).
struct Bad {
    what: &'static str,
    answers: &'static [u8],
    answers_says: &'static str,
    plan: &'static [u8],
    plan_says: &'static str,
}

const BAD: &[Bad] = &[
    Bad {
        what: "syntax error",
        answers: b"goal: [send-events\n",
        answers_says: "bad.yaml:1:7: error[invalid-answers]: a `[`, `{` or quote is not closed",
        plan: b"path: api-cdc\nanswers: {goal: x\n",
        plan_says: "bad.eb-plan.yaml:2:10: error[invalid-plan]: not valid YAML: a `[`, `{` or quote is not closed",
    },
    Bad {
        what: "wrong type",
        answers: b"- goal\n- send-events\n",
        answers_says: "bad.yaml:1:1: error[invalid-answers]: found a list; expected a mapping of question id to value",
        plan: b"path: [api-cdc]\nanswers: 5\n",
        plan_says: "bad.eb-plan.yaml:1:7: error[invalid-plan]: found a list for `path`",
    },
    Bad {
        what: "unknown key",
        answers: b"goal: send-events\ncolour: red\n",
        answers_says: "bad.yaml:2:1: error[invalid-answers]: unknown question `colour`",
        plan: b"path: api-cdc\nanwsers: {}\n",
        plan_says: "bad.eb-plan.yaml:2:1: error[invalid-plan]: unknown key `anwsers` (did you mean `answers`?)",
    },
    Bad {
        what: "empty file",
        answers: b"",
        answers_says: "bad.yaml:1:1: error[invalid-answers]: no answers",
        plan: b"",
        plan_says: "bad.eb-plan.yaml:1:1: error[invalid-plan]: the plan is empty",
    },
    Bad {
        what: "comments only",
        answers: b"# nothing\n",
        answers_says: "bad.yaml:1:1: error[invalid-answers]: no answers",
        plan: b"# nothing\n",
        plan_says: "bad.eb-plan.yaml:1:1: error[invalid-plan]: the plan is empty",
    },
    Bad {
        what: "invalid UTF-8",
        answers: b"goal: send-events\ntarget: l\xffark\n",
        answers_says: "bad.yaml:2:10: error[invalid-answers]: invalid UTF-8",
        plan: b"path: api-cdc\n\xc3\x28\n",
        plan_says: "bad.eb-plan.yaml:2:1: error[invalid-plan]: cannot read the plan: invalid UTF-8",
    },
    Bad {
        what: "NUL byte",
        answers: b"goal: send\0-events\n",
        answers_says: "bad.yaml:1:11: error[invalid-answers]: NUL byte",
        plan: b"path: api-cdc\nanswers:\n  goal: \0\n",
        plan_says: "bad.eb-plan.yaml:3:9: error[invalid-plan]: not valid YAML: NUL byte",
    },
    Bad {
        what: "several documents",
        answers: b"goal: send-events\n---\ngoal: unsure\n",
        answers_says: "more than one YAML document",
        plan: b"path: api-cdc\n---\npath: api-cdc\n",
        plan_says: "error[invalid-plan]: not valid YAML: more than one YAML document",
    },
    Bad {
        what: "number too large for a float",
        answers: b"goal: unsure\nmonthly-volume: 1e400\n",
        answers_says: "bad.yaml:2:17: error[invalid-answers]: the number `1e400` is out of range",
        plan: b"path: api-cdc\nanswers:\n  monthly-volume: 1e400\n",
        plan_says: "bad.eb-plan.yaml:3:19: error[invalid-plan]: not valid YAML: the number `1e400` is out of range",
    },
    Bad {
        what: "negative number",
        answers: b"goal: unsure\nmonthly-volume: -5\n",
        answers_says: "bad.yaml:2:17: error[invalid-answers]: `-5` is not a valid answer to `monthly-volume`; expected a whole number from 0 to 9007199254740991",
        plan: b"path: api-cdc\nanswers:\n  monthly-volume: -5\n",
        plan_says: "bad.eb-plan.yaml:3:19: error[invalid-plan]: `-5` is not a valid answer to `monthly-volume`",
    },
    Bad {
        what: "number too large for a whole number",
        answers: b"goal: unsure\nmonthly-volume: 99999999999999999999\n",
        answers_says: "bad.yaml:2:17: error[invalid-answers]: the number is too large for `monthly-volume`; the largest answer is 9007199254740991",
        plan: b"path: api-cdc\nanswers:\n  monthly-volume: 99999999999999999999\n",
        plan_says: "bad.eb-plan.yaml:3:19: error[invalid-plan]: the number is too large for `monthly-volume`",
    },
    Bad {
        what: "decimal number",
        answers: b"goal: unsure\nmonthly-volume: 2.5\n",
        answers_says: "bad.yaml:2:17: error[invalid-answers]: found the decimal number `2.5` for `monthly-volume`",
        plan: b"path: api-cdc\nanswers:\n  monthly-volume: 2.5\n",
        plan_says: "bad.eb-plan.yaml:3:19: error[invalid-plan]: found the decimal number `2.5`",
    },
    Bad {
        what: "duplicate key",
        answers: b"goal: unsure\ngoal: send-events\n",
        answers_says: "bad.yaml:2:1: error[invalid-answers]: duplicate key `goal`",
        plan: b"path: api-cdc\npath: console-webhook\n",
        plan_says: "bad.eb-plan.yaml:2:1: error[invalid-plan]: not valid YAML: duplicate key `path`",
    },
];

#[test]
fn malformed_answers_files_exit_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for bad in BAD {
        write(dir.path(), "bad.yaml", bad.answers);
        let r = run(dir.path(), &["recommend", "--answers", "bad.yaml"]);
        assert!(
            r.stderr.contains(bad.answers_says),
            "{}: expected {:?} in:\n{}",
            bad.what,
            bad.answers_says,
            r.stderr
        );
        r.expect(2);
    }
}

#[test]
fn malformed_plans_are_invalid_plan_findings_with_positions_and_the_rest_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.eb-plan.yaml", GOOD_PLAN);
    for bad in BAD {
        write(dir.path(), "bad.eb-plan.yaml", bad.plan);
        let r = run(dir.path(), &["check", "."]);
        assert!(
            r.stdout.contains(bad.plan_says),
            "{}: expected {:?} in:\n{}",
            bad.what,
            bad.plan_says,
            r.stdout
        );
        r.expect(1)
            .says("good.eb-plan.yaml: passed")
            .says("2 plans: 1 passed, 1 failed");
    }
}

#[test]
fn a_bom_and_crlf_line_endings_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = |text: &str| format!("\u{feff}{}", text.replace('\n', "\r\n"));
    write(dir.path(), "a.yaml", crlf(GOOD_ANSWERS));
    run(dir.path(), &["recommend", "--answers", "a.yaml"])
        .expect(0)
        .says("Recommended path");
    write(dir.path(), "p.eb-plan.yaml", crlf(GOOD_PLAN));
    run(dir.path(), &["check", "p.eb-plan.yaml"])
        .expect(0)
        .says("1 plan: 1 passed");
    // Positions still count lines right after a BOM and CRLF.
    write(
        dir.path(),
        "q.eb-plan.yaml",
        crlf("path: fc-api-gateway\nanswers:\n  goal: nope\n"),
    );
    run(dir.path(), &["check", "q.eb-plan.yaml"])
        .expect(1)
        .says("q.eb-plan.yaml:3:9: error[invalid-plan]: `nope` is not a valid answer to `goal`");
}

#[test]
fn very_long_lines_and_values_give_a_short_message_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(900_000);
    write(dir.path(), "a.yaml", format!("goal: {long}\n"));
    let r = run(dir.path(), &["recommend", "--answers", "a.yaml"]);
    r.expect(2)
        .says("a.yaml:1:7: error[invalid-answers]: `xxxx")
        .says("…` is not a valid answer to `goal`")
        .within(Duration::from_secs(20));
    assert!(r.stderr.len() < 2_000, "{} bytes of error", r.stderr.len());
    write(
        dir.path(),
        "p.eb-plan.yaml",
        format!("path: {long}\nanswers: {{}}\n"),
    );
    let r = run(dir.path(), &["check", "p.eb-plan.yaml", "--format", "json"]);
    r.expect(1).within(Duration::from_secs(20));
    assert!(
        r.stdout.len() < 20_000,
        "{} bytes of report",
        r.stdout.len()
    );
}

#[test]
fn malformed_rulebooks_exit_2_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    for (text, says) in [
        (&b""[..], "r.yaml:1:1:"),
        (b"rulebook: [\n", "r.yaml:1:11:"),
        (
            b"rulebook:\n  id: x\n  id: y\n",
            "r.yaml:3:3: error[invalid-rulebook]: duplicate key `id`",
        ),
        (
            b"\xff\xfe",
            "r.yaml:1:1: error[invalid-rulebook]: invalid UTF-8",
        ),
        (b"rulebook: {id: x}\0", "NUL byte"),
    ] {
        write(dir.path(), "r.yaml", text);
        run(dir.path(), &["--rules", "r.yaml", "paths"])
            .expect(2)
            .says("error: the rulebook cannot be used")
            .says(says);
    }
}

#[test]
fn a_plan_with_sixty_thousand_findings_is_framed_in_linear_time() {
    // Found by hand: --frames (on by default in a colour terminal) rescanned the file for
    // each finding, and printed a long line once per finding on it; this took minutes.
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<String> = (0..60_000).map(|i| format!("k{i}: 1")).collect();
    write(
        dir.path(),
        "block.eb-plan.yaml",
        format!("path: api-cdc\nanswers:\n  {}\n", keys.join("\n  ")),
    );
    write(
        dir.path(),
        "flow.eb-plan.yaml",
        format!("path: api-cdc\nanswers: {{{}}}\n", keys.join(", ")),
    );
    for plan in ["block.eb-plan.yaml", "flow.eb-plan.yaml"] {
        let r = run(dir.path(), &["check", plan, "--frames"]);
        r.expect(1)
            .says("unknown answer id `k59999`")
            .within(Duration::from_secs(45));
        assert!(r.stdout.len() < 40_000_000, "{} bytes", r.stdout.len());
    }
}

// ---------------------------------------------------------------------------------------
// 5. Output safety
// ---------------------------------------------------------------------------------------

/// A plan whose keys, values and name carry escape sequences, line breaks, workflow
/// commands, markup and characters XML cannot hold.
const NASTY_PLAN: &str = "path: \"api-cdc\\e[2J\"
answers:
  \"goal\\n::error file=x.yaml::injected\": x
  \"\\e]0;owned\\a\": 1
  \"<b>&amp;|`x`|</b>\": 2
  \"\\uFFFE\\uFFFF\\u202E\": 3
  \"100% sure,: yes\\r\": 4
";

fn nasty_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "nasty.eb-plan.yaml", NASTY_PLAN);
    let name = OsStrExtName::name(b"we\x1b[31mird\n::warning::x,y:%.eb-plan.yaml");
    std::fs::write(dir.path().join(name), NASTY_PLAN).unwrap();
    dir
}

/// A file name from raw bytes.
struct OsStrExtName;
impl OsStrExtName {
    fn name(bytes: &[u8]) -> &std::ffi::OsStr {
        std::ffi::OsStr::from_bytes(bytes)
    }
}

#[test]
fn text_and_markdown_show_control_characters_escaped() {
    let dir = nasty_dir();
    for format in ["text", "markdown"] {
        let r = run(dir.path(), &["check", ".", "--format", format, "--frames"]);
        r.expect(1);
        assert!(!r.stdout.contains('\x1b'), "{format}: ESC in output");
        assert!(!r.stdout.contains('\x07'), "{format}: BEL in output");
        assert!(!r.stdout.contains('\r'), "{format}: CR in output");
        assert!(!r.stdout.contains('\u{202e}'), "{format}: bidi override");
        assert!(
            !r.stdout.lines().any(|l| l.starts_with("::")),
            "{format}: a line reads as a workflow command:\n{}",
            r.stdout
        );
        r.says(if format == "text" {
            "`api-cdc\\u{1b}[2J`"
        } else {
            "`api-cdc\\\\u{1b}\\[2J\\`"
        });
    }
    // Answers files and rulebooks: messages on stderr.
    write(dir.path(), "a.yaml", "goal: \"\\e[2Jx\\n::error::y\"\n");
    let r = run(dir.path(), &["recommend", "--answers", "a.yaml"]);
    r.expect(2).says("\\u{1b}[2Jx\\n::error::y");
    assert!(!r.stderr.contains('\x1b'));
    write(
        dir.path(),
        "r.yaml",
        "rulebook: {id: \"bad\\e[2J\\nid\", version: \"1\", title: t}
questions:
  - id: \"q\\n::error file=x::injected\"
    prompt: p
    kind: choice
    choices:
      - {value: \"a\\n::warning::injected\", label: A}
      - {value: b, label: B}
outcomes: []
rules: []
",
    );
    let r = run(dir.path(), &["--rules", "r.yaml", "paths"]);
    r.expect(2).says("::error file=x::injected");
    assert!(!r.stderr.contains('\x1b'), "{}", r.stderr);
    assert!(
        !r.stderr.lines().any(|l| l.starts_with("::")),
        "a line of stderr reads as a workflow command:\n{}",
        r.stderr
    );
}

#[test]
fn acknowledgement_reasons_stay_on_their_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ack.eb-plan.yaml",
        "path: api-cdc
answers:
  goal: capture-db-changes
  database: postgresql
  network: public
  region: cn-hangzhou
  automation: no
  can-code: yes
  monthly-volume: 5000
acknowledge:
  postgresql-free-quota: \"fine\\n::error file=x::injected\\r\\e[2J\"
",
    );
    for format in ["text", "markdown", "github"] {
        let r = run(
            dir.path(),
            &["check", "ack.eb-plan.yaml", "--verbose", "--format", format],
        );
        r.expect(0).says("::error file=x::injected");
        assert!(!r.stdout.contains('\x1b') && !r.stdout.contains('\r'));
        let injected = r
            .stdout
            .lines()
            .filter(|l| l.starts_with("::error file=x"))
            .count();
        assert_eq!(injected, 0, "{format}:\n{}", r.stdout);
    }
}

#[test]
fn github_annotations_cannot_be_injected() {
    let dir = nasty_dir();
    let r = run(dir.path(), &["check", ".", "--format", "github"]);
    r.expect(1);
    let commands: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert!(!commands.is_empty(), "{}", r.stdout);
    for line in r.stdout.lines() {
        // Every line is one of ours: a command we wrote, or the summary.
        if let Some(command) = line.strip_prefix("::") {
            let (head, message) = command.split_once("::").expect("a command has ::");
            let (command, properties) = head.split_once(' ').unwrap();
            assert!(["error", "warning", "notice"].contains(&command), "{line}");
            for property in properties.split(',') {
                let (key, value) = property.split_once('=').expect("key=value");
                assert!(["file", "line", "col", "title"].contains(&key), "{line}");
                assert!(!value.contains(':') && !value.contains(','), "{line}");
            }
            assert!(
                !message.contains('\r') && !message.contains('\x1b'),
                "{line}"
            );
            // Percent signs from the file are escaped, so none decodes into a line break.
            assert!(!message.contains("%0A::"), "{line}");
        } else {
            assert!(line.contains("plans:"), "a stray line: {line:?}");
        }
    }
    assert!(r.stdout.contains("100%25 sure"), "{}", r.stdout);
    assert!(r.stdout.contains("x%2Cy%3A%25"), "{}", r.stdout);
}

#[test]
fn junit_and_sarif_are_well_formed_whatever_the_input() {
    let dir = nasty_dir();
    let r = run(dir.path(), &["check", ".", "--format", "junit"]);
    r.expect(1);
    let doc = roxmltree::Document::parse(&r.stdout)
        .unwrap_or_else(|e| panic!("JUnit is not XML: {e}\n{}", r.stdout));
    let cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    assert_eq!(cases, 2);
    let r = run(dir.path(), &["check", ".", "--format", "sarif"]);
    r.expect(1);
    let sarif: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("SARIF is not JSON: {e}\n{}", r.stdout));
    assert!(sarif["runs"][0]["results"].as_array().unwrap().len() >= 10);
    let r = run(dir.path(), &["check", ".", "--format", "json"]);
    r.expect(1);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["summary"]["plans"], 2);
}

/// Plans that hold the secret `hunter2` (or `hunter3`) under secret-like keys, spelt in
/// every way YAML allows, and broken in ways that make the parser quote them.
const SECRET_PLANS: &[&str] = &[
    "settings:\n  password: hunter2\n",
    "settings:\n  \"pass\\x77ord\": hunter2\n",
    "settings:\n  \"pass\\x77ord\": \"hunt\\x65r2\"\n",
    "settings: {\"pass\\x77ord\": hunter2, vpc-id: x}\n",
    "settings:\n  ? password\n  : hunter2\n",
    "settings:\n  token:\n    - hunter2\n    - hunter3\n",
    "settings:\n  db:\n    password: |\n      hunter2\n",
    "settings:\n  db: &x hunter2\n  password: *x\n",
    "settings:\n  password: \"hunter2\n",
    "settings:\n  password: >-\n hunter2\n",
    "settings:\n  password: hunter2: x\n",
    "settings:\n  password: !!int hunter2\n",
    "settings:\n  password: [hunter2\n",
    "settings:\n  password: hunter2\n  password: hunter3\n",
    "settings:\n  authorization: Bearer hunter2\n  vpc-id: 1\n",
    "settings:\n  dsn: mysql://cdc:hunter2@db:3306/orders\n",
    "settings:\n  robot: https://oapi.example.com/send?access_token=hunter2&x=1\n",
    "settings:\n  urls:\n    - https://u:hunter3@h/p\n",
    "settings:\n  webhook-url: https://open.example.com/hook/hunter2\n",
];

/// Whole plans where a secret value also stands outside its secret-like key, where a
/// message or a reason would quote it: under an anchor used through an alias, written
/// twice, or in an acknowledgement's reason.
const SECRETS_ELSEWHERE: &[&str] = &[
    "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  database: &x hunter2\nsettings:\n  password: *x\n",
    "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  region: hunter2\nsettings:\n  password: hunter2\n",
    "path: console-webhook\nanswers:\n  goal: capture-db-changes\n  database: mysql\n  network: vpc\n  region: cn-hangzhou\n  automation: no\n  can-code: yes\nsettings:\n  token: hunter2\nacknowledge:\n  path-mismatch: \"the old token hunter2 is still in use\"\n",
];

#[test]
fn secret_values_never_appear_in_any_format_or_message() {
    let dir = tempfile::tempdir().unwrap();
    for (i, settings) in SECRET_PLANS.iter().enumerate() {
        let plan = format!(
            "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  database: mysql\n  network: vpc\n  region: cn-hangzhou\n  automation: no\n  can-code: yes\n{settings}"
        );
        write(dir.path(), &format!("s{i:02}.eb-plan.yaml"), plan);
    }
    for (i, plan) in SECRETS_ELSEWHERE.iter().enumerate() {
        write(dir.path(), &format!("e{i:02}.eb-plan.yaml"), plan);
    }
    for format in ["text", "json", "github", "sarif", "junit", "markdown"] {
        let r = run(
            dir.path(),
            &[
                "check",
                ".",
                "--frames",
                "--format",
                format,
                "--output",
                &format!("{format}=out.{format}"),
            ],
        );
        r.expect(1)
            .never_says("hunter2")
            .never_says("hunter3")
            .never_says("aHVudGVyMg");
        let saved = std::fs::read_to_string(dir.path().join(format!("out.{format}"))).unwrap();
        assert!(!saved.contains("hunter"), "{format} file:\n{saved}");
    }
    // Every literal was found: one plaintext-secret (or invalid-plan) per plan.
    let r = run(dir.path(), &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    for plan in json["plans"].as_array().unwrap() {
        let ids: Vec<&str> = plan["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        assert!(
            ids.contains(&"plaintext-secret") || ids.contains(&"invalid-plan"),
            "{}: {ids:?}",
            plan["file"]
        );
    }
}

/// The chat apps' robot addresses, each with its credential (`R0B0T…`), under keys that
/// do not look secret.
const ROBOT_URLS: &[(&str, &str, &str)] = &[
    (
        "dingtalk",
        "https://oapi.dingtalk.com/robot/send?access_token=",
        "R0B0TD1NG",
    ),
    (
        "wecom",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=",
        "R0B0TW3C0M",
    ),
    (
        "lark",
        "https://open.larksuite.com/open-apis/bot/v2/hook/",
        "R0B0TL4RK",
    ),
    (
        "feishu",
        "https://open.feishu.cn/open-apis/bot/v2/hook/",
        "R0B0TF3ISHU",
    ),
];

#[test]
fn chat_robot_addresses_are_secrets_under_any_key_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for (app, address, credential) in ROBOT_URLS {
        let plan = format!(
            "path: console-webhook\nanswers:\n  goal: send-events\n  target: lark\n  automation: no\n  can-code: no\nsettings:\n  event-pattern: '{{\"source\": [\"acs.oss\"]}}'\n  backup-hook: {address}{credential}\n"
        );
        write(dir.path(), &format!("{app}.eb-plan.yaml"), plan);
    }
    for format in ["text", "json", "github", "sarif", "junit", "markdown"] {
        let r = run(dir.path(), &["check", ".", "--frames", "--format", format]);
        r.expect(1);
        for (_, _, credential) in ROBOT_URLS {
            r.never_says(credential);
        }
    }
    let r = run(dir.path(), &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let plans = json["plans"].as_array().unwrap();
    assert_eq!(plans.len(), ROBOT_URLS.len());
    for plan in plans {
        let secret = plan["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == "plaintext-secret")
            .unwrap_or_else(|| panic!("{}: no plaintext-secret", plan["file"]));
        // At the line of `backup-hook` (the ninth), where the fix goes.
        assert_eq!(secret["line"], 9, "{}", plan["file"]);
    }
    // As references, the same addresses pass the secret check, and so do addresses
    // without a credential (`/hooks/` is not `/hook/`, `keys` is not `key`).
    let referenced = "path: console-webhook\nanswers:\n  goal: send-events\n  target: lark\n  automation: no\n  can-code: no\nsettings:\n  backup-hook: ${LARK_HOOK}\n  lark-hook: https://open.larksuite.com/open-apis/bot/v2/hook/${LARK_TOKEN}\n  docs: https://example.com/hooks/overview?page=2\n  other: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?keys=1\n";
    let clean = tempfile::tempdir().unwrap();
    write(clean.path(), "ok.eb-plan.yaml", referenced);
    let r = run(clean.path(), &["check", ".", "--format", "json"]);
    assert!(!r.stdout.contains("plaintext-secret"), "{}", r.stdout);
}

#[test]
fn a_secret_like_answer_in_a_custom_rulebook_is_not_quoted_when_invalid() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rules.yaml",
        "rulebook: {id: keys, version: \"1\", title: Keys}
plans: {secret-keys: [token]}
questions:
  - id: api-token
    prompt: Which token?
    kind: choice
    choices:
      - {value: a, label: A}
      - {value: b, label: B}
outcomes:
  - {id: x, kind: path, name: X}
rules:
  - {id: any, when: {api-token: [a]}, outcome: x}
",
    );
    run(dir.path(), &["--rules", "rules.yaml", "paths"]).expect(0);
    write(
        dir.path(),
        "p.eb-plan.yaml",
        "path: x\nanswers:\n  api-token: hunter2\n",
    );
    run(
        dir.path(),
        &["--rules", "rules.yaml", "check", "p.eb-plan.yaml"],
    )
    .expect(1)
    .says("p.eb-plan.yaml:3:14: error[invalid-plan]")
    .never_says("hunter2");
    write(dir.path(), "a.yaml", "api-token: hunter2\n");
    run(
        dir.path(),
        &["--rules", "rules.yaml", "recommend", "--answers", "a.yaml"],
    )
    .expect(2)
    .says("a.yaml:1:12:")
    .never_says("hunter2");
}

// ---------------------------------------------------------------------------------------
// 6. Interruptions and pipes
// ---------------------------------------------------------------------------------------

/// Starts `eb-advisor ARGS` with stdout a pipe whose reading end is closed at once.
fn with_closed_stdout(dir: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let mut child = command(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr,
        took: started.elapsed(),
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        write(
            dir.path(),
            &format!("plans/p{i:03}.eb-plan.yaml"),
            GOOD_PLAN,
        );
    }
    for (args, code) in [
        (vec!["paths"], 0),
        (vec!["paths", "api-cdc"], 0),
        (vec!["check", "plans"], 0),
        (vec!["check", "plans", "--format", "json"], 0),
        (vec!["check", "plans", "--format", "junit"], 0),
        (
            vec![
                "recommend",
                "--goal",
                "unsure",
                "--automation",
                "no",
                "--can-code",
                "no",
                "--format",
                "json",
            ],
            0,
        ),
        (vec!["rules", "schema", "rulebook"], 0),
        (vec!["rules", "graph"], 0),
        (vec!["rules", "lint"], 0),
        (vec!["completions", "bash"], 0),
        (vec!["man"], 0),
        (vec!["--help"], 0),
    ] {
        let r = with_closed_stdout(dir.path(), &args);
        assert!(
            !r.stderr.contains("Broken pipe") && !r.stderr.contains("panicked"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(
            r.code == code || r.code == 1,
            "{args:?} exited {}: {}",
            r.code,
            r.stderr
        );
    }
}

#[test]
fn ask_without_a_terminal_exits_2_at_once() {
    let dir = tempfile::tempdir().unwrap();
    for args in [vec!["ask"], vec![], vec!["ask", "--save", "a.yaml"]] {
        run(dir.path(), &args)
            .expect(2)
            .within(Duration::from_secs(10));
    }
    assert!(!dir.path().join("a.yaml").exists());
}

#[test]
fn outputs_are_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.eb-plan.yaml", GOOD_PLAN);
    write(dir.path(), "out.json", "old");
    // One output cannot be written (its folder is missing): the run fails, and the file
    // written before it was replaced whole; no temporary file is left anywhere.
    run(
        dir.path(),
        &[
            "check",
            "p.eb-plan.yaml",
            "--output",
            "json=out.json",
            "--output",
            "sarif=missing/out.sarif",
        ],
    )
    .expect(2)
    .says("cannot write");
    let json = std::fs::read_to_string(dir.path().join("out.json")).unwrap();
    assert!(json == "old" || serde_json::from_str::<serde_json::Value>(&json).is_ok());
    let leftovers = support::temp_files_in(dir.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // --save without a terminal but with every answer: written whole.
    run(
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
    )
    .expect(0);
    run(dir.path(), &["recommend", "--answers", "a.yaml"])
        .expect(0)
        .says("console-webhook");
}

#[test]
fn outputs_to_a_link_or_a_fifo_keep_the_link_and_the_fifo() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.eb-plan.yaml", GOOD_PLAN);
    write(dir.path(), "real.json", "old");
    std::os::unix::fs::symlink("real.json", dir.path().join("link.json")).unwrap();
    let fifo = dir.path().join("fifo.sarif");
    mkfifo(&fifo);
    // `--output sarif=/dev/stdout` is the same case as the fifo: renaming a temporary
    // file over it would replace the device node.
    let reader = std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap());
    run(
        dir.path(),
        &[
            "check",
            "p.eb-plan.yaml",
            "--output",
            "json=link.json",
            "--output",
            "sarif=fifo.sarif",
        ],
    )
    .expect(0)
    .within(Duration::from_secs(20));
    use std::os::unix::fs::FileTypeExt;
    let fifo = dir.path().join("fifo.sarif");
    let kind = std::fs::metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the fifo was replaced by a file");
    if !reader.is_finished() {
        // Nothing was written to it: let the reader go, with nothing.
        let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
    }
    let sarif = reader.join().unwrap();
    assert!(sarif.contains("\"version\":\"2.1.0\""), "{sarif}");
    let link = std::fs::symlink_metadata(dir.path().join("link.json")).unwrap();
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let json = std::fs::read_to_string(dir.path().join("real.json")).unwrap();
    assert!(json.contains("\"summary\""), "{json}");
}

/// Ctrl-C at the first question, inside a shell that prints the terminal's settings
/// before and after: raw mode gone, echo and line editing as they were, the cursor shown,
/// exit 130, and no file written.
#[test]
fn ctrl_c_in_ask_restores_the_terminal_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "trap '' INT; stty -a; echo BEFORE-END; '{BIN}' --color never --lang en ask --save a.yaml --save-plan p.eb-plan.yaml; echo \"exit=$?\"; stty -a; echo AFTER-END"
    );
    let mut command = Command::new("bash");
    support::scrub(&mut command)
        .args(["--norc", "--noprofile", "-c", &script])
        .current_dir(dir.path())
        .env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(command, Some(15_000)).unwrap();
    let before = p.exp_string("BEFORE-END").unwrap();
    p.exp_string("\x1b[?25l").unwrap();
    p.exp_string("What do you want the integration to do?")
        .unwrap();
    p.send_control('c').unwrap();
    let after = p.exp_string("AFTER-END").unwrap();
    p.exp_eof().unwrap();
    assert!(after.contains("Interrupted; nothing was saved."), "{after}");
    assert!(after.contains("exit=130"), "{after}");
    let shown = after.rfind("\x1b[?25h").expect("the cursor is shown again");
    assert!(
        after.rfind("\x1b[?25l").is_none_or(|hidden| hidden < shown),
        "the cursor was left hidden"
    );
    let flags = |text: &str| -> Vec<String> {
        let from = text.find("speed").expect("stty -a output");
        text[from..]
            .split_whitespace()
            .filter(|w| !w.contains('=') && !w.ends_with(';'))
            .map(str::to_string)
            .collect()
    };
    let (before, after_flags) = (
        flags(&before),
        flags(&after[after.find("exit=").unwrap()..]),
    );
    assert_eq!(before, after_flags, "the terminal's settings changed");
    for flag in ["icanon", "isig", "icrnl", "opost"] {
        assert!(after_flags.iter().any(|f| f == flag), "left with -{flag}");
    }
    assert!(!dir.path().join("a.yaml").exists());
    assert!(!dir.path().join("p.eb-plan.yaml").exists());
}

// ---------------------------------------------------------------------------------------
// 7. The file system
// ---------------------------------------------------------------------------------------

#[test]
fn unreadable_files_and_folders_are_reported_once_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plans/good.eb-plan.yaml", GOOD_PLAN);
    write(dir.path(), "plans/locked.eb-plan.yaml", GOOD_PLAN);
    write(dir.path(), "plans/shut/inner.eb-plan.yaml", GOOD_PLAN);
    write(dir.path(), "plans/file", "not a folder");
    set_mode(&dir.path().join("plans/locked.eb-plan.yaml"), 0o000);
    set_mode(&dir.path().join("plans/shut"), 0o000);
    // A path under a file: ENOTDIR, whoever runs it.
    let r = run(dir.path(), &["check", "plans", "plans/file/x.eb-plan.yaml"]);
    set_mode(&dir.path().join("plans/shut"), 0o755);
    r.expect(1)
        .says("plans/file/x.eb-plan.yaml:1:1: error[invalid-plan]: cannot read the plan: ")
        .says("plans/good.eb-plan.yaml: passed");
    if is_root() {
        eprintln!("note: running as root, so chmod 000 does not stop reading; the permission assertions are skipped");
        return;
    }
    r.says("plans/locked.eb-plan.yaml:1:1: error[invalid-plan]: cannot read the plan: permission denied")
        .says("plans/shut:1:1: error[invalid-plan]: cannot read the plan: cannot read the folder: permission denied")
        .says("4 plans: 1 passed, 3 failed");
    assert_eq!(r.stdout.matches("permission denied").count(), 2);
}

#[test]
fn symlink_loops_in_a_checked_folder_end_and_are_reported_once() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plans/good.eb-plan.yaml", GOOD_PLAN);
    write(dir.path(), "plans/sub/also.eb-plan.yaml", GOOD_PLAN);
    symlink("..", dir.path().join("plans/sub/up")).unwrap();
    symlink(".", dir.path().join("plans/sub/here")).unwrap();
    symlink(
        "loop.eb-plan.yaml",
        dir.path().join("plans/loop.eb-plan.yaml"),
    )
    .unwrap();
    symlink("b.eb-plan.yaml", dir.path().join("plans/a.eb-plan.yaml")).unwrap();
    symlink("a.eb-plan.yaml", dir.path().join("plans/b.eb-plan.yaml")).unwrap();
    let r = run(dir.path(), &["check", "plans"]);
    r.expect(1)
        .within(Duration::from_secs(20))
        .says("plans/good.eb-plan.yaml: passed")
        .says("plans/sub/also.eb-plan.yaml: passed")
        .says("plans/loop.eb-plan.yaml:1:1: error[invalid-plan]: cannot read the plan: ")
        .says("5 plans: 2 passed, 3 failed");
    assert_eq!(r.stdout.matches("loop.eb-plan.yaml:1:1").count(), 1);
}

#[test]
fn file_names_that_are_not_utf8_are_each_checked_and_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("plans")).unwrap();
    for name in [
        &b"\xff.eb-plan.yaml"[..],
        b"\xfe.eb-plan.yaml",
        b"ok.eb-plan.yaml",
    ] {
        let mut path = dir.path().join("plans").into_os_string();
        path.push("/");
        path.push(std::ffi::OsStr::from_bytes(name));
        std::fs::write(&path, GOOD_PLAN).unwrap();
    }
    run(dir.path(), &["check", "plans"])
        .expect(0)
        .says("plans/\\xfe.eb-plan.yaml: passed")
        .says("plans/\\xff.eb-plan.yaml: passed")
        .says("3 plans: 3 passed");
}

#[test]
fn ten_thousand_plans_with_a_few_broken_ones() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    for i in 0..10_000 {
        let sub = plans.join(format!("team{:02}", i % 50));
        if i < 50 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        let text = match i {
            1234 => "path: api-cdc\nanswers: [\n".to_string(),
            5678 => "\u{0}".to_string(),
            9999 => "path: nowhere\nanswers: {}\n".to_string(),
            _ => GOOD_PLAN.to_string(),
        };
        std::fs::write(sub.join(format!("p{i:05}.eb-plan.yaml")), text).unwrap();
    }
    let r = run(dir.path(), &["check", "plans", "--format", "json"]);
    r.expect(1).within(Duration::from_secs(50));
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["summary"]["plans"], 10_000);
    assert_eq!(json["summary"]["passed"], 9_997);
    assert_eq!(json["summary"]["failed"], 3);
    let failed: Vec<String> = json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["passed"] == false)
        .map(|p| p["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        failed,
        [
            "plans/team28/p05678.eb-plan.yaml",
            "plans/team34/p01234.eb-plan.yaml",
            "plans/team49/p09999.eb-plan.yaml",
        ]
    );
}
