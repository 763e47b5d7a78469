//! The HTML path, shared by `clean` and `explain`: a page's bytes are decoded
//! (HTTP charset, else the page's `<meta charset>`, else UTF-8, else a guess),
//! parsed by deboil-html with the outlet's compiled `[html]` selectors, its
//! article blocks chosen (the outlet's container, or the generic extractor),
//! rendered as a text dump, and cleaned by the outlet's text rules like any dump.
//! What the text leaves empty (title, standfirst, authors, date, language) is
//! filled from the page's metadata.
//!
//! Rendering to a dump first is what lets one rules file serve dumps and pages:
//! the selectors only decide which blocks are read; every removal is still a
//! named text rule, and `explain` shows the rendered dump line by line.

use std::borrow::Cow;
use std::sync::Arc;

use anyhow::{Context, Result};
use deboil_engine::{Cleaned, Document, HtmlSpec, RuleSet};
use deboil_html::{CompileSelectors, CompiledHtmlRules, LeanTree, Page, Tree};
use encoding_rs::Encoding;

use crate::registry::Cleaners;

/// How far into a page its `<meta charset>` is looked for (the HTML standard's
/// prescan reads 1024 bytes).
const META_PRESCAN_BYTES: usize = 1024;

/// Compiles an outlet's `[html]` selectors; `None` when it has none.
pub fn compile_html_rules(spec: &HtmlSpec) -> Result<Option<Arc<CompiledHtmlRules>>> {
    if spec.is_empty() {
        return Ok(None);
    }
    let compiled = spec.compile().context("in the [html] selectors")?;
    Ok(Some(Arc::new(compiled)))
}

/// A cleaned page: the record and trace, the dump the page was rendered to (the
/// trace's spans index into it), and the encoding the bytes were decoded from.
#[derive(Debug, Clone)]
pub struct CleanedPage {
    pub cleaned: Cleaned,
    pub text: String,
    pub decoded_from: Option<&'static str>,
}

/// Cleans one HTML page: decode, choose the outlet, parse, pick the article's
/// blocks, render, clean with the outlet's text rules, fill fields from metadata.
pub fn clean_page(
    cleaners: &Cleaners,
    id: &str,
    bytes: &[u8],
    http_charset: Option<&str>,
    url: Option<&str>,
    forced: Option<&RuleSet>,
) -> CleanedPage {
    let (html, decoded_from) = decode_html(bytes, http_charset);
    let (rules, page) = outlet_and_page(cleaners, &html, url, forced);
    // No container, or the outlet's container is not on this page (a changed
    // layout): the generic extractor over the whole page, drops applied.
    let extraction = (!page.container_matched).then(|| deboil_html::extract(&page));
    let links_only = extraction.as_ref().is_some_and(|e| e.links_only);
    // An article the extractor could not make out is flagged; a listing is
    // flagged by its page type instead.
    let uncertain = extraction
        .as_ref()
        .is_some_and(|e| !e.confident && !e.links_only);
    let (text, titled) = render(&page, extraction.as_ref());
    let doc = Document::parse(&text);
    // A page no outlet claims is cleaned with what `--learn` learned of its site.
    let rules = match cleaners.learned_for(rules, forced, url, &doc) {
        Some(learned) => learned,
        None => rules,
    };
    let mut cleaned = if links_only {
        rules.clean_listing(id, &doc)
    } else {
        rules.clean_extracted(id, &doc, titled)
    };
    // What the outlet's `drop` selectors took off the page, after the text rules'
    // pieces, in page order: every dropped piece is listed with its rule.
    cleaned.record.uncertain = uncertain;
    cleaned
        .record
        .removed
        .extend(page.dropped.iter().map(|text| deboil_engine::Removed {
            rule: rules.html_drop_id.clone(),
            text: text.clone(),
        }));
    if links_only {
        // A listing's dates and bylines are its teasers', not its own.
        let meta = deboil_html::Meta {
            title: page.meta.title.clone(),
            language: page.meta.language.clone(),
            ..deboil_html::Meta::default()
        };
        fill_from_meta(&mut cleaned.record, &meta);
    } else {
        fill_from_meta(&mut cleaned.record, &page.meta);
    }
    CleanedPage {
        cleaned,
        text,
        decoded_from,
    }
}

/// The dump a page renders to: the extractor's article blocks (and whether the
/// first is its headline), or, when the outlet's container was read (no
/// extraction) or the page is only links, all of its text; a front page of links
/// has no article to extract, so its whole text is the listing, flagged and
/// cleaned as a listing dump is on the text path.
fn render(page: &Page, extraction: Option<&deboil_html::Extraction>) -> (String, bool) {
    match extraction {
        Some(extraction) if !extraction.links_only => {
            deboil_html::render_article(page, &extraction.kept)
        }
        _ => (deboil_html::render_all(page), false),
    }
}

/// The dump a page of no known outlet renders to, as `clean` reads it (the
/// generic extractor's article, or all the text of a page of links): what
/// `deboil mine` and `clean --learn` learn a site's boilerplate from.
pub fn generic_dump(bytes: &[u8], http_charset: Option<&str>) -> String {
    let (html, _) = decode_html(bytes, http_charset);
    let page = LeanTree::parse(&html).read();
    let extraction = deboil_html::extract(&page);
    render(&page, Some(&extraction)).0
}

/// Chooses the cleaner and reads the page with its selectors: forced, else the
/// input's URL, else the page's canonical URL, else the boilerplate the whole
/// page's text shows. Without selectors the page is read from a lean tree (no
/// attributes the walk does not read); with them, from a whole one. A page is
/// parsed twice only when its outlet is learnt from the page itself and has
/// selectors.
fn outlet_and_page<'c>(
    cleaners: &'c Cleaners,
    html: &str,
    url: Option<&str>,
    forced: Option<&'c RuleSet>,
) -> (&'c RuleSet, Page) {
    let known = forced.or_else(|| url.and_then(|u| cleaners.by_url(u)));
    if let Some(rules) = known {
        let page = match cleaners.html_rules(&rules.name) {
            Some(selectors) => Tree::parse(html).read(Some(selectors)),
            None => LeanTree::parse(html).read(),
        };
        return (rules, page);
    }
    let page = LeanTree::parse(html).read();
    let rules = match page
        .meta
        .canonical_url
        .as_deref()
        .and_then(|u| cleaners.by_url(u))
    {
        Some(rules) => rules,
        None => {
            let text = deboil_html::render_all(&page);
            cleaners.detect(&Document::parse(&text), None)
        }
    };
    match cleaners.html_rules(&rules.name) {
        Some(selectors) => (rules, Tree::parse(html).read(Some(selectors))),
        None => (rules, page),
    }
}

/// Fills the fields the text left empty from the page's metadata, and weighs the
/// language the text reads as against the one the page declares. A description
/// that only repeats the start of the first paragraph is not a standfirst.
fn fill_from_meta(record: &mut deboil_engine::Record, meta: &deboil_html::Meta) {
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    if record.title.is_none() {
        record.title = given(&meta.title);
    }
    if record.standfirst.is_none() {
        record.standfirst = given(&meta.standfirst).filter(|dek| {
            let stem = dek.trim_end_matches(['.', '…', ' ']);
            !record.body.iter().any(|p| p.starts_with(stem)) && record.title.as_ref() != Some(dek)
        });
    }
    if record.authors.is_empty() {
        record.authors = meta
            .authors
            .iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
    }
    if record.published.is_none() {
        record.published = given(&meta.published);
    }
    // The page's `<html lang>` settles what a short text cannot (Bokmål or
    // Danish), not a story plainly in another language than the template says.
    record.language =
        deboil_engine::language::reconcile(record.language.take(), meta.language.as_deref());
}

/// Decodes a page: a BOM, else the HTTP charset, else a `<meta charset>` near the
/// top, else as any document (`input::decode`: UTF-8 when the bytes are valid
/// UTF-8, else the encoding chardetng guesses). Returns the text (borrowed from
/// `bytes` when they are already that text: no copy of a large page) and the
/// encoding's name when it was not UTF-8.
pub fn decode_html<'b>(
    bytes: &'b [u8],
    http_charset: Option<&str>,
) -> (Cow<'b, str>, Option<&'static str>) {
    let declared = Encoding::for_bom(bytes)
        .map(|(encoding, _)| encoding)
        .or_else(|| http_charset.and_then(|c| Encoding::for_label(c.trim().as_bytes())))
        .or_else(|| meta_charset(bytes))
        .map(Encoding::output_encoding);
    let Some(encoding) = declared else {
        return match std::str::from_utf8(bytes) {
            Ok(text) => (Cow::Borrowed(text), None),
            Err(_) => {
                let (text, decoded_from) = crate::input::decode(bytes.to_vec());
                (Cow::Owned(text), decoded_from)
            }
        };
    };
    let (text, used, _) = encoding.decode(bytes);
    let decoded_from = (used != encoding_rs::UTF_8).then(|| used.name());
    (text, decoded_from)
}

/// The encoding a `<meta charset="...">` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` near the top of the page declares.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = rest.trim_ascii_start();
            if let Some(value) = rest.strip_prefix(b"=") {
                let value = value.trim_ascii_start();
                let value = value
                    .strip_prefix(b"\"")
                    .or_else(|| value.strip_prefix(b"'"))
                    .unwrap_or(value);
                let len = value
                    .iter()
                    .position(|b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(value.len());
                if let Some(encoding) = Encoding::for_label(&value[..len]) {
                    return Some(encoding);
                }
            }
        }
        from = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_comes_from_http_then_meta_then_utf8_then_a_guess() {
        let latin1 =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9</p></body></html>";
        let (text, from) = decode_html(latin1, None);
        assert!(text.contains("Café"), "{text}");
        assert_eq!(from, Some("windows-1252"));

        let http_equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(decode_html(http_equiv, None).0.contains("Привет"));

        // The HTTP header wins over the page.
        let utf8 = "<meta charset=\"iso-8859-1\"><p>Café</p>".as_bytes();
        let (text, from) = decode_html(utf8, Some("utf-8"));
        assert!(text.contains("Café"));
        assert_eq!(from, None);

        let (text, from) = decode_html("<p>Blåbær</p>".as_bytes(), None);
        assert!(text.contains("Blåbær"));
        assert_eq!(from, None);

        let (text, from) = decode_html(
            b"<p>Le caf\xe9 cr\xe8me et la cr\xe8me br\xfbl\xe9e sont d\xe9licieux, s'il vous pla\xeet.</p>",
            None,
        );
        assert!(text.contains("café crème"), "{text}");
        assert_eq!(from, Some("windows-1252"));
    }
}
