use clap::Parser;
use partake::cli::{Cli, Command};
use partake::commands;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let global = cli.global.clone();
    let result = match cli.command {
        Command::Score(args) => commands::score::run(args, &global),
        Command::Explain(args) => commands::explain::run(args, &global),
        Command::Models(args) => commands::models::run(args, &global),
        Command::Schema(args) => commands::schema::run(args, &global),
        Command::Init(args) => commands::init::run(args, &global),
        Command::Check(args) => commands::check::run(args, &global),
        Command::Completions(args) => commands::completions::run(args, &global),
    };
    result.unwrap_or_else(|code| code)
}
