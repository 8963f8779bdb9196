//! The one integration test binary. Everything here runs against a real PostgreSQL.

// `fixture_cases!` and `fixture_diffs!`: one test per fixture directory (build.rs).
include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

mod cases;
mod cli;
mod connection;
mod data;
mod diffcases;
mod engine;
mod harness;
mod safety;
mod state;
mod trials;
