//! Table constraints: `sql/catalog/constraints.sql` and their rows.

use super::column::Numbers;
use crate::live::qn;
use crate::model::{Constraint, ConstraintKind, FkAction, ForeignKey, QualName, Schema};
use crate::CatalogError;
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/constraints.sql");

/// `numbers` names the columns, which the rows give by number.
pub fn read(rows: Vec<Row>, numbers: &Numbers, out: &mut Schema) -> Result<(), CatalogError> {
    for r in rows {
        let q = qn(&r, "schema", "table_name");
        if !out.tables.contains_key(&q) {
            continue;
        }
        let name: String = r.get("name");
        let missing = || CatalogError::Changed(format!("constraint {name} on {q}"));
        // (Only keys name plain columns: a check's are what it mentions, an exclusion
        // constraint's may be expressions, numbered 0.)
        let kind_letter: String = r.get("kind");
        let columns = if matches!(kind_letter.as_str(), "p" | "u" | "f") {
            numbers.names(r.get("rel"), &r.get::<_, Vec<i16>>("keys")).ok_or_else(missing)?
        } else {
            Vec::new()
        };
        let kind = match kind_letter.as_str() {
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
                ref_columns: match r.get::<_, Option<Vec<String>>>("outside_ref_columns") {
                    Some(names) => names,
                    None => numbers.names(r.get("ref_rel"), &r.get::<_, Vec<i16>>("ref_keys")).ok_or_else(missing)?,
                },
                on_delete: FkAction::from_catalog(&r.get::<_, String>("on_delete")),
                on_update: FkAction::from_catalog(&r.get::<_, String>("on_update")),
                deferrable: r.get("deferrable"),
                initially_deferred: r.get("deferred"),
                match_full: r.get("match_full"),
                on_delete_columns: r.get::<_, Option<Vec<String>>>("on_delete_columns").unwrap_or_default(),
            }),
        };
        if let Some(t) = out.tables.get_mut(&q) {
            let mut con = Constraint { name, kind, validated: r.get("validated"), comment: r.get("comment") };
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
    Ok(())
}
