//! `cargo xtask eval aeb`: deboil over the public article-extraction benchmark
//! (`../shared/bench/article-extraction-benchmark`: 181 real pages with gold article
//! text), scored with the benchmark's own metric ([`metric`]). The path evaluated is
//! the one generic pages take: `deboil_html::parse` → `extract` → `render` → the
//! `generic` cleaner; the prediction is the record's body joined by newlines. Also
//! scored, to show what each stage adds: the whole page's text, and the extractor
//! without the cleaner. Speed is single-threaded, pages already in memory (no gunzip,
//! no file IO). Per-page scores and predictions go to `target/eval/aeb.json`.

pub mod metric;
pub mod text;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::{json, Value};

use metric::{score_page, PageScore};

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
pub fn aeb(root: &Path) -> Result<()> {
    if cfg!(debug_assertions) {
        return crate::run_checked(
            crate::cargo().args([
                "run",
                "--release",
                "--quiet",
                "--package",
                "xtask",
                "--",
                "eval",
                "aeb",
            ]),
            "the release build of `xtask eval aeb`",
        );
    }
    let bench = root.join("../shared/bench/article-extraction-benchmark");
    let pages = load(&bench)?;
    let cleaners = deboil::Cleaners::bundled()?;
    let generic = cleaners.require(deboil::registry::GENERIC)?;

    let mut elapsed = Duration::ZERO;
    let mut bytes = 0usize;
    let (mut whole, mut extracted, mut cleaned) = (Vec::new(), Vec::new(), Vec::new());
    let mut rows = Vec::new();
    let mut unsure = 0;
    for page in &pages {
        let started = Instant::now();
        let parsed = deboil_html::parse(&page.html, None);
        let extraction = deboil_html::extract(&parsed);
        let text = deboil_html::render(&parsed, &extraction.kept);
        let record = generic.clean(&page.id, &text).record;
        let prediction = record.body.join("\n");
        elapsed += started.elapsed();
        bytes += page.html.len();
        unsure += usize::from(!extraction.confident);

        whole.push(score_page(
            &page.gold,
            &deboil_html::render(&parsed, &deboil_html::all_blocks(&parsed)),
        ));
        extracted.push(score_page(&page.gold, &text));
        let score = score_page(&page.gold, &prediction);
        cleaned.push(score);
        rows.push(json!({
            "id": page.id, "url": page.url,
            "precision": score.precision(), "recall": score.recall(), "f1": f1(&score),
            "confident": extraction.confident,
            "prediction": prediction,
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
        ("extract + generic cleaner", &cleaned),
    ] {
        let s = metric::corpus(scores);
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} |",
            s.precision, s.recall, s.f1, s.accuracy
        );
    }
    let secs = elapsed.as_secs_f64();
    println!(
        "\nspeed, one thread (parse + extract + clean): {:.0} pages/s, {:.1} MB/s ({:.2} s); not confident on {unsure} pages",
        n as f64 / secs,
        bytes as f64 / 1e6 / secs,
        secs
    );
    let out = crate::target_dir().join("eval");
    fs::create_dir_all(&out)?;
    let mut sorted = rows;
    sorted.sort_by(|a, b| {
        a["f1"]
            .as_f64()
            .partial_cmp(&b["f1"].as_f64())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    fs::write(out.join("aeb.json"), serde_json::to_string_pretty(&sorted)?)?;
    println!(
        "per-page scores, worst first: {}",
        out.join("aeb.json").display()
    );
    Ok(())
}

fn f1(score: &PageScore) -> f64 {
    let (p, r) = (score.precision(), score.recall());
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}
