//! partake's loading layer: files, folders and standard input → the core's types,
//! with the file, line and column of everything read, so every error can say where.
//!
//! - [`read`]: program specs (YAML, one spanned reader) and CSV inventories;
//! - [`models`]: the model files, built in or from a `--models` folder;
//! - [`policy`]: the `partake.yaml` that configures `check`.

pub mod models;
pub mod policy;
pub mod read;
