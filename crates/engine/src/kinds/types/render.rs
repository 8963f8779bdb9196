//! Rendering: enums, domains, composite types and collations.

use crate::plan::TypeOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &TypeOp) -> Vec<Statement> {
    match op {
        TypeOp::CreateEnum { e } => {
            let values: Vec<String> = e.values.iter().map(|v| literal(v)).collect();
            vec![guarded(
                &format!("{} IS NULL", regtype(&e.name)),
                &format!("CREATE TYPE {} AS ENUM ({})", qual(&e.name), values.join(", ")),
            )]
        }
        TypeOp::AddEnumValue { name, value, before } => vec![Statement {
            sql: format!(
                "ALTER TYPE {} ADD VALUE IF NOT EXISTS {}{}",
                qual(name),
                literal(value),
                before.as_ref().map(|b| format!(" BEFORE {}", literal(b))).unwrap_or_default()
            ),
            // A new value cannot be used in the transaction that adds it: commit it alone.
            transactional: false,
        }],
        TypeOp::RenameType { from, to } => vec![guarded(
            &format!("{} IS NOT NULL", regtype(from)),
            &format!("ALTER TYPE {} RENAME TO {}", qual(from), ident(to)),
        )],
        TypeOp::RetypeColumnViaText { table, column, type_name } => vec![Statement::tx(format!(
            "ALTER TABLE {} ALTER COLUMN {c} TYPE {t} USING {c}::text::{t}",
            qual(table),
            c = ident(column),
            t = qual(type_name)
        ))],
        TypeOp::DropType { name } => vec![Statement::tx(format!("DROP TYPE IF EXISTS {}", qual(name)))],
        TypeOp::CreateDomain { d } => vec![create_domain(d)],
        TypeOp::DropDomain { name } => vec![Statement::tx(format!("DROP DOMAIN IF EXISTS {}", qual(name)))],
        TypeOp::SetDomainDefault { name, default } => vec![Statement::tx(match default {
            Some(d) => format!("ALTER DOMAIN {} SET DEFAULT {d}", qual(name)),
            None => format!("ALTER DOMAIN {} DROP DEFAULT", qual(name)),
        })],
        TypeOp::SetDomainNotNull { name, not_null } => vec![Statement::tx(format!(
            "ALTER DOMAIN {} {} NOT NULL",
            qual(name),
            if *not_null { "SET" } else { "DROP" }
        ))],
        TypeOp::AddDomainCheck { name, constraint, definition } => vec![guarded(
            &format!(
                "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE contypid = {} AND conname = {})",
                regtype(name),
                literal(constraint)
            ),
            &format!("ALTER DOMAIN {} ADD CONSTRAINT {} {definition}", qual(name), ident(constraint)),
        )],
        TypeOp::DropDomainCheck { name, constraint } => {
            vec![Statement::tx(format!("ALTER DOMAIN {} DROP CONSTRAINT IF EXISTS {}", qual(name), ident(constraint)))]
        }
        TypeOp::CreateComposite { c } => {
            let attrs: Vec<String> = c.attributes.iter().map(|(a, t)| format!("{} {t}", ident(a))).collect();
            vec![guarded(
                &format!("{} IS NULL", regtype(&c.name)),
                &format!("CREATE TYPE {} AS ({})", qual(&c.name), attrs.join(", ")),
            )]
        }
        TypeOp::CreateRange { r } => vec![create_range(r)],
        TypeOp::AddAttribute { name, attribute, data_type } => vec![add_attribute(name, attribute, data_type)],
        TypeOp::DropAttribute { name, attribute } => {
            vec![Statement::tx(format!(
                "ALTER TYPE {} DROP ATTRIBUTE IF EXISTS {} CASCADE",
                qual(name),
                ident(attribute)
            ))]
        }
        TypeOp::AlterAttributeType { name, attribute, data_type } => {
            vec![Statement::tx(format!(
                "ALTER TYPE {} ALTER ATTRIBUTE {} TYPE {data_type} CASCADE",
                qual(name),
                ident(attribute)
            ))]
        }
        TypeOp::CreateCollation { c } => vec![create_collation(c)],
        TypeOp::DropCollation { name } => vec![Statement::tx(format!("DROP COLLATION IF EXISTS {}", qual(name)))],
    }
}

fn create_range(r: &crate::model::RangeType) -> Statement {
    let mut options = vec![format!("SUBTYPE = {}", r.subtype)];
    let named = [
        ("SUBTYPE_OPCLASS", &r.subtype_opclass),
        ("COLLATION", &r.collation),
        ("CANONICAL", &r.canonical),
        ("SUBTYPE_DIFF", &r.subtype_diff),
    ];
    options.extend(named.iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} = {v}"))));
    options.push(format!("MULTIRANGE_TYPE_NAME = {}", qual(&r.multirange)));
    guarded(
        &format!("{} IS NULL", regtype(&r.name)),
        &format!("CREATE TYPE {} AS RANGE ({})", qual(&r.name), options.join(", ")),
    )
}

/// An attribute added to a composite type, unless it is there already. (`CASCADE`, here and
/// in the other changes of attributes, carries the change to the type's typed tables; it
/// does nothing to a type that has none.)
fn add_attribute(name: &QualName, attribute: &str, data_type: &str) -> Statement {
    Statement::tx(format!(
        "DO {}",
        dollar(&format!(
            "\nBEGIN\n  ALTER TYPE {} ADD ATTRIBUTE {} {data_type} CASCADE;\nEXCEPTION WHEN duplicate_column THEN\n  NULL; -- already there\nEND\n",
            qual(name),
            ident(attribute)
        ))
    ))
}

fn create_domain(d: &crate::model::Domain) -> Statement {
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
    guarded(&format!("{} IS NULL", regtype(&d.name)), &body)
}

/// ICU collations by locale, libc ones by LC_COLLATE and LC_CTYPE.
fn create_collation(c: &crate::model::Collation) -> Statement {
    let mut opts = vec![format!("provider = {}", c.provider)];
    let locales = if c.provider == "icu" {
        vec![("locale", &c.locale)]
    } else {
        vec![("lc_collate", &c.lc_collate), ("lc_ctype", &c.lc_ctype)]
    };
    for (key, value) in locales {
        if let Some(l) = value {
            opts.push(format!("{key} = {}", literal(l)));
        }
    }
    if !c.deterministic {
        opts.push("deterministic = false".into());
    }
    Statement::tx(format!("CREATE COLLATION IF NOT EXISTS {} ({})", qual(&c.name), opts.join(", ")))
}
