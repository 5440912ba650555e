//! `eb-advisor mcp --print-config CLIENT`: the JSON that registers this server with a
//! client, naming this very binary, so that the agent runs the build the user runs.

use std::path::Path;

use serde_json::{json, Value};

use super::launch::{beside_this_program, CLI_PROGRAM, SERVER_PROGRAM};
use crate::cli::Client;
use crate::cli::GlobalArgs;
use crate::i18n::tr;
use crate::outcome::Failure;
use crate::text::Lang;

/// The name the server is registered under.
pub const SERVER_NAME: &str = "eb-advisor";

/// The command line that starts this server with the global options given: `eb-advisor`
/// (the command users know, which starts the server program beside it) and `mcp`.
fn command_line(global: &GlobalArgs, lang: Lang) -> Result<(String, Vec<String>), Failure> {
    let not_utf8 = |what: &Path| {
        Failure::error(format!(
            "{}{}",
            tr(
                lang,
                "a client configuration is JSON text, and this path is not UTF-8: ",
                "客户端配置是 JSON 文本，而此路径不是 UTF-8："
            ),
            crate::fsutil::display_path(what)
        ))
    };
    let absolute = |path: &Path| {
        path.canonicalize().map_err(|e| {
            Failure::error(format!(
                "{}{}: {}",
                tr(lang, "cannot resolve ", "无法解析路径 "),
                crate::fsutil::display_path(path),
                crate::text::io_reason(&e, lang)
            ))
        })
    };
    let exe = std::env::current_exe()
        .and_then(|exe| {
            // Run as the server program, the snippet still names the CLI beside it.
            let stem = exe.file_stem().and_then(|s| s.to_str());
            match stem == Some(SERVER_PROGRAM) {
                true => beside_this_program(CLI_PROGRAM),
                false => Ok(exe),
            }
        })
        .map_err(|e| {
            Failure::error(format!(
                "{}{}",
                tr(
                    lang,
                    "cannot find the path of this program: ",
                    "无法确定本程序的路径："
                ),
                crate::text::io_reason(&e, lang)
            ))
        })?;
    let exe = absolute(&exe)?;
    let command = exe.to_str().ok_or_else(|| not_utf8(&exe))?.to_string();
    let mut args = Vec::new();
    let mut path_option = |name: &str, path: &Path| -> Result<(), Failure> {
        let path = absolute(path)?;
        args.push(name.to_string());
        args.push(path.to_str().ok_or_else(|| not_utf8(&path))?.to_string());
        Ok(())
    };
    // Absolute: a client starts the server in a folder of its own choosing.
    if let Some(rules) = &global.rules {
        path_option("--rules", rules)?;
    }
    if let Some(config) = &global.config {
        path_option("--config", config)?;
    }
    if global.no_config {
        args.push("--no-config".into());
    }
    if global.max_file_size() != crate::cli::DEFAULT_MAX_FILE_SIZE {
        args.push("--max-file-size".into());
        args.push(global.max_file_size().to_string());
    }
    if let Some(lang) = global.lang {
        args.push("--lang".into());
        args.push(Lang::from(lang).code().into());
    }
    if let Some(trust) = global.trust {
        args.push("--trust".into());
        args.push(trust.as_str().into());
    }
    args.push("mcp".into());
    Ok((command, args))
}

pub fn snippet(client: Client, global: &GlobalArgs, lang: Lang) -> Result<String, Failure> {
    let (command, args) = command_line(global, lang)?;
    let value: Value = match client {
        Client::ClaudeCode => json!({
            "mcpServers": { SERVER_NAME: { "type": "stdio", "command": command, "args": args, "env": {} } }
        }),
        Client::ClaudeDesktop | Client::Cursor => json!({
            "mcpServers": { SERVER_NAME: { "command": command, "args": args } }
        }),
        Client::Vscode => json!({
            "servers": { SERVER_NAME: { "type": "stdio", "command": command, "args": args } }
        }),
    };
    Ok(crate::report::json::pretty(&value))
}

/// Where the snippet goes, for standard error (stdout carries the JSON alone).
pub fn where_it_goes(client: Client, lang: Lang) -> &'static str {
    match client {
        Client::ClaudeCode => tr(
            lang,
            "Save it as .mcp.json at the root of the project (or merge its `mcpServers` into the one there); Claude Code asks once before using a project's servers.",
            "将其保存为项目根目录下的 .mcp.json（或把其中的 `mcpServers` 合并进已有文件）；Claude Code 首次使用项目服务器前会询问一次。",
        ),
        Client::ClaudeDesktop => tr(
            lang,
            "Merge its `mcpServers` into claude_desktop_config.json (Settings > Developer > Edit Config), then restart Claude Desktop.",
            "把其中的 `mcpServers` 合并进 claude_desktop_config.json（设置 > 开发者 > 编辑配置），然后重启 Claude Desktop。",
        ),
        Client::Vscode => tr(
            lang,
            "Save it as .vscode/mcp.json in the workspace (or merge its `servers` into the one there).",
            "将其保存为工作区中的 .vscode/mcp.json（或把其中的 `servers` 合并进已有文件）。",
        ),
        Client::Cursor => tr(
            lang,
            "Save it as .cursor/mcp.json in the project, or ~/.cursor/mcp.json for every project (or merge its `mcpServers` into the one there).",
            "将其保存为项目中的 .cursor/mcp.json，或用于所有项目的 ~/.cursor/mcp.json（或把其中的 `mcpServers` 合并进已有文件）。",
        ),
    }
}
