fn main() -> std::process::ExitCode {
    let code = eb_advisor::app::run(std::env::args_os().collect());
    std::process::ExitCode::from(code as u8)
}
