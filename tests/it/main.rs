//! The one integration test binary. Everything here runs against a real PostgreSQL.

mod cases;
mod cli;
mod diffcases;
mod engine;
mod harness;
