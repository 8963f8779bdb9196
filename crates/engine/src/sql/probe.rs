//! SQL for the canonicalization probe: temporary copies of declared objects, created in
//! a transaction that is always rolled back, so PostgreSQL prints their canonical form.

use super::ident;
use super::{column_definition, constraint_definition, index_definition};
use crate::model::{Column, Constraint, Index, QualName};

pub fn set_search_path(schemas: &[&str]) -> String {
    if schemas.is_empty() {
        return "SET LOCAL search_path = ''".to_string();
    }
    format!("SET LOCAL search_path = {}", schemas.iter().map(|s| ident(s)).collect::<Vec<_>>().join(", "))
}

pub fn create_temp_table(name: &str, columns: &[Column], checks: &[&Constraint], partition_by: Option<&str>) -> String {
    let mut parts: Vec<String> = columns.iter().map(column_definition).collect();
    for c in checks {
        // (Only checks may be NOT VALID here: nothing is in the table to check anyway.)
        let not_valid = if matches!(c.kind, crate::model::ConstraintKind::Check { .. }) { " NOT VALID" } else { "" };
        parts.push(format!("CONSTRAINT {} {}{not_valid}", ident(&c.name), constraint_definition(c)));
    }
    let by = partition_by.map(|p| format!(" PARTITION BY {p}")).unwrap_or_default();
    format!("CREATE TEMPORARY TABLE {} ({}){by} ON COMMIT DROP", ident(name), parts.join(", "))
}

/// A partition of a probed partitioned table, with the declared bound.
pub fn create_temp_partition(name: &str, parent: &str, bound: &str) -> String {
    format!("CREATE TEMPORARY TABLE {} PARTITION OF {} {bound} ON COMMIT DROP", ident(name), ident(parent))
}

pub fn create_temp_index(name: &str, table: &str, index: &Index) -> String {
    format!(
        "CREATE {}INDEX {} ON {} {}",
        if index.unique { "UNIQUE " } else { "" },
        ident(name),
        ident(table),
        index_definition(index)
    )
}

pub fn create_temp_view(name: &str, query: &str) -> String {
    format!("CREATE TEMPORARY VIEW {} AS {}", ident(name), query.trim().trim_end_matches(';'))
}

/// Around a probe that may fail without aborting the probe's transaction.
pub const SAVEPOINT: &str = "SAVEPOINT ps_probe";
pub const ROLLBACK_TO_SAVEPOINT: &str = "ROLLBACK TO SAVEPOINT ps_probe";

pub const TEMP_SCHEMA: &str =
    "SELECT nspname::text FROM pg_catalog.pg_namespace WHERE oid = pg_catalog.pg_my_temp_schema()";

/// A temporary copy of `source`'s columns and an index over `expr`: PostgreSQL refuses the
/// index (42P17) when the expression is not immutable.
pub fn immutability_probe(name: &str, source: &QualName, expr: &str) -> String {
    format!(
        "CREATE TEMP TABLE {n} (LIKE {src}); CREATE INDEX ON {n} (({expr}))",
        n = ident(name),
        src = super::qual(source),
    )
}

/// Whether the server can cast a value of type `from` to `to` (an error when it cannot,
/// SQLSTATE 42846), with no value and no side effect.
pub fn cast(from: &str, to: &str) -> String {
    format!("SELECT CAST(CAST(NULL AS {from}) AS {to})")
}

/// Whether a column changed online computes its new value: `up` over the table's rows, cast
/// to the new type (nothing is read: PostgreSQL checks the expression's names and types).
pub fn up_probe(v: &crate::model::Versioned, up: &str, new_type: &str) -> String {
    format!("SELECT CAST(({up}) AS {new_type}) FROM {} LIMIT 0", super::qual(&v.table))
}

/// The same for `down`: the old value from a new one (a NULL of the new type here).
pub fn down_probe(v: &crate::model::Versioned, new_type: &str) -> String {
    let r = &v.reverse;
    let mut cols = vec![format!("NULL::{new_type} AS {}", ident(r.new_name()))];
    cols.extend(r.row.iter().map(|c| format!("t.{c} AS {c}", c = ident(c))));
    format!(
        "SELECT CAST((SELECT {} FROM (SELECT {}) AS s) AS {}) FROM {} AS t LIMIT 0",
        super::data::down_expr(r),
        cols.join(", "),
        v.old.data_type,
        super::qual(&v.table)
    )
}

/// An expression the server printed for a probed table (`probe`), naming its columns by
/// that table as it does when the expression has a subquery, put back to `table`'s name.
pub fn as_table(expr: &str, probe: &str, table: &QualName) -> String {
    expr.replace(&format!("{probe}."), &format!("{}.", ident(&table.name)))
}

/// The routine a signature names (`$1`, as `to_regprocedure` reads it, the search path
/// applying), as the catalog names it: schema, name, identity arguments, the arguments
/// GRANT takes, kind (`p` procedure, `a` aggregate, else a function). No row when none.
pub const ROUTINE_BY_SIGNATURE: &str = "SELECT n.nspname::text, p.proname::text, \
     pg_catalog.pg_get_function_identity_arguments(p.oid), \
     CASE WHEN p.prokind = 'a' THEN pg_catalog.oidvectortypes(p.proargtypes) \
          ELSE pg_catalog.pg_get_function_identity_arguments(p.oid) END, \
     p.prokind::text \
     FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace \
     WHERE p.oid = pg_catalog.to_regprocedure($1)";

/// A routine's signature as `to_regprocedure` reads it.
pub fn signature(name: &QualName, args: &str) -> String {
    format!("{}({args})", crate::sql::qual(name))
}
