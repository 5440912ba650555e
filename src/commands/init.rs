//! `init`: a starter team policy file, or with `--plan` a plan skeleton, written from the
//! loaded rulebook. As `cargo deny init`, it never replaces a file: a team's own file is
//! worth more than any starter.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::InitArgs;
use crate::fsutil::{display_path, write_new};
use crate::i18n::tr;
use crate::outcome::{note, Context, Exit, Failure};
use crate::plan::{quoted, scalar};
use crate::policy;
use crate::rulebook::{QuestionKind, Rulebook, Severity, Trust};
use crate::text::Lang;

pub fn run(ctx: &Context, args: &InitArgs) -> Result<Exit, Failure> {
    let lang = ctx.lang();
    let rb = &ctx.rulebook;
    let (path, text) = match &args.plan {
        Some(plan) => (plan.clone(), plan_skeleton(rb, lang)),
        None => (
            args.file
                .clone()
                .unwrap_or_else(|| PathBuf::from(policy::FILE_NAMES[0])),
            policy_file(rb, lang),
        ),
    };
    let file = display_path(&path);
    // `init --plan plans/orders.eb-plan.yaml` in a repository without `plans/` yet.
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| Failure::write(folder, &e))?;
    }
    match write_new(&path, text.as_bytes()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Failure::error(match lang {
                Lang::En => format!(
                    "{file} already exists; init never replaces a file: edit it, or name another file"
                ),
                Lang::Zh => format!("{file} 已存在；init 从不覆盖文件：请编辑它，或指定另一个文件"),
            }))
        }
        Err(e) => return Err(Failure::write(&path, &e)),
    }
    note(&match (&args.plan, lang) {
        (None, Lang::En) => format!(
            "Wrote {file}: each key is explained in it. Runs in this folder and the folders below it follow it."
        ),
        (None, Lang::Zh) => format!(
            "已写入 {file}：文件中说明了每个键。在此目录及其下各级目录中运行时都会遵循它。"
        ),
        (Some(_), Lang::En) => format!(
            "Wrote {file}: fill in its answers and path, then run `eb-advisor check {file}`.{}",
            plan_name_hint(&path, lang)
        ),
        (Some(_), Lang::Zh) => format!(
            "已写入 {file}：请填写其中的回答和路径，然后运行 `eb-advisor check {file}`。{}",
            plan_name_hint(&path, lang)
        ),
    });
    Ok(Exit::Ok)
}

/// `check` finds a plan in a folder by its name; say so when this one would be missed.
fn plan_name_hint(path: &Path, lang: Lang) -> &'static str {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.ends_with(".eb-plan.yaml") || name.ends_with(".eb-plan.yml") {
        return "";
    }
    tr(
        lang,
        " In a folder, check finds plans named *.eb-plan.yaml (or as the policy's include says).",
        "在目录中，check 只查找名为 *.eb-plan.yaml 的计划（或按团队策略的 include）。",
    )
}

/// The policy file: every key, explained in `lang`. `trust` and `fail-level` are set to
/// the values in force without the file; the others are examples, commented out as
/// `#key: value`, each valid once its `#` is removed.
fn policy_file(rb: &Rulebook, lang: Lang) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        tr(
            lang,
        "eb-advisor team policy: the choices eb-advisor follows in this repository.\nIt is found in the working folder or the nearest parent, up to the repository's root.\nEvery key is optional and every flag overrides its key. A line `#key: value` is an\nexample: remove the `#` to use it.\nEditor completion: `eb-advisor rules schema config > eb-advisor.schema.json`, then a\nfirst line `# yaml-language-server: $schema=eb-advisor.schema.json`.",
        "eb-advisor 团队策略：本仓库中 eb-advisor 遵循的选择。\n它在当前目录或最近的上级目录中查找，直到仓库根目录为止。\n每个键都可省略，每个命令行参数都优先于对应的键。`#键: 值` 形式的行是示例：\n去掉 `#` 即可启用。\n编辑器补全：运行 `eb-advisor rules schema config > eb-advisor.schema.json`，\n再在首行写 `# yaml-language-server: $schema=eb-advisor.schema.json`。",
        ),
    );
    let title = |trust: Trust| {
        let doc = match trust {
            Trust::Page => rb.source.as_ref(),
            Trust::Docs => rb.docs.as_ref(),
        };
        doc.map(|d| format!(": “{}”", d.title.get(lang)))
            .unwrap_or_default()
    };
    let default = rb.default_trust;
    // A blank line, the key's explanation, then the key.
    let section = |out: &mut String, explanation: String, key: String| {
        out.push('\n');
        comment(out, &explanation);
        out.push_str(&key);
    };
    if !rb.premises.is_empty() {
        section(
            &mut out,
            match lang {
                Lang::En => format!(
                    "The source a verdict follows where the rulebook's sources disagree:\n  docs{}\n  page{}\nThe rulebook's default is {default}.",
                    title(Trust::Docs),
                    title(Trust::Page)
                ),
                Lang::Zh => format!(
                    "规则库的来源不一致时，结论依据的来源：\n  docs{}\n  page{}\n规则库的默认值为 {default}。",
                    title(Trust::Docs),
                    title(Trust::Page)
                ),
            },
            format!("trust: {default}\n"),
        );
    }
    section(
        &mut out,
        tr(
            lang,
            "What fails `check` and `recommend`: error, warning (warnings fail too) or never.",
            "使 `check` 和 `recommend` 失败的级别：error、warning（警告也失败）或 never。",
        )
        .into(),
        "fail-level: error\n".into(),
    );
    section(
        &mut out,
        tr(
            lang,
            "Another rulebook than the built-in one, relative to this file\n(`eb-advisor rules show` writes the built-in one to start from).",
            "使用内置规则库以外的规则库，路径相对于本文件\n（`eb-advisor rules show` 可输出内置规则库作为起点）。",
        )
        .into(),
        "#rules: rules/our-rulebook.yaml\n".into(),
    );
    section(
        &mut out,
        tr(
            lang,
            "The output language: en or zh.",
            "输出语言：en 或 zh。",
        )
        .into(),
        match lang {
            Lang::En => "#lang: zh\n".into(),
            Lang::Zh => "#lang: en\n".into(),
        },
    );
    section(
        &mut out,
        tr(
            lang,
            "The files `check` picks up in the folders it searches (globs relative to this file;\nwithout `include`, every *.eb-plan.yaml and *.eb-plan.yml), and those it skips there.\nA file named on the command line is always checked.",
            "`check` 在所搜索目录中选取的文件（相对于本文件的 glob；未设 `include` 时为所有\n*.eb-plan.yaml 和 *.eb-plan.yml），以及其中跳过的文件。命令行上指定的文件总会被检查。",
        )
        .into(),
        "#include: [\"plans/**/*.eb-plan.yaml\"]\n#exclude: [\"plans/archive/**\"]\n".into(),
    );
    section(
        &mut out,
        tr(
            lang,
            "Where the team's copy of eb-advisor's docs/ci.md is: SARIF links the check's own\nfindings (invalid-plan, plaintext-secret…) to its sections. By default, docs.rs.",
            "团队的 eb-advisor docs/ci.md 副本所在地址：SARIF 将检查自身的发现项\n（invalid-plan、plaintext-secret 等）链接到其中的章节。默认为 docs.rs。",
        )
        .into(),
        "#docs-url: https://docs.example.com/eb-advisor/ci.md\n".into(),
    );
    section(
        &mut out,
        tr(
            lang,
            "The .tfvars files that Terraform configurations are read with (relative to this file),\nbefore any `check --var-file`.",
            "读取 Terraform 配置时使用的 .tfvars 文件（相对于本文件），先于 `check --var-file`。",
        )
        .into(),
        "#var-files: [\"infra/prod.tfvars\"]\n".into(),
    );
    // A real finding of this rulebook, so that the example is valid as it stands.
    if let Some(finding) = rb
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .or(rb.findings.first())
    {
        let lower = match finding.severity {
            Severity::Error => "warning",
            _ => "info",
        };
        section(
            &mut out,
            tr(
                lang,
                "A finding at another severity (error, warning or info); the reason is required.",
                "为发现项另定严重级别（error、warning 或 info）；必须写明理由。",
            )
            .into(),
            format!(
                "#severity: {{ {}: {{ severity: {lower}, reason: {} }} }}\n",
                finding.id,
                quoted(tr(lang, "why the team accepts it", "团队为何接受它"))
            ),
        );
    }
    out
}

/// `text` as YAML comment lines.
fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "# {line}");
    }
}

/// A plan to fill in: the rulebook it is written against, then every question with its
/// values and every path, commented out until the team chooses.
fn plan_skeleton(rb: &Rulebook, lang: Lang) -> String {
    let mut out = String::new();
    let intro = tr(
        lang,
        "A plan for `eb-advisor check`: the path the team chose, the answers it was chosen on,\nand the settings its findings read. Remove the `#` of each answer that applies and keep\none of its values, then set `path` to the one `eb-advisor recommend` gives for them\n(`eb-advisor ask --save-plan FILE` writes a whole plan from the questionnaire).",
        "供 `eb-advisor check` 检查的计划：团队选定的路径、做出选择时的回答，以及发现项读取的设置。\n对适用的每个回答去掉 `#` 并保留一个取值，再把 `path` 设为 `eb-advisor recommend`\n对这些回答给出的路径（`eb-advisor ask --save-plan FILE` 可通过问答写出完整计划）。",
    );
    comment(&mut out, intro);
    let _ = writeln!(out, "rulebook:");
    let _ = writeln!(out, "  id: {}", scalar(&rb.id));
    let _ = writeln!(out, "  version: {}", quoted(&rb.version));
    let paths: Vec<&str> = rb.outcomes.iter().map(|o| o.id.as_str()).collect();
    let _ = writeln!(
        out,
        "#path: {}  # {}{}",
        scalar(paths.first().copied().unwrap_or_default()),
        tr(lang, "one of: ", "可选："),
        paths.join(", ")
    );
    let _ = writeln!(out, "answers:");
    for q in &rb.questions {
        let prompt = q.prompt.get(lang).split_whitespace().collect::<Vec<_>>();
        let _ = writeln!(out, "  # {}", prompt.join(" "));
        let (example, values) = match q.kind {
            QuestionKind::Choice => {
                let values: Vec<&str> = q.choices.iter().map(|c| c.value.as_str()).collect();
                (
                    scalar(values.first().copied().unwrap_or_default()),
                    format!("{}{}", tr(lang, "one of: ", "可选："), values.join(", ")),
                )
            }
            QuestionKind::YesNo => ("yes".into(), "yes, no".into()),
            QuestionKind::Number => ("0".into(), tr(lang, "a whole number", "整数").to_string()),
        };
        let _ = writeln!(out, "  #{}: {example}  # {values}", q.id);
    }
    let _ = writeln!(
        out,
        "{}",
        tr(
            lang,
            "# settings:  the details the findings read (`eb-advisor check` names each one it needs)",
            "# settings:  发现项读取的细节（`eb-advisor check` 会指出所需的每一项）"
        )
    );
    out
}
