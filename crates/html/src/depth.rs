//! A guard against pathological nesting. html5ever's tree builder checks element
//! scopes by walking the stack of open elements, so a page nested 100k deep costs
//! it quadratic time (20k nested `<div>`s already take a second). Browsers cap the
//! depth too (Blink's parser flattens past 512). Before parsing, one linear scan of
//! the tags estimates the nesting; start tags past [`MAX_DEPTH`] (and the end tags
//! that close them) are cut out, so their text is kept, unwrapped. A page that never
//! gets that deep is passed through untouched.

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

/// `html` with elements nested deeper than [`MAX_DEPTH`] unwrapped.
pub(crate) fn flatten_deep(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut depth: usize = 0;
    let mut at = 0;
    let mut name_buf = [0u8; NAME_BUF];
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &bytes[start + 1..];
        match rest.first() {
            Some(b'!') => {
                at = if rest.starts_with(b"!--") {
                    find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3)
                } else {
                    memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1)
                };
            }
            Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
                let (len, name) = tag_name(&rest[1..], &mut name_buf);
                let end = tag_end(bytes, start + 2 + len);
                if !is_void(name) && !closes_itself(name) {
                    if depth > MAX_DEPTH {
                        cuts.push((start, end));
                    }
                    depth = depth.saturating_sub(1);
                }
                at = end;
            }
            Some(b) if b.is_ascii_alphabetic() => {
                let (len, name) = tag_name(rest, &mut name_buf);
                let end = tag_end(bytes, start + 1 + len);
                let self_closing = end >= 2 && bytes[end - 2] == b'/';
                if is_raw_text(name) {
                    at = raw_text_end(bytes, end, name);
                    continue;
                }
                if name == b"plaintext" {
                    break;
                }
                if !is_void(name) && !closes_itself(name) && !self_closing {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        cuts.push((start, end));
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
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in cuts {
        out.push_str(&html[from..start]);
        from = end;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

/// The longest tag name any of the lists above holds (`plaintext`).
const NAME_BUF: usize = 9;

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

/// Where a raw-text element's content ends: past its end tag, or the text's end.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(i) = find(bytes, at, b"</") {
        let candidate = &bytes[i + 2..];
        if candidate.len() >= name.len() && candidate[..name.len()].eq_ignore_ascii_case(name) {
            return tag_end(bytes, i + 2 + name.len());
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
        let html = r#"<html><body><div class="a>b"><p>x<p>y<br><img src=a><script>"<div>"</script></div></body></html>"#;
        assert!(matches!(flatten_deep(html), Cow::Borrowed(_)));
        let sloppy = "<ul>".to_owned() + &"<li><p>item".repeat(5_000);
        assert!(matches!(flatten_deep(&sloppy), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_elements_are_unwrapped() {
        let n = MAX_DEPTH + 10;
        let html = format!("{}text{}", "<div>".repeat(n), "</div>".repeat(n));
        let flat = flatten_deep(&html);
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
            let _ = flatten_deep(html);
        }
        let deep = "<span>é".repeat(MAX_DEPTH + 5);
        assert!(matches!(flatten_deep(&deep), Cow::Owned(_)));
    }
}
