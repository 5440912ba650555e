//! `check`: committed plans against the rulebook.
//!
//! Plans are found first (sorted by file), checked on a small pool of threads, and handed
//! to the renderers strictly in file order as they complete; only a bounded window of
//! finished reports waits in memory, and no file's text is kept after its check.

mod pool;

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::cli::{CheckArgs, CheckFormat, FailLevel};
use crate::fsutil::write_atomically;
use crate::i18n::tr;
use crate::outcome::{Context, Exit, Failure};
use crate::plan::{self, PlanReport, Source};
use crate::report::check::{
    github::GithubReport, json::JsonReport, junit::JunitReport, markdown::MarkdownReport,
    sarif::SarifReport, text::TextReport, Renderer, Summary, View,
};
use crate::report::{escape_controls, Ui};
use crate::rulebook::Severity;
use crate::text::Lang;

/// One plan to check: the name shown, and where to read it.
struct Item {
    name: String,
    source: Source,
}

pub fn run(ctx: &Context, args: &CheckArgs) -> Result<Exit, Failure> {
    let lang = ctx.lang();
    let threshold = match args.fail_level {
        FailLevel::Error => Some(Severity::Error),
        FailLevel::Warning => Some(Severity::Warning),
        FailLevel::Never => None,
    };
    let outputs = parse_outputs(args, ctx)?;
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
    let items = find_plans(&args.paths);
    if items.is_empty() {
        let paths: Vec<String> = args
            .paths
            .iter()
            .map(|p| escape_controls(&p.display().to_string()))
            .collect();
        return Err(Failure::error(format!(
            "{} {}\n{}",
            tr(
                lang,
                "no plan files (*.eb-plan.yaml, *.eb-plan.yml) found under",
                "以下路径中没有找到方案文件（*.eb-plan.yaml、*.eb-plan.yml）："
            ),
            paths.join(", "),
            tr(
                lang,
                "Name plan files NAME.eb-plan.yaml, or pass a file explicitly; `eb-advisor ask --save-plan FILE` writes one.",
                "请将方案文件命名为 NAME.eb-plan.yaml，或直接指定文件；`eb-advisor ask --save-plan FILE` 可生成方案。"
            )
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
    };
    let file_view = View {
        ui: Ui::plain(lang),
        ..view
    };
    let in_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let stdout_frames = args.frames || ctx.ui.color;
    let mut stdout = Stdout::new();
    let mut head = String::new();
    let mut renderers: Vec<Box<dyn Renderer + '_>> = Vec::new();
    match args.format {
        None if in_actions => {
            renderers.push(Box::new(TextReport::new(view, stdout_frames)));
            renderers.push(Box::new(GithubReport::new(
                View {
                    ui: Ui::plain(lang),
                    ..view
                },
                false,
            )));
        }
        Some(format) => renderers.push(renderer(format, view, stdout_frames, &mut head)),
        None => renderers.push(renderer(CheckFormat::Text, view, stdout_frames, &mut head)),
    }
    let stdout_count = renderers.len();
    stdout.write(&head)?;
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for (format, path) in &outputs {
        let mut head = String::new();
        renderers.push(renderer(*format, file_view, args.frames, &mut head));
        files.push((path.clone(), head));
    }
    let wants_frames = stdout_frames || args.frames;

    let mut summary = Summary::default();
    let mut chunk = String::new();
    let mut deliver = |report: PlanReport| -> Result<(), Failure> {
        summary.add(&report, threshold);
        for (i, r) in renderers.iter_mut().enumerate() {
            if i < stdout_count {
                r.plan(&mut chunk, &report);
            } else {
                r.plan(&mut files[i - stdout_count].1, &report);
            }
        }
        stdout.write(&chunk)?;
        chunk.clear();
        Ok(())
    };
    pool::in_order(
        &items,
        &|item: &Item| check_item(ctx, item, wants_frames),
        &mut deliver,
    )?;

    for (i, r) in renderers.iter_mut().enumerate() {
        if i < stdout_count {
            r.finish(&mut chunk, &summary);
        } else {
            r.finish(&mut files[i - stdout_count].1, &summary);
        }
    }
    stdout.write(&chunk)?;
    stdout.flush()?;
    for (path, contents) in &files {
        write_atomically(path, contents.as_bytes()).map_err(|e| Failure::write(path, &e))?;
    }
    Ok(if summary.failed > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

fn renderer<'a>(
    format: CheckFormat,
    view: View<'a>,
    frames: bool,
    head: &mut String,
) -> Box<dyn Renderer + 'a> {
    match format {
        CheckFormat::Text => Box::new(TextReport::new(view, frames)),
        CheckFormat::Json => Box::new(JsonReport::new(view, head)),
        CheckFormat::Github => Box::new(GithubReport::new(view, true)),
        CheckFormat::Sarif => Box::new(SarifReport::new(view, head)),
        CheckFormat::Junit => Box::new(JunitReport::new(view)),
        CheckFormat::Markdown => Box::new(MarkdownReport::new(view)),
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
            let format = CheckFormat::from_str(format.trim(), true)
                .map_err(|_| bad(tr(lang, "unknown format", "未知格式")))?;
            if file.is_empty() {
                return Err(bad(tr(lang, "no file name", "缺少文件名")));
            }
            Ok((format, PathBuf::from(file)))
        })
        .collect()
}

/// The plans named on the command line: files as given, folders searched recursively for
/// `*.eb-plan.yaml` and `*.eb-plan.yml`, `-` for standard input. Sorted by name, each once.
fn find_plans(paths: &[PathBuf]) -> Vec<Item> {
    let mut items = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            items.push(Item {
                name: plan::STDIN_NAME.to_string(),
                source: Source::Stdin,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() && !is_plan_name(&path.to_string_lossy()) => {
                walk(path, &mut items)
            }
            // Files, fifos, missing paths, folders named like a plan: checked (and
            // reported) as plans.
            _ => items.push(Item {
                name: shown(path),
                source: Source::File(path.clone()),
            }),
        }
    }
    items.sort_by(|a, b| a.name.cmp(&b.name));
    // The same file named twice is checked once; two files are never merged.
    items.dedup_by(|a, b| {
        a.name == b.name
            && match (&a.source, &b.source) {
                (Source::File(x), Source::File(y)) => x == y,
                (Source::Stdin, Source::Stdin) => true,
                _ => false,
            }
    });
    items
}

/// A path as shown in reports: bytes that are not UTF-8 as `\xNN`, so that two names
/// that differ only there stay apart.
fn shown(path: &Path) -> String {
    crate::fsutil::display_path(path)
}

fn is_plan_name(name: &str) -> bool {
    name.ends_with(".eb-plan.yaml") || name.ends_with(".eb-plan.yml")
}

/// Searches a folder; symbolic links to folders are not followed (no cycles), `.git` is
/// skipped, and a folder that cannot be read is reported as a problem rather than ignored.
fn walk(dir: &Path, items: &mut Vec<Item>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            items.push(Item {
                name: shown(dir),
                source: Source::Unreadable(format!(
                    "cannot read the folder: {}",
                    crate::yaml::io_message(&e)
                )),
            });
            return;
        }
    };
    let mut listed = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => listed.push(entry),
            Err(e) => {
                // Reported once for the folder, not for every entry it hides.
                items.push(Item {
                    name: shown(dir),
                    source: Source::Unreadable(format!(
                        "cannot list the folder: {}",
                        crate::yaml::io_message(&e)
                    )),
                });
                break;
            }
        }
    }
    listed.sort_by_key(|e| e.file_name());
    for entry in listed {
        let path = entry.path();
        let name = entry.file_name();
        let kind = match entry.file_type() {
            Ok(kind) => kind,
            Err(e) if is_plan_name(&name.to_string_lossy()) => {
                items.push(Item {
                    name: shown(&path),
                    source: Source::Unreadable(crate::yaml::io_message(&e)),
                });
                continue;
            }
            Err(_) => continue,
        };
        if kind.is_dir() && !is_plan_name(&name.to_string_lossy()) {
            if name != ".git" {
                walk(&path, items);
            }
        } else if is_plan_name(&name.to_string_lossy()) {
            items.push(Item {
                name: shown(&path),
                source: Source::File(path),
            });
        }
    }
}

fn check_item(ctx: &Context, item: &Item, frames: bool) -> PlanReport {
    plan::check_source(&ctx.rulebook, &item.name, &item.source, ctx.limits, frames)
}

/// Standard output that stops quietly when the reader goes away (`| head`).
struct Stdout {
    out: std::io::BufWriter<std::io::Stdout>,
    closed: bool,
}

impl Stdout {
    fn new() -> Self {
        Stdout {
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            closed: false,
        }
    }

    fn write(&mut self, text: &str) -> Result<(), Failure> {
        if self.closed || text.is_empty() {
            return Ok(());
        }
        let result = self.out.write_all(text.as_bytes());
        self.check(result)
    }

    fn flush(&mut self) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let result = self.out.flush();
        self.check(result)
    }

    fn check(&mut self, result: std::io::Result<()>) -> Result<(), Failure> {
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Failure::stdout(&e)),
        }
    }
}
