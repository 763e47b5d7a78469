//! Mining on a real outlet, and learning on the fly. `deboil mine` runs over the
//! Independent fixtures (and the Independent seeds beside the repository) without
//! the Independent cleaner; the mined rules alone, loaded with `--rules` and forced
//! with `--outlet`, must remove what the hand-written cleaner files as the donation
//! appeal, the notification prompt and the comment prompts, and remove nothing that
//! the hand-written cleaner keeps as story (body or head fields). `clean --learn`
//! must do the same on the fly, identically for any `--jobs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use deboil::Cleaners;
use deboil_engine::{Cleaned, Fate};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Independent fixtures, plus the two Independent seeds when `../shared` is there.
fn independent_dumps() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/independent"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for seed in ["000_dbe09672f8c4e104.txt", "001_89a1fb1949638869.txt"] {
        let path = root().join("../shared/seeds").join(seed);
        if path.is_file() {
            paths.push(path);
        }
    }
    paths
}

fn deboil(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_deboil"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "deboil {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The rules the hand-written cleaner uses for what mining must find.
const MUST_FIND: &[&str] = &[
    "independent/donation-appeal",
    "shared/notification-prompt",
    "shared/comment-section",
    "shared/comment-prompt",
];

/// Trimmed non-blank lines of a text.
fn lines_of(text: &str) -> Vec<&str> {
    text.lines()
        .map(|l| l.trim_matches(deboil_engine::is_space))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Byte ranges the cleaning kept or moved into a field (the story), and those it removed.
fn story_and_removed(
    cleaned: &Cleaned,
) -> (Vec<std::ops::Range<usize>>, Vec<std::ops::Range<usize>>) {
    let mut story = Vec::new();
    let mut removed = Vec::new();
    for piece in &cleaned.trace {
        match piece.fate {
            Fate::Removed(_) => removed.push(piece.span.clone()),
            _ => story.push(piece.span.clone()),
        }
    }
    (story, removed)
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[test]
fn rules_mined_from_the_independent_fixtures_clean_like_the_hand_written_cleaner() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("mined.toml");
    let dumps = independent_dumps();
    let mut args = vec!["mine", "--site", "mined", "--quiet", "-o"];
    args.push(rules.to_str().unwrap());
    args.extend(dumps.iter().map(|p| p.to_str().unwrap()));
    deboil(&args);
    let toml = std::fs::read_to_string(&rules).unwrap();
    assert!(
        !toml.to_lowercase().contains("independent/"),
        "the mined file borrows the Independent cleaner's rules"
    );

    let mut cleaners = Cleaners::bundled().unwrap();
    cleaners.load_rules_file(&rules).unwrap();
    let mined = cleaners.require("mined").unwrap().clone();
    let independent = cleaners.require("independent").unwrap().clone();

    // How many dumps print each line: furniture printed by one dump only cannot be
    // learned from recurrence (a correspondent's own appeal).
    let texts: Vec<(String, String)> = dumps
        .iter()
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let mut printed_by: HashMap<&str, usize> = HashMap::new();
    for (_, text) in &texts {
        let mut lines = lines_of(text);
        lines.sort_unstable();
        lines.dedup();
        for line in lines {
            *printed_by.entry(line).or_default() += 1;
        }
    }

    let mut found_lines = 0;
    let mut unique_furniture = Vec::new();
    for (id, text) in &texts {
        let by_hand = cleaners.clean(id, text, None, Some(&independent));
        let by_mining = cleaners.clean(id, text, None, Some(&mined));
        let (story, _) = story_and_removed(&by_hand);
        let (_, removed) = story_and_removed(&by_mining);

        // Nothing of the story is removed.
        for cut in &removed {
            for kept in &story {
                assert!(
                    !overlaps(cut, kept),
                    "{id}: mined rules removed story text {:?}",
                    &text[kept.clone()]
                );
            }
        }
        // Every paragraph the hand-written cleaner keeps is kept whole (a glued
        // appeal is split off its paragraph).
        for paragraph in &by_hand.record.body {
            assert!(
                by_mining.record.body.contains(paragraph),
                "{id}: paragraph not kept as it should be: {paragraph:?}"
            );
        }
        // The appeal, notification prompt and comment prompts are removed.
        let removed_text: Vec<&str> = removed.iter().map(|r| &text[r.clone()]).collect();
        for piece in by_hand
            .trace
            .iter()
            .filter(|p| matches!(&p.fate, Fate::Removed(rule) if MUST_FIND.contains(&&**rule)))
        {
            let piece_text = &text[piece.span.clone()];
            let taken = piece.span.clone().all(|at| {
                !text.is_char_boundary(at)
                    || text[at..].starts_with(|c: char| deboil_engine::is_space(c))
                    || removed.iter().any(|r| r.contains(&at))
            });
            if taken {
                found_lines += 1;
            } else if printed_by.get(piece_text).copied().unwrap_or(0) < 3 {
                unique_furniture.push(piece_text.to_owned());
            } else {
                panic!("{id}: mined rules missed {piece_text:?} (they removed {removed_text:?})");
            }
        }
    }
    assert!(found_lines >= 100, "only {found_lines} pieces found");
    // What is left to the hand-written rules is furniture printed by fewer than
    // three dumps (a correspondent's own appeal, one full page's comment section):
    // never the site's standard appeal, prompts or comment forum.
    for line in &unique_furniture {
        for standard in [
            "Your support helps us",
            "Your support makes all the difference",
            "Stay up to date with notifications",
            "Notifications can be managed",
            "Join our commenting forum",
            "Join thought-provoking conversations",
        ] {
            assert!(!line.contains(standard), "furniture missed: {line:?}");
        }
    }
}

#[test]
fn clean_learn_removes_a_sites_furniture_for_any_thread_count() {
    // The Independent fixtures as JSON Lines from an unknown host: no outlet claims
    // them by URL, and content detection would, so their text is given under a host
    // and the Independent cleaner is replaced by an empty one of the same name.
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("independent.toml");
    std::fs::write(&empty, "name = \"independent\"\n").unwrap();
    let input = dir.path().join("dump.jsonl");
    let mut jsonl = String::new();
    for path in independent_dumps() {
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let record = serde_json::json!({"id": id, "url": format!("https://news.example.org/{id}"), "text": text});
        jsonl.push_str(&record.to_string());
        jsonl.push('\n');
    }
    std::fs::write(&input, &jsonl).unwrap();
    let rules = empty.to_str().unwrap();
    let file = input.to_str().unwrap();
    let one = deboil(&[
        "clean", file, "--rules", rules, "--learn", "--quiet", "-j", "1",
    ]);
    let two = deboil(&[
        "clean", file, "--rules", rules, "--learn", "--quiet", "-j", "2",
    ]);
    assert_eq!(one.stdout, two.stdout, "--learn output depends on --jobs");

    let records: Vec<serde_json::Value> = String::from_utf8(one.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), independent_dumps().len());
    let learned_pieces: Vec<&str> = records
        .iter()
        .flat_map(|r| r["removed"].as_array().unwrap())
        .filter(|p| {
            p["rule"]
                .as_str()
                .unwrap()
                .starts_with("learned/news.example.org/")
        })
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    // The appeal and the notification prompt go under learned rules...
    for furniture in [
        "Your support helps us to tell the story",
        "Stay up to date with notifications from The Independent",
    ] {
        assert!(
            learned_pieces.iter().any(|p| p.contains(furniture)),
            "--learn did not remove {furniture:?}"
        );
    }
    // ...and no furniture line is left in a body (the comment forum may be taken
    // by the shared packs, which run in an earlier phase).
    for record in &records {
        for paragraph in record["body"].as_array().unwrap() {
            let paragraph = paragraph.as_str().unwrap();
            for furniture in [
                "Your support helps us",
                "Your support makes all the difference",
                "Stay up to date with notifications",
                "Join our commenting forum",
                "Join thought-provoking conversations",
            ] {
                assert!(
                    !paragraph.starts_with(furniture),
                    "{}: left in the body: {paragraph:?}",
                    record["id"]
                );
            }
        }
    }
    // Without --learn the generic cleaner leaves the appeal in.
    let plain = deboil(&["clean", file, "--rules", rules, "--quiet"]);
    assert!(String::from_utf8(plain.stdout)
        .unwrap()
        .contains("\"Your support helps us to tell the story\""));
    // Stdin is learned from the documents held back, with the same result here.
    let piped = Command::new(env!("CARGO_BIN_EXE_deboil"))
        .args(["clean", "-", "--rules", rules, "--learn", "--quiet"])
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    assert!(piped.status.success());
    let from_file = deboil(&["clean", file, "--rules", rules, "--learn", "--quiet"]);
    assert_eq!(piped.stdout, from_file.stdout);
}

/// Pages of an invented site: each a different story, each with the same appeal
/// inside the article's own markup (where no extractor can tell it from the story).
fn harbour_gazette_pages() -> Vec<(String, String)> {
    let stories = [
        (
            "Ferry timetable changes",
            "The island ferry will sail an hour earlier from Monday",
            "Commuters said the change would help those who work in the city",
            "The operator blamed rising fuel costs and a shortage of crew",
        ),
        (
            "School roof repaired",
            "Builders finished mending the primary school roof after the winter storms",
            "Teachers moved lessons into the church hall for three weeks",
            "Parents thanked the volunteers who cleared the playground",
        ),
        (
            "Lifeboat crew honoured",
            "Four members of the lifeboat crew received medals for a night rescue",
            "They pulled two fishermen from a sinking trawler off the point",
            "The coxswain said the whole village deserved the credit",
        ),
        (
            "Market square plans",
            "Councillors approved a plan to close the market square to cars",
            "Shopkeepers were split on whether trade would suffer",
            "Work on new paving and benches starts in the autumn",
        ),
        (
            "Library opening hours",
            "The town library will open on Sunday afternoons from next month",
            "Librarians hope students will use the quiet rooms before exams",
            "A reading club for older residents meets on Tuesdays",
        ),
        (
            "Harbour wall survey",
            "Engineers began a survey of the crumbling harbour wall this week",
            "Storm damage has widened cracks along its northern end",
            "A report on repair costs is expected before Christmas",
        ),
    ];
    stories
        .iter()
        .enumerate()
        .map(|(n, (title, a, b, c))| {
            let html = format!(
                r#"<html lang="en"><head><title>{title} | Harbour Gazette</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
<p>{a}, the town council confirmed on Thursday after weeks of discussion with residents.</p>
<p>The Harbour Gazette is owned by its readers: become a member of the cooperative for the price of a pint a month and keep local reporting afloat.</p>
<p>{b}, according to people who spoke to this newspaper at the weekend.</p>
<p>{c}, and further details will be published in next week's edition.</p>
</article>
<footer><p>Contact the newsroom</p></footer></body></html>"#
            );
            (format!("page-{n}"), html)
        })
        .collect()
}

#[test]
fn clean_learn_and_mine_read_html_pages_as_the_dumps_they_render_to() {
    const APPEAL: &str = "The Harbour Gazette is owned by its readers";
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("pages.jsonl");
    let mut jsonl = String::new();
    for (id, html) in harbour_gazette_pages() {
        let record = serde_json::json!({"id": id, "url": format!("https://harbourgazette.example/{id}"), "html": html});
        jsonl.push_str(&record.to_string());
        jsonl.push('\n');
    }
    std::fs::write(&input, &jsonl).unwrap();
    let file = input.to_str().unwrap();
    let records = |out: std::process::Output| -> Vec<serde_json::Value> {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let in_body = |record: &serde_json::Value| {
        record["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().contains(APPEAL))
    };

    // Without --learn the generic cleaner keeps the appeal: it reads like a story.
    let plain = records(deboil(&["clean", file, "--quiet"]));
    assert_eq!(plain.len(), 6);
    assert!(plain.iter().all(in_body), "{plain:?}");

    // With --learn it is learned from the pages and removed from each, under the
    // site's learned rules; the stories stay.
    let learned = records(deboil(&["clean", file, "--learn", "--quiet"]));
    assert_eq!(learned.len(), 6);
    for record in &learned {
        assert!(!in_body(record), "{record}");
        let removed = record["removed"].as_array().unwrap();
        assert!(
            removed.iter().any(|p| p["rule"]
                .as_str()
                .unwrap()
                .starts_with("learned/harbourgazette.example/")
                && p["text"].as_str().unwrap().contains(APPEAL)),
            "{record}"
        );
        assert_eq!(record["body"].as_array().unwrap().len(), 3, "{record}");
    }

    // `deboil mine` proposes the same rule from the pages.
    let mined = deboil(&["mine", file]);
    assert!(
        mined.status.success(),
        "{}",
        String::from_utf8_lossy(&mined.stderr)
    );
    let toml = String::from_utf8(mined.stdout).unwrap();
    assert!(toml.contains("owned by its readers"), "{toml}");
}
