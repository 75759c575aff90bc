//! Deterministic generator of labelled test contracts for mc2lint.
//!
//! ```text
//! cargo run --release --example gen_fixtures -- --out DIR [--count N] [--seed S] [--threads T]
//! ```
//!
//! Writes `NNN-slug.docx` and `NNN-slug.expected.json` for each contract. The
//! label gives, for each of the 27 terms of pack `mc2@2`, the verdict a careful
//! reader would give in the accepted view, the weakening kinds, the clause
//! number as Word displays it and a short substring of the clause text. Output
//! depends only on `--seed` and the contract index (not on `--count` or the
//! number of threads). See `fixtures/README.md`.

#[path = "gen_fixtures/contract.rs"]
mod contract;
#[path = "gen_fixtures/docx_out.rs"]
mod docx_out;
#[path = "gen_fixtures/label.rs"]
mod label;
#[path = "gen_fixtures/model.rs"]
mod model;
#[path = "gen_fixtures/plan.rs"]
mod plan;
#[path = "gen_fixtures/render.rs"]
mod render;
#[path = "gen_fixtures/rng.rs"]
mod rng;
#[path = "gen_fixtures/terms.rs"]
mod terms;

use contract::{Stats, KINDS};
use std::path::PathBuf;

struct Args {
    out: PathBuf,
    count: usize,
    seed: u64,
    threads: usize,
    quiet: bool,
}

fn usage() -> ! {
    eprintln!("usage: gen_fixtures [--out DIR] [--count N] [--seed S] [--threads T] [--quiet]");
    std::process::exit(2);
}

fn parse_args() -> Args {
    let mut a = Args {
        out: PathBuf::from("fixtures/contracts"),
        count: 80,
        seed: 1,
        threads: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        quiet: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--out" => a.out = PathBuf::from(val()),
            "--count" => a.count = val().parse().unwrap_or_else(|_| usage()),
            "--seed" => a.seed = val().parse().unwrap_or_else(|_| usage()),
            "--threads" => a.threads = val().parse::<usize>().unwrap_or_else(|_| usage()).max(1),
            "--quiet" | "-q" => a.quiet = true,
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    a
}

fn main() {
    let args = parse_args();
    std::fs::create_dir_all(&args.out).unwrap_or_else(|e| {
        eprintln!("cannot create {}: {e}", args.out.display());
        std::process::exit(1);
    });
    let width = args.count.saturating_sub(1).to_string().len().max(3);
    let threads = args.threads.min(args.count.max(1));
    let start = std::time::Instant::now();
    let total = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let args = &args;
                s.spawn(move || {
                    let mut stats = Stats::default();
                    let mut bytes = 0usize;
                    let mut i = t;
                    while i < args.count {
                        let g = contract::generate(args.seed, i as u64);
                        let docx = docx_out::pack(docx_out::build(&g.doc, &g.cfg));
                        let stem = format!("{:0width$}-{}", i, g.slug, width = width);
                        let dp = args.out.join(format!("{stem}.docx"));
                        let lp = args.out.join(format!("{stem}.expected.json"));
                        bytes += docx.len() + g.label.len();
                        std::fs::write(&dp, &docx).expect("write docx");
                        std::fs::write(&lp, &g.label).expect("write label");
                        stats.add(&g.stats);
                        i += threads;
                    }
                    (stats, bytes)
                })
            })
            .collect();
        let mut total = (Stats::default(), 0usize);
        for h in handles {
            let (st, b) = h.join().expect("worker panicked");
            total.0.add(&st);
            total.1 += b;
        }
        total
    });
    let (stats, bytes) = total;
    let n_terms: usize = stats.verdicts.iter().sum();
    eprintln!(
        "wrote {} contracts ({} labels, {:.1} MB) to {} in {:.2}s",
        args.count,
        n_terms,
        bytes as f64 / 1e6,
        args.out.display(),
        start.elapsed().as_secs_f64()
    );
    if args.quiet {
        return;
    }
    let names = ["conformant", "weakened", "deviating", "missing"];
    eprintln!("verdicts:");
    for (n, c) in names.iter().zip(stats.verdicts.iter()) {
        eprintln!("  {n:<12} {c:>6}  ({:.1}%)", 100.0 * *c as f64 / n_terms.max(1) as f64);
    }
    eprintln!("kinds (weakened terms may carry several):");
    for (k, c) in KINDS.iter().zip(stats.kinds.iter()) {
        eprintln!("  {k:<12} {c:>6}");
    }
    let mut feats = stats.features.clone();
    feats.sort();
    eprintln!("features (documents):");
    for (f, c) in feats {
        eprintln!("  {f:<24} {c:>6}");
    }
}
