//! The `settings:` of a plan: its keys and the shape of their values against the
//! rulebook's declarations, and literal secrets, which are reported without their values.

use super::*;
use crate::plan::setting_values;

impl Checker<'_> {
    /// The settings mapping; every literal under a secret-like key is reported.
    pub(super) fn settings<'n>(&mut self, root: &'n Node) -> Option<&'n Node> {
        let (_, node) = root.get("settings")?;
        match &node.value {
            Value::Null => None,
            Value::Map(entries) => {
                self.secrets(node, None, None);
                self.declared_settings(entries);
                Some(node)
            }
            _ => {
                self.invalid(
                    node.pos,
                    format!(
                        "found {} for `settings`; expected a mapping of setting key to value",
                        node.kind_name()
                    ),
                    format!(
                        "`settings` 的值是{}；应为设置键到值的映射",
                        node.kind_name_zh()
                    ),
                );
                None
            }
        }
    }

    /// Each key against the rulebook's declarations: one it does not declare (when it
    /// declares any), with the nearest it does; a value of the wrong shape for its kind.
    pub(super) fn declared_settings(&mut self, entries: &[(Name, Node)]) {
        let declared = &self.rb.settings;
        for (key, value) in entries {
            match declared.iter().find(|d| d.key == key.name) {
                Some(decl) => {
                    let secret = is_secret_key(self.rb, &key.name);
                    if let Some(said) =
                        setting_values::node_problem(decl.kind, &key.name, value, secret)
                    {
                        self.invalid(value.pos, said.en, said.zh);
                    }
                }
                None if declared.is_empty() => {}
                None => {
                    let keys = declared.iter().map(|d| d.key.as_str());
                    let (en, zh) = crate::suggest::expected(&key.name, keys);
                    self.invalid(
                        key.pos,
                        format!("unknown settings key `{}`{en}", inline(&key.name)),
                        format!("未知的设置键 `{}`{zh}", inline(&key.name)),
                    );
                }
            }
        }
    }

    /// Walks settings; `key` is the innermost key above `node`, `under` the innermost
    /// secret-like one, if any.
    pub(super) fn secrets(&mut self, node: &Node, key: Option<&Name>, under: Option<&Name>) {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    let secret = is_secret_key(self.rb, &key.name);
                    let under = if secret { Some(key) } else { under };
                    self.secrets(value, Some(key), under);
                }
            }
            Value::Seq(items) => items.iter().for_each(|item| self.secrets(item, key, under)),
            _ => {
                let (en, zh) = match (under, &node.value) {
                    (Some(_), _) if is_literal_secret(node) => (
                        "holds a literal value",
                        "中写入了明文值",
                    ),
                    (None, Value::Str(s)) if !credentials::in_value(self.rb, s).is_empty() => (
                        "holds a URL with a credential in it (a password, a secret-like parameter, or a token the rulebook names)",
                        "中的 URL 含有凭据（密码、类似密钥的参数，或规则库指明的令牌）",
                    ),
                    _ => return,
                };
                let Some(key) = under.or(key) else { return };
                let reported = self
                    .findings
                    .iter()
                    .any(|f| f.kind == Kind::Generic(Generic::PlaintextSecret) && f.pos == key.pos);
                if !reported {
                    self.generic(
                        Generic::PlaintextSecret,
                        key.pos,
                        Said::new(
                            format!(
                                "`{}` {en}; a secret must be a reference (${{ENV_VAR}} or secret-ref:NAME), and the value is not shown here",
                                inline(&key.name)
                            ),
                            format!(
                                "`{}` {zh}；密钥必须以引用（${{ENV_VAR}} 或 secret-ref:NAME）给出，此处不显示该值",
                                inline(&key.name)
                            ),
                        ),
                    );
                }
            }
        }
    }
}
