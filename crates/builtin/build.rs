//! Loads and checks the built-in models with the loader every run of partake uses,
//! compiles their vocabulary with the core, and writes both for `src/lib.rs` to
//! embed, so a run reads them back instead of parsing YAML and compiling.

use partake_core::understand::Lexicon;
use std::{env, fs, path::Path};

fn main() {
    // Cargo runs this again whenever partake-load or partake-core change (they are
    // build-dependencies); partake-load changes with every file in models/.
    println!("cargo:rerun-if-changed=build.rs");
    let models = partake_load::models::load(None).unwrap_or_else(|errors| {
        for error in &errors {
            eprintln!("{error}");
        }
        panic!("the built-in models do not load: {} error(s), listed above", errors.len());
    });
    let lexicon = Lexicon::new(&models);
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    fs::write(out.join("models.json"), serde_json::to_vec(&models).expect("a model set serialises"))
        .expect("OUT_DIR is writable");
    fs::write(out.join("lexicon.postcard"), postcard::to_stdvec(&lexicon).expect("a lexicon serialises"))
        .expect("OUT_DIR is writable");
}
