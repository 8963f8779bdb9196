//! PostgreSQL's text, below every stage: identifier and literal quoting, the parsing of
//! SQL fragments (expressions, types, queries) and server error messages.

mod error;
mod quote;
pub mod sqlparse;

pub use error::pg_message;
pub use quote::{dollar, ident, idents, literal, qualified};
