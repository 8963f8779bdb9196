//! Inside the engine the flow is diff -> plan -> sql, as between crates: `diff` uses
//! neither `plan` nor `sql`, and `plan` does not use `sql`. The same holds inside each
//! kind's module (`kinds/<kind>/compare.rs` is comparison, `mod.rs` and `plan.rs`
//! planning, `render.rs` rendering). The crate graph cannot check this (they are one
//! crate), so this test reads the sources.

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }

    /// The places in `stage` (a folder of `src`) that name a later stage (`crate::LATER`).
    fn reaching_back(stage: &str, later: &[&str]) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(stage);
        let mut files = Vec::new();
        sources(&root, &mut files);
        naming(files, later)
    }

    /// The files of the kinds' modules called `file`.
    fn kind_files(file: &str) -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("kinds");
        let mut files = Vec::new();
        sources(&root, &mut files);
        files.retain(|(p, _)| Path::new(p).file_name().is_some_and(|n| n == file));
        files
    }

    fn naming(files: Vec<(String, String)>, later: &[&str]) -> Vec<String> {
        let mut found = Vec::new();
        for (path, text) in files {
            for (n, line) in text.lines().enumerate() {
                for l in later {
                    if line.contains(&format!("crate::{l}::")) || line.contains(&format!("crate::{l}}}")) {
                        found.push(format!("{path}:{}: {}", n + 1, line.trim()));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn diff_uses_neither_plan_nor_sql() {
        let found = reaching_back("diff", &["plan", "sql"]);
        assert!(found.is_empty(), "diff imports a later stage:\n{}", found.join("\n"));
    }

    #[test]
    fn plan_does_not_use_sql() {
        let found = reaching_back("plan", &["sql"]);
        assert!(found.is_empty(), "plan imports a later stage:\n{}", found.join("\n"));
    }

    #[test]
    fn kinds_compare_without_plan_or_sql() {
        let files = kind_files("compare.rs");
        assert!(files.len() >= 10, "the kinds' comparisons were not found");
        let found = naming(files, &["plan", "sql"]);
        assert!(found.is_empty(), "a kind's comparison imports a later stage:\n{}", found.join("\n"));
    }

    #[test]
    fn kinds_plan_without_sql() {
        let mut files = kind_files("plan.rs");
        files.extend(kind_files("mod.rs").into_iter().filter(|(p, _)| !p.ends_with("kinds/mod.rs")));
        assert!(files.len() >= 20, "the kinds' plans were not found");
        let found = naming(files, &["sql"]);
        assert!(found.is_empty(), "a kind's planning imports a later stage:\n{}", found.join("\n"));
    }

    #[test]
    fn the_check_sees_an_import() {
        // The scanner itself: sql does use plan, so it must find it.
        assert!(!reaching_back("sql", &["plan"]).is_empty());
        assert!(!naming(kind_files("render.rs"), &["sql"]).is_empty());
    }
}
