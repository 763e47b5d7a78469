//! Regexes whose groups are read (a byline's names, a date's parts), with an
//! ASCII twin for ASCII lines.
//!
//! Reading groups runs the regex crate's bounded backtracker over the match,
//! which first clears a bit for every state of the pattern's automaton and every
//! byte of the match; a Unicode class (`\p{L}`, `\w`, a letter under `(?i)`) is
//! hundreds of states in UTF-8, so a byline's groups cost thousands of
//! instructions. Most lines whose groups are read are ASCII, and on ASCII text a
//! pattern matches just what its twin does: every class cut down to ASCII, a
//! literal beyond ASCII never matching, a Unicode word boundary an ASCII one. The
//! twin is a fraction of the size; it is compiled the first time an ASCII line
//! asks for groups, so start-up does not pay for it.

use std::sync::OnceLock;

use regex::{Captures, Regex};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Look, Repetition,
};

/// A regex, and its ASCII twin once asked for.
#[derive(Debug, Clone)]
pub struct GroupRegex {
    regex: Regex,
    /// `None` inside when no twin could be made with the same groups.
    ascii: OnceLock<Option<Regex>>,
}

impl GroupRegex {
    pub fn new(pattern: &str) -> Result<Self, regex::Error> {
        Ok(GroupRegex {
            regex: Regex::new(pattern)?,
            ascii: OnceLock::new(),
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// The groups of the first match in `text`, as [`Regex::captures`] gives them.
    pub fn captures<'h>(&self, text: &'h str) -> Option<Captures<'h>> {
        let twin = text.is_ascii().then(|| self.twin()).flatten();
        twin.unwrap_or(&self.regex).captures(text)
    }

    fn twin(&self) -> Option<&Regex> {
        self.ascii
            .get_or_init(|| {
                let hir = regex_syntax::parse(self.regex.as_str()).ok()?;
                let twin = Regex::new(&ascii_only(&hir).to_string()).ok()?;
                // A group lost with a branch that cannot match would move the
                // others' numbers: such a pattern keeps to itself.
                twin.capture_names()
                    .eq(self.regex.capture_names())
                    .then_some(twin)
            })
            .as_ref()
    }
}

/// `hir` as it matches ASCII text: what it matches in an ASCII haystack, and
/// nothing that needs a byte beyond ASCII.
fn ascii_only(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) if literal.0.is_ascii() => Hir::literal(literal.0.clone()),
        HirKind::Literal(_) => Hir::fail(),
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7F)]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Look(look) => Hir::look(match *look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => other,
        }),
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(ascii_only(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(ascii_only(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(ascii_only).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(ascii_only).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each group of the first match lies, as `captures` reports it.
    fn groups(captures: Option<Captures<'_>>) -> Option<Vec<Option<std::ops::Range<usize>>>> {
        captures.map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
    }

    /// Every regex the bundled rules and packs write, and the date patterns,
    /// read the same groups through their twins as through themselves from every
    /// ASCII line of the fixtures (each line also cut down to its first words,
    /// as bylines and datelines stand).
    #[test]
    fn twins_read_the_groups_their_regexes_read_on_ascii_lines() {
        let mut files = crate::bundled_rules();
        files.extend(crate::packs::PACKS.iter().map(|(_, text)| text.to_string()));
        let mut patterns: Vec<String> = crate::fields::date_patterns()
            .iter()
            .map(|re| re.regex.as_str().to_owned())
            .collect();
        for text in &files {
            let file = crate::RulesFile::from_toml(text).expect("bundled rules parse");
            patterns.extend(file.regexes().into_iter().map(|(_, p)| p.to_owned()));
        }
        let mut lines = Vec::new();
        for text in crate::fixture_texts(Some("txt")) {
            for line in text.lines().filter(|l| l.is_ascii()) {
                let words: Vec<&str> = line.split_whitespace().take(6).collect();
                lines.push(words.join(" "));
                lines.push(line.to_owned());
            }
        }
        assert!(patterns.len() > 100 && lines.len() > 2000);
        let (mut twins, mut matched) = (0, 0);
        for pattern in &patterns {
            let re = GroupRegex::new(pattern).expect("bundled patterns compile");
            twins += usize::from(re.twin().is_some());
            for line in &lines {
                let expected = groups(re.regex.captures(line));
                matched += usize::from(expected.is_some());
                assert_eq!(groups(re.captures(line)), expected, "{pattern} on {line:?}");
            }
        }
        assert_eq!(twins, patterns.len(), "every bundled pattern has a twin");
        assert!(matched > 1000, "{matched} matches");
    }

    /// A twin leaves out what only text beyond ASCII matches, and a line beyond
    /// ASCII is read by the regex itself.
    #[test]
    fn a_twin_matches_ascii_only_and_lines_beyond_it_use_the_regex() {
        let re = GroupRegex::new(r"(?i)^(?:By|Von|Av|Af|Ved) (?P<authors>\w+(?: \w+)*)\b").unwrap();
        let twin = re.twin().expect("a twin");
        for pattern in ["[Aa][Vv]", "[0-9A-Z_a-z]+", r"(?-u:\b)"] {
            assert!(twin.as_str().contains(pattern), "{}", twin.as_str());
        }
        assert!(!twin.as_str().contains('\u{212A}'), "no Kelvin sign for k");
        let names = |line| re.captures(line).map(|c| c["authors"].to_owned());
        assert_eq!(names("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(
            names("Av Øystein Sørensen").as_deref(),
            Some("Øystein Sørensen")
        );
        assert_eq!(names("Von Jürgen Kuß").as_deref(), Some("Jürgen Kuß"));
        // A pattern whose twin would lose a group (the branch that held it
        // cannot match ASCII) keeps to itself.
        let lost = GroupRegex::new(r"ß(?P<a>x)|(?P<b>y)").unwrap();
        if let Some(twin) = lost.twin() {
            assert!(twin.capture_names().eq(lost.regex.capture_names()));
        }
        assert_eq!(
            groups(lost.captures("y")),
            Some(vec![Some(0..1), None, Some(0..1)])
        );
    }
}
