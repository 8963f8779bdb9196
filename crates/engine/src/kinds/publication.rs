//! Publications (logical replication): compared, planned and rendered here, whole. (Read
//! by the catalog's `kinds/publication.rs`.)
//!
//! A publication is created once the tables it lists are there, and changed in place with
//! `ALTER PUBLICATION` (what it publishes, and the tables and schemas it lists, all set at
//! once), so that subscribers keep it; one turning `FOR ALL TABLES` or back is dropped and
//! created again in one transaction, as PostgreSQL cannot change that.

use crate::model::{Publication, Schema};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{HazardKind, Key, PhaseKind, Step};
use crate::sql::render::guarded;
use crate::sql::{ident, literal, qual, Statement};
use serde::Serialize;

/// What differs about one publication.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Create {
        p: Publication,
    },
    /// What it publishes or lists changes.
    Alter {
        from: Publication,
        to: Publication,
    },
    /// It turns `FOR ALL TABLES`, or back.
    Recreate {
        from: Publication,
        to: Publication,
    },
    Drop {
        p: Publication,
    },
    Comment {
        p: Publication,
        from: Option<String>,
    },
}

impl Change {
    /// The object it is about, as the diff groups changes by object.
    pub fn object(&self) -> String {
        let p = match self {
            Change::Create { p } | Change::Drop { p } | Change::Comment { p, .. } => p,
            Change::Alter { to, .. } | Change::Recreate { to, .. } => to,
        };
        format!("publication {}", p.name)
    }
}

/// The operations on publications, rendered by [`render`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "publication_op", rename_all = "snake_case")]
pub enum Op {
    /// Created (unless there), with its comment.
    Create {
        p: Publication,
    },
    Drop {
        p: Publication,
    },
    /// From `from`'s options and lists to `to`'s.
    Alter {
        from: Publication,
        to: Publication,
    },
    Comment {
        p: Publication,
        comment: Option<String>,
    },
}

/// The changes that turn `from`'s publications into `to`'s.
pub fn diff(from: &Schema, to: &Schema, out: &mut Vec<crate::diff::Change>) {
    let mut push = |c: Change| out.push(crate::diff::Change::Publication(c));
    let bare = |p: &Publication| Publication { comment: None, ..p.clone() };
    for (name, p) in &to.publications {
        match from.publications.get(name) {
            None => push(Change::Create { p: p.clone() }),
            Some(old) if old.all_tables != p.all_tables => push(Change::Recreate { from: old.clone(), to: p.clone() }),
            Some(old) => {
                if bare(old) != bare(p) {
                    push(Change::Alter { from: old.clone(), to: p.clone() });
                }
                if old.comment != p.comment {
                    push(Change::Comment { p: p.clone(), from: old.comment.clone() });
                }
            }
        }
    }
    for (name, p) in &from.publications {
        if !to.publications.contains_key(name) {
            push(Change::Drop { p: p.clone() });
        }
    }
}

/// Where a change's steps go among the other kinds' (creations after tables and views).
pub fn rank(c: &Change) -> u8 {
    match c {
        Change::Create { .. } => 11,
        Change::Alter { .. } | Change::Recreate { .. } | Change::Drop { .. } | Change::Comment { .. } => 13,
    }
}

fn key(p: &Publication) -> Key {
    Key::Publication(p.name.clone())
}

/// The tables it lists must be there first.
fn needs(p: &Publication) -> Vec<Key> {
    p.tables.iter().map(|t| Key::Table(t.table.clone())).collect()
}

/// Each table it lists (before or after), once; none when it lists none.
fn lock(ps: &[&Publication]) -> Locks {
    let tables: std::collections::BTreeSet<&crate::model::QualName> =
        ps.iter().flat_map(|p| p.tables.iter().map(|t| &t.table)).collect();
    if tables.is_empty() {
        return Locks::none();
    }
    Locks(vec![Lock::new(
        LockMode::ShareUpdateExclusive,
        tables.into_iter().map(|t| Locked::Table(t.clone())),
        Hold::Brief,
    )])
}

/// The steps of one change.
pub fn plan(change: Change, steps: &mut Vec<Step>) {
    let wrap = |ops: Vec<Op>| ops.into_iter().map(crate::plan::Op::Publication).collect::<Vec<_>>();
    let step = match change {
        Change::Create { p } => Step::new(
            PhaseKind::Expand,
            format!("create publication {}", p.name),
            wrap(vec![Op::Create { p: p.clone() }]),
            wrap(vec![Op::Drop { p: p.clone() }]),
            lock(&[&p]),
        )
        .provides([key(&p)])
        .requires(needs(&p)),
        Change::Alter { from, to } => {
            let step = Step::new(
                PhaseKind::Switch,
                format!("change publication {}", to.name),
                wrap(vec![Op::Alter { from: from.clone(), to: to.clone() }]),
                wrap(vec![Op::Alter { from: to.clone(), to: from.clone() }]),
                lock(&[&from, &to]),
            )
            .provides([key(&to)])
            .requires(needs(&to));
            // What it stops publishing, its subscribers stop receiving.
            let kept = |t: &crate::model::PublishedTable| to.tables.iter().any(|x| x.table == t.table);
            let lost: Vec<String> = from.tables.iter().filter(|t| !kept(t)).map(|t| t.table.to_string()).collect();
            let narrowed = from.publish.iter().any(|op| !to.publish.contains(op))
                || from.schemas.iter().any(|s| !to.schemas.contains(s));
            if lost.is_empty() && !narrowed {
                step
            } else {
                step.hazard(
                    HazardKind::DataLoss,
                    format!(
                        "subscribers of publication {} stop receiving what it no longer publishes{}; the rollback \
                         publishes it again, without the changes made meanwhile",
                        to.name,
                        if lost.is_empty() { String::new() } else { format!(" ({})", lost.join(", ")) }
                    ),
                )
            }
        }
        Change::Recreate { from, to } => {
            let step = Step::new(
                PhaseKind::Switch,
                format!("recreate publication {}", to.name),
                wrap(vec![Op::Drop { p: from.clone() }, Op::Create { p: to.clone() }]),
                wrap(vec![Op::Drop { p: to.clone() }, Op::Create { p: from.clone() }]),
                lock(&[&from, &to]),
            )
            .provides([key(&to)])
            .requires(needs(&to));
            if from.all_tables {
                step.hazard(
                    HazardKind::DataLoss,
                    format!(
                        "publication {} publishes only the tables it lists from now on: its subscribers stop \
                         receiving the others; the rollback publishes all again, without the changes made meanwhile",
                        to.name
                    ),
                )
            } else {
                step
            }
        }
        Change::Drop { p } => Step::new(
            PhaseKind::Contract,
            format!("drop publication {}", p.name),
            wrap(vec![Op::Drop { p: p.clone() }]),
            wrap(vec![Op::Create { p: p.clone() }]),
            lock(&[&p]),
        )
        .provides([key(&p).gone()])
        .hazard(
            HazardKind::DataLoss,
            format!(
                "subscribers of publication {} stop receiving changes; the rollback creates it again, without the \
                 changes made meanwhile",
                p.name
            ),
        ),
        Change::Comment { p, from } => Step::new(
            PhaseKind::Expand,
            format!("comment on publication {}", p.name),
            wrap(vec![Op::Comment { p: p.clone(), comment: p.comment.clone() }]),
            wrap(vec![Op::Comment { p: p.clone(), comment: from }]),
            Locks::none(),
        )
        .requires([key(&p)]),
    };
    steps.push(step);
}

/// What it lists, as `FOR` and `SET` take it: `TABLE ONLY a (x, y) WHERE (...), ONLY b,
/// TABLES IN SCHEMA s` (each table exactly, not its inheritance children); `None` when it
/// lists nothing.
fn objects(p: &Publication) -> Option<String> {
    let mut items: Vec<String> = Vec::new();
    for (i, t) in p.tables.iter().enumerate() {
        let mut item = format!("{}ONLY {}", if i == 0 { "TABLE " } else { "" }, qual(&t.table));
        if let Some(c) = &t.columns {
            item.push_str(&format!(" ({c})"));
        }
        if let Some(f) = &t.filter {
            item.push_str(&format!(" WHERE ({f})"));
        }
        items.push(item);
    }
    if !p.schemas.is_empty() {
        let schemas: Vec<String> = p.schemas.iter().map(|s| ident(s)).collect();
        items.push(format!("TABLES IN SCHEMA {}", schemas.join(", ")));
    }
    (!items.is_empty()).then(|| items.join(", "))
}

fn options(p: &Publication) -> String {
    format!("publish = {}, publish_via_partition_root = {}", literal(&p.publish.join(", ")), p.via_root)
}

fn comment_sql(p: &Publication, comment: &Option<String>) -> String {
    crate::sql::render::comment(format!("PUBLICATION {}", ident(&p.name)), comment)
}

/// The SQL of one operation.
pub fn render(op: &Op) -> Vec<Statement> {
    match op {
        Op::Create { p } => {
            let what = if p.all_tables {
                " FOR ALL TABLES".to_string()
            } else {
                objects(p).map(|o| format!(" FOR {o}")).unwrap_or_default()
            };
            let create = format!("CREATE PUBLICATION {}{what} WITH ({})", ident(&p.name), options(p));
            let exists =
                format!("NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = {})", literal(&p.name));
            let mut out = vec![guarded(&exists, &create)];
            if p.comment.is_some() {
                out.push(Statement::tx(comment_sql(p, &p.comment)));
            }
            out
        }
        Op::Drop { p } => vec![Statement::tx(format!("DROP PUBLICATION IF EXISTS {}", ident(&p.name)))],
        Op::Alter { from, to } => {
            let name = ident(&to.name);
            let mut out = Vec::new();
            if (&from.publish, from.via_root) != (&to.publish, to.via_root) {
                out.push(Statement::tx(format!("ALTER PUBLICATION {name} SET ({})", options(to))));
            }
            if (&from.tables, &from.schemas) != (&to.tables, &to.schemas) && !to.all_tables {
                match (objects(to), objects(from)) {
                    (Some(list), _) => out.push(Statement::tx(format!("ALTER PUBLICATION {name} SET {list}"))),
                    // Nothing left to list: what it listed is taken off.
                    (None, Some(list)) => out.push(Statement::tx(format!("ALTER PUBLICATION {name} DROP {list}"))),
                    (None, None) => {}
                }
            }
            out
        }
        Op::Comment { p, comment } => vec![Statement::tx(comment_sql(p, comment))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PublishedTable, QualName};

    fn publication(tables: &[&str]) -> Publication {
        Publication {
            name: "cdc".into(),
            all_tables: false,
            publish: vec!["insert".into(), "update".into()],
            via_root: false,
            tables: tables
                .iter()
                .map(|t| PublishedTable { table: QualName::new("public", *t), filter: None, columns: None })
                .collect(),
            schemas: vec![],
            comment: None,
        }
    }

    #[test]
    fn lists_are_set_at_once_and_emptied_by_dropping_what_was_listed() {
        let (a, ab, none) = (publication(&["a"]), publication(&["a", "b"]), publication(&[]));
        let sql = |op: Op| render(&op).into_iter().map(|s| s.sql).collect::<Vec<_>>();
        assert_eq!(
            sql(Op::Alter { from: a.clone(), to: ab.clone() }),
            ["ALTER PUBLICATION cdc SET TABLE ONLY public.a, ONLY public.b"]
        );
        assert_eq!(
            sql(Op::Alter { from: ab.clone(), to: none.clone() }),
            ["ALTER PUBLICATION cdc DROP TABLE ONLY public.a, ONLY public.b"]
        );
        let create = sql(Op::Create { p: a });
        assert!(create[0].contains("CREATE PUBLICATION cdc FOR TABLE ONLY public.a WITH (publish = 'insert, update', publish_via_partition_root = false)"), "{create:?}");
    }
}
