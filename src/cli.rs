//! The command line: flags and subcommands (clap), and turning a run into an exit
//! code. Everything that does IO, threads and progress bars lives here or in the
//! pipeline; cleaning itself is in the libraries.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use deboil::explain::{self, Style};
use deboil::input::{Limits, Reader};
use deboil::learn::{self, MineRequest};
use deboil::output::{write_mirrored, write_outcome, AtomicFile, Format};
use deboil::page::clean_page;
use deboil::pipeline::{self, Feed, Summary};
use deboil::Cleaners;
use deboil_engine::RuleSet;
use indicatif::{ProgressBar, ProgressStyle};

/// Exit code: every document was cleaned.
const EXIT_OK: i32 = 0;
/// Exit code: the run finished, but some documents came out as error records.
const EXIT_SOME_FAILED: i32 = 1;
/// Exit code: the run could not be done (bad arguments, bad rules file, output not writable).
const EXIT_FATAL: i32 = 2;

const EXIT_CODES: &str = "\
Exit codes:
  0  every document was cleaned (or, reading only stdin `-`, the run finished)
  1  the run finished, but some documents became error records (see their `error`)
  2  fatal: bad arguments, a bad rules file, or output that cannot be written";

#[derive(Debug, Parser)]
#[command(
    name = "deboil",
    version,
    about = "Strip the boilerplate out of scraped news dumps.",
    long_about = "Strip the boilerplate out of scraped news dumps and get back the article an editor \
would print: title, standfirst, authors, date and body as fields, and every removed piece with the \
rule that removed it.\n\nBundled cleaners: The Independent, Deutsche Welle, the Jordan Times, NTB, \
and `generic` for any other outlet.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Clean text dumps and HTML pages into records (JSON Lines) or plain articles.
    #[command(after_help = EXIT_CODES)]
    Clean(CleanArgs),
    /// Show why: each line of a dump (or of the dump an HTML page renders to) marked
    /// kept, moved to a field, or removed by a rule.
    Explain(ExplainArgs),
    /// List the cleaners, their domains and every rule they apply.
    Outlets(OutletsArgs),
    /// Learn a site's boilerplate from a dump of its pages: the lines and blocks that
    /// recur across its stories, written as a rules file to review and load with
    /// `clean --rules`.
    Mine(MineArgs),
}

#[derive(Debug, Args)]
struct MineArgs {
    /// Inputs, as for `clean`: text dumps, JSON Lines (with `url` for grouping by
    /// site), WARC, directories, or `-` for JSON Lines on stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Take every document as one site called KEY (the rules file's name, unless
    /// --name says otherwise). Without it, documents are grouped by URL host, and
    /// documents without a URL by the lines they open and close with.
    #[arg(long, value_name = "KEY")]
    site: Option<String>,

    /// Name of the rules file (its rules' prefix in `removed`).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,

    /// Write the rules file here instead of stdout; an existing directory (or a
    /// path ending in `/`) gets one `<site>.toml` per site. To stdout or one file,
    /// only the largest site is written.
    #[arg(short, long, value_name = "FILE|DIR")]
    output: Option<PathBuf>,

    /// A line must recur in at least this many distinct stories...
    #[arg(long, value_name = "N", default_value_t = 3)]
    min_stories: usize,

    /// ...and in at least this share of the site's stories.
    #[arg(long, value_name = "SHARE", default_value_t = 0.15)]
    min_share: f64,

    /// No summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// Text dumps or HTML pages (`.html`, `.htm`) to explain.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Use this cleaner instead of detecting the outlet.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,

    /// Load rules files first, as `clean --rules` does.
    #[arg(long, value_name = "FILE")]
    rules: Vec<PathBuf>,

    /// Instead of explaining, show what changes between two rules files on the same
    /// input: lines whose fate differs, and changed fields.
    #[arg(long, num_args = 2, value_names = ["OLD_RULES", "NEW_RULES"])]
    diff: Option<Vec<PathBuf>>,

    /// Colour the output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ColorChoice {
    /// When stdout is a terminal.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct CleanArgs {
    /// Inputs: files, directories (searched recursively, in path order) or `-` for
    /// JSON Lines on stdin. Text dumps are `.txt`, HTML pages `.html` / `.htm`;
    /// JSON Lines files (`.jsonl`, `.ndjson`) hold records `{"id", "url"?, "text" or
    /// "html", ...}`, whose other fields are carried through to the output; WARC
    /// files (`.warc`, `.warc.wet`) hold text or HTML responses. Any of them may be gzip (`.gz`) or zstd
    /// (`.zst`) compressed. A file's id is its name without extensions.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Write to FILE instead of stdout, atomically (all or nothing). With
    /// `--format text`, an existing directory (or a path ending in `/`) gets one
    /// `.txt` per document, mirroring the input tree.
    #[arg(short, long, value_name = "FILE|DIR")]
    output: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,

    /// Use this cleaner for every document instead of detecting the outlet.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,

    /// Load a rules file (the outlet crates' TOML format). One named like a bundled
    /// cleaner replaces it; a new name adds an outlet. May be given more than once.
    #[arg(long, value_name = "FILE")]
    rules: Vec<PathBuf>,

    /// Worker threads [default: $RAYON_NUM_THREADS, else all cores].
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,

    /// Largest document (or JSON line) accepted; a larger one becomes an error record.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    max_doc_bytes: u64,

    /// Also write the run's statistics as JSON: documents per outlet, errors, MB/s,
    /// and for every rule the pieces, documents and bytes it removed.
    #[arg(long, value_name = "FILE")]
    stats: Option<PathBuf>,

    /// With `-o DIR --format text`: skip documents whose output file exists, to
    /// continue an interrupted run.
    #[arg(long)]
    resume: bool,

    /// Learn each site's boilerplate from the dump itself (as `deboil mine` does)
    /// and remove it from documents no outlet claims, filed as
    /// `learned/<site>/<n>`. Files are read twice: a first pass samples up to 400
    /// documents per URL host (4000 without a URL, 256 MB in all). Standard input
    /// cannot be read twice: there the first 2000 documents are held back and
    /// learned from, then everything is cleaned in order.
    #[arg(long)]
    learn: bool,

    /// No progress bar and no summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct OutletsArgs {
    /// Also load these rules files, as `clean --rules` would.
    #[arg(long, value_name = "FILE")]
    rules: Vec<PathBuf>,
}

pub fn parse() -> Cli {
    Cli::parse()
}

pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Clean(args) => clean(args),
        Command::Explain(args) => explain(args).map(|()| EXIT_OK),
        Command::Outlets(args) => outlets(args).map(|()| EXIT_OK),
        Command::Mine(args) => mine(args).map(|()| EXIT_OK),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`deboil outlets | head`) is the reader's choice, not a failure.
        Err(err)
            if err.chain().any(|e| {
                e.downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            }) =>
        {
            EXIT_OK
        }
        Err(err) => {
            eprintln!("deboil: error: {err:#}");
            EXIT_FATAL
        }
    }
}

/// The cleaner `--outlet` names, checked.
fn forced_outlet<'c>(cleaners: &'c Cleaners, name: Option<&str>) -> Result<Option<&'c RuleSet>> {
    name.map(|name| cleaners.require(name)).transpose()
}

fn load_cleaners(rules: &[PathBuf]) -> Result<Cleaners> {
    let mut cleaners = Cleaners::bundled()?;
    for path in rules {
        load_rules_file(&mut cleaners, path)?;
    }
    Ok(cleaners)
}

/// Adds a user's rules file, with a warning on stderr for each lint its regexes
/// raise (they work, only slower).
fn load_rules_file(cleaners: &mut Cleaners, path: &Path) -> Result<()> {
    for lint in cleaners.load_rules_file(path)? {
        eprintln!("deboil: warning: {}: {lint}", path.display());
    }
    Ok(())
}

/// Where cleaned documents go.
enum Sink {
    Stdout,
    File(PathBuf),
    Mirror(PathBuf),
}

fn sink_for(args: &CleanArgs) -> Result<Sink> {
    let Some(path) = &args.output else {
        if args.resume {
            bail!("--resume needs `-o DIR --format text` (one output file per document)");
        }
        return Ok(Sink::Stdout);
    };
    let wants_dir = path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/');
    match (wants_dir, args.format) {
        (true, Format::Text) => {
            std::fs::create_dir_all(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            Ok(Sink::Mirror(path.clone()))
        }
        (true, Format::Json) => bail!(
            "{} is a directory; JSON Lines go to one file (or use --format text)",
            path.display()
        ),
        (false, _) if args.resume => {
            bail!("--resume needs `-o DIR --format text` (one output file per document)")
        }
        (false, _) => Ok(Sink::File(path.clone())),
    }
}

fn worker_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = jobs {
        pool = pool.num_threads(jobs.max(1));
    }
    pool.build().context("cannot start worker threads")
}

fn clean(args: CleanArgs) -> Result<i32> {
    let pool = worker_pool(args.jobs)?;
    let mut cleaners = pool.install(|| load_cleaners(&args.rules))?;
    let sink = sink_for(&args)?;

    let limits = Limits {
        max_doc_bytes: args.max_doc_bytes.max(1),
    };
    let mut docs = Reader::new(&args.paths, limits);
    let mut held_back = Vec::new();
    if args.learn {
        let sample = if args.paths.iter().any(|p| p.as_os_str() == "-") {
            let (held, sample) = learn::hold_back(&mut docs);
            held_back = held;
            sample
        } else {
            learn::Sampler::read(&args.paths, limits, &pool)
        };
        let sites = pool.install(|| cleaners.learn(&sample.sources()))?;
        if !args.quiet {
            let listed: Vec<String> = sites.iter().map(|(s, n)| format!("{s} ({n})")).collect();
            eprintln!(
                "deboil: learned rules for {} sites from {} documents{}{}",
                sites.len(),
                sample.docs.len(),
                if listed.is_empty() { "" } else { ": " },
                listed.join(", ")
            );
        }
    }
    let docs = held_back.into_iter().chain(docs);
    // Stdin is a stream: each record goes out as soon as it is cleaned.
    let docs = if args.paths.iter().any(|p| p.as_os_str() == "-") {
        Feed::streamed(docs)
    } else {
        Feed::pulled(docs)
    };
    let forced = forced_outlet(&cleaners, args.outlet.as_deref())?;
    // Headers between articles in text output, unless there is only one file.
    let many = args.paths.len() > 1
        || args
            .paths
            .iter()
            .any(|p| p.is_dir() || p.as_os_str() == "-");
    let bar = progress_bar(args.quiet);
    let format = args.format;
    let mut read_bytes = 0u64;
    let progress = |n: usize, bytes: u64| {
        read_bytes += bytes;
        bar.inc(n as u64);
        bar.set_message(format!("{:.1} MB", read_bytes as f64 / 1e6));
    };

    let summary = match &sink {
        Sink::Mirror(dir) => pipeline::run(
            &pool,
            docs,
            &cleaners,
            forced,
            args.resume.then_some(&|doc: &deboil::input::Doc| {
                dir.join(doc.relative.path(&doc.id)).exists()
            }),
            |outcomes| outcomes.iter().try_for_each(|o| write_mirrored(dir, o)),
            progress,
        )
        .with_context(|| format!("cannot write into {}", dir.display()))?,
        Sink::File(_) | Sink::Stdout => {
            let mut file = match &sink {
                Sink::File(path) => Some(
                    AtomicFile::create(path)
                        .with_context(|| format!("cannot write {}", path.display()))?,
                ),
                _ => None,
            };
            // On stdout, JSON Lines stream out chunk by chunk: a pipe's next stage
            // sees records early.
            let stream = file.is_none() && format == Format::Json;
            let (target, writer): (String, Box<dyn Write + '_>) = match (&sink, &mut file) {
                (Sink::File(path), Some(file)) => {
                    (path.display().to_string(), Box::new(file.writer()))
                }
                _ => ("stdout".into(), Box::new(io::stdout().lock())),
            };
            let mut out = io::BufWriter::new(writer);
            // Records are serialised in the workers; this thread writes their bytes.
            let summary = pipeline::run_rendered(
                &pool,
                docs,
                &cleaners,
                forced,
                |o, bytes| write_outcome(bytes, o, format, many),
                |bytes| {
                    out.write_all(bytes)?;
                    if stream {
                        out.flush()?;
                    }
                    Ok(())
                },
                progress,
            )
            .and_then(|s| out.flush().map(|()| s))
            .with_context(|| format!("cannot write to {target}"))?;
            drop(out);
            if let (Some(file), Sink::File(path)) = (file, &sink) {
                file.commit(path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            summary
        }
    };
    bar.finish_and_clear();
    if let Some(path) = &args.stats {
        let mut file =
            AtomicFile::create(path).with_context(|| format!("cannot write {}", path.display()))?;
        serde_json::to_writer_pretty(file.writer(), &summary)?;
        file.commit(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if !args.quiet {
        print_summary(&summary);
    }
    // As a pipe stage (`clean -`), malformed records are data, reported in their
    // error records; a non-zero exit would make a cluster retry and kill the job.
    let pipe_stage = args.paths.iter().all(|p| p.as_os_str() == "-");
    Ok(if summary.errors > 0 && !pipe_stage {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {pos} documents [{elapsed_precise}] {per_sec} {msg}",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn print_summary(summary: &Summary) {
    let outlets: Vec<String> = summary
        .per_outlet
        .iter()
        .map(|(o, n)| format!("{o} {n}"))
        .collect();
    let skipped = if summary.skipped > 0 {
        format!(", {} skipped (done already)", summary.skipped)
    } else {
        String::new()
    };
    eprintln!(
        "deboil: {} documents ({}), {} errors{skipped}; {:.1} MB in {:.1} s ({:.1} MB/s)",
        summary.documents,
        if outlets.is_empty() {
            "none cleaned".into()
        } else {
            outlets.join(", ")
        },
        summary.errors,
        summary.input_bytes as f64 / 1e6,
        summary.seconds,
        summary.mb_per_second,
    );
    let mut rules: Vec<_> = summary.per_rule.iter().collect();
    rules.sort_by(|a, b| b.1.bytes.cmp(&a.1.bytes).then(a.0.cmp(b.0)));
    if !rules.is_empty() {
        let top: Vec<String> = rules
            .iter()
            .take(5)
            .map(|(r, c)| format!("{r} ({} docs, {:.1} kB)", c.documents, c.bytes as f64 / 1e3))
            .collect();
        eprintln!("deboil: removed most: {}", top.join(", "));
    }
}

fn explain(args: ExplainArgs) -> Result<()> {
    let style = Style {
        color: match args.color {
            ColorChoice::Auto => io::stdout().is_terminal(),
            ColorChoice::Always => true,
            ColorChoice::Never => false,
        },
    };
    let base = load_cleaners(&args.rules)?;
    let forced = forced_outlet(&base, args.outlet.as_deref())?;
    let versions = match &args.diff {
        Some(pair) => {
            let mut old = base.clone();
            load_rules_file(&mut old, &pair[0])?;
            let mut new = base.clone();
            load_rules_file(&mut new, &pair[1])?;
            Some((old, new))
        }
        None => None,
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for file in &args.files {
        let (bytes, is_html) = deboil::input::read_file(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let id = deboil::input::stem_of(file);
        // A dump is decoded once, however many rule sets clean it.
        let dump = (!is_html).then(|| deboil::input::decode(bytes.clone()).0);
        // A page is explained as the dump it renders to: the trace indexes into it.
        let clean = |cleaners: &Cleaners, forced: Option<&RuleSet>| match &dump {
            None => {
                let page = clean_page(cleaners, &id, &bytes, None, None, forced);
                (page.text, page.cleaned)
            }
            Some(text) => (text.clone(), cleaners.clean(&id, text, None, forced)),
        };
        match &versions {
            None => {
                let (text, cleaned) = clean(&base, forced);
                out.write_all(explain::explain(&text, &cleaned, style).as_bytes())?;
            }
            Some((old, new)) => {
                let pick = |c: &'_ Cleaners| forced.and_then(|f| c.get(&f.name)).cloned();
                let (text, before) = clean(old, pick(old).as_ref());
                let (_, after) = clean(new, pick(new).as_ref());
                let changes = explain::diff(&text, &before, &after, style);
                writeln!(
                    out,
                    "# {}: {}",
                    file.display(),
                    if changes.is_empty() {
                        "no change"
                    } else {
                        "changes"
                    }
                )?;
                out.write_all(changes.as_bytes())?;
            }
        }
    }
    Ok(())
}

fn outlets(args: OutletsArgs) -> Result<()> {
    let cleaners = load_cleaners(&args.rules)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for rules in cleaners.all() {
        let domains = if rules.domains.is_empty() {
            "-".to_owned()
        } else {
            rules.domains.join(", ")
        };
        writeln!(out, "{}  ({domains})", rules.name)?;
        if !rules.about.is_empty() {
            writeln!(out, "  {}", rules.about)?;
        }
        for rule in rules.rules() {
            writeln!(
                out,
                "    {:<34} {:<12} {}",
                rule.id,
                rule.kind.as_str(),
                rule.why
            )?;
        }
        for (id, why) in rules.classifier_rules() {
            writeln!(out, "    {id:<34} {:<12} {why}", "classify")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn mine(args: MineArgs) -> Result<()> {
    if !(0.0..=1.0).contains(&args.min_share) {
        bail!("--min-share is a share of the stories, between 0 and 1");
    }
    let pool = worker_pool(None)?;
    let request = MineRequest {
        paths: args.paths,
        limits: Limits {
            max_doc_bytes: 64 * 1024 * 1024,
        },
        name: args.name.or_else(|| args.site.clone()),
        site: args.site,
        output: args.output,
        options: deboil_mine::Options {
            min_stories: args.min_stories.max(2),
            min_share: args.min_share,
            ..deboil_mine::Options::default()
        },
    };
    let (documents, files) = learn::mine_command(&request, &pool)?;
    let Some(first) = files.first() else {
        bail!(
            "no site has {} or more documents to learn from ({documents} read)",
            request.options.min_stories
        );
    };
    if first.path.is_none() {
        io::stdout().lock().write_all(first.toml.as_bytes())?;
    }
    if !args.quiet {
        for file in &files {
            let to = match &file.path {
                Some(path) => path.display().to_string(),
                None if std::ptr::eq(file, first) => "stdout".into(),
                None => "not written (use -o DIR for one file per site)".into(),
            };
            eprintln!(
                "deboil mine: {}: {} documents, {} stories, {} rules as `{}` -> {to}",
                file.site, file.documents, file.stories, file.rules, file.name
            );
        }
    }
    Ok(())
}
