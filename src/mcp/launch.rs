//! The CLI's side of `eb-advisor mcp`: it runs `eb-advisor-mcp`, the program beside it
//! that has the server linked in, with the same arguments. (The CLI itself carries no
//! SDK and no async runtime: they would cost every `recommend` and `check` at start-up.)

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::outcome::{Context, Exit, Failure};
use crate::text::Lang;

/// The server program's file name.
pub const SERVER_PROGRAM: &str = "eb-advisor-mcp";
/// The CLI's file name, which client configurations name.
pub const CLI_PROGRAM: &str = "eb-advisor";

/// The file `name` (plus the platform's executable suffix) in the folder of the program
/// running now.
pub fn beside_this_program(name: &str) -> std::io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    Ok(exe
        .parent()
        .map_or_else(|| PathBuf::from(&file), |dir| dir.join(&file)))
}

/// [`crate::mcp::Serve`] for the CLI: replaces this process by `eb-advisor-mcp` with the
/// same arguments (on Unix; elsewhere it runs it, with this process's standard streams,
/// and exits with its exit code). Returns only when the program cannot be started.
pub fn run(ctx: Context, _rules: Option<&Path>) -> Result<Exit, Failure> {
    let lang = ctx.lang();
    let program = beside_this_program(SERVER_PROGRAM)
        .map_err(|e| Failure::error(cannot_start(Path::new(SERVER_PROGRAM), &e, lang)))?;
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    Err(Failure::error(start(&program, &args, lang)))
}

#[cfg(unix)]
fn start(program: &Path, args: &[OsString], lang: Lang) -> String {
    use std::os::unix::process::CommandExt;
    // `exec` returns only on failure.
    let e = Command::new(program).args(args).exec();
    cannot_start(program, &e, lang)
}

#[cfg(not(unix))]
fn start(program: &Path, args: &[OsString], lang: Lang) -> String {
    match Command::new(program).args(args).status() {
        // The server's exit code is the command's (2 when it ended on a signal).
        Ok(status) => std::process::exit(status.code().unwrap_or(2)),
        Err(e) => cannot_start(program, &e, lang),
    }
}

/// Why the server could not be started, and, when it is not there, how to install it.
fn cannot_start(program: &Path, e: &std::io::Error, lang: Lang) -> String {
    let shown = crate::fsutil::display_path(program);
    if e.kind() == std::io::ErrorKind::NotFound {
        return match lang {
            Lang::En => format!(
                "the MCP server is not installed: {shown} does not exist.\nIt is the program {SERVER_PROGRAM}, which comes with eb-advisor and must sit in the same folder: `cargo install --locked --path .` in a clone of eb-advisor installs both, and `cargo build --release` writes both to target/release/ (a build with --no-default-features leaves the server out)."
            ),
            Lang::Zh => format!(
                "MCP 服务器未安装：{shown} 不存在。\n它是随 eb-advisor 提供的程序 {SERVER_PROGRAM}，必须与 eb-advisor 位于同一文件夹：在 eb-advisor 的克隆中运行 `cargo install --locked --path .` 会同时安装二者，`cargo build --release` 会把二者都写入 target/release/（使用 --no-default-features 构建则不含服务器）。"
            ),
        };
    }
    let reason = crate::text::io_reason(e, lang);
    match lang {
        Lang::En => format!("cannot start the MCP server {shown}: {reason}"),
        Lang::Zh => format!("无法启动 MCP 服务器 {shown}：{reason}"),
    }
}
