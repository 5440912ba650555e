//! Code frames: the offending line under each finding, with every secret value masked,
//! found from the parsed file where it parsed and by a line-based guess where it did not.

use super::{credentials, is_secret_key, PlanFinding};
use crate::rulebook::Rulebook;
use crate::yaml::{Node, Pos, Value};

/// Attaches the offending line to each finding, with secret values masked: every value
/// under a secret-like key that the parsed file shows (whatever its spelling: escapes,
/// explicit keys, flow style), and whatever the line-based guess finds when the file
/// did not parse.
pub(super) fn add_frames(
    rb: &Rulebook,
    text: &str,
    root: Option<&Node>,
    findings: &mut [PlanFinding],
) {
    if findings.is_empty() {
        return;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let regions = root
        .map(|root| secret_regions(rb, root))
        .unwrap_or_default();
    // A file that does not parse has no positions to trust: when it names a secret-like
    // key anywhere, every framed line keeps only its key (a broken block scalar's lines
    // need not even be indented under their key).
    let lower = text.to_lowercase();
    let blind = root.is_none()
        && rb
            .secret_keys
            .iter()
            .any(|k| !k.is_empty() && lower.contains(k.as_str()));
    // Each line's nesting under a secret-like key, once for the file: per finding, the
    // work is the line's alone (a plan with 100,000 findings is framed in linear time).
    let under = if blind {
        Vec::new()
    } else {
        under_secret(rb, &lines)
    };
    // A finding in another file (a Terraform file the plan names) is framed from that file.
    for f in findings.iter_mut().filter(|f| f.file.is_none()) {
        let n = f.pos.line as usize;
        if n == 0 || n > lines.len() {
            continue;
        }
        let line = lines[n - 1].trim_end_matches('\r');
        if line.len() > MAX_FRAME {
            // A frame is for reading; a longer line (a whole file in flow style, say)
            // would be printed once per finding on it.
            continue;
        }
        if blind {
            let indent = &line[..line.len() - line.trim_start().len()];
            let masked = match line.find(':') {
                Some(c) if !line[..c].contains(['"', '\'', '#', '\\']) => {
                    format!("{} ***", &line[..=c])
                }
                _ => format!("{indent}***"),
            };
            f.frame = Some((f.pos.line, masked));
            continue;
        }
        let line = mask_regions(line, f.pos.line, &regions);
        f.frame = Some((f.pos.line, mask_line(rb, &line, under[n - 1])));
    }
}

/// The longest line shown in a frame, in bytes.
pub(super) const MAX_FRAME: usize = 1000;

/// Where the secret values are: each runs from a value under a secret-like key to the
/// next place in the file that is not part of it (exclusive), in document order.
fn secret_regions(rb: &Rulebook, root: &Node) -> Vec<(Pos, Pos)> {
    fn walk(rb: &Rulebook, node: &Node, secret: bool, out: &mut Vec<(Pos, bool)>) {
        match &node.value {
            Value::Map(entries) => {
                out.push((node.pos, secret));
                for (key, value) in entries {
                    out.push((key.pos, secret));
                    walk(rb, value, secret || is_secret_key(rb, &key.name), out);
                }
            }
            Value::Seq(items) => {
                out.push((node.pos, secret));
                items.iter().for_each(|item| walk(rb, item, secret, out));
            }
            // Nothing to hide in an empty value, and its position may be the next key's.
            Value::Null => out.push((node.pos, false)),
            Value::Str(s) if s.trim().is_empty() => out.push((node.pos, false)),
            // A URL with a credential in it is hidden whole, whatever its key.
            Value::Str(s) => {
                out.push((node.pos, secret || !credentials::in_value(rb, s).is_empty()))
            }
            _ => out.push((node.pos, secret)),
        }
    }
    let mut places = Vec::new();
    walk(rb, root, false, &mut places);
    // At equal positions the open place sorts first, so it ends a region rather than
    // being swallowed by it.
    places.sort_by_key(|&(pos, secret)| (pos, secret));
    let mut regions = Vec::new();
    let mut start: Option<Pos> = None;
    for &(pos, secret) in &places {
        match (start, secret) {
            (None, true) => start = Some(pos),
            (Some(from), false) if pos > from => {
                regions.push((from, pos));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        regions.push((
            from,
            Pos {
                line: u32::MAX,
                column: u32::MAX,
            },
        ));
    }
    regions
}

/// Line `number` with every part inside a secret region shown as `***`.
fn mask_regions(line: &str, number: u32, regions: &[(Pos, Pos)]) -> String {
    // Regions are in document order and do not overlap: the ones on this line are those
    // that start on it, and the last one that starts before it.
    let first = regions.partition_point(|&(from, _)| from.line < number);
    let end = first + regions[first..].partition_point(|&(from, _)| from.line == number);
    let regions = &regions[first.saturating_sub(1)..end];
    let hidden = |column: u32| {
        let at = Pos {
            line: number,
            column,
        };
        regions.iter().any(|&(from, to)| from <= at && at < to)
    };
    let mut out = String::with_capacity(line.len());
    let mut pending = String::new();
    for (i, c) in line.chars().enumerate() {
        if hidden(i as u32 + 1) {
            pending.push(c);
            continue;
        }
        flush_hidden(&mut out, &mut pending);
        out.push(c);
    }
    flush_hidden(&mut out, &mut pending);
    out
}

/// Hidden text becomes `***`, keeping the spaces around it and a flow separator after it
/// (`{password: ***, vpc-id: x}`).
fn flush_hidden(out: &mut String, hidden: &mut String) {
    if hidden.trim().is_empty() {
        out.push_str(hidden);
    } else {
        let core = hidden.trim_start();
        let lead = &hidden[..hidden.len() - core.len()];
        let core = core.trim_end_matches(|c: char| c.is_whitespace() || c == ',');
        let trail = &hidden[lead.len() + core.len()..];
        out.push_str(lead);
        out.push_str("***");
        out.push_str(trail);
    }
    hidden.clear();
}

/// Line `i` with any value that may be a secret replaced by `***`: the value after a
/// secret-like key, and every line nested under one.
#[cfg(test)]
pub(super) fn masked_line(rb: &Rulebook, lines: &[&str], i: usize) -> String {
    mask_line(
        rb,
        lines[i].trim_end_matches('\r'),
        under_secret(rb, lines)[i],
    )
}

/// A line nested under a secret-like key (a list item, a block scalar) is all secret;
/// else the value after its own secret-like key is.
fn mask_line(rb: &Rulebook, line: &str, under: bool) -> String {
    if under {
        return format!("{}***", &line[..line.len() - line.trim_start().len()]);
    }
    match secret_key_in(rb, line) {
        Some(end) => format!("{} ***", &line[..end]),
        None => line.to_string(),
    }
}

/// For each line, whether a line it is nested under (by indentation, comments and blank
/// lines aside) has a secret-like key. One pass, with the chain of enclosing lines.
fn under_secret(rb: &Rulebook, lines: &[&str]) -> Vec<bool> {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    // (indentation, whether this line or one enclosing it has a secret-like key)
    let mut chain: Vec<(usize, bool)> = Vec::new();
    let mut under = Vec::with_capacity(lines.len());
    for line in lines {
        let line = line.trim_end_matches('\r');
        let depth = indent(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            let enclosing = chain.iter().rev().find(|(d, _)| *d < depth);
            under.push(enclosing.is_some_and(|(_, secret)| *secret));
            continue;
        }
        while chain.last().is_some_and(|(d, _)| *d >= depth) {
            chain.pop();
        }
        let inherited = chain.last().is_some_and(|(_, secret)| *secret);
        under.push(inherited);
        chain.push((depth, inherited || secret_key_in(rb, line).is_some()));
    }
    under
}

/// The byte offset just past `key:` when the line has a secret-like key before a colon.
fn secret_key_in(rb: &Rulebook, line: &str) -> Option<usize> {
    let lower = line.to_lowercase();
    let colon = line.find(':');
    // An escape in a quoted key (`"pass\x77ord":`) may spell anything.
    if colon.is_some_and(|c| line[..c].contains('\\')) {
        return colon.map(|c| c + 1);
    }
    if lower.len() != line.len() {
        // Offsets would not match; mask from the first colon on.
        return line.find(':').map(|c| c + 1);
    }
    let start = rb
        .secret_keys
        .iter()
        .filter(|s| !s.is_empty())
        .filter_map(|s| lower.find(s.as_str()))
        .min()?;
    line[start..].find(':').map(|c| start + c + 1)
}
