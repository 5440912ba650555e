//! What every request is answered from, built once when the server starts.

use std::borrow::Cow;

use super::schema;
use crate::outcome::Context;
use crate::report::Ui;
use crate::text::Lang;
use crate::yaml::Limits;

/// What every request is answered from: the context `eb-advisor mcp` was started in
/// (rulebook, limits, language, policy and source of truth, set as for any command).
pub struct Advisor {
    pub ctx: Context,
    /// The rulebook's source, served as a resource.
    pub rulebook_yaml: Cow<'static, str>,
    /// Built once: the tools' descriptions and input schemas.
    pub tools: Vec<rmcp::model::Tool>,
}

impl Advisor {
    pub fn new(ctx: Context, rulebook_yaml: Cow<'static, str>) -> Self {
        let tools = schema::tools(&ctx.rulebook, ctx.limits);
        Advisor {
            ctx,
            rulebook_yaml,
            tools,
        }
    }

    /// The embedded rulebook with the default limits, no policy and the default source
    /// of truth: what `eb-advisor mcp` serves without flags or a policy file.
    pub fn embedded() -> Self {
        let rulebook = crate::embedded::rulebook();
        let trust = rulebook.default_trust;
        let ctx = Context {
            rulebook,
            ui: Ui::plain(Lang::En),
            limits: Limits::PLAN,
            stdout_is_terminal: false,
            policy: None,
            overrides: Vec::new(),
            trust,
        };
        Advisor::new(ctx, Cow::Borrowed(crate::rulebook::EMBEDDED_SOURCE))
    }
}
