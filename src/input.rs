//! Reading input documents, one at a time so memory stays flat: text dumps, HTML
//! pages and JSON Lines records, each possibly gzip- or zstd-compressed, from
//! files, directories (recursive, in path order) or stdin (`-`, JSON Lines); and
//! WARC files (see `warc.rs`).
//!
//! Every document the input holds comes out as a `Doc`; what cannot be read
//! becomes a `Doc` whose body is the error, in its place, so that the run emits an
//! error record for it and goes on.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::warc::WarcRecords;

/// Documents are read from directories by these extensions (plus `.gz` / `.zst`).
const TEXT_EXTENSIONS: &[&str] = &["txt"];
const HTML_EXTENSIONS: &[&str] = &["html", "htm"];
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];
const WARC_EXTENSIONS: &[&str] = &["warc"];

/// One input document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// File stem, or the JSON Lines record's `id` (once parsed, see [`Body::Record`]).
    pub id: String,
    /// Where it came from: a path, or a JSON Lines record's file and line.
    pub source: Source,
    /// The page URL when the input gives one (feeds outlet detection).
    pub url: Option<String>,
    pub body: Body,
    /// A JSON Lines record's other fields, carried through to the output.
    pub extra: Map<String, Value>,
    /// Bytes of input this document took (before decompression).
    pub bytes: u64,
    /// Set when the text was not UTF-8 and was decoded from another encoding.
    pub decoded_from: Option<&'static str>,
    /// Where its text goes in mirrored text output (`-o DIR --format text`).
    pub relative: Relative,
}

/// Where a document came from, as its error record names it: a path (with more
/// said of a WARC record), or a JSON Lines record's file and line, written out
/// only when it is asked for (most records need no error record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Named(String),
    Line { file: Arc<str>, line: usize },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Named(name) => f.write_str(name),
            Source::Line { file, line } => write!(f, "{file}:{line}"),
        }
    }
}

impl From<String> for Source {
    fn from(name: String) -> Self {
        Source::Named(name)
    }
}

/// Where a document's text goes under `-o DIR --format text`, relative to `DIR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relative {
    /// A path of its own, given the extension `.txt` (a file's, a WARC record's).
    Path(PathBuf),
    /// A JSON Lines record's: `<stem>/<id>.txt` under its file's stem, the id made
    /// safe as a file name; worked out only when asked for (most runs mirror
    /// nothing).
    UnderStem(Arc<str>),
}

impl Relative {
    /// The path of the file of the document whose id is `id`.
    pub fn path(&self, id: &str) -> PathBuf {
        match self {
            Relative::Path(path) => path.with_extension("txt"),
            Relative::UnderStem(stem) => {
                let mut name = safe_file_name(id);
                name.push_str(".txt");
                Path::new(&**stem).join(name)
            }
        }
    }
}

/// What a document holds.
#[derive(Debug, Clone)]
pub enum Body {
    Text(String),
    /// An HTML page's bytes, decoded in the worker (see `page.rs`) with the
    /// charset its HTTP response declared, if any.
    Html {
        bytes: Vec<u8>,
        http_charset: Option<String>,
    },
    Failed(String),
    /// A file not read yet: workers read it (see [`Doc::load`]), so reading,
    /// decompressing and decoding run in parallel too.
    File(FileRef),
    /// A JSON Lines record not parsed yet: workers parse it (see [`Doc::load`]),
    /// so the thread that reads the input only splits it into lines. Until then
    /// the document's `id` is empty: the record's, or the line's fallback
    /// (`stem:line`) when it has none, is known once it is parsed.
    Record(RecordRef),
}

/// A JSON Lines record waiting to be parsed: the line's bytes, and what its
/// document needs besides.
#[derive(Debug, Clone)]
pub struct RecordRef {
    line: Vec<u8>,
    /// The stem of the file the line is in, under which its text is mirrored.
    stem: Arc<str>,
    /// The line's number in its file (from 1).
    number: usize,
    limits: Limits,
}

/// The id of a JSON Lines record that gives none (or cannot be read): the stem of
/// its file and its line's number, `stem:line`.
fn fallback_id(stem: &str, line: usize) -> String {
    format!("{stem}:{line}")
}

/// A file document waiting to be read.
#[derive(Debug, Clone)]
pub struct FileRef {
    path: PathBuf,
    kind: Kind,
    compression: Compression,
    limits: Limits,
}

impl Doc {
    /// Reads a file document's bytes into text (or an error), and parses a JSON
    /// Lines record into its document; other documents are returned as they are.
    pub fn load(mut self) -> Doc {
        if let Body::Record(mut record) = self.body {
            // A line that is UTF-8 without a byte-order mark, nearly every line, is
            // checked by simdutf8's vector code and parsed where it lies; any
            // other is decoded first.
            let bytes = std::mem::take(&mut record.line);
            let decoded;
            let (line, decoded_from) = match simdutf8::basic::from_utf8(&bytes) {
                Ok(line) if !line.starts_with(UTF8_BOM) => (line, None),
                _ => {
                    decoded = decode(bytes);
                    (decoded.0.as_str(), decoded.1)
                }
            };
            let mut doc = record_doc(line, &record, self.source);
            doc.bytes = self.bytes;
            doc.decoded_from = doc.decoded_from.or(decoded_from);
            return doc;
        }
        let Body::File(file) = &self.body else {
            return self;
        };
        let mut bytes = Vec::new();
        let limit = file.limits.max_doc_bytes + 1;
        let read = match File::open(&file.path) {
            Ok(handle) if file.compression == Compression::None => {
                // No size lookup (a system call per file): a buffer that holds most
                // dumps takes the file in one read and the one that finds its end
                // (a longer file grows it), and the bytes read are its size; only
                // a file over the cap, read in part, asks for its size.
                bytes.reserve_exact(FIRST_READ);
                let read = handle.take(limit).read_to_end(&mut bytes);
                self.bytes = bytes.len() as u64;
                if self.bytes == limit {
                    self.bytes = std::fs::metadata(&file.path).map_or(self.bytes, |m| m.len());
                }
                read
            }
            Ok(handle) => {
                // The compressed size, from the open file (no second lookup of the path).
                self.bytes = handle.metadata().map_or(0, |m| m.len());
                decompress(handle, file.compression)
                    .and_then(|r| r.take(limit).read_to_end(&mut bytes))
            }
            Err(err) => {
                self.bytes = std::fs::metadata(&file.path).map_or(0, |m| m.len());
                Err(err)
            }
        };
        self.body = match (read, file.kind) {
            (Err(err), _) => Body::Failed(read_error(&err, file.compression)),
            (Ok(_), Kind::Html) => html_body(bytes, None, file.limits),
            (Ok(_), _) => {
                let (body, decoded_from) = text_body(bytes, file.limits);
                self.decoded_from = decoded_from;
                body
            }
        };
        self
    }
}

/// The buffer a file document is first read into: most text dumps fit.
const FIRST_READ: usize = 8 * 1024;

/// Limits on what is read.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest document (or JSON line) accepted, in bytes.
    pub max_doc_bytes: u64,
}

/// The kind of an input file, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    JsonLines,
    Warc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

/// Splits `a.jsonl.gz` into its kind and compression; `None` for other files.
fn classify(path: &Path) -> Option<(Kind, Compression)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (rest, compression) = if let Some(r) = name.strip_suffix(".gz") {
        (r, Compression::Gzip)
    } else if let Some(r) = name.strip_suffix(".zst") {
        (r, Compression::Zstd)
    } else {
        (name.as_str(), Compression::None)
    };
    let ext = Path::new(rest).extension()?.to_str()?;
    let kind = if TEXT_EXTENSIONS.contains(&ext) {
        Kind::Text
    } else if HTML_EXTENSIONS.contains(&ext) {
        Kind::Html
    } else if JSONL_EXTENSIONS.contains(&ext) {
        Kind::JsonLines
    } else if WARC_EXTENSIONS.contains(&ext) || (ext == "wet" && rest.ends_with(".warc.wet")) {
        Kind::Warc
    } else {
        return None;
    };
    Some((kind, compression))
}

/// The id of a file document: its name without any of the known extensions.
pub fn stem_of(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut stem = name.as_str();
    for _ in 0..3 {
        if let Some((head, ext)) = stem.rsplit_once('.') {
            let ext = ext.to_ascii_lowercase();
            let known = ["gz", "zst"].contains(&ext.as_str())
                || TEXT_EXTENSIONS.contains(&ext.as_str())
                || HTML_EXTENSIONS.contains(&ext.as_str())
                || JSONL_EXTENSIONS.contains(&ext.as_str())
                || WARC_EXTENSIONS.contains(&ext.as_str())
                || ext == "wet";
            if known && !head.is_empty() {
                stem = head;
            }
        }
    }
    stem.to_owned()
}

fn open(path: &Path, compression: Compression) -> io::Result<Box<dyn Read + Send>> {
    decompress(File::open(path)?, compression)
}

/// An open file's bytes, decompressed.
fn decompress(file: File, compression: Compression) -> io::Result<Box<dyn Read + Send>> {
    Ok(match compression {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file))),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(file)?),
    })
}

/// Reads one file whole for `deboil explain`, decompressed; says whether it is an
/// HTML page (by extension).
pub fn read_file(path: &Path) -> io::Result<(Vec<u8>, bool)> {
    let (kind, compression) = classify(path).unwrap_or((Kind::Text, Compression::None));
    let mut bytes = Vec::new();
    open(path, compression)?.read_to_end(&mut bytes)?;
    Ok((bytes, kind == Kind::Html))
}

/// One path named on the command line, expanded.
enum Pending {
    File { path: PathBuf, relative: PathBuf },
    Stdin,
    Failed { path: PathBuf, error: String },
}

/// Expands the command line's paths into the files to read, in order, lazily (a
/// directory of millions of files is walked as it is read). Missing paths and
/// unreadable directory entries become failures in place.
struct Expander {
    paths: std::vec::IntoIter<PathBuf>,
    walk: Option<(walkdir::IntoIter, PathBuf)>,
}

impl Expander {
    fn new(paths: &[PathBuf]) -> Self {
        Expander {
            paths: Vec::from(paths).into_iter(),
            walk: None,
        }
    }
}

impl Iterator for Expander {
    type Item = Pending;

    fn next(&mut self) -> Option<Pending> {
        loop {
            if let Some((walker, root)) = &mut self.walk {
                match walker.next() {
                    Some(Ok(e)) if e.file_type().is_file() && classify(e.path()).is_some() => {
                        return Some(Pending::File {
                            relative: e
                                .path()
                                .strip_prefix(&*root)
                                .unwrap_or(e.path())
                                .to_path_buf(),
                            path: e.into_path(),
                        })
                    }
                    Some(Ok(_)) => continue,
                    Some(Err(err)) => {
                        let at = err.path().unwrap_or(root).to_path_buf();
                        let error = if err.loop_ancestor().is_some() {
                            "directory loop (a link back to a directory above it); not followed"
                                .to_owned()
                        } else {
                            format!("cannot read directory entry: {err}")
                        };
                        return Some(Pending::Failed { path: at, error });
                    }
                    None => self.walk = None,
                }
            }
            let path = self.paths.next()?;
            if path.as_os_str() == "-" {
                return Some(Pending::Stdin);
            } else if path.is_dir() {
                let walker = walkdir::WalkDir::new(&path)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter();
                self.walk = Some((walker, path));
            } else if path.exists() {
                return Some(Pending::File {
                    relative: PathBuf::from(path.file_name().unwrap_or(path.as_os_str())),
                    path,
                });
            } else {
                return Some(Pending::Failed {
                    path,
                    error: "no such file or directory".into(),
                });
            }
        }
    }
}

/// The UTF-16 encoding a byte-order mark names, with the mark's length: such text
/// is full of NUL bytes and must not be taken for binary data.
fn utf16_bom(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, usize)> {
    encoding_rs::Encoding::for_bom(bytes).filter(|(encoding, _)| *encoding != encoding_rs::UTF_8)
}

/// Decodes document bytes: a byte-order mark names the encoding (and is not
/// text); otherwise UTF-8 as is, anything else through the encoding chardetng
/// guesses. An encoding other than UTF-8 is reported in `decoded_from`.
pub fn decode(mut bytes: Vec<u8>) -> (String, Option<&'static str>) {
    if let Some((encoding, mark)) = utf16_bom(&bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[mark..]);
        return (text.into_owned(), Some(encoding.name()));
    }
    if bytes.starts_with(UTF8_BOM.as_bytes()) {
        bytes.drain(..UTF8_BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(err) => {
            let bytes = err.into_bytes();
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(&bytes, true);
            let encoding = detector.guess(None, true);
            let (text, _, _) = encoding.decode(&bytes);
            (text.into_owned(), Some(encoding.name()))
        }
    }
}

/// How many NUL bytes `bytes` holds.
fn nul_count(bytes: &[u8]) -> usize {
    // The memchr crate's searches are vectorised, where `contains` and a counting
    // filter go byte by byte: this is read over every byte of every document, and
    // nearly none holds a NUL (a search for one is the cheaper walk).
    match memchr::memchr(0, bytes) {
        Some(first) => memchr::memchr_iter(0, &bytes[first..]).count(),
        None => 0,
    }
}

/// Checks a document's bytes and turns them into text, or says what is wrong.
pub(crate) fn text_body(bytes: Vec<u8>, limits: Limits) -> (Body, Option<&'static str>) {
    if let Some(problem) = text_problem(&bytes, limits) {
        return (Body::Failed(problem), None);
    }
    let (text, decoded_from) = decode(bytes);
    (Body::Text(text), decoded_from)
}

/// The byte order mark a UTF-8 text may open with: not text.
const UTF8_BOM: &str = "\u{FEFF}";

/// A JSON record's text: Unicode already, so checked as a file's bytes are but
/// not decoded a second time; only a byte order mark is dropped, as `decode`
/// drops it.
fn string_body(mut text: String, limits: Limits) -> Body {
    if let Some(problem) = text_problem(text.as_bytes(), limits) {
        return Body::Failed(problem);
    }
    if text.starts_with(UTF8_BOM) {
        text.drain(..UTF8_BOM.len());
    }
    Body::Text(text)
}

/// What makes a document's bytes no text to clean: too many, none but white
/// space, or binary data.
fn text_problem(bytes: &[u8], limits: Limits) -> Option<String> {
    if bytes.len() as u64 > limits.max_doc_bytes {
        return Some(format!(
            "document is larger than the {} byte cap (--max-doc-bytes)",
            limits.max_doc_bytes
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Some("empty document: no text at all".into());
    }
    let nuls = nul_count(bytes);
    (nuls > 0 && utf16_bom(bytes).is_none())
        .then(|| format!("binary data, not text ({nuls} NUL bytes)"))
}

/// Checks an HTML page's bytes (size cap, empty, binary junk); decoding waits
/// for the worker, which knows the page's own charset declaration.
pub(crate) fn html_body(bytes: Vec<u8>, http_charset: Option<String>, limits: Limits) -> Body {
    if bytes.len() as u64 > limits.max_doc_bytes {
        return Body::Failed(format!(
            "document is larger than the {} byte cap (--max-doc-bytes)",
            limits.max_doc_bytes
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Body::Failed("empty document: no HTML at all".into());
    }
    // A stray NUL is survivable (the parser replaces it); many mean it is not a page.
    let nuls = nul_count(&bytes);
    if nuls > 0 && nuls * 100 >= bytes.len() && utf16_bom(&bytes).is_none() {
        return Body::Failed(format!("binary data, not HTML ({nuls} NUL bytes)"));
    }
    Body::Html {
        bytes,
        http_charset,
    }
}

/// Reads the document stream. An iterator: one `Doc` at a time.
pub struct Reader {
    pending: Expander,
    current: Option<Box<dyn Iterator<Item = Doc> + Send>>,
    limits: Limits,
}

impl Reader {
    pub fn new(paths: &[PathBuf], limits: Limits) -> Self {
        Reader {
            pending: Expander::new(paths),
            current: None,
            limits,
        }
    }

    fn file_doc(
        &self,
        path: &Path,
        mut relative: PathBuf,
        kind: Kind,
        compression: Compression,
    ) -> Doc {
        // A page's text goes to `<name>.html.txt`, beside a dump of the same stem.
        if kind == Kind::Html {
            let name = relative
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let name = name
                .strip_suffix(".gz")
                .or_else(|| name.strip_suffix(".zst"))
                .unwrap_or(&name)
                .to_owned();
            relative.set_file_name(format!("{name}.txt"));
        }
        Doc {
            id: stem_of(path),
            source: path.display().to_string().into(),
            url: None,
            body: Body::File(FileRef {
                path: path.to_path_buf(),
                kind,
                compression,
                limits: self.limits,
            }),
            extra: Map::new(),
            bytes: 0,
            decoded_from: None,
            relative: Relative::Path(relative),
        }
    }
}

fn read_error(err: &io::Error, compression: Compression) -> String {
    match (compression, err.kind()) {
        (Compression::None, _) => format!("cannot read file: {err}"),
        (_, io::ErrorKind::UnexpectedEof) => format!("truncated compressed data: {err}"),
        _ => format!("cannot decompress: {err}"),
    }
}

impl Iterator for Reader {
    type Item = Doc;

    fn next(&mut self) -> Option<Doc> {
        loop {
            if let Some(lines) = &mut self.current {
                match lines.next() {
                    Some(doc) => return Some(doc),
                    None => self.current = None,
                }
            }
            match self.pending.next()? {
                Pending::Stdin => {
                    let stdin: Box<dyn Read + Send> = Box::new(io::stdin());
                    self.current = Some(Box::new(JsonLines::new(
                        stdin,
                        PathBuf::from("-"),
                        "stdin".into(),
                        self.limits,
                    )));
                }
                Pending::Failed { path, error } => {
                    return Some(failed(
                        stem_of(&path),
                        path.display().to_string().into(),
                        error,
                    ))
                }
                Pending::File { path, relative } => {
                    let Some((kind, compression)) = classify(&path) else {
                        // A file named on the command line with an unknown extension is read as a text dump.
                        return Some(self.file_doc(&path, relative, Kind::Text, Compression::None));
                    };
                    if !matches!(kind, Kind::JsonLines | Kind::Warc) {
                        return Some(self.file_doc(&path, relative, kind, compression));
                    }
                    match open(&path, compression) {
                        Ok(reader) if kind == Kind::Warc => {
                            self.current =
                                Some(Box::new(WarcRecords::new(reader, &path, self.limits)))
                        }
                        Ok(reader) => {
                            self.current = Some(Box::new(JsonLines::new(
                                reader,
                                path,
                                String::new(),
                                self.limits,
                            )))
                        }
                        Err(err) => {
                            return Some(failed(
                                stem_of(&path),
                                path.display().to_string().into(),
                                read_error(&err, compression),
                            ))
                        }
                    }
                }
            }
        }
    }
}

pub(crate) fn failed(id: String, source: Source, error: String) -> Doc {
    Doc {
        relative: Relative::Path(PathBuf::from(format!("{id}.txt"))),
        id,
        source,
        url: None,
        body: Body::Failed(error),
        extra: Map::new(),
        bytes: 0,
        decoded_from: None,
    }
}

/// The records of one JSON Lines stream.
struct JsonLines {
    reader: BufReader<Box<dyn Read + Send>>,
    /// The file's stem (worked out once: each record's fallback id and mirrored
    /// path start with it).
    stem: Arc<str>,
    /// The file as error records name it.
    label: Arc<str>,
    line: usize,
    limits: Limits,
    done: bool,
}

impl JsonLines {
    fn new(reader: Box<dyn Read + Send>, path: PathBuf, label: String, limits: Limits) -> Self {
        JsonLines {
            reader: BufReader::with_capacity(1 << 16, reader),
            label: if label.is_empty() {
                path.display().to_string().into()
            } else {
                label.into()
            },
            stem: stem_of(&path).into(),
            line: 0,
            limits,
            done: false,
        }
    }

    /// Reads one line of at most the size cap; a longer line is skipped to its end
    /// and reported as too large.
    fn read_line(&mut self, buf: &mut Vec<u8>) -> io::Result<Option<bool>> {
        buf.clear();
        let cap = usize::try_from(self.limits.max_doc_bytes).unwrap_or(usize::MAX);
        let mut too_long = false;
        let mut any = false;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(any.then_some(too_long));
            }
            any = true;
            let (chunk, found) = match memchr::memchr(b'\n', available) {
                Some(i) => (&available[..i], true),
                None => (available, false),
            };
            if !too_long && buf.len() + chunk.len() <= cap {
                buf.extend_from_slice(chunk);
            } else {
                too_long = true;
                buf.clear();
            }
            let used = chunk.len() + usize::from(found);
            self.reader.consume(used);
            if found {
                return Ok(Some(too_long));
            }
        }
    }
}

impl Iterator for JsonLines {
    type Item = Doc;

    fn next(&mut self) -> Option<Doc> {
        let mut buf = Vec::new();
        while !self.done {
            self.line += 1;
            let source = Source::Line {
                file: Arc::clone(&self.label),
                line: self.line,
            };
            match self.read_line(&mut buf) {
                Ok(None) => self.done = true,
                Err(err) => {
                    self.done = true;
                    let error = if err.kind() == io::ErrorKind::UnexpectedEof {
                        format!("input ends in truncated compressed data ({err}); the records before it were read")
                    } else {
                        format!("cannot read further ({err}); the records before it were read")
                    };
                    return Some(failed(fallback_id(&self.stem, self.line), source, error));
                }
                Ok(Some(true)) => {
                    return Some(failed(
                        fallback_id(&self.stem, self.line),
                        source,
                        format!(
                            "JSON line is larger than the {} byte cap (--max-doc-bytes)",
                            self.limits.max_doc_bytes
                        ),
                    ))
                }
                Ok(Some(false)) => {
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let bytes = buf.len() as u64 + 1;
                    return Some(Doc {
                        id: String::new(),
                        source,
                        url: None,
                        body: Body::Record(RecordRef {
                            line: std::mem::take(&mut buf),
                            stem: Arc::clone(&self.stem),
                            number: self.line,
                            limits: self.limits,
                        }),
                        extra: Map::new(),
                        bytes,
                        decoded_from: None,
                        relative: Relative::UnderStem(Arc::clone(&self.stem)),
                    });
                }
            }
        }
        None
    }
}

/// One JSON Lines record: `{"id", "url"?, "text"? | "html"?, ...}`, read from
/// `line` of `record`'s file.
fn record_doc(line: &str, record: &RecordRef, source: Source) -> Doc {
    let limits = record.limits;
    let failed = |error: String| {
        let id = fallback_id(&record.stem, record.number);
        failed(id, source.clone(), error)
    };
    let mut value = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return failed("JSON line is not an object".into()),
        Err(err) => return failed(format!("broken JSON: {err}")),
    };
    let id = match value.shift_remove("id") {
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => return failed("record has no `id` (a string or number)".into()),
    };
    let url = match value.get("url") {
        Some(Value::String(u)) => Some(u.clone()),
        _ => None,
    };
    let body = match (value.shift_remove("text"), value.shift_remove("html")) {
        (Some(Value::String(text)), _) => string_body(text, limits),
        // A JSON string is Unicode already: whatever charset the page declares, its
        // bytes here are UTF-8.
        (_, Some(Value::String(html))) => {
            html_body(html.into_bytes(), Some("utf-8".into()), limits)
        }
        _ => Body::Failed("record has neither a `text` nor an `html` string".into()),
    };
    Doc {
        id,
        source,
        url,
        body,
        extra: value,
        bytes: 0,
        decoded_from: None,
        relative: Relative::UnderStem(Arc::clone(&record.stem)),
    }
}

/// An id made safe to use as a file name.
fn safe_file_name(id: &str) -> String {
    let name: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with('.') {
        format!("_{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An unread record of line 1 of `f.jsonl`, under a size cap.
    fn record_ref(max_doc_bytes: u64) -> RecordRef {
        RecordRef {
            line: Vec::new(),
            stem: "f".into(),
            number: 1,
            limits: Limits { max_doc_bytes },
        }
    }

    /// Line 1 of the file, as error records name it.
    fn line_one() -> Source {
        Source::Line {
            file: "in.jsonl".into(),
            line: 1,
        }
    }

    #[test]
    fn a_record_line_in_any_encoding_gives_its_record() {
        let record = |line: Vec<u8>| {
            Doc {
                id: String::new(),
                source: line_one(),
                url: None,
                body: Body::Record(RecordRef {
                    line,
                    ..record_ref(1000)
                }),
                extra: Map::new(),
                bytes: 0,
                decoded_from: None,
                relative: Relative::UnderStem("f".into()),
            }
            .load()
        };
        let plain = b"{\"id\":\"a\",\"text\":\"Caf\\u00e9 \xc3\xa9t\xc3\xa9\",\"feed\":1}".to_vec();
        let mut marked = UTF8_BOM.as_bytes().to_vec();
        marked.extend_from_slice(&plain);
        // The same line in windows-1252: `é` is one byte, no UTF-8.
        let latin = b"{\"id\":\"a\",\"text\":\"Caf\\u00e9 \xe9t\xe9\",\"feed\":1}".to_vec();
        for (line, decoded_from) in [(plain, None), (marked, None), (latin, Some("windows-1252"))] {
            let doc = record(line);
            assert_eq!(doc.id, "a");
            assert!(
                matches!(&doc.body, Body::Text(t) if t == "Café été"),
                "{:?}",
                doc.body
            );
            assert_eq!(doc.extra.get("feed"), Some(&Value::from(1)));
            assert_eq!(doc.decoded_from, decoded_from);
        }
    }

    #[test]
    fn files_are_classified_by_extension() {
        assert_eq!(
            classify(Path::new("a.txt")),
            Some((Kind::Text, Compression::None))
        );
        assert_eq!(
            classify(Path::new("a.JSONL.gz")),
            Some((Kind::JsonLines, Compression::Gzip))
        );
        assert_eq!(
            classify(Path::new("a.htm.zst")),
            Some((Kind::Html, Compression::Zstd))
        );
        assert_eq!(classify(Path::new("a.csv")), None);
        assert_eq!(stem_of(Path::new("dir/0001.txt.gz")), "0001");
        assert_eq!(stem_of(Path::new("x.y.txt")), "x.y");
    }

    #[test]
    fn binary_data_is_told_by_its_nul_bytes() {
        let limits = Limits {
            max_doc_bytes: 1 << 20,
        };
        let mut bytes = b"PK\x03\x04".repeat(40);
        bytes.extend([0, 0, 0]);
        bytes.extend(b"\x00 more \x00".repeat(100));
        assert_eq!(
            text_problem(&bytes, limits).as_deref(),
            Some("binary data, not text (203 NUL bytes)")
        );
        assert_eq!(text_problem(b"plain text, no NUL", limits), None);
    }

    #[test]
    fn non_utf8_text_is_decoded_and_says_so() {
        let (text, from) =
            decode(b"Caf\xe9 au lait et cr\xe8me br\xfbl\xe9e, s'il vous pla\xeet".to_vec());
        assert!(text.starts_with("Café"), "{text}");
        assert_eq!(from, Some("windows-1252"));
        assert_eq!(decode(b"plain".to_vec()).1, None);
    }

    #[test]
    fn a_byte_order_mark_names_the_encoding_and_is_not_text() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFHeadline".to_vec()),
            ("Headline".to_owned(), None)
        );
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Bjørn Ås".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            decode(utf16le.clone()),
            ("Bjørn Ås".to_owned(), Some("UTF-16LE"))
        );
        let limits = Limits {
            max_doc_bytes: 1000,
        };
        // Full of NUL bytes, yet text, not binary data.
        match text_body(utf16le, limits) {
            (Body::Text(text), Some("UTF-16LE")) => assert_eq!(text, "Bjørn Ås"),
            (body, from) => panic!("{from:?} {}", matches!(body, Body::Failed(_))),
        }
    }

    #[test]
    fn json_records_carry_their_extra_fields() {
        let limits = Limits {
            max_doc_bytes: 1000,
        };
        let doc = record_doc(
            r#"{"id": 7, "url": "https://dw.com/x", "text": "Hello there", "lang_hint": "en"}"#,
            &record_ref(limits.max_doc_bytes),
            line_one(),
        );
        assert_eq!(doc.id, "7");
        assert_eq!(doc.relative.path(&doc.id), Path::new("f/7.txt"));
        assert_eq!(doc.url.as_deref(), Some("https://dw.com/x"));
        assert!(matches!(doc.body, Body::Text(ref t) if t == "Hello there"));
        assert_eq!(doc.extra.keys().collect::<Vec<_>>(), ["url", "lang_hint"]);
        for (line, error) in [
            ("{not json", "broken JSON"),
            ("[1,2]", "not an object"),
            (r#"{"text": "x"}"#, "no `id`"),
            (r#"{"id": "a"}"#, "neither"),
            (r#"{"id": "a", "text": "   "}"#, "empty document"),
        ] {
            let doc = record_doc(line, &record_ref(limits.max_doc_bytes), line_one());
            assert!(
                matches!(&doc.body, Body::Failed(e) if e.contains(error)),
                "{line}: {:?}",
                doc.body
            );
            // An error record names the line, and a record with no id is known
            // by it.
            assert_eq!(doc.source.to_string(), "in.jsonl:1");
            if !line.contains("\"id\"") {
                assert_eq!(doc.id, "f:1");
            }
        }
    }

    #[test]
    fn a_records_text_is_checked_as_a_files_bytes_are() {
        let limits = Limits { max_doc_bytes: 40 };
        let body = |text: &str| {
            let line = serde_json::json!({"id": "a", "text": text}).to_string();
            record_doc(&line, &record_ref(limits.max_doc_bytes), line_one()).body
        };
        let text = |body: Body| match body {
            Body::Text(text) => Ok(text),
            Body::Failed(error) => Err(error),
            _ => Err("neither text nor an error".into()),
        };
        for case in [
            "Headline\nA paragraph.",
            "\u{FEFF}Headline with a byte order mark",
            "Two NULs\0 in\0 text",
            " \n\t ",
            "Longer than the forty bytes the cap allows here",
        ] {
            assert_eq!(
                text(body(case)),
                text(text_body(case.as_bytes().to_vec(), limits).0),
                "{case:?}"
            );
        }
        assert_eq!(
            text(body("\u{FEFF}Headline")),
            Ok("Headline".to_owned()),
            "the mark is dropped"
        );
    }
}
