//! One module per object kind, holding its comparison, planning and rendering with their
//! tests. The central enums (`diff::Change`, `plan::Op`) have one variant per kind here,
//! and each dispatch point one arm. (Kinds not yet moved here live in `diff`, `plan/ops`
//! and `sql`.)

pub mod aggregate;
pub mod column;
pub mod comment;
pub mod constraint;
pub mod event_trigger;
pub mod extension;
pub mod function;
pub mod grant;
pub mod index;
pub mod policy;
pub mod publication;
pub mod rule;
pub mod schema;
pub mod sequence;
pub mod statistics;
pub mod table;
pub mod trigger;
pub mod types;
pub mod unmanaged;
pub mod view;
