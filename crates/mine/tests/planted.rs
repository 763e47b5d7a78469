//! Mining recovers planted boilerplate: the test writes stories of its own (with
//! bylines, dates, repeated captions and duplicated stories, as real dumps have),
//! plants a site's furniture in them (head lines, an appeal block whose last line is
//! sometimes glued to the first paragraph, tail lines; with varying numbers and
//! relative times), and checks that exactly the planted lines are proposed, that no
//! story line is, and that the mined rules, compiled by the engine, remove the
//! furniture and keep every story line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use deboil_engine::RuleSet;
use deboil_mine::{mine, rules_file, to_toml, Found, Options, SourceDoc};

/// A small deterministic generator (a linear congruential generator), so the
/// documents are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

const SUBJECTS: &[&str] = &[
    "The council",
    "A local baker",
    "The harbour master",
    "Residents of the east ward",
    "The school board",
    "A fishing crew",
    "The planning committee",
    "Volunteers",
    "The mayor's office",
    "Shopkeepers on the quay",
    "The ferry operator",
    "Two nurses",
];
const VERBS: &[&str] = &[
    "approved",
    "questioned",
    "rejected",
    "celebrated",
    "postponed",
    "funded",
    "criticised",
    "welcomed",
    "reviewed",
    "announced",
    "opposed",
    "delayed",
];
const OBJECTS: &[&str] = &[
    "a new sea wall",
    "the bus timetable",
    "plans for a cinema",
    "the winter market",
    "a rise in parking fees",
    "repairs to the pier",
    "the library's opening hours",
    "a bid for lottery money",
    "the closure of a school",
    "a festival of light",
    "a cycle lane on the coast road",
    "the sale of the old fire station",
];
const DETAILS: &[&str] = &[
    "after a long meeting on Tuesday",
    "despite strong objections",
    "with a narrow majority",
    "following months of debate",
    "to the surprise of many",
    "as storms battered the coast",
    "before the summer season",
    "in a short statement",
    "after a petition was delivered",
    "while the budget remains tight",
];
const NAMES: &[&str] = &[
    "Ann Harper",
    "Tom Reilly",
    "Maya Osei",
    "Lars Berg",
    "Ines Duarte",
];
const MONTHS: &[&str] = &["January", "March", "June", "September", "November"];

fn sentence(rng: &mut Lcg) -> String {
    format!(
        "{} {} {} {}, and {} {} {}.",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(DETAILS),
        rng.pick(SUBJECTS).to_lowercase(),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
    )
}

/// One story: title, byline, date, paragraphs, a caption printed twice.
struct Story {
    title: String,
    byline: String,
    date: String,
    paragraphs: Vec<String>,
}

fn story(rng: &mut Lcg, n: usize) -> Story {
    let title = format!(
        "{} {} {} in story number {n}",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS)
    );
    let paragraphs = (0..3 + rng.next() % 5).map(|_| sentence(rng)).collect();
    Story {
        title,
        byline: format!("By {}", rng.pick(NAMES)),
        date: format!("{} {} 2024", 1 + rng.next() % 28, rng.pick(MONTHS)),
        paragraphs,
    }
}

const SKIP: &str = "Skip to main content";
const APPEAL_HEADING: &str = "Keep local journalism alive";
const APPEAL_BODY: &str = "Reporters at the Harbour Gazette sit through council meetings, court hearings and planning inquiries so that you do not have to, and we publish what we find for free.";
const APPEAL_END: &str = "If you can, chip in today. Every contribution makes a difference.";
const SHARE: &str = "Share this story";
const MASTHEAD: &str = "Harbour Gazette Online";
const COPYRIGHT: &str = "Copyright Harbour Gazette Media. All rights reserved.";
/// The planted lines printed the same on every page.
const FIXED_LINES: [&str; 7] = [
    SKIP,
    MASTHEAD,
    APPEAL_HEADING,
    APPEAL_BODY,
    APPEAL_END,
    SHARE,
    COPYRIGHT,
];

/// Whether a line is (a variant of) planted furniture.
fn is_planted(line: &str) -> bool {
    FIXED_LINES.contains(&line)
        || (line.starts_with("Reading time: ") && line.ends_with(" minutes"))
        || (line.starts_with("Updated ") && line.ends_with(" ago"))
        || (line.starts_with("There are ") && line.ends_with(" comments on this story"))
}

/// Writes `count` documents; every fourth story is printed again later (a
/// duplicate in the dump, with other furniture values).
fn dump(count: usize, seed: u64) -> Vec<(String, String, Story)> {
    let mut rng = Lcg(seed);
    let mut stories: Vec<Story> = Vec::new();
    let mut docs = Vec::new();
    let ago = [
        "an hour ago",
        "2 hours ago",
        "5 minutes ago",
        "3 days ago",
        "just now",
    ];
    for n in 0..count {
        let s = if n % 4 == 3 && !stories.is_empty() {
            let k = rng.next() % stories.len();
            let old = &stories[k];
            Story {
                title: old.title.clone(),
                byline: old.byline.clone(),
                date: old.date.clone(),
                paragraphs: old.paragraphs.clone(),
            }
        } else {
            story(&mut rng, n)
        };
        let mut lines = vec![SKIP.to_owned(), MASTHEAD.to_owned()];
        if n % 5 != 0 {
            lines.push(format!("Reading time: {} minutes", 2 + rng.next() % 8));
        }
        lines.push(s.title.clone());
        lines.push(s.byline.clone());
        lines.push(s.date.clone());
        if n % 3 != 1 {
            lines.push(format!("Updated {}", rng.pick(&ago)));
        }
        let caption = format!("{} on the quay in picture {n}", rng.pick(SUBJECTS));
        lines.push(caption.clone());
        lines.push(caption);
        let mut body = s.paragraphs.clone();
        if n % 4 != 2 {
            lines.push(APPEAL_HEADING.into());
            lines.push(APPEAL_BODY.into());
            if n % 2 == 0 {
                body[0] = format!("{APPEAL_END}{}", body[0]);
            } else {
                lines.push(APPEAL_END.into());
            }
        }
        lines.extend(body);
        lines.push(SHARE.into());
        if n % 6 != 5 {
            lines.push(format!(
                "There are {} comments on this story",
                rng.next() % 300
            ));
        }
        lines.push(COPYRIGHT.into());
        let separator = if n % 2 == 0 { "\n" } else { "\n\n" };
        docs.push((format!("doc-{n:03}"), lines.join(separator), s));
        if stories.len() < count {
            let last = &docs[docs.len() - 1].2;
            stories.push(Story {
                title: last.title.clone(),
                byline: last.byline.clone(),
                date: last.date.clone(),
                paragraphs: last.paragraphs.clone(),
            });
        }
    }
    docs
}

fn check(count: usize, seed: u64) {
    let docs = dump(count, seed);
    let sources: Vec<SourceDoc<'_>> = docs
        .iter()
        .map(|(id, text, _)| SourceDoc {
            id,
            url: None,
            text,
        })
        .collect();
    let members: Vec<usize> = (0..sources.len()).collect();
    let mined = mine(&sources, &members, &Options::default());

    // Exactly the planted lines are proposed: every proposed line is planted...
    for p in &mined.proposals {
        for line in &p.lines {
            assert!(
                is_planted(line),
                "{count} docs: proposed a story line: {line:?}"
            );
        }
    }
    // ...and every planted line is proposed.
    let proposed: Vec<&String> = mined.proposals.iter().flat_map(|p| &p.lines).collect();
    for planted in FIXED_LINES {
        assert!(
            proposed.iter().any(|l| *l == planted),
            "{count} docs: not proposed: {planted}"
        );
    }
    for prefix in ["Reading time: ", "Updated ", "There are "] {
        assert!(
            proposed.iter().any(|l| l.starts_with(prefix)),
            "{count} docs: not proposed: {prefix}…"
        );
    }
    // The appeal is found as a block, and its end as a line glued to the story.
    assert!(mined
        .proposals
        .iter()
        .any(|p| p.found == Found::Block
            && p.lines.first().map(String::as_str) == Some(APPEAL_HEADING)));
    assert!(mined
        .proposals
        .iter()
        .any(|p| p.found == Found::GluedLine && p.lines == [APPEAL_END]));

    // The rules file parses and compiles, and cleaning with it removes every
    // planted line and keeps every story line (a glued paragraph keeps its text).
    let toml = to_toml("harbour", "harbour gazette", &[], &mined);
    let from_text = RuleSet::from_toml(&toml).expect("mined TOML compiles");
    let direct =
        RuleSet::compile(&rules_file("harbour", "", &[], &mined)).expect("mined rules compile");
    assert_eq!(from_text.rules().len(), direct.rules().len());
    for (id, text, story) in &docs {
        let cleaned = from_text.clean(id, text);
        let body = &cleaned.record.body;
        for line in body {
            assert!(!is_planted(line), "{id}: planted line kept: {line:?}");
            assert!(
                !line.starts_with(APPEAL_END),
                "{id}: glued appeal kept: {line:?}"
            );
        }
        for line in [&story.title, &story.byline, &story.date]
            .into_iter()
            .chain(&story.paragraphs)
        {
            assert!(body.contains(line), "{id}: story line lost: {line:?}");
        }
    }
}

#[test]
fn a_dozen_documents() {
    check(12, 7);
}

#[test]
fn two_hundred_documents() {
    check(200, 11);
}
