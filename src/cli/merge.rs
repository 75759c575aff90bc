//! `mc2lint merge OUT*.jsonl`: joins the JSONL outputs of `audit` shards (or of
//! resumed runs) into one CSV, JSON, HTML or JSONL report. Documents are sorted
//! by path; when a path appears more than once the last report read wins, so a
//! re-run shard may simply be listed after the old one.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_ERROR, EXIT_OK};
use crate::document::View;
use crate::reference::Pack;
use crate::report::table::{self, Columns, Format, Tally};

#[derive(Args)]
#[command(after_help = "Example:\n  \
mc2lint audit contracts/ --shard 1/2 -o shard-1.jsonl\n  \
mc2lint audit contracts/ --shard 2/2 -o shard-2.jsonl\n  \
mc2lint merge shard-*.jsonl --format html -o portfolio.html")]
pub struct MergeArgs {
    /// JSONL files written by `mc2lint audit`.
    #[arg(required = true, value_name = "OUT.jsonl")]
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Write the output here instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// The reference pack the audit used (gives the term columns and their order).
    #[arg(long, short = 'r', value_name = "PACK", default_value = crate::reference::DEFAULT_PACK)]
    reference: String,
    /// The view the audit used (recorded in JSON and HTML output).
    #[arg(long, value_enum, default_value_t = View::Accepted)]
    view: View,
    /// Print no summary table on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

pub fn run(args: MergeArgs) -> i32 {
    match merge(args) {
        Ok(code) => code,
        Err(e) => {
            crate::eline!("error: {e}");
            EXIT_ERROR
        }
    }
}

fn merge(args: MergeArgs) -> Result<i32, String> {
    let pack = Pack::load(&args.reference).map_err(|e| e.to_string())?;
    let mut cols = Columns::from_pack(&pack, args.view.as_str());
    let mut all = Vec::new();
    for input in &args.inputs {
        let (docs, bad) = table::read_jsonl(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
        // Not one document report: another file was named, not an audit shard.
        if docs.is_empty() && bad > 0 {
            return Err(format!(
                "{} is not JSONL from `mc2lint audit` (none of its {bad} line(s) is a document report); \
merge takes the files `mc2lint audit --format jsonl -o FILE` writes",
                input.display()
            ));
        }
        if bad > 0 {
            crate::eline!("warning: {}: ignored {bad} line(s) that are not document reports", input.display());
        }
        all.extend(docs);
    }
    let read = all.len();
    let docs = table::dedup_by_path(all);
    if docs.len() < read && !args.quiet {
        crate::eline!("note: {} duplicate path(s); kept the last report of each", read - docs.len());
    }
    cols.extend_from(&docs);
    let mut code = EXIT_OK;
    match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(p) => crate::output::write_file(p, |w| table::write_all(w, args.format, &docs, &cols))?,
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            if let Err(e) = table::write_all(&mut out, args.format, &docs, &cols).and_then(|_| out.flush()) {
                code = crate::output::stdout_failed(&e, EXIT_OK);
            }
        }
    }
    if !args.quiet {
        let mut tally = Tally::default();
        docs.iter().for_each(|d| tally.add(d));
        eprint!("{}", tally.render(&cols));
    }
    Ok(code)
}
