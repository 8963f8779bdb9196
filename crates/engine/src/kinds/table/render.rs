//! Rendering: tables as a whole.

use crate::plan::TableOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &TableOp) -> Vec<Statement> {
    match op {
        TableOp::CreateTable { table } => create(table),
        TableOp::Lock { tables, mode } => {
            tables.iter().map(|t| guarded(&format!("{} IS NOT NULL", regclass(t)), &lock_table(t, *mode))).collect()
        }
        TableOp::DropTable { table } => vec![Statement::tx(format!("DROP TABLE IF EXISTS {}", qual(table)))],
        TableOp::RenameTable { from, to } => vec![rename(from, to)],
        TableOp::MoveTable { from, to } => vec![move_table(from, to)],
        TableOp::CommentOnTable { table, comment: c } => {
            vec![Statement::tx(comment(format!("TABLE {}", qual(table)), c))]
        }
        TableOp::SetLogged { table, unlogged } => vec![Statement::tx(format!(
            "ALTER TABLE {} SET {}",
            qual(table),
            if *unlogged { "UNLOGGED" } else { "LOGGED" }
        ))],
        TableOp::SetRowSecurity { table, enabled } => vec![Statement::tx(format!(
            "ALTER TABLE {} {} ROW LEVEL SECURITY",
            qual(table),
            if *enabled { "ENABLE" } else { "DISABLE" }
        ))],
        TableOp::SetForceRowSecurity { table, forced } => vec![Statement::tx(format!(
            "ALTER TABLE {} {} ROW LEVEL SECURITY",
            qual(table),
            if *forced { "FORCE" } else { "NO FORCE" }
        ))],
        TableOp::SetStorage { table, set, reset } => storage_parameters(&format!("TABLE {}", qual(table)), set, reset),
        TableOp::SetReplicaIdentity { table, identity } => {
            vec![Statement::tx(format!("ALTER TABLE {} REPLICA IDENTITY {}", qual(table), replica_identity(identity)))]
        }
        TableOp::SetOfType { table, of_type: Some(ty) } => vec![guarded(
            &format!(
                "(SELECT reloftype FROM pg_catalog.pg_class WHERE oid = {}) IS DISTINCT FROM {}",
                regclass(table),
                regtype(ty)
            ),
            &format!("ALTER TABLE {} OF {}", qual(table), qual(ty)),
        )],
        TableOp::SetOfType { table, of_type: None } => vec![guarded(
            &format!("(SELECT reloftype FROM pg_catalog.pg_class WHERE oid = {}) <> 0", regclass(table)),
            &format!("ALTER TABLE {} NOT OF", qual(table)),
        )],
        TableOp::SetClusterOn { table, index: Some(i) } => {
            vec![Statement::tx(format!("ALTER TABLE {} CLUSTER ON {}", qual(table), ident(i)))]
        }
        TableOp::SetClusterOn { table, index: None } => {
            vec![Statement::tx(format!("ALTER TABLE {} SET WITHOUT CLUSTER", qual(table)))]
        }
        TableOp::AttachPartition { table, parent, bound } => vec![guarded(
            &format!("NOT {}", child_of(table, parent)),
            &format!("ALTER TABLE {} ATTACH PARTITION {} {bound}", qual(parent), qual(table)),
        )],
        // (A DO block is a transaction: CONCURRENTLY goes as a statement of its own.)
        TableOp::DetachPartition { table, parent, concurrently: true } => vec![Statement::outside_tx(format!(
            "ALTER TABLE {} DETACH PARTITION {} CONCURRENTLY",
            qual(parent),
            qual(table)
        ))],
        TableOp::DetachPartition { table, parent, concurrently: false } => vec![guarded(
            &child_of(table, parent),
            &format!("ALTER TABLE {} DETACH PARTITION {}", qual(parent), qual(table)),
        )],
        TableOp::DropChecksNotIn { table, keep } => {
            let keep: Vec<String> = keep.iter().map(|k| literal(k)).collect();
            let body = format!(
                "\nDECLARE c name;\nBEGIN\n  FOR c IN SELECT conname FROM pg_catalog.pg_constraint WHERE conrelid = {} AND contype = 'c'\n      AND NOT (conname = ANY (ARRAY[{}]::name[])) LOOP\n    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', {}, c);\n  END LOOP;\nEND\n",
                regclass(table),
                keep.join(", "),
                literal(&qual(table))
            );
            vec![Statement::tx(format!("DO {}", dollar(&body)))]
        }
        TableOp::Inherit { table, parent, inherit: true } => vec![guarded(
            &format!("NOT {}", child_of(table, parent)),
            &format!("ALTER TABLE {} INHERIT {}", qual(table), qual(parent)),
        )],
        TableOp::Inherit { table, parent, inherit: false } => {
            vec![guarded(&child_of(table, parent), &format!("ALTER TABLE {} NO INHERIT {}", qual(table), qual(parent)))]
        }
    }
}

/// The table with its columns, constraints, place among partitions and parents, options
/// and comments.
fn create(table: &crate::model::Table) -> Vec<Statement> {
    let mut parts: Vec<String> = if table.of_type.is_some() {
        // A typed table's columns are its type's: only what it adds to them is written.
        table.columns.iter().filter(|c| !c.inherited).filter_map(typed_column_options).collect()
    } else {
        table.columns.iter().filter(|c| !c.inherited).map(column_definition).collect()
    };
    if table.partition_of.is_some() {
        // A partition's own NOT NULL on a column it takes from its parent.
        let own = table.columns.iter().filter(|c| c.inherited && c.not_null);
        parts.extend(own.map(|c| format!("{} WITH OPTIONS NOT NULL", ident(&c.name))));
    }
    for c in &table.constraints {
        parts.push(format!("CONSTRAINT {} {}", ident(&c.name), constraint_definition(c)));
    }
    let unlogged = if table.unlogged { "UNLOGGED " } else { "" };
    let mut sql = match &table.partition_of {
        Some((parent, bound)) => {
            let body = if parts.is_empty() { String::new() } else { format!(" (\n  {}\n)", parts.join(",\n  ")) };
            format!(
                "CREATE {unlogged}TABLE IF NOT EXISTS {} PARTITION OF {}{body} {bound}",
                qual(&table.name),
                qual(parent)
            )
        }
        None => match &table.of_type {
            Some(ty) => {
                let body = if parts.is_empty() { String::new() } else { format!(" (\n  {}\n)", parts.join(",\n  ")) };
                format!("CREATE {unlogged}TABLE IF NOT EXISTS {} OF {}{body}", qual(&table.name), qual(ty))
            }
            None => {
                format!("CREATE {unlogged}TABLE IF NOT EXISTS {} (\n  {}\n)", qual(&table.name), parts.join(",\n  "))
            }
        },
    };
    if !table.inherits.is_empty() {
        sql.push_str(&format!(" INHERITS ({})", table.inherits.iter().map(qual).collect::<Vec<_>>().join(", ")));
    }
    if let Some(p) = &table.partition_by {
        sql.push_str(&format!(" PARTITION BY {p}"));
    }
    if !table.options.is_empty() {
        sql.push_str(&format!(" WITH ({})", table.options.join(", ")));
    }
    let mut out = vec![Statement::tx(sql)];
    out.extend(table_options(table));
    for c in table.columns.iter().filter(|c| !c.inherited) {
        out.extend(crate::kinds::column::render::settings(&table.name, c));
    }
    if table.comment.is_some() {
        out.push(Statement::tx(comment(format!("TABLE {}", qual(&table.name)), &table.comment)));
    }
    for c in table.columns.iter().filter(|c| c.comment.is_some()) {
        out.push(Statement::tx(comment(format!("COLUMN {}.{}", qual(&table.name), ident(&c.name)), &c.comment)));
    }
    out
}

/// What a typed table's column adds to its type's attribute (`name WITH OPTIONS DEFAULT 0
/// NOT NULL`), if anything.
fn typed_column_options(c: &crate::model::Column) -> Option<String> {
    let mut options = Vec::new();
    if let Some(g) = &c.generated {
        options.push(format!("GENERATED ALWAYS AS ({g}) STORED"));
    }
    if let Some(i) = c.identity {
        let mut s = format!("GENERATED {} AS IDENTITY", crate::kinds::column::render::generated(i));
        if let Some(o) = &c.identity_options {
            s.push_str(&format!(" ({o})"));
        }
        options.push(s);
    }
    if let Some(d) = &c.default {
        options.push(format!("DEFAULT {d}"));
    }
    if c.not_null {
        options.push("NOT NULL".into());
    }
    (!options.is_empty()).then(|| format!("{} WITH OPTIONS {}", ident(&c.name), options.join(" ")))
}

/// Renamed, and moved to another schema when the new name has one: once, while the old name
/// exists and the new one does not.
fn rename(from: &QualName, to: &QualName) -> Statement {
    let mut body = format!("ALTER TABLE {} RENAME TO {}", qual(from), ident(&to.name));
    if from.schema != to.schema {
        body.push_str(&format!(
            ";\n    ALTER TABLE {} SET SCHEMA {}",
            qual(&QualName::new(from.schema.clone(), to.name.clone())),
            ident(&to.schema)
        ));
    }
    guarded(&format!("{} IS NOT NULL AND {} IS NULL", regclass(from), regclass(to)), &body)
}

/// Moved (and renamed on the way): refused while both names exist, done once.
fn move_table(from: &QualName, to: &QualName) -> Statement {
    let staged = QualName::new(from.schema.clone(), to.name.clone());
    let mut body = String::new();
    if from.name != to.name {
        body.push_str(&format!("ALTER TABLE {} RENAME TO {};\n    ", qual(from), ident(&to.name)));
    }
    body.push_str(&format!("ALTER TABLE {} SET SCHEMA {}", qual(&staged), ident(&to.schema)));
    Statement::tx(format!(
        "DO {}",
        dollar(&format!(
            "\nBEGIN\n  IF {f} IS NOT NULL AND {t} IS NOT NULL THEN\n    RAISE EXCEPTION 'both % and % exist; move or drop one of them first', {fl}, {tl};\n  ELSIF {f} IS NOT NULL THEN\n    {body};\n  END IF;\nEND\n",
            f = regclass(from),
            t = regclass(to),
            fl = literal(&qual(from)),
            tl = literal(&qual(to)),
        ))
    ))
}

/// Whether `table` is a partition or child of `parent`, as SQL.
fn child_of(table: &QualName, parent: &QualName) -> String {
    format!(
        "EXISTS (SELECT 1 FROM pg_catalog.pg_inherits WHERE inhrelid = {} AND inhparent = {})",
        regclass(table),
        regclass(parent)
    )
}

/// Table-level options that CREATE TABLE cannot say: row security.
fn replica_identity(identity: &Option<crate::model::ReplicaIdentity>) -> String {
    use crate::model::ReplicaIdentity;
    match identity {
        None => "DEFAULT".into(),
        Some(ReplicaIdentity::Full) => "FULL".into(),
        Some(ReplicaIdentity::Nothing) => "NOTHING".into(),
        Some(ReplicaIdentity::Index(i)) => format!("USING INDEX {}", ident(i)),
    }
}

pub fn table_options(t: &crate::model::Table) -> Vec<Statement> {
    let mut out = Vec::new();
    if t.row_security {
        out.push(Statement::tx(format!("ALTER TABLE {} ENABLE ROW LEVEL SECURITY", qual(&t.name))));
    }
    if t.force_row_security {
        out.push(Statement::tx(format!("ALTER TABLE {} FORCE ROW LEVEL SECURITY", qual(&t.name))));
    }
    out
}
