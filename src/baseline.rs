//! `--baseline REF`: compare each program with the same file at a git ref.
//!
//! Old versions come from one `git ls-tree` (which blob each path had) and one
//! `git cat-file --batch` (the blobs), never a checkout and never one process per
//! file: a thousand specs cost two processes. The comparison itself (`compare`) is a plain function.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A repository and the commit the baseline ref names.
#[derive(Debug, Clone)]
pub struct Git {
    pub reference: String,
    commit: String,
    toplevel: PathBuf,
}

fn git(args: &[&str], dir: Option<&Path>) -> Result<std::process::Output, String> {
    let mut cmd = Command::new("git");
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.args(args).stdin(Stdio::null()).output().map_err(|e| format!("cannot run git (is it installed?): {e}"))
}

impl Git {
    /// The repository around `dir` (the folder being checked) and the commit
    /// `reference` names; a ref that does not resolve (a shallow clone's missing
    /// history) is an error that says how to fetch it.
    pub fn open(reference: &str, dir: &Path) -> Result<Git, String> {
        if reference.starts_with('-') || reference.is_empty() {
            return Err(format!("--baseline `{reference}` is not a git ref"));
        }
        let top = git(&["rev-parse", "--show-toplevel"], Some(dir))?;
        if !top.status.success() {
            return Err(format!(
                "--baseline needs a git repository, and `{}` is not in one ({})",
                dir.display(),
                String::from_utf8_lossy(&top.stderr).trim()
            ));
        }
        let toplevel = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim_end_matches(['\n', '\r']).to_string());
        let toplevel = std::fs::canonicalize(&toplevel).unwrap_or(toplevel);
        let spec = format!("{reference}^{{commit}}");
        let commit = git(&["rev-parse", "--verify", "--quiet", "--end-of-options", &spec], Some(dir))?;
        if !commit.status.success() {
            return Err(missing_ref(reference, dir));
        }
        let commit = String::from_utf8_lossy(&commit.stdout).trim().to_string();
        Ok(Git { reference: reference.to_string(), commit, toplevel })
    }

    /// The repository-relative path (with `/`) of a file or folder on disk.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let real = std::fs::canonicalize(path).ok()?;
        let rel = real.strip_prefix(&self.toplevel).ok()?;
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        Some(parts.join("/"))
    }

    /// The blobs under each repository-relative path (a folder or a file; `""` is
    /// the whole tree) at the ref: path → object id, from one `git ls-tree`.
    pub fn blobs_under(&self, paths: &[String]) -> Result<HashMap<String, String>, String> {
        let mut args = vec!["--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", &self.commit];
        if !paths.iter().any(String::is_empty) {
            args.push("--");
            args.extend(paths.iter().map(String::as_str));
        }
        let out = git(&args, Some(&self.toplevel))?;
        if !out.status.success() {
            return Err(format!("git ls-tree failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
        let mut blobs = HashMap::new();
        for entry in out.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            // `<mode> SP <type> SP <object> TAB <path>`
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else { continue };
            let mut meta = meta.split(' ');
            if let (Some(_), Some("blob"), Some(oid)) = (meta.next(), meta.next(), meta.next()) {
                blobs.insert(path.to_string(), oid.to_string());
            }
        }
        Ok(blobs)
    }

    /// The content of each object, read by one `git cat-file --batch`. Objects are
    /// named by id, not `REF:path`: resolving a path walks its trees again for every
    /// file, which costs more than reading the file.
    pub fn read_all(&self, objects: &[String]) -> Result<Vec<Option<Vec<u8>>>, String> {
        let mut child = Command::new("git")
            .args(["cat-file", "--batch"])
            .current_dir(&self.toplevel)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run git (is it installed?): {e}"))?;
        let mut stdin = child.stdin.take().expect("piped");
        let requests: String = objects.iter().map(|oid| format!("{oid}\n")).collect();
        // Write from another thread: git answers while it reads, and a full pipe
        // in both directions would otherwise deadlock.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(requests.as_bytes());
        });
        let mut reader = BufReader::new(child.stdout.take().expect("piped"));
        let mut out = Vec::with_capacity(objects.len());
        let mut header = String::new();
        for _ in objects {
            header.clear();
            if reader.read_line(&mut header).map_err(|e| format!("reading from git cat-file: {e}"))? == 0 {
                return Err("git cat-file stopped early".into());
            }
            let fields: Vec<&str> = header.split_whitespace().collect();
            match fields.as_slice() {
                [_, kind, size] => {
                    let size: usize = size.parse().map_err(|_| format!("git cat-file said {header:?}"))?;
                    let mut content = vec![0; size + 1]; // and the newline after it
                    reader.read_exact(&mut content).map_err(|e| format!("reading from git cat-file: {e}"))?;
                    content.pop();
                    out.push((*kind == "blob").then_some(content));
                }
                _ => out.push(None), // `… missing`, `… ambiguous`
            }
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(out)
    }
}

/// Why a ref names no commit, and the command that fetches it.
fn missing_ref(reference: &str, dir: &Path) -> String {
    let output = |args: &[&str]| {
        git(args, Some(dir)).ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default()
    };
    let shallow = output(&["rev-parse", "--is-shallow-repository"]) == "true";
    let remotes = output(&["remote"]);
    let fetch = fetch_command(reference, remotes.lines().collect::<Vec<_>>().as_slice());
    if shallow {
        format!(
            "--baseline `{reference}` names no commit in this clone, which is shallow (as CI checkouts usually are): \
check out with `fetch-depth: 0` (actions/checkout), or run `{fetch}` first"
        )
    } else {
        format!(
            "--baseline `{reference}` names no commit in this repository: check the name (`git branch -a`, `git tag`), \
or fetch it with `{fetch}` (in CI, check out with `fetch-depth: 0`)"
        )
    }
}

/// The git command that brings `reference` into a clone: `HEAD~5` needs five more
/// commits of history, `origin/main` the branch `main` from `origin`, a tag or a
/// commit id itself.
pub fn fetch_command(reference: &str, remotes: &[&str]) -> String {
    let ancestry = reference.rfind(['~', '^']).map(|at| &reference[at + 1..]);
    if let Some(steps) = ancestry {
        let steps: usize = if steps.is_empty() { 1 } else { steps.parse().unwrap_or(0) };
        return if steps > 0 { format!("git fetch --deepen={steps}") } else { "git fetch --unshallow".to_string() };
    }
    // `origin/main` is the branch `main` of the remote `origin`; with no remote set up
    // yet, the first part of such a ref is taken as the remote's name.
    let remote = remotes
        .iter()
        .copied()
        .find(|r| reference.strip_prefix(*r).is_some_and(|rest| rest.starts_with('/')))
        .or_else(|| if remotes.is_empty() { reference.split_once('/').map(|(remote, _)| remote) } else { None });
    match remote {
        Some(remote) => format!("git fetch {remote} {}", &reference[remote.len() + 1..]),
        None => format!("git fetch {} {reference}", remotes.first().copied().unwrap_or("origin")),
    }
}

#[cfg(test)]
mod tests {
    use super::fetch_command;

    #[test]
    fn the_fetch_hint_fits_the_ref() {
        assert_eq!(fetch_command("HEAD~5", &["origin"]), "git fetch --deepen=5");
        assert_eq!(fetch_command("HEAD^", &["origin"]), "git fetch --deepen=1");
        assert_eq!(fetch_command("origin/main", &["origin"]), "git fetch origin main");
        assert_eq!(fetch_command("upstream/release/2", &["origin", "upstream"]), "git fetch upstream release/2");
        assert_eq!(fetch_command("origin/main", &[]), "git fetch origin main");
        assert_eq!(fetch_command("v1.2", &["origin"]), "git fetch origin v1.2");
    }
}
