//! Tools for rulebook authors: lint, self-tests, JSON schemas and diagrams. They stand
//! above the engine and use it; nothing here knows what a rulebook is about.

pub mod diff;
pub mod graph;
pub mod lint;
pub mod locate;
pub mod schema;
pub mod selftest;
pub mod settling;
pub mod space;
