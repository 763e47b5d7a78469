//! The command line: flags and subcommands (clap), and turning a run into an exit
//! code. Everything that does IO, threads and progress bars lives here or in the
//! pipeline; cleaning itself is in the libraries.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use deboil::explain::{self, Style};
use deboil::output::{write_outcome, AtomicFile, Format};
use deboil::pipeline::{self, Summary};
use deboil::Cleaners;
use indicatif::{ProgressBar, ProgressStyle};

/// Exit code: every document was cleaned.
const EXIT_OK: i32 = 0;
/// Exit code: the run finished, but some documents came out as error records.
const EXIT_SOME_FAILED: i32 = 1;
/// Exit code: the run could not be done (bad arguments, bad rules file, output not writable).
const EXIT_FATAL: i32 = 2;

const EXIT_CODES: &str = "\
Exit codes:
  0  every document was cleaned
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
    /// Clean text dumps into records (JSON Lines) or plain articles.
    #[command(after_help = EXIT_CODES)]
    Clean(CleanArgs),
    /// Show why: each line of a dump marked kept, moved to a field, or removed by a rule.
    Explain(ExplainArgs),
    /// List the cleaners, their domains and every rule they apply.
    Outlets(OutletsArgs),
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// Text dumps to explain.
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
    /// Files and directories to clean; directories are searched recursively for
    /// `.txt` dumps, in path order. Each document's id is its file stem.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Write to FILE instead of stdout (written atomically: all or nothing).
    #[arg(short, long, value_name = "FILE")]
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

    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,

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

fn load_cleaners(rules: &[PathBuf]) -> Result<Cleaners> {
    let mut cleaners = Cleaners::bundled()?;
    for path in rules {
        cleaners.load_rules_file(path)?;
    }
    Ok(cleaners)
}

fn clean(args: CleanArgs) -> Result<i32> {
    let cleaners = load_cleaners(&args.rules)?;
    let forced = args
        .outlet
        .as_deref()
        .map(|name| cleaners.require(name))
        .transpose()?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = args.jobs {
        pool = pool.num_threads(jobs.max(1));
    }
    let pool = pool.build().context("cannot start worker threads")?;

    let inputs = pipeline::discover(&args.paths);
    let many = inputs.len() > 1;
    let bar = progress_bar(inputs.len(), args.quiet);
    let format = args.format;

    let summary = match &args.output {
        Some(path) => {
            let mut file = AtomicFile::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut out = io::BufWriter::new(file.writer());
            let summary = pipeline::run(
                &pool,
                inputs,
                &cleaners,
                forced,
                |o| write_outcome(&mut out, o, format, many),
                |n, _| bar.inc(n as u64),
            );
            let summary = summary.and_then(|s| out.flush().map(|()| s));
            drop(out);
            let summary = summary.with_context(|| format!("cannot write {}", path.display()))?;
            file.commit(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            summary
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            let summary = pipeline::run(
                &pool,
                inputs,
                &cleaners,
                forced,
                |o| write_outcome(&mut out, o, format, many),
                |n, _| bar.inc(n as u64),
            );
            summary
                .and_then(|s| out.flush().map(|()| s))
                .context("cannot write to stdout")?
        }
    };
    bar.finish_and_clear();
    if !args.quiet {
        print_summary(&summary);
    }
    Ok(if summary.errors > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

fn progress_bar(total: usize, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {pos}/{len} documents [{elapsed_precise}] {wide_bar} {per_sec} ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

fn print_summary(summary: &Summary) {
    let outlets: Vec<String> = summary
        .per_outlet
        .iter()
        .map(|(o, n)| format!("{o} {n}"))
        .collect();
    eprintln!(
        "deboil: {} documents ({}), {} errors",
        summary.documents,
        if outlets.is_empty() {
            "none cleaned".into()
        } else {
            outlets.join(", ")
        },
        summary.errors
    );
    let mut rules: Vec<_> = summary.per_rule.iter().collect();
    rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !rules.is_empty() {
        let top: Vec<String> = rules
            .iter()
            .take(5)
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        eprintln!("deboil: removed most by {}", top.join(", "));
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
    let forced = args
        .outlet
        .as_deref()
        .map(|name| base.require(name))
        .transpose()?;
    let versions = match &args.diff {
        Some(pair) => {
            let mut old = base.clone();
            old.load_rules_file(&pair[0])?;
            let mut new = base.clone();
            new.load_rules_file(&pair[1])?;
            Some((old, new))
        }
        None => None,
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for file in &args.files {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        let id = file
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        match &versions {
            None => {
                let cleaned = base.clean(&id, &text, None, forced);
                out.write_all(explain::explain(&text, &cleaned, style).as_bytes())?;
            }
            Some((old, new)) => {
                let pick = |c: &'_ Cleaners| forced.and_then(|f| c.get(&f.name)).cloned();
                let before = old.clean(&id, &text, None, pick(old).as_ref());
                let after = new.clean(&id, &text, None, pick(new).as_ref());
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
        for rule in &rules.rules {
            writeln!(
                out,
                "    {:<34} {:<12} {}",
                rule.id,
                rule.kind.as_str(),
                rule.why
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
