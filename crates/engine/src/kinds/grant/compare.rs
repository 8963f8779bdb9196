//! Privileges and default privileges compared: objects that are created again lose
//! theirs, so they are granted again.

use crate::diff::compare::Remade;
use crate::diff::Change;
use crate::model::{GrantOn, RoutineKind, Schema};

pub(crate) fn privileges(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    // Objects created again lose their privileges: grant them all again.
    let remade_object = |on: &GrantOn| match on {
        GrantOn::Table { name } | GrantOn::Column { table: name, .. } => remade.relation(name),
        GrantOn::Routine { .. } => on.signature().is_some_and(|s| remade.functions.contains(&s)),
        _ => false,
    };
    for g in &to.grants {
        if !from.grants.contains(g) || remade_object(&g.on) {
            out.push(Change::Grant { g: g.clone() });
        }
    }
    for g in &from.grants {
        if !to.grants.contains(g) && object_survives(to, &g.on) && !remade_object(&g.on) {
            out.push(Change::Revoke { g: g.clone() });
        }
    }
    for g in to.default_grants.difference(&from.default_grants) {
        out.push(Change::DefaultGrant { g: g.clone() });
    }
    for g in from.default_grants.difference(&to.default_grants) {
        out.push(Change::DefaultRevoke { g: g.clone() });
    }
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
        GrantOn::Type { name } => {
            to.enums.contains_key(name) || to.domains.contains_key(name) || to.composites.contains_key(name)
        }
        GrantOn::Table { name } | GrantOn::Column { table: name, .. } => to.has_relation(name),
    }
}
