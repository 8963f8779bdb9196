//! Functions and procedures: `sql/catalog/functions.sql` and their rows.

use crate::live::qn;
use crate::model::{Function, RoutineKind, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/functions.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let f = Function {
            name: qn(&r, "schema", "name"),
            identity_args: r.get("identity_args"),
            arg_types: r.get("arg_types"),
            sql_body: r.get("sql_body"),
            calls: r.get("calls"),
            kind: match r.get::<_, String>("kind").as_str() {
                "p" => RoutineKind::Procedure,
                "w" => RoutineKind::Window,
                "a" => RoutineKind::Aggregate,
                _ => RoutineKind::Function,
            },
            definition: r.get("definition"),
            result: r.get("result"),
            comment: r.get("comment"),
        };
        out.functions.insert(f.signature(), f);
    }
}
