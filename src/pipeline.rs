//! The cleaning run: documents stream in from the reader, are cleaned in chunks on
//! a rayon pool, and their outcomes, a record or an error record, go to the writer
//! in input order. A few chunks at a time are in memory, so memory stays flat
//! whatever the size of the dump, and the output is the same for any number of
//! threads. Every input document yields exactly one outcome.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::Instant;

use deboil_engine::{Cleaned, Document, Record, RuleSet};
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::input::{Body, Doc, Relative};
use crate::page::clean_page;
use crate::registry::Cleaners;

/// How many documents one worker cleans in a row, as one job, before their
/// outcomes are written: small enough that the chunks in flight keep every
/// worker busy to the end, large enough that handing them out costs little.
const CHUNK: usize = 128;

/// About how many bytes a chunk holds at most: the documents in flight bound
/// memory, so chunks of large documents hold fewer (how many follows the size of
/// the documents in the last chunk written; a file's size is known only once it is
/// read), and a worker that finds its chunk holding more cleans only its first
/// `CHUNK_BYTES` and hands the rest back, to be cleaned next in its place (see
/// [`process_part`]). The first chunks, before any is written, hold `FIRST_CHUNK`
/// documents.
const CHUNK_BYTES: usize = 4 << 20;
const FIRST_CHUNK: usize = 4;

/// How many documents the next chunks take, after a chunk of `documents` that held
/// `bytes` (see [`Taken::held`]).
fn chunk_len(documents: usize, bytes: u64) -> usize {
    let per_document = bytes / documents.max(1) as u64;
    (CHUNK_BYTES as u64 / per_document.max(1)).clamp(1, CHUNK as u64) as usize
}

/// The input's documents as the cleaning loop takes them.
///
/// Files are pulled: the next document is always worth waiting for, and chunks
/// are full. A stream (stdin as a pipe stage) is read on its own thread, and a
/// chunk closes as soon as no document is waiting, so each record comes out once
/// it is cleaned instead of when a chunk's worth of later input has arrived. Which
/// documents share a chunk never changes the output.
pub enum Feed<I> {
    Pulled(I),
    Streamed {
        docs: mpsc::Receiver<Doc>,
        reader: Option<std::thread::JoinHandle<()>>,
    },
}

/// What the feed has next.
#[allow(clippy::large_enum_variant)] // a return value, taken apart at once
enum Next {
    Doc(Doc),
    /// A stream has nothing waiting right now.
    NotYet,
    End,
}

/// Documents a stream's reading thread may get ahead of the cleaning loop.
const STREAM_AHEAD: usize = CHUNK * CHUNKS_AHEAD;

impl<I: Iterator<Item = Doc>> Feed<I> {
    /// Reads `docs` on this thread, as the loop asks.
    pub fn pulled(docs: I) -> Self {
        Feed::Pulled(docs)
    }

    /// Reads `docs` on a thread of its own, a bounded way ahead of the loop.
    pub fn streamed(docs: I) -> Self
    where
        I: Send + 'static,
    {
        let (send, receive) = mpsc::sync_channel(STREAM_AHEAD);
        let reader = std::thread::spawn(move || {
            for doc in docs {
                // The loop has stopped (writing failed): stop reading.
                if send.send(doc).is_err() {
                    break;
                }
            }
        });
        Feed::Streamed {
            docs: receive,
            reader: Some(reader),
        }
    }

    /// The next document; for a stream, only one already waiting unless `wait`.
    fn next(&mut self, wait: bool) -> Next {
        match self {
            Feed::Pulled(docs) => docs.next().map_or(Next::End, Next::Doc),
            Feed::Streamed { docs, reader } => {
                let next = if wait {
                    docs.recv().map_err(|_| mpsc::TryRecvError::Disconnected)
                } else {
                    docs.try_recv()
                };
                match next {
                    Ok(doc) => Next::Doc(doc),
                    Err(mpsc::TryRecvError::Empty) => Next::NotYet,
                    Err(mpsc::TryRecvError::Disconnected) => {
                        // The stream ended, or its reader panicked: pass the panic on
                        // rather than end the output early as if the input had.
                        if let Some(Err(panic)) = reader.take().map(|r| r.join()) {
                            std::panic::resume_unwind(panic);
                        }
                        Next::End
                    }
                }
            }
        }
    }
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
    Record {
        record: Box<Record>,
        /// A JSON Lines record's other fields, carried through.
        extra: Map<String, Value>,
        decoded_from: Option<&'static str>,
        relative: Relative,
    },
    Error {
        error: ErrorRecord,
        relative: Relative,
    },
}

impl Outcome {
    /// Path of this document's file in mirrored text output.
    pub fn relative(&self) -> PathBuf {
        match self {
            Outcome::Record {
                record, relative, ..
            } => relative.path(&record.id),
            Outcome::Error { error, relative } => relative.path(&error.id),
        }
    }
}

/// What a document took: bytes of input (for progress and MB/s) and what it held
/// once loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Taken {
    /// Bytes read, before decompression.
    input: u64,
    /// The larger of that and the document as loaded (its text, or its page's
    /// bytes), which a chunk holds in memory: a gzip'd dump holds several times
    /// the bytes it took to read, and chunks are sized by this.
    held: u64,
}

/// Reads (when they are files) and cleans a chunk's first documents, loaded until
/// they hold `budget` bytes (at least one document), and says what each took; the
/// rest come back as they were (unread files, unparsed records). `run_chunks` so
/// cleans a chunk of large documents, sized by smaller ones before it, a part at a
/// time, each part's outcomes written before the next part is read.
///
/// The outcomes are in input order, but text dumps are cleaned grouped by the
/// cleaner chosen for them: one cleaner's rules then stay in the CPU's caches
/// from one document to the next, where in a mixed dump (every outlet in turn)
/// each document would bring its cleaner's rules back in. A document's record
/// does not depend on the order.
fn process_part(
    chunk: Vec<Doc>,
    cleaners: &Cleaners,
    forced: Option<&RuleSet>,
    budget: usize,
) -> (Vec<(Outcome, Taken)>, Vec<Doc>) {
    let mut docs = chunk.into_iter();
    let mut part = Vec::new();
    let mut held = 0;
    for doc in docs.by_ref() {
        let doc = doc.load();
        held += loaded_len(&doc.body);
        part.push(doc);
        if held >= budget {
            break;
        }
    }
    (clean_grouped(part, cleaners, forced), docs.collect())
}

/// The bytes a loaded document holds: its text or its page's.
fn loaded_len(body: &Body) -> usize {
    match body {
        Body::Text(text) => text.len(),
        Body::Html { bytes, .. } => bytes.len(),
        _ => 0,
    }
}

/// Cleans loaded documents, their texts grouped by cleaner; outcomes in their order.
fn clean_grouped(
    docs: Vec<Doc>,
    cleaners: &Cleaners,
    forced: Option<&RuleSet>,
) -> Vec<(Outcome, Taken)> {
    let mut cleaned: Vec<Option<Cleaned>> = docs.iter().map(|_| None).collect();
    let mut texts: Vec<_> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, doc)| match &doc.body {
            Body::Text(text) => {
                let parsed = Document::parse(text);
                let choice = cleaners.choose(&parsed, doc.url.as_deref(), forced);
                Some((i, parsed, choice))
            }
            _ => None,
        })
        .collect();
    texts.sort_by(|(_, _, a), (_, _, b)| a.cleaner().cmp(b.cleaner()));
    for (i, parsed, choice) in texts {
        cleaned[i] = Some(cleaners.clean_chosen(&docs[i].id, &parsed, choice));
    }
    docs.into_iter()
        .zip(cleaned)
        .map(|(doc, cleaned)| outcome(doc, cleaned, cleaners, forced))
        .collect()
}

/// What a loaded document became, given its text's cleaning when it is a text
/// dump (an HTML page is cleaned here); also what it took.
fn outcome(
    doc: Doc,
    cleaned: Option<Cleaned>,
    cleaners: &Cleaners,
    forced: Option<&RuleSet>,
) -> (Outcome, Taken) {
    let taken = Taken {
        input: doc.bytes,
        held: doc.bytes.max(loaded_len(&doc.body) as u64),
    };
    let relative = doc.relative;
    let outcome = match (doc.body, cleaned) {
        (Body::Text(_), Some(cleaned)) => Outcome::Record {
            record: Box::new(cleaned.record),
            extra: doc.extra,
            decoded_from: doc.decoded_from,
            relative,
        },
        (
            Body::Html {
                bytes,
                http_charset,
            },
            _,
        ) => {
            let page = clean_page(
                cleaners,
                &doc.id,
                &bytes,
                http_charset.as_deref(),
                doc.url.as_deref(),
                forced,
            );
            Outcome::Record {
                record: Box::new(page.cleaned.record),
                extra: doc.extra,
                decoded_from: page.decoded_from,
                relative,
            }
        }
        (Body::Failed(error), _) => Outcome::Error {
            error: ErrorRecord {
                id: doc.id,
                source: doc.source.to_string(),
                error,
            },
            relative,
        },
        (Body::Text(_) | Body::File(_) | Body::Record(_), _) => {
            unreachable!(
                "Doc::load reads every file and parses every record, and every text is cleaned"
            )
        }
    };
    (outcome, taken)
}

/// The output line of an outcome: a record's fields in CLEANING.md's order, then
/// `decoded_from` when the input was not UTF-8, then the input's extra fields (a
/// field the record already has keeps the record's value); or the error record.
/// Written straight to the serializer: building a `serde_json::Value` first cost
/// as much as a fifth of cleaning a dump.
impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Outcome::Record {
                record,
                extra,
                decoded_from,
                ..
            } => RecordLine {
                record,
                decoded_from: *decoded_from,
                extra: ExtraFields {
                    fields: extra,
                    decoded_from: decoded_from.is_some(),
                },
            }
            .serialize(serializer),
            Outcome::Error { error, .. } => error.serialize(serializer),
        }
    }
}

/// A record's output line (see `Outcome`'s `Serialize`).
#[derive(Serialize)]
struct RecordLine<'a> {
    #[serde(flatten)]
    record: &'a Record,
    #[serde(skip_serializing_if = "Option::is_none")]
    decoded_from: Option<&'static str>,
    #[serde(flatten)]
    extra: ExtraFields<'a>,
}

/// The input's extra fields, less those the record (or its `decoded_from`) has.
struct ExtraFields<'a> {
    fields: &'a Map<String, Value>,
    decoded_from: bool,
}

impl Serialize for ExtraFields<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in self.fields {
            let taken = Record::FIELDS.contains(&key.as_str())
                || Record::FLAGS.contains(&key.as_str())
                || (key == "decoded_from" && self.decoded_from);
            if !taken {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

/// How often a rule fired and how much it removed.
#[derive(Debug, Default, Clone, Serialize)]
pub struct RuleCount {
    pub pieces: usize,
    pub documents: usize,
    pub bytes: usize,
}

/// Counts for the closing summary and `--stats`.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub errors: usize,
    pub skipped: usize,
    pub input_bytes: u64,
    pub seconds: f64,
    pub mb_per_second: f64,
    pub per_outlet: BTreeMap<String, usize>,
    pub per_rule: BTreeMap<String, RuleCount>,
}

impl Summary {
    /// Counts one outcome (what the tests add up directly; a run counts chunks in a
    /// [`Tally`] and adds those).
    #[cfg(test)]
    fn count(&mut self, outcome: &Outcome) {
        let mut tally = Tally::default();
        tally.count(outcome);
        self.add(tally);
    }

    /// Adds the counts of a chunk's outcomes (counted where they were cleaned).
    fn add(&mut self, chunk: Tally) {
        self.documents += chunk.documents;
        self.errors += chunk.errors;
        for (outlet, n) in chunk.per_outlet {
            *self.per_outlet.entry(outlet).or_default() += n;
        }
        for (rule, count) in chunk.per_rule.into_values() {
            let total = match self.per_rule.get_mut(&*rule) {
                Some(total) => total,
                None => self.per_rule.entry(rule.to_string()).or_default(),
            };
            total.pieces += count.pieces;
            total.documents += count.documents;
            total.bytes += count.bytes;
        }
    }
}

/// A chunk's counts, taken in its worker and added to the run's [`Summary`] once
/// the chunk is done. A rule is looked up by the address of its name, which every
/// removal by that rule shares (`Removed::rule`), where the summary's map
/// compares names; two copies of one name (one rule in two compiled sets) are
/// counted apart here and added up by name in the summary.
#[derive(Debug, Default)]
struct Tally {
    documents: usize,
    errors: usize,
    /// Few outlets a run: a list, each name copied once.
    per_outlet: Vec<(String, usize)>,
    /// By the address of the name (kept alive by its `Arc` beside it).
    per_rule: FxHashMap<usize, (Arc<str>, RuleCount)>,
}

impl Tally {
    fn count(&mut self, outcome: &Outcome) {
        self.documents += 1;
        let record = match outcome {
            Outcome::Error { .. } => {
                self.errors += 1;
                return;
            }
            Outcome::Record { record, .. } => record,
        };
        match self
            .per_outlet
            .iter_mut()
            .find(|(o, _)| *o == record.outlet)
        {
            Some((_, n)) => *n += 1,
            None => self.per_outlet.push((record.outlet.clone(), 1)),
        }
        for (i, piece) in record.removed.iter().enumerate() {
            let (_, count) = self
                .per_rule
                .entry(piece.rule.as_ptr() as usize)
                .or_insert_with(|| (piece.rule.clone(), RuleCount::default()));
            count.pieces += 1;
            count.bytes += piece.text.len();
            // A document counts once for each rule that removed something from it.
            let first_here = !record.removed[..i].iter().any(|p| p.rule == piece.rule);
            count.documents += usize::from(first_here);
        }
    }
}

/// How many chunks per worker are handed to the pool ahead of the one being
/// written (and one more): while this thread writes one chunk's outcomes (and
/// reads the next documents), the workers clean the following ones, and a worker
/// done with its chunk finds another waiting.
const CHUNKS_AHEAD: usize = 2;

/// Cleans every document from `docs` on `pool`, calling `emit` (on this thread)
/// with each chunk's outcomes in input order and `progress` after each chunk with
/// the documents and bytes it held. `skip`, when given, says which documents are
/// done already (`--resume`); they are counted, not cleaned.
///
/// Reading the input's list of documents and writing outcomes happen on this
/// thread while the pool cleans the chunks ahead, so the workers do not wait for
/// the output (and with `--jobs 1` cleaning and writing run side by side). Each
/// chunk's outcomes come back on their own channel and are written in chunk order,
/// so the output is the same for any number of threads; memory is the few chunks
/// in flight.
pub fn run(
    pool: &rayon::ThreadPool,
    docs: Feed<impl Iterator<Item = Doc>>,
    cleaners: &Cleaners,
    forced: Option<&RuleSet>,
    skip: Option<&dyn Fn(&Doc) -> bool>,
    mut emit: impl FnMut(&[Outcome]) -> std::io::Result<()>,
    progress: impl FnMut(usize, u64),
) -> std::io::Result<Summary> {
    run_chunks(
        pool,
        docs,
        cleaners,
        forced,
        skip,
        |outcomes, _| Ok(outcomes),
        |outcomes: Vec<Outcome>| emit(&outcomes),
        progress,
    )
}

/// [`run`] for output that is a stream of bytes (JSON Lines, text): `render`
/// writes an outcome's bytes and `write` gets each chunk's bytes in input order
/// on this thread.
///
/// With several workers, they render what they cleaned right after cleaning it
/// (and drop it), so this thread only writes: it does not become the bottleneck
/// as workers are added, and records are freed by the thread that allocated
/// them. With a single worker, this thread renders (and reads the files, see
/// `run_chunks`) while the worker cleans the next chunk, so the worker only
/// cleans. Either way a chunk's bytes are what `render` makes of its outcomes in
/// order, so the output does not depend on the thread count.
pub fn run_rendered(
    pool: &rayon::ThreadPool,
    docs: Feed<impl Iterator<Item = Doc>>,
    cleaners: &Cleaners,
    forced: Option<&RuleSet>,
    render: impl Fn(&Outcome, &mut Vec<u8>) -> std::io::Result<()> + Sync,
    mut write: impl FnMut(&[u8]) -> std::io::Result<()>,
    progress: impl FnMut(usize, u64),
) -> std::io::Result<Summary> {
    let render_all = |outcomes: &[Outcome], held: u64| {
        let mut bytes = Vec::with_capacity(rendered_guess(outcomes.len(), held));
        for outcome in outcomes {
            render(outcome, &mut bytes)?;
        }
        Ok::<_, std::io::Error>(bytes)
    };
    let in_workers = pool.current_num_threads() > 1;
    run_chunks(
        pool,
        docs,
        cleaners,
        forced,
        None,
        |outcomes, held| {
            Ok(if in_workers {
                Ok(render_all(&outcomes, held)?)
            } else {
                Err((outcomes, held))
            })
        },
        |chunk: Result<Vec<u8>, (Vec<Outcome>, u64)>| match chunk {
            Ok(bytes) => write(&bytes),
            Err((outcomes, held)) => write(&render_all(&outcomes, held)?),
        },
        progress,
    )
}

/// A first guess at the bytes a chunk's outcomes take once rendered, so that its
/// buffer does not grow (each growth copies all that was written): a record's
/// JSON line holds its document's text, a little more for the quotes and escapes,
/// and its fields and the names of the rules that removed lines. Writing a string
/// asks for room for it escaped at worst (six bytes for each), which the room
/// left for every record's fields covers for a paragraph.
fn rendered_guess(documents: usize, held: u64) -> usize {
    let held = usize::try_from(held).unwrap_or(usize::MAX);
    held.saturating_add(held / 4)
        .saturating_add(documents.saturating_mul(RECORD_FIELDS_GUESS))
        .min(MAX_RENDER_ROOM)
}

/// The most room a chunk's buffer starts with: a chunk of a few large documents
/// grows its buffer as it must. Room for all of an 8 MB dump's record, taken before
/// it was written, raised the peak of `--jobs 2` over two dozen such dumps by a
/// tenth (while a chunk is rendered, the chunks before it still wait to be written).
const MAX_RENDER_ROOM: usize = 1 << 20;

/// The bytes of a record's JSON line that are not its document's text (see
/// [`rendered_guess`]).
const RECORD_FIELDS_GUESS: usize = 2048;

/// One chunk, cleaned and finished in a worker: what `finish` made of its
/// outcomes, with the counts for the summary.
struct Finished<T> {
    output: std::io::Result<T>,
    counts: Tally,
    documents: usize,
    bytes: u64,
    /// What its documents held (see [`Taken::held`]): the next chunks' size.
    held: u64,
    /// The chunk's documents not cleaned yet: its part was full (see
    /// [`process_part`]).
    rest: Vec<Doc>,
}

/// The loop under [`run`] and [`run_rendered`]: chunks of documents go to the
/// pool; each job cleans its chunk on one worker, counts its outcomes and hands
/// them to `finish`, with the bytes its documents held; `emit` gets what `finish`
/// made, chunk by chunk in input order. (A chunk is not split among the workers: a worker that waits on its
/// share of one chunk would take up another's meanwhile, and the first chunk's
/// end would wait on that, leaving the writer and then the workers idle.) A job
/// whose chunk held more than `CHUNK_BYTES` hands back the documents it left; once
/// its part is written they go out first in line, as jobs sized like that part
/// (as many as chunks go ahead, so the workers clean them side by side).
///
/// With a single worker, this thread also reads the files (`Doc::load`) while
/// the worker cleans the chunk before: reading, like writing, then runs beside
/// cleaning instead of taking the one worker's time (and a chunk closes once it
/// holds `CHUNK_BYTES`). With more workers they read their own files, so reading
/// scales with them.
#[allow(clippy::too_many_arguments)]
fn run_chunks<T: Send>(
    pool: &rayon::ThreadPool,
    mut docs: Feed<impl Iterator<Item = Doc>>,
    cleaners: &Cleaners,
    forced: Option<&RuleSet>,
    skip: Option<&dyn Fn(&Doc) -> bool>,
    finish: impl Fn(Vec<Outcome>, u64) -> std::io::Result<T> + Sync,
    mut emit: impl FnMut(T) -> std::io::Result<()>,
    mut progress: impl FnMut(usize, u64),
) -> std::io::Result<Summary> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let read_here = pool.current_num_threads() == 1;
    // The next chunk, and whether the input has ended. Only when nothing is in
    // flight does it wait for a stream's first document.
    let mut next_chunk = |summary: &mut Summary, wait: bool, len: usize| {
        let mut chunk = Vec::with_capacity(len);
        let mut held = 0;
        loop {
            match docs.next(wait && chunk.is_empty()) {
                Next::Doc(doc) => {
                    // A JSON Lines record's id, which names its output, is in its
                    // JSON: with a `skip` to ask, it is parsed here first.
                    let doc = if skip.is_some() && matches!(doc.body, Body::Record(_)) {
                        doc.load()
                    } else {
                        doc
                    };
                    if skip.is_some_and(|skip| skip(&doc)) {
                        summary.skipped += 1;
                        continue;
                    }
                    let doc = if read_here { doc.load() } else { doc };
                    held += loaded_len(&doc.body);
                    chunk.push(doc);
                    if chunk.len() >= len || held >= CHUNK_BYTES {
                        return (chunk, false);
                    }
                }
                Next::NotYet => return (chunk, false),
                Next::End => return (chunk, true),
            }
        }
    };
    let finish = &finish;
    let ahead = CHUNKS_AHEAD * pool.current_num_threads() + 1;
    pool.in_place_scope(|scope| -> std::io::Result<()> {
        // A job for one chunk: its part cleaned and finished, with what it left.
        let spawn = |chunk: Vec<Doc>| {
            let (done, finished) = mpsc::sync_channel(1);
            scope.spawn(move |_| {
                let mut counts = Tally::default();
                let (mut bytes, mut held) = (0, 0);
                let (part, rest) = process_part(chunk, cleaners, forced, CHUNK_BYTES);
                let mut outcomes = Vec::with_capacity(part.len());
                for (outcome, taken) in part {
                    counts.count(&outcome);
                    bytes += taken.input;
                    held += taken.held;
                    outcomes.push(outcome);
                }
                let documents = outcomes.len();
                let output = finish(outcomes, held);
                // The receiver is gone only when writing failed.
                let _ = done.send(Finished {
                    output,
                    counts,
                    documents,
                    bytes,
                    held,
                    rest,
                });
            });
            finished
        };
        let mut in_flight: VecDeque<mpsc::Receiver<Finished<T>>> = VecDeque::new();
        let mut input_done = false;
        let mut len = FIRST_CHUNK;
        loop {
            while !input_done && in_flight.len() < ahead {
                let (chunk, ended) = next_chunk(&mut summary, in_flight.is_empty(), len);
                input_done = ended;
                if chunk.is_empty() {
                    break;
                }
                in_flight.push_back(spawn(chunk));
            }
            let Some(front) = in_flight.pop_front() else {
                return Ok(());
            };
            // A closed channel means the chunk's job panicked: stop here, and the
            // scope passes the panic on.
            let Ok(finished) = front.recv() else {
                return Ok(());
            };
            summary.add(finished.counts);
            emit(finished.output?)?;
            len = chunk_len(finished.documents, finished.held);
            summary.input_bytes += finished.bytes;
            progress(finished.documents, finished.bytes);
            // What the chunk left goes out next, in jobs sized like the part just
            // written, as many as chunks go ahead (so the workers clean them side
            // by side, and no more is in flight than chunks would be); the last
            // takes whatever is left over.
            let mut rest = finished.rest;
            let mut jobs = Vec::new();
            while !rest.is_empty() && jobs.len() < ahead {
                let after = rest.split_off(len.min(rest.len()));
                jobs.push(std::mem::replace(&mut rest, after));
            }
            if let Some(last) = jobs.last_mut() {
                last.append(&mut rest);
            }
            for job in jobs.into_iter().rev() {
                in_flight.push_front(spawn(job));
            }
        }
    })?;
    summary.seconds = started.elapsed().as_secs_f64();
    if summary.seconds > 0.0 {
        summary.mb_per_second = summary.input_bytes as f64 / 1e6 / summary.seconds;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::input::{Limits, Reader};
    use crate::output::{write_outcome, Format};

    /// The summary's counts, without the timings.
    fn counts(summary: &Summary) -> Value {
        let mut value = serde_json::to_value(summary).unwrap();
        let map = value.as_object_mut().unwrap();
        map.remove("seconds");
        map.remove("mb_per_second");
        value
    }

    /// A pool of `threads` workers.
    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// `run` over the documents under `paths`, read as the pipeline pulls them,
    /// handing each chunk's outcomes to `emit`.
    fn run_pulled(
        pool: &rayon::ThreadPool,
        paths: &[std::path::PathBuf],
        limits: Limits,
        cleaners: &Cleaners,
        emit: impl FnMut(&[Outcome]) -> std::io::Result<()>,
    ) -> Summary {
        let docs = Feed::pulled(Reader::new(paths, limits));
        run(pool, docs, cleaners, None, None, emit, |_, _| {}).unwrap()
    }

    /// One document cleaned on its own, and what it took.
    fn alone(doc: Doc, cleaners: &Cleaners) -> (Outcome, Taken) {
        let (mut part, rest) = process_part(vec![doc], cleaners, None, CHUNK_BYTES);
        assert!(rest.is_empty() && part.len() == 1);
        part.remove(0)
    }

    /// Chunks of large documents hold fewer of them, about `CHUNK_BYTES` in all.
    #[test]
    fn chunks_of_large_documents_hold_fewer() {
        assert_eq!(chunk_len(128, 128 * 2_000), CHUNK, "2 kB dumps");
        assert_eq!(chunk_len(10, 0), CHUNK, "empty documents");
        assert_eq!(chunk_len(0, 0), CHUNK, "no documents");
        assert_eq!(chunk_len(4, 4 * 100_000), 41, "100 kB pages");
        assert_eq!(chunk_len(4, 4 * (8 << 20)), 1, "8 MB dumps");
    }

    /// A gzip'd dump holds more than it took to read: chunks are sized by what
    /// they hold, so a chunk of compressed large dumps is not several times
    /// `CHUNK_BYTES`.
    #[test]
    fn a_compressed_dump_is_sized_by_its_text() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let text = "A line of a dump that compresses well.\n".repeat(50_000);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text.as_bytes()).unwrap();
        let path = dir.path().join("large.txt.gz");
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let limits = Limits {
            max_doc_bytes: 1 << 26,
        };
        let mut docs: Vec<Doc> = Reader::new(std::slice::from_ref(&path), limits).collect();
        assert_eq!(docs.len(), 1, "one document");
        let cleaners = Cleaners::bundled().unwrap();
        let (outcome, taken) = alone(docs.remove(0), &cleaners);
        assert!(matches!(outcome, Outcome::Record { .. }));
        let read = std::fs::metadata(&path).unwrap().len();
        assert_eq!(taken.input, read);
        assert_eq!(taken.held, text.len() as u64);
        assert!(taken.held > 20 * taken.input);
        // The next chunks take two such dumps, not a full chunk of them.
        assert_eq!(chunk_len(1, taken.held), 2);
        assert_eq!(chunk_len(1, taken.input), CHUNK);
    }

    /// A chunk's text is cleaned grouped by cleaner, but each outcome is the one
    /// its document gets cleaned alone, in input order.
    #[test]
    fn a_chunk_cleaned_grouped_by_outlet_keeps_input_order() {
        let fixtures = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"));
        let limits = Limits {
            max_doc_bytes: 1 << 26,
        };
        let cleaners = Cleaners::bundled().unwrap();
        // Dealt out in turn from the outlets' folders, which the reader reads one
        // after the other: a mixed dump.
        let read: Vec<Doc> = Reader::new(&[fixtures], limits).collect();
        let docs: Vec<Doc> = (0..7)
            .flat_map(|first| read.iter().skip(first).step_by(7).cloned())
            .collect();
        let line = |outcome: &Outcome| serde_json::to_string(outcome).unwrap();
        let alone: Vec<String> = docs
            .iter()
            .map(|doc| line(&alone(doc.clone(), &cleaners).0))
            .collect();
        // In one part, in parts of a few documents, a document at a time.
        for budget in [CHUNK_BYTES, 10_000, 1] {
            let (mut chunked, mut rest, mut parts) = (Vec::new(), docs.clone(), 0);
            while !rest.is_empty() {
                let (part, more) = process_part(rest, &cleaners, None, budget);
                assert!(!part.is_empty(), "a part cleans at least one document");
                chunked.extend(part.iter().map(|(outcome, _)| line(outcome)));
                rest = more;
                parts += 1;
            }
            assert_eq!(chunked, alone, "parts of {budget} bytes");
            match budget {
                CHUNK_BYTES => assert_eq!(parts, 1),
                1 => assert_eq!(parts, docs.len()),
                _ => assert!(parts > 1 && parts < docs.len()),
            }
        }
        // The input interleaves outlets, so grouping did reorder the cleaning.
        let outlets: Vec<String> = alone
            .iter()
            .filter_map(|l| {
                Some(
                    serde_json::from_str::<Value>(l).ok()?["outlet"]
                        .as_str()?
                        .to_owned(),
                )
            })
            .collect();
        let mut grouped = outlets.clone();
        grouped.sort();
        assert!(outlets != grouped && grouped.windows(2).filter(|w| w[0] != w[1]).count() >= 4);
    }

    /// Large dumps after small ones land in chunks sized for the small: each job
    /// cleans its first `CHUNK_BYTES` and hands the rest back, which goes out
    /// next. The output is each document's outcome in input order, for one
    /// worker (which reads the files itself) or several, and every job's part
    /// held at most `CHUNK_BYTES` and one document more.
    #[test]
    fn large_dumps_after_small_ones_are_cleaned_a_part_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let small = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/ntb/seed-date-stamp-no-title-subheadings.txt"
        ))
        .unwrap();
        // Enough small dumps for chunks of 128, then ten of 1.2 MB each.
        let paragraph = small.lines().max_by_key(|l| l.len()).unwrap();
        let large = format!(
            "{small}\n{}",
            format!("{paragraph}\n").repeat(1_200_000 / paragraph.len())
        );
        for i in 0..300 {
            std::fs::write(dir.path().join(format!("a{i:03}.txt")), &small).unwrap();
        }
        for i in 0..10 {
            std::fs::write(dir.path().join(format!("b{i:02}.txt")), &large).unwrap();
        }
        let limits = Limits {
            max_doc_bytes: 1 << 26,
        };
        let cleaners = Cleaners::bundled().unwrap();
        let paths = vec![dir.path().to_path_buf()];
        let line = |outcome: &Outcome| serde_json::to_string(outcome).unwrap();
        let expected: Vec<String> = Reader::new(&paths, limits)
            .map(|doc| line(&alone(doc, &cleaners).0))
            .collect();
        assert_eq!(expected.len(), 310);
        for threads in [1, 2] {
            let (mut got, mut parts) = (Vec::new(), Vec::new());
            let summary = run_pulled(&pool(threads), &paths, limits, &cleaners, |outcomes| {
                parts.push(outcomes.len());
                got.extend(outcomes.iter().map(line));
                Ok(())
            });
            assert_eq!(summary.documents, 310);
            assert!(got == expected, "{threads} threads: other output");
            // Every part held at most `CHUNK_BYTES` and one dump more, though the
            // first chunks to meet the large dumps were sized for 128.
            let sizes: Vec<usize> = (0..310)
                .map(|i| if i < 300 { small.len() } else { large.len() })
                .collect();
            let mut first = 0;
            for &n in &parts {
                let held: usize = sizes[first..first + n].iter().sum();
                assert!(
                    held < CHUNK_BYTES + large.len(),
                    "{threads} threads: {parts:?}"
                );
                first += n;
            }
            assert!(parts.len() >= 8, "{threads} threads: {parts:?}");
        }
    }

    /// A rule's pieces, bytes and documents, whichever copy of its name a removal
    /// holds; outlets and errors counted once each.
    #[test]
    fn tallies_count_by_rule_name() {
        use deboil_engine::Removed;
        let removed = |rule: &Arc<str>, text: &str| Removed {
            rule: rule.clone(),
            text: text.into(),
        };
        let (caption, copy, appeal): (Arc<str>, Arc<str>, Arc<str>) = (
            "shared/caption".into(),
            "shared/caption".into(),
            "x/appeal".into(),
        );
        let record = |outlet: &str, removed: Vec<Removed>| Outcome::Record {
            record: Box::new(Record {
                outlet: outlet.into(),
                removed,
                ..Record::default()
            }),
            extra: Map::new(),
            decoded_from: None,
            relative: Relative::Path(PathBuf::new()),
        };
        let outcomes = [
            record(
                "a",
                vec![
                    removed(&caption, "12345"),
                    removed(&appeal, "1"),
                    removed(&copy, "12"),
                ],
            ),
            record("b", vec![removed(&copy, "123")]),
            record("a", vec![]),
            Outcome::Error {
                error: ErrorRecord {
                    id: "x".into(),
                    source: "s".into(),
                    error: "broken".into(),
                },
                relative: Relative::Path(PathBuf::new()),
            },
        ];
        let mut tally = Tally::default();
        outcomes.iter().for_each(|o| tally.count(o));
        let mut summary = Summary::default();
        summary.add(tally);
        assert_eq!((summary.documents, summary.errors), (4, 1));
        assert_eq!(
            summary.per_outlet,
            BTreeMap::from([("a".into(), 2), ("b".into(), 1)])
        );
        let counts: Vec<_> = summary
            .per_rule
            .iter()
            .map(|(rule, c)| (rule.as_str(), c.pieces, c.documents, c.bytes))
            .collect();
        assert_eq!(
            counts,
            [("shared/caption", 3, 2, 10), ("x/appeal", 1, 1, 1)]
        );
    }

    /// A chunk's records, rendered, fit the room guessed for them from what their
    /// documents held: its buffer is not grown (and copied) as they are written
    /// (up to a cap, past which a chunk of large documents grows it).
    #[test]
    fn a_chunks_records_fit_the_room_guessed_for_them() {
        let fixtures = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"));
        let limits = Limits {
            max_doc_bytes: 1 << 26,
        };
        let docs: Vec<Doc> = Reader::new(&[fixtures], limits).collect();
        let documents = docs.len();
        let (part, rest) = process_part(docs, &Cleaners::bundled().unwrap(), None, usize::MAX);
        assert!(rest.is_empty() && part.len() == documents && documents > 10);
        let held = part.iter().map(|(_, taken)| taken.held).sum();
        let guess = rendered_guess(documents, held);
        assert!(
            guess < MAX_RENDER_ROOM,
            "the fixtures' chunk is under the cap"
        );
        assert_eq!(
            rendered_guess(1, 8 << 20),
            MAX_RENDER_ROOM,
            "an 8 MB dump's is not"
        );
        let mut bytes = Vec::with_capacity(guess);
        let room = bytes.capacity();
        for (outcome, _) in &part {
            write_outcome(&mut bytes, outcome, Format::Json, true).unwrap();
        }
        assert_eq!(bytes.capacity(), room, "{} bytes rendered", bytes.len());
        assert!(bytes.len() > room / 4, "the guess is not far over");
    }

    /// Rendering in the workers (several) or on the writing thread (one), and
    /// writing outcomes through `run`, give the same bytes and the same counts.
    #[test]
    fn rendered_runs_match_outcome_runs_for_any_thread_count() {
        let fixtures = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"));
        // Six times over: more documents than a chunk holds.
        let paths = vec![fixtures; 6];
        let limits = Limits {
            max_doc_bytes: 1 << 26,
        };
        let cleaners = Cleaners::bundled().unwrap();
        let render = |o: &Outcome, out: &mut Vec<u8>| write_outcome(out, o, Format::Json, true);
        let mut expected = Vec::new();
        let mut direct = Summary::default();
        let by_outcome = run_pulled(&pool(1), &paths, limits, &cleaners, |outcomes| {
            outcomes.iter().for_each(|o| direct.count(o));
            outcomes.iter().try_for_each(|o| render(o, &mut expected))
        });
        assert!(by_outcome.documents > CHUNK && by_outcome.per_rule.len() > 10);
        // Counted chunk by chunk in the workers, added up here: as if counted at once.
        assert_eq!(by_outcome.documents, direct.documents);
        assert_eq!(by_outcome.errors, direct.errors);
        assert_eq!(by_outcome.per_outlet, direct.per_outlet);
        assert_eq!(
            serde_json::to_value(&by_outcome.per_rule).unwrap(),
            serde_json::to_value(&direct.per_rule).unwrap()
        );

        // Pulled, or streamed from a reading thread (chunks then close whenever
        // nothing is waiting): the same bytes either way.
        for (threads, streamed) in [(1, false), (3, false), (1, true), (3, true)] {
            let mut bytes = Vec::new();
            let mut seen = 0;
            let docs = Reader::new(&paths, limits);
            let rendered = run_rendered(
                &pool(threads),
                if streamed {
                    Feed::streamed(docs)
                } else {
                    Feed::pulled(docs)
                },
                &cleaners,
                None,
                render,
                |chunk| {
                    bytes.extend_from_slice(chunk);
                    Ok(())
                },
                |n, _| seen += n,
            )
            .unwrap();
            let run = format!("{threads} threads, streamed: {streamed}");
            assert!(bytes == expected, "{run}: other bytes");
            assert_eq!(counts(&rendered), counts(&by_outcome), "{run}");
            assert_eq!(seen, by_outcome.documents);
        }
    }
}
