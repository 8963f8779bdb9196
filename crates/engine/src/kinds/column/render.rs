//! Rendering: Columns.

use crate::plan::ColumnOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &ColumnOp) -> Vec<Statement> {
    match op {
        ColumnOp::AddColumn { table, column } => vec![Statement::tx(format!(
            "ALTER TABLE {} ADD COLUMN IF NOT EXISTS {}",
            qual(table),
            column_definition(column)
        ))],
        ColumnOp::DropColumn { table, column } => vec![Statement::tx(format!(
            "ALTER TABLE IF EXISTS {} DROP COLUMN IF EXISTS {}",
            qual(table),
            ident(column)
        ))],
        ColumnOp::SetType { table, column, data_type, collation: coll, using } => {
            // User types (schema-qualified, such as enums) rarely cast from one another
            // directly: go through text.
            let via_text = data_type.trim_end_matches("[]").contains('.');
            let using = using.clone().unwrap_or_else(|| {
                if via_text {
                    format!("{}::text::{}", ident(column), data_type)
                } else {
                    format!("{}::{}", ident(column), data_type)
                }
            });
            let coll = coll.as_ref().map(|c| format!(" COLLATE {}", collation(c))).unwrap_or_default();
            vec![Statement::tx(format!(
                "ALTER TABLE {} ALTER COLUMN {} TYPE {data_type}{coll} USING {using}",
                qual(table),
                ident(column)
            ))]
        }
        ColumnOp::SetDefault { table, column, default } => vec![Statement::tx(match default {
            Some(d) => format!("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {d}", qual(table), ident(column)),
            None => format!("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT", qual(table), ident(column)),
        })],
        ColumnOp::SetNotNull { table, column } => {
            vec![Statement::tx(format!("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", qual(table), ident(column)))]
        }
        // Only while the column is there: an undo that runs twice finds it dropped.
        ColumnOp::DropNotNull { table, column } => vec![guarded(
            &column_exists(table, column),
            &format!("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL", qual(table), ident(column)),
        )],
        ColumnOp::SetIdentityOptions { table, column, options } => {
            let set = match options {
                Some(o) => identity_option_sets(o),
                None => "SET INCREMENT BY 1 SET NO MINVALUE SET NO MAXVALUE SET START WITH 1 SET CACHE 1 SET NO CYCLE"
                    .to_string(),
            };
            vec![Statement::tx(format!("ALTER TABLE {} ALTER COLUMN {} {set} RESTART", qual(table), ident(column)))]
        }
        ColumnOp::AddIdentity { table, column, identity, options } => {
            let kind = match identity {
                Identity::Always => "ALWAYS",
                Identity::ByDefault => "BY DEFAULT",
            };
            let kind = match options {
                Some(o) => format!("{kind} AS IDENTITY ({o})"),
                None => format!("{kind} AS IDENTITY"),
            };
            vec![guarded(
                &format!("NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = {} AND attname = {} AND attidentity <> '')", regclass(table), literal(column)),
                &format!("ALTER TABLE {} ALTER COLUMN {} ADD GENERATED {kind}", qual(table), ident(column)),
            )]
        }
        ColumnOp::SetIdentityKind { table, column, identity } => vec![Statement::tx(format!(
            "ALTER TABLE {} ALTER COLUMN {} SET GENERATED {}",
            qual(table),
            ident(column),
            match identity {
                Identity::Always => "ALWAYS",
                Identity::ByDefault => "BY DEFAULT",
            }
        ))],
        ColumnOp::DropIdentity { table, column } => vec![Statement::tx(format!(
            "ALTER TABLE {} ALTER COLUMN {} DROP IDENTITY IF EXISTS",
            qual(table),
            ident(column)
        ))],
        ColumnOp::RenameColumn { table, from, to } => vec![guarded(
            &format!("{} AND NOT {}", column_exists(table, from), column_exists(table, to)),
            &format!("ALTER TABLE {} RENAME COLUMN {} TO {}", qual(table), ident(from), ident(to)),
        )],
        ColumnOp::ArchiveColumn { table, column, key, archive } => {
            let cols = format!("{}, {}", idents(key), ident(column));
            vec![guarded(
                &format!("{} IS NULL AND {}", regclass(archive), column_exists(table, column)),
                &format!("CREATE TABLE {} AS SELECT {cols} FROM {}", qual(archive), qual(table)),
            )]
        }
        ColumnOp::RestoreColumn { table, column, key, archive } => {
            let on: Vec<String> = key.iter().map(|k| format!("t.{k} = a.{k}", k = ident(k))).collect();
            vec![guarded(
                &format!("{} IS NOT NULL", regclass(archive)),
                &format!(
                    "UPDATE {} AS t SET {c} = a.{c} FROM {} AS a WHERE {};\n    DROP TABLE {}",
                    qual(table),
                    qual(archive),
                    on.join(" AND "),
                    qual(archive),
                    c = ident(column)
                ),
            )]
        }
        ColumnOp::CommentOnColumn { table, column, comment: c } => {
            vec![Statement::tx(comment(format!("COLUMN {}.{}", qual(table), ident(column)), c))]
        }
        ColumnOp::DropColumnOnly { table, column } => vec![Statement::tx(format!(
            "ALTER TABLE IF EXISTS ONLY {} DROP COLUMN IF EXISTS {}",
            qual(table),
            ident(column)
        ))],
        ColumnOp::DropExpression { table, column } => vec![Statement::tx(format!(
            "ALTER TABLE {} ALTER COLUMN {} DROP EXPRESSION IF EXISTS",
            qual(table),
            ident(column)
        ))],
    }
}

/// A column as it stands in CREATE TABLE / ADD COLUMN.
pub fn column_definition(c: &Column) -> String {
    let mut s = format!("{} {}", ident(&c.name), c.data_type);
    if let Some(coll) = &c.collation {
        s.push_str(&format!(" COLLATE {}", collation(coll)));
    }
    if let Some(g) = &c.generated {
        s.push_str(&format!(" GENERATED ALWAYS AS ({g}) STORED"));
    }
    if let Some(i) = c.identity {
        s.push_str(match i {
            Identity::Always => " GENERATED ALWAYS AS IDENTITY",
            Identity::ByDefault => " GENERATED BY DEFAULT AS IDENTITY",
        });
        if let Some(o) = &c.identity_options {
            s.push_str(&format!(" ({o})"));
        }
    }
    if let Some(d) = &c.default {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    if c.not_null {
        s.push_str(" NOT NULL");
    }
    s
}

/// A collation name as written in a spec (`C`, `"en_US"`, `pg_catalog."default"`).
pub(crate) fn collation(c: &str) -> String {
    if c.contains('"') || c.contains('.') {
        c.to_string()
    } else {
        ident(c)
    }
}

/// `START WITH 100 CACHE 10` as `SET START WITH 100 SET CACHE 10` (ALTER COLUMN form).
pub(crate) fn identity_option_sets(options: &str) -> String {
    options
        .split_whitespace()
        .map(|w| match w {
            "INCREMENT" | "MINVALUE" | "MAXVALUE" | "START" | "CACHE" | "CYCLE" => format!("SET {w}"),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn column_exists(table: &QualName, column: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = {} AND attname = {} AND attnum > 0 AND NOT attisdropped)",
        regclass(table),
        literal(column)
    )
}
