//! eb-advisor: a decision engine for rulebooks of questions, outcomes and findings, with
//! front ends for a questionnaire, one-shot recommendations and checks of committed plans.

pub mod answers;
pub mod engine;
pub mod rulebook;
pub mod text;
pub mod yaml;
