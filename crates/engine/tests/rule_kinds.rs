//! One test per rule kind and per head feature, each on a small inline rules file
//! and dump, so a change in the engine's behaviour shows up here by name.
//! The last ones run the shared packs on text an article page's markup chose (the
//! HTML path): a quote's signature repeated under two embedded posts is not a
//! caption, captions whose credit is spelt out are, gallery counters go, and a
//! `Don't miss` box is a teaser list.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use deboil_engine::{Document, Record, RuleSet};

fn clean(rules: &str, text: &str) -> Record {
    let rules = format!("name = \"t\"\n{rules}");
    RuleSet::from_toml(&rules)
        .expect("test rules compile")
        .clean("doc", text)
        .record
}

fn removed(record: &Record) -> Vec<(&str, &str)> {
    record
        .removed
        .iter()
        .map(|r| (&*r.rule, r.text.as_str()))
        .collect()
}

#[test]
fn drop_by_exact_contains_and_regex() {
    let rules = r#"
[[rules]]
id = "nav"
kind = "drop"
match.exact = ["Politics"]
match.contains = ["Sign up"]
match.regex = ['^\d+ comments$']
"#;
    let r = clean(rules, "Politics\nA story. It is long enough.\nSign up now for more\n12 comments\nPolitics is hard.");
    assert_eq!(r.body, ["A story. It is long enough.", "Politics is hard."]);
    assert_eq!(
        removed(&r),
        [
            ("t/nav", "Politics"),
            ("t/nav", "Sign up now for more\n12 comments")
        ]
    );
}

#[test]
fn a_run_of_one_rules_removals_is_one_removal_however_long() {
    let rules = r#"
[[rules]]
id = "nav"
kind = "drop"
match.exact = ["Politics"]

[[rules]]
id = "count"
kind = "drop"
match.regex = ['^\d+ comments$']
"#;
    let run = vec!["Politics"; 3000].join("\n");
    let text =
        format!("{run}\n12 comments\nPolitics\n\nPolitics\nA story. It is long enough.\n{run}");
    let r = clean(rules, &text);
    assert_eq!(r.body, ["A story. It is long enough."]);
    assert_eq!(
        removed(&r),
        [
            ("t/nav", run.as_str()),
            ("t/count", "12 comments"),
            ("t/nav", "Politics\n\nPolitics"),
            ("t/nav", run.as_str()),
        ]
    );
}

#[test]
fn span_keeps_the_text_glued_after_its_end_marker() {
    let rules = r#"
[[rules]]
id = "appeal"
kind = "span"
match.exact = ["Support us"]
end = ['Thank you\.']
"#;
    let r = clean(
        rules,
        "Support us\nWe need money.\nThank you.The story starts here.\nIt goes on.",
    );
    assert_eq!(r.body, ["The story starts here.", "It goes on."]);
    assert_eq!(
        removed(&r),
        [("t/appeal", "Support us\nWe need money.\nThank you.")]
    );
}

#[test]
fn span_without_its_end_runs_to_a_cut_off_end_or_takes_only_its_start() {
    let rules = r#"
[[rules]]
id = "appeal"
kind = "span"
match.exact = ["Support us"]
end = ['Thank you\.']
max-lines = 3
"#;
    let cut_off = clean(rules, "The story.\nSupport us\nWe need mon");
    assert_eq!(cut_off.body, ["The story."]);
    let no_end = clean(rules, "Support us\nOne.\nTwo.\nThree.\nFour.");
    assert_eq!(no_end.body, ["One.", "Two.", "Three.", "Four."]);
}

#[test]
fn cut_after_needs_prose_above_the_marker() {
    let rules = r#"
[[rules]]
id = "related"
kind = "cut-after"
match.exact = ["Related Articles"]
"#;
    let head_marker = clean(
        rules,
        "Related Articles\nThe story is told here at some length, so it is prose.",
    );
    assert_eq!(
        head_marker.body.len(),
        2,
        "a marker above all prose is left alone"
    );
    let r = clean(rules, "The story is told here at some length, so it is prose.\nRelated Articles\nOther story\nAnd another.");
    assert_eq!(
        r.body,
        ["The story is told here at some length, so it is prose."]
    );
    assert_eq!(
        removed(&r),
        [("t/related", "Related Articles\nOther story\nAnd another.")]
    );
}

#[test]
fn cut_before_removes_up_to_the_last_marker_in_reach() {
    let rules = r#"
[[rules]]
id = "skip"
kind = "cut-before"
match.regex = ['^Skip to']
within = 4
"#;
    let r = clean(
        rules,
        "Menu\nSkip to content\nSkip to menu\nTitle here\nBody.\nSkip to top",
    );
    assert_eq!(r.body, ["Title here", "Body.", "Skip to top"]);
}

#[test]
fn strip_prefix_sends_its_date_to_published() {
    let rules = r#"
[[rules]]
id = "stamp"
kind = "strip-prefix"
match.regex = ['^date (?P<date>\d{4}-\d{2})\s+']
"#;
    let r = clean(rules, " date 2016-11 – Quote, says he.\nMore.");
    assert_eq!(r.published.as_deref(), Some("2016-11"));
    assert_eq!(r.body, ["– Quote, says he.", "More."]);
    assert_eq!(removed(&r), [("t/stamp", "date 2016-11 ")]);
}

#[test]
fn caption_takes_its_credit_and_a_short_unpunctuated_line_above() {
    let rules = r#"
[[rules]]
id = "credit"
kind = "caption"
with-previous = true
match.regex = ['^Image: ']
"#;
    let r = clean(rules, "A paragraph that ends.\nBrussels  Jens Stoltenberg\nImage: Reuters/F.Lenoir\nNext paragraph.\nImage: AP");
    assert_eq!(r.body, ["A paragraph that ends.", "Next paragraph."]);
    assert_eq!(
        removed(&r),
        [
            (
                "t/credit",
                "Brussels  Jens Stoltenberg\nImage: Reuters/F.Lenoir"
            ),
            ("t/credit", "Image: AP")
        ]
    );
}

#[test]
fn a_credit_that_follows_its_caption_takes_a_caption_that_is_a_sentence() {
    let rules = |sentence_caption: bool| {
        format!(
            "[[rules]]\nid = \"credit\"\nkind = \"caption\"\nwith-previous = true\n\
             sentence-caption = {sentence_caption}\nmax-chars = 60\nmatch.regex = ['^Photo: ']\n"
        )
    };
    let text = "The story begins.\nDuck feathers drying after cleaning.\nPhoto: Getty Images\n\
                A paragraph far too long to be the caption of the photo below it.\nPhoto: AP";
    let r = clean(&rules(true), text);
    assert_eq!(
        r.body,
        [
            "The story begins.",
            "A paragraph far too long to be the caption of the photo below it."
        ]
    );
    assert_eq!(
        removed(&r)[0],
        (
            "t/credit",
            "Duck feathers drying after cleaning.\nPhoto: Getty Images"
        )
    );
    // Without it, a line ending in a full stop above a credit is the story's.
    let r = clean(&rules(false), text);
    assert_eq!(r.body.len(), 3);
}

#[test]
fn repeated_lines_and_caption_with_credit_appended() {
    let rules = r#"
[[rules]]
id = "twice"
kind = "repeated"
"#;
    let text = "Leaders met in Brussels on Sunday afternoon\nLeaders met in Brussels on Sunday afternoon (Rex)\n\
                Story begins here.\nOk.\nOk.";
    let r = clean(rules, text);
    assert_eq!(
        r.body,
        ["Story begins here.", "Ok.", "Ok."],
        "short lines may repeat"
    );
    assert_eq!(r.removed.len(), 1);
}

#[test]
fn teasers_take_the_marker_and_headline_like_lines_after_it() {
    let rules = r#"
[[rules]]
id = "read-more"
kind = "teasers"
match.exact = ["Read more"]
"#;
    let r = clean(
        rules,
        "First paragraph.\nRead more\nOther headline one\nOther headline two\nSecond paragraph.",
    );
    assert_eq!(r.body, ["First paragraph.", "Second paragraph."]);
}

#[test]
fn tail_removes_closing_credits_and_may_credit_authors() {
    let rules = r#"
[[rules]]
id = "sign-off"
kind = "tail"
match.regex = ['^[a-z]{1,4}(?:/[a-z]{1,4})*\s?\((?P<authors>[^()]+)\)$', '^Press Association$']
"#;
    let r = clean(
        rules,
        "Body (AP) paragraph.\nes/rc (AP, Reuters)\nPress Association",
    );
    assert_eq!(r.body, ["Body (AP) paragraph."]);
    assert_eq!(r.authors, ["AP", "Reuters"]);
}

#[test]
fn code_shape_drops_css_and_script_but_not_prose() {
    let rules = r#"
[[rules]]
id = "code"
kind = "drop"
match.like = ["code"]
"#;
    let r = clean(
        rules,
        ".a{color:red}\nfunction f() { return 1; }\nHe said: “Yes.”\n}",
    );
    assert_eq!(r.body, ["He said: “Yes.”"]);
}

#[test]
fn head_slots_in_order_with_next_constraint() {
    let rules = r#"
[head]
[[head.slot]]
field = "title"
like = "headline"
[[head.slot]]
field = "standfirst"
like = "dek"
optional = true
[[head.slot]]
field = "authors"
pattern = '^(?P<authors>[A-Z]\w+ [A-Z]\w+)$'
optional = true
next = "published"
[[head.slot]]
field = "published"
pattern = '^(?P<day>\d+) (?P<month>\w+) (?P<year>\d{4})$'
optional = true
"#;
    let r = clean(rules, "A headline for the story\nA standfirst without a full stop\nJane Doe\n13 November 2016\nBody.");
    assert_eq!(r.title.as_deref(), Some("A headline for the story"));
    assert_eq!(
        r.standfirst.as_deref(),
        Some("A standfirst without a full stop")
    );
    assert_eq!(r.authors, ["Jane Doe"]);
    assert_eq!(r.published.as_deref(), Some("2016-11-13"));
    assert_eq!(r.body, ["Body."]);
    assert!(r.removed.is_empty(), "moved lines are not removals");

    let no_date = clean(
        rules,
        "A headline for the story\nJane Doe\nBody text follows.",
    );
    assert!(
        no_date.authors.is_empty(),
        "a name line counts only with a date after it"
    );
}

#[test]
fn head_anchor_places_slots_around_it_and_removes_what_is_above() {
    let rules = r#"
[head]
anchor = "published"
above = "kicker"
[[head.slot]]
field = "title"
like = "headline"
[[head.slot]]
field = "published"
pattern = '^(?P<month>[A-Z][a-z]+) (?P<day>\d+), (?P<year>\d{4})$'
[[head.slot]]
field = "standfirst"
like = "any"
optional = true
"#;
    let r = clean(
        rules,
        "Politics\nNATO: US, Europe need each other\nNovember 13, 2016\nThe teaser.\nBody.",
    );
    assert_eq!(r.title.as_deref(), Some("NATO: US, Europe need each other"));
    assert_eq!(r.standfirst.as_deref(), Some("The teaser."));
    assert_eq!(r.published.as_deref(), Some("2016-11-13"));
    assert_eq!(removed(&r), [("t/kicker", "Politics")]);
}

#[test]
fn rules_run_in_phases_whatever_their_order_in_the_file() {
    // The drop is listed first, but the span claims the appeal line first.
    let rules = r#"
[[rules]]
id = "drop"
kind = "drop"
match.exact = ["Donate"]
[[rules]]
id = "appeal"
kind = "span"
match.exact = ["Appeal"]
end = ['^End$']
"#;
    let r = clean(rules, "Appeal\nDonate\nEnd\nStory.");
    assert_eq!(removed(&r), [("t/appeal", "Appeal\nDonate\nEnd")]);
}

#[test]
fn bad_rules_fail_with_the_rule_named() {
    let err = RuleSet::from_toml(
        "name = \"t\"\n[[rules]]\nid = \"x\"\nkind = \"drop\"\nmatch.regex = ['(']",
    )
    .unwrap_err();
    assert!(err.to_string().contains("t/x"), "{err}");
    let err =
        RuleSet::from_toml("name = \"t\"\n[[rules]]\nid = \"x\"\nkind = \"drop\"\nmach.exact = []")
            .unwrap_err();
    assert!(err.to_string().contains("mach"), "{err}");
    let err = RuleSet::from_toml("name = \"t\"\npacks = [\"nope\"]").unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
    let err = RuleSet::from_toml(
        "name = \"t\"\n[[rules]]\nid = \"Bad Id\"\nkind = \"drop\"\nmatch.exact = [\"a\"]",
    )
    .unwrap_err();
    assert!(err.to_string().contains("kebab-case"), "{err}");
}

#[test]
fn head_prev_constraint_takes_a_subtitle_only_under_a_title() {
    let rules = r#"
[head]
anchor = "authors"
[[head.slot]]
field = "title"
like = "headline"
[[head.slot]]
field = "standfirst"
like = "dek"
optional = true
prev = "title"
[[head.slot]]
field = "authors"
pattern = '^By (?P<authors>.+)$'
"#;
    let with = clean(rules, "Field hospital opens in the south\nOver 86,000 patients treated since October\nBy Jane Doe\nBody.");
    assert_eq!(
        with.title.as_deref(),
        Some("Field hospital opens in the south")
    );
    assert_eq!(
        with.standfirst.as_deref(),
        Some("Over 86,000 patients treated since October")
    );
    let without = clean(
        rules,
        "Field hospital opens in the south\nBy Jane Doe\nBody.",
    );
    assert_eq!(
        without.title.as_deref(),
        Some("Field hospital opens in the south")
    );
    assert_eq!(without.standfirst, None);
}

#[test]
fn a_field_is_filled_once_even_with_alternative_slots() {
    let rules = r#"
[head]
[[head.slot]]
field = "title"
like = "headline"
[[head.slot]]
field = "standfirst"
like = "dek"
optional = true
[[head.slot]]
field = "standfirst"
like = "any"
optional = true
next = "authors"
[[head.slot]]
field = "authors"
pattern = '^By (?P<authors>.+)$'
optional = true
"#;
    let r = clean(rules, "A headline for the story\nA dek without a full stop\nA second line that is body.\nBy Jane Doe\nBody.");
    assert_eq!(r.standfirst.as_deref(), Some("A dek without a full stop"));
    assert!(
        r.authors.is_empty(),
        "the byline is not next to the head any more"
    );
    assert_eq!(r.body.len(), 3);
    let r = clean(
        rules,
        "A headline for the story\nA standfirst that ends in a full stop.\nBy Jane Doe\nBody.",
    );
    assert_eq!(
        r.standfirst.as_deref(),
        Some("A standfirst that ends in a full stop.")
    );
    assert_eq!(r.authors, ["Jane Doe"]);
}

#[test]
fn classify_keeps_the_article_and_files_the_page_under_the_file_name() {
    let text = "Home\nNews\nSport\nCouncil votes for a new bridge over the harbour\nBy Jane Doe\n23 November 2026\n\
        The city council voted 27 to 12 on Tuesday evening to approve a new bridge across the inner harbour.\n\
        It was the end of a dispute that has divided the city for more than a year, and of many long meetings.\n\
        Opponents said that the cost had nearly doubled since the first plans were presented to the public.\n\
        Related stories\nBridge costs soar\nContact us\nPrivacy policy\n";
    let r = clean(
        "[classify]\n[[rules]]\nid = \"related\"\nkind = \"cut-after\"\nmatch.exact = [\"Related stories\"]\n",
        text,
    );
    assert_eq!(
        r.title.as_deref(),
        Some("Council votes for a new bridge over the harbour")
    );
    assert_eq!(r.authors, ["Jane Doe"]);
    assert_eq!(r.published.as_deref(), Some("2026-11-23"));
    assert_eq!(r.page_type, deboil_engine::PageType::Article);
    assert_eq!(r.body.len(), 3);
    assert_eq!(
        removed(&r),
        [
            ("t/page-furniture", "Home\nNews\nSport"),
            (
                "t/related",
                "Related stories\nBridge costs soar\nContact us\nPrivacy policy"
            )
        ]
    );
}

/// Cleans `text` as the HTML path does (`clean_extracted`) with the named packs.
fn clean_extracted(packs: &str, text: &str) -> Record {
    let rules = format!("name = \"t\"\npacks = [{packs}]\n");
    RuleSet::from_toml(&rules)
        .expect("test rules compile")
        .clean_extracted("doc", &Document::parse(text), false)
        .record
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
    assert!(removed(&record)
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
        removed(&record),
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
