//! Criterion benchmarks for the engine alone: compiling a rules file, and cleaning
//! one dump of each bundled outlet's seed (no IO, no threads).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use deboil_engine::RuleSet;

const SEEDS: &[(&str, &str, &str)] = &[
    (
        "independent",
        include_str!("../../outlets/independent/rules.toml"),
        include_str!("../../../fixtures/independent/seed-byline-date-captions-comments.txt"),
    ),
    (
        "dw",
        include_str!("../../outlets/dw/rules.toml"),
        include_str!("../../../fixtures/dw/seed-skip-links-kicker-image-video.txt"),
    ),
    (
        "jordantimes",
        include_str!("../../outlets/jordantimes/rules.toml"),
        include_str!("../../../fixtures/jordantimes/seed-byline-date-line-related-articles.txt"),
    ),
    (
        "ntb",
        include_str!("../../outlets/ntb/rules.toml"),
        include_str!("../../../fixtures/ntb/seed-date-stamp-no-title-subheadings.txt"),
    ),
];

fn clean(c: &mut Criterion) {
    let mut group = c.benchmark_group("clean");
    for (name, rules, dump) in SEEDS {
        let rules = RuleSet::from_toml(rules).expect("bundled rules compile");
        group.throughput(Throughput::Bytes(dump.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), dump, |b, dump| {
            b.iter(|| rules.clean("bench", dump));
        });
    }
    group.finish();
}

fn compile(c: &mut Criterion) {
    c.bench_function("compile/independent", |b| {
        b.iter(|| RuleSet::from_toml(SEEDS[0].1).expect("compiles"));
    });
}

criterion_group!(benches, clean, compile);
criterion_main!(benches);
