//! The outlet registry: every bundled cleaner, sorted by name, plus `generic`; and
//! choosing the cleaner for a document (forced, by URL host, by content).
//!
//! `cargo xtask new-outlet` edits `BUNDLED` (keep it sorted; a tidy test checks).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use deboil_engine::{word_boundary_lints, Cleaned, Detector, Document, RuleSet, RulesFile, Scan};
use deboil_html::CompiledHtmlRules;
use rayon::prelude::*;

use crate::page::compile_html_rules;

/// Every bundled outlet cleaner as (name, rules file), sorted by name, one per line.
#[rustfmt::skip]
pub const BUNDLED: &[(&str, &str)] = &[
    deboil_outlet_dw::OUTLET,
    deboil_outlet_independent::OUTLET,
    deboil_outlet_jordantimes::OUTLET,
    deboil_outlet_ntb::OUTLET,
];

/// The fallback cleaner's name.
pub const GENERIC: &str = deboil_outlet_generic::NAME;

/// All compiled cleaners: outlets in name order, then `generic`; and the `[html]`
/// selectors of those that have them, compiled once.
#[derive(Debug, Clone)]
pub struct Cleaners {
    outlets: Vec<RuleSet>,
    generic: RuleSet,
    /// Content detection over `outlets`, rebuilt whenever they change.
    detector: Detector,
    /// Rules learned from the dump (`clean --learn`), for documents of no known outlet.
    learned: Option<std::sync::Arc<crate::learn::Learned>>,
    html: BTreeMap<String, Arc<CompiledHtmlRules>>,
}

/// Compiles a rules file's text rules and its `[html]` selectors.
fn compile(file: &RulesFile) -> Result<(RuleSet, Option<Arc<CompiledHtmlRules>>)> {
    let rules = RuleSet::compile(file)?;
    let html = compile_html_rules(&rules.html)?;
    Ok((rules, html))
}

/// [`compile`] of a bundled rules file's text, naming the file in any error.
fn compile_bundled(name: &str, text: &str) -> Result<(RuleSet, Option<Arc<CompiledHtmlRules>>)> {
    RulesFile::from_toml(text)
        .map_err(anyhow::Error::from)
        .and_then(|file| compile(&file))
        .with_context(|| format!("bundled rules of `{name}`"))
}

impl Cleaners {
    /// Compiles every bundled rules file. Start-up is mostly compiling their
    /// regexes, and each file compiles on its own: they compile side by side on
    /// the current rayon pool (a run's workers, when called in it; `--jobs`
    /// holds).
    pub fn bundled() -> Result<Self> {
        let files: Vec<(&str, &str)> = BUNDLED
            .iter()
            .copied()
            .chain([(GENERIC, deboil_outlet_generic::RULES)])
            .collect();
        let compiled = files
            .into_par_iter()
            .map(|(name, text)| compile_bundled(name, text))
            .collect::<Result<Vec<_>>>()?;
        let mut html = BTreeMap::new();
        let mut outlets = Vec::with_capacity(compiled.len());
        for (rules, selectors) in compiled {
            if let Some(selectors) = selectors {
                html.insert(rules.name.clone(), selectors);
            }
            outlets.push(rules);
        }
        let generic = outlets.pop().expect("generic is the last file");
        let detector = Detector::with_rules(&outlets, &[&generic]);
        Ok(Cleaners {
            outlets,
            generic,
            html,
            detector,
            learned: None,
        })
    }

    /// Adds a user's rules file; one with the name of an existing cleaner replaces
    /// it. Returns what its regexes could write better (`word_boundary_lints`):
    /// they work as written, only slower.
    pub fn load_rules_file(&mut self, path: &Path) -> Result<Vec<String>> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read rules file {}", path.display()))?;
        let in_file = || format!("in rules file {}", path.display());
        let file = RulesFile::from_toml(&text).with_context(in_file)?;
        let lints = word_boundary_lints(&file);
        let (rules, selectors) = compile(&file).with_context(in_file)?;
        match selectors {
            Some(selectors) => self.html.insert(rules.name.clone(), selectors),
            None => self.html.remove(&rules.name),
        };
        if rules.name == GENERIC {
            self.generic = rules;
        } else {
            match self
                .outlets
                .binary_search_by(|o| o.name.as_str().cmp(&rules.name))
            {
                Ok(i) => self.outlets[i] = rules,
                Err(i) => self.outlets.insert(i, rules),
            }
        }
        self.detector = Detector::with_rules(&self.outlets, &[&self.generic]);
        Ok(lints)
    }

    /// Learns each site's boilerplate from `docs` (`clean --learn`): documents that
    /// no outlet claims are then cleaned by `generic` with their site's learned rules
    /// first. Returns the sites learned and how many rules each.
    pub fn learn(&mut self, docs: &[deboil_mine::SourceDoc<'_>]) -> Result<Vec<(String, usize)>> {
        let learned = crate::learn::Learned::learn(docs, &self.generic)
            .context("compiling the learned rules")?;
        let summary = learned.summary();
        self.learned = Some(std::sync::Arc::new(learned));
        Ok(summary)
    }

    /// The rules `--learn` learned for a document's site, when the cleaner chosen
    /// for it is `generic` (not forced): what the text path does for a document no
    /// outlet claims, offered to the page path, which chooses its cleaner itself.
    pub fn learned_for(
        &self,
        chosen: &RuleSet,
        forced: Option<&RuleSet>,
        url: Option<&str>,
        doc: &Document<'_>,
    ) -> Option<&RuleSet> {
        if forced.is_some() || chosen.name != self.generic.name {
            return None;
        }
        self.learned.as_ref()?.rules_for(url, doc)
    }

    /// Every cleaner, outlets first, `generic` last.
    pub fn all(&self) -> impl Iterator<Item = &RuleSet> {
        self.outlets.iter().chain(std::iter::once(&self.generic))
    }

    /// The cleaner with this name.
    pub fn get(&self, name: &str) -> Option<&RuleSet> {
        self.all().find(|r| r.name == name)
    }

    /// Checks a `--outlet` name, listing the known ones when it is wrong.
    pub fn require(&self, name: &str) -> Result<&RuleSet> {
        match self.get(name) {
            Some(r) => Ok(r),
            None => {
                let known: Vec<_> = self.all().map(|r| r.name.as_str()).collect();
                bail!(
                    "unknown outlet `{name}`; known outlets: {}",
                    known.join(", ")
                )
            }
        }
    }

    /// The compiled `[html]` selectors of the cleaner with this name, if it has any.
    pub fn html_rules(&self, name: &str) -> Option<&CompiledHtmlRules> {
        self.html.get(name).map(|rules| &**rules)
    }

    /// The outlet owning a URL's host (or a bare domain).
    pub fn by_url(&self, url: &str) -> Option<&RuleSet> {
        let host = deboil_engine::url_host(url)?;
        self.outlets.iter().find(|o| o.owns_host(host))
    }

    /// Chooses the cleaner: forced name, else the outlet owning the URL's host, else
    /// the outlet whose boilerplate signatures the content shows most, else generic.
    pub fn detect(&self, doc: &Document<'_>, url: Option<&str>) -> &RuleSet {
        if let Some(outlet) = url.and_then(|u| self.by_url(u)) {
            return outlet;
        }
        self.detector
            .best(&self.outlets, doc)
            .unwrap_or(&self.generic)
    }

    /// Cleans one document with the forced outlet or the detected one (see
    /// [`Cleaners::choose`]).
    pub fn clean(
        &self,
        id: &str,
        text: &str,
        url: Option<&str>,
        forced: Option<&RuleSet>,
    ) -> Cleaned {
        let doc = Document::parse(text);
        let choice = self.choose(&doc, url, forced);
        self.clean_chosen(id, &doc, choice)
    }

    /// Chooses a document's cleaner: the forced outlet, the one owning the URL's
    /// host, the one the content shows, the rules `--learn` learned for its site,
    /// or generic. When the choice comes from the content, the detector's literal
    /// scan of the lines is kept to serve the chosen set's rules (one scan, not
    /// two).
    pub fn choose<'c>(
        &'c self,
        doc: &Document<'_>,
        url: Option<&str>,
        forced: Option<&'c RuleSet>,
    ) -> Choice<'c> {
        let unscanned = |rules| Choice {
            rules,
            scanned: None,
        };
        if let Some(rules) = forced.or_else(|| url.and_then(|u| self.by_url(u))) {
            return unscanned(rules);
        }
        let scan = self.detector.scan(doc);
        if let Some(k) = self.detector.best_index(&self.outlets, doc, &scan) {
            return Choice {
                rules: &self.outlets[k],
                scanned: Some((k, scan)),
            };
        }
        if let Some(learned) = self.learned.as_ref().and_then(|l| l.rules_for(url, doc)) {
            return unscanned(learned);
        }
        // The detector covers the outlets in order, then `generic`.
        Choice {
            rules: &self.generic,
            scanned: Some((self.outlets.len(), scan)),
        }
    }

    /// Cleans a document with the cleaner chosen for it.
    pub fn clean_chosen(&self, id: &str, doc: &Document<'_>, choice: Choice<'_>) -> Cleaned {
        match choice.scanned {
            Some((k, scan)) => self.detector.clean(choice.rules, Some(k), id, doc, scan),
            None => choice.rules.clean_document(id, doc),
        }
    }
}

/// The cleaner [`Cleaners::choose`] chose for a document.
pub struct Choice<'c> {
    rules: &'c RuleSet,
    /// The chosen set's place among those the detector covers, and the scan
    /// that chose it, when the content chose it.
    scanned: Option<(usize, Scan)>,
}

impl Choice<'_> {
    /// The chosen cleaner's name.
    pub fn cleaner(&self) -> &str {
        &self.rules.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_outlets_are_sorted_and_compile() {
        let names: Vec<_> = BUNDLED.iter().map(|(n, _)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        let cleaners = Cleaners::bundled().expect("bundled rules compile");
        // Compiled side by side, kept in order: the outlets, then generic.
        let compiled: Vec<_> = cleaners.all().map(|r| r.name.as_str()).collect();
        assert_eq!(compiled, [&names[..], &[GENERIC]].concat());
        // And none writes a regex the engine's fast path gives up on.
        let generic = ("generic", deboil_outlet_generic::RULES);
        for (name, text) in BUNDLED.iter().chain([&generic]) {
            let file = RulesFile::from_toml(text).unwrap();
            assert_eq!(word_boundary_lints(&file), Vec::<String>::new(), "{name}");
        }
    }

    #[test]
    fn url_host_picks_the_outlet() {
        let cleaners = Cleaners::bundled().unwrap();
        let doc = Document::parse(
            "Some headline here\n\nA paragraph of text that says nothing about any outlet.",
        );
        assert_eq!(
            cleaners
                .detect(&doc, Some("https://www.dw.com/en/x/a-1"))
                .name,
            "dw"
        );
        assert_eq!(
            cleaners
                .detect(&doc, Some("https://www.independent.co.uk/news/a.html"))
                .name,
            "independent"
        );
        assert_eq!(
            cleaners.detect(&doc, Some("https://notdw.com/x")).name,
            "generic"
        );
        assert_eq!(
            cleaners.detect(&doc, Some("jordantimes.com")).name,
            "jordantimes"
        );
        assert_eq!(cleaners.detect(&doc, None).name, "generic");
    }

    #[test]
    fn a_jordan_times_byline_gives_its_authors_however_many() {
        let cleaners = Cleaners::bundled().unwrap();
        let fixture = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/jordantimes/crlf-line-endings.txt"),
        )
        .unwrap();
        let names = [
            "Rana Al-Husseini",
            "Mohammad Ghazal",
            "Camille Dupont-Laurent",
            "Oluwaseun Adeyemi-Bakare",
            "Maximilian von Habsburg-Lothringen",
        ];
        let byline = format!("By {}", names.join(", "));
        assert!(byline.len() > 100, "names longer than the old cap");
        let text = fixture.replace("By AFP", &byline);
        let record = cleaners
            .clean("jt", &text, Some("https://jordantimes.com/news/x"), None)
            .record;
        assert_eq!(record.outlet, "jordantimes");
        assert_eq!(record.authors, names);
        assert_eq!(record.published.as_deref(), Some("2025-04-08"));
    }

    #[test]
    fn a_mere_mention_of_an_outlet_does_not_fool_detection() {
        let cleaners = Cleaners::bundled().unwrap();
        let text = "Stoltenberg writes for The Independent\n\n\
            In a column for The Independent and in an interview with DW and the Jordan Times, \
            the NATO chief said NTB had misquoted him. Deutsche Welle, NTB and The Independent all ran the story.";
        assert_eq!(
            cleaners.detect(&Document::parse(text), None).name,
            "generic"
        );
    }
}
