//! Telling a listing page (section front, author page, tag page, search results)
//! from an article, so a page of teasers is flagged rather than cleaned into a
//! fake article. Runs for every outlet on the document's lines, before any rule.
//!
//! An article has a stretch of running text: several paragraphs in a row that
//! read as sentences. A listing repeats a pattern instead: headline, a one- or
//! two-sentence summary, a date, `Read more`; its prose lines stand alone
//! between headlines (after a headline or a date), and it shows many dates and
//! many headlines.

use crate::document::{more_chars_than, Document};
use crate::fields::{ends_like_sentence, is_title_like, shows_date};
use crate::record::PageType;

/// Consecutive prose lines that make a page an article whatever else it shows.
const ARTICLE_RUN: usize = 3;
/// Headline-like lines a listing shows at least...
const MIN_TEASERS: usize = 5;
/// ...with at least this many `Read more` links or date lines among them.
const MIN_MARKERS: usize = 3;

/// The page type of a document from its lines, in order.
pub(crate) fn page_type(doc: &Document<'_>) -> PageType {
    let lines = doc.texts();
    // Most pages are articles with a run of prose: settle them cheaply first.
    let mut prose_run = 0;
    for text in lines.clone() {
        prose_run = if is_prose(text) { prose_run + 1 } else { 0 };
        if prose_run >= ARTICLE_RUN {
            return PageType::Article;
        }
    }
    let mut longest_run = 0;
    let mut run = 0;
    let (mut teasers, mut read_more, mut dates) = (0, 0, 0);
    // Prose that follows prose or a plain line, not a headline or a date: text
    // of an article rather than a teaser's summary.
    let (mut standalone, mut summaries) = (0, 0);
    for (i, text) in lines.enumerate() {
        let above = i.checked_sub(1).map(|p| doc.text(p));
        if is_prose(text) {
            let after_teaser = above.is_some_and(|above| is_title_like(above) || shows_date(above));
            if after_teaser {
                summaries += 1;
            } else {
                standalone += 1;
            }
            run += 1;
            longest_run = longest_run.max(run);
            continue;
        }
        run = 0;
        // A bare `mehr` / `more` is a read-more link only under a teaser (its
        // summary or headline); elsewhere it is a menu's `More`.
        let under_teaser = || above.is_some_and(|above| is_prose(above) || is_title_like(above));
        if is_read_more(text) || (is_bare_more(text) && under_teaser()) {
            read_more += 1;
        } else if shows_date(text) {
            dates += 1;
        } else if is_title_like(text) {
            teasers += 1;
        }
    }
    // No text at all, or text that is all teaser summaries.
    let teaser_text =
        standalone + summaries <= 1 || (summaries >= 4 && standalone * 4 <= summaries);
    let listing = longest_run < ARTICLE_RUN
        && teaser_text
        && teasers >= MIN_TEASERS
        && read_more.max(dates) >= MIN_MARKERS;
    if listing {
        PageType::Listing
    } else {
        PageType::Article
    }
}

/// A line of running text: long enough and ending like a sentence, or long
/// (scraped paragraphs lose their full stop now and then).
fn is_prose(text: &str) -> bool {
    more_chars_than(text, 119) || (more_chars_than(text, 59) && ends_like_sentence(text))
}

/// A `Read more` link under a teaser (English, Norwegian, German).
fn is_read_more(text: &str) -> bool {
    static_regex!(
        r"(?i)^(?:read more|continue reading|read the full (?:story|article)|les mer|les hele saken|weiterlesen|mehr lesen|mehr dazu)(?:$|[^\w\n].{0,19}$)",
    )
    .is_some_and(|re| re.is_match(text))
}

/// A bare `mehr` link (`Mehr`, `mehr »`): a read-more link only in a teaser's
/// context (an English bare `More` is too often a menu's to count at all).
fn is_bare_more(text: &str) -> bool {
    text.trim_end_matches(|c: char| !c.is_alphabetic())
        .eq_ignore_ascii_case("mehr")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_type_of(lines: &[&str]) -> PageType {
        page_type(&Document::parse(&lines.join("\n")))
    }

    #[test]
    fn a_page_of_teasers_is_a_listing() {
        let mut lines = vec!["Politics", "Latest stories"];
        for _ in 0..6 {
            lines.extend([
                "Council approves new bridge over the harbour",
                "The vote ended months of debate over the cost and the design of the bridge.",
                "23 November 2026",
                "Read more",
            ]);
        }
        assert_eq!(page_type_of(&lines), PageType::Listing);
    }

    #[test]
    fn a_read_more_link_is_its_words_and_at_most_twenty_characters() {
        for (line, link) in [
            ("Read more", true),
            ("Read more »", true),
            ("Les mer: Regjeringen går av", true),
            ("Weiterlesen", true),
            ("Read more about how the council voted on Tuesday", false),
            ("Read moreø", false),
            ("Readmore", false),
            ("Les merå", false),
        ] {
            assert_eq!(is_read_more(line), link, "{line}");
        }
    }

    #[test]
    fn a_bare_more_counts_only_under_a_teaser() {
        let mut teasers = vec!["Politik"];
        for _ in 0..6 {
            teasers.extend([
                "Stadtrat stimmt für eine neue Brücke",
                "Die Abstimmung beendet einen monatelangen Streit über die Kosten.",
                "mehr",
            ]);
        }
        assert_eq!(page_type_of(&teasers), PageType::Listing);
        // The same headlines with a menu's `mehr` between them, not under a
        // teaser: no read-more links, no dates, no listing.
        let mut menu = vec!["Politik"];
        for _ in 0..6 {
            menu.extend(["Stadtrat stimmt für eine neue Brücke", "Sport", "mehr"]);
        }
        assert_eq!(page_type_of(&menu), PageType::Article);
    }

    #[test]
    fn an_article_with_related_teasers_is_an_article() {
        let mut lines = vec![
            "Council approves new bridge over the harbour",
            "23 November 2026",
        ];
        lines.extend([
            "The city council voted 27 to 12 on Tuesday evening to approve a new bridge.",
            "It was the end of a dispute that has divided the city for more than a year.",
            "Opponents said that the cost had nearly doubled since the first plans were shown.",
        ]);
        for _ in 0..6 {
            lines.extend([
                "Another story about something else",
                "22 November 2026",
                "Read more",
            ]);
        }
        assert_eq!(page_type_of(&lines), PageType::Article);
    }
}
