//! Model files: a user's file beside the built-ins loads or is an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(errors) = partake_load::models::load_with(&[("fuzz.yaml", text)]) {
        assert!(!errors.is_empty());
    }
});
