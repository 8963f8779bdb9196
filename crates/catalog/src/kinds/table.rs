//! Tables: kind, persistence, partitioning, inheritance, row security, replica identity,
//! the index they are clustered on, comment:
//! `sql/catalog/tables.sql` and their rows.

use crate::live::{parse_quoted, qn};
use crate::model::{QualName, ReplicaIdentity, Schema, Table};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/tables.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let q = qn(&r, "schema", "name");
        let mut table = Table::new(q.clone());
        table.unlogged = r.get("unlogged");
        table.partition_by = r.get("partition_by");
        if let (Some(ps), Some(pn), Some(bound)) = (
            r.get::<_, Option<String>>("parent_schema"),
            r.get::<_, Option<String>>("parent_name"),
            r.get::<_, Option<String>>("partition_bound"),
        ) {
            table.partition_of = Some((QualName::new(ps, pn), bound));
        }
        table.inherits = r.get::<_, Vec<String>>("inherits").iter().map(|s| parse_quoted(s)).collect();
        table.row_security = r.get("row_security");
        table.force_row_security = r.get("force_row_security");
        table.comment = r.get("comment");
        table.options = r.get("options");
        table.replica_identity = match r.get::<_, String>("replica_identity").as_str() {
            "f" => Some(ReplicaIdentity::Full),
            "n" => Some(ReplicaIdentity::Nothing),
            "i" => r.get::<_, Option<String>>("replica_index").map(ReplicaIdentity::Index),
            _ => None,
        };
        table.cluster_on = r.get("cluster_on");
        if let (Some(s), Some(n)) =
            (r.get::<_, Option<String>>("of_type_schema"), r.get::<_, Option<String>>("of_type_name"))
        {
            table.of_type = Some(QualName::new(s, n));
        }
        out.tables.insert(q, table);
    }
}
