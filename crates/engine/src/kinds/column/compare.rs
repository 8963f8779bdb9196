//! Columns compared, within a table on both sides. Columns whose type, generation or
//! collation changes, that are dropped, or whose type is created again are noted in
//! `affected`: the views that read them must be created again.

use crate::diff::compare::Remade;
use crate::diff::{same_column, Change};
use crate::model::{Column, QualName, Schema, Table};

/// `f` and `t`: the table before and after; `from` and `to` the whole schemas (for parents
/// and inheritance children); `remade` says which types are created again, and takes the
/// affected columns.
pub(crate) fn columns(from: &Schema, f: &Table, t: &Table, to: &Schema, remade: &mut Remade, out: &mut Vec<Change>) {
    let q = &t.name;
    let (recreated_types, affected, retyped) = (&remade.types, &mut remade.affected_columns, &mut remade.retyped);
    // A table about to be attached to a parent (partition or inheritance) must already
    // have the parent's columns, which the target shows as inherited.
    let joining = (t.partition_of.is_some() && f.partition_of != t.partition_of)
        || t.inherits.iter().any(|p| !f.inherits.contains(p));
    for c in t.columns.iter().filter(|c| joining || !c.inherited) {
        match f.column(&c.name) {
            None => out.push(Change::AddColumn { table: q.clone(), column: c.clone() }),
            Some(old) => {
                let (old, c) = (own(old), own(c));
                if !same_column(&old, &c) {
                    if old.data_type != c.data_type || old.generated != c.generated || old.collation != c.collation {
                        affected.insert((q.clone(), c.name.clone()));
                    }
                    if (old.data_type != c.data_type || old.collation != c.collation) && old.generated == c.generated {
                        retyped.insert((q.clone(), c.name.clone()));
                    }
                    out.push(Change::AlterColumn { table: q.clone(), from: old, to: c });
                }
            }
        }
    }
    if !joining {
        own_settings(from, f, t, to, out);
    }
    for c in f.columns.iter().filter(|c| !c.inherited && t.column(&c.name).is_none()) {
        affected.insert((q.clone(), c.name.clone()));
        dropped(q, c, to, out);
    }
    // A column the table had only from parents it leaves stays, as its own (PostgreSQL
    // keeps a column whose last parent goes): dropped after, where the target lacks it.
    // (One a parent it keeps still gives goes with that parent's column.)
    let kept: Vec<&QualName> = f.parents().filter(|p| t.parents().any(|tp| tp == *p)).collect();
    for c in f.columns.iter().filter(|c| c.inherited && t.column(&c.name).is_none()) {
        if !kept.iter().any(|p| from.tables.get(*p).is_some_and(|pt| pt.column(&c.name).is_some())) {
            affected.insert((q.clone(), c.name.clone()));
            dropped(q, &own(c), to, out);
        }
    }
    for c in f.columns.iter() {
        if recreated_types.iter().any(|ty| crate::kinds::types::compare::is_type(&c.data_type, ty)) {
            affected.insert((q.clone(), c.name.clone()));
            retyped.insert((q.clone(), c.name.clone()));
        }
    }
}

/// The settings a partition or inheritance child keeps of its own on a column it inherits
/// (NOT NULL, default, storage, statistics target, compression, attribute options,
/// comment): what its parents' changes leave it with (PostgreSQL carries a parent's new
/// NOT NULL, storage and statistics target down, and its default where a type or identity
/// change sets it), changed to the target's where that differs. The type and what else is the parent's change with the parent.
fn own_settings(from: &Schema, f: &Table, t: &Table, to: &Schema, out: &mut Vec<Change>) {
    let parents: Vec<&QualName> = t.parents().collect();
    for c in t.columns.iter().filter(|c| c.inherited) {
        let Some(old) = f.column(&c.name).filter(|o| o.inherited) else { continue };
        // (Compared in place, cloned only for a change.)
        let (mut not_null, mut default, mut storage, mut statistics) =
            (old.not_null, &old.default, old.storage, old.statistics);
        for p in &parents {
            let pf = from.tables.get(*p).and_then(|pt| pt.column(&c.name));
            let pt = to.tables.get(*p).and_then(|pt| pt.column(&c.name));
            let (Some(pf), Some(pt)) = (pf, pt) else { continue };
            // A parent's own default changes alone (`ALTER TABLE ONLY`); one that goes off
            // and on around a type change, or with identity, is the children's too.
            let retyped = pf.data_type != pt.data_type || pf.collation != pt.collation;
            if (retyped && (pf.default.is_some() || pt.default.is_some()))
                || (pf.identity != pt.identity && pf.default != pt.default)
            {
                default = &pt.default;
            }
            if pf.not_null != pt.not_null {
                not_null = pt.not_null;
            }
            if pf.storage != pt.storage {
                storage = pt.storage;
            }
            if pf.statistics != pt.statistics {
                statistics = pt.statistics;
            }
        }
        let same = not_null == c.not_null
            && *default == c.default
            && storage == c.storage
            && statistics == c.statistics
            && old.compression == c.compression
            && old.options == c.options
            && old.comment == c.comment;
        if !same {
            let left = Column {
                not_null,
                default: default.clone(),
                storage,
                statistics,
                compression: old.compression.clone(),
                options: old.options.clone(),
                comment: old.comment.clone(),
                ..c.clone()
            };
            out.push(Change::AlterColumn { table: t.name.clone(), from: own(&left), to: own(c) });
        }
    }
}

/// The settings a partition or inheritance child created here keeps of its own on the
/// columns it inherits: created after its parents' settings are set (see
/// `table::plan::create`), it has their default and storage, and the comments its creation
/// gives, and nothing else of its own.
pub(crate) fn created_settings(t: &Table, to: &Schema, out: &mut Vec<Change>) {
    let parents: Vec<&QualName> = t.parents().collect();
    for c in t.columns.iter().filter(|c| c.inherited) {
        let Some(pc) = parents.iter().find_map(|p| to.tables.get(*p).and_then(|pt| pt.column(&c.name))) else {
            continue;
        };
        let created = Column {
            default: pc.default.clone(),
            storage: pc.storage,
            statistics: None,
            compression: None,
            options: Vec::new(),
            ..c.clone()
        };
        if !same_column(&created, c) {
            out.push(Change::AlterColumn { table: t.name.clone(), from: own(&created), to: own(c) });
        }
    }
}

/// The column as the table's own (inherited or not, it is compared the same).
fn own(c: &Column) -> Column {
    Column { inherited: false, ..c.clone() }
}

/// A column of `q` that the target lacks.
fn dropped(q: &QualName, c: &Column, to: &Schema, out: &mut Vec<Change>) {
    // Inheritance children that keep the column as their own: drop it from the parent
    // ONLY, which leaves theirs in place.
    let only = to
        .tables
        .values()
        .any(|child| child.inherits.contains(q) && child.column(&c.name).is_some_and(|cc| !cc.inherited));
    out.push(Change::DropColumn { table: q.clone(), column: c.clone(), only });
    if only {
        // Children that had it only by inheritance and lose it: drop theirs after.
        for child in to.tables.values().filter(|ch| ch.inherits.contains(q) && ch.column(&c.name).is_none()) {
            out.push(Change::DropColumn { table: child.name.clone(), column: c.clone(), only: false });
        }
    }
}
