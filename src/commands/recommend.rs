//! `recommend`: one verdict from answers given as flags or a file. Never prompts.

use super::{exit_for, gather_answers, missing_answers_failure};
use crate::cli::{RecommendArgs, RecommendFormat};
use crate::engine;
use crate::i18n::tr;
use crate::outcome::{emit, Context, Exit, Failure};
use crate::report;

pub fn run(ctx: &Context, args: &RecommendArgs) -> Result<Exit, Failure> {
    let rb = &ctx.rulebook;
    let answers = gather_answers(ctx, &args.answers)?;
    let missing = crate::settled::missing(rb, &answers);
    if !missing.is_empty() {
        return Err(missing_answers_failure(
            ctx,
            &missing,
            tr(
                ctx.lang(),
                "recommend never prompts.",
                "recommend 不会提问。",
            ),
        ));
    }
    let answers = engine::with_defaults(rb, &answers);
    let verdict = engine::evaluate(rb, &answers, None);
    let output = match args.format {
        RecommendFormat::Text => {
            report::text::recommendation(rb, &answers, &verdict, args.explain, ctx.ui)
        }
        RecommendFormat::Json => report::json::recommendation(rb, &answers, &verdict),
        RecommendFormat::Markdown => {
            report::markdown::recommendation(rb, &answers, &verdict, ctx.lang())
        }
    };
    emit(&output)?;
    Ok(exit_for(verdict.worst(), args.fail_level))
}
