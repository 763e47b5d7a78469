//! An outlet's `[html]` selectors: the article container, elements to drop, the
//! byline and date elements. The engine reads the table (`HtmlSpec`) and carries
//! the selectors as plain strings; they are compiled here once per rule set, and a
//! bad selector is an error naming it. Selectors are parsed by the `selectors`
//! crate with scraper's selector types (the tree they match is `tree.rs`'s).

use scraper::selector::{Parser, Simple};
use selectors::parser::{ParseRelative, SelectorList};

/// A parsed selector group (`a, b`).
pub(crate) type Selector = SelectorList<Simple>;

/// CSS selectors an outlet's rules file names under `[html]`; empty = not given.
/// The engine's `HtmlSpec`, the one reading of the table.
pub use deboil_engine::HtmlSpec as HtmlRules;

/// A selector that does not parse, named with the key it was under.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad CSS selector under `html.{key}`: `{selector}`: {message}")]
pub struct SelectorError {
    pub key: &'static str,
    pub selector: String,
    pub message: String,
}

/// [`HtmlRules`] with every selector parsed.
#[derive(Debug, Clone, Default)]
pub struct CompiledHtmlRules {
    pub(crate) container: Vec<Selector>,
    pub(crate) drop: Vec<Selector>,
    pub(crate) byline: Vec<Selector>,
    pub(crate) date: Vec<Selector>,
}

/// Compiling an outlet's [`HtmlRules`].
pub trait CompileSelectors {
    /// Parses every selector; the first bad one is the error.
    fn compile(&self) -> Result<CompiledHtmlRules, SelectorError>;
}

impl CompileSelectors for HtmlRules {
    fn compile(&self) -> Result<CompiledHtmlRules, SelectorError> {
        Ok(CompiledHtmlRules {
            container: compile_all("container", &self.container)?,
            drop: compile_all("drop", &self.drop)?,
            byline: compile_all("byline", &self.byline)?,
            date: compile_all("date", &self.date)?,
        })
    }
}

fn compile_all(key: &'static str, selectors: &[String]) -> Result<Vec<Selector>, SelectorError> {
    selectors
        .iter()
        .map(|s| {
            parse_selector(s).map_err(|message| SelectorError {
                key,
                selector: s.clone(),
                message,
            })
        })
        .collect()
}

/// Parses a selector group; the error as scraper words it.
pub(crate) fn parse_selector(css: &str) -> Result<Selector, String> {
    SelectorList::parse(&Parser, &mut cssparser::Parser::new(css), ParseRelative::No)
        .map_err(|err| scraper::error::SelectorErrorKind::from(err).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_selector_is_named() {
        let rules = HtmlRules {
            drop: vec!["div.share".into(), "p[".into()],
            ..HtmlRules::default()
        };
        let err = rules.compile().unwrap_err();
        assert_eq!(err.key, "drop");
        assert_eq!(err.selector, "p[");
        assert!(HtmlRules::default().compile().is_ok());
        assert!(HtmlRules::default().is_empty());
    }

    #[test]
    fn reads_from_toml_shaped_data() {
        let rules: HtmlRules =
            serde_json::from_str(r#"{"container": ["article .body"], "date": ["time"]}"#).unwrap();
        assert_eq!(rules.container, ["article .body"]);
        assert!(rules.drop.is_empty());
        assert!(serde_json::from_str::<HtmlRules>(r#"{"contianer": []}"#).is_err());
    }
}
