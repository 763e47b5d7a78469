//! Real outlet pages we may not republish (trafilatura's test pages of the
//! Independent and DW, older and newer layouts, and a Norwegian press room), read
//! from `../shared/bench/outlets` and held to the spot checks trafilatura's own
//! evaluation data gives for them: segments that must be in the article, segments
//! that must not be in its body, and the title, author and date; and the language
//! each page declares.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use deboil::page::clean_page;
use deboil::Cleaners;
use serde_json::Value;

#[test]
fn real_outlet_pages_pass_trafilaturas_spot_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/outlets");
    let gold: serde_json::Map<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("trafilatura-evaldata-subset.json"))
            .expect("../shared/bench/outlets is beside the project"),
    )
    .unwrap();
    let cleaners = Cleaners::bundled().unwrap();
    let mut failures = Vec::new();
    for (key, entry) in &gold {
        let file = entry["file"].as_str().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let url = key.starts_with("http").then_some(key.as_str());
        let record = clean_page(&cleaners, file, &bytes, None, url, None)
            .cleaned
            .record;
        // The record keeps a page's no-break spaces (as CLEANING.md's seeds do); the
        // spot checks are written with plain ones.
        let plain = |text: &str| text.replace('\u{a0}', " ");
        let body = plain(&record.body.join("\n"));
        let article = plain(
            &[
                record.title.clone().unwrap_or_default(),
                record.standfirst.clone().unwrap_or_default(),
                body.clone(),
            ]
            .join("\n"),
        );
        let strings = |field: &str| -> Vec<&str> {
            entry[field]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default()
        };
        for segment in strings("with") {
            if !article.contains(segment) {
                failures.push(format!("{file}: `{segment}` is missing"));
            }
        }
        for segment in strings("without") {
            if body.contains(segment) {
                failures.push(format!("{file}: `{segment}` is in the body"));
            }
        }
        // Each page declares its language truly (`<html lang>`: `fr`, `en`, and
        // `no` for the Norwegian page, whose text says which Norwegian: Bokmål,
        // though whatlang's trigrams alone read it as Danish).
        let expected = String::from_utf8_lossy(&bytes)
            .split_once(" lang=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(lang, _)| if lang == "no" { "nb" } else { lang }.to_owned());
        if record.language != expected {
            failures.push(format!(
                "{file}: language {:?}, not {expected:?} as the page says",
                record.language
            ));
        }
        let given = |field: &str| entry[field].as_str().filter(|v| !v.is_empty());
        if let Some(title) = given("title") {
            if record.title.as_deref() != Some(title) {
                failures.push(format!("{file}: title {:?}, not `{title}`", record.title));
            }
        }
        if let Some(author) = given("author") {
            if !record.authors.iter().any(|a| a == author) {
                failures.push(format!(
                    "{file}: authors {:?}, not `{author}`",
                    record.authors
                ));
            }
        }
        if let Some(date) = given("date") {
            if !record
                .published
                .as_deref()
                .is_some_and(|p| p.starts_with(date))
            {
                let published = &record.published;
                failures.push(format!("{file}: published {published:?}, not `{date}`"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
