//! `check`: committed plans against the rulebook.
//!
//! Plans are found first (sorted by file), checked on a small pool of threads, and handed
//! to the renderers strictly in file order as they complete; only a bounded window of
//! finished reports waits in memory, and no file's text is kept after its check.
//!
//! This file orchestrates; `discover` finds the plans and names them, `pool` checks them,
//! `sinks` hands each report to every renderer and its destination.

pub(crate) mod discover;
mod pool;
mod sinks;
mod terraform;

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::cli::{CheckArgs, CheckFormat, FailLevel};
use crate::i18n::tr;
use crate::outcome::{Context, Exit, Failure};
use crate::plan::{self, CheckOptions, Languages, PlanReport};
use crate::report::check::{
    github::GithubReport, json::JsonReport, junit::JunitReport, markdown::MarkdownReport,
    sarif::SarifReport, text::TextReport, Renderer, Summary, View,
};
use crate::report::{escape_controls, Ui};
use crate::rulebook::Severity;
use crate::text::Lang;
use discover::{Item, Named, Names};
use sinks::{Outputs, Sink};

pub fn run(ctx: &Context, args: &CheckArgs) -> Result<Exit, Failure> {
    let lang = ctx.lang();
    let threshold = match ctx.fail_level(args.fail_level) {
        FailLevel::Error => Some(Severity::Error),
        FailLevel::Warning => Some(Severity::Warning),
        FailLevel::Never => None,
    };
    let file_outputs = parse_outputs(args, ctx)?;
    // A path that does not exist is a mistake on the command line (a typo), not a plan
    // that failed: said at once, exit 2. Files that exist and cannot be read are reported
    // with the other plans.
    let missing: Vec<String> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .filter(|p| std::fs::metadata(p).is_err_and(|e| e.kind() == ErrorKind::NotFound))
        .map(|p| escape_controls(&shown(p)))
        .collect();
    if !missing.is_empty() {
        return Err(Failure::error(format!(
            "{}{}{}",
            tr(lang, "no such file or folder", "文件或文件夹不存在"),
            crate::i18n::colon(lang),
            missing.join(", ")
        )));
    }
    let mut names = Names::new();
    let named = if args.respect_policy_paths {
        Named::AsSearched
    } else {
        Named::Always
    };
    let found = discover::find_plans(&args.paths, &mut names, ctx.policy.as_ref(), named);
    let items = found.items;
    let terraform_folders = found.terraform;
    // The policy's .tfvars files first, then the command line's: later values win.
    let var_files: Vec<PathBuf> = ctx
        .policy
        .as_ref()
        .map(|p| p.var_files.clone())
        .unwrap_or_default()
        .into_iter()
        .chain(args.var_files.iter().cloned())
        .collect();
    // Plans named on the command line that the policy hides are said, on stderr: the
    // report on stdout stays what its format says, and a hook's pass over a plan that
    // the policy hides has its reason. Other files (a hook passes every staged YAML file)
    // are no plans to begin with, and pass unmentioned.
    let hidden: Vec<&PathBuf> = found
        .left_out
        .iter()
        .filter(|p| discover::is_plan_name(p.as_os_str()))
        .collect();
    if !hidden.is_empty() {
        crate::outcome::note(&left_out_note(ctx, &hidden));
    }
    // Named files that `check .` would not read are not a mistake on the command line:
    // nothing left to check is a pass, as it is in CI.
    let nothing_left =
        items.is_empty() && !found.left_out.is_empty() && found.left_out.len() == args.paths.len();
    // Terraform that declares nothing the rulebook maps adds nothing, and a run that
    // found only such is as one that found no plan.
    let configurations = terraform::read_folders(ctx, &terraform_folders, &var_files, &mut names);
    if items.is_empty() && configurations.is_empty() && !nothing_left {
        let paths: Vec<String> = args
            .paths
            .iter()
            .map(|p| escape_controls(&p.display().to_string()))
            .collect();
        let hidden = hidden_by_policy(ctx, &args.paths);
        return Err(Failure::error(format!(
            "{} {}\n{}",
            tr(
                lang,
                "no plan files (*.eb-plan.yaml, *.eb-plan.yml) found under",
                "以下路径中没有找到方案文件（*.eb-plan.yaml、*.eb-plan.yml）："
            ),
            paths.join(", "),
            hidden.unwrap_or_else(|| tr(
                lang,
                "Name plan files NAME.eb-plan.yaml, or pass a file explicitly; `eb-advisor ask --save-plan FILE` writes one.",
                "请将方案文件命名为 NAME.eb-plan.yaml，或直接指定文件；`eb-advisor ask --save-plan FILE` 可生成方案。"
            ).to_string())
        )));
    }

    // The renderers: stdout's, then one per --output file.
    let view = View {
        rb: &ctx.rulebook,
        ui: ctx.ui,
        threshold,
        shown: if args.verbose {
            Severity::Info
        } else {
            Severity::Warning
        },
        trust: ctx.trust,
    };
    let file_view = View {
        ui: Ui::plain(lang),
        ..view
    };
    let root = names.run_root();
    // From here to the root that file names are relative to: what a command the report
    // suggests puts before a name, so that it runs where it is pasted.
    let to_root = match (&root, std::env::current_dir()) {
        (Some(root), Ok(cwd)) => crate::fsutil::relative_to(root, &cwd),
        _ => PathBuf::new(),
    };
    let formats = Formats {
        root,
        to_root: to_root.clone(),
        docs: ctx
            .policy
            .as_ref()
            .and_then(|p| p.docs_url.clone())
            .unwrap_or_else(crate::report::check::sarif::default_docs_url),
    };
    let in_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let stdout_frames = args.frames || ctx.ui.color;
    let mut outputs = Outputs::new();
    match args.format {
        None if in_actions => {
            outputs.add(Sink::Stdout, |_| {
                Box::new(TextReport::new(view, stdout_frames, to_root.clone()))
            })?;
            outputs.add(Sink::Stdout, |_| {
                Box::new(GithubReport::new(file_view, false))
            })?;
        }
        format => outputs.add(Sink::Stdout, |head| {
            formats.renderer(
                format.unwrap_or(CheckFormat::Text),
                view,
                stdout_frames,
                head,
            )
        })?,
    }
    for (format, path) in file_outputs {
        let sink = Sink::File {
            path,
            text: String::new(),
        };
        outputs.add(sink, |head| {
            formats.renderer(format, file_view, args.frames, head)
        })?;
    }
    let wants_frames = stdout_frames || args.frames;
    let languages = outputs.languages();

    let mut summary = Summary::default();
    let mut deliver = |report: PlanReport| -> Result<(), Failure> {
        summary.add(&report, threshold);
        outputs.plan(&report)
    };
    let implemented = std::sync::Mutex::new(Vec::new());
    pool::in_order(
        &items,
        &|item: &Item| check_item(ctx, item, wants_frames, languages, &var_files, &implemented),
        &mut deliver,
    )?;
    // Then the Terraform that no plan names as its implementation, checked alone.
    let implemented = implemented.into_inner().unwrap_or_default();
    for (folder, config) in &configurations {
        if implemented
            .iter()
            .any(|dir| terraform::same_folder(dir, &folder.dir))
        {
            continue;
        }
        if let Some(mut report) =
            plan::terraform::check_configuration(&ctx.rulebook, &folder.name, config, ctx.trust)
        {
            ctx.apply_policy_to_report(&mut report);
            deliver(report)?;
        }
    }
    // Text output names the team policy in force; machine formats carry no such line.
    let policy_line = match args.format {
        None | Some(CheckFormat::Text) => ctx.policy_line(),
        Some(_) => None,
    };
    outputs.finish(&summary, policy_line.as_deref())?;
    Ok(if summary.failed > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// What the formats need to know of the run besides the view.
struct Formats {
    /// The folder plan names are relative to (SARIF's `%SRCROOT%`).
    root: Option<PathBuf>,
    to_root: PathBuf,
    /// Where docs/ci.md is (the policy's `docs-url`), for SARIF's rules.
    docs: String,
}

impl Formats {
    fn renderer<'a>(
        &self,
        format: CheckFormat,
        view: View<'a>,
        frames: bool,
        head: &mut String,
    ) -> Box<dyn Renderer + 'a> {
        match format {
            CheckFormat::Text => Box::new(TextReport::new(view, frames, self.to_root.clone())),
            CheckFormat::Json => Box::new(JsonReport::new(view, head)),
            CheckFormat::Github => Box::new(GithubReport::new(view, true)),
            CheckFormat::Sarif => Box::new(SarifReport::new(
                view,
                self.root.as_deref(),
                &self.docs,
                head,
            )),
            CheckFormat::Junit => Box::new(JunitReport::new(view)),
            CheckFormat::Markdown => Box::new(MarkdownReport::new(view)),
        }
    }
}

/// `--output FORMAT=FILE`, each checked before any work is done.
fn parse_outputs(args: &CheckArgs, ctx: &Context) -> Result<Vec<(CheckFormat, PathBuf)>, Failure> {
    let lang = ctx.lang();
    let formats: Vec<String> = CheckFormat::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
        .collect();
    args.outputs
        .iter()
        .map(|spec| {
            let bad = |why: &str| {
                let spec = escape_controls(spec);
                let formats = formats.join(", ");
                Failure::error(match lang {
                    Lang::En => format!(
                        "--output {spec}: {why}; expected FORMAT=FILE, FORMAT one of {formats}"
                    ),
                    Lang::Zh => format!(
                        "--output {spec}：{why}；应为 FORMAT=FILE，FORMAT 为以下之一：{formats}"
                    ),
                })
            };
            let (format, file) = spec
                .split_once('=')
                .ok_or_else(|| bad(tr(lang, "no `=`", "缺少 `=`")))?;
            let format = CheckFormat::from_str(format.trim(), true).map_err(|_| {
                let written = escape_controls(format.trim());
                let meant =
                    crate::suggest::nearest(format.trim(), formats.iter().map(String::as_str));
                bad(&match (meant, lang) {
                    (Some(m), Lang::En) => {
                        format!("unknown format `{written}` (did you mean `{m}`?)")
                    }
                    (Some(m), Lang::Zh) => format!("未知格式 `{written}`（是否想写 `{m}`？）"),
                    (None, Lang::En) => format!("unknown format `{written}`"),
                    (None, Lang::Zh) => format!("未知格式 `{written}`"),
                })
            })?;
            if file.is_empty() {
                return Err(bad(tr(lang, "no file name", "缺少文件名")));
            }
            Ok((format, PathBuf::from(file)))
        })
        .collect()
}

/// When plans are there but the policy's `include` and `exclude` left them all out, the
/// sentence that says so: else the team looks for a naming mistake that is not there.
fn hidden_by_policy(ctx: &Context, paths: &[PathBuf]) -> Option<String> {
    let policy = ctx.policy.as_ref()?;
    let all = discover::find_plans(paths, &mut Names::new(), None, Named::Always)
        .items
        .len();
    let file = &policy.file;
    match (all, ctx.lang()) {
        (0, _) => None,
        (1, Lang::En) => Some(format!("1 plan file is there, but the `include` and `exclude` of {file} leave none of them; name a file to check it anyway, or run with --no-config.")),
        (_, Lang::En) => Some(format!("{all} plan files are there, but the `include` and `exclude` of {file} leave none of them; name a file to check it anyway, or run with --no-config.")),
        (_, Lang::Zh) => Some(format!("这些路径中有 {all} 个方案文件，但 {file} 的 `include` 和 `exclude` 把它们全部排除；直接指定文件即可检查它，或使用 --no-config 运行。")),
    }
}

/// The line that names the files `--respect-policy-paths` left out, and why.
fn left_out_note(ctx: &Context, left_out: &[&PathBuf]) -> String {
    let lang = ctx.lang();
    let mut files: Vec<String> = left_out.iter().map(|p| shown(p)).collect();
    let count = files.len();
    if count > 5 {
        files.truncate(5);
        files.push("…".to_string());
    }
    let files = files.join(", ");
    let policy = ctx
        .policy
        .as_ref()
        .map_or("eb-advisor.yaml", |p| p.file.as_str());
    match lang {
        Lang::En => format!(
            "note: left out by the `include` and `exclude` of {policy}, as a folder search leaves them out: {files}"
        ),
        Lang::Zh => format!(
            "注意：{policy} 的 `include` 和 `exclude` 排除了以下文件（搜索文件夹时同样排除），未检查：{files}"
        ),
    }
}

/// A path as the command line gave it, for messages about the command line itself:
/// bytes that are not UTF-8 as `\xNN`, so that two names that differ only there stay apart.
fn shown(path: &Path) -> String {
    crate::fsutil::display_path(path)
}

fn check_item(
    ctx: &Context,
    item: &Item,
    frames: bool,
    languages: Languages,
    var_files: &[PathBuf],
    implemented: &std::sync::Mutex<Vec<PathBuf>>,
) -> PlanReport {
    let beside = match &item.source {
        plan::Source::File(path) => Some(terraform::NextToPlan::new(
            ctx,
            path,
            var_files,
            implemented,
        )),
        _ => None,
    };
    let options = CheckOptions {
        frames,
        languages,
        implementations: beside.as_ref().map(|b| b as &dyn plan::Implementations),
        ..CheckOptions::new(ctx.limits, ctx.trust)
    };
    let mut report = plan::check_source(&ctx.rulebook, &item.name, &item.source, options);
    ctx.apply_policy_to_report(&mut report);
    report
}
