//! Applying a compiled `RuleSet` to one document. Cleaning is a pure function of
//! (rules, document): no IO, no shared state, so it is safe on any thread and gives
//! the same record for any thread count.
//!
//! Rules run in phases by kind, whatever their order in the file, because each kind
//! needs the lines the earlier ones settled: a crawl stamp is stripped before
//! anything reads the first line; cuts fix the article's window; spans (appeals)
//! come out before line rules, so an appeal sentence is filed under the appeal;
//! repeated captions are looked for last among line rules; closing credits
//! are read off the end (before and again after the line rules); the head (title,
//! standfirst, byline, date) is read last, off the first lines that remain. Within a
//! phase, an outlet's own rules run before its packs', and the first rule to claim
//! a line names it.

use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use crate::document::{has_words, is_space, more_chars_than, word_count, Document};
use crate::fields::{
    date_from_captures, ends_like_sentence, ends_with_stop, has_shape, split_authors,
};
use crate::group_regex::Group;
use crate::language;
use crate::page_parts::LineHints;
use crate::page_type::page_type;
use crate::paragraphs::{self, Verdict};
use crate::prefilter::Candidates;
use crate::record::{Cleaned, Fate, PageType, Piece, Record, Removed};
use crate::ruleset::{Head, Rule, RuleSet, Slot};
use crate::spec::{Field, RuleKind};
use crate::stopwords::WordCounts;
use crate::verdicts;

/// The phases, in order; each lists the rule kinds it runs. Closing credits are
/// read twice: before line rules (so a credit like `es/rc (AP, Reuters)` is not
/// mistaken for a caption) and after them (when furniture followed the credit).
/// Repeated captions come after the line rules, so a boilerplate line printed
/// twice is filed under its own rule; they still see the lines already removed
/// (a caption's second copy, taken with its credit, finds its first).
const PHASES: &[&[RuleKind]] = &[
    &[RuleKind::StripPrefix],
    &[RuleKind::CutBefore, RuleKind::CutAfter],
    &[RuleKind::Span],
    &[RuleKind::Tail],
    &[RuleKind::Drop, RuleKind::Caption, RuleKind::Teasers],
    &[RuleKind::Repeated],
    &[RuleKind::Tail],
];

/// The places of `rules` in the order cleaning applies them: phase by phase
/// ([`PHASES`]), in the set's order within a phase; a rule whose kind two phases
/// name comes twice.
pub(crate) fn phase_order(rules: &[Rule]) -> Vec<usize> {
    PHASES
        .iter()
        .flat_map(|kinds| (0..rules.len()).filter(|&r| kinds.contains(&rules[r].kind)))
        .collect()
}

/// How a text is read: a whole dump, or what a page's markup already made of it.
#[derive(Clone, Copy)]
struct Reading {
    /// The classifier, if the set has one, judges every paragraph (a dump); on an
    /// extracted article it only reads the head.
    judge_paragraphs: bool,
    /// The first line is the page's title (the markup said so).
    titled: bool,
    /// The page type the markup showed; else it is read from the text.
    known_type: Option<PageType>,
}

impl Reading {
    const DUMP: Reading = Reading {
        judge_paragraphs: true,
        titled: false,
        known_type: None,
    };
}

impl RuleSet {
    /// Cleans one text dump. `id` is copied into the record.
    pub fn clean(&self, id: &str, source: &str) -> Cleaned {
        let doc = Document::parse(source);
        self.clean_document(id, &doc)
    }

    /// Cleans an already parsed document (detection parses it once for both).
    pub fn clean_document(&self, id: &str, doc: &Document<'_>) -> Cleaned {
        self.clean_with(id, doc, Reading::DUMP, None)
    }

    /// Cleans a parsed document whose lines the prefilter has scanned already
    /// (with detection, see `Detector::clean`).
    pub(crate) fn clean_scanned(
        &self,
        id: &str,
        doc: &Document<'_>,
        candidates: Candidates,
    ) -> Cleaned {
        self.clean_with(id, doc, Reading::DUMP, Some(candidates))
    }

    /// Cleans the text of an article that a page's markup already chose (the HTML
    /// path): the rules run as ever, but a classifier, if the set has one, only
    /// reads the head (title, date, byline); it does not judge paragraphs again,
    /// since structure (links, tags, containers) chose them better than their
    /// text alone can. `titled`: the first line is the page's title (the markup
    /// said so), moved to `title` before anything else runs.
    pub fn clean_extracted(&self, id: &str, doc: &Document<'_>, titled: bool) -> Cleaned {
        let reading = Reading {
            judge_paragraphs: false,
            titled,
            known_type: None,
        };
        self.clean_with(id, doc, reading, None)
    }

    /// Cleans the text of a page its markup shows to be a listing (a front page
    /// of links): flagged `listing` whatever its lines look like, and cleaned as
    /// a listing dump is (the rules run, no classifier).
    pub fn clean_listing(&self, id: &str, doc: &Document<'_>) -> Cleaned {
        let reading = Reading {
            judge_paragraphs: false,
            titled: false,
            known_type: Some(PageType::Listing),
        };
        self.clean_with(id, doc, reading, None)
    }

    fn clean_with(
        &self,
        id: &str,
        doc: &Document<'_>,
        reading: Reading,
        scanned: Option<Candidates>,
    ) -> Cleaned {
        let Reading {
            judge_paragraphs,
            titled,
            known_type,
        } = reading;
        let candidates = scanned.unwrap_or_else(|| self.candidates(doc));
        let mut work = Work::new(doc, candidates);
        if titled && !doc.lines.is_empty() {
            work.fields.title = Some(doc.text(0).to_owned());
            work.settle(0, Fate::Moved(Field::Title));
        }
        work.page_type = known_type.unwrap_or_else(|| page_type(doc));
        // With the classifier on, cut-after rules wait for it: on a whole page, a
        // `Most popular` box can stand above the article, so a marker only counts
        // below the article's text. A listing is not classified: there is no
        // article to find in it, and it is flagged, not passed off as one.
        let classify = self
            .classify
            .as_ref()
            .filter(|_| work.page_type == PageType::Article);
        for rule in self.phased.iter().map(|&r| &self.rules[r]) {
            if (classify.is_none() || rule.kind != RuleKind::CutAfter) && work.may_act(rule) {
                work.apply(rule);
            }
        }
        match classify {
            Some(spec) => {
                let cuts: Vec<&Rule> = self
                    .rules
                    .iter()
                    .filter(|r| r.kind == RuleKind::CutAfter)
                    .collect();
                work.classify(
                    &self.reason_ids,
                    self.rules.len(),
                    spec.head.unwrap_or(true),
                    judge_paragraphs,
                    &cuts,
                );
            }
            None => work.read_head(&self.head),
        }
        work.finish(id, self)
    }
}

/// The fields read so far.
#[derive(Default)]
struct Fields {
    title: Option<String>,
    standfirst: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
}

impl Fields {
    fn add_authors(&mut self, names: Vec<String>) {
        for name in names {
            if !self.authors.contains(&name) {
                self.authors.push(name);
            }
        }
    }
}

/// Cleaning state: each line's still-kept text, whether it is settled (removed or
/// moved), and the pieces settled so far.
struct Work<'d, 'a> {
    doc: &'d Document<'a>,
    /// Each line's still-kept text, read out of the source once (every rule asks
    /// for it again and again): the line's end on, from where a prefix was cut
    /// (see `span`).
    texts: Vec<&'a str>,
    settled: Vec<bool>,
    pieces: Vec<Piece>,
    fields: Fields,
    /// Which rules may match which lines (the literal prefilter's answer).
    candidates: Candidates,
    /// The unsettled lines, in order (shared: each rule walks them, and most
    /// rules settle none); stale once a line has settled since.
    kept: Rc<Vec<usize>>,
    kept_stale: bool,
    page_type: PageType,
    /// The word counts the classifier took of each line it judged, with the
    /// line's span then (a line edited since is counted again).
    word_counts: Vec<Option<(Range<usize>, WordCounts)>>,
}

/// The word counts of `part`, the start of `paragraphs` joined by line breaks:
/// those of the paragraphs it holds whole (`counts`, where known) and of the part
/// of the one it cuts. No word runs across a line break, so they add up to what
/// counting `part` gives.
fn joined_counts(paragraphs: &[String], counts: &[Option<WordCounts>], part: &str) -> WordCounts {
    let mut total = WordCounts::default();
    let mut at = 0;
    for (paragraph, counts) in paragraphs.iter().zip(counts) {
        if at >= part.len() {
            break;
        }
        let end = (at + paragraph.len()).min(part.len());
        match counts {
            Some(counts) if end == at + paragraph.len() => total.add(counts),
            _ => total.add(&WordCounts::of(&part[at..end])),
        }
        at += paragraph.len() + 1;
    }
    total
}

impl<'d, 'a> Work<'d, 'a> {
    fn new(doc: &'d Document<'a>, candidates: Candidates) -> Self {
        Work {
            candidates,
            doc,
            texts: doc.texts().collect(),
            settled: vec![false; doc.lines.len()],
            // Every line ends as a piece (kept, moved or removed), and a few as two.
            pieces: Vec::with_capacity(doc.lines.len()),
            fields: Fields::default(),
            kept: Rc::new((0..doc.lines.len()).collect()),
            kept_stale: false,
            page_type: PageType::Article,
            word_counts: Vec::new(),
        }
    }

    fn text(&self, line: usize) -> &'a str {
        self.texts[line]
    }

    /// Where a line's still-kept text stands in the source: it ends where the
    /// line does (only prefixes are cut).
    fn span(&self, line: usize) -> Range<usize> {
        let end = self.doc.lines[line].span.end;
        end - self.texts[line].len()..end
    }

    /// Whether the rule's matcher matches what is left of a line.
    fn matches(&self, rule: &Rule, line: usize) -> bool {
        self.candidates.may_match(line, rule.slot) && rule.matcher.is_match(self.text(line))
    }

    /// The unsettled lines the rule's matcher matches, in order: only the lines the
    /// prefilter lets through are asked about.
    fn matching(&self, rule: &Rule) -> Vec<usize> {
        self.candidates
            .lines(rule.slot)
            .filter(|&i| !self.settled[i] && rule.matcher.is_match(self.text(i)))
            .collect()
    }

    /// Whether `apply` could do anything with this rule. Every kind but
    /// `strip-prefix` (which runs its regexes on the first line itself) and
    /// `repeated` (which has no matcher) acts only from a line its matcher matches,
    /// and `matches` says no to every line the prefilter rules out: when it rules
    /// out all of them, the rule is skipped without a walk over the lines.
    fn may_act(&self, rule: &Rule) -> bool {
        matches!(rule.kind, RuleKind::StripPrefix | RuleKind::Repeated)
            || self.candidates.may_match_any(rule.slot)
    }

    /// The unsettled lines, in order (computed again only after a line settled,
    /// in the same buffer once the rule that walked them has let go). A settled
    /// line stays settled, so they are the last ones computed less those settled
    /// since.
    fn kept(&mut self) -> Rc<Vec<usize>> {
        if self.kept_stale {
            let settled = &self.settled;
            match Rc::get_mut(&mut self.kept) {
                Some(kept) => kept.retain(|&i| !settled[i]),
                None => {
                    let unsettled = self.kept.iter().copied().filter(|&i| !settled[i]);
                    self.kept = Rc::new(unsettled.collect());
                }
            }
            self.kept_stale = false;
        }
        Rc::clone(&self.kept)
    }

    fn settle(&mut self, line: usize, fate: Fate) {
        if !self.settled[line] {
            self.settled[line] = true;
            self.kept_stale = true;
            self.pieces.push(Piece {
                span: self.span(line),
                fate,
            });
        }
    }

    fn remove(&mut self, line: usize, rule: &Rule) {
        self.settle(line, Fate::Removed(rule.id.clone()));
    }

    /// Removes the first `len` bytes of a line's kept text; the rest stays, trimmed.
    fn remove_prefix(&mut self, line: usize, len: usize, rule: &Rule) {
        let span = self.span(line);
        let cut = span.start + len;
        let rest = &self.doc.source[cut..span.end];
        let rest_start = cut + (rest.len() - rest.trim_start_matches(is_space).len());
        if rest_start >= span.end {
            self.remove(line, rule);
            return;
        }
        self.pieces.push(Piece {
            span: span.start..cut,
            fate: Fate::Removed(rule.id.clone()),
        });
        self.texts[line] = &self.doc.source[rest_start..span.end];
    }

    fn apply(&mut self, rule: &Rule) {
        let kept = self.kept();
        let kept: &[usize] = &kept;
        if kept.is_empty() {
            return;
        }
        match rule.kind {
            RuleKind::Drop => {
                for i in self.matching(rule) {
                    self.remove(i, rule);
                }
            }
            RuleKind::CutAfter => {
                // Only below some prose: a marker in the head (a `Top stories` menu)
                // must not take the whole article with it.
                let first_prose = kept.iter().position(|&i| is_prose(self.text(i)));
                let marker = first_prose
                    .and_then(|f| (f + 1..kept.len()).find(|&p| self.matches(rule, kept[p])));
                if let Some(p) = marker {
                    for &i in &kept[p..] {
                        self.remove(i, rule);
                    }
                }
            }
            RuleKind::CutBefore => {
                let top = &kept[..kept.len().min(rule.within)];
                if let Some(p) = top.iter().rposition(|&i| self.matches(rule, i)) {
                    for &i in &kept[..=p] {
                        self.remove(i, rule);
                    }
                }
            }
            RuleKind::Span => self.apply_span(rule, kept),
            RuleKind::StripPrefix => {
                let first = kept[0];
                let text = self.text(first);
                // A line no pattern matches anywhere is settled by the prefilter and
                // one match test, before any captures are asked for.
                let hit = if self.matches(rule, first) {
                    rule.matcher.regexes().iter().find_map(|re| {
                        let caps = re.captures(text)?;
                        let whole = caps.whole();
                        (whole.start() == 0 && whole.end() > 0)
                            .then(|| (whole.end(), date_from_captures(&caps)))
                    })
                } else {
                    None
                };
                if let Some((len, date)) = hit {
                    if self.fields.published.is_none() {
                        self.fields.published = date;
                    }
                    self.remove_prefix(first, len, rule);
                }
            }
            RuleKind::Caption => {
                for i in self.matching(rule) {
                    let caption =
                        (rule.with_previous && i > 0 && self.is_caption_above(i - 1, i, rule))
                            .then(|| i - 1);
                    if rule.require_previous && caption.is_none() {
                        continue;
                    }
                    self.remove(i, rule);
                    if let Some(above) = caption {
                        self.remove(above, rule);
                    }
                }
            }
            RuleKind::Repeated => self.apply_repeated(rule),
            RuleKind::Teasers => {
                let mut p = 0;
                while p < kept.len() {
                    if !self.matches(rule, kept[p]) {
                        p += 1;
                        continue;
                    }
                    let marker = kept[p];
                    self.remove(marker, rule);
                    p += 1;
                    let mut taken = 0;
                    while p < kept.len() && taken < MAX_TEASERS {
                        let line = kept[p];
                        let teaser = self.text(line);
                        let new_block =
                            self.doc.lines[line].block != self.doc.lines[kept[p - 1]].block;
                        if more_chars_than(teaser, rule.max_chars)
                            || ends_with_stop(teaser)
                            || (new_block && taken > 0 && self.doc.is_blocky())
                        {
                            break;
                        }
                        self.remove(line, rule);
                        taken += 1;
                        p += 1;
                    }
                }
            }
            RuleKind::Tail => {
                for &i in kept.iter().rev() {
                    let text = self.text(i);
                    if !self.matches(rule, i) {
                        break;
                    }
                    let names = rule.matcher.regexes().iter().find_map(|re| {
                        re.captures(text)?
                            .get(Group::Authors)
                            .map(|m| split_authors(m.as_str()))
                    });
                    self.fields.add_authors(names.unwrap_or_default());
                    self.remove(i, rule);
                }
            }
        }
    }

    /// From a start line to the line holding an end marker; text after the marker on
    /// that line stays. Without an end in reach, a dump that stops within reach lost
    /// the end to truncation and the span runs to the end; otherwise only the start
    /// line goes.
    fn apply_span(&mut self, rule: &Rule, kept: &[usize]) {
        let mut p = 0;
        while p < kept.len() {
            if self.settled[kept[p]] || !self.matches(rule, kept[p]) {
                p += 1;
                continue;
            }
            let reach = kept.len().min(p + rule.max_lines);
            let end = (p..reach).find_map(|q| {
                let text = self.text(kept[q]);
                rule.end
                    .iter()
                    .find_map(|re| re.find(text))
                    .map(|m| (q, m.end()))
            });
            match end {
                Some((q, cut)) => {
                    for &i in &kept[p..q] {
                        self.remove(i, rule);
                    }
                    self.remove_prefix(kept[q], cut, rule);
                    p = q + 1;
                }
                None if reach == kept.len() => {
                    for &i in &kept[p..] {
                        self.remove(i, rule);
                    }
                    p = kept.len();
                }
                None => {
                    self.remove(kept[p], rule);
                    p += 1;
                }
            }
        }
    }

    /// Whether line `above` is the caption of the credit on line `credit`: the line
    /// directly above, still in place and short; in a dump whose paragraphs are
    /// separated by blank lines, one in the credit's own block is its caption
    /// whatever its ending, and so is any line above a credit that always follows
    /// its caption (`sentence-caption`); otherwise it must not end like a sentence
    /// (a full stop, colon or semicolon; a title may end in `?` or `!`).
    fn is_caption_above(&self, above: usize, credit: usize, rule: &Rule) -> bool {
        let text = self.text(above);
        if self.settled[above] || more_chars_than(text, rule.max_chars) {
            return false;
        }
        let same_block = self.doc.lines[above].block == self.doc.lines[credit].block;
        (same_block && self.doc.is_blocky()) || rule.sentence_caption || !ends_with_stop(text)
    }

    /// A caption shown twice near itself: the same line again within a few kept lines,
    /// or followed by itself with the credit appended in parentheses. Lines already
    /// removed count as copies (so the first copy of a caption whose second copy
    /// went with its credit is found), but only lines still kept are removed.
    fn apply_repeated(&mut self, rule: &Rule) {
        // A line opening with an em dash signs a quote (`— Name (@handle) date`
        // under each embedded post of one account): not a caption however often
        // it recurs. Counting stops as soon as the answer is known: the same test
        // as `chars().count() >= min_chars && split_whitespace().count() >= 4`.
        let long_enough = |t: &str| {
            rule.min_chars
                .checked_sub(1)
                .is_none_or(|fewer| more_chars_than(t, fewer))
                && has_words(t, 4)
                && !t.starts_with(['—', '―'])
        };
        let n = self.texts.len();
        let mut copies = Vec::new();
        for i in 0..n {
            let text = self.text(i);
            let before = copies.len();
            let mut kept_between = 0;
            for j in i + 1..n.min(i + 1 + REPEAT_REACH) {
                if kept_between >= REPEAT_DISTANCE {
                    break;
                }
                let other = self.text(j);
                if !self.settled[j] {
                    kept_between += 1;
                }
                // (The credit is looked for only on the next line.)
                let is_copy = other == text
                    || (j == i + 1
                        && other.strip_prefix(text).map(str::trim).is_some_and(|c| {
                            c.starts_with('(') && c.ends_with(')') && c.len() < 80
                        }));
                if is_copy {
                    copies.extend([i, j]);
                }
            }
            // Most lines have no copy near them: whether the line is a caption's
            // length is asked only of those that have.
            if copies.len() > before && !long_enough(text) {
                copies.truncate(before);
            }
        }
        for line in copies {
            if !self.settled[line] {
                self.remove(line, rule);
            }
        }
    }

    fn slot_matches(
        &self,
        slot: &Slot,
        head: &Head,
        lines: &[usize],
        p: usize,
        check_next: bool,
    ) -> bool {
        let Some(&line) = lines.get(p) else {
            return false;
        };
        let text = self.text(line);
        let fits = verdicts::remembered(slot.memo, text, |text| {
            (slot.patterns.is_empty() || slot.patterns.iter().any(|re| re.is_match(text)))
                && slot.like.is_none_or(|shape| has_shape(text, shape))
        });
        if !fits || !check_next {
            return fits;
        }
        let neighbour_fits = |field: Option<Field>, at: Option<usize>| match (field, at) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(field), Some(at)) => head
                .slots
                .iter()
                .filter(|s| s.field == field)
                .any(|s| self.slot_matches(s, head, lines, at, false)),
        };
        neighbour_fits(slot.next, Some(p + 1)) && neighbour_fits(slot.prev, p.checked_sub(1))
    }

    /// Picks the slot for line `p` among `candidates` (in page order, nearest first):
    /// those up to and including the first required one; a slot with a pattern wins
    /// over a slot that only has a shape.
    fn pick_slot(
        &self,
        head: &Head,
        candidates: &[usize],
        lines: &[usize],
        p: usize,
    ) -> Option<usize> {
        let reach = candidates
            .iter()
            .position(|&s| !head.slots[s].optional)
            .map_or(candidates.len(), |k| k + 1);
        let open = &candidates[..reach];
        let fits = |&&s: &&usize| self.slot_matches(&head.slots[s], head, lines, p, true);
        open.iter()
            .filter(|&&s| !head.slots[s].patterns.is_empty())
            .find(fits)
            .or_else(|| {
                open.iter()
                    .filter(|&&s| head.slots[s].patterns.is_empty())
                    .find(fits)
            })
            .copied()
    }

    /// Fills slots from line `p` on, walking forward or backward through `order`.
    fn fill(
        &self,
        head: &Head,
        lines: &[usize],
        order: &[usize],
        mut p: isize,
        step: isize,
    ) -> Vec<(usize, usize)> {
        let mut filled = Vec::new();
        let mut order = order.to_vec();
        while !order.is_empty() && p >= 0 && (p as usize) < lines.len() {
            let Some(slot) = self.pick_slot(head, &order, lines, p as usize) else {
                break;
            };
            filled.push((p as usize, slot));
            // Slots are used in order, and a field is filled once: alternative
            // slots for the same field (a standfirst by shape, or by position above
            // the byline) drop out with it.
            let k = order
                .iter()
                .position(|&s| s == slot)
                .unwrap_or(order.len() - 1);
            let field = head.slots[slot].field;
            order = order[k + 1..]
                .iter()
                .copied()
                .filter(|&s| head.slots[s].field != field)
                .collect();
            p += step;
        }
        filled
    }

    fn read_head(&mut self, head: &Head) {
        let lines: Vec<usize> = self.kept().iter().copied().take(head.window).collect();
        if lines.is_empty() || head.slots.is_empty() {
            return;
        }
        let all: Vec<usize> = (0..head.slots.len()).collect();
        let anchored = head.anchor.and_then(|a| {
            let p = (0..lines.len())
                .find(|&p| self.slot_matches(&head.slots[a], head, &lines, p, true))?;
            let before: Vec<usize> = (0..a).rev().collect();
            let mut filled = vec![(p, a)];
            filled.extend(self.fill(head, &lines, &before, p as isize - 1, -1));
            filled.extend(self.fill(head, &lines, &all[a + 1..], p as isize + 1, 1));
            Some(filled)
        });
        let is_anchored = anchored.is_some();
        let mut filled = anchored.unwrap_or_else(|| self.fill(head, &lines, &all, 0, 1));
        filled.sort_unstable();
        if let (true, Some(rule), Some(&(first, _))) = (is_anchored, &head.above, filled.first()) {
            for &line in &lines[..first] {
                self.settle(line, Fate::Removed(rule.clone()));
            }
        }
        for (p, slot) in filled {
            self.move_to_field(&head.slots[slot], lines[p]);
        }
    }

    /// Runs the paragraph classifier over the kept lines and files its verdicts:
    /// removals under their reason's id (`reason_ids`, in `Reason::ALL`'s order),
    /// head lines into their fields. A cut-after marker (`cuts`) below the
    /// article's first paragraph, with less of the article's text after it than
    /// before, takes the rest under its own rule.
    ///
    /// The scan's matchers for the classifier's line tests start at `tests_from`
    /// (after the rules', see `ScannedTest`).
    fn classify(
        &mut self,
        reason_ids: &[Arc<str>],
        tests_from: usize,
        with_head: bool,
        judge: bool,
        cuts: &[&Rule],
    ) {
        self.remove_sandwiched();
        let kept = self.kept();
        let texts: Vec<&str> = kept.iter().map(|&i| self.text(i)).collect();
        let hints: Vec<LineHints> = kept
            .iter()
            .map(|&line| {
                LineHints::from_scan(|test| {
                    self.candidates.may_match(line, tests_from + test.index())
                })
            })
            .collect();
        // How many lines the rules took just above each kept line.
        let gaps: Vec<usize> = kept
            .iter()
            .scan(None, |prev: &mut Option<usize>, &line| {
                let gap = prev.map_or(0, |p| line - p - 1);
                *prev = Some(line);
                Some(gap)
            })
            .collect();
        let (verdicts, word_counts) = paragraphs::classify(&texts, &gaps, &hints);
        self.word_counts = vec![None; self.texts.len()];
        for (&line, counts) in kept.iter().zip(word_counts) {
            self.word_counts[line] = Some((self.span(line), counts));
        }
        let words = |p: usize| word_count(texts[p]);
        let body: Vec<usize> = (0..kept.len())
            .filter(|&p| verdicts[p] == Verdict::Keep)
            .collect();
        // The body's words, counted only once a cut rule has a marker.
        let total = std::cell::OnceCell::new();
        let total = || *total.get_or_init(|| body.iter().map(|&p| words(p)).sum::<usize>());
        // The first marker of any cut rule that qualifies.
        let cut = body.first().and_then(|&first| {
            cuts.iter()
                .filter_map(|rule| {
                    let marker = (first + 1..kept.len()).find(|&p| self.matches(rule, kept[p]))?;
                    let after: usize = body
                        .iter()
                        .filter(|&&p| p > marker)
                        .map(|&p| words(p))
                        .sum();
                    (after * 2 < total()).then_some((marker, *rule))
                })
                .min_by_key(|(marker, _)| *marker)
        });
        if let Some((marker, rule)) = cut {
            for &line in &kept[marker..] {
                self.remove(line, rule);
            }
        }
        for (&line, verdict) in kept.iter().zip(verdicts) {
            let text = self.text(line);
            let fate = match verdict {
                Verdict::Keep => continue,
                Verdict::Remove(_) if !judge => continue,
                Verdict::Remove(reason) => Fate::Removed(Arc::clone(&reason_ids[reason.index()])),
                _ if !with_head => continue,
                // A title the markup gave stays; this line is then story.
                Verdict::Title if self.fields.title.is_some() => continue,
                Verdict::Title => {
                    self.fields.title = Some(text.to_owned());
                    Fate::Moved(Field::Title)
                }
                // A standfirst the markup or a head slot gave stays; this line is
                // then story.
                Verdict::Standfirst if self.fields.standfirst.is_some() => continue,
                Verdict::Standfirst => {
                    self.fields.standfirst = Some(text.to_owned());
                    Fate::Moved(Field::Standfirst)
                }
                Verdict::Published(iso) => {
                    self.fields.published.get_or_insert(iso);
                    Fate::Moved(Field::Published)
                }
                Verdict::Authors(names) => {
                    self.fields.add_authors(names);
                    Fate::Moved(Field::Authors)
                }
            };
            self.settle(line, fate);
        }
    }

    /// A short kept line between two lines one rule removed (the blurb of a
    /// newsletter box between its heading and its button) goes with them.
    fn remove_sandwiched(&mut self) {
        let removed_by: rustc_hash::FxHashMap<usize, &Arc<str>> = self
            .pieces
            .iter()
            .filter_map(|p| match &p.fate {
                Fate::Removed(rule) => Some((p.span.end, rule)),
                _ => None,
            })
            .collect();
        let rule_of = |line: usize| -> Option<&Arc<str>> {
            // (A line's last piece ends where the line does.)
            let rule = removed_by.get(&self.doc.lines[line].span.end).copied();
            rule.filter(|_| self.settled[line])
        };
        let sandwiched: Vec<(usize, Arc<str>)> = (1..self.texts.len().saturating_sub(1))
            .filter(|&i| !self.settled[i] && !more_chars_than(self.text(i), SANDWICH_CHARS))
            .filter_map(|i| match (rule_of(i - 1), rule_of(i + 1)) {
                (Some(a), Some(b)) if a == b => Some((i, Arc::clone(a))),
                _ => None,
            })
            .collect();
        for (line, rule) in sandwiched {
            self.settle(line, Fate::Removed(rule));
        }
    }

    fn move_to_field(&mut self, slot: &Slot, line: usize) {
        let text = self.text(line);
        let caps = slot.patterns.iter().find_map(|re| re.captures(text));
        let date = caps.as_ref().and_then(date_from_captures);
        match slot.field {
            Field::Title => {
                self.fields.title.get_or_insert_with(|| text.to_owned());
            }
            Field::Standfirst => {
                self.fields
                    .standfirst
                    .get_or_insert_with(|| text.to_owned());
            }
            Field::Authors => {
                let names = caps
                    .as_ref()
                    .and_then(|c| c.get(Group::Authors))
                    .map_or(text, |m| m.as_str());
                self.fields.add_authors(split_authors(names));
            }
            Field::Published => {}
        }
        if self.fields.published.is_none() {
            self.fields.published = date;
        }
        self.settle(line, Fate::Moved(slot.field));
    }

    fn finish(mut self, id: &str, rules: &RuleSet) -> Cleaned {
        let kept = self.kept();
        let mut body = Vec::with_capacity(kept.len());
        // Each body paragraph's word counts, when the classifier took them.
        let mut body_counts = Vec::with_capacity(kept.len());
        for &i in kept.iter() {
            body.push(self.text(i).to_owned());
            body_counts.push(
                self.word_counts
                    .get(i)
                    .cloned()
                    .flatten()
                    .filter(|(span, _)| *span == self.span(i))
                    .map(|(_, counts)| counts),
            );
            self.settle(i, Fate::Kept);
        }
        self.pieces.sort_by_key(|p| p.span.start);
        // Pieces one rule removed one after another are one removal, from the
        // first's start to the last's end (its text copied once the run ends: a
        // copy per piece grew with the run, and a dump of many megabytes cut
        // after a marker took minutes).
        // Room for every piece, at most one removal each.
        let mut removed: Vec<Removed> = Vec::with_capacity(self.pieces.len());
        let mut run: Option<(&Arc<str>, Range<usize>)> = None;
        let source = self.doc.source;
        let mut close = |run: Option<(&Arc<str>, Range<usize>)>| {
            if let Some((rule, span)) = run {
                removed.push(Removed {
                    rule: Arc::clone(rule),
                    text: source[span].to_owned(),
                });
            }
        };
        for piece in &self.pieces {
            match (&piece.fate, &mut run) {
                (Fate::Removed(rule), Some((open, span))) if *open == rule => {
                    span.end = piece.span.end;
                }
                (Fate::Removed(rule), _) => close(run.replace((rule, piece.span.clone()))),
                _ => close(run.take()),
            }
        }
        close(run);
        let sample = if body.is_empty() {
            [
                self.fields.title.as_deref(),
                self.fields.standfirst.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n")
        } else {
            language::joined_sample(&body)
        };
        let record = Record {
            id: id.to_owned(),
            outlet: rules.name.clone(),
            language: language::identify(&sample, &rules.languages, |part| {
                if body.is_empty() {
                    WordCounts::of(part)
                } else {
                    joined_counts(&body, &body_counts, part)
                }
            }),
            title: self.fields.title,
            standfirst: self.fields.standfirst,
            authors: self.fields.authors,
            published: self.fields.published,
            page_type: self.page_type,
            uncertain: false,
            body,
            removed,
        };
        Cleaned {
            record,
            trace: self.pieces,
        }
    }
}

/// Longest line taken between two removals of one rule (with the classifier on).
const SANDWICH_CHARS: usize = 120;
/// Most teaser lines a `teasers` rule takes after one marker.
const MAX_TEASERS: usize = 10;
/// How many kept lines apart two copies of a repeated caption may stand...
const REPEAT_DISTANCE: usize = 3;
/// ...and how many lines in all (removed furniture such as share bars between).
const REPEAT_REACH: usize = 30;

/// A line that reads as a sentence of running text.
fn is_prose(text: &str) -> bool {
    text.len() >= 40 && ends_like_sentence(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_apply_phase_by_phase_in_the_sets_order_within_one() {
        let rule = |id: &str, kind: &str| {
            format!("[[rules]]\nid = \"{id}\"\nkind = \"{kind}\"\nmatch.regex = [\"^{id}x\"]\n")
        };
        let file = [
            "name = \"t\"\n".to_owned(),
            rule("drop1", "drop"),
            rule("tail", "tail"),
            rule("strip", "strip-prefix"),
            rule("cut", "cut-after"),
            rule("drop2", "drop"),
        ]
        .concat();
        let mut set = RuleSet::from_toml(&file).unwrap();
        let order = |set: &RuleSet| -> Vec<String> {
            set.phased
                .iter()
                .map(|&r| set.rules[r].id.to_string())
                .collect()
        };
        assert_eq!(
            order(&set),
            ["t/strip", "t/cut", "t/tail", "t/drop1", "t/drop2", "t/tail"]
        );
        // Rules put in front keep the order whole.
        let front = RuleSet::from_toml(&format!("name = \"f\"\n{}", rule("d", "drop"))).unwrap();
        set.prepend_rules(front.into_rules());
        assert_eq!(
            order(&set),
            ["t/strip", "t/cut", "t/tail", "f/d", "t/drop1", "t/drop2", "t/tail"]
        );
    }

    #[test]
    fn a_sample_of_joined_paragraphs_counts_as_its_text_does() {
        let paragraphs: Vec<String> = [
            "The council met on Tuesday, and the vote was close.",
            "Det er ikke første gang, at der er problemer med broen.",
            "Die Stadt will zwei neue Parkhäuser bauen.",
        ]
        .map(String::from)
        .to_vec();
        let counted: Vec<Option<WordCounts>> =
            paragraphs.iter().map(|p| Some(WordCounts::of(p))).collect();
        let unknown = vec![None; paragraphs.len()];
        let joined = paragraphs.join("\n");
        for end in (0..=joined.len()).filter(|&end| joined.is_char_boundary(end)) {
            let part = &joined[..end];
            assert_eq!(
                joined_counts(&paragraphs, &counted, part),
                WordCounts::of(part),
                "{part:?}"
            );
            assert_eq!(
                joined_counts(&paragraphs, &unknown, part),
                WordCounts::of(part)
            );
        }
    }
}
