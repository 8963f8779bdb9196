//! Event triggers: `sql/catalog/event_triggers.sql` and its rows.

use crate::live::qn;
use crate::model::{EventTrigger, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/event_triggers.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name: String = r.get("name");
        out.event_triggers.insert(
            name.clone(),
            EventTrigger {
                name,
                event: r.get("event"),
                function: qn(&r, "function_schema", "function_name"),
                enabled: r.get("enabled"),
                tags: r.get("tags"),
                comment: r.get("comment"),
            },
        );
    }
}
