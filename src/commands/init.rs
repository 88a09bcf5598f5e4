//! `partake init [FILE]` — write a commented starter spec.
//!
//! Usage:
//!   partake init                    writes program.yaml
//!   partake init specs/loyalty.yaml
//!   partake init -                  prints it

use super::emit;
use crate::global::Global;
use anyhow::Context as _;
use clap::Args;
use partake_core::Status;

/// Write a commented starter spec to FILE (default program.yaml; - prints it).
#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  partake init\n  partake init specs/referrals.yaml\n  partake init - | less\n\n\
An existing file is never overwritten unless --force is given.")]
pub struct InitArgs {
    #[arg(value_name = "FILE", default_value = "program.yaml")]
    pub file: String,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

pub const STARTER: &str = include_str!("starter.yaml");

pub fn run(args: InitArgs, global: &Global) -> anyhow::Result<Status> {
    if args.file == "-" {
        // Through the one writer of reports: a closed pipe is the reader's choice, a full disk an error.
        emit(&Global { output: None, ..global.clone() }, STARTER)?;
        return Ok(Status::Ok);
    }
    let path = std::path::Path::new(&args.file);
    if path.exists() && !args.force {
        anyhow::bail!("{}: already exists; choose another name or pass --force", args.file);
    }
    std::fs::write(path, STARTER).with_context(|| format!("{}: cannot write", args.file))?;
    if !global.quiet {
        crate::say!("wrote {}; edit it, then run: partake explain {}", args.file, args.file);
    }
    Ok(Status::Ok)
}
