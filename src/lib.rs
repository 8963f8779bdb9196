//! phaseshift: declarative schema-refactor migrations for PostgreSQL.
//!
//! The pipeline, one way, one crate a stage: [`spec`] (YAML in, checked) -> [`model`] (one
//! schema model) <- [`catalog`] (live databases, SQL files) -> the engine ([`diff`] ->
//! [`plan`], pure -> [`sql`], all SQL text) -> [`exec`] (all database changes). This crate
//! re-exports them for the command line (`src/cli`, the only part that prints) and the tests.

pub use phaseshift_catalog as catalog;
pub use phaseshift_engine::{diff, plan, sql};
pub use phaseshift_exec as exec;
pub use phaseshift_model as model;
pub use phaseshift_pg::sqlparse;
pub use phaseshift_spec as spec;
