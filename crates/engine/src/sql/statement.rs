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
