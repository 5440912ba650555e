//! `paths`: the comparison of all outcomes, or one in full.

use crate::cli::{PathsArgs, RecommendFormat};
use crate::i18n::tr;
use crate::outcome::{emit, Context, Exit, Failure};
use crate::report;
use crate::rulebook::Rulebook;
use crate::text::Lang;

pub fn run(ctx: &Context, args: &PathsArgs) -> Result<Exit, Failure> {
    let rb = &ctx.rulebook;
    let output = match &args.id {
        None => match args.format {
            RecommendFormat::Markdown => report::markdown::paths_table(rb, ctx.lang()),
            RecommendFormat::Json => report::json::paths(rb, ctx.trust),
            RecommendFormat::Text => report::text::paths_table(rb, ctx.ui),
        },
        Some(id) => {
            let outcome = rb
                .outcome(id)
                .ok_or_else(|| Failure::error(unknown_path(rb, id, ctx.lang())))?;
            match args.format {
                RecommendFormat::Json => report::json::path(rb, outcome, ctx.trust),
                _ => report::text::path_detail(rb, outcome, ctx.trust, ctx.ui),
            }
        }
    };
    emit(&output)?;
    Ok(Exit::Ok)
}

/// `unknown path `x` (did you mean `y`?); expected one of …`, in `lang` (the MCP server's
/// `explain_path` says the same).
pub fn unknown_path(rb: &Rulebook, id: &str, lang: Lang) -> String {
    let ids = rb.outcomes.iter().map(|o| o.id.as_str());
    let suggestion = match crate::suggest::nearest(id, ids.clone()) {
        Some(meant) => match lang {
            Lang::En => format!(" (did you mean `{meant}`?)"),
            Lang::Zh => format!("（是否想写 `{meant}`？）"),
        },
        None => String::new(),
    };
    format!(
        "{}`{}`{suggestion}{}{}",
        tr(lang, "unknown path ", "未知的路径 "),
        crate::text::inline(id),
        tr(lang, "; expected one of ", "；应为以下之一："),
        ids.collect::<Vec<_>>().join(", ")
    )
}
