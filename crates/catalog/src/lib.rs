//! Reading schemas into the model: live databases through pg_catalog (one query per
//! object kind, sent together), and the canonicalization probe that makes a spec's
//! expressions and types compare equal to what the server would store.

mod kinds;
mod live;

use phaseshift_model as model;
pub mod sqlfile;

pub use live::{read, read_split};

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("reading the catalog failed: {}", phaseshift_pg::pg_message(.0))]
    Query(tokio_postgres::Error),
    #[error("{object}: PostgreSQL rejects the declared definition: {message}")]
    Rejected { object: String, message: String },
    /// A row names a column the other queries did not return: only a schema change
    /// between the queries does that.
    #[error("the schema changed while it was read ({0} names a column not read); run the command again")]
    Changed(String),
}

// `Query` prints its error, so it is not also a `source()`: an error chain never repeats.
impl From<tokio_postgres::Error> for CatalogError {
    fn from(e: tokio_postgres::Error) -> Self {
        CatalogError::Query(e)
    }
}
