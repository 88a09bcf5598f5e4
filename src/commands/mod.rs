//! One file per subcommand, each with its usage at the top.

pub mod check;
pub mod completions;
pub mod explain;
pub mod init;
pub mod models;
pub mod schema;
pub mod score;

use crate::cli::Global;
use crate::models::ModelSet;
use crate::score::Engine;
use crate::spec::InputError;
use std::io::Write;
use std::process::ExitCode;

/// Exit codes.
pub const OK: u8 = 0;
pub const POLICY_FAILED: u8 = 1;
pub const INPUT_ERROR: u8 = 2;

/// Print input errors as `path:line:column: message`, one per line, to stderr.
pub fn print_errors(errors: &[InputError]) {
    let mut stderr = std::io::stderr().lock();
    for e in errors {
        let _ = writeln!(stderr, "{}", crate::text::for_terminal(&e.to_string()));
    }
}

/// The models the user asked for, or the errors (file:line) that stop everything.
pub fn load_models(global: &Global) -> Result<ModelSet, ExitCode> {
    crate::models::load(global.models.as_deref()).map_err(|errors| {
        print_errors(&errors);
        ExitCode::from(INPUT_ERROR)
    })
}

pub fn load_engine(global: &Global) -> Result<Engine, ExitCode> {
    load_models(global).map(Engine::new)
}

/// Write a finished report to `--output FILE` (put in place whole, or not at all) or standard output.
pub fn emit(global: &Global, report: &str) -> Result<(), ExitCode> {
    let result = crate::output::Destination::open(global.output.as_deref()).and_then(|mut out| {
        match out.write_all(report.as_bytes()) {
            Ok(()) => out.finish(),
            // A closed pipe (`| head`) is the reader's choice, not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(format!("cannot write the report: {e}")),
        }
    });
    result.map_err(|message| {
        eprintln!("{}", crate::text::for_terminal(&message));
        ExitCode::from(INPUT_ERROR)
    })
}
