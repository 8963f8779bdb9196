//! Rendering: Indexes.

use super::*;
use crate::plan::IndexOp;

pub(super) fn render(op: &IndexOp) -> Vec<Statement> {
    match op {
        IndexOp::CreateIndex { index, concurrently } => vec![Statement {
            sql: format!(
                "CREATE {}INDEX {}IF NOT EXISTS {} ON {} {}",
                if index.unique { "UNIQUE " } else { "" },
                if *concurrently { "CONCURRENTLY " } else { "" },
                ident(&index.name.name),
                qual(&index.table),
                index_definition(index)
            ),
            transactional: !concurrently,
        }],
        IndexOp::DropIndex { index, concurrently } => vec![Statement {
            sql: format!("DROP INDEX {}IF EXISTS {}", if *concurrently { "CONCURRENTLY " } else { "" }, qual(index)),
            transactional: !concurrently,
        }],
    }
}
