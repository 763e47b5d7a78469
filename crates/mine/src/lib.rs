//! deboil-mine: learning a site's boilerplate from a dump of its pages.
//!
//! A site's furniture (appeals, prompts, menus, credits) is printed on page after
//! page, while each story's sentences are its own. So the lines, and blocks of
//! lines, that recur across many of a site's stories are its boilerplate. This crate
//! groups documents by site ([`group`]), counts what recurs with numbers, dates and
//! names masked ([`mine`]), and writes each finding as a rule of the engine's rules
//! format with its evidence ([`to_toml`], [`rules_file`]). It is pure: documents in,
//! proposals out; reading dumps and writing files is the CLI's business.

mod emit;
mod mask;
mod propose;
mod sites;

pub use emit::{rules_file, rules_toml, to_toml};
pub use propose::{mine, Found, Mined, Options, Placement, Proposal};
pub use sites::{group, host_key, Grouping, Site};

/// One input document: its id, its URL when known, and its text.
#[derive(Debug, Clone, Copy)]
pub struct SourceDoc<'a> {
    pub id: &'a str,
    pub url: Option<&'a str>,
    pub text: &'a str,
}

/// The root of `x`'s set in a union-find forest (with path halving).
fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Joins the sets of `a` and `b`; the smaller root becomes the root of both, so a
/// set's root is its first member.
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    parent[a.max(b)] = a.min(b);
}

/// The first `chars` characters of `text`, with `…` when some were left off.
fn shorten(text: &str, chars: usize) -> String {
    let mut short: String = text.chars().take(chars).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// A rules-file name made from a site key: lowercase ASCII letters, digits and `-`
/// (`www.example.co.uk` → `example-co-uk`).
pub fn rules_name(site: &str) -> String {
    let mut name = String::new();
    for c in site.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_owned();
    if name.is_empty() {
        "mined".into()
    } else {
        name
    }
}
