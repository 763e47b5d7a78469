//! The detector's one literal scan serves detection and every covered set's rule
//! prefilter (`Detector::with_rules`). These tests hold it to the slow path: on
//! every fixture dump, the set it detects and the record and trace each set gives
//! from the shared scan are those of detection alone and of the set's own scan.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use deboil_engine::{Detector, Document, RuleSet};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled outlets' rule sets (sorted by name) and `generic`, read from disk.
fn bundled() -> (Vec<RuleSet>, RuleSet) {
    let mut names: Vec<String> = std::fs::read_dir(root().join("crates/outlets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let load = |name: &str| {
        let path = root().join("crates/outlets").join(name).join("rules.toml");
        RuleSet::from_toml(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let outlets: Vec<RuleSet> = names
        .iter()
        .filter(|n| *n != "generic")
        .map(|n| load(n))
        .collect();
    (outlets, load("generic"))
}

/// Every `.txt` dump under `fixtures/`.
fn dumps() -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut stack = vec![root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                found.push((path, text));
            }
        }
    }
    found
}

#[test]
fn one_scan_detects_and_cleans_as_two_scans_do() {
    let (outlets, generic) = bundled();
    assert!(outlets.len() >= 4);
    let shared = Detector::with_rules(&outlets, &[&generic]);
    let alone = Detector::new(&outlets);
    let dumps = dumps();
    assert!(dumps.len() > 30, "{} fixture dumps", dumps.len());
    let sets: Vec<&RuleSet> = outlets.iter().chain([&generic]).collect();
    let mut detected = 0;
    for (path, text) in &dumps {
        let doc = Document::parse(text);
        let scan = shared.scan(&doc);
        let best = shared.best_scanned(&outlets, &doc, &scan).map(|s| &s.name);
        assert_eq!(
            best,
            alone.best(&outlets, &doc).map(|s| &s.name),
            "{path:?}"
        );
        detected += usize::from(best.is_some());
        for (index, set) in sets.iter().enumerate() {
            let fast = shared.clean(set, Some(index), "id", &doc, scan.clone());
            let slow = set.clean_document("id", &doc);
            assert_eq!(fast.record, slow.record, "{path:?} with {}", set.name);
            assert_eq!(fast.trace, slow.trace, "{path:?} with {}", set.name);
        }
    }
    assert!(detected > 10, "{detected} dumps detected");
}

#[test]
fn a_set_the_scan_was_not_built_for_scans_for_itself() {
    let (outlets, generic) = bundled();
    let shared = Detector::with_rules(&outlets, &[&generic]);
    let other = RuleSet::from_toml(
        "name = \"other\"\n[[rules]]\nid = \"menu\"\nkind = \"drop\"\nwhy = \"menu\"\nmatch.exact = [\"Menu\"]\n",
    )
    .unwrap();
    let doc = Document::parse("Menu\n\nThe story, told in one sentence of running text.");
    // Given the index of a set with another rule count, it falls back.
    let cleaned = shared.clean(&other, Some(0), "id", &doc, shared.scan(&doc));
    assert_eq!(cleaned.record, other.clean_document("id", &doc).record);
    assert_eq!(cleaned.record.removed.len(), 1);
    // So does one with as many rules as the set at that index (the scan's bits
    // there are that set's rules', not these).
    let count = outlets[0].rules().len();
    let mut text = String::from("name = \"same-count\"\n");
    for i in 0..count {
        let literal = if i == 0 {
            "Menu".to_owned()
        } else {
            format!("Unused{i}")
        };
        text += &format!(
            "[[rules]]\nid = \"r{i}\"\nkind = \"drop\"\nwhy = \"r\"\nmatch.exact = [\"{literal}\"]\n"
        );
    }
    let same_count = RuleSet::from_toml(&text).unwrap();
    assert_eq!(same_count.rules().len(), count);
    let cleaned = shared.clean(&same_count, Some(0), "id", &doc, shared.scan(&doc));
    assert_eq!(cleaned.record, same_count.clean_document("id", &doc).record);
    assert_eq!(cleaned.record.removed.len(), 1);
}
