//! The passes over the rulebook's addresses and dates: https addresses that GitHub's
//! Markdown links dead, that move, or that leave the declared documentation hosts, and
//! `checked` dates that are too old.
//!
//! Both read the file as plain YAML nodes, not the loaded rulebook: every string scalar
//! wherever it is (texts in any language, `url:` fields, next steps' `docs:`), and every
//! `checked` key wherever it is, so they hold whatever shape a block of the rulebook takes.

use super::{Code, Level, Linter, Message, Options};
use crate::yaml::{Node, Pos, Value};

/// One https address found in a string scalar.
#[derive(Debug, PartialEq)]
struct Address<'a> {
    /// The address as a link would need it: ASCII, without trailing punctuation.
    url: &'a str,
    /// What follows it up to the next space when that holds non-ASCII text, which GitHub's
    /// autolinks take into the link.
    glued: Option<&'a str>,
}

/// Characters GitHub's autolinks drop from the end of a link.
const TRAILING: &[char] = &['.', ',', ':', ';', '!', '?', '*', '_', '~', '\'', '"'];

/// The https addresses in `value`, in order.
fn addresses(value: &str) -> Vec<Address<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = value[from..].find("https://") {
        let at = from + i;
        // An autolink runs to the next space or `<`; a Markdown link's target `](…)`
        // to its closing parenthesis; a code span's to its backtick.
        let in_link = value[..at].ends_with("](");
        let run_len = value[at..]
            .find(|c: char| {
                c.is_ascii_whitespace() || c == '<' || c == '>' || c == '`' || (in_link && c == ')')
            })
            .unwrap_or(value.len() - at);
        let run = &value[at..at + run_len];
        let ascii_len = run.find(|c: char| !c.is_ascii()).unwrap_or(run.len());
        let mut url = &run[..ascii_len];
        // Trailing punctuation, and a closing parenthesis the address does not open.
        loop {
            let trimmed = url.trim_end_matches(TRAILING);
            let trimmed = match trimmed.strip_suffix(')') {
                Some(t) if trimmed.matches('(').count() < trimmed.matches(')').count() => t,
                _ => trimmed,
            };
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        let glued = (ascii_len < run.len()).then(|| &run[url.len()..]);
        if url.len() > "https://".len() {
            out.push(Address { url, glued });
        }
        from = at + run_len.max(1);
    }
    out
}

/// The host of an https address, lowercase.
fn host(url: &str) -> String {
    let rest = url.strip_prefix("https://").unwrap_or(url);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = authority.split(':').next().unwrap_or(authority);
    host.to_ascii_lowercase()
}

/// Why an address moves: `Some(false)` for a numbered `doc-detail` page, `Some(true)` for
/// a `latest` path segment.
fn unstable(url: &str) -> Option<bool> {
    let rest = url.strip_prefix("https://").unwrap_or(url);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let doc_detail = segments.windows(2).any(|w| {
        w[0].eq_ignore_ascii_case("doc-detail") && w[1].starts_with(|c: char| c.is_ascii_digit())
    });
    if doc_detail {
        return Some(false);
    }
    segments
        .iter()
        .any(|s| s.eq_ignore_ascii_case("latest"))
        .then_some(true)
}

/// Where lines start in the text, to turn positions into offsets and back.
struct Source<'t> {
    text: &'t str,
    lines: Vec<usize>,
}

impl<'t> Source<'t> {
    fn new(text: &'t str) -> Self {
        let mut lines = vec![0];
        lines.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source { text, lines }
    }

    /// The byte offset of a position (its column counted in characters).
    fn offset(&self, pos: Pos) -> Option<usize> {
        let start = *self.lines.get(pos.line.checked_sub(1)? as usize)?;
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let column = pos.column.checked_sub(1)? as usize;
        let within = line
            .char_indices()
            .nth(column)
            .map_or(line.len(), |(i, _)| i);
        Some(start + within)
    }

    fn pos(&self, offset: usize) -> Pos {
        let line = self.lines.partition_point(|&s| s <= offset);
        let start = self.lines[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        Pos {
            line: line as u32,
            column: column as u32,
        }
    }
}

/// Every string scalar under `node`, with its position.
fn strings<'n>(node: &'n Node, out: &mut Vec<(Pos, &'n str)>) {
    match &node.value {
        Value::Str(s) => out.push((node.pos, s)),
        Value::Seq(items) => items.iter().for_each(|item| strings(item, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, value)| strings(value, out)),
        _ => {}
    }
}

/// Glued, moving and foreign addresses, each at its first character. The text of a scalar
/// is searched for the address from where the scalar starts, so the column is exact for
/// plain, quoted and block scalars alike (an address never spans a line break); only one
/// written with escapes in a double-quoted scalar falls back to the scalar's start.
pub fn check(l: &mut Linter, text: &str) {
    let Some(root) = l.loc.root() else {
        return;
    };
    let source = Source::new(text);
    let mut scalars = Vec::new();
    strings(root, &mut scalars);
    let hosts: Option<Vec<String>> = l.rb.docs_hosts.as_ref().map(|declared| {
        let mut hosts: Vec<String> = Vec::new();
        let own = [&l.rb.source, &l.rb.docs]
            .into_iter()
            .filter_map(|doc| doc.as_ref()?.url.as_deref())
            .map(host);
        for h in declared.iter().cloned().chain(own) {
            if !h.is_empty() && !hosts.contains(&h) {
                hosts.push(h);
            }
        }
        hosts
    });
    let mut found: Vec<(Code, Pos, Message)> = Vec::new();
    for (pos, value) in scalars {
        let start = source.offset(pos);
        let mut cursor = start;
        for address in addresses(value) {
            // Where the address is written: searched for from the previous one found.
            let at = cursor.and_then(|from| {
                let mut limit = (from + 4 * value.len() + 256).min(text.len());
                while !text.is_char_boundary(limit) {
                    limit -= 1;
                }
                let i = text.get(from..limit)?.find(address.url)?;
                Some(from + i)
            });
            let at_pos = match at {
                Some(i) => {
                    cursor = Some(i + address.url.len());
                    source.pos(i)
                }
                None => pos,
            };
            let url = address.url.to_string();
            if let Some(next) = address.glued {
                let next: String = next.chars().take(8).collect();
                found.push((
                    Code::AddressGlued,
                    at_pos,
                    Message::AddressGlued {
                        url: url.clone(),
                        next,
                    },
                ));
            }
            if let Some(latest) = unstable(address.url) {
                found.push((
                    Code::UnstableAddress,
                    at_pos,
                    Message::UnstableAddress {
                        url: url.clone(),
                        latest,
                    },
                ));
            }
            if let Some(hosts) = &hosts {
                let host = host(address.url);
                if !hosts.contains(&host) {
                    found.push((
                        Code::ForeignHost,
                        at_pos,
                        Message::ForeignHost {
                            url,
                            host,
                            hosts: hosts.clone(),
                        },
                    ));
                }
            }
        }
    }
    for (code, pos, message) in found {
        l.push(code, Level::Warning, pos, message, None);
    }
}

/// A `checked` date found in the file.
struct Checked<'n> {
    /// The mapping that holds it, as `` `premises[0]` (`online`) ``.
    field: String,
    date: &'n str,
    pos: Pos,
    /// The `url` beside it.
    url: Option<&'n str>,
}

/// Every `checked` key under `node`: the dates contested facts were checked.
fn checked<'n>(node: &'n Node, path: &mut String, out: &mut Vec<Checked<'n>>) {
    match &node.value {
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                checked(item, path, out);
                path.truncate(len);
            }
        }
        Value::Map(entries) => {
            for (name, value) in entries {
                if name.name == "checked" {
                    if let Value::Str(date) = &value.value {
                        let url = entries.iter().find_map(|(n, v)| match &v.value {
                            Value::Str(u) if n.name == "url" => Some(u.as_str()),
                            _ => None,
                        });
                        let id = entries.iter().find_map(|(n, v)| match &v.value {
                            Value::Str(id) if n.name == "id" => Some(format!(" (`{id}`)")),
                            _ => None,
                        });
                        let field = if path.is_empty() {
                            "rulebook"
                        } else {
                            path.as_str()
                        };
                        out.push(Checked {
                            field: format!("`{field}`{}", id.unwrap_or_default()),
                            date,
                            pos: value.pos,
                            url,
                        });
                    }
                    continue;
                }
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&name.name);
                checked(value, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Facts (premises, or anything else with a `checked` date outside `verify`) checked
/// longer ago than `--max-age` days, at the date.
pub fn stale(l: &mut Linter, options: Options) {
    let Some(root) = l.loc.root() else {
        return;
    };
    let mut all = Vec::new();
    checked(root, &mut String::new(), &mut all);
    let mut found = Vec::new();
    for c in all {
        let Some(days) = super::days_from_date(c.date) else {
            continue;
        };
        let age = options.today - days;
        if age > i64::from(options.max_age_days) {
            found.push((
                c.pos,
                Message::StaleFact {
                    field: c.field,
                    checked: c.date.to_string(),
                    age,
                    max_age: options.max_age_days,
                    url: c.url.map(str::to_string),
                },
            ));
        }
    }
    for (pos, message) in found {
        l.push(Code::StaleFact, Level::Warning, pos, message, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(value: &str) -> Vec<(&str, Option<&str>)> {
        addresses(value)
            .into_iter()
            .map(|a| (a.url, a.glued))
            .collect()
    }

    #[test]
    fn an_address_ends_where_a_link_would_and_glued_text_is_kept() {
        assert_eq!(
            urls("见 https://a.example/x-type）。然后"),
            [("https://a.example/x-type", Some("）。然后"))]
        );
        assert_eq!(
            urls("(see https://a.example/x). Then"),
            [("https://a.example/x", None)]
        );
        assert_eq!(
            urls("https://a.example/x.接着"),
            [("https://a.example/x", Some(".接着"))]
        );
        assert_eq!(
            urls("https://a.example/x 。"),
            [("https://a.example/x", None)]
        );
        assert_eq!(
            urls("[页面](https://a.example/x)。"),
            [("https://a.example/x", None)]
        );
        assert_eq!(
            urls("https://a.example/(x) and https://b.example"),
            [("https://a.example/(x)", None), ("https://b.example", None)]
        );
    }

    #[test]
    fn hosts_and_moving_addresses() {
        assert_eq!(host("https://WWW.Example.com:443/a?b"), "www.example.com");
        assert_eq!(host("https://example.com"), "example.com");
        assert_eq!(
            unstable("https://docs.example.com/help/en/doc-detail/176281.htm"),
            Some(false)
        );
        assert_eq!(unstable("https://a.example/product/latest/x"), Some(true));
        assert_eq!(unstable("https://a.example/help/en/product/x"), None);
        assert_eq!(unstable("https://latest.example/x?v=latest"), None);
    }

    #[test]
    fn positions_count_characters() {
        let s = Source::new("a: b\nzh: \"见 https://x\"\n");
        let at = s.offset(Pos { line: 2, column: 5 }).unwrap();
        assert_eq!(&s.text[at..at + 1], "\"");
        let i = s.text.find("https").unwrap();
        assert_eq!(s.pos(i), Pos { line: 2, column: 8 });
    }
}
