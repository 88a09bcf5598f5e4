//! Read: files, folders and stdin → programs with source locations (or errors).

pub mod columns;
pub mod csv;
pub mod positions;
pub mod values;
pub mod yaml;

use partake_core::spec::{ErrorCode, InputError, Source};
use std::path::Path;

/// Larger spec files are refused rather than read into memory.
pub const MAX_SPEC_BYTES: u64 = 16 * 1024 * 1024;

/// Read a text file: UTF-8 (a leading byte-order mark is dropped), within the size limit.
pub fn read_text_file(path: &Path) -> Result<String, InputError> {
    use std::io::Read;
    let shown = path.display().to_string();
    let fail = |message: String| InputError::new(ErrorCode::File, Source::file(&shown), message);
    let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot open: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_SPEC_BYTES + 1).read_to_end(&mut bytes).map_err(|e| fail(format!("cannot read: {e}")))?;
    text_from_bytes(bytes, &shown)
}

/// Check and decode the bytes of a spec; errors point at the offending byte.
pub fn text_from_bytes(bytes: Vec<u8>, shown: &str) -> Result<String, InputError> {
    if bytes.len() as u64 > MAX_SPEC_BYTES {
        let message = format!("larger than {} MiB; is it really a spec?", MAX_SPEC_BYTES / (1024 * 1024));
        return Err(InputError::new(ErrorCode::File, Source::file(shown), message));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError::new(
            ErrorCode::Encoding,
            position(&bytes, at, shown),
            "a NUL byte: this is a binary file, not a YAML spec",
        ));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        InputError::new(
            ErrorCode::Encoding,
            position(e.as_bytes(), at, shown),
            "not UTF-8 text; save the file as UTF-8",
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// The 1-based line and column (in characters) of byte `at`.
fn position(bytes: &[u8], at: usize, shown: &str) -> Source {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    Source::at(shown, line, column)
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

/// The kind of spec a file name says it holds, if any.
pub fn kind_of(path: &Path) -> Option<InputKind> {
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
                            // The current folder goes without saying: `a.yaml`, not `./a.yaml`.
                            let shown = if arg == "." { p.strip_prefix(".").unwrap_or(p) } else { p };
                            inputs.push(Input { shown: shown.display().to_string(), kind });
                        }
                    }
                    Err(err) => errors.push(InputError::new(
                        ErrorCode::File,
                        Source::file(arg),
                        format!("cannot walk the folder: {err}"),
                    )),
                }
            }
            if inputs.len() == before && errors.is_empty() {
                errors.push(InputError::new(
                    ErrorCode::File,
                    Source::file(arg),
                    "no .yaml, .yml or .csv file in this folder",
                ));
            }
        } else if path.exists() {
            inputs.push(Input { shown: arg.clone(), kind: kind_of(path).unwrap_or(InputKind::Yaml) });
        } else {
            errors.push(InputError::new(ErrorCode::File, Source::file(arg), "no such file or folder"));
        }
    }
    (inputs, errors)
}

/// Read the whole text of an input (a file, or all of stdin).
pub fn read_input_text(input: &Input) -> Result<String, InputError> {
    if input.is_stdin() {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin().lock().take(MAX_SPEC_BYTES + 1).read_to_end(&mut bytes).map_err(|e| {
            InputError::new(ErrorCode::File, Source::file("-"), format!("cannot read standard input: {e}"))
        })?;
        text_from_bytes(bytes, "-")
    } else {
        read_text_file(Path::new(&input.shown))
    }
}
