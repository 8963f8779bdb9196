//! One SQL statement as the executor runs it; what every renderer makes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Statement {
    pub sql: String,
    /// False for statements that cannot run in a transaction block (CONCURRENTLY).
    pub transactional: bool,
}

impl Statement {
    /// A statement that runs inside a transaction.
    pub fn tx(sql: String) -> Statement {
        Statement { sql, transactional: true }
    }

    /// A statement PostgreSQL refuses inside a transaction block (CONCURRENTLY).
    pub fn outside_tx(sql: String) -> Statement {
        Statement { sql, transactional: false }
    }
}

/// What runs as one round trip when a step's statements cannot share one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// One statement, or several joined into one simple query, which PostgreSQL runs as one
    /// transaction: all of them or none.
    pub sql: String,
    /// How many statements it holds.
    pub statements: usize,
    /// False for a statement PostgreSQL refuses in a transaction block.
    pub transactional: bool,
}

/// The statements of a step that has some PostgreSQL refuses in a transaction block, as
/// they run: each run of consecutive transactional ones as one unit (all or none, as the
/// `sql` script's BEGIN and COMMIT around them make it), every other alone. So a foreign key
/// dropped and added back around a key's drop is never missing between two commits.
pub fn units(statements: &[Statement]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut open = false;
    for s in statements {
        match out.last_mut() {
            Some(u) if open && s.transactional => {
                u.sql.push_str(";\n");
                u.sql.push_str(&s.sql);
                u.statements += 1;
            }
            _ => out.push(Unit { sql: s.sql.clone(), statements: 1, transactional: s.transactional }),
        }
        open = s.transactional;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_transactional_statements_run_as_one_unit() {
        let st = [
            Statement::outside_tx("CREATE INDEX CONCURRENTLY i ON t (a)".into()),
            Statement::tx("ALTER TABLE c DROP CONSTRAINT f".into()),
            Statement::tx("DROP INDEX j".into()),
            Statement::tx("ALTER TABLE c ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES t (a) NOT VALID".into()),
            Statement::outside_tx("ALTER TABLE c VALIDATE CONSTRAINT f".into()),
            Statement::outside_tx("DROP INDEX CONCURRENTLY k".into()),
            Statement::tx("COMMENT ON TABLE t IS NULL".into()),
        ];
        let u = units(&st);
        let shape: Vec<usize> = u.iter().map(|u| u.statements).collect();
        assert_eq!(shape, vec![1, 3, 1, 1, 1]);
        assert_eq!(
            u[1].sql,
            "ALTER TABLE c DROP CONSTRAINT f;\nDROP INDEX j;\nALTER TABLE c ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES t (a) NOT VALID"
        );
        assert_eq!(u.iter().map(|u| u.statements).sum::<usize>(), st.len());
        assert_eq!(u.iter().map(|u| u.transactional).collect::<Vec<_>>(), vec![false, true, false, false, true]);
    }
}
