//! `cargo xtask eval aeb`: deboil over the public article-extraction benchmark
//! (`../shared/bench/article-extraction-benchmark`: 181 real pages with gold article
//! text), scored with the benchmark's own metric ([`metric`]). The path evaluated is
//! the product's own for a page, `deboil::page::clean_page` with the page's URL (as
//! `deboil clean page.html` runs it: decode, choose the outlet, parse, the generic
//! extractor, `render_article`, the `generic` cleaner); the prediction is the
//! record's body joined by newlines. Also
//! scored, to show what each stage adds: the whole page's text, and the extractor
//! without the cleaner. Speed is single-threaded, pages already in memory (no gunzip,
//! no file IO): the median of several passes after a cold one. Per-page scores and predictions go to `target/eval/aeb.json`.

pub mod metric;
pub mod text;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::{json, Value};

use metric::score_page;

/// How many timed passes the speed is the median of.
const TIMED_PASSES: usize = 7;

/// The median wall time of [`TIMED_PASSES`] runs of `pass`, in seconds.
fn median_pass_secs(mut pass: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..TIMED_PASSES)
        .map(|_| {
            let started = Instant::now();
            pass();
            started.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[TIMED_PASSES / 2]
}

struct Page {
    id: String,
    url: String,
    gold: String,
    html: String,
}

fn load(bench: &Path) -> Result<Vec<Page>> {
    let truth_path = bench.join("ground-truth.json");
    let truth: Value = serde_json::from_str(
        &fs::read_to_string(&truth_path)
            .with_context(|| format!("cannot read {}", truth_path.display()))?,
    )?;
    let truth = truth.as_object().context("ground truth is not an object")?;
    let mut pages = Vec::with_capacity(truth.len());
    for (id, entry) in truth {
        let path = bench.join("html").join(format!("{id}.html.gz"));
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(
            fs::File::open(&path).with_context(|| format!("cannot open {}", path.display()))?,
        )
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot gunzip {}", path.display()))?;
        pages.push(Page {
            id: id.clone(),
            url: entry["url"].as_str().unwrap_or_default().to_owned(),
            gold: entry["articleBody"].as_str().unwrap_or_default().to_owned(),
            html: String::from_utf8_lossy(&bytes).into_owned(),
        });
    }
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

/// Runs the evaluation (re-running itself in release when built for debug, so that
/// the speed is worth reporting).
///
/// `show`: a page id (or its start); its blocks are printed instead, each marked
/// kept (`K`) or not, and in the gold text (`G`: most of its shingles are) or not.
pub fn aeb(root: &Path, show: Option<&str>) -> Result<()> {
    if cfg!(debug_assertions) {
        return rerun_in_release("aeb", show);
    }
    let bench = root.join("../shared/bench/article-extraction-benchmark");
    let pages = load(&bench)?;
    let cleaners = deboil::Cleaners::bundled()?;
    if let Some(id) = show {
        let page = pages
            .iter()
            .find(|p| p.id.starts_with(id))
            .with_context(|| format!("no page `{id}`"))?;
        return show_page(page, &cleaners);
    }

    let mut elapsed = Duration::ZERO;
    let mut bytes = 0usize;
    let (mut whole, mut extracted, mut cleaned) = (Vec::new(), Vec::new(), Vec::new());
    let mut rows = Vec::new();
    let mut unsure = 0;
    let mut listings = 0;
    // The product's own path for a page, as `deboil clean page.html` runs it.
    let clean = |page: &Page| {
        deboil::page::clean_page(
            &cleaners,
            &page.id,
            page.html.as_bytes(),
            None,
            Some(&page.url),
            None,
        )
    };
    for page in &pages {
        // This first pass is timed as the cold one (it compiles the rules on
        // first use).
        let started = Instant::now();
        let cleaned_page = clean(page);
        elapsed += started.elapsed();
        let record = cleaned_page.cleaned.record;
        listings += usize::from(record.page_type == deboil_engine::PageType::Listing);
        let prediction = record.body.join("\n");
        let removed: Vec<Value> = record
            .removed
            .iter()
            .map(|r| json!({"rule": r.rule, "text": r.text}))
            .collect();
        bytes += page.html.len();
        // What each stage adds, untimed: the whole page, the extractor alone.
        let parsed = deboil_html::parse(&page.html, None);
        let extraction = deboil_html::extract(&parsed);
        unsure += usize::from(!extraction.confident);
        whole.push(score_page(&page.gold, &deboil_html::render_all(&parsed)));
        extracted.push(score_page(
            &page.gold,
            &deboil_html::render(&parsed, &extraction.kept),
        ));
        let score = score_page(&page.gold, &prediction);
        cleaned.push(score);
        rows.push(json!({
            "id": page.id, "url": page.url, "outlet": record.outlet,
            "precision": score.precision(), "recall": score.recall(), "f1": score.f1(),
            "confident": extraction.confident,
            "prediction": prediction,
            "removed": removed,
        }));
    }
    let n = pages.len();
    println!(
        "article-extraction-benchmark: {n} pages, {:.1} MB of HTML\n",
        bytes as f64 / 1e6
    );
    println!("| path | precision | recall | F1 | accuracy |");
    println!("|---|---:|---:|---:|---:|");
    for (name, scores) in [
        ("whole page (all blocks)", &whole),
        ("extract", &extracted),
        ("deboil (extract + generic cleaner)", &cleaned),
    ] {
        let s = metric::corpus(scores);
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} |",
            s.precision, s.recall, s.f1, s.accuracy
        );
    }
    // Steady speed: the median of a few timed passes over all pages, after the
    // cold pass above. One pass takes a fraction of a second, so a single pass
    // would mostly measure the machine's noise.
    let secs = median_pass_secs(|| {
        for page in &pages {
            std::hint::black_box(clean(page));
        }
    });
    // html5ever's tree alone (deboil's own, as the page path builds it), timed the
    // same way: the floor of the parse.
    let tree_secs = median_pass_secs(|| {
        for page in &pages {
            std::hint::black_box(deboil_html::LeanTree::parse(&page.html));
        }
    });
    println!(
        "\nspeed, one thread (deboil's whole page path: decode, detect, parse, extract, clean), median of {TIMED_PASSES} passes: {:.0} pages/s, {:.1} MB/s ({:.3} s a pass; the cold first pass, which compiles the rules: {:.0} pages/s)",
        n as f64 / secs,
        bytes as f64 / 1e6 / secs,
        secs,
        n as f64 / elapsed.as_secs_f64(),
    );
    println!(
        "html5ever's tree alone: {:.0}% of that time ({:.0} pages/s at most)",
        100.0 * tree_secs / secs,
        n as f64 / tree_secs
    );
    println!("not confident on {unsure} pages; flagged as listings: {listings} (the benchmark's pages are all articles, so each one flagged is a miss)");
    write_worst_first(rows, "aeb.json")
}

/// Runs `cargo xtask eval <task>` again from a release build: the speed an
/// evaluation reports is only worth reporting from one.
fn rerun_in_release(task: &str, show: Option<&str>) -> Result<()> {
    let mut args = vec!["run", "--release", "--quiet", "--package", "xtask", "--"];
    args.extend(["eval", task]);
    if let Some(id) = show {
        args.extend(["--show", id]);
    }
    crate::run_checked(
        crate::cargo().args(&args),
        &format!("the release build of `xtask eval {task}`"),
    )
}

/// Writes per-page rows (each with an `f1`) to `target/eval/<file>`, worst first.
fn write_worst_first(mut rows: Vec<Value>, file: &str) -> Result<()> {
    let out = crate::target_dir().join("eval");
    fs::create_dir_all(&out)?;
    rows.sort_by(|a, b| {
        a["f1"]
            .as_f64()
            .partial_cmp(&b["f1"].as_f64())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    fs::write(out.join(file), serde_json::to_string_pretty(&rows)?)?;
    println!(
        "\nper-page scores, worst first: {}",
        out.join(file).display()
    );
    Ok(())
}

fn show_page(page: &Page, cleaners: &deboil::Cleaners) -> Result<()> {
    let parsed = deboil_html::parse(&page.html, None);
    let extraction = deboil_html::extract(&parsed);
    println!(
        "{} {} confident={}",
        page.id, page.url, extraction.confident
    );
    println!("{:?}", parsed.meta);
    for (i, block) in parsed.blocks.iter().enumerate() {
        let kept = extraction.kept.contains(&i);
        let score = score_page(&page.gold, &block.text);
        let in_gold = score.precision() > 0.5;
        let text: String = block.text.chars().take(90).collect();
        println!(
            "{i:4} {}{} {:?} ld={:.2} {} | {}",
            if kept { 'K' } else { '.' },
            if in_gold { 'G' } else { '.' },
            block.kind,
            block.link_density,
            block.path.rsplit('>').take(3).collect::<Vec<_>>().join("<"),
            text.replace('\n', " ")
        );
    }
    // What the evaluated path made of it: the dump it cleaned and what it removed.
    let cleaned = deboil::page::clean_page(
        cleaners,
        &page.id,
        page.html.as_bytes(),
        None,
        Some(&page.url),
        None,
    );
    let dump = crate::target_dir().join("eval/show.txt");
    fs::create_dir_all(crate::target_dir().join("eval"))?;
    fs::write(&dump, &cleaned.text)?;
    println!("the dump it cleaned: {}", dump.display());
    for removed in cleaned.cleaned.record.removed {
        let text: String = removed.text.chars().take(90).collect();
        println!("removed by {}: {}", removed.rule, text.replace('\n', " | "));
    }
    Ok(())
}
