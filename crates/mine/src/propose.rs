//! Finding one site's boilerplate: lines (exact or masked) and blocks of lines that
//! recur across many of its stories, and lines whose start is furniture glued to
//! the story (a lost line break). Each becomes a proposed rule with its support.
//!
//! Support is counted in stories, not documents: a document counts once for a line
//! however often it prints it, and near-duplicate documents (two versions of one
//! story) count once together, so a story's own sentences, which recur only in its
//! copies, never reach the threshold. A long sentence-like line must in addition
//! recur in a larger share of the site's stories.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use deboil_engine::fields::ends_like_sentence;
use deboil_engine::spec::{MatchSpec, RuleKind, RuleSpec};
use deboil_engine::Document;

use crate::mask::{glue_points, mask, Masked};
use crate::{find, shorten, union, SourceDoc};

/// Knobs of the miner.
#[derive(Debug, Clone)]
pub struct Options {
    /// A line must recur in at least this many stories...
    pub min_stories: usize,
    /// ...and in at least this share of the site's stories.
    pub min_share: f64,
    /// A long sentence-like line must recur in at least this share.
    pub sentence_share: f64,
    /// Example document ids shown per rule.
    pub examples: usize,
    /// Documents read per site (the first ones); the rest are not needed to see
    /// what recurs, and the duplicate check compares every pair.
    pub max_documents: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_stories: 3,
            min_share: 0.15,
            sentence_share: 0.35,
            examples: 3,
            max_documents: 2000,
        }
    }
}

/// Where a proposed rule's lines sit in the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Placement {
    /// In the first 30% of the lines.
    Head,
    Body,
    /// In the last 30% of the lines.
    Tail,
    /// At the start of a line, glued to the text after it.
    Glued,
}

impl Placement {
    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Head => "head",
            Placement::Body => "body",
            Placement::Tail => "tail",
            Placement::Glued => "glued",
        }
    }
}

/// What kind of boilerplate a proposal removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Found {
    /// Consecutive recurring lines, removed as a `span` from the first to the last.
    Block,
    /// A recurring line that is sometimes glued to the next paragraph: a `span`
    /// that starts and ends on it, keeping the text after it.
    GluedLine,
    /// A recurring line: `drop`.
    Line,
}

/// One proposed rule and the evidence for it.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub found: Found,
    pub placement: Placement,
    /// Stories (near-duplicate documents counted once) that show it.
    pub stories: usize,
    /// Documents that show it.
    pub documents: usize,
    /// `stories` over the site's stories.
    pub share: f64,
    /// 0 to 1: how sure the miner is that this is furniture.
    pub confidence: f64,
    /// Ids of the first documents that show it.
    pub examples: Vec<String>,
    /// The lines as printed most often.
    pub lines: Vec<String>,
    /// Documents in which the line was glued to the following text.
    pub glued_documents: usize,
    /// The rule itself.
    pub rule: RuleSpec,
}

/// What mining one site found.
#[derive(Debug, Clone)]
pub struct Mined {
    /// Documents read (after the per-site cap; exact copies counted once).
    pub documents: usize,
    /// Distinct stories among them.
    pub stories: usize,
    /// Stories a line needs to be proposed.
    pub threshold: usize,
    /// Proposals in review order: blocks, glued lines, lines; each by confidence.
    pub proposals: Vec<Proposal>,
}

/// Lines of at least this many characters identify a story (for near-duplicates).
const STORY_LINE_CHARS: usize = 40;
/// Two documents sharing this share of their story lines are one story.
const SAME_STORY_JACCARD: f64 = 0.5;
/// Longest block proposed as one span.
const MAX_BLOCK_LINES: usize = 12;
/// Longest line considered at all.
const MAX_LINE_CHARS: usize = 1500;
/// A glued prefix must be this long to count (a stray capital is not a lost break).
const MIN_GLUED_CHARS: usize = 15;

fn hash_of(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Sorted, deduplicated hashes of a document's long lines.
fn story_lines(lines: &[&str]) -> Vec<u64> {
    let mut hashes: Vec<u64> = lines
        .iter()
        .filter(|l| l.chars().count() >= STORY_LINE_CHARS)
        .map(|l| hash_of(l))
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// The story (cluster) of each document: near-duplicates share one.
fn stories_of(docs: &[Vec<&str>]) -> (Vec<usize>, usize) {
    let sets: Vec<Vec<u64>> = docs.iter().map(|lines| story_lines(lines)).collect();
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    for a in 0..sets.len() {
        for b in a + 1..sets.len() {
            let (sa, sb) = (sets[a].len(), sets[b].len());
            if sa == 0 || sb == 0 || (sa.min(sb) as f64) < SAME_STORY_JACCARD * sa.max(sb) as f64 {
                continue;
            }
            if jaccard(&sets[a], &sets[b]) >= SAME_STORY_JACCARD {
                union(&mut parent, a, b);
            }
        }
    }
    let mut ids: HashMap<usize, usize> = HashMap::new();
    let story: Vec<usize> = (0..docs.len())
        .map(|d| {
            let root = find(&mut parent, d);
            let next = ids.len();
            *ids.entry(root).or_insert(next)
        })
        .collect();
    (story, ids.len())
}

/// A line that reads like a sentence of a story: long, or several words ending in
/// a full stop.
fn sentence_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    text.chars().count() >= 120 || (words >= 8 && ends_like_sentence(text))
}

/// Whether a line opens like a byline (`By Jane Doe`, `Av Kari Nordmann`).
fn starts_like_byline(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(
        first.as_str(),
        "by" | "av" | "von" | "par" | "por" | "door" | "di" | "af"
    )
}

/// What is known of one masked line across the site.
struct LineStats {
    masked: Masked,
    stories: BTreeSet<usize>,
    documents: Vec<usize>,
    variants: BTreeMap<String, usize>,
    /// Documents per placement: head, body, tail, glued.
    placements: [usize; 4],
    glued_documents: usize,
}

/// One document's sighting of a line.
struct Sighting<'t> {
    text: &'t str,
    placement: Placement,
    glued: bool,
}

fn placement_of(i: usize, n: usize) -> Placement {
    let at = i as f64 / n.max(1) as f64;
    if n >= 4 && at < 0.3 {
        Placement::Head
    } else if n >= 4 && at >= 0.7 {
        Placement::Tail
    } else {
        Placement::Body
    }
}

/// A piece of a glued line long enough to be a line of its own.
fn long_enough(piece: &str) -> bool {
    piece.chars().count() >= MIN_GLUED_CHARS && piece.split_whitespace().count() >= 3
}

/// The glued prefixes of a line: text before a lost line break.
fn glued_prefixes(line: &str) -> impl Iterator<Item = &str> {
    glue_points(line)
        .take(3)
        .map(|p| line[..p].trim_end())
        .filter(|prefix| long_enough(prefix))
}

/// The text after each lost line break of a line.
fn glued_suffixes(line: &str) -> impl Iterator<Item = &str> {
    glue_points(line)
        .take(3)
        .map(|p| line[p..].trim_start())
        .filter(|suffix| long_enough(suffix))
}

/// One line of a document as the ids of its masked line and glued prefixes.
struct LineIds {
    line: usize,
    glued_prefixes: Vec<usize>,
}

/// A proposed line that passed the thresholds.
struct Candidate<'s> {
    /// Index of its line in the site's line statistics.
    id: usize,
    key: &'s str,
    stats: &'s LineStats,
    text: String,
    sentence_like: bool,
}

/// Mines the documents `members` (indexes into `docs`) as one site.
pub fn mine(docs: &[SourceDoc<'_>], members: &[usize], options: &Options) -> Mined {
    // Exact copies count once; the first `max_documents` are read.
    let mut seen_texts = HashSet::new();
    let picked: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| seen_texts.insert(docs[i].text))
        .take(options.max_documents)
        .collect();
    let lines: Vec<Vec<&str>> = picked
        .iter()
        .map(|&i| {
            let doc = Document::parse(docs[i].text);
            (0..doc.lines.len())
                .map(|l| doc.text(l))
                .filter(|t| t.chars().count() <= MAX_LINE_CHARS)
                .collect()
        })
        .collect();
    let (story, story_count) = stories_of(&lines);

    // Every line and glued prefix, once per document. Each masked line is masked
    // once: the blocks are found from the ids noted here.
    let mut stats: Vec<LineStats> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut line_ids: Vec<Vec<LineIds>> = Vec::with_capacity(lines.len());
    for (d, doc_lines) in lines.iter().enumerate() {
        let mut sightings: HashMap<usize, Sighting<'_>> = HashMap::new();
        let mut note = |text, placement, glued: bool| {
            let masked = mask(text);
            let id = match ids.get(&masked.key) {
                Some(&id) => id,
                None => {
                    ids.insert(masked.key.clone(), stats.len());
                    stats.push(LineStats {
                        masked,
                        stories: BTreeSet::new(),
                        documents: Vec::new(),
                        variants: BTreeMap::new(),
                        placements: [0; 4],
                        glued_documents: 0,
                    });
                    stats.len() - 1
                }
            };
            let sighting = sightings.entry(id).or_insert(Sighting {
                text,
                placement,
                glued,
            });
            sighting.glued |= glued;
            id
        };
        let n = doc_lines.len();
        let mut doc_ids = Vec::with_capacity(n);
        for (i, &line) in doc_lines.iter().enumerate() {
            let line_id = note(line, placement_of(i, n), false);
            let prefixes = glued_prefixes(line)
                .map(|prefix| note(prefix, Placement::Glued, true))
                .collect();
            doc_ids.push(LineIds {
                line: line_id,
                glued_prefixes: prefixes,
            });
            // What follows a lost line break may be furniture too (two prompts
            // glued together); a story's text after it never recurs.
            for suffix in glued_suffixes(line) {
                note(suffix, placement_of(i, n), false);
            }
        }
        line_ids.push(doc_ids);
        for (id, sighting) in sightings {
            let entry = &mut stats[id];
            entry.stories.insert(story[d]);
            entry.documents.push(d);
            *entry.variants.entry(sighting.text.to_owned()).or_default() += 1;
            entry.placements[sighting.placement as usize] += 1;
            entry.glued_documents += usize::from(sighting.glued);
        }
    }

    let share_needed = |share: f64| ((share * story_count as f64).ceil() as usize).max(1);
    let threshold = options.min_stories.max(share_needed(options.min_share));
    let sentence_threshold = threshold.max(share_needed(options.sentence_share));

    let mut candidates: Vec<Candidate<'_>> = stats
        .iter()
        .enumerate()
        .filter_map(|(id, s)| {
            let text = s
                .variants
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?
                .0
                .clone();
            let sentence_like = sentence_like(&text);
            let needed = if sentence_like {
                sentence_threshold
            } else {
                threshold
            };
            // A line of names (a masthead, a copyright holder) printed the same in
            // most stories is the site's; a byline would vary or say "By".
            let masthead = s.variants.len() == 1
                && s.stories.len() * 2 >= story_count
                && s.masked.literal_words > 0
                && !starts_like_byline(&text);
            let keep = s.stories.len() >= needed
                && (s.masked.has_own_content() || masthead)
                && !s.variants.keys().any(|v| s.masked.shows_date(v));
            keep.then_some(Candidate {
                id,
                key: &s.masked.key,
                stats: s,
                text,
                sentence_like,
            })
        })
        .collect();
    candidates.sort_by(|a, b| a.key.cmp(b.key));
    // Line id → its candidate, if it is one.
    let mut candidate_of: Vec<Option<usize>> = vec![None; stats.len()];
    for (i, c) in candidates.iter().enumerate() {
        candidate_of[c.id] = Some(i);
    }

    let blocks = find_blocks(&line_ids, &story, &candidate_of, threshold);

    let mut proposals = Vec::new();
    let ids_of = |docs_at: &[usize]| -> Vec<String> {
        let mut sorted = docs_at.to_vec();
        sorted.sort_unstable();
        sorted
            .iter()
            .take(options.examples)
            .map(|&d| docs[picked[d]].id.to_owned())
            .collect()
    };
    let share_of = |stories: usize| stories as f64 / story_count.max(1) as f64;
    for block in &blocks {
        let first = &candidates[block.keys[0]];
        let last = &candidates[block.keys[block.keys.len() - 1]];
        let glued_end = last.stats.glued_documents > 0;
        let share = share_of(block.stories.len());
        let lines: Vec<String> = block
            .keys
            .iter()
            .map(|&k| candidates[k].text.clone())
            .collect();
        proposals.push(Proposal {
            found: Found::Block,
            placement: dominant_placement(first.stats),
            stories: block.stories.len(),
            documents: block.documents.len(),
            share,
            confidence: confidence(share, 1.0, false),
            examples: ids_of(&block.documents),
            glued_documents: usize::from(glued_end) * last.stats.glued_documents,
            rule: RuleSpec {
                id: String::new(),
                kind: RuleKind::Span,
                why: format!(
                    "Mined: a block of {} lines, from `{}` to `{}`, in {} of {} stories.",
                    lines.len(),
                    shorten(&first.text, 50),
                    shorten(&last.text, 50),
                    block.stories.len(),
                    story_count
                ),
                matches: Some(line_matcher(first)),
                end: vec![format!(
                    "^{}{}",
                    first_pattern(last),
                    if glued_end { "" } else { "$" }
                )],
                max_lines: Some(block.keys.len() + 2),
                ..empty_rule()
            },
            lines,
        });
    }
    for c in &candidates {
        let s = c.stats;
        let share = share_of(s.stories.len());
        let placement = dominant_placement(s);
        let consistency = s.placements[placement as usize] as f64 / s.documents.len().max(1) as f64;
        let glued = s.glued_documents > 0;
        let where_ = if glued {
            format!(
                "{}, glued to the next paragraph in {} document{}",
                placement.as_str(),
                s.glued_documents,
                if s.glued_documents == 1 { "" } else { "s" }
            )
        } else {
            placement.as_str().to_owned()
        };
        let why = format!(
            "Mined: recurs in {} of {} stories ({where_}).",
            s.stories.len(),
            story_count
        );
        let rule = if glued {
            let pattern = format!("^{}", first_pattern(c));
            RuleSpec {
                id: String::new(),
                kind: RuleKind::Span,
                why,
                matches: Some(MatchSpec {
                    regex: vec![pattern.clone()],
                    ..MatchSpec::default()
                }),
                end: vec![pattern],
                max_lines: Some(1),
                ..empty_rule()
            }
        } else {
            RuleSpec {
                id: String::new(),
                kind: RuleKind::Drop,
                why,
                matches: Some(line_matcher(c)),
                ..empty_rule()
            }
        };
        proposals.push(Proposal {
            found: if glued { Found::GluedLine } else { Found::Line },
            placement: if glued { Placement::Glued } else { placement },
            stories: s.stories.len(),
            documents: s.documents.len(),
            share,
            confidence: confidence(share, consistency, c.sentence_like),
            examples: ids_of(&s.documents),
            lines: vec![c.text.clone()],
            glued_documents: s.glued_documents,
            rule,
        });
    }
    proposals.sort_by(|a, b| {
        a.found
            .cmp(&b.found)
            .then(b.confidence.total_cmp(&a.confidence))
            .then(b.stories.cmp(&a.stories))
            .then(a.placement.cmp(&b.placement))
            .then(a.lines.cmp(&b.lines))
    });
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for p in &mut proposals {
        let stem = match p.found {
            Found::Block => "block",
            Found::GluedLine => "glued",
            Found::Line => p.placement.as_str(),
        };
        let n = counts.entry(stem).or_default();
        *n += 1;
        p.rule.id = format!("{stem}-{n}");
    }
    Mined {
        documents: picked.len(),
        stories: story_count,
        threshold,
        proposals,
    }
}

fn empty_rule() -> RuleSpec {
    RuleSpec {
        id: String::new(),
        kind: RuleKind::Drop,
        why: String::new(),
        matches: None,
        end: Vec::new(),
        max_lines: None,
        within: None,
        with_previous: false,
        require_previous: false,
        sentence_caption: false,
        max_chars: None,
        min_chars: None,
    }
}

fn dominant_placement(s: &LineStats) -> Placement {
    let order = [
        Placement::Head,
        Placement::Body,
        Placement::Tail,
        Placement::Glued,
    ];
    order
        .into_iter()
        .max_by_key(|&p| (s.placements[p as usize], std::cmp::Reverse(p)))
        .unwrap_or(Placement::Body)
}

/// 0 to 1: a line in half the stories or more is as sure as it gets; one that sits
/// in varying places, or reads like a sentence, a little less.
fn confidence(share: f64, consistency: f64, sentence_like: bool) -> f64 {
    let base = (share / 0.5).min(1.0);
    let place = 0.7 + 0.3 * consistency;
    let shape = if sentence_like { 0.85 } else { 1.0 };
    (base * place * shape * 100.0).round() / 100.0
}

/// A whole-line matcher for a candidate: its exact spellings when they are few and
/// nothing in them counts or dates (a site's furniture names the site the same way
/// every time), else its masked regex, which also matches values not seen yet.
fn line_matcher(c: &Candidate<'_>) -> MatchSpec {
    let variants = &c.stats.variants;
    let m = &c.stats.masked;
    let varying_values = m.numbers + m.date_words + m.relative_times > 0;
    if variants.len() <= 3 && !varying_values {
        MatchSpec {
            exact: variants.keys().cloned().collect(),
            ..MatchSpec::default()
        }
    } else {
        MatchSpec {
            regex: vec![format!("^{}$", first_pattern(c))],
            ..MatchSpec::default()
        }
    }
}

/// The candidate's masked regex (unanchored).
fn first_pattern<'s>(c: &Candidate<'s>) -> &'s str {
    &c.stats.masked.pattern
}

/// Consecutive candidate lines that recur together.
struct Block {
    keys: Vec<usize>,
    stories: BTreeSet<usize>,
    documents: Vec<usize>,
}

fn find_blocks(
    line_ids: &[Vec<LineIds>],
    story: &[usize],
    candidate_of: &[Option<usize>],
    threshold: usize,
) -> Vec<Block> {
    let mut runs: HashMap<Vec<usize>, Block> = HashMap::new();
    for (d, doc_lines) in line_ids.iter().enumerate() {
        let mut seen: HashSet<Vec<usize>> = HashSet::new();
        let mut run: Vec<usize> = Vec::new();
        let mut flush = |run: &mut Vec<usize>| {
            for start in 0..run.len() {
                for end in start + 2..=run.len().min(start + MAX_BLOCK_LINES) {
                    let keys = run[start..end].to_vec();
                    if seen.insert(keys.clone()) {
                        let block = runs.entry(keys.clone()).or_insert_with(|| Block {
                            keys,
                            stories: BTreeSet::new(),
                            documents: Vec::new(),
                        });
                        block.stories.insert(story[d]);
                        block.documents.push(d);
                    }
                }
            }
            run.clear();
        };
        for line in doc_lines {
            if let Some(k) = candidate_of[line.line] {
                run.push(k);
                continue;
            }
            // A glued line ends the run with its prefix.
            if let Some(k) = line.glued_prefixes.iter().find_map(|&p| candidate_of[p]) {
                run.push(k);
            }
            flush(&mut run);
        }
        flush(&mut run);
    }
    let mut found: Vec<Block> = runs
        .into_values()
        .filter(|b| b.stories.len() >= threshold)
        .collect();
    found.sort_by(|a, b| {
        (b.stories.len() * b.keys.len())
            .cmp(&(a.stories.len() * a.keys.len()))
            .then(b.stories.len().cmp(&a.stories.len()))
            .then(a.keys.cmp(&b.keys))
    });
    let mut used: HashSet<usize> = HashSet::new();
    let mut chosen = Vec::new();
    for block in found {
        if block.keys.iter().any(|k| used.contains(k)) {
            continue;
        }
        used.extend(block.keys.iter().copied());
        chosen.push(block);
    }
    chosen
}
