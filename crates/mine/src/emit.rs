//! Writing mined rules as a rules file a person can review: the engine's TOML
//! format (it loads with `deboil clean --rules FILE` unchanged), each rule under a
//! comment giving its support, where it sits, example documents and a confidence.

use std::fmt::Write as _;

use deboil_engine::spec::{RuleSpec, RulesFile};

use crate::propose::{Mined, Proposal};
use crate::shorten;

/// A TOML string: a literal string when it can be one (regexes read best so),
/// else a basic string with escapes.
fn toml_string(text: &str) -> String {
    if !text.contains('\'') && !text.chars().any(char::is_control) {
        format!("'{text}'")
    } else {
        toml::Value::String(text.to_owned()).to_string()
    }
}

fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// A comment line (no line breaks can escape it).
fn comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// The rules file as data, for compiling directly (`deboil clean --learn`).
pub fn rules_file(name: &str, about: &str, domains: &[String], mined: &Mined) -> RulesFile {
    RulesFile {
        name: name.to_owned(),
        about: about.to_owned(),
        domains: domains.to_vec(),
        rules: mined.proposals.iter().map(|p| p.rule.clone()).collect(),
        ..RulesFile::default()
    }
}

/// The rules of a mined site as TOML, each under its evidence; no header (for
/// pasting into an existing rules file).
pub fn rules_toml(mined: &Mined) -> String {
    let mut out = String::new();
    for proposal in &mined.proposals {
        out.push('\n');
        write_evidence(&mut out, proposal, mined);
        write_rule(&mut out, &proposal.rule);
    }
    out
}

/// A whole rules file: header, then every proposal.
pub fn to_toml(name: &str, site: &str, domains: &[String], mined: &Mined) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Mined by `deboil mine` from {} documents of {} ({} distinct stories: near-duplicate",
        mined.documents,
        comment(site),
        mined.stories
    );
    let _ = writeln!(
        out,
        "# documents count once). A line or block is proposed when it recurs in at least {}",
        mined.threshold
    );
    out.push_str(
        "# stories (long sentence-like lines need more). Review every rule before use: remove\n\
         # what is story, and rename the ids. Rules are in review order: blocks (spans), lines\n\
         # glued to the story (spans that keep the text after them), then single lines; each\n\
         # group by confidence.\n",
    );
    let _ = writeln!(out, "name = {}", toml_string(name));
    let _ = writeln!(
        out,
        "about = {}",
        toml_string(&format!(
            "Boilerplate mined from {} documents of {site}.",
            mined.documents
        ))
    );
    let _ = writeln!(out, "domains = {}", toml_list(domains));
    out.push_str("# Shared packs to apply after these rules, e.g. [\"nav-cruft\", \"comment-prompts\"].\npacks = []\n");
    out.push_str(&rules_toml(mined));
    out
}

fn write_evidence(out: &mut String, p: &Proposal, mined: &Mined) {
    let _ = writeln!(
        out,
        "# support: {} of {} stories ({:.0}%), {} documents; {}; confidence {:.2}",
        p.stories,
        mined.stories,
        p.share * 100.0,
        p.documents,
        p.placement.as_str(),
        p.confidence
    );
    if p.glued_documents > 0 {
        let _ = writeln!(
            out,
            "# glued to the following text in {} documents",
            p.glued_documents
        );
    }
    let _ = writeln!(out, "# examples: {}", comment(&p.examples.join(", ")));
    for line in &p.lines {
        let _ = writeln!(out, "#   | {}", comment(&shorten(line, 100)));
    }
}

fn write_rule(out: &mut String, rule: &RuleSpec) {
    out.push_str("[[rules]]\n");
    let _ = writeln!(out, "id = {}", toml_string(&rule.id));
    let _ = writeln!(out, "kind = \"{}\"", rule.kind.as_str());
    let _ = writeln!(out, "why = {}", toml_string(&rule.why));
    if let Some(m) = &rule.matches {
        if !m.exact.is_empty() {
            let _ = writeln!(out, "match.exact = {}", toml_list(&m.exact));
        }
        if !m.contains.is_empty() {
            let _ = writeln!(out, "match.contains = {}", toml_list(&m.contains));
        }
        if !m.regex.is_empty() {
            let _ = writeln!(out, "match.regex = {}", toml_list(&m.regex));
        }
    }
    if !rule.end.is_empty() {
        let _ = writeln!(out, "end = {}", toml_list(&rule.end));
    }
    if let Some(n) = rule.max_lines {
        let _ = writeln!(out, "max-lines = {n}");
    }
}
