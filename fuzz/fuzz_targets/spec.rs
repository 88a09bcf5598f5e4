//! The YAML spec reader: any bytes give programs or errors, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = partake_load::read::text_from_bytes(data.to_vec(), "fuzz.yaml") else { return };
    let keys = partake_core::spec::known_keys();
    let ids: Vec<String> = ["affiliate", "marketplace"].iter().map(|s| s.to_string()).collect();
    for result in partake_load::read::yaml::read_programs(&text, "fuzz.yaml", &keys, &ids) {
        if let Err(e) = result {
            assert!(e.source.line.is_some_and(|l| l >= 1), "errors name a line: {e}");
        }
    }
});
