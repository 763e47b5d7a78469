//! The article-extraction benchmark's metric, as its `evaluate.py` computes it:
//! tokens are runs of `[\p{L}\p{N}_]` (Python's `\w`), shingles are windows of four
//! tokens counted as a multiset, and a page's true/false positives and false
//! negatives are the shingle counts' overlap and differences. Over a corpus,
//! precision is the mean page precision over pages whose prediction has shingles,
//! recall the mean page recall over pages whose gold has shingles.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

/// A page's shingle overlap, normalised to sum to 1 (all 0 when both texts are empty).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageScore {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
    /// Whether the prediction's tokens are exactly the gold's.
    pub exact: bool,
}

impl PageScore {
    /// Precision as the benchmark defines it (1 when nothing differs).
    pub fn precision(&self) -> f64 {
        self.share_against(self.fp)
    }

    /// The harmonic mean of this page's precision and recall.
    pub fn f1(&self) -> f64 {
        harmonic(self.precision(), self.recall())
    }

    /// Recall as the benchmark defines it (1 when nothing differs).
    pub fn recall(&self) -> f64 {
        self.share_against(self.fn_)
    }

    /// The true positives' share of themselves and `misses` (false positives for
    /// precision, false negatives for recall): 1 when nothing differs, 0 when
    /// there is neither.
    fn share_against(&self, misses: f64) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && misses == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + misses)
        }
    }
}

/// Corpus scores.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
}

fn tokens(text: &str) -> Vec<&str> {
    static WORD: OnceLock<Regex> = OnceLock::new();
    let word = WORD.get_or_init(|| Regex::new(r"[\p{L}\p{N}_]+").expect("a valid regex"));
    word.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles<'a>(tokens: &'a [&'a str]) -> HashMap<&'a [&'a str], u32> {
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    let windows: Box<dyn Iterator<Item = &[&str]>> = if tokens.len() < 4 {
        Box::new(std::iter::once(tokens))
    } else {
        Box::new(tokens.windows(4))
    };
    for shingle in windows {
        *counts.entry(shingle).or_insert(0) += 1;
    }
    counts
}

/// Scores one page's prediction against its gold text.
pub fn score_page(gold: &str, predicted: &str) -> PageScore {
    let (gold_tokens, predicted_tokens) = (tokens(gold), tokens(predicted));
    let (gold_shingles, predicted_shingles) = (shingles(&gold_tokens), shingles(&predicted_tokens));
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (shingle, &g) in &gold_shingles {
        let p = predicted_shingles.get(shingle).copied().unwrap_or(0);
        tp += u64::from(g.min(p));
        fn_ += u64::from(g.saturating_sub(p));
    }
    for (shingle, &p) in &predicted_shingles {
        let g = gold_shingles.get(shingle).copied().unwrap_or(0);
        fp += u64::from(p.saturating_sub(g));
    }
    let sum = (tp + fp + fn_) as f64;
    let norm = |x: u64| if sum > 0.0 { x as f64 / sum } else { 0.0 };
    PageScore {
        tp: norm(tp),
        fp: norm(fp),
        fn_: norm(fn_),
        exact: gold_tokens == predicted_tokens,
    }
}

/// F1 of a precision and a recall (0 when both are 0).
fn harmonic(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// The corpus scores of per-page scores.
pub fn corpus(pages: &[PageScore]) -> Scores {
    // The mean of `value` over the pages `counts` keeps.
    let mean = |counts: fn(&PageScore) -> bool, value: fn(&PageScore) -> f64| {
        let values: Vec<f64> = pages.iter().filter(|p| counts(p)).map(value).collect();
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(|p| p.tp + p.fp > 0.0, PageScore::precision);
    let recall = mean(|p| p.tp + p.fn_ > 0.0, PageScore::recall);
    let f1 = harmonic(precision, recall);
    let accuracy = if pages.is_empty() {
        0.0
    } else {
        pages.iter().filter(|p| p.exact).count() as f64 / pages.len() as f64
    };
    Scores {
        precision,
        recall,
        f1,
        accuracy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn tokens_are_python_word_runs() {
        assert_eq!(
            tokens("Don't stop—now_ok 3.5 ÆØÅ"),
            ["Don", "t", "stop", "now_ok", "3", "5", "ÆØÅ"]
        );
        // A combining mark is not a word character in Python's `\w`.
        assert_eq!(tokens("e\u{301}te"), ["e", "te"]);
    }

    #[test]
    fn identical_texts_score_one() {
        let page = score_page("one two three four five", "one  two, three four five!");
        assert!(page.exact);
        assert!(close(page.precision(), 1.0) && close(page.recall(), 1.0));
    }

    #[test]
    fn extra_and_missing_shingles() {
        // Gold has 3 shingles (a b c d, b c d e, c d e f); the prediction has
        // a b c d, b c d e, and c d e x which is extra (punctuation does not break
        // a shingle): tp 2, fp 1, fn 1.
        let page = score_page("a b c d e f", "a b c d e. x");
        assert!(close(page.tp, 0.5) && close(page.fp, 0.25) && close(page.fn_, 0.25));
        assert!(close(page.precision(), 2.0 / 3.0) && close(page.recall(), 2.0 / 3.0));
        assert!(!page.exact);
    }

    #[test]
    fn repeated_shingles_count_as_a_multiset() {
        // The prediction repeats the gold: every shingle of the gold once more, plus the
        // shingles across the join.
        let page = score_page("a b c d", "a b c d a b c d");
        assert!(close(page.precision(), 1.0 / 5.0) && close(page.recall(), 1.0));
    }

    #[test]
    fn short_and_empty_texts() {
        let page = score_page("a b", "a b");
        assert!(close(page.precision(), 1.0));
        let empty = score_page("a b c d e", "");
        assert!(close(empty.recall(), 0.0) && empty.tp + empty.fp == 0.0);
        let both = score_page("", "");
        assert!(both.exact && both.tp + both.fp + both.fn_ == 0.0);
    }

    #[test]
    fn corpus_means_skip_pages_without_shingles() {
        let pages = [
            score_page("a b c d e", "a b c d e"),
            score_page("a b c d e", ""),
            score_page("", ""),
        ];
        let s = corpus(&pages);
        // precision over the one page that predicted anything, recall over two pages.
        assert!(close(s.precision, 1.0) && close(s.recall, 0.5));
        assert!(close(s.f1, 2.0 * 0.5 / 1.5));
        assert!(close(s.accuracy, 2.0 / 3.0));
    }
}
