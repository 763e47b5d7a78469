//! From HTML to blocks: html5ever builds the tree (`tree.rs`), then one
//! iterative walk (no recursion, so 100k nested elements are fine) turns visible
//! text into blocks, as a browser lays it out: block elements start and end a
//! block, `<br>` breaks one, inline elements flow into it; scripts, styles,
//! embeds, form controls and hidden elements are skipped. The same walk gathers the
//! metadata candidates.

use std::collections::HashSet;

// Containers are looked up by number for every block: a fast hash for small keys.
use rustc_hash::FxHashMap as HashMap;

use deboil_engine::fields::date_line;

use crate::meta::{add_names, Candidates};
use crate::rules::Selector;
use crate::text::{collapse, is_html_space_byte, iso_datetime};
use crate::tree::{Arena, Data, Edge, Element, NodeId, DOCUMENT};
use crate::{Block, BlockKind, CompiledHtmlRules, Container, Page};

/// How many of the innermost elements a block's `path` names.
const PATH_ELEMENTS: usize = 12;
/// How many of the innermost enclosing elements a block's `ancestors` lists.
const ANCESTORS: usize = 24;

/// Parses a page; with an outlet's compiled rules, drops its `drop` elements, keeps
/// only its `container`'s text (when the container is there) and reads the byline and
/// date from its elements. Never fails: whatever the input, a `Page` comes back.
pub fn parse(html: &str, rules: Option<&CompiledHtmlRules>) -> Page {
    match rules {
        Some(rules) => Tree::parse(html).read(Some(rules)),
        None => LeanTree::parse(html).read(),
    }
}

/// A page's element tree, built once (html5ever's part, the costly one) and read
/// as many times as needed, with or without an outlet's selectors.
pub struct Tree(Arena);

/// A page's tree without the attributes the walk never reads (`src`, `data-*`,
/// `width`, ...: most of a page's markup), which html5ever then never builds:
/// the same [`Page`] as [`Tree::read`] without selectors gives, for less. An
/// outlet's selectors may name any attribute, so they need a [`Tree`].
pub struct LeanTree(Tree);

impl LeanTree {
    /// Builds the tree; never fails.
    pub fn parse(html: &str) -> LeanTree {
        LeanTree(Tree(Arena::parse(&crate::depth::prepare(html, true))))
    }

    /// The page as [`parse`] gives it without selectors.
    pub fn read(&self) -> Page {
        self.0.read(None)
    }
}

impl Tree {
    /// Builds the tree, every attribute in it; never fails.
    pub fn parse(html: &str) -> Tree {
        Tree(Arena::parse(&crate::depth::prepare(html, false)))
    }

    /// The tree of the page as it is, without [`crate::depth::prepare`].
    #[cfg(test)]
    pub(crate) fn parse_unprepared(html: &str) -> Tree {
        Tree(Arena::parse(html))
    }

    /// The page as [`parse`] gives it, with or without an outlet's compiled rules.
    pub fn read(&self, rules: Option<&CompiledHtmlRules>) -> Page {
        let doc = &self.0;
        let mut candidates = Candidates::default();
        let mut dropped = HashSet::new();
        let mut containers = HashSet::new();
        if let Some(rules) = rules {
            dropped = matches(doc, &rules.drop);
            containers = matches(doc, &rules.container);
            for el in rules.byline.iter().flat_map(|s| doc.select(s)) {
                if !dropped.contains(&el) {
                    add_names(
                        &mut candidates.rule_authors,
                        &doc.texts(el).collect::<String>(),
                    );
                }
            }
            candidates.rule_date = rules
                .date
                .iter()
                .flat_map(|s| doc.select(s))
                .find_map(|el| {
                    let datetime = doc.element(el).and_then(|e| e.attr("datetime"));
                    datetime.and_then(iso_datetime).or_else(|| {
                        let text: String = doc.texts(el).collect();
                        iso_datetime(&text).or_else(|| date_line(&collapse(&text)))
                    })
                });
        }
        let mut walker = Walker::new(doc, candidates, &dropped, &containers);
        walker.walk(DOCUMENT);
        Page {
            meta: walker.candidates.finish(),
            blocks: walker.blocks,
            container_matched: !containers.is_empty(),
            containers: walker.holders,
            dropped: walker.dropped_texts,
        }
    }
}

fn matches(doc: &Arena, selectors: &[Selector]) -> HashSet<NodeId> {
    selectors.iter().flat_map(|s| doc.select(s)).collect()
}

/// What an element is to layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Not rendered: its whole subtree is skipped.
    Skip,
    /// Starts and ends a block.
    Block,
    /// Flows into the current block.
    Inline,
}

fn role(name: &str) -> Role {
    match name {
        "script" | "style" | "noscript" | "template" | "iframe" | "frame" | "frameset" | "svg"
        | "math" | "canvas" | "video" | "audio" | "object" | "embed" | "select" | "textarea"
        | "button" | "input" | "option" | "optgroup" | "datalist" | "map" | "area" | "source"
        | "track" | "param" | "meta" | "link" | "base" | "title" | "dialog" => Role::Skip,
        "address" | "article" | "aside" | "blockquote" | "body" | "caption" | "center" | "dd"
        | "details" | "dir" | "div" | "dl" | "dt" | "fieldset" | "figcaption" | "figure"
        | "footer" | "form" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header" | "hgroup"
        | "hr" | "html" | "legend" | "li" | "main" | "menu" | "nav" | "ol" | "p" | "pre"
        | "section" | "summary" | "table" | "tbody" | "thead" | "tfoot" | "tr" | "ul"
        | "listing" | "plaintext" | "xmp" | "noframes" => Role::Block,
        _ => Role::Inline,
    }
}

/// The attributes the walk reads, found in one pass over an element's attributes
/// (as `Element::attr` finds them: no namespace, no prefix).
#[derive(Default)]
struct Attrs<'a> {
    href: Option<&'a str>,
    rel: Option<&'a str>,
    itemprop: Option<&'a str>,
    hidden: bool,
    aria_hidden: Option<&'a str>,
    style: Option<&'a str>,
    lang: Option<&'a str>,
    xml_lang: Option<&'a str>,
    property: Option<&'a str>,
    name: Option<&'a str>,
    content: Option<&'a str>,
    kind: Option<&'a str>,
    datetime: Option<&'a str>,
}

impl<'a> Attrs<'a> {
    fn of(el: &'a Element) -> Self {
        let mut attrs = Attrs::default();
        for attr in &el.attrs {
            let qual = &attr.name;
            if qual.prefix.is_some() || !qual.ns.is_empty() {
                continue;
            }
            let value: &'a str = &attr.value;
            let slot = match &*qual.local {
                "href" => &mut attrs.href,
                "rel" => &mut attrs.rel,
                "itemprop" => &mut attrs.itemprop,
                "hidden" => {
                    attrs.hidden = true;
                    continue;
                }
                "aria-hidden" => &mut attrs.aria_hidden,
                "style" => &mut attrs.style,
                "lang" => &mut attrs.lang,
                "xml:lang" => &mut attrs.xml_lang,
                "property" => &mut attrs.property,
                "name" => &mut attrs.name,
                "content" => &mut attrs.content,
                "type" => &mut attrs.kind,
                "datetime" => &mut attrs.datetime,
                _ => continue,
            };
            *slot = Some(value);
        }
        attrs
    }
}

/// Whether an element is drawn at all: not a kind that is never shown (scripts,
/// embeds, form controls), not hidden by attribute or inline style.
fn rendered(name: &str, attrs: &Attrs<'_>) -> bool {
    role(name) != Role::Skip && !hidden(attrs)
}

/// Hidden by attribute or inline style.
fn hidden(attrs: &Attrs<'_>) -> bool {
    if attrs.hidden || attrs.aria_hidden == Some("true") {
        return true;
    }
    attrs.style.is_some_and(|style| {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        compact.contains("display:none") || compact.contains("visibility:hidden")
    })
}

struct Frame<'a> {
    el: &'a Element,
    name: &'a str,
    number: u32,
    role: Role,
    link: bool,
    pre: bool,
    invisible: bool,
    container: bool,
    /// Whether the element is in `holders` yet.
    held: bool,
    /// Its `path` segment (`tag#id.class1.class2`), made when a block first needs it.
    segment: Option<String>,
    /// Its `id` and class words, read when its segment or description is first made.
    ident: Option<Ident<'a>>,
}

/// An element's `id` and its classes (the first `id`; every `class` word, sorted,
/// once each).
type Ident<'a> = (Option<&'a str>, Vec<&'a str>);

impl<'a> Frame<'a> {
    fn ident(&mut self) -> &Ident<'a> {
        let el = self.el;
        self.ident.get_or_insert_with(|| (el.id(), el.classes()))
    }
}

struct Walker<'a> {
    doc: &'a Arena,
    candidates: Candidates,
    dropped: &'a HashSet<NodeId>,
    containers: &'a HashSet<NodeId>,
    restrict: bool,
    frames: Vec<Frame<'a>>,
    elements: u32,
    links: u32,
    pre: u32,
    invisible: u32,
    in_container: u32,
    buf: String,
    chars: usize,
    link_chars: usize,
    pending_space: bool,
    blocks: Vec<Block>,
    holders: HashMap<u32, Container>,
    dropped_texts: Vec<String>,
}

impl<'a> Walker<'a> {
    fn new(
        doc: &'a Arena,
        candidates: Candidates,
        dropped: &'a HashSet<NodeId>,
        containers: &'a HashSet<NodeId>,
    ) -> Self {
        Walker {
            doc,
            candidates,
            dropped,
            containers,
            restrict: !containers.is_empty(),
            frames: Vec::new(),
            elements: 0,
            links: 0,
            pre: 0,
            invisible: 0,
            in_container: 0,
            buf: String::new(),
            chars: 0,
            link_chars: 0,
            pending_space: false,
            blocks: Vec::new(),
            holders: HashMap::default(),
            dropped_texts: Vec::new(),
        }
    }

    fn walk(&mut self, root: NodeId) {
        let doc = self.doc;
        doc.traverse(root, |edge| match edge {
            Edge::Open(node) => match doc.data(node) {
                Some(Data::Text(text)) => {
                    self.text(text);
                    true
                }
                Some(Data::Element(el)) => self.open(node, el),
                _ => true,
            },
            Edge::Close(node) => {
                if doc.element(node).is_some() {
                    self.close();
                }
                true
            }
        });
        self.flush();
    }

    /// Enters an element; `false` when its subtree is to be skipped.
    fn open(&mut self, node: NodeId, el: &'a Element) -> bool {
        let name = el.name();
        let attrs = Attrs::of(el);
        self.gather(node, name, &attrs);
        let mut role = role(name);
        if role != Role::Skip {
            if hidden(&attrs) {
                role = Role::Skip;
            } else if self.dropped.contains(&node) {
                if self.shows_text() {
                    self.note_dropped(node);
                }
                role = Role::Skip;
            }
        }
        if name == "form" && !self.doc.has_descendant_named(node, "p") {
            role = Role::Skip;
        }
        if role == Role::Skip {
            return false;
        }
        // `<br>` breaks the block; like any element it has a frame, popped at its close.
        if role == Role::Block || name == "br" {
            self.flush();
        }
        if matches!(name, "td" | "th") && !self.buf.is_empty() {
            self.buf.push('\t');
            self.pending_space = false;
        }
        self.elements += 1;
        let frame = Frame {
            el,
            name,
            number: self.elements,
            role,
            link: name == "a" && attrs.href.is_some(),
            pre: matches!(name, "pre" | "textarea" | "listing" | "plaintext" | "xmp"),
            invisible: name == "head",
            container: self.containers.contains(&node),
            held: false,
            segment: None,
            ident: None,
        };
        self.links += u32::from(frame.link);
        self.pre += u32::from(frame.pre);
        self.invisible += u32::from(frame.invisible);
        self.in_container += u32::from(frame.container);
        self.frames.push(frame);
        true
    }

    fn close(&mut self) {
        let Some(frame) = self.frames.last() else {
            return;
        };
        if frame.role == Role::Block {
            self.flush();
        }
        if let Some(frame) = self.frames.pop() {
            self.links -= u32::from(frame.link);
            self.pre -= u32::from(frame.pre);
            self.invisible -= u32::from(frame.invisible);
            self.in_container -= u32::from(frame.container);
        }
    }

    /// Metadata an element carries, whether or not it is shown.
    fn gather(&mut self, node: NodeId, name: &str, attrs: &Attrs<'a>) {
        match name {
            "html" => {
                if let Some(lang) = attrs.lang.or(attrs.xml_lang) {
                    self.candidates.lang(lang);
                }
            }
            "meta" => {
                let key = attrs.property.or(attrs.name).or(attrs.itemprop);
                if let (Some(key), Some(content)) = (key, attrs.content) {
                    self.candidates.meta(key, content);
                }
            }
            "link" => {
                let rel = attrs.rel.unwrap_or_default();
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    if let Some(href) = attrs.href.filter(|h| !h.trim().is_empty()) {
                        self.candidates
                            .canonical
                            .get_or_insert_with(|| h_trim(href));
                    }
                }
            }
            "title" if self.candidates.title_tag.is_none() && !self.in_svg() => {
                let text = self.child_text(node);
                self.candidates.title_tag = Some(collapse(&text)).filter(|t| !t.is_empty());
            }
            "script"
                if attrs
                    .kind
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                self.candidates.json_ld(&self.child_text(node));
            }
            "time" if self.candidates.time_element.is_none() => {
                self.candidates.time_element = attrs.datetime.and_then(iso_datetime);
            }
            _ => {}
        }
        let is_author = attrs.rel == Some("author") || attrs.itemprop == Some("author");
        if is_author && self.candidates.element_authors.len() < 10 {
            let text: String = self.doc.texts(node).take(20).collect();
            if text.chars().count() <= 100 {
                add_names(&mut self.candidates.element_authors, &text);
            }
        }
        if name == "h1" && self.candidates.h1.is_none() {
            let text = collapse(&self.doc.texts(node).take(50).collect::<String>());
            self.candidates.h1 = Some(text).filter(|t| !t.is_empty());
        }
    }

    /// The text of a node's text children (a `<title>`'s or a `<script>`'s).
    fn child_text(&self, node: NodeId) -> String {
        self.doc
            .children(node)
            .filter_map(|c| match self.doc.data(c) {
                Some(Data::Text(t)) => Some(&**t),
                _ => None,
            })
            .collect()
    }

    /// Whether text met here would be read (not in `<head>`, inside the outlet's
    /// container when it has one).
    fn shows_text(&self) -> bool {
        self.invisible == 0 && (!self.restrict || self.in_container > 0)
    }

    /// Keeps the visible text of an element an outlet's `drop` selector removed,
    /// so the record can say what went and why: its text nodes outside the
    /// elements the walk never reads (skipped kinds, hidden ones), in one pass.
    fn note_dropped(&mut self, node: NodeId) {
        let mut text = String::new();
        let doc = self.doc;
        doc.traverse(node, |edge| match edge {
            Edge::Open(n) => match doc.data(n) {
                Some(Data::Text(t)) => {
                    // Furniture's pieces (links, buttons, a caption and its credit)
                    // are items of their own: a space between text nodes.
                    text.push_str(t);
                    text.push(' ');
                    true
                }
                Some(Data::Element(e)) => n == node || rendered(e.name(), &Attrs::of(e)),
                _ => true,
            },
            Edge::Close(_) => true,
        });
        let text = collapse(&text);
        if !text.is_empty() {
            self.dropped_texts.push(text);
        }
    }

    fn in_svg(&self) -> bool {
        self.frames.iter().any(|f| f.name == "svg")
    }

    fn text(&mut self, text: &str) {
        if self.invisible > 0 || (self.restrict && self.in_container == 0) {
            return;
        }
        let in_link = self.links > 0;
        if self.pre > 0 {
            if self.pending_space && !self.buf.is_empty() {
                self.buf.push(' ');
            }
            self.pending_space = false;
            let text = if self.buf.is_empty() {
                text.trim_start_matches(['\n', '\r'])
            } else {
                text
            };
            self.buf.push_str(text);
            let n = text.chars().filter(|c| !c.is_whitespace()).count();
            self.chars += n;
            if in_link {
                self.link_chars += n;
            }
            return;
        }
        // Most text nodes are the indentation between tags: all spaces, which only
        // leave a space pending (there is at least one, so the split below would).
        if text.bytes().all(is_html_space_byte) {
            if !text.is_empty() {
                self.pending_space = true;
            }
            return;
        }
        // The words between HTML spaces (ASCII bytes, so every cut is a character
        // boundary); a space before a word is kept pending until one follows.
        let bytes = text.as_bytes();
        let mut start = 0;
        for end in
            (0..=bytes.len()).filter(|&i| bytes.get(i).is_none_or(|&b| is_html_space_byte(b)))
        {
            let word = text.get(start..end).unwrap_or_default();
            if start > 0 {
                self.pending_space = true;
            }
            start = end + 1;
            if word.is_empty() {
                continue;
            }
            if self.pending_space && !self.buf.is_empty() {
                self.buf.push(' ');
            }
            self.pending_space = false;
            self.buf.push_str(word);
            // Characters: every byte that does not continue one.
            let n = word.bytes().filter(|&b| b & 0xC0 != 0x80).count();
            self.chars += n;
            if in_link {
                self.link_chars += n;
            }
        }
    }

    /// Ends the current block: kept when it has visible text.
    fn flush(&mut self) {
        let text = if self.pre > 0 {
            self.buf
                .trim_end()
                .trim_start_matches(['\n', '\r'])
                .to_owned()
        } else {
            self.buf
                .trim_matches(|c: char| c.is_whitespace())
                .to_owned()
        };
        if !text.is_empty() {
            let from = self.frames.len().saturating_sub(ANCESTORS);
            for frame in &mut self.frames[from..] {
                if !frame.held {
                    frame.held = true;
                    self.holders
                        .entry(frame.number)
                        .or_insert_with(|| describe(frame.name, frame.ident()));
                }
            }
            let block = Block {
                kind: self.kind(),
                text,
                link_density: if self.chars == 0 {
                    0.0
                } else {
                    self.link_chars as f32 / self.chars as f32
                },
                path: self.path(),
                ancestors: self.frames[from..].iter().map(|f| f.number).collect(),
                depth: self.frames.len() as u32,
            };
            self.blocks.push(block);
        }
        self.buf.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.pending_space = false;
    }

    /// The block's kind: its innermost block element, or a list item, quote or
    /// caption close around it.
    fn kind(&self) -> BlockKind {
        let mut blocks = self.frames.iter().rev().filter(|f| f.role == Role::Block);
        let mut kind = BlockKind::Paragraph;
        let Some(innermost) = blocks.next() else {
            return kind;
        };
        match innermost.name {
            "h1" => return BlockKind::Heading(1),
            "h2" => return BlockKind::Heading(2),
            "h3" => return BlockKind::Heading(3),
            "h4" => return BlockKind::Heading(4),
            "h5" => return BlockKind::Heading(5),
            "h6" => return BlockKind::Heading(6),
            "tr" | "table" | "tbody" | "thead" | "tfoot" => return BlockKind::Table,
            "pre" | "listing" | "xmp" | "plaintext" => return BlockKind::Preformatted,
            name => {
                if let Some(k) = container_kind(name) {
                    return k;
                }
            }
        }
        for frame in blocks.take(3) {
            if let Some(k) = container_kind(frame.name) {
                kind = k;
                break;
            }
        }
        kind
    }

    fn path(&mut self) -> String {
        let from = self.frames.len().saturating_sub(PATH_ELEMENTS);
        let mut len = 0;
        for frame in &mut self.frames[from..] {
            if frame.name != "html" {
                if frame.segment.is_none() {
                    frame.segment = Some(segment(frame.name, frame.ident()));
                }
                len += 1 + frame.segment.as_ref().map_or(0, String::len);
            }
        }
        let mut path = String::with_capacity(len);
        for segment in self.frames[from..]
            .iter()
            .filter_map(|f| f.segment.as_deref())
        {
            if !path.is_empty() {
                path.push('>');
            }
            path.push_str(segment);
        }
        path
    }
}

/// A block path's segment for an element: `tag#id.class1.class2`.
fn segment(name: &str, (id, classes): &Ident<'_>) -> String {
    let len = name.len()
        + id.map_or(0, |id| 1 + id.len())
        + classes.iter().map(|c| 1 + c.len()).sum::<usize>();
    let mut segment = String::with_capacity(len);
    segment.push_str(name);
    if let Some(id) = id {
        segment.push('#');
        segment.push_str(id);
    }
    for class in classes {
        segment.push('.');
        segment.push_str(class);
    }
    segment
}

fn describe(name: &str, (id, classes): &Ident<'_>) -> Container {
    let len = id.map_or(0, str::len) + classes.iter().map(|c| 1 + c.len()).sum::<usize>();
    let mut id_class = String::with_capacity(len);
    id_class.push_str(id.unwrap_or_default());
    for class in classes {
        if !id_class.is_empty() {
            id_class.push(' ');
        }
        id_class.push_str(class);
    }
    id_class.make_ascii_lowercase();
    Container {
        tag: name.to_owned(),
        id_class,
    }
}

fn container_kind(name: &str) -> Option<BlockKind> {
    match name {
        "li" | "dd" | "dt" => Some(BlockKind::ListItem),
        "blockquote" => Some(BlockKind::Quote),
        "figcaption" | "caption" => Some(BlockKind::Caption),
        _ => None,
    }
}

fn h_trim(href: &str) -> String {
    href.trim().to_owned()
}
