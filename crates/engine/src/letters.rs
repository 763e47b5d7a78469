//! Letter classes of characters, as the classifier asks them of every character
//! of every line: `char::is_alphabetic`, `is_uppercase` and `is_lowercase`, with
//! the Basic Multilingual Plane read from bit tables made once. Unicode's own
//! tables are a binary search per character outside ASCII, and a page in
//! Cyrillic or Greek (or one full of curly quotes and dashes) asks it of almost
//! every character.

use std::sync::OnceLock;

/// 64-bit words in a bit table of the Basic Multilingual Plane.
const BMP_WORDS: usize = 0x10000 / 64;

/// One bit per character of the Basic Multilingual Plane, for each class.
struct Tables {
    alphabetic: [u64; BMP_WORDS],
    uppercase: [u64; BMP_WORDS],
    lowercase: [u64; BMP_WORDS],
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Box<Tables>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables = Box::new(Tables {
            alphabetic: [0; BMP_WORDS],
            uppercase: [0; BMP_WORDS],
            lowercase: [0; BMP_WORDS],
        });
        for (code, c) in (0..0x10000u32).filter_map(|code| Some((code, char::from_u32(code)?))) {
            let (word, bit) = (code as usize >> 6, 1u64 << (code & 63));
            for (table, is) in [
                (&mut tables.alphabetic, c.is_alphabetic()),
                (&mut tables.uppercase, c.is_uppercase()),
                (&mut tables.lowercase, c.is_lowercase()),
            ] {
                if is {
                    table[word] |= bit;
                }
            }
        }
        tables
    })
}

/// Whether `c`'s bit is set in `table`; `None` outside the Basic Multilingual Plane.
fn bit(table: &[u64; BMP_WORDS], c: char) -> Option<bool> {
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
    bit(&tables().alphabetic, c).unwrap_or_else(|| c.is_alphabetic())
}

/// `c.is_uppercase()`.
pub(crate) fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    bit(&tables().uppercase, c).unwrap_or_else(|| c.is_uppercase())
}

/// `c.is_lowercase()`.
pub(crate) fn is_lowercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    bit(&tables().lowercase, c).unwrap_or_else(|| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_agree_with_unicode() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
        }
    }
}
