//! Rendering: Schemas.

use crate::plan::SchemaOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &SchemaOp) -> Vec<Statement> {
    match op {
        SchemaOp::CreateSchema { schema } => vec![Statement::tx(format!("CREATE SCHEMA IF NOT EXISTS {}", ident(schema)))],
        SchemaOp::DropSchemaIfEmpty { schema } => vec![Statement::tx(format!(
            "DO {}",
            dollar(&format!(
                "\nBEGIN\n  DROP SCHEMA IF EXISTS {};\nEXCEPTION WHEN dependent_objects_still_exist THEN\n  NULL; -- still in use: keep it\nEND\n",
                ident(schema)
            ))
        ))],
        SchemaOp::DropSchema { schema } => vec![Statement::tx(format!("DROP SCHEMA IF EXISTS {}", ident(schema)))],
    }
}
