//! Schemas (namespaces): created when the target has one the database lacks, dropped
//! last, once everything in them is gone.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use serde::Serialize;

/// Schemas (namespaces).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum SchemaOp {
    CreateSchema {
        schema: String,
    },
    /// Drops the schema only if nothing is left in it.
    DropSchemaIfEmpty {
        schema: String,
    },
    DropSchema {
        schema: String,
    },
}
