//! `mc2lint merge OUT*.jsonl`: joins the JSONL outputs of `audit` shards (or of
//! resumed runs) into one CSV, JSON, HTML or JSONL report. Documents are sorted
//! by path; when a path appears more than once the last report read wins, so a
//! re-run shard may simply be listed after the old one.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_ERROR, EXIT_OK};
use crate::document::View;
use crate::model::DocumentReport;
use crate::reference::Pack;
use crate::report::portfolio::Portfolio;
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
    /// Start a CSV with a UTF-8 byte order mark, so that spreadsheet software reads accents right.
    #[arg(long)]
    bom: bool,
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
    if args.bom && args.format != Format::Csv {
        return Err("--bom starts a CSV file; use it with --format csv".into());
    }
    let pack = Pack::load(&args.reference).map_err(|e| e.to_string())?;
    let mut cols = Columns::from_pack(&pack, args.view.as_str());
    let mut tally = Tally::default();
    let (read, docs_or_portfolio) = read_inputs(&args, &cols)?;
    let mut code = EXIT_OK;
    let write = |w: &mut dyn Write, body: &mut Merged, cols: &Columns| -> io::Result<()> {
        match body {
            Merged::Docs(docs) => {
                if args.bom {
                    w.write_all(table::UTF8_BOM.as_bytes())?;
                }
                table::write_all(w, args.format, docs, cols)
            }
            Merged::Portfolio(p) => crate::report::html::write(w, p).and_then(|_| w.flush()),
        }
    };
    let mut body = docs_or_portfolio;
    let kept = match &mut body {
        Merged::Docs(docs) => {
            cols.extend_from(docs);
            docs.iter().for_each(|d| tally.add(d));
            docs.len()
        }
        Merged::Portfolio(p) => {
            cols = p.cols.clone();
            tally = p.tally();
            p.len()
        }
    };
    if kept < read && !args.quiet {
        crate::eline!("note: {} duplicate path(s); kept the last report of each", read - kept);
    }
    match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(p) => crate::output::write_file(p, |w| write(w, &mut body, &cols))?,
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            if let Err(e) = write(&mut out, &mut body, &cols).and_then(|_| out.flush()) {
                code = crate::output::stdout_failed(&e, EXIT_OK);
            }
        }
    }
    if !args.quiet {
        eprint!("{}", tally.render(&cols));
    }
    Ok(code)
}

/// What the inputs become: the documents themselves, or for HTML the compact
/// portfolio (a 100,000-document merge never holds every report).
enum Merged {
    Docs(Vec<DocumentReport>),
    Portfolio(Box<Portfolio>),
}

/// Reads every input; returns how many reports were read (duplicates included) and what they became.
fn read_inputs(args: &MergeArgs, cols: &Columns) -> Result<(usize, Merged), String> {
    let mut read = 0;
    let mut docs = Vec::new();
    let mut portfolio = (args.format == Format::Html).then(|| Box::new(Portfolio::new(cols)));
    for input in &args.inputs {
        let mut here = 0;
        let bad = table::for_each_jsonl(input, |mut d| {
            here += 1;
            match portfolio.as_mut() {
                Some(p) => p.add(&d),
                None => {
                    // CSV needs no clause text: dropped as read, to keep a large merge small.
                    if args.format == Format::Csv {
                        d.terms.iter_mut().for_each(|f| (f.text, f.evidence) = (None, Vec::new()));
                    }
                    docs.push(d);
                }
            }
        })
        .map_err(|e| format!("cannot read {}: {e}", input.display()))?;
        // Not one document report: another file was named, not an audit shard.
        if here == 0 && bad > 0 {
            return Err(format!(
                "{} is not JSONL from `mc2lint audit` (none of its {bad} line(s) is a document report); \
merge takes the files `mc2lint audit --format jsonl -o FILE` writes",
                input.display()
            ));
        }
        if bad > 0 {
            crate::eline!("warning: {}: ignored {bad} line(s) that are not document reports", input.display());
        }
        read += here;
    }
    Ok(match portfolio {
        Some(p) => (read, Merged::Portfolio(p)),
        None => (read, Merged::Docs(table::dedup_by_path(docs))),
    })
}
