//! A memo of rule verdicts on lines, kept per thread. An outlet prints the same
//! boilerplate on every page (its menus, appeals, cookie banners, share bars), so
//! a worker cleaning thousands of its pages asks a rule's regexes about the same
//! lines again and again; and the lines a regex is asked about at all are the ones
//! the prefilter found the rule's words in, which is mostly that boilerplate. The
//! answer, a pure function of the regexes and the line, is kept after the first
//! time.
//!
//! Each thread holds its own memo (no locks, no sharing between workers), bounded
//! by the bytes of the lines it keeps, with quick_cache's S3-FIFO policy: lines
//! seen once (a story's caption) pass through without pushing out the lines every
//! page repeats. A verdict is the same whether it was memoised or not, so the
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
}

/// A memoised question: which matcher, about which line.
#[derive(PartialEq, Eq)]
struct Key {
    matcher: MatcherId,
    line: Box<str>,
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        Asked {
            matcher: self.matcher,
            line: &self.line,
        }
        .hash(state);
    }
}

/// The same question, borrowed: looked up without copying the line.
struct Asked<'a> {
    matcher: MatcherId,
    line: &'a str,
}

impl Hash for Asked<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.matcher.hash(state);
        self.line.hash(state);
    }
}

impl Equivalent<Key> for Asked<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.matcher == key.matcher && self.line == &*key.line
    }
}

/// An entry weighs its line's bytes and its overhead.
#[derive(Clone)]
struct LineBytes;

impl Weighter<Key, bool> for LineBytes {
    fn weight(&self, key: &Key, _: &bool) -> u64 {
        key.line.len() as u64 + ENTRY_BYTES
    }
}

/// One thread's memo: the verdicts kept, and what it has seen of each question.
struct Memo {
    kept: Cache<Key, bool, LineBytes>,
    /// Each question asked so far, by its hash: asked once, or kept. A verdict is
    /// kept only when its question comes again, so a line a page prints once (most
    /// of those the regexes are asked about on a page with little boilerplate)
    /// costs one hash and no copy; the kept verdicts are looked up (and the line
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

/// Whether `matcher` matches `line`, as `ask` says: asked once per thread for a
/// line up to `MAX_LINE_BYTES`, remembered after.
pub(crate) fn remembered(matcher: MatcherId, line: &str, ask: impl FnOnce(&str) -> bool) -> bool {
    if line.len() > MAX_LINE_BYTES {
        return ask(line);
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let asked = Asked { matcher, line };
        let mut hasher = FxHasher::default();
        asked.hash(&mut hasher);
        let hash = hasher.finish();
        let seen = memo.seen.get(&hash).copied();
        if seen == Some(Seen::Kept) {
            if let Some(&verdict) = memo.kept.get(&asked) {
                return verdict;
            }
        }
        let verdict = ask(line);
        if seen.is_some() {
            // Asked before (or kept, and pushed out since, or another line with
            // the same hash): keep it.
            memo.kept.insert(
                Key {
                    matcher,
                    line: line.into(),
                },
                verdict,
            );
            memo.seen.insert(hash, Seen::Kept);
        } else {
            if memo.seen.len() >= SEEN_MAX {
                memo.seen.clear();
            }
            memo.seen.insert(hash, Seen::Once);
        }
        verdict
    })
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

    /// Every bundled rule set cleans every fixture, and every fixture cut into
    /// single words and lines, to the same record with the memo cold (a thread
    /// of its own per document) and warm (all in one thread, twice over).
    #[test]
    fn records_are_the_same_with_the_memo_cold_and_warm() {
        let outlets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../outlets");
        let mut sets = Vec::new();
        for dir in std::fs::read_dir(outlets).expect("crates/outlets") {
            let path = dir.expect("an outlet").path().join("rules.toml");
            let rules = std::fs::read_to_string(path).expect("its rules");
            sets.push(crate::RuleSet::from_toml(&rules).expect("bundled rules compile"));
        }
        assert!(sets.len() >= 5);
        let mut texts = Vec::new();
        for text in crate::fixture_texts(Some("txt")) {
            texts.push(text.split_whitespace().collect::<Vec<_>>().join("\n"));
            texts.push(text);
        }
        let (mut compared, mut remembered_verdicts) = (0, 0);
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
