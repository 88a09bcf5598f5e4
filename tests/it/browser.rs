//! The HTML report in a real browser: headless Chromium opens the report of
//! `examples/` plus a fixture whose every text is an injection attempt, and we
//! check what a person would see: no console errors, one radar drawn per
//! program, the hostile name shown as text. A screenshot is kept as an artifact
//! in `target/browser-artifacts/`.
//!
//! Chromium is Debian's `chromium` package (`.ci/run` installs it). Where it is
//! missing the tests say SKIPPED and return, except under `CI=true`, where a missing
//! browser fails them: CI never passes without a browser having looked.
//! `PARTAKE_CHROMIUM` names another binary.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const XSS_FIXTURE: &str = "tests/fixtures/html/xss.yaml";
/// A browser that has not finished by then is stuck: fail instead of hanging CI.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(120);

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PARTAKE_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let fixed = Path::new("/usr/bin/chromium");
    if fixed.is_file() {
        return Some(fixed.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium, or a loud skip (a failure under `CI=true`).
fn browser_or_skip(test: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: CI=true and chromium is not installed; .ci/run installs it (apt-get install chromium)"
        );
        // Shown by `cargo test -- --nocapture`; .ci/run also says it before the tests.
        println!("SKIPPED {test}: chromium not installed (apt-get install chromium, or set PARTAKE_CHROMIUM)");
        eprintln!("SKIPPED {test}: chromium not installed (apt-get install chromium, or set PARTAKE_CHROMIUM)");
    }
    found
}

struct Run {
    stdout: String,
    stderr: String,
}

/// Run headless Chromium on `page` with `extra` flags, in a fresh profile, with no network.
fn run_chromium(chromium: &Path, page: &Path, extra: &[String], scratch: &Path) -> Run {
    let profile = tempfile::tempdir_in(scratch).unwrap();
    let stdout_path = scratch.join(format!("stdout-{}.txt", extra.len()));
    let stderr_path = scratch.join(format!("stderr-{}.txt", extra.len()));
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut child = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            // Console messages (errors included) are logged to stderr as `CONSOLE`.
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish within {BROWSER_TIMEOUT:?}; stderr:\n{}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let run = Run {
        stdout: std::fs::read_to_string(&stdout_path).unwrap(),
        stderr: std::fs::read_to_string(&stderr_path).unwrap(),
    };
    assert!(status.success(), "chromium failed ({status}); stderr:\n{}", run.stderr);
    run
}

/// What the page said on its console: Chromium logs each message with `CONSOLE` in the prefix.
fn console_messages(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

fn body_attribute<'a>(dom: &'a str, name: &str) -> Option<&'a str> {
    let body = &dom[dom.find("<body")?..];
    let body = &body[..body.find('>')?];
    let start = body.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&body[start..start + body[start..].find('"')?])
}

fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("browser-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_html_report_draws_in_a_real_browser_and_keeps_hostile_names_as_text() {
    let Some(chromium) = browser_or_skip("the_html_report_draws_in_a_real_browser") else { return };
    let scratch = tempfile::tempdir().unwrap();
    let report = scratch.path().join("report.html");

    let out = Command::cargo_bin("partake")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["score", "examples/", XSS_FIXTURE, "--format", "html", "--output"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json = Command::cargo_bin("partake")
        .unwrap()
        .args(["score", "examples/", XSS_FIXTURE, "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let programs = doc["programs"].as_array().unwrap().len();
    assert_eq!(programs, 16, "the 15 examples and the fixture");

    let dom_run = run_chromium(&chromium, &report, &["--dump-dom".to_string()], scratch.path());
    let dom = &dom_run.stdout;
    assert!(dom.contains("</html>"), "no DOM came back; stderr:\n{}", dom_run.stderr);

    // No console output at all: errors, CSP violations and stray logs all land there.
    let console = console_messages(&dom_run.stderr);
    assert!(console.is_empty(), "console messages:\n{}", console.join("\n"));
    assert_eq!(body_attribute(dom, "data-errors"), None, "script errors recorded by the page");

    // The page's script ran (its CSP hash matched) and measured one drawn radar per program.
    assert_eq!(body_attribute(dom, "data-radars-drawn"), Some(programs.to_string().as_str()));
    assert_eq!(dom.matches("<svg class=\"radar\"").count(), programs);
    assert_eq!(dom.matches("<article class=\"program\"").count(), programs);

    // The hostile texts are text: escaped in the DOM, and no element or script of theirs exists.
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the fixture's name is not shown as text");
    assert!(dom.contains("&lt;img src=x onerror=alert(2)&gt;"), "the fixture's organization is not shown as text");
    assert!(!dom.contains("<script>alert"), "an injected script element exists");
    assert!(!dom.contains("<img"), "an injected image element exists");
    assert!(!dom.contains("<svg onload"), "an injected svg element exists");
    assert_eq!(body_attribute(dom, "data-scripts"), Some("1"), "only the report's own script");

    // A screenshot, kept for people to look at.
    let shot = artifacts_dir().join("report.png");
    let _ = std::fs::remove_file(&shot);
    let shot_run = run_chromium(
        &chromium,
        &report,
        &[format!("--screenshot={}", shot.display()), "--window-size=1280,2000".to_string()],
        scratch.path(),
    );
    let console = console_messages(&shot_run.stderr);
    assert!(console.is_empty(), "console messages:\n{}", console.join("\n"));
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", shot.display()));
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "the screenshot is not a real picture");
    std::fs::copy(&report, artifacts_dir().join("report.html")).unwrap();
    println!("screenshot: {}", shot.display());
}

/// The checks above are only as good as their eyes: a page with a console error
/// and a failing script must be caught by the same harness.
#[test]
fn the_browser_harness_sees_console_errors() {
    let Some(chromium) = browser_or_skip("the_browser_harness_sees_console_errors") else { return };
    let scratch = tempfile::tempdir().unwrap();
    let page = scratch.path().join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><p>broken</p><script>console.error('boom'); missingFunction();</script></body></html>",
    )
    .unwrap();
    let run = run_chromium(&chromium, &page, &["--dump-dom".to_string()], scratch.path());
    assert!(run.stdout.contains("<p>broken</p>"));
    let console = console_messages(&run.stderr).join("\n");
    assert!(console.contains("boom"), "console.error not seen:\n{}", run.stderr);
    assert!(console.contains("missingFunction"), "uncaught error not seen:\n{}", run.stderr);
}
