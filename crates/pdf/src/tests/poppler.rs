//! Reading a PDF back with poppler (`pdftotext`, `pdfinfo`, `pdftoppm`): installed in CI, so a
//! missing tool fails the test instead of skipping it.

use std::path::PathBuf;
use std::process::Command;

/// Where test artifacts go: `target/tmp/` of the workspace's target directory.
pub fn artifacts(sub: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    let dir = target.join("tmp").join(sub);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn save(pdf: &[u8], name: &str) -> PathBuf {
    let path = artifacts("pdf").join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

fn run(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} could not run ({e}): install poppler-utils (apt-get install poppler-utils)")
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text poppler reads from a PDF, in reading order.
pub fn text(pdf: &[u8], name: &str) -> String {
    let path = save(pdf, name);
    run("pdftotext", &[path.as_os_str(), "-".as_ref()])
}

/// The number of pages poppler finds (it parses the whole document to say so).
pub fn pages(pdf: &[u8], name: &str) -> usize {
    let path = save(pdf, name);
    let info = run("pdfinfo", &[path.as_os_str()]);
    let line = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{info}"));
    line["Pages:".len()..].trim().parse().unwrap()
}

/// Renders the first page to `target/tmp/screenshots/<name>.png` at 80 dpi.
pub fn png(pdf: &[u8], name: &str) -> PathBuf {
    let path = save(pdf, &format!("{name}.pdf"));
    let out = artifacts("screenshots").join(name);
    run(
        "pdftoppm",
        &[
            "-png".as_ref(),
            "-r".as_ref(),
            "80".as_ref(),
            "-f".as_ref(),
            "1".as_ref(),
            "-singlefile".as_ref(),
            path.as_os_str(),
            out.as_os_str(),
        ],
    );
    out.with_extension("png")
}
