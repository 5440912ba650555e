//! What lint can report: its codes, their levels, and each message as data, worded in
//! the reader's language only when it is shown.

use serde::Serialize;

use crate::numbers::format_count;
use crate::text::Lang;

/// How bad a lint problem is: errors fail `rules lint`, warnings fail it under
/// `--strict`, notes never do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl Level {
    /// As JSON gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// As text shows it, in the reader's language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (_, Lang::En) => self.as_str(),
            (Level::Note, Lang::Zh) => "提示",
            (Level::Warning, Lang::Zh) => "警告",
            (Level::Error, Lang::Zh) => "错误",
        }
    }
}

/// The kinds of problem, as `rules lint` names them in brackets and in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    Gap,
    ShadowedRule,
    DeadRule,
    UnreachableOutcome,
    DeadFinding,
    DeadEscalation,
    UnreachableQuestion,
    ReadsUnasked,
    UnusedQuestion,
    IndistinctChoices,
    AnyPathPasses,
    MissingSource,
    MissingTranslation,
    AddressGlued,
    UnstableAddress,
    ForeignHost,
    StaleFact,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Gap => "gap",
            Code::ShadowedRule => "shadowed-rule",
            Code::DeadRule => "dead-rule",
            Code::UnreachableOutcome => "unreachable-outcome",
            Code::DeadFinding => "dead-finding",
            Code::DeadEscalation => "dead-escalation",
            Code::UnreachableQuestion => "unreachable-question",
            Code::ReadsUnasked => "reads-unasked",
            Code::UnusedQuestion => "unused-question",
            Code::IndistinctChoices => "indistinct-choices",
            Code::AnyPathPasses => "any-path-passes",
            Code::MissingSource => "missing-source",
            Code::MissingTranslation => "missing-translation",
            Code::AddressGlued => "address-glued",
            Code::UnstableAddress => "unstable-address",
            Code::ForeignHost => "foreign-host",
            Code::StaleFact => "stale-fact",
        }
    }
}

/// A part of the rulebook a message names.
#[derive(Clone, Debug, PartialEq)]
pub enum Subject {
    Question(String),
    AskWhen(String),
    Rule(String),
    Default,
    Finding(String),
    /// Escalation `n` (from 1) of a finding.
    Escalation(String, usize),
    /// Not-fit `n` (from 1) of an outcome.
    NotFit(String, usize),
    /// Free quota `n` (from 1) of an outcome.
    Free(String, usize),
    /// Fact `n` (from 1) of a fact list (`key-facts`...) of an outcome.
    Fact {
        outcome: String,
        list: &'static str,
        n: usize,
    },
    Billing(String),
}

impl Subject {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Subject::Question(q), Lang::En) => format!("question `{q}`"),
            (Subject::Question(q), Lang::Zh) => format!("问题 `{q}`"),
            (Subject::AskWhen(q), Lang::En) => format!("the ask-when of question `{q}`"),
            (Subject::AskWhen(q), Lang::Zh) => format!("问题 `{q}` 的 ask-when"),
            (Subject::Rule(r), Lang::En) => format!("rule `{r}`"),
            (Subject::Rule(r), Lang::Zh) => format!("规则 `{r}`"),
            (Subject::Default, Lang::En) => "the default".into(),
            (Subject::Default, Lang::Zh) => "`default`".into(),
            (Subject::Finding(f), Lang::En) => format!("finding `{f}`"),
            (Subject::Finding(f), Lang::Zh) => format!("发现 `{f}`"),
            (Subject::Escalation(f, e), Lang::En) => format!("escalation {e} of finding `{f}`"),
            (Subject::Escalation(f, e), Lang::Zh) => format!("发现 `{f}` 的第 {e} 条升级"),
            (Subject::NotFit(o, n), Lang::En) => format!("not-fit {n} of outcome `{o}`"),
            (Subject::NotFit(o, n), Lang::Zh) => format!("结果 `{o}` 的第 {n} 条 not-fit"),
            (Subject::Free(o, i), Lang::En) => format!("free quota {i} of outcome `{o}`"),
            (Subject::Free(o, i), Lang::Zh) => format!("结果 `{o}` 的第 {i} 个免费额度"),
            (Subject::Fact { outcome, list, n }, Lang::En) => {
                format!("fact {n} of `{list}` of outcome `{outcome}`")
            }
            (Subject::Fact { outcome, list, n }, Lang::Zh) => {
                format!("结果 `{outcome}` 的 `{list}` 中第 {n} 条事实")
            }
            (Subject::Billing(o), Lang::En) => format!("the billing of outcome `{o}`"),
            (Subject::Billing(o), Lang::Zh) => format!("结果 `{o}` 的计费"),
        }
    }
}

/// A problem's message, as data.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// No outcome for these answers; `combinations` stand behind the example.
    Gap {
        combinations: u128,
    },
    /// Gaps beyond the ones shown.
    MoreGaps {
        sets: u128,
        combinations: u128,
    },
    ShadowedRule {
        rule: String,
        coverers: Vec<String>,
        /// The search ran out of budget.
        partial: bool,
        decides: String,
    },
    DeadRule {
        rule: String,
    },
    UnreachableOutcome {
        outcome: String,
        givers: Vec<String>,
    },
    DeadFinding {
        finding: String,
    },
    DeadEscalation {
        finding: String,
        escalation: usize,
    },
    UnreachableQuestion {
        question: String,
    },
    ReadsUnasked {
        reader: Subject,
        question: String,
        context: String,
    },
    UnusedQuestion {
        question: String,
    },
    /// No condition tells any value apart.
    IndistinctAll {
        question: String,
        values: Vec<String>,
    },
    /// No condition tells these values apart.
    IndistinctSome {
        question: String,
        values: Vec<String>,
    },
    /// No finding fires on `planned-differs: true`.
    AnyPathPasses,
    MissingSource {
        subject: Subject,
    },
    MissingTranslation {
        field: String,
        has: Vec<String>,
        lacking: Vec<String>,
    },
    /// An address in a text runs straight into non-ASCII text (`next`, what follows it).
    AddressGlued {
        url: String,
        next: String,
    },
    /// A numeric `doc-detail` page, or a `latest` path segment.
    UnstableAddress {
        url: String,
        latest: bool,
    },
    ForeignHost {
        url: String,
        host: String,
        hosts: Vec<String>,
    },
    /// A `checked` date (a contested fact's, a premise's); `field`
    /// names the mapping that holds it, as `` `premises[0]` (`online`) ``.
    StaleFact {
        field: String,
        checked: String,
        age: i64,
        max_age: u32,
        url: Option<String>,
    },
}

fn list(ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Message {
    pub fn text(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            Message::Gap { combinations } => {
                let n = format_count(*combinations);
                match (en, *combinations > 1) {
                    (true, true) => format!("no rule gives an outcome for these answers (whatever the other answers: {n} combinations), and there is no `default`"),
                    (true, false) => "no rule gives an outcome for these answers, and there is no `default`".into(),
                    (false, true) => format!("这些回答（无论其他回答如何，共 {n} 种组合）没有任何规则给出结果，规则库也没有 `default`"),
                    (false, false) => "这些回答没有任何规则给出结果，规则库也没有 `default`".into(),
                }
            }
            Message::MoreGaps { sets, combinations } => {
                let (sets, n) = (format_count(*sets), format_count(*combinations));
                if en {
                    format!("and {sets} more answer sets have no outcome ({n} combinations in all)")
                } else {
                    format!("另有 {sets} 组回答没有结果（共 {n} 种组合）")
                }
            }
            Message::ShadowedRule {
                rule,
                coverers,
                partial,
                decides,
            } => {
                let names = list(coverers);
                if en {
                    let partial = if *partial {
                        ", as far as the search went"
                    } else {
                        ""
                    };
                    format!("rule `{rule}` never decides: wherever it matches, an earlier rule matches first ({names}){partial}; here `{decides}` decides")
                } else {
                    let partial = if *partial {
                        "（就搜索所及）"
                    } else {
                        ""
                    };
                    format!("规则 `{rule}` 从不起决定作用：凡是它匹配之处，都有更靠前的规则先匹配（{names}）{partial}；此处由 `{decides}` 决定")
                }
            }
            Message::DeadRule { rule } => {
                if en {
                    format!("rule `{rule}` can never match: no answers that can be given (questions are answered only when asked) satisfy its condition")
                } else {
                    format!("规则 `{rule}` 永远不会匹配：没有任何可给出的回答（问题只在被问到时才有回答）满足其条件")
                }
            }
            Message::UnreachableOutcome { outcome, givers } => {
                let why = match (en, givers.is_empty()) {
                    (true, true) => "no rule gives it".to_string(),
                    (true, false) => {
                        format!("the rules that give it ({}) never decide", list(givers))
                    }
                    (false, true) => "没有规则给出它".to_string(),
                    (false, false) => format!("给出它的规则（{}）从不起决定作用", list(givers)),
                };
                if en {
                    format!("outcome `{outcome}` is never recommended: {why}")
                } else {
                    format!("结果 `{outcome}` 从不会被推荐：{why}")
                }
            }
            Message::DeadFinding { finding } => {
                if en {
                    format!("finding `{finding}` can never fire: its condition holds for no answers that can be given, neither in a recommendation nor in a plan check with any planned path and settings")
                } else {
                    format!("发现 `{finding}` 永远不会触发：无论是推荐，还是检查方案（任意路径和设置），其条件对任何可给出的回答都不成立")
                }
            }
            Message::DeadEscalation {
                finding,
                escalation,
            } => {
                if en {
                    format!("escalation {escalation} of finding `{finding}` can never apply: its condition never holds when the finding fires")
                } else {
                    format!("发现 `{finding}` 的第 {escalation} 条升级永远不会生效：发现触发时其条件从不成立")
                }
            }
            Message::UnreachableQuestion { question } => {
                if en {
                    format!("question `{question}` is never asked: its ask-when never holds on the answers that can come before it")
                } else {
                    format!("问题 `{question}` 从不会被问到：对它之前可能给出的回答，其 ask-when 从不成立")
                }
            }
            Message::ReadsUnasked {
                reader,
                question,
                context,
            } => {
                let reader = reader.text(lang);
                if en {
                    format!("{reader} reads `{question}`, which is not asked on these answers ({context}), yet answering it anyway changes the result; add the context of its ask-when to the condition")
                } else {
                    format!("{reader} 读取了 `{question}`，而在这些回答（{context}）下不会问到它，但若仍作答，结果就会改变；请把它的 ask-when 的前提加入该条件")
                }
            }
            Message::UnusedQuestion { question } => {
                if en {
                    format!("question `{question}` changes nothing: no rule, finding or other condition reads it")
                } else {
                    format!("问题 `{question}` 不影响任何结果：没有规则、发现或其他条件读取它")
                }
            }
            Message::IndistinctAll { question, values } => {
                if en {
                    format!("no condition tells the values of `{question}` apart ({}): which one is given never matters", list(values))
                } else {
                    format!(
                        "没有条件区分 `{question}` 的各个取值（{}）：给出哪一个都无关紧要",
                        list(values)
                    )
                }
            }
            Message::IndistinctSome { question, values } => {
                if en {
                    format!("no condition tells {} of `{question}` apart: they lead to the same results", list(values))
                } else {
                    format!(
                        "没有条件区分 `{question}` 的 {}：它们导致相同的结果",
                        list(values)
                    )
                }
            }
            Message::AnyPathPasses => {
                if en {
                    "no finding fires on `planned-differs: true`, so `check` passes a plan whatever `path` it chose, even one its answers do not lead to; add a finding such as `{ id: path-mismatch, severity: error, when: { planned-differs: true }, message: \"The plan chose {planned}, but these answers lead to {recommended}.\", at: [path] }`".into()
                } else {
                    "没有发现在 `planned-differs: true` 时触发，因此 `check` 会放行选择了任意 `path` 的方案，即使其回答并不导向该路径；请添加一个发现，例如 `{ id: path-mismatch, severity: error, when: { planned-differs: true }, message: \"方案选择了 {planned}，但这些回答推荐的是 {recommended}。\", at: [path] }`".into()
                }
            }
            Message::MissingSource { subject } => {
                let what = subject.text(lang);
                // A fact's Chinese name ends in a word, which takes no space before the verb.
                let space = if matches!(subject, Subject::Fact { .. }) {
                    ""
                } else {
                    " "
                };
                if en {
                    format!("{what} has no source: say where it comes from with `source:`")
                } else {
                    format!("{what}{space}没有来源：请用 `source:` 注明出处")
                }
            }
            Message::AddressGlued { url, next } => {
                if en {
                    format!("the address {url} runs straight into `{next}`: GitHub's Markdown takes that text into the link, which is then dead; put a space after the address (ASCII punctuation may come between)")
                } else {
                    format!("地址 {url} 后面紧跟着 `{next}`：GitHub 的 Markdown 会把这些文字算进链接，链接因而失效；请在地址后加一个空格（中间可以有 ASCII 标点）")
                }
            }
            Message::UnstableAddress { url, latest } => match (en, latest) {
                (true, false) => format!("the address {url} is a numbered `doc-detail` page, which the documentation site redirects or retires as it moves pages: cite the page's named address instead"),
                (true, true) => format!("the address {url} has a `latest` path segment, so it shows whatever version is current, not the one that was checked: cite an address that does not move"),
                (false, false) => format!("地址 {url} 是编号形式的 `doc-detail` 页面，文档站点调整页面时会重定向或下线它：请改为引用该页面的具名地址"),
                (false, true) => format!("地址 {url} 含有路径段 `latest`，显示的是当前版本而非核对时的版本：请引用不会变动的地址"),
            },
            Message::ForeignHost { url, host, hosts } => {
                let hosts = hosts.join(if en { ", " } else { "、" });
                if en {
                    format!("the address {url} is on {host}, which is not one of the documentation hosts this rulebook declares ({hosts}): cite a page on one of them, or add {host} to `rulebook.docs-hosts`")
                } else {
                    format!("地址 {url} 位于 {host}，不在本规则库声明的文档主机（{hosts}）之中：请引用这些主机上的页面，或把 {host} 加入 `rulebook.docs-hosts`")
                }
            }
            Message::StaleFact {
                field,
                checked,
                age,
                max_age,
                url,
            } => match (en, url) {
                (true, Some(url)) => format!("{field} was last checked on {checked} ({age} days ago, more than --max-age {max_age}): check {url} again and update `checked`"),
                (true, None) => format!("{field} was last checked on {checked} ({age} days ago, more than --max-age {max_age}): check it again and update `checked`"),
                (false, Some(url)) => format!("{field} 上次核对于 {checked}（{age} 天前，超过 --max-age {max_age}）：请重新核对 {url} 并更新 `checked`"),
                (false, None) => format!("{field} 上次核对于 {checked}（{age} 天前，超过 --max-age {max_age}）：请重新核对并更新 `checked`"),
            },
            Message::MissingTranslation {
                field,
                has,
                lacking,
            } => {
                if en {
                    format!("`{field}` is given in {} but not in {}, which other texts of this rulebook have", has.join(", "), lacking.join(", "))
                } else {
                    format!(
                        "`{field}` 只有 {} 版本，缺少本规则库其他文本都有的 {} 版本",
                        has.join("、"),
                        lacking.join("、")
                    )
                }
            }
        }
    }
}
