//! partake's core: what a program is, what the models say, how text is read and how
//! a program scores. Plain data in, plain data out: no file system, YAML, CSV,
//! threads or terminal, so a binding or a distributed job can embed it whole.
//!
//! The data flows one way: [`spec::Program`] → [`understand`] (text → facts, with
//! who acts, who receives and the evidence) → [`score`] (facts × the models'
//! weighted signals → scores, verdict, mutual benefit) → [`suggest`]; [`check`]
//! turns an assessment and a policy's settings into findings.

pub mod check;
pub mod models;
pub mod score;
pub mod spec;
pub mod status;
pub mod suggest;
pub mod text;
pub mod understand;

pub use status::Status;
