//! One `#[test]` per fixture, so each case runs alone by name (`cargo test --test it
//! cases::constructs`) and a failing case does not hide the others: the names of
//! `tests/cases/*`, the examples (`specs/examples/*` with `sql/examples/NAME.sql`) and
//! `tests/diff/*` and the invalid specs `tests/invalid/*.yaml` are written into
//! `$OUT_DIR/fixtures.rs`, included by the tests.

use std::fmt::Write as _;
use std::path::Path;

/// The names `name` gives the entries of a directory (those it keeps), sorted.
fn entries(path: &str, name: impl Fn(&std::fs::DirEntry) -> Option<String>) -> Vec<String> {
    println!("cargo:rerun-if-changed={path}");
    let mut out: Vec<String> =
        std::fs::read_dir(path).into_iter().flatten().flatten().filter_map(|e| name(&e)).collect();
    out.sort();
    out
}

fn dirs(path: &str) -> Vec<String> {
    entries(path, |e| e.path().is_dir().then(|| e.file_name().to_string_lossy().into_owned()))
}

/// The stems of the `.yaml` files in a directory.
fn yaml_files(path: &str) -> Vec<String> {
    entries(path, |e| e.file_name().to_string_lossy().strip_suffix(".yaml").map(str::to_string))
}

/// A test function name for a fixture directory (they are snake_case already; anything
/// else becomes `_`).
fn ident(name: &str) -> String {
    let s: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

fn main() {
    println!("cargo:rerun-if-changed=sql/examples");
    let mut cases: Vec<String> = dirs("tests/cases");
    cases.extend(
        dirs("specs/examples")
            .into_iter()
            .filter(|n| Path::new(&format!("sql/examples/{n}.sql")).exists())
            .map(|n| format!("example_{n}")),
    );
    cases.sort();
    let diffs = dirs("tests/diff");
    let invalid = yaml_files("tests/invalid");
    let mut out = String::new();
    // `fixture_cases!(macro)` and `fixture_diffs!(macro)` call `macro!(test_name, "dir")`
    // once per fixture; each test module decides what a test does.
    for (list, names) in [("fixture_cases", &cases), ("fixture_diffs", &diffs), ("fixture_invalid", &invalid)] {
        writeln!(out, "#[allow(unused_macros)]\nmacro_rules! {list} {{\n    ($m:ident) => {{").unwrap();
        for n in names.iter() {
            writeln!(out, "        $m!({}, {n:?});", ident(n)).unwrap();
        }
        writeln!(out, "    }};\n}}").unwrap();
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("fixtures.rs");
    std::fs::write(dest, out).unwrap();
}
