//! The document model for text dumps: the input split into trimmed lines, each
//! remembering its byte range in the input and the blank-line-separated block it
//! sits in, so every rule works on lines and every removal points back at bytes.
//! Also the measures the rules take of a line again and again (its words, whether
//! it is longer than so many characters, whether it holds a digit), each reading
//! an ASCII line as bytes and stopping once the answer is known.

use std::ops::{ControlFlow, Range};

use crate::letters;

/// One non-blank line of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Byte range of the line in the input, trimmed of whitespace at both ends
    /// (including NO-BREAK SPACE and a trailing `\r`).
    pub span: Range<usize>,
    /// Index of the blank-line-separated block (paragraph group) it belongs to.
    pub block: usize,
}

/// A text dump as lines. Cheap to build; borrows the input.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub source: &'a str,
    pub lines: Vec<Line>,
}

impl<'a> Document<'a> {
    /// Splits `source` into lines on `\n` (so `\r\n` works too) and drops blank ones.
    /// A leading byte-order mark is treated as whitespace.
    pub fn parse(source: &'a str) -> Self {
        let bytes = source.as_bytes();
        // A line of a dump runs to about 80 bytes: room for that many lines and
        // some to spare, so the vector seldom grows.
        let mut lines = Vec::with_capacity(bytes.len() / 64 + 1);
        let mut block = 0;
        let mut previous_blank = false;
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
        for end in ends {
            let (lead, trail) = trimmed(&source[start..end]);
            if lead == trail {
                if !lines.is_empty() && !previous_blank {
                    block += 1;
                }
                previous_blank = true;
            } else {
                previous_blank = false;
                lines.push(Line {
                    span: start + lead..start + trail,
                    block,
                });
            }
            start = end + 1;
        }
        Document { source, lines }
    }

    /// Whether paragraphs are separated by blank lines (most lines stand in a block
    /// of their own), so that lines sharing a block belong together.
    pub fn is_blocky(&self) -> bool {
        let blocks = self.lines.last().map_or(0, |l| l.block + 1);
        self.lines.len() > 1 && blocks * 2 >= self.lines.len()
    }

    /// The text of line `index`.
    pub fn text(&self, index: usize) -> &'a str {
        &self.source[self.lines[index].span.clone()]
    }

    /// The text of every line, in order.
    pub fn texts(&self) -> impl Iterator<Item = &'a str> + Clone + '_ {
        self.lines.iter().map(|l| &self.source[l.span.clone()])
    }
}

/// Where `raw` trimmed of `is_space` at both ends starts and ends (equal when it
/// is all space). ASCII bytes at either end are tested as bytes; a line's first or
/// last character seldom is anything else, and then its characters are decoded.
fn trimmed(raw: &str) -> (usize, usize) {
    let bytes = raw.as_bytes();
    let mut start = 0;
    while let Some(&b) = bytes.get(start) {
        if !b.is_ascii() {
            start = raw.len() - raw[start..].trim_start_matches(is_space).len();
            break;
        }
        if !is_ascii_space(b) {
            break;
        }
        start += 1;
    }
    let mut end = bytes.len();
    while end > start {
        let b = bytes[end - 1];
        if !b.is_ascii() {
            end = start + raw[start..end].trim_end_matches(is_space).len();
            break;
        }
        if !is_ascii_space(b) {
            break;
        }
        end -= 1;
    }
    (start, end)
}

/// Calls `each` with `bytes` in blocks of `N` and where each starts, until it
/// breaks (its value is then returned). The last block is padded with NUL bytes,
/// which no test of a letter, a capital or a word's byte passes. Every block is
/// of a length the compiler knows, so a test of a whole block is done a vector at
/// a time.
#[inline(always)]
pub(crate) fn try_blocks<const N: usize, B>(
    bytes: &[u8],
    mut each: impl FnMut(usize, &[u8; N]) -> ControlFlow<B>,
) -> Option<B> {
    let mut blocks = bytes.chunks_exact(N);
    let rest = blocks.remainder();
    let mut padded = [0u8; N];
    padded[..rest.len()].copy_from_slice(rest);
    let mut last = (!rest.is_empty()).then_some(&padded);
    // (One call of `each`, for the whole blocks and the last alike, so that it is
    // inlined here.)
    let mut start = 0;
    loop {
        let block = match blocks.next() {
            Some(block) => block.try_into().expect("a whole block"),
            None => last.take()?,
        };
        if let ControlFlow::Break(found) = each(start, block) {
            return Some(found);
        }
        start += N;
    }
}

/// Whether `text` holds more than `max` characters. Its length in bytes settles
/// most lines (a character takes one to four), and of the others an ASCII line
/// (a word of bytes at a time, stopping at the first beyond ASCII) is its bytes:
/// only the rest are counted, and a paragraph is not walked to learn that it is
/// no short line.
pub fn more_chars_than(text: &str, max: usize) -> bool {
    text.len() > max
        && (text.len() > max.saturating_mul(4) || text.is_ascii() || text.chars().count() > max)
}

/// Whether `text` holds a character `char::is_numeric` takes (a digit of any
/// script, a numeral); ASCII bytes are tested as bytes.
pub fn has_numeric(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        || (!text.is_ascii()
            && text
                .chars()
                .any(|c| !c.is_ascii() && letters::is_numeric(c)))
}

/// How many words `text` holds as `split_whitespace` counts them (runs of
/// characters that are not white space).
pub fn word_count(text: &str) -> usize {
    words_up_to(text, usize::MAX)
}

/// Whether `text` holds at least `n` words (as [`word_count`] counts them),
/// reading no further than the eight bytes that hold the `n`th word's start.
pub fn has_words(text: &str, n: usize) -> bool {
    words_up_to(text, n) >= n
}

/// How many words `text` holds, counting no further than `limit`. Eight ASCII
/// bytes at a time are read as one number: which of them are white space, and so
/// where words start, in a few operations on it; a line is decoded only if a byte
/// beyond ASCII comes before the count is reached.
fn words_up_to(text: &str, limit: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // White space beyond ASCII (a no-break space) is decoded.
    let decoded = || text.split_whitespace().take(limit).count();
    let bytes = text.as_bytes();
    let mut words = 0;
    // Whether the byte before the next one is white space (the start counts).
    let mut after_space = true;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        if words >= limit {
            return words;
        }
        let x = u64::from_le_bytes(chunk.try_into().expect("a chunk of eight bytes"));
        if x & HIGH != 0 {
            return decoded();
        }
        // A byte's high bit, for bytes under 0x80: set where it is a space (its
        // difference from 0x20 is zero), and where it is 0x09 or more but under
        // 0x0E (tab, line feed, vertical tab, form feed, carriage return).
        let diff = x ^ (0x20 * ONES);
        let is_space = !(((diff & !HIGH) + !HIGH) | diff) & HIGH;
        let is_control_space = (x + (0x80 - 0x09) * ONES) & !(x + (0x80 - 0x0E) * ONES) & HIGH;
        let space = (is_space | is_control_space) >> 7;
        // A word starts at a byte that is no space, after one that is.
        let before = (space << 8) | u64::from(after_space);
        words += (!space & before & ONES).count_ones() as usize;
        after_space = space >> 56 != 0;
    }
    for &b in chunks.remainder() {
        if words >= limit {
            return words;
        }
        if !b.is_ascii() {
            return decoded();
        }
        let space = is_ascii_space(b);
        words += usize::from(after_space && !space);
        after_space = space;
    }
    words
}

/// The ASCII characters `char::is_whitespace` calls white space (tab, line feed,
/// vertical tab, form feed, carriage return, space).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// Whitespace as the cleaner trims it: Unicode white space plus the byte-order mark
/// and zero-width space that scrapers leave behind.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_byte_offsets_and_blocks() {
        let source = "Title\r\n\r\n  First para \u{a0}\nSecond\n\n\nThird";
        let doc = Document::parse(source);
        let texts: Vec<_> = (0..doc.lines.len()).map(|i| doc.text(i)).collect();
        assert_eq!(texts, ["Title", "First para", "Second", "Third"]);
        let blocks: Vec<_> = doc.lines.iter().map(|l| l.block).collect();
        assert_eq!(blocks, [0, 1, 1, 2]);
        assert_eq!(&source[doc.lines[1].span.clone()], "First para");
    }

    #[test]
    fn inner_whitespace_is_kept() {
        let doc = Document::parse("a\u{a0}b  c");
        assert_eq!(doc.text(0), "a\u{a0}b  c");
    }

    #[test]
    fn trimming_matches_trimming_characters() {
        let ends = [
            "", " ", "\t", "\u{b}", "\u{c}", "\r", "\u{a0}", "\u{feff}", "\u{200b}", "\u{3000}",
            "\u{85}", "é", "x",
        ];
        for a in ends {
            for b in ends {
                for c in ends {
                    for middle in ["", "word", "a b", "\u{a0}"] {
                        let raw = format!("{a}{b}{middle}{c}{a}");
                        let want = raw.trim_start_matches(is_space).trim_end_matches(is_space);
                        let (start, end) = trimmed(&raw);
                        let got = &raw[start..end];
                        assert_eq!(got, want, "{raw:?}");
                        if want.is_empty() {
                            assert_eq!(start, end, "{raw:?}");
                        } else {
                            assert_eq!(
                                start,
                                raw.len() - raw.trim_start_matches(is_space).len(),
                                "{raw:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let pieces = [
            "",
            " ",
            "a",
            "word",
            "\t",
            "\u{b}",
            "\r\n",
            "\u{a0}",
            "\u{3000}",
            "é",
            "x\u{2009}y",
            "—",
            "\u{1c}",
            "\u{8}\u{e}!",
            "several words in one piece",
            "\t\t  \r\n\u{c}",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b} {c}{a}x{b}");
                    let want = text.split_whitespace().count();
                    assert_eq!(word_count(&text), want, "{text:?}");
                    for n in 0..6 {
                        assert_eq!(has_words(&text, n), want >= n, "{text:?} {n}");
                    }
                }
            }
        }
    }

    #[test]
    fn characters_are_counted_only_when_the_length_leaves_it_open() {
        for text in [
            "",
            "abc",
            "ab\u{e9}",
            "\u{1F600}\u{1F600}",
            "\u{5341}\u{4E8C}",
            "x\u{663}y",
        ] {
            for max in 0..10 {
                assert_eq!(
                    more_chars_than(text, max),
                    text.chars().count() > max,
                    "{text:?} {max}"
                );
            }
            assert_eq!(
                has_numeric(text),
                text.chars().any(char::is_numeric),
                "{text:?}"
            );
        }
        assert!(
            has_numeric("Kapitel \u{2167}")
                && has_numeric("\u{663}")
                && !has_numeric("\u{e9}t\u{e9}")
        );
    }

    #[test]
    fn bom_and_blank_input() {
        assert!(Document::parse("\u{feff}\n \n\t").lines.is_empty());
        assert_eq!(Document::parse("\u{feff}Hello").text(0), "Hello");
    }
}
