//! The cleaning run: find the input documents, clean them on a rayon pool in
//! chunks (so memory stays bounded and output keeps input order), and hand each
//! outcome, a record or an error record, to the writer. Nothing is dropped: every
//! input document yields exactly one outcome.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use deboil_engine::{Record, RuleSet};
use rayon::prelude::*;
use serde::Serialize;

use crate::registry::Cleaners;

/// How many documents are read and cleaned before their outcomes are written.
const CHUNK: usize = 256;

/// One input document: where it comes from and its id.
#[derive(Debug, Clone)]
pub struct Input {
    pub id: String,
    pub path: PathBuf,
}

/// A document that could not be cleaned, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorRecord {
    pub id: String,
    pub source: String,
    pub error: String,
}

/// What one input document became.
#[derive(Debug, Clone)]
pub enum Outcome {
    Record(Box<Record>),
    Error(ErrorRecord),
}

/// Text dumps are read from directories by these extensions.
const DUMP_EXTENSIONS: &[&str] = &["txt"];

/// Expands files and directories (recursively, sorted by path) into input
/// documents. Paths that cannot be read become error outcomes, in place.
pub fn discover(paths: &[PathBuf]) -> Vec<Result<Input, ErrorRecord>> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path).sort_by_file_name();
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && has_dump_extension(e.path()) => {
                        found.push(Ok(input_for(e.path())))
                    }
                    Ok(_) => {}
                    Err(err) => {
                        let at = err.path().unwrap_or(path).to_path_buf();
                        found.push(Err(ErrorRecord {
                            id: id_of(&at),
                            source: at.display().to_string(),
                            error: format!("cannot read directory entry: {err}"),
                        }));
                    }
                }
            }
        } else if path.exists() {
            found.push(Ok(input_for(path)));
        } else {
            found.push(Err(ErrorRecord {
                id: id_of(path),
                source: path.display().to_string(),
                error: "no such file or directory".into(),
            }));
        }
    }
    found
}

fn has_dump_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DUMP_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(e)))
}

fn id_of(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

fn input_for(path: &Path) -> Input {
    Input {
        id: id_of(path),
        path: path.to_path_buf(),
    }
}

/// Reads and cleans one document.
pub fn process(input: &Input, cleaners: &Cleaners, forced: Option<&RuleSet>) -> Outcome {
    let fail = |error: String| {
        Outcome::Error(ErrorRecord {
            id: input.id.clone(),
            source: input.path.display().to_string(),
            error,
        })
    };
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(err) => return fail(format!("cannot read file: {err}")),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return fail("empty document: no text at all".into());
    }
    if bytes.contains(&0) {
        return fail("binary file, not a text dump (contains NUL bytes)".into());
    }
    let text = String::from_utf8_lossy(&bytes);
    let cleaned = cleaners.clean(&input.id, &text, None, forced);
    Outcome::Record(Box::new(cleaned.record))
}

/// Counts for the closing summary.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub errors: usize,
    pub bytes: u64,
    pub per_outlet: BTreeMap<String, usize>,
    pub per_rule: BTreeMap<String, usize>,
}

impl Summary {
    fn count(&mut self, outcome: &Outcome) {
        self.documents += 1;
        match outcome {
            Outcome::Error(_) => self.errors += 1,
            Outcome::Record(r) => {
                *self.per_outlet.entry(r.outlet.clone()).or_default() += 1;
                for piece in &r.removed {
                    *self.per_rule.entry(piece.rule.clone()).or_default() += 1;
                }
            }
        }
    }
}

/// Cleans every input on `pool`, calling `emit` (on this thread) with each outcome
/// in input order and `progress` with the count and bytes of each finished chunk.
pub fn run(
    pool: &rayon::ThreadPool,
    inputs: Vec<Result<Input, ErrorRecord>>,
    cleaners: &Cleaners,
    forced: Option<&RuleSet>,
    mut emit: impl FnMut(&Outcome) -> std::io::Result<()>,
    mut progress: impl FnMut(usize, u64),
) -> std::io::Result<Summary> {
    let mut summary = Summary::default();
    for chunk in inputs.chunks(CHUNK) {
        let outcomes: Vec<(Outcome, u64)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|item| match item {
                    Ok(input) => {
                        let size = std::fs::metadata(&input.path).map_or(0, |m| m.len());
                        (process(input, cleaners, forced), size)
                    }
                    Err(error) => (Outcome::Error(error.clone()), 0),
                })
                .collect()
        });
        let mut bytes = 0;
        for (outcome, size) in &outcomes {
            summary.count(outcome);
            bytes += size;
            emit(outcome)?;
        }
        summary.bytes += bytes;
        progress(outcomes.len(), bytes);
    }
    Ok(summary)
}
