//! Schemas and their comments: `sql/catalog/schemas.sql` and
//! `sql/catalog/schema_comments.sql` and their rows.

use crate::model::Schema;
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/schemas.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        out.schemas.insert(r.get("name"));
    }
}

pub const COMMENTS_QUERY: &str = include_str!("../../sql/catalog/schema_comments.sql");

pub fn read_comments(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        out.schema_comments.insert(r.get("name"), r.get("comment"));
    }
}
