//! Publications: `sql/catalog/publications.sql` (and `publication_schemas.sql`, from
//! PostgreSQL 15 on) and their rows.

use crate::model::{Publication, PublishedTable, QualName, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/publications.sql");
pub const SCHEMAS_QUERY: &str = include_str!("../../sql/catalog/publication_schemas.sql");

pub fn read(rows: Vec<Row>, schemas: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let publish = [("ins", "insert"), ("upd", "update"), ("del", "delete"), ("trunc", "truncate")]
            .iter()
            .filter(|(col, _)| r.get::<_, bool>(*col))
            .map(|(_, op)| op.to_string())
            .collect();
        let (s, n): (Vec<String>, Vec<String>) = (r.get("table_schemas"), r.get("table_names"));
        let (f, c): (Vec<Option<String>>, Vec<Option<String>>) = (r.get("table_filters"), r.get("table_columns"));
        let tables = s
            .into_iter()
            .zip(n)
            .zip(f.into_iter().zip(c))
            .map(|((schema, name), (filter, columns))| PublishedTable {
                table: QualName::new(schema, name),
                filter,
                columns,
            })
            .collect();
        let name: String = r.get("name");
        out.publications.insert(
            name.clone(),
            Publication {
                name,
                all_tables: r.get("all_tables"),
                publish,
                via_root: r.get("via_root"),
                tables,
                schemas: Vec::new(),
                comment: r.get("comment"),
            },
        );
    }
    for r in schemas {
        if let Some(p) = out.publications.get_mut(&r.get::<_, String>("name")) {
            p.schemas.push(r.get("schema"));
        }
    }
}
