//! Privileges and default privileges: `sql/catalog/grants.sql` and
//! `sql/catalog/default_grants.sql` and their rows.

use crate::live::qn;
use crate::model::{DefaultGrant, Grant, GrantOn, OwnerRevoked, RoutineKind, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/grants.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name = || qn(&r, "schema", "name");
        let on = match r.get::<_, String>("object_kind").as_str() {
            "SCHEMA" => GrantOn::Schema { name: r.get("name") },
            "COLUMN" => GrantOn::Column { table: name(), column: r.get("column_name") },
            "SEQUENCE" => GrantOn::Sequence { name: name() },
            "TYPE" => GrantOn::Type { name: name() },
            routine @ ("FUNCTION" | "PROCEDURE" | "AGGREGATE") => GrantOn::Routine {
                name: name(),
                kind: match routine {
                    "PROCEDURE" => RoutineKind::Procedure,
                    "AGGREGATE" => RoutineKind::Aggregate,
                    _ => RoutineKind::Function,
                },
                identity_args: r.get("args"),
                grant_args: r.get("grant_args"),
            },
            _ => GrantOn::Table { name: name() },
        };
        if r.get::<_, bool>("owner_lacks") {
            out.owner_revoked.insert(OwnerRevoked { on, privilege: r.get("privilege") });
            continue;
        }
        out.grants.insert(Grant {
            on,
            grantee: r.get("grantee"),
            privilege: r.get("privilege"),
            grantable: r.get("grantable"),
        });
    }
}

pub const DEFAULTS_QUERY: &str = include_str!("../../sql/catalog/default_grants.sql");

pub fn read_defaults(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        out.default_grants.insert(DefaultGrant {
            role: r.get("role"),
            schema: r.get("schema"),
            objects: r.get::<_, Option<String>>("objects").unwrap_or_default(),
            grantee: r.get("grantee"),
            privilege: r.get("privilege"),
            grantable: r.get("grantable"),
        });
    }
}
