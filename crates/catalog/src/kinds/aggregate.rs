//! Aggregates: `sql/catalog/aggregates.sql` and its rows.

use crate::model::{Aggregate, AggregateKind, QualName, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/aggregates.sql");

pub fn read(rows: &[Row], out: &mut Schema) {
    for r in rows {
        let kind = match r.get::<_, String>("kind").as_str() {
            "o" => AggregateKind::OrderedSet,
            "h" => AggregateKind::Hypothetical,
            _ => AggregateKind::Normal,
        };
        let a = Aggregate {
            name: QualName::new(r.get::<_, String>("schema"), r.get::<_, String>("name")),
            identity_args: r.get("identity_args"),
            arguments: r.get("arguments"),
            kind,
            result: r.get("result"),
            definition: r.get("definition"),
            support: r
                .get::<_, Vec<String>>("support_schemas")
                .into_iter()
                .zip(r.get::<_, Vec<String>>("support_names"))
                .map(|(schema, name)| QualName::new(schema, name))
                .collect(),
            comment: r.get("comment"),
        };
        out.aggregates.insert(a.signature(), a);
    }
}
