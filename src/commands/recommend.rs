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
        if args.format == RecommendFormat::Json {
            // A script reading JSON gets the missing answers as JSON too (exit 2 still);
            // the message for a person stays on stderr.
            emit(&report::json::missing_answers(rb, &answers, &missing))?;
        }
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
    let mut verdict = engine::evaluate(rb, &answers, None, ctx.trust);
    ctx.apply_policy_to_verdict(&mut verdict);
    let output = match args.format {
        RecommendFormat::Text => {
            let show = report::Show {
                explain: args.explain,
                detail: args.detail,
                compact: false,
            };
            report::text::recommendation(rb, &answers, &verdict, show, ctx.ui)
        }
        RecommendFormat::Json => report::json::recommendation(rb, &answers, &verdict),
        RecommendFormat::Markdown => {
            report::markdown::recommendation(rb, &answers, &verdict, ctx.lang())
        }
    };
    emit(&output)?;
    if let (RecommendFormat::Text, Some(line)) = (args.format, ctx.policy_line()) {
        emit(&format!("\n{line}\n"))?;
    }
    Ok(exit_for(verdict.worst(), ctx.fail_level(args.fail_level)))
}
