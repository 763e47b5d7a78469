//! Stoplists (NLTK's, via the `stop-words` crate) and stopword density: the share
//! of a text's words that are function words. Prose is dense in them, page
//! furniture is not, whatever the language; the generic cleaners (text and HTML)
//! classify paragraphs with it, as jusText does.

use std::ops::{ControlFlow, Range};
use std::sync::OnceLock;

// Looked up once per word of every line judged: a fast hash for short keys.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::document::try_blocks;

/// Languages with a stoplist, as ISO 639-1 codes (`no` covers `nb` and `nn`).
pub const LANGUAGES: &[&str] = &[
    "da", "de", "en", "es", "fi", "fr", "id", "it", "nl", "no", "pt", "ru", "sv", "tr",
];

/// One language's stop words, lower-cased.
#[derive(Debug)]
pub struct Stoplist {
    pub language: &'static str,
    /// Its place in [`LANGUAGES`] (and its bit in the index of every stop word).
    at: usize,
    /// The stop words as [`Key`]s, what lookups compare.
    keys: HashSet<Key>,
}

impl Stoplist {
    /// The stoplist for an ISO 639-1 code (`nb` and `nn` read as `no`), if there is one.
    pub fn for_language(code: &str) -> Option<&'static Stoplist> {
        let code = match code {
            "nb" | "nn" => "no",
            other => other,
        };
        let at = LANGUAGES.iter().position(|l| *l == code)?;
        Some(&all()[at])
    }

    /// The stoplist under which `text` is densest: the language to judge it by when
    /// nobody said which it is. `None` when no stoplist finds a single stop word.
    pub fn best_for(text: &str) -> Option<&'static Stoplist> {
        WordCounts::of(text).densest().map(|(list, _)| list)
    }

    /// Whether `word` (already lower-cased) is a stop word.
    pub fn contains(&self, word: &str) -> bool {
        key_of(word).is_some_and(|k| self.keys.contains(&k))
    }

    /// Stop words and all words in `text`.
    pub fn count(&self, text: &str) -> (usize, usize) {
        let mut stop = 0;
        let mut all = 0;
        each_keyed_word(text, |_, key| {
            all += 1;
            if key.is_some_and(|k| self.keys.contains(&k)) {
                stop += 1;
            }
        });
        (stop, all)
    }

    /// The share of words in `text` that are stop words (0 for a text with no words).
    pub fn density(&self, text: &str) -> f32 {
        density_of(self.count(text))
    }
}

/// The stopword density of counts as [`Stoplist::count`] gives them: stop words
/// over all words, 0 when there are no words.
pub fn density_of((stop, all): (usize, usize)) -> f32 {
    match all {
        0 => 0.0,
        all => stop as f32 / all as f32,
    }
}

/// How a vote of `text`'s stop words came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageVote {
    /// At least `MIN_VOTES` stop words of the winner and twice as many as any
    /// other language's.
    Clear(&'static str),
    /// No clear winner: each language with a vote, most votes first, and how
    /// many words the text has. Near neighbours (Danish and Norwegian, say) seldom
    /// part clearly, nor do the languages of a text that mixes two; then a finer
    /// identifier must decide, and may weigh the leaders only.
    Unclear {
        ranked: Vec<(&'static str, usize)>,
        words: usize,
    },
}

/// The fewest stop words a vote is settled by.
pub(crate) const MIN_VOTES: usize = 6;

/// The language of `text` by a vote of its stop words.
pub fn language_vote(text: &str) -> LanguageVote {
    WordCounts::of(text).vote()
}

impl WordCounts {
    /// The language of the text these are the counts of, by a vote of its stop
    /// words (what [`language_vote`] gives for the text).
    pub fn vote(&self) -> LanguageVote {
        let mut ranked: Vec<(&'static str, usize)> = LANGUAGES
            .iter()
            .copied()
            .zip(self.stop.map(|v| v as usize))
            .filter(|&(_, v)| v > 0)
            .collect();
        // Most votes first; among equals, the first language.
        ranked.sort_by_key(|&(_, v)| std::cmp::Reverse(v));
        match ranked.as_slice() {
            [(code, top), rest @ ..]
                if *top >= MIN_VOTES && rest.first().is_none_or(|&(_, v)| *top >= 2 * v) =>
            {
                LanguageVote::Clear(code)
            }
            _ => LanguageVote::Unclear {
                ranked,
                words: self.words,
            },
        }
    }
}

/// Words of another list (not a stoplist), each with a value, looked up the way
/// stop words are: by their lower-cased [`Key`], from the same walk over a
/// text's bytes.
pub(crate) struct WordTable<T>(HashMap<Key, T>);

impl<T: Copy> WordTable<T> {
    /// The table of `words`, lower-cased, each of at most [`PACKED`] bytes (a
    /// longer one could never be found, and is refused).
    pub(crate) fn new(words: &[(&str, T)]) -> Self {
        WordTable(
            words
                .iter()
                .map(|&(word, value)| {
                    let key = pack(word.as_bytes())
                        .unwrap_or_else(|| panic!("`{word}` is longer than {PACKED} bytes"));
                    (key, value)
                })
                .collect(),
        )
    }

    /// Calls `found` with the value of each of the first `limit` words of `text`
    /// that the table lists.
    pub(crate) fn each_listed(&self, text: &str, limit: usize, mut found: impl FnMut(T)) {
        let mut seen = 0;
        each_keyed_word(text, |_, key| {
            seen += 1;
            if seen <= limit {
                if let Some(&value) = key.and_then(|k| self.0.get(&k)) {
                    found(value);
                }
            }
        });
    }
}

/// A text's words counted: how many there are, and for each language how many
/// are its stop words, from one lookup per word whatever the number of
/// languages. The counts of lines add up to those of the page they make (no
/// word runs across a line break), so a page's lines are read once for both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordCounts {
    /// All words.
    pub words: usize,
    /// Each language's stop words, in [`LANGUAGES`] order.
    stop: [u32; LANGUAGES.len()],
}

impl WordCounts {
    /// The counts of `text`'s words.
    pub fn of(text: &str) -> Self {
        Self::of_each(text, |_| {})
    }

    /// [`WordCounts::of`], handing each word of `text` to `each` on the way (a
    /// caller that also needs something of every word splits the text once).
    pub fn of_each<'t>(text: &'t str, mut each: impl FnMut(&'t str)) -> Self {
        let index = index();
        let mut counts = Self::default();
        // The stop words' lanes added up, every language at once, and how many
        // have been added since the lanes were last read out (a lane holds 255).
        let (mut lanes, mut pending): (Lanes, u8) = (0, 0);
        each_keyed_word(text, |word, key| {
            each(word);
            counts.words += 1;
            if let Some(&found) = key.and_then(|k| index.get(&k)) {
                lanes += found;
                pending += 1;
                if pending == u8::MAX {
                    counts.add_lanes(lanes);
                    (lanes, pending) = (0, 0);
                }
            }
        });
        counts.add_lanes(lanes);
        counts
    }

    /// Adds each language's lane of `lanes` to its count.
    fn add_lanes(&mut self, lanes: Lanes) {
        if lanes != 0 {
            for (stop, lane) in self.stop.iter_mut().zip(lanes.to_le_bytes()) {
                *stop += u32::from(lane);
            }
        }
    }

    /// Adds another text's counts (the text after this one).
    pub fn add(&mut self, other: &WordCounts) {
        self.words += other.words;
        for (stop, more) in self.stop.iter_mut().zip(other.stop) {
            *stop += more;
        }
    }

    /// How many of the words are `list`'s stop words.
    pub fn stop_words(&self, list: &Stoplist) -> usize {
        self.stop[list.at] as usize
    }

    /// The stoplist with the most stop words among these (the last of equals),
    /// with their share of all the words; `None` when no list has one.
    pub fn densest(&self) -> Option<(&'static Stoplist, f32)> {
        all()
            .iter()
            .map(|list| (self.stop_words(list), list))
            .filter(|(hits, _)| *hits > 0)
            .max_by_key(|(hits, _)| *hits)
            .map(|(hits, list)| (list, hits as f32 / self.words.max(1) as f32))
    }
}

/// Every stop word (as its [`Key`]) with the languages that list it, as
/// [`Lanes`].
fn index() -> &'static HashMap<Key, Lanes> {
    static INDEX: OnceLock<HashMap<Key, Lanes>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<Key, Lanes> = HashMap::default();
        for (l, list) in all().iter().enumerate() {
            for &key in &list.keys {
                *index.entry(key).or_default() |= 1 << (8 * l);
            }
        }
        index
    })
}

/// A byte a language, in [`LANGUAGES`] order: a stop word's is 1 in each
/// language that lists it, so that adding up a text's stop words counts them
/// in every language at once (one addition a word, not one a language).
type Lanes = u128;

const _: () = assert!(LANGUAGES.len() * 8 <= Lanes::BITS as usize);

/// A lower-cased word as stoplists look it up: packed into one number when it
/// has at most [`PACKED`] bytes (its bytes, zero-padded: no word holds a NUL),
/// which hashes and compares as one. A longer stop word (there are few:
/// `sekurang-kurangnya`) gets a number of its own with a zero lowest byte, which
/// no packed word has.
type Key = u128;

/// The bytes a packed [`Key`] holds.
const PACKED: usize = 16;

/// The [`Key`] of a lower-cased word; `None` for a word longer than [`PACKED`]
/// bytes that is no stop word.
fn key_of(word: &str) -> Option<Key> {
    key_of_bytes(word.as_bytes())
}

/// [`key_of`] the word whose bytes are `word`.
fn key_of_bytes(word: &[u8]) -> Option<Key> {
    pack(word).or_else(|| {
        long_words()
            .iter()
            .position(|w| w.as_bytes() == word)
            .map(|at| (at as Key + 1) << 8)
    })
}

/// A word of at most [`PACKED`] bytes as a number; `None` for a longer one.
fn pack(bytes: &[u8]) -> Option<Key> {
    let mut packed = [0u8; PACKED];
    packed.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(Key::from_le_bytes(packed))
}

/// The stop words, of every language, longer than [`PACKED`] bytes.
fn long_words() -> &'static [&'static str] {
    static LONG: OnceLock<Vec<&'static str>> = OnceLock::new();
    LONG.get_or_init(|| {
        let mut long: Vec<&'static str> = LANGUAGES
            .iter()
            .flat_map(|&l| stop_words::get(l).iter().copied())
            .filter(|w| w.len() > PACKED)
            .collect();
        long.sort_unstable();
        long.dedup();
        long
    })
}

/// Lower-casing words for stoplist lookups, letter by letter as
/// `char::to_lowercase` does: an ASCII word (most words) of at most [`PACKED`]
/// bytes is lowered in its key, with no copy; another word is lowered into a
/// buffer of [`LOWERED_BYTES`] (a word whose lower case is longer is longer than
/// every stop word), and an ASCII one longer than every stop word is not lowered
/// at all.
struct Lowered {
    buf: [u8; LOWERED_BYTES],
}

/// The room [`Lowered`] has for a word's lower case: more than any stop word takes.
const LOWERED_BYTES: usize = 64;

impl Default for Lowered {
    fn default() -> Self {
        Lowered {
            buf: [0; LOWERED_BYTES],
        }
    }
}

impl Lowered {
    /// `word` lower-cased, as a [`Key`]; `None` when it is too long to be any
    /// stop word.
    fn key(&mut self, word: &str) -> Option<Key> {
        if word.is_ascii() {
            // (`pack`, lowered on the way: written out, it stays one vector op.)
            if word.len() <= PACKED {
                let mut packed = [0u8; PACKED];
                packed[..word.len()].copy_from_slice(word.as_bytes());
                packed.make_ascii_lowercase();
                return Some(Key::from_le_bytes(packed));
            }
            if word.len() > longest_stop_word() {
                return None;
            }
        }
        key_of_bytes(self.of(word)?)
    }

    /// The bytes of `word` lower-cased, in the buffer; `None` when they do not fit.
    fn of(&mut self, word: &str) -> Option<&[u8]> {
        let mut len = 0;
        for c in word.chars().flat_map(char::to_lowercase) {
            let end = len + c.len_utf8();
            c.encode_utf8(self.buf.get_mut(len..end)?);
            len = end;
        }
        Some(&self.buf[..len])
    }
}

/// The length in bytes of the longest stop word of any language.
fn longest_stop_word() -> usize {
    static LONGEST: OnceLock<usize> = OnceLock::new();
    *LONGEST.get_or_init(|| {
        LANGUAGES
            .iter()
            .flat_map(|&l| stop_words::get(l).iter())
            .map(|w| w.len())
            .max()
            .unwrap_or(0)
    })
}

/// Calls `each` with every word of `text` (what [`words`] yields) and its
/// [`Key`] (`None` for a word too long to be any stop word). The text is read 64
/// bytes at a time into a bit a byte that may stand in a word (see
/// [`run_bits`]), and the runs of such bytes are found from the bits: a run of
/// ASCII bytes is a word, keyed from the bytes it stands in, and only a run that
/// holds a character beyond ASCII is walked character by character
/// ([`each_keyed_word_decoding`]). Walked byte by byte, a table lookup a byte,
/// this was a tenth of the cost of cleaning a dump of a site without rules.
fn each_keyed_word<'t>(text: &'t str, mut each: impl FnMut(&'t str, Option<Key>)) {
    let bytes = text.as_bytes();
    let ascii = text.is_ascii();
    let mut lower = Lowered::default();
    // The start of a run still going at the end of the last block.
    let mut open: Option<usize> = None;
    try_blocks::<BLOCK, ()>(bytes, |base, block| {
        let mut bits = run_bits(block);
        if let Some(start) = open {
            let ends = (!bits).trailing_zeros() as usize;
            if ends == BLOCK {
                return ControlFlow::Continue(());
            }
            keyed_run(text, start..base + ends, ascii, &mut lower, &mut each);
            open = None;
            bits &= u64::MAX << ends;
        }
        while bits != 0 {
            let from = bits.trailing_zeros() as usize;
            let to = from + (!(bits >> from)).trailing_zeros() as usize;
            if to == BLOCK {
                open = Some(base + from);
                break;
            }
            keyed_run(text, base + from..base + to, ascii, &mut lower, &mut each);
            bits &= u64::MAX << to;
        }
        ControlFlow::Continue(())
    });
    // (The bytes past the text are no word's: only a run to a whole block's end
    // is still open.)
    if let Some(start) = open {
        keyed_run(text, start..bytes.len(), ascii, &mut lower, &mut each);
    }
}

/// Hands `each` the words of the run at `run` of `text` (see [`each_keyed_word`]):
/// an ASCII run is one word, keyed from its bytes; another is walked character
/// by character. (`text` is ASCII when `ascii` says so.)
#[inline(always)]
fn keyed_run<'t>(
    text: &'t str,
    run: Range<usize>,
    ascii: bool,
    lower: &mut Lowered,
    each: &mut impl FnMut(&'t str, Option<Key>),
) {
    let bytes = text.as_bytes();
    let word = &text[run.clone()];
    if !ascii && !bytes[run.clone()].is_ascii() {
        each_keyed_word_decoding(word, lower, each);
        return;
    }
    let key = if run.len() <= PACKED {
        Some(ascii_key(bytes, run.start, run.len()))
    } else {
        lower.key(word)
    };
    each(word, key);
}

/// The bytes [`run_bits`] reads at once.
const BLOCK: usize = 64;

/// A bit for each byte of `block` that may stand in a word: an ASCII letter, digit
/// or `'`, or any byte beyond ASCII (a character there is decoded only when its
/// bytes stand in such a run). Each byte is told by arithmetic, not a table, into
/// a flag byte, so that the compiler tests the block a vector at a time; eight
/// flags (each 0 or 1) are then gathered into a byte of bits by one
/// multiplication.
fn run_bits(block: &[u8; BLOCK]) -> u64 {
    let mut flags = [0u8; BLOCK];
    for (flag, &b) in flags.iter_mut().zip(block) {
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        let digit = b.wrapping_sub(b'0') < 10;
        *flag = u8::from(letter | digit | (b == b'\'') | (b >= 0x80));
    }
    flags
        .chunks_exact(8)
        .enumerate()
        .fold(0, |bits, (k, eight)| {
            let eight = u64::from_le_bytes(eight.try_into().expect("eight flags"));
            // Flag `i` (bit `8 i`) lands on bit `56 + i`.
            bits | ((eight.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k))
        })
}

/// [`each_keyed_word`] of a text beyond ASCII, character by character: a run of
/// ASCII word bytes is stepped over with one table lookup a byte, and only a
/// character outside ASCII is decoded.
#[inline(never)]
fn each_keyed_word_decoding<'t>(
    text: &'t str,
    lower: &mut Lowered,
    each: &mut impl FnMut(&'t str, Option<Key>),
) {
    let is_word_char = crate::letters::word_char_test();
    let bytes = text.as_bytes();
    // Whether the character at `at` (a character's start, not ASCII) is a word
    // character, and its length.
    let decoded = |at: usize| {
        text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (is_word_char(c), c.len_utf8()))
    };
    let ascii_word = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|&b| b < 128 && ASCII_WORD[usize::from(b)])
    };
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii() {
            let (word_char, len) = decoded(at);
            if !word_char {
                at += len;
                continue;
            }
        } else if !ASCII_WORD[usize::from(bytes[at])] {
            at += 1;
            continue;
        }
        let start = at;
        let mut ascii = true;
        loop {
            while ascii_word(at) {
                at += 1;
            }
            match bytes.get(at) {
                Some(b) if !b.is_ascii() => {
                    let (word_char, len) = decoded(at);
                    if !word_char {
                        break;
                    }
                    ascii = false;
                    at += len;
                }
                _ => break,
            }
        }
        let word = &text[start..at];
        let key = if ascii && word.len() <= PACKED {
            Some(ascii_key(bytes, start, word.len()))
        } else {
            lower.key(word)
        };
        each(word, key);
    }
}

/// The [`Key`] of the ASCII word of `len` bytes (at most [`PACKED`]) at `start`
/// of `bytes`. Its bytes are letters, digits and `'`, whose lower case is the
/// byte with its 0x20 bit set (digits and `'` have it already), so a word is
/// lowered and packed in a few operations on one number, read straight from the
/// text when [`PACKED`] bytes stand from its start.
fn ascii_key(bytes: &[u8], start: usize, len: usize) -> Key {
    let mask = KEY_MASKS[len];
    let packed = match bytes.get(start..start + PACKED) {
        Some(window) => {
            Key::from_le_bytes(window.try_into().expect("a window of PACKED bytes")) & mask
        }
        None => {
            let mut packed = [0u8; PACKED];
            packed[..len].copy_from_slice(&bytes[start..start + len]);
            Key::from_le_bytes(packed)
        }
    };
    packed | (Key::from_le_bytes([0x20; PACKED]) & mask)
}

/// The bits of a [`Key`] that a word of `n` bytes fills, at `n` (looked up: a
/// shift of a 128-bit number is several instructions and a branch).
const KEY_MASKS: [Key; PACKED + 1] = {
    let mut masks = [Key::MAX; PACKED + 1];
    let mut n = 0;
    while n < PACKED {
        masks[n] = (1 << (8 * n)) - 1;
        n += 1;
    }
    masks
};

/// The ASCII word characters: letters, digits and `'`.
const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'\'' as usize;
        b += 1;
    }
    table
};

/// The words of `text`: maximal runs of letters, digits and apostrophes. ASCII
/// bytes are told by a table, and only characters beyond ASCII are decoded.
/// (`each_keyed_word` walks the same way with a loop of its own: built on this
/// walk it took 1.1% more instructions a KB of the bench corpus.)
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    let is_word_char = crate::letters::word_char_test();
    let bytes = text.as_bytes();
    // Whether the character at `at` (a character's start) is a word character,
    // and its length in bytes; `None` at the end.
    let class = move |at: usize| {
        let &b = bytes.get(at)?;
        Some(if b.is_ascii() {
            (ASCII_WORD[usize::from(b)], 1)
        } else {
            let c = text[at..].chars().next()?;
            (is_word_char(c), c.len_utf8())
        })
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let (word_char, len) = class(at)?;
            if word_char {
                break;
            }
            at += len;
        }
        let start = at;
        while let Some((true, len)) = class(at) {
            at += len;
        }
        Some(&text[start..at])
    })
}

fn all() -> &'static [Stoplist] {
    static ALL: OnceLock<Vec<Stoplist>> = OnceLock::new();
    ALL.get_or_init(|| {
        LANGUAGES
            .iter()
            .enumerate()
            .map(|(at, &language)| Stoplist {
                language,
                at,
                keys: stop_words::get(language)
                    .iter()
                    .filter_map(|w| key_of(w))
                    .collect(),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn prose_is_denser_than_furniture() {
        let en = Stoplist::for_language("en").unwrap();
        let prose =
            "The two leaders said that progress had been made, but there is still more to do.";
        assert!(en.density(prose) > 0.3, "{}", en.density(prose));
        assert!(en.density("Home | Newsletters | Podcasts | Video | Sport | Contact") < 0.15);
        assert_eq!(en.density(""), 0.0);
    }

    #[test]
    fn a_clear_vote_names_the_language() {
        let en = "The two leaders also said that progress had been made on the burden-sharing but insisted there is still more to do for all of them.";
        assert_eq!(language_vote(en), LanguageVote::Clear("en"));
        let de = "Die beiden Politiker sprachen am Sonntag über die Zukunft des Bündnisses, und sie waren sich einig, dass es mehr Geld für die Verteidigung geben muss.";
        assert_eq!(language_vote(de), LanguageVote::Clear("de"));
        assert!(
            matches!(
                language_vote("Home | Sport | Video"),
                LanguageVote::Unclear { .. }
            ),
            "too few votes"
        );
    }

    #[test]
    fn no_stop_word_depends_on_how_a_final_sigma_is_lower_cased() {
        // `votes` lower-cases letter by letter (Σ → σ), `str::to_lowercase` by
        // word (a final Σ → ς): the same for every listed word.
        assert!(all()
            .iter()
            .all(|list| listed(list).iter().all(|w| !w.contains(['σ', 'ς']))));
    }

    #[test]
    fn lowering_on_the_stack_agrees_with_char_lowercasing() {
        let mut lower = Lowered::default();
        for word in ["The", "ÜBER", "İstanbul", "DAS", "x", "Ünd'", "ΣΟΦΊΑ"] {
            let expected: String = word.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(lower.of(word), Some(expected.as_bytes()), "{word}");
            assert_eq!(lower.key(word), key_of(&expected), "{word}");
        }
        let long = "A".repeat(longest_stop_word() + 1);
        assert_eq!(lower.key(&long), None);
        // A word whose lower case outgrows the buffer is no stop word either.
        assert!(longest_stop_word() < LOWERED_BYTES);
        let long = "Ü".repeat(LOWERED_BYTES);
        assert_eq!(lower.of(&long), None);
        assert_eq!(lower.key(&long), None);
        assert!(all().iter().all(|l| !l.contains(&long.to_lowercase())));
        let en = Stoplist::for_language("en").unwrap();
        let text = "THE cat AND the Dog, WASN'T it? Über Öl, die Straße";
        let slow = words(text)
            .filter(|w| en.contains(&w.chars().flat_map(char::to_lowercase).collect::<String>()))
            .count();
        assert_eq!(en.count(text), (slow, words(text).count()));
        assert!(slow >= 5, "{slow}");
    }

    #[test]
    fn every_stop_word_has_a_key_of_its_own() {
        for list in all() {
            let words = listed(list);
            assert_eq!(list.keys.len(), words.len(), "{}", list.language);
            for word in &words {
                assert!(list.keys.contains(&key_of(word).unwrap()), "{word}");
            }
        }
        let mut lower = Lowered::default();
        for word in [
            "SEKURANG",
            "Sekurang'kurangnya",
            "sekurangkurangnya",
            "ABCDEFGHIJKLMNOPQ",
        ] {
            let key = lower.key(word);
            let listed = all().iter().any(|l| l.contains(&word.to_lowercase()));
            assert_eq!(
                key.is_some_and(|k| index().contains_key(&k)),
                listed,
                "{word}"
            );
        }
        assert!(long_words().contains(&"sekurang-kurangnya"));
        assert!(key_of("sekurang-kurangnya").is_some_and(|k| index().contains_key(&k)));
    }

    /// A language's stop words as the `stop-words` crate lists them.
    fn listed(list: &Stoplist) -> HashSet<&'static str> {
        stop_words::get(list.language).iter().copied().collect()
    }

    #[test]
    fn words_are_runs_of_word_characters() {
        // (`letters` checks its word table against Unicode, character by character.)
        let words: Vec<&str> = words("Привет, мир! 東京 l'été ’twas 42nd").collect();
        assert_eq!(words, ["Привет", "мир", "東京", "l'été", "’twas", "42nd"]);
    }

    #[test]
    fn words_are_what_splitting_at_other_characters_leaves() {
        let mut texts = crate::fixture_texts(None);
        texts.push("  a\u{a0}b—c’d'e ÜBER über\u{301}x 東京 🙂ok 42nd,".to_owned());
        texts.push(String::new());
        for text in &texts {
            let split: Vec<&str> = text
                .split(|c: char| !crate::letters::word_char_test()(c))
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words(text).collect::<Vec<_>>(), split);
        }
    }

    const TEXTS: [&str; 5] = [
        "The two leaders said that progress had been made, but there is still more to do.",
        "Die beiden Politiker sprachen am Sonntag über die Zukunft des Bündnisses.",
        "Det er ikke noe som tyder på at de vil gjøre det, sier han til NTB.",
        "Home | Sport | Video",
        "",
    ];

    #[test]
    fn words_are_keyed_as_they_are_read_as_they_would_be_apart() {
        let mut texts = crate::fixture_texts(None);
        texts.push(
            "ABC'D x 1234567890123456 12345678901234567 SEKURANG-KURANGNYA sekurang-kurangnya \
             Über ÜBER İstanbul ΣΟΦΊΑ l'été ’twas Don’t 東京 x\u{301}y 🙂ok"
                .to_owned(),
        );
        // The walk reads 64 bytes at a time: words, characters beyond ASCII and
        // words longer than a block at every place about a block's end, and texts
        // that end with one.
        for pad in 0..70 {
            let (space, x) = (" ".repeat(pad), "x".repeat(pad));
            texts.push(format!("{space}ab—über Don’t {} the", "w".repeat(pad + 60)));
            texts.push(format!("{x}é{}", "y".repeat(63)));
            texts.push(format!("{x}—{}’s", "y".repeat(126 - pad)));
            texts.push(x);
        }
        let mut lower = Lowered::default();
        for text in &texts {
            let mut keyed = Vec::new();
            each_keyed_word(text, |word, key| keyed.push((word, key)));
            let apart: Vec<(&str, Option<Key>)> =
                words(text).map(|word| (word, lower.key(word))).collect();
            assert_eq!(keyed, apart);
        }
    }

    #[test]
    fn an_ascii_words_key_is_its_bytes_lowered_wherever_it_stands() {
        // Setting the 0x20 bit lowers every ASCII word byte, and only those.
        for b in (0..128u8).filter(|&b| ASCII_WORD[usize::from(b)]) {
            assert_eq!(b | 0x20, b.to_ascii_lowercase(), "{b}");
        }
        // Keyed from a window of the text and from the text's last bytes alike.
        let text = "x Don't 1234567890ABCDEF Zz";
        for (start, len) in [(0, 1), (2, 5), (8, 16), (25, 2)] {
            let word = &text[start..start + len];
            assert_eq!(
                Some(ascii_key(text.as_bytes(), start, len)),
                key_of(&word.to_ascii_lowercase()),
                "{word}"
            );
        }
    }

    #[test]
    fn the_densest_list_has_the_density_its_own_count_gives() {
        for text in TEXTS {
            let counts = WordCounts::of(text);
            let (list, density) = match counts.densest() {
                Some(best) => best,
                None => {
                    assert!(all().iter().all(|list| list.count(text).0 == 0), "{text}");
                    continue;
                }
            };
            assert_eq!(density, list.density(text), "{text}");
            // No list has more of the text's stop words.
            assert!(all()
                .iter()
                .all(|other| other.count(text).0 <= counts.stop_words(list)));
        }
    }

    #[test]
    fn a_long_text_counts_every_stop_word_of_every_language() {
        // Past the 255 stop words a lane holds before it is read out, and a word
        // that several languages list.
        for repeats in [1, 85, 86, 200, 1000] {
            let text = "die Katze and the dog og ikke ".repeat(repeats);
            let counts = WordCounts::of(&text);
            assert_eq!(counts.words, 7 * repeats);
            for list in all() {
                assert_eq!(
                    counts.stop_words(list),
                    list.count(&text).0,
                    "{} x{repeats}",
                    list.language
                );
            }
            let english = Stoplist::for_language("en").unwrap();
            assert_eq!(counts.stop_words(english), 2 * repeats);
        }
    }

    #[test]
    fn the_counts_of_lines_add_up_to_those_of_their_page() {
        for a in TEXTS {
            for b in TEXTS {
                let mut lines = WordCounts::of(a);
                lines.add(&WordCounts::of(b));
                assert_eq!(lines, WordCounts::of(&format!("{a}\n{b}")), "{a} / {b}");
            }
        }
        // A word that is a stop word in several languages counts for each.
        let die = WordCounts::of("die");
        assert_eq!(die.words, 1);
        for code in ["de", "nl", "en"] {
            let list = Stoplist::for_language(code).unwrap();
            assert_eq!(
                die.stop_words(list),
                usize::from(list.contains("die")),
                "{code}"
            );
        }
    }

    #[test]
    fn picks_the_language_of_the_text() {
        let nb = "Det er ikke noe som tyder på at de vil gjøre det, sier han til NTB.";
        assert_eq!(Stoplist::best_for(nb).unwrap().language, "no");
        let de = "Die beiden Politiker sprachen am Sonntag über die Zukunft des Bündnisses.";
        assert_eq!(Stoplist::best_for(de).unwrap().language, "de");
        assert_eq!(Stoplist::for_language("nb").unwrap().language, "no");
        assert!(Stoplist::for_language("xx").is_none());
        assert!(Stoplist::best_for("1234 5678").is_none());
    }
}
