//! A program that does nothing, built with the same profile as eb-advisor: the floor that
//! `scripts/bench.sh` measures process start-up against.

fn main() {}
