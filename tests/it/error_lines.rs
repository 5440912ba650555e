//! One shape for every line that points at a place in a file, whatever the input:
//! `path:line:col: severity[code]: message`, the shape editors' problem matchers read.

use crate::support;

use support::command;

/// The line shape: path, line, column, severity and a bracketed code, then the message.
fn is_located(line: &str) -> bool {
    let mut parts = line.splitn(4, ':');
    let (Some(path), Some(l), Some(c), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let label = rest.trim_start().split(':').next().unwrap_or("");
    !path.is_empty()
        && l.parse::<u32>().is_ok()
        && c.parse::<u32>().is_ok()
        && ["error[", "warning[", "note["]
            .iter()
            .any(|s| label.starts_with(s))
        && label.ends_with(']')
}

fn stderr_and_stdout(dir: &std::path::Path, args: &[&str]) -> String {
    let out = command().current_dir(dir).args(args).output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The lines of `text` that point at a place in `file` (`file:LINE`), wherever on the line.
fn located_lines(text: &str, file: &str) -> Vec<String> {
    let at = format!("{file}:");
    text.lines()
        .filter(|l| {
            l.match_indices(&at)
                .any(|(i, _)| l[i + at.len()..].starts_with(|c: char| c.is_ascii_digit()))
        })
        .map(str::to_string)
        .collect()
}

fn assert_one_shape(text: &str, file: &str, code: &str) {
    let lines = located_lines(text, file);
    assert!(!lines.is_empty(), "no line names {file}:\n{text}");
    for line in &lines {
        assert!(
            is_located(line),
            "not path:line:col: severity[code]: message\n{line}\n{text}"
        );
    }
    assert!(text.contains(&format!("[{code}]")), "{text}");
}

#[test]
fn every_input_kind_reports_in_the_one_line_shape() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("answers.yaml"),
        "goal: capture-db-changes\ndatabse: mysql\n",
    )
    .unwrap();
    let out = stderr_and_stdout(p, &["recommend", "--answers", "answers.yaml"]);
    assert_one_shape(&out, "answers.yaml", "invalid-answers");

    std::fs::write(p.join("rules.yaml"), "rulebook:\n  id: x\n  versio: 1\n").unwrap();
    let out = stderr_and_stdout(p, &["--rules", "rules.yaml", "paths"]);
    assert_one_shape(&out, "rules.yaml", "invalid-rulebook");
    assert!(out.contains("error: the rulebook cannot be used"), "{out}");

    std::fs::write(p.join("eb-advisor.yaml"), "trust: pag\n").unwrap();
    let out = stderr_and_stdout(p, &["paths"]);
    assert_one_shape(&out, "eb-advisor.yaml", "invalid-policy");
    std::fs::remove_file(p.join("eb-advisor.yaml")).unwrap();

    std::fs::write(
        p.join("bad.eb-plan.yaml"),
        "path: api-cdc\nanswers: {goal: x}\n",
    )
    .unwrap();
    let out = stderr_and_stdout(p, &["check", "bad.eb-plan.yaml"]);
    assert_one_shape(&out, "bad.eb-plan.yaml", "invalid-plan");

    let lint = "rulebook:\n  id: x\n  version: \"1\"\n  title: { en: X, zh: X }\nquestions:\n  - id: q\n    prompt: { en: Q?, zh: Q? }\n    kind: yes-no\noutcomes:\n  - id: a\n    kind: path\n    name: { en: A, zh: A }\nrules:\n  - id: only-yes\n    when: { q: yes }\n    outcome: a\n";
    std::fs::write(p.join("gap.yaml"), lint).unwrap();
    let out = stderr_and_stdout(p, &["rules", "lint", "--rules", "gap.yaml"]);
    assert_one_shape(&out, "gap.yaml", "gap");
}
