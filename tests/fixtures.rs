//! The fixture harness: every dump (`.txt`) and page (`.html`) under
//! `fixtures/<outlet>/` is cleaned by the folder's cleaner, and
//! - its cleaned record is snapshotted to `snapshots/<outlet>/<case>.snap` (a page's
//!   to `<case>.html.snap`, so a page and a dump may share a name) as readable text
//!   (fields, body paragraphs, each removed piece with its rule);
//! - detection from content alone must pick the folder's outlet, for every outlet
//!   that declares content signatures (and for `generic`);
//! - a sibling `<case>.expected.json` (the seeds' acceptance records) must match
//!   field by field, for every field it names; a seed's story as a page in its
//!   outlet's markup (`<case>.html`) must give the same outlet and body;
//! - the trace must account for every non-blank byte of the input (of the dump a
//!   page renders to) exactly once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use deboil::page::clean_page;
use deboil::Cleaners;
use deboil_engine::{Cleaned, Fate, Record, RuleSet};

/// The fixture globs: dumps and pages.
const FIXTURES: &str = "*/*.{txt,html}";

/// insta keeps one process-wide stack of running `glob!`s, so two at once in
/// parallel tests would charge one's snapshot failures to the other: each test
/// holds this while it globs.
static ONE_GLOB_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn glob_turn() -> std::sync::MutexGuard<'static, ()> {
    // A test that failed while holding it leaves it poisoned; the others go on.
    ONE_GLOB_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn cleaners() -> Cleaners {
    Cleaners::bundled().expect("bundled rules compile")
}

fn outlet_of(path: &Path) -> String {
    path.parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .expect("fixtures sit in fixtures/<outlet>/")
}

fn case_of(path: &Path) -> String {
    path.file_stem()
        .expect("fixture has a name")
        .to_string_lossy()
        .into_owned()
}

fn is_page(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "html")
}

/// The snapshot's name: the case, with `.html` for a page.
fn snapshot_of(path: &Path) -> String {
    if is_page(path) {
        format!("{}.html", case_of(path))
    } else {
        case_of(path)
    }
}

/// Cleans a dump, or a page (by the HTML path, with no URL: the page's own
/// canonical URL or its content must say the outlet); returns the text the trace
/// indexes into (a page's rendered dump) and the result.
fn clean_any(cleaners: &Cleaners, path: &Path, forced: Option<&RuleSet>) -> (String, Cleaned) {
    let bytes = std::fs::read(path).expect("fixture is readable");
    if is_page(path) {
        let page = clean_page(cleaners, &case_of(path), &bytes, None, None, forced);
        (page.text, page.cleaned)
    } else {
        let text = deboil::input::decode(bytes).0;
        let cleaned = cleaners.clean(&case_of(path), &text, None, forced);
        (text, cleaned)
    }
}

/// Cleans a fixture with its folder's cleaner, checking detection on the way.
fn clean_fixture(cleaners: &Cleaners, path: &Path) -> Cleaned {
    clean_fixture_with_source(cleaners, path).1
}

fn clean_fixture_with_source(cleaners: &Cleaners, path: &Path) -> (String, Cleaned) {
    let outlet = outlet_of(path);
    let rules = cleaners
        .require(&outlet)
        .expect("fixture folders are named after cleaners");
    let (_, detected) = clean_any(cleaners, path, None);
    if rules.detects_by_content() || outlet == deboil::registry::GENERIC {
        assert_eq!(
            detected.record.outlet,
            outlet,
            "{} was detected as the wrong outlet",
            path.display()
        );
    }
    clean_any(cleaners, path, Some(rules))
}

/// The snapshot text: what a reviewer reads against CLEANING.md.
fn render(record: &Record) -> String {
    let mut out = String::new();
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    out += &format!("outlet:     {}\n", record.outlet);
    out += &format!("language:   {}\n", opt(&record.language));
    out += &format!("title:      {}\n", opt(&record.title));
    out += &format!("standfirst: {}\n", opt(&record.standfirst));
    out += &format!(
        "authors:    {}\n",
        if record.authors.is_empty() {
            "(none)".into()
        } else {
            record.authors.join("; ")
        }
    );
    out += &format!("published:  {}\n", opt(&record.published));
    out += &format!(
        "page type:  {}{}\n",
        record.page_type.as_str(),
        if record.uncertain {
            " (uncertain: no clear article)"
        } else {
            ""
        }
    );
    out += &format!("\nbody ({} paragraphs):\n", record.body.len());
    for (i, para) in record.body.iter().enumerate() {
        out += &format!("[{}] {}\n", i + 1, para);
    }
    out += &format!("\nremoved ({} pieces):\n", record.removed.len());
    for piece in &record.removed {
        out += &format!("- {}\n", piece.rule);
        for line in piece.text.lines().filter(|l| !l.trim().is_empty()) {
            out += &format!("    | {}\n", line.trim_end());
        }
    }
    out
}

#[test]
fn every_fixture_matches_its_snapshot_and_outlet() {
    let cleaners = cleaners();
    let _turn = glob_turn();
    insta::glob!("../fixtures", FIXTURES, |path| {
        let cleaned = clean_fixture(&cleaners, path);
        let outlet = outlet_of(path);
        assert_eq!(
            cleaned.record.outlet,
            outlet,
            "{} was detected as the wrong outlet",
            path.display()
        );
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(format!("../snapshots/{outlet}"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.remove_snapshot_suffix();
        settings.set_input_file(path);
        settings.bind(|| insta::assert_snapshot!(snapshot_of(path), render(&cleaned.record)));
    });
}

#[test]
fn seeds_give_exactly_the_expected_fields() {
    let cleaners = cleaners();
    let _turn = glob_turn();
    let mut checked = 0;
    let mut pages = 0;
    insta::glob!("../fixtures", "*/*.expected.json", |expected_path| {
        let name = expected_path.file_name().unwrap().to_string_lossy();
        let dump = expected_path.with_file_name(name.replace(".expected.json", ".txt"));
        let expected: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(expected_path).unwrap()).unwrap();
        let record = serde_json::to_value(clean_fixture(&cleaners, &dump).record).unwrap();
        for (field, want) in &expected {
            assert_eq!(&record[field], want, "{}: field `{field}`", dump.display());
        }
        checked += 1;
        // The same story as a page in the outlet's markup: the same article.
        let page = dump.with_extension("html");
        if page.exists() {
            let from_page = serde_json::to_value(clean_fixture(&cleaners, &page).record).unwrap();
            for field in ["outlet", "body"] {
                assert_eq!(
                    from_page[field],
                    expected[field],
                    "{}: field `{field}` differs from the dump's",
                    page.display()
                );
            }
            pages += 1;
        }
    });
    if std::env::var_os("INSTA_GLOB_FILTER").is_none() {
        assert_eq!(checked, 5, "all five seeds are checked");
        assert!(pages >= 4, "a seed page for every outlet: {pages}");
    }
}

#[test]
fn every_byte_of_every_fixture_is_accounted_for() {
    let cleaners = cleaners();
    let _turn = glob_turn();
    insta::glob!("../fixtures", FIXTURES, |path| {
        let (source, cleaned) = clean_fixture_with_source(&cleaners, path);
        let mut covered = vec![false; source.len()];
        for piece in &cleaned.trace {
            for b in &mut covered[piece.span.clone()] {
                assert!(!*b, "{}: byte claimed twice", path.display());
                *b = true;
            }
        }
        for (i, c) in source.char_indices() {
            if !deboil_engine::is_space(c) {
                assert!(
                    covered[i],
                    "{}: byte {i} ({c:?}) is in no field, body or removed piece",
                    path.display()
                );
            }
        }
        // Kept pieces are exactly the body, in order.
        let kept: Vec<&str> = cleaned
            .trace
            .iter()
            .filter(|p| p.fate == Fate::Kept)
            .map(|p| &source[p.span.clone()])
            .collect();
        assert_eq!(kept, cleaned.record.body, "{}", path.display());
    });
}
