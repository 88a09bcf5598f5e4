//! Where a report goes: standard output, or `--output FILE`.
//!
//! A file report is written into a temporary file beside its target and renamed
//! into place only when the run has finished: an interrupted run, a full disk or a
//! failed write leaves the old file as it was (or none), never one that looks
//! complete, and a report is never written over an input while it is being read.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// An open report destination; `finish` makes a file report appear.
pub enum Destination {
    Stdout(BufWriter<io::Stdout>),
    File { file: BufWriter<tempfile::NamedTempFile>, target: PathBuf },
}

impl Destination {
    /// Standard output, or a temporary file beside `target`.
    pub fn open(target: Option<&Path>) -> Result<Destination, String> {
        let Some(target) = target else {
            return Ok(Destination::Stdout(BufWriter::with_capacity(256 * 1024, io::stdout())));
        };
        let fail = |e: io::Error| format!("{}: cannot write: {e}", target.display());
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        // Hidden, and named after its target: a folder walk skips it, a person sees what it was.
        builder.prefix(&prefix).suffix(".partial");
        // The report gets the permissions of the file it replaces, or the usual ones.
        match std::fs::metadata(target) {
            Ok(meta) => {
                builder.permissions(meta.permissions());
            }
            Err(_) => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    builder.permissions(std::fs::Permissions::from_mode(0o644));
                }
            }
        }
        let file = builder.tempfile_in(dir).map_err(fail)?;
        Ok(Destination::File { file: BufWriter::with_capacity(256 * 1024, file), target: target.to_path_buf() })
    }

    /// Flush, and put a file report in place. Dropping a destination without
    /// finishing it removes the temporary file.
    pub fn finish(self) -> Result<(), String> {
        match self {
            Destination::Stdout(mut out) => match out.flush() {
                // A closed pipe (`| head`) is the reader's choice, not an error.
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("cannot write the report: {e}")),
                _ => Ok(()),
            },
            Destination::File { file, target } => {
                let fail = |e: io::Error| format!("{}: cannot write: {e}", target.display());
                let file = file.into_inner().map_err(|e| fail(e.into_error()))?;
                file.as_file().sync_all().map_err(fail)?;
                file.persist(&target).map_err(|e| fail(e.error))?;
                Ok(())
            }
        }
    }
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Destination::Stdout(out) => out.write(buf),
            Destination::File { file, .. } => file.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Destination::Stdout(out) => out.write_all(buf),
            Destination::File { file, .. } => file.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Destination::Stdout(out) => out.flush(),
            // A file report is flushed once, by `finish`.
            Destination::File { .. } => Ok(()),
        }
    }
}

/// Whether `a` and `b` name the same existing file (through links, `..`, case-folding
/// file systems): an output that is also an input must not be written.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old\n").unwrap();
        let mut out = Destination::open(Some(&target)).unwrap();
        out.write_all(b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
        drop(out);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n", "an unfinished report changes nothing");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "and leaves nothing behind");
        let mut out = Destination::open(Some(&target)).unwrap();
        out.write_all(b"new\n").unwrap();
        out.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
        assert!(same_file(&target, &dir.path().join(".").join("out.csv")));
    }
}
