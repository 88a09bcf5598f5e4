//! The command line: the global options (`global`) and the subcommands (one file each in `commands/`).

use crate::global::Global;
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "partake",
    version,
    about = "Score customer programs against six models of customer participation and the mutual-benefit ideal",
    long_about = "partake reads descriptions of customer programs (YAML specs, or rows of a CSV inventory) \
and scores each against six models of customer participation — affiliate, open source, crowdsourcing, \
financial, marketplace, participation — and against the mutual-benefit ideal: the participant, the \
organization and everyone else gain, ideally for the same reason.",
    after_help = "Examples:\n  partake score examples/                 score every spec in a folder\n  \
partake explain examples/yelp.yaml       why it scored so, and what would move it toward the ideal\n  \
partake init my-program.yaml             start a new spec\n  \
partake models                           the models and what defines them\n  \
partake check specs/                     enforce a policy in CI (see partake check --help)\n\n\
Exit codes: 0 all read and scored; 1 check: the policy does not hold; 2 an input or usage error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: Global,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Score(crate::commands::score::ScoreArgs),
    Explain(crate::commands::explain::ExplainArgs),
    Models(crate::commands::models::ModelsArgs),
    Schema(crate::commands::schema::SchemaArgs),
    Init(crate::commands::init::InitArgs),
    Check(crate::commands::check::CheckArgs),
    Completions(crate::commands::completions::CompletionsArgs),
}
