//! Row-level security policies: `sql/catalog/policies.sql` and their rows.

use crate::live::qn;
use crate::model::{Policy, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/policies.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let table = qn(&r, "schema", "table_name");
        let name: String = r.get("name");
        out.policies.insert(
            (table.clone(), name.clone()),
            Policy {
                table,
                name,
                permissive: r.get("permissive"),
                command: r.get("command"),
                roles: r.get("roles"),
                using: r.get("using_expr"),
                check: r.get("check_expr"),
                comment: r.get("comment"),
            },
        );
    }
}
