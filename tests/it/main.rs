//! The one integration test binary. Everything here runs against a real PostgreSQL.

mod cases;
mod engine;
mod harness;
