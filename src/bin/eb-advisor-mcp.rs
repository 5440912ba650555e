//! The MCP server program: the CLI's own command line, with the server linked in for
//! `mcp`. `eb-advisor mcp` runs this program with its arguments; every other command
//! works here too, as in `eb-advisor`.

fn main() -> std::process::ExitCode {
    let code = eb_advisor::app::run(std::env::args_os().collect(), eb_advisor::mcp::serve);
    std::process::ExitCode::from(code as u8)
}
