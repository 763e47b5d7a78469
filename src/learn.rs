//! `deboil mine` and `deboil clean --learn`: reading a sample of a dump, mining each
//! site's recurring boilerplate with `deboil-mine`, and (for `--learn`) compiling
//! one rule set per site that the generic path applies to that site's documents.
//!
//! Memory is bounded: the sample keeps at most [`SAMPLE_PER_SITE`] documents per URL
//! host, [`SAMPLE_WITHOUT_URL`] documents without a URL, and [`SAMPLE_BYTES`] of
//! text in all. Files are read twice (a sampling pass, then the cleaning pass);
//! standard input cannot be, so there the first [`SAMPLE_STDIN`] documents are
//! held back, learned from, and then cleaned with the rest.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use deboil_engine::{Document, RuleSet};
use deboil_mine::{Grouping, Mined, Options, SourceDoc};
use rayon::prelude::*;

use crate::input::{Body, Doc, Limits, Reader};

/// Documents sampled per URL host.
pub const SAMPLE_PER_SITE: usize = 400;
/// Documents without a URL sampled in all (they are grouped by their lines).
pub const SAMPLE_WITHOUT_URL: usize = 4000;
/// Text sampled in all, in bytes.
pub const SAMPLE_BYTES: usize = 256 * 1024 * 1024;
/// Documents held back from standard input to learn from.
pub const SAMPLE_STDIN: usize = 2000;
/// Documents read at a time in the sampling pass.
const CHUNK: usize = 512;

/// A sampled document.
#[derive(Debug, Clone)]
pub struct Sampled {
    pub id: String,
    pub url: Option<String>,
    pub text: String,
}

impl Sampled {
    fn source(&self) -> SourceDoc<'_> {
        SourceDoc {
            id: &self.id,
            url: self.url.as_deref(),
            text: &self.text,
        }
    }
}

/// Collects a bounded sample of documents, per site.
#[derive(Debug, Default)]
pub struct Sampler {
    pub docs: Vec<Sampled>,
    per_host: HashMap<String, usize>,
    without_url: usize,
    bytes: usize,
}

impl Sampler {
    /// Offers a (loaded) document; it is kept if its site's share of the sample is
    /// not full.
    pub fn offer(&mut self, doc: &Doc) {
        match &doc.body {
            Body::Text(text) => self.offer_text(doc, text.clone()),
            Body::Html {
                bytes,
                http_charset,
            } => self.offer_text(
                doc,
                crate::page::generic_dump(bytes, http_charset.as_deref()),
            ),
            Body::Failed(_) | Body::File(_) | Body::Record(_) => {}
        }
    }

    /// Offers a document's text (a dump's, or the dump a page renders to).
    fn offer_text(&mut self, doc: &Doc, text: String) {
        if self.bytes + text.len() > SAMPLE_BYTES {
            return;
        }
        match doc.url.as_deref().and_then(deboil_mine::host_key) {
            Some(host) => {
                let n = self.per_host.entry(host).or_default();
                if *n >= SAMPLE_PER_SITE {
                    return;
                }
                *n += 1;
            }
            None if self.without_url >= SAMPLE_WITHOUT_URL => return,
            None => self.without_url += 1,
        }
        self.bytes += text.len();
        self.docs.push(Sampled {
            id: doc.id.clone(),
            url: doc.url.clone(),
            text,
        });
    }

    /// Reads every document of `paths` (in the workers) and samples them.
    pub fn read(paths: &[PathBuf], limits: Limits, pool: &rayon::ThreadPool) -> Sampler {
        let mut sampler = Sampler::default();
        let mut reader = Reader::new(paths, limits).peekable();
        while reader.peek().is_some() {
            let chunk: Vec<Doc> = reader.by_ref().take(CHUNK).collect();
            // Pages are rendered in the workers too: the sample holds their dumps.
            let loaded: Vec<Doc> =
                pool.install(|| chunk.into_par_iter().map(|d| rendered(d.load())).collect());
            for doc in &loaded {
                sampler.offer(doc);
            }
        }
        sampler
    }

    pub fn sources(&self) -> Vec<SourceDoc<'_>> {
        self.docs.iter().map(Sampled::source).collect()
    }
}

/// A loaded document with a page's body replaced by the dump it renders to.
fn rendered(mut doc: Doc) -> Doc {
    if let Body::Html {
        bytes,
        http_charset,
    } = &doc.body
    {
        doc.body = Body::Text(crate::page::generic_dump(bytes, http_charset.as_deref()));
    }
    doc
}

/// One mined site.
#[derive(Debug, Clone)]
pub struct MinedSite {
    pub key: String,
    pub domains: Vec<String>,
    pub documents: usize,
    pub mined: Mined,
}

/// Groups the documents into sites (or takes them all as site `one_site`) and mines
/// each site that has enough documents to show what recurs.
pub fn mine_sites(
    docs: &[SourceDoc<'_>],
    one_site: Option<&str>,
    options: &Options,
) -> (Grouping, Vec<MinedSite>) {
    let grouping = match one_site {
        Some(key) => Grouping::one_site(key, docs),
        None => deboil_mine::group(docs),
    };
    let sites = grouping
        .sites
        .par_iter()
        .filter(|site| site.members.len() >= options.min_stories)
        .map(|site| MinedSite {
            key: site.key.clone(),
            domains: site.domain.iter().cloned().collect(),
            documents: site.members.len(),
            mined: deboil_mine::mine(docs, &site.members, options),
        })
        .collect();
    (grouping, sites)
}

/// Rules learned from a dump: one compiled rule set per site, the generic cleaner's
/// own rules after the learned ones, and the grouping that places a document in its
/// site.
#[derive(Debug, Clone, Default)]
pub struct Learned {
    grouping: Grouping,
    /// Site key → (generic with the learned rules first, how many were learned).
    per_site: BTreeMap<String, (RuleSet, usize)>,
}

impl Learned {
    /// Mines `docs` and compiles, for each site with proposals, the generic cleaner
    /// with the site's rules before its own; learned rules are named
    /// `learned/<site>/<n>`.
    pub fn learn(
        docs: &[SourceDoc<'_>],
        generic: &RuleSet,
    ) -> Result<Learned, deboil_engine::RulesError> {
        let (grouping, sites) = mine_sites(docs, None, &Options::default());
        let mut per_site = BTreeMap::new();
        for site in sites {
            if site.mined.proposals.is_empty() {
                continue;
            }
            let mut file = deboil_mine::rules_file(
                &format!("learned/{}", site.key),
                "",
                &site.domains,
                &site.mined,
            );
            for (n, rule) in file.rules.iter_mut().enumerate() {
                rule.id = (n + 1).to_string();
            }
            let learned = RuleSet::compile(&file)?;
            let count = learned.rules().len();
            let mut merged = generic.clone();
            merged.prepend_rules(learned.into_rules());
            per_site.insert(site.key, (merged, count));
        }
        Ok(Learned { grouping, per_site })
    }

    /// The rule set learned for the site of this document, if any.
    pub fn rules_for(&self, url: Option<&str>, doc: &Document<'_>) -> Option<&RuleSet> {
        let site = self.grouping.site_of(url, doc)?;
        self.per_site.get(site).map(|(rules, _)| rules)
    }

    /// Sites with learned rules, and how many rules each.
    pub fn summary(&self) -> Vec<(String, usize)> {
        self.per_site
            .iter()
            .map(|(k, (_, n))| (k.clone(), *n))
            .collect()
    }
}

/// Reads up to [`SAMPLE_STDIN`] documents from a stream that cannot be read twice,
/// loaded; returns them (to be cleaned first) and the sample learned from them.
pub fn hold_back(docs: &mut impl Iterator<Item = Doc>) -> (Vec<Doc>, Sampler) {
    let mut sampler = Sampler::default();
    let held: Vec<Doc> = docs.by_ref().take(SAMPLE_STDIN).map(Doc::load).collect();
    for doc in &held {
        sampler.offer(doc);
    }
    (held, sampler)
}

/// What `deboil mine` was asked.
#[derive(Debug, Clone)]
pub struct MineRequest {
    pub paths: Vec<PathBuf>,
    pub limits: Limits,
    /// Take every document as this one site.
    pub site: Option<String>,
    /// The rules file's name (with one site).
    pub name: Option<String>,
    /// Write here: a file, or a directory for one file per site.
    pub output: Option<PathBuf>,
    pub options: Options,
}

/// One rules file `deboil mine` wrote (or prints).
#[derive(Debug, Clone)]
pub struct MinedFile {
    pub site: String,
    pub name: String,
    pub documents: usize,
    pub stories: usize,
    pub rules: usize,
    pub toml: String,
    /// Where it was written; `None` for stdout.
    pub path: Option<PathBuf>,
}

/// Runs `deboil mine`: samples the inputs, mines each site, and renders (and, with
/// an output path, writes) the rules files, largest site first. With one output
/// file or stdout, only the largest site is written; the others are listed.
pub fn mine_command(
    request: &MineRequest,
    pool: &rayon::ThreadPool,
) -> anyhow::Result<(usize, Vec<MinedFile>)> {
    use anyhow::Context;
    let sample = Sampler::read(&request.paths, request.limits, pool);
    let sources = sample.sources();
    let (_, mut sites) =
        pool.install(|| mine_sites(&sources, request.site.as_deref(), &request.options));
    sites.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.key.cmp(&b.key)));
    let to_dir = request
        .output
        .as_ref()
        .filter(|p| p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/'));
    let mut files = Vec::new();
    for (n, site) in sites.iter().enumerate() {
        let name = match (&request.name, n) {
            (Some(name), 0) => name.clone(),
            _ => deboil_mine::rules_name(&site.key),
        };
        let toml = deboil_mine::to_toml(&name, &site.key, &site.domains, &site.mined);
        let path = match (to_dir, &request.output) {
            (Some(dir), _) => Some(dir.join(format!("{name}.toml"))),
            (None, Some(file)) if n == 0 => Some(file.clone()),
            _ => None,
        };
        if let Some(path) = &path {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let mut file = crate::output::AtomicFile::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            std::io::Write::write_all(&mut file.writer(), toml.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            file.commit(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        files.push(MinedFile {
            site: site.key.clone(),
            name,
            documents: site.documents,
            stories: site.mined.stories,
            rules: site.mined.proposals.len(),
            toml,
            path,
        });
    }
    Ok((sample.docs.len(), files))
}
