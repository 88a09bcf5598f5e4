//! The command line: global options and the subcommands (one file each in `commands/`).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

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

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// A folder of model files that replace built-ins with the same id and add new ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub models: Option<PathBuf>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No progress, no summary, no warnings: only the report and errors.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// When to colour the output. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl Global {
    /// The width of the terminal the report goes to, if it goes to one.
    pub fn terminal_width(&self) -> Option<usize> {
        if self.output.is_some() || !std::io::stdout().is_terminal() {
            return None;
        }
        terminal_size::terminal_size_of(std::io::stdout())
            .map(|(terminal_size::Width(w), _)| usize::from(w))
            .filter(|&w| w > 0)
    }

    /// Whether to colour what goes to standard output.
    pub fn color(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                self.output.is_none()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
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
