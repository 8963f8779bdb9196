//! Inside the engine the flow is diff -> plan -> sql, as between crates: `diff` uses
//! neither `plan` nor `sql`, and `plan` does not use `sql`. The crate graph cannot check
//! this (they are one crate), so this test reads the sources.

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

    /// The places in `stage` that name a later stage (`crate::LATER` or `super::LATER` at
    /// the stage's top).
    fn reaching_back(stage: &str, later: &[&str]) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(stage);
        let mut files = Vec::new();
        sources(&root, &mut files);
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
    fn the_check_sees_an_import() {
        // The scanner itself: sql does use plan, so it must find it.
        assert!(!reaching_back("sql", &["plan"]).is_empty());
    }
}
