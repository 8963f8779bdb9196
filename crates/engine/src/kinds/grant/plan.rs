//! Privileges and default privileges (whole-schema diffs).

use crate::model::{DefaultGrant, Grant, GrantOn};
use crate::plan::lock::Locks;
use crate::plan::PrivilegeOp;
use crate::plan::{Key, Op, PhaseKind, Step};

/// The key of the object a grant is on, so that the grant waits for its creation.
fn object_key(g: &Grant) -> Key {
    match &g.on {
        GrantOn::Schema { name } => Key::Schema(name.clone()),
        GrantOn::Routine { .. } => Key::Function(g.on.signature().unwrap_or_default()),
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

pub fn default_privilege(g: DefaultGrant, grant: bool, steps: &mut Vec<Step>) {
    let verb = if grant { "grant" } else { "revoke" };
    let mut requires = Vec::new();
    if let Some(s) = &g.schema {
        requires.push(Key::Schema(s.clone()));
    }
    steps.push(
        Step::new(
            if grant { PhaseKind::Expand } else { PhaseKind::Switch },
            format!(
                "default privileges of {}: {verb} {} on {} to {}",
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
