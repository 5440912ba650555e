//! `completions SHELL`: a completion script that includes the loaded rulebook's answer
//! flags and their values (`--colour <TAB>` offers the colour question's values).
//!
//! The script is generated from the rulebook loaded when it is generated: for another
//! rulebook, generate with `--rules FILE completions SHELL`.

use crate::cli::{self, CompletionsArgs};
use crate::outcome::{emit, Context, Exit, Failure};

pub fn run(ctx: &Context, args: &CompletionsArgs) -> Result<Exit, Failure> {
    let mut command = cli::documented_command(&ctx.rulebook);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "eb-advisor", &mut script);
    emit(&String::from_utf8_lossy(&script))?;
    Ok(Exit::Ok)
}
