//! Examples of use as data, as typos keeps them: each `tests/cmd/NAME.toml` is a command
//! line with its expected exit code, and `NAME.stdout` / `NAME.stderr` beside it hold what
//! it prints. `TRYCMD=overwrite cargo test --test it cli_tests` rewrites them after an
//! intended change; review the diff.

#[test]
fn cli_tests() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
