//! Event triggers: compared, planned and rendered here, whole. (Read by the catalog's
//! `kinds/event_trigger.rs`.)
//!
//! One is created once its function is there and dropped before the function goes.
//! PostgreSQL changes only whether it fires in place (`ALTER EVENT TRIGGER ... ENABLE`);
//! one whose event, tags or function change is dropped and created again in one step.
//! Creating one takes a superuser, as PostgreSQL requires.

use crate::model::{EventTrigger, Schema};
use crate::plan::lock::Locks;
use crate::plan::{Key, PhaseKind, Step};
use crate::sql::render::guarded;
use crate::sql::{ident, literal, qual, Statement};
use serde::Serialize;

/// What differs about one event trigger.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Create {
        t: EventTrigger,
    },
    /// Its event, tags or function change.
    Recreate {
        from: EventTrigger,
        to: EventTrigger,
    },
    /// Whether it fires changes.
    SetEnabled {
        from: EventTrigger,
        to: EventTrigger,
    },
    Drop {
        t: EventTrigger,
    },
    Comment {
        t: EventTrigger,
        from: Option<String>,
    },
}

impl Change {
    /// The object it is about, as the diff groups changes by object.
    pub fn object(&self) -> String {
        let t = match self {
            Change::Create { t } | Change::Drop { t } | Change::Comment { t, .. } => t,
            Change::Recreate { to, .. } | Change::SetEnabled { to, .. } => to,
        };
        format!("event trigger {}", t.name)
    }
}

/// The operations on event triggers, rendered by [`render`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event_trigger_op", rename_all = "snake_case")]
pub enum Op {
    /// Created (unless there), with whether it fires and its comment.
    Create {
        t: EventTrigger,
    },
    Drop {
        t: EventTrigger,
    },
    SetEnabled {
        t: EventTrigger,
    },
    Comment {
        t: EventTrigger,
        comment: Option<String>,
    },
}

/// The changes that turn `from`'s event triggers into `to`'s.
pub fn diff(
    from: &Schema,
    to: &Schema,
    functions_remade: &std::collections::BTreeSet<String>,
    out: &mut Vec<crate::diff::Change>,
) {
    let mut push = |c: Change| out.push(crate::diff::Change::EventTrigger(c));
    fn defined(t: &EventTrigger) -> (&String, &crate::model::QualName, &Vec<String>) {
        (&t.event, &t.function, &t.tags)
    }
    for (name, t) in &to.event_triggers {
        match from.event_triggers.get(name) {
            None => push(Change::Create { t: t.clone() }),
            // (One whose function is dropped and created again goes and comes back with it.)
            Some(old) if defined(old) != defined(t) || functions_remade.contains(&signature(old)) => {
                push(Change::Recreate { from: old.clone(), to: t.clone() })
            }
            Some(old) => {
                if old.enabled != t.enabled {
                    push(Change::SetEnabled { from: old.clone(), to: t.clone() });
                }
                if old.comment != t.comment {
                    push(Change::Comment { t: t.clone(), from: old.comment.clone() });
                }
            }
        }
    }
    for (name, t) in &from.event_triggers {
        if !to.event_triggers.contains_key(name) {
            push(Change::Drop { t: t.clone() });
        }
    }
}

/// Where a change's steps go among the other kinds' (creations with triggers).
pub fn rank(c: &Change) -> u8 {
    match c {
        Change::Create { .. } => 11,
        Change::Recreate { .. } | Change::SetEnabled { .. } | Change::Drop { .. } | Change::Comment { .. } => 13,
    }
}

/// Its function's signature, as functions are keyed (it takes no arguments).
fn signature(t: &EventTrigger) -> String {
    format!("{}()", t.function)
}

/// The event triggers of `from` that execute the function `sig`: gone before it goes.
pub fn calling(from: &Schema, sig: &str) -> Vec<Key> {
    from.event_triggers.values().filter(|t| signature(t) == sig).map(|t| key(t).gone()).collect()
}

fn key(t: &EventTrigger) -> Key {
    Key::EventTrigger(t.name.clone())
}

/// (An event trigger locks no table.)
fn lock() -> Locks {
    Locks::none()
}

/// The steps of one change.
pub fn plan(change: Change, steps: &mut Vec<Step>) {
    let wrap = |ops: Vec<Op>| ops.into_iter().map(crate::plan::Op::EventTrigger).collect::<Vec<_>>();
    let step = match change {
        Change::Create { t } => Step::new(
            PhaseKind::Expand,
            format!("create event trigger {}", t.name),
            wrap(vec![Op::Create { t: t.clone() }]),
            wrap(vec![Op::Drop { t: t.clone() }]),
            lock(),
        )
        .provides([key(&t)])
        .requires([Key::Function(signature(&t)), key(&t).gone()]),
        Change::Recreate { from, to } => Step::new(
            PhaseKind::Switch,
            format!("recreate event trigger {}", to.name),
            wrap(vec![Op::Drop { t: from.clone() }, Op::Create { t: to.clone() }]),
            wrap(vec![Op::Drop { t: to.clone() }, Op::Create { t: from.clone() }]),
            lock(),
        )
        .provides([key(&to)])
        .requires([Key::Function(signature(&to))]),
        Change::SetEnabled { from, to } => Step::new(
            PhaseKind::Switch,
            format!("{} event trigger {}", if to.enabled == "D" { "disable" } else { "enable" }, to.name),
            wrap(vec![Op::SetEnabled { t: to.clone() }]),
            wrap(vec![Op::SetEnabled { t: from }]),
            lock(),
        )
        .provides([key(&to)]),
        Change::Drop { t } => Step::new(
            PhaseKind::Contract,
            format!("drop event trigger {}", t.name),
            wrap(vec![Op::Drop { t: t.clone() }]),
            wrap(vec![Op::Create { t: t.clone() }]),
            lock(),
        )
        .provides([key(&t).gone()]),
        Change::Comment { t, from } => Step::new(
            PhaseKind::Expand,
            format!("comment on event trigger {}", t.name),
            wrap(vec![Op::Comment { t: t.clone(), comment: t.comment.clone() }]),
            wrap(vec![Op::Comment { t: t.clone(), comment: from }]),
            lock(),
        )
        .requires([key(&t)]),
    };
    steps.push(step);
}

fn enabled_sql(t: &EventTrigger) -> String {
    let state = match t.enabled.as_str() {
        "D" => "DISABLE",
        "R" => "ENABLE REPLICA",
        "A" => "ENABLE ALWAYS",
        _ => "ENABLE",
    };
    format!("ALTER EVENT TRIGGER {} {state}", ident(&t.name))
}

fn comment_sql(t: &EventTrigger, comment: &Option<String>) -> String {
    crate::sql::render::comment(format!("EVENT TRIGGER {}", ident(&t.name)), comment)
}

/// The SQL of one operation.
pub fn render(op: &Op) -> Vec<Statement> {
    match op {
        Op::Create { t } => {
            let when = if t.tags.is_empty() {
                String::new()
            } else {
                let tags: Vec<String> = t.tags.iter().map(|g| literal(g)).collect();
                format!(" WHEN TAG IN ({})", tags.join(", "))
            };
            let create = format!(
                "CREATE EVENT TRIGGER {} ON {}{when} EXECUTE FUNCTION {}()",
                ident(&t.name),
                ident(&t.event),
                qual(&t.function)
            );
            let absent =
                format!("NOT EXISTS (SELECT 1 FROM pg_catalog.pg_event_trigger WHERE evtname = {})", literal(&t.name));
            let mut out = vec![guarded(&absent, &create)];
            if t.enabled != "O" {
                out.push(Statement::tx(enabled_sql(t)));
            }
            if t.comment.is_some() {
                out.push(Statement::tx(comment_sql(t, &t.comment)));
            }
            out
        }
        Op::Drop { t } => vec![Statement::tx(format!("DROP EVENT TRIGGER IF EXISTS {}", ident(&t.name)))],
        Op::SetEnabled { t } => vec![Statement::tx(enabled_sql(t))],
        Op::Comment { t, comment } => vec![Statement::tx(comment_sql(t, comment))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QualName;

    #[test]
    fn created_with_its_tags_and_state_and_dropped_before_its_function() {
        let t = EventTrigger {
            name: "no_drops".into(),
            event: "sql_drop".into(),
            function: QualName::new("audit", "log_drop"),
            enabled: "D".into(),
            tags: vec!["DROP TABLE".into()],
            comment: None,
        };
        let sql: Vec<String> = render(&Op::Create { t: t.clone() }).into_iter().map(|s| s.sql).collect();
        assert!(sql[0].contains("CREATE EVENT TRIGGER no_drops ON sql_drop WHEN TAG IN ('DROP TABLE') EXECUTE FUNCTION audit.log_drop()"), "{sql:?}");
        assert_eq!(sql[1], "ALTER EVENT TRIGGER no_drops DISABLE");
        let mut from = Schema::default();
        from.event_triggers.insert(t.name.clone(), t.clone());
        assert_eq!(calling(&from, "audit.log_drop()"), vec![key(&t).gone()]);
        assert!(calling(&from, "audit.other()").is_empty());
    }
}
