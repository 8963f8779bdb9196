//! The one integration test binary. Everything here runs against a real PostgreSQL.

mod cases;
mod cli;
mod engine;
mod harness;
