//! Rewrite rules (`CREATE RULE`) other than the one that makes a view: compared, planned
//! and rendered here, whole. (Read by the catalog's `kinds/rule.rs`; what each one reads
//! comes with the views' dependencies.)
//!
//! A rule lives on its table or view like a trigger: created with it when the relation is
//! created again, gone with it when it goes. A rule changed in place is `CREATE OR REPLACE`d.
//! One that reads something changing under it (a view created again, a column changing
//! type, a function dropped and created) is dropped before that change and created after
//! it, as PostgreSQL refuses the change while the rule is there. Whatever a rule reads is
//! dropped only once the rule is gone.

use crate::diff::compare::{on_relation, OnRelation, Remade};
use crate::model::{ObjRef, Rule, Schema};
use crate::plan::lock::{Hold, Lock, LockMode, Locked};
use crate::plan::{Key, PhaseKind, Step};
use crate::sql::{ident, qual, Statement};
use serde::Serialize;

/// What differs about one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Create {
        r: Rule,
    },
    /// Changed in place (its definition or whether it fires).
    Replace {
        from: Rule,
        to: Rule,
    },
    /// Dropped and created again around a change to something it reads.
    Recreate {
        from: Rule,
        to: Rule,
    },
    Drop {
        r: Rule,
    },
    Comment {
        r: Rule,
        from: Option<String>,
    },
}

impl Change {
    /// The object it is about, as the diff groups changes by object.
    pub fn object(&self) -> String {
        let r = match self {
            Change::Create { r } | Change::Drop { r } | Change::Comment { r, .. } => r,
            Change::Replace { to, .. } | Change::Recreate { to, .. } => to,
        };
        format!("rule {} on {}", r.name, r.table)
    }
}

/// The operations on rules, rendered by [`render`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule_op", rename_all = "snake_case")]
pub enum Op {
    /// Created, with whether it fires and its comment.
    Create {
        r: Rule,
    },
    /// Changed in place (`CREATE OR REPLACE` keeps the comment), and whether it fires set.
    Replace {
        r: Rule,
    },
    Drop {
        r: Rule,
    },
    Comment {
        r: Rule,
        comment: Option<String>,
    },
}

/// Whether something a rule reads is created again, changes type or goes in this diff.
fn reads_remade(r: &Rule, remade: &Remade) -> bool {
    r.deps.iter().any(|d| match d {
        ObjRef::Relation(q) => remade.relation(q) || remade.gone_relations.contains(q),
        ObjRef::Column(q, c) => {
            remade.relation(q)
                || remade.gone_relations.contains(q)
                || remade.affected_columns.contains(&(q.clone(), c.clone()))
        }
        ObjRef::Function(f) => remade.functions.contains(f),
        ObjRef::Type(t) => remade.types.contains(t) || remade.dropped_types.contains(t),
    })
}

/// The changes that turn `from`'s rules into `to`'s.
pub(crate) fn diff(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<crate::diff::Change>) {
    let mut push = |c: Change| out.push(crate::diff::Change::Rule(c));
    let same = |a: &Rule, b: &Rule| a.definition == b.definition && a.enabled == b.enabled;
    for c in on_relation(&from.rules, &to.rules, to, remade, |r| &r.table, same) {
        let (had, r) = match c {
            OnRelation::Create(r) => {
                // One whose relation is created again is dropped first, so that the rollback
                // creates it again on the old relation.
                match from.rules.get(&(r.table.clone(), r.name.clone())) {
                    Some(f) => push(Change::Recreate { from: f.clone(), to: r.clone() }),
                    None => push(Change::Create { r: r.clone() }),
                }
                continue;
            }
            OnRelation::Drop(r) => {
                push(Change::Drop { r: r.clone() });
                continue;
            }
            OnRelation::Replace(f, r) | OnRelation::Keep(f, r) if reads_remade(f, remade) => {
                push(Change::Recreate { from: f.clone(), to: r.clone() });
                continue;
            }
            OnRelation::Replace(f, r) => {
                // CREATE OR REPLACE keeps the rule's comment.
                push(Change::Replace { from: f.clone(), to: r.clone() });
                (f.comment.clone(), r)
            }
            OnRelation::Keep(f, r) => (f.comment.clone(), r),
        };
        if had != r.comment {
            push(Change::Comment { r: r.clone(), from: had });
        }
    }
}

/// Where a change's steps go among the other kinds' (with triggers).
pub fn rank(c: &Change) -> u8 {
    match c {
        Change::Create { .. } => 11,
        Change::Replace { .. } | Change::Recreate { .. } | Change::Drop { .. } | Change::Comment { .. } => 13,
    }
}

/// The rules of `from` that read something `what` matches: what must be gone before it is.
/// (A rule whose relation goes is gone with it: when what it reads is on another relation,
/// that relation's going is waited for too.)
pub fn reading(from: &Schema, what: impl Fn(&ObjRef) -> bool) -> Vec<Key> {
    let mut keys = Vec::new();
    for r in from.rules.values() {
        let mut hits = r.deps.iter().filter(|d| what(d)).peekable();
        if hits.peek().is_none() {
            continue;
        }
        keys.push(key(r).gone());
        let own = |d: &ObjRef| matches!(d, ObjRef::Relation(q) | ObjRef::Column(q, _) if *q == r.table);
        if hits.any(|d| !own(d)) {
            keys.push(Key::Table(r.table.clone()).gone());
            keys.push(Key::View(r.table.clone()).gone());
        }
    }
    keys
}

/// The rules of `from` on `relation`: gone before it goes (so that one created again with
/// the relation is dropped by itself first, and its rollback finds the old relation).
pub fn on(from: &Schema, relation: &crate::model::QualName) -> Vec<Key> {
    from.rules.values().filter(|r| &r.table == relation).map(|r| key(r).gone()).collect()
}

fn key(r: &Rule) -> Key {
    Key::Rule(r.table.clone(), r.name.clone())
}

/// What a rule needs before it is created: its relation and everything it reads.
fn needs(r: &Rule) -> Vec<Key> {
    let mut keys = vec![Key::Table(r.table.clone()), Key::View(r.table.clone()), key(r).gone()];
    for d in &r.deps {
        match d {
            ObjRef::Relation(q) => keys.extend([Key::Table(q.clone()), Key::View(q.clone())]),
            ObjRef::Column(q, c) => keys.extend([Key::Column(q.clone(), c.clone()), Key::View(q.clone())]),
            ObjRef::Function(f) => keys.push(Key::Function(f.clone())),
            ObjRef::Type(t) => keys.push(Key::Type(t.clone())),
        }
    }
    keys
}

fn lock(r: &Rule) -> Lock {
    Lock::new(LockMode::AccessExclusive, [Locked::Table(r.table.clone())], Hold::Brief)
}

/// The steps of one change.
pub fn plan(change: Change, steps: &mut Vec<Step>) {
    let wrap = |ops: Vec<Op>| ops.into_iter().map(crate::plan::Op::Rule).collect::<Vec<_>>();
    let create = |r: &Rule| Op::Create { r: r.clone() };
    match change {
        Change::Create { r } => steps.push(
            Step::new(
                PhaseKind::Expand,
                format!("create rule {} on {}", r.name, r.table),
                wrap(vec![create(&r)]),
                wrap(vec![Op::Drop { r: r.clone() }]),
                lock(&r),
            )
            .provides([key(&r)])
            .requires(needs(&r)),
        ),
        Change::Replace { from, to } => steps.push(
            Step::new(
                PhaseKind::Switch,
                format!("replace rule {} on {}", to.name, to.table),
                wrap(vec![Op::Replace { r: to.clone() }]),
                wrap(vec![Op::Replace { r: from }]),
                lock(&to),
            )
            .provides([key(&to)])
            .requires(needs(&to).into_iter().filter(|k| *k != key(&to).gone())),
        ),
        Change::Recreate { from, to } => {
            steps.push(
                Step::new(
                    PhaseKind::Switch,
                    format!("drop rule {} on {} (created again below)", from.name, from.table),
                    wrap(vec![Op::Drop { r: from.clone() }]),
                    wrap(vec![create(&from)]),
                    lock(&from),
                )
                .provides([key(&from).gone()]),
            );
            steps.push(
                Step::new(
                    PhaseKind::Switch,
                    format!("create rule {} on {} again", to.name, to.table),
                    wrap(vec![create(&to)]),
                    wrap(vec![Op::Drop { r: to.clone() }]),
                    lock(&to),
                )
                .provides([key(&to)])
                .requires(needs(&to)),
            );
        }
        Change::Drop { r } => steps.push(
            Step::new(
                PhaseKind::Contract,
                format!("drop rule {} on {}", r.name, r.table),
                wrap(vec![Op::Drop { r: r.clone() }]),
                wrap(vec![create(&r)]),
                lock(&r),
            )
            .provides([key(&r).gone()]),
        ),
        Change::Comment { r, from } => steps.push(
            Step::new(
                PhaseKind::Expand,
                format!("comment on rule {} on {}", r.name, r.table),
                wrap(vec![Op::Comment { r: r.clone(), comment: r.comment.clone() }]),
                wrap(vec![Op::Comment { r: r.clone(), comment: from }]),
                Lock::new(LockMode::AccessShare, [Locked::Table(r.table.clone())], Hold::Brief),
            )
            .requires([key(&r)]),
        ),
    }
}

fn comment_sql(r: &Rule, comment: &Option<String>) -> String {
    crate::sql::render::comment(format!("RULE {} ON {}", ident(&r.name), qual(&r.table)), comment)
}

/// The SQL of one operation.
pub fn render(op: &Op) -> Vec<Statement> {
    match op {
        Op::Create { r } | Op::Replace { r } => {
            let replace = matches!(op, Op::Replace { .. });
            let create = match r.definition.strip_prefix("CREATE RULE ") {
                Some(rest) => format!("CREATE OR REPLACE RULE {rest}"),
                None => r.definition.clone(),
            };
            // (CREATE OR REPLACE keeps whether a rule fires: say it again when replacing.)
            let state = match r.enabled.as_str() {
                "D" => "DISABLE RULE",
                "R" => "ENABLE REPLICA RULE",
                "A" => "ENABLE ALWAYS RULE",
                _ => "ENABLE RULE",
            };
            let mut out = vec![Statement::tx(create)];
            if replace || r.enabled != "O" {
                out.push(Statement::tx(format!("ALTER TABLE {} {state} {}", qual(&r.table), ident(&r.name))));
            }
            if !replace && r.comment.is_some() {
                out.push(Statement::tx(comment_sql(r, &r.comment)));
            }
            out
        }
        Op::Drop { r } => {
            vec![Statement::tx(format!("DROP RULE IF EXISTS {} ON {}", ident(&r.name), qual(&r.table)))]
        }
        Op::Comment { r, comment } => vec![Statement::tx(comment_sql(r, comment))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QualName;

    fn rule(enabled: &str) -> Rule {
        Rule {
            table: QualName::new("public", "orders"),
            name: "keep".into(),
            definition: "CREATE RULE keep AS\n    ON DELETE TO public.orders DO INSTEAD NOTHING".into(),
            enabled: enabled.into(),
            comment: Some("soft".into()),
            deps: [ObjRef::Relation(QualName::new("public", "audit"))].into_iter().collect(),
        }
    }

    #[test]
    fn created_or_replaced_with_its_state_and_waited_for_by_what_it_reads() {
        let r = rule("D");
        let sql: Vec<String> = render(&Op::Create { r: r.clone() }).into_iter().map(|s| s.sql).collect();
        assert_eq!(
            sql,
            [
                "CREATE OR REPLACE RULE keep AS\n    ON DELETE TO public.orders DO INSTEAD NOTHING",
                "ALTER TABLE public.orders DISABLE RULE keep",
                "COMMENT ON RULE keep ON public.orders IS 'soft'",
            ]
        );
        let mut from = Schema::default();
        from.rules.insert((r.table.clone(), r.name.clone()), r.clone());
        let audit = ObjRef::Relation(QualName::new("public", "audit"));
        assert!(reading(&from, |d| *d == audit).contains(&key(&r).gone()));
        assert!(reading(&from, |d| matches!(d, ObjRef::Function(_))).is_empty());
    }
}
