//! Project chores, run as `cargo xtask <task>`: scaffolding an outlet, reviewing
//! and checking snapshots, tidy checks.

mod bench;
mod eval;
mod new_outlet;
mod spark;

/// The same allocator as the `deboil` binary, so `eval` and `bench` time what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  new-outlet NAME --domain DOMAIN [--from PATH...]
                       scaffold an outlet crate, register it, copy sample dumps as fixtures
  eval aeb [--show ID] [--against FILE...]
                       the article-extraction benchmark (../shared/bench): precision, recall, F1,
                       accuracy with its own metric, pages/s on one thread (runs in release);
                       --against scores another extractor's output on the same pages, a JSON
                       Lines file of {\"id\", \"text\", \"secs\"?} per page (named by its
                       file stem; with every page's secs, its pages/s too)
  compare              trafilatura, jusText and readability-lxml (pinned, in a venv from PyPI)
                       and deboil on the benchmark's pages in one run, then on the same pages
                       as text dumps: the same metric, pages/s
  eval text [--show ID] [--against FILE...]
                       the generic text cleaner on the benchmark's pages as text dumps:
                       keep everything, shared packs only, packs + classifier (P, R, F1,
                       pages/s); --against as for eval aeb, on the dumps
  bench [--size-mb N] [--seed S] [--pairs N] [--no-criterion]
                       synthetic corpus (default 1024 MB) as files and as JSON Lines; deboil
                       with 1 thread, held to one core and on all cores: documents/s, MB/s,
                       peak RSS, and all cores against one core (N more pairs of runs for
                       that ratio, default 2); then the engine's criterion benches
  review [OUTLET]      run the snapshot tests, then `cargo insta review` (one outlet's fixtures when given)
  spark                deboil as a Spark stage (pinned pyspark in a venv; needs Java 17):
                       local[2] and local-cluster runs must equal a single-machine run
  snapshots --check    fail when a snapshot is pending, stale or has no fixture (for CI)
  tidy                 layout checks: module docs, registry, fixtures vs snapshots, no ignored tests";

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("new-outlet") => new_outlet::run(&workspace_root(), &new_outlet::parse(&args[1..])?),
        Some("bench") => bench::bench(&workspace_root(), &bench::parse(&args[1..])?),
        Some("eval") if args.get(1).map(String::as_str) == Some("aeb") => {
            eval::aeb(&workspace_root(), &eval::EvalOptions::parse(&args[2..])?)
        }
        Some("compare") => eval::compare(&workspace_root()),
        Some("eval") if args.get(1).map(String::as_str) == Some("text") => {
            eval::text::text(&workspace_root(), &eval::EvalOptions::parse(&args[2..])?)
        }
        Some("review") => review(args.get(1).map(String::as_str)),
        Some("tidy") => tidy(),
        Some("spark") => spark::spark(&workspace_root()),
        Some("snapshots") if args.get(1).map(String::as_str) == Some("--check") => {
            check_snapshots()
        }
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("{USAGE}"),
    }
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The workspace's target directory (`CARGO_TARGET_DIR` when set).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from)
}

/// `cargo`, as the xtask itself was run, in the workspace root.
fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(workspace_root());
    cmd
}

/// Runs a command to its end; failing to start or an unsuccessful exit is an error
/// that names `what`.
fn run_checked(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd.status().with_context(|| format!("cannot run {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// The pip every venv installs with: the one Python 3.11 comes with fails to
/// resolve some packages (lxml's extras, which trafilatura asks for twice).
const PIP: &str = "pip==26.3";

/// A Python venv under the target directory with exactly `requirements` (pinned
/// `name==version` lines) installed, by a pinned pip, made once and reused while
/// they stay the same; returns its `python`.
fn python_venv(name: &str, requirements: &[&str]) -> Result<PathBuf> {
    let dir = target_dir().join(name);
    let python = dir.join("bin/python");
    let marker = dir.join(".installed");
    let wanted = [PIP]
        .iter()
        .chain(requirements)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if std::fs::read_to_string(&marker).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(python);
    }
    let base = ["python3.11", "python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .context("no python3 on PATH")?;
    eprintln!(
        "creating {} with {} ...",
        dir.display(),
        requirements.join(" ")
    );
    let _ = std::fs::remove_dir_all(&dir);
    run_checked(
        Command::new(base).args(["-m", "venv"]).arg(&dir),
        "python -m venv",
    )?;
    let pip_install = || {
        let mut pip = Command::new(&python);
        pip.args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ]);
        pip
    };
    run_checked(pip_install().arg(PIP), &format!("pip install {PIP}"))?;
    run_checked(
        pip_install().args(requirements),
        &format!("pip install into {}", dir.display()),
    )?;
    std::fs::write(marker, wanted)?;
    Ok(python)
}

fn tidy() -> Result<()> {
    run_checked(
        cargo().args(["test", "--quiet", "--test", "tidy"]),
        "the tidy checks",
    )
}

fn has_cargo_insta() -> bool {
    cargo()
        .args(["insta", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn review(outlet: Option<&str>) -> Result<()> {
    if !has_cargo_insta() {
        bail!("cargo-insta is not installed; install it with `cargo install cargo-insta --locked`");
    }
    let mut test = cargo();
    test.args(["insta", "test", "--review", "--test", "fixtures"]);
    if let Some(outlet) = outlet {
        test.env("INSTA_GLOB_FILTER", format!("{outlet}/**"));
    }
    run_checked(&mut test, "the snapshot review")
}

fn check_snapshots() -> Result<()> {
    if !has_cargo_insta() {
        bail!("cargo-insta is not installed; install it with `cargo install cargo-insta --locked`");
    }
    run_checked(
        cargo().args([
            "insta",
            "test",
            "--check",
            "--unreferenced=reject",
            "--test",
            "fixtures",
        ]),
        "the snapshot check (snapshots pending, stale or orphaned: run `cargo xtask review`)",
    )
}
