//! The shared packs on text an article page's markup chose (the HTML path): a
//! quote's signature repeated under two embedded posts is not a caption, captions
//! whose credit is spelt out are, gallery counters go, and a `Don't miss` box is
//! a teaser list.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use deboil_engine::{Document, Record, RuleSet};

fn clean_extracted(packs: &str, text: &str) -> Record {
    let rules = format!("name = \"t\"\npacks = [{packs}]\n");
    RuleSet::from_toml(&rules)
        .expect("test rules compile")
        .clean_extracted("doc", &Document::parse(text), false)
        .record
}

fn rules_of(record: &Record) -> Vec<(&str, &str)> {
    record
        .removed
        .iter()
        .map(|r| (r.rule.as_str(), r.text.as_str()))
        .collect()
}

#[test]
fn a_quote_signature_under_two_embedded_posts_stays_both_times() {
    let text = "The senate adjourned plenary after the motion.\n\n\
        The motion was moved by the leader of the senate on Tuesday.\n\n\
        — The Nigerian Senate (@NGRSenate) October 9, 2018\n\n\
        Senators then left the chamber, the clerk said.\n\n\
        — The Nigerian Senate (@NGRSenate) October 9, 2018\n\n\
        The house will sit again next week, the leader said.";
    let record = clean_extracted("\"media-furniture\"", text);
    assert_eq!(record.body.len(), 6, "{:?}", record.removed);
    // A caption shown twice still goes, both copies.
    let caption = "A man walks past the closed parliament building in the rain\n\n\
        A man walks past the closed parliament building in the rain\n\n\
        The parliament was closed on Monday for the first time in decades.";
    let record = clean_extracted("\"media-furniture\"", caption);
    assert_eq!(
        record.body,
        ["The parliament was closed on Monday for the first time in decades."]
    );
}

#[test]
fn a_caption_with_its_credit_spelt_out_is_furniture() {
    let text = "The protests began in June and have grown since.\n\n\
        Protesters do not want Hong Kong to lose its autonomy (Image: GETTY )\n\n\
        A long row of unsold cars sits at a dealership in Littleton, Colo. (AP Photo/Alan Diaz, File)\n\n\
        The singer posed at a private residence on June 28 (Photo by Kevin Mazur/Getty Images for Ithaca Holdings)\n\n\
        Police said the march was peaceful (though loud).";
    let record = clean_extracted("\"media-furniture\"", text);
    assert_eq!(
        record.body,
        [
            "The protests began in June and have grown since.",
            "Police said the march was peaceful (though loud)."
        ]
    );
    assert!(rules_of(&record)
        .iter()
        .all(|(rule, _)| *rule == "shared/captioned-photo"));
}

#[test]
fn a_dont_miss_box_is_a_teaser_list() {
    let text = "The plague wiped out half of Europe in the fourteenth century.\n\n\
        DON'T MISS\n\n\
        Plague outbreak in China sparks fears\n\n\
        Doctors say the risk to the public remains very low for now.";
    let record = clean_extracted("\"related-links\"", text);
    assert_eq!(
        record.body,
        [
            "The plague wiped out half of Europe in the fourteenth century.",
            "Doctors say the risk to the public remains very low for now."
        ]
    );
    assert_eq!(
        rules_of(&record),
        [(
            "shared/read-more",
            "DON'T MISS\n\nPlague outbreak in China sparks fears"
        )]
    );
}

#[test]
fn gallery_counters_go_and_a_sentence_with_a_count_stays() {
    let text = "Image 1 of 5\n\nThe lander would carry four astronauts to the surface.\n\n\
        Slide 12 of 20\n\nPhoto 3 of 4 shows the lander on its pad.";
    let record = clean_extracted("\"media-furniture\"", text);
    assert_eq!(
        record.body,
        [
            "The lander would carry four astronauts to the surface.",
            "Photo 3 of 4 shows the lander on its pad."
        ]
    );
}

#[test]
fn a_credit_glued_to_its_caption_and_a_gallery_back_link_go() {
    let text = "Back to Gallery\n\n\
        The WeWork logo is displayed outside of a co-working space in New York.Reuters\n\n\
        The road to retiring early isn't easy.Kathrin Ziegler/Getty\n\n\
        WeWork said on Monday it would cut 2,400 jobs, reporting to Reuters.";
    let record = clean_extracted("\"media-furniture\"", text);
    assert_eq!(
        record.body,
        ["WeWork said on Monday it would cut 2,400 jobs, reporting to Reuters."]
    );
}
