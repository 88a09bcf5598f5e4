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
