//! Catalog reading, one module per object kind: its query and how its rows become model
//! objects. `live.rs` sends the queries and calls each kind's `read`.

pub mod aggregate;
pub mod column;
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
