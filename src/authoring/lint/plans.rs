//! What `check` of a plan rests on: a finding that fires when the plan's `path` is not
//! the one its answers lead to. The engine has no mismatch finding of its own (the
//! rulebook decides its severity, wording and remedy, or whether a mismatch matters at
//! all), so a rulebook without one passes a plan whatever path it chose.

use super::{Code, Level, Linter, Message};
use crate::authoring::locate::Seg;
use crate::rulebook::Condition;
use crate::yaml::Pos;

/// Warns when no finding can fire because a plan chose another path than the
/// recommended one, on a rulebook that has paths to choose from.
pub fn path_mismatch(l: &mut Linter) {
    let rb = l.rb;
    if rb.outcomes.is_empty() || rb.findings.iter().any(|f| reads_differs(&f.when, true)) {
        return;
    }
    let pos = l.loc.near(&[Seg::Key("findings")], Pos::START);
    l.push(
        Code::AnyPathPasses,
        Level::Warning,
        pos,
        Message::AnyPathPasses,
        None,
    );
}

/// Whether `planned-differs: true` can make `condition` hold: it stands with that sense
/// under an even number of `not` (or `planned-differs: false` under an odd number).
fn reads_differs(condition: &Condition, sense: bool) -> bool {
    match condition {
        Condition::All(items) | Condition::Any(items) => {
            items.iter().any(|c| reads_differs(c, sense))
        }
        Condition::Not(inner) => reads_differs(inner, !sense),
        Condition::PlannedDiffers(expected) => *expected == sense,
        _ => false,
    }
}
