//! Reading WARC files (`.warc`, `.warc.gz`, WET's `.warc.wet.gz`), the way crawls
//! are stored: each `response`, `resource` or `conversion` record is a document
//! whose url is `WARC-Target-URI`; `warcinfo`, `request` and `metadata` records are
//! not documents and are passed over. Text payloads (WET conversions, `text/plain`)
//! are cleaned as dumps; HTML payloads go to the HTML path with the charset their
//! HTTP response declares.

use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::Map;

use crate::input::{failed, html_body, stem_of, text_body, Body, Doc, Limits, Relative};

/// A record: its offset, its headers, and its block (or the length of a block over
/// the size cap, which was skipped).
type Record = (u64, Vec<(String, String)>, Result<Vec<u8>, u64>);

/// The documents of one WARC stream.
pub(crate) struct WarcRecords {
    reader: BufReader<Box<dyn Read + Send>>,
    label: String,
    stem: String,
    offset: u64,
    limits: Limits,
    done: bool,
}

impl WarcRecords {
    pub(crate) fn new(reader: Box<dyn Read + Send>, path: &Path, limits: Limits) -> Self {
        WarcRecords {
            reader: BufReader::with_capacity(1 << 16, reader),
            label: path.display().to_string(),
            stem: stem_of(path),
            offset: 0,
            limits,
            done: false,
        }
    }

    fn read_line(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        buf.clear();
        let n = (&mut self.reader).take(64 * 1024).read_until(b'\n', buf)?;
        self.offset += n as u64;
        Ok(n)
    }

    /// Reads one record: its headers and its block (or `None` at the end).
    fn next_record(&mut self) -> io::Result<Option<Record>> {
        let mut line = Vec::new();
        // Skip the blank lines between records.
        loop {
            if self.read_line(&mut line)? == 0 {
                return Ok(None);
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        let start = self.offset - line.len() as u64;
        if !line.starts_with(b"WARC/") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "not a WARC record (no `WARC/` version line)",
            ));
        }
        let mut headers = Vec::new();
        loop {
            if self.read_line(&mut line)? == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "record headers end early",
                ));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end();
            if text.is_empty() {
                break;
            }
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let length: u64 = header(&headers, "content-length")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    "record without a valid Content-Length",
                )
            })?;
        let block = if length > self.limits.max_doc_bytes {
            let skipped = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())?;
            self.offset += skipped;
            if skipped < length {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "record block ends early",
                ));
            }
            Err(length)
        } else {
            let mut block = Vec::with_capacity(length as usize);
            (&mut self.reader).take(length).read_to_end(&mut block)?;
            self.offset += block.len() as u64;
            if (block.len() as u64) < length {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "record block ends early",
                ));
            }
            Ok(block)
        };
        Ok(Some((start, headers, block)))
    }
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// An HTTP response's content type and body.
fn split_http(block: &[u8]) -> (String, &[u8]) {
    let Some(end) = block.windows(4).position(|w| w == b"\r\n\r\n") else {
        return (String::new(), block);
    };
    let head = String::from_utf8_lossy(&block[..end]);
    let content_type = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-type"))
        .map_or_else(String::new, |(_, v)| v.trim().to_ascii_lowercase());
    (content_type, &block[end + 4..])
}

/// The `charset` parameter of a content type (`text/html; charset=ISO-8859-1`).
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        let value = value.trim().trim_matches(['"', '\'']);
        (name.trim().eq_ignore_ascii_case("charset") && !value.is_empty()).then(|| value.to_owned())
    })
}

impl Iterator for WarcRecords {
    type Item = Doc;

    fn next(&mut self) -> Option<Doc> {
        while !self.done {
            let fallback = format!("{}@{}", self.stem, self.offset);
            let (offset, headers, block) = match self.next_record() {
                Ok(Some(record)) => record,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(err) => {
                    self.done = true;
                    let error = format!(
                        "cannot read further at byte {} ({err}); the records before it were read",
                        self.offset
                    );
                    return Some(failed(
                        fallback.clone(),
                        format!("{}@{}", self.label, self.offset).into(),
                        error,
                    ));
                }
            };
            let kind = header(&headers, "warc-type")
                .unwrap_or("")
                .to_ascii_lowercase();
            if !matches!(kind.as_str(), "response" | "resource" | "conversion") {
                continue;
            }
            let id = header(&headers, "warc-record-id")
                .map(|v| {
                    v.trim_matches(['<', '>'])
                        .trim_start_matches("urn:uuid:")
                        .to_owned()
                })
                .unwrap_or_else(|| format!("{}@{offset}", self.stem));
            let url = header(&headers, "warc-target-uri").map(str::to_owned);
            let source = format!("{}@{offset}", self.label);
            let read = block.as_ref().map_or(0, |block| block.len() as u64);
            let (body, decoded_from) = match block {
                Err(length) => (
                    Body::Failed(format!(
                        "record of {length} bytes is larger than the {} byte cap (--max-doc-bytes)",
                        self.limits.max_doc_bytes
                    )),
                    None,
                ),
                Ok(mut payload) => {
                    let record_type = header(&headers, "content-type")
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    // The payload is the block, or what follows its HTTP headers:
                    // those are cut off in place rather than the rest copied.
                    let content_type = if record_type.contains("application/http") {
                        let (content_type, rest) = split_http(&payload);
                        let headers = payload.len() - rest.len();
                        payload.drain(..headers);
                        content_type
                    } else {
                        record_type
                    };
                    if content_type.contains("html") {
                        let charset = charset_of(&content_type);
                        (html_body(payload, charset, self.limits), None)
                    } else if content_type.is_empty() || content_type.starts_with("text/") {
                        text_body(payload, self.limits)
                    } else {
                        let error = format!("not a text or HTML payload ({content_type})");
                        (Body::Failed(error), None)
                    }
                }
            };
            return Some(Doc {
                relative: Relative::Path(PathBuf::from(&self.stem).join(format!("{offset}.txt"))),
                id,
                source: source.into(),
                url,
                body,
                extra: Map::new(),
                bytes: read,
                decoded_from,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, content_type: &str, block: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{kind}-1>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    #[test]
    fn a_text_record_not_in_utf8_is_decoded_and_says_so() {
        let block = b"Caf\xe9 au lait et cr\xe8me br\xfbl\xe9e, s'il vous pla\xeet";
        let mut warc = format!(
            "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <urn:uuid:c-1>\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        warc.extend_from_slice(block);
        warc.extend_from_slice(b"\r\n\r\n");
        let limits = Limits {
            max_doc_bytes: 1 << 20,
        };
        let docs: Vec<Doc> = WarcRecords::new(
            Box::new(std::io::Cursor::new(warc)),
            Path::new("crawl.warc"),
            limits,
        )
        .collect();
        assert_eq!(docs.len(), 1);
        assert!(matches!(&docs[0].body, Body::Text(t) if t.starts_with("Café")));
        assert_eq!(docs[0].decoded_from, Some("windows-1252"));
        assert_eq!(docs[0].bytes, block.len() as u64);
    }

    #[test]
    fn text_records_become_documents_and_others_are_passed_over() {
        let warc = [
            record(
                "warcinfo",
                "",
                "application/warc-fields",
                "software: test\r\n",
            ),
            record(
                "conversion",
                "https://www.dw.com/en/a/a-1",
                "text/plain",
                "A headline\nThe story.",
            ),
            record(
                "response",
                "https://example.com/",
                "application/http; msgtype=response",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"ISO-8859-1\"\r\n\r\n<p>x</p>",
            ),
        ]
        .concat();
        let limits = Limits {
            max_doc_bytes: 1 << 20,
        };
        let docs: Vec<Doc> = WarcRecords::new(
            Box::new(std::io::Cursor::new(warc.clone().into_bytes())),
            Path::new("crawl.warc"),
            limits,
        )
        .collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "conversion-1");
        assert_eq!(docs[0].url.as_deref(), Some("https://www.dw.com/en/a/a-1"));
        assert!(matches!(&docs[0].body, Body::Text(t) if t == "A headline\nThe story."));
        assert!(
            matches!(&docs[1].body, Body::Html { bytes, http_charset }
                if bytes == b"<p>x</p>" && http_charset.as_deref() == Some("iso-8859-1")),
            "{:?}",
            docs[1].body
        );
        assert!(docs[1].source.to_string().starts_with("crawl.warc@"));

        let truncated = &warc.as_bytes()[..warc.len() - 30];
        let docs: Vec<Doc> = WarcRecords::new(
            Box::new(std::io::Cursor::new(truncated.to_vec())),
            Path::new("crawl.warc"),
            limits,
        )
        .collect();
        assert_eq!(docs.len(), 2);
        assert!(
            matches!(&docs[1].body, Body::Failed(e) if e.contains("ends early")),
            "{:?}",
            docs[1].body
        );
    }
}
