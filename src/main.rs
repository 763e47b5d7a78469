//! The `deboil` binary: parse the command line, run it, exit with its code.

mod cli;

fn main() {
    std::process::exit(cli::run(cli::parse()));
}
