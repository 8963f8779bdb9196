//! Rendering: Privileges and default privileges.

use crate::plan::PrivilegeOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &PrivilegeOp) -> Vec<Statement> {
    match op {
        PrivilegeOp::Grant { g } => vec![Statement::tx(format!(
            "GRANT {} ON {} TO {}{}",
            privilege(g),
            grant_target(g),
            g.grantee,
            if g.grantable { " WITH GRANT OPTION" } else { "" }
        ))],
        PrivilegeOp::Revoke { g } => {
            vec![Statement::tx(format!("REVOKE {} ON {} FROM {}", privilege(g), grant_target(g), g.grantee))]
        }
        PrivilegeOp::DefaultPrivilege { g, grant } => vec![Statement::tx(default_privileges(g, *grant))],
    }
}

pub(crate) fn grant_target(g: &Grant) -> String {
    match &g.on {
        GrantOn::Table { name } | GrantOn::Column { table: name, .. } => format!("TABLE {}", qual(name)),
        GrantOn::Sequence { name } => format!("SEQUENCE {}", qual(name)),
        GrantOn::Schema { name } => format!("SCHEMA {}", ident(name)),
        GrantOn::Type { name } => format!("TYPE {}", qual(name)),
        GrantOn::Routine { name, kind, grant_args, .. } => {
            let k = match kind {
                RoutineKind::Procedure => "PROCEDURE",
                RoutineKind::Function | RoutineKind::Window | RoutineKind::Aggregate => "FUNCTION",
            };
            format!("{k} {}({grant_args})", qual(name))
        }
    }
}

pub(crate) fn privilege(g: &Grant) -> String {
    match &g.on {
        GrantOn::Column { column, .. } => format!("{} ({})", g.privilege, ident(column)),
        _ => g.privilege.clone(),
    }
}

pub(crate) fn default_privileges(g: &DefaultGrant, grant: bool) -> String {
    let schema = g.schema.as_deref().map(|s| format!(" IN SCHEMA {}", ident(s))).unwrap_or_default();
    if grant {
        format!(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {}{schema} GRANT {} ON {} TO {}{}",
            g.role,
            g.privilege,
            g.objects,
            g.grantee,
            if g.grantable { " WITH GRANT OPTION" } else { "" }
        )
    } else {
        format!(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {}{schema} REVOKE {} ON {} FROM {}",
            g.role, g.privilege, g.objects, g.grantee
        )
    }
}
