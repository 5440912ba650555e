//! Any bytes as one line of the MCP server's input, through the server's request handler:
//! the line is read as the transport reads it (a message, or a JSON-RPC error to answer
//! with), tool calls and resource reads are answered by the handler the server uses, and
//! any JSON object is also tried as the arguments of every tool.
//!
//! Never a panic or a hang; every answer serializes; a tool error says what is wrong in
//! its text and in its structured content alike; only an unknown tool or resource is a
//! protocol error; a plan `draft_plan` writes is one `check` reads without an
//! `invalid-plan` or a `plaintext-secret` finding.
#![no_main]

use std::sync::OnceLock;

use eb_advisor::mcp::{self, Advisor, Line, RESOURCES, TOOLS};
use libfuzzer_sys::fuzz_target;
use rmcp::model::{CallToolResult, ClientJsonRpcMessage, ClientRequest, JsonObject};
use serde_json::Value;

fn advisor() -> &'static Advisor {
    static ADVISOR: OnceLock<Advisor> = OnceLock::new();
    ADVISOR.get_or_init(Advisor::embedded)
}

fn check_call(name: &str, args: Option<&JsonObject>) {
    match advisor().call_tool(name, args) {
        Ok(result) => check_result(name, &result),
        Err(error) => assert!(!TOOLS.contains(&name), "{name}: a protocol error: {error:?}"),
    }
}

fn check_result(name: &str, result: &CallToolResult) {
    assert!(TOOLS.contains(&name));
    serde_json::to_string(result).expect("the result serializes");
    let text = result.content[0].as_text().expect("a text summary").text.as_str();
    assert!(!text.trim().is_empty(), "{name}: an empty summary");
    let structured = result.structured_content.as_ref().expect("structured content");
    if let Some(error) = structured.get("error") {
        assert_eq!(result.is_error, Some(true));
        assert_eq!(error["message"].as_str(), Some(text), "{name}: text and structure agree");
        assert!(error["problems"].as_array().is_some_and(|p| !p.is_empty()));
        return;
    }
    if name == "draft_plan" {
        let plan = structured["plan"].as_str().expect("the plan text");
        let ctx = &advisor().ctx;
        let report = eb_advisor::plan::check_bytes(
            &ctx.rulebook,
            "draft.eb-plan.yaml",
            plan.as_bytes(),
            eb_advisor::plan::CheckOptions::new(ctx.limits, ctx.trust),
        );
        for finding in &report.findings {
            let id = finding.id(&ctx.rulebook);
            assert!(
                id != "invalid-plan" && id != "plaintext-secret",
                "a drafted plan has {id}: {}\n{plan}",
                finding.message(&ctx.rulebook, eb_advisor::text::Lang::En)
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    match mcp::parse_line(data) {
        Line::Message(message) => {
            if let ClientJsonRpcMessage::Request(request) = *message {
                match request.request {
                    ClientRequest::CallToolRequest(call) => {
                        check_call(&call.params.name, call.params.arguments.as_ref())
                    }
                    ClientRequest::ReadResourceRequest(read) => {
                        let uri = read.params.uri.as_str();
                        let result = advisor().read_resource(uri);
                        assert_eq!(result.is_ok(), RESOURCES.contains(&uri), "{uri}");
                    }
                    _ => {}
                }
            }
        }
        Line::Reply { response, .. } => {
            let reply: Value = serde_json::from_str(&response).expect("a JSON reply");
            assert!(reply["error"]["code"].is_i64());
            assert!(response.ends_with('\n') && !response[..response.len() - 1].contains('\n'));
        }
        Line::Skip(_) => {}
    }
    if let Ok(Value::Object(args)) = serde_json::from_slice::<Value>(data) {
        for tool in TOOLS {
            check_call(tool, Some(&args));
        }
    }
});
