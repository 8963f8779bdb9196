//! Extended statistics objects: `sql/catalog/statistics.sql` and its rows.

use crate::model::{QualName, Schema, StatisticsObject};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/statistics.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name = QualName::new(r.get::<_, String>("schema"), r.get::<_, String>("name"));
        let s = StatisticsObject {
            name: name.clone(),
            table: QualName::new(r.get::<_, String>("table_schema"), r.get::<_, String>("table_name")),
            columns: r.get("columns"),
            definition: r.get("definition"),
            target: r.get("target"),
            comment: r.get("comment"),
        };
        out.statistics.insert(name, s);
    }
}
