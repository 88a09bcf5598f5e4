//! The pipeline from inputs to assessments, shared by the commands.

use partake_core::score::{Assessment, Engine};
use partake_core::spec::{known_keys, InputError, Program};
use partake_core::understand::Normalized;
use partake_load::read::csv::{Inventory, Options, Record};
use partake_load::read::{self, Input, InputKind};

/// Read every program of the inputs (specs and inventories), in input order; bad
/// documents and rows become errors.
pub fn read_specs(inputs: &[Input], engine: &Engine) -> Vec<Result<Program, InputError>> {
    read_specs_with(inputs, engine, &Options::default(), &mut |_, _| {})
}

/// `read_specs` with CSV options; `note(path, text)` hears what a reader should
/// know about each inventory (which column was read as which field).
pub fn read_specs_with(
    inputs: &[Input],
    engine: &Engine,
    options: &Options,
    note: &mut dyn FnMut(&str, &str),
) -> Vec<Result<Program, InputError>> {
    let mut out = Vec::new();
    each_spec(inputs, engine, options, note, &mut |result| out.push(result));
    out
}

/// Every program of `inputs`, or the error in its place, one at a time and in input
/// order: a YAML file is read whole (specs are small), an inventory row by row, so a
/// caller that keeps less than every program (`check`) holds only what it keeps.
pub fn each_spec(
    inputs: &[Input],
    engine: &Engine,
    options: &Options,
    note: &mut dyn FnMut(&str, &str),
    each: &mut dyn FnMut(Result<Program, InputError>),
) {
    let keys = known_keys();
    let ids = engine.models.ids();
    for input in inputs {
        match input.kind {
            InputKind::Yaml => match read::read_input_text(input) {
                Ok(text) => read_text(input, &text, &keys, &ids).into_iter().for_each(&mut *each),
                Err(e) => each(Err(e)),
            },
            InputKind::Csv => match Inventory::open(input, options) {
                Ok(inventory) => {
                    note(&inventory.path, &inventory.plan.statement());
                    for name in &inventory.plan.near_misses {
                        note(&inventory.path, &format!("warning: {}", inventory.plan.near_miss_warning(name)));
                    }
                    for text in &inventory.notes {
                        note(&inventory.path, text);
                    }
                    each_row(inventory, &ids, each)
                }
                Err(e) => each(Err(e)),
            },
        }
    }
}

/// Read the programs of one input's text (also the text of an older version of
/// it, which `check --baseline` takes from git). `keys` are the spec's known keys.
pub fn read_text(input: &Input, text: &str, keys: &[String], ids: &[String]) -> Vec<Result<Program, InputError>> {
    match input.kind {
        InputKind::Yaml => read::yaml::read_programs(text, &input.shown, keys, ids),
        InputKind::Csv => {
            let source = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
            let mut out = Vec::new();
            match Inventory::from_source(input.shown.clone(), source, None, &Options::default()) {
                Ok(inventory) => each_row(inventory, ids, &mut |row| out.push(row)),
                Err(e) => out.push(Err(e)),
            }
            out
        }
    }
}

/// Every row of an inventory as a program or an error, one record reused for all.
fn each_row(mut inventory: Inventory, ids: &[String], each: &mut dyn FnMut(Result<Program, InputError>)) {
    let mut record = Record::default();
    loop {
        match inventory.read(&mut record) {
            Ok(true) => each(inventory.plan.program(
                &record.cells,
                &inventory.path,
                inventory.rows_read(),
                inventory.delimiter,
                ids,
            )),
            Ok(false) => break,
            Err(e) => {
                each(Err(e));
                break;
            }
        }
    }
}

/// Assess programs on all cores, keeping their order.
pub fn assess_all(engine: &Engine, programs: Vec<Program>) -> Vec<Assessment> {
    use rayon::prelude::*;
    programs.into_par_iter().map_init(Normalized::default, |scratch, p| engine.assess(p, scratch)).collect()
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
