//! `partake completions SHELL` — print a completion script for a shell.
//!
//! Usage:
//!   partake completions bash > ~/.local/share/bash-completion/completions/partake
//!   partake completions zsh > "${fpath[1]}/_partake"
//!   partake completions fish > ~/.config/fish/completions/partake.fish

use super::emit;
use crate::cli::{Cli, Global};
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::process::ExitCode;

/// Print a completion script for bash, zsh, fish, elvish or PowerShell.
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  partake completions bash > ~/.local/share/bash-completion/completions/partake\n  \
partake completions zsh > \"${fpath[1]}/_partake\"\n  partake completions fish > ~/.config/fish/completions/partake.fish"
)]
pub struct CompletionsArgs {
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs, global: &Global) -> Result<ExitCode, ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "partake", &mut script);
    emit(global, &String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}
