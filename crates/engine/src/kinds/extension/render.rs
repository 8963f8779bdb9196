//! Rendering: Extensions.

use crate::plan::ExtensionOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &ExtensionOp) -> Vec<Statement> {
    match op {
        ExtensionOp::CreateExtension { ext } => vec![Statement::tx(format!(
            "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {} VERSION {}",
            ident(&ext.name),
            ident(&ext.schema),
            literal(&ext.version)
        ))],
        ExtensionOp::UpdateExtension { name, version } => {
            vec![Statement::tx(format!("ALTER EXTENSION {} UPDATE TO {}", ident(name), literal(version)))]
        }
        ExtensionOp::DropExtension { name } => vec![Statement::tx(format!("DROP EXTENSION IF EXISTS {}", ident(name)))],
    }
}
