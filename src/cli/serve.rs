//! `mc2lint serve`: the review desk on this computer (see `crate::serve`).
//! The first line printed is the URL it listens on.

use std::io::Write;
use std::time::Duration;

use clap::Args;

use super::{LimitArgs, EXIT_ERROR, EXIT_OK};
use crate::serve::{Desk, Settings};

#[derive(Args)]
#[command(after_help = "Examples:\n  mc2lint serve\n  mc2lint serve --port 8383\n  \
curl -F file=@contract.docx http://127.0.0.1:8383/api/check")]
pub struct ServeArgs {
    /// Address to listen on. The default answers only this computer; another address lets
    /// anyone who can reach it upload contracts.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, short = 'p', default_value_t = 0)]
    port: u16,
    /// Pack used when an upload names none: `mc2@1` or `mc2@2`.
    #[arg(long, short = 'r', value_name = "PACK", default_value = crate::reference::DEFAULT_PACK)]
    reference: String,
    /// Largest upload accepted (all files of one request), in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    max_upload: u64,
    /// Most files in one upload.
    #[arg(long, value_name = "N", default_value_t = 20)]
    max_files: usize,
    /// Requests handled at once.
    #[arg(long, value_name = "N", default_value_t = 8)]
    threads: usize,
    #[command(flatten)]
    limits: LimitArgs,
    /// Give up on a document after this many seconds; 0 means no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    max_seconds: u64,
}

pub fn run(args: ServeArgs) -> i32 {
    let mut limits = args.limits.limits();
    let max_upload = args.max_upload.max(1) << 20;
    // No single file can be larger than the upload that carries it.
    limits.max_file = limits.max_file.min(max_upload);
    let settings = Settings {
        host: args.host.clone(),
        port: args.port,
        max_upload,
        max_files: args.max_files.max(1),
        threads: args.threads.max(1),
        default_pack: args.reference,
        limits,
        budget: (args.max_seconds > 0).then(|| Duration::from_secs(args.max_seconds)),
    };
    let desk = match Desk::bind(settings) {
        Ok(d) => d,
        Err(e) => {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "{}", desk.url()).and_then(|_| stdout.flush()).is_err() {
        return EXIT_ERROR;
    }
    let loopback = args.host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()) || args.host == "localhost";
    if !loopback {
        crate::eline!(
            "warning: listening on {}: anyone who can reach this address can upload contracts and read their reviews; \
use the default 127.0.0.1 unless this network is trusted",
            args.host
        );
    }
    crate::eline!("mc2lint review desk: open {} in a browser; Ctrl-C stops it", desk.url());
    match desk.run() {
        Ok(()) => EXIT_OK,
        Err(e) => {
            crate::eline!("error: {e}");
            EXIT_ERROR
        }
    }
}
