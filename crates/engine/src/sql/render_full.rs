//! Rendering of the operations that whole-schema diffs add. Same rules as `render.rs`:
//! every statement idempotent.

use super::render::{guarded, regclass};
use super::Statement;
use super::{dollar, ident, literal, qual};
use crate::diff::CommentOn;
use crate::model::{DefaultGrant, Grant, GrantOn, QualName, RoutineKind};
use crate::plan::Op;

fn regtype(q: &QualName) -> String {
    format!("to_regtype({})", literal(&qual(q)))
}

fn grant_target(g: &Grant) -> String {
    match &g.on {
        GrantOn::Table { name } | GrantOn::Column { table: name, .. } => format!("TABLE {}", qual(name)),
        GrantOn::Sequence { name } => format!("SEQUENCE {}", qual(name)),
        GrantOn::Schema { name } => format!("SCHEMA {}", ident(name)),
        GrantOn::Type { name } => format!("TYPE {}", qual(name)),
        GrantOn::Routine { name, kind, grant_args, .. } => {
            let k = match kind {
                RoutineKind::Procedure => "PROCEDURE",
                RoutineKind::Function | RoutineKind::Window | RoutineKind::Aggregate => "FUNCTION",
            };
            format!("{k} {}({grant_args})", qual(name))
        }
    }
}

fn privilege(g: &Grant) -> String {
    match &g.on {
        GrantOn::Column { column, .. } => format!("{} ({})", g.privilege, ident(column)),
        _ => g.privilege.clone(),
    }
}

fn default_privileges(g: &DefaultGrant, grant: bool) -> String {
    let schema = g.schema.as_deref().map(|s| format!(" IN SCHEMA {}", ident(s))).unwrap_or_default();
    if grant {
        format!(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {}{schema} GRANT {} ON {} TO {}{}",
            g.role,
            g.privilege,
            g.objects,
            g.grantee,
            if g.grantable { " WITH GRANT OPTION" } else { "" }
        )
    } else {
        format!(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {}{schema} REVOKE {} ON {} FROM {}",
            g.role, g.privilege, g.objects, g.grantee
        )
    }
}

fn comment_target(on: &CommentOn) -> String {
    match on {
        CommentOn::Schema { name } => format!("SCHEMA {}", ident(name)),
        CommentOn::View { name, materialized } => {
            format!("{}VIEW {}", if *materialized { "MATERIALIZED " } else { "" }, qual(name))
        }
        CommentOn::Column { table, column } => format!("COLUMN {}.{}", qual(table), ident(column)),
        CommentOn::Type { name, domain } => format!("{} {}", if *domain { "DOMAIN" } else { "TYPE" }, qual(name)),
        CommentOn::Sequence { name } => format!("SEQUENCE {}", qual(name)),
    }
}

fn sequence_options(s: &crate::model::Sequence) -> String {
    format!(
        "AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}",
        s.data_type,
        s.increment,
        s.min,
        s.max,
        s.start,
        s.cache,
        if s.cycle { "CYCLE" } else { "NO CYCLE" }
    )
}

/// Statements for the whole-schema operations; `None` for the others.
/// The operations of whole-schema kinds; [`super::render::render`] sends exactly these
/// here (its match is exhaustive, so an operation nobody renders does not compile).
pub fn render_full(op: &Op) -> Vec<Statement> {
    match op {
        Op::DropSchema { schema } => vec![Statement::tx(format!("DROP SCHEMA IF EXISTS {}", ident(schema)))],
        Op::CreateExtension { ext } => vec![Statement::tx(format!(
            "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {} VERSION {}",
            ident(&ext.name),
            ident(&ext.schema),
            literal(&ext.version)
        ))],
        Op::UpdateExtension { name, version } => {
            vec![Statement::tx(format!("ALTER EXTENSION {} UPDATE TO {}", ident(name), literal(version)))]
        }
        Op::DropExtension { name } => vec![Statement::tx(format!("DROP EXTENSION IF EXISTS {}", ident(name)))],
        Op::CreateEnum { e } => {
            let values: Vec<String> = e.values.iter().map(|v| literal(v)).collect();
            vec![guarded(
                &format!("{} IS NULL", regtype(&e.name)),
                &format!("CREATE TYPE {} AS ENUM ({})", qual(&e.name), values.join(", ")),
            )]
        }
        Op::AddEnumValue { name, value, before } => vec![Statement {
            sql: format!(
                "ALTER TYPE {} ADD VALUE IF NOT EXISTS {}{}",
                qual(name),
                literal(value),
                before.as_ref().map(|b| format!(" BEFORE {}", literal(b))).unwrap_or_default()
            ),
            // A new value cannot be used in the transaction that adds it: commit it alone.
            transactional: false,
        }],
        Op::RenameType { from, to } => vec![guarded(
            &format!("{} IS NOT NULL", regtype(from)),
            &format!("ALTER TYPE {} RENAME TO {}", qual(from), ident(to)),
        )],
        Op::RetypeColumnViaText { table, column, type_name } => vec![Statement::tx(format!(
            "ALTER TABLE {} ALTER COLUMN {c} TYPE {t} USING {c}::text::{t}",
            qual(table),
            c = ident(column),
            t = qual(type_name)
        ))],
        Op::DropType { name } => vec![Statement::tx(format!("DROP TYPE IF EXISTS {}", qual(name)))],
        Op::CreateDomain { d } => {
            let mut body = format!("CREATE DOMAIN {} AS {}", qual(&d.name), d.base_type);
            if let Some(c) = &d.collation {
                body.push_str(&format!(" COLLATE {c}"));
            }
            if let Some(def) = &d.default {
                body.push_str(&format!(" DEFAULT {def}"));
            }
            if d.not_null {
                body.push_str(" NOT NULL");
            }
            for (n, def) in &d.checks {
                body.push_str(&format!(" CONSTRAINT {} {def}", ident(n)));
            }
            vec![guarded(&format!("{} IS NULL", regtype(&d.name)), &body)]
        }
        Op::DropDomain { name } => vec![Statement::tx(format!("DROP DOMAIN IF EXISTS {}", qual(name)))],
        Op::SetDomainDefault { name, default } => vec![Statement::tx(match default {
            Some(d) => format!("ALTER DOMAIN {} SET DEFAULT {d}", qual(name)),
            None => format!("ALTER DOMAIN {} DROP DEFAULT", qual(name)),
        })],
        Op::SetDomainNotNull { name, not_null } => vec![Statement::tx(format!(
            "ALTER DOMAIN {} {} NOT NULL",
            qual(name),
            if *not_null { "SET" } else { "DROP" }
        ))],
        Op::AddDomainCheck { name, constraint, definition } => vec![guarded(
            &format!(
                "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE contypid = {} AND conname = {})",
                regtype(name),
                literal(constraint)
            ),
            &format!("ALTER DOMAIN {} ADD CONSTRAINT {} {definition}", qual(name), ident(constraint)),
        )],
        Op::DropDomainCheck { name, constraint } => {
            vec![Statement::tx(format!("ALTER DOMAIN {} DROP CONSTRAINT IF EXISTS {}", qual(name), ident(constraint)))]
        }
        Op::CreateComposite { c } => {
            let attrs: Vec<String> = c.attributes.iter().map(|(a, t)| format!("{} {t}", ident(a))).collect();
            vec![guarded(
                &format!("{} IS NULL", regtype(&c.name)),
                &format!("CREATE TYPE {} AS ({})", qual(&c.name), attrs.join(", ")),
            )]
        }
        Op::AddAttribute { name, attribute, data_type } => vec![Statement::tx(format!(
            "DO {}",
            dollar(&format!(
                "\nBEGIN\n  ALTER TYPE {} ADD ATTRIBUTE {} {data_type};\nEXCEPTION WHEN duplicate_column THEN\n  NULL; -- already there\nEND\n",
                qual(name),
                ident(attribute)
            ))
        ))],
        Op::DropAttribute { name, attribute } => {
            vec![Statement::tx(format!("ALTER TYPE {} DROP ATTRIBUTE IF EXISTS {}", qual(name), ident(attribute)))]
        }
        Op::AlterAttributeType { name, attribute, data_type } => {
            vec![Statement::tx(format!("ALTER TYPE {} ALTER ATTRIBUTE {} TYPE {data_type}", qual(name), ident(attribute)))]
        }
        Op::CreateCollation { c } => {
            let mut opts = vec![format!("provider = {}", c.provider)];
            if c.provider == "icu" {
                if let Some(l) = &c.locale {
                    opts.push(format!("locale = {}", literal(l)));
                }
            } else {
                if let Some(l) = &c.lc_collate {
                    opts.push(format!("lc_collate = {}", literal(l)));
                }
                if let Some(l) = &c.lc_ctype {
                    opts.push(format!("lc_ctype = {}", literal(l)));
                }
            }
            if !c.deterministic {
                opts.push("deterministic = false".into());
            }
            vec![Statement::tx(format!("CREATE COLLATION IF NOT EXISTS {} ({})", qual(&c.name), opts.join(", ")))]
        }
        Op::DropCollation { name } => vec![Statement::tx(format!("DROP COLLATION IF EXISTS {}", qual(name)))],
        Op::CreateSequence { s } => {
            vec![Statement::tx(format!("CREATE SEQUENCE IF NOT EXISTS {} {}", qual(&s.name), sequence_options(s)))]
        }
        Op::AlterSequence { s } => vec![Statement::tx(format!("ALTER SEQUENCE {} {}", qual(&s.name), sequence_options(s)))],
        Op::SetSequenceOwner { name, owner } => vec![Statement::tx(match owner {
            Some((t, c)) => format!("ALTER SEQUENCE {} OWNED BY {}.{}", qual(name), qual(t), ident(c)),
            None => format!("ALTER SEQUENCE {} OWNED BY NONE", qual(name)),
        })],
        Op::DropSequence { name } => vec![Statement::tx(format!("DROP SEQUENCE IF EXISTS {}", qual(name)))],
        Op::CreateTrigger { t } => {
            let mut out = Vec::new();
            if let Some(rest) = t.definition.strip_prefix("CREATE TRIGGER ") {
                out.push(Statement::tx(format!("CREATE OR REPLACE TRIGGER {rest}")));
            } else {
                out.push(guarded(
                    &format!(
                        "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = {} AND tgname = {})",
                        regclass(&t.table),
                        literal(&t.name)
                    ),
                    &t.definition,
                ));
            }
            let state = match t.enabled.as_str() {
                "D" => Some("DISABLE TRIGGER"),
                "R" => Some("ENABLE REPLICA TRIGGER"),
                "A" => Some("ENABLE ALWAYS TRIGGER"),
                _ => None,
            };
            if let Some(state) = state {
                out.push(Statement::tx(format!("ALTER TABLE {} {state} {}", qual(&t.table), ident(&t.name))));
            }
            out
        }
        Op::DropTrigger { table, name } => {
            vec![Statement::tx(format!("DROP TRIGGER IF EXISTS {} ON {}", ident(name), qual(table)))]
        }
        Op::CreatePolicy { p } => {
            let mut body = format!(
                "CREATE POLICY {} ON {} AS {} FOR {} TO {}",
                ident(&p.name),
                qual(&p.table),
                if p.permissive { "PERMISSIVE" } else { "RESTRICTIVE" },
                p.command,
                p.roles.join(", ")
            );
            if let Some(u) = &p.using {
                body.push_str(&format!(" USING ({u})"));
            }
            if let Some(c) = &p.check {
                body.push_str(&format!(" WITH CHECK ({c})"));
            }
            vec![guarded(
                &format!(
                    "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = {} AND polname = {})",
                    regclass(&p.table),
                    literal(&p.name)
                ),
                &body,
            )]
        }
        Op::DropPolicy { table, name } => vec![Statement::tx(format!("DROP POLICY IF EXISTS {} ON {}", ident(name), qual(table)))],
        Op::Grant { g } => vec![Statement::tx(format!(
            "GRANT {} ON {} TO {}{}",
            privilege(g),
            grant_target(g),
            g.grantee,
            if g.grantable { " WITH GRANT OPTION" } else { "" }
        ))],
        Op::Revoke { g } => vec![Statement::tx(format!("REVOKE {} ON {} FROM {}", privilege(g), grant_target(g), g.grantee))],
        Op::DefaultPrivilege { g, grant } => vec![Statement::tx(default_privileges(g, *grant))],
        Op::SetLogged { table, unlogged } => vec![Statement::tx(format!(
            "ALTER TABLE {} SET {}",
            qual(table),
            if *unlogged { "UNLOGGED" } else { "LOGGED" }
        ))],
        Op::SetRowSecurity { table, enabled } => vec![Statement::tx(format!(
            "ALTER TABLE {} {} ROW LEVEL SECURITY",
            qual(table),
            if *enabled { "ENABLE" } else { "DISABLE" }
        ))],
        Op::SetForceRowSecurity { table, forced } => vec![Statement::tx(format!(
            "ALTER TABLE {} {} ROW LEVEL SECURITY",
            qual(table),
            if *forced { "FORCE" } else { "NO FORCE" }
        ))],
        Op::AttachPartition { table, parent, bound } => vec![guarded(
            &format!(
                "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits WHERE inhrelid = {} AND inhparent = {})",
                regclass(table),
                regclass(parent)
            ),
            &format!("ALTER TABLE {} ATTACH PARTITION {} {bound}", qual(parent), qual(table)),
        )],
        Op::DetachPartition { table, parent } => vec![guarded(
            &format!(
                "EXISTS (SELECT 1 FROM pg_catalog.pg_inherits WHERE inhrelid = {} AND inhparent = {})",
                regclass(table),
                regclass(parent)
            ),
            &format!("ALTER TABLE {} DETACH PARTITION {}", qual(parent), qual(table)),
        )],
        Op::Inherit { table, parent, inherit } => {
            let exists = format!(
                "EXISTS (SELECT 1 FROM pg_catalog.pg_inherits WHERE inhrelid = {} AND inhparent = {})",
                regclass(table),
                regclass(parent)
            );
            if *inherit {
                vec![guarded(&format!("NOT {exists}"), &format!("ALTER TABLE {} INHERIT {}", qual(table), qual(parent)))]
            } else {
                vec![guarded(&exists, &format!("ALTER TABLE {} NO INHERIT {}", qual(table), qual(parent)))]
            }
        }
        Op::DropColumnOnly { table, column } => vec![Statement::tx(format!(
            "ALTER TABLE IF EXISTS ONLY {} DROP COLUMN IF EXISTS {}",
            qual(table),
            ident(column)
        ))],
        Op::DropMaterializedView { view } => vec![Statement::tx(format!("DROP MATERIALIZED VIEW IF EXISTS {}", qual(view)))],
        Op::DropExpression { table, column } => vec![Statement::tx(format!(
            "ALTER TABLE {} ALTER COLUMN {} DROP EXPRESSION IF EXISTS",
            qual(table),
            ident(column)
        ))],
        Op::Comment { on, comment } => vec![Statement::tx(format!(
            "COMMENT ON {} IS {}",
            comment_target(on),
            comment.as_deref().map_or_else(|| "NULL".to_string(), literal)
        ))],
        other => unreachable!("render() sends only whole-schema operations here, not {other:?}"),
    }
}

/// Table-level options that CREATE TABLE cannot say: row security.
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
