//! A guard against pathological nesting. html5ever's tree builder checks element
//! scopes by walking the stack of open elements, so a page nested 100k deep costs
//! it quadratic time (20k nested `<div>`s already take a second). Browsers cap the
//! depth too (Blink's parser flattens past 512). Before parsing, one linear scan of
//! the tags estimates the nesting; start tags past [`MAX_DEPTH`] (and the end tags
//! that close them) are cut out, so their text is kept, unwrapped. A page that never
//! gets that deep is passed through untouched.
//!
//! The same scan cuts out the text of scripts and styles, which nothing reads and
//! html5ever pays for line by line (see [`prepare`]).

use std::borrow::Cow;

/// Elements deeper than this are unwrapped.
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements without content: they never nest.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"frame"
    )
}

/// Elements a sloppy page leaves open and the parser closes by itself (`<p>a<p>b`);
/// counting them would make ordinary pages look deep.
fn closes_itself(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Elements whose content is raw text up to their end tag.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"noscript"
    )
}

/// What the scan has learnt about the tokenizer's state that the cutting out of
/// scripts' and styles' text depends on.
#[derive(Default)]
struct Foreign {
    /// `<svg>` and `<math>` elements open (as their tags pair up): inside them a
    /// `<script>` or `<style>` is not raw text to the tokenizer.
    open: usize,
    /// Inside a `<select>`, where the tree builder ignores a `<style>`.
    in_select: bool,
    /// Something the scan cannot follow as the tokenizer would (a comment opened
    /// inside a script, a raw-text element or an HTML integration point inside
    /// SVG or MathML, a frameset): no more text is cut from here on.
    lost: bool,
}

impl Foreign {
    /// Whether a `<script>` or `<style>` starting here is raw text to the tokenizer
    /// as surely as the scan can tell.
    fn raw_text_is_sure(&self) -> bool {
        self.open == 0 && !self.in_select && !self.lost
    }
}

/// `html` ready for html5ever: elements nested deeper than [`MAX_DEPTH`]
/// unwrapped, and the text of `<script>` and `<style>` elements cut out (their
/// tags stay), except JSON-LD and other JSON scripts, which the metadata reads.
/// Nothing reads a script's or a style's text, while html5ever pays for it
/// line by line (about 6% of the whole page path's instructions on the
/// article-extraction benchmark): it is cut only where the scan follows the tokenizer surely (in
/// HTML content, the end tag found as the tokenizer finds it, no comment inside a
/// script), and from the first place it cannot, nothing more is cut.
///
/// `lean`: also leave out of start tags the attributes the walk never reads (see
/// [`is_read_attribute`]), while the scan follows the tokenizer surely; the tree
/// is then only for reading without an outlet's selectors. Formatting elements
/// (`<b>`, `<font>`, ...) and `<template>` keep all theirs: the tree builder
/// compares or reads them.
pub(crate) fn prepare(html: &str, lean: bool) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut output = Output {
        html,
        out: None,
        copied: 0,
    };
    let mut attrs: Vec<AttributeSpan> = Vec::new();
    let mut depth: usize = 0;
    let mut foreign = Foreign::default();
    let mut at = 0;
    let mut name_buf = [0u8; NAME_BUF];
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &bytes[start + 1..];
        match rest.first() {
            Some(b'!') => {
                at = if rest.starts_with(b"!--") {
                    comment_end(bytes, start + 4)
                } else if foreign.open > 0 && rest.starts_with(b"![CDATA[") {
                    find(bytes, start + 9, b"]]>").map_or(bytes.len(), |e| e + 3)
                } else {
                    bogus_comment_end(bytes, start)
                };
            }
            Some(b'?') => at = bogus_comment_end(bytes, start),
            Some(b'/') => match rest.get(1) {
                Some(b) if b.is_ascii_alphabetic() => {
                    let (len, name) = tag_name(&rest[1..], &mut name_buf);
                    let end = tag_end(bytes, start + 2 + len);
                    match name {
                        b"svg" | b"math" => foreign.open = foreign.open.saturating_sub(1),
                        b"select" => foreign.in_select = false,
                        _ => {}
                    }
                    if !is_void(name) && !closes_itself(name) {
                        if depth > MAX_DEPTH {
                            output.cut(start, end);
                        }
                        depth = depth.saturating_sub(1);
                    }
                    at = end;
                }
                // `</>` is dropped; `</` and anything else opens a bogus comment.
                Some(b'>') => at = start + 3,
                Some(_) => at = bogus_comment_end(bytes, start),
                None => at = start + 1,
            },
            Some(b) if b.is_ascii_alphabetic() => {
                let (len, name) = tag_name(rest, &mut name_buf);
                let name_end = start + 1 + len;
                let tag = read_start_tag(bytes, name_end, &mut attrs);
                let (end, self_closing) = (tag.end, tag.self_closing);
                let deep = !is_raw_text(name)
                    && !is_void(name)
                    && !closes_itself(name)
                    && !self_closing
                    && depth >= MAX_DEPTH;
                if lean
                    && tag.complete
                    && !deep
                    && !foreign.lost
                    && !is_formatting(name)
                    && name != b"template"
                    && attrs
                        .iter()
                        .any(|a| !is_read_attribute(&bytes[a.name.0..a.name.1]))
                {
                    let out = output.upto(start);
                    out.push_str(html.get(start..name_end).unwrap_or_default());
                    for a in attrs
                        .iter()
                        .filter(|a| is_read_attribute(&bytes[a.name.0..a.name.1]))
                    {
                        out.push(' ');
                        out.push_str(html.get(a.name.0..a.end).unwrap_or_default());
                    }
                    out.push_str(if self_closing { " />" } else { ">" });
                    output.copied = end;
                }
                if foreign.open > 0 && (is_raw_text(name) || is_integration_point(name)) {
                    foreign.lost = true;
                }
                match name {
                    b"svg" | b"math" if !self_closing => foreign.open += 1,
                    b"select" => foreign.in_select = true,
                    b"frameset" => foreign.lost = true,
                    _ => {}
                }
                if is_raw_text(name) {
                    let content_end = raw_text_content_end(bytes, end, name);
                    if matches!(name, b"script" | b"style") && foreign.raw_text_is_sure() {
                        let content = &bytes[end..content_end];
                        if name == b"script" && find(content, 0, b"<!--").is_some() {
                            // Escaped script text ends where only the tokenizer knows.
                            foreign.lost = true;
                        } else if !is_json_script(&bytes[start..end]) && !content.is_empty() {
                            output.cut(end, content_end);
                        }
                    }
                    at = if content_end < bytes.len() {
                        tag_end(bytes, content_end + 2 + name.len())
                    } else {
                        bytes.len()
                    };
                    continue;
                }
                if name == b"plaintext" {
                    break;
                }
                if !is_void(name) && !closes_itself(name) && !self_closing {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        output.cut(start, end);
                    }
                }
                at = end;
            }
            _ => at = start + 1,
        }
        if at >= bytes.len() {
            break;
        }
    }
    output.finish()
}

/// The page as the scan rewrites it: made only at the first change, each change
/// after the one before.
struct Output<'h> {
    html: &'h str,
    out: Option<String>,
    /// How much of `html` is in `out` (or would be).
    copied: usize,
}

impl<'h> Output<'h> {
    /// The rewritten page, with `html` copied in up to `at`.
    fn upto(&mut self, at: usize) -> &mut String {
        let html = self.html;
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(html.len()));
        out.push_str(html.get(self.copied..at).unwrap_or_default());
        self.copied = self.copied.max(at);
        out
    }

    /// Leaves `from..to` out.
    fn cut(&mut self, from: usize, to: usize) {
        self.upto(from);
        self.copied = self.copied.max(to);
    }

    fn finish(mut self) -> Cow<'h, str> {
        let html = self.html;
        match self.out.take() {
            None => Cow::Borrowed(html),
            Some(mut out) => {
                out.push_str(html.get(self.copied..).unwrap_or_default());
                Cow::Owned(out)
            }
        }
    }
}

/// The attributes the walk reads (`parse.rs`'s `Attrs`, an element's `id` and
/// classes), as the tokenizer names them (lower case).
fn is_read_attribute(name: &[u8]) -> bool {
    const READ: [&[u8]; 15] = [
        b"id",
        b"class",
        b"href",
        b"rel",
        b"itemprop",
        b"hidden",
        b"aria-hidden",
        b"style",
        b"lang",
        b"xml:lang",
        b"property",
        b"name",
        b"content",
        b"type",
        b"datetime",
    ];
    READ.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// The formatting elements but `<a>`: the tree builder reopens them after
/// misnested markup, and tells copies apart by their attributes (at most three
/// alike stay open). An `<a>` is never open twice (a new one closes the last), so
/// its attributes are never compared.
fn is_formatting(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big"
            | b"code"
            | b"em"
            | b"font"
            | b"i"
            | b"nobr"
            | b"s"
            | b"small"
            | b"strike"
            | b"strong"
            | b"tt"
            | b"u"
    )
}

/// An attribute in a start tag: its name's bytes and where it ends (past its value).
struct AttributeSpan {
    name: (usize, usize),
    end: usize,
}

/// A start tag as the tokenizer reads it, from just after its name.
struct StartTag {
    /// Just past its `>` (the text's end when it has none).
    end: usize,
    /// Closed by `/>`.
    self_closing: bool,
    /// Ended by `>` (a tag cut off by the end of the text is dropped by the
    /// tokenizer).
    complete: bool,
}

/// Reads a start tag's attributes into `attrs` as the tokenizer's states do
/// (before/after attribute name, quoted and unquoted values, a `/` that does not
/// close the tag is skipped).
fn read_start_tag(bytes: &[u8], from: usize, attrs: &mut Vec<AttributeSpan>) -> StartTag {
    let len = bytes.len();
    let space = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_whitespace);
    let incomplete = StartTag {
        end: len,
        self_closing: false,
        complete: false,
    };
    attrs.clear();
    let mut i = from;
    loop {
        while space(i) {
            i += 1;
        }
        match bytes.get(i) {
            None => return incomplete,
            Some(b'>') => {
                return StartTag {
                    end: i + 1,
                    self_closing: false,
                    complete: true,
                }
            }
            Some(b'/') => {
                if bytes.get(i + 1) == Some(&b'>') {
                    return StartTag {
                        end: i + 2,
                        self_closing: true,
                        complete: true,
                    };
                }
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        // The name: its first character whatever it is (even `=`), then up to
        // whitespace, `/`, `>` or `=`.
        let name_start = i;
        i += 1;
        while bytes
            .get(i)
            .is_some_and(|&b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>' | b'='))
        {
            i += 1;
        }
        let name = (name_start, i);
        let mut j = i;
        while space(j) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            attrs.push(AttributeSpan { name, end: i });
            i = j;
            continue;
        }
        j += 1;
        while space(j) {
            j += 1;
        }
        let end = match bytes.get(j) {
            None => return incomplete,
            // `x=>`: an empty value, and the tag ends.
            Some(b'>') => j,
            Some(&quote @ (b'"' | b'\'')) => match memchr::memchr(quote, &bytes[j + 1..]) {
                Some(k) => j + 1 + k + 1,
                None => return incomplete,
            },
            Some(_) => {
                let mut k = j;
                while bytes
                    .get(k)
                    .is_some_and(|&b| !b.is_ascii_whitespace() && b != b'>')
                {
                    k += 1;
                }
                k
            }
        };
        attrs.push(AttributeSpan { name, end });
        i = end;
    }
}

/// SVG and MathML elements whose content the tree builder reads as HTML.
fn is_integration_point(name: &[u8]) -> bool {
    matches!(
        name,
        b"foreignobject" | b"desc" | b"annotation-xml" | b"mi" | b"mo" | b"mn" | b"ms" | b"mtext"
    )
}

/// Whether a `<script>` start tag declares JSON (`application/ld+json`): its text
/// is read.
fn is_json_script(tag: &[u8]) -> bool {
    tag.windows(4).any(|w| w.eq_ignore_ascii_case(b"json"))
}

/// Just past a comment whose text starts at `from` (after `<!--`), as the
/// tokenizer ends it: `<!-->`, `<!--->`, else the first `-->` or `--!>`.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from.min(bytes.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    // `--!>` only counts before the first `-->` (searched up to there only).
    let dashes = find(bytes, from, b"-->").map_or(bytes.len(), |e| e + 3);
    let before = &bytes[from.min(dashes)..dashes];
    match memchr::memmem::find(before, b"--!>") {
        Some(e) => from + e + 4,
        None => dashes,
    }
}

/// Just past the `>` that ends a bogus comment (`<!DOCTYPE ...>`, `<?...>`, `</ ...>`)
/// starting at `start`.
fn bogus_comment_end(bytes: &[u8], start: usize) -> usize {
    memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1)
}

/// The longest tag name any of the lists above holds (`annotation-xml`).
const NAME_BUF: usize = 14;

/// A tag's length in bytes (up to whitespace, `/` or `>`) and its name, lower-cased
/// into `buf`; a name longer than any listed one comes back empty (it is none of
/// them, and only its length is needed).
fn tag_name<'b>(rest: &[u8], buf: &'b mut [u8; NAME_BUF]) -> (usize, &'b [u8]) {
    let len = rest
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
        .unwrap_or(rest.len());
    if len > NAME_BUF {
        return (len, &[]);
    }
    for (slot, b) in buf.iter_mut().zip(&rest[..len]) {
        *slot = b.to_ascii_lowercase();
    }
    (len, &buf[..len])
}

/// Just past the `>` ending a tag, skipping quoted attribute values; the text's end
/// when the tag is never closed. Always on a character boundary (after an ASCII byte
/// or at the end).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    // Byte by byte, `=` opens the way for a quote, whitespace keeps it open, any
    // other byte closes it, and a closed quote leaves it as it was; so only `>`,
    // the quotes and the last non-blank byte before each of them matter.
    let mut at = from;
    let mut after_equals = false;
    while let Some(offset) = bytes
        .get(at..)
        .and_then(|rest| memchr::memchr3(b'>', b'"', b'\'', rest))
    {
        let hit = at + offset;
        if let Some(last) = bytes[at..hit]
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
        {
            after_equals = bytes[at + last] == b'=';
        }
        match bytes[hit] {
            b'>' => return hit + 1,
            quote if after_equals => match memchr::memchr(quote, &bytes[hit + 1..]) {
                Some(close) => at = hit + 1 + close + 1,
                None => return bytes.len(),
            },
            _ => {
                after_equals = false;
                at = hit + 1;
            }
        }
    }
    bytes.len()
}

/// Where a raw-text element's content ends: at its end tag (`</name` then
/// whitespace, `/` or `>`, as the tokenizer recognises it), or the text's end.
fn raw_text_content_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(i) = find(bytes, at, b"</") {
        let candidate = &bytes[i + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name)
            && candidate
                .get(name.len())
                .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
        {
            return i;
        }
        at = i + 2;
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass_through() {
        let html = r#"<html><body><div class="a>b"><p>x<p>y<br><img src=a><script></script></div></body></html>"#;
        assert!(matches!(prepare(html, false), Cow::Borrowed(_)));
        let sloppy = "<ul>".to_owned() + &"<li><p>item".repeat(5_000);
        assert!(matches!(prepare(&sloppy, false), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_elements_are_unwrapped() {
        let n = MAX_DEPTH + 10;
        let html = format!("{}text{}", "<div>".repeat(n), "</div>".repeat(n));
        let flat = prepare(&html, false);
        assert_eq!(
            flat,
            format!(
                "{}text{}",
                "<div>".repeat(MAX_DEPTH),
                "</div>".repeat(MAX_DEPTH)
            )
        );
    }

    /// The byte-by-byte reading `tag_end` jumps through.
    fn tag_end_bytewise(bytes: &[u8], from: usize) -> usize {
        let mut quote: Option<u8> = None;
        let mut after_equals = false;
        for (i, &b) in bytes.iter().enumerate().skip(from) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None => match b {
                    b'>' => return i + 1,
                    b'"' | b'\'' if after_equals => quote = Some(b),
                    b'=' => after_equals = true,
                    b if b.is_ascii_whitespace() => {}
                    _ => after_equals = false,
                },
            }
        }
        bytes.len()
    }

    #[test]
    fn tag_ends_agree_with_the_bytewise_reading() {
        for tag in [
            "<a>",
            "<a href=\"x>y\">",
            "<a href = 'x>y' b>",
            "<a title=x\"y>z\">",
            "<a b=\"1\"'2>'>",
            "<a b=\"1\" '2>'>",
            "<a b=\"1\"c'2>'>",
            "<a b= \n\"x>\" c=d>",
            "<a \"b>\">",
            "<a b=\"unclosed>",
            "<a b='>' c=\">\"/>",
            "<a",
        ] {
            let bytes = tag.as_bytes();
            assert_eq!(tag_end(bytes, 2), tag_end_bytewise(bytes, 2), "{tag}");
        }
    }

    #[test]
    fn unclosed_and_cut_tags_do_not_panic() {
        for html in [
            "<div",
            "<div a=\"",
            "</",
            "<!--",
            "<script>",
            "<a href='x'>é",
            "<é>",
            "<b\u{e9}>",
        ] {
            let _ = prepare(html, false);
        }
        let deep = "<span>é".repeat(MAX_DEPTH + 5);
        assert!(matches!(prepare(&deep, false), Cow::Owned(_)));
    }

    #[test]
    fn script_and_style_text_is_cut_and_json_kept() {
        let html = r#"<head><style>p{x:1}</style><script type="application/ld+json">{"a":1}</script></head><body><p>a</p><SCRIPT src=x>if (a<b) {}</SCRIPT ><script>"</scripts>"</script/><p>b</p></body>"#;
        assert_eq!(
            prepare(html, false),
            r#"<head><style></style><script type="application/ld+json">{"a":1}</script></head><body><p>a</p><SCRIPT src=x></SCRIPT ><script></script/><p>b</p></body>"#
        );
    }

    #[test]
    fn nothing_is_cut_where_the_tokenizer_reads_otherwise() {
        for html in [
            // Not a script to the tokenizer: in a comment, a title, an attribute,
            // a bogus comment.
            "<!-- <script>x</script> --><p>a</p>",
            "<title>a<script>b</script></title>",
            "<div title='<script>x</script>'>y</div>",
            "<?php <script>x</script>",
            "</ <style>x</style>",
            // Inside SVG a style is markup; a select ignores one.
            "<svg><style>.a{}</style></svg>",
            "<select><style>x</style></select>",
            // An escaped script ends where only the tokenizer knows, and nothing
            // after it is cut.
            "<script><!--<script>x</script>y--></script><style>z</style>",
            "<frameset><script>x</script>",
        ] {
            assert_eq!(prepare(html, false), html, "{html}");
        }
        // `<!-->` is a whole comment: the script after it is one.
        assert_eq!(
            prepare("<!--><script>x</script>", false),
            "<!--><script></script>"
        );
        // After SVG is closed, scripts are cut again.
        assert_eq!(
            prepare("<svg><path/></svg><script>x</script>", false),
            "<svg><path/></svg><script></script>"
        );
    }

    #[test]
    fn cutting_scripts_leaves_the_page_as_it_was() {
        for html in [
            "<html><head><title>T</title><script>var a = '<p>no</p>';</script><style>b{}</style></head><body><h1>Head<script>x</script>line</h1><p>One <script>y</script>two</p><svg><title>icon</title><style>.c{}</style></svg><p>Three</p><script>z</script></body></html>",
            "<table><script>a</script><tr><td>cell<style>s</style></td></tr></table><p>after</p>",
        ] {
            let prepared = crate::parse::Tree::parse(html).read(None);
            let whole = crate::parse::Tree::parse_unprepared(html).read(None);
            assert_eq!(prepared, whole, "{html}");
        }
    }

    #[test]
    fn lean_tags_keep_only_the_attributes_read() {
        assert_eq!(
            prepare(
                r#"<div data-x="1" ID=main class='a b'><img src=x.jpg alt="a > b"/><a href=/y target=_blank>y</a><b data-z=1>z</b></div>"#,
                true
            ),
            r#"<div ID=main class='a b'><img /><a href=/y>y</a><b data-z=1>z</b></div>"#
        );
        // The tokenizer's reading of odd attributes: no space after a quoted value,
        // a `/` that does not close, `=` after a space, an empty value.
        assert_eq!(
            prepare(r#"<p x="1"id=a/ y lang = en z=>t"#, true),
            "<p id=a/ lang = en>t"
        );
        // Not in a tag the tokenizer sees: left alone.
        for html in [
            "<title><p data-x=1></title>",
            "<!-- <p data-x=1> -->",
            "<template data-x=1><p>t</p></template>",
            "<p data-x=1",
        ] {
            assert_eq!(prepare(html, true), html, "{html}");
        }
    }

    #[test]
    fn a_lean_tree_reads_as_the_whole_one() {
        for html in [
            r#"<html lang="en"><head><meta property="og:title" content="T"><link rel="canonical" href="/c"></head><body><div id="main" data-a="1" class="story"><h1 data-b=2>Head</h1><p style="x" data-c=3>One <a href="/l" target=x>link</a> two</p><p hidden data-d=4>gone</p><img src=a alt="<p>"><p aria-hidden="true" title=t>hid</p><span itemprop="author" data-e=5>Jane Doe</span><time datetime="2020-01-02" title=x>Jan</time></div><svg viewBox="0 0 1 1"><path d="M0"/></svg><p class=after>after</p></body></html>"#,
            "<b x=1><b x=2><b x=3><b x=4><p>one</p>two</b></b></b></b><p>three",
            "<table data-x=1><tr><td>a<input type=hidden data-y=2></td></tr></table>",
        ] {
            let lean = crate::parse::LeanTree::parse(html).read();
            let whole = crate::parse::Tree::parse(html).read(None);
            assert_eq!(lean, whole, "{html}");
        }
    }
}
