//! The generic extractor on small pages, one kind of loss each (found on the
//! article-extraction benchmark): what the story holds that a naive reading of
//! link density, stop words or wrapper names would leave out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use deboil_html::{extract, parse, render};

fn story_paragraph(n: u32) -> String {
    format!(
        "<p>Paragraph {n} of the story, in which the reporter explains what happened and why \
         it matters to the people who live in the town, with a quote or two from them.</p>"
    )
}

/// Paragraphs 1 to `n` of the story.
fn story(n: u32) -> String {
    (1..=n).map(story_paragraph).collect()
}

fn kept_text(html: &str) -> String {
    let page = parse(html, None);
    render(&page, &extract(&page).kept)
}

#[test]
fn an_embedded_post_inside_the_story_is_kept_with_its_signature() {
    let tweet = r#"<div class="social-media-embed"><blockquote class="twitter-tweet"><p>Yes this is real and the state spent half a million dollars on it <a href="https://t.co/x">https://t.co/x</a></p>&mdash; Dianna (@dianna) <a href="https://twitter.com/x">November 18, 2019</a></blockquote></div>"#;
    let html = format!(
        r#"<html lang="en"><body><article><div class="entry-content">{}{}{tweet}{}{}{tweet}</div></article>
        <footer><p><a href="/a">About</a> <a href="/b">Contact</a></p></footer></body></html>"#,
        story_paragraph(1),
        story_paragraph(2),
        story_paragraph(3),
        story_paragraph(4)
    );
    let text = kept_text(&html);
    assert_eq!(
        text.matches("Yes this is real").count(),
        2,
        "both posts: {text}"
    );
    assert_eq!(text.matches("— Dianna (@dianna)").count(), 2, "{text}");
    assert!(!text.contains("About"));
}

#[test]
fn a_dateline_lede_with_few_stop_words_is_not_trimmed_as_an_edge() {
    let lede = "<p>ST. JOSEPH, Mich. (AP) — Michigan health authorities are reporting a 6th fatality linked to Eastern Equine Encephalitis.</p>";
    let html = format!(
        r#"<html lang="en"><body><div class="story"><p>November 19, 2019</p>{lede}{}</div></body></html>"#,
        story(3)
    );
    let text = kept_text(&html);
    assert!(text.starts_with("ST. JOSEPH, Mich. (AP)"), "{text}");
    assert!(
        !text.contains("November 19, 2019"),
        "a date is still an edge: {text}"
    );
}

#[test]
fn a_page_of_links_without_prose_is_links_only_and_an_article_is_not() {
    let teasers: String = (1..=8)
        .map(|n| {
            format!(
                r#"<li><a href="/news/{n}"><h2>Headline number {n} of the front page</h2></a></li>"#
            )
        })
        .collect();
    let front = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><ul>{teasers}</ul>
        <footer><p>The Gazette, 1 High Street. Editor: Jane Doe.</p></footer></body></html>"#
    );
    let page = parse(&front, None);
    assert!(extract(&page).links_only);
    // The same links beside a story: an article with a link box.
    let article = format!(
        r#"<html><body><ul>{teasers}</ul><article>{}</article></body></html>"#,
        story(3)
    );
    let page = parse(&article, None);
    let extraction = extract(&page);
    assert!(!extraction.links_only);
    assert!(extraction.confident);
}

#[test]
fn a_lede_in_a_variant_of_the_bodys_wrapper_joins_it_and_a_teaser_grid_does_not() {
    let lede = |n: u32| {
        format!(
            r#"<div class="article-body-text component version-2"><div class="component-content">{}</div></div>"#,
            story_paragraph(n)
        )
    };
    let body: String = (3..6).map(story_paragraph).collect();
    let teaser = r#"<div class="grid-x row"><div class="cell desc"><p class="excerpt">A teaser that reads like a sentence of prose, with enough words to pass for one, about another story.</p></div></div>"#;
    let html = format!(
        r#"<html lang="en"><body><div class="page"><div class="lede-wrap">{}{}</div>
        <div class="body-wrap"><div class="article-body-text component"><div class="component-content">{body}</div></div></div></div>
        <div class="more">{teaser}{teaser}</div></body></html>"#,
        lede(1),
        lede(2)
    );
    let text = kept_text(&html);
    for n in 1..6 {
        assert!(text.contains(&format!("Paragraph {n} of")), "{n}: {text}");
    }
    assert!(!text.contains("A teaser"), "{text}");
}

#[test]
fn a_story_told_in_short_lines_is_found_beside_a_sidebar_of_blurbs() {
    let stages: String = (1..=12)
        .map(|n| format!("<p>Round {n}: {n} March – Interlagos</p>"))
        .collect();
    let blurb = r#"<div class="textwidget"><p>Click the picture above and read every column on the season so far, with the timetable of each race weekend, the results and the standings.</p></div>"#;
    let html = format!(
        r#"<html lang="pt"><body><div class="articleBody"><h1>Calendar 2018</h1><h3>The calendar</h3>{stages}
        <p>* Dates may change.</p></div><aside class="sidebar">{blurb}{blurb}{blurb}</aside></body></html>"#
    );
    let text = kept_text(&html);
    assert!(text.contains("Round 1: 1 March"), "{text}");
    assert!(text.contains("Round 12: 12 March"), "{text}");
    assert!(!text.contains("Click the picture"), "{text}");
}

#[test]
fn sub_headings_between_kept_paragraphs_are_kept() {
    let html = format!(
        r#"<html lang="en"><body><div class="wysiwyg"><span class="wrapper meta_field">{}<h3>Status quo</h3><h4>Paper records</h4>{}<h4>Nobody sees all of it</h4>{}</span></div>
        <footer><p><a href="/a">About</a></p></footer></body></html>"#,
        story_paragraph(1),
        story_paragraph(2),
        story_paragraph(3)
    );
    let text = kept_text(&html);
    assert!(
        text.contains("Status quo\n\nPaper records\n\nParagraph 2"),
        "{text}"
    );
    assert!(
        text.contains("Nobody sees all of it\n\nParagraph 3"),
        "{text}"
    );
}

#[test]
fn a_caption_without_a_figure_element_is_furniture() {
    let html = format!(
        r#"<html lang="en"><body><div class="entry-content">{}<div class="wp-caption aligncenter"><img src="a.jpg"><p class="wp-caption-text">The mayor at the opening of the new bridge over the river on Saturday, with the town's children behind her.</p></div>{}{}</div></body></html>"#,
        story_paragraph(1),
        story_paragraph(2),
        story_paragraph(3)
    );
    let text = kept_text(&html);
    assert!(text.contains("Paragraph 3"), "{text}");
    assert!(!text.contains("The mayor"), "{text}");
}

#[test]
fn japanese_prose_is_counted_in_words_not_in_space_separated_runs() {
    let p = "<p>Kindle書籍を読む場合は、一般的にスマホやタブレットなどのモバイル端末で読むことが多いと思いますが、何か書籍で調べながら作業をする場合はパソコンで読みたいこともあります。</p>";
    let html = format!(
        r#"<html lang="ja"><body><nav><a href="/">ホーム</a> <a href="/a">記事一覧</a></nav><div class="single-contents"><p>2018-08-16</p>{p}{p}{p}</div></body></html>"#
    );
    let page = parse(&html, None);
    let extraction = extract(&page);
    let text = render(&page, &extraction.kept);
    assert_eq!(text.matches("Kindle書籍を読む場合は").count(), 3, "{text}");
    assert!(!text.contains("ホーム"), "{text}");
    assert!(!extraction.links_only);
    // Read as prose, so one container clearly holds the story.
    assert!(extraction.confident);
}

#[test]
fn the_sites_copyright_line_under_the_story_is_an_edge() {
    let html = format!(
        r#"<html lang="en"><body><div class="story">{}<p>© 2019 Associated Press. All Rights Reserved. This material may not be published, broadcast, rewritten, or redistributed.</p></div></body></html>"#,
        story(3)
    );
    let text = kept_text(&html);
    assert!(text.ends_with("with a quote or two from them."), "{text}");
}

#[test]
fn a_comment_thread_that_outvotes_a_short_post_is_not_the_article() {
    // An open thread: a two-paragraph post and a long thread of comments below it,
    // whose many paragraphs outvote the post; the thread's wrappers are named
    // `comments`, so taking it as the container would keep nothing of it and fall
    // back to every paragraph on the page.
    let comments: String = (1..=12)
        .map(|n| {
            format!(
                r#"<li id="comment-{n}" class="comment depth-1"><div class="comment-body"><p>Comment {n}: a reader asks a long question about the charity's research, its costs and the evidence behind it, and what the staff make of it.</p><p>And adds a second paragraph with more of the same, which reads like prose too.</p></div></li>"#
            )
        })
        .collect();
    let html = format!(
        r#"<html lang="en"><body><div class="search-text"><p>This search returns results from both the main site and the blog, in the order they were written.</p></div>
        <article class="post type-post"><div class="entry-content">{}<p>You can view our previous open thread here.</p></div></article>
        <div id="comments"><ol class="commentlist">{comments}</ol></div></body></html>"#,
        story_paragraph(1)
    );
    let text = kept_text(&html);
    assert!(text.contains("Paragraph 1 of the story"), "{text}");
    assert!(!text.contains("Comment 1:"), "{text}");
    assert!(!text.contains("This search returns"), "{text}");
}

#[test]
fn the_sites_small_print_closing_the_page_goes_after_any_run_of_short_lines() {
    let counters: String = [44_976, 28_533, 19_590]
        .iter()
        .map(|n| format!("<p>This story has been shared {n} times.</p>"))
        .collect();
    let html = format!(
        r#"<html lang="en"><body><div class="story">{}{counters}<p>© 2019 NYP Holdings, Inc. All Rights Reserved | Terms of Use | Privacy | Your Ad Choices | Sitemap</p></div></body></html>"#,
        story(3)
    );
    let text = kept_text(&html);
    assert!(text.contains("Paragraph 3 of the story"), "{text}");
    assert!(!text.contains("NYP Holdings"), "{text}");
}
