//! Read: files, folders and stdin → programs with source locations (or errors).

pub mod csv;
pub mod positions;
pub mod values;
pub mod yaml;

use crate::spec::{InputError, Source};
use std::path::Path;

/// Larger spec files are refused rather than read into memory.
pub const MAX_SPEC_BYTES: u64 = 16 * 1024 * 1024;

/// Read a text file: UTF-8 (a leading byte-order mark is dropped), within the size limit.
pub fn read_text_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_SPEC_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
    text_from_bytes(bytes)
}

/// Check and decode bytes read from a spec file or stdin.
pub fn text_from_bytes(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.len() as u64 > MAX_SPEC_BYTES {
        return Err(format!("file is larger than {} MiB; is it really a spec?", MAX_SPEC_BYTES / (1024 * 1024)));
    }
    if bytes.contains(&0) {
        return Err("this is a binary file, not a YAML spec".into());
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        format!("not UTF-8 text (invalid byte at offset {}); save the file as UTF-8", e.utf8_error().valid_up_to())
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// What kind of input a path holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Yaml,
    Csv,
}

/// One file to read, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as reports show it (`-` for stdin).
    pub shown: String,
    pub kind: InputKind,
}

impl Input {
    pub fn is_stdin(&self) -> bool {
        self.shown == "-"
    }
}

/// The policy file a folder walk leaves alone: it configures `check`, it is no spec.
pub const POLICY_FILE: &str = "partake.yaml";

fn kind_of(path: &Path) -> Option<InputKind> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("yaml" | "yml") => Some(InputKind::Yaml),
        Some("csv") => Some(InputKind::Csv),
        _ => None,
    }
}

/// Expand the command line's paths into inputs: folders are walked (hidden paths,
/// what `.gitignore` ignores and `partake.yaml` are skipped), in sorted order;
/// a file named on the command line is always read.
pub fn discover(paths: &[String], stdin_kind: InputKind) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in paths {
        if arg == "-" {
            inputs.push(Input { shown: "-".into(), kind: stdin_kind });
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let before = inputs.len();
            let walk = ignore::WalkBuilder::new(path)
                .hidden(true)
                .git_ignore(true)
                .require_git(false)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walk {
                match entry {
                    Ok(entry) => {
                        let p = entry.path();
                        if !entry.file_type().is_some_and(|t| t.is_file())
                            || p.file_name() == Some(POLICY_FILE.as_ref())
                        {
                            continue;
                        }
                        if let Some(kind) = kind_of(p) {
                            inputs.push(Input { shown: p.display().to_string(), kind });
                        }
                    }
                    Err(err) => {
                        errors.push(InputError::new(Source::file(arg), format!("cannot walk the folder: {err}")))
                    }
                }
            }
            if inputs.len() == before && errors.is_empty() {
                errors.push(InputError::new(Source::file(arg), "no .yaml, .yml or .csv file in this folder"));
            }
        } else if path.exists() {
            inputs.push(Input { shown: arg.clone(), kind: kind_of(path).unwrap_or(InputKind::Yaml) });
        } else {
            errors.push(InputError::new(Source::file(arg), "no such file or folder"));
        }
    }
    (inputs, errors)
}

/// Read the whole text of an input (a file, or all of stdin).
pub fn read_input_text(input: &Input) -> Result<String, InputError> {
    let result = if input.is_stdin() {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_SPEC_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))
            .and_then(|_| text_from_bytes(bytes))
    } else {
        read_text_file(Path::new(&input.shown))
    };
    result.map_err(|message| InputError::new(Source::file(&input.shown), message))
}
