//! `cargo xtask new-outlet NAME --domain DOMAIN [--from PATH...]`: scaffold a whole
//! outlet (crate, rules file, registration, fixtures, first snapshots) so that
//! `cargo test` passes and `deboil outlets` lists it right away.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

pub struct Request {
    pub name: String,
    pub domain: String,
    pub from: Vec<PathBuf>,
}

pub fn parse(args: &[String]) -> Result<Request> {
    let mut name = None;
    let mut domain = None;
    let mut from = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--domain" => domain = it.next().cloned(),
            "--from" => from.push(PathBuf::from(it.next().context("--from needs a path")?)),
            flag if flag.starts_with('-') => bail!("unknown flag `{flag}`"),
            value if name.is_none() => name = Some(value.to_owned()),
            value => from.push(PathBuf::from(value)),
        }
    }
    Ok(Request {
        name: name
            .context("usage: cargo xtask new-outlet NAME --domain DOMAIN [--from PATH...]")?,
        domain: domain.context("--domain DOMAIN is required (e.g. --domain example.com)")?,
        from,
    })
}

fn check_name(root: &Path, name: &str) -> Result<()> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !valid {
        bail!("`{name}` is not a valid outlet name: use lowercase ASCII letters and digits, starting with a letter (e.g. `guardian`, `nrk`)");
    }
    if root.join("crates/outlets").join(name).exists() {
        bail!("outlet `{name}` exists already (crates/outlets/{name})");
    }
    Ok(())
}

pub fn run(root: &Path, req: &Request) -> Result<()> {
    check_name(root, &req.name)?;
    if req.domain.contains('/') || !req.domain.contains('.') {
        bail!(
            "`{}` is not a domain; give a host such as `example.com`",
            req.domain
        );
    }
    for path in &req.from {
        if !path.is_file() {
            bail!("--from {}: no such file", path.display());
        }
    }
    let name = &req.name;
    let dir = root.join("crates/outlets").join(name);
    fs::create_dir_all(dir.join("src"))?;
    fs::write(dir.join("Cargo.toml"), crate_manifest(name))?;
    fs::write(dir.join("src/lib.rs"), crate_lib(name))?;
    let mut rules = rules_template(name, &req.domain);
    let mined = mined_rules(&req.from)?;
    if let Some(found) = &mined {
        rules.push_str(found);
    }
    fs::write(dir.join("rules.toml"), rules)?;
    register_in_manifest(root, name)?;
    register_in_registry(root, name)?;

    let fixtures = root.join("fixtures").join(name);
    fs::create_dir_all(&fixtures)?;
    if req.from.is_empty() {
        fs::write(fixtures.join("placeholder.txt"), PLACEHOLDER)?;
    }
    for path in &req.from {
        let stem = path.file_stem().map_or("sample".into(), |s| {
            s.to_string_lossy().to_lowercase().replace(['_', ' '], "-")
        });
        fs::copy(path, fixtures.join(format!("{stem}.txt")))
            .with_context(|| format!("copying {}", path.display()))?;
    }

    // First snapshots of the new fixtures, so that `cargo test` passes; they are
    // the starting point of the review, not its end.
    crate::run_checked(
        crate::cargo()
            .args(["test", "--quiet", "--test", "fixtures"])
            .env("INSTA_UPDATE", "always")
            .env("INSTA_GLOB_FILTER", format!("{name}/**")),
        "the new outlet's fixture tests",
    )?;

    if mined.is_none() && !req.from.is_empty() {
        println!("(mining the samples found nothing that recurs; give three or more --from dumps to prefill rules)");
    }
    println!(
        "created outlet `{name}` ({domain})

  crates/outlets/{name}/rules.toml   its rules (every rule kind is shown, commented out; rules
                                     mined from the samples at the end, to review)
  crates/outlets/{name}/src/lib.rs   embeds the rules; no code needed
  fixtures/{name}/                   sample dumps; snapshots/{name}/ holds their first snapshots
  registered in Cargo.toml and src/registry.rs

next steps:
  1. cargo run -- explain fixtures/{name}/*.txt --outlet {name}    see what the shared packs already remove
  2. write rules in crates/outlets/{name}/rules.toml: a [detect] block (boilerplate lines only
     this site prints), the [head] layout, and rules for the site's own furniture
  3. cargo xtask review {name}     read every snapshot against ../shared/CLEANING.md, accept or reject
  4. cargo test && cargo xtask tidy",
        domain = req.domain
    );
    Ok(())
}

/// Rules mined from the sample dumps (`deboil mine`'s miner, all samples as one
/// site), as TOML to append to the new rules file; `None` when the samples show
/// nothing that recurs (mining needs three or more).
fn mined_rules(from: &[PathBuf]) -> Result<Option<String>> {
    let texts: Vec<(String, String)> = from
        .iter()
        .map(|path| {
            let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            let id = path
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            Ok((id, deboil::input::decode(bytes).0))
        })
        .collect::<Result<_>>()?;
    let docs: Vec<deboil_mine::SourceDoc<'_>> = texts
        .iter()
        .map(|(id, text)| deboil_mine::SourceDoc {
            id,
            url: None,
            text,
        })
        .collect();
    let members: Vec<usize> = (0..docs.len()).collect();
    let mined = deboil_mine::mine(&docs, &members, &deboil_mine::Options::default());
    if mined.proposals.is_empty() {
        return Ok(None);
    }
    Ok(Some(format!(
        "\n# Mined from the {} sample dumps ({} distinct stories) by `deboil mine`: lines and\n\
         # blocks that recur across them. Review each one: delete what is story, rename the ids.\n{}",
        mined.documents,
        mined.stories,
        deboil_mine::rules_toml(&mined)
    )))
}

fn crate_manifest(name: &str) -> String {
    format!(
        r#"[package]
name = "deboil-outlet-{name}"
version.workspace = true
edition.workspace = true
license.workspace = true

[dependencies]

[dev-dependencies]
deboil-engine.workspace = true

[lints]
workspace = true
"#
    )
}

fn crate_lib(name: &str) -> String {
    format!(
        r#"//! The `{name}` cleaner for deboil: its rules file, embedded. What it removes and why
//! is in `rules.toml`; this crate holds no logic of its own.

/// Outlet name, as in the record's `outlet` field.
pub const NAME: &str = "{name}";

/// The rules file (TOML), compiled by `deboil_engine::RuleSet::from_toml`.
pub const RULES: &str = include_str!("../rules.toml");

/// The registry entry: (name, rules file).
pub const OUTLET: (&str, &str) = (NAME, RULES);

#[cfg(test)]
mod tests {{
    #[test]
    fn rules_compile_and_carry_the_crate_name() {{
        let rules = deboil_engine::RuleSet::from_toml(super::RULES).expect("rules.toml compiles");
        assert_eq!(rules.name, super::NAME);
    }}
}}
"#
    )
}

fn rules_template(name: &str, domain: &str) -> String {
    format!(
        r#"# {name} ({domain}). Describe here what a dump of this site looks like: what opens
# it, how the head is laid out, what furniture sits in and after the story.
name = "{name}"
about = "{name} ({domain})."
domains = ["{domain}"]
# languages = ["en"]  # ISO 639-1; one code settles every document's language
packs = ["nav-cruft", "comment-prompts", "media-furniture", "related-links", "donation-appeals", "crawl-artefacts"]

# Content detection: whole lines of boilerplate only this site prints (never just its
# name, which other articles may mention). Without it, the outlet is chosen by URL host
# or with --outlet.
# [detect]
# match.regex = ['^Subscribe to the {name} newsletter$']

# The head, top down. Each slot moves one line into a field.
[head]
window = 8

[[head.slot]]
field = "title"
like = "headline"
optional = true

# [[head.slot]]
# field = "standfirst"
# like = "dek"
# optional = true
# prev = "title"                # only right under a title (`next = ...` looks down)
#
# [[head.slot]]
# field = "published"
# optional = true
# pattern = '^(?P<month>[A-Z][a-z]+) (?P<day>\d{{1,2}}), (?P<year>\d{{4}})$'

# Rules. One example of every kind; ids read `{name}/<id>` in the output.
#
# [[rules]]
# id = "promo-line"
# kind = "drop"                 # remove every matching line
# why = "A promotion line."
# match.exact = ["Download our app"]
# match.contains = ["Get unlimited access"]
# match.regex = ['^Follow us on \w+$']
#
# [[rules]]
# id = "donation-appeal"
# kind = "span"                 # from a start line to an end marker; text glued after the end is kept
# why = "The appeal box."
# match.exact = ["Support our journalism"]
# end = ['Thank you for your support\.?']
# max-lines = 12
#
# [[rules]]
# id = "after-article"
# kind = "cut-after"            # the first match below some prose, and everything after it
# why = "Blocks of other stories."
# match.regex = ['^More from {name}$']
#
# [[rules]]
# id = "menu"
# kind = "cut-before"           # the last match within the first `within` lines, and all above
# why = "Site menu."
# match.exact = ["Close menu"]
# within = 40
#
# [[rules]]
# id = "stamp"
# kind = "strip-prefix"         # a prefix of the first line; date groups go to `published`
# why = "Crawler stamp."
# match.regex = ['^Published (?P<date>\d{{4}}-\d{{2}}-\d{{2}})\s*']
#
# [[rules]]
# id = "photo-credit"
# kind = "caption"              # a credit line, and with-previous the short caption line above it
# why = "Photo credits."
# with-previous = true
# match.regex = ['^Photo: .+$']
#
# [[rules]]
# id = "twice"
# kind = "repeated"             # lines printed twice (captions)
# why = "Captions shown twice."
#
# [[rules]]
# id = "see-also"
# kind = "teasers"              # a marker and the headline-like lines after it
# why = "Inline link lists."
# match.exact = ["See also"]
#
# [[rules]]
# id = "credit"
# kind = "tail"                 # closing lines; a group `authors` credits them
# why = "Agency credit."
# match.regex = ['^\((?P<authors>AP|Reuters)\)$']
#
# HTML pages of the site (`.html`, JSON Lines `html`, WARC responses): CSS selectors
# deciding which blocks are read; the rendered blocks are then cleaned by the rules
# above, as a dump. Without [html] the generic extractor picks the article.
# [html]
# container = ["main article"]          # the article's element(s), in page order
# drop = ["aside", ".share-bar", "figure"]  # removed first (ads, share bars, galleries)
# byline = ["article [rel=author]"]     # author names, when the text has no byline
# date = ["article time[datetime]"]     # `datetime` attribute, else the element's text
"#
    )
}

const PLACEHOLDER: &str = "A placeholder headline for the new outlet\n\nReplace this file with real dumps of the site: each fixture is snapshot-tested.\n";

/// Adds the crate to `[workspace.dependencies]` and `[dependencies]`, in name order.
fn register_in_manifest(root: &Path, name: &str) -> Result<()> {
    let path = root.join("Cargo.toml");
    let text = fs::read_to_string(&path)?;
    let workspace_line = format!("deboil-outlet-{name} = {{ path = \"crates/outlets/{name}\" }}");
    let dependency_line = format!("deboil-outlet-{name}.workspace = true");
    let text = insert_sorted(&text, "deboil-outlet-", " = { path", &workspace_line)?;
    let text = insert_sorted(
        &text,
        "deboil-outlet-",
        ".workspace = true",
        &dependency_line,
    )?;
    fs::write(&path, text)?;
    Ok(())
}

/// Adds the outlet to `registry::BUNDLED`, in name order.
fn register_in_registry(root: &Path, name: &str) -> Result<()> {
    let path = root.join("src/registry.rs");
    let text = fs::read_to_string(&path)?;
    let line = format!("    deboil_outlet_{name}::OUTLET,");
    let text = insert_sorted(&text, "    deboil_outlet_", "::OUTLET,", &line)?;
    fs::write(&path, text)?;
    Ok(())
}

/// Inserts `line` among the run of lines that start with `prefix` and contain
/// `marker`, keeping that run sorted.
fn insert_sorted(text: &str, prefix: &str, marker: &str, line: &str) -> Result<String> {
    let mut lines: Vec<&str> = text.lines().collect();
    let run: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with(prefix) && l.contains(marker))
        .map(|(i, _)| i)
        .collect();
    let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
        bail!("found no `{prefix}…{marker}` lines to register the outlet beside");
    };
    let at = run
        .iter()
        .copied()
        .find(|&i| lines[i] > line)
        .unwrap_or(last + 1);
    debug_assert!(at >= first);
    lines.insert(at, line);
    Ok(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_keep_the_run_sorted() {
        let text = "a\n    (deboil_outlet_dw::NAME, x),\n    (deboil_outlet_ntb::NAME, y),\nz\n";
        let out = insert_sorted(
            text,
            "    (deboil_outlet_",
            "::NAME",
            "    (deboil_outlet_guardian::NAME, g),",
        )
        .unwrap();
        assert_eq!(out, "a\n    (deboil_outlet_dw::NAME, x),\n    (deboil_outlet_guardian::NAME, g),\n    (deboil_outlet_ntb::NAME, y),\nz\n");
        let out = insert_sorted(
            text,
            "    (deboil_outlet_",
            "::NAME",
            "    (deboil_outlet_zeit::NAME, g),",
        )
        .unwrap();
        assert!(out.contains("ntb::NAME, y),\n    (deboil_outlet_zeit"));
    }

    #[test]
    fn sample_dumps_prefill_the_rules_with_what_recurs() {
        let dir = std::env::temp_dir().join(format!("deboil-new-outlet-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let stories = [
            "Ferry fares rise again\nThe operator said fuel costs had doubled since spring.",
            "Library hours cut\nThe council blamed a shortfall in its budget for the year.",
            "Harbour wall repaired\nEngineers finished the work a week ahead of schedule.",
            "New bakery opens\nQueues formed on the quay before the doors opened at seven.",
        ];
        let paths: Vec<PathBuf> = stories
            .iter()
            .enumerate()
            .map(|(i, story)| {
                let path = dir.join(format!("sample-{i}.txt"));
                let text = format!(
                    "Subscribe to the Harbour Gazette newsletter\n{story}\nShare this article on social media"
                );
                fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let mined = mined_rules(&paths)
            .unwrap()
            .expect("the samples share furniture");
        let _ = fs::remove_dir_all(&dir);
        assert!(mined.contains("Subscribe to the Harbour Gazette newsletter"));
        assert!(mined.contains("Share this article on social media"));
        assert!(!mined.contains("fuel costs"));
        let rules = deboil_engine::RuleSet::from_toml(
            &(rules_template("harbour", "harbour.example") + &mined),
        )
        .expect("the prefilled rules file compiles");
        assert!(rules.rules().iter().any(|r| r.id.starts_with("harbour/")));
        assert_eq!(mined_rules(&paths[..0]).unwrap(), None);
    }

    #[test]
    fn names_are_checked() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        assert!(check_name(&root, "Example").is_err());
        assert!(check_name(&root, "my-site").is_err());
        assert!(check_name(&root, "dw")
            .unwrap_err()
            .to_string()
            .contains("exists already"));
        assert!(check_name(&root, "zzscratch").is_ok());
    }
}
