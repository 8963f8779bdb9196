//! Extended statistics objects (`CREATE STATISTICS`): compared, planned and rendered here,
//! whole. (Read by the catalog's `kinds/statistics.rs`.)
//!
//! They only inform the planner: one defined otherwise is dropped and created again in
//! one step. They are created once their table and columns are there, and dropped before
//! a column or table they cover goes (PostgreSQL would drop them with it, and the rollback
//! must find the column back before it creates them again).

use crate::model::{Schema, StatisticsObject};
use crate::plan::lock::{Hold, Lock, LockMode, Locked};
use crate::plan::{Key, PhaseKind, Step};
use crate::sql::{qual, Statement};
use serde::Serialize;

/// What differs about one statistics object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Create { s: StatisticsObject },
    Replace { from: StatisticsObject, to: StatisticsObject },
    Drop { s: StatisticsObject },
    Comment { s: StatisticsObject, from: Option<String> },
}

impl Change {
    /// The object it is about, as the diff groups changes by object.
    pub fn object(&self) -> String {
        let s = match self {
            Change::Create { s } | Change::Drop { s } | Change::Comment { s, .. } => s,
            Change::Replace { to, .. } => to,
        };
        format!("statistics {}", s.name)
    }
}

/// The operations on statistics objects, rendered by [`render`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "statistics_op", rename_all = "snake_case")]
pub enum Op {
    /// Created (unless there), with its target and comment.
    Create {
        s: StatisticsObject,
    },
    Drop {
        s: StatisticsObject,
    },
    Comment {
        s: StatisticsObject,
        comment: Option<String>,
    },
}

/// The changes that turn `from`'s statistics objects into `to`'s.
pub fn diff(from: &Schema, to: &Schema, out: &mut Vec<crate::diff::Change>) {
    let mut push = |c: Change| out.push(crate::diff::Change::Statistics(c));
    let bare = |s: &StatisticsObject| StatisticsObject { comment: None, ..s.clone() };
    for (q, s) in &to.statistics {
        match from.statistics.get(q) {
            None => push(Change::Create { s: s.clone() }),
            Some(old) if bare(old) != bare(s) => push(Change::Replace { from: old.clone(), to: s.clone() }),
            Some(old) if old.comment != s.comment => push(Change::Comment { s: s.clone(), from: old.comment.clone() }),
            Some(_) => {}
        }
    }
    for (q, s) in &from.statistics {
        if !to.statistics.contains_key(q) {
            push(Change::Drop { s: s.clone() });
        }
    }
}

/// Where a change's steps go among the other kinds' (creations with indexes).
pub fn rank(c: &Change) -> u8 {
    match c {
        Change::Create { .. } => 9,
        Change::Replace { .. } | Change::Drop { .. } | Change::Comment { .. } => 13,
    }
}

/// The statistics objects of `from` that cover a column of `table` (any when `column` is
/// `None`): what must be gone before the column or table is.
pub fn on(from: &Schema, table: &crate::model::QualName, column: Option<&str>) -> Vec<Key> {
    from.statistics
        .values()
        .filter(|s| &s.table == table && column.is_none_or(|c| s.columns.iter().any(|x| x == c)))
        .map(|s| Key::Statistics(s.name.clone()).gone())
        .collect()
}

fn needs(s: &StatisticsObject) -> Vec<Key> {
    let mut keys = vec![Key::Table(s.table.clone()), Key::Statistics(s.name.clone()).gone()];
    keys.extend(s.columns.iter().map(|c| Key::Column(s.table.clone(), c.clone())));
    keys
}

fn lock(s: &StatisticsObject) -> Lock {
    Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(s.table.clone())], Hold::Brief)
}

/// The steps of one change.
pub fn plan(change: Change, steps: &mut Vec<Step>) {
    let wrap = |ops: Vec<Op>| ops.into_iter().map(crate::plan::Op::Statistics).collect::<Vec<_>>();
    let step = match change {
        Change::Create { s } => Step::new(
            PhaseKind::Expand,
            format!("create statistics {}", s.name),
            wrap(vec![Op::Create { s: s.clone() }]),
            wrap(vec![Op::Drop { s: s.clone() }]),
            lock(&s),
        )
        .provides([Key::Statistics(s.name.clone())])
        .requires(needs(&s)),
        Change::Replace { from, to } => Step::new(
            PhaseKind::Switch,
            format!("recreate statistics {}", to.name),
            wrap(vec![Op::Drop { s: from.clone() }, Op::Create { s: to.clone() }]),
            wrap(vec![Op::Drop { s: to.clone() }, Op::Create { s: from }]),
            lock(&to),
        )
        .provides([Key::Statistics(to.name.clone())])
        .requires(to.columns.iter().map(|c| Key::Column(to.table.clone(), c.clone()))),
        Change::Drop { s } => Step::new(
            PhaseKind::Contract,
            format!("drop statistics {}", s.name),
            wrap(vec![Op::Drop { s: s.clone() }]),
            wrap(vec![Op::Create { s: s.clone() }]),
            lock(&s),
        )
        .provides([Key::Statistics(s.name.clone()).gone()]),
        Change::Comment { s, from } => Step::new(
            PhaseKind::Expand,
            format!("comment on statistics {}", s.name),
            wrap(vec![Op::Comment { s: s.clone(), comment: s.comment.clone() }]),
            wrap(vec![Op::Comment { s: s.clone(), comment: from }]),
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(s.table.clone())], Hold::Brief),
        )
        .requires([Key::Statistics(s.name.clone())]),
    };
    steps.push(step);
}

fn comment_sql(s: &StatisticsObject, comment: &Option<String>) -> String {
    crate::sql::render::comment(format!("STATISTICS {}", qual(&s.name)), comment)
}

/// The SQL of one operation.
pub fn render(op: &Op) -> Vec<Statement> {
    match op {
        Op::Create { s } => {
            let create = match s.definition.strip_prefix("CREATE STATISTICS ") {
                Some(rest) => format!("CREATE STATISTICS IF NOT EXISTS {rest}"),
                None => s.definition.clone(),
            };
            let mut out = vec![Statement::tx(create)];
            if let Some(n) = s.target {
                out.push(Statement::tx(format!("ALTER STATISTICS {} SET STATISTICS {n}", qual(&s.name))));
            }
            if s.comment.is_some() {
                out.push(Statement::tx(comment_sql(s, &s.comment)));
            }
            out
        }
        Op::Drop { s } => vec![Statement::tx(format!("DROP STATISTICS IF EXISTS {}", qual(&s.name)))],
        Op::Comment { s, comment } => vec![Statement::tx(comment_sql(s, comment))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QualName;

    fn stats(def: &str) -> StatisticsObject {
        StatisticsObject {
            name: QualName::new("public", "t_ab"),
            table: QualName::new("public", "t"),
            columns: vec!["a".into(), "b".into()],
            definition: def.into(),
            target: Some(500),
            comment: None,
        }
    }

    #[test]
    fn created_idempotently_with_its_target_and_dropped_before_its_columns() {
        let s = stats("CREATE STATISTICS public.t_ab (ndistinct) ON a, b FROM public.t");
        let sql: Vec<String> = render(&Op::Create { s: s.clone() }).into_iter().map(|st| st.sql).collect();
        assert_eq!(
            sql,
            [
                "CREATE STATISTICS IF NOT EXISTS public.t_ab (ndistinct) ON a, b FROM public.t",
                "ALTER STATISTICS public.t_ab SET STATISTICS 500"
            ]
        );
        let mut from = Schema::default();
        from.statistics.insert(s.name.clone(), s.clone());
        assert_eq!(on(&from, &s.table, Some("b")), vec![Key::Statistics(s.name.clone()).gone()]);
        assert!(on(&from, &s.table, Some("c")).is_empty());
    }
}
