//! The `partake` command: its arguments (clap), the streaming driver that scores
//! inventories on every core, `check`'s git baseline, where reports are written and
//! the exit codes. The judgement lives in `partake-core`, the readers in
//! `partake-load`, the writers in `partake-report` (see ARCHITECTURE.md).

/// `eprintln!` that cannot panic: when standard error is closed (`2>&1 | head -1`)
/// that is the reader's choice, and the run goes on to its usual exit code.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

pub mod baseline;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod global;
pub mod output;
pub mod pipeline;
