//! The command's help in Chinese (`--lang zh`, or a Chinese locale): clap has its texts
//! (`Usage:`, `Options:`, `Print help`, `[default: …]`) in English only, and the derive's
//! doc comments are English, so the built command is re-worded here before clap lays it
//! out. A text with no entry in [`ZH`] stays English; tests/it/conformance.rs fails on any.

use clap::{Arg, Command};

use crate::rulebook::Rulebook;
use crate::text::Lang;

/// English help texts (as the derive in args.rs and the builder write them) and their
/// Chinese.
const ZH: &[(&str, &str)] = &[
    // Subcommands.
    ("Ask the questions in a terminal and show the verdict", "在终端中逐一提问并给出结论"),
    ("Recommend a path from answers given as flags or a file; never prompts", "根据参数或文件中的回答推荐路径；从不提问"),
    ("Check committed integration plans (*.eb-plan.yaml)", "检查已提交的集成方案（*.eb-plan.yaml）"),
    ("Compare the paths, or show one in full", "比较各路径，或完整显示其中一条"),
    ("Print a shell completion script (with the rulebook's answer flags and values)", "输出 shell 补全脚本（含规则库的回答参数及其取值）"),
    ("Print the man page, or write one per subcommand into a folder", "输出手册页，或为每个子命令各写一页到文件夹"),
    ("Rulebook authoring: lint, self-tests, its text, JSON schemas, decision diagram", "规则库编写：检查、自测、原文、JSON Schema、决策图"),
    ("Serve the advisor to coding agents: a Model Context Protocol server on stdio", "为编程智能体提供服务：基于标准输入输出的 Model Context Protocol 服务器"),
    ("Find gaps, shadowed rules, unreachable outcomes, questions and findings, conditions that read unasked questions, unsourced, stale and untranslated facts", "查找遗漏、被遮蔽的规则、无法到达的结果、问题和发现、读取未问问题的条件，以及无来源、过期和未翻译的事实"),
    ("Run the rulebook's scenarios (its `tests:` and a sibling NAME.tests.yaml) and check that they exercise every outcome, value and finding", "运行规则库的场景（其 `tests:` 及同目录的 NAME.tests.yaml），并检查它们覆盖每个结果、取值和发现"),
    ("Print the rulebook's YAML text (the embedded one as built in), where the lines and columns that lint and test give are", "输出规则库的 YAML 文本（内置规则库即按构建时的原文），lint 和 test 给出的行号和列号都指向该文本"),
    ("Print a JSON Schema: of the rulebook format, or of plan or answers files for the loaded rulebook", "输出 JSON Schema：规则库格式的，或所加载规则库的方案文件、回答文件的"),
    ("Draw the decision tree as a Mermaid flowchart or a Graphviz digraph", "将决策树绘制为 Mermaid 流程图或 Graphviz 有向图"),
    // Global options.
    ("Use this rulebook, not the embedded one", "使用此规则库，而非内置规则库"),
    ("When to colour the output: auto, always or never", "何时为输出着色：auto、always 或 never"),
    ("Output language, en or zh (default: from LC_ALL, LC_MESSAGES or LANG)", "输出语言，en 或 zh（默认取自 LC_ALL、LC_MESSAGES 或 LANG）"),
    ("Largest plan or answers file read (rulebooks: 4×)", "可读取的方案或回答文件的最大字节数（规则库为其 4 倍）"),
    ("Ignore any team policy file", "忽略团队策略文件"),
    ("Team policy file (default: the nearest eb-advisor.yaml)", "团队策略文件（默认：最近的 eb-advisor.yaml）"),
    ("Show everything: key facts, when to use, limitations and sources", "显示全部内容：关键事实、适用场景、限制和来源"),
    ("Source of truth where the rulebook's premises disagree: page (the document it encodes) or docs (the public documentation its premises cite)", "规则库前提存在分歧时所依据的来源：page（规则库所编码的文档）或 docs（前提所引用的公开文档）"),
    // Answering commands.
    ("An answer as ID=VALUE (repeatable)", "以 ID=VALUE 形式给出一个回答（可重复）"),
    ("A YAML or JSON file of answers (id: value); flags override it", "YAML 或 JSON 格式的回答文件（id: value）；参数优先于文件"),
    ("Write the answers to this file (YAML), for `recommend --answers`", "将回答写入此文件（YAML），供 `recommend --answers` 使用"),
    ("Write a plan for `check`: the recommended path and these answers", "写出供 `check` 使用的方案：推荐的路径及这些回答"),
    ("Output format: text, json or markdown", "输出格式：text、json 或 markdown"),
    ("Show which rule decided and which answers each finding read", "显示由哪条规则作出决定，以及每个发现读取了哪些回答"),
    ("Exit 1 at this severity or above: error (default), warning, never", "达到或超过此严重程度时以 1 退出：error（默认）、warning、never"),
    // check.
    ("Plan files, or folders searched for *.eb-plan.yaml and *.eb-plan.yml; - for stdin", "方案文件，或在其中查找 *.eb-plan.yaml 和 *.eb-plan.yml 的文件夹；- 表示标准输入"),
    ("Output on stdout: text, json, github, sarif, junit or markdown", "标准输出的格式：text、json、github、sarif、junit 或 markdown"),
    ("Also write a report to a file, as FORMAT=FILE (repeatable)", "另将报告写入文件，形式为 FORMAT=FILE（可重复）"),
    ("Show the offending lines under each finding in text output", "在文本输出中于每个发现下显示出问题的行"),
    ("Also show info findings (JSON and JUnit always have them)", "同时显示提示级发现（JSON 和 JUnit 总是包含它们）"),
    // completions, man.
    ("The shell to complete in", "要补全的 shell"),
    ("Write eb-advisor.1 and one page per subcommand into this folder", "将 eb-advisor.1 及每个子命令的手册页写入此文件夹"),
    // rules.
    ("The rulebook to lint (default: --rules, else the embedded one)", "要检查的规则库（默认：--rules，否则为内置规则库）"),
    ("Output format", "输出格式"),
    ("Most steps (nodes of the answer tree) each search may take before lint reports it as incomplete", "每次搜索可走的最多步数（回答树的节点数），超过则报告为未完成"),
    ("Facts (`checked` of premises and `verify`) checked longer ago than this many days (`90` or `90d`) are stale", "上次核对（前提和 `verify` 的 `checked`）早于此天数（`90` 或 `90d`）的事实视为过期"),
    ("Count the age of facts from this date (YYYY-MM-DD) instead of today", "从此日期（YYYY-MM-DD）而非今天起计算事实的时长"),
    ("Also fail (exit 1) on warnings and on an incomplete search", "遇到警告或未完成的搜索时也失败（以 1 退出）"),
    ("The rulebook to test (default: --rules, else the embedded one)", "要测试的规则库（默认：--rules，否则为内置规则库）"),
    ("The rulebook to print (default: --rules, else the embedded one)", "要输出的规则库（默认：--rules，否则为内置规则库）"),
    ("Which schema", "哪种 Schema"),
    ("The rulebook for plan and answers schemas (default: --rules, else the embedded one)", "用于方案和回答 Schema 的规则库（默认：--rules，否则为内置规则库）"),
    ("The rulebook to draw (default: --rules, else the embedded one)", "要绘制的规则库（默认：--rules，否则为内置规则库）"),
    ("Diagram language", "图表语言"),
    // paths.
    ("Show this path in full", "完整显示此路径"),
    // Examples, notes and exit codes (cli/help.rs).
    ("the questionnaire (in a terminal)", "问卷（在终端中）"),
    ("a verdict from flags, never prompting", "由参数得出结论，从不提问"),
    ("from a file, for scripts", "来自文件，供脚本使用"),
    ("committed plans, in CI", "在 CI 中检查已提交的方案"),
    ("one path in full", "完整显示一条路径"),
    ("0 no error finding, 1 an error finding (or a warning under --fail-level warning), 2 usage or input error, 130 interrupted.", "0 无错误级发现，1 有错误级发现（或在 --fail-level warning 下有警告），2 用法或输入错误，130 被中断。"),
    ("a flag per question", "每个问题一个参数"),
    ("answers from a file (YAML or JSON)", "来自文件的回答（YAML 或 JSON）"),
    ("a flag overrides the file", "参数优先于文件"),
    ("which rule decided, what each finding read", "由哪条规则决定，每个发现读取了什么"),
    ("for scripts", "供脚本使用"),
    ("for a pull-request comment", "用于拉取请求评论"),
    ("Missing answers are listed with the flag for each, and the run exits 2: recommend never prompts.", "缺少的回答会连同各自的参数一并列出，并以 2 退出：recommend 从不提问。"),
    ("0 no error finding, 1 an error finding (or a warning under --fail-level warning), 2 usage or input error.", "0 无错误级发现，1 有错误级发现（或在 --fail-level warning 下有警告），2 用法或输入错误。"),
    ("the comparison", "对比表"),
    ("the comparison for a document", "用于文档的对比表"),
    ("0 shown, 2 an unknown path.", "0 已显示，2 未知路径。"),
    ("every question, in a terminal", "在终端中回答每个问题"),
    ("an answer given up front is not asked", "预先给出的回答不再提问"),
    ("keep the answers for recommend --answers answers.yaml", "保存回答，供 recommend --answers answers.yaml 使用"),
    ("write a plan to commit, for check team.eb-plan.yaml", "写出可提交的方案，供 check team.eb-plan.yaml 使用"),
    ("Keys: ↑/↓ move, Enter chooses, Esc goes back (at a number also < or back), Ctrl-C quits and saves nothing (exit 130). Without a terminal (or with CI set) nothing is asked: every answer must be given, as for recommend.", "按键：↑/↓ 移动，Enter 选择，Esc 返回（输入数字时也可用 < 或 back），Ctrl-C 退出且不保存任何内容（退出码 130）。没有终端（或设置了 CI）时不会提问：与 recommend 一样，必须给出每个回答。"),
    ("every *.eb-plan.yaml and *.eb-plan.yml under plans/", "plans/ 下的每个 *.eb-plan.yaml 和 *.eb-plan.yml"),
    ("with the offending line under each finding", "在每个发现下显示出问题的行"),
    ("annotations in a GitHub Actions log; warnings fail too", "GitHub Actions 日志中的注释；警告也算失败"),
    ("reports for code scanning and test dashboards, besides the text", "除文本外，另写出供代码扫描和测试面板使用的报告"),
    ("a plan on standard input", "从标准输入读取方案"),
    ("A plan fails on a finding at --fail-level or above that it does not acknowledge (a reason under `acknowledge:` in the plan). Under GitHub Actions, without --format, annotations are printed with the text.", "方案中存在达到或超过 --fail-level 且未确认（方案的 `acknowledge:` 下给出理由）的发现时，方案不通过。在 GitHub Actions 中未指定 --format 时，注释会与文本一同输出。"),
    ("0 every plan passed, 1 a plan failed, 2 usage or input error (a path that does not exist, no plan found, a bad --output).", "0 所有方案通过，1 有方案未通过，2 用法或输入错误（路径不存在、未找到方案、--output 有误）。"),
    ("install for bash", "为 bash 安装"),
    ("install for zsh (after compinit)", "为 zsh 安装（在 compinit 之后）"),
    ("install for fish", "为 fish 安装"),
    ("At each Tab the script asks eb-advisor, so the values offered are those of the rulebook the line would load (--rules on the line, else EB_ADVISOR_RULES, else the built-in one).", "每次按 Tab 时脚本都会询问 eb-advisor，因此提供的取值来自该命令行将加载的规则库（命令行上的 --rules，否则为 EB_ADVISOR_RULES，否则为内置规则库）。"),
    ("0 the script was printed, 2 usage error.", "0 已输出脚本，2 用法错误。"),
    ("read it now", "立即阅读"),
    // mcp.
    ("Print the snippet that registers this server with CLIENT, with this program's path and the global options given, and exit", "输出向 CLIENT 注册此服务器的配置片段（含本程序的路径及所给的全局选项），然后退出"),
    ("Claude Code: `.mcp.json` in the project (`mcpServers`)", "Claude Code：项目中的 `.mcp.json`（`mcpServers`）"),
    ("Claude Desktop: `claude_desktop_config.json` (`mcpServers`)", "Claude Desktop：`claude_desktop_config.json`（`mcpServers`）"),
    ("VS Code: `.vscode/mcp.json` (`servers`)", "VS Code：`.vscode/mcp.json`（`servers`）"),
    ("Cursor: `.cursor/mcp.json` or `~/.cursor/mcp.json` (`mcpServers`)", "Cursor：`.cursor/mcp.json` 或 `~/.cursor/mcp.json`（`mcpServers`）"),
    ("register it with Claude Code, for this project", "为本项目向 Claude Code 注册"),
    ("register it with VS Code", "向 VS Code 注册"),
    ("The server reads JSON-RPC messages on standard input, one a line, answers on standard output, and logs to standard error only; it ends when standard input closes. Its tools: questions, recommend, check_plan, explain_path, draft_plan; its resources: the rulebook, the plan schema and the comparison of the paths (docs/mcp.md gives each one).", "服务器从标准输入读取 JSON-RPC 消息（每行一条），在标准输出上应答，日志只写到标准错误；标准输入关闭时结束。其工具：questions、recommend、check_plan、explain_path、draft_plan；其资源：规则库、方案 Schema 和各路径的对比（docs/mcp.md 逐一说明）。"),
    ("The server is the program eb-advisor-mcp, installed beside eb-advisor, which runs it.", "服务器是与 eb-advisor 安装在一起的程序 eb-advisor-mcp，由 eb-advisor 启动。"),
    ("0 the client closed the session (or the snippet was printed), 2 usage error, or a server that cannot be started.", "0 客户端结束了会话（或已输出配置片段），2 用法错误，或服务器无法启动。"),
    ("install the pages where man finds them", "将手册页安装到 man 能找到的位置"),
    ("0 the pages were printed or written, 2 usage error or a page that cannot be written.", "0 已输出或写入手册页，2 用法错误或有手册页无法写入。"),
    ("check the embedded rulebook, or another one", "检查内置规则库或其他规则库"),
    ("run its scenarios", "运行其场景"),
    ("the embedded rulebook's text, to open lint's positions in (or to start from)", "内置规则库的原文，用于打开 lint 给出的位置（或以它为起点编写）"),
    ("a JSON Schema for editors and CI", "供编辑器和 CI 使用的 JSON Schema"),
    ("the decision tree as a picture", "将决策树画成图片"),
    ("0 no error, 1 a lint error or a failed scenario (under lint --strict also a warning), 2 the rulebook does not load.", "0 无错误，1 有检查错误或场景失败（在 lint --strict 下警告也算），2 规则库无法加载。"),
    ("0 no error (warnings and notes are listed), 1 an error, or under --strict a warning or an incomplete search, 2 the rulebook does not load.", "0 无错误（列出警告和提示），1 有错误，或在 --strict 下有警告或未完成的搜索，2 规则库无法加载。"),
    // man: exit codes and environment (commands/man.rs).
    ("A path is recommended with no error finding; every plan passed.", "推荐了路径且无错误级发现；所有方案通过。"),
    ("An error finding (no supported path, a requirement conflict, a failed plan), or a warning under --fail-level warning.", "有错误级发现（无受支持的路径、需求冲突、方案未通过），或在 --fail-level warning 下有警告。"),
    ("Usage or input error: a bad flag or value, missing answers in a non-interactive run, an unreadable or invalid rulebook or answers file, a path that does not exist, no plan found.", "用法或输入错误：参数或取值有误、非交互运行中缺少回答、规则库或回答文件无法读取或无效、路径不存在、未找到方案。"),
    ("The questionnaire was interrupted; nothing half-written is left behind.", "问卷被中断；不会留下写了一半的文件。"),
    ("A rulebook to use instead of the embedded one (as --rules).", "代替内置规则库使用的规则库（同 --rules）。"),
    ("The output language when --lang is not given, the first one set deciding (zh_CN.UTF-8 gives Chinese; a language the tool does not speak gives English).", "未给出 --lang 时的输出语言，以第一个已设置的为准（zh_CN.UTF-8 为中文；本工具不支持的语言为英文）。"),
    ("Set to anything to turn colour off (as --color never).", "设为任意值即关闭着色（同 --color never）。"),
    ("When set, the questionnaire never prompts.", "设置后，问卷从不提问。"),
    ("When true and check has no --format, GitHub annotations are printed with the text.", "为 true 且 check 未指定 --format 时，GitHub 注释会与文本一同输出。"),
    ("dumb turns colour off.", "为 dumb 时关闭着色。"),
    ("The width to wrap text output to when it is piped (on a terminal, the terminal's own width).", "文本输出经管道传出时的换行宽度（输出到终端时使用终端自身的宽度）。"),
    ("When set, check names plans relative to this folder (the repository's root in GitHub Actions); otherwise relative to the git work tree that holds them.", "设置后，check 以此文件夹为基准命名方案（在 GitHub Actions 中为仓库根目录）；否则以包含方案的 git 工作树为基准。"),
    ("Set by the completion scripts when the shell asks for completions (see completions); not for use by hand.", "由补全脚本在 shell 请求补全时设置（见 completions）；不应手动设置。"),
    ("Print help", "显示帮助"),
    ("Print version", "显示版本"),
    ("Print help (see more with '--help')", "显示帮助（--help 显示更多）"),
    // Headings.
    ("Global options", "全局选项"),
    ("Answers", "回答"),
];

/// The Chinese of an English help text, if there is one.
pub fn text(english: &str) -> Option<&'static str> {
    let english = english.split_whitespace().collect::<Vec<_>>().join(" ");
    ZH.iter().find(|(en, _)| *en == english).map(|(_, zh)| *zh)
}

/// The command (and its subcommands) worded in Chinese: about texts, every flag's help
/// and heading, the rulebook's questions in their Chinese wording, and clap's own words.
pub fn localize(mut command: Command, rulebook: &Rulebook) -> Command {
    // Built first: clap makes the nested subcommands (`rules lint`) and its own `-h` and
    // `-V` only when it builds, and they are worded here like every other flag.
    command.build();
    localize_one(command, rulebook)
}

fn localize_one(command: Command, rulebook: &Rulebook) -> Command {
    let mut command = command
        .help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令");
    // `rules lint` carries its help from the derive (it is built only when reached).
    let english_lint = super::help::rules_lint().render();
    if command
        .get_after_help()
        .is_some_and(|h| h.to_string() == english_lint)
    {
        command = command.after_help(super::help::rules_lint().render_in(Lang::Zh));
    }
    if let Some(zh) = command.get_about().and_then(|a| text(&a.to_string())) {
        command = command.about(zh);
    }
    if let Some(zh) = command.get_long_about().and_then(|a| text(&a.to_string())) {
        command = command.long_about(zh);
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        command = command.mut_arg(id, |arg| localize_arg(arg, rulebook));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |c| localize_one(c, rulebook));
    }
    command
}

fn localize_arg(mut arg: Arg, rulebook: &Rulebook) -> Arg {
    let question = arg
        .get_long()
        .and_then(|long| rulebook.questions.iter().find(|q| q.id == long));
    let help = match question {
        Some(q) => Some(q.prompt.get(Lang::Zh).trim().to_string()),
        None => arg
            .get_help()
            .map(|h| text(&h.to_string()).map_or_else(|| h.to_string(), String::from)),
    };
    let mut help = help.unwrap_or_default();
    // clap's `[default: …]`, `[env: …]` and `[possible values: …]`, in Chinese.
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() && arg.get_action().takes_values() {
        help.push_str(&format!(" [默认：{}]", defaults.join(", ")));
        arg = arg.hide_default_value(true);
    }
    if let Some(env) = arg.get_env() {
        if !arg.is_hide_env_set() {
            help.push_str(&format!(" [环境变量：{}]", env.to_string_lossy()));
            arg = arg.hide_env(true);
        }
    }
    if !arg.is_hide_possible_values_set() && arg.get_action().takes_values() {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            help.push_str(&format!(" [可选值：{}]", values.join("、")));
            arg = arg.hide_possible_values(true);
        }
    }
    let heading = match arg.get_help_heading() {
        Some(heading) => text(heading).unwrap_or(heading).to_string(),
        None if arg.is_positional() => "参数".to_string(),
        None => "选项".to_string(),
    };
    arg.help(help).help_heading(heading)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every about text and flag help of the command (the rulebook's questions aside,
    /// which are worded in the rulebook) has its Chinese.
    #[test]
    fn every_help_text_has_its_chinese() {
        let rb = crate::embedded::rulebook();
        let mut missing = Vec::new();
        fn walk(command: &Command, rb: &Rulebook, missing: &mut Vec<String>) {
            if let Some(about) = command.get_about() {
                if command.get_name() != "eb-advisor" && text(&about.to_string()).is_none() {
                    missing.push(about.to_string());
                }
            }
            for arg in command.get_arguments() {
                let question = arg
                    .get_long()
                    .is_some_and(|long| rb.questions.iter().any(|q| q.id == long));
                if let (Some(help), false) = (arg.get_help(), question) {
                    if text(&help.to_string()).is_none() {
                        missing.push(help.to_string());
                    }
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, rb, missing);
            }
        }
        let mut command = super::super::documented_command(&rb);
        command.build();
        walk(&command, &rb, &mut missing);
        for path in super::super::help::COMMANDS_WITH_HELP {
            let help = super::super::help::for_command(&rb, path).unwrap();
            for comment in help.examples.iter().map(|e| &e.comment) {
                if !comment.is_empty() && text(comment).is_none() {
                    missing.push(comment.clone());
                }
            }
            for note in help.notes.iter().chain(help.exit_codes.iter()) {
                if text(note).is_none() {
                    missing.push(note.clone());
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "no Chinese for:\n{}",
            missing.join("\n")
        );
    }
}
