//! `partake completions SHELL` — print a completion script for a shell.
//!
//! Usage:
//!   partake completions bash > ~/.local/share/bash-completion/completions/partake
//!   partake completions zsh > "${fpath[1]}/_partake"
//!   partake completions fish > ~/.config/fish/completions/partake.fish

use super::emit;
use crate::global::Global;
use clap::Args;
use clap_complete::Shell;
use partake_core::Status;

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

/// `cli` is the whole command line's definition, which the script completes.
pub fn run(args: CompletionsArgs, global: &Global, cli: clap::Command) -> anyhow::Result<Status> {
    let models = super::load_models(global)?;
    let ids = models.ids();
    let mut shown = ids.clone();
    shown.extend([models.ideal.id.clone(), "vocabulary".to_string()]);
    // The script offers the model ids (of --models DIR too, when given); parsing
    // itself stays open, so a model added later is still accepted.
    let choices = |values: &[String]| clap::builder::PossibleValuesParser::new(values.to_vec());
    let mut command = cli
        .mut_subcommand("check", |c| {
            c.mut_arg("allow", |a| a.value_parser(choices(&ids))).mut_arg("deny", |a| a.value_parser(choices(&ids)))
        })
        .mut_subcommand("models", |c| c.mut_arg("id", |a| a.value_parser(choices(&shown))));
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "partake", &mut script);
    emit(global, &String::from_utf8_lossy(&script))?;
    Ok(Status::Ok)
}
