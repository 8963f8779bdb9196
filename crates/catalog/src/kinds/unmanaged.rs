//! Objects of kinds phaseshift does not migrate: `sql/catalog/unmanaged.sql` and its rows.

use crate::model::{Schema, Unmanaged};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/unmanaged.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let u = Unmanaged {
            kind: r.get("kind"),
            schema: r.get("schema"),
            name: r.get("name"),
            definition: r.get::<_, Option<String>>("definition").unwrap_or_default(),
            secret_digest: r.get("secret_digest"),
        };
        out.unmanaged.insert(u.key(), u);
    }
}
