//! Sequences: `sql/catalog/sequences.sql` and their rows.

use crate::live::qn;
use crate::model::{QualName, Schema, Sequence};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/sequences.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name = qn(&r, "schema", "name");
        let owned_by = match (
            r.get::<_, Option<String>>("owner_schema"),
            r.get::<_, Option<String>>("owner_table"),
            r.get::<_, Option<String>>("owner_column"),
        ) {
            (Some(s), Some(t), Some(c)) => Some((QualName::new(s, t), c)),
            _ => None,
        };
        out.sequences.insert(
            name.clone(),
            Sequence {
                name,
                data_type: r.get("data_type"),
                start: r.get("start"),
                increment: r.get("increment"),
                min: r.get("min"),
                max: r.get("max"),
                cache: r.get("cache"),
                cycle: r.get("cycle"),
                owned_by,
                comment: r.get("comment"),
            },
        );
    }
}
