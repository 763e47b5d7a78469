//! Output formats: a record as one JSON line, or as the article in plain text; and
//! writing an output file atomically (a temp file renamed into place), so an
//! interrupted run never leaves half a file behind.

use std::io::{self, Write};
use std::path::Path;

use deboil_engine::Record;

use crate::pipeline::Outcome;

/// How records are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line: the record, or an error record `{id, source, error}`.
    Json,
    /// The cleaned article: title, standfirst and paragraphs separated by blank lines.
    Text,
}

/// Writes one outcome in the chosen format; `many` puts a header line over each
/// article in text output.
pub fn write_outcome(
    out: &mut impl Write,
    outcome: &Outcome,
    format: Format,
    many: bool,
) -> io::Result<()> {
    match (format, outcome) {
        (Format::Json, _) => {
            serde_json::to_writer(&mut *out, outcome)?;
            out.write_all(b"\n")
        }
        (Format::Text, Outcome::Record { record, .. }) => {
            if many {
                writeln!(out, "===== {} ({}) =====", record.id, record.outlet)?;
            }
            out.write_all(article_text(record).as_bytes())?;
            if many {
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        (Format::Text, Outcome::Error { error, .. }) => {
            if many {
                writeln!(out, "===== {} (error) =====", error.id)?;
            }
            writeln!(out, "error: {}: {}", error.source, error.error)?;
            if many {
                out.write_all(b"\n")?;
            }
            Ok(())
        }
    }
}

/// Writes one document's cleaned text to its own file under `dir`, atomically.
pub fn write_mirrored(dir: &Path, outcome: &Outcome) -> io::Result<()> {
    let path = dir.join(outcome.relative());
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = AtomicFile::create(&path)?;
    match outcome {
        Outcome::Record { record, .. } => {
            file.writer().write_all(article_text(record).as_bytes())?
        }
        Outcome::Error { error, .. } => {
            writeln!(file.writer(), "error: {}: {}", error.source, error.error)?
        }
    }
    file.commit(&path)
}

/// The article as an editor would print it: title, standfirst, then paragraphs,
/// separated by blank lines.
pub fn article_text(record: &Record) -> String {
    let parts: Vec<&str> = record
        .title
        .iter()
        .chain(record.standfirst.iter())
        .chain(record.body.iter())
        .map(String::as_str)
        .collect();
    let mut text = parts.join("\n\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// A file written through a temporary sibling and renamed into place on `commit`.
pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<Self> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Ok(AtomicFile {
            temp: tempfile::Builder::new()
                .prefix(".deboil-")
                .suffix(".tmp")
                .tempfile_in(dir)?,
        })
    }

    pub fn writer(&mut self) -> &mut std::fs::File {
        self.temp.as_file_mut()
    }

    pub fn commit(self, path: &Path) -> io::Result<()> {
        self.temp.as_file().sync_all()?;
        self.temp.persist(path).map(|_| ()).map_err(|e| e.error)
    }
}
