//! Privileges and default privileges compared: objects that are created again lose
//! theirs, so they are granted again.

use crate::diff::compare::Remade;
use crate::diff::Change;
use crate::model::{DefaultGrant, Grant, GrantOn, RoutineKind, Schema};
use std::collections::BTreeSet;

pub(crate) fn privileges(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    // Objects created again lose their privileges: grant them all again.
    let remade_object = |on: &GrantOn| match on {
        GrantOn::Table { name } | GrantOn::Column { table: name, .. } => remade.relation(name),
        GrantOn::Routine { .. } => on.signature().is_some_and(|s| remade.functions.contains(&s)),
        GrantOn::Type { name } => remade.types.contains(name),
        _ => false,
    };
    // What PostgreSQL grants an object it creates: revoked at once where the target does
    // not have it (a SECURITY DEFINER function that only some roles may run), and not
    // granted again where it does.
    let created = creation_defaults(from, to, remade);
    for g in &created {
        if !to.grants.contains(g) {
            out.push(Change::RevokeDefault { g: g.clone() });
        }
    }
    for g in &to.grants {
        if (!from.grants.contains(g) || remade_object(&g.on)) && !created.contains(g) {
            out.push(Change::Grant { g: g.clone() });
        }
    }
    for g in &from.grants {
        if !to.grants.contains(g) && object_survives(to, &g.on) && !remade_object(&g.on) {
            out.push(Change::Revoke { g: g.clone() });
        }
    }
    // Owners hold every privilege on what they own, a new or remade object's too, until
    // they revoke some from themselves.
    for r in &to.owner_revoked {
        if !from.owner_revoked.contains(r) || remade_object(&r.on) {
            out.push(Change::OwnerRevoke { r: r.clone() });
        }
    }
    for r in &from.owner_revoked {
        if !to.owner_revoked.contains(r) && object_survives(to, &r.on) && !remade_object(&r.on) {
            out.push(Change::OwnerGrant { r: r.clone() });
        }
    }
    let (had, wanted) = with_builtin_defaults(&from.default_grants, &to.default_grants);
    for g in wanted.difference(&had) {
        out.push(Change::DefaultGrant { g: g.clone() });
    }
    for g in had.difference(&wanted) {
        out.push(Change::DefaultRevoke { g: g.clone() });
    }
}

/// Default privileges of both sides, each role's database-wide ones whole: an entry for a
/// role and kind of object not in any schema replaces PostgreSQL's built-in defaults
/// (which it stands for when there is none), so where one side has one and the other not,
/// the other gets the built-in ones (see `acldefault`) to be compared with.
fn with_builtin_defaults(
    from: &BTreeSet<DefaultGrant>,
    to: &BTreeSet<DefaultGrant>,
) -> (BTreeSet<DefaultGrant>, BTreeSet<DefaultGrant>) {
    let global = |s: &BTreeSet<DefaultGrant>| -> BTreeSet<(String, String)> {
        s.iter().filter(|g| g.schema.is_none()).map(|g| (g.role.clone(), g.objects.clone())).collect()
    };
    let (in_from, in_to) = (global(from), global(to));
    let complete =
        |s: &BTreeSet<DefaultGrant>, other: &BTreeSet<(String, String)>, own: &BTreeSet<(String, String)>| {
            let mut s = s.clone();
            for (role, objects) in other.difference(own) {
                s.extend(builtin_defaults(role, objects));
            }
            s
        };
    (complete(from, &in_to, &in_from), complete(to, &in_from, &in_to))
}

/// PostgreSQL's built-in default privileges of `role`'s new objects of a kind (`TABLES`,
/// ...): all of the kind's privileges to the owner, and EXECUTE on functions and USAGE on
/// types to PUBLIC.
pub(crate) fn builtin_defaults(role: &str, objects: &str) -> Vec<DefaultGrant> {
    let (owner, public): (&[&str], &[&str]) = match objects {
        "TABLES" => (&["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"], &[]),
        "SEQUENCES" => (&["USAGE", "SELECT", "UPDATE"], &[]),
        "FUNCTIONS" => (&["EXECUTE"], &["EXECUTE"]),
        "TYPES" => (&["USAGE"], &["USAGE"]),
        "SCHEMAS" => (&["USAGE", "CREATE"], &[]),
        _ => (&[], &[]),
    };
    let grant = |grantee: &str, privilege: &&str| DefaultGrant {
        role: role.to_string(),
        schema: None,
        objects: objects.to_string(),
        grantee: grantee.to_string(),
        privilege: privilege.to_string(),
        grantable: false,
    };
    owner.iter().map(|p| grant(role, p)).chain(public.iter().map(|p| grant("PUBLIC", p))).collect()
}

/// Whether the object a grant is on still exists in `to` (revoking on a dropped object is
/// pointless and would fail).
pub(crate) fn object_survives(to: &Schema, on: &GrantOn) -> bool {
    match on {
        GrantOn::Schema { name } => to.schemas.contains(name),
        GrantOn::Routine { kind: RoutineKind::Aggregate, .. } => {
            on.signature().is_some_and(|s| to.aggregates.contains_key(&s))
        }
        GrantOn::Routine { .. } => on.signature().is_some_and(|s| to.functions.contains_key(&s)),
        GrantOn::Sequence { name } => to.sequences.contains_key(name),
        GrantOn::Type { name } => to.has_type(name),
        GrantOn::Table { name } | GrantOn::Column { table: name, .. } => to.has_relation(name),
    }
}

/// The privileges PostgreSQL gives PUBLIC on the routines and types of `to` that the diff
/// creates (new, or created again): EXECUTE on functions and procedures, USAGE on types.
/// (Default privileges a role set with ALTER DEFAULT PRIVILEGES are not known here.)
fn creation_defaults(from: &Schema, to: &Schema, remade: &Remade) -> BTreeSet<Grant> {
    let public = |on: GrantOn, privilege: &str| Grant {
        on,
        grantee: "PUBLIC".into(),
        privilege: privilege.into(),
        grantable: false,
    };
    let mut out = BTreeSet::new();
    for (sig, f) in &to.functions {
        if from.functions.contains_key(sig) && !remade.functions.contains(sig) {
            continue;
        }
        let kind = if f.kind == RoutineKind::Procedure { RoutineKind::Procedure } else { RoutineKind::Function };
        let on = GrantOn::Routine {
            name: f.name.clone(),
            kind,
            identity_args: f.identity_args.clone(),
            grant_args: f.identity_args.clone(),
        };
        out.insert(public(on, "EXECUTE"));
    }
    let types = to.enums.keys().chain(to.domains.keys()).chain(to.composites.keys()).chain(to.ranges.keys());
    for name in types {
        let existed = from.has_type(name);
        if !existed || remade.types.contains(name) {
            out.insert(public(GrantOn::Type { name: name.clone() }, "USAGE"));
        }
    }
    out
}
