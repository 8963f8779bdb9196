//! Aggregates: compared, planned and rendered here, whole. (Read by the catalog's
//! `kinds/aggregate.rs`.)
//!
//! An aggregate that keeps its kind and result type is changed in place with `CREATE OR
//! REPLACE AGGREGATE`; otherwise it is dropped and created again, and the views that use
//! it with it. Creating one needs its support functions; dropping one comes before them.

use crate::model::{Aggregate, Schema};
use crate::plan::lock::Locks;
use crate::plan::{Key, PhaseKind, Step};
use crate::sql::{literal, qual, Statement};
use serde::Serialize;
use std::collections::BTreeSet;

/// What differs about one aggregate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Create {
        a: Aggregate,
    },
    Replace {
        from: Aggregate,
        to: Aggregate,
    },
    /// Dropped for good, or (`again`) to be created again with another kind or result.
    Drop {
        a: Aggregate,
        again: bool,
    },
    Comment {
        a: Aggregate,
        from: Option<String>,
    },
}

impl Change {
    /// The aggregate it is about, as the diff groups changes by object.
    pub fn object(&self) -> String {
        let a = match self {
            Change::Create { a } | Change::Drop { a, .. } | Change::Comment { a, .. } => a,
            Change::Replace { to, .. } => to,
        };
        format!("aggregate {}", a.signature())
    }
}

/// The operations on aggregates, rendered by [`render`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "aggregate_op", rename_all = "snake_case")]
pub enum Op {
    /// `CREATE OR REPLACE AGGREGATE`: creates it, or changes one of the same kind and result.
    Create {
        a: Aggregate,
    },
    Drop {
        a: Aggregate,
    },
    Comment {
        a: Aggregate,
        comment: Option<String>,
    },
}

/// The changes that turn `from`'s aggregates into `to`'s. Signatures of aggregates that are
/// dropped (for good or to be created again) go into `recreated`, so that the views using
/// them are recreated too.
pub fn diff(from: &Schema, to: &Schema, out: &mut Vec<crate::diff::Change>, recreated: &mut BTreeSet<String>) {
    let mut push = |c: Change| out.push(crate::diff::Change::Aggregate(c));
    for (sig, a) in &to.aggregates {
        match from.aggregates.get(sig) {
            None => push(Change::Create { a: a.clone() }),
            Some(old) if old.kind != a.kind || old.result != a.result => {
                recreated.insert(sig.clone());
                push(Change::Drop { a: old.clone(), again: true });
                push(Change::Create { a: a.clone() });
            }
            Some(old) if old.definition != a.definition || old.arguments != a.arguments => {
                push(Change::Replace { from: old.clone(), to: a.clone() })
            }
            Some(old) if old.comment != a.comment => push(Change::Comment { a: a.clone(), from: old.comment.clone() }),
            Some(_) => {}
        }
    }
    for (sig, a) in &from.aggregates {
        if !to.aggregates.contains_key(sig) {
            recreated.insert(sig.clone());
            push(Change::Drop { a: a.clone(), again: false });
        }
    }
}

/// Where a change's steps go among the other kinds' (creations with functions).
pub fn rank(c: &Change) -> u8 {
    match c {
        Change::Create { .. } | Change::Replace { .. } => 5,
        Change::Drop { .. } | Change::Comment { .. } => 13,
    }
}

fn provides(a: &Aggregate) -> [Key; 2] {
    [Key::Function(a.signature()), Key::FunctionName(a.name.clone())]
}

fn with_comment(a: &Aggregate) -> Vec<Op> {
    let mut ops = vec![Op::Create { a: a.clone() }];
    if a.comment.is_some() {
        ops.push(Op::Comment { a: a.clone(), comment: a.comment.clone() });
    }
    ops
}

/// The steps of one change; `from` is the schema before, whose views read the aggregate.
pub fn plan(change: Change, from: &Schema, steps: &mut Vec<Step>) {
    let wrap = |ops: Vec<Op>| ops.into_iter().map(crate::plan::Op::Aggregate).collect::<Vec<_>>();
    let step = match change {
        Change::Create { a } => {
            let again = from.aggregates.contains_key(&a.signature());
            Step::new(
                if again { PhaseKind::Switch } else { PhaseKind::Expand },
                format!("create aggregate {}", a.signature()),
                wrap(with_comment(&a)),
                wrap(vec![Op::Drop { a: a.clone() }]),
                Locks::none(),
            )
            .provides(provides(&a))
            .requires([Key::Schema(a.name.schema.clone()), Key::Function(a.signature()).gone()])
            .requires(a.support.iter().map(|f| Key::FunctionName(f.clone())))
        }
        Change::Replace { from: old, to } => Step::new(
            PhaseKind::Switch,
            format!("replace aggregate {}", to.signature()),
            wrap(with_comment(&to)),
            wrap(with_comment(&old)),
            Locks::none(),
        )
        .provides(provides(&to))
        .requires(to.support.iter().map(|f| Key::FunctionName(f.clone()))),
        Change::Drop { a, again } => {
            let sig = a.signature();
            let views =
                from.view_deps.iter().filter(|(_, deps)| deps.contains(&crate::model::ObjRef::Function(sig.clone())));
            Step::new(
                if again { PhaseKind::Switch } else { PhaseKind::Contract },
                format!("drop aggregate {sig}"),
                wrap(vec![Op::Drop { a: a.clone() }]),
                wrap(with_comment(&a)),
                Locks::none(),
            )
            .provides([Key::Function(sig.clone()).gone()])
            .requires(views.map(|(v, _)| Key::View(v.clone()).gone()).collect::<Vec<_>>())
        }
        Change::Comment { a, from: old } => Step::new(
            PhaseKind::Expand,
            format!("comment on aggregate {}", a.signature()),
            wrap(vec![Op::Comment { a: a.clone(), comment: a.comment.clone() }]),
            wrap(vec![Op::Comment { a: a.clone(), comment: old }]),
            Locks::none(),
        )
        .requires([Key::Function(a.signature())]),
    };
    steps.push(step);
}

/// Aggregates of `s` that call the function `name` (a function's drop waits for theirs).
pub fn using_function<'a>(s: &'a Schema, name: &'a crate::model::QualName) -> impl Iterator<Item = Key> + 'a {
    s.aggregates.values().filter(move |a| a.support.contains(name)).map(|a| Key::Function(a.signature()).gone())
}

/// `schema.name(identity args)`, or `(*)` for an aggregate of no arguments.
fn target(a: &Aggregate) -> String {
    let args = if a.identity_args.is_empty() { "*" } else { a.identity_args.as_str() };
    format!("{}({args})", qual(&a.name))
}

pub fn render(op: &Op) -> Vec<Statement> {
    let sql = match op {
        Op::Create { a } => {
            format!("CREATE OR REPLACE AGGREGATE {}({}) ({})", qual(&a.name), a.arguments, a.definition)
        }
        Op::Drop { a } => format!("DROP AGGREGATE IF EXISTS {}", target(a)),
        Op::Comment { a, comment } => format!(
            "COMMENT ON AGGREGATE {} IS {}",
            target(a),
            comment.as_deref().map_or_else(|| "NULL".to_string(), literal)
        ),
    };
    vec![Statement::tx(sql)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AggregateKind, QualName};

    fn agg(name: &str, args: &str, definition: &str) -> Aggregate {
        Aggregate {
            name: QualName::new("public", name),
            identity_args: args.into(),
            arguments: if args.is_empty() { "*".into() } else { args.into() },
            kind: AggregateKind::Normal,
            result: "bigint".into(),
            definition: definition.into(),
            support: vec![QualName::new("public", "step")],
            comment: None,
        }
    }

    fn schema(aggs: &[Aggregate]) -> Schema {
        let mut s = Schema::default();
        for a in aggs {
            s.aggregates.insert(a.signature(), a.clone());
        }
        s
    }

    fn changes(from: &Schema, to: &Schema) -> (Vec<String>, BTreeSet<String>) {
        let mut out = Vec::new();
        let mut recreated = BTreeSet::new();
        diff(from, to, &mut out, &mut recreated);
        let names = out
            .iter()
            .map(|c| match c {
                crate::diff::Change::Aggregate(c) => match c {
                    Change::Create { a } => format!("create {}", a.signature()),
                    Change::Replace { to, .. } => format!("replace {}", to.signature()),
                    Change::Drop { a, again } => format!("drop {} again={again}", a.signature()),
                    Change::Comment { a, .. } => format!("comment {}", a.signature()),
                },
                other => panic!("{other:?}"),
            })
            .collect();
        (names, recreated)
    }

    #[test]
    fn new_changed_retyped_and_gone_aggregates() {
        let keep = agg("total", "integer", "SFUNC = public.step, STYPE = bigint");
        let mut changed = keep.clone();
        changed.definition.push_str(", INITCOND = '0'");
        let mut retyped = agg("avg2", "integer", "SFUNC = public.step, STYPE = bigint");
        let old_retyped = retyped.clone();
        retyped.result = "numeric".into();
        let gone = agg("gone", "", "SFUNC = public.step, STYPE = bigint");
        let new = agg("fresh", "text", "SFUNC = public.step, STYPE = bigint");
        let (names, recreated) = changes(&schema(&[keep, old_retyped, gone]), &schema(&[changed, retyped, new]));
        assert_eq!(
            names,
            [
                "drop public.avg2(integer) again=true",
                "create public.avg2(integer)",
                "create public.fresh(text)",
                "replace public.total(integer)",
                "drop public.gone() again=false",
            ]
        );
        assert_eq!(recreated.into_iter().collect::<Vec<_>>(), ["public.avg2(integer)", "public.gone()"]);
    }

    #[test]
    fn rendering() {
        let a = agg("gone", "", "SFUNC = public.step, STYPE = bigint");
        assert_eq!(
            render(&Op::Create { a: a.clone() })[0].sql,
            "CREATE OR REPLACE AGGREGATE public.gone(*) (SFUNC = public.step, STYPE = bigint)"
        );
        assert_eq!(render(&Op::Drop { a: a.clone() })[0].sql, "DROP AGGREGATE IF EXISTS public.gone(*)");
        assert_eq!(
            render(&Op::Comment { a, comment: Some("it's".into()) })[0].sql,
            "COMMENT ON AGGREGATE public.gone(*) IS 'it''s'"
        );
    }

    #[test]
    fn creating_needs_the_support_functions_and_dropping_waits_for_views() {
        let a = agg("total", "integer", "SFUNC = public.step, STYPE = bigint");
        let mut from = schema(std::slice::from_ref(&a));
        from.view_deps.insert(
            QualName::new("public", "v"),
            [crate::model::ObjRef::Function(a.signature())].into_iter().collect(),
        );
        let mut steps = Vec::new();
        plan(Change::Create { a: a.clone() }, &Schema::default(), &mut steps);
        plan(Change::Drop { a, again: false }, &from, &mut steps);
        assert!(steps[0].requires.contains(&Key::FunctionName(QualName::new("public", "step"))));
        assert_eq!(steps[0].kind, PhaseKind::Expand);
        assert!(steps[1].requires.contains(&Key::View(QualName::new("public", "v")).gone()));
        assert_eq!(steps[1].kind, PhaseKind::Contract);
    }
}
