//! The rules file format, as serde reads it. Outlets and shared packs are written in
//! it (TOML), and so is a user's `--rules FILE`; `RuleSet::compile` turns it into
//! something fast. Unknown keys are errors, so a typo fails loudly.

use serde::{Deserialize, Serialize};

/// A whole rules file: an outlet (name, domains, packs, detection, head, rules) or a
/// shared pack (name and rules only).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesFile {
    /// Outlet or pack name; prefixes every rule id (`independent/donation-appeal`).
    pub name: String,
    /// One line on what this file is for.
    #[serde(default)]
    pub about: String,
    /// Hosts whose URLs belong to this outlet (`independent.co.uk` matches subdomains).
    #[serde(default)]
    pub domains: Vec<String>,
    /// ISO 639-1 codes the outlet publishes in; narrows language detection (one
    /// code: every document is in it). `nn` (Nynorsk) is known besides whatlang's
    /// languages, and `no` is read as `nb`.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Shared packs applied after the file's own rules, in this order.
    #[serde(default)]
    pub packs: Vec<String>,
    #[serde(default)]
    pub detect: Option<DetectSpec>,
    #[serde(default)]
    pub head: Option<HeadSpec>,
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    /// Classify what the rules leave, paragraph by paragraph (the generic cleaner:
    /// an outlet nobody wrote rules for). Runs after every rule phase, in place of
    /// `[head]`.
    #[serde(default)]
    pub classify: Option<ClassifySpec>,
    /// `[html]`: where the article sits in the outlet's HTML pages.
    #[serde(default)]
    pub html: Option<HtmlSpec>,
}

/// CSS selectors for an outlet's HTML pages, carried as plain strings: the engine
/// never interprets them (the binary compiles them with deboil-html). The text
/// rules then run over what the selectors keep, so one rules file serves dumps and
/// pages alike.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HtmlSpec {
    /// The article's container(s); blocks outside them are not read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub container: Vec<String>,
    /// Elements removed before blocks are read (share bars, ads, galleries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drop: Vec<String>,
    /// Elements naming the authors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub byline: Vec<String>,
    /// Elements holding the publication date (`datetime` attribute or text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub date: Vec<String>,
}

/// The id a rule of file (or pack) `prefix` is listed under: `<prefix>/<id>`
/// (`independent/donation-appeal`; the classifier's reasons, the head and the
/// detection signatures are named the same way).
pub(crate) fn rule_id(prefix: &str, id: &str) -> String {
    format!("{prefix}/{id}")
}

impl RulesFile {
    /// Reads a rules file's text.
    pub fn from_toml(text: &str) -> Result<Self, crate::RulesError> {
        Ok(toml::from_str(text)?)
    }

    /// Every regex the file writes, each with the rule id it is compiled under
    /// (`<name>/<id>`, `<name>/head`, `<name>/detect`): what a lint over the
    /// patterns reads.
    pub fn regexes(&self) -> Vec<(String, &str)> {
        let mut regexes = Vec::new();
        for rule in &self.rules {
            let id = rule_id(&self.name, &rule.id);
            let matched = rule.matches.iter().flat_map(|m| &m.regex);
            for pattern in matched.chain(&rule.end) {
                regexes.push((id.clone(), pattern.as_str()));
            }
        }
        let head = self
            .head
            .iter()
            .flat_map(|h| &h.slots)
            .flat_map(|s| &s.pattern);
        regexes.extend(head.map(|p| (rule_id(&self.name, "head"), p.as_str())));
        let detect = self.detect.iter().flat_map(|d| &d.signatures.regex);
        regexes.extend(detect.map(|p| (rule_id(&self.name, "detect"), p.as_str())));
        regexes
    }
}

impl HtmlSpec {
    /// Whether no selector is given.
    pub fn is_empty(&self) -> bool {
        self.container.is_empty()
            && self.drop.is_empty()
            && self.byline.is_empty()
            && self.date.is_empty()
    }
}

/// The paragraph classifier's switch (`[classify]`): content or boilerplate from
/// what each line is and where it stands; title, date and byline from the lines
/// above the article. Removals read `<name>/page-furniture`, `<name>/not-prose`,
/// `<name>/outside-article`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClassifySpec {
    /// Also read the title, date and byline above the article (default true).
    #[serde(default)]
    pub head: Option<bool>,
}

/// How to recognise the outlet from a dump's content: whole-line boilerplate
/// signatures, never a bare mention of the outlet's name.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DetectSpec {
    /// Each pattern that matches some line scores one point.
    #[serde(rename = "match")]
    pub signatures: MatchSpec,
    /// Points needed to claim the document (default 1).
    #[serde(default)]
    pub min_score: Option<usize>,
}

/// Line matchers. A line matches when any listed alternative matches.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MatchSpec {
    /// The whole (trimmed) line equals one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exact: Vec<String>,
    /// The line contains one of these literals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contains: Vec<String>,
    /// The line matches one of these regexes (anchor them with `^...$` yourself).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regex: Vec<String>,
    /// The line is of a built-in kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub like: Vec<Shape>,
}

/// Built-in line classifiers for what a regex can't say well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// A short line of two or more words with no closing full stop, colon or comma.
    Headline,
    /// A standfirst: up to 400 characters, three words or more, not ending in a full stop.
    Dek,
    /// Any line.
    Any,
    /// CSS or script source rather than prose.
    Code,
}

/// What each rule does. The vocabulary is closed: a new kind is an engine change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Remove every line that `match`es.
    Drop,
    /// Remove from a line matching `start` through the line where `end` is found;
    /// text after the end marker on that line is kept (an appeal glued to a paragraph).
    Span,
    /// Remove the first matching line and everything after it.
    CutAfter,
    /// Remove the last matching line among the first `within` lines, and everything before it.
    CutBefore,
    /// Remove a prefix (`match.regex`, must match at the start) of the first line;
    /// date groups in it go to `published`.
    StripPrefix,
    /// Remove a credit line (`match`) and, with `with-previous`, the caption line
    /// before it when that is short and not a sentence.
    Caption,
    /// Remove lines that occur twice (a caption repeated verbatim, or repeated with
    /// its credit appended in parentheses).
    Repeated,
    /// Remove a marker line (`Read more`) and the teaser lines that follow it.
    Teasers,
    /// Remove closing lines at the end of the text that `match` (credit lines); a
    /// regex group `authors` sends its names to `authors`.
    Tail,
}

impl RuleKind {
    /// The kind as written in a rules file.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Drop => "drop",
            RuleKind::Span => "span",
            RuleKind::CutAfter => "cut-after",
            RuleKind::CutBefore => "cut-before",
            RuleKind::StripPrefix => "strip-prefix",
            RuleKind::Caption => "caption",
            RuleKind::Repeated => "repeated",
            RuleKind::Teasers => "teasers",
            RuleKind::Tail => "tail",
        }
    }
}

/// One rule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    /// Short kebab-case name; the output shows `<file name>/<id>`.
    pub id: String,
    pub kind: RuleKind,
    /// Why this is boilerplate, for `deboil outlets` and reviewers.
    #[serde(default)]
    pub why: String,
    /// The lines the rule acts on (the start marker for `span`, the credit for `caption`,
    /// the marker for `teasers`).
    #[serde(default, rename = "match")]
    pub matches: Option<MatchSpec>,
    /// `span` only: where the removed span ends (regexes, searched anywhere in a line).
    #[serde(default)]
    pub end: Vec<String>,
    /// `span`: how many lines the span may cover at most (default 15).
    #[serde(default)]
    pub max_lines: Option<usize>,
    /// `cut-before`: how many lines from the top to look in (default 40).
    #[serde(default)]
    pub within: Option<usize>,
    /// `caption`: also remove the caption line before the credit.
    #[serde(default)]
    pub with_previous: bool,
    /// `caption`: the credit counts only with a caption line above it (a duration
    /// under a video title; a bare time on a live page is left alone).
    #[serde(default)]
    pub require_previous: bool,
    /// `caption`: the credit always follows its caption, so the line above is taken
    /// even when it is a sentence (`An artist's view of the plume.` above
    /// `(Image: © NASA)`); still no longer than `max-chars`.
    #[serde(default)]
    pub sentence_caption: bool,
    /// `caption` (caption line) and `teasers` (each teaser): longest line taken (default 200).
    #[serde(default)]
    pub max_chars: Option<usize>,
    /// `repeated`: shortest line considered (default 25 characters).
    #[serde(default)]
    pub min_chars: Option<usize>,
}

/// The head of an article: title, standfirst, byline and date lines near the top,
/// described as slots in page order.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HeadSpec {
    /// Look for this slot first (by field) and place the others around it.
    #[serde(default)]
    pub anchor: Option<Field>,
    /// How many kept lines from the top the head may span (default 10).
    #[serde(default)]
    pub window: Option<usize>,
    /// With an anchor: rule id for kept lines above the first slot (section kickers).
    #[serde(default)]
    pub above: Option<String>,
    #[serde(default, rename = "slot")]
    pub slots: Vec<SlotSpec>,
}

/// One head slot: a line that moves into a field.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SlotSpec {
    pub field: Field,
    /// Full-line regexes (one or a list; the first that matches is read); groups
    /// `authors`, `date` or `year`/`month`/`day` fill fields.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub pattern: Vec<String>,
    /// A built-in shape instead of (or besides) a pattern.
    #[serde(default)]
    pub like: Option<Shape>,
    /// The slot may be absent.
    #[serde(default)]
    pub optional: bool,
    /// Only if the next line fills this other slot (a name line only when a date follows).
    #[serde(default)]
    pub next: Option<Field>,
    /// Only if the line before fills this other slot (a subtitle only under a title).
    #[serde(default)]
    pub prev: Option<Field>,
}

/// The record fields a head slot can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Title,
    Standfirst,
    Authors,
    Published,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Standfirst => "standfirst",
            Field::Authors => "authors",
            Field::Published => "published",
        }
    }
}

/// Reads a string or a list of strings.
fn one_or_many<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(de)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

#[cfg(test)]
mod tests {
    use crate::RuleSet;

    #[test]
    fn the_html_table_is_carried_as_written_and_checked_for_typos() {
        let rules = RuleSet::from_toml(
            "name = \"x\"\n[html]\ncontainer = [\"article .body\"]\ndrop = [\"aside\", \"figure\"]\nbyline = [\"a[rel=author]\"]\n",
        )
        .unwrap();
        assert_eq!(rules.html.container, ["article .body"]);
        assert_eq!(rules.html.drop, ["aside", "figure"]);
        assert_eq!(rules.html.byline, ["a[rel=author]"]);
        assert!(rules.html.date.is_empty());
        assert!(RuleSet::from_toml("name = \"x\"\n")
            .unwrap()
            .html
            .is_empty());
        let typo = RuleSet::from_toml("name = \"x\"\n[html]\ncontainers = [\"article\"]\n");
        assert!(typo.is_err_and(|e| e.to_string().contains("containers")));
    }
}
