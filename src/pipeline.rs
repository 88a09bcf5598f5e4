//! The pipeline from inputs to assessments, shared by the commands.

use crate::read::{self, Input, InputKind};
use crate::score::{Assessment, Engine};
use crate::spec::{known_keys, InputError, Program, Source};
use crate::understand::Normalized;

/// Read every program of the YAML inputs, in input order; bad documents become errors.
pub fn read_specs(inputs: &[Input], engine: &Engine) -> Vec<Result<Program, InputError>> {
    let keys = known_keys();
    let ids = engine.models.ids();
    let mut out = Vec::new();
    for input in inputs {
        match input.kind {
            InputKind::Yaml => match read::read_input_text(input) {
                Ok(text) => out.extend(read_text(input, &text, &keys, &ids)),
                Err(e) => out.push(Err(e)),
            },
            InputKind::Csv => out.extend(read_text(input, "", &keys, &ids)),
        }
    }
    out
}

/// Read the programs of one input's text (also the text of an older version of
/// it, which `check --baseline` takes from git). `keys` are the spec's known keys.
pub fn read_text(input: &Input, text: &str, keys: &[String], ids: &[String]) -> Vec<Result<Program, InputError>> {
    match input.kind {
        InputKind::Yaml => read::yaml::read_programs(text, &input.shown, keys, ids),
        InputKind::Csv => vec![Err(InputError::new(
            Source::file(&input.shown),
            "this command reads YAML specs; score a CSV inventory with `partake score`",
        ))],
    }
}

/// Assess programs on all cores, keeping their order.
pub fn assess_all(engine: &Engine, programs: Vec<Program>) -> Vec<Assessment> {
    let mut scratch = Normalized::default();
    programs.into_iter().map(|p| engine.assess(p, &mut scratch)).collect()
}

/// Split read results into programs and errors, both in input order.
pub fn split(results: Vec<Result<Program, InputError>>) -> (Vec<Program>, Vec<InputError>) {
    let mut programs = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(p) => programs.push(p),
            Err(e) => errors.push(e),
        }
    }
    (programs, errors)
}
