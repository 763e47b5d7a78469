//! The page's element tree as deboil reads it: a flat arena that html5ever's tree
//! builder fills through our own `TreeSink`, nodes linked by index (parent, first
//! and last child, siblings), each element keeping html5ever's own name and
//! attribute list (moved in, never converted) and each text node one tendril.
//!
//! Why the crate builds its own tree instead of taking scraper's: scraper's tree
//! (ego_tree nodes, attribute maps re-sorted per element, its drop) is built for
//! general DOM use; here the tree is as html5ever hands it over, and walking it is
//! index arithmetic (on the article-extraction benchmark the switch alone took the
//! page path from 3.63 to 3.56 billion instructions, and it is what the pre-scan's
//! lean tree builds on). The outlets' CSS selectors
//! still work: the arena's elements implement `selectors::Element` (the matching
//! engine scraper uses, with scraper's parsed selector types), and `select`
//! visits elements in the same order scraper's `Html::select` does (creation
//! order, attached nodes only), so a byline or date selector picks the same
//! element as before.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, LocalName, Namespace, QualName};
use scraper::selector::{CssLocalName, CssString, NonTSPseudoClass, PseudoElement, Simple};
use selectors::attr::{AttrSelectorOperation, CaseSensitivity, NamespaceConstraint};
use selectors::bloom::BloomFilter;
use selectors::matching::{
    self, MatchingContext, MatchingForInvalidation, MatchingMode, NeedsSelectorFlags,
    SelectorCaches,
};
use selectors::parser::SelectorList;
use selectors::OpaqueElement;

/// A node's index in the arena.
pub(crate) type NodeId = u32;

/// The document node: always the first in the arena.
pub(crate) const DOCUMENT: NodeId = 0;

/// What a node is.
pub(crate) enum Data {
    Document,
    /// A `<template>`'s contents (its only child).
    Fragment,
    Doctype,
    Comment,
    ProcessingInstruction,
    Text(StrTendril),
    Element(Element),
}

/// An element as html5ever made it.
pub(crate) struct Element {
    pub name: QualName,
    pub attrs: Vec<Attribute>,
}

impl Element {
    /// The local name (`div`, `foreignObject`).
    pub fn name(&self) -> &str {
        &self.name.local
    }

    /// The first attribute with this local name, whatever its namespace.
    fn attr_by_local(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &*a.name.local == local)
            .map(|a| &*a.value)
    }

    /// An attribute without namespace or prefix (as a page writes `href`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name.prefix.is_none() && a.name.ns.is_empty() && &*a.name.local == name)
            .map(|a| &*a.value)
    }

    /// The `class` words, each once, sorted.
    pub fn classes(&self) -> Vec<&str> {
        let mut classes: Vec<&str> = self
            .attrs
            .iter()
            .filter(|a| &*a.name.local == "class")
            .flat_map(|a| a.value.split_ascii_whitespace())
            .collect();
        classes.sort_unstable();
        classes.dedup();
        classes
    }

    /// The first `id`.
    pub fn id(&self) -> Option<&str> {
        self.attr_by_local("id")
    }
}

/// One node and its links.
pub(crate) struct Node {
    pub parent: Option<NodeId>,
    pub prev_sibling: Option<NodeId>,
    pub next_sibling: Option<NodeId>,
    pub first_child: Option<NodeId>,
    pub last_child: Option<NodeId>,
    pub data: Data,
}

impl Node {
    fn new(data: Data) -> Node {
        Node {
            parent: None,
            prev_sibling: None,
            next_sibling: None,
            first_child: None,
            last_child: None,
            data,
        }
    }
}

/// The parsed page: every node html5ever created, the document first.
pub(crate) struct Arena {
    nodes: Vec<Node>,
}

/// The bytes of HTML the arena reserves a node for.
const BYTES_PER_NODE: usize = 32;

/// An edge of a depth-first walk: entering a node or leaving it.
#[derive(Clone, Copy)]
pub(crate) enum Edge {
    Open(NodeId),
    Close(NodeId),
}

impl Arena {
    /// Parses a document with html5ever (its default options, as scraper's
    /// `Html::parse_document`); never fails.
    pub fn parse(html: &str) -> Arena {
        // Room for the nodes up front, not grown by doubling while html5ever
        // builds: pages (scripts' text cut out) run to a node per 50 bytes or
        // so, and few to more than one per 32.
        let mut nodes = Vec::with_capacity(html.len() / BYTES_PER_NODE + 1);
        nodes.push(Node::new(Data::Document));
        let sink = Sink {
            nodes: RefCell::new(nodes),
        };
        html5ever::parse_document(sink, Default::default()).one(html)
    }

    fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    pub fn data(&self, id: NodeId) -> Option<&Data> {
        self.node(id).map(|n| &n.data)
    }

    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match self.data(id) {
            Some(Data::Element(el)) => Some(el),
            _ => None,
        }
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).and_then(|n| n.parent)
    }

    pub fn first_child(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).and_then(|n| n.first_child)
    }

    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).and_then(|n| n.next_sibling)
    }

    pub fn prev_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).and_then(|n| n.prev_sibling)
    }

    /// A node's children, in order.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.first_child(id), |&c| self.next_sibling(c))
    }

    /// Walks `root`'s subtree in document order, `root` included; a node whose
    /// opening `visit` answers `false` is left unexplored (and not closed).
    pub fn traverse(&self, root: NodeId, mut visit: impl FnMut(Edge) -> bool) {
        let mut node = root;
        'nodes: loop {
            if visit(Edge::Open(node)) {
                if let Some(child) = self.first_child(node) {
                    node = child;
                    continue;
                }
                visit(Edge::Close(node));
            }
            loop {
                if node == root {
                    return;
                }
                if let Some(next) = self.next_sibling(node) {
                    node = next;
                    continue 'nodes;
                }
                match self.parent(node) {
                    Some(parent) => {
                        node = parent;
                        visit(Edge::Close(node));
                    }
                    None => return,
                }
            }
        }
    }

    /// The text nodes under `root`, in document order, hidden ones too but not a
    /// script's or a style's (code is never text; `depth::prepare` cuts most of
    /// it out before parsing, and what it leaves is not read either).
    pub fn texts(&self, root: NodeId) -> impl Iterator<Item = &str> + '_ {
        Descendants {
            arena: self,
            root,
            next: Some(root),
        }
        .filter_map(|id| match self.data(id) {
            Some(Data::Text(text)) if !self.is_code(self.parent(id)) => Some(&**text),
            _ => None,
        })
    }

    /// Whether a node is a `<script>` or a `<style>` (in any namespace).
    fn is_code(&self, id: Option<NodeId>) -> bool {
        id.and_then(|id| self.element(id))
            .is_some_and(|e| matches!(e.name(), "script" | "style"))
    }

    /// Whether any element under `root` (not `root` itself) is named `name`.
    pub fn has_descendant_named(&self, root: NodeId, name: &str) -> bool {
        Descendants {
            arena: self,
            root,
            next: Some(root),
        }
        .skip(1)
        .any(|id| self.element(id).is_some_and(|e| e.name() == name))
    }

    /// The elements matching a selector list, in the order scraper's
    /// `Html::select` gives them: creation order, nodes still in the tree.
    pub fn select<'a>(
        &'a self,
        selectors: &'a SelectorList<Simple>,
    ) -> impl Iterator<Item = NodeId> + 'a {
        let mut caches = SelectorCaches::default();
        (0..self.nodes.len() as NodeId).filter(move |&id| {
            let Some(node) = self.node(id) else {
                return false;
            };
            if !matches!(node.data, Data::Element(_)) || node.parent.is_none() {
                return false;
            }
            let mut context = MatchingContext::new(
                MatchingMode::Normal,
                None,
                &mut caches,
                matching::QuirksMode::NoQuirks,
                NeedsSelectorFlags::No,
                MatchingForInvalidation::No,
            );
            matching::matches_selector_list(
                selectors,
                &ElementRef { arena: self, id },
                &mut context,
            )
        })
    }
}

/// Pre-order over a subtree.
struct Descendants<'a> {
    arena: &'a Arena,
    root: NodeId,
    next: Option<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let current = self.next?;
        self.next = self.arena.first_child(current).or_else(|| {
            let mut node = current;
            loop {
                if node == self.root {
                    return None;
                }
                if let Some(next) = self.arena.next_sibling(node) {
                    return Some(next);
                }
                node = self.arena.parent(node)?;
            }
        });
        Some(current)
    }
}

/// html5ever's tree builder's view of the arena.
struct Sink {
    nodes: RefCell<Vec<Node>>,
}

/// What `elem_name` answers for a node that is not an element (the tree builder
/// never asks that).
static NO_NAME: std::sync::LazyLock<QualName> =
    std::sync::LazyLock::new(|| QualName::new(None, ns!(), LocalName::from("")));

impl Sink {
    fn push(nodes: &mut Vec<Node>, data: Data) -> NodeId {
        nodes.push(Node::new(data));
        (nodes.len() - 1) as NodeId
    }

    /// Takes a node out of its parent's children.
    fn detach(nodes: &mut [Node], id: NodeId) {
        let Some(node) = nodes.get_mut(id as usize) else {
            return;
        };
        let (parent, prev, next) = (node.parent, node.prev_sibling, node.next_sibling);
        node.parent = None;
        node.prev_sibling = None;
        node.next_sibling = None;
        if let Some(prev) = prev.and_then(|p| nodes.get_mut(p as usize)) {
            prev.next_sibling = next;
        } else if let Some(parent) = parent.and_then(|p| nodes.get_mut(p as usize)) {
            parent.first_child = next;
        }
        if let Some(next) = next.and_then(|n| nodes.get_mut(n as usize)) {
            next.prev_sibling = prev;
        } else if let Some(parent) = parent.and_then(|p| nodes.get_mut(p as usize)) {
            parent.last_child = prev;
        }
    }

    /// Makes an unattached node the last child of `parent`.
    fn append_id(nodes: &mut [Node], parent: NodeId, child: NodeId) {
        let last = nodes.get(parent as usize).and_then(|p| p.last_child);
        if let Some(node) = nodes.get_mut(child as usize) {
            node.parent = Some(parent);
            node.prev_sibling = last;
            node.next_sibling = None;
        }
        match last.and_then(|l| nodes.get_mut(l as usize)) {
            Some(last) => last.next_sibling = Some(child),
            None => {
                if let Some(p) = nodes.get_mut(parent as usize) {
                    p.first_child = Some(child);
                }
            }
        }
        if let Some(p) = nodes.get_mut(parent as usize) {
            p.last_child = Some(child);
        }
    }

    /// Puts an unattached node right before `sibling`.
    fn insert_before(nodes: &mut [Node], sibling: NodeId, new: NodeId) {
        let Some((parent, prev)) = nodes
            .get(sibling as usize)
            .and_then(|s| Some((s.parent?, s.prev_sibling)))
        else {
            return;
        };
        if let Some(node) = nodes.get_mut(new as usize) {
            node.parent = Some(parent);
            node.prev_sibling = prev;
            node.next_sibling = Some(sibling);
        }
        if let Some(s) = nodes.get_mut(sibling as usize) {
            s.prev_sibling = Some(new);
        }
        match prev.and_then(|p| nodes.get_mut(p as usize)) {
            Some(prev) => prev.next_sibling = Some(new),
            None => {
                if let Some(p) = nodes.get_mut(parent as usize) {
                    p.first_child = Some(new);
                }
            }
        }
    }

    /// Appends text to `node` when it is a text node.
    fn concat(nodes: &mut [Node], node: Option<NodeId>, text: &StrTendril) -> bool {
        match node.and_then(|n| nodes.get_mut(n as usize)) {
            Some(Node {
                data: Data::Text(existing),
                ..
            }) => {
                existing.push_tendril(text);
                true
            }
            _ => false,
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Arena;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Arena {
        Arena {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| {
            match nodes.get(*target as usize).map(|n| &n.data) {
                Some(Data::Element(el)) => &el.name,
                _ => &NO_NAME,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> NodeId {
        let template = name.expanded() == html5ever::expanded_name!(html "template");
        let mut nodes = self.nodes.borrow_mut();
        let id = Self::push(&mut nodes, Data::Element(Element { name, attrs }));
        if template {
            let contents = Self::push(&mut nodes, Data::Fragment);
            Self::append_id(&mut nodes, id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        Self::push(&mut self.nodes.borrow_mut(), Data::Comment)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        Self::push(&mut self.nodes.borrow_mut(), Data::ProcessingInstruction)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let mut nodes = self.nodes.borrow_mut();
        match child {
            NodeOrText::AppendNode(id) => Self::append_id(&mut nodes, *parent, id),
            NodeOrText::AppendText(text) => {
                let last = nodes.get(*parent as usize).and_then(|p| p.last_child);
                if !Self::concat(&mut nodes, last, &text) {
                    let id = Self::push(&mut nodes, Data::Text(text));
                    Self::append_id(&mut nodes, *parent, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self
            .nodes
            .borrow()
            .get(*element as usize)
            .is_some_and(|n| n.parent.is_some());
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let mut nodes = self.nodes.borrow_mut();
        let id = Self::push(&mut nodes, Data::Doctype);
        Self::append_id(&mut nodes, DOCUMENT, id);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        // Every template is made with its contents as its first child.
        self.nodes
            .borrow()
            .get(*target as usize)
            .and_then(|n| n.first_child)
            .unwrap_or(*target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let mut nodes = self.nodes.borrow_mut();
        if let NodeOrText::AppendNode(id) = new_node {
            Self::detach(&mut nodes, id);
        }
        let Some(sib) = nodes.get(*sibling as usize) else {
            return;
        };
        if sib.parent.is_none() {
            return;
        }
        let prev = sib.prev_sibling;
        match new_node {
            NodeOrText::AppendNode(id) => Self::insert_before(&mut nodes, *sibling, id),
            NodeOrText::AppendText(text) => {
                if !Self::concat(&mut nodes, prev, &text) {
                    let id = Self::push(&mut nodes, Data::Text(text));
                    Self::insert_before(&mut nodes, *sibling, id);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(Node {
            data: Data::Element(el),
            ..
        }) = nodes.get_mut(*target as usize)
        {
            for attr in attrs {
                if !el.attrs.iter().any(|a| a.name == attr.name) {
                    el.attrs.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        Self::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        while let Some(child) = nodes.get(*node as usize).and_then(|n| n.first_child) {
            Self::detach(&mut nodes, child);
            Self::append_id(&mut nodes, *new_parent, child);
        }
    }
}

/// An element of the arena as the selector engine sees it.
#[derive(Clone, Copy)]
struct ElementRef<'a> {
    arena: &'a Arena,
    id: NodeId,
}

impl std::fmt::Debug for ElementRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "element {}", self.id)
    }
}

impl<'a> ElementRef<'a> {
    fn element(&self) -> Option<&'a Element> {
        self.arena.element(self.id)
    }

    fn wrap(&self, id: Option<NodeId>) -> Option<Self> {
        let id = id?;
        self.arena.element(id).map(|_| ElementRef {
            arena: self.arena,
            id,
        })
    }

    /// The first element among `start` and the siblings `step` leads to.
    fn element_from(
        &self,
        start: Option<NodeId>,
        step: fn(&Arena, NodeId) -> Option<NodeId>,
    ) -> Option<Self> {
        let mut node = start;
        while let Some(id) = node {
            if self.arena.element(id).is_some() {
                return self.wrap(Some(id));
            }
            node = step(self.arena, id);
        }
        None
    }
}

/// Matches only tree structure, names, ids, classes and attributes: no pseudo-classes
/// beyond the structural ones (as scraper).
impl selectors::Element for ElementRef<'_> {
    type Impl = Simple;

    fn opaque(&self) -> OpaqueElement {
        match self.arena.node(self.id) {
            Some(node) => OpaqueElement::new(node),
            None => OpaqueElement::new(self.arena),
        }
    }

    fn parent_element(&self) -> Option<Self> {
        self.wrap(self.arena.parent(self.id))
    }

    fn parent_node_is_shadow_root(&self) -> bool {
        false
    }

    fn containing_shadow_host(&self) -> Option<Self> {
        None
    }

    fn is_pseudo_element(&self) -> bool {
        false
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        self.element_from(self.arena.prev_sibling(self.id), Arena::prev_sibling)
    }

    fn next_sibling_element(&self) -> Option<Self> {
        self.element_from(self.arena.next_sibling(self.id), Arena::next_sibling)
    }

    fn first_element_child(&self) -> Option<Self> {
        self.element_from(self.arena.first_child(self.id), Arena::next_sibling)
    }

    fn is_html_element_in_html_document(&self) -> bool {
        self.element().is_some_and(|e| e.name.ns == ns!(html))
    }

    fn has_local_name(&self, name: &CssLocalName) -> bool {
        self.element().is_some_and(|e| e.name.local == name.0)
    }

    fn has_namespace(&self, namespace: &Namespace) -> bool {
        self.element().is_some_and(|e| &e.name.ns == namespace)
    }

    fn is_same_type(&self, other: &Self) -> bool {
        match (self.element(), other.element()) {
            (Some(a), Some(b)) => a.name == b.name,
            _ => false,
        }
    }

    fn attr_matches(
        &self,
        ns: &NamespaceConstraint<&Namespace>,
        local_name: &CssLocalName,
        operation: &AttrSelectorOperation<&CssString>,
    ) -> bool {
        self.element().is_some_and(|e| {
            e.attrs.iter().any(|a| {
                let ns_ok = match ns {
                    NamespaceConstraint::Any => true,
                    NamespaceConstraint::Specific(url) => **url == a.name.ns,
                };
                ns_ok && local_name.0 == a.name.local && operation.eval_str(&a.value)
            })
        })
    }

    fn match_non_ts_pseudo_class(
        &self,
        _pc: &NonTSPseudoClass,
        _context: &mut MatchingContext<'_, Simple>,
    ) -> bool {
        false
    }

    fn match_pseudo_element(
        &self,
        _pe: &PseudoElement,
        _context: &mut MatchingContext<'_, Simple>,
    ) -> bool {
        false
    }

    fn apply_selector_flags(&self, _flags: matching::ElementSelectorFlags) {}

    fn is_link(&self) -> bool {
        self.element()
            .is_some_and(|e| e.name.local == local_name!("link"))
    }

    fn is_html_slot_element(&self) -> bool {
        true
    }

    fn has_id(&self, id: &CssLocalName, case_sensitivity: CaseSensitivity) -> bool {
        self.element()
            .and_then(Element::id)
            .is_some_and(|own| case_sensitivity.eq(id.0.as_bytes(), own.as_bytes()))
    }

    fn has_class(&self, name: &CssLocalName, case_sensitivity: CaseSensitivity) -> bool {
        self.element().is_some_and(|e| {
            e.attrs
                .iter()
                .filter(|a| &*a.name.local == "class")
                .flat_map(|a| a.value.split_ascii_whitespace())
                .any(|c| case_sensitivity.eq(c.as_bytes(), name.0.as_bytes()))
        })
    }

    fn has_custom_state(&self, _name: &CssLocalName) -> bool {
        false
    }

    fn imported_part(&self, _name: &CssLocalName) -> Option<CssLocalName> {
        None
    }

    fn is_part(&self, _name: &CssLocalName) -> bool {
        false
    }

    fn is_empty(&self) -> bool {
        !self
            .arena
            .children(self.id)
            .any(|c| matches!(self.arena.data(c), Some(Data::Element(_) | Data::Text(_))))
    }

    fn is_root(&self) -> bool {
        self.arena
            .parent(self.id)
            .is_some_and(|p| matches!(self.arena.data(p), Some(Data::Document)))
    }

    fn add_element_unique_hashes(&self, _filter: &mut BloomFilter) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn names(arena: &Arena, root: NodeId) -> Vec<String> {
        let mut out = Vec::new();
        arena.traverse(root, |edge| {
            if let Edge::Open(id) = edge {
                match arena.data(id) {
                    Some(Data::Element(e)) => out.push(e.name().to_owned()),
                    Some(Data::Text(t)) => out.push(format!("'{t}'")),
                    _ => {}
                }
            }
            true
        });
        out
    }

    #[test]
    fn builds_the_tree_html5ever_describes() {
        // Foster parenting (text in a table goes before it) and the adoption
        // agency (misnested formatting) move nodes after they are made.
        let arena = Arena::parse("<table>x<tr><td>a</td></tr></table><p><b>1<i>2</b>3</i></p>");
        assert_eq!(
            names(&arena, DOCUMENT),
            [
                "html", "head", "body", "'x'", "table", "tbody", "tr", "td", "'a'", "p", "b",
                "'1'", "i", "'2'", "i", "'3'"
            ]
        );
    }

    #[test]
    fn selects_like_css() {
        let arena = Arena::parse(
            r#"<div id="main"><p class="a b">one</p><p class="b">two</p><span rel="author">x</span></div>"#,
        );
        let select = |css: &str| {
            let list = crate::rules::parse_selector(css).unwrap();
            arena
                .select(&list)
                .map(|id| arena.texts(id).collect::<String>())
                .collect::<Vec<_>>()
        };
        assert_eq!(select("#main > p.b"), ["one", "two"]);
        assert_eq!(select("p.a"), ["one"]);
        assert_eq!(select("p:first-child"), ["one"]);
        assert_eq!(select("[rel=author]"), ["x"]);
        assert_eq!(select("div p + p"), ["two"]);
        assert!(select("article").is_empty());
    }
}
