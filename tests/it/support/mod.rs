//! What the integration tests share: the binary run in a known environment, the issue's
//! answers, and the system tools some tests drive. A test module says `use crate::support;`.

pub mod secrets;
pub mod tools;

use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_eb-advisor");

/// Every variable the binary reads from its environment: the language (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`), the rulebook, the completion request, CI and GitHub Actions,
/// colour and width. `TERM` is left alone: the shells and pseudo-terminals some tests
/// drive need it, and the binary reads it only for `dumb` (no colour).
/// `tests/it/cli_reach.rs` keeps this list equal to the names the source reads.
pub const READ_BY_THE_BINARY: &[&str] = &[
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "EB_ADVISOR_RULES",
    "EB_ADVISOR_COMPLETE",
    "CI",
    "GITHUB_ACTIONS",
    "GITHUB_WORKSPACE",
    "NO_COLOR",
    "COLUMNS",
];

/// Starts `command`, a program the test has just copied: while another test thread forks,
/// the copy's write handle may live on in the child for a moment, and Linux refuses to run
/// a file open for writing (`ETXTBSY`). Tries again for up to a second.
pub fn spawn_copied(command: &mut Command) -> std::process::Child {
    for _ in 0..50 {
        match command.spawn() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            result => return result.unwrap(),
        }
    }
    command.spawn().unwrap()
}

/// The temporary files (`*.tmp`) left in `dir`: an atomic write leaves none, whatever
/// happened to it.
pub fn temp_files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// Every Rust file under `dir` (for the tests that read the source itself: `src`),
/// sorted.
pub fn rust_files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `command` without any variable the binary reads, so that what the developer's shell
/// or the CI runner exports cannot change what a test sees: a test sets what it tests.
pub fn scrub(command: &mut Command) -> &mut Command {
    for var in READ_BY_THE_BINARY {
        command.env_remove(var);
    }
    command
}

/// The binary, in a scrubbed environment.
pub fn command() -> Command {
    let mut command = Command::new(BIN);
    scrub(&mut command);
    command
}

/// [`command`], for tests that assert through assert_cmd (`write_stdin`, `assert`).
pub fn advisor() -> assert_cmd::Command {
    assert_cmd::Command::from_std(command())
}

/// DingTalk events on the console path by a team that wants it automated, as flags: the
/// answers whose verdict the sources of truth disagree on.
pub const DINGTALK_AUTOMATED: &[&str] = &[
    "--goal",
    "receive-app-events",
    "--source",
    "dingtalk",
    "--automation",
    "yes",
    "--can-code",
    "yes",
];

/// PostgreSQL CDC in a VPC with 50,000 requests a month, as flags: the verdict the
/// questionnaire and verdict tests walk to.
pub const POSTGRESQL_VPC: &[&str] = &[
    "--goal",
    "capture-db-changes",
    "--database",
    "postgresql",
    "--network",
    "vpc",
    "--region",
    "cn-hangzhou",
    "--automation",
    "yes",
    "--can-code",
    "yes",
    "--monthly-volume",
    "50000",
];

/// The PostgreSQL CDC answers as flags: api-cdc with its PostgreSQL and VPC
/// findings, and a cost of 0.4 CNY.
pub const POSTGRESQL_CDC: &[&str] = &[
    "--goal",
    "capture-db-changes",
    "--database",
    "postgresql",
    "--network",
    "vpc",
    "--region",
    "cn-hangzhou",
    "--automation",
    "yes",
    "--can-code",
    "yes",
    "--monthly-volume",
    "5000",
];
