//! Columns of the tables read: `sql/catalog/columns.sql` and their rows.

use crate::live::qn;
use crate::model::{Column, Identity, Schema, Storage};
use std::collections::HashMap;
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/columns.sql");

/// Each column read, by its table's oid and its number, for the queries that give
/// columns by number (constraints, indexes): its name and collation.
#[derive(Debug, Default)]
pub struct Numbers(HashMap<(u32, i16), (String, u32)>);

impl Numbers {
    pub fn name(&self, rel: u32, attnum: i16) -> Option<&str> {
        self.0.get(&(rel, attnum)).map(|(n, _)| n.as_str())
    }

    /// The names of `keys` (column numbers) of `rel`, or None when one of them was not read.
    pub fn names(&self, rel: u32, keys: &[i16]) -> Option<Vec<String>> {
        keys.iter().map(|k| self.name(rel, *k).map(str::to_string)).collect()
    }

    pub fn collation(&self, rel: u32, attnum: i16) -> Option<u32> {
        self.0.get(&(rel, attnum)).map(|(_, c)| *c)
    }
}

/// Adds the columns to their tables, in their order, and returns every column's number.
pub fn read(rows: Vec<Row>, out: &mut Schema) -> Numbers {
    let mut numbers = Numbers::default();
    let mut rows: Vec<(u32, i16, Row)> = rows.into_iter().map(|r| (r.get("rel"), r.get("attnum"), r)).collect();
    rows.sort_unstable_by_key(|(rel, attnum, _)| (*rel, *attnum));
    for (rel, attnum, r) in rows {
        let name: String = r.get("column_name");
        numbers.0.insert((rel, attnum), (name.clone(), r.get("collation_oid")));
        if r.get::<_, bool>("materialized") {
            continue;
        }
        let q = qn(&r, "schema", "table_name");
        let Some(t) = out.tables.get_mut(&q) else { continue };
        let identity: String = r.get("identity");
        t.columns.push(Column {
            name,
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
    numbers
}
