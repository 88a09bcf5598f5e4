//! The policy file (`partake.yaml`): settings or errors at file:line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partake_core::check::Settings;
use partake_load::policy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ids: Vec<String> = ["affiliate", "crowdsourcing", "marketplace"].iter().map(|s| s.to_string()).collect();
    let root = std::path::PathBuf::from("/repo");
    if let Ok(policy) = policy::from_text("partake.yaml", text, root, &ids, Settings::default(), None) {
        let _ = policy.settings_for("specs/a.yaml");
    }
});
