//! The generic paragraph classifier: for dumps of outlets nobody wrote rules for,
//! each line still kept after the rule phases is judged content or boilerplate
//! from what it is, the way jusText does, and then from where it stands.
//!
//! 1. Each line gets a class from its own features: length, whether it ends like
//!    a sentence, its stopword density (under the stoplist the document reads
//!    densest in), its share of capitalised words, copyright, legal, code and
//!    caption-credit markers, glued teasers (`page_parts.rs`).
//! 2. The page's parts found by their structure (`page_parts.rs`): the comment
//!    section below the article is set aside, and teaser boxes (summaries that
//!    stand alone between headlines and stamps) are not text.
//! 3. A second pass settles the undecided lines (short ones, near-good ones) by
//!    the class of their nearest decided neighbours (jusText's context step), and
//!    keeps near-good lines and short sentences close to good text.
//! 4. The article is one stretch of the page: the stretch of lines with the most
//!    content weight (good text counts for, furniture, stamps and bare headlines
//!    against) is the article; good-looking text outside it is not. A list or
//!    table the article introduces is kept with it.
//! 5. Above the article's first paragraph, the head: a headline-like line is the
//!    title, a date line goes to `published`, a `By ...` line to `authors`; among
//!    its last lines, a note on the author is filed apart. The article's first
//!    line, when furniture sets it apart from the paragraphs below, is the
//!    standfirst.
//!
//! The result is one verdict per line; `clean.rs` applies them to the trace.

use crate::document::more_chars_than;
use crate::fields::{
    after_byline_word, date_line, ends_like_sentence, has_shape, is_title_like, split_authors,
};
use crate::letters::{self, is_unspaced_script};
use crate::page_parts::{self, LineHints, ScannedTest};
use crate::spec::Shape;
use crate::stopwords::{density_of, words, Stoplist, WordCounts};

/// Why a line was judged boilerplate; each reason is its own rule id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    /// Short lines that do not read as text: menus, buttons, labels.
    Furniture,
    /// Longer lines that are not prose: lists of names, link rows, copyright lines.
    NotProse,
    /// Text that reads as prose but stands apart from the article: teasers with
    /// summaries, about-us boxes.
    OutsideArticle,
    /// The comment section below the article (from its header or first comment).
    Comments,
    /// A note on the author at the end of the article (`Jane Doe is a reporter ...`).
    AuthorBio,
}

impl Reason {
    /// Every reason, in the order `deboil outlets` lists them.
    pub(crate) const ALL: [Reason; 5] = [
        Reason::Furniture,
        Reason::NotProse,
        Reason::OutsideArticle,
        Reason::Comments,
        Reason::AuthorBio,
    ];

    /// Its place in [`Reason::ALL`] (the order the reasons are declared in).
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Why lines are removed under this reason, for `deboil outlets`.
    pub(crate) fn why(self) -> &'static str {
        match self {
            Reason::Furniture => "Classifier: short lines that do not read as text (menus, buttons, labels, share rows).",
            Reason::NotProse => "Classifier: longer lines that are not prose (link rows, names, copyright and legal small print, captions with credits).",
            Reason::OutsideArticle => "Classifier: text that reads as prose but stands outside the article's stretch (teasers, boxes).",
            Reason::Comments => "Classifier: the comment section below the article, from its header or first comment.",
            Reason::AuthorBio => "Classifier: a note on the author among the article's last lines.",
        }
    }

    /// The rule id (after the rules file's name) a removal is filed under.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Reason::Furniture => "page-furniture",
            Reason::NotProse => "not-prose",
            Reason::OutsideArticle => "outside-article",
            Reason::Comments => "comment-section",
            Reason::AuthorBio => "author-bio",
        }
    }
}

/// What becomes of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Keep,
    Title,
    /// A date line near the head: its date, ISO.
    Published(String),
    /// A byline near the head: its names.
    Authors(Vec<String>),
    /// The dek standing apart above the article's paragraphs.
    Standfirst,
    Remove(Reason),
}

/// A line's class, as jusText names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

/// How many lines above the article's first paragraph the head may span.
const HEAD_WINDOW: usize = 12;

/// Classifies the kept lines of a document (in order); `gaps[i]`: how many lines
/// the rules removed just above line `i` (furniture they knew by its words, which
/// weighs against the article running on across it). `hints[i]`: which of the
/// line tests the literal scan lets line `i` pass (`ScannedTest`); a line past
/// its end may pass every one. With the verdicts, each line's word counts, which
/// naming the language of the kept lines adds up.
pub(crate) fn classify(
    lines: &[&str],
    gaps: &[usize],
    hints: &[LineHints],
) -> (Vec<Verdict>, Vec<WordCounts>) {
    let counts: Vec<LineCounts> = lines.iter().map(|t| LineCounts::of(t)).collect();
    let verdicts = classify_counted(lines, gaps, hints, &counts);
    (verdicts, counts.iter().map(|c| c.words).collect())
}

fn classify_counted(
    lines: &[&str],
    gaps: &[usize],
    hints: &[LineHints],
    counts: &[LineCounts],
) -> Vec<Verdict> {
    if lines.is_empty() {
        return Vec::new();
    }
    let stoplist = document_stoplist(lines, counts);
    let features: Vec<Features> = lines
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (t, c))| {
            let hints = hints.get(i).copied().unwrap_or(LineHints::ANY);
            Features::of(t, c, hints, stoplist)
        })
        .collect();
    let mut initial: Vec<Class> = features.iter().map(Features::class).collect();
    if !initial.contains(&Class::Good) {
        // Too little text to tell an article from its page: leave it as the rules
        // left it, with a headline-like first line as the title.
        let mut verdicts = vec![Verdict::Keep; lines.len()];
        if lines.len() > 1 && is_title_like(lines[0]) {
            verdicts[0] = Verdict::Title;
        }
        return verdicts;
    }
    promote_sentence_runs(&mut initial, &features);
    // The comment section, when the page shows one below the article's first
    // paragraph, is not searched for the article.
    let comments = initial
        .iter()
        .position(|&c| c == Class::Good)
        .and_then(|first| page_parts::comment_section(lines, first))
        .unwrap_or(lines.len());
    // Teaser boxes: summaries standing alone between headlines and stamps.
    let stamps: Vec<bool> = lines[..comments]
        .iter()
        .zip(&features)
        .map(|(t, f)| !f.embed_credit && page_parts::is_stamp(t))
        .collect();
    let prose: Vec<bool> = initial[..comments]
        .iter()
        .map(|&c| c == Class::Good)
        .collect();
    // Excerpts cut off mid-sentence (`... for which ...`), three or more of them:
    // a box of teasers, not the story's paragraphs.
    let cut_off: Vec<bool> = lines[..comments]
        .iter()
        .map(|t| page_parts::is_cut_off_excerpt(t))
        .collect();
    if cut_off.iter().filter(|&&c| c).count() >= MIN_CUT_OFF {
        for (class, _) in initial.iter_mut().zip(&cut_off).filter(|(_, &c)| c) {
            *class = Class::Bad;
        }
    }
    // A teaser's summary also stands next to a line the page prints again and
    // again (a section kicker over every teaser).
    let words: Vec<usize> = counts.iter().map(|c| c.words.words).collect();
    let repeated = page_parts::repeated_lines(&lines[..comments], &words[..comments]);
    let markers: Vec<bool> = stamps
        .iter()
        .zip(&repeated)
        .map(|(&s, &r)| s || r)
        .collect();
    for (class, teaser) in initial
        .iter_mut()
        .zip(page_parts::teaser_summaries(&prose, &markers))
    {
        if teaser {
            *class = Class::Bad;
        }
    }
    // A headline the page prints twice or more below the article's start is a
    // link to another story (a teaser box and a trending list both show it).
    let first_good = initial.iter().position(|&c| c == Class::Good).unwrap_or(0);
    for i in page_parts::repeated_headlines(lines, &words, first_good) {
        initial[i] = Class::Bad;
    }
    settle_short_runs(&mut initial);
    let sentences: Vec<bool> = features
        .iter()
        .map(|f| f.sentence && f.words >= SHORT_SENTENCE_WORDS)
        .collect();
    let classes = in_context(&initial, &sentences);
    let runs = page_parts::item_runs(&lines[..comments]);
    let table = page_parts::table_rows(&lines[..comments], &runs);
    let region = article_region(
        &features[..comments],
        &initial[..comments],
        &Marks {
            lines: &lines[..comments],
            stamps: &stamps,
            table: &table,
            gaps,
        },
    );
    let mut verdicts: Vec<Verdict> = classes
        .iter()
        .zip(&features)
        .enumerate()
        .map(|(i, (&class, f))| match class {
            _ if i >= comments && !f.never && in_comments(lines[i], initial[i]) => {
                Verdict::Remove(Reason::Comments)
            }
            // A kicker is furniture itself, whatever text stands around it (it
            // weighs as a short line in finding the article).
            _ if repeated.get(i) == Some(&true) => Verdict::Remove(Reason::Furniture),
            Class::Good | Class::NearGood if region.contains(&i) => Verdict::Keep,
            _ if table.get(i) == Some(&true) && region.contains(&i) => Verdict::Keep,
            Class::Good | Class::NearGood => Verdict::Remove(Reason::OutsideArticle),
            _ if f.is_short() => Verdict::Remove(Reason::Furniture),
            _ => Verdict::Remove(Reason::NotProse),
        })
        .collect();
    keep_lists(
        &lines[..comments],
        &features[..comments],
        &runs,
        &mut verdicts[..comments],
    );
    keep_embed_credits(&features, &mut verdicts);
    read_head(lines, &initial, &region, &mut verdicts);
    read_standfirst(lines, &features, gaps, &mut verdicts);
    drop_author_bio(lines, &mut verdicts);
    drop_company_note(lines, &mut verdicts);
    verdicts
}

/// Whether a line below the start of the comment section is part of it: text,
/// a comment's header, stamp or `Reply` (menus and links below it are furniture).
fn in_comments(text: &str, class: Class) -> bool {
    matches!(class, Class::Good | Class::NearGood)
        || page_parts::is_comment_marker(text)
        || page_parts::is_comment_header(text)
        || page_parts::is_stamp(text)
}

/// The stoplist the document reads densest in, judged on its longer lines (the
/// first 60 of 80 bytes or more; all lines when it has none): from the lines'
/// counts, which add up to the sample's.
fn document_stoplist(lines: &[&str], counts: &[LineCounts]) -> Option<&'static Stoplist> {
    let any_long = lines.iter().any(|t| t.len() >= 80);
    let sample = lines
        .iter()
        .zip(counts)
        .filter(|(t, _)| !any_long || t.len() >= 80)
        .take(if any_long { 60 } else { lines.len() })
        .map(|(_, c)| c);
    let (mut unspaced, mut letters, mut words) = (0, 0, WordCounts::default());
    for line in sample {
        unspaced += line.unspaced;
        letters += line.letters;
        words.add(&line.words);
    }
    if unspaced * 2 >= letters {
        return None;
    }
    // A script none of the stoplists covers (Korean, Japanese) still gets a
    // "best" list from a stray Latin word; it says nothing then.
    words
        .densest()
        .filter(|(_, density)| *density >= 0.1)
        .map(|(list, _)| list)
}

/// One pass over a line's characters and one over its words: what both the
/// document's stoplist and the line's own features are read from.
struct LineCounts {
    chars: usize,
    /// Characters of scripts written without spaces (Chinese, Japanese).
    unspaced: usize,
    letters: usize,
    upper: usize,
    /// The line's words, with each language's stop words among them.
    words: WordCounts,
    /// Words that start with a capital letter.
    capitals: usize,
}

impl LineCounts {
    fn of(text: &str) -> Self {
        let (mut chars, mut unspaced, mut letters, mut upper) = (0, 0, 0, 0);
        if text.is_ascii() {
            // Most lines: counted a vector of bytes at a time, none decoded.
            let bytes = text.as_bytes();
            chars = bytes.len();
            // Counted in bytes, 255 at most at a time: sixteen to a vector.
            for chunk in bytes.chunks(usize::from(u8::MAX)) {
                let (a, u) = chunk.iter().fold((0u8, 0u8), |(a, u), b| {
                    (
                        a + u8::from(b.is_ascii_alphabetic()),
                        u + u8::from(b.is_ascii_uppercase()),
                    )
                });
                letters += usize::from(a);
                upper += usize::from(u);
            }
        } else {
            for c in text.chars() {
                chars += 1;
                unspaced += usize::from(is_unspaced_script(c));
                letters += usize::from(letters::is_alphabetic(c));
                upper += usize::from(letters::is_uppercase(c));
            }
        }
        let (words, capitals) = counted_words(text);
        LineCounts {
            chars,
            unspaced,
            letters,
            upper,
            words,
            capitals,
        }
    }
}

/// The counts of `text`'s words, and how many start with a capital letter.
fn counted_words(text: &str) -> (WordCounts, usize) {
    let mut capitals = 0;
    let words = WordCounts::of_each(text, |w| {
        capitals += usize::from(w.chars().next().is_some_and(letters::is_uppercase));
    });
    (words, capitals)
}

/// What the classifier knows of one line.
#[derive(Debug, Clone)]
struct Features {
    chars: usize,
    words: usize,
    /// Stopword density; `None` when the document has no stoplist (CJK, ...).
    density: Option<f32>,
    sentence: bool,
    /// Share of words that start with a capital letter.
    capitalised: f32,
    /// Copyright lines, code: never content.
    never: bool,
    /// The credit line under a post the story embeds (`— Jane Doe (@jdoe)
    /// November 18, 2019`): part of the quote, not a stamp.
    embed_credit: bool,
}

impl Features {
    fn of(text: &str, counts: &LineCounts, hints: LineHints, stoplist: Option<&Stoplist>) -> Self {
        let &LineCounts {
            unspaced,
            letters,
            upper,
            ..
        } = counts;
        // Scripts written without spaces (Chinese, Japanese) are measured by
        // their characters: about two make a word, and one weighs as much as
        // three Latin letters.
        let chars = counts.chars + 2 * unspaced;
        // A dateline (`ST. JOSEPH, Mich. (AP) — `) opens a story's first paragraph:
        // its capitals and its agency's name say nothing of the sentence after it.
        let story = page_parts::after_dateline(text);
        // A stoplist says nothing of a line mostly in such a script (its Latin
        // words, `Kindle for PC`, are a few names).
        let stoplist = stoplist.filter(|_| unspaced * 2 < letters);
        // The story's words, their capitals and stop words: most lines open with
        // no dateline, and their words are the story's.
        let (story_counts, capitals) = if story.len() == text.len() {
            (counts.words, counts.capitals)
        } else {
            counted_words(story)
        };
        let stop_words = stoplist.map(|list| story_counts.stop_words(list));
        let story_words = story_counts.words;
        let words = counts.words.words + unspaced / 2;
        let density = stop_words.map(|stop| density_of((stop, story_words)));
        let shouting = letters >= 20 && upper * 10 >= letters * 8;
        let never = shouting
            || letters == 0
            || page_parts::is_glued_teaser(story)
            || ScannedTest::ALL
                .iter()
                .any(|&test| hints.may(test) && test.passes(text))
            || text
                .as_bytes()
                .get(..9)
                .is_some_and(|start| start.eq_ignore_ascii_case(b"copyright"))
            || has_shape(text, Shape::Code);
        Features {
            chars,
            words,
            density,
            // A short line cut off mid-phrase (`... used body parts suit …`) is a
            // truncated headline, not a sentence (a long one may be the story's
            // own; cut-off excerpts are judged by how many a page shows).
            sentence: (ends_like_sentence(text)
                && !(text.len() < page_parts::MIN_EXCERPT_BYTES && page_parts::ends_cut_off(text)))
                || text.ends_with(UNSPACED_STOPS),
            capitalised: if story_words == 0 {
                0.0
            } else {
                capitals as f32 / (story_words + unspaced / 2) as f32
            },
            never,
            embed_credit: page_parts::is_embed_credit(text),
        }
    }

    fn is_short(&self) -> bool {
        self.chars < 50 || self.words < 5
    }

    /// The class from the line alone.
    fn class(&self) -> Class {
        if self.never {
            return Class::Bad;
        }
        if self.embed_credit {
            return Class::NearGood;
        }
        if self.is_short() {
            return Class::Short;
        }
        let density = match self.density {
            Some(d) => d,
            // No stoplist: judge by length and sentence punctuation alone.
            None if self.sentence && self.chars >= 40 => 0.3,
            None => 0.1,
        };
        if self.capitalised > 0.7 && self.words >= 4 && !self.sentence {
            return Class::Bad;
        }
        if density >= 0.30 && (self.chars >= 100 || self.sentence) {
            Class::Good
        } else if density >= 0.20
            || (density >= LONG_SENTENCE_DENSITY
                && self.sentence
                && self.chars >= 100
                && self.capitalised < 0.4)
        {
            Class::NearGood
        } else {
            Class::Bad
        }
    }

    /// The line's weight for finding the article: content counts for, furniture
    /// against, in words (the unit the article is measured in).
    fn weight(&self, class: Class) -> f32 {
        match class {
            Class::Good => self.words as f32,
            Class::NearGood if self.sentence => self.words as f32 * 0.5,
            // A headline without a full stop: a sub-heading inside the article, but
            // a teaser or a link outside it; it does not stretch the article.
            Class::NearGood => -1.0,
            Class::Short => -4.0,
            Class::Bad => -(self.words as f32).clamp(2.0, 15.0),
        }
    }
}

/// The full stops of scripts written without spaces (`。`, `！`, `？`).
const UNSPACED_STOPS: [char; 3] = ['。', '！', '？'];

/// A long sentence with few capitals reads as text at a lower stopword density
/// (terse business or sports copy).
const LONG_SENTENCE_DENSITY: f32 = 0.15;

/// Short lines come alone inside an article (a sub-heading) but in runs in page
/// furniture (menus, share bars, comment headers): a run of three or more is bad.
fn settle_short_runs(classes: &mut [Class]) {
    let long: Vec<_> = page_parts::runs(classes.len(), |i| classes[i] == Class::Short)
        .filter(|run| run.len() >= SHORT_RUN)
        .collect();
    for run in long {
        classes[run].fill(Class::Bad);
    }
}

/// Sentences in a row are text whatever their stopwords (terse police or
/// business copy full of names): a run of [`SENTENCE_RUN`] or more lines that each
/// end like a sentence of [`RUN_SENTENCE_WORDS`] words or more (never small print
/// or captions), one of them near-good or good, is good. Menus and teaser boxes
/// do not come as full sentences back to back.
fn promote_sentence_runs(classes: &mut [Class], features: &[Features]) {
    let texty = |i: usize| {
        let f = &features[i];
        f.sentence && f.words >= RUN_SENTENCE_WORDS && !f.never
    };
    let promoted: Vec<_> = page_parts::runs(classes.len(), texty)
        .filter(|run| {
            run.len() >= SENTENCE_RUN
                && classes[run.clone()]
                    .iter()
                    .any(|c| matches!(c, Class::Good | Class::NearGood))
        })
        .collect();
    for run in promoted {
        classes[run].fill(Class::Good);
    }
}

/// Words a sentence needs to count in a run of sentences.
const RUN_SENTENCE_WORDS: usize = 8;

/// Cut-off excerpts a page needs to show for them to be teasers.
const MIN_CUT_OFF: usize = 3;

/// Sentences in a row that read as text.
const SENTENCE_RUN: usize = 3;

/// A run of this many short lines is furniture.
const SHORT_RUN: usize = 3;

/// Words a short line needs to count as a sentence of the story.
const SHORT_SENTENCE_WORDS: usize = 4;

/// How near (in lines) good text keeps a near-good line in.
const NEAR: usize = 2;

/// jusText's context step: near-good lines become good next to good text;
/// short lines take the class of the decided lines around them.
fn in_context(initial: &[Class], sentences: &[bool]) -> Vec<Class> {
    let n = initial.len();
    let good_near =
        |i: usize| initial[i.saturating_sub(NEAR)..(i + NEAR + 1).min(n)].contains(&Class::Good);
    // The nearest line before/after `i` of a class other than those skipped.
    let neighbour = |i: usize, step: isize, skip_near_good: bool| -> Class {
        let mut j = i as isize + step;
        while j >= 0 && (j as usize) < n {
            let c = initial[j as usize];
            if c != Class::Short && !(skip_near_good && c == Class::NearGood) {
                return c;
            }
            j += step;
        }
        Class::Bad
    };
    initial
        .iter()
        .enumerate()
        .map(|(i, &class)| match class {
            // A short sentence close to the story's text is the story's
            // (`At first, there was no sign of her.`).
            Class::Short if sentences[i] && good_near(i) => Class::Good,
            Class::Short => {
                let (prev, next) = (neighbour(i, -1, true), neighbour(i, 1, true));
                match (prev, next) {
                    (Class::Good, Class::Good) => Class::Good,
                    (Class::Bad, Class::Bad) => Class::Bad,
                    _ if (prev == Class::Bad && neighbour(i, -1, false) == Class::NearGood)
                        || (next == Class::Bad && neighbour(i, 1, false) == Class::NearGood) =>
                    {
                        Class::Good
                    }
                    _ => Class::Bad,
                }
            }
            Class::NearGood => match (neighbour(i, -1, true), neighbour(i, 1, true)) {
                // A caption or a promo line between two paragraphs does not make
                // the text around it furniture: good text close by still counts.
                (Class::Bad, Class::Bad) if !good_near(i) => Class::Bad,
                _ => Class::Good,
            },
            other => other,
        })
        .collect()
}

/// What the page's structure says of its lines, for finding the article: the
/// lines, which are stamps (`page_parts::is_stamp`) and which are table rows
/// (`page_parts::table_rows`).
struct Marks<'a> {
    lines: &'a [&'a str],
    stamps: &'a [bool],
    table: &'a [bool],
    /// Lines the rules removed just above each line (may be shorter than `lines`).
    gaps: &'a [usize],
}

/// What each line the rules removed between two lines weighs against joining
/// them, in words...
const GAP_WEIGHT: f32 = 4.0;
/// ...at most.
const MAX_GAP_WEIGHT: f32 = 24.0;

/// The weight of a table row's word in finding the article.
const TABLE_ROW_WEIGHT: f32 = 0.5;

/// The stretch of lines with the greatest content weight (the maximum-sum run),
/// judged on the lines' own classes: a date or a `says:` line between two texts
/// (a comment's header) weighs heavily against joining them, a table's rows count
/// for it.
fn article_region(
    features: &[Features],
    classes: &[Class],
    marks: &Marks<'_>,
) -> std::ops::Range<usize> {
    let mut best = (0.0f32, 0..0);
    let mut sum = 0.0f32;
    let mut start = 0;
    for (i, (f, &c)) in features.iter().zip(classes).enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        let header = f.is_short() && (marks.stamps[i] || marks.lines[i].ends_with(':'));
        // Furniture the rules took counts against running on across it (not
        // against a stretch that starts below it).
        if start < i {
            let gap = marks.gaps.get(i).copied().unwrap_or(0) as f32;
            sum -= (gap * GAP_WEIGHT).min(MAX_GAP_WEIGHT);
        }
        sum += if header {
            -12.0
        } else if marks.table[i] && !f.never {
            // A table's rows are the story's data: they weigh as half-text.
            f.words as f32 * TABLE_ROW_WEIGHT
        } else {
            f.weight(c)
        };
        if sum > best.0 {
            best = (sum, start..i + 1);
        }
    }
    best.1
}

/// A list the article introduces (a kept line, or a line right after one, that
/// ends in `:`, then items of one shape) is part of the story, short lines or not.
/// `runs`: from `page_parts::item_runs`.
fn keep_lists(lines: &[&str], features: &[Features], runs: &[usize], verdicts: &mut [Verdict]) {
    let mut i = 0;
    while i < lines.len() {
        // Kept text, a line right after it (a heading over the list), or the
        // line before a list that runs into kept text (a table in the story).
        let heading = verdicts[i] == Verdict::Keep
            || (i > 0 && verdicts[i - 1] == Verdict::Keep && !features[i].never);
        let after = page_parts::list_after(lines, runs, i);
        let introduced = heading
            || after
                .as_ref()
                .is_some_and(|items| verdicts.get(items.end) == Some(&Verdict::Keep));
        let list = after.filter(|items| introduced && items.clone().all(|j| !features[j].never));
        match list {
            Some(items) => {
                if heading {
                    verdicts[i] = Verdict::Keep;
                }
                for verdict in &mut verdicts[items.clone()] {
                    *verdict = Verdict::Keep;
                }
                i = items.end;
            }
            None => i += 1,
        }
    }
}

/// An embedded post's credit line (`— Jane Doe (@jdoe) November 18, 2019`) signs
/// the post above it: kept when the post is, even as the article's last line.
fn keep_embed_credits(features: &[Features], verdicts: &mut [Verdict]) {
    for i in 1..verdicts.len() {
        if features[i].embed_credit && verdicts[i - 1] == Verdict::Keep {
            verdicts[i] = Verdict::Keep;
        }
    }
}

/// The last kept lines that may be a note on the author.
const BIO_REACH: usize = 3;

/// A note on the author among the article's last lines: one that names the
/// byline's author and says what they are (`Jane Doe is ...`), or any that says
/// a named person is a reporter, writer or editor (`... is a reporter for ...`);
/// with the `About the author` line above it.
fn drop_author_bio(lines: &[&str], verdicts: &mut [Verdict]) {
    let authors: Vec<String> = verdicts
        .iter()
        .filter_map(|v| match v {
            Verdict::Authors(names) => Some(names.iter().cloned()),
            _ => None,
        })
        .flatten()
        .collect();
    let kept: Vec<usize> = (0..lines.len())
        .filter(|&i| verdicts[i] == Verdict::Keep)
        .collect();
    // A note on a writer further up, in the article's second half, ends it:
    // what is kept after it (a box of videos, teasers) is not the story.
    let half = kept.len() / 2;
    if let Some(at) = (half.max(1)..kept.len().saturating_sub(BIO_REACH))
        .find(|&k| page_parts::is_bio(lines[kept[k]]))
    {
        verdicts[kept[at]] = Verdict::Remove(Reason::AuthorBio);
        for &i in &kept[at + 1..] {
            verdicts[i] = Verdict::Remove(Reason::OutsideArticle);
        }
        return;
    }
    // The body must keep at least one line.
    for &i in kept
        .iter()
        .rev()
        .take(BIO_REACH.min(kept.len().saturating_sub(1)))
    {
        let text = lines[i];
        let names_author = authors.iter().any(|name| {
            text.strip_prefix(name.as_str())
                .is_some_and(page_parts::is_bio_predicate)
        });
        let under_header = i
            .checked_sub(1)
            .is_some_and(|a| page_parts::is_bio_header(lines[a]));
        if names_author || under_header || page_parts::is_bio(text) {
            verdicts[i] = Verdict::Remove(Reason::AuthorBio);
            if let Some(above) = i
                .checked_sub(1)
                .filter(|&a| page_parts::is_bio_header(lines[a]))
            {
                verdicts[above] = Verdict::Remove(Reason::AuthorBio);
            }
        }
    }
}

/// The boilerplate on the company under a press release, among the article's
/// last lines (walking up from the last): a line that states the company's
/// facts (`... is headquartered in Baar, ... employs around 1,300 people`), and
/// above such a line one that says what the company is (`Ascom is a global
/// solutions provider ...`). The body keeps at least one line.
fn drop_company_note(lines: &[&str], verdicts: &mut [Verdict]) {
    let kept: Vec<usize> = (0..lines.len())
        .filter(|&i| verdicts[i] == Verdict::Keep)
        .collect();
    let mut below_is_note = false;
    for &i in kept
        .iter()
        .rev()
        .take(BIO_REACH.min(kept.len().saturating_sub(1)))
    {
        let note = page_parts::is_company_facts(lines[i])
            || (below_is_note && page_parts::is_company_intro(lines[i]));
        if !note {
            break;
        }
        verdicts[i] = Verdict::Remove(Reason::OutsideArticle);
        below_is_note = true;
    }
}

/// Reads the title, date and byline off the lines above the article's first
/// paragraph (nearest first), where they are not content.
fn read_head(
    lines: &[&str],
    initial: &[Class],
    region: &std::ops::Range<usize>,
    verdicts: &mut [Verdict],
) {
    let Some(first) = (region.start..region.end).find(|&i| initial[i] == Class::Good) else {
        return;
    };
    let top = first.saturating_sub(HEAD_WINDOW);
    let (mut date, mut byline) = (false, false);
    // Nearest first: byline and date lines, then the title; above the title only
    // a date or byline line directly over it (`Published ...` above the headline).
    let mut above_title: Option<usize> = None;
    for i in (top..first).rev() {
        if above_title.is_some_and(|t| t - i > ABOVE_TITLE) {
            break;
        }
        let text = lines[i];
        if !date {
            if let Some(iso) = date_line(text) {
                verdicts[i] = Verdict::Published(iso);
                date = true;
                continue;
            }
        }
        if !byline {
            if let Some(names) = byline_names(text) {
                verdicts[i] = Verdict::Authors(names);
                byline = true;
                continue;
            }
        }
        if above_title.is_some() {
            break;
        }
        if is_title_like(text) || is_unspaced_headline(text) {
            verdicts[i] = Verdict::Title;
            above_title = Some(i);
        }
    }
    // The byline and date may also stand among the first kept lines below the
    // first paragraph (a lead picture's caption, or a standfirst the page sets
    // as a paragraph).
    let below: Vec<usize> = (first + 1..region.end)
        .filter(|&i| verdicts[i] == Verdict::Keep)
        .take(BELOW_FIRST)
        .collect();
    for i in below {
        let text = lines[i];
        if let Some(names) = (!byline).then(|| byline_names(text)).flatten() {
            verdicts[i] = Verdict::Authors(names);
            byline = true;
        } else if let Some(iso) = (!date).then(|| date_line(text)).flatten() {
            verdicts[i] = Verdict::Published(iso);
            date = true;
        }
    }
}

/// The standfirst: the article's first kept line when furniture (a share row, the
/// lead picture's caption and credit, a byline) stands between it and the
/// paragraphs that follow, which run on without such breaks. A dek: a few words at
/// least and a few sentences at most, not a lead-in to a list; the body keeps at
/// least two paragraphs.
fn read_standfirst(
    lines: &[&str],
    features: &[Features],
    gaps: &[usize],
    verdicts: &mut [Verdict],
) {
    let mut body = (0..lines.len()).filter(|&i| verdicts[i] == Verdict::Keep);
    let (Some(first), Some(next), Some(_)) = (body.next(), body.next(), body.next()) else {
        return;
    };
    let apart = next - first - 1 + gaps.get(next).copied().unwrap_or(0);
    let dek = &features[first];
    if (STANDFIRST_APART..=HEAD_WINDOW).contains(&apart)
        && dek.words >= MIN_STANDFIRST_WORDS
        && dek.chars <= MAX_STANDFIRST_CHARS
        && !lines[first].trim_end().ends_with(':')
    {
        verdicts[first] = Verdict::Standfirst;
    }
}

/// How many lines of furniture set a standfirst apart from the paragraphs below.
const STANDFIRST_APART: usize = 2;

/// The fewest words of a standfirst.
const MIN_STANDFIRST_WORDS: usize = 6;

/// The longest standfirst, in characters (those of scripts written without spaces
/// weigh three, as everywhere in the classifier).
const MAX_STANDFIRST_CHARS: usize = 350;

/// How many lines below the article's first paragraph a byline or date may stand.
const BELOW_FIRST: usize = 3;

/// A headline in a script written without spaces (`古いノートパソコンを静かにする方法`),
/// which has no words to count: mostly such characters, not ending a sentence.
fn is_unspaced_headline(text: &str) -> bool {
    // 8 to 80 characters, beyond ASCII (an ASCII line holds none of those
    // characters): a line's length in bytes settles most lines' count.
    if text.is_ascii() || !more_chars_than(text, 7) || more_chars_than(text, 80) {
        return false;
    }
    let chars = text.chars().count();
    let unspaced = text.chars().filter(|&c| is_unspaced_script(c)).count();
    unspaced * 2 >= chars && !text.ends_with(UNSPACED_STOPS) && !text.ends_with(['.', ':', '：'])
}

/// How many lines above the title a date or byline may stand.
const ABOVE_TITLE: usize = 2;

/// A byline (`By Jane Doe and John Roe`, `by Lewis White`, `Av Kari Nordmann`,
/// `Von Max Muster`): its names.
fn byline_names(text: &str) -> Option<Vec<String>> {
    if more_chars_than(text, 80) {
        return None;
    }
    let rest = after_byline_word(text)?;
    let names = rest.split(['|', '·', '—', '–']).next()?.trim();
    // `By Jane Doe on Monday, November 18th, 2019 at 11:08 a.m.`: the names end
    // where the date begins.
    let names = names
        .match_indices(" on ")
        .find(|&(at, on)| {
            names[at + on.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .map_or(names, |(at, _)| names[..at].trim());
    let all_capitalised = words(names).all(|w| {
        w.chars().next().is_some_and(char::is_uppercase) || ["and", "og", "und"].contains(&w)
    });
    (all_capitalised && !names.is_empty())
        .then(|| split_authors(names))
        .filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_reason_is_at_its_index_in_the_list_of_all() {
        for (at, reason) in Reason::ALL.into_iter().enumerate() {
            assert_eq!(reason.index(), at, "{reason:?}");
        }
    }

    #[test]
    fn a_lines_letters_are_counted_alike_in_ascii_and_beyond() {
        // (An ASCII line is counted 255 bytes at a time: the long ones cross that.)
        let long = "The Council met on Tuesday (3 p.m.) -- AND voted 7-2. ".repeat(40);
        for text in [
            "The Council met on Tuesday (3 p.m.) -- AND voted 7-2.",
            "Rådet møttes tirsdag, og stemte 7-2.",
            "",
            "東京 Tokyo",
            &long,
            &long[..255],
            &long[..256],
            &"A".repeat(600),
        ] {
            let counts = LineCounts::of(text);
            let count = |test: fn(&char) -> bool| text.chars().filter(test).count();
            assert_eq!(counts.chars, text.chars().count(), "{text}");
            assert_eq!(counts.letters, count(|c| c.is_alphabetic()), "{text}");
            assert_eq!(counts.upper, count(|c| c.is_uppercase()), "{text}");
            assert_eq!(counts.unspaced, count(|&c| is_unspaced_script(c)), "{text}");
        }
    }

    #[test]
    fn bylines() {
        assert_eq!(
            byline_names("By Jane Doe and John Roe").unwrap(),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(
            byline_names("Av Kari Nordmann | NTB").unwrap(),
            ["Kari Nordmann"]
        );
        assert_eq!(byline_names("By the time we arrived, it was over"), None);
        assert_eq!(byline_names("by Lewis White").unwrap(), ["Lewis White"]);
        assert_eq!(byline_names("by the harbour"), None);
        assert_eq!(
            byline_names("By Jane Doe , John Roe on Monday, November 18th, 2026 at 11:08 a.m.")
                .unwrap(),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(byline_names("By relying on Monday's figures"), None);
    }

    #[test]
    fn the_article_is_kept_and_the_furniture_around_it_goes() {
        let lines = [
            "Home",
            "News",
            "Sport",
            "Weather",
            "Council votes for a new bridge over the harbour",
            "By Jane Doe",
            "23 November 2026",
            "The city council voted 27 to 12 on Tuesday evening to approve a new bridge across the inner harbour.",
            "It was the end of a dispute that has divided the city for more than a year, and of many long meetings.",
            "Opponents said that the cost had nearly doubled since the first plans were presented to the public.",
            "Most read",
            "Terms of Use Privacy Policy Contact Us Advertise With Us Careers Newsletters",
        ];
        let (verdicts, _) = classify(&lines, &[], &[]);
        assert_eq!(verdicts[4], Verdict::Title);
        assert_eq!(verdicts[5], Verdict::Authors(vec!["Jane Doe".into()]));
        assert_eq!(verdicts[6], Verdict::Published("2026-11-23".into()));
        assert!(
            verdicts[7..10].iter().all(|v| *v == Verdict::Keep),
            "{verdicts:?}"
        );
        assert_eq!(verdicts[0], Verdict::Remove(Reason::Furniture));
        assert_eq!(verdicts[10], Verdict::Remove(Reason::Furniture));
        assert_eq!(verdicts[11], Verdict::Remove(Reason::NotProse));
    }

    const STORY: [&str; 4] = [
        "The city council voted 27 to 12 on Tuesday evening to approve a new bridge across the inner harbour.",
        "It was the end of a dispute that has divided the city for more than a year, and of many long meetings.",
        "Opponents said that the cost had nearly doubled since the first plans were presented to the public.",
        "The mayor said that work on the bridge would begin in the spring and would take about two years.",
    ];

    #[test]
    fn furniture_the_rules_took_weighs_against_running_on() {
        let mut lines = STORY.to_vec();
        lines.extend([
            "Gazette News Service",
            "Gazette news at your fingertips.",
            "The Gazette offers all interested readers a news service that brings its releases to any phone or desktop.",
        ]);
        // Right after the story, the box reads as more of it...
        let (verdicts, _) = classify(&lines, &[], &[]);
        assert_eq!(verdicts[6], Verdict::Keep, "{verdicts:?}");
        // ...but not across the newsletter form the rules removed above it.
        let gaps = [0, 0, 0, 0, 6, 0, 0];
        let (verdicts, _) = classify(&lines, &gaps, &[]);
        assert!(
            verdicts[..4].iter().all(|v| *v == Verdict::Keep),
            "{verdicts:?}"
        );
        assert!(
            verdicts[4..]
                .iter()
                .all(|v| matches!(v, Verdict::Remove(_))),
            "{verdicts:?}"
        );
    }

    #[test]
    fn a_byline_and_date_under_the_lead_pictures_caption_are_read() {
        let mut lines = vec![
            "Council votes for a new bridge over the harbour",
            "The mayor, pictured at the harbour in 2024, when she was a councillor. Her plan for a bridge has divided the city.",
            "By Jane Doe | Gazette Media",
            "19 Nov 2026 05:44 GMT",
        ];
        lines.extend(STORY);
        let (verdicts, _) = classify(&lines, &[], &[]);
        assert_eq!(verdicts[2], Verdict::Authors(vec!["Jane Doe".into()]));
        assert_eq!(verdicts[3], Verdict::Published("2026-11-19".into()));
        assert!(
            verdicts[4..].iter().all(|v| *v == Verdict::Keep),
            "{verdicts:?}"
        );
    }

    #[test]
    fn a_dek_set_apart_from_the_paragraphs_is_the_standfirst() {
        let title = "Council votes for a new bridge over the harbour";
        let dek = "The vote ends months of debate over the cost and the design of the bridge, and work is due to start next spring.";
        let mut lines = vec![title, dek];
        lines.extend(STORY);
        // Set apart by lines the rules took (a share row, a caption and its credit).
        let (verdicts, _) = classify(&lines, &[0, 0, 2, 0, 0, 0], &[]);
        assert_eq!(verdicts[0], Verdict::Title, "{verdicts:?}");
        assert_eq!(verdicts[1], Verdict::Standfirst, "{verdicts:?}");
        assert!(verdicts[2..].iter().all(|v| *v == Verdict::Keep));
        // Running on into the next paragraph, it is the story's first.
        let (verdicts, _) = classify(&lines, &[0, 0, 1, 0, 0, 0], &[]);
        assert_eq!(verdicts[1], Verdict::Keep, "{verdicts:?}");
        // A body that would keep fewer than two paragraphs keeps it.
        let (verdicts, _) = classify(&lines[..3], &[0, 0, 2], &[]);
        assert_eq!(verdicts[1], Verdict::Keep, "{verdicts:?}");
    }

    #[test]
    fn an_embedded_post_keeps_its_credit_line_even_last() {
        let mut lines = STORY.to_vec();
        lines.extend([
            "The mayor later wrote on Twitter that the vote was a great day for everyone who crosses the harbour.",
            "— Mayor Jane Doe (@mayorjanedoe) November 23, 2026",
        ]);
        let (verdicts, _) = classify(&lines, &[], &[]);
        assert!(verdicts.iter().all(|v| *v == Verdict::Keep), "{verdicts:?}");
        // Below the story's end, with no kept post above it, it is not the story's.
        lines.insert(5, "Most read");
        let (verdicts, _) = classify(&lines, &[], &[]);
        assert!(matches!(verdicts[6], Verdict::Remove(_)), "{verdicts:?}");
    }

    #[test]
    fn a_note_on_the_writer_ends_the_article() {
        let mut lines = STORY.to_vec();
        lines.extend([
            "The ferry that has crossed the harbour since 1921 will stop running when the bridge opens to traffic.",
            "Its crew of eleven will be offered other jobs with the city, the council's transport committee said.",
            "Jane Doe is a freelance writer based in Toronto. Her work has appeared in a number of papers.",
            "The Thirties Were Not a Good Time for the Royal Family (3:05)",
            "Britain was racked by hardship in the thirties and people began to take out their anger on the crown.",
            "Gibbons are incredible tree swingers, thanks to their long forearms and wrists that enhance movement.",
            "How Fast Can Gibbons Swing Through the Forest? (3:04)",
            "Operation Desert Rock was the codename for a series of military tests in the 1950s on ground troops.",
        ]);
        let (verdicts, _) = classify(&lines, &[], &[]);
        assert!(
            verdicts[..6].iter().all(|v| *v == Verdict::Keep),
            "{verdicts:?}"
        );
        assert_eq!(verdicts[6], Verdict::Remove(Reason::AuthorBio));
        assert!(
            verdicts[7..]
                .iter()
                .all(|v| matches!(v, Verdict::Remove(_))),
            "{verdicts:?}"
        );
    }

    #[test]
    fn a_kicker_the_page_repeats_goes_and_truncated_headlines_are_not_sentences() {
        let mut lines = vec!["Business"];
        lines.extend(STORY);
        lines.extend([
            "Business",
            "Tags: bridge, harbour, council",
            "Most read stories",
            "Business",
            "Police: double-murder suicide in the valley was domestic-related …",
            "Jury rules for half of 21 plaintiffs in used body parts suit …",
            "Officials knew of the mayor's anxiety about the cost of the bridge …",
            "State sues e-cigarette maker over its ads and its sales to teenagers …",
        ]);
        let (verdicts, _) = classify(&lines, &[], &[]);
        assert!(
            verdicts[1..5].iter().all(|v| *v == Verdict::Keep),
            "{verdicts:?}"
        );
        assert_eq!(verdicts[0], Verdict::Remove(Reason::Furniture));
        assert!(
            verdicts[5..]
                .iter()
                .all(|v| matches!(v, Verdict::Remove(_))),
            "{verdicts:?}"
        );
    }
}
