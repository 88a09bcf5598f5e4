//! `partake schema` — print the JSON Schema (draft-07) of the program spec.
//!
//! Usage:
//!   partake schema > partake.schema.json
//!   then, at the top of a spec:  # yaml-language-server: $schema=partake.schema.json

use super::{emit, load_models};
use crate::global::Global;
use clap::Args;
use partake_core::Status;

/// Print the JSON Schema of the program spec, for editor completion and validation.
#[derive(Args, Debug)]
#[command(after_help = "Example:\n  partake schema > partake.schema.json\n\n\
Then start a spec with\n  # yaml-language-server: $schema=partake.schema.json\n\
and editors that use yaml-language-server (VS Code's YAML extension, Neovim, Helix) complete and check it.")]
pub struct SchemaArgs {}

pub fn run(_args: SchemaArgs, global: &Global) -> anyhow::Result<Status> {
    let models = load_models(global)?;
    let schema = partake_core::spec::json_schema(&models.ids());
    emit(global, &(serde_json::to_string_pretty(&schema).expect("schemas serialise") + "\n"))?;
    Ok(Status::Ok)
}
