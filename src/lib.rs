//! deboil: the CLI's library half. The outlet registry and detection, reading
//! inputs, the parallel cleaning run, and the output formats; the engine and the outlets
//! live in `crates/`.

pub mod explain;
pub mod input;
pub mod learn;
pub mod output;
pub mod page;
pub mod pipeline;
pub mod registry;
mod warc;

pub use registry::Cleaners;
