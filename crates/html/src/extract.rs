//! The generic main-content choice for pages from sites nobody wrote selectors for.
//! Each block is judged on its own (length, stopword density as jusText does, link
//! density, punctuation), good blocks vote for the containers around them as
//! Readability's do, and the best container's blocks are kept, less the link lists
//! and furniture inside it (when that leaves nothing, as of a comment thread that
//! outvotes a short post, the best container not named as furniture's are). A
//! page without a clear article keeps what prose it has and says it is not
//! confident; it never returns nothing when there is prose.

use std::cell::RefCell;

use deboil_engine::Stoplist;
use rustc_hash::FxHashMap;

use crate::{BlockKind, Page};

/// The extractor's choice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// Indices into `page.blocks` of the blocks kept, in document order.
    pub kept: Vec<usize>,
    /// Whether one container clearly holds the page's prose.
    pub confident: bool,
    /// Whether the page is a list of links with no prose to speak of (a front
    /// page, a section page of bare headlines): not an article at all.
    pub links_only: bool,
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
    /// The block's text length in characters.
    chars: usize,
    score: f32,
}

fn judge(block: &crate::Block, stoplist: Option<&Stoplist>) -> Judged {
    let Counts {
        chars,
        ideographic,
        sentence_marks,
        commas,
    } = Counts::of(&block.text);
    // With a stoplist, the words and their stop words are counted in one pass
    // (the stop words are only worth reading in what could be prose, below).
    let stop_count = stoplist.map(|list| list.count(&block.text));
    let words = match stop_count {
        Some((_, all)) => all.max(ideographic / 2),
        None => words_with(&block.text, ideographic),
    };
    // A quote (an embedded post) carries its links by nature.
    let linky = if block.kind == BlockKind::Quote {
        block.link_density > 0.8
    } else {
        block.link_density > 0.5 || (block.link_density > 0.35 && words < 15)
    };
    // Stop words are only worth counting in what could be prose.
    let density = match stop_count {
        Some((stop, all)) if words >= 8 && !linky => stop as f32 / all.max(1) as f32,
        _ => 0.0,
    };
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
        Class::Good => 1.0 + commas as f32 + (chars as f32 / 100.0).min(3.0),
        // A short line of plain text (a list of dates, a recipe's steps) counts a
        // little for its container, so a story told in short lines is found.
        Class::Short
            if matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
                && block.link_density < 0.1
                && words >= 3 =>
        {
            SHORT_LINE_VOTE
        }
        _ => 0.0,
    };
    Judged {
        class,
        words,
        chars,
        score,
    }
}

/// What a short line of plain text adds to its container's score (a paragraph of
/// prose adds 2 to 6).
const SHORT_LINE_VOTE: f32 = 0.3;

/// Words a container of short lines needs to be taken as the story.
const SHORT_LINES_STORY_WORDS: usize = 50;

/// The stoplist for the page: the one its longer blocks fit best (a page's declared
/// language can be wrong: an English article under `lang="de"`), else the declared one.
fn page_stoplist(page: &Page) -> Option<&'static Stoplist> {
    let mut sample = String::new();
    for block in page.blocks.iter().filter(|b| b.text.len() > 80) {
        sample.push_str(&block.text);
        sample.push(' ');
        if sample.len() > 3000 {
            break;
        }
    }
    Stoplist::best_for(&sample).or_else(|| {
        page.meta
            .language
            .as_deref()
            .and_then(Stoplist::for_language)
    })
}

/// Per-container sums over the blocks inside it.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    votes: f32,
    chars: usize,
    link_chars: f32,
}

/// What an element's id and class words say: above 0 article-like, below 0 furniture.
fn hint_of(page: &Page, number: u32) -> i32 {
    const GOOD: [&str; 9] = [
        "article", "content", "entry", "post", "story", "body", "text", "main", "blog",
    ];
    const BAD: [&str; 22] = [
        "related",
        "recommend",
        "share",
        "social",
        "newsletter",
        "subscri",
        "promo",
        "sponsor",
        "advert",
        "outbrain",
        "taboola",
        "comment",
        "sidebar",
        "widget",
        "footer",
        "breadcrumb",
        "popular",
        "trending",
        "signup",
        "more-from",
        "read-more",
        "readmore",
    ];
    const BAD_WORDS: [&str; 9] = [
        "ad", "ads", "nav", "menu", "tags", "byline", "meta", "author", "masthead",
    ];
    let Some(container) = page.containers.get(&number) else {
        return 0;
    };
    match container.tag.as_str() {
        "nav" | "footer" | "aside" => return -1,
        // Strong enough on their own: WordPress gives an `<article>` and `<body>`
        // classes such as `author-jane` and `category-comment`.
        "article" | "main" => return 1,
        "body" | "html" => return 0,
        _ => {}
    }
    let text = container.id_class.as_str();
    if text.is_empty() {
        return 0;
    }
    let bad = BAD.iter().any(|w| text.contains(w))
        || text.split([' ', '-', '_']).any(|w| BAD_WORDS.contains(&w));
    let good = matches!(container.tag.as_str(), "article" | "main")
        || GOOD.iter().any(|w| text.contains(w));
    // Furniture named after the article (`related-articles`) is still furniture.
    if bad {
        -1
    } else {
        i32::from(good)
    }
}

/// Chooses the page's main content.
pub fn extract(page: &Page) -> Extraction {
    let stoplist = page_stoplist(page);
    let judged: Vec<Judged> = page.blocks.iter().map(|b| judge(b, stoplist)).collect();
    let links_only = is_links_only(page, &judged);
    Extraction {
        links_only,
        ..choose(page, judged)
    }
}

/// Most of the page's text is link text, and what is not holds no more than a
/// sentence or two of prose.
fn is_links_only(page: &Page, judged: &[Judged]) -> bool {
    let (mut chars, mut link_chars) = (0.0, 0.0);
    for (block, j) in page.blocks.iter().zip(judged) {
        let n = j.chars as f32;
        chars += n;
        link_chars += n * block.link_density;
    }
    let prose_words: usize = judged
        .iter()
        .filter(|j| j.class == Class::Good)
        .map(|j| j.words)
        .sum();
    chars > 0.0 && link_chars >= LINKS_ONLY_SHARE * chars && prose_words < LINKS_ONLY_PROSE_WORDS
}

/// A links-only page: at least this share of its text in links...
const LINKS_ONLY_SHARE: f32 = 0.6;
/// ...and fewer words than this in prose blocks.
const LINKS_ONLY_PROSE_WORDS: usize = 40;

fn choose(page: &Page, mut judged: Vec<Judged>) -> Extraction {
    // Blocks share their wrappers: whether one is named as a caption is searched
    // once per wrapper, when first asked.
    let mut captions: FxHashMap<u32, bool> = FxHashMap::default();
    let mut is_caption = |number: u32| {
        *captions.entry(number).or_insert_with(|| {
            page.containers
                .get(&number)
                .is_some_and(|c| c.id_class.contains("caption"))
        })
    };
    // Captions and whatever else sits in a figure are media furniture (CLEANING.md).
    for (block, j) in page.blocks.iter().zip(judged.iter_mut()) {
        let in_figure = block
            .ancestors
            .iter()
            .any(|a| page.containers.get(a).is_some_and(|c| c.tag == "figure"))
            // A caption without `<figure>`: WordPress's `wp-caption-text`.
            || block
                .ancestors
                .iter()
                .rev()
                .take(3)
                .any(|&a| is_caption(a));
        if block.kind == BlockKind::Caption || in_figure {
            j.class = Class::Bad;
            j.score = 0.0;
        }
    }
    // Few containers are ever asked about: each hint is worked out when first needed.
    let hints: RefCell<FxHashMap<u32, i32>> = RefCell::default();
    let hint = |number: u32| {
        *hints
            .borrow_mut()
            .entry(number)
            .or_insert_with(|| hint_of(page, number))
    };
    // Every block counts towards each container around it; good blocks vote for
    // their parent, grandparent and great-grandparent.
    let mut tallies: FxHashMap<u32, Tally> = FxHashMap::default();
    for (block, j) in page.blocks.iter().zip(&judged) {
        let chars = j.chars;
        for (level, &id) in block.ancestors.iter().rev().enumerate() {
            let tally = tallies.entry(id).or_default();
            tally.chars += chars;
            tally.link_chars += block.link_density * chars as f32;
            if (1..=3).contains(&level) {
                tally.votes += j.score / level as f32;
            }
        }
    }
    let score = |id: u32, tally: &Tally| {
        let link_density = tally.link_chars / tally.chars.max(1) as f32;
        let weight = match hint(id) {
            h if h > 0 => 1.5,
            0 => 1.0,
            _ => 0.4,
        };
        tally.votes * (1.0 - link_density) * weight
    };
    // The container with the best score among those `admit` lets in (among equal
    // scores, the first in the page).
    let best_of = |admit: &dyn Fn(u32) -> bool| {
        tallies
            .iter()
            .filter(|(&id, t)| t.votes > 0.0 && admit(id))
            .map(|(&id, t)| (id, score(id, t)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    };
    let Some((best, best_score)) = best_of(&|_| true) else {
        return fallback(page, &judged);
    };
    let choice = Choice {
        page,
        judged: &judged,
        tallies: &tallies,
        hint: &hint,
        score: &score,
    };
    if let Some(extraction) = choice.keep(best, best_score) {
        return extraction;
    }
    // Everything in the best container is furniture (a comment thread that
    // outvotes a short post): the best container not named as furniture holds the
    // article, if any does; failing that, the page's prose is kept as it is.
    best_of(&|id| id != best && hint(id) >= 0)
        .and_then(|(next, next_score)| choice.keep(next, next_score))
        .unwrap_or_else(|| fallback(page, &judged))
}

/// What choosing a container needs of the page and its blocks: the blocks as
/// judged, each container's tally, and what its name hints and its score.
struct Choice<'a> {
    page: &'a Page,
    judged: &'a [Judged],
    tallies: &'a FxHashMap<u32, Tally>,
    hint: &'a dyn Fn(u32) -> i32,
    score: &'a dyn Fn(u32, &Tally) -> f32,
}

impl Choice<'_> {
    /// The blocks kept when `best` (scored `best_score`) is the article's
    /// container; `None` when they hold no prose and too few words to be a story.
    fn keep(&self, best: u32, best_score: f32) -> Option<Extraction> {
        let Choice {
            page,
            judged,
            tallies,
            hint,
            score,
        } = *self;
        // Siblings of the best container join it when they score well themselves or hold
        // prose (Readability's rule); the parent is the element just above it.
        let parent = page.blocks.iter().find_map(|b| {
            let at = b.ancestors.iter().position(|&a| a == best)?;
            at.checked_sub(1).map(|p| b.ancestors[p])
        });
        let threshold = (0.2 * best_score).max(10.0);
        let mut kept = Vec::new();
        for (i, (block, j)) in page.blocks.iter().zip(judged).enumerate() {
            if j.class == Class::Bad {
                continue;
            }
            let inside = match block.ancestors.iter().position(|&a| a == best) {
                Some(at) => Some(at),
                None => parent.and_then(|p| {
                    let at = block.ancestors.iter().position(|&a| a == p)?;
                    let sibling = *block.ancestors.get(at + 1)?;
                    let sibling_score = tallies.get(&sibling).map_or(0.0, |t| score(sibling, t));
                    // A sibling paragraph of prose joins on its own; a sibling container
                    // only on its score.
                    let is_own_element = at + 2 == block.ancestors.len();
                    let joins = hint(sibling) >= 0
                        && (sibling_score >= threshold
                            || (is_own_element
                                && j.class == Class::Good
                                && block.link_density < 0.25));
                    joins.then_some(at + 1)
                }),
            };
            let Some(at) = inside else {
                continue;
            };
            // Furniture inside the content: an element below it hinted as such; but
            // an embedded post's wrapper is named after its network
            // (`social-media-embed`), and the post is a quote of the story's.
            let embed_wrapper = |a: u32| {
                block.kind == BlockKind::Quote
                    && page.containers.get(&a).is_some_and(|c| {
                        ["embed", "social", "tweet"]
                            .iter()
                            .any(|w| c.id_class.contains(w))
                    })
            };
            if block.ancestors[at + 1..]
                .iter()
                .any(|&a| hint(a) < 0 && !embed_wrapper(a))
            {
                continue;
            }
            kept.push(i);
        }
        // The story's paragraphs share a template: prose elsewhere on the page laid out
        // like the kept prose (an article split into sections around a sidebar, a
        // lede in a variant of the body's wrapper) joins it.
        let mut shapes: Vec<Vec<(&str, Vec<&str>)>> = kept
            .iter()
            .filter(|&&i| judged[i].class == Class::Good)
            .map(|&i| shape(&page.blocks[i].path))
            .collect();
        shapes.sort();
        shapes.dedup();
        let joined: Vec<usize> = page
            .blocks
            .iter()
            .zip(judged)
            .enumerate()
            .filter(|(i, (block, j))| {
                let joinable = j.class == Class::Good
                    || (j.class == Class::Short && matches!(block.kind, BlockKind::Heading(_)));
                joinable
                    && kept.binary_search(i).is_err()
                    && {
                        let layout = shape(&block.path);
                        shapes.iter().any(|kept| alike(kept, &layout))
                    }
                    && !block.ancestors.iter().rev().take(4).any(|&a| hint(a) < 0)
            })
            .map(|(i, _)| i)
            .collect();
        if !joined.is_empty() {
            kept.extend(joined);
            kept.sort_unstable();
        }
        // An embedded post (a tweet, an Instagram quote) between two kept blocks is
        // quoted by the story, whatever its wrapper is named after.
        kept = with_sandwiched(page, judged, kept);
        // A short block or two at the edges (byline, date, share prompt) is not the
        // story; a longer run of short lines there (tour dates, a recipe) is. A
        // sentence is never an edge (a dateline lede the stoplist reads thin), nor is
        // the signature closing an embedded post.
        let is_edge = |i: &usize| {
            let block = &page.blocks[*i];
            let signs_a_quote = block.kind == BlockKind::Quote
                && i.checked_sub(1)
                    .is_some_and(|p| page.blocks[p].kind == BlockKind::Quote);
            (judged[*i].class == Class::Short
                && !matches!(block.kind, BlockKind::Heading(_))
                && !reads_as_sentence(block, judged[*i].words)
                && !signs_a_quote)
                || is_small_print(block)
        };
        // A heading with nothing after it heads no part of the story either.
        let is_heading = |i: &usize| matches!(page.blocks[*i].kind, BlockKind::Heading(_));
        loop {
            // The site's small print closing the page goes whatever stands above
            // it (a run of short lines is no story's reason to keep a copyright).
            let small_print = kept
                .iter()
                .rev()
                .take_while(|&&i| is_small_print(&page.blocks[i]))
                .count();
            kept.truncate(kept.len() - small_print);
            let headings = kept.iter().rev().take_while(|i| is_heading(i)).count();
            kept.truncate(kept.len() - headings);
            let trail = kept.iter().rev().take_while(|i| is_edge(i)).count();
            if trail > 2 || small_print + headings + trail == 0 {
                break;
            }
            kept.truncate(kept.len() - trail);
        }
        let lead = kept.iter().take_while(|i| is_edge(i)).count();
        if lead <= 2 {
            kept.drain(..lead);
        }
        let good_words: usize = judged
            .iter()
            .filter(|j| j.class == Class::Good)
            .map(|j| j.words)
            .sum();
        let kept_good: usize = kept
            .iter()
            .filter(|&&i| judged[i].class == Class::Good)
            .map(|&i| judged[i].words)
            .sum();
        // A container of short lines only is the story when there are enough of them
        // (a calendar, a recipe); a few stray lines are not.
        let kept_words: usize = kept.iter().map(|&i| judged[i].words).sum();
        if kept_good == 0 && kept_words < SHORT_LINES_STORY_WORDS {
            return None;
        }
        Some(Extraction {
            confident: kept_good * 2 >= good_words && kept_good >= 50,
            kept,
            links_only: false,
        })
    }
}

/// What `judge` counts in a block's text, in one pass over its characters.
struct Counts {
    chars: usize,
    /// Chinese and Japanese characters (written without spaces).
    ideographic: usize,
    /// `.`, `!`, `?`, `。`, `।`.
    sentence_marks: usize,
    /// `,`, `،`, `、`, `，`.
    commas: usize,
}

impl Counts {
    fn of(text: &str) -> Counts {
        let mut counts = Counts {
            chars: 0,
            ideographic: 0,
            sentence_marks: 0,
            commas: 0,
        };
        for c in text.chars() {
            counts.chars += 1;
            match c {
                // Most characters are ASCII, and most of those none of the below.
                '.' | '!' | '?' => counts.sentence_marks += 1,
                ',' => counts.commas += 1,
                _ if c.is_ascii() => {}
                _ if deboil_engine::is_unspaced_script(c) => counts.ideographic += 1,
                '。' | '।' => counts.sentence_marks += 1,
                '،' | '、' | '，' => counts.commas += 1,
                _ => {}
            }
        }
        counts
    }
}

/// How many words a text has; Chinese and Japanese write without spaces, and
/// there two characters (`ideographic` of them) make about a word. (`judge`
/// counts them with the stop words when it has a stoplist, the same way.)
fn words_with(text: &str, ideographic: usize) -> usize {
    deboil_engine::stopwords::words(text)
        .count()
        .max(ideographic / 2)
}

/// The site's copyright line or legal small print (`© 2019 NYP Holdings, Inc. All
/// Rights Reserved | Terms of Use`): never the story's own edge.
fn is_small_print(block: &crate::Block) -> bool {
    let text = block.text.as_str();
    text.chars().count() < 400
        && (text.starts_with(['©', 'ⓒ'])
            || text.starts_with("Copyright")
            || text.starts_with("COPYRIGHT")
            || text.contains("All rights reserved")
            || text.contains("All Rights Reserved")
            || text.contains("subject to copyright"))
}

/// A sentence of running text: a dozen words or more (`words`, as judged) ending
/// as a sentence ends, few of them links.
fn reads_as_sentence(block: &crate::Block, words: usize) -> bool {
    let text = block.text.trim_end_matches(['"', '\'', '”', '’', '»', ')']);
    block.link_density < 0.3 && text.ends_with(['.', '!', '?', '。', '！', '？']) && words >= 12
}

/// `kept` with what is sandwiched between kept blocks: a run of left-out blocks
/// between two kept ones that holds only quotes and media furniture gives its
/// quotes back (a tweet's text and its `— name (@handle) date` signature), and a
/// run of headings in the same element as the block after them joins.
fn with_sandwiched(page: &Page, judged: &[Judged], mut kept: Vec<usize>) -> Vec<usize> {
    let mut joined = Vec::new();
    for pair in kept.windows(2) {
        let (from, to) = (pair[0] + 1, pair[1]);
        if from >= to {
            continue;
        }
        let gap = from..to;
        let only_quotes_and_media = gap.clone().all(|i| {
            let block = &page.blocks[i];
            block.kind == BlockKind::Quote
                || block.kind == BlockKind::Caption
                || (judged[i].class == Class::Bad && judged[i].chars < 200)
        });
        let quotes: Vec<usize> = gap
            .filter(|&i| page.blocks[i].kind == BlockKind::Quote && judged[i].class != Class::Bad)
            .collect();
        if only_quotes_and_media {
            joined.extend(quotes);
        }
        // Sub-headings between two kept blocks, in the same element as the one
        // after them: the story's own section headings.
        let parent = |i: usize| {
            let ancestors = &page.blocks[i].ancestors;
            ancestors.len().checked_sub(2).map(|at| ancestors[at])
        };
        let only_headings = (from..to).all(|i| {
            matches!(page.blocks[i].kind, BlockKind::Heading(_))
                && judged[i].class != Class::Bad
                && parent(i) == parent(to)
        });
        if only_headings {
            joined.extend(from..to);
        }
    }
    if !joined.is_empty() {
        kept.extend(joined);
        kept.sort_unstable();
    }
    kept
}

/// A block's layout: the last three elements of its path (innermost first), each
/// as its tag and classes, without ids.
fn shape(path: &str) -> Vec<(&str, Vec<&str>)> {
    path.rsplit('>')
        .take(3)
        .map(|segment| {
            let (tag, rest) = segment.split_once(['#', '.']).unwrap_or((segment, ""));
            let classes = if segment[tag.len()..].starts_with('#') {
                rest.split_once('.').map_or("", |(_, c)| c)
            } else {
                rest
            };
            (tag, classes.split('.').filter(|c| !c.is_empty()).collect())
        })
        .collect()
}

/// Two layouts alike: the same tags, and at each level the same classes or one
/// element's classes all on the other, so a variant that adds a modifier
/// (`article-body-text component version-2`, a first paragraph's
/// `block-text_initial-letter`) is the same template.
fn alike(a: &[(&str, Vec<&str>)], b: &[(&str, Vec<&str>)]) -> bool {
    let within = |small: &[&str], large: &[&str]| small.iter().all(|c| large.contains(c));
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((tag_a, classes_a), (tag_b, classes_b))| {
                tag_a == tag_b
                    && (classes_a == classes_b
                        || (!classes_a.is_empty()
                            && !classes_b.is_empty()
                            && (within(classes_a, classes_b) || within(classes_b, classes_a))))
            })
}

/// No container stands out: keep the prose (with what stands between its
/// paragraphs), else every block that is not furniture.
fn fallback(page: &Page, judged: &[Judged]) -> Extraction {
    let mut kept: Vec<usize> = (0..judged.len())
        .filter(|&i| judged[i].class == Class::Good)
        .collect();
    // The prose's own sub-headings and embedded posts stand between its paragraphs.
    kept = with_sandwiched(page, judged, kept);
    if kept.is_empty() {
        kept = (0..judged.len())
            .filter(|&i| judged[i].class != Class::Bad)
            .collect();
    }
    Extraction {
        kept,
        confident: false,
        links_only: false,
    }
}
