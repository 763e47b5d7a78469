//! Letter classes of characters, as the classifier and the word splitter ask them
//! of every character of every line: `char::is_alphabetic`, `is_uppercase`,
//! `is_lowercase`, `is_numeric` and word characters, with the Basic Multilingual
//! Plane read from bit tables made once. Unicode's own tables are a binary search
//! per character outside ASCII, and a page in Cyrillic or Greek (or one full of
//! curly quotes and dashes) asks it of almost every character.

use std::sync::OnceLock;

/// 64-bit words in a bit table of the Basic Multilingual Plane.
const BMP_WORDS: usize = 0x10000 / 64;

/// One bit per character of the Basic Multilingual Plane.
type Table = [u64; BMP_WORDS];

/// The table of the characters `class` holds. Each class has its own, made on
/// first use: the text path of a known outlet never asks for some of them.
fn table_of(class: fn(char) -> bool) -> Box<Table> {
    let mut table = Box::new([0; BMP_WORDS]);
    for (code, c) in (0..0x10000u32).filter_map(|code| Some((code, char::from_u32(code)?))) {
        if class(c) {
            table[code as usize >> 6] |= 1 << (code & 63);
        }
    }
    table
}

/// A class's table, made once.
macro_rules! table {
    ($class:expr) => {{
        static TABLE: OnceLock<Box<Table>> = OnceLock::new();
        &**TABLE.get_or_init(|| table_of($class))
    }};
}

/// Whether `c`'s bit is set in `table`; `None` outside the Basic Multilingual Plane.
fn bit(table: &Table, c: char) -> Option<bool> {
    let code = c as usize;
    table
        .get(code >> 6)
        .map(|bits| (bits >> (code & 63)) & 1 == 1)
}

/// `c.is_alphabetic()`.
pub(crate) fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    bit(table!(char::is_alphabetic), c).unwrap_or_else(|| c.is_alphabetic())
}

/// `c.is_uppercase()`.
pub(crate) fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    bit(table!(char::is_uppercase), c).unwrap_or_else(|| c.is_uppercase())
}

/// `c.is_lowercase()`.
pub(crate) fn is_lowercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    bit(table!(char::is_lowercase), c).unwrap_or_else(|| c.is_lowercase())
}

/// `c.is_numeric()` (a digit of any script, a numeral).
pub(crate) fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    bit(table!(char::is_numeric), c).unwrap_or_else(|| c.is_numeric())
}

/// Part of a word: a letter or digit (`char::is_alphanumeric`), `'` or `’`.
#[cfg(test)]
fn is_word_char(c: char) -> bool {
    word_char_test()(c)
}

/// Whether a character is part of a word (a letter or digit, `'` or `’`), with the
/// table looked up once, for a caller that asks it of every character of a text.
pub(crate) fn word_char_test() -> impl Fn(char) -> bool + Copy {
    let table: &'static Table = table!(is_word_char_slow);
    move |c| {
        if c.is_ascii() {
            return c.is_ascii_alphanumeric() || c == '\'';
        }
        bit(table, c).unwrap_or_else(|| is_word_char_slow(c))
    }
}

/// [`is_word_char`] from Unicode's own tables.
fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// A character of a script written without spaces between words: CJK ideographs
/// (with the compatibility block), Hiragana, Katakana. There about two
/// characters make a word, where other scripts count words between spaces.
pub fn is_unspaced_script(c: char) -> bool {
    // One comparison for everything below them (all of ASCII, Latin, Cyrillic).
    c >= '\u{3040}'
        && matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_written_without_spaces() {
        for c in ['の', 'カ', '中', '㐀', '豈'] {
            assert!(is_unspaced_script(c), "{c:?}");
        }
        // Korean is written with spaces between words.
        for c in ['a', 'é', 'Ж', '한', '。', '，'] {
            assert!(!is_unspaced_script(c), "{c:?}");
        }
    }

    #[test]
    fn the_tables_agree_with_unicode() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
            assert_eq!(is_word_char(c), is_word_char_slow(c), "{c:?}");
        }
    }
}
