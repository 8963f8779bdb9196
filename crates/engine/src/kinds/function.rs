//! Functions, procedures and window functions: compared, planned and rendered here, whole.
//! (Read by the catalog's `functions.sql`.)
//!
//! A function is changed in place with `CREATE OR REPLACE` from its full definition, unless
//! its result type or kind changes: then it is dropped and created again, with the views
//! that use it. Dropping one waits for the views, triggers and aggregates that use it.

use crate::model::{Function, ObjRef, QualName, RoutineKind, Schema};
use crate::plan::lock::Locks;
use crate::plan::{Key, PhaseKind, PlanError, Step};
use crate::sql::{literal, qual, Statement};
use serde::Serialize;
use std::collections::BTreeSet;

/// What differs about one function.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Create {
        f: Function,
    },
    Replace {
        from: Function,
        to: Function,
    },
    /// Dropped for good, or to be created again with another result type or kind.
    Drop {
        f: Function,
    },
    Comment {
        f: Function,
        from: Option<String>,
    },
}

impl Change {
    /// The function it is about, as the diff groups changes by object.
    pub fn object(&self) -> String {
        let f = match self {
            Change::Create { f } | Change::Drop { f } | Change::Comment { f, .. } => f,
            Change::Replace { to, .. } => to,
        };
        format!("function {}", f.signature())
    }
}

/// The operations on functions, rendered by [`render`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "function_op", rename_all = "snake_case")]
pub enum Op {
    /// `CREATE OR REPLACE` from the full definition.
    Create {
        f: Function,
    },
    Drop {
        f: Function,
    },
    Comment {
        f: Function,
        comment: Option<String>,
    },
}

/// The changes that turn `from`'s functions into `to`'s. Signatures of functions dropped
/// (for good or to be created again) go into `recreated`, so that the views using them,
/// and their privileges, follow.
pub fn diff(from: &Schema, to: &Schema, out: &mut Vec<crate::diff::Change>, recreated: &mut BTreeSet<String>) {
    let mut push = |c: Change| out.push(crate::diff::Change::Function(c));
    let dropped = dropped_with_callers(from, to);
    for (sig, f) in &to.functions {
        match from.functions.get(sig) {
            None => push(Change::Create { f: f.clone() }),
            Some(old) if dropped.contains(sig) => {
                recreated.insert(sig.clone());
                push(Change::Drop { f: old.clone() });
                push(Change::Create { f: f.clone() });
            }
            Some(old) if old.definition != f.definition => push(Change::Replace { from: old.clone(), to: f.clone() }),
            Some(old) if old.comment != f.comment => push(Change::Comment { f: f.clone(), from: old.comment.clone() }),
            Some(_) => {}
        }
    }
    for (sig, f) in &from.functions {
        if !to.functions.contains_key(sig) {
            recreated.insert(sig.clone());
            push(Change::Drop { f: f.clone() });
        }
    }
}

/// The signatures of `from`'s functions that are dropped: those `to` lacks, those whose
/// result or kind changes (CREATE OR REPLACE cannot), and, since PostgreSQL refuses to drop
/// a routine a SQL-standard body calls, every function whose body calls one of those, to
/// be created again after it.
fn dropped_with_callers(from: &Schema, to: &Schema) -> BTreeSet<String> {
    let mut dropped: BTreeSet<String> = from
        .functions
        .iter()
        .filter(|(sig, old)| match to.functions.get(*sig) {
            None => true,
            Some(f) => old.result != f.result || old.kind != f.kind,
        })
        .map(|(sig, _)| sig.clone())
        .collect();
    loop {
        let callers: Vec<String> = from
            .functions
            .iter()
            .filter(|(sig, f)| !dropped.contains(*sig) && f.calls.iter().any(|c| dropped.contains(c)))
            .map(|(sig, _)| sig.clone())
            .collect();
        if callers.is_empty() {
            return dropped;
        }
        dropped.extend(callers);
    }
}

/// Where a change's steps go among the other kinds' (creations after sequences, before
/// tables that may use them in defaults).
pub fn rank(c: &Change) -> u8 {
    match c {
        // A SQL-standard body names tables and views that must exist when it is created.
        Change::Create { f } if f.sql_body => 10,
        Change::Create { .. } => 5,
        Change::Replace { .. } | Change::Drop { .. } | Change::Comment { .. } => 13,
    }
}

fn with_comment(f: &Function) -> Vec<Op> {
    let mut ops = vec![Op::Create { f: f.clone() }];
    if f.comment.is_some() {
        ops.push(Op::Comment { f: f.clone(), comment: f.comment.clone() });
    }
    ops
}

fn wrap(ops: Vec<Op>) -> Vec<crate::plan::Op> {
    ops.into_iter().map(crate::plan::Op::Function).collect()
}

/// An object whose expression calls a routine: what it is (for messages), the key of its
/// drop, and whether `to` keeps it as it is.
struct ExpressionUser {
    what: String,
    gone: Option<Key>,
    stays: bool,
}

/// The objects of `from` whose expressions call routine `name` (as the catalog prints it:
/// schema-qualified): column defaults and generated columns, checks, index keys and
/// predicates, policies, trigger conditions. Views are not among them (they are created
/// again around the routine).
fn expression_users(from: &Schema, to: &Schema, name: &QualName) -> Vec<ExpressionUser> {
    let call = format!("{}(", qual(name));
    let calls = |e: &Option<String>| e.as_deref().is_some_and(|e| e.contains(&call));
    let mut out = Vec::new();
    for (q, t) in &from.tables {
        let kept = to.tables.get(q);
        for c in t.columns.iter().filter(|c| calls(&c.default) || calls(&c.generated)) {
            let same = kept
                .and_then(|k| k.column(&c.name))
                .is_some_and(|k| k.default == c.default && k.generated == c.generated);
            let what = if c.generated.is_some() { "generated column" } else { "default of" };
            out.push(ExpressionUser { what: format!("{what} {q}.{}", c.name), gone: None, stays: same });
        }
        for c in &t.constraints {
            if let crate::model::ConstraintKind::Check { expr } = &c.kind {
                if expr.contains(&call) {
                    let same = kept.and_then(|k| k.constraint(&c.name)).is_some_and(|k| k == c);
                    out.push(ExpressionUser {
                        what: format!("check {} on {q}", c.name),
                        gone: Some(Key::Constraint(q.clone(), c.name.clone()).gone()),
                        stays: same,
                    });
                }
            }
        }
    }
    for (k, ix) in &from.indexes {
        let in_key = ix.keys.iter().any(|key| matches!(&key.expr, crate::model::KeyExpr::Expr(e) if e.contains(&call)));
        if in_key || calls(&ix.predicate) {
            out.push(ExpressionUser {
                what: format!("index {}", ix.name),
                gone: Some(Key::Index(ix.name.clone()).gone()),
                stays: to.indexes.get(k) == Some(ix),
            });
        }
    }
    for (k, p) in &from.policies {
        if calls(&p.using) || calls(&p.check) {
            out.push(ExpressionUser {
                what: format!("policy {} on {}", p.name, p.table),
                gone: Some(Key::Policy(p.table.clone(), p.name.clone()).gone()),
                stays: to.policies.get(k) == Some(p),
            });
        }
    }
    for (k, t) in &from.triggers {
        if t.definition.contains(&call) {
            out.push(ExpressionUser {
                what: format!("trigger {} on {}", t.name, t.table),
                gone: Some(Key::Trigger(t.table.clone(), t.name.clone()).gone()),
                stays: to.triggers.get(k).is_some_and(|n| n.definition == t.definition),
            });
        }
    }
    out
}

/// The steps of one change; `from` and `to` are the schemas before and after. A routine
/// that must be dropped while expressions that stay call it (PostgreSQL refuses) is refused
/// with the reason.
pub fn plan(change: Change, from: &Schema, to: &Schema, steps: &mut Vec<Step>) -> Result<(), PlanError> {
    if let Change::Drop { f } = &change {
        let users = expression_users(from, to, &f.name);
        let staying: Vec<&str> = users.iter().filter(|u| u.stays).map(|u| u.what.as_str()).collect();
        if !staying.is_empty() {
            let why = if to.functions.values().any(|n| n.renamed_parameters_of(f)) {
                "its parameters are renamed, which takes dropping it and creating it again"
            } else if to.functions.contains_key(&f.signature()) {
                "its result or kind changes, which takes dropping it and creating it again"
            } else {
                "the target no longer has it"
            };
            return Err(PlanError::Unsupported(format!(
                "{} {} cannot be dropped ({why}) while these call it and stay: {}; PostgreSQL refuses to drop it under \
                 them. Keep its parameter names and result type, or change those objects first, in a migration of \
                 their own",
                keyword(f).to_lowercase(),
                f.signature(),
                staying.join(", ")
            )));
        }
    }
    let step = match change {
        Change::Create { f } => {
            let sig = f.signature();
            // The same routine with its parameters renamed goes first.
            let renamed: Vec<Key> = from
                .functions
                .values()
                .filter(|old| f.renamed_parameters_of(old) && !to.functions.contains_key(&old.signature()))
                .map(|old| Key::Function(old.signature()).gone())
                .collect();
            // Created again (with another result type, or renamed parameters): in the
            // switch, after its drop.
            let again = from.functions.contains_key(&sig) || !renamed.is_empty();
            Step::new(
                if again { PhaseKind::Switch } else { PhaseKind::Expand },
                format!("create function {sig}"),
                wrap(with_comment(&f)),
                wrap(vec![Op::Drop { f: f.clone() }]),
                Locks::none(),
            )
            .provides([Key::Function(sig.clone()), Key::FunctionName(f.name.clone())])
            .requires([Key::Schema(f.name.schema.clone()), Key::Function(sig).gone()])
            .requires(renamed)
            // What its SQL-standard body calls exists first.
            .requires(f.calls.iter().map(|c| Key::Function(c.clone())))
        }
        Change::Replace { from: old, to: f } => Step::new(
            PhaseKind::Switch,
            format!("replace function {}", f.signature()),
            wrap(with_comment(&f)),
            wrap(with_comment(&old)),
            Locks::none(),
        )
        .provides([Key::Function(f.signature()), Key::FunctionName(f.name.clone())]),
        Change::Drop { f } => {
            let again = to.functions.contains_key(&f.signature())
                || to.functions.values().any(|new| new.renamed_parameters_of(&f));
            Step::new(
                if again { PhaseKind::Switch } else { PhaseKind::Contract },
                format!("drop function {}", f.signature()),
                wrap(vec![Op::Drop { f: f.clone() }]),
                wrap(with_comment(&f)),
                Locks::none(),
            )
            .provides([Key::Function(f.signature()).gone()])
            .requires(drop_requirements(from, to, &f))
        }
        Change::Comment { f, from: old } => Step::new(
            PhaseKind::Expand,
            format!("comment on function {}", f.signature()),
            wrap(vec![Op::Comment { f: f.clone(), comment: f.comment.clone() }]),
            wrap(vec![Op::Comment { f: f.clone(), comment: old }]),
            Locks::none(),
        )
        .requires([Key::Function(f.signature())]),
    };
    steps.push(step);
    Ok(())
}

/// What must be gone before `f` is dropped: the views that use it, the triggers that call
/// it, the aggregates built on it, the functions whose bodies call it, and the objects
/// whose expressions call it.
fn drop_requirements(from: &Schema, to: &Schema, f: &Function) -> Vec<Key> {
    let sig = f.signature();
    let mut req: Vec<Key> = from
        .view_deps
        .iter()
        .filter(|(_, deps)| deps.contains(&ObjRef::Function(sig.clone())))
        .map(|(v, _)| Key::View(v.clone()).gone())
        .collect();
    req.extend(super::aggregate::using_function(from, &f.name));
    req.extend(super::rule::reading(from, |d| *d == ObjRef::Function(sig.clone())));
    req.extend(super::event_trigger::calling(from, &sig));
    // The functions whose SQL-standard bodies call it.
    req.extend(from.functions.values().filter(|g| g.calls.contains(&sig)).map(|g| Key::Function(g.signature()).gone()));
    req.extend(expression_users(from, to, &f.name).into_iter().filter_map(|u| u.gone));
    for t in from.triggers.values() {
        if crate::kinds::trigger::plan::called_function(t) == &f.name {
            req.push(Key::Trigger(t.table.clone(), t.name.clone()).gone());
        }
    }
    req
}

/// The keyword that names a routine of this kind in DDL.
fn keyword(f: &Function) -> &'static str {
    match f.kind {
        RoutineKind::Procedure => "PROCEDURE",
        RoutineKind::Aggregate => "AGGREGATE",
        RoutineKind::Function | RoutineKind::Window => "FUNCTION",
    }
}

/// `schema.name(args)`.
fn signature(f: &Function) -> String {
    format!("{}({})", qual(&f.name), f.identity_args)
}

pub fn render(op: &Op) -> Vec<Statement> {
    let tx = Statement::tx;
    match op {
        Op::Create { f } => vec![
            // Bodies may name objects created later in the same run.
            tx("SET check_function_bodies = off".to_string()),
            tx(f.definition.trim_end().trim_end_matches(';').to_string()),
        ],
        Op::Drop { f } => vec![tx(format!("DROP {} IF EXISTS {}", keyword(f), signature(f)))],
        Op::Comment { f, comment } => vec![tx(format!(
            "COMMENT ON {} {} IS {}",
            keyword(f),
            signature(f),
            comment.as_deref().map_or_else(|| "NULL".to_string(), literal)
        ))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QualName;

    fn func(name: &str, result: &str, body: &str) -> Function {
        Function {
            name: QualName::new("app", name),
            identity_args: "x integer".into(),
            arg_types: "integer".into(),
            sql_body: false,
            calls: Vec::new(),
            kind: RoutineKind::Function,
            definition: format!("CREATE OR REPLACE FUNCTION app.{name}(x integer) RETURNS {result} AS $$ {body} $$"),
            result: result.into(),
            comment: None,
        }
    }

    #[test]
    fn callers_of_a_dropped_function_are_dropped_and_created_again_after_it() {
        let (one, two, four, other) = (
            func("one", "integer", "1"),
            func("two", "integer", "2"),
            func("four", "integer", "4"),
            func("x", "integer", "0"),
        );
        let with_calls = |f: &Function, calls: &[&Function]| Function {
            sql_body: true,
            calls: calls.iter().map(|c| c.signature()).collect(),
            ..f.clone()
        };
        let mut from = Schema::default();
        for f in [one.clone(), with_calls(&two, &[&one]), with_calls(&four, &[&two]), other.clone()] {
            from.functions.insert(f.signature(), f);
        }
        // `one` changes its result type: dropped, and with it `two`, then `four`.
        let mut to = from.clone();
        to.functions.insert(one.signature(), func("one", "bigint", "1"));
        let dropped = dropped_with_callers(&from, &to);
        let expected: BTreeSet<String> = [&one, &two, &four].iter().map(|f| f.signature()).collect();
        assert_eq!(dropped, expected);
        // Creating `four` again waits for `two`; dropping `two` waits for `four`'s drop.
        let mut steps = Vec::new();
        plan(Change::Drop { f: with_calls(&two, &[&one]) }, &from, &to, &mut steps).unwrap();
        plan(Change::Create { f: with_calls(&four, &[&two]) }, &from, &to, &mut steps).unwrap();
        assert!(steps[0].requires.contains(&Key::Function(four.signature()).gone()));
        assert!(steps[1].requires.contains(&Key::Function(two.signature())));
    }

    #[test]
    fn replaced_in_place_unless_the_result_changes() {
        let (a, b) = (func("a", "integer", "SELECT 1"), func("b", "integer", "SELECT 1"));
        let mut from = Schema::default();
        let mut to = Schema::default();
        for f in [&a, &b] {
            from.functions.insert(f.signature(), f.clone());
        }
        let a2 = func("a", "integer", "SELECT 2");
        let b2 = func("b", "bigint", "SELECT 1");
        for f in [&a2, &b2] {
            to.functions.insert(f.signature(), f.clone());
        }
        let (mut out, mut recreated) = (Vec::new(), BTreeSet::new());
        diff(&from, &to, &mut out, &mut recreated);
        let kinds: Vec<String> = out
            .iter()
            .map(|c| match c {
                crate::diff::Change::Function(Change::Replace { to, .. }) => format!("replace {}", to.name.name),
                crate::diff::Change::Function(Change::Drop { f }) => format!("drop {}", f.name.name),
                crate::diff::Change::Function(Change::Create { f }) => format!("create {}", f.name.name),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(kinds, ["replace a", "drop b", "create b"]);
        assert_eq!(recreated.into_iter().collect::<Vec<_>>(), ["app.b(x integer)"]);
    }

    #[test]
    fn rendering() {
        let mut p = func("p", "", "");
        p.kind = RoutineKind::Procedure;
        assert_eq!(render(&Op::Drop { f: p.clone() })[0].sql, "DROP PROCEDURE IF EXISTS app.p(x integer)");
        assert_eq!(
            render(&Op::Comment { f: p, comment: Some("resets".into()) })[0].sql,
            "COMMENT ON PROCEDURE app.p(x integer) IS 'resets'"
        );
    }

    #[test]
    fn a_renamed_parameter_drops_the_function_before_creating_it() {
        let mut from = Schema::default();
        let old = func("f", "integer", "SELECT x");
        from.functions.insert(old.signature(), old.clone());
        let mut to = Schema::default();
        let new = Function { identity_args: "y integer".into(), ..func("f", "integer", "SELECT y") };
        to.functions.insert(new.signature(), new.clone());
        assert!(new.renamed_parameters_of(&old));
        let mut changes = Vec::new();
        diff(&from, &to, &mut changes, &mut BTreeSet::new());
        let mut steps = Vec::new();
        for c in changes.into_iter().filter_map(|c| match c {
            crate::diff::Change::Function(c) => Some(c),
            _ => None,
        }) {
            plan(c, &from, &to, &mut steps).unwrap();
        }
        let create = steps.iter().find(|s| s.description.starts_with("create")).unwrap();
        assert_eq!(create.kind, PhaseKind::Switch);
        assert!(create.requires.contains(&Key::Function(old.signature()).gone()), "{:?}", create.requires);
        let drop = steps.iter().find(|s| s.description.starts_with("drop")).unwrap();
        assert_eq!(drop.kind, PhaseKind::Switch);
    }
}
