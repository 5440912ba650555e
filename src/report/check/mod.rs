//! Views of a plan check: one renderer per output format. Each gets the plans one by one,
//! in file order, and the summary at the end, so output can stream.

pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use super::Ui;
use crate::i18n::tr;
use crate::plan::{PlanReport, STDIN_NAME};
use crate::rulebook::{Rulebook, Severity};
use crate::text::Lang;

/// What every renderer needs besides the plans.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub rb: &'a Rulebook,
    pub ui: Ui,
    /// A plan fails on an unacknowledged finding at or above this; `None`: never.
    pub threshold: Option<Severity>,
    /// The least severity the formats people read (text, GitHub, Markdown) show; info
    /// findings would bury the failures in CI logs unless asked for with `--verbose`.
    pub shown: Severity,
    /// The source of truth the plans were checked under.
    pub trust: crate::rulebook::Trust,
}

impl View<'_> {
    /// An acknowledged finding is the team's settled choice: counted beside its plan, shown
    /// with `--verbose` only, so that a passing plan takes one line.
    pub fn shows(&self, finding: &crate::plan::PlanFinding) -> bool {
        let always = matches!(finding.kind, crate::plan::Kind::Generic(g) if g.always_shown());
        match finding.acknowledged {
            Some(_) => self.shown == Severity::Info,
            None => finding.severity >= self.shown || always,
        }
    }

    /// `, 2 acknowledged` for the plan's headline when they are not shown, else nothing.
    pub fn acknowledged_aside(&self, plan: &PlanReport, lang: Lang) -> String {
        let hidden = plan
            .findings
            .iter()
            .filter(|f| f.acknowledged.is_some() && !self.shows(f))
            .count();
        match (hidden, lang) {
            (0, _) => String::new(),
            (n, Lang::En) => format!(", {n} acknowledged"),
            (n, Lang::Zh) => format!("，{n} 个已确认"),
        }
    }
}

/// A check report in one format. `plan` is called once per plan, in file order.
pub trait Renderer {
    fn plan(&mut self, out: &mut String, plan: &PlanReport);
    fn finish(&mut self, out: &mut String, summary: &Summary);
    /// The language it prints the plans' messages in: a check fills them in those only.
    fn language(&self) -> Lang;
}

/// The counts that end every report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Every report: plans and Terraform configurations.
    pub plans: usize,
    /// Of them, the Terraform configurations checked alone.
    pub configurations: usize,
    pub passed: usize,
    pub failed: usize,
    /// Unacknowledged findings by severity.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub acknowledged: usize,
}

impl Summary {
    pub fn add(&mut self, plan: &PlanReport, threshold: Option<Severity>) {
        self.plans += 1;
        if plan.terraform {
            self.configurations += 1;
        }
        if plan.passed(threshold) {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
        for f in &plan.findings {
            if f.acknowledged.is_some() {
                self.acknowledged += 1;
                continue;
            }
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// `12 plans: 10 passed, 2 failed (3 errors, 1 warning, 1 acknowledged)`.
    pub fn line(&self, lang: Lang) -> String {
        let mut counts = Vec::new();
        match lang {
            Lang::Zh => {
                counts.push(format!("{} 个错误", self.errors));
                counts.push(format!("{} 个警告", self.warnings));
                if self.infos > 0 {
                    counts.push(format!("{} 条提示", self.infos));
                }
                if self.acknowledged > 0 {
                    counts.push(format!("{} 个已确认", self.acknowledged));
                }
                let checked = match self.configurations {
                    0 => format!("{} 个方案", self.plans),
                    n if n == self.plans => format!("{n} 个 Terraform 配置"),
                    n => format!("{} 个方案和 {n} 个 Terraform 配置", self.plans - n),
                };
                format!(
                    "{checked}：{} 个通过，{} 个失败（{}）",
                    self.passed,
                    self.failed,
                    counts.join("，")
                )
            }
            Lang::En => {
                counts.push(plural(self.errors, "error", "errors"));
                counts.push(plural(self.warnings, "warning", "warnings"));
                if self.infos > 0 {
                    counts.push(format!("{} info", self.infos));
                }
                if self.acknowledged > 0 {
                    counts.push(format!("{} acknowledged", self.acknowledged));
                }
                let plans = plural(self.plans - self.configurations, "plan", "plans");
                let configurations = plural(
                    self.configurations,
                    "Terraform configuration",
                    "Terraform configurations",
                );
                let checked = match self.configurations {
                    0 => plans,
                    n if n == self.plans => configurations,
                    _ => format!("{plans} and {configurations}"),
                };
                format!(
                    "{checked}: {} passed, {} failed ({})",
                    self.passed,
                    self.failed,
                    counts.join(", ")
                )
            }
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "passed" / "failed" in the user's language.
pub fn verdict_word(lang: Lang, passed: bool) -> &'static str {
    if passed {
        tr(lang, "passed", "通过")
    } else {
        tr(lang, "failed", "失败")
    }
}

/// The file as a URI reference (SARIF, JUnit): relative with forward slashes for the
/// names `check` gives files below the repository root, `file://` for a full path, every
/// unsafe byte percent-encoded.
pub fn file_uri(file: &str) -> String {
    if file == STDIN_NAME {
        return "stdin".into();
    }
    let path = file.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_counts_and_plurals() {
        let mut s = Summary {
            plans: 12,
            configurations: 0,
            passed: 10,
            failed: 2,
            errors: 3,
            warnings: 1,
            infos: 0,
            acknowledged: 1,
        };
        assert_eq!(
            s.line(Lang::En),
            "12 plans: 10 passed, 2 failed (3 errors, 1 warning, 1 acknowledged)"
        );
        s.configurations = 1;
        assert_eq!(
            s.line(Lang::En),
            "11 plans and 1 Terraform configuration: 10 passed, 2 failed (3 errors, 1 warning, 1 acknowledged)"
        );
        assert_eq!(
            s.line(Lang::Zh),
            "11 个方案和 1 个 Terraform 配置：10 个通过，2 个失败（3 个错误，1 个警告，1 个已确认）"
        );
        s.configurations = 12;
        assert!(s
            .line(Lang::En)
            .starts_with("12 Terraform configurations: "));
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            file_uri("./plans/a b.eb-plan.yaml"),
            "plans/a%20b.eb-plan.yaml"
        );
        assert_eq!(file_uri("x,y:%.yaml"), "x%2Cy%3A%25.yaml");
    }
}
