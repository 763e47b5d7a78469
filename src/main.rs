//! The `deboil` binary: parse the command line, run it, exit with its code.

mod cli;

/// Documents are many small allocations (lines, paragraphs, tree nodes) freed in
/// bulk; mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run(cli::parse()));
}
