//! Columns of the tables read: `sql/catalog/columns.sql` and their rows.

use crate::live::qn;
use crate::model::{Column, Identity, Schema, Storage};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/columns.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let q = qn(&r, "schema", "table_name");
        let Some(t) = out.tables.get_mut(&q) else { continue };
        let identity: String = r.get("identity");
        t.columns.push(Column {
            name: r.get("column_name"),
            data_type: r.get("data_type"),
            not_null: r.get("not_null"),
            default: r.get("default_expr"),
            identity: match identity.as_str() {
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                _ => None,
            },
            identity_options: r.get("identity_options"),
            generated: r.get("generated_expr"),
            collation: r.get("collation"),
            comment: r.get("column_comment"),
            inherited: r.get("inherited"),
            storage: r.get::<_, Option<String>>("storage").as_deref().and_then(Storage::from_catalog),
            statistics: r.get("stats_target"),
            compression: r.get("compression"),
            options: r.get("attribute_options"),
        });
    }
}
