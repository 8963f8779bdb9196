//! One file per kind of operation: how a change of that kind becomes steps, in which
//! phase, with which rollback, lock and hazards.

pub mod backfill;
pub mod column;
pub mod constraint;
pub mod extension;
pub mod grant;
pub mod index;
pub mod rename;
pub mod retire;
pub mod schema;
pub mod sequence;
pub mod table;
pub mod table_changes;
pub mod trigger;
pub mod types;
pub mod view;

#[cfg(test)]
pub(crate) mod testutil;
