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
//!
//! Other extractors (trafilatura, jusText, Readability) are scored the same way
//! from their output on the same pages (`--against FILE`), so a comparison uses
//! this metric and these gold texts, not each tool's own figures.

pub mod metric;
pub mod text;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
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

/// What `eval aeb` and `eval text` are asked for.
#[derive(Debug, Default, PartialEq)]
pub struct EvalOptions {
    /// A page id (or its start): its blocks are printed instead of the scores, each
    /// marked kept (`K`) or not, and in the gold text (`G`: most of its shingles
    /// are) or not.
    pub show: Option<String>,
    /// Other extractors' output on the same pages, scored beside deboil's: JSON
    /// Lines of `{"id", "text"}`, one per page, each file named by its stem.
    pub against: Vec<PathBuf>,
}

impl EvalOptions {
    /// Reads `[--show ID] [--against FILE...]`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = EvalOptions::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--show" => {
                    options.show = Some(args.next().context("--show needs a page id")?.clone());
                }
                "--against" => {
                    let file = args.next().context("--against needs a JSON Lines file")?;
                    options.against.push(PathBuf::from(file));
                }
                other => bail!("unknown eval option `{other}` (use --show ID or --against FILE)"),
            }
        }
        Ok(options)
    }

    /// The options again as arguments (for the release build's run).
    fn to_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if let Some(id) = &self.show {
            args.extend(["--show".to_owned(), id.clone()]);
        }
        for file in &self.against {
            args.extend(["--against".to_owned(), file.display().to_string()]);
        }
        args
    }
}

/// Another extractor's output on the benchmark's pages, in page order.
#[derive(Debug)]
struct Predictions {
    texts: Vec<String>,
    /// Its seconds over all pages, when every record gives its page's `secs`.
    secs: Option<f64>,
}

/// Reads another extractor's output: a JSON Lines file of `{"id", "text"}` (and,
/// optionally, the seconds the page took, `"secs"`), which must give every page
/// of the benchmark (a page it failed on has empty text), so that its scores are
/// over the same pages as deboil's.
fn predictions(file: &Path, pages: &[Page]) -> Result<Predictions> {
    let content =
        fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut records = std::collections::HashMap::new();
    for (n, line) in content
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let record: Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: broken JSON", file.display(), n + 1))?;
        let (Some(id), Some(text)) = (record["id"].as_str(), record["text"].as_str()) else {
            bail!(
                "{}:{}: a record needs an `id` and a `text` string",
                file.display(),
                n + 1
            );
        };
        records.insert(id.to_owned(), (text.to_owned(), record["secs"].as_f64()));
    }
    let mut texts = Vec::with_capacity(pages.len());
    let mut secs = Some(0.0);
    for page in pages {
        let (text, page_secs) = records
            .remove(&page.id)
            .with_context(|| format!("{} gives no text for page `{}`", file.display(), page.id))?;
        texts.push(text);
        secs = secs.zip(page_secs).map(|(all, one)| all + one);
    }
    Ok(Predictions { texts, secs })
}

/// Other extractors' output (`--against` files), each scored page by page: its
/// name (the file's stem), the scores, and its seconds over all pages if known.
type Scored = Vec<(String, Vec<metric::PageScore>, Option<f64>)>;

fn scored_against(files: &[PathBuf], pages: &[Page]) -> Result<Scored> {
    files
        .iter()
        .map(|file| {
            let name = file.file_stem().map_or_else(
                || file.display().to_string(),
                |stem| stem.to_string_lossy().into_owned(),
            );
            let predicted = predictions(file, pages)?;
            let scores: Vec<_> = predicted
                .texts
                .iter()
                .zip(pages)
                .map(|(text, page)| score_page(&page.gold, text))
                .collect();
            Ok((name, scores, predicted.secs))
        })
        .collect()
}

/// The other extractors' F1 on page `at`, to find where they do better.
fn f1_against(others: &Scored, at: usize) -> serde_json::Map<String, Value> {
    others
        .iter()
        .map(|(name, scores, _)| (name.clone(), json!(scores[at].f1())))
        .collect()
}

/// One row of a score table: a path (or another tool), its pages' scores, and
/// its seconds over all those pages when it was timed.
type Row<'a> = (&'a str, &'a [metric::PageScore], Option<f64>);

/// The rows of the other extractors' scores.
fn rows_of(others: &Scored) -> impl Iterator<Item = Row<'_>> {
    others
        .iter()
        .map(|(name, scores, secs)| (name.as_str(), scores.as_slice(), *secs))
}

/// Prints a table of corpus scores, with the accuracy column when `accuracy`,
/// and pages/s for a timed row.
fn print_scores<'a>(rows: impl IntoIterator<Item = Row<'a>>, accuracy: bool) {
    let accuracy_head = if accuracy { " accuracy |" } else { "" };
    let accuracy_rule = if accuracy { "---:|" } else { "" };
    println!("| path | precision | recall | F1 |{accuracy_head} pages/s |");
    println!("|---|---:|---:|---:|{accuracy_rule}---:|");
    for (name, scores, secs) in rows {
        let s = metric::corpus(scores);
        let accuracy = if accuracy {
            format!(" {:.3} |", s.accuracy)
        } else {
            String::new()
        };
        let rate = secs.map_or_else(String::new, |secs| {
            format!("{:.0}", scores.len() as f64 / secs)
        });
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} |{accuracy} {rate} |",
            s.precision, s.recall, s.f1
        );
    }
}

/// Runs the evaluation (re-running itself in release when built for debug, so that
/// the speed is worth reporting).
pub fn aeb(root: &Path, options: &EvalOptions) -> Result<()> {
    if cfg!(debug_assertions) {
        return rerun_in_release(&eval_args("aeb", options));
    }
    let bench = root.join("../shared/bench/article-extraction-benchmark");
    let pages = load(&bench)?;
    // Read before the run, so a bad file fails at once.
    let others = scored_against(&options.against, &pages)?;
    let cleaners = deboil::Cleaners::bundled()?;
    if let Some(id) = &options.show {
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
    for (at, page) in pages.iter().enumerate() {
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
            "f1_against": f1_against(&others, at),
        }));
    }
    let n = pages.len();
    println!(
        "article-extraction-benchmark: {n} pages, {:.1} MB of HTML\n",
        bytes as f64 / 1e6
    );
    // Steady speed: the median of a few timed passes over all pages, after the
    // cold pass above. One pass takes a fraction of a second, so a single pass
    // would mostly measure the machine's noise.
    let secs = median_pass_secs(|| {
        for page in &pages {
            std::hint::black_box(clean(page));
        }
    });
    let ours: [Row; 3] = [
        ("whole page (all blocks)", &whole, None),
        ("extract", &extracted, None),
        ("deboil (extract + generic cleaner)", &cleaned, Some(secs)),
    ];
    print_scores(ours.into_iter().chain(rows_of(&others)), true);
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

/// The extractors `compare` weighs deboil against, pinned with everything they
/// pull in, so that a rerun weighs the same versions.
const OTHER_EXTRACTORS: &[&str] = &[
    "trafilatura==2.3.1",
    "jusText==3.0.2",
    "readability-lxml==0.9",
    "babel==2.19.0",
    "certifi==2026.10.19.post1",
    "chardet==5.2.0",
    "charset-normalizer==3.5.3",
    "courlan==1.4.0",
    "cssselect==1.3.0",
    "dateparser==1.5.0",
    "htmldate==1.11.0",
    "lxml==6.2.1",
    "lxml_html_clean==0.4.7",
    "python-dateutil==4.0.0",
    "pytz==2026.6",
    "regex==2026.12.2",
    "tld==0.13.2",
    "tzdata==2026.6",
    "tzlocal==5.4.5",
    "urllib3==2.8.0",
];

/// How many timed passes the other extractors' per-page times are the median of
/// (they are slower: fewer than deboil's).
const OTHER_PASSES: usize = 3;

/// `cargo xtask compare`: trafilatura, jusText and readability-lxml (a venv of
/// pinned versions from PyPI) over the benchmark's pages, one thread, pages in
/// memory, timed per page (`examples/compare/extractors.py`), then scored beside
/// deboil in one table (`eval aeb --against` each tool's output); and the same
/// over the pages as text dumps (`eval text`'s dumps, each line a paragraph of an
/// HTML page for tools that read HTML only), scored beside deboil's text cleaner
/// (`eval text --against`).
pub fn compare(root: &Path) -> Result<()> {
    if cfg!(debug_assertions) {
        return rerun_in_release(&["compare".to_owned()]);
    }
    let python = crate::python_venv("compare-venv", OTHER_EXTRACTORS)?;
    let bench = root.join("../shared/bench/article-extraction-benchmark");
    let out = crate::target_dir().join("eval/others");
    fs::create_dir_all(&out)?;
    let dumps = out.join("dumps.jsonl");
    let mut lines = String::new();
    for page in load(&bench)? {
        let dump = text::dump_of(&page);
        lines += &serde_json::to_string(&json!({"id": page.id, "text": dump}))?;
        lines.push('\n');
    }
    fs::write(&dumps, lines)?;
    eprintln!("compare: running the other extractors (a cold pass, then {OTHER_PASSES} timed) ...");
    crate::run_checked(
        std::process::Command::new(python)
            .arg(root.join("examples/compare/extractors.py"))
            .arg(&bench)
            .arg(&out)
            .arg(OTHER_PASSES.to_string())
            .arg(&dumps),
        "examples/compare/extractors.py",
    )?;
    let against = |suffix: &str| EvalOptions {
        show: None,
        against: ["trafilatura", "justext", "readability"]
            .iter()
            .map(|tool| out.join(format!("{tool}{suffix}.jsonl")))
            .collect(),
    };
    aeb(root, &against(""))?;
    println!();
    text::text(root, &against("-dumps"))
}

/// Runs `cargo xtask <task...>` again from a release build: the speed an
/// evaluation reports is only worth reporting from one.
fn rerun_in_release(task: &[String]) -> Result<()> {
    crate::run_checked(
        crate::cargo()
            .args(["run", "--release", "--quiet", "--package", "xtask", "--"])
            .args(task),
        &format!("the release build of `xtask {}`", task.join(" ")),
    )
}

/// `eval <task>` with `options`, as arguments.
fn eval_args(task: &str, options: &EvalOptions) -> Vec<String> {
    let mut args = vec!["eval".to_owned(), task.to_owned()];
    args.extend(options.to_args());
    args
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(id: &str, gold: &str) -> Page {
        Page {
            id: id.into(),
            url: String::new(),
            gold: gold.into(),
            html: String::new(),
        }
    }

    #[test]
    fn options_read_show_and_any_number_of_files_to_score_against() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let options = EvalOptions::parse(&args(&[
            "--against",
            "a.jsonl",
            "--show",
            "p1",
            "--against",
            "b.jsonl",
        ]))
        .unwrap();
        assert_eq!(options.show.as_deref(), Some("p1"));
        assert_eq!(
            options.against,
            [PathBuf::from("a.jsonl"), PathBuf::from("b.jsonl")]
        );
        // And back again, for the release build's run.
        assert_eq!(EvalOptions::parse(&options.to_args()).unwrap(), options);
        assert!(EvalOptions::parse(&args(&["--against"])).is_err());
        assert!(EvalOptions::parse(&args(&["--bogus"])).is_err());
    }

    #[test]
    fn another_tools_texts_are_read_in_page_order_and_every_page_is_needed() {
        let dir = std::env::temp_dir().join(format!("deboil-xtask-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let pages = [
            page("a", "one two three four"),
            page("b", "five six seven eight"),
        ];
        let file = dir.join("other.jsonl");
        fs::write(
            &file,
            "{\"id\":\"b\",\"text\":\"five\",\"secs\":0.5}\n\n{\"id\":\"a\",\"text\":\"\"}\n",
        )
        .unwrap();
        let predicted = predictions(&file, &pages).unwrap();
        assert_eq!(predicted.texts, ["", "five"]);
        // Not every page timed: no speed.
        assert_eq!(predicted.secs, None);
        fs::write(
            &file,
            "{\"id\":\"a\",\"text\":\"\",\"secs\":0.25}\n{\"id\":\"b\",\"text\":\"\",\"secs\":0.5}\n",
        )
        .unwrap();
        assert_eq!(predictions(&file, &pages).unwrap().secs, Some(0.75));
        fs::write(&file, "{\"id\":\"a\",\"text\":\"one\"}\n").unwrap();
        let err = predictions(&file, &pages).unwrap_err().to_string();
        assert!(err.contains("no text for page `b`"), "{err}");
        fs::write(&file, "{\"id\":\"a\"}\n").unwrap();
        assert!(predictions(&file, &pages).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}
