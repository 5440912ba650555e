//! The SDK's side: the protocol handler over [`Advisor`], run on a single-threaded async
//! runtime that exists only while `eb-advisor mcp` runs (no other command starts one).

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, Implementation, ListResourcesResult, ListToolsResult,
    PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse, Resource,
    ServerCapabilities, ServerConfig,
};
use rmcp::service::{RequestContext, ServerInitializeError};
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};

use super::advisor::Advisor;
use super::names::{PATHS_URI, PLAN_SCHEMA_URI, RULEBOOK_URI};
use super::transport::{self, Log};
use crate::i18n::tr;
use crate::outcome::{note, Context, Exit, Failure};
use crate::text::Lang;

#[derive(Clone)]
pub struct Server(pub Arc<Advisor>);

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        let rb = &self.0.ctx.rulebook;
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(
            Implementation::new("eb-advisor", env!("CARGO_PKG_VERSION"))
                .with_title(format!("eb-advisor: {}", rb.title.get(Lang::En).trim())),
        )
        .with_instructions(format!(
            "Decides with the rulebook {} {} (\"{}\"), deterministically and with sources: the verdict an agent relays here is the one `eb-advisor check` enforces in CI. Interview the user with `questions` (one question at a time, `next` first), decide with `recommend`, explain a path with `explain_path`, write the plan file with `draft_plan`, and check a plan file's text with `check_plan`. Quote the text summaries; the structured results hold every detail.",
            rb.id,
            rb.version,
            rb.title.get(Lang::En).trim()
        ))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.0.tools.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        self.0
            .call_tool(&request.name, request.arguments.as_ref())
            .map(Into::into)
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let rb = &self.0.ctx.rulebook;
        let resources = vec![
            Resource::new(RULEBOOK_URI, rb.id.clone())
                .with_title(format!("Rulebook {} {}", rb.id, rb.version))
                .with_description("The rulebook the verdicts come from (YAML): questions, outcomes, rules, findings, billing and their sources.")
                .with_mime_type("application/yaml"),
            Resource::new(PLAN_SCHEMA_URI, "plan-schema")
                .with_title("Plan file JSON Schema")
                .with_description("The JSON Schema of plan files (*.eb-plan.yaml) for this rulebook, as `eb-advisor rules schema plan` writes it.")
                .with_mime_type("application/schema+json"),
            Resource::new(PATHS_URI, "paths")
                .with_title("Comparison of the paths")
                .with_description("Every path side by side (Markdown), as `eb-advisor paths --format markdown` prints it.")
                .with_mime_type("text/markdown"),
        ];
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        self.0.read_resource(&request.uri).map(Into::into)
    }
}

/// [`super::Serve`] for the server program: serves the context's rulebook until the
/// client closes standard input (or its end of standard output).
pub fn serve(ctx: Context, rules: Option<&Path>) -> Result<Exit, Failure> {
    let lang = ctx.lang();
    let rulebook_yaml = match rules {
        None => Cow::Borrowed(crate::rulebook::EMBEDDED_SOURCE),
        // Read again to serve it as written; it loaded a moment ago.
        Some(path) => Cow::Owned(
            crate::yaml::read_text(path, ctx.limits.for_rulebooks())
                .map_err(|d| Failure::error(d.line_in(lang, "invalid-rulebook")))?,
        ),
    };
    let advisor = Advisor::new(ctx, rulebook_yaml);
    run(advisor).map_err(|e| {
        Failure::error(format!(
            "{}{}",
            tr(lang, "cannot start the server: ", "无法启动服务器："),
            crate::text::io_reason(&e, lang)
        ))
    })?;
    Ok(Exit::Ok)
}

fn run(advisor: Advisor) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let log = Log::new();
    let (transport, writer) = transport::stdio(advisor.ctx.limits.max_bytes, log.clone());
    let rb = &advisor.ctx.rulebook;
    note(&format!(
        "eb-advisor mcp: serving the rulebook {} {} on standard input and output (trust {})",
        rb.id, rb.version, advisor.ctx.trust
    ));
    let server = Server(Arc::new(advisor));
    runtime.block_on(async move {
        match server.serve(transport).await {
            Ok(running) => {
                let _ = running.waiting().await;
            }
            // The client left before the handshake: nothing to serve.
            Err(ServerInitializeError::ConnectionClosed(_)) => {}
            Err(e) => log.problem(&format!("the session did not start: {e}")),
        }
    });
    // Answers already queued still reach the client; a client that stopped reading
    // gets a few seconds, not a process that never exits.
    writer.finish(Duration::from_secs(5));
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}
