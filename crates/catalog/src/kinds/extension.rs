//! Extensions: `sql/catalog/extensions.sql` and their rows.

use crate::model::{Extension, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/extensions.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name: String = r.get("name");
        out.extensions.insert(name.clone(), Extension { name, schema: r.get("schema"), version: r.get("version") });
    }
}
