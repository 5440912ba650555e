//! The names the server answers to: its tools and resources, and the file name of a
//! plan given without one.

pub const QUESTIONS: &str = "questions";
pub const RECOMMEND: &str = "recommend";
pub const CHECK_PLAN: &str = "check_plan";
pub const EXPLAIN_PATH: &str = "explain_path";
pub const DRAFT_PLAN: &str = "draft_plan";
pub const TOOLS: [&str; 5] = [QUESTIONS, RECOMMEND, CHECK_PLAN, EXPLAIN_PATH, DRAFT_PLAN];

pub const RULEBOOK_URI: &str = "eb-advisor://rulebook";
pub const PLAN_SCHEMA_URI: &str = "eb-advisor://schema/plan";
pub const PATHS_URI: &str = "eb-advisor://paths";
pub const RESOURCES: [&str; 3] = [RULEBOOK_URI, PLAN_SCHEMA_URI, PATHS_URI];

/// The file name a plan is reported under when the caller gives none.
pub const UNNAMED_PLAN: &str = "<plan>";
