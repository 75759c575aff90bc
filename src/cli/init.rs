//! `mc2lint init`: writes a commented starter `mc2lint.toml`.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_ERROR, EXIT_OK};
use crate::config::{self, CONFIG_NAME};

#[derive(Args)]
pub struct InitArgs {
    /// Where to write the config (refuses to overwrite an existing file).
    #[arg(value_name = "PATH", default_value = CONFIG_NAME)]
    path: PathBuf,
}

pub fn run(args: InitArgs) -> i32 {
    match config::init(&args.path) {
        Ok(()) => {
            crate::eline!("wrote {}; edit it, then run `mc2lint check`", args.path.display());
            EXIT_OK
        }
        Err(e) => {
            crate::eline!("error: {e}");
            EXIT_ERROR
        }
    }
}
