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

/// Appends one outcome in the chosen format to `out` (the bytes of a chunk's
/// outcomes, written out together); `many` puts a header line over each article
/// in text output.
pub fn write_outcome(
    out: &mut Vec<u8>,
    outcome: &Outcome,
    format: Format,
    many: bool,
) -> io::Result<()> {
    match (format, outcome) {
        (Format::Json, _) => {
            // sonic-rs writes what serde_json writes (the test below holds it to
            // that), escaping strings a vector at a time: most of a record's bytes
            // are the article's text and the removed lines. It writes straight
            // onto the chunk's bytes (a vector of its own grew a few times for
            // every record, then was copied); a failure takes its part back off.
            let before = out.len();
            if let Err(err) = sonic_rs::to_writer(&mut *out, outcome) {
                out.truncate(before);
                return Err(io::Error::other(err));
            }
            out.push(b'\n');
            Ok(())
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use deboil_engine::Removed;
    use serde_json::{json, Value};
    use std::path::PathBuf;

    fn json_line(outcome: &Outcome) -> String {
        let mut out = Vec::new();
        write_outcome(&mut out, outcome, Format::Json, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_json_line_is_what_serde_json_writes_for_any_text_and_extra_fields() {
        // Every ASCII character (controls, quotes, backslash, DEL), text beyond
        // ASCII and beyond the BMP, in runs long and short enough for vector and
        // scalar paths alike.
        let ascii: String = (0u8..128).map(char::from).collect();
        let texts = [
            ascii.clone(),
            ascii.repeat(5),
            "Æ ø å — “quoted” \\ back\u{1F600}\u{2028}\u{2029}\u{FEFF}".repeat(3),
            String::new(),
            "\"".into(),
            format!("{}\u{7}", "x".repeat(63)),
        ];
        let record = Record {
            id: texts[2].clone(),
            outlet: "generic".into(),
            language: Some("nb".into()),
            title: Some(texts[0].clone()),
            standfirst: Some(texts[5].clone()),
            authors: vec![texts[4].clone(), texts[3].clone()],
            uncertain: true,
            body: texts.to_vec(),
            removed: texts
                .iter()
                .map(|t| Removed {
                    rule: format!("generic/{t}").into(),
                    text: t.clone(),
                })
                .collect(),
            ..Record::default()
        };
        let extra = json!({
            "url": "https://example.com/a?b=c&d=\"e\"",
            "float": 1.5, "tiny": 5e-324, "huge": 1.7976931348623157e308, "third": 0.1,
            "negative": -42, "big": 18446744073709551615u64, "zero": 0.0,
            "nested": {"list": [true, false, null, "\u{0}"], "empty": {}, "none": []},
        });
        let Value::Object(extra) = extra else {
            unreachable!()
        };
        let outcomes = [
            Outcome::Record {
                record: Box::new(record),
                extra,
                decoded_from: Some("windows-1252"),
                relative: crate::input::Relative::Path(PathBuf::new()),
            },
            Outcome::Error {
                error: crate::pipeline::ErrorRecord {
                    id: ascii.clone(),
                    source: texts[2].clone(),
                    error: "broken JSON: \"x\"".into(),
                },
                relative: crate::input::Relative::Path(PathBuf::new()),
            },
        ];
        let mut expected_chunk = String::new();
        for outcome in &outcomes {
            let expected = serde_json::to_string(outcome).unwrap() + "\n";
            assert_eq!(json_line(outcome), expected);
            expected_chunk += &expected;
        }
        // Outcomes written one after another onto a chunk's bytes.
        let mut chunk = b"earlier\n".to_vec();
        for outcome in &outcomes {
            write_outcome(&mut chunk, outcome, Format::Json, true).unwrap();
        }
        assert_eq!(
            String::from_utf8(chunk).unwrap(),
            "earlier\n".to_owned() + &expected_chunk
        );
    }
}
