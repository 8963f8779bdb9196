//! Indexes, with their keys: `sql/catalog/indexes.sql` and their rows.

use crate::live::in_order;
use crate::model::{Index, IndexKey, KeyExpr, QualName, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/indexes.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let schema: String = r.get("schema");
        let cols: Vec<Option<String>> = r.get("key_columns");
        let exprs: Vec<Option<String>> = r.get("key_exprs");
        let desc: Vec<bool> = r.get("key_desc");
        let nulls: Vec<bool> = r.get("key_nulls_first");
        let opclass: Vec<Option<String>> = r.get("key_opclass");
        let collation: Vec<Option<String>> = r.get("key_collation");
        // The arrays come in the order the server aggregated them: put them in key order.
        let positions: Vec<i32> = r.get("key_pos");
        let mut order: Vec<usize> = (0..exprs.len()).collect();
        order.sort_by_key(|&n| positions.get(n).copied().unwrap_or_default());
        let keys = order
            .into_iter()
            .map(|n| IndexKey {
                expr: match (&cols[n], &exprs[n]) {
                    (Some(c), _) => KeyExpr::Column(c.clone()),
                    (None, e) => KeyExpr::Expr(e.clone().unwrap_or_default()),
                },
                opclass: opclass.get(n).cloned().flatten(),
                desc: desc[n],
                nulls_first: nulls[n],
                collation: collation.get(n).cloned().flatten(),
            })
            .collect();
        let name = QualName::new(schema.clone(), r.get::<_, String>("name"));
        out.indexes.insert(
            name.clone(),
            Index {
                name,
                table: QualName::new(schema, r.get::<_, String>("table_name")),
                unique: r.get("is_unique"),
                method: r.get("method"),
                keys,
                include: in_order(r.get("include"), r.get("include_pos")),
                predicate: r.get("predicate"),
                constraint_backed: r.get("constraint_backed"),
                comment: r.get("comment"),
                nulls_not_distinct: r.get("nulls_not_distinct"),
                options: r.get("options"),
            },
        );
    }
}
