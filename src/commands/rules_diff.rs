//! `rules diff OLD NEW [PLANS...]` and `rules diff --base REV [NEW] [PLANS...]`: what a
//! rulebook change does, for a reviewer. The computation is `authoring::diff`; this reads
//! the two rulebooks (one perhaps from git), checks the plans under each, and renders.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use crate::authoring::diff::{self, ChangeKind, Counting, Diff, Region};
use crate::cli::{DiffFormat, RulesDiffArgs};
use crate::commands::check::discover::{find_plans, is_plan_name, Named, Names};
use crate::diag::{Diagnostic, Diagnostics};
use crate::outcome::{emit, Context, Exit, Failure, Unusable};
use crate::plan::{self, CheckOptions, PlanReport};
use crate::rulebook::{self, Rulebook, Severity, EMBEDDED_NAME, EMBEDDED_SOURCE};
use crate::yaml::{self, Pos};

/// Cubes shown per region in text and Markdown; JSON has them all.
const CUBES_SHOWN: usize = 12;

/// A plan whose status differs between the two rulebooks.
struct PlanChange {
    file: String,
    now_fails: bool,
    /// Error findings the new rulebook raises that the old one did not.
    new_errors: Vec<String>,
}

fn unusable(ctx: &Context, d: Diagnostics) -> Failure {
    Failure::unusable(Unusable::Rulebook, &d, ctx.lang())
}

fn load_text(ctx: &Context, name: &str, text: &str) -> Result<Rulebook, Failure> {
    rulebook::load_str(name, text, ctx.limits.for_rulebooks()).map_err(|d| unusable(ctx, d))
}

fn load_path(ctx: &Context, path: &Path) -> Result<(Rulebook, String), Failure> {
    let text = yaml::read_text(path, ctx.limits.for_rulebooks())
        .map_err(|d| unusable(ctx, Diagnostics(vec![d])))?;
    Ok((load_text(ctx, &path.display().to_string(), &text)?, text))
}

/// `git show REV:./FILE` run in FILE's folder, so the path is FILE's own in its work tree.
fn from_git(ctx: &Context, rev: &str, path: &Path) -> Result<Rulebook, Failure> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy())
        .unwrap_or_default();
    let name = format!("{rev}:{}", path.display());
    let output = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["show", &format!("{rev}:./{file}")])
        .output()
        .map_err(|e| Failure::error(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(unusable(
            ctx,
            Diagnostics(vec![Diagnostic::new(
                &name,
                Pos::START,
                format!("git show failed: {reason}"),
            )]),
        ));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| {
        unusable(
            ctx,
            Diagnostics(vec![Diagnostic::new(
                &name,
                Pos::START,
                "not UTF-8".to_string(),
            )]),
        )
    })?;
    load_text(ctx, &name, &text)
}

/// A path named on the command line that is a plan (or a folder of plans), not NEW.
fn is_plans(path: &Path) -> bool {
    path.is_dir() || path.file_name().is_some_and(is_plan_name)
}

/// The two rulebooks and the plans named.
fn rulebooks(
    ctx: &Context,
    args: &RulesDiffArgs,
    global: Option<&Path>,
) -> Result<(Rulebook, Rulebook, Vec<PathBuf>), Failure> {
    let files = &args.files;
    match &args.base {
        None => {
            let [old, new, plans @ ..] = files.as_slice() else {
                return Err(Failure::error(
                    "rules diff needs OLD and NEW rulebooks, or --base REV",
                ));
            };
            Ok((
                load_path(ctx, old)?.0,
                load_path(ctx, new)?.0,
                plans.to_vec(),
            ))
        }
        Some(rev) => {
            let (named, plans) = match files.first() {
                Some(first) if !is_plans(first) => (Some(first.as_path()), &files[1..]),
                _ => (None, &files[..]),
            };
            let in_force =
                (ctx.rulebook.file != EMBEDDED_NAME).then(|| PathBuf::from(&ctx.rulebook.file));
            let path = named
                .map(Path::to_path_buf)
                .or(global.map(Path::to_path_buf))
                .or(in_force);
            let (new, git_path) = match path {
                Some(p) => (load_path(ctx, &p)?.0, p),
                None => {
                    // The embedded rulebook, which this repository keeps at EMBEDDED_NAME.
                    let root = git_root().unwrap_or_else(|| PathBuf::from("."));
                    (
                        load_text(ctx, EMBEDDED_NAME, EMBEDDED_SOURCE)?,
                        root.join(EMBEDDED_NAME),
                    )
                }
            };
            Ok((from_git(ctx, rev, &git_path)?, new, plans.to_vec()))
        }
    }
}

fn git_root() -> Option<PathBuf> {
    let out = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

fn plan_changes(
    ctx: &Context,
    old: &Rulebook,
    new: &Rulebook,
    paths: &[PathBuf],
) -> Vec<PlanChange> {
    if paths.is_empty() {
        return Vec::new();
    }
    let mut names = Names::new();
    let found = find_plans(paths, &mut names, ctx.policy.as_ref(), Named::Always);
    let options = CheckOptions::new(ctx.limits, ctx.trust);
    let errors = |rb: &Rulebook, r: &PlanReport| -> Vec<String> {
        let mut ids: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.fails(Some(Severity::Error)))
            .map(|f| f.id(rb).to_string())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let mut changes = Vec::new();
    for item in &found.items {
        let before = plan::check_source(old, &item.name, &item.source, options);
        let after = plan::check_source(new, &item.name, &item.source, options);
        let (passed, passes) = (
            before.passed(Some(Severity::Error)),
            after.passed(Some(Severity::Error)),
        );
        if passed != passes {
            let was = errors(old, &before);
            changes.push(PlanChange {
                file: item.name.clone(),
                now_fails: !passes,
                new_errors: errors(new, &after)
                    .into_iter()
                    .filter(|e| !was.contains(e))
                    .collect(),
            });
        }
    }
    changes
}

pub fn run(ctx: &Context, args: &RulesDiffArgs, global: Option<&Path>) -> Result<Exit, Failure> {
    let (old, new, plans) = rulebooks(ctx, args, global)?;
    let options = diff::Options {
        budget: args.budget,
        counting: Counting::NumberRangesOnce,
    };
    let d = diff::diff(&old, &new, options);
    let plans = plan_changes(ctx, &old, &new, &plans);
    emit(&match args.format {
        DiffFormat::Text => render_text(&d, &plans),
        DiffFormat::Markdown => render_markdown(&d, &plans),
        DiffFormat::Json => render_json(&d, &plans),
    })?;
    // A walk cut short may have missed a change: --exit-code does not call it unchanged.
    let changed = !d.is_empty() || !plans.is_empty() || !d.complete;
    Ok(if changed && args.exit_code {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

fn header(d: &Diff) -> String {
    let counting = match d.counting {
        Counting::NumberRangesOnce => "each choice and yes/no value counts once, each number range (between the constants conditions compare with) once",
        Counting::Values => "each value counts once",
    };
    let trusts: Vec<&str> = d.trusts.iter().map(|t| t.as_str()).collect();
    let mut h = format!(
        "{} answer combinations per source of truth ({}); {counting}",
        d.combinations,
        trusts.join(", ")
    );
    if !d.cost_compared {
        h.push_str("; cost not compared (a billing's volume question is in one rulebook only)");
    }
    if !d.complete {
        h.push_str("; INCOMPLETE: the budget ran out, only the combinations seen are reported");
    }
    h
}

fn cube_text(cube: &[diff::Constraint]) -> String {
    if cube.is_empty() {
        return "any answers".into();
    }
    cube.iter()
        .map(|c| match c.values.as_slice() {
            _ if c.any_answer && c.values.len() > 1 => format!("{} = any", c.question),
            [one] => format!("{} = {one}", c.question),
            many => format!("{} in {{{}}}", c.question, many.join(", ")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn example_text(region: &Region) -> String {
    if region.example.is_empty() {
        return "no answers".into();
    }
    region
        .example
        .iter()
        .map(|(q, v)| format!("{q}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_title(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Outcome => "Outcome changes",
        ChangeKind::Errors => "Error findings change",
        ChangeKind::Cost => "Cost changes",
    }
}

fn id_changes(d: &Diff) -> Vec<(&'static str, &diff::Changes)> {
    vec![
        ("questions", &d.questions),
        ("outcomes", &d.outcomes),
        ("findings", &d.findings),
        ("premises", &d.premises),
    ]
}

fn render_text(d: &Diff, plans: &[PlanChange]) -> String {
    let mut out = format!("rules diff: {}\n", header(d));
    if d.is_empty() && plans.is_empty() {
        out.push_str(if d.complete {
            "no change\n"
        } else {
            "no change in the combinations walked\n"
        });
        return out;
    }
    for (what, c) in id_changes(d) {
        for id in &c.added {
            out.push_str(&format!("+ {what}: {id}\n"));
        }
        for id in &c.removed {
            out.push_str(&format!("- {what}: {id}\n"));
        }
    }
    for r in &d.regions {
        out.push_str(&format!(
            "\n{} (trust {}): {} → {} ({} combinations)\n",
            kind_title(r.kind),
            r.trust,
            r.before,
            r.after,
            r.count
        ));
        for cube in r.cubes.iter().take(CUBES_SHOWN) {
            out.push_str(&format!("  {}\n", cube_text(cube)));
        }
        if r.cubes.len() > CUBES_SHOWN {
            out.push_str(&format!("  … and {} more\n", r.cubes.len() - CUBES_SHOWN));
        }
        out.push_str(&format!("  e.g. {}\n", example_text(r)));
    }
    if !plans.is_empty() {
        out.push_str("\nPlans:\n");
        for p in plans {
            out.push_str(&plan_line(p));
            out.push('\n');
        }
    }
    out
}

fn plan_line(p: &PlanChange) -> String {
    if p.now_fails {
        format!("{}: passed → failed ({})", p.file, p.new_errors.join(", "))
    } else {
        format!("{}: failed → passed", p.file)
    }
}

fn render_markdown(d: &Diff, plans: &[PlanChange]) -> String {
    let mut out = format!("## Rulebook change\n\n_{}_\n\n", header(d));
    if d.is_empty() && plans.is_empty() {
        out.push_str(if d.complete {
            "No change in outcomes, error findings or cost.\n"
        } else {
            "No change in outcomes, error findings or cost in the combinations walked.\n"
        });
        return out;
    }
    for (what, c) in id_changes(d) {
        if !c.is_empty() {
            let mut items: Vec<String> = c.added.iter().map(|i| format!("+`{i}`")).collect();
            items.extend(c.removed.iter().map(|i| format!("−`{i}`")));
            out.push_str(&format!("- **{what}**: {}\n", items.join(", ")));
        }
    }
    if id_changes(d).iter().any(|(_, c)| !c.is_empty()) {
        out.push('\n');
    }
    for r in &d.regions {
        out.push_str(&format!(
            "### {} (trust `{}`): `{}` → `{}` — {} combinations\n\n",
            kind_title(r.kind),
            r.trust,
            r.before,
            r.after,
            r.count
        ));
        for cube in r.cubes.iter().take(CUBES_SHOWN) {
            out.push_str(&format!("- {}\n", cube_text(cube)));
        }
        if r.cubes.len() > CUBES_SHOWN {
            out.push_str(&format!("- … and {} more\n", r.cubes.len() - CUBES_SHOWN));
        }
        out.push_str(&format!("\nFor example: `{}`\n\n", example_text(r)));
    }
    if !plans.is_empty() {
        out.push_str("### Plans\n\n");
        for p in plans {
            out.push_str(&format!("- {}\n", plan_line(p)));
        }
    }
    out
}

/// A count as a JSON number when it fits, else as a string.
fn big(n: u128) -> serde_json::Value {
    u64::try_from(n).map_or_else(|_| json!(n.to_string()), |n| json!(n))
}

fn render_json(d: &Diff, plans: &[PlanChange]) -> String {
    let regions: Vec<_> = d
        .regions
        .iter()
        .map(|r| {
            json!({
                "trust": r.trust.as_str(),
                "kind": r.kind.as_str(),
                "before": r.before,
                "after": r.after,
                "count": big(r.count),
                "condition": r.cubes.iter().map(|cube| {
                    cube.iter().map(|c| (c.question.clone(), json!(c.values))).collect::<serde_json::Map<_, _>>()
                }).collect::<Vec<_>>(),
                "example": r.example.iter().map(|(q, v)| (q.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
            })
        })
        .collect();
    let changes = |c: &diff::Changes| json!({ "added": c.added, "removed": c.removed });
    let value = json!({
        "changed": !d.is_empty() || !plans.is_empty(),
        "complete": d.complete,
        "combinations": big(d.combinations),
        "counting": match d.counting {
            Counting::NumberRangesOnce => "number-ranges-once",
            Counting::Values => "values",
        },
        "trusts": d.trusts.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "cost_compared": d.cost_compared,
        "questions": changes(&d.questions),
        "outcomes": changes(&d.outcomes),
        "findings": changes(&d.findings),
        "premises": changes(&d.premises),
        "regions": regions,
        "plans": plans.iter().map(|p| json!({
            "file": p.file,
            "before": if p.now_fails { "passed" } else { "failed" },
            "after": if p.now_fails { "failed" } else { "passed" },
            "new_errors": p.new_errors,
        })).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
