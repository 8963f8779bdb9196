//! The one integration test binary. Everything here runs against a real PostgreSQL.

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
