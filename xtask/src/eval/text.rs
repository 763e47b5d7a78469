//! `cargo xtask eval text`: the generic *text* cleaner on dumps of outlets it has
//! no rules for. Each page of the article-extraction benchmark becomes the text dump
//! a crawler would store (`deboil_html::parse`, then `render` of *all* blocks: no
//! extractor, the whole page's visible text, one block per paragraph); the dump is
//! cleaned by the bundled `generic` cleaner, and its body scored with the
//! benchmark's metric against the gold article text. Three rows: keeping the whole
//! dump, the generic cleaner's rules alone (its rules file without `[classify]`:
//! the shared packs and its own few rules), and the full generic cleaner (rules +
//! paragraph classifier).
//! Per-page scores go to `target/eval/text.json`; `--show ID` prints one page's
//! dump line by line, marked kept (`K`) and gold (`G`). `--against FILE` scores
//! another tool's output on the same dumps beside them (as `eval aeb` does).
//!
//! The classifier was tuned on these same pages, so the full cleaner is also
//! scored on two fixed halves (pages sorted by id, even index in half A, odd in
//! half B): changes are developed looking at A only, and B stays a held-out
//! check that a change generalises (issue #5's real test is held out).

use anyhow::{Context, Result};
use deboil_engine::{RuleSet, RulesFile};
use serde_json::json;

use super::metric::score_page;

/// The text dump a crawler would store of a page: its visible text, one block per
/// paragraph (no extractor).
pub(super) fn dump_of(page: &super::Page) -> String {
    deboil_html::render_all(&deboil_html::parse(&page.html, None))
}

/// Runs the evaluation (in release, re-running itself when built for debug).
pub fn text(root: &std::path::Path, options: &super::EvalOptions) -> Result<()> {
    if cfg!(debug_assertions) {
        return super::rerun_in_release(&super::eval_args("text", options));
    }
    let show = options.show.as_deref();
    let bench = root.join("../shared/bench/article-extraction-benchmark");
    let pages = super::load(&bench)?;
    let others = super::scored_against(&options.against, &pages)?;
    let cleaners = deboil::Cleaners::bundled()?;
    let generic = cleaners.require(deboil::registry::GENERIC)?;
    let packs_only = packs_only(generic)?;
    let dumps: Vec<String> = pages.iter().map(dump_of).collect();

    let (mut whole, mut packs, mut classified) = (Vec::new(), Vec::new(), Vec::new());
    let mut rows = Vec::new();
    // `load` sorts the pages by id: the index decides the half.
    for (index, (page, dump)) in pages.iter().zip(&dumps).enumerate() {
        let body = |rules: &RuleSet| rules.clean(&page.id, dump).record.body.join("\n");
        let full = generic.clean(&page.id, dump).record;
        let prediction = full.body.join("\n");
        if show.is_some_and(|id| page.id.starts_with(id)) {
            print_page(&page.gold, dump, &prediction);
            return Ok(());
        }
        whole.push(score_page(&page.gold, dump));
        packs.push(score_page(&page.gold, &body(&packs_only)));
        let score = score_page(&page.gold, &prediction);
        classified.push(score);
        rows.push(json!({
            "id": page.id, "url": page.url, "half": half_name(index),
            "precision": score.precision(), "recall": score.recall(), "f1": score.f1(),
            "removed": full.removed.iter().map(|r| json!({"rule": r.rule, "text": r.text})).collect::<Vec<_>>(),
            "f1_against": super::f1_against(&others, index),
        }));
    }
    if let Some(id) = show {
        anyhow::bail!("no benchmark page id starts with `{id}`");
    }
    println!(
        "article-extraction-benchmark as text dumps (all blocks): {} pages\n",
        pages.len()
    );
    // The text cleaner's speed, one thread, dumps in memory: the median of a few
    // passes after the one above.
    let secs = super::median_pass_secs(|| {
        for (page, dump) in pages.iter().zip(&dumps) {
            std::hint::black_box(generic.clean(&page.id, dump));
        }
    });
    let halves: Vec<(String, Vec<_>)> = ["A", "B"]
        .iter()
        .map(|half| {
            let scores: Vec<_> = classified
                .iter()
                .enumerate()
                .filter(|(i, _)| half_name(*i) == *half)
                .map(|(_, s)| *s)
                .collect();
            let name = format!(
                "generic: rules + classifier, half {half} ({} pages)",
                scores.len()
            );
            (name, scores)
        })
        .collect();
    let ours: [super::Row; 3] = [
        ("keep everything", &whole, None),
        ("generic: rules only (packs + its own)", &packs, None),
        ("generic: rules + classifier", &classified, Some(secs)),
    ];
    let halves = halves
        .iter()
        .map(|(name, scores)| (name.as_str(), scores.as_slice(), None));
    super::print_scores(
        ours.into_iter()
            .chain(halves)
            .chain(super::rows_of(&others)),
        false,
    );
    super::write_worst_first(rows, "text.json")
}

/// The half a page belongs to, by its index among the pages sorted by id: even
/// indices are half A (where changes are developed), odd ones half B (held out).
fn half_name(index: usize) -> &'static str {
    if index.is_multiple_of(2) {
        "A"
    } else {
        "B"
    }
}

/// The generic cleaner without its classifier: the same rules file, `[classify]` off.
fn packs_only(generic: &RuleSet) -> Result<RuleSet> {
    let mut file: RulesFile =
        toml::from_str(deboil_outlet_generic::RULES).context("the bundled generic rules file")?;
    file.classify = None;
    debug_assert_eq!(file.name, generic.name);
    RuleSet::compile(&file).context("the generic rules without [classify]")
}

/// One page's dump, each line marked kept (`K`: it is a body paragraph) and gold
/// (`G`: most of its shingles are in the gold text).
fn print_page(gold: &str, dump: &str, prediction: &str) {
    let kept: std::collections::HashSet<&str> = prediction.lines().collect();
    let score = score_page(gold, prediction);
    println!(
        "P {:.3} R {:.3} F1 {:.3}",
        score.precision(),
        score.recall(),
        score.f1()
    );
    for line in dump.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let own = score_page(gold, line);
        let in_gold = own.tp > 0.0 && own.tp >= own.fp;
        println!(
            "{}{} {line}",
            if kept.contains(line) { 'K' } else { '.' },
            if in_gold { 'G' } else { '.' }
        );
    }
}
