//! `rules lint`'s checks of addresses and dates through the real binary: each fixture
//! under tests/fixtures/lint/ plants one defect, and the report must give it at its line
//! and column, as `file:line:col: warning[code]: message`.

use crate::support;

use support::advisor;

const FIXTURES: &str = "tests/fixtures/lint";

/// The four codes these checks give.
const CODES: [&str; 4] = [
    "[address-glued]",
    "[unstable-address]",
    "[foreign-host]",
    "[stale-fact]",
];

struct Run {
    code: i32,
    stdout: String,
}

fn run(args: &[&str]) -> Run {
    let out = advisor().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}.yaml")
}

/// The lines of `out` that hold `tag`.
fn tagged<'a>(out: &'a str, tag: &str) -> Vec<&'a str> {
    out.lines().filter(|l| l.contains(tag)).collect()
}

/// `out` has exactly the lines starting with `prefixes` among those that hold `tag`.
fn assert_lines(out: &str, tag: &str, prefixes: &[String]) {
    let lines = tagged(out, tag);
    assert_eq!(lines.len(), prefixes.len(), "{out}");
    for (line, prefix) in lines.iter().zip(prefixes) {
        assert!(line.starts_with(prefix.as_str()), "`{prefix}` in:\n{out}");
    }
}

#[test]
fn lint_reports_addresses_glued_to_chinese_text_at_their_first_character() {
    let file = fixture("address-glued");
    let r = run(&["rules", "lint", &file]);
    // Warnings fail lint only under --strict, as every warning does.
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_lines(
        &r.stdout,
        "[address-glued]",
        &[
            // In a quoted scalar, after Chinese text: the column counts characters.
            format!("{file}:27:25: warning[address-glued]: the address https://paint.example/guide/emulsion runs straight into `（第`"),
            // In a folded scalar, on its second line.
            format!("{file}:30:7: warning[address-glued]: the address https://paint.example/guide/drying runs straight into `。`"),
        ],
    );
    assert!(
        r.stdout
            .contains("put a space after the address (ASCII punctuation may come between)"),
        "{}",
        r.stdout
    );
    assert_eq!(run(&["rules", "lint", "--strict", &file]).code, 1);
    let zh = run(&["--lang", "zh", "rules", "lint", &file]);
    assert!(
        zh.stdout
            .contains(&format!("{file}:27:25: 警告[address-glued]: 地址 https://paint.example/guide/emulsion 后面紧跟着")),
        "{}",
        zh.stdout
    );
}

#[test]
fn lint_reports_numbered_doc_detail_and_latest_addresses() {
    let file = fixture("unstable-address");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_lines(
        &r.stdout,
        "[unstable-address]",
        &[
            format!("{file}:29:16: warning[unstable-address]: the address https://paint.example/help/en/doc-detail/176281.htm is a numbered `doc-detail` page"),
            format!("{file}:32:13: warning[unstable-address]: the address https://paint.example/help/en/paint/latest/instructions has a `latest` path segment"),
        ],
    );
    // The rulebook declares no hosts: no address is foreign.
    assert!(
        tagged(&r.stdout, "[foreign-host]").is_empty(),
        "{}",
        r.stdout
    );
    let json = run(&["rules", "lint", "--format", "json", &file]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let kinds: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["unstable-address", "unstable-address"], "{json}");
}

#[test]
fn lint_reports_an_address_on_a_host_the_rulebook_does_not_declare() {
    let file = fixture("foreign-host");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // paint.example is declared in `docs-hosts`, guide.example is the source's host (in
    // prose and in `docs:` alike); forum.example is neither.
    assert_lines(
        &r.stdout,
        "[foreign-host]",
        &[format!(
            "{file}:33:48: warning[foreign-host]: the address https://forum.example/emulsion is on forum.example, which is not one of the documentation hosts this rulebook declares (paint.example, guide.example)"
        )],
    );
    // The clean fixture declares no hosts, and has none of these problems.
    let clean = run(&["rules", "lint", "--strict", &fixture("clean")]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
}

#[test]
fn lint_reports_a_stale_fact_by_max_age_counted_from_today() {
    let file = fixture("stale-fact");
    let today = ["--today", "2026-12-07"];
    let lint = |extra: &[&str]| {
        let mut args = vec!["rules", "lint"];
        args.extend_from_slice(extra);
        args.push(&file);
        run(&args)
    };
    let r = lint(&[&today[..], &["--max-age", "90d"]].concat());
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_lines(
        &r.stdout,
        "[stale-fact]",
        &[format!(
            "{file}:53:14: warning[stale-fact]: `premises[0]` (`primer-needed`) was last checked on 2026-01-15 (326 days ago, more than --max-age 90): check https://paint.example/gloss again and update `checked`"
        )],
    );
    // A bare number is days too.
    let days = lint(&[&today[..], &["--max-age", "90"]].concat());
    assert_eq!(
        tagged(&days.stdout, "[stale-fact]").len(),
        1,
        "{}",
        days.stdout
    );
    // 326 days is within the default 365.
    let default = lint(&today);
    assert!(
        tagged(&default.stdout, "[stale-fact]").is_empty(),
        "{}",
        default.stdout
    );
    // Not yet stale a day earlier than the age allows.
    let earlier = lint(&["--today", "2026-04-15", "--max-age", "90d"]);
    assert!(
        tagged(&earlier.stdout, "[stale-fact]").is_empty(),
        "{}",
        earlier.stdout
    );
    let later = lint(&["--today", "2026-04-16", "--max-age", "90d"]);
    assert_eq!(
        tagged(&later.stdout, "[stale-fact]").len(),
        1,
        "{}",
        later.stdout
    );
    // A contested fact is a premise: its `checked` date is reported once, as stale-fact
    // (there is no stale-verify any more).
    let verify = run(&[
        "rules",
        "lint",
        "--today",
        "2026-12-07",
        &fixture("stale-verify"),
    ]);
    assert_eq!(
        tagged(&verify.stdout, "[stale-fact]").len(),
        1,
        "{}",
        verify.stdout
    );
    assert!(
        tagged(&verify.stdout, "[stale-verify]").is_empty(),
        "{}",
        verify.stdout
    );
    for bad in [&["--max-age", "ninety"][..], &["--today", "2026-13-01"]] {
        assert_eq!(lint(bad).code, 2, "{bad:?}");
    }
}

#[test]

fn the_embedded_rulebook_has_no_address_or_date_problems() {
    let r = run(&["rules", "lint"]);
    for code in CODES {
        assert!(tagged(&r.stdout, code).is_empty(), "{}", r.stdout);
    }
}
