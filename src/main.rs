use clap::{CommandFactory, Parser};
use partake::cli::{Cli, Command};
use partake::commands::{self, Located};
use partake_core::Status;
use partake_report::text::for_terminal;
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
        Command::Completions(args) => commands::completions::run(args, &global, Cli::command()),
    };
    let status = result.unwrap_or_else(|error| {
        // The one place errors that end a run are printed: each line escaped, so
        // text from an input cannot move the cursor or forge another line.
        match error.downcast_ref::<Located>() {
            Some(Located(errors)) => commands::print_errors(errors),
            None => partake::say!("{}", for_terminal(&format!("{error:#}"))),
        }
        Status::InputError
    });
    ExitCode::from(status.code())
}
