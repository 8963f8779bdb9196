//! Tables as a whole: created, commented on, dropped, recreated between plain and
//! partitioned, their options, partitions attached and detached, inheritance.

use crate::model::{Constraint, ConstraintKind, QualName, Schema, Table};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{ConstraintOp, TableOp};
use crate::plan::{HazardKind, Key, Op, PhaseKind, Step};

pub fn create(table: Table, steps: &mut Vec<Step>) {
    let q = table.name.clone();
    let mut provides = vec![Key::Table(q.clone())];
    provides.extend(table.columns.iter().map(|c| Key::Column(q.clone(), c.name.clone())));
    for c in &table.constraints {
        provides.push(Key::Constraint(q.clone(), c.name.clone()));
        if matches!(c.kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }) {
            provides.push(Key::UniqueOn(q.clone()));
        }
    }
    // A partition or child is created after its parents' settings that PostgreSQL
    // carries down are set: it takes their defaults and storage as they are then.
    let mut requires = vec![Key::Schema(q.schema.clone())];
    for p in table.parents() {
        requires.extend(table.columns.iter().map(|c| Key::ColumnSet(p.clone(), c.name.clone())));
    }
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("create table {q}"),
            vec![Op::Table(TableOp::CreateTable { table: Box::new(table) })],
            vec![Op::Table(TableOp::DropTable { table: q.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(q.clone())], Hold::New),
        )
        .provides(provides)
        .requires(requires),
    );
}

pub fn comment(table: QualName, from: Option<String>, to: Option<String>, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("comment on table {table}"),
            vec![Op::Table(TableOp::CommentOnTable { table: table.clone(), comment: to })],
            vec![Op::Table(TableOp::CommentOnTable { table: table.clone(), comment: from })],
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(table.clone())], Hold::Brief),
        )
        .requires([Key::Table(table)]),
    );
}

pub fn drop_table(t: Table, steps: &mut Vec<Step>) {
    let q = t.name.clone();
    let mut restore = t.clone();
    restore.constraints.retain(|c| !matches!(c.kind, ConstraintKind::ForeignKey(_)));
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop table {q}"),
            vec![Op::Table(TableOp::DropTable { table: q.clone() })],
            vec![Op::Table(TableOp::CreateTable { table: Box::new(restore) })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(q.clone())], Hold::Brief),
        )
        .provides([Key::Table(q.clone()).gone()])
        .hazard(HazardKind::DataLoss, format!("dropping table {q} deletes its rows; the rollback recreates it empty")),
    );
}

/// Plain <-> partitioned: PostgreSQL cannot convert in place, so the table is dropped and
/// created again (its rows are lost).
pub fn recreate_table(from: Table, to: Table, steps: &mut Vec<Step>) {
    let q = to.name.clone();
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("drop table {q} to recreate it {}", if to.partition_by.is_some() { "partitioned" } else { "unpartitioned" }),
            vec![Op::Table(TableOp::DropTable { table: q.clone() })],
            vec![Op::Table(TableOp::CreateTable { table: Box::new(from) })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(q.clone())], Hold::Brief),
        )
        .provides([Key::Table(q.clone()).gone()])
        .hazard(HazardKind::DataLoss, format!("{q} cannot change between plain and partitioned in place: it is dropped and created again, and its rows are lost")),
    );
    let (fks, inline): (Vec<Constraint>, Vec<Constraint>) =
        to.constraints.iter().cloned().partition(|c| matches!(c.kind, ConstraintKind::ForeignKey(_)) || !c.validated);
    let mut table = to.clone();
    table.constraints = inline;
    create(table, steps);
    if let Some(last) = steps.last_mut() {
        last.kind = PhaseKind::Switch;
    }
    for c in fks {
        let none = crate::model::Schema::default();
        crate::kinds::constraint::plan::add((&none, &none), q.clone(), c, true, steps);
    }
}

pub fn set_options(from: Table, to: Table, steps: &mut Vec<Step>) {
    let q = to.name.clone();
    let mut ops = Vec::new();
    let mut rb = Vec::new();
    let mut rewrite = false;
    if from.unlogged != to.unlogged {
        ops.push(Op::Table(TableOp::SetLogged { table: q.clone(), unlogged: to.unlogged }));
        rb.push(Op::Table(TableOp::SetLogged { table: q.clone(), unlogged: from.unlogged }));
        rewrite = true;
    }
    if from.row_security != to.row_security {
        ops.push(Op::Table(TableOp::SetRowSecurity { table: q.clone(), enabled: to.row_security }));
        rb.push(Op::Table(TableOp::SetRowSecurity { table: q.clone(), enabled: from.row_security }));
    }
    if from.force_row_security != to.force_row_security {
        ops.push(Op::Table(TableOp::SetForceRowSecurity { table: q.clone(), forced: to.force_row_security }));
        rb.push(Op::Table(TableOp::SetForceRowSecurity { table: q.clone(), forced: from.force_row_security }));
    }
    if from.options != to.options {
        let set = |a: &Table, b: &Table| {
            let reset = crate::plan::storage_reset(&a.options, &b.options);
            Op::Table(TableOp::SetStorage { table: q.clone(), set: b.options.clone(), reset })
        };
        ops.push(set(&from, &to));
        rb.push(set(&to, &from));
    }
    if from.of_type != to.of_type {
        of_type(&from, &to, steps);
    }
    let mut requires = vec![Key::Table(q.clone())];
    if from.replica_identity != to.replica_identity {
        let set = |identity: &Option<crate::model::ReplicaIdentity>| {
            Op::Table(TableOp::SetReplicaIdentity { table: q.clone(), identity: identity.clone() })
        };
        ops.push(set(&to.replica_identity));
        rb.push(set(&from.replica_identity));
        if let Some(crate::model::ReplicaIdentity::Index(i)) = &to.replica_identity {
            requires.push(Key::Index(QualName::new(q.schema.clone(), i.clone())));
        }
    }
    if from.cluster_on != to.cluster_on {
        let set = |index: &Option<String>| Op::Table(TableOp::SetClusterOn { table: q.clone(), index: index.clone() });
        ops.push(set(&to.cluster_on));
        rb.push(set(&from.cluster_on));
        if let Some(i) = &to.cluster_on {
            // (An index of its own, or a key's.)
            requires.push(Key::Index(QualName::new(q.schema.clone(), i.clone())));
            requires.push(Key::Constraint(q.clone(), i.clone()));
        }
    }
    if ops.is_empty() {
        return;
    }
    let hold = if rewrite { Hold::Rewrite } else { Hold::Brief };
    // (CLUSTER ON alone takes a lock that writers do not wait for.)
    let only_cluster = Table { cluster_on: to.cluster_on.clone(), of_type: to.of_type.clone(), ..from.clone() } == to;
    let mode = if only_cluster { LockMode::ShareUpdateExclusive } else { LockMode::AccessExclusive };
    let description = match (&to.cluster_on, only_cluster) {
        (Some(i), true) => format!("mark table {q} as clustered on {i}"),
        (None, true) => format!("mark table {q} as clustered on no index"),
        _ => format!("set options of table {q}"),
    };
    let mut step =
        Step::new(PhaseKind::Switch, description, ops, rb, Lock::new(mode, [Locked::Table(q.clone())], hold))
            .requires(requires);
    if rewrite {
        step =
            step.hazard(HazardKind::TableRewrite, format!("SET LOGGED/UNLOGGED rewrites {q} under ACCESS EXCLUSIVE"));
    }
    steps.push(step);
}

/// A table made a table of a type (`ALTER TABLE ... OF`) or an ordinary one again (`NOT
/// OF`), in a step of its own. PostgreSQL makes a table typed only when its columns are
/// the type's attributes, in order, and adds no column of its own to a typed table: made
/// typed after its columns are added, retyped and dropped (at contract when one is
/// dropped), and ordinary before anything else is done to it (in expand).
fn of_type(from: &Table, to: &Table, steps: &mut Vec<Step>) {
    let q = &to.name;
    let set = |ty: &Option<QualName>| Op::Table(TableOp::SetOfType { table: q.clone(), of_type: ty.clone() });
    let lock = || Lock::new(LockMode::AccessExclusive, [Locked::Table(q.clone())], Hold::Brief);
    let Some(ty) = &to.of_type else {
        steps.push(
            Step::new(
                PhaseKind::Expand,
                format!("make table {q} a table of no type"),
                vec![set(&None)],
                vec![set(&from.of_type)],
                lock(),
            )
            .requires([Key::Table(q.clone())])
            // (What else is done to the table comes after: columns of its own, first.)
            .provides([Key::Table(q.clone())]),
        );
        return;
    };
    // (A table of another type is made a table of no type first.)
    let (mut ops, mut rb) = (Vec::new(), Vec::new());
    if from.of_type.is_some() {
        ops.push(set(&None));
        rb.push(set(&None));
    }
    ops.push(set(&to.of_type));
    rb.push(set(&from.of_type));
    // (The type itself is required by `requirements`, from the operation.)
    let mut requires = vec![Key::Table(q.clone())];
    for c in &to.columns {
        requires.push(Key::Column(q.clone(), c.name.clone()));
        requires.push(Key::Retyped(q.clone(), c.name.clone()));
    }
    for c in from.columns.iter().filter(|c| to.column(&c.name).is_none()) {
        requires.push(Key::Column(q.clone(), c.name.clone()).gone());
    }
    steps.push(
        Step::new(PhaseKind::Switch, format!("make table {q} a table of type {ty}"), ops, rb, lock())
            .requires(requires),
    );
}

/// A partition leaving its parent; attached again with `bound` on rollback. Detached
/// `CONCURRENTLY` (writers of the parent do not wait) unless the parent has a default
/// partition, before or after (one created in the plan may be there first), which
/// PostgreSQL does not allow; a concurrent detach that was interrupted is finalized by the
/// executor before the step runs again.
pub fn detach(table: QualName, parent: QualName, bound: String, from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    let has_default = [from, to].iter().flat_map(|s| s.tables.values()).any(|t| {
        t.partition_of.as_ref().is_some_and(|(p, b)| p == &parent && b.trim().eq_ignore_ascii_case("DEFAULT"))
    });
    let lock = if has_default {
        Lock::new(LockMode::AccessExclusive, [Locked::Table(parent.clone()), Locked::Table(table.clone())], Hold::Brief)
    } else {
        Lock::new(
            LockMode::ShareUpdateExclusive,
            [Locked::Table(parent.clone()), Locked::Table(table.clone())],
            Hold::Brief,
        )
    };
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("detach partition {table} from {parent}{}", if has_default { "" } else { " concurrently" }),
            vec![Op::Table(TableOp::DetachPartition {
                table: table.clone(),
                parent: parent.clone(),
                concurrently: !has_default,
            })],
            vec![Op::Table(TableOp::AttachPartition { table: table.clone(), parent: parent.clone(), bound })],
            lock,
        )
        .provides([Key::Detached(parent.clone()), Key::Detached(table.clone()).gone()]),
    );
    if !has_default {
        // A concurrent detach leaves the partition's bound as a check constraint of its
        // own: it goes (unless one of that name is wanted), once the detach is done.
        let mut keep: Vec<String> = Vec::new();
        for t in [from.tables.get(&table), to.tables.get(&table)].into_iter().flatten() {
            keep.extend(t.constraints.iter().map(|c| c.name.clone()));
        }
        keep.sort();
        keep.dedup();
        steps.push(
            Step::new(
                PhaseKind::Switch,
                format!("drop the check constraint detaching {table} concurrently left"),
                vec![Op::Table(TableOp::DropChecksNotIn { table: table.clone(), keep })],
                vec![],
                Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
            )
            .requires([Key::Detached(parent.clone())]),
        );
    }
}

/// `to`: the schema after; the partition needs the columns of both tables in place.
pub fn attach(table: QualName, parent: QualName, bound: String, from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    // Indexes of the parent there at the attach that attaching must build on the table
    // itself (no other way exists for them: see `index::compare::OnAttach`). (A parent
    // that was not partitioned before is made in this plan.)
    use crate::kinds::index::compare::{on_attach, there_at_attach, OnAttach};
    let parent_new = !from.is_partitioned(&parent);
    let built: Vec<&str> = to
        .indexes
        .values()
        .filter(|ix| ix.table == parent && there_at_attach(from, ix, parent_new))
        .filter(|ix| on_attach(from, to, ix, &table) == OnAttach::BuiltByAttach)
        .map(|ix| ix.name.name.as_str())
        .collect();
    let building = |step: Step| -> Step {
        if built.is_empty() {
            return step;
        }
        step.hazard(
            HazardKind::BlockingScan,
            format!(
                "attaching {table} builds on it an index for {}, holding it locked against reads and writes meanwhile",
                built.join(", ")
            ),
        )
    };
    let mut requires = vec![Key::Table(parent.clone()), Key::Table(table.clone()), Key::Detached(table.clone()).gone()];
    for t in [&parent, &table].into_iter().filter_map(|q| to.tables.get(q)) {
        requires.extend(t.columns.iter().map(|c| Key::Column(t.name.clone(), c.name.clone())));
    }
    let attach =
        Op::Table(TableOp::AttachPartition { table: table.clone(), parent: parent.clone(), bound: bound.clone() });
    let detach =
        Op::Table(TableOp::DetachPartition { table: table.clone(), parent: parent.clone(), concurrently: false });
    let key = to.tables.get(&parent).and_then(|p| p.partition_by.as_deref());
    let Some(expr) = key.and_then(|k| bound_check(k, &bound)) else {
        // A bound no check can state (hash, default, an expression key): ATTACH checks it.
        steps.push(building(
            Step::new(
                PhaseKind::Switch,
                format!("attach {table} to {parent} as a partition"),
                vec![attach],
                vec![detach],
                Locks(vec![
                    Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(parent.clone())], Hold::Brief),
                    Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Scan),
                ]),
            )
            .provides([Key::Attached(table.clone())])
            .requires(requires)
            .hazard(HazardKind::BlockingScan, format!("attaching {table} scans it to check the partition bound")),
        ));
        return;
    };
    // The bound as a check, added NOT VALID (expand) and validated without blocking writes
    // (validate): ATTACH then trusts it and scans nothing; the check goes with it.
    let name = crate::model::make_object_name(&table.name, None, "partition_check");
    let check =
        Constraint { name: name.clone(), kind: ConstraintKind::Check { expr }, validated: false, comment: None };
    let drop = Op::Constraint(ConstraintOp::DropConstraint { table: table.clone(), name: name.clone() });
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("add NOT VALID check {name} on {table} (its partition bound)"),
            vec![Op::Constraint(ConstraintOp::AddConstraint {
                table: table.clone(),
                constraint: check,
                not_valid: true,
            })],
            vec![drop.clone()],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::NoScan),
        )
        .provides([Key::Constraint(table.clone(), name.clone())])
        .requires([Key::Table(table.clone())]),
    );
    steps.push(
        Step::new(
            PhaseKind::Validate,
            format!("validate check {name} on {table}"),
            vec![Op::Constraint(ConstraintOp::ValidateConstraint { table: table.clone(), name: name.clone() })],
            Vec::new(),
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(table.clone())], Hold::Online),
        )
        .provides([Key::Checked(table.clone())])
        .requires([Key::Constraint(table.clone(), name.clone())]),
    );
    steps.push(building(
        Step::new(
            PhaseKind::Switch,
            format!("attach {table} to {parent} as a partition (its validated check spares the scan)"),
            vec![attach, drop],
            vec![detach],
            Locks(vec![
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(parent.clone())], Hold::Brief),
                // (Held while it builds what it must.)
                Lock::new(
                    LockMode::AccessExclusive,
                    [Locked::Table(table.clone())],
                    if built.is_empty() { Hold::Brief } else { Hold::IndexBuild },
                ),
            ]),
        )
        .provides([Key::Attached(table.clone())])
        .requires(requires)
        .requires([Key::Checked(table.clone())]),
    ));
}

/// The partition bound of a range or list partition on one plain column, as a check the
/// rows must pass (`at IS NOT NULL AND at >= '2026-01-01' AND at < '2026-02-01'`); None for
/// what no such check states.
fn bound_check(partition_by: &str, bound: &str) -> Option<String> {
    let (method, rest) = partition_by.trim().split_once(' ')?;
    let col = rest.trim().strip_prefix('(')?.strip_suffix(')')?.trim();
    if !crate::sqlparse::is_bare_identifier(col) {
        return None;
    }
    let values = bound.trim().strip_prefix("FOR VALUES ")?;
    match method {
        "RANGE" => {
            let (from, to) = values.strip_prefix("FROM (")?.strip_suffix(')')?.split_once(") TO (")?;
            let mut parts = vec![format!("{col} IS NOT NULL")];
            for (v, op) in [(from, ">="), (to, "<")] {
                if v.contains(',') {
                    return None;
                }
                if !matches!(v.trim(), "MINVALUE" | "MAXVALUE") {
                    parts.push(format!("{col} {op} {}", v.trim()));
                }
            }
            Some(parts.join(" AND "))
        }
        "LIST" => {
            let list = values.strip_prefix("IN (")?.strip_suffix(')')?;
            // A NULL in the list takes NULL keys: no simple check says it.
            if list.split(',').any(|v| v.trim().eq_ignore_ascii_case("NULL")) {
                return None;
            }
            Some(format!("{col} IS NOT NULL AND {col} IN ({list})"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod bound_tests {
    use super::bound_check;

    #[test]
    fn range_and_list_bounds_become_checks() {
        assert_eq!(
            bound_check("RANGE (at)", "FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')").as_deref(),
            Some("at IS NOT NULL AND at >= '2026-01-01' AND at < '2026-02-01'")
        );
        assert_eq!(
            bound_check("RANGE (n)", "FOR VALUES FROM (MINVALUE) TO (10)").as_deref(),
            Some("n IS NOT NULL AND n < 10")
        );
        assert_eq!(
            bound_check("LIST (region)", "FOR VALUES IN ('eu', 'us')").as_deref(),
            Some("region IS NOT NULL AND region IN ('eu', 'us')")
        );
        assert_eq!(bound_check("LIST (region)", "FOR VALUES IN (NULL, 'x')"), None);
        assert_eq!(bound_check("RANGE (a, b)", "FOR VALUES FROM (1, 2) TO (3, 4)"), None);
        assert_eq!(bound_check("HASH (id)", "FOR VALUES WITH (modulus 4, remainder 0)"), None);
        assert_eq!(bound_check("RANGE (at)", "DEFAULT"), None);
        assert_eq!(bound_check("RANGE (lower(x))", "FOR VALUES FROM ('a') TO ('b')"), None);
    }
}

pub fn set_inherits(table: QualName, add: Vec<QualName>, remove: Vec<QualName>, steps: &mut Vec<Step>) {
    let mut ops = Vec::new();
    let mut rb = Vec::new();
    let mut provides = Vec::new();
    let mut requires = vec![Key::Table(table.clone())];
    // New parents first, both ways: a column the table has from a parent it leaves and
    // from one it joins stays the parents' alone (PostgreSQL makes a column the table's own
    // only when its last parent goes).
    let mut rb_after = Vec::new();
    for p in &add {
        ops.push(Op::Table(TableOp::Inherit { table: table.clone(), parent: p.clone(), inherit: true }));
        rb_after.push(Op::Table(TableOp::Inherit { table: table.clone(), parent: p.clone(), inherit: false }));
        requires.push(Key::Table(p.clone()));
    }
    for p in &remove {
        ops.push(Op::Table(TableOp::Inherit { table: table.clone(), parent: p.clone(), inherit: false }));
        rb.push(Op::Table(TableOp::Inherit { table: table.clone(), parent: p.clone(), inherit: true }));
        provides.push(Key::Detached(p.clone()));
    }
    rb.extend(rb_after);
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("change the parents of {table}"),
            ops,
            rb,
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
        )
        .provides(provides)
        .requires(requires),
    );
}

/// What of table `table` in `s` rests on its index `name` (its own or a key's), set again:
/// the replica identity and the index the table is clustered on. Both are lost when the
/// index they name is dropped, built again or put in its place, or its key replaced.
pub fn resting_on_index(s: &Schema, table: &QualName, name: &str) -> Vec<Op> {
    let Some(t) = s.tables.get(table) else { return Vec::new() };
    let identity = crate::model::ReplicaIdentity::Index(name.to_string());
    let mut out = Vec::new();
    if t.replica_identity.as_ref() == Some(&identity) {
        out.push(Op::Table(TableOp::SetReplicaIdentity { table: table.clone(), identity: Some(identity) }));
    }
    if t.cluster_on.as_deref() == Some(name) {
        out.push(Op::Table(TableOp::SetClusterOn { table: table.clone(), index: Some(name.to_string()) }));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::plan::ops::testutil::plan_yaml;

    #[test]
    fn new_tables_then_foreign_keys() {
        let p = plan_yaml(
            "",
            "version: 1\ntables:\n  a:\n    columns:\n      id: { type: int, primary_key: true }\n      b_id: { type: int, references: { table: b } }\n  b:\n    columns:\n      id: { type: int, primary_key: true }\n      a_id: { type: int, references: { table: a } }\n",
        );
        assert_eq!(
            p,
            vec![
                "expand: create table public.a",
                "expand: create table public.b",
                "expand: add foreign key a_b_id_fkey on public.a",
                "expand: add foreign key b_a_id_fkey on public.b",
            ]
        );
    }
}
