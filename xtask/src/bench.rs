//! `cargo xtask bench [--size-mb N] [--seed S]`: builds a reproducible synthetic
//! corpus of text dumps from the fixtures (bodies and boilerplate varied by a
//! seeded generator), runs the release binary over it with one thread, with one
//! thread held to one core, and with all cores, and reports documents/s, MB/s, peak
//! RSS and how many times one core's speed all cores give; then the same dumps as
//! one JSON Lines file (no file to open per dump), held to one core and on all
//! cores; then more pairs of runs (one core, all cores) for that ratio, as the
//! host's speed drifts; then runs the engine's criterion benches.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::ops::Range;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use deboil_engine::Stoplist;

pub struct Options {
    pub size_mb: u64,
    pub seed: u64,
    pub criterion: bool,
    /// More pairs of runs (one core, then all cores) for the ratio between them.
    pub pairs: usize,
}

pub fn parse(args: &[String]) -> Result<Options> {
    let mut options = Options {
        size_mb: 1024,
        seed: 42,
        criterion: true,
        pairs: 2,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--size-mb" => {
                options.size_mb = it.next().context("--size-mb needs a number")?.parse()?
            }
            "--seed" => options.seed = it.next().context("--seed needs a number")?.parse()?,
            "--no-criterion" => options.criterion = false,
            "--pairs" => options.pairs = it.next().context("--pairs needs a number")?.parse()?,
            other => bail!(
                "unknown bench option `{other}` (use --size-mb N, --seed S, --pairs N, --no-criterion)"
            ),
        }
    }
    Ok(options)
}

/// A small, seeded generator (SplitMix64): the corpus is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A fixture the corpus is generated from: its outlet's folder, the language its
/// cleaned text reads in, and the dump.
struct Source {
    outlet: String,
    language: Option<String>,
    text: String,
    /// The paragraphs deboil keeps as the article's body: the lines whose words
    /// the generator varies (boilerplate, a long donation appeal too, keeps its
    /// words, or the rules that know it would no longer match it).
    body: Vec<String>,
}

/// A paragraph that may be swapped for another page's, as generator 2 told story
/// paragraphs: a line over 120 bytes (a long donation appeal is one too, and may
/// stand where a story paragraph stood).
fn is_story(line: &str) -> bool {
    line.len() > 120
}

/// The fixtures' dumps, each with the language deboil reads in it (so a page's
/// paragraphs are swapped only for paragraphs in its own language).
fn fixtures(root: &Path) -> Result<Vec<Source>> {
    let cleaners = deboil::registry::Cleaners::bundled()?;
    let mut out = Vec::new();
    for outlet in fs::read_dir(root.join("fixtures"))? {
        let outlet = outlet?.path();
        for file in fs::read_dir(&outlet)? {
            let path = file?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = deboil::input::decode(fs::read(&path)?).0;
                let record = cleaners.clean("", &text, None, None).record;
                out.push(Source {
                    outlet: outlet
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned(),
                    language: record.language,
                    text,
                    body: record.body,
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.outlet, &a.text).cmp(&(&b.outlet, &b.text)));
    Ok(out)
}

/// The corpus's dumps as one JSON Lines file of `{"id", "text"}` records, in the
/// files' order: beside the corpus directory.
fn jsonl_path(dir: &Path) -> std::path::PathBuf {
    dir.with_extension("jsonl")
}

/// Which generator made a corpus, in its stamp: a corpus an older generator made
/// is made again. (3: words and numbers within lines vary too, so that no cost
/// that depends on a line's text can be paid once and reused; generator 2 built
/// every dump from the fixtures' lines as they are, so each line of the corpus
/// had been seen before. 2: a page's paragraphs are swapped only for ones of its
/// own outlet and language; generator 1 mixed the languages of the generic
/// fixtures, German pages with Japanese paragraphs, which no site prints and which
/// made language identification a tenth of the run.)
const GENERATOR: u32 = 3;

/// One time in this many, an article paragraph's content word is swapped.
const WORD_SWAP: usize = 4;
/// Content words are lower-case words of at least this many letters that are not
/// stop words: swapping them keeps a paragraph's stop-word density, which is what
/// the classifier reads prose by, and leaves names and sentence starts alone.
const MIN_CONTENT_LETTERS: usize = 4;

/// The byte ranges of `text`'s runs of letters.
fn alphabetic_runs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|(_, c)| c.is_alphabetic())?;
        let mut end = text.len();
        while let Some(&(at, c)) = chars.peek() {
            if !c.is_alphabetic() {
                end = at;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

/// Whether `word` is a content word (see [`MIN_CONTENT_LETTERS`]) of the language
/// of `stoplist`.
fn is_content_word(word: &str, stoplist: Option<&Stoplist>) -> bool {
    word.chars().count() >= MIN_CONTENT_LETTERS
        && word.chars().all(char::is_lowercase)
        && stoplist.is_none_or(|list| !list.contains(word))
}

/// The content words of `lines`, each once, sorted (a pool drawn from by index,
/// the same on every machine).
fn content_words<'t>(lines: &[&'t str], stoplist: Option<&Stoplist>) -> Vec<&'t str> {
    let mut words: Vec<&str> = lines
        .iter()
        .flat_map(|&line| alphabetic_runs(line).map(move |run| &line[run]))
        .filter(|word| is_content_word(word, stoplist))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// An article paragraph made new: one content word in [`WORD_SWAP`] swapped for one
/// of `pool` (the content words of its outlet's articles in its language), and its
/// numbers varied as [`vary_numbers`] does.
fn vary_story(line: &str, pool: &[&str], stoplist: Option<&Stoplist>, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut last = 0;
    for run in alphabetic_runs(line) {
        let word = &line[run.clone()];
        // A word next to a number names it (`date 2017-02`, `page 2`) and stays.
        let by_number = line[run.end..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
            || line[..run.start]
                .trim_end()
                .ends_with(|c: char| c.is_ascii_digit());
        if !pool.is_empty()
            && !by_number
            && is_content_word(word, stoplist)
            && rng.below(WORD_SWAP) == 0
        {
            out.push_str(&line[last..run.start]);
            out.push_str(pool[rng.below(pool.len())]);
            last = run.end;
        }
    }
    out.push_str(&line[last..]);
    vary_numbers(&out, rng)
}

/// A line with its counts varied (`44 comments`, `Image 2 of 3`, `rose by 12
/// percent`): each number, one time in two, swapped for another of as many
/// digits. A line that shows a date or a time (a number of four digits, or digits
/// beside `/`, `.`, `:` or `-`: `2017-02`, `23.11.2026`, `10:42`) is left as it
/// is, so that its date still reads as one.
fn vary_numbers(line: &str, rng: &mut Rng) -> String {
    let bytes = line.as_bytes();
    let dated = bytes.windows(4).any(|w| w.iter().all(u8::is_ascii_digit))
        || bytes.windows(2).any(|w| {
            (w[0].is_ascii_digit() && matches!(w[1], b'/' | b'.' | b':' | b'-'))
                || (w[1].is_ascii_digit() && matches!(w[0], b'/' | b'.' | b':' | b'-'))
        });
    if dated || !bytes.iter().any(u8::is_ascii_digit) {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..at]);
        let digits = rest[at..].bytes().take_while(u8::is_ascii_digit).count();
        if rng.below(2) == 0 {
            out.push(char::from(b'1' + rng.below(9) as u8));
            for _ in 1..digits {
                out.push(char::from(b'0' + rng.below(10) as u8));
            }
        } else {
            out.push_str(&rest[at..at + digits]);
        }
        rest = &rest[at + digits..];
    }
    out.push_str(rest);
    out
}

/// Writes the corpus (files of up to 2,000 dumps in numbered directories, and the
/// same dumps as one JSON Lines file) unless a corpus for the same size and seed
/// is there already.
fn build_corpus(root: &Path, dir: &Path, options: &Options) -> Result<(u64, u64)> {
    let stamp = dir.join("CORPUS");
    let want = format!(
        "generator={GENERATOR} size_mb={} seed={}\n",
        options.size_mb, options.seed
    );
    if fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str()) && jsonl_path(dir).exists()
    {
        let mut docs = 0;
        let mut bytes = 0;
        for sub in fs::read_dir(dir)? {
            let sub = sub?.path();
            if sub.is_dir() {
                for f in fs::read_dir(&sub)? {
                    docs += 1;
                    bytes += f?.metadata()?.len();
                }
            }
        }
        return Ok((docs, bytes));
    }
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir)?;
    let jsonl = jsonl_path(dir);
    let mut records = deboil::output::AtomicFile::create(&jsonl)?;
    let mut records_out = std::io::BufWriter::new(records.writer());
    let sources = fixtures(root)?;
    // Each source's donors (the sources of its outlet and language, itself among
    // them) and each source's story paragraphs, worked out once.
    let donors: Vec<Vec<usize>> = sources
        .iter()
        .map(|source| {
            (0..sources.len())
                .filter(|&d| {
                    sources[d].outlet == source.outlet && sources[d].language == source.language
                })
                .collect()
        })
        .collect();
    let stories: Vec<Vec<&str>> = sources
        .iter()
        .map(|s| s.text.lines().filter(|l| is_story(l)).collect())
        .collect();
    let stoplists: Vec<Option<&Stoplist>> = sources
        .iter()
        .map(|s| s.language.as_deref().and_then(Stoplist::for_language))
        .collect();
    // The article paragraphs of every source, and each source's pool of content
    // words: those of its donors' article paragraphs.
    let paragraphs: HashSet<&str> = sources
        .iter()
        .flat_map(|s| s.body.iter().map(String::as_str))
        .collect();
    let pools: Vec<Vec<&str>> = donors
        .iter()
        .zip(&stoplists)
        .map(|(donors, &stoplist)| {
            let lines: Vec<&str> = donors
                .iter()
                .flat_map(|&d| sources[d].body.iter().map(String::as_str))
                .collect();
            content_words(&lines, stoplist)
        })
        .collect();
    // The pages and their swapped paragraphs are drawn as generator 2 drew them;
    // the words and numbers within lines from a generator of their own.
    let mut rng = Rng(options.seed);
    let mut within = Rng(options.seed ^ 0x5EED_0F1A_7E00);
    let target = options.size_mb * 1_000_000;
    let (mut docs, mut bytes) = (0u64, 0u64);
    while bytes < target {
        let at = rng.below(sources.len());
        let donors = &donors[at];
        let donor_lines = &stories[donors[rng.below(donors.len())]];
        let text = &sources[at].text;
        let mut doc = String::with_capacity(text.len() + 512);
        for line in text.lines() {
            // Swap some story paragraphs for another dump's, so bodies vary; then
            // the words and numbers of an article paragraph, and the counts in the
            // boilerplate.
            let line = if is_story(line) && !donor_lines.is_empty() && rng.below(3) == 0 {
                donor_lines[rng.below(donor_lines.len())]
            } else {
                line
            };
            if paragraphs.contains(line.trim()) {
                doc.push_str(&vary_story(line, &pools[at], stoplists[at], &mut within));
            } else {
                doc.push_str(&vary_numbers(line, &mut within));
            }
            doc.push('\n');
        }
        let sub = dir.join(format!("{:05}", docs / 2000));
        if docs % 2000 == 0 {
            fs::create_dir_all(&sub)?;
        }
        let id = format!("{docs:08}");
        fs::write(sub.join(format!("{id}.txt")), &doc)?;
        serde_json::to_writer(
            &mut records_out,
            &serde_json::json!({"id": id, "text": doc}),
        )?;
        records_out.write_all(b"\n")?;
        docs += 1;
        bytes += doc.len() as u64;
    }
    records_out.flush()?;
    drop(records_out);
    records.commit(&jsonl)?;
    fs::write(&stamp, want)?;
    Ok((docs, bytes))
}

/// How a timed run uses the machine.
#[derive(Clone, Copy)]
enum Cores {
    /// `--jobs N`, on every core.
    All(usize),
    /// `--jobs 1` held to one core (`taskset -c 0`): the reading, cleaning and
    /// writing threads take turns on it, which is what "per core" means.
    One,
}

impl Cores {
    fn jobs(self) -> usize {
        match self {
            Cores::All(jobs) => jobs,
            Cores::One => 1,
        }
    }

    fn label(self) -> String {
        match self {
            Cores::All(jobs) => format!("`--jobs {jobs}`"),
            Cores::One => "`--jobs 1`, one core".into(),
        }
    }
}

/// Runs the binary over the corpus; returns wall time and peak RSS (kB).
fn run(binary: &Path, corpus: &Path, cores: Cores) -> Result<(Duration, Option<u64>)> {
    let mut command = match cores {
        Cores::All(_) => Command::new(binary),
        Cores::One => {
            let mut taskset = Command::new("taskset");
            taskset.args(["-c", "0"]).arg(binary);
            taskset
        }
    };
    command.args(["clean", "-q", "-j", &cores.jobs().to_string()]);
    let started = Instant::now();
    let mut child = command
        .arg(corpus)
        .stdout(Stdio::null())
        .spawn()
        .context("starting deboil")?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = None;
    loop {
        if let Ok(status) = fs::read_to_string(&status_path) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = hwm.or(peak);
        }
        if let Some(status) = child.try_wait()? {
            if !status.success() && status.code() != Some(1) {
                bail!("deboil failed: {status}");
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok((started.elapsed(), peak))
}

pub fn bench(root: &Path, options: &Options) -> Result<()> {
    crate::run_checked(
        crate::cargo().args(["build", "--release", "--quiet", "--bin", "deboil"]),
        "the release build",
    )?;
    let target = crate::target_dir();
    let binary = target.join("release/deboil");
    let corpus = target.join("bench-corpus");
    eprintln!(
        "building the corpus in {} ({} MB, seed {}) ...",
        corpus.display(),
        options.size_mb,
        options.seed
    );
    let (docs, bytes) = build_corpus(root, &corpus, options)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut report = String::new();
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    report += &format!(
        "corpus: {docs} dumps, {:.1} MB; machine: {cores} cores, {cpu}\n\n",
        bytes as f64 / 1e6
    );
    report += "| run | seconds | documents/s | MB/s | peak RSS |\n|---|---:|---:|---:|---:|\n";
    // A warm-up run, not timed: both timed runs then read the corpus from the page
    // cache (otherwise the first one pays for the disk and looks slower).
    eprintln!("warm-up run ...");
    run(&binary, &corpus, Cores::All(cores))?;
    let jsonl = jsonl_path(&corpus);
    let mut runs = vec![(&corpus, Cores::All(1))];
    let pinned = cores > 1 && Command::new("taskset").arg("-V").output().is_ok();
    if pinned {
        runs.push((&corpus, Cores::One));
    }
    if cores > 1 {
        runs.push((&corpus, Cores::All(cores)));
    }
    if pinned {
        runs.push((&jsonl, Cores::One));
    }
    runs.push((&jsonl, Cores::All(cores)));
    // One core's time and all cores' time, from the files and from JSON Lines.
    let mut times = [(None, None); 2];
    for (input, how) in runs {
        let (elapsed, peak) = run(&binary, input, how)?;
        let secs = elapsed.as_secs_f64();
        let from_files = input == &corpus;
        let (one, all) = &mut times[usize::from(!from_files)];
        match how {
            Cores::One => *one = Some(secs),
            Cores::All(jobs) if jobs == cores => *all = Some(secs),
            Cores::All(_) => {}
        }
        report += &format!(
            "| {}{} | {secs:.1} | {:.0} | {:.1} | {} |\n",
            how.label(),
            if from_files { "" } else { ", JSON Lines" },
            docs as f64 / secs,
            bytes as f64 / 1e6 / secs,
            peak.map_or("n/a".into(), |kb| format!("{:.0} MB", kb as f64 / 1024.0)),
        );
    }
    if let [(Some(one), Some(all)), (json_one, json_all)] = times {
        report += &format!("\n{cores} cores against one: {:.2}x", one / all);
        if let (Some(json_one), Some(json_all)) = (json_one, json_all) {
            report += &format!(" (JSON Lines: {:.2}x)", json_one / json_all);
        }
        report += "\n";
        // The host's speed drifts from run to run: the ratio is taken again from
        // pairs of runs, each pair one after the other, and the median is the one
        // to quote.
        let mut ratios = vec![one / all];
        for pair in 1..=options.pairs {
            eprintln!(
                "pair {pair} of {} (one core, then all cores) ...",
                options.pairs
            );
            let one = run(&binary, &corpus, Cores::One)?.0.as_secs_f64();
            let all = run(&binary, &corpus, Cores::All(cores))?.0.as_secs_f64();
            ratios.push(one / all);
        }
        if ratios.len() > 1 {
            let listed: Vec<String> = ratios.iter().map(|r| format!("{r:.2}x")).collect();
            ratios.sort_by(f64::total_cmp);
            report += &format!(
                "over the files, in pairs of runs taken in turn: {} (median {:.2}x)\n",
                listed.join(", "),
                ratios[ratios.len() / 2]
            );
        }
    } else if cores > 1 {
        report += "\n(no `taskset`: the one-core run was skipped)\n";
    }
    println!("{report}");
    std::io::stdout().flush()?;
    if options.criterion {
        crate::run_checked(
            crate::cargo().args(["bench", "-p", "deboil-engine", "--bench", "clean"]),
            "the criterion benches",
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_keeps_its_stop_words_names_and_shape_and_changes_content_words() {
        let stoplist = Stoplist::for_language("en");
        let line = "The agency said the three designs were chosen from eleven proposals in 2026, and that Harbor Dynamics would be paid only when its lander reached the surface.";
        let pool = ["harbour", "weather", "council"];
        let mut rng = Rng(7);
        let varied: Vec<String> = (0..20)
            .map(|_| vary_story(line, &pool, stoplist, &mut rng))
            .collect();
        assert!(varied.iter().any(|v| v != line));
        for v in &varied {
            let words: Vec<&str> = v.split(' ').collect();
            let original: Vec<&str> = line.split(' ').collect();
            assert_eq!(words.len(), original.len(), "{v}");
            for (new, old) in words.iter().zip(&original) {
                let unchanged = new == old
                    || pool.iter().any(|p| new.starts_with(p))
                    || old.chars().any(|c| c.is_ascii_digit());
                assert!(unchanged, "{old} became {new}");
                // Stop words and capitalised words (names, sentence starts) stay.
                let bare = old.trim_end_matches([',', '.']);
                if stoplist.is_some_and(|l| l.contains(bare))
                    || bare.starts_with(char::is_uppercase)
                {
                    assert_eq!(new, old);
                }
            }
        }
    }

    #[test]
    fn a_word_next_to_a_number_stays() {
        let stoplist = Stoplist::for_language("nb");
        let line = " date 2017-02 Paris (NTB-AFP): Tusenvis av bønder kjørte torsdag traktorene sine inn i Paris i protest mot lave matpriser og nye miljøkrav.";
        let mut rng = Rng(11);
        for _ in 0..20 {
            let varied = vary_story(line, &["fjorden", "vegvesen"], stoplist, &mut rng);
            assert!(varied.starts_with(" date 2017-02 Paris"), "{varied}");
        }
    }

    #[test]
    fn counts_vary_and_dates_and_times_do_not() {
        let mut rng = Rng(3);
        let varied: Vec<String> = (0..20)
            .map(|_| vary_numbers("44 comments", &mut rng))
            .collect();
        assert!(varied.iter().any(|v| v != "44 comments"));
        assert!(varied
            .iter()
            .all(|v| v.len() == 11 && v.ends_with(" comments") && !v.starts_with('0')));
        for dated in [
            "November 19, 2026",
            "23.11.2026",
            "Updated 10:42 GMT",
            " date 2017-02 Paris (NTB-AFP): Tusenvis av bønder kjørte 12 traktorer inn i Paris.",
            "No digits here",
        ] {
            assert_eq!(vary_numbers(dated, &mut rng), dated);
        }
    }

    #[test]
    fn content_words_are_long_lower_case_and_not_stop_words() {
        let stoplist = Stoplist::for_language("en");
        let words = content_words(
            &["The Council said their budget will rise again, said Ms Lee."],
            stoplist,
        );
        assert_eq!(words, vec!["budget", "rise", "said"]);
    }
}
