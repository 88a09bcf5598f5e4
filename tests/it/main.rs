//! partake's integration tests, in one binary (one build, one link) with shared
//! helpers. Most run the real binary on fixtures; `core` and `properties` call the
//! library. `cargo test --test it MODULE` runs one module, e.g. `cargo test --test it csv`.

mod helpers;

mod behaviour;
mod browser;
mod check;
mod cli;
mod core;
mod corpus;
mod csv;
mod first_day;
mod properties;
mod python;
mod schema;
mod snapshots;
