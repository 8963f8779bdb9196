//! One file per kind of operation: how a change of that kind becomes steps, in which
//! phase, with which rollback, lock and hazards.

pub mod backfill;
pub mod raw;
pub mod rename;
pub mod retire;
pub mod versioned;

#[cfg(test)]
pub(crate) mod testutil;
