//! Chinese output through the real binary: the questionnaire end to end in a
//! pseudo-terminal, the choice of language (flag, then LC_ALL, LC_MESSAGES, LANG), and
//! tables that stay aligned with wide characters.

use crate::support;

/// `eb-advisor ARGS` with no locale variable set but those in `env`.
fn run(env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut command = support::command();
    command.args(["--color", "never"]).args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The language `paths` answered in.
fn language(env: &[(&str, &str)], args: &[&str]) -> &'static str {
    let mut all = args.to_vec();
    all.push("paths");
    let (code, out, err) = run(env, &all);
    assert_eq!(code, 0, "{env:?} {args:?}: {err}");
    match out.lines().next().unwrap_or("") {
        l if l.starts_with("Path ") => "en",
        l if l.starts_with("路径") => "zh",
        other => panic!("{env:?} {args:?}: neither language: {other}"),
    }
}

#[test]
fn the_flag_wins_over_the_locale() {
    assert_eq!(
        language(&[("LANG", "zh_CN.UTF-8")], &["--lang", "en"]),
        "en"
    );
    assert_eq!(
        language(&[("LANG", "en_US.UTF-8")], &["--lang", "zh"]),
        "zh"
    );
    assert_eq!(language(&[("LC_ALL", "zh_CN.UTF-8")], &["--lang=en"]), "en");
}

#[test]
fn the_locale_variables_in_order_lc_all_lc_messages_lang() {
    assert_eq!(language(&[("LANG", "zh_CN.UTF-8")], &[]), "zh");
    assert_eq!(language(&[("LANG", "zh_TW")], &[]), "zh");
    assert_eq!(
        language(&[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")], &[]),
        "zh"
    );
    assert_eq!(
        language(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")], &[]),
        "en"
    );
    assert_eq!(
        language(
            &[("LC_MESSAGES", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")],
            &[]
        ),
        "zh"
    );
    assert_eq!(
        language(
            &[("LC_ALL", "en_US.UTF-8"), ("LC_MESSAGES", "zh_CN.UTF-8")],
            &[]
        ),
        "en"
    );
    // An empty variable does not count.
    assert_eq!(
        language(&[("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")], &[]),
        "zh"
    );
}

#[test]
fn an_unknown_or_missing_locale_falls_back_to_english() {
    assert_eq!(language(&[], &[]), "en");
    assert_eq!(language(&[("LANG", "C")], &[]), "en");
    assert_eq!(language(&[("LANG", "C.UTF-8")], &[]), "en");
    assert_eq!(language(&[("LANG", "fr_FR.UTF-8")], &[]), "en");
    assert_eq!(language(&[("LANG", "POSIX")], &[]), "en");
    // The first variable set decides, even when it names a language not spoken.
    assert_eq!(
        language(&[("LC_ALL", "fr_FR.UTF-8"), ("LANG", "zh_CN.UTF-8")], &[]),
        "en"
    );
}

#[test]
fn error_messages_follow_the_language_too() {
    let (code, _, err) = run(&[("LANG", "zh_CN.UTF-8")], &["paths", "nowhere"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("错误：未知的路径 `nowhere`；应为以下之一："),
        "{err}"
    );
    let (code, _, err) = run(
        &[("LANG", "zh_CN.UTF-8")],
        &["recommend", "--goal", "capture-db-changes"],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("错误：缺少回答；recommend 不会提问。"),
        "{err}"
    );
    assert!(err.contains("--database <mysql|postgresql|other>"), "{err}");
    // `--answer` mistakes, in Chinese with a suggestion.
    let (code, _, err) = run(
        &[("LANG", "zh_CN.UTF-8")],
        &["recommend", "-a", "databse=mysql", "-a", "goal=x"],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with(
            "错误：--answer databse=mysql: 未知的问题 `databse`（是否想写 `database`？）"
        ),
        "{err}"
    );
    let (_, _, err) = run(&[("LANG", "zh_CN.UTF-8")], &["recommend", "-a", "goal=x"]);
    assert!(
        err.starts_with("错误：--answer goal=x: `x` 不是 `goal` 的有效回答；应为："),
        "{err}"
    );
    // An invalid answer is quoted, as in English.
    let (code, out, _) = run(
        &[("LANG", "zh_CN.UTF-8")],
        &["check", "examples/plans/typo.eb-plan.yaml"],
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("`vpn` 不是 `network` 的有效回答（是否想写 `vpc`？）；应为：vpc, public"),
        "{out}"
    );
    let (code, _, err) = run(&[("LANG", "zh_CN.UTF-8")], &["check", "no-such-folder/"]);
    assert_eq!(code, 2);
    assert_eq!(err, "错误：文件或文件夹不存在：no-such-folder/\n");
    // A plan that exists but cannot be read is a failed plan, reported with the others.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("a.eb-plan.yaml");
    std::fs::create_dir(&folder).unwrap();
    let (code, out, _) = run(
        &[("LANG", "zh_CN.UTF-8")],
        &["check", folder.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(out.contains("错误[invalid-plan]: 无法读取方案："), "{out}");
}

/// clap's parse errors, in Chinese with the same details (value, valid values, tip,
/// usage), and in English under an English locale.
#[test]
fn parse_errors_follow_the_language() {
    let zh = [("LANG", "zh_CN.UTF-8")];
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["recommend", "--goal", "x"],
            &[
                "错误：'--goal <VALUE>' 的值 'x' 无效",
                "无效：应为：capture-db-changes, receive-app-events, send-events, unsure",
            ],
        ),
        (
            &["recommend", "--fromat", "json"],
            &[
                "错误：意外的参数 '--fromat'",
                "提示：存在相似的参数：'--format'",
                "用法：eb-advisor recommend",
            ],
        ),
        (
            &["recomend"],
            &[
                "错误：无法识别的子命令 'recomend'",
                "提示：存在相似的子命令：'recommend'",
            ],
        ),
        (
            &["check"],
            &[
                "错误：缺少以下必需参数：\n  <PATH>...",
                "用法：eb-advisor check <PATH>...",
            ],
        ),
        (
            &["recommend", "--monthly-volume", "abc"],
            &["错误：'--monthly-volume <N>' 的值 'abc' 无效：应为 0 到 9007199254740991 的整数"],
        ),
        (
            &["check", "-x"],
            &["提示：若要把 '-x' 作为值传入，请写 '-- -x'"],
        ),
        (
            &["recommend", "--explain", "--explain"],
            &["错误：参数 '--explain' 不能重复给出"],
        ),
    ];
    for (args, expected) in cases {
        let (code, out, err) = run(&zh, args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        for text in *expected {
            assert!(err.contains(text), "{args:?}: no {text:?} in:\n{err}");
        }
        assert!(
            err.ends_with("更多信息请运行 '--help'。\n"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("error:"), "{args:?}: {err}");
    }
    let (code, _, err) = run(&[("LANG", "en_US.UTF-8")], &["recomend"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: unrecognized subcommand 'recomend'"),
        "{err}"
    );
    // Help and the version are not errors: English, on stdout, exit 0.
    let (code, out, _) = run(&zh, &["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("eb-advisor "), "{out}");
}

#[test]
fn rulebook_authoring_output_in_chinese_and_json_in_english() {
    let zh = [("LANG", "zh_CN.UTF-8")];
    let (code, out, _) = run(&zh, &["rules", "lint", "tests/fixtures/lint/gap.yaml"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("错误[gap]: 这些回答（无论其他回答如何，共 2 种组合）没有任何规则给出结果"),
        "{out}"
    );
    assert!(out.contains("    例如：surface=metal"), "{out}");
    assert!(
        out.contains("1 个错误，0 个警告，0 条提示；已检查全部"),
        "{out}"
    );

    let (_, json, _) = run(
        &zh,
        &[
            "rules",
            "lint",
            "tests/fixtures/lint/gap.yaml",
            "--format",
            "json",
        ],
    );
    assert!(json.contains("no rule gives an outcome"), "{json}");
    assert!(
        !json.chars().any(|c| c > '\u{2e80}'),
        "JSON stays English: {json}"
    );

    let (code, out, _) = run(
        &zh,
        &["rules", "test", "tests/fixtures/lint/selftest-failing.yaml"],
    );
    assert_eq!(code, 1);
    for text in [
        "失败    wrong-outcome",
        "结果：应为 `masonry`，实际为 `emulsion`",
        "5 个通过，1 个失败",
    ] {
        assert!(out.contains(text), "{text:?} missing from:\n{out}");
    }
}

/// The display column at which each cell of a table row starts (cells are separated by
/// two or more spaces).
fn cell_starts(line: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut width = 0;
    let mut spaces = 0;
    let mut at_start = true;
    for c in line.chars() {
        if c == ' ' {
            spaces += 1;
        } else {
            if at_start || spaces >= 2 {
                starts.push(width);
            }
            spaces = 0;
            at_start = false;
        }
        width += console::measure_text_width(c.encode_utf8(&mut [0; 4]));
    }
    starts
}

#[test]
fn the_paths_table_stays_aligned_in_chinese() {
    for lang in ["zh", "en"] {
        let (code, out, err) = run(&[], &["--lang", lang, "paths"]);
        assert_eq!(code, 0, "{err}");
        let table: Vec<&str> = out.lines().take_while(|l| !l.is_empty()).collect();
        assert!(table.len() >= 3, "a header and rows: {out}");
        let header = cell_starts(table[0]);
        assert_eq!(header.len(), 6, "six columns: {}", table[0]);
        for row in &table[1..] {
            assert_eq!(
                cell_starts(row),
                header,
                "every column starts at the same display width:\n{}",
                table.join("\n")
            );
        }
        if lang == "zh" {
            assert!(
                table.iter().any(|l| l.chars().any(|c| c > '\u{2e80}')),
                "wide characters in the table: {out}"
            );
        }
    }
}

#[cfg(unix)]
mod questionnaire {
    //! The questionnaire in Chinese, in a pseudo-terminal, as in tests/it/questionnaire.rs:
    //! each screen is waited for before keys are sent to it.

    use std::path::Path;

    use rexpect::process::WaitStatus;
    use rexpect::session::PtySession;

    const DOWN: &str = "\x1b[B";
    const ENTER: &str = "\r";

    // The questions' prompts as the embedded rulebook words them in Chinese.
    const GOAL: &str = "您希望这项集成实现什么？";
    const DATABASE: &str = "您要从哪种数据库捕获变更？";
    const NETWORK: &str = "数据库通过什么网络访问？";
    const REGION: &str = "数据库位于哪个地域？";
    const AUTOMATION: &str = "配置是否必须通过脚本";
    const CAN_CODE: &str = "您的团队能否编写代码";
    const VOLUME: &str = "每月大约多少次";
    const REVIEW: &str = "检查您的回答";

    fn spawn(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> PtySession {
        let mut command = crate::support::command();
        command
            .args(["--color", "never"])
            .args(args)
            .current_dir(dir)
            .env("TERM", "xterm");
        for (k, v) in env {
            command.env(k, v);
        }
        rexpect::session::spawn_command(command, Some(10_000)).expect("start eb-advisor in a pty")
    }

    /// rexpect reads the terminal byte by byte, each byte as one char: UTF-8 text is
    /// looked for as those bytes.
    fn raw(text: &str) -> String {
        text.bytes().map(char::from).collect()
    }

    /// What rexpect read, decoded again as UTF-8.
    fn decoded(read: &str) -> String {
        let bytes: Vec<u8> = read.chars().map(|c| c as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn expect(p: &mut PtySession, text: &str) {
        p.exp_string(&raw(text))
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {}", decoded(&format!("{e}"))));
    }

    fn on(p: &mut PtySession, text: &str, keys: &str) {
        expect(p, text);
        p.send(keys).unwrap();
        p.flush().unwrap();
    }

    fn finish(mut p: PtySession) -> (String, i32) {
        let rest = decoded(&p.exp_eof().expect("eb-advisor ends"));
        match p.process().wait().expect("wait for eb-advisor") {
            WaitStatus::Exited(_, code) => (rest, code),
            other => panic!("eb-advisor did not exit normally: {other:?}\n{rest}"),
        }
    }

    /// PostgreSQL in a VPC in Hangzhou, scripted, a coding team, 50,000 requests a month.
    fn answer_postgresql_cdc(p: &mut PtySession) {
        expect(p, "回答几个问题即可获得推荐");
        on(p, GOAL, ENTER);
        on(p, DATABASE, &format!("{DOWN}{ENTER}"));
        on(p, NETWORK, ENTER);
        on(p, REGION, ENTER);
        on(p, AUTOMATION, ENTER);
        on(p, CAN_CODE, ENTER);
        on(p, VOLUME, "50000\r");
        expect(p, REVIEW);
        expect(p, "✔ 查看推荐结果");
    }

    fn assert_chinese_verdict(rest: &str) {
        for text in [
            "原因",
            "费用：",
            "发现",
            "警告 postgresql-free-quota：",
            "警告 postgresql-logical-replication → 第 1 步",
            "依据《集成事件》",
            "文档的说法不同",
            "下一步",
            "0 个错误，2 个警告",
            "不经提问得到同样结果（用于脚本和 CI）：",
            "eb-advisor recommend --goal capture-db-changes --database postgresql",
        ] {
            assert!(rest.contains(text), "{text:?} missing from:\n{rest}");
        }
        assert!(!rest.contains("Recommended path"), "English leaked: {rest}");
    }

    #[test]
    fn the_questionnaire_in_chinese_from_lang_reaches_a_chinese_verdict() {
        let dir = tempfile::tempdir().unwrap();
        // The page's verdict (PostgreSQL's free quota): `--trust page`.
        let mut p = spawn(
            dir.path(),
            &[("LANG", "zh_CN.UTF-8")],
            &["--trust", "page", "ask"],
        );
        answer_postgresql_cdc(&mut p);
        p.send(ENTER).unwrap();
        p.flush().unwrap();
        expect(&mut p, "推荐路径：API CDC（变更数据捕获） (api-cdc)");
        let (rest, code) = finish(p);
        assert_chinese_verdict(&rest);
        assert_eq!(code, 0, "warnings only: {rest}");
    }

    #[test]
    fn the_questionnaire_in_chinese_from_the_flag() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = spawn(
            dir.path(),
            &[("LANG", "en_US.UTF-8")],
            &["--lang", "zh", "--trust", "page", "ask"],
        );
        answer_postgresql_cdc(&mut p);
        p.send(ENTER).unwrap();
        p.flush().unwrap();
        expect(&mut p, "推荐路径：");
        let (rest, code) = finish(p);
        assert_chinese_verdict(&rest);
        assert_eq!(code, 0, "{rest}");
    }
}
