//! JSON-RPC over stdio, one message a line, with every line bounded and every bad line
//! answered.
//!
//! The SDK's own stdio transport skips lines that are not JSON without a word; JSON-RPC
//! asks for a Parse error, and a client that sent a broken request otherwise waits for an
//! answer that never comes. So lines are read here: a line that is not JSON gets -32700,
//! a JSON value that is not a message gets -32600 (with its id when it has one), a line
//! over the limit is dropped as it streams in (never held in memory) and gets -32600, and
//! the server goes on serving. Only messages reach the SDK.
//!
//! Standard input is read on a thread of its own and standard output written on another,
//! so that a read blocked on a silent client never holds up the process's exit, and
//! nothing but protocol lines is ever written to stdout.

use std::future::Future;
use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use rmcp::service::{RoleServer, RxJsonRpcMessage, TxJsonRpcMessage};
use rmcp::transport::Transport;
use serde_json::{json, Value};
use tokio::sync::mpsc;

/// What a line from the client comes to.
#[derive(Debug)]
pub enum Line {
    /// A message, for the SDK to dispatch.
    Message(Box<ClientJsonRpcMessage>),
    /// An error response to write back, with what to log.
    Reply { response: String, problem: String },
    /// Nothing to do: an empty line, or a malformed notification (which JSON-RPC forbids
    /// answering), with what to log.
    Skip(Option<String>),
}

/// A JSON-RPC error response as one line of text (`id` null when it cannot be known).
pub fn error_response(id: Option<&Value>, code: i64, message: &str) -> String {
    let id = id.cloned().unwrap_or(Value::Null);
    let mut line = json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message }
    })
    .to_string();
    line.push('\n');
    line
}

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

/// Reads one line (without its line break) as the client meant it.
pub fn parse_line(line: &[u8]) -> Line {
    let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return Line::Skip(None);
    }
    match serde_json::from_slice::<ClientJsonRpcMessage>(line) {
        Ok(message) => Line::Message(Box::new(message)),
        Err(e) if e.is_syntax() || e.is_eof() || e.is_io() => Line::Reply {
            response: error_response(
                None,
                PARSE_ERROR,
                &format!(
                    "Parse error: the line is not JSON ({e}); send one JSON-RPC message per line"
                ),
            ),
            problem: format!("a line that is not JSON ({e})"),
        },
        Err(e) => {
            // Valid JSON of the wrong shape: answer its request id when it has one.
            let value: Value = serde_json::from_slice(line).unwrap_or(Value::Null);
            let id = value
                .get("id")
                .filter(|id| id.is_string() || id.is_i64() || id.is_u64());
            let is_notification = value.get("method").is_some() && value.get("id").is_none();
            if is_notification {
                return Line::Skip(Some(format!("a malformed notification ({e})")));
            }
            Line::Reply {
                response: error_response(
                    id,
                    INVALID_REQUEST,
                    &format!("Invalid Request: not a JSON-RPC 2.0 message of the Model Context Protocol ({e})"),
                ),
                problem: format!("an invalid message ({e})"),
            }
        }
    }
}

/// The longest line read: room for a plan or answers at the file size limit, JSON-escaped
/// (a quote, a backslash or a line break takes two bytes, a character escaped as \uXXXX
/// up to six for three), plus the envelope.
pub fn max_line(max_file_size: u64) -> usize {
    usize::try_from(max_file_size.saturating_mul(4).saturating_add(64 * 1024)).unwrap_or(usize::MAX)
}

/// Problems logged to stderr before going quiet: a client that streams garbage must not
/// fill a log, nor block on a stderr nobody reads.
const LOGGED: usize = 100;

pub struct Log {
    count: AtomicUsize,
}

impl Log {
    pub fn new() -> Arc<Log> {
        Arc::new(Log {
            count: AtomicUsize::new(0),
        })
    }

    pub fn problem(&self, what: &str) {
        let n = self.count.fetch_add(1, Ordering::Relaxed);
        if n < LOGGED {
            crate::outcome::note(&format!("eb-advisor mcp: {}", crate::text::one_line(what)));
        } else if n == LOGGED {
            crate::outcome::note("eb-advisor mcp: more problems with the input; no longer logged");
        }
    }
}

enum Outgoing {
    Line(Vec<u8>),
    /// Everything before it is written; stop.
    Close,
}

/// Reads lines from `input` until it ends, bounded by `max`, sending messages on and
/// answering bad lines. Returns when the input ends or nobody listens any more.
fn read_lines(
    mut input: impl BufRead,
    max: usize,
    messages: mpsc::Sender<ClientJsonRpcMessage>,
    replies: mpsc::Sender<Outgoing>,
    log: Arc<Log>,
) {
    let mut line: Vec<u8> = Vec::new();
    // Set while the rest of a line over the limit is dropped.
    let mut discarding = false;
    loop {
        let (taken, ended) = match input.fill_buf() {
            Ok([]) => break,
            Ok(available) => {
                let newline = available.iter().position(|&b| b == b'\n');
                let take = newline.map_or(available.len(), |i| i + 1);
                let body = &available[..newline.unwrap_or(take)];
                if !discarding {
                    if line.len() + body.len() > max {
                        discarding = true;
                        line = Vec::new();
                        log.problem(&format!("a message longer than the limit of {max} bytes"));
                        let response = error_response(
                            None,
                            INVALID_REQUEST,
                            &format!("Invalid Request: the message is longer than the limit of {max} bytes (4 × --max-file-size + 64 KiB) and was dropped unread"),
                        );
                        if replies
                            .blocking_send(Outgoing::Line(response.into_bytes()))
                            .is_err()
                        {
                            return;
                        }
                    } else {
                        line.extend_from_slice(body);
                    }
                }
                (take, newline.is_some())
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                log.problem(&format!("cannot read standard input: {e}"));
                break;
            }
        };
        input.consume(taken);
        if !ended {
            continue;
        }
        if discarding {
            discarding = false;
            continue;
        }
        let sent = match parse_line(&line) {
            Line::Message(message) => messages.blocking_send(*message).is_ok(),
            Line::Reply { response, problem } => {
                log.problem(&problem);
                replies
                    .blocking_send(Outgoing::Line(response.into_bytes()))
                    .is_ok()
            }
            Line::Skip(problem) => {
                if let Some(problem) = problem {
                    log.problem(&problem);
                }
                true
            }
        };
        if !sent {
            return;
        }
        // A huge line once must not keep its buffer for the whole session.
        if line.capacity() > 64 * 1024 {
            line = Vec::new();
        } else {
            line.clear();
        }
    }
    // The last line, when the input ends without a line break.
    if !discarding && !line.is_empty() {
        match parse_line(&line) {
            Line::Message(message) => {
                let _ = messages.blocking_send(*message);
            }
            Line::Reply { response, problem } => {
                log.problem(&problem);
                let _ = replies.blocking_send(Outgoing::Line(response.into_bytes()));
            }
            Line::Skip(_) => {}
        }
    }
}

/// Writes each line and flushes it; stops at `Close`, or when the reader has gone.
fn write_lines(mut output: impl Write, mut lines: mpsc::Receiver<Outgoing>, log: Arc<Log>) {
    while let Some(Outgoing::Line(line)) = lines.blocking_recv() {
        if let Err(e) = output.write_all(&line).and_then(|()| output.flush()) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                log.problem(&format!("cannot write standard output: {e}"));
            }
            return;
        }
    }
}

/// The transport the SDK serves on.
pub struct StdioLines {
    incoming: mpsc::Receiver<ClientJsonRpcMessage>,
    outgoing: mpsc::Sender<Outgoing>,
}

/// The writer thread, to be drained before the process exits.
pub struct Writer {
    outgoing: mpsc::Sender<Outgoing>,
    done: std::sync::mpsc::Receiver<()>,
}

impl Writer {
    /// Lets every line queued so far reach stdout, for at most `patience` (a client that
    /// stopped reading must not keep the process alive).
    pub fn finish(self, patience: Duration) {
        let _ = self.outgoing.try_send(Outgoing::Close);
        drop(self.outgoing);
        let _ = self.done.recv_timeout(patience);
    }
}

/// Serves on the process's stdin and stdout.
pub fn stdio(max_file_size: u64, log: Arc<Log>) -> (StdioLines, Writer) {
    // Small queues: a client that sends faster than it reads is slowed down, not buffered.
    let (message_tx, message_rx) = mpsc::channel(16);
    let (line_tx, line_rx) = mpsc::channel(64);
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let max = max_line(max_file_size);
    let replies = line_tx.clone();
    let reader_log = log.clone();
    std::thread::spawn(move || {
        read_lines(
            std::io::stdin().lock(),
            max,
            message_tx,
            replies,
            reader_log,
        )
    });
    std::thread::spawn(move || {
        write_lines(std::io::stdout().lock(), line_rx, log);
        let _ = done_tx.send(());
    });
    (
        StdioLines {
            incoming: message_rx,
            outgoing: line_tx.clone(),
        },
        Writer {
            outgoing: line_tx,
            done: done_rx,
        },
    )
}

impl Transport<RoleServer> for StdioLines {
    type Error = std::io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleServer>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        let outgoing = self.outgoing.clone();
        let line = encode(&item);
        async move {
            outgoing.send(Outgoing::Line(line?)).await.map_err(|_| {
                std::io::Error::new(std::io::ErrorKind::BrokenPipe, "standard output is closed")
            })
        }
    }

    fn receive(&mut self) -> impl Future<Output = Option<RxJsonRpcMessage<RoleServer>>> + Send {
        let outgoing = self.outgoing.clone();
        let incoming = &mut self.incoming;
        async move {
            // Either the client's next message, or the end: its input ended, or its end of
            // stdout did (nothing could be answered any more).
            tokio::select! {
                message = incoming.recv() => message,
                () = outgoing.closed() => None,
            }
        }
    }

    async fn close(&mut self) -> Result<(), Self::Error> {
        self.incoming.close();
        Ok(())
    }
}

fn encode(message: &ServerJsonRpcMessage) -> std::io::Result<Vec<u8>> {
    let mut line = serde_json::to_vec(message).map_err(std::io::Error::other)?;
    line.push(b'\n');
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(line: Line) -> Option<i64> {
        match line {
            Line::Reply { response, .. } => {
                let v: Value = serde_json::from_str(&response).unwrap();
                v["error"]["code"].as_i64()
            }
            _ => None,
        }
    }

    #[test]
    fn garbage_is_a_parse_error_and_a_wrong_shape_an_invalid_request_with_its_id() {
        assert_eq!(code_of(parse_line(b"hello")), Some(PARSE_ERROR));
        assert_eq!(
            code_of(parse_line(b"{\"jsonrpc\":\"2.0\",\"id\":1")),
            Some(PARSE_ERROR)
        );
        let Line::Reply { response, .. } =
            parse_line(b"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":5}")
        else {
            panic!("a reply")
        };
        let v: Value = serde_json::from_str(&response).unwrap();
        assert_eq!(v["id"], 7);
        assert_eq!(v["error"]["code"], INVALID_REQUEST);
        assert!(matches!(parse_line(b"  \r"), Line::Skip(None)));
        assert!(matches!(
            parse_line(b"{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":5}"),
            Line::Skip(Some(_))
        ));
        assert!(matches!(
            parse_line(b"\xef\xbb\xbf{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r"),
            Line::Message(_)
        ));
    }

    #[test]
    fn a_line_over_the_limit_is_answered_and_the_next_one_read() {
        let big = format!(
            "{}\n{{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}}\n",
            "x".repeat(5000)
        );
        let (message_tx, mut message_rx) = mpsc::channel(16);
        let (line_tx, mut line_rx) = mpsc::channel(16);
        // A small read buffer, so that the long line arrives in many pieces.
        let input = std::io::BufReader::with_capacity(64, big.as_bytes());
        read_lines(input, 1000, message_tx, line_tx, Log::new());
        let Some(Outgoing::Line(reply)) = line_rx.blocking_recv() else {
            panic!("an error reply")
        };
        let v: Value = serde_json::from_slice(&reply).unwrap();
        assert_eq!(v["error"]["code"], INVALID_REQUEST);
        assert!(v["id"].is_null());
        assert!(message_rx.blocking_recv().is_some(), "the ping after it");
    }
}
