//! Privileges and default privileges (whole-schema diffs).

use crate::model::{DefaultGrant, Grant, GrantOn, OwnerRevoked, RoutineKind, Schema};
use crate::plan::lock::Locks;
use crate::plan::PrivilegeOp;
use crate::plan::{Key, Op, PhaseKind, Step};

/// The key of the object a grant is on, so that the grant waits for its creation.
fn object_key(g: &Grant) -> Key {
    key_of(&g.on)
}

fn key_of(on: &GrantOn) -> Key {
    match on {
        GrantOn::Schema { name } => Key::Schema(name.clone()),
        GrantOn::Routine { .. } => Key::Function(on.signature().unwrap_or_default()),
        GrantOn::Sequence { name } => Key::Sequence(name.clone()),
        GrantOn::Type { name } => Key::Type(name.clone()),
        GrantOn::Table { name } | GrantOn::Column { table: name, .. } => Key::Table(name.clone()),
    }
}

fn describe(g: &Grant, to: &str) -> String {
    format!("{} on {} {to} {}", g.privilege, g.on, g.grantee)
}

/// The grantee's privileges on the object a REVOKE on `g`'s object resets.
fn acl(g: &Grant) -> Key {
    Key::Acl(g.on.acl_object(), g.grantee.clone())
}

pub fn grant(g: Grant, steps: &mut Vec<Step>) {
    let key = object_key(&g);
    let view_key = match &key {
        Key::Table(q) => Some(Key::View(q.clone())),
        _ => None,
    };
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("grant {}", describe(&g, "to")),
            vec![Op::Privilege(PrivilegeOp::Grant { g: g.clone() })],
            vec![Op::Privilege(PrivilegeOp::Revoke { g: g.clone() })],
            Locks::none(),
        )
        .requires(std::iter::once(key).chain(view_key))
        // A revoke from the same role on the same object (REVOKE on a table also takes
        // the role's column privileges) goes first; others' revokes wait for the grants
        // (a role granted EXECUTE keeps it while PUBLIC's is taken away).
        .requires([acl(&g).gone()]),
    );
}

pub fn revoke(g: Grant, steps: &mut Vec<Step>) {
    let acl = acl(&g).gone();
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("revoke {}", describe(&g, "from")),
            vec![Op::Privilege(PrivilegeOp::Revoke { g: g.clone() })],
            vec![Op::Privilege(PrivilegeOp::Grant { g })],
            Locks::none(),
        )
        .provides([acl]),
    );
}

/// A privilege the object's creation gave and the target does not have: revoked in the
/// phase that creates the object (in its transaction), so that nobody may use it between.
pub fn revoke_default(g: Grant, steps: &mut Vec<Step>) {
    let key = object_key(&g);
    // Part of the step that creates the object, when it is planned already (its rollback
    // drops the object, privileges and all). A type created again (an enum that loses a
    // value) is planned after privileges: then a step of its own that waits for it.
    if let Some(create) = steps.iter_mut().find(|s| s.provides.contains(&key)) {
        create.ops.push(Op::Privilege(PrivilegeOp::Revoke { g }));
        return;
    }
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("revoke {} (given on creation)", describe(&g, "from")),
            vec![Op::Privilege(PrivilegeOp::Revoke { g: g.clone() })],
            vec![Op::Privilege(PrivilegeOp::Grant { g: g.clone() })],
            Locks::none(),
        )
        .requires([key])
        .provides([acl(&g).gone()]),
    );
}

/// A privilege given back to an object's owner (`grant`), in the expand phase like other
/// grants, or revoked from it, in the switch phase like other revokes.
pub fn owner(r: OwnerRevoked, grant: bool, steps: &mut Vec<Step>) {
    let (phase, verb) = if grant { (PhaseKind::Expand, "grant") } else { (PhaseKind::Switch, "revoke") };
    let key = key_of(&r.on);
    let view_key = match &key {
        Key::Table(q) => Some(Key::View(q.clone())),
        _ => None,
    };
    steps.push(
        Step::new(
            phase,
            format!("{verb} {} on {} {} its owner", r.privilege, r.on, if grant { "to" } else { "from" }),
            vec![Op::Privilege(PrivilegeOp::Owner { r: r.clone(), grant })],
            vec![Op::Privilege(PrivilegeOp::Owner { r, grant: !grant })],
            Locks::none(),
        )
        .requires(std::iter::once(key).chain(view_key)),
    );
}

pub fn default_privilege(g: DefaultGrant, grant: bool, steps: &mut Vec<Step>) {
    let (verb, to) = if grant { ("grant", "to") } else { ("revoke", "from") };
    let mut requires = Vec::new();
    if let Some(s) = &g.schema {
        requires.push(Key::Schema(s.clone()));
    }
    steps.push(
        Step::new(
            if grant { PhaseKind::Expand } else { PhaseKind::Switch },
            format!(
                "default privileges of {}: {verb} {} on {} {to} {}",
                g.role,
                g.privilege,
                g.objects.to_lowercase(),
                g.grantee
            ),
            vec![Op::Privilege(PrivilegeOp::DefaultPrivilege { g: g.clone(), grant })],
            vec![Op::Privilege(PrivilegeOp::DefaultPrivilege { g, grant: !grant })],
            Locks::none(),
        )
        .requires(requires),
    );
}

/// The object a rollback operation creates afresh, as privileges name it (a relation, a
/// routine, a type), with what PostgreSQL gives PUBLIC on it when it is created.
fn created_by(op: &Op) -> Option<(GrantOn, Option<&'static str>)> {
    use crate::plan::{SequenceOp, TypeOp, ViewOp};
    let routine = |f: &crate::model::Function| GrantOn::Routine {
        name: f.name.clone(),
        kind: if f.kind == RoutineKind::Procedure { RoutineKind::Procedure } else { RoutineKind::Function },
        identity_args: f.identity_args.clone(),
        grant_args: f.identity_args.clone(),
    };
    Some(match op {
        Op::Function(crate::kinds::function::Op::Create { f }) => (routine(f), Some("EXECUTE")),
        Op::Type(TypeOp::CreateEnum { e }) => (GrantOn::Type { name: e.name.clone() }, Some("USAGE")),
        Op::Type(TypeOp::CreateDomain { d }) => (GrantOn::Type { name: d.name.clone() }, Some("USAGE")),
        Op::Type(TypeOp::CreateComposite { c }) => (GrantOn::Type { name: c.name.clone() }, Some("USAGE")),
        Op::View(ViewOp::CreateView { view }) => (GrantOn::Table { name: view.name.clone() }, None),
        Op::Sequence(SequenceOp::CreateSequence { s }) => (GrantOn::Sequence { name: s.name.clone() }, None),
        _ => return None,
    })
}

/// A rollback that creates an object again (a function, type or view the step dropped or
/// replaced by another) gives it back the privileges `from` had on it, and takes away what
/// its creation gave PUBLIC where `from` did not have it, and what its owner had revoked
/// from itself: the starting schema, grants and all.
pub fn restore_on_rollback(step: &mut Step, from: &Schema) {
    let mut extra = Vec::new();
    for op in &step.rollback {
        let Some((object, public_default)) = created_by(op) else { continue };
        let same = |on: &GrantOn| match (on.acl_object(), &object) {
            (a @ GrantOn::Routine { .. }, b @ GrantOn::Routine { .. }) => a.signature() == b.signature(),
            (a, b) => &a == b,
        };
        let had: Vec<&Grant> = from.grants.iter().filter(|g| same(&g.on)).collect();
        if let Some(privilege) = public_default {
            let default = had.iter().any(|g| g.grantee == "PUBLIC" && g.privilege == privilege);
            if !default {
                let g = Grant {
                    on: object.clone(),
                    grantee: "PUBLIC".into(),
                    privilege: privilege.into(),
                    grantable: false,
                };
                extra.push(Op::Privilege(PrivilegeOp::Revoke { g }));
            }
        }
        extra.extend(had.into_iter().map(|g| Op::Privilege(PrivilegeOp::Grant { g: g.clone() })));
        // And what its owner had revoked from itself.
        let revoked = from.owner_revoked.iter().filter(|r| same(&r.on));
        extra.extend(revoked.map(|r| Op::Privilege(PrivilegeOp::Owner { r: r.clone(), grant: false })));
    }
    step.rollback.extend(extra);
}
