//! Stoplists (NLTK's, via the `stop-words` crate) and stopword density: the share
//! of a text's words that are function words. Prose is dense in them, page
//! furniture is not, whatever the language; the generic cleaners (text and HTML)
//! classify paragraphs with it, as jusText does.

use std::sync::OnceLock;

// Looked up once per word of every line judged: a fast hash for short keys.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Languages with a stoplist, as ISO 639-1 codes (`no` covers `nb` and `nn`).
pub const LANGUAGES: &[&str] = &[
    "da", "de", "en", "es", "fi", "fr", "id", "it", "nl", "no", "pt", "ru", "sv", "tr",
];

/// One language's stop words, lower-cased.
#[derive(Debug)]
pub struct Stoplist {
    pub language: &'static str,
    words: HashSet<&'static str>,
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
        all()
            .iter()
            .zip(votes(text))
            .map(|(list, hits)| (hits, list))
            .filter(|(hits, _)| *hits > 0)
            .max_by_key(|(hits, _)| *hits)
            .map(|(_, list)| list)
    }

    /// Whether `word` (already lower-cased) is a stop word.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Stop words and all words in `text`.
    pub fn count(&self, text: &str) -> (usize, usize) {
        let mut stop = 0;
        let mut all = 0;
        let mut lower = String::new();
        for word in words(text) {
            all += 1;
            lower_into(word, &mut lower);
            if self.words.contains(lower.as_str()) {
                stop += 1;
            }
        }
        (stop, all)
    }

    /// The share of words in `text` that are stop words (0 for a text with no words).
    pub fn density(&self, text: &str) -> f32 {
        match self.count(text) {
            (_, 0) => 0.0,
            (stop, all) => stop as f32 / all as f32,
        }
    }
}

/// The language of `text` by a vote of its stop words, when the vote is clear: at
/// least `MIN_VOTES` stop words of the winner and twice as many as any other
/// language's. Near neighbours (Danish and Norwegian, say) seldom part that
/// clearly; then the answer is `None` and a finer identifier must decide.
pub fn clear_language(text: &str) -> Option<&'static str> {
    const MIN_VOTES: usize = 6;
    let votes = votes(text);
    let (best, &top) = votes.iter().enumerate().max_by_key(|&(_, v)| v)?;
    let runner_up = votes
        .iter()
        .enumerate()
        .filter(|&(l, _)| l != best)
        .map(|(_, &v)| v)
        .max()
        .unwrap_or(0);
    (top >= MIN_VOTES && top >= 2 * runner_up).then_some(LANGUAGES[best])
}

/// For each language (in `LANGUAGES` order), how many of the words of `text` are
/// its stop words: one lookup per word, whatever the number of languages.
fn votes(text: &str) -> [usize; LANGUAGES.len()] {
    let index = index();
    let mut votes = [0usize; LANGUAGES.len()];
    let mut lower = String::new();
    for word in words(text) {
        lower_into(word, &mut lower);
        if let Some(&mask) = index.get(lower.as_str()) {
            for (l, vote) in votes.iter_mut().enumerate() {
                *vote += usize::from(mask & (1 << l) != 0);
            }
        }
    }
    votes
}

/// `word` lower-cased letter by letter into `lower` (an ASCII word byte by byte,
/// which gives the same letters).
fn lower_into(word: &str, lower: &mut String) {
    lower.clear();
    if word.is_ascii() {
        lower.push_str(word);
        lower.make_ascii_lowercase();
    } else {
        lower.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Every stop word with the languages (bits in `LANGUAGES` order) that list it.
fn index() -> &'static HashMap<&'static str, u32> {
    static INDEX: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<&'static str, u32> = HashMap::default();
        for (l, list) in all().iter().enumerate() {
            for word in &list.words {
                *index.entry(word).or_default() |= 1 << l;
            }
        }
        index
    })
}

/// The words of `text`: maximal runs of letters, digits and apostrophes.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

fn all() -> &'static [Stoplist] {
    static ALL: OnceLock<Vec<Stoplist>> = OnceLock::new();
    ALL.get_or_init(|| {
        LANGUAGES
            .iter()
            .map(|&language| Stoplist {
                language,
                words: stop_words::get(language).iter().copied().collect(),
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
        assert_eq!(clear_language(en), Some("en"));
        let de = "Die beiden Politiker sprachen am Sonntag über die Zukunft des Bündnisses, und sie waren sich einig, dass es mehr Geld für die Verteidigung geben muss.";
        assert_eq!(clear_language(de), Some("de"));
        assert_eq!(
            clear_language("Home | Sport | Video"),
            None,
            "too few votes"
        );
    }

    #[test]
    fn no_stop_word_depends_on_how_a_final_sigma_is_lower_cased() {
        // `votes` lower-cases letter by letter (Σ → σ), `str::to_lowercase` by
        // word (a final Σ → ς): the same for every listed word.
        assert!(all()
            .iter()
            .all(|list| list.words.iter().all(|w| !w.contains(['σ', 'ς']))));
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
