//! `mc2lint audit PATH...`: checks a whole portfolio of contracts in parallel.
//!
//! Inputs are directories (walked with the `ignore` crate, so `.gitignore`,
//! `.ignore` and `.mc2lintignore` files are respected; only `*.docx`, `*.docm`
//! and `*.dotx` are taken), globs (`'contracts/**/*.docx'`, for shells that
//! do not expand them), `@list.txt` files (one path per line), and plain files. Every input appears in the output exactly once; an unreadable one is
//! an error row and the run goes on. Documents are checked on a rayon pool and
//! sent, in completion order, through a channel to one writer thread, which
//! writes JSONL lines as they arrive (whole lines, flushed), or keeps compact
//! rows for the formats written at the end (CSV, JSON, HTML).

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use clap::Args;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::check::{exit_code, CheckCommon, FailOn};
use super::{EXIT_ERROR, EXIT_OK};
use crate::check::Checker;
use crate::docx;
use crate::error::ReadError;
use crate::model::DocumentReport;
use crate::report::table::{self, Columns, Format, Tally};

/// File name extensions `audit` takes from directories (case-insensitive).
pub const EXTENSIONS: [&str; 3] = ["docx", "docm", "dotx"];

#[derive(Args)]
#[command(after_help = "Examples:\n  \
mc2lint audit contracts/ -o audit.jsonl\n  \
mc2lint audit contracts/ --format csv -o audit.csv\n  \
mc2lint audit @todo.txt --resume audit.jsonl\n  \
mc2lint audit contracts/ --shard 3/8 -o shard-3.jsonl   # then: mc2lint merge shard-*.jsonl --format html -o report.html")]
pub struct AuditArgs {
    /// Directories (walked recursively, respecting .gitignore/.ignore/.mc2lintignore; only
    /// *.docx, *.docm, *.dotx), files, globs (quoted, e.g. 'contracts/**/*.docx'), or @LIST
    /// (a text file with one path or glob per line; only when no file of that very name
    /// exists, so `@x.docx` is checked as a document).
    #[arg(required_unless_present = "from_list", value_name = "PATH")]
    paths: Vec<String>,
    /// Read paths or globs, one per line, from this file (what `@LIST` does, for any name).
    #[arg(long, value_name = "LIST")]
    from_list: Vec<PathBuf>,
    #[command(flatten)]
    common: CheckCommon,
    /// Output format. JSONL is written line by line as documents finish; the others at the end.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Write the output here instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Continue an earlier JSONL run: skip inputs whose path and SHA-256 are already in
    /// OUT.jsonl, and append the rest to it.
    #[arg(long, value_name = "OUT.jsonl")]
    resume: Option<PathBuf>,
    /// Check only shard K of N (1-based): inputs whose hashed path modulo N is K-1.
    /// Run N workers with K = 1..N, then join their outputs with `mc2lint merge`.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Exit with status 1 when a finding reaches this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Use this config file instead of the repository root's `mc2lint.toml`.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Worker threads (default: RAYON_NUM_THREADS, else the number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Print no progress bar and no summary table on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// `--shard K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let err = || format!("expected K/N with 1 <= K <= N, e.g. 2/8; got {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(err)?;
        let (k, n): (u64, u64) = (k.trim().parse().map_err(|_| err())?, n.trim().parse().map_err(|_| err())?);
        if n == 0 || k == 0 || k > n {
            return Err(err());
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    /// Whether `path` (as displayed in the output) belongs to this shard. The hash is
    /// SHA-256 of the path string, so every machine agrees on the split.
    pub fn keeps(&self, path: &str) -> bool {
        shard_hash(path) % self.n == self.k - 1
    }
}

/// The first 8 bytes of SHA-256 of the path string, big-endian.
pub fn shard_hash(path: &str) -> u64 {
    let d = Sha256::digest(path.as_bytes());
    u64::from_be_bytes(d[..8].try_into().expect("8 bytes"))
}

fn is_candidate(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Word's owner files (`~$name.docx`) are lock files, never contracts.
    if name.starts_with("~$") {
        return false;
    }
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Expands the command-line arguments into a sorted, de-duplicated list of inputs.
/// Problems that are not about one input (an unreadable @list) are errors;
/// directory entries that cannot be read are reported on stderr.
/// `lists` are `--from-list` files.
pub fn collect_inputs(args: &[String], lists: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for list in lists {
        add_list(list, &mut out)?;
    }
    for arg in args {
        // `@x.docx` that exists is a document (a shell glob can expand to it), not a list.
        match arg.strip_prefix('@') {
            Some(list) if !Path::new(arg).exists() => add_list(Path::new(list), &mut out)?,
            _ => add_arg(arg, &mut out)?,
        }
    }
    let mut seen = HashSet::new();
    out.retain(|p| seen.insert(p.display().to_string()));
    out.sort_by_key(|p| p.display().to_string());
    Ok(out)
}

/// Adds every path or glob listed in `list`, one per line (`#` comments, blank lines skipped).
fn add_list(list: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let text = std::fs::read_to_string(list).map_err(|e| format!("cannot read input list {}: {e}", list.display()))?;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        add_arg(line, out)?;
    }
    Ok(())
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Expands a glob such as `contracts/**/*.docx` (gitignore-style syntax, `**`
/// crossing directories) by walking its longest literal directory prefix.
fn add_glob(pattern: &str, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let path = Path::new(pattern);
    let mut base = PathBuf::new();
    let mut rest = Vec::new();
    for c in path.components() {
        let text = c.as_os_str().to_string_lossy();
        if rest.is_empty() && !is_glob(&text) {
            base.push(c);
        } else {
            rest.push(text.into_owned());
        }
    }
    let root = if base.as_os_str().is_empty() { PathBuf::from(".") } else { base.clone() };
    let glob = format!("/{}", rest.join("/"));
    let overrides = ignore::overrides::OverrideBuilder::new(&root)
        .add(&glob)
        .and_then(|b| b.build())
        .map_err(|e| format!("bad pattern {pattern:?}: {e}"))?;
    let walker = ignore::WalkBuilder::new(&root)
        .require_git(false)
        .add_custom_ignore_filename(".mc2lintignore")
        .overrides(overrides)
        .build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let p = if base.as_os_str().is_empty() {
                    e.path().strip_prefix(".").unwrap_or(e.path()).to_path_buf()
                } else {
                    e.path().to_path_buf()
                };
                if !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$")) {
                    out.push(p);
                }
            }
            Ok(_) => {}
            Err(e) => crate::eline!("warning: {e}"),
        }
    }
    Ok(())
}

fn add_arg(arg: &str, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if is_glob(arg) && !Path::new(arg).exists() {
        add_glob(arg, out)
    } else {
        add_path(Path::new(arg), out);
        Ok(())
    }
}

fn add_path(path: &Path, out: &mut Vec<PathBuf>) {
    if !path.is_dir() {
        // A named file is taken whatever its extension; a missing one becomes an error row.
        out.push(path.to_path_buf());
        return;
    }
    let walker = ignore::WalkBuilder::new(path)
        .require_git(false)
        .add_custom_ignore_filename(".mc2lintignore")
        .follow_links(true)
        .build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_candidate(e.path()) => {
                out.push(e.path().to_path_buf())
            }
            Ok(_) => {}
            Err(e) => crate::eline!("warning: {e}"),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a worker sends to the writer.
enum Outcome {
    Checked(Box<DocumentReport>),
    /// Already in the resume file (index into the earlier reports).
    Resumed(usize),
}

/// Checks one document within `budget` (see `budget::run_within`); past it, or
/// when the check fails, the document becomes an error row and the run goes on.
fn check_within(checker: &Arc<Checker>, path: &Path, bytes: Vec<u8>, budget: Option<Duration>) -> DocumentReport {
    let sha = hex(&Sha256::digest(&bytes));
    let (worker, owned) = (Arc::clone(checker), path.to_path_buf());
    match super::budget::run_within(budget, move || worker.check_bytes(&owned, &bytes)) {
        Ok(report) => report,
        Err((code, cause)) => {
            DocumentReport::from_error(&path.display().to_string(), &ReadError::new(code, path, cause), Some(sha))
        }
    }
}

/// Checks one input, or recognises it as done in an earlier run.
fn process(
    checker: &Arc<Checker>,
    path: &Path,
    done: &HashMap<String, (usize, Option<String>)>,
    budget: Option<Duration>,
) -> Outcome {
    let shown = path.display().to_string();
    let bytes = match docx::read_input(path, checker.options.limits.max_file) {
        Ok(b) => b,
        // Unreadable last time too: its error row stands (it has no SHA to compare).
        Err(_) if matches!(done.get(&shown), Some((_, None))) => return Outcome::Resumed(done[&shown].0),
        Err(e) => return Outcome::Checked(Box::new(DocumentReport::from_error(&shown, &e, None))),
    };
    if let Some((i, Some(sha))) = done.get(&shown) {
        if *sha == hex(&Sha256::digest(&bytes)) {
            return Outcome::Resumed(*i);
        }
    }
    Outcome::Checked(Box::new(check_within(checker, path, bytes, budget)))
}

/// Cuts a partial last line (left by a run that was killed mid-write) off a
/// JSONL file, however long it is, so the next report starts on a line of its own.
fn trim_partial_line(mut f: &File) -> io::Result<()> {
    const CHUNK: u64 = 64 << 10;
    let len = f.metadata()?.len();
    let mut end = len;
    let mut chunk = Vec::new();
    while end > 0 {
        let start = end.saturating_sub(CHUNK);
        chunk.resize((end - start) as usize, 0);
        f.seek(SeekFrom::Start(start))?;
        f.read_exact(&mut chunk)?;
        if end == len && chunk.last() == Some(&b'\n') {
            return Ok(());
        }
        if let Some(i) = chunk.iter().rposition(|b| *b == b'\n') {
            return f.set_len(start + i as u64 + 1);
        }
        end = start;
    }
    f.set_len(0)
}

/// Exit status after Ctrl-C (128 + SIGINT), once the output is written.
const EXIT_INTERRUPTED: i32 = 130;

/// Ctrl-C sets `flag`: no new document is started, those in hand finish, and
/// the output is written from what is complete. A second Ctrl-C exits at once.
fn catch_interrupt(flag: &Arc<AtomicBool>) {
    #[cfg(unix)]
    {
        use signal_hook::consts::SIGINT;
        // Registered first, so it sees the flag as the previous Ctrl-C left it.
        let _ = signal_hook::flag::register_conditional_shutdown(SIGINT, EXIT_INTERRUPTED, Arc::clone(flag));
        let _ = signal_hook::flag::register(SIGINT, Arc::clone(flag));
    }
    #[cfg(not(unix))]
    let _ = flag;
}

/// Opens the JSONL output (appending for `--resume`, else emptied) with an
/// advisory lock held until the process ends, so a second audit writing or
/// resuming the same file is refused instead of interleaving its lines.
fn open_locked(path: &Path, append: bool) -> Result<File, String> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .append(append)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    // `-o /dev/null` or a pipe: nothing to lock or empty.
    if file.metadata().is_ok_and(|m| !m.is_file()) {
        return Ok(file);
    }
    match try_lock(&file) {
        Ok(true) => {}
        Ok(false) => {
            return Err(format!(
                "{} is being written by another mc2lint audit; wait for it to finish or choose another output file",
                path.display()
            ))
        }
        Err(e) => return Err(format!("cannot lock {}: {e}", path.display())),
    }
    if !append {
        file.set_len(0).map_err(|e| format!("cannot empty {}: {e}", path.display()))?;
    }
    Ok(file)
}

/// An exclusive advisory lock (flock) on `file`, without waiting: false when
/// another process holds one. Released when the process ends.
#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor this File owns for as long as the call.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    if e.kind() == io::ErrorKind::WouldBlock {
        Ok(false)
    } else {
        Err(e)
    }
}

#[cfg(not(unix))]
fn try_lock(_: &File) -> io::Result<bool> {
    Ok(true)
}

/// The reports of an earlier run in the locked resume file, a partial last line cut off first.
fn load_prior(path: &Path, file: &File) -> Result<Vec<DocumentReport>, String> {
    trim_partial_line(file).map_err(|e| format!("cannot repair {}: {e}", path.display()))?;
    let (docs, bad) = table::read_jsonl(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bad > 0 {
        crate::eline!("warning: {}: ignored {bad} line(s) that are not document reports", path.display());
    }
    Ok(docs)
}

pub fn run(args: AuditArgs) -> i32 {
    match audit(args) {
        Ok(code) => code,
        Err(e) => {
            crate::eline!("error: {e}");
            EXIT_ERROR
        }
    }
}

fn audit(args: AuditArgs) -> Result<i32, String> {
    // One checker for the portfolio (one set of columns): `--config`, else the
    // repository root's mc2lint.toml, never one found beside the contracts.
    let mut checkers = super::check::Checkers::new(&args.common, args.config.as_deref(), false)?;
    let checker = Arc::new(checkers.for_portfolio()?.clone());
    let budget = args.common.budget();
    let cols = Columns::from_pack(&checker.pack, checker.options.view.as_str());

    if let Some(resume) = &args.resume {
        if args.format != Format::Jsonl {
            return Err("--resume appends to a JSONL file; use --format jsonl (the default)".into());
        }
        if args.output.as_ref().is_some_and(|o| o != resume) {
            return Err("--resume FILE writes to FILE; drop -o or give the same file".into());
        }
    }
    let all = collect_inputs(&args.paths, &args.from_list)?;
    if all.is_empty() {
        return Err(format!("no DOCX files found in {}", args.paths.join(" ")));
    }
    let inputs: Vec<PathBuf> = match args.shard {
        Some(s) => all.into_iter().filter(|p| s.keeps(&p.display().to_string())).collect(),
        None => all,
    };

    // The output. JSONL to a file is locked before it is read (--resume) or emptied.
    let out_path = args.resume.clone().or(args.output.clone()).filter(|p| p.as_os_str() != "-");
    if let Some(p) = out_path.as_ref().filter(|p| inputs.iter().any(|i| crate::output::same_file(i, p))) {
        return Err(format!("{}: is one of the inputs; refusing to write over it, choose another output", p.display()));
    }
    let jsonl_file = match &out_path {
        Some(p) if args.format == Format::Jsonl => Some(open_locked(p, args.resume.is_some())?),
        _ => None,
    };
    let prior = match (&args.resume, &jsonl_file) {
        (Some(resume), Some(file)) => load_prior(resume, file)?,
        _ => Vec::new(),
    };
    // The last row of each path; an error row without a SHA counts too.
    let done: HashMap<String, (usize, Option<String>)> =
        prior.iter().enumerate().map(|(i, d)| (d.path.clone(), (i, d.sha256.clone()))).collect();
    let mut out: Box<dyn Write + Send> = match jsonl_file {
        // JSONL is written line by line as documents finish: what `--resume` continues.
        Some(file) => Box::new(file),
        // CSV, JSON and HTML are written whole at the end, atomically (`output::write_file`).
        None if out_path.is_some() => Box::new(io::sink()),
        None => Box::new(io::stdout()),
    };

    let progress = if !args.quiet && io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        let style = indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {pos}/{len} docs  {rate}  ETA {eta}  {msg}",
        )
        .expect("valid template")
        .with_key("rate", |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.1} docs/s", s.per_sec());
        })
        .progress_chars("=> ");
        bar.set_style(style);
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let stop = AtomicBool::new(false);
    let interrupted = Arc::new(AtomicBool::new(false));
    catch_interrupt(&interrupted);
    let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(256);
    let format = args.format;
    let fail_on = args.fail_on;

    let (tally, code, write_error, table_bytes) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut tally = Tally::default();
            let mut code = EXIT_OK;
            let mut write_error: Option<io::Error> = None;
            let mut rows: Vec<(String, String)> = Vec::new();
            let mut docs: Vec<DocumentReport> = Vec::new();
            let mut try_write = |out: &mut Box<dyn Write + Send>, bytes: &[u8]| {
                if write_error.is_none() {
                    if let Err(e) = out.write_all(bytes).and_then(|_| out.flush()) {
                        write_error = Some(e);
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            };
            for (_, outcome) in rx {
                let doc = match &outcome {
                    Outcome::Checked(d) => d,
                    Outcome::Resumed(i) => {
                        tally.resumed += 1;
                        &prior[*i]
                    }
                };
                tally.add(doc);
                code = code.max(exit_code(std::slice::from_ref(doc), fail_on));
                if doc.is_error() {
                    progress.set_message(format!("{} unreadable", tally.errors));
                }
                progress.inc(1);
                match format {
                    Format::Jsonl => {
                        if let Outcome::Checked(d) = &outcome {
                            try_write(&mut out, table::jsonl_line(d).as_bytes());
                        }
                    }
                    Format::Csv => rows.push((doc.path.clone(), table::csv_row(doc, &cols))),
                    Format::Json | Format::Html => docs.push(match outcome {
                        Outcome::Checked(d) => *d,
                        Outcome::Resumed(i) => prior[i].clone(),
                    }),
                }
            }
            let mut table_bytes = Vec::new();
            match format {
                Format::Jsonl => {}
                Format::Csv => {
                    rows.sort();
                    table_bytes.extend_from_slice(table::csv_header(&cols).as_bytes());
                    for (_, row) in &rows {
                        table_bytes.extend_from_slice(row.as_bytes());
                    }
                }
                Format::Json | Format::Html => {
                    docs.sort_by(|a, b| a.path.cmp(&b.path));
                    if let Err(e) = table::write_all(&mut table_bytes, format, &docs, &cols) {
                        write_error.get_or_insert(e);
                    }
                }
            }
            (tally, code, write_error, table_bytes)
        });
        pool.install(|| {
            inputs.par_iter().enumerate().for_each_with(tx, |tx, (i, path)| {
                if stop.load(Ordering::Relaxed) || interrupted.load(Ordering::Relaxed) {
                    return;
                }
                let _ = tx.send((i, process(&checker, path, &done, budget)));
            });
        });
        writer.join().expect("writer thread")
    });
    progress.finish_and_clear();

    if !args.quiet {
        eprint!("{}", tally.render(&cols));
    }
    let code = if interrupted.load(Ordering::Relaxed) {
        let rest = match &out_path {
            Some(p) if format == Format::Jsonl => format!("continue with `--resume {}`", p.display()),
            _ => "the output holds the finished documents only".to_string(),
        };
        crate::eline!("interrupted: {} of {} documents done; {rest}", tally.documents, inputs.len());
        EXIT_INTERRUPTED
    } else {
        code
    };
    let written = match (&write_error, &out_path) {
        (Some(_), _) => Ok(()),
        (None, _) if format == Format::Jsonl => Ok(()),
        (None, Some(p)) => return crate::output::write_file(p, |w| w.write_all(&table_bytes)).map(|_| code),
        (None, None) => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(&table_bytes).and_then(|_| stdout.flush())
        }
    };
    match (write_error.or(written.err()), out_path) {
        (None, _) => Ok(code),
        (Some(e), None) => Ok(crate::output::stdout_failed(&e, code)),
        (Some(e), Some(p)) => Err(format!("cannot write to {}: {e}", p.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { k: 2, n: 8 }));
        for bad in ["0/3", "4/3", "1/0", "x", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { k, n: 3 }).collect();
        for i in 0..200 {
            let p = format!("dir/contract-{i}.docx");
            assert_eq!(shards.iter().filter(|s| s.keeps(&p)).count(), 1);
        }
        // Stable across runs, machines and versions: SHA-256's first 8 bytes, big-endian
        // (values from Python's hashlib), so shards of one audit agree wherever they run.
        assert_eq!(shard_hash("a.docx"), 16_311_305_097_697_213_356);
        assert_eq!(shard_hash("dir/contract-7.docx"), 12_804_188_241_751_621_553);
    }

    #[test]
    fn candidates_by_extension() {
        assert!(is_candidate(Path::new("a/b.DOCX")));
        assert!(is_candidate(Path::new("b.docm")) && is_candidate(Path::new("b.dotx")));
        assert!(!is_candidate(Path::new("b.doc")) && !is_candidate(Path::new("~$b.docx")));
    }
}
