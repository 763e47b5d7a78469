//! The generic main-content choice for pages from sites nobody wrote selectors for.
//! Each block is judged on its own (length, stopword density as jusText does, link
//! density, punctuation), good blocks vote for the containers around them as
//! Readability's do, and the best container's blocks are kept, less the link lists
//! and furniture inside it. A page without a clear article keeps what prose it has
//! and says it is not confident; it never returns nothing when there is prose.

use std::collections::HashMap;

use deboil_engine::Stoplist;

use crate::{BlockKind, Page};

/// The extractor's choice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// Indices into `page.blocks` of the blocks kept, in document order.
    pub kept: Vec<usize>,
    /// Whether one container clearly holds the page's prose.
    pub confident: bool,
}

/// How a block reads on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Prose: long enough, dense in stop words, few links.
    Good,
    /// Could be either (short lines, headings, captions).
    Short,
    /// Link lists, navigation, furniture.
    Bad,
}

struct Judged {
    class: Class,
    words: usize,
    score: f32,
}

fn judge(block: &crate::Block, stoplist: Option<&Stoplist>) -> Judged {
    let (stop, words) = match stoplist {
        Some(list) => list.count(&block.text),
        None => (0, deboil_engine::stopwords::words(&block.text).count()),
    };
    let density = if words == 0 {
        0.0
    } else {
        stop as f32 / words as f32
    };
    let sentence_marks = block.text.matches(['.', '!', '?', '。', '।']).count();
    let commas = block.text.matches([',', '،', '、', '，']).count();
    let linky = block.link_density > 0.5 || (block.link_density > 0.25 && words < 30);
    let prose = (words >= 15 && (stoplist.is_none() || density >= 0.25))
        || (words >= 8 && sentence_marks > 0 && (stoplist.is_none() || density >= 0.2));
    let class = if linky {
        Class::Bad
    } else if matches!(block.kind, BlockKind::Heading(_) | BlockKind::Caption) {
        Class::Short
    } else if prose {
        Class::Good
    } else {
        Class::Short
    };
    let score = match class {
        Class::Good => 1.0 + commas as f32 + (block.text.chars().count() as f32 / 100.0).min(3.0),
        _ => 0.0,
    };
    Judged {
        class,
        words,
        score,
    }
}

/// The stoplist for the page: its declared language, else the one its text fits.
fn page_stoplist(page: &Page) -> Option<&'static Stoplist> {
    if let Some(list) = page
        .meta
        .language
        .as_deref()
        .and_then(Stoplist::for_language)
    {
        return Some(list);
    }
    let mut sample = String::new();
    for block in page.blocks.iter().filter(|b| b.text.len() > 80) {
        sample.push_str(&block.text);
        sample.push(' ');
        if sample.len() > 4000 {
            break;
        }
    }
    Stoplist::best_for(&sample)
}

/// Chooses the page's main content.
pub fn extract(page: &Page) -> Extraction {
    let stoplist = page_stoplist(page);
    let judged: Vec<Judged> = page.blocks.iter().map(|b| judge(b, stoplist)).collect();
    // Good blocks vote for their parent, grandparent and great-grandparent.
    let mut votes: HashMap<u32, f32> = HashMap::new();
    for (block, j) in page.blocks.iter().zip(&judged) {
        if j.class != Class::Good {
            continue;
        }
        let above = block.ancestors.iter().rev().skip(1).take(3);
        for (level, &id) in above.enumerate() {
            *votes.entry(id).or_default() += j.score / (level as f32 + 1.0);
        }
    }
    let good_words: usize = judged
        .iter()
        .filter(|j| j.class == Class::Good)
        .map(|j| j.words)
        .sum();
    let best = votes
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&id, _)| id);
    let Some(best) = best else {
        return fallback(&judged);
    };
    let kept: Vec<usize> = page
        .blocks
        .iter()
        .zip(&judged)
        .enumerate()
        .filter(|(_, (block, j))| j.class != Class::Bad && block.ancestors.contains(&best))
        .map(|(i, _)| i)
        .collect();
    let kept_good: usize = kept
        .iter()
        .filter(|&&i| judged[i].class == Class::Good)
        .map(|&i| judged[i].words)
        .sum();
    if kept.is_empty() {
        return fallback(&judged);
    }
    Extraction {
        confident: kept_good * 2 >= good_words && kept_good >= 50,
        kept,
    }
}

/// No container stands out: keep every block that is not furniture.
fn fallback(judged: &[Judged]) -> Extraction {
    let mut kept: Vec<usize> = (0..judged.len())
        .filter(|&i| judged[i].class == Class::Good)
        .collect();
    if kept.is_empty() {
        kept = (0..judged.len())
            .filter(|&i| judged[i].class != Class::Bad)
            .collect();
    }
    Extraction {
        kept,
        confident: false,
    }
}
