//! Project chores, run as `cargo xtask <task>`.

use std::process::Command;

use anyhow::{bail, Context, Result};

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  review [OUTLET]      run the snapshot tests, then `cargo insta review` (one outlet's fixtures when given)
  snapshots --check    fail when a snapshot is pending, stale or has no fixture (for CI)";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("review") => review(args.get(1).map(String::as_str)),
        Some("snapshots") if args.get(1).map(String::as_str) == Some("--check") => check_snapshots(),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("{USAGE}"),
    }
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn has_cargo_insta() -> bool {
    cargo().args(["insta", "--version"]).output().is_ok_and(|o| o.status.success())
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
    let status = test.status().context("running cargo insta")?;
    if !status.success() {
        bail!("snapshot review ended with {status}");
    }
    Ok(())
}

fn check_snapshots() -> Result<()> {
    if !has_cargo_insta() {
        bail!("cargo-insta is not installed; install it with `cargo install cargo-insta --locked`");
    }
    let status = cargo()
        .args(["insta", "test", "--check", "--unreferenced=reject", "--test", "fixtures"])
        .status()
        .context("running cargo insta")?;
    if !status.success() {
        bail!("snapshots are pending, stale or orphaned ({status}); run `cargo xtask review`");
    }
    Ok(())
}
