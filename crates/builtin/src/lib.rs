//! The built-in models (`models/*.yaml`), loaded, checked and compiled when partake
//! is built, by `build.rs` with the same reader and compiler as a `--models` folder:
//! a run reads them back, a fifth of the work of parsing the YAML and compiling the
//! vocabulary (benches/PROFILE.md).

use partake_core::models::ModelSet;
use partake_core::score::Engine;
use partake_core::understand::Lexicon;

/// The model set, in JSON: the model files' own types leave empty fields out when
/// they are written, which only a format that names its fields reads back.
static MODELS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/models.json"));

/// The compiled vocabulary, in postcard: compact, quick to read, and exact for any
/// field type (an option of an option, a map keyed by pairs), so a new field of the
/// lexicon needs only to be there.
static LEXICON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.postcard"));

/// The built-in model set, as `partake_load::models::load(None)` makes it.
pub fn models() -> ModelSet {
    serde_json::from_slice(MODELS).expect("build.rs wrote it from the same types")
}

/// The built-in models' lexicon, as `Lexicon::new` compiles it.
pub fn lexicon() -> Lexicon {
    postcard::from_bytes(LEXICON).expect("build.rs wrote it from the same types")
}

/// The engine of the built-in models.
pub fn engine() -> Engine {
    Engine::with_lexicon(models(), lexicon())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_models_read_back_as_they_load_and_compile() {
        let loaded = partake_load::models::load(None).expect("the built-in models load");
        let compiled = Lexicon::new(&loaded);
        // Not assert_eq: the debug form of a whole lexicon is megabytes.
        assert!(models() == loaded, "the model set read back differs from the one loaded");
        assert!(lexicon() == compiled, "the lexicon read back differs from the one compiled");
    }
}
