//! Hostile HTML: unclosed tags, deep nesting, a huge page, no body, binary junk.
//! Each must give a page (maybe empty), never a crash, a stack overflow or a stall.
//! The inputs are generated here, not committed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use deboil_html::{extract, parse, render, CompileSelectors, HtmlRules};

fn run(html: &str) -> String {
    let rules = HtmlRules {
        container: vec!["article p".into()],
        drop: vec!["div.x".into()],
        ..HtmlRules::default()
    }
    .compile()
    .unwrap();
    let _ = parse(html, Some(&rules));
    let page = parse(html, None);
    let extraction = extract(&page);
    render(&page, &extraction.kept)
}

#[test]
fn unclosed_tags() {
    let html = "<html><body><div><p>one<p>two<b><i><u>three<table><tr><td>four<li>five".repeat(200);
    let text = run(&html);
    assert!(text.contains("three"));
}

#[test]
fn a_hundred_thousand_nested_divs() {
    let html = format!(
        "<body>{}deep text{}</body>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let page = parse(&html, None);
    assert!(!page.blocks.is_empty());
    assert!(page.blocks[0].path.split('>').count() <= 12);
    run(&html);
}

#[test]
fn a_hundred_thousand_unclosed_inline_elements() {
    let html = format!("<body><p>{}x</p>", "<b><a href=/>".repeat(50_000));
    run(&html);
}

#[test]
fn a_fifty_megabyte_page() {
    let para = "<p>Some words in a paragraph, with a comma and a full stop, repeated many times over.</p>\n";
    let html = format!(
        "<html><body><article>{}</article></body></html>",
        para.repeat(50 * 1024 * 1024 / para.len())
    );
    assert!(html.len() >= 49 * 1024 * 1024);
    let text = run(&html);
    assert!(text.len() > 40 * 1024 * 1024);
}

#[test]
fn no_body_at_all() {
    assert_eq!(run(""), "");
    assert_eq!(run("<html><head><title>t</title></head></html>"), "");
    assert_eq!(run("just text, no tags"), "just text, no tags");
    assert_eq!(run("<frameset><frame src=a></frameset>"), "");
}

#[test]
fn binary_junk() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..2_000_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    run(&String::from_utf8_lossy(&bytes));
    let nul = "\0<\0p\0>".repeat(100_000);
    run(&nul);
}
