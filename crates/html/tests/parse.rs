//! `parse`, `extract` and `render` on small hand-written pages: block structure,
//! whitespace and entities, metadata, an outlet's selectors, the generic choice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use deboil_html::{extract, parse, render, BlockKind, CompileSelectors, HtmlRules};

fn texts(html: &str) -> Vec<(BlockKind, String)> {
    parse(html, None)
        .blocks
        .into_iter()
        .map(|b| (b.kind, b.text))
        .collect()
}

#[test]
fn blocks_follow_the_layout() {
    let html = r#"<html><body>
      <h2>Sub  heading</h2>
      <p>One &amp; <b>two</b>
         three&nbsp;four</p>
      <ul><li>first <a href="/x">item</a></li><li>second</li></ul>
      <blockquote><p>Quoted words.</p></blockquote>
      <figure><img src="a.jpg"><figcaption>A caption</figcaption></figure>
      <table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table>
      <pre>line 1
  line 2</pre>
      <p>before<br>after</p>
      <div>loose text <span>inline</span><div>nested</div>tail</div>
    </body></html>"#;
    let blocks = texts(html);
    let expected: Vec<(BlockKind, &str)> = vec![
        (BlockKind::Heading(2), "Sub heading"),
        (BlockKind::Paragraph, "One & two three\u{a0}four"),
        (BlockKind::ListItem, "first item"),
        (BlockKind::ListItem, "second"),
        (BlockKind::Quote, "Quoted words."),
        (BlockKind::Caption, "A caption"),
        (BlockKind::Table, "Name\tAge"),
        (BlockKind::Table, "Ann\t31"),
        (BlockKind::Preformatted, "line 1\n  line 2"),
        (BlockKind::Paragraph, "before"),
        (BlockKind::Paragraph, "after"),
        (BlockKind::Paragraph, "loose text inline"),
        (BlockKind::Paragraph, "nested"),
        (BlockKind::Paragraph, "tail"),
    ];
    let got: Vec<(BlockKind, &str)> = blocks.iter().map(|(k, t)| (*k, t.as_str())).collect();
    assert_eq!(got, expected);
}

#[test]
fn line_breaks_keep_the_path() {
    let page = parse(
        r#"<body><div class="story"><p>a<br>b<br/>c</p><p>d</p></div><p>e</p></body>"#,
        None,
    );
    let got: Vec<(&str, &str)> = page
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("a", "body>div.story>p"),
            ("b", "body>div.story>p"),
            ("c", "body>div.story>p"),
            ("d", "body>div.story>p"),
            ("e", "body>p"),
        ]
    );
}

#[test]
fn invisible_things_are_not_text() {
    let html = r#"<html><head><title>T</title><style>p{}</style></head><body>
      <script>var x = "no";</script><noscript>no</noscript><template><p>no</p></template>
      <p hidden>no</p><p style="display: none">no</p><div aria-hidden="true">no</div>
      <form><input value="no"><button>no</button><label>no</label></form>
      <iframe src="x">no</iframe><svg><text>no</text></svg>
      <p>yes</p></body></html>"#;
    assert_eq!(texts(html), vec![(BlockKind::Paragraph, "yes".to_owned())]);
}

#[test]
fn a_form_around_the_whole_page_is_kept() {
    let html = "<body><form><div><p>The story.</p></div><input></form></body>";
    assert_eq!(
        texts(html),
        vec![(BlockKind::Paragraph, "The story.".to_owned())]
    );
}

#[test]
fn link_density_and_path() {
    let page = parse(
        r#"<body><div id="main" class="article body"><p>ab<a href="/">cd</a></p><p><a href="/">all link</a></p></div></body>"#,
        None,
    );
    assert_eq!(page.blocks[0].path, "body>div#main.article.body>p");
    assert!((page.blocks[0].link_density - 0.5).abs() < 1e-6);
    assert!((page.blocks[1].link_density - 1.0).abs() < 1e-6);
    assert_eq!(page.blocks[0].ancestors[..2], page.blocks[1].ancestors[..2]);
    assert_ne!(page.blocks[0].ancestors, page.blocks[1].ancestors);
}

#[test]
fn metadata_from_the_markup() {
    let html = r#"<!doctype html><html lang="en-GB"><head>
      <title>Ministers agree plan | The Daily Example</title>
      <meta property="og:site_name" content="The Daily Example">
      <meta property="og:description" content="A  dek line.">
      <meta name="author" content="By Jane Doe and John Roe">
      <meta property="article:author" content="https://example.com/jane">
      <meta property="article:published_time" content="2019-11-19T14:05:00Z">
      <link rel="canonical" href=" https://example.com/a/1 ">
      </head><body><h1>Ministers agree plan</h1><p>Text.</p></body></html>"#;
    let meta = parse(html, None).meta;
    assert_eq!(meta.title.as_deref(), Some("Ministers agree plan"));
    assert_eq!(meta.standfirst.as_deref(), Some("A dek line."));
    assert_eq!(meta.authors, ["Jane Doe", "John Roe"]);
    assert_eq!(meta.published.as_deref(), Some("2019-11-19T14:05:00Z"));
    assert_eq!(meta.language.as_deref(), Some("en"));
    assert_eq!(
        meta.canonical_url.as_deref(),
        Some("https://example.com/a/1")
    );
    assert_eq!(meta.site_name.as_deref(), Some("The Daily Example"));
}

#[test]
fn metadata_fallbacks() {
    let html = r#"<html><head><title>Site - A longer headline here</title>
      <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-02-03","author":{"name":"Ann Lee"}}</script>
      </head><body><p>x <time datetime="2001-01-01">then</time></p><a rel="author">Somebody Else</a></body></html>"#;
    let meta = parse(html, None).meta;
    assert_eq!(meta.title.as_deref(), Some("A longer headline here"));
    assert_eq!(meta.published.as_deref(), Some("2020-02-03"));
    assert_eq!(meta.authors, ["Ann Lee"]);
    assert_eq!(meta.language, None);
    let bare = parse("<p>nothing</p>", None).meta;
    assert_eq!(bare.title, None);
    assert!(bare.authors.is_empty());
}

#[test]
fn an_outlets_selectors_restrict_drop_and_read_fields() {
    let rules = HtmlRules {
        container: vec!["article .story".into()],
        drop: vec![".share".into()],
        byline: vec![".byline".into()],
        date: vec![".dateline".into()],
    }
    .compile()
    .unwrap();
    let html = r#"<body><nav><p>Home</p></nav><article>
      <p class="byline">By Kari Nordmann</p><p class="dateline">Published 19 November 2019</p>
      <div class="story"><p>First.</p><div class="share"><p>Share this</p></div><p>Second.</p></div>
      </article><footer><p>Footer</p></footer></body>"#;
    let page = parse(html, Some(&rules));
    assert!(page.container_matched);
    let got: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(got, ["First.", "Second."]);
    assert_eq!(page.meta.authors, ["Kari Nordmann"]);
    assert_eq!(page.meta.published.as_deref(), Some("2019-11-19"));
    // A container that is not there leaves the whole page.
    let other = parse("<body><p>Only.</p></body>", Some(&rules));
    assert!(!other.container_matched);
    assert_eq!(other.blocks.len(), 1);
}

#[test]
fn the_extractor_keeps_the_story_and_drops_the_chrome() {
    let para = "The minister said on Tuesday that the plan would be put to a vote in the \
                parliament next week, and that she expected it to pass with a clear majority.";
    let html = format!(
        r#"<html lang="en"><body>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li><li><a href="/s">Sport</a></li></ul></nav>
        <div class="main"><article><h1>The headline</h1>
          <p>{para}</p><h2>A sub-heading</h2><p>{para}</p><p>{para}</p>
          <ul class="related"><li><a href="/1">Another story about something else entirely</a></li></ul>
        </article>
        <aside><p><a href="/x">Most read</a></p><p>Short teaser</p></aside></div>
        <footer><p>Copyright 2020 Example Media. All rights reserved.</p></footer></body></html>"#
    );
    let page = parse(&html, None);
    let extraction = extract(&page);
    assert!(extraction.confident);
    let text = render(&page, &extraction.kept);
    assert_eq!(
        text,
        format!("The headline\n\n{para}\n\nA sub-heading\n\n{para}\n\n{para}")
    );
}

#[test]
fn a_page_without_an_article_keeps_its_prose() {
    let html = "<body><p>Hello there, this is a small page with just one sentence of prose in it, nothing else at all.</p></body>";
    let page = parse(html, None);
    let extraction = extract(&page);
    assert!(!extraction.kept.is_empty());
    assert!(!extraction.confident);
    let empty = parse("", None);
    assert!(extract(&empty).kept.is_empty());
    assert_eq!(render(&empty, &[]), "");
}

#[test]
fn an_article_split_around_a_sidebar_is_kept_whole_and_once() {
    let para = |n: u32| {
        format!(
            "<p>Paragraph {n} of the story, in which the reporter explains what happened and why \
             it matters to the people who live in the town, with a quote or two.</p>"
        )
    };
    let section = |from: u32| {
        let paras: String = (from..from + 4).map(para).collect();
        format!(r#"<div class="post__section"><div class="post__text">{paras}</div></div>"#)
    };
    let html = format!(
        r#"<html lang="en"><body><main>{}<aside class="sidebar"><p>Sign up for our newsletter, it is the best one there is and it is free.</p></aside>{}<div class="wrap">{}</div></main></body></html>"#,
        section(1),
        section(5),
        section(9)
    );
    let page = parse(&html, None);
    let extraction = extract(&page);
    let mut kept = extraction.kept.clone();
    kept.dedup();
    assert_eq!(kept, extraction.kept, "no block twice");
    let text = render(&page, &extraction.kept);
    for n in 1..13 {
        assert!(
            text.contains(&format!("Paragraph {n} of")),
            "paragraph {n} missing: {text}"
        );
    }
    assert!(!text.contains("newsletter"));
}

#[test]
fn a_tree_read_twice_gives_what_two_parses_give() {
    let rules = HtmlRules {
        container: vec!["article".into()],
        drop: vec![".share".into()],
        byline: vec![".byline".into()],
        ..HtmlRules::default()
    }
    .compile()
    .unwrap();
    let html = r#"<html lang="en"><head><title>T | Site</title></head><body><nav><p>Home</p></nav>
      <article><p class="byline">By Ann Lee</p><p>Story.</p><p class="share">Share</p></article></body></html>"#;
    let tree = deboil_html::Tree::parse(html);
    assert_eq!(tree.read(None), parse(html, None));
    assert_eq!(tree.read(Some(&rules)), parse(html, Some(&rules)));
    assert_ne!(tree.read(None), tree.read(Some(&rules)));
}

#[test]
fn what_the_drop_selectors_take_is_kept_as_text_for_the_record() {
    let rules = HtmlRules {
        container: vec!["article".into()],
        drop: vec![".share".into(), "figure".into()],
        ..HtmlRules::default()
    }
    .compile()
    .unwrap();
    let html = r#"<body><div class="share">Outside the article</div><article><p>Story.</p>
        <div class="share"><a href="/f">Facebook</a><a href="/t">Twitter</a><script>var x;</script></div>
        <figure><img src="a.jpg"><figcaption>The minister <span hidden>secret</span>arrives<small>Photo: Reuters</small></figcaption></figure>
        <figure><img src="b.jpg"></figure></article></body>"#;
    let page = parse(html, Some(&rules));
    assert_eq!(page.blocks.len(), 1);
    assert_eq!(
        page.dropped,
        ["Facebook Twitter", "The minister arrives Photo: Reuters"]
    );
    assert!(parse(html, None).dropped.is_empty());
}

#[test]
fn a_drop_inside_a_drop_is_noted_once_and_hidden_drops_not_at_all() {
    let rules = HtmlRules {
        drop: vec![".promo".into()],
        ..HtmlRules::default()
    }
    .compile()
    .unwrap();
    let html = r#"<body><p>Story.</p>
        <div class="promo">Outer <div class="promo">inner <b style="display: none">gone</b></div>
        <noscript>Enable scripts</noscript>end</div>
        <div class="promo" hidden>Never shown</div>
        <div class="promo" style="Visibility: Hidden">Nor this</div></body>"#;
    let page = parse(html, Some(&rules));
    assert_eq!(page.dropped, ["Outer inner end"]);
}
