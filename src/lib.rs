//! phaseshift: declarative schema-refactor migrations for PostgreSQL.
//!
//! The pipeline, one way: [`spec`] (YAML in, checked) -> [`model`] (one schema model) <-
//! [`catalog`] (live databases) -> [`diff`] -> [`plan`] (pure) -> [`sql`] (all SQL text) ->
//! [`exec`] (all database access). The CLI (`src/cli`) is the only part that prints.

pub mod catalog;
pub mod diff;
pub mod exec;
pub mod model;
pub mod plan;
pub mod spec;
pub mod sql;
pub mod sqlparse;
