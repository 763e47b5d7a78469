//! The literal prefilter: most rules can only match a line that contains one of a
//! few literals (`Join our commenting forum` needs `commenting`). A rule set
//! gathers those literals into one Aho-Corasick automaton, scans each line once,
//! and asks a rule's regexes only about the lines that hold one of its literals.
//! Without it every rule runs its `RegexSet` over every line, which was most of
//! the cost of cleaning a dump. The automaton is the aho-corasick crate's DFA read
//! out into a flat table of its own, which the scan walks with no bounds check per
//! byte.
//!
//! The prefilter may only say "cannot match" when that is certain: a rule whose
//! alternatives do not all require a literal (a headline shape, `^\d+$`) is asked
//! about every line. Literals are found in the parsed regex (the longest literal
//! run that every match must contain, through groups, alternations and `+`
//! repetitions) and matched ignoring ASCII case, which `(?i)` needs; the two
//! non-ASCII letters that `(?i)` folds onto ASCII ones (`ſ` onto `s`, the Kelvin
//! sign onto `k`) send a line to every rule.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem;

use crate::document::Document;
use crate::fields::shape_literals;
use crate::spec::MatchSpec;

/// Literals shorter than this say too little to be worth a lookup, unless they
/// are a punctuation mark that must appear as written (see `Literal::selective`).
const MIN_LITERAL: usize = 2;
/// A class with more members than this is not a letter in its cases.
const MAX_CASE_VARIANTS: usize = 3;
/// How many pieces of a text the literal scan walks side by side.
const WALKS: usize = 4;

/// One scan per line tells which matchers may match it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prefilter {
    automaton: Option<Table>,
    /// For each literal, its bytes when it must appear as written: the automaton
    /// finds every literal in any ASCII case, and a hit on an exact one counts
    /// only when the text holds it as written (`AP` in `Japan` does not).
    exact: Vec<Option<Box<[u8]>>>,
    /// For each literal, the matchers that require it (one of theirs): literal
    /// `k`'s are `owners[owners_at[k]..owners_at[k + 1]]`. A literal found sets
    /// its line's bit in each of their columns.
    owners: Vec<u32>,
    owners_at: Vec<u32>,
    /// The matchers that must be asked about every line (one bit each).
    always: Vec<u64>,
    /// The matchers a literal may send a line to: every matcher but those
    /// (one bit each, none past the last matcher).
    by_literal: Vec<u64>,
    /// How many matchers there are.
    matchers: usize,
}

/// The lines of a document each matcher may match: a column of bits a matcher,
/// one bit a line, so that a rule walks only the lines its matcher may match
/// instead of asking about every line.
#[derive(Debug, Clone)]
pub(crate) struct Candidates {
    /// The 64-bit words of a column (one bit a line of the document).
    words: usize,
    /// Matcher by matcher, its column.
    columns: Vec<u64>,
    /// Where the matchers asked about start among the scanned ones (a prefilter
    /// built for several consumers at once serves each from its own offset).
    offset: usize,
}

impl Candidates {
    /// Matcher `m`'s column.
    fn column(&self, m: usize) -> &[u64] {
        let m = m + self.offset;
        &self.columns[m * self.words..(m + 1) * self.words]
    }

    /// Whether matcher `m` may match line `line`.
    pub(crate) fn may_match(&self, line: usize, m: usize) -> bool {
        self.columns[(m + self.offset) * self.words + line / 64] & (1 << (line % 64)) != 0
    }

    /// Whether matcher `m` may match any line at all (when not, a rule that acts
    /// only on lines its matcher matches has nothing to do in this document).
    pub(crate) fn may_match_any(&self, m: usize) -> bool {
        self.column(m).iter().any(|&w| w != 0)
    }

    /// The lines matcher `m` may match, in order.
    pub(crate) fn lines(&self, m: usize) -> impl Iterator<Item = usize> + '_ {
        self.column(m)
            .iter()
            .enumerate()
            .flat_map(|(at, &word)| set_bits(word).map(move |bit| at * 64 + bit))
    }

    /// The same answers, for matchers numbered from `offset` in the scan.
    pub(crate) fn at_offset(self, offset: usize) -> Self {
        Candidates { offset, ..self }
    }
}

impl Prefilter {
    /// Builds the prefilter for matchers `0..specs.len()`; `None` is a matcher with
    /// no alternatives (it never matches).
    pub(crate) fn build(specs: &[Option<&MatchSpec>]) -> Self {
        let words = specs.len().div_ceil(64).max(1);
        let mut always = vec![0u64; words];
        let mut literals: Vec<Literal> = Vec::new();
        // Each literal's owners, one list a literal.
        let mut owned: Vec<Vec<u32>> = Vec::new();
        for (m, spec) in specs.iter().enumerate() {
            let Some(spec) = spec else { continue };
            match required_literals(spec) {
                Some(needed) => {
                    for literal in needed {
                        let at = literals.iter().position(|l| l.same(&literal));
                        let at = at.unwrap_or_else(|| {
                            literals.push(literal);
                            owned.push(Vec::new());
                            literals.len() - 1
                        });
                        if !owned[at].contains(&(m as u32)) {
                            owned[at].push(m as u32);
                        }
                    }
                }
                None => always[m / 64] |= 1 << (m % 64),
            }
        }
        let owners_at = std::iter::once(0)
            .chain(owned.iter().scan(0, |end, list| {
                *end += list.len() as u32;
                Some(*end)
            }))
            .collect();
        let owners = owned.concat();
        // A DFA: it costs memory once per rule set and scans a line fastest.
        let automaton = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // Its own prefilter would stop at every space that opens a literal.
            .prefilter(false)
            .build(literals.iter().map(|l| &l.text))
            .ok()
            .map(|dfa| Table::of(&dfa, literals.iter().map(|l| l.text.as_bytes())));
        // Every matcher, one bit each.
        let all: Vec<u64> = (0..words)
            .map(|at| match specs.len().saturating_sub(at * 64) {
                rest @ 0..=63 => (1 << rest) - 1,
                _ => u64::MAX,
            })
            .collect();
        // Without an automaton (it failed to build), every matcher is asked.
        if automaton.is_none() {
            always.clone_from(&all);
        }
        let by_literal = all
            .iter()
            .zip(&always)
            .map(|(all, always)| all & !always)
            .collect();
        Prefilter {
            automaton,
            exact: literals
                .into_iter()
                .map(|l| l.exact.then(|| l.text.into_bytes().into_boxed_slice()))
                .collect(),
            owners,
            owners_at,
            always,
            by_literal,
            matchers: specs.len(),
        }
    }

    /// Scans every line of `doc` once: one pass of the automaton over the whole
    /// text, each literal found filed under the line it lies in (those that run
    /// across a line's end lie in no line and are dropped). That finds exactly
    /// what scanning line by line finds, since an overlapping search reports every
    /// occurrence of every literal, without starting a search per line. A find
    /// sets its line's bit in the column of each matcher that needs the literal
    /// (one or two, mostly: ORing the literal's owners into a row a line, a word
    /// for every 64 matchers, and reading the rows out into columns cost twice as
    /// much).
    pub(crate) fn scan(&self, doc: &Document<'_>) -> Candidates {
        let lines = &doc.lines;
        let line_words = lines.len().div_ceil(64);
        let mut columns = vec![0u64; self.matchers * line_words];
        if let Some(table) = &self.automaton {
            // Each piece of the walk reports the literals it finds in the order
            // their ends stand in the text: the line each ends in is found by going
            // on from the last one's.
            let mut cursors = [0; WALKS];
            every_occurrence(table, doc.source.as_bytes(), |piece, literal, span| {
                // A literal that must appear as written is checked first: the
                // automaton finds it in any case, and most finds in another case
                // (`ap` in `happen` for `AP`) go no further.
                if let Some(exact) = &self.exact[literal] {
                    if doc.source.as_bytes()[span.clone()] != **exact {
                        return;
                    }
                }
                // The last line starting before the literal's end holds it, if any
                // line does.
                let line = &mut cursors[piece];
                while lines
                    .get(*line + 1)
                    .is_some_and(|l| l.span.start < span.end)
                {
                    *line += 1;
                }
                let line = *line;
                match lines.get(line) {
                    Some(l) if l.span.start <= span.start && span.end <= l.span.end => {}
                    _ => return,
                }
                let owners = &self.owners
                    [self.owners_at[literal] as usize..self.owners_at[literal + 1] as usize];
                for &m in owners {
                    columns[m as usize * line_words + line / 64] |= 1 << (line % 64);
                }
            });
        }
        if !doc.source.is_ascii() {
            // Searched for in the whole text, a vector at a time, not line by line:
            // nearly every text holds neither, and a line that does is found from
            // where it lies: every matcher a literal may send a line to takes it.
            for finder in FOLDED_FINDERS.iter() {
                for at in finder.find_iter(doc.source.as_bytes()) {
                    let line = lines.partition_point(|l| l.span.start <= at);
                    if let Some(line) = line.checked_sub(1).filter(|&l| at < lines[l].span.end) {
                        for (word, &by_literal) in self.by_literal.iter().enumerate() {
                            for bit in set_bits(by_literal) {
                                columns[(word * 64 + bit) * line_words + line / 64] |=
                                    1 << (line % 64);
                            }
                        }
                    }
                }
            }
        }
        // The matchers asked about every line take every line.
        let lines = lines.len();
        let mut every_line = vec![u64::MAX; line_words];
        if let (Some(last), rest @ 1..=63) = (every_line.last_mut(), lines % 64) {
            *last = (1 << rest) - 1;
        }
        for (at, &always) in self.always.iter().enumerate() {
            for bit in set_bits(always) {
                let m = at * 64 + bit;
                columns[m * line_words..][..line_words].copy_from_slice(&every_line);
            }
        }
        Candidates {
            words: line_words,
            columns,
            offset: 0,
        }
    }
}

/// The two letters beyond ASCII that `(?i)` folds onto ASCII ones, with the
/// letter each folds onto: the literal scan, which ignores ASCII case only, does
/// not see them.
const FOLDED_ONTO_ASCII: [(char, char); 2] = [('\u{17F}', 's'), ('\u{212A}', 'k')];

/// A search for each of [`FOLDED_ONTO_ASCII`]'s letters.
static FOLDED_FINDERS: LazyLock<[memmem::Finder<'static>; 2]> = LazyLock::new(|| {
    FOLDED_ONTO_ASCII.map(|(letter, _)| {
        memmem::Finder::new(letter.encode_utf8(&mut [0; 4]).as_bytes()).into_owned()
    })
});

/// The places of the bits set in `word`, lowest first.
fn set_bits(mut word: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (word != 0).then(|| {
            let bit = word.trailing_zeros() as usize;
            word &= word - 1;
            bit
        })
    })
}

/// Calls `found` with every occurrence of every literal of `table` in `haystack`
/// (the piece of the walk that found it, the literal's index and its byte
/// range): what an overlapping search
/// (`AhoCorasick::find_overlapping_iter`) reports, from one walk of the DFA over
/// the bytes. A state lists every literal that ends where it is reached (a
/// standard-semantics automaton copies the matches of the states it falls back
/// to), which is what the overlapping search reads from it too; walking the
/// states here spares that search its re-entry per match and its position kept
/// in memory.
///
/// Occurrences that hold a line's end are not all found (the caller drops them:
/// they lie in no line).
///
/// A walk waits on each transition's load before it can take the next, so the
/// text is cut into `WALKS` pieces of the same length, walked side by side in one
/// loop: that many chains of loads in flight instead of one. A walk from the
/// start state finds every literal that starts where it started or later, so
/// each piece but the first starts before its cut, at the start of the cut's line
/// or the longest literal's length (less one) back, whichever is later, and
/// reports only the literals that end after the cut: those ending before it are
/// the previous piece's, and none ending after it can start earlier without
/// holding a line's end. The order of the calls is not the order of the text,
/// but each piece's finds come in the order of their ends.
fn every_occurrence(
    table: &Table,
    haystack: &[u8],
    mut found: impl FnMut(usize, usize, Range<usize>),
) {
    let start = table.start;
    let mut report = |piece: usize, state: u32, end: usize| {
        for &(literal, len) in table.ends(state) {
            found(piece, literal as usize, end - len as usize..end);
        }
    };
    if table.is_match(start) {
        report(0, start, 0);
    }
    let lead = table.longest.saturating_sub(1);
    let cut = |piece: usize| haystack.len() * piece / WALKS;
    // Piece `p` walks from `begins[p]`, reports from its cut on (a match's end
    // past the cut) and stops at the next cut; all walk `steps` bytes side by
    // side, the first `lead` bytes of a later piece before its cut reporting
    // nothing, and the last piece takes the bytes left at the end alone.
    let begins: [usize; WALKS] = std::array::from_fn(|p| {
        let earliest = cut(p).saturating_sub(lead);
        let before = &haystack[earliest..cut(p)];
        memchr::memrchr(b'\n', before).map_or(earliest, |at| earliest + at + 1)
    });
    let steps = (0..WALKS)
        .map(|p| cut(p + 1) - begins[p])
        .min()
        .unwrap_or(0);
    // Each walk's stretch of `steps` bytes, cut to that length so the loop's
    // reads need no bounds checks; the states in locals, one chain of loads each.
    let [a, b, c, d]: [&[u8]; WALKS] = std::array::from_fn(|p| &haystack[begins[p]..][..steps]);
    let [mut sa, mut sb, mut sc, mut sd] = [start; WALKS];
    for (step, (((&ba, &bb), &bc), &bd)) in a.iter().zip(b).zip(c).zip(d).enumerate() {
        sa = table.next(sa, ba);
        sb = table.next(sb, bb);
        sc = table.next(sc, bc);
        sd = table.next(sd, bd);
        // One test for the four in the common case: no walk is in a matching state.
        if table.is_match(sa | sb | sc | sd) {
            for (piece, &state) in [sa, sb, sc, sd].iter().enumerate() {
                let at = begins[piece] + step;
                if table.is_match(state) && at >= cut(piece) {
                    report(piece, state, at + 1);
                }
            }
        }
    }
    let states = [sa, sb, sc, sd];
    for piece in 0..WALKS {
        let mut state = states[piece];
        let from = begins[piece] + steps;
        for (at, &byte) in (from..).zip(&haystack[from..cut(piece + 1)]) {
            state = table.next(state, byte);
            if table.is_match(state) && at >= cut(piece) {
                report(piece, state, at + 1);
            }
        }
    }
}

/// The bit a matching state's number carries (above every index of a table).
const MATCHING: u32 = 1 << 31;

/// The literal automaton (the aho-corasick crate's DFA, read out state by state)
/// as one flat table of transitions, walked with no bounds check per byte: the
/// table is a power of two long and an index is masked to it. Its states are
/// numbered by where their transitions start (a multiple of the number of byte
/// classes), the matching ones first, and a matching state's number carries
/// [`MATCHING`] too, which the mask drops: one test of the four walks' states
/// ORed together tells whether any is in a matching state.
#[derive(Debug, Clone)]
struct Table {
    /// Each byte's class. Bytes that no literal holds (in either ASCII case) share
    /// one: the automaton takes them alike from every state.
    classes: [u32; 256],
    /// `transitions[state + class]`: the state after a byte of that class.
    transitions: Box<[u32]>,
    start: u32,
    /// How many classes there are (the distance between two states' numbers).
    stride: u32,
    /// The literals a matching state ends, with their lengths: the `k`th
    /// matching state's are `ends[ends_at[k]..ends_at[k + 1]]`.
    ends: Vec<(u32, u32)>,
    ends_at: Vec<u32>,
    /// The longest literal's length.
    longest: usize,
}

impl Table {
    /// The table of `dfa`, an automaton (without anchoring, ASCII case ignored)
    /// of `literals`.
    fn of<'l>(dfa: &DFA, literals: impl Iterator<Item = &'l [u8]>) -> Table {
        let mut classes = [0u32; 256];
        let mut stride = 1;
        let mut longest = 0;
        for literal in literals {
            longest = longest.max(literal.len());
            for &byte in literal {
                let lower = byte.to_ascii_lowercase();
                if classes[usize::from(lower)] == 0 {
                    classes[usize::from(lower)] = stride;
                    classes[usize::from(lower.to_ascii_uppercase())] = stride;
                    stride += 1;
                }
            }
        }
        // A byte of each class to take the automaton's transitions by (none for
        // the shared class when every byte is some literal's).
        let mut bytes_of: Vec<Option<u8>> = vec![None; stride as usize];
        for byte in (0..=255u8).rev() {
            bytes_of[classes[usize::from(byte)] as usize] = Some(byte);
        }
        // Every state the walk can reach, from the start.
        // (A state's identifier is where its transitions start in the DFA's own
        // table, four bytes each, so under its memory usage in four-byte words.)
        let first = dfa
            .start_state(Anchored::No)
            .expect("an unanchored start state");
        let mut seen = vec![u32::MAX; dfa.memory_usage() / 4 + 1];
        let mut states = vec![first];
        seen[first.as_usize()] = 0;
        // The place of the state each state goes to, class by class (the start
        // for a class with no byte).
        let mut targets = Vec::new();
        let mut next = 0;
        while let Some(&state) = states.get(next) {
            next += 1;
            for byte in &bytes_of {
                let Some(byte) = *byte else {
                    targets.push(0);
                    continue;
                };
                let to = dfa.next_state(Anchored::No, state, byte);
                if seen[to.as_usize()] == u32::MAX {
                    seen[to.as_usize()] =
                        u32::try_from(states.len()).expect("fewer than 2^32 states");
                    states.push(to);
                }
                targets.push(seen[to.as_usize()]);
            }
        }
        // Matching states first, then the others, each numbered by its place.
        let mut order: Vec<usize> = (0..states.len()).collect();
        order.sort_by_key(|&k| !dfa.is_match(states[k]));
        let mut number = vec![0u32; states.len()];
        for (place, &k) in order.iter().enumerate() {
            let at = u32::try_from(place).expect("fewer than 2^32 states") * stride;
            number[k] = if dfa.is_match(states[k]) {
                at | MATCHING
            } else {
                at
            };
        }
        let size = (states.len() * stride as usize).next_power_of_two();
        assert!(
            size <= MATCHING as usize,
            "a literal table under 2^31 entries"
        );
        let mut transitions = vec![0u32; size];
        let (mut ends, mut ends_at) = (Vec::new(), vec![0u32]);
        for &k in &order {
            let state = states[k];
            let at = (number[k] & !MATCHING) as usize;
            let goes_to = &targets[k * stride as usize..][..stride as usize];
            for (transition, &to) in transitions[at..].iter_mut().zip(goes_to) {
                *transition = number[to as usize];
            }
            if dfa.is_match(state) {
                for i in 0..dfa.match_len(state) {
                    let literal = dfa.match_pattern(state, i);
                    let len = u32::try_from(dfa.pattern_len(literal)).expect("a short literal");
                    ends.push((literal.as_u32(), len));
                }
                ends_at.push(u32::try_from(ends.len()).expect("fewer than 2^32 ends"));
            }
        }
        Table {
            classes,
            transitions: transitions.into_boxed_slice(),
            start: number[0],
            stride,
            ends,
            ends_at,
            longest,
        }
    }

    /// The state after `byte` from `state`.
    fn next(&self, state: u32, byte: u8) -> u32 {
        let t = &self.transitions;
        t[(state + self.classes[usize::from(byte)]) as usize & (t.len() - 1)]
    }

    /// Whether `state` (or any of states ORed together) is a matching state.
    fn is_match(&self, state: u32) -> bool {
        state & MATCHING != 0
    }

    /// The literals matching state `state` ends, with their lengths.
    fn ends(&self, state: u32) -> &[(u32, u32)] {
        let k = ((state & !MATCHING) / self.stride) as usize;
        &self.ends[self.ends_at[k] as usize..self.ends_at[k + 1] as usize]
    }
}

/// A literal some line must hold: `exact` when it must appear as written (a
/// regex's literal text outside `(?i)`, an exact line, a `contains` entry), else
/// in any ASCII case.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Literal {
    text: String,
    exact: bool,
}

impl Literal {
    /// Whether lines holding it are few enough for it to be worth a lookup: two
    /// bytes or more, or one punctuation mark as written (the `/` of a credit,
    /// the `:` of a duration; prose has few, where a letter is in every line).
    fn selective(&self) -> bool {
        self.text.len() >= MIN_LITERAL
            || (self.exact && self.text.bytes().all(|b| b.is_ascii_punctuation()))
    }

    /// The same literal for a prefilter entry: exact ones by their bytes, the
    /// others by their letters in any case.
    fn same(&self, other: &Literal) -> bool {
        self.exact == other.exact
            && if self.exact {
                self.text == other.text
            } else {
                self.text.eq_ignore_ascii_case(&other.text)
            }
    }
}

/// Literals of which every line the matcher matches contains at least one; `None`
/// when some alternative requires none.
fn required_literals(spec: &MatchSpec) -> Option<Vec<Literal>> {
    let mut all = Vec::new();
    for &shape in &spec.like {
        all.extend(shape_literals(shape)?.iter().map(|&text| Literal {
            text: text.to_owned(),
            exact: true,
        }));
    }
    for literal in spec.exact.iter().chain(&spec.contains) {
        if literal.len() < MIN_LITERAL {
            return None;
        }
        all.push(Literal {
            text: literal.clone(),
            exact: true,
        });
    }
    for pattern in &spec.regex {
        let hir = regex_syntax::parse(pattern).ok()?;
        let needed = required(&hir)?;
        if !needed.iter().all(Literal::selective) {
            return None;
        }
        all.extend(needed);
    }
    Some(all)
}

/// Literals one of which every match of `hir` contains.
fn required(hir: &Hir) -> Option<Vec<Literal>> {
    match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => atom(hir).map(|s| vec![s]),
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Concat(parts) => {
            let mut best: Option<Vec<Literal>> = None;
            let mut run: Option<Literal> = None;
            for part in parts {
                if let Some(piece) = atom(part) {
                    match &mut run {
                        Some(run) => {
                            run.text.push_str(&piece.text);
                            run.exact &= piece.exact;
                        }
                        None => run = Some(piece),
                    }
                    continue;
                }
                if let Some(run) = run.take() {
                    best = better(best, vec![run]);
                }
                if let Some(needed) = required(part) {
                    best = better(best, needed);
                }
            }
            if let Some(run) = run {
                best = better(best, vec![run]);
            }
            best
        }
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(required(branch)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// The set whose shortest literal is longer (the more selective one).
fn better(current: Option<Vec<Literal>>, candidate: Vec<Literal>) -> Option<Vec<Literal>> {
    let shortest = |set: &[Literal]| set.iter().map(|l| l.text.len()).min().unwrap_or(0);
    match current {
        Some(current) if shortest(&current) >= shortest(&candidate) => Some(current),
        _ => Some(candidate),
    }
}

/// The text an exact piece of a pattern stands for: a literal (exact), a class of
/// one character (exact), or a class that is one letter in its cases (what
/// `(?i)` makes of a letter: in any case).
fn atom(hir: &Hir) -> Option<Literal> {
    match hir.kind() {
        HirKind::Literal(literal) => std::str::from_utf8(&literal.0).ok().map(|text| Literal {
            text: text.to_owned(),
            exact: true,
        }),
        HirKind::Class(Class::Unicode(class)) => {
            let mut chars = Vec::new();
            for range in class.iter() {
                for c in range.start()..=range.end() {
                    chars.push(c);
                    if chars.len() > MAX_CASE_VARIANTS {
                        return None;
                    }
                }
            }
            if let [only] = chars[..] {
                return Some(Literal {
                    text: only.to_string(),
                    exact: true,
                });
            }
            let first = *chars.first()?;
            let folded = |c: char| {
                FOLDED_ONTO_ASCII
                    .iter()
                    .find(|&&(letter, _)| letter == c)
                    .map_or(c.to_ascii_lowercase(), |&(_, onto)| onto)
            };
            let letter = folded(first);
            let same = chars.iter().all(|&c| folded(c) == letter);
            (same && letter.is_ascii_alphabetic()).then(|| Literal {
                text: letter.to_string(),
                exact: false,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn needed(pattern: &str) -> Option<Vec<String>> {
        required(&regex_syntax::parse(pattern).unwrap())
            .map(|found| found.into_iter().map(|l| l.text).collect())
    }

    #[test]
    fn literals_outside_ignore_case_must_appear_as_written() {
        let exact = |pattern: &str| {
            required(&regex_syntax::parse(pattern).unwrap())
                .unwrap()
                .iter()
                .map(|l| (l.text.clone(), l.exact))
                .collect::<Vec<_>>()
        };
        assert_eq!(exact(r"\(PA\)$"), [("(PA)".to_owned(), true)]);
        assert_eq!(exact(r"(?i)\(PA\)$"), [("(pa)".to_owned(), false)]);
        assert_eq!(exact(r"(?i:P)A Wire"), [("pA Wire".to_owned(), false)]);
        let spec = MatchSpec {
            regex: vec![r"\bAP\b".into(), r"(?i)wire".into()],
            ..MatchSpec::default()
        };
        let prefilter = Prefilter::build(&[Some(&spec)]);
        let c = prefilter.scan(&Document::parse("Japan\n(AP)\nap\nWIRE"));
        assert!(!c.may_match(0, 0), "`ap` in `Japan` is not `AP`");
        assert!(c.may_match(1, 0));
        assert!(!c.may_match(2, 0));
        assert!(c.may_match(3, 0), "any case under (?i)");
    }

    #[test]
    fn walking_the_dfa_finds_what_an_overlapping_search_finds() {
        let literals = [
            "Skip next section",
            "Skip next section ",
            "next",
            "PA",
            "EPA",
            "(EPA)",
            "ap",
            "/",
            ":",
            "Comment",
            "comments",
            "he",
            "she",
            "hers",
            "his",
            " til ",
            // Bytes beyond ASCII, which no case folds.
            "für",
            "øy",
        ];
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(literals)
            .unwrap();
        let search = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(literals)
            .unwrap();
        let mut texts = vec![
            "Skip next section Skip next section \nushers (EPA) sHe said til   til 12:30 a/b"
                .to_owned(),
            String::new(),
            "hershershe".to_owned(),
            // Literals on either side of a cut, and across one.
            "Comment on his\nnext: she".to_owned(),
            "Skip next section Skip next section Skip next section".to_owned(),
            "he\nhe".to_owned(),
            "PA".to_owned(),
            "Für FÜR für FUR Øy øy ØY øY".to_owned(),
        ];
        texts.extend(crate::fixture_texts(None));
        let mut total = 0;
        for text in &texts {
            let mut walked = Vec::new();
            let table = Table::of(&dfa, literals.iter().map(|l| l.as_bytes()));
            let mut last_end = [0; WALKS];
            every_occurrence(&table, text.as_bytes(), |piece, k, span| {
                // Each piece's finds come in the order of their ends.
                assert!(span.end >= last_end[piece], "{text:?}");
                last_end[piece] = span.end;
                walked.push((k, span));
            });
            let mut searched: Vec<_> = search
                .find_overlapping_iter(text.as_str())
                .map(|m| (m.pattern().as_usize(), m.range()))
                .collect();
            // The walk takes pieces of the text side by side, reporting in no
            // order of the text; none of the literals holds a line's end, so the
            // walk finds them all.
            let by_place = |(k, span): &(usize, Range<usize>)| (span.start, span.end, *k);
            walked.sort_by_key(by_place);
            searched.sort_by_key(by_place);
            assert_eq!(walked, searched);
            total += walked.len();
        }
        assert!(total > 1000, "the texts hold the literals ({total})");
    }

    #[test]
    fn matchers_without_literals_are_asked_about_every_line() {
        let any = MatchSpec {
            like: vec![crate::spec::Shape::Any],
            ..MatchSpec::default()
        };
        let exact = MatchSpec {
            exact: vec!["Menu".into()],
            ..MatchSpec::default()
        };
        // No literal at all (an empty automaton), and none with one that has.
        for specs in [
            vec![],
            vec![None, Some(&any)],
            vec![Some(&any), None, Some(&exact)],
        ] {
            let prefilter = Prefilter::build(&specs);
            for text in ["", "Menu", "Menu\nx\n\u{17F}\n", &"line\n".repeat(130)] {
                let doc = Document::parse(text);
                let c = prefilter.scan(&doc);
                // (A line with `ſ` goes to every matcher.)
                let folded = |i: usize| doc.text(i) == "\u{17F}";
                for (m, spec) in specs.iter().enumerate() {
                    let lines: Vec<usize> = c.lines(m).collect();
                    let every = 0..doc.lines.len();
                    let want: Vec<usize> = match spec {
                        None => every.filter(|&i| folded(i)).collect(),
                        Some(spec) if spec.like.is_empty() => every
                            .filter(|&i| doc.text(i) == "Menu" || folded(i))
                            .collect(),
                        Some(_) => every.collect(),
                    };
                    assert_eq!(lines, want, "{text:?} {m}");
                }
            }
        }
    }

    #[test]
    fn a_line_with_a_letter_that_folds_onto_ascii_goes_to_every_matcher() {
        let spec = MatchSpec {
            regex: vec![r"(?i)subscribe now".into(), r"(?i)kelvin".into()],
            ..MatchSpec::default()
        };
        let prefilter = Prefilter::build(&[Some(&spec)]);
        let text = "\u{17F}ubscribe now\nTemperatur in \u{212A}elvin\nÜber uns\nplain\n\n  Kelvin \u{212A}  \n";
        let doc = Document::parse(text);
        let c = prefilter.scan(&doc);
        assert_eq!(doc.lines.len(), 5);
        assert!(
            c.may_match(4, 0),
            "the letter last on a line past a blank one"
        );
        for line in [0, 1] {
            assert!(
                regex::Regex::new(&spec.regex[line])
                    .unwrap()
                    .is_match(doc.text(line)),
                "(?i) folds the letter"
            );
            assert!(c.may_match(line, 0), "line {line}");
        }
        assert!(!c.may_match(2, 0) && !c.may_match(3, 0));
    }

    #[test]
    fn finds_the_longest_required_literal() {
        assert_eq!(
            needed(r"(?i)^join\s+our\s+commenting forum$"),
            Some(vec!["commenting forum".into()])
        );
        assert_eq!(
            needed(r"^(Read more|Related):"),
            Some(vec!["Read more".into(), "Related".into()])
        );
        assert_eq!(needed(r"^\d{2}:\d{2}$"), Some(vec![":".into()]));
        let durations = MatchSpec {
            regex: vec![r"^\d{2}:\d{2}$".into()],
            ..MatchSpec::default()
        };
        assert_eq!(
            required_literals(&durations).map(|l| l.len()),
            Some(1),
            "a punctuation mark as written is worth a lookup"
        );
        let letters = |regex: &str| MatchSpec {
            regex: vec![regex.into()],
            ..MatchSpec::default()
        };
        assert_eq!(
            required_literals(&letters(r"^1\d{9}$")),
            None,
            "a digit or letter is in too many lines"
        );
        assert_eq!(required_literals(&letters(r"(?i)^x\d+$")), None);
        assert_eq!(needed(r"^(foo)?bar$"), Some(vec!["bar".into()]));
        assert_eq!(needed(r"(?i)gift"), Some(vec!["gift".into()]));
    }

    #[test]
    fn no_bundled_rule_or_signature_matches_a_line_the_prefilter_rules_out() {
        let sets = crate::bundled_sets();
        assert!(sets.len() >= 5);
        let detector = crate::Detector::new(&sets);
        let mut texts = Vec::new();
        for text in crate::fixture_texts(Some("txt")) {
            // Each line also on its own, and each word, to reach the short-line
            // rules (durations, counters, credits).
            let words: Vec<&str> = text.split_whitespace().collect();
            texts.push(words.join("\n"));
            texts.push(text);
        }
        let (mut matched, mut ruled_out) = (0, 0);
        for text in &texts {
            let doc = Document::parse(text);
            let found = detector.scan(&doc);
            for set in &sets {
                let candidates = set.candidates(&doc);
                // A matcher's lines are the lines it may match.
                for rule in set.rules() {
                    let lines: Vec<usize> = candidates.lines(rule.slot).collect();
                    let may: Vec<usize> = (0..doc.lines.len())
                        .filter(|&i| candidates.may_match(i, rule.slot))
                        .collect();
                    assert_eq!(lines, may, "{}", rule.id);
                    assert_eq!(candidates.may_match_any(rule.slot), !may.is_empty());
                }
                for (i, line) in doc.texts().enumerate() {
                    for rule in set.rules() {
                        let is_match = rule.matcher.is_match(line);
                        let may = candidates.may_match(i, rule.slot);
                        matched += usize::from(is_match);
                        ruled_out += usize::from(!may);
                        assert!(may || !is_match, "{} on {line:?}", rule.id);
                    }
                }
            }
            for (k, set) in sets.iter().enumerate() {
                let Some((signatures, _)) = &set.detect else {
                    continue;
                };
                for (i, line) in doc.texts().enumerate() {
                    let is_match = signatures.is_match(line);
                    assert!(
                        !is_match || found.candidates.may_match(i, k),
                        "{} on {line:?}",
                        set.name
                    );
                }
            }
        }
        assert!(matched > 500, "{matched} matches");
        assert!(ruled_out > 100_000, "{ruled_out} ruled out");
    }

    #[test]
    fn one_pass_over_the_text_finds_what_a_pass_per_line_finds() {
        // Every pack's rules and every fixture dump (plus lines with literals
        // across line ends, folded letters and CRLF endings).
        let files: Vec<crate::spec::RulesFile> = crate::packs::PACKS
            .iter()
            .map(|(name, _)| crate::packs::get(name).unwrap().unwrap())
            .collect();
        // Three times over, so that there are more matchers than a word has bits.
        let specs: Vec<Option<&MatchSpec>> = [&files, &files, &files]
            .into_iter()
            .flatten()
            .flat_map(|f| &f.rules)
            .map(|r| r.matches.as_ref())
            .collect();
        // Literals that a pass over the whole text also finds running into the
        // whitespace trimmed off a line's ends, where no line holds them.
        let edges = MatchSpec {
            regex: vec![r"Photo: \S".into()],
            contains: vec![" more".into()],
            ..MatchSpec::default()
        };
        let mut specs = specs;
        specs.push(Some(&edges));
        assert!(specs.len() > 64, "more than one word of bits");
        let prefilter = Prefilter::build(&specs);
        let mut texts = vec![
            "Share this\r\narticle  \n\n  Read\n more\nPhoto: \nX\n\u{17F}hare this article"
                .to_owned(),
        ];
        texts.extend(crate::fixture_texts(Some("txt")));
        assert!(texts.len() > 30);
        let mut hits = 0;
        for text in &texts {
            let doc = Document::parse(text);
            let whole = prefilter.scan(&doc);
            for (line, line_text) in doc.texts().enumerate() {
                let alone = prefilter.scan(&Document::parse(line_text));
                for m in 0..specs.len() {
                    assert_eq!(
                        whole.may_match(line, m),
                        alone.may_match(0, m),
                        "{line_text:?}, matcher {m}"
                    );
                    hits += usize::from(alone.may_match(0, m));
                }
            }
        }
        assert!(hits > 1000, "{hits} candidate pairs");
    }

    #[test]
    fn candidates_are_a_superset_of_matches() {
        let spec = |regex: &[&str], like: bool| MatchSpec {
            regex: regex.iter().map(|s| s.to_string()).collect(),
            like: if like {
                vec![crate::spec::Shape::Headline]
            } else {
                vec![]
            },
            ..MatchSpec::default()
        };
        let comments = spec(&[r"(?i)^comments$"], false);
        let shapes = spec(&[], true);
        let prefilter = Prefilter::build(&[Some(&comments), Some(&shapes), None]);
        let lines = [
            "COMMENTS",
            "A story line.",
            "Thoſe comments",
            "Kelvin \u{212A}",
        ];
        let text = lines.join("\n");
        let c = prefilter.scan(&Document::parse(&text));
        assert!(c.may_match(0, 0));
        assert!(!c.may_match(1, 0));
        assert!(c.may_match(2, 0));
        assert!(
            c.may_match(3, 0),
            "a folded letter sends the line to every rule"
        );
        assert!(
            (0..4).all(|l| c.may_match(l, 1)),
            "shapes are asked about every line"
        );
        assert!(!c.may_match(1, 2));
        assert!(c.may_match_any(0) && c.may_match_any(1));
        let story = prefilter.scan(&Document::parse("A story line.\n\nAnother one."));
        assert!(!story.may_match_any(0), "no line holds `comments`");
        assert!(story.may_match_any(1), "shapes are asked about every line");
        assert!(!story.may_match_any(2), "an empty matcher matches nothing");
    }
}
