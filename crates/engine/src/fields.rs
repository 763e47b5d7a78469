//! Reading field values out of text: dates in the formats outlets print, author
//! lists, and the line shapes (headline, standfirst, code) the rules refer to.

use std::sync::{LazyLock, OnceLock};

use memchr::memmem;

use crate::document::{has_words, more_chars_than};
use crate::group_regex::{Group, GroupRegex, Groups};
use crate::letters;
use crate::spec::Shape;
use crate::stopwords::words;
use crate::verdicts::{self, MatcherId};

/// Turns a regex match into an ISO 8601 date as precise as the text: a `date` group
/// already in ISO form (`2016-11`), or `year` / `month` (number or name) / `day` groups.
pub fn date_from_captures(caps: &Groups<'_, '_>) -> Option<String> {
    if let Some(iso) = caps.get(Group::Date) {
        return iso_date(iso.as_str());
    }
    let year: u32 = caps.get(Group::Year)?.as_str().parse().ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    if !(1800..=2200).contains(&year) {
        return None;
    }
    let Some(month) = caps.get(Group::Month) else {
        return Some(iso(&[year]));
    };
    let month = month_number(month.as_str())?;
    match caps.get(Group::Day) {
        None => Some(iso(&[year, month])),
        Some(day) => {
            let day: u32 = day.as_str().parse().ok()?;
            (1..=days_in_month(year, month))
                .contains(&day)
                .then(|| iso(&[year, month, day]))
        }
    }
}

/// A date's parts (year, then month and day when known) written as ISO 8601
/// (`2016`, `2016-11`, `2016-11-05`): the year in four digits at least, the others
/// in two. (Written out digit by digit: `format!` took five hundred instructions a
/// date.)
fn iso(parts: &[u32]) -> String {
    let mut out = String::with_capacity(10);
    for (at, &part) in parts.iter().enumerate() {
        let width = if at == 0 { 4 } else { 2 };
        if at > 0 {
            out.push('-');
        }
        let digits = part.checked_ilog10().map_or(1, |l| l + 1).max(width);
        for place in (0..digits).rev() {
            let digit = part / 10u32.pow(place) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
    }
    out
}

/// Validates an ISO date of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn iso_date(text: &str) -> Option<String> {
    let parts: Vec<u32> = text
        .split('-')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    if text.split('-').next()?.len() != 4 || !(1800..=2200).contains(&parts[0]) {
        return None;
    }
    match parts[..] {
        [_] => Some(iso(&parts)),
        [_, m] if (1..=12).contains(&m) => Some(iso(&parts)),
        [y, m, d] if (1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d) => {
            Some(iso(&parts))
        }
        _ => None,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// Month number from a number or an English, Norwegian or German name or abbreviation.
pub fn month_number(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    let lower = text.trim_end_matches('.').to_lowercase();
    const NAMES: [&[&str]; 12] = [
        &["january", "jan", "januar", "jänner"],
        &["february", "feb", "februar"],
        &["march", "mar", "mars", "märz", "mär"],
        &["april", "apr"],
        &["may", "mai"],
        &["june", "jun", "juni"],
        &["july", "jul", "juli"],
        &["august", "aug"],
        &["september", "sep", "sept"],
        &["october", "oct", "oktober", "okt"],
        &["november", "nov"],
        &["december", "dec", "desember", "des", "dezember", "dez"],
    ];
    NAMES
        .iter()
        .position(|names| names.contains(&lower.as_str()))
        .map(|i| i as u32 + 1)
}

/// What follows a byline's opening word (`By`, `BY`, `by`, Norwegian `Av`, German
/// `Von`), if the text opens with one.
pub fn after_byline_word(text: &str) -> Option<&str> {
    ["By ", "BY ", "by ", "Av ", "av ", "Von ", "von "]
        .iter()
        .find_map(|p| text.strip_prefix(p))
}

/// Splits a credit such as `By Jane Doe and John Roe` or `AP, Reuters` into names.
pub fn split_authors(text: &str) -> Vec<String> {
    let [and, og, und] = &*CONJUNCTIONS;
    let text = text.trim();
    let text = after_byline_word(text).unwrap_or(text);
    text.split([',', ';', '&'])
        .flat_map(|part| split_at(part, and))
        .flat_map(|part| split_at(part, og))
        .flat_map(|part| split_at(part, und))
        .map(without_stray_brackets)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The words a credit joins two names with, each between spaces, as searches
/// made once (`str::split` by a string set a search up for every part it split).
static CONJUNCTIONS: LazyLock<[memmem::Finder<'static>; 3]> =
    LazyLock::new(|| [" and ", " og ", " und "].map(memmem::Finder::new));

/// The parts of `text` between the occurrences `finder` finds, as `str::split`
/// gives them (`finder`'s needle is ASCII, so every cut is a character boundary).
fn split_at<'t>(
    text: &'t str,
    finder: &'t memmem::Finder<'static>,
) -> impl Iterator<Item = &'t str> {
    let needle = finder.needle().len();
    let mut start = 0;
    finder
        .find_iter(text.as_bytes())
        .map(Some)
        .chain([None])
        .map(move |found| {
            let end = found.unwrap_or(text.len());
            let part = &text[start..end];
            start = end + needle;
            part
        })
}

/// A name without the brackets around it (`(AFP)`) or that pair with nothing in it
/// (`(AP` and `Reuters)` of `(AP, Reuters)`); a bracket pair inside the name stays
/// (`Deutsche Welle (www.dw.com)`).
fn without_stray_brackets(name: &str) -> &str {
    let mut name = name.trim();
    if let Some(inner) = name.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        name = inner.trim();
    }
    if !name.contains(')') {
        name = name.trim_start_matches('(').trim_start();
    }
    if !name.contains('(') {
        name = name.trim_end_matches(')').trim_end();
    }
    name
}

/// The last character that carries meaning: closing quotes and brackets skipped,
/// and emoji a blogger puts after a sentence (`... today! 🙂`).
fn last_significant(text: &str) -> Option<char> {
    let text = text.trim_end();
    let text = match text.as_bytes().last() {
        Some(b) if b.is_ascii() => text,
        _ => text.trim_end_matches(|c: char| is_emoji(c) || c.is_whitespace()),
    };
    text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '“'])
        .chars()
        .next_back()
}

/// Pictographs, dingbats and the joiners and selectors that build emoji.
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{FE0F}' | '\u{200D}')
}

/// Ends like a sentence: a full stop, `!`, `?`, `…` or `:` before any closing quotes.
pub fn ends_like_sentence(text: &str) -> bool {
    matches!(last_significant(text), Some('.' | '!' | '?' | '…' | ':'))
}

/// Ends in a full stop, colon or semicolon (before any closing quotes): a sentence
/// or a lead-in, not a title. A trailing `...` is a cut-off teaser, not a stop.
pub fn ends_with_stop(text: &str) -> bool {
    matches!(last_significant(text), Some('.' | ':' | ';')) && !text.trim_end().ends_with("...")
}

/// Whether a line has the given shape.
pub fn has_shape(text: &str, shape: Shape) -> bool {
    // The tests at a line's ends come first: they read a few bytes, where a
    // character or word count reads the line.
    match shape {
        Shape::Any => true,
        Shape::Headline => {
            text.len() <= 800
                && !matches!(last_significant(text), Some('.' | ':' | ';' | ','))
                && !text.starts_with(['–', '—', '-', '•', '*', '(', '|'])
                && !more_chars_than(text, 200)
                && has_words(text, 2)
                && text.chars().any(char::is_alphabetic)
        }
        Shape::Dek => {
            text.len() <= 1600
                && !matches!(last_significant(text), Some('.' | ',' | ';'))
                && !more_chars_than(text, 400)
                && has_words(text, 3)
        }
        Shape::Code => looks_like_code(text),
    }
}

/// Characters of which every line of the shape holds one, if the shape has such
/// (the literal prefilter asks the shape only about lines that hold one): code
/// has a brace, a bracket, a semicolon or an `@media`.
pub(crate) fn shape_literals(shape: Shape) -> Option<&'static [&'static str]> {
    match shape {
        Shape::Code => Some(&["{", "}", "]", ";", "@"]),
        Shape::Any | Shape::Headline | Shape::Dek => None,
    }
}

/// CSS or script rather than prose: braces or statement endings with a high share
/// of code punctuation and few plain words.
fn looks_like_code(text: &str) -> bool {
    let t = text.trim();
    if matches!(t, "{" | "}" | "};" | "});" | "})();" | "})" | "]" | "];") {
        return true;
    }
    let structural =
        t.contains('{') || t.contains('}') || t.ends_with(';') || t.starts_with("@media");
    if !structural {
        return false;
    }
    let symbols = t.chars().filter(|c| "{}();=<>[]$&|\\".contains(*c)).count();
    let keyword = [
        "function(",
        "function ",
        "var ",
        "const ",
        "let ",
        "window.",
        "document.",
        "=>",
        "!important",
    ]
    .iter()
    .any(|k| t.contains(k));
    let chars = t.chars().count().max(1);
    (symbols * 100 / chars >= 3 || keyword) && !ends_with_prose(t)
}

fn ends_with_prose(t: &str) -> bool {
    // "He said: {quote}." style prose never ends in a brace or semicolon after a word run.
    t.ends_with('.') && !t.contains('{')
}

/// A headline-like line: the headline shape, three words or more, not a page title
/// (`Story | Site`).
pub(crate) fn is_title_like(text: &str) -> bool {
    has_shape(text, Shape::Headline)
        && words(text).nth(2).is_some()
        && more_chars_than(text, 14)
        && !text.contains(" | ")
}

/// The date regexes: ISO, day-month-year (`23 November 2026`, `23. november 2026`),
/// month-day-year (`Nov. 23, 2026`), numeric European (`23.11.2026`).
///
/// Each date starts and ends with a word character, so the word boundaries
/// around it are spelled out as a character that is none (or the line's end):
/// the same lines match, where `\b` made the regex crate's fast engine give up
/// at the first character beyond ASCII (a dash, a curly quote, `ø`) and search
/// the line its slowest way. A match then holds that character too, which is
/// not a letter and leaves the words around the date as they were.
pub(crate) fn date_patterns() -> &'static [GroupRegex] {
    static PATTERNS: OnceLock<Vec<GroupRegex>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        [
            r"(?:^|\W)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:\W|$)",
            r"(?:^|\W)(?P<day>\d{1,2})\.?\s+(?P<month>\p{L}{3,9})\.?,?\s+(?P<year>\d{4})(?:\W|$)",
            r"(?:^|\W)(?P<month>\p{L}{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?:\W|$)",
            r"(?:^|\W)(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?:\W|$)",
        ]
        .iter()
        .filter_map(|p| GroupRegex::new(p).ok())
        .collect()
    })
}

/// Whether `text` holds four digits in a row. Every date pattern needs a year
/// (`\d{4}`), and `char::is_numeric` is true of every character `\d` matches (the
/// Unicode decimal digits, and more), so a line without such a run cannot show a
/// date: most lines are ruled out without running the four regexes.
fn has_year_digits(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if letters::is_numeric(c) { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// Whether [`date_line`] finds a date in `text`: remembered per thread (a page's
/// date lines, its stamps and menus recur on the outlet's other pages), where
/// the date itself is not needed.
pub(crate) fn shows_date(text: &str) -> bool {
    if more_chars_than(text, 100) || !has_year_digits(text) {
        return false;
    }
    static DATES: LazyLock<MatcherId> = LazyLock::new(MatcherId::next);
    verdicts::remembered(*DATES, text, |text| date_line(text).is_some())
}

/// A short line that shows a date (`Published 23 November 2026 10:14`): the date, ISO.
/// Also what the HTML path reads out of an outlet's date element.
pub fn date_line(text: &str) -> Option<String> {
    if more_chars_than(text, 100) || !has_year_digits(text) {
        return None;
    }
    date_by(date_patterns(), text)
}

/// The date the first of `patterns` to match `text` finds, when no more than a
/// few words stand around it.
fn date_by(patterns: &[GroupRegex], text: &str) -> Option<String> {
    patterns.iter().find_map(|re| {
        // Most lines hold no date: a plain match test is far cheaper than captures.
        if !re.is_match(text) {
            return None;
        }
        let caps = re.captures(text)?;
        let whole = caps.whole();
        // The words before the date and after it (what the two joined by a space
        // hold).
        let around = words(&text[..whole.start()]).count() + words(&text[whole.end()..]).count();
        (around <= 8).then(|| date_from_captures(&caps))?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_head_formats() {
        for (line, iso) in [
            ("23 November 2026", "2026-11-23"),
            ("Nov. 23, 2026 10:14 am ET", "2026-11-23"),
            ("23.11.2026", "2026-11-23"),
            ("Published 2026-11-23", "2026-11-23"),
            ("Publisert 23. november 2026 kl. 10.14", "2026-11-23"),
            ("Veröffentlicht am 23. November 2026", "2026-11-23"),
            ("Chris Davies - Nov 19, 2019, 10:31 pm CST", "2019-11-19"),
        ] {
            assert_eq!(date_line(line).as_deref(), Some(iso), "{line}");
        }
        assert_eq!(date_line("Monday 30 February 2026"), None);
        assert_eq!(
            date_line("On 23 November 2026 the council met for the last time before the vote, and it was decided that the bridge would be built."),
            None
        );
    }

    /// The spelled-out boundaries find the dates `\b` finds, whatever stands
    /// next to them: letters and digits within ASCII and beyond, dashes, quotes,
    /// and the words left around the date counted the same.
    #[test]
    fn spelled_out_boundaries_find_what_word_boundaries_find() {
        let with_b: Vec<GroupRegex> = [
            r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b",
            r"\b(?P<day>\d{1,2})\.?\s+(?P<month>\p{L}{3,9})\.?,?\s+(?P<year>\d{4})\b",
            r"\b(?P<month>\p{L}{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b",
            r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b",
        ]
        .iter()
        .map(|p| GroupRegex::new(p).unwrap())
        .collect();
        let by_b = |text: &str| date_by(&with_b, text);
        let dates = [
            "2026-11-23",
            "23 November 2026",
            "Nov. 23, 2026",
            "23.11.2026",
            "23. november 2026",
            "7 mai 2019",
        ];
        let sides = [
            "",
            " ",
            "a",
            "é",
            "ø",
            "1",
            "\u{663}",
            "–",
            "«",
            "»",
            "’",
            "_",
            ".",
            ",",
            "one two three four five six seven ",
            " eight",
        ];
        for date in dates {
            for before in sides {
                for after in sides {
                    let line = format!("{before}{date}{after}");
                    assert_eq!(date_line(&line), by_b(&line), "{line:?}");
                }
            }
        }
    }

    #[test]
    fn a_date_needs_four_digits_in_a_row() {
        // The fast path must never rule out a line that a pattern matches: check
        // every line of every fixture, and dates in non-ASCII digits.
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut lines: Vec<String> = vec![
            "\u{663}\u{660}-\u{661}\u{661}-\u{662}\u{660}\u{662}\u{666}".into(),
            "23 November \u{662}\u{660}\u{662}\u{666}".into(),
            "Nov. 23, 202 6".into(),
        ];
        let mut stack = vec![fixtures];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    lines.extend(text.lines().map(str::to_owned));
                }
            }
        }
        assert!(lines.len() > 1000, "fixtures read: {}", lines.len());
        let mut dated = 0;
        for line in &lines {
            let matched = date_patterns().iter().any(|re| re.is_match(line));
            dated += usize::from(matched);
            assert!(!matched || has_year_digits(line), "{line}");
        }
        assert!(dated > 20, "{dated} dated lines");
        assert!(has_year_digits(
            "\u{663}\u{660}-\u{661}\u{661}-\u{662}\u{660}\u{662}\u{666}"
        ));
        assert!(!has_year_digits("Nov. 23, 202 6"));
    }

    fn date(pattern: &str, text: &str) -> Option<String> {
        let re = GroupRegex::new(pattern).unwrap();
        date_from_captures(&re.captures(text)?)
    }

    #[test]
    fn dates_in_outlet_formats() {
        let independent = r"^\w+ (?P<day>\d+) (?P<month>\w+) (?P<year>\d{4})";
        assert_eq!(
            date(independent, "Sunday 13 November 2016 04:16 EST").as_deref(),
            Some("2016-11-13")
        );
        let dw = r"^(?P<month>\w+) (?P<day>\d+), (?P<year>\d{4})$";
        assert_eq!(date(dw, "November 13, 2016").as_deref(), Some("2016-11-13"));
        let jt = r"(?P<month>\w{3}) (?P<day>\d+),(?P<year>\d{4})";
        assert_eq!(date(jt, "Nov 06,2024").as_deref(), Some("2024-11-06"));
        // A month without a day, a two-digit year, a year alone: zero-padded.
        let month_year = r"(?P<month>\w+) (?P<year>\d+)";
        assert_eq!(date(month_year, "March 2019").as_deref(), Some("2019-03"));
        assert_eq!(date(month_year, "Mar 07").as_deref(), Some("2007-03"));
        assert_eq!(date(r"(?P<year>\d+)", "1999").as_deref(), Some("1999"));
        assert_eq!(
            date(r"(?P<date>[\d-]+)", "2016-11").as_deref(),
            Some("2016-11")
        );
        assert_eq!(date(dw, "February 30, 2016"), None);
        assert_eq!(
            date(
                r"(?P<day>\d+)\. (?P<month>\w+) (?P<year>\d+)",
                "5. desember 2019"
            )
            .as_deref(),
            Some("2019-12-05")
        );
    }

    #[test]
    fn iso_dates_are_validated() {
        assert_eq!(iso_date("2016-11-13").as_deref(), Some("2016-11-13"));
        assert_eq!(iso_date("2016").as_deref(), Some("2016"));
        assert_eq!(iso_date("2016-13"), None);
        assert_eq!(iso_date("20x6"), None);
    }

    #[test]
    fn authors_are_split() {
        assert_eq!(split_authors("By AFP"), ["AFP"]);
        assert_eq!(split_authors("AP, Reuters"), ["AP", "Reuters"]);
        assert_eq!(split_authors("(AP, Reuters)"), ["AP", "Reuters"]);
        assert_eq!(split_authors("(AFP)"), ["AFP"]);
        assert_eq!(
            split_authors("Deutsche Welle (www.dw.com)"),
            ["Deutsche Welle (www.dw.com)"]
        );
        assert_eq!(
            split_authors("Jane Doe and John Roe"),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(
            split_authors("Av Kari Nordmann og Ola Nordmann, NTB"),
            ["Kari Nordmann", "Ola Nordmann", "NTB"]
        );
        // Cut at each conjunction as `str::split` cuts, ` and ` first: where two
        // share a space (` og and `), the first to cut takes it.
        for credit in [
            "x og and y",
            "x and og y",
            "a und und b",
            "and and",
            " und ",
        ] {
            let split: Vec<String> = credit
                .trim()
                .split(" and ")
                .flat_map(|part| part.split(" og "))
                .flat_map(|part| part.split(" und "))
                .map(without_stray_brackets)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .collect();
            assert_eq!(split_authors(credit), split, "{credit}");
        }
        assert_eq!(split_authors("x og and y"), ["x og", "y"]);
    }

    #[test]
    fn shapes() {
        assert!(has_shape(
            "Nato tells Donald Trump going it alone is not an option",
            Shape::Headline
        ));
        assert!(has_shape(
            "NATO chief congratulates Trump, says will keep alliance 'strong'",
            Shape::Headline
        ));
        assert!(!has_shape(
            "Ifølge ham var det en god telefonsamtale.",
            Shape::Headline
        ));
        assert!(!has_shape(
            "– Viktig for europeisk stabilitet",
            Shape::Headline
        ));
        assert!(!has_shape("Politics", Shape::Headline));
        assert!(has_shape(
            "The two leaders say progress made on fairer burden-sharing",
            Shape::Dek
        ));
        assert!(!has_shape("“We face the greatest challenges.”", Shape::Dek));
        assert!(ends_like_sentence("the statement said.”"));
        assert!(!ends_like_sentence("Brüssel  Jens Stoltenberg"));
        // An emoji after the full stop; a headline that ends in one is no sentence.
        assert!(ends_like_sentence("Come and see the show today! 🙂"));
        assert!(ends_like_sentence("Check them out below~.⬇\u{FE0F}"));
        assert!(!ends_like_sentence("Our best holiday deals 🎉"));
        assert!(has_shape(".article{color:red;margin:0}", Shape::Code));
        assert!(has_shape(
            "window.dataLayer = window.dataLayer || [];",
            Shape::Code
        ));
        assert!(!has_shape(
            "He paid $5 (about £4) for it; then left.",
            Shape::Code
        ));
        assert!(!has_shape(
            "The talks (in Brussels) were long; nobody left",
            Shape::Code
        ));
    }

    /// The prefilter asks the code shape only about lines holding one of its
    /// literals: every line it calls code holds one.
    #[test]
    fn every_code_line_holds_a_code_literal() {
        let literals = shape_literals(Shape::Code).unwrap();
        let mut lines = vec![
            "{",
            "}",
            "};",
            "});",
            "})();",
            "})",
            "]",
            "];",
            "@media (max-width: 600px) { .nav { display: none } }",
            ".article{color:red;margin:0}",
            "window.dataLayer = window.dataLayer || [];",
            "var x = document.getElementById('a');",
            "  function(e) { return e; }  ",
            "He paid $5 (about £4) for it; then left.",
            "Prose without any of them",
        ];
        let texts = crate::fixture_texts(None);
        lines.extend(texts.iter().flat_map(|t| t.lines()));
        let code: Vec<&str> = lines
            .into_iter()
            .filter(|line| has_shape(line, Shape::Code))
            .collect();
        assert!(code.len() >= 12, "{} code lines", code.len());
        for line in code {
            assert!(literals.iter().any(|l| line.contains(l)), "{line:?}");
        }
    }
}
