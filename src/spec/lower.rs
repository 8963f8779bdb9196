//! Lowering a checked spec into the model: implicit names filled in the way PostgreSQL
//! would choose them, foreign keys resolved, renames and retirements listed.

use super::format::{ColumnSpec, ReferenceSpec};
use super::load::Spec;
use crate::model::KeyExpr;
use crate::model::{
    default_constraint_name, default_index_name, normalize_type, serial_base, Column, Constraint, ConstraintKind,
    ForeignKey, Index, IndexKey, QualName, Retire, Schema, Table, Target, View,
};
use crate::sqlparse;

/// Lowers `spec` into a target. `before` is the schema the spec applies to (live, or after
/// the earlier specs of a directory); it supplies referenced primary keys and the columns of
/// tables the spec extends.
pub fn lower(spec: &Spec, before: &Schema) -> Target {
    let body = &spec.body;
    let sch = &body.schema;
    let mut target = Target::default();
    for (tname, ts) in &body.tables {
        let q = QualName::parse(tname, sch);
        if let Some(old) = &ts.renamed_from {
            let oq = QualName::parse(old, &q.schema);
            if before.tables.contains_key(&oq) && !before.tables.contains_key(&q) {
                target.table_renames.push((oq, q.clone()));
            }
        }
        let mut t = Table::new(q.clone());
        t.comment = ts.comment.clone();
        let existing = before
            .tables
            .get(&q)
            .or_else(|| ts.renamed_from.as_ref().and_then(|o| before.tables.get(&QualName::parse(o, &q.schema))));
        for (cname, cs) in &ts.columns {
            if let (Some(old), Some(ex)) = (&cs.renamed_from, existing) {
                if ex.column(old).is_some() && ex.column(cname).is_none() {
                    target.column_renames.push((q.clone(), old.clone(), cname.clone()));
                }
            }
            t.columns.push(lower_column(&q, cname, cs));
            let one = vec![cname.clone()];
            if cs.primary_key {
                t.constraints.push(constraint(
                    default_constraint_name(&q.name, &[], "pkey"),
                    ConstraintKind::PrimaryKey { columns: one.clone() },
                ));
            }
            if cs.unique {
                t.constraints.push(constraint(
                    default_constraint_name(&q.name, &one, "key"),
                    ConstraintKind::Unique { columns: one.clone() },
                ));
            }
            if let Some(chk) = &cs.check {
                t.constraints.push(constraint(
                    default_constraint_name(&q.name, &one, "check"),
                    ConstraintKind::Check { expr: chk.clone() },
                ));
            }
            if let Some(r) = &cs.references {
                let fk = foreign_key(one.clone(), r, sch, spec, before);
                t.constraints
                    .push(constraint(default_constraint_name(&q.name, &one, "fkey"), ConstraintKind::ForeignKey(fk)));
            }
        }
        if let Some(pk) = &ts.primary_key {
            t.constraints.push(constraint(
                default_constraint_name(&q.name, &[], "pkey"),
                ConstraintKind::PrimaryKey { columns: pk.clone() },
            ));
        }
        let all_columns: Vec<String> = t
            .columns
            .iter()
            .map(|c| c.name.clone())
            .chain(existing.into_iter().flat_map(|e| e.columns.iter().map(|c| c.name.clone())))
            .collect();
        for cs in &ts.constraints {
            let (label, cols, kind) = if let Some(chk) = &cs.check {
                let refs: Vec<String> =
                    sqlparse::identifiers(chk).into_iter().filter(|i| all_columns.contains(i)).collect();
                let mut uniq = refs.clone();
                uniq.dedup();
                let cols = if uniq.len() == 1 { uniq } else { Vec::new() };
                ("check", cols, ConstraintKind::Check { expr: chk.clone() })
            } else if let Some(u) = &cs.unique {
                ("key", u.clone(), ConstraintKind::Unique { columns: u.clone() })
            } else if let Some(pk) = &cs.primary_key {
                ("pkey", Vec::new(), ConstraintKind::PrimaryKey { columns: pk.clone() })
            } else if let (Some(cols), Some(r)) = (&cs.foreign_key, &cs.references) {
                ("fkey", cols.clone(), ConstraintKind::ForeignKey(foreign_key(cols.clone(), r, sch, spec, before)))
            } else {
                continue; // rejected by validation
            };
            let name = cs.name.clone().unwrap_or_else(|| default_constraint_name(&q.name, &cols, label));
            t.constraints.push(constraint(name, kind));
        }
        // Primary key columns are NOT NULL, however the key was declared.
        let pk_cols: Vec<String> = t
            .constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::PrimaryKey { columns } => Some(columns.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        for c in t.columns.iter_mut().filter(|c| pk_cols.contains(&c.name)) {
            c.not_null = true;
        }
        for ix in &ts.indexes {
            // A key that is exactly a column's name is that column, whatever characters it has.
            let keys: Vec<IndexKey> = ix
                .columns
                .iter()
                .map(|k| match all_columns.contains(k) {
                    true => {
                        IndexKey { expr: KeyExpr::Column(k.clone()), opclass: None, desc: false, nulls_first: false }
                    }
                    false => IndexKey::parse(k),
                })
                .collect();
            let name = ix.name.clone().unwrap_or_else(|| {
                default_index_name(&q.name, &keys.iter().map(IndexKey::name_part).collect::<Vec<_>>())
            });
            let iq = QualName::new(q.schema.clone(), name);
            target.schema.indexes.insert(
                iq.clone(),
                Index {
                    name: iq,
                    table: q.clone(),
                    unique: ix.unique,
                    method: ix.method.clone().unwrap_or_else(|| "btree".into()),
                    keys,
                    include: ix.include.clone(),
                    predicate: ix.predicate.clone(),
                    constraint_backed: false,
                },
            );
        }
        target.schema.tables.insert(q, t);
    }
    for (vname, vs) in &body.views {
        let q = QualName::parse(vname, sch);
        target.schema.views.insert(
            q.clone(),
            View {
                name: q,
                materialized: false,
                query: vs.query.trim().trim_end_matches(';').to_string(),
                comment: vs.comment.clone(),
            },
        );
    }
    for r in &body.retire {
        let retire = match (&r.table, &r.column, &r.constraint, &r.view, &r.index) {
            (Some(t), Some(c), _, _, _) => Retire::Column { table: QualName::parse(t, sch), column: c.clone() },
            (Some(t), None, Some(c), _, _) => {
                Retire::Constraint { table: QualName::parse(t, sch), constraint: c.clone() }
            }
            (Some(t), None, None, _, _) => Retire::Table { table: QualName::parse(t, sch) },
            (None, _, _, Some(v), _) => Retire::View { view: QualName::parse(v, sch) },
            (None, _, _, None, Some(i)) => Retire::Index { index: QualName::parse(i, sch) },
            _ => continue,
        };
        target.retire.push(retire);
    }
    target
}

fn constraint(name: String, kind: ConstraintKind) -> Constraint {
    Constraint { name, kind, validated: true }
}

fn lower_column(table: &QualName, name: &str, cs: &ColumnSpec) -> Column {
    let mut c = Column::new(name, normalize_type(&cs.data_type));
    c.not_null = cs.not_null || cs.primary_key;
    c.default = cs.default.as_ref().map(|d| d.to_sql());
    if serial_base(&cs.data_type).is_some() {
        let seq = crate::model::make_object_name(&table.name, Some(name), "seq");
        c.default = Some(format!("nextval('{}'::regclass)", crate::model::QualName::new(table.schema.clone(), seq)));
        c.not_null = true;
    }
    c.identity = cs.identity;
    if c.identity.is_some() {
        c.not_null = true;
    }
    c.generated = cs.generated.clone();
    c.collation = cs.collation.clone();
    c.comment = cs.comment.clone();
    c
}

fn foreign_key(columns: Vec<String>, r: &ReferenceSpec, sch: &str, spec: &Spec, before: &Schema) -> ForeignKey {
    let ref_table = QualName::parse(&r.table, sch);
    let ref_columns = match (&r.columns, &r.column) {
        (Some(cols), _) => cols.clone(),
        (None, Some(c)) => vec![c.clone()],
        (None, None) => referenced_primary_key(&ref_table, spec, before).unwrap_or_else(|| vec!["id".to_string()]),
    };
    ForeignKey {
        columns,
        ref_table,
        ref_columns,
        on_delete: r.on_delete.unwrap_or_default(),
        on_update: r.on_update.unwrap_or_default(),
        deferrable: r.deferrable || r.initially_deferred,
        initially_deferred: r.initially_deferred,
    }
}

/// The primary key columns of `table`, declared in the spec or existing before it.
fn referenced_primary_key(table: &QualName, spec: &Spec, before: &Schema) -> Option<Vec<String>> {
    for (tname, ts) in &spec.body.tables {
        if &QualName::parse(tname, &spec.body.schema) != table {
            continue;
        }
        if let Some(pk) = &ts.primary_key {
            return Some(pk.clone());
        }
        if let Some((c, _)) = ts.columns.iter().find(|(_, c)| c.primary_key) {
            return Some(vec![c.clone()]);
        }
        if let Some(pk) = ts.constraints.iter().find_map(|c| c.primary_key.clone()) {
            return Some(pk);
        }
    }
    before.tables.get(table).and_then(|t| match &t.primary_key()?.kind {
        ConstraintKind::PrimaryKey { columns } => Some(columns.clone()),
        _ => None,
    })
}
