//! deboil-engine: the shared rule engine behind every outlet cleaner.
//!
//! A dump becomes a [`Document`] (lines with byte offsets), a rules file becomes a
//! compiled [`RuleSet`], and [`RuleSet::clean`] turns one into a [`Record`] plus a
//! trace of where every piece of the input went. The engine knows no outlet by
//! name: outlets are rules files, and the shared packs in `packs/` are data too.

/// A regex compiled on first use and kept for the process (`None` if the pattern,
/// a constant, does not compile; the module's tests exercise every one).
macro_rules! static_regex {
    ($pattern:expr $(,)?) => {{
        static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
        RE.get_or_init(|| regex::Regex::new($pattern).ok()).as_ref()
    }};
}

mod clean;
mod document;
pub mod fields;
mod group_regex;
pub mod language;
mod letters;
pub mod packs;
mod page_parts;
mod page_type;
mod paragraphs;
mod prefilter;
mod record;
mod ruleset;
pub mod spec;
pub mod stopwords;
mod verdicts;

pub use document::{is_space, Document, Line};
pub use letters::is_unspaced_script;
pub use record::{Cleaned, Fate, PageType, Piece, Record, Removed};
pub use ruleset::{url_host, word_boundary_lints, Detector, Rule, RuleSet, RulesError, Scan};
pub use spec::{Field, HtmlSpec, RuleKind, RulesFile};
pub use stopwords::Stoplist;

/// Every bundled outlet's rules file (`crates/outlets/*/rules.toml`), as text,
/// for tests that run the engine's parts over the real rules.
#[cfg(test)]
pub(crate) fn bundled_rules() -> Vec<String> {
    let outlets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../outlets");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(outlets).expect("crates/outlets") {
        let path = dir.expect("an outlet").path().join("rules.toml");
        files.push(std::fs::read_to_string(path).expect("its rules"));
    }
    files
}

/// Every bundled outlet's rules, compiled.
#[cfg(test)]
pub(crate) fn bundled_sets() -> Vec<RuleSet> {
    bundled_rules()
        .iter()
        .map(|rules| RuleSet::from_toml(rules).expect("bundled rules compile"))
        .collect()
}

/// Every fixture file's text (the repository's `fixtures/`, one folder per
/// outlet), as UTF-8 with anything else replaced, for tests that run the engine's
/// parts over real dumps; `only` keeps the files with that extension.
#[cfg(test)]
pub(crate) fn fixture_texts(only: Option<&str>) -> Vec<String> {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut texts = Vec::new();
    for outlet in std::fs::read_dir(fixtures).expect("fixtures/") {
        for file in
            std::fs::read_dir(outlet.expect("an outlet's folder").path()).expect("its files")
        {
            let path = file.expect("a fixture").path();
            if only.is_none_or(|ext| path.extension().is_some_and(|e| e == ext)) {
                let bytes = std::fs::read(&path).expect("a readable fixture");
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    texts
}
