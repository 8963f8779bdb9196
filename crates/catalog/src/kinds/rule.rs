//! Rewrite rules (`CREATE RULE`): `sql/catalog/rules.sql` and its rows. What each one
//! reads comes with the views' dependencies (`view::read_deps`).

use crate::live::qn;
use crate::model::{Rule, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/rules.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let table = qn(&r, "schema", "table_name");
        let name: String = r.get("name");
        let definition: String = r.get("definition");
        out.rules.insert(
            (table.clone(), name.clone()),
            Rule {
                table,
                name,
                definition: definition.trim().trim_end_matches(';').to_string(),
                enabled: r.get("enabled"),
                comment: r.get("comment"),
                deps: Default::default(),
            },
        );
    }
}
