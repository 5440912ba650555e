//! `eb-advisor mcp`: the advisor as a Model Context Protocol server on stdio, so that a
//! coding agent asks the rulebook rather than guessing from prose.
//!
//! Two programs share this module. The CLI (`eb-advisor`) parses `mcp` like any other
//! subcommand and then runs the program that has the server, `eb-advisor-mcp`, from its
//! own folder (`launch`): the SDK and its async runtime are linked into that program
//! only, so they cost the CLI's start-up nothing. Which of the two `eb-advisor mcp` does
//! is the [`Serve`] function each program's `main` hands to `app::run`.
//!
//! Compiled into both: the arguments, `--print-config` (`config`) and `launch`. Only with
//! the `mcp` feature, in the server program: `names` (the tools and resources),
//! `advisor` (what every request is answered from), `handler` answers each tool call and
//! resource read as a plain function (the fuzz target's entry point), `arguments` reads
//! and checks a call's arguments, `schema` describes the tools from the loaded rulebook,
//! `summary` writes the short texts beside the structured results, `transport` reads and
//! writes the protocol's lines, and `server` binds them to the SDK.

mod config;
pub mod launch;

#[cfg(feature = "mcp")]
mod advisor;
#[cfg(feature = "mcp")]
mod arguments;
#[cfg(feature = "mcp")]
mod handler;
#[cfg(feature = "mcp")]
mod names;
#[cfg(feature = "mcp")]
mod schema;
#[cfg(feature = "mcp")]
mod server;
#[cfg(feature = "mcp")]
pub mod summary;
#[cfg(feature = "mcp")]
mod transport;

use std::path::Path;

#[cfg(feature = "mcp")]
pub use advisor::Advisor;
#[cfg(feature = "mcp")]
pub use arguments::{Problem, ToolError};
#[cfg(feature = "mcp")]
pub use names::{RESOURCES, TOOLS};
#[cfg(feature = "mcp")]
pub use server::serve;
#[cfg(feature = "mcp")]
pub use transport::{max_line, parse_line, Line};

pub use crate::cli::Client;
use crate::cli::{GlobalArgs, McpArgs};
use crate::outcome::{emit, note, Context, Exit, Failure};

/// What `eb-advisor mcp` does once its arguments are parsed and the rulebook loaded:
/// serve (`eb-advisor-mcp`, [`serve`]), or run the program that does ([`launch::run`],
/// the CLI). It takes the context whole: a server keeps it as long as the process lives.
/// `rules` is the rulebook file in use (`--rules`, else the policy's); `None`: the
/// embedded one.
pub type Serve = fn(ctx: Context, rules: Option<&Path>) -> Result<Exit, Failure>;

/// Runs `eb-advisor mcp`: the registration snippet, or the server by way of `serve`.
pub fn run(
    ctx: Context,
    args: &McpArgs,
    global: &GlobalArgs,
    rules: Option<&Path>,
    serve: Serve,
) -> Result<Exit, Failure> {
    if let Some(client) = args.print_config {
        let snippet = config::snippet(client, global, ctx.lang())?;
        emit(&snippet)?;
        note(config::where_it_goes(client, ctx.lang()));
        return Ok(Exit::Ok);
    }
    serve(ctx, rules)
}
