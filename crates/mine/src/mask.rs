//! Masking a line so that near-exact furniture counts as one line: numbers, month
//! and day names, relative times ("2 hours ago") and capitalised names inside the
//! line become placeholders. Each masked line carries the regex that matches every
//! line it stands for, so a recurring masked line becomes a rule directly.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

/// Month and day names (and their abbreviations) in the languages the engine's
/// date reader knows, plus French and Spanish; matched case-insensitively.
const DATE_WORDS: &[&str] = &[
    // English
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun", // German
    "januar",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "jänner",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    // Norwegian
    "mars",
    "desember",
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    // French
    "janvier",
    "février",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche", // Spanish
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];

/// Relative times: "2 hours ago", "an hour ago", "just now", "vor 3 Stunden",
/// "for 2 timer siden".
const RELATIVE_TIME: &str = r"(?i:(?:\d{1,3}|an?|one)\s(?:secs?|seconds?|mins?|minutes?|hours?|hrs?|days?|weeks?|months?|years?)\sago|just\snow|vor\s\d{1,3}\s(?:sekunden|minuten|stunden|tagen|wochen|monaten|jahren)|for\s\d{1,3}\s(?:sekunder|minutter|timer|dager|uker|måneder|år)\ssiden)";

/// A number, possibly with separators (`12:30`, `1,234`, `13.11.2016`).
const NUMBER: &str = r"\d{1,12}(?:[.,:/-]\d{1,12}){0,4}";

/// A capitalised word (a name) where the line does not start a sentence.
const NAME: &str = r"\p{Lu}[\p{L}\p{M}'’-]{0,30}";

/// Whitespace inside a line, however it was scraped.
const SPACE: &str = r"\s{1,16}";

fn tokens() -> &'static Regex {
    static TOKENS: OnceLock<Regex> = OnceLock::new();
    TOKENS.get_or_init(|| {
        Regex::new(&format!(
            r"(?P<rel>{RELATIVE_TIME})|(?P<num>{NUMBER})|(?P<word>\p{{L}}[\p{{L}}\p{{M}}'’-]*)|(?P<ws>\s+)"
        ))
        .unwrap_or_else(|e| unreachable!("the token regex is fixed and valid: {e}"))
    })
}

fn date_word_pattern() -> &'static str {
    static PATTERN: OnceLock<String> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let mut words: Vec<&str> = DATE_WORDS.to_vec();
        // Longest first, so that `sept` is not read as `sep` + `t`.
        words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        words.dedup();
        format!(r"(?i:{})\.?", words.join("|"))
    })
}

/// A line with its variable parts masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Masked {
    /// The line with placeholders: lines with the same key are "the same line".
    pub key: String,
    /// A whole-line regex (`^...$` left to the caller) matching every line of this key.
    pub pattern: String,
    /// Placeholders of each kind.
    pub numbers: usize,
    pub date_words: usize,
    pub names: usize,
    pub relative_times: usize,
    /// Words and symbols left as they are.
    pub literal_words: usize,
    pub literal_symbols: usize,
}

impl Masked {
    /// The line shows a date (a month or day name with a number, or a numeric
    /// date such as `13.11.2016`): it carries the published date, which is a field
    /// and not furniture, so the miner never proposes it.
    pub fn shows_date(&self, line: &str) -> bool {
        (self.date_words > 0 && self.numbers > 0) || numeric_date(line)
    }

    /// Whether the masked line still says something of its own: a line of nothing
    /// but placeholders (a bare number, a date, a name) could be any article's, and
    /// a line of more names than words is a byline. Relative times alone are
    /// live-page furniture and count as content.
    pub fn has_own_content(&self) -> bool {
        let own = self.literal_words + self.literal_symbols;
        let placeholders = self.numbers + self.date_words + self.names;
        if own == 0 {
            return self.relative_times > 0 && placeholders == 0;
        }
        self.names <= self.literal_words.max(usize::from(self.names == 0))
    }
}

fn numeric_date(line: &str) -> bool {
    static DATE: OnceLock<Regex> = OnceLock::new();
    DATE.get_or_init(|| {
        Regex::new(r"(?-u:\b)(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})(?-u:\b)")
            .unwrap_or_else(|e| unreachable!("the date regex is fixed and valid: {e}"))
    })
    .is_match(line)
}

fn is_date_word(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let lower = word.trim_end_matches('.').to_lowercase();
    WORDS
        .get_or_init(|| DATE_WORDS.iter().copied().collect())
        .contains(lower.as_str())
}

/// Masks one (trimmed) line.
pub(crate) fn mask(line: &str) -> Masked {
    let mut m = Masked {
        key: String::with_capacity(line.len()),
        pattern: String::with_capacity(line.len() * 2),
        numbers: 0,
        date_words: 0,
        names: 0,
        relative_times: 0,
        literal_words: 0,
        literal_symbols: 0,
    };
    let mut at = 0;
    // A capitalised word starts a sentence at the line start and after `.!?:`.
    let mut sentence_start = true;
    let push_literal = |m: &mut Masked, text: &str, sentence_start: &mut bool| {
        m.key.push_str(text);
        m.pattern.push_str(&regex::escape(text));
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            m.literal_symbols += 1;
            *sentence_start = matches!(c, '.' | '!' | '?' | ':' | '•' | '|' | '–' | '—');
        }
    };
    for caps in tokens().captures_iter(line) {
        let Some(whole) = caps.get(0) else { continue };
        if whole.start() > at {
            push_literal(&mut m, &line[at..whole.start()], &mut sentence_start);
        }
        at = whole.end();
        let text = whole.as_str();
        if caps.name("ws").is_some() {
            m.key.push(' ');
            m.pattern.push_str(SPACE);
        } else if caps.name("rel").is_some() {
            m.relative_times += 1;
            m.key.push_str("\u{1}R");
            m.pattern.push_str(RELATIVE_TIME);
            sentence_start = false;
        } else if caps.name("num").is_some() {
            m.numbers += 1;
            m.key.push_str("\u{1}0");
            m.pattern.push_str(NUMBER);
            sentence_start = false;
        } else if is_date_word(text) {
            m.date_words += 1;
            m.key.push_str("\u{1}D");
            m.pattern.push_str(date_word_pattern());
            sentence_start = false;
        } else if !sentence_start && text.chars().next().is_some_and(char::is_uppercase) {
            m.names += 1;
            m.key.push_str("\u{1}N");
            m.pattern.push_str(NAME);
        } else {
            m.literal_words += 1;
            m.key.push_str(text);
            m.pattern.push_str(&regex::escape(text));
            sentence_start = false;
        }
    }
    if at < line.len() {
        push_literal(&mut m, &line[at..], &mut sentence_start);
    }
    m
}

/// Byte offsets where a line looks glued: a sentence end or a lowercase letter
/// followed directly by an uppercase letter with no space (`difference.US
/// President`, `CorrespondentUS president`), where a scrape lost a line break.
pub(crate) fn glue_points(line: &str) -> impl Iterator<Item = usize> + '_ {
    let mut previous: Option<char> = None;
    line.char_indices().filter_map(move |(i, c)| {
        let before = previous.replace(c)?;
        let glued = c.is_uppercase()
            && (matches!(before, '.' | '!' | '?' | '"' | '”' | '’' | ')') || before.is_lowercase());
        glued.then_some(i)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn whole(pattern: &str) -> Regex {
        Regex::new(&format!("^{pattern}$")).unwrap()
    }

    #[test]
    fn numbers_dates_times_and_names_mask_to_one_key() {
        let a = mask("Updated 2 hours ago by Jane Doe: 14 comments");
        let b = mask("Updated an hour ago by Tom Smith: 3 comments");
        assert_eq!(a.key, b.key);
        assert_eq!((a.relative_times, a.names, a.numbers), (1, 2, 1));
        let re = whole(&a.pattern);
        assert!(re.is_match("Updated 2 hours ago by Jane Doe: 14 comments"));
        assert!(re.is_match("Updated 5 minutes ago by Ann Lee: 140 comments"));
        assert!(!re.is_match("Updated 2 hours ago by jane doe: 14 comments"));
    }

    #[test]
    fn a_capital_that_starts_a_sentence_is_not_a_name() {
        let m = mask("Join our forum. Share your views");
        assert_eq!(m.names, 0);
        assert_eq!(m.key, "Join our forum. Share your views");
        assert!(whole(&m.pattern).is_match("Join our forum.\u{a0}Share your views"));
    }

    #[test]
    fn bylines_dates_and_bare_numbers_say_nothing_of_their_own() {
        assert!(!mask("By Jane Doe").has_own_content());
        assert!(!mask("0").has_own_content());
        assert!(mask("2 hours ago").has_own_content());
        assert!(mask("Comments").has_own_content());
        assert!(mask("✕").has_own_content());
        assert!(mask("Additional reporting by Reuters").has_own_content());
        let date = "Sunday 12 October 2025 15:20 BST";
        assert!(mask(date).shows_date(date));
        assert!(mask("Published 13.11.2016").shows_date("Published 13.11.2016"));
        assert!(!mask("Page 3 of 10").shows_date("Page 3 of 10"));
    }

    #[test]
    fn glue_points_find_lost_line_breaks() {
        let line = "Your support makes all the difference.US President-elect spoke";
        let points: Vec<_> = glue_points(line).collect();
        assert_eq!(points, [line.find("US").unwrap()]);
        assert_eq!(glue_points("White House CorrespondentUS").count(), 1);
        assert_eq!(glue_points("Plain sentence. Next one").count(), 0);
    }
}
