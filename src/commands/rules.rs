//! `rules lint|test|schema|graph`: tools for rulebook authors.

use std::path::{Path, PathBuf};

use crate::authoring::{graph, lint, schema, selftest};
use crate::cli::{GraphFormat, LintFormat, RulesArgs, RulesCommand, SchemaKind};
use crate::i18n::tr;
use crate::outcome::{emit, Context, Exit, Failure, Unusable};
use crate::rulebook::{self, Rulebook};
use crate::yaml;

/// The rulebook to work on, with its text (for positions) and where it was read.
enum Target<'a> {
    Loaded {
        rulebook: Box<Rulebook>,
        text: String,
        path: PathBuf,
    },
    Embedded(&'a Rulebook),
}

impl Target<'_> {
    fn rulebook(&self) -> &Rulebook {
        match self {
            Target::Loaded { rulebook, .. } => rulebook,
            Target::Embedded(rb) => rb,
        }
    }

    fn text(&self) -> &str {
        match self {
            Target::Loaded { text, .. } => text,
            Target::Embedded(_) => rulebook::EMBEDDED_SOURCE,
        }
    }

    fn path(&self) -> Option<&Path> {
        match self {
            Target::Loaded { path, .. } => Some(path),
            Target::Embedded(_) => None,
        }
    }
}

/// FILE, else the global `--rules` (or `EB_ADVISOR_RULES`), else the embedded rulebook.
/// A rulebook that does not load is a usage error (exit 2) listing every problem.
fn target<'a>(
    ctx: &'a Context,
    file: Option<&Path>,
    global: Option<&Path>,
) -> Result<Target<'a>, Failure> {
    let Some(path) = file.or(global) else {
        return Ok(Target::Embedded(&ctx.rulebook));
    };
    let limits = ctx.limits.for_rulebooks();
    let unusable = |d: &dyn std::fmt::Display| Failure::unusable(Unusable::Rulebook, d, ctx.lang());
    let text = yaml::read_text(path, limits).map_err(|d| unusable(&d))?;
    let rb =
        rulebook::load_str(&path.display().to_string(), &text, limits).map_err(|d| unusable(&d))?;
    Ok(Target::Loaded {
        rulebook: Box::new(rb),
        text,
        path: path.to_path_buf(),
    })
}

pub fn run(ctx: &Context, args: &RulesArgs, global_rules: Option<&Path>) -> Result<Exit, Failure> {
    match &args.command {
        RulesCommand::Lint(a) => {
            let t = target(ctx, a.file.as_deref(), global_rules)?;
            let options = lint::Options {
                budget: a.budget,
                max_age_days: a.max_age,
                ..lint::Options::default()
            };
            let report = lint::lint(t.rulebook(), t.text(), options);
            emit(&match a.format {
                LintFormat::Text => lint::render_text(&report, ctx.lang()),
                LintFormat::Json => lint::render_json(&report),
            })?;
            let fails = report.count(lint::Level::Error) > 0
                || (a.strict && (report.count(lint::Level::Warning) > 0 || !report.complete));
            Ok(if fails { Exit::Findings } else { Exit::Ok })
        }
        RulesCommand::Test(a) => {
            let t = target(ctx, a.file.as_deref(), global_rules)?;
            // The embedded rulebook starts without its scenarios: this is the one command
            // that reads them.
            let embedded;
            let rb = match t {
                Target::Embedded(_) => {
                    embedded = crate::embedded::with_tests();
                    &embedded
                }
                Target::Loaded { .. } => t.rulebook(),
            };
            let extra = t.path().and_then(selftest::sibling);
            let cases = selftest::cases(rb, extra.as_deref(), ctx.limits.for_rulebooks())
                .map_err(|d| Failure::unusable(Unusable::Scenarios, &d, ctx.lang()))?;
            let report = selftest::run(rb, &cases);
            emit(&selftest::render_text(&report, ctx.lang()))?;
            Ok(if report.ok() {
                Exit::Ok
            } else {
                Exit::Findings
            })
        }
        RulesCommand::Schema(a) => {
            let text = match a.kind {
                SchemaKind::Rulebook => schema::rulebook(),
                SchemaKind::Plan | SchemaKind::Answers => {
                    let t = target(ctx, a.file.as_deref(), global_rules)?;
                    if a.kind == SchemaKind::Plan {
                        schema::plan(t.rulebook())
                    } else {
                        schema::answers(t.rulebook())
                    }
                }
            };
            emit(&text)?;
            Ok(Exit::Ok)
        }
        RulesCommand::Graph(a) => {
            let t = target(ctx, a.file.as_deref(), global_rules)?;
            let format = match a.format {
                GraphFormat::Mermaid => graph::Format::Mermaid,
                GraphFormat::Dot => graph::Format::Dot,
            };
            let text = graph::graph(t.rulebook(), format).map_err(|_| {
                Failure::error(tr(
                    ctx.lang(),
                    "the decision tree is too large to draw; lint it instead",
                    "决策树太大，无法绘制；请改用 lint 检查",
                ))
            })?;
            emit(&text)?;
            Ok(Exit::Ok)
        }
    }
}
