//! Parts of a whole page that read like prose but are not the article, found by
//! their structure rather than their words, for the generic paragraph classifier:
//!
//! - the comment section: per-comment headers (`jane says:`, `Alex on May 2, 2018
//!   at 6:34 am said:`) and `Reply` links, two or more of them below the article;
//! - teaser blocks: a run of summaries that each stand alone between a headline,
//!   a date or a `2H ago` stamp (a `Most read` or `More from` box);
//! - glued teasers: a title-case headline run into its summary with no space
//!   (`Customers Leave Without Paying At SteakhouseA party of six left ...`), what a
//!   link wrapped around a headline and its blurb becomes in a text dump.
//!
//! Each test is one pass over the lines (or over one line), with its regexes
//! compiled once.

use std::ops::ControlFlow;
use std::sync::LazyLock;

use crate::document::{has_numeric, more_chars_than, try_blocks};
use crate::fields::shows_date;
use crate::letters;
use crate::spec::MatchSpec;
use crate::stopwords::words;
use crate::verdicts::{self, MatcherId};

/// Comment markers below the article that make a comment section.
const MIN_COMMENT_MARKERS: usize = 2;
/// How far above the first comment its section's header (`34 responses to ...`,
/// `Comments`) may stand.
const COMMENT_HEADER_REACH: usize = 4;
/// Stand-alone summaries in a row that make a teaser block.
const MIN_TEASER_RUN: usize = 3;

/// The classifier's line tests that the document's literal scan can rule out.
/// Each regex holds literals, one of which every match contains. The scan that
/// every document gets for its rules (see `prefilter.rs`) finds those literals
/// along with the rules' own. A line that holds none of a test's literals is not
/// searched: most lines hold none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScannedTest {
    LegalNotice,
    CreditedCaption,
    InnerDateline,
    MetaLabel,
    /// `©` or `All rights reserved`.
    RightsMark,
}

impl ScannedTest {
    pub(crate) const ALL: [ScannedTest; 5] = [
        ScannedTest::LegalNotice,
        ScannedTest::CreditedCaption,
        ScannedTest::InnerDateline,
        ScannedTest::MetaLabel,
        ScannedTest::RightsMark,
    ];

    /// The test's place among the scanned ones (and its bit in [`LineHints`]).
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Whether `text` passes the test.
    pub(crate) fn passes(self, text: &str) -> bool {
        match self {
            ScannedTest::LegalNotice => is_legal_notice(text),
            ScannedTest::CreditedCaption => is_credited_caption(text),
            ScannedTest::InnerDateline => has_inner_dateline(text),
            ScannedTest::MetaLabel => is_meta_label(text),
            ScannedTest::RightsMark => text.contains('©') || holds_all_rights_reserved(text),
        }
    }

    /// What the scan looks for: what every line the test passes holds.
    fn spec(self) -> MatchSpec {
        let regex = |pattern: &str| MatchSpec {
            regex: vec![pattern.to_owned()],
            ..MatchSpec::default()
        };
        match self {
            ScannedTest::LegalNotice => regex(LEGAL_NOTICE),
            ScannedTest::CreditedCaption => regex(CREDITED_CAPTION),
            ScannedTest::InnerDateline => regex(INNER_DATELINE),
            ScannedTest::MetaLabel => regex(META_LABEL),
            ScannedTest::RightsMark => MatchSpec {
                contains: vec!["©".to_owned()],
                regex: vec![format!("(?i){}", RIGHTS_RESERVED)],
                ..MatchSpec::default()
            },
        }
    }

    /// Every scanned test's [`ScannedTest::spec`], in [`ScannedTest::ALL`]'s order:
    /// the matchers a set with a classifier adds to its scan after its rules'.
    pub(crate) fn specs() -> &'static [MatchSpec] {
        static SPECS: LazyLock<Vec<MatchSpec>> =
            LazyLock::new(|| ScannedTest::ALL.map(ScannedTest::spec).into());
        &SPECS
    }
}

/// `All rights reserved`, in lower case.
const RIGHTS_RESERVED: &str = "all rights reserved";

/// Whether `text` holds `All rights reserved` in any ASCII case, without
/// lower-casing a copy of every line (no other letter lower-cases onto one of
/// its letters): compared where `memchr` finds its `v`, in either case, a rare
/// letter (looking where its first letter stood stopped at every `a`).
fn holds_all_rights_reserved(text: &str) -> bool {
    let text = text.as_bytes();
    memchr::memchr2_iter(b'v', b'V', text).any(|at| {
        at.checked_sub(RESERVED_V)
            .and_then(|start| text.get(start..start + RESERVED.len()))
            .is_some_and(|w| w.eq_ignore_ascii_case(RESERVED))
    })
}

/// The phrase [`holds_all_rights_reserved`] looks for, and where its `v` stands.
const RESERVED: &[u8] = RIGHTS_RESERVED.as_bytes();
const RESERVED_V: usize = 16;

/// Which of the [`ScannedTest`]s a line may pass, from the scan: one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineHints(u8);

impl LineHints {
    /// Every test may pass (a line no scan has seen).
    pub(crate) const ANY: LineHints = LineHints(u8::MAX);

    /// The hints of the tests `may` says a line may pass.
    pub(crate) fn from_scan(may: impl Fn(ScannedTest) -> bool) -> Self {
        LineHints(
            ScannedTest::ALL
                .iter()
                .filter(|&&test| may(test))
                .fold(0, |bits, test| bits | 1 << test.index()),
        )
    }

    /// Whether the line may pass `test`.
    pub(crate) fn may(self, test: ScannedTest) -> bool {
        self.0 & 1 << test.index() != 0
    }
}

/// A line that opens one comment: `name says:`, `name on <date> said:`.
pub(crate) fn is_comment_header_line(text: &str) -> bool {
    // The regex ends in the colon: most lines do not, and go no further.
    text.ends_with(':')
        && !more_chars_than(text, 100)
        && static_regex!(
            r"(?i)\b(?:says|said|wrote|writes|sagt|schreibt|skriver|sier|skrev|dit|disse|escribió|ha scritto)\s*:$",
        )
        .is_some_and(|re| re.is_match(text))
}

/// A line that opens or closes one comment: its header, or a `Reply` link.
pub(crate) fn is_comment_marker(text: &str) -> bool {
    // The longest `Reply` word is nine characters (at most three bytes each in
    // any case): most lines are longer, and go no further.
    is_comment_header_line(text)
        || (text.len() <= MAX_REPLY_BYTES
            && static_regex!(
                r"(?i)^(?:reply|reply ↓|antworten|svar|svare|responder|rispondi|répondre)$",
            )
            .is_some_and(|re| re.is_match(text)))
}

/// Longer than any `Reply` link the comment marker knows, in any case.
const MAX_REPLY_BYTES: usize = 32;

/// A comment section's header: `Comments`, `34 responses to “...”`, `Leave a Reply`,
/// `Kommentare`, `Kommentarer (12)`.
pub(crate) fn is_comment_header(text: &str) -> bool {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '[' || c == ']');
    !more_chars_than(text, 120)
        && static_regex!(
            r"(?i)^(?:\d+\s+)?(?:comments?|responses?|replies|kommentare?|kommentarer|svar|reader comments|discussion)\b(?:\s*\(\d+\))?(?:\s+(?:to|on|zu|til)\b.*)?$|^(?:leave|post|add|write) a (?:comment|reply)\b|^join the (?:discussion|conversation)\b|^(?:schreibe|hinterlasse) einen kommentar|^(?:skriv|legg igjen) en kommentar",
        )
        .is_some_and(|re| re.is_match(text))
}

/// Where the comment section starts: the first comment marker below the
/// article's first paragraph (`first_prose`), when at least two follow and one
/// of them is a comment's header (a `Reply` link alone is also what an embedded
/// post shows), or when three or more comments are signed the forum way (a
/// user name over a time stamp); moved up to the section's header if one stands
/// just above it.
pub(crate) fn comment_section(lines: &[&str], first_prose: usize) -> Option<usize> {
    let below = first_prose + 1..lines.len();
    let markers: Vec<usize> = below
        .clone()
        .filter(|&i| is_comment_marker(lines[i]))
        .collect();
    let signed: Vec<usize> = below
        .filter(|&i| i + 1 < lines.len() && is_user_name(lines[i]) && is_clock_stamp(lines[i + 1]))
        .collect();
    let by_markers = markers.len() >= MIN_COMMENT_MARKERS
        && markers.iter().any(|&i| is_comment_header_line(lines[i]));
    let by_signatures = signed.len() >= MIN_SIGNED_COMMENTS;
    let first = match (by_markers, by_signatures) {
        (true, true) => markers[0].min(signed[0]),
        (true, false) => markers[0],
        (false, true) => signed[0],
        (false, false) => return None,
    };
    let reach = first
        .saturating_sub(COMMENT_HEADER_REACH)
        .max(first_prose + 1);
    Some(
        (reach..first)
            .find(|&i| is_comment_header(lines[i]))
            .unwrap_or(first),
    )
}

/// Forum-style signatures (name, then time stamp) that make a comment section.
const MIN_SIGNED_COMMENTS: usize = 3;

/// A user name: one to three words, short, no sentence punctuation, no date.
fn is_user_name(text: &str) -> bool {
    // (Two to thirty characters, told without counting a paragraph's.)
    more_chars_than(text, 1)
        && !more_chars_than(text, 30)
        && words(text).count() <= 3
        && !text.ends_with(['.', '!', '?', ':'])
        && !is_stamp(text)
}

/// A comment's time stamp: a stamp with a time of day (`2 days ago at 07:52
/// am`, `November 19, 2019 at 6:34 am`). A relative time alone (`2 hours ago`)
/// is not enough: teaser lists print a name over one too. (The regex here
/// once held backspace characters where `\b` was meant, so its `ago`, `siden`
/// and `vor` never matched; written out, they took a page of teasers for
/// comments, so the time of day is all it asks.)
fn is_clock_stamp(text: &str) -> bool {
    is_stamp(text) && static_regex!(r"\d{1,2}[:.]\d{2}").is_some_and(|re| re.is_match(text))
}

/// A stamp a teaser shows: a date line, or a relative time (`2H ago`,
/// `updated 16M ago`, `vor 2 Stunden`, `for 3 timer siden`).
pub(crate) fn is_stamp(text: &str) -> bool {
    // Every stamp holds a digit (`\d` is a Unicode decimal digit, which
    // `is_numeric` takes in); most short lines hold none.
    if more_chars_than(text, 60) || !has_numeric(text) {
        return false;
    }
    // A page's stamps recur on the outlet's other pages (and its teasers on
    // every page): the verdict is remembered like a rule's.
    static STAMPS: LazyLock<MatcherId> = LazyLock::new(MatcherId::next);
    verdicts::remembered(*STAMPS, text, |text| {
        static_regex!(
            r"(?i)\b\d+\s*(?:s|m|h|d|w|mins?|minutes?|hrs?|hours?|days?|weeks?|months?)\s+ago\b|\bvor\s+\d+\s+(?:minuten|stunden|tagen)\b|\b\d+\s+(?:minutter|timer|dager)\s+siden\b",
        )
        .is_some_and(|re| re.is_match(text))
            || shows_date(text)
    })
}

/// Kickers: short names (up to [`MAX_REPEATED_CHARS`] bytes, four words) that the
/// page prints [`MIN_REPEATS`] times or more (a section's name over every
/// teaser). One flag per line; one pass with a hash map. `words[i]`: how many
/// words `lines[i]` holds (what the caller counted already).
pub(crate) fn repeated_lines(lines: &[&str], words: &[usize]) -> Vec<bool> {
    let mut counts: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    // A kicker is a name (`Company Town`): letters, a few words, no colon, no
    // sentence; a separator (`___`), a call to action (`See it now: Amazon`) or a
    // credit (`Photo: ...`) repeated between a story's parts is not one.
    let kicker = |line: &str, words: usize| {
        line.len() <= MAX_REPEATED_CHARS
            && line.chars().any(char::is_alphabetic)
            && !line.contains(':')
            && !line.ends_with(['.', '!', '?'])
            && words <= 4
    };
    for (&line, &words) in lines.iter().zip(words) {
        if kicker(line, words) {
            *counts.entry(line).or_default() += 1;
        }
    }
    lines
        .iter()
        .map(|line| counts.get(line).is_some_and(|&n| n >= MIN_REPEATS))
        .collect()
}

/// Headlines (five words or more, no sentence's end) that the page prints twice
/// or more from line `from` on: the lines, in order. One pass with a hash map.
/// `words[i]`: how many words `lines[i]` holds.
pub(crate) fn repeated_headlines(lines: &[&str], words: &[usize], from: usize) -> Vec<usize> {
    let headline = |line: &str, words: usize| {
        line.len() <= MAX_HEADLINE_BYTES
            && !line.ends_with(['.', '!', '?', ':', '…'])
            && words >= 5
            && !is_embed_credit(line)
    };
    let mut counts: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (&line, &words) in lines.iter().zip(words).skip(from) {
        if headline(line, words) {
            *counts.entry(line).or_default() += 1;
        }
    }
    (from..lines.len())
        .filter(|&i| counts.get(lines[i]).is_some_and(|&n| n >= 2))
        .collect()
}

/// Longest line (in bytes) taken for a headline.
const MAX_HEADLINE_BYTES: usize = 160;

/// Longest line (in bytes) counted as a repeated marker...
const MAX_REPEATED_CHARS: usize = 60;
/// ...and how often the page must print it.
const MIN_REPEATS: usize = 3;

/// A teaser's excerpt, cut off mid-sentence by the page (`..., for which ...`,
/// `... the headphones, which ar…`): a long line ending in an ellipsis right
/// after a word or a comma, not after a sentence's end.
pub(crate) fn is_cut_off_excerpt(text: &str) -> bool {
    text.len() >= MIN_EXCERPT_BYTES && ends_cut_off(text)
}

/// Whether a line ends cut off by the page: an ellipsis right after a word or a
/// comma (`... used body parts suit …`, `Lenovo laptops with improved suppor...`),
/// not after a sentence's end.
pub(crate) fn ends_cut_off(text: &str) -> bool {
    let text = text.trim_end();
    text.strip_suffix("...")
        .or_else(|| text.strip_suffix('…'))
        .and_then(|rest| rest.trim_end().chars().next_back())
        .is_some_and(|c| c.is_alphanumeric() || c == ',')
}

/// A post's metadata row under the story (`Tags: ads, awareness, meth`, `Filed
/// under: Politics`, `Categories: News`, `Wordcount: 717`): a label every blog
/// and news system prints, never the story's text.
fn is_meta_label(text: &str) -> bool {
    // The label's colon: most lines have none, and go no further.
    text.len() <= 300
        && text.contains(':')
        && static_regex!(META_LABEL).is_some_and(|re| re.is_match(text))
}

/// [`is_meta_label`]'s regex.
const META_LABEL: &str = r"(?i)^(?:tags?|tagged(?: with)?|topics?|categories|category|filed (?:under|in)|posted in|keywords|word ?count|schlagwörter|stichwörter|emneord|etiquetas|tagi)\s?:\s*\S";

/// Shortest line (in bytes) taken for a cut-off excerpt (shorter ones are
/// headlines cut to fit).
pub(crate) const MIN_EXCERPT_BYTES: usize = 100;

/// Marks teaser blocks: runs of [`MIN_TEASER_RUN`] or more prose lines (`prose[i]`)
/// that each stand alone (no prose line next to them) with a stamp (`stamps[i]`,
/// from [`is_stamp`]) between them and the prose before or after. Returns one flag
/// per line.
pub(crate) fn teaser_summaries(prose: &[bool], stamps: &[bool]) -> Vec<bool> {
    let n = prose.len();
    let mut flags = vec![false; n];
    let goods: Vec<usize> = (0..n).filter(|&i| prose[i]).collect();
    let alone = |k: usize| -> bool {
        let i = goods[k];
        let before = if k > 0 { goods[k - 1] + 1 } else { 0 };
        let after = goods.get(k + 1).copied().unwrap_or(n);
        let isolated = before < i && after > i + 1;
        isolated && (stamps[before..i].contains(&true) || stamps[i + 1..after].contains(&true))
    };
    for run in runs(goods.len(), alone) {
        // A box's summaries stand close together: a wide gap (a page of menus
        // between two stand-alone lines) starts another run.
        let mut start = run.start;
        for k in run.start + 1..=run.end {
            if k == run.end || goods[k] - goods[k - 1] > MAX_TEASER_GAP {
                if k - start >= MIN_TEASER_RUN {
                    for &i in &goods[start..k] {
                        flags[i] = true;
                    }
                }
                start = k;
            }
        }
    }
    flags
}

/// Most lines from one teaser's summary to the next in a box (headline, stamp,
/// kicker, `Read more` between them).
const MAX_TEASER_GAP: usize = 8;

/// The maximal runs of indices below `len` for which `holds` is true, in order:
/// the one shape of "lines in a row that ..." the classifier asks about (short
/// lines, sentences, stand-alone summaries).
pub(crate) fn runs(
    len: usize,
    holds: impl Fn(usize) -> bool,
) -> impl Iterator<Item = std::ops::Range<usize>> {
    let mut next = 0;
    std::iter::from_fn(move || {
        let start = (next..len).find(|&i| holds(i))?;
        let end = (start + 1..len).find(|&i| !holds(i)).unwrap_or(len);
        next = end + 1;
        Some(start..end)
    })
}

/// A title-case headline glued to its summary: the text before the first
/// `lowerUpper` join is a headline of three or more words, every longer word
/// capitalised.
pub(crate) fn is_glued_teaser(text: &str) -> bool {
    let Some(join) = glued_join(text) else {
        return false;
    };
    let head = &text[..join];
    if head.chars().count() < 15 {
        return false;
    }
    // The glued word itself (`SteakhouseA`): its own part before the join counts.
    let heads: Vec<&str> = words(head).collect();
    let long: Vec<&&str> = heads
        .iter()
        .filter(|w| w.chars().filter(|&c| letters::is_alphabetic(c)).count() > 3)
        .collect();
    heads.len() >= 3
        && long.len() >= 2
        && long.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| letters::is_uppercase(c) || !letters::is_alphabetic(c))
        })
}

/// Where the first `lowerUpper` join of `text` puts its capital (a lower-case
/// letter or closing mark, a capital, then a lower-case letter or a space).
fn glued_join(text: &str) -> Option<usize> {
    if text.is_ascii() {
        glued_join_ascii(text)
    } else {
        glued_join_chars(text)
    }
}

/// [`glued_join`] of an ASCII line (most lines), read as bytes (its marks `’`
/// and `”` cannot occur in it). The capital a join turns on is rare in running
/// text: a block of bytes that holds none (one test of the block, which the
/// compiler does a vector at a time) is passed over whole.
fn glued_join_ascii(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let joins_at = |at: usize| {
        let (a, c) = (bytes[at - 1], bytes[at + 1]);
        (a.is_ascii_lowercase() || matches!(a, b')' | b'?' | b'!' | b'"' | b'\''))
            && (c.is_ascii_lowercase() || c == b' ')
    };
    let last = bytes.len().checked_sub(1)?;
    // The joins in the block at `start`.
    let search = |start: usize| {
        (start.max(1)..(start + GLUE_BLOCK).min(last))
            .find(|&at| bytes[at].is_ascii_uppercase() && joins_at(at))
    };
    let has_capital = |block: &[u8; GLUE_BLOCK]| {
        block
            .iter()
            .fold(0u8, |any, &b| any | u8::from(b.is_ascii_uppercase()))
            != 0
    };
    try_blocks(bytes, |start, block| {
        match has_capital(block).then(|| search(start)).flatten() {
            Some(at) => ControlFlow::Break(at),
            None => ControlFlow::Continue(()),
        }
    })
}

/// The bytes [`glued_join_ascii`] tests for a capital at once.
const GLUE_BLOCK: usize = 32;

/// [`glued_join`] of any line: three characters at a time, without collecting
/// the line's characters.
fn glued_join_chars(text: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    let (Some(mut a), Some(mut b)) = (chars.next(), chars.next()) else {
        return None;
    };
    chars.find_map(|c| {
        let glued = (letters::is_lowercase(a.1)
            || matches!(a.1, ')' | '?' | '!' | '’' | '”' | '"' | '\''))
            && letters::is_uppercase(b.1)
            && (letters::is_lowercase(c.1) || c.1 == ' ');
        let at = b.0;
        (a, b) = (b, c);
        glued.then_some(at)
    })
}

/// A headline run into the next story's dateline (`... in Parliament: Cong NEW
/// DELHI: The Congress on ...`): a capitals-only place name with a colon in the
/// middle of the line, after text that did not end a sentence.
fn has_inner_dateline(text: &str) -> bool {
    // The regex needs the colon: most lines have none, and go no further.
    text.contains(':')
        && static_regex!(INNER_DATELINE)
            .and_then(|re| re.find(text))
            .is_some_and(|m| m.start() >= 20)
}

/// [`has_inner_dateline`]'s regex.
const INNER_DATELINE: &str = r"[^\s.!?]\s+\p{Lu}{2,}(?:\s\p{Lu}{2,}){0,2}:\s+\p{Lu}";

/// The text after a leading dateline (`ST. JOSEPH, Mich. (AP) — `, `HONOLULU,
/// Hawaii (HawaiiNewsNow) - `, `BRUSSELS — `), or the whole line without one.
pub(crate) fn after_dateline(text: &str) -> &str {
    if !may_open_dateline(text) {
        return text;
    }
    dateline()
        .and_then(|re| re.find(text))
        .map_or(text, |m| &text[m.end()..])
}

/// A leading dateline.
fn dateline() -> Option<&'static regex::Regex> {
    static_regex!(
        r"^\p{Lu}[\p{Lu}.'’\- ]{1,30}(?:,\s+\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*){0,2})?\s*(?:\([^()]{1,40}\)\s*)?(?:—|–|-{1,2})\s+",
    )
}

/// Whether `text` opens as [`dateline`] must: a capital, then a capital, a space
/// or a mark (every capital letter is `is_uppercase`). Most lines open otherwise,
/// and are not searched.
fn may_open_dateline(text: &str) -> bool {
    let mut opening = text.chars();
    opening.next().is_some_and(letters::is_uppercase)
        && opening
            .next()
            .is_some_and(|c| letters::is_uppercase(c) || matches!(c, '.' | '\'' | '’' | '-' | ' '))
}

/// An image caption with its credit (`... ate a rabbitCredit: Getty - Contributor`,
/// `... in May. Photo: Reuters`, `... in June (Image: GETTY )`): a credit label
/// glued to the text or ending it.
fn is_credited_caption(text: &str) -> bool {
    // Each of the regex's three forms needs the colon after the label: most lines
    // have none, and go no further.
    text.contains(':') && static_regex!(CREDITED_CAPTION).is_some_and(|re| re.is_match(text))
}

/// [`is_credited_caption`]'s regex.
const CREDITED_CAPTION: &str = r"(?:\p{Ll}|[.)”])(?:Credit|Credits|Photo|Image|Picture|Foto|Bild)\s?:\s|[.)]\s+(?:Credit|Photo|Image|Picture|Foto|Bild)\s?:\s[^.!?]{1,60}$|\((?i:credit|photo|image|picture|pic|foto|bild)s?\s?:\s?[^()]{1,60}\)$";

/// A site's legal small print (`The material on this site may not be reproduced
/// ...`, `Registration on or use of this site constitutes acceptance of ...`,
/// trademark notices, `... not intended to diagnose ...` disclaimers).
fn is_legal_notice(text: &str) -> bool {
    static_regex!(LEGAL_NOTICE).is_some_and(|re| re.is_match(text))
}

/// [`is_legal_notice`]'s regex.
const LEGAL_NOTICE: &str = r"(?i)(?:^|\W)(?:may not be (?:reproduced|published|copied|redistributed|rewritten)|without (?:the )?(?:express )?(?:prior )?written (?:permission|consent)|constitutes (?:your )?acceptance of|alle rechte vorbehalten|alle rettigheter|(?:is an?|are) (?:registered )?trademarks? of|not intended to (?:diagnose|replace)|for informational purposes only|for your personal,? non-commercial use only)(?:\W|$)";

/// The credit line of a social post embedded in a story (`— Jane Doe (@jdoe)
/// November 18, 2019`): a dash, the author, their handle, the date.
pub(crate) fn is_embed_credit(text: &str) -> bool {
    // The regex opens with the dash.
    text.starts_with(['—', '–', '-'])
        && text.len() <= 160
        && static_regex!(
            r"^[—–-]\s?[^
]{1,80}\(@\w{1,30}\)\s(?:\S+\s){0,2}\d{1,2},?\s\d{4}$"
        )
        .is_some_and(|re| re.is_match(text))
}

/// A press release's facts on the company (`... is headquartered in Baar`,
/// `... employs around 1,300 people`, `... shares are listed on the SIX Swiss
/// Exchange`): the boilerplate every release of the company ends with.
pub(crate) fn is_company_facts(text: &str) -> bool {
    text.len() <= 1200
        && static_regex!(
            r"(?i)(?:^|\W)(?:(?:is|are) headquartered in|employs (?:about |around |over |more than |some |approximately |nearly )?[\d,.]+\s(?:people|employees|staff)|(?:shares|stock) (?:is|are) (?:listed|traded) on)(?:\W|$)",
        )
        .is_some_and(|re| re.is_match(text))
}

/// What a company's boilerplate opens with: `Ascom is a global solutions
/// provider ...`, `Acme Inc. is the leading maker of ...`.
pub(crate) fn is_company_intro(text: &str) -> bool {
    text.len() <= 1200
        && static_regex!(
            r"^\p{Lu}[\p{L}\d&.'’-]*(?:\s[\p{L}\d&.'’(),-]+){0,5}?\s(?:is|are)\s(?:a|an|the|one of the)\s(?:[\p{L}'’-]+\s){0,5}?(?:provider|supplier|manufacturer|developer|maker|company|leader|firm|operator|distributor|retailer|group|organi[sz]ation|platform)s?(?:\W|$)",
        )
        .is_some_and(|re| re.is_match(text))
}

/// What follows an author's name in a note on them: ` is a ...`, ` er ...`, ` ist ...`.
pub(crate) fn is_bio_predicate(rest: &str) -> bool {
    static_regex!(
        r"^,?\s(?:is|was|has been|covers|writes|er|var|skriver|dekker|ist|war|schreibt)\s",
    )
    .is_some_and(|re| re.is_match(rest))
}

/// A note on a named writer: `Jane Doe is a senior reporter at ...`, `Kari
/// Nordmann er journalist i ...`, `Anna Berger ist Redakteurin ...`.
pub(crate) fn is_bio(text: &str) -> bool {
    !more_chars_than(text, 400)
        && static_regex!(
            r"^\p{Lu}[\p{L}.'’-]+(?:\s\p{Lu}[\p{L}.'’-]+){1,3},?\s(?:is|was|has been|er|var|ist|war)\s(?:[\p{L}-]+,?\s){0,5}?(?i:reporter|writer|journalist(?:in)?|correspondent|editor|columnist|contributor|author|redakteur(?:in)?|korrespondent(?:in)?|redaktør|skribent|kommentator|autor(?:in)?|journalisten|reporterin)(?:\W|$)",
        )
        .is_some_and(|re| re.is_match(text))
}

/// The heading over a note on the author: `About the author` (and its German,
/// Norwegian, Portuguese, Spanish and French forms), or `About <Name>`, `Über
/// <Name>`, `Om <Name>`, `Sobre <Name>` (a Portuguese blog's author box on two
/// benchmark pages: `Sobre Carlos Nadalim`, then `Pai de ...`). `À propos de
/// <Name>` is not: no page or fixture shows it.
pub(crate) fn is_bio_header(text: &str) -> bool {
    static_regex!(
        r"^(?i:about the (?:author|writer)|über (?:den autor|die autorin)|om (?:forfatteren|skribenten)|sobre (?:o|el) autor|à propos de l'auteur)\s*:?$|^(?:About|Über|Om|Sobre)\s\p{Lu}[\p{L}.'’-]+(?:\s\p{Lu}[\p{L}.'’-]+){1,2}$",
    )
    .is_some_and(|re| re.is_match(text))
}

/// The separators a list item may hold between its parts, the first listed
/// first: a line holding several is filed under the first of them.
const ITEM_SEPARATORS: [&str; 7] = [" -- ", " – ", " — ", " - ", "\t", ": ", " | "];

/// The first of [`ITEM_SEPARATORS`] that `text` holds. Each opens with a tab or a
/// colon, or a space before a hyphen, a bar or a dash's lead byte: those bytes
/// are rare in prose and found with the memchr crate's vector searches, and only
/// where one stands are the separators compared (a search per separator walked
/// the line seven times).
fn item_separator(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    let starts = memchr::memchr2_iter(b'\t', b':', bytes)
        .chain(memchr::memchr3_iter(b'-', 0xE2, b'|', bytes).filter_map(|at| at.checked_sub(1)));
    let mut present = 0u8;
    for at in starts {
        for (k, separator) in ITEM_SEPARATORS.iter().enumerate() {
            if bytes[at..].starts_with(separator.as_bytes()) {
                present |= 1 << k;
            }
        }
    }
    (present != 0).then(|| ITEM_SEPARATORS[present.trailing_zeros() as usize])
}

/// What a list item looks like, to tell the items of one list: how it starts
/// (digit, capital, small letter, other) and which separator it uses.
fn item_shape(text: &str) -> (u8, Option<&'static str>) {
    let start = match text.chars().next() {
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_uppercase() => 1,
        Some(c) if c.is_lowercase() => 2,
        _ => 3,
    };
    let separator = item_separator(text);
    // A table's rows share their cells, whatever they start with: the header
    // row (`Pos.\tDriver`) is one of them.
    if separator == Some("\t") {
        return (0, separator);
    }
    (start, separator)
}

/// Lines at most this long can be list items.
const MAX_ITEM_CHARS: usize = 160;

/// For each line, the end of the run of lines from it that share its item shape
/// (no run for items that are just words: `Apples`, `Related Topics` cannot be
/// told from the page's links, nor for lines too long to be items). One pass
/// from the end, so finding lists stays linear in the page.
pub(crate) fn item_runs(lines: &[&str]) -> Vec<usize> {
    let shapes: Vec<Option<(u8, Option<&str>)>> = lines
        .iter()
        .map(|t| {
            // (A line too long to be an item is not searched for separators.)
            if more_chars_than(t, MAX_ITEM_CHARS) {
                return None;
            }
            let shape = item_shape(t);
            (!matches!(shape, (1 | 2, None))).then_some(shape)
        })
        .collect();
    let mut ends = vec![0; lines.len()];
    for i in (0..lines.len()).rev() {
        ends[i] = match shapes[i] {
            None => i,
            Some(_) if i + 1 < lines.len() && shapes[i + 1] == shapes[i] => ends[i + 1],
            Some(_) => i + 1,
        };
    }
    ends
}

/// Rows a table or a numbered schedule shows (`1\tKyle Busch\t5040`, `1a etapa: 10
/// de março – Interlagos`): runs of at least [`MIN_TABLE_ROWS`] lines of one item
/// shape (`runs` from [`item_runs`]) whose items hold tab-separated cells (a
/// header row included), or start with a number and have a separator. Text a page sets out this way is
/// data the story gives (results, standings, dates), not a menu of links.
pub(crate) fn table_rows(lines: &[&str], runs: &[usize]) -> Vec<bool> {
    let mut rows = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let end = runs[i].max(i + 1);
        // (A line in no run, a long one too, is not searched for separators.)
        if end - i >= MIN_TABLE_ROWS && matches!(item_shape(lines[i]), (0, Some(_))) {
            rows[i..end].fill(true);
        }
        i = end;
    }
    rows
}

/// Rows in a run that make a table.
const MIN_TABLE_ROWS: usize = 3;

/// The list a line introduces (`runs` from [`item_runs`]): the following lines
/// that share the first item's shape, at least two after a line ending in `:`,
/// at least three (with a separator: `June 9 – Tampa`, table cells) after any
/// other line. Returns the range of items.
pub(crate) fn list_after(
    lines: &[&str],
    runs: &[usize],
    intro: usize,
) -> Option<std::ops::Range<usize>> {
    let colon = lines.get(intro)?.ends_with(':');
    let first = intro + 1;
    let items = first..*runs.get(first)?;
    let enough = if colon {
        items.len() >= 2
    } else {
        items.len() >= 3 && item_shape(lines[first]).1.is_some()
    };
    enough.then_some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many words each line holds.
    fn word_counts(lines: &[&str]) -> Vec<usize> {
        lines.iter().map(|l| words(l).count()).collect()
    }

    #[test]
    fn the_scan_hints_every_line_a_scanned_test_passes_and_few_others() {
        let set = crate::RuleSet::from_toml("name = \"t\"\n[classify]\n").unwrap();
        // A line that each test passes, in cases and scripts the scan must see
        // through; then every line of the fixtures.
        let passing = [
            "The material on this site may not be reproduced without permission.",
            "Inhalt: ALLE RECHTE VORBEHALTEN",
            "Acme™ is a registered trademark of Acme Inc.",
            "Hunters at dawn in the Highlands.Photo: Reuters",
            "A fox in the garden (IMAGE: Getty)",
            "Cong panel meets in Parliament: Cong NEW DELHI: The Congress on Monday said",
            "Tags: ads, awareness, meth",
            "Schlagwörter: Politik",
            "Copyright © 2026 Gazette",
            "Gazette. All Rights Reserved",
        ];
        let mut texts = vec![passing.join("\n")];
        texts.extend(crate::fixture_texts(None));
        let (mut passed, mut hinted, mut lines) = ([0; 5], [0; 5], 0);
        for text in &texts {
            let doc = crate::Document::parse(text);
            let scan = set.candidates(&doc);
            for (i, line) in doc.texts().enumerate() {
                lines += 1;
                let hints = LineHints::from_scan(|test| {
                    scan.may_match(i, set.rules().len() + test.index())
                });
                for test in ScannedTest::ALL {
                    hinted[test.index()] += usize::from(hints.may(test));
                    if test.passes(line) {
                        passed[test.index()] += 1;
                        assert!(hints.may(test), "{test:?} passes {line:?}, unhinted");
                    }
                }
            }
        }
        assert!(passed.iter().all(|&n| n >= 1), "{passed:?}");
        // The scan spares each test most lines (the colon the dateline test
        // needs is in one line in ten of the fixtures).
        assert!(
            hinted.iter().all(|&n| n * 5 < lines),
            "{hinted:?} of {lines}"
        );
    }

    #[test]
    fn ascii_case_checks_agree_with_lower_casing() {
        for text in [
            "ALL RIGHTS RESERVED.",
            "© 2026 Gazette. All Rights Reserved",
            "All rights reſerved",
            "all rights",
            "",
            "aaaAll rights reservedall rights reserveD",
            "xall rights reserve",
            "rights reserved",
            "vall rights reserved v",
            "ALL RIGHTS RESERVEDv",
        ] {
            assert_eq!(
                holds_all_rights_reserved(text),
                text.to_lowercase().contains("all rights reserved"),
                "{text}"
            );
        }
        assert_eq!(RESERVED[RESERVED_V], b'v');
    }

    #[test]
    fn an_item_separator_is_the_first_listed_that_a_line_holds() {
        let pieces = ["a", " ", "-", "--", "–", "—", "\t", ":", "|", "é", ": "];
        let mut lines = vec![String::new()];
        for _ in 0..3 {
            lines = lines
                .iter()
                .flat_map(|l| pieces.iter().map(move |p| format!("{l}{p}")))
                .collect();
        }
        lines.extend(
            [
                "1. Item -- note",
                "Name – role",
                "Sport: results | table",
                "x\ty",
            ]
            .map(String::from),
        );
        for line in &lines {
            let want = ITEM_SEPARATORS
                .iter()
                .copied()
                .find(|sep| line.contains(sep));
            assert_eq!(item_separator(line), want, "{line:?}");
        }
    }

    /// Every line of every fixture, and the characters most lines open with.
    fn fixture_lines() -> Vec<String> {
        crate::fixture_texts(None)
            .iter()
            .flat_map(|text| text.lines().map(str::trim).map(str::to_owned))
            .collect()
    }

    #[test]
    fn the_phrases_stand_between_unicode_word_boundaries() {
        // (The regexes spell `\b` out as a character that is no word character
        // or the line's end, which the fast engine reads in any text; `\b` makes
        // it fall back to a slow one at the first letter outside ASCII.)
        for (line, legal) in [
            (
                "Inhalte © 2024 — may not be reproduced without permission.",
                true,
            ),
            ("may not be reproduced", true),
            ("Alle Rechte vorbehalten.", true),
            ("Æmay not be reproduced", false),
            ("may not be reproducedø", false),
            ("Acme™ is a registered trademark of Acme Inc.", true),
            ("Acme is a registered trademark ofé", false),
        ] {
            assert_eq!(is_legal_notice(line), legal, "{line}");
        }
        assert!(is_company_facts(
            "Ascom er — the group is headquartered in Baar."
        ));
        assert!(!is_company_facts("Ascom is headquartered inå Baar"));
        assert!(!is_company_facts("Øis headquartered in Baar"));
        assert!(is_company_intro("Ørsted is a global energy company"));
        assert!(!is_company_intro("Ørsted is a global energy companyø"));
        assert!(is_bio("Kari Nordmann er journalist i Aftenposten."));
        assert!(is_bio("Kari Nordmann er journalist"));
        assert!(!is_bio("Kari Nordmann er journalistø i Aftenposten."));
    }

    #[test]
    fn an_ascii_line_is_read_for_its_glued_join_as_any_line_is() {
        let mut lines = fixture_lines();
        lines.extend(
            [
                "Steakhouse chain closesA new owner",
                "endsA",
                "x)Ab",
                "it?Go now",
                "\"Q\"Ab",
                "aB",
                "",
            ]
            .map(str::to_owned),
        );
        // Capitals on each side of the blocks the line is read in, and last.
        for before in 29..=34 {
            for after in ["b", " b", "", "B"] {
                lines.push(format!("{}A{after}", "x".repeat(before)));
            }
        }
        let mut joins = 0;
        for line in lines.iter().filter(|l| l.is_ascii()) {
            let join = glued_join_ascii(line);
            assert_eq!(join, glued_join_chars(line), "{line:?}");
            joins += usize::from(join.is_some());
        }
        assert!(joins > 100, "{joins} joins");
    }

    #[test]
    fn a_line_the_dateline_regex_matches_opens_as_the_cheap_test_asks() {
        let mut lines = fixture_lines();
        // Each of a range of characters as the first and as the second of a
        // dateline (capitals of several scripts and of other kinds, marks,
        // lower-case letters, digits).
        let chars = "AZÉÆØÅΣЖǅⅠⒶ.'’- a1é(—";
        for first in chars.chars() {
            for second in chars.chars() {
                lines.push(format!(
                    "{first}{second}ONDON, Ont. (AP) — The talks ended."
                ));
            }
        }
        let re = dateline().unwrap();
        let mut matched = 0;
        for line in &lines {
            if re.is_match(line) {
                matched += 1;
                assert!(may_open_dateline(line), "{line:?}");
            }
        }
        assert!(matched > 50, "{matched} datelines");
    }

    #[test]
    fn comment_markers_and_headers() {
        for line in [
            "thelastchargersfan says:",
            "Alex on September 17, 2018 at 6:34 am said:",
            "Reply",
            "Kari skriver:",
        ] {
            assert!(is_comment_marker(line), "{line}");
        }
        assert!(!is_comment_marker(
            "The minister said: we will build it, and we will build it now, whatever it costs the city and whoever objects to it."
        ));
        assert!(!is_comment_marker(
            "Replying to the council, the mayor said no."
        ));
        for line in [
            "34 responses to “Anthony Lynn: “We needed to win this game””",
            "Comments",
            "Leave a Reply",
            "Kommentare (3)",
        ] {
            assert!(is_comment_header(line), "{line}");
        }
        assert!(!is_comment_header(
            "Comments from the minister came late on Tuesday."
        ));
    }

    #[test]
    fn the_comment_section_starts_at_its_header() {
        let lines = [
            "The council voted on Tuesday to approve a new bridge across the inner harbour, ending a long dispute.",
            "Opponents said that the cost had nearly doubled since the first plans were presented to the public.",
            "2 responses to “Council votes for a bridge”",
            "harbourfan says:",
            "November 19, 2026 at 6:34 am",
            "About time too. The old ferry has been a joke for years and everyone in the city knows it.",
            "oldtimer says:",
            "November 19, 2026 at 7:02 am",
            "Waste of money.",
        ];
        assert_eq!(comment_section(&lines, 0), Some(2));
        // One `says:` line in a story is a quote's lead-in, not a comment section;
        // `Reply` links alone are what embedded posts show.
        assert_eq!(comment_section(&lines[..6], 0), None);
        let embeds = [lines[0], "Reply", lines[1], "Reply", lines[5]];
        assert_eq!(comment_section(&embeds, 0), None);
    }

    #[test]
    fn forum_comments_signed_with_a_name_and_a_time() {
        let mut lines = vec![
            "The report claims the display size will remain the same, although the source has a mixed record.",
            "[ 167 comments ]",
        ];
        for name in ["Woyzeck", "Nick A", "fmcshan"] {
            lines.extend([
                name,
                "2 days ago at 07:52 am",
                "It is good to see this at last.",
            ]);
        }
        assert_eq!(comment_section(&lines, 0), Some(1));
        // A byline over a date, once, is the article's head.
        assert_eq!(comment_section(&lines[..5], 0), None);
    }

    fn stamps(lines: &[&str]) -> Vec<bool> {
        lines.iter().map(|t| is_stamp(t)).collect()
    }

    #[test]
    fn stand_alone_summaries_with_stamps_are_teasers() {
        let lines = [
            "Farmers paint their cows with zebra stripes",
            "Some people thought the stripy cattle in a pasture were a joke, but the science behind them is real.",
            "32M ago",
            "Strikes on targets across the border",
            "The defence chief says the strikes were a message to the neighbours and would be repeated if needed.",
            "1H ago",
            "Two soldiers killed in a helicopter crash",
            "Officials dismiss a claim that the craft was shot down but say the cause is being investigated now.",
            "2H ago",
        ];
        let prose: Vec<bool> = lines.iter().map(|t| t.len() > 80).collect();
        let flags = teaser_summaries(&prose, &stamps(&lines));
        assert_eq!(
            flags,
            [false, true, false, false, true, false, false, true, false]
        );
        // Paragraphs of a story in a row are not teasers, dates or not.
        let story = [
            "23 November 2026",
            "The city council voted 27 to 12 on Tuesday evening to approve a new bridge across the harbour.",
            "It was the end of a dispute that has divided the city for more than a year, and of many meetings.",
            "Opponents said that the cost had nearly doubled since the first plans were presented to the public.",
        ];
        let prose: Vec<bool> = story.iter().map(|t| t.len() > 80).collect();
        assert!(!teaser_summaries(&prose, &stamps(&story)).contains(&true));
    }

    #[test]
    fn stand_alone_lines_far_apart_are_not_one_box() {
        // Two stand-alone quotes of the story between stamps, and a sign-up line
        // far below after the menus: not three teasers in a row.
        let mut lines = vec![
            "Officials observed a minute of silence in honour of the departed souls today.",
            "October 9, 2018",
            "The leader raised a motion on the deaths of two former members of the house today.",
            "October 9, 2018",
        ];
        lines.extend(["Home"; 12]);
        lines
            .push("Enter your address to receive a letter from us about the new posts every week.");
        let prose: Vec<bool> = lines.iter().map(|t| t.len() > 60).collect();
        assert!(!teaser_summaries(&prose, &stamps(&lines)).contains(&true));
        // The same three lines close together are a box.
        let close = [
            "Most read",
            lines[0],
            lines[1],
            lines[2],
            lines[3],
            lines[16],
            "2H ago",
        ];
        let prose: Vec<bool> = close.iter().map(|t| t.len() > 60).collect();
        assert_eq!(
            teaser_summaries(&prose, &stamps(&close)),
            [false, true, false, true, false, true, false]
        );
    }

    #[test]
    fn credits_of_embedded_posts() {
        assert!(is_embed_credit(
            "— Dianna E. Anderson 🏳️‍🌈 (@diannaeanderson) November 18, 2019"
        ));
        assert!(is_embed_credit(
            "— Rep. Ilhan Omar (@Ilhan) November 19, 2019"
        ));
        assert!(!is_embed_credit("November 18, 2019"));
        assert!(!is_embed_credit(
            "— and then, he said, the council (@council) voted on it in 2019"
        ));
    }

    #[test]
    fn a_press_release_boilerplate_on_the_company() {
        assert!(is_company_facts("Ascom is headquartered in Baar (Switzerland), has operating businesses in 18 countries and employs around 1,300 people worldwide."));
        assert!(is_company_intro("Ascom is a global solutions provider focused on healthcare ICT and mobile workflow solutions."));
        assert!(is_company_intro(
            "Acme Widgets Inc. is the leading maker of widgets."
        ));
        assert!(!is_company_facts(
            "The plant employs people from three towns."
        ));
        assert!(!is_company_intro(
            "The mayor said that the bridge is a priority."
        ));
    }

    #[test]
    fn headlines_printed_twice_below_the_start() {
        let lines = [
            "Man arrested after 7 trafficking victims found in car",
            "The city council voted on Tuesday to approve a new bridge across the inner harbour.",
            "Safety officials urge Boeing to redesign part on 737s",
            "Trending News",
            "Safety officials urge Boeing to redesign part on 737s",
            "Man arrested after 7 trafficking victims found in car",
            "— The Senate (@senate) October 9, 2018",
            "— The Senate (@senate) October 9, 2018",
            "Trending News",
        ];
        // The first line stands above the article's start (a title printed again
        // below it is not counted with it).
        let words = word_counts(&lines);
        assert_eq!(repeated_headlines(&lines, &words, 1), [2, 4]);
        assert_eq!(repeated_headlines(&lines, &words, 0), [0, 2, 4, 5]);
    }

    #[test]
    fn lines_cut_off_and_metadata_labels() {
        assert!(ends_cut_off(
            "Jury rules for half of 21 plaintiffs in used body parts suit …"
        ));
        assert!(ends_cut_off("Lenovo laptops with improved suppor..."));
        assert!(!ends_cut_off("And then it was over. ..."));
        assert!(!ends_cut_off("The council voted for the bridge."));
        assert!(is_meta_label("Tags: ads, advertisement, awareness, meth"));
        assert!(is_meta_label("Filed under: Politics, Nation"));
        assert!(is_meta_label("Wordcount: 717"));
        assert!(!is_meta_label(
            "Tags are what the council calls the stickers."
        ));
        assert!(!is_meta_label("Topic of the day: the bridge"));
    }

    #[test]
    fn runs_are_maximal_and_in_order() {
        let flags = [true, true, false, true, false, false, true];
        let found: Vec<_> = runs(flags.len(), |i| flags[i]).collect();
        assert_eq!(found, [0..2, 3..4, 6..7]);
        assert_eq!(runs(0, |_| true).count(), 0);
        assert_eq!(runs(3, |_| false).count(), 0);
    }

    #[test]
    fn glued_teasers() {
        assert!(is_glued_teaser(
            "Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left without paying."
        ));
        assert!(is_glued_teaser(
            "First Forecast Weather November 20, 2019 (This Morning)Some sunshine by the end of the day."
        ));
        assert!(!is_glued_teaser(
            "The iPhone maker said on Tuesday that sales of the MacBook Pro had risen by a tenth."
        ));
        assert!(!is_glued_teaser(
            "Apple Chief Executive Tim Cook said the MacBook would ship in the spring of next year."
        ));
    }

    #[test]
    fn datelines_inside_a_line_and_credited_captions() {
        assert!(has_inner_dateline(
            "All schools, colleges in J-K open; attendance 98pc: Govt NEW DELHI: All schools and colleges are now open."
        ));
        assert!(!has_inner_dateline(
            "NEW DELHI: All schools and colleges are now open in the state, the minister said."
        ));
        assert!(is_credited_caption(
            "The latest case was reported after a hunter killed and ate a rabbitCredit: Getty - Contributor"
        ));
        assert!(is_credited_caption(
            "Firefighters at the scene on Tuesday. Photo: Reuters"
        ));
        assert!(is_credited_caption(
            "Protesters have worn masks to protect their identities (Image: GETTY )"
        ));
        assert!(!is_credited_caption(
            "The photo: a firefighter at the scene, which the paper printed on its front page."
        ));
        assert!(!is_credited_caption(
            "The council (photo archive: the 1990 plans) voted for the bridge on Tuesday."
        ));
        assert!(is_legal_notice(
            "Roku is a registered trademark of Roku, Inc. in the United States and other countries."
        ));
        assert!(is_legal_notice(
            "These products are not intended to diagnose, treat, cure, or prevent any disease."
        ));
        assert!(!is_legal_notice(
            "The firm said the logo was its trademark and would defend it in court."
        ));
    }

    #[test]
    fn kickers_are_short_names_printed_three_times() {
        let lines = [
            "Local News",
            "A headline",
            "Local News",
            "___",
            "___",
            "___",
            "See it now: Amazon",
            "See it now: Amazon",
            "See it now: Amazon",
            "Local News",
        ];
        let words = word_counts(&lines);
        let flags = repeated_lines(&lines, &words);
        assert_eq!(
            flags,
            [true, false, true, false, false, false, false, false, false, true]
        );
        assert!(!repeated_lines(&lines[..3], &words[..3]).contains(&true));
    }

    #[test]
    fn cut_off_excerpts() {
        assert!(is_cut_off_excerpt(
            "In September Amazon announced a slew of devices, the most popular likely being the Echo Show 8, for which ..."
        ));
        assert!(is_cut_off_excerpt(
            "Microsoft is now offering a deal on its Surface Go tailored to families with kids. Starting from $440, you…"
        ));
        // An ellipsis after a sentence's end, or a short line cut to fit, is not
        // an excerpt (a story's own `We shall see...` counts only in the classifier,
        // which needs three on a page).
        assert!(!is_cut_off_excerpt(
            "The council voted for the bridge on Tuesday evening, and the mayor said it was the end of the matter. ..."
        ));
        assert!(!is_cut_off_excerpt(
            "Lenovo Yoga C940 laptops with improved Alexa suppor..."
        ));
    }

    #[test]
    fn datelines_at_the_start() {
        assert_eq!(
            after_dateline("ST. JOSEPH, Mich. (AP) — Michigan health authorities said."),
            "Michigan health authorities said."
        );
        assert_eq!(
            after_dateline("HONOLULU, Hawaii (HawaiiNewsNow) - NASA scientists said."),
            "NASA scientists said."
        );
        assert_eq!(after_dateline("BRUSSELS — Nato said."), "Nato said.");
        let plain = "The council voted — at last — for the bridge.";
        assert_eq!(after_dateline(plain), plain);
    }

    #[test]
    fn a_list_after_its_intro() {
        let lines = [
            "The tour dates:",
            "June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL",
            "June 10 -- Credit Union Amphitheatre, Tampa, FL",
            "July 2 -- Mohegan Sun Arena, Uncasville, CT",
            "Related Topics",
        ];
        assert_eq!(list_after(&lines, &item_runs(&lines), 0), Some(1..4));
        assert_eq!(list_after(&lines, &item_runs(&lines), 1), None);
        // Without a colon, three items with a separator make a list.
        let dated = ["Tour dates", lines[1], lines[2], lines[3], "More"];
        assert_eq!(list_after(&dated, &item_runs(&dated), 0), Some(1..4));
        assert_eq!(list_after(&dated[..3], &item_runs(&dated[..3]), 0), None);
        let words = ["Note:", "One item", "Other item", "More"];
        assert_eq!(list_after(&words, &item_runs(&words), 0), None);
        let steps = ["Steps:", "1. Cut", "2. Boil", "3. Eat"];
        assert_eq!(list_after(&steps, &item_runs(&steps), 0), Some(1..4));
    }

    #[test]
    fn notes_on_the_author() {
        assert!(is_bio(
            "Jane Doe is a senior transport reporter at the Gazette. She lives by the harbour."
        ));
        assert!(is_bio("Anna Berger ist Redakteurin im Lokalressort."));
        assert!(is_bio("Kari Nordmann er journalist i avisen."));
        assert!(is_bio(
            "Jane Doe is an online educator, author, and the founder of a school for writers."
        ));
        assert!(!is_bio(
            "Jane Doe is a nurse who has lived on the island for thirty years, and she is worried."
        ));
        assert!(!is_bio(
            "The mayor is a former reporter, and it shows in how she answers."
        ));
        assert!(is_bio_predicate(" is a nurse and a writer."));
        assert!(is_bio_header("About the author"));
        assert!(is_bio_header("About Jane Doe"));
        assert!(is_bio_header("Sobre o autor"));
        assert!(is_bio_header("Sobre Carlos Nadalim"));
        assert!(!is_bio_header("À propos de Jean Dupont"));
        assert!(!is_bio_header("About the bridge"));
    }
}
