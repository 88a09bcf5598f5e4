//! Embeds every `models/*.yaml` file in the binary, so adding a model file is
//! all it takes to add a built-in model.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=../../models");
    // The model files live at the top of the repository, beside the examples. The
    // crate's folder is asked for when the script runs: a script built in another
    // checkout of the same source must not read that checkout's models.
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("../../models");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("models/ is part of the source tree")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect();
    names.sort();
    let mut code = String::from(
        "/// Built-in model files: (file name, text), sorted by name.\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        let full = dir.join(name);
        code.push_str(&format!("    ({name:?}, include_str!({:?})),\n", full.display().to_string()));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded_models.rs");
    fs::write(out, code).unwrap();
}
