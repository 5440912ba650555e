//! Where a check's reports go: each renderer is paired with its sink (standard output,
//! or a file of `--output FORMAT=FILE`), and every plan is handed to every pair.

use std::io::Write;
use std::path::PathBuf;

use crate::fsutil::write_atomically;
use crate::outcome::{stdout_written, Failure};
use crate::plan::{Languages, PlanReport};
use crate::report::check::{Renderer, Summary};

pub enum Sink {
    /// Streamed as the plans arrive.
    Stdout,
    /// Kept whole, and written at the end in one step (never half a report).
    File { path: PathBuf, text: String },
}

pub struct Outputs<'a> {
    pairs: Vec<(Box<dyn Renderer + 'a>, Sink)>,
    stdout: Stdout,
    /// What the stdout renderers made of the current plan.
    chunk: String,
}

impl<'a> Outputs<'a> {
    pub fn new() -> Self {
        Outputs {
            pairs: Vec::new(),
            stdout: Stdout::new(),
            chunk: String::new(),
        }
    }

    /// Adds the renderer `make` builds, writing the head it writes on construction
    /// (JSON's and SARIF's opening) to `sink`.
    pub fn add(
        &mut self,
        mut sink: Sink,
        make: impl FnOnce(&mut String) -> Box<dyn Renderer + 'a>,
    ) -> Result<(), Failure> {
        let renderer = match &mut sink {
            Sink::Stdout => {
                let mut head = String::new();
                let renderer = make(&mut head);
                self.stdout.write(&head)?;
                renderer
            }
            Sink::File { text, .. } => make(text),
        };
        self.pairs.push((renderer, sink));
        Ok(())
    }

    /// The languages the reports print plans in.
    pub fn languages(&self) -> Languages {
        let mut langs = self.pairs.iter().map(|(renderer, _)| renderer.language());
        let first = langs.next().unwrap_or_default();
        langs.fold(Languages::only(first), Languages::with)
    }

    pub fn plan(&mut self, report: &PlanReport) -> Result<(), Failure> {
        for (renderer, sink) in &mut self.pairs {
            match sink {
                Sink::Stdout => renderer.plan(&mut self.chunk, report),
                Sink::File { text, .. } => renderer.plan(text, report),
            }
        }
        self.stdout.write(&self.chunk)?;
        self.chunk.clear();
        Ok(())
    }

    /// Ends every report with the summary (and standard output with `trailer`, a line
    /// for people such as the policy in force), then writes the files.
    pub fn finish(mut self, summary: &Summary, trailer: Option<&str>) -> Result<(), Failure> {
        for (renderer, sink) in &mut self.pairs {
            match sink {
                Sink::Stdout => renderer.finish(&mut self.chunk, summary),
                Sink::File { text, .. } => renderer.finish(text, summary),
            }
        }
        if let Some(line) = trailer {
            self.chunk.push_str(line);
            self.chunk.push('\n');
        }
        self.stdout.write(&self.chunk)?;
        self.stdout.flush()?;
        for (_, sink) in &self.pairs {
            if let Sink::File { path, text } = sink {
                write_atomically(path, text.as_bytes()).map_err(|e| Failure::write(path, &e))?;
            }
        }
        Ok(())
    }
}

/// Standard output, buffered; once the reader has gone away (`| head`) nothing more is
/// written.
struct Stdout {
    out: std::io::BufWriter<std::io::Stdout>,
    closed: bool,
}

impl Stdout {
    fn new() -> Self {
        Stdout {
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            closed: false,
        }
    }

    fn write(&mut self, text: &str) -> Result<(), Failure> {
        if self.closed || text.is_empty() {
            return Ok(());
        }
        let result = self.out.write_all(text.as_bytes());
        self.closed = !stdout_written(result)?;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let result = self.out.flush();
        self.closed = !stdout_written(result)?;
        Ok(())
    }
}
