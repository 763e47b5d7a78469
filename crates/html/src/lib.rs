//! deboil-html: an HTML page as the engine's blocks. [`parse`] turns a page into
//! [`Block`]s (headings, paragraphs, list items, quotes, captions, table rows,
//! preformatted text) with each block's link density and tag path, and reads the
//! page's [`Meta`] (title, standfirst, authors, date, language, canonical URL);
//! an outlet's [`HtmlRules`] (CSS selectors) can restrict the blocks to the article
//! container, drop elements and point at the byline and date. [`extract`] is the
//! generic main-content choice for sites nobody wrote selectors for, and [`render`]
//! writes blocks as a text dump the engine's rules then clean.
//!
//! Cleaning stays a pure function: no IO here; byte decoding is the caller's.

mod depth;
mod extract;
mod meta;
mod parse;
mod rules;
mod text;
mod tree;

// Containers are looked up by number for every block: a fast hash for small keys.
use rustc_hash::FxHashMap as HashMap;

pub use extract::{extract, Extraction};
pub use parse::{parse, LeanTree, Tree};
pub use rules::{CompileSelectors, CompiledHtmlRules, HtmlRules, SelectorError};

/// A parsed page: its metadata and its visible text as blocks, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub meta: Meta,
    pub blocks: Vec<Block>,
    /// Whether an outlet's `container` selector matched (then `blocks` hold only the
    /// container's text); `false` when no container was given or none matched.
    pub container_matched: bool,
    /// The elements that hold blocks, by the numbers in [`Block::ancestors`].
    pub containers: HashMap<u32, Container>,
    /// The visible text of each element an outlet's `drop` selectors removed (that
    /// would otherwise have been read), in page order; empty ones are left out.
    pub dropped: Vec<String>,
}

/// An element holding blocks, as the extractor sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Container {
    /// The tag name, lower case.
    pub tag: String,
    /// The `id` and `class` words, lower case, space-separated.
    pub id_class: String,
}

/// What the markup says about the article, each field as given by the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// `og:title`, else the first `<h1>`, else `<title>` without the site's suffix.
    pub title: Option<String>,
    /// `og:description`, `twitter:description` or `<meta name=description>`.
    pub standfirst: Option<String>,
    /// The outlet's byline elements, else `<meta name=author>`, `article:author`,
    /// JSON-LD `author`, `rel=author` / `itemprop=author` elements.
    pub authors: Vec<String>,
    /// ISO 8601, as precise as given: the outlet's date element, else
    /// `article:published_time`, JSON-LD `datePublished`, the first `<time datetime>`.
    pub published: Option<String>,
    /// ISO 639-1, from `<html lang>` (or `og:locale`).
    pub language: Option<String>,
    /// `<link rel=canonical>`, else `og:url`.
    pub canonical_url: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
}

/// One block of visible text: what a browser shows as one paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// The text with whitespace collapsed as a browser does (kept in `<pre>`),
    /// trimmed; table cells are separated by a tab.
    pub text: String,
    /// The share of the text's characters that are inside links (0 to 1).
    pub link_density: f32,
    /// The innermost elements around the block, outermost first, each as
    /// `tag#id.class1.class2` (at most 12 of them), e.g. `body>div#main.article>p`.
    pub path: String,
    /// Document-order numbers of the enclosing elements, outermost first (at most
    /// the innermost 24): blocks sharing a number share that container.
    pub ancestors: Vec<u32>,
    /// How deep the block's element is in the page (the full depth, not capped).
    pub depth: u32,
}

/// What kind of element a block comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// `<h1>`..`<h6>`, with its level.
    Heading(u8),
    Paragraph,
    ListItem,
    Quote,
    Caption,
    /// A table row (cells separated by a tab).
    Table,
    Preformatted,
}

/// The kept blocks as a text dump: one block per paragraph, a blank line between.
pub fn render(page: &Page, kept: &[usize]) -> String {
    render_blocks(kept.iter().filter_map(|&i| page.blocks.get(i)))
}

/// The whole page as a text dump: [`render`] with every block.
pub fn render_all(page: &Page) -> String {
    render_blocks(page.blocks.iter())
}

fn render_blocks<'p>(blocks: impl Iterator<Item = &'p Block>) -> String {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&block.text);
    }
    out
}

/// The article chosen from a page as a text dump, headed by the page's title when
/// the kept blocks do not open with a heading (the generic extractor often leaves
/// the headline out: it sits apart from the text); says whether it added one. The
/// text cleaner is then told that the first line is the title
/// (`RuleSet::clean_extracted`), so it does not take a short first paragraph for one.
pub fn render_article(page: &Page, kept: &[usize]) -> (String, bool) {
    let body = render(page, kept);
    let opens_with_heading = kept
        .first()
        .and_then(|&i| page.blocks.get(i))
        .is_some_and(|b| matches!(b.kind, BlockKind::Heading(_)));
    match (&page.meta.title, opens_with_heading) {
        (Some(title), false) if !title.trim().is_empty() && !body.is_empty() => {
            (format!("{}\n\n{body}", title.trim()), true)
        }
        _ => (body, false),
    }
}
