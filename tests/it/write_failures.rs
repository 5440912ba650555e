//! Output that cannot be written is reported as a failed write, naming the file and the
//! reason, never as a usage error: a full disk (/dev/full) and a folder nobody may write
//! in.

use crate::support;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn eb(args: &[&str]) -> Command {
    let mut command = support::command();
    command
        .args(["--color", "never"])
        .args(args)
        .stdin(Stdio::null());
    command
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const SEND_TO_LARK: &[&str] = &[
    "recommend",
    "--goal",
    "send-events",
    "--target",
    "lark",
    "--automation",
    "no",
    "--can-code",
    "no",
];

fn to_dev_full(args: &[&str]) -> Output {
    let full = File::options()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    eb(args).stdout(full).output().expect("run eb-advisor")
}

#[test]
fn a_full_disk_is_reported_as_a_failed_write_in_the_users_language() {
    let out = to_dev_full(SEND_TO_LARK);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "error: cannot write the output: no space left on the device"
    );

    let mut zh = vec!["--lang", "zh"];
    zh.extend_from_slice(SEND_TO_LARK);
    let out = to_dev_full(&zh);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "错误：无法写入输出：设备上没有剩余空间"
    );
}

#[test]
fn a_full_disk_under_check_and_paths_is_a_failed_write_too() {
    let plans = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/plans");
    let out = to_dev_full(&["check", plans.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: cannot write the output: no space left on the device"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("Usage"), "{}", stderr(&out));

    let out = to_dev_full(&["paths"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot write the output"));
}

/// A folder in which no file can be created. A mode of 0555 is enough for a user; root
/// passes over modes, so there the folder is made immutable as well.
struct ReadOnlyDir {
    path: PathBuf,
    immutable: bool,
    _keep: tempfile::TempDir,
}

impl ReadOnlyDir {
    fn new() -> Option<ReadOnlyDir> {
        use std::os::unix::fs::PermissionsExt;
        let keep = tempfile::tempdir().unwrap();
        let path = keep.path().join("locked");
        std::fs::create_dir(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o555)).unwrap();
        let mut dir = ReadOnlyDir {
            path,
            immutable: false,
            _keep: keep,
        };
        if dir.writable() {
            dir.immutable = Command::new("chattr")
                .arg("+i")
                .arg(&dir.path)
                .status()
                .is_ok_and(|s| s.success());
            if dir.writable() {
                return None;
            }
        }
        Some(dir)
    }

    fn writable(&self) -> bool {
        let probe = self.path.join(".probe");
        let ok = File::create(&probe).is_ok();
        let _ = std::fs::remove_file(&probe);
        ok
    }
}

impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = Command::new("chattr").arg("-i").arg(&self.path).status();
        }
        let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn a_read_only_target_is_named_with_the_reason() {
    let Some(dir) = ReadOnlyDir::new() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no way to make a read-only folder here (chattr failed as root)"
        );
        eprintln!("skipped: no way to make a read-only folder on this file system");
        return;
    };
    let report = dir.path.join("report.json");
    let plans = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/plans/typo.eb-plan.yaml");
    let output = format!("json={}", report.display());
    let out = eb(&["check", plans.to_str().unwrap(), "--output", &output])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "error: cannot write {}: permission denied",
            report.display()
        )
    );
    assert!(!report.exists());

    let man = dir.path.join("man");
    let out = eb(&["man", "--dir", man.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        format!("error: cannot write {}: permission denied", man.display())
    );
}
