//! Model files: the built-in `models/*.yaml` embedded in the binary, replaced or
//! extended by a `--models DIR` folder, parsed here and checked by the core
//! ([`partake_core::models::build`]), whose errors this reader places at file:line.

use crate::read::positions::Marked;
use partake_core::models::{build, Content, ModelFile, ModelSet};
use partake_core::spec::{ErrorCode, InputError, Source};
use serde::Deserialize;
use std::path::Path;
use std::sync::OnceLock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_models.rs"));
}

/// One model file's text, and the path errors should name.
struct ModelText {
    path: String,
    file_name: String,
    text: String,
    builtin: bool,
}

/// A model file parsed, and its marked document (where each key is), or why not.
type Parsed = Result<(ModelFile, Option<Marked>), InputError>;

/// The built-in models, replaced or extended by the files in `dir`.
pub fn load(dir: Option<&Path>) -> Result<ModelSet, Vec<InputError>> {
    let extra = match dir {
        Some(dir) => read_dir(dir)?,
        None => Vec::new(),
    };
    load_texts(extra)
}

/// A model set from model files held in memory: `(file name, text)` pairs, which
/// replace or extend the built-ins like files in a `--models` folder.
pub fn load_with(extra: &[(&str, &str)]) -> Result<ModelSet, Vec<InputError>> {
    let texts = extra.iter().map(|(name, text)| ModelText {
        path: name.to_string(),
        file_name: name.to_string(),
        text: text.to_string(),
        builtin: false,
    });
    load_texts(texts.collect())
}

/// The built-in model files, parsed once per process: every load after the first
/// (a test's, each run of the model fuzz target) parses only the files it adds.
fn builtins() -> &'static [Parsed] {
    static BUILTINS: OnceLock<Vec<Parsed>> = OnceLock::new();
    BUILTINS.get_or_init(|| {
        let texts = embedded::EMBEDDED.iter().map(|(name, text)| ModelText {
            path: format!("models/{name}"),
            file_name: name.to_string(),
            text: text.to_string(),
            builtin: true,
        });
        texts.map(parse_model_file).collect()
    })
}

fn load_texts(extra: Vec<ModelText>) -> Result<ModelSet, Vec<InputError>> {
    let extra: Vec<Parsed> = extra.into_iter().map(parse_model_file).collect();
    let mut files = Vec::new();
    let mut marks = Vec::new();
    let mut errors = Vec::new();
    for parsed in builtins().iter().chain(&extra) {
        match parsed {
            Ok((file, marked)) => {
                files.push(file.clone());
                marks.push(marked.as_ref());
            }
            Err(error) => errors.push(error.clone()),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    build(files, &|file, path| key_source(&paths[file], marks[file], path))
}

fn parse_model_file(text: ModelText) -> Parsed {
    let (content, marks) = parse_file(&text)?;
    let ModelText { path, file_name, text, builtin } = text;
    Ok((ModelFile { path, file_name, text, builtin, content }, marks))
}

fn read_dir(dir: &Path) -> Result<Vec<ModelText>, Vec<InputError>> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![InputError::new(ErrorCode::File, Source::file(&shown), format!("cannot read the models folder: {e}"))]
    })?;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let is_yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
        if !is_yaml {
            continue;
        }
        let shown = path.display().to_string();
        // Only regular files: opening a FIFO (or a device) named `*.yaml` would wait forever.
        if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            errors.push(InputError::new(
                ErrorCode::File,
                Source::file(&shown),
                "not a regular file; a model file must be one",
            ));
            continue;
        }
        match crate::read::read_text_file(&path) {
            Ok(text) => files.push(ModelText {
                file_name: path.file_name().unwrap_or_default().to_string_lossy().into_owned(),
                path: shown,
                text,
                builtin: false,
            }),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// What a model file says it is; anything else in it is its kind's to check.
#[derive(Deserialize, Default)]
struct Header {
    kind: Option<String>,
    id: Option<String>,
}

/// A model file's content, and the marked node of its document (where each key is).
fn parse_file(file: &ModelText) -> Result<(Content, Option<Marked>), InputError> {
    let at_file = |err: serde_yaml::Error| {
        let message = err.to_string();
        let message = message.split(" at line ").next().unwrap_or_default().to_string();
        match err.location() {
            Some(loc) => {
                InputError::new(ErrorCode::InvalidValue, Source::at(&file.path, loc.line(), loc.column()), message)
            }
            None => InputError::new(ErrorCode::InvalidValue, Source::file(&file.path), message),
        }
    };
    // Read the way every YAML text is (the shared guard, positions kept); the
    // content is then deserialised into its type, where serde_yaml places type errors.
    let (documents, error) = crate::read::yaml::documents(&file.text, &file.path);
    if let Some(error) = error {
        return Err(error);
    }
    let (value, marks) = documents.into_iter().next().map_or((serde_yaml::Value::Null, None), |d| (d.value, d.marks));
    let header: Header = serde_yaml::from_value(value).unwrap_or_default();
    let kinds = ["model", "ideal", "vocabulary"];
    match header.kind.as_deref() {
        Some("model") => serde_yaml::from_str(&file.text).map(Content::Model).map_err(at_file),
        Some("ideal") => serde_yaml::from_str(&file.text).map(|i| Content::Ideal(Box::new(i))).map_err(at_file),
        Some("vocabulary") => {
            serde_yaml::from_str(&file.text).map(|v| Content::Vocabulary(Box::new(v))).map_err(at_file)
        }
        Some(other) => {
            let at = key_source(&file.path, marks.as_ref(), &["kind"]);
            Err(InputError::new(ErrorCode::UnknownKey, at, crate::read::values::unknown("kind", other, &kinds)))
        }
        None => Err(InputError::new(
            ErrorCode::Missing,
            Source::at(&file.path, 1, 1),
            format!("missing `kind`: a model file says what it is ({})", kinds.join(", ")),
        )),
    }
    .and_then(|parsed| match header.id {
        Some(id) if !id.trim().is_empty() => Ok((parsed, marks)),
        _ => Err(InputError::new(ErrorCode::Missing, Source::at(&file.path, 1, 1), "missing `id`")),
    })
}

/// The position of a nested key path such as `["signals", "3", "fact"]`.
fn key_source(file: &str, marks: Option<&Marked>, path: &[&str]) -> Source {
    let mut node = marks;
    let mut at = (1, 1);
    for step in path {
        let Some(current) = node else { break };
        if let Ok(index) = step.parse::<usize>() {
            node = current.item(index);
            if let Some(n) = node {
                at = (n.line, n.column);
            }
        } else if let Some(entry) = current.entry(step) {
            at = entry.key_at;
            node = Some(&entry.value);
        } else {
            break;
        }
    }
    Source::at(file, at.0, at.1)
}
