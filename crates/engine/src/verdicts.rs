//! A memo of regex answers on lines, kept per thread. An outlet prints the same
//! boilerplate on every page (its menus, appeals, cookie banners, share bars), so
//! a worker cleaning thousands of its pages asks a rule's regexes about the same
//! lines again and again; and the lines a regex is asked about at all are the ones
//! the prefilter found the rule's words in, which is mostly that boilerplate (and
//! detection signatures are whole boilerplate lines). The answer, a pure function
//! of the regexes and the line, is kept once the question comes a second time.
//!
//! Each thread holds its own memo (no locks, no sharing between workers), bounded
//! by the bytes of the lines it keeps, with quick_cache's S3-FIFO policy: lines
//! seen once (a story's caption) pass through without pushing out the lines every
//! page repeats. An answer is the same whether it was memoised or not, so the
//! records are the same for any order, thread count or memo size.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use quick_cache::{unsync::Cache, Equivalent, Weighter};
use rustc_hash::{FxHashMap, FxHasher};

/// Longest line memoised: longer ones are paragraphs of a story, seldom printed twice.
const MAX_LINE_BYTES: usize = 512;
/// The bytes of lines one thread's memo keeps (with its per-entry overhead).
const MEMO_BYTES: u64 = 1 << 20;
/// What an entry costs besides its line's bytes (key, verdict, the cache's own).
const ENTRY_BYTES: u64 = 48;

/// Names a matcher in the memo: every compiled matcher gets its own number, so
/// two rule sets (or one compiled twice) never share a verdict by accident.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct MatcherId(u64);

impl MatcherId {
    pub(crate) fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        MatcherId(NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// The same matcher asked the other question (which of its regexes match,
    /// not whether any does): an answer of its own.
    fn for_hits(self) -> Self {
        MatcherId(self.0 | 1 << 63)
    }
}

/// What the memo keeps of a line: whether a matcher's regexes match it, or which.
#[derive(Clone)]
enum Answer {
    Verdict(bool),
    Hits(Box<[u32]>),
}

/// A memoised question: which matcher, about which line; with the question's
/// hash, worked out once for `seen` and handed on to the cache, which would
/// otherwise hash the line again.
#[derive(PartialEq, Eq)]
struct Key {
    hash: u64,
    matcher: MatcherId,
    line: Box<str>,
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The same question, borrowed: looked up without copying the line.
struct Asked<'a> {
    hash: u64,
    matcher: MatcherId,
    line: &'a str,
}

impl<'a> Asked<'a> {
    fn new(matcher: MatcherId, line: &'a str) -> Self {
        let mut hasher = FxHasher::default();
        matcher.hash(&mut hasher);
        line.hash(&mut hasher);
        Asked {
            hash: hasher.finish(),
            matcher,
            line,
        }
    }
}

impl Hash for Asked<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl Equivalent<Key> for Asked<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.hash == key.hash && self.matcher == key.matcher && self.line == &*key.line
    }
}

/// An entry weighs its line's bytes, its hits' and its overhead.
#[derive(Clone)]
struct LineBytes;

impl Weighter<Key, Answer> for LineBytes {
    fn weight(&self, key: &Key, answer: &Answer) -> u64 {
        let hits = match answer {
            Answer::Verdict(_) => 0,
            Answer::Hits(hits) => 4 * hits.len() as u64,
        };
        key.line.len() as u64 + hits + ENTRY_BYTES
    }
}

/// One thread's memo: the answers kept, and what it has seen of each question.
struct Memo {
    kept: Cache<Key, Answer, LineBytes>,
    /// Each question asked so far, by its hash: asked once, or kept. An answer is
    /// kept only when its question comes again, so a line a page prints once (most
    /// of those the regexes are asked about on a page with little boilerplate)
    /// costs one hash and no copy; the kept answers are looked up (and the line
    /// compared) only for questions seen before.
    seen: FxHashMap<u64, Seen>,
}

#[derive(Clone, Copy, PartialEq)]
enum Seen {
    Once,
    Kept,
}

/// How many questions `seen` holds before it starts afresh.
const SEEN_MAX: usize = 1 << 15;

impl Memo {
    fn new() -> Self {
        Memo {
            kept: Cache::with_weighter(
                (MEMO_BYTES / (ENTRY_BYTES + 64)) as usize,
                MEMO_BYTES,
                LineBytes,
            ),
            seen: FxHashMap::default(),
        }
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::new());
}

/// Whether `matcher`'s regexes match `line`, as `ask` says: asked per thread
/// until the question comes a second time (for a line up to `MAX_LINE_BYTES`),
/// remembered after.
pub(crate) fn remembered(matcher: MatcherId, line: &str, ask: impl FnOnce(&str) -> bool) -> bool {
    remember(
        matcher,
        line,
        |line| Answer::Verdict(ask(line)),
        |answer| matches!(answer, Answer::Verdict(true)),
    )
}

/// Calls `hit` with each of `matcher`'s regexes that match `line` (their
/// indices as `ask` gives them), remembered as [`remembered`] does.
pub(crate) fn remembered_hits(
    matcher: MatcherId,
    line: &str,
    ask: impl FnOnce(&str) -> Box<[u32]>,
    mut hit: impl FnMut(usize),
) {
    remember(
        matcher.for_hits(),
        line,
        |line| Answer::Hits(ask(line)),
        |answer| {
            if let Answer::Hits(hits) = answer {
                hits.iter().for_each(|&i| hit(i as usize));
            }
        },
    );
}

/// What `read` makes of the answer to (`matcher`, `line`): the one kept, or
/// `ask`'s. The memo is not held while `ask` runs, so a question may ask others
/// in turn (a stamp is a date line, and whether a line shows a date is itself
/// remembered); `read` of a kept answer runs with it held and may not.
fn remember<T>(
    matcher: MatcherId,
    line: &str,
    ask: impl FnOnce(&str) -> Answer,
    read: impl FnOnce(&Answer) -> T,
) -> T {
    if line.len() > MAX_LINE_BYTES {
        return read(&ask(line));
    }
    let asked = Asked::new(matcher, line);
    let hash = asked.hash;
    let kept = MEMO.with(|memo| {
        let memo = memo.borrow();
        let seen = memo.seen.get(&hash).copied();
        if seen == Some(Seen::Kept) {
            if let Some(answer) = memo.kept.get(&asked) {
                return Ok(read(answer));
            }
        }
        Err((seen, read))
    });
    let (seen, read) = match kept {
        Ok(value) => return value,
        Err(not_kept) => not_kept,
    };
    let answer = ask(line);
    let value = read(&answer);
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if seen.is_some() {
            // Asked before (or kept, and pushed out since, or another line with
            // the same hash): keep it.
            memo.kept.insert(
                Key {
                    hash,
                    matcher,
                    line: line.into(),
                },
                answer,
            );
            memo.seen.insert(hash, Seen::Kept);
        } else {
            if memo.seen.len() >= SEEN_MAX {
                memo.seen.clear();
            }
            memo.seen.insert(hash, Seen::Once);
        }
    });
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line is asked about twice (the first time may be its only one); every
    /// later time the memo answers.
    #[test]
    fn a_verdict_is_asked_twice_and_then_remembered() {
        let matcher = MatcherId::next();
        let mut asked = 0;
        for _ in 0..5 {
            let verdict = remembered(matcher, "Sign up to our newsletter", |_| {
                asked += 1;
                true
            });
            assert!(verdict);
        }
        assert_eq!(asked, 2);
    }

    /// Verdicts are kept apart by matcher and by line, and a line too long to
    /// memoise is asked every time.
    #[test]
    fn verdicts_are_kept_apart_by_matcher_and_line() {
        let (a, b) = (MatcherId::next(), MatcherId::next());
        for _ in 0..2 {
            assert!(remembered(a, "Share this article", |_| true));
            assert!(!remembered(b, "Share this article", |_| false));
            assert!(!remembered(a, "Share this article.", |_| false));
        }
        // Asked twice: from now on the memo answers, whatever `ask` would say.
        assert!(remembered(a, "Share this article", |_| false));
        assert!(!remembered(b, "Share this article", |_| true));
        assert!(!remembered(a, "Share this article.", |_| true));
        let long = "word ".repeat(MAX_LINE_BYTES);
        let mut asked = 0;
        for _ in 0..3 {
            remembered(a, &long, |_| {
                asked += 1;
                false
            });
        }
        assert_eq!(asked, 3);
    }

    /// A question may ask another while it is being answered (the memo is not
    /// held meanwhile), and both answers are remembered.
    #[test]
    fn a_question_may_ask_another() {
        let (outer, inner) = (MatcherId::next(), MatcherId::next());
        let mut asked = (0, 0);
        for _ in 0..4 {
            let verdict = remembered(outer, "23 November 2026", |line| {
                asked.0 += 1;
                remembered(inner, line, |_| {
                    asked.1 += 1;
                    true
                })
            });
            assert!(verdict);
        }
        assert_eq!(asked, (2, 2));
    }

    /// Which regexes hit a line is kept too, apart from whether any does.
    #[test]
    fn hits_are_asked_twice_and_then_remembered() {
        let matcher = MatcherId::next();
        let mut asked = 0;
        for _ in 0..4 {
            let mut hits = Vec::new();
            remembered_hits(
                matcher,
                "Skip to main content",
                |_| {
                    asked += 1;
                    vec![0, 2].into()
                },
                |i| hits.push(i),
            );
            assert_eq!(hits, [0, 2]);
            // The same matcher's verdict on the same line is another question.
            assert!(!remembered(matcher, "Skip to main content", |_| false));
        }
        assert_eq!(asked, 2);
    }

    /// Every bundled rule set cleans every fixture, and every fixture cut into
    /// single words and lines, to the same record with the memo cold (a thread
    /// of its own per document) and warm (all in one thread, twice over); and
    /// detection (signature hits) picks the same set.
    #[test]
    fn records_are_the_same_with_the_memo_cold_and_warm() {
        let sets = crate::bundled_sets();
        assert!(sets.len() >= 5);
        let mut texts = Vec::new();
        for text in crate::fixture_texts(Some("txt")) {
            texts.push(text.split_whitespace().collect::<Vec<_>>().join("\n"));
            texts.push(text);
        }
        let (mut compared, mut remembered_verdicts) = (0, 0);
        let detector = crate::Detector::new(&sets);
        let detect = |text: &String| {
            let doc = crate::Document::parse(text);
            detector.best(&sets, &doc).map(|set| set.name.clone())
        };
        let cold: Vec<Option<String>> = std::thread::scope(|scope| {
            let runs: Vec<_> = texts.iter().map(|t| scope.spawn(|| detect(t))).collect();
            runs.into_iter()
                .map(|run| run.join().expect("detects"))
                .collect()
        });
        assert!(cold.iter().filter(|c| c.is_some()).count() > 20);
        for _ in 0..2 {
            assert_eq!(texts.iter().map(detect).collect::<Vec<_>>(), cold);
        }
        for set in &sets {
            let cold: Vec<crate::Record> = std::thread::scope(|scope| {
                let runs: Vec<_> = texts
                    .iter()
                    .map(|text| scope.spawn(|| set.clean("x", text).record))
                    .collect();
                runs.into_iter()
                    .map(|run| run.join().expect("cleans"))
                    .collect()
            });
            for _ in 0..2 {
                for (text, cold) in texts.iter().zip(&cold) {
                    assert_eq!(&set.clean("x", text).record, cold);
                    compared += 1;
                }
            }
        }
        MEMO.with(|memo| remembered_verdicts = memo.borrow().kept.len());
        assert!(compared > 500);
        assert!(remembered_verdicts > 100, "the warm runs used the memo");
    }

    /// However many lines pass through, the memo keeps no more than its bytes.
    #[test]
    fn the_memo_keeps_to_its_bytes() {
        let matcher = MatcherId::next();
        for i in 0..50_000 {
            for _ in 0..2 {
                remembered(matcher, &format!("line {i} of a long page"), |_| true);
            }
        }
        MEMO.with(|memo| {
            let memo = memo.borrow();
            assert!(memo.kept.len() > 1000, "lines asked twice are kept");
            assert!(memo.kept.weight() <= MEMO_BYTES);
            assert!(memo.seen.len() <= SEEN_MAX);
        });
    }
}
