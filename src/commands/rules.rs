//! `rules lint|test|show|schema|graph` (`rules diff` is in rules_diff.rs): tools for rulebook authors.

use std::path::{Path, PathBuf};

use crate::authoring::{graph, lint, schema, selftest};
use crate::cli::{GraphFormat, LintFormat, RulesArgs, RulesCommand, SchemaKind};
use crate::diag::Diagnostics;
use crate::i18n::tr;
use crate::outcome::{emit, Context, Exit, Failure, Unusable};
use crate::rulebook::{self, Rulebook};
use crate::text::Lang;
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

    /// For the embedded rulebook: the name its positions are given under, and the note
    /// that says how to read the text they point into. Its own file name is the
    /// repository's `rules/…` file it was built from, which an installed user does not
    /// have (and which may have changed since the binary was built); `rules show`
    /// prints the text as built in.
    fn embedded_name(&self, lang: Lang) -> Option<(String, String)> {
        let Target::Embedded(rb) = self else {
            return None;
        };
        let name = format!("<embedded:{}>", rb.id);
        let note = match lang {
            Lang::En => format!(
                "note: {name} is the rulebook built into eb-advisor; `eb-advisor rules show > {}.yaml` writes the text these lines and columns count in",
                rb.id
            ),
            Lang::Zh => format!(
                "说明：{name} 是 eb-advisor 内置的规则库；`eb-advisor rules show > {}.yaml` 可写出其文本，上面的行号和列号即按该文本计算",
                rb.id
            ),
        };
        Some((name, note))
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
    let unusable = |d: &Diagnostics| Failure::unusable(Unusable::Rulebook, d, ctx.lang());
    let text = yaml::read_text(path, limits).map_err(|d| unusable(&Diagnostics(vec![d])))?;
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
                today: a
                    .today
                    .as_deref()
                    .and_then(lint::days_from_date)
                    .unwrap_or_else(lint::today),
            };
            let mut report = lint::lint(t.rulebook(), t.text(), options);
            let embedded = t.embedded_name(ctx.lang());
            if let Some((name, _)) = &embedded {
                report.name_file(name);
            }
            let note = embedded.as_ref().map(|(_, note)| note.as_str());
            emit(&match a.format {
                LintFormat::Text => lint::render_text(&report, ctx.lang(), note),
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
            let mut report = selftest::run(rb, &cases);
            let embedded = t.embedded_name(ctx.lang());
            if let Some((name, _)) = &embedded {
                report.name_file(&rb.file, name);
            }
            let note = embedded.as_ref().map(|(_, note)| note.as_str());
            emit(&selftest::render_text(&report, ctx.lang(), note))?;
            Ok(if report.ok() {
                Exit::Ok
            } else {
                Exit::Findings
            })
        }
        RulesCommand::Show(a) => {
            // The text as read (or as built in), byte for byte, so that every position
            // lint and test give can be opened in it.
            let t = target(ctx, a.file.as_deref(), global_rules)?;
            emit(t.text())?;
            Ok(Exit::Ok)
        }
        RulesCommand::Schema(a) => {
            let text = match a.kind {
                SchemaKind::Rulebook => schema::rulebook(),
                SchemaKind::Plan | SchemaKind::Answers | SchemaKind::Config => {
                    let t = target(ctx, a.file.as_deref(), global_rules)?;
                    match a.kind {
                        SchemaKind::Plan => schema::plan(t.rulebook()),
                        SchemaKind::Answers => schema::answers(t.rulebook()),
                        _ => schema::config(t.rulebook()),
                    }
                }
            };
            emit(&text)?;
            Ok(Exit::Ok)
        }
        RulesCommand::Diff(a) => super::rules_diff::run(ctx, a, global_rules),
        RulesCommand::Graph(a) => {
            let t = target(ctx, a.file.as_deref(), global_rules)?;
            let format = match a.format {
                GraphFormat::Mermaid => graph::Format::Mermaid,
                GraphFormat::Dot => graph::Format::Dot,
            };
            let text = graph::graph(t.rulebook(), format, ctx.trust).map_err(|_| {
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
