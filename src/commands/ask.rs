//! `ask`: the questionnaire.

use clap::ArgMatches;

use super::{gather_answers, missing_answers_failure};
use crate::app::{Context, Exit, Failure};
use crate::cli::AskArgs;
use crate::engine;
use crate::i18n::tr;

pub fn run(ctx: &Context, args: &AskArgs, matches: &ArgMatches) -> Result<Exit, Failure> {
    let answers = gather_answers(ctx, &args.answers, matches)?;
    if !ctx.stdin_is_terminal || !ctx.stdout_is_terminal || std::env::var_os("CI").is_some() {
        let missing = engine::missing(&ctx.rulebook, &answers);
        return Err(missing_answers_failure(
            ctx,
            &missing,
            tr(
                ctx.lang(),
                "no terminal to ask in (or CI is set).",
                "没有可提问的终端（或设置了 CI）。",
            ),
        ));
    }
    Err(Failure::usage("the questionnaire is not built yet"))
}
