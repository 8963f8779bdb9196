//! Catalog reading, one module per object kind: its query and how its rows become model
//! objects. (Kinds not yet moved here are read in `live.rs`.)

pub mod aggregate;
