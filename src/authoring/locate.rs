//! Positions in the rulebook file for things the loaded rulebook keeps no position of
//! (a text field, a key inside a condition): the file is read once more as plain YAML
//! nodes, and a path such as `questions[2].help` is looked up in it.

use crate::yaml::{self, Limits, Node, Pos, Value};

/// One step of a path into the YAML tree.
#[derive(Clone, Copy, Debug)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

pub struct Locator {
    root: Option<Node>,
}

impl Locator {
    pub fn new(file: &str, text: &str) -> Locator {
        Locator {
            root: yaml::parse::<Node>(file, text, Limits::RULEBOOK).ok(),
        }
    }

    pub fn empty() -> Locator {
        Locator { root: None }
    }

    /// The whole file as plain YAML nodes, when it parses.
    pub fn root(&self) -> Option<&Node> {
        self.root.as_ref()
    }

    fn node(&self, path: &[Seg]) -> Option<(&Node, Option<Pos>)> {
        let mut node = self.root.as_ref()?;
        let mut key_pos = None;
        for seg in path {
            match (seg, &node.value) {
                (Seg::Key(k), Value::Map(entries)) => {
                    let (name, value) = entries.iter().find(|(name, _)| name.name == *k)?;
                    key_pos = Some(name.pos);
                    node = value;
                }
                (Seg::Index(i), Value::Seq(items)) => {
                    node = items.get(*i)?;
                    key_pos = None;
                }
                _ => return None,
            }
        }
        Some((node, key_pos))
    }

    /// Where `path` is written: the key's position when the path ends with a key, else
    /// the node's.
    pub fn find(&self, path: &[Seg]) -> Option<Pos> {
        self.node(path).map(|(node, key)| key.unwrap_or(node.pos))
    }

    /// `find`, or the position of the longest prefix of `path` that exists.
    pub fn near(&self, path: &[Seg], fallback: Pos) -> Pos {
        (0..=path.len())
            .rev()
            .find_map(|n| self.find(&path[..n]))
            .filter(|p| *p != Pos::default())
            .unwrap_or(fallback)
    }

    /// The first mapping key named `key` anywhere under `path` (depth first).
    pub fn key_under(&self, path: &[Seg], key: &str) -> Option<Pos> {
        fn search(node: &Node, key: &str) -> Option<Pos> {
            match &node.value {
                Value::Map(entries) => entries.iter().find_map(|(name, value)| {
                    if name.name == key {
                        Some(name.pos)
                    } else {
                        search(value, key)
                    }
                }),
                Value::Seq(items) => items.iter().find_map(|item| search(item, key)),
                _ => None,
            }
        }
        let (node, _) = self.node(path)?;
        search(node, key)
    }
}
