//! Checking a Terraform configuration: what the rulebook's `terraform` section says its
//! resources mean (a path, settings, answers), the literal secrets in them, and the
//! rulebook's findings that this much decides. What a static reading cannot know stays
//! unknown: a finding that would need it is not reported, and one note per
//! configuration says so.
//!
//! A plan that names its configuration (`implemented-by`) gets, besides its own
//! findings, the configuration's secrets and every place where the two disagree
//! (`compare`). `reading` is what the configuration tells, and the evaluator's view of it.

mod compare;
mod reading;

use super::credentials;
use super::{Generic, Kind, PlanFinding, PlanReport, Said};
use crate::engine;
use crate::rulebook::{Rulebook, Trust};
use crate::terraform::{Block, Configuration, Loc, Located, Value};
use crate::text::inline;
use crate::yaml::Pos;

pub use compare::{compare_with_plan, PlanSide};
pub use reading::Reading;
use reading::TerraformView;

/// The comment that acknowledges a finding in a configuration:
/// `# eb-advisor: acknowledge ID — reason` (or `-`, `:` before the reason).
const ACKNOWLEDGE: &str = "eb-advisor: acknowledge";

/// Builds the findings of one configuration (or of the configuration a plan names).
struct Findings<'a> {
    rb: &'a Rulebook,
    config: &'a Configuration,
    findings: Vec<PlanFinding>,
    /// Where each finding is, in step with `findings`, for its frame.
    locs: Vec<Loc>,
    /// The lines (file, line) that hold a literal secret: their frames show no string.
    secret_lines: Vec<(usize, u32)>,
}

impl<'a> Findings<'a> {
    /// What the files themselves hold, whoever reads them: the ones that cannot be read,
    /// and literal secrets.
    fn of_files(rb: &'a Rulebook, config: &'a Configuration, reading: &Reading) -> Findings<'a> {
        let mut findings = Findings {
            rb,
            config,
            findings: Vec::new(),
            locs: Vec::new(),
            secret_lines: Vec::new(),
        };
        findings.problems();
        findings.secrets(reading);
        findings
    }

    fn push(
        &mut self,
        kind: Kind,
        severity: crate::rulebook::Severity,
        at: Loc,
        said: Option<Said>,
    ) {
        // A problem of a file as a whole (too large) has no position: a finding has one in
        // every format, the file's top.
        let pos = if at.pos == Pos::NONE {
            Pos::START
        } else {
            at.pos
        };
        self.findings.push(PlanFinding {
            kind,
            severity,
            pos,
            said,
            fix: None,
            acknowledged: None,
            frame: None,
            file: Some(self.file(at)),
        });
        self.locs.push(at);
    }

    fn generic(&mut self, g: Generic, at: Loc, said: Said) {
        self.push(Kind::Generic(g), g.severity(), at, Some(said));
    }

    fn file(&self, at: Loc) -> String {
        self.config
            .files
            .get(at.file)
            .map(|f| crate::fsutil::display_path(&f.path))
            .unwrap_or_default()
    }

    /// `file:line` of `at`, for a message.
    fn place(&self, at: Loc) -> String {
        format!("{}:{}", self.file(at), at.pos.line)
    }

    fn problems(&mut self) {
        for (at, message) in &self.config.problems {
            let said = Said::new(
                format!("cannot read the Terraform file: {message}"),
                format!("无法读取 Terraform 文件：{message}"),
            );
            self.generic(Generic::InvalidTerraform, *at, said);
        }
    }

    /// Literal secrets in the blocks read: a value under a secret-like attribute, or a
    /// URL with a credential in it, wherever the value is written (a variable default,
    /// a .tfvars file, the attribute itself). The value is never quoted.
    fn secrets(&mut self, reading: &Reading) {
        for block in &reading.blocks {
            let name = block_name(block);
            let mut found = Vec::new();
            walk_strings(&block.body, &mut Vec::new(), &mut |path, text, at| {
                let key = path.last().map(|k| k.replace('_', "-")).unwrap_or_default();
                let what = if self.rb.is_secret_key(&key) && !text.trim().is_empty() {
                    Some(("holds a literal value", "中写入了明文值"))
                } else if !credentials::in_value(self.rb, text).is_empty() {
                    Some((
                        "holds a URL with a credential in it (a password, a secret-like parameter, or a token the rulebook names)",
                        "中的 URL 含有凭据（密码、类似密钥的参数，或规则库指明的令牌）",
                    ))
                } else {
                    None
                };
                if let Some(what) = what {
                    found.push((path.join("."), what, at));
                }
            });
            for (path, (en, zh), at) in found {
                self.secret_lines.push((at.file, at.pos.line));
                if self.findings.iter().any(|f| {
                    f.kind == Kind::Generic(Generic::PlaintextSecret)
                        && f.pos == at.pos
                        && f.file.as_deref() == Some(self.file(at).as_str())
                }) {
                    continue;
                }
                let said = Said::new(
                    format!(
                        "{name}: `{}` {en}; a secret must reach Terraform from outside the repository (a variable without a default, set from the environment or a secret store), and the value is not shown here",
                        inline(&path)
                    ),
                    format!(
                        "{name}：`{}` {zh}；密钥必须从仓库之外传给 Terraform（不设默认值的变量，由环境变量或密钥管理服务提供），此处不显示该值",
                        inline(&path)
                    ),
                );
                self.generic(Generic::PlaintextSecret, at, said);
                if let Some(f) = self.findings.last_mut() {
                    f.fix = Some(Said::new(
                        "Remove the value from the file (and rotate it if it was committed); give Terraform the value from outside the repository: a variable without a default, set with TF_VAR_NAME or from a secret store, marked `sensitive = true`.",
                        "从文件中删除该值（如已提交，请轮换）；改为从仓库之外向 Terraform 提供该值：不设默认值的变量，通过 TF_VAR_NAME 或密钥管理服务设置，并标记 `sensitive = true`。",
                    ));
                }
            }
        }
    }

    /// The rulebook's findings that the configuration alone decides: once for each
    /// resource that gives settings (two rules are two event patterns), each finding once
    /// at each place.
    fn rulebook_findings(&mut self, reading: &Reading, trust: Trust) {
        let rb = self.rb;
        let mut focuses: Vec<Option<&Block>> = reading
            .blocks
            .iter()
            .filter(|b| {
                b.kind == "resource"
                    && b.labels
                        .first()
                        .and_then(|kind| rb.terraform.resource(kind))
                        .is_some_and(|r| !r.settings.is_empty())
            })
            .map(|b| Some(*b))
            .collect();
        if focuses.is_empty() {
            focuses.push(None);
        }
        let fallback = reading
            .blocks
            .iter()
            .find(|b| b.kind == "resource")
            .map(|b| b.at);
        let mut read_unknown = false;
        // (finding, where it is placed: `None` for a fact of the whole configuration).
        let mut seen: Vec<(usize, Option<Loc>)> = Vec::new();
        for focus in focuses {
            let view = TerraformView::new(rb, reading, focus, trust);
            for f in engine::findings_on(rb, &view) {
                let def = &rb.findings[f.finding];
                let Some(at) = reading.locate(rb, focus, &def.at).or(fallback) else {
                    continue;
                };
                // A finding that tests settings is one per place it is found at (two
                // rules, two patterns); any other is one fact of the whole configuration.
                let mut read = Vec::new();
                def.when.settings_keys(&mut read);
                let key = (f.finding, (!read.is_empty()).then_some(at));
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                self.push(Kind::Rule(f.finding), f.severity, at, None);
            }
            read_unknown |= view.read_unknown();
        }
        if read_unknown {
            if let Some((first, _)) = reading.unknown.first() {
                let shown: Vec<String> = reading
                    .unknown
                    .iter()
                    .take(3)
                    .map(|(at, why)| format!("{} ({})", why, self.place(*at)))
                    .collect();
                let more = reading.unknown.len().saturating_sub(3);
                let more_en = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                let more_zh = if more > 0 {
                    format!("等另外 {more} 处")
                } else {
                    String::new()
                };
                let said = Said::new(
                    format!(
                        "{} value(s) of the configuration cannot be known without running terraform: {}{more_en}; findings that need them are not reported",
                        reading.unknown.len(),
                        shown.join(", ")
                    ),
                    format!(
                        "配置中有 {} 个值不运行 terraform 就无法得知：{}{more_zh}；依赖这些值的发现项不予报告",
                        reading.unknown.len(),
                        shown.join("，")
                    ),
                );
                self.generic(Generic::UnreadTerraformValues, *first, said);
            }
        }
    }

    /// Acknowledgements written as comments on the blocks read.
    fn acknowledge(&mut self, reading: &Reading) {
        let rb = self.rb;
        let mut given: Vec<(String, String, Loc)> = Vec::new();
        for block in &reading.blocks {
            for (at, text) in &block.comments {
                if let Some((id, reason)) = acknowledgement(text) {
                    given.push((id, reason, *at));
                }
            }
        }
        for (id, reason, at) in given {
            let mut used = false;
            for f in &mut self.findings {
                if f.id(rb) == id && f.acknowledged.is_none() && acknowledgeable(f.kind) {
                    f.acknowledged = Some(reason.clone());
                    used = true;
                }
            }
            if !used {
                let said = Said::new(
                    format!(
                        "the comment acknowledges `{}`, which does not occur in this configuration",
                        inline(&id)
                    ),
                    format!("注释确认了 `{}`，但该发现项并未出现在此配置中", inline(&id)),
                );
                self.generic(Generic::UnusedAcknowledgement, at, said);
            }
        }
    }

    /// Each finding's line of its file as its frame. A line that holds a literal secret
    /// shows no string at all (`"***"`): the value may be written with escapes that a
    /// search for its text would miss.
    fn framed(mut self) -> Self {
        for (f, at) in self.findings.iter_mut().zip(&self.locs) {
            let Some(text) = self.config.files.get(at.file).map(|file| &file.text) else {
                continue;
            };
            let Some(line) = text.lines().nth((at.pos.line as usize).wrapping_sub(1)) else {
                continue;
            };
            let line = line.trim_end_matches('\r');
            if line.len() > crate::plan::frames::MAX_FRAME {
                continue;
            }
            let shown = if self.secret_lines.contains(&(at.file, at.pos.line)) {
                without_strings(line)
            } else {
                line.to_string()
            };
            f.frame = Some((at.pos.line, shown));
        }
        self
    }

    fn sorted(mut self) -> Vec<PlanFinding> {
        self.findings.sort_by(|a, b| {
            (a.file.as_deref(), a.pos, std::cmp::Reverse(a.severity)).cmp(&(
                b.file.as_deref(),
                b.pos,
                std::cmp::Reverse(b.severity),
            ))
        });
        self.findings
    }
}

/// `line` with the content of every quoted string replaced by `***`, and any heredoc
/// opener's text after it dropped.
fn without_strings(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            out.push_str("***");
            let mut escaped = false;
            for c in chars.by_ref() {
                match (escaped, c) {
                    (false, '\\') => escaped = true,
                    (false, '"') => {
                        out.push('"');
                        break;
                    }
                    _ => escaped = false,
                }
            }
        }
    }
    out
}

fn acknowledgeable(kind: Kind) -> bool {
    match kind {
        Kind::Rule(_) => true,
        Kind::Generic(g) => g.acknowledgeable(),
    }
}

/// `ID — reason` from `eb-advisor: acknowledge ID — reason`.
fn acknowledgement(comment: &str) -> Option<(String, String)> {
    let rest = comment.trim().strip_prefix(ACKNOWLEDGE)?.trim();
    let id_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (id, reason) = rest.split_at(id_end);
    let reason = reason
        .trim()
        .trim_start_matches(['—', '–', '-', ':'])
        .trim();
    (!id.is_empty()).then(|| (id.to_string(), reason.to_string()))
}

/// `alicloud_event_bridge_rule.orders` (with its module, if any).
fn block_name(block: &Block) -> String {
    let name = block.labels.join(".");
    let name = if block.kind == "resource" {
        name
    } else {
        format!("{}.{name}", block.kind)
    };
    match block.module.is_empty() {
        true => format!("`{}`", inline(&name)),
        false => format!("`{}.{}`", inline(&block.module), inline(&name)),
    }
}

fn walk_strings<'v>(
    body: &'v [(String, Located)],
    path: &mut Vec<&'v str>,
    found: &mut dyn FnMut(&[&str], &str, Loc),
) {
    for (key, value) in body {
        path.push(key);
        walk_value(value, path, found);
        path.pop();
    }
}

fn walk_value<'v>(
    value: &'v Located,
    path: &mut Vec<&'v str>,
    found: &mut dyn FnMut(&[&str], &str, Loc),
) {
    match &value.value {
        Value::Str(text) => found(path, text, value.at),
        Value::List(items) => items.iter().for_each(|i| walk_value(i, path, found)),
        Value::Object(entries) => walk_strings(entries, path, found),
        _ => {}
    }
}

/// Whether a configuration checked alone has anything to report: a resource the rulebook
/// maps, or a file that cannot be read. Anything else adds nothing to a check.
pub fn has_anything_to_report(rb: &Rulebook, config: &Configuration) -> bool {
    !config.problems.is_empty()
        || config.blocks.iter().any(|b| {
            b.kind == "resource"
                && b.labels
                    .first()
                    .is_some_and(|kind| rb.terraform.resource(kind).is_some())
        })
}

/// Checks a configuration that no plan names. `name` is what the report calls it (its
/// folder); `None` when it declares nothing the rulebook maps (it adds nothing).
pub fn check_configuration(
    rb: &Rulebook,
    name: &str,
    config: &Configuration,
    trust: Trust,
) -> Option<PlanReport> {
    if !has_anything_to_report(rb, config) {
        return None;
    }
    let reading = Reading::of(rb, config);
    let mut findings = Findings::of_files(rb, config, &reading);
    findings.rulebook_findings(&reading, trust);
    findings.acknowledge(&reading);
    Some(PlanReport {
        file: name.to_string(),
        planned: reading.path.map(|(o, _)| rb.outcomes[o].id.clone()),
        findings: findings.framed().sorted(),
        next_steps: Vec::new(),
        trust,
        under_other_trust: None,
        terraform: true,
    })
}

#[cfg(test)]
mod tests {
    use super::without_strings;

    #[test]
    fn a_secret_line_keeps_its_shape_and_no_string() {
        assert_eq!(
            without_strings(r#"  default = "https://x/send?access_token=abc" # robot"#),
            r#"  default = "***" # robot"#
        );
        // An escaped quote does not end the string.
        assert_eq!(
            without_strings(r#"a = "x\"y", b = "z""#),
            r#"a = "***", b = "***""#
        );
        // An unterminated string hides the rest of the line.
        assert_eq!(without_strings(r#"a = "abc"#), r#"a = "***"#);
    }
}
