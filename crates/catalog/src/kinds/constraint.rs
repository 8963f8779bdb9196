//! Table constraints: `sql/catalog/constraints.sql` and their rows.

use crate::live::{in_order, qn};
use crate::model::{Constraint, ConstraintKind, FkAction, ForeignKey, QualName, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/constraints.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let q = qn(&r, "schema", "table_name");
        let columns = in_order(r.get("columns"), r.get("column_pos"));
        let kind = match r.get::<_, String>("kind").as_str() {
            "p" => ConstraintKind::PrimaryKey { columns },
            "u" => ConstraintKind::Unique { columns },
            "c" => ConstraintKind::Check { expr: r.get::<_, Option<String>>("check_expr").unwrap_or_default() },
            "x" => ConstraintKind::Raw {
                definition: r.get::<_, Option<String>>("definition").unwrap_or_default(),
                columns: Vec::new(),
            },
            _ => ConstraintKind::ForeignKey(ForeignKey {
                columns,
                ref_table: QualName::new(
                    r.get::<_, Option<String>>("ref_schema").unwrap_or_default(),
                    r.get::<_, Option<String>>("ref_table").unwrap_or_default(),
                ),
                ref_columns: in_order(r.get("ref_columns"), r.get("ref_column_pos")),
                on_delete: FkAction::from_catalog(&r.get::<_, String>("on_delete")),
                on_update: FkAction::from_catalog(&r.get::<_, String>("on_update")),
                deferrable: r.get("deferrable"),
                initially_deferred: r.get("deferred"),
                match_full: r.get("match_full"),
                on_delete_columns: r.get::<_, Option<Vec<String>>>("on_delete_columns").unwrap_or_default(),
            }),
        };
        if let Some(t) = out.tables.get_mut(&q) {
            let mut con =
                Constraint { name: r.get("name"), kind, validated: r.get("validated"), comment: r.get("comment") };
            // What has no structured form (deferrable keys, NO INHERIT checks, keys with
            // NULLS NOT DISTINCT or INCLUDE columns) is kept whole.
            if let Some(definition) = r.get::<_, Option<String>>("definition") {
                if !matches!(con.kind, ConstraintKind::ForeignKey(_)) {
                    let columns = con.kind.key_columns().map(<[String]>::to_vec).unwrap_or_default();
                    con.kind = ConstraintKind::Raw { definition, columns };
                }
            }
            t.constraints.push(con);
        }
    }
}
