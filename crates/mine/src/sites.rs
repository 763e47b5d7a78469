//! Grouping documents by site: by the URL's host when the input gives one, otherwise
//! by the lines that open and close them (a site's pages share their first and last
//! furniture lines). The same grouping then places a new document in its site, so
//! `deboil clean --learn` applies each site's learned rules to its own documents.

use std::collections::{BTreeMap, HashMap};

use deboil_engine::Document;

use crate::mask::mask;
use crate::{find, union, SourceDoc};

/// How many lines from each end of a document are read for grouping.
const EDGE_LINES: usize = 6;
/// Shortest masked edge line that links two documents (`Comments` or `Share` are on
/// too many sites' pages to say which one a document is from).
const MIN_EDGE_CHARS: usize = 16;

/// One site: its key and its documents (indexes into the input, in input order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The URL host without `www.`, or `group-N` for documents grouped by their lines,
    /// or `unsorted` for documents that share no edge line with any other.
    pub key: String,
    /// The host, when the site was known by URL.
    pub domain: Option<String>,
    pub members: Vec<usize>,
}

/// Documents grouped into sites, and what is needed to place another document.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    pub sites: Vec<Site>,
    /// Masked edge line → index of the line-grouped site it links.
    edges: HashMap<String, usize>,
    /// Host → index of its site.
    hosts: HashMap<String, usize>,
}

/// The host of a URL without `www.`, lowercased.
pub fn host_key(url: &str) -> Option<String> {
    let host = deboil_engine::url_host(url)?
        .trim_end_matches('.')
        .to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

/// The masked lines a document opens and closes with.
fn edge_keys(doc: &Document<'_>) -> Vec<String> {
    let n = doc.lines.len();
    let mut keys: Vec<String> = (0..n.min(EDGE_LINES))
        .chain(n.saturating_sub(EDGE_LINES).max(EDGE_LINES.min(n))..n)
        .map(|i| mask(doc.text(i)).key)
        .filter(|k| k.chars().count() >= MIN_EDGE_CHARS)
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Groups documents into sites, sorted by key.
pub fn group(docs: &[SourceDoc<'_>]) -> Grouping {
    let mut by_host: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut unknown = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        match doc.url.and_then(host_key) {
            Some(host) => by_host.entry(host).or_default().push(i),
            None => unknown.push(i),
        }
    }
    let mut sites: Vec<Site> = by_host
        .into_iter()
        .map(|(host, members)| Site {
            key: host.clone(),
            domain: Some(host),
            members,
        })
        .collect();

    // Documents without a URL: link those that share an edge line.
    let keys: Vec<Vec<String>> = unknown
        .iter()
        .map(|&i| edge_keys(&Document::parse(docs[i].text)))
        .collect();
    let mut parent: Vec<usize> = (0..unknown.len()).collect();
    let mut first_with: HashMap<&str, usize> = HashMap::new();
    for (u, doc_keys) in keys.iter().enumerate() {
        for key in doc_keys {
            match first_with.get(key.as_str()) {
                Some(&other) => union(&mut parent, u, other),
                None => {
                    first_with.insert(key, u);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for u in 0..unknown.len() {
        let root = find(&mut parent, u);
        groups.entry(root).or_default().push(u);
    }
    let mut edges = HashMap::new();
    let mut unsorted = Vec::new();
    let mut n = 0;
    for members in groups.into_values() {
        if members.len() < 2 {
            unsorted.extend(members.iter().map(|&u| unknown[u]));
            continue;
        }
        n += 1;
        let site = sites.len();
        for &u in &members {
            for key in &keys[u] {
                edges.insert(key.clone(), site);
            }
        }
        sites.push(Site {
            key: format!("group-{n}"),
            domain: None,
            members: members.iter().map(|&u| unknown[u]).collect(),
        });
    }
    if !unsorted.is_empty() {
        unsorted.sort_unstable();
        sites.push(Site {
            key: "unsorted".into(),
            domain: None,
            members: unsorted,
        });
    }
    let hosts = sites
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((s.domain.clone()?, i)))
        .collect();
    Grouping {
        sites,
        edges,
        hosts,
    }
}

impl Grouping {
    /// Every document as one site called `key` (the user said which site it is).
    pub fn one_site(key: &str, docs: &[SourceDoc<'_>]) -> Grouping {
        let mut hosts: Vec<String> = docs
            .iter()
            .filter_map(|d| d.url.and_then(host_key))
            .collect();
        hosts.sort();
        hosts.dedup();
        Grouping {
            sites: vec![Site {
                key: key.to_owned(),
                domain: (hosts.len() == 1).then(|| hosts.remove(0)),
                members: (0..docs.len()).collect(),
            }],
            edges: HashMap::new(),
            hosts: HashMap::new(),
        }
    }

    /// The key of the site a (new) document belongs to: its URL's host, or the
    /// line-grouped site whose edge lines it shares most.
    pub fn site_of(&self, url: Option<&str>, doc: &Document<'_>) -> Option<&str> {
        if let Some(host) = url.and_then(host_key) {
            return self.hosts.get(&host).map(|&i| self.sites[i].key.as_str());
        }
        if self.edges.is_empty() {
            return None;
        }
        let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
        for key in edge_keys(doc) {
            if let Some(&site) = self.edges.get(&key) {
                *votes.entry(site).or_default() += 1;
            }
        }
        let best = votes
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
        Some(self.sites[best.0].key.as_str())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn doc<'a>(id: &'a str, url: Option<&'a str>, text: &'a str) -> SourceDoc<'a> {
        SourceDoc { id, url, text }
    }

    #[test]
    fn hosts_lose_www_and_case() {
        assert_eq!(
            host_key("https://WWW.Example.com:8080/a?b").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            host_key("news.example.org").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(host_key("not a url"), None);
    }

    #[test]
    fn documents_without_urls_group_by_their_edge_lines() {
        let a = "Sign in to the Morning Ledger\nStory one starts here and goes on.\nShare this story with your friends";
        let b = "Sign in to the Morning Ledger\nAnother story, another day.\nShare this story with your friends";
        let c = "Welcome to the Evening Post site\nA third story.\nFollow the Evening Post on social media";
        let d = "Welcome to the Evening Post site\nA fourth story.\nFollow the Evening Post on social media";
        let e = "A lone page with nothing shared at all\nJust text.";
        let docs = [
            doc("a", None, a),
            doc("c", None, c),
            doc("b", None, b),
            doc("u", Some("https://www.dw.com/x"), a),
            doc("d", None, d),
            doc("e", None, e),
        ];
        let g = group(&docs);
        let summary: Vec<(&str, &[usize])> = g
            .sites
            .iter()
            .map(|s| (s.key.as_str(), s.members.as_slice()))
            .collect();
        assert_eq!(
            summary,
            [
                ("dw.com", &[3][..]),
                ("group-1", &[0, 2]),
                ("group-2", &[1, 4]),
                ("unsorted", &[5])
            ]
        );
        assert_eq!(g.site_of(None, &Document::parse(b)), Some("group-1"));
        assert_eq!(g.site_of(None, &Document::parse(d)), Some("group-2"));
        assert_eq!(g.site_of(None, &Document::parse(e)), None);
        assert_eq!(
            g.site_of(Some("http://dw.com/y"), &Document::parse(e)),
            Some("dw.com")
        );
    }
}
