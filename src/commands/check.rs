//! `check`: committed plans against the rulebook.

use crate::app::{Context, Exit, Failure};
use crate::cli::CheckArgs;

pub fn run(_ctx: &Context, _args: &CheckArgs) -> Result<Exit, Failure> {
    Err(Failure::usage("check is not built yet"))
}
