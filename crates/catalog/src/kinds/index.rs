//! Indexes, with their keys: `sql/catalog/indexes.sql` and its rows, one per key or INCLUDE
//! column, grouped here by index.

use super::column::Numbers;
use crate::model::{Index, IndexKey, KeyExpr, QualName, Schema};
use crate::CatalogError;
use std::collections::HashMap;
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/indexes.sql");
pub const PARTITIONS_QUERY: &str = include_str!("../../sql/catalog/partition_indexes.sql");

/// `numbers` names the key columns, which the rows give by number.
pub fn read(rows: Vec<Row>, numbers: &Numbers, out: &mut Schema) -> Result<(), CatalogError> {
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
        let name = QualName::new(schema.clone(), first.get::<_, String>("name"));
        let rel: u32 = first.get("rel");
        for r in &rows {
            let attnum: i16 = r.get("attnum");
            let column = match attnum {
                0 => None,
                _ => Some(
                    numbers
                        .name(rel, attnum)
                        .ok_or_else(|| CatalogError::Changed(format!("index {name}")))?
                        .to_string(),
                ),
            };
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
                // (The query gives none for an expression key; a column key's is kept
                // where it is not the column's own.)
                collation: r
                    .get::<_, Option<String>>("collation")
                    .filter(|_| numbers.collation(rel, attnum) != Some(r.get::<_, u32>("collation_oid"))),
            });
        }
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
                partition_indexes: Default::default(),
            },
        );
    }
    Ok(())
}

/// The names of the partitions' indexes attached to each index read (to those of the
/// tables read: an index of a partition that is itself partitioned names its own).
pub fn read_partition_names(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let parent = QualName::new(r.get::<_, String>("parent_schema"), r.get::<_, String>("parent_name"));
        if let Some(ix) = out.indexes.get_mut(&parent) {
            let table = QualName::new(r.get::<_, String>("schema"), r.get::<_, String>("table_name"));
            ix.partition_indexes.insert(table, r.get("name"));
        }
    }
}
