//! partake: score customer programs against models of customer participation
//! and the mutual-benefit ideal.
//!
//! The data flows one way, and the modules follow it:
//! [`read`] (YAML/CSV → [`spec::Program`]s with source locations) →
//! [`understand`] (text → recognised facts with evidence) →
//! [`score`] (facts × the models' weighted signals → scores, verdict, mutual benefit) →
//! [`report`] (table, JSON, Markdown…); [`check`] turns assessments and a policy
//! into findings for CI. I/O stays at the edges: everything from
//! `understand` to `score` is plain functions over plain data.

/// `eprintln!` that cannot panic: when standard error is closed (`2>&1 | head -1`)
/// that is the reader's choice, and the run goes on to its usual exit code.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

pub mod batch;
pub mod check;
pub mod cli;
pub mod commands;
pub mod models;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod score;
pub mod spec;
pub mod suggest;
pub mod text;
pub mod understand;
