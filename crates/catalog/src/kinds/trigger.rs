//! Triggers: `sql/catalog/triggers.sql` and their rows.

use crate::live::qn;
use crate::model::{Schema, Trigger};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/triggers.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let table = qn(&r, "schema", "table_name");
        let name: String = r.get("name");
        out.triggers.insert(
            (table.clone(), name.clone()),
            Trigger {
                table,
                name,
                definition: r.get("definition"),
                enabled: r.get("enabled"),
                function: qn(&r, "function_schema", "function_name"),
                comment: r.get("comment"),
            },
        );
    }
}
