fn main() -> std::process::ExitCode {
    // `eb-advisor mcp` starts the server program beside this one: the server is not
    // linked into the CLI (src/mcp/launch.rs says why).
    let code = eb_advisor::app::run(std::env::args_os().collect(), eb_advisor::mcp::launch::run);
    std::process::ExitCode::from(code as u8)
}
