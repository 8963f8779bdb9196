//! PostgreSQL's text, below every stage: identifier and literal quoting, the parsing of
//! SQL fragments (expressions, types, queries) and server error messages.

mod error;
mod quote;
pub mod sqlparse;

pub use error::{is_cannot_coerce, is_data_error, is_missing_object, is_transient, pg_message, pg_message_line};
pub use quote::{dollar, ident, idents, literal, qualified};
