//! Indexes, with their keys: `sql/catalog/indexes.sql` and its rows, one per key or INCLUDE
//! column, grouped here by index.

use crate::model::{Index, IndexKey, KeyExpr, QualName, Schema};
use std::collections::HashMap;
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/indexes.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    // Each index's rows, and the one that carries its own columns (its first).
    let mut parts: HashMap<u32, Vec<Row>> = HashMap::new();
    for r in rows {
        parts.entry(r.get("oid")).or_default().push(r);
    }
    for (_, mut rows) in parts {
        rows.sort_by_key(|r| r.get::<_, i32>("k"));
        let Some(first) = rows.first() else { continue };
        let schema: String = first.get("schema");
        let mut keys = Vec::new();
        let mut include = Vec::new();
        for r in &rows {
            let column: Option<String> = r.get("column_name");
            if !r.get::<_, bool>("is_key") {
                include.extend(column);
                continue;
            }
            keys.push(IndexKey {
                expr: match column {
                    Some(c) => KeyExpr::Column(c),
                    None => KeyExpr::Expr(r.get::<_, Option<String>>("expr").unwrap_or_default()),
                },
                opclass: r.get("opclass"),
                desc: r.get("descending"),
                nulls_first: r.get("nulls_first"),
                collation: r.get("collation"),
            });
        }
        let name = QualName::new(schema.clone(), first.get::<_, String>("name"));
        out.indexes.insert(
            name.clone(),
            Index {
                name,
                table: QualName::new(schema, first.get::<_, String>("table_name")),
                unique: first.get("is_unique"),
                method: first.get("method"),
                keys,
                include,
                predicate: first.get("predicate"),
                constraint_backed: first.get("constraint_backed"),
                comment: first.get("comment"),
                nulls_not_distinct: first.get("nulls_not_distinct"),
                options: first.get("options"),
            },
        );
    }
}
