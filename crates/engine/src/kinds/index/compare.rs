//! Indexes compared (those behind constraints come and go with their constraints).

use crate::diff::compare::Remade;
use crate::diff::{same_index, Change, CommentOn};
use crate::model::{Index, QualName, Schema};

/// Whether an index's expressions or predicate read a column whose type changes.
fn reads_retyped(
    ix: &crate::model::Index,
    retyped: &std::collections::BTreeSet<(crate::model::QualName, String)>,
) -> bool {
    retyped.iter().any(|(t, c)| *t == ix.table && ix.reads_in_expressions(c))
}

pub(crate) fn indexes(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    let renamed = renamed(from, to, remade);
    for (q, ix) in to.indexes.iter().filter(|(_, i)| !i.constraint_backed) {
        let table_new = remade.relation(&ix.table) || !from.has_relation(&ix.table);
        // A created index has no comment yet.
        let had_comment = match from.indexes.get(q).filter(|i| !i.constraint_backed) {
            Some(_) if table_new => {
                out.push(Change::CreateIndex { index: ix.clone(), new_table: true });
                None
            }
            None => match renamed.iter().find(|(_, new)| new.name == ix.name) {
                Some((old, _)) => {
                    out.push(Change::RenameIndex {
                        table: ix.table.clone(),
                        from: old.name.clone(),
                        to: ix.name.clone(),
                    });
                    old.comment.clone()
                }
                None => {
                    out.push(Change::CreateIndex { index: ix.clone(), new_table: table_new });
                    None
                }
            },
            // (Made again by the type change of a column it reads.)
            Some(old) if !same_index(old, ix) && reads_retyped(old, &remade.retyped) => None,
            Some(old) if !same_index(old, ix) => {
                out.push(Change::ReplaceIndex { from: old.clone(), to: ix.clone() });
                None
            }
            Some(old) => old.comment.clone(),
        };
        if had_comment != ix.comment {
            let on = CommentOn::Index { table: ix.table.clone(), name: q.clone() };
            out.push(Change::Comment { on, from: had_comment, to: ix.comment.clone() });
        }
    }
    // The index of a key constraint comes and goes with it: only its comment is its own.
    for (q, ix) in to.indexes.iter().filter(|(_, i)| i.constraint_backed) {
        let kept = from.indexes.get(q).filter(|old| {
            old.constraint_backed && same_index(old, ix) && !remade.relation(&ix.table) && from.has_relation(&ix.table)
        });
        let had_comment = kept.and_then(|old| old.comment.clone());
        if had_comment != ix.comment {
            let on = CommentOn::Index { table: ix.table.clone(), name: q.clone() };
            out.push(Change::Comment { on, from: had_comment, to: ix.comment.clone() });
        }
    }
    let built = built_before_attach(from, to, remade, out);
    partition_names(from, to, &renamed, remade, &built, out);
    for (q, ix) in from.indexes.iter().filter(|(_, i)| !i.constraint_backed) {
        let kept = to.indexes.get(q).is_some_and(|i| !i.constraint_backed);
        let gone = !kept && !renamed.iter().any(|(old, _)| old.name == ix.name);
        if gone && remade.survives(to, &ix.table) && !taken_by_parent(from, to, ix) {
            out.push(Change::DropIndex { index: ix.clone() });
        }
    }
}

/// The names of partitions' indexes attached to an index of their partitioned table, where
/// `to` has another than `from` (or the index or the partition is made in this plan: then
/// PostgreSQL names it, and it is renamed after). Where `to` says nothing (a spec), any
/// name will do.
fn partition_names(
    from: &Schema,
    to: &Schema,
    renamed: &[(&Index, &Index)],
    remade: &Remade,
    built: &[(QualName, QualName)],
    out: &mut Vec<Change>,
) {
    for (q, ix) in to.indexes.iter().filter(|(_, i)| !i.partition_indexes.is_empty()) {
        let kept = || from.indexes.get(q).filter(|o| o.constraint_backed == ix.constraint_backed && same_index(o, ix));
        let old = match renamed.iter().find(|(_, new)| new.name == *q) {
            Some((old, _)) => Some(*old),
            None => kept(),
        }
        .filter(|_| !remade.relation(&ix.table) && from.has_relation(&ix.table));
        for (part, name) in &ix.partition_indexes {
            let stays =
                from.tables.get(part).is_some_and(|t| t.partition_of.as_ref().is_some_and(|(p, _)| *p == ix.table))
                    && !remade.relation(part);
            // (A table attached in this plan brings the index of its own that attaching
            // makes this one's partition: `taken_by_parent`.)
            let was = match old.and_then(|o| o.partition_indexes.get(part)).filter(|_| stays) {
                Some(w) => Some(w),
                None if !stays => attached_own(from, ix, part),
                None => None,
            };
            // Made in this plan under the name PostgreSQL would give it anyway, or built on
            // its own under this name (a new index of a table that stays, each of whose
            // partitions is a plain table: `index::plan::create`): nothing to do.
            let made = old.is_none() || !from.tables.contains_key(part) || remade.relation(part);
            let built_apart = old.is_none()
                && stays
                && from.has_relation(&ix.table)
                && !remade.relation(&ix.table)
                && super::plan::plain_partitions(from, to, ix).is_some();
            if was.is_none() && made && (built_apart || *name == made_name(to, ix, part)) {
                continue;
            }
            // (Built under its name before the table is attached.)
            let built_here = built.iter().any(|(p, t)| p == q && t == part);
            if was != Some(name) && !built_here {
                out.push(Change::NamePartitionIndex {
                    parent: q.clone(),
                    partition: part.clone(),
                    from: was.cloned(),
                    to: name.clone(),
                });
            }
        }
    }
}

/// The name of the index `part` has before it is attached that attaching makes a partition
/// of `ix` (one of the same definition), if it has one.
fn attached_own<'a>(from: &'a Schema, ix: &Index, part: &QualName) -> Option<&'a String> {
    from.indexes
        .values()
        .find(|i| i.table == *part && same_index(&Index { table: ix.table.clone(), ..(*i).clone() }, ix))
        .map(|i| &i.name.name)
}

/// The indexes and keys a table attached in this plan lacks of those its new parent has
/// when it is attached ([`there_at_attach`]): added to the table before the attach as the
/// comparison of the table alone would add them, concurrently (a key: its unique index
/// concurrently, then the key using it), under the name its partition's index has in `to`
/// (else the one PostgreSQL would give it). So the attach finds each and attaches it,
/// instead of building it while it holds the table locked against reads and writes; and a
/// rollback, which detaches the table, drops them again. Each parent index and partition
/// so handled, for [`partition_names`] to leave alone. (What cannot be built so is left to
/// the attach: [`OnAttach::BuiltByAttach`].)
fn built_before_attach(
    from: &Schema,
    to: &Schema,
    remade: &Remade,
    out: &mut Vec<Change>,
) -> Vec<(QualName, QualName)> {
    let mut built = Vec::new();
    // The tables attached in this plan: those `from` has apart that `to` makes partitions.
    for part in to.tables.values() {
        let Some((parent, _)) = &part.partition_of else { continue };
        let apart = from.tables.get(&part.name).is_some_and(|f| f.partition_of.is_none());
        if !apart || remade.relation(&part.name) {
            continue;
        }
        let parent_new = remade.relation(parent) || !from.has_relation(parent);
        for (q, ix) in to.indexes.iter().filter(|(_, i)| i.table == *parent) {
            if !there_at_attach(from, ix, parent_new) || on_attach(from, to, ix, &part.name) != OnAttach::BuiltBefore {
                continue;
            }
            let name = ix.partition_indexes.get(&part.name).cloned().unwrap_or_else(|| made_name(to, ix, &part.name));
            if ix.constraint_backed {
                let Some(key) = plain_key(to, ix) else { continue };
                let constraint = crate::model::Constraint { name, comment: None, ..key.clone() };
                out.push(Change::AddConstraint { table: part.name.clone(), constraint, new_table: false });
            } else {
                let index = Index {
                    name: QualName::new(part.name.schema.clone(), name),
                    table: part.name.clone(),
                    comment: None,
                    partition_indexes: Default::default(),
                    ..ix.clone()
                };
                out.push(Change::CreateIndex { index, new_table: false });
            }
            built.push((q.clone(), part.name.clone()));
        }
    }
    built
}

/// Whether index `ix` of a partitioned table is there when a table is attached to it: the
/// table is made in this plan (`parent_new`: its indexes come with it), or the index was
/// there before, under this name or another. (An index new on a partitioned table that
/// stays is built partition by partition after the attach: `index::plan`.)
pub(crate) fn there_at_attach(from: &Schema, ix: &Index, parent_new: bool) -> bool {
    parent_new
        || from.is_partitioned(&ix.table)
            && from.indexes.values().any(|o| o.constraint_backed == ix.constraint_backed && same_index(o, ix))
}

/// How index `ix` of a partitioned table of `to` comes to `part`, a table that `from` has
/// apart and `to` attaches to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnAttach {
    /// The table has an index of that definition: the attach attaches it.
    Own,
    /// [`built_before_attach`] builds it, concurrently.
    BuiltBefore,
    /// The attach builds it, holding the table locked against reads and writes meanwhile:
    /// an exclusion constraint's; on a table that is itself partitioned, a key's (no key of
    /// a partitioned table is added `USING INDEX`), or any where a partition of it is
    /// partitioned too.
    BuiltByAttach,
}

pub(crate) fn on_attach(from: &Schema, to: &Schema, ix: &Index, part: &QualName) -> OnAttach {
    if attached_own(from, ix, part).is_some() {
        return OnAttach::Own;
    }
    let (Some(before), Some(after)) = (from.tables.get(part), to.tables.get(part)) else {
        return OnAttach::BuiltByAttach;
    };
    let plain = before.partition_by.is_none() && after.partition_by.is_none();
    // A table partitioned itself whose partitions are plain tables takes the index as any
    // partitioned table that stays does: on each partition concurrently, then on the table
    // alone, each attached (`index::plan::create`). Not a key: a partitioned table takes
    // none `USING INDEX`.
    let split = || {
        before.partition_by.is_some()
            && after.partition_by.is_some()
            && !ix.constraint_backed
            && super::plan::plain_partitions(from, to, &Index { table: part.clone(), ..ix.clone() }).is_some()
    };
    if before.partition_of.is_none() && (plain && (!ix.constraint_backed || plain_key(to, ix).is_some()) || split()) {
        OnAttach::BuiltBefore
    } else {
        OnAttach::BuiltByAttach
    }
}

/// The primary key or unique constraint of `to` that index `ix` is behind.
fn plain_key<'a>(to: &'a Schema, ix: &Index) -> Option<&'a crate::model::Constraint> {
    use crate::model::ConstraintKind;
    to.tables
        .get(&ix.table)?
        .constraints
        .iter()
        .find(|c| c.name == ix.name.name)
        .filter(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }))
}

/// The name PostgreSQL gives the index it makes for partition `part` of `ix`'s table (as
/// its `ChooseIndexName` does, without the number it adds when the name is taken).
fn made_name(to: &Schema, ix: &Index, part: &QualName) -> String {
    use crate::model::ConstraintKind;
    let constraint = to.tables.get(&ix.table).and_then(|t| t.constraints.iter().find(|c| c.name == ix.name.name));
    let named = |label| crate::model::make_object_name(&part.name, Some(&ix.name_parts()), label);
    match constraint.map(|c| &c.kind) {
        Some(ConstraintKind::PrimaryKey { .. }) => crate::model::make_object_name(&part.name, None, "pkey"),
        Some(ConstraintKind::Raw { definition, .. }) if definition.starts_with("PRIMARY KEY") => {
            crate::model::make_object_name(&part.name, None, "pkey")
        }
        Some(ConstraintKind::Raw { definition, .. }) if definition.starts_with("EXCLUDE") => named("excl"),
        Some(_) => named("key"),
        None => ix.partition_index_name(&part.name),
    }
}

/// The indexes of `from` (of tables that stay) that `to` has under another name, the same
/// otherwise, each with its new self: renamed rather than built again. Each new name taken
/// once, in order.
pub(crate) fn renamed<'a>(from: &'a Schema, to: &'a Schema, remade: &Remade) -> Vec<(&'a Index, &'a Index)> {
    let own = |s: &'a Schema| s.indexes.values().filter(|i| !i.constraint_backed);
    let only_in = |a: &'a Schema, b: &'a Schema| {
        own(a).filter(move |i| b.indexes.get(&i.name).is_none_or(|o| o.constraint_backed))
    };
    // (The target's own, found once: looking through all of them for each index gone made
    // the diff grow with the square of the schema.)
    let candidates: Vec<&Index> = only_in(to, from).collect();
    let mut out: Vec<(&Index, &Index)> = Vec::new();
    for old in only_in(from, to).filter(|i| !remade.relation(&i.table) && to.has_relation(&i.table)) {
        let new = candidates.iter().copied().find(|n| {
            same_index(old, n) && !reads_retyped(old, &remade.retyped) && !out.iter().any(|(_, t)| t.name == n.name)
        });
        if let Some(new) = new {
            out.push((old, new));
        }
    }
    out
}

/// Whether index `ix`, of a table that becomes a partition, has the definition of an index
/// its new parent has in `to`: attaching the partition attaches it to the parent's (it is
/// no longer the table's own), so it is not dropped.
fn taken_by_parent(from: &Schema, to: &Schema, ix: &crate::model::Index) -> bool {
    let (Some(f), Some(t)) = (from.tables.get(&ix.table), to.tables.get(&ix.table)) else { return false };
    let Some(parent) = crate::diff::compare::new_parent(f, t) else { return false };
    to.indexes
        .values()
        .any(|p| &p.table == parent && same_index(&crate::model::Index { table: parent.clone(), ..ix.clone() }, p))
}

#[cfg(test)]
mod tests {
    use super::{built_before_attach, partition_names};
    use crate::diff::compare::Remade;
    use crate::diff::Change;
    use crate::model::{Index, IndexKey, KeyExpr, QualName, Schema, Table};

    fn q(n: &str) -> QualName {
        QualName::new("public", n)
    }

    /// `m` partitioned, with partitions `parts`, and an index `m_at_idx` on `at` whose
    /// partitions' indexes are named as given.
    fn schema(parts: &[&str], names: &[(&str, &str)]) -> Schema {
        let mut s = Schema::default();
        let mut m = Table::new(q("m"));
        m.partition_by = Some("RANGE (at)".into());
        s.tables.insert(q("m"), m);
        for p in parts {
            let mut t = Table::new(q(p));
            t.partition_of = Some((q("m"), "DEFAULT".into()));
            s.tables.insert(q(p), t);
        }
        let key = IndexKey {
            expr: KeyExpr::Column("at".into()),
            opclass: None,
            desc: false,
            nulls_first: false,
            collation: None,
        };
        let mut ix = Index { keys: vec![key], ..Index::btree(q("m_at_idx"), q("m")) };
        ix.partition_indexes = names.iter().map(|(p, n)| (q(p), n.to_string())).collect();
        s.indexes.insert(q("m_at_idx"), ix);
        s
    }

    fn changes(from: &Schema, to: &Schema) -> Vec<String> {
        let mut out = Vec::new();
        partition_names(from, to, &[], &Remade::default(), &[], &mut out);
        out.iter()
            .map(|c| match c {
                Change::NamePartitionIndex { partition, from, to, .. } => {
                    format!("{}: {from:?} -> {to}", partition.name)
                }
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_partition_index_named_otherwise_is_renamed_and_back() {
        let from = schema(&["m1"], &[("m1", "m1_at_idx")]);
        let to = schema(&["m1"], &[("m1", "m1_when")]);
        assert_eq!(changes(&from, &to), ["m1: Some(\"m1_at_idx\") -> m1_when"]);
        assert_eq!(changes(&to, &from), ["m1: Some(\"m1_when\") -> m1_at_idx"]);
        assert!(changes(&from, &from).is_empty());
    }

    #[test]
    fn a_new_partition_is_renamed_only_where_postgresql_would_name_its_index_otherwise() {
        let from = schema(&["m1"], &[("m1", "m1_at_idx")]);
        let made = schema(&["m1", "m2"], &[("m1", "m1_at_idx"), ("m2", "m2_at_idx")]);
        assert!(changes(&from, &made).is_empty());
        let named = schema(&["m1", "m2"], &[("m1", "m1_at_idx"), ("m2", "m2_special")]);
        assert_eq!(changes(&from, &named), ["m2: None -> m2_special"]);
    }

    /// `from` with plain table `m2` (with an index on `at` named `own`, if any) that `to`
    /// attaches to `m` (whose `m_at_idx` names `m2`'s index `named`, if it does): what is
    /// built on `m2` before the attach.
    fn built_on_attach(own: Option<&str>, named: Option<&str>) -> Vec<String> {
        let mut from = schema(&["m1"], &[]);
        from.tables.insert(q("m2"), Table::new(q("m2")));
        if let Some(own) = own {
            let ix = Index {
                name: q(own),
                table: q("m2"),
                partition_indexes: Default::default(),
                ..from.indexes[&q("m_at_idx")].clone()
            };
            from.indexes.insert(q(own), ix);
        }
        let names: Vec<(&str, &str)> = named.map(|n| ("m2", n)).into_iter().collect();
        let to = schema(&["m1", "m2"], &names);
        let mut out = Vec::new();
        let built = built_before_attach(&from, &to, &Remade::default(), &mut out);
        assert_eq!(built.len(), out.len());
        out.iter()
            .map(|c| match c {
                Change::CreateIndex { index, new_table } => {
                    format!("{} on {}, new table {new_table}", index.name.name, index.table.name)
                }
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_table_attached_gets_the_parents_indexes_it_lacks_built_first() {
        assert_eq!(built_on_attach(None, None), ["m2_at_idx on m2, new table false"]);
        assert_eq!(built_on_attach(None, Some("m2_when")), ["m2_when on m2, new table false"]);
        // Its own index of that definition is attached instead, whatever its name.
        assert!(built_on_attach(Some("m2_own"), Some("m2_when")).is_empty());
    }

    #[test]
    fn a_target_that_names_no_partition_index_asks_for_nothing() {
        let from = schema(&["m1"], &[("m1", "m1_when")]);
        let spec_like = schema(&["m1"], &[]);
        assert!(changes(&from, &spec_like).is_empty());
    }
}
