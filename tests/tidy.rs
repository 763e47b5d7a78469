//! Tidy checks, run by `cargo test` and `cargo xtask tidy`: the promises the
//! layout makes that no compiler checks.
//! - every Rust source file opens with a `//!` doc saying why it exists;
//! - every outlet crate is registered (root Cargo.toml and `registry::BUNDLED`,
//!   kept sorted) and has fixtures;
//! - every fixture (dump or page) has a snapshot and every snapshot a fixture;
//! - no test carries the ignore attribute.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, ext: &str, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n == "target" || n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            files_under(&path, ext, found);
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
}

fn rust_sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["src", "crates", "xtask", "tests"] {
        files_under(&root().join(dir), "rs", &mut files);
    }
    files
}

fn stems(dir: &Path, ext: &str) -> BTreeSet<String> {
    let mut files = Vec::new();
    files_under(dir, ext, &mut files);
    files
        .iter()
        .filter(|p| !p.to_string_lossy().ends_with(".expected.json"))
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .with_extension("")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn outlet_crates() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("crates/outlets"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_source_file_opens_with_a_module_doc() {
    let missing: Vec<_> = rust_sources()
        .into_iter()
        .filter(|p| {
            !fs::read_to_string(p)
                .unwrap()
                .trim_start()
                .starts_with("//!")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading `//!` doc: {missing:?}"
    );
}

#[test]
fn no_test_is_ignored() {
    let marker = ["#[", "ignore"].concat();
    let ignored: Vec<_> = rust_sources()
        .into_iter()
        .filter(|p| fs::read_to_string(p).unwrap().contains(&marker))
        .collect();
    assert!(ignored.is_empty(), "ignored tests in {ignored:?}");
}

#[test]
fn every_outlet_crate_is_registered_in_order_and_has_fixtures() {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let registry = fs::read_to_string(root().join("src/registry.rs")).unwrap();
    for name in outlet_crates() {
        let dep = format!("deboil-outlet-{name} = {{ path = \"crates/outlets/{name}\" }}");
        assert!(
            manifest.contains(&dep),
            "{name}: not in [workspace.dependencies]"
        );
        assert!(
            manifest.contains(&format!("deboil-outlet-{name}.workspace = true")),
            "{name}: not a dependency of deboil"
        );
        let crate_ident = format!("deboil_outlet_{name}::");
        assert!(
            registry.contains(&crate_ident),
            "{name}: not in src/registry.rs"
        );
        let fixtures = stems(&root().join("fixtures").join(&name), "txt");
        assert!(
            !fixtures.is_empty(),
            "{name}: no fixtures in fixtures/{name}/"
        );
    }
    let bundled: Vec<_> = deboil::registry::BUNDLED.iter().map(|(n, _)| *n).collect();
    let mut sorted = bundled.clone();
    sorted.sort_unstable();
    assert_eq!(bundled, sorted, "registry::BUNDLED is sorted by name");
    let mut registered: Vec<&str> = bundled.clone();
    registered.push(deboil::registry::GENERIC);
    registered.sort_unstable();
    assert_eq!(
        registered,
        outlet_crates(),
        "every outlet crate is bundled, and nothing else"
    );
}

#[test]
fn every_fixture_has_a_snapshot_and_every_snapshot_a_fixture() {
    let mut fixtures = stems(&root().join("fixtures"), "txt");
    // A page's snapshot is `<case>.html.snap`, beside a dump's `<case>.snap`.
    fixtures.extend(
        stems(&root().join("fixtures"), "html")
            .into_iter()
            .map(|stem| format!("{stem}.html")),
    );
    let snapshots = stems(&root().join("snapshots"), "snap");
    let without_snapshot: Vec<_> = fixtures.difference(&snapshots).collect();
    let without_fixture: Vec<_> = snapshots.difference(&fixtures).collect();
    assert!(
        without_snapshot.is_empty(),
        "fixtures without a snapshot: {without_snapshot:?}"
    );
    assert!(
        without_fixture.is_empty(),
        "snapshots without a fixture: {without_fixture:?}"
    );
}
