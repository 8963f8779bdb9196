//! Rendering: Privileges and default privileges.

use crate::model::OwnerRevoked;
use crate::plan::PrivilegeOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &PrivilegeOp) -> Vec<Statement> {
    match op {
        PrivilegeOp::Grant { g } => vec![Statement::tx(format!(
            "GRANT {} ON {} TO {}{}",
            privilege(g),
            grant_target(&g.on),
            g.grantee,
            if g.grantable { " WITH GRANT OPTION" } else { "" }
        ))],
        PrivilegeOp::Revoke { g } => {
            vec![Statement::tx(format!("REVOKE {} ON {} FROM {}", privilege(g), grant_target(&g.on), g.grantee))]
        }
        PrivilegeOp::DefaultPrivilege { g, grant } => vec![Statement::tx(default_privileges(g, *grant))],
        PrivilegeOp::Owner { r, grant } => vec![owner(r, *grant)],
    }
}

/// GRANT or REVOKE to the object's owner, whoever owns it where the script runs: a `DO`
/// block that reads the owner from the catalog.
fn owner(r: &OwnerRevoked, grant: bool) -> Statement {
    let head = if grant {
        format!("GRANT {} ON {} TO ", r.privilege, grant_target(&r.on))
    } else {
        format!("REVOKE {} ON {} FROM ", r.privilege, grant_target(&r.on))
    };
    let owner = match &r.on {
        GrantOn::Table { name } | GrantOn::Column { table: name, .. } | GrantOn::Sequence { name } => {
            format!("SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = {}", regclass(name))
        }
        GrantOn::Schema { name } => {
            format!("SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = {}", literal(name))
        }
        GrantOn::Type { name } => {
            format!("SELECT t.typowner FROM pg_catalog.pg_type t WHERE t.oid = {}", regtype(name))
        }
        GrantOn::Routine { name, identity_args, .. } => format!(
            "SELECT p.proowner FROM pg_catalog.pg_proc p WHERE p.pronamespace = {}::pg_catalog.regnamespace \
             AND p.proname = {} AND pg_catalog.pg_get_function_identity_arguments(p.oid) = {}",
            literal(&ident(&name.schema)),
            literal(&name.name),
            literal(identity_args)
        ),
    };
    let body = format!(
        "\nBEGIN\n  EXECUTE {} || pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(({owner})));\nEND\n",
        literal(&head)
    );
    Statement::tx(format!("DO {}", dollar(&body)))
}

pub(crate) fn grant_target(on: &GrantOn) -> String {
    match on {
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
