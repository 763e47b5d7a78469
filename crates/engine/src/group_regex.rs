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
//!
//! The groups the engine reads ([`Group`]) are found by number, worked out when
//! the regex is compiled: asked by name, the regex crate hashes the name with
//! SipHash on every read.

use std::sync::OnceLock;

use regex::{Captures, Match, Regex};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Look, Repetition,
};

/// The named groups the engine reads out of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// A date already in ISO form.
    Date,
    Year,
    /// A month's number or name.
    Month,
    Day,
    /// A byline's names.
    Authors,
}

impl Group {
    const ALL: [Group; 5] = [
        Group::Date,
        Group::Year,
        Group::Month,
        Group::Day,
        Group::Authors,
    ];

    /// The group's name in a pattern (`(?P<year>...)`).
    fn name(self) -> &'static str {
        match self {
            Group::Date => "date",
            Group::Year => "year",
            Group::Month => "month",
            Group::Day => "day",
            Group::Authors => "authors",
        }
    }
}

/// A regex, and its ASCII twin once asked for.
#[derive(Debug, Clone)]
pub struct GroupRegex {
    regex: Regex,
    /// `None` inside when no twin could be made with the same groups.
    ascii: OnceLock<Option<Regex>>,
    /// Each [`Group`]'s number in the pattern (its twin's too), if it has one.
    numbers: [Option<usize>; Group::ALL.len()],
}

/// The groups of one match of a [`GroupRegex`].
#[derive(Debug)]
pub struct Groups<'h, 'r> {
    captures: Captures<'h>,
    numbers: &'r [Option<usize>; Group::ALL.len()],
}

impl<'h> Groups<'h, '_> {
    /// The whole match.
    pub fn whole(&self) -> Match<'h> {
        self.captures
            .get(0)
            .expect("group 0 is the match, which every `Captures` holds")
    }

    /// What `group` matched, if the pattern has it and it took part.
    pub fn get(&self, group: Group) -> Option<Match<'h>> {
        self.numbers[group as usize].and_then(|n| self.captures.get(n))
    }
}

impl GroupRegex {
    pub fn new(pattern: &str) -> Result<Self, regex::Error> {
        let regex = Regex::new(pattern)?;
        let numbers =
            Group::ALL.map(|group| regex.capture_names().position(|n| n == Some(group.name())));
        Ok(GroupRegex {
            regex,
            ascii: OnceLock::new(),
            numbers,
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// The groups of the first match in `text`, as [`Regex::captures`] gives them.
    pub fn captures<'h>(&self, text: &'h str) -> Option<Groups<'h, '_>> {
        let twin = text.is_ascii().then(|| self.twin()).flatten();
        let captures = twin.unwrap_or(&self.regex).captures(text)?;
        Some(Groups {
            captures,
            numbers: &self.numbers,
        })
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
    fn groups(captures: Option<&Captures<'_>>) -> Option<Vec<Option<std::ops::Range<usize>>>> {
        captures.map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
    }

    /// [`groups`] of a match read through [`GroupRegex::captures`].
    fn read(groups: Option<&Groups<'_, '_>>) -> Option<Vec<Option<std::ops::Range<usize>>>> {
        self::groups(groups.map(|g| &g.captures))
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
                let captures = re.regex.captures(line);
                let expected = groups(captures.as_ref());
                matched += usize::from(expected.is_some());
                let read = re.captures(line);
                assert_eq!(self::read(read.as_ref()), expected, "{pattern} on {line:?}");
                // The engine's groups, read by number, are the groups by name.
                for group in Group::ALL {
                    let by_name = captures.as_ref().and_then(|c| c.name(group.name()));
                    let by_number = read.as_ref().and_then(|g| g.get(group));
                    assert_eq!(by_number.map(|m| m.range()), by_name.map(|m| m.range()));
                }
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
        let names = |line| {
            re.captures(line)
                .and_then(|g| g.get(Group::Authors))
                .map(|m| m.as_str().to_owned())
        };
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
            read(lost.captures("y").as_ref()),
            Some(vec![Some(0..1), None, Some(0..1)])
        );
    }
}
