//! Small text helpers shared by the parser and the metadata reader: whitespace as a
//! browser collapses it, and ISO 8601 timestamps cut to what the page really gave.

/// HTML's ASCII whitespace (what a browser collapses outside `<pre>`).
pub(crate) fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// [`is_html_space`] for a byte of UTF-8 text.
pub(crate) fn is_html_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// `text` with runs of whitespace made one space and trimmed.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| is_html_space(c) || c == '\u{a0}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The ISO 8601 date or date-time at the start of `text`, as precise as it is
/// given (`2019-11-19`, `2019-11-19T14:05:00Z`, `2019-11-19T14:05:00+01:00`); a space
/// between date and time becomes `T`. `None` when `text` does not start with a date.
pub(crate) fn iso_datetime(text: &str) -> Option<String> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let digits = |from: usize, n: usize| {
        bytes.len() >= from + n && bytes[from..from + n].iter().all(u8::is_ascii_digit)
    };
    // The date: YYYY, YYYY-MM or YYYY-MM-DD, checked by the engine.
    let mut end = 4;
    if !digits(0, 4) {
        return None;
    }
    if bytes.get(4) == Some(&b'-') && digits(5, 2) {
        end = 7;
        if bytes.get(7) == Some(&b'-') && digits(8, 2) {
            end = 10;
        }
    }
    if bytes.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut out = deboil_engine::fields::iso_date(&text[..end])?;
    if end < 10 {
        return Some(out);
    }
    // The time: THH:MM[:SS[.fff]] and a zone, all optional.
    if !matches!(bytes.get(10), Some(b'T' | b' '))
        || !digits(11, 2)
        || bytes.get(13) != Some(&b':')
        || !digits(14, 2)
    {
        return Some(out);
    }
    let mut at = 16;
    if bytes.get(at) == Some(&b':') && digits(at + 1, 2) {
        at += 3;
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            while bytes.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
        }
    }
    match bytes.get(at) {
        Some(b'Z') => at += 1,
        Some(b'+' | b'-') if digits(at + 1, 2) => {
            at += 3;
            if bytes.get(at) == Some(&b':') && digits(at + 1, 2) {
                at += 3;
            } else if digits(at, 2) {
                at += 2;
            }
        }
        _ => {}
    }
    let (hh, mm) = (&text[11..13], &text[14..16]);
    if hh > "23" || mm > "59" {
        return Some(out);
    }
    out.push('T');
    out.push_str(&text[11..at]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_like_a_browser() {
        assert_eq!(collapse("  a \n\t b\u{a0}\u{a0}c  "), "a b c");
        assert_eq!(collapse(" \n "), "");
    }

    #[test]
    fn keeps_iso_dates_as_precise_as_given() {
        assert_eq!(iso_datetime("2019-11-19").as_deref(), Some("2019-11-19"));
        assert_eq!(iso_datetime(" 2019-11 ").as_deref(), Some("2019-11"));
        assert_eq!(
            iso_datetime("2019-11-19T14:05:00Z").as_deref(),
            Some("2019-11-19T14:05:00Z")
        );
        assert_eq!(
            iso_datetime("2019-11-19 14:05:00.123+0100 extra").as_deref(),
            Some("2019-11-19T14:05:00.123+0100")
        );
        assert_eq!(
            iso_datetime("2019-11-19T14:05-05:00").as_deref(),
            Some("2019-11-19T14:05-05:00")
        );
        assert_eq!(iso_datetime("2019-13-01"), None);
        assert_eq!(iso_datetime("Nov 19, 2019"), None);
        assert_eq!(iso_datetime("20191119"), None);
        assert_eq!(iso_datetime("2019-02-30"), None);
    }
}
