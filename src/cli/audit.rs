//! `mc2lint audit PATH...`: checks a whole portfolio of contracts in parallel.
//!
//! Inputs are directories (walked with the `ignore` crate, so `.gitignore`,
//! `.ignore` and `.mc2lintignore` files are respected), globs
//! (`'contracts/**/*.docx'`, for shells that do not expand them), `@list.txt`
//! files (one path per line), and plain files. Every input appears in the
//! output exactly once: `*.docx`, `*.docm` and `*.dotx` are checked; PDFs,
//! legacy .doc, RTF, OpenDocument and Pages files are rows with status
//! `skipped`, a stable code and what to do (`audit::files`; `--only-docx`
//! leaves them out); an unreadable file, folder or symbolic-link loop is an
//! error row, and the run goes on. Each contract is checked with the config
//! `check` would use for it (the nearest `mc2lint.toml` above it, or
//! `--config`), so both give the same verdicts.
//!
//! Documents are checked on worker threads (`workers`: each checks the
//! documents it takes, a watchdog enforces `--max-seconds`) and sent, in
//! completion order, through a channel to one writer thread, which writes
//! JSONL lines as they arrive (whole lines, flushed), or keeps compact rows
//! for the formats written at the end (CSV, JSON, HTML).

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use clap::Args;
use sha2::{Digest, Sha256};

use super::check::{exit_code, CheckCommon, Checkers, FailOn};
use super::workers::{self, Fallback, Worker};
use super::{EXIT_ERROR, EXIT_OK};
use crate::audit::files::{self, Others};
use crate::audit::rate::{short_duration, Rate};
use crate::check::Checker;
use crate::docx;
use crate::error::ReadError;
use crate::model::DocumentReport;
use crate::report::portfolio::Portfolio;
use crate::report::table::{self, Columns, Format, Tally};

/// File name extensions `audit` checks (case-insensitive).
pub const EXTENSIONS: [&str; 3] = files::DOCX_EXTENSIONS;

#[derive(Args)]
#[command(after_help = "Examples:\n  \
mc2lint audit contracts/ -o audit.jsonl\n  \
mc2lint audit contracts/ --format csv -o audit.csv\n  \
mc2lint audit @todo.txt --resume audit.jsonl\n  \
mc2lint audit contracts/ --shard 3/8 -o shard-3.jsonl   # then: mc2lint merge shard-*.jsonl --format html -o report.html")]
pub struct AuditArgs {
    /// Directories (walked recursively, respecting .gitignore/.ignore/.mc2lintignore; *.docx,
    /// *.docm, *.dotx are checked, PDF/.doc/.rtf/.odt/.pages files listed as not checked), files, globs (quoted, e.g. 'contracts/**/*.docx'), or @LIST
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
    /// Exit with status 1 when a finding reaches this severity [default: error, or `fail-on` in mc2lint.toml].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Use this config file instead of the nearest `mc2lint.toml` above each input (as `check` does).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Take only *.docx, *.docm and *.dotx from folders, and list nothing else (PDFs, .doc files).
    #[arg(long)]
    only_docx: bool,
    /// Start a CSV with a UTF-8 byte order mark, so that spreadsheet software reads accents right.
    #[arg(long)]
    bom: bool,
    /// Worker threads (default, or 0: RAYON_NUM_THREADS, still read for scripts that set it, else the number of CPUs).
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

/// One input of the audit: a file to check, or a row decided while walking
/// (a file not checked, an entry that could not be followed).
#[derive(Debug)]
pub enum Entry {
    Check(PathBuf),
    Row(Box<DocumentReport>),
}

impl Entry {
    fn row(row: DocumentReport) -> Entry {
        Entry::Row(Box::new(row))
    }

    fn shown(&self) -> String {
        match self {
            Entry::Check(path) => path.display().to_string(),
            Entry::Row(row) => row.path.clone(),
        }
    }
}

/// What the inputs expand to: the entries, sorted and de-duplicated, and the
/// files the walk saw and took no row for.
#[derive(Debug, Default)]
pub struct Inputs {
    pub entries: Vec<Entry>,
    pub others: Others,
    /// Only DOCX from folders, nothing else listed (`--only-docx`).
    only_docx: bool,
}

impl Inputs {
    /// A file named or matched: a format mc2lint does not read is a row; anything
    /// else is checked as a DOCX, whatever its extension (a missing one becomes an error row).
    fn add_file(&mut self, path: PathBuf) {
        match files::other_format(&path).filter(|_| !self.only_docx) {
            Some(format) => self.entries.push(Entry::row(files::skipped_row(&path, format))),
            None => self.entries.push(Entry::Check(path)),
        }
    }

    /// A file found in a folder: checked, listed as not checked, or only counted.
    fn add_found(&mut self, path: &Path) {
        if files::is_docx(path) {
            self.entries.push(Entry::Check(path.to_path_buf()));
        } else if let Some(format) = files::other_format(path).filter(|_| !self.only_docx) {
            self.entries.push(Entry::row(files::skipped_row(path, format)));
        } else if !files::is_lock_file(path) {
            self.others.add(path);
        }
    }

    /// An entry a walk could not follow: an error row (a warning with `--only-docx`).
    fn add_walk_error(&mut self, err: &ignore::Error) {
        match files::walk_error_row(err).filter(|_| !self.only_docx) {
            Some(row) => self.entries.push(Entry::row(row)),
            None => crate::eline!("warning: {err}"),
        }
    }
}

/// Expands the command-line arguments into a sorted, de-duplicated list of inputs.
/// Problems that are not about one input (an unreadable @list) are errors.
/// `lists` are `--from-list` files.
pub fn collect_inputs(args: &[String], lists: &[PathBuf], only_docx: bool) -> Result<Inputs, String> {
    let mut out = Inputs { only_docx, ..Inputs::default() };
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
    out.entries.retain(|e| seen.insert(e.shown()));
    out.entries.sort_by_cached_key(Entry::shown);
    Ok(out)
}

/// Adds every path or glob listed in `list`, one per line (`#` comments, blank lines skipped).
fn add_list(list: &Path, out: &mut Inputs) -> Result<(), String> {
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
fn add_glob(pattern: &str, out: &mut Inputs) -> Result<(), String> {
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
                if !files::is_lock_file(&p) {
                    out.add_file(p);
                }
            }
            Ok(_) => {}
            Err(e) => out.add_walk_error(&e),
        }
    }
    Ok(())
}

fn add_arg(arg: &str, out: &mut Inputs) -> Result<(), String> {
    if is_glob(arg) && !Path::new(arg).exists() {
        add_glob(arg, out)
    } else {
        add_path(Path::new(arg), out);
        Ok(())
    }
}

fn add_path(path: &Path, out: &mut Inputs) {
    if !path.is_dir() {
        out.add_file(path.to_path_buf());
        return;
    }
    let walker = ignore::WalkBuilder::new(path)
        .require_git(false)
        .add_custom_ignore_filename(".mc2lintignore")
        .follow_links(true)
        .build();
    for entry in walker {
        match entry {
            // A FIFO or device named like a contract is accounted for too (an error row when read).
            Ok(e) if e.file_type().is_some_and(|t| !t.is_dir()) => out.add_found(e.path()),
            Ok(_) => {}
            Err(e) => out.add_walk_error(&e),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One input with what it needs: a file with the checker built from its
/// config and the `--fail-on` level for it, or a row decided while walking.
enum Job {
    Check { path: PathBuf, checker: Arc<Checker>, fail_on: FailOn },
    Row(Box<DocumentReport>),
}

impl Job {
    fn fail_on(&self) -> FailOn {
        match self {
            Job::Check { fail_on, .. } => *fail_on,
            // A row changes the exit status only by being an error (see `exit_code`).
            Job::Row(_) => FailOn::Never,
        }
    }

    fn path(&self) -> &Path {
        match self {
            Job::Check { path, .. } => path,
            Job::Row(row) => Path::new(&row.path),
        }
    }
}

/// What a worker sends to the writer.
enum Outcome {
    Checked(Box<DocumentReport>),
    /// A row decided while walking (a file not checked, a loop).
    Listed(Box<DocumentReport>),
    /// Already in the resume file (index into the earlier reports).
    Resumed(usize),
}

/// Worker threads when `--jobs` is not given: `RAYON_NUM_THREADS` (what
/// audits ran on before they had their own workers), else one per CPU.
fn default_threads() -> usize {
    let set = std::env::var("RAYON_NUM_THREADS").ok().and_then(|n| n.trim().parse::<usize>().ok());
    set.filter(|&n| n > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// What a worker sends to the writer: a document's outcome with its `--fail-on` level.
type Message = (FailOn, Outcome);

/// The error row for `path`, with the file's SHA when it was read.
fn error_row(path: &Path, fail_on: FailOn, bytes: Option<Arc<Vec<u8>>>) -> Fallback<Message> {
    let path = path.to_path_buf();
    Box::new(move |code, cause| {
        let sha = bytes.map(|b| hex(&Sha256::digest(b.as_slice())));
        let row = DocumentReport::from_error(&path.display().to_string(), &ReadError::new(code, &path, cause), sha);
        (fail_on, Outcome::Checked(Box::new(row)))
    })
}

/// Checks one input, lists a decided row, or recognises either as done in an
/// earlier run. The worker's clock runs from when the file has been read:
/// past the budget the document becomes an error row and the run goes on.
fn process(job: Job, done: &HashMap<String, (usize, Option<String>)>, worker: &Worker<Message>) -> Outcome {
    let shown = job.path().display().to_string();
    // A row without a SHA from the earlier run stands (it has nothing to compare),
    // so resuming writes no second line for an unreadable or unchecked file.
    let earlier_row = match done.get(&shown) {
        Some((i, None)) => Some(*i),
        _ => None,
    };
    let (path, checker, fail_on) = match (job, earlier_row) {
        (Job::Row(_), Some(i)) => return Outcome::Resumed(i),
        (Job::Row(row), None) => return Outcome::Listed(row),
        (Job::Check { path, checker, fail_on }, _) => (path, checker, fail_on),
    };
    let bytes = match docx::read_input(&path, checker.options.limits.max_file) {
        Ok(b) => b,
        Err(e) => {
            return match earlier_row {
                Some(i) => Outcome::Resumed(i),
                None => Outcome::Checked(Box::new(DocumentReport::from_error(&shown, &e, None))),
            }
        }
    };
    if let Some((i, Some(sha))) = done.get(&shown) {
        if *sha == hex(&Sha256::digest(&bytes)) {
            return Outcome::Resumed(*i);
        }
    }
    // A row for a file given up on still needs its SHA (a finished check's
    // report carries its own); it is computed only then.
    let bytes = Arc::new(bytes);
    worker.start_clock(error_row(&path, fail_on, Some(Arc::clone(&bytes))));
    Outcome::Checked(Box::new(checker.check_bytes(&path, &bytes)))
}

/// Gives every entry to check the checker and `--fail-on` level `check` would
/// use for it (the nearest `mc2lint.toml` above it, or `--config`), looked up
/// once per folder. Entries a config's `ignore` covers are left out; their
/// number is returned. All configs must give the same term columns.
fn plan(
    entries: Vec<Entry>,
    checkers: &mut Checkers,
    fail_on: Option<FailOn>,
    cols: &Columns,
) -> Result<(Vec<Job>, usize), String> {
    type ForFolder = (Option<crate::config::Config>, Arc<Checker>);
    let mut by_folder: HashMap<PathBuf, ForFolder> = HashMap::new();
    let mut jobs = Vec::with_capacity(entries.len());
    let mut ignored = 0;
    for entry in entries {
        let path = match entry {
            Entry::Row(row) => {
                jobs.push(Job::Row(row));
                continue;
            }
            Entry::Check(path) => path,
        };
        let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
        if !by_folder.contains_key(&folder) {
            let (config, checker) = checkers.for_input(&path)?;
            same_columns(checker, config, &path, cols)?;
            by_folder.insert(folder.clone(), (config.cloned(), Arc::clone(checker)));
        }
        let (config, checker) = &by_folder[&folder];
        if config.as_ref().is_some_and(|c| !c.file.ignore.is_empty() && c.ignores(&path)) {
            ignored += 1;
            continue;
        }
        let from_config = config.as_ref().and_then(|c| c.file.fail_on).map(FailOn::from_config);
        let fail_on = fail_on.or(from_config).unwrap_or(FailOn::Error);
        jobs.push(Job::Check { path, checker: Arc::clone(checker), fail_on });
    }
    Ok((jobs, ignored))
}

/// An audit has one set of term columns: a config choosing another reference pack is refused.
fn same_columns(
    checker: &Checker,
    config: Option<&crate::config::Config>,
    input: &Path,
    cols: &Columns,
) -> Result<(), String> {
    let ids = checker.pack.terms.iter().map(|t| t.spec.id.as_str());
    if checker.pack.id == cols.reference && ids.eq(cols.terms.iter().map(|t| t.id.as_str())) {
        return Ok(());
    }
    let config = config.map_or_else(|| "its config".to_string(), |c| c.path.display().to_string());
    Err(format!(
        "{}: {config} selects reference {} but the audit uses {}; one audit reports one set of terms: \
give --reference or --config, or audit the two groups separately",
        input.display(),
        checker.pack.id,
        cols.reference
    ))
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
    // The portfolio's columns come from `--config`, else the repository root's
    // config; each contract is then checked with its own config, as `check` does.
    let mut checkers = Checkers::new(&args.common, args.config.as_deref(), false)?;
    let portfolio_checker = Arc::clone(checkers.for_portfolio()?);
    let budget = args.common.budget();
    let cols = Columns::from_pack(&portfolio_checker.pack, portfolio_checker.options.view.as_str());

    if let Some(resume) = &args.resume {
        if args.format != Format::Jsonl {
            return Err("--resume appends to a JSONL file; use --format jsonl (the default)".into());
        }
        if args.output.as_ref().is_some_and(|o| o != resume) {
            return Err("--resume FILE writes to FILE; drop -o or give the same file".into());
        }
    }
    if args.bom && args.format != Format::Csv {
        return Err("--bom starts a CSV file; use it with --format csv".into());
    }
    let collected = collect_inputs(&args.paths, &args.from_list, args.only_docx)?;
    if collected.entries.is_empty() {
        let others = collected.others.line().map(|l| format!(" ({l})")).unwrap_or_default();
        return Err(format!("no DOCX files found in {}{others}", args.paths.join(" ")));
    }
    let entries: Vec<Entry> = match args.shard {
        Some(s) => collected.entries.into_iter().filter(|e| s.keeps(&e.shown())).collect(),
        None => collected.entries,
    };
    let (jobs, ignored) = plan(entries, &mut checkers, args.fail_on, &cols)?;
    let total = jobs.len();
    let to_check = jobs.iter().filter(|j| matches!(j, Job::Check { .. })).count();

    // The output. JSONL to a file is locked before it is read (--resume) or emptied.
    let out_path = args.resume.clone().or(args.output.clone()).filter(|p| p.as_os_str() != "-");
    if let Some(p) = out_path.as_ref().filter(|p| jobs.iter().any(|j| crate::output::same_file(j.path(), p))) {
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

    let progress = progress_bar(total, args.quiet);
    let stop = Arc::new(AtomicBool::new(false));
    let interrupted = Arc::new(AtomicBool::new(false));
    catch_interrupt(&interrupted);
    let (tx, rx) = mpsc::sync_channel::<Message>(256);
    let format = args.format;
    let started = Instant::now();

    let (tally, code, write_error, table_bytes, checked) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut tally = Tally::default();
            let mut code = EXIT_OK;
            let mut write_error: Option<io::Error> = None;
            let mut rows: Vec<(String, String)> = Vec::new();
            let mut docs: Vec<DocumentReport> = Vec::new();
            let mut portfolio = (format == Format::Html).then(|| Portfolio::new(&cols));
            let mut rate = Rate::default();
            let (mut checked, mut left) = (0usize, to_check as u64);
            let mut try_write = |out: &mut Box<dyn Write + Send>, bytes: &[u8]| {
                if write_error.is_none() {
                    if let Err(e) = out.write_all(bytes).and_then(|_| out.flush()) {
                        write_error = Some(e);
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            };
            for (fail_on, outcome) in rx {
                let doc = match &outcome {
                    Outcome::Checked(d) => {
                        rate.tick(Instant::now());
                        checked += 1;
                        left = left.saturating_sub(1);
                        d
                    }
                    Outcome::Listed(d) => d,
                    Outcome::Resumed(i) => {
                        tally.resumed += 1;
                        if prior[*i].sha256.is_some() {
                            left = left.saturating_sub(1);
                        }
                        &prior[*i]
                    }
                };
                tally.add(doc);
                code = code.max(exit_code(std::slice::from_ref(doc), fail_on));
                let unreadable =
                    if tally.errors > 0 { format!("  {} unreadable", tally.errors) } else { String::new() };
                progress.set_message(format!("{}{unreadable}", rate.message(left)));
                progress.inc(1);
                match format {
                    Format::Jsonl => {
                        if let Outcome::Checked(d) | Outcome::Listed(d) = &outcome {
                            try_write(&mut out, table::jsonl_line(d).as_bytes());
                        }
                    }
                    Format::Csv => rows.push((doc.path.clone(), table::csv_row(doc, &cols))),
                    Format::Html => portfolio.as_mut().expect("made for HTML").add(doc),
                    Format::Json => docs.push(match outcome {
                        Outcome::Checked(d) | Outcome::Listed(d) => *d,
                        Outcome::Resumed(i) => prior[i].clone(),
                    }),
                }
            }
            let mut table_bytes = Vec::new();
            let written = match (format, portfolio.as_mut()) {
                (Format::Csv, _) => {
                    rows.sort();
                    if args.bom {
                        table_bytes.extend_from_slice(table::UTF8_BOM.as_bytes());
                    }
                    table_bytes.extend_from_slice(table::csv_header(&cols).as_bytes());
                    rows.iter().for_each(|(_, row)| table_bytes.extend_from_slice(row.as_bytes()));
                    Ok(())
                }
                (Format::Html, Some(p)) => crate::report::html::write(&mut table_bytes, p),
                (Format::Json, _) => {
                    docs.sort_by(|a, b| a.path.cmp(&b.path));
                    table::write_all(&mut table_bytes, format, &docs, &cols)
                }
                _ => Ok(()),
            };
            if let Err(e) = written {
                write_error.get_or_insert(e);
            }
            (tally, code, write_error, table_bytes, checked)
        });
        let (stop, interrupted, done) = (Arc::clone(&stop), Arc::clone(&interrupted), Arc::new(done));
        let launched = workers::run(
            jobs,
            args.jobs.filter(|&n| n > 0).unwrap_or_else(default_threads),
            budget,
            tx,
            |job| error_row(job.path(), job.fail_on(), None),
            move |job, worker| {
                if stop.load(Ordering::Relaxed) || interrupted.load(Ordering::Relaxed) {
                    return None;
                }
                Some((job.fail_on(), process(job, &done, worker)))
            },
        );
        // On an error no worker started, and the channel is closed: the writer ends too.
        let written = writer.join().expect("writer thread");
        launched.map(|()| written)
    })?;
    progress.finish_and_clear();

    if !args.quiet {
        eprint!("{}", tally.render(&cols));
        for line in collected.others.line().into_iter().chain(ignored_line(ignored)) {
            eprintln!("{line}");
        }
        eprintln!("{}", run_line(&tally, checked, started.elapsed()));
    }
    let code = if interrupted.load(Ordering::Relaxed) {
        let rest = match &out_path {
            Some(p) if format == Format::Jsonl => format!("continue with `--resume {}`", p.display()),
            _ => "the output holds the finished documents only".to_string(),
        };
        crate::eline!("interrupted: {} of {total} documents done; {rest}", tally.documents);
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

/// The progress bar on a terminal: position, the smoothed rate and ETA (`Rate`), unreadable files.
fn progress_bar(total: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    let style = indicatif::ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {pos}/{len} files  {msg}")
        .expect("valid template")
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message("ETA: estimating…");
    bar
}

fn ignored_line(ignored: usize) -> Option<String> {
    (ignored > 0).then(|| format!("left out by `ignore` in mc2lint.toml: {ignored} file(s)"))
}

/// The last line of a run: "checked 1000 document(s) in 8s (121.9 docs/s); skipped 14 (not DOCX),
/// resumed 0, failed 3". Resumed and skipped files take no time, so they are not in the rate.
fn run_line(tally: &Tally, checked: usize, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 { checked as f64 / secs } else { 0.0 };
    format!(
        "checked {checked} document(s) in {} ({rate:.1} docs/s); skipped {} (not DOCX), resumed {}, failed {}",
        short_duration(elapsed),
        tally.skipped,
        tally.resumed,
        tally.errors
    )
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
}
