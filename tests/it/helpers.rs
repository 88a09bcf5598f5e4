//! What every test module needs: the binary, run as a user runs it with nothing from
//! the environment that would change its output, and the built-in models' engine, made once.

use partake_core::score::Engine;
use std::sync::OnceLock;

/// The `partake` binary, with no CI, colour or git settings from the environment.
pub fn partake() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("partake").expect("the binary is built");
    cmd.env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("NO_COLOR", "1");
    cmd
}

/// The built-in models, as the binary reads them back (compiled when it was built),
/// once for the whole test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(partake_builtin::engine)
}
